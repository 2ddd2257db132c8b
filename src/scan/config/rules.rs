//! Rules over a configuration tree: keys that name models and datasets, AI
//! endpoint URLs, AI environment variables, model-serving containers and AI
//! GitHub Actions. Knowledge comes from the catalog.

use super::command;
use super::tree::{Node, Value, is_placeholder, names_models, path_matches};
use crate::catalog::{Catalog, ConfigValue};
use crate::scan::endpoint;
use crate::scan::lineage::is_hf_id;
use crate::vocab::{Evidence, Finding, Kind, attr, is_commit};

/// Runs every rule over one document.
pub fn scan(cat: &Catalog, file: &str, root: &Node, out: &mut Vec<Finding>) {
    let mut path = Vec::new();
    let from = out.len();
    visit(cat, file, root, &mut path, out, 0);
    super::registry::prefer_served(out, from);
}

fn visit<'n>(
    cat: &Catalog,
    file: &str,
    node: &'n Node,
    path: &mut Vec<&'n str>,
    out: &mut Vec<Finding>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    match &node.value {
        Value::Scalar(s) => scalar(cat, file, path, s, node.line, out),
        Value::Seq(items) => {
            path.push("[]");
            for i in items {
                visit(cat, file, i, path, out, depth + 1);
            }
            path.pop();
        }
        Value::Map(entries) => {
            mapping(cat, file, path, node, entries, out);
            model_keys(cat, file, path, entries, out);
            super::registry::scan(cat, file, path, entries, out);
            // aichat's `- name: claude-opus-4-6:thinking` + `real_name: claude-opus-4-6`:
            // the entry is the project's variant; the model called is its real name.
            let has_real_name = entries.iter().any(|(k, _, _)| k == REAL_NAME);
            for (k, _, v) in entries {
                if has_real_name && k == "name" {
                    continue;
                }
                // `spring.ai.openai.chat.options.model: x` spells a path in one key.
                let parts: Vec<&str> = k.split('.').collect();
                let n = parts.len();
                path.extend(parts);
                visit(cat, file, v, path, out, depth + 1);
                path.truncate(path.len() - n);
            }
        }
        Value::Null => {}
    }
}

/// The key of a registry entry that names the model its `name` stands for.
const REAL_NAME: &str = "real_name";

fn scalar(cat: &Catalog, file: &str, path: &[&str], v: &str, line: u32, out: &mut Vec<Finding>) {
    let v = v.trim();
    if v.contains("://") {
        if let Some(ep) = endpoint::classify(cat, v) {
            out.push(ep.finding(at(file, line, "config")));
        }
        return;
    }
    // `environment: ["OPENAI_API_KEY=…"]`
    if path.len() >= 2 && is_env_block(path[path.len() - 2]) && path[path.len() - 1] == "[]" {
        let name = v.split('=').next().unwrap_or(v);
        env_var(cat, file, name, line, out);
    }
    // `api-key: ${OPENAI_API_KEY}`, `${HF_TOKEN:-}`: a reference names the variable.
    // `${VAR}`, `${VAR:-x}`, `${VAR=x}` (azd / Bicep parameters).
    for name in names_after(v, "${") {
        env_var(cat, file, name, line, out);
    }
    // GitHub Actions `${{ secrets.ANTHROPIC_API_KEY }}` (an action's input, a
    // script's argument): the secret is named like the variable it holds.
    if v.contains("${{") {
        for name in names_after(v, "secrets.") {
            env_var(cat, file, name, line, out);
        }
    }
    if is_placeholder(v) {
        return;
    }
    for rule in cat.config_keys() {
        if !rule.keys.iter().any(|k| path_matches(path, k)) {
            continue;
        }
        let named = match rule.kind {
            ConfigValue::Model => {
                api_model(cat, rule.provider.as_deref(), v).map(|(p, id)| (Kind::Model, p, id))
            }
            ConfigValue::HubModel => hf_id(v).map(|id| (Kind::HubModel, "huggingface".into(), id)),
            ConfigValue::Dataset => hf_id(v).map(|id| (Kind::Dataset, "huggingface".into(), id)),
            ConfigValue::DatasetKeys => None,
        };
        if let Some((kind, provider, id)) = named {
            // The key path is the evidence symbol: it is how code refers to the value.
            out.push(configured(
                kind,
                provider,
                id,
                at(file, line, &path.join(".")),
            ));
            return;
        }
    }
    // A registry in configuration (`- name: gpt-5.5`, `weak_model_name: …`): a
    // model-id family's id under a key that names a model.
    let key = path
        .iter()
        .rev()
        .find(|k| **k != "[]")
        .copied()
        .unwrap_or("");
    // LiteLLM's `model_list[].model_name` is the proxy's alias, not a model.
    let alias = path.first() == Some(&"model_list") && key == "model_name";
    // `fallback_models = ["gpt-4o-2024-08-06"]`: each element of a list of models.
    let listed = path.last() == Some(&"[]") && names_models(key) && !names_shunned(key);
    if (is_model_key(key) || listed)
        && !alias
        && let Some((provider, id)) =
            crate::scan::code::values::family_model(cat, v, &Default::default())
    {
        out.push(configured(
            Kind::Model,
            provider,
            id,
            at(file, line, &path.join(".")),
        ));
    }
}

