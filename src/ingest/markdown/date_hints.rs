//! What a document shows about reading its dates ([`date_hints`]): its first year, whether its
//! numeric dates are written month first or day first, and whether its clocks go without a colon
//! (`2228:`). Read once over the whole text of a file, before its entries.

use super::timeline::{bare, first_year, without_glued_clock};
use crate::ingest::clock::{DateHints, DateReading, month_number, numeric_date_reading};

/// What a document shows about reading its dates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DateEvidence {
    pub hints: DateHints,
    /// The first numeric date that reads both ways (`05-03-2024`) when no other numeric date
    /// in the file decides the order: its line (1-based) and the date as written.
    pub ambiguous: Option<(usize, String)>,
    /// Why the order was chosen when no numeric date decided it: the file writes month-name
    /// dates month first (`March 5`) or day first (`5 March`).
    pub by_names: Option<bool>,
}

/// Read the whole text for its first year and the order of its numeric dates: a date whose
/// first number is over 12 (`24/03/2024`) or a dotted one (`05.03.2024`) says day first, one
/// whose second is (`03/24/2024`) says month first; without those, the way month names are
/// written (`March 5` vs `5 March`) decides; else day first.
pub fn date_hints(text: &str) -> DateEvidence {
    let year = first_year(text);
    let (mut day_first, mut month_first) = (0usize, 0usize);
    let (mut named_day_first, mut named_month_first) = (0usize, 0usize);
    let mut ambiguous = None;
    let day_word = |w: &str| {
        // A day starts with a digit (most words do not: they need no more reading).
        if !w.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            return false;
        }
        let d = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        (1..=2).contains(&d.len())
            && d.chars().all(|c| c.is_ascii_digit())
            && d.parse::<u32>().is_ok_and(|n| (1..=31).contains(&n))
    };
    let capital_month = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_uppercase()) && month_number(bare(w)).is_some()
    };
    let mut words = Vec::new();
    let mut clock_lines = 0usize;
    let mut spaced_clock_lines = 0usize;
    let mut colon_clock_lines = 0usize;
    for (no, line) in text.split('\n').enumerate() {
        if !line.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        clock_lines += usize::from(starts_with_colon_less_clock(line));
        spaced_clock_lines += usize::from(starts_with_spaced_colon_less_clock(line));
        colon_clock_lines += usize::from(starts_with_colon_clock(line));
        let mut prev: Option<(&str, bool)> = None;
        hint_words(line, &mut words);
        for &w in &words {
            // A numeric date has digits (most words have none: no need to read them as one).
            if w.bytes().any(|b| b.is_ascii_digit()) {
                let date = without_glued_clock(w.trim_end_matches(['.', ':', ';']));
                let reading = if date.bytes().any(|b| b.is_ascii_digit()) {
                    numeric_date_reading(date)
                } else {
                    None
                };
                match reading {
                    Some(DateReading::DayFirst) => day_first += 1,
                    Some(DateReading::MonthFirst) => month_first += 1,
                    Some(DateReading::Either) => {
                        ambiguous.get_or_insert_with(|| (no + 1, date.to_string()));
                    }
                    None => {}
                }
            }
            // Each word is read as a day once, then as the word after and before another.
            let is_day = day_word(w);
            if let Some((p, p_is_day)) = prev {
                if is_day && capital_month(p) {
                    named_month_first += 1;
                } else if p_is_day && capital_month(w) {
                    named_day_first += 1;
                }
            }
            prev = Some((w, is_day));
        }
    }
    let by_numbers = day_first + month_first > 0;
    let conflict = day_first > 0 && month_first > 0;
    let by_names = (!by_numbers && named_day_first != named_month_first)
        .then_some(named_month_first > named_day_first);
    let month_first = if by_numbers {
        month_first > 0 && day_first == 0
    } else {
        by_names == Some(true)
    };
    DateEvidence {
        hints: DateHints {
            year,
            month_first,
            colon_less_clocks: clock_lines >= 2,
            // Only in a document that writes no clock of another shape at the start of a line.
            spaced_clocks: spaced_clock_lines >= 3 && clock_lines == 0 && colon_clock_lines == 0,
        },
        ambiguous: ambiguous.filter(|_| !by_numbers || conflict),
        by_names,
    }
}

/// Whether `line` starts (after a list marker, a `~` or a link's `[`) with four digits and a
/// glued `:` or `-` (or ` :`, or a link's `]`) that can only be a clock: a valid `HHMM` that is no
/// year from 1900 to 2099 (`2228:`, `0901:`, `~1940:`, `[1758](…):`). Two such lines set
/// [`DateHints::colon_less_clocks`].
fn starts_with_colon_less_clock(line: &str) -> bool {
    let body = line
        .trim_start()
        .trim_start_matches(['*', '-', '+'])
        .trim_start();
    // `~1940:` (approximate) and `[1758](link):` (the clock a link's text) count too.
    let linked = body.starts_with('[');
    let body = body.trim_start_matches(['~', '[']);
    let b = body.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let glued = match b[4] {
        b':' | b'-' => true,
        // `[1758](https://…): …`, not a ticket `[1203](https://…) Add an alert`.
        b']' => {
            linked
                && body[5..].starts_with('(')
                && body[5..]
                    .find(')')
                    .is_some_and(|close| body[5 + close + 1..].starts_with(':'))
        }
        // `1727 : …`
        b' ' => b.get(5) == Some(&b':'),
        _ => false,
    };
    if !glued {
        return false;
    }
    if b.get(5).is_some_and(u8::is_ascii_digit) {
        return false; // `2024-03-05`, `12:30`-like forms are not colon-less clocks.
    }
    let n: u32 = body[..4].parse().unwrap_or(0);
    let (h, m) = (n / 100, n % 100);
    h <= 23 && m <= 59 && !(1900..=2099).contains(&n)
}

