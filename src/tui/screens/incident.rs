//! The incident view: header (title, chips, phase bar), timeline, panes, detail, status bar.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Screen;
use crate::analysis::format_duration;
use crate::model::Timestamp;
use crate::tui::app::{Action, App, Doc, Entry, step};
use crate::tui::command::Command;
use crate::tui::keys::Context;
use crate::tui::theme::{self, outcome_words};
use crate::tui::timeline::{RowKind, TimelineLayout, offset_label};
use crate::tui::view::layout::{self, tab_labels};
use crate::tui::view::{panes, status_bar, truncate, truncate_line};
use crate::tui::widgets::{phase_bar, timeline};

/// The keys of the incident view.
pub const CONTEXT: Context = Context::Incident;
/// Its keys, then the keys that work everywhere.
pub const CONTEXTS: &[Context] = &[CONTEXT, Context::Global];

/// The panes beside (wide) or instead of (narrow) the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Timeline,
    Impact,
    RootCause,
    Actions,
    Lessons,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Timeline,
        Pane::Impact,
        Pane::RootCause,
        Pane::Actions,
        Pane::Lessons,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Timeline => "Timeline",
            Pane::Impact => "Impact",
            Pane::RootCause => "Root cause",
            Pane::Actions => "Actions",
            Pane::Lessons => "Lessons",
        }
    }

    fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// The open incident.
#[derive(Clone, Debug)]
pub struct IncidentState {
    pub entry: usize,
    pub layout: TimelineLayout,
    /// Selected event (index into the timeline).
    pub selected: usize,
    /// First row on screen.
    pub scroll: usize,
    /// The pane shown: beside the timeline when wide (never `Timeline` there),
    /// instead of it when narrow.
    pub pane: Pane,
    pub pane_scroll: u16,
    /// Every row wraps its whole text (`w`); the selected row always does.
    pub wrap: bool,
    /// The side pane hidden on a wide terminal: the timeline takes the full width (`+`).
    pub full_width: bool,
    /// Rows spaced by elapsed time (`z`): one blank line per this many seconds of silence
    /// before an event (see [`scale_unit`]).
    pub time_scale: Option<i64>,
}

/// Seconds per blank line when the timeline is drawn to scale: the incident's span over twice
/// its events (so an even pace gives two lines per event, a burst none and a long silence
/// many), at least a minute.
pub fn scale_unit(doc: &Doc) -> i64 {
    let tl = &doc.incident.timeline;
    let span = match (tl.first(), tl.last()) {
        (Some(a), Some(b)) => (b.at - a.at).num_seconds(),
        _ => 0,
    };
    (span / (2 * tl.len().max(1) as i64)).max(60)
}

/// The incident view's own actions: landmarks, the clock, panes.
pub fn update(app: &mut App, action: &Action) -> Option<Vec<Command>> {
    match action {
        Action::NextLandmark => app.landmark(true),
        Action::PrevLandmark => app.landmark(false),
        Action::ToggleZone => app.toggle_zone(),
        Action::NextPane => app.cycle_pane(1),
        Action::PrevPane => app.cycle_pane(-1),
        Action::ShowPane(p) => app.show_pane(*p),
        Action::PaneDown => app.scroll_pane(3),
        Action::PaneUp => app.scroll_pane(-3),
        Action::Present => super::present::open(app),
        Action::ToggleWrap => {
            let st = app.incident.as_mut()?;
            st.wrap = !st.wrap;
            app.message = Some(
                if st.wrap {
                    "Rows wrapped: whole text"
                } else {
                    "Rows cut to one line (the selected one is whole)"
                }
                .into(),
            );
        }
        Action::ToggleSidePane => {
            if !app.wide() {
                app.message = Some(
                    "The timeline already has the full width here (Tab shows the panes)".into(),
                );
                return Some(Vec::new());
            }
            let st = app.incident.as_mut()?;
            st.full_width = !st.full_width;
        }
        Action::ToggleTimeScale => {
            let entry = app.incident.as_ref()?.entry;
            let unit = app.doc(entry).map(scale_unit);
            let st = app.incident.as_mut()?;
            st.time_scale = match st.time_scale {
                Some(_) => None,
                None => unit,
            };
            app.message = Some(match st.time_scale {
                Some(u) => format!(
                    "Rows spaced by time: a blank line per {} of silence",
                    format_duration(chrono::Duration::seconds(u))
                ),
                None => "Rows one after the other".into(),
            });
        }
        _ => return None,
    }
    Some(Vec::new())
}

pub fn page(app: &App) -> usize {
    layout::incident(app.area(), app).body.height as usize
}

