//! The policy stage: a [`Diff`] judged against `.aibom.yml` ([`cfg::Config`]).
//! Rules apply to what a change adds (and to license changes); ignored paths
//! and, unless asked, test-only findings are left out.

pub mod cfg;

use std::collections::BTreeSet;

use serde::Serialize;

pub use cfg::{Config, ConfigError, Level};

use crate::bom::{Inventory, Item};
use crate::diff::{Diff, FieldChange};
use crate::vocab::{Kind, attr};

/// The file the policy is read from (in the base commit).
pub const POLICY_FILE: &str = ".aibom.yml";

/// One rule's judgement of one component.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RuleResult {
    /// Rule id (`new-model`, `deny-providers`, `not-allowed-models`, …).
    pub rule: String,
    /// Level.
    pub level: Level,
    /// One sentence for people.
    pub message: Message,
}

/// A sentence for people: our words, with the values it is about (ids,
/// providers, licences: repository text) kept apart, so that each renderer
/// quotes them its own way (a Markdown code span, a cut plain-text quote).
/// Serialised (the JSON report) as the sentence with values in backticks.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Message(pub Vec<Part>);

/// A piece of a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// Our own words.
    Text(&'static str),
    /// A value from the repository.
    Value(String),
}

impl Message {
    /// Our words.
    fn text(mut self, t: &'static str) -> Self {
        self.0.push(Part::Text(t));
        self
    }
    /// A value from the repository.
    fn value(mut self, v: &str) -> Self {
        self.0.push(Part::Value(v.to_string()));
        self
    }
}

fn say(t: &'static str) -> Message {
    Message::default().text(t)
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for p in &self.0 {
            match p {
                Part::Text(t) => f.write_str(t)?,
                Part::Value(v) => write!(f, "`{v}`")?,
            }
        }
        Ok(())
    }
}

impl Serialize for Message {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The overall outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing at warning level or above.
    Pass,
    /// Warnings (or failures under `warn-only`).
    Warn,
    /// At least one failure.
    Fail,
}

/// A diff with the policy applied.
#[derive(Debug, Clone)]
pub struct Judged {
    /// Added components with their rule results.
    pub added: Vec<(Item, Vec<RuleResult>)>,
    /// Removed components.
    pub removed: Vec<Item>,
    /// Field changes with their rule results.
    pub changed: Vec<(FieldChange, Vec<RuleResult>)>,
    /// Overall verdict.
    pub verdict: Verdict,
    /// The declared risk tier.
    pub risk_tier: Option<String>,
    /// Providers the change starts sending data to: those of added models and
    /// endpoints (outside tests) that no model or endpoint of the base used. Sorted.
    pub new_providers: Vec<String>,
}

/// Applies the policy to a diff. `base` tells which providers were already in use.
pub fn apply(cfg: &Config, base: &Inventory, diff: Diff) -> Judged {
    let ignored = |i: &Item| {
        !cfg.ignore_paths.is_empty()
            && !i.evidence.is_empty()
            && i.evidence.iter().all(|e| cfg.ignore_paths.matches(&e.file))
    };
    let known_providers: BTreeSet<&str> = base
        .items
        .values()
        .filter(|i| matches!(i.kind, Kind::Model | Kind::Service))
        .filter_map(|i| i.provider.as_deref())
        .collect();
    let added: Vec<(Item, Vec<RuleResult>)> = diff
        .added
        .into_iter()
        .filter(|i| !ignored(i))
        .map(|i| {
            let results = if i.test_only && !cfg.include_tests {
                Vec::new()
            } else {
                judge(cfg, &i, &known_providers)
            };
            (i, results)
        })
        .collect();
    let new_providers: Vec<String> = added
        .iter()
        .map(|(i, _)| i)
        .filter(|i| matches!(i.kind, Kind::Model | Kind::Service) && !i.test_only)
        .filter_map(|i| i.provider.as_deref())
        .filter(|p| !p.is_empty() && !known_providers.contains(p))
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .map(str::to_string)
        .collect();
    let removed = diff.removed.into_iter().filter(|i| !ignored(i)).collect();
    let changed: Vec<(FieldChange, Vec<RuleResult>)> = diff
        .changed
        .into_iter()
        .map(|c| {
            let mut r = Vec::new();
            if c.field == "license" && !c.to.is_empty() {
                licenses(cfg, &c.to, &mut r);
            }
            (c, r)
        })
        .collect();
    let levels = added
        .iter()
        .flat_map(|(_, r)| r)
        .chain(changed.iter().flat_map(|(_, r)| r))
        .map(|r| r.level);
    let worst = levels.max();
    let verdict = match worst {
        Some(Level::Failure) if !cfg.warn_only => Verdict::Fail,
        Some(Level::Failure | Level::Warning) => Verdict::Warn,
        _ => Verdict::Pass,
    };
    Judged {
        added,
        removed,
        changed,
        verdict,
        risk_tier: cfg.risk_tier.clone(),
        new_providers,
    }
}

