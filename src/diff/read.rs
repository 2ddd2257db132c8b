//! Reading a CycloneDX document back into an [`Inventory`], for `aibom diff`
//! of two saved BOMs. Our own documents carry `aibom:*` properties; for other
//! tools' documents, packages are recognised by purl.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, Result};

use crate::bom::model::{Bom, Component, License, LicenseChoice, Property};
use crate::bom::{Inventory, Item};
use crate::catalog::Redactor;
use crate::scan::sealed::{Redact, redact_string};
use crate::vocab::{Attrs, Code, Evidence, Kind, Warning, attr};

/// Parses a CycloneDX JSON document into an inventory. A document is input
/// like any other: its strings go through `redactor` before a report sees them.
pub fn inventory_from_bom(json: &str, redactor: &Redactor) -> Result<Inventory> {
    let bom: Bom = serde_json::from_str(json).context("not a CycloneDX JSON document")?;
    let mut items = BTreeMap::new();
    let prop = |props: &[Property], name: &str| {
        props
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    for c in &bom.components {
        let Some(item) = component_item(c, &prop) else {
            continue;
        };
        items.insert(item.key.clone(), item);
    }
    for s in &bom.services {
        let Some(key) = s.bom_ref.clone() else {
            continue;
        };
        let mut attrs = Attrs::new();
        if let Some(e) = s.endpoints.first() {
            attrs.insert(Cow::Borrowed(attr::ENDPOINT), e.clone());
        }
        let evidence = s
            .properties
            .iter()
            .filter(|p| p.name == "aibom:evidence:occurrence")
            .filter_map(|p| p.value.as_deref())
            .map(|v| match v.rsplit_once("#L") {
                Some((f, l)) => Evidence {
                    line: l.parse().ok(),
                    ..Evidence::file(f)
                },
                None => Evidence::file(v),
            })
            .collect();
        let id = s
            .endpoints
            .first()
            .cloned()
            .unwrap_or_else(|| s.name.clone());
        let item = Item {
            identity: key.clone(),
            key,
            kind: Kind::Service,
            id,
            provider: s.group.clone(),
            attrs,
            base_models: BTreeSet::new(),
            links: BTreeSet::new(),
            evidence,
            test_only: prop(&s.properties, "aibom:test-only").as_deref() == Some("true"),
        };
        items.insert(item.key.clone(), item);
    }
    let warnings = bom
        .metadata
        .iter()
        .flat_map(|m| m.properties.iter())
        .filter_map(|p| Some((warning_code(&p.name)?, p.value.clone()?)))
        .map(|(code, v)| Warning::new(code, "", v))
        .collect();
    let mut inv = Inventory { items, warnings };
    redact_inventory(redactor, &mut inv);
    Ok(inv)
}

fn redact_inventory(r: &Redactor, inv: &mut Inventory) {
    let items = std::mem::take(&mut inv.items);
    for (_, mut item) in items {
        for s in [&mut item.key, &mut item.identity, &mut item.id] {
            redact_string(r, s);
        }
        if let Some(p) = &mut item.provider {
            redact_string(r, p);
        }
        for v in item.attrs.values_mut() {
            redact_string(r, v);
        }
        for e in &mut item.evidence {
            redact_string(r, &mut e.file);
            for s in [&mut e.symbol, &mut e.context].into_iter().flatten() {
                redact_string(r, s);
            }
        }
        inv.items.insert(item.key.clone(), item);
    }
    for w in &mut inv.warnings {
        w.redact(r);
    }
}

fn component_item(
    c: &Component,
    prop: &dyn Fn(&[Property], &str) -> Option<String>,
) -> Option<Item> {
    let kind = match prop(&c.properties, "aibom:kind") {
        Some(k) => Kind::parse(&k)?,
        None if c.purl.is_some() => Kind::Library,
        None => return None,
    };
    let mut attrs = Attrs::new();
    for p in &c.properties {
        if let (Some(name), Some(v)) = (p.name.strip_prefix("aibom:"), &p.value) {
            attrs.insert(Cow::Owned(name.to_string()), v.clone());
        }
    }
    if let Some(v) = &c.version {
        attrs.insert(Cow::Borrowed(crate::vocab::attr::VERSION), v.clone());
    }
    if let Some(h) = c.hashes.iter().find(|h| h.alg == "SHA-256") {
        attrs.insert(Cow::Borrowed(attr::SHA256), h.content.clone());
    }
    if let Some(l) = c.licenses.first() {
        let text = match l {
            LicenseChoice::License {
                license: License::Id { id },
            } => id.clone(),
            LicenseChoice::License {
                license: License::Name { name },
            } => name.clone(),
            LicenseChoice::Expression { expression } => expression.clone(),
        };
        attrs.insert(Cow::Borrowed(attr::LICENSE), text);
    }
    let bom_ref = c.bom_ref.clone().unwrap_or_else(|| c.name.clone());
    let (key, identity, id, provider) = if kind == Kind::Library {
        let purl = c.purl.clone().unwrap_or_else(|| bom_ref.clone());
        let base = purl.split(['?', '#']).next().unwrap_or(&purl);
        let base = match base.rsplit_once('@') {
            Some((b, _)) if b.contains('/') => b.to_string(),
            _ => base.to_string(),
        };
        let name = match &c.group {
            Some(g) if purl.starts_with("pkg:maven/") => format!("{g}:{}", c.name),
            Some(g) => format!("{g}/{}", c.name),
            None => c.name.clone(),
        };
        let eco = purl
            .strip_prefix("pkg:")
            .and_then(|p| p.split('/').next())
            .map(str::to_string);
        (purl, base, name, eco)
    } else {
        let provider = prop(&c.properties, "aibom:provider")
            .or_else(|| prop(&c.properties, "aibom:hub"))
            .or_else(|| prop(&c.properties, "aibom:source"));
        let id = bom_ref
            .split_once(':')
            .map_or(bom_ref.as_str(), |(_, r)| r)
            .to_string();
        let id = match (kind, &provider) {
            (Kind::Model | Kind::HubModel | Kind::Dataset, Some(p)) => {
                id.strip_prefix(&format!("{p}/")).unwrap_or(&id).to_string()
            }
            (Kind::FineTunedModel, _) => id.strip_prefix("local/").unwrap_or(&id).to_string(),
            (Kind::EnvVar, _) => id.strip_prefix("env/").unwrap_or(&id).to_string(),
            _ => id,
        };
        (bom_ref.clone(), bom_ref, id, provider)
    };
    let evidence = c
        .evidence
        .iter()
        .flat_map(|e| e.occurrences.iter())
        .map(|o| Evidence {
            line: o.line,
            symbol: o.symbol.clone(),
            context: o.additional_context.clone(),
            ..Evidence::file(&o.location)
        })
        .collect();
    let base_models = c
        .pedigree
        .iter()
        .flat_map(|p| p.ancestors.iter())
        .map(|a| match &a.group {
            Some(g) => format!("model:huggingface/{g}/{}", a.name),
            None => format!("model:huggingface/{}", a.name),
        })
        .collect();
    Some(Item {
        key,
        identity,
        kind,
        id,
        provider,
        attrs,
        base_models,
        links: BTreeSet::new(),
        evidence,
        test_only: prop(&c.properties, "aibom:test-only").as_deref() == Some("true"),
    })
}

/// The code of a BOM warning property: `aibom:scan:warning:<code>`, or the
/// code-less `aibom:scan:warning` of BOMs written before codes existed.
fn warning_code(name: &str) -> Option<Code> {
    let rest = name.strip_prefix("aibom:scan:warning")?;
    match rest.strip_prefix(':') {
        Some(code) => Some(Code::parse(code).unwrap_or(Code::Other)),
        None if rest.is_empty() => Some(Code::Other),
        None => None,
    }
}
