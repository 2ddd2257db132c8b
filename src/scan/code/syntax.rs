//! Helpers shared by the grammar extractors: source text access and the walk context.

use std::cell::RefCell;
use std::collections::HashMap;

use tree_sitter::Node;

use super::facts::{Entry, FileFacts, StrLit};

/// The source of one file, for reading node text and positions.
#[derive(Debug)]
pub struct Src<'a> {
    text: &'a str,
    /// [`Src::model_list`]'s answers for the nodes whose answer does not
    /// depend on the child it was reached from (a union nested in a union):
    /// a list of many members is walked once, not once per member.
    lists: RefCell<HashMap<usize, Option<(u32, String)>>>,
    /// Literals whose model list [`Src::resolve_lists`] looks up after the
    /// walk: `(index in the file's strings, start byte, end byte, node kind)`.
    pending: RefCell<Vec<(usize, usize, usize, u16)>>,
    /// The field ids [`Src::model_list`] reads, from the file's grammar.
    fields: std::cell::OnceCell<Fields>,
}

impl<'a> Src<'a> {
    /// Wraps source text.
    pub fn new(text: &'a str) -> Self {
        Src {
            text,
            lists: RefCell::default(),
            pending: RefCell::default(),
            fields: std::cell::OnceCell::new(),
        }
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

    /// The model list a literal is a member of (see [`super::facts::StrLit::list`]):
    /// the nearest enclosing declaration, loop or keyed entry whose name names
    /// models, walking up through unions, arrays, tuples, dictionaries and enum
    /// bodies only. A call's arguments, a block or a function end the walk, and
    /// so does a keyed value whose key is neither a model nor an id
    /// (`provider: "openai"` inside a model list is not a model).
    fn model_list(&self, node: Node<'_>, up: &[Node<'_>]) -> Option<(u32, String)> {
        let mut passed = Vec::new();
        let found = self.walk_to_list(node, up, &mut passed);
        let mut memo = self.lists.borrow_mut();
        for id in passed {
            memo.insert(id, found.clone());
        }
        found
    }

    /// Records the string literal at `node`, of `value`, in `strings`; one
    /// that may be a model list's member is noted for [`Src::resolve_lists`].
    /// A multi-line literal holding one id per line (aider's
    /// `ANTHROPIC_MODELS = """claude-2\nclaude-opus-4-5\n…"""`, split later)
    /// is a list of those ids: each line is recorded as a literal of its own.
    pub fn push_string(
        &self,
        strings: &mut Vec<StrLit>,
        node: Node<'_>,
        value: String,
        in_message: bool,
    ) {
        if let Some(lines) = id_lines(&value) {
            let (line, at) = self.pos(node);
            // Lines joined by `\n` escapes sit on the literal's own line.
            let spans_lines = self.text(node).contains('\n');
            for (offset, indent, id) in lines {
                let (offset, column) = if spans_lines && offset > 0 {
                    (offset, indent)
                } else {
                    (0, at)
                };
                self.defer(strings.len(), node);
                strings.push(StrLit {
                    value: id.to_string(),
                    line: line.saturating_add(offset),
                    column,
                    in_message,
                    key: None,
                    list: None,
                    in_model_enum: false,
                    byte: clamp(node.start_byte()),
                    entry: None,
                });
            }
            return;
        }
        if super::shape::could_be_listed(&value) {
            self.defer(strings.len(), node);
        }
        let (line, column) = self.pos(node);
        strings.push(StrLit {
            value,
            line,
            column,
            in_message,
            key: self.key_before(node).map(str::to_string),
            list: None,
            in_model_enum: false,
            byte: clamp(node.start_byte()),
            entry: None,
        });
    }

    /// Notes the literal at `index` of the file's strings, spanning `node`,
    /// for [`Src::resolve_lists`].
    fn defer(&self, index: usize, node: Node<'_>) {
        self.pending
            .borrow_mut()
            .push((index, node.start_byte(), node.end_byte(), node.kind_id()));
    }