/// A map of models keyed by id (`models: {gpt-4o: {aliases: …}}`, as mods and
/// other CLIs write their registries): each key of a model-id family is a
/// model. A provider named by the map's parent key (`apis.ollama.models`) ties
/// short ids to it.
fn model_keys(
    cat: &Catalog,
    file: &str,
    path: &[&str],
    entries: &[(String, u32, Node)],
    out: &mut Vec<Finding>,
) {
    let Some(last) = path.iter().rev().find(|k| **k != "[]") else {
        return;
    };
    if !names_models(last) {
        return;
    }
    let ties: std::collections::BTreeSet<String> = path
        .iter()
        .rev()
        .nth(1)
        .and_then(|p| {
            cat.router_alias(p)
                .or_else(|| cat.provider(p).map(|p| p.id.as_str()))
        })
        .map(str::to_string)
        .into_iter()
        .collect();
    for (key, line, _) in entries {
        if let Some((provider, id)) = crate::scan::code::values::family_model(cat, key, &ties) {
            let mut p = path.to_vec();
            p.push(key);
            out.push(configured(
                Kind::Model,
                provider,
                id,
                at(file, *line, &p.join(".")),
            ));
        }
    }
}

/// A list of models kept out of use (`excluded_models`, `deprecated_models`):
/// its ids are not what the project calls.
fn names_shunned(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "exclude",
        "block",
        "deny",
        "denied",
        "disable",
        "disallow",
        "deprecat",
        "unsupported",
        "ignore",
        "skip",
        "banned",
        "removed",
        "retired",
    ]
    .iter()
    .any(|w| k.contains(w))
}

/// A key whose value is a model's id: `model`, `name`, `id`, or one ending in
/// `model`, `model_name`, `modelName`, `model_id` (`weak_model_name`,
/// `defaultModel`); not `ModelPicker`.
fn is_model_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    matches!(k.as_str(), "name" | "id" | REAL_NAME)
        || ["model", "model_name", "modelname", "model_id", "modelid"]
            .iter()
            .any(|end| k.ends_with(end))
}

/// An API model id and its provider: the rule's, a routed prefix's (`azure/gpt-4o`),
/// or the id pattern's. None when nothing names the provider.
pub fn api_model(cat: &Catalog, provider: Option<&str>, v: &str) -> Option<(String, String)> {
    if let Some(p) = provider {
        return Some((p.to_string(), v.to_string()));
    }
    if let Some((prefix, rest)) = v.split_once('/')
        && let Some(p) = cat.router_alias(prefix)
        && !rest.is_empty()
    {
        return Some((p.to_string(), rest.to_string()));
    }
    cat.provider_for_model(v)
        .map(|p| (p.to_string(), v.to_string()))
}

/// A Hugging Face `org/name` id (a bare name in configuration is too often a local directory).
fn hf_id(v: &str) -> Option<String> {
    (v.contains('/') && is_hf_id(v)).then(|| v.to_string())
}

/// A component named by configuration.
fn configured(kind: Kind, provider: String, id: impl Into<String>, ev: Evidence) -> Finding {
    Finding::new(kind, id, Some(provider), ev).with_attr(attr::TECHNIQUE, "configuration")
}

/// The variable names written right after each `marker` in `v`: a name ends
/// where a variable name cannot go on.
fn names_after<'v>(v: &'v str, marker: &str) -> impl Iterator<Item = &'v str> {
    v.split(marker).skip(1).map(|part| {
        part.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("")
    })
}

fn at(file: &str, line: u32, symbol: &str) -> Evidence {
    let mut e = Evidence::at(file, line, 1);
    e.symbol = Some(symbol.to_string());
    e
}

