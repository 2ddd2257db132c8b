#!/usr/bin/env bash
# Full-scan benchmark (issue targets: wall time ≤ 2× `rg -c` with the catalog's
# keywords over the same tree; peak RSS ≤ 300 MB).
#   bench/scan.sh [TREE_DIR]      (default /var/tmp/aibom-bench-tree; generated once)
# Needs: ripgrep and GNU time (apt-get install ripgrep time), python3.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=${1:-/var/tmp/aibom-bench-tree}
runs=${RUNS:-3}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/aibom-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/aibom"
if [ ! -d "$tree" ]; then
  python3 bench/gen_tree.py "$tree"
fi
kw=$(mktemp)
tfile=$(mktemp)
"$bin" catalog keywords > "$kw"
echo "tree: $tree ($(find "$tree" -type f | wc -l) files, $(du -sh "$tree" | cut -f1)); $(wc -l < "$kw") keywords"
# Warm the page cache so both tools read from memory.
cat $(find "$tree" -type f) > /dev/null

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # label, command...
  local label=$1; shift
  local times=() rss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$tfile" -f "%e %M" "$@" > /dev/null 2>/dev/null || true
    out=$(tail -1 "$tfile")
    times+=("${out% *}"); rss+=("${out#* }")
  done
  local t m
  t=$(printf '%s\n' "${times[@]}" | median)
  m=$(printf '%s\n' "${rss[@]}" | median)
  echo "$label: wall ${t}s (median of $runs), peak RSS $((m / 1024)) MB" >&2
  echo "$t $m"
}
read -r rg_t _ < <(measure "rg -c -F -f keywords" rg -c -F -f "$kw" "$tree")
read -r ab_t ab_m < <(measure "aibom scan" "$bin" scan "$tree" -o /dev/null)
python3 - "$ab_t" "$rg_t" "$ab_m" <<'PY'
import sys
ab, rg, rss = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print(f"aibom/rg ratio: {ab / rg:.2f}x (target <= 2x); aibom peak RSS {rss // 1024} MB (target <= 300 MB)")
PY
rm -f "$kw" "$tfile"
