//! The value-based detector: a model id is found wherever the code keeps it
//! (request objects built apart from the call, enums and constant tables,
//! settings defaults, alias maps, `switch` arms, registration loops), not only
//! where it reaches an SDK call's argument list.
//!
//! A string literal is a model when its whole value is an id of one of the
//! catalog's model-id families and the file is bound to AI: it imports an AI
//! SDK or framework, names an AI host, reads an AI variable or calls a model —
//! or, failing that, another file of its directory does (a registry such as
//! `lib/ai/models.ts` beside the `providers.ts` that imports the SDK). The
//! directory tie is settled after the scan by [`resolve`]. Prose never counts:
//! comments and docstrings are not literals, messages (log, print, exception)
//! are marked by the extractors, and values of label keys (`displayName`) are
//! labels. Short, generic ids (`llama3`, `mistral`) count only through a
//! client of the family's tie (Ollama, LiteLLM) imported in the same file.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::facts::{Entry, Expr, FileFacts, StrLit};
use super::shape::{could_be_listed, is_id_shape, says_model};
use crate::catalog::Catalog;
use crate::vocab::{Evidence, Finding, Kind, Mark, attr};

/// Ids this short (`o3`) need the family provider's SDK in the file.
const SHORT_ID: usize = 3;

/// The technique of a value-found model.
pub const TECHNIQUE: &str = "value-analysis";

/// Model ids among `facts`' string literals, skipping ids `found` (the call
/// rules' findings of the same file) already reports on the same line.
pub fn detect(
    cat: &Catalog,
    facts: &FileFacts,
    path: &str,
    found: &[Finding],
    ties: &BTreeSet<String>,
) -> Vec<Finding> {
    let bound = !ties.is_empty() || is_bound(cat, facts, found) || cat.names_ai_in_file_name(path);
    let seen: HashSet<(&str, u32)> = found
        .iter()
        .filter(|f| f.kind == Kind::Model)
        .filter_map(|f| Some((f.id.as_str(), f.evidence.line?)))
        .collect();
    let mut out = Vec::new();
    let mut made: HashSet<(String, u32)> = HashSet::new();
    let aliases = alias_keys(cat, facts, ties);
    for (at, s) in facts.strings.iter().enumerate() {
        if s.in_message
            || aliases.contains(&at)
            || s.key.as_deref().is_some_and(|k| cat.is_label_key(k))
            || !is_id_shape(&s.value)
            || seen.contains(&(s.value.as_str(), s.line))
            || is_handle(cat, facts, s)
            || in_pattern_list(s)
            || names_provider(s)
        {
            continue;
        }
        // An entry's `provider` field ties its own values to that provider
        // (`{ provider: "groq", model: "llama-3.3-70b-versatile" }`).
        let served = entry_provider(cat, facts, s);
        let entry_ties;
        let ties = match served {
            Some(p) if !ties.contains(p) => {
                entry_ties = ties.iter().cloned().chain([p.to_string()]).collect();
                &entry_ties
            }
            _ => ties,
        };
        // ... and binds them: it is configuration of that provider's model.
        let bound = bound || served.is_some() || says_it_is_a_model(cat, s) || s.in_model_enum;
        let Some((provider, id)) = family_model(cat, &s.value, ties)
            .map(|(p, id)| {
                // A vendor's own model (`google/gemini-…` read as Google's) keeps it.
                let host = (id == s.value).then(|| entry_host(cat, facts, s, ties));
                let p = host.flatten().unwrap_or(p);
                // Open weights in a list named for one of their hosts
                // (`siliconflowModels`) are that host's.
                (listed_host(cat, s).map_or(p, str::to_string), id)
            })
            .or_else(|| bound.then(|| default_model(cat, facts, s, ties)).flatten())
            .map(|found| served_by(served, s, found))
        else {
            continue;
        };
        if seen.contains(&(id.as_str(), s.line)) || !made.insert((id.clone(), s.line)) {
            continue;
        }
        let mut ev = Evidence::at(path, s.line, s.column);
        ev.symbol = Some(match &s.key {
            Some(k) => format!("{k}: model id"),
            None => "model id".to_string(),
        });
        out.push(value_model(ev, provider, id, bound));
    }
    out.extend(listed_models(
        cat, facts, path, ties, bound, &seen, &mut made,
    ));
    out.extend(base_url_services(cat, facts, path, bound));
    for s in facts.strings.iter().filter(|s| !s.in_message) {
        if let Some(f) = hub_download(path, s) {
            out.push(f);
        }
    }
    for r in facts.paths.iter().filter(|r| !r.in_message) {
        let Some((provider, id)) = cat.model_constant(&r.path) else {
            continue;
        };
        if seen.contains(&(id, r.line)) || !made.insert((id.to_string(), r.line)) {
            continue;
        }
        let mut ev = Evidence::at(path, r.line, r.column);
        ev.symbol = Some(format!("{}: SDK constant", r.path.join(".")));
        out.push(value_model(ev, provider.to_string(), id.to_string(), bound));
    }
    out
}

