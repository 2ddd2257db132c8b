//! Reading a commit for a job. The tree listing (one call) gives every path and
//! blob id; with per-blob results cached, a PR usually needs only its changed
//! files, fetched one by one from the contents API. When too many files (or too
//! large ones) are unseen — a first PR on a repository, a cold cache — or GitHub
//! truncates the listing, the whole tarball is cheaper and is read instead.

use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};

use super::events::PrRef;
use crate::github::{GitHub, RemoteEntry};
use crate::scan::BlobCache;
use crate::source::{Entry, EntryKind, ListedSource, Source, Subject, TarLimits, TarSource};

/// When fetching file by file stops paying.
#[derive(Debug, Clone, Copy)]
pub struct FetchLimits {
    /// Most unseen files fetched one by one; beyond, the tarball is read.
    pub max_files: usize,
    /// Largest single file fetched (the contents API serves up to 100 MB).
    pub max_file_bytes: u64,
}

impl Default for FetchLimits {
    fn default() -> Self {
        FetchLimits {
            max_files: 50,
            max_file_bytes: 50 * 1024 * 1024,
        }
    }
}

/// A commit ready to scan, and how it was read.
pub struct Snapshot {
    /// The files.
    pub source: Box<dyn Source + Send>,
    /// How: `tree` (listing + files fetched on demand) or `tarball` (why).
    pub via: Via,
}

/// How a snapshot was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// The tree listing plus files fetched from the contents API on demand.
    Tree {
        /// Files without a cached result, so at most this many are fetched (fewer
        /// when the base's scan already read a blob the head shares).
        fetched: usize,
    },
    /// The whole tarball, for this reason.
    Tarball(String),
}

fn entry(e: &RemoteEntry) -> Entry {
    Entry {
        path: e.path.clone(),
        size: e.size,
        blob: Some(e.sha.clone()),
        kind: if e.mode == "120000" {
            EntryKind::Symlink {
                target: String::new(),
            }
        } else {
            EntryKind::File
        },
    }
}

/// Reads commit `sha` of the PR's repository, preferring the tree listing.
pub async fn read(
    github: &Arc<GitHub>,
    pr: &PrRef,
    sha: &str,
    cache: &BlobCache,
    limits: FetchLimits,
) -> Result<Snapshot> {
    let tree = github.tree(pr.installation, &pr.repo, sha).await?;
    let why_not = if tree.truncated {
        "GitHub truncated the tree listing".to_string()
    } else {
        let mut entries: Vec<Entry> = tree.entries.iter().map(entry).collect();
        let unseen = cache.uncached(&entries);
        let is_link = |e: &Entry| matches!(e.kind, EntryKind::Symlink { .. });
        let too_big = unseen
            .iter()
            .any(|&i| entries[i].size > limits.max_file_bytes);
        if unseen.len() > limits.max_files || too_big {
            format!(
                "{} unseen files{}",
                unseen.len(),
                if too_big {
                    ", one too large to fetch"
                } else {
                    ""
                }
            )
        } else {
            // A symlink's target is only needed when its result is not cached.
            let mut fetched = 0;
            for &i in &unseen {
                if is_link(&entries[i]) {
                    let target = github
                        .symlink_target(pr.installation, &pr.repo, sha, &entries[i].path)
                        .await?;
                    entries[i].kind = EntryKind::Symlink { target };
                } else {
                    fetched += 1;
                }
            }
            return Ok(Snapshot {
                source: Box::new(listed(github, pr, sha, entries, limits)),
                via: Via::Tree { fetched },
            });
        }
    };
    let gz = github.tarball(pr.installation, &pr.repo, sha).await?;
    let (repo, commit) = (pr.repo.clone(), sha.to_string());
    let source = tokio::task::spawn_blocking(move || {
        TarSource::unpack(&gz[..], &repo, Some(commit), true, TarLimits::default())
    })
    .await
    .map_err(|e| anyhow!("unpacking failed: {e}"))?
    .context("tarball")?;
    Ok(Snapshot {
        source: Box::new(source),
        via: Via::Tarball(why_not),
    })
}

fn listed(
    github: &Arc<GitHub>,
    pr: &PrRef,
    sha: &str,
    entries: Vec<Entry>,
    limits: FetchLimits,
) -> ListedSource {
    let handle = tokio::runtime::Handle::current();
    let (github, installation, repo, commit) = (
        github.clone(),
        pr.installation,
        pr.repo.clone(),
        sha.to_string(),
    );
    let subject = Subject {
        name: pr.repo.clone(),
        commit: Some(sha.to_string()),
    };
    // Called from the scan's worker threads (never from the async runtime itself).
    let fetch = move |e: &Entry| -> Result<Vec<u8>> {
        if e.size > limits.max_file_bytes {
            bail!("{} is too large to fetch ({} bytes)", e.path, e.size);
        }
        handle.block_on(github.file(installation, &repo, &commit, &e.path))
    };
    ListedSource::new(subject, entries, Box::new(fetch))
}
