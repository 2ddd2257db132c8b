//! The scanner's vocabulary: one [`Finding`] per piece of evidence, with a
//! [`Kind`] and a stable identity key shared by the BOM, the diff and reports.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What a finding is. The names are the `kind` used everywhere (BOM properties,
/// JSON reports, policy rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A model called over an API (provider + model id as sent).
    Model,
    /// A model pulled from a hub (Hugging Face, torch.hub, timm, Ollama).
    HubModel,
    /// Weights in the repository derived from a base model.
    FineTunedModel,
    /// A model weight file in the tree (Git LFS pointers included).
    WeightFile,
    /// A dataset loaded or declared.
    Dataset,
    /// An external AI endpoint the code calls.
    Service,
    /// A package (SBOM).
    Library,
    /// An AI-related environment variable (name only).
    EnvVar,
}

impl Kind {
    /// The kebab-case name (`hub-model`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Model => "model",
            Kind::HubModel => "hub-model",
            Kind::FineTunedModel => "fine-tuned-model",
            Kind::WeightFile => "weight-file",
            Kind::Dataset => "dataset",
            Kind::Service => "service",
            Kind::Library => "library",
            Kind::EnvVar => "env-var",
        }
    }

    /// Parses a kebab-case name.
    pub fn parse(s: &str) -> Option<Kind> {
        [
            Kind::Model,
            Kind::HubModel,
            Kind::FineTunedModel,
            Kind::WeightFile,
            Kind::Dataset,
            Kind::Service,
            Kind::Library,
            Kind::EnvVar,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

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
}

/// Attributes of a finding: constant names borrowed, header-derived names owned.
pub type Attrs = BTreeMap<Cow<'static, str>, String>;

/// Attribute names used across detectors (one place, so the BOM and diff agree).
pub mod attr {
    /// Hub revision (branch, tag or commit) as written.
    pub const REVISION: &str = "revision";
    /// Whether a hub model is pinned to a commit.
    pub const PINNED: &str = "pinned";
    /// SPDX id or license name.
    pub const LICENSE: &str = "license";
    /// Content SHA-256 (hex).
    pub const SHA256: &str = "sha256";
    /// Size in bytes.
    pub const SIZE: &str = "size";
    /// Weight-file format.
    pub const FORMAT: &str = "format";
    /// `true` for a Git LFS pointer.
    pub const LFS: &str = "git-lfs";
    /// Task (`text-generation`).
    pub const TASK: &str = "task";
    /// Model architecture (`LlamaForCausalLM`, `llama`).
    pub const ARCHITECTURE: &str = "architecture";
    /// Quantisation (`Q4_K_M`).
    pub const QUANTIZATION: &str = "quantization";
    /// Parameter count.
    pub const PARAMETERS: &str = "parameter-count";
    /// Fine-tune method (`lora`).
    pub const TUNE_METHOD: &str = "tune-method";
    /// Model name embedded in a weight file.
    pub const EMBEDDED_NAME: &str = "embedded-name";
    /// How the finding was made (`source-code-analysis`, `sdk-default`, …).
    pub const TECHNIQUE: &str = "technique";
    /// Full endpoint URL of a service.
    pub const ENDPOINT: &str = "endpoint";
    /// `true` when a variable holds a credential.
    pub const SENSITIVE: &str = "sensitive";
    /// `true` when only seen in tests.
    pub const TEST_ONLY: &str = "test-only";
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
        }
    }

    /// Sets an attribute (builder style).
    pub fn with_attr(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.attrs.insert(Cow::Borrowed(name), value.into());
        self
    }

    /// The inventory key: the stable identity key, except for packages, where
    /// each version is its own component (`pkg:npm/a@1.0.0`).
    pub fn key(&self) -> String {
        match (self.kind, self.attrs.get(crate::scan::packages::attr::PURL)) {
            (Kind::Library, Some(purl)) => purl.clone(),
            _ => identity_key(self.kind, self.provider.as_deref(), &self.id),
        }
    }

    /// The stable identity key (versionless purl for packages).
    pub fn identity(&self) -> String {
        match (
            self.kind,
            self.attrs.get(crate::scan::packages::attr::PURL_BASE),
        ) {
            (Kind::Library, Some(base)) => base.clone(),
            _ => identity_key(self.kind, self.provider.as_deref(), &self.id),
        }
    }
}

/// Whether a revision is a full commit id (40 hex digits): the only pin that holds.
pub fn is_commit(rev: &str) -> bool {
    rev.len() == 40 && rev.bytes().all(|b| b.is_ascii_hexdigit())
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

impl crate::scan::sealed::Redact for Results {
    fn redact(&mut self, r: &crate::catalog::Redactor) {
        crate::scan::sealed::redact_results(r, &mut self.findings, &mut self.warnings);
    }
}

/// A file the scan could not fully read, or something the user should know.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Warning {
    /// Repository-relative path (empty for scan-wide warnings).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// What happened, in one sentence (never a secret value).
    pub message: String,
}

impl Warning {
    /// A warning about a file.
    pub fn new(file: &str, message: impl Into<String>) -> Self {
        Warning {
            file: file.to_string(),
            line: None,
            message: message.into(),
        }
    }

    /// A warning about a line of a file.
    pub fn at(file: &str, line: u32, message: impl Into<String>) -> Self {
        Warning {
            file: file.to_string(),
            line: Some(line),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.file.is_empty(), self.line) {
            (true, _) => write!(f, "{}", self.message),
            (false, Some(l)) => write!(f, "{}:{}: {}", self.file, l, self.message),
            (false, None) => write!(f, "{}: {}", self.file, self.message),
        }
    }
}
