//! The `aibom` binary: outputs, formats and exit codes.

use std::process::Command;

use crate::common::{assert_valid_bom, fixture};

fn aibom(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_aibom"))
        .args(args)
        .output()
        .expect("binary runs")
}

#[test]
fn scan_writes_a_valid_bom_and_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("bom.cdx.json");
    let path = fixture("python");
    let out = aibom(&[
        "scan",
        path.to_str().unwrap(),
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_valid_bom(&std::fs::read_to_string(&out_file).unwrap());
    let out = aibom(&["scan", path.to_str().unwrap(), "--format", "table"]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.lines().next().unwrap().starts_with("KIND"));
    assert!(
        !table.contains("model:")
            && table.contains("gpt-4o-mini")
            && table.contains("app/chat_openai.py:7")
    );
}

#[test]
fn errors_are_one_line_and_exit_2() {
    let out = aibom(&["scan", "/nonexistent/aibom-test"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("aibom: error: cannot read /nonexistent/aibom-test"),
        "{err}"
    );

    let dir = tempfile::tempdir().unwrap();
    let out = aibom(&["scan", dir.path().to_str().unwrap(), "--rev", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 1);

    let out = aibom(&["scan", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_user_catalog_extends_the_builtin_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.py"), "import requests\nrequests.post(\"https://llm.acme.internal/v2/generate\", json={\"model\": \"acme-7b\"})\n").unwrap();
    let cat = dir.path().join("extra.toml");
    std::fs::write(
        &cat,
        "[[provider]]\nid = \"acme\"\nname = \"Acme AI\"\nhosts = [\"llm.acme.internal\"]\n",
    )
    .unwrap();
    let out = aibom(&["scan", dir.path().to_str().unwrap(), "--format", "table"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("acme-7b"));
    let out = aibom(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--format",
        "table",
        "--catalog",
        cat.to_str().unwrap(),
    ]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("acme-7b") && table.contains("acme"),
        "{table}"
    );
}
