//! `aibom scan [PATH] [--rev REV] [-o FILE] [--format cyclonedx-json|table]`.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};

use crate::bom::{self, Inventory};
use crate::link;
use crate::report;
use crate::scan::{self, ScanOptions};
use crate::source::{DirSource, GitSource, Source};

/// Output formats of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    /// CycloneDX 1.6 JSON.
    CyclonedxJson,
    /// A readable table.
    Table,
}

/// Arguments of `aibom scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Directory to scan (with --rev: any path inside the repository).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Scan this git revision from the object database instead of the working tree.
    #[arg(long)]
    pub rev: Option<String>,
    /// Write the output here instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScanFormat::CyclonedxJson)]
    pub format: ScanFormat,
    /// Extra catalog file(s) extending the built-in one.
    #[arg(long = "catalog")]
    pub catalogs: Vec<PathBuf>,
}

/// Runs `aibom scan`.
pub fn run(args: &ScanArgs) -> Result<ExitCode> {
    let catalog = super::load_catalog(&args.catalogs)?;
    let source: Box<dyn Source> = match &args.rev {
        Some(rev) => Box::new(GitSource::open(&args.path, rev)?),
        None => Box::new(DirSource::new(&args.path)?),
    };
    let opts = ScanOptions {
        progress: true,
        ..ScanOptions::default()
    };
    let out = scan::scan(source.as_ref(), &catalog, &opts)?;
    let warnings = out.warnings().len();
    let inv = Inventory::from_linked(link::link(out.results, &catalog));
    let mut sink: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = BufWriter::new(&mut sink);
    match args.format {
        ScanFormat::CyclonedxJson => {
            bom::write_json(&mut bom::build(&inv, &out.subject, &catalog), &mut w)?
        }
        ScanFormat::Table => w.write_all(report::table::render(&inv).as_bytes())?,
    }
    w.flush().context("cannot write the output")?;
    if warnings > 0 {
        eprintln!(
            "aibom: {warnings} warning(s); see metadata.properties aibom:scan:warning:<code>"
        );
    }
    Ok(ExitCode::SUCCESS)
}
