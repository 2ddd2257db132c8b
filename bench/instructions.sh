#!/usr/bin/env bash
# Instruction counts of `aibom scan` over the languages bench's trees, for one or
# more builds side by side. Wall-clock rates on a shared 2-core machine swing by
# ±30% from run to run; callgrind's instruction count repeats for the same binary
# and input, so a change's cost per file shows to a fraction of a percent.
#   bench/instructions.sh BIN [BIN…]      (e.g. an old build's aibom, then this one)
# TREES=DIR keeps the generated trees (default /var/tmp/aibom-lang-trees).
# Needs valgrind (apt-get install valgrind). The scan runs on one thread
# (RAYON_NUM_THREADS=1) so that work-stealing cannot change the count.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: $0 BIN [BIN…]" >&2; exit 2; }
trees=${TREES:-/var/tmp/aibom-lang-trees}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/aibom-target}"
if [ ! -d "$trees/python-ai" ]; then
  AIBOM_BENCH_TREES="$trees" cargo bench --quiet --bench languages
fi
empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT

count() { # bin dir → instructions
  RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$1" scan "$2" -o /dev/null 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

printf '%-18s' tree
for b in "$@"; do printf ' %16s' "$(basename "$(dirname "$(dirname "$b")")")"; done
[ $# -ge 2 ] && printf ' %9s' "last/1st"
echo
# Start-up (catalog compile, BOM writing) is the same whatever the tree holds:
# it is measured on an empty tree and taken off, so the figures are the scan's.
declare -a base
i=0
for b in "$@"; do base[$i]=$(count "$b" "$empty"); i=$((i + 1)); done
printf '%-18s' "(start-up)"
for v in "${base[@]}"; do printf ' %16s' "$v"; done
echo
for d in "$trees"/*; do
  printf '%-18s' "$(basename "$d")"
  i=0; first=; last=
  for b in "$@"; do
    n=$(( $(count "$b" "$d") - ${base[$i]} ))
    printf ' %16s' "$n"
    [ -z "$first" ] && first=$n
    last=$n; i=$((i + 1))
  done
  [ $# -ge 2 ] && python3 -c "import sys; a,b=map(int,sys.argv[1:]); print(f' {100*(b-a)/a:+8.1f}%')" "$first" "$last" || echo
done
