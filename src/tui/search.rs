//! Search in the TUI.
//!
//! Over all incidents: the engine of [`crate::search`]. [`EventIndex`] is its [`Index`] (built in
//! the load workers) with the list entry of each of its incidents; a query goes to a
//! [`crate::search::Searcher`] off the UI thread (see [`super::command::Command::Search`]) and
//! its results come back as [`super::app::Action::SearchUpdate`]; a keystroke costs the UI
//! thread only the sending. [`positions`] gives the engine's matched characters for the rows
//! on screen.
//!
//! Inside one open incident: the same engine and the same line per event (`text | kind |
//! author`, [`incident_index`]), so an event found over all incidents is a match once its
//! incident is open, and the highlights agree. The matches are kept in timeline order (n/N
//! walk them); when the query extends the previous one ([`Query::narrows`]) only the previous
//! matches are looked at again, and backspace pops back to the matches it had ([`Narrowing`]).
//! The list's filter matches each incident's title, severity, status, services, id and date
//! with the same syntax ([`filter_matches`]).

use std::sync::Arc;

use super::app::{Doc, Entry, Hit, Source};
use crate::model::Incident;
use crate::search::{Index, LineId, Matcher, Query};

/// How many of the best matches a search over all incidents keeps (the rows one can scroll).
pub const BEST: usize = 2000;

/// The event index over every incident of the list, and the list entry of each of its
/// incidents (`entries[n]` for the index's incident `n`; `u32::MAX` for an incident whose entry
/// was replaced since, see [`EventIndex::replace`]).
#[derive(Clone, Debug)]
pub struct EventIndex {
    pub index: Arc<Index>,
    pub entries: Vec<u32>,
    /// The index as loaded (`index` before the replacements), which a grown index of the
    /// load workers extends; `None` while nothing was replaced.
    loaded: Option<Arc<Index>>,
    /// The incidents added by [`EventIndex::replace`], after the loaded ones: each one's entry
    /// and its part of the index, in order.
    replaced: Vec<(u32, Index)>,
}

impl EventIndex {
    /// The index `index` whose incident `n` is list entry `entries[n]`.
    pub fn new(index: Arc<Index>, entries: Vec<u32>) -> EventIndex {
        EventIndex {
            index,
            entries,
            loaded: None,
            replaced: Vec::new(),
        }
    }

    /// Entry `entry` now shows `doc` (read again after a change): its old lines leave the
    /// results (their entry becomes `u32::MAX`) and its events as they are now are added after
    /// every other line, so the index extends the one before ([`Index::extends`]) and a search
    /// of it goes on over the new lines only. `doc` must hold its timeline ([`Doc::held`]).
    pub fn replace(&mut self, entry: usize, doc: &Doc) {
        let mut part = Index::new();
        part.push_incident(doc_path(doc), &doc.incident);
        self.loaded.get_or_insert_with(|| Arc::clone(&self.index));
        self.index = Arc::new(self.index.extended(&part));
        self.add_replaced(entry as u32, part);
    }

    /// Count `part` (already in `index`) as the incident of `entry`, in place of the one before.
    fn add_replaced(&mut self, entry: u32, part: Index) {
        for e in self.entries.iter_mut().filter(|e| **e == entry) {
            *e = u32::MAX;
        }
        self.entries.push(entry);
        self.replaced.push((entry, part));
    }

    /// The index as the load workers built it, without the replacements.
    pub fn loaded(&self) -> &Arc<Index> {
        self.loaded.as_ref().unwrap_or(&self.index)
    }

    /// This index grown by the load workers to `grown` (which extends [`EventIndex::loaded`]),
    /// its new incidents those of `new` entries in order, the replacements kept.
    pub fn grown(self, grown: Arc<Index>, new: impl Iterator<Item = u32>) -> EventIndex {
        let loaded = self.loaded().incidents();
        let mut entries = self.entries;
        entries.truncate(loaded);
        entries.extend(new.take(grown.incidents().saturating_sub(loaded)));
        if self.replaced.is_empty() {
            return EventIndex::new(grown, entries);
        }
        // Renumbered after the grown lines: a new index (of another lineage), not an
        // extension of the one before, so a search starts over in it.
        let parts =
            std::iter::once((*grown).clone()).chain(self.replaced.iter().map(|(_, p)| p.clone()));
        let mut ix = EventIndex {
            index: Arc::new(Index::joined(parts.collect())),
            entries,
            loaded: Some(grown),
            replaced: Vec::new(),
        };
        for (entry, part) in self.replaced {
            ix.add_replaced(entry, part);
        }
        ix
    }

    /// An index of the incidents of `entries`, built here (a few incidents: samples, tests,
    /// one live incident), reading their events from the incidents (each must hold its
    /// timeline, see [`Doc::held`]). A folder's index is built in the load workers instead,
    /// holding its own lines ([`Doc::from_file_indexed`]).
    pub fn of_entries(entries: &[Entry]) -> EventIndex {
        let mut index = Index::new();
        let mut of = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if let Entry::Doc(d) = e {
                index.push_shared(doc_path(d), Arc::clone(&d.incident));
                of.push(i as u32);
            }
        }
        EventIndex::new(Arc::new(index), of)
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
        .positions(&index.line(line))
        .unwrap_or_default()
        .into_iter()
        .map(|p| p as usize)
        .filter(|&p| p < n)
        .collect()
}

/// The events of one incident as index lines: line `n` is event `n` of its timeline (built
/// when the incident is opened; read from the incident, 8 bytes an event).
pub fn incident_index(incident: &Arc<Incident>) -> Arc<Index> {
    let mut index = Index::new();
    index.push_shared(std::path::Path::new(""), Arc::clone(incident));
    Arc::new(index)
}

