//! The App's HTTP side in-process (bors-style): the real router, deliveries
//! signed here from GitHub's real payloads, the SQLite queue behind it.

use std::sync::Arc;

use aibom::server::events::PrRef;
use aibom::server::metrics::Metrics;
use aibom::server::routes::{AppState, MAX_BODY, router};
use aibom::server::settings::Secret;
use aibom::server::signature::sign;
use aibom::server::store::Store;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::common::shared;

const SECRET: &str = "s3cret";

fn state() -> AppState {
    state_on("sqlite::memory:")
}

fn state_on(url: &str) -> AppState {
    AppState {
        secrets: Arc::new(vec![Secret("old".into()), Secret(SECRET.into())]),
        store: Arc::new(Store::open(url).unwrap()),
        metrics: Arc::new(Metrics::default()),
        github: None,
        wake: Default::default(),
        body_timeout: std::time::Duration::from_secs(20),
    }
}

fn payload(path: &str) -> Vec<u8> {
    std::fs::read(shared().join("fixtures/github/webhooks").join(path)).unwrap()
}

async fn deliver(
    st: &AppState,
    event: &str,
    delivery: &str,
    body: Vec<u8>,
    signature: Option<String>,
) -> (StatusCode, String) {
    let mut req = Request::post("/webhook")
        .header("x-github-event", event)
        .header("x-github-delivery", delivery)
        .header("content-type", "application/json");
    if let Some(sig) = signature {
        req = req.header("x-hub-signature-256", sig);
    }
    let resp = router(st.clone())
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let text =
        String::from_utf8_lossy(&resp.into_body().collect().await.unwrap().to_bytes()).into_owned();
    (status, text)
}

async fn signed(st: &AppState, event: &str, delivery: &str, body: Vec<u8>) -> (StatusCode, String) {
    let sig = sign(SECRET, &body);
    deliver(st, event, delivery, body, Some(sig)).await
}

async fn get(st: &AppState, path: &str) -> (StatusCode, String) {
    let resp = router(st.clone())
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    (
        status,
        String::from_utf8_lossy(&resp.into_body().collect().await.unwrap().to_bytes()).into_owned(),
    )
}