fn is_env_block(key: &str) -> bool {
    matches!(key, "env" | "environment")
}

fn env_var(cat: &Catalog, file: &str, name: &str, line: u32, out: &mut Vec<Finding>) {
    let name = name.trim();
    if let Some(info) = cat.env_var(name) {
        let mut ev = at(file, line, "environment");
        ev.context = Some(format!("{name}=…"));
        out.push(
            Finding::new(Kind::EnvVar, name, info.provider, ev)
                .with_attr(attr::SENSITIVE, info.sensitive.to_string()),
        );
    }
}

fn mapping(
    cat: &Catalog,
    file: &str,
    path: &[&str],
    node: &Node,
    entries: &[(String, u32, Node)],
    out: &mut Vec<Finding>,
) {
    // `dataset_mixer: {HuggingFaceH4/ultrachat_200k: 1.0}`: the keys are datasets.
    if cat
        .config_keys()
        .iter()
        .any(|r| r.kind == ConfigValue::DatasetKeys && r.keys.iter().any(|k| path_matches(path, k)))
    {
        for (k, line, _) in entries {
            if let Some(id) = hf_id(k) {
                out.push(configured(
                    Kind::Dataset,
                    "huggingface".into(),
                    id,
                    at(file, *line, "config"),
                ));
            }
        }
    }
    // `env: {OPENAI_API_KEY: ${{ secrets.X }}}` (names only, never values).
    if path.last().is_some_and(|k| is_env_block(k)) {
        for (k, line, _) in entries {
            env_var(cat, file, k, *line, out);
        }
    }
    // Kubernetes `env: [{name: OPENAI_API_KEY, value: …}]`.
    if path.len() >= 2
        && is_env_block(path[path.len() - 2])
        && path[path.len() - 1] == "[]"
        && let Some(n) = node.get("name")
        && let Some(name) = n.text()
    {
        env_var(cat, file, name, n.line, out);
    }
    if let Some(image) = node.get("image") {
        container(cat, file, node, image, out);
    }
    if let Some(uses) = node.get("uses") {
        action(cat, file, node, uses, out);
    }
    if let Some(run) = node.get("run")
        && let Some(script) = run.text()
    {
        // A block scalar's line is its text's first line.
        command::scan_script(cat, file, script, run.line, out);
    }
}

/// The image name without registry `docker.io/`, tag or digest.
pub fn image_name(image: &str) -> &str {
    let image = image.split('@').next().unwrap_or(image);
    let image = match image.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => name,
        _ => image,
    };
    let image = image.strip_prefix("docker.io/").unwrap_or(image);
    image.strip_prefix("library/").unwrap_or(image)
}

/// A model server's service finding, if `image` is one.
pub fn server_service<'c>(
    cat: &'c Catalog,
    file: &str,
    image: &str,
    line: u32,
) -> Option<(Finding, &'c crate::catalog::ModelServer)> {
    let name = image_name(image.trim());
    let server = cat.model_servers().iter().find(|s| {
        s.images
            .iter()
            .any(|i| name == i || name.starts_with(&format!("{i}-")))
    })?;
    let f = Finding::new(
        Kind::Service,
        name,
        Some(server.provider.clone()),
        at(file, line, "image"),
    )
    .with_attr(attr::IMAGE, image.trim())
    .with_attr(attr::LOCAL, "true");
    Some((f, server))
}

/// A served model (`--model X`, `MODEL_ID=X`) as a hub model linked from its server.
pub fn served_model(
    server: &crate::catalog::ModelServer,
    service: &mut Finding,
    file: &str,
    id: &str,
    line: u32,
) -> Option<Finding> {
    if is_placeholder(id) || (server.hub == "huggingface" && hf_id(id).is_none()) {
        return None;
    }
    let f = configured(
        Kind::HubModel,
        server.hub.clone(),
        id,
        at(file, line, "served model"),
    );
    service.links.push(f.key());
    Some(f)
}

