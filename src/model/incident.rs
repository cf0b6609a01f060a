use chrono::{FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{ActionItem, Branch, Event, EventKind, Inference, SharedStr, Timestamp};

/// Severity as written (`SEV1`, `P2`, `critical`); [`Severity::level`] ranks it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Severity(pub String);

impl Severity {
    /// 1 is the worst. `SEV1`, `sev-1`, `P1`, `1`, `critical` → 1; `major`/`high` → 2;
    /// `minor`/`medium` → 3; `low` → 4. `None` when the label is not understood.
    pub fn level(&self) -> Option<u8> {
        let s = self.0.trim().to_ascii_lowercase();
        if let Some(d) = s.chars().find(|c| c.is_ascii_digit()) {
            let rest: String = s.chars().filter(|c| c.is_ascii_alphabetic()).collect();
            if matches!(rest.as_str(), "" | "sev" | "p" | "s" | "severity" | "level") {
                return d.to_digit(10).map(|d| d as u8);
            }
        }
        match s.as_str() {
            "critical" | "crit" | "blocker" => Some(1),
            "major" | "high" => Some(2),
            "minor" | "medium" | "moderate" => Some(3),
            "low" | "trivial" => Some(4),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where the incident stands.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Still happening.
    #[default]
    Ongoing,
    /// Impact stopped, not yet fully resolved.
    Mitigated,
    /// Over.
    Resolved,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ongoing => "ongoing",
            Status::Mitigated => "mitigated",
            Status::Resolved => "resolved",
        }
    }
}

/// The six moments the durations are measured between.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MilestoneKind {
    Started,
    Detected,
    Acknowledged,
    Identified,
    Mitigated,
    Resolved,
}

impl MilestoneKind {
    pub const ALL: [MilestoneKind; 6] = [
        MilestoneKind::Started,
        MilestoneKind::Detected,
        MilestoneKind::Acknowledged,
        MilestoneKind::Identified,
        MilestoneKind::Mitigated,
        MilestoneKind::Resolved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneKind::Started => "started",
            MilestoneKind::Detected => "detected",
            MilestoneKind::Acknowledged => "acknowledged",
            MilestoneKind::Identified => "identified",
            MilestoneKind::Mitigated => "mitigated",
            MilestoneKind::Resolved => "resolved",
        }
    }

    /// The event kind that marks this milestone on the timeline.
    pub fn event_kind(self) -> EventKind {
        match self {
            MilestoneKind::Started => EventKind::ImpactStart,
            MilestoneKind::Detected => EventKind::Detection,
            MilestoneKind::Acknowledged => EventKind::Acknowledge,
            MilestoneKind::Identified => EventKind::Identified,
            MilestoneKind::Mitigated => EventKind::Mitigation,
            MilestoneKind::Resolved => EventKind::Resolution,
        }
    }

    pub fn from_event_kind(kind: EventKind) -> Option<MilestoneKind> {
        MilestoneKind::ALL
            .into_iter()
            .find(|m| m.event_kind() == kind)
    }
}

/// Milestones stated outright (in YAML fields, or by the importer from an explicit sentence such
/// as "the outage lasted from 10:30 to 12:45"). Analysis falls back to event kinds for the rest.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DeclaredMilestones {
    pub started: Option<Timestamp>,
    pub detected: Option<Timestamp>,
    pub acknowledged: Option<Timestamp>,
    pub identified: Option<Timestamp>,
    pub mitigated: Option<Timestamp>,
    pub resolved: Option<Timestamp>,
    /// Why each milestone was declared, when an importer inferred it from prose.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<(MilestoneKind, Inference)>,
}

impl DeclaredMilestones {
    pub fn get(&self, kind: MilestoneKind) -> Option<Timestamp> {
        match kind {
            MilestoneKind::Started => self.started,
            MilestoneKind::Detected => self.detected,
            MilestoneKind::Acknowledged => self.acknowledged,
            MilestoneKind::Identified => self.identified,
            MilestoneKind::Mitigated => self.mitigated,
            MilestoneKind::Resolved => self.resolved,
        }
    }

    pub fn set(&mut self, kind: MilestoneKind, at: Option<Timestamp>) {
        let slot = match kind {
            MilestoneKind::Started => &mut self.started,
            MilestoneKind::Detected => &mut self.detected,
            MilestoneKind::Acknowledged => &mut self.acknowledged,
            MilestoneKind::Identified => &mut self.identified,
            MilestoneKind::Mitigated => &mut self.mitigated,
            MilestoneKind::Resolved => &mut self.resolved,
        };
        *slot = at;
    }