    /// Sets the model list and the entry of every deferred literal, in a file
    /// where some literal is a family's id (`is_family`): a list counts only
    /// then, so the walk up the tree is skipped in every other file.
    pub fn resolve_lists(
        &self,
        root: Node<'_>,
        facts: &mut FileFacts,
        is_family: impl Fn(&str) -> bool,
    ) {
        let pending = std::mem::take(&mut *self.pending.borrow_mut());
        if pending.is_empty() || !facts.strings.iter().any(|s| is_family(&s.value)) {
            return;
        }
        let mut entries: HashMap<usize, usize> = HashMap::new();
        for (index, start, end, kind) in pending {
            let Some((node, up)) = find_with_ancestors(root, start, end, kind) else {
                continue;
            };
            let mut list = self.model_list(node, &up);
            // `GPT_4_O("gpt-4o", "gpt-4")`: an enum constant's first argument
            // is its id; the others (a type, a label, a size) are not models.
            let later_arg = list.is_some() && enum_argument_index(node).is_some_and(|i| i > 0);
            if later_arg {
                list = None;
            }
            let keyed = facts.strings.get(index).is_some_and(|s| s.key.is_some());
            let entry = keyed
                .then(|| self.entry_of(node, &mut entries, &mut facts.entries))
                .flatten();
            let in_model_enum = up
                .first()
                .is_some_and(|p| self.model_enum_class(*p).is_some());
            if let Some(s) = facts.strings.get_mut(index) {
                s.in_model_enum = in_model_enum;
                s.list = list;
                s.entry = entry;
                s.in_message |= later_arg;
            }
        }
    }

    /// The index in `out` of the entry (object, dictionary, struct literal)
    /// a keyed literal is a value of, added on first sight (`seen` maps node
    /// ids to indices): the nearest such node a few steps up.
    fn entry_of(
        &self,
        node: Node<'_>,
        seen: &mut HashMap<usize, usize>,
        out: &mut Vec<Entry>,
    ) -> Option<usize> {
        let mut cur = node.parent();
        for _ in 0..ENTRY_DEPTH {
            let p = cur?;
            if is_entry_kind(p.kind()) {
                if let Some(&at) = seen.get(&p.id()) {
                    return Some(at);
                }
                let fields = self.fields(p);
                out.push(Entry {
                    start: clamp(p.start_byte()),
                    end: clamp(p.end_byte()),
                    provider: field_value(&fields, "provider"),
                    registry: registry_id(&fields),
                });
                seen.insert(p.id(), out.len() - 1);
                return Some(out.len() - 1);
            }
            if ends_list_walk(p.kind()) {
                return None;
            }
            cur = p.parent();
        }
        None
    }

    /// An entry's direct fields as (key, the text after the key), each read
    /// from its first bytes (`provider: "openrouter"`, `Models: map[…]{…}`,
    /// `"provider" => "groq"`).
    fn fields(&self, entry: Node<'_>) -> Vec<(&'a str, &'a str)> {
        let mut cur = entry.walk();
        entry
            .named_children(&mut cur)
            .filter_map(|c| {
                let text = self.text(c);
                field_key(text.get(..text.len().min(FIELD_BYTES))?)
            })
            .collect()
    }

