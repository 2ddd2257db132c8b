//! Rust (tree-sitter-rust). `json!({...})` bodies are read from their token trees.

use tree_sitter::Node;

use super::{CallShape, Field, Grammar, Pair, dotted, import_path};
use crate::scan::code::facts::Import;
use crate::scan::code::syntax::Src;

/// The Rust table.
pub static GRAMMAR: Grammar = Grammar {
    name: "Rust",
    comments: &["line_comment", "block_comment"],
    strings: &["string_literal", "raw_string_literal"],
    idents: &["identifier", "field_identifier", "type_identifier"],
    calls: &[
        CallShape {
            kind: "call_expression",
            func: Some(Field::Name("function")),
            receiver: None,
            method: None,
            args: Some(Field::Name("arguments")),
        },
        CallShape {
            kind: "macro_invocation",
            func: Some(Field::Name("macro")),
            receiver: None,
            method: None,
            args: Some(Field::Kind("token_tree")),
        },
        CallShape {
            kind: "struct_expression",
            func: Some(Field::Name("name")),
            receiver: None,
            method: None,
            args: Some(Field::Name("body")),
        },
    ],
    members: &[
        Pair {
            kind: "field_expression",
            left: Field::Name("value"),
            right: Field::Name("field"),
        },
        Pair {
            kind: "scoped_identifier",
            left: Field::Name("path"),
            right: Field::Name("name"),
        },
        Pair {
            kind: "scoped_type_identifier",
            left: Field::Name("path"),
            right: Field::Name("name"),
        },
    ],
    assigns: &[
        Pair {
            kind: "let_declaration",
            left: Field::Name("pattern"),
            right: Field::Name("value"),
        },
        Pair {
            kind: "const_item",
            left: Field::Name("name"),
            right: Field::Name("value"),
        },
        Pair {
            kind: "static_item",
            left: Field::Name("name"),
            right: Field::Name("value"),
        },
        Pair {
            kind: "assignment_expression",
            left: Field::Name("left"),
            right: Field::Name("right"),
        },
    ],
    named_args: &[Pair {
        kind: "field_initializer",
        left: Field::Name("field"),
        right: Field::Name("value"),
    }],
    dicts: &[],
    lists: &["array_expression"],
    wrappers: &[
        ("parenthesized_expression", Field::First),
        ("reference_expression", Field::First),
        ("try_expression", Field::First),
        ("await_expression", Field::First),
        ("generic_function", Field::First),
    ],
    messages: &[],
    subscripts: &[],
    bools: &["boolean_literal"],
    import_kinds: &["use_declaration"],
    imports,
    new_method: None,
    sigils: &[],
    this: &["self"],
    test_attributes: &["attribute_item"],
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
