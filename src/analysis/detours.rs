//! Detours: investigation branches that were ruled out, measured on the timeline.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{Event, Incident, Outcome, Timestamp};

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
    // One pass over the timeline, filing each event under its branch (linear in events: a
    // scan per branch grew with branches × events on large incidents).
    let mut by_branch: HashMap<&str, Vec<usize>> = incident
        .branches
        .iter()
        .filter(|b| b.outcome == Outcome::RuledOut)
        .map(|b| (b.id.as_str(), Vec::new()))
        .collect();
    if !by_branch.is_empty() {
        for (i, e) in incident.timeline.iter().enumerate() {
            if let Some(events) = e.branch.as_deref().and_then(|id| by_branch.get_mut(id)) {
                events.push(i);
            }
        }
    }
    let timeline = &incident.timeline;
    let later = NextLater::new(timeline);
    let mut out: Vec<DetourSpan> = incident
        .branches
        .iter()
        .filter(|b| b.outcome == Outcome::RuledOut)
        .filter_map(|b| {
            // Cloned, not taken: two branches declared with one id both get its events.
            let events = by_branch.get(b.id.as_str())?.clone();
            let first = *events.first()?;
            let last = *events.last()?;
            let start = timeline[first].at;
            let (end, by_next) = if events.len() == 1 {
                (later.after(timeline, first).unwrap_or(start), true)
            } else {
                (timeline[last].at.max(start), false)
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

/// For each event, the time of the first event after it in the timeline that is strictly later.
/// Computed backwards in one pass when the timeline is in time order (as loaders leave it);
/// otherwise each question is answered by a scan.
enum NextLater {
    Table(Vec<Option<Timestamp>>),
    Scan,
}

impl NextLater {
    fn new(timeline: &[Event]) -> NextLater {
        if !timeline.is_sorted_by_key(|e| e.at) {
            return NextLater::Scan;
        }
        let mut table = vec![None; timeline.len()];
        for i in (0..timeline.len().saturating_sub(1)).rev() {
            table[i] = if timeline[i + 1].at > timeline[i].at {
                Some(timeline[i + 1].at)
            } else {
                table[i + 1]
            };
        }
        NextLater::Table(table)
    }

    fn after(&self, timeline: &[Event], i: usize) -> Option<Timestamp> {
        match self {
            NextLater::Table(t) => t[i],
            NextLater::Scan => {
                let start = timeline[i].at;
                timeline[i + 1..]
                    .iter()
                    .find(|e| e.at > start)
                    .map(|e| e.at)
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Branch, EventKind};

    /// The definition, a scan of the timeline per branch, to compare the one-pass version with.
    fn by_definition(incident: &Incident) -> Vec<(String, Timestamp, Timestamp, usize, bool)> {
        let mut out = Vec::new();
        for b in incident
            .branches
            .iter()
            .filter(|b| b.outcome == Outcome::RuledOut)
        {
            let events: Vec<usize> = (0..incident.timeline.len())
                .filter(|&i| incident.timeline[i].branch.as_deref() == Some(b.id.as_str()))
                .collect();
            let (Some(&first), Some(&last)) = (events.first(), events.last()) else {
                continue;
            };
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
            out.push((b.id.clone(), start, end, events.len(), by_next));
        }
        out.sort_by_key(|d| d.1);
        out
    }

    fn one_pass(incident: &Incident) -> Vec<(String, Timestamp, Timestamp, usize, bool)> {
        detours(incident)
            .into_iter()
            .map(|d| {
                (
                    d.branch,
                    d.start,
                    d.end,
                    d.events.len(),
                    d.closed_by_next_event,
                )
            })
            .collect()
    }

    /// Many branches over many events, some told in one event, several events at one time,
    /// one id declared twice: the one-pass spans are the definition's.
    #[test]
    fn many_branches_give_the_spans_of_the_definition() {
        let base = chrono::DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z").unwrap();
        let branches = 400;
        let mut incident = Incident::default();
        for b in 0..branches {
            incident.branches.push(Branch {
                id: format!("b{}", b.min(branches - 2)),
                hypothesis: format!("theory {b}"),
                outcome: if b % 5 == 0 {
                    Outcome::Confirmed
                } else {
                    Outcome::RuledOut
                },
                inferred: None,
            });
        }
        for i in 0..20_000usize {
            // Every third event shares the time of the one before it.
            let at = base + chrono::Duration::seconds((i - i / 3) as i64);
            let mut e = Event::new(at, EventKind::Note, "x");
            // Branch b7 is told in one event; the others recur.
            let b = (i * 7919) % (branches + 100);
            if b < branches && b != 7 {
                e.branch = Some(format!("b{b}").into());
            }
            incident.timeline.push(e);
        }
        incident.timeline[4].branch = Some("b7".into());
        let spans = one_pass(&incident);
        let expected = by_definition(&incident);
        assert!(expected.len() > 300 && expected.iter().any(|d| d.4));
        assert_eq!(spans, expected);
        // Out of time order: the same answers through the scan.
        incident.timeline.swap(10, 10_000);
        let spans = one_pass(&incident);
        assert_eq!(spans, by_definition(&incident));
    }
}
