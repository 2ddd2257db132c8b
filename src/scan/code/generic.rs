//! The table-driven extractor: walks any grammar described by a
//! [`Grammar`] table into [`FileFacts`]. Python and JavaScript keep their own
//! extractors (decorators, docstrings, JSX); every other language uses this one.

use tree_sitter::Node;

use super::facts::{Call, Callee, EnvRead, Expr, FileFacts, MAX_EXPR, PathRef};
use super::grammar::{CallShape, Grammar, Marks, Pair, dotted};
use super::syntax::{Ctx, Src, unescape};
use crate::catalog::Catalog;

/// String-literal children that are literal text.
const CONTENT: &[&str] = &[
    "string_content",
    "string_fragment",
    "multiline_string_fragment",
    "interpreted_string_literal_content",
    "raw_string_literal_content",
    "raw_string_content",
    "string_literal_content",
    "escape_sequence",
    "string_value",
    "heredoc_body",
    "nowdoc_body",
];

/// String-literal children that are delimiters, neither text nor interpolation.
const DELIMITERS: &[&str] = &[
    "raw_string_start",
    "raw_string_end",
    "interpolation_start",
    "interpolation_quote",
    "heredoc_start",
    "heredoc_end",
    "nowdoc_string",
];

/// Extracts the facts of one file of grammar `g`.
pub fn extract(g: &'static Grammar, root: Node<'_>, src: &Src<'_>, catalog: &Catalog) -> FileFacts {
    let mut w = Walker {
        g,
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
    g: &'static Grammar,
    src: &'s Src<'s>,
    catalog: &'c Catalog,
    facts: FileFacts,
}

impl Walker<'_, '_> {
    fn walk(&mut self, node: Node<'_>, ctx: Ctx) {
        let Some(mut ctx) = ctx.enter(&mut self.facts) else {
            return;
        };
        let kind = node.kind();
        if self.g.comments.contains(&kind) {
            return;
        }
        if self.g.import_kinds.contains(&kind)
            && (self.g.imports)(node, self.src, &mut self.facts.imports)
        {
            return;
        }
        if self.g.messages.contains(&kind) {
            ctx.in_message = true;
        }
        if let Some((_, marks)) = self.g.test_attributes.iter().find(|(k, _)| *k == kind) {
            self.test_attribute(node, *marks);
        }
        if let Some(p) = Grammar::pair(self.g.assigns, kind) {
            self.assign(node, p);
        }
        if let Some(shape) = self.g.call(kind) {
            let call = self.call(node, shape, ctx.in_message, 0);
            self.on_call(&call);
            ctx.in_message = call.in_message;
            self.facts.calls.push(call);
        }
        if let Some(p) = Grammar::pair(self.g.subscripts, kind) {
            self.env_subscript(node, p);
        }
        if let Some(p) = Grammar::pair(self.g.members, kind)
            && let Some((_, name)) = p.split(node)
            && self
                .catalog
                .is_model_constant_name(self.src.text(name).trim_start_matches(self.g.sigils))
        {
            self.path_ref(node, ctx.in_message);
        }
        if self.g.strings.contains(&kind) {
            let (value, _) = self.string_value(node);
            self.src
                .push_string(&mut self.facts.strings, node, value, ctx.in_message);
            let mut cur = node.walk();
            for c in node.named_children(&mut cur) {
                if !CONTENT.contains(&c.kind()) && !DELIMITERS.contains(&c.kind()) {
                    self.walk(c, ctx);
                }
            }
            return;
        }
        let mut cur = node.walk();
        for c in node.named_children(&mut cur) {
            self.walk(c, ctx);
        }
    }

    /// Records a member path whose name is an SDK constant's (`openai.GPT4oMini`):
    /// the value detector looks it up by its scope.
    fn path_ref(&mut self, node: Node<'_>, in_message: bool) {
        if let Callee::Path(path) = self.callee(node, 0)
            && path.len() >= 2
        {
            let (line, column) = self.src.pos(node);
            self.facts.paths.push(PathRef {
                path,
                line,
                column,
                in_message,
            });
        }
    }

    /// A name as bound and looked up: sigils (`$`, `@`) dropped.
    fn name(&self, text: &str) -> String {
        text.trim_start_matches(self.g.sigils).to_string()
    }

    /// Unwraps transparent wrappers.
    fn unwrap<'t>(&self, mut node: Node<'t>) -> Node<'t> {
        for _ in 0..MAX_EXPR {
            let Some((_, field)) = self.g.wrappers.iter().find(|(k, _)| *k == node.kind()) else {
                break;
            };
            match field.get(node) {
                Some(c) => node = c,
                None => break,
            }
        }
        node
    }

    fn assign(&mut self, node: Node<'_>, p: &Pair) {
        let Some((left, right)) = p.split(node) else {
            return;
        };
        // `a, err := f()`, `let (a, b) = …`: the first name (lists are wrappers).
        let target = self.unwrap(left);
        let name = match self.callee(target, 0) {
            Callee::Path(p) if !p.is_empty() => p.join("."),
            _ => return,
        };
        let value = self.expr(right, 0);
        self.facts.bind(name, value);
    }

    fn call(&self, node: Node<'_>, shape: &CallShape, in_message: bool, depth: usize) -> Call {
        let (callee, name_node) = self.call_target(node, shape, depth);
        let symbol = match &callee {
            Callee::Path(p) => p.join("."),
            Callee::Chained { rest, .. } => format!("….{}", rest.join(".")),
            Callee::Other => String::new(),
        };
        let symbol = super::syntax::shorten(&symbol, 120);
        let position = self.src.pos(name_node.unwrap_or(node));
        let mut call = Call::new(callee, position, symbol, in_message, self.catalog);
        if let Some(args) = shape.args.and_then(|f| f.get(node)) {
            self.arguments(args, &mut call, depth);
        }
        call
    }

    /// The callee of a call node, and the node naming the method (for the position).
    fn call_target<'t>(
        &self,
        node: Node<'t>,
        shape: &CallShape,
        depth: usize,
    ) -> (Callee, Option<Node<'t>>) {
        if let Some(f) = shape.func {
            let Some(func) = f.get(node) else {
                return (Callee::Other, None);
            };
            let func = self.unwrap(func);
            let name = Grammar::pair(self.g.members, func.kind())
                .and_then(|p| p.right.get(func))
                .or(Some(func));
            return (self.callee(func, depth + 1), name);
        }
        let method = shape.method.and_then(|f| f.get(node));
        let Some(m) = method.map(|m| self.name(self.src.text(m))) else {
            return (Callee::Other, None);
        };
        let receiver = shape.receiver.and_then(|f| f.get(node));
        let Some(r) = receiver else {
            return (Callee::Path(vec![m]), method);
        };
        let recv = self.callee(r, depth + 1);
        if self.g.new_method == Some(m.as_str())
            && let Callee::Path(p) = &recv
        {
            return (Callee::Path(p.clone()), Some(r)); // `T.new(...)` constructs `T`
        }
        (then(recv, m), method)
    }

    fn callee(&self, node: Node<'_>, depth: usize) -> Callee {
        if depth > MAX_EXPR {
            return Callee::Other;
        }
        let node = self.unwrap(node);
        let kind = node.kind();
        if self.g.idents.contains(&kind) {
            let name = self.name(self.src.text(node));
            if self.g.this.contains(&name.as_str()) {
                return Callee::Path(Vec::new());
            }
            let path = dotted(&name);
            return Callee::Path(path.split('.').map(str::to_string).collect());
        }
        if let Some(p) = Grammar::pair(self.g.members, kind) {
            let Some((l, r)) = p.split(node) else {
                return Callee::Other;
            };
            return then(self.callee(l, depth + 1), self.name(self.src.text(r)));
        }
        if let Some(shape) = self.g.call(kind) {
            return Callee::Chained {
                inner: Box::new(self.call(node, shape, false, depth + 1)),
                rest: Vec::new(),
            };
        }
        Callee::Other
    }

    fn arguments(&self, args: Node<'_>, call: &mut Call, depth: usize) {
        if args.kind() == "token_tree" {
            let mut cur = args.walk();
            for c in args.named_children(&mut cur) {
                call.args.push(self.token(c, depth + 1));
            }
            return;
        }
        let mut cur = args.walk();
        for a in args.named_children(&mut cur) {
            if self.g.comments.contains(&a.kind()) {
                continue;
            }
            if let Some(p) = Grammar::pair(self.g.named_args, a.kind()) {
                match p.split(a) {
                    Some((k, v)) => {
                        call.kwargs.push((self.key(k), self.expr(v, depth + 1)));
                    }
                    None => {
                        if let Some(v) = a.named_child(0) {
                            call.args.push(self.expr(v, depth + 1));
                        }
                    }
                }
                continue;
            }
            call.args.push(self.expr(a, depth + 1));
        }
    }

    /// A key or argument name as written (`model`, `"model"`, `:model`, `Model`).
    fn key(&self, node: Node<'_>) -> String {
        let node = self.unwrap(node);
        if self.g.strings.contains(&node.kind()) {
            return self.string_value(node).0;
        }
        self.name(self.src.text(node).trim_end_matches(':').trim())
    }

    fn expr(&self, node: Node<'_>, depth: usize) -> Expr {
        if depth > MAX_EXPR {
            return Expr::Other;
        }
        let node = self.unwrap(node);
        let kind = node.kind();
        if self.g.strings.contains(&kind) {
            let (v, template) = self.string_value(node);
            return if template {
                Expr::Template(v)
            } else {
                Expr::Str(v)
            };
        }
        if self.g.bools.contains(&kind) {
            return Expr::Bool(self.src.text(node) == "true");
        }
        if self.g.idents.contains(&kind) || Grammar::pair(self.g.members, kind).is_some() {
            return match self.callee(node, depth + 1) {
                Callee::Path(p) if p.len() == 1 => Expr::Ident(p[0].clone()),
                Callee::Path(p) if !p.is_empty() => Expr::Path(p),
                _ => Expr::Other,
            };
        }
        if let Some(shape) = self.g.call(kind) {
            return Expr::Call(Box::new(self.call(node, shape, false, depth + 1)));
        }
        if let Some(p) = Grammar::pair(self.g.subscripts, kind)
            && let Some((obj, index)) = p.split(node)
            && let Callee::Path(path) = self.callee(obj, depth + 1)
            && path
                .last()
                .is_some_and(|o| self.catalog.is_config_object(o))
            && let Expr::Str(key) = self.expr(index, depth + 1)
        {
            return Expr::ConfigRef(key);
        }
        if let Some((_, entry)) = self.g.dicts.iter().find(|(k, _)| *k == kind) {
            return self.dict(node, entry, depth);
        }
        if self.g.lists.contains(&kind) {
            let mut cur = node.walk();
            return Expr::List(
                node.named_children(&mut cur)
                    .filter(|c| !self.g.comments.contains(&c.kind()))
                    .map(|c| self.expr(c, depth + 1))
                    .collect(),
            );
        }
        Expr::Other
    }

    /// A dict literal; one whose entries have no keys is a list.
    fn dict(&self, node: Node<'_>, entry: &Pair, depth: usize) -> Expr {
        let mut pairs = Vec::new();
        let mut items = Vec::new();
        let mut cur = node.walk();
        for c in node.named_children(&mut cur) {
            if c.kind() != entry.kind {
                continue;
            }
            match entry.split(c) {
                Some((k, v)) => pairs.push((self.key(k), self.expr(v, depth + 1))),
                None => {
                    if let Some(v) = c.named_child(0) {
                        items.push(self.expr(v, depth + 1));
                    }
                }
            }
        }
        if pairs.is_empty() && !items.is_empty() {
            Expr::List(items)
        } else {
            Expr::Dict(pairs)
        }
    }

    /// A macro token (Rust `json!({"model": "x"})`): strings, nested token trees
    /// as dicts (`"k": v` pairs) or lists.
    fn token(&self, node: Node<'_>, depth: usize) -> Expr {
        if depth > MAX_EXPR {
            return Expr::Other;
        }
        if node.kind() != "token_tree" {
            return self.expr(node, depth + 1);
        }
        let mut cur = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut cur).collect();
        let mut pairs = Vec::new();
        let mut items = Vec::new();
        let mut i = 0;
        while i < children.len() {
            let c = children[i];
            if self.g.strings.contains(&c.kind())
                && children.get(i + 1).is_some_and(|n| n.kind() == ":")
                && let Some(v) = children.get(i + 2)
            {
                pairs.push((self.string_value(c).0, self.token(*v, depth + 1)));
                i += 3;
                continue;
            }
            if c.is_named() {
                items.push(self.token(c, depth + 1));
            }
            i += 1;
        }
        if pairs.is_empty() {
            Expr::List(items)
        } else {
            Expr::Dict(pairs)
        }
    }

    /// A string's value; interpolations become `{}`. Returns (value, has interpolation).
    fn string_value(&self, node: Node<'_>) -> (String, bool) {
        if node.named_child_count() == 0 {
            return (strip_quotes(self.src.text(node)).to_string(), false);
        }
        let mut out = String::new();
        let mut template = false;
        let mut cur = node.walk();
        for c in node.named_children(&mut cur) {
            let k = c.kind();
            if k == "escape_sequence" {
                out.push_str(&unescape(self.src.text(c)));
            } else if CONTENT.contains(&k) {
                out.push_str(&self.src.content(c));
            } else if !DELIMITERS.contains(&k) {
                out.push_str("{}");
                template = true;
            }
        }
        (out, template)
    }

    /// `#[cfg(test)]`, `#[test]`, `@Test`, `[Fact]`: the item it marks is test code.
    fn test_attribute(&mut self, node: Node<'_>, marks: Marks) {
        let text = self.src.text(node);
        let inner = text
            .trim_start_matches(['#', '[', '@'])
            .trim_end_matches(']')
            .trim();
        let name = inner.split('(').next().unwrap_or(inner);
        let name = name.rsplit(['.', ':']).next().unwrap_or(name);
        if !self.catalog.is_test_marker(inner) && !self.catalog.is_test_marker(name) {
            return;
        }
        let item = match marks {
            Marks::NextItem => {
                std::iter::successors(node.next_named_sibling(), |n| n.next_named_sibling())
                    .find(|n| n.kind() != node.kind())
            }
            Marks::Enclosing => std::iter::successors(node.parent(), |n| n.parent())
                .take(4)
                .find(|n| n.kind().ends_with("declaration")),
        };
        if let Some(i) = item {
            let (start, _) = self.src.pos(i);
            let end = u32::try_from(i.end_position().row + 1).unwrap_or(u32::MAX);
            self.facts.test_lines.push((start, end));
        }
    }

    /// Environment reads through a getter call (`os.Getenv("X")`).
    fn on_call(&mut self, call: &Call) {
        self.facts.env_getter(self.catalog, call);
    }

    /// Environment reads through a map (`ENV["X"]`, `$_ENV['X']`).
    fn env_subscript(&mut self, node: Node<'_>, p: &Pair) {
        let Some((obj, index)) = p.split(node) else {
            return;
        };
        let target = self.name(self.src.text(obj));
        if !self.catalog.is_env_map(&target) {
            return;
        }
        if let Expr::Str(name) = self.expr(index, 0) {
            let (line, column) = self.src.pos(node);
            self.facts.env_reads.push(EnvRead {
                name,
                line,
                column,
                symbol: target,
            });
        }
    }
}

/// `callee.name`: a member of what `callee` names.
fn then(callee: Callee, name: String) -> Callee {
    match callee {
        Callee::Path(mut p) => {
            p.push(name);
            Callee::Path(p)
        }
        Callee::Chained { inner, mut rest } => {
            rest.push(name);
            Callee::Chained { inner, rest }
        }
        Callee::Other => Callee::Other,
    }
}

/// A literal's text without its quotes and prefixes (`@"x"`, `r#"x"#`).
fn strip_quotes(text: &str) -> &str {
    text.trim_start_matches(['@', '$', 'r', 'R', 'b', 'B'])
        .trim_matches('#')
        .trim_matches(['"', '\'', '`'])
}
