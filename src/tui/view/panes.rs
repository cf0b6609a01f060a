//! The panes: Impact, Root cause (with resolution), Actions (owner, status, ticket), Lessons.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::model::ActionStatus;
use crate::tui::app::{App, Doc, IncidentState, Pane};
use crate::tui::theme::Theme;

pub fn render(app: &App, doc: &Doc, st: &IncidentState, frame: &mut Frame, area: Rect, wide: bool) {
    let t = &app.theme;
    let pane = if st.pane == Pane::Timeline {
        Pane::Impact
    } else {
        st.pane
    };
    let inner = if wide {
        // Beside the timeline: a separator and the pane names as tabs.
        let block = Block::default()
            .borders(Borders::LEFT)
            .border_style(t.border);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut spans = Vec::new();
        for (p, label) in super::layout::wide_tab_labels() {
            let style = if p == pane { t.selected } else { t.dim };
            spans.push(Span::styled(label, style));
        }
        frame.render_widget(
            Paragraph::new(super::truncate_line(
                Line::from(spans),
                inner.width as usize,
            )),
            Rect { height: 1, ..inner },
        );
        Rect {
            x: inner.x + 1,
            y: inner.y + 2,
            width: inner.width.saturating_sub(1),
            height: inner.height.saturating_sub(2),
        }
    } else {
        Rect {
            x: area.x + 1,
            width: area.width.saturating_sub(2),
            ..area
        }
    };
    let lines = content(t, doc, pane, inner.width as usize);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((st.pane_scroll, 0)),
        inner,
    );
}

fn heading(t: &Theme, s: &str) -> Line<'static> {
    Line::from(Span::styled(s.to_string(), t.header))
}

/// How much of one text a pane shows: far more than any written impact or root cause, and a
/// bound on what a hostile file can make every frame wrap.
const PANE_TEXT_COLUMNS: usize = 64 * 1024;

fn text_lines(t: &Theme, s: Option<&str>, missing: &str) -> Vec<Line<'static>> {
    match s {
        Some(s) if !s.trim().is_empty() => {
            let (shown, cut) = super::visible_prefix(s, PANE_TEXT_COLUMNS);
            let mut lines: Vec<Line<'static>> = paragraphs(shown)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, t.text)))
                .collect();
            if cut {
                lines.push(Line::from(Span::styled(
                    format!("… ({} more bytes in the file)", s.len() - shown.len()),
                    t.dim,
                )));
            }
            lines
        }
        _ => vec![Line::from(Span::styled(missing.to_string(), t.dim))],
    }
}

/// Text as written in YAML blocks: lines of one paragraph joined (the pane wraps them to its
/// width), blank lines kept as paragraph breaks, list items (`- `, `* `, `1.`) kept on their own.
fn paragraphs(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in s.lines() {
        let l = line.trim();
        if l.is_empty() {
            out.push(String::new());
            open = false;
            continue;
        }
        let item = l.starts_with("- ")
            || l.starts_with("* ")
            || l.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        match out.last_mut() {
            Some(last) if open && !item => {
                last.push(' ');
                last.push_str(l);
            }
            _ => out.push(l.to_string()),
        }
        open = true;
    }
    out
}

/// The lines of a pane (the pane's own text; small, so built whole).
pub fn content(t: &Theme, doc: &Doc, pane: Pane, width: usize) -> Vec<Line<'static>> {
    let inc = &doc.incident;
    let mut v = Vec::new();
    match pane {
        Pane::Timeline | Pane::Impact => {
            v.push(heading(t, "Impact"));
            v.extend(text_lines(t, inc.impact.as_deref(), "Not written down."));
            if let Some(s) = &inc.summary {
                v.push(Line::default());
                v.push(heading(t, "Summary"));
                v.extend(text_lines(t, Some(s), ""));
            }
        }
        Pane::RootCause => {
            v.push(heading(t, "Root cause"));
            v.extend(text_lines(
                t,
                inc.root_cause.as_deref(),
                "Not written down yet.",
            ));
            v.push(Line::default());
            v.push(heading(t, "Resolution"));
            v.extend(text_lines(
                t,
                inc.resolution.as_deref(),
                "Not written down yet.",
            ));
        }
        Pane::Actions => {
            v.push(heading(t, &format!("Actions ({})", inc.actions.len())));
            if inc.actions.is_empty() {
                v.push(Line::styled("No action items yet.", t.dim));
            }
            for a in &inc.actions {
                let (mark, style) = match a.status {
                    ActionStatus::Done => ("[x]", t.confirmed),
                    ActionStatus::InProgress => ("[~]", t.warning),
                    ActionStatus::WontDo => ("[-]", t.dim),
                    ActionStatus::Open => ("[ ]", t.text),
                };
                v.extend(super::wrap_spans(
                    vec![
                        Span::styled(format!("{mark} "), style.add_modifier(Modifier::BOLD)),
                        Span::styled(a.text.clone(), t.text),
                    ],
                    width,
                    4,
                ));
                let mut meta = vec![Span::styled(format!("    {}", a.status.as_str()), style)];
                meta.push(Span::styled(format!(" · {}", a.kind.as_str()), t.dim));
                if let Some(o) = &a.owner {
                    meta.push(Span::styled(format!(" · owner {o}"), t.header));
                }
                if let Some(k) = &a.ticket {
                    meta.push(Span::styled(format!(" · {k}"), t.text));
                }
                if let Some(d) = a.due {
                    meta.push(Span::styled(format!(" · due {d}"), t.dim));
                }
                v.extend(super::wrap_spans(meta, width, 4));
            }
        }
        Pane::Lessons => {
            let l = &inc.lessons;
            if l.is_empty() {
                v.push(Line::styled("No lessons written down yet.", t.dim));
            }
            for (title, items, mark) in [
                ("Went well", &l.went_well, "+"),
                ("Went wrong", &l.went_wrong, "-"),
                ("Where we got lucky", &l.lucky, "!"),
            ] {
                if items.is_empty() {
                    continue;
                }
                if !v.is_empty() {
                    v.push(Line::default());
                }
                v.push(heading(t, title));
                for i in items {
                    v.extend(super::wrap_spans(
                        vec![
                            Span::styled(format!(" {mark} "), t.header),
                            Span::styled(i.clone(), t.text),
                        ],
                        width,
                        3,
                    ));
                }
            }
        }
    }
    v
}
