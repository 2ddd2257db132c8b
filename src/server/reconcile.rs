//! Deliveries GitHub failed to give us: GitHub does not redeliver on its own,
//! so a pull request whose webhook met a restart, a deploy or a 5xx would
//! never be checked. On start and periodically the App reads its delivery log
//! (`GET /app/hook/deliveries`) and asks GitHub to send again
//! (`POST /app/hook/deliveries/{id}/attempts`) each failed delivery of an
//! event it acts on that it never recorded — at most a few a sweep, each GUID
//! once, stopping at the first refusal (a rate limit, a missing permission).

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};

use anyhow::Result;

use super::store::Store;
use crate::github::{GitHub, HookDelivery};

/// Most redeliveries one sweep asks for (each is a content-creating request).
pub const MAX_PER_SWEEP: usize = 10;

/// Events whose deliveries start work.
const ACTED_ON: &[&str] = &[
    "pull_request",
    "check_run",
    "check_suite",
    "merge_group",
    "installation",
];

/// What one sweep did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sweep {
    /// Deliveries in the log.
    pub listed: usize,
    /// Failed deliveries we never recorded (GUIDs).
    pub missed: usize,
    /// Redeliveries asked for.
    pub redelivered: usize,
}

/// Finds and redelivers missed deliveries.
#[derive(Debug)]
pub struct Reconciler {
    github: Arc<GitHub>,
    store: Arc<Store>,
    /// GUIDs already asked for (by this process): never asked twice.
    asked: Mutex<HashSet<String>>,
}

impl Reconciler {
    /// A reconciler over `github`'s delivery log and `store`'s records.
    pub fn new(github: Arc<GitHub>, store: Arc<Store>) -> Self {
        Reconciler {
            github,
            store,
            asked: Mutex::new(HashSet::new()),
        }
    }

    /// One sweep over the delivery log.
    pub async fn sweep(&self) -> Result<Sweep> {
        let log = self.github.hook_deliveries().await?;
        let mut out = Sweep {
            listed: log.len(),
            ..Sweep::default()
        };
        for d in missed(&log) {
            let store = self.store.clone();
            let guid = d.guid.clone();
            let recorded = tokio::task::spawn_blocking(move || store.has_delivery(&guid))
                .await
                .map_err(|e| anyhow::anyhow!("store task failed: {e}"))??;
            if recorded {
                continue;
            }
            out.missed += 1;
            let fresh = self
                .asked
                .lock()
                .map(|mut a| a.insert(d.guid.clone()))
                .unwrap_or(false);
            if !fresh || out.redelivered >= MAX_PER_SWEEP {
                continue;
            }
            self.github.redeliver(d.id).await?;
            tracing::info!(delivery = %d.guid, event = %d.event, "asked GitHub to redeliver a missed delivery");
            out.redelivered += 1;
        }
        Ok(out)
    }
}

/// The latest attempt of each GUID whose every attempt failed, for events we
/// act on, newest first.
fn missed(log: &[HookDelivery]) -> Vec<&HookDelivery> {
    let mut by_guid: BTreeMap<&str, Vec<&HookDelivery>> = BTreeMap::new();
    for d in log.iter().filter(|d| ACTED_ON.contains(&d.event.as_str())) {
        by_guid.entry(d.guid.as_str()).or_default().push(d);
    }
    let mut out: Vec<&HookDelivery> = by_guid
        .into_values()
        .filter(|attempts| !attempts.iter().any(|a| (200..300).contains(&a.status_code)))
        .filter_map(|attempts| attempts.into_iter().max_by_key(|a| a.id))
        .collect();
    out.sort_by_key(|d| std::cmp::Reverse(d.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(id: u64, guid: &str, status_code: u16, event: &str) -> HookDelivery {
        HookDelivery {
            id,
            guid: guid.into(),
            status_code,
            event: event.into(),
        }
    }

    #[test]
    fn only_deliveries_that_never_succeeded_are_missed() {
        let log = [
            d(1, "a", 502, "pull_request"),
            d(2, "b", 503, "pull_request"),
            d(3, "b", 202, "pull_request"), // redelivered and answered
            d(4, "c", 0, "star"),           // not an event we act on
            d(5, "e", 200, "check_run"),
            d(6, "a", 0, "pull_request"), // a second failed attempt of a
            d(7, "f", 500, "merge_group"),
        ];
        let ids: Vec<u64> = missed(&log).iter().map(|d| d.id).collect();
        assert_eq!(ids, [7, 6]);
    }
}
