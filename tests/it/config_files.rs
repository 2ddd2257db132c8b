//! Configuration detection on `tests/fixtures/config`: training recipes, LiteLLM,
//! Spring AI, appsettings.json, docker-compose, Kubernetes, Dockerfiles, shell
//! scripts, Terraform, GitHub workflows, model tables in TOML and notebooks.
//! Each planted case by kind, provider, id and file:line, and its decoy next to it.

use std::sync::OnceLock;

use aibom::vocab::Kind;

use crate::common::{Scanned, fixture, scan_dir};

fn scanned() -> &'static Scanned {
    static S: OnceLock<Scanned> = OnceLock::new();
    S.get_or_init(|| scan_dir(&fixture("config")))
}

fn assert_kind_at(key: &str, kind: Kind, file: &str, line: u32) {
    let s = scanned();
    s.assert_at(key, file, line);
    assert_eq!(s.item(key).kind, kind, "{key}");
}

fn nothing_in(file: &str) {
    scanned().assert_nothing_in(file);
}

#[test]
fn training_recipes_name_base_models_and_datasets() {
    let f = "training/zephyr-sft.yaml";
    assert_kind_at(
        "model:huggingface/mistralai/Mistral-7B-v0.1",
        Kind::HubModel,
        f,
        2,
    );
    assert_kind_at(
        "dataset:huggingface/HuggingFaceH4/ultrachat_200k",
        Kind::Dataset,
        f,
        8,
    );
    let f = "training/axolotl.yml";
    assert_kind_at(
        "model:huggingface/meta-llama/Llama-3.1-8B",
        Kind::HubModel,
        f,
        1,
    );
    assert_kind_at("dataset:huggingface/tatsu-lab/alpaca", Kind::Dataset, f, 3);
    // `hub_model_id` without a namespace, local checkpoints, `${…}` and bare names are not hub ids.
    let s = scanned();
    assert!(!s.has("model:huggingface/zephyr-7b-sft-full"));
    assert!(!s.has("model:huggingface/bert-base-uncased"));
    nothing_in("training/local-only.yaml");
}

#[test]
fn litellm_model_list_routes_to_the_real_provider() {
    let f = "litellm/config.yaml";
    assert_kind_at("model:azure-openai/gpt-4o-eu", Kind::Model, f, 4);
    assert_kind_at(
        "model:aws-bedrock/anthropic.claude-3-haiku-20240307-v1:0",
        Kind::Model,
        f,
        9,
    );
    assert_kind_at("model:ollama/llama3.1", Kind::Model, f, 12);
    assert_kind_at("service:contoso-eu.openai.azure.com", Kind::Service, f, 5);
    // `model_name` is the proxy's alias, not a model.
    let s = scanned();
    assert!(
        s.item("model:openai/gpt-4o")
            .evidence
            .iter()
            .all(|e| e.file != f)
    );
}

#[test]
fn spring_ai_and_appsettings() {
    assert_kind_at(
        "model:openai/gpt-4o",
        Kind::Model,
        "spring/application.yml",
        7,
    );
    assert_kind_at(
        "config:env/OPENAI_API_KEY",
        Kind::EnvVar,
        "spring/application.yml",
        4,
    );
    let p = "spring/application.properties";
    assert_kind_at(
        "model:anthropic/claude-3-5-sonnet-latest",
        Kind::Model,
        p,
        2,
    );
    assert_kind_at("service:localhost:11434", Kind::Service, p, 3);
    let a = "dotnet/appsettings.json";
    assert_kind_at("model:azure-openai/chat-gpt4o-prod", Kind::Model, a, 5);
    assert_kind_at("service:contoso.openai.azure.com", Kind::Service, a, 4);
    // A UI string naming a model is not usage (here, nor in appsettings' UI section).
    let s = scanned();
    assert!(
        s.item("model:openai/gpt-4o")
            .evidence
            .iter()
            .all(|e| e.file != a)
    );
    assert!(
        s.item("model:openai/gpt-4o")
            .evidence
            .iter()
            .all(|e| e.file != p)
    );
}

