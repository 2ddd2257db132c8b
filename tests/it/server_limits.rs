//! The App's HTTP server against clients that hold connections: slow headers,
//! slow bodies, idle keep-alives, a huge `Content-Length`, and more idle
//! connections than it serves at once. Each is disconnected or refused, and
//! `/healthz` keeps answering. (The waits below only keep a broken server
//! from hanging the test; nothing here measures speed.)

use std::sync::Arc;
use std::time::Duration;

use aibom::server::listen::{ConnLimits, serve};
use aibom::server::metrics::Metrics;
use aibom::server::routes::{AppState, router};
use aibom::server::settings::Secret;
use aibom::server::store::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SHORT: Duration = Duration::from_millis(300);
/// Longest a test waits for what the server must do within `SHORT`.
const GUARD: Duration = Duration::from_secs(20);

async fn start(max_connections: usize) -> (String, tokio::sync::watch::Sender<bool>) {
    let state = AppState {
        secrets: Arc::new(vec![Secret("s".into())]),
        store: Arc::new(Store::open("sqlite::memory:").unwrap()),
        metrics: Arc::new(Metrics::default()),
        github: None,
        wake: Default::default(),
        body_timeout: SHORT,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (tx, rx) = tokio::sync::watch::channel(false);
    let limits = ConnLimits {
        header_timeout: SHORT,
        body_timeout: SHORT,
        max_connections,
    };
    tokio::spawn(serve(listener, router(state), limits, rx));
    (addr, tx)
}

/// Reads until the server closes the connection; what it sent.
async fn until_closed(s: &mut TcpStream) -> String {
    let mut out = Vec::new();
    tokio::time::timeout(GUARD, s.read_to_end(&mut out))
        .await
        .expect("the server closed the connection")
        .ok();
    String::from_utf8_lossy(&out).into_owned()
}

async fn healthz(addr: &str) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    until_closed(&mut s).await
}

#[tokio::test]
async fn slow_headers_are_cut_off() {
    let (addr, _stop) = start(16).await;
    let mut s = TcpStream::connect(&addr).await.unwrap();
    s.write_all(b"POST /webhook HTTP/1.1\r\nhost: x\r\n")
        .await
        .unwrap();
    // ...and the rest of the headers never come.
    let answer = until_closed(&mut s).await;
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed() {
    let (addr, _stop) = start(16).await;
    let mut s = TcpStream::connect(&addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let answer = until_closed(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_slow_body_gets_408() {
    let (addr, _stop) = start(16).await;
    let mut s = TcpStream::connect(&addr).await.unwrap();
    s.write_all(
        b"POST /webhook HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\nconnection: close\r\n\r\n0123456789",
    )
    .await
    .unwrap();
    let answer = until_closed(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test]
async fn a_huge_content_length_is_refused_from_the_header() {
    let (addr, _stop) = start(16).await;
    let mut s = TcpStream::connect(&addr).await.unwrap();
    s.write_all(
        b"POST /webhook HTTP/1.1\r\nhost: x\r\ncontent-length: 10000000000\r\nconnection: close\r\n\r\n",
    )
    .await
    .unwrap();
    let answer = until_closed(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

/// More idle connections than the server serves at once: they take no more
/// than their slots, are closed after the header timeout, and `/healthz`
/// (waiting in the backlog meanwhile) is answered.
#[tokio::test]
async fn idle_connections_cannot_starve_healthz() {
    let (addr, _stop) = start(8).await;
    let mut idle = Vec::new();
    for _ in 0..60 {
        idle.push(TcpStream::connect(&addr).await.unwrap());
    }
    let answer = tokio::time::timeout(GUARD, healthz(&addr))
        .await
        .expect("healthz answered");
    assert!(
        answer.starts_with("HTTP/1.1 200") && answer.ends_with("ok\n"),
        "{answer}"
    );
    drop(idle);
}
