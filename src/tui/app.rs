//! App state and [`App::update`], the only place state changes. Rendering reads an `&App`;
//! key handling only maps keys to [`Action`]s.

use std::path::PathBuf;

use super::search::{Haystacks, Narrowing};
use super::theme::Theme;
use super::timeline::{RowKind, TimelineLayout, Zone};
use super::view::layout::{self, ListColumn};
use crate::analysis::{Analysis, analyze};
use crate::ingest::{Diagnostic, LoadError, Loaded};
use crate::model::text::clean_line;
use crate::model::{Incident, Status};

/// Everything that can happen to the app: keys (through the keymap), mouse, resizes, reloads.
#[derive(Clone, Debug)]
pub enum Action {
    Quit,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    OpenHelp,
    CloseHelp,
    StartSearch,
    StartFilter,
    PromptInput(char),
    PromptBackspace,
    PromptClear,
    PromptConfirm,
    PromptCancel,
    NextMatch,
    PrevMatch,
    /// The next (previous) milestone, key moment, or start or end of a branch.
    NextLandmark,
    PrevLandmark,
    ToggleZone,
    NextPane,
    PrevPane,
    ShowPane(Pane),
    PaneDown,
    PaneUp,
    Edit,
    SortNext,
    SortPrev,
    SortReverse,
    Resize(u16, u16),
    /// Mouse wheel at a cell.
    Scroll {
        down: bool,
        x: u16,
        y: u16,
    },
    /// Left click at a cell.
    Click {
        x: u16,
        y: u16,
    },
    /// A file came back from the editor (or failed to load).
    Reloaded(Box<Reload>),
    /// A watched file changed on disk (another writer, `retrace note`, an editor): read it
    /// again, keeping the selected event (by identity) and the scroll; when the newest event was
    /// selected, select the new newest one (`tail -f`).
    FileChanged(PathBuf),
    // ----- live mode (see `super::live`) -----
    /// Open the note line.
    LiveNote,
    /// Ask the name of a new hypothesis.
    LiveHypothesis,
    /// Edit the open line.
    Line(super::line_edit::LineOp),
    /// Enter in the line: save the note, or open the hypothesis.
    LineSubmit,
    /// Esc in the line: close it, the text dropped.
    LineCancel,
    /// Bracketed paste.
    Paste(String),
    /// Mark a milestone now (after y/n).
    LiveMilestone(crate::model::MilestoneKind),
    /// Rule the active hypothesis out (after y/n): it becomes a detour.
    LiveRuleOut,
    /// Confirm the active hypothesis (after y/n).
    LiveConfirmHypothesis,
    /// Undo this writer's last change.
    LiveUndo,
    /// Delete the selected event (after y/n).
    LiveDelete,
    /// The answer to a y/n question.
    Answer(bool),
    /// A save came back (see [`super::command::Command::Save`]).
    Saved(Box<super::command::SaveDone>),
    /// A save is waiting for another writer's lock: (save id, the holder as far as known, time
    /// waited).
    SaveWaiting(u64, Option<crate::store::LockHolder>, std::time::Duration),
    /// A file was read (see [`super::command::Command::Load`]): its path and what it holds.
    FileLoaded(Box<(PathBuf, Result<Loaded, String>)>),
    /// The clock: the time the screen shows (`now` is passed in; nothing reads a clock while
    /// drawing).
    Tick(crate::model::Timestamp),
    /// Present the open incident, one slide at a time (presentation mode).
    Present,
    /// A move through the presentation.
    Slide(super::screens::present::Step),
}

#[derive(Clone, Debug)]
pub struct Reload {
    pub entry: usize,
    pub result: Result<Loaded, String>,
}

/// Where an incident came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    /// Bundled with the binary (`data/`); not editable in place.
    Sample(String),
}

impl Source {
    /// For display: sanitised, never raw bytes from a file name.
    pub fn label(&self) -> String {
        match self {
            Source::File(p) => clean_line(&relative_to_cwd(p).display().to_string()),
            Source::Sample(n) => format!("sample: {}", clean_line(n)),
        }
    }
}

/// `incidents/x.yaml` rather than `/home/me/work/incidents/x.yaml` when the file is below the
/// current folder: shorter on screen, and the same on every machine.
fn relative_to_cwd(p: &std::path::Path) -> &std::path::Path {
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    let cwd = CWD.get_or_init(|| std::env::current_dir().ok());
    cwd.as_deref()
        .and_then(|c| p.strip_prefix(c).ok())
        .unwrap_or(p)
}

/// A loaded incident with everything the views need precomputed.
#[derive(Clone, Debug)]
pub struct Doc {
    pub source: Source,
    pub incident: Incident,
    pub analysis: Analysis,
    pub status: Status,
    pub warnings: Vec<String>,
    /// Lowercased text the list filter matches against.
    pub filter_text: String,
    /// Built when the incident is opened or searched.
    pub haystacks: Option<Haystacks>,
}

impl Doc {
    pub fn new(source: Source, incident: Incident, diagnostics: &[Diagnostic]) -> Doc {
        let analysis = analyze(&incident);
        let status = incident.effective_status();
        let filter_text = format!(
            "{} {} {} {} {} {}",
            incident.title,
            incident.severity.as_ref().map_or("", |s| s.0.as_str()),
            status.as_str(),
            incident.services.join(" "),
            incident.id,
            incident.date.map(|d| d.to_string()).unwrap_or_default(),
        );
        Doc {
            source,
            incident,
            analysis,
            status,
            warnings: diagnostics
                .iter()
                .map(|d| clean_line(&d.to_string()))
                .collect(),
            filter_text,
            haystacks: None,
        }
    }

