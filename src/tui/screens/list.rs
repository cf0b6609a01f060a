//! The incident list: a sortable, filterable table; files that failed to load are error rows.
//! With a search over all incidents, the matching events replace the table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::Screen;
use crate::analysis::format_duration;
use crate::model::Timestamp;
use crate::model::text::clean_line;
use crate::tui::app::{Action, App, Doc, Entry, Prompt, Scope, keep_visible, step};
use crate::tui::command::Command;
use crate::tui::keys::Context;
use crate::tui::search::{filter_matches, positions, title_positions};
use crate::tui::view::layout::SortKey;
use crate::tui::view::layout::{self, ListColumn, list_widths_for};
use crate::tui::view::{
    below_first_row, highlight, scrollbar, status_bar, truncate, truncate_line,
};

/// The keys of the list.
pub const CONTEXT: Context = Context::List;
/// Its keys, then the keys that work everywhere.
pub const CONTEXTS: &[Context] = &[CONTEXT, Context::Global];

#[derive(Clone, Debug)]
pub struct ListState {
    pub sort: ListColumn,
    pub descending: bool,
    pub filter: String,
    /// Entry indexes shown, in order.
    pub view: Vec<usize>,
    pub selected: usize,
    pub scroll: usize,
    /// The widest cell of each column over the rows of `view` (see [`cell_widths`]).
    pub widest: [u16; 7],
}

/// The list's own actions: sorting, filtering, opening.
pub fn update(app: &mut App, action: &Action) -> Option<Vec<Command>> {
    match action {
        Action::Open => app.open_selected(),
        Action::StartFilter => app.prompt = Some(Prompt::Filter),
        Action::SortNext => app.sort_by(app.list.sort.next(), None),
        Action::SortPrev => app.sort_by(app.list.sort.prev(), None),
        Action::SortReverse => {
            let d = !app.list.descending;
            app.sort_by(app.list.sort, Some(d))
        }
        Action::OpenStats => super::stats::open(app),
        _ => return None,
    }
    Some(Vec::new())
}

/// Rows of the table (or of the search results) on screen.
fn table_height(app: &App) -> usize {
    layout::list(app.area(), app).table.height.saturating_sub(1) as usize
}

pub fn page(app: &App) -> usize {
    table_height(app)
}

pub fn move_by(app: &mut App, delta: isize) {
    if let Some(s) = app.search.as_mut().filter(|s| s.scope == Scope::All)
        && !s.query.is_empty()
    {
        s.selected = step(s.selected, delta, s.hits().len());
    } else {
        app.list.selected = step(app.list.selected, delta, app.list.view.len());
    }
}

pub fn fix_scroll(app: &mut App) {
    let h = table_height(app);
    let l = &mut app.list;
    l.selected = l.selected.min(l.view.len().saturating_sub(1));
    l.scroll = keep_visible(l.scroll, l.selected, h, l.view.len());
    if let Some(s) = app.search.as_mut().filter(|s| s.scope == Scope::All) {
        let n = s.hits().len();
        s.selected = s.selected.min(n.saturating_sub(1));
        s.scroll = keep_visible(s.scroll, s.selected, h, n);
    }
}

/// A click on a header sorts by that column; on a row selects it, a second click opens it.
pub fn click(app: &mut App, x: u16, y: u16) {
    let l = layout::list(app.area(), app);
    if !l.table.contains((x, y).into()) {
        return;
    }
    if y == l.table.y {
        if app.active_search().is_none()
            && let Some(col) = layout::list_column_at(
                list_widths_for(l.table.width, &app.list.widest),
                x - l.table.x,
            )
        {
            let desc = (col == app.list.sort).then_some(!app.list.descending);
            app.sort_by(col, desc);
        }
        return;
    }
    let row = (y - l.table.y - 1) as usize;
    if let Some(s) = app.search.as_mut().filter(|s| s.scope == Scope::All)
        && !s.query.is_empty()
    {
        let i = s.scroll + row;
        if i < s.hits().len() {
            let again = s.selected == i;
            s.selected = i;
            if again {
                app.open_selected();
            }
        }
        return;
    }
    let i = app.list.scroll + row;
    if i < app.list.view.len() {
        let again = app.list.selected == i;
        app.list.selected = i;
        if again {
            app.open_selected();
        }
    }
}