    /// The reason recorded for an inferred milestone, if any.
    pub fn why(&self, kind: MilestoneKind) -> Option<&Inference> {
        self.inferred
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, i)| i)
    }
}

/// What the team learned.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Lessons {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub went_well: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub went_wrong: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lucky: Vec<String>,
}

impl Lessons {
    /// The non-empty groups with their headings, in reading order.
    pub fn sections(&self) -> impl Iterator<Item = (&'static str, &[String])> {
        [
            ("What went well", self.went_well.as_slice()),
            ("What went wrong", self.went_wrong.as_slice()),
            ("Where we got lucky", self.lucky.as_slice()),
        ]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
    }

    pub fn is_empty(&self) -> bool {
        self.went_well.is_empty() && self.went_wrong.is_empty() && self.lucky.is_empty()
    }
}

/// One incident: what happened, when, and what is being done about it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Incident {
    /// Stable id (`2024-08-15-checkout-db-cpu`); derived from the date and title when absent.
    pub id: String,
    pub title: String,
    pub severity: Option<Severity>,
    /// As written; `None` means "not stated" and [`Incident::effective_status`] derives one.
    pub status: Option<Status>,
    pub services: Vec<String>,
    /// The day the incident is told against, for clock-only times.
    pub date: Option<NaiveDate>,
    /// The source gave no date at all: times sit on a placeholder day (1970-01-01) so that
    /// durations still work, and views show clock times without a date.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub undated: bool,
    /// The zone the incident is told in (display default). `None` means UTC.
    #[serde(serialize_with = "serialize_offset")]
    pub timezone: Option<FixedOffset>,
    pub summary: Option<String>,
    pub impact: Option<String>,
    pub root_cause: Option<String>,
    pub resolution: Option<String>,
    pub lessons: Lessons,
    pub actions: Vec<ActionItem>,
    pub milestones: DeclaredMilestones,
    pub branches: Vec<Branch>,
    /// Events in time order (loaders sort stably; equal times keep file order).
    pub timeline: Vec<Event>,
}

impl Incident {
    /// Put the texts of the timeline in one block of text (see [`SharedStr::share`]): what a
    /// loader does once an incident is read, so that a loaded corpus holds no heap block per
    /// event text and the search index shares the texts instead of copying them.
    pub fn share_text(&mut self) {
        let mut texts: Vec<&mut SharedStr> =
            self.timeline.iter_mut().map(|e| &mut e.text).collect();
        SharedStr::share(&mut texts);
    }

    pub fn branch(&self, id: &str) -> Option<&Branch> {
        self.branches.iter().find(|b| b.id == id)
    }

    /// The stated status, or one derived from the milestones that are known.
    pub fn effective_status(&self) -> Status {
        if let Some(s) = self.status {
            return s;
        }
        let has = |m: MilestoneKind| {
            self.milestones.get(m).is_some()
                || self.timeline.iter().any(|e| e.kind == m.event_kind())
        };
        if has(MilestoneKind::Resolved) {
            Status::Resolved
        } else if has(MilestoneKind::Mitigated) {
            Status::Mitigated
        } else {
            Status::Ongoing
        }
    }

    /// The offset to show times in: the incident's zone, else the first event's, else UTC.
    pub fn display_offset(&self) -> FixedOffset {
        self.timezone
            .or_else(|| self.timeline.first().map(|e| *e.at.offset()))
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset is valid"))
    }

    /// Sort the timeline by time, keeping file order for equal times.
    pub fn sort_timeline(&mut self) {
        self.timeline.sort_by_key(|e| e.at);
    }
}

fn serialize_offset<S: serde::Serializer>(
    o: &Option<FixedOffset>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match o {
        Some(o) => s.serialize_some(&o.to_string()),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_levels() {
        for (s, l) in [
            ("SEV1", Some(1)),
            ("sev-2", Some(2)),
            ("P3", Some(3)),
            ("critical", Some(1)),
            ("Minor", Some(3)),
            ("banana", None),
            ("4", Some(4)),
        ] {
            assert_eq!(Severity(s.into()).level(), l, "{s}");
        }
    }
}
