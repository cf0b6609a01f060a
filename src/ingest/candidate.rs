//! The format-independent entry: what every front end (Markdown today; Slack, pager logs next)
//! hands the importer's pipeline.
//!
//! ```text
//! front end  →  Story { fields, entries: [Entry], remarks, stated span and durations }
//!            →  resolve (times → instants)  →  classify (the lexicon)
//!            →  link branches (detours)     →  milestones (analysis)
//! ```
//! A front end only finds candidates and what the document states; it never decides a kind, a
//! detour or a milestone ([`crate::ingest::pipeline::build`] does, the same way for every source).

use chrono::{Duration, FixedOffset, NaiveDate, NaiveTime};

use super::clock::{ParsedTime, Zone};
use crate::model::{EventKind, Incident, Inference, Timestamp};

/// How a candidate's time is known.
#[derive(Clone, Debug)]
pub enum When {
    /// A clock time as written (maybe with a date and a zone), placed on the calendar by
    /// [`crate::ingest::resolve`] (midnight roll-over, the incident's day and zone).
    At(ParsedTime),
    /// An exact instant (a Slack `ts`, a pager log entry): used as it is.
    Instant(Timestamp),
    /// No time written: it happened at (or after) the entry before.
    Inherit,
    /// Only a day was written (with the part of the day when one was: `(Afternoon)`).
    Day(NaiveDate, Option<NaiveTime>),
    /// An offset from the last entry with a time of its own (`+10 minutes`, `T+1h30m`, in a
    /// timeline counted from one moment).
    After(chrono::Duration),
}

/// One timeline entry before it is placed on the calendar.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// 1-based line of the source the entry starts on.
    pub line: usize,
    pub when: When,
    /// The entry's words, as written (inline markup already read).
    pub text: String,
    pub links: Vec<String>,
    pub author: Option<String>,
    /// The caption the entry was written under (`Misleading paths:`), read with the text
    /// when classifying but not shown as the event's text.
    pub context: Option<String>,
    /// The end of a range written as the entry's time (`~10:00-10:15 - Latency climbs`); the
    /// entry itself is at the start.
    pub until: Option<ParsedTime>,
    /// The zone this entry is told in when it is not simply the document's: a region written
    /// on the entry (`10:30 ET`), or the zone of the table column (`| Time (CET) |`) or of the
    /// dated heading (`### 2025-01-01 (UTC)`) it sits under. The Markdown front end's
    /// `apply_zones` turns it into the entry's offset on its day.
    pub zone: Option<Zone>,
    /// The offset in `when` was not written on this entry; it is `zone`'s, or the document
    /// region's, on the entry's day (so a timeline that crosses a change of the clocks gets
    /// both offsets). Not "a time written in another zone".
    pub zone_filled: bool,
    /// What a structured source (a chat export, a pager log, an incident tool) says about the
    /// entry beyond its words; `None` for prose. Boxed: prose entries pay one pointer.
    pub origin: Option<Box<Origin>>,
}

impl Candidate {
    /// An entry at `line` with nothing but its time and text.
    pub fn new(line: usize, when: When, text: String) -> Self {
        Candidate {
            line,
            when,
            text,
            links: Vec::new(),
            author: None,
            context: None,
            until: None,
            zone: None,
            zone_filled: false,
            origin: None,
        }
    }

    /// An entry a structured source recorded at an exact instant (a chat message, a pager log
    /// entry, an incident tool's update): `line` is where it starts in the export.
    pub fn recorded(line: usize, at: Timestamp, text: String) -> Self {
        Candidate::new(line, When::Instant(at), text)
    }

    /// Add a line that belongs to this entry (a paragraph or list under a time heading): list
    /// items are joined with `; `, a new paragraph after words without a full stop with `. `,
    /// other text (a wrapped line) with a space.
    pub(crate) fn extend(
        &mut self,
        text: &str,
        links: &[String],
        is_item: bool,
        new_paragraph: bool,
    ) {
        if self.text.is_empty() {
            self.text = text.to_string();
        } else {
            let ended = self.text.ends_with(['.', ':', ';', '!', '?']);
            let sep = match (is_item, new_paragraph) {
                (true, _) if !ended => "; ",
                (false, true) if !ended => ". ",
                _ => " ",
            };
            self.text.push_str(sep);
            self.text.push_str(text);
        }
        self.links.extend(links.iter().cloned());
    }
}

/// What a structured source knows about one entry: where it is in the source, which thread it
/// belongs to, whether people marked it, and a kind its structure states.
#[derive(Clone, Debug, Default)]
pub struct Origin {
    /// The reference written to the event's `source` (`slack:C08INC2417/1741740761.000500`).
    /// The part before the first `:` names the source system: entries of two different systems
    /// at the same moment may be the same moment told twice (see [`crate::ingest::pipeline`]).
    pub reference: String,
    /// Entries with the same thread belong to the same investigation branch when their words
    /// tell of a theory (a chat thread: its root and replies); `None` links by timeline order.
    pub thread: Option<String>,
    /// People marked the entry as a key moment (pinned, a 📌 reaction), or it marks a milestone
    /// the source states.
    pub key: bool,
    /// A kind the source's structure gives the entry.
    pub kind: Option<SourceKind>,
    /// A branch the source states the entry is on (the Branch column of retrace's own Markdown
    /// export), instead of one read from its words.
    pub branch: Option<StatedBranch>,
    /// Milestones the source states this entry marks (`◆ DETECTED` in the Kind column of
    /// retrace's own Markdown export).
    pub marks: Vec<crate::model::MilestoneKind>,
}

