//! JVM: `pom.xml` (with `${property}` interpolation and `dependencyManagement`
//! from the same file), Gradle build scripts, `gradle/libs.versions.toml`,
//! `gradle.lockfile` and `gradle/verification-metadata.xml`.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::lines::LineSearch;
use super::{Package, ParseError, Parsed, parse_toml};
use crate::vocab::{Code, Warning};

fn maven(group: &str, artifact: &str, line: u32) -> Package {
    Package {
        ecosystem: "maven",
        namespace: Some(group.to_string()),
        name: artifact.to_string(),
        line,
        ..Package::default()
    }
}

fn xml(text: &str) -> Result<Document<'_>, ParseError> {
    Document::parse(text)
        .map_err(|e| ParseError::at(Some(e.pos().row), format!("malformed XML: {e}")))
}

fn line_of(doc: &Document<'_>, node: Node<'_, '_>) -> u32 {
    doc.text_pos_at(node.range().start).row
}

/// The `<dependency>` elements of a node's `<dependencies>`.
fn deps_of<'a, 'i>(n: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    child(n, "dependencies")
        .map(|d| {
            d.children()
                .filter(|c| c.tag_name().name() == "dependency")
                .collect()
        })
        .unwrap_or_default()
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| c.tag_name().name() == name)
}

fn child_text<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| c.text()).map(str::trim)
}

/// Resolves `${name}` references (nested, bounded) against properties.
fn interpolate(value: &str, props: &HashMap<String, String>) -> Option<String> {
    let mut v = value.to_string();
    for _ in 0..8 {
        let Some(start) = v.find("${") else {
            return Some(v);
        };
        let end = v[start..].find('}')? + start;
        let replacement = props.get(&v[start + 2..end])?.clone();
        v.replace_range(start..=end, &replacement);
    }
    None
}

/// `pom.xml`.
pub fn pom(path: &str, text: &str) -> Result<Parsed, ParseError> {
    let doc = xml(text)?;
    let project = doc.root_element();
    let mut props: HashMap<String, String> = HashMap::new();
    if let Some(p) = child(project, "properties") {
        for prop in p.children().filter(Node::is_element) {
            props.insert(
                prop.tag_name().name().to_string(),
                prop.text().unwrap_or_default().trim().to_string(),
            );
        }
    }
    for (key, node) in [
        ("project.version", Some(project)),
        ("project.parent.version", child(project, "parent")),
    ] {
        if let Some(v) = node.and_then(|n| child_text(n, "version")) {
            props.insert(key.to_string(), v.to_string());
        }
    }
    if let Some(g) = child_text(project, "groupId")
        .or_else(|| child(project, "parent").and_then(|p| child_text(p, "groupId")))
    {
        props.insert("project.groupId".into(), g.to_string());
    }
    let mut managed: HashMap<(String, String), String> = HashMap::new();
    if let Some(dm) = child(project, "dependencyManagement") {
        for d in deps_of(dm) {
            let (Some(g), Some(a), Some(v)) = (
                child_text(d, "groupId"),
                child_text(d, "artifactId"),
                child_text(d, "version"),
            ) else {
                continue;
            };
            if let (Some(g), Some(a), Some(v)) = (
                interpolate(g, &props),
                interpolate(a, &props),
                interpolate(v, &props),
            ) {
                managed.insert((g, a), v);
            }
        }
    }
    let mut out = Parsed::manifest();
    for d in deps_of(project) {
        let line = line_of(&doc, d);
        let (Some(g), Some(a)) = (
            child_text(d, "groupId").and_then(|g| interpolate(g, &props)),
            child_text(d, "artifactId").and_then(|a| interpolate(a, &props)),
        ) else {
            out.warnings.push(Warning::at(
                Code::ParseError,
                path,
                line,
                "dependency without a resolvable groupId/artifactId; skipped",
            ));
            continue;
        };
        let mut p = maven(&g, &a, line);
        let version = match child_text(d, "version") {
            Some(v) => interpolate(v, &props),
            None => managed.get(&(g.clone(), a.clone())).cloned(),
        };
        match version {
            Some(v) if v.starts_with(['[', '(']) => p.range = Some(v),
            Some(v) => p.version = Some(v),
            None if child_text(d, "version").is_some() => {
                out.warnings.push(Warning::at(
                    Code::Unresolved,
                    path,
                    line,
                    format!("{g}:{a}: version property not defined in this file"),
                ));
            }
            None => {}
        }
        p.dev = matches!(child_text(d, "scope"), Some("test" | "provided"));
        p.direct = Some(true);
        out.packages.push(p);
    }
    Ok(out)
}

