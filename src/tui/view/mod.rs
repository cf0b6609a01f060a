//! Render functions: `render(&App, &mut Frame)`, one file per screen or pane. They only read.

pub mod layout;
pub mod panes;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub use crate::display::{truncate, visible_prefix};

use super::app::{App, Prompt, Screen};

/// Draw the whole UI.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    // The terminal hands each frame a cleared buffer; paint only a theme's own background.
    if app.theme.base != Style::default() {
        frame.buffer_mut().set_style(area, app.theme.base);
    }
    if layout::too_small(area) {
        too_small(app, frame, area);
        return;
    }
    // `now` is the time the loop last passed in (`Action::Tick`); nothing here reads a clock.
    crate::tui::screens::render(frame, area, app, app.now);
    if app.help.is_some() {
        crate::tui::widgets::help::render(app, frame);
    }
}

fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let lines = [
        "Terminal too small".to_string(),
        format!("need {}×{}", layout::MIN_WIDTH, layout::MIN_HEIGHT),
        format!("have {}×{}", area.width, area.height),
        "q quits".to_string(),
    ];
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, l) in lines.iter().enumerate() {
        let y = area.y + top + i as u16;
        if y >= area.bottom() {
            break;
        }
        let t = truncate(l, area.width as usize);
        let x = area.x + (area.width.saturating_sub(t.width() as u16)) / 2;
        let style = if i == 0 {
            app.theme.title
        } else {
            app.theme.dim
        };
        frame
            .buffer_mut()
            .set_stringn(x, y, &t, area.width as usize, style);
    }
}

/// The bottom line: the prompt when typing, else a message, else key hints.
/// The live note line or y/n question, when one is open.
fn live_status(app: &App, live: &crate::tui::live::Live, max_w: usize) -> Option<Line<'static>> {
    use crate::tui::live::LinePurpose;
    let t = &app.theme;
    let hyp = live.hypothesis.as_ref().map(|h| h.1.as_str());
    if let Some(p) = &live.pending {
        return Some(Line::from(vec![
            Span::styled(crate::model::text::clean_line(&p.question(hyp)), t.header),
            Span::styled(" y/n", t.key_moment),
        ]));
    }
    let line = live.line.as_ref()?;
    let mut spans = Vec::new();
    match line.purpose {
        LinePurpose::Note => {
            if let Some(h) = hyp {
                spans.push(Span::styled(
                    format!("⎇ {} ", crate::model::text::clean_line(h)),
                    t.key_moment,
                ));
            }
            spans.push(Span::styled("note› ", t.header));
        }
        LinePurpose::Hypothesis => spans.push(Span::styled("hypothesis› ", t.header)),
    }
    let text = line.editor.text();
    let c = line.editor.cursor();
    let (before, rest) = text.split_at(c);
    let cur_len = unicode_segmentation::UnicodeSegmentation::graphemes(rest, true)
        .next()
        .map_or(0, str::len);
    let (under, after) = rest.split_at(cur_len);
    // A long line scrolls: the cursor stays on screen, what is cut off on the left is `…`.
    let prefix_w: usize = spans.iter().map(|s| s.width()).sum();
    let room = max_w.saturating_sub(prefix_w + 2);
    let mut before = before;
    if before.width() > room {
        spans.push(Span::styled("…", t.dim));
        let mut w = before.width();
        let mut cut = before.len();
        for (i, g) in unicode_segmentation::UnicodeSegmentation::grapheme_indices(before, true) {
            if w < room {
                cut = i;
                break;
            }
            w -= g.width();
        }
        before = &before[cut..];
    }
    spans.push(Span::raw(before.to_string()));
    let cursor_style = t.header.add_modifier(ratatui::style::Modifier::REVERSED);
    spans.push(Span::styled(
        if under.is_empty() {
            " ".to_string()
        } else {
            under.to_string()
        },
        cursor_style,
    ));
    spans.push(Span::raw(after.to_string()));
    match &line.error {
        Some(e) => spans.push(Span::styled(format!("  not saved: {e}"), t.warning)),
        None if text.is_empty() => spans.push(Span::styled(
            match line.purpose {
                LinePurpose::Note => " Enter saves, stamped now · Esc cancels",
                LinePurpose::Hypothesis => " name the hypothesis · Enter opens it · Esc cancels",
            },
            t.dim,
        )),
        None => {}
    }
    let unsaved = live.unsaved();
    if unsaved > 0 {
        spans.push(Span::styled(format!("  ⏳ {unsaved} saving"), t.warning));
    }
    Some(Line::from(spans))
}

