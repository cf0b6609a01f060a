//! retrace: incident files in, one clear timeline out.
//!
//! Data flows one way: files → [`ingest`] → [`model`] → [`analysis`] → views (TUI, CLI, export).

pub mod ingest;
pub mod model;
