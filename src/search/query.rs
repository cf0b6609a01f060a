//! fzf's query syntax, parsed here, with fuzzy terms scored by fuzzy-matcher's `SkimMatcherV2`
//! (skim's algorithm, the fuzzy-matching crate chosen for this project).
//!
//! A query is terms separated by spaces (one or more); a line matches when every term does.
//! A term, as fzf reads it (the prefixes and the suffix are stripped in this order):
//!
//! | term | matches a line that | score |
//! | --- | --- | --- |
//! | `netlat` | has its characters in this order, anywhere (across words) | skim's |
//! | `'rule` | contains `rule` | fixed |
//! | `^roll` | starts with `roll` | fixed |
//! | `note$` | ends with `note` | fixed |
//! | `^whole$` | is `whole` | fixed |
//! | `!persist` | does not contain `persist` (`!^x`: does not start with x; `!x$`: does not end with x) | — |
//! | `!'netlat` | does not have n-e-t-l-a-t in order (`'` flips a negated term to fuzzy) | — |
//!
//! - `\ ` is a space inside a term (`^rollback\ started`); any other `\` is itself.
//! - A term that is empty once its marks are stripped (a lone `!`, `^`, `'`, `!^`, `^$`) is no
//!   term; a lone `$` is the character `$`. `'x$` is `'x` (the `'` wins, as in fzf).
//! - Smart case: a term with an upper-case letter (Unicode) matches case-sensitively, any other
//!   term ignores case. A term without accented letters also matches accented Latin letters
//!   (`cafe` finds "Café"); one with them matches them as typed.
//! - The score of a line is the sum of its positive terms' scores: a fuzzy term's is
//!   `SkimMatcherV2`'s (consecutive characters and word starts score higher); an exact, prefix,
//!   suffix or whole-line term's is [`EXACT_CHAR_SCORE`] per character, whatever the line.
//!   Negative sums (skim penalises long gaps) count as 0.
//! - Unlike fzf, `|` (fzf's OR) is an ordinary character here.
//!
//! Matching a line costs, for each term, a check on its bytes (an ASCII case-insensitive
//! substring, prefix or subsequence test; no allocation); only a line every term accepts is
//! given to skim, and only from the first character the term can start at. Lines with
//! non-ASCII text are folded (lower case, accents stripped) into a reused buffer first.

use std::ops::Range;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::index::byte_bit;

/// The score of one character of an exact, prefix, suffix or whole-line term: what skim gives
/// a matched character before bonuses (`SkimScoreConfig::default().score_match`).
pub const EXACT_CHAR_SCORE: i64 = 16;

/// How a term matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Fuzzy,
    Exact,
    Prefix,
    Suffix,
    Whole,
}

/// One term of a query, marks stripped.
#[derive(Clone, Debug)]
struct Term {
    kind: Kind,
    negated: bool,
    /// What to find: lower-cased (one character for one) unless `case_sensitive`.
    needle: String,
    /// The needle's length in characters.
    chars: usize,
    case_sensitive: bool,
    /// The needle has no accented Latin letter: accents are stripped from the line.
    normalize: bool,
}

/// The buffer one thread scores lines with; reuse one per thread (see [`Query::score`]).
#[derive(Default)]
pub struct Matcher {
    /// A non-ASCII line as a term sees it (see [`Term::haystack`]).
    folded: String,
}

impl Matcher {
    pub fn new() -> Matcher {
        Matcher::default()
    }
}

/// A skim matcher for a term of this case, new for each line: fuzzy-matcher 0.3.7 reuses its
/// score matrix between calls without clearing it, so a line's score could depend on the
/// lines scored before it (a refined search scored a line 73 where a fresh search scored it 71:
/// tests/search.rs `narrowing_equals_fresh_search`, the seed in its regressions file), and its
/// `use_cache(false)` panics ("RefCell already borrowed"). Its set-up costs less than the
/// noise of `cargo bench --bench search` (README, "Session 16").
fn skim_matcher(case_sensitive: bool) -> SkimMatcherV2 {
    let fresh = SkimMatcherV2::default();
    if case_sensitive {
        fresh.respect_case()
    } else {
        fresh.ignore_case()
    }
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Matcher")
    }
}

