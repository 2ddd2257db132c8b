//! `.aibom.yml`: parsed with positions and validated into a typed [`Config`].
//! Every error names the file, the line and the valid choices.

use globset::{Glob, GlobMatcher};
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use super::rule::{ListName, RiskTier, Rule};
pub use crate::vocab::{ConfigError, ConfigErrors};

/// How serious a policy result is (GitHub annotation levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Informational.
    Notice,
    /// Reported, does not fail.
    Warning,
    /// Fails the check.
    Failure,
}

impl Level {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Notice => "notice",
            Level::Warning => "warning",
            Level::Failure => "failure",
        }
    }
}

const TOP_KEYS: &[&str] = &[
    "allow",
    "deny",
    "fail-on",
    "ignore-paths",
    "warn-only",
    "risk-tier",
    "include-tests",
    "comments",
    "request-changes",
];

/// Where a pull request hears about its AI changes (`comments:` in
/// `.aibom.yml`, the Action's `comments` input). The check run is always written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CommentMode {
    /// The sticky summary comment only.
    Summary,
    /// A review with comments on the added lines only.
    Review,
    /// Both (the default).
    #[default]
    Both,
    /// Neither: the check run alone.
    Off,
}

impl CommentMode {
    /// Every mode, as written in the configuration.
    pub const ALL: [CommentMode; 4] = [
        CommentMode::Summary,
        CommentMode::Review,
        CommentMode::Both,
        CommentMode::Off,
    ];

    /// The mode as written in the configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            CommentMode::Summary => "summary",
            CommentMode::Review => "review",
            CommentMode::Both => "both",
            CommentMode::Off => "off",
        }
    }

    /// The mode written `s`, if any.
    pub fn parse(s: &str) -> Option<CommentMode> {
        CommentMode::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Whether the sticky summary comment is written.
    pub fn summary(self) -> bool {
        matches!(self, CommentMode::Summary | CommentMode::Both)
    }

    /// Whether a review with inline comments is written.
    pub fn review(self) -> bool {
        matches!(self, CommentMode::Review | CommentMode::Both)
    }
}

/// A list of glob patterns (as written, and compiled).
#[derive(Debug, Clone, Default)]
pub struct Patterns {
    /// Patterns as written.
    pub raw: Vec<String>,
    matchers: Vec<GlobMatcher>,
}

impl Patterns {
    /// Whether any pattern matches (case-insensitively for names).
    pub fn matches(&self, value: &str) -> bool {
        self.matchers.iter().any(|m| m.is_match(value))
    }

    /// Whether there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }
}

/// Allow or deny lists.
#[derive(Debug, Clone, Default)]
pub struct Lists {
    /// Provider ids.
    pub providers: Patterns,
    /// Model ids (API models and hub models).
    pub models: Patterns,
    /// Endpoint hosts.
    pub hosts: Patterns,
    /// Hub model ids.
    pub hub_models: Patterns,
    /// Dataset ids.
    pub datasets: Patterns,
    /// SPDX license ids.
    pub licenses: Patterns,
}

impl Lists {
    /// The list named `name`.
    pub fn get(&self, name: ListName) -> &Patterns {
        match name {
            ListName::Providers => &self.providers,
            ListName::Models => &self.models,
            ListName::Hosts => &self.hosts,
            ListName::HubModels => &self.hub_models,
            ListName::Datasets => &self.datasets,
            ListName::Licenses => &self.licenses,
        }
    }

    fn get_mut(&mut self, name: ListName) -> &mut Patterns {
        match name {
            ListName::Providers => &mut self.providers,
            ListName::Models => &mut self.models,
            ListName::Hosts => &mut self.hosts,
            ListName::HubModels => &mut self.hub_models,
            ListName::Datasets => &mut self.datasets,
            ListName::Licenses => &mut self.licenses,
        }
    }
}

/// The typed policy. `Config::default()` is the documented default: fail on
/// nothing, report everything.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Only these are allowed (empty list: no restriction).
    pub allow: Lists,
    /// These are never allowed.
    pub deny: Lists,
    /// Rule → level.
    pub fail_on: Vec<(Rule, Level)>,
    /// Paths whose findings are ignored.
    pub ignore_paths: Patterns,
    /// Report failures as warnings.
    pub warn_only: bool,
    /// Declared EU AI Act risk tier.
    pub risk_tier: Option<RiskTier>,
    /// Apply rules to test-only findings too.
    pub include_tests: bool,
    /// Summary comment, review comments, both or neither.
    pub comments: CommentMode,
    /// A failing policy's review asks for changes (`REQUEST_CHANGES`) rather
    /// than only commenting.
    pub request_changes: bool,
}

