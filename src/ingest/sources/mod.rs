//! Front ends for what responders hold after an outage — a Slack channel export, a PagerDuty
//! incident with its log, an incident.io incident with its updates — and the merge of several
//! of them into one incident.
//!
//! Each front end turns its input into a [`Read`]: a [`Story`] whose entries carry exact
//! instants ([`When::Instant`]) and an [`Origin`] (the `source` reference, the thread, key
//! moments, kinds the structure states), plus the milestones the source types outright
//! ([`Typed`]). [`merge`] puts several reads into one story — fields from the most
//! authoritative source, typed milestones with exact ones first — and
//! [`crate::ingest::pipeline::build`] does the rest the same way as for a Markdown postmortem:
//! the lexicon classifies, threads become branches, the same moment told by two sources is
//! shown once, and milestones the sources do not type are inferred from the words.
//!
//! Everything in these files is untrusted text: it goes through
//! [`crate::model::text::clean_line`] before it reaches the model, and nothing here writes a file.
//!
//! [`When::Instant`]: super::candidate::When::Instant

pub mod incidentio;
pub mod pagerduty;
pub mod slack;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Offset};
use serde_json::value::RawValue;

use super::candidate::{Entry, Story, When};
use super::{Diagnostic, Format, LoadError, Loaded, MAX_FILE_BYTES, line_col};
use crate::model::text::clean_line;
use crate::model::{Inference, MilestoneKind, Timestamp};

/// The kind of source a [`Read`] came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum System {
    Slack,
    PagerDuty,
    IncidentIo,
}

impl System {
    /// Which source's title, severity and summary win in a merge: an incident tool's (people
    /// curated it), then the pager's, then the chat's.
    fn rank(self) -> u8 {
        match self {
            System::IncidentIo => 0,
            System::PagerDuty => 1,
            System::Slack => 2,
        }
    }

    /// The input format this source is reported as.
    pub fn format(self) -> Format {
        match self {
            System::Slack => Format::Slack,
            System::PagerDuty => Format::PagerDuty,
            System::IncidentIo => Format::IncidentIo,
        }
    }
}

/// A milestone a source types outright (a pager's acknowledge entry, an incident tool's
/// "Identified at"), with the rule and the words or field it was read from.
#[derive(Clone, Debug)]
pub struct Typed {
    pub kind: MilestoneKind,
    pub at: Timestamp,
    pub why: Inference,
    /// Exact (the moment itself, e.g. the alert firing) rather than a stand-in (incident.io's
    /// "Reported at" for detected): exact ones win a merge.
    pub exact: bool,
}

/// What one source yields.
#[derive(Clone, Debug)]
pub struct Read {
    pub system: System,
    /// The fields and the timeline (entries with instants and origins).
    pub story: Story,
    pub milestones: Vec<Typed>,
    /// Warnings (a message that could not be read is skipped and said here).
    pub diagnostics: Vec<Diagnostic>,
    /// The Slack channel the source says the incident was worked in (incident.io's
    /// `slack_channel_name`): chooses the channel of a Slack export merged with it when
    /// `--channel` is not given.
    pub slack_channel: Option<String>,
}

impl Read {
    fn new(system: System) -> Read {
        Read {
            system,
            story: Story {
                base_date: chrono::NaiveDate::default(),
                ..Story::default()
            },
            milestones: Vec::new(),
            diagnostics: Vec::new(),
            slack_channel: None,
        }
    }
}

/// Options for reading sources.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The Slack channel to read (name, `#name` or id); required when an export holds several.
    pub channel: Option<String>,
    /// How much of an export is read at most.
    pub limits: Limits,
}

/// The most bytes read (decompressed) from an export's files; over them the import stops with
/// an error rather than reading on (a ZIP bomb stops at the limit).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// One day file of a channel.
    pub day_file: u64,
    /// All day files of the channel together.
    pub channel: u64,
    /// One metadata file (`users.json` of a big workspace).
    pub meta: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            day_file: slack::MAX_DAY_FILE_BYTES,
            channel: slack::MAX_CHANNEL_BYTES,
            meta: slack::MAX_META_BYTES,
        }
    }
}

/// What a file or folder is, by content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detected {
    /// A Slack export: a folder, or a ZIP file.
    Slack,
    PagerDuty,
    IncidentIo,
    /// incident.io's postmortem content (`{"markdown": "..."}`): the Markdown inside.
    PostmortemMarkdown(String),
    /// Not one of these sources (a YAML incident or a Markdown postmortem).
    Other,
}