pub fn move_by(app: &mut App, delta: isize) {
    let wide = app.wide();
    let Some(st) = &mut app.incident else { return };
    if !wide && st.pane != Pane::Timeline {
        st.pane_scroll = (st.pane_scroll as isize + delta).clamp(0, u16::MAX as isize / 2) as u16;
        return;
    }
    st.selected = step(st.selected, delta, st.layout.nodes.len());
}

/// Keep the selected event on screen, whole, with the date or gap rows that lead up to it.
/// Rows may take several lines (wrapped, spaced by time): only the rows between the top and
/// the selection, or a screenful before it, are measured.
pub fn fix_scroll(app: &mut App) {
    let Some(st) = app.incident.as_ref() else {
        return;
    };
    let Some(tl_area) = layout::incident(app.area(), app).timeline else {
        return;
    };
    let h = tl_area.height as usize;
    let width = tl_area.width.saturating_sub(1);
    if st.layout.event_row.is_empty() {
        if let Some(st) = app.incident.as_mut() {
            st.scroll = 0;
        }
        return;
    }
    let Some(doc) = app.doc(st.entry) else { return };
    let selected = st.selected.min(st.layout.event_row.len() - 1);
    let row = st.layout.event_row[selected] as usize;
    let rows = st.layout.rows.len();
    let mut scroll = st.scroll;
    if h > 0 {
        let height = |i: usize| timeline::row_height(app, doc, st, i, width, h);
        if row < scroll {
            // Show the date or gap rows that lead up to the event.
            let mut top = row;
            while top > 0 && !matches!(st.layout.rows[top - 1].kind, RowKind::Event(_)) {
                top -= 1;
            }
            let lead: usize = (top..=row).map(height).sum();
            scroll = if lead <= h { top } else { row };
        } else {
            // The first top row from which the selected row still fits whole.
            let mut used = height(row);
            let mut first = row;
            while first > scroll && used + height(first - 1) <= h {
                first -= 1;
                used += height(first);
            }
            scroll = scroll.max(first);
        }
        // Never leave blank lines below the last row.
        let mut last_top = rows - 1;
        let mut used = height(last_top);
        while last_top > 0 && used + height(last_top - 1) <= h {
            last_top -= 1;
            used += height(last_top);
        }
        scroll = scroll.min(last_top);
    }
    if let Some(st) = app.incident.as_mut() {
        st.selected = selected;
        st.scroll = scroll;
    }
}

/// A click on a pane name shows that pane; on an event row selects it.
pub fn click(app: &mut App, x: u16, y: u16) {
    let pos = (x, y).into();
    let l = layout::incident(app.area(), app);
    if let Some(t) = l.tabs
        && t.contains(pos)
    {
        if let Some(p) = layout::tab_at(x - t.x) {
            app.show_pane(p);
        }
        return;
    }
    if let Some(p) = l.pane
        && l.tabs.is_none()
        && y == p.y
    {
        // The pane names above a wide pane.
        if let Some(pane) = layout::wide_tab_at(x.saturating_sub(p.x + 1)) {
            app.show_pane(pane);
        }
        return;
    }
    let Some(st) = app.incident.as_ref() else {
        return;
    };
    let Some(doc) = app.doc(st.entry) else { return };
    if let Some(t) = l.timeline
        && t.contains(pos)
    {
        // Rows may take several lines: walk down from the top row to the one clicked.
        let mut top = t.y;
        let mut hit = None;
        for i in st.scroll..st.layout.rows.len() {
            let left = (t.bottom() - top) as usize;
            top += timeline::row_height(app, doc, st, i, t.width.saturating_sub(1), left) as u16;
            if y < top {
                hit = Some(i);
                break;
            }
            if top >= t.bottom() {
                break;
            }
        }
        if let Some(RowKind::Event(i)) = hit.and_then(|r| st.layout.rows.get(r)).map(|r| r.kind)
            && let Some(st) = app.incident.as_mut()
        {
            st.selected = i as usize;
        }
    }
}

impl App {
    /// Move to the next landmark of the story. The walk stops at the first one, so its cost
    /// is the distance moved, not the timeline's length.
    pub(crate) fn landmark(&mut self, forward: bool) {
        let Some(entry) = self.incident.as_ref().map(|s| s.entry) else {
            return;
        };
        let Some(Entry::Doc(doc)) = self.entries.get(entry) else {
            return;
        };
        let Some(st) = self.incident.as_mut() else {
            return;
        };
        let is_landmark = |i: usize| {
            let n = st.layout.nodes[i];
            doc.incident.timeline[i].key
                || (n.lane > 0 && (n.fork || n.end))
                || st.layout.milestone_of(i).is_some()
        };
        let n = st.layout.nodes.len();
        let found = if forward {
            (st.selected + 1..n).find(|&i| is_landmark(i))
        } else {
            (0..st.selected).rev().find(|&i| is_landmark(i))
        };
        if let Some(i) = found {
            st.selected = i;
        }
    }

