//! Terraform: resources and data sources that deploy or name a model
//! (`azurerm_cognitive_deployment`'s `model { name version }`, `aws_bedrock*`,
//! `google_vertex_ai_*`). A line reader: blocks, `key = "value"` attributes.
//!
//! A model named by reference (`name = var.chat_model`, `local.model`,
//! `"${var.model}"`) is resolved after the whole tree is scanned, within the
//! reference's module (its directory): `.tfvars` values, else the variable's
//! `default`, else `locals`. Each definition travels as a finding marked
//! [`Mark::TerraformDefinition`] that [`resolve`] consumes, so per-file results stay cacheable
//! and no definition reaches the BOM.

use std::collections::BTreeMap;

use crate::catalog::Catalog;
use crate::vocab::{Evidence, Finding, Kind, Mark, attr, placeholder};

/// Block names for definitions (resources are named by their type).
const VARIABLE_BLOCK: &str = "variable:";
const LOCALS_BLOCK: &str = "locals";

struct Block {
    /// Resource type for a top-level block; the block name for a nested one.
    name: String,
    /// Attributes of this resource (nested ones keyed `model.name`): value and line.
    attrs: BTreeMap<String, (String, u32)>,
    /// Attributes that reference a variable or local (`var.x`): reference and line.
    refs: BTreeMap<String, (String, u32)>,
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
        match &mut resource {
            None => {
                let one_line = one_line_block(t);
                if !t.ends_with('{') && one_line.is_none() {
                    continue;
                }
                // Resources and data sources by type; `variable "x"` and `locals`
                // as definitions.
                let mut words = t.split_whitespace();
                let keyword = words.next();
                let label = words.next().map(|w| w.trim_matches('"'));
                let name = match keyword {
                    Some("resource" | "data") => label.map(str::to_string),
                    Some("variable") => label.map(|v| format!("{VARIABLE_BLOCK}{v}")),
                    Some("locals") => Some(LOCALS_BLOCK.to_string()),
                    _ => None,
                };
                let Some(name) = name else {
                    continue;
                };
                let mut block = Block {
                    name,
                    attrs: BTreeMap::new(),
                    refs: BTreeMap::new(),
                    nested: Vec::new(),
                };
                // `variable "model" { default = "gpt-4o" }` opens and closes here.
                match one_line {
                    Some((_, inner)) => {
                        attribute(&mut block, inner, n);
                        emit(cat, file, &block, out);
                    }
                    None => resource = Some(block),
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
                if let Some((head, inner)) = one_line_block(t)
                    && !head.contains('=')
                {
                    block.nested.push(head.to_string());
                    attribute(block, inner, n);
                    block.nested.pop();
                    continue;
                }
                attribute(block, t, n);
            }
        }
    }
}

/// A block opened and closed on one line: its head and its body, trimmed.
fn one_line_block(t: &str) -> Option<(&str, &str)> {
    let (head, rest) = t.split_once('{')?;
    let inner = rest.strip_suffix('}')?;
    Some((head.trim(), inner.trim()))
}

/// Records `key = "value"`, and `key = var.x`, `local.x` or `"${var.x}"` as a
/// reference (other expressions are not names).
fn attribute(block: &mut Block, t: &str, n: u32) {
    let Some((k, v)) = t.split_once('=') else {
        return;
    };
    let v = v.trim();
    let mut key = block.nested.join(".");
    if !key.is_empty() {
        key.push('.');
    }
    key.push_str(k.trim());
    match v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(value) => match value
            .strip_prefix("${")
            .and_then(|r| r.strip_suffix('}'))
            .and_then(reference)
        {
            Some(r) => block.refs.insert(key, (r.to_string(), n)),
            None => block.attrs.insert(key, (value.to_string(), n)),
        },
        None => match reference(v) {
            Some(r) => block.refs.insert(key, (r.to_string(), n)),
            None => None,
        },
    };
}

/// A whole `var.NAME` or `local.NAME` reference.
fn reference(v: &str) -> Option<&str> {
    let (scope, name) = v.split_once('.')?;
    let plain = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    (matches!(scope, "var" | "local") && !name.is_empty() && name.bytes().all(plain)).then_some(v)
}

