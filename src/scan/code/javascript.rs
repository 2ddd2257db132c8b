//! JavaScript / TypeScript / TSX extractor: walks a tree-sitter tree into [`FileFacts`].
//! The three grammars share the node kinds this extractor reads.

use tree_sitter::Node;

use super::facts::{Call, Callee, EnvRead, Expr, FileFacts, Import, MAX_EXPR};
use super::syntax::{Ctx, Src, unescape};
use crate::catalog::Catalog;

/// Extracts the facts of one JavaScript or TypeScript file.
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

/// Wrapper nodes that only annotate the expression inside them.
fn is_wrapper(kind: &str) -> bool {
    matches!(
        kind,
        "parenthesized_expression"
            | "await_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression"
            | "type_assertion"
    )
}

impl Walker<'_, '_> {
    fn walk(&mut self, node: Node<'_>, ctx: Ctx) {
        let Some(mut ctx) = ctx.enter(&mut self.facts) else {
            return;
        };
        match node.kind() {
            "comment" => return,
            "import_statement" => return self.import(node),
            "variable_declarator" => self.declarator(node),
            "assignment_expression" | "assignment_pattern" | "object_assignment_pattern" => {
                if let (Some(l), Some(r)) = (
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                ) && matches!(
                    l.kind(),
                    "identifier" | "member_expression" | "shorthand_property_identifier_pattern"
                ) {
                    let value = self.expr(r, 0);
                    self.facts.bind(self.src.text(l).to_string(), value);
                }
            }
            "throw_statement" => ctx.in_message = true,
            "call_expression" | "new_expression" => {
                let call = self.call(node, ctx.in_message, 0);
                self.on_call(&call);
                ctx.in_message = call.in_message;
                self.facts.calls.push(call);
            }
            "member_expression" | "subscript_expression" => self.env_member(node),
            "string" | "template_string" => {
                let (value, _) = self.string_value(node);
                self.src
                    .push_string(&mut self.facts.strings, node, value, ctx.in_message);
                let mut cur = node.walk();
                for c in node.named_children(&mut cur) {
                    if c.kind() == "template_substitution" {
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
        let Some(source) = node.child_by_field_name("source") else {
            return;
        };
        let module = self.string_value(source).0;
        let mut cur = node.walk();
        let Some(clause) = node
            .named_children(&mut cur)
            .find(|c| c.kind() == "import_clause")
        else {
            return; // side-effect import
        };
        let mut cur = clause.walk();
        for c in clause.named_children(&mut cur) {
            match c.kind() {
                "identifier" => self.push_import(&module, Some("default"), self.src.text(c)),
                "namespace_import" => {
                    if let Some(id) = c.named_child(0) {
                        self.push_import(&module, None, self.src.text(id));
                    }
                }
                "named_imports" => {
                    let mut cur = c.walk();
                    for spec in c
                        .named_children(&mut cur)
                        .filter(|s| s.kind() == "import_specifier")
                    {
                        let Some(name) = spec.child_by_field_name("name") else {
                            continue;
                        };
                        let member = self.src.text(name).trim_matches(['"', '\'']).to_string();
                        let local = spec
                            .child_by_field_name("alias")
                            .map_or(member.clone(), |a| self.src.text(a).to_string());
                        self.push_import(&module, Some(&member), &local);
                    }
                }
                _ => {}
            }
        }
    }

    fn push_import(&mut self, module: &str, member: Option<&str>, local: &str) {
        let import = Import {
            module: module.to_string(),
            member: member.map(str::to_string),
            local: local.to_string(),
        };
        self.facts.imports.push(import);
    }

    /// `const x = …`, including `const { A } = require("m")`.
    fn declarator(&mut self, node: Node<'_>) {
        let (Some(name), Some(value)) = (
            node.child_by_field_name("name"),
            node.child_by_field_name("value"),
        ) else {
            return;
        };
        // `const { OPENAI_API_KEY, MODEL = "…" } = process.env`: each name is a read.
        let target = self.src.text(value);
        if name.kind() == "object_pattern"
            && (target == "process.env" || target == "import.meta.env")
        {
            let mut cur = name.walk();
            for p in name.named_children(&mut cur) {
                let key = match p.kind() {
                    "shorthand_property_identifier_pattern" => Some(p),
                    "object_assignment_pattern" => p.child_by_field_name("left"),
                    "pair_pattern" => p.child_by_field_name("key"),
                    _ => None,
                };
                if let Some(k) = key {
                    let (line, column) = self.src.pos(k);
                    self.facts.env_reads.push(EnvRead {
                        name: self.src.text(k).trim_matches(['"', '\'']).to_string(),
                        line,
                        column,
                        symbol: target.to_string(),
                    });
                }
            }
        }
        let value_expr = self.expr(value, 0);
        let required = match &value_expr {
            Expr::Call(c) if c.path() == ["require"] => match c.args.first() {
                Some(Expr::Str(m)) => Some(m.clone()),
                _ => None,
            },
            _ => None,
        };
        match (name.kind(), required) {
            ("identifier", Some(m)) => self.push_import(&m, None, self.src.text(name)),
            ("object_pattern", Some(m)) => {
                let mut cur = name.walk();
                for p in name.named_children(&mut cur) {
                    match p.kind() {
                        "shorthand_property_identifier_pattern" => {
                            let n = self.src.text(p);
                            self.push_import(&m, Some(n), n);
                        }
                        "pair_pattern" => {
                            if let (Some(k), Some(v)) =
                                (p.child_by_field_name("key"), p.child_by_field_name("value"))
                            {
                                self.push_import(&m, Some(self.src.text(k)), self.src.text(v));
                            }
                        }
                        _ => {}
                    }
                }
            }
            ("identifier", None) => self.facts.bind(self.src.text(name).to_string(), value_expr),
            _ => {}
        }
    }

    fn on_call(&mut self, call: &Call) {
        self.facts.env_getter(self.catalog, call);
    }

    /// `process.env.X`, `process.env["X"]`, `import.meta.env.X`.
    fn env_member(&mut self, node: Node<'_>) {
        let Some(obj) = node.child_by_field_name("object") else {
            return;
        };
        let target = self.src.text(obj);
        if target != "process.env" && target != "import.meta.env" {
            return;
        }
        let name = match node.kind() {
            "member_expression" => node
                .child_by_field_name("property")
                .map(|p| self.src.text(p).to_string()),
            _ => node
                .child_by_field_name("index")
                .and_then(|i| match self.expr(i, 0) {
                    Expr::Str(s) => Some(s),
                    _ => None,
                }),
        };
        if let Some(name) = name {
            let (line, column) = self.src.pos(node);
            self.facts.env_reads.push(EnvRead {
                name,
                line,
                column,
                symbol: target.to_string(),
            });
        }
    }

    fn call(&self, node: Node<'_>, in_message: bool, depth: usize) -> Call {
        let func = node
            .child_by_field_name("function")
            .or_else(|| node.child_by_field_name("constructor"));
        let callee = func.map_or(Callee::Other, |f| self.callee(f, depth + 1));
        let symbol = func.map(|f| self.src.symbol(f)).unwrap_or_default();
        let position = self.src.pos(node);
        let mut call = Call::new(callee, position, symbol, in_message, self.catalog);
        if let Some(args) = node.child_by_field_name("arguments") {
            let mut cur = args.walk();
            for a in args.named_children(&mut cur) {
                if a.kind() == "comment" || a.kind() == "spread_element" {
                    continue;
                }
                let e = self.expr(a, depth + 1);
                if let Expr::Dict(pairs) = &e {
                    call.kwargs.extend(pairs.iter().cloned());
                }
                call.args.push(e);
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
                "identifier" | "this" | "super" => {
                    rest.push(self.src.text(cur).to_string());
                    rest.reverse();
                    return Callee::Path(rest);
                }
                "member_expression" => {
                    let (Some(o), Some(p)) = (
                        cur.child_by_field_name("object"),
                        cur.child_by_field_name("property"),
                    ) else {
                        return Callee::Other;
                    };
                    rest.push(self.src.text(p).to_string());
                    cur = o;
                }
                "call_expression" | "new_expression" => {
                    rest.reverse();
                    return Callee::Chained {
                        inner: Box::new(self.call(cur, false, depth + 1)),
                        rest,
                    };
                }
                k if is_wrapper(k) => match cur.named_child(0) {
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
            "string" | "template_string" => {
                let (v, template) = self.string_value(node);
                if template {
                    Expr::Template(v)
                } else {
                    Expr::Str(v)
                }
            }
            "identifier" => Expr::Ident(self.src.text(node).to_string()),
            "member_expression" => match self.callee(node, depth + 1) {
                Callee::Path(p) => Expr::Path(p),
                _ => Expr::Other,
            },
            "call_expression" | "new_expression" => {
                Expr::Call(Box::new(self.call(node, false, depth + 1)))
            }
            "true" => Expr::Bool(true),
            "false" => Expr::Bool(false),
            "object" => {
                let mut cur = node.walk();
                let pairs = node
                    .named_children(&mut cur)
                    .filter_map(|p| match p.kind() {
                        "pair" => {
                            let k = p.child_by_field_name("key")?;
                            let v = p.child_by_field_name("value")?;
                            let key = match k.kind() {
                                "property_identifier" => self.src.text(k).to_string(),
                                "string" => self.string_value(k).0,
                                _ => return None,
                            };
                            Some((key, self.expr(v, depth + 1)))
                        }
                        "shorthand_property_identifier" => {
                            let n = self.src.text(p).to_string();
                            Some((n.clone(), Expr::Ident(n)))
                        }
                        _ => None,
                    })
                    .collect();
                Expr::Dict(pairs)
            }
            "array" => {
                let mut cur = node.walk();
                Expr::List(
                    node.named_children(&mut cur)
                        .map(|c| self.expr(c, depth + 1))
                        .collect(),
                )
            }
            k if is_wrapper(k) => node
                .named_child(0)
                .map_or(Expr::Other, |c| self.expr(c, depth + 1)),
            _ => Expr::Other,
        }
    }

    fn string_value(&self, node: Node<'_>) -> (String, bool) {
        let mut out = String::new();
        let mut template = false;
        let mut cur = node.walk();
        for c in node.named_children(&mut cur) {
            match c.kind() {
                "string_fragment" => out.push_str(self.src.text(c)),
                "escape_sequence" => out.push_str(&unescape(self.src.text(c))),
                "template_substitution" => {
                    out.push_str("{}");
                    template = true;
                }
                _ => {}
            }
        }
        (out, template)
    }
}
