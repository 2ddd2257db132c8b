//! `.aibom.yml`: parsed with positions and validated into a typed [`Config`].
//! Every error names the file, the line and the valid choices.

use std::fmt;

use globset::{Glob, GlobMatcher};
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use super::rule::{ListName, RiskTier, Rule};

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

/// A configuration error at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file as named to the user.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Parses and validates a policy file.
pub fn parse(file: &str, text: &str) -> Result<Config, ConfigError> {
    let err = |line: usize, message: String| ConfigError {
        file: file.to_string(),
        line,
        message,
    };
    let docs = MarkedYaml::load_from_str(text)
        .map_err(|e| err(e.marker().line(), format!("invalid YAML: {}", e.info())))?;
    let mut cfg = Config::default();
    let Some(root) = docs.first() else {
        return Ok(cfg);
    };
    let entries = match &root.data {
        YamlData::Mapping(m) => m,
        YamlData::Value(Scalar::Null) => return Ok(cfg),
        _ => {
            return Err(err(
                line(root),
                "the policy must be a mapping of keys (allow, deny, fail-on, …)".into(),
            ));
        }
    };
    for (k, v) in entries {
        let key = string(k).ok_or_else(|| err(line(k), "keys must be strings".into()))?;
        match key.as_str() {
            "allow" => cfg.allow = lists(file, v)?,
            "deny" => cfg.deny = lists(file, v)?,
            "fail-on" => cfg.fail_on = fail_on(file, v)?,
            "ignore-paths" => cfg.ignore_paths = patterns(file, v, true)?,
            "warn-only" => cfg.warn_only = boolean(file, v, "warn-only")?,
            "include-tests" => cfg.include_tests = boolean(file, v, "include-tests")?,
            "request-changes" => cfg.request_changes = boolean(file, v, "request-changes")?,
            "comments" => {
                cfg.comments = string(v)
                    .and_then(|m| CommentMode::parse(&m))
                    .ok_or_else(|| {
                        let all: Vec<&str> = CommentMode::ALL.iter().map(|m| m.as_str()).collect();
                        err(
                            line(v),
                            format!("comments must be one of: {}", all.join(", ")),
                        )
                    })?;
            }
            "risk-tier" => {
                let tier = string(v).and_then(|t| RiskTier::parse(&t));
                cfg.risk_tier = Some(tier.ok_or_else(|| {
                    err(
                        line(v),
                        format!("risk-tier must be one of: {}", RiskTier::names()),
                    )
                })?);
            }
            other => {
                return Err(err(
                    line(k),
                    format!("unknown key `{other}`; valid keys: {}", TOP_KEYS.join(", ")),
                ));
            }
        }
    }
    Ok(cfg)
}

fn line(node: &MarkedYaml<'_>) -> usize {
    node.span.start.line().max(1)
}

fn string(node: &MarkedYaml<'_>) -> Option<String> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Representation(s, _, _) => Some(s.to_string()),
        _ => None,
    }
}

fn boolean(file: &str, node: &MarkedYaml<'_>, key: &str) -> Result<bool, ConfigError> {
    match &node.data {
        YamlData::Value(Scalar::Boolean(b)) => Ok(*b),
        _ => Err(ConfigError {
            file: file.into(),
            line: line(node),
            message: format!("{key} must be true or false"),
        }),
    }
}

fn patterns(file: &str, node: &MarkedYaml<'_>, paths: bool) -> Result<Patterns, ConfigError> {
    let items: Vec<&MarkedYaml<'_>> = match &node.data {
        YamlData::Sequence(s) => s.iter().collect(),
        YamlData::Value(Scalar::Null) => Vec::new(),
        _ => vec![node],
    };
    let mut out = Patterns::default();
    for item in items {
        let raw = string(item).ok_or_else(|| ConfigError {
            file: file.into(),
            line: line(item),
            message: "expected a string or a list of strings".into(),
        })?;
        let glob = globset::GlobBuilder::new(&raw)
            .case_insensitive(!paths)
            .literal_separator(paths)
            .build()
            .or_else(|_| Glob::new(&raw))
            .map_err(|e| ConfigError {
                file: file.into(),
                line: line(item),
                message: format!("bad glob `{raw}`: {e}"),
            })?;
        out.matchers.push(glob.compile_matcher());
        out.raw.push(raw);
    }
    Ok(out)
}

