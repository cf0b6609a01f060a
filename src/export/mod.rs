//! Exports for the written postmortem: Markdown, a standalone HTML page, and JSON.
//! Pure functions of the model and its analysis; text is escaped for each target.

pub mod html;
pub mod json;
pub mod markdown;

use chrono::Timelike;

use crate::analysis::{Analysis, format_duration};
use crate::model::{Branch, Incident, MilestoneKind, Outcome, Timestamp};

/// Which export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Markdown,
    Html,
    Json,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Html => "html",
            ExportFormat::Json => "json",
        }
    }
}

/// What to leave out of an export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The short version: only the key moments, the events that mark milestones and the events
    /// of detours (Markdown and HTML; JSON always carries the whole incident).
    pub key_only: bool,
}

/// The whole export of one incident in `format`.
pub fn render(format: ExportFormat, incident: &Incident, analysis: &Analysis) -> String {
    render_with(format, incident, analysis, &Options::default())
}

/// The export of one incident in `format`, with `options`.
pub fn render_with(
    format: ExportFormat,
    incident: &Incident,
    analysis: &Analysis,
    options: &Options,
) -> String {
    match format {
        ExportFormat::Markdown => markdown::render(incident, analysis, options),
        ExportFormat::Html => html::render(incident, analysis, options),
        ExportFormat::Json => json::render(incident, analysis),
    }
}

/// `T+1h15m` from the start (or the first event).
pub(crate) fn offset_label(incident: &Incident, analysis: &Analysis, t: Timestamp) -> String {
    let origin = analysis
        .milestones
        .at(crate::model::MilestoneKind::Started)
        .or_else(|| incident.timeline.first().map(|e| e.at));
    match origin {
        Some(o) if t >= o => format!("T+{}", crate::analysis::format_duration(t - o)),
        Some(o) => format!("T-{}", crate::analysis::format_duration(o - t)),
        None => String::new(),
    }
}

/// The zone name for headers: `UTC` or `+02:00`.
pub(crate) fn zone(incident: &Incident) -> String {
    crate::ingest::yaml::format_offset(incident.display_offset())
}

/// The zone a timeline is told in, for headers: `UTC` or `+02:00`.
pub(crate) fn zone_label(incident: &Incident) -> String {
    zone(incident)
}

/// The facts at the top of a document, each `(label, value)`: severity, status, the date and
/// zone the times are read in, the stated span (started, resolved) and the services. The labels
/// are the ones `retrace import` reads back.
pub(crate) fn header_facts(inc: &Incident, a: &Analysis) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    if let Some(s) = &inc.severity {
        v.push(("Severity", s.0.clone()));
    }
    v.push(("Status", inc.effective_status().as_str().to_string()));
    let start = a
        .milestones
        .at(MilestoneKind::Started)
        .or(inc.timeline.first().map(|e| e.at));
    if !inc.undated
        && let Some(day) = inc
            .date
            .or_else(|| start.map(|t| t.with_timezone(&inc.display_offset()).date_naive()))
    {
        v.push(("Date", day.format("%Y-%m-%d").to_string()));
    }
    v.push(("Time zone", zone(inc)));
    if let Some(t) = a.milestones.at(MilestoneKind::Started) {
        v.push(("Started", stamp(inc, t, !inc.undated)));
    }
    if let Some(t) = a.milestones.at(MilestoneKind::Resolved) {
        v.push(("Resolved", stamp(inc, t, !inc.undated)));
    }
    if !inc.services.is_empty() {
        v.push(("Services", inc.services.join(", ")));
    }
    v
}

/// A time in the incident's zone (with the date when `with_date`); a time whose own offset is
/// another (a summer time change during the incident) keeps its offset, written after it with
/// the date.
pub(crate) fn stamp(inc: &Incident, t: Timestamp, with_date: bool) -> String {
    let zone = inc.display_offset();
    let own = *t.offset();
    // Seconds only when the time has them.
    let clock = if t.second() == 0 { "%H:%M" } else { "%H:%M:%S" };
    if own == zone {
        let date = if with_date { "%Y-%m-%d " } else { "" };
        t.format(&format!("{date}{clock}")).to_string()
    } else {
        // `2025-03-30 04:00 +0200`: with its date, so it is never read as a time that rolled
        // over, and `+HHMM` apart, never a range (`03:10-08:00`).
        let date = if inc.undated { "" } else { "%Y-%m-%d " };
        t.format(&format!("{date}{clock} %z")).to_string()
    }
}

