//! Python extractor: walks a tree-sitter-python tree into [`FileFacts`].

use tree_sitter::Node;

use super::facts::{Call, Callee, EnvRead, Expr, FileFacts, Import, MAX_EXPR};
use super::syntax::{Ctx, Src, unescape};
use crate::catalog::Catalog;

/// Extracts the facts of one Python file.
pub fn extract(root: Node<'_>, src: &Src<'_>, catalog: &Catalog) -> FileFacts {
    let mut w = Walker {
        src,
        catalog,
        facts: FileFacts::of(root),
    };
    w.walk(root, Ctx::default());
    src.resolve_lists(root, &mut w.facts, |v| {
        super::values::might_be_family(catalog, v)
    });
    w.facts
}

struct Walker<'s, 'c> {
    src: &'s Src<'s>,
    catalog: &'c Catalog,
    facts: FileFacts,
}

impl Walker<'_, '_> {
    fn walk(&mut self, node: Node<'_>, ctx: Ctx) {
        let Some(mut ctx) = ctx.enter(&mut self.facts) else {
            return;
        };
        match node.kind() {
            "comment" => return,
            "import_statement" => return self.import(node),
            "import_from_statement" => return self.import_from(node),
            "expression_statement" if node.named_child_count() == 1 => {
                if let Some(c) = node.named_child(0)
                    && matches!(c.kind(), "string" | "concatenated_string")
                {
                    return; // a docstring
                }
            }
            "assignment" => self.assignment(node),
            "class_definition" => self.settings_class(node),
            "default_parameter" | "typed_default_parameter" => {
                if let (Some(n), Some(v)) = (
                    node.child_by_field_name("name"),
                    node.child_by_field_name("value"),
                ) {
                    let value = self.expr(v, 0);
                    self.facts.bind(self.src.text(n).to_string(), value);
                }
            }
            "raise_statement" => ctx.in_message = true,
            // `"claude-opus-4.7" not in self.name`: a substring test, like
            // `startswith`; its literal is a pattern, not a model in use.
            "comparison_operator" if is_substring_test(node) => {
                let mut cur = node.walk();
                for (i, c) in node.named_children(&mut cur).enumerate() {
                    let mut at = ctx;
                    at.in_message |= i == 0;
                    self.walk(c, at);
                }
                return;
            }
            // `if model in ["claude-3.5", "claude-3-5"]: model = "claude-3-5-sonnet-20240620"`:
            // the tested literals are aliases a user may type, mapped to the
            // id the code sends; only that id is a model in use.
            "if_statement" | "elif_clause" if self.is_alias_test(node) => {
                let mut cur = node.walk();
                for c in node.named_children(&mut cur) {
                    let mut at = ctx;
                    at.in_message |= node.child_by_field_name("condition") == Some(c);
                    self.walk(c, at);
                }
                return;
            }
            "call" => {
                let call = self.call(node, ctx.in_message, 0);
                self.on_call(&call);
                ctx.in_message = call.in_message;
                self.facts.calls.push(call);
            }
            "subscript" => self.environ_subscript(node),
            "string" | "concatenated_string" => {
                let (value, _) = self.string_value(node);
                self.src
                    .push_string(&mut self.facts.strings, node, value, ctx.in_message);
                // Interpolations may hold calls; walk them, not the literal parts.
                let mut cur = node.walk();
                for c in node.named_children(&mut cur) {
                    if c.kind() == "interpolation" {
                        self.walk(c, ctx);
                    }
                }
                return;
            }
            _ => {}
        }
        let mut cur = node.walk();
        for c in node.named_children(&mut cur) {
            self.walk(c, ctx);
        }
    }

    fn import(&mut self, node: Node<'_>) {
        let mut cur = node.walk();
        for c in node.children_by_field_name("name", &mut cur) {
            match c.kind() {
                "dotted_name" => {
                    let m = self.src.text(c).to_string();
                    self.facts.imports.push(Import {
                        module: m.clone(),
                        member: None,
                        local: m,
                    });
                }
                "aliased_import" => {
                    if let (Some(n), Some(a)) = (
                        c.child_by_field_name("name"),
                        c.child_by_field_name("alias"),
                    ) {
                        let module = self.src.text(n).to_string();
                        self.facts.imports.push(Import {
                            module,
                            member: None,
                            local: self.src.text(a).to_string(),
                        });
                    }
                }
                _ => {}
            }
        }
    }

