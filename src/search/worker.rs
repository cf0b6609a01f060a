//! A search worker beside the UI thread: the newest query wins, results stream in.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::time::{Duration, Instant};

use super::{Hit, Index, Search};

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

/// A thread that searches an [`Index`]. Give it queries with [`Searcher::query`] (cheap: no
/// work on the calling thread); take results with [`Searcher::try_recv`]. A new query stops the
/// one running; a query that extends the previous one only re-checks its matches. Dropping the
/// searcher stops the thread.
#[derive(Debug)]
pub struct Searcher {
    queries: Sender<(u64, String)>,
    updates: Receiver<Update>,
    latest: Arc<AtomicU64>,
}

impl Searcher {
    /// Start the worker over `index`; each [`Update`] carries the `best` best matches.
    /// Errors: the operating system refused a new thread.
    pub fn spawn(index: Arc<Index>, best: usize) -> std::io::Result<Searcher> {
        let (queries, rx) = mpsc::channel::<(u64, String)>();
        let (tx, updates) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let current = Arc::clone(&latest);
        std::thread::Builder::new()
            .name("retrace-search".into())
            .spawn(move || work(&index, best, &rx, &tx, &current))?;
        Ok(Searcher {
            queries,
            updates,
            latest,
        })
    }

    /// Search for `query` instead of whatever runs now; returns its generation number.
    pub fn query(&self, query: &str) -> u64 {
        let generation = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        // A closed channel means the worker is gone; try_recv then reports nothing.
        let _ = self.queries.send((generation, query.to_string()));
        generation
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
    index: &Index,
    best: usize,
    queries: &Receiver<(u64, String)>,
    updates: &Sender<Update>,
    latest: &AtomicU64,
) {
    let mut previous: Option<Search> = None;
    let mut pending = queries.recv().ok();
    while let Some((generation, query)) = pending.take() {
        let mut search = match previous.take() {
            Some(p) => p.refine(index, &query),
            None => Search::new(index, &query),
        };
        let mut last_report = Instant::now();
        loop {
            let done = search.step(index, SLICE);
            if latest.load(Ordering::SeqCst) != generation {
                break;
            }
            if done || last_report.elapsed() >= REPORT_EVERY {
                let (scanned, total) = search.progress();
                let update = Update {
                    generation,
                    query: query.clone(),
                    best: search.best(index, best),
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
            if done {
                break;
            }
        }
        // A stale search is still a valid base to narrow from: refine() takes its unscanned rest.
        previous = Some(search);
        // The newest query waiting, or wait for one.
        let mut next = queries.recv().ok();
        while let Ok(q) = queries.try_recv() {
            next = Some(q);
        }
        pending = next;
    }
}
