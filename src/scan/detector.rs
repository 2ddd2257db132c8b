//! The detector table. Every detector has the shape
//! `fn(&FileCx, …, &mut Results)` (see [`crate::scan::cx`]); [`TextKind`] says
//! which detector reads each kind of text file, and which kinds the
//! credentials pass also reads.

use crate::scan::code::{self, Lang};
use crate::scan::config::{self, ConfigKind};
use crate::scan::cx::FileCx;
use crate::scan::{dotenv, lineage, notebook, packages};
use crate::vocab::Results;

/// What a path is read as, and so which detector reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// Source code of a language with a grammar.
    Code(Lang),
    /// A package manifest or lockfile.
    Packages,
    /// A dotenv file (`.env`, `.env.example`).
    DotEnv,
    /// A PEFT `adapter_config.json`.
    AdapterConfig,
    /// A transformers `config.json`.
    HfConfig,
    /// A `README.md` (model-card front matter).
    Readme,
    /// A configuration file (YAML, JSON, TOML, Terraform, Dockerfile, …).
    Config(ConfigKind),
    /// A Jupyter notebook.
    Notebook,
}

impl TextKind {
    /// Whether the credentials pass also reads files of this kind. Manifests
    /// and the lineage files hold package and model names, not keys.
    pub fn secrets_pass(self) -> bool {
        matches!(
            self,
            TextKind::Code(_) | TextKind::DotEnv | TextKind::Config(_) | TextKind::Notebook
        )
    }

    /// Whether text of this kind that turns out binary is worth a warning
    /// (a binary `README.md` or `config.json` is someone's asset, not a mistake).
    pub fn warns_when_binary(self) -> bool {
        !matches!(
            self,
            TextKind::AdapterConfig | TextKind::HfConfig | TextKind::Readme
        )
    }

    /// Runs this kind's detector over one file.
    pub fn detect(self, cx: &FileCx, out: &mut Results) {
        match self {
            TextKind::Code(lang) => code::detect(cx, lang, out),
            TextKind::Packages => packages::detect(cx, out),
            TextKind::DotEnv => dotenv::detect(cx, out),
            TextKind::Config(kind) => config::detect(cx, kind, out),
            TextKind::Notebook => notebook::detect(cx, out),
            TextKind::AdapterConfig => lineage::adapter_config(cx, out),
            TextKind::HfConfig => lineage::hf_config(cx, out),
            TextKind::Readme => lineage::model_card(cx, out),
        }
    }
}
