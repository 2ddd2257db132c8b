//! The webhook events the App acts on, parsed from real payload shapes into
//! what a job needs (installation, repository, PR, base and head commits).

use serde_json::Value;

use crate::github::{is_commit_sha, is_repo_name};
use crate::report::check_run::RERUN_ACTION;

/// A pull request to check at a head commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrRef {
    /// Installation id (whose token reads the repository).
    pub installation: u64,
    /// `owner/name`.
    pub repo: String,
    /// PR number; [`MERGE_GROUP`] for a merge-queue commit, which has no
    /// pull request to comment on.
    pub number: u64,
    /// Base commit.
    pub base_sha: String,
    /// Head commit.
    pub head_sha: String,
}

/// The [`PrRef::number`] of a merge-queue commit (`merge_group`): its check
/// run gates the queue; no comment or review is written for it.
pub const MERGE_GROUP: u64 = 0;

impl PrRef {
    /// Whether this is a merge-queue commit rather than a pull request's head.
    pub fn is_merge_group(&self) -> bool {
        self.number == MERGE_GROUP
    }
}

/// What a delivery asks of us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// `ping`: answer 200.
    Ping,
    /// Check this PR at its head (opened, synchronize, reopened, ready_for_review).
    Check(PrRef),
    /// Check a head commit again (check_run / check_suite rerequested); PRs as the
    /// payload lists them (empty for forks: look the head up in our records).
    Recheck {
        /// Installation id.
        installation: u64,
        /// `owner/name`.
        repo: String,
        /// Head commit.
        head_sha: String,
        /// PRs the payload names.
        prs: Vec<PrRef>,
    },
    /// The installation was deleted or suspended: stop work for it.
    InstallationGone(u64),
    /// The installation was unsuspended.
    InstallationBack(u64),
    /// Nothing to do, and why.
    Ignored(String),
}

fn str_at<'a>(v: &'a Value, ptr: &str) -> Option<&'a str> {
    v.pointer(ptr).and_then(Value::as_str)
}

fn repo_at(v: &Value, need: &dyn Fn(&str) -> String) -> Result<String, String> {
    let repo = str_at(v, "/repository/full_name").ok_or_else(|| need("repository"))?;
    if !is_repo_name(repo) {
        return Err(format!(
            "repository.full_name `{}` is not owner/name",
            repo.escape_debug()
        ));
    }
    Ok(repo.to_string())
}

fn sha_at(v: &Value, ptr: &str, need: &dyn Fn(&str) -> String) -> Result<String, String> {
    let sha = str_at(v, ptr).ok_or_else(|| need(ptr.trim_start_matches('/')))?;
    if !is_commit_sha(sha) {
        return Err(format!(
            "{} `{}` is not a commit id",
            ptr.trim_start_matches('/'),
            sha.escape_debug()
        ));
    }
    Ok(sha.to_string())
}

/// Parses a delivery. `Err` means the payload is not what GitHub sends for that event.
pub fn parse(event: &str, body: &[u8]) -> Result<Event, String> {
    if event == "ping" {
        return Ok(Event::Ping);
    }
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("payload is not JSON: {e}"))?;
    let action = str_at(&v, "/action").unwrap_or_default();
    let installation = v.pointer("/installation/id").and_then(Value::as_u64);
    let need = |what: &str| format!("{event}.{action} payload has no {what}");
    match event {
        "pull_request" => {
            if !matches!(
                action,
                "opened" | "synchronize" | "reopened" | "ready_for_review"
            ) {
                return Ok(Event::Ignored(format!("pull_request.{action}")));
            }
            Ok(Event::Check(PrRef {
                installation: installation.ok_or_else(|| need("installation"))?,
                repo: repo_at(&v, &need)?,
                number: v
                    .pointer("/pull_request/number")
                    .or(v.pointer("/number"))
                    .and_then(Value::as_u64)
                    .ok_or_else(|| need("number"))?,
                base_sha: sha_at(&v, "/pull_request/base/sha", &need)?,
                head_sha: sha_at(&v, "/pull_request/head/sha", &need)?,
            }))
        }
        "merge_group" => {
            // The queue waits for the required checks on the group's head;
            // the group's base is the target branch's tip it was built on.
            if action != "checks_requested" {
                return Ok(Event::Ignored(format!("merge_group.{action}")));
            }
            Ok(Event::Check(PrRef {
                installation: installation.ok_or_else(|| need("installation"))?,
                repo: repo_at(&v, &need)?,
                number: MERGE_GROUP,
                base_sha: sha_at(&v, "/merge_group/base_sha", &need)?,
                head_sha: sha_at(&v, "/merge_group/head_sha", &need)?,
            }))
        }
        "check_run" | "check_suite" => {
            // `requested_action`: the check run's "Re-run" button (ours is the only action).
            let rerun = action == "rerequested"
                || (event == "check_run"
                    && action == "requested_action"
                    && str_at(&v, "/requested_action/identifier") == Some(RERUN_ACTION));
            if !rerun {
                return Ok(Event::Ignored(format!("{event}.{action}")));
            }
            let installation = installation.ok_or_else(|| need("installation"))?;
            let repo = repo_at(&v, &need)?;
            let head_sha = sha_at(&v, &format!("/{event}/head_sha"), &need)?;
            let prs = v
                .pointer(&format!("/{event}/pull_requests"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| {
                    Some(PrRef {
                        installation,
                        repo: repo.clone(),
                        number: p.get("number")?.as_u64()?,
                        base_sha: str_at(p, "/base/sha")
                            .filter(|s| is_commit_sha(s))?
                            .to_string(),
                        head_sha: head_sha.clone(),
                    })
                })
                .collect();
            Ok(Event::Recheck {
                installation,
                repo,
                head_sha,
                prs,
            })
        }
        "installation" => {
            let id = installation.ok_or_else(|| need("installation"))?;
            Ok(match action {
                "deleted" | "suspend" => Event::InstallationGone(id),
                "unsuspend" | "created" | "new_permissions_accepted" => Event::InstallationBack(id),
                other => Event::Ignored(format!("installation.{other}")),
            })
        }
        other => Ok(Event::Ignored(format!("event `{other}` is not handled"))),
    }
}
