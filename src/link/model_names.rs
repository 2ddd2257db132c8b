//! Model names: a model id written with its provider's resource prefix
//! (Gemini's `models/gemini-2.0-flash`, the catalog's `model_prefix`) is the
//! model without it, and one id spelled in two cases (`MiniMax-M3` in a price
//! table, `minimax-m3` in a lower-cased lookup list) is one spelling, so one
//! model is one component however the code names it.

use std::collections::{BTreeMap, HashMap};

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
    respell(findings, &mut renamed);
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

/// Gives every model the spelling its provider's id is written with most
/// often, among the ids equal but for ASCII case (the first in byte order
/// among equals, which puts a vendor's capitals first: `MiniMax-M3`).
fn respell(findings: &mut [Finding], renamed: &mut HashMap<String, String>) {
    // (provider, folded id) → spelling → how often it is written.
    let mut spellings: BTreeMap<(String, String), BTreeMap<String, usize>> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.kind == Kind::Model) {
        let folded = (
            f.provider.clone().unwrap_or_default(),
            f.id.to_ascii_lowercase(),
        );
        *spellings
            .entry(folded)
            .or_default()
            .entry(f.id.clone())
            .or_default() += 1;
    }
    let chosen: HashMap<(String, String), String> = spellings
        .into_iter()
        .filter(|(_, ways)| ways.len() > 1)
        .filter_map(|(folded, ways)| {
            // `max_by_key` keeps the last of equals: walk the ids in reverse
            // byte order so the first of equals wins.
            let best = ways.iter().rev().max_by_key(|(_, n)| **n)?.0.clone();
            Some((folded, best))
        })
        .collect();
    if chosen.is_empty() {
        return;
    }
    for f in findings.iter_mut().filter(|f| f.kind == Kind::Model) {
        let folded = (
            f.provider.clone().unwrap_or_default(),
            f.id.to_ascii_lowercase(),
        );
        if let Some(best) = chosen.get(&folded)
            && *best != f.id
        {
            let old = f.key();
            f.id.clone_from(best);
            // A link to the old spelling, even one renamed above, follows.
            for v in renamed.values_mut().filter(|v| **v == old) {
                *v = f.key();
            }
            renamed.insert(old, f.key());
        }
    }
}
