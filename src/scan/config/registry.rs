//! Provider registries in configuration: a provider's entry with a `models`
//! list (charmbracelet/catwalk's `{"id": "fireworks", "models": [{"id": …}]}`,
//! aichat's `- provider: openrouter` + `models: [- name: …]`, mods'
//! `models:` mapping keyed by id under an entry's `base-url`). A list that
//! holds at least one id of a model-id family is a list of models; its other
//! entries are that provider's models too, whatever their shape
//! (`accounts/fireworks/models/qwen3p8-max`, `k3`), when the entry around the
//! list names a provider the catalog knows by its `provider`, `id` or `name`;
//! an entry whose API URL is a known provider's host needs no family id to be
//! believed. A gateway the catalog does not know is named by its own `id`
//! when it gives a public API URL and its list holds a family id. Otherwise
//! only family ids count (the scalar rule reports those).

use std::collections::HashMap;

use super::tree::{Node, Value, is_placeholder, names_models};
use crate::catalog::Catalog;
use crate::scan::code::values::family_model;
use crate::scan::endpoint;
use crate::vocab::{Evidence, Finding, Kind, Mark, attr};

/// Keys of a list entry that hold the model's id, most specific first:
/// aichat's `real_name` is the model a variant (`…:thinking`) calls; `name`
/// is the id only where no `id` is given (catwalk's `name` is a label).
const ID_KEYS: &[&str] = &["real_name", "id", "model", "model_id", "name"];

/// Keys of the provider entry that may name the provider. Not `type`: in
/// catwalk it is the wire protocol (`"type": "openai"` on a gateway that
/// serves Llama and Qwen), not who serves the models.
const PROVIDER_KEYS: &[&str] = &["provider", "id", "name"];

/// Keys of the provider entry that hold its API's base URL.
const URL_KEYS: &[&str] = &[
    "api_endpoint",
    "base_url",
    "base-url",
    "baseURL",
    "api_base",
    "endpoint",
    "url",
];

/// Keeps, of the model findings of one literal (one id, on one line, under
/// one registry list), the one the provider registry made
/// ([`Mark::RegistryServed`], whose value is the list's or field's path): one literal,
/// one provider, and the list's entry knows who serves it (Claude's
/// `claude-opus-4-1@20250805` under Vertex AI is Google's to serve, not a
/// second Anthropic model). The list's path tells literals apart where a
/// whole catalogue sits on one line (models.dev's minified JSON).
pub fn prefer_served(out: &mut Vec<Finding>, from: usize) {
    let mut served: HashMap<(&str, Option<u32>), Vec<&str>> = HashMap::new();
    for f in &out[from..] {
        if let Some(list) = f.marks.get(&Mark::RegistryServed) {
            served
                .entry((f.id.as_str(), f.evidence.line))
                .or_default()
                .push(list.as_str());
        }
    }
    if served.is_empty() {
        return;
    }
    let replaced: Vec<bool> = out[from..]
        .iter()
        .map(|f| {
            f.kind == Kind::Model
                && !f.marks.contains_key(&Mark::RegistryServed)
                && served
                    .get(&(f.id.as_str(), f.evidence.line))
                    .zip(f.evidence.symbol.as_deref())
                    .is_some_and(|(lists, symbol)| lists.iter().any(|l| under(symbol, l)))
        })
        .collect();
    let tail = out.split_off(from);
    out.extend(
        tail.into_iter()
            .zip(replaced)
            .filter(|(_, gone)| !gone)
            .map(|(mut f, _)| {
                f.marks.remove(&Mark::RegistryServed);
                f
            }),
    );
}

