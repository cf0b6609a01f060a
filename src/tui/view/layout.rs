//! Where things go on screen: pure functions of the terminal size and the app state, shared by
//! the views (to draw) and by `update` (to scroll and to map mouse clicks).

use std::cmp::Ordering;

use ratatui::layout::{Constraint, Layout, Rect};

use crate::tui::app::{App, Doc, Pane};

/// Below this, a short "terminal too small" message instead of the UI.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this width the panes sit beside the timeline.
pub const WIDE: u16 = 120;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Columns of the incident list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListColumn {
    Date,
    Severity,
    Title,
    Status,
    Ttd,
    Ttr,
    Detour,
}

impl ListColumn {
    pub const ALL: [ListColumn; 7] = [
        ListColumn::Date,
        ListColumn::Severity,
        ListColumn::Title,
        ListColumn::Status,
        ListColumn::Ttd,
        ListColumn::Ttr,
        ListColumn::Detour,
    ];

    pub fn header(self) -> &'static str {
        match self {
            ListColumn::Date => "Date",
            ListColumn::Severity => "Sev",
            ListColumn::Title => "Title",
            ListColumn::Status => "Status",
            ListColumn::Ttd => "TTD",
            ListColumn::Ttr => "TTR",
            ListColumn::Detour => "Detours",
        }
    }

    fn index(self) -> usize {
        ListColumn::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }

    pub fn next(self) -> ListColumn {
        ListColumn::ALL[(self.index() + 1) % ListColumn::ALL.len()]
    }

    pub fn prev(self) -> ListColumn {
        ListColumn::ALL[(self.index() + ListColumn::ALL.len() - 1) % ListColumn::ALL.len()]
    }

    /// Newest, worst and longest first.
    pub fn default_descending(self) -> bool {
        matches!(
            self,
            ListColumn::Date | ListColumn::Ttd | ListColumn::Ttr | ListColumn::Detour
        )
    }

    /// Ascending order of two incidents by this column; unknown values sort last ascending.
    pub fn compare(self, a: &Doc, b: &Doc) -> Ordering {
        self.sort_key(a).cmp(&self.sort_key(b))
    }

    /// An incident's value in this column, ordered as [`ListColumn::compare`] orders: known
    /// values ascending, then unknown ones. Sorting a long list compares these (built once per
    /// incident) rather than the incidents, whose fields lie all over memory.
    pub fn sort_key(self, d: &Doc) -> SortKey {
        let known = |n: Option<i128>| SortKey {
            unknown: n.is_none(),
            number: n.unwrap_or(0),
            text: String::new(),
        };
        let text = |t: String| SortKey {
            unknown: false,
            number: 0,
            text: t,
        };
        let nanos = |d: chrono::Duration| {
            i128::from(d.num_seconds()) * 1_000_000_000 + i128::from(d.subsec_nanos())
        };
        let (inc, durations) = (&d.incident, &d.analysis.durations);
        match self {
            ListColumn::Date => known(
                d.first_at
                    .or(inc.date.map(|d| {
                        d.and_hms_opt(0, 0, 0)
                            .expect("midnight")
                            .and_utc()
                            .fixed_offset()
                    }))
                    .map(|t| {
                        i128::from(t.timestamp()) * 1_000_000_000
                            + i128::from(t.timestamp_subsec_nanos())
                    }),
            ),
            // Level 1 is the worst: ascending puts SEV1 first.
            ListColumn::Severity => known(
                inc.severity
                    .as_ref()
                    .and_then(|s| s.level())
                    .map(i128::from),
            ),
            ListColumn::Title => text(inc.title.to_lowercase()),
            ListColumn::Status => text(d.status.as_str().to_string()),
            ListColumn::Ttd => known(durations.ttd.map(nanos)),
            ListColumn::Ttr => known(durations.ttr.map(nanos)),
            ListColumn::Detour => known(Some(nanos(durations.detour))),
        }
    }
}

/// One incident's value in a list column (see [`ListColumn::sort_key`]): unknown after known,
/// then by the number (instants and durations in nanoseconds, severity levels) or the text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey {
    unknown: bool,
    number: i128,
    text: String,
}

/// Widths of the list columns for a table this wide, whatever the rows hold (the title takes
/// what is left): [`list_widths_for`] with no limit on what the columns need.
pub fn list_widths(width: u16) -> [u16; 7] {
    list_widths_for(width, &[u16::MAX; 7])
}

/// Widths of the list columns for a table `width` wide whose rows' widest cells are `widest`
/// (per column, in [`ListColumn::ALL`]'s order). Each column has its usual width; the title
/// takes what is left, up to its widest; width still left then goes to the columns whose cells
/// are cut (severity, status, detours), up to their widest; what no column needs stays at the
/// right of the table rather than spreading the rows apart.
pub fn list_widths_for(width: u16, widest: &[u16; 7]) -> [u16; 7] {
    // Date, Sev, Title, Status, TTD, TTR, Detours; one space between columns.
    let mut w = [10, 5, 0, 9, 6, 6, 10];
    if width < 70 {
        w[3] = 0; // status
        w[6] = 0; // detours
    }
    if width < 52 {
        w[4] = 0;
    }
    let fixed: u16 = w.iter().sum::<u16>() + w.iter().filter(|x| **x > 0).count() as u16;
    let rest = width.saturating_sub(fixed + 1);
    // One more column than the widest title, so it does not touch the status.
    let title = widest[2].saturating_add(1).max(8);
    w[2] = rest.min(title).max(8);
    let mut spare = rest.saturating_sub(w[2]);
    // At most this wide, however long a severity or a status is.
    const MOST: u16 = 24;
    for c in [1, 3, 6] {
        if w[c] > 0 && widest[c] > w[c] {
            let more = (widest[c].min(MOST) - w[c].min(MOST)).min(spare);
            w[c] += more;
            spare -= more;
        }
    }
    w
}

