//! Configuration files (YAML, JSON, TOML, `.properties`) read into one small
//! tree with line numbers, so every configuration rule is written once.

use std::collections::HashMap;

use saphyr::{MarkedYaml, Scalar, YamlData, YamlLoader};

use crate::scan::text::Lines;

/// A configuration value with the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// 1-based line.
    pub line: u32,
}

/// A configuration value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A mapping: (key, line of the key, value), in file order.
    Map(Vec<(String, u32, Node)>),
    /// A sequence.
    Seq(Vec<Node>),
    /// A scalar as text (numbers and booleans as written).
    Scalar(String),
    /// Null / empty.
    Null,
}

impl Node {
    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    /// The scalar text of this node.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }
}

fn line(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX).max(1)
}

/// Every document of a YAML stream (JSON is read the same way: it is YAML).
pub fn yaml(text: &str) -> Result<Vec<Node>, String> {
    // Real files repeat keys (a loader keeps the last); a repeat is no reason
    // to read nothing of the file.
    let mut loader: YamlLoader<'_, MarkedYaml<'_>> = YamlLoader::default();
    loader.allow_duplicate_keys(true);
    saphyr_parser::Parser::new_from_str(text)
        .load(&mut loader, true)
        .map_err(|e| e.to_string())?;
    if let Some(e) = loader.error() {
        return Err(e.to_string());
    }
    let docs = loader.into_documents();
    Ok(docs.iter().map(|d| from_marked(d, 0)).collect())
}

fn from_marked(y: &MarkedYaml<'_>, depth: usize) -> Node {
    let at = line(y.span.start.line());
    if depth > 64 {
        return Node {
            value: Value::Null,
            line: at,
        };
    }
    let value = match &y.data {
        YamlData::Value(s) => scalar(s),
        YamlData::Representation(s, _, _) => Value::Scalar(s.to_string()),
        YamlData::Sequence(items) => {
            Value::Seq(items.iter().map(|i| from_marked(i, depth + 1)).collect())
        }
        YamlData::Mapping(m) => Value::Map(
            m.iter()
                .filter_map(|(k, v)| {
                    let key = match &k.data {
                        YamlData::Value(s) => match scalar(s) {
                            Value::Scalar(t) => t,
                            _ => return None,
                        },
                        YamlData::Representation(s, _, _) => s.to_string(),
                        _ => return None,
                    };
                    Some((key, line(k.span.start.line()), from_marked(v, depth + 1)))
                })
                .collect(),
        ),
        YamlData::Tagged(_, inner) => return from_marked(inner, depth + 1),
        _ => Value::Null,
    };
    Node { value, line: at }
}

fn scalar(s: &Scalar<'_>) -> Value {
    match s {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Scalar(b.to_string()),
        Scalar::Integer(i) => Value::Scalar(i.to_string()),
        Scalar::FloatingPoint(f) => Value::Scalar(f.to_string()),
        Scalar::String(s) => Value::Scalar(s.to_string()),
    }
}

/// A TOML document, with each value's line from the parser's spans.
pub fn toml(text: &str) -> Result<Node, String> {
    let doc = toml::de::DeTable::parse(text).map_err(|e| e.message().to_string())?;
    let lines = Lines::new(text);
    Ok(Node {
        value: toml_table(doc.get_ref(), &lines, 0),
        line: 1,
    })
}

fn toml_table(t: &toml::de::DeTable<'_>, lines: &Lines<'_>, depth: usize) -> Value {
    Value::Map(
        t.iter()
            .map(|(k, v)| {
                let key_line = lines.line_of(k.span().start);
                let n = from_toml(v.get_ref(), v.span().start, lines, depth + 1);
                (k.get_ref().to_string(), key_line, n)
            })
            .collect(),
    )
}

fn from_toml(v: &toml::de::DeValue<'_>, at: usize, lines: &Lines<'_>, depth: usize) -> Node {
    use toml::de::DeValue;
    let line = lines.line_of(at);
    let value = match v {
        _ if depth > 64 => Value::Null,
        DeValue::String(s) => Value::Scalar(s.to_string()),
        DeValue::Integer(i) => Value::Scalar(i.as_str().to_string()),
        DeValue::Float(f) => Value::Scalar(f.as_str().to_string()),
        DeValue::Boolean(b) => Value::Scalar(b.to_string()),
        DeValue::Datetime(d) => Value::Scalar(d.to_string()),
        DeValue::Array(items) => Value::Seq(
            items
                .iter()
                .map(|i| from_toml(i.get_ref(), i.span().start, lines, depth + 1))
                .collect(),
        ),
        DeValue::Table(t) => toml_table(t, lines, depth),
    };
    Node { value, line }
}

/// JSON the YAML reader refuses (duplicate keys, escaped surrogate pairs),
/// read with serde_json, which keeps no positions: a value's line is the first
/// line at or after its parent's that names its key (and holds its text), from
/// an index of keys built in one pass.
pub fn json(v: &serde_json::Value, text: &str) -> Node {
    let index = KeyLines::new(text);
    from_json(v, None, 1, &index, 0)
}

/// Lines by the JSON keys (`"key":`) they contain.
struct KeyLines<'t> {
    lines: Vec<&'t str>,
    by_key: HashMap<&'t str, Vec<u32>>,
}

/// Candidate lines looked at per value: bounds the lookup on files that repeat a key.
const KEY_CANDIDATES: usize = 64;

