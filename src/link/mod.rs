//! The link stage, between scan and bom. A file's detector sees one file; what
//! only the whole tree can settle is settled here, in this order:
//!
//! 1. [`lockfiles`]: manifests and lockfiles together (a declared dependency
//!    a lockfile pins is that locked package; go.sum gives hashes to go.mod's
//!    build list, nothing more; .NET central package versions).
//! 2. [`terraform`]: `var.NAME` / `local.NAME` model references against the
//!    module's `.tfvars`, defaults and locals.
//! 3. [`config_keys`]: models read by configuration key against the tree's
//!    configuration files.
//! 4. [`directory_tie`]: models found by value in a file that is not bound to
//!    AI by itself stand only when their directory is.
//!
//! The resolvers combine sealed strings; the result is sealed again (one
//! keyword pass per string), so the bom stage takes only a [`Linked`] scan.

pub mod config_keys;
pub mod directory_tie;
pub mod lockfiles;
pub mod model_names;
pub mod terraform;

use std::ops::Deref;

use crate::catalog::Catalog;
use crate::scan::Sealed;
use crate::vocab::Results;

/// A scan's results after the link stage: sealed, findings in identity-key then
/// evidence order. The only input the bom stage takes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Linked(Sealed<Results>);

impl Linked {
    /// The sealed results, to take apart.
    pub fn into_sealed(self) -> Sealed<Results> {
        self.0
    }
}

impl Deref for Linked {
    type Target = Results;
    fn deref(&self) -> &Results {
        &self.0
    }
}

/// Runs every cross-file resolver over one scan's results.
pub fn link(scan: Sealed<Results>, catalog: &Catalog) -> Linked {
    let mut r = scan.into_inner();
    lockfiles::reconcile(&mut r.findings);
    lockfiles::go_build_list(&mut r.findings);
    lockfiles::nuget_central(&mut r.findings);
    terraform::resolve(&mut r.findings);
    config_keys::resolve(&mut r.findings);
    directory_tie::resolve(&mut r.findings);
    model_names::resolve(&mut r.findings, catalog);
    Linked(Sealed::seal(catalog.redactor(), r).sorted())
}