    fn import_from(&mut self, node: Node<'_>) {
        let Some(m) = node.child_by_field_name("module_name") else {
            return;
        };
        if m.kind() != "dotted_name" {
            return; // relative import: our own code
        }
        let module = self.src.text(m).to_string();
        let mut cur = node.walk();
        for c in node.children_by_field_name("name", &mut cur) {
            let (member, local) = match c.kind() {
                "dotted_name" => (self.src.text(c).to_string(), self.src.text(c).to_string()),
                "aliased_import" => match (
                    c.child_by_field_name("name"),
                    c.child_by_field_name("alias"),
                ) {
                    (Some(n), Some(a)) => {
                        (self.src.text(n).to_string(), self.src.text(a).to_string())
                    }
                    _ => continue,
                },
                _ => continue,
            };
            self.facts.imports.push(Import {
                module: module.clone(),
                member: Some(member),
                local,
            });
        }
        if node
            .named_children(&mut node.walk())
            .any(|c| c.kind() == "wildcard_import")
        {
            self.facts.imports.push(Import {
                module,
                member: Some("*".into()),
                local: "*".into(),
            });
        }
    }

    fn assignment(&mut self, node: Node<'_>) {
        let (Some(left), Some(right)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) else {
            return;
        };
        if matches!(left.kind(), "identifier" | "attribute") {
            let value = self.expr(right, 0);
            self.facts.bind(self.src.text(left).to_string(), value);
        }
    }

