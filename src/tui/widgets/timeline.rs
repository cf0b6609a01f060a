//! The timeline: one row per event, drawn only for the rows on screen. Side branches are lanes
//! to the right of the main line, like `git log --graph`; every colour also has a glyph or word.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::analysis::format_duration;
use crate::model::{Event, Outcome, Timestamp};
use crate::tui::app::{App, Doc, IncidentState};
use crate::tui::search::positions;
use crate::tui::theme::{self, Theme};
use crate::tui::timeline::{Node, Row, RowKind, TimelineLayout, offset_label};
use crate::tui::view::{highlight, scrollbar, truncate_line, visible_prefix};

/// Show the kind as a word from this width of timeline.
const KIND_COLUMN_FROM: u16 = 90;

/// Most blank lines drawn before an event to space it by its silence (`z`); a longer silence
/// shows as a gap row with its length.
pub const MAX_SPACER_LINES: usize = 8;

/// Draw the rows on screen; `now` is the time open branches run to in live mode.
pub fn render(
    app: &App,
    doc: &Doc,
    st: &IncidentState,
    frame: &mut Frame,
    area: Rect,
    now: Timestamp,
) {
    let t = &app.theme;
    let lay = &st.layout;
    if lay.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                " No events in this incident's timeline.",
                t.dim,
            )),
            area,
        );
        return;
    }
    let h = area.height as usize;
    // Leave the last column for the scrollbar.
    let width = area.width.saturating_sub(1);
    let mut y = area.y;
    for i in st.scroll..lay.rows.len() {
        if y >= area.bottom() {
            break;
        }
        let left = (area.bottom() - y) as usize;
        for (line, selected) in row_lines(app, doc, st, i, width, left, now) {
            if y >= area.bottom() {
                break;
            }
            let r = Rect::new(area.x, y, width, 1);
            if selected {
                frame.buffer_mut().set_style(r, t.selected);
            }
            frame.buffer_mut().set_line(r.x, r.y, &line, r.width);
            y += 1;
        }
    }
    scrollbar(frame, area, st.scroll, h, lay.rows.len(), t.border);
}

/// Screen lines row `i` takes at this width (at most `max`): 1, more when wrapped (`w`, or the
/// selected event) or spaced by time (`z`).
pub fn row_height(
    app: &App,
    doc: &Doc,
    st: &IncidentState,
    i: usize,
    width: u16,
    max: usize,
) -> usize {
    // Heights do not depend on the time (an open branch's "so far" is on its row either way).
    row_lines(app, doc, st, i, width, max, app.now).len().max(1)
}

/// The blank lines before event `ei` when rows are spaced by time: its silence since the event
/// before, in units of `unit` seconds, at most [`MAX_SPACER_LINES`].
fn spacer_lines(doc: &Doc, ei: usize, unit: i64) -> usize {
    let tl = &doc.incident.timeline;
    if ei == 0 || unit <= 0 {
        return 0;
    }
    let gap = (tl[ei].at - tl[ei - 1].at).num_seconds().max(0);
    ((gap / unit) as usize).min(MAX_SPACER_LINES)
}

