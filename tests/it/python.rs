//! Python detection on `tests/fixtures/python`: every planted case by kind,
//! provider, id and file:line, and the decoys that must not be found.

use std::sync::OnceLock;

use crate::common::{Scanned, fixture, scan_dir};

fn scanned() -> &'static Scanned {
    static S: OnceLock<Scanned> = OnceLock::new();
    S.get_or_init(|| scan_dir(&fixture("python")))
}

#[test]
fn api_models_with_provider_and_line() {
    let s = scanned();
    let cases = [
        ("model:openai/gpt-4o-mini", "app/chat_openai.py", 7), // module-level constant
        ("model:openai/gpt-4.1", "app/chat_openai.py", 11),    // default argument
        (
            "model:anthropic/claude-3-5-sonnet-20241022",
            "app/chat_anthropic.py",
            4,
        ),
        ("model:openai/gpt-3.5-turbo", "app/raw_http.py", 5), // raw HTTP body through a variable
        (
            "model:aws-bedrock/anthropic.claude-3-haiku-20240307-v1:0",
            "app/bedrock_azure.py",
            5,
        ),
        (
            "model:azure-openai/my-gpt4o-deployment",
            "app/bedrock_azure.py",
            8,
        ),
        ("model:openai/gpt-4o", "app/lc_chain.py", 7),
        (
            "model:anthropic/claude-3-7-sonnet-latest",
            "app/lc_chain.py",
            8,
        ), // init_chat_model("anthropic:…")
        ("model:mistral/mistral-large-latest", "app/lc_chain.py", 9), // litellm "mistral/…"
        ("model:ollama/llama3.1:8b", "app/lc_chain.py", 10),
        ("model:google/gemini-1.5-flash", "app/lc_chain.py", 11),
        // The OpenAI SDK pointed elsewhere (see `a_compatible_client_…`).
        ("model:openai-compatible/ui-tars", "app/compatible.py", 37),
        ("model:deepseek/deepseek-reasoner", "app/compatible.py", 38),
        (
            "model:openai-compatible/ui-tars-1.5-7b",
            "app/grounder.py",
            11,
        ),
    ];
    s.assert_models(&cases);
}

#[test]
fn endpoints_link_the_model_in_the_request_body() {
    let s = scanned();
    let raw = s.item("service:api.openai.com/v1/chat/completions");
    assert_eq!(raw.provider.as_deref(), Some("openai"));
    assert!(
        raw.links.contains("model:openai/gpt-3.5-turbo"),
        "{:?}",
        raw.links
    );
    s.assert_at(
        "service:api.openai.com/v1/chat/completions",
        "app/raw_http.py",
        3,
    );
    let sdk = s.item("service:api.openai.com/v1");
    assert!(sdk.links.contains("model:openai/gpt-4o-mini"));
    assert_eq!(
        sdk.attrs.get("technique").map(String::as_str),
        Some("sdk-default")
    );
    let azure = s.item("service:contoso.openai.azure.com");
    assert!(
        azure
            .links
            .contains("model:azure-openai/my-gpt4o-deployment")
    );
    assert!(s.has("service:localhost:11434"), "ollama's local endpoint");
}

/// boto3 is told by name which service to call (smolagents 3af67afc's
/// `boto3.client("bedrock-runtime", **self.client_kwargs)`): the named AI
/// service is called from there, whatever model the caller picks.
#[test]
fn a_boto3_client_named_for_an_ai_service_is_that_service() {
    let s = scanned();
    let bedrock = "service:bedrock-runtime.*.amazonaws.com";
    assert_eq!(s.item(bedrock).provider.as_deref(), Some("aws-bedrock"));
    s.assert_at(bedrock, "app/bedrock_azure.py", 4);
    s.assert_at(bedrock, "app/bedrock_client.py", 23);
    let sagemaker = "service:runtime.sagemaker.*.amazonaws.com";
    assert_eq!(s.item(sagemaker).provider.as_deref(), Some("aws-sagemaker"));
    s.assert_at(sagemaker, "app/bedrock_client.py", 20);
    // Decoys: `client("s3")`, the name in a log message, a project's own
    // `client()` helper.
    let lines: Vec<_> = s
        .item(bedrock)
        .evidence
        .iter()
        .map(|e| (e.file.as_str(), e.line))
        .collect();
    assert!(
        !lines
            .iter()
            .any(|(f, l)| *f == "app/own_client.py"
                || (*f == "app/bedrock_client.py" && *l != Some(23))),
        "{lines:?}"
    );
    assert!(!s.keys().iter().any(|k| k.contains("s3")), "{:?}", s.keys());
}