/// Whether a finding's `symbol` (its path in the file) is `path` or under it.
fn under(symbol: &str, path: &str) -> bool {
    symbol
        .strip_prefix(path)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// A model a registry entry serves, at `line` under `symbol`, marked so that
/// [`prefer_served`] drops the scalar rules' reading of the same literal
/// under `mark` (the list's or field's path).
fn served(file: &str, line: u32, symbol: &str, id: &str, provider: &str, mark: &str) -> Finding {
    let mut ev = Evidence::at(file, line, 1);
    ev.symbol = Some(symbol.to_string());
    Finding::new(Kind::Model, id, Some(provider.to_string()), ev)
        .with_attr(attr::TECHNIQUE, "configuration")
        .with_mark(Mark::RegistryServed, mark)
}

/// Whether `id`, a family's plain id in `provider`'s list, is `provider`'s
/// to serve rather than its family's: not a routed slug, not the provider's
/// own family, and the provider no router that passes requests on.
fn serves_family_id(cat: &Catalog, id: &str, family: &str, provider: &str) -> bool {
    !id.contains('/') && family != provider && !cat.is_router(provider)
}

/// `path` and `key`, dotted: where a key sits in the file.
fn dotted(path: &[&str], key: &str) -> String {
    path.iter()
        .copied()
        .chain([key])
        .collect::<Vec<_>>()
        .join(".")
}

/// Reports the models of every provider registry's `models` list in `entries`
/// (the mapping that holds the list) that the family rule does not already.
pub fn scan(
    cat: &Catalog,
    file: &str,
    path: &[&str],
    entries: &[(String, u32, Node)],
    out: &mut Vec<Finding>,
) {
    for (key, _, node) in entries {
        if !names_models(key) {
            continue;
        }
        let ids: Vec<(&str, u32)> = match &node.value {
            Value::Seq(items) => items.iter().filter_map(entry_id).collect(),
            Value::Map(fields) => fields.iter().filter_map(keyed_id).collect(),
            _ => continue,
        };
        let no_ties = Default::default();
        let has_family = ids
            .iter()
            .any(|(id, _)| family_model(cat, id, &no_ties).is_some());
        // The entry's API host is the strongest sign its list is of models;
        // a provider only named needs a family id in the list to say so.
        let served_by = url_provider(cat, entries);
        let provider = match (named_provider(cat, entries), served_by) {
            (Some(named), Some(_)) => named,
            (Some(named), None) if has_family => named,
            (None, Some(host)) => host,
            (None, None) if has_family => match own_provider(entries) {
                Some(own) => own,
                None => continue,
            },
            _ => continue,
        };
        let ties = [provider.clone()].into_iter().collect();
        let list = dotted(path, key);
        let symbol = format!("{list}.[].id");
        // The entry's own fields naming one of its list's ids (crush's
        // `default_small_model_id`) are that list's provider's too.
        for (field, line, node) in entries {
            let Value::Scalar(v) = &node.value else {
                continue;
            };
            let v = v.trim();
            if field == key || !ids.iter().any(|(id, _)| *id == v) {
                continue;
            }
            if family_model(cat, v, &no_ties)
                .is_some_and(|(family, _)| serves_family_id(cat, v, &family, &provider))
            {
                let at = dotted(path, field);
                out.push(served(file, *line, &at, v, &provider, &at));
            }
        }
        for (id, line) in ids {
            // The scalar rules report family ids, routed ones (`x-ai/grok-4`)
            // included; a family tied to this provider (`nvidia/…` through
            // OpenRouter) is this list's to report. A routed slug no family
            // knows (`anthropic/claude-fable-5`) is its prefix's model,
            // whichever gateway lists it. A family's plain id in another
            // provider's list (`deepseek-v3.1` under DashScope, Claude under
            // Vertex AI, DeepSeek under Charm's own gateway) is served by
            // that provider, unless it is a router that passes requests on
            // to the vendor: this finding replaces the scalar rule's.
            if let Some((family, _)) = family_model(cat, id, &no_ties) {
                if serves_family_id(cat, id, &family, &provider) {
                    out.push(served(file, line, &symbol, id, &provider, &list));
                }
                continue;
            }
            let (owner, id) = family_model(cat, id, &ties)
                .or_else(|| routed(cat, id).map(|(p, rest)| (p.to_string(), rest.to_string())))
                .unwrap_or_else(|| (provider.clone(), id.to_string()));
            out.push(served(file, line, &symbol, &id, &owner, &list));
        }
    }
}

/// The id of one list entry, and its line: a mapping's first id key whose
/// value looks like an id (no spaces, no placeholder, no URL).
fn entry_id(item: &Node) -> Option<(&str, u32)> {
    let Value::Map(fields) = &item.value else {
        return None;
    };
    ID_KEYS.iter().find_map(|want| {
        let (_, line, node) = fields.iter().find(|(k, _, _)| k == want)?;
        let Value::Scalar(v) = &node.value else {
            return None;
        };
        let v = v.trim();
        (id_like(v) && !v.starts_with('$')).then_some((v, *line))
    })
}

/// The id of one entry of a `models` mapping keyed by id (mods'
/// `models: {qwen-2.5-coder-32b: {aliases: […]}}`), and its line. Only an
/// entry that is itself a mapping: in an alias map (`{fast: gpt-4o-mini}`)
/// the keys are the project's names and the values are the ids. A key with
/// no digit and no `-./:` (`timeout`, `default`) is a setting's name, not an id.
fn keyed_id((key, line, node): &(String, u32, Node)) -> Option<(&str, u32)> {
    let keyed = id_like(key)
        && key.contains(|c: char| c.is_ascii_digit() || matches!(c, '-' | '.' | '/' | ':'))
        && !key.contains(char::is_whitespace);
    (matches!(node.value, Value::Map(_)) && keyed).then_some((key.as_str(), *line))
}

/// Whether a registry's value or key may be an id: no placeholder, no URL,
/// not overlong.
fn id_like(v: &str) -> bool {
    !is_placeholder(v) && v.len() <= 200 && !v.contains("://")
}

/// The provider a router-prefixed slug (`anthropic/claude-fable-5`) names by
/// its prefix, and the id after it.
fn routed<'i>(cat: &'i Catalog, id: &'i str) -> Option<(&'i str, &'i str)> {
    let (prefix, rest) = id.split_once('/')?;
    let provider = cat.router_alias(prefix)?;
    (!rest.is_empty()).then_some((provider, rest))
}