/// A compose service or Kubernetes container running a model server.
fn container(cat: &Catalog, file: &str, node: &Node, image: &Node, out: &mut Vec<Finding>) {
    let Some(text) = image.text() else { return };
    let mut words: Vec<(String, u32)> = Vec::new();
    for key in ["entrypoint", "command", "args"] {
        match node.get(key).map(|n| (&n.value, n.line)) {
            Some((Value::Seq(items), _)) => {
                for i in items {
                    if let Some(t) = i.text() {
                        words.extend(t.split_whitespace().map(|w| (w.to_string(), i.line)));
                    }
                }
            }
            Some((Value::Scalar(s), line)) => {
                words.extend(s.split_whitespace().map(|w| (w.to_string(), line)));
            }
            _ => {}
        }
    }
    let line_words: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
    if let Some((_, first)) = words.first() {
        command::scan_words(cat, file, &line_words, *first, out);
    }
    let Some((mut service, server)) = server_service(cat, file, text, image.line) else {
        return;
    };
    let mut models = Vec::new();
    for (i, v) in command::flag_values(&line_words, &server.model_flags) {
        models.extend(served_model(server, &mut service, file, v, words[i].1));
    }
    for key in ["environment", "env"] {
        let Some(env) = node.get(key) else { continue };
        let pairs: Vec<(String, String, u32)> = match &env.value {
            Value::Map(entries) => entries
                .iter()
                .filter_map(|(k, l, v)| Some((k.clone(), v.text()?.to_string(), *l)))
                .collect(),
            Value::Seq(items) => items
                .iter()
                .filter_map(|i| match (&i.value, i.get("name"), i.get("value")) {
                    (Value::Scalar(s), _, _) => {
                        let (k, v) = s.split_once('=')?;
                        Some((k.to_string(), v.to_string(), i.line))
                    }
                    (_, Some(n), Some(v)) => {
                        Some((n.text()?.to_string(), v.text()?.to_string(), v.line))
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for (k, v, line) in pairs {
            if server.model_env.contains(&k) {
                models.extend(served_model(server, &mut service, file, &v, line));
            }
        }
    }
    out.push(service);
    out.extend(models);
}

/// A workflow step using an AI action, and the model it is given.
fn action(cat: &Catalog, file: &str, step: &Node, uses: &Node, out: &mut Vec<Finding>) {
    let Some(text) = uses.text() else { return };
    let (repo, reference) = text.split_once('@').unwrap_or((text, ""));
    let Some(a) = cat.ai_actions().iter().find(|a| {
        a.uses
            .iter()
            .any(|u| repo == u || repo.starts_with(&format!("{u}/")))
    }) else {
        return;
    };
    let action = endpoint::Endpoint {
        provider: a.provider.clone(),
        url: format!("https://github.com/{repo}"),
        path: format!("/{repo}"),
        local: false,
    };
    let mut service = action.finding(at(file, uses.line, "uses"));
    if !reference.is_empty() {
        service = service
            .with_attr(attr::REVISION, reference)
            .with_attr(attr::PINNED, is_commit(reference).to_string());
    }
    let mut models = Vec::new();
    if let Some(with) = step.get("with") {
        for input in &a.model_inputs {
            if let Some(m) = with.get(input)
                && let Some(v) = m.text()
                && !is_placeholder(v)
            {
                let (p, id) =
                    api_model(cat, None, v).unwrap_or((a.provider.clone(), v.to_string()));
                let f = Finding::new(Kind::Model, id, Some(p), at(file, m.line, "with"));
                service.links.push(f.key());
                models.push(f);
            }
        }
        for input in &a.args_inputs {
            let Some(m) = with.get(input) else { continue };
            let Some(v) = m.text() else { continue };
            for (line, v) in flag_values(v, m.line, &a.model_flags) {
                let (p, id) =
                    api_model(cat, None, v).unwrap_or((a.provider.clone(), v.to_string()));
                let f = Finding::new(Kind::Model, id, Some(p), at(file, line, input));
                service.links.push(f.key());
                models.push(f);
            }
        }
    }
    out.push(service);
    out.extend(models);
}

/// The values of `flags` in a command line an input holds (`--model X`,
/// `--model=X`), each with its line (`first`: the line of the text's first
/// line, as for a block scalar). Comment lines and placeholders are skipped.
fn flag_values<'t>(text: &'t str, first: u32, flags: &[String]) -> Vec<(u32, &'t str)> {
    let mut out = Vec::new();
    for (n, l) in text.lines().enumerate() {
        let l = l.trim();
        if l.starts_with('#') {
            continue;
        }
        let line = first.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        let mut words = l.split_whitespace();
        while let Some(w) = words.next() {
            let value = match w.split_once('=') {
                Some((flag, v)) if flags.iter().any(|f| f == flag) => Some(v),
                _ if flags.iter().any(|f| f == w) => words.next(),
                _ => None,
            };
            if let Some(v) = value.map(|v| v.trim_matches(|c| c == '"' || c == '\''))
                && !is_placeholder(v)
            {
                out.push((line, v));
            }
        }
    }
    out
}
