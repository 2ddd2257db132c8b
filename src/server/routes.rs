//! HTTP: `POST /webhook` (verify, persist, answer 202 at once), `GET /healthz`,
//! `GET /readyz`, `GET /metrics`. Work happens later, from the queue.

use std::sync::Arc;

use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use http_body_util::BodyExt;

use super::events::{self, Event};
use super::handle;
use super::metrics::Metrics;
use super::now;
use super::settings::Secret;
use super::store::Store;
use crate::github::GitHub;

/// The most GitHub sends (larger events are not delivered at all).
pub const MAX_BODY: usize = 25 * 1024 * 1024;

/// Shared state of the HTTP side.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Webhook secrets.
    pub secrets: Arc<Vec<Secret>>,
    /// The queue.
    pub store: Arc<Store>,
    /// Counters.
    pub metrics: Arc<Metrics>,
    /// The GitHub client, so an uninstalled App's cached token is dropped at once.
    pub github: Option<Arc<GitHub>>,
    /// Wakes an idle worker when a job is queued (instead of waiting for its next poll).
    pub wake: Arc<tokio::sync::Notify>,
    /// A delivery's body must arrive within this.
    pub body_timeout: Duration,
}

/// The router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/webhook", post(webhook))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        // The webhook reads its body itself (limit and timeout); other routes take none.
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

/// The metric label of deliveries whose signature did not verify.
pub const UNVERIFIED: &str = "unverified";

/// Events with a metric series of their own; any other is `other`.
const KNOWN_EVENTS: &[&str] = &[
    "ping",
    "pull_request",
    "check_run",
    "check_suite",
    "merge_group",
    "installation",
    "installation_repositories",
];

fn event_label(event: &str) -> &'static str {
    KNOWN_EVENTS
        .iter()
        .find(|e| **e == event)
        .copied()
        .unwrap_or("other")
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

/// The body of a delivery: refused from its `Content-Length` alone when that
/// is over [`MAX_BODY`], and never read for longer than `timeout` (a client
/// sending one byte a second cannot hold a connection).
async fn read_body(
    headers: &HeaderMap,
    body: Body,
    timeout: Duration,
) -> Result<Bytes, (StatusCode, String)> {
    let too_large = || {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("a delivery is at most {MAX_BODY} bytes\n"),
        )
    };
    let declared = header(headers, "content-length").and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(too_large());
    }
    let limited = http_body_util::Limited::new(body, MAX_BODY);
    match tokio::time::timeout(timeout, limited.collect()).await {
        Err(_) => Err((
            StatusCode::REQUEST_TIMEOUT,
            "the body did not arrive in time\n".into(),
        )),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Ok(Err(_)) => Err((
            StatusCode::BAD_REQUEST,
            "the body could not be read\n".into(),
        )),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
    }
}

async fn webhook(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> (StatusCode, String) {
    let body = match read_body(&headers, body, st.body_timeout).await {
        Ok(b) => b,
        Err(refused) => {
            st.metrics.delivery(UNVERIFIED, "refused-body");
            return refused;
        }
    };
    let event = header(&headers, "x-github-event").unwrap_or("").to_string();
    if !super::signature::verify(&st.secrets, header(&headers, "x-hub-signature-256"), &body) {
        // Nothing of an unsigned request names a metric series or reaches a log
        // verbatim: anyone can send one.
        st.metrics.delivery(UNVERIFIED, "bad-signature");
        tracing::warn!("webhook rejected: missing or bad signature");
        return (StatusCode::UNAUTHORIZED, "bad signature\n".into());
    }
    // Signed, so from GitHub; still, one series per event we know, not per name sent.
    let label = event_label(&event);
    let Some(delivery) = header(&headers, "x-github-delivery")
        .filter(|d| !d.is_empty())
        .map(str::to_string)
    else {
        st.metrics.delivery(label, "rejected");
        return (
            StatusCode::BAD_REQUEST,
            "missing X-GitHub-Delivery\n".into(),
        );
    };
    let parsed = match events::parse(&event, &body) {
        Ok(e) => e,
        Err(why) => {
            st.metrics.delivery(label, "rejected");
            tracing::warn!(event, delivery, "webhook payload rejected: {why}");
            return (StatusCode::BAD_REQUEST, format!("{why}\n"));
        }
    };
    match (&parsed, &st.github) {
        (Event::InstallationGone(id), Some(github)) => github.forget(*id),
        (Event::InstallationBack(id), Some(github)) => github.restore(*id),
        _ => {}
    }
    let store = st.store.clone();
    let (ev, d) = (event.clone(), delivery.clone());
    // SQLite calls block: keep them off the async workers.
    let result =
        tokio::task::spawn_blocking(move || handle::handle(&store, &d, &ev, parsed, now())).await;
    match result {
        Ok(Ok(outcome)) => {
            if outcome.status() == StatusCode::ACCEPTED {
                st.wake.notify_one();
            }
            st.metrics.delivery(label, outcome.metric());
            tracing::info!(event, delivery, outcome = outcome.metric(), "webhook");
            (outcome.status(), outcome.text())
        }
        Ok(Err(e)) => {
            st.metrics.delivery(label, "error");
            tracing::error!(event, delivery, "cannot persist the delivery: {e:#}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "cannot persist the delivery; redeliver it\n".into(),
            )
        }
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal error\n".into()),
    }
}

async fn readyz(State(st): State<AppState>) -> (StatusCode, &'static str) {
    match tokio::task::spawn_blocking(move || st.store.depth()).await {
        Ok(Ok(_)) => (StatusCode::OK, "ready\n"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n"),
    }
}

async fn metrics(State(st): State<AppState>) -> String {
    let store = st.store.clone();
    let depth = tokio::task::spawn_blocking(move || store.depth().ok())
        .await
        .ok()
        .flatten();
    st.metrics.render(depth)
}
