//! Search over every loaded event with fzf's semantics, fast enough for each keystroke.
//!
//! - [`Index`]: one line per event (`text | kind | author`; the text shared with the event),
//!   with its time, path and a byte-set for the prefilter.
//! - [`Query`]: fzf's syntax (parsed in `query.rs`), fuzzy terms scored by fuzzy-matcher's
//!   `SkimMatcherV2` (skim's algorithm): space-separated terms all required; `'exact`
//!   (substring), `^prefix`, `suffix$`,
//!   `^whole$`, `!not` (negated substring, or `!^`/`!$` forms); a term is fuzzy otherwise
//!   (its characters in order, anywhere in the line, across words: `netlat` finds "network
//!   latency"). Smart case: a term with a capital is case-sensitive. `\ ` is a literal space.
//! - [`Search`]: the work of one query, done a slice at a time ([`Search::step`]) so it can run
//!   beside a UI; each line is first checked against the query's byte-set (one AND), then scored.
//!   [`Search::refine`] reuses the previous query's matches when the new query extends it.
//! - [`Searcher`]: a worker thread that runs the newest query, drops a stale one, and sends the
//!   best results in [`Update`]s as they come.
//! - [`search`]: a whole query on several threads, ranked — what `retrace search` prints.
//!
//! Ranking is fzf's: a higher score first, then the shorter line, then index order.

mod index;
mod query;
mod worker;

pub use index::{Index, LineId};
pub use worker::{Searcher, Update};

pub use query::{EXACT_CHAR_SCORE, Matcher, Query};

/// A matching line and its score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub line: LineId,
    pub score: u32,
}

/// The lines a search still has to look at.
#[derive(Clone, Debug)]
enum Scope {
    /// Lines `start..end` of the index.
    Range(LineId, LineId),
    /// These lines, in index order (a narrowed search).
    Lines(Vec<LineId>),
}

impl Scope {
    fn len(&self) -> usize {
        match self {
            Scope::Range(s, e) => (e - s) as usize,
            Scope::Lines(v) => v.len(),
        }
    }

    fn get(&self, i: usize) -> LineId {
        match self {
            Scope::Range(s, _) => s + i as LineId,
            Scope::Lines(v) => v[i],
        }
    }
}

/// One query's work over an [`Index`], done in slices: call [`Search::step`] until it returns
/// true. Matches found so far are in [`Search::hits`] (index order) and [`Search::best`].
pub struct Search {
    query: Query,
    scope: Scope,
    /// Position in `scope` of the next line to look at.
    next: usize,
    hits: Vec<Hit>,
    matcher: Matcher,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search")
            .field("query", &self.query.as_str())
            .field("next", &self.next)
            .field("scope", &self.scope.len())
            .field("hits", &self.hits.len())
            .finish()
    }
}

impl Search {
    /// A search of `query` over every line of `index` (nothing is scanned yet).
    pub fn new(index: &Index, query: &str) -> Search {
        Search::over(Query::parse(query), Scope::Range(0, index.len() as LineId))
    }

    /// A search of `query` over lines `start..end` of the index.
    fn range(query: Query, start: LineId, end: LineId) -> Search {
        Search::over(query, Scope::Range(start, end))
    }

    fn over(query: Query, scope: Scope) -> Search {
        Search {
            query,
            scope,
            next: 0,
            hits: Vec::new(),
            matcher: Matcher::new(),
        }
    }

    /// The search for `query` that follows this one as the user types. When `query` extends
    /// this one (see [`Query::narrows`]) only this search's matches so far and the lines it
    /// has not reached yet are looked at; otherwise the whole index again.
    pub fn refine(self, index: &Index, query: &str) -> Search {
        let q = Query::parse(query);
        if !q.narrows(&self.query) {
            return Search::over(q, Scope::Range(0, index.len() as LineId));
        }
        let rest = self.scope.len() - self.next;
        let mut lines = Vec::with_capacity(self.hits.len() + rest);
        lines.extend(self.hits.iter().map(|h| h.line));
        lines.extend((self.next..self.scope.len()).map(|i| self.scope.get(i)));
        Search {
            matcher: self.matcher,
            ..Search::over(q, Scope::Lines(lines))
        }
    }