    pub fn from_loaded(source: Source, l: Loaded) -> Doc {
        Doc::new(source, l.incident, &l.diagnostics)
    }
}

/// One row of the list: an incident, or a file that failed to load.
#[derive(Clone, Debug)]
pub enum Entry {
    Doc(Box<Doc>),
    Failed { path: String, message: String },
}

impl Entry {
    pub fn failed(e: &LoadError) -> Entry {
        let d = e.to_diagnostic();
        let mut message = clean_line(&d.message);
        if let Some(h) = &d.hint {
            message.push_str(" — ");
            message.push_str(&clean_line(h));
        }
        Entry::Failed {
            path: clean_line(&d.location()),
            message,
        }
    }

    pub fn doc(&self) -> Option<&Doc> {
        match self {
            Entry::Doc(d) => Some(d),
            Entry::Failed { .. } => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    List,
    Incident,
    /// Presentation mode on the open incident (its deck in [`App::present`]).
    Present,
}

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
}

/// A search hit: (entry, event).
pub type Hit = (u32, u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The open incident.
    Incident,
    /// Every incident of the list.
    All,
}

#[derive(Clone, Debug)]
pub struct SearchState {
    pub scope: Scope,
    pub query: String,
    pub hits: Narrowing<Hit>,
    /// Selected result (All scope).
    pub selected: usize,
    pub scroll: usize,
    /// The selection before the search started, restored by Esc.
    pub origin: usize,
}

impl SearchState {
    fn new(scope: Scope, origin: usize) -> SearchState {
        SearchState {
            scope,
            query: String::new(),
            hits: Narrowing::default(),
            selected: 0,
            scroll: 0,
            origin,
        }
    }

