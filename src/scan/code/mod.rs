//! Source-code detection. A language is a tree-sitter grammar plus an extractor
//! that fills [`facts::FileFacts`]; the rules in [`detect`] and the catalog are
//! shared by every language.

pub mod detect;
pub mod facts;
mod generic;
pub mod grammar;
mod javascript;
mod python;
pub mod shape;
pub mod syntax;
pub mod values;

use tree_sitter::{Language, Parser};

use crate::scan::cx::FileCx;
use crate::vocab::{Code, Results, Warning};

/// Largest source file parsed. Hand-written code is far smaller; a parse tree
/// costs tens to hundreds of bytes per byte of source, so this bounds a
/// file's memory (an 8 MB one-line call chain took a gigabyte).
pub const MAX_PARSE_BYTES: usize = 2 * 1024 * 1024;
/// Longest line of a source file parsed: past it, the file is minified or
/// generated (a bundle), not code a person wrote or reviews line by line.
pub const MAX_PARSE_LINE: usize = 64 * 1024;

/// A language the scanner parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Python.
    Python,
    /// JavaScript (and JSX).
    JavaScript,
    /// TypeScript.
    TypeScript,
    /// TSX.
    Tsx,
    /// Go.
    Go,
    /// Java.
    Java,
    /// Kotlin.
    Kotlin,
    /// C#.
    CSharp,
    /// Rust.
    Rust,
    /// Ruby.
    Ruby,
    /// PHP.
    Php,
}

impl Lang {
    /// The language of a file extension (lower case, no dot).
    pub fn from_extension(ext: &str) -> Option<Lang> {
        Some(match ext {
            "py" | "pyi" | "pyw" => Lang::Python,
            "js" | "jsx" | "mjs" | "cjs" => Lang::JavaScript,
            "ts" | "mts" | "cts" => Lang::TypeScript,
            "tsx" => Lang::Tsx,
            "go" => Lang::Go,
            "java" => Lang::Java,
            "kt" | "kts" => Lang::Kotlin,
            "cs" => Lang::CSharp,
            "rs" => Lang::Rust,
            "rb" | "rake" => Lang::Ruby,
            "php" => Lang::Php,
            _ => return None,
        })
    }

    fn grammar(self) -> Language {
        match self {
            Lang::Python => tree_sitter_python::LANGUAGE.into(),
            Lang::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Lang::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Lang::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Lang::Go => tree_sitter_go::LANGUAGE.into(),
            Lang::Java => tree_sitter_java::LANGUAGE.into(),
            Lang::Kotlin => tree_sitter_kotlin_ng::LANGUAGE.into(),
            Lang::CSharp => tree_sitter_c_sharp::LANGUAGE.into(),
            Lang::Rust => tree_sitter_rust::LANGUAGE.into(),
            Lang::Ruby => tree_sitter_ruby::LANGUAGE.into(),
            Lang::Php => tree_sitter_php::LANGUAGE_PHP.into(),
        }
    }

    /// The grammar table of a language read by the table-driven extractor.
    fn table(self) -> Option<&'static grammar::Grammar> {
        Some(match self {
            Lang::Go => &grammar::GO,
            Lang::Java => &grammar::JAVA,
            Lang::Kotlin => &grammar::KOTLIN,
            Lang::CSharp => &grammar::CSHARP,
            Lang::Rust => &grammar::RUST,
            Lang::Ruby => &grammar::RUBY,
            Lang::Php => &grammar::PHP,
            Lang::Python | Lang::JavaScript | Lang::TypeScript | Lang::Tsx => return None,
        })
    }
}

/// Parses one source file and runs the detection rules over it.
pub fn detect(cx: &FileCx, lang: Lang, out: &mut Results) {
    let (catalog, path, text) = (cx.catalog, cx.path, cx.text);
    let warnings = &mut out.warnings;
    let mut parser = Parser::new();
    if let Err(e) = parser.set_language(&lang.grammar()) {
        warnings.push(Warning::new(
            Code::ParseError,
            path,
            format!("not scanned: grammar failed to load: {e}"),
        ));
        return;
    }
    let Some(tree) = parser.parse(text, None) else {
        warnings.push(Warning::new(
            Code::ParseError,
            path,
            "not scanned: the parser gave up",
        ));
        return;
    };
    let src = syntax::Src::new(text);
    let facts = match (lang, lang.table()) {
        (_, Some(table)) => generic::extract(table, tree.root_node(), &src, catalog),
        (Lang::Python, _) => python::extract(tree.root_node(), &src, catalog),
        _ => javascript::extract(tree.root_node(), &src, catalog),
    };
    if facts.syntax_error {
        warnings.push(Warning::new(
            Code::ParseError,
            path,
            "syntax errors; findings may be incomplete",
        ));
    }
    if facts.too_deep {
        warnings.push(Warning::new(
            Code::TooDeep,
            path,
            format!(
                "nested deeper than {} levels; the deepest parts were not scanned",
                facts::MAX_NESTING
            ),
        ));
    }
    let mut findings = detect::detect(catalog, &facts, path);
    let ties = values::tied_providers(catalog, &facts, &findings, path);
    let by_value = values::detect(catalog, &facts, path, &findings, &ties);
    let by_layer = values::config_layer_reads(catalog, &facts, path, &ties);
    findings.extend(by_value);
    findings.extend(by_layer);
    for f in &mut findings {
        if f.evidence.line.is_some_and(|l| facts.is_test_line(l)) {
            f.attrs
                .insert(crate::vocab::attr::TEST_ONLY.into(), "true".into());
        }
    }
    out.findings.extend(findings);
}
