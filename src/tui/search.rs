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

/// The searchable text of each event: text, kind and author, in original and lower case.
#[derive(Clone, Debug, Default)]
pub struct Haystacks {
    pub text: Vec<Box<str>>,
    pub lower: Vec<Box<str>>,
}

impl Haystacks {
    pub fn new(events: &[Event]) -> Haystacks {
        let text: Vec<Box<str>> = events.iter().map(|e| haystack(e).into()).collect();
        let lower = text.iter().map(|t| t.to_lowercase().into()).collect();
        Haystacks { text, lower }
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Does event `i` match `query` (smart case)?
    pub fn matches(&self, i: usize, query: &str, case_sensitive: bool) -> bool {
        let hay = if case_sensitive {
            &self.text[i]
        } else {
            &self.lower[i]
        };
        is_subsequence(hay, query)
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

/// The query's characters appear in `hay` in order (white space in the query is ignored).
pub fn is_subsequence(hay: &str, query: &str) -> bool {
    if query.is_ascii() {
        let mut want = query.bytes().filter(|b| *b != b' ');
        let Some(mut w) = want.next() else {
            return true;
        };
        for b in hay.bytes() {
            if b == w {
                match want.next() {
                    Some(n) => w = n,
                    None => return true,
                }
            }
        }
        false
    } else {
        let mut want = query.chars().filter(|c| !c.is_whitespace());
        let Some(mut w) = want.next() else {
            return true;
        };
        for c in hay.chars() {
            if c == w {
                match want.next() {
                    Some(n) => w = n,
                    None => return true,
                }
            }
        }
        false
    }
}

/// Character indices of `text` to highlight for `query`, from the skim matcher.
pub fn highlight_indices(text: &str, query: &str) -> Vec<usize> {
    let q: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    if q.is_empty() {
        return Vec::new();
    }
    let matcher = SkimMatcherV2::default().smart_case();
    matcher
        .fuzzy_indices(text, &q)
        .map(|(_, idx)| idx)
        .unwrap_or_default()
}

/// Matches of a query kept per prefix, so typing narrows and backspace restores at once.
#[derive(Clone, Debug, Default)]
pub struct Narrowing<T: Copy> {
    /// (query, matches) from the first character to the current query.
    stack: Vec<(String, Vec<T>)>,
}

impl<T: Copy> Narrowing<T> {
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
        test: impl Fn(T, &str, bool) -> bool,
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
        let next: Vec<T> = base.into_iter().filter(|&t| test(t, query, cs)).collect();
        self.stack.push((query.to_string(), next));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsequence_smart_case() {
        assert!(is_subsequence("rollback initiated", "rbi"));
        assert!(is_subsequence("rollback initiated", "roll init"));
        assert!(!is_subsequence("rollback", "kcab"));
        assert!(is_subsequence("störung jetzt", "stj"));
        assert!(is_case_sensitive("DB"));
        assert!(!is_case_sensitive("db"));
    }

    #[test]
    fn narrowing_extends_and_pops() {
        let words = ["alpha", "alps", "beta", "alphabet"];
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
