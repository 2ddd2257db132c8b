//! PHP (tree-sitter-php). `$name` variables bind as `name`; `A\B\C` paths read as `A.B.C`.

use tree_sitter::Node;

use super::{CallShape, Field, Grammar, Pair, dotted, import_path};
use crate::scan::code::facts::Import;
use crate::scan::code::syntax::Src;

/// The PHP table.
pub static GRAMMAR: Grammar = Grammar {
    name: "PHP",
    comments: &["comment"],
    strings: &["string", "encapsed_string", "heredoc", "nowdoc"],
    idents: &["name", "variable_name", "qualified_name"],
    calls: &[
        CallShape {
            kind: "function_call_expression",
            func: Some(Field::Name("function")),
            receiver: None,
            method: None,
            args: Some(Field::Name("arguments")),
        },
        CallShape {
            kind: "member_call_expression",
            func: None,
            receiver: Some(Field::Name("object")),
            method: Some(Field::Name("name")),
            args: Some(Field::Name("arguments")),
        },
        CallShape {
            kind: "nullsafe_member_call_expression",
            func: None,
            receiver: Some(Field::Name("object")),
            method: Some(Field::Name("name")),
            args: Some(Field::Name("arguments")),
        },
        CallShape {
            kind: "scoped_call_expression",
            func: None,
            receiver: Some(Field::Name("scope")),
            method: Some(Field::Name("name")),
            args: Some(Field::Name("arguments")),
        },
        CallShape {
            kind: "object_creation_expression",
            func: Some(Field::First),
            receiver: None,
            method: None,
            args: Some(Field::Kind("arguments")),
        },
    ],
    members: &[Pair {
        kind: "member_access_expression",
        left: Field::Name("object"),
        right: Field::Name("name"),
    }],
    assigns: &[
        Pair {
            kind: "assignment_expression",
            left: Field::Name("left"),
            right: Field::Name("right"),
        },
        Pair {
            kind: "const_element",
            left: Field::First,
            right: Field::Last,
        },
    ],
    named_args: &[Pair {
        kind: "argument",
        left: Field::Name("name"),
        right: Field::Last,
    }],
    dicts: &[(
        "array_creation_expression",
        Pair {
            kind: "array_element_initializer",
            left: Field::First,
            right: Field::Last,
        },
    )],
    lists: &[],
    wrappers: &[
        ("parenthesized_expression", Field::First),
        ("argument", Field::First),
    ],
    messages: &["echo_statement", "throw_expression", "print_intrinsic"],
    subscripts: &[Pair {
        kind: "subscript_expression",
        left: Field::First,
        right: Field::Last,
    }],
    bools: &["boolean"],
    import_kinds: &["namespace_use_declaration"],
    imports,
    new_method: None,
    sigils: &['$'],
    this: &["this"],
    test_attributes: &["attribute"],
};

/// `use OpenAI;`, `use A\B\C as D;`, `use A\{B, C};`.
fn imports(node: Node<'_>, src: &Src<'_>, out: &mut Vec<Import>) -> bool {
    let mut cur = node.walk();
    let prefix = node
        .named_children(&mut cur)
        .find(|c| c.kind() == "namespace_name")
        .map(|p| dotted(src.text(p)));
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        let mut cur = n.walk();
        for c in n.named_children(&mut cur) {
            match c.kind() {
                "namespace_use_clause" => {
                    let alias = c.child_by_field_name("alias").map(|a| src.text(a));
                    let Some(target) = c.named_child(0) else {
                        continue;
                    };
                    let path = dotted(src.text(target));
                    let path = match &prefix {
                        Some(p) => format!("{p}.{path}"),
                        None => path,
                    };
                    out.extend(import_path(&path, alias));
                }
                "namespace_use_group" => stack.push(c),
                _ => {}
            }
        }
    }
    true
}
