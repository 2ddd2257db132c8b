//! Jupyter notebooks (`.ipynb`): code cells are scanned as their kernel's
//! language, `!` shell lines as commands, and every finding points at the line
//! of the notebook's JSON that holds the source line (so annotations land on
//! it), with the cell and line within the cell in its context. Outputs are never read.

use serde_json::Value;

use crate::scan::code::{self, Lang, MAX_PARSE_BYTES, syntax::shorten};
use crate::scan::config::command;
use crate::scan::cx::FileCx;
use crate::vocab::{Code, Results, Warning};

/// Where one line of the concatenated cell sources came from.
#[derive(Debug, Clone, Copy)]
struct Origin {
    cell: usize,
    line_in_cell: usize,
    json_line: u32,
}

/// Scans one notebook.
pub fn detect(cx: &FileCx, results: &mut Results) {
    let (cat, path, text) = (cx.catalog, cx.path, cx.text);
    let nb: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            cx.warn(
                results,
                Code::ParseError,
                format!("notebook not read: invalid JSON: {e}"),
            );
            return;
        }
    };
    let language = nb
        .pointer("/metadata/kernelspec/language")
        .or_else(|| nb.pointer("/metadata/language_info/name"))
        .and_then(Value::as_str)
        .unwrap_or("python")
        .to_ascii_lowercase();
    let lang = match language.as_str() {
        "python" | "python3" => Some(Lang::Python),
        "javascript" => Some(Lang::JavaScript),
        "typescript" => Some(Lang::TypeScript),
        "rust" => Some(Lang::Rust),
        "go" => Some(Lang::Go),
        "java" => Some(Lang::Java),
        "kotlin" => Some(Lang::Kotlin),
        "c#" | "csharp" => Some(Lang::CSharp),
        "ruby" => Some(Lang::Ruby),
        _ => None,
    };
    let index = cx.lines();
    // A byte position in the notebook's text; searches only move it forward.
    let mut cursor = 0usize;
    let mut keys_findable = true;
    let mut code_text = String::new();
    let mut origins: Vec<Origin> = Vec::new();
    let mut out = Vec::new();
    let cells = nb
        .get("cells")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for (ci, cell) in cells.iter().enumerate() {
        if cell.get("cell_type").and_then(Value::as_str) != Some("code") {
            continue;
        }
        let lines = source_lines(cell.get("source"));
        // A cell magic (`%%bash`, `%%writefile`) makes the whole cell something else.
        let cell_magic = lines
            .first()
            .and_then(|l| l.trim_start().strip_prefix("%%"))
            .map(|m| m.split_whitespace().collect::<Vec<_>>());
        let shell_cell = cell_magic.as_ref().is_some_and(|m| {
            matches!(m.first(), Some(&("bash" | "sh")))
                || (m.first() == Some(&"script") && matches!(m.get(1), Some(&("bash" | "sh"))))
        });
        // Each search moves the cursor forward; one that fails is not repeated,
        // so a notebook whose text does not follow nbformat's layout costs one
        // pass, and a source line is looked for only just after the previous
        // one (a notebook written on one line costs one pass too).
        let source_at = if keys_findable {
            find(text, cursor, "\"source\"", usize::MAX)
        } else {
            None
        };
        keys_findable &= source_at.is_some();
        let source_at = source_at.unwrap_or(cursor);
        cursor = source_at;
        for (li, line) in lines.iter().enumerate() {
            let encoded = serde_json::to_string(line).unwrap_or_default();
            let at = match find(text, cursor, &encoded, encoded.len() + LINE_WINDOW) {
                Some(i) => {
                    cursor = i + encoded.len();
                    i
                }
                None => source_at,
            };
            let json_line = index.line_of(at);
            let content = line.trim_end_matches(['\n', '\r']);
            let trimmed = content.trim_start();
            if li > 0 && shell_cell {
                command::scan_script(cat, path, content, json_line, &mut out);
                code_text.push('\n');
            } else if cell_magic.is_some() {
                code_text.push('\n');
            } else if let Some(shell) = trimmed.strip_prefix('!') {
                command::scan_script(cat, path, shell, json_line, &mut out);
                code_text.push('\n'); // magics are not code of the kernel's language
            } else if trimmed.starts_with('%') {
                code_text.push('\n');
            } else {
                code_text.push_str(content);
                code_text.push('\n');
            }
            origins.push(Origin {
                cell: ci + 1,
                line_in_cell: li + 1,
                json_line,
            });
        }
    }
    for f in &mut out {
        f.evidence.context = Some("shell line in a notebook cell".into());
    }
    let warnings = &mut results.warnings;
    if lang.is_some() && code_text.len() > MAX_PARSE_BYTES {
        warnings.push(Warning::new(Code::TooLarge,
            path,
            format!(
                "cells not parsed: {} bytes of code is over the {MAX_PARSE_BYTES} byte parse limit (generated?)",
                code_text.len()
            ),
        ));
    } else if let Some(lang) = lang {
        let cells = FileCx::new(cat, path, &code_text, cx.limits);
        let mut parsed = Results::default();
        code::detect(&cells, lang, &mut parsed);
        warnings.extend(parsed.warnings);
        let findings = parsed.findings;
        let code_lines: Vec<&str> = code_text.lines().collect();
        for mut f in findings {
            let at = f
                .evidence
                .line
                .and_then(|l| usize::try_from(l).ok()?.checked_sub(1));
            if let Some((o, src)) = at.and_then(|i| Some((origins.get(i)?, code_lines.get(i)))) {
                f.evidence.line = Some(o.json_line);
                f.evidence.column = None;
                f.evidence.context = Some(shorten(
                    &cat.redact(&format!(
                        "cell {}, line {}: {}",
                        o.cell,
                        o.line_in_cell,
                        src.map_or("", |s| s.trim())
                    )),
                    160,
                ));
            }
            out.push(f);
        }
    }
    results.findings.extend(out);
}

/// A cell's source as lines (nbformat stores a list of lines or one string).
fn source_lines(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .flat_map(|s| {
                s.split_inclusive('\n')
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect(),
        Some(Value::String(s)) => s.split_inclusive('\n').map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// Bytes searched for a source line past the previous one (nbformat writes a
/// cell's source lines one after another, a few characters apart).
const LINE_WINDOW: usize = 4096;

/// The byte offset of the first `needle` that starts at or after `from` and
/// ends within `window` bytes of it.
fn find(text: &str, from: usize, needle: &str, window: usize) -> Option<usize> {
    let mut end = text.len().min(from.saturating_add(window));
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(from..end)?.find(needle).map(|i| from + i)
}
