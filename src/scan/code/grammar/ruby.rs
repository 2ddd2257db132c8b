//! Ruby (tree-sitter-ruby). `require "x"` makes everything of `x` visible;
//! `T.new(...)` constructs `T`.

use tree_sitter::Node;

use super::Field::{First, Last, Name};
use super::{CallShape, Grammar, Pair};
use crate::scan::code::facts::Import;
use crate::scan::code::syntax::Src;

/// The Ruby table.
pub static GRAMMAR: Grammar = Grammar {
    name: "Ruby",
    comments: &["comment"],
    strings: &["string"],
    idents: &["identifier", "constant", "instance_variable"],
    calls: &[CallShape::method(
        "call",
        Name("receiver"),
        Name("method"),
        Name("arguments"),
    )],
    members: &[Pair::new("scope_resolution", Name("scope"), Name("name"))],
    assigns: &[Pair::new("assignment", Name("left"), Name("right"))],
    named_args: &[Pair::new("pair", Name("key"), Name("value"))],
    dicts: &[("hash", Pair::new("pair", Name("key"), Name("value")))],
    lists: &["array"],
    wrappers: &[("parenthesized_statements", First)],
    messages: &[],
    subscripts: &[Pair::new("element_reference", Name("object"), Last)],
    bools: &["true", "false"],
    import_kinds: &["call"],
    imports,
    new_method: Some("new"),
    sigils: &['@', ':'],
    this: &["self"],
    test_attributes: &[],
};

/// `require "openai"`: a wildcard import of the gem.
fn imports(node: Node<'_>, src: &Src<'_>, out: &mut Vec<Import>) -> bool {
    let is_require = node.child_by_field_name("receiver").is_none()
        && node
            .child_by_field_name("method")
            .is_some_and(|m| src.text(m) == "require");
    if !is_require {
        return false;
    }
    let arg = node
        .child_by_field_name("arguments")
        .and_then(|a| a.named_child(0))
        .filter(|a| a.kind() == "string")
        .and_then(|a| a.named_child(0))
        .map(|c| src.text(c));
    if let Some(gem) = arg.filter(|g| !g.is_empty()) {
        out.push(Import {
            module: gem.to_string(),
            member: Some("*".into()),
            local: "*".into(),
        });
    }
    false
}
