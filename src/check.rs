//! `aibom check`: the main job. Scans two commits of a local repository from
//! the object database (the head reusing every blob the base scan already
//! read), diffs them, applies the base commit's policy and builds the report.

use std::io::Read;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::bom::Inventory;
use crate::catalog::Catalog;
use crate::diff;
use crate::link;
use crate::policy::{self, Config, POLICY_FILE};
use crate::report::json::{Report, report};
use crate::scan::{self, BlobCache, ScanOptions};
use crate::source::{Entry, EntryKind, GitSource, Source};
use crate::vocab::{Code, Warning};

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Any path inside the repository.
    pub repo: PathBuf,
    /// Base revision.
    pub base: String,
    /// Head revision.
    pub head: String,
    /// A policy file to use instead of the base commit's `.aibom.yml`.
    pub config: Option<PathBuf>,
    /// Progress on stderr.
    pub progress: bool,
}

/// The outcome, with what it cost.
#[derive(Debug)]
pub struct CheckOutcome {
    /// The report.
    pub report: Report,
    /// Base inventory.
    pub base: Inventory,
    /// Head inventory.
    pub head: Inventory,
    /// Time spent scanning the base.
    pub base_time: Duration,
    /// Time spent scanning the head.
    pub head_time: Duration,
    /// Blob-cache (hits, misses) after both scans.
    pub cache: (usize, usize),
    /// The two trees as the scans listed them (what changed, for review anchors).
    pub trees: diff::Trees,
}

/// Loads the policy: `--config FILE`, else `.aibom.yml` from the base, else defaults.
pub fn load_policy(config: Option<&PathBuf>, base: &dyn Source) -> Result<Config> {
    match config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Ok(policy::cfg::parse(&path.display().to_string(), &text)?)
        }
        None => policy_in(base, POLICY_FILE),
    }
}

/// The policy at `path` in the base commit, or the defaults when there is none.
pub fn policy_in(base: &dyn Source, path: &str) -> Result<Config> {
    match base.read_path(path)? {
        Some(bytes) => {
            let text = String::from_utf8(bytes)
                .with_context(|| format!("{path} in the base is not UTF-8"))?;
            Ok(policy::cfg::parse(path, &text)?)
        }
        None => Ok(Config::default()),
    }
}

/// Scans `base` then `head` (sharing `cache`), diffs and judges with `cfg`.
pub fn check_sources(
    base: &dyn Source,
    head: &dyn Source,
    cfg: &Config,
    catalog: &Catalog,
    cache: &BlobCache,
    progress: bool,
) -> Result<CheckOutcome> {
    let scan_opts = ScanOptions {
        progress,
        ..ScanOptions::default()
    };
    let t = Instant::now();
    let mut b = scan::scan_cached(base, catalog, &scan_opts, Some(cache))?;
    let base_time = t.elapsed();
    let t = Instant::now();
    let mut h = scan::scan_cached(head, catalog, &scan_opts, Some(cache))?;
    let head_time = t.elapsed();
    // The report speaks of what the change touched: notes on files it left
    // alone (a syntax note, an unread config) stay in the BOM only.
    let trees = diff::Trees {
        base: std::mem::take(&mut b.entries),
        head: std::mem::take(&mut h.entries),
    };
    let changed = trees.changed();
    let warnings: Vec<Warning> = h
        .warnings()
        .iter()
        .filter(|w| w.file.is_empty() || changed.contains(w.file.as_str()))
        .cloned()
        .collect();
    let base_name = b
        .subject
        .commit
        .clone()
        .unwrap_or_else(|| b.subject.name.clone());
    let head_name = h
        .subject
        .commit
        .clone()
        .unwrap_or_else(|| h.subject.name.clone());
    let (base_unparsed, head_unparsed) = (
        unparsed(base, &trees.base, b.warnings()),
        unparsed(head, &trees.head, h.warnings()),
    );
    let base_inv = Inventory::from_linked(link::link(b.results, catalog));
    let head_inv = Inventory::from_linked(link::link(h.results, catalog));
    let mut d = diff::diff(&base_inv, &head_inv);
    diff::drop_still_named(&mut d, &base_unparsed, &head_unparsed);
    let judged = policy::apply(cfg, &base_inv, d);
    let report = report(&base_name, &head_name, &judged, warnings);
    Ok(CheckOutcome {
        report,
        base: base_inv,
        head: head_inv,
        base_time,
        head_time,
        cache: cache.stats(),
        trees,
    })
}

/// Bytes a file over the parse limit may be read for: enough for a
/// generated catalog, bounded for a hostile one.
const MAX_UNPARSED_READ: usize = 32 << 20;

/// The contents of the files of `source` the scan did not parse for being
/// too large (read for the models they name; see [`diff::drop_still_named`]).
/// `entries` is the listing the scan already made: sizes come from it, so a
/// hostile file is never read whole, and nothing is listed again. A file that
/// cannot be read is left out: the diff then stays as scanned.
fn unparsed(source: &dyn Source, entries: &[Entry], warnings: &[Warning]) -> Vec<Vec<u8>> {
    let paths: std::collections::BTreeSet<&str> = warnings
        .iter()
        .filter(|w| w.code == Code::TooLarge && !w.file.is_empty())
        .map(|w| w.file.as_str())
        .collect();
    let wanted: Vec<&Entry> = entries
        .iter()
        .filter(|e| {
            e.kind == EntryKind::File
                && paths.contains(e.path.as_str())
                && e.size <= MAX_UNPARSED_READ as u64
        })
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let Ok(mut reader) = source.reader() else {
        return Vec::new();
    };
    wanted
        .into_iter()
        .filter_map(|e| {
            let mut bytes = Vec::new();
            let mut stream = reader.open(e).ok()?.take(MAX_UNPARSED_READ as u64 + 1);
            stream.read_to_end(&mut bytes).ok()?;
            (bytes.len() <= MAX_UNPARSED_READ).then_some(bytes)
        })
        .collect()
}

/// Runs the check on two commits of a local repository.
pub fn check(opts: &CheckOptions, catalog: &Catalog) -> Result<CheckOutcome> {
    let base_src = GitSource::open(&opts.repo, &opts.base)?;
    let head_src = GitSource::open(&opts.repo, &opts.head)?;
    let cfg = load_policy(opts.config.as_ref(), &base_src)?;
    check_sources(
        &base_src,
        &head_src,
        &cfg,
        catalog,
        &BlobCache::default(),
        opts.progress,
    )
}
