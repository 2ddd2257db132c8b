//! An endpoint respelled in place: one file's removed service and added
//! service of the same provider on the same host, one path a base of the
//! other (`https://api.mistral.ai/v1/chat/completions` → `https://api.mistral.ai/v1`
//! when the request path moved into a shared client, in the same file or, when
//! nothing else on the host changed, in another). The code calls the same
//! service; the diff reports its `endpoint` changed, not one service removed
//! and another added. A model respelled in another case is no change at all.

use std::collections::BTreeSet;

use super::FieldChange;
use crate::bom::Item;
use crate::vocab::{Kind, attr};

/// Pairs respelled endpoints out of `added` and `removed` into field changes.
pub(super) fn pair(added: &mut Vec<Item>, removed: &mut Vec<Item>) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut taken_added = BTreeSet::new();
    let mut taken_removed = BTreeSet::new();
    for (ri, r) in removed.iter().enumerate() {
        let found = added.iter().enumerate().find(|(ai, a)| {
            !taken_added.contains(ai)
                && same_service(r, a)
                && (shares_file(r, a) || alone_on_host(r, removed, added))
        });
        if let Some((ai, a)) = found {
            taken_added.insert(ai);
            taken_removed.insert(ri);
            let url = |i: &Item| {
                i.attrs
                    .get(attr::ENDPOINT)
                    .cloned()
                    .unwrap_or_else(|| i.id.clone())
            };
            out.push(FieldChange {
                identity: a.identity.clone(),
                kind: Kind::Service,
                id: a.id.clone(),
                field: attr::ENDPOINT.to_string(),
                from: url(r),
                to: url(a),
            });
        }
    }
    drop_taken(added, &taken_added);
    drop_taken(removed, &taken_removed);
    out
}

/// Drops the models removed and added that are one model spelled in another
/// case: a scan names a model by the spelling its tree writes most often
/// (`Kimi-K2-Instruct-0905` in a registry that also writes
/// `kimi-k2-instruct-0905`), and a change that tips the count respells it
/// without adding or removing anything.
pub(super) fn drop_recased(added: &mut Vec<Item>, removed: &mut Vec<Item>) {
    let folded = |i: &Item| (i.provider.clone(), i.id.to_ascii_lowercase());
    let models = |items: &[Item]| -> BTreeSet<(Option<String>, String)> {
        items
            .iter()
            .filter(|i| i.kind == Kind::Model)
            .map(folded)
            .collect()
    };
    let both: BTreeSet<_> = models(added)
        .intersection(&models(removed))
        .cloned()
        .collect();
    if both.is_empty() {
        return;
    }
    let kept = |i: &Item| i.kind != Kind::Model || !both.contains(&folded(i));
    added.retain(kept);
    removed.retain(kept);
}

/// Keeps the items whose index was not taken.
fn drop_taken(items: &mut Vec<Item>, taken: &BTreeSet<usize>) {
    *items = std::mem::take(items)
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| (!taken.contains(&i)).then_some(item))
        .collect();
}

/// Same provider, same scheme-less host, one path a base of the other.
fn same_service(a: &Item, b: &Item) -> bool {
    if a.kind != Kind::Service || b.kind != Kind::Service || a.provider != b.provider {
        return false;
    }
    let ((host_a, path_a), (host_b, path_b)) = (host_path(&a.id), host_path(&b.id));
    host_a == host_b
        && !host_a.contains('*')
        && (based_on(path_a, path_b) || based_on(path_b, path_a))
}

/// A URL's host and path, scheme dropped.
fn host_path(url: &str) -> (&str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or((rest, ""), |i| rest.split_at(i))
}

/// Whether `path` starts with `base`, segment by segment.
fn based_on(path: &str, base: &str) -> bool {
    path.strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Whether `r` is the only removed service on its host and one service was
/// added there: the request moved to another file (shell_gpt's
/// `chat_gpt.py` URL became `config.py`'s `OPENAI_API_HOST` default), and
/// nothing else on the host could be its new spelling.
fn alone_on_host(r: &Item, removed: &[Item], added: &[Item]) -> bool {
    let host = host_path(&r.id).0;
    let on_host = |items: &[Item]| {
        items
            .iter()
            .filter(|i| i.kind == Kind::Service && host_path(&i.id).0 == host)
            .count()
    };
    on_host(removed) == 1 && on_host(added) == 1
}

fn shares_file(a: &Item, b: &Item) -> bool {
    let files: BTreeSet<&str> = a.evidence.iter().map(|e| e.file.as_str()).collect();
    b.evidence.iter().any(|e| files.contains(e.file.as_str()))
}

#[cfg(test)]
mod tests {
    use super::based_on;

    #[test]
    fn a_base_is_a_leading_run_of_segments() {
        assert!(based_on("/v1/chat/completions", "/v1"));
        assert!(based_on("/v1", ""));
        assert!(!based_on("/v10/chat", "/v1"));
        assert!(!based_on("/v1", "/v1/chat"));
    }
}