/// Whether the bytes start like a ZIP archive.
pub fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// Whether `path` is a Slack export (a folder or a ZIP), by content.
pub fn is_slack_export(path: &Path) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => return true,
        // Only a regular file is opened (a named pipe would block).
        Ok(m) if m.is_file() => {}
        _ => return false,
    }
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|_| is_zip(&head))
}

/// Whether text is meant as JSON: a `.json` file, or text that starts like JSON and parses.
pub fn looks_like_json(path: &Path, text: &str) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json") => true,
        Some("yaml" | "yml" | "md" | "markdown" | "txt") => false,
        _ => {
            let t = text.trim_start_matches('\u{feff}').trim_start();
            (t.starts_with('{') || t.starts_with('['))
                && serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok()
        }
    }
}

/// Which source a JSON text is, from its top-level keys; an error saying what was expected when
/// it is none of them.
pub fn detect_json(path: &Path, text: &str) -> Result<Detected, LoadError> {
    let value: serde_json::Value = parse_json(path, text)?;
    let has = |v: &serde_json::Value, k: &str| v.get(k).is_some();
    let detected = match &value {
        serde_json::Value::Object(_) => {
            let inc = value.get("incident");
            if has(&value, "incident_updates")
                || inc.is_some_and(|i| {
                    has(i, "reference")
                        || has(i, "incident_timestamp_values")
                        || has(i, "incident_status")
                })
            {
                Some(Detected::IncidentIo)
            } else if has(&value, "log_entries")
                || has(&value, "notes")
                || inc.is_some_and(|i| {
                    has(i, "incident_number")
                        || has(i, "first_trigger_log_entry")
                        || has(i, "escalation_policy")
                })
            {
                Some(Detected::PagerDuty)
            } else {
                value
                    .get("markdown")
                    .and_then(|m| m.as_str())
                    .map(|m| Detected::PostmortemMarkdown(m.to_string()))
            }
        }
        serde_json::Value::Array(items) => {
            let first = items.first();
            if first
                .and_then(|e| e.get("type"))
                .and_then(|t| t.as_str())
                .is_some_and(|t| t.ends_with("_log_entry"))
            {
                Some(Detected::PagerDuty)
            } else if first.is_some_and(|e| has(e, "new_incident_status")) {
                Some(Detected::IncidentIo)
            } else {
                None
            }
        }
        _ => None,
    };
    detected.ok_or_else(|| {
        LoadError::invalid(
            Diagnostic::error(
                path,
                1,
                1,
                "JSON that is not an export retrace reads: expected a PagerDuty incident \
                 ({\"incident\": {...}, \"log_entries\": [...], \"notes\": [...]}) or an incident.io \
                 incident ({\"incident\": {...}, \"incident_updates\": [...]})",
            )
            .with_hint("docs/IMPORTING.md shows the API calls that give these files"),
        )
    })
}

/// Read a JSON source from text (PagerDuty or incident.io; incident.io's postmortem Markdown
/// goes to the Markdown importer) and build its incident. `None` when the text is not JSON.
pub fn load_json(path: &Path, text: &str) -> Option<Result<Loaded, LoadError>> {
    if !looks_like_json(path, text) {
        return None;
    }
    Some(load_json_source(path, text))
}

fn load_json_source(path: &Path, text: &str) -> Result<Loaded, LoadError> {
    let read = match detect_json(path, text)? {
        Detected::PostmortemMarkdown(md) => {
            let r = super::markdown::read(path, &md)?;
            return Ok(Loaded {
                path: path.to_path_buf(),
                format: Format::Markdown,
                incident: r.incident,
                diagnostics: r.diagnostics,
                looks_like_incident: r.looks_like_incident,
            });
        }
        Detected::PagerDuty => pagerduty::read(path, text)?,
        Detected::IncidentIo => incidentio::read(path, text)?,
        Detected::Slack | Detected::Other => unreachable_source(path)?,
    };
    Ok(build_one(path, read))
}

fn unreachable_source(path: &Path) -> Result<Read, LoadError> {
    Err(LoadError::invalid(Diagnostic::error(
        path,
        0,
        0,
        "not a source retrace can merge",
    )))
}

/// Read one Slack export (folder or ZIP) and build its incident.
pub fn load_slack(path: &Path, options: &Options) -> Result<Loaded, LoadError> {
    let read = slack::read(path, options)?;
    Ok(build_one(path, read))
}

