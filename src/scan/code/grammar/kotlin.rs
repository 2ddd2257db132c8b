//! Kotlin (tree-sitter-kotlin-ng). Its nodes have few field names: children are
//! reached by position.

use super::Field::{First, Kind, Last, Name};
use super::{CallShape, Grammar, Marks, Pair};

/// The Kotlin table.
pub static GRAMMAR: Grammar = Grammar {
    name: "Kotlin",
    comments: &["line_comment", "block_comment"],
    strings: &["string_literal", "multiline_string_literal"],
    idents: &["identifier"],
    calls: &[CallShape::func(
        "call_expression",
        First,
        Kind("value_arguments"),
    )],
    members: &[Pair::new("navigation_expression", First, Last)],
    assigns: &[
        Pair::new("property_declaration", First, Last),
        Pair::new("assignment", Name("left"), Name("right")),
    ],
    named_args: &[Pair::new("value_argument", First, Last)],
    dicts: &[],
    lists: &[],
    wrappers: &[
        ("parenthesized_expression", First),
        ("variable_declaration", First),
        ("value_argument", First),
    ],
    messages: &["throw_expression"],
    subscripts: &[],
    bools: &["true", "false"],
    import_kinds: &["import"],
    imports: super::java::imports,
    new_method: None,
    sigils: &[],
    this: &["this"],
    test_attributes: &[("annotation", Marks::Enclosing)],
};
