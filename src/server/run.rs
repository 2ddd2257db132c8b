//! Running the App: the HTTP server and the worker loops, until Ctrl-C or SIGTERM.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use tokio::sync::watch;

use super::listen;
use super::metrics::Metrics;
use super::reconcile::Reconciler;
use super::routes::{AppState, router};
use super::settings::Settings;
use super::snapshot::FetchLimits;
use super::store::Store;
use super::worker::{Processed, Worker, web_url};
use crate::catalog::Catalog;
use crate::github::{GitHub, RetryPolicy};

/// Serves until shut down.
pub async fn serve(settings: Settings, catalog: Catalog) -> Result<()> {
    let url = settings.database_url.clone();
    let store = Arc::new(
        tokio::task::spawn_blocking(move || Store::open(&url))
            .await
            .context("cannot open the database")??,
    );
    let metrics = Arc::new(Metrics::default());
    let observer = metrics.clone();
    let github = Arc::new(
        GitHub::new(
            settings.app_id,
            &settings.private_key.0,
            &settings.github_api_url,
            RetryPolicy::default(),
        )?
        .observe(Arc::new(move |method, status| {
            observer.api_call(method.as_str(), status)
        })),
    );
    let state = AppState {
        secrets: Arc::new(settings.webhook_secrets.clone()),
        store: store.clone(),
        metrics: metrics.clone(),
        github: Some(github.clone()),
        wake: Arc::new(tokio::sync::Notify::new()),
        body_timeout: settings.http.body_timeout,
    };
    // One SQLite file serves one process: a job still running is its dead
    // predecessor's (a kill, a crash) and is resumed now, not after its lease.
    if store.is_single_node() {
        let released = store.release_running(super::now())?;
        if released > 0 {
            tracing::info!(released, "resuming jobs a previous run left unfinished");
        }
    }
    let (stop_tx, stop_rx) = watch::channel(false);
    let catalog = Arc::new(catalog);
    let mut workers = Vec::new();
    for n in 0..settings.workers {
        let worker = Worker {
            github: github.clone(),
            store: store.clone(),
            catalog: catalog.clone(),
            metrics: metrics.clone(),
            web_url: web_url(&settings.github_api_url),
            lease_secs: settings.job_lease_secs,
            max_attempts: 5,
            retry_secs: 30,
            fetch: FetchLimits {
                max_files: settings.fetch_max_files,
                ..Default::default()
            },
        };
        workers.push(tokio::spawn(work(
            n,
            worker,
            state.wake.clone(),
            stop_rx.clone(),
        )));
    }
    if settings.reconcile_secs > 0 {
        let reconciler = Reconciler::new(github.clone(), store.clone());
        tokio::spawn(reconcile_loop(
            reconciler,
            Duration::from_secs(settings.reconcile_secs),
            stop_rx.clone(),
        ));
    }
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    tracing::info!(listen = %settings.listen, workers = settings.workers, http = ?settings.http, "aibom serve started");
    let server = tokio::spawn(listen::serve(
        listener,
        router(state),
        settings.http,
        stop_rx.clone(),
    ));
    shutdown_signal().await;
    tracing::info!("shutting down");
    let _ = stop_tx.send(true);
    let _ = server.await;
    for w in workers {
        let _ = w.await;
    }
    Ok(())
}

/// One worker's loop: run jobs while there are any; when idle, wait for a
/// delivery's wake-up, a poll tick (jobs queued by other replicas, expired
/// leases) or shutdown.
pub async fn work(
    n: usize,
    worker: Worker,
    wake: Arc<tokio::sync::Notify>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        if *stop.borrow() {
            return;
        }
        let idle = match worker.run_once().await {
            Ok(Processed::Idle) => true,
            Ok(outcome) => {
                tracing::info!(worker = n, ?outcome, "job processed");
                false
            }
            Err(e) => {
                tracing::error!(worker = n, "worker error: {e:#}");
                true
            }
        };
        if idle {
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(500)) => {}
                _ = wake.notified() => {}
                _ = stop.changed() => {}
            }
        }
    }
}

/// Sweeps for missed deliveries at start and every `every` until shutdown; a
/// failed sweep (GitHub down, a rate limit, no permission) waits for the next.
async fn reconcile_loop(r: Reconciler, every: Duration, mut stop: watch::Receiver<bool>) {
    loop {
        match r.sweep().await {
            Ok(s) => tracing::info!(
                listed = s.listed,
                missed = s.missed,
                redelivered = s.redelivered,
                "delivery sweep"
            ),
            Err(e) => tracing::warn!("delivery sweep failed: {e:#}"),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => return,
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