    /// A pydantic settings class (`class Settings(BaseSettings)`): each
    /// annotated field is read from the environment variable of its name,
    /// upper-cased after the class's `env_prefix`, or from its `Field`'s
    /// `alias` / `validation_alias` / `env`.
    fn settings_class(&mut self, node: Node<'_>) {
        let is_settings = node.child_by_field_name("superclasses").is_some_and(|b| {
            let mut cur = b.walk();
            b.named_children(&mut cur).any(|c| {
                self.src
                    .text(c)
                    .rsplit('.')
                    .next()
                    .is_some_and(|n| n == "BaseSettings")
            })
        });
        let Some(body) = node.child_by_field_name("body").filter(|_| is_settings) else {
            return;
        };
        let fields: Vec<Node<'_>> = {
            let mut cur = body.walk();
            body.named_children(&mut cur)
                .filter(|c| c.kind() == "expression_statement")
                .filter_map(|c| c.named_child(0))
                .filter(|a| a.kind() == "assignment")
                .collect()
        };
        let mut prefix = String::new();
        for a in &fields {
            let left = a.child_by_field_name("left").map(|l| self.src.text(l));
            if left == Some("model_config")
                && let Some(r) = a.child_by_field_name("right")
                && let Expr::Call(c) = self.expr(r, 0)
                && let Some(Expr::Str(p)) = c.kwarg(&["env_prefix"])
            {
                prefix = p.clone();
            }
        }
        for a in fields {
            let (Some(left), Some(_)) =
                (a.child_by_field_name("left"), a.child_by_field_name("type"))
            else {
                continue;
            };
            if left.kind() != "identifier" {
                continue;
            }
            let alias = a
                .child_by_field_name("right")
                .map(|r| self.expr(r, 0))
                .and_then(|e| match e {
                    Expr::Call(c) => match c.kwarg(&["validation_alias", "alias", "env"]) {
                        Some(Expr::Str(n)) => Some(n.clone()),
                        _ => None,
                    },
                    _ => None,
                });
            let name = alias
                .unwrap_or_else(|| format!("{prefix}{}", self.src.text(left)))
                .to_ascii_uppercase();
            let (line, column) = self.src.pos(left);
            self.facts.env_reads.push(EnvRead {
                name,
                line,
                column,
                symbol: "BaseSettings".to_string(),
            });
        }
    }

    /// CLI defaults (argparse `add_argument`, click `option`) and env reads.
    fn on_call(&mut self, call: &Call) {
        self.facts.env_getter(self.catalog, call);
        let is_cli = matches!(
            call.method(),
            Some("add_argument" | "option" | "argument" | "Option" | "Argument")
        );
        if !is_cli {
            return;
        }
        let Some(default) = call.kwarg(&["default"]).cloned() else {
            return;
        };
        let flags: Vec<&str> = call
            .args
            .iter()
            .filter_map(|a| {
                if let Expr::Str(s) = a {
                    Some(s.as_str())
                } else {
                    None
                }
            })
            .collect();
        let dest = match call.kwarg(&["dest"]) {
            Some(Expr::Str(d)) => Some(d.clone()),
            _ => flags
                .iter()
                .find(|f| f.starts_with("--"))
                .or(flags.first())
                .map(|f| f.trim_start_matches('-').replace('-', "_")),
        };
        if let Some(dest) = dest.filter(|d| !d.is_empty()) {
            self.facts.bind(format!("arg:{dest}"), default.clone());
            self.facts.bind(dest, default);
        }
    }

    fn environ_subscript(&mut self, node: Node<'_>) {
        let Some(name) = self.environ_name(node) else {
            return;
        };
        let (line, column) = self.src.pos(node);
        let symbol = node
            .child_by_field_name("value")
            .map(|v| self.src.text(v).to_string())
            .unwrap_or_default();
        self.facts.env_reads.push(EnvRead {
            name,
            line,
            column,
            symbol,
        });
    }

    /// The variable `os.environ["X"]` (or `environ["X"]`) reads.
    fn environ_name(&self, node: Node<'_>) -> Option<String> {
        let v = node.child_by_field_name("value")?;
        let s = node.child_by_field_name("subscript")?;
        let target = self.src.text(v);
        if !(target == "os.environ" || target == "environ") || s.kind() != "string" {
            return None;
        }
        let (name, template) = self.string_value(s);
        (!template).then_some(name)
    }

    fn call(&self, node: Node<'_>, in_message: bool, depth: usize) -> Call {
        let func = node.child_by_field_name("function");
        let callee = func.map_or(Callee::Other, |f| self.callee(f, depth + 1));
        let symbol = func.map(|f| self.src.symbol(f)).unwrap_or_default();
        let position = self.src.pos(node);
        let mut call = Call::new(callee, position, symbol, in_message, self.catalog);
        if let Some(args) = node.child_by_field_name("arguments") {
            let mut cur = args.walk();
            for a in args.named_children(&mut cur) {
                match a.kind() {
                    "keyword_argument" => {
                        if let (Some(n), Some(v)) = (
                            a.child_by_field_name("name"),
                            a.child_by_field_name("value"),
                        ) {
                            call.kwargs
                                .push((self.src.text(n).to_string(), self.expr(v, depth + 1)));
                        }
                    }
                    "comment" | "list_splat" | "dictionary_splat" => {}
                    _ => call.args.push(self.expr(a, depth + 1)),
                }
            }
        }
        call
    }

    fn callee(&self, node: Node<'_>, depth: usize) -> Callee {
        if depth > MAX_EXPR {
            return Callee::Other;
        }
        let mut rest = Vec::new();
        let mut cur = node;
        loop {
            match cur.kind() {
                "identifier" => {
                    rest.push(self.src.text(cur).to_string());
                    rest.reverse();
                    return Callee::Path(rest);
                }
                "attribute" => {
                    let (Some(o), Some(a)) = (
                        cur.child_by_field_name("object"),
                        cur.child_by_field_name("attribute"),
                    ) else {
                        return Callee::Other;
                    };
                    rest.push(self.src.text(a).to_string());
                    cur = o;
                }
                "call" => {
                    rest.reverse();
                    return Callee::Chained {
                        inner: Box::new(self.call(cur, false, depth + 1)),
                        rest,
                    };
                }
                "parenthesized_expression" | "await" => match cur.named_child(0) {
                    Some(c) => cur = c,
                    None => return Callee::Other,
                },
                _ => return Callee::Other,
            }
        }
    }

    fn expr(&self, node: Node<'_>, depth: usize) -> Expr {
        if depth > MAX_EXPR {
            return Expr::Other;
        }
        match node.kind() {
            "string" | "concatenated_string" => {
                let (v, template) = self.string_value(node);
                if template {
                    Expr::Template(v)
                } else {
                    Expr::Str(v)
                }
            }
            "identifier" => Expr::Ident(self.src.text(node).to_string()),
            "attribute" => match self.callee(node, depth + 1) {
                Callee::Path(p) => Expr::Path(p),
                _ => Expr::Other,
            },
            "call" => Expr::Call(Box::new(self.call(node, false, depth + 1))),
            "true" => Expr::Bool(true),
            "false" => Expr::Bool(false),
            "dictionary" => {
                let mut cur = node.walk();
                let pairs = node
                    .named_children(&mut cur)
                    .filter(|p| p.kind() == "pair")
                    .filter_map(|p| {
                        let k = p.child_by_field_name("key")?;
                        let v = p.child_by_field_name("value")?;
                        let key = match self.expr(k, depth + 1) {
                            Expr::Str(s) => s,
                            _ => return None,
                        };
                        Some((key, self.expr(v, depth + 1)))
                    })
                    .collect();
                Expr::Dict(pairs)
            }
            "list" | "tuple" => {
                let mut cur = node.walk();
                Expr::List(
                    node.named_children(&mut cur)
                        .map(|c| self.expr(c, depth + 1))
                        .collect(),
                )
            }
            "subscript" => self.environ_name(node).map_or(Expr::Other, Expr::Env),
            "parenthesized_expression" | "await" => node
                .named_child(0)
                .map_or(Expr::Other, |c| self.expr(c, depth + 1)),
            _ => Expr::Other,
        }
    }

    /// A string's value; interpolations become `{}`. Returns (value, has interpolation).
    fn string_value(&self, node: Node<'_>) -> (String, bool) {
        let mut out = String::new();
        let mut template = false;
        let mut cur = node.walk();
        for c in node.named_children(&mut cur) {
            match c.kind() {
                "string_content" => out.push_str(&self.src.content(c)),
                "escape_sequence" => out.push_str(&unescape(self.src.text(c))),
                "interpolation" => {
                    out.push_str("{}");
                    template = true;
                }
                "string" => {
                    let (v, t) = self.string_value(c);
                    out.push_str(&v);
                    template |= t;
                }
                _ => {}
            }
        }
        (out, template)
    }

    /// Whether an `if` (or `elif`) tests a name against literals and, when
    /// they match, sets that name to a literal: an alias table.
    fn is_alias_test(&self, node: Node<'_>) -> bool {
        let Some(cond) = node
            .child_by_field_name("condition")
            .filter(|c| c.kind() == "comparison_operator" && c.named_child_count() == 2)
        else {
            return false;
        };
        let op_ok = cond
            .child(1)
            .is_some_and(|c| matches!(c.kind(), "in" | "=="));
        let (Some(subject), Some(tested)) = (cond.named_child(0), cond.named_child(1)) else {
            return false;
        };
        if !op_ok
            || !matches!(subject.kind(), "identifier" | "attribute")
            || !matches!(tested.kind(), "list" | "tuple" | "set" | "string")
        {
            return false;
        }
        let name = self.src.text(subject);
        let Some(body) = node.child_by_field_name("consequence") else {
            return false;
        };
        let mut cur = body.walk();
        body.named_children(&mut cur).any(|stmt| {
            stmt.kind() == "expression_statement"
                && stmt.named_child(0).is_some_and(|a| {
                    a.kind() == "assignment"
                        && a.child_by_field_name("left")
                            .is_some_and(|l| self.src.text(l) == name)
                        && a.child_by_field_name("right")
                            .is_some_and(|r| r.kind() == "string")
                })
        })
    }
}

/// Whether a comparison tests a string literal for being in something
/// (`"opus-4-" in model`, `"x" not in name`): the literal, its left operand,
/// is a pattern. A literal on the right (`model in ("gpt-4o", …)`) is not.
fn is_substring_test(node: Node<'_>) -> bool {
    let left_is_literal = node
        .named_child(0)
        .is_some_and(|c| matches!(c.kind(), "string" | "concatenated_string"));
    let op_is_in = node
        .child(1)
        .is_some_and(|c| matches!(c.kind(), "in" | "not in"));
    left_is_literal && op_is_in && node.named_child_count() == 2
}
