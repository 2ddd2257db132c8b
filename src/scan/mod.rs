//! The scan stage: runs the detectors over every entry of a source, in
//! parallel, and returns findings and warnings in a deterministic order.

pub mod code;
pub mod dotenv;
pub mod endpoint;
pub mod file;
pub mod finding;
pub mod lineage;
pub mod packages;
pub mod text;
pub mod weights;

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Result;
use rayon::prelude::*;

pub use file::Limits;
pub use finding::{Evidence, Finding, Kind, Warning};

use crate::catalog::Catalog;
use crate::source::{Source, Subject};

/// How to scan.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScanOptions {
    /// File-size limits.
    pub limits: Limits,
    /// Show a progress line on stderr (only when stderr is a terminal).
    pub progress: bool,
}

/// Everything one scan found.
#[derive(Debug)]
pub struct ScanOutput {
    /// What was scanned.
    pub subject: Subject,
    /// Findings sorted by identity key, then evidence.
    pub findings: Vec<Finding>,
    /// Skipped files and other notices, sorted.
    pub warnings: Vec<Warning>,
    /// Number of entries looked at.
    pub files: usize,
}

/// Results of files already scanned, by (git blob id, path): a second scan of a
/// related commit (a PR's head after its base) reads and parses only the blobs
/// the first did not see.
#[derive(Debug, Default)]
pub struct BlobCache {
    map: Mutex<HashMap<(String, String), file::FileResult>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

impl BlobCache {
    /// (hits, misses) so far.
    pub fn stats(&self) -> (usize, usize) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }
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
    let done = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let show_progress = opts.progress && std::io::stderr().is_terminal();
    let results: Vec<file::FileResult> = std::thread::scope(|s| {
        if show_progress {
            s.spawn(|| progress(&done, &finished, total));
        }
        // Largest files first, so hashing a big weight file overlaps with the
        // many small ones instead of trailing them; results go back in path order.
        let mut order: Vec<usize> = (0..total).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(listing.entries[i].size));
        let mut results: Vec<(usize, file::FileResult)> = order
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
                        return (i, hit);
                    }
                    let r = match reader {
                        Ok(r) => file::scan_entry(catalog, opts.limits, entry, r.as_mut()),
                        Err(e) => file::FileResult {
                            warnings: vec![Warning::new(
                                &entry.path,
                                format!("not scanned: {e:#}"),
                            )],
                            ..Default::default()
                        },
                    };
                    if let Some((c, key)) = cache_key {
                        c.misses.fetch_add(1, Ordering::Relaxed);
                        if let Ok(mut m) = c.map.lock() {
                            m.insert(key, r.clone());
                        }
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                    (i, r)
                },
            )
            .collect();
        results.sort_by_key(|(i, _)| *i);
        let results: Vec<file::FileResult> = results.into_iter().map(|(_, r)| r).collect();
        finished.store(true, Ordering::Relaxed);
        results
    });
    let mut findings = Vec::new();
    let mut warnings = listing.warnings;
    for r in results {
        findings.extend(r.findings);
        warnings.extend(r.warnings);
    }
    packages::reconcile(&mut findings);
    findings.sort_by_cached_key(|f| (f.key(), f.evidence.clone()));
    warnings.sort();
    warnings.dedup();
    Ok(ScanOutput {
        subject: source.subject(),
        findings,
        warnings,
        files: total,
    })
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
