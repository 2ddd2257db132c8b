//! The worker: claims a job, creates the check run `in_progress` at once (so
//! the required check shows), reads base and head (tree listing plus unseen
//! files, or tarballs; see [`super::snapshot`]), checks them,
//! concludes the check run and creates or edits the one sticky comment. A base
//! that cannot be read concludes `neutral` (never "everything is new"); a job
//! that keeps failing concludes `failure` with the error, never `in_progress`.

use std::sync::Arc;

use anyhow::{Context, Result, anyhow};

use super::metrics::Metrics;
use super::now;
use super::snapshot::{self, FetchLimits};
use super::store::{Job, ScanResults, Store};
use crate::catalog::Catalog;
use crate::check::{check_sources, load_policy};
use crate::diff::AddedLines;
use crate::github::{GitHub, InstallationGone};
use crate::policy::Config;
use crate::report::check_run::{self, CHECK_NAME, CheckRun, Conclusion};
use crate::report::json::Report;
use crate::report::markdown::{self, Links};
use crate::report::review;
use crate::scan::BlobCache;

/// What a worker needs.
pub struct Worker {
    /// GitHub.
    pub github: Arc<GitHub>,
    /// The queue.
    pub store: Arc<Store>,
    /// Detection knowledge.
    pub catalog: Arc<Catalog>,
    /// Job durations and outcomes.
    pub metrics: Arc<Metrics>,
    /// Web URL of GitHub (`https://github.com`), for links in reports.
    pub web_url: String,
    /// Seconds a claimed job is leased; renewed every third of it while the
    /// job runs (see [`Worker::run_once`]).
    pub lease_secs: i64,
    /// Attempts before a job concludes as failed.
    pub max_attempts: u32,
    /// Seconds before a failed attempt is retried.
    pub retry_secs: i64,
    /// When to read files one by one rather than the whole tarball.
    pub fetch: FetchLimits,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("lease_secs", &self.lease_secs)
            .field("max_attempts", &self.max_attempts)
            .finish_non_exhaustive()
    }
}

/// How a job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Processed {
    /// No job was waiting.
    Idle,
    /// Concluded with this check-run conclusion.
    Concluded(Conclusion),
    /// The attempt failed; the job will be retried.
    Retrying(String),
    /// Failed for good; the check run says why.
    Failed(String),
    /// Stopped without a word to GitHub: the installation was deleted or
    /// suspended, or the lease went to another attempt.
    Stopped(String),
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| anyhow!("worker task failed: {e}"))?
}

impl Worker {
    /// Takes one job (if any) and runs it.
    pub async fn run_once(&self) -> Result<Processed> {
        let store = self.store.clone();
        let lease = self.lease_secs;
        let Some(job) = blocking(move || store.claim(now(), lease)).await? else {
            return Ok(Processed::Idle);
        };
        let started = std::time::Instant::now();
        let outcome = self.attempt(job).await;
        let label = match &outcome {
            Ok(Processed::Concluded(c)) => c.as_str(),
            Ok(Processed::Retrying(_)) => "retrying",
            Ok(Processed::Failed(_)) => "failed",
            Ok(Processed::Stopped(_)) => "stopped",
            Ok(Processed::Idle) => "idle",
            Err(_) => "error",
        };
        self.metrics.job(label, started.elapsed().as_secs_f64());
        outcome
    }

    /// Renews the job's lease every third of it while the attempt runs, so a
    /// lease can be short (a dead worker's job is resumed soon) and a long job
    /// is still never taken by another worker. Returns when the lease is no
    /// longer this attempt's: the job was dropped (its installation deleted or
    /// suspended, on any replica) or claimed again after the lease ran out.
    async fn keep_lease(&self, job: &Job) {
        let (id, attempt, lease) = (job.id, job.attempts, self.lease_secs);
        // A third of the lease, whatever its size (no overflow).
        let every = std::time::Duration::from_secs(u64::try_from(lease.max(1)).unwrap_or(1)) / 3;
        loop {
            tokio::time::sleep(every).await;
            let store = self.store.clone();
            match blocking(move || store.renew(id, attempt, now().saturating_add(lease))).await {
                Ok(true) => tracing::debug!(job = id, "lease renewed"),
                Ok(false) => return,
                Err(e) => tracing::warn!(job = id, "cannot renew the lease: {e:#}"),
            }
        }
    }

