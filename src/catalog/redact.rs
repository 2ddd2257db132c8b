//! The one redaction pass: every string that leaves the scanner (ids, evidence,
//! attributes, warnings) goes through [`Redactor::redact`], which replaces
//!
//! - credentials of a known format (`[[secret]]`: provider keys, AWS, GitHub,
//!   Slack, JWTs, PEM private keys, …) by a fingerprint (`prefix…last4`), and
//! - values a context marks as secret (`[[redact.rule]]`: a value assigned to a
//!   `*_key` name, an `Authorization:` header, a URL's `user:password@`, a
//!   `?api_key=` query parameter) by `‹redacted›`.
//!
//! Both lists are catalog data. One case-insensitive keyword pass decides
//! whether a string needs a closer look, so the common case costs one scan of
//! its bytes and no allocation.

use std::borrow::Cow;

use aho_corasick::AhoCorasick;
use anyhow::{Context, Result};
use regex::Regex;

use super::schema::{RedactRule, SecretFormat};

/// What a context rule's value is replaced with.
pub const REDACTED: &str = "‹redacted›";

/// A credential found in text: where, whose, and its redacted fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretMatch {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset past the last character.
    pub end: usize,
    /// Provider or issuer id (`openai`, `aws`, `github`).
    pub provider: String,
    /// `prefix…last4`: never the credential itself.
    pub fingerprint: String,
}

/// The compiled credential formats and context rules.
#[derive(Debug)]
pub struct Redactor {
    formats: Vec<(SecretFormat, Regex)>,
    rules: Vec<(RedactRule, Regex)>,
    /// Every format prefix and rule trigger: a string holding none is clean.
    triggers: AhoCorasick,
    /// What each trigger word starts: a format or a rule, by index.
    starts: Vec<Target>,
}

/// A format or a rule, by index.
#[derive(Debug, Clone, Copy)]
enum Target {
    Format(usize),
    Rule(usize),
}

/// The formats and rules a text's trigger words start (only those are run).
struct Active {
    formats: Vec<bool>,
    rules: Vec<bool>,
}

