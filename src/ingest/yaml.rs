//! The native YAML incident format — the one module that names the YAML crate.
//!
//! The file is read into document types ([`IncidentDoc`], [`EventDoc`]...) that mirror what
//! people write (times as text, kinds optional), then converted into the model, which resolves
//! clock times against `date` and `timezone` and locates every problem at `path:line:col`.
//! The same document types write incidents back ([`to_yaml`]) and generate the JSON Schema.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{FixedOffset, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::budget::{self, Budget, Budgeted};
use super::clock::{self, ClockResolver};
use super::{Diagnostic, LoadError, lexicon, nesting};
use crate::model::{
    ActionItem, ActionKind, ActionStatus, Branch, DeclaredMilestones, Event, EventKind, Incident,
    Inference, Lessons, MilestoneKind, Outcome, Severity, Status, Timestamp,
};

/// An incident file. Times are RFC 3339 (`2024-08-15T10:30:00Z`), a date and a clock
/// (`2024-08-15 10:30`), or a clock alone (`10:30`, `10:30 AM`, `23:00-ish`) read against
/// `date` and `timezone`; a clock earlier than the one before it is on the next day.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(title = "retrace incident")]
pub struct IncidentDoc {
    /// Stable id; derived from date and title when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// One line that names the incident.
    pub title: String,
    /// `SEV1`..`SEV4`, `P1`, `critical`...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Derived from the milestones when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// The day clock-only times are read against (`2024-08-15`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The zone clock-only times are in: `UTC`, `+02:00`, `PDT`... Defaults to UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// Impact began. Milestones given here win over those taken from event kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detected: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<String>,
    /// The cause was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identified: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mitigated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    #[serde(default, skip_serializing_if = "LessonsDoc::is_empty")]
    pub lessons: LessonsDoc,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionDoc>,
    /// Investigation threads; a branch with outcome `ruled-out` is a detour.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<BranchDoc>,
    #[serde(default)]
    pub timeline: Vec<EventDoc>,
}

#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
pub struct LessonsDoc {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub went_well: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub went_wrong: Vec<String>,
    /// Where we got lucky.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lucky: Vec<String>,
}

impl LessonsDoc {
    fn is_empty(&self) -> bool {
        self.went_well.is_empty() && self.went_wrong.is_empty() && self.lucky.is_empty()
    }
}

#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
pub struct ActionDoc {
    pub text: String,
    /// `prevent` (default), `mitigate` or `process`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActionKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Ticket id or link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// `open` (default), `in-progress`, `done`, `wont-do`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ActionStatus>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
pub struct BranchDoc {
    /// Short id that events name in their `branch` field.
    pub id: String,
    /// The theory, in neutral words.
    pub hypothesis: String,
    /// `open` (default), `ruled-out`, `confirmed`, `inconclusive`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
pub struct EventDoc {
    /// When: RFC 3339, `YYYY-MM-DD HH:MM`, or a clock (`10:30`, `10:30 AM`, `23:00-ish`).
    pub at: String,
    /// Inferred from the text when absent (and `lint` says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EventKind>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// A key moment of the story.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub key: bool,
    /// The time is approximate (also implied by `-ish` or `~`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
    /// The id of the branch (hypothesis) this event belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// Where the event was imported from (`slack:CHANNEL/TS`, `pagerduty:INCIDENT/ENTRY`,
    /// `incident.io:INCIDENT/update/ID`); several references separated by spaces when sources
    /// told the same moment. Written by `retrace import`; kept as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The JSON Schema of the format, for `docs/incident.schema.json`.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(IncidentDoc)).expect("schema serialises")
}

/// Cheap sniff for files without a telling extension: a mapping with `title:` and `timeline:`.
pub fn looks_like_incident(text: &str) -> bool {
    let top: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with([' ', '\t', '#', '-']) && !l.trim().is_empty())
        .take(200)
        .collect();
    top.iter().any(|l| l.starts_with("title:"))
        && top.iter().any(|l| l.starts_with("timeline:"))
        && top.iter().all(|l| l.contains(':') || l.starts_with("..."))
}

/// Parse the native format. Errors stop the load; warnings come back beside the incident.
///
/// A timeline in the shape the writer gives it is read by [`super::yaml_timeline`] (about ten
/// times faster than serde_yaml), the rest of the file by serde_yaml; when that reader is not
/// sure of the file, or the file has an error, the whole file is read by serde_yaml.
pub fn parse(path: &Path, text: &str) -> Result<(Incident, Vec<Diagnostic>), LoadError> {
    if let Some(read) = parse_split(path, text) {
        return Ok(read);
    }
    parse_whole(path, text)
}

/// The timeline read by [`super::yaml_timeline`], the rest by serde_yaml; `None` when that
/// reader declines or anything fails (the caller then reads the whole file with serde_yaml,
/// which locates the error). Gives what [`parse_whole`] gives, or nothing.
///
/// A file saved with CRLF line ends (an editor on Windows) is read with each `\r\n` as `\n`,
/// as YAML itself reads a line break (YAML 1.2, 5.4: line breaks are normalised), when every
/// carriage return ends a line: lines and columns stay where they were, since only the last
/// byte of each line goes. A lone carriage return leaves the file to serde_yaml.
pub(super) fn parse_split(path: &Path, text: &str) -> Option<(Incident, Vec<Diagnostic>)> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return parse_split_lf(path, text);
    }
    let bytes = text.as_bytes();
    let every_cr_ends_a_line =
        memchr::memchr_iter(b'\r', bytes).all(|i| bytes.get(i + 1) == Some(&b'\n'));
    if !every_cr_ends_a_line {
        return None;
    }
    parse_split_lf(path, &text.replace("\r\n", "\n"))
}