/// The literals (by index) that are the keys of an entry whose value is a
/// family's id: `"claude-opus-latest": "claude-opus-4-20250514"` in an alias
/// map (mcphost's `aliasMap`) names what a user types, and the value is the
/// model sent. A key is the literal just before the value on its line whose
/// text ends in the key the value was read under (`…latest` of `"…latest":`),
/// so a call's argument before a keyed value (`pick("a", {Model: "b"})`) is not.
fn alias_keys(cat: &Catalog, facts: &FileFacts, ties: &BTreeSet<String>) -> HashSet<usize> {
    let mut out = HashSet::new();
    for (at, pair) in facts.strings.windows(2).enumerate() {
        let (key, value) = (&pair[0], &pair[1]);
        let Some(k) = value.key.as_deref() else {
            continue;
        };
        // `"model": "gpt-4o"` is the common case and no alias: the key
        // literal is the key itself. Only a longer one (`…-latest`) may be.
        if key.line == value.line
            && key.byte < value.byte
            && !k.is_empty()
            && key.value.len() > k.len()
            && key.value.ends_with(k)
            && is_id_shape(&key.value)
            && family_model(cat, &value.value, ties).is_some()
        {
            out.insert(at);
        }
    }
    out
}

/// Members of a model list (a union type, array, enum or loop whose name names
/// models; see [`super::syntax::Src::model_list`]) that no family knows, in a
/// list where at least one member is a family's id: the list says what they are
/// (`'deepseek-v4-flash-vision-exp'` beside `'deepseek-chat'` in
/// `DeepSeekChatModelId`, `'tencent/hy-mt2-lite'` in a gateway's model ids).
/// A vendor-prefixed member names its vendor; a bare one takes the provider
/// most of the list's family ids have.
fn listed_models(
    cat: &Catalog,
    facts: &FileFacts,
    path: &str,
    ties: &BTreeSet<String>,
    bound: bool,
    seen: &HashSet<(&str, u32)>,
    made: &mut HashSet<(String, u32)>,
) -> Vec<Finding> {
    let mut lists: BTreeMap<u32, Vec<&StrLit>> = BTreeMap::new();
    for s in &facts.strings {
        if let Some((at, _)) = &s.list {
            lists.entry(*at).or_default().push(s);
        }
    }
    let mut out = Vec::new();
    for members in lists
        .values()
        .filter(|m| !m.first().is_some_and(|s| in_pattern_list(s)))
    {
        // Each member's family provider, if it has one.
        let families: Vec<Option<String>> = members
            .iter()
            .map(|s| family_model(cat, &s.value, ties).map(|(p, _)| p))
            .collect();
        let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
        for p in families.iter().flatten() {
            *votes.entry(p.as_str()).or_default() += 1;
        }
        // The most common provider; the first by name among equals.
        let Some(majority) = votes
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(p, _)| p.to_string())
        else {
            continue;
        };
        // A vendor's family names most of its models by a few stems
        // (`claude-…`); a host's list (Groq's, Ollama's) holds many vendors'
        // ids. A bare member of another stem is the vendor's only in a file
        // that uses the vendor (`sora-2` beside `gpt-image-1` where OpenAI is
        // imported) or is the vendor's own, not in a table that merely lists
        // it beside the vendor's ids (browser-use's own `bu-2-0` in a price
        // table of Claude models).
        let hosted = members.iter().zip(&families).any(|(s, family)| {
            family.as_deref() == Some(majority.as_str())
                && cat
                    .model_family(&s.value)
                    .is_some_and(|f| !f.tie.is_empty())
        });
        // A provider's own package names it in its path
        // (`google-language-model-options.ts`, `groq-chat-options.ts`): its
        // list holds its new stems, and the ids it serves are its own.
        // So does a list named for its provider (NextChat's `siliconflowModels`
        // of `Qwen/…` and `deepseek-ai/…` ids, all served by SiliconFlow).
        let list_name = members
            .first()
            .and_then(|s| s.list.as_ref())
            .map_or("", |(_, name)| name.as_str());
        let owner =
            list_owner(cat, list_name).or_else(|| cat.provider_named_by_path(path, &majority));
        let foreign_ok = hosted || ties.contains(&majority) || owner.is_some();
        // A list whose family ids are three or more vendors' and that no
        // provider owns is a gateway's (NextChat's `ai302Models`): the most
        // common vendor serves none of its other ids. A member takes the
        // vendor of the family ids sharing its first word, or none.
        let gateway = owner.is_none() && votes.len() >= 3;
        let majority = owner.map_or(majority.clone(), str::to_string);
        // The first word of the family ids (`gpt` of `gpt-4o`): a member with
        // no digit is a model only when it shares one (`gpt-realtime-mini`
        // beside `gpt-4o`, not `custom` beside it).
        let mut stems: BTreeMap<&str, &str> = BTreeMap::new();
        for (s, family) in members.iter().zip(&families) {
            if let (Some(p), Some((stem, _))) = (family, s.value.split_once('-')) {
                stems.entry(stem).or_insert(p.as_str());
            }
        }
        for (s, family) in members.iter().zip(&families) {
            let has_digit = s.value.bytes().any(|b| b.is_ascii_digit());
            let stem_vendor = s
                .value
                .split_once('-')
                .and_then(|(stem, _)| stems.get(stem).copied());
            let stemmed = stem_vendor.is_some();
            // `cohere/command`, `groq:gemma2-9b-it`: the member names its
            // provider. A lone word after it is an alias the project made
            // (`anthropic:opus`, `openai:dalle`), not one of its ids.
            let routed = routed(cat, &s.value).is_some_and(|(provider, rest)| {
                rest.contains(['-', '/', '.'])
                    || rest.bytes().any(|b| b.is_ascii_digit())
                    || cat.provider_for_model(rest) == Some(provider)
            });
            let vendor_slug = s.value.contains('/');
            if s.in_message
                || s.key.as_deref().is_some_and(|k| cat.is_label_key(k))
                || !could_be_listed(&s.value)
                || !(has_digit || stemmed || routed)
                || family.is_some()
                || seen.contains(&(s.value.as_str(), s.line))
            {
                continue;
            }
            // Looked up only for members the cheap tests kept: it walks the
            // file's entries, and a generated table has thousands of both.
            let registry = registry_provider(cat, facts, s);
            // `llama3.1` beside `mistral-nemo`: a tied family's id (Ollama's)
            // in a file without its tie is no other vendor's, unless an
            // entry of a providers table says who serves it.
            let tied_elsewhere = || {
                cat.model_family(&s.value)
                    .is_some_and(|f| !f.tie.is_empty())
            };
            if !(stemmed || routed || vendor_slug || foreign_ok || registry.is_some())
                || (gateway && !(stemmed || routed || vendor_slug || registry.is_some()))
                || (registry.is_none() && tied_elsewhere())
                || is_handle(cat, facts, s)
            {
                continue;
            }
            // A provider's entry in a table of providers (`{ID: "cloudflare-workers-ai",
            // Models: …}`) serves its list's ids no family knows; the
            // majority of a list that holds many vendors' ids does not.
            let found = match registry {
                // `openrouter/horizon-alpha` in OpenRouter's own entry.
                Some(served) => match self::routed(cat, &s.value) {
                    Some((p, rest)) if p == served => (p.to_string(), rest.to_string()),
                    _ => (served.to_string(), s.value.clone()),
                },
                None => {
                    let serves = match stem_vendor {
                        Some(vendor) if gateway => vendor,
                        _ => majority.as_str(),
                    };
                    listed_model(cat, &s.value, serves, ties)
                }
            };
            let (provider, id) = served_by(entry_provider(cat, facts, s), s, found);
            if !made.insert((id.clone(), s.line)) {
                continue;
            }
            let mut ev = Evidence::at(path, s.line, s.column);
            let list = s.list.as_ref().map_or("", |(_, name)| name.as_str());
            ev.symbol = Some(format!("{list}: listed model id"));
            out.push(value_model(ev, provider, id, bound));
        }
    }
    out
}

