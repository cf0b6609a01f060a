//! Markdown / plain-text postmortem import.
//!
//! Three passes: [`lines`] classifies each line (headings of every shape, items, table rows,
//! text; inline Markdown read with pulldown-cmark), [`sections`] says which part of the
//! postmortem each line is in (and routes `Impact: ...` style labels), then [`timeline`] reads the
//! times and [`actions`] the action items. Words become kinds, milestones and detours only
//! through the [`lexicon`](crate::ingest::lexicon), and each inference keeps the rule and the
//! words that fired. Nothing here panics on any input; problems are warnings with a place and a
//! hint, and only a file with no readable text is refused.

mod actions;
pub(crate) mod lines;
pub(crate) mod sections;
pub(crate) mod timeline;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{FixedOffset, NaiveDate, NaiveTime};

use self::lines::{Kind, Line};
use self::sections::{Field, Section, field_of, is_generic_title, section_of, split_label};
use self::timeline::{Draft, Entry, When};
use super::clock::Zone;
use super::clock::{ClockResolver, DateHints, ParsedTime, Placement, parse_zone, season_mismatch};
use super::lexicon::{
    Conclusion, classify_kind, classify_kind_among, detour_signal, hypothesis_signal,
    impact_start_signal, kind_signal, phrase_spans,
};
use super::{Diagnostic, LoadError};
use crate::model::text::{clean_block, clean_line};
use crate::model::{
    Branch, Event, EventKind, Incident, Inference, MilestoneKind, Outcome, Severity, Timestamp,
};

/// Read a Markdown or plain-text postmortem.
pub fn import(path: &Path, text: &str) -> Result<(Incident, Vec<Diagnostic>), LoadError> {
    read(path, text).map(|r| (r.incident, r.diagnostics))
}

/// What [`read`] gives: the incident, what was noticed, and whether the file is a postmortem
/// at all.
#[derive(Clone, Debug)]
pub struct Imported {
    pub incident: Incident,
    pub diagnostics: Vec<Diagnostic>,
    /// False for a file with no timeline and no postmortem sections (a README, a shopping
    /// list): a folder scan skips it; named on its own it is still imported, with a warning.
    pub looks_like_incident: bool,
}

/// The warning (and the folder scan's note) for a file that is not a postmortem.
pub const NOT_AN_INCIDENT: &str = "not an incident: no timeline and no postmortem sections";

/// What the Markdown front end finds in a file before any entry is classified: its lines and
/// sections, the fields around the timeline, the stated span, the timeline's entries (with
/// times, dates and zones read), the incident's day and zone, and what it noticed.
struct FrontEnd {
    lines: Vec<Line>,
    tags: Vec<Section>,
    hints: DateHints,
    fields: Fields,
    span: SpanFound,
    entries: Vec<Entry>,
    /// The entries are timed sentences of the prose (no timeline with times).
    from_prose: bool,
    date: Option<NaiveDate>,
    /// The incident's day, or 1970-01-01 when undated.
    base_date: NaiveDate,
    /// The offset at the incident's start, when a zone was found.
    zone: Option<FixedOffset>,
    diags: Vec<Diagnostic>,
}

