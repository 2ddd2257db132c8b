//! SARIF 2.1.0 for code scanning: one result per added component, with a
//! stable rule id per kind (`aibom/new-model`, …).

use serde_json::{Value, json};

use super::escape::{md, plain, shown};

use super::json::Report;
use crate::policy::Level;
use crate::vocab::Kind;

const KINDS: &[(Kind, &str, &str)] = &[
    (
        Kind::Model,
        "aibom/new-model",
        "A model called over an API was added",
    ),
    (
        Kind::HubModel,
        "aibom/new-hub-model",
        "A model pulled from a hub was added",
    ),
    (
        Kind::FineTunedModel,
        "aibom/new-fine-tuned-model",
        "Fine-tuned weights were added",
    ),
    (
        Kind::WeightFile,
        "aibom/new-weight-file",
        "A model weight file was added",
    ),
    (Kind::Dataset, "aibom/new-dataset", "A dataset was added"),
    (
        Kind::Service,
        "aibom/new-endpoint",
        "An external AI endpoint was added",
    ),
    (
        Kind::EnvVar,
        "aibom/new-ai-setting",
        "An AI-related environment variable was added",
    ),
    (
        Kind::Library,
        "aibom/new-ai-package",
        "An AI/ML package was added",
    ),
];

fn rule_id(kind: Kind) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map_or("aibom/new-component", |(_, id, _)| id)
}

/// The rule of a place switched to another model.
const SWITCHED: &str = "aibom/switched-model";

fn sarif_level(policy: &[crate::policy::RuleResult]) -> &'static str {
    match policy.iter().map(|p| p.level).max() {
        Some(Level::Failure) => "error",
        Some(Level::Warning) => "warning",
        _ => "note",
    }
}

/// The SARIF log.
pub fn render(r: &Report) -> Value {
    let rules: Vec<Value> = KINDS
        .iter()
        .map(|(_, id, text)| json!({"id": id, "name": id.trim_start_matches("aibom/"), "shortDescription": {"text": text}, "helpUri": "https://github.com/aibom/aibom#what-it-finds"}))
        .collect();
    let results: Vec<Value> = r
        .added
        .iter()
        .filter(|e| e.ai)
        .map(|e| {
            let level = sarif_level(&e.policy);
            let what = match &e.provider {
                Some(p) => format!("{} `{}` ({})", e.kind.as_str(), shown(&e.id), shown(p)),
                None => format!("{} `{}`", e.kind.as_str(), shown(&e.id)),
            };
            let policy: Vec<String> = e.policy.iter().map(|p| plain(&p.message)).collect();
            let text = if policy.is_empty() { format!("New {what}.") } else { format!("New {what}: {}.", policy.join("; ")) };
            let locations: Vec<Value> = e
                .evidence
                .iter()
                .take(10)
                .map(|l| {
                    // A URI reference: a path's spaces and other bytes percent-encoded.
                    let uri = md::link_target("", &l.file, "");
                    let mut phys = json!({"artifactLocation": {"uri": uri}});
                    if let Some(line) = l.line {
                        phys["region"] = json!({"startLine": line});
                    }
                    json!({"physicalLocation": phys})
                })
                .collect();
            json!({
                "ruleId": rule_id(e.kind),
                "level": level,
                "message": {"text": text},
                "locations": locations,
                "partialFingerprints": {"aibomIdentity/v1": format!("{}:{}", e.kind.as_str(), e.id)},
            })
        })
        .collect();
    let mut results = results;
    results.extend(r.switched.iter().map(|s| {
        let uri = md::link_target("", &s.at.file, "");
        let mut phys = json!({"artifactLocation": {"uri": uri}});
        if let Some(line) = s.at.line {
            phys["region"] = json!({"startLine": line});
        }
        let policy: Vec<String> = s.policy.iter().map(|p| plain(&p.message)).collect();
        let mut text = format!("Switched {} `{}` → `{}`", s.kind.as_str(), shown(&s.from), shown(&s.to));
        if !policy.is_empty() {
            text.push_str(&format!(": {}", policy.join("; ")));
        }
        text.push('.');
        json!({
            "ruleId": SWITCHED,
            "level": sarif_level(&s.policy),
            "message": {"text": text},
            "locations": [{"physicalLocation": phys}],
            "partialFingerprints": {"aibomIdentity/v1": format!("switch:{}:{}:{}", s.at.file, s.from, s.to)},
        })
    }));
    let mut rules = rules;
    rules.push(json!({"id": SWITCHED, "name": SWITCHED.trim_start_matches("aibom/"), "shortDescription": {"text": "A place now uses another model"}, "helpUri": "https://github.com/aibom/aibom#what-it-finds"}));
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "aibom", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://github.com/aibom/aibom", "rules": rules}},
            "results": results,
        }],
    })
}
