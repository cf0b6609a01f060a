//! App state and [`App::update`], the only place state changes. Rendering reads an `&App`;
//! key handling only maps keys to [`Action`]s.

use std::path::PathBuf;
use std::sync::Arc;

use super::screens;
pub use super::screens::Screen;
pub use super::screens::incident::{IncidentState, Pane};
pub use super::screens::list::ListState;
use super::search::{EventIndex, Narrowing};
use super::theme::Theme;
use super::timeline::{TimelineLayout, Zone};
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
    /// Open the stats screen (patterns across the incidents).
    OpenStats,
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
    /// The file of an incident being opened was read again (see [`Opening`]).
    IncidentRead(Box<ReadAgain>),
    /// A watched file changed on disk (another writer, `retrace note`, an editor): read it
    /// again, keeping the selected event (by identity) and the scroll; when the newest event was
    /// selected, select the new newest one (`tail -f`).
    FileChanged(PathBuf),
    // ----- live mode (see `super::live`) -----
    /// Wrap every timeline row (the selected one is always whole).
    ToggleWrap,
    /// Hide (show) the side pane: the timeline takes the full width.
    ToggleSidePane,
    /// Space the timeline's rows by elapsed time.
    ToggleTimeScale,
    /// Open the note line.
    LiveNote,
    /// Ask the name of a new hypothesis.
    LiveHypothesis,
    /// Edit the open line.
    Line(super::widgets::line_editor::LineOp),
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
    /// The path is canonical when it could be resolved (the loader resolves it).
    FileLoaded(Box<(PathBuf, Result<Loaded, String>)>),
    /// Files loaded in the background (see [`super::loading`]) join the list.
    LoadBatch(Box<super::loading::LoadBatch>),
    /// Background loading is done: the event index of every incident.
    LoadDone(std::sync::Arc<crate::search::Index>),
    /// What the search worker found so far for a query over all incidents.
    SearchUpdate(Box<crate::search::Update>),
    /// The clock: the time the screen shows (`now` is passed in; nothing reads a clock while
    /// drawing).
    Tick(crate::model::Timestamp),
    /// Present the open incident, one slide at a time (presentation mode).
    Present,
    /// A move through the presentation.
    Slide(super::screens::present::Step),
}

/// The file of list entry `entry` read again after `$EDITOR` closed on it.
#[derive(Clone, Debug)]
pub struct Reload {
    /// The list entry edited (an index into [`App::entries`]).
    pub entry: usize,
    /// The file as it is now, or why it could not be read (a diagnostic, one line or more).
    pub result: Result<Loaded, String>,
}

/// The file of list entry `entry` read for opening its incident, analysed (off the UI thread,
/// as the list's docs are: [`Doc::from_loaded`]), or why it could not be read.
#[derive(Clone, Debug)]
pub struct ReadAgain {
    /// The list entry being opened (an index into [`App::entries`]).
    pub entry: usize,
    /// The file's incident as it is now, or why it could not be read (a diagnostic).
    pub result: Result<Box<Doc>, String>,
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
    /// The incident. Its timeline is empty while [`Doc::held`] is false: a file loaded with a
    /// folder keeps its timeline only while it is open (the event index holds what the list
    /// and the search show of its events), and it is read again from the file when it is
    /// opened (issue 10: the list holds summaries, analyses and the index, not every event).
    pub incident: Arc<Incident>,
    pub analysis: Analysis,
    pub status: Status,
    pub warnings: Vec<String>,
    /// What the list filter matches against: title, severity, status, services, id and date.
    pub filter_text: String,
    /// Its events as lines of the search engine (line `n` is event `n`), built when the
    /// incident is opened: the search inside it (see [`super::search::incident_index`]).
    pub events: Option<std::sync::Arc<crate::search::Index>>,
    /// The file's canonical path, when it was resolved (by the loader, off the UI thread): a
    /// watcher's path for the file is recognised by it.
    pub canonical: Option<PathBuf>,
    /// The display width of each of its cells in the incident list (in
    /// [`layout::ListColumn::ALL`]'s order): the list fits its columns to the widest.
    pub cell_widths: [u16; 7],
    /// How many events its timeline has (whether or not it is held).
    pub event_count: usize,
    /// The time of its timeline's first event (the list's date when the file states none).
    pub first_at: Option<crate::model::Timestamp>,
    /// Whether `incident.timeline` holds the timeline; false for a file loaded with a folder
    /// while it is not open ([`Doc::drop_timeline`]; read again with [`Doc::take_timeline`]).
    pub held: bool,
    /// Loaded with a folder: its timeline is dropped when another incident is opened, and
    /// read again from its file when it is opened (the list keeps no timeline; issue 10).
    pub reread: bool,
}