impl Redactor {
    /// Compiles the catalog's `[[secret]]` formats and `[[redact.rule]]`s.
    pub fn new(formats: &[SecretFormat], rules: &[RedactRule]) -> Result<Self> {
        let mut words: Vec<String> = Vec::new();
        let mut starts = Vec::new();
        let mut compiled_formats = Vec::new();
        for (i, f) in formats.iter().enumerate() {
            let re = Regex::new(&f.regex)
                .with_context(|| format!("catalog: secret {} regex", f.provider))?;
            if !f.prefix.is_empty() {
                words.push(f.prefix.clone());
                starts.push(Target::Format(i));
            }
            compiled_formats.push((f.clone(), re));
        }
        let mut compiled_rules = Vec::new();
        for r in rules {
            let re =
                Regex::new(&r.regex).with_context(|| format!("catalog: redact rule {}", r.name))?;
            if re.capture_names().all(|n| n != Some("value")) {
                anyhow::bail!(
                    "catalog: redact rule {} has no `(?P<value>…)` group to replace",
                    r.name
                );
            }
            if r.triggers.is_empty() {
                anyhow::bail!("catalog: redact rule {} lists no triggers", r.name);
            }
            for t in r.triggers.iter().filter(|t| !t.is_empty()) {
                words.push(t.clone());
                starts.push(Target::Rule(compiled_rules.len()));
            }
            compiled_rules.push((r.clone(), re));
        }
        let triggers = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&words)
            .context("catalog: building the redaction keywords")?;
        Ok(Redactor {
            formats: compiled_formats,
            rules: compiled_rules,
            triggers,
            starts,
        })
    }

    /// The formats and rules whose trigger words `text` holds, or `None`
    /// when it holds none (the common case: one pass, no allocation).
    fn active(&self, text: &str) -> Option<Active> {
        let mut matches = self.triggers.find_overlapping_iter(text).peekable();
        matches.peek()?;
        let mut a = Active {
            formats: vec![false; self.formats.len()],
            rules: vec![false; self.rules.len()],
        };
        for m in matches {
            match self.starts[m.pattern().as_usize()] {
                Target::Format(i) => a.formats[i] = true,
                Target::Rule(i) => a.rules[i] = true,
            }
        }
        Some(a)
    }

    /// Every credential of a known format in `text`, in order, with fingerprints.
    pub fn find_secrets(&self, text: &str) -> Vec<SecretMatch> {
        match self.active(text) {
            Some(a) => self.find_active(text, &a),
            None => Vec::new(),
        }
    }

    fn find_active(&self, text: &str, active: &Active) -> Vec<SecretMatch> {
        let mut found: Vec<SecretMatch> = Vec::new();
        for (i, (fmt, re)) in self.formats.iter().enumerate() {
            if !active.formats[i] {
                continue;
            }
            for m in re.find_iter(text) {
                if found.iter().any(|f| m.start() < f.end && f.start < m.end()) {
                    continue; // an earlier, more specific format already claimed it
                }
                found.push(SecretMatch {
                    start: m.start(),
                    end: m.end(),
                    provider: fmt.provider.clone(),
                    fingerprint: fingerprint(&fmt.prefix, m.as_str()),
                });
            }
        }
        found.sort_by_key(|f| f.start);
        found
    }

    /// `text` with every credential replaced by its fingerprint and every value
    /// a context rule marks as secret replaced by `‹redacted›`. Borrowed when
    /// nothing was replaced.
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let Some(active) = self.active(text) else {
            return Cow::Borrowed(text);
        };
        let found = self.find_active(text, &active);
        let mut out: Cow<'a, str> = if found.is_empty() {
            Cow::Borrowed(text)
        } else {
            let mut s = String::with_capacity(text.len());
            let mut at = 0;
            for f in found {
                s.push_str(&text[at..f.start]);
                s.push_str(&f.fingerprint);
                at = f.end;
            }
            s.push_str(&text[at..]);
            Cow::Owned(s)
        };
        for (i, (rule, re)) in self.rules.iter().enumerate() {
            if !active.rules[i] || !re.is_match(&out) {
                continue;
            }
            if let Some(replaced) = replace_values(rule, re, &out) {
                out = Cow::Owned(replaced);
            }
        }
        out
    }

    /// Whether redaction would change `text`.
    pub fn holds_secret(&self, text: &str) -> bool {
        matches!(self.redact(text), Cow::Owned(_))
    }
}

/// `text` with each match's `value` group replaced, or `None` when no value
/// needed replacing (references to variables and our own fingerprints stay).
fn replace_values(rule: &RedactRule, re: &Regex, text: &str) -> Option<String> {
    let mut out = String::new();
    let mut at = 0;
    for caps in re.captures_iter(text) {
        let Some(v) = caps.name("value") else {
            continue;
        };
        let value = v.as_str();
        if is_reference(value)
            || rule.keep.iter().any(|k| k.eq_ignore_ascii_case(value))
            || (rule.opaque && !mixes_letters_and_digits(value))
        {
            continue;
        }
        out.push_str(&text[at..v.start()]);
        out.push_str(REDACTED);
        at = v.end();
    }
    if at == 0 {
        return None;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// A value that names where a secret comes from rather than being one:
/// `$OPENAI_API_KEY`, `${{ secrets.X }}`, `{{token}}`, `process.env.X`,
/// `os.environ[...]`, an upper-case variable name, a format placeholder, or a
/// fingerprint this redactor wrote.
fn is_reference(v: &str) -> bool {
    let v = v.trim_matches(|c| matches!(c, '"' | '\'' | '`'));
    v.is_empty()
        || v.contains('…')
        || v.contains(REDACTED)
        || v.starts_with(['$', '{', '%', '<', '#'])
        || v.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        || [
            "process.env",
            "os.environ",
            "os.getenv",
            "env(",
            "env[",
            "getenv(",
        ]
        .iter()
        .any(|p| v.to_ascii_lowercase().starts_with(p))
}

fn mixes_letters_and_digits(v: &str) -> bool {
    v.bytes().any(|b| b.is_ascii_digit()) && v.bytes().any(|b| b.is_ascii_alphabetic())
}

/// `prefix…last4` of a credential.
fn fingerprint(prefix: &str, secret: &str) -> String {
    let tail: String = secret
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{prefix}…{tail}")
}
