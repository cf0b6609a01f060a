//! Small word-level checks shared by the importer's passes (reports from people, failed steps).

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
    use super::denied_by_words_before;

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
