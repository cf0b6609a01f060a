//! How a loaded file is written in the cache: a mirror of [`Loaded`] in plain fields, encoded
//! with postcard.
//!
//! The model's own `Serialize` is the shape of the JSON exports (fields left out when empty,
//! the source line not written at all), which a compact encoding without field names cannot
//! read back; this mirror writes every field. Encoding and decoding name every field of every
//! model struct without `..`, so a field added to the model does not compile until it is
//! written here too (and the sources' fingerprint changes with it, so old entries are not read).

use std::cell::Cell;
use std::path::Path;

use chrono::{Datelike, FixedOffset, NaiveDate, TimeZone};
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::ingest::{Diagnostic, Format, Level, Loaded};
use crate::model::{
    ActionItem, ActionKind, ActionStatus, Branch, DeclaredMilestones, Event, EventKind, Incident,
    Inference, Lessons, MilestoneKind, Outcome, RuleId, Severity, SharedStr, Status, TextBlock,
    Timestamp,
};

/// Text borrowed from the entry's bytes (decoding copies only what the model keeps: interned
/// names are looked up, not allocated).
type Text<'a> = &'a str;

/// A loaded file. `T` is its timeline: written as a list of [`WireEvent`]s, read straight into
/// the model's events ([`Timeline`]; the same bytes).
#[derive(Serialize, Deserialize)]
struct WireLoaded<'a, T> {
    format: u8,
    looks_like_incident: bool,
    #[serde(borrow)]
    diagnostics: Vec<WireDiagnostic<'a>>,
    #[serde(borrow)]
    incident: WireIncident<'a, T>,
}

#[derive(Serialize, Deserialize)]
struct WireDiagnostic<'a> {
    line: u64,
    col: u64,
    level: u8,
    #[serde(borrow)]
    message: Text<'a>,
    #[serde(borrow)]
    hint: Option<Text<'a>>,
}

/// A time as seconds and nanoseconds since the epoch and its UTC offset in seconds.
#[derive(Serialize, Deserialize)]
struct WireTime {
    secs: i64,
    nanos: u32,
    offset: i32,
}

#[derive(Serialize, Deserialize)]
struct WireInference<'a> {
    /// The rule's place in [`RuleId::ALL`].
    rule: u16,
    #[serde(borrow)]
    matched: Text<'a>,
}

#[derive(Serialize, Deserialize)]
struct WireIncident<'a, T> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(borrow)]
    title: Text<'a>,
    #[serde(borrow)]
    severity: Option<Text<'a>>,
    status: Option<Status>,
    #[serde(borrow)]
    services: Vec<Text<'a>>,
    /// Days from the common era's first day.
    date: Option<i32>,
    undated: bool,
    timezone: Option<i32>,
    #[serde(borrow)]
    summary: Option<Text<'a>>,
    #[serde(borrow)]
    impact: Option<Text<'a>>,
    #[serde(borrow)]
    root_cause: Option<Text<'a>>,
    #[serde(borrow)]
    resolution: Option<Text<'a>>,
    #[serde(borrow)]
    went_well: Vec<Text<'a>>,
    #[serde(borrow)]
    went_wrong: Vec<Text<'a>>,
    #[serde(borrow)]
    lucky: Vec<Text<'a>>,
    #[serde(borrow)]
    actions: Vec<WireAction<'a>>,
    /// Started, detected, acknowledged, identified, mitigated, resolved.
    milestones: [Option<WireTime>; 6],
    #[serde(borrow)]
    milestones_inferred: Vec<(MilestoneKind, WireInference<'a>)>,
    #[serde(borrow)]
    branches: Vec<WireBranch<'a>>,
    /// `Vec<WireEvent>` written, [`Timeline`] read.
    timeline: T,
}

