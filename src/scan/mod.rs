//! The scan stage: runs the detectors over every entry of a source, in
//! parallel, and returns findings and warnings in a deterministic order.

pub mod cache;
pub mod code;
pub mod config;
pub mod cx;
pub mod detector;
pub mod dotenv;
pub mod endpoint;
pub mod file;
pub mod lineage;
pub mod notebook;
pub mod packages;
pub mod sealed;
pub mod text;
pub mod weights;

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Result;
use rayon::prelude::*;

pub use cache::{BlobCache, ResultStore};
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
        c.preload(&cache::keys_of(&listing.entries));
    }
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
                        && let Some(hit) = c.lookup(key)
                    {
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
                        c.record(key, &r);
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
        c.persist();
    }
    // Joining sealed parts combines no strings: the whole stays sealed.
    let listed = Results {
        findings: Vec::new(),
        warnings: listing.warnings,
    };
    let mut all = Sealed::seal(redactor, listed);
    let mut over = Over::default();
    for (r, entry) in results.into_iter().zip(&listing.entries) {
        if all.findings.len() + r.findings.len() > opts.limits.max_findings {
            over.add(&entry.path, r.findings.len());
            all.append(r.warnings_only());
            continue;
        }
        all.append(r);
    }
    if let Some(w) = over.warning(opts.limits.max_findings) {
        let budget = Results {
            findings: Vec::new(),
            warnings: vec![w],
        };
        all.append(Sealed::seal(redactor, budget));
    }
    Ok(ScanOutput {
        subject: source.subject(),
        results: all.sorted(),
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
