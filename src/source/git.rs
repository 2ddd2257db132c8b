//! A git commit read straight from the object database with gix: no checkout,
//! working-tree changes ignored. Submodules are noted; symlinks are listed, not
//! followed.

use std::io::{Cursor, Read};
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use gix::ObjectId;

use super::{BlobReader, Entry, EntryKind, Listing, Source, Subject};
use crate::vocab::{Code, Warning};

/// Largest blob read from the object database (git inflates a blob whole; larger
/// ones belong in Git LFS and are reported instead of read).
pub const MAX_GIT_BLOB: u64 = 512 * 1024 * 1024;

/// One commit of a local repository.
pub struct GitSource {
    repo: gix::ThreadSafeRepository,
    commit: ObjectId,
    tree: ObjectId,
    name: String,
}

impl std::fmt::Debug for GitSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitSource")
            .field("commit", &self.commit)
            .field("name", &self.name)
            .finish()
    }
}

impl GitSource {
    /// Opens the repository containing `path` and resolves `rev` to a commit.
    pub fn open(path: &Path, rev: &str) -> Result<Self> {
        let repo = gix::discover(path)
            .with_context(|| format!("{} is not inside a git repository", path.display()))?;
        Self::from_repo(repo, rev)
    }

    /// Resolves `rev` in an open repository.
    pub fn from_repo(repo: gix::Repository, rev: &str) -> Result<Self> {
        let commit = repo
            .rev_parse_single(rev)
            .map_err(|e| anyhow!("unknown revision `{rev}`: {e}"))?
            .object()
            .with_context(|| format!("cannot read revision `{rev}`"))?
            .peel_to_commit()
            .with_context(|| format!("revision `{rev}` is not a commit"))?;
        let tree = commit
            .tree_id()
            .with_context(|| format!("cannot read the tree of `{rev}`"))?
            .detach();
        let workdir = repo
            .workdir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| repo.git_dir().to_path_buf());
        let name = workdir
            .file_name()
            .map(|n| n.to_string_lossy().trim_end_matches(".git").to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "repository".into());
        let commit_id = commit.id;
        drop(commit);
        Ok(GitSource {
            commit: commit_id,
            tree,
            name,
            repo: repo.into_sync(),
        })
    }

    /// The resolved commit id.
    pub fn commit_id(&self) -> String {
        self.commit.to_string()
    }
}

impl Source for GitSource {
    fn subject(&self) -> Subject {
        Subject {
            name: self.name.clone(),
            commit: Some(self.commit.to_string()),
        }
    }

    fn list(&self) -> Result<Listing> {
        let repo = self.repo.to_thread_local();
        let tree = repo
            .find_tree(self.tree)
            .context("cannot read the commit's tree")?;
        let mut rec = gix::traverse::tree::Recorder::default();
        tree.traverse()
            .breadthfirst(&mut rec)
            .context("cannot walk the commit's tree")?;
        let mut listing = Listing::default();
        for e in rec.records {
            let path = e.filepath.to_string();
            if e.mode.is_tree() {
                continue;
            }
            if e.mode.is_commit() {
                listing.warnings.push(Warning::new(
                    Code::Submodule,
                    &path,
                    "git submodule; not scanned",
                ));
                continue;
            }
            if e.mode.is_link() {
                let target = repo
                    .find_blob(e.oid)
                    .map(|mut b| String::from_utf8_lossy(&b.take_data()).into_owned())
                    .unwrap_or_default();
                listing.entries.push(Entry {
                    path,
                    size: 0,
                    blob: Some(e.oid.to_string()),
                    kind: EntryKind::Symlink { target },
                });
                continue;
            }
            let size = match repo.find_header(e.oid) {
                Ok(h) => h.size(),
                Err(err) => {
                    listing.warnings.push(Warning::new(
                        Code::Unreadable,
                        &path,
                        format!("not scanned: cannot read blob {}: {err}", e.oid),
                    ));
                    continue;
                }
            };
            listing.entries.push(Entry {
                path,
                size,
                blob: Some(e.oid.to_string()),
                kind: EntryKind::File,
            });
        }
        listing.entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(listing)
    }

    fn reader(&self) -> Result<Box<dyn BlobReader + '_>> {
        Ok(Box::new(GitReader {
            repo: self.repo.to_thread_local(),
        }))
    }
}

struct GitReader {
    repo: gix::Repository,
}

impl BlobReader for GitReader {
    fn open(&mut self, entry: &Entry) -> std::io::Result<Box<dyn Read + '_>> {
        let invalid = |msg: String| std::io::Error::new(std::io::ErrorKind::InvalidData, msg);
        let id = entry
            .blob
            .as_deref()
            .ok_or_else(|| invalid("entry has no blob id".into()))?;
        let oid = ObjectId::from_hex(id.as_bytes())
            .map_err(|e| invalid(format!("bad blob id {id}: {e}")))?;
        if entry.size > MAX_GIT_BLOB {
            return Err(invalid(format!(
                "blob of {} bytes is larger than the {} MiB read limit (store it with Git LFS)",
                entry.size,
                MAX_GIT_BLOB >> 20
            )));
        }
        let mut blob = self
            .repo
            .find_blob(oid)
            .map_err(|e| invalid(format!("cannot read blob {id}: {e}")))?;
        Ok(Box::new(Cursor::new(blob.take_data())))
    }
}
