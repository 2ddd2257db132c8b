//! Ruby: `Gemfile.lock`.

use std::collections::HashSet;

use super::{Package, ParseError, Parsed};

/// `Gemfile.lock`: `specs:` of the GEM, GIT and PATH sections; DEPENDENCIES
/// marks the direct ones.
pub fn gemfile_lock(_path: &str, text: &str) -> Result<Parsed, ParseError> {
    let mut out = Parsed::lockfile();
    let mut section = "";
    let mut direct: HashSet<String> = HashSet::new();
    for line in text.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            section = line.trim();
        } else if section == "DEPENDENCIES" {
            let name = line.trim().split([' ', '!']).next().unwrap_or_default();
            direct.insert(name.to_string());
        }
    }
    section = "";
    for (i, line) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if !line.starts_with(' ') && !line.is_empty() {
            section = line.trim();
            continue;
        }
        if !matches!(section, "GEM" | "GIT" | "PATH") {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        let Some((name, rest)) = t.split_once(" (") else {
            continue;
        };
        let version = rest.trim_end_matches(')');
        if indent == 4 {
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
            && let Some(p) = out.packages.last_mut()
        {
            p.deps.push((name.to_string(), None));
        }
    }
    Ok(out)
}
