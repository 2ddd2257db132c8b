//! Go (tree-sitter-go).

use tree_sitter::Node;

use super::Field::{First, Name};
use super::{CallShape, Grammar, Pair};
use crate::scan::code::facts::Import;
use crate::scan::code::syntax::Src;

/// The Go table. A struct literal `T{K: v}` reads as a call of `T` with keyword arguments.
pub static GRAMMAR: Grammar = Grammar {
    name: "Go",
    comments: &["comment"],
    strings: &["interpreted_string_literal", "raw_string_literal"],
    idents: &[
        "identifier",
        "package_identifier",
        "field_identifier",
        "type_identifier",
    ],
    calls: &[
        CallShape::func("call_expression", Name("function"), Name("arguments")),
        CallShape::func("composite_literal", Name("type"), Name("body")),
    ],
    members: &[
        Pair::new("selector_expression", Name("operand"), Name("field")),
        Pair::new("qualified_type", Name("package"), Name("name")),
    ],
    assigns: &[
        Pair::new("short_var_declaration", Name("left"), Name("right")),
        Pair::new("assignment_statement", Name("left"), Name("right")),
        Pair::new("var_spec", Name("name"), Name("value")),
        Pair::new("const_spec", Name("name"), Name("value")),
    ],
    named_args: &[Pair::new("keyed_element", Name("key"), Name("value"))],
    dicts: &[],
    lists: &[],
    wrappers: &[
        ("parenthesized_expression", First),
        ("literal_element", First),
        ("expression_list", First),
        ("unary_expression", First),
        ("type_conversion_expression", Name("operand")),
    ],
    messages: &[],
    subscripts: &[],
    bools: &["true", "false"],
    import_kinds: &["import_spec"],
    imports,
    new_method: None,
    sigils: &[],
    this: &[],
    test_attributes: &[],
};

fn imports(node: Node<'_>, src: &Src<'_>, out: &mut Vec<Import>) -> bool {
    let Some(path) = node.child_by_field_name("path") else {
        return true;
    };
    let module = src.text(path).trim_matches(|c| c == '"' || c == '`');
    let local = match node.child_by_field_name("name").map(|n| src.text(n)) {
        Some("_") => return true,
        Some(".") => "*".to_string(),
        Some(alias) => alias.to_string(),
        None => package_name(module),
    };
    out.push(Import {
        module: module.to_string(),
        member: (local == "*").then(|| "*".to_string()),
        local,
    });
    true
}

/// The package name Go code uses for an import path without an alias: the last
/// path segment without a major-version suffix and the `go-` / `-go` / `-sdk`
/// decorations module paths carry (`github.com/sashabaranov/go-openai` → `openai`).
pub fn package_name(path: &str) -> String {
    let mut segs: Vec<&str> = path.split('/').collect();
    if segs.len() > 1
        && segs.last().is_some_and(|s| {
            s.len() > 1 && s.starts_with('v') && s[1..].bytes().all(|b| b.is_ascii_digit())
        })
    {
        segs.pop();
    }
    let last = segs.last().copied().unwrap_or(path);
    let mut name = last.strip_prefix("go-").unwrap_or(last);
    name = name.strip_suffix("-go").unwrap_or(name);
    name = name.strip_suffix("-sdk").unwrap_or(name);
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn package_names() {
        for (path, name) in [
            ("github.com/sashabaranov/go-openai", "openai"),
            ("github.com/openai/openai-go", "openai"),
            ("github.com/openai/openai-go/v2", "openai"),
            ("github.com/anthropics/anthropic-sdk-go", "anthropic"),
            ("google.golang.org/genai", "genai"),
            ("github.com/tmc/langchaingo/llms/openai", "openai"),
            (
                "github.com/aws/aws-sdk-go-v2/service/bedrockruntime",
                "bedrockruntime",
            ),
            ("net/http", "http"),
        ] {
            assert_eq!(super::package_name(path), name, "{path}");
        }
    }
}
