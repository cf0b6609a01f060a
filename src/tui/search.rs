//! Fuzzy search over events, fast enough to run on every keystroke over 100,000 of them.
//!
//! Matching is fuzzy in the skim sense (the query's characters appear in order, smart case:
//! a query without capitals ignores case). Deciding *whether* an event matches is a tight
//! byte loop over a precomputed haystack; when the query extends the previous one only the
//! previous matches are re-checked, and backspace pops back to the list it had. The skim
//! matcher of `fuzzy-matcher` is run only on the rows on screen, to find which characters to
//! highlight.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::Event;

/// The searchable text of each event (text, kind and author), in original and lower case,
/// each kept in one contiguous buffer so a scan over 100,000 events stays in cache.
#[derive(Clone, Debug, Default)]
pub struct Haystacks {
    text: String,
    text_starts: Vec<u32>,
    lower: String,
    lower_starts: Vec<u32>,
}

impl Haystacks {
    pub fn new(events: &[Event]) -> Haystacks {
        let mut h = Haystacks {
            text: String::with_capacity(events.len() * 64),
            text_starts: Vec::with_capacity(events.len() + 1),
            lower: String::with_capacity(events.len() * 64),
            lower_starts: Vec::with_capacity(events.len() + 1),
        };
        for e in events {
            let s = haystack(e);
            h.text_starts.push(h.text.len() as u32);
            h.text.push_str(&s);
            h.lower_starts.push(h.lower.len() as u32);
            h.lower.push_str(&s.to_lowercase());
        }
        h.text_starts.push(h.text.len() as u32);
        h.lower_starts.push(h.lower.len() as u32);
        h
    }

    pub fn len(&self) -> usize {
        self.text_starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The haystack of event `i`.
    pub fn get(&self, i: usize, case_sensitive: bool) -> &str {
        let (buf, starts) = if case_sensitive {
            (&self.text, &self.text_starts)
        } else {
            (&self.lower, &self.lower_starts)
        };
        &buf[starts[i] as usize..starts[i + 1] as usize]
    }

    /// Does event `i` match `query` (smart case: `case_sensitive` when it has a capital)?
    pub fn matches(&self, i: usize, query: &str, case_sensitive: bool) -> bool {
        is_subsequence(self.get(i, case_sensitive), query)
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

    /// Set the query; `all` lists every candidate, `test` says whether one matches.
    pub fn set(
        &mut self,
        query: &str,
        all: impl FnOnce() -> Vec<T>,
        test: impl Fn(T, &str, bool) -> bool + Sync,
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
        let next = filter_parallel(&base, |t| test(t, query, cs));
        self.stack.push((query.to_string(), next));
    }
}

/// Keep the items that pass, in order; large inputs are split over the cores.
fn filter_parallel<T: Copy + Send + Sync>(items: &[T], pass: impl Fn(T) -> bool + Sync) -> Vec<T> {
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
        let test = |i: usize, q: &str, _| is_subsequence(words[i], q);
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
