//! Python: `requirements*.txt` / `*.in` (pins, hashes, markers, extras, VCS and
//! URL requirements), `poetry.lock` / `pdm.lock`, `uv.lock`, `Pipfile.lock`, and
//! `pyproject.toml` (PEP 621, PEP 735, Poetry) as the fallback.

use serde::Deserialize;
use serde_json::Value;

use super::lines::{LineSearch, find_line, header_lines};
use super::{Package, ParseError, Parsed, parse_json, parse_toml};
use crate::vocab::{Code, Warning};

/// Whether a path is a requirements file (`requirements.txt`, `requirements-dev.txt`,
/// `dev-requirements.in`, anything in a `requirements/` folder ending in .txt/.in).
pub fn is_requirements(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext_ok = name.ends_with(".txt") || name.ends_with(".in");
    ext_ok
        && (name.contains("requirements") || path.split('/').rev().nth(1) == Some("requirements"))
}

/// One PEP 508 requirement: (name, extras, specifier, url).
struct Requirement<'a> {
    name: &'a str,
    spec: &'a str,
    url: Option<&'a str>,
}

fn parse_requirement(s: &str) -> Option<Requirement<'_>> {
    let s = s.split(';').next().unwrap_or(s).trim();
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
        .unwrap_or(s.len());
    let name = &s[..end];
    if name.is_empty() {
        return None;
    }
    let mut rest = s[end..].trim_start();
    if rest.starts_with('[') {
        rest = rest.find(']').map_or("", |i| rest[i + 1..].trim_start());
    }
    if let Some(url) = rest.strip_prefix('@') {
        return Some(Requirement {
            name,
            spec: "",
            url: Some(url.trim()),
        });
    }
    let spec = rest.trim_start_matches(['(']).trim_end_matches(')').trim();
    // A specifier is empty or starts with a comparison operator (PEP 440).
    if !spec.is_empty() && !spec.starts_with(['=', '<', '>', '~', '!']) {
        return None;
    }
    Some(Requirement {
        name,
        spec,
        url: None,
    })
}

fn pinned(spec: &str) -> Option<&str> {
    let v = spec
        .strip_prefix("===")
        .or_else(|| spec.strip_prefix("=="))?
        .trim();
    (!v.contains([',', '*', '<', '>', '!', '~']) && !v.is_empty()).then_some(v)
}

/// A directly declared requirement: an exact version for a `==` pin, else its range.
fn declared(r: &Requirement<'_>, line: u32) -> Package {
    let mut p = pypi(r.name, line);
    p.direct = Some(true);
    if let Some(v) = pinned(r.spec) {
        p.version = Some(v.to_string());
    } else if !r.spec.is_empty() {
        p.range = Some(r.spec.to_string());
    }
    p
}

fn pypi(name: &str, line: u32) -> Package {
    Package {
        ecosystem: "pypi",
        name: name.to_string(),
        line,
        ..Package::default()
    }
}

/// `requirements*.txt` and `*.in`.
pub fn requirements(path: &str, text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::lockfile();
    let dev = path.contains("dev") || path.contains("test");
    let mut logical = String::new();
    let mut start = 0u32;
    for (i, raw) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if logical.is_empty() {
            start = n;
        }
        let line = raw.split(" #").next().unwrap_or(raw);
        if let Some(cont) = line.trim_end().strip_suffix('\\') {
            logical.push_str(cont);
            logical.push(' ');
            continue;
        }
        logical.push_str(line);
        let entry = std::mem::take(&mut logical);
        let entry = entry.trim();
        if entry.is_empty() || entry.starts_with('#') {
            continue;
        }
        if entry.starts_with('-') && !entry.starts_with("-e") && !entry.starts_with("--editable") {
            continue; // -r/-c includes (each file is read on its own), index options
        }
        let (editable, body) = match entry
            .strip_prefix("-e")
            .or_else(|| entry.strip_prefix("--editable"))
        {
            Some(b) => (true, b.trim()),
            None => (false, entry),
        };
        let mut hashes = body
            .split_whitespace()
            .filter_map(|t| t.strip_prefix("--hash=sha256:"));
        let hash = hashes.next().map(|h| ("SHA-256", h.to_ascii_lowercase()));
        let body = body.split(" --").next().unwrap_or(body).trim();
        if body.contains("://") || body.starts_with('.') || body.starts_with('/') {
            // A VCS / URL / path requirement: the name is in #egg= or before ` @ `.
            let name = body
                .split("#egg=")
                .nth(1)
                .map(|e| e.split('&').next().unwrap_or(e));
            let name = name.or_else(|| body.split_once(" @ ").map(|(n, _)| n.trim()));
            match name.and_then(parse_requirement) {
                Some(r) => {
                    let mut p = pypi(r.name, start);
                    p.origin = Some(
                        if body.starts_with("git+") || body.contains(" git+") {
                            "git"
                        } else if editable {
                            "path"
                        } else {
                            "url"
                        }
                        .into(),
                    );
                    p.dev = dev;
                    out.packages.push(p);
                }
                None => out.warnings.push(Warning::at(
                    Code::ParseError,
                    path,
                    start,
                    "requirement without a package name; skipped",
                )),
            }
            continue;
        }
        let Some(r) = parse_requirement(body) else {
            out.warnings.push(Warning::at(
                Code::ParseError,
                path,
                start,
                format!(
                    "unreadable requirement `{}`; skipped",
                    body.chars().take(80).collect::<String>()
                ),
            ));
            continue;
        };
        let mut p = pypi(r.name, start);
        p.dev = dev;
        p.hash = hash;
        if let Some(url) = r.url {
            p.origin = Some(
                if url.starts_with("git+") {
                    "git"
                } else {
                    "url"
                }
                .into(),
            );
        } else if let Some(v) = pinned(r.spec) {
            p.version = Some(v.to_string());
        } else if !r.spec.is_empty() {
            p.range = Some(r.spec.to_string());
        }
        out.packages.push(p);
    }
    Ok(out)
}

