//! The lines a change added, computed from the two blobs with the `similar`
//! crate's line diff: review comments are anchored only there, since GitHub
//! refuses a whole review (422) when one comment sits outside the diff.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use anyhow::Result;
use similar::{ChangeTag, TextDiff};

use crate::source::{Entry, EntryKind, Source};

/// The two trees a change compares, as their scans listed them (path, size,
/// blob id): what changed is read from these, never from a second listing.
#[derive(Debug, Default, Clone)]
pub struct Trees {
    /// The base's entries.
    pub base: Vec<Entry>,
    /// The head's entries.
    pub head: Vec<Entry>,
}

impl Trees {
    /// Paths whose content differs (added or changed; a path without a blob
    /// id on either side counts as changed).
    pub fn changed(&self) -> std::collections::HashSet<&str> {
        let blobs: std::collections::HashMap<&str, Option<&str>> = self
            .base
            .iter()
            .map(|e| (e.path.as_str(), e.blob.as_deref()))
            .collect();
        self.head
            .iter()
            .filter(|e| match (blobs.get(e.path.as_str()), e.blob.as_deref()) {
                (Some(Some(b)), Some(h)) => *b != h,
                _ => true,
            })
            .map(|e| e.path.as_str())
            .collect()
    }
}

/// Largest blob whose lines are compared (GitHub itself gives up on review
/// comments in files whose diff is over about 1 MB).
pub const MAX_DIFFED: u64 = 1 << 20;

/// 1-based head lines that `head` adds to `base` (a new file: every line).
pub fn added_lines(base: &str, head: &str) -> BTreeSet<u32> {
    let diff = TextDiff::from_lines(base, head);
    diff.iter_all_changes()
        .filter(|c| c.tag() == ChangeTag::Insert)
        .filter_map(|c| c.new_index())
        .filter_map(|i| u32::try_from(i + 1).ok())
        .collect()
}

/// Added lines per file of a change.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct AddedLines(BTreeMap<String, Lines>);

/// The added lines of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Lines {
    /// A new file: every line (known without reading it).
    All,
    /// These lines.
    Some(BTreeSet<u32>),
}

impl AddedLines {
    /// The added lines of each of `paths` between `base` and `head`: a file
    /// whose blob is the same on both sides adds nothing; binary, invalid
    /// UTF-8, symlinks and files over [`MAX_DIFFED`] add no line a comment
    /// could sit on.
    /// `trees` are the two sources' entries; `base` and `head` open them.
    pub fn between<'a>(
        base: &dyn Source,
        head: &dyn Source,
        trees: &Trees,
        paths: impl IntoIterator<Item = &'a str>,
    ) -> Result<AddedLines> {
        let wanted: BTreeSet<&str> = paths.into_iter().collect();
        let mut out = AddedLines::default();
        if wanted.is_empty() {
            return Ok(out);
        }
        let base_entries: BTreeMap<&str, &Entry> = trees
            .base
            .iter()
            .filter(|e| wanted.contains(e.path.as_str()))
            .map(|e| (e.path.as_str(), e))
            .collect();
        let mut head_reader = head.reader()?;
        let mut base_reader = base.reader()?;
        for h in trees
            .head
            .iter()
            .filter(|e| wanted.contains(e.path.as_str()) && e.kind == EntryKind::File)
        {
            let Some(b) = base_entries.get(h.path.as_str()).copied() else {
                // A new file adds every line; its text need not be read.
                out.0.insert(h.path.clone(), Lines::All);
                continue;
            };
            if b.blob.is_some() && b.blob == h.blob {
                continue;
            }
            let Some(head_text) = text(&mut *head_reader, h) else {
                continue;
            };
            let base_text = if b.kind == EntryKind::File {
                match text(&mut *base_reader, b) {
                    Some(t) => t,
                    None => continue,
                }
            } else {
                String::new()
            };
            let lines = added_lines(&base_text, &head_text);
            if !lines.is_empty() {
                out.0.insert(h.path.clone(), Lines::Some(lines));
            }
        }
        Ok(out)
    }

    /// Whether `line` of `path` is one the change added.
    pub fn contains(&self, path: &str, line: u32) -> bool {
        match self.0.get(path) {
            Some(Lines::All) => line >= 1,
            Some(Lines::Some(l)) => l.contains(&line),
            None => false,
        }
    }

    /// Records `line` of `path` as added (for callers that know the hunks).
    pub fn insert(&mut self, path: &str, line: u32) {
        match self
            .0
            .entry(path.to_string())
            .or_insert_with(|| Lines::Some(BTreeSet::new()))
        {
            Lines::All => {}
            Lines::Some(l) => {
                l.insert(line);
            }
        }
    }
}

/// A file's text when it is small, UTF-8 and not binary.
fn text(
    reader: &mut dyn crate::source::BlobReader,
    entry: &crate::source::Entry,
) -> Option<String> {
    if entry.size > MAX_DIFFED {
        return None;
    }
    let mut bytes = Vec::new();
    reader
        .open(entry)
        .ok()?
        .take(MAX_DIFFED + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    if bytes.len() as u64 > MAX_DIFFED || bytes.contains(&0) {
        return None;
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inserted_lines_count() {
        let base = "a\nb\nc\n";
        let head = "a\nB\nb\nc\nd";
        assert_eq!(added_lines(base, head), BTreeSet::from([2, 5]));
        assert_eq!(added_lines("", "x\ny\n"), BTreeSet::from([1, 2]));
        assert!(added_lines("same\n", "same\n").is_empty());
        // Two lines swapped: one of them is deleted and inserted again.
        assert_eq!(added_lines("m\nx\n", "x\nm\n").len(), 1);
    }
}