/// [`parse_split`] of a file with no carriage return.
fn parse_split_lf(path: &Path, text: &str) -> Option<(Incident, Vec<Diagnostic>)> {
    let split = super::yaml_timeline::split(text)?;
    // The nesting check of the whole file and of the head agree when the lines before the
    // timeline leave no quote or flow collection open (the timeline's lines open none).
    if !nesting::check_in_block_context_at(&split.head, split.before.len()).ok()? {
        return None;
    }
    let head = &split.head;
    let mut unknown = Vec::new();
    // The budget of the whole file (checked at the end with what the timeline would add).
    let budget = Budget::for_document(text.len());
    let de = Budgeted::new(serde_yaml::Deserializer::from_str(head), &budget);
    let doc: IncidentDoc = serde_ignored::deserialize(de, |p| unknown.push(p.to_string())).ok()?;
    // The stand-in came back: `timeline:` was the document's own key.
    if doc.timeline.len() != 1 || doc.timeline[0].at != super::yaml_timeline::STAND_IN_AT {
        return None;
    }
    let n = split.len();
    // What the events would have charged to the budget, added up as they are read.
    let cost = std::cell::Cell::new(0u64);
    let events = (0..n).map(|i| {
        split.event(i).map(|(e, c)| {
            cost.set(cost.get().saturating_add(c));
            e
        })
    });
    let mut index = LineIndex::new(head);
    index.timeline = Some(&split.items);
    let mut warnings = Vec::new();
    unknown_key_warnings(path, &index, unknown, &mut warnings);
    let incident = if doc.date.is_some() {
        convert(
            path,
            doc,
            Events {
                n,
                events,
                first_dated: None,
            },
            &index,
            &mut warnings,
        )
    } else {
        // The first date written in the timeline is needed first: read the events ahead.
        let all: Option<Vec<EventDoc>> = events.collect();
        let all = all?;
        let first_dated = first_dated(&all);
        convert(
            path,
            doc,
            Events {
                n,
                events: all.into_iter().map(Some),
                first_dated,
            },
            &index,
            &mut warnings,
        )
    }
    .ok()?;
    // The whole file would have stayed within the budget: the timeline has no aliases.
    if budget.spent().saturating_add(cost.get()) > budget.limit() {
        return None;
    }
    Some((incident, warnings))
}

/// The events of a timeline for [`convert`], read one by one (`None`: the timeline reader
/// declined this one, and the file is read whole instead).
struct Events<I> {
    n: usize,
    events: I,
    /// The first date written in a time of the timeline; only needed without `date:`.
    first_dated: Option<NaiveDate>,
}

fn first_dated(events: &[EventDoc]) -> Option<NaiveDate> {
    events
        .iter()
        .find_map(|e| clock::parse_time(&e.at).and_then(|p| p.date))
}

/// Every key serde skipped, as a located warning.
fn unknown_key_warnings(
    path: &Path,
    index: &LineIndex,
    unknown: Vec<String>,
    warnings: &mut Vec<Diagnostic>,
) {
    for key in unknown {
        let (line, col) = index.locate_path(&key);
        warnings.push(
            Diagnostic::warning(path, line, col, format!("unknown key `{key}` is ignored"))
                .with_hint(
                    "see docs/FORMAT.md for the keys an incident file takes; check the spelling",
                ),
        );
    }
}

/// [`parse`] with serde_yaml reading the whole file (the timeline reader left out).
#[doc(hidden)]
pub fn parse_whole(path: &Path, text: &str) -> Result<(Incident, Vec<Diagnostic>), LoadError> {
    // Before the YAML parser: it slows down with depth on every token (see `nesting`).
    if let Err(deep) = nesting::check(text) {
        return Err(LoadError::invalid(
            Diagnostic::error(
                path,
                deep.line,
                deep.col,
                format!(
                    "invalid incident YAML: nested deeper than {} levels",
                    nesting::MAX_DEPTH
                ),
            )
            .with_hint(
                "an incident nests a few levels (timeline, event, links); check for brackets that are never closed",
            ),
        ));
    }
    let index = LineIndex::new(text);
    let mut warnings = Vec::new();
    let mut unknown = Vec::new();
    // Aliases may not expand the document beyond twice its size (see `budget`).
    let budget = Budget::for_document(text.len());
    let de = Budgeted::new(serde_yaml::Deserializer::from_str(text), &budget);
    let mut doc: IncidentDoc = match serde_ignored::deserialize(de, |p| unknown.push(p.to_string()))
    {
        Ok(doc) => doc,
        Err(e) => return Err(LoadError::invalid(yaml_error(path, text, &e))),
    };
    unknown_key_warnings(path, &index, unknown, &mut warnings);
    let timeline = std::mem::take(&mut doc.timeline);
    let events = Events {
        n: timeline.len(),
        first_dated: if doc.date.is_none() {
            first_dated(&timeline)
        } else {
            None
        },
        events: timeline.into_iter().map(Some),
    };
    let incident = convert(path, doc, events, &index, &mut warnings)?;
    Ok((incident, warnings))
}

