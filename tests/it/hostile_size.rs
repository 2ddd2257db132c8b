//! Inputs shaped to make a scan slow or large: every parser and detector is
//! linear in its input, and what one file or one scan reports is bounded by
//! documented limits that warn when they cut. (Speed itself is measured by
//! `cargo bench --bench hostile`, never asserted here.)

use aibom::scan::{self, Limits, ScanOptions};
use aibom::source::DirSource;

use crate::common::{catalog, scan_dir, write_tree};

/// 5,000 dependencies in `pyproject.toml`: one pass places every one at its
/// line, a name as a whole word (`pkg1` is not found inside `pkg10`).
#[test]
fn many_declared_dependencies_are_placed_in_one_pass() {
    const N: usize = 5_000;
    let deps: Vec<String> = (0..N).map(|i| format!("  \"pkg{i}>=1.{i}\",")).collect();
    let text = format!(
        "[project]\nname = \"x\"\nversion = \"1\"\ndependencies = [\n{}\n]\n",
        deps.join("\n")
    );
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("pyproject.toml", text.as_bytes())]);
    let s = scan_dir(dir.path());
    for i in [0, 1, 10, 999, N - 1] {
        let line = u32::try_from(i + 5).unwrap();
        s.assert_at(&format!("pkg:pypi/pkg{i}"), "pyproject.toml", line);
    }
}

/// A lockfile written on one line (minified JSON): every package, each with
/// a short evidence context (the line is redacted once, not per package).
#[test]
fn a_one_line_lockfile_is_read_in_one_pass() {
    const N: usize = 3_000;
    let mut packages = serde_json::Map::new();
    packages.insert("".into(), serde_json::json!({"name": "x"}));
    for i in 0..N {
        packages.insert(
            format!("node_modules/pkg{i}"),
            serde_json::json!({"version": format!("1.0.{i}"), "resolved": format!("https://registry.npmjs.org/pkg{i}/-/pkg{i}-1.0.{i}.tgz")}),
        );
    }
    let lock = serde_json::json!({"name": "x", "lockfileVersion": 3, "packages": packages});
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[(
            "package-lock.json",
            serde_json::to_string(&lock).unwrap().as_bytes(),
        )],
    );
    let out = scan::scan(
        &DirSource::new(dir.path()).unwrap(),
        catalog(),
        &ScanOptions::default(),
    )
    .unwrap();
    assert_eq!(out.findings().len(), N);
    for f in out.findings() {
        assert_eq!(f.evidence.line, Some(1));
        let context = f.evidence.context.as_deref().unwrap_or("");
        assert!(context.chars().count() <= 161, "{}", context.len());
    }
}

/// A notebook written on one line with 1,500 model cells: its lines are
/// found in one pass, and the per-file cap says what it left out, plainly.
#[test]
fn a_one_line_notebook_is_capped_with_a_plain_warning() {
    let cells: Vec<serde_json::Value> = (0..1_500)
        .map(|i| {
            serde_json::json!({"cell_type": "code", "metadata": {}, "outputs": [], "source": [
                "from openai import OpenAI\n",
                format!("OpenAI().chat.completions.create(model=\"gpt-{i}\")\n"),
            ]})
        })
        .collect();
    let nb = serde_json::json!({"cells": cells, "metadata": {"kernelspec": {"language": "python"}}, "nbformat": 4, "nbformat_minor": 5});
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("n.ipynb", serde_json::to_string(&nb).unwrap().as_bytes())],
    );
    let s = scan_dir(dir.path());
    let ai: Vec<_> = s
        .inv
        .items
        .values()
        .filter(|i| i.kind != aibom::vocab::Kind::Library)
        .collect();
    assert_eq!(ai.len(), aibom::scan::file::MAX_FINDINGS_PER_FILE);
    assert!(s.has("model:openai/gpt-0") && s.has("model:openai/gpt-998"));
    assert!(!s.has("model:openai/gpt-999"));
    let w = s.warnings_for("n.ipynb");
    assert!(
        w.iter().any(|m| m
            == "1501 distinct AI components named; the first 1000 by position are reported and 501 are not; the first left out is model `gpt-999` at line 1"),
        "{w:#?}"
    );
}

