//! `cargo bench --bench app`: end to end, webhook → concluded check run, on a
//! 20,000-file repository served by the local fake GitHub (loopback HTTP, the
//! real router, the real worker loop, a SQLite file database).
//!
//! Phase 1 warms the database's scan-result cache with a first PR (cold: the
//! worker reads tarballs). Then each of 5 pushes changes 3 files (one adds an AI
//! call) and is timed from sending the signed delivery to the fake holding the
//! concluded check run for that head (issue target < 2 s with a warm cache).
//! The same pushes are then timed with `AIBOM_FETCH_MAX_FILES=0` behaviour
//! (whole tarballs, warm cache), the alternative the worker chooses against.

#[allow(dead_code)]
#[path = "../tests/it/fake_github.rs"]
mod fake_github;

mod common {
    pub fn shared() -> std::path::PathBuf {
        std::env::var("AIBOM_SHARED")
            .map(Into::into)
            .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
    }
}

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aibom::catalog::Catalog;
use aibom::github::{GitHub, RetryPolicy};
use aibom::server::metrics::Metrics;
use aibom::server::routes::{AppState, router};
use aibom::server::run::work;
use aibom::server::settings::Secret;
use aibom::server::signature::sign;
use aibom::server::snapshot::FetchLimits;
use aibom::server::store::Store;
use aibom::server::worker::Worker;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const FILES: usize = 20_000;
const PUSHES: usize = 5;
const REPO: &str = "acme/big";
const KEY: &str = include_str!("../tests/fixtures/test-app-key.pem");

type Error = Box<dyn std::error::Error>;

