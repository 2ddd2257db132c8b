#!/usr/bin/env bash
# Puts aibom $AIBOM_VERSION on the runner's PATH: the release binary for this
# platform, verified against its published SHA-256 (a mismatch stops the job:
# never fall back after a tampered download); when there is no such release,
# `cargo install --locked` from the action's own source at the pinned ref.
set -euo pipefail

version="${AIBOM_VERSION:-0.1.0}"
version="${version#v}"
releases="${AIBOM_RELEASE_URL:-https://github.com/aibom/aibom/releases/download}"
dest="${AIBOM_INSTALL_DIR:-${RUNNER_TOOL_CACHE:-$HOME/.cache}/aibom/$version/bin}"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-gnu ;;
  Linux-aarch64) target=aarch64-unknown-linux-gnu ;;
  Darwin-arm64) target=aarch64-apple-darwin ;;
  *) target="unsupported-$(uname -s)-$(uname -m)" ;;
esac
asset="aibom-${version}-${target}.tar.gz"

on_path() {
  if [ -n "${GITHUB_PATH:-}" ]; then echo "$dest" >> "$GITHUB_PATH"; fi
  "$dest/aibom" --version
}

if [ -x "$dest/aibom" ] && "$dest/aibom" --version 2>/dev/null | grep -qx "aibom $version"; then
  on_path
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if curl -fsSL --retry 3 -o "$tmp/$asset" "$releases/v$version/$asset" \
  && curl -fsSL --retry 3 -o "$tmp/$asset.sha256" "$releases/v$version/$asset.sha256"; then
  expected="$(awk '{print $1; exit}' "$tmp/$asset.sha256")"
  actual="$(sha256sum "$tmp/$asset" | awk '{print $1}')"
  if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
    echo "::error::aibom: checksum mismatch for $asset (published ${expected:-none}, downloaded $actual); refusing to run it"
    exit 1
  fi
  mkdir -p "$dest"
  tar -xzf "$tmp/$asset" -C "$dest" aibom
  chmod +x "$dest/aibom"
  on_path
  exit 0
fi

if [ "${AIBOM_INSTALL_FALLBACK:-cargo}" != cargo ]; then
  echo "::error::aibom: no release $version for $target at $releases"
  exit 1
fi
echo "::notice::aibom: no release binary $version for $target; building it with cargo install --locked (a few minutes; cache ~/.cargo to speed it up)"
source_dir="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")" && pwd)}/.."
cargo install --locked --quiet --root "$(dirname "$dest")" --path "$source_dir"
on_path
