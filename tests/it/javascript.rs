//! JavaScript / TypeScript / TSX detection on `tests/fixtures/javascript`.

use std::sync::OnceLock;

use aibom::vocab::Kind;

use crate::common::{Scanned, fixture, scan_dir};

fn scanned() -> &'static Scanned {
    static S: OnceLock<Scanned> = OnceLock::new();
    S.get_or_init(|| scan_dir(&fixture("javascript")))
}

#[test]
fn sdk_calls_factories_and_raw_requests() {
    let s = scanned();
    let cases = [
        ("model:openai/gpt-4o", "src/chat.ts", 8), // through a const
        ("model:anthropic/claude-3-5-haiku-latest", "src/chat.ts", 10),
        ("model:openai/gpt-4o-mini", "src/vercel.tsx", 6), // Vercel AI SDK factory
        (
            "model:anthropic/claude-3-5-sonnet-latest",
            "src/vercel.tsx",
            7,
        ), // aliased import
        ("model:groq/llama-3.3-70b-versatile", "src/raw.js", 4), // fetch + JSON.stringify body
        (
            "model:openai-compatible/Qwen/Qwen2.5-7B-Instruct",
            "src/raw.js",
            12,
        ),
        ("model:openai/gpt-4o", "src/langchain.mjs", 5), // require() + new ChatOpenAI
        (
            "model:aws-bedrock/amazon.titan-text-express-v1",
            "src/langchain.mjs",
            6,
        ),
        ("model:openai/gpt-4-turbo", "web/broken.ts", 3), // found despite syntax errors
        ("model:openai/gpt-4o-mock", "test/chat.test.ts", 3),
    ];
    for (key, file, line) in cases {
        s.assert_at(key, file, line);
    }
    s.assert_at(
        "model:huggingface/Xenova/distilbert-base-uncased-finetuned-sst-2-english",
        "src/langchain.mjs",
        7,
    );
    let models = s
        .inv
        .items
        .values()
        .filter(|i| i.kind == Kind::Model)
        .count();
    assert_eq!(models, 9, "{:#?}", s.keys());
}

#[test]
fn endpoints_templates_and_messages() {
    let s = scanned();
    let azure = s.item("service:*.openai.azure.com/openai/deployments/*/chat/completions");
    assert_eq!(azure.provider.as_deref(), Some("azure-openai"));
    let groq = s.item("service:api.groq.com/openai/v1/chat/completions");
    assert!(groq.links.contains("model:groq/llama-3.3-70b-versatile"));
    let local = s.item("service:localhost:8000/v1/chat/completions");
    assert_eq!(local.attrs["local"], "true");
    assert!(
        !s.has("service:api.openai.com/v1/embeddings"),
        "console.log strings are messages"
    );
    assert!(
        !s.has("service:api.anthropic.com/v1/messages"),
        "thrown error strings are messages"
    );
}

#[test]
fn test_code_is_marked_and_env_reads_found() {
    let s = scanned();
    assert!(s.item("model:openai/gpt-4o-mock").test_only);
    assert!(!s.item("model:openai/gpt-4o").test_only);
    s.assert_at("config:env/OPENAI_API_KEY", "src/chat.ts", 5);
    s.assert_at("config:env/GROQ_API_KEY", "src/raw.js", 6);
    s.assert_at("config:env/VITE_OPENAI_API_KEY", "src/langchain.mjs", 8);
    assert!(
        s.warnings_for("web/broken.ts")
            .iter()
            .any(|w| w.contains("syntax errors"))
    );
}

/// The OpenAI SDK pointed at a provider the catalog does not know: the
/// endpoint and the key it is built with. A plain fetch's key is not.
#[test]
fn a_compatible_client_names_its_endpoint_and_key() {
    let s = scanned();
    let f = "src/compatible.ts";
    s.assert_at("service:api.newprovider.ai/v1", f, 4);
    s.assert_at("config:env/NEWPROVIDER_KEY", f, 4);
    let key = s.item("config:env/NEWPROVIDER_KEY");
    assert_eq!(key.provider.as_deref(), Some("openai-compatible"));
    assert!(
        !s.keys()
            .iter()
            .any(|k| k.contains("USERS_KEY") || k.contains("example.com"))
    );
}
