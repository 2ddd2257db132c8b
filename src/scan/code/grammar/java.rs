//! Java (tree-sitter-java).

use tree_sitter::Node;

use super::Field::{First, Name};
use super::{CallShape, Grammar, Marks, Pair, dotted, import_path};
use crate::scan::code::facts::Import;
use crate::scan::code::syntax::Src;

/// The Java table.
pub static GRAMMAR: Grammar = Grammar {
    name: "Java",
    comments: &["line_comment", "block_comment"],
    strings: &["string_literal"],
    idents: &["identifier", "type_identifier"],
    calls: &[
        CallShape::method(
            "method_invocation",
            Name("object"),
            Name("name"),
            Name("arguments"),
        ),
        CallShape::func(
            "object_creation_expression",
            Name("type"),
            Name("arguments"),
        ),
    ],
    members: &[
        Pair::new("field_access", Name("object"), Name("field")),
        Pair::new("scoped_identifier", Name("scope"), Name("name")),
    ],
    assigns: &[
        Pair::new("variable_declarator", Name("name"), Name("value")),
        Pair::new("assignment_expression", Name("left"), Name("right")),
    ],
    named_args: &[],
    dicts: &[],
    lists: &["array_initializer"],
    wrappers: &[("parenthesized_expression", First)],
    messages: &["throw_statement"],
    subscripts: &[],
    bools: &["true", "false"],
    import_kinds: &["import_declaration"],
    imports,
    new_method: None,
    sigils: &[],
    this: &["this"],
    test_attributes: &[
        ("marker_annotation", Marks::Enclosing),
        ("annotation", Marks::Enclosing),
    ],
};

/// `import a.b.C;`, `import a.b.*;`, `import static a.B.c;`.
pub(super) fn imports(node: Node<'_>, src: &Src<'_>, out: &mut Vec<Import>) -> bool {
    let text = src.text(node).trim().trim_end_matches(';');
    let text = text.strip_prefix("import").unwrap_or(text).trim_start();
    let text = text.strip_prefix("static ").unwrap_or(text);
    let (path, alias) = match text.split_once(" as ") {
        Some((p, a)) => (p, Some(a.trim())),
        None => (text, None),
    };
    let mut path = dotted(path);
    if text.trim_end().ends_with('*') && !path.ends_with('*') {
        path.push_str(".*");
    }
    out.extend(import_path(&path, alias));
    true
}