impl Doc {
    pub fn new(source: Source, incident: Incident, diagnostics: &[Diagnostic]) -> Doc {
        let mut analysis = analyze(&incident);
        // Held for every incident of the list: without the spare room of the vector it was
        // collected into (a third of the detours' memory with a large corpus open).
        analysis.detours.shrink_to_fit();
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
        let event_count = incident.timeline.len();
        let first_at = incident.timeline.first().map(|e| e.at);
        let mut doc = Doc {
            source,
            event_count,
            first_at,
            held: true,
            reread: false,
            incident: Arc::new(incident),
            analysis,
            status,
            warnings: diagnostics
                .iter()
                .map(|d| clean_line(&d.to_string()))
                .collect(),
            filter_text,
            events: None,
            canonical: None,
            cell_widths: [0; 7],
        };
        doc.cell_widths = screens::list::cell_widths(&doc);
        doc
    }

    /// The loaded file's incident, its timeline's texts in one block (as a load of a folder
    /// leaves them; a file read again after an edit or a change on disk comes with a block per
    /// text).
    pub fn from_loaded(source: Source, mut l: Loaded) -> Doc {
        l.incident.share_text();
        Doc::new(source, l.incident, &l.diagnostics)
    }

    /// A file loaded from disk as the list holds it: its incident shared, its canonical path
    /// resolved (reads the file system: call it where loading happens, never in `update`).
    pub fn from_file(l: Loaded) -> Doc {
        Doc::from_loaded(Source::File(l.path.clone()), l).resolved()
    }

    /// [`Doc::from_file`] with the part of the event index over its events, as a folder's
    /// list holds it: the index keeps each event's text (its incident's block of text, shared),
    /// kind, author and time, and the doc drops its timeline ([`Doc::drop_timeline`]), which
    /// is read again from the file when the incident is opened. Memory: about 21 bytes an
    /// event beside its text, against 72 for the `Event` and 8 for an index that read it.
    pub fn from_file_indexed(l: Loaded) -> (Doc, crate::search::Index) {
        let path = l.path.clone();
        let mut doc = Doc::from_file(l);
        let mut part = crate::search::Index::new();
        part.push_incident(&path, &doc.incident);
        doc.reread = true;
        doc.drop_timeline();
        (doc, part)
    }

    /// Drop the timeline (the incident's events, and the search inside it built when it was
    /// opened) and what only an open incident shows: its branches, declared milestones, root
    /// cause, resolution, actions and lessons. What the list, its detail line, its filter and
    /// the stats screen read stays (id, title, severity, status, services, date, zone, summary,
    /// impact), with the analysis and counts. [`Doc::held`] is false after.
    pub fn drop_timeline(&mut self) {
        self.events = None;
        let summary = summary_only(&self.incident);
        match Arc::get_mut(&mut self.incident) {
            Some(inc) => *inc = summary,
            // Still shared (a view holds it): the summary in its place.
            None => self.incident = Arc::new(summary),
        }
        self.held = false;
    }

    /// Take the incident of `fresh` (the same file read again) when it is the one this doc
    /// summarises (the same analysis, list cells, filter text, summary and counts):
    /// `Err(fresh)` when the file changed since, for the caller to put in its place.
    pub fn take_timeline(&mut self, fresh: Doc) -> Result<(), Box<Doc>> {
        let (a, b) = (&*fresh.incident, &*self.incident);
        let same = fresh.analysis == self.analysis
            && (&a.summary, &a.impact, a.undated, a.timezone)
                == (&b.summary, &b.impact, b.undated, b.timezone)
            && fresh.filter_text == self.filter_text
            && fresh.status == self.status
            && fresh.cell_widths == self.cell_widths
            && fresh.event_count == self.event_count
            && fresh.first_at == self.first_at
            && fresh.warnings == self.warnings;
        if !same {
            return Err(Box::new(fresh));
        }
        self.incident = fresh.incident;
        self.held = true;
        Ok(())
    }

    /// With the file's canonical path resolved (reads the file system: call it where loading
    /// happens, never in `update`).
    pub fn resolved(mut self) -> Doc {
        if let Source::File(p) = &self.source {
            self.canonical = std::fs::canonicalize(p).ok();
        }
        self
    }
}

