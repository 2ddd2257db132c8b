//! `cargo bench --bench languages`: for each language, a generated tree of
//! 5,000 files (3% of them calling an AI SDK, the rest ordinary code) scanned
//! in process. Prints files/s for the scan and for merely reading the same
//! files, so the pre-filter's cost over raw reading shows per language. A second
//! tree per language has no AI files at all: every file is rejected by the
//! pre-filter, so its rate is the pre-filter's own. (The scan uses every core;
//! the read is one thread, like `cat`.) `AIBOM_BENCH_LANG=go,rust` picks languages.
//!
//! `AIBOM_BENCH_TREES=DIR` only writes the trees (`DIR/<language>-ai`,
//! `DIR/<language>-plain`) and exits: `bench/instructions.sh` scans them under
//! callgrind, whose instruction counts, unlike this machine's wall clock, repeat.

use std::path::Path;
use std::time::{Duration, Instant};

use aibom::catalog::Catalog;
use aibom::scan::{ScanOptions, scan};
use aibom::source::DirSource;

const FILES: usize = 5_000;
const FUNCTIONS: usize = 25;

/// (name, extension, ordinary function `{i}`, AI snippet `{i}`).
const LANGS: &[(&str, &str, &str, &str)] = &[
    (
        "python",
        "py",
        "def handler_{i}(request, session=None):\n    data = request.get(\"payload\", {})\n    total = sum(v for v in data.values() if isinstance(v, int))\n    return {\"id\": \"{i}\", \"total\": total}\n\n",
        "from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model=\"gpt-4o-{i}\", messages=[])\n",
    ),
    (
        "javascript",
        "js",
        "export function handler{i}(req, res) {\n  const data = req.body || {};\n  const total = Object.values(data).filter(Number.isInteger).reduce((a, b) => a + b, 0);\n  res.json({ id: \"{i}\", total });\n}\n\n",
        "import OpenAI from \"openai\";\nconst client = new OpenAI();\nawait client.chat.completions.create({ model: \"gpt-4o-{i}\", messages: [] });\n",
    ),
    (
        "go",
        "go",
        "func handler{i}(w http.ResponseWriter, r *http.Request) {\n\tdata := map[string]int{}\n\ttotal := 0\n\tfor _, v := range data {\n\t\ttotal += v\n\t}\n\tfmt.Fprintf(w, \"%d %d\", {i}, total)\n}\n\n",
        "import openai \"github.com/sashabaranov/go-openai\"\n\nfunc ai{i}(c *openai.Client) {\n\tc.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: \"gpt-4o-{i}\"})\n}\n",
    ),
    (
        "java",
        "java",
        "    public int handler{i}(java.util.Map<String, Integer> data) {\n        int total = 0;\n        for (int v : data.values()) { total += v; }\n        return total + {i};\n    }\n\n",
        "import dev.langchain4j.model.openai.OpenAiChatModel;\nclass Ai{i} { Object m = OpenAiChatModel.builder().modelName(\"gpt-4o-{i}\").build(); }\n",
    ),
    (
        "kotlin",
        "kt",
        "fun handler{i}(data: Map<String, Int>): Int {\n    var total = 0\n    for (v in data.values) { total += v }\n    return total + {i}\n}\n\n",
        "import dev.langchain4j.model.openai.OpenAiChatModel\nval m{i} = OpenAiChatModel.builder().modelName(\"gpt-4o-{i}\").build()\n",
    ),
    (
        "csharp",
        "cs",
        "    public int Handler{i}(System.Collections.Generic.Dictionary<string, int> data) {\n        var total = 0;\n        foreach (var v in data.Values) { total += v; }\n        return total + {i};\n    }\n\n",
        "using OpenAI.Chat;\nclass Ai{i} { ChatClient c = new ChatClient(model: \"gpt-4o-{i}\", apiKey: \"k\"); }\n",
    ),
    (
        "rust",
        "rs",
        "pub fn handler_{i}(data: &std::collections::HashMap<String, i64>) -> i64 {\n    let total: i64 = data.values().sum();\n    total + {i}\n}\n\n",
        "use async_openai::types::CreateChatCompletionRequestArgs;\nfn ai_{i}() { let _ = CreateChatCompletionRequestArgs::default().model(\"gpt-4o-{i}\").build(); }\n",
    ),
    (
        "ruby",
        "rb",
        "def handler_{i}(data)\n  total = data.values.select { |v| v.is_a?(Integer) }.sum\n  { id: \"{i}\", total: total }\nend\n\n",
        "require \"openai\"\nclient = OpenAI::Client.new\nclient.chat(parameters: { model: \"gpt-4o-{i}\" })\n",
    ),
    (
        "php",
        "php",
        "function handler_{i}(array $data): int {\n    $total = 0;\n    foreach ($data as $v) { $total += $v; }\n    return $total + {i};\n}\n\n",
        "use OpenAI;\n$client = OpenAI::client('k');\n$client->chat()->create(['model' => 'gpt-4o-{i}']);\n",
    ),
    (
        "yaml",
        "yaml",
        "service_{i}:\n  replicas: 2\n  image: registry.example.com/app:{i}\n  ports: [\"80{i}:80\"]\n\n",
        "model_name_or_path: org/model-{i}\n",
    ),
];

