//! Terraform: resources and data sources that deploy or name a model
//! (`azurerm_cognitive_deployment`'s `model { name version }`, `aws_bedrock*`,
//! `google_vertex_ai_*`). A line reader: blocks, `key = "value"` attributes.

use std::collections::BTreeMap;

use crate::catalog::Catalog;
use crate::scan::finding::{Evidence, Finding, Kind, attr};

struct Block {
    /// Resource type for a top-level block; the block name for a nested one.
    name: String,
    /// Attributes of this resource (nested ones keyed `model.name`): value and line.
    attrs: BTreeMap<String, (String, u32)>,
    /// Depth of nested blocks inside the resource.
    nested: Vec<String>,
}

/// Scans one `.tf` file.
pub fn scan(cat: &Catalog, file: &str, text: &str, out: &mut Vec<Finding>) {
    let mut resource: Option<Block> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let t = raw.trim();
        if t.starts_with('#') || t.starts_with("//") || t.is_empty() {
            continue;
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        match &mut resource {
            None => {
                if matches!(words.first(), Some(&"resource" | &"data")) && t.ends_with('{') {
                    let ty = words.get(1).map(|w| w.trim_matches('"')).unwrap_or("");
                    resource = Some(Block {
                        name: ty.to_string(),
                        attrs: BTreeMap::new(),
                        nested: Vec::new(),
                    });
                }
            }
            Some(block) => {
                // `model {` (a block) or `tags = {` (a map): one level deeper.
                if let Some(head) = t.strip_suffix('{') {
                    let name = head.trim().trim_end_matches('=').trim();
                    block.nested.push(name.trim_matches('"').to_string());
                    continue;
                }
                if t.starts_with('}') {
                    if block.nested.pop().is_none()
                        && let Some(b) = resource.take()
                    {
                        emit(cat, file, &b, out);
                    }
                    continue;
                }
                // A one-line block: `model { name = "gpt-4o" }`.
                if let Some((head, rest)) = t.split_once('{')
                    && let Some(inner) = rest.strip_suffix('}')
                    && !head.contains('=')
                {
                    block.nested.push(head.trim().to_string());
                    attribute(block, inner.trim(), n);
                    block.nested.pop();
                    continue;
                }
                attribute(block, t, n);
            }
        }
    }
}

/// Records `key = "value"` (other values, such as references, are not names).
fn attribute(block: &mut Block, t: &str, n: u32) {
    let Some((k, v)) = t.split_once('=') else {
        return;
    };
    let v = v.trim();
    if let Some(value) = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        let mut key = block.nested.join(".");
        if !key.is_empty() {
            key.push('.');
        }
        key.push_str(k.trim());
        block.attrs.insert(key, (value.to_string(), n));
    }
}

fn emit(cat: &Catalog, file: &str, b: &Block, out: &mut Vec<Finding>) {
    let Some(rule) = cat.terraform().iter().find(|r| {
        r.resources.iter().any(|p| match p.strip_suffix('*') {
            Some(prefix) => b.name.starts_with(prefix),
            None => b.name == *p,
        })
    }) else {
        return;
    };
    for key in &rule.model {
        let Some((value, line)) = b.attrs.get(key) else {
            continue;
        };
        if value.contains("${") || value.is_empty() {
            continue;
        }
        let id = model_id(value);
        let mut ev = Evidence::at(file, *line, 1);
        ev.symbol = Some(format!("{}.{key}", b.name));
        let mut f = Finding::new(Kind::Model, id, Some(rule.provider.clone()), ev)
            .with_attr(attr::TECHNIQUE, "terraform");
        if let Some((v, _)) = rule.version.as_ref().and_then(|k| b.attrs.get(k)) {
            f = f.with_attr("model-version", v.clone());
        }
        out.push(f);
    }
}

/// The model id in an ARN or resource name
/// (`arn:…:foundation-model/anthropic.claude-v2` → `anthropic.claude-v2`,
/// `publishers/google/models/gemma-3` → `gemma-3`).
fn model_id(v: &str) -> String {
    if let Some((_, rest)) = v.rsplit_once("foundation-model/") {
        return rest.to_string();
    }
    if let Some((_, rest)) = v.rsplit_once("models/") {
        return rest.to_string();
    }
    v.to_string()
}
