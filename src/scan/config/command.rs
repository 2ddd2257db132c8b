//! Commands in shell scripts, Dockerfile `RUN` lines, notebook `!` lines and
//! workflow `run:` steps: tools that pull or serve models (`ollama pull`,
//! `huggingface-cli download`, `vllm serve`) and `curl` calls to AI endpoints.

use crate::catalog::Catalog;
use crate::scan::endpoint;
use crate::vocab::{Evidence, Finding, Kind, attr};

/// Programs whose arguments are text, never commands run.
const MESSAGES: &[&str] = &["echo", "printf", "cat", "log", "info", "warn"];

/// Scans a script; `first_line` is the file line of the script's first line.
pub fn scan_script(
    cat: &Catalog,
    file: &str,
    script: &str,
    first_line: u32,
    out: &mut Vec<Finding>,
) {
    for (n, line) in logical_lines(script, first_line, |t| t.is_empty()) {
        scan_line(cat, file, &line, n, out);
    }
}

/// Lines joined where they end in `\`, each with the file line it starts on
/// (`first_line` is the text's first). Lines for which `skip` holds (trimmed)
/// are dropped without ending a continued line: Dockerfile comments.
pub fn logical_lines(
    text: &str,
    first_line: u32,
    skip: impl Fn(&str) -> bool,
) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut logical = String::new();
    let mut start = first_line;
    for (i, raw) in text.lines().enumerate() {
        let t = raw.trim();
        if skip(t) {
            continue;
        }
        if logical.is_empty() {
            start = first_line.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
        }
        match t.strip_suffix('\\') {
            Some(cont) => {
                logical.push_str(cont);
                logical.push(' ');
            }
            None => {
                logical.push_str(t);
                out.push((start, std::mem::take(&mut logical)));
            }
        }
    }
    if !logical.is_empty() {
        out.push((start, logical));
    }
    out
}

/// One logical line: its simple commands (split on `&&`, `||`, `;`, `|`).
fn scan_line(cat: &Catalog, file: &str, line: &str, n: u32, out: &mut Vec<Finding>) {
    let words = split_words(line);
    for cmd in words.split(|w| matches!(w.as_str(), "&&" | "||" | ";" | "|" | "&")) {
        let refs: Vec<&str> = cmd.iter().map(String::as_str).collect();
        scan_words(cat, file, &refs, n, out);
    }
}

/// One simple command, as words.
pub fn scan_words(cat: &Catalog, file: &str, words: &[&str], line: u32, out: &mut Vec<Finding>) {
    let Some(first) = words
        .iter()
        .position(|w| !w.contains('=') || w.starts_with('-'))
    else {
        return;
    };
    let words = &words[first..]; // `FOO=bar cmd …`
    if words
        .first()
        .is_some_and(|w| MESSAGES.contains(&basename(w)))
    {
        return;
    }
    for rule in cat.commands() {
        let Some(at) = words.iter().position(|w| basename(w) == rule.program) else {
            continue;
        };
        let rest = &words[at + 1..];
        let mut id = None;
        if !rule.subcommands.is_empty()
            && rest
                .first()
                .is_some_and(|s| rule.subcommands.iter().any(|c| c == s))
        {
            id = positional(&rest[1..]);
        }
        if id.is_none() {
            id = flag_values(rest, &rule.flags).next().map(|(_, v)| v);
        }
        let Some(id) = id.map(|i| i.trim_matches(['"', '\''])) else {
            continue;
        };
        if id.is_empty() || id.contains("$") || id.starts_with(['.', '/', '~', '<']) {
            continue;
        }
        let dataset = rule.dataset_flag.as_deref().is_some_and(|f| {
            let joined = rest.join(" ").replace('=', " ");
            joined.contains(f)
        });
        let kind = if dataset {
            Kind::Dataset
        } else {
            Kind::HubModel
        };
        let mut ev = Evidence::at(file, line, 1);
        ev.symbol = Some(rule.program.clone());
        out.push(
            Finding::new(kind, id, Some(rule.hub.clone()), ev)
                .with_attr(attr::TECHNIQUE, "command"),
        );
    }
    let urls: Vec<_> = words
        .iter()
        .filter(|w| w.contains("://"))
        .filter_map(|w| endpoint::classify(cat, w.trim_matches(['"', '\''])))
        .collect();
    for ep in urls {
        let mut ev = Evidence::at(file, line, 1);
        ev.symbol = words.first().map(|w| basename(w).to_string());
        let mut service = ep.finding(ev.clone());
        if let Some(model) = body_model(words) {
            let provider = cat
                .provider_for_model(&model)
                .filter(|_| ep.provider == endpoint::COMPATIBLE)
                .unwrap_or(&ep.provider)
                .to_string();
            let m = Finding::new(Kind::Model, model, Some(provider), ev);
            service.links.push(m.key());
            out.push(m);
        }
        out.push(service);
    }
}