    pub fn hits(&self) -> &[Hit] {
        self.hits.current()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prompt {
    Search,
    Filter,
}

#[derive(Clone, Debug)]
pub struct ListState {
    pub sort: ListColumn,
    pub descending: bool,
    pub filter: String,
    /// Entry indexes shown, in order.
    pub view: Vec<usize>,
    pub selected: usize,
    pub scroll: usize,
}

pub struct App {
    pub entries: Vec<Entry>,
    /// The entries are the bundled samples.
    pub samples: bool,
    pub theme: Theme,
    pub width: u16,
    pub height: u16,
    pub screen: Screen,
    pub list: ListState,
    pub incident: Option<IncidentState>,
    pub search: Option<SearchState>,
    pub prompt: Option<Prompt>,
    /// Help overlay open, with its scroll.
    pub help: Option<u16>,
    pub message: Option<String>,
    pub quit: bool,
    /// Live mode (`retrace live FILE`): writing to the open incident.
    pub live: Option<super::live::Live>,
    /// The time shown (the live clock, open branches' time so far), set by [`Action::Tick`].
    pub now: crate::model::Timestamp,
    /// Where a note's stamp comes from when Enter saves it (the system clock; tests fix it).
    pub clock: fn() -> crate::model::Timestamp,
    /// The presentation's deck and position, while [`Screen::Present`] is shown.
    pub present: Option<super::screens::present::PresentState>,
}

impl App {
    pub fn new(entries: Vec<Entry>, samples: bool, theme: Theme, width: u16, height: u16) -> App {
        let mut app = App {
            entries,
            samples,
            theme,
            width,
            height,
            screen: Screen::List,
            list: ListState {
                sort: ListColumn::Date,
                descending: true,
                filter: String::new(),
                view: Vec::new(),
                selected: 0,
                scroll: 0,
            },
            incident: None,
            search: None,
            prompt: None,
            help: None,
            message: None,
            quit: false,
            live: None,
            now: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
            clock: crate::store::stamp::now,
            present: None,
        };
        app.refresh_list();
        let docs: Vec<usize> = (0..app.entries.len())
            .filter(|&i| app.entries[i].doc().is_some())
            .collect();
        if docs.len() == 1 && app.entries.len() == 1 {
            app.open(docs[0]);
        }
        if samples {
            app.message = Some(format!(
                "These are {} sample incidents bundled with retrace. Open your own with `retrace PATH…` or $RETRACE_DIR.",
                app.entries.len()
            ));
        }
        app
    }

    pub fn doc(&self, entry: usize) -> Option<&Doc> {
        self.entries.get(entry).and_then(Entry::doc)
    }

    /// The open incident's document and view state.
    pub fn open_incident(&self) -> Option<(&Doc, &IncidentState)> {
        let st = self.incident.as_ref()?;
        Some((self.doc(st.entry)?, st))
    }

    /// Wide terminals show a pane beside the timeline.
    pub fn wide(&self) -> bool {
        self.width >= layout::WIDE
    }

    /// The search of the current screen, if any.
    pub fn active_search(&self) -> Option<&SearchState> {
        let s = self.search.as_ref()?;
        let want = match self.screen {
            Screen::List => Scope::All,
            Screen::Incident => Scope::Incident,
            Screen::Present => return None,
        };
        (s.scope == want).then_some(s)
    }

    /// The only place state changes: apply `action`, and return the work it needs done outside
    /// (reading or saving files, running `$EDITOR`), which the event loop runs off the UI
    /// thread and reports back as actions. Does no I/O itself.
    pub fn update(&mut self, action: Action) -> Vec<super::command::Command> {
        let mut commands = Vec::new();
        let background = matches!(
            action,
            Action::Resize(..)
                | Action::Scroll { .. }
                | Action::Reloaded(_)
                | Action::FileChanged(_)
                | Action::FileLoaded(_)
                | Action::Tick(_)
                | Action::SaveWaiting(..)
                | Action::Saved(_)
        );
        if !background {
            // A message stays until the next thing the user does.
            self.message = None;
        }
        let reload = matches!(
            action,
            Action::Reloaded(_) | Action::FileChanged(_) | Action::FileLoaded(_)
        );
        if self.live.is_some()
            && matches!(
                action,
                Action::Up
                    | Action::Down
                    | Action::PageUp
                    | Action::PageDown
                    | Action::Top
                    | Action::Bottom
                    | Action::NextMatch
                    | Action::PrevMatch
                    | Action::NextLandmark
                    | Action::PrevLandmark
                    | Action::Click { .. }
                    | Action::Scroll { .. }
            )
            && self.help.is_none()
            && let Some(l) = self.live.as_mut()
        {
            // Moving selects an event: the milestone keys then mark that one.
            l.follow = false;
        }
        match action {
            Action::Quit => {
                let unsaved = self.live.as_ref().is_some_and(|l| {
                    l.unsaved() > 0
                        || l.outbox.iter().any(|o| o.failed.is_some())
                        || l.line.as_ref().is_some_and(|t| !t.editor.text().is_empty())
                });
                match self.live.as_mut() {
                    Some(l) if unsaved && l.pending.is_none() => {
                        l.pending = Some(super::live::Pending::Quit)
                    }
                    _ => self.quit = true,
                }
            }
            Action::Tick(now) => self.now = now,
            Action::Resize(w, h) => {
                let was_wide = self.wide();
                self.width = w;
                self.height = h;
                let wide = self.wide();
                if let Some(st) = &mut self.incident {
                    if wide && st.pane == Pane::Timeline {
                        // The timeline is always shown when wide; the side pane shows Impact.
                        st.pane = Pane::Impact;
                    } else if was_wide && !wide {
                        // Narrowed: keep the timeline in view rather than the side pane.
                        st.pane = Pane::Timeline;
                    }
                }
            }
            Action::OpenHelp => self.help = Some(0),
            Action::CloseHelp => self.help = None,
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => {
                let p = self.page() as isize;
                self.move_by(-p)
            }
            Action::PageDown => {
                let p = self.page() as isize;
                self.move_by(p)
            }
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Open => self.open_selected(),
            Action::Back => self.back(),
            Action::StartSearch => self.start_search(),
            Action::StartFilter => {
                if self.screen == Screen::List {
                    self.prompt = Some(Prompt::Filter);
                }
            }
            Action::PromptInput(c) => self.prompt_edit(|q| q.push(c)),
            Action::PromptBackspace => self.prompt_edit(|q| {
                q.pop();
            }),
            Action::PromptClear => self.prompt_edit(String::clear),
            Action::PromptConfirm => {
                self.prompt = None;
                if self.search.as_ref().is_some_and(|s| s.query.is_empty()) {
                    self.search = None;
                }
            }
            Action::PromptCancel => self.prompt_cancel(),
            Action::NextMatch => self.next_match(true),
            Action::PrevMatch => self.next_match(false),
            Action::NextLandmark => self.landmark(true),
            Action::PrevLandmark => self.landmark(false),
            Action::ToggleZone => self.toggle_zone(),
            Action::NextPane => self.cycle_pane(1),
            Action::PrevPane => self.cycle_pane(-1),
            Action::ShowPane(p) => self.show_pane(p),
            Action::PaneDown => self.scroll_pane(3),
            Action::PaneUp => self.scroll_pane(-3),
            Action::Edit => commands.extend(self.edit()),
            Action::SortNext => self.sort_by(self.list.sort.next(), None),
            Action::SortPrev => self.sort_by(self.list.sort.prev(), None),
            Action::SortReverse => {
                let d = !self.list.descending;
                self.sort_by(self.list.sort, Some(d))
            }
            Action::Scroll { down, x, y } => self.wheel(down, x, y),
            Action::Click { x, y } => self.click(x, y),
            Action::Reloaded(r) => self.reloaded(*r),
            Action::FileChanged(path) => commands.extend(self.file_changed(&path)),
            Action::FileLoaded(loaded) => {
                let (path, result) = *loaded;
                self.file_loaded(&path, result);
            }
            Action::LiveNote
            | Action::LiveHypothesis
            | Action::Line(_)
            | Action::LineSubmit
            | Action::LineCancel
            | Action::Paste(_)
            | Action::LiveMilestone(_)
            | Action::LiveRuleOut
            | Action::LiveConfirmHypothesis
            | Action::LiveUndo
            | Action::LiveDelete
            | Action::Answer(_)
            | Action::Saved(_)
            | Action::SaveWaiting(..) => commands.extend(self.live_action(action)),
            Action::Present => self.start_presenting(),
            Action::Slide(step) => self.slide(step),
        }
        if reload && self.screen == Screen::Present {
            self.refresh_presentation();
        }
        self.fix_scroll();
        commands
    }

    // ----- moving -------------------------------------------------------------------------

    fn page(&self) -> usize {
        let h = if self.help.is_some() {
            self.height.saturating_sub(4)
        } else {
            match self.screen {
                Screen::List => layout::list(self.area(), self)
                    .table
                    .height
                    .saturating_sub(1),
                Screen::Incident => layout::incident(self.area(), self).body.height,
                Screen::Present => self.height,
            }
        };
        (h as usize).saturating_sub(1).max(1)
    }

    pub fn area(&self) -> ratatui::layout::Rect {
        ratatui::layout::Rect::new(0, 0, self.width, self.height)
    }

    fn move_by(&mut self, delta: isize) {
        if self.help.is_some() {
            // Stop at the last page, so scrolling back up answers at once.
            let inner = self.height.saturating_sub(4) as usize;
            let max = super::view::help::lines(self).len().saturating_sub(inner) as isize;
            if let Some(h) = &mut self.help {
                *h = (*h as isize + delta).clamp(0, max) as u16;
            }
            return;
        }
        match self.screen {
            Screen::List => {
                if let Some(s) = self.search.as_mut().filter(|s| s.scope == Scope::All)
                    && !s.query.is_empty()
                {
                    s.selected = step(s.selected, delta, s.hits().len());
                } else {
                    self.list.selected = step(self.list.selected, delta, self.list.view.len());
                }
            }
            Screen::Incident => {
                let wide = self.wide();
                let Some(st) = &mut self.incident else { return };
                if !wide && st.pane != Pane::Timeline {
                    st.pane_scroll =
                        (st.pane_scroll as isize + delta).clamp(0, u16::MAX as isize / 2) as u16;
                    return;
                }
                st.selected = step(st.selected, delta, st.layout.nodes.len());
            }
            Screen::Present => {}
        }
    }

    fn fix_scroll(&mut self) {
        let area = self.area();
        if self.screen == Screen::List {
            let h = layout::list(area, self).table.height.saturating_sub(1) as usize;
            let l = &mut self.list;
            l.selected = l.selected.min(l.view.len().saturating_sub(1));
            l.scroll = keep_visible(l.scroll, l.selected, h, l.view.len());
            if let Some(s) = self.search.as_mut().filter(|s| s.scope == Scope::All) {
                let n = s.hits().len();
                s.selected = s.selected.min(n.saturating_sub(1));
                s.scroll = keep_visible(s.scroll, s.selected, h, n);
            }
        } else if self.incident.is_some() {
            let h = layout::incident(area, self).timeline_height() as usize;
            let Some(st) = &mut self.incident else { return };
            let rows = st.layout.rows.len();
            if st.layout.event_row.is_empty() {
                st.scroll = 0;
                return;
            }
            st.selected = st.selected.min(st.layout.event_row.len() - 1);
            let row = st.layout.event_row[st.selected] as usize;
            if h == 0 {
                return;
            }
            if row < st.scroll {
                // Show the date or gap rows that lead up to the event.
                let mut top = row;
                while top > 0 && !matches!(st.layout.rows[top - 1].kind, RowKind::Event(_)) {
                    top -= 1;
                }
                st.scroll = if row - top < h { top } else { row };
            } else if row >= st.scroll + h {
                st.scroll = row + 1 - h;
            }
            st.scroll = st.scroll.min(rows.saturating_sub(h));
        }
    }

    // ----- list ---------------------------------------------------------------------------

    /// Re-filter and re-sort the list, keeping the selected entry when it stays visible.
    fn refresh_list(&mut self) {
        let keep = self.list.view.get(self.list.selected).copied();
        let f = self.list.filter.trim();
        let cs = super::search::is_case_sensitive(f);
        let f_cmp = if cs { f.to_string() } else { f.to_lowercase() };
        let mut docs: Vec<usize> = Vec::new();
        let mut failed: Vec<usize> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let text = match e {
                Entry::Doc(d) => d.filter_text.as_str(),
                Entry::Failed { path, .. } => path.as_str(),
            };
            let hay = if cs {
                text.to_string()
            } else {
                text.to_lowercase()
            };
            if !f.is_empty() && !super::search::is_subsequence(&hay, &f_cmp) {
                continue;
            }
            match e {
                Entry::Doc(_) => docs.push(i),
                Entry::Failed { .. } => failed.push(i),
            }
        }
        let col = self.list.sort;
        docs.sort_by(|&a, &b| {
            let (a, b) = (self.doc(a).expect("doc"), self.doc(b).expect("doc"));
            let ord = col.compare(a, b);
            let ord = if self.list.descending {
                ord.reverse()
            } else {
                ord
            };
            ord.then_with(|| a.incident.title.cmp(&b.incident.title))
        });
        docs.extend(failed);
        self.list.view = docs;
        self.list.selected = keep
            .and_then(|k| self.list.view.iter().position(|&v| v == k))
            .unwrap_or(0);
    }

    fn sort_by(&mut self, col: ListColumn, descending: Option<bool>) {
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

    fn open_selected(&mut self) {
        if self.screen != Screen::List {
            return;
        }
        if let Some(s) = self.search.as_ref().filter(|s| s.scope == Scope::All)
            && !s.query.is_empty()
        {
            if let Some(&(entry, event)) = s.hits().get(s.selected) {
                let query = s.query.clone();
                self.open(entry as usize);
                if let Some(st) = &mut self.incident {
                    st.selected = event as usize;
                }
                // Carry the query into the incident, so n/N keep walking its matches.
                self.search = Some(SearchState::new(Scope::Incident, event as usize));
                self.set_query(query);
                if let Some(st) = &mut self.incident {
                    st.selected = event as usize;
                }
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

    /// Open an incident: lay out its timeline once.
    pub fn open(&mut self, entry: usize) {
        let zone = self
            .incident
            .as_ref()
            .map_or(Zone::Incident, |s| s.layout.zone);
        let Some(Entry::Doc(doc)) = self.entries.get_mut(entry) else {
            return;
        };
        if doc.haystacks.is_none() {
            doc.haystacks = Some(Haystacks::new(&doc.incident.timeline));
        }
        let layout = TimelineLayout::new(&doc.incident, &doc.analysis, zone);
        let pane = if self.width >= layout::WIDE {
            Pane::Impact
        } else {
            Pane::Timeline
        };
        self.incident = Some(IncidentState {
            entry,
            layout,
            selected: 0,
            scroll: 0,
            pane,
            pane_scroll: 0,
        });
        if self
            .search
            .as_ref()
            .is_some_and(|s| s.scope == Scope::Incident)
        {
            self.search = None;
        }
        self.prompt = None;
        self.screen = Screen::Incident;
    }

    fn back(&mut self) {
        match self.screen {
            Screen::Incident => {
                let wide = self.wide();
                if self
                    .search
                    .as_ref()
                    .is_some_and(|s| s.scope == Scope::Incident)
                {
                    self.search = None;
                } else if let Some(l) = self.live.as_mut().filter(|l| !l.follow) {
                    // Live: drop the selection and follow the newest event again.
                    l.follow = true;
                    if let Some(st) = self.incident.as_mut() {
                        st.selected = st.layout.nodes.len().saturating_sub(1);
                    }
                } else if let Some(st) = self
                    .incident
                    .as_mut()
                    .filter(|s| !wide && s.pane != Pane::Timeline)
                {
                    st.pane = Pane::Timeline;
                } else {
                    self.screen = Screen::List;
                    if let Some(st) = &self.incident
                        && let Some(pos) = self.list.view.iter().position(|&v| v == st.entry)
                    {
                        self.list.selected = pos;
                    }
                }
            }
            Screen::List => {
                if self.search.is_some() {
                    self.search = None;
                } else if !self.list.filter.is_empty() {
                    self.list.filter.clear();
                    self.refresh_list();
                }
            }
            Screen::Present => self.slide(super::screens::present::Step::Leave),
        }
    }

    // ----- presentation -------------------------------------------------------------------

    /// Present the open incident from its title slide.
    fn start_presenting(&mut self) {
        use super::screens::present::PresentState;
        if self.screen != Screen::Incident {
            return;
        }
        let Some((doc, _)) = self.open_incident() else {
            return;
        };
        self.present = Some(PresentState::new(&doc.incident, &doc.analysis));
        self.screen = Screen::Present;
    }

    /// The file changed on disk while presenting: the deck again from the new analysis, on the
    /// same slide number.
    fn refresh_presentation(&mut self) {
        use super::screens::present::PresentState;
        let Some((doc, _)) = self.open_incident() else {
            return;
        };
        let mut fresh = PresentState::new(&doc.incident, &doc.analysis);
        if let Some(old) = &self.present {
            fresh.current = old.current.min(fresh.slides.len() - 1);
            fresh.standalone = old.standalone;
        }
        self.present = Some(fresh);
    }

    fn slide(&mut self, step: super::screens::present::Step) {
        use super::screens::present::{Outcome, update};
        let Some(p) = self.present.as_mut() else {
            return;
        };
        if update(p, step) == Outcome::Leave {
            if p.standalone {
                self.quit = true;
            } else {
                self.present = None;
                self.screen = Screen::Incident;
            }
        }
    }

    // ----- search and filter --------------------------------------------------------------

    fn start_search(&mut self) {
        let (scope, origin) = match self.screen {
            Screen::Present => return,
            Screen::List => (Scope::All, self.list.selected),
            Screen::Incident => (
                Scope::Incident,
                self.incident.as_ref().map_or(0, |s| s.selected),
            ),
        };
        // The search walks the timeline: show it (narrow terminals show one thing at a time).
        let wide = self.wide();
        if let Some(st) = self
            .incident
            .as_mut()
            .filter(|_| scope == Scope::Incident && !wide)
        {
            st.pane = Pane::Timeline;
        }
        // Reopening the prompt edits the same query.
        if !self.search.as_ref().is_some_and(|s| s.scope == scope) {
            self.search = Some(SearchState::new(scope, origin));
        }
        if scope == Scope::All {
            for e in &mut self.entries {
                if let Entry::Doc(d) = e
                    && d.haystacks.is_none()
                {
                    d.haystacks = Some(Haystacks::new(&d.incident.timeline));
                }
            }
        }
        self.prompt = Some(Prompt::Search);
    }

    fn prompt_edit(&mut self, f: impl FnOnce(&mut String)) {
        match self.prompt {
            Some(Prompt::Filter) => {
                f(&mut self.list.filter);
                self.refresh_list();
            }
            Some(Prompt::Search) => {
                let Some(s) = &self.search else { return };
                let mut q = s.query.clone();
                f(&mut q);
                self.set_query(q);
            }
            None => {}
        }
    }

    /// Run the search for a new query and move to the first match at or after the selection.
    fn set_query(&mut self, query: String) {
        let Some(mut s) = self.search.take() else {
            return;
        };
        s.query = query;
        match s.scope {
            Scope::Incident => {
                if let Some((doc, st)) = self.open_incident() {
                    let entry = st.entry as u32;
                    let hay = doc.haystacks.as_ref().expect("built on open");
                    s.hits.set(
                        &s.query,
                        || (0..hay.len() as u32).map(|i| (entry, i)).collect(),
                        |c, q, cs| hay.filter(c, |(_, i)| i as usize, q, cs),
                    );
                }
                self.search = Some(s);
                // Incremental: from where the search started.
                let origin = self.search.as_ref().map_or(0, |s| s.origin);
                if let Some(st) = &mut self.incident {
                    st.selected = origin;
                }
                self.jump_match(true, true);
            }
            Scope::All => {
                let entries = &self.entries;
                s.hits.set(
                    &s.query,
                    || {
                        let mut all = Vec::new();
                        for (ei, e) in entries.iter().enumerate() {
                            if let Entry::Doc(d) = e {
                                let n = d.incident.timeline.len() as u32;
                                all.extend((0..n).map(|i| (ei as u32, i)));
                            }
                        }
                        all
                    },
                    |c, q, cs| {
                        // Hits are grouped by incident: filter each run with its own index.
                        let mut out = Vec::new();
                        for run in c.chunk_by(|a, b| a.0 == b.0) {
                            if let Some(h) = entries[run[0].0 as usize]
                                .doc()
                                .and_then(|d| d.haystacks.as_ref())
                            {
                                out.extend(h.filter(run, |(_, i)| i as usize, q, cs));
                            }
                        }
                        out
                    },
                );
                s.selected = 0;
                s.scroll = 0;
                self.search = Some(s);
            }
        }
    }

    fn prompt_cancel(&mut self) {
        match self.prompt.take() {
            Some(Prompt::Filter) => {
                self.list.filter.clear();
                self.refresh_list();
            }
            Some(Prompt::Search) => {
                if let Some(s) = self.search.take()
                    && s.scope == Scope::Incident
                    && let Some(st) = &mut self.incident
                {
                    st.selected = s.origin;
                }
            }
            None => {}
        }
    }

    fn next_match(&mut self, forward: bool) {
        match self.screen {
            Screen::Incident => self.jump_match(forward, false),
            Screen::List => {
                if self.active_search().is_some_and(|s| !s.query.is_empty()) {
                    self.move_by(if forward { 1 } else { -1 })
                }
            }
            Screen::Present => {}
        }
    }

    /// Select the next (or previous) match after the selected event, wrapping around.
    fn jump_match(&mut self, forward: bool, inclusive: bool) {
        let Some(s) = self.search.as_ref().filter(|s| s.scope == Scope::Incident) else {
            return;
        };
        let hits = s.hits();
        let Some(st) = &mut self.incident else { return };
        if hits.is_empty() {
            return;
        }
        let cur = st.selected as u32;
        // Hits are in timeline order: binary search.
        let pos = hits.partition_point(|&(_, e)| e < cur);
        let idx = if forward {
            let p = if inclusive || hits.get(pos).is_none_or(|h| h.1 != cur) {
                pos
            } else {
                pos + 1
            };
            if p >= hits.len() { 0 } else { p }
        } else if pos == 0 {
            hits.len() - 1
        } else {
            pos - 1
        };
        st.selected = hits[idx].1 as usize;
    }

    /// 1-based position of the selected event among the matches, and their count.
    pub fn match_position(&self) -> Option<(usize, usize)> {
        let s = self
            .active_search()
            .filter(|s| !s.query.trim().is_empty())?;
        let hits = s.hits();
        match s.scope {
            Scope::Incident => {
                let st = self.incident.as_ref()?;
                let sel = st.selected as u32;
                let pos = hits.partition_point(|&(_, e)| e < sel);
                let at = hits.get(pos).is_some_and(|h| h.1 == sel);
                Some((if at { pos + 1 } else { 0 }, hits.len()))
            }
            Scope::All => Some(((s.selected + 1).min(hits.len()), hits.len())),
        }
    }

    // ----- incident view ------------------------------------------------------------------

    /// Move to the next landmark of the story. The walk stops at the first one, so its cost
    /// is the distance moved, not the timeline's length.
    fn landmark(&mut self, forward: bool) {
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

    fn toggle_zone(&mut self) {
        let Some(st) = &self.incident else { return };
        let (entry, zone) = (st.entry, st.layout.zone.next());
        let Some(doc) = self.doc(entry) else { return };
        let layout = TimelineLayout::new(&doc.incident, &doc.analysis, zone);
        if let Some(st) = &mut self.incident {
            st.layout = layout;
        }
        self.message = Some(format!("Times now in {}", zone.label()));
    }

    fn cycle_pane(&mut self, delta: isize) {
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

    fn show_pane(&mut self, p: Pane) {
        let wide = self.wide();
        let Some(st) = &mut self.incident else { return };
        if wide && p == Pane::Timeline {
            return;
        }
        if st.pane != p {
            st.pane_scroll = 0;
        }
        st.pane = p;
    }

    fn scroll_pane(&mut self, delta: i32) {
        if let Some(st) = &mut self.incident {
            st.pane_scroll = (st.pane_scroll as i32 + delta).clamp(0, u16::MAX as i32 / 2) as u16;
        }
    }

    fn edit(&mut self) -> Option<super::command::Command> {
        let entry = match self.screen {
            Screen::Incident | Screen::Present => self.incident.as_ref().map(|s| s.entry),
            // The incident of the selected search result, else of the selected row.
            Screen::List => match self.active_search().filter(|s| !s.query.is_empty()) {
                Some(s) => s.hits().get(s.selected).map(|h| h.0 as usize),
                None => self.list.view.get(self.list.selected).copied(),
            },
        };
        let entry = entry?;
        let path = match self.entries.get(entry) {
            Some(Entry::Doc(d)) => match &d.source {
                Source::File(p) => Some(p.clone()),
                Source::Sample(_) => None,
            },
            Some(Entry::Failed { .. }) => None,
            None => return None,
        };
        match path.or_else(|| self.failed_path(entry)) {
            Some(path) => Some(super::command::Command::Edit { entry, path }),
            None => {
                self.message = Some(
                    "Samples are built into retrace; copy one out (retrace import, or data/) to edit it."
                        .into(),
                );
                None
            }
        }
    }

    fn failed_path(&self, entry: usize) -> Option<PathBuf> {
        match self.entries.get(entry)? {
            Entry::Failed { path, .. } => {
                // The location is `path:line:col`; the file is the part before the numbers.
                let mut p = path.as_str();
                for _ in 0..2 {
                    if let Some((head, tail)) = p.rsplit_once(':')
                        && tail.chars().all(|c| c.is_ascii_digit())
                        && !tail.is_empty()
                    {
                        p = head;
                    }
                }
                Some(PathBuf::from(p))
            }
            Entry::Doc(_) => None,
        }
    }

    /// The entry showing the file at `path`, if any.
    pub fn entry_of(&self, path: &std::path::Path) -> Option<usize> {
        let canon =
            |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let want = canon(path);
        self.entries.iter().position(|e| match e {
            Entry::Doc(d) => match &d.source {
                Source::File(p) => p == path || canon(p) == want,
                Source::Sample(_) => false,
            },
            Entry::Failed { .. } => false,
        })
    }

    /// A watched file changed: read it again (off the UI thread).
    fn file_changed(&mut self, path: &std::path::Path) -> Option<super::command::Command> {
        let known = self.entry_of(path).is_some();
        // A new file in a watched folder joins the list (not in live mode, nor over samples).
        if !known && (self.live.is_some() || self.samples) {
            return None;
        }
        Some(super::command::Command::Load(path.to_path_buf()))
    }

    /// A file was read after a change on disk: show it, keeping the selection.
    fn file_loaded(&mut self, path: &std::path::Path, result: Result<Loaded, String>) {
        let Some(entry) = self.entry_of(path) else {
            // A new file in a watched folder joins the list (when it loads); a file that is not
            // an incident, such as a README, is left out.
            if let Ok(l) = result
                && l.looks_like_incident
                && self.live.is_none()
                && !self.samples
            {
                let source = Source::File(l.path.clone());
                self.message = Some(format!("New: {}", source.label()));
                self.entries
                    .push(Entry::Doc(Box::new(Doc::from_loaded(source, l))));
                self.refresh_list();
            }
            return;
        };
        let Some(Entry::Doc(doc)) = self.entries.get(entry) else {
            return;
        };
        let label = doc.source.label();
        let loaded = match result {
            Ok(l) => l,
            // Mid-save or briefly broken: keep showing what was there; the next change reloads.
            Err(e) => {
                self.message = Some(format!(
                    "{label}: could not reload: {}",
                    clean_line(e.lines().next().unwrap_or(""))
                ));
                return;
            }
        };
        self.replace_doc(
            entry,
            loaded.path,
            loaded.incident,
            &loaded.diagnostics,
            None,
        );
        self.check_hypothesis();
    }

    /// Show a new version of an entry's incident, keeping the selected event by identity and
    /// following the newest event when it was selected.
    pub fn replace_doc(
        &mut self,
        entry: usize,
        path: PathBuf,
        incident: Incident,
        diagnostics: &[Diagnostic],
        select: Option<crate::store::EventKey>,
    ) {
        let before = self
            .incident
            .as_ref()
            .filter(|st| st.entry == entry)
            .and_then(|st| {
                let doc = self.doc(entry)?;
                let n = doc.incident.timeline.len();
                let key = doc
                    .incident
                    .timeline
                    .get(st.selected)
                    .map(crate::store::EventKey::of);
                Some((
                    key,
                    n > 0 && st.selected + 1 >= n,
                    st.scroll,
                    st.pane,
                    st.pane_scroll,
                ))
            });
        let source = Source::File(path);
        let search = self.search.take();
        let prompt = self.prompt.take();
        if let Some(slot) = self.entries.get_mut(entry) {
            *slot = Entry::Doc(Box::new(Doc::new(source, incident, diagnostics)));
        }
        if let Some((key, at_end, scroll, pane, pane_scroll)) = before {
            let screen = self.screen;
            self.open(entry);
            self.screen = screen;
            let Some(doc) = self.doc(entry) else { return };
            let tl = &doc.incident.timeline;
            let n = tl.len();
            let follow = self.live.as_ref().is_some_and(|l| l.follow);
            let sel = if let Some(i) = select.as_ref().and_then(|k| k.find(tl)) {
                i
            } else if at_end || follow {
                n.saturating_sub(1)
            } else {
                key.and_then(|k| k.find(tl)).unwrap_or(0)
            };
            if let Some(st) = &mut self.incident {
                st.selected = sel;
                st.scroll = scroll;
                st.pane = pane;
                st.pane_scroll = pane_scroll;
            }
        }
        // Keep a search or filter being typed; a search of the incident is run again.
        self.prompt = prompt;
        if let Some(mut s) = search {
            let q = s.query.clone();
            // The cached narrowing belongs to the old timeline.
            s.hits.clear();
            self.search = Some(s);
            if !q.is_empty() {
                if let Some(Entry::Doc(d)) = self.entries.get_mut(entry) {
                    d.haystacks = Some(Haystacks::new(&d.incident.timeline));
                }
                let sel = self.incident.as_ref().map(|s| s.selected);
                self.set_query(q);
                if let (Some(st), Some(sel)) = (&mut self.incident, sel) {
                    st.selected = sel;
                }
            }
        }
        self.refresh_list();
    }

    fn reloaded(&mut self, r: Reload) {
        let Some(slot) = self.entries.get_mut(r.entry) else {
            return;
        };
        match r.result {
            Ok(l) => {
                let source = Source::File(l.path.clone());
                let name = source.label();
                *slot = Entry::Doc(Box::new(Doc::from_loaded(source, l)));
                self.message = Some(format!("Reloaded {name}"));
                if let Some(st) = &self.incident
                    && st.entry == r.entry
                {
                    let (sel, scroll, pane) = (st.selected, st.scroll, st.pane);
                    let screen = self.screen;
                    self.open(r.entry);
                    self.screen = screen;
                    if let Some(st) = &mut self.incident {
                        st.selected = sel.min(st.layout.nodes.len().saturating_sub(1));
                        st.scroll = scroll;
                        st.pane = pane;
                    }
                }
            }
            Err(message) => {
                let message = clean_line(&message);
                let path = match &*slot {
                    Entry::Doc(d) => d.source.label(),
                    Entry::Failed { path, .. } => path.clone(),
                };
                self.message = Some(format!("Reload failed: {message}"));
                if self.incident.as_ref().is_some_and(|s| s.entry == r.entry) {
                    self.incident = None;
                    self.screen = Screen::List;
                }
                *slot = Entry::Failed { path, message };
            }
        }
        self.refresh_list();
    }

    // ----- mouse --------------------------------------------------------------------------

    fn wheel(&mut self, down: bool, x: u16, y: u16) {
        let d = if down { 3 } else { -3 };
        if self.help.is_none() && self.screen == Screen::Incident {
            let l = layout::incident(self.area(), self);
            if let Some(p) = l.pane
                && p.contains((x, y).into())
            {
                self.scroll_pane(d as i32);
                return;
            }
        }
        self.move_by(d);
    }

    fn click(&mut self, x: u16, y: u16) {
        if self.help.is_some() {
            return;
        }
        let pos = (x, y).into();
        match self.screen {
            Screen::Present => {}
            Screen::List => {
                let l = layout::list(self.area(), self);
                if !l.table.contains(pos) {
                    return;
                }
                if y == l.table.y {
                    if self.active_search().is_none()
                        && let Some(col) = layout::list_column_at(l.table.width, x - l.table.x)
                    {
                        let desc = (col == self.list.sort).then_some(!self.list.descending);
                        self.sort_by(col, desc);
                    }
                    return;
                }
                let row = (y - l.table.y - 1) as usize;
                if let Some(s) = self.search.as_mut().filter(|s| s.scope == Scope::All)
                    && !s.query.is_empty()
                {
                    let i = s.scroll + row;
                    if i < s.hits().len() {
                        let again = s.selected == i;
                        s.selected = i;
                        if again {
                            self.open_selected();
                        }
                    }
                    return;
                }
                let i = self.list.scroll + row;
                if i < self.list.view.len() {
                    let again = self.list.selected == i;
                    self.list.selected = i;
                    if again {
                        self.open_selected();
                    }
                }
            }
            Screen::Incident => {
                let l = layout::incident(self.area(), self);
                if let Some(t) = l.tabs
                    && t.contains(pos)
                {
                    if let Some(p) = layout::tab_at(x - t.x) {
                        self.show_pane(p);
                    }
                    return;
                }
                if let Some(p) = l.pane
                    && l.tabs.is_none()
                    && y == p.y
                {
                    // The pane names above a wide pane.
                    if let Some(pane) = layout::wide_tab_at(x.saturating_sub(p.x + 1)) {
                        self.show_pane(pane);
                    }
                    return;
                }
                let Some(st) = &mut self.incident else { return };
                if let Some(t) = l.timeline
                    && t.contains(pos)
                {
                    let row = st.scroll + (y - t.y) as usize;
                    if let Some(RowKind::Event(i)) = st.layout.rows.get(row).map(|r| r.kind) {
                        st.selected = i as usize;
                    }
                }
            }
        }
    }
}

fn step(cur: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    (cur as isize)
        .saturating_add(delta)
        .clamp(0, len as isize - 1) as usize
}

fn keep_visible(scroll: usize, selected: usize, height: usize, len: usize) -> usize {
    if height == 0 {
        return scroll;
    }
    let mut s = scroll;
    if selected < s {
        s = selected;
    } else if selected >= s + height {
        s = selected + 1 - height;
    }
    s.min(len.saturating_sub(height))
}