/// A branch an entry is stated to be on: its id, and its outcome when this entry says it (the
/// branch's last entry does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatedBranch {
    pub id: String,
    pub outcome: Option<crate::model::Outcome>,
}

/// A kind given by a source's structure (a pager's log entry type, an incident tool's status).
#[derive(Clone, Debug)]
pub struct SourceKind {
    pub kind: EventKind,
    /// The source rule and the words or field it read.
    pub why: Inference,
    /// `true`: the structure says what the entry is (a trigger entry is a detection whatever it
    /// says), and its words give no kind, branch or milestone. `false`: a default, used only when
    /// the words say nothing telling.
    pub stated: bool,
}

/// What a front end yields for the timeline, in source order.
#[derive(Clone, Debug)]
pub enum Entry {
    Event(Candidate),
    /// The following clock times are on this day.
    SetDate(NaiveDate),
    /// "Day N" heading.
    Day(u32),
    /// A timeline item that has no time and nothing before it to attach to.
    Orphan {
        line: usize,
        text: String,
    },
}

/// A paragraph outside the timeline (root cause, contributing factors, a summary ...): where
/// theories are often ruled out in words and never on the timeline.
#[derive(Clone, Debug)]
pub struct Remark {
    /// 1-based line the paragraph starts on.
    pub line: usize,
    /// The paragraph, wrapped lines joined.
    pub text: String,
}

/// The outage's span as the document states it ("lasted from 10:30 AM to 12:45 PM"), each
/// end a clock time placed like a timeline time.
#[derive(Clone, Debug, Default)]
pub struct StatedSpan {
    pub start: Option<(ParsedTime, Inference)>,
    pub end: Option<(ParsedTime, Inference)>,
    /// When the incident was detected, as a field states it (`Detected: 2022-04-28 10:34`).
    pub detected: Option<(ParsedTime, Inference)>,
    /// How the incident was detected, as a field tells it in words and without a time
    /// (`Detected by: memories CLI failures and direct curl checks`, `Detection: a customer
    /// e-mail`).
    pub detected_by: Option<String>,
}

/// A duration the document states as a figure ("Time to recovery: 68 minutes",
/// `| Incident duration | 3h 45m |`), with the words it was read from and its line.
#[derive(Clone, Debug)]
pub struct StatedDuration {
    pub length: Duration,
    pub why: Inference,
    pub line: usize,
}

/// Stated duration figures, used when the timeline does not state the milestone they measure,
/// and checked against it when it does.
#[derive(Clone, Debug, Default)]
pub struct StatedDurations {
    /// Time to resolve (incident duration, time to recovery).
    pub ttr: Option<StatedDuration>,
    /// Time to detect.
    pub ttd: Option<StatedDuration>,
    /// How long the incident ran before its fix ("it took 1 hour from the start of the
    /// incident to the deploy of the fix", "had been failing for ~2 hours before the fix").
    pub before_fix: Option<StatedDuration>,
    /// How long from the first report to the end ("this incident was resolved in 2 hours and
    /// 2 minutes from the time of report"): resolved = detected + this, when the timeline
    /// does not state the end.
    pub resolved_after_report: Option<StatedDuration>,
}

/// An action the source lists as tried during the incident whose status says it failed (an
/// action-item table's `| Clone the container | mitigate | ben | **FAILED** |`): the action's
/// words, the status as written, and its 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedAttempt {
    pub line: usize,
    pub action: String,
    pub status: String,
}

/// Everything a front end read from one source, for [`crate::ingest::pipeline::build`].
#[derive(Clone, Debug, Default)]
pub struct Story {
    /// The fields the front end filled (title, severity, summary, impact, root cause,
    /// resolution, actions, lessons, date, timezone, declared milestones); the pipeline adds
    /// the timeline, branches and inferred milestones.
    pub incident: Incident,
    /// The timeline, in source order.
    pub entries: Vec<Entry>,
    /// Timed sentences from elsewhere in the document: added where the timeline has no entry
    /// within a minute of them.
    pub extra: Vec<Entry>,
    /// Paragraphs outside the timeline.
    pub remarks: Vec<Remark>,
    /// Action items listed as tried and failed (a status column saying so).
    pub failed_attempts: Vec<FailedAttempt>,
    /// The day clock-only times are on (the incident's date, else 1970-01-01 with
    /// `incident.undated` set).
    pub base_date: NaiveDate,
    /// The zone clock times without one are in; `None`: not stated (read as UTC).
    pub zone: Option<FixedOffset>,
    /// The incident's date is written as the incident's (a `Date:` field, front matter, the
    /// title), not read from the timeline's first day, the path or a sentence.
    pub date_stated: bool,
    pub span: StatedSpan,
    pub durations: StatedDurations,
    /// Per 1-based line, the column (1-based) its text starts at, for diagnostics; 0 unknown.
    pub columns: Vec<usize>,
}

impl Story {
    /// The 1-based column of a line's text, 0 when unknown.
    pub fn column(&self, line: usize) -> usize {
        self.columns.get(line).copied().unwrap_or(0)
    }
}