/// The host a list of open weights is named for: the provider its name
/// begins with, when the literal's family is served through it.
fn listed_host<'c>(cat: &'c Catalog, s: &StrLit) -> Option<&'c str> {
    let owner = list_owner(cat, &s.list.as_ref()?.1)?;
    cat.model_family(&s.value)?
        .tie
        .iter()
        .any(|t| t == owner)
        .then_some(owner)
}

/// The provider a list's name begins with (`siliconflowModels`,
/// `GROQ_MODELS`, `anthropicModels`), case and separators aside.
fn list_owner<'c>(cat: &'c Catalog, name: &str) -> Option<&'c str> {
    let words = words_of(name);
    (1..words.len().min(NAME_WORDS + 1))
        .rev()
        .find_map(|k| cat.provider_by_loose_name(&words[..k].concat()))
}

/// Whether `s` is the value of a `provider` field (`provider: "mistral"`):
/// it names who serves an entry's model, never the model.
fn names_provider(s: &StrLit) -> bool {
    s.key
        .as_deref()
        .is_some_and(|k| k.eq_ignore_ascii_case("provider"))
}

/// Whether `s` is a member of a list of name patterns (`supportedPrefixes`):
/// a prefix or fragment a model's name is tested against, not an id.
fn in_pattern_list(s: &StrLit) -> bool {
    s.list
        .as_ref()
        .is_some_and(|(_, name)| super::syntax::names_pattern_list(name))
}

/// Whether `s` is the project's own handle for a model (plandex's
/// `ModelTag: "qwen/qwen3-8b-local"`): a value of a handle key in an entry
/// that names some other value under a model key, itself or in an entry
/// inside it (`Providers: [{…, ModelName: "ollama_chat/qwen3:8b"}]`).
fn is_handle(cat: &Catalog, facts: &FileFacts, s: &StrLit) -> bool {
    let (Some(key), Some(entry)) = (s.key.as_deref(), s.entry) else {
        return false;
    };
    let Some(entry) = facts.entries.get(entry).filter(|_| cat.is_handle_key(key)) else {
        return false;
    };
    facts.strings.iter().any(|t| {
        t.value != s.value
            && entry.spans(t.byte)
            && t.key.as_deref().is_some_and(|k| cat.is_model_arg(k))
    })
}

/// The provider the innermost entry around `s` names in its own `provider`
/// field (`{Provider: ModelProviderOpenRouter, ModelName: "qwen/qwen3-32b"}`).
fn entry_provider<'c>(cat: &'c Catalog, facts: &FileFacts, s: &StrLit) -> Option<&'c str> {
    innermost_named(cat, facts, s, |e| e.provider.as_deref())
}

