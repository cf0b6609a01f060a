//! The incident view: header (title, chips, phase bar), timeline, panes, detail, status bar.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::layout::{self, tab_labels};
use super::{panes, status_bar, timeline, truncate, truncate_line};
use crate::analysis::format_duration;
use crate::tui::app::{App, Doc, IncidentState, Pane};
use crate::tui::theme::{self, Theme, outcome_words};
use crate::tui::timeline::offset_label;

pub fn render(app: &App, frame: &mut Frame) {
    let Some((doc, st)) = app.open_incident() else {
        return;
    };
    let areas = layout::incident(frame.area(), app);
    header(app, doc, st, frame, areas.header);
    if let Some(tabs) = areas.tabs {
        tab_bar(app, st, frame, tabs);
    }
    if let Some(tl) = areas.timeline {
        timeline::render(app, doc, st, frame, tl);
    }
    if let Some(p) = areas.pane {
        panes::render(app, doc, st, frame, p, app.wide());
    }
    detail(app, doc, st, frame, areas.detail);
    let right = match app.match_position() {
        Some((0, n)) => format!(" {n} matches "),
        Some((i, n)) => format!(" match {i}/{n} "),
        None => format!(
            " {}/{} · {} ",
            (st.selected + 1).min(doc.incident.timeline.len()),
            doc.incident.timeline.len(),
            st.layout.zone.label()
        ),
    };
    let hints = if let Some(live) = &app.live {
        match (live.follow, app.width) {
            (true, 140..) => {
                " a note · D/A/I/M/R mark now · H hypothesis · x rule out · c confirm · u undo · ↑↓ select · ? help · q quit"
            }
            (true, 100..) => {
                " a note · D/A/I/M/R mark now · H hypothesis · x/c out/confirm · u undo · ? help"
            }
            (true, _) => " a note · D/A/I/M/R · H hypothesis · u undo · ? help",
            (false, 140..) => {
                " a note · D/A/I/M/R mark the selected · d delete it · Esc follow new · H hypothesis · u undo · ? help"
            }
            (false, 100..) => {
                " a note · D/A/I/M/R mark selected · d delete · Esc follow · u undo · ? help"
            }
            (false, _) => " a note · D/A/I/M/R mark it · d delete · Esc follow",
        }
    } else if app.width >= 140 {
        " / search · n/N next · [ ] landmarks · Tab/1-4 panes · t zone · e edit · Esc list · ? help · q quit"
    } else if app.wide() {
        " / search · n/N next · Tab/1-4 panes · t zone · e edit · Esc list · ? help · q quit"
    } else if app.width >= 100 {
        " / search · Tab/0-4 panes · t zone · e edit · Esc back · ? help · q quit"
    } else {
        " / search · Tab panes · t zone · Esc back · ? help"
    };
    status_bar(app, frame, areas.status, hints, right);
}