#[tokio::test]
async fn signatures_are_checked_before_anything_else() {
    let st = state();
    let body = payload("pull_request/opened.payload.json");
    assert_eq!(
        deliver(&st, "pull_request", "d1", body.clone(), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        deliver(
            &st,
            "pull_request",
            "d1",
            body.clone(),
            Some(sign("wrong", &body))
        )
        .await
        .0,
        StatusCode::UNAUTHORIZED
    );
    let mut tampered = body.clone();
    tampered[10] ^= 1;
    assert_eq!(
        deliver(
            &st,
            "pull_request",
            "d1",
            tampered,
            Some(sign(SECRET, &body))
        )
        .await
        .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        st.store.depth().unwrap().queued,
        0,
        "nothing is queued for an unsigned delivery"
    );
    // Rotation: the old secret still verifies.
    assert_eq!(
        deliver(
            &st,
            "pull_request",
            "d1",
            body.clone(),
            Some(sign("old", &body))
        )
        .await
        .0,
        StatusCode::ACCEPTED
    );
    // Forged event names never become series: unsigned deliveries count under
    // one label, signed ones under the event or `other`.
    for i in 0..200 {
        deliver(&st, &format!("forged-{i}"), "x", b"{}".to_vec(), None).await;
    }
    signed(&st, "made_up_event", "d9", b"{}".to_vec()).await;
    let (_, metrics) = get(&st, "/metrics").await;
    assert!(
        metrics.contains(
            "aibom_webhook_deliveries_total{event=\"unverified\",outcome=\"bad-signature\"} 203"
        ),
        "{metrics}"
    );
    assert!(
        !metrics.contains("forged") && !metrics.contains("made_up"),
        "{metrics}"
    );
    assert!(
        metrics.contains("aibom_webhook_deliveries_total{event=\"other\",outcome=\"ignored\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("aibom_queue_jobs{state=\"queued\"} 1"),
        "{metrics}"
    );
}

/// A signed payload whose repository or commit is not of GitHub's shape is
/// refused: `o/r/../../../user` never becomes a REST path.
#[tokio::test]
async fn payload_names_are_validated_before_they_reach_a_path() {
    let st = state();
    let mut p: serde_json::Value =
        serde_json::from_slice(&payload("pull_request/opened.payload.json")).unwrap();
    p["repository"]["full_name"] = "o/r/../../../user".into();
    let (status, text) = signed(&st, "pull_request", "p1", serde_json::to_vec(&p).unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("is not owner/name"), "{text}");
    let mut p: serde_json::Value =
        serde_json::from_slice(&payload("pull_request/opened.payload.json")).unwrap();
    p["pull_request"]["head"]["sha"] = "../../x".into();
    let (status, text) = signed(&st, "pull_request", "p2", serde_json::to_vec(&p).unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("is not a commit id"), "{text}");
    assert_eq!(st.store.depth().unwrap().queued, 0);
}

/// A field of the wrong type (an installation id that is text) is a clear
/// 400 naming the event, not a panic or a job with a zero id; a missing one is
/// named as missing.
#[tokio::test]
async fn a_payload_of_the_wrong_shape_is_refused_by_name() {
    let st = state();
    let mut p: serde_json::Value =
        serde_json::from_slice(&payload("pull_request/opened.payload.json")).unwrap();
    p["installation"]["id"] = "12".into();
    let (status, text) = signed(&st, "pull_request", "w1", serde_json::to_vec(&p).unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(
        text.starts_with("pull_request payload is not what GitHub sends"),
        "{text}"
    );
    let mut p: serde_json::Value =
        serde_json::from_slice(&payload("pull_request/opened.payload.json")).unwrap();
    p["pull_request"]["base"]
        .as_object_mut()
        .unwrap()
        .remove("sha");
    let (status, text) = signed(&st, "pull_request", "w2", serde_json::to_vec(&p).unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert_eq!(
        text.trim(),
        "pull_request.opened payload has no pull_request/base/sha"
    );
    let (status, text) = signed(&st, "pull_request", "w3", b"{not json".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.starts_with("payload is not JSON"), "{text}");
    assert_eq!(st.store.depth().unwrap().queued, 0);
}

/// Every real payload GitHub sent for the events we read parses into the
/// typed shape (a serde struct that drifted from GitHub's would refuse them).
#[test]
fn every_real_payload_fits_the_typed_shape() {
    use aibom::server::events::{Event, parse};
    let root = crate::common::shared().join("fixtures/github/webhooks");
    let mut seen = 0;
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        let event = dir.file_name().unwrap().to_str().unwrap().to_string();
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            if !file.to_string_lossy().ends_with(".payload.json") {
                continue;
            }
            let body = std::fs::read(&file).unwrap();
            let parsed = parse(&event, &body);
            assert!(parsed.is_ok(), "{}: {parsed:?}", file.display());
            seen += 1;
            if file.ends_with("pull_request/opened.payload.json") {
                assert!(matches!(parsed, Ok(Event::Check(_))), "{parsed:?}");
            }
        }
    }
    assert!(seen >= 5, "{seen} payloads");
}

/// Each outcome names its HTTP status and its metric; only queued work is 202.
#[test]
fn outcomes_name_status_and_metric() {
    use aibom::server::handle::Outcome;
    let table = [
        (Outcome::Pong, StatusCode::OK, "ping"),
        (Outcome::Ignored("x".into()), StatusCode::OK, "ignored"),
        (Outcome::NoPullRequest, StatusCode::OK, "ignored"),
        (Outcome::InstallationStopped, StatusCode::OK, "accepted"),
        (Outcome::InstallationResumed, StatusCode::OK, "accepted"),
        (Outcome::Queued(2), StatusCode::ACCEPTED, "accepted"),
        (Outcome::Duplicate, StatusCode::OK, "duplicate"),
    ];
    for (o, status, metric) in table {
        assert_eq!((o.status(), o.metric()), (status, metric), "{o:?}");
        assert!(o.text().ends_with('\n') && o.text().lines().count() == 1);
    }
    assert_eq!(Outcome::Queued(2).text(), "queued 2 job(s)\n");
}

async fn a_pull_request_is_queued_once_and_a_redelivery_is_a_duplicate(url: &str) {
    let st = state_on(url);
    let (status, text) = signed(
        &st,
        "pull_request",
        "guid-1",
        payload("pull_request/opened.payload.json"),
    )
    .await;
    assert_eq!(
        (status, text.as_str()),
        (StatusCode::ACCEPTED, "queued 1 job(s)\n")
    );
    let (status, text) = signed(
        &st,
        "pull_request",
        "guid-1",
        payload("pull_request/opened.payload.json"),
    )
    .await;
    assert_eq!(
        (status, text.as_str()),
        (StatusCode::OK, "duplicate delivery\n")
    );
    let job = st.store.claim(1_000, 600).unwrap().expect("a job");
    assert_eq!(
        job.pr,
        PrRef {
            installation: 1,
            repo: "Codertocat/Hello-World".into(),
            number: 2,
            base_sha: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e".into(),
            head_sha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821".into()
        }
    );
    assert!(
        st.store.claim(1_000, 600).unwrap().is_none(),
        "one job, not two"
    );
}

#[tokio::test]
async fn ping_unhandled_events_and_actions_are_acknowledged() {
    let st = state();
    assert_eq!(
        signed(&st, "ping", "p1", payload("ping/payload.json")).await,
        (StatusCode::OK, "pong\n".into())
    );
    let (status, text) = signed(
        &st,
        "pull_request",
        "c1",
        payload("pull_request/closed.payload.json"),
    )
    .await;
    assert_eq!(
        (status, text.as_str()),
        (StatusCode::OK, "ignored: pull_request.closed\n")
    );
    let (status, _) = signed(&st, "push", "x1", b"{}".to_vec()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = signed(
        &st,
        "check_run",
        "cr0",
        payload("check_run/created.payload.json"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, text) = signed(&st, "pull_request", "bad", b"not json".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert_eq!(st.store.depth().unwrap().queued, 0);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let st = state();
    let body = vec![b' '; MAX_BODY + 1];
    let sig = sign(SECRET, &body);
    assert_eq!(
        deliver(&st, "pull_request", "big", body, Some(sig)).await.0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
}

async fn a_newer_push_supersedes_the_queued_older_head(url: &str) {
    let st = state_on(url);
    signed(
        &st,
        "pull_request",
        "o1",
        payload("pull_request/opened.payload.json"),
    )
    .await;
    let newer = String::from_utf8(payload("pull_request/synchronize.payload.json"))
        .unwrap()
        .replace(
            "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
            "1111111111111111111111111111111111111111",
        );
    signed(&st, "pull_request", "s1", newer.into_bytes()).await;
    let job = st.store.claim(1_000, 600).unwrap().unwrap();
    assert_eq!(job.pr.head_sha, "1111111111111111111111111111111111111111");
    assert!(
        st.store.claim(1_000, 600).unwrap().is_none(),
        "the older head was superseded"
    );
}

async fn rerequests_use_the_payloads_prs_or_our_own_records(url: &str) {
    let st = state_on(url);
    let (status, _) = signed(
        &st,
        "check_suite",
        "cs1",
        payload("check_suite/rerequested.payload.json"),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let job = st.store.claim(1_000, 600).unwrap().unwrap();
    assert_eq!((job.pr.number, job.pr.installation), (2, 957387));
    st.store.finish(job.id, None, 1_001).unwrap();
    // A check_run rerequest from a fork names no PR: unknown head → acknowledged, nothing queued.
    let (status, text) = signed(
        &st,
        "check_run",
        "cr1",
        payload("check_run/rerequested.payload.json"),
    )
    .await;
    assert_eq!(
        (status, text.as_str()),
        (
            StatusCode::OK,
            "ignored: no pull request known for this head\n"
        )
    );
    // Once we have checked that head for a PR, the same rerequest finds it.
    let known = PrRef {
        installation: 1,
        repo: "github/hello-world".into(),
        number: 7,
        base_sha: "b".repeat(40),
        head_sha: "d6fde92930d4715a2b49857d24b940956b26d2d3".into(),
    };
    st.store
        .record("seed", "pull_request", std::slice::from_ref(&known), 1_002)
        .unwrap();
    let seeded = st.store.claim(1_003, 600).unwrap().unwrap();
    st.store.finish(seeded.id, None, 1_004).unwrap();
    let (status, _) = signed(
        &st,
        "check_run",
        "cr2",
        payload("check_run/rerequested.payload.json"),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(st.store.claim(1_005, 600).unwrap().unwrap().pr, known);
}

async fn a_deleted_installation_stops_its_work(url: &str) {
    let st = state_on(url);
    let opened = String::from_utf8(payload("pull_request/opened.payload.json"))
        .unwrap()
        .replace(
            "\"installation\": {\n    \"id\": 1,",
            "\"installation\": {\n    \"id\": 2,",
        );
    assert!(opened.contains("\"id\": 2,"), "fixture shape");
    signed(&st, "pull_request", "o1", opened.clone().into_bytes()).await;
    assert_eq!(st.store.depth().unwrap().queued, 1);
    // One job of installation 2 running, one waiting for its retry.
    signed(
        &st,
        "pull_request",
        "o4",
        opened
            .replace("\"number\": 2", "\"number\": 4")
            .into_bytes(),
    )
    .await;
    signed(
        &st,
        "pull_request",
        "o5",
        opened
            .replace("\"number\": 2", "\"number\": 5")
            .into_bytes(),
    )
    .await;
    let running = st.store.claim(1_000, 600).unwrap().unwrap();
    let retrying = st.store.claim(1_000, 600).unwrap().unwrap();
    st.store
        .retry_later(retrying.id, 1_010, "GitHub 502")
        .unwrap();
    assert_eq!(st.store.depth().unwrap().queued, 1);
    let (status, _) = signed(
        &st,
        "installation",
        "del",
        payload("installation/deleted.payload.json"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        st.store.depth().unwrap().queued,
        0,
        "queued work of installation 2 is dropped"
    );
    assert_eq!(
        st.store.depth().unwrap().running,
        0,
        "running and retrying work too"
    );
    assert!(
        !st.store.renew(running.id, running.attempts, 2_000).unwrap(),
        "the running job's heartbeat finds its lease gone, so its worker stops"
    );
    // What the stopped worker might still write changes nothing.
    st.store.finish(running.id, None, 1_020).unwrap();
    st.store
        .retry_later(retrying.id, 1_030, "GitHub 502")
        .unwrap();
    for id in [running.id, retrying.id] {
        assert_eq!(st.store.job_state(id).unwrap().as_deref(), Some("dropped"));
    }
    assert_eq!(
        st.store.claim(5_000, 600).unwrap(),
        None,
        "nothing comes back"
    );
    signed(
        &st,
        "pull_request",
        "o2",
        opened
            .replace("\"number\": 2", "\"number\": 3")
            .into_bytes(),
    )
    .await;
    assert_eq!(
        st.store.depth().unwrap().queued,
        0,
        "and no new work is taken"
    );
}

async fn a_crashed_job_is_claimed_again_when_its_lease_runs_out(url: &str) {
    let st = state_on(url);
    signed(
        &st,
        "pull_request",
        "o1",
        payload("pull_request/opened.payload.json"),
    )
    .await;
    let first = st.store.claim(1_000, 60).unwrap().unwrap();
    assert!(st.store.claim(1_030, 60).unwrap().is_none(), "leased");
    let again = st
        .store
        .claim(1_061, 60)
        .unwrap()
        .expect("lease ran out: claimable again");
    assert_eq!((again.id, again.attempts), (first.id, 2));
    st.store
        .finish(again.id, Some("GitHub kept failing"), 1_070)
        .unwrap();
    assert_eq!(
        st.store.job_state(again.id).unwrap().as_deref(),
        Some("failed")
    );
    assert!(st.store.claim(2_000, 60).unwrap().is_none());
}

async fn a_heartbeat_keeps_a_lease_and_a_lost_lease_is_not_renewed(url: &str) {
    let st = state_on(url);
    signed(
        &st,
        "pull_request",
        "h1",
        payload("pull_request/opened.payload.json"),
    )
    .await;
    let first = st.store.claim(1_000, 30).unwrap().unwrap();
    // Renewed at 1_020 to 1_050: still leased at 1_040.
    assert!(st.store.renew(first.id, first.attempts, 1_050).unwrap());
    assert!(st.store.claim(1_040, 30).unwrap().is_none(), "renewed");
    // No heartbeat (the worker died): claimable once the lease ran out.
    let again = st.store.claim(1_051, 30).unwrap().expect("expired");
    assert_eq!(again.attempts, first.attempts + 1);
    // The dead attempt's late heartbeat does not steal the lease back.
    assert!(!st.store.renew(first.id, first.attempts, 2_000).unwrap());
    assert!(st.store.renew(again.id, again.attempts, 1_090).unwrap());
    st.store.finish(again.id, None, 1_060).unwrap();
    assert!(
        !st.store.renew(again.id, again.attempts, 1_100).unwrap(),
        "finished"
    );
    // A running job can be released for a restarted single-node App.
    signed(
        &st,
        "pull_request",
        "h2",
        payload("pull_request/synchronize.payload.json"),
    )
    .await;
    let running = st.store.claim(2_000, 30).unwrap().unwrap();
    assert!(st.store.claim(2_001, 30).unwrap().is_none());
    assert_eq!(st.store.release_running(2_001).unwrap(), 1);
    assert_eq!(st.store.claim(2_001, 30).unwrap().unwrap().id, running.id);
}

async fn the_queue_survives_a_restart(url: &str) {
    {
        let store = Store::open(url).unwrap();
        let pr = PrRef {
            installation: 1,
            repo: "o/r".into(),
            number: 1,
            base_sha: "a".repeat(40),
            head_sha: "b".repeat(40),
        };
        store.record("d1", "pull_request", &[pr], 1).unwrap();
        store.claim(2, 60).unwrap().unwrap(); // the process dies mid-job here
    }
    let store = Store::open(url).unwrap();
    assert_eq!(
        store.record("d1", "pull_request", &[], 3).unwrap(),
        aibom::server::store::Recorded::Duplicate,
        "deliveries are remembered"
    );
    assert!(store.claim(30, 60).unwrap().is_none());
    assert_eq!(
        store.claim(70, 60).unwrap().unwrap().attempts,
        2,
        "resumed after the lease"
    );
}

async fn health_readiness_and_metrics(url: &str) {
    let st = state_on(url);
    assert_eq!(get(&st, "/healthz").await, (StatusCode::OK, "ok\n".into()));
    assert_eq!(get(&st, "/readyz").await.0, StatusCode::OK);
    signed(
        &st,
        "pull_request",
        "g",
        payload("pull_request/opened.payload.json"),
    )
    .await;
    let (_, m) = get(&st, "/metrics").await;
    assert!(m.contains("# TYPE aibom_webhook_deliveries_total counter"));
    assert!(
        m.contains("aibom_webhook_deliveries_total{event=\"pull_request\",outcome=\"accepted\"} 1"),
        "{m}"
    );
}

fn pr(number: u64, head: char) -> PrRef {
    PrRef {
        installation: 1,
        repo: "o/r".into(),
        number,
        base_sha: "a".repeat(40),
        head_sha: head.to_string().repeat(40),
    }
}

/// Replicas share one database: every job is taken by exactly one of them.
async fn each_job_is_claimed_by_exactly_one_replica(url: &str) {
    const JOBS: u64 = 120;
    let seed = Store::open(url).unwrap();
    for n in 0..JOBS {
        seed.record(&format!("d{n}"), "pull_request", &[pr(n, 'b')], 1)
            .unwrap();
    }
    let replicas: Vec<std::thread::JoinHandle<Vec<i64>>> = (0..4)
        .map(|_| {
            let store = Store::open(url).unwrap();
            std::thread::spawn(move || {
                let mut mine = Vec::new();
                while let Some(job) = store.claim(2, 600).unwrap() {
                    mine.push(job.id);
                    store.finish(job.id, None, 3).unwrap();
                }
                mine
            })
        })
        .collect();
    let mut all: Vec<i64> = replicas
        .into_iter()
        .flat_map(|r| r.join().unwrap())
        .collect();
    let claimed = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(claimed, JOBS as usize, "no job claimed twice");
    assert_eq!(all.len(), JOBS as usize, "every job claimed");
    assert_eq!(seed.depth().unwrap(), Default::default());
}

/// Per-blob results outlive the job, the process and the PR: a later scan of the
/// same blobs (a new push, another PR, a restarted replica) reads nothing again
/// and produces the same findings.
async fn scan_results_are_cached_in_the_database(url: &str) {
    use aibom::scan::{self, BlobCache, ScanOptions};
    use aibom::server::store::ScanResults;
    use aibom::source::GitSource;
    let repo = tempfile::tempdir().unwrap();
    crate::common::git(repo.path(), &["init", "-q"]);
    crate::common::write_tree(
        repo.path(),
        &[
            (
                "app/chat.py",
                b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o\")\n",
            ),
            ("requirements.txt", b"torch==2.3.0\n"),
            ("README.md", b"hello\n"),
        ],
    );
    crate::common::git(repo.path(), &["add", "-A"]);
    crate::common::git(repo.path(), &["commit", "-q", "-m", "c"]);
    let catalog = crate::common::catalog();
    let source = GitSource::open(repo.path(), "HEAD").unwrap();
    let scan_with_fresh_cache = |store: Arc<Store>| {
        let cache = BlobCache::backed_by(Arc::new(ScanResults::new(store, catalog.fingerprint())));
        let out =
            scan::scan_cached(&source, catalog, &ScanOptions::default(), Some(&cache)).unwrap();
        (out.findings().to_vec(), cache.stats())
    };
    let (first, stats) = scan_with_fresh_cache(Arc::new(Store::open(url).unwrap()));
    assert_eq!(stats, (0, 3), "cold: every file scanned");
    assert!(first.iter().any(|f| f.id == "gpt-4o"), "{first:?}");
    // A restarted process (or another replica) with its own connection.
    let (again, stats) = scan_with_fresh_cache(Arc::new(Store::open(url).unwrap()));
    assert_eq!(stats, (3, 0), "warm: nothing scanned again");
    assert_eq!(again, first, "cached results are the same results");
    // Another scanner version never reuses them.
    let other = BlobCache::backed_by(Arc::new(ScanResults::new(
        Arc::new(Store::open(url).unwrap()),
        "0.0.0+other",
    )));
    scan::scan_cached(&source, catalog, &ScanOptions::default(), Some(&other)).unwrap();
    assert_eq!(other.stats(), (0, 3));
}

on_both_databases!(
    each_job_is_claimed_by_exactly_one_replica,
    scan_results_are_cached_in_the_database,
    a_pull_request_is_queued_once_and_a_redelivery_is_a_duplicate,
    a_newer_push_supersedes_the_queued_older_head,
    rerequests_use_the_payloads_prs_or_our_own_records,
    a_deleted_installation_stops_its_work,
    a_crashed_job_is_claimed_again_when_its_lease_runs_out,
    a_heartbeat_keeps_a_lease_and_a_lost_lease_is_not_renewed,
    health_readiness_and_metrics,
    the_queue_survives_a_restart,
);

/// A database someone else's program also uses: a `jobs` table of another shape
/// is a clear error on the call that meets it, and the store keeps working.
#[tokio::test]
async fn a_foreign_schema_is_an_error_not_a_dead_store() {
    let Some(db) = crate::db::postgres() else {
        return;
    };
    crate::db::admin(
        &db.url,
        &[
            "CREATE TABLE jobs (id BIGSERIAL PRIMARY KEY, delivery TEXT, installation INTEGER, repo TEXT, pr BIGINT, base_sha TEXT, head_sha TEXT, state TEXT DEFAULT 'queued', attempts INTEGER DEFAULT 0, lease_until BIGINT, error TEXT, check_run BIGINT, created_at BIGINT, updated_at BIGINT)".into(),
            "INSERT INTO jobs (delivery, installation, repo, pr, base_sha, head_sha, created_at, updated_at) VALUES ('x', 1, 'o/r', 1, 'a', 'b', 0, 0)".into(),
        ],
    )
    .unwrap();
    let store = Store::open(&db.url).unwrap();
    let err = store.pr_for_head("o/r", "b").unwrap_err();
    assert!(
        format!("{err:#}").contains("unexpected row shape"),
        "{err:#}"
    );
    assert_eq!(store.depth().unwrap().queued, 1, "the store still answers");
}

/// The check run's own "Re-run aibom" button re-runs the check; another App's
/// action (GitHub's real `requested_action` payload) is not ours.
#[test]
fn only_our_requested_action_reruns_the_check() {
    use aibom::server::events::{Event, parse};
    let body = payload("check_run/requested_action.payload.json");
    assert!(matches!(
        parse("check_run", &body),
        Ok(Event::Ignored(why)) if why == "check_run.requested_action"
    ));
    let mut v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    v["requested_action"]["identifier"] = aibom::report::check_run::RERUN_ACTION.into();
    let ours = serde_json::to_vec(&v).unwrap();
    match parse("check_run", &ours) {
        Ok(Event::Recheck { head_sha, repo, .. }) => {
            assert_eq!(repo, "electron/electron");
            assert_eq!(head_sha, "5bd5f196a46b8222fb7484f05faba41a73cf34bd");
        }
        other => panic!("{other:?}"),
    }
}
