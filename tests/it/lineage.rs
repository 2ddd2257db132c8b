//! Fine-tune lineage: PEFT adapters, transformers configs and model cards.

use crate::common::{fixture, scan_dir, write_tree};

#[test]
fn adapter_config_links_base_model_and_weights() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("models/support-bot/adapter_config.json", br#"{"base_model_name_or_path": "mistralai/Mistral-7B-v0.1", "peft_type": "LORA", "task_type": "CAUSAL_LM"}"#),
            ("models/support-bot/adapter_model.safetensors", &crate::weights::safetensors()),
        ],
    );
    let s = scan_dir(dir.path());
    let ft = s.item("model:local/models/support-bot");
    assert!(
        ft.base_models
            .contains("model:huggingface/mistralai/Mistral-7B-v0.1")
    );
    assert_eq!(ft.attrs["tune-method"], "lora");
    s.assert_at(
        "model:huggingface/mistralai/Mistral-7B-v0.1",
        "models/support-bot/adapter_config.json",
        1,
    );
    let doc: serde_json::Value = serde_json::from_str(&s.bom).unwrap();
    let comp = doc["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["bom-ref"] == "model:local/models/support-bot")
        .unwrap();
    assert_eq!(
        comp["pedigree"]["ancestors"][0]["purl"],
        "pkg:huggingface/mistralai/Mistral-7B-v0.1"
    );
    assert!(
        comp["pedigree"]["ancestors"][0].get("bom-ref").is_none(),
        "ancestors carry no bom-ref"
    );
    assert_eq!(comp["modelCard"]["properties"][0]["value"], "lora");
    let deps = doc["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["ref"] == "model:local/models/support-bot")
        .unwrap();
    let on: Vec<&str> = deps["dependsOn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        on,
        [
            "file:models/support-bot/adapter_model.safetensors",
            "model:huggingface/mistralai/Mistral-7B-v0.1"
        ]
    );
}

#[test]
fn model_card_front_matter_and_config_json() {
    let s = scan_dir(&fixture("python"));
    let root = s.item("model:local/.");
    assert!(
        root.base_models
            .contains("model:huggingface/meta-llama/Llama-3.1-8B")
    );
    assert_eq!(root.attrs["license"], "apache-2.0");
    assert_eq!(root.attrs["task"], "text-generation");
    assert!(root.links.contains("dataset:huggingface/squad"));
    s.assert_at("dataset:huggingface/squad", "README.md", 1);

    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("ft/config.json", br#"{"_name_or_path": "Qwen/Qwen2.5-0.5B", "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2"}"#),
            ("app/config.json", br#"{"port": 8080, "_name_or_path": "x/y"}"#),
            ("local/config.json", br#"{"_name_or_path": "/home/me/ckpt", "model_type": "llama"}"#),
            ("docs/README.md", b"---\nlayout: page\ntitle: Docs\n---\n# not a model card\n"),
        ],
    );
    let s = scan_dir(dir.path());
    let ft = s.item("model:local/ft");
    assert!(
        ft.base_models
            .contains("model:huggingface/Qwen/Qwen2.5-0.5B")
    );
    assert_eq!(ft.attrs["architecture"], "Qwen2ForCausalLM");
    assert!(
        !s.has("model:local/app"),
        "a config.json that is not a transformers config"
    );
    assert!(
        !s.has("model:local/local"),
        "a local path is not a hub base"
    );
    assert!(
        !s.has("model:local/docs"),
        "front matter without base_model is not lineage"
    );
}

#[test]
fn malformed_front_matter_and_json_are_warnings() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "m/README.md",
                b"---\nbase_model: [unclosed\nlicense: mit\n---\n",
            ),
            ("n/adapter_config.json", b"{\"base_model_name_or_path\": "),
        ],
    );
    let s = scan_dir(dir.path());
    assert!(
        s.warnings_for("m/README.md")
            .iter()
            .any(|w| w.contains("malformed model-card front matter")),
        "{:?}",
        s.warnings
    );
    assert!(
        s.warnings_for("n/adapter_config.json")
            .iter()
            .any(|w| w.contains("malformed JSON"))
    );
    assert!(
        s.warnings
            .iter()
            .any(|w| w.file == "n/adapter_config.json" && w.line == Some(1))
    );
}
