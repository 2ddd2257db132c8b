//! Prometheus text metrics: deliveries by event and outcome, queue depth.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;

use super::store::Depth;

/// Counters kept in memory (per process).
#[derive(Debug, Default)]
pub struct Metrics {
    deliveries: Mutex<BTreeMap<(String, String), u64>>,
}

impl Metrics {
    /// Counts a delivery of `event` with `outcome` (`accepted`, `duplicate`, `rejected`, …).
    pub fn delivery(&self, event: &str, outcome: &str) {
        if let Ok(mut m) = self.deliveries.lock() {
            *m.entry((event.to_string(), outcome.to_string()))
                .or_default() += 1;
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