/// A parsed query.
#[derive(Clone, Debug)]
pub struct Query {
    text: String,
    /// Cheapest first: exact kinds, then fuzzy, then negated (see [`Query::parse`]).
    terms: Vec<Term>,
    /// Bits of [`super::index::byte_set`] every matching line has: the ASCII characters of the
    /// positive terms.
    pub(super) required: u64,
}

impl Query {
    /// Parse fzf syntax (see the module docs). Never fails: a lone `!`, `^` or `'` is no term.
    pub fn parse(text: &str) -> Query {
        let mut terms: Vec<Term> = tokens(text).iter().filter_map(|t| term(t)).collect();
        // The order terms are checked in changes no result, only the time to reject a line.
        terms.sort_by_key(|t| (t.negated, t.kind == Kind::Fuzzy));
        let required = terms
            .iter()
            .filter(|t| !t.negated)
            .flat_map(|t| t.needle.bytes())
            .filter(u8::is_ascii)
            .fold(0, |m, b| m | byte_bit(b));
        Query {
            text: text.to_string(),
            terms,
            required,
        }
    }

    /// The query as typed.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when the query has no terms: every line matches, with score 0.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// True when every line this query matches is also matched by `previous`, judged from the
    /// text alone: this query is `previous` with more typed after it, and the last term of
    /// `previous` was not one whose meaning can widen as it grows (`!not`, a `suffix$`, a `\`
    /// that may escape a space). A term that grows, or a new term, only removes lines.
    pub fn narrows(&self, previous: &Query) -> bool {
        let (old, new) = (previous.text.as_str(), self.text.as_str());
        if !new.starts_with(old) {
            return false;
        }
        match last_token(old) {
            None => true,
            Some(last) => !(last.starts_with('!') || last.ends_with('$') || last.ends_with('\\')),
        }
    }

    /// The score of `line` (higher is better), or `None` when it does not match. `matcher` is
    /// reused between calls (one per thread).
    pub fn score(&self, line: &str, matcher: &mut Matcher) -> Option<u32> {
        let ascii = line.is_ascii();
        let mut total: i64 = 0;
        for t in &self.terms {
            let hay = t.haystack(line, ascii, &mut matcher.folded);
            let found = t.find(hay);
            if found.is_some() == t.negated {
                return None;
            }
            total += match (found, t.kind) {
                (None, _) => 0,
                (Some(bytes), Kind::Fuzzy) => {
                    skim_matcher(t.case_sensitive).fuzzy_match(&hay[bytes], &t.needle)?
                }
                (Some(_), _) => EXACT_CHAR_SCORE * t.chars as i64,
            };
        }
        Some(total.clamp(0, u32::MAX as i64) as u32)
    }

    /// Whether `line` matches, without scoring it: [`Query::score`] is `Some` exactly when this
    /// is true (skim scores a term only where its characters were found in order), at the cost
    /// of the byte checks alone. For a search that keeps matches in their own order.
    pub fn matches(&self, line: &str, matcher: &mut Matcher) -> bool {
        let ascii = line.is_ascii();
        self.terms.iter().all(|t| {
            let hay = t.haystack(line, ascii, &mut matcher.folded);
            t.found(hay) != t.negated
        })
    }