/// A paragraph of prose reflowed: its lines joined by spaces; list items stay one to a line
/// (`- item`), an item's continuation lines joined to it. Blocks are separated by blank lines
/// in the source.
pub(crate) fn prose_blocks(body: &str) -> Vec<Vec<String>> {
    let mut blocks = Vec::new();
    for para in body.split("\n\n") {
        let mut lines: Vec<String> = Vec::new();
        for raw in para.lines() {
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            let item = list_item(line).is_some();
            match lines.last_mut() {
                // A line that is not an item continues the previous line (a paragraph's soft
                // break, or an item's wrapped text).
                Some(prev) if !item => {
                    prev.push(' ');
                    prev.push_str(line);
                }
                _ => lines.push(line.to_string()),
            }
        }
        if !lines.is_empty() {
            blocks.push(lines);
        }
    }
    blocks
}

/// The text of a list item line (`- x`, `* x`, `+ x`, `1. x`, `2) x`), or `None`.
pub(crate) fn list_item(line: &str) -> Option<&str> {
    for bullet in ["- ", "* ", "+ ", "• "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some(rest.trim_start());
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &line[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(r.trim_start());
        }
    }
    None
}

/// Where an event sits on its branch, for the branch marks.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BranchPlace {
    pub id: String,
    pub outcome: Outcome,
    /// The branch's first event: `⎇ id`.
    pub fork: bool,
    /// The branch's last event: the outcome and how long it took.
    pub end: bool,
    /// How long the branch was followed (a detour's span; else first to last event).
    pub duration: chrono::Duration,
}

/// One event as a timeline row of an export.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    /// Index into `incident.timeline`.
    pub index: usize,
    /// The time as shown: with the date on the first row of each day (dated incidents).
    pub time: String,
    /// `T+1h15m` from the start.
    pub offset: String,
    /// The milestones this event marks (as the TUI marks them).
    pub milestones: Vec<MilestoneKind>,
    pub branch: Option<BranchPlace>,
    /// The first row of a new day (dated incidents): the day.
    pub new_day: Option<chrono::NaiveDate>,
}

/// The timeline rows to export: every event, or with `key_only` only the key moments, the
/// events that mark milestones and the events of detours.
pub(crate) fn rows(inc: &Incident, a: &Analysis, options: &Options) -> Vec<Row> {
    let zone = inc.display_offset();
    let marks = a.milestones.on_timeline(inc);
    // Each branch's first and last event.
    let mut spans: std::collections::HashMap<&str, (usize, usize)> = Default::default();
    for (i, e) in inc.timeline.iter().enumerate() {
        if let Some(id) = e.branch.as_deref() {
            spans.entry(id).or_insert((i, i)).1 = i;
        }
    }
    let mut out = Vec::new();
    let mut last_date = None;
    for (i, e) in inc.timeline.iter().enumerate() {
        let milestones: Vec<MilestoneKind> = marks.of(i).collect();
        let branch = e.branch.as_deref().and_then(|id| inc.branch(id)).map(|b| {
            let span = spans.get(b.id.as_str()).copied().unwrap_or((i, i));
            branch_place(inc, a, b, i, span)
        });
        let on_detour = branch
            .as_ref()
            .is_some_and(|b| b.outcome == Outcome::RuledOut);
        if options.key_only && !(e.key || !milestones.is_empty() || on_detour) {
            continue;
        }
        let date = e.at.with_timezone(&zone).date_naive();
        let new_day = (!inc.undated && last_date != Some(date)).then_some(date);
        last_date = Some(date);
        out.push(Row {
            index: i,
            time: stamp(inc, e.at, new_day.is_some()),
            offset: offset_label(inc, a, e.at),
            milestones,
            branch,
            new_day,
        });
    }
    if options.key_only {
        // A branch starts and ends where the short version shows it.
        let mut ends: std::collections::HashMap<String, (usize, usize)> = Default::default();
        for (i, r) in out.iter().enumerate() {
            if let Some(b) = &r.branch {
                ends.entry(b.id.clone()).or_insert((i, i)).1 = i;
            }
        }
        for (i, r) in out.iter_mut().enumerate() {
            if let Some(b) = r.branch.as_mut()
                && let Some(&(first, last)) = ends.get(&b.id)
            {
                b.fork = i == first;
                b.end = i == last;
            }
        }
    }
    out
}

