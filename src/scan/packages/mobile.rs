//! Swift (`Package.resolved`), Dart/Flutter (`pubspec.lock`) and Elixir (`mix.lock`).

use saphyr::{LoadableYamlNode, Scalar, Yaml};
use serde_json::Value;

use super::lines::{LineSearch, find_line};
use super::{Package, ParseError, Parsed, parse_json};

/// `Package.resolved` (formats 1, 2 and 3).
pub fn package_resolved(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let v: Value = parse_json(text)?;
    let pins = v
        .get("pins")
        .or_else(|| v.pointer("/object/pins"))
        .and_then(Value::as_array);
    let mut out = Parsed::lockfile();
    let mut search = LineSearch::new(text);
    for pin in pins.into_iter().flatten() {
        let Some(location) = pin
            .get("location")
            .or(pin.get("repositoryURL"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        let repo = location
            .split("://")
            .nth(1)
            .unwrap_or(location)
            .trim_start_matches("git@")
            .replace(':', "/");
        let repo = repo.trim_end_matches('/').trim_end_matches(".git");
        let (ns, name) = repo.rsplit_once('/').unwrap_or(("", repo));
        let state = pin.get("state");
        let version = state
            .and_then(|s| s.get("version"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let revision = state
            .and_then(|s| s.get("revision"))
            .and_then(Value::as_str);
        search.place(out.packages.len(), location.to_string(), 1);
        out.packages.push(Package {
            ecosystem: "swift",
            namespace: (!ns.is_empty()).then(|| ns.to_string()),
            name: name.to_string(),
            version: version.or_else(|| revision.map(str::to_string)),
            ..Package::default()
        });
    }
    search.apply(&mut out.packages);
    Ok(out)
}

fn yaml_str(y: Option<&Yaml<'_>>) -> Option<String> {
    match y? {
        Yaml::Value(Scalar::String(s)) => Some(s.to_string()),
        Yaml::Representation(s, _, _) => Some(s.to_string()),
        _ => None,
    }
}

/// `pubspec.lock`.
pub fn pubspec_lock(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let docs = Yaml::load_from_str(text).map_err(|e| {
        ParseError::at(
            u32::try_from(e.marker().line() + 1).ok(),
            format!("malformed YAML: {}", e.info()),
        )
    })?;
    let mut out = Parsed::lockfile();
    let mut search = LineSearch::new(text);
    let Some(Yaml::Mapping(packages)) = docs.first().and_then(|d| d.as_mapping_get("packages"))
    else {
        return Ok(out);
    };
    let packages_line = find_line(text, "packages:", 1).unwrap_or(1);
    for (k, v) in packages {
        let Some(name) = yaml_str(Some(k)) else {
            continue;
        };
        let source = yaml_str(v.as_mapping_get("source")).unwrap_or_default();
        if source == "sdk" {
            continue; // the Flutter / Dart SDK itself
        }
        let dependency = yaml_str(v.as_mapping_get("dependency")).unwrap_or_default();
        let sha = v
            .as_mapping_get("description")
            .and_then(|d| yaml_str(d.as_mapping_get("sha256")));
        search.place(out.packages.len(), format!("  {name}:"), packages_line);
        out.packages.push(Package {
            ecosystem: "pub",
            name: name.clone(),
            version: yaml_str(v.as_mapping_get("version")),
            dev: dependency.contains("dev"),
            direct: Some(dependency.starts_with("direct")),
            hash: sha.filter(|s| s.len() == 64).map(|s| ("SHA-256", s)),
            origin: matches!(source.as_str(), "git" | "path").then_some(source),
            ..Package::default()
        });
    }
    search.apply(&mut out.packages);
    Ok(out)
}

/// `mix.lock`: one Elixir term per line, `"name": {:hex, :name, "1.0.0", "hash", …}`.
pub fn mix_lock(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::lockfile();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        let Some(rest) = t.strip_prefix('"') else {
            continue;
        };
        let Some((name, term)) = rest.split_once("\": {") else {
            continue;
        };
        let fields: Vec<&str> = term.split(", ").collect();
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        match fields.first().copied() {
            Some(":hex") => {
                let version = fields.get(2).map(|v| v.trim_matches('"').to_string());
                let hash = fields
                    .get(3)
                    .map(|h| h.trim_matches('"'))
                    .filter(|h| h.len() == 64)
                    .map(|h| ("SHA-256", h.to_string()));
                out.packages.push(Package {
                    ecosystem: "hex",
                    name: name.to_string(),
                    version,
                    hash,
                    line: line_no,
                    ..Package::default()
                });
            }
            Some(":git") => out.packages.push(Package {
                ecosystem: "hex",
                name: name.to_string(),
                origin: Some("git".into()),
                line: line_no,
                ..Package::default()
            }),
            _ => {}
        }
    }
    Ok(out)
}