    async fn attempt(&self, job: Job) -> Result<Processed> {
        // The attempt runs only while it holds the lease: a lost lease stops
        // it at its next await, before another call to GitHub.
        let processed = tokio::select! {
            p = self.process(&job) => p,
            () = self.keep_lease(&job) => {
                tracing::warn!(job = job.id, "the job was dropped or taken over; this attempt stopped");
                return Ok(Processed::Stopped("the lease is no longer this attempt's".into()));
            }
        };
        match processed {
            Ok(conclusion) => {
                let store = self.store.clone();
                blocking(move || store.finish(job.id, None, now())).await?;
                Ok(Processed::Concluded(conclusion))
            }
            Err(e)
                if e.chain()
                    .any(|c| c.downcast_ref::<InstallationGone>().is_some()) =>
            {
                // Its token may not be used again, not even to say so.
                let message = format!("{e:#}");
                tracing::warn!(job = job.id, "job stopped: {message}");
                let (store, m) = (self.store.clone(), message.clone());
                blocking(move || store.finish(job.id, Some(&m), now())).await?;
                Ok(Processed::Stopped(message))
            }
            Err(e) => {
                let message = format!("{e:#}");
                tracing::warn!(
                    job = job.id,
                    attempt = job.attempts,
                    "job failed: {message}"
                );
                if job.attempts >= self.max_attempts {
                    self.conclude_failed(&job, &message).await;
                    let (store, m) = (self.store.clone(), message.clone());
                    blocking(move || store.finish(job.id, Some(&m), now())).await?;
                    Ok(Processed::Failed(message))
                } else {
                    let (store, m, delay) = (self.store.clone(), message.clone(), self.retry_secs);
                    blocking(move || store.retry_later(job.id, now() + delay, &m)).await?;
                    Ok(Processed::Retrying(message))
                }
            }
        }
    }

    async fn check_run_id(&self, job: &Job) -> Result<u64> {
        let store = self.store.clone();
        let id = job.id;
        if let Some(existing) = blocking(move || store.check_run(id)).await? {
            return Ok(existing);
        }
        let run = self
            .github
            .create_check_run(
                job.pr.installation,
                &job.pr.repo,
                CHECK_NAME,
                &job.pr.head_sha,
                &format!("aibom-job-{}", job.id),
            )
            .await?;
        let store = self.store.clone();
        blocking(move || store.set_check_run(id, run)).await?;
        Ok(run)
    }