/// The hits among `candidates` (events of entry `entry`, in timeline order) whose line of
/// `index` (see [`incident_index`]) `query` matches, in the same order.
pub fn incident_matches(index: &Index, query: &Query, candidates: &[Hit]) -> Vec<Hit> {
    let Some(&(entry, _)) = candidates.first() else {
        return Vec::new();
    };
    let lines: Vec<LineId> = candidates.iter().map(|&(_, e)| e).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    crate::search::matching_lines(index, query, &lines, threads)
        .into_iter()
        .map(|l| (entry, l))
        .collect()
}

/// Does the list's filter `query` match an incident's filter text (see
/// [`super::app::Doc::filter_text`])? An empty query matches everything.
pub fn filter_matches(query: &Query, filter_text: &str, matcher: &mut Matcher) -> bool {
    query.is_empty() || query.matches(filter_text, matcher)
}

/// The characters of `title` to highlight for the list's filter `query`: what it matched in
/// the filter text, which starts with the title.
pub fn title_positions(query: &Query, filter_text: &str, title: &str) -> Vec<usize> {
    let n = title.chars().count();
    query
        .positions(filter_text)
        .unwrap_or_default()
        .into_iter()
        .map(|p| p as usize)
        .filter(|&p| p < n)
        .collect()
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
    /// (`filter(candidates, parsed query)`).
    pub fn set(
        &mut self,
        query: &str,
        all: impl FnOnce() -> Vec<T>,
        filter: impl FnOnce(&[T], &Query) -> Vec<T>,
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
        let parsed = Query::parse(query);
        // Narrow from the longest prefix when every match of the query is one of its matches.
        let base: Vec<T> = match self.stack.last() {
            Some((q, m)) if parsed.narrows(&Query::parse(q)) => m.clone(),
            _ => all(),
        };
        let next = filter(&base, &parsed);
        self.stack.push((query.to_string(), next));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, EventKind};

    fn incident(texts: &[&str]) -> Incident {
        let at = chrono::DateTime::parse_from_rfc3339("2025-01-01T10:00:00Z").unwrap();
        Incident {
            title: "Search test".into(),
            timeline: texts
                .iter()
                .map(|t| Event::new(at, EventKind::Note, *t))
                .collect(),
            ..Incident::default()
        }
    }

    /// The search inside an incident and the one over all incidents are one engine: the same
    /// events match, across words as fzf does (the old in-incident matcher wanted each term
    /// inside one word, so `netlat` found "network latency" from the list but not once open).
    #[test]
    fn inside_an_incident_matches_what_the_search_over_all_incidents_matches() {
        let inc = Arc::new(incident(&[
            "network latency rose on checkout",
            "rolled back the deploy",
            "Netlat dashboard opened",
            "nothing here",
        ]));
        // One index reads the lines from the incident, the other holds its own.
        let one = incident_index(&inc);
        let all = Index::build([(std::path::Path::new("x.yaml"), &*inc)]);
        for q in [
            "netlat", "roll dep", "'back", "^roll", "!nothing", "Netlat", "zzz", "note$",
        ] {
            let query = Query::parse(q);
            let hits: Vec<Hit> = (0..4).map(|e| (7, e)).collect();
            let inside: Vec<u32> = incident_matches(&one, &query, &hits)
                .into_iter()
                .map(|(entry, e)| {
                    assert_eq!(entry, 7);
                    e
                })
                .collect();
            let mut across: Vec<u32> = crate::search::search(&all, q, 1, None)
                .into_iter()
                .map(|h| all.origin(h.line).1)
                .collect();
            across.sort_unstable();
            assert_eq!(inside, across, "{q}");
        }
        let q = Query::parse("netlat");
        assert_eq!(incident_matches(&one, &q, &[(0, 0), (0, 1)]), vec![(0, 0)]);
    }

    #[test]
    fn narrowing_extends_and_pops() {
        let inc = Arc::new(incident(&["alpha", "alps", "beta", "alphabet"]));
        let ix = incident_index(&inc);
        let all = || (0..4).map(|e| (0, e)).collect::<Vec<Hit>>();
        let test = |c: &[Hit], q: &Query| incident_matches(&ix, q, c);
        let events = |n: &Narrowing<Hit>| n.current().iter().map(|h| h.1).collect::<Vec<_>>();
        let mut n = Narrowing::<Hit>::default();
        n.set("al", all, test);
        assert_eq!(events(&n), [0, 1, 3]);
        n.set("alph", || panic!("narrows from the previous matches"), test);
        assert_eq!(events(&n), [0, 3]);
        n.set("al", || panic!("pops back"), test);
        assert_eq!(events(&n), [0, 1, 3]);
        // A negated term widens as it grows: not narrowed from `!a`'s matches.
        n.set("!a", all, test);
        assert_eq!(events(&n), [] as [u32; 0]);
        n.set("!al", all, test);
        assert_eq!(events(&n), [2]);
    }

    #[test]
    fn the_list_filter_uses_the_same_syntax() {
        let mut m = Matcher::new();
        let text = "Checkout slowdown SEV2 resolved checkout db 2024-08-15";
        assert!(filter_matches(&Query::parse("chkslow"), text, &mut m));
        assert!(filter_matches(
            &Query::parse("'SEV2 !ongoing"),
            text,
            &mut m
        ));
        assert!(!filter_matches(&Query::parse("'SEV1"), text, &mut m));
        assert!(filter_matches(&Query::parse(""), text, &mut m));
        let title = "Checkout slowdown";
        assert_eq!(
            title_positions(&Query::parse("'slow"), text, title),
            vec![9, 10, 11, 12]
        );
        // A match past the title highlights nothing in it.
        assert!(title_positions(&Query::parse("'2024"), text, title).is_empty());
    }
}
