//! Hostile ids and paths: a pull request cannot rewrite the comment, the check
//! run or the terminal table. The Markdown is parsed with a real GFM renderer
//! (comrak) and its tree inspected: every row keeps its columns, no HTML,
//! image, link, heading or mention comes from the repository, no hidden
//! character survives, and very long ids are cut everywhere they are shown.

use std::process::Command;

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, parse_document};
use serde_json::Value;

use crate::common::{git, write_tree};

const LONG: usize = 70_000;

/// A repository whose head adds models with hostile ids in hostile paths.
fn hostile_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["commit", "-q", "--allow-empty", "-m", "base"]);
    git(dir.path(), &["tag", "base"]);
    let call = |id: &str| {
        format!("from openai import OpenAI\nOpenAI().chat.completions.create(model=\"{id}\")\n")
    };
    let long = format!("gpt-{}", "x".repeat(LONG));
    let files: Vec<(String, String)> = vec![
        (
            "app/tick.py".into(),
            call(
                // Ids never hold whitespace (those are no component), so the
                // attack is written without: HTML takes `/` between attributes.
                "gpt-4o`@acme/security![i](https://evil.example/p.png)[click](https://evil.example)<img/src=x/onerror=alert(1)>`x",
            ),
        ),
        ("app/pipe.py".into(), call("gpt|4o||---|")),
        (
            "app/esc.py".into(),
            call("gpt-4o\u{1b}]8;;https://evil.example\u{7}\u{1b}[2J\u{8}"),
        ),
        ("app/bidi.py".into(), call("gpt-4o\u{202e}lmth.exe\u{200b}")),
        ("app/long.py".into(), call(&long)),
        (
            "app/line\n## Injected heading\n| a | b |.py".into(),
            call("gpt-4.1-nano"),
        ),
        (
            "app/<img src=x onerror=alert(1)>.py".into(),
            call("gpt-4.1-mini"),
        ),
        ("app/<!-- aibom:v1 -->.py".into(), call("o3-mini")),
        ("app/@acme-team (x).py".into(), call("o4-mini")),
    ];
    let tree: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_bytes()))
        .collect();
    write_tree(dir.path(), &tree);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "head"]);
    dir
}

fn aibom(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_aibom"))
        .args(args)
        .output()
        .expect("aibom runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn check(repo: &std::path::Path, format: &str) -> String {
    let out = aibom(&[
        "check",
        "--repo",
        repo.to_str().unwrap(),
        "--base",
        "base",
        "--head",
        "HEAD",
        "--repo-url",
        "https://github.com/acme/app",
        "--format",
        format,
    ]);
    String::from_utf8(out.stdout).unwrap()
}

fn hidden(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// Walks a comrak tree, collecting what a reader would see outside code.
fn inspect<'a>(node: &'a AstNode<'a>, in_code: bool, found: &mut Vec<String>) {
    let value = node.data.borrow().value.clone();
    let mut code = in_code;
    match &value {
        NodeValue::HtmlInline(h)
        | NodeValue::HtmlBlock(comrak::nodes::NodeHtmlBlock { literal: h, .. }) => {
            let ours = [
                "<details>",
                "<summary>",
                "</summary>",
                "</details>",
                "<sub>",
                "</sub>",
                "<!-- aibom:v1 -->",
            ];
            if !ours.iter().any(|o| h.trim().starts_with(o)) {
                found.push(format!("html: {h}"));
            }
        }
        NodeValue::Image(i) => found.push(format!("image: {}", i.url)),
        NodeValue::Link(l) if !l.url.starts_with("https://github.com/acme/app/blob/") => {
            found.push(format!("link: {}", l.url));
        }
        NodeValue::Heading(_) => {
            let mut text = String::new();
            collect_text(node, &mut text);
            let ours = text.contains("aibom")
                || [
                    "Policy",
                    "Models and endpoints",
                    "Weight files, hub models and fine-tunes",
                    "Datasets",
                    "Settings",
                    "Test-only",
                    "Removed AI components",
                    "Changed AI components",
                    "Lineage",
                ]
                .contains(&text.trim());
            if !ours {
                found.push(format!("heading: {text}"));
            }
        }
        NodeValue::Code(_) | NodeValue::CodeBlock(_) => code = true,
        NodeValue::Text(t) if !code => {
            let t = t.to_string();
            let b = t.as_bytes();
            if b.windows(2)
                .any(|w| w[0] == b'@' && w[1].is_ascii_alphanumeric())
            {
                found.push(format!("mention: {t}"));
            }
        }
        _ => {}
    }
    for c in node.children() {
        inspect(c, code, found);
    }
}

fn collect_text<'a>(node: &'a AstNode<'a>, out: &mut String) {
    match &node.data.borrow().value {
        NodeValue::Text(t) => out.push_str(t),
        NodeValue::Code(c) => out.push_str(&c.literal),
        _ => {}
    }
    for c in node.children() {
        collect_text(c, out);
    }
}