impl App {
    /// Re-filter and re-sort the list, keeping the selected entry when it stays visible.
    pub(crate) fn refresh_list(&mut self) {
        let keep = self.list.view.get(self.list.selected).copied();
        let query = crate::search::Query::parse(self.list.filter.trim());
        let mut matcher = crate::search::Matcher::new();
        let mut docs: Vec<usize> = Vec::new();
        let mut failed: Vec<usize> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let text = match e {
                Entry::Doc(d) => d.filter_text.as_str(),
                Entry::Failed { path, .. } => path.as_str(),
            };
            if !filter_matches(&query, text, &mut matcher) {
                continue;
            }
            match e {
                Entry::Doc(_) => docs.push(i),
                Entry::Failed { .. } => failed.push(i),
            }
        }
        let col = self.list.sort;
        // Keys first, in one pass: comparing the incidents themselves reads memory all over
        // a large corpus (80 ms for 10,000 incidents; the keys sort in a few).
        let mut keyed: Vec<(SortKey, &str, usize)> = docs
            .iter()
            .map(|&i| {
                let d = self.doc(i).expect("doc");
                (col.sort_key(d), d.incident.title.as_str(), i)
            })
            .collect();
        keyed.sort_by(|a, b| {
            let ord = a.0.cmp(&b.0);
            let ord = if self.list.descending {
                ord.reverse()
            } else {
                ord
            };
            ord.then_with(|| a.1.cmp(b.1))
        });
        let mut docs: Vec<usize> = keyed.iter().map(|&(_, _, i)| i).collect();
        docs.extend(failed);
        let mut widest = [0u16; 7];
        for &i in &docs {
            let w = match &self.entries[i] {
                Entry::Doc(d) => d.cell_widths,
                Entry::Failed { .. } => FAILED_WIDTHS,
            };
            for (m, c) in widest.iter_mut().zip(w) {
                *m = (*m).max(c);
            }
        }
        self.list.widest = widest;
        self.list.view = docs;
        self.list.selected = keep
            .and_then(|k| self.list.view.iter().position(|&v| v == k))
            .unwrap_or(0);
    }

    /// [`App::refresh_list`] for rows that arrive by themselves (files loading, a new file in a
    /// watched folder): the selected incident stays selected on the same row of the screen, the
    /// rows arriving above it scrolled out of view rather than pushing it down, so what the
    /// person is looking at stays where it is.
    pub(crate) fn refresh_list_in_place(&mut self) {
        let shown = self.list.view.get(self.list.selected).copied();
        let row = self.list.selected.saturating_sub(self.list.scroll);
        self.refresh_list();
        if let Some(pos) = shown.and_then(|e| self.list.view.iter().position(|&v| v == e)) {
            self.list.selected = pos;
            self.list.scroll = pos.saturating_sub(row);
        }
    }

    pub(crate) fn sort_by(&mut self, col: ListColumn, descending: Option<bool>) {
        if self.screen != Screen::List {
            return;
        }
        self.list.descending = descending.unwrap_or(if col == self.list.sort {
            self.list.descending
        } else {
            col.default_descending()
        });
        self.list.sort = col;
        self.refresh_list();
    }

    pub(crate) fn open_selected(&mut self) {
        if self.screen != Screen::List {
            return;
        }
        if let Some(s) = self.search.as_ref().filter(|s| s.scope == Scope::All)
            && !s.query.is_empty()
        {
            if let Some(&(entry, event)) = s.hits().get(s.selected) {
                let query = s.query.clone();
                self.open_hit(entry as usize, event as usize, query);
            }
            return;
        }
        match self.list.view.get(self.list.selected).copied() {
            Some(i) if self.doc(i).is_some() => self.open(i),
            Some(_) => {
                self.message = Some(
                    "This file did not load; the message above says why. Fix it and press e."
                        .into(),
                )
            }
            None => {}
        }
    }
}

