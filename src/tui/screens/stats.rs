//! The stats screen (`S` from the list): patterns across the loaded incidents — each duration's
//! distribution and log-scale histogram, detours, and the splits by severity and by service.
//!
//! State, update and render only: the patterns are computed from the incidents when the screen
//! opens ([`StatsState::new`]); [`update`] maps actions to scrolling; [`render`] reads the state
//! and the theme, nothing else. Narrow terminals show the sections one under the other; from
//! [`TWO_COLUMNS`] columns on, durations and histograms on the left, detours and splits on the
//! right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::analysis::{Analysis, Patterns, Split, patterns};
use crate::chart::{ReportOptions, Section, Tone, report};
use crate::model::Incident;
use crate::tui::app::Action;
use crate::tui::command::Command;
use crate::tui::theme::Theme;

/// From this width the report is laid out in two columns.
pub const TWO_COLUMNS: u16 = 150;

/// What the stats screen shows and where it is scrolled to.
#[derive(Clone, Debug, PartialEq)]
pub struct StatsState {
    pub patterns: Patterns,
    /// First line shown (of the longer column when there are two).
    pub scroll: usize,
    /// The terminal size (set by [`StatsState::resize`]), for paging and the last line.
    pub width: u16,
    pub height: u16,
}

impl StatsState {
    /// The patterns of `incidents`, for a terminal of `width` × `height`.
    pub fn new<'a>(
        incidents: impl IntoIterator<Item = (&'a Incident, &'a Analysis)>,
        width: u16,
        height: u16,
    ) -> Self {
        StatsState {
            patterns: patterns(incidents),
            scroll: 0,
            width,
            height,
        }
    }

    /// The terminal was resized.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
        self.scroll = self.scroll.min(self.max_scroll());
    }

    /// Rows of the report body.
    fn body_rows(&self) -> usize {
        usize::from(self.height.saturating_sub(2)).max(1)
    }

    /// The last scroll position that still fills the body.
    fn max_scroll(&self) -> usize {
        let (columns, _) = layout(Rect::new(0, 0, self.width, self.height));
        let texts = column_sections(&self.patterns, &columns);
        let longest = texts.iter().map(|s| rows(s)).max().unwrap_or(0);
        longest.saturating_sub(self.body_rows())
    }
}

/// Lines the sections take (a blank line between them, a title each).
fn rows(sections: &[Section]) -> usize {
    sections
        .iter()
        .map(|s| s.lines.len() + 2)
        .sum::<usize>()
        .saturating_sub(1)
}

/// Scroll keys move the report; everything else is not this screen's. Returns the work to do
/// outside (none: the screen never reads or writes files). `Back` is handled by the app, which
/// closes the screen.
pub fn update(state: &mut StatsState, action: &Action) -> Vec<Command> {
    let page = state.body_rows().saturating_sub(1).max(1);
    match action {
        Action::Down => state.scroll = state.scroll.saturating_add(1),
        Action::Up => state.scroll = state.scroll.saturating_sub(1),
        Action::PageDown => state.scroll = state.scroll.saturating_add(page),
        Action::PageUp => state.scroll = state.scroll.saturating_sub(page),
        Action::Top => state.scroll = 0,
        Action::Bottom => state.scroll = usize::MAX,
        Action::Scroll { down, .. } => {
            state.scroll = if *down {
                state.scroll.saturating_add(3)
            } else {
                state.scroll.saturating_sub(3)
            }
        }
        _ => {}
    }
    state.scroll = state.scroll.min(state.max_scroll());
    Vec::new()
}

/// The sections for a column of `width`.
fn sections(p: &Patterns, width: u16) -> Vec<Section> {
    report(
        p,
        ReportOptions {
            width: usize::from(width),
            splits: &[Split::Severity, Split::Service],
        },
    )
}