impl<'t> KeyLines<'t> {
    fn new(text: &'t str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let mut by_key: HashMap<&str, Vec<u32>> = HashMap::new();
        for (i, l) in lines.iter().enumerate() {
            let parts: Vec<&str> = l.split('"').collect();
            for k in (1..parts.len().saturating_sub(1)).step_by(2) {
                if parts[k + 1].trim_start().starts_with(':') {
                    by_key.entry(parts[k]).or_default().push(line(i + 1));
                }
            }
        }
        KeyLines { lines, by_key }
    }

    fn find(&self, key: &str, needle: &str, after: u32) -> u32 {
        let Some(candidates) = self.by_key.get(key) else {
            return after;
        };
        let mut near = candidates
            .iter()
            .filter(|&&l| l >= after)
            .take(KEY_CANDIDATES);
        let first = near.clone().next().copied().unwrap_or(after);
        near.find(|&&l| {
            usize::try_from(l)
                .ok()
                .and_then(|i| self.lines.get(i.checked_sub(1)?))
                .is_some_and(|t| t.contains(needle))
        })
        .copied()
        .unwrap_or(first)
    }
}

fn from_json(
    v: &serde_json::Value,
    key: Option<&str>,
    parent: u32,
    index: &KeyLines<'_>,
    depth: usize,
) -> Node {
    use serde_json::Value as J;
    let text = match v {
        J::String(s) => s.clone(),
        J::Number(n) => n.to_string(),
        J::Bool(b) => b.to_string(),
        _ => String::new(),
    };
    let line = key.map_or(parent, |k| index.find(k, &text, parent));
    let value = match v {
        _ if depth > 64 => Value::Null,
        J::Null => Value::Null,
        J::String(_) | J::Number(_) | J::Bool(_) => Value::Scalar(text),
        J::Array(items) => Value::Seq(
            items
                .iter()
                .map(|i| from_json(i, key, line, index, depth + 1))
                .collect(),
        ),
        J::Object(m) => Value::Map(
            m.iter()
                .map(|(k, v)| {
                    let n = from_json(v, Some(k), line, index, depth + 1);
                    (k.clone(), n.line, n)
                })
                .collect(),
        ),
    };
    Node { value, line }
}

/// A Java `.properties` file: `a.b.c=value` lines as a flat mapping.
pub fn properties(text: &str) -> Node {
    let mut entries = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') || t.starts_with('!') {
            continue;
        }
        let Some(split) = t.find(['=', ':']) else {
            continue;
        };
        let (k, v) = (t[..split].trim(), t[split + 1..].trim());
        let n = line(i + 1);
        entries.push((
            k.to_string(),
            n,
            Node {
                value: Value::Scalar(v.to_string()),
                line: n,
            },
        ));
    }
    Node {
        value: Value::Map(entries),
        line: 1,
    }
}

/// Whether a value's dotted path ends with `pattern` (`*` any one key, `[]` a list item).
/// Keys that hold dots themselves (`.properties`, `spring.ai.x: v`) are split first.
pub fn path_matches(path: &[&str], pattern: &str) -> bool {
    // Compared from the end, without allocating: this runs for every value × rule.
    let mut have = path.iter().rev();
    pattern
        .rsplit('.')
        .all(|want| have.next().is_some_and(|h| want == "*" || *h == want))
}

/// Whether a key holds models (`models`, `chatModels`), without allocating:
/// this runs on every key of every configuration mapping.
pub fn names_models(key: &str) -> bool {
    key.len() >= 6 && key.as_bytes()[key.len() - 6..].eq_ignore_ascii_case(b"models")
}

/// A value that is a placeholder, not a name (`${MODEL}`, `{{ model }}`, `<model>`).
pub fn is_placeholder(v: &str) -> bool {
    v.is_empty()
        || v.contains("${")
        || v.contains("{{")
        || v.contains("%(")
        || v.starts_with('<')
        || v.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_lines_and_paths() {
        let doc = &yaml("a:\n  b: x\n  list:\n    - y\n").unwrap()[0];
        let b = doc.get("a").unwrap().get("b").unwrap();
        assert_eq!((b.text(), b.line), (Some("x"), 2));
        assert!(path_matches(&["a", "list", "[]"], "list.[]"));
        assert!(path_matches(&["x", "model"], "model"));
        assert!(!path_matches(&["model", "x"], "model"));
        assert!(path_matches(&["m", "[]", "p", "model"], "m.[].*.model"));
    }

    #[test]
    fn a_block_scalar_starts_on_its_first_line_of_text() {
        let doc = &yaml("k: v\nrun: |\n  echo a\n  echo b\nlast: '--x'\n").unwrap()[0];
        assert_eq!(doc.get("run").map(|r| r.line), Some(3));
        assert_eq!(doc.get("last").map(|l| l.line), Some(5));
    }

    #[test]
    fn json_the_yaml_reader_refuses_keeps_its_lines() {
        let text = "{\n  \"a\": {\"m\": \"x\"},\n  \"e\": \"\\ud83d\\ude00\",\n  \"a\": {\n    \"m\": \"gpt-4o\"\n  }\n}\n";
        assert!(yaml(text).is_err(), "duplicate keys and surrogate escapes");
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let doc = json(&v, text);
        let m = doc.get("a").unwrap().get("m").unwrap();
        assert_eq!((m.text(), m.line), (Some("gpt-4o"), 5));
    }

    #[test]
    fn toml_and_properties_lines() {
        let doc = toml("[a]\nname = \"n\"\nmodel = \"gpt-4o\"\n").unwrap();
        let m = doc.get("a").unwrap().get("model").unwrap();
        assert_eq!((m.text(), m.line), (Some("gpt-4o"), 3));
        let p = properties("# c\nspring.ai.openai.chat.options.model=gpt-4o\n");
        assert_eq!(
            p.get("spring.ai.openai.chat.options.model").map(|n| n.line),
            Some(2)
        );
    }
}
