//! retrace: incident files in, one clear timeline out.
//!
//! Data flows one way: files → [`ingest`] → [`model`] → [`analysis`] → views
//! ([`commands`] for the CLI, [`export`]); only [`store`] writes files. [`search`] finds events
//! across every loaded incident.

pub mod analysis;
pub mod chart;
pub mod cli;
pub mod commands;
pub mod display;
pub mod export;
pub mod ingest;
pub mod model;
pub mod search;
pub mod store;
pub mod tui;
