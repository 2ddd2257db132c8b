//! Helpers shared by the grammar extractors: source text access and the walk context.

use tree_sitter::Node;

/// The source of one file, for reading node text and positions.
#[derive(Debug)]
pub struct Src<'a> {
    text: &'a str,
}

impl<'a> Src<'a> {
    /// Wraps source text.
    pub fn new(text: &'a str) -> Self {
        Src { text }
    }

    /// The text a node spans (empty if the span is not on a char boundary).
    pub fn text(&self, node: Node<'_>) -> &'a str {
        self.text.get(node.byte_range()).unwrap_or("")
    }

    /// 1-based (line, column) of a node's start.
    pub fn pos(&self, node: Node<'_>) -> (u32, u32) {
        let p = node.start_position();
        (clamp(p.row + 1), clamp(p.column + 1))
    }

    /// A string-content node's text with its `escape_sequence` children
    /// decoded (tree-sitter-python nests them inside `string_content`).
    pub fn content(&self, node: Node<'_>) -> String {
        let mut cur = node.walk();
        let escapes: Vec<Node<'_>> = node
            .named_children(&mut cur)
            .filter(|c| c.kind() == "escape_sequence")
            .collect();
        if escapes.is_empty() {
            return self.text(node).to_string();
        }
        let mut out = String::new();
        let mut at = node.start_byte();
        for e in escapes {
            out.push_str(self.text.get(at..e.start_byte()).unwrap_or(""));
            out.push_str(&unescape(self.text(e)));
            at = e.end_byte();
        }
        out.push_str(self.text.get(at..node.end_byte()).unwrap_or(""));
        out
    }

    /// The key a literal is the value of, read from the text before it on its
    /// line: `label` in `label: "…"`, `label="…"`, `"label" => "…"`,
    /// `Label = "…"`. None when the literal is not a keyed value.
    pub fn key_before(&self, node: Node<'_>) -> Option<&'a str> {
        let start = node.start_byte();
        let mut from = start.saturating_sub(KEY_LOOKBACK);
        while !self.text.is_char_boundary(from) {
            from += 1;
        }
        let before = self.text.get(from..start)?;
        let line = before.rsplit('\n').next()?.trim_end();
        let rest = ["=>", ":=", ":", "="]
            .iter()
            .find_map(|sep| line.strip_suffix(sep))?;
        if rest.ends_with(['=', '!', '<', '>']) {
            return None; // a comparison, not a key
        }
        let rest = rest.trim_end().trim_end_matches(['"', '\'', ']']);
        let key_start = rest
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let key = &rest[key_start..];
        (!key.is_empty()).then_some(key)
    }

    /// A node's text on one line, whitespace folded, at most 120 characters.
    /// Only the node's first bytes are read: every call of a long chain spans
    /// the chain before it, and folding each whole would cost its square.
    pub fn symbol(&self, node: Node<'_>) -> String {
        let text = self.text(node);
        let mut end = text.len().min(SYMBOL_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut folded: String = text[..end].split_whitespace().collect();
        if end < text.len() && folded.chars().count() <= 120 {
            folded.push('…');
        }
        shorten(&folded, 120)
    }
}

/// How far back on a line [`Src::key_before`] looks for a key.
const KEY_LOOKBACK: usize = 160;

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn a_key_after_a_wide_character_is_read_whole() {
        // Python identifiers may hold any letter: the byte before the ASCII
        // part of the key is the second of a two-byte character.
        let text = "f(ümodel=\"gpt-4o\", é=\"x\")";
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_python::LANGUAGE.into())
            .expect("grammar");
        let tree = parser.parse(text, None).expect("tree");
        let src = super::Src::new(text);
        let mut keys = Vec::new();
        let mut stack = vec![tree.root_node()];
        while let Some(n) = stack.pop() {
            if n.kind() == "string" {
                keys.push(src.key_before(n));
            }
            let mut cur = n.walk();
            stack.extend(n.children(&mut cur));
        }
        keys.sort();
        assert_eq!(keys, vec![None, Some("model")]);
    }

    #[test]
    fn escapes_stand_for_their_characters() {
        for (seq, means) in [
            ("\\n", "\n"),
            ("\\\"", "\""),
            ("\\\\", "\\"),
            ("\\x41", "A"),
            ("\\u202e", "\u{202e}"),
            ("\\u{1F600}", "\u{1F600}"),
            ("\\U0001F600", "\u{1F600}"),
            ("\\101", "A"),
            ("\\?", "?"),
            ("\\=", "="),
            ("\\\n", ""),
            ("\\xZZ", "xZZ"),
        ] {
            assert_eq!(unescape(seq), means, "{seq}");
        }
    }
}

/// Bytes of a node's text a symbol is made from.
const SYMBOL_BYTES: usize = 512;

fn clamp(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// What an escape sequence (`\n`, `\x41`, `\u202e`, `\u{1F600}`,
/// `\U0001F600`, `\101`, `\?`) stands for, as the languages we read mean it.
/// An escape no language defines stands for its character without the
/// backslash (Ruby, JavaScript and C do so; an id never keeps a stray
/// backslash). Line continuations (`\` before a line break) stand for nothing.
pub fn unescape(seq: &str) -> String {
    let Some(body) = seq.strip_prefix('\\') else {
        return seq.to_string();
    };
    let mut chars = body.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let rest = chars.as_str();
    let code = |hex: &str| {
        u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .map(String::from)
    };
    let decoded = match first {
        'n' => Some("\n".to_string()),
        't' => Some("\t".to_string()),
        'r' => Some("\r".to_string()),
        '0' if rest.is_empty() => Some("\0".to_string()),
        '0'..='7' => u32::from_str_radix(body, 8)
            .ok()
            .and_then(char::from_u32)
            .map(String::from),
        'a' => Some("\u{7}".to_string()),
        'b' => Some("\u{8}".to_string()),
        'f' => Some("\u{c}".to_string()),
        'v' => Some("\u{b}".to_string()),
        'e' => Some("\u{1b}".to_string()),
        'x' | 'u' | 'U' => code(rest.trim_start_matches('{').trim_end_matches('}')),
        '\n' | '\r' => Some(String::new()),
        c => Some(format!("{c}{rest}")),
    };
    decoded.unwrap_or_else(|| body.to_string())
}

/// `s` cut to at most `max` characters, with `…` when cut.
pub fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Where a walk is: nesting depth and whether strings here are messages.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ctx {
    /// Syntax nesting depth.
    pub depth: usize,
    /// Inside a print / log / exception: strings are messages, not usage.
    pub in_message: bool,
}

impl Ctx {
    /// The context of a node one level down, or None (noting it in `facts`)
    /// when that is deeper than extractors follow.
    pub fn enter(self, facts: &mut super::facts::FileFacts) -> Option<Ctx> {
        if self.depth > super::facts::MAX_NESTING {
            facts.too_deep = true;
            return None;
        }
        Some(self.deeper())
    }

    /// The context one level down.
    pub fn deeper(self) -> Self {
        Ctx {
            depth: self.depth + 1,
            ..self
        }
    }
}