    /// Look at up to `budget` more lines; true when every line has been looked at.
    pub fn step(&mut self, index: &Index, budget: usize) -> bool {
        let end = self.next.saturating_add(budget).min(self.scope.len());
        let required = self.query.required;
        if self.query.is_empty() {
            self.hits.extend((self.next..end).map(|i| Hit {
                line: self.scope.get(i),
                score: 0,
            }));
        } else {
            let mut cursor = index.cursor();
            let mut buf = String::new();
            for i in self.next..end {
                let line = self.scope.get(i);
                let (part, local) = cursor.seek(line);
                if part.mask(local) & required != required {
                    continue;
                }
                let text = cursor.line(local, &mut buf);
                if let Some(score) = self.query.score(text, &mut self.matcher) {
                    self.hits.push(Hit { line, score });
                }
            }
        }
        self.next = end;
        self.is_done()
    }

    /// Lines `from..to` were added to the index this search runs over (it grew while files
    /// loaded, see [`Index::extended`]): look at them too. A search over a part of the index
    /// that ends before `from` stays as it is.
    pub fn grow(&mut self, from: LineId, to: LineId) {
        match &mut self.scope {
            Scope::Range(_, end) if *end == from => *end = to,
            Scope::Range(..) => {}
            Scope::Lines(lines) => lines.extend(from..to),
        }
    }

    /// Run to the end.
    pub fn run(&mut self, index: &Index) {
        self.step(index, usize::MAX);
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.scope.len()
    }

    /// `(lines looked at, lines to look at in all)`.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.scope.len())
    }

    pub fn query(&self) -> &Query {
        &self.query
    }

    /// Matches so far, in index order.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// The `n` best matches so far, best first (for an empty query: the first `n` in index
    /// order).
    pub fn best(&self, index: &Index, n: usize) -> Vec<Hit> {
        if self.query.is_empty() {
            let mut hits: Vec<Hit> = self.hits.iter().take(n).copied().collect();
            hits.sort_unstable_by_key(|h| h.line);
            return hits;
        }
        best_of(index, &self.hits, n)
    }

    /// Every match, best first (consumes the search); in index order for an empty query.
    pub fn into_ranked(self, index: &Index) -> Vec<Hit> {
        let mut hits = self.hits;
        if self.query.is_empty() {
            hits.sort_unstable_by_key(|h| h.line);
        } else {
            rank(index, &mut hits);
        }
        hits
    }
}

/// fzf's order as a key: higher score, then shorter line, then earlier line. Computed once per
/// hit (a line's length is read through its part and its text's block: once per comparison
/// it was most of the time of ranking 385,000 matches).
fn order_key(index: &Index, h: &Hit) -> (std::cmp::Reverse<u32>, usize, LineId) {
    (std::cmp::Reverse(h.score), index.line_len(h.line), h.line)
}

/// Sort `hits` best first.
pub fn rank(index: &Index, hits: &mut [Hit]) {
    hits.sort_by_cached_key(|h| order_key(index, h));
}

/// The `n` best of `hits`, best first, without sorting the rest.
pub fn best(index: &Index, hits: Vec<Hit>, n: usize) -> Vec<Hit> {
    best_of(index, &hits, n)
}