/// A value that a reference may resolve to. Credentials are never recorded
/// (results are cached); neither are values that cannot be model names.
fn definition(
    cat: &Catalog,
    file: &str,
    name: String,
    value: &str,
    line: u32,
    by: &str,
) -> Option<Finding> {
    let plausible = !value.is_empty()
        && value.len() <= 200
        && !value.contains(char::is_whitespace)
        && !value.contains("${");
    if !plausible || !cat.find_secrets(value).is_empty() {
        return None;
    }
    Some(
        Finding::new(Kind::Model, value, None, Evidence::at(file, line, 1))
            .with_mark(Mark::TerraformDefinition, name)
            .with_mark(Mark::TerraformDefinedBy, by),
    )
}

/// Scans one `.tfvars` file: its top-level `NAME = "value"` lines are
/// definitions of `var.NAME`.
pub fn tfvars(cat: &Catalog, file: &str, text: &str, out: &mut Vec<Finding>) {
    let mut depth = 0usize;
    for (i, raw) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let t = raw.trim();
        if t.starts_with('#') || t.starts_with("//") {
            continue;
        }
        if depth == 0
            && let Some((k, v)) = t.split_once('=')
            && let Some(value) = v.trim().strip_prefix('"').and_then(|v| v.strip_suffix('"'))
        {
            let name = format!("var.{}", k.trim());
            out.extend(definition(cat, file, name, value, n, "tfvars"));
        }
        let opens = t.matches(['{', '[']).count();
        let closes = t.matches(['}', ']']).count();
        depth = (depth + opens).saturating_sub(closes);
    }
}

fn emit(cat: &Catalog, file: &str, b: &Block, out: &mut Vec<Finding>) {
    if let Some(var) = b.name.strip_prefix(VARIABLE_BLOCK) {
        if let Some((value, line)) = b.attrs.get("default") {
            let name = format!("var.{var}");
            out.extend(definition(cat, file, name, value, *line, "default"));
        }
        return;
    }
    if b.name == LOCALS_BLOCK {
        for (key, (value, line)) in b.attrs.iter().filter(|(k, _)| !k.contains('.')) {
            let name = format!("local.{key}");
            out.extend(definition(cat, file, name, value, *line, "locals"));
        }
        return;
    }
    let Some(rule) = cat.terraform().iter().find(|r| {
        r.resources.iter().any(|p| match p.strip_suffix('*') {
            Some(prefix) => b.name.starts_with(prefix),
            None => b.name == *p,
        })
    }) else {
        return;
    };
    for key in &rule.model {
        // A literal name, or a reference resolved once the module is scanned.
        let (id, line, reference) = match (b.attrs.get(key), b.refs.get(key)) {
            (Some((value, line)), _) => {
                if value.contains("${") || value.is_empty() {
                    continue;
                }
                (model_id(value), *line, None)
            }
            (None, Some((r, line))) => (placeholder(r), *line, Some(r)),
            (None, None) => continue,
        };
        let mut ev = Evidence::at(file, line, 1);
        ev.symbol = Some(format!("{}.{key}", b.name));
        let mut f = Finding::new(Kind::Model, id, Some(rule.provider.clone()), ev)
            .with_attr(attr::TECHNIQUE, "terraform");
        if let Some(r) = reference {
            f = f.with_attr(attr::TERRAFORM_VARIABLE, r.clone());
        }
        if let Some((v, _)) = rule.version.as_ref().and_then(|k| b.attrs.get(k)) {
            f = f.with_attr(attr::MODEL_VERSION, v.clone());
        }
        out.push(f);
    }
}

/// The model id in an ARN or resource name
/// (`arn:…:foundation-model/anthropic.claude-v2` → `anthropic.claude-v2`,
/// `publishers/google/models/gemma-3` → `gemma-3`).
pub fn model_id(v: &str) -> String {
    if let Some((_, rest)) = v.rsplit_once("foundation-model/") {
        return rest.to_string();
    }
    if let Some((_, rest)) = v.rsplit_once("models/") {
        return rest.to_string();
    }
    v.to_string()
}
