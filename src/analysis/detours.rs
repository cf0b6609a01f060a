//! Detours: investigation branches that were ruled out, measured on the timeline.

use serde::Serialize;

use crate::model::{Incident, Outcome, Timestamp};

/// The time a ruled-out branch took.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DetourSpan {
    /// The branch id.
    pub branch: String,
    /// The hypothesis, as told.
    pub summary: String,
    pub start: Timestamp,
    /// The event that ruled it out, or — for a detour told in one event — the next event.
    pub end: Timestamp,
    /// Indexes of the branch's events in the timeline.
    pub events: Vec<usize>,
    /// True when the span was closed by the next event because the detour was told in one.
    pub closed_by_next_event: bool,
}

impl DetourSpan {
    pub fn duration(&self) -> chrono::Duration {
        self.end - self.start
    }
}

/// Every ruled-out branch that has at least one event, in order of start.
///
/// A detour spans from its first event to its last; told in a single event, it lasts until the
/// next event on the timeline after it (any branch), or is zero-length if it is the last event.
pub fn detours(incident: &Incident) -> Vec<DetourSpan> {
    let mut out: Vec<DetourSpan> = incident
        .branches
        .iter()
        .filter(|b| b.outcome == Outcome::RuledOut)
        .filter_map(|b| {
            let events: Vec<usize> = incident
                .timeline
                .iter()
                .enumerate()
                .filter(|(_, e)| e.branch.as_deref() == Some(b.id.as_str()))
                .map(|(i, _)| i)
                .collect();
            let first = *events.first()?;
            let last = *events.last()?;
            let start = incident.timeline[first].at;
            let (end, by_next) = if events.len() == 1 {
                let next = incident.timeline[first + 1..]
                    .iter()
                    .find(|e| e.at > start)
                    .map(|e| e.at);
                (next.unwrap_or(start), true)
            } else {
                (incident.timeline[last].at.max(start), false)
            };
            Some(DetourSpan {
                branch: b.id.clone(),
                summary: b.hypothesis.clone(),
                start,
                end,
                events,
                closed_by_next_event: by_next,
            })
        })
        .collect();
    out.sort_by_key(|d| d.start);
    out
}

/// Wall-clock time spent on at least one detour (overlaps counted once).
pub fn total_detour_time(spans: &[DetourSpan]) -> chrono::Duration {
    let mut intervals: Vec<(Timestamp, Timestamp)> =
        spans.iter().map(|d| (d.start, d.end)).collect();
    intervals.sort();
    let mut total = chrono::Duration::zero();
    let mut current: Option<(Timestamp, Timestamp)> = None;
    for (s, e) in intervals {
        match current {
            Some((cs, ce)) if s <= ce => current = Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                total += ce - cs;
                current = Some((s, e));
            }
            None => current = Some((s, e)),
        }
    }
    if let Some((cs, ce)) = current {
        total += ce - cs;
    }
    total
}
