#!/usr/bin/env bash
# The field script (issue 13): runs `aibom check` over the last N first-parent
# commits of real repositories and prints, per commit, what it reported as
# added / removed / changed (AI components, and packages tagged AI), so a
# person can judge each line against the commit's diff. Not run in CI.
#
#   bench/field.sh N REPO_GIT_DIR... > field.txt
#   AIBOM=target/release/aibom bench/field.sh 60 /work/.mirror/vercel+ai-chatbot/repo
#
# REPO_GIT_DIR is a git directory (bare clones work, e.g. what `fetch` brings).
# Each commit line reads `<repo> <sha> <subject>`, then one indented line per
# reported item: `+`, `-` or `~`, kind, provider/id, first file:line.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:?usage: bench/field.sh N REPO_GIT_DIR...}"
shift
bin="${AIBOM:-}"
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin="${CARGO_TARGET_DIR:-target}/release/aibom"
fi
for repo in "$@"; do
  name="$(basename "$(dirname "$repo")")"
  for sha in $(git --git-dir="$repo" rev-list --first-parent -n "$n" HEAD); do
    parent="$(git --git-dir="$repo" rev-parse -q --verify "$sha^" || true)"
    [ -n "$parent" ] || continue
    subject="$(git --git-dir="$repo" log -1 --format=%s "$sha" | cut -c1-80)"
    echo "$name ${sha:0:10} $subject"
    "$bin" check --repo "$repo" --base "$parent" --head "$sha" --format json 2>/dev/null |
      python3 bench/field_report.py || true
  done
done