fn yaml_error(path: &Path, text: &str, e: &serde_yaml::Error) -> Diagnostic {
    let (line, col) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    let raw = e.to_string();
    // serde_yaml appends " at line L column C"; the location is already in front.
    let msg = raw.split(" at line ").next().unwrap_or(&raw).to_string();
    let hint = if msg.contains("missing field `title`") {
        "every incident needs a `title:` line"
    } else if msg.contains("missing field `at`") {
        "every timeline entry needs `at:` (e.g. `at: \"10:30\"`)"
    } else if msg.contains("missing field `text`") {
        "every timeline entry needs `text:`"
    } else if msg.contains("unknown variant") {
        "use one of the values listed in the message (see docs/FORMAT.md)"
    } else if msg.contains(budget::SPENT) {
        "an anchor (`&name`) is repeated by too many aliases (`*name`); write the values out, or use fewer aliases"
    } else if msg.contains("recursion limit") || msg.contains("repetition limit") {
        "the file nests or repeats aliases too deeply to be an incident; remove the anchors/aliases"
    } else if msg.contains("invalid type") {
        "check the indentation and that lists use `- ` items (docs/FORMAT.md has a full example)"
    } else {
        "check the YAML syntax near this place (indentation, quotes, a missing `:`)"
    };
    if msg.contains("control characters are not allowed")
        && let Some((i, c)) = text
            .char_indices()
            .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        let (l, col) = super::line_col(text.as_bytes(), i);
        return Diagnostic::error(path, l, col, format!("invalid incident YAML: control character U+{:04X} in the text", c as u32))
            .with_hint("remove it; YAML allows control characters only as escapes inside double quotes (\"\\e\")");
    }
    if msg.contains("more than one document")
        && let Some(second) = second_document_line(text)
    {
        return Diagnostic::error(
            path,
            second,
            1,
            "invalid incident YAML: a second document starts here; a file holds one incident",
        )
        .with_hint(
            "remove this `---` (or `...`) line, or move what follows into a file of its own",
        );
    }
    if (msg.contains("end of stream") || msg.contains("while scanning a quoted scalar"))
        && let Some(open) = unclosed_quote_line(text)
    {
        return Diagnostic::error(
            path,
            open,
            1,
            format!("invalid incident YAML: a quote opened on this line is never closed ({msg} at line {line})"),
        )
        .with_hint("close the quote on the same line, e.g. `at: \"10:40\"`");
    }
    Diagnostic::error(path, line, col, format!("invalid incident YAML: {msg}")).with_hint(hint)
}

/// The 1-based line where a second YAML document begins: a `---` after content or after an
/// earlier `---`, or content after a `...` end marker.
fn second_document_line(text: &str) -> Option<usize> {
    let mut started = false;
    let mut ended = false;
    for (i, line) in text.lines().enumerate() {
        let marker = |m: &str| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        };
        if marker("---") {
            if started || ended {
                return Some(i + 1);
            }
            started = true;
        } else if marker("...") {
            ended = true;
        } else {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') || line.starts_with('%') {
                continue;
            }
            if ended {
                return Some(i + 1);
            }
            started = true;
        }
    }
    None
}

/// The first line whose double quotes do not pair up (outside comments), 1-based.
fn unclosed_quote_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let code = match l.find(" #") {
                Some(i) if l[..i].matches('"').count() % 2 == 0 => &l[..i],
                _ => l,
            };
            let unescaped = code.replace("\\\"", "");
            !code.trim_start().starts_with('#') && unescaped.matches('"').count() % 2 == 1
        })
        .map(|i| i + 1)
}

