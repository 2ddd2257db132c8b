//! Go: `go.mod` (`require`, `replace`, `// indirect`) and `go.sum`.

use super::{Package, ParseError, Parsed};
use crate::vocab::{Code, Warning};

fn module(path: &str, version: &str, line: u32) -> Package {
    let (ns, name) = match path.rsplit_once('/') {
        Some((ns, n)) => (Some(ns.to_string()), n.to_string()),
        None => (None, path.to_string()),
    };
    Package {
        ecosystem: "golang",
        namespace: ns,
        name,
        version: Some(version.to_string()),
        line,
        ..Package::default()
    }
}

/// `go.mod`. With module graph pruning (Go ≥ 1.17) it lists every module the
/// build needs, at the selected version.
pub fn go_mod(path: &str, text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::lockfile();
    let mut replaces: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    let mut block: Option<&str> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let (code, comment) = match raw.split_once("//") {
            Some((c, cm)) => (c.trim(), cm.trim()),
            None => (raw.trim(), ""),
        };
        if code.is_empty() {
            continue;
        }
        if code == ")" {
            block = None;
            continue;
        }
        let (verb, rest) = match block {
            Some(b) => (b, code),
            None => {
                let (verb, rest) = code.split_once(char::is_whitespace).unwrap_or((code, ""));
                if rest.trim() == "(" {
                    block = Some(match verb {
                        "require" => "require",
                        "replace" => "replace",
                        _ => "other",
                    });
                    continue;
                }
                (verb, rest.trim())
            }
        };
        match verb {
            "require" => {
                let mut parts = rest.split_whitespace();
                match (parts.next(), parts.next()) {
                    (Some(m), Some(v)) => {
                        let mut p = module(m.trim_matches('"'), v, n);
                        p.direct = Some(comment != "indirect");
                        out.packages.push(p);
                    }
                    _ => out.warnings.push(Warning::at(
                        Code::ParseError,
                        path,
                        n,
                        "malformed require line; skipped",
                    )),
                }
            }
            "replace" => {
                if let Some((from, to)) = rest.split_once("=>") {
                    let from = from
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_string();
                    let mut to = to.split_whitespace();
                    let target = to.next().map(str::to_string);
                    replaces.push((from, target, to.next().map(str::to_string)));
                }
            }
            _ => {}
        }
    }
    for p in &mut out.packages {
        let full = p.display_name();
        if let Some((_, target, version)) = replaces.iter().find(|(f, _, _)| *f == full) {
            match (target, version) {
                (Some(t), _) if t.starts_with('.') || t.starts_with('/') => {
                    p.origin = Some("path".into())
                }
                (Some(t), Some(v)) => {
                    let replaced = module(t, v, p.line);
                    p.namespace = replaced.namespace;
                    p.name = replaced.name;
                    p.version = replaced.version;
                }
                _ => {}
            }
        }
    }
    Ok(out)
}

/// `go.sum`: every module version the build may verify.
pub fn go_sum(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::lockfile();
    for (i, line) in text.lines().enumerate() {
        let mut parts = line.split_whitespace();
        let (Some(m), Some(v)) = (parts.next(), parts.next()) else {
            continue;
        };
        if v.ends_with("/go.mod") {
            continue; // only the go.mod was hashed: not part of the build
        }
        out.packages
            .push(module(m, v, u32::try_from(i + 1).unwrap_or(u32::MAX)));
    }
    Ok(out)
}
