//! Turning bytes into text the detectors can read, and lines back out of it.

use std::borrow::Cow;

use crate::catalog::Catalog;
use crate::scan::code::syntax::shorten;

/// Bytes of a line redacted for its evidence context (of which 160 characters are kept).
pub const CONTEXT_WINDOW: usize = 1024;

/// Bytes looked at to decide whether a file is binary.
const BINARY_PROBE: usize = 8192;

/// What decoding made of a file's bytes.
#[derive(Debug)]
pub enum Decoded<'a> {
    /// Valid UTF-8.
    Text(Cow<'a, str>),
    /// Invalid UTF-8, decoded lossily (replacement characters).
    Lossy(String),
    /// NUL bytes: not text.
    Binary,
}

/// Decodes a file's bytes (a UTF-8 byte-order mark is dropped).
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
        return Decoded::Binary;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded::Text(Cow::Borrowed(s)),
        Err(_) => Decoded::Lossy(String::from_utf8_lossy(bytes).into_owned()),
    }
}

/// Line lookup over a text.
#[derive(Debug)]
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The text of 1-based line `n`, without its line break.
    pub fn line(&self, n: u32) -> Option<&'a str> {
        let i = usize::try_from(n).ok()?.checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let end = self.starts.get(i + 1).map_or(self.text.len(), |e| e - 1);
        Some(self.text[start..end].trim_end_matches('\r'))
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> u32 {
        let i = self.starts.partition_point(|&s| s <= offset);
        u32::try_from(i).unwrap_or(u32::MAX)
    }

    /// Line `n` as evidence context: trimmed, at most 160 characters, credentials redacted.
    ///
    /// Only the line's first [`CONTEXT_WINDOW`] bytes are redacted and cut: a
    /// minified file is one line, and redacting all of it for each of its
    /// findings would cost the square of its size. A credential starting in
    /// the first 160 characters and running past the window is longer than
    /// any format's match needs (a PEM key matches from its header on).
    pub fn context(&self, catalog: &Catalog, n: u32) -> Option<String> {
        let line = self.line(n)?.trim();
        let mut end = line.len().min(CONTEXT_WINDOW);
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        let window = &line[..end];
        (!window.is_empty()).then(|| shorten(&catalog.redact(window), 160))
    }
}
