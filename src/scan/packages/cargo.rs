//! Rust: `Cargo.lock` (exact versions, graph, checksums) and `Cargo.toml`
//! (workspace aware) as the fallback.

use std::collections::HashSet;

use serde::Deserialize;

use super::lines::{LineSearch, header_lines};
use super::{Package, ParseError, Parsed, parse_toml};

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    package: Vec<LockPackage>,
}

#[derive(Deserialize)]
struct LockPackage {
    name: String,
    version: String,
    source: Option<String>,
    checksum: Option<String>,
    #[serde(default)]
    dependencies: Vec<String>,
}

/// `Cargo.lock`. Packages without a source are the workspace's own crates: not
/// listed, but their dependencies are the direct ones.
pub fn cargo_lock(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let lock: Lock = parse_toml(text)?;
    let lines = header_lines(text, "[[package]]");
    let direct: HashSet<&str> = lock
        .package
        .iter()
        .filter(|p| p.source.is_none())
        .flat_map(|p| {
            p.dependencies
                .iter()
                .map(|d| d.split(' ').next().unwrap_or(d))
        })
        .collect();
    let mut out = Parsed::lockfile();
    for (i, p) in lock.package.iter().enumerate() {
        let Some(source) = &p.source else { continue };
        out.packages.push(Package {
            ecosystem: "cargo",
            name: p.name.clone(),
            version: Some(p.version.clone()),
            direct: Some(direct.contains(p.name.as_str())),
            hash: p.checksum.as_ref().map(|c| ("SHA-256", c.clone())),
            line: lines.get(i).copied().unwrap_or(1),
            origin: (!source.starts_with("registry+") && !source.starts_with("sparse+"))
                .then(|| "git".to_string()),
            deps: p
                .dependencies
                .iter()
                .map(|d| {
                    let mut parts = d.split(' ');
                    (
                        parts.next().unwrap_or(d).to_string(),
                        parts.next().map(str::to_string),
                    )
                })
                .collect(),
            ..Package::default()
        });
    }
    Ok(out)
}

/// `Cargo.toml`: declared requirements of a crate or workspace.
pub fn cargo_toml(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let v: toml::Value = parse_toml(text)?;
    let mut out = Parsed::manifest();
    let mut search = LineSearch::new(text);
    let mut tables: Vec<(&toml::Value, bool)> = Vec::new();
    for (key, dev) in [
        ("dependencies", false),
        ("dev-dependencies", true),
        ("build-dependencies", true),
    ] {
        tables.extend(v.get(key).map(|t| (t, dev)));
        if let Some(targets) = v.get("target").and_then(|t| t.as_table()) {
            tables.extend(
                targets
                    .values()
                    .filter_map(|t| t.get(key))
                    .map(|t| (t, dev)),
            );
        }
    }
    tables.extend(
        v.get("workspace")
            .and_then(|w| w.get("dependencies"))
            .map(|t| (t, false)),
    );
    for (table, dev) in tables {
        for (name, spec) in table.as_table().into_iter().flatten() {
            if spec.get("workspace").and_then(|w| w.as_bool()) == Some(true) {
                continue; // declared once in [workspace.dependencies]
            }
            let package_name = spec.get("package").and_then(|p| p.as_str()).unwrap_or(name);
            let range = spec
                .as_str()
                .or_else(|| spec.get("version").and_then(|v| v.as_str()));
            let origin = if spec.get("path").is_some() {
                Some("path".to_string())
            } else {
                spec.get("git").map(|_| "git".to_string())
            };
            search.place(out.packages.len(), name.clone(), 1);
            out.packages.push(Package {
                ecosystem: "cargo",
                name: package_name.to_string(),
                range: range.map(str::to_string),
                dev,
                direct: Some(true),
                origin,
                ..Package::default()
            });
        }
    }
    search.apply(&mut out.packages);
    Ok(out)
}
