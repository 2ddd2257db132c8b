//! `pnpm-lock.yaml` (lockfile v5.x, v6, v9) and `bun.lock` (text format).

use std::collections::{HashMap, HashSet};

use saphyr::{LoadableYamlNode, Scalar, Yaml};
use serde_json::Value;

use super::{Package, ParseError, Parsed};

fn yaml_str(y: &Yaml<'_>) -> Option<String> {
    match y {
        Yaml::Value(Scalar::String(s)) => Some(s.to_string()),
        Yaml::Value(Scalar::FloatingPoint(f)) => Some(f.to_string()),
        Yaml::Value(Scalar::Integer(i)) => Some(i.to_string()),
        Yaml::Representation(s, _, _) => Some(s.to_string()),
        _ => None,
    }
}

/// Lines of two-space-indented mapping keys (`  /name@1.0.0:` or `  'name@1.0.0':`).
fn key_lines(text: &str) -> HashMap<String, u32> {
    let mut map = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(k) = line
            .strip_prefix("  ")
            .filter(|l| !l.starts_with(' '))
            .and_then(|l| l.strip_suffix(':'))
        {
            map.entry(k.trim_matches(['\'', '"']).to_string())
                .or_insert(u32::try_from(i + 1).unwrap_or(u32::MAX));
        }
    }
    map
}

/// `name@version(peer…)` / `/name@version` / `/name/version` (lockfile v5,
/// whose peer suffix follows an `_`: `/@scope/name/1.2.3_peer@4.5.6`) →
/// (name, version).
fn split_key(key: &str) -> Option<(String, String)> {
    let key = key.trim_start_matches('/');
    let key = key.split('(').next().unwrap_or(key);
    // v5 first: the last `/` segment is a version (a name never starts with a digit there).
    if let Some((name, version)) = key.rsplit_once('/')
        && version.starts_with(|c: char| c.is_ascii_digit())
        && !name.is_empty()
    {
        let version = version.split('_').next().unwrap_or(version);
        return Some((name.to_string(), version.to_string()));
    }
    let at = key[usize::from(key.starts_with('@'))..]
        .find('@')
        .map(|i| i + usize::from(key.starts_with('@')))?;
    Some((key[..at].to_string(), key[at + 1..].to_string()))
}

fn npm(name: &str, version: Option<String>, line: u32) -> Package {
    let (ns, short) = match name.strip_prefix('@').and_then(|_| name.split_once('/')) {
        Some((s, n)) => (Some(s.to_string()), n.to_string()),
        None => (None, name.to_string()),
    };
    Package {
        ecosystem: "npm",
        namespace: ns,
        name: short,
        version,
        line,
        ..Package::default()
    }
}

/// `pnpm-lock.yaml`.
pub fn pnpm_lock(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let docs = Yaml::load_from_str(text).map_err(|e| {
        ParseError::at(
            u32::try_from(e.marker().line() + 1).ok(),
            format!("malformed YAML: {}", e.info()),
        )
    })?;
    let Some(doc) = docs.first() else {
        return Ok(Parsed::default());
    };
    let version = doc
        .as_mapping_get("lockfileVersion")
        .and_then(yaml_str)
        .unwrap_or_default();
    let major: u32 = version
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if !(5..=9).contains(&major) {
        return Err(ParseError::at(
            Some(1),
            format!("unknown pnpm lockfileVersion {version}"),
        ));
    }
    let lines = key_lines(text);
    // Direct dependencies of every importer (workspace package).
    let mut direct: HashSet<String> = HashSet::new();
    let mut dev: HashSet<String> = HashSet::new();
    let importers = doc.as_mapping_get("importers");
    let roots: Vec<&Yaml<'_>> = match importers {
        Some(Yaml::Mapping(m)) => m.values().collect(),
        _ => vec![doc],
    };
    for imp in roots {
        for (section, is_dev) in [
            ("dependencies", false),
            ("devDependencies", true),
            ("optionalDependencies", false),
        ] {
            if let Some(Yaml::Mapping(deps)) = imp.as_mapping_get(section) {
                for (k, _) in deps {
                    if let Some(name) = yaml_str(k) {
                        if is_dev {
                            dev.insert(name.clone());
                        }
                        direct.insert(name);
                    }
                }
            }
        }
    }
    let mut out = Parsed::lockfile();
    let Some(Yaml::Mapping(packages)) = doc.as_mapping_get("packages") else {
        return Ok(out);
    };
    let snapshots = doc.as_mapping_get("snapshots");
    for (k, v) in packages {
        let Some(key) = yaml_str(k) else { continue };
        let Some((name, ver)) = split_key(&key) else {
            continue;
        };
        if ver.starts_with("link:") || ver.starts_with("file:") || ver.starts_with("workspace:") {
            continue;
        }
        let mut p = npm(
            &name,
            Some(ver.clone()),
            lines.get(&key).copied().unwrap_or(1),
        );
        p.direct = Some(direct.contains(&name));
        p.dev = v
            .as_mapping_get("dev")
            .and_then(|d| {
                if let Yaml::Value(Scalar::Boolean(b)) = d {
                    Some(*b)
                } else {
                    None
                }
            })
            .unwrap_or(dev.contains(&name) && p.direct == Some(true));
        if let Some(integrity) = v
            .as_mapping_get("resolution")
            .and_then(|r| r.as_mapping_get("integrity"))
            .and_then(yaml_str)
        {
            p.hash = super::npm::sri_hash(&integrity);
        }
        let deps_node = snapshots.and_then(|s| s.as_mapping_get(&key)).unwrap_or(v);
        if let Some(Yaml::Mapping(deps)) = deps_node.as_mapping_get("dependencies") {
            p.deps = deps
                .iter()
                .filter_map(|(dk, dv)| {
                    Some((
                        yaml_str(dk)?,
                        yaml_str(dv).map(|v| v.split('(').next().unwrap_or(&v).to_string()),
                    ))
                })
                .collect();
        }
        out.packages.push(p);
    }
    Ok(out)
}

