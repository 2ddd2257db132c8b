//! Grammar tables: how each tree-sitter grammar spells the few constructs the
//! detectors need (calls, member access, assignments, strings, imports). The
//! walker in [`super::generic`] reads these tables, so a language is a table
//! plus an import reader, not a new walker.

mod csharp;
mod go;
mod java;
mod kotlin;
mod php;
mod ruby;
mod rust;

use tree_sitter::Node;

use super::facts::Import;
use super::syntax::Src;

pub use csharp::GRAMMAR as CSHARP;
pub use go::GRAMMAR as GO;
pub use java::GRAMMAR as JAVA;
pub use kotlin::GRAMMAR as KOTLIN;
pub use php::GRAMMAR as PHP;
pub use ruby::GRAMMAR as RUBY;
pub use rust::GRAMMAR as RUST;

/// How to reach one child of a node.
#[derive(Debug, Clone, Copy)]
pub enum Field {
    /// The child with this field name.
    Name(&'static str),
    /// The first named child.
    First,
    /// The last named child (only when it is not also the first).
    Last,
    /// The first named child of this kind.
    Kind(&'static str),
    /// The declared type of the variable this node initialises (C#
    /// `AzureOpenAIClient c = new(…)`: the `new` constructs that type).
    DeclaredType,
}

impl Field {
    /// The child this field names, if present.
    pub fn get<'t>(self, node: Node<'t>) -> Option<Node<'t>> {
        match self {
            Field::Name(n) => node.child_by_field_name(n),
            Field::First => node.named_child(0),
            Field::Last => {
                let n = u32::try_from(node.named_child_count()).unwrap_or(u32::MAX);
                (n >= 2).then(|| node.named_child(n - 1)).flatten()
            }
            Field::Kind(k) => {
                let mut cur = node.walk();
                node.named_children(&mut cur).find(|c| c.kind() == k)
            }
            Field::DeclaredType => node
                .parent()?
                .parent()?
                .child_by_field_name("type")
                .filter(|t| t.kind() != "implicit_type"),
        }
    }
}

/// Where the item an attribute marks sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    /// The next sibling that is not another attribute (Rust `#[test] fn …`).
    NextItem,
    /// The nearest enclosing `*_declaration` (Java `@Test`, C# `[Fact]`).
    Enclosing,
}

/// A call: `f(args)`, `recv.m(args)`, `new T(args)`, a struct literal `T{K: v}`.
#[derive(Debug, Clone, Copy)]
pub struct CallShape {
    /// Node kind.
    pub kind: &'static str,
    /// The callee expression (when the grammar has one).
    pub func: Option<Field>,
    /// The receiver (when the grammar splits receiver and method name).
    pub receiver: Option<Field>,
    /// The method name (with `receiver`).
    pub method: Option<Field>,
    /// The argument list.
    pub args: Option<Field>,
}

impl CallShape {
    /// `f(args)`, `new T(args)`: a callee and an argument list.
    pub const fn func(kind: &'static str, func: Field, args: Field) -> Self {
        CallShape {
            kind,
            func: Some(func),
            receiver: None,
            method: None,
            args: Some(args),
        }
    }

    /// `recv.m(args)` where the grammar splits receiver and method name.
    pub const fn method(kind: &'static str, receiver: Field, method: Field, args: Field) -> Self {
        CallShape {
            kind,
            func: None,
            receiver: Some(receiver),
            method: Some(method),
            args: Some(args),
        }
    }
}

/// A two-part node: member access (`a.b`), a scoped name (`a::b`), a named
/// argument (`name: v`), a dict entry (`k => v`), an assignment (`x = v`).
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    /// Node kind.
    pub kind: &'static str,
    /// Object / name / key / target.
    pub left: Field,
    /// Member / value.
    pub right: Field,
}

