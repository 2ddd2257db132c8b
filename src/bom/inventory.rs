//! Findings merged by identity key: one [`Item`] per component, with every
//! place it was seen. This is what the BOM is written from and what diffs compare.

use std::collections::{BTreeMap, BTreeSet};

use crate::link::Linked;
use crate::vocab::{Attrs, Evidence, Finding, Kind, Results, Warning, attr};

/// One component and all its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Inventory key: the identity key, or for packages the versioned purl.
    pub key: String,
    /// Stable identity key (versionless purl for packages); diffs match on it.
    pub identity: String,
    /// Kind.
    pub kind: Kind,
    /// Id as found (model id, path, URL, …).
    pub id: String,
    /// Provider, hub or source.
    pub provider: Option<String>,
    /// Attributes; where two findings disagree, the first in sorted order wins.
    pub attrs: Attrs,
    /// Base models (identity keys).
    pub base_models: BTreeSet<String>,
    /// Identity keys this item depends on.
    pub links: BTreeSet<String>,
    /// Every place it was seen, sorted.
    pub evidence: Vec<Evidence>,
    /// Seen only in test code.
    pub test_only: bool,
}

/// The merged result of a scan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inventory {
    /// Items by identity key.
    pub items: BTreeMap<String, Item>,
    /// Scan warnings.
    pub warnings: Vec<Warning>,
}

impl Inventory {
    /// Merges a linked scan's sealed findings by identity key (the only way
    /// from a scan to an inventory: nothing unredacted or unlinked reaches the
    /// BOM or a report).
    pub fn from_linked(linked: Linked) -> Self {
        let Results { findings, warnings } = linked.into_sealed().into_inner();
        Self::merge(findings, warnings)
    }

    fn merge(findings: Vec<Finding>, warnings: Vec<Warning>) -> Self {
        let mut items: BTreeMap<String, Item> = BTreeMap::new();
        for f in findings {
            let key = f.key();
            let test = f.attrs.get(attr::TEST_ONLY).is_some_and(|v| v == "true");
            let item = items.entry(key.clone()).or_insert_with(|| Item {
                key,
                identity: f.identity(),
                kind: f.kind,
                id: f.id.clone(),
                provider: f.provider.clone(),
                attrs: BTreeMap::new(),
                base_models: BTreeSet::new(),
                links: BTreeSet::new(),
                evidence: Vec::new(),
                test_only: true,
            });
            for (k, v) in f.attrs {
                match k.as_ref() {
                    attr::TEST_ONLY => {}
                    // Direct anywhere is direct; a lockfile's exactness wins over a range.
                    attr::DIRECT | attr::SOURCE | attr::SCOPE
                        if v == "true" || v == "lockfile" || v == "optional" =>
                    {
                        item.attrs.insert(k, v);
                    }
                    _ => {
                        item.attrs.entry(k).or_insert(v);
                    }
                }
            }
            item.base_models.extend(f.base_models);
            item.links.extend(f.links);
            item.evidence.push(f.evidence);
            item.test_only &= test;
        }
        for item in items.values_mut() {
            item.evidence.sort();
            item.evidence.dedup();
            // A hub model pinned anywhere is pinned; an unpinned use elsewhere is still reported.
            if item.kind == Kind::HubModel && item.attrs.contains_key(attr::REVISION) {
                item.attrs.insert(
                    attr::PINNED.into(),
                    crate::vocab::is_commit(&item.attrs[attr::REVISION]).to_string(),
                );
            }
        }
        Inventory { items, warnings }
    }
}