/// Collects the errors of one file.
struct Sink<'a> {
    file: &'a str,
    errors: Vec<ConfigError>,
}

impl Sink<'_> {
    fn at(&mut self, node: &MarkedYaml<'_>, message: String) {
        let start = node.span.start;
        self.errors.push(ConfigError {
            file: self.file.to_string(),
            line: start.line().max(1),
            column: start.col() + 1,
            message,
        });
    }
}

/// Parses and validates a policy file; every error is reported, not only the first.
pub fn parse(file: &str, text: &str) -> Result<Config, ConfigErrors> {
    let docs = MarkedYaml::load_from_str(text).map_err(|e| {
        ConfigErrors(vec![ConfigError {
            file: file.to_string(),
            line: e.marker().line().max(1),
            column: e.marker().col() + 1,
            message: format!("invalid YAML: {}", e.info()),
        }])
    })?;
    let mut cfg = Config::default();
    let Some(root) = docs.first() else {
        return Ok(cfg);
    };
    let mut sink = Sink {
        file,
        errors: Vec::new(),
    };
    match &root.data {
        YamlData::Mapping(entries) => {
            for (k, v) in entries {
                top_key(&mut sink, &mut cfg, k, v);
            }
        }
        YamlData::Value(Scalar::Null) => {}
        _ => sink.at(
            root,
            "the policy must be a mapping of keys (allow, deny, fail-on, …)".into(),
        ),
    }
    if sink.errors.is_empty() {
        Ok(cfg)
    } else {
        sink.errors.sort_by_key(|e| (e.line, e.column));
        Err(ConfigErrors(sink.errors))
    }
}

fn top_key(sink: &mut Sink<'_>, cfg: &mut Config, k: &MarkedYaml<'_>, v: &MarkedYaml<'_>) {
    let Some(key) = string(k) else {
        sink.at(k, "keys must be strings".into());
        return;
    };
    match key.as_str() {
        "allow" => cfg.allow = lists(sink, v),
        "deny" => cfg.deny = lists(sink, v),
        "fail-on" => cfg.fail_on = fail_on(sink, v),
        "ignore-paths" => cfg.ignore_paths = patterns(sink, v, true),
        "warn-only" => cfg.warn_only = boolean(sink, v, "warn-only"),
        "include-tests" => cfg.include_tests = boolean(sink, v, "include-tests"),
        "request-changes" => cfg.request_changes = boolean(sink, v, "request-changes"),
        "comments" => match string(v).and_then(|m| CommentMode::parse(&m)) {
            Some(m) => cfg.comments = m,
            None => {
                let all: Vec<&str> = CommentMode::ALL.iter().map(|m| m.as_str()).collect();
                sink.at(v, format!("comments must be one of: {}", all.join(", ")));
            }
        },
        "risk-tier" => match string(v).and_then(|t| RiskTier::parse(&t)) {
            Some(t) => cfg.risk_tier = Some(t),
            None => sink.at(
                v,
                format!("risk-tier must be one of: {}", RiskTier::names()),
            ),
        },
        other => sink.at(
            k,
            format!("unknown key `{other}`; valid keys: {}", TOP_KEYS.join(", ")),
        ),
    }
}

fn string(node: &MarkedYaml<'_>) -> Option<String> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Representation(s, _, _) => Some(s.to_string()),
        _ => None,
    }
}

fn boolean(sink: &mut Sink<'_>, node: &MarkedYaml<'_>, key: &str) -> bool {
    match &node.data {
        YamlData::Value(Scalar::Boolean(b)) => *b,
        _ => {
            sink.at(node, format!("{key} must be true or false"));
            false
        }
    }
}

fn patterns(sink: &mut Sink<'_>, node: &MarkedYaml<'_>, paths: bool) -> Patterns {
    let items: Vec<&MarkedYaml<'_>> = match &node.data {
        YamlData::Sequence(s) => s.iter().collect(),
        YamlData::Value(Scalar::Null) => Vec::new(),
        _ => vec![node],
    };
    let mut out = Patterns::default();
    for item in items {
        let Some(raw) = string(item) else {
            sink.at(item, "expected a string or a list of strings".into());
            continue;
        };
        let glob = globset::GlobBuilder::new(&raw)
            .case_insensitive(!paths)
            .literal_separator(paths)
            .build()
            .or_else(|_| Glob::new(&raw));
        match glob {
            Ok(g) => {
                out.matchers.push(g.compile_matcher());
                out.raw.push(raw);
            }
            Err(e) => sink.at(item, format!("bad glob `{raw}`: {e}")),
        }
    }
    out
}