fn build_one(path: &Path, read: Read) -> Loaded {
    let format = read.system.format();
    let (story, mut diagnostics) = merge(vec![(path.to_path_buf(), read)]);
    let incident = super::pipeline::build(path, story, &mut diagnostics);
    Loaded {
        path: path.to_path_buf(),
        format,
        incident,
        diagnostics,
        looks_like_incident: true,
    }
}

/// Read one source of any kind: a Slack export, a PagerDuty or incident.io JSON file.
pub fn read_source(path: &Path, options: &Options) -> Result<Read, LoadError> {
    if is_slack_export(path) {
        return slack::read(path, options);
    }
    let text = read_text(path, MAX_FILE_BYTES)?;
    if !looks_like_json(path, &text) {
        return Err(LoadError::invalid(
            Diagnostic::error(
                path,
                0,
                0,
                "not a source that can be merged: expected a Slack export (folder or ZIP), or a \
                 PagerDuty or incident.io JSON file",
            )
            .with_hint(
                "a Markdown postmortem or a YAML incident imports on its own: `retrace import FILE`",
            ),
        ));
    }
    match detect_json(path, &text)? {
        Detected::PagerDuty => pagerduty::read(path, &text),
        Detected::IncidentIo => incidentio::read(path, &text),
        Detected::PostmortemMarkdown(_) => Err(LoadError::invalid(
            Diagnostic::error(
                path,
                0,
                0,
                "incident.io postmortem Markdown imports on its own, not merged with other sources",
            )
            .with_hint("`retrace import FILE` reads it"),
        )),
        Detected::Slack | Detected::Other => unreachable_source(path),
    }
}

/// Read several sources of one incident and build one incident from them (see [`merge`]). The
/// first error stops the import: nothing half-merged is returned.
pub fn load_sources(paths: &[PathBuf], options: &Options) -> Result<Loaded, LoadError> {
    // The JSON sources first: incident.io names the incident's Slack channel.
    let mut reads: Vec<Option<(PathBuf, Read)>> = Vec::with_capacity(paths.len());
    for p in paths {
        reads.push(if is_slack_export(p) {
            None
        } else {
            Some((p.clone(), read_source(p, options)?))
        });
    }
    let mut options = options.clone();
    if options.channel.is_none() {
        options.channel = reads
            .iter()
            .flatten()
            .find_map(|(_, r)| r.slack_channel.clone());
    }
    let reads = paths
        .iter()
        .zip(reads)
        .map(|(p, r)| match r {
            Some(r) => Ok(r),
            None => Ok((p.clone(), slack::read(p, &options)?)),
        })
        .collect::<Result<Vec<_>, LoadError>>()?;
    let format = match reads.as_slice() {
        [(_, r)] => r.system.format(),
        _ => Format::Merged,
    };
    let first = paths.first().cloned().unwrap_or_default();
    let (story, mut diagnostics) = merge(reads);
    let incident = super::pipeline::build(&first, story, &mut diagnostics);
    Ok(Loaded {
        path: first,
        format,
        incident,
        diagnostics,
        looks_like_incident: true,
    })
}

