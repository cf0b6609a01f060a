//! The incident model: pure data, no I/O, no terminal, no parsing of prose.
//!
//! Every time keeps the UTC offset it was written with (`DateTime<FixedOffset>`), so an
//! incident told in `+02:00` is shown in `+02:00` and compared correctly with one told in UTC.

/// Comparisons of a string-like type `$t` (one with `fn as_str(&self) -> &str`) with `str`,
/// `&str` and `String`, both ways round (but `String == $t`, which a type adds itself): a text
/// or a name compares as the words it holds.
macro_rules! eq_as_str {
    ($t:ty) => {
        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<String> for $t {
            fn eq(&self, other: &String) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<$t> for str {
            fn eq(&self, other: &$t) -> bool {
                self == other.as_str()
            }
        }

        impl PartialEq<$t> for &str {
            fn eq(&self, other: &$t) -> bool {
                *self == other.as_str()
            }
        }
    };
}

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
pub use shared::{SharedStr, TextBlock};
pub use thin::{Links, ThinStr};

/// The time type used everywhere in the model.
pub type Timestamp = chrono::DateTime<chrono::FixedOffset>;
