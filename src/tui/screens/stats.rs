//! The stats screen (`S` from the list): patterns across the loaded incidents — each duration's
//! distribution and log-scale histogram, detours, and the splits by severity and by service.
//!
//! State, update and render only: the patterns are computed from the incidents when the screen
//! opens ([`StatsState::new`]), and kept until the incidents change (opening it again costs
//! nothing then); the report's sections are laid out once for the screen's width
//! ([`fix_scroll`], after every update), so scrolling and each frame only pick the visible
//! lines; the shared moves scroll the report ([`move_by`], [`page`],
//! [`fix_scroll`]); [`update`] closes it; [`render`] draws the report from the state and the
//! theme ([`draw_report`]) under the shared status bar. Narrow terminals show the sections one
//! under the other; from [`TWO_COLUMNS`] columns on, durations and histograms on the left,
//! detours and splits on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Screen;
use crate::analysis::{Analysis, Patterns, Split, patterns};
use crate::chart::{ReportOptions, Section, Tone, report};
use crate::model::{Incident, Timestamp};
use crate::tui::app::{Action, App};
use crate::tui::command::Command;
use crate::tui::keys::Context;
use crate::tui::theme::Theme;
use crate::tui::view::status_bar;

/// The keys of the stats screen.
pub const CONTEXT: Context = Context::Stats;
/// Its keys, then the keys that work everywhere.
pub const CONTEXTS: &[Context] = &[CONTEXT, Context::Global];

/// From this width the report is laid out in two columns.
pub const TWO_COLUMNS: u16 = 150;

/// What the stats screen shows and where it is scrolled to.
#[derive(Clone, Debug, PartialEq)]
pub struct StatsState {
    pub patterns: Patterns,
    /// First line shown (of the longer column when there are two).
    pub scroll: usize,
    /// The report laid out for a screen width: that width and each column's sections (see
    /// [`StatsState::lay_out`]); `None` until laid out.
    report: Option<(u16, Vec<Vec<Section>>)>,
    /// [`App::corpus_version`] of the incidents the patterns are of.
    version: u64,
}

impl StatsState {
    /// The patterns of `incidents`, scrolled to the top.
    pub fn new<'a>(incidents: impl IntoIterator<Item = (&'a Incident, &'a Analysis)>) -> Self {
        StatsState {
            patterns: patterns(incidents),
            scroll: 0,
            report: None,
            version: 0,
        }
    }

    /// Lay the report out for a screen `area` unless it already is for its width (cost: the
    /// report's lines — the groups, not the incidents).
    pub fn lay_out(&mut self, area: Rect) {
        if self.report.as_ref().is_none_or(|(w, _)| *w != area.width) {
            let (columns, _) = layout(area);
            self.report = Some((area.width, column_sections(&self.patterns, &columns)));
        }
    }

    /// Each column's sections for a screen `area`: laid out already, or now.
    fn columns(&self, area: Rect) -> std::borrow::Cow<'_, [Vec<Section>]> {
        match &self.report {
            Some((w, parts)) if *w == area.width => std::borrow::Cow::Borrowed(parts),
            _ => std::borrow::Cow::Owned(column_sections(&self.patterns, &layout(area).0)),
        }
    }

    /// The last scroll position that still fills the body of a screen `area`.
    fn max_scroll(&self, area: Rect) -> usize {
        let longest = self
            .columns(area)
            .iter()
            .map(|s| rows(s))
            .max()
            .unwrap_or(0);
        longest.saturating_sub(body_rows(area))
    }
}

/// Rows of the report body on a screen `area` (a title line above it, the status bar below).
fn body_rows(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(2)).max(1)
}

/// Open the stats screen over the loaded incidents (not the failed files), at the top. The
/// patterns are computed again only when the incidents changed since they were last.
pub fn open(app: &mut App) {
    let version = app.corpus_version;
    match &mut app.stats {
        Some(st) if st.version == version => st.scroll = 0,
        _ => {
            let docs = app.entries.iter().filter_map(|e| e.doc());
            let mut st = StatsState::new(docs.map(|d| (&*d.incident, &d.analysis)));
            st.version = version;
            app.stats = Some(st);
        }
    }
    app.screen = Screen::Stats;
}

/// Lines the sections take (a blank line between them, a title each).
fn rows(sections: &[Section]) -> usize {
    sections
        .iter()
        .map(|s| s.lines.len() + 2)
        .sum::<usize>()
        .saturating_sub(1)
}

