#!/usr/bin/env bash
# Hostile inputs (issue 12): how long one `aibom scan` of each takes, and its
# peak memory, beside the input's size. Not run in CI.
#
#   bench/hostile.sh [AIBOM_BINARY]      (default: target/release/aibom, built first)
#
# Each case is a directory holding one generated file: a pyproject.toml with
# 20,000 and with 100,000 dependencies, a one-line package-lock.json with
# 10,000 packages (and the same pretty-printed), a one-line notebook with
# 40,000 model cells, an 8 MB one-line call chain, a 2 MB multi-line call
# chain, a 33 MB requirements.txt of 1,000,000 pins, and an 8 MB minified
# JavaScript bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-}"
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin="${CARGO_TARGET_DIR:-target}/release/aibom"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'EOF'
import json, os, sys
w = sys.argv[1]
def put(case, name, text):
    os.makedirs(f"{w}/{case}", exist_ok=True)
    with open(f"{w}/{case}/{name}", "w") as f:
        f.write(text)
for n in (20_000, 100_000):
    deps = ",\n".join(f'  "pkg{i}>=1.{i}"' for i in range(n))
    put(f"pyproject-{n}", "pyproject.toml", f'[project]\nname = "x"\nversion = "1"\ndependencies = [\n{deps}\n]\n')
lock = {"name": "x", "lockfileVersion": 3, "packages": {"": {"name": "x"}}}
for i in range(10_000):
    lock["packages"][f"node_modules/pkg{i}"] = {"version": f"1.0.{i}", "resolved": f"https://registry.npmjs.org/pkg{i}/-/pkg{i}-1.0.{i}.tgz", "integrity": "sha512-xx"}
put("package-lock-one-line", "package-lock.json", json.dumps(lock))
put("package-lock-pretty", "package-lock.json", json.dumps(lock, indent=2))
cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "source": ["from openai import OpenAI\n", f'OpenAI().chat.completions.create(model="gpt-{i}")\n']} for i in range(40_000)]
put("notebook-one-line", "n.ipynb", json.dumps({"cells": cells, "metadata": {"kernelspec": {"language": "python"}}, "nbformat": 4, "nbformat_minor": 5}))
put("chain-8mb-one-line", "chain.py", "import openai\nx = openai.OpenAI()" + ".a()" * 2_000_000 + "\n")
put("chain-2mb-lines", "chain.py", "import openai\nx = (openai.OpenAI()" + "".join(".a()\n" for _ in range(400_000)) + ")\n")
put("requirements-1m", "requirements.txt", "".join(f"package-number-{i}==1.0.{i}\n" for i in range(1_000_000)))
put("minified-js-8mb", "bundle.js", "import OpenAI from 'openai';" + "".join(f"var a{i}=new OpenAI().chat.completions.create({{model:'gpt-{i % 50}'}});" for i in range(110_000)) + "\n")
EOF

printf '%-24s %10s %10s %10s %10s\n' case input_MB seconds peak_MB bom_MB
for case in $(ls "$work" | sort); do
  dir="$work/$case"
  size=$(du -sb "$dir" | cut -f1)
  out="$work/$case.cdx.json"
  /usr/bin/time -o "$work/$case.time" -f '%e %M' timeout 600 "$bin" scan "$dir" -o "$out" >/dev/null 2>&1 || true
  read -r secs kb < <(tail -1 "$work/$case.time")
  bom=$(stat -c %s "$out" 2>/dev/null || echo 0)
  printf '%-24s %10.1f %10s %10.0f %10.1f\n' "$case" "$(echo "$size / 1048576" | bc -l)" "$secs" "$(echo "$kb / 1024" | bc -l)" "$(echo "$bom / 1048576" | bc -l)"
done
