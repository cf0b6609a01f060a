//! Presentation mode: an incident told one slide at a time on a shared screen, for the retro
//! meeting (`retrace present FILE`, or `p` from an open incident).
//!
//! The deck is computed once from the model and its [`Analysis`] (milestones, durations,
//! detours, phases — nothing re-derived here): a title slide, every timeline event in order
//! with a callout after the event that closes each detour, then impact, root cause, actions,
//! lessons (each only when the incident has something to say) and a closing summary.
//!
//! [`step`] maps a [`Step`] to a state change and does no I/O; [`draw_slide`] only reads its
//! arguments. The screen's seam ([`update`], [`render`], …; see [`super`]) opens and leaves the
//! presentation on the [`App`]. Every text from the incident file goes through the sanitiser
//! ([`crate::model::text::clean_line`]) before it is drawn.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::Screen;
use crate::analysis::{Analysis, Metric, format_duration};
use crate::model::text::clean_line;
use crate::model::{ActionStatus, Incident, Timestamp};
use crate::tui::app::{Action, App};
use crate::tui::command::Command;
use crate::tui::keys::Context;
use crate::tui::theme::{self, Theme};
use crate::tui::view::{truncate, wrap_spans};
use crate::tui::widgets::big_text::{self, Letters};
use crate::tui::widgets::phase_bar;

/// One slide of the deck. Indexes point into the incident's timeline or the analysis' detours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slide {
    /// Title, date, severity, services, headline durations.
    Title,
    /// One timeline event (index into `Incident::timeline`), earlier ones dimmed above.
    Event(usize),
    /// The callout for a detour (index into `Analysis::detours`), after the event closing it.
    Detour(usize),
    Impact,
    RootCause,
    Actions,
    Lessons,
    /// Durations, detour share of TTR, the phase bar to scale with its legend.
    Summary,
}

/// A move through the deck (what the presentation keys mean).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Next,
    Prev,
    First,
    Last,
    /// End the presentation.
    Leave,
}

/// What the screen holding the presentation should do after a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Leave,
}

/// The deck and where the presenter is in it.
#[derive(Clone, Debug, PartialEq)]
pub struct PresentState {
    pub slides: Vec<Slide>,
    /// Index into `slides`.
    pub current: usize,
    /// Opened by `retrace present FILE`: leaving the presentation ends the program (from an
    /// incident, it goes back to the incident).
    pub standalone: bool,
}

impl PresentState {
    /// The deck for one incident, on its first slide.
    pub fn new(incident: &Incident, analysis: &Analysis) -> PresentState {
        // A detour's callout comes when the story reaches the event that ruled it out.
        let mut closes: Vec<Vec<usize>> = vec![Vec::new(); incident.timeline.len()];
        for (i, d) in analysis.detours.iter().enumerate() {
            if let Some(&last) = d.events.last()
                && let Some(slot) = closes.get_mut(last)
            {
                slot.push(i);
            }
        }
        let mut slides = vec![Slide::Title];
        for (index, detours) in closes.into_iter().enumerate() {
            slides.push(Slide::Event(index));
            slides.extend(detours.into_iter().map(Slide::Detour));
        }
        let has = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.trim().is_empty());
        if has(&incident.impact) {
            slides.push(Slide::Impact);
        }
        if has(&incident.root_cause) || has(&incident.resolution) {
            slides.push(Slide::RootCause);
        }
        if !incident.actions.is_empty() {
            slides.push(Slide::Actions);
        }
        if !incident.lessons.is_empty() {
            slides.push(Slide::Lessons);
        }
        slides.push(Slide::Summary);
        PresentState {
            slides,
            current: 0,
            standalone: false,
        }
    }

    /// The slide on screen.
    pub fn slide(&self) -> Slide {
        self.slides
            .get(self.current)
            .copied()
            .unwrap_or(Slide::Summary)
    }
}

/// The keys of the presentation.
pub const CONTEXT: Context = Context::Present;
/// Its keys only: the browsing keys (`j`/`k`, `g`/`G`, `?`) mean slides here, and a help
/// overlay would cover the shared screen.
pub const CONTEXTS: &[Context] = &[CONTEXT];

/// Present the open incident from its title slide (`p` in an incident).
pub fn open(app: &mut App) {
    let Some((doc, _)) = app.open_incident() else {
        return;
    };
    app.present = Some(PresentState::new(&doc.incident, &doc.analysis));
    app.screen = Screen::Present;
}

