//! Switches: one place that used model A now uses model B while both stay in
//! use elsewhere (a default changed). Identity diff sees nothing there; the
//! switch is reported at the place, judged by the allow and deny lists, and
//! found the same from saved BOMs. Moves, list edits, tests and lines
//! rewritten in more than one place are no switch.

use std::process::Command;

use crate::repo::Repo;

/// Python: the default model, read from an env var with a fallback. The
/// registry keeps both ids in use, so neither is added or removed.
const DEFAULTS_BASE: &[u8] = b"import os\nfrom openai import OpenAI\n\n\ndef default_model() -> str:\n    return os.getenv(\"APP_MODEL\", \"gpt-4.1\").lower()\n";
const DEFAULTS_HEAD: &[u8] = b"import os\nfrom openai import OpenAI\n\n\n# The newer mini model is cheaper.\ndef default_model() -> str:\n    return os.getenv(\"APP_MODEL\", \"gpt-5.4-mini\").lower()\n";
const REGISTRY: &[u8] = b"from openai import OpenAI\n\nKNOWN = [\"gpt-4.1\", \"gpt-5.4-mini\", \"gpt-4o\", \"gpt-4o-mini\", \"o3-mini\"]\n";
/// TypeScript: a default beside its type.
const TS_BASE: &[u8] =
    b"import OpenAI from \"openai\";\n\nexport const DEFAULT_MODEL = \"gpt-4o\";\n";
const TS_HEAD: &[u8] =
    b"import OpenAI from \"openai\";\n\nexport const DEFAULT_MODEL = \"o3-mini\";\n";
/// Decoy: a list loses one id and gains another on an unrelated line.
const LIST_BASE: &[u8] = b"from openai import OpenAI\n\nFAST = [\n    \"gpt-4o-mini\",\n]\nSMART = [\n    \"gpt-4o\",\n]\n";
const LIST_HEAD: &[u8] = b"from openai import OpenAI\n\nFAST = [\n    \"gpt-4o-mini\",\n    \"o3-mini\",\n]\nSMART = [\n]\n";
/// A bare list element replaced where it stood (a script's `--model` argument).
const ARGS_BASE: &[u8] = b"from openai import OpenAI\n\nCMD = [\n    \"aider\",\n    \"--model\",\n    \"gpt-4o-mini\",\n]\n";
const ARGS_HEAD: &[u8] = b"from openai import OpenAI\n\nCMD = [\n    \"aider\",\n    \"--model\",\n    \"gpt-4.1\",\n]\n";
/// Decoy: one line with two ids changed is a rewrite, not one place switched.
const PAIR_BASE: &[u8] =
    b"from openai import OpenAI\n\nROUTES = {\"fast\": \"gpt-4o-mini\", \"smart\": \"gpt-4.1\"}\n";
const PAIR_HEAD: &[u8] =
    b"from openai import OpenAI\n\nROUTES = {\"fast\": \"o3-mini\", \"smart\": \"gpt-4o\"}\n";
/// Decoy: a test switching its model.
const TEST_BASE: &[u8] =
    b"from openai import OpenAI\n\nOpenAI().chat.completions.create(model=\"gpt-4o\")\n";
const TEST_HEAD: &[u8] =
    b"from openai import OpenAI\n\nOpenAI().chat.completions.create(model=\"gpt-4.1\")\n";

fn repo(policy: &[u8]) -> Repo {
    let repo = Repo::new(&[
        (".aibom.yml", policy),
        ("app/defaults.py", DEFAULTS_BASE),
        ("app/registry.py", REGISTRY),
        ("web/defaults.ts", TS_BASE),
        ("app/lists.py", LIST_BASE),
        ("app/routes.py", PAIR_BASE),
        ("scripts/history.py", ARGS_BASE),
        ("tests/test_chat.py", TEST_BASE),
        // Decoy: a call that moves to another file.
        (
            "app/old.py",
            b"from openai import OpenAI\nOpenAI().chat.completions.create(model=\"gpt-4o-mini\")\n",
        ),
    ]);
    repo.head(
        &[
            ("app/defaults.py", DEFAULTS_HEAD),
            ("web/defaults.ts", TS_HEAD),
            ("app/lists.py", LIST_HEAD),
            ("app/routes.py", PAIR_HEAD),
            ("scripts/history.py", ARGS_HEAD),
            ("tests/test_chat.py", TEST_HEAD),
            (
                "app/new.py",
                b"from openai import OpenAI\nOpenAI().chat.completions.create(model=\"gpt-4o-mini\")\n",
            ),
        ],
        &["app/old.py"],
        &[],
    );
    repo
}

