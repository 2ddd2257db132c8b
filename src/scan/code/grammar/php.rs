//! PHP (tree-sitter-php). `$name` variables bind as `name`; `A\B\C` paths read as `A.B.C`.

use tree_sitter::Node;

use super::Field::{First, Kind, Last, Name};
use super::{CallShape, Grammar, Marks, Pair, dotted, import_path};
use crate::scan::code::facts::Import;
use crate::scan::code::syntax::Src;

/// The PHP table.
pub static GRAMMAR: Grammar = Grammar {
    name: "PHP",
    comments: &["comment"],
    strings: &["string", "encapsed_string", "heredoc", "nowdoc"],
    idents: &["name", "variable_name", "qualified_name"],
    calls: &[
        CallShape::func(
            "function_call_expression",
            Name("function"),
            Name("arguments"),
        ),
        CallShape::method(
            "member_call_expression",
            Name("object"),
            Name("name"),
            Name("arguments"),
        ),
        CallShape::method(
            "nullsafe_member_call_expression",
            Name("object"),
            Name("name"),
            Name("arguments"),
        ),
        CallShape::method(
            "scoped_call_expression",
            Name("scope"),
            Name("name"),
            Name("arguments"),
        ),
        CallShape::func("object_creation_expression", First, Kind("arguments")),
    ],
    members: &[Pair::new(
        "member_access_expression",
        Name("object"),
        Name("name"),
    )],
    assigns: &[
        Pair::new("assignment_expression", Name("left"), Name("right")),
        Pair::new("const_element", First, Last),
    ],
    named_args: &[Pair::new("argument", Name("name"), Last)],
    dicts: &[(
        "array_creation_expression",
        Pair::new("array_element_initializer", First, Last),
    )],
    lists: &[],
    wrappers: &[("parenthesized_expression", First), ("argument", First)],
    messages: &["echo_statement", "throw_expression", "print_intrinsic"],
    subscripts: &[Pair::new("subscript_expression", First, Last)],
    bools: &["boolean"],
    import_kinds: &["namespace_use_declaration"],
    imports,
    new_method: None,
    sigils: &['$'],
    this: &["this"],
    test_attributes: &[("attribute", Marks::Enclosing)],
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