fn generate(root: &Path, ext: &str, plain: &str, ai: &str, with_ai: bool) -> std::io::Result<u64> {
    let mut bytes = 0u64;
    for i in 0..FILES {
        let dir = root.join(format!("pkg{:03}", i / 100));
        std::fs::create_dir_all(&dir)?;
        let mut text = String::new();
        match ext {
            "go" => text.push_str("package main\n\n"),
            "php" => text.push_str("<?php\n\n"),
            "java" | "cs" => text.push_str(&format!("class C{i} {{\n")),
            _ => {}
        }
        if with_ai && i % 33 == 0 {
            text.push_str(&ai.replace("{i}", &i.to_string()));
        }
        for j in 0..FUNCTIONS {
            text.push_str(&plain.replace("{i}", &format!("{i}{j}")));
        }
        if matches!(ext, "java" | "cs") {
            text.push_str("}\n");
        }
        bytes += text.len() as u64;
        std::fs::write(dir.join(format!("f{i}.{ext}")), text)?;
    }
    Ok(bytes)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn read_all(root: &Path) -> std::io::Result<u64> {
    let mut n = 0;
    for e in ignore::WalkBuilder::new(root).build().flatten() {
        if e.file_type().is_some_and(|t| t.is_file()) {
            n += std::fs::read(e.path())?.len() as u64;
        }
    }
    Ok(n)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if let Some(out) = std::env::var_os("AIBOM_BENCH_TREES") {
        let out = Path::new(&out);
        for (name, ext, plain, ai) in LANGS {
            for (suffix, with_ai) in [("ai", true), ("plain", false)] {
                let dir = out.join(format!("{name}-{suffix}"));
                std::fs::create_dir_all(&dir)?;
                generate(&dir, ext, plain, ai, with_ai)?;
            }
        }
        println!("trees written under {}", out.display());
        return Ok(());
    }
    let catalog = Catalog::builtin()?;
    println!(
        "{:<11} {:>7} {:>8} {:>12} {:>12} {:>7} {:>9} {:>16}",
        "language",
        "files",
        "MB",
        "scan files/s",
        "read files/s",
        "ratio",
        "findings",
        "no-AI files/s"
    );
    // `AIBOM_BENCH_LANG=go,rust` measures only those.
    let only = std::env::var("AIBOM_BENCH_LANG").ok();
    for (name, ext, plain, ai) in LANGS {
        if only
            .as_deref()
            .is_some_and(|o| !o.split(',').any(|l| l == *name))
        {
            continue;
        }
        let plain_dir = tempfile::tempdir()?;
        generate(plain_dir.path(), ext, plain, ai, false)?;
        let plain_source = DirSource::new(plain_dir.path())?;
        let mut plain_scans = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            scan(&plain_source, &catalog, &ScanOptions::default())?;
            plain_scans.push(t.elapsed());
        }
        let dir = tempfile::tempdir()?;
        let bytes = generate(dir.path(), ext, plain, ai, true)?;
        let source = DirSource::new(dir.path())?;
        let mut scans = Vec::new();
        let mut reads = Vec::new();
        let mut found = 0;
        for _ in 0..3 {
            let t = Instant::now();
            read_all(dir.path())?;
            reads.push(t.elapsed());
            let t = Instant::now();
            let out = scan(&source, &catalog, &ScanOptions::default())?;
            scans.push(t.elapsed());
            found = out.findings().len();
        }
        let (s, r) = (median(scans), median(reads));
        println!(
            "{:<11} {:>7} {:>8.1} {:>12.0} {:>12.0} {:>6.2}x {:>9} {:>16.0}",
            name,
            FILES,
            bytes as f64 / 1e6,
            FILES as f64 / s.as_secs_f64(),
            FILES as f64 / r.as_secs_f64(),
            s.as_secs_f64() / r.as_secs_f64(),
            found,
            FILES as f64 / median(plain_scans).as_secs_f64()
        );
    }
    Ok(())
}