/// What [`Doc::drop_timeline`] keeps of an incident: what the list, its detail line, its
/// filter and the stats screen read (id, title, severity, status, services, date, undated,
/// zone, summary, impact), copied; the timeline and the rest are left out, not copied.
fn summary_only(inc: &Incident) -> Incident {
    Incident {
        id: inc.id.clone(),
        title: inc.title.clone(),
        severity: inc.severity.clone(),
        status: inc.status,
        services: inc.services.clone(),
        date: inc.date,
        undated: inc.undated,
        timezone: inc.timezone,
        summary: inc.summary.clone(),
        impact: inc.impact.clone(),
        ..Incident::default()
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
    /// All scope: the engine's best matches so far, best first, as hits and as index lines.
    pub found: Vec<Hit>,
    pub lines: Vec<crate::search::LineId>,
    /// All scope: how far the search of the query has got (`None` before its first update).
    pub progress: Option<Progress>,
    /// Selected result (All scope).
    pub selected: usize,
    pub scroll: usize,
    /// The selection before the search started, restored by Esc.
    pub origin: usize,
}

impl SearchState {
    pub(crate) fn new(scope: Scope, origin: usize) -> SearchState {
        SearchState {
            scope,
            query: String::new(),
            hits: Narrowing::default(),
            found: Vec::new(),
            lines: Vec::new(),
            progress: None,
            selected: 0,
            scroll: 0,
            origin,
        }
    }

    pub fn hits(&self) -> &[Hit] {
        match self.scope {
            Scope::Incident => self.hits.current(),
            Scope::All => &self.found,
        }
    }
}

/// A search over all incidents as it runs: lines matched and looked at so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub matched: usize,
    pub scanned: usize,
    pub total: usize,
    pub done: bool,
}

/// What is drawn over the screen and takes the keys first. Opened by `update`, closed by
/// `update`; [`App::overlay`] says which is on top.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// The help (`?`), over everything.
    Help,
    /// A live-mode y/n question.
    Confirm,
    /// The live note line (or a hypothesis' name) being typed.
    NoteLine,
    /// A search or filter query being typed.
    Prompt,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prompt {
    Search,
    Filter,
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
    /// The stats screen's state: while it is open, and kept after it closes so that opening it
    /// again reuses the patterns while [`App::corpus_version`] is the same.
    pub stats: Option<super::screens::stats::StatsState>,
    /// Counts the changes to the incidents of `entries` (a file loaded, reloaded, replaced):
    /// what is computed over all of them (the stats' patterns) is kept while it stays the same.
    pub corpus_version: u64,
    pub search: Option<SearchState>,
    /// The search over all incidents an incident was opened from (its query, results,
    /// selection and scroll), kept while the incident is open and put back when Esc returns to
    /// the list.
    pub results: Option<SearchState>,
    pub prompt: Option<Prompt>,
    /// Help overlay open, with its scroll.
    pub help: Option<u16>,
    pub message: Option<String>,
    pub quit: bool,
    /// Live mode (`retrace live FILE`): writing to the open incident.
    pub live: Option<super::live::Live>,
    /// The time shown (the live clock, open branches' time so far), set by [`Action::Tick`].
    pub now: crate::model::Timestamp,
    /// Every event of the list, for the search over all incidents (while files load, of those
    /// loaded so far; `None`: no search over all incidents).
    pub index: Option<EventIndex>,
    /// Files still loading in the background: how far it has got.
    pub loading: Option<super::loading::LoadProgress>,
    /// When the background load started: the loading line says how long it has run (a file
    /// of a million events parses for many seconds before the count moves).
    pub loading_since: Option<crate::model::Timestamp>,
    /// Where a note's stamp comes from when Enter saves it (the system clock; tests fix it).
    pub clock: fn() -> crate::model::Timestamp,
    /// The presentation's deck and position, while [`Screen::Present`] is shown.
    pub present: Option<super::screens::present::PresentState>,
    /// An incident asked to open whose timeline is being read again from its file.
    pub opening: Option<Opening>,
}

/// An incident to open once its timeline is read again from its file (the list does not keep
/// the timelines of a folder's incidents: see [`Doc::held`]). The read runs off the UI thread
/// ([`super::command::Command::ReadIncident`]); the incident opens when it comes back
/// ([`Action::IncidentRead`]), unless the user has done anything else since (moved, opened
/// another screen or asked for another incident); Enter again on it waits for the same read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opening {
    /// The list entry to open (an index into [`App::entries`]).
    pub entry: usize,
    /// Opened from a search result over all incidents: the event and the query carried in.
    pub hit: Option<(usize, String)>,
    /// The read was asked for (the command returned by [`App::update`]).
    pub sent: bool,
}

impl App {
    /// The app over `entries`, with an event index of them built here (see
    /// [`App::with_index`] for one built in the load workers).
    pub fn new(entries: Vec<Entry>, samples: bool, theme: Theme, width: u16, height: u16) -> App {
        let index = EventIndex::of_entries(&entries);
        App::with_index(entries, index, samples, theme, width, height)
    }

