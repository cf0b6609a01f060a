//! `retrace import`: any incident file → native YAML, with `--explain` for the inferences.

use std::io::{self, Write};
use std::path::Path;

use crate::analysis::{self, MilestoneSource};
use crate::ingest::{self, yaml};
use crate::model::MilestoneKind;

pub fn run(
    file: &Path,
    output: Option<&Path>,
    explain: bool,
    out: &mut impl Write,
) -> io::Result<bool> {
    let Some(loaded) = super::load_or_report(file) else {
        return Ok(false);
    };
    for d in &loaded.diagnostics {
        report!("{d}");
    }
    let text = yaml::to_yaml(&loaded.incident);
    // The file may be read on a terminal later (`cat`, `less -R`): it passes the sanitiser too.
    let text = crate::model::text::for_terminal(&text);
    match output {
        Some(path) => {
            crate::store::atomic_write(path, text.as_bytes()).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("{}: cannot write: {e}", crate::ingest::display_path(path)),
                )
            })?;
            report!(
                "wrote {} ({} events)",
                path.display(),
                loaded.incident.timeline.len()
            );
        }
        None if !explain => out.write_all(text.as_bytes())?,
        None => {}
    }
    if explain {
        write_explanation(&loaded, out)?;
    }
    Ok(true)
}

/// For each event: time, kind, and why; then milestones and detours with their sources.
pub fn write_explanation(loaded: &ingest::Loaded, out: &mut impl Write) -> io::Result<()> {
    let inc = &loaded.incident;
    let a = analysis::analyze(inc);
    let zone = inc.display_offset();
    let fmt = |t: &crate::model::Timestamp| {
        let local = t.with_timezone(&zone);
        if inc.undated {
            local.format("%H:%M").to_string()
        } else {
            local.format("%Y-%m-%d %H:%M").to_string()
        }
    };
    writeln!(
        out,
        "{} — {} events ({:?} input)",
        inc.title,
        inc.timeline.len(),
        loaded.format
    )?;
    writeln!(out)?;
    for (i, e) in inc.timeline.iter().enumerate() {
        let why = match &e.inferred {
            Some(inf) if inf.matched.is_empty() => format!("  [{}]", inf.rule),
            Some(inf) => format!("  [{}: \"{}\"]", inf.rule, inf.matched),
            None => "  [stated]".to_string(),
        };
        let milestone = a
            .milestones
            .marked_by(i)
            .map(|m| format!(" → {}", m.as_str()))
            .unwrap_or_default();
        let branch = e
            .branch
            .as_deref()
            .and_then(|id| inc.branch(id))
            .map(|b| format!(" ⎇ {} ({})", b.id, b.outcome.as_str()))
            .unwrap_or_default();
        writeln!(
            out,
            "{}  {:<13}{milestone}{branch}{why}",
            fmt(&e.at),
            e.kind.as_str()
        )?;
        writeln!(
            out,
            "      {}",
            crate::commands::stats::truncate(&e.text, 100)
        )?;
    }
    writeln!(out)?;
    writeln!(out, "Milestones:")?;
    for kind in MilestoneKind::ALL {
        match a.milestones.get(kind) {
            Some(m) => {
                let src = match &m.source {
                    MilestoneSource::Declared { rule: Some(r) } => {
                        let matched = inc
                            .milestones
                            .why(kind)
                            .map(|i| i.matched.as_str())
                            .unwrap_or("");
                        format!("stated in the text [{r}: \"{matched}\"]")
                    }
                    MilestoneSource::Declared { rule: None } => "stated in the file".to_string(),
                    MilestoneSource::Event { index } => {
                        format!("first `{}` event (#{})", kind.event_kind(), index + 1)
                    }
                };
                writeln!(out, "  {:<13}{}  {src}", kind.as_str(), fmt(&m.at))?;
            }
            None => writeln!(out, "  {:<13}—  not stated", kind.as_str())?,
        }
    }
    writeln!(out)?;
    writeln!(out, "Detours:")?;
    if a.detours.is_empty() {
        writeln!(out, "  none")?;
    }
    for d in &a.detours {
        let why = inc
            .branch(&d.branch)
            .and_then(|b| b.inferred.as_ref())
            .map(|i| format!(" [{}: \"{}\"]", i.rule, i.matched))
            .unwrap_or_default();
        let how = if d.closed_by_next_event {
            " (told in one event; lasts until the next)"
        } else {
            ""
        };
        writeln!(
            out,
            "  {} → {}  {}: {}{how}{why}",
            fmt(&d.start),
            fmt(&d.end),
            analysis::detour_label(d),
            d.summary
        )?;
    }
    Ok(())
}
