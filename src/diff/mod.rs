//! The diff stage: two inventories compared by stable identity key, never by
//! array order or bom-ref. A component is added only if the base has it
//! nowhere, removed only if the head has it nowhere; a move, a rename or a
//! second call site is not a change. Changes are field-level.
//!
//! Tests are not what the code runs: an AI component the base had only in
//! tests and the head has in code is added (a denied model moved from a test
//! into the code is judged like a new one), and one the head keeps only in
//! tests is removed (a registry entry dropped while a test still lists it).
//!
//! An endpoint respelled in one file (a full request path cut back to its
//! base URL) is a changed `endpoint`, not a service removed and one added.
//!
//! A model that only left (or reached) the files the scan parsed, while a
//! file over the parse limit names it, is neither removed nor added.
//!
//! A place that switched from one model to another while both stay in use
//! elsewhere (a default changed) is a [`Switch`].

mod lines;
mod read;
mod respelled;
mod switch;
mod unparsed;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

pub use lines::{AddedLines, MAX_DIFFED, Trees, added_lines};
pub use read::inventory_from_bom;
pub use switch::Switch;
pub use unparsed::drop_still_named;

use crate::bom::{Inventory, Item};
use crate::vocab::{Kind, attr};

/// A field that changed on a component present on both sides.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FieldChange {
    /// Identity key.
    pub identity: String,
    /// Kind.
    pub kind: Kind,
    /// Id (package name, path, model id, …).
    pub id: String,
    /// Field (`version`, `license`, `sha256`, `revision`, `base_model`).
    pub field: String,
    /// Value in the base.
    pub from: String,
    /// Value in the head.
    pub to: String,
}

/// What changed between two inventories.
#[derive(Debug, Clone, Default)]
pub struct Diff {
    /// Items only the head has (one per inventory key).
    pub added: Vec<Item>,
    /// Items only the base has.
    pub removed: Vec<Item>,
    /// Field changes of items on both sides.
    pub changed: Vec<FieldChange>,
    /// Places whose model changed between two ids both sides use.
    pub switched: Vec<Switch>,
}

impl Diff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.switched.is_empty()
    }
}

fn by_identity(inv: &Inventory) -> BTreeMap<&str, Vec<&Item>> {
    let mut m: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
    for item in inv.items.values() {
        m.entry(item.identity.as_str()).or_default().push(item);
    }
    m
}

/// Compares two inventories.
pub fn diff(base: &Inventory, head: &Inventory) -> Diff {
    let b = by_identity(base);
    let h = by_identity(head);
    let mut out = Diff::default();
    let mut both = BTreeSet::new();
    for (identity, items) in &h {
        match b.get(identity) {
            None => out.added.extend(items.iter().map(|i| code_first(i))),
            Some(base_items) => match (in_code(base_items), in_code(items)) {
                (false, true) => out.added.extend(items.iter().map(|i| code_first(i))),
                (true, false) => out.removed.extend(base_items.iter().map(|i| code_first(i))),
                (true, true) => {
                    both.insert(*identity);
                    out.changed.extend(changes(base_items, items));
                }
                (false, false) => out.changed.extend(changes(base_items, items)),
            },
        }
    }
    out.switched = switch::switches(base, head, &both);
    for (identity, items) in &b {
        if !h.contains_key(identity) {
            out.removed.extend(items.iter().map(|i| code_first(i)));
        }
    }
    respelled::drop_recased(&mut out.added, &mut out.removed);
    let respelled = respelled::pair(&mut out.added, &mut out.removed);
    out.changed.extend(respelled);
    out.changed.sort();
    out
}

/// Whether an AI component is seen outside tests. Packages are always "in
/// code" here: a dependency's scope is its manifest's business, not ours.
fn in_code(items: &[&Item]) -> bool {
    items
        .iter()
        .any(|i| i.kind == Kind::Library || !i.test_only)
}

/// The item with its evidence outside test paths first, so the line a report
/// shows for a component is the code's (pydantic-ai 4e2771c66's MiniMax
/// endpoint showed a test's `monkeypatch.setenv` before eight workflows).
fn code_first(item: &Item) -> Item {
    let mut item = item.clone();
    item.evidence
        .sort_by_key(|e| crate::scan::file::is_test_path(&e.file));
    item
}

/// Field-level changes of one identity (several items when a package has several versions).
fn changes(base: &[&Item], head: &[&Item]) -> Vec<FieldChange> {
    let first = head[0];
    let mut out = Vec::new();
    let mut push = |field: &str, from: String, to: String| {
        if from != to {
            out.push(FieldChange {
                identity: first.identity.clone(),
                kind: first.kind,
                id: first.id.clone(),
                field: field.to_string(),
                from,
                to,
            });
        }
    };
    let values = |items: &[&Item], name: &str| -> String {
        let set: BTreeSet<&str> = items
            .iter()
            .filter_map(|i| i.attrs.get(name).map(String::as_str))
            .collect();
        set.into_iter().collect::<Vec<_>>().join(", ")
    };
    match first.kind {
        Kind::Library => push(
            "version",
            values(base, attr::VERSION),
            values(head, attr::VERSION),
        ),
        Kind::HubModel | Kind::Dataset => push(
            "revision",
            values(base, attr::REVISION),
            values(head, attr::REVISION),
        ),
        Kind::WeightFile => push(
            "sha256",
            values(base, attr::SHA256),
            values(head, attr::SHA256),
        ),
        Kind::FineTunedModel => {
            let bases = |items: &[&Item]| -> String {
                let set: BTreeSet<&str> = items
                    .iter()
                    .flat_map(|i| i.base_models.iter().map(String::as_str))
                    .collect();
                set.into_iter().collect::<Vec<_>>().join(", ")
            };
            push("base_model", bases(base), bases(head));
        }
        Kind::Service => push(
            "endpoint",
            values(base, attr::ENDPOINT),
            values(head, attr::ENDPOINT),
        ),
        Kind::Model | Kind::EnvVar => {}
    }
    // A licence learned for a version that did not change (a lockfile
    // regenerated with licence data, a registry answering now) is no change.
    let versioned = |items: &[&Item]| {
        [attr::VERSION, attr::REVISION, attr::SHA256]
            .map(|k| values(items, k))
            .join("\u{0}")
    };
    let (from, to) = (values(base, attr::LICENSE), values(head, attr::LICENSE));
    if !(from.is_empty() && versioned(base) == versioned(head)) {
        push("license", from, to);
    }
    out
}