fn lists(sink: &mut Sink<'_>, node: &MarkedYaml<'_>) -> Lists {
    let mut l = Lists::default();
    let YamlData::Mapping(m) = &node.data else {
        sink.at(
            node,
            format!("expected a mapping with keys: {}", ListName::names()),
        );
        return l;
    };
    for (k, v) in m {
        let key = string(k).unwrap_or_default();
        match ListName::parse(&key) {
            Some(name) => *l.get_mut(name) = patterns(sink, v, false),
            None => sink.at(
                k,
                format!("unknown list `{key}`; valid lists: {}", ListName::names()),
            ),
        }
    }
    l
}

/// The rule `n` names; an error (with the valid rules) when it names none.
fn rule(sink: &mut Sink<'_>, n: &MarkedYaml<'_>) -> Option<Rule> {
    let written = string(n).unwrap_or_default();
    let r = Rule::parse(&written);
    if r.is_none() {
        sink.at(
            n,
            format!("unknown rule `{written}`; valid rules: {}", Rule::names()),
        );
    }
    r
}

fn fail_on(sink: &mut Sink<'_>, node: &MarkedYaml<'_>) -> Vec<(Rule, Level)> {
    let mut out = Vec::new();
    match &node.data {
        YamlData::Sequence(items) => {
            for item in items {
                if let Some(r) = rule(sink, item) {
                    out.push((r, Level::Failure));
                }
            }
        }
        YamlData::Mapping(m) => {
            for (k, v) in m {
                let parsed = rule(sink, k);
                let level = match string(v).as_deref() {
                    Some("failure") => Some(Level::Failure),
                    Some("warning") => Some(Level::Warning),
                    Some("notice") => Some(Level::Notice),
                    Some("off") => None,
                    _ => {
                        let written = string(k).unwrap_or_default();
                        sink.at(
                            v,
                            format!(
                                "level of `{written}` must be one of: failure, warning, notice, off"
                            ),
                        );
                        None
                    }
                };
                if let (Some(r), Some(level)) = (parsed, level) {
                    out.push((r, level));
                }
            }
        }
        YamlData::Value(Scalar::Null) => {}
        _ => sink.at(
            node,
            format!(
                "fail-on must be a list of rules or a mapping rule: level; valid rules: {}",
                Rule::names()
            ),
        ),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let cfg = parse(".aibom.yml", include_str!("../../docs/aibom.example.yml")).unwrap();
        assert_eq!(cfg.risk_tier, Some(RiskTier::Limited));
        assert!(cfg.deny.providers.matches("deepseek"));
        assert!(cfg.allow.models.matches("gpt-4o-mini"));
        assert!(!cfg.allow.models.matches("o1"));
        assert!(cfg.ignore_paths.matches("examples/demo/app.py"));
        assert!(cfg.fail_on.contains(&(Rule::NewProvider, Level::Failure)));
    }

    /// Positions here; the words of every error are snapshotted in
    /// tests/it/config_errors.rs.
    #[test]
    fn errors_name_line_and_column() {
        let at = |text: &str| {
            let e = parse("p.yml", text).unwrap_err();
            assert_eq!(e.0.len(), 1, "{e}");
            (e.first().line, e.first().column)
        };
        assert_eq!(at("warn-only: false\nfail-onn: [new-model]\n"), (2, 1));
        assert_eq!(at("fail-on:\n  new-model: loud\n"), (2, 14));
        assert_eq!(at("deny:\n  providers: [\"a[\"]\n"), (2, 15));
        assert_eq!(at("warn-only: maybe\n"), (1, 12));
        assert_eq!(at("allow:\n  vendors: [x]\n"), (2, 3));
        assert_eq!(at("fail-on: [new-thing]\n"), (1, 11));
        assert!(parse("p.yml", "").unwrap().fail_on.is_empty());
    }

    #[test]
    fn every_error_is_reported_at_once_in_file_order() {
        let text = "allow:\n  vendors: [x]\n  models: [\"a[\"]\nfail-on: [new-thing, new-model]\nwarn-only: maybe\nfail-onn: 1\n";
        let e = parse("p.yml", text).unwrap_err();
        let at: Vec<(usize, usize)> = e.0.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(at, [(2, 3), (3, 12), (4, 11), (5, 12), (6, 1)], "{e}");
        assert_eq!(e.to_string().lines().count(), 5, "one line each: {e}");
    }
}