#[test]
fn compose_and_kubernetes_model_servers() {
    let c = "compose/docker-compose.yml";
    assert_kind_at("service:ollama/ollama", Kind::Service, c, 7);
    assert_kind_at("service:vllm/vllm-openai", Kind::Service, c, 10);
    assert_kind_at(
        "model:huggingface/Qwen/Qwen2.5-7B-Instruct",
        Kind::HubModel,
        c,
        11,
    );
    assert_kind_at(
        "service:ghcr.io/huggingface/text-generation-inference",
        Kind::Service,
        c,
        15,
    );
    assert_kind_at(
        "model:huggingface/mistralai/Mistral-7B-Instruct-v0.3",
        Kind::HubModel,
        c,
        17,
    );
    assert_kind_at("config:env/HF_TOKEN", Kind::EnvVar, c, 13);
    let s = scanned();
    let vllm = s.item("service:vllm/vllm-openai");
    assert!(
        vllm.links
            .contains("model:huggingface/Qwen/Qwen2.5-7B-Instruct")
    );
    assert_eq!(vllm.attrs.get("local").map(String::as_str), Some("true"));
    // postgres is not a model server; its password variable is not AI-related.
    assert!(!s.keys().iter().any(|k| k.contains("postgres")));
    let k = "k8s/deployment.yaml";
    assert_kind_at(
        "model:huggingface/meta-llama/Llama-3.2-1B-Instruct",
        Kind::HubModel,
        k,
        12,
    );
    assert_kind_at("config:env/OPENAI_API_KEY", Kind::EnvVar, k, 14);
    // A non-server container's `--model` flag is not a served model.
    assert!(!s.has("model:huggingface/not/served"));
}

#[test]
fn dockerfiles_and_shell_scripts() {
    let d = "docker/Dockerfile";
    assert_kind_at("service:ollama/ollama", Kind::Service, d, 1);
    assert_kind_at("model:ollama/llama3.2:3b", Kind::HubModel, d, 3); // continued RUN line
    assert_kind_at(
        "model:huggingface/BAAI/bge-small-en-v1.5",
        Kind::HubModel,
        d,
        5,
    );
    assert_kind_at(
        "model:huggingface/HuggingFaceTB/SmolLM2-1.7B-Instruct",
        Kind::HubModel,
        "docker/Dockerfile.tgi",
        2,
    );
    let sh = "scripts/setup.sh";
    assert_kind_at(
        "dataset:huggingface/HuggingFaceH4/ultrafeedback_binarized",
        Kind::Dataset,
        sh,
        4,
    );
    assert_kind_at("model:openai/gpt-4o-mini", Kind::Model, sh, 5); // curl -d '{"model": …}'
    assert_kind_at(
        "service:api.openai.com/v1/chat/completions",
        Kind::Service,
        sh,
        5,
    );
    // Comments and echo lines are not commands.
    let s = scanned();
    for decoy in [
        "model:ollama/commented-out",
        "model:ollama/mistral",
        "model:ollama/llama3",
        "model:huggingface/decoy/in-a-comment",
    ] {
        assert!(!s.has(decoy), "{decoy}");
    }
}

#[test]
fn terraform_deployments() {
    let t = "infra/main.tf";
    assert_kind_at("model:azure-openai/gpt-4o", Kind::Model, t, 6);
    let s = scanned();
    assert_eq!(
        s.item("model:azure-openai/gpt-4o")
            .attrs
            .get("model-version")
            .map(String::as_str),
        Some("2024-08-06")
    );
    assert_kind_at(
        "model:aws-bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0",
        Kind::Model,
        t,
        16,
    );
    assert_kind_at("model:google/gemma3@gemma-3-1b-it", Kind::Model, t, 20);
    // An attribute after a map (`tags = { … }`) still belongs to its resource.
    assert_kind_at("model:aws-bedrock/amazon.nova-pro-v1:0", Kind::Model, t, 43);
    // A one-line nested block.
    assert_kind_at(
        "model:azure-openai/text-embedding-3-large",
        Kind::Model,
        t,
        35,
    );
    // The S3 bucket's tag is not a deployment.
    assert!(
        !s.item("model:azure-openai/gpt-4o")
            .evidence
            .iter()
            .any(|e| e.line == Some(27))
    );
    assert!(!s.has("model:aws-bedrock/gpt-4o"));
}

