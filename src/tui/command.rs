//! Commands: the work [`App::update`](super::app::App::update) asks for and never does itself.
//!
//! `update` only changes state and returns `Vec<Command>`; anything that touches a disk, a
//! process or may take long (reading a file, saving a change, running `$EDITOR`) is a
//! [`Command`]. The event loop ([`super::run`]) runs each one off the UI thread — saves on one
//! store worker that owns the session's [`Writer`], in order; reads on their own threads — and
//! feeds the outcome back as an [`Action`], so the screen keeps drawing and taking keys while a
//! save waits for another writer's lock. Tests run the same commands in place with
//! [`Blocking`].
//!
//! To add work for a new screen: a variant here (what to do, with everything it needs — no
//! references into the app), a branch in [`perform`] (or in the loop, for work that needs the
//! terminal), and an [`Action`] that brings the result back.

use std::path::PathBuf;
use std::sync::Arc;

use super::app::{Action, App, Doc, ReadAgain, Reload, Source};
use super::search::BEST;
use crate::model::{MilestoneKind, Outcome, Timestamp};
use crate::search::{Index, Searcher, Update};
use crate::store::{EventKey, Saved, StoreError, Writer};

/// Work for the event loop; its outcome comes back as an [`Action`].
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Save a change to the live incident through the session's writer (on the store worker,
    /// after the saves sent before it). Comes back as [`Action::SaveWaiting`] while it waits
    /// for another writer's lock, then [`Action::Saved`].
    Save(SaveRequest),
    /// Read a file (a watched file changed, or a new one appeared in a watched folder). Comes
    /// back as [`Action::FileLoaded`].
    Load(PathBuf),
    /// Read the file of list entry `entry` again for its timeline, which the list does not
    /// keep (see [`super::app::Opening`]). Comes back as [`Action::IncidentRead`].
    ReadIncident { entry: usize, path: PathBuf },
    /// Leave the terminal, run `$VISUAL`/`$EDITOR` on the file, come back; then
    /// [`Action::Reloaded`] for `entry`. Runs on the UI thread: the editor owns the terminal.
    Edit { entry: usize, path: PathBuf },
    /// Search every incident for a query, on the search worker (started for this index when
    /// it is new; given the grown index when it extends the worker's, see [`Searching::send`]).
    /// Results stream back as [`Action::SearchUpdate`], the last one `done`.
    Search(SearchRequest),
}

/// A query over the event index of all incidents.
#[derive(Clone, Debug)]
pub struct SearchRequest {
    pub index: Arc<Index>,
    pub query: String,
}

impl PartialEq for SearchRequest {
    /// The same index (by identity) and the same query.
    fn eq(&self, other: &SearchRequest) -> bool {
        Arc::ptr_eq(&self.index, &other.index) && self.query == other.query
    }
}

/// The search worker of a session: it follows the index as it grows while files load, and is
/// restarted for an index that does not extend its own.
#[derive(Debug, Default)]
pub struct Searching {
    /// The worker, the index it was given last, and the query sent last.
    worker: Option<(Arc<Index>, Searcher, String)>,
}

impl Searching {
    /// Send the query to the worker for its index: a new worker when the index is new, the
    /// grown index when it extends the worker's (the running query then goes on over the new
    /// lines: no work is repeated for a query already sent). Errors: no thread could be started.
    pub fn send(&mut self, req: &SearchRequest) -> std::io::Result<&Searcher> {
        let follows = self
            .worker
            .as_ref()
            .is_some_and(|(i, _, _)| req.index.extends(i));
        if !follows {
            let searcher = Searcher::spawn(Arc::clone(&req.index), BEST)?;
            searcher.query(&req.query);
            self.worker = Some((Arc::clone(&req.index), searcher, req.query.clone()));
            return Ok(&self.worker.as_ref().expect("set above").1);
        }
        let (index, searcher, query) = self.worker.as_mut().expect("checked above");
        let grown = !Arc::ptr_eq(index, &req.index);
        if grown {
            *index = Arc::clone(&req.index);
            searcher.grow(Arc::clone(&req.index));
        }
        if !grown || *query != req.query {
            searcher.query(&req.query);
            query.clone_from(&req.query);
        }
        Ok(searcher)
    }

    /// The newest update of the newest query, if one is waiting.
    pub fn try_recv(&self) -> Option<Update> {
        self.worker.as_ref()?.1.try_recv()
    }
}

/// One save, numbered so its outcome finds the note or question that asked for it.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveRequest {
    pub id: u64,
    pub op: SaveOp,
    /// Rewrite the whole file when its layout cannot be edited in place (asked y/n first).
    pub rewrite: bool,
}

/// What to save.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveOp {
    /// A note, stamped at `at`, on the active hypothesis `branch`.
    Note {
        text: String,
        at: Timestamp,
        branch: Option<String>,
    },
    /// Mark a milestone at `at` with a marker event.
    Milestone { kind: MilestoneKind, at: Timestamp },
    /// Make the event `target` the milestone (its kind stated, the milestone declared).
    Promote {
        target: EventKey,
        kind: MilestoneKind,
    },
    /// Open a hypothesis (branch `id`, named `name`).
    OpenHypothesis { id: String, name: String },
    /// Close a hypothesis.
    CloseHypothesis { id: String, outcome: Outcome },
    /// Delete the event `target`.
    Delete(EventKey),
    /// Undo this session's last change (compare-and-set).
    Undo,
}

