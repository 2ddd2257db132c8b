//! The webhook events the App acts on, parsed from real payload shapes into
//! what a job needs (installation, repository, PR, base and head commits).

use serde::Deserialize;

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

/// `owner/name`, checked as GitHub spells repository names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoName(String);

impl RepoName {
    /// The name, if `s` is `owner/name`.
    pub fn parse(s: &str) -> Result<RepoName, String> {
        if is_repo_name(s) {
            Ok(RepoName(s.to_string()))
        } else {
            Err(format!(
                "repository.full_name `{}` is not owner/name",
                s.escape_debug()
            ))
        }
    }

    /// The name as `owner/name`.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// A full 40-hex commit id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitSha(String);

impl CommitSha {
    /// The id, if `s` is one; `field` names it in the error.
    pub fn parse(field: &str, s: &str) -> Result<CommitSha, String> {
        if is_commit_sha(s) {
            Ok(CommitSha(s.to_string()))
        } else {
            Err(format!("{field} `{}` is not a commit id", s.escape_debug()))
        }
    }

    /// The id as text.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// An App installation's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub struct InstallationId(pub u64);

/// The parts of a webhook payload we read, typed as GitHub sends them; every
/// field optional so that a missing one is named in the error, not a serde
/// message.
mod payload {
    use serde::Deserialize;

    use super::InstallationId;

    #[derive(Deserialize, Default)]
    pub struct Payload {
        #[serde(default)]
        pub action: String,
        pub installation: Option<Installation>,
        pub repository: Option<Repository>,
        pub number: Option<u64>,
        pub pull_request: Option<PullRequest>,
        pub merge_group: Option<MergeGroup>,
        pub check_run: Option<CheckHead>,
        pub check_suite: Option<CheckHead>,
        pub requested_action: Option<RequestedAction>,
    }

    #[derive(Deserialize)]
    pub struct Installation {
        pub id: Option<InstallationId>,
    }

    #[derive(Deserialize)]
    pub struct Repository {
        pub full_name: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct PullRequest {
        pub number: Option<u64>,
        pub base: Option<Commit>,
        pub head: Option<Commit>,
    }

    #[derive(Deserialize)]
    pub struct Commit {
        pub sha: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct MergeGroup {
        pub base_sha: Option<String>,
        pub head_sha: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct CheckHead {
        pub head_sha: Option<String>,
        #[serde(default)]
        pub pull_requests: Vec<CheckPr>,
    }

    #[derive(Deserialize)]
    pub struct CheckPr {
        pub number: Option<u64>,
        pub base: Option<Commit>,
    }

    #[derive(Deserialize)]
    pub struct RequestedAction {
        pub identifier: Option<String>,
    }
}

/// Reads one delivery's fields, naming what is missing as `event.action payload has no …`.
struct Reader<'a> {
    event: &'a str,
    p: payload::Payload,
}

impl Reader<'_> {
    fn need(&self, what: &str) -> String {
        format!("{}.{} payload has no {what}", self.event, self.p.action)
    }

    fn installation(&self) -> Result<u64, String> {
        self.p
            .installation
            .as_ref()
            .and_then(|i| i.id)
            .map(|id| id.0)
            .ok_or_else(|| self.need("installation"))
    }

    fn repo(&self) -> Result<String, String> {
        let name = self
            .p
            .repository
            .as_ref()
            .and_then(|r| r.full_name.as_deref())
            .ok_or_else(|| self.need("repository"))?;
        RepoName::parse(name).map(RepoName::into_string)
    }

