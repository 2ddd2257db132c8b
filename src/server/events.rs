//! The webhook events the App acts on, parsed from real payload shapes into
//! what a job needs (installation, repository, PR, base and head commits).

use serde_json::Value;

/// A pull request to check at a head commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrRef {
    /// Installation id (whose token reads the repository).
    pub installation: u64,
    /// `owner/name`.
    pub repo: String,
    /// PR number.
    pub number: u64,
    /// Base commit.
    pub base_sha: String,
    /// Head commit.
    pub head_sha: String,
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

/// Parses a delivery. `Err` means the payload is not what GitHub sends for that event.
pub fn parse(event: &str, body: &[u8]) -> Result<Event, String> {
    if event == "ping" {
        return Ok(Event::Ping);
    }
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("payload is not JSON: {e}"))?;
    let action = str_at(&v, "/action").unwrap_or_default();
    let installation = v.pointer("/installation/id").and_then(Value::as_u64);
    let repo = str_at(&v, "/repository/full_name").map(str::to_string);
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
                repo: repo.ok_or_else(|| need("repository"))?,
                number: v
                    .pointer("/pull_request/number")
                    .or(v.pointer("/number"))
                    .and_then(Value::as_u64)
                    .ok_or_else(|| need("number"))?,
                base_sha: str_at(&v, "/pull_request/base/sha")
                    .ok_or_else(|| need("base sha"))?
                    .to_string(),
                head_sha: str_at(&v, "/pull_request/head/sha")
                    .ok_or_else(|| need("head sha"))?
                    .to_string(),
            }))
        }
        "check_run" | "check_suite" => {
            if action != "rerequested" {
                return Ok(Event::Ignored(format!("{event}.{action}")));
            }
            let installation = installation.ok_or_else(|| need("installation"))?;
            let repo = repo.ok_or_else(|| need("repository"))?;
            let head_sha = str_at(&v, &format!("/{event}/head_sha"))
                .ok_or_else(|| need("head_sha"))?
                .to_string();
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
                        base_sha: str_at(p, "/base/sha")?.to_string(),
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
