//! The policy stage: a [`Diff`] judged against `.aibom.yml` ([`cfg::Config`]).
//! Rules apply to what a change adds (and to license changes); ignored paths
//! and, unless asked, test-only findings are left out.

pub mod cfg;
pub mod rule;

use std::collections::BTreeSet;

use serde::Serialize;

pub use cfg::{Config, ConfigError, ConfigErrors, Level};
pub use rule::{ListName, RiskTier, Rule, RuleId};

use crate::bom::{Inventory, Item};
use crate::diff::{Diff, FieldChange, Switch};
use crate::vocab::{Kind, attr};

/// The file the policy is read from (in the base commit).
pub const POLICY_FILE: &str = ".aibom.yml";

/// One rule's judgement of one component.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RuleResult {
    /// Rule id (`new-model`, `deny-providers`, `not-allowed-models`, …).
    pub rule: RuleId,
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

impl Verdict {
    /// Its name, as the JSON report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Fail => "fail",
        }
    }
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
    /// Places switched to another model, judged by the allow and deny lists
    /// (the model they use now is not new, so `fail-on: new-model` is silent).
    pub switched: Vec<(Switch, Vec<RuleResult>)>,
    /// Overall verdict.
    pub verdict: Verdict,
    /// The declared risk tier.
    pub risk_tier: Option<RiskTier>,
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
    let switched: Vec<(Switch, Vec<RuleResult>)> = diff
        .switched
        .into_iter()
        .filter(|s| cfg.ignore_paths.is_empty() || !cfg.ignore_paths.matches(&s.at.file))
        .map(|s| {
            let mut r = Vec::new();
            lists(cfg, &s.to, &mut r);
            r.sort();
            (s, r)
        })
        .collect();
    let levels = added
        .iter()
        .flat_map(|(_, r)| r)
        .chain(changed.iter().flat_map(|(_, r)| r))
        .chain(switched.iter().flat_map(|(_, r)| r))
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
        switched,
        verdict,
        risk_tier: cfg.risk_tier,
        new_providers,
    }
}

fn result(rule: RuleId, level: Level, message: Message) -> RuleResult {
    RuleResult {
        rule,
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
    lists(cfg, i, &mut r);
    if let Some(l) = i.attrs.get(attr::LICENSE) {
        licenses(cfg, l, &mut r);
    }
    for &(rule, level) in &cfg.fail_on {
        if let Some(message) = fail_on(rule, i, provider, is_api, known_providers) {
            r.push(result(RuleId::FailOn(rule), level, message));
        }
    }
    r.sort();
    r
}

/// What the allow and deny lists say of `i`.
fn lists(cfg: &Config, i: &Item, r: &mut Vec<RuleResult>) {
    let provider = i.provider.as_deref().unwrap_or("");
    let is_api = matches!(i.kind, Kind::Model | Kind::Service);
    let mut lists: Vec<(ListName, &str)> = Vec::new();
    if is_api {
        lists.push((ListName::Providers, provider));
    }
    if matches!(i.kind, Kind::Model | Kind::HubModel) {
        lists.push((ListName::Models, &i.id));
    }
    if i.kind == Kind::HubModel {
        lists.push((ListName::HubModels, &i.id));
    }
    if i.kind == Kind::Dataset {
        lists.push((ListName::Datasets, &i.id));
    }
    if i.kind == Kind::Service {
        lists.push((ListName::Hosts, host_of(&i.id)));
    }
    for (list, value) in lists {
        let (allow, deny) = (cfg.allow.get(list), cfg.deny.get(list));
        if deny.matches(value) {
            r.push(result(
                RuleId::Deny(list),
                Level::Failure,
                Message::default()
                    .value(value)
                    .text(" is on the deny list (")
                    .text(list.as_str())
                    .text(")"),
            ));
        } else if !allow.is_empty() && !allow.matches(value) {
            r.push(result(
                RuleId::NotAllowed(list),
                Level::Failure,
                Message::default()
                    .value(value)
                    .text(" is not on the allow list (")
                    .text(list.as_str())
                    .text(")"),
            ));
        }
    }
}

/// What `rule` says of an added item, if it applies.
fn fail_on(
    rule: Rule,
    i: &Item,
    provider: &str,
    is_api: bool,
    known_providers: &BTreeSet<&str>,
) -> Option<Message> {
    let license = i.attrs.get(attr::LICENSE);
    let hit = match rule {
        Rule::NewProvider => is_api && !provider.is_empty() && !known_providers.contains(provider),
        Rule::NewModel => matches!(i.kind, Kind::Model | Kind::HubModel | Kind::FineTunedModel),
        Rule::NewEndpoint => i.kind == Kind::Service,
        Rule::NewWeightFile => i.kind == Kind::WeightFile,
        Rule::NewDataset => i.kind == Kind::Dataset,
        Rule::UnpinnedHubModel => {
            i.kind == Kind::HubModel && i.attrs.get(attr::PINNED).is_none_or(|p| p != "true")
        }
        Rule::UnlicensedWeights => {
            matches!(i.kind, Kind::WeightFile | Kind::FineTunedModel) && license.is_none()
        }
        Rule::UnknownLicense => {
            matches!(
                i.kind,
                Kind::Library | Kind::HubModel | Kind::FineTunedModel | Kind::WeightFile
            ) && license.is_none_or(|l| !is_spdx(l))
        }
    };
    hit.then(|| match rule {
        Rule::NewProvider => say("new AI provider ").value(provider),
        Rule::NewModel => say("new ").text(i.kind.as_str()).text(" ").value(&i.id),
        Rule::NewEndpoint => say("new external AI endpoint ").value(&i.id),
        Rule::NewWeightFile => say("new weight file ").value(&i.id),
        Rule::NewDataset => say("new dataset ").value(&i.id),
        Rule::UnpinnedHubModel => Message::default()
            .value(&i.id)
            .text(" is not pinned to a commit (`revision=`)"),
        Rule::UnlicensedWeights => Message::default().value(&i.id).text(" declares no license"),
        Rule::UnknownLicense => Message::default()
            .value(&i.id)
            .text(" has no recognised SPDX license"),
    })
}

fn licenses(cfg: &Config, license: &str, r: &mut Vec<RuleResult>) {
    if cfg.deny.licenses.matches(license) {
        r.push(result(
            RuleId::Deny(ListName::Licenses),
            Level::Failure,
            say("license ").value(license).text(" is on the deny list"),
        ));
    } else if !cfg.allow.licenses.is_empty() && !cfg.allow.licenses.matches(license) {
        r.push(result(
            RuleId::NotAllowed(ListName::Licenses),
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
