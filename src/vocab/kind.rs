//! [`Kind`]: what a component is, named the same in every stage.

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
