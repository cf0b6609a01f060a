//! Search in the TUI.
//!
//! Over all incidents: the engine of [`crate::search`]. [`EventIndex`] is its [`Index`] (built in
//! the load workers) with the list entry of each of its incidents; a query goes to a
//! [`crate::search::Searcher`] off the UI thread (see [`super::command::Command::Search`]) and
//! its results come back as [`super::app::Action::SearchUpdate`]; a keystroke costs the UI
//! thread only the sending. [`positions`] gives the engine's matched characters for the rows
//! on screen.
//!
//! Inside one open incident (bounded by that incident): matching is fuzzy in the skim sense (the query's characters appear in order, smart case:
//! a query without capitals ignores case). Deciding *whether* an event matches is a tight
//! byte loop over a precomputed haystack; when the query extends the previous one only the
//! previous matches are re-checked, and backspace pops back to the list it had. The skim
//! matcher of `fuzzy-matcher` is run only on the rows on screen, to find which characters to
//! highlight.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use std::sync::Arc;

use super::app::{Doc, Entry, Source};
use crate::model::Event;
use crate::search::{Index, LineId, Query};

/// How many of the best matches a search over all incidents keeps (the rows one can scroll).
pub const BEST: usize = 2000;

/// The event index over every incident of the list, and the list entry of each of its
/// incidents (`entries[n]` for the index's incident `n`).
#[derive(Clone, Debug)]
pub struct EventIndex {
    pub index: Arc<Index>,
    pub entries: Vec<u32>,
}

impl EventIndex {
    /// An index of the incidents of `entries`, built here (a few incidents: samples, tests,
    /// one live incident). A folder's index is built in the load workers instead.
    pub fn of_entries(entries: &[Entry]) -> EventIndex {
        let mut index = Index::new();
        let mut of = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if let Entry::Doc(d) = e {
                index.push_incident(doc_path(d), &d.incident);
                of.push(i as u32);
            }
        }
        EventIndex {
            index: Arc::new(index),
            entries: of,
        }
    }

    /// The `(entry, event)` of an index line, if its incident is in the list.
    pub fn hit(&self, line: LineId) -> Option<(u32, u32)> {
        let (incident, event) = self.index.origin(line);
        let entry = *self.entries.get(incident as usize)?;
        (entry != u32::MAX).then_some((entry, event))
    }
}

/// The path an incident is indexed under: its file, or a sample's name.
fn doc_path(d: &Doc) -> &std::path::Path {
    match &d.source {
        Source::File(p) => p,
        Source::Sample(n) => std::path::Path::new(n.as_str()),
    }
}

/// The character positions of `text` (a prefix of the event's text) that `query` matched in
/// the index line `line`, for highlighting (the line goes on after the text with the kind
/// and author; matches there are not in `text`).
pub fn positions(index: &Index, line: LineId, query: &Query, text: &str) -> Vec<usize> {
    let n = text.chars().count();
    query
        .positions(index.line(line))
        .unwrap_or_default()
        .into_iter()
        .map(|p| p as usize)
        .filter(|&p| p < n)
        .collect()
}

/// The searchable words of each event (text, kind and author), interned: a query term is
/// tested once per distinct word, then each event is a handful of table lookups. The cost of a
/// keystroke follows the vocabulary and the number of words, not the length of the text.
#[derive(Clone, Debug, Default)]
pub struct Haystacks {
    /// Distinct words as written.
    dict: Vec<Box<str>>,
    /// For each word of `dict`, its lower-case form in `lower`.
    lower_of: Vec<u32>,
    /// Distinct lower-case words.
    lower: Vec<Box<str>>,
    /// The words of every event (ids into `dict`), one run per event.
    words: Vec<u32>,
    starts: Vec<u32>,
}