/// A provider the catalog does not know, reached through an OpenAI-compatible
/// client (gpt-researcher 1c13aeb6 added AtlasCloud as `ChatOpenAI(
/// openai_api_base='https://api.atlascloud.ai/v1', openai_api_key=
/// os.environ["ATLASCLOUD_API_KEY"], **kwargs)` and nothing was reported).
/// A search client's key, a plain HTTP call's key header and a host known
/// only at run time are no service.
#[test]
fn a_compatible_client_names_its_endpoint_and_key_whatever_the_provider() {
    let s = scanned();
    let f = "app/compatible.py";
    let atlas = "service:api.atlascloud.ai/v1";
    s.assert_at(atlas, f, 13);
    assert_eq!(s.item(atlas).provider.as_deref(), Some("openai-compatible"));
    s.assert_at("config:env/ATLASCLOUD_API_KEY", f, 13);
    assert_eq!(
        s.item("config:env/ATLASCLOUD_API_KEY").attrs["sensitive"],
        "true"
    );
    s.assert_at("service:llm.gateway.example.org/v1", f, 19);
    s.assert_at("config:env/GATEWAY_TOKEN", f, 19);
    s.assert_at("model:openai/gpt-4o-mini", f, 20);
    // A relay whose host is known only at run time: its key is still an AI
    // key, of a compatible service rather than OpenAI's.
    let relay = s.item("config:env/RELAY_KEY");
    assert_eq!(relay.provider.as_deref(), Some("openai-compatible"));
    s.assert_at("model:openai-compatible/ui-tars", f, 37);
    s.assert_at("model:deepseek/deepseek-reasoner", f, 38);
    s.assert_at("model:openai/gpt-4.1", f, 39);
    s.assert_no_id("openai/ui-tars");
    s.assert_no_key_containing(&[
        "TAVILY_SEARCH_KEY",
        "USERS_KEY",
        "api.example.com",
        "service:*",
    ]);
}

#[test]
fn hub_models_and_datasets() {
    let s = scanned();
    s.assert_at(
        "model:huggingface/meta-llama/Llama-3.1-8B",
        "ml/train.py",
        13,
    );
    assert_eq!(
        s.item("model:huggingface/meta-llama/Llama-3.1-8B").attrs["pinned"],
        "false"
    );
    let bert = s.item("model:huggingface/bert-base-uncased");
    assert_eq!(bert.attrs["pinned"], "true");
    assert_eq!(
        bert.attrs["revision"],
        "0a6aa9128b6194f4f3c4db429b6cb4891cdb421b"
    );
    s.assert_at("dataset:huggingface/squad", "ml/train.py", 15);
    s.assert_at("dataset:huggingface/tatsu-lab/alpaca", "ml/train.py", 16); // argparse default
    s.assert_at(
        "model:huggingface/distilbert/distilbert-base-uncased-finetuned-sst-2-english",
        "ml/train.py",
        18,
    );
    s.assert_at(
        "model:huggingface/sentence-transformers/all-MiniLM-L6-v2",
        "ml/train.py",
        19,
    );
    s.assert_at("model:torch-hub/pytorch/vision/resnet50", "ml/train.py", 20);
    s.assert_at("model:timm/vit_base_patch16_224", "ml/train.py", 21);
    assert!(
        !s.has("model:timm/resnet18"),
        "pretrained=False is not a hub pull"
    );
    assert!(
        !s.has("dataset:huggingface/json"),
        "file builders are not hub datasets"
    );
    assert!(
        s.keys().iter().all(|k| !k.contains("checkpoints")),
        "local paths are not hub ids"
    );
    assert!(
        !s.bom.contains("pkg:huggingface/bert-base-uncased"),
        "a namespace-less id gets no purl"
    );
    assert!(
        s.bom
            .contains("\"pkg:huggingface/meta-llama/Llama-3.1-8B\"")
    );
}

#[test]
fn decoys_are_not_components() {
    let s = scanned();
    for k in s.keys() {
        assert!(
            !k.contains("not-a-model"),
            "a variable named model is not a model: {k}"
        );
        assert!(
            !k.ends_with("/gpt-4"),
            "prose and print strings are not usage: {k}"
        );
    }
    assert!(
        !s.has("service:api.anthropic.com/v1/messages"),
        "an exception message is not an endpoint"
    );
    assert!(
        s.item("service:api.openai.com/v1/chat/completions")
            .evidence
            .iter()
            .all(|e| e.file != "app/models.py")
    );
    assert!(
        s.item("service:api.openai.com/v1/chat/completions")
            .evidence
            .iter()
            .all(|e| e.file != "docs/notes.md")
    );
}

#[test]
fn env_vars_from_code_and_dotenv() {
    let s = scanned();
    s.assert_at("config:env/OPENAI_API_KEY", "app/chat_openai.py", 6);
    s.assert_at("config:env/OPENAI_API_KEY", ".env.example", 2);
    for v in [
        "ANTHROPIC_API_KEY",
        "GEMINI_API_KEY",
        "AZURE_OPENAI_ENDPOINT",
        "AZURE_OPENAI_API_KEY",
    ] {
        assert!(s.has(&format!("config:env/{v}")), "{v}");
    }
    assert!(!s.has("config:env/DATABASE_URL"));
    assert_eq!(
        s.item("config:env/OPENAI_API_KEY").attrs["sensitive"],
        "true"
    );
    assert_eq!(
        s.item("config:env/AZURE_OPENAI_ENDPOINT").attrs["sensitive"],
        "false"
    );
    assert!(
        !s.bom.contains("your-key-here"),
        "values are never recorded"
    );
    assert!(!s.bom.contains("postgres://"), "values are never recorded");
}
