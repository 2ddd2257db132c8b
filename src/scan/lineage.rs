//! Fine-tune lineage and model cards: `adapter_config.json` (PEFT),
//! `config.json` (transformers) and Hugging Face model-card front matter in
//! `README.md`. Each produces a `fine-tuned-model` for its directory, linked to
//! its base model(s) and datasets; the bom stage merges what a directory says.

use saphyr::{LoadableYamlNode, Scalar, Yaml};
use serde_json::Value;

use crate::scan::cx::FileCx;
use crate::vocab::{Code, Evidence, Finding, Kind, Results, Warning, attr, identity_key};

/// The directory of a repository path (`.` for the root).
pub fn dir_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..i],
        None => ".",
    }
}

/// Whether `id` looks like a Hugging Face repo id (`org/name` or a legacy `name`).
pub fn is_hf_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('/').collect();
    !id.starts_with(['.', '/', '~'])
        && parts.len() <= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

/// PEFT `adapter_config.json`.
pub fn adapter_config(cx: &FileCx, out: &mut Results) {
    let (path, text) = (cx.path, cx.text);
    let Some(json) = parse_json(path, text, out) else {
        return;
    };
    let mut ft = fine_tune(path);
    if let Some(peft) = json.get("peft_type").and_then(Value::as_str) {
        ft.attrs
            .insert(attr::TUNE_METHOD.into(), peft.to_ascii_lowercase());
    }
    if let Some(task) = json.get("task_type").and_then(Value::as_str) {
        ft.attrs.insert(attr::TASK.into(), task.to_string());
    }
    if let Some(base) = json.get("base_model_name_or_path").and_then(Value::as_str) {
        add_base(out, &mut ft, path, base);
    }
    out.findings.push(ft);
}

/// transformers `config.json`: a fine-tune only when it names a hub base model.
pub fn hf_config(cx: &FileCx, out: &mut Results) {
    let (path, text) = (cx.path, cx.text);
    let Some(json) = parse_json(path, text, out) else {
        return;
    };
    let arch = json
        .get("architectures")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(Value::as_str);
    let model_type = json.get("model_type").and_then(Value::as_str);
    if arch.is_none() && model_type.is_none() {
        return; // some other config.json
    }
    let Some(base) = json
        .get("_name_or_path")
        .and_then(Value::as_str)
        .filter(|b| is_hf_id(b) && b.contains('/'))
    else {
        return;
    };
    let mut ft = fine_tune(path);
    if let Some(a) = arch.or(model_type) {
        ft.attrs.insert(attr::ARCHITECTURE.into(), a.to_string());
    }
    add_base(out, &mut ft, path, base);
    out.findings.push(ft);
}

/// Hugging Face model-card front matter (`---` YAML `---` at the top of README.md).
pub fn model_card(cx: &FileCx, out: &mut Results) {
    let (path, text) = (cx.path, cx.text);
    let Some(front) = front_matter(text) else {
        return;
    };
    let docs = match Yaml::load_from_str(front) {
        Ok(d) => d,
        Err(e) => {
            let line = u32::try_from(e.marker().line() + 1).unwrap_or(1);
            out.warnings.push(Warning::at(
                Code::ParseError,
                path,
                line,
                format!("malformed model-card front matter: {}", e.info()),
            ));
            return;
        }
    };
    let Some(doc) = docs.first() else { return };
    let bases = strings(doc.as_mapping_get("base_model"));
    if bases.is_empty() {
        return; // a model card without lineage (or not a model card at all)
    }
    let mut ft = fine_tune(path);
    if let Some(l) = strings(doc.as_mapping_get("license")).into_iter().next() {
        ft.attrs.insert(attr::LICENSE.into(), l);
    }
    if let Some(t) = strings(doc.as_mapping_get("pipeline_tag"))
        .into_iter()
        .next()
    {
        ft.attrs.insert(attr::TASK.into(), t);
    }
    for base in &bases {
        add_base(out, &mut ft, path, base);
    }
    for ds in strings(doc.as_mapping_get("datasets")) {
        if !is_hf_id(&ds) {
            continue;
        }
        let f = Finding::new(Kind::Dataset, ds, Some("huggingface".into()), top(path));
        ft.links.push(f.key());
        out.findings.push(f);
    }
    out.findings.push(ft);
}

/// Lineage facts describe a whole file; they are reported at its first line.
fn top(path: &str) -> Evidence {
    Evidence::at(path, 1, 1)
}

fn fine_tune(path: &str) -> Finding {
    Finding::new(
        Kind::FineTunedModel,
        dir_of(path),
        Some("local".into()),
        top(path),
    )
}

fn add_base(out: &mut Results, ft: &mut Finding, path: &str, base: &str) {
    if !is_hf_id(base) {
        ft.attrs.insert(
            "base-model-path".into(),
            base.rsplit('/').next().unwrap_or(base).to_string(),
        );
        return;
    }
    let key = identity_key(Kind::HubModel, Some("huggingface"), base);
    if !ft.base_models.contains(&key) {
        ft.base_models.push(key);
    }
    let hub = Finding::new(Kind::HubModel, base, Some("huggingface".into()), top(path))
        .with_attr(attr::PINNED, "false");
    out.findings.push(hub);
}

fn parse_json(path: &str, text: &str, out: &mut Results) -> Option<serde_json::Map<String, Value>> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => Some(m),
        Ok(_) => None,
        Err(e) => {
            out.warnings.push(Warning::at(
                Code::ParseError,
                path,
                u32::try_from(e.line()).unwrap_or(1),
                format!("malformed JSON: {e}"),
            ));
            None
        }
    }
}

/// The YAML between a leading `---` line and the next `---` line.
fn front_matter(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(&rest[..at]);
        }
        at += line.len();
    }
    None
}

/// A YAML scalar or list of scalars as strings.
fn strings(node: Option<&Yaml<'_>>) -> Vec<String> {
    let scalar = |y: &Yaml<'_>| match y {
        Yaml::Value(Scalar::String(s)) => Some(s.to_string()),
        Yaml::Value(Scalar::Integer(i)) => Some(i.to_string()),
        Yaml::Representation(s, _, _) => Some(s.to_string()),
        _ => None,
    };
    match node {
        Some(Yaml::Sequence(items)) => items.iter().filter_map(scalar).collect(),
        Some(y) => scalar(y).into_iter().collect(),
        None => Vec::new(),
    }
}
