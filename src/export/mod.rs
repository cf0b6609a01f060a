//! Exports for the written postmortem: Markdown, a standalone HTML page, and JSON.
//! Pure functions of the model and its analysis; text is escaped for each target.

pub mod html;
pub mod json;
pub mod markdown;

use crate::analysis::Analysis;
use crate::model::{Incident, Timestamp};

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

pub fn render(format: ExportFormat, incident: &Incident, analysis: &Analysis) -> String {
    match format {
        ExportFormat::Markdown => markdown::render(incident, analysis),
        ExportFormat::Html => html::render(incident, analysis),
        ExportFormat::Json => json::render(incident, analysis),
    }
}

/// A time as shown in exports: in the incident's zone, with the date unless the incident is undated.
pub(crate) fn when(incident: &Incident, t: Timestamp) -> String {
    let local = t.with_timezone(&incident.display_offset());
    if incident.undated {
        local.format("%H:%M").to_string()
    } else {
        local.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// Only the clock, for timeline rows (the date is shown when it changes).
pub(crate) fn clock(incident: &Incident, t: Timestamp) -> String {
    t.with_timezone(&incident.display_offset())
        .format("%H:%M")
        .to_string()
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