    /// The character positions of `line` that the query's terms matched, sorted, for
    /// highlighting; `None` when it does not match.
    pub fn positions(&self, line: &str) -> Option<Vec<u32>> {
        let mut matcher = Matcher::new();
        self.score(line, &mut matcher)?;
        let ascii = line.is_ascii();
        let mut out = Vec::new();
        for t in self.terms.iter().filter(|t| !t.negated) {
            let hay = t.haystack(line, ascii, &mut matcher.folded);
            let bytes = t.find(hay)?;
            // Characters before the match's first byte: the folded line has the line's characters,
            // one for one.
            let skipped = hay[..bytes.start].chars().count() as u32;
            match t.kind {
                Kind::Fuzzy => {
                    let skim = skim_matcher(t.case_sensitive);
                    let (_, at) = skim.fuzzy_indices(&hay[bytes], &t.needle)?;
                    out.extend(at.into_iter().map(|i| skipped + i as u32));
                }
                _ => out.extend(skipped..skipped + t.chars as u32),
            }
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }
}

/// The terms of `text` as typed: split at spaces, `\ ` made a space.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut token = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&' ') => {
                chars.next();
                token.push(' ');
            }
            ' ' => {
                if !token.is_empty() {
                    out.push(std::mem::take(&mut token));
                }
            }
            _ => token.push(c),
        }
    }
    if !token.is_empty() {
        out.push(token);
    }
    out
}

/// The last term of `text` as typed (escapes kept), or `None` when `text` ends with a space
/// that separates terms (or is empty).
fn last_token(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1) == Some(&b' ') => i += 2,
            b' ' => {
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    (start < text.len()).then(|| &text[start..])
}

/// One term from its text (escapes resolved), or `None` when it is empty once its marks are
/// stripped. fzf's order: `!`, then `$`, then `'` or `^`.
fn term(token: &str) -> Option<Term> {
    let lower: String = token.chars().map(lower).collect();
    let case_sensitive = lower != token;
    let mut text = if case_sensitive {
        token
    } else {
        lower.as_str()
    };
    let (mut kind, mut negated) = (Kind::Fuzzy, false);
    if let Some(rest) = text.strip_prefix('!') {
        (kind, negated, text) = (Kind::Exact, true, rest);
    }
    if let Some(rest) = text.strip_suffix('$').filter(|_| text != "$") {
        (kind, text) = (Kind::Suffix, rest);
    }
    if let Some(rest) = text.strip_prefix('\'') {
        kind = if negated { Kind::Fuzzy } else { Kind::Exact };
        text = rest;
    } else if let Some(rest) = text.strip_prefix('^') {
        kind = if kind == Kind::Suffix {
            Kind::Whole
        } else {
            Kind::Prefix
        };
        text = rest;
    }
    if text.is_empty() {
        return None;
    }
    Some(Term {
        kind,
        negated,
        needle: text.to_string(),
        chars: text.chars().count(),
        case_sensitive,
        normalize: text.chars().all(|c| strip_accent(c) == c),
    })
}

impl Term {
    /// `line` as this term compares it: the line itself when it is ASCII (case is then
    /// ignored byte by byte) or when nothing needs folding; otherwise, in `buf`, each
    /// character lower-cased (unless case-sensitive) and stripped of its accent (if
    /// `normalize`) — the same number of characters as the line.
    fn haystack<'a>(&self, line: &'a str, ascii: bool, buf: &'a mut String) -> &'a str {
        if ascii || (self.case_sensitive && !self.normalize) {
            return line;
        }
        buf.clear();
        buf.extend(line.chars().map(|c| {
            let c = if self.normalize { strip_accent(c) } else { c };
            if self.case_sensitive { c } else { lower(c) }
        }));
        buf
    }

    /// Whether the term is found in `hay`: `Some(bytes)` of its match (the first for
    /// `'exact`), or for a fuzzy term the bytes skim needs to see to score it as on the whole
    /// line; else `None`.
    fn find(&self, hay: &str) -> Option<Range<usize>> {
        let n = self.needle.len();
        let at = self.find_start(hay)?;
        if self.kind != Kind::Fuzzy {
            return Some(at..at + n);
        }
        // Back one character: skim gives its first column a bonus of its own, and the
        // character before the first match decides that match's word-start bonus.
        let start = hay[..at].char_indices().next_back().map_or(0, |(i, _)| i);
        // Up to the last occurrence of the needle's last character: skim's best alignment
        // ends there at the latest. (An ASCII needle; otherwise the whole rest.)
        let last = self.needle.as_bytes()[n - 1];
        let end = if last.is_ascii() {
            let cs = self.case_sensitive;
            hay.bytes()
                .rposition(|b| b == last || (!cs && b.to_ascii_lowercase() == last))
                .map_or(hay.len(), |i| i + 1)
        } else {
            hay.len()
        };
        Some(start..end)
    }