#[derive(Deserialize)]
struct TomlLock {
    #[serde(default)]
    package: Vec<TomlPackage>,
}

#[derive(Deserialize)]
struct TomlPackage {
    name: String,
    version: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    dependencies: Option<toml::Value>,
    #[serde(default)]
    source: Option<toml::Value>,
    #[serde(default)]
    sdist: Option<toml::Value>,
}

fn toml_lock(text: &str) -> Result<(TomlLock, Vec<u32>), ParseError> {
    let lock: TomlLock = parse_toml(text)?;
    Ok((lock, header_lines(text, "[[package]]")))
}

fn dependency_names(deps: Option<&toml::Value>) -> Vec<(String, Option<String>)> {
    match deps {
        Some(toml::Value::Table(t)) => t.keys().map(|k| (k.clone(), None)).collect(),
        Some(toml::Value::Array(a)) => a
            .iter()
            .filter_map(|d| match d {
                toml::Value::String(s) => parse_requirement(s).map(|r| (r.name.to_string(), None)),
                toml::Value::Table(t) => t
                    .get("name")
                    .and_then(|n| n.as_str())
                    .map(|n| (n.to_string(), None)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `poetry.lock` and `pdm.lock`.
pub fn poetry_lock(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let (lock, lines) = toml_lock(text)?;
    let mut out = Parsed::lockfile();
    for (i, p) in lock.package.iter().enumerate() {
        let mut pkg = pypi(&p.name, lines.get(i).copied().unwrap_or(1));
        pkg.version = p.version.clone();
        pkg.dev = p.category.as_deref() == Some("dev")
            || p.optional
            || (!p.groups.is_empty() && !p.groups.iter().any(|g| g == "default" || g == "main"));
        pkg.deps = dependency_names(p.dependencies.as_ref());
        pkg.origin = p
            .source
            .as_ref()
            .and_then(|s| s.get("type"))
            .and_then(|t| t.as_str())
            .filter(|t| *t != "legacy")
            .map(|t| match t {
                "directory" | "file" => "path".to_string(),
                other => other.to_string(),
            });
        out.packages.push(pkg);
    }
    Ok(out)
}

/// `uv.lock`.
pub fn uv_lock(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let (lock, lines) = toml_lock(text)?;
    let mut out = Parsed::lockfile();
    for (i, p) in lock.package.iter().enumerate() {
        let source = p.source.as_ref().and_then(|s| s.as_table());
        if source.is_some_and(|s| s.contains_key("editable") || s.contains_key("virtual")) {
            continue; // the project itself or a workspace member
        }
        let mut pkg = pypi(&p.name, lines.get(i).copied().unwrap_or(1));
        pkg.version = p.version.clone();
        pkg.deps = dependency_names(p.dependencies.as_ref());
        pkg.origin = source.and_then(|s| {
            ["git", "path", "directory", "url"]
                .iter()
                .find(|k| s.contains_key(**k))
                .map(|k| {
                    if *k == "directory" {
                        "path".to_string()
                    } else {
                        (*k).to_string()
                    }
                })
        });
        pkg.hash = p
            .sdist
            .as_ref()
            .and_then(|s| s.get("hash"))
            .and_then(|h| h.as_str())
            .and_then(|h| h.strip_prefix("sha256:"))
            .map(|h| ("SHA-256", h.to_string()));
        out.packages.push(pkg);
    }
    Ok(out)
}

/// `Pipfile.lock`.
pub fn pipfile_lock(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let v: Value = parse_json(text)?;
    let mut out = Parsed::lockfile();
    let mut search = LineSearch::new(text);
    for (section, dev) in [("default", false), ("develop", true)] {
        let Some(deps) = v.get(section).and_then(Value::as_object) else {
            continue;
        };
        let section_line = find_line(text, &format!("\"{section}\""), 1).unwrap_or(1);
        for (name, d) in deps {
            search.place(out.packages.len(), format!("\"{name}\""), section_line);
            let mut pkg = pypi(name, section_line);
            pkg.dev = dev;
            pkg.version = d
                .get("version")
                .and_then(Value::as_str)
                .and_then(pinned)
                .map(str::to_string);
            if d.get("git").is_some() {
                pkg.origin = Some("git".into());
            } else if d.get("path").is_some() {
                pkg.origin = Some("path".into());
            }
            out.packages.push(pkg);
        }
    }
    search.apply(&mut out.packages);
    Ok(out)
}

/// `pyproject.toml`: PEP 621 / PEP 735 / Poetry declarations (ranges).
pub fn pyproject(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let v: toml::Value = parse_toml(text)?;
    let mut out = Parsed::manifest();
    let mut search = LineSearch::new(text);
    let mut push = |name: &str, spec: Option<&str>, dev: bool, out: &mut Parsed| {
        if name.eq_ignore_ascii_case("python") {
            return;
        }
        search.place(out.packages.len(), name.to_string(), 1);
        let mut p = pypi(name, 1);
        p.dev = dev;
        p.direct = Some(true);
        p.range = spec.filter(|s| !s.is_empty()).map(str::to_string);
        out.packages.push(p);
    };
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(|a| a.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let project = v.get("project");
    for req in strings(project.and_then(|p| p.get("dependencies"))) {
        if let Some(r) = parse_requirement(&req) {
            push(r.name, Some(r.spec), false, &mut out);
        }
    }
    let groups = project
        .and_then(|p| p.get("optional-dependencies"))
        .into_iter()
        .chain(v.get("dependency-groups"))
        .filter_map(|t| t.as_table());
    for table in groups {
        for (_, list) in table {
            for req in strings(Some(list)) {
                if let Some(r) = parse_requirement(&req) {
                    push(r.name, Some(r.spec), true, &mut out);
                }
            }
        }
    }
    let poetry = v.get("tool").and_then(|t| t.get("poetry"));
    let mut poetry_tables: Vec<(&toml::Value, bool)> = Vec::new();
    if let Some(p) = poetry {
        poetry_tables.extend(p.get("dependencies").map(|d| (d, false)));
        poetry_tables.extend(p.get("dev-dependencies").map(|d| (d, true)));
        if let Some(groups) = p.get("group").and_then(|g| g.as_table()) {
            poetry_tables.extend(
                groups
                    .values()
                    .filter_map(|g| g.get("dependencies"))
                    .map(|d| (d, true)),
            );
        }
    }
    for (table, dev) in poetry_tables {
        for (name, spec) in table.as_table().into_iter().flatten() {
            let spec = spec
                .as_str()
                .or_else(|| spec.get("version").and_then(|v| v.as_str()));
            push(name, spec, dev, &mut out);
        }
    }
    search.apply(&mut out.packages);
    Ok(out)
}

/// `setup.cfg`: `install_requires` and `extras_require` under `[options]`.
pub fn setup_cfg(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::manifest();
    let mut section = String::new();
    let mut key = String::new();
    for (i, line) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let t = line.trim();
        if t.starts_with('[') {
            section = t.trim_matches(['[', ']']).to_string();
            key.clear();
            continue;
        }
        if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        let value = if !line.starts_with([' ', '\t']) {
            let Some((k, v)) = t.split_once('=') else {
                continue;
            };
            key = k.trim().to_string();
            v.trim()
        } else {
            t
        };
        let wanted = (section == "options" && key == "install_requires")
            || section == "options.extras_require";
        if !wanted || value.is_empty() {
            continue;
        }
        if let Some(r) = parse_requirement(value) {
            let mut p = declared(&r, n);
            p.dev = section == "options.extras_require"
                && (key.contains("dev") || key.contains("test"));
            out.packages.push(p);
        }
    }
    Ok(out)
}

/// `environment.yml` (conda): the `pip:` section's requirements.
pub fn environment_yml(path: &str, text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::manifest();
    let mut pip_indent: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        if t == "- pip:" {
            pip_indent = Some(indent);
            continue;
        }
        match pip_indent {
            Some(pi) if indent > pi && t.starts_with("- ") => {
                let req = t[2..].trim().trim_matches(['"', '\'']);
                let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
                match parse_requirement(req) {
                    Some(r) => out.packages.push(declared(&r, n)),
                    None => out.warnings.push(Warning::at(
                        Code::ParseError,
                        path,
                        n,
                        "unreadable pip requirement; skipped",
                    )),
                }
            }
            Some(pi) if indent <= pi => pip_indent = None,
            _ => {}
        }
    }
    Ok(out)
}
