//! The help overlay: every key with its description, generated from the keymap table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::tui::app::App;
use crate::tui::keys::{Context, help_rows};

/// The lines of the help, from the keymap.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mut v = Vec::new();
    let mut contexts = Vec::new();
    if app.live.is_some() {
        // Live mode's keys first: they are what the responder came for.
        contexts.extend([Context::Live, Context::NoteLine, Context::Confirm]);
    }
    contexts.extend([
        Context::Global,
        Context::List,
        Context::Stats,
        Context::Incident,
        Context::Present,
        Context::Prompt,
        Context::Help,
    ]);
    let key_w = contexts
        .iter()
        .copied()
        .flat_map(help_rows)
        .map(|(k, _)| unicode_width::UnicodeWidthStr::width(k.as_str()))
        .max()
        .unwrap_or(10)
        + 2;
    for ctx in contexts {
        if !v.is_empty() {
            v.push(Line::default());
        }
        v.push(Line::styled(ctx.title().to_string(), t.header));
        for (keys, desc) in help_rows(ctx) {
            v.push(Line::from(vec![
                Span::styled(format!("  {keys:<key_w$}"), t.key_moment),
                Span::styled(desc.to_string(), t.text),
            ]));
        }
    }
    v.push(Line::default());
    v.push(Line::styled("Mouse".to_string(), t.header));
    v.push(Line::from(vec![
        Span::styled(format!("  {:<key_w$}", "wheel"), t.key_moment),
        Span::styled(
            "scroll the list, timeline or pane under the pointer",
            t.text,
        ),
    ]));
    v.push(Line::from(vec![
        Span::styled(format!("  {:<key_w$}", "click"), t.key_moment),
        Span::styled(
            "select a row (again to open), a tab, or a column to sort by",
            t.text,
        ),
    ]));
    v
}

/// The width of the help's box on a screen `width` columns wide.
fn popup_width(width: u16) -> u16 {
    width.saturating_sub(4).min(96)
}

/// The lines of the help as the box on a screen `width` columns wide shows them: a description
/// longer than the box wraps under its own column (at 80 columns live mode's were cut off).
pub fn wrapped(app: &App, width: u16) -> Vec<Line<'static>> {
    let inner = usize::from(popup_width(width).saturating_sub(2));
    let mut out = Vec::new();
    for line in lines(app) {
        if line.spans.len() < 2 || line.width() <= inner {
            out.push(line);
            continue;
        }
        let indent = line.spans[0].content.width();
        for mut l in crate::tui::view::wrap_spans(line.spans, inner, indent) {
            // The space a line was broken at stays with its word: not part of the line.
            if let Some(last) = l.spans.last_mut() {
                last.content = last.content.trim_end().to_string().into();
            }
            out.push(l);
        }
    }
    out
}

pub fn render(app: &App, frame: &mut Frame) {
    let t = &app.theme;
    let area = frame.area();
    let w = popup_width(area.width);
    let h = area.height.saturating_sub(2);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    frame.render_widget(Clear, popup);
    let lines = wrapped(app, area.width);
    let inner_h = h.saturating_sub(2) as usize;
    let max_scroll = lines.len().saturating_sub(inner_h) as u16;
    let scroll = app.help.unwrap_or(0).min(max_scroll);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.header)
        .style(t.base)
        .title(Span::styled(
            " Keys — Esc or ? closes, j/k scroll ",
            t.title,
        ));
    let total = lines.len();
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
    // Where we are in a help longer than the screen.
    crate::tui::view::scrollbar(
        frame,
        Rect {
            y: popup.y + 1,
            height: popup.height.saturating_sub(2),
            ..popup
        },
        scroll as usize,
        inner_h,
        total,
        t.header,
    );
}
