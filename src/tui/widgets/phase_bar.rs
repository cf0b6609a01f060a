//! The phase bar: the phases between milestones, each as wide as its share of the incident,
//! and its legend (each phase's name, duration and fill, readable without colour).

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::analysis::format_duration;
use crate::tui::app::Doc;
use crate::tui::theme::{self, Theme};

/// One line: the phases between milestones, each as wide as its share of the incident.
pub fn line(t: &Theme, doc: &Doc, width: usize) -> Line<'static> {
    let phases = &doc.analysis.phases;
    let label = "phases ";
    let (Some(first), Some(last)) = (phases.first(), phases.last()) else {
        return Line::from(Span::styled(
            "phases: not enough milestones to draw them",
            t.dim,
        ));
    };
    // An incident not yet resolved: the time since the last milestone is drawn too.
    let latest = doc.incident.timeline.last().map(|e| e.at);
    let open_tail = doc
        .analysis
        .milestones
        .at(crate::model::MilestoneKind::Resolved)
        .is_none()
        && latest.is_some_and(|l| l > last.end);
    let bar_end = if open_tail {
        latest.unwrap_or(last.end)
    } else {
        last.end
    };
    let total = (bar_end - first.start).num_seconds().max(1) as f64;
    let bar_w = width.saturating_sub(label.len() + 1).max(1);
    let mut spans = vec![Span::styled(label, t.dim)];
    let mut used = 0usize;
    for (i, p) in phases.iter().enumerate() {
        let end_frac = (p.end - first.start).num_seconds() as f64 / total;
        let mut end = (end_frac * bar_w as f64).round() as usize;
        if i + 1 == phases.len() && !open_tail {
            end = bar_w;
        }
        // Every phase that took time gets at least one cell.
        if p.duration().num_seconds() > 0 && end <= used {
            end = used + 1;
        }
        let end = end.min(bar_w);
        let cells = end.saturating_sub(used);
        if cells == 0 {
            continue;
        }
        let text = format!(" {} {} ", p.kind.as_str(), format_duration(p.duration()));
        let fill = theme::phase_fill(p.kind);
        let style = t.phase_style(p.kind);
        // The name when it fits; else only the fill, which the legend below names.
        let content = if text.width() + 2 <= cells {
            let pad = cells - text.width();
            let left = pad / 2;
            format!(
                "{}{}{}",
                fill.to_string().repeat(left),
                text,
                fill.to_string().repeat(pad - left)
            )
        } else {
            fill.to_string().repeat(cells)
        };
        spans.push(Span::styled(content, style));
        used = end;
    }
    if open_tail && used < bar_w {
        let cells = bar_w - used;
        let text = format!(
            " not resolved: {} so far ",
            format_duration(bar_end - last.end)
        );
        let content = if text.width() + 2 <= cells {
            let pad = cells - text.width();
            format!("{}{text}{}", "·".repeat(pad / 2), "·".repeat(pad - pad / 2))
        } else {
            "·".repeat(cells)
        };
        spans.push(Span::styled(content, t.dim));
    }
    Line::from(spans)
}

/// The legend under the bar: each phase's fill, name and duration, in order
/// (`██ undetected 5m  ▓▓ triage 3m …`): the fills tell the phases apart without colour, on a
/// monochrome projector too. Shorter forms when `width` is tight; empty with no phases.
pub fn legend(t: &Theme, doc: &Doc, width: usize) -> Line<'static> {
    let phases = &doc.analysis.phases;
    if phases.is_empty() {
        return Line::default();
    }
    // Widest first: two fill cells and wide gaps; then narrower; last without the label.
    for (label, swatch, gap) in [
        ("legend ", 2, "   "),
        ("legend ", 1, "  "),
        ("legend ", 1, " "),
        ("", 1, " "),
    ] {
        let mut spans = vec![Span::styled(label, t.dim)];
        // A phase that took no time has no cells in the bar: nothing to name.
        let shown = phases.iter().filter(|p| p.duration().num_seconds() > 0);
        for (i, p) in shown.enumerate() {
            if i > 0 {
                spans.push(Span::raw(gap));
            }
            spans.push(Span::styled(
                theme::phase_fill(p.kind).to_string().repeat(swatch),
                t.phase_style(p.kind),
            ));
            spans.push(Span::styled(
                format!(" {} {}", p.kind.as_str(), format_duration(p.duration())),
                t.text,
            ));
        }
        let line = Line::from(spans);
        if line.width() <= width || label.is_empty() {
            return crate::tui::view::truncate_line(line, width);
        }
    }
    Line::default()
}