fn git(dir: &Path, args: &[&str]) -> Result<String, Error> {
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=b",
            "-c",
            "user.email=b@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()?;
    if !out.status.success() {
        return Err(format!("git {args:?}: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// 20,000 files in 200 directories; 3% call an AI SDK; a requirements file.
fn generate(root: &Path) -> Result<(), Error> {
    for i in 0..FILES {
        let dir = root.join(format!("pkg{:03}", i % 200));
        std::fs::create_dir_all(&dir)?;
        let body = if i % 33 == 0 {
            format!(
                "import openai\n\ndef ask_{i}(q):\n    return openai.OpenAI().chat.completions.create(model=\"gpt-4o-mini\", messages=[q])\n"
            )
        } else {
            format!(
                "def handler_{i}(request):\n    total = 0\n    for item in request.items:\n        total += item.price * item.quantity\n    return {{\"id\": {i}, \"total\": total}}\n"
            )
        };
        std::fs::write(dir.join(format!("mod{i:05}.py")), body)?;
    }
    std::fs::write(
        root.join("requirements.txt"),
        "openai==1.40.0\nrequests==2.32.3\n",
    )?;
    Ok(())
}

fn commit(repo: &Path, files: &[(String, String)]) -> Result<String, Error> {
    for (p, body) in files {
        std::fs::write(repo.join(p), body)?;
    }
    git(repo, &["add", "-A"])?;
    git(repo, &["commit", "-q", "-m", "c"])?;
    git(repo, &["rev-parse", "HEAD"])
}

/// Three changed files, one of which adds a call to a new provider.
fn push(repo: &Path, n: usize) -> Result<String, Error> {
    commit(
        repo,
        &[
            (
                format!("pkg001/mod{:05}.py", 1 + 200 * n),
                format!("x = {n}\n"),
            ),
            (
                format!("pkg002/mod{:05}.py", 2 + 200 * n),
                format!("y = {n}\n"),
            ),
            (
                format!("pkg003/mod{:05}.py", 3 + 200 * n),
                format!(
                    "import anthropic\nanthropic.Anthropic().messages.create(model=\"claude-3-5-haiku-latest\", max_tokens={n})\n"
                ),
            ),
        ],
    )
}

async fn deliver(addr: std::net::SocketAddr, id: &str, body: &[u8]) -> Result<(), Error> {
    let head = format!(
        "POST /webhook HTTP/1.1\r\nHost: b\r\nX-GitHub-Event: pull_request\r\nX-GitHub-Delivery: {id}\r\nX-Hub-Signature-256: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        sign("s", body),
        body.len()
    );
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    s.write_all(head.as_bytes()).await?;
    s.write_all(body).await?;
    let mut resp = Vec::new();
    s.read_to_end(&mut resp).await?;
    if !resp.starts_with(b"HTTP/1.1 202") {
        return Err(format!("delivery refused: {}", String::from_utf8_lossy(&resp)).into());
    }
    Ok(())
}

struct Phase {
    addr: std::net::SocketAddr,
    stop: tokio::sync::watch::Sender<bool>,
}

async fn start(fake_url: &str, db: &Path, max_files: usize) -> Result<Phase, Error> {
    let store = Arc::new(Store::open(&format!("sqlite://{}", db.display()))?);
    let github = Arc::new(GitHub::new(42, KEY, fake_url, RetryPolicy::default())?);
    let state = AppState {
        secrets: Arc::new(vec![Secret("s".into())]),
        store: store.clone(),
        metrics: Arc::new(Metrics::default()),
        github: Some(github.clone()),
        wake: Default::default(),
        body_timeout: std::time::Duration::from_secs(20),
    };
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    let catalog = Arc::new(Catalog::builtin()?);
    for n in 0..2 {
        let worker = Worker {
            github: github.clone(),
            store: store.clone(),
            catalog: catalog.clone(),
            metrics: state.metrics.clone(),
            web_url: "https://github.com".into(),
            lease_secs: 600,
            max_attempts: 3,
            retry_secs: 1,
            fetch: FetchLimits {
                max_files,
                ..Default::default()
            },
        };
        tokio::spawn(work(n, worker, state.wake.clone(), stop_rx.clone()));
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, router(state)).await });
    Ok(Phase { addr, stop })
}

async fn until_concluded(fake: &fake_github::FakeGitHub, head: &str) -> Result<String, Error> {
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        if let Some(c) = fake
            .model()
            .check_runs
            .iter()
            .find(|r| r.head_sha == head && r.conclusion.is_some())
            .and_then(|r| r.conclusion.clone())
        {
            return Ok(c);
        }
        if Instant::now() > deadline {
            return Err(format!("no conclusion for {head}").into());
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

fn stats(mut v: Vec<f64>) -> String {
    v.sort_by(f64::total_cmp);
    format!(
        "median {:.3} s (min {:.3}, max {:.3})",
        v[v.len() / 2],
        v[0],
        v[v.len() - 1]
    )
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Error> {
    let tmp = tempfile::tempdir()?;
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(&repo)?;
    git(&repo, &["init", "-q"])?;
    let t = Instant::now();
    generate(&repo)?;
    let base = commit(&repo, &[])?;
    eprintln!(
        "app bench: {FILES}-file repository committed in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let fake = fake_github::FakeGitHub::start().await;
    fake.model().repos.insert(REPO.into(), repo.clone());
    let template: Value = serde_json::from_str(&std::fs::read_to_string(
        common::shared().join("fixtures/github/webhooks/pull_request/opened.payload.json"),
    )?)?;
    let payload = |action: &str, head: &str| -> Result<Vec<u8>, Error> {
        let mut p = template.clone();
        p["action"] = action.into();
        p["pull_request"]["base"]["sha"] = base.clone().into();
        p["pull_request"]["head"]["sha"] = head.into();
        p["repository"]["full_name"] = REPO.into();
        Ok(serde_json::to_vec(&p)?)
    };
    let mut delivery = 0;
    let mut next_id = || {
        delivery += 1;
        format!("bench-{delivery}")
    };
    let mut pushes = 0;
    let mut results = Vec::new();
    for (mode, max_files) in [
        (
            "tree listing + unseen files",
            FetchLimits::default().max_files,
        ),
        ("tarballs", 0),
    ] {
        let db = tmp.path().join(format!("aibom-{max_files}.db"));
        let phase = start(&fake.url, &db, max_files).await?;
        // Warm the cache: the first PR of this database.
        pushes += 1;
        let head = push(&repo, pushes)?;
        let t = Instant::now();
        deliver(phase.addr, &next_id(), &payload("opened", &head)?).await?;
        let c = until_concluded(&fake, &head).await?;
        let cold = t.elapsed().as_secs_f64();
        let mut warm = Vec::new();
        for _ in 0..PUSHES {
            pushes += 1;
            let head = push(&repo, pushes)?;
            let t = Instant::now();
            deliver(phase.addr, &next_id(), &payload("synchronize", &head)?).await?;
            let conclusion = until_concluded(&fake, &head).await?;
            warm.push(t.elapsed().as_secs_f64());
            assert_eq!(conclusion, c, "same verdict for the same kind of change");
        }
        let _ = phase.stop.send(true);
        results.push(format!(
            "app e2e ({mode}): first PR (cold cache) {cold:.3} s; 3-file push, warm cache: {}",
            stats(warm)
        ));
    }
    let invalid = fake.model().invalid.clone();
    if !invalid.is_empty() {
        return Err(format!("requests GitHub would refuse: {invalid:?}").into());
    }
    for r in results {
        println!("{r}");
    }
    Ok(())
}