/// The front end: see [`FrontEnd`]. Refuses only a file with no readable text.
fn front_end(path: &Path, text: &str) -> Result<FrontEnd, LoadError> {
    let lines = lines::read_lines(text);
    if lines
        .iter()
        .all(|l| matches!(l.kind, Kind::Blank | Kind::Rule | Kind::TableSep))
    {
        return Err(LoadError::invalid(
            Diagnostic::error(path, 0, 0, "no readable text: nothing to import")
                .with_hint("a postmortem needs at least a title or a timeline line such as `- 10:30 - alert fired`"),
        ));
    }
    let mut diags = Vec::new();
    let tags = sections::tag_sections(&lines);
    let evidence = timeline::date_hints(text);
    let hints = evidence.hints;
    let fields = read_fields(&lines, &tags);

    // The outage's stated span ("from 10:30 AM to 12:45 PM").
    let span = find_span(&fields, hints);

    // Timeline entries: the timeline section, else timed sentences anywhere.
    let mut notes = Vec::new();
    let mut entries = timeline::collect(&lines, &tags, hints, &mut notes);
    let timed = |es: &[Entry]| {
        es.iter()
            .any(|e| matches!(e, Entry::Event(d) if matches!(d.when, When::At(_) | When::Day(..))))
    };
    let mut from_prose = false;
    if !timed(&entries) {
        let skip = span.lines.clone();
        let prose = timeline::prose(&lines, &tags, hints, &skip);
        if timed(&prose) {
            entries = prose;
            from_prose = true;
        }
    }

    // The day and zone the incident is told in.
    let no_year = DateHints {
        year: None,
        ..hints
    };
    let date = find_date(&fields, &lines, &tags, &entries, no_year).or_else(|| {
        // Only "April 17th" written: the year comes from elsewhere in the text, and we say so.
        let d = find_date(&fields, &lines, &tags, &entries, hints)?;
        diags.push(
            Diagnostic::warning(
                path,
                0,
                0,
                format!(
                    "the date is written without a year; read as {d} (the first year in the file)"
                ),
            )
            .with_hint("write the full date, e.g. `Date: 2024-04-17`"),
        );
        Some(d)
    });
    if let Some((line, written)) = &evidence.ambiguous {
        let how = match evidence.by_names {
            Some(true) => "month first, as the file writes month names (`March 5`)",
            Some(false) => "day first, as the file writes month names (`5 March`)",
            None if hints.month_first => "month first",
            None => "day first",
        };
        let read = crate::ingest::clock::parse_date_with(written, hints.month_first)
            .map(|d| format!(" as {d}"))
            .unwrap_or_default();
        diags.push(
            Diagnostic::warning(
                path,
                *line,
                0,
                format!(
                    "the date {written} reads both day first and month first; read{read} ({how})"
                ),
            )
            .with_hint("write dates as YYYY-MM-DD, e.g. `2024-03-05`"),
        );
    }
    let found_zone = find_zone(&fields, &lines, &tags, &span, &entries);
    let base_date = date.unwrap_or(NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date"));
    // A region (`Europe/Berlin`, `PST/PDT`) gives each entry the offset of its own day; the
    // incident keeps the offset at its start.
    timeline::apply_zones(
        &mut entries,
        base_date,
        found_zone.as_ref().map(|f| f.note.zone),
    );
    let zone = found_zone.as_ref().map(|f| {
        entries
            .iter()
            .find_map(|e| match e {
                Entry::Event(Draft {
                    when: When::At(p),
                    zone_filled: true,
                    ..
                }) => p.offset,
                _ => None,
            })
            .filter(|_| f.note.zone.is_region())
            .unwrap_or_else(|| f.note.zone.offset_on(base_date))
    });
    if let (Some(f), Some(d)) = (&found_zone, date)
        && let Some((tz, actual)) = season_mismatch(&f.note.written, d)
    {
        let written = f.note.zone.offset_on(d);
        diags.push(
            Diagnostic::warning(
                path,
                f.line,
                0,
                format!(
                    "times are said to be in {}, but on {d} {} was at {actual}; read as written ({written})",
                    f.note.written,
                    tz.name()
                ),
            )
            .with_hint(format!(
                "write the zone in force that day, or `{}` to follow the clocks",
                tz.name()
            )),
        );
    }
    for n in notes {
        diags.push(Diagnostic::warning(path, n.line, n.col, n.message).with_hint(n.hint));
    }
    Ok(FrontEnd {
        lines,
        tags,
        hints,
        fields,
        span,
        entries,
        from_prose,
        date,
        base_date,
        zone,
        diags,
    })
}

/// The front end alone, for measuring it apart from classification: how many entries a text
/// holds.
#[doc(hidden)]
pub fn front_end_entries(text: &str) -> usize {
    front_end(Path::new("bench.md"), text).map_or(0, |f| f.entries.len())
}

/// Read a Markdown or plain-text postmortem, saying whether it looks like one.
pub fn read(path: &Path, text: &str) -> Result<Imported, LoadError> {
    let FrontEnd {
        lines,
        tags,
        hints,
        fields,
        span,
        entries,
        from_prose,
        date,
        base_date,
        zone,
        mut diags,
    } = front_end(path, text)?;
    let undated = date.is_none();
    let utc = FixedOffset::east_opt(0).expect("zero offset");
    let offset = zone.unwrap_or(utc);

    let mut events = place_entries(path, &lines, &entries, base_date, offset, zone, &mut diags);
    // Timed sentences elsewhere (e.g. "By 3:42 PM we found the cause" under Resolution) add
    // what the timeline left out; times the timeline already has are not repeated.
    if !from_prose && !events.is_empty() {
        let mut skip = span.lines.clone();
        skip.extend(
            lines
                .iter()
                .zip(&tags)
                .filter(|(_, t)| {
                    matches!(t, Section::Timeline | Section::Summary | Section::Preamble)
                })
                .map(|(l, _)| l.no),
        );
        let extra = timeline::prose(&lines, &tags, hints, &skip);
        let mut quiet = Vec::new();
        let minutes: HashSet<i64> = events.iter().map(|(e, _)| e.at.timestamp() / 60).collect();
        for (e, s) in place_entries(path, &lines, &extra, base_date, offset, zone, &mut quiet) {
            let m = e.at.timestamp() / 60;
            if !(m - 1..=m + 1).any(|m| minutes.contains(&m)) {
                events.push((e, s));
            }
        }
    }
    events.sort_by_key(|(e, _)| e.at);
    let (timeline, signals): (Vec<Event>, Vec<Signals>) = events.into_iter().unzip();

    let mut incident = Incident {
        title: title_of(path, &fields),
        severity: fields.severity.as_deref().map(|s| Severity(clean_line(s))),
        date,
        undated,
        timezone: zone,
        summary: fields.summary.finish().or_else(|| fields.preamble.finish()),
        impact: fields.impact.finish(),
        root_cause: fields.root_cause.finish(),
        resolution: fields.resolution.finish(),
        lessons: actions::collect_lessons(&lines, &tags),
        actions: actions::collect_actions(&lines, &tags),
        timeline,
        ..Incident::default()
    };
    assign_branches(&mut incident, &signals);
    close_branches_from_prose(&mut incident, &lines, &tags);
    set_milestones(&mut incident, &signals, &span, base_date, offset);
    incident.sort_timeline();
    incident.id = crate::ingest::yaml::derive_id(&incident);

    // What the reader should know.
    if incident.timeline.is_empty() {
        let at = lines
            .iter()
            .zip(&tags)
            .find(|(_, t)| **t == Section::Timeline)
            .map_or(0, |(l, _)| l.no);
        diags.push(
            Diagnostic::warning(
                path,
                at,
                0,
                "no timed events found; imported the summary only",
            )
            .with_hint(
                "write timeline entries as `- 10:30 - what happened` under a `## Timeline` heading",
            ),
        );
    } else {
        if undated {
            diags.push(
                Diagnostic::warning(path, 0, 0, "no date found; times are placed on 1970-01-01")
                    .with_hint("add a line such as `Date: 2024-08-15` near the top"),
            );
        }
        if zone.is_none() {
            diags.push(
                Diagnostic::warning(path, 0, 0, "no time zone stated; times are read as UTC")
                    .with_hint(
                        "add `(all times UTC)` to the timeline heading, or a zone after each time",
                    ),
            );
        }
        if from_prose {
            diags.push(
                Diagnostic::warning(path, 0, 0, "no timeline section with times; events were taken from timed sentences in the prose")
                    .with_hint("a `## Timeline` list with one `time - event` line each gives a fuller timeline"),
            );
        }
    }
    let looks_like_incident = looks_like_incident(&lines, &tags, &fields, &incident);
    if !looks_like_incident {
        diags.push(
            Diagnostic::warning(path, 0, 0, NOT_AN_INCIDENT).with_hint(
                "a postmortem has a `## Timeline` (`- 10:30 - what happened`) or sections such as Impact and Root cause; in a folder, files like this one are skipped",
            ),
        );
    }
    Ok(Imported {
        incident,
        diagnostics: diags,
        looks_like_incident,
    })
}

/// Whether a file tells an incident: a timeline or a section only postmortems have (impact,
/// root cause, resolution, lessons, what went well/wrong), a label of theirs (`Impact:`,
/// `Root cause:`, `Duration:`, `Severity:`), a title or heading that names an outage or
/// incident, or timed sentences that mark a milestone (detected, resolved, …). A summary or a
/// to-do list alone is not enough (READMEs and lists have those).
fn looks_like_incident(lines: &[Line], tags: &[Section], f: &Fields, incident: &Incident) -> bool {
    let sections = tags.iter().any(|t| {
        matches!(
            t,
            Section::Timeline
                | Section::Impact
                | Section::RootCause
                | Section::RootCauseResolution
                | Section::Resolution
                | Section::Lessons
                | Section::WentWell
                | Section::WentWrong
                | Section::Lucky
        )
    });
    let labels = !f.spans.is_empty()
        || f.severity.is_some()
        || f.impact.finish().is_some()
        || f.root_cause.finish().is_some()
        || f.resolution.finish().is_some();
    let names_incident = |s: &str| {
        let l = s.to_lowercase();
        [
            "outage",
            "incident",
            "postmortem",
            "post-mortem",
            "post mortem",
            "downtime",
            "root cause",
        ]
        .iter()
        .any(|w| l.contains(w))
    };
    let headings = lines.iter().any(|l| match &l.kind {
        Kind::Heading { text, .. } => names_incident(text),
        _ => false,
    });
    let milestones = MilestoneKind::ALL
        .iter()
        .any(|m| incident.milestones.get(*m).is_some());
    sections || labels || headings || names_incident(&incident.title) || milestones
}

/// Text gathered for one field, paragraph by paragraph.
#[derive(Default, Debug)]
struct Acc {
    out: String,
    open: bool,
}

impl Acc {
    fn text(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        if self.open {
            self.out.push(' ');
        } else if !self.out.is_empty() {
            self.out.push_str("\n\n");
        }
        self.out.push_str(t);
        self.open = true;
    }
    fn item(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str("- ");
        self.out.push_str(t);
        // A wrapped item continues on the next lines until a blank line.
        self.open = true;
    }
    fn line(&mut self, l: &Line, t: &str) {
        match l.kind {
            Kind::Item { .. } | Kind::Row(_) => self.item(t),
            _ => self.text(t),
        }
    }
    fn blank(&mut self) {
        self.open = false;
    }
    fn finish(&self) -> Option<String> {
        let s = clean_block(&self.out);
        (!s.is_empty()).then_some(s)
    }
}

/// Everything outside the timeline and action sections.
#[derive(Default, Debug)]
struct Fields {
    title: Option<String>,
    heading_title: Option<String>,
    first_line_title: Option<String>,
    /// `Date:` values.
    dates: Vec<String>,
    /// Lines that may state the outage's span: (line, text, Some(true) = start, Some(false) = end).
    spans: Vec<(usize, String, Option<bool>)>,
    severity: Option<String>,
    /// A `Timezone:` value and its line.
    zone: Option<(usize, String)>,
    summary: Acc,
    impact: Acc,
    root_cause: Acc,
    resolution: Acc,
    preamble: Acc,
}

fn read_fields(lines: &[Line], tags: &[Section]) -> Fields {
    let mut f = Fields::default();
    // (field, indent, opened by an item)
    let mut pending: Option<(Field, usize, bool)> = None;
    let first_text = lines.iter().position(|l| l.kind != Kind::Blank);
    let mut seen_heading = false;
    for (i, line) in lines.iter().enumerate() {
        let sec = tags[i];
        match &line.kind {
            Kind::Heading { text, level } => {
                pending = None;
                for acc in [
                    &mut f.summary,
                    &mut f.impact,
                    &mut f.root_cause,
                    &mut f.resolution,
                    &mut f.preamble,
                ] {
                    acc.blank();
                }
                let known = section_of(text).is_some();
                let first_heading = !seen_heading;
                seen_heading = true;
                let usable = !known
                    && !is_generic_title(text)
                    && !timeline::heading_date_like(text)
                    && text.chars().count() <= 150;
                // The first heading, an H1, or an early heading that names the incident.
                let names_incident = {
                    let l = text.to_lowercase();
                    [
                        "outage",
                        "incident",
                        "postmortem",
                        "post-mortem",
                        "failure",
                        "downtime",
                    ]
                    .iter()
                    .any(|w| l.contains(w))
                };
                if usable
                    && f.heading_title.is_none()
                    && (first_heading || *level == 1 || (names_incident && *level <= 2))
                {
                    f.heading_title = Some(text.clone());
                }
                continue;
            }
            Kind::Blank => {
                if pending.is_some_and(|(_, _, item)| !item) {
                    pending = None;
                }
                for acc in [
                    &mut f.summary,
                    &mut f.impact,
                    &mut f.root_cause,
                    &mut f.resolution,
                    &mut f.preamble,
                ] {
                    acc.blank();
                }
                continue;
            }
            Kind::Item { .. } | Kind::Text(_) | Kind::Row(_) => {}
            _ => continue,
        }
        if matches!(
            sec,
            Section::Timeline
                | Section::Actions
                | Section::Lessons
                | Section::WentWell
                | Section::WentWrong
                | Section::Lucky
        ) {
            pending = None;
            continue;
        }
        let text = line.text();
        let is_item = matches!(line.kind, Kind::Item { .. });
        if Some(i) == first_text
            && matches!(line.kind, Kind::Text(_))
            && text.chars().count() <= 100
            && !text.ends_with(['.', ':'])
            && !is_generic_title(&text)
            && split_label(&text).is_none_or(|(label, _)| is_generic_title(label))
            && lines
                .get(i + 1)
                .is_none_or(|n| matches!(n.kind, Kind::Blank | Kind::Heading { .. } | Kind::Rule))
        {
            f.first_line_title = Some(text.clone());
            continue;
        }
        if let Some((field, indent, from_item)) = pending {
            let inside = if from_item {
                line.indent > indent
            } else {
                true
            };
            if inside {
                route(&mut f, field, line, &sub_value(field, &text));
                continue;
            }
            pending = None;
        }
        if let Some((label, value)) =
            split_label(&text).or_else(|| text.split_once(" - ").map(|(a, b)| (a.trim(), b.trim())))
            && let Some(field) = field_of(label)
        {
            if value.is_empty() {
                pending = Some((field, line.indent, is_item));
            } else {
                route(&mut f, field, line, value);
            }
            continue;
        }
        let acc = match sec {
            Section::Summary => &mut f.summary,
            Section::Impact => &mut f.impact,
            Section::RootCause | Section::RootCauseResolution => &mut f.root_cause,
            Section::Resolution => &mut f.resolution,
            Section::Preamble => &mut f.preamble,
            _ => continue,
        };
        acc.line(line, &text);
        if matches!(sec, Section::Summary | Section::Preamble)
            && super::lexicon::duration_signal(&text).is_some()
        {
            f.spans.push((line.no, text.clone(), None));
        }
    }
    f
}

/// Under a `Duration:` label, `Start time - X` / `End: Y` lines say which end they are.
fn sub_value(field: Field, text: &str) -> String {
    let _ = field;
    text.to_string()
}

fn route(f: &mut Fields, field: Field, line: &Line, value: &str) {
    match field {
        Field::Title => {
            if f.title.is_none() {
                f.title = Some(value.to_string());
            }
        }
        Field::Date => f.dates.push(value.to_string()),
        Field::Duration => f.spans.push((line.no, value.to_string(), None)),
        Field::Start => f.spans.push((line.no, value.to_string(), Some(true))),
        Field::End => f.spans.push((line.no, value.to_string(), Some(false))),
        Field::Severity => {
            // "SEV3. Status: resolved." / "P2 (major)" / "High, customer-facing": the label only.
            let label = value
                .split([';', ',', '(', '|'])
                .next()
                .unwrap_or(value)
                .split(". ")
                .next()
                .unwrap_or(value)
                .trim()
                .trim_end_matches('.');
            if f.severity.is_none() && !label.is_empty() && label.chars().count() <= 24 {
                f.severity = Some(label.to_string());
            }
        }
        Field::Zone => f.zone = Some((line.no, value.to_string())),
        Field::Section(s) => {
            let acc = match s {
                Section::Summary => &mut f.summary,
                Section::Impact => &mut f.impact,
                Section::Resolution => &mut f.resolution,
                _ => &mut f.root_cause,
            };
            let _ = line;
            acc.blank();
            acc.text(value);
            acc.blank();
            if s == Section::Summary && super::lexicon::duration_signal(value).is_some() {
                f.spans.push((line.no, value.to_string(), None));
            }
        }
    }
}

fn title_of(path: &Path, f: &Fields) -> String {
    let from_text = || {
        [&f.summary, &f.preamble, &f.impact, &f.root_cause]
            .iter()
            .filter_map(|a| a.finish())
            .find_map(|s| {
                let first = s.lines().next()?.trim_start_matches("- ").to_string();
                let sentence = timeline::sentences(&first).first()?.trim().to_string();
                // "From 9:05 to 12:20 GMT on 2024-10-08, the reports service failed" → the
                // part after the time clause.
                let sentence = match sentence.split_once(", ") {
                    Some((head, tail))
                        if tail.split_whitespace().count() >= 3
                            && (!timeline::times_in(
                                &timeline::normalise(head),
                                DateHints::default(),
                            )
                            .is_empty()
                                || !timeline::dates_in(head, DateHints::default()).is_empty()) =>
                    {
                        capitalise(tail)
                    }
                    _ => sentence,
                };
                // "The outage hit the store: pages were slow" → "The outage hit the store".
                let clause = [": ", "; ", " — "]
                    .iter()
                    .filter_map(|sep| sentence.find(sep))
                    .min();
                let sentence = match clause {
                    Some(p) if sentence[..p].split_whitespace().count() >= 3 => {
                        sentence[..p].to_string()
                    }
                    _ => sentence,
                };
                // A long sentence keeps its main clause: "The outage affected our platform,
                // resulting in slowdowns and ..." → "The outage affected our platform".
                let sentence = match sentence.find(", ") {
                    Some(p)
                        if sentence.chars().count() > 60
                            && sentence[..p].split_whitespace().count() >= 4 =>
                    {
                        sentence[..p].to_string()
                    }
                    _ => sentence,
                };
                (!sentence.is_empty()).then(|| shorten(sentence.trim_end_matches('.'), 80))
            })
    };
    let title = f
        .title
        .clone()
        .or_else(|| f.heading_title.clone())
        .or_else(|| f.first_line_title.clone())
        .or_else(from_text)
        .or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().replace(['-', '_'], " "))
        })
        .unwrap_or_else(|| "Untitled incident".to_string());
    let t = strip_report_prefix(&clean_line(&title)).to_string();
    if t.is_empty() {
        "Untitled incident".to_string()
    } else {
        t
    }
}