/// The `n` best of `hits`, best first: kept in a heap of `n` as the hits are read, without a
/// copy of them. A hit whose score is below the `n`th best's is passed over without reading its
/// line's length. (A copy of the hits paired with their keys, 32 bytes a hit, was made for
/// every report of the TUI's search worker: about 40 MB more at its peak while a one-letter
/// query matched most of 1,000,000 events.)
fn best_of(index: &Index, hits: &[Hit], n: usize) -> Vec<Hit> {
    /// A hit with its place in fzf's order (the line breaks every tie: a total order).
    struct Ranked((std::cmp::Reverse<u32>, usize, LineId), Hit);
    impl PartialEq for Ranked {
        fn eq(&self, other: &Self) -> bool {
            self.0 == other.0
        }
    }
    impl Eq for Ranked {}
    impl PartialOrd for Ranked {
        fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Ranked {
        fn cmp(&self, other: &Self) -> std::cmp::Ordering {
            self.0.cmp(&other.0)
        }
    }
    if n == 0 {
        return Vec::new();
    }
    if hits.len() <= n {
        let mut hits = hits.to_vec();
        rank(index, &mut hits);
        return hits;
    }
    // The worst of the best `n` so far on top.
    let mut heap = std::collections::BinaryHeap::with_capacity(n);
    for h in hits {
        if heap.len() == n {
            let worst: &Ranked = heap.peek().expect("n > 0 kept");
            if h.score < worst.1.score {
                continue;
            }
            let ranked = Ranked(order_key(index, h), *h);
            if ranked < *worst {
                *heap.peek_mut().expect("n > 0 kept") = ranked;
            }
        } else {
            heap.push(Ranked(order_key(index, h), *h));
        }
    }
    heap.into_sorted_vec().into_iter().map(|r| r.1).collect()
}

/// The lines of `among` (ids of `index`, in increasing order) that `query` matches, in the same
/// order, looked at on up to `threads` threads: what a search inside one incident walks with
/// n/N (the timeline's order, not the score's). The same matching as [`search`].
pub fn matching_lines(
    index: &Index,
    query: &Query,
    among: &[LineId],
    threads: usize,
) -> Vec<LineId> {
    if query.is_empty() {
        return among.to_vec();
    }
    // Small inputs are not worth a thread.
    const PER_THREAD: usize = 8 * 1024;
    let threads = threads
        .clamp(1, 64)
        .min(among.len().div_ceil(PER_THREAD))
        .max(1);
    let chunk = among.len().div_ceil(threads).max(1);
    // Unscored: the byte-set prefilter, then each term's byte check (no skim).
    let run = |lines: &[LineId]| {
        let mut matcher = Matcher::new();
        let mut cursor = index.cursor();
        let mut buf = String::new();
        let required = query.required;
        lines
            .iter()
            .copied()
            .filter(|&line| {
                let (part, local) = cursor.seek(line);
                part.mask(local) & required == required
                    && query.matches(cursor.line(local, &mut buf), &mut matcher)
            })
            .collect::<Vec<_>>()
    };
    if threads == 1 {
        return run(among);
    }
    std::thread::scope(|s| {
        let workers: Vec<_> = among
            .chunks(chunk)
            .map(|c| s.spawn(move || run(c)))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Every line of `index` matching `query`, best first, looked at on `threads` threads.
/// With `limit`, only the best `limit`.
pub fn search(index: &Index, query: &str, threads: usize, limit: Option<usize>) -> Vec<Hit> {
    let q = Query::parse(query);
    let n = index.len() as LineId;
    let threads = threads.clamp(1, 64) as LineId;
    let chunk = n.div_ceil(threads).max(1);
    let mut hits: Vec<Hit> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| (t * chunk).min(n)..((t + 1) * chunk).min(n))
            .filter(|r| !r.is_empty())
            .map(|r| {
                let q = q.clone();
                s.spawn(move || {
                    let mut search = Search::range(q, r.start, r.end);
                    search.run(index);
                    search.hits
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    if q.is_empty() {
        // fzf keeps the input order when there is nothing to rank by; the threads' slices
        // were joined in order.
        hits.truncate(limit.unwrap_or(usize::MAX));
        return hits;
    }
    match limit {
        Some(l) => best(index, hits, l),
        None => {
            rank(index, &mut hits);
            hits
        }
    }
}
