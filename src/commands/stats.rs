//! `retrace stats`: a table per incident, then patterns across them (distributions, log-scale
//! histograms, detours, splits by severity or service) — or the same as one JSON object,
//! written as a stream.

use std::io::{self, Write};
use std::path::PathBuf;

use chrono::{SecondsFormat, Utc};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer as _};

use crate::analysis::{self, Analysis, Patterns, Split, format_duration};
use crate::chart::{ReportOptions, Tone};
use crate::ingest::{LoadError, Loaded};
use crate::model::{MilestoneKind, Status, Timestamp};

pub use crate::display::truncate;

/// Returns Ok(false) when any input failed to load (exit status 1), after printing everything.
/// With no path, reads what the TUI opens ([`super::load_default`]).
pub fn run(
    paths: &[PathBuf],
    as_json: bool,
    by: Option<Split>,
    out: &mut impl Write,
) -> io::Result<bool> {
    // Each incident is analysed by the worker that loaded it, and only what is printed is kept.
    let all = super::load_default_into(paths, summarize);
    for note in &all.skipped {
        report!("{note}");
    }
    let (incidents, analyses): (Vec<Summarized>, Vec<Analysis>) = all.kept.into_iter().unzip();
    let patterns = analysis::patterns(
        incidents
            .iter()
            .map(|s| &s.loaded.incident)
            .zip(analyses.iter()),
    );
    if as_json {
        write_json(&incidents, &analyses, &all.errors, &patterns, &mut *out)?;
        writeln!(out)?;
    } else {
        write_table(&incidents, &analyses, out)?;
        write_patterns(&patterns, by, out)?;
        for e in &all.errors {
            report!("{}", e.to_diagnostic());
        }
    }
    Ok(all.errors.is_empty())
}

/// What `stats` keeps of a loaded incident: the file without its events (10,000 incidents
/// hold a million), what it prints about them, and the analysis.
pub struct Summarized {
    /// The loaded file; its timeline is emptied.
    pub loaded: Loaded,
    /// How many events the timeline held.
    pub events: usize,
    /// The first event's time.
    pub first_event: Option<Timestamp>,
    /// [`crate::model::Incident::effective_status`], from the whole timeline.
    pub status: Status,
}

/// Analyse `l` and keep what `stats` prints (in the load worker, so the events are freed there).
pub fn summarize(mut l: Loaded) -> (Summarized, Analysis) {
    let analysis = analysis::analyze(&l.incident);
    let inc = &mut l.incident;
    let status = inc.effective_status();
    let events = inc.timeline.len();
    let first_event = inc.timeline.first().map(|e| e.at);
    inc.timeline = Vec::new();
    let s = Summarized {
        loaded: l,
        events,
        first_event,
        status,
    };
    (s, analysis)
}

fn utc(t: Option<Timestamp>) -> Option<String> {
    t.map(|t| {
        t.with_timezone(&Utc)
            .to_rfc3339_opts(SecondsFormat::Secs, true)
    })
}

fn secs(d: Option<chrono::Duration>) -> Option<i64> {
    d.map(|d| d.num_seconds())
}

/// One incident in `stats --json`, borrowed from the loaded file and its analysis.
#[derive(Serialize)]
struct IncidentRecord<'a> {
    path: String,
    id: &'a str,
    title: &'a str,
    severity: Option<&'a str>,
    status: &'static str,
    format: crate::ingest::Format,
    started: Option<String>,
    detected: Option<String>,
    acknowledged: Option<String>,
    identified: Option<String>,
    mitigated: Option<String>,
    resolved: Option<String>,
    ttd_s: Option<i64>,
    tta_s: Option<i64>,
    tti_s: Option<i64>,
    ttm_s: Option<i64>,
    ttr_s: Option<i64>,
    detour_s: Option<i64>,
    detour_share: Option<f64>,
    events: usize,
    detours: Vec<DetourRecord<'a>>,
    warnings: usize,
}

#[derive(Serialize)]
struct DetourRecord<'a> {
    branch: &'a str,
    summary: &'a str,
    start: Option<String>,
    end: Option<String>,
    duration_s: i64,
}

impl<'a> IncidentRecord<'a> {
    fn new(s: &'a Summarized, a: &'a Analysis) -> Self {
        let l = &s.loaded;
        let inc = &l.incident;
        let m = |k| utc(a.milestones.at(k));
        let d = &a.durations;
        IncidentRecord {
            path: crate::ingest::display_path(&l.path),
            id: &inc.id,
            title: &inc.title,
            severity: inc.severity.as_ref().map(|s| s.0.as_str()),
            status: s.status.as_str(),
            format: l.format,
            started: m(MilestoneKind::Started),
            detected: m(MilestoneKind::Detected),
            acknowledged: m(MilestoneKind::Acknowledged),
            identified: m(MilestoneKind::Identified),
            mitigated: m(MilestoneKind::Mitigated),
            resolved: m(MilestoneKind::Resolved),
            ttd_s: secs(d.ttd),
            tta_s: secs(d.tta),
            tti_s: secs(d.tti),
            ttm_s: secs(d.ttm),
            ttr_s: secs(d.ttr),
            detour_s: if a.detours.is_empty() && d.ttr.is_none() {
                None
            } else {
                Some(d.detour.num_seconds())
            },
            detour_share: d.detour_share,
            events: s.events,
            detours: a
                .detours
                .iter()
                .map(|s| DetourRecord {
                    branch: &s.branch,
                    summary: &s.summary,
                    start: utc(Some(s.start)),
                    end: utc(Some(s.end)),
                    duration_s: s.duration().num_seconds(),
                })
                .collect(),
            warnings: l.diagnostics.len(),
        }
    }
}

