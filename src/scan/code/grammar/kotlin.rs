//! Kotlin (tree-sitter-kotlin-ng). Its nodes have few field names: children are
//! reached by position.

use super::{CallShape, Field, Grammar, Pair};

/// The Kotlin table.
pub static GRAMMAR: Grammar = Grammar {
    name: "Kotlin",
    comments: &["line_comment", "block_comment"],
    strings: &["string_literal", "multiline_string_literal"],
    idents: &["identifier"],
    calls: &[CallShape {
        kind: "call_expression",
        func: Some(Field::First),
        receiver: None,
        method: None,
        args: Some(Field::Kind("value_arguments")),
    }],
    members: &[Pair {
        kind: "navigation_expression",
        left: Field::First,
        right: Field::Last,
    }],
    assigns: &[
        Pair {
            kind: "property_declaration",
            left: Field::First,
            right: Field::Last,
        },
        Pair {
            kind: "assignment",
            left: Field::Name("left"),
            right: Field::Name("right"),
        },
    ],
    named_args: &[Pair {
        kind: "value_argument",
        left: Field::First,
        right: Field::Last,
    }],
    dicts: &[],
    lists: &[],
    wrappers: &[
        ("parenthesized_expression", Field::First),
        ("variable_declaration", Field::First),
        ("value_argument", Field::First),
    ],
    messages: &["throw_expression"],
    subscripts: &[],
    bools: &["true", "false"],
    import_kinds: &["import"],
    imports: super::java::imports,
    new_method: None,
    sigils: &[],
    this: &["this"],
    test_attributes: &["annotation"],
};