/// The screen's own action: `Back` returns to the list. Scrolling comes through the shared
/// moves ([`move_by`], [`page`]); the screen never reads or writes files.
pub fn update(app: &mut App, action: &Action) -> Option<Vec<Command>> {
    match action {
        Action::Back => app.screen = Screen::List,
        _ => return None,
    }
    Some(Vec::new())
}

/// Lines a page key scrolls: the body's height less the rows a section's title and column
/// names may keep (so no line is skipped under them).
pub fn page(app: &App) -> usize {
    body_rows(app.area()).saturating_sub(2).max(1)
}

/// Scroll the report by `delta` lines ([`fix_scroll`] stops it at the last line).
pub fn move_by(app: &mut App, delta: isize) {
    if let Some(st) = &mut app.stats {
        st.scroll = st.scroll.saturating_add_signed(delta);
    }
}

/// Lay the report out for the screen's width and keep the scroll where the body is still full
/// (after every update: a move, a resize).
pub fn fix_scroll(app: &mut App) {
    let area = app.area();
    if let Some(st) = &mut app.stats {
        st.lay_out(area);
        st.scroll = st.scroll.min(st.max_scroll(area));
    }
}

/// Clicks do nothing on the report.
pub fn click(_app: &mut App, _x: u16, _y: u16) {}

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

/// Lines `skip..skip + take` of the sections as the screen shows them: when the top line is
/// inside a section, its title (and the line naming its columns, when it has one) stays on the
/// first rows, over the lines scrolling under it, while any of its lines is still in view.
fn lines<'a>(sections: &'a [Section], theme: &Theme, skip: usize, take: usize) -> Vec<Line<'a>> {
    let mut out = report_lines(sections, theme, skip, take);
    let pinned = pinned(sections, skip);
    if out.len() > pinned.len() {
        for (row, (i, line)) in pinned.into_iter().enumerate() {
            let s = &sections[i];
            out[row] = match line {
                None => Line::from(Span::styled(s.title.as_str(), theme.header)),
                Some(l) => report_lines(std::slice::from_ref(s), theme, 1 + l, 1)
                    .pop()
                    .unwrap_or_default(),
            };
        }
    }
    out
}

/// What stays on the first rows when the report is scrolled to line `skip`: (section, `None`
/// for its title or `Some(line)` for one of its lines: the column names, then the heading of
/// the group the top rows belong to), top first. Nothing when `skip` is a title or the blank
/// line before one, or when the section would have no line left in view.
fn pinned(sections: &[Section], skip: usize) -> Vec<(usize, Option<usize>)> {
    let is_heading = |l: &crate::chart::ReportLine| l.first().is_some_and(|p| p.0 == Tone::Heading);
    let mut start = 0;
    for (i, s) in sections.iter().enumerate() {
        let end = start + 1 + s.lines.len();
        if skip < start {
            break;
        }
        if skip > start && skip < end {
            let mut pins = vec![(i, None)];
            // Column names at the top row or above it would be hidden: keep them under the title.
            if let Some(h) = s.header.filter(|&h| start + 1 + h <= skip) {
                pins.push((i, Some(h)));
            }
            // The group whose rows are under the pins, unless its heading is the next line shown.
            let next = skip + pins.len() - (start + 1);
            if s.lines.get(next).is_some_and(|l| !is_heading(l))
                && let Some(g) = s.lines[..next].iter().rposition(is_heading)
            {
                pins.push((i, Some(g)));
            }
            if end > skip + pins.len() {
                return pins;
            }
            return Vec::new();
        }
        start = end + 1;
    }
    Vec::new()
}

