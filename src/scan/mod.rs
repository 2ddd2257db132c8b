//! The scan stage: runs the detectors over every entry of a source, in
//! parallel, and returns findings and warnings in a deterministic order.

pub mod code;
pub mod config;
pub mod dotenv;
pub mod endpoint;
pub mod file;
pub mod lineage;
pub mod notebook;
pub mod packages;
pub mod sealed;
pub mod text;
pub mod weights;

use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Result;
use rayon::prelude::*;

pub use file::Limits;
pub use sealed::Sealed;

use crate::catalog::Catalog;
use crate::source::{Source, Subject};
use crate::vocab::{Code, Finding, Results, Warning};

/// How to scan.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScanOptions {
    /// File-size limits.
    pub limits: Limits,
    /// Show a progress line on stderr (only when stderr is a terminal).
    pub progress: bool,
}

/// Everything one scan found, sealed: every string in it went through the
/// catalog's redaction pass (see [`sealed`]).
#[derive(Debug)]
pub struct ScanOutput {
    /// What was scanned.
    pub subject: Subject,
    /// Findings sorted by identity key, then evidence; warnings sorted.
    pub results: Sealed<Results>,
    /// Number of entries looked at.
    pub files: usize,
    /// The entries listed (path, size, blob id), for callers comparing two
    /// trees without listing them again.
    pub entries: Vec<crate::source::Entry>,
}

impl ScanOutput {
    /// The findings, sorted by identity key, then evidence.
    pub fn findings(&self) -> &[Finding] {
        &self.results.findings
    }

