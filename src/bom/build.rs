//! Inventory → CycloneDX document, in the shapes of `docs/cyclonedx.md` §7.
//! Everything is sorted; nothing depends on time or machine.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::inventory::{Inventory, Item};
use super::license::license;
use super::model::*;
use crate::catalog::Catalog;
use crate::source::Subject;
use crate::vocab::{Kind, attr};

/// Property namespace of this tool.
pub const NS: &str = "aibom";
/// Most occurrences written per component (the total is a property).
pub const MAX_OCCURRENCES: usize = 100;

/// Builds the document (without its serial number; see [`super::to_json`]).
pub fn build(inv: &Inventory, subject: &Subject, catalog: &Catalog) -> Bom {
    let app_ref = format!("app:{}", subject.name);
    let mut app = Component::new("application", subject.name.clone());
    app.bom_ref = Some(app_ref.clone());
    app.version = subject.commit.clone();

    let mut tool = Component::new("application", "aibom");
    tool.group = Some("aibom".into());
    tool.version = Some(env!("CARGO_PKG_VERSION").into());

    let mut properties = vec![Property::new("cdx:reproducible", "true")];
    properties.extend(
        inv.warnings
            .iter()
            .map(|w| Property::new(format!("{NS}:scan:warning:{}", w.code), w.to_string())),
    );

    let refs = bom_refs(inv);
    let mut components = Vec::new();
    let mut services = Vec::new();
    for item in inv.items.values() {
        match item.kind {
            Kind::Service => services.push(service(item, catalog)),
            _ => {
                let mut c = component(item, inv, catalog);
                c.bom_ref = Some(refs[&item.key].clone());
                components.push(c);
            }
        }
    }
    components.sort_by(|a, b| a.bom_ref.cmp(&b.bom_ref));
    Bom {
        schema: Some(SCHEMA_URL.into()),
        bom_format: "CycloneDX".into(),
        spec_version: SPEC_VERSION.into(),
        serial_number: None,
        version: 1,
        metadata: Some(Metadata {
            lifecycles: vec![Lifecycle {
                phase: "pre-build".into(),
            }],
            tools: Some(Tools {
                components: vec![tool],
            }),
            component: Some(app),
            properties,
        }),
        components,
        services,
        dependencies: dependencies(inv, &refs, &app_ref),
    }
}

/// The bom-ref of every item: its identity key, except where several versions
/// of one package coexist (then each is its versioned purl).
fn bom_refs(inv: &Inventory) -> HashMap<String, String> {
    let mut per_identity: HashMap<&str, usize> = HashMap::new();
    for item in inv.items.values() {
        *per_identity.entry(item.identity.as_str()).or_default() += 1;
    }
    inv.items
        .values()
        .map(|i| {
            let r = if per_identity[i.identity.as_str()] == 1 {
                i.identity.clone()
            } else {
                i.key.clone()
            };
            (i.key.clone(), r)
        })
        .collect()
}

/// Attributes written as component fields, not properties.
const FIELD_ATTRS: &[&str] = &[
    attr::SHA256,
    attr::LICENSE,
    attr::PURL,
    attr::PURL_BASE,
    attr::VERSION,
    attr::SCOPE,
    attr::HASH,
    attr::GROUP,
];

fn common_properties(item: &Item) -> Vec<Property> {
    let mut p = vec![Property::new(format!("{NS}:kind"), item.kind.as_str())];
    if let Some(prov) = &item.provider {
        let name = match item.kind {
            Kind::HubModel => "hub",
            Kind::Dataset => "source",
            _ => "provider",
        };
        p.push(Property::new(format!("{NS}:{name}"), prov.clone()));
    }
    for (k, v) in &item.attrs {
        if FIELD_ATTRS.contains(&k.as_ref()) {
            continue;
        }
        p.push(Property::new(format!("{NS}:{k}"), v.clone()));
    }
    if item.test_only {
        p.push(Property::new(format!("{NS}:{}", attr::TEST_ONLY), "true"));
    }
    if item.evidence.len() > MAX_OCCURRENCES {
        p.push(Property::new(
            format!("{NS}:occurrences"),
            item.evidence.len().to_string(),
        ));
    }
    p.sort();
    p
}

fn evidence(item: &Item) -> Option<ComponentEvidence> {
    let occurrences: Vec<Occurrence> = item
        .evidence
        .iter()
        .take(MAX_OCCURRENCES)
        .map(|e| Occurrence {
            location: e.file.clone(),
            line: e.line,
            symbol: e.symbol.clone(),
            additional_context: e.context.clone(),
        })
        .collect();
    (!occurrences.is_empty()).then_some(ComponentEvidence { occurrences })
}

/// `org/name` → (Some(org), name).
fn split_namespace(id: &str) -> (Option<String>, String) {
    match id.split_once('/') {
        Some((ns, name)) if !name.contains('/') => (Some(ns.to_string()), name.to_string()),
        _ => (None, id.to_string()),
    }
}