/// Draw the list (or the search results over all incidents).
pub fn render(frame: &mut Frame, area: Rect, app: &App, now: Timestamp) {
    let areas = layout::list(area, app);
    title(app, frame, areas.title, now);
    let searching = app
        .search
        .as_ref()
        .is_some_and(|s| s.scope == Scope::All && !s.query.is_empty());
    if searching {
        results(app, frame, areas.table);
    } else {
        table(app, frame, areas.table);
    }
    detail(app, frame, areas.detail);
    let right = match app.match_position() {
        Some((i, n)) => format!(" {i}/{n} matches "),
        None if app.list.view.is_empty() => String::new(),
        None => format!(" {}/{} ", app.list.selected + 1, app.list.view.len()),
    };
    status_bar(app, frame, areas.status, right);
}

fn title(app: &App, frame: &mut Frame, area: Rect, now: Timestamp) {
    let t = &app.theme;
    let docs = app.entries.iter().filter(|e| e.doc().is_some()).count();
    let failed = app.entries.len() - docs;
    let mut spans = vec![
        Span::styled(" retrace ", t.title),
        Span::styled(
            format!("{docs} incident{}", if docs == 1 { "" } else { "s" }),
            t.text,
        ),
    ];
    if failed > 0 {
        spans.push(Span::styled(format!(" · {failed} failed to load"), t.error));
    }
    match app.loading {
        Some(p) if p.total == 0 && p.read == 0 => {
            spans.push(Span::styled(" · loading: finding files…", t.header))
        }
        Some(p) => spans.push(Span::styled(
            format!(
                " · loading: {}/{} files read, {} error{}",
                p.read,
                p.total,
                p.errors,
                if p.errors == 1 { "" } else { "s" }
            ),
            t.header,
        )),
        None => {}
    }
    // How long the load has run, once it takes a while (one large file: the count waits).
    if app.loading.is_some()
        && let Some(since) = app.loading_since
        && (now - since).num_seconds() >= 2
    {
        spans.push(Span::styled(
            format!(" · {} s", (now - since).num_seconds()),
            t.header,
        ));
    }
    if !app.list.filter.is_empty() {
        spans.push(Span::styled(
            format!(
                " · filter “{}” ({} shown)",
                app.list.filter,
                app.list.view.len()
            ),
            t.header,
        ));
    }
    if app.samples {
        spans.push(Span::styled(
            " · bundled samples: open your own with `retrace PATH`",
            t.warning,
        ));
    }
    frame.render_widget(
        Paragraph::new(truncate_line(Line::from(spans), area.width as usize)),
        area,
    );
}

/// The display width of each cell of an incident's row.
pub fn cell_widths(doc: &Doc) -> [u16; 7] {
    cells(doc).map(|c| c.width().min(usize::from(u16::MAX)) as u16)
}

/// The display width of each cell of a failed file's row (as [`table`] draws it), but the
/// title's: the message of a file that did not load is read whole below the table, and would
/// otherwise spread every row of the list apart.
const FAILED_WIDTHS: [u16; 7] = [1, 5, 0, 10, 0, 0, 0];

/// The file name of a failed file's path.
fn failed_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// Cells of one incident row.
fn cells(doc: &Doc) -> [String; 7] {
    let inc = &doc.incident;
    let d = &doc.analysis.durations;
    let dur = |x: Option<chrono::Duration>| x.map_or("—".to_string(), format_duration);
    let detour = if d.detour.is_zero() {
        "—".to_string()
    } else {
        match d.detour_share {
            Some(s) => format!("{} {:.0}%", format_duration(d.detour), s * 100.0),
            None => format_duration(d.detour),
        }
    };
    let date = if inc.undated {
        "undated".to_string()
    } else {
        inc.date
            .or_else(|| doc.first_at.map(|at| at.date_naive()))
            .map_or("—".into(), |d| d.to_string())
    };
    [
        date,
        inc.severity.as_ref().map_or("—".into(), |s| s.0.clone()),
        inc.title.clone(),
        doc.status.as_str().to_string(),
        dur(d.ttd),
        dur(d.ttr),
        detour,
    ]
}