#[derive(Serialize, Deserialize)]
struct WireAction<'a> {
    #[serde(borrow)]
    text: Text<'a>,
    kind: ActionKind,
    #[serde(borrow)]
    owner: Option<Text<'a>>,
    #[serde(borrow)]
    ticket: Option<Text<'a>>,
    status: ActionStatus,
    due: Option<i32>,
}

#[derive(Serialize, Deserialize)]
struct WireBranch<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(borrow)]
    hypothesis: Text<'a>,
    outcome: Outcome,
    #[serde(borrow)]
    inferred: Option<WireInference<'a>>,
}

#[derive(Serialize, Deserialize)]
struct WireEvent<'a> {
    at: WireTime,
    kind: EventKind,
    #[serde(borrow)]
    text: Text<'a>,
    #[serde(borrow)]
    author: Option<Text<'a>>,
    #[serde(borrow)]
    links: Vec<Text<'a>>,
    key: bool,
    approximate: bool,
    #[serde(borrow)]
    branch: Option<Text<'a>>,
    #[serde(borrow)]
    inferred: Option<WireInference<'a>>,
    #[serde(borrow)]
    source: Option<Text<'a>>,
    line: Option<u64>,
}

/// The cache's bytes for `loaded`; `None` when it cannot be cached as it is (a diagnostic about
/// another file: the cache stores the diagnostics of the file itself only).
pub(super) fn encode(loaded: &Loaded) -> Option<Vec<u8>> {
    let Loaded {
        path,
        format,
        incident,
        diagnostics,
        looks_like_incident,
    } = loaded;
    if diagnostics.iter().any(|d| &d.path != path) {
        return None;
    }
    let wire = WireLoaded {
        format: format_code(*format),
        looks_like_incident: *looks_like_incident,
        diagnostics: diagnostics.iter().map(diagnostic_to_wire).collect(),
        incident: incident_to_wire(incident),
    };
    postcard::to_stdvec(&wire).ok()
}

/// The loaded file back from the cache's bytes, its path and its diagnostics' paths `path`;
/// `None` when the bytes are not a whole entry.
pub(super) fn decode(bytes: &[u8], path: &Path) -> Option<Loaded> {
    ENTRY_BYTES.set(bytes.len());
    let wire: WireLoaded<'_, Timeline> = postcard::from_bytes(bytes).ok()?;
    let diagnostics = wire
        .diagnostics
        .into_iter()
        .map(|d| diagnostic_from_wire(d, path))
        .collect::<Option<Vec<_>>>()?;
    Some(Loaded {
        path: path.to_path_buf(),
        format: format_from_code(wire.format)?,
        incident: incident_from_wire(wire.incident)?,
        diagnostics,
        looks_like_incident: wire.looks_like_incident,
    })
}

const FORMATS: [Format; 6] = [
    Format::Yaml,
    Format::Markdown,
    Format::Slack,
    Format::PagerDuty,
    Format::IncidentIo,
    Format::Merged,
];

fn format_code(f: Format) -> u8 {
    FORMATS.iter().position(|x| *x == f).unwrap_or(0) as u8
}

fn format_from_code(c: u8) -> Option<Format> {
    FORMATS.get(usize::from(c)).copied()
}

const LEVELS: [Level; 3] = [Level::Note, Level::Warning, Level::Error];

fn diagnostic_to_wire(d: &Diagnostic) -> WireDiagnostic<'_> {
    let Diagnostic {
        path: _,
        line,
        col,
        level,
        message,
        hint,
    } = d;
    WireDiagnostic {
        line: *line as u64,
        col: *col as u64,
        level: LEVELS.iter().position(|l| l == level).unwrap_or(0) as u8,
        message,
        hint: hint.as_deref(),
    }
}

fn diagnostic_from_wire(d: WireDiagnostic<'_>, path: &Path) -> Option<Diagnostic> {
    Some(Diagnostic {
        path: path.to_path_buf(),
        line: usize::try_from(d.line).ok()?,
        col: usize::try_from(d.col).ok()?,
        level: *LEVELS.get(usize::from(d.level))?,
        message: d.message.to_owned(),
        hint: d.hint.map(str::to_owned),
    })
}