fn convert(
    path: &Path,
    doc: IncidentDoc,
    events: Events<impl Iterator<Item = Option<EventDoc>>>,
    index: &LineIndex,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Incident, LoadError> {
    let at = |key: &str| index.locate_path(key);
    let err = |key: &str, msg: String, hint: &str| {
        let (l, c) = at(key);
        LoadError::invalid(Diagnostic::error(path, l, c, msg).with_hint(hint))
    };
    let clean = |s: &Option<String>| s.as_deref().map(clean_block).filter(|s| !s.is_empty());

    let date = match &doc.date {
        Some(d) => Some(clock::parse_date(d).ok_or_else(|| {
            err(
                "date",
                format!("`date: {d}` is not a date"),
                "write the date as YYYY-MM-DD (a year from 1 to 9999), e.g. `date: 2024-08-15`",
            )
        })?),
        None => None,
    };
    let timezone = match &doc.timezone {
        Some(z) => Some(clock::parse_offset(z).ok_or_else(|| {
            err(
                "timezone",
                format!("`timezone: {z}` is not a zone this reader knows"),
                "write an offset like `+02:00`, or UTC, GMT, PST, CEST...",
            )
        })?),
        None => None,
    };
    let utc = FixedOffset::east_opt(0).expect("zero offset");
    let base_date = date.or(events.first_dated);
    let mut resolver = base_date.map(|d| ClockResolver::new(d, timezone.unwrap_or(utc)));

    // `key`: the event's path, written only for an error.
    let resolve = |key: &dyn Fn() -> String,
                   raw: &str,
                   resolver: &mut Option<ClockResolver>|
     -> Result<(Timestamp, bool), LoadError> {
        let p = parse_at(raw).ok_or_else(|| {
            err(
                &key(),
                format!("`{raw}` is not a time"),
                "use `10:30`, `10:30 AM`, `2024-08-15 10:30` or `2024-08-15T10:30:00Z` (years 1 to 9999)",
            )
        })?;
        if p.date.is_none() && resolver.is_none() {
            return Err(err(
                &key(),
                format!("`{raw}` has no date, and the incident has no `date:`"),
                "add `date: YYYY-MM-DD` at the top, or write full times",
            ));
        }
        let r = resolver.get_or_insert_with(|| {
            ClockResolver::new(p.date.expect("checked"), timezone.unwrap_or(utc))
        });
        let t = r.resolve(&p);
        if !clock::is_supported(&t) {
            return Err(err(
                &key(),
                format!(
                    "`{raw}` falls on {}, outside the years 1 to 9999",
                    t.format("%Y-%m-%d")
                ),
                "check the date: an incident's times are in years 1 to 9999",
            ));
        }
        Ok((t, p.approximate))
    };

    let mut timeline: Vec<Event> = Vec::with_capacity(events.n);
    // Each event's line, found in one pass (locating each path alone is linear in the file).
    let item_lines = index.item_lines("timeline");
    let timeline_line = Some(at("timeline").0).filter(|l| *l > 0);
    for (i, e) in events.events.enumerate() {
        // An event the timeline reader declined: the caller reads the file whole.
        let e = e.ok_or_else(|| {
            LoadError::invalid(Diagnostic::error(path, 0, 0, "read whole instead"))
        })?;
        let key = || format!("timeline.{i}.at");
        let (t, approx) = resolve(&key, &e.at, &mut resolver)?;
        if let Some(prev) = timeline.last() {
            let at_key = || at(&key());
            if t < prev.at {
                let (l, c) = at_key();
                warnings.push(
                    Diagnostic::warning(path, l, c, format!("`{}` is earlier than the event before it", e.at))
                        .with_hint("keep the timeline in time order; retrace sorts it, but the file reads confusingly"),
                );
            } else if t - prev.at > chrono::Duration::hours(12)
                && t.time() < prev.at.with_timezone(t.offset()).time()
                && clock::parse_time(&e.at).is_some_and(|p| p.date.is_none())
            {
                let (l, c) = at_key();
                warnings.push(
                    Diagnostic::warning(path, l, c, format!("`{}` comes {} after the event before it; read as {}", e.at, crate::analysis::format_duration(t - prev.at), t.format("%Y-%m-%d %H:%M")))
                        .with_hint("a clock earlier than the one before it is read as the next day; if this event is out of order, move it, or write the full date"),
                );
            }
        }
        let text = crate::model::text::clean_line_owned(e.text);
        let (kind, inferred) = match e.kind {
            Some(k) => (k, None),
            None => match lexicon::classify_kind(&text) {
                Some((k, why)) => (k, Some(why)),
                None => (
                    EventKind::Note,
                    Some(Inference::new(crate::model::RuleId::KindDefaultNote, "")),
                ),
            },
        };
        let mut ev = Event::new(t, kind, text);
        ev.author = e
            .author
            .as_deref()
            .map(clean_line)
            .filter(|s| !s.is_empty())
            .map(Into::into);
        ev.links = e
            .links
            .iter()
            .map(|l| clean_line(l))
            .filter(|l| !l.is_empty())
            .collect();
        ev.key = e.key;
        ev.approximate = e.approximate || approx;
        ev.branch = e
            .branch
            .as_deref()
            .map(clean_line)
            .filter(|s| !s.is_empty())
            .map(Into::into);
        ev.inferred = inferred;
        ev.source = e
            .source
            .as_deref()
            .map(clean_line)
            .filter(|s| !s.is_empty())
            .map(Into::into);
        ev.line = item_lines
            .get(i)
            .copied()
            .or(timeline_line)
            .and_then(crate::model::LineNo::new);
        timeline.push(ev);
    }

    // Milestone fields are read against the same day and zone, but do not move the running day.
    let mut milestones = DeclaredMilestones::default();
    for kind in MilestoneKind::ALL {
        let raw = match kind {
            MilestoneKind::Started => &doc.started,
            MilestoneKind::Detected => &doc.detected,
            MilestoneKind::Acknowledged => &doc.acknowledged,
            MilestoneKind::Identified => &doc.identified,
            MilestoneKind::Mitigated => &doc.mitigated,
            MilestoneKind::Resolved => &doc.resolved,
        };
        if let Some(raw) = raw {
            let (t, _) =
                resolve_milestone(kind, raw, base_date, timezone.unwrap_or(utc), &timeline)
                    .ok_or_else(|| {
                        err(
                            kind.as_str(),
                            format!("`{}: {raw}` is not a time", kind.as_str()),
                            "use `10:30`, `2024-08-15 10:30` or RFC 3339 (years 1 to 9999); a clock needs `date:`",
                        )
                    })?;
            milestones.set(kind, Some(t));
        }
    }

    let mut branches = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, b) in doc.branches.iter().enumerate() {
        let id = clean_line(&b.id);
        if !seen.insert(id.clone()) {
            let (l, c) = at(&format!("branches.{i}.id"));
            warnings.push(
                Diagnostic::warning(path, l, c, format!("branch `{id}` is declared twice"))
                    .with_hint("give each branch its own id"),
            );
            continue;
        }
        branches.push(Branch {
            id,
            hypothesis: clean_line(&b.hypothesis),
            outcome: b.outcome.unwrap_or_default(),
            inferred: None,
        });
    }
    // A branch named by events but never declared is an open thread titled by its first event.
    for (i, e) in timeline.iter().enumerate() {
        if let Some(id) = &e.branch
            && seen.insert(id.to_string())
        {
            let (l, c) = at(&format!("timeline.{i}.branch"));
            warnings.push(
                Diagnostic::warning(path, l, c, format!("branch `{id}` is not declared under `branches:`"))
                    .with_hint("declare it with an id, hypothesis and outcome, so a ruled-out theory shows as a detour"),
            );
            branches.push(Branch {
                id: id.to_string(),
                hypothesis: e.text.to_string(),
                outcome: Outcome::Open,
                inferred: None,
            });
        }
    }

    let mut actions = Vec::new();
    for (i, a) in doc.actions.iter().enumerate() {
        let due = match &a.due {
            Some(d) => Some(
                NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| {
                    err(
                        &format!("actions.{i}.due"),
                        format!("`due: {d}` is not a date"),
                        "write it as YYYY-MM-DD",
                    )
                })?,
            ),
            None => None,
        };
        actions.push(ActionItem {
            text: clean_line(&a.text),
            kind: a.kind.unwrap_or_default(),
            owner: a.owner.as_deref().map(clean_line).filter(|s| !s.is_empty()),
            ticket: a
                .ticket
                .as_deref()
                .map(clean_line)
                .filter(|s| !s.is_empty()),
            status: a.status.unwrap_or_default(),
            due,
        });
    }

    let title = clean_line(&doc.title);
    if title.is_empty() {
        return Err(err(
            "title",
            "the title is empty".into(),
            "give the incident a one-line title",
        ));
    }
    let mut incident = Incident {
        id: doc
            .id
            .as_deref()
            .map(clean_line)
            .filter(|s| !s.is_empty())
            .unwrap_or_default(),
        title,
        severity: doc
            .severity
            .as_deref()
            .map(clean_line)
            .filter(|s| !s.is_empty())
            .map(Severity),
        status: doc.status,
        services: doc
            .services
            .iter()
            .map(|s| clean_line(s))
            .filter(|s| !s.is_empty())
            .collect(),
        date,
        undated: false,
        timezone,
        summary: clean(&doc.summary),
        impact: clean(&doc.impact),
        root_cause: clean(&doc.root_cause),
        resolution: clean(&doc.resolution),
        lessons: Lessons {
            went_well: doc
                .lessons
                .went_well
                .iter()
                .map(|s| clean_line(s))
                .collect(),
            went_wrong: doc
                .lessons
                .went_wrong
                .iter()
                .map(|s| clean_line(s))
                .collect(),
            lucky: doc.lessons.lucky.iter().map(|s| clean_line(s)).collect(),
        },
        actions,
        milestones,
        branches,
        timeline,
    };
    if incident.id.is_empty() {
        incident.id = derive_id(&incident);
    }
    incident.sort_timeline();
    Ok(incident)
}