fn header(app: &App, doc: &Doc, st: &IncidentState, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let inc = &doc.incident;
    let w = area.width as usize;
    let level = inc.severity.as_ref().and_then(|s| s.level());
    let mut l1 = vec![];
    if let Some(live) = &app.live {
        // Live: a badge and the running clock, since the start and since detection.
        l1.push(Span::styled(
            " LIVE ",
            t.header.add_modifier(ratatui::style::Modifier::REVERSED),
        ));
        let now = app.now;
        let started = doc
            .analysis
            .milestones
            .at(crate::model::MilestoneKind::Started)
            .or_else(|| inc.timeline.first().map(|e| e.at));
        let resolved = doc
            .analysis
            .milestones
            .at(crate::model::MilestoneKind::Resolved);
        match (started, resolved) {
            // Resolved: the clock stops, and shows the time to resolve.
            (_, Some(_)) => {
                let ttr = doc
                    .analysis
                    .durations
                    .ttr
                    .map(|d| format!(" · TTR {}", format_duration(d)))
                    .unwrap_or_default();
                l1.push(Span::styled(format!(" resolved{ttr}"), t.title));
            }
            (Some(s), None) => {
                l1.push(Span::styled(
                    format!(" {}", crate::tui::live::clock(now - s)),
                    t.title,
                ));
                let detected = doc
                    .analysis
                    .milestones
                    .at(crate::model::MilestoneKind::Detected);
                if let Some(d) = detected {
                    l1.push(Span::styled(
                        format!(" · detected {} ago", crate::tui::live::clock(now - d)),
                        t.dim,
                    ));
                }
            }
            (None, None) => {}
        }
        if let Some((_, h)) = &live.hypothesis {
            l1.push(Span::styled(
                format!(" · ⎇ {}", crate::model::text::clean_line(h)),
                t.key_moment,
            ));
        }
        l1.push(Span::raw(" "));
    }
    if let Some(s) = &inc.severity {
        l1.push(Span::styled(
            format!(" {} ", s.0),
            t.severity(level)
                .add_modifier(ratatui::style::Modifier::REVERSED),
        ));
        l1.push(Span::raw(" "));
    }
    // Status before the title, so a long title cannot push it off screen.
    l1.push(Span::styled(
        format!("[{}] ", doc.status.as_str()),
        t.header,
    ));
    l1.push(Span::styled(inc.title.clone(), t.title));
    let mut rows = vec![truncate_line(Line::from(l1), w)];

    // Date, zone, services.
    let mut l2 = vec![];
    if !inc.undated {
        if let Some(first) = inc.timeline.first() {
            let last = inc.timeline.last().map_or(first.at, |e| e.at);
            // Days as read in the zone the timeline is shown in.
            let day = |at: crate::model::Timestamp| {
                let off = st.layout.zone.offset(inc.display_offset(), at);
                at.with_timezone(&off).date_naive()
            };
            let (a, b) = (day(first.at), day(last));
            let days = if a == b {
                a.format("%a %Y-%m-%d").to_string()
            } else {
                format!("{} → {}", a.format("%a %Y-%m-%d"), b.format("%a %Y-%m-%d"))
            };
            l2.push(Span::styled(days, t.date));
        } else if let Some(d) = inc.date {
            l2.push(Span::styled(d.to_string(), t.date));
        }
    } else {
        l2.push(Span::styled("undated", t.dim));
    }
    let zone = match st.layout.zone {
        crate::tui::timeline::Zone::Incident => format!("times in {}", inc.display_offset()),
        z => format!("times in {}", z.label()),
    };
    l2.push(Span::styled(format!(" · {zone}"), t.dim));
    if !inc.services.is_empty() {
        l2.push(Span::styled(" · ", t.dim));
        l2.push(Span::styled(inc.services.join(", "), t.text));
    }
    // Durations as chips.
    let d = &doc.analysis.durations;
    let mut chips: Vec<Span> = Vec::new();
    let mut chip = |label: &str, v: Option<String>, style: Style| {
        chips.push(Span::styled(format!(" {label} "), t.chip_label));
        chips.push(Span::styled(
            format!("{} ", v.unwrap_or_else(|| "—".into())),
            t.chip.patch(style),
        ));
        chips.push(Span::raw(" "));
    };
    chip("TTD", d.ttd.map(format_duration), Style::default());
    chip("TTA", d.tta.map(format_duration), Style::default());
    chip("TTM", d.ttm.map(format_duration), Style::default());
    chip("TTR", d.ttr.map(format_duration), Style::default());
    let n_detours = doc.analysis.detours.len();
    let detour = if n_detours == 0 {
        Some("none".to_string())
    } else {
        let share = d
            .detour_share
            .map(|s| format!(" ({:.0}% of TTR)", s * 100.0))
            .unwrap_or_default();
        Some(format!(
            "{} ✗ {}{share}",
            n_detours,
            format_duration(d.detour)
        ))
    };
    chip("detours", detour, Style::default());
    let chips_line = Line::from(chips);

    match area.height {
        0 | 1 => {}
        2 => rows.push(truncate_line(chips_line, w)),
        3 => {
            rows.push(truncate_line(Line::from(l2), w));
            rows.push(truncate_line(chips_line, w));
        }
        _ => {
            rows.push(truncate_line(Line::from(l2), w));
            rows.push(truncate_line(chips_line, w));
            rows.push(phase_bar(t, doc, w));
        }
    }
    frame.render_widget(Paragraph::new(rows), area);
}

/// One line: the phases between milestones, each as wide as its share of the incident.
pub fn phase_bar(t: &Theme, doc: &Doc, width: usize) -> Line<'static> {
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
        let short = format!(" {} ", &p.kind.as_str()[..1]);
        let fill = theme::phase_fill(p.kind);
        let style = t.phase_style(p.kind);
        let content = if text.width() + 2 <= cells {
            let pad = cells - text.width();
            let left = pad / 2;
            format!(
                "{}{}{}",
                fill.to_string().repeat(left),
                text,
                fill.to_string().repeat(pad - left)
            )
        } else if short.width() + 2 <= cells {
            let pad = cells - short.width();
            format!(
                "{}{}{}",
                fill.to_string().repeat(pad / 2),
                short,
                fill.to_string().repeat(pad - pad / 2)
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

fn tab_bar(app: &App, st: &IncidentState, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let mut spans = Vec::new();
    for (i, (p, label)) in tab_labels().into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("│", t.border));
        }
        let style = if p == st.pane { t.selected } else { t.dim };
        spans.push(Span::styled(label, style));
    }
    frame.render_widget(
        Paragraph::new(truncate_line(Line::from(spans), area.width as usize)),
        area,
    );
}

