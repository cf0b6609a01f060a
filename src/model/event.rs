use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

use super::{Inference, Links, Name, SharedStr, ThinStr, Timestamp};

/// What an event is, in the incident's story. The milestone kinds
/// (`impact-start`, `detection`, `acknowledge`, `identified`, `mitigation`, `resolution`)
/// mark the moments the durations are measured between.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// The change or condition that set the incident off (a deploy, a config push).
    Trigger,
    /// Users start to be affected.
    ImpactStart,
    /// Someone or something noticed (an alert fired, a customer report).
    Detection,
    /// More people or another team pulled in.
    Escalation,
    /// A responder took ownership.
    Acknowledge,
    /// Looking into it.
    Investigation,
    /// A theory being tested (usually on a branch).
    Hypothesis,
    /// Something done to the system.
    Action,
    /// The cause was found.
    Identified,
    /// Impact stopped or was worked around.
    Mitigation,
    /// Systems recovering, backlog draining.
    Recovery,
    /// Fully resolved.
    Resolution,
    /// Status page, customer or internal communication.
    Communication,
    /// Anything else.
    Note,
}

impl EventKind {
    pub const ALL: [EventKind; 14] = [
        EventKind::Trigger,
        EventKind::ImpactStart,
        EventKind::Detection,
        EventKind::Escalation,
        EventKind::Acknowledge,
        EventKind::Investigation,
        EventKind::Hypothesis,
        EventKind::Action,
        EventKind::Identified,
        EventKind::Mitigation,
        EventKind::Recovery,
        EventKind::Resolution,
        EventKind::Communication,
        EventKind::Note,
    ];

    /// The name used in files and on the command line (`impact-start`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Trigger => "trigger",
            EventKind::ImpactStart => "impact-start",
            EventKind::Detection => "detection",
            EventKind::Escalation => "escalation",
            EventKind::Acknowledge => "acknowledge",
            EventKind::Investigation => "investigation",
            EventKind::Hypothesis => "hypothesis",
            EventKind::Action => "action",
            EventKind::Identified => "identified",
            EventKind::Mitigation => "mitigation",
            EventKind::Recovery => "recovery",
            EventKind::Resolution => "resolution",
            EventKind::Communication => "communication",
            EventKind::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<EventKind> {
        let norm = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        EventKind::ALL.into_iter().find(|k| k.as_str() == norm)
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One moment on the timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    pub at: Timestamp,
    pub kind: EventKind,
    /// What happened, in the writer's words: read as a `&str`, set from any string. Loaders put
    /// an incident's texts in one block ([`Incident::share_text`](super::Incident::share_text));
    /// 16 bytes, the `Box<str>` it replaced.
    pub text: SharedStr,
    /// Who did or said it (interned: a corpus has few authors and many events).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<Name>,
    /// Links (dashboards, tickets, chat threads); 8 bytes and no heap block when none.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub links: Links,
    /// A key moment of the story, drawn stronger.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub key: bool,
    /// The time was given as approximate (`23:00-ish`, `~23:00`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
    /// The id of the investigation branch this event belongs to (interned).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch: Option<Name>,
    /// Set when the kind was inferred from the text rather than written down (8 bytes: the
    /// rule and its interned words, held in the event, no heap block).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inferred: Option<Inference>,
    /// Where the event was imported from: a reference into its source
    /// (`slack:C08INC2417/1741740761.000500`, `pagerduty:PQ7R2LX/R1ACKN0004`,
    /// `incident.io:INC-2417/update/01JP…`). When several sources told the same moment, their
    /// references separated by spaces, the one whose text is shown first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<ThinStr>,
    /// The 1-based line of the source file the event was read from, when known (4 bytes;
    /// [`Event::line`] reads it as a `usize`).
    #[serde(skip)]
    pub line: Option<LineNo>,
}

impl Event {
    pub fn new(at: Timestamp, kind: EventKind, text: impl Into<SharedStr>) -> Self {
        Event {
            at,
            kind,
            text: text.into(),
            author: None,
            links: Links::default(),
            key: false,
            approximate: false,
            branch: None,
            inferred: None,
            source: None,
            line: None,
        }
    }

    /// The 1-based line of the source file the event was read from, when known.
    pub fn line(&self) -> Option<usize> {
        self.line.map(LineNo::get)
    }
}

/// A line number of a source file (1-based; 0 where a caller means "no line"), in 4 bytes
/// (`Option<LineNo>` too): an event holds one, and a loaded corpus holds a million events
/// (issue 10). Files are read up to [`max_file_bytes`](crate::ingest::max_file_bytes), far
/// below `u32::MAX` lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineNo(NonZeroU32);

impl LineNo {
    /// Line `line`; `None` past `u32::MAX - 1`, which no file read here reaches.
    pub fn new(line: usize) -> Option<LineNo> {
        u32::try_from(line)
            .ok()
            .and_then(|l| l.checked_add(1))
            .and_then(NonZeroU32::new)
            .map(LineNo)
    }

    /// The line number.
    pub fn get(self) -> usize {
        self.0.get() as usize - 1
    }
}

impl std::fmt::Display for LineNo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

/// How an investigation thread ended.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Still being looked at.
    #[default]
    Open,
    /// Tested and found not to be the cause: a detour.
    RuledOut,
    /// This was it.
    Confirmed,
    /// Neither confirmed nor ruled out.
    Inconclusive,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Open => "open",
            Outcome::RuledOut => "ruled-out",
            Outcome::Confirmed => "confirmed",
            Outcome::Inconclusive => "inconclusive",
        }
    }
}

/// An investigation thread: a hypothesis followed for a while.
/// A branch whose outcome is [`Outcome::RuledOut`] is a detour.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Branch {
    /// Short id that events refer to (`rollback`, `network`).
    pub id: String,
    /// The theory, in neutral words ("Recent deploy caused the CPU spike").
    pub hypothesis: String,
    pub outcome: Outcome,
    /// Set when the branch was inferred from prose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inferred: Option<Inference>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A loaded corpus holds one `Event` per timeline entry (a million for the reference
    /// corpus), so its size is most of the memory beyond the text itself (issue 10). It was
    /// 192 bytes with `String` text fields, an inline `Inference` and a `Vec` of links; the
    /// boxed fields kept it at 128; interned author, branch and inference words (`Name`, 4
    /// bytes) with the inference held inline, and links and source behind one thin pointer
    /// each, kept it at 88; the line number in 4 bytes ([`LineNo`], was `Option<usize>`, 16)
    /// keeps it at 72. A field added to it must keep to the bound or move the bound here
    /// with the memory figures in the README's "At scale" section.
    #[test]
    fn an_event_stays_small() {
        let size = std::mem::size_of::<Event>();
        println!("size_of::<Event>() = {size} bytes");
        assert!(size <= 72, "Event grew to {size} bytes (bound: 72)");
    }

    #[test]
    fn a_line_number_reads_back_as_written() {
        for line in [0, 1, 2, 4_000_000, u32::MAX as usize - 1] {
            assert_eq!(LineNo::new(line).map(LineNo::get), Some(line));
        }
        assert_eq!(LineNo::new(u32::MAX as usize), None);
        assert_eq!(std::mem::size_of::<Option<LineNo>>(), 4);
        assert!(LineNo::new(3) < LineNo::new(10));
        assert_eq!(
            LineNo::new(12).map(|l| l.to_string()).as_deref(),
            Some("12")
        );
    }
}
