//! Model names: a model id written with its provider's resource prefix
//! (Gemini's `models/gemini-2.0-flash`, the catalog's `model_prefix`) is the
//! model without it, so one model is one component however the code names it.

use std::collections::HashMap;

use crate::catalog::Catalog;
use crate::vocab::{Finding, Kind};

/// Drops each model's provider resource prefix from its id, and points the
/// links to it (a service's model, a fine-tune's base) at the new identity.
pub fn resolve(findings: &mut [Finding], catalog: &Catalog) {
    let mut renamed: HashMap<String, String> = HashMap::new();
    for f in findings.iter_mut().filter(|f| f.kind == Kind::Model) {
        let Some(prefix) = f
            .provider
            .as_deref()
            .and_then(|p| catalog.provider(p))
            .and_then(|p| p.model_prefix.as_deref())
        else {
            continue;
        };
        if let Some(rest) = f.id.strip_prefix(prefix)
            && !rest.is_empty()
        {
            let old = f.key();
            f.id = rest.to_string();
            renamed.insert(old, f.key());
        }
    }
    if renamed.is_empty() {
        return;
    }
    for f in findings.iter_mut() {
        for key in f.links.iter_mut().chain(f.base_models.iter_mut()) {
            if let Some(new) = renamed.get(key.as_str()) {
                key.clone_from(new);
            }
        }
    }
}