/// The saves on their way: `⏳ saving note "…" — waiting for the lock: pid 4242 (retrace note)
/// on host-a since 10:41:07 UTC (12s)`.
fn outbox_status(app: &App, live: &crate::tui::live::Live) -> Option<Line<'static>> {
    let t = &app.theme;
    let first = live.outbox.iter().find(|o| o.failed.is_none())?;
    let more = live.unsaved() - 1;
    let mut text = format!("⏳ saving {}", first.label);
    if more > 0 {
        text.push_str(&format!(" (+{more} more after it)"));
    }
    if let Some((holder, waited)) = &first.waiting {
        let who = holder
            .as_ref()
            .map_or("another writer".to_string(), |h| h.to_string());
        text.push_str(&format!(
            " — waiting {}s for the lock held by {who}",
            waited.as_secs()
        ));
    }
    Some(Line::from(Span::styled(
        crate::model::text::clean_line(&text),
        t.warning,
    )))
}

/// The bottom line: the live line, the prompt, a message, else the key hints of what applies
/// now (from the keymap, fitted to the width); `right` on the right.
pub fn status_bar(app: &App, frame: &mut Frame, area: Rect, right: String) {
    let t = &app.theme;
    frame.buffer_mut().set_style(area, t.status_bar);
    let live_line = app
        .live
        .as_ref()
        .filter(|_| app.screen == Screen::Incident)
        .and_then(|l| {
            let max_w = (area.width as usize).saturating_sub(right.width() + 1);
            live_status(app, l, max_w)
        });
    let left: Line = if let Some(l) = live_line {
        l
    } else {
        match app.prompt {
            Some(Prompt::Search) => {
                let q = app.search.as_ref().map_or("", |s| s.query.as_str());
                let mut spans = vec![
                    Span::styled("/", t.header),
                    Span::raw(q.to_string()),
                    Span::styled("▏", t.header),
                ];
                if q.is_empty() {
                    let what = if app.screen == Screen::List {
                        "search the events of all incidents"
                    } else {
                        "search event text, kinds, authors"
                    };
                    spans.push(Span::styled(
                        format!("{what} · Enter keeps · Esc cancels · ↑↓ matches"),
                        t.dim,
                    ));
                }
                Line::from(spans)
            }
            Some(Prompt::Filter) => Line::from(vec![
                Span::styled("filter: ", t.header),
                Span::raw(app.list.filter.clone()),
                Span::styled("▏", t.header),
            ]),
            None => match (
                &app.message,
                app.live.as_ref().and_then(|l| outbox_status(app, l)),
            ) {
                (_, Some(waiting)) => waiting,
                (Some(m), None) => Line::from(Span::styled(m.clone(), t.warning)),
                (None, None) => {
                    let w = (area.width as usize).saturating_sub(right.width() + 1);
                    Line::from(Span::raw(super::keys::footer(
                        super::keys::contexts_of(app),
                        w,
                    )))
                }
            },
        }
    };
    let right_w = right.width() as u16;
    let left_w = area.width.saturating_sub(right_w + 1);
    let left_area = Rect {
        width: left_w,
        ..area
    };
    frame.render_widget(
        Paragraph::new(truncate_line(left, left_w as usize)).style(t.status_bar),
        left_area,
    );
    if right_w > 0 && right_w < area.width {
        frame.buffer_mut().set_stringn(
            area.right() - right_w,
            area.y,
            &right,
            right_w as usize,
            t.status_bar,
        );
    }
}

/// Draw a horizontal rule across the top row of `area`; the rows below it are returned.
pub fn below_rule(frame: &mut Frame, area: Rect, style: Style) -> Rect {
    frame.buffer_mut().set_stringn(
        area.x,
        area.y,
        "─".repeat(area.width as usize),
        area.width as usize,
        style,
    );
    below_first_row(area)
}

/// The rows of `area` under its first one (a header or a rule).
pub fn below_first_row(area: Rect) -> Rect {
    Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    }
}

