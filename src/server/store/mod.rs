//! The durable queue and the scan-result cache: deliveries (deduplicated by
//! `X-GitHub-Delivery`), jobs, and per-blob scan results shared across pushes,
//! PRs and replicas. SQLite is the embedded default; PostgreSQL lets several
//! `aibom serve` replicas share one queue (a job is claimed with
//! `FOR UPDATE SKIP LOCKED`, so exactly one worker takes it).
//!
//! A job is leased when claimed; a lease that runs out (a crash, `kill -9`)
//! makes the job claimable again, so every check run is concluded. A newer head
//! for the same PR supersedes a queued older one (merge-queue commits never supersede
//! each other: each group head is gated on its own).

mod postgres;
mod sqlite;

use anyhow::{Result, bail};

use super::events::PrRef;

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Job id.
    pub id: i64,
    /// What to check.
    pub pr: PrRef,
    /// How many times it has been claimed (1 on the first run).
    pub attempts: u32,
}

/// What recording a delivery did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// First time seen; this many jobs were queued.
    New(usize),
    /// Seen before (a redelivery): nothing done.
    Duplicate,
}

/// Queue depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Depth {
    /// Waiting.
    pub queued: u64,
    /// Leased to a worker.
    pub running: u64,
}

/// One cached scan result: an opaque key (blob id and path) and its encoded result.
pub type CachedResult = (String, Vec<u8>);

/// What a database must do for the App. Both backends implement the same
/// semantics; the tests run against each.
pub trait Backend: Send + Sync + std::fmt::Debug {
    /// Records a delivery and queues its jobs, atomically. A newer head for a PR
    /// supersedes its queued older heads; jobs of a suspended installation are dropped.
    fn record(&self, delivery: &str, event: &str, jobs: &[PrRef], now: i64) -> Result<Recorded>;
    /// Takes the oldest queued job (or one whose lease ran out) for `lease_secs`.
    fn claim(&self, now: i64, lease_secs: i64) -> Result<Option<Job>>;
    /// Extends the lease of job `id` to `until` while its attempt `attempt`
    /// runs (the worker's heartbeat). `false`: the job is no longer this
    /// attempt's (finished, or claimed again after the lease ran out).
    fn renew(&self, id: i64, attempt: u32, until: i64) -> Result<bool>;
    /// Makes every running job claimable at once: for a single-node store at
    /// start-up, whose running jobs can only be its own dead process's.
    fn release_running(&self, now: i64) -> Result<u64>;
    /// Marks a running job done (`error: None`) or failed for good.
    fn finish(&self, id: i64, error: Option<&str>, now: i64) -> Result<()>;
    /// Remembers the check run created for a job.
    fn set_check_run(&self, job: i64, check_run: u64) -> Result<()>;
    /// The check run created for a job, if any.
    fn check_run(&self, job: i64) -> Result<Option<u64>>;
    /// Puts a running job whose attempt failed back in the queue, claimable from `not_before`.
    fn retry_later(&self, job: i64, not_before: i64, error: &str) -> Result<()>;
    /// The PR we last checked at this head.
    fn pr_for_head(&self, repo: &str, head_sha: &str) -> Result<Option<PrRef>>;
    /// Stops work for an installation: queued, running and retrying jobs are
    /// dropped; a dropped job is never finished or retried again.
    fn suspend(&self, installation: u64, now: i64) -> Result<()>;
    /// Resumes work for an installation.
    fn resume(&self, installation: u64) -> Result<()>;
    /// Queue depth.
    fn depth(&self) -> Result<Depth>;
    /// Whether delivery `id` (its `X-GitHub-Delivery` GUID) was recorded.
    fn has_delivery(&self, id: &str) -> Result<bool>;
    /// The state of a job.
    fn job_state(&self, id: i64) -> Result<Option<String>>;
    /// The cached results among `keys` for scanner version `namespace`.
    fn load_results(&self, namespace: &str, keys: &[String]) -> Result<Vec<CachedResult>>;
    /// Caches results for scanner version `namespace` (existing keys are kept).
    fn save_results(&self, namespace: &str, rows: &[CachedResult], now: i64) -> Result<()>;
}

/// The store: one backend chosen by `DATABASE_URL`.
#[derive(Debug)]
pub struct Store {
    backend: Box<dyn Backend>,
    single_node: bool,
}

impl Store {
    /// Opens (creating the schema if needed) `sqlite://PATH`, `sqlite::memory:`
    /// or `postgres://USER:PASSWORD@HOST:PORT/DATABASE`.
    pub fn open(url: &str) -> Result<Self> {
        let backend: Box<dyn Backend> = if url == "sqlite::memory:" || url.starts_with("sqlite://")
        {
            Box::new(sqlite::Sqlite::open(url)?)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Box::new(postgres::Postgres::open(url)?)
        } else {
            bail!("DATABASE_URL: expected sqlite://PATH or postgres://…, got an unknown scheme")
        };
        let single_node = url.starts_with("sqlite");
        Ok(Store {
            backend,
            single_node,
        })
    }

    /// Whether only this process uses the store (SQLite), so a job still
    /// `running` at start-up was abandoned by this process's previous life.
    pub fn is_single_node(&self) -> bool {
        self.single_node
    }
}

impl std::ops::Deref for Store {
    type Target = dyn Backend;

    fn deref(&self) -> &Self::Target {
        self.backend.as_ref()
    }
}

/// The store as the scanner's durable result cache, under one scanner version
/// (the catalog fingerprint): unchanged blobs are not re-scanned across pushes,
/// PRs, restarts and replicas.
#[derive(Debug)]
pub struct ScanResults {
    store: std::sync::Arc<Store>,
    namespace: String,
}

impl ScanResults {
    /// Results of scanner version `namespace` in `store`.
    pub fn new(store: std::sync::Arc<Store>, namespace: &str) -> Self {
        ScanResults {
            store,
            namespace: namespace.to_string(),
        }
    }
}

impl crate::scan::ResultStore for ScanResults {
    fn load(&self, keys: &[String]) -> Result<Vec<CachedResult>> {
        self.store.load_results(&self.namespace, keys)
    }

    fn save(&self, rows: &[CachedResult]) -> Result<()> {
        self.store.save_results(&self.namespace, rows, super::now())
    }
}
