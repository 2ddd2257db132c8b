//! .NET: `packages.lock.json`, project files (`PackageReference`),
//! `Directory.Packages.props` (`PackageVersion`) and `packages.config`.

use std::collections::BTreeSet;

use base64::Engine;
use roxmltree::Document;
use serde_json::Value;

use super::lines::LineSearch;
use super::{Package, ParseError, Parsed, Source, parse_json};

fn nuget(name: &str, line: u32) -> Package {
    Package {
        ecosystem: "nuget",
        name: name.to_string(),
        line,
        ..Package::default()
    }
}

/// `packages.lock.json` (all target frameworks; one entry per name and version).
pub fn packages_lock(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let v: Value = parse_json(text)?;
    let mut out = Parsed::lockfile();
    let mut search = LineSearch::new(text);
    let mut seen = BTreeSet::new();
    for (_tfm, deps) in v
        .get("dependencies")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (name, d) in deps.as_object().into_iter().flatten() {
            let kind = d.get("type").and_then(Value::as_str).unwrap_or_default();
            let Some(version) = d.get("resolved").and_then(Value::as_str) else {
                continue;
            };
            if kind == "Project" || !seen.insert((name.clone(), version.to_string())) {
                continue;
            }
            search.place(out.packages.len(), format!("\"{name}\""), 1);
            let mut p = nuget(name, 1);
            p.version = Some(version.to_string());
            p.direct = Some(kind == "Direct");
            p.hash = d
                .get("contentHash")
                .and_then(Value::as_str)
                .and_then(|h| base64::engine::general_purpose::STANDARD.decode(h).ok())
                .filter(|b| b.len() == 64)
                .map(|b| ("SHA-512", crate::vocab::hex(&b)));
            p.deps = d
                .get("dependencies")
                .and_then(Value::as_object)
                .map(|m| m.keys().map(|k| (k.clone(), None)).collect())
                .unwrap_or_default();
            out.packages.push(p);
        }
    }
    search.apply(&mut out.packages);
    Ok(out)
}

/// `*.csproj` / `*.fsproj` / `*.vbproj` / `Directory.Packages.props` / `packages.config`.
pub fn project_file(path: &str, text: &str) -> Result<Parsed, ParseError> {
    let doc = Document::parse(text)
        .map_err(|e| ParseError::at(Some(e.pos().row), format!("malformed XML: {e}")))?;
    let config = path.ends_with("packages.config");
    let mut out = Parsed {
        source: Some(if config {
            Source::Lockfile
        } else {
            Source::Manifest
        }),
        ..Parsed::default()
    };
    for n in doc.descendants().filter(|n| n.is_element()) {
        let tag = n.tag_name().name();
        let (name, version) = match tag {
            "PackageReference" | "PackageVersion" | "GlobalPackageReference" => {
                let Some(name) = n.attribute("Include").or(n.attribute("Update")) else {
                    continue;
                };
                let version = n.attribute("Version").map(str::to_string).or_else(|| {
                    n.children()
                        .find(|c| c.tag_name().name() == "Version")
                        .and_then(|c| c.text())
                        .map(|t| t.trim().to_string())
                });
                (name, version)
            }
            "package" if config => {
                let Some(id) = n.attribute("id") else {
                    continue;
                };
                (id, n.attribute("version").map(str::to_string))
            }
            _ => continue,
        };
        let mut p = nuget(name, doc.text_pos_at(n.range().start).row);
        match version {
            Some(v) if v.starts_with(['[', '(']) || v.contains('*') || v.contains("$(") => {
                p.range = Some(v)
            }
            Some(v) => p.version = Some(v),
            None => {}
        }
        p.direct = Some(true);
        p.dev = n.attribute("developmentDependency") == Some("true")
            || n.attribute("PrivateAssets") == Some("all");
        out.packages.push(p);
    }
    Ok(out)
}
