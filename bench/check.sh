#!/usr/bin/env bash
# `aibom check` on a 20,000-file repository whose head changes 3 files (issue
# target: head side ≤ 5% of the base side, thanks to blob reuse).
#   bench/check.sh [REPO_DIR]   (default /var/tmp/aibom-bench-repo; built once)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=${1:-/var/tmp/aibom-bench-repo}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/aibom-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/aibom"
if [ ! -d "$repo/.git" ]; then
  python3 bench/gen_tree.py "$repo" --weight-mb 0
  git -C "$repo" init -q
  git -C "$repo" -c user.name=b -c user.email=b@example.com add -A
  git -C "$repo" -c user.name=b -c user.email=b@example.com commit -q -m base
  git -C "$repo" gc -q 2>/dev/null || true
  git -C "$repo" tag base
  # The change: one new AI call, one edited file, one new file.
  printf 'import anthropic\nanthropic.Anthropic().messages.create(model="claude-3-5-haiku-latest")\n' > "$repo/pkg000/sub0/new_ai.py"
  echo "# edited" >> "$repo/pkg001/sub1/mod201.py"
  echo "x = 1" > "$repo/pkg002/sub2/added.py"
  git -C "$repo" -c user.name=b -c user.email=b@example.com add -A
  git -C "$repo" -c user.name=b -c user.email=b@example.com commit -q -m head
fi
echo "repo: $repo ($(git -C "$repo" ls-files | wc -l) files)"
for _ in 1 2 3; do
  /usr/bin/time -f "check wall %e s, peak RSS %M KB" "$bin" check --repo "$repo" --base base --head HEAD --timings --format json -o /dev/null || true
done