    /// Whether the term is found in `hay` ([`Term::find`] is `Some`), answered faster: an ASCII
    /// fuzzy term jumps from one of its characters to the next with `memchr` (both cases when
    /// case is ignored) instead of testing every byte, and nothing is measured for skim.
    fn found(&self, hay: &str) -> bool {
        if self.kind != Kind::Fuzzy || !self.needle.is_ascii() {
            return self.find_start(hay).is_some();
        }
        let h = hay.as_bytes();
        let mut at = 0;
        for b in self.needle.bytes() {
            let rest = &h[at..];
            let next = if self.case_sensitive || !b.is_ascii_alphabetic() {
                memchr::memchr(b, rest)
            } else {
                memchr::memchr2(b, b.to_ascii_uppercase(), rest)
            };
            match next {
                Some(i) => at += i + 1,
                None => return false,
            }
        }
        true
    }

    /// The byte offset where the term's match starts in `hay` (a fuzzy term: its first
    /// character's first occurrence), or `None` when it is not found.
    fn find_start(&self, hay: &str) -> Option<usize> {
        let (h, n) = (hay.as_bytes(), self.needle.as_bytes());
        let eq = |a: &[u8], b: &[u8]| {
            if self.case_sensitive {
                a == b
            } else {
                a.eq_ignore_ascii_case(b)
            }
        };
        match self.kind {
            Kind::Exact => {
                if self.case_sensitive {
                    hay.find(&self.needle)
                } else {
                    find_ignore_ascii_case(h, n)
                }
            }
            Kind::Prefix => (h.len() >= n.len() && eq(&h[..n.len()], n)).then_some(0),
            Kind::Suffix => {
                let at = h.len().checked_sub(n.len())?;
                eq(&h[at..], n).then_some(at)
            }
            Kind::Whole => eq(h, n).then_some(0),
            Kind::Fuzzy => self.subsequence(hay),
        }
    }

    /// The byte offset in `hay` of the first character of the needle's first occurrence as
    /// a subsequence, or `None` when its characters are not all there in order.
    fn subsequence(&self, hay: &str) -> Option<usize> {
        let cs = self.case_sensitive;
        if self.needle.is_ascii() {
            // ASCII bytes occur in UTF-8 only as themselves: bytes suffice.
            let fold = |b: u8| if cs { b } else { b.to_ascii_lowercase() };
            first_of_subsequence(hay.bytes().enumerate(), self.needle.bytes(), fold)
        } else {
            let fold = |c: char| if cs { c } else { c.to_ascii_lowercase() };
            first_of_subsequence(hay.char_indices(), self.needle.chars(), fold)
        }
    }
}

/// Where the first unit of `needle` first occurs in `hay` (units at offsets, compared after
/// `fold`), when all of `needle` occurs there in order; else `None`.
fn first_of_subsequence<T: Copy + Eq>(
    hay: impl Iterator<Item = (usize, T)>,
    mut needle: impl Iterator<Item = T>,
    fold: impl Fn(T) -> T,
) -> Option<usize> {
    let mut want = needle.next()?;
    let mut first = None;
    for (i, unit) in hay {
        if unit == want || fold(unit) == want {
            first.get_or_insert(i);
            match needle.next() {
                Some(n) => want = n,
                None => return first,
            }
        }
    }
    None
}

/// The byte offset of the first occurrence of `needle` (lower case) in `hay`, ASCII case
/// ignored.
fn find_ignore_ascii_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let last = hay.len().checked_sub(needle.len())?;
    (0..=last).find(|&i| {
        hay[i].to_ascii_lowercase() == first
            && hay[i + 1..i + needle.len()].eq_ignore_ascii_case(rest)
    })
}

/// `c` in lower case when that is one character (else `c`), so a folded line keeps its
/// character count.
fn lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

