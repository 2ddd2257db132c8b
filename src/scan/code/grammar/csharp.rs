//! C# (tree-sitter-c-sharp).

use tree_sitter::Node;

use super::Field::{DeclaredType, First, Kind, Last, Name};
use super::{CallShape, Grammar, Marks, Pair, dotted, import_path};
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
        CallShape::func("invocation_expression", Name("function"), Name("arguments")),
        CallShape::func(
            "object_creation_expression",
            Name("type"),
            Name("arguments"),
        ),
        CallShape::func(
            "implicit_object_creation_expression",
            DeclaredType,
            Kind("argument_list"),
        ),
    ],
    members: &[
        Pair::new("member_access_expression", Name("expression"), Name("name")),
        Pair::new("qualified_name", Name("qualifier"), Name("name")),
    ],
    assigns: &[
        Pair::new("variable_declarator", Name("name"), Last),
        Pair::new("assignment_expression", Name("left"), Name("right")),
    ],
    named_args: &[Pair::new("argument", Name("name"), Last)],
    dicts: &[],
    lists: &[],
    wrappers: &[
        ("parenthesized_expression", First),
        ("argument", First),
        ("await_expression", First),
        ("bracketed_argument_list", First),
    ],
    messages: &["throw_statement", "throw_expression"],
    subscripts: &[Pair::new(
        "element_access_expression",
        Name("expression"),
        Name("subscript"),
    )],
    bools: &["boolean_literal"],
    import_kinds: &["using_directive"],
    imports,
    new_method: None,
    sigils: &['@'],
    this: &["this"],
    test_attributes: &[("attribute", Marks::Enclosing)],
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
