//! `aibom serve`: the GitHub App. Settings come from the environment; flags
//! override them (see README, "Install on your organization").

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};

use crate::server::run::serve;
use crate::server::settings::Settings;

/// Log formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Arguments of `aibom serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Listen address (AIBOM_LISTEN).
    #[arg(long)]
    pub listen: Option<String>,
    /// sqlite://PATH (DATABASE_URL).
    #[arg(long)]
    pub database_url: Option<String>,
    /// Concurrent jobs (AIBOM_WORKERS).
    #[arg(long)]
    pub workers: Option<usize>,
    /// Log format.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// Runs `aibom serve`.
pub fn run(args: &ServeArgs) -> Result<ExitCode> {
    let overrides = [
        ("AIBOM_LISTEN", args.listen.clone()),
        ("DATABASE_URL", args.database_url.clone()),
        ("AIBOM_WORKERS", args.workers.map(|w| w.to_string())),
    ];
    let settings = Settings::from_vars(|name| {
        overrides
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| v.clone())
            .or_else(|| std::env::var(name).ok())
    })?;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match args.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
    let catalog = crate::catalog::Catalog::builtin()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(serve(settings, catalog))?;
    Ok(ExitCode::SUCCESS)
}
