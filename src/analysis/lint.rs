//! Checks of an incident's story that are not parse errors: missing or contradictory
//! milestones, branches nobody declared, detours with no events.

use serde::Serialize;

use super::Analysis;
use crate::model::{Incident, MilestoneKind, Outcome};

/// One finding; `event` points into the timeline when the finding is about an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub message: String,
    pub hint: String,
    pub event: Option<usize>,
}

impl Finding {
    fn new(message: impl Into<String>, hint: impl Into<String>, event: Option<usize>) -> Self {
        Finding {
            message: message.into(),
            hint: hint.into(),
            event,
        }
    }
}

pub fn lint(incident: &Incident, analysis: &Analysis) -> Vec<Finding> {
    let mut out = Vec::new();
    let m = &analysis.milestones;

    let missing: Vec<&str> = MilestoneKind::ALL
        .into_iter()
        .filter(|k| m.get(*k).is_none())
        .filter(|k| {
            // An ongoing incident is not expected to be resolved (or mitigated) yet.
            !(incident.effective_status() == crate::model::Status::Ongoing
                && matches!(k, MilestoneKind::Resolved | MilestoneKind::Mitigated))
        })
        .map(|k| k.as_str())
        .collect();
    if !missing.is_empty() {
        out.push(Finding::new(
            format!("milestones not stated: {}", missing.join(", ")),
            "add them as top-level keys (`detected: \"10:30\"`) or mark events with their kind (detection, acknowledge, identified, mitigation, resolution, impact-start); durations that need them are left empty",
            None,
        ));
    }

    // What the author wrote is checked, not what an importer inferred: kinds read from the
    // words of a Markdown postmortem may repeat, and an inferred milestone need not sit on the
    // first of them (`import --explain` says why each was chosen).
    for kind in MilestoneKind::ALL {
        let events: Vec<usize> = incident
            .timeline
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == kind.event_kind() && e.inferred.is_none())
            .map(|(i, _)| i)
            .collect();
        if events.len() > 1 {
            out.push(Finding::new(
                format!("{} events of kind `{}`; the first marks `{}`", events.len(), kind.event_kind(), kind.as_str()),
                "give the later ones another kind (e.g. `note` or `recovery`) unless the milestone really happened twice",
                Some(events[1]),
            ));
        }
        if let (Some(declared), Some(&first)) = (incident.milestones.get(kind), events.first())
            && incident.milestones.why(kind).is_none()
        {
            let ev = &incident.timeline[first];
            if ev.at != declared {
                out.push(Finding::new(
                    format!(
                        "`{}` is declared at {} but the `{}` event is at {}",
                        kind.as_str(),
                        declared.format("%Y-%m-%d %H:%M"),
                        kind.event_kind(),
                        ev.at.format("%Y-%m-%d %H:%M")
                    ),
                    "the declared time wins; make the two agree",
                    Some(first),
                ));
            }
        }
    }

    if let Some(started) = m.at(MilestoneKind::Started) {
        for ms in m
            .known()
            .filter(|ms| ms.kind != MilestoneKind::Started && ms.at < started)
        {
            let event = match ms.source {
                super::MilestoneSource::Event { index } => Some(index),
                _ => None,
            };
            out.push(Finding::new(
                format!("`{}` ({}) is before `started` ({})", ms.kind.as_str(), when(ms.at, started), when(started, ms.at)),
                "impact cannot start after it was detected or resolved; check the times or the `started` milestone",
                event,
            ));
        }
    }
    let order = [
        MilestoneKind::Detected,
        MilestoneKind::Acknowledged,
        MilestoneKind::Identified,
        MilestoneKind::Mitigated,
        MilestoneKind::Resolved,
    ];
    for pair in order.windows(2) {
        if let (Some(a), Some(b)) = (m.get(pair[0]), m.get(pair[1]))
            && b.at < a.at
        {
            out.push(Finding::new(
                format!(
                    "`{}` ({}) is before `{}` ({})",
                    pair[1].as_str(),
                    b.at.format("%H:%M"),
                    pair[0].as_str(),
                    a.at.format("%H:%M")
                ),
                "check both times; durations between them would be negative",
                None,
            ));
        }
    }

    for b in &incident.branches {
        let events = incident
            .timeline
            .iter()
            .filter(|e| e.branch.as_deref() == Some(b.id.as_str()))
            .count();
        if events == 0 {
            out.push(Finding::new(
                format!("branch `{}` has no events", b.id),
                "name it in the `branch:` field of the events that belong to it, or remove it",
                None,
            ));
        }
        if b.outcome == Outcome::Open
            && incident.effective_status() == crate::model::Status::Resolved
        {
            out.push(Finding::new(
                format!("branch `{}` is still open in a resolved incident", b.id),
                "set its outcome: ruled-out, confirmed or inconclusive",
                None,
            ));
        }
    }
    out
}

/// A time for a message: the clock alone when `other` is on the same day, else date and clock.
fn when(t: crate::model::Timestamp, other: crate::model::Timestamp) -> String {
    if t.date_naive() == other.with_timezone(t.offset()).date_naive() {
        t.format("%H:%M").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M").to_string()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::analysis::analyze;
    use crate::ingest::load_str;

    fn messages(path: &str, text: &str) -> Vec<String> {
        let inc = load_str(Path::new(path), text).unwrap().incident;
        lint(&inc, &analyze(&inc))
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn repeated_milestone_kinds_are_reported_only_where_the_author_wrote_them() {
        let yaml = "title: Queue stall\ndate: 2025-01-02\ntimezone: UTC\nstarted: \"09:55\"\n\
                    timeline:\n  - at: \"10:00\"\n    kind: detection\n    text: Alert\n\
                    \x20 - at: \"10:05\"\n    kind: detection\n    text: Another alert\n";
        assert!(
            messages("x.yaml", yaml)
                .iter()
                .any(|m| m.contains("2 events of kind `detection`")),
            "{:?}",
            messages("x.yaml", yaml)
        );
        // The same two detections read from a postmortem's words are the importer's, explained
        // by `import --explain`, not the author's to fix.
        let md = "# Queue stall\n\nDate: 2025-01-02\n\n## Timeline (UTC)\n\n\
                  - 10:00 Alert fires for the queue\n- 10:05 A customer reports the stall\n";
        assert!(
            !messages("x.md", md)
                .iter()
                .any(|m| m.contains("events of kind")),
            "{:?}",
            messages("x.md", md)
        );
    }
}
