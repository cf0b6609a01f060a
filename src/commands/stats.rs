//! `retrace stats`: a table per incident and a summary, or one JSON object.

use std::io::{self, Write};
use std::path::PathBuf;

use chrono::{SecondsFormat, Utc};
use serde_json::{Value, json};

use crate::analysis::{self, Analysis, Metric, format_duration};
use crate::ingest::Loaded;
use crate::ingest::corpus;
use crate::model::{MilestoneKind, Timestamp};

/// Returns Ok(false) when any input failed to load (exit status 1), after printing everything.
pub fn run(paths: &[PathBuf], as_json: bool, out: &mut impl Write) -> io::Result<bool> {
    let corpus = corpus::load_all(paths);
    for note in &corpus.skipped {
        eprintln!("{note}");
    }
    let analyses: Vec<Analysis> = corpus
        .loaded
        .iter()
        .map(|l| analysis::analyze(&l.incident))
        .collect();
    if as_json {
        let doc = to_json(&corpus.loaded, &analyses, &corpus.errors);
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        )?;
    } else {
        write_table(&corpus.loaded, &analyses, out)?;
        for e in &corpus.errors {
            report!("{}", e.to_diagnostic());
        }
    }
    Ok(corpus.errors.is_empty())
}

fn utc(t: Option<Timestamp>) -> Value {
    t.map_or(Value::Null, |t| {
        Value::String(
            t.with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::Secs, true),
        )
    })
}

fn secs(d: Option<chrono::Duration>) -> Value {
    d.map_or(Value::Null, |d| Value::from(d.num_seconds()))
}

/// The `stats --json` contract: `{"incidents": [...], "summary": {...}, "errors": [...]}`.
pub fn to_json(
    loaded: &[Loaded],
    analyses: &[Analysis],
    errors: &[crate::ingest::LoadError],
) -> Value {
    let incidents: Vec<Value> = loaded
        .iter()
        .zip(analyses)
        .map(|(l, a)| {
            let inc = &l.incident;
            let m = |k| utc(a.milestones.at(k));
            let d = &a.durations;
            json!({
                "path": crate::ingest::display_path(&l.path),
                "id": inc.id,
                "title": inc.title,
                "severity": inc.severity.as_ref().map(|s| s.0.clone()),
                "status": inc.effective_status().as_str(),
                "format": l.format,
                "started": m(MilestoneKind::Started),
                "detected": m(MilestoneKind::Detected),
                "acknowledged": m(MilestoneKind::Acknowledged),
                "identified": m(MilestoneKind::Identified),
                "mitigated": m(MilestoneKind::Mitigated),
                "resolved": m(MilestoneKind::Resolved),
                "ttd_s": secs(d.ttd),
                "tta_s": secs(d.tta),
                "tti_s": secs(d.tti),
                "ttm_s": secs(d.ttm),
                "ttr_s": secs(d.ttr),
                "detour_s": if a.detours.is_empty() && d.ttr.is_none() { Value::Null } else { secs(Some(d.detour)) },
                "detour_share": d.detour_share,
                "events": inc.timeline.len(),
                "detours": a.detours.iter().map(|s| json!({
                    "branch": s.branch,
                    "summary": s.summary,
                    "start": utc(Some(s.start)),
                    "end": utc(Some(s.end)),
                    "duration_s": s.duration().num_seconds(),
                })).collect::<Vec<_>>(),
                "warnings": l.diagnostics.len(),
            })
        })
        .collect();
    let mut summary = serde_json::Map::new();
    summary.insert("count".into(), Value::from(loaded.len()));
    for (metric, dist) in analysis::summarize(analyses) {
        summary.insert(
            metric.as_str().into(),
            serde_json::to_value(dist).unwrap_or(Value::Null),
        );
    }
    let errors: Vec<Value> = errors
        .iter()
        .map(|e| {
            let d = e.to_diagnostic();
            json!({
                "path": crate::ingest::display_path(&d.path),
                "line": d.line,
                "col": d.col,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    json!({ "incidents": incidents, "summary": summary, "errors": errors })
}

fn dur(d: Option<chrono::Duration>) -> String {
    d.map_or_else(|| "—".to_string(), format_duration)
}

fn write_table(loaded: &[Loaded], analyses: &[Analysis], out: &mut impl Write) -> io::Result<()> {
    const TITLE: usize = 40;
    writeln!(
        out,
        "{:<10}  {:<5}  {:<TITLE$}  {:>6} {:>6} {:>6} {:>6} {:>7}  {:<12} {:>6}",
        "DATE", "SEV", "INCIDENT", "TTD", "TTA", "TTI", "TTM", "TTR", "DETOURS", "EVENTS"
    )?;
    for (l, a) in loaded.iter().zip(analyses) {
        let inc = &l.incident;
        let date = a
            .milestones
            .at(MilestoneKind::Started)
            .or_else(|| inc.timeline.first().map(|e| e.at))
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
            inc.timeline.len()
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{} incidents", loaded.len())?;
    writeln!(
        out,
        "{:<7} {:>5} {:>8} {:>8} {:>8}   ",
        "", "count", "median", "p90", "max"
    )?;
    for (metric, dist) in analysis::summarize(analyses) {
        writeln!(
            out,
            "{:<7} {:>5} {:>8} {:>8} {:>8}   {}",
            metric.as_str(),
            dist.count,
            dur(dist.median()),
            dur(dist.p90()),
            dur(dist.max()),
            Metric::describe(metric)
        )?;
    }
    Ok(())
}

/// Cut to `width` characters with an ellipsis.
pub fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
    t.push('…');
    t
}