impl Haystacks {
    pub fn new(events: &[Event]) -> Haystacks {
        use std::collections::HashMap;
        let mut h = Haystacks {
            words: Vec::with_capacity(events.len() * 12),
            starts: Vec::with_capacity(events.len() + 1),
            ..Haystacks::default()
        };
        let mut ids: HashMap<Box<str>, u32> = HashMap::new();
        let mut lower_ids: HashMap<Box<str>, u32> = HashMap::new();
        for e in events {
            h.starts.push(h.words.len() as u32);
            let text = haystack(e);
            for w in text.split(is_sep).filter(|w| !w.is_empty()) {
                let id = match ids.get(w) {
                    Some(&id) => id,
                    None => {
                        let id = h.dict.len() as u32;
                        let lw = w.to_lowercase();
                        let lid = match lower_ids.get(lw.as_str()) {
                            Some(&l) => l,
                            None => {
                                let l = h.lower.len() as u32;
                                h.lower.push(lw.clone().into());
                                lower_ids.insert(lw.into(), l);
                                l
                            }
                        };
                        h.dict.push(w.into());
                        h.lower_of.push(lid);
                        ids.insert(w.into(), id);
                        id
                    }
                };
                h.words.push(id);
            }
        }
        h.starts.push(h.words.len() as u32);
        h
    }

    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn event_words(&self, i: usize) -> &[u32] {
        &self.words[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// Does event `i` match `query` (smart case: `case_sensitive` when it has a capital)?
    pub fn matches(&self, i: usize, query: &str, case_sensitive: bool) -> bool {
        let words = self.event_words(i);
        query.split_whitespace().all(|term| {
            words.iter().any(|&w| {
                let word = if case_sensitive {
                    &self.dict[w as usize]
                } else {
                    &self.lower[self.lower_of[w as usize] as usize]
                };
                term_in_word(word, term)
            })
        })
    }

    /// For each term of the query, which words of `dict` it matches.
    fn term_sets(&self, query: &str, case_sensitive: bool) -> Vec<Vec<bool>> {
        query
            .split_whitespace()
            .map(|term| {
                if case_sensitive {
                    self.dict.iter().map(|w| term_in_word(w, term)).collect()
                } else {
                    let lower: Vec<bool> =
                        self.lower.iter().map(|w| term_in_word(w, term)).collect();
                    self.lower_of.iter().map(|&l| lower[l as usize]).collect()
                }
            })
            .collect()
    }

    /// The items whose event matches the query, in order.
    pub fn filter<T: Copy + Send + Sync>(
        &self,
        items: &[T],
        event_of: impl Fn(T) -> usize + Sync,
        query: &str,
        case_sensitive: bool,
    ) -> Vec<T> {
        let sets = self.term_sets(query, case_sensitive);
        if sets.iter().any(|s| !s.contains(&true)) {
            return Vec::new();
        }
        filter_parallel(items, |t| {
            let words = self.event_words(event_of(t));
            sets.iter()
                .all(|set| words.iter().any(|&w| set[w as usize]))
        })
    }
}

/// `text · kind · author`: what a search looks at.
pub fn haystack(e: &Event) -> String {
    let mut s = String::with_capacity(e.text.len() + 24);
    s.push_str(&e.text);
    s.push_str(" · ");
    s.push_str(e.kind.as_str());
    if let Some(a) = &e.author {
        s.push_str(" · ");
        s.push_str(a);
    }
    s
}

/// Smart case: a capital in the query makes the search case-sensitive.
pub fn is_case_sensitive(query: &str) -> bool {
    query.chars().any(char::is_uppercase)
}

/// Word separators: a query term must match inside one word.
fn is_sep(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | ';' | ':' | '(' | ')' | '"' | '\'' | '/' | '=' | '[' | ']'
        )
}

/// Fuzzy match: every white-space separated term of the query appears, in order of its
/// characters, inside one word of `hay` (`recon` finds "reconciliation", `pg stat` finds
/// "pg_stat_statements"; letters scattered over a whole sentence do not count).
pub fn is_subsequence(hay: &str, query: &str) -> bool {
    query.split_whitespace().all(|term| term_in_word(hay, term))
}

/// ASCII separators as a lookup table for the byte loop.
static SEP: [bool; 256] = {
    let mut t = [false; 256];
    let seps = b" \t\n\r,;:()\"'/=[]";
    let mut i = 0;
    while i < seps.len() {
        t[seps[i] as usize] = true;
        i += 1;
    }
    t
};

fn term_in_word(hay: &str, term: &str) -> bool {
    if term.is_ascii() {
        let t = term.as_bytes();
        let first = t[0];
        let bytes = hay.as_bytes();
        let mut j = 0;
        let mut k = 0;
        while k < bytes.len() {
            let b = bytes[k];
            if j == 0 {
                // Skip ahead to the first character of the term.
                match bytes[k..].iter().position(|&c| c == first) {
                    Some(p) => k += p,
                    None => return false,
                }
                j = 1;
                if j == t.len() {
                    return true;
                }
                k += 1;
                continue;
            }
            if SEP[b as usize] {
                j = 0;
            } else if b == t[j] {
                j += 1;
                if j == t.len() {
                    return true;
                }
            }
            k += 1;
        }
        false
    } else {
        let t: Vec<char> = term.chars().collect();
        let mut j = 0;
        for c in hay.chars() {
            if is_sep(c) {
                j = 0;
            } else if c == t[j] {
                j += 1;
                if j == t.len() {
                    return true;
                }
            }
        }
        false
    }
}

/// Character indices of `text` to highlight for `query`: for each term, the first word it
/// matches, aligned by the skim matcher of `fuzzy-matcher`.
pub fn highlight_indices(text: &str, query: &str) -> Vec<usize> {
    let cs = is_case_sensitive(query);
    let matcher = if cs {
        SkimMatcherV2::default().respect_case()
    } else {
        SkimMatcherV2::default().ignore_case()
    };
    // Words with their char offsets.
    let mut words: Vec<(usize, String)> = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    for (i, c) in text.chars().enumerate() {
        if is_sep(c) {
            if !cur.is_empty() {
                words.push((start, std::mem::take(&mut cur)));
            }
        } else {
            if cur.is_empty() {
                start = i;
            }
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        words.push((start, cur));
    }
    let mut out = Vec::new();
    for term in query.split_whitespace() {
        for (start, w) in &words {
            let hay = if cs { w.clone() } else { w.to_lowercase() };
            if !term_in_word(&hay, term) {
                continue;
            }
            if let Some((_, idx)) = matcher.fuzzy_indices(w, term) {
                out.extend(idx.into_iter().map(|i| start + i));
                break;
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Matches of a query kept per prefix, so typing narrows and backspace restores at once.
#[derive(Clone, Debug, Default)]
pub struct Narrowing<T: Copy> {
    /// (query, matches) from the first character to the current query.
    stack: Vec<(String, Vec<T>)>,
}

impl<T: Copy + Send + Sync> Narrowing<T> {
    pub fn current(&self) -> &[T] {
        self.stack.last().map_or(&[], |(_, m)| m.as_slice())
    }

    pub fn query(&self) -> &str {
        self.stack.last().map_or("", |(q, _)| q.as_str())
    }

    pub fn clear(&mut self) {
        self.stack.clear();
    }

    /// Set the query; `all` lists every candidate, `filter` keeps those that match
    /// (`filter(candidates, query, case_sensitive)`).
    pub fn set(
        &mut self,
        query: &str,
        all: impl FnOnce() -> Vec<T>,
        filter: impl FnOnce(&[T], &str, bool) -> Vec<T>,
    ) {
        while let Some((q, _)) = self.stack.last() {
            if query.starts_with(q.as_str()) {
                break;
            }
            self.stack.pop();
        }
        if self.query() == query && !self.stack.is_empty() {
            return;
        }
        if query.trim().is_empty() {
            self.stack.clear();
            return;
        }
        let cs = is_case_sensitive(query);
        // Narrow from the longest prefix with the same case rule.
        let base: Vec<T> = match self.stack.last() {
            Some((q, m)) if is_case_sensitive(q) == cs => m.clone(),
            _ => all(),
        };
        let next = filter(&base, query, cs);
        self.stack.push((query.to_string(), next));
    }
}

/// Keep the items that pass, in order; large inputs are split over the cores.
pub fn filter_parallel<T: Copy + Send + Sync>(
    items: &[T],
    pass: impl Fn(T) -> bool + Sync,
) -> Vec<T> {
    const CHUNK_FROM: usize = 16 * 1024;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    if items.len() < CHUNK_FROM || threads < 2 {
        return items.iter().copied().filter(|&t| pass(t)).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let pass = &pass;
    let parts: Vec<Vec<T>> = std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().copied().filter(|&t| pass(t)).collect::<Vec<T>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    parts.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsequence_smart_case() {
        assert!(is_subsequence("rollback initiated", "rlbk"));
        assert!(is_subsequence("rollback initiated", "roll init"));
        assert!(
            !is_subsequence("rollback initiated", "rbi"),
            "letters across words"
        );
        assert!(!is_subsequence("rollback", "kcab"));
        assert!(is_subsequence("störung jetzt", "strg"));
        assert!(is_subsequence("pg_stat_statements shows", "pgstat"));
        assert!(is_case_sensitive("DB"));
        assert!(!is_case_sensitive("db"));
    }

    #[test]
    fn narrowing_extends_and_pops() {
        let words = ["alpha", "alps", "beta", "alphabet"];
        assert_eq!(
            highlight_indices("the Rollback began", "rlbk"),
            vec![4, 7, 8, 11]
        );
        let mut n = Narrowing::<usize>::default();
        let test = |c: &[usize], q: &str, _| {
            c.iter()
                .copied()
                .filter(|&i| is_subsequence(words[i], q))
                .collect()
        };
        n.set("al", || (0..4).collect(), test);
        assert_eq!(n.current(), &[0, 1, 3]);
        n.set("alph", || panic!("narrows from the previous matches"), test);
        assert_eq!(n.current(), &[0, 3]);
        n.set("al", || panic!("pops back"), test);
        assert_eq!(n.current(), &[0, 1, 3]);
        n.set("b", || (0..4).collect(), test);
        assert_eq!(n.current(), &[2, 3]);
    }
}

#[cfg(test)]
mod index_tests {
    use super::*;
    use crate::model::{Event, EventKind};

    #[test]
    fn word_index_agrees_with_the_scan() {
        let at = chrono::DateTime::parse_from_rfc3339("2025-01-01T10:00:00Z").unwrap();
        let texts = [
            "Rollback initiated on checkout-api",
            "pg_stat_statements shows one query",
            "Störung im Zahlungsverkehr",
            "DNS resolver (internal) refused",
        ];
        let events: Vec<Event> = texts
            .iter()
            .map(|t| Event::new(at, EventKind::Note, *t))
            .collect();
        let h = Haystacks::new(&events);
        for q in [
            "roll",
            "pgstat",
            "störung",
            "resolv intern",
            "DNS",
            "dns",
            "note",
            "zzz",
            "Roll init",
        ] {
            let cs = is_case_sensitive(q);
            let by_index = h.filter(&[0usize, 1, 2, 3], |i| i, q, cs);
            let by_scan: Vec<usize> = (0..4)
                .filter(|&i| {
                    let hay = haystack(&events[i]);
                    let hay = if cs { hay } else { hay.to_lowercase() };
                    is_subsequence(&hay, q)
                })
                .collect();
            assert_eq!(by_index, by_scan, "{q}");
            for i in 0..4 {
                assert_eq!(h.matches(i, q, cs), by_scan.contains(&i), "{q} {i}");
            }
        }
    }
}