fn lists(file: &str, node: &MarkedYaml<'_>) -> Result<Lists, ConfigError> {
    let YamlData::Mapping(m) = &node.data else {
        return Err(ConfigError {
            file: file.into(),
            line: line(node),
            message: format!("expected a mapping with keys: {}", ListName::names()),
        });
    };
    let mut l = Lists::default();
    for (k, v) in m {
        let key = string(k).unwrap_or_default();
        let Some(name) = ListName::parse(&key) else {
            return Err(ConfigError {
                file: file.into(),
                line: line(k),
                message: format!("unknown list `{key}`; valid lists: {}", ListName::names()),
            });
        };
        *l.get_mut(name) = patterns(file, v, false)?;
    }
    Ok(l)
}

fn fail_on(file: &str, node: &MarkedYaml<'_>) -> Result<Vec<(Rule, Level)>, ConfigError> {
    let unknown = |n: &MarkedYaml<'_>, r: &str| ConfigError {
        file: file.into(),
        line: line(n),
        message: format!("unknown rule `{r}`; valid rules: {}", Rule::names()),
    };
    let mut out = Vec::new();
    match &node.data {
        YamlData::Sequence(items) => {
            for item in items {
                let written = string(item).unwrap_or_default();
                let rule = Rule::parse(&written).ok_or_else(|| unknown(item, &written))?;
                out.push((rule, Level::Failure));
            }
        }
        YamlData::Mapping(m) => {
            for (k, v) in m {
                let written = string(k).unwrap_or_default();
                let rule = Rule::parse(&written).ok_or_else(|| unknown(k, &written))?;
                let level = match string(v).as_deref() {
                    Some("failure") => Level::Failure,
                    Some("warning") => Level::Warning,
                    Some("notice") => Level::Notice,
                    Some("off") => continue,
                    _ => {
                        return Err(ConfigError {
                            file: file.into(),
                            line: line(v),
                            message: format!(
                                "level of `{written}` must be one of: failure, warning, notice, off"
                            ),
                        });
                    }
                };
                out.push((rule, level));
            }
        }
        YamlData::Value(Scalar::Null) => {}
        _ => {
            return Err(ConfigError {
                file: file.into(),
                line: line(node),
                message: format!(
                    "fail-on must be a list of rules or a mapping rule: level; valid rules: {}",
                    Rule::names()
                ),
            });
        }
    }
    Ok(out)
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

    #[test]
    fn errors_name_line_and_choices() {
        let e = parse("p.yml", "warn-only: false\nfail-onn: [new-model]\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.to_string()
                .starts_with("p.yml:2: unknown key `fail-onn`; valid keys: allow, deny, fail-on"),
            "{e}"
        );
        let e = parse("p.yml", "fail-on:\n  new-model: loud\n").unwrap_err();
        assert_eq!(
            (e.line, e.message.contains("failure, warning, notice, off")),
            (2, true)
        );
        let e = parse("p.yml", "deny:\n  providers: [\"a[\"]\n").unwrap_err();
        assert!(e.message.starts_with("bad glob"), "{e}");
        let e = parse("p.yml", "warn-only: maybe\n").unwrap_err();
        assert_eq!(e.message, "warn-only must be true or false");
        let e = parse("p.yml", "allow:\n  vendors: [x]\n").unwrap_err();
        assert!(e.message.contains("valid lists: providers, models"), "{e}");
        let e = parse("p.yml", "fail-on: [new-thing]\n").unwrap_err();
        assert!(e.message.contains("valid rules: new-provider"), "{e}");
        assert!(parse("p.yml", "").unwrap().fail_on.is_empty());
    }
}
