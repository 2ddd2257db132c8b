//! The App end to end, in-process: a signed delivery into the real router, the
//! queue (SQLite and PostgreSQL), the worker against the fake GitHub (serving
//! a real git repository's trees, contents and tarballs), check runs and the one sticky comment.

use std::sync::Arc;
use std::time::Duration;

use aibom::catalog::Catalog;
use aibom::github::{GitHub, RetryPolicy};
use aibom::report::check_run::Conclusion;
use aibom::server::metrics::Metrics;
use aibom::server::routes::{AppState, router};
use aibom::server::settings::Secret;
use aibom::server::signature::sign;
use aibom::server::snapshot::FetchLimits;
use aibom::server::store::Store;
use aibom::server::worker::{Processed, Worker};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http::Method;
use serde_json::Value;
use tower::ServiceExt;

use crate::common::{commit, git, shared};
use crate::fake_github::{FakeGitHub, Fault};

const KEY: &str = include_str!("../fixtures/test-app-key.pem");
const REPO: &str = "acme/app";

pub struct App {
    pub fake: FakeGitHub,
    pub state: AppState,
    pub worker: Worker,
    pub repo: tempfile::TempDir,
}

impl App {
    pub async fn new(url: &str, base: &[(&str, &[u8])]) -> App {
        let fake = FakeGitHub::start().await;
        let store = Arc::new(Store::open(url).unwrap());
        let metrics = Arc::new(Metrics::default());
        let retry = RetryPolicy {
            attempts: 2,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(20),
        };
        let observer = metrics.clone();
        let github = Arc::new(
            GitHub::new(42, KEY, &fake.url, retry)
                .unwrap()
                .write_spacing(Duration::ZERO)
                .observe(Arc::new(move |m, status| {
                    observer.api_call(m.as_str(), status)
                })),
        );
        let state = AppState {
            secrets: Arc::new(vec![Secret("s".into())]),
            store: store.clone(),
            metrics: metrics.clone(),
            github: Some(github.clone()),
            wake: Default::default(),
            body_timeout: std::time::Duration::from_secs(20),
        };
        let worker = Worker {
            github,
            store,
            catalog: Arc::new(Catalog::builtin().unwrap()),
            metrics,
            web_url: "https://github.com".into(),
            lease_secs: 600,
            max_attempts: 2,
            retry_secs: -1,
            fetch: FetchLimits::default(),
        };
        let repo = tempfile::tempdir().unwrap();
        git(repo.path(), &["init", "-q"]);
        fake.model()
            .repos
            .insert(REPO.into(), repo.path().to_path_buf());
        let app = App {
            fake,
            state,
            worker,
            repo,
        };
        app.commit(base);
        app
    }

    /// Commits files (the fake serves the repository's commits); returns the sha.
    pub fn commit(&self, files: &[(&str, &[u8])]) -> String {
        commit(self.repo.path(), files)
    }

    pub async fn deliver_pr(
        &self,
        delivery: &str,
        action: &str,
        number: u64,
        base: &str,
        head: &str,
    ) -> StatusCode {
        self.fake
            .model()
            .pulls
            .insert((REPO.into(), number), (base.into(), head.into()));
        let mut p: Value = serde_json::from_str(
            &std::fs::read_to_string(
                shared().join("fixtures/github/webhooks/pull_request/opened.payload.json"),
            )
            .unwrap(),
        )
        .unwrap();
        p["action"] = action.into();
        p["number"] = number.into();
        p["pull_request"]["number"] = number.into();
        p["pull_request"]["base"]["sha"] = base.into();
        p["pull_request"]["head"]["sha"] = head.into();
        p["repository"]["full_name"] = REPO.into();
        self.deliver("pull_request", delivery, serde_json::to_vec(&p).unwrap())
            .await
    }

    /// Delivers one signed event to the App's router.
    pub async fn deliver(&self, event: &str, delivery: &str, body: Vec<u8>) -> StatusCode {
        let req = Request::post("/webhook")
            .header("x-github-event", event)
            .header("x-github-delivery", delivery)
            .header("x-hub-signature-256", sign("s", &body))
            .body(Body::from(body))
            .unwrap();
        router(self.state.clone())
            .oneshot(req)
            .await
            .unwrap()
            .status()
    }
}

/// A repository using OpenAI whose policy fails on a new provider.
pub const BASE: &[(&str, &[u8])] = &[
    (
        "app/chat.py",
        b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o\")\n",
    ),
    (".aibom.yml", b"fail-on:\n  new-provider: failure\n"),
];
/// A change that adds Anthropic.
pub const CLAUDE: &[(&str, &[u8])] = &[(
    "app/claude.py",
    b"import anthropic\nanthropic.Anthropic().messages.create(model=\"claude-3-5-haiku-latest\")\n",
)];

