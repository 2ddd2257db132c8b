#!/usr/bin/env python3
"""Generates a synthetic repository for `bench/scan.sh`: N source files (Python,
TypeScript, JavaScript) of realistic shape, a few percent calling AI SDKs, plus
one large safetensors weight file. Deterministic for a given seed."""
import argparse
import os
import random
import struct

PY_BODY = '''
def handler_{i}_{j}(request, session=None, retries=3):
    """Process request {j} for module {i}."""
    data = request.get("payload", {{}})
    total = 0
    for k, v in sorted(data.items()):
        if isinstance(v, (int, float)):
            total += v * {j}
        elif isinstance(v, str) and v.startswith("item-"):
            total += len(v)
    result = {{"id": "{i}-{j}", "total": total, "ok": total > {j}}}
    if session is not None:
        session.commit()
    return result

'''
TS_BODY = '''
export function handler{i}x{j}(req: Request, retries: number = 3): Record<string, unknown> {{
  const data = (req as any).payload ?? {{}};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {{
    if (typeof v === "number") total += v * {j};
    else if (typeof v === "string" && v.startsWith("item-")) total += v.length;
  }}
  return {{ id: "{i}-{j}", total, ok: total > {j} }};
}}

'''
JS_BODY = '''
export function handler{i}x{j}(req, retries = 3) {{
  const data = req.payload ?? {{}};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {{
    if (typeof v === "number") total += v * {j};
    else if (typeof v === "string" && v.startsWith("item-")) total += v.length;
  }}
  return {{ id: "{i}-{j}", total, ok: total > {j} }};
}}

'''
AI_PY = '''
import os
from openai import OpenAI

MODEL_{i} = "gpt-4o-mini"
client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])

def ask_{i}(prompt):
    return client.chat.completions.create(model=MODEL_{i}, messages=[{{"role": "user", "content": prompt}}])
'''
AI_TS = '''
import Anthropic from "@anthropic-ai/sdk";
const anthropic = new Anthropic();
export async function ask{i}(prompt) {{
  return anthropic.messages.create({{ model: "claude-3-5-haiku-latest", max_tokens: 256, messages: [{{ role: "user", content: prompt }}] }});
}}
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=20000)
    ap.add_argument("--size-mb", type=int, default=300)
    ap.add_argument("--ai-percent", type=float, default=3.0)
    ap.add_argument("--weight-mb", type=int, default=1024)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    target = a.size_mb * 1024 * 1024 // a.files
    written = 0
    for i in range(a.files):
        ext = rnd.choices(["py", "ts", "js"], [5, 3, 2])[0]
        d = os.path.join(a.out, f"pkg{i // 200:03d}", f"sub{i % 7}")
        os.makedirs(d, exist_ok=True)
        body = {"py": PY_BODY, "ts": TS_BODY, "js": JS_BODY}[ext]
        parts = []
        if rnd.random() * 100 < a.ai_percent:
            parts.append(AI_PY.format(i=i) if ext == "py" else AI_TS.format(i=i))
        size = sum(len(p) for p in parts)
        j = 0
        while size < target:
            p = body.format(i=i, j=j)
            parts.append(p)
            size += len(p)
            j += 1
        text = "".join(parts)
        with open(os.path.join(d, f"mod{i}.{ext}"), "w") as f:
            f.write(text)
        written += len(text)
    if a.weight_mb:
        os.makedirs(os.path.join(a.out, "models"), exist_ok=True)
        header = b'{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[%d],"data_offsets":[0,%d]}}' % (
            a.weight_mb * 262144, a.weight_mb * 1048576)
        block = bytes(rnd.getrandbits(8) for _ in range(1 << 20))
        with open(os.path.join(a.out, "models", "big.safetensors"), "wb") as f:
            f.write(struct.pack("<Q", len(header)) + header)
            for _ in range(a.weight_mb):
                f.write(block)
    print(f"{a.files} source files, {written / 1048576:.0f} MiB of source, {a.weight_mb} MiB weight file")


if __name__ == "__main__":
    main()
