//! Every configuration error text, as a user reads it on stderr: `.aibom.yml`
//! (read from the base commit) and `--catalog` files. All errors of a file are
//! gathered before failing, each with file:line:column; snapshots keep the words.

use std::process::Command;

use crate::repo::Repo;

/// `aibom check` on a repository whose base holds `policy`; its exit code and stderr.
fn check_with_policy(policy: &str) -> (Option<i32>, String) {
    let repo = Repo::new(&[(".aibom.yml", policy.as_bytes())]);
    repo.head(&[], &[], &[]);
    let out = repo.cli(&[]);
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

/// `aibom catalog show` with the given extension files (written to a temporary
/// directory and named relative to it); its exit code and stderr.
fn catalog_with(files: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aibom"));
    cmd.current_dir(dir.path()).args(["catalog", "show"]);
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
        cmd.args(["--catalog", name]);
    }
    let out = cmd.output().expect("aibom runs");
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn every_policy_error_at_once_in_file_order() {
    let policy = "\
warn-onlyy: true
warn-only: maybe
risk-tier: extreme
comments: loud
allow:
  vendors: [x]
  models: [\"gpt-[\", 3]
deny: [openai]
fail-on:
  new-thing: failure
  new-model: loud
ignore-paths: {a: b}
";
    let (code, err) = check_with_policy(policy);
    assert_eq!(code, Some(2), "{err}");
    insta::assert_snapshot!("policy_errors", err);
}

#[test]
fn policy_shapes_that_are_not_mappings_or_lists() {
    let (code, err) = check_with_policy("fail-on: 3\n? [a]\n: b\n");
    assert_eq!(code, Some(2), "{err}");
    insta::assert_snapshot!("policy_shape_errors", err);
    let (code, err) = check_with_policy("- just\n- a list\n");
    assert_eq!(code, Some(2), "{err}");
    insta::assert_snapshot!("policy_not_a_mapping", err);
    let (code, err) = check_with_policy("allow:\n  models: [gpt-4o\n");
    assert_eq!(code, Some(2), "{err}");
    insta::assert_snapshot!("policy_invalid_yaml", err);
}

#[test]
fn every_catalog_error_of_every_file_with_its_position() {
    let refs = "\
[[model_pattern]]
provider = \"nobody\"
regex = \"gpt-(\"

[[model_family]]
provider = \"openai\"
tie = [\"nobody-either\"]
regex = \"^gpt-\"

[[redact.rule]]
name = \"no group\"
regex = \"key=[a-z]+\"
triggers = []
";
    let shape = "[[provider]]\nid = 3\n";
    let (code, err) = catalog_with(&[("refs.toml", refs), ("shape.toml", shape)]);
    assert_eq!(code, Some(2), "{err}");
    insta::assert_snapshot!("catalog_errors", err);
    let (code, err) = catalog_with(&[("broken.toml", "[[provider]\nid = \"x\"\n")]);
    assert_eq!(code, Some(2), "{err}");
    insta::assert_snapshot!("catalog_invalid_toml", err);
}
