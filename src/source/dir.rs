//! A directory on disk, walked with the `ignore` crate (ripgrep's walker):
//! `.gitignore` respected, hidden files included, `.git` skipped, symlinks never
//! followed, and every file opened with `O_NOFOLLOW`.

use std::fs::File;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{BlobReader, Entry, EntryKind, Listing, Source, Subject};
use crate::vocab::{Code, Warning};

/// Deepest directory nesting walked; deeper paths are reported and skipped.
pub const MAX_DEPTH: usize = 256;

/// A directory tree on disk.
#[derive(Debug)]
pub struct DirSource {
    root: PathBuf,
    /// Files whose name is not valid UTF-8: the path shown (bytes escaped as
    /// `\xFF`) → the path on disk, so they are opened, not lost.
    raw_names: std::sync::Mutex<std::collections::HashMap<String, PathBuf>>,
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
        Ok(DirSource {
            root,
            raw_names: Default::default(),
        })
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
                    listing
                        .warnings
                        .push(Warning::new(Code::Unreadable, &path, msg));
                    continue;
                }
            };
            let Some(ft) = entry.file_type() else {
                continue;
            };
            let rel = relative(&self.root, entry.path());
            if entry.path().to_str().is_none() && !ft.is_dir() {
                listing.warnings.push(Warning::new(
                    Code::NonUtf8Name,
                    &rel,
                    "file name is not valid UTF-8; shown with its bytes escaped",
                ));
                if let Ok(mut m) = self.raw_names.lock() {
                    m.insert(rel.clone(), entry.path().to_path_buf());
                }
            }
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
            } else if ft.is_dir() {
                if entry.depth() == MAX_DEPTH {
                    listing.warnings.push(Warning::new(
                        Code::TooDeep,
                        &rel,
                        format!("directory nested deeper than {MAX_DEPTH} levels; not scanned"),
                    ));
                }
            } else {
                listing.warnings.push(Warning::new(
                    Code::NotRegular,
                    &rel,
                    "not a regular file (a FIFO, socket or device); not read",
                ));
            }
        }
        listing.entries.sort_by(|a, b| a.path.cmp(&b.path));
        if let Some(w) = self.ignored_but_tracked(&listing.entries) {
            listing.warnings.push(w);
        }
        Ok(listing)
    }

    fn reader(&self) -> Result<Box<dyn BlobReader + '_>> {
        Ok(Box::new(DirReader {
            root: &self.root,
            raw_names: &self.raw_names,
        }))
    }
}

impl DirSource {
    /// When the directory is a git work tree's root: a note naming the files
    /// its `HEAD` commit tracks that `.gitignore` rules kept out of the walk
    /// (a committed file under an ignored path is still in the repository).
    fn ignored_but_tracked(&self, listed: &[Entry]) -> Option<Warning> {
        if !self.root.join(".git").exists() {
            return None;
        }
        let head = super::GitSource::open(&self.root, "HEAD")
            .ok()?
            .list()
            .ok()?;
        let seen: std::collections::HashSet<&str> =
            listed.iter().map(|e| e.path.as_str()).collect();
        let skipped: Vec<&str> = head
            .entries
            .iter()
            .map(|e| e.path.as_str())
            .filter(|p| !seen.contains(p))
            .filter(|p| std::fs::symlink_metadata(self.root.join(p)).is_ok_and(|m| m.is_file()))
            .collect();
        let first = skipped.first()?;
        Some(Warning::new(
            Code::Gitignored,
            "",
            match skipped.len() {
                1 => format!(
                    "1 file tracked by git is skipped by .gitignore rules ({first}); `aibom scan --rev HEAD` scans the commit, ignored files included"
                ),
                n => format!(
                    "{n} files tracked by git are skipped by .gitignore rules (the first: {first}); `aibom scan --rev HEAD` scans the commit, ignored files included"
                ),
            },
        ))
    }
}

struct DirReader<'a> {
    root: &'a Path,
    raw_names: &'a std::sync::Mutex<std::collections::HashMap<String, PathBuf>>,
}

impl BlobReader for DirReader<'_> {
    fn open(&mut self, entry: &Entry) -> std::io::Result<Box<dyn Read + '_>> {
        let path = self
            .raw_names
            .lock()
            .ok()
            .and_then(|m| m.get(&entry.path).cloned())
            .unwrap_or_else(|| self.root.join(&entry.path));
        // O_NOFOLLOW: a file swapped for a symlink after the walk is refused, not followed.
        let file = File::options()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(path)?;
        Ok(Box::new(file))
    }
}

/// A path relative to `root` with `/` separators; bytes of a name that are
/// not valid UTF-8 are written `\xFF` (never replaced, so two names stay apart).
fn relative(root: &Path, path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| {
            let bytes = c.as_os_str().as_bytes();
            match std::str::from_utf8(bytes) {
                Ok(s) => s.to_string(),
                Err(_) => bytes
                    .utf8_chunks()
                    .map(|chunk| {
                        let mut s = chunk.valid().to_string();
                        for b in chunk.invalid() {
                            s.push_str(&format!("\\x{b:02X}"));
                        }
                        s
                    })
                    .collect(),
            }
        })
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
