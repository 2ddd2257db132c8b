//! Configuration references: code that names a model by configuration key
//! (`GetChatClient(config["AzureOpenAI:DeploymentName"])`, a
//! [`placeholder`] until now) is resolved against the configuration files of
//! the same tree.

use std::collections::BTreeMap;

#[cfg(test)]
use crate::vocab::placeholder;
use crate::vocab::{Finding, Kind, attr};

/// A configuration key as a dotted path (`AzureOpenAI:DeploymentName` → `AzureOpenAI.DeploymentName`).
fn dotted(key: &str) -> String {
    key.replace(':', ".").replace("__", ".")
}

/// Replaces placeholder model ids with the value configuration gives their key
/// (one finding per distinct value). A key no configuration file sets keeps its
/// placeholder: the BOM still says a model is chosen there, and by which key.
pub fn resolve(findings: &mut Vec<Finding>) {
    let mut values: BTreeMap<(String, Option<String>), Vec<String>> = BTreeMap::new();
    for f in findings.iter() {
        let from_config = f.attrs.get(attr::TECHNIQUE).map(String::as_str) == Some("configuration");
        if f.kind == Kind::Model
            && from_config
            && let Some(path) = &f.evidence.symbol
        {
            let ids = values
                .entry((path.clone(), f.provider.clone()))
                .or_default();
            if !ids.contains(&f.id) {
                ids.push(f.id.clone());
            }
        }
    }
    if values.is_empty() {
        return;
    }
    substitute(findings, |f| {
        let Some(key) =
            f.id.strip_prefix("${")
                .and_then(|k| k.strip_suffix('}'))
                .filter(|_| f.kind == Kind::Model)
        else {
            return Vec::new();
        };
        let path = dotted(key);
        let suffix = format!(".{path}");
        values
            .iter()
            .filter(|((p, provider), _)| {
                (*p == path || p.ends_with(&suffix))
                    && (provider.is_none() || *provider == f.provider)
            })
            .flat_map(|(_, ids)| ids.iter())
            .map(|id| {
                let mut r = f.clone();
                r.id = id.clone();
                r.attrs.insert(attr::CONFIG_KEY.into(), key.to_string());
                r
            })
            .collect()
    });
}

/// Replaces each finding `copies` gives replacements for (one per resolved
/// value) with them; a finding it gives none stays as it is. The one way a
/// placeholder becomes its values, for configuration keys and Terraform.
pub(super) fn substitute(
    findings: &mut Vec<Finding>,
    mut copies: impl FnMut(&Finding) -> Vec<Finding>,
) {
    let mut resolved = Vec::new();
    findings.retain(|f| {
        let replacements = copies(f);
        let keep = replacements.is_empty();
        resolved.extend(replacements);
        keep
    });
    findings.extend(resolved);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Evidence;

    fn config(id: &str, file: &str, path: &str) -> Finding {
        let mut ev = Evidence::at(file, 3, 1);
        ev.symbol = Some(path.into());
        Finding::new(Kind::Model, id, Some("azure-openai".into()), ev)
            .with_attr(attr::TECHNIQUE, "configuration")
    }

    #[test]
    fn one_finding_per_configured_value_and_unknown_keys_stay() {
        let code = |key: &str| {
            Finding::new(
                Kind::Model,
                placeholder(key),
                Some("azure-openai".into()),
                Evidence::at("Program.cs", 9, 1),
            )
        };
        let mut findings = vec![
            config("prod-4o", "appsettings.json", "AzureOpenAI.DeploymentName"),
            config(
                "dev-4o",
                "appsettings.Development.json",
                "AzureOpenAI.DeploymentName",
            ),
            code("AzureOpenAI:DeploymentName"),
            code("Other:Key"),
        ];
        resolve(&mut findings);
        let mut from_code: Vec<&str> = findings
            .iter()
            .filter(|f| f.evidence.file == "Program.cs")
            .map(|f| f.id.as_str())
            .collect();
        from_code.sort();
        assert_eq!(from_code, ["${Other:Key}", "dev-4o", "prod-4o"]);
    }
}