/// Cut a line of spans to `width` columns, ending in `…` when cut. Reads no further into the
/// spans than the width needs.
pub fn truncate_line(line: Line<'_>, width: usize) -> Line<'static> {
    let mut total = 0usize;
    let mut fits = true;
    for s in &line.spans {
        let (head, cut) = visible_prefix(&s.content, width + 1 - total.min(width + 1));
        total += head.width();
        if cut || total > width {
            fits = false;
            break;
        }
    }
    let style = line.style;
    if fits {
        let spans: Vec<Span<'static>> = line
            .spans
            .into_iter()
            .map(|s| Span::styled(s.content.into_owned(), s.style))
            .collect();
        return Line::from(spans).style(style);
    }
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut left = width.saturating_sub(1);
    let mut last_style = Style::default();
    for s in line.spans {
        if left == 0 {
            break;
        }
        let (head, _) = visible_prefix(&s.content, left + 1);
        let w = head.width();
        last_style = s.style;
        if w <= left && head.len() == s.content.len() {
            left -= w;
            out.push(Span::styled(s.content.into_owned(), s.style));
        } else {
            let mut cut = String::new();
            let mut cw = 0;
            for c in head.chars() {
                let x = c.width().unwrap_or(0);
                if cw + x > left {
                    break;
                }
                cut.push(c);
                cw += x;
            }
            out.push(Span::styled(cut, s.style));
            left = 0;
        }
    }
    if width > 0 {
        out.push(Span::styled("…", last_style));
    }
    Line::from(out).style(style)
}

/// The part of `text` a row of `width` columns shows so that the first match (at the char
/// `indices`, sorted) is whole: the text itself when the match is near its start, else `…`
/// and the text from a word start shortly before the match. Returns the excerpt (line breaks
/// as spaces) and the indices moved with it.
pub fn around_match(text: &str, indices: &[usize], width: usize) -> (String, Vec<usize>) {
    let flat = |s: &str| -> String {
        s.chars()
            .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
            .collect()
    };
    let Some(&first) = indices.first() else {
        return (flat(text), Vec::new());
    };
    let chars: Vec<char> = text.chars().take(first + width.max(1) * 2).collect();
    // The matched word: from the first highlighted char to the end of its word.
    let mut end = first;
    while end + 1 < chars.len() && !chars[end + 1].is_whitespace() {
        end += 1;
    }
    if UnicodeWidthStr::width(
        chars[..=end.min(chars.len().saturating_sub(1))]
            .iter()
            .collect::<String>()
            .as_str(),
    ) < width.saturating_sub(1)
    {
        return (flat(text), indices.to_vec());
    }
    // Words before the match: what is left of the row, less room for some text after it.
    let word = end + 1 - first;
    let left = width.saturating_sub(word + 1);
    let after = text.chars().skip(end + 1).take(left / 3).count();
    let context = left - after;
    let mut start = first.saturating_sub(context);
    if let Some(space) = (start..first).find(|&i| chars[i].is_whitespace()) {
        start = space + 1;
    }
    let rest: String = text.chars().skip(start).collect();
    let excerpt = format!("…{}", flat(&rest));
    let moved = indices
        .iter()
        .filter(|&&i| i >= start)
        .map(|&i| i - start + 1)
        .collect();
    (excerpt, moved)
}

/// Spans of `text` with the characters at `indices` (char indices, sorted) highlighted.
pub fn highlight(text: &str, indices: &[usize], base: Style, hl: Style) -> Vec<Span<'static>> {
    if indices.is_empty() {
        return vec![Span::styled(text.to_string(), base)];
    }
    let mut spans = Vec::new();
    let mut cur = String::new();
    let mut cur_hl = false;
    let mut next = indices.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        let is_hl = next.peek().is_some_and(|&&n| n == i);
        if is_hl {
            next.next();
        }
        if is_hl != cur_hl && !cur.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut cur),
                if cur_hl { base.patch(hl) } else { base },
            ));
        }
        cur_hl = is_hl;
        cur.push(c);
    }
    if !cur.is_empty() {
        spans.push(Span::styled(
            cur,
            if cur_hl { base.patch(hl) } else { base },
        ));
    }
    spans
}

/// Paint a vertical scrollbar: `pos` of `len` items with `visible` on screen.
pub fn scrollbar(
    frame: &mut Frame,
    area: Rect,
    pos: usize,
    visible: usize,
    len: usize,
    style: Style,
) {
    if len <= visible || area.height == 0 {
        return;
    }
    use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};
    let mut state = ScrollbarState::new(len.saturating_sub(visible))
        .position(pos)
        .viewport_content_length(visible);
    frame.render_stateful_widget(
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"))
            .thumb_symbol("█")
            .style(style),
        area,
        &mut state,
    );
}

/// Word-wrap styled text to `width` columns; continuation lines start with `indent` spaces.
pub fn wrap_spans(spans: Vec<Span<'static>>, width: usize, indent: usize) -> Vec<Line<'static>> {
    let width = width.max(indent + 8);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut cur: Vec<Span<'static>> = Vec::new();
    let mut cur_w = 0usize;
    for span in spans {
        // Words with their trailing spaces, so spacing is kept as written.
        let mut rest: &str = &span.content;
        while !rest.is_empty() {
            let end = rest
                .char_indices()
                .skip_while(|(_, c)| *c == ' ')
                .find(|(_, c)| *c == ' ')
                .map_or(rest.len(), |(i, _)| i);
            let end = rest[end..]
                .char_indices()
                .find(|(_, c)| *c != ' ')
                .map_or(rest.len(), |(i, _)| end + i);
            let word = &rest[..end];
            rest = &rest[end..];
            let ww = word.trim_end().width();
            if cur_w + ww > width && cur_w > indent {
                lines.push(Line::from(std::mem::take(&mut cur)));
                cur.push(Span::raw(" ".repeat(indent)));
                cur_w = indent;
                let word = word.trim_start();
                cur.push(Span::styled(truncate(word, width - indent), span.style));
                cur_w += word.width();
            } else {
                cur.push(Span::styled(
                    if ww > width {
                        truncate(word, width)
                    } else {
                        word.to_string()
                    },
                    span.style,
                ));
                cur_w += word.width();
            }
        }
    }
    if !cur.is_empty() {
        lines.push(Line::from(cur));
    }
    lines
}