/// Base letters of U+00C0..=U+017F (Latin-1 Supplement and Latin Extended-A), from their
/// Unicode decompositions, plus Ø Đ Ł Ħ Ŧ ı Ŀ, which have none; other characters are kept.
const LATIN_BASE: &str = "AAAAAAÆCEEEEIIIIÐNOOOOO×OUUUUYÞßaaaaaaæceeeeiiiiðnooooo÷ouuuuyþyAaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiĲĳJjKkĸLlLlLlLlLlNnNnNnŉŊŋOoOoOoŒœRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzſ";

/// [`LATIN_BASE`] by code point.
static LATIN: std::sync::LazyLock<Vec<char>> =
    std::sync::LazyLock::new(|| LATIN_BASE.chars().collect());

/// `c` without its accent (`é` → `e`), for the Latin letters of [`LATIN_BASE`].
fn strip_accent(c: char) -> char {
    match c as u32 {
        0xC0..=0x17F => LATIN[c as usize - 0xC0],
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(q: &str) -> Vec<(Kind, bool, String)> {
        let mut terms: Vec<_> = tokens(q).iter().filter_map(|t| term(t)).collect();
        terms.sort_by_key(|t| t.needle.clone());
        terms
            .into_iter()
            .map(|t| (t.kind, t.negated, t.needle))
            .collect()
    }

    #[test]
    fn marks_are_read_in_fzfs_order() {
        use Kind::*;
        let k = |s: &str| kinds(s).into_iter().next();
        assert_eq!(k("abc"), Some((Fuzzy, false, "abc".into())));
        assert_eq!(k("'abc"), Some((Exact, false, "abc".into())));
        assert_eq!(k("^abc"), Some((Prefix, false, "abc".into())));
        assert_eq!(k("abc$"), Some((Suffix, false, "abc".into())));
        assert_eq!(k("^abc$"), Some((Whole, false, "abc".into())));
        assert_eq!(k("!abc"), Some((Exact, true, "abc".into())));
        assert_eq!(k("!^abc"), Some((Prefix, true, "abc".into())));
        assert_eq!(k("!abc$"), Some((Suffix, true, "abc".into())));
        assert_eq!(k("!'abc"), Some((Fuzzy, true, "abc".into())));
        assert_eq!(k("'abc$"), Some((Exact, false, "abc".into())), "the ' wins");
        assert_eq!(
            k("$"),
            Some((Fuzzy, false, "$".into())),
            "a lone $ is a character"
        );
        assert_eq!(k("$$"), Some((Suffix, false, "$".into())));
        assert_eq!(k("!$"), Some((Exact, true, "$".into())), "no line with a $");
        assert_eq!(k("a^b"), Some((Fuzzy, false, "a^b".into())));
        assert_eq!(k("a!"), Some((Fuzzy, false, "a!".into())));
    }

    #[test]
    fn marks_alone_are_no_term() {
        for q in ["!", "^", "'", "!^", "!'", "^$", "!^$", "  !  ^  '  "] {
            assert!(Query::parse(q).is_empty(), "{q:?}");
        }
    }

    #[test]
    fn an_escaped_space_is_part_of_the_term() {
        assert_eq!(tokens(r"a\ b c"), ["a b", "c"]);
        assert_eq!(tokens(r"\ "), [" "]);
        assert_eq!(
            tokens(r"a\b"),
            [r"a\b"],
            "a backslash before anything else is itself"
        );
        assert_eq!(tokens(r"a\"), [r"a\"]);
        assert_eq!(tokens("  a   b  "), ["a", "b"]);
        assert_eq!(last_token(r"x a\ "), Some(r"a\ "));
        assert_eq!(last_token("x a "), None);
        assert_eq!(last_token(""), None);
    }

    #[test]
    fn case_is_smart_in_unicode_too() {
        let t = |s: &str| term(s).unwrap();
        assert!(!t("échec").case_sensitive);
        assert!(t("Échec").case_sensitive);
        assert!(!t("échec").normalize, "an accented needle matches as typed");
        assert!(t("echec").normalize);
        let q = Query::parse("échec");
        assert!(q.positions("ÉCHEC du déploiement").is_some());
        assert!(q.positions("echec").is_none(), "é is not e when typed");
        let q = Query::parse("Échec");
        assert!(q.positions("échec").is_none());
        assert_eq!(q.positions("un Échec").unwrap(), [3, 4, 5, 6, 7]);
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let q = Query::parse("'lat");
        assert_eq!(q.positions("é latency").unwrap(), [2, 3, 4]);
        let q = Query::parse("lat$");
        assert_eq!(q.positions("élat").unwrap(), [1, 2, 3]);
        let q = Query::parse("cafe");
        assert_eq!(q.positions("le Café").unwrap(), [3, 4, 5, 6]);
    }

    #[test]
    fn accents_are_stripped_one_for_one() {
        assert_eq!(LATIN_BASE.chars().count(), 0x180 - 0xC0);
        assert_eq!(strip_accent('é'), 'e');
        assert_eq!(strip_accent('Ł'), 'L');
        assert_eq!(strip_accent('ß'), 'ß');
        assert_eq!(strip_accent('ж'), 'ж');
        assert_eq!(lower('İ'), 'İ', "two characters in lower case: kept");
    }

    #[test]
    fn skim_sees_the_same_line_from_the_first_possible_start() {
        // The score from the cut line equals skim's on the whole line.
        let skim = SkimMatcherV2::default().ignore_case();
        let mut m = Matcher::new();
        for (line, needle) in [
            ("Suspect network latency", "netlat"),
            ("xx-net", "net"),
            ("a net", "net"),
            ("net", "net"),
            ("Rollback completed but the issue persisted", "persisted"),
            ("net after net latency later", "netlat"),
            ("a_b a-b ab", "ab"),
            ("x", "x"),
        ] {
            assert_eq!(
                Query::parse(needle).score(line, &mut m),
                skim.fuzzy_match(line, needle).map(|s| s as u32),
                "{line:?} {needle:?}"
            );
        }
    }

    proptest::proptest! {
        /// Skim given the cut line scores as skim given the whole line (fuzzy terms, ASCII
        /// lines; a needle with a capital is case-sensitive in both).
        #[test]
        fn the_cut_line_scores_as_the_whole(
            line in "[abnetlA _./-]{0,30}",
            needle in "[abnetlA/-]{1,4}",
        ) {
            let skim = SkimMatcherV2::default().smart_case();
            let q = Query::parse(&needle);
            proptest::prop_assume!(q.terms.len() == 1 && q.terms[0].kind == Kind::Fuzzy);
            let whole = skim.fuzzy_match(&line, &needle).map(|s| s.clamp(0, u32::MAX as i64) as u32);
            proptest::prop_assert_eq!(q.score(&line, &mut Matcher::new()), whole);
        }
    }
}

#[cfg(test)]
mod matches_tests {
    use super::*;

    /// `matches` says yes exactly where `score` gives a score: the search inside an incident
    /// (unscored) and the one over all incidents (scored) keep the same events.
    #[test]
    fn matches_agrees_with_score() {
        let lines = [
            "Rolled back the deploy | action | sam",
            "network latency rose | investigation",
            "Café au lait: Störung im Zahlungsverkehr | note",
            "CPU back down to 40% | recovery | Ana",
            "",
        ];
        let queries = [
            "rollback",
            "netlat",
            "cafe",
            "Café",
            "störung",
            "'back !deploy",
            "^rolled",
            "note$",
            "^café",
            "!'x",
            "CPU",
            "cpu",
            "zzz",
            "a b c",
            "!^Rolled",
            "'40% rec",
            "\\ ",
            "",
        ];
        let mut m = Matcher::new();
        for q in queries {
            let query = Query::parse(q);
            for l in lines {
                let scored = query.score(l, &mut m).is_some();
                assert_eq!(query.matches(l, &mut m), scored, "{q:?} on {l:?}");
            }
        }
    }
}
