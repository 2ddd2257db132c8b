//! Configuration detection: models, datasets, model servers and endpoints named
//! in YAML / JSON / TOML / `.properties` files, Dockerfiles, shell scripts,
//! Terraform, Bicep and GitHub Actions workflows, which no import graph reveals.

pub mod bicep;
pub mod command;
pub mod docker;
pub mod jsonc;
pub mod registry;
pub mod rules;
pub mod terraform;
pub mod tree;

use crate::scan::cx::FileCx;
use crate::vocab::{Code, Results, Warning};

/// A kind of configuration file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigKind {
    /// YAML (compose, Kubernetes, workflows, training recipes, LiteLLM, Spring).
    Yaml,
    /// JSON (`appsettings.json`, configs).
    Json,
    /// TOML.
    Toml,
    /// Java `.properties`.
    Properties,
    /// A Dockerfile.
    Dockerfile,
    /// A shell script.
    Shell,
    /// Terraform (`.tf`).
    Terraform,
    /// Azure Bicep (`.bicep`).
    Bicep,
    /// Terraform variable values (`.tfvars`), for references in `.tf` files.
    TerraformVars,
}

/// The configuration kind of a file, by name and extension (lower case).
pub fn kind(name: &str, ext: &str) -> Option<ConfigKind> {
    if docker::is_dockerfile(name) {
        return Some(ConfigKind::Dockerfile);
    }
    Some(match ext {
        "yml" | "yaml" => ConfigKind::Yaml,
        "json" => ConfigKind::Json,
        "toml" => ConfigKind::Toml,
        "properties" => ConfigKind::Properties,
        "sh" | "bash" | "zsh" => ConfigKind::Shell,
        "tf" => ConfigKind::Terraform,
        "bicep" => ConfigKind::Bicep,
        "tfvars" => ConfigKind::TerraformVars,
        _ => return None,
    })
}

/// Scans one configuration file.
pub fn detect(cx: &FileCx, kind: ConfigKind, results: &mut Results) {
    let (cat, path, text) = (cx.catalog, cx.path, cx.text);
    let out = &mut results.findings;
    let warnings = &mut results.warnings;
    let mut unreadable = |what: &str, e: String| {
        let msg = format!("configuration not read: invalid {what}: {}", first_line(&e));
        warnings.push(Warning::new(Code::ParseError, path, msg));
    };
    match kind {
        ConfigKind::Yaml => match tree::yaml(text) {
            Ok(docs) => docs.iter().for_each(|d| rules::scan(cat, path, d, out)),
            Err(e) => unreadable("YAML", e),
        },
        ConfigKind::Json => match tree::yaml(text) {
            Ok(docs) => docs.iter().for_each(|d| rules::scan(cat, path, d, out)),
            Err(_) => match serde_json::from_str::<serde_json::Value>(text) {
                // Valid JSON that the YAML reader refuses (duplicate keys, say).
                Ok(v) => rules::scan(cat, path, &tree::json(&v, text), out),
                // JSON with comments (`.vscode/*.json`, devcontainers): the
                // comments blanked out, lines kept.
                Err(e) => match serde_json::from_str::<serde_json::Value>(&jsonc::strip(text)) {
                    Ok(v) => rules::scan(cat, path, &tree::json(&v, text), out),
                    Err(_) => unreadable("JSON", e.to_string()),
                },
            },
        },
        ConfigKind::Toml => match tree::toml(text) {
            Ok(d) => rules::scan(cat, path, &d, out),
            Err(e) => unreadable("TOML", e),
        },
        ConfigKind::Properties => rules::scan(cat, path, &tree::properties(text), out),
        ConfigKind::Dockerfile => docker::scan(cat, path, text, out),
        ConfigKind::Shell => command::scan_script(cat, path, text, 1, out),
        ConfigKind::Terraform => terraform::scan(cat, path, text, out),
        ConfigKind::Bicep => bicep::scan(cat, path, text, out),
        ConfigKind::TerraformVars => terraform::tfvars(cat, path, text, out),
    }
}

fn first_line(e: &str) -> &str {
    e.lines().next().unwrap_or(e)
}
