//! A directory on disk, walked with the `ignore` crate (ripgrep's walker):
//! `.gitignore` respected, hidden files included, `.git` skipped, symlinks never
//! followed, and every file opened with `O_NOFOLLOW`.

use std::fs::File;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{BlobReader, Entry, EntryKind, Listing, Source, Subject};
use crate::scan::Warning;

/// Deepest directory nesting walked; deeper paths are reported and skipped.
pub const MAX_DEPTH: usize = 256;

/// A directory tree on disk.
#[derive(Debug)]
pub struct DirSource {
    root: PathBuf,
}

impl DirSource {
    /// A source over `root`, which must be a readable directory.
    pub fn new(root: &Path) -> Result<Self> {
        let meta =
            std::fs::metadata(root).with_context(|| format!("cannot read {}", root.display()))?;
        if !meta.is_dir() {
            bail!("{} is not a directory", root.display());
        }
        std::fs::read_dir(root).with_context(|| format!("cannot read {}", root.display()))?;
        let root = root
            .canonicalize()
            .with_context(|| format!("cannot resolve {}", root.display()))?;
        Ok(DirSource { root })
    }
}

impl Source for DirSource {
    fn subject(&self) -> Subject {
        let name = self
            .root
            .file_name()
            .map_or_else(|| "root".into(), |n| n.to_string_lossy().into_owned());
        Subject { name, commit: None }
    }

    fn list(&self) -> Result<Listing> {
        let mut listing = Listing::default();
        let walker = ignore::WalkBuilder::new(&self.root)
            .hidden(false)
            .follow_links(false)
            .max_depth(Some(MAX_DEPTH))
            .require_git(false)
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        for item in walker {
            let entry = match item {
                Ok(e) => e,
                Err(err) => {
                    let (path, msg) = describe_walk_error(&self.root, &err);
                    listing.warnings.push(Warning::new(&path, msg));
                    continue;
                }
            };
            let Some(ft) = entry.file_type() else {
                continue;
            };
            let rel = relative(&self.root, entry.path());
            if ft.is_symlink() {
                let target = std::fs::read_link(entry.path())
                    .map(|t| t.to_string_lossy().into_owned())
                    .unwrap_or_default();
                listing.entries.push(Entry {
                    path: rel,
                    size: 0,
                    blob: None,
                    kind: EntryKind::Symlink { target },
                });
            } else if ft.is_file() {
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                listing.entries.push(Entry {
                    path: rel,
                    size,
                    blob: None,
                    kind: EntryKind::File,
                });
            } else if ft.is_dir() && entry.depth() == MAX_DEPTH {
                listing.warnings.push(Warning::new(
                    &rel,
                    format!("directory nested deeper than {MAX_DEPTH} levels; not scanned"),
                ));
            }
        }
        listing.entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(listing)
    }

    fn reader(&self) -> Result<Box<dyn BlobReader + '_>> {
        Ok(Box::new(DirReader { root: &self.root }))
    }
}

struct DirReader<'a> {
    root: &'a Path,
}

impl BlobReader for DirReader<'_> {
    fn open(&mut self, entry: &Entry) -> std::io::Result<Box<dyn Read + '_>> {
        // O_NOFOLLOW: a file swapped for a symlink after the walk is refused, not followed.
        let file = File::options()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(self.root.join(&entry.path))?;
        Ok(Box::new(file))
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn describe_walk_error(root: &Path, err: &ignore::Error) -> (String, String) {
    fn find_path(err: &ignore::Error) -> Option<&Path> {
        match err {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                find_path(err)
            }
            _ => None,
        }
    }
    let path = find_path(err)
        .map(|p| relative(root, p))
        .unwrap_or_default();
    (path, format!("not scanned: {err}"))
}
