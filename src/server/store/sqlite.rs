//! The SQLite backend (the embedded default): one connection behind a mutex,
//! write-ahead logging so readers do not wait for the writer.

use std::path::Path;
use std::sync::Mutex;

use anyhow::{Context, Result, anyhow};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::{Backend, CachedResult, Depth, Job, Recorded};
use crate::server::events::PrRef;

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
CREATE TABLE IF NOT EXISTS scan_results (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    result BLOB NOT NULL,
    stored_at INTEGER NOT NULL,
    PRIMARY KEY (namespace, key)
);
";

/// A SQLite database file (or memory).
#[derive(Debug)]
pub struct Sqlite {
    conn: Mutex<Connection>,
}

impl Sqlite {
    /// Opens (creating if needed) `sqlite://PATH`, or `sqlite::memory:`.
    pub fn open(url: &str) -> Result<Self> {
        let conn = if url == "sqlite::memory:" {
            Connection::open_in_memory()?
        } else {
            let path = url
                .strip_prefix("sqlite://")
                .ok_or_else(|| anyhow!("DATABASE_URL: expected sqlite://PATH"))?;
            Connection::open(Path::new(path))
                .with_context(|| format!("cannot open database {path}"))?
        };
        conn.pragma_update(None, "journal_mode", "WAL").ok();
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)
            .context("cannot create the database schema")?;
        Ok(Sqlite {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> Result<std::sync::MutexGuard<'_, Connection>> {
        self.conn
            .lock()
            .map_err(|_| anyhow!("database lock poisoned"))
    }
}

impl Backend for Sqlite {
    /// Records a delivery and queues its jobs, atomically. A newer head for a PR
    /// supersedes its queued older heads; jobs of a suspended installation are dropped.
    fn record(&self, delivery: &str, event: &str, jobs: &[PrRef], now: i64) -> Result<Recorded> {
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
                "UPDATE jobs SET state = 'superseded', updated_at = ?4 WHERE repo = ?1 AND pr = ?2 AND pr <> 0 AND state = 'queued' AND head_sha <> ?3",
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
    fn claim(&self, now: i64, lease_secs: i64) -> Result<Option<Job>> {
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
    fn finish(&self, id: i64, error: Option<&str>, now: i64) -> Result<()> {
        let state = if error.is_some() { "failed" } else { "done" };
        self.conn()?.execute("UPDATE jobs SET state = ?2, error = ?3, lease_until = NULL, updated_at = ?4 WHERE id = ?1 AND state = 'running'", params![id, state, error, now])?;
        Ok(())
    }

    /// Remembers the check run created for a job (a retry reuses it, never creates another).
    fn set_check_run(&self, job: i64, check_run: u64) -> Result<()> {
        self.conn()?.execute(
            "UPDATE jobs SET check_run = ?2 WHERE id = ?1",
            params![job, check_run as i64],
        )?;
        Ok(())
    }

    /// The check run created for a job, if any.
    fn check_run(&self, job: i64) -> Result<Option<u64>> {
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

    fn renew(&self, id: i64, attempt: u32, until: i64) -> Result<bool> {
        let n = self.conn()?.execute(
            "UPDATE jobs SET lease_until = ?3 WHERE id = ?1 AND attempts = ?2 AND state = 'running'",
            params![id, attempt, until],
        )?;
        Ok(n == 1)
    }

    fn release_running(&self, now: i64) -> Result<u64> {
        let n = self.conn()?.execute(
            "UPDATE jobs SET lease_until = ?1 - 1, updated_at = ?1 WHERE state = 'running'",
            params![now],
        )?;
        Ok(n as u64)
    }

    /// Puts a job whose attempt failed back in the queue, claimable from `not_before`.
    fn retry_later(&self, job: i64, not_before: i64, error: &str) -> Result<()> {
        self.conn()?.execute(
            "UPDATE jobs SET state = 'running', lease_until = ?2, error = ?3, updated_at = ?2 WHERE id = ?1 AND state = 'running'",
            params![job, not_before, error],
        )?;
        Ok(())
    }

    /// The PR we last checked at this head (for rerequests that name none).
    fn pr_for_head(&self, repo: &str, head_sha: &str) -> Result<Option<PrRef>> {
        let conn = self.conn()?;
        conn.query_row(
            "SELECT installation, repo, pr, base_sha, head_sha FROM jobs WHERE repo = ?1 AND head_sha = ?2 ORDER BY id DESC LIMIT 1",
            params![repo, head_sha],
            |r| Ok(PrRef { installation: r.get::<_, i64>(0)? as u64, repo: r.get(1)?, number: r.get::<_, i64>(2)? as u64, base_sha: r.get(3)?, head_sha: r.get(4)? }),
        )
        .optional()
        .context("cannot look up the PR of a head commit")
    }

    /// Stops work for an installation (deleted or suspended): its queued,
    /// running and retrying jobs are dropped (a running job's heartbeat then
    /// finds its lease gone and the worker stops it).
    fn suspend(&self, installation: u64, now: i64) -> Result<()> {
        let conn = self.conn()?;
        conn.execute(
            "INSERT OR IGNORE INTO suspended (installation) VALUES (?1)",
            params![installation as i64],
        )?;
        conn.execute("UPDATE jobs SET state = 'dropped', updated_at = ?2 WHERE installation = ?1 AND state IN ('queued', 'running')", params![installation as i64, now])?;
        Ok(())
    }

    /// Resumes work for an installation.
    fn resume(&self, installation: u64) -> Result<()> {
        self.conn()?.execute(
            "DELETE FROM suspended WHERE installation = ?1",
            params![installation as i64],
        )?;
        Ok(())
    }

    /// Queue depth (also a readiness probe: it touches the database).
    fn depth(&self) -> Result<Depth> {
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
    fn has_delivery(&self, id: &str) -> Result<bool> {
        let conn = self.conn()?;
        conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM deliveries WHERE id = ?1)",
            params![id],
            |r| r.get(0),
        )
        .context("cannot look up a delivery")
    }

    fn job_state(&self, id: i64) -> Result<Option<String>> {
        let conn = self.conn()?;
        conn.query_row("SELECT state FROM jobs WHERE id = ?1", params![id], |r| {
            r.get(0)
        })
        .optional()
        .context("cannot read a job")
    }

    fn load_results(&self, namespace: &str, keys: &[String]) -> Result<Vec<CachedResult>> {
        let conn = self.conn()?;
        let mut out = Vec::new();
        // SQLite binds at most 32,766 parameters; stay well below.
        for chunk in keys.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT key, result FROM scan_results WHERE namespace = ? AND key IN ({marks})"
            ))?;
            let args = std::iter::once(namespace).chain(chunk.iter().map(String::as_str));
            let rows = stmt.query_map(params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?)))?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
    }

    fn save_results(&self, namespace: &str, rows: &[CachedResult], now: i64) -> Result<()> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT OR IGNORE INTO scan_results (namespace, key, result, stored_at) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (key, result) in rows {
                stmt.execute(params![namespace, key, result, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
