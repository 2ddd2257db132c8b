//! aibom: one static scan of a repository → one CycloneDX 1.6 document that is
//! both an SBOM and an AIBOM; diffs of two scans gate pull requests.
//!
//! Pipeline, one module per stage:
//! [`source`] → [`scan`] (with the [`catalog`]) → [`link`] → [`bom`] →
//! [`diff`] → [`policy`] → [`report`];
//! [`cli`] drives it. See `ARCHITECTURE.md`.

pub mod action;
pub mod bom;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod diff;
pub mod github;
pub mod link;
pub mod policy;
pub mod report;
pub mod scan;
pub mod server;
pub mod source;
pub mod vocab;
