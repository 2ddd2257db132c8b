//! `aibom catalog keywords|show`: inspect the catalog the scanner uses.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand};

/// Arguments of `aibom catalog`.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// What to print.
    #[command(subcommand)]
    pub what: CatalogWhat,
    /// Extra catalog file(s) extending the built-in one.
    #[arg(long = "catalog", global = true)]
    pub catalogs: Vec<PathBuf>,
}

/// Catalog views.
#[derive(Debug, Subcommand)]
pub enum CatalogWhat {
    /// The pre-filter keywords, one per line (a file without any is never parsed).
    Keywords,
    /// The built-in catalog file (any `--catalog` files are checked first).
    Show,
}

/// Runs `aibom catalog`.
pub fn run(args: &CatalogArgs) -> Result<ExitCode> {
    // Extension files are checked whatever the view: a broken file is an
    // error here, not at the next scan.
    let catalog = super::load_catalog(&args.catalogs)?;
    match args.what {
        CatalogWhat::Keywords => {
            for k in catalog.prefilter_keywords() {
                println!("{k}");
            }
        }
        CatalogWhat::Show => print!("{}", crate::catalog::BUILTIN_CATALOG),
    }
    Ok(ExitCode::SUCCESS)
}
