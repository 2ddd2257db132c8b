//! The GitHub check-run payload (`--format github-check`): name, conclusion and
//! output with a bounded summary and text, and one annotation per added AI
//! component at its file:line. The publisher sends annotations 50 per request.

use serde::Serialize;

use super::escape::{plain, shown};
use super::json::Report;
use super::markdown::{self, Links};
use crate::policy::{Level, Verdict};

/// The check run's name (what branch protection requires).
pub const CHECK_NAME: &str = "aibom";
/// The identifier of the check run's "Re-run aibom" button (a `check_run`
/// `requested_action` with it checks the commit again).
pub const RERUN_ACTION: &str = "aibom-rerun";
/// GitHub's limit for `output.summary` and `output.text`.
pub const MAX_OUTPUT: usize = 65_535;
/// Annotations GitHub takes per request.
pub const ANNOTATIONS_PER_REQUEST: usize = 50;
/// GitHub's limit for an annotation's `message` (64 KB); ours stay far below.
pub const MAX_ANNOTATION_MESSAGE: usize = 4_096;

/// A check run's conclusion: what gates the merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Conclusion {
    /// The policy passed or only warned.
    Success,
    /// The policy failed, or the check could not run.
    Failure,
    /// Nothing can be said (the base commit could not be read).
    Neutral,
}

impl Conclusion {
    /// The conclusion for a verdict (`base_missing`: the base could not be read).
    pub fn of(v: Verdict, base_missing: bool) -> Self {
        match (v, base_missing) {
            (_, true) => Conclusion::Neutral,
            (Verdict::Fail, _) => Conclusion::Failure,
            (Verdict::Warn | Verdict::Pass, _) => Conclusion::Success,
        }
    }

    /// The name GitHub uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Conclusion::Success => "success",
            Conclusion::Failure => "failure",
            Conclusion::Neutral => "neutral",
        }
    }
}

/// An annotation's level, in GitHub's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnnotationLevel {
    /// For information.
    Notice,
    /// A policy warning.
    Warning,
    /// A policy failure.
    Failure,
}

/// One annotation at a file:line.
// Fields in the order GitHub's JSON reads them (alphabetical), so the
// `--format github-check` output keeps its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Annotation {
    /// Its level.
    pub annotation_level: AnnotationLevel,
    /// Last line (the same as the first: evidence is one line).
    pub end_line: u32,
    /// What was added and what the policy says (bounded).
    pub message: String,
    /// The file, relative to the repository root.
    pub path: String,
    /// First line.
    pub start_line: u32,
    /// A short title (at most 255 characters).
    pub title: String,
}

/// A button on the check run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    /// What it does (at most 40 characters).
    pub description: &'static str,
    /// What GitHub sends back in `requested_action`.
    pub identifier: &'static str,
    /// Its label (at most 20 characters).
    pub label: &'static str,
}

/// The check run's output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Output {
    /// Annotations (the publisher sends them 50 a request).
    pub annotations: Vec<Annotation>,
    /// The summary (bounded to GitHub's limit).
    pub summary: String,
    /// The full report in Markdown, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The title.
    pub title: String,
}

/// A completed check run, as the reporter makes it; the GitHub client turns
/// it into its requests (adding what the endpoint needs, batching annotations).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckRun {
    /// Buttons (the re-run action).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// The conclusion.
    pub conclusion: Conclusion,
    /// The check's name.
    pub name: &'static str,
    /// The output.
    pub output: Output,
    /// Always `completed`: a check run is concluded in one go.
    pub status: &'static str,
}

impl CheckRun {
    /// A check run concluded without a report (the check could not run, or
    /// the base could not be read): a title and a summary.
    pub fn without_report(conclusion: Conclusion, title: &str, summary: &str) -> Self {
        CheckRun {
            actions: Vec::new(),
            conclusion,
            name: CHECK_NAME,
            output: Output {
                annotations: Vec::new(),
                summary: bounded(summary, MAX_OUTPUT),
                text: None,
                title: bounded(title, 255),
            },
            status: "completed",
        }
    }
}

fn bounded(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let note = "\n\n… (cut to fit GitHub's limit)";
    let keep = max - note.chars().count();
    let cut: String = s.chars().take(keep).collect();
    format!("{cut}{note}")
}

/// The check run of a report.
pub fn render(r: &Report, links: &Links) -> CheckRun {
    let summary = format!(
        "{} — verdict **{}**{}",
        markdown::headline(r),
        r.verdict.as_str(),
        r.risk_tier
            .as_ref()
            .map(|t| format!(", declared EU AI Act risk tier **{t}**"))
            .unwrap_or_default()
    );
    let text = markdown::render(r, links);
    CheckRun {
        actions: vec![Action {
            description: "Check this commit again",
            identifier: RERUN_ACTION,
            label: "Re-run aibom",
        }],
        conclusion: Conclusion::of(r.verdict, false),
        name: CHECK_NAME,
        output: Output {
            annotations: annotations(r),
            summary: bounded(&summary, MAX_OUTPUT),
            text: Some(bounded(&text, MAX_OUTPUT)),
            title: bounded(&markdown::headline(r), 255),
        },
        status: "completed",
    }
}

/// One annotation per added AI component at its file:line, and one per place
/// switched to another model, at the level of its strictest policy result
/// (`failure`, `warning` or `notice`).
pub fn annotations(r: &Report) -> Vec<Annotation> {
    let mut out = added_annotations(r);
    out.extend(r.switched.iter().map(|s| {
        let line = s.at.line.unwrap_or(1);
        let mut message = format!(
            "Switched {} `{}` → `{}`",
            s.kind.as_str(),
            shown(&s.from),
            shown(&s.to)
        );
        if let Some(p) = &s.provider {
            message.push_str(&format!(" ({})", shown(p)));
        }
        for p in &s.policy {
            message.push_str(&format!("\n- {}", plain(&p.message)));
        }
        Annotation {
            annotation_level: level_of(&s.policy),
            end_line: line,
            message: bounded(&message, MAX_ANNOTATION_MESSAGE),
            path: s.at.file.clone(),
            start_line: line,
            title: format!("aibom: switched {}", s.kind.as_str()),
        }
    }));
    out
}

fn level_of(policy: &[crate::policy::RuleResult]) -> AnnotationLevel {
    match policy.iter().map(|p| p.level).max() {
        Some(Level::Failure) => AnnotationLevel::Failure,
        Some(Level::Warning) => AnnotationLevel::Warning,
        _ => AnnotationLevel::Notice,
    }
}

fn added_annotations(r: &Report) -> Vec<Annotation> {
    r.added
        .iter()
        .filter(|e| e.ai)
        .filter_map(|e| {
            let loc = e
                .evidence
                .iter()
                .find(|l| l.line.is_some())
                .or(e.evidence.first())?;
            let line = loc.line.unwrap_or(1);
            let level = level_of(&e.policy);
            let mut message = format!("New {} `{}`", e.kind.as_str(), shown(&e.id));
            if let Some(p) = &e.provider {
                message.push_str(&format!(" ({})", shown(p)));
            }
            for p in &e.policy {
                message.push_str(&format!("\n- {}", plain(&p.message)));
            }
            let message = bounded(&message, MAX_ANNOTATION_MESSAGE);
            let title: String = format!("aibom: new {}", e.kind.as_str())
                .chars()
                .take(255)
                .collect();
            Some(Annotation {
                annotation_level: level,
                end_line: line,
                message,
                path: loc.file.clone(),
                start_line: line,
                title,
            })
        })
        .collect()
}