/// The file changed on disk while presenting: the deck again from the new analysis, on the
/// same slide number.
pub fn rebuild(app: &mut App) {
    let Some((doc, _)) = app.open_incident() else {
        return;
    };
    let mut fresh = PresentState::new(&doc.incident, &doc.analysis);
    if let Some(old) = &app.present {
        fresh.current = old.current.min(fresh.slides.len() - 1);
        fresh.standalone = old.standalone;
    }
    app.present = Some(fresh);
}

/// The presentation's own actions: the moves through the deck. Leaving goes back to the
/// incident, or ends the program when the presentation was opened by `retrace present FILE`.
pub fn update(app: &mut App, action: &Action) -> Option<Vec<Command>> {
    let Action::Slide(s) = action else {
        return None;
    };
    if let Some(p) = app.present.as_mut()
        && step(p, *s) == Outcome::Leave
    {
        if p.standalone {
            app.quit = true;
        } else {
            app.present = None;
            app.screen = Screen::Incident;
        }
    }
    Some(Vec::new())
}

/// A slide is one screen: paging has nothing to move.
pub fn page(_app: &App) -> usize {
    1
}

/// Slides move by [`Action::Slide`], not by rows.
pub fn move_by(_app: &mut App, _delta: isize) {}

/// Nothing scrolls on a slide.
pub fn fix_scroll(_app: &mut App) {}

/// Clicks do nothing on a slide.
pub fn click(_app: &mut App, _x: u16, _y: u16) {}

/// Draw the current slide of the open incident, in the slides' palette.
pub fn render(frame: &mut Frame, area: Rect, app: &App, _now: Timestamp) {
    if let (Some(p), Some((doc, _))) = (&app.present, app.open_incident()) {
        let theme = app.theme.for_slides();
        draw_slide(frame, area, p, &doc.incident, &doc.analysis, &theme);
    }
}

/// Apply one step; [`Outcome::Leave`] when the presentation ends.
pub fn step(state: &mut PresentState, step: Step) -> Outcome {
    let last = state.slides.len().saturating_sub(1);
    state.current = match step {
        Step::Next => (state.current + 1).min(last),
        Step::Prev => state.current.saturating_sub(1),
        Step::First => 0,
        Step::Last => last,
        Step::Leave => return Outcome::Leave,
    };
    Outcome::Stay
}

/// Widest text column: wider lines are hard to follow from the back of a room.
const MAX_TEXT_WIDTH: u16 = 150;

/// Draw the current slide into `area`.
pub fn draw_slide(
    frame: &mut Frame,
    area: Rect,
    state: &PresentState,
    incident: &Incident,
    analysis: &Analysis,
    t: &Theme,
) {
    if area.width < 20 || area.height < 6 {
        return;
    }
    let buf = frame.buffer_mut();
    if t.base != Style::default() {
        buf.set_style(area, t.base);
    }
    let margin = (area.width.saturating_sub(MAX_TEXT_WIDTH) / 2).max(2);
    let body = Rect::new(
        area.x + margin,
        area.y + 1,
        area.width - 2 * margin,
        area.height - 2,
    );
    let footer = Rect::new(area.x + 1, area.bottom() - 1, area.width - 2, 1);
    let slide = state.slide();
    let cx = Ctx {
        incident,
        analysis,
        t,
    };
    match slide {
        Slide::Title => cx.title(body, buf),
        Slide::Event(i) => cx.event(i, body, buf),
        Slide::Detour(d) => cx.detour(d, body, buf),
        Slide::Impact => cx.prose("Impact", &[(None, incident.impact.as_deref())], body, buf),
        Slide::RootCause => cx.prose(
            "Root cause",
            &[
                (None, incident.root_cause.as_deref()),
                (Some("How it was resolved"), incident.resolution.as_deref()),
            ],
            body,
            buf,
        ),
        Slide::Actions => cx.actions(body, buf),
        Slide::Lessons => cx.lessons(body, buf),
        Slide::Summary => cx.summary(body, buf),
    }
    // Little chrome: the title (or, on the first slide, the keys) and the slide counter.
    let counter = format!("{} / {}", state.current + 1, state.slides.len());
    let room = (footer.width as usize).saturating_sub(counter.width() + 2);
    let left = if slide == Slide::Title {
        // The keys, from the keymap.
        crate::tui::keys::footer(CONTEXTS, room)
            .trim_start()
            .to_string()
    } else {
        clean_line(&incident.title)
    };
    buf.set_line(
        footer.x,
        footer.y,
        &Line::from(Span::styled(truncate(&left, room), t.dim)),
        footer.width,
    );
    buf.set_line(
        footer.right() - counter.width() as u16,
        footer.y,
        &Line::from(Span::styled(counter, t.dim)),
        footer.width,
    );
}