/// [`clock::parse_time`] of an event's `at`, with the clock the writer writes most (`10:30`,
/// two digits each) read directly.
fn parse_at(raw: &str) -> Option<clock::ParsedTime> {
    if let [h1, h2, b':', m1, m2] = *raw.as_bytes()
        && [h1, h2, m1, m2].iter().all(u8::is_ascii_digit)
    {
        let (h, m) = (
            u32::from((h1 - b'0') * 10 + h2 - b'0'),
            u32::from((m1 - b'0') * 10 + m2 - b'0'),
        );
        if let Some(time) = chrono::NaiveTime::from_hms_opt(h, m, 0) {
            return Some(clock::ParsedTime {
                date: None,
                time,
                offset: None,
                approximate: false,
                twelve_hour: false,
                one_digit_hour: false,
            });
        }
    }
    clock::parse_time(raw)
}

pub(crate) fn resolve_milestone(
    kind: MilestoneKind,
    raw: &str,
    date: Option<NaiveDate>,
    offset: FixedOffset,
    timeline: &[Event],
) -> Option<(Timestamp, bool)> {
    let p = clock::parse_time(raw)?;
    if p.date.is_some() {
        let t = ClockResolver::new(p.date?, offset).resolve(&p);
        return Some((t, p.approximate)).filter(|(t, _)| clock::is_supported(t));
    }
    // A clock-only milestone: the first time at or after `started`'s day that matches, i.e. read
    // it on the incident's date, then on later days the timeline reaches, taking the first that is
    // not before the timeline's start (so a `resolved: 01:10` after midnight lands on day two).
    let date = date?;
    let start = timeline.first().map(|e| e.at);
    let mut r = ClockResolver::new(date, offset);
    let mut t = r.resolve(&p);
    if kind != MilestoneKind::Started
        && let Some(start) = start
    {
        while t < start && (start - t).num_hours() < 48 {
            t = t.checked_add_signed(chrono::Duration::days(1))?;
        }
    }
    Some((t, p.approximate)).filter(|(t, _)| clock::is_supported(t))
}

fn clean_line(s: &str) -> String {
    crate::model::text::clean_line(s)
}
fn clean_block(s: &str) -> String {
    crate::model::text::clean_block(s)
}

/// `2024-08-15-checkout-slow-queries` from the first time and the title.
pub fn derive_id(incident: &Incident) -> String {
    let date = incident
        .date
        .or_else(|| incident.timeline.first().map(|e| e.at.date_naive()));
    let mut slug = String::new();
    for c in incident.title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() > 48 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    match date {
        Some(d) => format!("{}-{slug}", clock::ymd(d)),
        None => slug.to_string(),
    }
}

/// Why an incident could not be written as YAML. Nothing was written.
#[derive(Debug, thiserror::Error)]
#[error("could not write the incident as YAML ({0}); nothing was written")]
pub struct WriteError(String);

