//! The report stage: every format (markdown, JSON, SARIF, GitHub check run,
//! table) — bounded, escaped, secret-free, snapshotted and schema-checked.

use std::process::Command;

use aibom::vocab::{Code, Kind};
use serde_json::Value;

use crate::common::shared;
use crate::repo::{OPENAI, Repo};

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
        switched: Vec::new(),
        warnings: Vec::new(),
    };
    let md = aibom::report::markdown::render(&r, &Default::default());
    assert!(md.chars().count() <= aibom::report::markdown::MAX_COMMENT);
    assert!(md.trim_end().ends_with(aibom::report::markdown::MARKER));
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
    insta::assert_snapshot!("markdown_no_changes", md);
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
        switched: Vec::new(),
        warnings: Vec::new(),
    };
    let md = aibom::report::markdown::render(&r, &Default::default());
    let rows: Vec<&str> = md.lines().filter(|l| l.contains(" | model | ")).collect();
    assert_eq!(rows.len(), 1 + 5 + 1, "{md}");
    // The folded row (with its count), the five rows and the failing one;
    // the headline still counts every component.
    insta::assert_snapshot!("markdown_folded_rows", md);
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
    let validator = check_run_validator();
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

/// GitHub's own schema of a check run's create request (`POST …/check-runs`).
pub(crate) fn check_run_validator() -> jsonschema::Validator {
    let api: Value = serde_json::from_str(
        &std::fs::read_to_string(
            shared().join("fixtures/github/openapi/api.github.com.subset.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let schema = api.pointer("/paths/~1repos~1{owner}~1{repo}~1check-runs/post/requestBody/content/application~1json/schema").unwrap().clone();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .unwrap()
}

/// The official SARIF 2.1.0 schema. Its language-tag pattern (used by two
/// properties) has a lone `]`, a literal in ECMA-262 regexes but an error in
/// Rust's dialect; it is translated (escaped, same meaning) so the schema
/// compiles. Nothing else changes.
pub(crate) fn sarif_validator() -> jsonschema::Validator {
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
    let mut rest = payload.clone();
    for part in ["summary", "annotations", "text"] {
        rest["output"].as_object_mut().unwrap().remove(part);
    }
    insta::assert_json_snapshot!("check_run_payload", rest);
    assert_eq!(
        payload["output"]["text"],
        String::from_utf8(repo.cli(&["--format", "markdown"]).stdout).unwrap(),
        "the check run's text is the markdown report"
    );
    let report: Value = serde_json::from_slice(&repo.cli(&["--format", "json"]).stdout).unwrap();
    insta::assert_json_snapshot!("check_json", report);
    let table = repo.scan_cli(&["--rev", "HEAD", "--format", "table"]);
    insta::assert_snapshot!("scan_table", String::from_utf8(table.stdout).unwrap());
    let mut sarif: Value =
        serde_json::from_slice(&repo.cli(&["--format", "sarif"]).stdout).unwrap();
    let mut shown = sarif.clone();
    shown["runs"][0]["tool"]["driver"]["version"] = "[version]".into();
    insta::assert_json_snapshot!("check_sarif", shown);
    sarif["runs"][0]["tool"]["driver"]["version"] = env!("CARGO_PKG_VERSION").into();
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
