//! The GitHub check-run payload (`--format github-check`): name, conclusion and
//! output with a bounded summary and text, and one annotation per added AI
//! component at its file:line. The publisher sends annotations 50 per request.

use serde_json::{Value, json};

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

/// The conclusion for a verdict (`base_missing`: the base could not be read).
pub fn conclusion(v: Verdict, base_missing: bool) -> &'static str {
    match (v, base_missing) {
        (_, true) => "neutral",
        (Verdict::Fail, _) => "failure",
        (Verdict::Warn | Verdict::Pass, _) => "success",
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

/// The payload (without `head_sha`, which the publisher adds).
pub fn render(r: &Report, links: &Links) -> Value {
    let summary = format!(
        "{} — verdict **{}**{}",
        markdown::headline(r),
        serde_json::to_value(r.verdict)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        r.risk_tier
            .as_ref()
            .map(|t| format!(", declared EU AI Act risk tier **{t}**"))
            .unwrap_or_default()
    );
    let text = markdown::render(r, links);
    json!({
        "name": CHECK_NAME,
        "status": "completed",
        "conclusion": conclusion(r.verdict, false),
        "actions": [{"label": "Re-run aibom", "description": "Check this commit again", "identifier": RERUN_ACTION}],
        "output": {
            "title": bounded(&markdown::headline(r), 255),
            "summary": bounded(&summary, MAX_OUTPUT),
            "text": bounded(&text, MAX_OUTPUT),
            "annotations": annotations(r),
        },
    })
}

/// One annotation per added AI component at its file:line, at the level of its
/// strictest policy result (`failure`, `warning` or `notice`).
pub fn annotations(r: &Report) -> Vec<Value> {
    r.added
        .iter()
        .filter(|e| e.ai)
        .filter_map(|e| {
            let loc = e.evidence.iter().find(|l| l.line.is_some()).or(e.evidence.first())?;
            let line = loc.line.unwrap_or(1);
            let level = match e.policy.iter().map(|p| p.level).max() {
                Some(Level::Failure) => "failure",
                Some(Level::Warning) => "warning",
                _ => "notice",
            };
            let mut message = format!("New {} `{}`", e.kind.as_str(), shown(&e.id));
            if let Some(p) = &e.provider {
                message.push_str(&format!(" ({})", shown(p)));
            }
            for p in &e.policy {
                message.push_str(&format!("\n- {}", plain(&p.message)));
            }
            let message = bounded(&message, MAX_ANNOTATION_MESSAGE);
            let title: String = format!("aibom: new {}", e.kind.as_str()).chars().take(255).collect();
            Some(json!({"path": loc.file, "start_line": line, "end_line": line, "annotation_level": level, "message": message, "title": title}))
        })
        .collect()
}
