//! The language-neutral facts a grammar extractor pulls out of one source file.
//! Detectors work on these facts only, so a new language is a grammar plus an
//! extractor plus catalog entries; detection rules are shared.

use std::collections::HashMap;

/// A (simplified) expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A string literal with no interpolation.
    Str(String),
    /// An interpolated string; each interpolation is written `{}`.
    Template(String),
    /// A bare name.
    Ident(String),
    /// A chain of names: `a.b.c`.
    Path(Vec<String>),
    /// A call.
    Call(Box<Call>),
    /// A dict / object literal with literal keys.
    Dict(Vec<(String, Expr)>),
    /// A list / array literal.
    List(Vec<Expr>),
    /// `True` / `true`, `False` / `false`.
    Bool(bool),
    /// A configuration value read by key (`config["AzureOpenAI:DeploymentName"]`):
    /// resolved against configuration files after the scan.
    ConfigRef(String),
    /// A read of an environment variable by name (`os.environ["X"]`).
    Env(String),
    /// Anything else.
    Other,
}

/// What is being called.
#[derive(Debug, Clone, PartialEq)]
pub enum Callee {
    /// `a.b.c(...)`.
    Path(Vec<String>),
    /// `a.b(...).c.d(...)`: a call on the result of another call.
    Chained {
        /// The inner call (`a.b(...)`).
        inner: Box<Call>,
        /// The names after it (`c`, `d`).
        rest: Vec<String>,
    },
    /// A callee we do not model.
    Other,
}

/// A call expression (`f(...)`, `new C(...)`).
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// What is called.
    pub callee: Callee,
    /// Positional arguments.
    pub args: Vec<Expr>,
    /// Keyword arguments (Python) or the properties of an object-literal argument (JS).
    pub kwargs: Vec<(String, Expr)>,
    /// 1-based line of the call.
    pub line: u32,
    /// 1-based column of the call.
    pub column: u32,
    /// The callee as written, shortened (`client.chat.completions.create`).
    pub symbol: String,
    /// The call is a message (print, log, exception) or a pattern test
    /// (`strings.HasPrefix`, `startsWith`): its strings are not usage.
    pub in_message: bool,
}

impl Call {
    /// A call at `(line, column)` with no arguments yet. It is a message when
    /// it sits inside one, or when its method is a message call of the catalog
    /// (`print`, `logger.info`, `fmt.Errorf`) or a pattern test (`HasPrefix`).
    pub fn new(
        callee: Callee,
        (line, column): (u32, u32),
        symbol: String,
        in_message: bool,
        catalog: &crate::catalog::Catalog,
    ) -> Call {
        let mut call = Call {
            callee,
            args: Vec::new(),
            kwargs: Vec::new(),
            line,
            column,
            symbol,
            in_message,
        };
        if let Some(m) = call.method() {
            call.in_message = in_message
                || catalog.is_message_call(m)
                || catalog.is_pattern_call(m)
                || catalog.is_tokenizer_call(m);
        }
        call
    }

    /// The last name of the callee (`create` for `client.chat.completions.create`).
    pub fn method(&self) -> Option<&str> {
        match &self.callee {
            Callee::Path(p) => p.last().map(String::as_str),
            Callee::Chained { rest, .. } => rest.last().map(String::as_str),
            Callee::Other => None,
        }
    }

    /// The callee's names after any inner call (`["chat","completions","create"]`).
    pub fn path(&self) -> &[String] {
        match &self.callee {
            Callee::Path(p) => p,
            Callee::Chained { rest, .. } => rest,
            Callee::Other => &[],
        }
    }

    /// A keyword argument by any of these names.
    pub fn kwarg(&self, names: &[impl AsRef<str>]) -> Option<&Expr> {
        self.kwargs
            .iter()
            .find(|(k, _)| names.iter().any(|n| n.as_ref() == k))
            .map(|(_, v)| v)
    }
}

/// An import binding a local name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The module / package (`openai`, `google.generativeai`, `@ai-sdk/openai`).
    pub module: String,
    /// The imported member, if any (`OpenAI` in `from openai import OpenAI`; `default`).
    pub member: Option<String>,
    /// The local name it is bound to.
    pub local: String,
}

impl Import {
    /// The SDK this import belongs to: by its qualified path, else its module.
    pub fn sdk<'c>(&self, catalog: &'c crate::catalog::Catalog) -> Option<&'c crate::catalog::Sdk> {
        catalog
            .sdk_for_module(&self.qualified('.'))
            .or_else(|| catalog.sdk_for_module(&self.module))
    }

    /// The fully qualified path the local name stands for (`google.genai`).
    pub fn qualified(&self, separator: char) -> String {
        match &self.member {
            Some(m) if m != "default" && m != "*" => format!("{}{separator}{m}", self.module),
            _ => self.module.clone(),
        }
    }
}

/// A read of an environment variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvRead {
    /// Variable name.
    pub name: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The expression as written (`os.environ`).
    pub symbol: String,
}