    /// Skipped files and other notices, sorted.
    pub fn warnings(&self) -> &[Warning] {
        &self.results.warnings
    }
}

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
    map: Mutex<HashMap<(String, String), Results>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
    backing: Option<Arc<dyn ResultStore>>,
    /// Store keys already asked for, found or not: never asked twice.
    asked: Mutex<HashSet<String>>,
}

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
    pub fn uncached(&self, entries: &[crate::source::Entry]) -> Vec<usize> {
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

    fn store_key((blob, path): &(String, String)) -> String {
        format!("{blob}:{path}")
    }

    /// Loads, in one batch, the stored results of `keys` not already in memory
    /// nor asked for before. A store that cannot be read only costs speed: the
    /// files are scanned.
    fn preload(&self, keys: &[(String, String)]) {
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
        let by_store_key: HashMap<String, &(String, String)> =
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

    /// Saves newly computed results to the store, best effort.
    fn persist(&self, fresh: Vec<((String, String), Sealed<Results>)>) {
        let Some(store) = &self.backing else { return };
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
fn keys_of(entries: &[crate::source::Entry]) -> Vec<(String, String)> {
    entries
        .iter()
        .filter_map(|e| Some((e.blob.clone()?, e.path.clone())))
        .collect()
}

/// Scans every entry of `source`.
pub fn scan(source: &dyn Source, catalog: &Catalog, opts: &ScanOptions) -> Result<ScanOutput> {
    scan_cached(source, catalog, opts, None)
}

/// [`scan`], reusing and filling a [`BlobCache`].
pub fn scan_cached(
    source: &dyn Source,
    catalog: &Catalog,
    opts: &ScanOptions,
    cache: Option<&BlobCache>,
) -> Result<ScanOutput> {
    let listing = source.list()?;
    let total = listing.entries.len();
    let redactor = catalog.redactor();
    if let Some(c) = cache {
        c.preload(&keys_of(&listing.entries));
    }
    let fresh = Mutex::new(Vec::new());
    let done = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let show_progress = opts.progress && std::io::stderr().is_terminal();
    let results: Vec<Sealed<Results>> = std::thread::scope(|s| {
        if show_progress {
            s.spawn(|| progress(&done, &finished, total));
        }
        // Largest files first, so hashing a big weight file overlaps with the
        // many small ones instead of trailing them; results go back in path order.
        let mut order: Vec<usize> = (0..total).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(listing.entries[i].size));
        let mut results: Vec<(usize, Sealed<Results>)> = order
            .into_par_iter()
            .with_max_len(1)
            .map_init(
                || source.reader(),
                |reader, i| {
                    let entry = &listing.entries[i];
                    let cache_key = cache
                        .zip(entry.blob.as_ref())
                        .map(|(c, b)| (c, (b.clone(), entry.path.clone())));
                    if let Some((c, key)) = &cache_key
                        && let Some(hit) = c.map.lock().ok().and_then(|m| m.get(key).cloned())
                    {
                        c.hits.fetch_add(1, Ordering::Relaxed);
                        done.fetch_add(1, Ordering::Relaxed);
                        return (i, Sealed::seal(redactor, hit));
                    }
                    let r = match reader {
                        Ok(r) => file::scan_entry(catalog, opts.limits, entry, r.as_mut()),
                        Err(e) => Results {
                            warnings: vec![Warning::new(
                                Code::Unreadable,
                                &entry.path,
                                format!("not scanned: {e:#}"),
                            )],
                            ..Default::default()
                        },
                    };
                    let r = Sealed::seal(redactor, r);
                    if let Some((c, key)) = cache_key {
                        c.misses.fetch_add(1, Ordering::Relaxed);
                        if c.backing.is_some()
                            && let Ok(mut f) = fresh.lock()
                        {
                            f.push((key.clone(), r.clone()));
                        }
                        if let Ok(mut m) = c.map.lock() {
                            m.insert(key, (*r).clone());
                        }
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                    (i, r)
                },
            )
            .collect();
        results.sort_by_key(|(i, _)| *i);
        let results: Vec<Sealed<Results>> = results.into_iter().map(|(_, r)| r).collect();
        finished.store(true, Ordering::Relaxed);
        results
    });
    if let Some(c) = cache {
        c.persist(fresh.into_inner().unwrap_or_default());
    }
    let mut all = Results {
        findings: Vec::new(),
        warnings: listing.warnings,
    };
    let mut over = Over::default();
    for (r, entry) in results.into_iter().zip(&listing.entries) {
        let r = r.into_inner();
        all.warnings.extend(r.warnings);
        if all.findings.len() + r.findings.len() > opts.limits.max_findings {
            over.add(&entry.path, r.findings.len());
            continue;
        }
        all.findings.extend(r.findings);
    }
    if let Some(w) = over.warning(opts.limits.max_findings) {
        all.warnings.push(w);
    }
    packages::reconcile(&mut all.findings);
    packages::go_build_list(&mut all.findings);
    packages::nuget_central(&mut all.findings);
    config::terraform::resolve(&mut all.findings);
    config::refs::resolve(&mut all.findings);
    code::values::resolve(&mut all.findings);
    // The resolvers combine sealed strings; sealing again costs one keyword
    // pass per string and keeps the proof honest (listing warnings included).
    Ok(ScanOutput {
        subject: source.subject(),
        results: Sealed::seal(redactor, all).sorted(),
        files: total,
        entries: listing.entries,
    })
}

/// Most findings one scan keeps by default (every kind, packages included;
/// [`Limits::max_findings`]): a budget that
/// bounds a scan's memory and BOM whatever the tree holds. Files are taken in
/// path order; the findings of a file that would cross the budget are left
/// out whole, and one warning summarises what was.
pub const MAX_FINDINGS_PER_SCAN: usize = 250_000;

/// What the per-scan budget left out.
#[derive(Debug, Default)]
struct Over {
    files: usize,
    findings: usize,
    first: Option<String>,
}

impl Over {
    fn add(&mut self, path: &str, findings: usize) {
        if findings == 0 {
            return;
        }
        self.files += 1;
        self.findings += findings;
        self.first.get_or_insert_with(|| path.to_string());
    }

    fn warning(&self, budget: usize) -> Option<Warning> {
        let first = self.first.as_deref()?;
        Some(Warning::new(
            Code::Capped,
            "",
            format!(
                "the scan's budget of {budget} findings is spent: {} findings in {} files are not reported, from {first} on (in path order)",
                self.findings, self.files
            ),
        ))
    }
}

fn progress(done: &AtomicUsize, finished: &AtomicBool, total: usize) {
    while !finished.load(Ordering::Relaxed) {
        eprint!(
            "\raibom: scanned {}/{} files",
            done.load(Ordering::Relaxed),
            total
        );
        std::thread::sleep(Duration::from_millis(150));
    }
    eprint!("\r\x1b[2K");
}