/// The provider whose entry in a table of providers (an `id` beside a
/// `models` field) holds the literal: the smallest such entry around it.
fn registry_provider<'c>(cat: &'c Catalog, facts: &FileFacts, s: &StrLit) -> Option<&'c str> {
    innermost_named(cat, facts, s, |e| e.registry.as_deref())
}

/// The provider named by `field` of the smallest entry around `s` that has it.
fn innermost_named<'c>(
    cat: &'c Catalog,
    facts: &FileFacts,
    s: &StrLit,
    field: impl Fn(&Entry) -> Option<&str>,
) -> Option<&'c str> {
    facts
        .entries
        .iter()
        .filter(|e| e.spans(s.byte))
        .filter_map(|e| Some((e.end - e.start, field(e)?)))
        .min_by_key(|(len, _)| *len)
        .and_then(|(_, text)| provider_named(cat, text))
}

/// A found model as its entry says it is served: an entry naming another
/// provider than the id's sends the whole value to that provider
/// (`qwen/qwen3-32b` through OpenRouter, `gpt-4.1` through Azure).
fn served_by(
    served: Option<&str>,
    s: &StrLit,
    (provider, id): (String, String),
) -> (String, String) {
    match served {
        Some(entry) if entry != provider => (entry.to_string(), s.value.clone()),
        _ => (provider, id),
    }
}

/// The provider a `provider` field's value names, as a string
/// (`"openrouter"`, `"google-vertex"`) or a constant (`ModelProviderOpenRouter`,
/// `Provider.AZURE_OPENAI`, `shared.ModelProviderOpenAI`): its last words,
/// longest first, that a router alias or provider id is, case and
/// separators aside.
fn provider_named<'c>(cat: &'c Catalog, text: &str) -> Option<&'c str> {
    let last = text.rsplit(['.', ':']).next().unwrap_or(text);
    let words = words_of(last);
    (1..=words.len().min(NAME_WORDS))
        .rev()
        .find_map(|k| cat.provider_by_loose_name(&words[words.len() - k..].concat()))
}

/// How many of a constant's last words may name its provider
/// (`Azure Open AI` of `ModelProviderAzureOpenAI`).
const NAME_WORDS: usize = 4;

/// An identifier's words: split at `_`, `-` and case changes
/// (`ModelProviderOpenAIResponses` → `Model Provider Open AI Responses`).
fn words_of(name: &str) -> Vec<&str> {
    let b = name.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..b.len() {
        if matches!(b[i], b'_' | b'-') {
            if start < i {
                out.push(&name[start..i]);
            }
            start = i + 1;
            continue;
        }
        let upper = b[i].is_ascii_uppercase();
        let after_lower = i > 0 && (b[i - 1].is_ascii_lowercase() || b[i - 1].is_ascii_digit());
        let acronym_end = i > 0
            && b[i - 1].is_ascii_uppercase()
            && b.get(i + 1).is_some_and(u8::is_ascii_lowercase);
        if upper && i > start && (after_lower || acronym_end) {
            out.push(&name[start..i]);
            start = i;
        }
    }
    if start < b.len() {
        out.push(&name[start..]);
    }
    out
}

/// A default model's id no family knows (`defaultModelId: "sakana-namazu"`),
/// with the provider of the one AI provider the file is tied to, or the
/// vendor its slug names; none when the file ties to several.
fn default_model(
    cat: &Catalog,
    facts: &FileFacts,
    s: &StrLit,
    ties: &BTreeSet<String>,
) -> Option<(String, String)> {
    let key = s.key.as_deref()?;
    let value = s.value.as_str();
    let named = cat.is_default_model_key(key)
        && could_be_listed(value)
        && value.bytes().any(|b| b.is_ascii_digit() || b == b'-');
    if !named {
        return None;
    }
    // A vendor's slug (`moonshotai/orbit-2`) is the vendor's model, as a
    // list member's is.
    if let Some((prefix, rest)) = value.split_once('/')
        && !rest.contains('/')
        && let Some(vendor) = cat.router_alias(prefix)
    {
        return Some((vendor.to_string(), rest.to_string()));
    }
    let provider = match ties.len() {
        1 => ties.first()?.clone(),
        _ => nearest_host(cat, facts, s.line),
    };
    Some((provider, value.to_string()))
}

/// Lines an entry's URL may sit from its model id (`defaultModelId` and
/// `baseUrl` of one entry of a provider table).
const ENTRY_LINES: u32 = 10;

/// The host serving a hosted open-weight id (`Qwen/Qwen3.8-27B`) in a file
/// that names several of its family's hosts (cline's table of providers,
/// each entry with its own `baseUrl`): the provider of the URL nearest the id,
/// `openai-compatible` for a host the catalog does not know. None where the
/// file names at most one such host, so the family's tie decides.
fn entry_host(
    cat: &Catalog,
    facts: &FileFacts,
    s: &StrLit,
    ties: &BTreeSet<String>,
) -> Option<String> {
    let fam = cat.model_family(&s.value)?;
    if fam.tie.iter().filter(|t| ties.contains(*t)).count() < 2 {
        return None;
    }
    Some(nearest_host(cat, facts, s.line))
}

