//! `aibom diff BASE.cdx.json HEAD.cdx.json [--config FILE] [--format …]`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use super::report_args::ReportArgs;
use crate::diff::{diff, inventory_from_bom};
use crate::policy::{self, Config};
use crate::report::json::report;

/// Arguments of `aibom diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The base document.
    pub base: PathBuf,
    /// The head document.
    pub head: PathBuf,
    /// Policy file (default: report everything, fail on nothing).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Output.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Runs `aibom diff`.
pub fn run(args: &DiffArgs) -> Result<ExitCode> {
    let catalog = crate::catalog::Catalog::builtin()?;
    let read = |p: &PathBuf| -> Result<_> {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
        inventory_from_bom(&text, catalog.redactor()).with_context(|| p.display().to_string())
    };
    let (base, head) = (read(&args.base)?, read(&args.head)?);
    let cfg = match &args.config {
        Some(p) => policy::cfg::parse(
            &p.display().to_string(),
            &std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?,
        )?,
        None => Config::default(),
    };
    let judged = policy::apply(&cfg, &base, diff(&base, &head));
    let r = report(
        &args.base.display().to_string(),
        &args.head.display().to_string(),
        &judged,
        Vec::new(),
    );
    args.report.emit(&r)
}