/// The model of a JSON body passed with `-d` / `--data` / `--json`.
fn body_model(words: &[&str]) -> Option<String> {
    let at = words.iter().position(|w| {
        matches!(
            *w,
            "-d" | "--data" | "--data-raw" | "--json" | "--data-binary"
        )
    })?;
    endpoint::json_body_model(&words.get(at + 1..)?.join(" "))
}

/// The first positional word: not a flag, and not the word right after a flag
/// (its value) unless nothing else is left (`--repo-type dataset X` → `X`).
fn positional<'w>(words: &[&'w str]) -> Option<&'w str> {
    let plain = |i: usize| !words[i].starts_with('-');
    let after_flag =
        |i: usize| i > 0 && words[i - 1].starts_with('-') && !words[i - 1].contains('=');
    (0..words.len())
        .find(|&i| plain(i) && !after_flag(i))
        .or_else(|| (0..words.len()).find(|&i| plain(i)))
        .map(|i| words[i])
}

/// Every value given to one of `flags` (`--model X`, `--model=X`), with the
/// position of the flag word.
pub fn flag_values<'w, 'f>(
    words: &'f [&'w str],
    flags: &'f [String],
) -> impl Iterator<Item = (usize, &'w str)> + 'f {
    words.iter().enumerate().flat_map(move |(i, w)| {
        flags.iter().filter_map(move |f| {
            if w == f {
                words.get(i + 1).map(|v| (i, *v))
            } else {
                w.strip_prefix(f.as_str())
                    .and_then(|r| r.strip_prefix('='))
                    .map(|v| (i, v))
            }
        })
    })
}

fn basename(w: &str) -> &str {
    w.rsplit('/').next().unwrap_or(w)
}

/// Shell words: whitespace-separated, quotes kept together (and removed),
/// operators as their own words, a `#` comment ends the line.
pub fn split_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut chars = line.chars().peekable();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() {
            out.push(std::mem::take(cur));
        }
    };
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') if cur.is_empty() => break,
            (None, c) if c.is_whitespace() => flush(&mut cur, &mut out),
            (None, ';') => {
                flush(&mut cur, &mut out);
                out.push(";".into());
            }
            (None, '&' | '|') => {
                flush(&mut cur, &mut out);
                let mut op = c.to_string();
                if chars.peek() == Some(&c) {
                    chars.next();
                    op.push(c);
                }
                out.push(op);
            }
            (None, c) => cur.push(c),
        }
    }
    flush(&mut cur, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::split_words;

    #[test]
    fn words_quotes_operators_comments() {
        assert_eq!(
            split_words(r#"ollama pull "llama3.1:8b" && echo 'a b' # c"#),
            ["ollama", "pull", "llama3.1:8b", "&&", "echo", "a b"]
        );
        assert_eq!(split_words("a|b;c"), ["a", "|", "b", ";", "c"]);
    }
}
