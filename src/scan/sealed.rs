//! The scanner's exit. Every string a detector produced (ids, providers,
//! evidence, attributes, links, warnings) passes through the catalog's one
//! [`Redactor`] here, and only a [`Sealed`] value leaves a file's scan: the
//! blob cache stores sealed results, a [`super::ScanOutput`] joins them, and
//! the link stage seals again after the cross-file resolvers. Redaction is thereby
//! a type, not a convention each output has to remember.

use std::ops::Deref;

use serde::Serialize;

use crate::catalog::Redactor;
use crate::vocab::{Code, Finding, Kind, Results, Warning};

/// A value whose strings all went through the redaction pass.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Sealed<T>(T);

/// Something whose strings can be redacted in place.
pub trait Redact {
    /// Passes every string through `r`.
    fn redact(&mut self, r: &Redactor);
}

impl<T: Redact> Sealed<T> {
    /// Redacts `value` and seals it.
    pub fn seal(r: &Redactor, mut value: T) -> Self {
        value.redact(r);
        Sealed(value)
    }
}

impl<T> Sealed<T> {
    /// The value, to change and seal again.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Sealed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl Sealed<Results> {
    /// Appends another file's sealed results (joining combines no strings,
    /// so the seal holds).
    pub fn append(&mut self, other: Sealed<Results>) {
        let other = other.0;
        self.0.findings.extend(other.findings);
        self.0.warnings.extend(other.warnings);
    }

    /// The warnings alone (what a budget keeps of a file it leaves out).
    pub fn warnings_only(mut self) -> Self {
        self.0.findings.clear();
        self
    }

    /// Findings in identity-key then evidence order, warnings sorted and
    /// deduplicated (reordering keeps the seal).
    pub fn sorted(mut self) -> Self {
        let r = &mut self.0;
        r.findings
            .sort_by_cached_key(|f| (f.key(), f.evidence.clone()));
        r.warnings.sort();
        r.warnings.dedup();
        self
    }
}

/// Replaces `s` by its redaction when that differs; true when it changed.
pub fn redact_string(r: &Redactor, s: &mut String) -> bool {
    match r.redact(s) {
        std::borrow::Cow::Borrowed(_) => false,
        std::borrow::Cow::Owned(clean) => {
            *s = clean;
            true
        }
    }
}

fn redact_opt(r: &Redactor, s: &mut Option<String>) {
    if let Some(s) = s {
        redact_string(r, s);
    }
}

impl Redact for Results {
    fn redact(&mut self, r: &Redactor) {
        redact_results(r, &mut self.findings, &mut self.warnings);
    }
}

impl Redact for Warning {
    fn redact(&mut self, r: &Redactor) {
        redact_string(r, &mut self.file);
        redact_string(r, &mut self.message);
    }
}

/// Redacts a finding; returns false when its id itself was a credential and
/// the finding must not be recorded at all (a key passed where a model id is
/// expected is not a model).
fn redact_finding(r: &Redactor, f: &mut Finding) -> bool {
    let id_was_secret = redact_string(r, &mut f.id);
    redact_opt(r, &mut f.provider);
    redact_string(r, &mut f.evidence.file);
    redact_opt(r, &mut f.evidence.symbol);
    redact_opt(r, &mut f.evidence.context);
    if f.attrs.values().any(|v| r.holds_secret(v)) || f.attrs.keys().any(|k| r.holds_secret(k)) {
        let attrs = std::mem::take(&mut f.attrs);
        f.attrs = attrs
            .into_iter()
            .map(|(k, mut v)| {
                redact_string(r, &mut v);
                match r.redact(&k) {
                    std::borrow::Cow::Borrowed(_) => (k, v),
                    std::borrow::Cow::Owned(clean) => (clean.into(), v),
                }
            })
            .collect();
    }
    for s in f
        .base_models
        .iter_mut()
        .chain(f.links.iter_mut())
        .chain(f.marks.values_mut())
    {
        redact_string(r, s);
    }
    // Paths, URLs and packages stay (their credentials are cut out); a name
    // that is a credential is no component.
    !id_was_secret
        || matches!(
            f.kind,
            Kind::WeightFile | Kind::FineTunedModel | Kind::Service | Kind::Library
        )
}

/// Redacts findings and warnings together: a finding whose id was a
/// credential is dropped, with a warning that says so (without the value).
pub fn redact_results(r: &Redactor, findings: &mut Vec<Finding>, warnings: &mut Vec<Warning>) {
    let mut dropped = Vec::new();
    findings.retain_mut(|f| {
        let keep = redact_finding(r, f);
        if !keep {
            let at = f.evidence.line;
            let msg = format!(
                "a credential ({}) is used where a {} id is expected; it is not recorded",
                f.id,
                f.kind.as_str()
            );
            dropped.push(match at {
                Some(l) => Warning::at(Code::Credential, &f.evidence.file, l, msg),
                None => Warning::new(Code::Credential, &f.evidence.file, msg),
            });
        }
        keep
    });
    for w in warnings.iter_mut() {
        w.redact(r);
    }
    warnings.extend(dropped);
}