/// How many HTML nodes of the document are the sticky comment's marker.
fn markers<'a>(node: &'a AstNode<'a>) -> usize {
    let own = match &node.data.borrow().value {
        NodeValue::HtmlInline(h)
        | NodeValue::HtmlBlock(comrak::nodes::NodeHtmlBlock { literal: h, .. }) => {
            usize::from(h.contains("<!-- aibom:v1 -->"))
        }
        _ => 0,
    };
    own + node.children().map(markers).sum::<usize>()
}

/// Every table row of a document: its number of cells, and the header's.
fn rows<'a>(node: &'a AstNode<'a>, out: &mut Vec<(usize, usize)>) {
    if let NodeValue::Table(t) = &node.data.borrow().value {
        let columns = t.alignments.len();
        for row in node.children() {
            out.push((row.children().count(), columns));
        }
    }
    for c in node.children() {
        rows(c, out);
    }
}

#[test]
fn the_comment_cannot_be_rewritten_by_the_repository() {
    let repo = hostile_repo();
    let md = check(repo.path(), "markdown");
    assert!(md.chars().count() <= 65_536);
    assert!(
        hidden(&md).is_empty(),
        "hidden characters: {:?}",
        hidden(&md)
    );
    assert!(!md.contains(&"x".repeat(1000)), "a 70 KB id is shown whole");
    assert!(
        !md.contains("rows per table are shown"),
        "rows were hidden to fit"
    );
    assert!(md.trim_end().ends_with("<!-- aibom:v1 -->"));

    let arena = Arena::new();
    let mut opts = Options::default();
    opts.extension.table = true;
    opts.extension.autolink = true;
    opts.extension.strikethrough = true;
    opts.extension.tasklist = true;
    let root = parse_document(&arena, &md, &opts);
    let mut found = Vec::new();
    inspect(root, false, &mut found);
    assert!(
        found.is_empty(),
        "the repository reached the comment's markup:\n{}",
        found.join("\n")
    );
    assert_eq!(
        markers(root),
        1,
        "one marker is markup; the file named after it is text"
    );
    let mut r = Vec::new();
    rows(root, &mut r);
    assert!(r.len() >= 10, "expected the added models' rows: {r:?}");
    assert!(
        r.iter().all(|(cells, columns)| cells == columns),
        "{r:?}\n{md}"
    );
    for id in ["gpt-4.1-nano", "gpt-4.1-mini", "o3-mini", "o4-mini"] {
        assert!(md.contains(id), "{id} missing");
    }
}

#[test]
fn check_run_sarif_and_table_show_hostile_ids_safely() {
    let repo = hostile_repo();
    let payload: Value = serde_json::from_str(&check(repo.path(), "github-check")).unwrap();
    let annotations = payload["output"]["annotations"].as_array().unwrap();
    assert!(annotations.len() >= 9);
    for a in annotations {
        let m = a["message"].as_str().unwrap();
        assert!(
            m.len() < 64 * 1024 && m.chars().count() < 1_000,
            "{} chars",
            m.len()
        );
        assert!(hidden(m).is_empty(), "{m:?}");
    }
    for key in ["summary", "text"] {
        let s = payload["output"][key].as_str().unwrap();
        assert!(s.chars().count() <= 65_535 && hidden(s).is_empty());
    }
    let sarif: Value = serde_json::from_str(&check(repo.path(), "sarif")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    for r in results {
        let text = r["message"]["text"].as_str().unwrap();
        assert!(
            text.chars().count() < 1_000 && hidden(text).is_empty(),
            "{text:?}"
        );
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(!uri.contains(['\n', ' ', '<', '>']), "{uri:?}");
    }
    // The table: no panic on a 70 KB id, no terminal escape reaches the terminal.
    let out = aibom(&["scan", repo.path().to_str().unwrap(), "--format", "table"]);
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(hidden(&table).is_empty(), "{:?}", hidden(&table));
    assert!(
        table.lines().all(|l| l.chars().count() < 600),
        "a line was not cut"
    );
    assert!(table.contains("\\u{202e}") && table.contains("\\u{001b}"));
}
