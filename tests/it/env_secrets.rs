//! Environment variables are names only; hard-coded keys are warnings with a
//! redacted fingerprint and never appear in any output.

use crate::common::{scan_dir, write_tree};

const OPENAI_KEY: &str = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789a1b2";
const HF_KEY: &str = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";

#[test]
fn planted_keys_never_leave_and_are_fingerprinted() {
    let dir = tempfile::tempdir().unwrap();
    let py = format!(
        "from openai import OpenAI\nr = OpenAI(api_key=\"{OPENAI_KEY}\").chat.completions.create(model=\"gpt-4o\")\n"
    );
    let env = format!("HF_TOKEN={HF_KEY}\nOPENAI_BASE_URL=https://api.openai.com/v1\n");
    let js = format!("const key = \"{OPENAI_KEY}\";\n");
    write_tree(
        dir.path(),
        &[
            ("app.py", py.as_bytes()),
            (".env", env.as_bytes()),
            ("web/k.js", js.as_bytes()),
        ],
    );
    let s = scan_dir(dir.path());
    for secret in [OPENAI_KEY, HF_KEY] {
        assert!(!s.bom.contains(secret), "secret leaked into the BOM");
        let tail = &secret[secret.len() - 8..];
        assert!(!s.bom.contains(tail), "a long tail of the secret leaked");
        for w in &s.warnings {
            assert!(!w.message.contains(secret));
        }
    }
    let w: Vec<String> = s.warnings.iter().map(ToString::to_string).collect();
    assert!(w.iter().any(|m| m == "app.py:2: hard-coded openai credential (sk-…a1b2); the value is not recorded — move it to a secret store"), "{w:#?}");
    assert!(
        w.iter()
            .any(|m| m.starts_with(".env:1: hard-coded huggingface credential (hf_…EFGH)")),
        "{w:#?}"
    );
    assert!(
        w.iter()
            .any(|m| m.starts_with("web/k.js:1: hard-coded openai credential")),
        "{w:#?}"
    );
    // The call's evidence context is the redacted line.
    let m = s.item("model:openai/gpt-4o");
    assert!(s.bom.contains("sk-…a1b2"));
    assert!(
        m.evidence
            .iter()
            .all(|e| e.context.as_deref().is_none_or(|c| !c.contains(OPENAI_KEY)))
    );
    assert!(s.has("config:env/HF_TOKEN") && s.has("config:env/OPENAI_BASE_URL"));
}

/// Env getters come from the catalog for every language: Deno's as well as
/// Python's, Go's and Java's, each at its call's line.
#[test]
fn env_getters_are_read_in_every_extractor() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "deno.ts",
                b"import OpenAI from 'npm:openai';\nconst k = Deno.env.get(\"OPENAI_API_KEY\");\n",
            ),
            (
                "app.py",
                b"import os\nimport anthropic\n\nk = os.getenv(\"ANTHROPIC_API_KEY\")\n",
            ),
            (
                "main.go",
                b"package main\n\nimport \"os\"\n\nvar k = os.Getenv(\"GROQ_API_KEY\")\n",
            ),
            (
                "App.java",
                b"class App {\n  String k = System.getenv(\"MISTRAL_API_KEY\");\n}\n",
            ),
        ],
    );
    let s = scan_dir(dir.path());
    s.assert_at("config:env/OPENAI_API_KEY", "deno.ts", 2);
    s.assert_at("config:env/ANTHROPIC_API_KEY", "app.py", 4);
    s.assert_at("config:env/GROQ_API_KEY", "main.go", 5);
    s.assert_at("config:env/MISTRAL_API_KEY", "App.java", 2);
}
