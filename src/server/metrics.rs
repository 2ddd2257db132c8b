//! Prometheus text metrics: deliveries by event and outcome, queue depth, job
//! durations by outcome, and GitHub API calls by method and status.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;

use super::store::Depth;

/// Counters kept in memory (per process).
#[derive(Debug, Default)]
pub struct Metrics {
    deliveries: Mutex<BTreeMap<(String, String), u64>>,
    jobs: Mutex<BTreeMap<String, Histogram>>,
    api_calls: Mutex<BTreeMap<(String, String), u64>>,
}

/// Upper bounds (seconds) of the job-duration histogram's buckets.
const JOB_BUCKETS: [f64; 10] = [0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0];

#[derive(Debug, Default, Clone)]
struct Histogram {
    buckets: [u64; JOB_BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Metrics {
    /// Counts a delivery of `event` with `outcome` (`accepted`, `duplicate`, `rejected`, …).
    pub fn delivery(&self, event: &str, outcome: &str) {
        if let Ok(mut m) = self.deliveries.lock() {
            *m.entry((event.to_string(), outcome.to_string()))
                .or_default() += 1;
        }
    }

    /// Counts a finished job attempt that took `seconds`, by `outcome`
    /// (`success`, `failure`, `neutral`, `retrying`, `failed`, …).
    pub fn job(&self, outcome: &str, seconds: f64) {
        if let Ok(mut m) = self.jobs.lock() {
            let h = m.entry(outcome.to_string()).or_default();
            for (i, bound) in JOB_BUCKETS.iter().enumerate() {
                if seconds <= *bound {
                    h.buckets[i] += 1;
                }
            }
            h.count += 1;
            h.sum += seconds;
        }
    }

    /// Counts a GitHub API call answered with `status` (0: no answer).
    pub fn api_call(&self, method: &str, status: u16) {
        let status = if status == 0 {
            "error".to_string()
        } else {
            status.to_string()
        };
        if let Ok(mut m) = self.api_calls.lock() {
            *m.entry((method.to_string(), status)).or_default() += 1;
        }
    }

    /// The exposition text.
    pub fn render(&self, depth: Option<Depth>) -> String {
        let mut out = String::new();
        out.push_str("# HELP aibom_webhook_deliveries_total Webhook deliveries by event and outcome.\n# TYPE aibom_webhook_deliveries_total counter\n");
        if let Ok(m) = self.deliveries.lock() {
            for ((event, outcome), n) in m.iter() {
                let _ = writeln!(
                    out,
                    "aibom_webhook_deliveries_total{{event=\"{}\",outcome=\"{}\"}} {n}",
                    label(event),
                    label(outcome)
                );
            }
        }
        out.push_str("# HELP aibom_job_duration_seconds Time from claiming a job to the end of the attempt, by outcome.\n# TYPE aibom_job_duration_seconds histogram\n");
        if let Ok(m) = self.jobs.lock() {
            for (outcome, h) in m.iter() {
                let o = label(outcome);
                for (bound, n) in JOB_BUCKETS.iter().zip(h.buckets) {
                    let _ = writeln!(
                        out,
                        "aibom_job_duration_seconds_bucket{{outcome=\"{o}\",le=\"{bound}\"}} {n}"
                    );
                }
                let _ = writeln!(
                    out,
                    "aibom_job_duration_seconds_bucket{{outcome=\"{o}\",le=\"+Inf\"}} {}\naibom_job_duration_seconds_sum{{outcome=\"{o}\"}} {}\naibom_job_duration_seconds_count{{outcome=\"{o}\"}} {}",
                    h.count, h.sum, h.count
                );
            }
        }
        out.push_str("# HELP aibom_github_api_calls_total GitHub API calls by method and answer status (error: no answer).\n# TYPE aibom_github_api_calls_total counter\n");
        if let Ok(m) = self.api_calls.lock() {
            for ((method, status), n) in m.iter() {
                let _ = writeln!(
                    out,
                    "aibom_github_api_calls_total{{method=\"{}\",status=\"{}\"}} {n}",
                    label(method),
                    label(status)
                );
            }
        }
        if let Some(d) = depth {
            out.push_str("# HELP aibom_queue_jobs Jobs in the queue by state.\n# TYPE aibom_queue_jobs gauge\n");
            let _ = writeln!(out, "aibom_queue_jobs{{state=\"queued\"}} {}", d.queued);
            let _ = writeln!(out, "aibom_queue_jobs{{state=\"running\"}} {}", d.running);
        }
        out
    }
}

fn label(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .take(64)
        .collect()
}