    /// The app over `entries` and the event index of their incidents.
    pub fn with_index(
        entries: Vec<Entry>,
        index: EventIndex,
        samples: bool,
        theme: Theme,
        width: u16,
        height: u16,
    ) -> App {
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
                widest: [0; 7],
            },
            incident: None,
            stats: None,
            corpus_version: 0,
            search: None,
            results: None,
            prompt: None,
            help: None,
            message: None,
            quit: false,
            live: None,
            now: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
            clock: crate::store::stamp::now,
            index: Some(index),
            loading: None,
            loading_since: None,
            present: None,
            opening: None,
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

    /// The overlay on top, if any: the one that takes the keys.
    pub fn overlay(&self) -> Option<Overlay> {
        let live = self
            .live
            .as_ref()
            .filter(|_| self.screen == Screen::Incident);
        if self.help.is_some() {
            Some(Overlay::Help)
        } else if live.is_some_and(|l| l.pending.is_some()) {
            Some(Overlay::Confirm)
        } else if live.is_some_and(|l| l.line.is_some()) {
            Some(Overlay::NoteLine)
        } else if self.prompt.is_some() {
            Some(Overlay::Prompt)
        } else {
            None
        }
    }

    /// Wide terminals show a pane beside the timeline.
    pub fn wide(&self) -> bool {
        self.width >= layout::WIDE
    }

    /// The search of the current screen, if any.
    pub fn active_search(&self) -> Option<&SearchState> {
        let s = self.search.as_ref()?;
        let want = match self.screen {
            Screen::Stats | Screen::Present => return None,
            Screen::List => Scope::All,
            Screen::Incident => Scope::Incident,
        };
        (s.scope == want).then_some(s)
    }

    /// The only place state changes: apply `action`, and return the work it needs done outside
    /// (reading or saving files, running `$EDITOR`), which the event loop runs off the UI
    /// thread and reports back as actions. Does no I/O itself.
    pub fn update(&mut self, action: Action) -> Vec<super::command::Command> {
        let mut commands = self.apply(action);
        commands.extend(self.read_for_opening());
        commands
    }

