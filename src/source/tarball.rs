//! A `.tar.gz` snapshot (what GitHub's tarball endpoint returns), unpacked into
//! a private temporary directory with every path sanitised: absolute paths,
//! `..` and links are never written, so nothing outside that directory can be
//! touched. Size and entry count are bounded. Git blob ids are computed while
//! unpacking, so a [`crate::scan::BlobCache`] works across snapshots too.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha1::{Digest, Sha1};

use super::{BlobReader, DirSource, Entry, EntryKind, Listing, Source, Subject};
use crate::vocab::{Code, Warning};

/// Bounds on what a snapshot may unpack to.
#[derive(Debug, Clone, Copy)]
pub struct TarLimits {
    /// Most entries (files, directories, links).
    pub max_entries: usize,
    /// Most bytes unpacked in all.
    pub max_total_bytes: u64,
}

impl Default for TarLimits {
    fn default() -> Self {
        TarLimits {
            max_entries: 200_000,
            max_total_bytes: 4 * 1024 * 1024 * 1024,
        }
    }
}

/// An unpacked snapshot.
pub struct TarSource {
    dir: tempfile::TempDir,
    inner: DirSource,
    listing: Vec<Entry>,
    warnings: Vec<Warning>,
    subject: Subject,
}

impl std::fmt::Debug for TarSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TarSource")
            .field("dir", &self.dir.path())
            .field("entries", &self.listing.len())
            .finish()
    }
}

/// A tar path made safe, or why it is refused. The first component (GitHub's
/// `owner-repo-sha/` prefix) is dropped when `strip_first`.
fn sanitize(raw: &Path, strip_first: bool) -> Result<PathBuf, String> {
    let mut out = PathBuf::new();
    let mut first = strip_first;
    for c in raw.components() {
        match c {
            Component::Normal(part) => {
                if first {
                    first = false;
                    continue;
                }
                out.push(part);
            }
            Component::CurDir => {}
            Component::ParentDir => return Err("path leaves the archive (`..`)".into()),
            Component::RootDir | Component::Prefix(_) => return Err("absolute path".into()),
        }
    }
    Ok(out)
}

fn rel(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

impl TarSource {
    /// Unpacks a gzip-compressed tar stream. `strip_first` drops the single
    /// top-level directory GitHub puts in its tarballs.
    pub fn unpack(
        gz: impl Read,
        name: &str,
        commit: Option<String>,
        strip_first: bool,
        limits: TarLimits,
    ) -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("aibom-snapshot-")
            .tempdir()
            .context("cannot create a temporary directory")?;
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(gz));
        let mut listing = Vec::new();
        let mut warnings = Vec::new();
        let mut total: u64 = 0;
        let mut count = 0usize;
        for item in archive.entries().context("not a tar archive")? {
            let mut entry = item.context("corrupt tar archive")?;
            count += 1;
            if count > limits.max_entries {
                bail!("archive has more than {} entries", limits.max_entries);
            }
            let raw = entry
                .path()
                .context("unreadable path in the archive")?
                .into_owned();
            let path = match sanitize(&raw, strip_first) {
                Ok(p) if p.as_os_str().is_empty() => continue,
                Ok(p) => p,
                Err(why) => {
                    warnings.push(Warning::new(
                        Code::UnsafePath,
                        &raw.to_string_lossy(),
                        format!("not unpacked: {why}"),
                    ));
                    continue;
                }
            };
            let relative = rel(&path);
            let kind = entry.header().entry_type();
            if kind.is_dir() {
                continue;
            }
            if kind.is_symlink() || kind.is_hard_link() {
                let target = entry
                    .link_name()
                    .ok()
                    .flatten()
                    .map(|t| t.to_string_lossy().into_owned())
                    .unwrap_or_default();
                listing.push(Entry {
                    path: relative,
                    size: 0,
                    blob: None,
                    kind: EntryKind::Symlink { target },
                });
                continue;
            }
            if !kind.is_file() {
                warnings.push(Warning::new(
                    Code::NotRegular,
                    &relative,
                    "not unpacked: not a regular file",
                ));
                continue;
            }
            let size = entry.header().size().unwrap_or(0);
            total = total.saturating_add(size);
            if total > limits.max_total_bytes {
                bail!(
                    "archive unpacks to more than {} bytes",
                    limits.max_total_bytes
                );
            }
            let dest = dir.path().join(&path);
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            // create_new: a second entry for the same path never overwrites (or follows) the first.
            let mut out = match File::options().write(true).create_new(true).open(&dest) {
                Ok(f) => f,
                Err(e) => {
                    warnings.push(Warning::new(
                        Code::Unreadable,
                        &relative,
                        format!("not unpacked: {e}"),
                    ));
                    continue;
                }
            };
            let mut hasher = Sha1::new();
            hasher.update(format!("blob {size}\0").as_bytes());
            let mut buf = vec![0u8; 256 * 1024];
            let mut written = 0u64;
            loop {
                let n = entry
                    .read(&mut buf)
                    .with_context(|| format!("corrupt data for {relative}"))?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
                out.write_all(&buf[..n])
                    .with_context(|| format!("cannot write {relative}"))?;
                written += n as u64;
            }
            if written != size {
                bail!("{relative}: archive entry is truncated");
            }
            listing.push(Entry {
                path: relative,
                size,
                blob: Some(crate::vocab::hex(&hasher.finalize())),
                kind: EntryKind::File,
            });
        }
        listing.sort_by(|a, b| a.path.cmp(&b.path));
        let inner = DirSource::new(dir.path())?;
        Ok(TarSource {
            dir,
            inner,
            listing,
            warnings,
            subject: Subject {
                name: name.to_string(),
                commit,
            },
        })
    }
}

impl Source for TarSource {
    fn subject(&self) -> Subject {
        self.subject.clone()
    }

    fn list(&self) -> Result<Listing> {
        Ok(Listing {
            entries: self.listing.clone(),
            warnings: self.warnings.clone(),
        })
    }

    fn reader(&self) -> Result<Box<dyn BlobReader + '_>> {
        self.inner.reader()
    }
}
