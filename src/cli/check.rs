//! `aibom check [--repo PATH] --base REV --head REV [--config FILE] [--format …] [-o FILE]`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::report_args::ReportArgs;
use crate::check::{CheckOptions, check};

/// Arguments of `aibom check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Any path inside the repository.
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// The base revision (what the change is compared with).
    #[arg(long)]
    pub base: String,
    /// The head revision (the change).
    #[arg(long, default_value = "HEAD")]
    pub head: String,
    /// Policy file to use instead of `.aibom.yml` from the base commit.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Extra catalog file(s).
    #[arg(long = "catalog")]
    pub catalogs: Vec<PathBuf>,
    /// Print scan times and blob reuse on stderr.
    #[arg(long)]
    pub timings: bool,
    /// Output.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Runs `aibom check`.
pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    let catalog = super::load_catalog(&args.catalogs)?;
    let opts = CheckOptions {
        repo: args.repo.clone(),
        base: args.base.clone(),
        head: args.head.clone(),
        config: args.config.clone(),
        progress: true,
    };
    let outcome = check(&opts, &catalog)?;
    if args.timings {
        let (b, h) = (
            outcome.base_time.as_secs_f64(),
            outcome.head_time.as_secs_f64(),
        );
        let (hits, misses) = outcome.cache;
        eprintln!(
            "aibom: base scan {b:.3}s, head scan {h:.3}s ({:.1}% of the base); blobs reused {hits}, read {misses}",
            if b > 0.0 { h / b * 100.0 } else { 0.0 }
        );
    }
    args.report.emit(&outcome.report)
}
