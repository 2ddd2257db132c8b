//! The pull-request review: one comment on the line that added each AI
//! component or switched a place to another model (what it is, where the data
//! goes, what the policy says, how to allow it), only on lines the change added, at most [`MAX_INLINE`] a
//! review; the rest are listed in the review body. Each comment carries a
//! hidden fingerprint, so a new push never repeats a comment and the comments
//! of components that are gone are found and removed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::escape::md;
use super::json::{Entry, Report, Switched};
use super::markdown::MAX_COMMENT;
use crate::diff::AddedLines;
use crate::policy::{Level, ListName, RuleId, RuleResult, Verdict};

/// Most inline comments in one review (reviewdog's cap: more gave GitHub 502s
/// and tripped the abuse limits).
pub const MAX_INLINE: usize = 30;

/// Most components the review body lists by name; the rest are counted.
const MAX_LISTED: usize = 50;

/// What opens the hidden fingerprint of one of our review comments.
pub const FINGERPRINT: &str = "<!-- aibom:review:";

/// What opens the hidden fingerprint of a review body's list of components
/// no changed line shows: a body-only review is not sent twice for one list.
pub const BODY_FINGERPRINT: &str = "<!-- aibom:review-body:";

/// What one changed line did: added a component, or switched its place to
/// another model.
enum Said<'r> {
    Added(&'r Entry),
    Switched(&'r Switched),
}

impl Said<'_> {
    fn policy(&self) -> &[RuleResult] {
        match self {
            Said::Added(e) => &e.policy,
            Said::Switched(s) => &s.policy,
        }
    }
    /// (id, provider) of the component the line uses now.
    fn uses(&self) -> (&str, Option<&str>) {
        match self {
            Said::Added(e) => (&e.id, e.provider.as_deref()),
            Said::Switched(s) => (&s.to, s.provider.as_deref()),
        }
    }
}

/// One inline comment to post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineComment {
    /// Repository path.
    pub path: String,
    /// Head line (the comment sits on the `RIGHT` side).
    pub line: u32,
    /// Markdown, ending in the fingerprint.
    pub body: String,
}

/// One of our review comments already on the pull request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posted {
    /// Comment id.
    pub id: u64,
    /// Its fingerprint (from [`fingerprint_of`]).
    pub fingerprint: String,
}

/// What to do on the pull request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReviewPlan {
    /// `COMMENT` or `REQUEST_CHANGES`; `None`: no review to create.
    pub event: Option<&'static str>,
    /// The review body.
    pub body: String,
    /// New inline comments.
    pub comments: Vec<InlineComment>,
    /// Our comments whose component (at that line) is gone: to delete.
    pub stale: Vec<u64>,
    /// Components already commented at the same line (not repeated).
    pub kept: usize,
}

impl ReviewPlan {
    /// The review body with every inline comment written into it, for when
    /// GitHub refuses the comments' line anchors (its diff of the pull
    /// request and ours disagree, e.g. the base branch moved). At most
    /// [`MAX_COMMENT`] characters.
    pub fn body_with_comments(&self) -> String {
        let mut text = self.body.clone();
        text.push_str(
            "\nGitHub's diff of this pull request does not show these lines (its base may have moved), so the comments are here:\n",
        );
        for c in &self.comments {
            let _ = write!(
                text,
                "\n---\n{} line {}:\n\n{}\n",
                md::code(&c.path),
                c.line,
                c.body
            );
        }
        text.chars().take(MAX_COMMENT).collect()
    }
}

