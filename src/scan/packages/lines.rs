//! Line numbers for entries of structured files whose parsers give no spans.

use std::collections::HashMap;

/// 1-based line of the first occurrence of each JSON object key `"key": {` at
/// the start of a line (how npm and composer pretty-print lockfiles).
pub fn json_object_keys(text: &str) -> HashMap<&str, u32> {
    json_object_keys_with_prefix(text, "")
}

/// [`json_object_keys`] for keys starting with `prefix` only (cheap on big files).
pub fn json_object_keys_with_prefix<'a>(text: &'a str, prefix: &str) -> HashMap<&'a str, u32> {
    let mut map = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let Some(rest) = t.strip_prefix('"') else {
            continue;
        };
        if !rest.starts_with(prefix) {
            continue;
        }
        if let Some(end) = rest.find("\":") {
            map.entry(&rest[..end])
                .or_insert(u32::try_from(i + 1).unwrap_or(u32::MAX));
        }
    }
    map
}

/// 1-based lines of each line equal to `header` after trimming (`[[package]]`).
pub fn header_lines(text: &str, header: &str) -> Vec<u32> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == header)
        .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX))
        .collect()
}

/// 1-based line of the first line containing `needle` after `from` (1-based).
pub fn find_line(text: &str, needle: &str, from: u32) -> Option<u32> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1) as usize)
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX))
}

/// The lines of many needles, found in one pass over the text: a parser that
/// places each package by searching for its name would otherwise read the
/// file once per package (20,000 dependencies took seconds; 500,000 minutes).
///
/// Each placement asks for the first line at or after `from` that holds
/// `needle`. The text is indexed once by the words the needles are built
/// around (a package name: letters, digits and `._-@/+:~`), so a name is
/// found as a whole word (`pkg1` is not found inside `pkg10`), and only the
/// lines holding that word are looked at.
#[derive(Debug)]
pub struct LineSearch<'a> {
    text: &'a str,
    /// (package index, needle, from).
    wanted: Vec<(usize, String, u32)>,
}

/// Lines of one word a placement checks before giving up (a word on more
/// lines than this without the needle around it is not where the package is).
const MAX_CHECKS: usize = 64;

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80 || b"._-@/+:~".contains(&b)
}

/// The words of `s` (maximal runs of word bytes), with their byte offsets.
fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && !is_word_byte(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        while i < b.len() && is_word_byte(b[i]) {
            i += 1;
        }
        // Word bytes are ASCII or part of a multi-byte character: boundaries hold.
        s.get(start..i).map(|w| (start, w))
    })
}

/// The word a needle is built around: its longest.
fn key(needle: &str) -> Option<&str> {
    words(needle).map(|(_, w)| w).max_by_key(|w| w.len())
}

impl<'a> LineSearch<'a> {
    /// A search over `text`.
    pub fn new(text: &'a str) -> Self {
        LineSearch {
            text,
            wanted: Vec::new(),
        }
    }

    /// Asks for the line of package `index`: the first line at or after
    /// `from` holding `needle` (`from` itself when there is none).
    pub fn place(&mut self, index: usize, needle: String, from: u32) {
        self.wanted.push((index, needle, from.max(1)));
    }

    /// Sets the line of every placed package.
    pub fn apply(self, packages: &mut [super::Package]) {
        let found = self.run();
        for ((index, _, from), line) in self.wanted.iter().zip(found) {
            if let Some(p) = packages.get_mut(*index) {
                p.line = line.unwrap_or(*from);
            }
        }
    }

    /// The line found for each placement, in order.
    fn run(&self) -> Vec<Option<u32>> {
        if self.wanted.is_empty() {
            return Vec::new();
        }
        let keys: std::collections::HashSet<&str> =
            self.wanted.iter().filter_map(|(_, n, _)| key(n)).collect();
        // One pass: the lines of every word some needle is built around.
        let index = crate::scan::text::Lines::new(self.text);
        let mut at: HashMap<&str, Vec<u32>> = HashMap::new();
        for (offset, w) in words(self.text) {
            if keys.contains(w) {
                let line = index.line_of(offset);
                let lines = at.entry(w).or_default();
                if lines.last() != Some(&line) {
                    lines.push(line);
                }
            }
        }
        self.wanted
            .iter()
            .map(|(_, needle, from)| {
                let lines = at.get(key(needle)?)?;
                let first = lines.partition_point(|l| l < from);
                lines[first..]
                    .iter()
                    .take(MAX_CHECKS)
                    .copied()
                    .find(|&l| index.line(l).is_some_and(|t| t.contains(needle.as_str())))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_answers_as_find_line_does() {
        let text = "[deps]\na = 1\nab = 2\n[dev]\na = 3\n\"quoted\"\n";
        let mut packages: Vec<super::super::Package> = (0..5).map(|_| Default::default()).collect();
        let mut s = LineSearch::new(text);
        let asks = [
            ("a", 1),
            ("ab", 1),
            ("a", 4),
            ("\"quoted\"", 1),
            ("missing", 3),
        ];
        // (`a` is a word of its own: found on `a = 1`, not inside `ab`.)
        for (i, (needle, from)) in asks.iter().enumerate() {
            s.place(i, needle.to_string(), *from);
        }
        s.apply(&mut packages);
        let lines: Vec<u32> = packages.iter().map(|p| p.line).collect();
        let expected: Vec<u32> = asks
            .iter()
            .map(|(n, f)| find_line(text, n, *f).unwrap_or(*f))
            .collect();
        assert_eq!(lines, expected);
        assert_eq!(lines, [2, 3, 5, 6, 3]);
    }
}
