//! [`Warning`]: a file the scan could not fully read, or a notice, with a
//! stable [`Code`] a tool reading the BOM or the JSON report can match on.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// What kind of notice a [`Warning`] is. The names are stable: they are
/// written as `aibom:scan:warning:<code>` in the BOM and as `code` in the
/// JSON report, and documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A symbolic link; never followed.
    Symlink,
    /// A git submodule; its commit is not scanned.
    Submodule,
    /// A FIFO, socket, device or other non-regular file; not read.
    NotRegular,
    /// An archive entry whose path would leave the tree; not unpacked.
    UnsafePath,
    /// A file or directory that could not be read (I/O, permissions, object store).
    Unreadable,
    /// A file name that is not valid UTF-8; shown with its bytes escaped.
    NonUtf8Name,
    /// A directory or syntax tree nested too deep; the deepest part not scanned.
    TooDeep,
    /// Files tracked by git but skipped by `.gitignore` rules in a directory scan.
    Gitignored,
    /// A file over the size or parse limit for its kind.
    TooLarge,
    /// Minified or generated code (a very long line); not parsed.
    Minified,
    /// Binary content where text was expected.
    Binary,
    /// Content that is not valid UTF-8; decoded with replacement characters.
    InvalidUtf8,
    /// A file, line or header that could not be parsed (syntax errors included).
    ParseError,
    /// A value that refers to something not defined in the file (a Maven property).
    Unresolved,
    /// A merge-conflict marker in a lockfile.
    ConflictMarker,
    /// A Git LFS pointer without a valid object id and size.
    InvalidLfsPointer,
    /// More was found than is reported (per file or per scan); the rest is counted.
    Capped,
    /// A hard-coded credential; its value is never recorded.
    Credential,
    /// A warning read from a BOM written before codes existed.
    Other,
}

impl Code {
    /// Every code, in declaration order.
    pub const ALL: [Code; 19] = [
        Code::Symlink,
        Code::Submodule,
        Code::NotRegular,
        Code::UnsafePath,
        Code::Unreadable,
        Code::NonUtf8Name,
        Code::TooDeep,
        Code::Gitignored,
        Code::TooLarge,
        Code::Minified,
        Code::Binary,
        Code::InvalidUtf8,
        Code::ParseError,
        Code::Unresolved,
        Code::ConflictMarker,
        Code::InvalidLfsPointer,
        Code::Capped,
        Code::Credential,
        Code::Other,
    ];

    /// The stable kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Symlink => "symlink",
            Code::Submodule => "submodule",
            Code::NotRegular => "not-regular",
            Code::UnsafePath => "unsafe-path",
            Code::Unreadable => "unreadable",
            Code::NonUtf8Name => "non-utf8-name",
            Code::TooDeep => "too-deep",
            Code::Gitignored => "gitignored",
            Code::TooLarge => "too-large",
            Code::Minified => "minified",
            Code::Binary => "binary",
            Code::InvalidUtf8 => "invalid-utf8",
            Code::ParseError => "parse-error",
            Code::Unresolved => "unresolved",
            Code::ConflictMarker => "conflict-marker",
            Code::InvalidLfsPointer => "invalid-lfs-pointer",
            Code::Capped => "capped",
            Code::Credential => "credential",
            Code::Other => "other",
        }
    }

    /// The code named `s`, if any.
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A file the scan could not fully read, or something the user should know.
///
/// Warnings sort by file, line and message (then code), so a scan's list
/// reads in path order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Warning {
    /// What kind of notice this is.
    pub code: Code,
    /// Repository-relative path (empty for scan-wide warnings).
    pub file: String,
    /// 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<u32>,
    /// What happened, in one sentence (never a secret value).
    pub message: String,
}

impl Warning {
    /// A warning about a file.
    pub fn new(code: Code, file: &str, message: impl Into<String>) -> Self {
        Warning {
            code,
            file: file.to_string(),
            line: None,
            message: message.into(),
        }
    }

    /// A warning about a line of a file.
    pub fn at(code: Code, file: &str, line: u32, message: impl Into<String>) -> Self {
        Warning {
            line: Some(line),
            ..Warning::new(code, file, message)
        }
    }
}

impl Ord for Warning {
    fn cmp(&self, other: &Self) -> Ordering {
        (&self.file, self.line, &self.message, self.code).cmp(&(
            &other.file,
            other.line,
            &other.message,
            other.code,
        ))
    }
}

impl PartialOrd for Warning {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.file.is_empty(), self.line) {
            (true, _) => write!(f, "{}", self.message),
            (false, Some(l)) => write!(f, "{}:{}: {}", self.file, l, self.message),
            (false, None) => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_matches_its_serde_name() {
        for c in Code::ALL {
            assert_eq!(Code::parse(c.as_str()), Some(c));
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
        }
        assert_eq!(Code::parse("Symlink"), None);
        let distinct: std::collections::BTreeSet<_> = Code::ALL.iter().collect();
        assert_eq!(distinct.len(), Code::ALL.len(), "ALL lists each code once");
    }

    #[test]
    fn the_readme_documents_every_code() {
        let readme = include_str!("../../README.md");
        for c in Code::ALL {
            assert!(readme.contains(&format!("| `{c}` |")), "README: `{c}`");
        }
    }

    #[test]
    fn warnings_sort_by_place_before_code() {
        let a = Warning::at(Code::Credential, "a.py", 2, "x");
        let b = Warning::at(Code::Binary, "a.py", 3, "x");
        let c = Warning::new(Code::Symlink, "b.py", "x");
        let mut v = vec![c.clone(), b.clone(), a.clone()];
        v.sort();
        assert_eq!(v, vec![a, b, c]);
    }
}
