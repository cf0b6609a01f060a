//! Small word-level checks shared by the importer's passes (reports from people, failed steps).

/// Needles up to this many bytes are found by [`match_starts`] a first byte at a time; longer
/// ones by `memchr`'s substring searcher, so the work stays linear in the haystack whatever
/// the needle.
const SHORT_NEEDLE: usize = 32;

/// The byte offsets where `needle` occurs in `hay`, left to right and not overlapping: the
/// same offsets as `hay.match_indices(needle)`, without the two-way searcher `str` sets up on
/// every call (most of the cost of looking for one of a list's phrases in an entry of a few
/// dozen bytes). Each place where the needle's first byte occurs (`memchr`) is compared with
/// the needle; a match resumes the search after it. A needle starts on a character boundary
/// (it is UTF-8), so every offset is one. An empty needle matches nowhere (no caller looks for
/// one; `match_indices` would match between every two characters).
pub fn match_starts<'a>(hay: &'a str, needle: &'a str) -> MatchStarts<'a> {
    let long = (needle.len() > SHORT_NEEDLE)
        .then(|| memchr::memmem::find_iter(hay.as_bytes(), needle.as_bytes()));
    MatchStarts {
        hay: hay.as_bytes(),
        needle: needle.as_bytes(),
        from: 0,
        long,
    }
}

/// The iterator of [`match_starts`].
pub struct MatchStarts<'a> {
    hay: &'a [u8],
    needle: &'a [u8],
    /// Where the search goes on (after the last match).
    from: usize,
    /// A long needle's searcher.
    long: Option<memchr::memmem::FindIter<'a, 'a>>,
}

impl Iterator for MatchStarts<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if let Some(long) = &mut self.long {
            return long.next();
        }
        let (&first, rest) = self.needle.split_first()?;
        while self.from + self.needle.len() <= self.hay.len() {
            let at = self.from + memchr::memchr(first, &self.hay[self.from..])?;
            if self.hay[at + 1..].starts_with(rest) {
                self.from = at + self.needle.len();
                return Some(at);
            }
            self.from = at + 1;
        }
        None
    }
}

/// Whether one of the (at most) two words right before `words[at]`, none before `words[from]`,
/// denies it: `denies` names the words ("*no* errors", "*previously* failing", "*not* even
/// terminated"). `at` is an index into `words` (`from <= at <= words.len()`).
pub fn denied_by_words_before(
    words: &[&str],
    from: usize,
    at: usize,
    denies: impl Fn(&str) -> bool,
) -> bool {
    words[at.saturating_sub(2).max(from)..at]
        .iter()
        .any(|w| denies(w))
}

#[cfg(test)]
mod tests {
    use super::{denied_by_words_before, match_starts};

    /// The same offsets as `match_indices`, overlaps and all, for short and long needles and
    /// text that is not ASCII.
    #[test]
    fn match_starts_finds_what_match_indices_finds() {
        let long = "a needle of more than thirty-two bytes, found by memmem";
        let hay = format!("aaa banana naná, {long} and {long}{long}; ana");
        for needle in [
            "a",
            "aa",
            "ana",
            "naná",
            "ná",
            "zz",
            ";",
            "ana",
            long,
            "bytes, found",
        ] {
            let want: Vec<usize> = hay.match_indices(needle).map(|(at, _)| at).collect();
            let got: Vec<usize> = match_starts(&hay, needle).collect();
            assert_eq!(got, want, "{needle}");
        }
        assert_eq!(match_starts("aaaa", "aa").collect::<Vec<_>>(), [0, 2]);
        assert_eq!(match_starts("abc", "").count(), 0);
        assert_eq!(match_starts("", "a").count(), 0);
        assert_eq!(match_starts("ab", "abc").count(), 0);
    }

    #[test]
    fn only_the_two_words_before_and_none_before_from() {
        let words = ["no", "the", "big", "errors"];
        let no = |w: &str| w == "no";
        assert!(!denied_by_words_before(&words, 0, 3, no));
        assert!(denied_by_words_before(&words, 0, 2, no));
        assert!(!denied_by_words_before(&words, 1, 2, no));
        assert!(!denied_by_words_before(&words, 0, 0, no));
    }
}
