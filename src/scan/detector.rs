//! The detectors' one contract. A file the reader decided to read as text
//! reaches its detector as a [`FileCx`] (the catalog, the path, the decoded
//! text and a line index built on first use), and every detector has the same
//! shape, `fn(&FileCx, …, &mut Results)`. [`TextKind`] is the table: which
//! detector reads each kind of text file, and which kinds the credentials pass
//! also reads.

use std::cell::OnceCell;

use crate::catalog::Catalog;
use crate::scan::code::{self, Lang};
use crate::scan::config::{self, ConfigKind};
use crate::scan::text::Lines;
use crate::scan::{Limits, dotenv, lineage, notebook, packages};
use crate::vocab::{Code, Results, Warning};

/// One text file as a detector sees it.
#[derive(Debug)]
pub struct FileCx<'a> {
    /// The catalog (providers, hosts, families, env vars).
    pub catalog: &'a Catalog,
    /// The file's path in the tree.
    pub path: &'a str,
    /// Its decoded text.
    pub text: &'a str,
    /// Reading limits (a lockfile's package cap).
    pub limits: Limits,
    lines: OnceCell<Lines<'a>>,
}

impl<'a> FileCx<'a> {
    /// A context for `text` at `path`.
    pub fn new(catalog: &'a Catalog, path: &'a str, text: &'a str, limits: Limits) -> Self {
        FileCx {
            catalog,
            path,
            text,
            limits,
            lines: OnceCell::new(),
        }
    }

    /// The text's line index, built the first time a finding or credential needs it.
    pub fn lines(&self) -> &Lines<'a> {
        self.lines.get_or_init(|| Lines::new(self.text))
    }

    /// Records a warning about this file.
    pub fn warn(&self, out: &mut Results, code: Code, message: impl Into<String>) {
        out.warnings.push(Warning::new(code, self.path, message));
    }
}

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
