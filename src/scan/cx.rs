//! The detectors' one input: a file the reader decided to read as text, as a
//! [`FileCx`] (the catalog, the path, the decoded text, the reading limits and
//! a line index built on first use). It imports no detector, so every
//! detector can take it.

use std::cell::OnceCell;

use crate::catalog::Catalog;
use crate::scan::Limits;
use crate::scan::text::Lines;
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
