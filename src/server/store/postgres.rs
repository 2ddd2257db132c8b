//! The PostgreSQL backend, for several `aibom serve` replicas sharing one queue.
//! A job is claimed with `FOR UPDATE SKIP LOCKED`, so each is taken by exactly
//! one worker across replicas. The synchronous client lives on its own thread
//! (it runs its own small runtime, which must not nest inside the server's);
//! calls are sent to it and answered over a channel. A dropped connection is
//! re-opened on the next call.

use std::sync::mpsc;

use anyhow::{Context, Result, anyhow};
use postgres::{Client, Config, NoTls};

use super::{Backend, CachedResult, Depth, Job, Recorded};
use crate::server::events::PrRef;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS deliveries (
    id TEXT PRIMARY KEY,
    event TEXT NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    id BIGSERIAL PRIMARY KEY,
    delivery TEXT NOT NULL,
    installation BIGINT NOT NULL,
    repo TEXT NOT NULL,
    pr BIGINT NOT NULL,
    base_sha TEXT NOT NULL,
    head_sha TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_until BIGINT,
    error TEXT,
    check_run BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state, id);
CREATE INDEX IF NOT EXISTS jobs_by_head ON jobs (repo, head_sha);
CREATE TABLE IF NOT EXISTS suspended (installation BIGINT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS scan_results (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    result BYTEA NOT NULL,
    stored_at BIGINT NOT NULL,
    PRIMARY KEY (namespace, key)
);
";

/// Replicas starting together must not race on `CREATE TABLE IF NOT EXISTS`.
const SCHEMA_LOCK: i64 = 0x0061_6962_6f6d; // "aibom"

type Task = Box<dyn FnOnce(&mut Connection) + Send>;

/// A PostgreSQL database shared by replicas.
#[derive(Debug)]
pub struct Postgres {
    tasks: mpsc::Sender<Task>,
}

struct Connection {
    config: Config,
    client: Option<Client>,
}

impl Connection {
    fn client(&mut self) -> Result<&mut Client> {
        if self.client.as_ref().is_none_or(Client::is_closed) {
            let client = self
                .config
                .connect(NoTls)
                .context("cannot connect to PostgreSQL")?;
            self.client = Some(client);
        }
        self.client
            .as_mut()
            .ok_or_else(|| anyhow!("PostgreSQL connection unavailable"))
    }
}

impl Postgres {
    /// Connects to `postgres://…` and creates the schema if needed.
    pub fn open(url: &str) -> Result<Self> {
        // The URL holds a password: errors name the setting, never echo the value.
        let mut config: Config = url
            .parse()
            .map_err(|_| anyhow!("DATABASE_URL: not a valid postgres:// URL"))?;
        config.connect_timeout(std::time::Duration::from_secs(10));
        let (tasks, queue) = mpsc::channel::<Task>();
        std::thread::Builder::new()
            .name("aibom-postgres".into())
            .spawn(move || {
                let mut conn = Connection {
                    config,
                    client: None,
                };
                while let Ok(task) = queue.recv() {
                    task(&mut conn);
                }
            })
            .context("cannot start the database thread")?;
        let store = Postgres { tasks };
        store.call(|c| {
            let mut tx = c.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
            tx.batch_execute(SCHEMA)?;
            tx.commit()?;
            Ok(())
        })?;
        Ok(store)
    }

    /// Runs `f` on the database thread and waits for its answer.
    fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Client) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let (answer, result) = mpsc::sync_channel(1);
        self.tasks
            .send(Box::new(move |conn: &mut Connection| {
                // A row of an unexpected shape (say, a foreign `jobs` table in a
                // shared database) panics in `Row::get`: answer with an error and
                // keep the thread, and so the store, alive.
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    conn.client().and_then(f)
                }))
                .unwrap_or_else(|_| {
                    conn.client = None;
                    Err(anyhow!(
                        "unexpected row shape (is the schema another program's?)"
                    ))
                });
                let _ = answer.send(r);
            }))
            .map_err(|_| anyhow!("the database thread has stopped"))?;
        result
            .recv()
            .map_err(|_| anyhow!("the database thread has stopped"))?
            .context("PostgreSQL")
    }
}

