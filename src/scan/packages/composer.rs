//! PHP: `composer.lock` and `composer.json` as the fallback.

use serde_json::Value;

use super::lines::LineSearch;
use super::{Package, ParseError, Parsed, parse_json};

fn split(name: &str) -> (Option<String>, String) {
    match name.split_once('/') {
        Some((v, n)) => (Some(v.to_string()), n.to_string()),
        None => (None, name.to_string()),
    }
}

fn is_platform(name: &str) -> bool {
    name == "php"
        || name.starts_with("ext-")
        || name.starts_with("lib-")
        || name == "composer-plugin-api"
}

/// `composer.lock`.
pub fn composer_lock(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let v: Value = parse_json(text)?;
    let mut out = Parsed::lockfile();
    let mut search = LineSearch::new(text);
    for (section, dev) in [("packages", false), ("packages-dev", true)] {
        for p in v
            .get(section)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(name) = p.get("name").and_then(Value::as_str) else {
                continue;
            };
            let (namespace, short) = split(name);
            search.place(out.packages.len(), format!("\"name\": \"{name}\""), 1);
            out.packages.push(Package {
                ecosystem: "composer",
                namespace,
                name: short,
                version: p.get("version").and_then(Value::as_str).map(str::to_string),
                dev,
                license: p
                    .get("license")
                    .and_then(Value::as_array)
                    .and_then(|l| l.first())
                    .and_then(Value::as_str)
                    .map(str::to_string),
                hash: p
                    .pointer("/dist/shasum")
                    .and_then(Value::as_str)
                    .filter(|s| s.len() == 40)
                    .map(|s| ("SHA-1", s.to_string())),
                origin: p
                    .pointer("/source/type")
                    .and_then(Value::as_str)
                    .filter(|t| *t == "path")
                    .map(str::to_string),
                deps: p
                    .get("require")
                    .and_then(Value::as_object)
                    .map(|r| {
                        r.keys()
                            .filter(|k| !is_platform(k))
                            .map(|k| (k.clone(), None))
                            .collect()
                    })
                    .unwrap_or_default(),
                ..Package::default()
            });
        }
    }
    search.apply(&mut out.packages);
    Ok(out)
}

/// `composer.json`.
pub fn composer_json(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let v: Value = parse_json(text)?;
    let mut out = Parsed::manifest();
    let mut search = LineSearch::new(text);
    for (section, dev) in [("require", false), ("require-dev", true)] {
        for (name, range) in v
            .get(section)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if is_platform(name) {
                continue;
            }
            let (namespace, short) = split(name);
            search.place(out.packages.len(), format!("\"{name}\""), 1);
            out.packages.push(Package {
                ecosystem: "composer",
                namespace,
                name: short,
                range: range.as_str().map(str::to_string),
                dev,
                direct: Some(true),
                ..Package::default()
            });
        }
    }
    search.apply(&mut out.packages);
    Ok(out)
}
