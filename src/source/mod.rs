//! Sources: where the bytes come from. A source lists [`Entry`]s (path, size,
//! blob id, kind) and opens them on demand. A directory is walked on disk; a git
//! commit is read straight from the object database (no checkout). Symlinks are
//! listed, never followed.

mod dir;
mod git;
mod listed;
mod tarball;

use std::io::Read;

use anyhow::Result;

pub use dir::DirSource;
pub use git::GitSource;
pub use listed::{Fetch, ListedSource};
pub use tarball::{TarLimits, TarSource};

use crate::vocab::Warning;

/// Whether `s` is a full commit id (40 hex digits, or 64 in a SHA-256 repository).
pub fn is_commit_sha(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// What kind of tree entry a path is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A symbolic link; its target is recorded, never followed.
    Symlink {
        /// The link target as stored.
        target: String,
    },
}

/// One path in the scanned tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Git blob id (hex) when the source is a commit.
    pub blob: Option<String>,
    /// File or symlink.
    pub kind: EntryKind,
}

/// The entries of a tree plus what the listing had to skip.
#[derive(Debug, Default)]
pub struct Listing {
    /// Entries sorted by path.
    pub entries: Vec<Entry>,
    /// Paths that could not be listed, with reasons.
    pub warnings: Vec<Warning>,
}

/// Describes what was scanned, for the BOM's `metadata.component`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The repository or directory name.
    pub name: String,
    /// The commit id, when scanning a commit.
    pub commit: Option<String>,
}

/// A tree to scan.
pub trait Source: Sync {
    /// What is being scanned.
    fn subject(&self) -> Subject;
    /// Lists every file and symlink in the tree.
    fn list(&self) -> Result<Listing>;
    /// A reader for use on one thread (a scan makes one per worker).
    fn reader(&self) -> Result<Box<dyn BlobReader + '_>>;

    /// The content of the regular file at `path`, if there is one (links are not followed).
    fn read_path(&self, path: &str) -> Result<Option<Vec<u8>>> {
        let listing = self.list()?;
        let Some(entry) = listing
            .entries
            .iter()
            .find(|e| e.path == path && e.kind == EntryKind::File)
        else {
            return Ok(None);
        };
        let mut reader = self.reader()?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut reader.open(entry)?, &mut bytes)?;
        Ok(Some(bytes))
    }
}

/// Opens entries' contents; one per worker thread.
pub trait BlobReader {
    /// A stream over the entry's bytes.
    fn open(&mut self, entry: &Entry) -> std::io::Result<Box<dyn Read + '_>>;
}
