//! Our own serde model of the parts of CycloneDX 1.6 we emit (the
//! `cyclonedx-bom` crate cannot write 1.6). Field order is the order written;
//! empty collections are omitted. Validated against the official schema in tests.

use serde::{Deserialize, Serialize};

/// The CycloneDX spec version we write.
pub const SPEC_VERSION: &str = "1.6";
/// The schema URL written in `$schema`.
pub const SCHEMA_URL: &str = "http://cyclonedx.org/schema/bom-1.6.schema.json";

/// A CycloneDX document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bom {
    /// `$schema`.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Always `CycloneDX`.
    pub bom_format: String,
    /// `1.6`.
    pub spec_version: String,
    /// `urn:uuid:…`, derived from the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// BOM revision.
    #[serde(default = "one")]
    pub version: u32,
    /// About the BOM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// Packages, models, datasets, files, configuration.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
    /// External endpoints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<Service>,
    /// The dependency graph, by bom-ref.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<Dependency>,
}

fn one() -> u32 {
    1
}

/// `metadata`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// Lifecycle phases.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lifecycles: Vec<Lifecycle>,
    /// Tools that made the BOM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Tools>,
    /// What the BOM describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<Component>,
    /// Document-level properties (scan warnings, reproducibility).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
}

/// A lifecycle phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lifecycle {
    /// `pre-build` for a source scan.
    pub phase: String,
}

/// `metadata.tools` (object form).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Tools {
    /// Tool components.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
}

/// A component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    /// `library`, `machine-learning-model`, `data`, `file`, `application`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The identity key.
    #[serde(rename = "bom-ref", default, skip_serializing_if = "Option::is_none")]
    pub bom_ref: Option<String>,
    /// MIME type (files).
    #[serde(rename = "mime-type", default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Supplier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<OrganizationalEntity>,
    /// Group (provider, namespace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Name.
    pub name: String,
    /// Version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Scope (`required`, `optional`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Content hashes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<Hash>,
    /// Licenses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub licenses: Vec<LicenseChoice>,
    /// Package URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// External references.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_references: Vec<ExternalReference>,
    /// Lineage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pedigree: Option<Pedigree>,
    /// Properties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<ComponentEvidence>,
    /// Model card (models only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_card: Option<ModelCard>,
    /// Data (data components only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<ComponentData>,
}

impl Component {
    /// A component with only type and name set.
    pub fn new(kind: &str, name: impl Into<String>) -> Self {
        Component {
            kind: kind.to_string(),
            bom_ref: None,
            mime_type: None,
            supplier: None,
            group: None,
            name: name.into(),
            version: None,
            description: None,
            scope: None,
            hashes: Vec::new(),
            licenses: Vec::new(),
            purl: None,
            external_references: Vec::new(),
            pedigree: None,
            properties: Vec::new(),
            tags: Vec::new(),
            evidence: None,
            model_card: None,
            data: Vec::new(),
        }
    }
}

/// An organisation (supplier, provider).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationalEntity {
    /// Name.
    pub name: String,
    /// URLs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub url: Vec<String>,
}

/// A hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hash {
    /// Algorithm (`SHA-256`).
    pub alg: String,
    /// Hex digest.
    pub content: String,
}

/// A license (an SPDX id or a name) or an SPDX expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LicenseChoice {
    /// One license.
    License {
        /// The license.
        license: License,
    },
    /// An SPDX license expression (`MIT OR Apache-2.0`).
    Expression {
        /// The expression.
        expression: String,
    },
}

/// `license`: exactly one of `id` (SPDX) or `name`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum License {
    /// An SPDX license id.
    Id {
        /// SPDX id.
        id: String,
    },
    /// Any other license.
    Name {
        /// License name.
        name: String,
    },
}

/// An external reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExternalReference {
    /// Type (`distribution`, `documentation`, `model-card`).
    #[serde(rename = "type")]
    pub kind: String,
    /// URL.
    pub url: String,
}

/// Lineage.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Pedigree {
    /// Components this one was derived from (identity fields, no bom-ref).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ancestors: Vec<Component>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A name/value property.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Property {
    /// Name (`aibom:kind`).
    pub name: String,
    /// Value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl Property {
    /// A property.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Property {
            name: name.into(),
            value: Some(value.into()),
        }
    }
}

/// Component evidence.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ComponentEvidence {
    /// Where the component was seen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occurrences: Vec<Occurrence>,
}

/// One place a component was seen.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Occurrence {
    /// File path.
    pub location: String,
    /// 1-based line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The call or construct.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// The source line (redacted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_context: Option<String>,
}

/// A model card.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelCard {
    /// Parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_parameters: Option<ModelParameters>,
    /// Properties (`cdx:ai-ml:*`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
}

/// `modelCard.modelParameters`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelParameters {
    /// Task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// Architecture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_architecture: Option<String>,
    /// Datasets by reference.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<DatasetRef>,
}

/// A dataset reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetRef {
    /// bom-ref of a data component.
    #[serde(rename = "ref")]
    pub reference: String,
}

/// `componentData`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentData {
    /// `dataset`, `configuration`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where the data is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contents: Option<DataContents>,
    /// Classification (`public`, `secret`, `internal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
}

/// `componentData.contents`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataContents {
    /// URL.
    pub url: String,
}

/// A service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    /// The identity key.
    #[serde(rename = "bom-ref", default, skip_serializing_if = "Option::is_none")]
    pub bom_ref: Option<String>,
    /// Provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<OrganizationalEntity>,
    /// Group (provider id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Name.
    pub name: String,
    /// Endpoints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub endpoints: Vec<String>,
    /// Crosses a trust boundary.
    #[serde(
        rename = "x-trust-boundary",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub trust_boundary: Option<bool>,
    /// Properties (services have no evidence field; occurrences go here).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// A dependency entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dependency {
    /// The dependent bom-ref.
    #[serde(rename = "ref")]
    pub reference: String,
    /// What it depends on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
}
