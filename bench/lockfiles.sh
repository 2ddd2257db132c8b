#!/usr/bin/env bash
# Lockfile benchmark: parse times (cargo bench --bench lockfiles) and the peak RSS
# of a whole `aibom scan` over the generated files. Needs GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/aibom-target}"
dir=$(mktemp -d)
mkdir -p "$dir/npm" "$dir/cargo"
cargo bench --quiet --bench lockfiles -- "$dir/gen"
mv "$dir/gen/package-lock.json" "$dir/npm/"; mv "$dir/gen/Cargo.lock" "$dir/cargo/"
cargo build --release --quiet
for d in npm cargo; do
  /usr/bin/time -o "$dir/t" -f "%e %M" "$CARGO_TARGET_DIR/release/aibom" scan "$dir/$d" -o /dev/null
  read -r t m < "$dir/t"
  echo "aibom scan ($d lockfile only): wall ${t}s, peak RSS $((m / 1024)) MB"
done
rm -rf "$dir"
