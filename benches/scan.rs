//! `cargo bench --bench scan`: an in-process full scan of a generated tree
//! (2,000 source files, 3% calling AI SDKs, one 64 MiB weight file). Prints the
//! median of 5 runs. The full-size benchmark with the ripgrep comparison and
//! peak RSS is `bench/scan.sh`.

use std::path::Path;
use std::time::{Duration, Instant};

use aibom::catalog::Catalog;
use aibom::scan::{ScanOptions, scan};
use aibom::source::DirSource;

const FILES: usize = 2_000;

fn body(i: usize, j: usize) -> String {
    format!(
        "\ndef handler_{i}_{j}(request, session=None):\n    data = request.get(\"payload\", {{}})\n    total = sum(v for v in data.values() if isinstance(v, int))\n    return {{\"id\": \"{i}-{j}\", \"total\": total}}\n"
    )
}

fn generate(root: &Path) -> std::io::Result<u64> {
    let mut bytes = 0u64;
    for i in 0..FILES {
        let dir = root.join(format!("pkg{:03}", i / 100));
        std::fs::create_dir_all(&dir)?;
        let mut text = String::new();
        if i % 33 == 0 {
            text.push_str(&format!(
                "from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model=\"gpt-4o-{i}\", messages=[])\n"
            ));
        }
        for j in 0..60 {
            text.push_str(&body(i, j));
        }
        bytes += text.len() as u64;
        std::fs::write(dir.join(format!("mod{i}.py")), text)?;
    }
    let models = root.join("models");
    std::fs::create_dir_all(&models)?;
    let header = br#"{"w":{"dtype":"F32","shape":[16777216],"data_offsets":[0,67108864]}}"#;
    let mut weights = (header.len() as u64).to_le_bytes().to_vec();
    weights.extend_from_slice(header);
    weights.resize(weights.len() + (64 << 20), 7);
    std::fs::write(models.join("big.safetensors"), &weights)?;
    Ok(bytes + weights.len() as u64)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let bytes = generate(dir.path())?;
    let catalog = Catalog::builtin()?;
    let source = DirSource::new(dir.path())?;
    let mut times: Vec<Duration> = Vec::new();
    let mut found = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let out = scan(&source, &catalog, &ScanOptions::default())?;
        times.push(t.elapsed());
        found = out.findings().len();
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "scan: {FILES} files + 64 MiB weights ({:.0} MiB): median {:.3}s over 5 runs, {:.0} files/s, {:.0} MiB/s, {found} findings",
        bytes as f64 / 1048576.0,
        median.as_secs_f64(),
        FILES as f64 / median.as_secs_f64(),
        bytes as f64 / 1048576.0 / median.as_secs_f64()
    );
    Ok(())
}