fn switches(r: &aibom::report::json::Report) -> Vec<String> {
    r.switched
        .iter()
        .map(|s| {
            format!(
                "{}->{} at {}:{}",
                s.from,
                s.to,
                s.at.file,
                s.at.line.unwrap_or(0)
            )
        })
        .collect()
}

#[test]
fn a_default_switched_between_ids_in_use_is_reported_at_its_place() {
    let repo = repo(b"fail-on: [new-model]\n");
    let r = repo.check().report;
    assert!(r.added.is_empty(), "{:?}", crate::repo::keys(&r.added));
    assert!(r.removed.is_empty(), "{:?}", crate::repo::keys(&r.removed));
    assert_eq!(
        switches(&r),
        [
            "gpt-4.1->gpt-5.4-mini at app/defaults.py:7",
            "gpt-4o-mini->gpt-4.1 at scripts/history.py:6",
            "gpt-4o->o3-mini at web/defaults.ts:3",
        ]
    );
    assert_eq!(r.switched[0].provider.as_deref(), Some("openai"));
    // The model it now uses is not new: `fail-on: new-model` says nothing.
    assert!(r.switched.iter().all(|s| s.policy.is_empty()));
    assert_eq!(r.verdict.as_str(), "pass");
    assert_eq!(aibom::report::markdown::headline(&r), "3 models switched");
    let md = aibom::report::markdown::render(&r, &Default::default());
    assert!(md.contains("### Switched models"), "{md}");
    assert!(
        md.contains("| model | `gpt-4.1` | `gpt-5.4-mini` | openai | `app/defaults.py:7` | — |"),
        "{md}"
    );
    let notes = aibom::report::check_run::annotations(&r);
    let at: Vec<_> = notes
        .iter()
        .map(|a| (a.path.as_str(), a.start_line, a.title.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            ("app/defaults.py", 7, "aibom: switched model"),
            ("scripts/history.py", 6, "aibom: switched model"),
            ("web/defaults.ts", 3, "aibom: switched model"),
        ]
    );
    let sarif = aibom::report::sarif::render(&r);
    let rules: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["aibom/switched-model"; 3]);
    let errors: Vec<String> = crate::report::sarif_validator()
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let out = repo.cli(&["--format", "github-check"]);
    let mut payload: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        payload["output"]["annotations"].as_array().unwrap().len(),
        3
    );
    payload["head_sha"] = serde_json::Value::String("0".repeat(40));
    let errors: Vec<String> = crate::report::check_run_validator()
        .iter_errors(&payload)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// pr-agent e71c0f18: comment lines added above the settings, the default
/// and its fallback swapped. Both ids stay in the file, on other lines; each
/// key is the one place of its kind on each side, so each is a switch.
#[test]
fn a_default_and_its_fallback_swapped_below_new_lines_are_two_switches() {
    let repo = Repo::new(&[
        (
            "settings/configuration.toml",
            b"[config]\nmodel=\"gpt-4.1\"\nfallback_models=[\"gpt-4o\"]\n",
        ),
        ("app/registry.py", REGISTRY),
    ]);
    repo.head(
        &[(
            "settings/configuration.toml",
            b"# Every option, with its default.\n# Override only what you need.\n\n[config]\nmodel=\"gpt-4o\"\nfallback_models=[\"gpt-4.1\"]\n",
        )],
        &[],
        &[],
    );
    let r = repo.check().report;
    assert!(r.added.is_empty(), "{:?}", crate::repo::keys(&r.added));
    assert!(r.removed.is_empty(), "{:?}", crate::repo::keys(&r.removed));
    assert_eq!(
        switches(&r),
        [
            "gpt-4.1->gpt-4o at settings/configuration.toml:5",
            "gpt-4o->gpt-4.1 at settings/configuration.toml:6",
        ]
    );
}

