//! The report stage: one [`json::Report`] rendered for people (markdown, the
//! table), machines (JSON), code scanning (SARIF) and GitHub's check-run API.

pub mod check_run;
pub mod escape;
pub mod json;
pub mod markdown;
pub mod review;
pub mod sarif;
pub mod table;