fn table(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let widths = list_widths_for(area.width, &app.list.widest);
    // Header with the sort marker.
    let header: Vec<Line> = ListColumn::ALL
        .iter()
        .map(|c| {
            let mark = if *c == app.list.sort {
                if app.list.descending { " ▼" } else { " ▲" }
            } else {
                ""
            };
            let style = if *c == app.list.sort {
                t.header.add_modifier(Modifier::UNDERLINED)
            } else {
                t.header
            };
            Line::from(Span::styled(format!("{}{mark}", c.header()), style))
        })
        .collect();
    draw_cells(frame, area, area.y, widths, header, t.text);
    let h = area.height.saturating_sub(1) as usize;
    if app.list.view.is_empty() {
        let msg = if app.entries.is_empty() && app.loading.is_some() {
            // Not "none found" while the first files are still being read (a large one takes
            // seconds).
            "Reading the incident files…"
        } else if app.entries.is_empty() {
            "No incident files found. Open some with `retrace PATH…` (YAML or Markdown)."
        } else {
            "Nothing matches the filter. Esc clears it."
        };
        frame.buffer_mut().set_stringn(
            area.x + 1,
            area.y + 1,
            msg,
            area.width.saturating_sub(2) as usize,
            t.dim,
        );
        return;
    }
    let filter = crate::search::Query::parse(app.list.filter.trim());
    for (row, &ei) in app
        .list
        .view
        .iter()
        .enumerate()
        .skip(app.list.scroll)
        .take(h)
    {
        let y = area.y + 1 + (row - app.list.scroll) as u16;
        let row_style = if row == app.list.selected {
            t.selected
        } else {
            t.text
        };
        let cells: Vec<Line> = match &app.entries[ei] {
            Entry::Doc(doc) => {
                let c = cells(doc);
                let level = doc.incident.severity.as_ref().and_then(|s| s.level());
                let title = if filter.is_empty() {
                    Line::from(c[2].clone())
                } else {
                    let at = title_positions(&filter, &doc.filter_text, &c[2]);
                    Line::from(highlight(&c[2], &at, t.text, t.matched))
                };
                let detour_style = if doc.analysis.durations.detour.is_zero() {
                    t.dim
                } else {
                    t.detour
                };
                vec![
                    Line::styled(c[0].clone(), t.time),
                    Line::styled(c[1].clone(), t.severity(level)),
                    title,
                    Line::styled(c[3].clone(), t.text),
                    Line::styled(c[4].clone(), t.text),
                    Line::styled(c[5].clone(), t.text),
                    Line::styled(c[6].clone(), detour_style),
                ]
            }
            Entry::Failed { path, message } => {
                let name = failed_name(path);
                vec![
                    Line::styled("—", t.dim),
                    Line::styled("ERROR", t.error),
                    Line::from(vec![
                        Span::styled(format!("✗ {name}: "), t.error),
                        Span::styled(message.clone(), t.text),
                    ]),
                    Line::styled("not loaded", t.error),
                    Line::default(),
                    Line::default(),
                    Line::default(),
                ]
            }
        };
        draw_cells(frame, area, y, widths, cells, row_style);
    }
    scrollbar(
        frame,
        below_first_row(area),
        app.list.scroll,
        h,
        app.list.view.len(),
        t.border,
    );
}

/// One table row: the row style across the width, each cell cut to its column.
fn draw_cells(
    frame: &mut Frame,
    area: Rect,
    y: u16,
    widths: [u16; 7],
    cells: Vec<Line<'static>>,
    row_style: ratatui::style::Style,
) {
    let r = Rect {
        y,
        height: 1,
        ..area
    };
    frame.buffer_mut().set_style(r, row_style);
    let mut x = area.x + 1;
    for (w, cell) in widths.iter().zip(cells) {
        if *w == 0 {
            continue;
        }
        if x >= area.right() {
            break;
        }
        let w = (*w).min(area.right() - x);
        frame
            .buffer_mut()
            .set_line(x, y, &truncate_line(cell, w as usize), w);
        x = x.saturating_add(w + 1);
    }
}

