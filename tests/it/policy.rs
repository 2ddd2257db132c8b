//! The policy stage: `.aibom.yml` read from the base commit, its globs and
//! levels, and its errors.

use serde_json::Value;

use crate::repo::{OPENAI, Repo, keys};

#[test]
fn the_policy_comes_from_the_base_commit() {
    let policy = b"fail-on:\n  new-provider: failure\n  new-model: warning\nrisk-tier: high\n";
    let repo = Repo::new(&[(".aibom.yml", policy), ("app/chat.py", OPENAI)]);
    repo.head(&[(".aibom.yml", b"warn-only: true\n"), ("app/claude.py", b"import anthropic\nanthropic.Anthropic().messages.create(model=\"claude-3-5-haiku-latest\")\n")], &[], &[]);
    let out = repo.cli(&["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["verdict"], "fail");
    assert_eq!(json["risk_tier"], "high");
    let claude = json["added"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "claude-3-5-haiku-latest")
        .unwrap();
    let rules: Vec<&str> = claude["policy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["new-model", "new-provider"]);
    // An explicit --config overrides the base's file.
    let cfg = repo.path().join("lenient.yml");
    std::fs::write(&cfg, "warn-only: true\nfail-on: [new-provider]\n").unwrap();
    let out = repo.cli(&["--config", cfg.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["verdict"],
        "warn"
    );
    // No policy at all: report everything, fail on nothing.
    let plain = Repo::new(&[("app/chat.py", OPENAI)]);
    plain.head(
        &[(
            "app/claude.py",
            b"import anthropic\nanthropic.Anthropic().messages.create(model=\"claude-x\")\n",
        )],
        &[],
        &[],
    );
    let out = plain.cli(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["verdict"],
        "pass"
    );
}

#[test]
fn allow_deny_globs_ignore_paths_and_test_code() {
    let policy = b"allow:\n  models: [\"gpt-4o*\", \"claude-*\"]\ndeny:\n  providers: [\"deep*\"]\n  hosts: [\"*.ngrok.io\"]\nignore-paths: [\"examples/**\"]\nfail-on: [new-model]\n";
    let repo = Repo::new(&[(".aibom.yml", policy)]);
    repo.head(
        &[
            ("app/ok.py", b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o-mini\")\n"),
            ("app/bad.py", b"import openai\nopenai.OpenAI().chat.completions.create(model=\"o3-mini\")\n"),
            ("app/ds.py", b"from langchain_deepseek import ChatDeepSeek\nChatDeepSeek(model=\"deepseek-chat\")\n"),
            ("app/tunnel.py", b"import requests\nrequests.post(\"https://abc.ngrok.io/v1/chat/completions\", json={\"model\": \"llama3\"})\n"),
            ("examples/demo.py", b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-3.5-turbo\")\n"),
            ("tests/test_chat.py", b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-mock\")\n"),
        ],
        &[],
        &[],
    );
    let r = repo.check().report;
    let rules = |id: &str| -> Vec<String> {
        r.added
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("{id} not added: {:?}", keys(&r.added)))
            .policy
            .iter()
            .map(|p| p.rule.to_string())
            .collect()
    };
    assert_eq!(rules("gpt-4o-mini"), ["new-model"]);
    assert_eq!(rules("o3-mini"), ["new-model", "not-allowed-models"]);
    assert!(rules("deepseek-chat").contains(&"deny-providers".to_string()));
    assert!(rules("https://abc.ngrok.io/v1/chat/completions").contains(&"deny-hosts".to_string()));
    assert!(
        !keys(&r.added).iter().any(|k| k.contains("gpt-3.5-turbo")),
        "ignored path"
    );
    assert!(
        rules("gpt-mock").is_empty(),
        "test-only findings are reported but not judged"
    );
    assert_eq!(r.verdict, aibom::policy::Verdict::Fail);
}

#[test]
fn a_bad_policy_file_is_a_one_line_error_naming_the_line() {
    let repo = Repo::new(&[(
        ".aibom.yml",
        b"fail-on:\n  new-model: failure\ndeny:\n  vendors: [x]\n",
    )]);
    repo.head(&[], &[], &[]);
    let out = repo.cli(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("aibom: error: .aibom.yml:4:3: unknown list `vendors`; valid lists: providers, models, hosts, hub-models, datasets, licenses"), "{err}");
}

#[test]
fn a_denied_model_moved_from_a_test_into_the_code_fails() {
    let policy = b"deny:\n  models: [\"o3-*\"]\n";
    let call = b"import openai\nopenai.OpenAI().chat.completions.create(model=\"o3-mini\")\n";
    let repo = Repo::new(&[(".aibom.yml", policy), ("tests/test_chat.py", call)]);
    repo.head(&[("app/chat.py", call)], &[], &[]);
    let r = repo.check().report;
    let o3 = r
        .added
        .iter()
        .find(|e| e.id == "o3-mini")
        .unwrap_or_else(|| panic!("{:?}", keys(&r.added)));
    assert!(
        o3.policy
            .iter()
            .any(|p| p.rule.to_string() == "deny-models"),
        "{:?}",
        o3.policy
    );
    assert_eq!(r.verdict, aibom::policy::Verdict::Fail);
}
