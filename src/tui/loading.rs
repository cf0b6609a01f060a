//! Loading a folder while the list is already on screen.
//!
//! [`spawn`] walks the paths, then reads, parses and analyzes the files on worker threads and
//! builds each incident's part of the event index there. The results come back on the action
//! channel in batches ([`Action::LoadBatch`]: list entries, files read / total, errors so far,
//! and the event index grown by the batch's incidents), so the list fills in, sorted and
//! filterable, and the search over all incidents covers what has loaded so far and goes on
//! over each batch as it arrives. The last message is [`Action::LoadDone`] with the same
//! index (one part per batch, not copied into one: the texts are the events' own, so one part
//! would scan little faster and copying held the lines twice). Timelines are laid
//! out only when an incident is opened, and the list keeps none: each worker indexes its
//! incident's events (their texts, kinds, authors and times) and keeps the summary and
//! analysis ([`Doc::from_file_indexed`]); an incident's timeline is read again from its file
//! when it is opened ([`super::app::Opening`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::app::{Action, App, Doc, Entry, Scope};
use super::command::Command;
use super::search::EventIndex;
use crate::ingest::cache::Cache;
use crate::ingest::corpus::{self, Found};
use crate::ingest::{Diagnostic, LoadError};
use crate::search::Index;

/// How long a batch waits for more files before it is sent.
const BATCH_EVERY: Duration = Duration::from_millis(40);

/// How far loading has got: files read of all the files found, and how many failed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadProgress {
    pub read: usize,
    pub total: usize,
    pub errors: usize,
}

/// Files loaded since the previous batch, as list entries, and the progress so far.
#[derive(Clone, Debug)]
pub struct LoadBatch {
    pub entries: Vec<Entry>,
    pub progress: LoadProgress,
    /// The event index of every incident loaded so far: the previous batch's index
    /// ([`Index::extended`], nothing copied) and then this batch's incidents, in the order of
    /// their entries. `None`: this batch's incidents are not searched over all incidents.
    pub index: Option<Arc<Index>>,
}

/// One file's outcome in a worker: the row for the list (none for a file skipped as not an
/// incident) and the incident's part of the event index.
type Outcome = (Option<Entry>, Option<Index>);

/// Load `paths` on background threads, sending [`Action::LoadBatch`]es of at most `batch`
/// files (or what arrived in 40 ms) to `actions`, then [`Action::LoadDone`]. Returns at once.
/// Errors: the operating system refused a thread.
pub fn spawn(paths: Vec<PathBuf>, batch: usize, actions: Sender<Action>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("retrace-load".into())
        .spawn(move || load(&paths, batch.max(1), &actions))?;
    Ok(())
}

fn load(paths: &[PathBuf], batch: usize, actions: &Sender<Action>) {
    let (files, walk_errors) = corpus::collect_files(paths);
    let named: std::collections::HashSet<&Path> = paths
        .iter()
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| !m.is_dir()))
        .map(PathBuf::as_path)
        .collect();
    let mut progress = LoadProgress {
        read: 0,
        total: files.len(),
        errors: walk_errors.len(),
    };
    let mut pending: Vec<Entry> = walk_errors.iter().map(Entry::failed).collect();
    // The index so far, and the parts of the incidents of `pending` (joined when it is sent).
    let mut index = Arc::new(Index::new());
    let mut parts = Vec::new();
    let (tx, rx) = mpsc::channel::<Outcome>();
    let next = AtomicUsize::new(0);
    // The workers' reads share one memory budget (`ingest::MemoryBudget`): a large file waits
    // for the memory the others hold.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1))
        .min(8);
    let gone = AtomicBool::new(false);
    // One file: its incident opens as soon as it is loaded, so the list holds its timeline
    // rather than read the file again (a parse of seconds for a million events).
    let hold = files.len() == 1;
    let cache = Cache::open(paths);
    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (files, next, named, gone, cache) = (&files, &next, &named, &gone, &cache);
            s.spawn(move || {
                while let Some(path) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if gone.load(Ordering::Relaxed) {
                        break;
                    }
                    let outcome = load_one(cache, path, named.contains(path.as_path()), hold);
                    if tx.send(outcome).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut last = Instant::now();
        let mut sent = None;
        loop {
            let received = rx.recv_timeout(BATCH_EVERY);
            let finished = matches!(received, Err(RecvTimeoutError::Disconnected));
            if let Ok((entry, part)) = received {
                progress.read += 1;
                if let Some(e) = entry {
                    progress.errors += usize::from(e.doc().is_none());
                    pending.push(e);
                }
                parts.extend(part);
            }
            let due = pending.len() >= batch || last.elapsed() >= BATCH_EVERY || finished;
            // Something new to show: rows, or files read (a skipped file is no row).
            if due && (!pending.is_empty() || sent != Some(progress)) {
                let entries = std::mem::take(&mut pending);
                if !parts.is_empty() {
                    let batch = Index::concat(std::mem::take(&mut parts));
                    index = Arc::new(index.extended(&batch));
                }
                let delivered = actions.send(Action::LoadBatch(Box::new(LoadBatch {
                    entries,
                    progress,
                    index: Some(Arc::clone(&index)),
                })));
                sent = Some(progress);
                if delivered.is_err() {
                    // The UI is gone: stop the workers after the file they are reading.
                    gone.store(true, Ordering::Relaxed);
                    return;
                }
                last = Instant::now();
            }
            if finished {
                break;
            }
        }
    });
    // A load stopped half-way would drop the files it did not reach from the cache.
    if !gone.load(Ordering::Relaxed) {
        let _ = cache.save();
    }
    let _ = actions.send(Action::LoadDone(index));
}