/// A search result's event as the event index holds it (text, kind, author, time): the list's
/// incidents keep no timeline, which is read again when an incident is opened (issue 10).
struct IndexedEvent<'a> {
    text: &'a str,
    kind: &'static str,
    author: Option<&'a str>,
    at: crate::model::Timestamp,
}

impl<'a> IndexedEvent<'a> {
    /// Line `line` of `index`, if it has one.
    fn of(index: &'a crate::search::Index, line: crate::search::LineId) -> Option<Self> {
        ((line as usize) < index.len()).then(|| IndexedEvent {
            text: index.text(line),
            kind: index.kind(line),
            author: index.author(line),
            at: index.time(line),
        })
    }
}

/// Search results over all incidents: one row per matching event.
fn results(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let Some(s) = app.search.as_ref() else { return };
    let hits = s.hits();
    let query = crate::search::Query::parse(&s.query);
    let header = match s.progress {
        None if app.index.is_none() => format!(
            " the search over all incidents starts when loading is done — “{}”",
            clean_line(&s.query)
        ),
        None => format!(" searching all incidents for “{}”…", clean_line(&s.query)),
        Some(p) if !p.done => format!(
            " matched {} · scanned {}/{} — “{}”",
            p.matched,
            p.scanned,
            p.total,
            clean_line(&s.query)
        ),
        Some(p) => {
            let shown = if p.matched > hits.len() {
                format!(" (best {} shown)", hits.len())
            } else {
                String::new()
            };
            // While files load, each batch's events are searched as it arrives.
            let scope = if app.loading.is_some() {
                "so far (loading)"
            } else {
                "in all incidents"
            };
            format!(
                " {} events match “{}” {scope}{shown} — Enter opens one",
                p.matched,
                clean_line(&s.query)
            )
        }
    };
    frame
        .buffer_mut()
        .set_stringn(area.x, area.y, header, area.width as usize, t.header);
    let h = area.height.saturating_sub(1) as usize;
    for (row, (&(ei, _), &line)) in hits.iter().zip(&s.lines).enumerate().skip(s.scroll).take(h) {
        let y = area.y + 1 + (row - s.scroll) as u16;
        let Some(doc) = app.doc(ei as usize) else {
            continue;
        };
        // The event as the index holds it: the list's incidents keep no timeline (issue 10).
        let Some(e) = app
            .index
            .as_ref()
            .and_then(|ix| IndexedEvent::of(&ix.index, line))
        else {
            continue;
        };
        let selected = row == s.selected;
        let base = if selected { t.selected } else { t.text };
        // Narrow terminals: a shorter title and date, no kind column; the text comes first.
        let roomy = area.width >= 110;
        let title_w = if roomy {
            (area.width / 3).clamp(10, 40)
        } else {
            (area.width / 4).clamp(8, 24)
        } as usize;
        let when = if doc.incident.undated {
            e.at.format("%H:%M").to_string()
        } else if roomy {
            e.at.format("%Y-%m-%d %H:%M").to_string()
        } else {
            e.at.format("%m-%d %H:%M").to_string()
        };
        let mut spans = vec![
            Span::styled(
                format!(
                    "{:<w$} ",
                    truncate(&doc.incident.title, title_w),
                    w = title_w
                ),
                t.dim,
            ),
            Span::styled(format!("{when} "), t.time),
        ];
        if roomy {
            spans.push(Span::styled(format!("{:<13} ", e.kind), t.dim));
        }
        // The text around the match, so the matched word is never cut off.
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        let (shown, _) = crate::tui::view::visible_prefix(e.text, 4096);
        let matched = app
            .index
            .as_ref()
            .map(|ix| positions(&ix.index, line, &query, shown))
            .unwrap_or_default();
        let (excerpt, indices) = crate::tui::view::around_match(
            shown,
            &matched,
            (area.width as usize).saturating_sub(used + 1),
        );
        spans.extend(highlight(&excerpt, &indices, t.text, t.matched));
        let r = Rect::new(area.x, y, area.width, 1);
        frame.buffer_mut().set_style(r, base);
        frame.render_widget(
            Paragraph::new(truncate_line(Line::from(spans), area.width as usize)),
            r,
        );
    }
    if hits.is_empty() && s.progress.is_some_and(|p| p.done) {
        frame.buffer_mut().set_stringn(
            area.x + 1,
            area.y + 1,
            "No event matches. Backspace edits the query; Esc clears it.",
            area.width.saturating_sub(2) as usize,
            t.dim,
        );
    }
    scrollbar(
        frame,
        below_first_row(area),
        s.scroll,
        h,
        hits.len(),
        t.border,
    );
}