/// The provider of the URL literal nearest `line`, within [`ENTRY_LINES`];
/// `openai-compatible` when that host is unknown or no URL is that near.
fn nearest_host(cat: &Catalog, facts: &FileFacts, line: u32) -> String {
    facts
        .strings
        .iter()
        .filter(|u| u.value.starts_with("http") && u.value.contains("://"))
        .filter(|u| u.line.abs_diff(line) <= ENTRY_LINES)
        .min_by_key(|u| (u.line.abs_diff(line), u.line))
        .and_then(|u| crate::scan::endpoint::classify(cat, &u.value))
        .map_or_else(
            || crate::scan::endpoint::COMPATIBLE.to_string(),
            |ep| ep.provider,
        )
}

/// A file downloaded from a Hugging Face repository by URL
/// (`https://huggingface.co/Mozilla/Meta-Llama-3.1-8B-Instruct-llamafile/resolve/main/….llamafile`,
/// Open Interpreter's llamafile menu): that repository is a hub model (or,
/// under `/datasets/`, a dataset) at the revision the URL names. A page of the
/// site (`/blob/`, `/docs/`) downloads nothing.
fn hub_download(path: &str, s: &StrLit) -> Option<Finding> {
    let rest = s.value.strip_prefix("https://huggingface.co/")?;
    let (kind, rest) = match rest.strip_prefix("datasets/") {
        Some(r) => (Kind::Dataset, r),
        None => (Kind::HubModel, rest),
    };
    let mut parts = rest.split('/');
    let (org, repo, verb, rev) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let name_ok = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    let file = parts.next_back().unwrap_or("");
    let file = file
        .split(['?', '#'])
        .next()
        .unwrap_or(file)
        .to_ascii_lowercase();
    // A picture or page kept in a repository (`documentation-images`) is an asset.
    const ASSETS: &[&str] = &[
        ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico", ".mp4", ".webm", ".html", ".css",
    ];
    if verb != "resolve"
        || !name_ok(org)
        || !name_ok(repo)
        || !name_ok(rev)
        || file.is_empty()
        || ASSETS.iter().any(|e| file.ends_with(e))
    {
        return None;
    }
    let mut ev = Evidence::at(path, s.line, s.column);
    ev.symbol = Some("download URL".into());
    let pinned = crate::vocab::is_commit(rev);
    let revision = if pinned {
        rev.to_ascii_lowercase()
    } else {
        rev.to_string()
    };
    Some(
        Finding::new(
            kind,
            format!("{org}/{repo}"),
            Some("huggingface".into()),
            ev,
        )
        .with_attr(attr::REVISION, revision)
        .with_attr(attr::PINNED, pinned.to_string()),
    )
}

/// The provider a value's first prefix names (`openrouter/`, `cohere:`) and
/// the rest after it: the one reader of a router's or host's prefix.
fn route<'c, 'v>(cat: &'c Catalog, value: &'v str) -> Option<(&'c str, &'v str)> {
    let (prefix, rest) = value.split_once(['/', ':'])?;
    Some((cat.router_alias(prefix)?, rest))
}

/// A model list member's [`route`], when what follows the prefix could be a
/// listed id: a router's route to a vendor's slug (`openrouter/openai/gpt-next`),
/// a provider's own id (`cohere/command`, pydantic-ai's
/// `cohere:command-r7b-12-2024`, instructor's
/// `fireworks/accounts/fireworks/models/qwen3-30b-a3b`).
fn routed<'c, 'v>(cat: &'c Catalog, value: &'v str) -> Option<(&'c str, &'v str)> {
    route(cat, value).filter(|(_, rest)| !rest.is_empty() && could_be_listed(rest))
}

/// How many unknown routers' prefixes may stand before a known model
/// (`gateway/google-cloud:gemini-2.5-flash`).
const ROUTE_DEPTH: usize = 3;

/// The provider and id of a model list's member no family knows.
fn listed_model(
    cat: &Catalog,
    value: &str,
    majority: &str,
    ties: &BTreeSet<String>,
) -> (String, String) {
    if let Some((provider, rest)) = routed(cat, value) {
        return (provider.to_string(), rest.to_string());
    }
    let slug = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if let Some(at) = value.find(['/', ':'])
        && slug(&value[..at])
    {
        let (prefix, sep, rest) = (&value[..at], &value[at..=at], &value[at + 1..]);
        // An unknown router's route to a model the catalog knows
        // (pydantic-ai's `gateway/anthropic:claude-haiku-4-5`,
        // `gateway/google-cloud:gemini-2.5-flash`) is that model.
        let mut inner = rest;
        for _ in 0..ROUTE_DEPTH {
            if let Some(found) = family_model(cat, inner, ties) {
                return found;
            }
            if let Some((provider, id)) = routed(cat, inner) {
                return (provider.to_string(), id.to_string());
            }
            match inner.find(['/', ':']) {
                Some(at) if slug(&inner[..at]) => inner = &inner[at + 1..],
                _ => break,
            }
        }
        // `meta-llama/llama-guard-4-12b`: a family's id needing a tie.
        if sep == "/"
            && !rest.contains('/')
            && let Some(fam) = cat.model_family(rest)
        {
            return (fam.provider.clone(), rest.to_string());
        }
        // `crusoe:Qwen/Qwen3-235B`, `fish-audio/s2-pro`: the vendor's own id.
        // After a `:`, a size or `latest` is a local model's tag (`phi4:14b`).
        let tag = rest == "latest" || rest.starts_with(|c: char| c.is_ascii_digit());
        if (sep == "/" && !rest.contains('/')) || (sep == ":" && !tag) {
            return (prefix.to_string(), rest.to_string());
        }
    }
    (majority.to_string(), value.to_string())
}

