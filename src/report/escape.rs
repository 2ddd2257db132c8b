//! The one escaping layer between what a repository wrote and what people
//! read. Every id, path, provider, version and warning that a renderer shows
//! goes through [`shown`] (hidden characters made visible, long values cut
//! with a hash), and in Markdown through [`md`] (a code span that nothing can
//! leave, a percent-encoded link target). A pull request can then neither
//! rewrite the comment (close a code span, end a table, inject HTML, mention a
//! team) nor hide text from a reviewer (terminal escapes, bidi overrides,
//! zero-width characters).

use std::borrow::Cow;
use std::fmt::Write;

use sha2::{Digest, Sha256};

use crate::policy::{Message, Part};

/// The most characters of one value shown; longer values are cut and end in
/// their length and a hash, so two long values stay distinguishable.
pub const MAX_SHOWN: usize = 200;
/// Characters kept of a value that is cut.
const KEEP: usize = 120;

/// Characters a reader cannot see or that change how the rest is displayed:
/// control characters (terminal escapes, CR, line breaks), bidirectional
/// overrides and isolates, zero-width and other format characters, and the
/// tag characters used to smuggle invisible text.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}'
            | '\u{17B5}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}' | '\u{205F}'..='\u{206F}' | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}')
}

/// A value as people are shown it: hidden characters written out (`\n`,
/// `\u{202e}`), and a value over [`MAX_SHOWN`] characters cut to its first
/// 120 with its length and a hash (`…[70000 chars, sha256:1a2b3c4d]`).
/// Borrowed when nothing needed changing.
pub fn shown(s: &str) -> Cow<'_, str> {
    let mut count = 0;
    let mut hidden = false;
    for c in s.chars() {
        count += 1;
        hidden |= is_hidden(c);
    }
    if count <= MAX_SHOWN && !hidden {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len().min(KEEP * 4));
    let take = if count > MAX_SHOWN { KEEP } else { count };
    for c in s.chars().take(take) {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hidden(c) => {
                let _ = write!(out, "\\u{{{:04x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    if count > MAX_SHOWN {
        let digest = Sha256::digest(s.as_bytes());
        let _ = write!(out, "…[{count} chars, sha256:");
        for b in &digest[..4] {
            let _ = write!(out, "{b:02x}");
        }
        out.push(']');
    }
    Cow::Owned(out)
}

/// A policy message as plain text (annotations, SARIF, logs): each value
/// shown and quoted in backticks.
pub fn plain(m: &Message) -> String {
    let mut out = String::new();
    for p in &m.0 {
        match p {
            Part::Text(t) => out.push_str(t),
            Part::Value(v) => {
                out.push('`');
                out.push_str(&shown(v));
                out.push('`');
            }
        }
    }
    out
}

/// Markdown (GitHub-flavoured) for values from the repository.
pub mod md {
    use super::shown;
    use crate::policy::{Message, Part};

    /// A policy message: our words as written, each value a code span
    /// ([`cell`] inside a table).
    pub fn message(m: &Message, in_table: bool) -> String {
        let mut out = String::new();
        for p in &m.0 {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Value(v) if in_table => out.push_str(&cell(v)),
                Part::Value(v) => out.push_str(&code(v)),
            }
        }
        out
    }

    /// An inline code span holding `s` as shown: the fence is longer than any
    /// backtick run inside, so the value cannot close it. Mentions, links,
    /// HTML and emphasis are not interpreted inside a code span.
    pub fn code(s: &str) -> String {
        let s = shown(s);
        let mut longest = 0;
        let mut run = 0;
        for c in s.chars() {
            if c == '`' {
                run += 1;
                longest = longest.max(run);
            } else {
                run = 0;
            }
        }
        let fence = "`".repeat(longest + 1);
        // A space pads values that start or end with a backtick (or are
        // blank), as CommonMark strips one space from each side.
        let pad = s.starts_with('`') || s.ends_with('`') || s.trim().is_empty();
        let sp = if pad { " " } else { "" };
        format!("{fence}{sp}{s}{sp}{fence}")
    }

    /// [`code`] for a table cell: a pipe would end the cell (GFM splits cells
    /// before it reads code spans), so it is escaped.
    pub fn cell(s: &str) -> String {
        code(s).replace('|', "\\|")
    }

    /// A short identifier (provider, ecosystem, field, version) in a table
    /// cell: as written when it is only letters, digits, dots, dashes and
    /// plus signs (nothing Markdown reads in a cell), else a [`cell`] code span.
    pub fn word(s: &str) -> String {
        let plain = !s.is_empty()
            && s.chars().count() <= super::MAX_SHOWN
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'+'));
        if plain { s.to_string() } else { cell(s) }
    }

    /// A link target: `prefix` (ours) followed by a repository path, every
    /// byte of which outside `A-Za-z0-9-._~/` is percent-encoded, so a path
    /// cannot end the link, open HTML or add a title.
    pub fn link_target(prefix: &str, path: &str, anchor: &str) -> String {
        let mut out = String::with_capacity(prefix.len() + path.len() + anchor.len());
        out.push_str(prefix);
        for b in path.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out.push_str(anchor);
        out
    }

    /// A label inside a Mermaid diagram's quoted node text: shown, with the
    /// characters that would end the label or the fenced block replaced.
    pub fn mermaid_label(s: &str) -> String {
        shown(s)
            .chars()
            .map(|c| match c {
                '"' | '`' => '\'',
                '<' => '‹',
                '>' => '›',
                c => c,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_written_out() {
        assert_eq!(shown("gpt-4o"), "gpt-4o");
        assert_eq!(
            shown("a\u{202e}b\x1b[31mc\nd"),
            "a\\u{202e}b\\u{001b}[31mc\\nd"
        );
        assert_eq!(shown("x\u{200b}y\u{E0041}"), "x\\u{200b}y\\u{e0041}");
    }

    #[test]
    fn long_values_are_cut_with_a_hash() {
        let long = "m".repeat(70_000);
        let s = shown(&long);
        assert!(
            s.starts_with(&"m".repeat(120)) && s.chars().count() < 170,
            "{s}"
        );
        assert!(s.contains("[70000 chars, sha256:"));
        assert_ne!(shown(&format!("{long}a")), s, "two long values stay apart");
    }

    #[test]
    fn code_spans_cannot_be_left() {
        assert_eq!(md::code("gpt-4o"), "`gpt-4o`");
        assert_eq!(md::code("a`b"), "``a`b``");
        assert_eq!(md::code("`x``"), "``` `x`` ```");
        assert_eq!(md::cell("a|b"), "`a\\|b`");
        assert_eq!(
            md::link_target("https://h/blob/s/", "a b/<img>.py", "#L3"),
            "https://h/blob/s/a%20b/%3Cimg%3E.py#L3"
        );
    }
}
