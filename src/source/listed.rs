//! A source known by its listing (paths, sizes, blob ids), whose contents are
//! fetched on demand (the GitHub contents API). With per-blob results cached,
//! only the files no earlier scan has seen are ever fetched.

use std::io::{Cursor, Read};

use anyhow::Result;

use super::{BlobReader, Entry, Listing, Source, Subject};

/// Fetches the bytes of one listed entry.
pub type Fetch = Box<dyn Fn(&Entry) -> Result<Vec<u8>> + Send + Sync>;

/// A listing plus a way to read each entry.
pub struct ListedSource {
    subject: Subject,
    entries: Vec<Entry>,
    fetch: Fetch,
}

impl std::fmt::Debug for ListedSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListedSource")
            .field("subject", &self.subject)
            .field("entries", &self.entries.len())
            .finish_non_exhaustive()
    }
}

impl ListedSource {
    /// A source over `entries` (sorted here by path) read through `fetch`.
    pub fn new(subject: Subject, mut entries: Vec<Entry>, fetch: Fetch) -> Self {
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        ListedSource {
            subject,
            entries,
            fetch,
        }
    }
}

impl Source for ListedSource {
    fn subject(&self) -> Subject {
        self.subject.clone()
    }

    fn list(&self) -> Result<Listing> {
        Ok(Listing {
            entries: self.entries.clone(),
            warnings: Vec::new(),
        })
    }

    fn reader(&self) -> Result<Box<dyn BlobReader + '_>> {
        Ok(Box::new(ListedReader { source: self }))
    }
}

struct ListedReader<'a> {
    source: &'a ListedSource,
}

impl BlobReader for ListedReader<'_> {
    fn open(&mut self, entry: &Entry) -> std::io::Result<Box<dyn Read + '_>> {
        let bytes =
            (self.source.fetch)(entry).map_err(|e| std::io::Error::other(format!("{e:#}")))?;
        Ok(Box::new(Cursor::new(bytes)))
    }
}