/// A value-found model at `ev`; one whose file is not `bound` to AI carries
/// the [`Mark::ValueUnbound`] marker for [`resolve`].
pub fn value_model(ev: Evidence, provider: String, id: String, bound: bool) -> Finding {
    let f = Finding::new(Kind::Model, id, Some(provider), ev).with_attr(attr::TECHNIQUE, TECHNIQUE);
    if bound {
        f
    } else {
        f.with_mark(Mark::ValueUnbound, "true")
    }
}

/// AI variables a literal names (`builder.Configuration["ANTHROPIC_API_KEY"]`,
/// `GetValue<string>("OPENAI_API_KEY")`, Spring `@Value("${OPENAI_API_KEY}")`),
/// and models a `${key:default}` default names (`@Value("${app.model:gpt-4o}")`):
/// configuration layers read the environment by name. Reads the extractors
/// already saw (`os.getenv("X")`) are not repeated.
pub fn config_layer_reads(
    cat: &Catalog,
    facts: &FileFacts,
    path: &str,
    ties: &BTreeSet<String>,
) -> Vec<Finding> {
    let read: HashSet<(&str, u32)> = facts
        .env_reads
        .iter()
        .map(|r| (r.name.as_str(), r.line))
        .collect();
    let mut out = Vec::new();
    let mut made = HashSet::new();
    for s in facts.strings.iter().filter(|s| !s.in_message) {
        let v = s.value.as_str();
        let mut names: Vec<&str> = Vec::new();
        let mut defaults: Vec<&str> = Vec::new();
        if is_env_name(v) {
            names.push(v);
        }
        for part in v.split("${").skip(1) {
            let inner = part.split('}').next().unwrap_or("");
            let (key, default) = inner.split_once(':').unwrap_or((inner, ""));
            if is_env_name(key) {
                names.push(key);
            }
            if !default.is_empty() {
                defaults.push(default);
            }
        }
        for name in names {
            let Some(info) = cat.env_var(name) else {
                continue;
            };
            if read.contains(&(name, s.line)) || !made.insert((name.to_string(), s.line)) {
                continue;
            }
            let mut ev = Evidence::at(path, s.line, s.column);
            ev.symbol = Some("configuration".into());
            ev.context = Some(format!("[{name:?}]"));
            out.push(
                Finding::new(Kind::EnvVar, name, info.provider, ev)
                    .with_attr(attr::SENSITIVE, info.sensitive.to_string()),
            );
        }
        for d in defaults {
            if let Some((provider, id)) = family_model(cat, d, ties) {
                let mut ev = Evidence::at(path, s.line, s.column);
                ev.symbol = Some("configuration default".into());
                out.push(value_model(ev, provider, id, true));
            }
        }
    }
    out
}

/// `OPENAI_API_KEY`: upper case, digits and `_`, a letter first.
fn is_env_name(s: &str) -> bool {
    s.len() >= 3
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && s.contains('_')
}

/// The provider and id a literal names through a model-id family: the id
/// itself (`claude-sonnet-4-5`), or a vendor-prefixed slug
/// (`anthropic/claude-haiku-4.5`, `openai:gpt-4o`) whose prefix is a router alias.
pub fn family_model(
    cat: &Catalog,
    value: &str,
    ties: &BTreeSet<String>,
) -> Option<(String, String)> {
    if let Some(found) = family_id(cat, value, ties) {
        return Some(found);
    }
    // A router's variant (`z-ai/glm-5.2:free`) is the family id it is of,
    // served apart: the whole id is the model.
    let base = cat.without_variant(value)?;
    let (provider, id) = family_id(cat, base, ties)?;
    Some((provider, format!("{id}{}", &value[base.len()..])))
}

/// [`family_model`] of an id without a router variant.
fn family_id(cat: &Catalog, value: &str, ties: &BTreeSet<String>) -> Option<(String, String)> {
    // A vendor's slug of its own model (`google/gemini-3.7-flash`) in a file
    // tied to several hosts of open weights (a registry of many gateways):
    // which host serves it is not said, so it is the vendor's model.
    if let Some((prefix, rest)) = value.split_once('/')
        && let Some(provider) = cat.router_alias(prefix)
        && cat
            .model_family(value)
            .is_some_and(|fam| fam.tie.iter().filter(|t| ties.contains(*t)).count() > 1)
        && cat
            .model_family(rest)
            .is_some_and(|fam| fam.tie.is_empty() && fam.provider == provider)
    {
        return Some((provider.to_string(), rest.to_string()));
    }
    if let Some(found) = cat.model_family(value).and_then(|fam| {
        // `o3`: too short to stand alone; the file must use the provider's SDK.
        if value.len() <= SHORT_ID && !ties.contains(&fam.provider) {
            return None;
        }
        let provider = if fam.tie.is_empty() {
            fam.provider.clone()
        } else {
            fam.tie.iter().find(|t| ties.contains(*t))?.clone()
        };
        Some((provider, value.to_string()))
    }) {
        return Some(found);
    }
    let (provider, rest) = route(cat, value)?;
    let Some(fam) = cat.model_family(rest) else {
        // A router's route to a vendor's model (LiteLLM's
        // `openrouter/openai/gpt-5.5`): the router serves the vendor's slug.
        // A local server's `name:size` (LiteLLM's `ollama_chat/devstral:24b`)
        // is that server's model, whatever family its name is of.
        return (vendor_slug_family(cat, rest) || local_sized_tag(cat, provider, rest))
            .then(|| (provider.to_string(), rest.to_string()));
    };
    // A prefixed short id (`ollama/llama3`) names its provider outright.
    (fam.tie.is_empty() || fam.tie.iter().any(|t| t == provider))
        .then(|| (provider.to_string(), rest.to_string()))
}

