//! The directory tie: a model found by value in a file not bound to AI by
//! itself (marked [`Mark::ValueUnbound`] by the scan) stands when another
//! file of its directory, outside tests, is bound to AI — or a file of the
//! directory just above it, unless that is the repository's root: a package's
//! registry often sits one level down (gptme's `gptme/llm/models/data.py`
//! under the `gptme/llm/` that calls the SDKs), while the root's `.env` or
//! compose file says nothing of what every top-level folder holds.

use std::collections::HashSet;

use crate::scan::code::values::binds;
use crate::scan::lineage::dir_of;
use crate::vocab::{Finding, Mark, attr};

/// Settles the directory tie: a value-found model of a file not bound to AI
/// is kept when another file of its directory or of its parent directory
/// (not the root), outside tests, is (and loses its marker), and dropped
/// otherwise.
pub fn resolve(findings: &mut Vec<Finding>) {
    if !findings
        .iter()
        .any(|f| f.marks.contains_key(&Mark::ValueUnbound))
    {
        return;
    }
    // Test code binds only itself: a test calling the package's client does
    // not make the package's constant tables usage.
    let bound: HashSet<String> = findings
        .iter()
        .filter(|f| binds(f.kind) && !f.marks.contains_key(&Mark::ValueUnbound))
        .filter(|f| f.attrs.get(attr::TEST_ONLY).is_none_or(|v| v != "true"))
        .map(|f| dir_of(&f.evidence.file).to_string())
        .collect();
    findings.retain_mut(|f| {
        if f.marks.remove(&Mark::ValueUnbound).is_none() {
            return true;
        }
        // `dir_of` of a top-level folder is the root, `.`, which never counts.
        let dir = dir_of(&f.evidence.file);
        let parent = dir_of(dir);
        bound.contains(dir) || (parent != "." && bound.contains(parent))
    });
}