/// Plans the review of `r`: `added` tells which head lines the change added,
/// `posted` are our comments from earlier pushes and `earlier_bodies` the
/// body fingerprints of our earlier reviews. `request_changes` asks for
/// changes when the policy fails; `body_only` also creates a review when no
/// component sits on an added line (when no summary comment says it
/// instead), unless an earlier review listed the same components.
pub fn plan(
    r: &Report,
    added: &AddedLines,
    posted: &[Posted],
    earlier_bodies: &[String],
    request_changes: bool,
    body_only: bool,
) -> ReviewPlan {
    // One comment per added line, naming every component that line adds
    // and every switch it makes.
    let mut by_line: BTreeMap<(String, u32), Vec<Said>> = BTreeMap::new();
    let mut elsewhere: Vec<&Entry> = Vec::new();
    // The same components [`evidence_files`] names.
    for e in r.added.iter().filter(|e| e.ai && !e.test_only) {
        let on_diff = e.evidence.iter().find_map(|l| {
            l.line
                .filter(|n| added.contains(&l.file, *n))
                .map(|n| (l, n))
        });
        match on_diff {
            Some((loc, line)) => by_line
                .entry((loc.file.clone(), line))
                .or_default()
                .push(Said::Added(e)),
            None => elsewhere.push(e),
        }
    }
    // A switched line is an edited one; should GitHub's diff not show it,
    // the check run's annotation still does.
    for s in &r.switched {
        if let Some(line) = s.at.line.filter(|n| added.contains(&s.at.file, *n)) {
            by_line
                .entry((s.at.file.clone(), line))
                .or_default()
                .push(Said::Switched(s));
        }
    }
    let inline: Vec<(String, InlineComment)> = by_line
        .into_iter()
        .map(|((path, line), entries)| {
            let fp = fingerprint(&entries, &path, line);
            let body = comment_body(&entries, &fp);
            (fp, InlineComment { path, line, body })
        })
        .collect();
    let already: BTreeMap<&str, u64> = posted
        .iter()
        .map(|p| (p.fingerprint.as_str(), p.id))
        .collect();
    let wanted: BTreeSet<&str> = inline.iter().map(|(fp, _)| fp.as_str()).collect();
    let stale: Vec<u64> = posted
        .iter()
        .filter(|p| !wanted.contains(p.fingerprint.as_str()))
        .map(|p| p.id)
        .collect();
    let kept = inline
        .iter()
        .filter(|(fp, _)| already.contains_key(fp.as_str()))
        .count();
    let mut fresh: Vec<InlineComment> = inline
        .into_iter()
        .filter(|(fp, _)| !already.contains_key(fp.as_str()))
        .map(|(_, c)| c)
        .collect();
    let overflow: Vec<InlineComment> = fresh.split_off(fresh.len().min(MAX_INLINE));
    let fails = r.verdict == Verdict::Fail;
    let listed = body_fingerprint(&elsewhere);
    let said_before = earlier_bodies.contains(&listed);
    // A review that would only repeat a body already posted adds nothing.
    let body_worth_posting = body_only && !elsewhere.is_empty() && kept == 0 && !said_before;
    let event = if fresh.is_empty() && !body_worth_posting {
        None
    } else if fails && request_changes {
        Some("REQUEST_CHANGES")
    } else {
        Some("COMMENT")
    };
    ReviewPlan {
        event,
        body: review_body(r, &fresh, &overflow, &elsewhere, &listed),
        comments: fresh,
        stale,
        kept,
    }
}

/// The files holding evidence of the components a review may comment on
/// (added AI components outside tests, switched places): the only files
/// worth diffing.
pub fn evidence_files(r: &Report) -> BTreeSet<&str> {
    r.added
        .iter()
        .filter(|e| e.ai && !e.test_only)
        .flat_map(|e| e.evidence.iter().map(|l| l.file.as_str()))
        .chain(r.switched.iter().map(|s| s.at.file.as_str()))
        .collect()
}

/// The fingerprint in one of our comment bodies, if it has one.
pub fn fingerprint_of(body: &str) -> Option<&str> {
    fingerprint_after(body, FINGERPRINT)
}

/// The fingerprint of the component list in one of our review bodies, if any.
pub fn body_fingerprint_of(body: &str) -> Option<&str> {
    fingerprint_after(body, BODY_FINGERPRINT)
}