/// Decoy: two places of one construct (two lists' elements) below new lines;
/// neither is the one place of its kind, so a line that moved is no switch.
#[test]
fn elements_of_a_list_moved_down_are_no_switch() {
    let repo = Repo::new(&[
        (
            "settings/models.toml",
            b"[config]\nfallback_models=[\"gpt-4.1\", \"gpt-4o\"]\n",
        ),
        ("app/registry.py", REGISTRY),
    ]);
    repo.head(
        &[(
            "settings/models.toml",
            b"# Tried in order.\n[config]\nfallback_models=[\"gpt-4o\", \"gpt-4.1\"]\n",
        )],
        &[],
        &[],
    );
    let r = repo.check().report;
    assert!(r.switched.is_empty(), "{:?}", switches(&r));
}

#[test]
fn a_switch_to_a_denied_model_fails_the_check() {
    let repo = repo(b"deny:\n  models: [\"o3-*\"]\n");
    let r = repo.check().report;
    assert_eq!(r.verdict.as_str(), "fail");
    let denied: Vec<_> = r
        .switched
        .iter()
        .filter(|s| !s.policy.is_empty())
        .map(|s| s.to.as_str())
        .collect();
    assert_eq!(denied, ["o3-mini"]);
    let md = aibom::report::markdown::render(&r, &Default::default());
    assert!(
        md.contains("model `o3-mini` (switched to) at `web/defaults.ts:3`"),
        "{md}"
    );
}

