//! The ground floor: the words every stage speaks (what a component is, the
//! evidence for it, its attributes and identity (package URLs included), the
//! warnings of a scan).
//! It imports no stage, so the scanner, the BOM, the diff and the reports
//! all depend on it and on nothing of each other's to name a finding.

pub mod attr;
mod diagnostic;
mod finding;
mod hex;
mod kind;
mod purl;
mod warning;

pub use diagnostic::{ConfigError, ConfigErrors};
pub use finding::{Attrs, Evidence, Finding, Mark, Results, identity_key, placeholder};
pub use hex::{hex, is_commit};
pub use kind::Kind;
pub use purl::{normalise_pypi, purl};
pub use warning::{Code, Warning};