/// The lines of row `i` (at most `max`), each with whether it is drawn selected.
fn row_lines(
    app: &App,
    doc: &Doc,
    st: &IncidentState,
    i: usize,
    width: u16,
    max: usize,
    now: Timestamp,
) -> Vec<(Line<'static>, bool)> {
    let t = &app.theme;
    let lay = &st.layout;
    let row = &lay.rows[i];
    let search = app
        .active_search()
        .filter(|s| !s.query.trim().is_empty())
        .map(|s| crate::search::Query::parse(&s.query));
    let lines = doc.events.as_deref();
    // The characters of `text` (a prefix of the event's text) the search matched.
    let matched = |text: &str, ei: usize| match (&search, lines) {
        (Some(q), Some(ix)) if ei < ix.len() => positions(ix, ei as crate::search::LineId, q, text),
        _ => Vec::new(),
    };
    let lead = lay.clock_width() + lay.offset_width + 1;
    let ow = lay.offset_width + 1;
    let mut out: Vec<(Line<'static>, bool)> = Vec::new();
    let mut spans: Vec<Span> = Vec::with_capacity(12);
    let mut selected = false;
    match row.kind {
        RowKind::Event(ei) => {
            let ei = ei as usize;
            let e = &doc.incident.timeline[ei];
            let node = lay.nodes[ei];
            // The event's own lane runs through the lines above it (not above a fork) and
            // below it (not below a branch's end).
            let lane_bit = if node.lane > 0 {
                1u8 << (node.lane - 1)
            } else {
                0
            };
            let above = Row {
                through: row.through | if node.fork { 0 } else { lane_bit },
                ..*row
            };
            let below = Row {
                through: row.through | if node.end { 0 } else { lane_bit },
                ..*row
            };
            if let Some(unit) = st.time_scale {
                for _ in 0..spacer_lines(doc, ei, unit) {
                    let mut sp = vec![Span::raw(" ".repeat(lead))];
                    graph(t, lay, &above, None, &mut sp);
                    out.push((Line::from(sp), false));
                }
            }
            // Live mode following the newest event has no selection.
            selected = ei == st.selected && !app.live.as_ref().is_some_and(|l| l.follow);
            let off = lay.zone.offset(doc.incident.display_offset(), e.at);
            let at = e.at.with_timezone(&off);
            let clock = if lay.seconds {
                at.format("%H:%M:%S").to_string()
            } else {
                at.format("%H:%M").to_string()
            };
            spans.push(Span::styled(
                format!("{}{clock} ", if e.approximate { "~" } else { " " }),
                t.time,
            ));
            spans.push(Span::styled(
                format!("{:<ow$}", offset_label(lay.origin, e.at)),
                t.dim,
            ));
            graph(t, lay, row, Some((node, e, ei)), &mut spans);
            spans.push(Span::raw(" "));
            if width >= KIND_COLUMN_FROM {
                // An inferred kind is marked `?` (the detail says by which rule).
                let kind = if e.inferred.is_some() {
                    format!("{}?", e.kind.as_str())
                } else {
                    e.kind.as_str().to_string()
                };
                spans.push(Span::styled(format!("{kind:<14}"), t.dim));
            }
            let milestone = lay.milestone_of(ei);
            let mut text_style = t.text;
            if let Some(m) = milestone {
                spans.push(Span::styled(
                    format!("{} ", m.as_str().to_uppercase()),
                    t.milestone,
                ));
                text_style = text_style.add_modifier(Modifier::BOLD);
            }
            if e.key {
                spans.push(Span::styled(format!("{} ", theme::KEY_GLYPH), t.key_moment));
                text_style = text_style.add_modifier(Modifier::BOLD);
            }
            // The branch's outcome goes after the text, which is cut to leave room for it.
            let used: usize = spans.iter().map(|s| s.content.width()).sum();
            // On a tight row the branch name gives way to the text; the outcome stays.
            let roomy = (width as usize).saturating_sub(used) >= 56;
            let whole = st.wrap || selected;
            let tag = branch_tag(
                t,
                lay,
                node,
                roomy || whole,
                open_until(app.live.is_some(), doc, now),
            );
            let tag_w: usize = tag.iter().map(|s| s.content.width()).sum();
            if whole {
                // The whole text, wrapped under the text column (a hanging indent that keeps
                // the graph's lanes), the branch tag after it.
                let text_w = (width as usize).saturating_sub(used).max(8);
                let budget = text_w.saturating_mul(max.max(1));
                let (shown, cut) = visible_prefix(&e.text, budget);
                let flat: String = shown
                    .chars()
                    .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
                    .collect();
                let mut text_spans = highlight(&flat, &matched(&flat, ei), text_style, t.matched);
                if cut {
                    text_spans.push(Span::styled("…", t.dim));
                }
                let mut indent = vec![Span::raw(" ".repeat(lead))];
                graph(t, lay, &below, None, &mut indent);
                indent.push(Span::raw(
                    " ".repeat(used.saturating_sub(lead + 1 + 2 * lay.lanes as usize)),
                ));
                let mut wrapped = crate::tui::view::wrap_spans(text_spans, text_w, 0);
                // The branch tag stays in one piece: after the text when it fits, else below.
                if !tag.is_empty() {
                    let last_w = wrapped.last().map_or(0, |l| l.width());
                    if last_w + 2 + tag_w <= text_w
                        && let Some(last) = wrapped.last_mut()
                    {
                        last.spans.push(Span::raw("  "));
                        last.spans.extend(tag);
                    } else {
                        wrapped.push(Line::from(tag));
                    }
                }
                let total = wrapped.len();
                for (n, l) in wrapped.into_iter().enumerate() {
                    let mut line = if n == 0 {
                        spans.clone()
                    } else {
                        indent.clone()
                    };
                    let mut rest: Vec<Span> = l
                        .spans
                        .into_iter()
                        .skip_while(|s| n > 0 && s.content.trim().is_empty())
                        .collect();
                    // A wrapped line keeps the space after its last word: drop it, so the
                    // line is never cut for a space.
                    if let Some(last) = rest.last_mut() {
                        last.content = last.content.trim_end().to_string().into();
                    }
                    line.extend(rest);
                    let mut line = truncate_line(Line::from(line), width as usize);
                    if out.len() + 1 >= max && n + 1 < total {
                        // More text than the screen holds: say so where it stops.
                        line = truncate_line(line, (width as usize).saturating_sub(1));
                        line.spans.push(Span::styled("…", t.dim));
                    }
                    out.push((line, selected));
                    if out.len() >= max {
                        break;
                    }
                }
                out.truncate(max.max(1));
                return out;
            }
            let text_w =
                (width as usize).saturating_sub(used + tag_w + if tag_w > 0 { 2 } else { 0 });
            // Only what the row can show is read (one column more, so a cut gets its `…`).
            let (shown, _) = visible_prefix(&e.text, text_w + 1);
            let text_spans = highlight(shown, &matched(shown, ei), text_style, t.matched);
            let text = truncate_line(Line::from(text_spans), text_w);
            let text_len = text.width();
            spans.extend(text.spans);
            if !tag.is_empty() {
                let pad = text_w.saturating_sub(text_len).clamp(1, 2);
                spans.push(Span::raw(" ".repeat(pad)));
                spans.extend(tag);
            }
        }
        RowKind::Date(d) => {
            spans.push(Span::raw(" ".repeat(lead)));
            graph(t, lay, row, None, &mut spans);
            spans.push(Span::styled(
                format!(" ── {} ──", d.format("%a %-d %b %Y")),
                t.date,
            ));
        }
        RowKind::Gap(secs) => {
            spans.push(Span::raw(" ".repeat(lead)));
            graph(t, lay, row, None, &mut spans);
            spans.push(Span::styled(
                format!(
                    " {} without events",
                    format_duration(chrono::Duration::seconds(secs))
                ),
                t.gap,
            ));
        }
        RowKind::Milestone(m) => {
            let at = doc
                .analysis
                .milestones
                .at(m)
                .map(|a| {
                    let off = lay.zone.offset(doc.incident.display_offset(), a);
                    let a = a.with_timezone(&off);
                    let clock = if lay.seconds {
                        a.format("%H:%M:%S").to_string()
                    } else {
                        a.format("%H:%M").to_string()
                    };
                    (
                        format!(" {clock} "),
                        offset_label(lay.origin, a.fixed_offset()),
                    )
                })
                .unwrap_or_default();
            spans.push(Span::styled(at.0, t.time));
            spans.push(Span::styled(format!("{:<ow$}", at.1), t.dim));
            graph(t, lay, row, None, &mut spans);
            if let Some(first) = spans.iter_mut().rev().nth(lay.lanes as usize * 2) {
                *first = Span::styled(theme::MILESTONE_GLYPH, t.milestone);
            }
            spans.push(Span::raw(" "));
            if width >= KIND_COLUMN_FROM {
                spans.push(Span::styled(format!("{:<14}", "milestone"), t.dim));
            }
            spans.push(Span::styled(
                format!("{} ", m.as_str().to_uppercase()),
                t.milestone,
            ));
            spans.push(Span::styled(
                "(stated in the file, no event marks it)",
                t.dim,
            ));
        }
    }
    out.push((truncate_line(Line::from(spans), width as usize), selected));
    out.truncate(max.max(1));
    out
}

/// The graph cells of a row: the main line, then two cells per side lane.
fn graph(
    t: &Theme,
    lay: &TimelineLayout,
    row: &Row,
    event: Option<(Node, &Event, usize)>,
    spans: &mut Vec<Span<'static>>,
) {
    let node = event.map(|(n, _, _)| n).unwrap_or_default();
    // Main line.
    match event {
        Some((n, e, i)) if n.lane == 0 => {
            let (g, style) = if lay.milestone_of(i).is_some() {
                (theme::MILESTONE_GLYPH, t.milestone)
            } else if e.key {
                (theme::KEY_GLYPH, t.key_moment)
            } else {
                (theme::kind_glyph(e.kind), t.text)
            };
            spans.push(Span::styled(g, style));
        }
        Some((n, _, _)) if n.fork => spans.push(Span::styled("├", t.branch)),
        _ => {
            let g = if matches!(row.kind, RowKind::Gap(_)) {
                theme::GAP_GLYPH
            } else {
                "│"
            };
            spans.push(Span::styled(g, t.dim))
        }
    }
    let branch_style = lay
        .branches
        .get(node.branch as usize)
        .filter(|_| node.lane > 0)
        .map_or(t.branch, |b| t.outcome_style(b.outcome));
    for lane in 1..=lay.lanes {
        let through = row.through & (1 << (lane - 1)) != 0;
        let line = |s: Style| Span::styled(if through { "│" } else { " " }, s);
        if node.lane > 0 && lane < node.lane && node.fork {
            spans.push(Span::styled("─", branch_style));
            spans.push(Span::styled(if through { "┼" } else { "─" }, branch_style));
        } else if node.lane == lane {
            spans.push(Span::styled(
                if node.fork { "─" } else { " " },
                branch_style,
            ));
            let (_, e, i) = event.expect("a node on a lane has an event");
            let b = &lay.branches[node.branch as usize];
            let g = if node.end {
                theme::outcome_glyph(b.outcome)
            } else if lay.milestone_of(i).is_some() {
                theme::MILESTONE_GLYPH
            } else if e.key {
                theme::KEY_GLYPH
            } else {
                theme::kind_glyph(e.kind)
            };
            spans.push(Span::styled(g, branch_style.add_modifier(Modifier::BOLD)));
        } else {
            spans.push(Span::raw(" "));
            spans.push(line(t.branch));
        }
    }
}

/// The time an open branch runs to, so it shows its time so far: the resolution, else now in
/// live mode, else the last event.
pub fn open_until(live: bool, doc: &Doc, now: Timestamp) -> Option<Timestamp> {
    let resolved = doc
        .analysis
        .milestones
        .at(crate::model::MilestoneKind::Resolved);
    let last = doc.incident.timeline.last().map(|e| e.at);
    resolved.or(if live { Some(now) } else { last })
}

/// `⎇ rollback` on a branch's first event (not when it is also its last: the text says it);
/// `✗ ruled out · 15m` on its last; an open branch in
/// live mode: `open · 12m so far`.
fn branch_tag(
    t: &Theme,
    lay: &TimelineLayout,
    node: Node,
    with_name: bool,
    open_until: Option<crate::model::Timestamp>,
) -> Vec<Span<'static>> {
    if node.lane == 0 {
        return Vec::new();
    }
    let Some(b) = lay.branches.get(node.branch as usize) else {
        return Vec::new();
    };
    let style = t.outcome_style(b.outcome);
    let mut v = Vec::new();
    // A one-event branch: the event's text is the hypothesis; the outcome is enough.
    if node.fork && with_name && !node.end {
        v.push(Span::styled(format!("⎇ {}", b.id), style));
    }
    if node.end {
        if !v.is_empty() {
            v.push(Span::styled(" ", style));
        }
        let (words, duration) = match (b.outcome, open_until) {
            (Outcome::Open, Some(until)) => (
                "open".to_string(),
                format!(
                    "{} so far",
                    format_duration((until - b.start).max(chrono::Duration::zero()))
                ),
            ),
            (Outcome::Open, None) => ("still open".to_string(), format_duration(b.duration)),
            (o, _) => (
                theme::outcome_words(o).to_string(),
                format_duration(b.duration),
            ),
        };
        v.push(Span::styled(
            format!(
                "{} {} · {}",
                theme::outcome_glyph(b.outcome),
                words,
                duration
            ),
            style.add_modifier(Modifier::BOLD),
        ));
    }
    v
}
