//! Markdown export: a postmortem document that renders well on any forge.

use std::fmt::Write;

use super::{clock, offset_label, when, zone};
use crate::analysis::{Analysis, Metric, detour_label, format_duration};
use crate::model::{Incident, Outcome};

/// Escape text for Markdown inline content (and table cells).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn paragraph(out: &mut String, heading: &str, body: Option<&str>) {
    if let Some(b) = body.filter(|b| !b.trim().is_empty()) {
        let _ = writeln!(out, "## {heading}\n");
        for para in b.split("\n\n") {
            // Single newlines stay soft breaks, as the author wrapped them.
            let _ = writeln!(
                out,
                "{}\n",
                para.lines().map(escape).collect::<Vec<_>>().join("\n")
            );
        }
    }
}

pub fn render(inc: &Incident, a: &Analysis) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&inc.title));
    let mut meta = vec![format!("**Status:** {}", inc.effective_status().as_str())];
    if let Some(s) = &inc.severity {
        meta.insert(0, format!("**Severity:** {}", escape(&s.0)));
    }
    if let Some(start) = a
        .milestones
        .at(crate::model::MilestoneKind::Started)
        .or(inc.timeline.first().map(|e| e.at))
    {
        meta.push(format!("**Started:** {} ({})", when(inc, start), zone(inc)));
    }
    if !inc.services.is_empty() {
        meta.push(format!(
            "**Services:** {}",
            inc.services
                .iter()
                .map(|s| escape(s))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let _ = writeln!(out, "{}\n", meta.join(" · "));

    let _ = writeln!(out, "| | |\n|---|---|");
    for m in Metric::ALL {
        let v = match m {
            Metric::Detour if a.detours.is_empty() => "none".to_string(),
            Metric::Detour => {
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
            _ => a
                .durations
                .get(m)
                .map_or_else(|| "not stated".to_string(), format_duration),
        };
        let _ = writeln!(out, "| {} | {v} |", m.describe());
    }
    out.push('\n');

    paragraph(&mut out, "Summary", inc.summary.as_deref());
    paragraph(&mut out, "Impact", inc.impact.as_deref());
    paragraph(&mut out, "Root cause", inc.root_cause.as_deref());
    paragraph(&mut out, "Resolution", inc.resolution.as_deref());

    if !inc.timeline.is_empty() {
        let _ = writeln!(out, "## Timeline ({})\n", zone(inc));
        let _ = writeln!(out, "| Time | | Kind | What happened |\n|---|---|---|---|");
        let mut last_date = None;
        for (i, e) in inc.timeline.iter().enumerate() {
            let date = e.at.with_timezone(&inc.display_offset()).date_naive();
            let time = if !inc.undated && last_date != Some(date) {
                when(inc, e.at)
            } else {
                clock(inc, e.at)
            };
            last_date = Some(date);
            let approx = if e.approximate { "~" } else { "" };
            let milestone = a
                .milestones
                .marked_by(i)
                .map(|m| format!("**{}** — ", m.as_str()))
                .unwrap_or_default();
            let branch = e
                .branch
                .as_deref()
                .and_then(|id| inc.branch(id))
                .map(|b| format!("↳ *{}* ({}): ", escape(&b.id), b.outcome.as_str()))
                .unwrap_or_default();
            let key = if e.key { " ★" } else { "" };
            let author = e
                .author
                .as_deref()
                .map(|a| format!(" — {}", escape(a)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| {approx}{time} | {} | {}{} | {milestone}{branch}{}{author}{key} |",
                offset_label(inc, a, e.at),
                e.kind,
                // An inferred kind says so, never reads as stated.
                if e.inferred.is_some() {
                    " (inferred)"
                } else {
                    ""
                },
                escape(&e.text)
            );
        }
        out.push('\n');
    }

    if !a.detours.is_empty() {
        let _ = writeln!(out, "## Detours\n");
        let _ = writeln!(
            out,
            "Theories that were followed and ruled out on the way; part of the story, not a fault.\n"
        );
        for d in &a.detours {
            let _ = writeln!(
                out,
                "- **{}** — {} ({} → {})",
                escape(&d.summary),
                detour_label(d),
                clock(inc, d.start),
                clock(inc, d.end)
            );
        }
        let others: Vec<_> = inc
            .branches
            .iter()
            .filter(|b| b.outcome != Outcome::RuledOut)
            .collect();
        for b in others {
            let _ = writeln!(out, "- {} — {}", escape(&b.hypothesis), b.outcome.as_str());
        }
        out.push('\n');
    }

    if !inc.actions.is_empty() {
        let _ = writeln!(out, "## Action items\n");
        let _ = writeln!(
            out,
            "| | Action | Kind | Owner | Ticket | Due |\n|---|---|---|---|---|---|"
        );
        for act in &inc.actions {
            let done = if act.status == crate::model::ActionStatus::Done {
                "[x]"
            } else {
                "[ ]"
            };
            let _ = writeln!(
                out,
                "| {done} | {} | {} | {} | {} | {} |",
                escape(&act.text),
                act.kind.as_str(),
                act.owner.as_deref().map(escape).unwrap_or_default(),
                act.ticket.as_deref().map(escape).unwrap_or_default(),
                act.due.map(|d| d.to_string()).unwrap_or_default()
            );
        }
        out.push('\n');
    }

    let l = &inc.lessons;
    if !l.is_empty() {
        let _ = writeln!(out, "## Lessons\n");
        for (title, items) in l.sections() {
            let _ = writeln!(out, "### {title}\n");
            for i in items {
                let _ = writeln!(out, "- {}", escape(i));
            }
            out.push('\n');
        }
    }
    out
}
