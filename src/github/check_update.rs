//! The requests that conclude a check run: the reporter's typed [`CheckRun`]
//! becomes JSON here, at the GitHub boundary, one request per 50 annotations.

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::Value;

use crate::report::check_run::{ANNOTATIONS_PER_REQUEST, Action, Annotation, CheckRun, Conclusion};

/// The bodies of `PATCH /repos/{owner}/{repo}/check-runs/{id}` for `run`:
/// the first concludes it, later ones only append annotations.
pub(super) fn requests(run: &CheckRun) -> Result<Vec<Value>> {
    let mut batches: Vec<&[Annotation]> = run
        .output
        .annotations
        .chunks(ANNOTATIONS_PER_REQUEST)
        .collect();
    if batches.is_empty() {
        batches.push(&[]);
    }
    batches
        .into_iter()
        .enumerate()
        .map(|(i, batch)| {
            let first = i == 0;
            let update = CheckRunUpdate {
                actions: &run.actions,
                conclusion: first.then_some(run.conclusion),
                output: OutputUpdate {
                    annotations: batch,
                    summary: &run.output.summary,
                    text: run.output.text.as_deref(),
                    title: &run.output.title,
                },
                status: first.then_some(run.status),
            };
            serde_json::to_value(&update).context("cannot write the check run's request")
        })
        .collect()
}

/// The body of `PATCH /repos/{owner}/{repo}/check-runs/{id}`: the check run
/// as the reporter made it, with one batch of its annotations.
#[derive(Serialize)]
struct CheckRunUpdate<'a> {
    #[serde(skip_serializing_if = "<[Action]>::is_empty")]
    actions: &'a [Action],
    #[serde(skip_serializing_if = "Option::is_none")]
    conclusion: Option<Conclusion>,
    output: OutputUpdate<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
}

/// The output of a [`CheckRunUpdate`].
#[derive(Serialize)]
struct OutputUpdate<'a> {
    annotations: &'a [Annotation],
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    title: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::check_run::AnnotationLevel;

    #[test]
    fn the_first_request_concludes_and_later_ones_only_append() {
        let mut run = CheckRun::without_report(Conclusion::Failure, "t", "s");
        run.output.annotations = (1..=51)
            .map(|line| Annotation {
                annotation_level: AnnotationLevel::Notice,
                end_line: line,
                message: "m".into(),
                path: "a.py".into(),
                start_line: line,
                title: "t".into(),
            })
            .collect();
        let bodies = requests(&run).expect("serialisable");
        assert_eq!(bodies.len(), 2);
        assert_eq!(bodies[0]["conclusion"], "failure");
        assert_eq!(bodies[0]["status"], "completed");
        assert_eq!(
            bodies[0]["output"]["annotations"].as_array().map(Vec::len),
            Some(50)
        );
        assert!(bodies[1].get("conclusion").is_none(), "{}", bodies[1]);
        assert!(bodies[1].get("status").is_none(), "{}", bodies[1]);
        assert!(
            bodies[0].get("name").is_none(),
            "the name is set at creation"
        );
        assert!(
            bodies[0]["output"].get("text").is_none(),
            "no report, no text"
        );
        run.output.annotations.clear();
        assert_eq!(
            requests(&run).expect("serialisable").len(),
            1,
            "one request even without annotations"
        );
    }
}