/// Whether `line` opens (after a list or table marker, emphasis or `~`) with a clock written
/// with a colon (`- 14:05 …`, `| 9:30 |`, `**10:02**`): a timeline of that shape, whose
/// four-digit numbers (`- 1200 requests failed`) are counts.
fn starts_with_colon_clock(line: &str) -> bool {
    let body = line
        .trim_start()
        .trim_start_matches(['-', '*', '+', '|', ' ', '_', '`', '~', '[']);
    let b = body.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=2).contains(&digits)
        && b.get(digits) == Some(&b':')
        && b.get(digits + 1).is_some_and(u8::is_ascii_digit)
}

/// Whether `line` opens with four digits, then a space and the entry's words, perhaps after a
/// dash (`- 0932 First errors from the proxy`, `**0932** - pager fires`, `0940 — failover`): a
/// clock written without a colon when it is a valid `HHMM` and no year from 1900 to 2099, and
/// the word after it is no zone (`0619 UTC:` is a clock of another shape). A count reads the
/// same (`- 1200 users affected`), so three such lines are needed to set
/// [`DateHints::spaced_clocks`].
fn starts_with_spaced_colon_less_clock(line: &str) -> bool {
    let mut body = line.trim_start();
    // A list marker is followed by a space; `**0932**` keeps its stars for the next step.
    if let Some(rest) = body.strip_prefix(['-', '*', '+'])
        && rest.starts_with(' ')
    {
        body = rest.trim_start();
    }
    let body = body.trim_start_matches(['*', '_', '`']);
    let b = body.as_bytes();
    if b.len() < 6 || !b[..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let after = body[4..].trim_start_matches(['*', '_', '`']);
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let words = rest
        .trim_start()
        .trim_start_matches(['-', '–', '—', ':', '|'])
        .trim_start();
    let word = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    if !words.starts_with(char::is_alphabetic) || crate::ingest::clock::parse_zone(word).is_some() {
        return false;
    }
    let n: u32 = body[..4].parse().unwrap_or(0);
    let (h, m) = (n / 100, n % 100);
    h <= 23 && m <= 59 && !(1900..=2099).contains(&n)
}

/// The words [`date_hints`] reads in a line, into `out` (emptied first): split at white space
/// and at `,()[]|*` and backticks, empty pieces left out. An ASCII line (nearly all) is split
/// a byte at a time.
fn hint_words<'a>(line: &'a str, out: &mut Vec<&'a str>) {
    let sep =
        |c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '[' | ']' | '|' | '*' | '`');
    // `sep` of each ASCII byte, looked up.
    const ASCII_SEP: [bool; 128] = {
        let mut t = [false; 128];
        let seps = b" \t\n\x0b\x0c\r,()[]|*`";
        let mut i = 0;
        while i < seps.len() {
            t[seps[i] as usize] = true;
            i += 1;
        }
        t
    };
    out.clear();
    // A byte at a time; a character of several bytes (a typographic dash, a wide space) is
    // decoded where it starts.
    let b = line.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        let (apart, len) = if b[i].is_ascii() {
            (ASCII_SEP[usize::from(b[i])], 1)
        } else {
            let c = line[i..].chars().next().expect("a character starts here");
            (sep(c), c.len_utf8())
        };
        if apart {
            if start < i {
                out.push(&line[start..i]);
            }
            start = i + len;
        }
        i += len;
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
}

#[cfg(test)]
mod tests {
    use super::hint_words;

    #[test]
    fn hint_words_split_ascii_lines_as_characters_do() {
        let by_char = |l: &str| -> Vec<String> {
            l.split(|c: char| {
                c.is_whitespace() || matches!(c, ',' | '(' | ')' | '[' | ']' | '|' | '*' | '`')
            })
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
        };
        let mut out = Vec::new();
        for l in [
            "| 06:00 | **Mar 5** (UTC), [x] `a`\tb\x0bc\x0cd\re ",
            "",
            "  ,,  ",
            "one",
            "05.03.2024 – 09:00 Ünïcode, here",
            "06:00 –\u{a0}edge-proxy\u{2009}4.22,\u{3000}deployed (½)",
            // Every ASCII character between two letters.
            (0u8..128)
                .map(|b| format!("a{}", char::from(b)))
                .collect::<String>()
                .as_str(),
        ] {
            hint_words(l, &mut out);
            assert_eq!(out, by_char(l), "{l:?}");
        }
    }
}
