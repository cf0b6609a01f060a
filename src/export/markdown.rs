//! Markdown export: a postmortem document that renders well on any forge and that
//! `retrace import` reads back to the same timeline.
//!
//! The timeline is one table `| Time (zone) | Kind | Branch | What happened | Who |`, marked as
//! the TUI marks it: `◆ DETECTED` on the event that marks a milestone, `★` on a key moment,
//! `⎇ id` where a theory's branch starts and `✗ ruled out · 15m` where it ends. The Kind and
//! Branch columns are what the importer reads as stated (not guessed) kinds and branches, so
//! an export imported again keeps its milestones, durations and detours.

use std::fmt::Write;

use super::{Options, Row, branch_mark, header_facts, prose_blocks, rows, zone_label};
use crate::analysis::{Analysis, Metric, format_duration};
use crate::model::{ActionStatus, Incident, Outcome};

/// Escape text for Markdown inline content (and table cells): every character that could start
/// markup is backslash-escaped (`#` only where it would start a heading), and a line break
/// becomes a space.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.starts_with('#') {
        out.push('\\');
    }
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // Entities, not backslashes: a reader that strips tags first never sees a tag.
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A block of prose: paragraphs reflowed (the writer's line breaks inside a paragraph become
/// spaces), list items kept one to a line.
fn prose(out: &mut String, heading: &str, body: Option<&str>) {
    let Some(body) = body.filter(|b| !b.trim().is_empty()) else {
        return;
    };
    let _ = writeln!(out, "## {heading}\n");
    for block in prose_blocks(body) {
        for line in &block {
            match super::list_item(line) {
                Some(item) => {
                    let _ = writeln!(out, "- {}", escape(item));
                }
                None => {
                    let _ = writeln!(out, "{}", escape(line));
                }
            }
        }
        out.push('\n');
    }
}

/// The whole document. `options.key_only` keeps only the key moments, the milestones and the
/// detours in the timeline.
pub fn render(inc: &Incident, a: &Analysis, options: &Options) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&inc.title));
    // One fact a line: the importer reads each `Label: value`, and a forge shows a list.
    for (label, value) in header_facts(inc, a) {
        let _ = writeln!(out, "- **{label}:** {}", escape(&value));
    }
    out.push('\n');

    let _ = writeln!(out, "| Duration | |\n|---|---|");
    for m in Metric::ALL {
        let v = super::metric_value(a, m);
        let _ = writeln!(out, "| {} | {v} |", m.describe());
    }
    out.push('\n');
    if !a.phases.is_empty() {
        let _ = writeln!(
            out,
            "Phases: {}\n",
            a.phases
                .iter()
                .map(|p| format!("{} {}", p.kind.as_str(), format_duration(p.duration())))
                .collect::<Vec<_>>()
                .join(" → ")
        );
    }

    prose(&mut out, "Summary", inc.summary.as_deref());
    prose(&mut out, "Impact", inc.impact.as_deref());
    prose(&mut out, "Root cause", inc.root_cause.as_deref());
    prose(&mut out, "Resolution", inc.resolution.as_deref());

    let shown = rows(inc, a, options);
    if !shown.is_empty() {
        let _ = writeln!(out, "## Timeline\n");
        if options.key_only {
            let _ = writeln!(
                out,
                "Key moments, milestones and detours only: {} of {} events.\n",
                shown.len(),
                inc.timeline.len()
            );
        }
        // A Links column only when some event has links.
        let links = shown
            .iter()
            .any(|r| !inc.timeline[r.index].links.is_empty());
        let _ = writeln!(
            out,
            "| Time ({}) | Kind | Branch | What happened | Who |{}\n|---|---|---|---|---|{}",
            zone_label(inc),
            if links { " Links |" } else { "" },
            if links { "---|" } else { "" },
        );
        for row in &shown {
            timeline_row(&mut out, inc, row, links);
        }
        out.push('\n');
    }

    if !a.detours.is_empty() || inc.branches.iter().any(|b| b.outcome != Outcome::RuledOut) {
        let _ = writeln!(out, "## Theories\n");
        if !a.detours.is_empty() {
            let _ = writeln!(
                out,
                "Detours are theories that were followed and ruled out on the way; part of the story, not a fault.\n"
            );
        }
        for b in &inc.branches {
            let _ = writeln!(
                out,
                "- ⎇ **{}** — {} — {}",
                escape(&b.id),
                escape(&b.hypothesis),
                super::branch_outcome(a, b)
            );
        }
        out.push('\n');
    }

    if !inc.actions.is_empty() {
        let _ = writeln!(out, "## Action items\n");
        // A list, not a wide table: a ticket or an owner is never split across lines.
        for act in &inc.actions {
            let done = if act.status == ActionStatus::Done {
                "[x]"
            } else {
                "[ ]"
            };
            let mut facts = vec![act.kind.as_str().to_string()];
            if act.status != ActionStatus::Done && act.status != ActionStatus::Open {
                facts.push(act.status.as_str().to_string());
            }
            if let Some(o) = &act.owner {
                facts.push(format!("owner {}", escape(o)));
            }
            if let Some(t) = &act.ticket {
                facts.push(format!("ticket {}", escape(t)));
            }
            if let Some(d) = act.due {
                facts.push(format!("due {d}"));
            }
            let _ = writeln!(out, "- {done} {} ({})", escape(&act.text), facts.join(", "));
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

fn timeline_row(out: &mut String, inc: &Incident, row: &Row, with_links: bool) {
    let e = &inc.timeline[row.index];
    let mut kind = e.kind.as_str().to_string();
    if e.inferred.is_some() {
        // An inferred kind is marked `?`, as in the TUI.
        kind.push('?');
    }
    for m in &row.milestones {
        let _ = write!(kind, " ◆ **{}**", m.as_str().to_uppercase());
    }
    if e.key {
        kind.push_str(" ★");
    }
    let branch = branch_mark(row).map(|b| escape(&b)).unwrap_or_default();
    let what = escape(&e.text);
    let links = if with_links {
        format!(
            " {} |",
            e.links
                .iter()
                .map(|l| link(l))
                .collect::<Vec<_>>()
                .join(" ")
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "| {}{} | {kind} | {branch} | {what} | {} |{links}",
        if e.approximate { "~" } else { "" },
        row.time,
        e.author.as_deref().map(escape).unwrap_or_default()
    );
}

/// An `http(s)` link as `[host](<url>)`; anything else (`javascript:`, `data:`) as text, never a
/// link.
fn link(url: &str) -> String {
    match super::web_address(url) {
        Some(url) => {
            let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
            let host = after_scheme
                .split(['/', '?', '#'])
                .next()
                .unwrap_or(after_scheme);
            // Brackets, a pipe or a backslash in the address are percent-encoded: they would
            // end the link or the cell.
            let mut dest = String::with_capacity(url.len());
            for c in url.chars() {
                match c {
                    '(' => dest.push_str("%28"),
                    ')' => dest.push_str("%29"),
                    '|' => dest.push_str("%7C"),
                    '\\' => dest.push_str("%5C"),
                    c => dest.push(c),
                }
            }
            format!("[{}]({dest})", escape(host))
        }
        _ => escape(url),
    }
}
