//! Missed deliveries: the App reads its delivery log from the fake GitHub and
//! asks for each failed delivery it acts on and never recorded to be sent
//! again — once, bounded, and not when GitHub refuses the log.

use std::sync::Arc;
use std::time::Duration;

use aibom::github::{GitHub, RetryPolicy};
use aibom::server::events::PrRef;
use aibom::server::reconcile::Reconciler;
use aibom::server::store::Store;
use http::Method;
use serde_json::json;

use crate::fake_github::{FakeGitHub, Fault};

const KEY: &str = include_str!("../fixtures/test-app-key.pem");

fn entry(id: u64, guid: &str, status_code: u16, event: &str) -> serde_json::Value {
    // The shape of GitHub's `hook-delivery-item`.
    json!({"id": id, "guid": guid, "delivered_at": "2026-12-01T10:00:00Z", "redelivery": false,
           "duration": 0.3, "status": if status_code == 0 { "timed out".to_string() } else { status_code.to_string() },
           "status_code": status_code, "event": event, "action": "opened",
           "installation_id": 1, "repository_id": 1296269})
}

async fn reconciler_on(url: &str, fake: &FakeGitHub) -> (Reconciler, Arc<Store>) {
    let retry = RetryPolicy {
        attempts: 1,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
    };
    let github = Arc::new(
        GitHub::new(42, KEY, &fake.url, retry)
            .unwrap()
            .write_spacing(Duration::ZERO),
    );
    let store = Arc::new(Store::open(url).unwrap());
    (Reconciler::new(github, store.clone()), store)
}

async fn failed_deliveries_we_never_recorded_are_redelivered_once(url: &str) {
    let fake = FakeGitHub::start().await;
    let (r, store) = reconciler_on(url, &fake).await;
    let pr = PrRef {
        installation: 1,
        repo: "acme/app".into(),
        number: 3,
        base_sha: "a".repeat(40),
        head_sha: "b".repeat(40),
    };
    // We answered 503 to this one but recorded it on a later attempt of ours.
    store.record("seen", "pull_request", &[pr], 1_000).unwrap();
    fake.model().hook_deliveries = vec![
        entry(10, "missed", 502, "pull_request"),
        entry(11, "seen", 503, "pull_request"),
        entry(12, "answered", 202, "pull_request"),
        entry(13, "not-ours", 0, "star"),
        entry(14, "again", 0, "merge_group"),
        entry(15, "again", 500, "merge_group"),
    ];
    let first = r.sweep().await.unwrap();
    assert_eq!((first.listed, first.missed, first.redelivered), (6, 2, 2));
    assert_eq!(
        fake.model().redelivered,
        [15, 10],
        "the latest attempt of each, newest first"
    );
    // The redeliveries are still on their way: nothing is asked twice.
    let second = r.sweep().await.unwrap();
    assert_eq!(second.redelivered, 0);
    assert_eq!(fake.model().redelivered.len(), 2);
}

async fn a_refused_delivery_log_is_an_error_not_a_storm(url: &str) {
    let fake = FakeGitHub::start().await;
    let (r, _) = reconciler_on(url, &fake).await;
    fake.model().hook_deliveries = (0..40)
        .map(|i| entry(100 + i, &format!("g{i}"), 502, "pull_request"))
        .collect();
    fake.model().faults.push_back(Fault {
        method: Method::GET,
        path_contains: "/app/hook/deliveries".into(),
        status: 403,
        retry_after: None,
    });
    assert!(r.sweep().await.is_err(), "a 403 on the log stops the sweep");
    assert!(fake.model().redelivered.is_empty());
    // Next sweep: at most ten a sweep.
    let s = r.sweep().await.unwrap();
    assert_eq!(
        (s.missed, s.redelivered),
        (40, aibom::server::reconcile::MAX_PER_SWEEP)
    );
}

on_both_databases!(
    failed_deliveries_we_never_recorded_are_redelivered_once,
    a_refused_delivery_log_is_an_error_not_a_storm,
);
