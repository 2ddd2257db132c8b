//! Bicep (`.bicep`): Azure deployments name their models in parameter
//! defaults and deployment objects (`param chatModel string = 'gpt-4o-mini'`,
//! `model: { format: 'OpenAI', name: 'text-embedding-3-small' }`). A line
//! reader over single-quoted literals: a literal that is a whole id of one of
//! the catalog's model families is a model deployed on Azure. Prose is not:
//! comments, `@description(…)` / `@metadata(…)` text, and `@allowed([…])`
//! lists (the choices a parameter accepts, not what is deployed). A file that
//! names no Azure AI resource is bound through its directory, as code is.

use std::collections::BTreeSet;

use crate::catalog::Catalog;
use crate::scan::code::{shape, values};
use crate::vocab::{Evidence, Finding};

/// The provider of a model deployed from Bicep.
const PROVIDER: &str = "azure-openai";

/// Decorators whose arguments are prose or choices.
const SKIPPED_DECORATORS: &[&str] = &["@description(", "@metadata(", "@allowed(", "@sys."];

/// Scans one `.bicep` file.
pub fn scan(cat: &Catalog, file: &str, text: &str, out: &mut Vec<Finding>) {
    let lower = text.to_ascii_lowercase();
    let bound = lower.contains("microsoft.cognitiveservices")
        || lower.contains("microsoft.machinelearningservices")
        || lower.contains("openai");
    let none = BTreeSet::new();
    let mut in_block_comment = false;
    let mut skipping_list = false;
    let mut in_multiline = false;
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let code = strip_comments(raw, &mut in_block_comment);
        let trimmed = code.trim_start();
        if in_multiline {
            in_multiline = trimmed.matches("'''").count().is_multiple_of(2);
            continue;
        }
        if !trimmed.matches("'''").count().is_multiple_of(2) {
            in_multiline = true;
            continue;
        }
        if skipping_list {
            skipping_list = !trimmed.contains(']');
            continue;
        }
        if SKIPPED_DECORATORS.iter().any(|d| trimmed.starts_with(d)) {
            skipping_list = trimmed.starts_with("@allowed(") && !trimmed.contains(']');
            continue;
        }
        for (column, value) in literals(&code) {
            if !shape::is_id_shape(&value) {
                continue;
            }
            let Some((_, id)) = values::family_model(cat, &value, &none) else {
                continue;
            };
            let mut ev = Evidence::at(file, line, column);
            ev.symbol = Some("bicep: model id".into());
            out.push(values::value_model(ev, PROVIDER.to_string(), id, bound));
        }
    }
}

/// The line without `//` and `/* … */` comments (outside string literals).
fn strip_comments(line: &str, in_block: &mut bool) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    let mut in_str = false;
    while let Some(c) = chars.next() {
        if *in_block {
            if c == '*' && chars.peek() == Some(&'/') {
                chars.next();
                *in_block = false;
            }
            continue;
        }
        if in_str {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '\'' {
                in_str = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('/', Some('/')) => break,
            ('/', Some('*')) => {
                chars.next();
                *in_block = true;
            }
            ('\'', _) => {
                in_str = true;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Single-quoted literals of a line and their 1-based columns, escapes
/// resolved; an interpolation (`${…}`) is kept as `{}`.
fn literals(line: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '\'' {
            continue;
        }
        let mut value = String::new();
        let mut closed = false;
        while let Some((_, c)) = chars.next() {
            match c {
                '\\' => match chars.next().map(|(_, e)| e) {
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some(e) => value.push(e),
                    None => {}
                },
                '$' if chars.peek().is_some_and(|(_, n)| *n == '{') => {
                    let mut depth = 0usize;
                    for (_, c) in chars.by_ref() {
                        match c {
                            '{' => depth += 1,
                            '}' => {
                                depth = depth.saturating_sub(1);
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                    value.push_str("{}");
                }
                '\'' => {
                    closed = true;
                    break;
                }
                c => value.push(c),
            }
        }
        if closed {
            let column = line[..at].chars().count() + 1;
            out.push((u32::try_from(column).unwrap_or(u32::MAX), value));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_resolve_escapes_and_interpolations() {
        let l = literals(r"x = 'it\'s' + 'gpt-${v}' + 'a'");
        let values: Vec<&str> = l.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, vec!["it's", "gpt-{}", "a"]);
        assert_eq!(l[0].0, 5);
        let mut block = false;
        assert_eq!(strip_comments("a // 'gpt-4o'", &mut block).trim(), "a");
        assert_eq!(strip_comments("'a//b' /* x", &mut block), "'a//b' ");
        assert!(block);
        assert_eq!(strip_comments("still */ b", &mut block), " b");
    }
}
