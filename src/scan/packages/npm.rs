//! npm: `package-lock.json` / `npm-shrinkwrap.json` (v1, v2, v3), `yarn.lock`
//! (classic v1 and berry), and `package.json` as the fallback.

use std::collections::{BTreeMap, HashMap, HashSet};

use base64::Engine;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;

use std::borrow::Cow;

use super::lines::{LineSearch, find_line, json_object_keys, json_object_keys_with_prefix};
use super::{Package, ParseError, Parsed, parse_json};
use crate::vocab::{Code, Warning};

#[derive(Deserialize)]
struct Lock<'a> {
    #[serde(rename = "lockfileVersion")]
    lockfile_version: Option<u64>,
    #[serde(default, borrow)]
    packages: Option<BTreeMap<Cow<'a, str>, LockPackage<'a>>>,
    #[serde(default)]
    dependencies: Option<BTreeMap<String, V1Dependency>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct LockPackage<'a> {
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    version: Option<Cow<'a, str>>,
    #[serde(borrow)]
    resolved: Option<Cow<'a, str>>,
    #[serde(borrow)]
    integrity: Option<Cow<'a, str>>,
    #[serde(default)]
    dev: bool,
    #[serde(default)]
    dev_optional: bool,
    #[serde(default)]
    link: bool,
    license: Option<Value>,
    #[serde(default, borrow)]
    dependencies: BTreeMap<Cow<'a, str>, IgnoredAny>,
    #[serde(default, borrow)]
    dev_dependencies: BTreeMap<Cow<'a, str>, IgnoredAny>,
    #[serde(default, borrow)]
    optional_dependencies: BTreeMap<Cow<'a, str>, IgnoredAny>,
    #[serde(default, borrow)]
    peer_dependencies: BTreeMap<Cow<'a, str>, IgnoredAny>,
}

#[derive(Deserialize)]
struct V1Dependency {
    version: Option<String>,
    resolved: Option<String>,
    integrity: Option<String>,
    #[serde(default)]
    dev: bool,
    #[serde(default)]
    requires: BTreeMap<String, IgnoredAny>,
    #[serde(default)]
    dependencies: BTreeMap<String, V1Dependency>,
}

/// `package-lock.json` / `npm-shrinkwrap.json`.
pub fn package_lock(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let lock: Lock<'_> = parse_json(text)?;
    let lines = if lock.packages.is_some() {
        json_object_keys_with_prefix(text, "node_modules/")
    } else {
        json_object_keys(text)
    };
    let mut out = Parsed::lockfile();
    if let Some(packages) = &lock.packages {
        let root = packages.get("").map(root_deps).unwrap_or_default();
        let index: HashMap<&str, &LockPackage<'_>> =
            packages.iter().map(|(k, v)| (k.as_ref(), v)).collect();
        let mut probe = String::new();
        for (key, p) in packages {
            // Only installed packages; "" is the project, other paths are workspace members.
            let Some(idx) = key.rfind("node_modules/") else {
                continue;
            };
            if p.link {
                continue;
            }
            let name: &str = p
                .name
                .as_deref()
                .unwrap_or(&key[idx + "node_modules/".len()..]);
            let top_level = idx == 0;
            let mut pkg = package(
                name,
                p.version.as_deref(),
                p.resolved.as_deref(),
                p.integrity.as_deref(),
            );
            pkg.dev = p.dev || p.dev_optional;
            pkg.direct = Some(top_level && root.contains(name));
            pkg.license = p.license.as_ref().and_then(license);
            pkg.line = lines.get(key.as_ref()).copied().unwrap_or(1);
            pkg.deps = p
                .dependencies
                .keys()
                .chain(p.optional_dependencies.keys())
                .map(|d| (d.to_string(), installed_version(&index, key, d, &mut probe)))
                .collect();
            out.packages.push(pkg);
        }
    } else if let Some(deps) = &lock.dependencies {
        v1(deps, &lines, true, &mut out.packages);
    } else if lock.lockfile_version.is_some_and(|v| v > 3) {
        return Err(ParseError::at(
            None,
            format!(
                "unknown lockfileVersion {}",
                lock.lockfile_version.unwrap_or(0)
            ),
        ));
    }
    Ok(out)
}