fn lines<'a>(sections: &'a [Section], theme: &Theme) -> Vec<Line<'a>> {
    let style = |tone: Tone| -> Style {
        match tone {
            Tone::Heading => theme.header,
            Tone::Dim => theme.dim,
            Tone::Plain => theme.text,
            Tone::Bar => theme.milestone,
        }
    };
    let mut out = Vec::new();
    for (i, s) in sections.iter().enumerate() {
        if i > 0 {
            out.push(Line::default());
        }
        out.push(Line::from(Span::styled(s.title.as_str(), theme.header)));
        for l in &s.lines {
            out.push(Line::from(
                l.iter()
                    .map(|(tone, text)| Span::styled(text.as_str(), style(*tone)))
                    .collect::<Vec<_>>(),
            ));
        }
    }
    out
}

/// The body columns of `area` (one, or two from [`TWO_COLUMNS`]) and the status line.
fn layout(area: Rect) -> (Vec<Rect>, Rect) {
    let status = Rect {
        y: area.bottom().saturating_sub(1),
        height: 1.min(area.height),
        ..area
    };
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(2),
        ..area
    };
    let columns = if area.width >= TWO_COLUMNS {
        let left = body.width / 2;
        vec![
            Rect {
                x: body.x + 1,
                width: left - 1,
                ..body
            },
            Rect {
                x: body.x + left + 1,
                width: body.width - left - 1,
                ..body
            },
        ]
    } else {
        vec![Rect {
            x: body.x + 1,
            width: body.width.saturating_sub(1),
            ..body
        }]
    };
    (columns, status)
}

/// The sections of each column: all in one, or durations and histograms left, the rest right.
fn column_sections(p: &Patterns, columns: &[Rect]) -> Vec<Vec<Section>> {
    let mut all = sections(p, columns.first().map_or(80, |c| c.width));
    if columns.len() == 2 {
        let right = all.split_off(2.min(all.len()));
        vec![all, right]
    } else {
        vec![all]
    }
}

/// Draw the screen into `area`: a title line, the report (scrolled), a hint line.
pub fn render(frame: &mut Frame, area: Rect, state: &StatsState, theme: &Theme) {
    if area.height < 3 {
        return;
    }
    let p = &state.patterns;
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" retrace ", theme.title),
            Span::styled(
                format!(
                    "patterns across {} incident{}",
                    p.incidents,
                    if p.incidents == 1 { "" } else { "s" }
                ),
                theme.text,
            ),
        ])),
        Rect { height: 1, ..area },
    );
    let (columns, status) = layout(area);
    let body_rows = usize::from(area.height - 2);
    let parts = column_sections(p, &columns);
    let longest = parts.iter().map(|s| rows(s)).max().unwrap_or(0);
    let scroll = state.scroll.min(longest.saturating_sub(body_rows));
    for (part, col) in parts.iter().zip(&columns) {
        let visible: Vec<Line> = lines(part, theme)
            .into_iter()
            .skip(scroll)
            .take(body_rows)
            .collect();
        frame.render_widget(Paragraph::new(visible), *col);
    }

    frame.buffer_mut().set_style(status, theme.status_bar);
    let hints = if area.width >= 100 {
        " j/k scroll · PgDn/PgUp page · g/G top/bottom · Esc back · ? help · q quit"
    } else {
        " j/k scroll · PgDn/PgUp · Esc back · q quit"
    };
    let position = if longest > body_rows {
        format!(
            " {}–{}/{} ",
            scroll + 1,
            (scroll + body_rows).min(longest),
            longest
        )
    } else {
        String::new()
    };
    let room = usize::from(area.width).saturating_sub(position.chars().count());
    frame
        .buffer_mut()
        .set_stringn(status.x, status.y, hints, room, theme.status_bar);
    let px = status
        .right()
        .saturating_sub(position.chars().count() as u16);
    frame
        .buffer_mut()
        .set_stringn(px, status.y, &position, position.len(), theme.status_bar);
}