    /// [`App::update`] but for the read of an incident being opened.
    fn apply(&mut self, action: Action) -> Vec<super::command::Command> {
        let mut commands = Vec::new();
        let background = matches!(
            action,
            Action::Resize(..)
                | Action::Scroll { .. }
                | Action::Reloaded(_)
                | Action::IncidentRead(_)
                | Action::FileChanged(_)
                | Action::FileLoaded(_)
                | Action::Tick(_)
                | Action::SaveWaiting(..)
                | Action::Saved(_)
                | Action::SearchUpdate(_)
                | Action::LoadBatch(_)
                | Action::LoadDone(_)
        );
        if !background {
            // A message stays until the next thing the user does.
            self.message = None;
        }
        // An incident being opened opens only while the list stays as it was asked from: a
        // move or another screen (anything the user does but Enter again) cancels it, and the
        // "Reading…" message with it.
        if self.opening.is_some()
            && !matches!(action, Action::Open)
            && (!background || matches!(action, Action::Scroll { .. }))
        {
            self.opening = None;
            self.message = None;
        }
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
        if self.help.is_none()
            && let Some(c) = screens::update(self, &action)
        {
            commands.extend(c);
            screens::fix_scroll(self);
            return commands;
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
            Action::Back => self.back(),
            Action::StartSearch => self.start_search(),
            Action::PromptInput(c) => commands.extend(self.prompt_edit(|q| q.push(c))),
            Action::PromptBackspace => commands.extend(self.prompt_edit(|q| {
                q.pop();
            })),
            Action::PromptClear => commands.extend(self.prompt_edit(String::clear)),
            Action::SearchUpdate(u) => self.search_update(*u),
            Action::LoadBatch(b) => commands.extend(self.load_batch(*b)),
            Action::LoadDone(index) => commands.extend(self.load_done(index)),
            Action::PromptConfirm => {
                self.prompt = None;
                if self.search.as_ref().is_some_and(|s| s.query.is_empty()) {
                    self.search = None;
                }
            }
            Action::PromptCancel => self.prompt_cancel(),
            Action::NextMatch => self.next_match(true),
            Action::PrevMatch => self.next_match(false),
            Action::Edit => commands.extend(self.edit()),
            // A screen's own action on another screen: nothing to do.
            Action::Open
            | Action::StartFilter
            | Action::SortNext
            | Action::SortPrev
            | Action::SortReverse
            | Action::OpenStats
            | Action::NextLandmark
            | Action::PrevLandmark
            | Action::ToggleZone
            | Action::NextPane
            | Action::PrevPane
            | Action::ShowPane(_)
            | Action::PaneDown
            | Action::PaneUp
            | Action::ToggleWrap
            | Action::ToggleSidePane
            | Action::ToggleTimeScale
            | Action::Present
            | Action::Slide(_) => {}
            Action::Scroll { down, x, y } => self.wheel(down, x, y),
            Action::Click { x, y } => self.click(x, y),
            Action::Reloaded(r) => {
                commands.extend(self.reloaded(*r));
                self.rebuild_presentation();
            }
            Action::IncidentRead(r) => commands.extend(self.incident_read(*r)),
            Action::FileChanged(path) => commands.extend(self.file_changed(&path)),
            Action::FileLoaded(loaded) => {
                let (path, result) = *loaded;
                commands.extend(self.file_loaded(&path, result));
                self.rebuild_presentation();
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
        }
        screens::fix_scroll(self);
        commands
    }

    // ----- moving -------------------------------------------------------------------------

    fn page(&self) -> usize {
        let h = if self.help.is_some() {
            self.height.saturating_sub(4) as usize
        } else {
            screens::page(self)
        };
        h.saturating_sub(1).max(1)
    }

    fn move_by(&mut self, delta: isize) {
        if self.help.is_some() {
            // Stop at the last page, so scrolling back up answers at once.
            let inner = self.height.saturating_sub(4) as usize;
            let max = super::widgets::help::wrapped(self, self.width)
                .len()
                .saturating_sub(inner) as isize;
            if let Some(h) = &mut self.help {
                *h = (*h as isize + delta).clamp(0, max) as u16;
            }
            return;
        }
        screens::move_by(self, delta)
    }

    pub fn area(&self) -> ratatui::layout::Rect {
        ratatui::layout::Rect::new(0, 0, self.width, self.height)
    }

    // ----- list ---------------------------------------------------------------------------

    /// Open an incident: lay out its timeline once. An incident whose timeline the list does
    /// not hold opens when it has been read again ([`Opening`]); the one open before it drops
    /// its timeline then, if it can be read again.
    pub fn open(&mut self, entry: usize) {
        if self.wait_for_timeline(entry, || None) {
            return;
        }
        self.opening = None;
        if let Some(before) = self.incident.as_ref().map(|s| s.entry)
            && before != entry
            && let Some(Entry::Doc(d)) = self.entries.get_mut(before)
            && d.reread
        {
            d.drop_timeline();
        }
        let zone = self
            .incident
            .as_ref()
            .map_or(Zone::Incident, |s| s.layout.zone);
        // How the timeline is read (wrapped, full width, to scale) carries to the next incident.
        let (wrap, full_width, to_scale) =
            self.incident.as_ref().map_or((false, false, false), |s| {
                (s.wrap, s.full_width, s.time_scale.is_some())
            });
        let Some(Entry::Doc(doc)) = self.entries.get_mut(entry) else {
            return;
        };
        if doc.events.is_none() {
            doc.events = Some(super::search::incident_index(&doc.incident));
        }
        let layout = TimelineLayout::new(&doc.incident, &doc.analysis, zone);
        let pane = if self.width >= layout::WIDE {
            Pane::Impact
        } else {
            Pane::Timeline
        };
        let time_scale = to_scale.then(|| screens::incident::scale_unit(doc));
        self.incident = Some(IncidentState {
            entry,
            layout,
            selected: 0,
            scroll: 0,
            pane,
            pane_scroll: 0,
            wrap,
            full_width,
            time_scale,
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

    /// Open the incident of a search result over all incidents at its event, the query
    /// carried in (n/N walk its matches there); the results are kept for Esc.
    pub(crate) fn open_hit(&mut self, entry: usize, event: usize, query: String) {
        if self.wait_for_timeline(entry, || Some((event, query.clone()))) {
            return;
        }
        // Kept for Esc, which returns to these results.
        self.results = self.search.take();
        self.open(entry);
        if let Some(st) = &mut self.incident {
            st.selected = event;
        }
        // Carry the query into the incident, so n/N keep walking its matches.
        self.search = Some(SearchState::new(Scope::Incident, event));
        let _ = self.set_query(query);
        if let Some(st) = &mut self.incident {
            st.selected = event;
        }
    }

    /// When the list does not hold entry `entry`'s timeline ([`Doc::held`]): open it (at the
    /// result `hit` gives, if any) once its timeline is read again, and return true; the status
    /// line says so meanwhile (a large file takes a while; a normal one is read before the next
    /// frame). False when the timeline is held: the caller opens it now.
    fn wait_for_timeline(
        &mut self,
        entry: usize,
        hit: impl FnOnce() -> Option<(usize, String)>,
    ) -> bool {
        let Some(d) = self.doc(entry).filter(|d| !d.held) else {
            return false;
        };
        self.message = Some(format!("Reading {}…", d.source.label()));
        let hit = hit();
        match &mut self.opening {
            // Asked again while its read runs: the same read serves (what to show may differ).
            Some(p) if p.entry == entry => p.hit = hit,
            _ => {
                self.opening = Some(Opening {
                    entry,
                    hit,
                    sent: false,
                })
            }
        }
        true
    }

    /// The read of the file of an incident being opened, asked for once (see [`Opening`]).
    fn read_for_opening(&mut self) -> Option<super::command::Command> {
        let o = self.opening.as_mut().filter(|o| !o.sent)?;
        o.sent = true;
        let entry = o.entry;
        match self.doc(entry).map(|d| &d.source) {
            Some(Source::File(path)) => Some(super::command::Command::ReadIncident {
                entry,
                path: path.clone(),
            }),
            _ => {
                self.opening = None;
                None
            }
        }
    }

    /// The file of the incident being opened was read again: it opens, unless the user left
    /// the list or asked for another incident meanwhile. A file changed since it was listed
    /// replaces its entry (the list then shows it as it is now).
    fn incident_read(&mut self, r: ReadAgain) -> Option<super::command::Command> {
        let o = self.opening.take_if(|o| o.entry == r.entry)?;
        if self.screen != Screen::List {
            return None;
        }
        // The event of the result opened, as the index knows it: found again by its time and
        // text when the file changed (its position may have).
        let was = o
            .hit
            .as_ref()
            .and_then(|(event, _)| self.hit_event(r.entry, *event));
        let Some(Entry::Doc(d)) = self.entries.get_mut(r.entry) else {
            return None;
        };
        let mut search_again = None;
        match r.result {
            Ok(fresh) => {
                self.message = None;
                if let Err(fresh) = d.take_timeline(*fresh) {
                    **d = Doc {
                        canonical: d.canonical.clone(),
                        reread: true,
                        ..*fresh
                    };
                    self.corpus_version += 1;
                    self.refresh_list();
                    search_again = self.reindex(r.entry);
                }
                match o.hit {
                    None => self.open(r.entry),
                    Some((event, query)) => {
                        let timeline = self.doc(r.entry).map(|d| &d.incident.timeline);
                        let found = was.and_then(|(at, text)| {
                            timeline?
                                .iter()
                                .position(|e| e.at == at && *e.text == *text)
                        });
                        let last = self.doc(r.entry).map_or(0, |d| d.event_count);
                        let event = found.unwrap_or(event.min(last.saturating_sub(1)));
                        self.open_hit(r.entry, event, query)
                    }
                }
            }
            Err(message) => {
                self.message = Some(format!(
                    "Could not read {} again: {}",
                    d.source.label(),
                    clean_line(&message)
                ))
            }
        }
        search_again
    }

    /// The time and text of event `event` of entry `entry` as the search over all incidents
    /// shows it (from the event index), when it is one of its results.
    fn hit_event(&self, entry: usize, event: usize) -> Option<(crate::model::Timestamp, String)> {
        let s = self.search.as_ref().filter(|s| s.scope == Scope::All)?;
        let pos = s
            .found
            .iter()
            .position(|&h| h == (entry as u32, event as u32))?;
        let line = *s.lines.get(pos)?;
        let index = &self.index.as_ref()?.index;
        Some((index.time(line), index.text(line).to_string()))
    }

    fn back(&mut self) {
        match self.screen {
            // Closed by their own `update`.
            Screen::Stats | Screen::Present => {}
            Screen::Incident => {
                let wide = self.wide();
                // The query carried from the results is theirs: Esc goes back to them at once.
                let carried = match (&self.search, &self.results) {
                    (Some(s), Some(r)) => s.scope == Scope::Incident && s.query == r.query,
                    _ => false,
                };
                if !carried
                    && self
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
                    // Back to the results it was opened from, as they were; else the list.
                    self.search = self.results.take();
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
        }
    }

    // ----- search and filter --------------------------------------------------------------

    fn start_search(&mut self) {
        let (scope, origin) = match self.screen {
            Screen::Stats | Screen::Present => return,
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
        self.prompt = Some(Prompt::Search);
    }

    fn prompt_edit(&mut self, f: impl FnOnce(&mut String)) -> Option<super::command::Command> {
        match self.prompt {
            Some(Prompt::Filter) => {
                f(&mut self.list.filter);
                self.refresh_list();
                None
            }
            Some(Prompt::Search) => {
                let s = self.search.as_ref()?;
                let mut q = s.query.clone();
                f(&mut q);
                self.set_query(q)
            }
            None => None,
        }
    }

    /// Run the search for a new query: in the open incident, at once, moving to the first
    /// match at or after the selection; over all incidents, by asking the search worker
    /// (the command returned).
    pub(crate) fn set_query(&mut self, query: String) -> Option<super::command::Command> {
        let mut s = self.search.take()?;
        s.query = query;
        match s.scope {
            Scope::Incident => {
                if let Some((doc, st)) = self.open_incident() {
                    let entry = st.entry as u32;
                    let lines = doc.events.as_deref().expect("built on open");
                    s.hits.set(
                        &s.query,
                        || (0..lines.len() as u32).map(|i| (entry, i)).collect(),
                        |c, q| super::search::incident_matches(lines, q, c),
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
                let index = self.index.as_ref().map(|i| std::sync::Arc::clone(&i.index));
                s.selected = 0;
                s.scroll = 0;
                s.progress = None;
                let query = s.query.clone();
                if query.trim().is_empty() || index.is_none() {
                    s.found.clear();
                    s.lines.clear();
                }
                self.search = Some(s);
                if query.trim().is_empty() {
                    return None;
                }
                return Some(super::command::Command::Search(
                    super::command::SearchRequest {
                        index: index?,
                        query,
                    },
                ));
            }
        }
        None
    }

    /// Results of the search worker: shown when they are for the query being typed.
    fn search_update(&mut self, u: crate::search::Update) {
        // The results on the list, or kept while an incident opened from them is shown.
        let shown = self.search.as_mut().filter(|s| s.scope == Scope::All);
        let Some(s) = shown.or(self.results.as_mut()) else {
            return;
        };
        let Some(ix) = self.index.as_ref() else {
            return;
        };
        if u.query != s.query {
            return;
        }
        let (found, lines): (Vec<Hit>, Vec<crate::search::LineId>) = u
            .best
            .iter()
            .filter_map(|h| Some((ix.hit(h.line)?, h.line)))
            .unzip();
        // A result the person moved to stays selected on its row of the screen as better ones
        // arrive (fzf's way: untouched, the cursor stays on the best).
        let moved_to = s.found.get(s.selected).copied().filter(|_| s.selected > 0);
        let row = s.selected.saturating_sub(s.scroll);
        s.found = found;
        s.lines = lines;
        match moved_to.and_then(|h| s.found.iter().position(|&f| f == h)) {
            Some(pos) => {
                s.selected = pos;
                s.scroll = pos.saturating_sub(row);
            }
            None => s.selected = s.selected.min(s.found.len().saturating_sub(1)),
        }
        // Lines of an entry replaced since (see `EventIndex::replace`) are still searched but
        // lead nowhere: not counted (exact while every match is among the best kept).
        let stale = u.best.len() - s.found.len();
        s.progress = Some(Progress {
            matched: u.matched.saturating_sub(stale),
            scanned: u.scanned,
            total: u.total,
            done: u.done,
        });
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
            Screen::Stats | Screen::Present => {}
            Screen::Incident => self.jump_match(forward, false),
            Screen::List => {
                if self.active_search().is_some_and(|s| !s.query.is_empty()) {
                    self.move_by(if forward { 1 } else { -1 })
                }
            }
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
            // Of every match, not only the best ones kept.
            Scope::All => {
                let all = s.progress.map_or(hits.len(), |p| p.matched);
                Some(((s.selected + 1).min(hits.len()), all))
            }
        }
    }

    // ----- incident view ------------------------------------------------------------------

    fn edit(&mut self) -> Option<super::command::Command> {
        let entry = match self.screen {
            Screen::Stats => None,
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

    /// The entry showing the file at `path` (as given, or canonical as the loader and the
    /// watcher resolve it), if any. Reads no file system: paths were resolved off the UI thread.
    pub fn entry_of(&self, path: &std::path::Path) -> Option<usize> {
        self.entries.iter().position(|e| match e {
            Entry::Doc(d) => match &d.source {
                Source::File(p) => p == path || d.canonical.as_deref() == Some(path),
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
    fn file_loaded(
        &mut self,
        path: &std::path::Path,
        result: Result<Loaded, String>,
    ) -> Option<super::command::Command> {
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
                self.corpus_version += 1;
                // A file of a watched folder: kept as the folder's others are (`Doc::reread`).
                self.entries.push(Entry::Doc(Box::new(Doc {
                    canonical: Some(path.to_path_buf()),
                    reread: true,
                    ..Doc::from_loaded(source, l)
                })));
                let entry = self.entries.len() - 1;
                let search_again = self.reindex(entry);
                self.drop_unless_open(entry);
                self.refresh_list_in_place();
                return search_again;
            }
            return None;
        };
        let Some(Entry::Doc(doc)) = self.entries.get(entry) else {
            return None;
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
                return None;
            }
        };
        let search_again = self.replace_doc(
            entry,
            loaded.path,
            loaded.incident,
            &loaded.diagnostics,
            None,
        );
        self.check_hypothesis();
        search_again
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
    ) -> Option<super::command::Command> {
        self.corpus_version += 1;
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
            let (canonical, reread) = slot
                .doc()
                .map_or((None, false), |d| (d.canonical.clone(), d.reread));
            *slot = Entry::Doc(Box::new(Doc {
                canonical,
                reread,
                ..Doc::new(source, incident, diagnostics)
            }));
        }
        let search_again = self.reindex(entry);
        if let Some((key, at_end, scroll, pane, pane_scroll)) = before {
            let screen = self.screen;
            self.open(entry);
            self.screen = screen;
            let Some(doc) = self.doc(entry) else {
                return search_again;
            };
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
            let scope = s.scope;
            self.search = Some(s);
            // The index of all incidents is not rebuilt: a search over them keeps its results.
            if !q.is_empty() && scope == Scope::Incident {
                if let Some(Entry::Doc(d)) = self.entries.get_mut(entry) {
                    d.events = Some(super::search::incident_index(&d.incident));
                }
                let sel = self.incident.as_ref().map(|s| s.selected);
                let _ = self.set_query(q);
                if let (Some(st), Some(sel)) = (&mut self.incident, sel) {
                    st.selected = sel;
                }
            }
        }
        self.drop_unless_open(entry);
        self.refresh_list();
        search_again
    }

    /// Entry `entry` was replaced by its file read again (its doc holds the timeline): its
    /// events as they are now take the place of the old ones in the event index (not in live
    /// mode, whose one incident is saved note by note). Returns the search over all incidents
    /// sent again with the grown index, when one is shown or kept.
    fn reindex(&mut self, entry: usize) -> Option<super::command::Command> {
        if self.live.is_some() {
            return None;
        }
        let (Some(ix), Some(Entry::Doc(d))) = (self.index.as_mut(), self.entries.get(entry)) else {
            return None;
        };
        ix.replace(entry, d);
        self.search_grown()
    }

    /// A folder's incident that was replaced keeps no timeline unless it is the open one (or
    /// the one the view keeps for going back to it), as when it was loaded ([`Doc::reread`]).
    fn drop_unless_open(&mut self, entry: usize) {
        if self.incident.as_ref().is_some_and(|s| s.entry == entry) {
            return;
        }
        if let Some(Entry::Doc(d)) = self.entries.get_mut(entry)
            && d.reread
            && d.held
        {
            d.drop_timeline();
        }
    }

    fn reloaded(&mut self, r: Reload) -> Option<super::command::Command> {
        self.corpus_version += 1;
        let mut search_again = None;
        let slot = self.entries.get_mut(r.entry)?;
        match r.result {
            Ok(l) => {
                let source = Source::File(l.path.clone());
                let name = source.label();
                let (canonical, reread) = slot
                    .doc()
                    .map_or((None, false), |d| (d.canonical.clone(), d.reread));
                *slot = Entry::Doc(Box::new(Doc {
                    canonical,
                    reread,
                    ..Doc::from_loaded(source, l)
                }));
                search_again = self.reindex(r.entry);
                self.drop_unless_open(r.entry);
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
        search_again
    }

    /// A reload while presenting: the deck again from the new incident (the same slide
    /// number); when the incident could not be read again, back to the list.
    fn rebuild_presentation(&mut self) {
        if self.screen == Screen::Present {
            screens::present::rebuild(self);
        } else if self.incident.is_none() {
            self.present = None;
        }
    }

    // ----- mouse --------------------------------------------------------------------------

    fn click(&mut self, x: u16, y: u16) {
        if self.help.is_none() {
            screens::click(self, x, y)
        }
    }

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
}

pub(crate) fn step(cur: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    (cur as isize)
        .saturating_add(delta)
        .clamp(0, len as isize - 1) as usize
}

pub(crate) fn keep_visible(scroll: usize, selected: usize, height: usize, len: usize) -> usize {
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