/// "Postmortem: Session cache eviction storm" → "Session cache eviction storm": the kind of
/// document is not the incident's name.
fn strip_report_prefix(title: &str) -> &str {
    const PREFIXES: &[&str] = &[
        "postmortem",
        "post-mortem",
        "post mortem",
        "incident report",
        "incident postmortem",
        "incident review",
        "pir",
        "rca",
        "root cause analysis",
    ];
    for p in PREFIXES {
        let Some(head) = title.get(..p.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(p) {
            continue;
        }
        let rest = &title[p.len()..];
        let rest_trim = rest.trim_start_matches([' ', ':', '-', '–', '—', '|']);
        if rest_trim.len() < rest.len() && rest_trim.split_whitespace().count() >= 2 {
            return rest_trim.trim();
        }
    }
    title
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(p) if p > max / 2 => cut[..p].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The span as stated, with where it was read.
#[derive(Debug, Default)]
struct SpanFound {
    /// Lines the span was read from (kept out of prose events).
    lines: Vec<usize>,
    start: Option<(ParsedTime, Inference)>,
    end: Option<(ParsedTime, Inference)>,
}

fn find_span(f: &Fields, hints: DateHints) -> SpanFound {
    let mut out = SpanFound::default();
    for (no, text, role) in &f.spans {
        let Some((start, end, matched)) = timeline::span_in(text, hints, *role) else {
            continue;
        };
        out.lines.push(*no);
        let why = Inference::new("milestone:duration", matched);
        if out.start.is_none()
            && let Some(s) = start
        {
            out.start = Some((s, why.clone()));
            // An end from the same sentence belongs with this start.
            if let Some(e) = end {
                out.end = Some((e, why));
            }
            continue;
        }
        if out.end.is_none()
            && let Some(e) = end
        {
            out.end = Some((e, why));
        }
    }
    // A zone written on one end only applies to both.
    if let (Some((s, _)), Some((e, _))) = (&mut out.start, &mut out.end) {
        if s.offset.is_none() {
            s.offset = e.offset;
        }
        if e.offset.is_none() {
            e.offset = s.offset;
        }
    }
    out
}

fn find_date(
    f: &Fields,
    lines: &[Line],
    tags: &[Section],
    entries: &[Entry],
    hints: DateHints,
) -> Option<NaiveDate> {
    let from_fields = f.dates.iter().find_map(|d| {
        timeline::dates_in(d, hints)
            .first()
            .map(|(_, d)| *d)
            .or_else(|| crate::ingest::clock::parse_time_with(d, hints).and_then(|p| p.date))
    });
    let from_spans = || {
        f.spans
            .iter()
            .find_map(|(_, t, _)| timeline::dates_in(t, hints).first().map(|(_, d)| *d))
    };
    let from_entries = || {
        entries.iter().find_map(|e| match e {
            Entry::SetDate(d) => Some(*d),
            Entry::Event(Draft {
                when: When::At(p), ..
            }) => p.date,
            Entry::Event(Draft {
                when: When::Day(d, _),
                ..
            }) => Some(*d),
            _ => None,
        })
    };
    let from_text = || {
        lines.iter().zip(tags).find_map(|(l, t)| {
            if *t == Section::Actions {
                return None;
            }
            timeline::dates_in(&l.text(), hints)
                .first()
                .map(|(_, d)| *d)
        })
    };
    from_fields
        .or_else(from_spans)
        .or_else(from_entries)
        .or_else(from_text)
}

/// The zone the incident is told in, and the line that says so (0: the whole file).
struct ZoneFound {
    note: timeline::ZoneNote,
    line: usize,
}

/// `Timezone:` line, else an "(all times UTC)" note, else a zone in the timeline's heading or
/// its table's time column or a dated heading (`### 2025-01-01 (UTC)`), else the span's, else
/// the first zone written on an entry.
fn find_zone(
    f: &Fields,
    lines: &[Line],
    tags: &[Section],
    span: &SpanFound,
    entries: &[Entry],
) -> Option<ZoneFound> {
    let fixed = |o: FixedOffset| timeline::ZoneNote {
        zone: Zone::Fixed(o),
        written: o.to_string(),
    };
    let from_field = f.zone.as_ref().and_then(|(line, z)| {
        let note = parse_zone(z.trim())
            .map(|zone| timeline::ZoneNote {
                zone,
                written: z.trim().to_string(),
            })
            .or_else(|| timeline::zone_note(&format!("timezone {z}")))?;
        Some(ZoneFound { note, line: *line })
    });
    let from_note = || {
        lines
            .iter()
            .find_map(|l| timeline::zone_note(&l.text()).map(|note| ZoneFound { note, line: l.no }))
    };
    let from_heading = || {
        lines.iter().zip(tags).find_map(|(l, t)| match &l.kind {
            Kind::Heading { text, .. } if *t == Section::Timeline => {
                timeline::bracketed_zone(text).map(|note| ZoneFound { note, line: l.no })
            }
            _ => None,
        })
    };
    let from_entry_zone = || {
        entries.iter().find_map(|e| match e {
            Entry::Event(d) => d.zone.map(|zone| ZoneFound {
                note: timeline::ZoneNote {
                    zone,
                    written: zone.name(),
                },
                line: d.line,
            }),
            _ => None,
        })
    };
    let from_span = || {
        span.start
            .as_ref()
            .and_then(|(p, _)| p.offset)
            .or_else(|| span.end.as_ref().and_then(|(p, _)| p.offset))
            .map(|o| ZoneFound {
                note: fixed(o),
                line: span.lines.first().copied().unwrap_or(0),
            })
    };
    let from_entries = || {
        entries.iter().find_map(|e| match e {
            Entry::Event(Draft {
                when: When::At(p),
                line,
                ..
            }) => p.offset.map(|o| ZoneFound {
                note: fixed(o),
                line: *line,
            }),
            _ => None,
        })
    };
    from_field
        .or_else(from_note)
        .or_else(from_heading)
        .or_else(from_entry_zone)
        .or_else(from_span)
        .or_else(from_entries)
}

/// Detour signals of an event, kept beside it until branches are assigned.
#[derive(Clone, Debug, Default)]
struct Signals {
    ruled_out: Option<Inference>,
    hypothesis: Option<Inference>,
    /// No time of its own (placed at the entry before): not used for milestones.
    inherited: bool,
}

/// Kinds that mark progress; an event of these kinds does not open a detour.
fn strong(k: EventKind) -> bool {
    matches!(
        k,
        EventKind::ImpactStart
            | EventKind::Detection
            | EventKind::Identified
            | EventKind::Mitigation
            | EventKind::Recovery
            | EventKind::Resolution
    )
}

/// Kind, its reason, and the detour signals of an event's text.
fn classify(text: &str) -> (EventKind, Option<Inference>, Signals) {
    let ruled_out = detour_signal(text);
    let hypothesis = hypothesis_signal(text);
    // "Theory: ...", "Hypothesis - ...": the writer said this entry is a theory being tried.
    let labelled_theory = split_label(text)
        .filter(|(label, _)| label.split_whitespace().count() <= 2)
        .and_then(|(label, _)| hypothesis_signal(label));
    let (kind, why) = if let Some((k, i)) = crate::ingest::lexicon::marker_kind(text) {
        (k, Some(i))
    } else if let (Some(h), None) = (&labelled_theory, &ruled_out) {
        (EventKind::Hypothesis, Some(h.clone()))
    } else if let Some(r) = &ruled_out {
        // A theory that failed is not progress: "rollback completed, but the issue persisted".
        match classify_kind_among(text, |k| !strong(k)) {
            Some((k, i)) => (k, Some(i)),
            None => (EventKind::Hypothesis, Some(r.clone())),
        }
    } else {
        match classify_kind(text) {
            Some((k, i)) if strong(k) => (k, Some(i)),
            other => match &hypothesis {
                Some(h) => (EventKind::Hypothesis, Some(h.clone())),
                None => match other {
                    Some((k, i)) => (k, Some(i)),
                    None => (EventKind::Note, None),
                },
            },
        }
    };
    let signals = Signals {
        hypothesis: hypothesis.filter(|_| kind == EventKind::Hypothesis || ruled_out.is_some()),
        ruled_out,
        inherited: false,
    };
    (kind, why, signals)
}

fn place_entries(
    path: &Path,
    lines: &[Line],
    entries: &[Entry],
    base_date: NaiveDate,
    offset: FixedOffset,
    zone: Option<FixedOffset>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Event, Signals)> {
    let indents: HashMap<usize, usize> = lines.iter().map(|l| (l.no, l.indent)).collect();
    let col = |no: usize| indents.get(&no).map_or(0, |i| i + 1);
    let mut r = ClockResolver::new(base_date, offset);
    let mut first_day: Option<NaiveDate> = None;
    let mut out: Vec<(Event, Signals)> = Vec::new();
    let mut last: Option<Timestamp> = None;
    for e in entries {
        let d = match e {
            Entry::SetDate(day) => {
                r.set_date(*day);
                first_day.get_or_insert(*day);
                continue;
            }
            Entry::Day(n) => {
                let start = *first_day.get_or_insert(base_date);
                r.set_date(start + chrono::Duration::days(i64::from(*n) - 1));
                continue;
            }
            Entry::Orphan { line, text } => {
                diags.push(
                    Diagnostic::warning(
                        path,
                        *line,
                        col(*line),
                        format!("timeline entry has no time: {}", shorten(text, 60)),
                    )
                    .with_hint("start the entry with its time, e.g. `- 10:30 - ...`"),
                );
                continue;
            }
            Entry::Event(d) => d,
        };
        let (at, approximate) = match &d.when {
            When::At(p) => {
                let (at, how) = r.place(p);
                let written = p.time.format("%H:%M");
                let note = match how {
                    Placement::OutOfOrder => Some((
                        format!(
                            "time {written} is earlier than the entry before; kept on the same day"
                        ),
                        "check the order of the timeline entries",
                    )),
                    Placement::ReadAsPm => Some((
                        format!(
                            "{written} read as {} (12-hour clock without am/pm)",
                            at.format("%H:%M")
                        ),
                        "write `pm` or use 24-hour times",
                    )),
                    Placement::ReadAsNoon => Some((
                        format!(
                            "{} read as {} (12 AM right after the morning)",
                            p.time.format("%I:%M %p"),
                            at.format("%H:%M")
                        ),
                        "12 PM is noon, 12 AM is midnight",
                    )),
                    Placement::AsWritten | Placement::RolledOver => None,
                };
                if let Some((msg, hint)) = note {
                    diags.push(Diagnostic::warning(path, d.line, col(d.line), msg).with_hint(hint));
                }
                if let (Some(o), Some(z)) = (p.offset, zone)
                    && o != z
                {
                    diags.push(
                        Diagnostic::warning(
                            path,
                            d.line,
                            col(d.line),
                            format!("time written in {o} while the incident is told in {z}"),
                        )
                        .with_hint("check the zone of this entry"),
                    );
                }
                first_day.get_or_insert(at.date_naive());
                (at, p.approximate)
            }
            When::Inherit => match last {
                Some(t) => (t, true),
                None => continue,
            },
            When::Day(day, tod) => {
                let p = ParsedTime {
                    date: Some(*day),
                    time: tod.unwrap_or(NaiveTime::MIN),
                    offset: None,
                    approximate: true,
                    twelve_hour: false,
                };
                if tod.is_none() {
                    diags.push(
                        Diagnostic::warning(
                            path,
                            d.line,
                            col(d.line),
                            "entry gives a day but no time; placed at the start of the day",
                        )
                        .with_hint("add a time, e.g. `2024-08-15 10:30`"),
                    );
                }
                first_day.get_or_insert(*day);
                (r.resolve(&p), true)
            }
        };
        last = Some(at);
        let mut text = clean_line(&d.text);
        if text.is_empty() {
            text = "(no description)".to_string();
        }
        // The caption an entry sits under ("Misleading paths:") is read with it.
        let read = match d.context.as_deref().map(clean_line) {
            Some(c) if !c.is_empty() && !text.starts_with(&c) => format!("{c}: {text}"),
            _ => text.clone(),
        };
        let (kind, why, mut signals) = classify(&read);
        signals.inherited = matches!(d.when, When::Inherit);
        let mut ev = Event::new(at, kind, text);
        ev.inferred = why;
        ev.approximate = approximate;
        ev.links = d
            .links
            .iter()
            .map(|l| clean_line(l))
            .filter(|l| !l.is_empty())
            .collect();
        ev.author = d.author.as_deref().map(clean_line);
        out.push((ev, signals));
    }
    out
}

/// Detours: a hypothesis opens a branch, a later ruled-out event joins and closes the most
/// recent open one, and an event that both proposes and rules out is a branch of its own.
fn assign_branches(incident: &mut Incident, signals: &[Signals]) {
    let mut open: Vec<usize> = Vec::new();
    let mut ids = Ids::default();
    for (i, s) in signals.iter().enumerate() {
        let text = incident.timeline[i].text.clone();
        let id = match (&s.hypothesis, &s.ruled_out) {
            (Some(h), Some(r)) => new_branch(
                incident,
                &mut ids,
                &text,
                Some(h),
                Some(r),
                Outcome::RuledOut,
            ),
            (None, Some(r)) => match open.pop() {
                Some(b) => {
                    let br = &mut incident.branches[b];
                    br.outcome = Outcome::RuledOut;
                    br.inferred = Some(r.clone());
                    br.id.clone()
                }
                None => new_branch(incident, &mut ids, &text, None, Some(r), Outcome::RuledOut),
            },
            (Some(h), None) => {
                let id = new_branch(incident, &mut ids, &text, Some(h), None, Outcome::Open);
                open.push(incident.branches.len() - 1);
                id
            }
            (None, None) => continue,
        };
        incident.timeline[i].branch = Some(id);
    }
}

/// A theory opened in the timeline is often ruled out only in the prose around it ("we
/// suspected the CDN ... it turned out not to be the cause"). A sentence outside the timeline
/// with a ruled-out signal that names an open branch (a word of its id) closes that branch.
fn close_branches_from_prose(incident: &mut Incident, lines: &[Line], tags: &[Section]) {
    if !incident.branches.iter().any(|b| b.outcome == Outcome::Open) {
        return;
    }
    // Paragraphs outside the timeline, wrapped lines joined.
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for (l, t) in lines.iter().zip(tags) {
        let text = l.text();
        if *t == Section::Timeline || text.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        current.push(' ');
        current.push_str(text.trim());
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    let words_of = |s: &str| -> HashSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 3)
            .map(str::to_lowercase)
            .collect()
    };
    for para in &paragraphs {
        let sentences = timeline::sentences(para);
        for (i, sentence) in sentences.iter().enumerate() {
            let Some(why) = crate::ingest::lexicon::detour_signal(sentence) else {
                continue;
            };
            // The theory may be named in this sentence or the one before ("We spent a while on
            // the load balancer. It was not the cause").
            let mut words = words_of(sentence);
            if i > 0 {
                words.extend(words_of(sentences[i - 1]));
            }
            for b in incident
                .branches
                .iter_mut()
                .filter(|b| b.outcome == Outcome::Open)
            {
                let mut name =
                    b.id.split('-')
                        .filter(|w| w.len() >= 3 && w.parse::<u32>().is_err())
                        .peekable();
                if name.peek().is_some() && name.all(|w| words.contains(w)) {
                    b.outcome = Outcome::RuledOut;
                    b.inferred = Some(Inference::new(
                        "detour:ruled-out-in-prose",
                        why.matched.clone(),
                    ));
                }
            }
        }
    }
}

/// Branch ids handed out so far, and the next number to try for each base.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

fn new_branch(
    incident: &mut Incident,
    ids: &mut Ids,
    text: &str,
    hypothesis: Option<&Inference>,
    ruled_out: Option<&Inference>,
    outcome: Outcome,
) -> String {
    let (theory, name_src) = neutral_hypothesis(text);
    let mut id = slug(&name_src);
    if id.is_empty() {
        id = "detour".to_string();
    }
    let base = id.clone();
    while ids.used.contains(&id) {
        let n = ids.next.entry(base.clone()).or_insert(2);
        id = format!("{base}-{n}");
        *n += 1;
    }
    ids.used.insert(id.clone());
    incident.branches.push(Branch {
        id: id.clone(),
        hypothesis: clean_line(&theory),
        outcome,
        inferred: ruled_out.or(hypothesis).cloned(),
    });
    id
}

/// The theory in neutral words, and the words to name its branch by. The theory is what
/// follows "assumed that ..." (or precedes "... as a potential cause"), without "misleading"
/// and without the clause that rules it out.
fn neutral_hypothesis(text: &str) -> (String, String) {
    // "Misleading paths: initial blame fell on X" → "initial blame fell on X"; first sentence.
    let text = match split_label(text) {
        Some((label, rest))
            if rest.split_whitespace().count() >= 3 && label.split_whitespace().count() <= 4 =>
        {
            rest
        }
        _ => text,
    };
    let text = timeline::sentences(text).first().copied().unwrap_or(text);
    let (low, ruled) = phrase_spans(text, Conclusion::RuledOut);
    let (_, hyps) = phrase_spans(text, Conclusion::Hypothesis);
    let words_before = |pos: usize| low[..pos].split_whitespace().count();
    const FILLER: &[&str] = &[
        "was", "that", "is", "were", "made", "of", "it", "towards", "toward", "to", "a", "as",
        "pointed", "thrown", "at", "fell", "cause", "an", "being", "be", "been", "by", "on", "in",
        "into",
    ];
    let filler = |w: &&str| FILLER.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()));
    // The clause that rules the theory out starts at the first such phrase past the opening.
    let cut = ruled
        .iter()
        .find(|(a, _)| words_before(*a) >= 3)
        .map(|(a, _)| {
            [", ", "; ", " but ", " which ", " - ", " and "]
                .iter()
                .filter_map(|sep| low[..*a].rfind(sep))
                .filter(|c| words_before(*c) >= 2)
                .max()
                .unwrap_or(*a)
        })
        .unwrap_or(low.len());
    let mut body = &low[..cut];
    let mut name_src = &low[..cut];
    if let Some(&(a, b)) = hyps.iter().find(|(a, _)| *a < cut) {
        // Count from the start of the phrase's own clause ("..., initially suspecting X").
        let clause_start = [", ", "; "]
            .iter()
            .filter_map(|sep| low[..a].rfind(sep).map(|p| p + sep.len()))
            .max()
            .unwrap_or(0);
        if low[clause_start..a].split_whitespace().count() <= 4 {
            // "The initial assumption was that X; rollback was initiated" → X.
            body = &low[b..cut];
            name_src = body;
            if let Some(semi) = body.find("; ") {
                body = &body[..semi];
            }
        } else {
            // "investigation into network latency as a potential cause" → the words before.
            body = &low[..a];
            name_src = body;
        }
    }
    // The theory is the first clause: "a bad release; engineers compared builds" → "a bad release".
    if let Some(semi) = ["; ", ", ", " and ", " but "]
        .iter()
        .filter_map(|sep| body.find(sep))
        .filter(|p| body[..*p].split_whitespace().count() >= 2)
        .min()
    {
        body = &body[..semi];
    }
    let body = body.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut words: Vec<&str> = body.split_whitespace().collect();
    while words
        .first()
        .is_some_and(|w| filler(w) || w.starts_with("mislead"))
    {
        words.remove(0);
    }
    while words.last().is_some_and(filler) {
        words.pop();
    }
    // Back to the words as written (same byte offsets when lower-casing kept lengths).
    let cased = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['’', '‘'], "'");
    if cased.len() == low.len() {
        let base = low.as_ptr() as usize;
        words = words
            .iter()
            .map(|w| {
                let at = w.as_ptr() as usize - base;
                &cased[at..at + w.len()]
            })
            .collect();
    }
    let theory = if words.len() >= 2 {
        words.join(" ")
    } else {
        low.split_whitespace()
            .filter(|w| !w.starts_with("mislead"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let theory = capitalise(theory.trim_end_matches(['.', ',', ';', ':']));
    (theory, name_src.to_string())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A short id from the theory's telling words (`deployment-rollback`, `network-latency`).
fn slug(theory: &str) -> String {
    const STOP: &[&str] = &[
        "the",
        "a",
        "an",
        "was",
        "were",
        "is",
        "that",
        "this",
        "it",
        "its",
        "to",
        "of",
        "in",
        "into",
        "on",
        "for",
        "with",
        "as",
        "and",
        "or",
        "but",
        "by",
        "at",
        "from",
        "be",
        "been",
        "issue",
        "problem",
        "cause",
        "causing",
        "caused",
        "related",
        "recent",
        "initial",
        "assumption",
        "potential",
        "possible",
        "investigation",
        "investigating",
        "team",
        "which",
        "after",
        "further",
        "leading",
        "our",
        "we",
        "they",
        "some",
        "more",
        "any",
        "could",
        "might",
        "may",
        "being",
        "there",
        "had",
        "have",
        "has",
        "not",
        "no",
        "all",
        "possibly",
        "sudden",
        "supposed",
        "issues",
        "engineers",
        "engineering",
        "focus",
        "shifted",
        "towards",
        "toward",
        "due",
        "initially",
        "would",
        "led",
        "about",
        "focused",
        "time",
        "spent",
        "unnecessary",
        "code",
        "application",
        "looked",
        "checked",
        "everyone",
        "moved",
        "went",
        "thought",
        "suspected",
        "assumed",
        "assuming",
        "theory",
        "whether",
        "blame",
        "thrown",
        "pointed",
        "paths",
        "path",
        "initial",
        "bad",
        "fell",
    ];
    let words: Vec<String> = theory
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-').to_lowercase())
        .filter(|w| {
            w.len() >= 3
                && !STOP.contains(&w.as_str())
                && !w.starts_with("mislead")
                && !w.chars().all(|c| c.is_ascii_digit())
        })
        .take(2)
        .collect();
    words.join("-")
}

fn set_milestones(
    incident: &mut Incident,
    signals: &[Signals],
    span: &SpanFound,
    base: NaiveDate,
    offset: FixedOffset,
) {
    let own_time = |i: usize| !signals.get(i).is_some_and(|s| s.inherited);
    let detours: HashSet<&str> = incident
        .branches
        .iter()
        .filter(|b| b.outcome == Outcome::RuledOut)
        .map(|b| b.id.as_str())
        .collect();
    let on_detour = |e: &Event| e.branch.as_deref().is_some_and(|b| detours.contains(b));
    // The span's two ends, placed like timeline times (the end may roll over midnight).
    let mut r = ClockResolver::new(base, offset);
    let start = span
        .start
        .as_ref()
        .map(|(p, why)| (r.resolve(p), why.clone()));
    let end = span
        .end
        .as_ref()
        .map(|(p, why)| (r.resolve(p), why.clone()));

    let mut set: Vec<(MilestoneKind, Timestamp, Inference, Option<usize>)> = Vec::new();
    for m in MilestoneKind::ALL {
        let kind = m.event_kind();
        // For "identified", an event that names the cause beats an earlier clue
        // ("logs revealed many open connections" before "root cause identified").
        let strong_identified = |i: usize| {
            m != MilestoneKind::Identified
                || incident.timeline[i]
                    .inferred
                    .as_ref()
                    .is_some_and(|w| w.rule == "kind:identified")
        };
        let first_of = |strict: bool| {
            incident.timeline.iter().enumerate().position(|(i, e)| {
                e.kind == kind && own_time(i) && (!strict || strong_identified(i))
            })
        };
        // An event of another kind that names the cause ("identified a bad deploy; rolled it
        // back" is a mitigation) still beats a mere clue.
        let strong_signal = || {
            if m != MilestoneKind::Identified {
                return None;
            }
            incident.timeline.iter().enumerate().find_map(|(i, e)| {
                let w = kind_signal(&e.text, kind)?;
                let own = e.inferred.as_ref().map(|o| o.matched.as_str());
                let fresh = own.is_none_or(|o| !o.contains(w.matched.as_str()));
                (w.rule == "kind:identified" && fresh && own_time(i) && !on_detour(e))
                    .then_some((i, w))
            })
        };
        let of_event = |i: usize| {
            let why = incident.timeline[i]
                .inferred
                .clone()
                .unwrap_or_else(|| Inference::new("milestone:first-of-kind", kind.as_str()));
            (i, why)
        };
        let by_kind = first_of(true)
            .map(of_event)
            .or_else(strong_signal)
            .or_else(|| first_of(false).map(of_event));
        let by_signal = || {
            incident.timeline.iter().enumerate().find_map(|(i, e)| {
                // A dropped theory neither finds the cause nor fixes anything; it may still be
                // where someone noticed or picked the incident up.
                let progress = !matches!(m, MilestoneKind::Detected | MilestoneKind::Acknowledged);
                if (progress && on_detour(e)) || !own_time(i) {
                    return None;
                }
                let why = if m == MilestoneKind::Started {
                    impact_start_signal(&e.text)
                } else {
                    kind_signal(&e.text, kind)
                };
                // The words that gave the event its own kind don't count twice
                // ("first identified through monitoring" is a detection, not the cause found).
                let own = e.inferred.as_ref().map(|w| w.matched.as_str());
                why.filter(|w| own.is_none_or(|o| !o.contains(w.matched.as_str())))
                    .map(|w| (i, w))
            })
        };
        let found = match m {
            MilestoneKind::Started => match &start {
                Some((at, why)) => Some((*at, why.clone(), None)),
                None => by_kind
                    .or_else(by_signal)
                    .map(|(i, w)| (incident.timeline[i].at, w, Some(i))),
            },
            MilestoneKind::Resolved => by_kind
                .map(|(i, w)| (incident.timeline[i].at, w, Some(i)))
                .or_else(|| end.as_ref().map(|(at, why)| (*at, why.clone(), None))),
            _ => by_kind
                .or_else(by_signal)
                .map(|(i, w)| (incident.timeline[i].at, w, Some(i))),
        };
        if let Some((at, why, i)) = found {
            set.push((m, at, why, i));
        }
    }
    for (m, at, why, i) in set {
        incident.milestones.set(m, Some(at));
        incident.milestones.inferred.push((m, why));
        if let Some(i) = i {
            incident.timeline[i].key = true;
        }
    }
}