/// JSON with trailing commas (bun's text lockfile) → JSON.
fn strip_trailing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if c == '"' {
            in_string = true;
        }
        if c == ','
            && chars[i + 1..]
                .iter()
                .find(|n| !n.is_whitespace())
                .is_some_and(|n| matches!(n, '}' | ']'))
        {
            continue;
        }
        out.push(c);
    }
    out
}

/// `bun.lock`.
pub fn bun_lock(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let json = strip_trailing_commas(text);
    let v: Value = serde_json::from_str(&json).map_err(|e| {
        ParseError::at(
            u32::try_from(e.line()).ok(),
            format!("malformed bun.lock: {e}"),
        )
    })?;
    let lines = super::lines::json_object_keys(text);
    let mut direct = HashSet::new();
    for ws in v
        .get("workspaces")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|w| w.values())
    {
        for section in ["dependencies", "devDependencies", "optionalDependencies"] {
            direct.extend(
                ws.get(section)
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|d| d.keys().cloned()),
            );
        }
    }
    let mut out = Parsed::lockfile();
    for (key, entry) in v
        .get("packages")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Some(spec) = entry.get(0).and_then(Value::as_str) else {
            continue;
        };
        let Some((name, ver)) = split_key(spec) else {
            continue;
        };
        if ver.starts_with("workspace:") || ver.starts_with("file:") || ver.starts_with("link:") {
            continue;
        }
        let mut p = npm(
            &name,
            Some(ver),
            lines.get(key.as_str()).copied().unwrap_or(1),
        );
        p.direct = Some(direct.contains(&name));
        p.hash = entry
            .as_array()
            .and_then(|a| {
                a.iter()
                    .rev()
                    .find_map(|x| x.as_str().filter(|s| s.starts_with("sha")))
            })
            .and_then(super::npm::sri_hash);
        p.deps = entry
            .as_array()
            .and_then(|a| a.iter().find_map(|x| x.get("dependencies")))
            .and_then(Value::as_object)
            .map(|d| d.keys().map(|k| (k.clone(), None)).collect())
            .unwrap_or_default();
        out.packages.push(p);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::split_key;

    #[test]
    fn keys_of_every_lockfile_version() {
        let split = |k: &str| split_key(k).map(|(n, v)| format!("{n} {v}"));
        for (key, want) in [
            ("/@scope/name/1.2.3_peer@4.5.6", "@scope/name 1.2.3"),
            ("/react-dom/18.2.0_react@18.2.0", "react-dom 18.2.0"),
            ("/@babel/core/7.22.0", "@babel/core 7.22.0"),
            ("/lodash@4.17.21", "lodash 4.17.21"),
            ("/@babel/core@7.22.0", "@babel/core 7.22.0"),
            (
                "@tanstack/react-query@5.0.0(react@18.2.0)",
                "@tanstack/react-query 5.0.0",
            ),
            ("left-pad@1.3.0", "left-pad 1.3.0"),
        ] {
            assert_eq!(split(key).as_deref(), Some(want), "{key}");
        }
    }
}