/// Below the table: the selected incident's summary, or why a file failed.
fn detail(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let inner = crate::tui::view::below_rule(frame, area, t.border);
    let entry = if app
        .search
        .as_ref()
        .is_some_and(|s| s.scope == Scope::All && !s.query.is_empty())
    {
        app.search
            .as_ref()
            .and_then(|s| s.hits().get(s.selected))
            .map(|h| h.0 as usize)
    } else {
        app.list.view.get(app.list.selected).copied()
    };
    // A search result: the matched event, whole, with its incident.
    if let Some(s) = app
        .search
        .as_ref()
        .filter(|s| s.scope == Scope::All && !s.query.is_empty())
        && let Some(&(ei, _)) = s.hits().get(s.selected)
        && let Some(&line) = s.lines.get(s.selected)
        && let Some(ix) = app.index.as_ref()
        && let Some(doc) = app.doc(ei as usize)
        && let Some(e) = IndexedEvent::of(&ix.index, line)
    {
        let when = if doc.incident.undated {
            e.at.format("%H:%M").to_string()
        } else {
            e.at.format("%Y-%m-%d %H:%M %:z").to_string()
        };
        let mut head = vec![
            Span::styled(doc.incident.title.clone(), t.title),
            Span::styled(format!(" · {when}"), t.time),
            Span::styled(format!(" · {}", e.kind), t.dim),
        ];
        if let Some(a) = e.author {
            head.push(Span::styled(format!(" · by {a}"), t.header));
        }
        // As much of the text as the area can hold.
        let cols = inner.width as usize * inner.height as usize;
        let (shown, cut) = crate::tui::view::visible_prefix(e.text, cols);
        let query = crate::search::Query::parse(&s.query);
        let mut text = highlight(
            shown,
            &positions(&ix.index, line, &query, shown),
            t.text,
            t.matched,
        );
        if cut {
            text.push(Span::styled("…", t.dim));
        }
        let lines = vec![
            truncate_line(Line::from(head), inner.width as usize),
            Line::from(text),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        return;
    }
    let Some(entry) = entry.and_then(|i| app.entries.get(i)) else {
        return;
    };
    let lines: Vec<Line> = match entry {
        Entry::Doc(doc) => {
            let inc = &doc.incident;
            let mut first = vec![Span::styled(doc.source.label(), t.dim)];
            if !inc.services.is_empty() {
                first.push(Span::styled(
                    format!(" · {}", inc.services.join(", ")),
                    t.text,
                ));
            }
            first.push(Span::styled(
                format!(
                    " · {} event{}, {} detour{}",
                    doc.event_count,
                    if doc.event_count == 1 { "" } else { "s" },
                    doc.analysis.detours.len(),
                    if doc.analysis.detours.len() == 1 {
                        ""
                    } else {
                        "s"
                    }
                ),
                t.dim,
            ));
            let mut v = vec![Line::from(first)];
            if let Some(s) = inc.summary.as_deref().or(inc.impact.as_deref()) {
                v.push(Line::from(Span::raw(s.replace('\n', " "))));
            }
            for w in &doc.warnings {
                v.push(Line::from(Span::styled(format!("⚠ {w}"), t.warning)));
            }
            v
        }
        Entry::Failed { path, message } => vec![
            Line::from(Span::styled(format!("✗ {path}"), t.error)),
            Line::from(Span::raw(message.clone())),
        ],
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}