fn pr_from(row: &postgres::Row, at: usize) -> PrRef {
    PrRef {
        installation: row.get::<_, i64>(at) as u64,
        repo: row.get(at + 1),
        number: row.get::<_, i64>(at + 2) as u64,
        base_sha: row.get(at + 3),
        head_sha: row.get(at + 4),
    }
}

impl Backend for Postgres {
    fn record(&self, delivery: &str, event: &str, jobs: &[PrRef], now: i64) -> Result<Recorded> {
        let (delivery, event, jobs) = (delivery.to_string(), event.to_string(), jobs.to_vec());
        self.call(move |c| {
            let mut tx = c.transaction()?;
            let inserted = tx.execute(
                "INSERT INTO deliveries (id, event, received_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
                &[&delivery, &event, &now],
            )?;
            if inserted == 0 {
                return Ok(Recorded::Duplicate);
            }
            let mut queued = 0;
            for pr in &jobs {
                let (installation, number) = (pr.installation as i64, pr.number as i64);
                let suspended: bool = tx
                    .query_one(
                        "SELECT EXISTS (SELECT 1 FROM suspended WHERE installation = $1)",
                        &[&installation],
                    )?
                    .get(0);
                if suspended {
                    continue;
                }
                tx.execute(
                    "UPDATE jobs SET state = 'superseded', updated_at = $4 WHERE repo = $1 AND pr = $2 AND pr <> 0 AND state = 'queued' AND head_sha <> $3",
                    &[&pr.repo, &number, &pr.head_sha, &now],
                )?;
                let pending: bool = tx
                    .query_one(
                        "SELECT EXISTS (SELECT 1 FROM jobs WHERE repo = $1 AND pr = $2 AND head_sha = $3 AND state = 'queued')",
                        &[&pr.repo, &number, &pr.head_sha],
                    )?
                    .get(0);
                if pending {
                    continue;
                }
                tx.execute(
                    "INSERT INTO jobs (delivery, installation, repo, pr, base_sha, head_sha, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
                    &[&delivery, &installation, &pr.repo, &number, &pr.base_sha, &pr.head_sha, &now],
                )?;
                queued += 1;
            }
            tx.commit()?;
            Ok(Recorded::New(queued))
        })
    }