/// A string literal outside comments and docstrings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrLit {
    /// The value; interpolations are `{}`.
    pub value: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Inside a message (print, log, exception).
    pub in_message: bool,
    /// The key the literal is the value of (`label` in `label: "…"`), if any.
    pub key: Option<String>,
    /// The model list the literal is a member of, if any: a union type, array,
    /// enum or loop whose name names models (`type ChatModelId = 'a' | 'b'`,
    /// `MODELS = [...]`, `for model_id in (...)`), as (its start byte, its name).
    pub list: Option<(u32, String)>,
    /// The list is an enum class named for models (camel's `class
    /// ModelType(…, Enum)`): its name binds its members to AI, as no plain
    /// list's name does.
    pub in_model_enum: bool,
    /// The literal's start byte.
    pub byte: u32,
    /// The entry (object, dictionary, struct literal) the literal is a keyed
    /// value of, as an index into [`FileFacts::entries`]; set, as `list` is,
    /// only in a file where some literal may be a family's id.
    pub entry: Option<usize>,
}

/// An object, dictionary or struct literal some keyed literal is a value of
/// (`{ provider: "openrouter", model: "qwen/qwen3-32b" }`, Go's
/// `{Provider: ModelProviderOpenRouter, ModelName: "…"}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Start byte.
    pub start: u32,
    /// End byte.
    pub end: u32,
    /// The value of its `provider` key as written (`"openrouter"`,
    /// `ModelProviderOpenRouter`, `Provider.OPENROUTER`), quotes removed.
    pub provider: Option<String>,
    /// The `id` of an entry that also holds a `models` field (a provider's
    /// entry in a table of providers), as written.
    pub registry: Option<String>,
}

impl Entry {
    /// Whether the entry spans the byte `at`.
    pub fn spans(&self, at: u32) -> bool {
        self.start <= at && at < self.end
    }
}

/// A member path outside a call's callee (`openai.GPT4oMini`): SDK constants
/// that stand for model ids are read from these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathRef {
    /// The dotted path (`["openai", "GPT4oMini"]`).
    pub path: Vec<String>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Inside a message (print, log, exception).
    pub in_message: bool,
}

/// Everything the detectors need from one file.
#[derive(Debug, Default)]
pub struct FileFacts {
    /// Imports, in source order.
    pub imports: Vec<Import>,
    /// Every value assigned to each name (`x`, `self.x`, `arg:dest` for CLI defaults).
    pub bindings: HashMap<String, Vec<Expr>>,
    /// Every call, nested ones included, in source order.
    pub calls: Vec<Call>,
    /// Environment variable reads.
    pub env_reads: Vec<EnvRead>,
    /// String literals.
    pub strings: Vec<StrLit>,
    /// The entries keyed literals are values of (see [`StrLit::entry`]).
    pub entries: Vec<Entry>,
    /// Member paths that may be SDK constants (`openai.GPT4oMini`).
    pub paths: Vec<PathRef>,
    /// The parser found syntax errors (results may be incomplete).
    pub syntax_error: bool,
    /// Nesting deeper than the extractor follows was cut off.
    pub too_deep: bool,
    /// Line ranges (inclusive) of test code inside the file (`#[cfg(test)] mod`, `@Test` methods).
    pub test_lines: Vec<(u32, u32)>,
}

impl FileFacts {
    /// Empty facts for the tree rooted at `root` (syntax errors noted).
    pub fn of(root: tree_sitter::Node<'_>) -> Self {
        FileFacts {
            syntax_error: root.has_error(),
            ..FileFacts::default()
        }
    }

    /// Records the read `call` makes when its dotted path is one of the
    /// catalog's env getters and its first argument a literal name
    /// (`os.getenv("X")`, `System.getenv("X")`, `Deno.env.get("X")`).
    pub fn env_getter(&mut self, catalog: &crate::catalog::Catalog, call: &Call) {
        let path = call.path().join(".");
        if catalog.is_env_getter(&path)
            && let Some(Expr::Str(name)) = call.args.first()
        {
            self.env_reads.push(EnvRead {
                name: name.clone(),
                line: call.line,
                column: call.column,
                symbol: path,
            });
        }
    }

    /// Records an assignment.
    pub fn bind(&mut self, name: String, value: Expr) {
        self.bindings.entry(name).or_default().push(value);
    }

    /// The import that binds `local`, if any.
    pub fn import(&self, local: &str) -> Option<&Import> {
        self.imports.iter().rev().find(|i| i.local == local)
    }

    /// The single value bound to `name` (all assignments agree), if any.
    pub fn binding(&self, name: &str) -> Option<&Expr> {
        let values = self.bindings.get(name)?;
        let first = values.first()?;
        values.iter().all(|v| v == first).then_some(first)
    }

    /// Whether a line is inside test code.
    pub fn is_test_line(&self, line: u32) -> bool {
        self.test_lines
            .iter()
            .any(|(a, b)| (*a..=*b).contains(&line))
    }

    /// Whether the file imports `prefix` or a module inside it.
    pub fn imports_module(&self, prefix: &str) -> bool {
        self.imports.iter().any(|i| {
            let m = i.module.as_str();
            m == prefix
                || (m.starts_with(prefix)
                    && matches!(m.as_bytes().get(prefix.len()), Some(b'.' | b'/')))
        })
    }
}

/// Deepest syntax nesting an extractor follows.
pub const MAX_NESTING: usize = 400;

/// Deepest expression an extractor converts into an [`Expr`] or [`Call`]
/// (nested calls, chained calls, literals). Extractors recurse through
/// expressions, so this bound is what keeps a hostile file such as
/// `f(f(f(…)))` or `a.b().b().b()…` from overflowing the stack. A builder
/// chain costs two or three levels per call.
pub const MAX_EXPR: usize = 96;
