//! The report stage: renderings of scan results and diffs for people and tools.

pub mod table;