    async fn process(&self, job: &Job) -> Result<Conclusion> {
        let pr = &job.pr;
        let run = self.check_run_id(job).await?;
        // Per job in memory, durable in the database: unchanged blobs are not
        // re-scanned across pushes, PRs, restarts and replicas.
        let cache = Arc::new(BlobCache::backed_by(Arc::new(ScanResults::new(
            self.store.clone(),
            self.catalog.fingerprint(),
        ))));
        let head = snapshot::read(&self.github, pr, &pr.head_sha, &cache, self.fetch)
            .await
            .context("cannot read the head commit")?;
        let base = match snapshot::read(&self.github, pr, &pr.base_sha, &cache, self.fetch).await {
            Ok(b) => b,
            Err(e) => {
                let text = format!(
                    "The base commit `{}` could not be read ({e:#}), so nothing can be said about what this change adds. Re-run the check to try again.",
                    pr.base_sha
                );
                let payload = CheckRun::without_report(
                    Conclusion::Neutral,
                    "aibom: base commit unavailable",
                    &text,
                );
                self.github
                    .complete_check_run(pr.installation, &pr.repo, run, &payload)
                    .await?;
                return Ok(Conclusion::Neutral);
            }
        };
        tracing::info!(job = job.id, head = ?head.via, base = ?base.via, "snapshots read");
        let catalog = self.catalog.clone();
        let merge_group = pr.is_merge_group();
        let (report, cfg, added) = blocking(move || {
            let cfg = load_policy(None, base.source.as_ref())?;
            let outcome = check_sources(
                base.source.as_ref(),
                head.source.as_ref(),
                &cfg,
                &catalog,
                &cache,
                false,
            )?;
            // Only the files holding an added component's evidence are diffed.
            let added = if cfg.comments.review() && !merge_group {
                AddedLines::between(
                    base.source.as_ref(),
                    head.source.as_ref(),
                    &outcome.trees,
                    review::evidence_files(&outcome.report),
                )?
            } else {
                AddedLines::default()
            };
            Ok((outcome.report, cfg, added))
        })
        .await?;
        let base_url = format!("{}/{}/blob/", self.web_url.trim_end_matches('/'), pr.repo);
        let links = Links {
            head: Some(format!("{base_url}{}/", pr.head_sha)),
            base: Some(format!("{base_url}{}/", pr.base_sha)),
            check_run: Some(format!(
                "{}/{}/runs/{run}",
                self.web_url.trim_end_matches('/'),
                pr.repo
            )),
        };
        let payload = check_run::render(&report, &links);
        let conclusion = payload.conclusion;
        self.github
            .complete_check_run(pr.installation, &pr.repo, run, &payload)
            .await?;
        // A merge-queue commit has no pull request: its check run is all.
        if pr.is_merge_group() {
            return Ok(conclusion);
        }
        // The check run is the gate and is concluded: a comment GitHub refuses
        // (permissions, a locked conversation) is logged, never a failed check.
        if cfg.comments.summary()
            && let Err(e) = self
                .github
                .upsert_comment(
                    pr.installation,
                    &pr.repo,
                    pr.number,
                    &markdown::render(&report, &links),
                )
                .await
        {
            tracing::warn!(job = job.id, "the sticky comment was not written: {e:#}");
        }
        if cfg.comments.review()
            && let Err(e) = self.review(job, &report, &added, &cfg).await
        {
            tracing::warn!(job = job.id, "the review was not written: {e:#}");
        }
        Ok(conclusion)
    }

    /// Reviews the pull request: inline comments on the lines that added AI
    /// components (none repeated from an earlier push), and our comments whose
    /// component is gone deleted.
    async fn review(
        &self,
        job: &Job,
        report: &Report,
        added: &AddedLines,
        cfg: &Config,
    ) -> Result<()> {
        let pr = &job.pr;
        let (plan, undeleted) = self
            .github
            .review_pull_request(
                pr.installation,
                &pr.repo,
                pr.number,
                &pr.head_sha,
                report,
                added,
                cfg.request_changes,
                !cfg.comments.summary(),
            )
            .await?;
        tracing::info!(
            job = job.id,
            inline = plan.comments.len(),
            kept = plan.kept,
            stale = plan.stale.len(),
            "review written"
        );
        for (id, e) in undeleted {
            tracing::warn!(
                job = job.id,
                comment = id,
                "an outdated review comment was not deleted: {e}"
            );
        }
        Ok(())
    }

    /// Concludes the job's check run as failed with the error, best effort.
    async fn conclude_failed(&self, job: &Job, message: &str) {
        let pr = &job.pr;
        let run = match self.check_run_id(job).await {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(
                    job = job.id,
                    "cannot create the check run to report the failure: {e:#}"
                );
                return;
            }
        };
        let summary = format!(
            "aibom could not complete this check after {} attempts: {message}",
            job.attempts
        );
        let payload = CheckRun::without_report(
            Conclusion::Failure,
            "aibom: the check could not run",
            &summary,
        );
        if let Err(e) = self
            .github
            .complete_check_run(pr.installation, &pr.repo, run, &payload)
            .await
        {
            tracing::error!(job = job.id, "cannot conclude the check run: {e:#}");
        }
    }
}

/// GitHub's web URL for an API URL (`https://api.github.com` → `https://github.com`,
/// `https://ghes.example.com/api/v3` → `https://ghes.example.com`).
pub fn web_url(api_url: &str) -> String {
    let api = api_url.trim_end_matches('/');
    if api == "https://api.github.com" {
        return "https://github.com".into();
    }
    api.strip_suffix("/api/v3").unwrap_or(api).to_string()
}
