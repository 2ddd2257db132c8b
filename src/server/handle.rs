//! What a verified, parsed delivery does to the queue (bors' `handlers/`):
//! [`handle`] records it and answers with an [`Outcome`], which names the
//! HTTP answer and the metric. Blocking (the store is synchronous): the route
//! calls it off the async workers.

use anyhow::Result;
use axum::http::StatusCode;

use super::events::Event;
use super::store::{Recorded, Store};

/// What became of a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `ping`.
    Pong,
    /// Nothing to do, and why.
    Ignored(String),
    /// An installation deleted or suspended: its work is stopped.
    InstallationStopped,
    /// An installation back: its work may resume.
    InstallationResumed,
    /// Jobs queued (this many).
    Queued(usize),
    /// A redelivery of something already recorded.
    Duplicate,
    /// A re-run for a head no pull request is known for.
    NoPullRequest,
}

impl Outcome {
    /// The HTTP status GitHub sees: 202 when work was queued, 200 otherwise.
    pub fn status(&self) -> StatusCode {
        match self {
            Outcome::Queued(_) => StatusCode::ACCEPTED,
            _ => StatusCode::OK,
        }
    }

    /// The answer's body, one line.
    pub fn text(&self) -> String {
        match self {
            Outcome::Pong => "pong\n".into(),
            Outcome::Ignored(why) => format!("ignored: {why}\n"),
            Outcome::InstallationStopped => "installation stopped\n".into(),
            Outcome::InstallationResumed => "installation resumed\n".into(),
            Outcome::Queued(n) => format!("queued {n} job(s)\n"),
            Outcome::Duplicate => "duplicate delivery\n".into(),
            Outcome::NoPullRequest => "ignored: no pull request known for this head\n".into(),
        }
    }

    /// The `outcome` label of the deliveries metric.
    pub fn metric(&self) -> &'static str {
        match self {
            Outcome::Pong => "ping",
            Outcome::Ignored(_) | Outcome::NoPullRequest => "ignored",
            Outcome::InstallationStopped | Outcome::InstallationResumed | Outcome::Queued(_) => {
                "accepted"
            }
            Outcome::Duplicate => "duplicate",
        }
    }
}

impl From<Recorded> for Outcome {
    fn from(r: Recorded) -> Self {
        match r {
            Recorded::New(n) => Outcome::Queued(n),
            Recorded::Duplicate => Outcome::Duplicate,
        }
    }
}

/// Records delivery `delivery` of `event` and queues what it asks for.
pub fn handle(
    store: &Store,
    delivery: &str,
    event: &str,
    parsed: Event,
    now: i64,
) -> Result<Outcome> {
    Ok(match parsed {
        Event::Ping => Outcome::Pong,
        Event::Ignored(why) => Outcome::Ignored(why),
        Event::InstallationGone(id) => {
            store.suspend(id, now)?;
            store.record(delivery, event, &[], now)?;
            Outcome::InstallationStopped
        }
        Event::InstallationBack(id) => {
            store.resume(id)?;
            store.record(delivery, event, &[], now)?;
            Outcome::InstallationResumed
        }
        Event::Check(pr) => store.record(delivery, event, &[pr], now)?.into(),
        Event::Recheck {
            repo,
            head_sha,
            prs,
            ..
        } => {
            // A fork's check run lists no pull requests: look the head up.
            let prs = if prs.is_empty() {
                store.pr_for_head(&repo, &head_sha)?.into_iter().collect()
            } else {
                prs
            };
            if prs.is_empty() {
                store.record(delivery, event, &[], now)?;
                Outcome::NoPullRequest
            } else {
                store.record(delivery, event, &prs, now)?.into()
            }
        }
    })
}
