//! The diff stage end to end: what base → head adds, removes and changes, by
//! identity (moves, renames and reformatting are no change), and saved BOMs diffed.

use std::process::Command;

use aibom::vocab::Kind;
use serde_json::Value;

use crate::repo::{OPENAI, Repo, keys};

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

#[test]
fn a_component_crossing_between_tests_and_code_is_added_or_removed() {
    const HAIKU: &[u8] = b"from anthropic import Anthropic\n\nAnthropic().messages.create(model=\"claude-3-5-haiku-latest\")\n";
    const OPUS: &[u8] = b"from anthropic import Anthropic\n\nAnthropic().messages.create(model=\"claude-3-opus-20240229\")\n";
    let repo = Repo::new(&[
        ("app/chat.py", OPENAI),
        ("app/legacy.py", OPUS),
        ("tests/test_chat.py", OPENAI),
        ("tests/test_haiku.py", HAIKU),
        ("tests/test_opus.py", OPUS),
        (
            "tests/test_cohere.py",
            b"import cohere\ncohere.ClientV2().chat(model=\"command-r\")\n",
        ),
    ]);
    // haiku moves from tests into code; opus leaves the code but a test keeps
    // it; gpt-4o loses its test but stays in code; command-r stays a test's.
    repo.head(
        &[("app/haiku.py", HAIKU)],
        &["app/legacy.py", "tests/test_chat.py"],
        &[],
    );
    let r = repo.check().report;
    assert_eq!(keys(&r.added), ["model:claude-3-5-haiku-latest"]);
    let haiku = &r.added[0];
    assert!(!haiku.test_only);
    assert_eq!(haiku.evidence[0].file, "app/haiku.py");
    assert_eq!(keys(&r.removed), ["model:claude-3-opus-20240229"]);
    assert_eq!(r.removed[0].evidence[0].file, "app/legacy.py");
    assert!(r.changed.is_empty(), "{:?}", r.changed);
}

/// aichat e5432ff's shape: a client's full request URL cut back to the base
/// URL a shared OpenAI-compatible helper extends. The code calls the same
/// service, so the diff changes its endpoint; a new host in the same file and
/// a path of the same host in another file stay what they are.
#[test]
fn an_endpoint_respelled_to_its_base_url_is_a_changed_endpoint() {
    let repo = Repo::new(&[
        (
            "src/client/mistral.rs",
            b"const API_URL: &str = \"https://api.mistral.ai/v1/chat/completions\";\n",
        ),
        ("src/client/other.rs", b"fn f() {}\n"),
    ]);
    repo.head(
        &[
            (
                "src/client/mistral.rs",
                b"const API_BASE: &str = \"https://api.mistral.ai/v1\";\nconst GROQ: &str = \"https://api.groq.com/openai/v1/chat/completions\";\n",
            ),
            (
                "src/client/other.rs",
                b"const E: &str = \"https://api.mistral.ai/v1/embeddings\";\n",
            ),
        ],
        &[],
        &[],
    );
    let r = repo.check().report;
    assert_eq!(
        keys(&r.added),
        [
            "service:https://api.groq.com/openai/v1/chat/completions",
            "service:https://api.mistral.ai/v1/embeddings"
        ]
    );
    assert!(r.removed.is_empty(), "{:?}", keys(&r.removed));
    let changed: Vec<_> = r
        .changed
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.field.as_str(),
                c.from.as_str(),
                c.to.as_str(),
            )
        })
        .collect();
    assert_eq!(
        changed,
        [(
            "https://api.mistral.ai/v1",
            "endpoint",
            "https://api.mistral.ai/v1/chat/completions",
            "https://api.mistral.ai/v1"
        )]
    );
}

/// shell_gpt 1465c4af12's shape: the request URL of a deleted module becomes
/// the host default a configuration module keeps (`OPENAI_API_HOST`), the path
/// built where the request is sent. Nothing else on the host changed, so the
/// endpoint changed; where two spellings of the host are added elsewhere, the
/// removed one cannot be told from either and stays removed.
#[test]
fn an_endpoint_moved_to_another_file_alone_on_its_host_is_a_changed_endpoint() {
    let base: &[(&str, &[u8])] = &[(
        "sgpt/chat_gpt.py",
        b"API_URL = \"https://api.openai.com/v1/chat/completions\"\n",
    )];
    let repo = Repo::new(base);
    repo.head(
        &[(
            "sgpt/config.py",
            b"import os\nHOST = os.getenv(\"OPENAI_API_HOST\", \"https://api.openai.com\")\n",
        )],
        &["sgpt/chat_gpt.py"],
        &[],
    );
    let r = repo.check().report;
    assert!(
        keys(&r.added).iter().all(|k| !k.starts_with("service:")),
        "{:?}",
        keys(&r.added)
    );
    assert!(r.removed.is_empty(), "{:?}", keys(&r.removed));
    let changed: Vec<_> = r
        .changed
        .iter()
        .map(|c| (c.field.as_str(), c.from.as_str(), c.to.as_str()))
        .collect();
    assert_eq!(
        changed,
        [(
            "endpoint",
            "https://api.openai.com/v1/chat/completions",
            "https://api.openai.com"
        )]
    );

    // Decoy: two spellings of the host added in other files.
    let repo = Repo::new(base);
    repo.head(
        &[
            ("sgpt/a.py", b"A = \"https://api.openai.com/v1\"\n"),
            (
                "sgpt/b.py",
                b"B = \"https://api.openai.com/v1/embeddings\"\n",
            ),
        ],
        &["sgpt/chat_gpt.py"],
        &[],
    );
    let r = repo.check().report;
    assert_eq!(
        keys(&r.removed),
        ["service:https://api.openai.com/v1/chat/completions"]
    );
    assert!(r.changed.is_empty());
}