/// Lines `skip..skip + take` of the sections (titles and blank lines between them count):
/// only those are built.
fn report_lines<'a>(
    sections: &'a [Section],
    theme: &Theme,
    skip: usize,
    take: usize,
) -> Vec<Line<'a>> {
    let style = |tone: Tone| -> Style {
        match tone {
            Tone::Heading => theme.header,
            Tone::Dim => theme.dim,
            Tone::Plain => theme.text,
            Tone::Bar => theme.milestone,
        }
    };
    let shown = skip..skip.saturating_add(take);
    let mut out = Vec::new();
    let mut row = 0;
    for (i, s) in sections.iter().enumerate() {
        if row >= shown.end {
            break;
        }
        if i > 0 {
            if shown.contains(&row) {
                out.push(Line::default());
            }
            row += 1;
        }
        if shown.contains(&row) {
            out.push(Line::from(Span::styled(s.title.as_str(), theme.header)));
        }
        row += 1;
        for l in &s.lines {
            if shown.contains(&row) {
                out.push(Line::from(
                    l.iter()
                        .map(|(tone, text)| Span::styled(text.as_str(), style(*tone)))
                        .collect::<Vec<_>>(),
                ));
            }
            row += 1;
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

/// Draw the screen into `area`: the report ([`draw_report`]) and the shared status bar, whose
/// hints come from the keymap and which says on the right which lines are shown.
pub fn render(frame: &mut Frame, area: Rect, app: &App, _now: Timestamp) {
    let Some(st) = &app.stats else { return };
    let position = draw_report(frame, area, st, &app.theme);
    let (_, status) = layout(area);
    status_bar(app, frame, status, position);
}

/// Draw the title line and the report (scrolled) into `area`, less its last line; returns the
/// position to show in the status line (`first–last/total `, empty when everything fits).
pub fn draw_report(frame: &mut Frame, area: Rect, state: &StatsState, theme: &Theme) -> String {
    if area.height < 3 {
        return String::new();
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
    let (columns, _) = layout(area);
    let body_rows = usize::from(area.height - 2);
    let parts = state.columns(area);
    let longest = parts.iter().map(|s| rows(s)).max().unwrap_or(0);
    let scroll = state.scroll.min(longest.saturating_sub(body_rows));
    for (part, col) in parts.iter().zip(&columns) {
        let visible = lines(part, theme, scroll, body_rows);
        frame.render_widget(Paragraph::new(visible), *col);
    }
    if longest > body_rows {
        format!(
            "{}–{}/{} ",
            scroll + 1,
            (scroll + body_rows).min(longest),
            longest
        )
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(title: &str, lines: usize, header: Option<usize>) -> Section {
        Section {
            title: title.into(),
            lines: (0..lines)
                .map(|i| vec![(Tone::Plain, format!("{title} {i}"))])
                .collect(),
            header,
        }
    }

    #[test]
    fn a_groups_heading_stays_over_its_rows() {
        // Rows: 0 S, 1 names, 2 g1, 3-5 rows, 6 g2, 7-9 rows.
        let mut s = section("S", 9, Some(0));
        for g in [1, 5] {
            s.lines[g] = vec![(Tone::Heading, format!("g{g}"))];
        }
        let s = [s];
        let g1 = vec![(0, None), (0, Some(0)), (0, Some(1))];
        let g2 = vec![(0, None), (0, Some(0)), (0, Some(5))];
        assert_eq!(pinned(&s, 0), vec![]);
        for skip in 1..=3 {
            assert_eq!(pinned(&s, skip), g1, "{skip}: g1's rows under the pins");
        }
        assert_eq!(pinned(&s, 4), vec![(0, None), (0, Some(0))], "g2 is next");
        assert_eq!(pinned(&s, 5), g2);
        assert_eq!(pinned(&s, 6), g2);
        assert_eq!(pinned(&s, 7), vec![], "no row would be left in view");
    }

    #[test]
    fn a_sections_title_and_column_names_stay_while_its_lines_scroll() {
        // Rows: 0 A, 1-4 A's lines (A 1 names the columns), 5 blank, 6 B, 7-9 B's lines.
        let s = [section("A", 4, Some(1)), section("B", 3, None)];
        assert_eq!(pinned(&s, 0), vec![], "the title is on the top row");
        assert_eq!(
            pinned(&s, 1),
            vec![(0, None)],
            "column names right under it"
        );
        assert_eq!(pinned(&s, 2), vec![(0, None), (0, Some(1))]);
        assert_eq!(pinned(&s, 3), vec![], "nothing of A would be left in view");
        assert_eq!(pinned(&s, 5), vec![], "the blank line before B");
        assert_eq!(pinned(&s, 6), vec![]);
        assert_eq!(pinned(&s, 7), vec![(1, None)]);
        assert_eq!(pinned(&s, 8), vec![(1, None)]);
        assert_eq!(pinned(&s, 9), vec![]);
        let theme = Theme::new(crate::tui::theme::ThemeName::Mono);
        let text = |skip| -> Vec<String> {
            lines(&s, &theme, skip, 4)
                .iter()
                .map(|l| l.to_string())
                .collect()
        };
        assert_eq!(
            text(2),
            ["A", "A 1", "A 3", ""],
            "A 2 scrolls under the names"
        );
        assert_eq!(text(7), ["B", "B 1", "B 2"]);
        // Scrolling on shows every line on the row below the pins at some point.
        let mut seen: Vec<String> = Vec::new();
        for skip in 0..10 {
            seen.extend(text(skip));
        }
        for l in ["A 0", "A 1", "A 2", "A 3", "B 0", "B 1", "B 2"] {
            assert!(seen.iter().any(|s| s == l), "{l} never shown");
        }
    }
}
