//! The GitHub App side (`aibom serve`): settings, signed webhooks, the durable
//! queue and result cache, the HTTP routes, reading commits for a job, and the
//! worker that turns queued jobs into check runs and comments.

pub mod events;
pub mod handle;
pub mod listen;
pub mod metrics;
pub mod reconcile;
pub mod routes;
pub mod run;
pub mod settings;
pub mod signature;
pub mod snapshot;
pub mod store;
pub mod worker;

/// Seconds since the Unix epoch: the queue's clock (leases, retries, records).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