    fn sha(&self, field: &str, sha: Option<&str>) -> Result<String, String> {
        let sha = sha.ok_or_else(|| self.need(field))?;
        CommitSha::parse(field, sha).map(CommitSha::into_string)
    }
}

fn sha_of(c: Option<&payload::Commit>) -> Option<&str> {
    c.and_then(|c| c.sha.as_deref())
}

/// The events [`parse`] reads; any other is acknowledged and ignored.
const HANDLED: &[&str] = &[
    "pull_request",
    "merge_group",
    "check_run",
    "check_suite",
    "installation",
];

/// Parses a delivery. `Err` means the payload is not what GitHub sends for that event.
pub fn parse(event: &str, body: &[u8]) -> Result<Event, String> {
    if event == "ping" {
        return Ok(Event::Ping);
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(body)
        .map_err(|e| format!("payload is not JSON: {e}"))?;
    if !HANDLED.contains(&event) {
        return Ok(Event::Ignored(format!("event `{event}` is not handled")));
    }
    let p: payload::Payload = serde_json::from_slice(body)
        .map_err(|e| format!("{event} payload is not what GitHub sends: {e}"))?;
    let r = Reader { event, p };
    let action = r.p.action.as_str();
    match event {
        "pull_request" => {
            if !matches!(
                action,
                "opened" | "synchronize" | "reopened" | "ready_for_review"
            ) {
                return Ok(Event::Ignored(format!("pull_request.{action}")));
            }
            let pr = r.p.pull_request.as_ref();
            Ok(Event::Check(PrRef {
                installation: r.installation()?,
                repo: r.repo()?,
                number: pr
                    .and_then(|p| p.number)
                    .or(r.p.number)
                    .ok_or_else(|| r.need("number"))?,
                base_sha: r.sha(
                    "pull_request/base/sha",
                    sha_of(pr.and_then(|p| p.base.as_ref())),
                )?,
                head_sha: r.sha(
                    "pull_request/head/sha",
                    sha_of(pr.and_then(|p| p.head.as_ref())),
                )?,
            }))
        }
        "merge_group" => {
            // The queue waits for the required checks on the group's head;
            // the group's base is the target branch's tip it was built on.
            if action != "checks_requested" {
                return Ok(Event::Ignored(format!("merge_group.{action}")));
            }
            let g = r.p.merge_group.as_ref();
            Ok(Event::Check(PrRef {
                installation: r.installation()?,
                repo: r.repo()?,
                number: MERGE_GROUP,
                base_sha: r.sha(
                    "merge_group/base_sha",
                    g.and_then(|g| g.base_sha.as_deref()),
                )?,
                head_sha: r.sha(
                    "merge_group/head_sha",
                    g.and_then(|g| g.head_sha.as_deref()),
                )?,
            }))
        }
        "check_run" | "check_suite" => {
            // `requested_action`: the check run's "Re-run" button (ours is the only action).
            let identifier =
                r.p.requested_action
                    .as_ref()
                    .and_then(|a| a.identifier.as_deref());
            let rerun = action == "rerequested"
                || (event == "check_run"
                    && action == "requested_action"
                    && identifier == Some(RERUN_ACTION));
            if !rerun {
                return Ok(Event::Ignored(format!("{event}.{action}")));
            }
            let installation = r.installation()?;
            let repo = r.repo()?;
            let check = if event == "check_run" {
                r.p.check_run.as_ref()
            } else {
                r.p.check_suite.as_ref()
            };
            let head_sha = r.sha(
                &format!("{event}/head_sha"),
                check.and_then(|c| c.head_sha.as_deref()),
            )?;
            let prs = check
                .map(|c| c.pull_requests.as_slice())
                .unwrap_or_default()
                .iter()
                .filter_map(|p| {
                    Some(PrRef {
                        installation,
                        repo: repo.clone(),
                        number: p.number?,
                        base_sha: p
                            .base
                            .as_ref()?
                            .sha
                            .as_deref()
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
            let id = r.installation()?;
            Ok(match action {
                "deleted" | "suspend" => Event::InstallationGone(id),
                "unsuspend" | "created" | "new_permissions_accepted" => Event::InstallationBack(id),
                other => Event::Ignored(format!("installation.{other}")),
            })
        }
        other => Ok(Event::Ignored(format!("event `{other}` is not handled"))),
    }
}
