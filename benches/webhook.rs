//! `cargo bench --bench webhook`: 1,000 signed `pull_request` deliveries sent
//! one after another over loopback HTTP to the real router with a SQLite file
//! queue. Reports acknowledgement latency (p50/p99; issue target p99 < 50 ms)
//! and deliveries lost (target 0: every delivery must be a queued job).

use std::sync::Arc;
use std::time::{Duration, Instant};

use aibom::server::metrics::Metrics;
use aibom::server::routes::{AppState, router};
use aibom::server::settings::Secret;
use aibom::server::signature::sign;
use aibom::server::store::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const N: usize = 1_000;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let store = Arc::new(Store::open(&format!(
        "sqlite://{}",
        dir.path().join("bench.db").display()
    ))?);
    let state = AppState {
        secrets: Arc::new(vec![Secret("s".into())]),
        store: store.clone(),
        metrics: Arc::new(Metrics::default()),
        github: None,
        wake: Default::default(),
        body_timeout: std::time::Duration::from_secs(20),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, router(state)).await });
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures/github/webhooks/pull_request/opened.payload.json"
    );
    let template = std::fs::read_to_string(fixture).map_err(|e| format!("{fixture}: {e}"))?;
    let mut latencies: Vec<Duration> = Vec::with_capacity(N);
    let mut accepted = 0;
    for i in 0..N {
        // A distinct PR per delivery, so each must become its own job.
        let body = template.replace("\"number\": 2", &format!("\"number\": {}", i + 1));
        let sig = sign("s", body.as_bytes());
        let req = format!(
            "POST /webhook HTTP/1.1\r\nHost: b\r\nX-GitHub-Event: pull_request\r\nX-GitHub-Delivery: bench-{i}\r\nX-Hub-Signature-256: {sig}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let t = Instant::now();
        let mut s = tokio::net::TcpStream::connect(addr).await?;
        s.write_all(req.as_bytes()).await?;
        let mut resp = Vec::new();
        s.read_to_end(&mut resp).await?;
        latencies.push(t.elapsed());
        if resp.starts_with(b"HTTP/1.1 202") {
            accepted += 1;
        }
    }
    latencies.sort();
    let pct = |p: f64| {
        latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)].as_secs_f64()
            * 1e3
    };
    let queued = store.depth()?.queued as usize;
    println!(
        "webhook: {N} deliveries: ack p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; accepted {accepted}, queued jobs {queued}, lost {}",
        pct(0.50),
        pct(0.99),
        pct(1.0),
        N - queued
    );
    Ok(())
}
