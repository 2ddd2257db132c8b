//! Output options shared by `check` and `diff`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};

use crate::policy::Verdict;
use crate::report::json::Report;
use crate::report::markdown::Links;
use crate::report::{check_run, json, markdown, sarif};

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// The PR comment / job summary.
    Markdown,
    /// The documented machine-readable shape.
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// The GitHub check-run payload.
    GithubCheck,
}

/// `--format`, `-o`, `--repo-url`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// Write here instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Repository web URL (`https://github.com/o/r`) for file:line links in markdown.
    #[arg(long)]
    pub repo_url: Option<String>,
}

impl ReportArgs {
    /// Renders and writes the report; exit 1 when the policy fails.
    pub fn emit(&self, r: &Report) -> Result<ExitCode> {
        let links = match &self.repo_url {
            Some(u) => {
                let u = u.trim_end_matches('/');
                Links {
                    head: Some(format!("{u}/blob/{}/", r.head)),
                    base: Some(format!("{u}/blob/{}/", r.base)),
                    check_run: None,
                }
            }
            None => Links::default(),
        };
        let text = match self.format {
            ReportFormat::Markdown => markdown::render(r, &links),
            ReportFormat::Json => json::render(r)?,
            ReportFormat::Sarif => serde_json::to_string_pretty(&sarif::render(r))? + "\n",
            ReportFormat::GithubCheck => {
                serde_json::to_string_pretty(&check_run::render(r, &links))? + "\n"
            }
        };
        match &self.output {
            Some(p) => {
                std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display()))?
            }
            None => std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .context("cannot write to stdout")?,
        }
        Ok(if r.verdict == Verdict::Fail {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    }
}