fn supplier(catalog: &Catalog, provider: Option<&str>) -> Option<OrganizationalEntity> {
    let p = catalog.provider(provider?)?;
    Some(OrganizationalEntity {
        name: p.name.clone(),
        url: p.url.iter().cloned().collect(),
    })
}

fn component(item: &Item, inv: &Inventory, catalog: &Catalog) -> Component {
    let mut c = match item.kind {
        Kind::Model => {
            let mut c = Component::new("machine-learning-model", item.id.clone());
            c.group = item.provider.clone();
            c.supplier = supplier(catalog, item.provider.as_deref());
            c.description =
                Some("Hosted model called over an API; weights are not distributed.".into());
            c
        }
        Kind::HubModel => hub_model(item),
        Kind::FineTunedModel => fine_tune(item, inv),
        Kind::WeightFile => {
            let mut c = Component::new("file", item.id.clone());
            c.mime_type = Some("application/octet-stream".into());
            c
        }
        Kind::Dataset => {
            let (group, name) = split_namespace(&item.id);
            let mut c = Component::new("data", name);
            c.group = group;
            let url = (item.provider.as_deref() == Some("huggingface"))
                .then(|| format!("https://huggingface.co/datasets/{}", item.id));
            if let Some(u) = &url {
                c.external_references.push(ExternalReference {
                    kind: "distribution".into(),
                    url: u.clone(),
                });
            }
            c.data.push(ComponentData {
                kind: "dataset".into(),
                name: Some(item.id.clone()),
                contents: url.map(|url| DataContents { url }),
                classification: None,
            });
            c
        }
        Kind::EnvVar => {
            let mut c = Component::new("data", item.id.clone());
            c.description =
                Some("Environment variable read by the application; value not recorded.".into());
            let sensitive = item.attrs.get(attr::SENSITIVE).is_some_and(|v| v == "true");
            c.data.push(ComponentData {
                kind: "configuration".into(),
                name: Some(item.id.clone()),
                contents: None,
                classification: Some(if sensitive { "secret" } else { "internal" }.into()),
            });
            c
        }
        Kind::Library => library(item),
        Kind::Service => Component::new("library", item.id.clone()),
    };
    c.bom_ref = Some(item.key.clone());
    if let Some(sha) = item.attrs.get(attr::SHA256).filter(|s| s.len() == 64) {
        c.hashes.push(Hash {
            alg: "SHA-256".into(),
            content: sha.clone(),
        });
    }
    if let Some(l) = item.attrs.get(attr::LICENSE) {
        c.licenses.push(license(l));
    }
    c.properties = common_properties(item);
    if item.kind != Kind::Library {
        c.tags = vec!["ai".into()];
    } else if let Some(category) = item.attrs.get(attr::CATEGORY) {
        c.tags = vec!["ai".into(), category.clone()];
    }
    c.evidence = evidence(item);
    c
}

fn library(item: &Item) -> Component {
    let group = item.attrs.get(attr::GROUP).cloned();
    let name = match &group {
        Some(g) => item
            .id
            .strip_prefix(g.as_str())
            .map_or(item.id.as_str(), |n| n.trim_start_matches(['/', ':'])),
        None => item.id.as_str(),
    };
    let mut c = Component::new("library", name);
    c.group = group;
    c.version = item.attrs.get(attr::VERSION).cloned();
    c.purl = item.attrs.get(attr::PURL).cloned();
    c.scope = item.attrs.get(attr::SCOPE).cloned();
    if let Some((alg, hex)) = item.attrs.get(attr::HASH).and_then(|h| h.split_once(':')) {
        let len_ok = matches!(
            (alg, hex.len()),
            ("SHA-1", 40) | ("SHA-256", 64) | ("SHA-384", 96) | ("SHA-512", 128)
        );
        if len_ok && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            c.hashes.push(Hash {
                alg: alg.to_string(),
                content: hex.to_ascii_lowercase(),
            });
        }
    }
    c
}

fn hub_model(item: &Item) -> Component {
    let (group, name) = split_namespace(&item.id);
    let mut c = Component::new("machine-learning-model", name.clone());
    c.group = group.clone();
    let pinned = item
        .attrs
        .get(attr::REVISION)
        .filter(|_| item.attrs.get(attr::PINNED).is_some_and(|p| p == "true"));
    if item.provider.as_deref() == Some("huggingface") {
        c.version = pinned.cloned();
        if let Some(ns) = &group {
            let version = pinned.map(|v| format!("@{v}")).unwrap_or_default();
            c.purl = Some(format!("pkg:huggingface/{ns}/{name}{version}"));
        }
        c.external_references.push(ExternalReference {
            kind: "distribution".into(),
            url: format!("https://huggingface.co/{}", item.id),
        });
    }
    c
}

