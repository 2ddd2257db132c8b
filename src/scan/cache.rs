//! The blob cache: results of files already scanned, by (git blob id, path),
//! optionally backed by a durable [`ResultStore`] shared by replicas.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::Result;

use crate::scan::Sealed;
use crate::source::Entry;
use crate::vocab::Results;

/// Results of files already scanned, by (git blob id, path): a second scan of a
/// related commit (a PR's head after its base) reads and parses only the blobs
/// the first did not see.
///
/// Backed by a [`ResultStore`] (the App's database), results also outlive the
/// process and are shared by replicas: a scan loads the results of its blobs
/// in one batch before reading anything and saves what it computed after.
#[derive(Default)]
pub struct BlobCache {
    /// Results as the scan sealed them (or as a store returned them): sealed
    /// again when taken out, so a store is never trusted with the proof.
    map: Mutex<HashMap<Key, Results>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
    backing: Option<Arc<dyn ResultStore>>,
    /// Store keys already asked for, found or not: never asked twice.
    asked: Mutex<HashSet<String>>,
    /// Results computed since the last [`BlobCache::persist`], for the store.
    fresh: Mutex<Vec<(Key, Sealed<Results>)>>,
}

/// A cache key: (git blob id, path).
pub type Key = (String, String);

impl std::fmt::Debug for BlobCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlobCache")
            .field("stats", &self.stats())
            .field("persistent", &self.backing.is_some())
            .finish()
    }
}

/// Durable storage for per-blob scan results, keyed by an opaque string (blob id
/// and path). Implementations scope keys by scanner version themselves.
pub trait ResultStore: Send + Sync {
    /// The stored results among `keys` (absent keys are simply not returned).
    fn load(&self, keys: &[String]) -> Result<Vec<(String, Vec<u8>)>>;
    /// Stores results; keys already stored are kept.
    fn save(&self, rows: &[(String, Vec<u8>)]) -> Result<()>;
}

impl BlobCache {
    /// A cache whose results are also loaded from and saved to `store`.
    pub fn backed_by(store: Arc<dyn ResultStore>) -> Self {
        BlobCache {
            backing: Some(store),
            ..Default::default()
        }
    }

    /// Loads what the backing store holds for `entries`, and returns the indices
    /// of the entries a scan would still have to read (no blob id, or no result cached).
    pub fn uncached(&self, entries: &[Entry]) -> Vec<usize> {
        self.preload(&keys_of(entries));
        let Ok(map) = self.map.lock() else {
            return (0..entries.len()).collect();
        };
        (0..entries.len())
            .filter(|&i| match &entries[i].blob {
                Some(b) => !map.contains_key(&(b.clone(), entries[i].path.clone())),
                None => true,
            })
            .collect()
    }

    /// (hits, misses) so far.
    pub fn stats(&self) -> (usize, usize) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    /// The results cached for `key`, counted as a hit (to seal again).
    pub fn lookup(&self, key: &Key) -> Option<Results> {
        let hit = self.map.lock().ok()?.get(key).cloned()?;
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(hit)
    }

    /// Caches what a scan computed for `key`, counted as a miss (and kept
    /// for the store, if there is one).
    pub fn record(&self, key: Key, results: &Sealed<Results>) {
        self.misses.fetch_add(1, Ordering::Relaxed);
        if self.backing.is_some()
            && let Ok(mut f) = self.fresh.lock()
        {
            f.push((key.clone(), results.clone()));
        }
        if let Ok(mut m) = self.map.lock() {
            m.insert(key, (**results).clone());
        }
    }

    fn store_key((blob, path): &Key) -> String {
        format!("{blob}:{path}")
    }

    /// Loads, in one batch, the stored results of `keys` not already in memory
    /// nor asked for before. A store that cannot be read only costs speed: the
    /// files are scanned.
    pub(crate) fn preload(&self, keys: &[Key]) {
        let Some(store) = &self.backing else { return };
        let wanted: Vec<String> = match (self.map.lock(), self.asked.lock()) {
            (Ok(map), Ok(mut asked)) => keys
                .iter()
                .filter(|k| !map.contains_key(*k))
                .map(Self::store_key)
                .filter(|k| asked.insert(k.clone()))
                .collect(),
            _ => return,
        };
        if wanted.is_empty() {
            return;
        }
        let rows = match store.load(&wanted) {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!("scan-result cache unavailable, scanning instead: {e:#}");
                return;
            }
        };
        let by_store_key: HashMap<String, &Key> =
            keys.iter().map(|k| (Self::store_key(k), k)).collect();
        if let Ok(mut map) = self.map.lock() {
            for (key, bytes) in rows {
                let Some(k) = by_store_key.get(&key) else {
                    continue;
                };
                match serde_json::from_slice::<Results>(&bytes) {
                    Ok(r) => {
                        map.insert((*k).clone(), r);
                    }
                    Err(e) => tracing::warn!("ignoring an unreadable cached result: {e}"),
                }
            }
        }
    }

    /// Saves the results computed since the last call to the store, best effort.
    pub(crate) fn persist(&self) {
        let Some(store) = &self.backing else { return };
        let fresh = self
            .fresh
            .lock()
            .map(|mut f| std::mem::take(&mut *f))
            .unwrap_or_default();
        if fresh.is_empty() {
            return;
        }
        let rows: Vec<(String, Vec<u8>)> = fresh
            .iter()
            .filter_map(|(k, r)| Some((Self::store_key(k), serde_json::to_vec(r).ok()?)))
            .collect();
        if let Err(e) = store.save(&rows) {
            tracing::warn!("cannot save scan results to the cache: {e:#}");
        }
    }
}

/// The cache keys (blob id, path) of the entries that have a blob id.
pub(crate) fn keys_of(entries: &[Entry]) -> Vec<Key> {
    entries
        .iter()
        .filter_map(|e| Some((e.blob.clone()?, e.path.clone())))
        .collect()
}
