//! `aibom serve` as a process: signed deliveries over HTTP, `kill -9` in the
//! middle of a job, a restart on the same database, and the check run concluded.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{commit, git, shared};
use crate::fake_github::FakeGitHub;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn http(port: u16, request: &[u8]) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    s.write_all(request).ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

fn post_webhook(port: u16, delivery: &str, body: &[u8]) -> String {
    let sig = aibom::server::signature::sign("s", body);
    let head = format!(
        "POST /webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-GitHub-Event: pull_request\r\nX-GitHub-Delivery: {delivery}\r\nX-Hub-Signature-256: {sig}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut req = head.into_bytes();
    req.extend_from_slice(body);
    http(port, &req).unwrap_or_default()
}

/// [`start`] with every setting at its default (the lease included).
fn start_default(port: u16, db: &str, api: &str) -> Child {
    spawn(port, db, api, None, false)
}

/// [`start`], with the server's log (at debug level) written to `log`.
fn start_logging(port: u16, db: &str, api: &str, log: Option<&std::path::Path>) -> Child {
    spawn(port, db, api, log, true)
}

fn spawn(
    port: u16,
    db: &str,
    api: &str,
    log: Option<&std::path::Path>,
    short_lease: bool,
) -> Child {
    let stderr = match log {
        Some(p) => Stdio::from(std::fs::File::create(p).unwrap()),
        None => Stdio::null(),
    };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aibom"));
    if short_lease {
        cmd.env("AIBOM_JOB_LEASE_SECS", "2");
    }
    let mut child = cmd
        .arg("serve")
        .env("AIBOM_APP_ID", "42")
        .env(
            "AIBOM_PRIVATE_KEY_PATH",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/test-app-key.pem"
            ),
        )
        .env("AIBOM_WEBHOOK_SECRET", "s")
        .env("AIBOM_GITHUB_API_URL", api)
        .env("AIBOM_LISTEN", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", format!("sqlite://{db}"))
        .env("AIBOM_WORKERS", "1")
        .env("RUST_LOG", "debug")
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if http(
            port,
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .is_some_and(|r| r.starts_with("HTTP/1.1 200"))
        {
            return child;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("aibom serve did not start");
}

async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_job_then_restart_concludes_the_check_run() {
    let fake = FakeGitHub::start().await;
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "-q"]);
    fake.model()
        .repos
        .insert("acme/app".into(), repo.path().to_path_buf());
    let base = commit(repo.path(), &[("a.py", b"x = 1\n")]);
    let head = commit(
        repo.path(),
        &[(
            "b.py",
            b"import openai\nopenai.OpenAI().chat.completions.create(model=\"gpt-4o\")\n",
        )],
    );
    let body = opened_body(&base, &head);
    fake.model()
        .pulls
        .insert(("acme/app".into(), 2), (base.clone(), head.clone()));

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aibom.db").display().to_string();
    let port = free_port();
    fake.model().read_delay_ms = 4_000;
    // Default settings: the lease is the shipped one, not a test's short one.
    let mut server = start_default(port, &db, &fake.url);
    let resp = post_webhook(port, "delivery-1", &body);
    assert!(resp.starts_with("HTTP/1.1 202"), "{resp}");
    wait_for("the check run to be created", || {
        fake.model().check_runs.len() == 1
    })
    .await;
    assert_eq!(fake.model().check_runs[0].status, "in_progress");
    server.kill().unwrap(); // SIGKILL: no cleanup, the job is mid-flight
    server.wait().unwrap();

    fake.model().read_delay_ms = 0;
    let port = free_port();
    let restarted = Instant::now();
    let mut server = start_default(port, &db, &fake.url);
    wait_for("the check run to be concluded", || {
        fake.model()
            .check_runs
            .first()
            .is_some_and(|r| r.conclusion.is_some())
    })
    .await;
    let concluded_after = restarted.elapsed();
    eprintln!("kill -9 mid-job: concluded {concluded_after:?} after the restart");
    assert!(
        concluded_after < Duration::from_secs(90),
        "the issue's bound: concluded within 90 s of the restart"
    );
    wait_for("the comment", || fake.model().comments.len() == 1).await;
    let resp = post_webhook(port, "delivery-1", &body);
    assert!(
        resp.starts_with("HTTP/1.1 200") && resp.contains("duplicate delivery"),
        "{resp}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    let m = fake.model();
    assert_eq!(
        m.check_runs.len(),
        1,
        "the resumed job reused its check run"
    );
    assert_eq!(m.check_runs[0].conclusion.as_deref(), Some("success"));
    assert_eq!(m.comments.len(), 1, "one comment, even with a redelivery");
    assert!(m.invalid.is_empty(), "{:?}", m.invalid);
}

/// GitHub's real `pull_request.opened` payload, for `acme/app` from `base` to `head`.
fn opened_body(base: &str, head: &str) -> Vec<u8> {
    let mut p: Value = serde_json::from_str(
        &std::fs::read_to_string(
            shared().join("fixtures/github/webhooks/pull_request/opened.payload.json"),
        )
        .unwrap(),
    )
    .unwrap();
    p["pull_request"]["base"]["sha"] = base.into();
    p["pull_request"]["head"]["sha"] = head.into();
    p["repository"]["full_name"] = "acme/app".into();
    serde_json::to_vec(&p).unwrap()
}

/// The planted credentials of `secret_corpus` in a pull request: the App's
/// check run, annotations, comment and every request body it sends GitHub,
/// and its own log at debug level, hold none of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_writes_no_planted_credential_anywhere() {
    let corpus = crate::secret_corpus::corpus();
    let fake = FakeGitHub::start().await;
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "-q"]);
    fake.model()
        .repos
        .insert("acme/app".into(), repo.path().to_path_buf());
    let base = commit(repo.path(), &[("a.py", b"x = 1\n")]);
    let head = commit(repo.path(), &corpus.tree());
    let body = opened_body(&base, &head);
    fake.model()
        .pulls
        .insert(("acme/app".into(), 2), (base.clone(), head.clone()));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aibom.db").display().to_string();
    let log = dir.path().join("serve.log");
    let port = free_port();
    let mut server = start_logging(port, &db, &fake.url, Some(&log));
    let resp = post_webhook(port, "delivery-secrets", &body);
    assert!(resp.starts_with("HTTP/1.1 202"), "{resp}");
    wait_for("the comment", || fake.model().comments.len() == 1).await;
    server.kill().unwrap();
    server.wait().unwrap();
    let m = fake.model();
    assert!(
        m.check_runs[0].conclusion.is_some() && !m.check_runs[0].annotations.is_empty(),
        "the check ran and annotated"
    );
    let mut leaks = Vec::new();
    for (what, text) in m
        .bodies
        .iter()
        .map(|b| ("a request body", b.clone()))
        .chain([("the log", std::fs::read_to_string(&log).unwrap())])
    {
        leaks.extend(
            corpus
                .leaks(&text)
                .into_iter()
                .map(|l| format!("{what}: {l}")),
        );
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
    assert!(m.comments[0].body.contains("claude-3-5-haiku-latest"));
}

#[test]
fn a_missing_setting_stops_start_up_with_one_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_aibom"))
        .arg("serve")
        .env_remove("AIBOM_APP_ID")
        .env("AIBOM_WEBHOOK_SECRET", "s")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err.trim(),
        "aibom: error: AIBOM_APP_ID: missing (the GitHub App's numeric id)"
    );
}