/// Whether `id` is a local server's model with a size tag (`devstral:24b`,
/// `all-minilm:22m`, `qwen2.5:1.5b-instruct`): an image's version
/// (`ollama:0.5.7`) and `latest` are not sizes, and the server is no model of its own.
fn local_sized_tag(cat: &Catalog, provider: &str, id: &str) -> bool {
    let Some((name, tag)) = id.split_once(':') else {
        return false;
    };
    let digits = tag
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let sized = digits > 0
        && matches!(tag.as_bytes().get(digits), Some(b'b' | b'm' | b'B' | b'M'))
        && matches!(tag.as_bytes().get(digits + 1), None | Some(b'-' | b'_'));
    sized
        && name != provider
        && !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._".contains(&b))
        && cat.provider(provider).is_some_and(|p| p.local)
}

/// Whether `slug` is a vendor-prefixed family id (`openai/gpt-5.5`,
/// `anthropic/claude-opus-4.7`) whose id needs no stronger tie.
fn vendor_slug_family(cat: &Catalog, slug: &str) -> bool {
    slug.split_once('/').is_some_and(|(vendor, id)| {
        cat.router_alias(vendor).is_some()
            && cat
                .model_family(id)
                .is_some_and(|fam| fam.tie.is_empty() && id.len() > SHORT_ID)
    })
}

/// Whether a literal is an id of some model-id family, with or without the
/// ties it would need: the cheap test of whether a file may hold a model list.
pub fn might_be_family(cat: &Catalog, value: &str) -> bool {
    let base = cat.without_variant(value).unwrap_or(value);
    cat.model_family(base).is_some()
        || route(cat, base).is_some_and(|(_, rest)| {
            cat.model_family(rest).is_some() || vendor_slug_family(cat, rest)
        })
}

/// Providers whose SDK the file imports or whose service it calls, whose
/// package its own or its folder's name is, or whose program it runs: the
/// stronger tie short ids need.
pub fn tied_providers(
    cat: &Catalog,
    facts: &FileFacts,
    found: &[Finding],
    path: &str,
) -> BTreeSet<String> {
    let mut ties: BTreeSet<String> = facts
        .imports
        .iter()
        .filter_map(|i| i.sdk(cat))
        .map(|s| s.provider.clone())
        .collect();
    // A provider's own package (CodeGPT's `groq/model.go`) holds its ids.
    ties.extend(cat.provider_named_by_file(path).map(str::to_string));
    // So does a file that runs the provider's program
    // (`subprocess.run(["ollama", "pull", model])`).
    // The program is looked up first: it is cheap, and most calls name none,
    // so the callee's dotted path is joined only for the few that do.
    ties.extend(
        facts
            .calls
            .iter()
            .filter_map(|c| Some((c, cat.provider_for_command(run_program(c.args.first()?)?)?)))
            .filter(|(c, _)| cat.is_process_call(&c.path().join(".")))
            .map(|(_, provider)| provider.to_string()),
    );
    ties.extend(
        found
            .iter()
            .filter(|f| matches!(f.kind, Kind::Service | Kind::Model))
            .filter_map(|f| f.provider.clone()),
    );
    ties
}

/// The program a process call's first argument runs: the first word of a
/// command line, or the first element of an argument list, without its
/// directory (`/usr/local/bin/ollama`).
fn run_program(arg: &Expr) -> Option<&str> {
    let line = match arg {
        Expr::Str(s) => s.as_str(),
        Expr::List(items) => match items.first()? {
            Expr::Str(s) => s.as_str(),
            _ => return None,
        },
        _ => return None,
    };
    let first = line.split_whitespace().next()?;
    Some(first.rsplit('/').next().unwrap_or(first))
}

/// Whether the file is bound to AI by itself: an AI framework import, or a
/// finding of the call rules (an AI host, an AI variable, a model call).
fn is_bound(cat: &Catalog, facts: &FileFacts, found: &[Finding]) -> bool {
    facts.imports.iter().any(|i| cat.is_ai_module(&i.module)) || found.iter().any(|f| binds(f.kind))
}

/// Whether a key holds the root URL of a model API: `baseUrl`, `base_url`,
/// `api_base`, or one ending so (`openAiBaseUrl`, `ollama_base_url`).
fn names_base_url(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    ["baseurl", "base_url", "api_base", "apibase"]
        .iter()
        .any(|end| k.ends_with(end))
}

/// Lines apart a base URL and the model setting beside it may be.
const BESIDE: u32 = 5;