/// The version of `dep` that the package at `from` (a `node_modules/…` path) gets:
/// Node looks in its own `node_modules`, then each parent's, then the top level.
fn installed_version(
    packages: &HashMap<&str, &LockPackage<'_>>,
    from: &str,
    dep: &str,
    probe: &mut String,
) -> Option<String> {
    let mut base = from;
    loop {
        probe.clear();
        if !base.is_empty() {
            probe.push_str(base);
            probe.push('/');
        }
        probe.push_str("node_modules/");
        probe.push_str(dep);
        if let Some(p) = packages.get(probe.as_str()) {
            return p
                .version
                .as_deref()
                .filter(|v| !v.contains(':'))
                .map(str::to_string);
        }
        if base.is_empty() {
            return None;
        }
        base = base.rfind("/node_modules/").map_or("", |i| &base[..i]);
    }
}

fn root_deps<'a>(root: &'a LockPackage<'_>) -> HashSet<&'a str> {
    [
        &root.dependencies,
        &root.dev_dependencies,
        &root.optional_dependencies,
        &root.peer_dependencies,
    ]
    .into_iter()
    .flat_map(|m| m.keys().map(|k| k.as_ref()))
    .collect()
}

fn v1(
    deps: &BTreeMap<String, V1Dependency>,
    lines: &std::collections::HashMap<&str, u32>,
    top: bool,
    out: &mut Vec<Package>,
) {
    for (name, d) in deps {
        let mut pkg = package(
            name,
            d.version.as_deref(),
            d.resolved.as_deref(),
            d.integrity.as_deref(),
        );
        pkg.dev = d.dev;
        pkg.direct = if top { None } else { Some(false) };
        pkg.line = lines.get(name.as_str()).copied().unwrap_or(1);
        pkg.deps = d.requires.keys().map(|r| (r.clone(), None)).collect();
        out.push(pkg);
        v1(&d.dependencies, lines, false, out);
    }
}

/// A package from a name and what a lockfile says of it.
fn package(
    name: &str,
    version: Option<&str>,
    resolved: Option<&str>,
    integrity: Option<&str>,
) -> Package {
    let (namespace, short) = split_name(name);
    let origin = resolved.and_then(origin_of);
    // Git/file dependencies record the source, not a registry version, in `version`.
    let version = version.filter(|v| !v.contains(':')).map(str::to_string);
    Package {
        ecosystem: "npm",
        namespace: namespace.map(str::to_string),
        name: short.to_string(),
        version,
        hash: integrity.and_then(sri_hash),
        origin,
        ..Package::default()
    }
}

/// `@scope/name` → (Some("@scope"), "name").
fn split_name(name: &str) -> (Option<&str>, &str) {
    match name.strip_prefix('@').and_then(|_| name.split_once('/')) {
        Some((scope, n)) => (Some(scope), n),
        None => (None, name),
    }
}

fn origin_of(resolved: &str) -> Option<String> {
    if resolved.starts_with("git") {
        Some("git".into())
    } else if resolved.starts_with("file:") {
        Some("path".into())
    } else if resolved.starts_with("http") && !resolved.contains("/-/") {
        Some("url".into())
    } else {
        None
    }
}

/// Subresource-integrity (`sha512-<base64>`) → (algorithm, hex).
pub(super) fn sri_hash(integrity: &str) -> Option<(&'static str, String)> {
    let first = integrity.split_whitespace().next()?;
    let (alg, b64) = first.split_once('-')?;
    let alg = match alg {
        "sha512" => "SHA-512",
        "sha384" => "SHA-384",
        "sha256" => "SHA-256",
        "sha1" => "SHA-1",
        _ => return None,
    };
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
    Some((alg, crate::vocab::hex(&bytes)))
}

