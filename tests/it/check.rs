//! `aibom check` / `aibom diff`: diff semantics on real git repositories made
//! here (base and head commits), the base commit's policy, every report format.

use std::path::Path;
use std::process::Command;

use aibom::check::{CheckOptions, CheckOutcome, check};
use aibom::vocab::{Code, Kind};
use serde_json::Value;

use crate::common::{catalog, git, shared, write_tree};

/// A repository with a base commit and a head commit.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new(base: &[(&str, &[u8])]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), &["init", "-q"]);
        write_tree(dir.path(), base);
        git(dir.path(), &["add", "-A"]);
        git(dir.path(), &["commit", "-q", "--allow-empty", "-m", "base"]);
        git(dir.path(), &["tag", "base"]);
        Repo { dir }
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn head(&self, write: &[(&str, &[u8])], remove: &[&str], renames: &[(&str, &str)]) {
        for (from, to) in renames {
            if let Some(parent) = self.path().join(to).parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            git(self.path(), &["mv", from, to]);
        }
        for r in remove {
            git(self.path(), &["rm", "-q", r]);
        }
        write_tree(self.path(), write);
        git(self.path(), &["add", "-A"]);
        git(
            self.path(),
            &["commit", "-q", "--allow-empty", "-m", "head"],
        );
    }
    fn check(&self) -> CheckOutcome {
        let opts = CheckOptions {
            repo: self.path().to_path_buf(),
            base: "base".into(),
            head: "HEAD".into(),
            config: None,
            progress: false,
        };
        check(&opts, catalog()).expect("check")
    }
    fn cli(&self, extra: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_aibom"))
            .args([
                "check",
                "--repo",
                self.path().to_str().unwrap(),
                "--base",
                "base",
                "--head",
                "HEAD",
            ])
            .args(extra)
            .output()
            .expect("aibom runs")
    }
}

fn keys(items: &[aibom::report::json::Entry]) -> Vec<String> {
    items
        .iter()
        .map(|e| format!("{}:{}", e.kind.as_str(), e.id))
        .collect()
}

const OPENAI: &[u8] =
    b"import openai\nclient = openai.OpenAI()\nclient.chat.completions.create(model=\"gpt-4o\")\n";

#[test]
fn moves_renames_reformatting_and_second_call_sites_are_not_changes() {
    let repo = Repo::new(&[("app/chat.py", OPENAI), ("app/other.py", b"x = 1\n")]);
    let reformatted = b"import openai\n\n\nclient = openai.OpenAI()\n\nclient.chat.completions.create(\n    model=\"gpt-4o\",\n)\n";
    repo.head(
        &[
            ("src/chat_v2.py", reformatted),
            (
                "app/other.py",
                b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o\")\n",
            ),
        ],
        &[],
        &[("app/chat.py", "src/chat_v2.py")],
    );
    let out = repo.check();
    assert!(out.report.added.is_empty(), "{:?}", keys(&out.report.added));
    assert!(
        out.report.removed.is_empty(),
        "{:?}",
        keys(&out.report.removed)
    );
    assert!(out.report.changed.is_empty());
    assert_eq!(
        aibom::report::markdown::headline(&out.report),
        "No AI changes"
    );
}

#[test]
fn additions_have_head_evidence_and_removals_base_evidence() {
    let repo = Repo::new(&[
        ("app/chat.py", OPENAI),
        (
            "app/legacy.py",
            b"import cohere\ncohere.ClientV2().chat(model=\"command-r\")\n",
        ),
    ]);
    repo.head(&[("app/claude.py", b"from anthropic import Anthropic\n\nAnthropic().messages.create(model=\"claude-3-5-haiku-latest\")\n")], &["app/legacy.py"], &[]);
    let r = repo.check().report;
    let added = keys(&r.added);
    assert!(
        added.contains(&"model:claude-3-5-haiku-latest".to_string()),
        "{added:?}"
    );
    let claude = r
        .added
        .iter()
        .find(|e| e.id == "claude-3-5-haiku-latest")
        .unwrap();
    assert_eq!(
        (
            claude.provider.as_deref(),
            claude.evidence[0].file.as_str(),
            claude.evidence[0].line
        ),
        (Some("anthropic"), "app/claude.py", Some(3))
    );
    let removed = keys(&r.removed);
    assert!(
        removed.contains(&"model:command-r".to_string()),
        "{removed:?}"
    );
    assert_eq!(
        r.removed
            .iter()
            .find(|e| e.id == "command-r")
            .unwrap()
            .evidence[0]
            .file,
        "app/legacy.py"
    );
    assert!(!removed.iter().any(|k| k.contains("gpt-4o")));
}

