//! The catalog: what the scanner knows about AI providers, SDKs, hubs, endpoints,
//! environment variables, credential formats and weight-file formats.
//!
//! Knowledge is data (`catalog/catalog.toml`, compiled in and extensible with
//! `--catalog FILE`); this module only parses it and compiles the matchers the
//! detectors use (regexes, host globs, the pre-filter keyword set).

pub mod cfg;
mod compiled;
mod redact;
mod schema;

pub use compiled::{Catalog, EnvVarInfo, PrefilterHit};
pub use redact::{REDACTED, Redactor, SecretMatch};
pub use schema::{
    AiAction, CatalogFile, CommandRule, ConfigKey, ConfigValue, Factory, HubLoader, KwargEquals,
    Method, ModelConstant, ModelPattern, ModelServer, Provider, RedactRule, Sdk, SecretFormat,
    ServiceClient, TerraformRule, WeightFormat,
};

/// The catalog file shipped inside the binary.
pub const BUILTIN_CATALOG: &str = include_str!("../../catalog/catalog.toml");
