//! Pure functions of the model: milestones, durations, detour spans, phases, distributions.

pub mod detours;
pub mod distribution;
pub mod lint;
pub mod metrics;
pub mod milestones;
pub mod patterns;

pub use detours::{DetourSpan, detours};
pub use distribution::{Distribution, Histogram, ShareDistribution, summarize};
pub use metrics::{Durations, Metric, Phase, PhaseKind, durations, phases};
pub use milestones::{Milestone, MilestoneSource, Milestones, milestones};
pub use patterns::{Patterns, Split, patterns};

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

#[cfg(test)]
mod analysis_tests {
    use super::*;
    use crate::model::{Branch, Event, EventKind, Incident, MilestoneKind, Outcome, Timestamp};

    fn t(hm: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(&format!("2024-08-15T{hm}:00Z")).unwrap()
    }

    fn ev(hm: &str, kind: EventKind, branch: Option<&str>) -> Event {
        let mut e = Event::new(t(hm), kind, format!("{kind} at {hm}"));
        e.branch = branch.map(Into::into);
        e
    }

    fn incident(events: Vec<Event>, branches: &[(&str, Outcome)]) -> Incident {
        Incident {
            title: "t".into(),
            timeline: events,
            branches: branches
                .iter()
                .map(|(id, o)| Branch {
                    id: id.to_string(),
                    hypothesis: format!("{id}?"),
                    outcome: *o,
                    inferred: None,
                })
                .collect(),
            ..Incident::default()
        }
    }

    #[test]
    fn declared_milestones_win_over_events() {
        let mut inc = incident(
            vec![
                ev("10:40", EventKind::Detection, None),
                ev("10:50", EventKind::Detection, None),
            ],
            &[],
        );
        let a = analyze(&inc);
        assert_eq!(a.milestones.at(MilestoneKind::Detected), Some(t("10:40")));
        assert_eq!(a.milestones.marked_by(0), Some(MilestoneKind::Detected));
        assert_eq!(a.milestones.marked_by(1), None);
        inc.milestones.detected = Some(t("10:35"));
        let a = analyze(&inc);
        assert_eq!(a.milestones.at(MilestoneKind::Detected), Some(t("10:35")));
        assert!(matches!(
            a.milestones.detected.unwrap().source,
            MilestoneSource::Declared { rule: None }
        ));
    }

    #[test]
    fn missing_milestones_give_no_durations() {
        let inc = incident(
            vec![
                ev("10:40", EventKind::Detection, None),
                ev("11:40", EventKind::Resolution, None),
            ],
            &[],
        );
        let a = analyze(&inc);
        assert_eq!(a.durations.ttd, None, "no start stated: no guess");
        assert_eq!(a.durations.ttr, None);
        assert_eq!(a.durations.detour_share, None);
    }

    #[test]
    fn durations_and_phases() {
        let mut inc = incident(
            vec![
                ev("10:30", EventKind::Detection, None),
                ev("10:35", EventKind::Acknowledge, None),
                ev("11:45", EventKind::Identified, None),
                ev("12:00", EventKind::Mitigation, None),
                ev("12:45", EventKind::Resolution, None),
            ],
            &[],
        );
        inc.milestones.started = Some(t("10:20"));
        let a = analyze(&inc);
        let d = &a.durations;
        assert_eq!(d.ttd.unwrap().num_minutes(), 10);
        assert_eq!(d.tta.unwrap().num_minutes(), 5);
        assert_eq!(d.tti.unwrap().num_minutes(), 85);
        assert_eq!(d.ttm.unwrap().num_minutes(), 100);
        assert_eq!(d.ttr.unwrap().num_minutes(), 145);
        let kinds: Vec<_> = a
            .phases
            .iter()
            .map(|p| (p.kind, p.duration().num_minutes()))
            .collect();
        assert_eq!(
            kinds,
            [
                (PhaseKind::Undetected, 10),
                (PhaseKind::Triage, 5),
                (PhaseKind::Diagnosis, 70),
                (PhaseKind::Mitigation, 15),
                (PhaseKind::Recovery, 45)
            ]
        );
        // Without an acknowledgement, triage folds into diagnosis rather than vanishing.
        inc.timeline.remove(1);
        let a = analyze(&inc);
        let kinds: Vec<_> = a
            .phases
            .iter()
            .map(|p| (p.kind, p.duration().num_minutes()))
            .collect();
        assert_eq!(kinds[1], (PhaseKind::Diagnosis, 75));
    }

    #[test]
    fn detour_spans_and_overlap() {
        let mut inc = incident(
            vec![
                ev("10:00", EventKind::Detection, None),
                ev("10:45", EventKind::Hypothesis, Some("rollback")),
                ev("10:50", EventKind::Hypothesis, Some("dns")),
                ev("11:00", EventKind::Action, Some("rollback")),
                ev("11:30", EventKind::Hypothesis, Some("network")),
                ev("11:45", EventKind::Identified, None),
                ev("12:00", EventKind::Resolution, None),
            ],
            &[
                ("rollback", Outcome::RuledOut),
                ("network", Outcome::RuledOut),
                ("dns", Outcome::Confirmed),
            ],
        );
        inc.milestones.started = Some(t("10:00"));
        let a = analyze(&inc);
        let spans: Vec<_> = a
            .detours
            .iter()
            .map(|d| (d.branch.as_str(), d.start, d.end))
            .collect();
        assert_eq!(
            spans,
            [
                ("rollback", t("10:45"), t("11:00")),
                ("network", t("11:30"), t("11:45"))
            ]
        );
        assert!(!a.detours[0].closed_by_next_event);
        assert!(a.detours[1].closed_by_next_event);
        assert_eq!(a.durations.detour.num_minutes(), 30);
        assert_eq!(a.durations.detour_share, Some(0.25));
        assert_eq!(detour_label(&a.detours[0]), "ruled out after 15m");
        // Overlapping detours count once.
        inc.branches.push(Branch {
            id: "cache".into(),
            hypothesis: "cache".into(),
            outcome: Outcome::RuledOut,
            inferred: None,
        });
        inc.timeline
            .insert(2, ev("10:50", EventKind::Hypothesis, Some("cache")));
        inc.timeline
            .insert(4, ev("11:05", EventKind::Note, Some("cache")));
        let a = analyze(&inc);
        assert_eq!(a.durations.detour.num_minutes(), 20 + 15);
    }

    #[test]
    fn last_event_detour_has_zero_length() {
        let inc = incident(
            vec![
                ev("10:00", EventKind::Detection, None),
                ev("10:30", EventKind::Hypothesis, Some("x")),
            ],
            &[("x", Outcome::RuledOut)],
        );
        let a = analyze(&inc);
        assert_eq!(a.detours[0].duration().num_seconds(), 0);
    }
}