/// The column under x (relative to the table), for click-to-sort, with the widths the list is
/// drawn with ([`list_widths_for`]).
pub fn list_column_at(widths: [u16; 7], x: u16) -> Option<ListColumn> {
    let mut left = 1; // the table's left margin
    for (i, w) in widths.into_iter().enumerate() {
        if w == 0 {
            continue;
        }
        if x >= left && x < left + w + 1 {
            return Some(ListColumn::ALL[i]);
        }
        left += w + 1;
    }
    None
}

pub struct ListAreas {
    pub title: Rect,
    pub table: Rect,
    pub detail: Rect,
    pub status: Rect,
}

pub fn list(area: Rect, _app: &App) -> ListAreas {
    let detail_h = if area.height >= 20 { 5 } else { 3 };
    let [title, table, detail, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(2),
        Constraint::Length(detail_h),
        Constraint::Length(1),
    ])
    .areas(area);
    ListAreas {
        title,
        table,
        detail,
        status,
    }
}

pub struct IncidentAreas {
    pub header: Rect,
    /// Narrow: the tab bar that switches between timeline and panes.
    pub tabs: Option<Rect>,
    /// The timeline, or the pane shown instead of it (narrow).
    pub body: Rect,
    pub timeline: Option<Rect>,
    pub pane: Option<Rect>,
    pub detail: Rect,
    pub status: Rect,
}

impl IncidentAreas {
    pub fn timeline_height(&self) -> u16 {
        self.timeline.map_or(0, |t| t.height)
    }
}

/// Header lines for a terminal this tall.
pub fn header_height(height: u16) -> u16 {
    if height >= 24 {
        // Title, date and services, durations, the phase bar and its legend.
        5
    } else if height >= 16 {
        3
    } else {
        2
    }
}

pub fn incident(area: Rect, app: &App) -> IncidentAreas {
    let header_h = header_height(area.height);
    let detail_h = if area.height >= 30 {
        7
    } else if area.height >= 20 {
        5
    } else {
        3
    };
    let [header, main, detail, status] = Layout::vertical([
        Constraint::Length(header_h),
        Constraint::Min(1),
        Constraint::Length(detail_h),
        Constraint::Length(1),
    ])
    .areas(area);
    let pane = app.incident.as_ref().map_or(Pane::Timeline, |s| s.pane);
    let full_width = app.incident.as_ref().is_some_and(|s| s.full_width);
    if area.width >= WIDE && full_width {
        IncidentAreas {
            header,
            tabs: None,
            body: main,
            timeline: Some(main),
            pane: None,
            detail,
            status,
        }
    } else if area.width >= WIDE {
        let pane_w = (area.width * 7 / 20).clamp(40, 72);
        let [timeline, side] =
            Layout::horizontal([Constraint::Min(40), Constraint::Length(pane_w)]).areas(main);
        IncidentAreas {
            header,
            tabs: None,
            body: timeline,
            timeline: Some(timeline),
            pane: Some(side),
            detail,
            status,
        }
    } else {
        let [tabs, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(main);
        let timeline = (pane == Pane::Timeline).then_some(body);
        let side = (pane != Pane::Timeline).then_some(body);
        IncidentAreas {
            header,
            tabs: Some(tabs),
            body,
            timeline,
            pane: side,
            detail,
            status,
        }
    }
}

/// Tab labels in the narrow tab bar, as drawn: ` Timeline │ 1 Impact │ …`.
pub fn tab_labels() -> Vec<(Pane, String)> {
    Pane::ALL
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let label = if i == 0 {
                format!(" 0 {} ", p.title())
            } else {
                format!(" {i} {} ", p.title())
            };
            (*p, label)
        })
        .collect()
}

/// The tab under x (relative to the tab bar).
pub fn tab_at(x: u16) -> Option<Pane> {
    let mut left = 0u16;
    for (p, label) in tab_labels() {
        let w = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
        if x >= left && x < left + w {
            return Some(p);
        }
        left += w + 1;
    }
    None
}

/// Pane names above a wide pane, as drawn: ` 1 Impact  2 Root cause …`.
pub fn wide_tab_labels() -> Vec<(Pane, String)> {
    Pane::ALL
        .iter()
        .skip(1)
        .enumerate()
        // Short names: four tabs fit the narrowest side pane (40 columns).
        .map(|(i, p)| {
            let name = if *p == Pane::RootCause {
                "Cause"
            } else {
                p.title()
            };
            (*p, format!(" {} {name} ", i + 1))
        })
        .collect()
}

/// The wide pane's tab under x (relative to the pane's inner left edge).
pub fn wide_tab_at(x: u16) -> Option<Pane> {
    let mut left = 0u16;
    for (p, label) in wide_tab_labels() {
        let w = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
        if x >= left && x < left + w {
            return Some(p);
        }
        left += w;
    }
    None
}
