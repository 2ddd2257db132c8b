//! Every attribute name a finding may carry. Attributes take part in the diff
//! and become BOM properties (`aibom:<name>`); scan-internal markers are not
//! attributes (see [`super::Mark`]).

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
/// `true` when a service runs on this machine or network, not at a provider.
pub const LOCAL: &str = "local";
/// The container image a local model server runs.
pub const IMAGE: &str = "image";
/// The configuration key a model was read from (`ai.model`).
pub const CONFIG_KEY: &str = "config-key";
/// A model version pinned beside its name (Terraform deployments).
pub const MODEL_VERSION: &str = "model-version";
/// Tensor count of a weight file.
pub const TENSORS: &str = "tensors";
/// The Terraform reference a resolved model came from (`var.model`).
pub const TERRAFORM_VARIABLE: &str = "terraform-variable";

// Packages (SBOM).

/// Exact version.
pub const VERSION: &str = "version";
/// Declared range.
pub const RANGE: &str = "version-range";
/// Versioned purl.
pub const PURL: &str = "purl";
/// Versionless purl (the identity key).
pub const PURL_BASE: &str = "purl-base";
/// `required` or `optional`.
pub const SCOPE: &str = "scope";
/// `true` / `false`.
pub const DIRECT: &str = "direct";
/// `lockfile` or `manifest`.
pub const SOURCE: &str = "source";
/// `ALG:hex`.
pub const HASH: &str = "hash";
/// `true` for AI/ML packages.
pub const AI: &str = "ai";
/// AI/ML category (`llm-sdk`, …).
pub const CATEGORY: &str = "category";
/// purl namespace (npm scope, Go module path, Maven group, Composer vendor).
pub const GROUP: &str = "group";
/// `git`, `path`, `url` for non-registry sources.
pub const ORIGIN: &str = "origin";