    /// The walk of [`Src::model_list`]; `passed` collects the memoisable nodes
    /// it went through.
    fn walk_to_list(
        &self,
        node: Node<'_>,
        up: &[Node<'_>],
        passed: &mut Vec<usize>,
    ) -> Option<(u32, String)> {
        let f = self.fields.get_or_init(|| Fields::of(node));
        let mut child = node;
        let mut at = 0;
        let mut steps = 0;
        while steps < LIST_DEPTH {
            let p = *up.get(at)?;
            let (key, name) = (
                f.get(p, f.key),
                f.get(p, f.name).or_else(|| f.get(p, f.left)),
            );
            if key.is_none() && name.is_none() {
                if let Some(known) = self.lists.borrow().get(&p.id()) {
                    return known.clone();
                }
                passed.push(p.id());
            }
            // A chain of one kind (`'a' | 'b' | …` nests unions) is one step.
            if p.kind() != child.kind() {
                steps += 1;
            }
            if let (Some(k), Some(v)) = (key, f.get(p, f.value))
                && v.id() == child.id()
            {
                let key = self.text(k).trim_matches(['"', '\'', '`', ':']);
                if names_model_list(key) || names_pattern_list(key) {
                    return Some((clamp(p.start_byte()), key.to_string()));
                }
                if !is_id_key(key) {
                    return None;
                }
            } else if let Some(n) = name.filter(|n| n.id() != child.id()) {
                let name = self.text(n);
                let last = name.rsplit(['.', ':', '$']).next().unwrap_or(name);
                if last.len() <= 64 && (names_model_list(last) || names_pattern_list(last)) {
                    return Some((clamp(p.start_byte()), last.to_string()));
                }
            }
            // A type alias made by a call (pydantic-ai's and instructor's
            // `KnownModelName = TypeAliasType("KnownModelName", Literal[…])`)
            // is named where the call's value is bound.
            if let Some(&call) = up.get(at + 1).filter(|&&c| self.type_alias_call(p, c)) {
                child = call;
                at += 2;
                steps += 1;
                continue;
            }
            if let Some(class) = self.model_enum_class(p) {
                return Some((clamp(class.start_byte()), self.text(class).to_string()));
            }
            if ends_list_walk(p.kind()) && enum_constant_of(p).is_none() {
                return None;
            }
            child = p;
            at += 1;
        }
        None
    }

    /// The name of the Python enum class whose member `assignment` is, when
    /// the class names models (camel's `class ModelType(UnifiedModelType,
    /// Enum)`, `GPT_4O = "gpt-4o"`). An enum's name says what its members
    /// are even where a plain name would not (`ModelType` elsewhere is a
    /// kind: chat, embedding); only family ids and their like are read.
    fn model_enum_class(&self, assignment: Node<'a>) -> Option<Node<'a>> {
        if assignment.kind() != "assignment" {
            return None;
        }
        let statement = assignment
            .parent()
            .filter(|p| p.kind() == "expression_statement")?;
        let block = statement.parent().filter(|p| p.kind() == "block")?;
        let class = block.parent().filter(|p| p.kind() == "class_definition")?;
        let name = class.child_by_field_name("name")?;
        let bases = class
            .child_by_field_name("superclasses")
            .map_or("", |b| self.text(b));
        let enum_base = bases.contains("Enum");
        (enum_base && self.text(name).to_ascii_lowercase().contains("model")).then_some(name)
    }

    /// Whether `args` is the argument list of `call` (its parent), a call
    /// that makes a type alias (`TypeAliasType(…)`).
    fn type_alias_call(&self, args: Node<'_>, call: Node<'_>) -> bool {
        const MAKERS: &[&str] = &["TypeAliasType"];
        if args.kind() != "argument_list" || call.kind() != "call" {
            return false;
        }
        let Some(function) = call.child_by_field_name("function") else {
            return false;
        };
        let callee = self.text(function);
        let last = callee.rsplit('.').next().unwrap_or(callee);
        MAKERS.contains(&last)
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

/// The lines of a multi-line literal that holds one id per line and nothing
/// else, as (line offset, 1-based column, id); None for any other literal
/// (prose, SQL, a help text that names an id among other words).
fn id_lines(value: &str) -> Option<Vec<(u32, u32, &str)>> {
    if !value.contains('\n') {
        return None;
    }
    let mut out = Vec::new();
    for (offset, raw) in value.split('\n').enumerate() {
        let id = raw.trim();
        if id.is_empty() {
            continue;
        }
        if !super::shape::could_be_listed(id) {
            return None;
        }
        let indent = raw.len() - raw.trim_start().len();
        out.push((clamp(offset), clamp(indent + 1), id));
    }
    (out.len() >= 2).then_some(out)
}

/// The node of `kind` spanning exactly `start..end` (the innermost, should
/// two of one kind share the span) and its ancestors, nearest first, found in
/// one descent from `root`: each `Node::parent` call descends from the root
/// again, so walking up a deep literal's parents costs the depth squared.
fn find_with_ancestors<'t>(
    root: Node<'t>,
    start: usize,
    end: usize,
    kind: u16,
) -> Option<(Node<'t>, Vec<Node<'t>>)> {
    let covers = |n: &Node<'_>| n.start_byte() <= start && n.end_byte() >= end;
    let exact =
        |n: &Node<'_>| n.start_byte() == start && n.end_byte() == end && n.kind_id() == kind;
    let mut up = Vec::new();
    let mut cur = root;
    if !covers(&cur) {
        return None;
    }
    loop {
        match cur.first_child_for_byte(start).filter(covers) {
            Some(next) if !exact(&cur) || exact(&next) => {
                up.push(cur);
                cur = next;
            }
            _ if exact(&cur) => {
                up.reverse();
                return Some((cur, up));
            }
            _ => return None,
        }
    }
}

/// The field ids [`Src::model_list`] reads, looked up once per file: a
/// lookup by name compares the name with each of the grammar's field names.
#[derive(Debug)]
struct Fields {
    key: Option<std::num::NonZeroU16>,
    value: Option<std::num::NonZeroU16>,
    name: Option<std::num::NonZeroU16>,
    left: Option<std::num::NonZeroU16>,
}

impl Fields {
    fn of(node: Node<'_>) -> Self {
        let lang = node.language();
        Fields {
            key: lang.field_id_for_name("key"),
            value: lang.field_id_for_name("value"),
            name: lang.field_id_for_name("name"),
            left: lang.field_id_for_name("left"),
        }
    }

    fn get<'t>(&self, node: Node<'t>, field: Option<std::num::NonZeroU16>) -> Option<Node<'t>> {
        node.child_by_field_id(field?.get())
    }
}

/// The enum constant (Java's `enum_constant`, Kotlin's `enum_entry`) whose
/// arguments `args` is, or is in: `GPT_4_O("gpt-4o", "gpt-4")`,
/// `SONNET("claude-sonnet-4-5")`. An enum registry's ids sit there.
fn enum_constant_of(args: Node<'_>) -> Option<Node<'_>> {
    let mut cur = args;
    for _ in 0..2 {
        if !matches!(
            cur.kind(),
            "argument_list" | "value_arguments" | "value_argument"
        ) {
            return None;
        }
        let p = cur.parent()?;
        if matches!(p.kind(), "enum_constant" | "enum_entry") {
            return Some(p);
        }
        cur = p;
    }
    None
}

/// The index of the literal at `node` among its enum constant's arguments,
/// when it is one.
fn enum_argument_index(node: Node<'_>) -> Option<usize> {
    let mut arg = node;
    let mut args = node.parent()?;
    if args.kind() == "value_argument" {
        arg = args;
        args = args.parent()?;
    }
    enum_constant_of(args)?;
    let mut cur = args.walk();
    args.named_children(&mut cur)
        .position(|c| c.id() == arg.id())
}

/// How far up a keyed literal's entry is looked for (Go's literal sits in a
/// `literal_element` in a `keyed_element` in the `literal_value`).
const ENTRY_DEPTH: usize = 4;

/// How much of an entry's field is read for its key and plain value.
const FIELD_BYTES: usize = 120;

/// The key a field's text starts with (`provider` of `"provider": "groq"`,
/// `Models` of `Models: map[…]{…}`) and the text after it.
fn field_key(text: &str) -> Option<(&str, &str)> {
    let rest = text.trim_start_matches(['"', '\'', ':']);
    let key_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let after = rest[key_len..].trim_start_matches(['"', '\'']).trim_start();
    (key_len > 0).then(|| (&rest[..key_len], after))
}

/// The plain value of the field keyed `want` (any case), quotes removed: a
/// name or constant (`ModelProviderOpenRouter`), never an expression.
fn field_value(fields: &[(&str, &str)], want: &str) -> Option<String> {
    fields.iter().find_map(|(key, after)| {
        if !key.eq_ignore_ascii_case(want) {
            return None;
        }
        let value = ["=>", ":", "="]
            .iter()
            .find_map(|sep| after.strip_prefix(sep))?
            .trim()
            .trim_end_matches([',', ';'])
            .trim_matches(['"', '\'', '`'])
            .trim();
        let plain = !value.is_empty()
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_-.:".contains(&b));
        plain.then(|| value.to_string())
    })
}

/// The `id` of an entry that also holds a `models` field: a provider's
/// entry in a table of providers (mcphost's models.dev data,
/// `{ID: "cloudflare-workers-ai", Models: map[string]ModelInfo{…}}`).
fn registry_id(fields: &[(&str, &str)]) -> Option<String> {
    fields
        .iter()
        .any(|(key, _)| key.eq_ignore_ascii_case("models"))
        .then(|| field_value(fields, "id"))
        .flatten()
}

/// Whether a node kind is an object, dictionary, hash or struct literal:
/// JavaScript's `object`, Python's `dictionary`, Go's `literal_value`,
/// Ruby's `hash`, Rust's `field_initializer_list`, C#'s `initializer_expression`,
/// PHP's `array_creation_expression`.
fn is_entry_kind(kind: &str) -> bool {
    matches!(
        kind,
        "object"
            | "dictionary"
            | "literal_value"
            | "hash"
            | "field_initializer_list"
            | "initializer_expression"
            | "anonymous_object_creation_expression"
            | "array_creation_expression"
    )
}

/// How far up a literal's model list is looked for.
const LIST_DEPTH: usize = 10;

/// Whether a name names a list of patterns a model's name is tested
/// against, not of models (`supportedPrefixes`, `toolSupportingPatterns`,
/// fabric's `ollamaPrefixes`, `MODEL_REGEXES`, gptme's `…_MODEL_FAMILIES`):
/// its members are prefixes and fragments (`claude-4`, `o4`), never ids.
pub fn names_pattern_list(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "prefix", "suffix", "pattern", "regex", "glob", "matcher", "famil",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Whether a name names a list of models (`ChatModelId`, `SUPPORTED_MODELS`,
/// `model_id`, `models`): it says "model", and nothing that makes it a path,
/// a provider, a type or a status of models instead.
fn names_model_list(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with("modelid")
        || lower.contains("model")
            && ![
                "provider",
                "path",
                "dir",
                "file",
                "url",
                "type",
                "status",
                "kind",
                "field",
                "param",
                "key",
                "env",
                "version",
                "format",
                "class",
                "loader",
                "family",
                "vendor",
                "label",
                "display",
                "desc",
                "capabilit",
                "feature",
                "price",
                "cost",
                "limit",
                "size",
            ]
            .iter()
            .any(|w| lower.contains(w))
}

/// Keys whose value is a model list's member itself (`{ id: "…" }`).
fn is_id_key(key: &str) -> bool {
    matches!(
        key.to_ascii_lowercase().as_str(),
        "id" | "slug" | "model" | "modelid" | "model_id" | "model_name"
    )
}

/// Node kinds a literal's model list is never looked for beyond: calls and
/// their arguments, blocks, functions, classes.
fn ends_list_walk(kind: &str) -> bool {
    !kind.starts_with("enum")
        && [
            "call",
            "invocation",
            "argument",
            "function",
            "method",
            "lambda",
            "block",
            "body",
            "class",
            "program",
            "module",
            "source_file",
        ]
        .iter()
        .any(|w| kind.contains(w))
}