/// A file that failed to load, in `stats --json`.
#[derive(Serialize)]
struct ErrorRecord {
    path: String,
    line: usize,
    col: usize,
    message: String,
    hint: Option<String>,
}

impl ErrorRecord {
    fn new(e: &LoadError) -> Self {
        let d = e.to_diagnostic();
        ErrorRecord {
            path: crate::ingest::display_path(&d.path),
            line: d.line,
            col: d.col,
            message: d.message,
            hint: d.hint,
        }
    }
}

/// A sequence serialised from an iterator, item by item (never collected into a tree).
struct Streamed<F>(F);

impl<F, I> Serialize for Streamed<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// `summary`: `{"count": n, "ttd": {count, median, p90, max}, ...}` for every metric.
struct Summary<'a>(&'a [Analysis]);

impl Serialize for Summary<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("count", &self.0.len())?;
        for (metric, dist) in analysis::summarize(self.0) {
            map.serialize_entry(metric.as_str(), &dist)?;
        }
        map.end()
    }
}

/// The `stats --json` contract: `{"incidents": [...], "summary": {...}, "patterns": {...},
/// "errors": [...]}`, written to `out` as it is serialised — one incident at a time, no
/// `serde_json::Value` tree of the corpus in memory.
pub fn write_json(
    incidents: &[Summarized],
    analyses: &[Analysis],
    errors: &[LoadError],
    patterns: &Patterns,
    out: impl Write,
) -> io::Result<()> {
    let mut ser = serde_json::Serializer::pretty(out);
    let mut map = ser.serialize_map(Some(4))?;
    map.serialize_entry(
        "incidents",
        &Streamed(|| {
            incidents
                .iter()
                .zip(analyses)
                .map(|(s, a)| IncidentRecord::new(s, a))
        }),
    )?;
    map.serialize_entry("summary", &Summary(analyses))?;
    map.serialize_entry("patterns", patterns)?;
    map.serialize_entry("errors", &Streamed(|| errors.iter().map(ErrorRecord::new)))?;
    map.end()?;
    Ok(())
}

/// The patterns as text: durations, histograms, detours, and the split asked for.
fn write_patterns(p: &Patterns, by: Option<Split>, out: &mut impl Write) -> io::Result<()> {
    let splits: &'static [Split] = match by {
        None => &[],
        Some(Split::Severity) => &[Split::Severity],
        Some(Split::Service) => &[Split::Service],
    };
    // Bars fitted to the terminal when there is one (at most 120 columns), else 80 columns.
    let width = {
        use std::io::IsTerminal;
        if io::stdout().is_terminal() {
            crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w).clamp(60, 120))
        } else {
            80
        }
    };
    for section in crate::chart::report(p, ReportOptions { width, splits }) {
        writeln!(out)?;
        writeln!(out, "{}", section.title)?;
        for line in &section.lines {
            let text: String = line
                .iter()
                .map(|(_, t): &(Tone, String)| t.as_str())
                .collect();
            writeln!(out, "{}", text.trim_end())?;
        }
    }
    Ok(())
}

fn dur(d: Option<chrono::Duration>) -> String {
    d.map_or_else(|| "—".to_string(), format_duration)
}

fn write_table(
    incidents: &[Summarized],
    analyses: &[Analysis],
    out: &mut impl Write,
) -> io::Result<()> {
    const TITLE: usize = 40;
    writeln!(
        out,
        "{:<10}  {:<5}  {:<TITLE$}  {:>6} {:>6} {:>6} {:>6} {:>7}  {:<12} {:>6}",
        "DATE", "SEV", "INCIDENT", "TTD", "TTA", "TTI", "TTM", "TTR", "DETOURS", "EVENTS"
    )?;
    for (s, a) in incidents.iter().zip(analyses) {
        let inc = &s.loaded.incident;
        let date = a
            .milestones
            .at(MilestoneKind::Started)
            .or(s.first_event)
            .filter(|_| !inc.undated)
            .map_or_else(|| "—".to_string(), |t| t.format("%Y-%m-%d").to_string());
        let d = &a.durations;
        let detours = match (a.detours.len(), d.detour_share) {
            (0, _) => "—".to_string(),
            (n, Some(share)) => format!("{n}: {} {:.0}%", format_duration(d.detour), share * 100.0),
            (n, None) => format!("{n}: {}", format_duration(d.detour)),
        };
        writeln!(
            out,
            "{:<10}  {:<5}  {:<TITLE$}  {:>6} {:>6} {:>6} {:>6} {:>7}  {:<12} {:>6}",
            date,
            inc.severity.as_ref().map_or("—", |s| s.0.as_str()),
            truncate(&inc.title, TITLE),
            dur(d.ttd),
            dur(d.tta),
            dur(d.tti),
            dur(d.ttm),
            dur(d.ttr),
            detours,
            s.events
        )?;
    }
    Ok(())
}