/// aichat 4a57c56e3a's shape: a registry writing one model in two cases
/// gains entries that tip which spelling is written most often. The model
/// is respelled, not removed and added; a new model stays added.
#[test]
fn a_model_respelled_by_the_count_of_its_spellings_is_no_change() {
    let repo = Repo::new(&[(
        "app/prices.py",
        b"import openai\n\nPRICES = {\"minimax-m2\": 1}\nTHINKING = [\"minimax-m2\"]\nFAST = [\"MiniMax-M2\"]\n",
    )]);
    repo.head(
        &[(
            "app/prices.py",
            b"import openai\n\nPRICES = {\"minimax-m2\": 1, \"MiniMax-M2\": 1, \"MiniMax-M3\": 2}\nTHINKING = [\"minimax-m2\"]\nFAST = [\"MiniMax-M2\", \"MiniMax-M2-highspeed\"]\nSMART = [\"MiniMax-M2\"]\n",
        )],
        &[],
        &[],
    );
    let r = repo.check().report;
    assert_eq!(
        keys(&r.added),
        ["model:MiniMax-M2-highspeed", "model:MiniMax-M3"]
    );
    assert!(r.removed.is_empty(), "{:?}", keys(&r.removed));
}

/// cline's shape: a provider table's default moves from one model to another
/// while both stay listed in a generated catalog over the parse limit. The
/// catalog is not read for models, so without a look at it the old default
/// reads as removed and the new one as added. A model no unparsed file
/// names stays added.
#[test]
fn models_an_unparsed_catalog_still_names_are_neither_added_nor_removed() {
    let mut catalog = String::from("export const CATALOG = [\n");
    for i in 0..70_000 {
        catalog.push_str(&format!(
            "  {{ id: \"vendor/model-{i}\", context: {i} }},\n"
        ));
    }
    catalog
        .push_str("  { id: \"deepseek/deepseek-v4-pro\" },\n  { id: 'deepseek-v4-flash' },\n];\n");
    assert!(catalog.len() > 2 << 20, "over the parse limit");
    let repo = Repo::new(&[
        ("src/catalog.generated.ts", catalog.as_bytes()),
        (
            "src/providers.ts",
            b"import OpenAI from \"openai\";\n\nexport const DEEPSEEK = { defaultModelId: \"deepseek-v4-pro\" };\n",
        ),
    ]);
    repo.head(
        &[(
            "src/providers.ts",
            b"import OpenAI from \"openai\";\n\nexport const DEEPSEEK = { defaultModelId: \"deepseek-v4-flash\", fast: \"deepseek-chat\" };\n",
        )],
        &[],
        &[],
    );
    let r = repo.check().report;
    assert_eq!(keys(&r.added), ["model:deepseek-chat"]);
    assert!(r.removed.is_empty(), "{:?}", keys(&r.removed));
}

/// An added component seen in a test and in code shows the code's line
/// first: a reviewer is pointed at what runs.
#[test]
fn an_added_components_first_evidence_is_outside_tests() {
    let repo = Repo::new(&[("app/other.py", b"x = 1\n")]);
    repo.head(
        &[
            (
                "app/chat.py",
                b"import anthropic\nanthropic.Anthropic().messages.create(model=\"claude-opus-4-1-20250805\")\n",
            ),
            (
                "aaa/test_chat.py",
                b"import anthropic\nanthropic.Anthropic().messages.create(model=\"claude-opus-4-1-20250805\")\n",
            ),
        ],
        &[],
        &[],
    );
    let r = repo.check().report;
    let model = r
        .added
        .iter()
        .find(|e| e.id == "claude-opus-4-1-20250805")
        .expect("the model is added");
    assert_eq!(model.evidence[0].file, "app/chat.py");
    assert!(model.evidence.iter().any(|e| e.file == "aaa/test_chat.py"));
}