/// Endpoints written under a base-URL key beside a model setting, on a host
/// the catalog does not know (known hosts are found wherever they are
/// written): a provider table's `defaults: { baseUrl:
/// "https://api.arcee.ai/api/v1" }` under its `defaultModelId`, a settings
/// entry's `"base_url"` beside its `"model"`. They are OpenAI-compatible
/// services. Like value-found models, they stand in a file not bound to AI
/// only when its directory is.
fn base_url_services(cat: &Catalog, facts: &FileFacts, path: &str, bound: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for s in facts.strings.iter().filter(|s| {
        !s.in_message && s.value.contains("://") && s.key.as_deref().is_some_and(names_base_url)
    }) {
        let beside_model = facts
            .strings
            .iter()
            .any(|o| o.line.abs_diff(s.line) <= BESIDE && o.key.as_deref().is_some_and(says_model));
        if !beside_model || crate::scan::endpoint::classify(cat, &s.value).is_some() {
            continue;
        }
        let Some(ep) = crate::scan::endpoint::compatible_at(cat, &s.value) else {
            continue;
        };
        let mut ev = Evidence::at(path, s.line, s.column);
        ev.symbol = Some(format!(
            "{}: base URL",
            s.key.as_deref().unwrap_or_default()
        ));
        let f = ep.finding(ev).with_attr(attr::TECHNIQUE, TECHNIQUE);
        out.push(if bound {
            f
        } else {
            f.with_mark(Mark::ValueUnbound, "true")
        });
    }
    out
}

/// A literal that binds itself: an id written with its provider
/// (`"openai:gpt-4o-mini"`, LangChain's and pydantic-ai's spelling) or held
/// by a key naming an LLM (`"FAST_LLM": …`, `smart_llm=`), as a settings
/// table of defaults writes them far from any SDK. A car's `model="gpt-4o"`
/// does neither. (So does a member of a model list, `class ModelType(Enum)`
/// in camel's `types/enums.py`: the list's name says what its ids are.)
fn says_it_is_a_model(cat: &Catalog, s: &StrLit) -> bool {
    let llm_key = s
        .key
        .as_deref()
        .is_some_and(|k| k.len() >= 3 && k.as_bytes()[k.len() - 3..].eq_ignore_ascii_case(b"llm"));
    llm_key
        || s.value
            .split_once(':')
            .is_some_and(|(p, rest)| !rest.is_empty() && cat.router_alias(p).is_some())
}

/// Whether a finding of this kind binds its file (and directory) to AI.
pub fn binds(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Model | Kind::Service | Kind::EnvVar | Kind::HubModel
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_take_whole_ids_only() {
        let c = Catalog::builtin().expect("catalog");
        let none = BTreeSet::new();
        let ok = |v: &str| family_model(&c, v, &none).map(|(p, i)| format!("{p}/{i}"));
        assert_eq!(ok("gpt-4o-mini").as_deref(), Some("openai/gpt-4o-mini"));
        assert_eq!(
            ok("claude-sonnet-4-5").as_deref(),
            Some("anthropic/claude-sonnet-4-5")
        );
        assert_eq!(
            ok("anthropic/claude-haiku-4.5").as_deref(),
            Some("anthropic/claude-haiku-4.5")
        );
        assert_eq!(ok("xai/grok-3-mini").as_deref(), Some("xai/grok-3-mini"));
        assert_eq!(
            ok("anthropic.claude-3-haiku-20240307-v1:0").as_deref(),
            Some("aws-bedrock/anthropic.claude-3-haiku-20240307-v1:0")
        );
        for decoy in [
            "GPT-4o",
            "gpt-2",
            "claude-code",
            "gpt-4o is great",
            "amazon.com",
            "command",
            "o3",
            "gpt",
            "claude",
            "gemini",
            "mistral",
            "llama3",
            "deepseek-coder",
        ] {
            assert_eq!(ok(decoy), None, "{decoy}");
        }
        let ollama: BTreeSet<String> = ["ollama".to_string()].into();
        assert_eq!(
            family_model(&c, "llama3.1:8b", &ollama)
                .map(|(p, _)| p)
                .as_deref(),
            Some("ollama")
        );
        // Ollama's tag of OpenAI's open weights is Ollama's; the bare id is OpenAI's.
        assert_eq!(
            family_model(&c, "gpt-oss:20b", &ollama)
                .map(|(p, _)| p)
                .as_deref(),
            Some("ollama")
        );
        assert_eq!(ok("gpt-oss:20b"), None);
        assert_eq!(ok("gpt-oss-120b").as_deref(), Some("openai/gpt-oss-120b"));
        assert!(!is_id_shape("gpt-4o\\"));
        // A `provider` field's value, as a string or a constant.
        let named = |t: &str| provider_named(&c, t);
        assert_eq!(named("shared.ModelProviderOpenRouter"), Some("openrouter"));
        assert_eq!(named("ModelProviderAzureOpenAI"), Some("azure-openai"));
        assert_eq!(named("Provider.AZURE_OPENAI"), Some("azure-openai"));
        assert_eq!(named("google-vertex"), Some("google"));
        assert_eq!(named("ModelProviderAmazonBedrock"), Some("aws-bedrock"));
        for decoy in [
            "ModelProviderCustom",
            "ModelProviderOpenAIResponses",
            "github",
            "",
        ] {
            assert_eq!(named(decoy), None, "{decoy}");
        }
        assert!(!is_id_shape(""));
        assert!(!is_id_shape("gpt {}"));
    }
}