/// The selected event in full: text, author, time, links, why its kind was inferred, its branch.
fn detail(app: &App, doc: &Doc, st: &IncidentState, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let inner = super::below_rule(frame, area, t.border);
    let Some(e) = doc.incident.timeline.get(st.selected) else {
        frame.render_widget(
            Paragraph::new(Line::styled("This incident has no timeline events.", t.dim)),
            inner,
        );
        return;
    };
    let mut lines: Vec<Line> = Vec::new();
    if app.live.as_ref().is_some_and(|l| l.follow) {
        lines.push(Line::styled(
            "Following the newest event · ↑↓ select one to mark or delete it",
            t.dim,
        ));
    }
    let off = st.layout.zone.offset(doc.incident.display_offset(), e.at);
    let at = e.at.with_timezone(&off);
    let when = if doc.incident.undated {
        at.format("%H:%M:%S").to_string()
    } else {
        at.format("%Y-%m-%d %H:%M:%S %:z").to_string()
    };
    let mut meta = vec![
        Span::styled(when, t.time),
        Span::styled(format!(" {}", offset_label(st.layout.origin, e.at)), t.dim),
    ];
    if e.approximate {
        meta.push(Span::styled(" (approximate)", t.dim));
    }
    meta.push(Span::styled(format!(" · {}", e.kind.as_str()), t.text));
    if e.inferred.is_some() {
        meta.push(Span::styled(" (inferred)", t.dim));
    }
    if let Some(m) = st.layout.milestone_of(st.selected) {
        meta.push(Span::styled(
            format!(" · {} milestone: {}", theme::MILESTONE_GLYPH, m.as_str()),
            t.milestone,
        ));
    }
    if e.key {
        meta.push(Span::styled(
            format!(" · {} key moment", theme::KEY_GLYPH),
            t.key_moment,
        ));
    }
    if let Some(a) = &e.author {
        meta.push(Span::styled(format!(" · by {a}"), t.header));
    }
    lines.push(Line::from(meta));
    // The full text, with the search's matches highlighted (the row may have cut them off); as
    // much of it as the area can hold, so a huge event costs no more than the area.
    let area_cols = inner.width as usize * inner.height as usize;
    let (shown, cut) = super::visible_prefix(&e.text, area_cols);
    let mut text = match app.active_search().filter(|s| !s.query.trim().is_empty()) {
        Some(s) => super::highlight(
            shown,
            &crate::tui::search::highlight_indices(shown, &s.query),
            t.text,
            t.matched,
        ),
        None => vec![Span::styled(shown.to_string(), t.text)],
    };
    if cut {
        text.push(Span::styled("…", t.dim));
    }
    lines.push(Line::from(text));
    let node = st.layout.nodes[st.selected];
    if node.lane > 0
        && let Some(b) = st.layout.branches.get(node.branch as usize)
    {
        // Live: an open branch runs until now (or the resolution).
        let so_far = (b.outcome == crate::model::Outcome::Open).then(|| {
            let until = timeline::open_until(app, doc).unwrap_or(b.start);
            format!(
                "{} so far",
                format_duration((until - b.start).max(chrono::Duration::zero()))
            )
        });
        lines.push(Line::from(vec![
            Span::styled(format!("⎇ branch {}: ", b.id), t.outcome_style(b.outcome)),
            Span::styled(b.hypothesis.clone(), t.text),
            Span::styled(
                format!(
                    " — {} {} · {}",
                    theme::outcome_glyph(b.outcome),
                    outcome_words(b.outcome),
                    so_far.unwrap_or_else(|| format_duration(b.duration))
                ),
                t.outcome_style(b.outcome),
            ),
        ]));
    }
    if let Some(why) = &e.inferred {
        let words = if why.matched.is_empty() {
            "no words matched; the default".to_string()
        } else {
            format!("matched “{}”", why.matched)
        };
        lines.push(Line::from(Span::styled(
            format!(
                "kind inferred by rule `{}` ({}): {words}",
                why.rule,
                why.rule.explain()
            ),
            t.dim,
        )));
    }
    for l in &e.links {
        lines.push(Line::from(vec![
            Span::styled("↗ ", t.header),
            Span::styled(
                truncate(l, 400),
                t.text.add_modifier(ratatui::style::Modifier::UNDERLINED),
            ),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The title a pane shows on top of its text.
pub fn pane_title(p: Pane) -> &'static str {
    p.title()
}