/// A save's outcome, as it comes back to the app.
#[derive(Clone, Debug)]
pub struct SaveDone {
    pub id: u64,
    pub result: Result<Saved, SaveFailed>,
}

/// Why a save failed: nothing was written.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveFailed {
    /// For people (sanitised when shown).
    pub message: String,
    /// The layout cannot be edited in place: the save may be retried as a rewrite (after the
    /// person says yes to losing this many comment lines).
    pub rewrite_would_drop: Option<usize>,
}

impl From<StoreError> for SaveFailed {
    fn from(e: StoreError) -> SaveFailed {
        SaveFailed {
            rewrite_would_drop: match &e {
                StoreError::NotEditable { comments, .. } => Some(*comments),
                _ => None,
            },
            message: e.to_string(),
        }
    }
}

/// Do one save with `writer`, here and now (blocking): what the store worker runs.
pub fn perform(writer: &mut Writer, req: &SaveRequest) -> SaveDone {
    writer.allow_rewrite(req.rewrite);
    let result = match &req.op {
        SaveOp::Note { text, at, branch } => writer.note(text, Some(*at), None, branch.as_deref()),
        SaveOp::Milestone { kind, at } => writer.set_milestone(*kind, *at),
        SaveOp::Promote { target, kind } => writer.promote(target, *kind),
        SaveOp::OpenHypothesis { id, name } => writer.open_branch(id, name),
        SaveOp::CloseHypothesis { id, outcome } => writer.close_branch(id, *outcome),
        SaveOp::Delete(target) => writer.delete_event(target),
        SaveOp::Undo => writer.undo(),
    };
    writer.allow_rewrite(false);
    SaveDone {
        id: req.id,
        result: result.map_err(SaveFailed::from),
    }
}

/// Read a file for [`Command::Load`]; the path comes back canonical when it can be resolved,
/// so the app recognises the file without touching the file system itself.
pub fn load(path: PathBuf) -> Action {
    let result = crate::ingest::load_path(&path).map_err(|e| e.to_diagnostic().to_string());
    let path = std::fs::canonicalize(&path).unwrap_or(path);
    Action::FileLoaded(Box::new((path, result)))
}

/// Read the file of an incident being opened and analyse it, for [`Command::ReadIncident`]
/// (off the UI thread: a large incident takes a while).
pub fn read_incident(entry: usize, path: &std::path::Path) -> Action {
    let result = crate::ingest::load_path(path)
        .map(|l| Box::new(Doc::from_loaded(Source::File(path.to_path_buf()), l)))
        .map_err(|e| e.to_diagnostic().to_string());
    Action::IncidentRead(Box::new(ReadAgain { entry, result }))
}

/// [`read_incident`] through the cache of the load of `roots` (the paths the list was loaded
/// from): an incident the list loaded from the cache is decoded again rather than parsed, and
/// the cache is only read.
pub fn read_incident_cached(entry: usize, path: &std::path::Path, roots: &[PathBuf]) -> Action {
    let cache = crate::ingest::cache::Cache::open(roots);
    let result = cache
        .peek(path)
        .map(|l| Box::new(Doc::from_loaded(Source::File(path.to_path_buf()), l)))
        .map_err(|e| e.to_diagnostic().to_string());
    Action::IncidentRead(Box::new(ReadAgain { entry, result }))
}

/// Runs commands in place, one after the other, feeding each outcome back into the app until
/// no command is left (tests, benchmarks, screenshots). `Edit` is not run: it needs a terminal.
#[derive(Debug)]
pub struct Blocking {
    pub writer: Option<Writer>,
    /// Searches run to the end before the next action: the app sees only their last update.
    searching: Searching,
}

impl Blocking {
    pub fn new(writer: Option<Writer>) -> Blocking {
        Blocking {
            writer,
            searching: Searching::default(),
        }
    }

    /// `app.update(action)`, then every command it leads to.
    pub fn update(&mut self, app: &mut App, action: Action) {
        let commands = app.update(action);
        self.run(app, commands);
    }

    pub fn run(&mut self, app: &mut App, mut commands: Vec<Command>) {
        while !commands.is_empty() {
            let mut next = Vec::new();
            for c in commands {
                let action = match c {
                    Command::Save(req) => match self.writer.as_mut() {
                        Some(w) => Action::Saved(Box::new(perform(w, &req))),
                        None => continue,
                    },
                    Command::Load(path) => load(path),
                    Command::ReadIncident { entry, path } => read_incident(entry, &path),
                    Command::Edit { entry, path } => Action::Reloaded(Box::new(Reload {
                        entry,
                        result: crate::ingest::load_path(&path)
                            .map_err(|e| e.to_diagnostic().to_string()),
                    })),
                    Command::Search(req) => {
                        let done = self
                            .searching
                            .send(&req)
                            .ok()
                            .and_then(|s| s.wait_done(std::time::Duration::from_secs(60)));
                        match done {
                            Some(u) => Action::SearchUpdate(Box::new(u)),
                            None => continue,
                        }
                    }
                };
                next.extend(app.update(action));
            }
            commands = next;
        }
    }
}