fn fine_tune(item: &Item, inv: &Inventory) -> Component {
    let name = item
        .id
        .rsplit('/')
        .next()
        .filter(|n| *n != ".")
        .unwrap_or("model")
        .to_string();
    let mut c = Component::new("machine-learning-model", name);
    let ancestors: Vec<Component> = item
        .base_models
        .iter()
        .filter_map(|k| inv.items.get(k))
        .map(|base| {
            let mut a = hub_model(base);
            a.external_references.clear();
            a
        })
        .collect();
    let method = item.attrs.get(attr::TUNE_METHOD);
    if !ancestors.is_empty() {
        let bases: Vec<&str> = item.base_models.iter().map(String::as_str).collect();
        c.description = Some(format!("Fine-tuned from {}.", bases.join(", ")));
        c.pedigree = Some(Pedigree {
            ancestors,
            notes: method.map(|m| format!("relation=adapter ({m})")),
        });
    }
    let datasets: Vec<DatasetRef> = item
        .links
        .iter()
        .filter(|l| inv.items.get(*l).is_some_and(|i| i.kind == Kind::Dataset))
        .map(|l| DatasetRef {
            reference: l.clone(),
        })
        .collect();
    let task = item.attrs.get(attr::TASK).cloned();
    let arch = item.attrs.get(attr::ARCHITECTURE).cloned();
    let mut card = ModelCard::default();
    if task.is_some() || arch.is_some() || !datasets.is_empty() {
        card.model_parameters = Some(ModelParameters {
            task,
            model_architecture: arch,
            datasets,
        });
    }
    if let Some(m) = method {
        card.properties.push(Property::new(
            "cdx:ai-ml:model:parameter:tune_method",
            m.clone(),
        ));
    }
    if card != ModelCard::default() {
        c.model_card = Some(card);
    }
    c
}

fn service(item: &Item, catalog: &Catalog) -> Service {
    let mut props = common_properties(item);
    for e in item.evidence.iter().take(MAX_OCCURRENCES) {
        let at = match e.line {
            Some(l) => format!("{}#L{l}", e.file),
            None => e.file.clone(),
        };
        props.push(Property::new(format!("{NS}:evidence:occurrence"), at));
    }
    props.sort();
    props.dedup();
    let local = item.attrs.get(attr::LOCAL).is_some_and(|v| v == "true");
    Service {
        bom_ref: Some(item.key.clone()),
        provider: supplier(catalog, item.provider.as_deref()),
        group: item.provider.clone(),
        name: item.key.trim_start_matches("service:").to_string(),
        endpoints: item
            .attrs
            .get(attr::ENDPOINT)
            .into_iter()
            .cloned()
            .collect(),
        trust_boundary: Some(!local),
        properties: props,
        tags: vec!["ai".into()],
    }
}

fn dependencies(inv: &Inventory, refs: &HashMap<String, String>, app_ref: &str) -> Vec<Dependency> {
    // A link names an item by key (versioned purl, identity key) or by identity.
    let mut by_identity: HashMap<&str, &str> = HashMap::new();
    for item in inv.items.values() {
        by_identity
            .entry(item.identity.as_str())
            .or_insert(refs[&item.key].as_str());
    }
    let resolve = |link: &str| -> Option<String> {
        refs.get(link)
            .cloned()
            .or_else(|| by_identity.get(link).map(|r| (*r).to_string()))
            .or_else(|| {
                // `pkg:cargo/a@1.0` when only the versionless identity is known
                let base = link
                    .rsplit_once('@')
                    .map(|(b, _)| b)
                    .filter(|b| b.starts_with("pkg:"))?;
                by_identity.get(base).map(|r| (*r).to_string())
            })
    };
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut depended: BTreeSet<String> = BTreeSet::new();
    for item in inv.items.values() {
        let me = refs[&item.key].clone();
        let mut on: BTreeSet<String> = item
            .links
            .iter()
            .chain(&item.base_models)
            .filter_map(|k| resolve(k))
            .filter(|r| *r != me)
            .collect();
        if item.kind == Kind::FineTunedModel {
            let dir = format!("{}/", item.id);
            for other in inv.items.values().filter(|o| o.kind == Kind::WeightFile) {
                let in_dir = if item.id == "." {
                    !other.id.contains('/')
                } else {
                    other.id.starts_with(&dir) && !other.id[dir.len()..].contains('/')
                };
                if in_dir {
                    on.insert(refs[&other.key].clone());
                }
            }
        }
        depended.extend(on.iter().cloned());
        graph.insert(me, on);
    }
    let roots: BTreeSet<String> = graph
        .keys()
        .filter(|k| !depended.contains(*k))
        .cloned()
        .collect();
    graph.insert(app_ref.to_string(), roots);
    graph
        .into_iter()
        .map(|(reference, on)| Dependency {
            reference,
            depends_on: on.into_iter().collect(),
        })
        .collect()
}