/// Read, parse and analyze one file (in a worker); a bug in a reader becomes an error row.
/// `hold`: the list keeps its timeline ([`Doc::from_file`]), else it is read again when the
/// incident is opened ([`Doc::from_file_indexed`]).
fn load_one(cache: &Cache, path: &Path, named: bool, hold: bool) -> Outcome {
    let found =
        std::panic::catch_unwind(|| corpus::sort(cache.load(path), named)).unwrap_or_else(|_| {
            Found::Failed(LoadError::invalid(
                Diagnostic::error(path, 0, 0, "internal error while reading this file")
                    .with_hint("this is a bug in retrace; please report it with the file"),
            ))
        });
    match found {
        Found::Incident(l) if hold => {
            let path = l.path.clone();
            let mut doc = Doc::from_file(*l);
            let mut part = Index::new();
            part.push_shared(&path, Arc::clone(&doc.incident));
            // The search inside the incident once it is open reads the same lines (event n is
            // line n): built once, here, rather than again on the UI thread when it opens.
            doc.events = Some(Arc::new(part.clone()));
            (Some(Entry::Doc(Box::new(doc))), Some(part))
        }
        Found::Incident(l) => {
            let (doc, part) = Doc::from_file_indexed(*l);
            (Some(Entry::Doc(Box::new(doc))), Some(part))
        }
        Found::Skipped(_) => (None, None),
        Found::Failed(e) => (Some(Entry::failed(&e)), None),
    }
}

impl App {
    /// A batch of loaded files joins the list (sorted and filtered as the list is) and the
    /// event index; a search over all incidents goes on over the batch's events (the command
    /// returned hands the grown index to the search worker).
    pub(crate) fn load_batch(&mut self, batch: LoadBatch) -> Option<Command> {
        let first = self.entries.len();
        self.corpus_version += 1;
        self.entries.extend(batch.entries);
        self.loading = Some(batch.progress);
        self.refresh_list_in_place();
        let index = batch.index?;
        if self
            .index
            .as_ref()
            .is_some_and(|i| Arc::ptr_eq(&i.index, &index))
        {
            // No incident in this batch (skipped or failed files): nothing new to search.
            return None;
        }
        self.grow_index(index, first);
        self.search_grown()
    }

    /// Loading is done: the event index of every incident arrives (the same
    /// lines, numbered as in the batches). A single incident opens, as when it was named.
    pub(crate) fn load_done(&mut self, index: Arc<Index>) -> Option<Command> {
        self.loading = None;
        self.grow_index(index, self.entries.len());
        if self.entries.len() == 1 && self.doc(0).is_some() && self.incident.is_none() {
            self.open(0);
        }
        self.search_grown()
    }

    /// Take `index` as the event index: it extends the one the app has by the incidents of
    /// the entries from `first` on, in order (a new index, of another lineage, replaces it).
    fn grow_index(&mut self, index: Arc<Index>, first: usize) {
        let docs = self.entries[first..].iter().enumerate();
        let new = docs
            .filter(|(_, e)| e.doc().is_some())
            .map(|(i, _)| (first + i) as u32);
        self.index = Some(match self.index.take() {
            Some(old) if index.extends(old.loaded()) => old.grown(index, new),
            _ => EventIndex::new(Arc::new(Index::new()), Vec::new()).grown(index, new),
        });
    }

    /// The search over all incidents being typed, sent again with the grown index: the
    /// worker goes on over the new lines.
    pub(crate) fn search_grown(&mut self) -> Option<Command> {
        // The results shown, or kept while an incident opened from them is.
        let shown = self.search.as_ref().filter(|s| s.scope == Scope::All);
        let query = shown
            .or(self.results.as_ref())
            .filter(|s| !s.query.trim().is_empty())?
            .query
            .clone();
        let index = Arc::clone(&self.index.as_ref()?.index);
        Some(Command::Search(super::command::SearchRequest {
            index,
            query,
        }))
    }
}