fn time_to_wire(t: &Timestamp) -> WireTime {
    WireTime {
        secs: t.timestamp(),
        nanos: t.timestamp_subsec_nanos(),
        offset: t.offset().local_minus_utc(),
    }
}

fn time_from_wire(t: &WireTime) -> Option<Timestamp> {
    FixedOffset::east_opt(t.offset)?
        .timestamp_opt(t.secs, t.nanos)
        .single()
}

fn date_from_wire(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(days)
}

/// `None` stays `None`; `Some(v)` becomes `Some(f(v))`, or the whole `None` when `f` fails.
fn opt<T, U>(v: Option<T>, f: impl FnOnce(T) -> Option<U>) -> Option<Option<U>> {
    match v {
        Some(v) => f(v).map(Some),
        None => Some(None),
    }
}

fn text(s: &str) -> Text<'_> {
    s
}

fn texts(v: &[String]) -> Vec<Text<'_>> {
    v.iter().map(|s| text(s)).collect()
}

fn owned(v: Vec<Text<'_>>) -> Vec<String> {
    v.into_iter().map(str::to_owned).collect()
}

fn inference_to_wire(i: &Inference) -> WireInference<'_> {
    let Inference { rule, matched } = i;
    WireInference {
        rule: RuleId::ALL.iter().position(|r| r == rule).unwrap_or(0) as u16,
        matched: text(matched),
    }
}

fn inference_from_wire(i: WireInference<'_>) -> Option<Inference> {
    Some(Inference {
        rule: *RuleId::ALL.get(usize::from(i.rule))?,
        matched: i.matched.into(),
    })
}

fn incident_to_wire(i: &Incident) -> WireIncident<'_, Vec<WireEvent<'_>>> {
    let Incident {
        id,
        title,
        severity,
        status,
        services,
        date,
        undated,
        timezone,
        summary,
        impact,
        root_cause,
        resolution,
        lessons,
        actions,
        milestones,
        branches,
        timeline,
    } = i;
    let Lessons {
        went_well,
        went_wrong,
        lucky,
    } = lessons;
    let DeclaredMilestones {
        started,
        detected,
        acknowledged,
        identified,
        mitigated,
        resolved,
        inferred,
    } = milestones;
    WireIncident {
        id: text(id),
        title: text(title),
        severity: severity.as_ref().map(|s| text(&s.0)),
        status: *status,
        services: texts(services),
        date: date.map(|d| d.num_days_from_ce()),
        undated: *undated,
        timezone: timezone.map(|z| z.local_minus_utc()),
        summary: summary.as_deref().map(text),
        impact: impact.as_deref().map(text),
        root_cause: root_cause.as_deref().map(text),
        resolution: resolution.as_deref().map(text),
        went_well: texts(went_well),
        went_wrong: texts(went_wrong),
        lucky: texts(lucky),
        actions: actions.iter().map(action_to_wire).collect(),
        milestones: [
            started,
            detected,
            acknowledged,
            identified,
            mitigated,
            resolved,
        ]
        .map(|t| t.as_ref().map(time_to_wire)),
        milestones_inferred: inferred
            .iter()
            .map(|(k, i)| (*k, inference_to_wire(i)))
            .collect(),
        branches: branches.iter().map(branch_to_wire).collect(),
        timeline: timeline.iter().map(event_to_wire).collect(),
    }
}

