//! Command-line interface: argument parsing and dispatch. Each subcommand is a
//! thin driver over the pipeline stages.

mod action;
mod catalog;
mod check;
mod diff;
mod report_args;
mod scan;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code for errors (bad input, unreadable repository, …).
pub const EXIT_ERROR: u8 = 2;

/// aibom: what AI does this code run, and what did this change add?
#[derive(Debug, Parser)]
#[command(name = "aibom", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan a directory or a commit into one CycloneDX 1.6 document (SBOM + AIBOM).
    Scan(scan::ScanArgs),
    /// Scan two commits of a local repository, diff them and apply the policy (exit 1 on failure).
    Check(check::CheckArgs),
    /// Diff two saved CycloneDX documents and apply a policy.
    Diff(diff::DiffArgs),
    /// Run the GitHub App (webhook receiver, durable queue, workers).
    Serve(serve::ServeArgs),
    /// Run the check inside a GitHub Actions job (summary, annotations, outputs, PR comment).
    Action(action::ActionArgs),
    /// Inspect the catalog (providers, SDKs, keywords) the scanner uses.
    Catalog(catalog::CatalogArgs),
}

/// Runs the CLI with `std::env::args`; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Scan(args) => scan::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Catalog(args) => catalog::run(&args),
        Command::Action(args) => action::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            for line in error_lines(&e) {
                eprintln!("aibom: error: {line}");
            }
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// What stderr says about an error: configuration errors one per line (each
/// at its file:line:column, as a compiler lists them), any other error chain
/// on one line.
fn error_lines(e: &anyhow::Error) -> Vec<String> {
    let config = e
        .chain()
        .find_map(|c| c.downcast_ref::<crate::vocab::ConfigErrors>());
    match config {
        Some(errs) => errs
            .0
            .iter()
            .map(|c| c.to_string().replace('\n', " "))
            .collect(),
        None => vec![one_line(e)],
    }
}

/// An error chain on one line.
fn one_line(e: &anyhow::Error) -> String {
    e.chain()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(": ")
        .replace('\n', " ")
}

/// Loads the catalog, extended with user files.
pub(crate) fn load_catalog(extra: &[PathBuf]) -> anyhow::Result<crate::catalog::Catalog> {
    use anyhow::Context;
    let mut files = Vec::new();
    for p in extra {
        let text = std::fs::read_to_string(p)
            .with_context(|| format!("cannot read catalog {}", p.display()))?;
        files.push((p.display().to_string(), text));
    }
    crate::catalog::Catalog::with_extensions(&files)
}
