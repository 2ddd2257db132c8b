//! The GitHub App side (`aibom serve`): settings, signed webhooks, the durable
//! queue and the HTTP routes. The worker that turns queued jobs into check runs
//! and comments builds on these (not yet wired into a command).

pub mod events;
pub mod metrics;
pub mod routes;
pub mod run;
pub mod settings;
pub mod signature;
pub mod snapshot;
pub mod store;
pub mod worker;