#[test]
fn prose_comments_and_messages_are_not_components() {
    let repo = Repo::new(&[("app/chat.py", OPENAI)]);
    let py = b"import openai\nclient = openai.OpenAI()\nclient.chat.completions.create(model=\"gpt-4o\")\n# TODO: try claude-3-opus via https://api.anthropic.com/v1/messages\nprint(\"see https://api.mistral.ai/v1/chat/completions\")\n";
    repo.head(
        &[
            ("app/chat.py", py),
            (
                "docs/models.md",
                b"We compared GPT-4 with Claude 3 and Gemini.\n",
            ),
            (
                "README.md",
                b"# Demo\nUses `gpt-4o-mini` from https://api.openai.com/v1/chat/completions\n",
            ),
        ],
        &[],
        &[],
    );
    let r = repo.check().report;
    assert!(
        r.added.is_empty() && r.removed.is_empty() && r.changed.is_empty(),
        "{:?}",
        keys(&r.added)
    );
}

#[test]
fn version_weight_revision_and_base_model_changes() {
    let st = crate::weights::safetensors();
    let mut st2 = st.clone();
    *st2.last_mut().unwrap() = 9;
    let repo = Repo::new(&[
        ("requirements.txt", b"openai==1.40.0\nrequests==2.31.0\n"),
        ("models/m.safetensors", &st),
        ("ml/load.py", b"from transformers import AutoModel\nAutoModel.from_pretrained(\"bert-base-uncased\", revision=\"v1.0\")\n"),
        ("ft/adapter_config.json", br#"{"base_model_name_or_path": "mistralai/Mistral-7B-v0.1", "peft_type": "LORA"}"#),
    ]);
    repo.head(
        &[
            ("requirements.txt", b"openai==1.51.0\nrequests==2.31.0\n"),
            ("models/m.safetensors", &st2),
            ("ml/load.py", b"from transformers import AutoModel\nAutoModel.from_pretrained(\"bert-base-uncased\", revision=\"v2.0\")\n"),
            ("ft/adapter_config.json", br#"{"base_model_name_or_path": "mistralai/Mistral-7B-v0.3", "peft_type": "LORA"}"#),
        ],
        &[],
        &[],
    );
    let r = repo.check().report;
    let change = |field: &str, id: &str| {
        r.changed
            .iter()
            .find(|c| c.field == field && c.id == id)
            .unwrap_or_else(|| panic!("no {field} change of {id}: {:?}", r.changed))
    };
    let v = change("version", "openai");
    assert_eq!((v.from.as_str(), v.to.as_str()), ("1.40.0", "1.51.0"));
    assert_eq!(
        change("sha256", "models/m.safetensors").kind,
        Kind::WeightFile
    );
    let rev = change("revision", "bert-base-uncased");
    assert_eq!((rev.from.as_str(), rev.to.as_str()), ("v1.0", "v2.0"));
    let b = change("base_model", "ft");
    assert!(b.to.contains("Mistral-7B-v0.3"));
    assert!(
        !r.changed.iter().any(|c| c.id == "requests"),
        "an unchanged package is not a change"
    );
    // The new base model is itself a new hub model; the old one is gone.
    assert!(keys(&r.added).contains(&"hub-model:mistralai/Mistral-7B-v0.3".to_string()));
}

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
fn no_secret_in_any_format() {
    let key = "sk-proj-ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210abcd";
    let repo = Repo::new(&[]);
    let py = format!(
        "import openai\nclient = openai.OpenAI(api_key=\"{key}\"); client.chat.completions.create(model=\"gpt-4o\")\n"
    );
    repo.head(
        &[
            ("app/leak.py", py.as_bytes()),
            (".env", format!("OPENAI_API_KEY={key}\n").as_bytes()),
        ],
        &[],
        &[],
    );
    for format in ["markdown", "json", "sarif", "github-check"] {
        let out = repo.cli(&["--format", format]);
        assert!(
            out.status.code() == Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains(key) && !text.contains(&key[8..]),
            "{format} leaks the key"
        );
        assert!(text.contains("gpt-4o"), "{format} still reports the model");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_aibom"))
        .args(["scan", repo.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains(key));
}

/// An added model of the JSON report, first seen at `file:line`.
fn model_entry(id: &str, provider: &str, file: &str, line: u32) -> aibom::report::json::Entry {
    aibom::report::json::Entry {
        kind: Kind::Model,
        id: id.into(),
        provider: Some(provider.into()),
        ai: true,
        evidence: vec![aibom::report::json::Location {
            file: file.into(),
            line: Some(line),
        }],
        policy: Vec::new(),
        base_model: None,
        datasets: Vec::new(),
        ecosystem: None,
        version: None,
        test_only: false,
    }
}

#[test]
fn markdown_is_bounded_and_marked() {
    let entry = |i: usize| {
        model_entry(
            &format!("model-{i}-{}", "x".repeat(40)),
            "openai",
            &format!("src/very/long/path/number/{i}/file.py"),
            7,
        )
    };
    let r = aibom::report::json::Report {
        base: "a".into(),
        head: "b".into(),
        verdict: aibom::policy::Verdict::Pass,
        risk_tier: None,
        new_providers: Vec::new(),
        added: (0..5000).map(entry).collect(),
        removed: Vec::new(),
        changed: Vec::new(),
        warnings: Vec::new(),
    };
    let md = aibom::report::markdown::render(&r, &Default::default());
    assert!(md.chars().count() <= aibom::report::markdown::MAX_COMMENT);
    assert!(md.trim_end().ends_with(aibom::report::markdown::MARKER));
    assert!(
        md.contains("5000 new AI models") && md.contains("Shortened to fit"),
        "{}",
        &md[..300]
    );
    // The huge PR as a reviewer sees it: its head and its end.
    let lines: Vec<&str> = md.lines().collect();
    let shape = [&lines[..8], &["…"], &lines[lines.len() - 8..]]
        .concat()
        .join("\n");
    insta::assert_snapshot!("markdown_huge_pr", shape);
    let small = aibom::report::json::Report {
        added: Vec::new(),
        ..r
    };
    let md = aibom::report::markdown::render(&small, &Default::default());
    assert!(
        md.contains("No AI changes") && md.trim_end().ends_with(aibom::report::markdown::MARKER)
    );
}

#[test]
fn a_file_listing_many_models_folds_into_one_row_with_a_count() {
    let mut added: Vec<_> = (0..8)
        .map(|i| {
            model_entry(
                &format!("claude-{i}"),
                "anthropic",
                "lib/ai/models.ts",
                i + 1,
            )
        })
        .collect();
    added.push(model_entry("gpt-4o-mini", "openai", "lib/ai/models.ts", 20));
    // Five from one file stay rows; so does one with a policy result.
    added.extend((0..5).map(|i| model_entry(&format!("gemini-{i}"), "google", "app/g.py", i + 1)));
    let mut failing = model_entry("claude-x", "anthropic", "lib/ai/models.ts", 30);
    failing.policy.push(aibom::policy::RuleResult {
        rule: aibom::policy::RuleId::Deny(aibom::policy::ListName::Providers),
        level: aibom::policy::Level::Failure,
        message: aibom::policy::Message(vec![aibom::policy::Part::Text("denied")]),
    });
    added.push(failing);
    let r = aibom::report::json::Report {
        base: "a".into(),
        head: "b".into(),
        verdict: aibom::policy::Verdict::Fail,
        risk_tier: None,
        new_providers: vec!["deepseek".into()],
        added,
        removed: Vec::new(),
        changed: Vec::new(),
        warnings: Vec::new(),
    };
    let md = aibom::report::markdown::render(&r, &Default::default());
    let rows: Vec<&str> = md.lines().filter(|l| l.contains(" | model | ")).collect();
    assert_eq!(rows.len(), 1 + 5 + 1, "{md}");
    let folded = rows
        .iter()
        .find(|l| l.contains("9 ids:"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(folded.contains("anthropic, openai"), "{folded}");
    assert!(
        folded.contains("`claude-0`, `claude-1`, `claude-2`, …"),
        "{folded}"
    );
    assert!(
        rows.iter()
            .any(|l| l.contains("`claude-x`") && l.contains("denied"))
    );
    // The headline still counts every component.
    assert!(md.contains("15 new AI models"), "{md}");
}

/// The check-run payload, as the publisher sends it (head_sha added, at most 50
/// annotations a request), is valid against GitHub's own OpenAPI schema.
#[test]
fn check_run_payload_validates_against_github_openapi_and_sarif_has_its_shape() {
    let repo = Repo::new(&[]);
    let many: String = (0..60)
        .map(|i| format!("client.chat.completions.create(model=\"gpt-4o-{i}\")\n"))
        .collect();
    repo.head(
        &[(
            "app/many.py",
            format!("import openai\nclient = openai.OpenAI()\n{many}").as_bytes(),
        )],
        &[],
        &[],
    );
    let out = repo.cli(&["--format", "github-check"]);
    assert_eq!(out.status.code(), Some(0));
    let mut payload: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(payload["name"], "aibom");
    assert_eq!(payload["conclusion"], "success");
    let annotations = payload["output"]["annotations"].as_array().unwrap().clone();
    assert_eq!(annotations.len(), 61, "60 models and the SDK endpoint");
    assert_eq!(annotations[0]["path"], "app/many.py");
    let api: Value = serde_json::from_str(
        &std::fs::read_to_string(
            shared().join("fixtures/github/openapi/api.github.com.subset.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let schema = api.pointer("/paths/~1repos~1{owner}~1{repo}~1check-runs/post/requestBody/content/application~1json/schema").unwrap().clone();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .unwrap();
    payload["head_sha"] = Value::String("0".repeat(40));
    for batch in annotations.chunks(aibom::report::check_run::ANNOTATIONS_PER_REQUEST) {
        payload["output"]["annotations"] = Value::Array(batch.to_vec());
        let errors: Vec<String> = validator
            .iter_errors(&payload)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    payload["conclusion"] = Value::String("green".into());
    assert!(!validator.is_valid(&payload), "the schema check can fail");

    let out = repo.cli(&["--format", "sarif"]);
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 61);
    let model = results
        .iter()
        .find(|r| r["ruleId"] == "aibom/new-model")
        .unwrap();
    assert_eq!(
        model["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "app/many.py"
    );
    assert!(
        model["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
            >= 3
    );
    let rule_ids: Vec<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        results
            .iter()
            .all(|r| rule_ids.contains(&r["ruleId"].as_str().unwrap()))
    );
}

#[test]
fn the_head_scan_reuses_the_base_scans_blobs() {
    let mut files: Vec<(String, Vec<u8>)> = (0..50)
        .map(|i| {
            (
                format!("src/m{i}.py"),
                format!(
                    "import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-{i}\")\n"
                )
                .into_bytes(),
            )
        })
        .collect();
    files.push(("requirements.txt".into(), b"openai==1.0.0\n".to_vec()));
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let repo = Repo::new(&refs);
    repo.head(
        &[(
            "src/m0.py",
            b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-new\")\n",
        )],
        &[],
        &[],
    );
    let out = repo.check();
    let (hits, misses) = out.cache;
    assert_eq!(
        misses,
        51 + 1,
        "every base blob once, and the one changed head blob"
    );
    assert_eq!(hits, 50, "the head's unchanged blobs are not read again");
    assert_eq!(keys(&out.report.added), ["model:gpt-new"]);
    assert_eq!(keys(&out.report.removed), ["model:gpt-0"]);
}

#[test]
fn diff_of_two_saved_boms() {
    let repo = Repo::new(&[
        ("app/chat.py", OPENAI),
        ("requirements.txt", b"openai==1.40.0\n"),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let base_bom = dir.path().join("base.cdx.json");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_aibom"))
            .args(args)
            .output()
            .unwrap()
    };
    assert!(
        run(&[
            "scan",
            repo.path().to_str().unwrap(),
            "--rev",
            "base",
            "-o",
            base_bom.to_str().unwrap()
        ])
        .status
        .success()
    );
    repo.head(&[("app/claude.py", b"import anthropic\nanthropic.Anthropic().messages.create(model=\"claude-3-5-haiku-latest\")\n"), ("requirements.txt", b"openai==1.51.0\n")], &[], &[]);
    let head_bom = dir.path().join("head.cdx.json");
    assert!(
        run(&[
            "scan",
            repo.path().to_str().unwrap(),
            "--rev",
            "HEAD",
            "-o",
            head_bom.to_str().unwrap()
        ])
        .status
        .success()
    );
    let out = run(&[
        "diff",
        base_bom.to_str().unwrap(),
        head_bom.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let added: Vec<String> = json["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{}",
                e["kind"].as_str().unwrap(),
                e["id"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        added.contains(&"model:claude-3-5-haiku-latest".to_string()),
        "{added:?}"
    );
    assert!(!added.iter().any(|a| a.contains("gpt-4o")));
    let changed = &json["changed"].as_array().unwrap()[0];
    assert_eq!(
        (
            changed["field"].as_str(),
            changed["from"].as_str(),
            changed["to"].as_str()
        ),
        (Some("version"), Some("1.40.0"), Some("1.51.0"))
    );
    let same = run(&[
        "diff",
        base_bom.to_str().unwrap(),
        base_bom.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_slice(&same.stdout).unwrap();
    assert!(
        json["added"].as_array().unwrap().is_empty()
            && json["changed"].as_array().unwrap().is_empty()
    );
}

/// The official SARIF 2.1.0 schema. Its language-tag pattern (used by two
/// properties) has a lone `]`, a literal in ECMA-262 regexes but an error in
/// Rust's dialect; it is translated (escaped, same meaning) so the schema
/// compiles. Nothing else changes.
fn sarif_validator() -> jsonschema::Validator {
    let raw = include_str!("../schemas/sarif-2.1.0-rtm.5.json");
    let ecma = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert_eq!(
        raw.matches(ecma).count(),
        2,
        "the pattern being translated is the one expected"
    );
    let text = raw.replace(ecma, r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#);
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .unwrap()
}

/// A change with a bit of everything, rendered for people: snapshots.
#[test]
fn report_snapshots_and_sarif_schema() {
    let policy = b"risk-tier: limited\nfail-on:\n  new-provider: failure\n  new-model: warning\n  unpinned-hub-model: warning\n";
    let repo = Repo::new(&[
        (".aibom.yml", policy),
        ("app/chat.py", OPENAI),
        (
            "app/old.py",
            b"import cohere\ncohere.ClientV2().chat(model=\"command-r\")\n",
        ),
        ("requirements.txt", b"openai==1.40.0\n"),
    ]);
    repo.head(
        &[
            ("app/claude.py", b"from anthropic import Anthropic\n\nAnthropic().messages.create(model=\"claude-3-5-haiku-latest\")\n"),
            ("ml/train.py", b"from transformers import AutoModel\nfrom datasets import load_dataset\nAutoModel.from_pretrained(\"meta-llama/Llama-3.1-8B\")\nload_dataset(\"tatsu-lab/alpaca\")\n"),
            ("ft/adapter_config.json", br#"{"base_model_name_or_path": "mistralai/Mistral-7B-v0.1", "peft_type": "LORA"}"#),
            ("ft/README.md", b"---\nbase_model: mistralai/Mistral-7B-v0.1\ndatasets: [tatsu-lab/alpaca]\nlicense: apache-2.0\n---\n# support bot\n"),
            ("requirements.txt", b"openai==1.51.0\ntransformers==4.44.2\n"),
        ],
        &["app/old.py"],
        &[],
    );
    let md = repo.cli(&[
        "--format",
        "markdown",
        "--repo-url",
        "https://github.com/acme/assistant",
    ]);
    assert_eq!(md.status.code(), Some(1));
    insta::assert_snapshot!("check_markdown", String::from_utf8(md.stdout).unwrap());
    let gh = repo.cli(&["--format", "github-check"]);
    let payload: Value = serde_json::from_slice(&gh.stdout).unwrap();
    insta::assert_snapshot!(
        "check_run_output_summary",
        payload["output"]["summary"].as_str().unwrap()
    );
    insta::assert_json_snapshot!("check_run_annotations", payload["output"]["annotations"]);
    let sarif: Value = serde_json::from_slice(&repo.cli(&["--format", "sarif"]).stdout).unwrap();
    let v = sarif_validator();
    let errors: Vec<String> = v
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut bad = sarif.clone();
    bad["runs"][0]["results"][0]["level"] = Value::String("fatal".into());
    assert!(!v.is_valid(&bad), "the SARIF schema check can fail");
}

#[test]
fn a_change_to_configuration_or_another_language_is_a_change() {
    let go = |model: &str| {
        format!(
            "package main\n\nimport openai \"github.com/sashabaranov/go-openai\"\n\nvar req = openai.ChatCompletionRequest{{Model: {model}}}\n"
        )
    };
    let base_go = go("openai.GPT4o");
    let repo = Repo::new(&[("svc/chat.go", base_go.as_bytes())]);
    let head_go = go("openai.GPT4oMini");
    let compose = b"services:\n  llm:\n    image: vllm/vllm-openai:v0.6.4\n    command: [\"--model\", \"Qwen/Qwen2.5-7B-Instruct\"]\n";
    let tf = b"resource \"azurerm_cognitive_deployment\" \"d\" {\n  model {\n    format = \"OpenAI\"\n    name   = \"gpt-4.1\"\n    version = \"2025-04-14\"\n  }\n}\n";
    repo.head(
        &[
            ("svc/chat.go", head_go.as_bytes()),
            ("deploy/docker-compose.yml", compose),
            ("infra/ai.tf", tf),
        ],
        &[],
        &[],
    );
    let r = repo.check().report;
    let added = keys(&r.added);
    for want in [
        "model:gpt-4o-mini",
        "hub-model:Qwen/Qwen2.5-7B-Instruct",
        "service:vllm/vllm-openai",
        "model:gpt-4.1",
    ] {
        assert!(added.contains(&want.to_string()), "{want} not in {added:?}");
    }
    let removed = keys(&r.removed);
    assert_eq!(removed, ["model:gpt-4o"], "{removed:?}");
    let qwen = r
        .added
        .iter()
        .find(|e| e.id == "Qwen/Qwen2.5-7B-Instruct")
        .unwrap();
    assert_eq!(
        (qwen.evidence[0].file.as_str(), qwen.evidence[0].line),
        ("deploy/docker-compose.yml", Some(4))
    );
}

/// Notes on files the change left alone stay in the BOM, out of the report
/// (real PRs repeated 27–34 repository-wide notes on every comment).
#[test]
fn the_report_notes_only_files_the_change_touched() {
    let broken: &[u8] = b"{\n  \"model\": \"gpt-4o\",\n  \"x\": [1, 2,\n}\n";
    let repo = Repo::new(&[("conf/broken.json", broken)]);
    repo.head(&[("app/chat.py", b"import openai\n")], &[], &[]);
    let out = repo.check();
    assert!(
        out.head
            .warnings
            .iter()
            .any(|w| w.file == "conf/broken.json"),
        "the BOM keeps it: {:?}",
        out.head.warnings
    );
    assert!(out.report.warnings.is_empty(), "{:?}", out.report.warnings);
    // Touch it, and its note is the change's business.
    repo.head(&[("conf/broken.json", b"{\n  \"model\": [\n}\n")], &[], &[]);
    let out = repo.check();
    assert_eq!(out.report.warnings.len(), 1, "{:?}", out.report.warnings);
    let note = &out.report.warnings[0];
    assert_eq!(
        (note.code, note.file.as_str()),
        (Code::ParseError, "conf/broken.json")
    );
    // The JSON report gives each note its stable code.
    let json = serde_json::to_value(&out.report).unwrap();
    assert_eq!(json["warnings"][0]["code"], "parse-error", "{json}");
    assert_eq!(json["warnings"][0]["file"], "conf/broken.json", "{json}");
}

/// JSON with comments and trailing commas (VS Code, devcontainers) is read, not a note.
#[test]
fn json_with_comments_is_read() {
    let repo = Repo::new(&[]);
    repo.head(
        &[(
            ".devcontainer/devcontainer.json",
            // The shape VS Code writes: tabs, comments with URLs, a trailing comma.
            b"{\n\t\"name\": \"Python 3\",\n\t// Features to add to the dev container. More info: https://containers.dev/features.\n\t// \"features\": {},\n\t\"image\": \"mcr.microsoft.com/devcontainers/python:1-3.12\",\n\t\"mcpServers\": {\"x\": {\"command\": \"npx\", \"args\": [\"-y\", \"srv\"],\n\t\t\"env\": {\"ANTHROPIC_API_KEY\": \"k\"}, /* key */ },\n\t},\n}\n",
        )],
        &[],
        &[],
    );
    let out = repo.check();
    assert!(out.report.warnings.is_empty(), "{:?}", out.report.warnings);
    assert!(
        keys(&out.report.added).contains(&"env-var:ANTHROPIC_API_KEY".to_string()),
        "{:?}",
        keys(&out.report.added)
    );
}

/// A licence learned for a version that did not change is no change (a real
/// lockfile regeneration showed 111 such "changes"); with a new version it is.
#[test]
fn a_licence_learned_for_the_same_version_is_not_a_change() {
    let lock = |version: &str, license: &str| {
        format!(
            "{{\"name\": \"a\", \"lockfileVersion\": 3, \"packages\": {{\"\": {{\"name\": \"a\", \"dependencies\": {{\"left-pad\": \"^1\"}}}},\n\"node_modules/left-pad\": {{\"version\": \"{version}\"{license}}}}}}}\n"
        )
    };
    let repo = Repo::new(&[("package-lock.json", lock("1.3.0", "").as_bytes())]);
    repo.head(
        &[(
            "package-lock.json",
            lock("1.3.0", ", \"license\": \"WTFPL\"").as_bytes(),
        )],
        &[],
        &[],
    );
    let out = repo.check();
    assert!(out.report.changed.is_empty(), "{:?}", out.report.changed);
    repo.head(
        &[(
            "package-lock.json",
            lock("1.3.1", ", \"license\": \"MIT\"").as_bytes(),
        )],
        &[],
        &[],
    );
    let fields: Vec<String> = repo
        .check()
        .report
        .changed
        .iter()
        .map(|c| format!("{}:{}->{}", c.field, c.from, c.to))
        .collect();
    assert!(
        fields.contains(&"version:1.3.0->1.3.1".to_string()),
        "{fields:?}"
    );
    assert!(fields.contains(&"license:->MIT".to_string()), "{fields:?}");
}
