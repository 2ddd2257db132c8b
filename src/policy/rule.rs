//! The policy's words as types: the `fail-on` [`Rule`]s, the allow/deny
//! [`ListName`]s, the [`RiskTier`]s, and the [`RuleId`] a judgement carries.
//! Each drives both the parser's error text (its `ALL`) and the judge (an
//! exhaustive `match`), so a rule added here and not judged does not compile.

use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

/// A `fail-on` rule: something a change adds that the policy can gate on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A model or endpoint of a provider the base did not use.
    NewProvider,
    /// A new API model, hub model or fine-tune.
    NewModel,
    /// A new external AI endpoint.
    NewEndpoint,
    /// A new weight file in the tree.
    NewWeightFile,
    /// A new dataset.
    NewDataset,
    /// A hub model not pinned to a commit.
    UnpinnedHubModel,
    /// Weights (or a fine-tune) declaring no licence.
    UnlicensedWeights,
    /// A licence that is not a recognised SPDX id or expression.
    UnknownLicense,
}

impl Rule {
    /// Every rule, in the order the documentation lists them.
    pub const ALL: [Rule; 8] = [
        Rule::NewProvider,
        Rule::NewModel,
        Rule::NewEndpoint,
        Rule::NewWeightFile,
        Rule::NewDataset,
        Rule::UnpinnedHubModel,
        Rule::UnlicensedWeights,
        Rule::UnknownLicense,
    ];

    /// The rule as written in `.aibom.yml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::NewProvider => "new-provider",
            Rule::NewModel => "new-model",
            Rule::NewEndpoint => "new-endpoint",
            Rule::NewWeightFile => "new-weight-file",
            Rule::NewDataset => "new-dataset",
            Rule::UnpinnedHubModel => "unpinned-hub-model",
            Rule::UnlicensedWeights => "unlicensed-weights",
            Rule::UnknownLicense => "unknown-license",
        }
    }

    /// The rule written `s`, if any.
    pub fn parse(s: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Every rule's name, comma-separated (for error text).
    pub fn names() -> String {
        Rule::ALL.map(Rule::as_str).join(", ")
    }
}

/// A list under `allow:` / `deny:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListName {
    /// Provider ids.
    Providers,
    /// Model ids (API and hub models).
    Models,
    /// Endpoint hosts.
    Hosts,
    /// Hub model ids.
    HubModels,
    /// Dataset ids.
    Datasets,
    /// SPDX licence ids.
    Licenses,
}

impl ListName {
    /// Every list, in the order the documentation lists them.
    pub const ALL: [ListName; 6] = [
        ListName::Providers,
        ListName::Models,
        ListName::Hosts,
        ListName::HubModels,
        ListName::Datasets,
        ListName::Licenses,
    ];

    /// The list as written in `.aibom.yml`.
    pub fn as_str(self) -> &'static str {
        match self {
            ListName::Providers => "providers",
            ListName::Models => "models",
            ListName::Hosts => "hosts",
            ListName::HubModels => "hub-models",
            ListName::Datasets => "datasets",
            ListName::Licenses => "licenses",
        }
    }

    /// The list written `s`, if any.
    pub fn parse(s: &str) -> Option<ListName> {
        ListName::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// Every list's name, comma-separated (for error text).
    pub fn names() -> String {
        ListName::ALL.map(ListName::as_str).join(", ")
    }
}

/// A declared EU AI Act risk tier (`risk-tier:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RiskTier {
    /// Minimal risk.
    Minimal,
    /// Limited risk (transparency duties).
    Limited,
    /// High risk.
    High,
    /// Prohibited practices.
    Unacceptable,
}

impl RiskTier {
    /// Every tier, lowest first.
    pub const ALL: [RiskTier; 4] = [
        RiskTier::Minimal,
        RiskTier::Limited,
        RiskTier::High,
        RiskTier::Unacceptable,
    ];

    /// The tier as written in `.aibom.yml`.
    pub fn as_str(self) -> &'static str {
        match self {
            RiskTier::Minimal => "minimal",
            RiskTier::Limited => "limited",
            RiskTier::High => "high",
            RiskTier::Unacceptable => "unacceptable",
        }
    }

    /// The tier written `s`, if any.
    pub fn parse(s: &str) -> Option<RiskTier> {
        RiskTier::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Every tier's name, comma-separated (for error text).
    pub fn names() -> String {
        RiskTier::ALL.map(RiskTier::as_str).join(", ")
    }
}

impl fmt::Display for RiskTier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RiskTier {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// What judged a component: a `fail-on` rule, a deny list, or an allow list
/// it is not on. Written (and sorted) as `new-model`, `deny-providers`,
/// `not-allowed-hosts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleId {
    /// A `fail-on` rule.
    FailOn(Rule),
    /// On a deny list.
    Deny(ListName),
    /// Not on a non-empty allow list.
    NotAllowed(ListName),
}

impl RuleId {
    /// The list this judgement came from, for allow and deny lists.
    pub fn list(self) -> Option<ListName> {
        match self {
            RuleId::FailOn(_) => None,
            RuleId::Deny(l) | RuleId::NotAllowed(l) => Some(l),
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleId::FailOn(r) => f.write_str(r.as_str()),
            RuleId::Deny(l) => write!(f, "deny-{}", l.as_str()),
            RuleId::NotAllowed(l) => write!(f, "not-allowed-{}", l.as_str()),
        }
    }
}

impl Ord for RuleId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.to_string().cmp(&other.to_string())
    }
}

impl PartialOrd for RuleId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back() {
        for r in Rule::ALL {
            assert_eq!(Rule::parse(r.as_str()), Some(r));
        }
        for l in ListName::ALL {
            assert_eq!(ListName::parse(l.as_str()), Some(l));
        }
        for t in RiskTier::ALL {
            assert_eq!(RiskTier::parse(t.as_str()), Some(t));
        }
        assert_eq!(
            ListName::parse("host"),
            None,
            "no fallback to a default list"
        );
    }

    #[test]
    fn rule_ids_read_and_sort_as_written() {
        let mut ids = [
            RuleId::NotAllowed(ListName::Hosts),
            RuleId::FailOn(Rule::NewModel),
            RuleId::Deny(ListName::Providers),
        ];
        ids.sort();
        let written: Vec<String> = ids.iter().map(ToString::to_string).collect();
        assert_eq!(
            written,
            ["deny-providers", "new-model", "not-allowed-hosts"]
        );
        assert_eq!(
            serde_json::to_string(&RuleId::Deny(ListName::HubModels)).unwrap(),
            "\"deny-hub-models\""
        );
    }
}