    pub(crate) fn toggle_zone(&mut self) {
        let Some(st) = &self.incident else { return };
        let (entry, zone) = (st.entry, st.layout.zone.next());
        let Some(doc) = self.doc(entry) else { return };
        let layout = TimelineLayout::new(&doc.incident, &doc.analysis, zone);
        if let Some(st) = &mut self.incident {
            st.layout = layout;
        }
        self.message = Some(format!("Times now in {}", zone.label()));
    }

    pub(crate) fn cycle_pane(&mut self, delta: isize) {
        let wide = self.wide();
        let Some(st) = &mut self.incident else { return };
        if self.screen != Screen::Incident {
            return;
        }
        let n = Pane::ALL.len() as isize;
        let mut i = st.pane.index() as isize;
        loop {
            i = (i + delta).rem_euclid(n);
            if !(wide && Pane::ALL[i as usize] == Pane::Timeline) {
                break;
            }
        }
        st.pane = Pane::ALL[i as usize];
        st.pane_scroll = 0;
    }

    pub(crate) fn show_pane(&mut self, p: Pane) {
        let wide = self.wide();
        let Some(st) = &mut self.incident else { return };
        if wide && p == Pane::Timeline {
            return;
        }
        if st.pane != p {
            st.pane_scroll = 0;
        }
        st.pane = p;
        st.full_width = false;
    }

    pub(crate) fn scroll_pane(&mut self, delta: i32) {
        if let Some(st) = &mut self.incident {
            st.pane_scroll = (st.pane_scroll as i32 + delta).clamp(0, u16::MAX as i32 / 2) as u16;
        }
    }
}

/// Draw the open incident: header, timeline, pane, detail, status bar.
pub fn render(frame: &mut Frame, area: Rect, app: &App, now: Timestamp) {
    let Some((doc, st)) = app.open_incident() else {
        return;
    };
    let areas = layout::incident(area, app);
    header(app, doc, st, frame, areas.header, now);
    if let Some(tabs) = areas.tabs {
        tab_bar(app, st, frame, tabs);
    }
    if let Some(tl) = areas.timeline {
        timeline::render(app, doc, st, frame, tl, now);
    }
    if let Some(p) = areas.pane {
        panes::render(app, doc, st, frame, p, app.wide());
    }
    detail(app, doc, st, frame, areas.detail, now);
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
    status_bar(app, frame, areas.status, right);
}

fn header(app: &App, doc: &Doc, st: &IncidentState, frame: &mut Frame, area: Rect, now: Timestamp) {
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
        crate::tui::timeline::Zone::Incident => match inc.display_offset() {
            o if o.local_minus_utc() == 0 => "times in UTC".to_string(),
            o => format!("times in {o}"),
        },
        // Name the viewer's own offset, so "local" says which clock it is.
        crate::tui::timeline::Zone::Local => {
            let o = crate::tui::timeline::Zone::Local.offset(inc.display_offset(), now);
            format!("times in local ({o})")
        }
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
        4 => {
            rows.push(truncate_line(Line::from(l2), w));
            rows.push(truncate_line(chips_line, w));
            rows.push(phase_bar::line(t, doc, w));
        }
        _ => {
            rows.push(truncate_line(Line::from(l2), w));
            rows.push(truncate_line(chips_line, w));
            rows.push(phase_bar::line(t, doc, w));
            let legend = phase_bar::legend(&doc.analysis.phases, t, w.saturating_sub(7), 1);
            rows.push(match legend.into_iter().next() {
                Some(l) => Line::from([vec![Span::styled("legend ", t.dim)], l.spans].concat()),
                None => Line::default(),
            });
        }
    }
    frame.render_widget(Paragraph::new(rows), area);
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
fn detail(app: &App, doc: &Doc, st: &IncidentState, frame: &mut Frame, area: Rect, now: Timestamp) {
    let t = &app.theme;
    let inner = crate::tui::view::below_rule(frame, area, t.border);
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
    let (shown, cut) = crate::tui::view::visible_prefix(&e.text, area_cols);
    let matched = match (
        app.active_search().filter(|s| !s.query.trim().is_empty()),
        doc.events.as_deref(),
    ) {
        (Some(s), Some(ix)) if st.selected < ix.len() => crate::tui::search::positions(
            ix,
            st.selected as crate::search::LineId,
            &crate::search::Query::parse(&s.query),
            shown,
        ),
        _ => Vec::new(),
    };
    let mut text = crate::tui::view::highlight(shown, &matched, t.text, t.matched);
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
            let until = timeline::open_until(app.live.is_some(), doc, now).unwrap_or(b.start);
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