/// A long call chain on one line, and a file over the parse limit: neither is
/// parsed (a minified bundle is not code anyone reviews), each says why, and
/// a credential in them is still found.
#[test]
fn minified_and_oversized_code_is_not_parsed_but_still_searched() {
    let chain = format!(
        "import openai\nkey = \"sk-proj-{}\"\nx = openai.OpenAI(){}\n",
        "A1b2C3d4".repeat(6),
        ".a()".repeat(100_000)
    );
    let big = format!(
        "import openai\n{}",
        "openai.OpenAI().chat.completions.create(model=\"gpt-4o\")\n"
            .repeat(aibom::scan::code::MAX_PARSE_BYTES / 50)
    );
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("chain.py", chain.as_bytes()), ("big.py", big.as_bytes())],
    );
    let s = scan_dir(dir.path());
    let chain_w = s.warnings_for("chain.py");
    assert!(
        chain_w
            .iter()
            .any(|w| w.starts_with("not parsed: a line of") && w.contains("bytes (minified")),
        "{chain_w:#?}"
    );
    assert!(
        chain_w
            .iter()
            .any(|w| w.contains("hard-coded openai credential"))
    );
    assert!(
        s.warnings_for("big.py")
            .iter()
            .any(|w| w.contains("over the 2097152 byte parse limit")),
        "{:#?}",
        s.warnings_for("big.py")
    );
    assert!(!s.has("model:openai/gpt-4o"), "neither file was parsed");
}

/// One lockfile listing more packages than a file may report, and a scan
/// whose findings would pass the scan's budget: each is cut where its limit
/// says, the first by position (and path) kept, with a warning.
#[test]
fn package_and_scan_budgets_cut_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let reqs = |from: usize, n: usize| -> String {
        (from..from + n)
            .map(|i| format!("pkg-{i}==1.0.{i}\n"))
            .collect()
    };
    write_tree(
        dir.path(),
        &[
            ("a/requirements.txt", reqs(0, 300).as_bytes()),
            ("b/requirements.txt", reqs(1000, 40).as_bytes()),
            ("c/requirements.txt", reqs(2000, 40).as_bytes()),
            ("d/requirements.txt", reqs(3000, 40).as_bytes()),
        ],
    );
    let opts = ScanOptions {
        limits: Limits {
            max_packages_per_file: 200,
            max_findings: 250,
            ..Limits::default()
        },
        ..ScanOptions::default()
    };
    let out = scan::scan(&DirSource::new(dir.path()).unwrap(), catalog(), &opts).unwrap();
    let ids: Vec<&str> = out.findings().iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids.len(), 240, "200 of a/, all 40 of b/, then the budget");
    assert!(ids.contains(&"pkg-199") && !ids.contains(&"pkg-200"));
    assert!(ids.contains(&"pkg-1039") && !ids.contains(&"pkg-2000"));
    let warnings: Vec<String> = out.warnings().iter().map(ToString::to_string).collect();
    assert!(warnings.contains(&"a/requirements.txt: 300 packages listed; the first 200 by position are reported and 100 are not".to_string()), "{warnings:#?}");
    assert!(warnings.contains(&"the scan's budget of 250 findings is spent: 80 findings in 2 files are not reported, from c/requirements.txt on (in path order)".to_string()), "{warnings:#?}");
}

/// String escapes are what the language means by them before an id is
/// formed (`\x67` is `g`), in Python, JavaScript and the table-driven walker.
#[test]
fn string_escapes_are_decoded_before_an_id_is_formed() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "a.py",
                b"import openai\nopenai.OpenAI().chat.completions.create(model=\"\\x67pt-4o\")\n",
            ),
            (
                "b.js",
                b"import OpenAI from 'openai';\nnew OpenAI().chat.completions.create({ model: 'gpt\\u002d4.1' });\n",
            ),
            (
                "c.go",
                b"package main\n\nimport \"github.com/sashabaranov/go-openai\"\n\nvar r = openai.ChatCompletionRequest{Model: \"o3\\x2dmini\"}\n",
            ),
        ],
    );
    let s = scan_dir(dir.path());
    for key in [
        "model:openai/gpt-4o",
        "model:openai/gpt-4.1",
        "model:openai/o3-mini",
    ] {
        assert!(s.has(key), "{key}: {:#?}", s.keys());
    }
}