/// Write an incident in the native format: stable key order, events in time order, every time
/// quoted and in the shortest form that reads back as exactly that instant where it stands
/// (a clock on the running day, else the date and clock, else RFC 3339). The text is checked to
/// read back before it is returned, so a writing bug can never put a broken file in place of an
/// incident.
///
/// An inferred kind is never written as if stated: `kind:` is left out when the reader infers
/// the same kind from the text again, and otherwise written with a comment that says it was
/// inferred and by which rule, for a person to confirm or correct.
pub fn to_yaml(incident: &Incident) -> Result<String, WriteError> {
    let doc = to_doc(incident);
    let mut timeline: Vec<&Event> = incident.timeline.iter().collect();
    timeline.sort_by_key(|e| e.at);
    let events = timeline
        .iter()
        .zip(&doc.timeline)
        .map(|(e, d)| match (&e.inferred, d.kind) {
            (Some(why), Some(_)) => Some(inferred_comment(why)),
            _ => None,
        })
        .collect();
    let milestones = MilestoneKind::ALL
        .into_iter()
        .filter_map(|k| Some((k.as_str(), inferred_comment(incident.milestones.why(k)?))))
        .collect();
    let comments = super::yaml_emit::InferredComments { events, milestones };
    let text = super::yaml_emit::incident(&doc, &comments);
    serde_yaml::from_str::<IncidentDoc>(&text).map_err(|e| WriteError(e.to_string()))?;
    Ok(text)
}

/// `inferred (rule NAME: "the words")`: why an importer inferred a kind or a milestone.
fn inferred_comment(why: &Inference) -> String {
    if why.matched.is_empty() {
        format!("inferred (rule {})", why.rule)
    } else {
        format!("inferred (rule {}: \"{}\")", why.rule, why.matched)
    }
}

fn to_doc(inc: &Incident) -> IncidentDoc {
    use super::yaml_emit::{event_time, milestone_time};
    let zone = inc.display_offset();
    let mut timeline: Vec<&Event> = inc.timeline.iter().collect();
    timeline.sort_by_key(|e| e.at);
    let date = inc.date.or_else(|| {
        timeline
            .first()
            .map(|e| e.at.with_timezone(&zone).date_naive())
    });
    let first = timeline.first().map(|e| e.at);
    let ms = |k: MilestoneKind| {
        inc.milestones.get(k).map(|t| {
            milestone_time(
                t.with_timezone(&zone),
                k == MilestoneKind::Started,
                date,
                zone,
                first,
            )
        })
    };
    let mut resolver = date.map(|d| ClockResolver::new(d, zone));
    let events = timeline
        .into_iter()
        .map(|e| {
            let at = match &resolver {
                Some(r) => {
                    let (text, next) = event_time(r, e.at, false);
                    resolver = Some(next);
                    text
                }
                None => e.at.to_rfc3339(),
            };
            // A kind the reader would infer the same way again stays unwritten (inferred).
            let reinferred = e.inferred.is_some()
                && lexicon::classify_kind(&e.text).map_or(EventKind::Note, |(k, _)| k) == e.kind;
            event_doc(e, at, (!reinferred).then_some(e.kind))
        })
        .collect();
    IncidentDoc {
        id: Some(inc.id.clone()).filter(|s| !s.is_empty()),
        title: inc.title.clone(),
        severity: inc.severity.as_ref().map(|s| s.0.clone()),
        status: inc.status,
        services: inc.services.clone(),
        date: date.map(clock::ymd),
        timezone: Some(format_offset(zone)),
        summary: inc.summary.clone(),
        impact: inc.impact.clone(),
        root_cause: inc.root_cause.clone(),
        resolution: inc.resolution.clone(),
        started: ms(MilestoneKind::Started),
        detected: ms(MilestoneKind::Detected),
        acknowledged: ms(MilestoneKind::Acknowledged),
        identified: ms(MilestoneKind::Identified),
        mitigated: ms(MilestoneKind::Mitigated),
        resolved: ms(MilestoneKind::Resolved),
        lessons: LessonsDoc {
            went_well: inc.lessons.went_well.clone(),
            went_wrong: inc.lessons.went_wrong.clone(),
            lucky: inc.lessons.lucky.clone(),
        },
        actions: inc
            .actions
            .iter()
            .map(|a| ActionDoc {
                text: a.text.clone(),
                kind: Some(a.kind),
                owner: a.owner.clone(),
                ticket: a.ticket.clone(),
                status: Some(a.status),
                due: a.due.map(clock::ymd),
            })
            .collect(),
        branches: inc.branches.iter().map(branch_doc).collect(),
        timeline: events,
    }
}

/// An event as the file states it, its time written `at` and its kind `kind` (`None`: not
/// stated).
pub(crate) fn event_doc(e: &Event, at: String, kind: Option<EventKind>) -> EventDoc {
    EventDoc {
        at,
        kind,
        text: e.text.to_string(),
        author: e.author.as_deref().map(str::to_string),
        links: e.links.to_vec(),
        key: e.key,
        approximate: e.approximate,
        branch: e.branch.as_deref().map(str::to_string),
        source: e.source.as_deref().map(str::to_string),
    }
}

/// A branch as the file states it.
pub(crate) fn branch_doc(b: &Branch) -> BranchDoc {
    BranchDoc {
        id: b.id.clone(),
        hypothesis: b.hypothesis.clone(),
        outcome: Some(b.outcome),
    }
}