/// A piece of a slide; slides stack them top to bottom.
enum Block {
    /// One empty row.
    Gap,
    Lines(Vec<Line<'static>>, Alignment),
    /// Big letters, centred.
    Big(big_text::BigFit, Style),
    /// The headline durations, their values in big letters when `big`.
    Durations {
        big: bool,
    },
}

/// What every slide reads.
struct Ctx<'a> {
    incident: &'a Incident,
    analysis: &'a Analysis,
    t: &'a Theme,
}

impl Ctx<'_> {
    fn bold(&self) -> Style {
        self.t.text.add_modifier(Modifier::BOLD)
    }

    /// Where "T+…" counts from: the start milestone, else the first event.
    fn origin(&self) -> Option<Timestamp> {
        self.analysis
            .milestones
            .at(crate::model::MilestoneKind::Started)
            .or_else(|| self.incident.timeline.first().map(|e| e.at))
    }

    fn clock(&self, at: Timestamp) -> String {
        let local = at.with_timezone(&self.incident.display_offset());
        let zone = match local.offset().local_minus_utc() {
            0 => "UTC".to_string(),
            _ => local.format("%:z").to_string(),
        };
        // An incident over several days names the day too.
        let tl = &self.incident.timeline;
        let day = |e: Option<&crate::model::Event>| {
            e.map(|e| e.at.with_timezone(local.offset()).date_naive())
        };
        let clock = if day(tl.first()) != day(tl.last()) {
            local.format("%a %-d %b %H:%M")
        } else {
            local.format("%H:%M")
        };
        format!("{clock} {zone}")
    }

    fn title(&self, body: Rect, buf: &mut Buffer) {
        let inc = self.incident;
        let title = clean_line(&inc.title);
        let mut facts: Vec<Span<'static>> = Vec::new();
        if let Some(d) = inc.date.filter(|_| !inc.undated) {
            facts.push(Span::styled(
                d.format("%A %-d %B %Y").to_string(),
                self.t.date,
            ));
        }
        if let Some(s) = &inc.severity {
            if !facts.is_empty() {
                facts.push(Span::styled("  ·  ", self.t.dim));
            }
            facts.push(Span::styled(clean_line(&s.0), self.t.severity(s.level())));
        }
        let services = inc
            .services
            .iter()
            .map(|s| clean_line(s))
            .collect::<Vec<_>>()
            .join("  ·  ");
        let mut below = vec![
            Block::Gap,
            Block::Lines(vec![Line::from(facts)], Alignment::Center),
        ];
        if !services.is_empty() {
            below.push(Block::Lines(
                vec![Line::from(Span::styled(services, self.t.text))],
                Alignment::Center,
            ));
        }
        below.push(Block::Gap);
        below.push(Block::Durations {
            big: body.height >= 40,
        });
        let room = body
            .height
            .saturating_sub(below.iter().map(|b| self.height(b)).sum());
        let style = self.t.title.remove_modifier(Modifier::UNDERLINED);
        let mut blocks =
            vec![self.big_or_wrapped(&title, body.width, room, 3, Letters::Large, style)];
        blocks.extend(below);
        self.stack(&blocks, body, None, buf);
    }

    /// Big letters when they fit, else the words wrapped (bold), centred.
    fn big_or_wrapped(
        &self,
        text: &str,
        width: u16,
        max_height: u16,
        max_lines: usize,
        largest: Letters,
        style: Style,
    ) -> Block {
        match big_text::fit(text, width, max_height, max_lines, largest) {
            Some(b) => Block::Big(b, style),
            None => Block::Lines(
                self.wrapped(text, style.add_modifier(Modifier::BOLD), width),
                Alignment::Center,
            ),
        }
    }

    fn height(&self, b: &Block) -> u16 {
        match b {
            Block::Gap => 1,
            Block::Lines(l, _) => l.len() as u16,
            Block::Big(b, _) => b.height,
            Block::Durations { big: true } => 6,
            Block::Durations { big: false } => 3,
        }
    }

    /// Draw blocks one under the other from `top`, or centred on the slide when `None`.
    fn stack(&self, blocks: &[Block], body: Rect, top: Option<u16>, buf: &mut Buffer) {
        let total: u16 = blocks.iter().map(|b| self.height(b)).sum();
        let mut y = top.unwrap_or(body.y + body.height.saturating_sub(total) / 2);
        for b in blocks {
            if y >= body.bottom() {
                break;
            }
            match b {
                Block::Gap => y += 1,
                Block::Lines(lines, align) => y = put(buf, body, y, lines, *align),
                Block::Big(fit, style) => {
                    let h = fit.height.min(body.bottom() - y);
                    big_text::render(fit, Rect::new(body.x, y, body.width, h), *style, buf);
                    y += h;
                }
                Block::Durations { big } => y = self.durations(body, y, *big, buf),
            }
        }
    }

    /// TTD … TTR: the acronym, the value (big letters when `big` and they fit), and what it
    /// measures, one column each; the row after them.
    fn durations(&self, body: Rect, y: u16, big: bool, buf: &mut Buffer) -> u16 {
        const WORDS: [(Metric, &str, &str); 5] = [
            (Metric::Ttd, "TTD", "to detect"),
            (Metric::Tta, "TTA", "to acknowledge"),
            (Metric::Tti, "TTI", "to identify"),
            (Metric::Ttm, "TTM", "to mitigate"),
            (Metric::Ttr, "TTR", "to resolve"),
        ];
        let cell = (body.width / 5).clamp(10, if big { 30 } else { 18 });
        let left = body.x + (body.width.saturating_sub(cell * 5)) / 2;
        let value_h = if big { 4 } else { 1 };
        if y + 2 + value_h > body.bottom() {
            return y;
        }
        for (i, (m, acronym, words)) in WORDS.into_iter().enumerate() {
            let value = self
                .analysis
                .durations
                .get(m)
                .map_or_else(|| "—".to_string(), format_duration);
            let col = Rect::new(left + i as u16 * cell, y, cell, 2 + value_h);
            let line = |s: &str, style| vec![Line::from(Span::styled(s.to_string(), style))];
            put(
                buf,
                col,
                y,
                &line(acronym, self.t.header),
                Alignment::Center,
            );
            let fit = big
                .then(|| big_text::fit(&value, cell - 2, 4, 1, Letters::Small))
                .flatten();
            match fit {
                Some(f) => big_text::render(&f, Rect::new(col.x, y + 1, cell, 4), self.bold(), buf),
                None => {
                    put(
                        buf,
                        col,
                        y + 1,
                        &line(&value, self.bold()),
                        Alignment::Center,
                    );
                }
            }
            put(
                buf,
                col,
                y + 1 + value_h,
                &line(words, self.t.dim),
                Alignment::Center,
            );
        }
        y + 2 + value_h
    }

    fn event(&self, index: usize, body: Rect, buf: &mut Buffer) {
        let Some(ev) = self.incident.timeline.get(index) else {
            return;
        };
        let origin = self.origin();
        let since = crate::tui::timeline::offset_label(origin, ev.at);
        let since = if since.is_empty() {
            self.clock(ev.at)
        } else {
            since
        };
        let meta = self.event_meta(index, body.width);
        // The time since the start, as big as the slide allows.
        let big_time = match body.height {
            40.. => big_text::fit(&since, body.width, 8, 1, Letters::Large),
            18.. => big_text::fit(&since, body.width, 4, 1, Letters::Medium),
            _ => None,
        };
        let time_h = big_time.as_ref().map_or(1, |b| b.height);
        let author = ev
            .author
            .as_deref()
            .map(|a| Line::from(Span::styled(format!("— {}", clean_line(a)), self.t.dim)));
        let fixed = time_h + 1 + 1 + 1 + u16::from(author.is_some());
        // The event's words: in big letters when the slide is large and they fit in half of
        // what is left, else bold text.
        let text = clean_line(&ev.text);
        let big_words = (body.height >= 30)
            .then(|| {
                let room = body.height.saturating_sub(fixed) / 2;
                big_text::fit(&text, body.width, room, 8, Letters::Small)
            })
            .flatten();
        let mut words = Vec::new();
        if big_words.is_none() {
            words = self.wrapped(&text, self.bold(), body.width);
            let room = body.height.saturating_sub(fixed + 2).max(1) as usize;
            clip(&mut words, room, self.t.dim);
        }
        let words_h = big_words.as_ref().map_or(words.len() as u16, |b| b.height);
        // The current event sits mid-slide; the earlier ones fill the rows above it, the
        // latest nearest.
        let current_h = fixed + words_h;
        let top = body.y + body.height.saturating_sub(current_h) / 2;
        let earlier_room = top.saturating_sub(body.y + 1) as usize;
        let first = index.saturating_sub(earlier_room);
        let earlier: Vec<Line<'static>> = self.incident.timeline[first..index]
            .iter()
            .map(|e| {
                let when = crate::tui::timeline::offset_label(origin, e.at);
                let when = if when.is_empty() {
                    self.clock(e.at)
                } else {
                    when
                };
                Line::from(Span::styled(
                    truncate(
                        &format!("{when:>8}  {}", clean_line(&e.text)),
                        body.width as usize,
                    ),
                    self.t.dim,
                ))
            })
            .collect();
        put(
            buf,
            body,
            top.saturating_sub(1 + earlier.len() as u16).max(body.y),
            &earlier,
            Alignment::Left,
        );
        let mut y = top + 1;
        match &big_time {
            Some(b) => {
                let area = Rect::new(body.x, y, body.width, b.height);
                big_text::render(b, area, self.t.header, buf);
                y += b.height;
            }
            None => {
                let line = Line::from(Span::styled(since, self.t.header));
                y = put(buf, body, y, &[line], Alignment::Center);
            }
        }
        y = put(buf, body, y, &[meta], Alignment::Center) + 1;
        match &big_words {
            Some(b) => {
                let area = Rect::new(body.x, y, body.width, b.height);
                big_text::render(b, area, self.bold(), buf);
                y += b.height;
            }
            None => y = put(buf, body, y, &words, Alignment::Left),
        }
        if let Some(a) = author {
            let align = if big_words.is_some() {
                Alignment::Center
            } else {
                Alignment::Left
            };
            put(buf, body, y, &[a], align);
        }
    }

    /// The line under an event's time: clock, milestone, theory, key moment.
    fn event_meta(&self, index: usize, width: u16) -> Line<'static> {
        let Some(ev) = self.incident.timeline.get(index) else {
            return Line::default();
        };
        let mut meta = vec![Span::styled(self.clock(ev.at), self.t.time)];
        if ev.approximate {
            meta.push(Span::styled(" (approximately)", self.t.dim));
        }
        if let Some(m) = self.analysis.milestones.marked_by(index) {
            meta.push(Span::styled("   ", self.t.dim));
            meta.push(Span::styled(
                format!("{} {}", theme::MILESTONE_GLYPH, m.as_str().to_uppercase()),
                self.t.milestone,
            ));
        }
        if let Some(b) = ev.branch.as_deref().and_then(|b| self.incident.branch(b)) {
            meta.push(Span::styled("   ", self.t.dim));
            meta.push(Span::styled(
                format!("⎇ theory: {}", clean_line(&b.hypothesis)),
                self.t.outcome_style(b.outcome),
            ));
        }
        if ev.key {
            meta.push(Span::styled(
                format!("   {} key moment", theme::KEY_GLYPH),
                self.t.key_moment,
            ));
        }
        crate::tui::view::truncate_line(Line::from(meta), width as usize)
    }

    fn detour(&self, index: usize, body: Rect, buf: &mut Buffer) {
        let Some(d) = self.analysis.detours.get(index) else {
            return;
        };
        let timeline = &self.incident.timeline;
        // What ruled it out: the branch's last event (told in one event, that one).
        let closing = d.events.last().and_then(|&i| timeline.get(i));
        let origin = self.origin();
        let span = format!(
            "{} → {}   ({} → {})",
            self.clock(d.start),
            self.clock(d.end),
            crate::tui::timeline::offset_label(origin, d.start),
            crate::tui::timeline::offset_label(origin, d.end),
        );
        let share = self
            .analysis
            .durations
            .ttr
            .filter(|t| t.num_seconds() > 0)
            .map(|t| {
                format!(
                    " — {:.0}% of the time to resolve",
                    d.duration().num_seconds() as f64 * 100.0 / t.num_seconds() as f64
                )
            })
            .unwrap_or_default();
        let w = body.width;
        let large = body.height >= 30;
        let centre = |lines: Vec<Line<'static>>| Block::Lines(lines, Alignment::Center);
        let label = |s: &str| centre(vec![Line::from(Span::styled(s.to_string(), self.t.header))]);
        let glyph = theme::outcome_glyph(crate::model::Outcome::RuledOut);
        let suspected = clean_line(&d.summary);
        let took = format_duration(d.duration());
        let mut blocks = vec![
            centre(vec![Line::from(Span::styled(
                format!("{glyph} A theory followed, then ruled out"),
                self.t.detour.add_modifier(Modifier::BOLD),
            ))]),
            Block::Gap,
            label("What was suspected"),
            if large {
                self.big_or_wrapped(&suspected, w, 12, 3, Letters::Small, self.bold())
            } else {
                centre(self.wrapped(&suspected, self.bold(), w))
            },
            Block::Gap,
            label("What ruled it out"),
            centre(match closing {
                Some(e) => self.wrapped(&e.text, self.t.text, w),
                None => vec![Line::from(Span::styled("not told", self.t.dim))],
            }),
            Block::Gap,
            label("How long it took"),
        ];
        if large {
            blocks.push(self.big_or_wrapped(&took, w, 4, 1, Letters::Medium, self.bold()));
            blocks.push(centre(vec![Line::from(Span::styled(
                share.trim_start_matches(" — ").to_string(),
                self.t.text,
            ))]));
        } else {
            blocks.push(centre(vec![Line::from(vec![
                Span::styled(took, self.bold()),
                Span::styled(share, self.t.text),
            ])]));
        }
        blocks.push(centre(vec![Line::from(Span::styled(span, self.t.dim))]));
        self.stack(&blocks, body, None, buf);
    }

    /// A heading and sections of prose (paragraphs reflowed, not broken at source line ends).
    fn prose(
        &self,
        heading: &str,
        sections: &[(Option<&str>, Option<&str>)],
        body: Rect,
        buf: &mut Buffer,
    ) {
        let mut lines = Vec::new();
        for (sub, text) in sections {
            let Some(text) = text.filter(|s| !s.trim().is_empty()) else {
                continue;
            };
            if let Some(sub) = sub {
                if !lines.is_empty() {
                    lines.push(Line::from(""));
                }
                lines.push(Line::from(Span::styled(sub.to_string(), self.t.header)));
            }
            for (i, p) in paragraphs(text).iter().enumerate() {
                if i > 0 {
                    lines.push(Line::from(""));
                }
                lines.extend(self.wrapped(p, self.t.text, body.width));
            }
        }
        self.page(heading, lines, body, buf);
    }

    fn actions(&self, body: Rect, buf: &mut Buffer) {
        let mut lines = Vec::new();
        for a in &self.incident.actions {
            let (glyph, style) = match a.status {
                ActionStatus::Done => ("✓", self.t.confirmed),
                ActionStatus::InProgress => ("◐", self.t.key_moment),
                ActionStatus::Open => ("○", self.t.text),
                ActionStatus::WontDo => ("✗", self.t.dim),
            };
            lines.extend(wrap_spans(
                vec![
                    Span::styled(format!("{glyph} "), style),
                    Span::styled(clean_line(&a.text), self.bold()),
                ],
                body.width as usize,
                2,
            ));
            let mut meta = vec![Span::styled(
                format!("  {}", a.status.as_str().replace('-', " ")),
                style,
            )];
            for (label, v) in [
                ("owner", a.owner.as_deref()),
                ("ticket", a.ticket.as_deref()),
            ] {
                if let Some(v) = v {
                    meta.push(Span::styled(format!("  ·  {label} "), self.t.dim));
                    meta.push(Span::styled(clean_line(v), self.t.text));
                }
            }
            if let Some(due) = a.due {
                meta.push(Span::styled(format!("  ·  due {due}"), self.t.dim));
            }
            lines.push(crate::tui::view::truncate_line(
                Line::from(meta),
                body.width as usize,
            ));
        }
        self.page("Actions", lines, body, buf);
    }

    fn lessons(&self, body: Rect, buf: &mut Buffer) {
        let mut lines = Vec::new();
        for (heading, items) in self.incident.lessons.sections() {
            if !lines.is_empty() {
                lines.push(Line::from(""));
            }
            lines.push(Line::from(Span::styled(heading, self.t.header)));
            for item in items {
                lines.extend(wrap_spans(
                    vec![Span::styled(format!("• {}", clean_line(item)), self.t.text)],
                    body.width as usize,
                    2,
                ));
            }
        }
        self.page("Lessons", lines, body, buf);
    }

    fn summary(&self, body: Rect, buf: &mut Buffer) {
        let a = self.analysis;
        let w = body.width as usize;
        let mut blocks = vec![
            Block::Durations {
                big: body.height >= 40,
            },
            Block::Gap,
        ];
        let n = a.detours.len();
        let detours = if n == 0 {
            Line::from(Span::styled(
                "No theory was ruled out on the way.",
                self.t.text,
            ))
        } else {
            let share = a
                .durations
                .detour_share
                .map(|s| format!(" — {:.0}% of the time to resolve", s * 100.0))
                .unwrap_or_else(|| " (time to resolve unknown)".to_string());
            Line::from(vec![
                Span::styled("Detours: ", self.t.detour.add_modifier(Modifier::BOLD)),
                Span::styled(format_duration(a.durations.detour), self.bold()),
                Span::styled(
                    format!(
                        " on {n} {} ruled out{share}",
                        if n == 1 { "theory" } else { "theories" }
                    ),
                    self.t.text,
                ),
            ])
        };
        let mut lines = vec![crate::tui::view::truncate_line(detours, w), Line::from("")];
        if a.phases.is_empty() {
            lines.push(Line::from(Span::styled(
                "Phases: not enough milestones to draw them.",
                self.t.dim,
            )));
        } else {
            lines.push(Line::from(Span::styled("Phases, to scale", self.t.header)));
            let rows = match body.height {
                40.. => 5,
                30.. => 3,
                _ => 1,
            };
            lines.extend(phase_bar::bar(&a.phases, self.t, w, rows));
            lines.extend(phase_bar::legend(&a.phases, self.t, w, usize::MAX));
        }
        blocks.push(Block::Lines(lines, Alignment::Left));
        let y = self.heading("Summary", body, buf);
        self.stack(&blocks, body, Some(y), buf);
    }

    /// A slide with a heading (big when there is room) and lines below it, cut with `…` when
    /// they do not fit.
    fn page(&self, heading: &str, mut lines: Vec<Line<'static>>, body: Rect, buf: &mut Buffer) {
        let y = self.heading(heading, body, buf);
        let room = body.bottom().saturating_sub(y) as usize;
        clip(&mut lines, room, self.t.dim);
        put(buf, body, y, &lines, Alignment::Left);
    }

    /// A slide's heading at the top (big when there is room); the first row under it.
    fn heading(&self, heading: &str, body: Rect, buf: &mut Buffer) -> u16 {
        let big = if body.height >= 30 {
            big_text::fit(heading, body.width, 4, 1, Letters::Medium)
        } else {
            None
        };
        match &big {
            Some(b) => {
                let area = Rect::new(body.x, body.y, body.width, b.height);
                big_text::render(b, area, self.t.header, buf);
                body.y + b.height + 1
            }
            None => {
                let style = self.t.header.add_modifier(Modifier::UNDERLINED);
                let line = Line::from(Span::styled(heading.to_uppercase(), style));
                put(buf, body, body.y, &[line], Alignment::Center) + 1
            }
        }
    }

    /// One paragraph, sanitised and wrapped at word boundaries.
    fn wrapped(&self, text: &str, style: Style, width: u16) -> Vec<Line<'static>> {
        wrap_spans(
            vec![Span::styled(clean_line(text), style)],
            width as usize,
            0,
        )
    }
}

/// Paragraphs of a block of text: blank lines separate them, single line ends become spaces.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| clean_line(&p.split_whitespace().collect::<Vec<_>>().join(" ")))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Keep at most `room` lines, the last one saying more was cut.
fn clip(lines: &mut Vec<Line<'static>>, room: usize, style: Style) {
    if lines.len() > room {
        lines.truncate(room.saturating_sub(1));
        lines.push(Line::from(Span::styled("…", style)));
    }
}

/// Draw `lines` from row `y` inside `area` (no further than its bottom); the row after them.
fn put(buf: &mut Buffer, area: Rect, y: u16, lines: &[Line<'static>], align: Alignment) -> u16 {
    let rows = (area.bottom().saturating_sub(y)).min(lines.len() as u16);
    if rows == 0 {
        return y;
    }
    Paragraph::new(lines[..rows as usize].to_vec())
        .alignment(align)
        .render(Rect::new(area.x, y, area.width, rows), buf);
    y + rows
}
