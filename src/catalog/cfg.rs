//! Validating catalog files before they are merged (cargo-deny's model):
//! every error of every file — TOML syntax and shape, a provider nobody
//! defines, a regex that does not compile — is gathered first, each with
//! file, line and column, and reported at once.

use std::collections::BTreeSet;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use super::schema::CatalogFile;
use crate::vocab::{ConfigError, ConfigErrors};

/// Parses and checks every source (name, text); the parsed files when none has an error.
pub fn parse_all(sources: &[(&str, &str)]) -> Result<Vec<CatalogFile>, ConfigErrors> {
    let mut errors = Vec::new();
    let mut parsed = Vec::new();
    for &(name, text) in sources {
        match toml::from_str::<CatalogFile>(text) {
            Ok(file) => parsed.push((name, text, file)),
            Err(e) => {
                let at = e.span().map_or(0, |s| s.start);
                errors.push(error_at(name, text, at, e.message().trim_end().to_string()));
            }
        }
    }
    let providers: BTreeSet<&str> = parsed
        .iter()
        .flat_map(|(_, _, f)| f.providers.iter().map(|p| p.id.as_str()))
        .collect();
    for &(name, text, _) in &parsed {
        // The shape is valid (the file parsed): this reading only adds positions.
        if let Ok(refs) = toml::from_str::<Refs>(text) {
            let mut sink = Sink {
                name,
                text,
                providers: &providers,
                errors: Vec::new(),
            };
            refs.check(&mut sink);
            sink.errors.sort_by_key(|e| (e.line, e.column));
            errors.extend(sink.errors);
        }
    }
    // In the order the files were given (a stable sort keeps each file's order).
    errors.sort_by_key(|e| sources.iter().position(|&(n, _)| n == e.file));
    if errors.is_empty() {
        Ok(parsed.into_iter().map(|(_, _, f)| f).collect())
    } else {
        Err(ConfigErrors(errors))
    }
}

fn error_at(file: &str, text: &str, offset: usize, message: String) -> ConfigError {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    ConfigError {
        file: file.to_string(),
        line,
        column,
        message,
    }
}

/// Collects the errors of one file.
struct Sink<'a> {
    name: &'a str,
    text: &'a str,
    providers: &'a BTreeSet<&'a str>,
    errors: Vec<ConfigError>,
}

impl Sink<'_> {
    fn at<T>(&mut self, value: &Spanned<T>, message: String) {
        let e = error_at(self.name, self.text, value.span().start, message);
        self.errors.push(e);
    }

    fn provider(&mut self, what: &str, id: &Spanned<String>) {
        if !self.providers.contains(id.get_ref().as_str()) {
            let msg = format!("{what} names unknown provider `{}`", id.get_ref());
            self.at(id, msg);
        }
    }

    fn regex(&mut self, what: &str, re: &Spanned<String>) -> Option<Regex> {
        match Regex::new(re.get_ref()) {
            Ok(r) => Some(r),
            Err(e) => {
                let first = e.to_string();
                let first = first.lines().last().unwrap_or_default().trim().to_string();
                self.at(re, format!("{what}: invalid regex: {first}"));
                None
            }
        }
    }
}

/// The values of a catalog file that name other entries or must compile,
/// with their positions (unknown fields are the schema's concern).
#[derive(Deserialize, Default)]
#[serde(default)]
struct Refs {
    provider: Vec<ProviderRefs>,
    sdk: Vec<Named>,
    factory: Vec<Named>,
    method: Vec<Named>,
    config_key: Vec<Named>,
    model_server: Vec<Named>,
    terraform: Vec<Named>,
    ai_action: Vec<Named>,
    model_pattern: Vec<Pattern>,
    model_family: Vec<Pattern>,
    secret: Vec<Pattern>,
    redact: RedactRefs,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ProviderRefs {
    path_model: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Named {
    provider: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Pattern {
    provider: Option<Spanned<String>>,
    regex: Option<Spanned<String>>,
    tie: Vec<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RedactRefs {
    rule: Vec<RuleRefs>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RuleRefs {
    regex: Option<Spanned<String>>,
    triggers: Option<Spanned<Vec<String>>>,
}

impl Refs {
    fn check(&self, s: &mut Sink) {
        let named = [
            ("sdk", &self.sdk),
            ("factory", &self.factory),
            ("method", &self.method),
            ("config_key", &self.config_key),
            ("model_server", &self.model_server),
            ("terraform", &self.terraform),
            ("ai_action", &self.ai_action),
        ];
        for (what, entries) in named {
            for p in entries.iter().filter_map(|e| e.provider.as_ref()) {
                s.provider(what, p);
            }
        }
        for re in self.provider.iter().filter_map(|p| p.path_model.as_ref()) {
            s.regex("provider path_model", re);
        }
        for (what, entries) in [
            ("model_pattern", &self.model_pattern),
            ("model_family", &self.model_family),
        ] {
            for e in entries {
                if let Some(p) = &e.provider {
                    s.provider(what, p);
                }
                for t in &e.tie {
                    s.provider(&format!("{what} tie"), t);
                }
                if let Some(re) = &e.regex {
                    s.regex(what, re);
                }
            }
        }
        for re in self.secret.iter().filter_map(|e| e.regex.as_ref()) {
            s.regex("secret", re);
        }
        for r in &self.redact.rule {
            let compiled = r.regex.as_ref().and_then(|re| s.regex("redact rule", re));
            if let (Some(c), Some(re)) = (compiled, &r.regex)
                && c.capture_names().all(|n| n != Some("value"))
            {
                s.at(
                    re,
                    "redact rule has no `(?P<value>…)` group to replace".into(),
                );
            }
            if let Some(t) = r.triggers.as_ref().filter(|t| t.get_ref().is_empty()) {
                s.at(t, "redact rule lists no triggers".into());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_of_every_file_with_its_position() {
        let a = "[[model_pattern]]\nprovider = \"nobody\"\nregex = \"gpt-(\"\n";
        let b = "[[provider]]\nid = 3\n";
        let builtin = crate::catalog::BUILTIN_CATALOG;
        let errs = parse_all(&[("built-in", builtin), ("a.toml", a), ("b.toml", b)])
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        let at: Vec<(&str, usize, usize)> = errs
            .iter()
            .map(|e| (e.file.as_str(), e.line, e.column))
            .collect();
        assert_eq!(at, [("a.toml", 2, 12), ("a.toml", 3, 9), ("b.toml", 2, 6)]);
        // The words are snapshotted in tests/it/config_errors.rs.
        assert!(parse_all(&[("built-in", builtin)]).is_ok());
    }
}