#[test]
fn saved_boms_show_the_same_switches() {
    let repo = repo(b"{}\n");
    let dir = tempfile::tempdir().unwrap();
    let (base, head) = (dir.path().join("base.json"), dir.path().join("head.json"));
    for (rev, out) in [("base", &base), ("HEAD", &head)] {
        let o = repo.scan_cli(&["--rev", rev, "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = Command::new(env!("CARGO_BIN_EXE_aibom"))
        .args(["diff", base.to_str().unwrap(), head.to_str().unwrap()])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let got: Vec<String> = v["switched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}->{} at {}:{}",
                s["from"].as_str().unwrap(),
                s["to"].as_str().unwrap(),
                s["at"]["file"].as_str().unwrap(),
                s["at"]["line"]
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "gpt-4.1->gpt-5.4-mini at app/defaults.py:7",
            "gpt-4o-mini->gpt-4.1 at scripts/history.py:6",
            "gpt-4o->o3-mini at web/defaults.ts:3",
        ]
    );
}

#[test]
fn no_switch_no_key_in_the_json_report() {
    let repo = Repo::new(&[
        ("app/defaults.py", DEFAULTS_BASE),
        ("app/registry.py", REGISTRY),
    ]);
    repo.head(
        &[("app/registry.py", REGISTRY), ("README.md", b"# docs\n")],
        &[],
        &[],
    );
    let out = repo.cli(&["--format", "json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("switched"), "{text}");
}

#[test]
fn thousands_of_switches_fit_one_comment() {
    let at = |i: u32| aibom::report::json::Location {
        file: format!("src/very/long/path/number/{i}/defaults.py"),
        line: Some(i + 1),
    };
    let r = aibom::report::json::Report {
        base: "a".into(),
        head: "b".into(),
        verdict: aibom::policy::Verdict::Pass,
        risk_tier: None,
        new_providers: Vec::new(),
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
        switched: (0..5000)
            .map(|i| aibom::report::json::Switched {
                kind: aibom::vocab::Kind::Model,
                from: format!("gpt-{i}-{}", "x".repeat(40)),
                from_provider: Some("openai".into()),
                to: format!("gpt-{i}-{}", "y".repeat(40)),
                provider: Some("openai".into()),
                at: at(i),
                policy: Vec::new(),
            })
            .collect(),
        warnings: Vec::new(),
    };
    let md = aibom::report::markdown::render(&r, &Default::default());
    assert!(md.chars().count() <= aibom::report::markdown::MAX_COMMENT);
    assert!(
        md.starts_with("## ✅ aibom: 5000 models switched"),
        "{}",
        &md[..200]
    );
    assert!(md.contains("more."), "the cut is said");
    assert!(md.trim_end().ends_with(aibom::report::markdown::MARKER));
}

/// A default and its fallback swapped: the id still in the file elsewhere
/// switched where it stood (same line). Decoy: two settings reordered is a
/// move, not a switch.
#[test]
fn a_swapped_default_and_fallback_are_two_switches_and_a_reorder_none() {
    let repo = Repo::new(&[
        ("app/registry.py", REGISTRY),
        (
            "app/settings.py",
            b"from openai import OpenAI\n\nDEFAULT_MODEL = \"gpt-4o\"\nFALLBACK_MODEL = \"gpt-4.1\"\n",
        ),
        (
            "app/tiers.py",
            b"from openai import OpenAI\n\nFAST_MODEL = \"gpt-4o-mini\"\nSMART_MODEL = \"o3-mini\"\n",
        ),
    ]);
    repo.head(
        &[
            (
                "app/settings.py",
                b"from openai import OpenAI\n\nDEFAULT_MODEL = \"gpt-4.1\"\nFALLBACK_MODEL = \"gpt-4o-mini\"\n",
            ),
            (
                "app/tiers.py",
                b"from openai import OpenAI\n\nSMART_MODEL = \"o3-mini\"\nFAST_MODEL = \"gpt-4o-mini\"\n",
            ),
        ],
        &[],
        &[],
    );
    let r = repo.check().report;
    assert!(r.added.is_empty() && r.removed.is_empty());
    assert_eq!(
        switches(&r),
        [
            "gpt-4o->gpt-4.1 at app/settings.py:3",
            "gpt-4.1->gpt-4o-mini at app/settings.py:4",
        ]
    );
}

/// Decoy: a union of gateway slugs respelled (`xai/` → `spacexai/`, the same
/// ids) with one entry dropped above: every line now holds another id, yet
/// no id left the file and none came, so nothing switched.
#[test]
fn a_list_respelled_around_the_same_ids_switches_nothing() {
    let repo = Repo::new(&[
        ("app/registry.py", REGISTRY),
        (
            "app/gateway.ts",
            b"import OpenAI from \"openai\";\n\nexport type GatewayModelId =\n  | 'xai/grok-4.1-fast'\n  | 'xai/grok-4.3'\n  | 'xai/grok-4.5'\n  | 'openai/gpt-4o';\n",
        ),
    ]);
    repo.head(
        &[(
            "app/gateway.ts",
            b"import OpenAI from \"openai\";\n\nexport type GatewayModelId =\n  | 'openai/gpt-4o'\n  | 'spacexai/grok-4.1-fast'\n  | 'spacexai/grok-4.3'\n  | 'spacexai/grok-4.5';\n",
        )],
        &[],
        &[],
    );
    let r = repo.check().report;
    assert!(r.switched.is_empty(), "{:?}", switches(&r));
}

/// Decoy: one element of a one-line list replaced (khoj's default Gemini
/// models, `…-pro-preview-05-06` → `…-06-05`). The line's other ids stay
/// where they are; the edited token holds neither, so they did not switch.
/// The replaced element came into the tree and left it: added and removed.
#[test]
fn one_element_of_a_one_line_list_replaced_switches_no_other_element() {
    let table = b"from google import genai\n\nPRICES = {\"gemini-2.0-flash\": 1, \"gemini-2.5-flash\": 2}\n";
    let repo = Repo::new(&[
        ("app/prices.py", table.as_slice()),
        (
            "app/defaults.py",
            b"from google import genai\n\nDEFAULT_GEMINI = [\"gemini-2.0-flash\", \"gemini-2.5-flash\", \"gemini-2.5-pro-preview-05-06\"]\n",
        ),
    ]);
    repo.head(
        &[(
            "app/defaults.py",
            b"from google import genai\n\nDEFAULT_GEMINI = [\"gemini-2.0-flash\", \"gemini-2.5-flash\", \"gemini-2.5-pro-preview-06-05\"]\n",
        )],
        &[],
        &[],
    );
    let r = repo.check().report;
    assert!(r.switched.is_empty(), "{:?}", switches(&r));
    let ids = |items: &[aibom::report::json::Entry]| -> Vec<String> {
        items.iter().map(|i| i.id.clone()).collect()
    };
    assert_eq!(ids(&r.added), ["gemini-2.5-pro-preview-06-05"]);
    assert_eq!(ids(&r.removed), ["gemini-2.5-pro-preview-05-06"]);
}
