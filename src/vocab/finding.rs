//! [`Finding`]: one piece of evidence of a component, with its stable
//! identity key shared by the BOM, the diff and reports.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Kind, Warning, attr};

/// Where a finding was seen.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// Repository-relative path with `/` separators.
    pub file: String,
    /// 1-based line, when the finding has one.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
    /// The call or construct (`client.chat.completions.create`).
    pub symbol: Option<String>,
    /// The source line, trimmed, shortened and redacted.
    pub context: Option<String>,
}

impl Evidence {
    /// Evidence for a whole file.
    pub fn file(path: &str) -> Self {
        Evidence {
            file: path.to_string(),
            line: None,
            column: None,
            symbol: None,
            context: None,
        }
    }

    /// Evidence at a line and column.
    pub fn at(path: &str, line: u32, column: u32) -> Self {
        Evidence {
            file: path.to_string(),
            line: Some(line),
            column: Some(column),
            symbol: None,
            context: None,
        }
    }
}

/// One detected AI component (or package), with its evidence and attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// What it is.
    pub kind: Kind,
    /// Model id, hub id, dataset id, URL, file path, package name or variable name.
    pub id: String,
    /// Provider (`model`, `service`, `env-var`), hub (`hub-model`), source
    /// (`dataset`: `huggingface`, `local`, …) or ecosystem (`library`).
    pub provider: Option<String>,
    /// Where it was seen.
    pub evidence: Evidence,
    /// Attributes that take part in the diff (revision, sha256, license, …).
    pub attrs: Attrs,
    /// Base models (identity keys) of a fine-tune.
    pub base_models: Vec<String>,
    /// Identity keys this finding depends on (service → model, fine-tune → dataset).
    pub links: Vec<String>,
    /// Scan-internal markers for the link stage; never BOM properties, and
    /// none is left when a scan's results are final.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub marks: BTreeMap<Mark, String>,
}

/// Attributes of a finding: constant names borrowed, header-derived names owned.
pub type Attrs = BTreeMap<Cow<'static, str>, String>;

/// A scan-internal marker: set by a detector, consumed by a cross-file
/// resolver, so per-file results can be cached before their context is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    /// A Terraform definition (`var.NAME` or `local.NAME`; the value is the name).
    TerraformDefinition,
    /// Where a Terraform definition comes from: `tfvars`, `default` or `locals`.
    TerraformDefinedBy,
    /// A value-found model whose file is not itself bound to AI: kept only
    /// when its directory is.
    ValueUnbound,
    /// A model of a provider registry's list: it replaces what the scalar
    /// rules said of the same literal.
    RegistryServed,
}

impl Finding {
    /// A finding with no attributes or links.
    pub fn new(
        kind: Kind,
        id: impl Into<String>,
        provider: Option<String>,
        evidence: Evidence,
    ) -> Self {
        Finding {
            kind,
            id: id.into(),
            provider,
            evidence,
            attrs: BTreeMap::new(),
            base_models: Vec::new(),
            links: Vec::new(),
            marks: BTreeMap::new(),
        }
    }

    /// Sets an attribute (builder style).
    pub fn with_attr(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.attrs.insert(Cow::Borrowed(name), value.into());
        self
    }

    /// Sets a scan-internal marker (builder style).
    pub fn with_mark(mut self, mark: Mark, value: impl Into<String>) -> Self {
        self.marks.insert(mark, value.into());
        self
    }

    /// The inventory key: the stable identity key, except for packages, where
    /// each version is its own component (`pkg:npm/a@1.0.0`).
    pub fn key(&self) -> String {
        match (self.kind, self.attrs.get(attr::PURL)) {
            (Kind::Library, Some(purl)) => purl.clone(),
            _ => identity_key(self.kind, self.provider.as_deref(), &self.id),
        }
    }

    /// The stable identity key (versionless purl for packages).
    pub fn identity(&self) -> String {
        match (self.kind, self.attrs.get(attr::PURL_BASE)) {
            (Kind::Library, Some(base)) => base.clone(),
            _ => identity_key(self.kind, self.provider.as_deref(), &self.id),
        }
    }
}

/// The id a model read from configuration key or variable `key` has until the
/// link stage resolves it (`${AzureOpenAI:DeploymentName}`, `${var.model}`);
/// one nothing resolves keeps it, so the BOM still says where the model is chosen.
pub fn placeholder(key: &str) -> String {
    format!("${{{key}}}")
}

/// The identity key of a component of `kind` with this provider/source and id.
pub fn identity_key(kind: Kind, provider: Option<&str>, id: &str) -> String {
    let p = provider.unwrap_or("unknown");
    match kind {
        Kind::Model | Kind::HubModel => format!("model:{p}/{id}"),
        Kind::FineTunedModel => format!("model:local/{id}"),
        Kind::WeightFile => format!("file:{id}"),
        Kind::Dataset => format!("dataset:{p}/{id}"),
        Kind::Service => format!(
            "service:{}",
            id.split_once("://").map_or(id, |(_, rest)| rest)
        ),
        Kind::Library => id.to_string(),
        Kind::EnvVar => format!("config:env/{id}"),
    }
}

/// Findings with the warnings made while finding them (one file's, or a whole scan's).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Results {
    /// Findings.
    pub findings: Vec<Finding>,
    /// Files that could not be fully read, and other notices.
    pub warnings: Vec<Warning>,
}