/// A grammar's table.
#[derive(Debug)]
pub struct Grammar {
    /// Language name (for messages).
    pub name: &'static str,
    /// Comment kinds: never walked.
    pub comments: &'static [&'static str],
    /// String literal kinds.
    pub strings: &'static [&'static str],
    /// Name kinds (identifiers, constants, variables).
    pub idents: &'static [&'static str],
    /// Calls.
    pub calls: &'static [CallShape],
    /// Member access and scoped names (`left` is the object, `right` the member).
    pub members: &'static [Pair],
    /// Assignments and declarations with a value.
    pub assigns: &'static [Pair],
    /// Named arguments (`left` the name; absent: a positional argument).
    pub named_args: &'static [Pair],
    /// Dict / map / hash literals and the kinds of their entries.
    pub dicts: &'static [(&'static str, Pair)],
    /// List / array literals.
    pub lists: &'static [&'static str],
    /// Transparent wrappers and the child that is the expression
    /// (parentheses, `await`, Go's `[]byte(…)` conversion).
    pub wrappers: &'static [(&'static str, Field)],
    /// Statements whose strings are messages (`throw`, `echo`).
    pub messages: &'static [&'static str],
    /// Subscripts (`ENV["X"]`): object and index.
    pub subscripts: &'static [Pair],
    /// `true` / `false` literal kinds.
    pub bools: &'static [&'static str],
    /// Kinds the import reader looks at.
    pub import_kinds: &'static [&'static str],
    /// Reads imports from a node of an `import_kinds` kind. Returns true when
    /// the node is fully handled (not walked further).
    pub imports: fn(Node<'_>, &Src<'_>, &mut Vec<Import>) -> bool,
    /// Method name that makes `T.new(...)` a constructor of `T` (Ruby).
    pub new_method: Option<&'static str>,
    /// Name prefixes dropped from variables (`$`, `@`) and receivers dropped
    /// from paths (`this`, `self`).
    pub sigils: &'static [char],
    /// Receivers that stand for the current object.
    pub this: &'static [&'static str],
    /// Attribute / annotation kinds that can mark test code (`#[cfg(test)]`,
    /// `@Test`, `[Fact]`) and where the item they mark is; which names mark
    /// tests is catalog knowledge.
    pub test_attributes: &'static [(&'static str, Marks)],
}

impl Pair {
    /// A pair of `kind` with these two children.
    pub const fn new(kind: &'static str, left: Field, right: Field) -> Self {
        Pair { kind, left, right }
    }

    /// Both children of `node`, when both are there and distinct
    /// (a lone child is no pair: `f(x)`'s argument, not `name: value`).
    pub fn split<'t>(&self, node: Node<'t>) -> Option<(Node<'t>, Node<'t>)> {
        let (l, r) = (self.left.get(node)?, self.right.get(node)?);
        (l.id() != r.id()).then_some((l, r))
    }
}

impl Grammar {
    /// The call shape of a node kind.
    pub fn call(&self, kind: &str) -> Option<&CallShape> {
        self.calls.iter().find(|c| c.kind == kind)
    }

    /// The pair shape of `kind` in `table`.
    pub fn pair<'g>(table: &'g [Pair], kind: &str) -> Option<&'g Pair> {
        table.iter().find(|p| p.kind == kind)
    }
}

/// A dotted module path (`a::b::C`, `A\B\C` → `a.b.C`).
pub fn dotted(text: &str) -> String {
    text.split(|c: char| c == ':' || c == '\\' || c == '.' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

/// An import of `path` (dotted), binding its last segment (or `alias`).
pub fn import_path(path: &str, alias: Option<&str>) -> Option<Import> {
    let (module, member) = match path.rsplit_once('.') {
        Some((m, last)) => (m.to_string(), last.to_string()),
        None => (path.to_string(), String::new()),
    };
    if path.is_empty() {
        return None;
    }
    if member == "*" {
        return Some(Import {
            module,
            member: Some("*".into()),
            local: "*".into(),
        });
    }
    if member.is_empty() {
        return Some(Import {
            module: module.clone(),
            member: None,
            local: alias.unwrap_or(&module).to_string(),
        });
    }
    Some(Import {
        local: alias.unwrap_or(&member).to_string(),
        module,
        member: Some(member),
    })
}