fn fingerprint_after<'a>(body: &'a str, marker: &str) -> Option<&'a str> {
    let start = body.rfind(marker)? + marker.len();
    let rest = &body[start..];
    let end = rest.find(" -->")?;
    let fp = &rest[..end];
    (fp.len() == 16 && fp.bytes().all(|b| b.is_ascii_hexdigit())).then_some(fp)
}

/// A stable, opaque name for a component commented at `path:line` (hex, so
/// repository text never reaches the HTML comment).
fn fingerprint(said: &[Said], path: &str, line: u32) -> String {
    let mut h = Sha256::new();
    for x in said {
        match x {
            Said::Added(e) => hash_entries(&mut h, &[e]),
            Said::Switched(s) => {
                hash_parts(&mut h, &["switch", s.kind.as_str(), &s.from, &s.to]);
            }
        }
    }
    h.update(path.as_bytes());
    h.update([0]);
    h.update(line.to_le_bytes());
    hex8(h)
}

/// The fingerprint of a review body's list of components shown on no changed line.
fn body_fingerprint(entries: &[&Entry]) -> String {
    let mut h = Sha256::new();
    hash_entries(&mut h, entries);
    hex8(h)
}

fn hash_entries(h: &mut Sha256, entries: &[&Entry]) {
    for e in entries {
        hash_parts(
            h,
            &[e.kind.as_str(), e.provider.as_deref().unwrap_or(""), &e.id],
        );
    }
}

/// Each part, then a NUL (so `ab` + `c` and `a` + `bc` hash apart).
fn hash_parts(h: &mut Sha256, parts: &[&str]) {
    for part in parts {
        h.update(part.as_bytes());
        h.update([0]);
    }
}

fn hex8(h: Sha256) -> String {
    h.finalize()[..8].iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn comment_body(said: &[Said], fp: &str) -> String {
    let mut out = String::new();
    for x in said {
        match x {
            Said::Added(e) => component(&mut out, e),
            Said::Switched(s) => switch(&mut out, s),
        }
    }
    let mut fixes: Vec<String> = Vec::new();
    for fix in said.iter().flat_map(|x| {
        let (id, provider) = x.uses();
        x.policy()
            .iter()
            .filter_map(move |p| allow_snippet(id, provider, p))
    }) {
        if !fixes.contains(&fix) {
            fixes.push(fix);
        }
    }
    if !fixes.is_empty() {
        out.push_str("\nTo allow it, in `.aibom.yml`:\n\n```yaml\n");
        out.push_str(&fixes.join("\n"));
        out.push_str("\n```\n");
    }
    if said
        .iter()
        .flat_map(|x| x.policy())
        .any(|p| p.level == Level::Failure)
    {
        out.push_str("\nThis fails the `aibom` check.\n");
    }
    let _ = write!(out, "\n{FINGERPRINT}{fp} -->");
    out
}

/// One component's paragraph: what it is, where the data goes, the policy.
fn component(out: &mut String, e: &Entry) {
    let what = format!("adds {} {}", e.kind.as_str(), md::code(&e.id));
    paragraph(out, &what, e.provider.as_deref(), &e.policy);
}

/// One switch's paragraph: the model the place used, the one it uses now.
fn switch(out: &mut String, s: &Switched) {
    let what = format!(
        "switches {} {} → {}",
        s.kind.as_str(),
        md::code(&s.from),
        md::code(&s.to)
    );
    paragraph(out, &what, s.provider.as_deref(), &s.policy);
}

/// `**aibom** · {what}: data goes to {provider}`, then the policy's lines.
fn paragraph(out: &mut String, what: &str, provider: Option<&str>, policy: &[RuleResult]) {
    if !out.is_empty() {
        out.push('\n');
    }
    let _ = write!(out, "**aibom** · {what}");
    if let Some(p) = provider {
        let _ = write!(out, ": data goes to {}", md::code(p));
    }
    out.push('\n');
    policy_lines(out, policy);
}

fn policy_lines(out: &mut String, policy: &[RuleResult]) {
    if policy.is_empty() {
        out.push_str("\nNo policy rule applies to it.\n");
    } else {
        out.push('\n');
        for p in policy {
            let _ = writeln!(
                out,
                "- {} {}: {}",
                level_mark(p.level),
                md::code(&p.rule.to_string()),
                md::message(&p.message, false)
            );
        }
    }
}

fn level_mark(l: Level) -> &'static str {
    match l {
        Level::Failure => "❌",
        Level::Warning => "⚠️",
        _ => "ℹ️",
    }
}

