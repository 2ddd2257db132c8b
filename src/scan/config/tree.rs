//! Configuration files (YAML, JSON, TOML, `.properties`) read into one small
//! tree with line numbers, so every configuration rule is written once.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

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
    let docs = MarkedYaml::load_from_str(text).map_err(|e| e.to_string())?;
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

/// A TOML document. TOML values carry no positions here, so each value's line
/// is the first line that names its key and holds its text.
pub fn toml(text: &str) -> Result<Node, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.message().to_string())?;
    let lines: Vec<&str> = text.lines().collect();
    Ok(from_toml(&toml::Value::Table(table), None, &lines, 0))
}

fn from_toml(v: &toml::Value, key: Option<&str>, lines: &[&str], depth: usize) -> Node {
    let find = |needle: &str| -> u32 {
        let k = key.unwrap_or("");
        lines
            .iter()
            .position(|l| l.contains(k) && l.contains(needle))
            .map_or(1, |i| line(i + 1))
    };
    if depth > 64 {
        return Node {
            value: Value::Null,
            line: 1,
        };
    }
    match v {
        toml::Value::Table(t) => Node {
            value: Value::Map(
                t.iter()
                    .map(|(k, v)| {
                        let n = from_toml(v, Some(k), lines, depth + 1);
                        (k.clone(), n.line, n)
                    })
                    .collect(),
            ),
            line: find(""),
        },
        toml::Value::Array(items) => Node {
            value: Value::Seq(
                items
                    .iter()
                    .map(|i| from_toml(i, key, lines, depth + 1))
                    .collect(),
            ),
            line: find(""),
        },
        toml::Value::String(s) => Node {
            line: find(s),
            value: Value::Scalar(s.clone()),
        },
        other => Node {
            line: find(&other.to_string()),
            value: Value::Scalar(other.to_string()),
        },
    }
}

/// A JSON document the YAML reader refused, with lines found by search.
pub fn toml_like_json(v: &serde_json::Value, text: &str) -> Option<Node> {
    let t: toml::Value = serde_json::from_value(json_without_nulls(v)).ok()?;
    let lines: Vec<&str> = text.lines().collect();
    Some(from_toml(&t, None, &lines, 0))
}

/// TOML has no null: drop nulls so any JSON converts.
fn json_without_nulls(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        J::Object(m) => J::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), json_without_nulls(v)))
                .collect(),
        ),
        J::Array(a) => J::Array(
            a.iter()
                .filter(|v| !v.is_null())
                .map(json_without_nulls)
                .collect(),
        ),
        other => other.clone(),
    }
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