fn incident_from_wire(w: WireIncident<'_, Timeline>) -> Option<Incident> {
    let [
        started,
        detected,
        acknowledged,
        identified,
        mitigated,
        resolved,
    ] = w.milestones;
    let time = |t: Option<WireTime>| opt(t, |t| time_from_wire(&t));
    Some(Incident {
        id: w.id.to_owned(),
        title: w.title.to_owned(),
        severity: w.severity.map(|s| Severity(s.to_owned())),
        status: w.status,
        services: owned(w.services),
        date: opt(w.date, date_from_wire)?,
        undated: w.undated,
        timezone: opt(w.timezone, FixedOffset::east_opt)?,
        summary: w.summary.map(str::to_owned),
        impact: w.impact.map(str::to_owned),
        root_cause: w.root_cause.map(str::to_owned),
        resolution: w.resolution.map(str::to_owned),
        lessons: Lessons {
            went_well: owned(w.went_well),
            went_wrong: owned(w.went_wrong),
            lucky: owned(w.lucky),
        },
        actions: w
            .actions
            .into_iter()
            .map(action_from_wire)
            .collect::<Option<_>>()?,
        milestones: DeclaredMilestones {
            started: time(started)?,
            detected: time(detected)?,
            acknowledged: time(acknowledged)?,
            identified: time(identified)?,
            mitigated: time(mitigated)?,
            resolved: time(resolved)?,
            inferred: w
                .milestones_inferred
                .into_iter()
                .map(|(k, i)| Some((k, inference_from_wire(i)?)))
                .collect::<Option<_>>()?,
        },
        branches: w
            .branches
            .into_iter()
            .map(branch_from_wire)
            .collect::<Option<_>>()?,
        timeline: w.timeline.0,
    })
}

fn action_to_wire(a: &ActionItem) -> WireAction<'_> {
    let ActionItem {
        text: t,
        kind,
        owner,
        ticket,
        status,
        due,
    } = a;
    WireAction {
        text: text(t),
        kind: *kind,
        owner: owner.as_deref().map(text),
        ticket: ticket.as_deref().map(text),
        status: *status,
        due: due.map(|d| d.num_days_from_ce()),
    }
}

fn action_from_wire(a: WireAction<'_>) -> Option<ActionItem> {
    Some(ActionItem {
        text: a.text.to_owned(),
        kind: a.kind,
        owner: a.owner.map(str::to_owned),
        ticket: a.ticket.map(str::to_owned),
        status: a.status,
        due: opt(a.due, date_from_wire)?,
    })
}

fn branch_to_wire(b: &Branch) -> WireBranch<'_> {
    let Branch {
        id,
        hypothesis,
        outcome,
        inferred,
    } = b;
    WireBranch {
        id: text(id),
        hypothesis: text(hypothesis),
        outcome: *outcome,
        inferred: inferred.as_ref().map(inference_to_wire),
    }
}

fn branch_from_wire(b: WireBranch<'_>) -> Option<Branch> {
    Some(Branch {
        id: b.id.to_owned(),
        hypothesis: b.hypothesis.to_owned(),
        outcome: b.outcome,
        inferred: opt(b.inferred, inference_from_wire)?,
    })
}

fn event_to_wire(e: &Event) -> WireEvent<'_> {
    let Event {
        at,
        kind,
        text: t,
        author,
        links,
        key,
        approximate,
        branch,
        inferred,
        source,
        line,
    } = e;
    WireEvent {
        at: time_to_wire(at),
        kind: *kind,
        text: text(t),
        author: author.as_deref().map(text),
        links: texts(links),
        key: *key,
        approximate: *approximate,
        branch: branch.as_deref().map(text),
        inferred: inferred.as_ref().map(inference_to_wire),
        source: source.as_deref().map(text),
        line: line.map(|l| l.get() as u64),
    }
}

thread_local! {
    /// The length of the entry being decoded on this thread: a bound on the events it can hold
    /// (see [`Timeline`]), so that a length read from a damaged entry reserves no more memory
    /// than the entry could fill.
    static ENTRY_BYTES: Cell<usize> = const { Cell::new(0) };
}

/// The fewest bytes an event takes in an entry (13: its time 3, and a byte for each other
/// field; a few fewer here, to be safe).
const MIN_EVENT_BYTES: usize = 8;