/// One scalar as written on a line (`"10:30"`, `'a b'`, `plain text`), read as text; `None`
/// when it is not a single scalar.
pub(crate) fn scalar_value(raw: &str) -> Option<String> {
    match serde_yaml::from_str::<serde_yaml::Value>(raw).ok()? {
        serde_yaml::Value::String(s) => Some(s),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Whether two one-line list items (`- {...}`) say the same but for `key`: an undo may then put
/// the old line back as it was.
pub(crate) fn same_item_but(a: &str, b: &str, key: &str) -> bool {
    let read = |t: &str| {
        let mut v =
            serde_yaml::from_str::<Vec<serde_yaml::Mapping>>(&format!("{}\n", t.trim_start()))
                .ok()?;
        let mut m = v.pop()?;
        m.remove(key);
        Some(m)
    };
    matches!((read(a), read(b)), (Some(x), Some(y)) if x == y)
}

/// `branches:` items as written, read as branch documents.
pub(crate) fn branch_items(items: &str) -> Option<Vec<BranchDoc>> {
    serde_yaml::from_str::<Vec<BranchDoc>>(items).ok()
}

/// Timeline items as written (`- at: ...` lines) read as event documents; `None` when they do
/// not read as a list of events.
pub(crate) fn event_items(items: &str) -> Option<Vec<EventDoc>> {
    serde_yaml::from_str::<Vec<EventDoc>>(items).ok()
}

/// `UTC` for zero, else `+02:00`.
pub fn format_offset(o: FixedOffset) -> String {
    let secs = o.local_minus_utc();
    if secs == 0 {
        return "UTC".into();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.abs();
    format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
}

/// Finds the line of a key path (`timeline.3.at`) in the source text by indentation, since the
/// YAML crate keeps no positions once a document is read. Good for hand-written block YAML;
/// falls back to the nearest known parent.
///
/// Built in one pass over the lines: a tree of keys and `- ` items by indentation, with the
/// keys of each node in a hash map, so locating a path costs one step per segment however long
/// the file (a file with 10,000 unknown keys is located in linear time).
struct LineIndex<'a> {
    nodes: Vec<Node>,
    /// (parent node, key) → the first child with that key.
    keys: std::collections::HashMap<(usize, &'a str), usize>,
    /// The timeline's items when they were read apart (the nodes hold none of them).
    timeline: Option<&'a super::yaml_timeline::Items<'a>>,
}

/// A key or a `- ` item of the block structure. Node 0 is the document.
struct Node {
    /// 0-based line.
    line: usize,
    /// 0-based column of the key, or of the item's content (after `- `).
    col: usize,
    /// Column of the `-` (items) or of the key; what nests inside starts to the right of it.
    indent: usize,
    item: bool,
    /// The items of the sequence under this node, in order.
    items: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut index = LineIndex {
            nodes: vec![Node {
                line: 0,
                col: 0,
                indent: 0,
                item: false,
                items: Vec::new(),
            }],
            keys: std::collections::HashMap::new(),
            timeline: None,
        };
        // Open nodes, innermost last (the document at the bottom is never popped).
        let mut open: Vec<usize> = vec![0];
        for (n, line) in text.lines().enumerate() {
            let trimmed = line.trim_start_matches(' ');
            let t = trimmed.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let mut col = line.len() - trimmed.len();
            let mut body = trimmed;
            // `- ` items, possibly several on one line (`- - x`).
            while body.starts_with("- ") || body == "-" {
                let id = index.push(&mut open, n, col, true);
                index.nodes[id].col = col + 2;
                let rest = body.get(2..).unwrap_or("");
                let rest_trimmed = rest.trim_start_matches(' ');
                col += 2 + (rest.len() - rest_trimmed.len());
                body = rest_trimmed;
            }
            if let Some((key, _)) = body.split_once(':') {
                let key = key.trim().trim_matches(['"', '\'']);
                let id = index.push(&mut open, n, col, false);
                let parent = open[open.len() - 2];
                index.keys.entry((parent, key)).or_insert(id);
            }
        }
        index
    }

    /// Add a node at `col` under the innermost open node that can hold it, and open it.
    fn push(&mut self, open: &mut Vec<usize>, line: usize, col: usize, item: bool) -> usize {
        while open.len() > 1 {
            let top = &self.nodes[*open.last().expect("not empty")];
            let holds = if top.item {
                col >= top.col
            } else {
                // A key holds what is indented further, and a sequence at its own column
                // (`timeline:` then `- at:` at column 0).
                col > top.indent || (item && col == top.indent)
            };
            if holds {
                break;
            }
            open.pop();
        }
        let parent = *open.last().expect("the document stays open");
        let id = self.nodes.len();
        self.nodes.push(Node {
            line,
            col,
            indent: col,
            item,
            items: Vec::new(),
        });
        if item {
            self.nodes[parent].items.push(id);
        }
        open.push(id);
        id
    }

    /// (line, col), 1-based; (0, 0) when not even the first segment is found.
    fn locate_path(&self, path: &str) -> (usize, usize) {
        if let (Some(items), Some(rest)) = (self.timeline, path.strip_prefix("timeline."))
            && let Some(found) = items.locate(rest)
        {
            return found;
        }
        let mut node = 0;
        let mut found = (0, 0);
        for seg in path.split('.').filter(|s| !s.is_empty()) {
            let next = match seg.parse::<usize>() {
                Ok(n) => self.nodes[node].items.get(n).copied(),
                Err(_) => self.keys.get(&(node, seg)).copied(),
            };
            match next {
                Some(id) => {
                    node = id;
                    found = (self.nodes[id].line + 1, self.nodes[id].col + 1);
                }
                None => break,
            }
        }
        found
    }

    /// The 1-based line of every item of the sequence under the top-level `key`:
    /// `locate_path("KEY.N").0` for every N.
    fn item_lines(&self, key: &str) -> Vec<usize> {
        if let (Some(items), "timeline") = (self.timeline, key) {
            return items.lines().to_vec();
        }
        match self.keys.get(&(0, key)) {
            Some(&id) => self.nodes[id]
                .items
                .iter()
                .map(|&i| self.nodes[i].line + 1)
                .collect(),
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
title: Checkout slow
severity: SEV2
date: 2024-08-15
timezone: UTC
started: "10:30"
branches:
  - id: rollback
    hypothesis: Recent deploy
    outcome: ruled-out
timeline:
  - at: "10:30"
    kind: detection
    text: Alert on DB CPU
  - at: "10:45"
    branch: rollback
    kind: hypothesis
    text: Rolled back the deploy
  - at: 23:50
    text: Full service restored
  - at: "00:10"
    kind: note
    colour: red
    text: after midnight
"#;

    #[test]
    fn parses_and_resolves_times() {
        let (inc, warnings) = parse(Path::new("x.yaml"), SAMPLE).unwrap();
        assert_eq!(inc.timeline.len(), 4);
        assert_eq!(inc.timeline[0].at.to_rfc3339(), "2024-08-15T10:30:00+00:00");
        assert_eq!(inc.timeline[3].at.to_rfc3339(), "2024-08-16T00:10:00+00:00");
        assert_eq!(inc.timeline[2].kind, EventKind::Resolution);
        assert_eq!(
            inc.timeline[2].inferred.as_ref().unwrap().rule,
            crate::model::RuleId::KindResolution
        );
        assert_eq!(inc.branches[0].outcome, Outcome::RuledOut);
        assert_eq!(inc.id, "2024-08-15-checkout-slow");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].message.contains("timeline.3.colour"),
            "{}",
            warnings[0]
        );
        assert_eq!((warnings[0].line, warnings[0].col), (23, 5));
    }

    #[test]
    fn a_two_digit_clock_is_read_as_the_clock_reader_reads_it() {
        for h in 0..100 {
            for m in 0..100 {
                let raw = format!("{h:02}:{m:02}");
                assert_eq!(parse_at(&raw), clock::parse_time(&raw), "{raw}");
            }
        }
        assert_eq!(parse_at("1:05"), clock::parse_time("1:05"));
    }

    #[test]
    fn item_lines_match_located_paths() {
        let index = LineIndex::new(SAMPLE);
        let lines = index.item_lines("timeline");
        assert_eq!(lines.len(), 4);
        for (n, l) in lines.iter().enumerate() {
            assert_eq!(*l, index.locate_path(&format!("timeline.{n}")).0);
        }
        let (inc, _) = parse(Path::new("x.yaml"), SAMPLE).unwrap();
        assert_eq!(inc.timeline[0].line(), Some(lines[0]));
    }

    #[test]
    fn bad_time_is_located() {
        let text = "title: x\ndate: 2024-01-01\ntimeline:\n  - at: \"10:30\"\n    text: a\n  - at: \"tea time\"\n    text: b\n";
        let e = parse(Path::new("bad.yaml"), text)
            .unwrap_err()
            .to_diagnostic();
        assert_eq!((e.line, e.col), (6, 5), "{e}");
        assert!(e.message.contains("tea time"));
        assert!(e.hint.is_some());
    }

    #[test]
    fn syntax_error_is_located() {
        let e = parse(Path::new("s.yaml"), "title: x\ntimeline:\n  - at: [\n")
            .unwrap_err()
            .to_diagnostic();
        assert!(e.line >= 3, "{e}");
        assert!(e.to_string().starts_with("s.yaml:"), "{e}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        // Under an unknown key the aliases are skipped, never expanded.
        let started = std::time::Instant::now();
        let ok = parse(
            Path::new("bomb.yaml"),
            &format!("{text}title: bomb\ntimeline: []\n"),
        )
        .unwrap();
        assert_eq!(ok.0.title, "bomb");
        // Where a field would take them, the expansion is refused with a located error.
        let e = parse(
            Path::new("bomb.yaml"),
            &format!("{text}title: bomb\nservices: *a11\n"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("bomb.yaml:"), "{e}");
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn round_trips() {
        let (inc, _) = parse(Path::new("x.yaml"), SAMPLE).unwrap();
        let out = to_yaml(&inc).unwrap();
        let (again, warnings) = parse(Path::new("y.yaml"), &out).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}\n{out}");
        let strip = |v: &[Event]| {
            let mut v = v.to_vec();
            for e in &mut v {
                e.inferred = None;
                e.line = None;
            }
            v
        };
        assert_eq!(strip(&again.timeline), strip(&inc.timeline));
        assert_eq!(again.milestones.started, inc.milestones.started);
        assert_eq!(again.branches.len(), inc.branches.len());
    }

    #[test]
    fn an_inferred_milestone_is_written_with_its_reason() {
        let (mut inc, _) = parse(Path::new("x.yaml"), SAMPLE).unwrap();
        inc.milestones.resolved = inc.timeline.iter().map(|e| e.at).max();
        inc.milestones.inferred.push((
            MilestoneKind::Resolved,
            Inference::new(
                crate::model::RuleId::MilestoneDuration,
                "between 10:30\nand 00:10",
            ),
        ));
        let out = to_yaml(&inc).unwrap();
        let line = |key: &str| out.lines().find(|l| l.starts_with(key)).unwrap_or_default();
        assert!(
            line("resolved:")
                .ends_with("  # inferred (rule milestone:duration: \"between 10:30 and 00:10\")"),
            "{out}"
        );
        // A stated milestone stays as written, without a comment.
        assert!(!line("started:").contains('#'), "{out}");
        let (again, _) = parse(Path::new("y.yaml"), &out).unwrap();
        assert_eq!(again.milestones.resolved, inc.milestones.resolved);
    }
}