/// Put several sources' reads into one story, for [`crate::ingest::pipeline::build`].
///
/// * Title, severity, status, summary, zone: from the most authoritative source that has them
///   (incident.io, then PagerDuty, then Slack); services from all.
/// * Entries: all of them (they carry instants, so order does not matter; the pipeline sorts,
///   and shows once the same moment told by two sources).
/// * Typed milestones: per milestone, an exact one beats a stand-in, and among equals the source
///   listed first wins; sources whose exact times differ by more than 5 minutes get a warning.
pub fn merge(reads: Vec<(PathBuf, Read)>) -> (Story, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut ranked: Vec<&(PathBuf, Read)> = reads.iter().collect();
    ranked.sort_by_key(|(_, r)| r.system.rank());
    let mut story = Story::default();
    {
        let inc = &mut story.incident;
        for (_, r) in &ranked {
            let f = &r.story.incident;
            if inc.title.is_empty() {
                inc.title = f.title.clone();
            }
            inc.severity = inc.severity.take().or_else(|| f.severity.clone());
            inc.status = inc.status.or(f.status);
            inc.summary = inc.summary.take().or_else(|| f.summary.clone());
            inc.timezone = inc.timezone.or(f.timezone);
            for s in &f.services {
                if !inc.services.contains(s) {
                    inc.services.push(s.clone());
                }
            }
        }
    }
    let mut first_at: Option<Timestamp> = None;
    for (_, r) in &reads {
        for e in &r.story.entries {
            if let Entry::Event(c) = e
                && let When::Instant(t) = c.when
            {
                first_at = Some(first_at.map_or(t, |f| f.min(t)));
            }
        }
    }
    for kind in MilestoneKind::ALL {
        let mut typed: Vec<(&Path, &Typed)> = reads
            .iter()
            .flat_map(|(p, r)| {
                r.milestones
                    .iter()
                    .filter(move |m| m.kind == kind)
                    .map(move |m| (p.as_path(), m))
            })
            .collect();
        // Stable: the source listed first wins among equals.
        typed.sort_by_key(|(_, m)| !m.exact);
        if let Some((_, won)) = typed.first() {
            for (p, other) in &typed[1..] {
                if other.exact
                    && won.exact
                    && (other.at - won.at).abs() > chrono::Duration::minutes(5)
                {
                    diagnostics.push(
                        Diagnostic::warning(
                            p,
                            0,
                            0,
                            format!(
                                "{} is {} here but {} in the source listed before; kept the first",
                                kind.as_str(),
                                other.at.to_rfc3339(),
                                won.at.to_rfc3339()
                            ),
                        )
                        .with_hint("list the source whose times you trust first"),
                    );
                }
            }
            story.incident.milestones.set(kind, Some(won.at));
            story
                .incident
                .milestones
                .inferred
                .push((kind, won.why.clone()));
        }
    }
    let zone = story.incident.timezone.unwrap_or_else(|| chrono::Utc.fix());
    story.base_date = first_at
        .map(|t| t.with_timezone(&zone).date_naive())
        .unwrap_or_default();
    story.incident.date = first_at.map(|_| story.base_date);
    for (_, r) in reads {
        story.entries.extend(r.story.entries);
        diagnostics.extend(r.diagnostics);
    }
    (story, diagnostics)
}

/// Read a whole file as text, refusing one over `limit` bytes.
pub(crate) fn read_text(path: &Path, limit: u64) -> Result<String, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > limit {
        return Err(too_big(path, meta.len(), limit));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    text_of(path, bytes)
}

/// Bytes as UTF-8 text (a BOM dropped); a located error otherwise.
pub(crate) fn text_of(path: &Path, bytes: Vec<u8>) -> Result<String, LoadError> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let (line, col) = line_col(e.as_bytes(), e.utf8_error().valid_up_to());
        LoadError::invalid(
            Diagnostic::error(path, line, col, "not valid UTF-8 text")
                .with_hint("exports are UTF-8 JSON; check that this is the right file"),
        )
    })
}

pub(crate) fn too_big(path: &Path, size: u64, limit: u64) -> LoadError {
    LoadError::invalid(
        Diagnostic::error(
            path,
            0,
            0,
            format!("{size} bytes, over the {limit} byte limit"),
        )
        .with_hint(
            "export only the incident's channel or incident; check that this is the right file",
        ),
    )
}

/// Parse JSON, locating a syntax or shape error at its line and column.
pub(crate) fn parse_json<'a, T: serde::Deserialize<'a>>(
    path: &Path,
    text: &'a str,
) -> Result<T, LoadError> {
    serde_json::from_str(text).map_err(|e| LoadError::invalid(json_error(path, (1, 1), &e)))
}