#[test]
fn terraform_references_resolve_within_their_module() {
    let m = "infra/openai/main.tf";
    let s = scanned();
    // A variable's default; the resolved model says which variable named it.
    assert_kind_at("model:azure-openai/gpt-4o-mini", Kind::Model, m, 7);
    let chat = s.item("model:azure-openai/gpt-4o-mini");
    assert_eq!(
        chat.attrs.get("terraform-variable").map(String::as_str),
        Some("var.chat_model")
    );
    assert_eq!(
        chat.attrs.get("model-version").map(String::as_str),
        Some("2024-07-18")
    );
    // A local, written as an interpolation.
    assert_kind_at(
        "model:azure-openai/text-embedding-3-small",
        Kind::Model,
        m,
        16,
    );
    // terraform.tfvars wins over the default.
    assert_kind_at("model:azure-openai/o3-mini", Kind::Model, m, 24);
    assert!(!s.has("model:azure-openai/o1-mini"));
    // A variable with no default, set in terraform.tfvars.
    assert_kind_at(
        "model:aws-bedrock/anthropic.claude-3-haiku-20240307-v1:0",
        Kind::Model,
        m,
        30,
    );
    // Defined nowhere: the BOM still says a model is chosen here, and by what.
    assert_kind_at("model:aws-bedrock/${var.triage_model}", Kind::Model, m, 35);
    // Another module's `var.chat_model` is not this module's.
    assert_kind_at(
        "model:azure-openai/${var.chat_model}",
        Kind::Model,
        "infra/other/main.tf",
        6,
    );
    // Definitions are consumed: no value nothing uses as a model, no map entry
    // of the tfvars, no credential, and no internal attribute.
    for value in ["eastus", "ml-platform", "not-a-model", "TfVarsDefaultKey"] {
        assert!(
            s.keys().iter().all(|k| !k.contains(value)),
            "{value} in {:#?}",
            s.keys()
        );
    }
    assert!(!s.bom.contains("TfVarsDefaultKey"));
    nothing_in("infra/openai/variables.tf");
    nothing_in("infra/openai/terraform.tfvars");
    assert!(s.inv.items.values().all(|i| {
        !i.attrs.contains_key("terraform-module") && !i.attrs.contains_key("terraform-definition")
    }));
}

#[test]
fn workflows_using_ai_actions() {
    let w = ".github/workflows/review.yml";
    assert_kind_at(
        "service:github.com/anthropics/claude-code-action",
        Kind::Service,
        w,
        10,
    );
    assert_kind_at("model:anthropic/claude-sonnet-4-5", Kind::Model, w, 12);
    assert_kind_at("config:env/OPENAI_API_KEY", Kind::EnvVar, w, 7);
    assert_kind_at("model:ollama/qwen2.5:0.5b", Kind::HubModel, w, 17); // a `run:` step
    let s = scanned();
    let action = s.item("service:github.com/anthropics/claude-code-action");
    assert_eq!(
        action.attrs.get("pinned").map(String::as_str),
        Some("false")
    );
    // actions/checkout is not AI.
    assert!(!s.keys().iter().any(|k| k.contains("actions/checkout")));
}

/// claude-code-action v1 takes the CLI's flags (graphiti's PR triage:
/// `claude_args: |` with `--model claude-opus-4-8` below comment lines), and
/// a workflow hands a key over as `${{ secrets.NAME }}`. A flag in a comment
/// or in the prompt, a placeholder, and a secret that is no AI key stay silent.
#[test]
fn an_ai_actions_cli_flags_and_the_secrets_a_workflow_passes() {
    let w = ".github/workflows/triage.yml";
    assert_kind_at("model:anthropic/claude-opus-4-8", Kind::Model, w, 18);
    assert_kind_at("model:anthropic/claude-haiku-4-5", Kind::Model, w, 25);
    assert_kind_at("config:env/ANTHROPIC_API_KEY", Kind::EnvVar, w, 10);
    assert_kind_at("config:env/MINIMAX_API_KEY", Kind::EnvVar, w, 30);
    let s = scanned();
    s.assert_no_id("claude-3-opus-20240229");
    assert!(
        !s.keys()
            .iter()
            .any(|k| k.contains("FALLBACK") || k.contains("SOCKET"))
    );
    let action = s.item("service:github.com/anthropics/claude-code-action");
    assert!(
        action
            .links
            .iter()
            .any(|l| l == "model:anthropic/claude-opus-4-8")
    );
}

#[test]
fn model_tables_in_toml_and_data_files() {
    let f = "cli/models.toml";
    assert_kind_at("model:anthropic/claude-3-5-haiku-latest", Kind::Model, f, 1);
    assert_kind_at("model:openai/gpt-4.1-mini", Kind::Model, f, 4);
    let s = scanned();
    assert!(!s.keys().iter().any(|k| k.contains("my-local-alias")));
    // A product catalog's `model` keys are not AI models.
    nothing_in("data/cars.json");
}

