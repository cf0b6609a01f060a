//! Pure functions of the model: milestones, durations, detour spans, phases, distributions.

pub mod detours;
pub mod distribution;
pub mod lint;
pub mod metrics;
pub mod milestones;

pub use detours::{DetourSpan, detours};
pub use distribution::{Distribution, summarize};
pub use metrics::{Durations, Metric, Phase, PhaseKind, durations, phases};
pub use milestones::{Milestone, MilestoneSource, Milestones, milestones};

use crate::model::Incident;

/// Everything derived from one incident, computed once when it is loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub milestones: Milestones,
    pub detours: Vec<DetourSpan>,
    pub durations: Durations,
    pub phases: Vec<Phase>,
}

pub fn analyze(incident: &Incident) -> Analysis {
    let milestones = milestones(incident);
    let detours = detours(incident);
    let durations = durations(&milestones, &detours);
    let phases = phases(&milestones);
    Analysis {
        milestones,
        detours,
        durations,
        phases,
    }
}

/// `0s`, `45s`, `5m`, `1h30m`, `2d4h` — compact, for chips and tables.
pub fn format_duration(d: chrono::Duration) -> String {
    let neg = d < chrono::Duration::zero();
    let s = d.num_seconds().abs();
    let (days, hours, mins, secs) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
    let body = if days > 0 {
        if hours > 0 {
            format!("{days}d{hours}h")
        } else {
            format!("{days}d")
        }
    } else if hours > 0 {
        if mins > 0 {
            format!("{hours}h{mins}m")
        } else {
            format!("{hours}h")
        }
    } else if mins > 0 {
        if secs > 0 && mins < 10 {
            format!("{mins}m{secs}s")
        } else {
            format!("{mins}m")
        }
    } else {
        format!("{secs}s")
    };
    if neg { format!("-{body}") } else { body }
}

/// Neutral words for a detour: "ruled out after 15m".
pub fn detour_label(d: &DetourSpan) -> String {
    format!("ruled out after {}", format_duration(d.duration()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_durations() {
        let f = |s| format_duration(chrono::Duration::seconds(s));
        assert_eq!(f(0), "0s");
        assert_eq!(f(45), "45s");
        assert_eq!(f(300), "5m");
        assert_eq!(f(330), "5m30s");
        assert_eq!(f(5400), "1h30m");
        assert_eq!(f(8100), "2h15m");
        assert_eq!(f(7200), "2h");
        assert_eq!(f(86_400 * 2 + 3600 * 4 + 60), "2d4h");
        assert_eq!(f(-300), "-5m");
    }
}
