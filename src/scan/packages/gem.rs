//! Ruby: `Gemfile.lock`, and the declarations it pins: `Gemfile` and `*.gemspec`.

use std::collections::HashSet;

use super::{Package, ParseError, Parsed};

/// `Gemfile`: `gem "name", "~> 1.0"` lines; those inside a `group` block
/// naming only `:development` / `:test` are development dependencies. Ruby is
/// read line by line, never run: a `gem` computed at run time is not seen.
pub fn gemfile(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::manifest();
    // One entry per open `do` block: whether it is a development group.
    let mut blocks: Vec<bool> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = code_of(raw);
        if let Some(groups) = line.strip_prefix("group ") {
            blocks.push(is_dev_group(groups));
            continue;
        }
        if line.ends_with(" do") || line.contains(" do |") {
            blocks.push(false);
            continue;
        }
        if line == "end" {
            blocks.pop();
            continue;
        }
        let Some(rest) = line
            .strip_prefix("gem ")
            .or_else(|| line.strip_prefix("gem("))
        else {
            continue;
        };
        let dev = blocks.iter().any(|d| *d)
            || rest.contains("group: :development")
            || rest.contains("group: :test");
        if let Some(p) = declared(rest, i, dev) {
            out.packages.push(p);
        }
    }
    Ok(out)
}

/// `*.gemspec`: `spec.add_dependency`, `add_runtime_dependency` and
/// `add_development_dependency` lines.
pub fn gemspec(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::manifest();
    for (i, raw) in text.lines().enumerate() {
        let line = code_of(raw);
        let Some((_, call)) = line.split_once(".add_") else {
            continue;
        };
        let (dev, rest) = if let Some(r) = call.strip_prefix("development_dependency") {
            (true, r)
        } else if let Some(r) = call
            .strip_prefix("runtime_dependency")
            .or_else(|| call.strip_prefix("dependency"))
        {
            (false, r)
        } else {
            continue;
        };
        if let Some(p) = declared(rest.trim_start_matches('('), i, dev) {
            out.packages.push(p);
        }
    }
    Ok(out)
}

/// A line without its leading blanks and trailing `# comment`.
fn code_of(raw: &str) -> &str {
    let t = raw.trim();
    match t.find(" #") {
        Some(i) => t[..i].trim_end(),
        None if t.starts_with('#') => "",
        None => t,
    }
}

/// `group :development, :test do`: every group named is a development one.
fn is_dev_group(groups: &str) -> bool {
    let names: Vec<&str> = groups
        .trim_end_matches("do")
        .split(',')
        .map(|g| g.trim().trim_start_matches(':').trim_matches(['"', '\'']))
        .filter(|g| !g.is_empty())
        .collect();
    !names.is_empty() && names.iter().all(|g| matches!(*g, "development" | "test"))
}

/// The package of a declaration's arguments (`"name", "~> 1.0", ">= 1.0.2"`):
/// the first quoted string is the name, the quoted strings after it up to the
/// first option (`require: false`) are the range. `None` when the name is
/// not a literal.
fn declared(args: &str, index: usize, dev: bool) -> Option<Package> {
    let mut parts = args.split(',').map(str::trim);
    let name = quoted(parts.next()?)?;
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    {
        return None;
    }
    let range: Vec<&str> = parts.map_while(quoted).collect();
    Some(Package {
        ecosystem: "gem",
        name: name.to_string(),
        range: (!range.is_empty()).then(|| range.join(", ")),
        dev,
        direct: Some(true),
        line: u32::try_from(index + 1).unwrap_or(u32::MAX),
        ..Package::default()
    })
}

/// The text of a whole `"…"` or `'…'` literal with no interpolation.
fn quoted(s: &str) -> Option<&str> {
    let s = s.trim().trim_end_matches(')');
    let q = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = s.strip_prefix(q)?.strip_suffix(q)?;
    (!inner.contains(q) && !inner.contains("#{")).then_some(inner)
}

/// `Gemfile.lock`: `specs:` of the GEM, GIT and PATH sections; DEPENDENCIES
/// marks the direct ones. A PATH spec at `remote: .` is the project itself
/// (a gem's own repository): not a dependency, and what it depends on is direct.
pub fn gemfile_lock(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::lockfile();
    let mut section = "";
    let mut remote = "";
    let mut direct: HashSet<String> = HashSet::new();
    for line in text.lines() {
        let t = line.trim();
        if !line.starts_with(' ') && !line.is_empty() {
            section = t;
        } else if section == "DEPENDENCIES" {
            let name = t.split([' ', '!']).next().unwrap_or_default();
            direct.insert(name.to_string());
        } else if let Some(r) = t.strip_prefix("remote:") {
            remote = r.trim();
        } else if section == "PATH" && remote == "." && line.len() - t.len() == 6 {
            direct.insert(t.split(' ').next().unwrap_or_default().to_string());
        }
    }
    section = "";
    remote = "";
    let mut in_project = false;
    for (i, line) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if !line.starts_with(' ') && !line.is_empty() {
            section = line.trim();
            remote = "";
            continue;
        }
        if !matches!(section, "GEM" | "GIT" | "PATH") {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        if let Some(r) = t.strip_prefix("remote:") {
            remote = r.trim();
            continue;
        }
        let Some((name, rest)) = t.split_once(" (") else {
            continue;
        };
        let version = rest.trim_end_matches(')');
        if indent == 4 {
            in_project = section == "PATH" && remote == ".";
            if in_project {
                continue;
            }
            out.packages.push(Package {
                ecosystem: "gem",
                name: name.to_string(),
                version: Some(version.to_string()),
                direct: Some(direct.contains(name)),
                line: n,
                origin: match section {
                    "GIT" => Some("git".into()),
                    "PATH" => Some("path".into()),
                    _ => None,
                },
                ..Package::default()
            });
        } else if indent == 6
            && !in_project
            && let Some(p) = out.packages.last_mut()
        {
            p.deps.push((name.to_string(), None));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_itself_is_no_dependency_of_its_lockfile() {
        let lock = "PATH\n  remote: .\n  specs:\n    acme (0.1.0)\n      baran (~> 0.1)\n\n\
                    GEM\n  remote: https://rubygems.org/\n  specs:\n    baran (0.1.12)\n    rake (13.2.1)\n\n\
                    DEPENDENCIES\n  acme!\n  rake\n";
        let p = gemfile_lock("Gemfile.lock", lock).expect("parses");
        let names: Vec<(&str, Option<bool>)> = p
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.direct))
            .collect();
        assert_eq!(names, [("baran", Some(true)), ("rake", Some(true))]);
    }

    #[test]
    fn declarations_are_read_not_run() {
        let g = gemfile(
            "Gemfile",
            "gem \"a-b\", \"~> 1\", require: false\ngem \"x#{v}\"\ngem name\n# gem \"c\"\ngem(\"d\")\n",
        )
        .expect("parses");
        let got: Vec<(&str, Option<&str>)> = g
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.range.as_deref()))
            .collect();
        assert_eq!(got, [("a-b", Some("~> 1")), ("d", None)]);
    }
}