#[test]
fn notebooks_map_findings_to_their_cell_lines() {
    let n = "notebooks/explore.ipynb";
    assert_kind_at("model:openai/gpt-4o-mini", Kind::Model, n, 38);
    assert_kind_at(
        "model:huggingface/google-bert/bert-base-uncased",
        Kind::HubModel,
        n,
        49,
    );
    assert_kind_at(
        "model:huggingface/sentence-transformers/all-MiniLM-L6-v2",
        Kind::HubModel,
        n,
        18,
    ); // a `!huggingface-cli` line
    let s = scanned();
    let ev = &s.item("model:openai/gpt-4o-mini").evidence[0];
    assert_eq!(
        ev.context.as_deref(),
        Some(
            "cell 3, line 4: resp = client.chat.completions.create(model=\"gpt-4o-mini\", messages=[])"
        )
    );
    assert_kind_at("model:ollama/phi3:mini", Kind::HubModel, n, 59); // a %%bash cell
    // Markdown prose, outputs, print(), echo and a %%writefile cell are not usage.
    for decoy in [
        "model:ollama/not-this-one",
        "model:openai/gpt-4-writefile",
        "model:openai/gpt-4o",
        "model:openai/gpt-4-turbo",
        "model:openai/gpt-4.1",
    ] {
        assert!(
            s.inv
                .items
                .get(decoy)
                .is_none_or(|i| i.evidence.iter().all(|e| e.file != n)),
            "{decoy}"
        );
    }
}

#[test]
fn broken_configuration_is_a_warning_not_a_failure() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("bad.yaml"),
        "model: [unclosed\n  base_model: x",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("bad.ipynb"),
        "{\"cells\": [{\"source\": [\"import openai",
    )
    .expect("write");
    // Nesting deeper than any reader follows: a warning, not a stack overflow.
    let deep = format!("model: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(dir.path().join("deep.yaml"), deep).expect("write");
    // Aliases that expand exponentially (a billion laughs): refused, not expanded.
    let mut laughs = String::from("a0: &a0 [\"model\", \"gpt-4o\"]\n");
    for i in 1..30 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        laughs.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    std::fs::write(dir.path().join("laughs.yaml"), laughs).expect("write");
    std::fs::write(
        dir.path().join("bad.tf"),
        "resource \"azurerm_cognitive_deployment\" \"x\" {\n model {\n name = \"gpt-4o\"\n",
    )
    .expect("write");
    let s = scan_dir(dir.path());
    // Broken YAML and JSON, alias bombs and deep nesting: each a note in words.
    insta::assert_snapshot!("broken_configuration_warnings", s.warning_lines());
    // An unterminated Terraform block yields nothing rather than a guess.
    assert!(!s.has("model:azure-openai/gpt-4o"));
}

#[test]
fn a_minified_notebook_points_at_its_only_line_and_names_the_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nb = serde_json::json!({
        "cells": [
            {"cell_type": "markdown", "source": "gpt-4o is great"},
            {"cell_type": "code", "source": "import anthropic\nc = anthropic.Anthropic()\nc.messages.create(model=\"claude-3-5-haiku-latest\")"}
        ],
        "metadata": {"language_info": {"name": "python"}}
    });
    std::fs::write(dir.path().join("min.ipynb"), nb.to_string()).expect("write");
    let s = scan_dir(dir.path());
    let m = s.item("model:anthropic/claude-3-5-haiku-latest");
    assert_eq!(m.evidence[0].line, Some(1));
    assert_eq!(
        m.evidence[0].context.as_deref(),
        Some("cell 2, line 3: c.messages.create(model=\"claude-3-5-haiku-latest\")")
    );
    assert!(!s.has("model:openai/gpt-4o"));
}

#[test]
fn a_credential_in_configuration_is_a_redacted_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123";
    std::fs::write(
        dir.path().join("settings.yaml"),
        format!("service:\n  openai_key: {key}\n"),
    )
    .expect("write");
    let s = scan_dir(dir.path());
    let w = s.warnings_for("settings.yaml");
    assert!(
        w.iter().any(|m| m.contains("hard-coded openai credential")),
        "{w:?}"
    );
    assert!(!s.bom.contains(key) && !w.iter().any(|m| m.contains(key)));
}

/// A list under a key that names models (`fallback_models = […]`): each
/// element of a model-id family is a model; lists of models kept out of use
/// (`excluded_models`, `deprecated_models`, `blocked_models`) are not.
#[test]
fn lists_of_models_in_settings_are_models() {
    let f = "settings/configuration.toml";
    assert_kind_at("model:openai/o3-mini", Kind::Model, f, 3);
    assert_kind_at("model:openai/gpt-4o-2024-11-20", Kind::Model, f, 4);
    assert_kind_at(
        "model:anthropic/claude-3-7-sonnet-20250219",
        Kind::Model,
        f,
        4,
    );
    assert_kind_at(
        "model:google/gemini-2.5-flash",
        Kind::Model,
        "settings/models.yaml",
        2,
    );
    let s = scanned();
    for decoy in ["gpt-4-32k", "text-davinci-003", "gpt-3.5-turbo-0301"] {
        s.assert_no_id(decoy);
    }
}
