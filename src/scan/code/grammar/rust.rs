//! Rust (tree-sitter-rust). `json!({...})` bodies are read from their token trees.

use tree_sitter::Node;

use super::Field::{First, Kind, Name};
use super::{CallShape, Grammar, Marks, Pair, dotted, import_path};
use crate::scan::code::facts::Import;
use crate::scan::code::syntax::Src;

/// The Rust table.
pub static GRAMMAR: Grammar = Grammar {
    name: "Rust",
    comments: &["line_comment", "block_comment"],
    strings: &["string_literal", "raw_string_literal"],
    idents: &["identifier", "field_identifier", "type_identifier"],
    calls: &[
        CallShape::func("call_expression", Name("function"), Name("arguments")),
        CallShape::func("macro_invocation", Name("macro"), Kind("token_tree")),
        CallShape::func("struct_expression", Name("name"), Name("body")),
    ],
    members: &[
        Pair::new("field_expression", Name("value"), Name("field")),
        Pair::new("scoped_identifier", Name("path"), Name("name")),
        Pair::new("scoped_type_identifier", Name("path"), Name("name")),
    ],
    assigns: &[
        Pair::new("let_declaration", Name("pattern"), Name("value")),
        Pair::new("const_item", Name("name"), Name("value")),
        Pair::new("static_item", Name("name"), Name("value")),
        Pair::new("assignment_expression", Name("left"), Name("right")),
    ],
    named_args: &[Pair::new("field_initializer", Name("field"), Name("value"))],
    dicts: &[],
    lists: &["array_expression"],
    wrappers: &[
        ("parenthesized_expression", First),
        ("tuple_pattern", First),
        ("reference_expression", First),
        ("try_expression", First),
        ("await_expression", First),
        ("generic_function", First),
    ],
    messages: &[],
    subscripts: &[],
    bools: &["boolean_literal"],
    import_kinds: &["use_declaration"],
    imports,
    new_method: None,
    sigils: &[],
    this: &["self"],
    test_attributes: &[("attribute_item", Marks::NextItem)],
};

/// `use a::b::C;`, `use a::{b::C, D as E};`, `use a::*;` (not `crate::`/`self::`/`super::`).
fn imports(node: Node<'_>, src: &Src<'_>, out: &mut Vec<Import>) -> bool {
    if let Some(arg) = node.child_by_field_name("argument") {
        use_tree(arg, "", src, out);
    }
    true
}

fn use_tree(node: Node<'_>, prefix: &str, src: &Src<'_>, out: &mut Vec<Import>) {
    let join = |p: &str| {
        let p = dotted(p);
        if prefix.is_empty() {
            p
        } else if p.is_empty() {
            prefix.to_string()
        } else {
            format!("{prefix}.{p}")
        }
    };
    match node.kind() {
        "scoped_use_list" => {
            let path = node
                .child_by_field_name("path")
                .map(|p| join(src.text(p)))
                .unwrap_or_else(|| prefix.to_string());
            if let Some(list) = node.child_by_field_name("list") {
                let mut cur = list.walk();
                for c in list.named_children(&mut cur) {
                    use_tree(c, &path, src, out);
                }
            }
        }
        "use_list" => {
            let mut cur = node.walk();
            for c in node.named_children(&mut cur) {
                use_tree(c, prefix, src, out);
            }
        }
        "use_as_clause" => {
            if let (Some(p), Some(a)) = (
                node.child_by_field_name("path"),
                node.child_by_field_name("alias"),
            ) {
                push(&join(src.text(p)), Some(src.text(a)), out);
            }
        }
        "use_wildcard" => {
            let inner = node.named_child(0).map(|c| src.text(c)).unwrap_or("");
            push(&format!("{}.*", join(inner)), None, out);
        }
        "self" => push(prefix, None, out),
        _ => push(&join(src.text(node)), None, out),
    }
}

fn push(path: &str, alias: Option<&str>, out: &mut Vec<Import>) {
    let own = ["crate", "self", "super"];
    if own
        .iter()
        .any(|o| path == *o || path.starts_with(&format!("{o}.")))
    {
        return;
    }
    out.extend(import_path(path, alias));
}