    fn claim(&self, now: i64, lease_secs: i64) -> Result<Option<Job>> {
        self.call(move |c| {
            let row = c.query_opt(
                "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = $1 + $2, updated_at = $1
                 WHERE id = (SELECT id FROM jobs WHERE state = 'queued' OR (state = 'running' AND lease_until < $1)
                             ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
                 RETURNING id, installation, repo, pr, base_sha, head_sha, attempts",
                &[&now, &lease_secs],
            )?;
            Ok(row.map(|r| Job {
                id: r.get(0),
                pr: pr_from(&r, 1),
                attempts: r.get::<_, i32>(6) as u32,
            }))
        })
        .context("cannot claim a job")
    }

    fn finish(&self, id: i64, error: Option<&str>, now: i64) -> Result<()> {
        let state = if error.is_some() { "failed" } else { "done" };
        let error = error.map(str::to_string);
        self.call(move |c| {
            c.execute(
                "UPDATE jobs SET state = $2, error = $3, lease_until = NULL, updated_at = $4 WHERE id = $1 AND state = 'running'",
                &[&id, &state, &error, &now],
            )?;
            Ok(())
        })
    }

    fn set_check_run(&self, job: i64, check_run: u64) -> Result<()> {
        let check_run = check_run as i64;
        self.call(move |c| {
            c.execute(
                "UPDATE jobs SET check_run = $2 WHERE id = $1",
                &[&job, &check_run],
            )?;
            Ok(())
        })
    }

    fn check_run(&self, job: i64) -> Result<Option<u64>> {
        self.call(move |c| {
            let row = c.query_opt("SELECT check_run FROM jobs WHERE id = $1", &[&job])?;
            Ok(row
                .and_then(|r| r.get::<_, Option<i64>>(0))
                .map(|v| v as u64))
        })
    }

    fn renew(&self, id: i64, attempt: u32, until: i64) -> Result<bool> {
        let attempt = attempt as i32;
        self.call(move |c| {
            let n = c.execute(
                "UPDATE jobs SET lease_until = $3 WHERE id = $1 AND attempts = $2 AND state = 'running'",
                &[&id, &attempt, &until],
            )?;
            Ok(n == 1)
        })
    }

    fn release_running(&self, now: i64) -> Result<u64> {
        self.call(move |c| {
            Ok(c.execute(
                "UPDATE jobs SET lease_until = $1::BIGINT - 1, updated_at = $1::BIGINT WHERE state = 'running'",
                &[&now],
            )?)
        })
    }

    fn retry_later(&self, job: i64, not_before: i64, error: &str) -> Result<()> {
        let error = error.to_string();
        self.call(move |c| {
            c.execute(
                "UPDATE jobs SET state = 'running', lease_until = $2, error = $3, updated_at = $2 WHERE id = $1 AND state = 'running'",
                &[&job, &not_before, &error],
            )?;
            Ok(())
        })
    }

    fn pr_for_head(&self, repo: &str, head_sha: &str) -> Result<Option<PrRef>> {
        let (repo, head_sha) = (repo.to_string(), head_sha.to_string());
        self.call(move |c| {
            let row = c.query_opt(
                "SELECT installation, repo, pr, base_sha, head_sha FROM jobs WHERE repo = $1 AND head_sha = $2 ORDER BY id DESC LIMIT 1",
                &[&repo, &head_sha],
            )?;
            Ok(row.map(|r| pr_from(&r, 0)))
        })
        .context("cannot look up the PR of a head commit")
    }

    fn suspend(&self, installation: u64, now: i64) -> Result<()> {
        let installation = installation as i64;
        self.call(move |c| {
            let mut tx = c.transaction()?;
            tx.execute(
                "INSERT INTO suspended (installation) VALUES ($1) ON CONFLICT DO NOTHING",
                &[&installation],
            )?;
            tx.execute(
                "UPDATE jobs SET state = 'dropped', updated_at = $2 WHERE installation = $1 AND state IN ('queued', 'running')",
                &[&installation, &now],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    fn resume(&self, installation: u64) -> Result<()> {
        let installation = installation as i64;
        self.call(move |c| {
            c.execute(
                "DELETE FROM suspended WHERE installation = $1",
                &[&installation],
            )?;
            Ok(())
        })
    }

    fn depth(&self) -> Result<Depth> {
        self.call(|c| {
            let row = c.query_one(
                "SELECT COUNT(*) FILTER (WHERE state = 'queued'), COUNT(*) FILTER (WHERE state = 'running') FROM jobs",
                &[],
            )?;
            Ok(Depth {
                queued: row.get::<_, i64>(0) as u64,
                running: row.get::<_, i64>(1) as u64,
            })
        })
    }

    fn has_delivery(&self, id: &str) -> Result<bool> {
        let id = id.to_string();
        self.call(move |c| {
            Ok(c.query_one(
                "SELECT EXISTS (SELECT 1 FROM deliveries WHERE id = $1)",
                &[&id],
            )?
            .get(0))
        })
        .context("cannot look up a delivery")
    }

    fn job_state(&self, id: i64) -> Result<Option<String>> {
        self.call(move |c| {
            Ok(c.query_opt("SELECT state FROM jobs WHERE id = $1", &[&id])?
                .map(|r| r.get(0)))
        })
        .context("cannot read a job")
    }

    fn load_results(&self, namespace: &str, keys: &[String]) -> Result<Vec<CachedResult>> {
        let (namespace, keys) = (namespace.to_string(), keys.to_vec());
        self.call(move |c| {
            let rows = c.query(
                "SELECT key, result FROM scan_results WHERE namespace = $1 AND key = ANY($2)",
                &[&namespace, &keys],
            )?;
            Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
        })
    }

    fn save_results(&self, namespace: &str, rows: &[CachedResult], now: i64) -> Result<()> {
        let namespace = namespace.to_string();
        let (keys, results): (Vec<String>, Vec<Vec<u8>>) = rows.iter().cloned().unzip();
        self.call(move |c| {
            c.execute(
                "INSERT INTO scan_results (namespace, key, result, stored_at)
                 SELECT $1, k, r, $4 FROM unnest($2::text[], $3::bytea[]) AS t(k, r)
                 ON CONFLICT DO NOTHING",
                &[&namespace, &keys, &results, &now],
            )?;
            Ok(())
        })
    }
}