fn license(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("type").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

/// `package.json`: declared ranges (used when there is no lockfile).
pub fn package_json(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let v: Value = parse_json(text)?;
    let mut out = Parsed::manifest();
    let mut search = LineSearch::new(text);
    let mut from = 1;
    for (section, dev) in [
        ("dependencies", false),
        ("devDependencies", true),
        ("optionalDependencies", false),
        ("peerDependencies", false),
    ] {
        let Some(deps) = v.get(section).and_then(Value::as_object) else {
            continue;
        };
        let section_line = find_line(text, &format!("\"{section}\""), 1).unwrap_or(1);
        from = from.max(section_line);
        for (name, range) in deps {
            let range = range.as_str().unwrap_or_default();
            let (namespace, short) = split_name(name);
            let origin = if range.starts_with("workspace:")
                || range.starts_with("file:")
                || range.starts_with("link:")
            {
                Some("path".to_string())
            } else if range.starts_with("git") || range.contains("github:") {
                Some("git".to_string())
            } else {
                None
            };
            search.place(out.packages.len(), format!("\"{name}\""), section_line);
            out.packages.push(Package {
                ecosystem: "npm",
                namespace: namespace.map(str::to_string),
                name: short.to_string(),
                range: Some(range.to_string()),
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

/// `yarn.lock`, classic (v1) and berry (v2+), read line by line.
pub fn yarn_lock(path: &str, text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::lockfile();
    let mut current: Option<Package> = None;
    let mut in_deps = false;
    let mut workspace = false;
    let flush = |cur: &mut Option<Package>, workspace: bool, out: &mut Parsed| {
        if let Some(p) = cur.take()
            && !workspace
            && !p.name.is_empty()
        {
            out.packages.push(p);
        }
    };
    for (i, raw) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if raw.starts_with("<<<<<<<") || raw.starts_with("=======") || raw.starts_with(">>>>>>>") {
            out.warnings.push(Warning::at(
                Code::ConflictMarker,
                path,
                n,
                "merge conflict marker in yarn.lock; entries around it may be incomplete",
            ));
            continue;
        }
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        let line = raw.trim();
        if indent == 0 {
            flush(&mut current, workspace, &mut out);
            workspace = false;
            in_deps = false;
            let Some(head) = line.strip_suffix(':') else {
                out.warnings.push(Warning::at(
                    Code::ParseError,
                    path,
                    n,
                    "unexpected line in yarn.lock; skipped",
                ));
                continue;
            };
            if head == "__metadata" {
                continue;
            }
            let first = head.split(", ").next().unwrap_or(head).trim_matches('"');
            let name = descriptor_name(first);
            let (namespace, short) = split_name(name);
            current = Some(Package {
                ecosystem: "npm",
                namespace: namespace.map(str::to_string),
                name: short.to_string(),
                line: n,
                ..Package::default()
            });
            continue;
        }
        let Some(p) = current.as_mut() else { continue };
        if indent <= 2 {
            in_deps = matches!(line, "dependencies:" | "optionalDependencies:");
            let (key, value) = match line.split_once(": ") {
                Some((k, v)) => (k, v),
                None => line.split_once(' ').unwrap_or((line, "")),
            };
            let value = value.trim().trim_matches('"');
            match key {
                "version" => p.version = Some(value.to_string()),
                "integrity" => p.hash = sri_hash(value),
                "resolved" => p.origin = origin_of(value),
                "resolution"
                    if value.contains("@workspace:")
                        || value.contains("@link:")
                        || value.contains("@portal:") =>
                {
                    workspace = true
                }
                "resolution" if value.contains("@git") || value.contains("@https:") => {
                    p.origin = Some("git".into())
                }
                _ => {}
            }
        } else if in_deps {
            let key = line
                .split_once(": ")
                .map_or_else(|| line.split(' ').next().unwrap_or(line), |(k, _)| k);
            p.deps.push((key.trim_matches('"').to_string(), None));
        }
    }
    flush(&mut current, workspace, &mut out);
    Ok(out)
}

/// `name@range` / `@scope/name@npm:range` → the package name.
fn descriptor_name(d: &str) -> &str {
    let search_from = usize::from(d.starts_with('@'));
    match d[search_from..].find('@') {
        Some(i) => &d[..i + search_from],
        None => d,
    }
}