/// The `.aibom.yml` lines that would let the component through this rule:
/// the allow list for `not-allowed-*`, a warning level for a `fail-on` rule.
/// A deny list's entry has to be removed by hand: no snippet.
fn allow_snippet(id: &str, provider: Option<&str>, p: &RuleResult) -> Option<String> {
    if p.level != Level::Failure {
        return None;
    }
    match p.rule {
        RuleId::NotAllowed(list) => {
            let value = match list {
                ListName::Providers => provider?.to_string(),
                ListName::Hosts => host_of(id).to_string(),
                _ => id.to_string(),
            };
            Some(format!(
                "allow:\n  {}: [{}]  # beside the entries there",
                list.as_str(),
                yaml_string(&value)
            ))
        }
        RuleId::Deny(_) => None,
        RuleId::FailOn(rule) => Some(format!("fail-on:\n  {}: warning", rule.as_str())),
    }
}

fn host_of(id: &str) -> &str {
    let rest = id.split_once("://").map_or(id, |(_, r)| r);
    rest.split(['/', ':']).next().unwrap_or(rest)
}

/// A double-quoted YAML string (inside a fenced block: Markdown reads none of it).
fn yaml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in super::escape::shown(s).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '`' => out.push_str("\\x60"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn review_body(
    r: &Report,
    fresh: &[InlineComment],
    overflow: &[InlineComment],
    elsewhere: &[&Entry],
    listed: &str,
) -> String {
    let mut out = String::from("**aibom** review");
    if fresh.is_empty() {
        out.push_str(": no changed line shows the AI components this change adds.");
    } else {
        let _ = write!(
            out,
            ": {} inline comment{} on the lines that add AI components.",
            fresh.len(),
            if fresh.len() == 1 { "" } else { "s" }
        );
    }
    if r.verdict == Verdict::Fail {
        out.push_str(" The policy fails this change; see the `aibom` check.");
    }
    out.push('\n');
    if !overflow.is_empty() {
        let _ = writeln!(
            out,
            "\n{} more on added lines, not commented to stay within GitHub's limits:\n",
            overflow.len()
        );
        for c in overflow.iter().take(MAX_LISTED) {
            let _ = writeln!(out, "- {}:{}", md::code(&c.path), c.line);
        }
        if overflow.len() > MAX_LISTED {
            let _ = writeln!(out, "- … and {} more", overflow.len() - MAX_LISTED);
        }
    }
    if !elsewhere.is_empty() {
        out.push_str("\nAdded where no changed line shows it (another file's setting, a directory's SDK):\n\n");
        for e in elsewhere.iter().take(MAX_LISTED) {
            let at = e.evidence.first().map_or(String::new(), |l| match l.line {
                Some(n) => format!(" at {}:{n}", md::code(&l.file)),
                // A weight file is its own evidence: its path says it once.
                None if l.file == e.id => String::new(),
                None => format!(" in {}", md::code(&l.file)),
            });
            let _ = writeln!(out, "- {} {}{at}", e.kind.as_str(), md::code(&e.id));
        }
        if elsewhere.len() > MAX_LISTED {
            let _ = writeln!(out, "- … and {} more", elsewhere.len() - MAX_LISTED);
        }
        let _ = write!(out, "\n{BODY_FINGERPRINT}{listed} -->\n");
    }
    out
}