async fn a_pull_request_gets_a_concluded_check_run_and_one_sticky_comment(url: &str) {
    let app = App::new(url, BASE).await;
    let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
    let head = app.commit(CLAUDE);
    assert_eq!(
        app.deliver_pr("d1", "opened", 5, &base, &head).await,
        StatusCode::ACCEPTED
    );
    assert_eq!(
        app.worker.run_once().await.unwrap(),
        Processed::Concluded(Conclusion::Failure)
    );
    assert_eq!(app.worker.run_once().await.unwrap(), Processed::Idle);
    {
        let m = app.fake.model();
        assert!(m.invalid.is_empty(), "{:?}", m.invalid);
        let run = &m.check_runs[0];
        assert_eq!(
            (run.head_sha.as_str(), run.conclusion.as_deref()),
            (head.as_str(), Some("failure"))
        );
        assert!(
            run.annotations.iter().any(|a| a["path"] == "app/claude.py"
                && a["start_line"] == 2
                && a["annotation_level"] == "failure"),
            "{:?}",
            run.annotations
        );
        assert_eq!(m.comments.len(), 1);
        insta::assert_snapshot!("app_comment_new_provider", m.comments[0].body);
        insta::assert_json_snapshot!(
            "app_check_run_new_provider",
            serde_json::json!({"status": run.status, "conclusion": run.conclusion, "output": run.output, "annotations": run.annotations})
        );
    }
    let metrics = app.state.metrics.render(None);
    assert!(
        metrics.contains("aibom_job_duration_seconds_count{outcome=\"failure\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("aibom_github_api_calls_total{method=\"POST\",status=\"201\"}"),
        "{metrics}"
    );
    // A new push: a new check run for the new head, the same comment edited.
    let fixed = app.commit(&[("app/claude.py", b"x = 1\n")]);
    assert_eq!(
        app.deliver_pr("d2", "synchronize", 5, &base, &fixed).await,
        StatusCode::ACCEPTED
    );
    assert_eq!(
        app.worker.run_once().await.unwrap(),
        Processed::Concluded(Conclusion::Success)
    );
    let m = app.fake.model();
    assert_eq!(m.check_runs.len(), 2);
    assert_eq!(m.comments.len(), 1, "edited, never duplicated");
    insta::assert_snapshot!("app_comment_edited_no_changes", m.comments[0].body);
    assert_eq!(m.tokens, 1);
}

async fn an_unreadable_base_concludes_neutral_not_everything_new(url: &str) {
    let app = App::new(url, BASE).await;
    let head = app.commit(CLAUDE);
    app.deliver_pr("d1", "opened", 6, &"f".repeat(40), &head)
        .await;
    assert_eq!(
        app.worker.run_once().await.unwrap(),
        Processed::Concluded(Conclusion::Neutral)
    );
    let m = app.fake.model();
    assert_eq!(m.check_runs[0].conclusion.as_deref(), Some("neutral"));
    insta::assert_json_snapshot!("app_check_run_base_unreadable", m.check_runs[0].output);
    assert!(
        m.comments.is_empty(),
        "no comment claims the whole repository is new"
    );
}

async fn a_job_that_keeps_failing_concludes_the_check_run_with_the_error(url: &str) {
    let app = App::new(url, BASE).await;
    let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
    let head = app.commit(CLAUDE);
    app.deliver_pr("d1", "opened", 7, &base, &head).await;
    app.fake.model().faults.extend((0..4).map(|_| Fault {
        method: Method::GET,
        path_contains: "/git/trees/".into(),
        status: 500,
        retry_after: None,
    }));
    assert!(matches!(
        app.worker.run_once().await.unwrap(),
        Processed::Retrying(_)
    ));
    assert_eq!(
        app.fake.model().check_runs[0].status,
        "in_progress",
        "shown at once, concluded later"
    );
    assert!(matches!(
        app.worker.run_once().await.unwrap(),
        Processed::Failed(_)
    ));
    let m = app.fake.model();
    assert_eq!(m.check_runs.len(), 1, "the retry reused the check run");
    assert_eq!(m.check_runs[0].conclusion.as_deref(), Some("failure"));
    assert!(
        m.check_runs[0].output["summary"]
            .as_str()
            .unwrap()
            .contains("could not complete this check after 2 attempts")
    );
}

async fn a_job_whose_worker_died_is_resumed_and_concluded(url: &str) {
    let app = App::new(url, BASE).await;
    let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
    let head = app.commit(CLAUDE);
    app.deliver_pr("d1", "opened", 8, &base, &head).await;
    // A worker claims the job, creates the check run, and dies (its lease long expired).
    let store = app.state.store.clone();
    let job = store.claim(0, 10).unwrap().unwrap();
    let run = app
        .worker
        .github
        .create_check_run(1, REPO, "aibom", &head, "aibom-job-1")
        .await
        .unwrap();
    store.set_check_run(job.id, run).unwrap();
    assert_eq!(
        app.worker.run_once().await.unwrap(),
        Processed::Concluded(Conclusion::Failure)
    );
    let m = app.fake.model();
    assert_eq!(m.check_runs.len(), 1, "resumed with the same check run");
    assert_eq!(m.check_runs[0].status, "completed");
}

fn reads(app: &App, what: &str) -> Vec<String> {
    app.fake
        .model()
        .requests
        .iter()
        .filter(|r| r.contains(what))
        .cloned()
        .collect()
}

/// With results cached in the database, a push costs two tree listings and the
/// files it changed (plus the policy file), never the whole repository.
async fn a_new_push_fetches_only_the_files_it_changed(url: &str) {
    let app = App::new(url, BASE).await;
    let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
    let head = app.commit(CLAUDE);
    app.deliver_pr("d1", "opened", 9, &base, &head).await;
    app.worker.run_once().await.unwrap();
    app.fake.model().requests.clear();
    let next = app.commit(&[("app/other.py", b"print('hi')\n")]);
    app.deliver_pr("d2", "synchronize", 9, &base, &next).await;
    assert_eq!(
        app.worker.run_once().await.unwrap(),
        Processed::Concluded(Conclusion::Failure)
    );
    assert!(reads(&app, "/tarball/").is_empty());
    assert_eq!(
        reads(&app, "/git/trees/").len(),
        2,
        "one listing per commit"
    );
    let mut fetched: Vec<String> = reads(&app, "/contents/")
        .iter()
        .filter_map(|r| {
            r.split("/contents/")
                .nth(1)?
                .split('?')
                .next()
                .map(str::to_string)
        })
        .collect();
    fetched.sort();
    assert_eq!(fetched, [".aibom.yml", "app/other.py"]);
    assert!(app.fake.model().invalid.is_empty());
}

/// Many unseen files (a cold cache) or a truncated listing: the tarball is
/// cheaper than one call per file, and the verdict is the same.
async fn a_cold_cache_or_a_truncated_listing_reads_the_tarball(url: &str) {
    let mut app = App::new(url, BASE).await;
    app.worker.fetch.max_files = 1;
    let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
    let head = app.commit(CLAUDE);
    app.deliver_pr("d1", "opened", 10, &base, &head).await;
    assert_eq!(
        app.worker.run_once().await.unwrap(),
        Processed::Concluded(Conclusion::Failure)
    );
    assert_eq!(reads(&app, "/tarball/").len(), 2, "base and head");
    assert!(reads(&app, "/contents/").is_empty());

    app.worker.fetch = FetchLimits::default();
    app.fake.model().truncate_trees = true;
    app.fake.model().requests.clear();
    let next = app.commit(&[("app/other.py", b"print('hi')\n")]);
    app.deliver_pr("d2", "synchronize", 10, &base, &next).await;
    assert_eq!(
        app.worker.run_once().await.unwrap(),
        Processed::Concluded(Conclusion::Failure)
    );
    assert_eq!(reads(&app, "/tarball/").len(), 2);
    let m = app.fake.model();
    assert!(m.invalid.is_empty(), "{:?}", m.invalid);
    assert_eq!(m.comments.len(), 1);
    assert!(m.comments[0].body.contains("claude-3-5-haiku-latest"));
}

/// Another App's comment carrying our marker is not our sticky comment: the
/// App posts its own, and the required check concludes by the policy, not
/// with the 403 an edit of someone else's comment gets.
#[tokio::test]
async fn another_bots_comment_with_the_marker_is_left_alone() {
    let db = crate::db::sqlite();
    let app = App::new(&db.url, BASE).await;
    let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
    let head = app.commit(&[("README.md", b"docs\n")]);
    app.fake.model().comments.push(crate::fake_github::Comment {
        id: 1,
        repo: REPO.into(),
        issue: 9,
        body: "copied from aibom: <!-- aibom:v1 -->".into(),
        author: crate::fake_github::Writer::other_bot(),
    });
    app.deliver_pr("d1", "opened", 9, &base, &head).await;
    assert_eq!(
        app.worker.run_once().await.unwrap(),
        Processed::Concluded(Conclusion::Success)
    );
    let m = app.fake.model();
    assert_eq!(m.check_runs[0].conclusion.as_deref(), Some("success"));
    assert_eq!(m.comments.len(), 2, "ours beside theirs");
    assert_eq!(m.comments[0].body, "copied from aibom: <!-- aibom:v1 -->");
    assert_eq!(m.comments[1].author, crate::fake_github::Writer::our_app());
}

/// A comment GitHub refuses does not turn the concluded check into a failure.
#[tokio::test]
async fn a_refused_comment_leaves_the_conclusion_to_the_policy() {
    let db = crate::db::sqlite();
    let app = App::new(&db.url, BASE).await;
    let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
    let head = app.commit(&[("README.md", b"docs\n")]);
    app.fake.model().faults.push_back(Fault {
        method: Method::POST,
        path_contains: "/comments".into(),
        status: 403,
        retry_after: None,
    });
    app.deliver_pr("d1", "opened", 9, &base, &head).await;
    assert_eq!(
        app.worker.run_once().await.unwrap(),
        Processed::Concluded(Conclusion::Success)
    );
    assert_eq!(app.worker.run_once().await.unwrap(), Processed::Idle);
    let m = app.fake.model();
    assert_eq!(m.check_runs.len(), 1);
    assert_eq!(m.check_runs[0].conclusion.as_deref(), Some("success"));
}

/// A job slower than its lease keeps it: the worker's heartbeat renews it,
/// so no other worker takes the job (and posts a second check run) meanwhile.
async fn a_job_longer_than_its_lease_is_not_taken_by_another_worker(url: &str) {
    let mut app = App::new(url, BASE).await;
    app.worker.lease_secs = 1;
    let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
    let head = app.commit(CLAUDE);
    app.deliver_pr("d1", "opened", 5, &base, &head).await;
    app.fake.model().read_delay_ms = 1_200;
    let store = app.state.store.clone();
    let (done, stolen) = tokio::join!(app.worker.run_once(), async move {
        tokio::time::sleep(Duration::from_millis(2_500)).await;
        store.claim(aibom::server::now(), 1).unwrap()
    });
    assert!(
        stolen.is_none(),
        "another worker took a running job: {stolen:?}"
    );
    assert_eq!(done.unwrap(), Processed::Concluded(Conclusion::Failure));
    assert_eq!(app.fake.model().check_runs.len(), 1);
}

/// An installation deleted while its job runs: the job stops without another
/// write to GitHub, on the replica that got the event (its client is
/// forgotten, so no call is even sent) and on any other replica (its
/// heartbeat finds the job dropped in the shared store and stops it).
async fn a_deleted_installations_running_job_stops_and_writes_nothing(url: &str) {
    for this_replica in [true, false] {
        let mut app = App::new(url, BASE).await;
        app.worker.lease_secs = 3;
        let base = git(app.repo.path(), &["rev-parse", "HEAD"]);
        let head = app.commit(CLAUDE);
        // Both rounds share the database: the installation is back, and the
        // delivery is new.
        app.state.store.resume(1).unwrap();
        let delivery = format!("pr-{this_replica}");
        app.deliver_pr(&delivery, "opened", 5, &base, &head).await;
        app.fake.model().read_delay_ms = 1_500;
        let mut deleted: Value = serde_json::from_str(
            &std::fs::read_to_string(
                shared().join("fixtures/github/webhooks/installation/deleted.payload.json"),
            )
            .unwrap(),
        )
        .unwrap();
        deleted["installation"]["id"] = 1.into();
        let (outcome, writes_before) = tokio::join!(app.worker.run_once(), async {
            // Once the check run shows, the job is in flight.
            while app.fake.model().check_runs.is_empty() {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            let writes = app.fake.model().requests.len();
            if this_replica {
                let body = serde_json::to_vec(&deleted).unwrap();
                assert_eq!(
                    app.deliver("installation", &format!("gone-{this_replica}"), body)
                        .await,
                    StatusCode::OK
                );
            } else {
                app.state.store.suspend(1, aibom::server::now()).unwrap();
            }
            writes
        });
        assert!(
            matches!(outcome, Ok(Processed::Stopped(_))),
            "this replica {this_replica}: {outcome:?}"
        );
        {
            let m = app.fake.model();
            let later_writes: Vec<&String> = m.requests[writes_before..]
                .iter()
                .filter(|r| !r.starts_with("GET "))
                .collect();
            assert!(later_writes.is_empty(), "{later_writes:?}");
            assert!(m.comments.is_empty() && m.reviews.is_empty());
            assert_eq!(m.check_runs[0].conclusion, None);
        }
        assert_eq!(app.worker.run_once().await.unwrap(), Processed::Idle);
    }
}

on_both_databases!(
    a_deleted_installations_running_job_stops_and_writes_nothing,
    a_job_longer_than_its_lease_is_not_taken_by_another_worker,
    a_new_push_fetches_only_the_files_it_changed,
    a_cold_cache_or_a_truncated_listing_reads_the_tarball,
    a_pull_request_gets_a_concluded_check_run_and_one_sticky_comment,
    an_unreadable_base_concludes_neutral_not_everything_new,
    a_job_that_keeps_failing_concludes_the_check_run_with_the_error,
    a_job_whose_worker_died_is_resumed_and_concluded,
);
