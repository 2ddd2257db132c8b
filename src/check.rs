//! `aibom check`: the main job. Scans two commits of a local repository from
//! the object database (the head reusing every blob the base scan already
//! read), diffs them, applies the base commit's policy and builds the report.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::bom::Inventory;
use crate::catalog::Catalog;
use crate::diff;
use crate::policy::{self, Config, POLICY_FILE};
use crate::report::json::{Report, report};
use crate::scan::{self, BlobCache, ScanOptions};
use crate::source::GitSource;

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
}

/// Loads the policy: `--config FILE`, else `.aibom.yml` from the base commit, else defaults.
pub fn load_policy(config: Option<&PathBuf>, base: &GitSource) -> Result<Config> {
    match config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Ok(policy::cfg::parse(&path.display().to_string(), &text)?)
        }
        None => match base.read_path(POLICY_FILE)? {
            Some(bytes) => {
                let text = String::from_utf8(bytes)
                    .with_context(|| format!("{POLICY_FILE} in the base commit is not UTF-8"))?;
                Ok(policy::cfg::parse(POLICY_FILE, &text)?)
            }
            None => Ok(Config::default()),
        },
    }
}

/// Runs the check.
pub fn check(opts: &CheckOptions, catalog: &Catalog) -> Result<CheckOutcome> {
    let base_src = GitSource::open(&opts.repo, &opts.base)?;
    let head_src = GitSource::open(&opts.repo, &opts.head)?;
    let cfg = load_policy(opts.config.as_ref(), &base_src)?;
    let scan_opts = ScanOptions {
        progress: opts.progress,
        ..ScanOptions::default()
    };
    let cache = BlobCache::default();
    let t = Instant::now();
    let b = scan::scan_cached(&base_src, catalog, &scan_opts, Some(&cache))?;
    let base_time = t.elapsed();
    let t = Instant::now();
    let h = scan::scan_cached(&head_src, catalog, &scan_opts, Some(&cache))?;
    let head_time = t.elapsed();
    let warnings: Vec<String> = h
        .warnings
        .iter()
        .map(|w| catalog.redact(&w.to_string()).into_owned())
        .collect();
    let base = Inventory::from_findings(b.findings, b.warnings);
    let head = Inventory::from_findings(h.findings, h.warnings);
    let judged = policy::apply(&cfg, &base, diff::diff(&base, &head));
    let report = report(
        &base_src.commit_id(),
        &head_src.commit_id(),
        &judged,
        warnings,
    );
    Ok(CheckOutcome {
        report,
        base,
        head,
        base_time,
        head_time,
        cache: cache.stats(),
    })
}
