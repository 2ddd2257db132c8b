//! The directory tie: a model found by value in a file not bound to AI by
//! itself (marked [`Mark::ValueUnbound`] by the scan) stands when another
//! file of its directory, outside tests, is bound to AI.

use std::collections::HashSet;

use crate::scan::code::values::binds;
use crate::scan::lineage::dir_of;
use crate::vocab::{Finding, Mark, attr};

/// Settles the directory tie: a value-found model of a file not bound to AI
/// is kept when another file of its directory, outside tests, is (and loses
/// its marker), and dropped otherwise.
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
        bound.contains(dir_of(&f.evidence.file))
    });
}