/// `build.gradle` / `build.gradle.kts`: string coordinates in dependency blocks.
pub fn gradle_script(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::manifest();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let conf_end = t
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(t.len());
        let conf = &t[..conf_end];
        if !matches!(
            conf,
            "implementation"
                | "api"
                | "compileOnly"
                | "runtimeOnly"
                | "testImplementation"
                | "testRuntimeOnly"
                | "testCompileOnly"
                | "kapt"
                | "ksp"
                | "annotationProcessor"
                | "compile"
                | "testCompile"
                | "androidTestImplementation"
                | "debugImplementation"
                | "platform"
        ) {
            continue;
        }
        let rest = &t[conf_end..];
        let Some(q) = rest.find(['"', '\'']) else {
            continue;
        };
        let quote = &rest[q..=q];
        let Some(end) = rest[q + 1..].find(quote) else {
            continue;
        };
        let coord = &rest[q + 1..q + 1 + end];
        let mut parts = coord.split(':');
        let (Some(g), Some(a)) = (parts.next(), parts.next()) else {
            continue;
        };
        if g.is_empty() || a.is_empty() || g.contains(['$', ' ']) {
            continue;
        }
        let mut p = maven(g, a, u32::try_from(i + 1).unwrap_or(u32::MAX));
        if let Some(v) = parts
            .next()
            .map(|v| v.split('@').next().unwrap_or(v))
            .filter(|v| !v.is_empty())
        {
            if v.contains(['$', '+', '[', '(']) {
                p.range = Some(v.to_string());
            } else {
                p.version = Some(v.to_string());
            }
        }
        p.dev = conf.starts_with("test") || conf.starts_with("androidTest");
        p.direct = Some(true);
        out.packages.push(p);
    }
    Ok(out)
}

/// `gradle/libs.versions.toml` (version catalog).
pub fn version_catalog(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let v: toml::Value = parse_toml(text)?;
    let versions = v.get("versions").and_then(|t| t.as_table());
    let mut out = Parsed::manifest();
    let mut search = LineSearch::new(text);
    for (alias, lib) in v
        .get("libraries")
        .and_then(|t| t.as_table())
        .into_iter()
        .flatten()
    {
        let (module, version) = match lib {
            toml::Value::String(s) => {
                let mut parts = s.splitn(3, ':');
                let (g, a, ver) = (
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or(""),
                    parts.next(),
                );
                (format!("{g}:{a}"), ver.map(str::to_string))
            }
            toml::Value::Table(t) => {
                let module = t
                    .get("module")
                    .and_then(|m| m.as_str())
                    .map(str::to_string)
                    .or_else(|| {
                        Some(format!(
                            "{}:{}",
                            t.get("group")?.as_str()?,
                            t.get("name")?.as_str()?
                        ))
                    });
                let version = match t.get("version") {
                    Some(toml::Value::String(s)) => Some(s.clone()),
                    Some(toml::Value::Table(vt)) => vt
                        .get("ref")
                        .and_then(|r| r.as_str())
                        .and_then(|r| versions?.get(r))
                        .and_then(|x| {
                            x.as_str().map(str::to_string).or_else(|| {
                                x.get("strictly")
                                    .or(x.get("require"))
                                    .and_then(|s| s.as_str())
                                    .map(str::to_string)
                            })
                        }),
                    _ => None,
                };
                (module.unwrap_or_default(), version)
            }
            _ => continue,
        };
        let Some((g, a)) = module.split_once(':') else {
            continue;
        };
        search.place(out.packages.len(), alias.to_string(), 1);
        let mut p = maven(g, a, 1);
        p.version = version;
        p.direct = Some(true);
        out.packages.push(p);
    }
    search.apply(&mut out.packages);
    Ok(out)
}

/// `gradle.lockfile`: `group:artifact:version=configurations`.
pub fn gradle_lockfile(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::lockfile();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.starts_with("empty=") {
            continue;
        }
        let Some((coord, confs)) = line.split_once('=') else {
            continue;
        };
        let mut parts = coord.split(':');
        let (Some(g), Some(a), Some(v)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let mut p = maven(g, a, u32::try_from(i + 1).unwrap_or(u32::MAX));
        p.version = Some(v.to_string());
        p.dev = confs
            .split(',')
            .all(|c| c.starts_with("test") || c.starts_with("androidTest"));
        out.packages.push(p);
    }
    Ok(out)
}

/// `gradle/verification-metadata.xml`: every component with its artifact checksum.
pub fn verification_metadata(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let doc = xml(text)?;
    let mut out = Parsed::lockfile();
    for c in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "component")
    {
        let (Some(g), Some(a), Some(v)) = (
            c.attribute("group"),
            c.attribute("name"),
            c.attribute("version"),
        ) else {
            continue;
        };
        let mut p = maven(g, a, line_of(&doc, c));
        p.version = Some(v.to_string());
        p.hash = c
            .descendants()
            .find(|n| {
                n.tag_name().name() == "artifact"
                    && n.attribute("name").is_some_and(|f| f.ends_with(".jar"))
            })
            .and_then(|art| art.children().find(|s| s.tag_name().name() == "sha256"))
            .and_then(|s| s.attribute("value"))
            .map(|h| ("SHA-256", h.to_string()));
        out.packages.push(p);
    }
    Ok(out)
}
