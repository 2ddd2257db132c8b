//! The HTTP server loop: axum's router served over hyper with the limits a
//! server on the internet needs (`axum::serve` sets none of them). A client
//! that sends headers slowly, or nothing at all on a kept-alive connection, is
//! disconnected after the header timeout; a body is read within the body
//! timeout by the handler (`routes::read_body`); at most `max_connections` are
//! open at once (beyond, new ones wait in the kernel's backlog until one
//! closes), so idle connections can never use up the process's file
//! descriptors and starve `/healthz`.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

/// Limits of the HTTP server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnLimits {
    /// A request's headers must arrive within this, and an idle kept-alive
    /// connection is closed after it.
    pub header_timeout: Duration,
    /// A request's body must arrive within this (see `routes`).
    pub body_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
}

impl Default for ConnLimits {
    fn default() -> Self {
        ConnLimits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(20),
            max_connections: default_max_connections(),
        }
    }
}

/// Half the process's open-file limit (the rest is for the database, GitHub
/// and files), at most 1,024.
fn default_max_connections() -> usize {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct we pass and reads nothing else.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } == 0;
    let soft = if ok { lim.rlim_cur } else { 256 };
    usize::try_from(soft / 2).unwrap_or(1024).clamp(16, 1024)
}

/// Serves `router` on `listener` until `stop` turns true; connections being
/// served then finish their request and close.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnLimits,
    mut stop: watch::Receiver<bool>,
) {
    let total = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let slots = Arc::new(Semaphore::new(total));
    accept_loop(&listener, &router, limits, &slots, &mut stop).await;
    // Connections being served finish their request (each holds a slot until
    // it closes); a client that does not read its answer is not waited for long.
    let all = u32::try_from(total).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(limits.header_timeout, slots.acquire_many(all)).await;
}

async fn accept_loop(
    listener: &TcpListener,
    router: &Router,
    limits: ConnLimits,
    slots: &Arc<Semaphore>,
    stop: &mut watch::Receiver<bool>,
) {
    loop {
        // Wait for a free slot before accepting: an open connection costs a
        // file descriptor only once accepted.
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => return,
            },
            _ = stop.changed() => return,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                Err(e) => {
                    // EMFILE and friends: back off instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = stop.changed() => return,
        };
        let service = TowerToHyperService::new(router.clone());
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .keep_alive(true);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                r = conn.as_mut() => {
                    if let Err(e) = r {
                        tracing::debug!("connection closed: {e}");
                    }
                }
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
}
