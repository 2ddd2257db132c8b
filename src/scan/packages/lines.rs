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
