//! The durable queue: deliveries (deduplicated by `X-GitHub-Delivery`) and jobs,
//! in SQLite (the embedded default). A job is leased when claimed; a lease that
//! runs out (a crash, `kill -9`) makes the job claimable again, so every check
//! run is concluded. A newer head for the same PR supersedes a queued older one.

use std::path::Path;
use std::sync::Mutex;

use anyhow::{Context, Result, anyhow};
use rusqlite::{Connection, OptionalExtension, params};

use super::events::PrRef;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS deliveries (
    id TEXT PRIMARY KEY,
    event TEXT NOT NULL,
    received_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery TEXT NOT NULL,
    installation INTEGER NOT NULL,
    repo TEXT NOT NULL,
    pr INTEGER NOT NULL,
    base_sha TEXT NOT NULL,
    head_sha TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_until INTEGER,
    error TEXT,
    check_run INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state, id);
CREATE INDEX IF NOT EXISTS jobs_by_head ON jobs (repo, head_sha);
CREATE TABLE IF NOT EXISTS suspended (installation INTEGER PRIMARY KEY);
";

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

/// The store.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
}

impl Store {
    /// Opens (creating if needed) `sqlite://PATH`, or `sqlite::memory:`.
    pub fn open(url: &str) -> Result<Self> {
        let conn = if url == "sqlite::memory:" {
            Connection::open_in_memory()?
        } else {
            let path = url.strip_prefix("sqlite://").ok_or_else(|| {
                anyhow!("DATABASE_URL: only sqlite:// is supported by this build")
            })?;
            Connection::open(Path::new(path))
                .with_context(|| format!("cannot open database {path}"))?
        };
        conn.pragma_update(None, "journal_mode", "WAL").ok();
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)
            .context("cannot create the database schema")?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> Result<std::sync::MutexGuard<'_, Connection>> {
        self.conn
            .lock()
            .map_err(|_| anyhow!("database lock poisoned"))
    }

    /// Records a delivery and queues its jobs, atomically. A newer head for a PR
    /// supersedes its queued older heads; jobs of a suspended installation are dropped.
    pub fn record(
        &self,
        delivery: &str,
        event: &str,
        jobs: &[PrRef],
        now: i64,
    ) -> Result<Recorded> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO deliveries (id, event, received_at) VALUES (?1, ?2, ?3)",
            params![delivery, event, now],
        )?;
        if inserted == 0 {
            return Ok(Recorded::Duplicate);
        }
        let mut queued = 0;
        for pr in jobs {
            let suspended: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM suspended WHERE installation = ?1)",
                params![pr.installation as i64],
                |r| r.get(0),
            )?;
            if suspended {
                continue;
            }
            tx.execute(
                "UPDATE jobs SET state = 'superseded', updated_at = ?4 WHERE repo = ?1 AND pr = ?2 AND state = 'queued' AND head_sha <> ?3",
                params![pr.repo, pr.number as i64, pr.head_sha, now],
            )?;
            let pending: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM jobs WHERE repo = ?1 AND pr = ?2 AND head_sha = ?3 AND state = 'queued')",
                params![pr.repo, pr.number as i64, pr.head_sha],
                |r| r.get(0),
            )?;
            if pending {
                continue;
            }
            tx.execute(
                "INSERT INTO jobs (delivery, installation, repo, pr, base_sha, head_sha, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![delivery, pr.installation as i64, pr.repo, pr.number as i64, pr.base_sha, pr.head_sha, now],
            )?;
            queued += 1;
        }
        tx.commit()?;
        Ok(Recorded::New(queued))
    }

    /// Takes the oldest queued job (or one whose lease ran out) for `lease_secs`.
    pub fn claim(&self, now: i64, lease_secs: i64) -> Result<Option<Job>> {
        let conn = self.conn()?;
        conn.query_row(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = ?1 + ?2, updated_at = ?1
             WHERE id = (SELECT id FROM jobs WHERE state = 'queued' OR (state = 'running' AND lease_until < ?1) ORDER BY id LIMIT 1)
             RETURNING id, installation, repo, pr, base_sha, head_sha, attempts",
            params![now, lease_secs],
            |r| {
                Ok(Job {
                    id: r.get(0)?,
                    pr: PrRef { installation: r.get::<_, i64>(1)? as u64, repo: r.get(2)?, number: r.get::<_, i64>(3)? as u64, base_sha: r.get(4)?, head_sha: r.get(5)? },
                    attempts: r.get(6)?,
                })
            },
        )
        .optional()
        .context("cannot claim a job")
    }

    /// Marks a job done (`error: None`) or failed for good.
    pub fn finish(&self, id: i64, error: Option<&str>, now: i64) -> Result<()> {
        let state = if error.is_some() { "failed" } else { "done" };
        self.conn()?.execute("UPDATE jobs SET state = ?2, error = ?3, lease_until = NULL, updated_at = ?4 WHERE id = ?1", params![id, state, error, now])?;
        Ok(())
    }

    /// Remembers the check run created for a job (a retry reuses it, never creates another).
    pub fn set_check_run(&self, job: i64, check_run: u64) -> Result<()> {
        self.conn()?.execute(
            "UPDATE jobs SET check_run = ?2 WHERE id = ?1",
            params![job, check_run as i64],
        )?;
        Ok(())
    }

    /// The check run created for a job, if any.
    pub fn check_run(&self, job: i64) -> Result<Option<u64>> {
        let conn = self.conn()?;
        let v: Option<Option<i64>> = conn
            .query_row(
                "SELECT check_run FROM jobs WHERE id = ?1",
                params![job],
                |r| r.get(0),
            )
            .optional()?;
        Ok(v.flatten().map(|v| v as u64))
    }

    /// Puts a job whose attempt failed back in the queue, claimable from `not_before`.
    pub fn retry_later(&self, job: i64, not_before: i64, error: &str) -> Result<()> {
        self.conn()?.execute(
            "UPDATE jobs SET state = 'running', lease_until = ?2, error = ?3, updated_at = ?2 WHERE id = ?1",
            params![job, not_before, error],
        )?;
        Ok(())
    }

    /// The PR we last checked at this head (for rerequests that name none).
    pub fn pr_for_head(&self, repo: &str, head_sha: &str) -> Result<Option<PrRef>> {
        let conn = self.conn()?;
        conn.query_row(
            "SELECT installation, repo, pr, base_sha, head_sha FROM jobs WHERE repo = ?1 AND head_sha = ?2 ORDER BY id DESC LIMIT 1",
            params![repo, head_sha],
            |r| Ok(PrRef { installation: r.get::<_, i64>(0)? as u64, repo: r.get(1)?, number: r.get::<_, i64>(2)? as u64, base_sha: r.get(3)?, head_sha: r.get(4)? }),
        )
        .optional()
        .context("cannot look up the PR of a head commit")
    }

    /// Stops work for an installation (deleted or suspended): queued jobs are dropped.
    pub fn suspend(&self, installation: u64, now: i64) -> Result<()> {
        let conn = self.conn()?;
        conn.execute(
            "INSERT OR IGNORE INTO suspended (installation) VALUES (?1)",
            params![installation as i64],
        )?;
        conn.execute("UPDATE jobs SET state = 'dropped', updated_at = ?2 WHERE installation = ?1 AND state = 'queued'", params![installation as i64, now])?;
        Ok(())
    }

    /// Resumes work for an installation.
    pub fn resume(&self, installation: u64) -> Result<()> {
        self.conn()?.execute(
            "DELETE FROM suspended WHERE installation = ?1",
            params![installation as i64],
        )?;
        Ok(())
    }

    /// Queue depth (also a readiness probe: it touches the database).
    pub fn depth(&self) -> Result<Depth> {
        let conn = self.conn()?;
        let count = |state: &str| -> Result<u64> {
            Ok(conn.query_row(
                "SELECT COUNT(*) FROM jobs WHERE state = ?1",
                params![state],
                |r| r.get::<_, i64>(0),
            )? as u64)
        };
        Ok(Depth {
            queued: count("queued")?,
            running: count("running")?,
        })
    }

    /// The state of a job (for tests and operators).
    pub fn job_state(&self, id: i64) -> Result<Option<String>> {
        let conn = self.conn()?;
        conn.query_row("SELECT state FROM jobs WHERE id = ?1", params![id], |r| {
            r.get(0)
        })
        .optional()
        .context("cannot read a job")
    }
}
