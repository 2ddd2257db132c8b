//! Integration tests: one binary, one module per stage or detector.

mod common;
mod config_errors;
mod config_files;
mod repo;
#[macro_use]
mod db;

mod action;
mod app;
mod bad_input;
mod bom_shape;
mod cli;
mod diff;
mod env_secrets;
mod fake_github;
mod git_source;
mod github_client;
mod hostile_size;
mod injection;
mod javascript;
mod lineage;
mod policy;
mod polyglot;
mod python;
mod reconcile;
mod report;
mod review;
mod sbom;
mod sbom_real;
mod secret_corpus;
mod serve_process;
mod server;
mod server_limits;
mod switch;
mod tarball;
mod values;
mod weights;
