//! The incident model: pure data, no I/O, no terminal, no parsing of prose.
//!
//! Every time keeps the UTC offset it was written with (`DateTime<FixedOffset>`), so an
//! incident told in `+02:00` is shown in `+02:00` and compared correctly with one told in UTC.

mod action;
mod event;
pub mod ids;
mod incident;
mod inference;
mod name;
mod shared;
pub mod text;
mod thin;

pub use action::{ActionItem, ActionKind, ActionStatus};
pub use event::{Branch, Event, EventKind, LineNo, Outcome};
pub use incident::{DeclaredMilestones, Incident, Lessons, MilestoneKind, Severity, Status};
pub use inference::{Inference, RuleId};
pub use name::Name;
pub(crate) use shared::BlockRange;
pub use shared::{SharedStr, TextBlock};
pub use thin::{Links, ThinStr};

/// The time type used everywhere in the model.
pub type Timestamp = chrono::DateTime<chrono::FixedOffset>;