/// Where event `i` sits on branch `b`, whose first and last events are `(first, last)`.
fn branch_place(
    inc: &Incident,
    a: &Analysis,
    b: &Branch,
    i: usize,
    (first, last): (usize, usize),
) -> BranchPlace {
    let duration = a
        .detours
        .iter()
        .find(|d| d.branch == b.id)
        .map(|d| d.duration())
        .unwrap_or_else(|| inc.timeline[last].at - inc.timeline[first].at);
    BranchPlace {
        id: b.id.clone(),
        outcome: b.outcome,
        fork: i == first,
        end: i == last,
        duration,
    }
}

/// How a branch ended, as a glyph that needs no colour (as in the TUI).
pub(crate) fn outcome_glyph(o: Outcome) -> &'static str {
    match o {
        Outcome::RuledOut => "✗",
        Outcome::Confirmed => "✓",
        Outcome::Inconclusive => "~",
        Outcome::Open => "…",
    }
}

/// How a branch ended, in words (as in the TUI).
pub(crate) fn outcome_words(o: Outcome) -> &'static str {
    match o {
        Outcome::RuledOut => "ruled out",
        Outcome::Confirmed => "confirmed",
        Outcome::Inconclusive => "inconclusive",
        Outcome::Open => "open",
    }
}

/// The branch mark of a row, as the TUI draws it: `⎇ id` where the branch starts, `id ✗ ruled
/// out · 15m` where it ends, `│ id` between; `None` off branches.
pub(crate) fn branch_mark(row: &Row) -> Option<String> {
    let b = row.branch.as_ref()?;
    let lead = if b.fork { "⎇" } else { "│" };
    Some(if b.end {
        format!(
            "{lead} {} {} {} · {}",
            b.id,
            outcome_glyph(b.outcome),
            outcome_words(b.outcome),
            format_duration(b.duration)
        )
    } else {
        format!("{lead} {}", b.id)
    })
}

/// `✗ ruled out after 15m (10:45 → 11:00)` for a detour, `✓ confirmed` for another theory.
pub(crate) fn branch_outcome(a: &Analysis, b: &Branch) -> String {
    match a.detours.iter().find(|d| d.branch == b.id) {
        Some(d) => format!(
            "{} {}",
            outcome_glyph(Outcome::RuledOut),
            crate::analysis::detour_label(d)
        ),
        None => format!("{} {}", outcome_glyph(b.outcome), outcome_words(b.outcome)),
    }
}

/// A duration's value for the durations table: `1h15m`, `not stated`, and for the detour time
/// `30m in 2 detours (22% of TTR)` or `none`.
pub(crate) fn metric_value(a: &Analysis, m: crate::analysis::Metric) -> String {
    match m {
        crate::analysis::Metric::Detour if a.detours.is_empty() => "none".to_string(),
        crate::analysis::Metric::Detour => detour_total(a),
        _ => a
            .durations
            .get(m)
            .map_or_else(|| "not stated".to_string(), format_duration),
    }
}

/// The address when `url` is one to link to: `http://` or `https://`, with no space, control
/// character or angle bracket in it. Anything else (`javascript:`, `data:`) stays text.
pub(crate) fn web_address(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    let plain = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>'));
    (web && plain).then_some(url)
}

/// `30m in 2 detours (22% of TTR)`.
pub(crate) fn detour_total(a: &Analysis) -> String {
    let share = a
        .durations
        .detour_share
        .map(|s| format!(" ({:.0}% of TTR)", s * 100.0))
        .unwrap_or_default();
    let n = a.detours.len();
    format!(
        "{} in {n} detour{}{share}",
        format_duration(a.durations.detour),
        if n == 1 { "" } else { "s" }
    )
}