/// The value of `key` in a mapping, when it is a scalar.
fn scalar<'e>(entries: &'e [(String, u32, Node)], key: &str) -> Option<&'e str> {
    entries.iter().find_map(|(k, _, n)| match &n.value {
        Value::Scalar(v) if k == key => Some(v.trim()),
        _ => None,
    })
}

/// The provider a registry entry names by key.
fn named_provider(cat: &Catalog, entries: &[(String, u32, Node)]) -> Option<String> {
    PROVIDER_KEYS
        .iter()
        .filter_map(|k| scalar(entries, k))
        .find_map(|v| {
            let v = v.to_ascii_lowercase();
            cat.router_alias(&v)
                .map(str::to_string)
                .or_else(|| cat.provider(&v).map(|p| p.id.clone()))
        })
}

/// A gateway the catalog does not know, by its own name (`pioneer`), when
/// the entry also gives its public API URL (`https://api.pioneer.ai/v1`):
/// the models of its list are served there. A loopback or example host is a
/// test's, not a gateway's.
fn own_provider(entries: &[(String, u32, Node)]) -> Option<String> {
    let public_url = URL_KEYS
        .iter()
        .filter_map(|k| scalar(entries, k))
        .any(|url| {
            let Some(rest) = url.strip_prefix("https://") else {
                return false;
            };
            let host = rest.split(['/', ':', '?']).next().unwrap_or("");
            host.contains('.')
                && !host.starts_with("127.")
                && !host.contains("localhost")
                && !host
                    .split('.')
                    .any(|part| part == "example" || part == "test")
        });
    let name = PROVIDER_KEYS.iter().find_map(|k| scalar(entries, k))?;
    let slug = name.len() <= 40
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    (public_url && slug).then(|| name.to_ascii_lowercase())
}

/// The provider whose host serves the entry's API URL.
fn url_provider(cat: &Catalog, entries: &[(String, u32, Node)]) -> Option<String> {
    URL_KEYS
        .iter()
        .filter_map(|k| scalar(entries, k))
        .find_map(|url| endpoint::classify(cat, url))
        .map(|ep| ep.provider)
        .filter(|p| p != "openai-compatible")
}
