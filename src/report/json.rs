//! The machine-readable report (`--format json`): the documented, stable shape
//! other tools read. Every other rendering is made from this [`Report`].

use serde::Serialize;

use crate::bom::Item;
use crate::policy::{Judged, RiskTier, RuleResult, Verdict};
use crate::vocab::{Kind, Warning, attr};

/// A file:line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Repository-relative path.
    pub file: String,
    /// 1-based line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// An added or removed component.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Kind (`model`, `hub-model`, …, `library`).
    pub kind: Kind,
    /// Model id, hub id, dataset id, URL, path, package name or variable name.
    pub id: String,
    /// Provider, hub or source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Whether this is an AI component (every non-package kind, and AI/ML packages).
    pub ai: bool,
    /// Where it is (head for added, base for removed).
    pub evidence: Vec<Location>,
    /// Policy results.
    pub policy: Vec<RuleResult>,
    /// Base model of a fine-tune (hub id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_model: Option<String>,
    /// Datasets a fine-tune declares (ids).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<String>,
    /// Package ecosystem (purl type).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecosystem: Option<String>,
    /// Package version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Seen only in test code.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub test_only: bool,
}

/// A field change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changed {
    /// Kind.
    pub kind: Kind,
    /// Id.
    pub id: String,
    /// Field.
    pub field: String,
    /// Base value.
    pub from: String,
    /// Head value.
    pub to: String,
    /// Policy results.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policy: Vec<RuleResult>,
}

/// A place that now uses another model (both stay in use elsewhere).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Switched {
    /// Kind (`model`, `hub-model`).
    pub kind: Kind,
    /// The id the place used.
    pub from: String,
    /// Its provider or hub.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_provider: Option<String>,
    /// The id it uses now.
    pub to: String,
    /// Its provider or hub.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The place, in the head.
    pub at: Location,
    /// Policy results (allow and deny lists).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policy: Vec<RuleResult>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Base commit (or BOM file).
    pub base: String,
    /// Head commit (or BOM file).
    pub head: String,
    /// `pass`, `warn` or `fail`.
    pub verdict: Verdict,
    /// Declared EU AI Act risk tier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_tier: Option<RiskTier>,
    /// Providers the change starts sending data to (none of the base's
    /// models or endpoints used them), sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub new_providers: Vec<String>,
    /// Added components.
    pub added: Vec<Entry>,
    /// Removed components.
    pub removed: Vec<Entry>,
    /// Changed fields.
    pub changed: Vec<Changed>,
    /// Places switched from one model to another.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub switched: Vec<Switched>,
    /// Scan warnings and notes, each with its stable code.
    pub warnings: Vec<Warning>,
}

fn entry(i: &Item, policy: Vec<RuleResult>) -> Entry {
    let library = i.kind == Kind::Library;
    Entry {
        kind: i.kind,
        id: i.id.clone(),
        provider: if library { None } else { i.provider.clone() },
        ai: !library || i.attrs.get(attr::AI).is_some_and(|v| v == "true"),
        evidence: i
            .evidence
            .iter()
            .map(|e| Location {
                file: e.file.clone(),
                line: e.line,
            })
            .collect(),
        policy,
        base_model: i
            .base_models
            .iter()
            .next()
            .map(|b| b.trim_start_matches("model:huggingface/").to_string()),
        datasets: i
            .links
            .iter()
            .filter_map(|l| l.strip_prefix("dataset:"))
            .map(|d| d.split_once('/').map_or(d, |(_, id)| id).to_string())
            .collect(),
        ecosystem: if library { i.provider.clone() } else { None },
        version: i
            .attrs
            .get(attr::VERSION)
            .or_else(|| i.attrs.get(attr::REVISION))
            .cloned(),
        test_only: i.test_only,
    }
}

/// Builds the report.
pub fn report(base: &str, head: &str, judged: &Judged, warnings: Vec<Warning>) -> Report {
    Report {
        base: base.to_string(),
        head: head.to_string(),
        verdict: judged.verdict,
        risk_tier: judged.risk_tier,
        new_providers: judged.new_providers.clone(),
        added: judged
            .added
            .iter()
            .map(|(i, r)| entry(i, r.clone()))
            .collect(),
        removed: judged
            .removed
            .iter()
            .map(|i| entry(i, Vec::new()))
            .collect(),
        changed: judged
            .changed
            .iter()
            .map(|(c, r)| Changed {
                kind: c.kind,
                id: c.id.clone(),
                field: c.field.clone(),
                from: c.from.clone(),
                to: c.to.clone(),
                policy: r.clone(),
            })
            .collect(),
        switched: judged
            .switched
            .iter()
            .map(|(s, r)| Switched {
                kind: s.to.kind,
                from: s.from.id.clone(),
                from_provider: s.from.provider.clone(),
                to: s.to.id.clone(),
                provider: s.to.provider.clone(),
                at: Location {
                    file: s.at.file.clone(),
                    line: s.at.line,
                },
                policy: r.clone(),
            })
            .collect(),
        warnings,
    }
}

/// Pretty JSON with a trailing newline.
pub fn render(r: &Report) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(r)? + "\n")
}