fn result(rule: &str, level: Level, message: Message) -> RuleResult {
    RuleResult {
        rule: rule.to_string(),
        level,
        message,
    }
}

fn host_of(id: &str) -> &str {
    let rest = id.split_once("://").map_or(id, |(_, r)| r);
    rest.split(['/', ':']).next().unwrap_or(rest)
}

fn judge(cfg: &Config, i: &Item, known_providers: &BTreeSet<&str>) -> Vec<RuleResult> {
    let mut r = Vec::new();
    let provider = i.provider.as_deref().unwrap_or("");
    let is_api = matches!(i.kind, Kind::Model | Kind::Service);
    let mut lists: Vec<(&str, &str)> = Vec::new(); // (list, value)
    if is_api {
        lists.push(("providers", provider));
    }
    if matches!(i.kind, Kind::Model | Kind::HubModel) {
        lists.push(("models", &i.id));
    }
    if i.kind == Kind::HubModel {
        lists.push(("hub-models", &i.id));
    }
    if i.kind == Kind::Dataset {
        lists.push(("datasets", &i.id));
    }
    if i.kind == Kind::Service {
        lists.push(("hosts", host_of(&i.id)));
    }
    for (list, value) in lists {
        let (allow, deny) = match list {
            "providers" => (&cfg.allow.providers, &cfg.deny.providers),
            "models" => (&cfg.allow.models, &cfg.deny.models),
            "hub-models" => (&cfg.allow.hub_models, &cfg.deny.hub_models),
            "datasets" => (&cfg.allow.datasets, &cfg.deny.datasets),
            _ => (&cfg.allow.hosts, &cfg.deny.hosts),
        };
        if deny.matches(value) {
            r.push(result(
                &format!("deny-{list}"),
                Level::Failure,
                Message::default()
                    .value(value)
                    .text(" is on the deny list (")
                    .text(list)
                    .text(")"),
            ));
        } else if !allow.is_empty() && !allow.matches(value) {
            r.push(result(
                &format!("not-allowed-{list}"),
                Level::Failure,
                Message::default()
                    .value(value)
                    .text(" is not on the allow list (")
                    .text(list)
                    .text(")"),
            ));
        }
    }
    if let Some(l) = i.attrs.get(attr::LICENSE) {
        licenses(cfg, l, &mut r);
    }
    for (rule, level) in &cfg.fail_on {
        let hit = match rule.as_str() {
            "new-provider" => is_api && !provider.is_empty() && !known_providers.contains(provider),
            "new-model" => matches!(i.kind, Kind::Model | Kind::HubModel | Kind::FineTunedModel),
            "new-endpoint" => i.kind == Kind::Service,
            "new-weight-file" => i.kind == Kind::WeightFile,
            "new-dataset" => i.kind == Kind::Dataset,
            "unpinned-hub-model" => {
                i.kind == Kind::HubModel && i.attrs.get(attr::PINNED).is_none_or(|p| p != "true")
            }
            "unlicensed-weights" => {
                matches!(i.kind, Kind::WeightFile | Kind::FineTunedModel)
                    && !i.attrs.contains_key(attr::LICENSE)
            }
            "unknown-license" => {
                matches!(
                    i.kind,
                    Kind::Library | Kind::HubModel | Kind::FineTunedModel | Kind::WeightFile
                ) && i.attrs.get(attr::LICENSE).is_none_or(|l| !is_spdx(l))
            }
            _ => false,
        };
        if hit {
            let message = match rule.as_str() {
                "new-provider" => say("new AI provider ").value(provider),
                "new-model" => say("new ").text(i.kind.as_str()).text(" ").value(&i.id),
                "new-endpoint" => say("new external AI endpoint ").value(&i.id),
                "new-weight-file" => say("new weight file ").value(&i.id),
                "new-dataset" => say("new dataset ").value(&i.id),
                "unpinned-hub-model" => Message::default()
                    .value(&i.id)
                    .text(" is not pinned to a commit (`revision=`)"),
                "unlicensed-weights" => {
                    Message::default().value(&i.id).text(" declares no license")
                }
                _ => Message::default()
                    .value(&i.id)
                    .text(" has no recognised SPDX license"),
            };
            r.push(result(rule, *level, message));
        }
    }
    r.sort();
    r
}

fn licenses(cfg: &Config, license: &str, r: &mut Vec<RuleResult>) {
    if cfg.deny.licenses.matches(license) {
        r.push(result(
            "deny-licenses",
            Level::Failure,
            say("license ").value(license).text(" is on the deny list"),
        ));
    } else if !cfg.allow.licenses.is_empty() && !cfg.allow.licenses.matches(license) {
        r.push(result(
            "not-allowed-licenses",
            Level::Failure,
            say("license ")
                .value(license)
                .text(" is not on the allow list"),
        ));
    }
}

fn is_spdx(license: &str) -> bool {
    matches!(
        crate::bom::license::license(license),
        crate::bom::model::LicenseChoice::License {
            license: crate::bom::model::License::Id { .. }
        } | crate::bom::model::LicenseChoice::Expression { .. }
    )
}