/// A timeline read from an entry: the events themselves, decoded one at a time from the bytes
/// (the `Vec<WireEvent>` it is written as is never built: for a 1,000,000-event incident that
/// list was 150 MB grown by doubling, copied and faulted in, a fifth of the warm open).
///
/// The events are in a vector of their exact length (a collect through `Option` cannot know
/// it and grows the vector by doubling: up to twice the events' memory for the whole corpus).
/// Their texts are put in one block, each event holding its range (as a parsed incident's are,
/// see [`crate::model::Incident::share_text`]): one heap block of text per incident.
struct Timeline(Vec<Event>);

impl<'de> Deserialize<'de> for Timeline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Timeline, D::Error> {
        d.deserialize_seq(TimelineVisitor)
    }
}

struct TimelineVisitor;

impl<'de> Visitor<'de> for TimelineVisitor {
    type Value = Timeline;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of events")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Timeline, A::Error> {
        let most = ENTRY_BYTES.get() / MIN_EVENT_BYTES + 1;
        let n = seq.size_hint().unwrap_or(0).min(most);
        let mut events = Vec::with_capacity(n);
        // The texts, borrowed from the entry, until their block can be made at its size.
        let mut texts: Vec<&'de str> = Vec::with_capacity(n);
        let placeholder = SharedStr::default();
        while let Some(e) = seq.next_element::<WireEvent<'de>>()? {
            texts.push(e.text);
            let event = event_from_wire(e, placeholder.clone())
                .ok_or_else(|| de::Error::custom("an event out of range"))?;
            events.push(event);
        }
        let mut block = String::with_capacity(texts.iter().map(|t| t.len()).sum());
        for t in &texts {
            block.push_str(t);
        }
        let block = TextBlock::new(block);
        let mut at = 0;
        for (e, t) in events.iter_mut().zip(&texts) {
            let end = at + t.len();
            e.text = block.slice(at, end);
            at = end;
        }
        Ok(Timeline(events))
    }
}

fn event_from_wire(e: WireEvent<'_>, text: SharedStr) -> Option<Event> {
    Some(Event {
        at: time_from_wire(&e.at)?,
        kind: e.kind,
        text,
        author: e.author.map(Into::into),
        links: owned(e.links).into(),
        key: e.key,
        approximate: e.approximate,
        branch: e.branch.map(Into::into),
        inferred: opt(e.inferred, inference_from_wire)?,
        source: e.source.map(Into::into),
        line: opt(e.line, |l| {
            usize::try_from(l).ok().and_then(crate::model::LineNo::new)
        })?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A damaged entry is no incident, and never a panic or a reservation of the memory its
    /// length claims: every cut of a whole entry, and a timeline claiming four billion events.
    #[test]
    fn a_damaged_entry_decodes_to_nothing() {
        let path = Path::new("a.yaml");
        let text = "id: a\ntitle: A\ndate: 2031-02-03\ntimeline:\n  - at: \"08:10\"\n    text: one\n    author: Noor\n  - at: \"08:12\"\n    text: two\n";
        let loaded = crate::ingest::load_str(path, text).unwrap();
        let bytes = encode(&loaded).unwrap();
        let back = decode(&bytes, path).unwrap();
        assert_eq!(back.incident.timeline.len(), 2);
        assert_eq!(&*back.incident.timeline[1].text, "two");
        assert!(
            back.incident.timeline[0]
                .text
                .same_block(&back.incident.timeline[1].text)
        );
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut], path).is_none(), "cut at {cut}");
        }
        // A length of 2^32 - 1 events, then nothing.
        let huge = [0xff, 0xff, 0xff, 0xff, 0x0f];
        ENTRY_BYTES.set(huge.len());
        assert!(postcard::from_bytes::<Timeline>(&huge).is_err());
    }
}
