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

    /// A node's text on one line, whitespace folded, at most 120 characters.
    pub fn symbol(&self, node: Node<'_>) -> String {
        let folded: String = self
            .text(node)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("");
        shorten(&folded, 120)
    }
}

fn clamp(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
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
