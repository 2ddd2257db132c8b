//! C# (tree-sitter-c-sharp).

use tree_sitter::Node;

use super::{CallShape, Field, Grammar, Pair, dotted, import_path};
use crate::scan::code::facts::Import;
use crate::scan::code::syntax::Src;

/// The C# table.
pub static GRAMMAR: Grammar = Grammar {
    name: "C#",
    comments: &["comment"],
    strings: &[
        "string_literal",
        "verbatim_string_literal",
        "raw_string_literal",
        "interpolated_string_expression",
    ],
    idents: &["identifier"],
    calls: &[
        CallShape {
            kind: "invocation_expression",
            func: Some(Field::Name("function")),
            receiver: None,
            method: None,
            args: Some(Field::Name("arguments")),
        },
        CallShape {
            kind: "object_creation_expression",
            func: Some(Field::Name("type")),
            receiver: None,
            method: None,
            args: Some(Field::Name("arguments")),
        },
        CallShape {
            kind: "implicit_object_creation_expression",
            func: Some(Field::DeclaredType),
            receiver: None,
            method: None,
            args: Some(Field::Kind("argument_list")),
        },
    ],
    members: &[
        Pair {
            kind: "member_access_expression",
            left: Field::Name("expression"),
            right: Field::Name("name"),
        },
        Pair {
            kind: "qualified_name",
            left: Field::Name("qualifier"),
            right: Field::Name("name"),
        },
    ],
    assigns: &[
        Pair {
            kind: "variable_declarator",
            left: Field::Name("name"),
            right: Field::Last,
        },
        Pair {
            kind: "assignment_expression",
            left: Field::Name("left"),
            right: Field::Name("right"),
        },
    ],
    named_args: &[Pair {
        kind: "argument",
        left: Field::Name("name"),
        right: Field::Last,
    }],
    dicts: &[],
    lists: &[],
    wrappers: &[
        ("parenthesized_expression", Field::First),
        ("argument", Field::First),
        ("await_expression", Field::First),
    ],
    messages: &["throw_statement", "throw_expression"],
    subscripts: &[],
    bools: &["boolean_literal"],
    import_kinds: &["using_directive"],
    imports,
    new_method: None,
    sigils: &['@'],
    this: &["this"],
    test_attributes: &["attribute"],
};

/// `using OpenAI.Chat;` (a namespace: every type in it), `using A = B.C;`.
fn imports(node: Node<'_>, src: &Src<'_>, out: &mut Vec<Import>) -> bool {
    let text = src.text(node).trim().trim_end_matches(';');
    let text = text.trim_start_matches("global").trim_start();
    let text = text.strip_prefix("using").unwrap_or(text).trim_start();
    let text = text.strip_prefix("static ").unwrap_or(text);
    match text.split_once('=') {
        Some((alias, path)) => out.extend(import_path(&dotted(path), Some(alias.trim()))),
        None => out.extend(import_path(&format!("{}.*", dotted(text)), None)),
    }
    true
}
