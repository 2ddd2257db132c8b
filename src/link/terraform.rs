//! Terraform variables: a model named by `var.NAME` or `local.NAME` is
//! resolved against the module's `.tfvars`, variable defaults and locals,
//! which the scan recorded as definitions (marked, never reported).

use std::collections::{BTreeMap, BTreeSet};

use crate::scan::config::terraform::model_id;
use crate::vocab::{Finding, Mark, attr, placeholder};

/// Replaces each reference placeholder with the values its module gives it
/// (`.tfvars` first, else the variable's default or the local), one finding per
/// distinct value; a reference nothing defines keeps its placeholder. Consumes
/// every definition, so none reaches the BOM.
pub fn resolve(findings: &mut Vec<Finding>) {
    // (module, name) → (values from .tfvars, defaults and locals).
    type Values = (BTreeSet<String>, BTreeSet<String>);
    let mut defs: BTreeMap<(String, String), Values> = BTreeMap::new();
    findings.retain(|f| {
        let Some(name) = f.marks.get(&Mark::TerraformDefinition) else {
            return true;
        };
        let module = module_of(&f.evidence.file).to_string();
        let (tfvars, defaults) = defs.entry((module, name.clone())).or_default();
        match f.marks.get(&Mark::TerraformDefinedBy).map(String::as_str) {
            Some("tfvars") => tfvars.insert(f.id.clone()),
            _ => defaults.insert(f.id.clone()),
        };
        false
    });
    super::config_keys::substitute(findings, |f| {
        // A reference not yet resolved: its id is still the placeholder.
        let Some(name) = f
            .attrs
            .get(attr::TERRAFORM_VARIABLE)
            .filter(|r| f.id == placeholder(r))
        else {
            return Vec::new();
        };
        let module = module_of(&f.evidence.file).to_string();
        let values = match defs.get(&(module, name.clone())) {
            Some((tfvars, _)) if !tfvars.is_empty() => tfvars,
            Some((_, defaults)) => defaults,
            None => return Vec::new(),
        };
        values
            .iter()
            .map(|v| {
                let mut r = f.clone();
                r.id = model_id(v);
                r
            })
            .collect()
    });
}

/// The module a file belongs to: its directory.
fn module_of(file: &str) -> &str {
    file.rsplit_once('/').map_or("", |(dir, _)| dir)
}
