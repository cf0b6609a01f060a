//! A search worker beside the UI thread: the newest query wins, results stream in.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::time::{Duration, Instant};

use super::{Hit, Index, LineId, Search};

/// Lines looked at between two checks for a newer query.
const SLICE: usize = 16 * 1024;
/// How often a running search reports its best matches so far.
const REPORT_EVERY: Duration = Duration::from_millis(30);

/// What a [`Searcher`] found so far for one query.
#[derive(Clone, Debug, PartialEq)]
pub struct Update {
    /// The number [`Searcher::query`] returned for this query.
    pub generation: u64,
    /// The query as given.
    pub query: String,
    /// The best matches so far, best first (at most the `best` given to [`Searcher::spawn`]).
    pub best: Vec<Hit>,
    /// How many lines matched so far.
    pub matched: usize,
    /// Lines looked at so far, and in all (a narrowed search looks at fewer than the index).
    pub scanned: usize,
    pub total: usize,
    /// True for the last update of this query.
    pub done: bool,
}

/// What the worker is asked: a query, or to go on in a grown index.
enum Request {
    Query(u64, String),
    Grow(Arc<Index>),
}

/// A thread that searches an [`Index`]. Give it queries with [`Searcher::query`] (cheap: no
/// work on the calling thread); take results with [`Searcher::try_recv`]. A new query stops the
/// one running; a query that extends the previous one only re-checks its matches. While files
/// load, [`Searcher::grow`] hands it the index with more lines: the query of the moment goes on
/// over them and its results update (then end with another `done` update). Dropping the
/// searcher stops the thread.
#[derive(Debug)]
pub struct Searcher {
    requests: Sender<Request>,
    updates: Receiver<Update>,
    latest: Arc<AtomicU64>,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Request::Query(g, q) => write!(f, "Query({g}, {q:?})"),
            Request::Grow(i) => write!(f, "Grow({} lines)", i.len()),
        }
    }
}

impl Searcher {
    /// Start the worker over `index`; each [`Update`] carries the `best` best matches.
    /// Errors: the operating system refused a new thread.
    pub fn spawn(index: Arc<Index>, best: usize) -> std::io::Result<Searcher> {
        let (requests, rx) = mpsc::channel::<Request>();
        let (tx, updates) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let current = Arc::clone(&latest);
        std::thread::Builder::new()
            .name("retrace-search".into())
            .spawn(move || work(index, best, &rx, &tx, &current))?;
        Ok(Searcher {
            requests,
            updates,
            latest,
        })
    }

    /// Search for `query` instead of whatever runs now; returns its generation number.
    pub fn query(&self, query: &str) -> u64 {
        let generation = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        // A closed channel means the worker is gone; try_recv then reports nothing.
        let _ = self
            .requests
            .send(Request::Query(generation, query.to_string()));
        generation
    }

    /// Go on in `index`, which must extend the worker's index ([`Index::extends`]; an index
    /// that does not is ignored): the newest query looks at the new lines too.
    pub fn grow(&self, index: Arc<Index>) {
        let _ = self.requests.send(Request::Grow(index));
    }

    /// The newest update waiting, if any (older ones of the same query are skipped; updates of
    /// a stale query are dropped).
    pub fn try_recv(&self) -> Option<Update> {
        let mut last = None;
        loop {
            match self.updates.try_recv() {
                Ok(u) if u.generation == self.latest.load(Ordering::SeqCst) => last = Some(u),
                Ok(_) => {}
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return last,
            }
        }
    }

    /// Wait up to `timeout` for the final update of the newest query (for tests and scripts).
    pub fn wait_done(&self, timeout: Duration) -> Option<Update> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.updates.recv_timeout(left) {
                Ok(u) if u.done && u.generation == self.latest.load(Ordering::SeqCst) => {
                    return Some(u);
                }
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    }
}

fn work(
    mut index: Arc<Index>,
    best: usize,
    requests: &Receiver<Request>,
    updates: &Sender<Update>,
    latest: &AtomicU64,
) {
    // The query of the moment, its generation and text; and whether it still has lines to see.
    let mut current: Option<(u64, String, Search)> = None;
    let mut running = false;
    let mut last_report = Instant::now();
    loop {
        // Wait for work when there is none; otherwise only look at what is waiting.
        let mut waiting: Vec<Request> = Vec::new();
        if !running {
            match requests.recv() {
                Ok(r) => waiting.push(r),
                Err(_) => return,
            }
        }
        loop {
            match requests.try_recv() {
                Ok(r) => waiting.push(r),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) if running || !waiting.is_empty() => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        for request in waiting {
            match request {
                Request::Grow(grown) => {
                    if !grown.extends(&index) {
                        continue;
                    }
                    let (from, to) = (index.len() as LineId, grown.len() as LineId);
                    index = grown;
                    if let Some((_, _, search)) = &mut current {
                        search.grow(from, to);
                        // Report again, even with nothing new: the last word is a `done`.
                        running = true;
                    }
                }
                Request::Query(generation, query) => {
                    let search = match current.take() {
                        // A stale search is still a valid base to narrow from: refine() takes
                        // its unscanned rest.
                        Some((_, _, p)) => p.refine(&index, &query),
                        None => Search::new(&index, &query),
                    };
                    current = Some((generation, query, search));
                    running = true;
                    last_report = Instant::now();
                }
            }
        }
        let Some((generation, query, search)) = &mut current else {
            running = false;
            continue;
        };
        if !running {
            continue;
        }
        let done = search.step(&index, SLICE);
        if latest.load(Ordering::SeqCst) != *generation {
            // A newer query is on its way: take it before reporting this one.
            continue;
        }
        if done || last_report.elapsed() >= REPORT_EVERY {
            let (scanned, total) = search.progress();
            let update = Update {
                generation: *generation,
                query: query.clone(),
                best: search.best(&index, best),
                matched: search.hits().len(),
                scanned,
                total,
                done,
            };
            if updates.send(update).is_err() {
                return;
            }
            last_report = Instant::now();
        }
        running = !done;
    }
}