/// Parse an export's body: the tool's whole object, or, when the file is only a list (the
/// records exported alone), that list handed to `from_list`. Errors as [`parse_json`].
pub(crate) fn parse_body<'a, B: serde::Deserialize<'a>>(
    path: &Path,
    text: &'a str,
    from_list: impl FnOnce(Vec<&'a RawValue>) -> B,
) -> Result<B, LoadError> {
    if text.trim_start().starts_with('[') {
        Ok(from_list(parse_json(path, text)?))
    } else {
        parse_json(path, text)
    }
}

/// Parse one value of a larger JSON file (an array element read as a [`RawValue`]), locating
/// an error in the file.
pub(crate) fn parse_raw<'a, T: serde::Deserialize<'a>>(
    path: &Path,
    text: &str,
    raw: &'a RawValue,
) -> Result<T, Diagnostic> {
    serde_json::from_str(raw.get()).map_err(|e| json_error(path, raw_position(text, raw), &e))
}

/// An element of a JSON array read as `T`, with its instant and where it starts.
pub(crate) struct Timed<T> {
    pub value: T,
    /// The instant, in UTC.
    pub at: Timestamp,
    /// The offset the time was written with.
    pub offset: FixedOffset,
    pub line: usize,
}

/// Each element of a JSON array read as `T` and placed at its RFC 3339 time (`time_of`): an
/// element that cannot be read, or whose time is missing or not RFC 3339, is skipped with a
/// warning located at it (`what` names the element: "log entry", "update").
pub(crate) fn timed_elements<'a, T: serde::Deserialize<'a>>(
    path: &Path,
    text: &'a str,
    raws: &[&'a RawValue],
    what: &str,
    time_of: impl Fn(&T) -> Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Timed<T>> {
    let mut out = Vec::with_capacity(raws.len());
    let mut place = Locator::new(text);
    for raw in raws {
        let (line, col) = place.at(raw);
        let value: T = match parse_raw(path, text, raw) {
            Ok(v) => v,
            Err(d) => {
                diagnostics.push(skipped(d));
                continue;
            }
        };
        match time_of(&value).and_then(parse_time) {
            Some((at, offset)) => out.push(Timed {
                value,
                at,
                offset,
                line,
            }),
            None => diagnostics.push(
                Diagnostic::warning(
                    path,
                    line,
                    col,
                    format!("{what} without a valid `created_at`; skipped"),
                )
                .with_hint("exports write RFC 3339 times such as 2025-03-11T23:41:07Z"),
            ),
        }
    }
    out
}

/// A located error about one element of a file becomes a warning: the element is skipped.
pub(crate) fn skipped(mut d: Diagnostic) -> Diagnostic {
    d.level = super::Level::Warning;
    d.message = format!("{}; this element is skipped", d.message);
    d
}

/// The 1-based line and column in `text` where `raw` (a slice of it) starts. Scans from the
/// start: for one place (an error); a walk over many elements uses a [`Locator`].
pub(crate) fn raw_position(text: &str, raw: &RawValue) -> (usize, usize) {
    match offset_in(text, raw) {
        Some(o) => line_col(text.as_bytes(), o),
        None => (0, 0),
    }
}

fn offset_in(text: &str, raw: &RawValue) -> Option<usize> {
    let start = raw.get().as_ptr() as usize;
    let base = text.as_ptr() as usize;
    (start >= base && start <= base + text.len()).then(|| start - base)
}

/// Lines and columns of the elements of one JSON text, walked in order: each call continues
/// from the last place, so locating every element of a file is linear in the file (a day file
/// is often one long line).
pub(crate) struct Locator<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    col: usize,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a str) -> Locator<'a> {
        Locator {
            text,
            offset: 0,
            line: 1,
            col: 1,
        }
    }

    /// The 1-based line and column where `raw` (a slice of the text) starts; (0, 0) when it is
    /// not a slice of it.
    pub(crate) fn at(&mut self, raw: &RawValue) -> (usize, usize) {
        let Some(to) = offset_in(self.text, raw) else {
            return (0, 0);
        };
        if to < self.offset {
            *self = Locator::new(self.text);
        }
        let Some(between) = self.text.get(self.offset..to) else {
            return line_col(self.text.as_bytes(), to);
        };
        for c in between.chars() {
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
        self.offset = to;
        (self.line, self.col)
    }
}

fn json_error(path: &Path, (line0, col0): (usize, usize), e: &serde_json::Error) -> Diagnostic {
    let (line, col) = match (e.line(), e.column()) {
        (0, _) => (line0, col0),
        (1, c) => (line0, col0 + c.saturating_sub(1)),
        (l, c) => (line0 + l - 1, c),
    };
    let what = match e.classify() {
        serde_json::error::Category::Syntax => "not valid JSON",
        serde_json::error::Category::Eof => "JSON ends early",
        serde_json::error::Category::Data => "unexpected JSON value",
        serde_json::error::Category::Io => "cannot read JSON",
    };
    // serde_json's message ends with " at line L column C"; the location is ours.
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    Diagnostic::error(path, line, col, format!("{what}: {}", clean_line(&msg)))
        .with_hint("check the file is the export as downloaded (see docs/IMPORTING.md)")
}

/// An RFC 3339 time (any offset) as an instant in UTC, with the offset it was written in.
pub(crate) fn parse_time(s: &str) -> Option<(Timestamp, FixedOffset)> {
    let t = DateTime::parse_from_rfc3339(s.trim()).ok()?;
    Some((t.with_timezone(&chrono::Utc.fix()), *t.offset()))
}
