//! SARIF 2.1.0 for code scanning: one result per added component, with a
//! stable rule id per kind (`aibom/new-model`, …).

use serde_json::{Value, json};

use super::escape::{md, plain, shown};

use super::json::{Location, Report};
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

/// A rule of the driver's list.
fn rule(id: &str, text: &str) -> Value {
    json!({"id": id, "name": id.trim_start_matches("aibom/"), "shortDescription": {"text": text}, "helpUri": "https://github.com/aibom/aibom#what-it-finds"})
}

/// A result's location at a file:line.
fn location(l: &Location) -> Value {
    // A URI reference: a path's spaces and other bytes percent-encoded.
    let uri = md::link_target("", &l.file, "");
    let mut phys = json!({"artifactLocation": {"uri": uri}});
    if let Some(line) = l.line {
        phys["region"] = json!({"startLine": line});
    }
    json!({"physicalLocation": phys})
}

/// `what`, then what the policy said of it, as one sentence.
fn sentence(what: String, policy: &[crate::policy::RuleResult]) -> String {
    let said: Vec<String> = policy.iter().map(|p| plain(&p.message)).collect();
    if said.is_empty() {
        format!("{what}.")
    } else {
        format!("{what}: {}.", said.join("; "))
    }
}

/// The SARIF log.
pub fn render(r: &Report) -> Value {
    let mut rules: Vec<Value> = KINDS.iter().map(|(_, id, text)| rule(id, text)).collect();
    rules.push(rule(SWITCHED, "A place now uses another model"));
    let added = r.added.iter().filter(|e| e.ai).map(|e| {
        let what = match &e.provider {
            Some(p) => format!("{} `{}` ({})", e.kind.as_str(), shown(&e.id), shown(p)),
            None => format!("{} `{}`", e.kind.as_str(), shown(&e.id)),
        };
        let locations: Vec<Value> = e.evidence.iter().take(10).map(location).collect();
        json!({
            "ruleId": rule_id(e.kind),
            "level": sarif_level(&e.policy),
            "message": {"text": sentence(format!("New {what}"), &e.policy)},
            "locations": locations,
            "partialFingerprints": {"aibomIdentity/v1": format!("{}:{}", e.kind.as_str(), e.id)},
        })
    });
    let switched = r.switched.iter().map(|s| {
        let what = format!("Switched {} `{}` → `{}`", s.kind.as_str(), shown(&s.from), shown(&s.to));
        json!({
            "ruleId": SWITCHED,
            "level": sarif_level(&s.policy),
            "message": {"text": sentence(what, &s.policy)},
            "locations": [location(&s.at)],
            "partialFingerprints": {"aibomIdentity/v1": format!("switch:{}:{}:{}", s.at.file, s.from, s.to)},
        })
    });
    let results: Vec<Value> = added.chain(switched).collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "aibom", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://github.com/aibom/aibom", "rules": rules}},
            "results": results,
        }],
    })
}
