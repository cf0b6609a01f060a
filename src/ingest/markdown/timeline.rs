//! Times in text: the timeline section's entries, times inside sentences, the "from X to Y"
//! span of the outage, dates and zone notes.

use std::collections::HashSet;

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveTime, Timelike};

pub use super::date_hints::date_hints;
use super::lines::{Kind, Line, numbered};
use super::sections::{Section, split_label};
use crate::ingest::candidate::{Origin, SourceKind, StatedBranch};
use crate::ingest::clock::{
    ClockResolver, DateHints, ParsedTime, Zone, abbreviate_zone_names, month_number,
    parse_date_with, parse_month_name_date, parse_time_zoned, parse_zone, weekday,
};
use crate::model::{EventKind, Inference, MilestoneKind, Outcome, RuleId};

/// Dashes, glued zone notes and spelled-out zone names made readable for the clock parser.
pub fn normalise(s: &str) -> String {
    // Nothing for the character pass to change (no typographic dash or space, no `)`): copy.
    let out = if memchr::memchr3(0xC2, 0xE2, b')', s.as_bytes()).is_some() {
        normalise_chars(s)
    } else {
        s.to_string()
    };
    let out = east_asian_dates(out);
    let out = split_glued_ranges(out);
    let out = hour_with_unknown_minutes(out);
    let out = glue_approximate_marks(out);
    let out = close_zone_offsets(out);
    if contains_ignore_ascii_case(&out, " time") {
        abbreviate_zone_names(&out)
    } else {
        out
    }
}

/// Dates and times as Japanese, Chinese and Korean write them, made readable for the clock
/// parser: `2025年9月5日(金)` → `2025-09-05`, `2025년 9월 5일` → `2025-09-05` (the weekday in
/// brackets after it dropped), a month and day without the year (`9月9日`) → `September 9`, and
/// `13:40頃` / `13:40ごろ` (about) → `~13:40`, `01:18以降` (from then on) → `01:18`, a wave dash
/// between clocks (`17:19:36〜17:27`) → a range's dash, clocks in words ([`cjk_clock`]), and a
/// full-width colon beside a number → `:` between digits, else `: `. Any other text is returned
/// as it is.
fn east_asian_dates(s: String) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    // Nearly every entry is ASCII: one fast test, then the marks looked for.
    if s.is_ascii()
        || !s.contains([
            '月', '월', '頃', 'ご', '〜', '～', '時', '时', '点', '點', '시', '：', '以', '之',
        ])
    {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let digits_at = |k: usize| -> (usize, Option<u32>) {
        // The run of ASCII digits from char index k, and its value.
        let mut j = k;
        while j < chars.len() && chars[j].1.is_ascii_digit() {
            j += 1;
        }
        let text: String = chars[k..j].iter().map(|&(_, c)| c).collect();
        (j, text.parse().ok().filter(|_| j > k && j - k <= 4))
    };
    let skip_spaces = |mut k: usize| {
        while k < chars.len() && chars[k].1 == ' ' {
            k += 1;
        }
        k
    };
    let mark = |k: usize, marks: &[char]| k < chars.len() && marks.contains(&chars[k].1);
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        let at_word_start = k == 0 || !chars[k - 1].1.is_ascii_digit();
        // A clock in words: `午後3時15分` → `15:15`, `11時05分` → `11:05`, `下午3点半` →
        // `15:30`, `오전 9시 5분` → `09:05`.
        if let Some((mut next, clock)) = cjk_clock(&chars, k) {
            out.push_str(&clock);
            out.push(' ');
            // A full-width colon after it parts it from the entry (`下午3点05分：…`).
            if chars.get(next).is_some_and(|&(_, c)| c == '：') {
                next += 1;
            }
            k = next;
            continue;
        }
        // A full-width colon beside a number: inside a clock (`15：05`), or parting a label from
        // its value (`日期：2025年6月18日`) or a clock from its entry (`15:05：订单…`).
        if c == '：' {
            let digit_before = k > 0 && chars[k - 1].1.is_ascii_digit();
            let digit_after = chars.get(k + 1).is_some_and(|&(_, d)| d.is_ascii_digit());
            if digit_before || digit_after {
                out.push_str(if digit_before && digit_after {
                    ":"
                } else {
                    ": "
                });
                k += 1;
                continue;
            }
        }
        if c.is_ascii_digit() && at_word_start {
            // [YYYY年] M月 D日, with optional spaces between (Korean writes them).
            let (after_first, first) = digits_at(k);
            let (year, month_from) = if mark(after_first, &['年', '년']) {
                (first, skip_spaces(after_first + 1))
            } else {
                (None, k)
            };
            let (after_m, month) = digits_at(month_from);
            if mark(after_m, &['月', '월']) {
                let (after_d, day) = digits_at(skip_spaces(after_m + 1));
                if let (Some(m), Some(d)) = (month, day)
                    && mark(after_d, &['日', '일'])
                    && (1..=12).contains(&m)
                    && (1..=31).contains(&d)
                    && (year.is_some() || month_from == k)
                {
                    match year {
                        Some(y) => out.push_str(&format!("{y:04}-{m:02}-{d:02}")),
                        None => out.push_str(&format!("{} {d}", MONTHS[m as usize - 1])),
                    }
                    let mut j = after_d + 1;
                    // The weekday in brackets right after it: `(金)`, `（水）`, `(화)`.
                    let open = skip_spaces(j);
                    if mark(open, &['(', '（'])
                        && open + 2 < chars.len()
                        && !chars[open + 1].1.is_ascii()
                        && matches!(chars[open + 2].1, ')' | '）')
                    {
                        j = open + 3;
                    }
                    out.push(' ');
                    k = j;
                    continue;
                }
            }
            // A clock then `頃` or `ごろ` (about): `13:40頃` → `~13:40`.
            let (after_h, hour) = digits_at(k);
            if hour.is_some_and(|h| h <= 23) && mark(after_h, &[':']) {
                let (mut after_min, minute) = digits_at(after_h + 1);
                // Its seconds, if written (`17:19:36〜`).
                if mark(after_min, &[':'])
                    && let (after_s, Some(sec)) = digits_at(after_min + 1)
                    && sec <= 59
                    && after_s == after_min + 3
                {
                    after_min = after_s;
                }
                // The mark may stand a space apart (`00:00 頃`).
                let at = skip_spaces(after_min);
                let about = mark(at, &['頃'])
                    || (mark(at, &['ご']) && at + 1 < chars.len() && chars[at + 1].1 == 'ろ');
                if minute.is_some_and(|m| m <= 59) && about {
                    out.push('~');
                    let end = chars.get(after_min).map_or(s.len(), |&(i, _)| i);
                    out.push_str(&s[chars[k].0..end]);
                    out.push(' ');
                    k = at + if chars[at].1 == '頃' { 1 } else { 2 };
                    continue;
                }
                // A clock then the words for "from then on" (`01:18以降`, `01:18以后`): the
                // clock is the time.
                let from_then = ["以降", "以後", "以后", "之后"]
                    .iter()
                    .find(|w| w.chars().enumerate().all(|(n, c)| mark(at + n, &[c])));
                if minute.is_some_and(|m| m <= 59)
                    && let Some(w) = from_then
                {
                    let end = chars.get(after_min).map_or(s.len(), |&(i, _)| i);
                    out.push_str(&s[chars[k].0..end]);
                    out.push(' ');
                    k = at + w.chars().count();
                    continue;
                }
                // A clock then a wave dash: alone (`23:28〜`, from then on) the clock is the
                // time; before another clock (`17:19:36〜17:27`) it joins a range, as a dash.
                if minute.is_some_and(|m| m <= 59) && mark(at, &['〜', '～']) {
                    let end = chars.get(after_min).map_or(s.len(), |&(i, _)| i);
                    out.push_str(&s[chars[k].0..end]);
                    let to = skip_spaces(at + 1);
                    let (after_to, to_hour) = digits_at(to);
                    let range = to_hour.is_some_and(|h| h <= 23) && mark(after_to, &[':']);
                    out.push_str(if range { " - " } else { " " });
                    k = if range { to } else { at + 1 };
                    continue;
                }
            }
        }
        out.push(c);
        k += 1;
    }
    out
}

/// Words for the half of the day before a clock in Japanese, Chinese and Korean, with whether
/// the hours after them are afternoon or evening hours (`午後3時` is 15:00).
const CJK_HALF_DAY: &[(&str, bool)] = &[
    ("午前", false),
    ("午後", true),
    ("上午", false),
    ("下午", true),
    ("凌晨", false),
    ("早上", false),
    ("晚上", true),
    ("오전", false),
    ("오후", true),
];

/// A clock written in Japanese, Chinese or Korean words at char index `k` of `chars`: an
/// optional half of the day ([`CJK_HALF_DAY`], a space may follow), ASCII digits for the hour
/// and an hour mark (`時`, `时`, `点`, `點`, `시`), then optional minutes (`15分`, `5분`, or
/// `半`, half past) and seconds (`30秒`, `30초`), and `頃` or `ごろ` (about). Returns the char
/// index after it and the clock as `HH:MM` or `HH:MM:SS`, after `~` when approximate. Not a
/// clock: hours of a duration (`1時間`, `2시간`), a count (`3点`, `3点目`: `点` needs a half of
/// the day or minutes), an hour over 23 (over 12 after a half of the day), a number glued to
/// digits before it.
fn cjk_clock(chars: &[(usize, char)], k: usize) -> Option<(usize, String)> {
    let starts = |at: usize, word: &str| {
        word.chars()
            .enumerate()
            .all(|(n, w)| chars.get(at + n).is_some_and(|&(_, c)| c == w))
    };
    let (mut at, afternoon) = match CJK_HALF_DAY.iter().find(|(w, _)| starts(k, w)) {
        Some((w, pm)) => {
            let mut at = k + w.chars().count();
            while chars.get(at).is_some_and(|&(_, c)| c == ' ') {
                at += 1;
            }
            (at, Some(*pm))
        }
        None if k > 0 && chars[k - 1].1.is_ascii_digit() => return None,
        None => (k, None),
    };
    let number = |from: usize| {
        let mut j = from;
        while j < chars.len() && chars[j].1.is_ascii_digit() && j - from < 2 {
            j += 1;
        }
        let n: String = chars[from..j].iter().map(|&(_, c)| c).collect();
        n.parse::<u32>().ok().map(|v| (j, v))
    };
    let (after_h, mut hour) = number(at)?;
    let mark = |j: usize, marks: &[char]| chars.get(j).is_some_and(|&(_, c)| marks.contains(&c));
    if !mark(after_h, &['時', '时', '点', '點', '시']) || mark(after_h + 1, &['間', '间', '간'])
    {
        return None;
    }
    // `点` is also a count in Japanese (`3点`, three items; `3点目`, the third): a clock only
    // after a half of the day or before its minutes.
    let counted = mark(after_h, &['点', '點']) && afternoon.is_none();
    at = after_h + 1;
    // Korean puts a space between the parts (`9시 5분`).
    let spaced = |j: usize| {
        let mut n = j;
        while chars.get(n).is_some_and(|&(_, c)| c == ' ') {
            n += 1;
        }
        n
    };
    let mut minute = 0;
    let mut second = None;
    if mark(at, &['半']) {
        minute = 30;
        at += 1;
    } else if let Some((after_m, m)) = number(spaced(at))
        && mark(after_m, &['分', '분'])
        && m <= 59
    {
        minute = m;
        at = after_m + 1;
        if let Some((after_s, sec)) = number(spaced(at))
            && mark(after_s, &['秒', '초'])
            && sec <= 59
        {
            second = Some(sec);
            at = after_s + 1;
        }
    }
    if counted && at == after_h + 1 {
        return None;
    }
    // `頃` or `ごろ` (about) after it: approximate.
    let about = if mark(at, &['頃']) {
        at += 1;
        "~"
    } else if mark(at, &['ご']) && mark(at + 1, &['ろ']) {
        at += 2;
        "~"
    } else {
        ""
    };
    match afternoon {
        Some(_) if hour > 12 => return None,
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ if hour > 23 => return None,
        _ => {}
    }
    let clock = match second {
        Some(sec) => format!("{about}{hour:02}:{minute:02}:{sec:02}"),
        None => format!("{about}{hour:02}:{minute:02}"),
    };
    Some((at, clock))
}

/// `22:XX` → `~22:00`: an hour written with its minutes left unknown (`xx`, `XX`, `??`) is the
/// start of that hour, approximate; `16:2x` (the last digit unknown) → `~16:20`, the start of
/// those ten minutes.
fn hour_with_unknown_minutes(s: String) -> String {
    // One pass over the `:`s for the spellings: both minute digits unknown (`22:XX`, `22:??`)
    // or the last one (`16:2x` → `~16:20`).
    let unknown_at = |b: &[u8], i: usize| match b.get(i + 1..i + 3) {
        Some(b"XX" | b"xx" | b"??") => Some(b'0'),
        Some(&[d @ b'0'..=b'5', b'x' | b'X' | b'?']) => Some(d),
        _ => None,
    };
    if !memchr::memchr_iter(b':', s.as_bytes()).any(|i| unknown_at(s.as_bytes(), i).is_some()) {
        return s;
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 4);
    let mut last = 0;
    let mut i = 0;
    while i + 2 < b.len() {
        let tens = unknown_at(b, i).filter(|_| b[i] == b':');
        let unknown = tens.is_some() && b.get(i + 3).is_none_or(|c| !c.is_ascii_alphanumeric());
        let digits = b[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let start = i - digits;
        let alone = start == 0 || !b[start - 1].is_ascii_alphanumeric();
        if unknown && (1..=2).contains(&digits) && alone {
            out.push_str(&s[last..start]);
            if start == 0 || b[start - 1] != b'~' {
                out.push('~');
            }
            out.push_str(&s[start..i]);
            out.push(':');
            out.push(char::from(tens.unwrap_or(b'0')));
            out.push('0');
            i += 3;
            last = i;
            continue;
        }
        i += 1;
    }
    out.push_str(&s[last..]);
    out
}

/// `~ 22:00` → `~22:00`: a mark of approximation set apart from its clock by spaces is
/// glued back, so the clock reads as approximate (`2019-01-18 ~ 22:00`, `### 2019-01-18 ~
/// 22:10`) instead of ending the time at the mark. Between two clocks it is a range
/// (`10:00 ~ 10:15` → `10:00 ~10:15`, read as one).
fn glue_approximate_marks(s: String) -> String {
    // Searchers built once: nearly every entry passes here, and few hold a mark.
    static TILDE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("~ "));
    static ALMOST: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("≈ "));
    if TILDE.find(s.as_bytes()).is_none() && ALMOST.find(s.as_bytes()).is_none() {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find(['~', '≈']) {
        let mark_end = i + rest[i..].chars().next().map_or(1, char::len_utf8);
        let after = &rest[mark_end..];
        let spaces = after.len() - after.trim_start_matches(' ').len();
        out.push_str(&rest[..mark_end]);
        let glue = spaces > 0 && after[spaces..].starts_with(|c: char| c.is_ascii_digit());
        rest = if glue { &after[spaces..] } else { after };
    }
    out.push_str(rest);
    out
}

/// Typographic dashes inside dates, `)` glued to a word, and wide spaces.
fn normalise_chars(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 8);
    // Text up to a character that may change is copied in one piece; every such character
    // starts with `)`, 0xC2 or 0xE2 (lead bytes, never inside another character).
    let mut copied = 0;
    for i in memchr::memchr3_iter(b')', 0xC2, 0xE2, b) {
        let c = s[i..].chars().next().expect("a character starts here");
        let end = i + c.len_utf8();
        let next = s[end..].chars().next();
        let with = match c {
            // `2023–12–18` (typographic dashes inside a date) → `2023-12-18`; not after a
            // clock's seconds, where it starts a range (see `split_glued_ranges`).
            '–' | '—' | '‒' | '−'
                if b[..i].last().is_some_and(u8::is_ascii_digit)
                    && next.is_some_and(|n| n.is_ascii_digit())
                    && !(c != '−' && seconds_clock_ends_at(b, i)) =>
            {
                "-"
            }
            // `± 17:20 UTC` (plus or minus, about) → `~ 17:20 UTC`: an approximate time.
            '±' if next.is_some_and(|n| n.is_ascii_digit() || n == ' ') => "~",
            // `(UTC)on August` → `(UTC) on August`.
            ')' if next.is_some_and(char::is_alphanumeric) => ") ",
            '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => " ",
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        out.push_str(with);
        copied = end;
    }
    out.push_str(&s[copied..]);
    out
}

/// Whether `needle` (ASCII) occurs in `hay`, in any case, without allocating.
fn contains_ignore_ascii_case(hay: &str, needle: &str) -> bool {
    // One byte of the needle alone first: most positions fail there. Not a space (` time`):
    // spaces are everywhere in text, its first letter is rarer.
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return true;
    }
    if h.len() < n.len() {
        return false;
    }
    let k = n.iter().position(|b| *b != b' ').unwrap_or(0);
    // The positions holding that byte in either case, found by `memchr`; the needle would
    // start `k` bytes before.
    let last = h.len() - n.len();
    let at =
        |i: usize| i >= k && i - k <= last && h[i - k..i - k + n.len()].eq_ignore_ascii_case(n);
    let (lower, upper) = (n[k].to_ascii_lowercase(), n[k].to_ascii_uppercase());
    if lower == upper {
        memchr::memchr_iter(lower, h).any(at)
    } else {
        memchr::memchr2_iter(lower, upper, h).any(at)
    }
}

/// `GMT + 1` → `GMT+1`, `UTC - 05:00` → `UTC-05:00`. One pass, however often it is written.
fn close_zone_offsets(s: String) -> String {
    // Searchers built once: nearly every entry passes here, and few hold either.
    static GMT: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("GMT "));
    static UTC: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("UTC "));
    if GMT.find(s.as_bytes()).is_none() && UTC.find(s.as_bytes()).is_none() {
        return s;
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut i = 0;
    while i + 6 < b.len() {
        let zone = &b[i..i + 3];
        if (zone == b"GMT" || zone == b"UTC")
            && b[i + 3] == b' '
            && matches!(b[i + 4], b'+' | b'-')
            && b[i + 5] == b' '
            && b[i + 6].is_ascii_digit()
        {
            out.push_str(&s[last..i + 3]);
            out.push(b[i + 4] as char);
            last = i + 6;
            i += 6;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[last..]);
    out
}

/// `10:00-10:15`, `10:00–10:15Z`, `9am-10am`, `10:00~10:15` → `10:00 - 10:15`: a range written
/// without spaces is two times, never a time and a zone (`-10:15` is not an offset here). An ISO
/// date-time's offset (`2025-06-17T09:05-05:00`) and a clock with seconds
/// (`10:30:00-05:00`) are left alone; after seconds, a typographic dash starts a range
/// (`22:32:43–22:40:14`), and one before two digits ends it in seconds (`22:32:04–08` →
/// `22:32:04`).
fn split_glued_ranges(s: String) -> String {
    let b = s.as_bytes();
    let dash_at = |i: usize| -> Option<usize> {
        // Byte length of a range dash at `i`.
        match b[i] {
            b'-' | b'~' => Some(1),
            0xE2 if s.get(i..i + 3).is_some_and(|d| d == "–" || d == "—") => Some(3),
            _ => None,
        }
    };
    let mut cuts = Vec::new();
    // Only `-`, `~` and a typographic dash's lead byte can start a range dash.
    for i in memchr::memchr3_iter(b'-', b'~', 0xE2, b).filter(|&i| i >= 1) {
        let Some(len) = dash_at(i) else { continue };
        // The end may be approximate (`…Z–~12:00Z`): its mark stays with it.
        let end_at = i + len + usize::from(b.get(i + len) == Some(&b'~'));
        if (clock_ends_at(b, i) || zulu_clock_ends_at(b, i)) && clock_starts_at(b, end_at) {
            cuts.push((i, len, Some("")));
        } else if len == 3 && seconds_clock_ends_at(b, i) && clock_starts_at(b, end_at) {
            // `22:32:43–22:40:14`: a typographic dash after a clock with seconds is a range
            // (an offset is written with a hyphen).
            cuts.push((i, len, Some("")));
        } else if len == 3
            && seconds_clock_ends_at(b, i)
            && b.get(end_at..end_at + 2)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit) && d[0] <= b'5')
            && b.get(end_at + 2)
                .is_none_or(|c| !c.is_ascii_digit() && *c != b':')
        {
            // `22:32:04–08`: the range's end written as its seconds alone; the start stands
            // for it (never an offset of -08:00).
            cuts.push((i, len + 2, None));
        } else if let Some(first) = bare_hour_ends_at(b, i)
            && let Some((last, meridiem)) = meridiem_of_clock_at(b, i + len)
        {
            // `1-3AM`, `10-11pm`: the hours share the meridiem written once, at the end; a
            // range over noon or midnight (`10-2pm`, `11-12pm`, `9-12pm`) starts in the other
            // half of the day.
            let same = first < last && last != 12;
            let meridiem = match (same, meridiem) {
                (true, m) => m,
                (false, "am") => "pm",
                (false, _) => "am",
            };
            cuts.push((i, len, Some(meridiem)));
        }
    }
    if cuts.is_empty() {
        return s;
    }
    let mut out = String::with_capacity(s.len() + cuts.len() * 4);
    let mut last = 0;
    for (i, len, meridiem) in cuts {
        out.push_str(&s[last..i]);
        // The end of a range in seconds is dropped (see above).
        if let Some(meridiem) = meridiem {
            out.push_str(meridiem);
            out.push_str(" - ");
        }
        last = i + len;
    }
    out.push_str(&s[last..]);
    out
}

/// Whether the bytes before `end` finish a clock without seconds (`10:00`, `9am`, `9:30pm`)
/// that is not part of an ISO date-time (`…T09:05`).
fn clock_ends_at(b: &[u8], end: usize) -> bool {
    let mut j = end;
    // am/pm
    let lower = |k: usize| b[k].to_ascii_lowercase();
    let meridiem = j >= 2 && matches!(lower(j - 2), b'a' | b'p') && lower(j - 1) == b'm';
    if meridiem {
        j -= 2;
    }
    // :MM
    let minutes =
        j >= 3 && b[j - 3] == b':' && b[j - 2].is_ascii_digit() && b[j - 1].is_ascii_digit();
    if minutes {
        j -= 3;
    } else if !meridiem {
        return false;
    }
    let digits = (1..=2)
        .take_while(|k| j >= *k && b[j - k].is_ascii_digit())
        .count();
    if digits == 0 {
        return false;
    }
    let before = j.checked_sub(digits + 1).map(|k| b[k]);
    // Not the seconds of `10:30:00` and not the clock of `2025-06-17T09:05`.
    !matches!(before, Some(b':' | b'T' | b'.') | Some(b'0'..=b'9'))
}

/// Whether the bytes before `end` finish a clock with seconds (`22:32:43`).
fn seconds_clock_ends_at(b: &[u8], end: usize) -> bool {
    let digit = |k: usize| b[k].is_ascii_digit();
    end >= 7
        && digit(end - 1)
        && digit(end - 2)
        && b[end - 3] == b':'
        && digit(end - 4)
        && digit(end - 5)
        && b[end - 6] == b':'
        && digit(end - 7)
}

/// Whether the bytes before `end` finish a clock marked UTC by a `Z` (`10:00Z`, an ISO
/// date-time's `…T09:36Z`, `…T09:36:00Z`): the zone is written, so a dash after it starts a
/// range's end (`2026-05-18T09:36Z–~12:00Z`), never an offset.
fn zulu_clock_ends_at(b: &[u8], end: usize) -> bool {
    if end < 4 || b[end - 1] != b'Z' {
        return false;
    }
    let mut j = end - 1;
    // :SS, then :MM
    for _ in 0..2 {
        if j >= 3 && b[j - 3] == b':' && b[j - 2].is_ascii_digit() && b[j - 1].is_ascii_digit() {
            j -= 3;
        } else {
            break;
        }
    }
    j < end - 1 && j >= 1 && b[j - 1].is_ascii_digit()
}

/// The hour, when the bytes before `end` are an hour alone (`1` of `~1-3AM`): one or two
/// digits, 1 to 12, at a word's start (not the end of a date, `2024-03`, nor of a clock,
/// `10:30`).
fn bare_hour_ends_at(b: &[u8], end: usize) -> Option<u32> {
    let digits = (1..=2)
        .take_while(|k| end >= *k && b[end - k].is_ascii_digit())
        .count();
    if digits == 0 {
        return None;
    }
    let hour = crate::ingest::clock::digits_value(&b[end - digits..end]);
    let before = end.checked_sub(digits + 1).map(|k| b[k]);
    ((1..=12).contains(&hour) && before.is_none_or(|c| matches!(c, b' ' | b'~' | b'(' | b'|')))
        .then_some(hour)
}

/// The hour and the meridiem (`"am"`/`"pm"`) of the clock without minutes or with them that
/// starts at `start` (`3AM`, `3 pm`, `3:30pm`), when it has one.
fn meridiem_of_clock_at(b: &[u8], start: usize) -> Option<(u32, &'static str)> {
    let at = |k: usize| b.get(k).map(u8::to_ascii_lowercase);
    let digits = (start..b.len())
        .take_while(|&k| b[k].is_ascii_digit())
        .count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let hour = crate::ingest::clock::digits_value(&b[start..start + digits]);
    let mut k = start + digits;
    if at(k) == Some(b':') && at(k + 1).is_some_and(|c| c.is_ascii_digit()) {
        k += 3;
    }
    if at(k) == Some(b' ') {
        k += 1;
    }
    let word_ends = at(k + 2).is_none_or(|c| !c.is_ascii_alphanumeric());
    match (at(k), at(k + 1)) {
        (Some(b'a'), Some(b'm')) if word_ends => Some((hour, "am")),
        (Some(b'p'), Some(b'm')) if word_ends => Some((hour, "pm")),
        _ => None,
    }
}

/// Whether a clock (`10:15`, `9am`, `9:30 pm`) starts at `start`.
fn clock_starts_at(b: &[u8], start: usize) -> bool {
    let digits = b[start.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if !(1..=2).contains(&digits) {
        return false;
    }
    let k = start + digits;
    let at = |k: usize| b.get(k).map(u8::to_ascii_lowercase);
    (at(k) == Some(b':') && at(k + 1).is_some_and(|c| c.is_ascii_digit()))
        || (matches!(at(k), Some(b'a' | b'p')) && at(k + 1) == Some(b'm'))
}

/// Split a line that holds several entries (`10:50 AM: x. - 11:00 AM: y`, `... detected.
/// 12:06pm EAT: ...`, `... lands. 09:15 - Errors climb`) at each time written as a label
/// (followed by `:`) or starting a sentence with a separator after it, after the first. The end
/// of a range (`10:00 - 10:15: …`) is not a new entry.
pub fn split_entries(text: &str, hints: DateHints) -> Vec<String> {
    // Cheap test first: a second `d:dd` clock after the start of the line.
    let b = text.as_bytes();
    let clocks = (1..b.len().saturating_sub(2))
        .filter(|&i| {
            (b[i] == b':' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
                // military style `2105hrs`
                || (i >= 4
                    && b[i..].starts_with(b"hrs")
                    && b[i - 4..i].iter().all(u8::is_ascii_digit))
        })
        .count();
    if clocks < 2 {
        return vec![text.to_string()];
    }
    let norm = normalise(text);
    let mut cuts: Vec<usize> = Vec::new();
    let mut prev_end: Option<usize> = None;
    for f in times_in(&norm, hints) {
        let after = norm[f.end..].trim_start();
        let labelled = norm[f.start..f.end].ends_with(':') || after.starts_with(':');
        let sentence_start = norm[..f.start].trim_end().ends_with(['.', ';', '!', '?'])
            && after.starts_with(['-', '–', '—', '|']);
        let between = prev_end.map(|e| norm[e..f.start].trim());
        let range_end = between.is_some_and(is_range_connector);
        // `09:05 EDT (13:05 UTC):` — the same time again in another zone.
        let opens = norm[f.start..].starts_with(['(', '[']);
        let same_time_again =
            between.is_some_and(|b| matches!(b, "(" | "/" | "=" | "[") || (b.is_empty() && opens));
        if f.start > 0
            && (labelled || sentence_start)
            && !range_end
            && !same_time_again
            && !bracket_of_times_only(&norm, f.start)
        {
            cuts.push(f.start);
        }
        prev_end = Some(f.end);
    }
    if cuts.is_empty() && !contains_ignore_ascii_case(&norm, "ruled out") {
        return vec![text.to_string()];
    }
    let mut out = Vec::new();
    let mut from = 0;
    for c in cuts.into_iter().chain([norm.len()]) {
        let piece = norm[from..c]
            .trim()
            .trim_end_matches(['-', '–', '—', '*', '|'])
            .trim();
        if !piece.is_empty() {
            split_ruled_out_at(piece, hints, &mut out);
        }
        from = c;
    }
    out
}

/// Whether the time found at `start` opens a bracket that holds nothing but times and zones
/// (`… errors. (00:51:29Z - 00:51:46Z)`, `[13:05 UTC]`): the entry's own time written again,
/// in another zone, never an entry of its own.
fn bracket_of_times_only(norm: &str, start: usize) -> bool {
    let before = norm[..start].trim_end();
    let open = if norm[start..].starts_with(['(', '[']) {
        start
    } else if before.ends_with(['(', '[']) {
        before.len() - 1
    } else {
        return false;
    };
    let close = if norm[open..].starts_with('(') {
        ')'
    } else {
        ']'
    };
    let Some(len) = norm[open + 1..].find(close) else {
        return false;
    };
    let inside = &norm[open + 1..open + 1 + len];
    // A repeat names its zone (`00:51Z`, `13:05 UTC`) or ends the entry; a bracket of bare
    // times that opens a sentence (`(10:05 - 10:07) Errors spike`) is a moment of its own.
    let zoned = inside.split_whitespace().any(|w| {
        let w = bare(w);
        w.ends_with(['Z', 'z']) && w.starts_with(|c: char| c.is_ascii_digit())
            || (!w.starts_with(|c: char| c.is_ascii_digit()) && parse_zone(w).is_some())
    });
    let ends_entry = norm[open + 1 + len + 1..]
        .trim()
        .trim_matches(|c: char| c.is_ascii_punctuation())
        .is_empty();
    has_clock_mark(inside)
        && (zoned || ends_entry)
        && inside
            .split_whitespace()
            .all(|w| timeish(w) || is_range_connector(w))
}

/// The words that rule a theory out at a time of their own (`ruled out at 23:52`).
const RULED_OUT_AT: &[&str] = &[
    "ruled out at",
    "ruled out by",
    "ruled out around",
    "ruled out ~",
    "discarded at",
    "dismissed at",
    "excluded at",
];

/// An entry that tells a theory and when it was ruled out (`23:20 suspected the index (ruled
/// out at 23:52)`) is two entries: the theory at its time, and its ruling-out at the time the
/// entry gives, so the detour ends there.
fn split_ruled_out_at(piece: &str, hints: DateHints, out: &mut Vec<String>) {
    let lower = piece.to_ascii_lowercase();
    let found = RULED_OUT_AT.iter().find_map(|w| {
        let at = lower.find(w)?;
        let f = times_in(&piece[at..], hints).into_iter().next()?;
        // The time right after the words.
        (piece[at + w.len()..at + f.start].trim().is_empty()).then_some((at, w, f))
    });
    let Some((at, words, f)) = found else {
        out.push(piece.to_string());
        return;
    };
    let theory = piece[..at]
        .trim_end()
        .trim_end_matches(['(', '[', ',', ';', '-', '–', '—'])
        .trim_end();
    let time = &piece[at + f.start..at + f.end];
    let tail = piece[at + f.end..].trim_start_matches([')', ']']).trim();
    let verb = words.rsplit_once(' ').map_or(*words, |(v, _)| v);
    out.push(theory.to_string());
    out.push(
        format!("{time} - {verb} {tail}")
            .trim_end_matches([' ', ',', ';'])
            .to_string(),
    );
}

/// Word spans (byte ranges) of `s`.
fn tokens(s: &str) -> Vec<(usize, usize)> {
    tokens_upto(s, usize::MAX)
}

/// The spans of the first `max` words of `s` (a time at the start of an entry is read from its
/// first few words; the rest of a long entry need not be split).
fn tokens_upto(s: &str, max: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(max.min(8));
    out.extend(WordSpans { s, i: 0 }.take(max));
    out
}

/// The spans of `s`'s words one at a time (what [`tokens`] collects), so a reader can stop at
/// the first word it does not need.
struct WordSpans<'a> {
    s: &'a str,
    /// Where the next word is looked for.
    i: usize,
}

impl Iterator for WordSpans<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let (s, b) = (self.s, self.s.as_bytes());
        let mut start = None;
        while self.i < b.len() {
            let i = self.i;
            // ASCII bytes are read as they are; only a multi-byte character is decoded.
            let (white, len) = if b[i].is_ascii() {
                (matches!(b[i], b' ' | b'\t'..=b'\r'), 1)
            } else {
                let c = s[i..].chars().next().expect("a character starts here");
                (c.is_whitespace(), c.len_utf8())
            };
            self.i += len;
            if white {
                if let Some(st) = start {
                    return Some((st, i));
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        start.map(|st| (st, s.len()))
    }
}

const APPROX_WORDS: &[&str] = &[
    "around",
    "approx",
    "approx.",
    "approximately",
    "about",
    "circa",
    "ca.",
    "roughly",
];

pub(super) fn bare(tok: &str) -> &str {
    tok.trim_matches(|c: char| !c.is_alphanumeric() && c != '~')
}

/// Whether a time expression could start at this word.
fn plausible_start(tok: &str) -> bool {
    let t = tok.trim_start_matches(['[', '(', '*', '~', '≈']);
    if t.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    let b = bare(tok);
    month_number(b).is_some() || weekday_word(b) || approx_word(b) || tok.starts_with('~')
}

/// `around`, `approx.`, `circa`, … in any case.
fn approx_word(w: &str) -> bool {
    APPROX_WORDS.iter().any(|a| a.eq_ignore_ascii_case(w))
}

/// Whether a word can be part of a time expression (so windows stop at the first that can't).
fn timeish(tok: &str) -> bool {
    let b = bare(tok);
    if b.is_empty() || b.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    ["am", "pm", "a.m", "p.m", "a", "p", "ish", "h", "hrs"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(b))
        || month_number(b).is_some()
        || weekday_word(b)
        || approx_word(b)
        || parse_zone(b).is_some()
}

/// The end (exclusive) of the run of time-ish words starting at `i`, at most `max` long.
/// A time expression holds one clock, so the run also stops before a second word with a clock
/// in it (which keeps a line of a million `HH:MM` words linear).
fn window_end(s: &str, toks: &[(usize, usize)], i: usize, max: usize) -> usize {
    let mut k = i;
    let mut clock_seen = false;
    while k < toks.len() && k < i + max {
        if ends_window(&s[toks[k].0..toks[k].1], k == i, &mut clock_seen) {
            break;
        }
        k += 1;
    }
    k
}

/// Whether `tok` ends a window of time-ish words ([`window_end`]) instead of joining it: not
/// the `first`, and not time-ish or a second clock. `clock_seen` says whether a word before it
/// held a clock, and is updated when it joins.
fn ends_window(tok: &str, first: bool, clock_seen: &mut bool) -> bool {
    let clock = has_clock_mark(tok);
    if !first && (!timeish(tok) || (clock && *clock_seen)) {
        return true;
    }
    *clock_seen |= clock;
    false
}

/// `10:30`, `12;45`: digits on both sides of a `:` or `;` (not `GMT+1:`).
fn has_clock_mark(tok: &str) -> bool {
    tok.as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], b':' | b';') && w[2].is_ascii_digit())
}

fn weekday_word(w: &str) -> bool {
    crate::ingest::clock::weekday(w).is_some()
}

/// Trailing separators and unbalanced brackets off a candidate time.
fn trim_candidate(s: &str) -> &str {
    let mut s = s.trim();
    // The brackets' counts are kept as the ends are cut, not counted again each round: a
    // candidate of 20,000 unmatched brackets took a second.
    let count = |b: u8| s.bytes().filter(|&c| c == b).count();
    let (mut open_round, mut close_round) = (count(b'('), count(b')'));
    let (mut open_square, mut close_square) = (count(b'['), count(b']'));
    loop {
        let before = s;
        s = s
            .trim_end_matches(['-', ':', '|', ',', ';', '=', '>', '*', '–', '—'])
            .trim_end();
        if s.ends_with(')') && open_round < close_round {
            s = &s[..s.len() - 1];
            close_round -= 1;
        }
        if s.ends_with(']') && open_square < close_square {
            s = &s[..s.len() - 1];
            close_square -= 1;
        }
        if s.starts_with('(') && open_round > close_round {
            s = &s[1..];
            open_round -= 1;
        }
        if s.starts_with('[') && open_square > close_square {
            s = &s[1..];
            open_square -= 1;
        }
        if s.starts_with('[') && s.ends_with(']') && s.len() > 1 {
            s = &s[1..s.len() - 1];
            open_square -= 1;
            close_square -= 1;
        } else if s.starts_with('(') && s.ends_with(')') && s.len() > 1 {
            s = &s[1..s.len() - 1];
            open_round -= 1;
            close_round -= 1;
        }
        s = s.trim();
        if s == before {
            return s;
        }
    }
}

/// Whether the candidate looks like a clock time (not `Ubuntu 20.04` or `version 3.14`).
fn has_clock_evidence(s: &str, lenient: bool) -> bool {
    if s.contains([':', ';']) {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    let has_meridiem = tokens(&lower).iter().any(|&(a, b)| {
        let w = &lower[a..b];
        let w = w.trim_end_matches([',', ')', ']']);
        w.ends_with("am") || w.ends_with("pm") || w.ends_with("a.m.") || w.ends_with("p.m.")
    });
    if has_meridiem {
        return true;
    }
    // `10h30`, `1030h`, and four digits then `hrs` apart (`1005 hrs`).
    let words: Vec<&str> = lower.split_whitespace().collect();
    let hform = words.iter().enumerate().any(|(i, w)| {
        let glued = w.trim_end_matches("rs");
        let spaced = w.len() == 4
            && w.bytes().all(|b| b.is_ascii_digit())
            && words
                .get(i + 1)
                .is_some_and(|n| matches!(n.trim_end_matches([':', '-', ',']), "h" | "hr" | "hrs"));
        spaced
            || (glued.contains('h')
                && glued.chars().all(|c| c.is_ascii_digit() || c == 'h')
                && glued.chars().filter(|c| c.is_ascii_digit()).count() >= 3)
    });
    hform || (lenient && s.contains('.')) || dotted_clock_with_zone(s)
}

/// `12.39UTC`, `14.05 CET`: a clock written with a dot, whose zone (a capitalised abbreviation,
/// glued on or the next word) makes it a time even in prose, where a bare `12.39` is a number.
fn dotted_clock_with_zone(s: &str) -> bool {
    let mut words = s.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let first = first.trim_start_matches(['(', '[', '~']);
    let hours = first.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&hours) || first.as_bytes().get(hours) != Some(&b'.') {
        return false;
    }
    let after = &first[hours + 1..];
    if after.bytes().take_while(u8::is_ascii_digit).count() != 2 {
        return false;
    }
    let zone = |w: &str| {
        let w = w.trim_end_matches([',', ')', ']', ';', '.']);
        !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase()) && parse_zone(w).is_some()
    };
    match &after[2..] {
        "" => words.next().is_some_and(zone),
        glued => zone(glued),
    }
}

fn parse_candidate(s: &str, hints: DateHints, lenient: bool) -> Option<(ParsedTime, Option<Zone>)> {
    let t = trim_candidate(s);
    for cand in [s.trim(), t, t.strip_suffix('.').unwrap_or(t)] {
        if cand.is_empty() || !has_clock_evidence(cand, lenient) {
            continue;
        }
        if let Some(p) = parse_time_zoned(cand, hints) {
            return Some(p);
        }
    }
    if lenient {
        let colon = military_clock(s, hints)?;
        return parse_time_zoned(trim_candidate(&colon), hints);
    }
    None
}

/// A timeline time written `HHMM` without a colon (`1432 UTC`, `0905Z`, `2024-03-12 0616:`),
/// rewritten as `HH:MM`. Four digits are a clock only with evidence beside them — a zone
/// after or glued on, a date before, or a separator glued on at the start of an entry (not
/// `2023:`, a year) — so years, counts (`1500 users`) and tickets (`#4521`) stay text.
fn military_clock(s: &str, hints: DateHints) -> Option<String> {
    let toks = tokens(s);
    for (j, &(a, b)) in toks.iter().enumerate() {
        let tok = &s[a..b];
        let core = tok.trim_start_matches(['(', '[', '*', '~']);
        let lead = tok.len() - core.len();
        let digits = core.bytes().take_while(u8::is_ascii_digit).count();
        let after = &core[digits.min(core.len())..];
        // Four digits alone, or with a zone or a separator glued on (not `2025-05-06`).
        if digits != 4
            || after.starts_with(|c: char| c.is_ascii_digit() || c == '-' && after.len() > 1)
        {
            continue;
        }
        let (h, m) = (
            core[..2].parse::<u32>().ok()?,
            core[2..4].parse::<u32>().ok()?,
        );
        if h > 23 || m > 59 {
            return None;
        }
        let glued_zone = matches!(
            after.trim_end_matches([':', ')', ']', '*', '-', ',']),
            "Z" | "z"
        ) || parse_zone(after.trim_end_matches([':', ')', ']', '*', '-', ',']))
            .is_some()
            && !after.is_empty();
        let zone_next = toks.get(j + 1).is_some_and(|&(a, b)| {
            let w = s[a..b].trim_matches(|c: char| matches!(c, ':' | ',' | '(' | ')' | '-' | '*'));
            !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()) && parse_zone(w).is_some()
        });
        let year_like = (1900..=2099).contains(&(h * 100 + m));
        let date_before = j > 0 && {
            let (pa, pb) = toks[j - 1];
            // In `March 3, 2024` the four digits are the date's year.
            parse_date_with(clean(&s[pa..pb]), hints.month_first).is_some()
                || !year_like && !dates_in(&s[..a], hints).is_empty()
        };
        // `1805: …`, or `1805 : …` in a document that writes its clocks so.
        let spaced_colon = after.is_empty()
            && hints.colon_less_clocks
            && toks.get(j + 1).is_some_and(|&(a, b)| &s[a..b] == ":");
        // `0932 First errors …` in a document whose list items open so: the four digits are
        // the whole candidate, the entry's words follow it.
        let spaced_word = after.trim_end_matches(['*', '_', '`']).is_empty()
            && hints.spaced_clocks
            && toks.len() == 1
            && !year_like;
        let glued_separator = j == 0
            && (matches!(after, ":" | "-" | "*:" | ":*") || spaced_colon || spaced_word)
            && (!year_like || hints.colon_less_clocks);
        if !(glued_zone || zone_next || date_before || glued_separator) {
            return None;
        }
        let start = a + lead;
        return Some(format!(
            "{}{:02}:{:02}{}",
            &s[..start],
            h,
            m,
            &s[start + 4..]
        ));
    }
    None
}

/// Words and dashes that join the two ends of a range (`10:00 - 10:15`, `10:00 to 10:15`).
fn is_range_connector(s: &str) -> bool {
    ["-", "–", "—", "~", "to", "until", "till", "through", "thru"]
        .iter()
        .any(|w| s.eq_ignore_ascii_case(w))
}

/// A time at the start of an entry, as [`leading_time_full`] reads it.
#[derive(Clone, Debug)]
pub struct Leading {
    pub time: ParsedTime,
    /// The end of a written range (`10:00-10:15`, `10:00 to 10:15 UTC`).
    pub until: Option<ParsedTime>,
    /// The zone written with the time (or the range's end), when it is a region whose offset
    /// depends on the day (`10:30 ET`, `10:30 Europe/Berlin`).
    pub region: Option<Zone>,
    /// The entry's text: what follows the time, separators trimmed.
    pub rest: String,
}

/// A time at the start of `text`: the parsed time and the rest with separators trimmed.
/// `lenient` also accepts `10.30` (timeline entries); prose needs `:` or am/pm.
pub fn leading_time(text: &str, hints: DateHints, lenient: bool) -> Option<(ParsedTime, String)> {
    leading_time_full(text, hints, lenient).map(|l| (l.time, l.rest))
}

/// [`leading_time`] with what else the time says: a range's end (whose zone, date and am/pm
/// the start shares when it has none of its own: `~10:00-10:15 UTC` starts at 10:00 UTC) and a
/// region written as the zone. `From 10:00 to 10:15, …` reads the same as `10:00 - 10:15 …`.
pub fn leading_time_full(text: &str, hints: DateHints, lenient: bool) -> Option<Leading> {
    let s = normalise(text);
    let s = clock_first_in_bracket(unglue_zone_bracket(s));
    let s = after_status_symbol(s.trim());
    let (status, labelled) = status_label(s);
    // A status label before a clock is evidence enough that four digits are a clock
    // (`Update 1925 BST …`, in a paragraph as in a list).
    let lenient = lenient || labelled.len() < s.len();
    let s = labelled;
    let s = match s.split_once(' ') {
        Some((w, rest)) if w.eq_ignore_ascii_case("from") || w.eq_ignore_ascii_case("between") => {
            rest.trim_start()
        }
        _ => s,
    };
    let once;
    let s = match first_of_two_clocks(s) {
        Some(first) => {
            once = first;
            once.as_str()
        }
        None => s,
    };
    let (time, region, end) = time_at_start(s, hints, lenient)?;
    let mut lead = Leading {
        time,
        until: None,
        region: region.filter(|z| z.is_region()),
        rest: String::new(),
    };
    let mut rest = &s[end..];
    // A range: the start borrows what only the end says.
    let after = rest.trim_start();
    let connector = after
        .split_once(char::is_whitespace)
        .map_or(after, |(w, _)| w);
    let glued_dash = after.starts_with(['-', '–', '—', '~']) && connector.len() > 3;
    if is_range_connector(connector) || glued_dash {
        let from = if glued_dash {
            after.char_indices().nth(1).map_or(after.len(), |(i, _)| i)
        } else {
            connector.len()
        };
        let tail = &after[from..];
        if let Some((until, end_region, used)) = time_at_start(tail.trim_start(), hints, lenient) {
            let used = used + (tail.len() - tail.trim_start().len());
            join_range(&mut lead.time, &until);
            if lead.region.is_none() && lead.time.offset == until.offset {
                lead.region = end_region.filter(|z| z.is_region());
            }
            lead.until = Some(until);
            rest = &tail[used..];
        }
    }
    if lead.until.is_none() {
        rest = same_time_in_another_zone(rest, &mut lead, hints, lenient);
    }
    // `11:50 and 11:57 - two requests from a user`: the same thing told at two times; the
    // entry is at the first, and the second is not its text.
    let after = rest.trim_start();
    if lead.until.is_none()
        && let Some(tail) = ["and ", "& "].iter().find_map(|c| after.strip_prefix(c))
        && let Some((_, _, used)) = time_at_start(tail.trim_start(), hints, lenient)
    {
        let tail = tail.trim_start();
        // The second time's own colon (`11:57: …`) is read with it.
        if tail[..used].ends_with(':')
            || tail[used..]
                .trim_start()
                .starts_with(['-', '–', '—', ':', '|'])
        {
            rest = &tail[used..];
        }
    }
    let mut rest = trim_rest(rest);
    if lead.time.offset.is_none() {
        rest = skip_unknown_zone_word(rest);
    }
    if let Some((approximate, after)) = bracketed_time_note(rest) {
        lead.time.approximate |= approximate;
        rest = trim_rest(after);
    }
    lead.rest = match date_after_time(rest, hints) {
        Some((date, after)) if lead.time.date.is_none() => {
            lead.time.date = Some(date);
            after
        }
        _ => rest.to_string(),
    };
    if let Some(status) = status {
        lead.rest = if lead.rest.is_empty() {
            status.to_string()
        } else {
            format!("{status}: {}", lead.rest)
        };
    }
    Some(lead)
}

/// An item of a timeline that is a short label, then its stamp (see [`label_before_stamp`]):
/// the stamp read as [`leading_time_full`] reads a time in front, the label its words.
fn labelled_stamp(text: &str, hints: DateHints) -> Option<Leading> {
    let s = normalise(text);
    let (label, stamp) = label_before_stamp(s.trim(), hints, true)?;
    // `time - Tue Mar 5 2024 14:20`: a placeholder's label, read as such elsewhere.
    if is_generic_label(label) {
        return None;
    }
    let mut lead = leading_time_full(stamp, hints, true)?;
    lead.rest = label.to_string();
    Some(lead)
}

/// A short label, then a stamp that ends the line (`First detected 2026-03-30 08:56`,
/// `Incident declared: 2025-05-20 10:12`, `Repaired at 10:40 UTC`), as a report's list of key
/// events writes its milestones: `(label, the stamp)`. The label is one to three words without
/// digits, not ending in a word that puts the time off ("expected to finish *by* 14:30",
/// "*until* 10:00"); the stamp must be all that follows it. `None` otherwise.
fn label_before_stamp(s: &str, hints: DateHints, lenient: bool) -> Option<(&str, &str)> {
    const NOT_THEN: &[&str] = &[
        "by", "until", "till", "before", "after", "since", "to", "from", "than", "for", "in",
        "every", "around", "about",
    ];
    // A figure or a plan, not a moment: `Time to detect: 0:07`, `Total downtime 1:45`,
    // `Next update 10:30`, `Expected recovery 14:00`, `ETA 12:00`.
    const NOT_A_MOMENT: &[&str] = &[
        "time",
        "duration",
        "downtime",
        "total",
        "next",
        "expected",
        "eta",
        "planned",
        "scheduled",
        "ttd",
        "tta",
        "ttr",
        "ttm",
        "tti",
        "mttr",
        "mttd",
    ];
    let mut ends = s.char_indices().filter(|&(_, c)| c == ' ').map(|(i, _)| i);
    for _ in 0..3 {
        let at = ends.next()?;
        let label = s[..at].trim_end_matches([':', '-', '–', '—', ',']).trim();
        let last = label
            .rsplit(' ')
            .next()
            .unwrap_or(label)
            .to_ascii_lowercase();
        if label.is_empty()
            || !label
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, ' ' | '*' | '_' | '\'' | '’'))
        {
            return None;
        }
        if label
            .split_whitespace()
            .any(|w| NOT_A_MOMENT.iter().any(|n| n.eq_ignore_ascii_case(w)))
        {
            return None;
        }
        let label = match last.as_str() {
            "at" | "on" => label[..label.len() - 2].trim_end(),
            l if NOT_THEN.contains(&l) => continue,
            _ => label,
        };
        let stamp = s[at..].trim_start_matches([' ', ':', '-', '–', '—']);
        // A clock's colon or its am/pm: "Step 3", "Phase 2" are no stamps (a figure such as
        // `Time to detect 0:07` has a label of [`NOT_A_MOMENT`]).
        let lower = stamp.to_ascii_lowercase();
        if label.is_empty()
            || !(stamp.contains(':') || lower.contains("am") || lower.contains("pm"))
        {
            continue;
        }
        if let Some((_, _, used)) = time_at_start(stamp, hints, lenient)
            && trim_rest(&stamp[used..]).is_empty()
        {
            return Some((label.trim_matches(['*', '_']).trim(), stamp));
        }
    }
    None
}

/// The words a status page labels its updates with.
const STATUS_LABELS: [&str; 11] = [
    "update",
    "updated",
    "investigating",
    "identified",
    "monitoring",
    "mitigated",
    "recovering",
    "recovered",
    "resolved",
    "verifying",
    "completed",
];

/// Whether `word` (a trailing `:` or `-` aside) is one of [`STATUS_LABELS`].
fn is_status_label(word: &str) -> bool {
    let word = word.trim_end_matches([':', '-']);
    STATUS_LABELS.iter().any(|l| l.eq_ignore_ascii_case(word))
}

/// A status update's label before its time (`Update: 18:52 …`, `UPDATE - 14:05 …`, `Resolved
/// 21:18: …`): `(status, the text from the time on)`, the status `None` for a bare "update"
/// (it says nothing of the incident) and the label kept as the status otherwise, to be read with
/// the entry's words ("Resolved: traffic normal"). Only when a clock follows the label (and a
/// `:` or a dash, or a colon-less clock and its zone: `Update 1925 BST`): `Update #2 at 15:05`
/// is read by [`labelled_with_a_time`]. `(None, s)` when `s` opens with no such label.
fn status_label(s: &str) -> (Option<&str>, &str) {
    let Some((word, rest)) = s.split_once(' ') else {
        return (None, s);
    };
    let label = word.trim_end_matches([':', '-']);
    if !is_status_label(word) {
        return (None, s);
    }
    let rest = rest
        .trim_start()
        .trim_start_matches([':', '-', '–', '—'])
        .trim_start();
    let mut words = rest.split_whitespace();
    let clock = words.next().unwrap_or("");
    let clock = clock.trim_end_matches([':', ',', '-']);
    let is_clock = clock.contains(':') && clock.as_bytes().first().is_some_and(u8::is_ascii_digit);
    // `Update 1925 BST …`: a clock without its colon when a zone follows it.
    let mut zoned_colon_less = || {
        let zone = words.next().unwrap_or("").trim_end_matches([':', ',', '-']);
        colonless_clock(clock).is_some()
            && zone.chars().any(|c| c.is_ascii_uppercase())
            && parse_zone(zone).is_some()
    };
    if is_clock && crate::ingest::clock::parse_clock(clock).is_none()
        || !is_clock && !zoned_colon_less()
    {
        return (None, s);
    }
    let bare = label.eq_ignore_ascii_case("update") || label.eq_ignore_ascii_case("updated");
    (if bare { None } else { Some(label) }, rest)
}

/// `03:16/13:46 - …` → `03:16 - …`: one time written in two zones (the columns a `UTC/ACDT`
/// line names, see [`zone_columns`]); the first clock is the one read. Only two bare clocks
/// glued by a `/` at the very start (`2024-03-05/05:20` is a date and its clock).
fn first_of_two_clocks(s: &str) -> Option<String> {
    let first = s.split_whitespace().next()?;
    let (a, b) = first.split_once('/')?;
    let b_clock = b.trim_end_matches([':', '-', ',']);
    let clock = |c: &str| {
        c.contains(':')
            && c.len() <= 5
            && crate::ingest::clock::parse_clock(c).is_some_and(|p| p.offset.is_none())
    };
    if !clock(a) || !clock(b_clock) {
        return None;
    }
    Some(format!("{a}{}{}", &b[b_clock.len()..], &s[first.len()..]))
}

/// A line naming the zones of a timeline whose entries give each time twice (`UTC/ACDT` above
/// `03:16/13:46 - …`): two different zones and nothing else, not one pair (`PST/PDT`) or an
/// IANA name (`Europe/Berlin`). The first is the timeline's, as the first clock is the one read.
pub fn zone_columns(text: &str) -> Option<ZoneNote> {
    let t = text.trim();
    let (a, b) = t.split_once('/')?;
    let (a, b) = (a.trim(), b.trim());
    if t.len() > 40 || b.contains('/') || parse_zone(t).is_some() {
        return None;
    }
    let zone = parse_zone(a).filter(|_| !a.is_empty())?;
    parse_zone(b).filter(|_| !b.is_empty())?;
    Some(ZoneNote {
        zone,
        written: a.to_string(),
    })
}

/// `23:00 UTC(April 5) - …` → `23:00 UTC (April 5) - …`: a bracket glued to the zone after a
/// leading time is not part of the zone's name. Only the first 24 bytes are looked at.
/// `15:22:42 (UTC 06:22:42) - …`: the same time again in brackets, its zone written first,
/// turned round (`(06:22:42 UTC)`) so that it is read as the repeat it is
/// ([`same_time_in_another_zone`]), not as the first clock's zone. Only a bracket among the
/// first words holding a zone, one clock and nothing else.
fn clock_first_in_bracket(s: String) -> String {
    let mut head_end = s.len().min(24);
    while !s.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let Some(open) = s[..head_end].find('(') else {
        return s;
    };
    let Some(len) = s[open + 1..].find(')') else {
        return s;
    };
    let inside = &s[open + 1..open + 1 + len];
    let Some((zone, clock)) = inside.trim().split_once(' ') else {
        return s;
    };
    let clock = clock.trim();
    if clock.is_empty()
        || clock.contains(' ')
        || !clock.starts_with(|c: char| c.is_ascii_digit())
        || !clock.contains(':')
        || crate::ingest::clock::parse_zone(zone).is_none()
    {
        return s;
    }
    format!("{}({clock} {zone}){}", &s[..open], &s[open + 1 + len + 1..])
}

fn unglue_zone_bracket(s: String) -> String {
    let head = &s.as_bytes()[..s.len().min(24)];
    // A zone or a clock glued to the bracket after it (`UTC(`, `~02:00(午前11時 JST)`).
    let Some(i) = head
        .windows(2)
        .position(|w| (w[0].is_ascii_uppercase() || w[0].is_ascii_digit()) && w[1] == b'(')
    else {
        return s;
    };
    let mut out = String::with_capacity(s.len() + 1);
    out.push_str(&s[..=i]);
    out.push(' ');
    out.push_str(&s[i + 1..]);
    out
}

/// `11:14 UTC Tuesday Aug 28 - …`, `09:30, 2024-03-05: …`, `23:00 UTC (April 5) - …`: the day
/// written after the time (a weekday before it is allowed). Returns the day and the text after
/// it.
fn date_after_time(rest: &str, hints: DateHints) -> Option<(NaiveDate, String)> {
    // `23:00 UTC (April 5) - …`, `23:00 [Apr 5]: …`: the day in brackets.
    if let Some(inner) = rest.strip_prefix(['(', '['])
        && let Some(close) = inner.find([')', ']'])
        && let Some((day, within)) = leading_date(&inner[..close], hints)
        && only_day_words(&within)
    {
        return Some((day, trim_rest(&inner[close + 1..]).to_string()));
    }
    let first = rest.split_whitespace().next()?;
    let after_weekday = if weekday_word(bare(first)) {
        rest[first.len()..].trim_start()
    } else {
        rest
    };
    // Only a day standing where the entry's text would start (or filling a table's time
    // cell: `18:30, Nov 27, 2025`): `on Aug 28` reads as prose.
    leading_date(after_weekday, hints)
}

/// `09:05 EDT (13:05 UTC): …`, `10:00 UTC / 06:00 EDT - …`: the time just read, written again
/// in another zone. The repeat is not part of the entry's text; when only the repeat names its
/// zone, it gives the instant (`06:30 (10:30 UTC)` is 10:30 UTC) and the bare clock's zone
/// (-04:00, see [`offset_of_bare_clock`]). Returns what follows it.
fn same_time_in_another_zone<'a>(
    rest: &'a str,
    lead: &mut Leading,
    hints: DateHints,
    lenient: bool,
) -> &'a str {
    let after = rest.trim_start();
    let (open, close) = match after.chars().next() {
        Some('(') => ("(", Some(')')),
        Some('[') => ("[", Some(']')),
        Some('/') => ("/", None),
        _ => return rest,
    };
    let inner = after[open.len()..].trim_start();
    // Inside brackets the repeat is all there is: `(13:05 UTC)`.
    let inside = match close.and_then(|c| inner.find(c)) {
        Some(end) => inner[..end].trim_end(),
        None if close.is_some() => return rest,
        None => inner,
    };
    let Some((again, region, used)) = time_at_start(inside, hints, lenient) else {
        return rest;
    };
    let tail = match close {
        Some(_) if used < inside.len() => return rest,
        Some(_) => &inner[inside.len()..].trim_start()[1..],
        None => &inner[used..],
    };
    let Some(again_offset) = again.offset else {
        // Two bare times are a range or a list, not one time twice.
        return rest;
    };
    // Both zoned: one time twice only when they are the same instant (`14:00 UTC / 15:30 UTC`
    // is two times, and stays in the text).
    if let Some(first_offset) = lead.time.offset {
        let utc_minutes = |t: NaiveTime, o: FixedOffset| {
            (i64::from(t.hour() * 60 + t.minute()) - i64::from(o.local_minus_utc() / 60))
                .rem_euclid(24 * 60)
        };
        if utc_minutes(lead.time.time, first_offset) != utc_minutes(again.time, again_offset) {
            return rest;
        }
    }
    if lead.time.offset.is_none() {
        // The bare clock is the writer's own, so its zone is the one that makes the two one
        // instant (`21:48 (14:48 PDT)` is 21:48 at +00:00): later bare entries are read in it,
        // never in the repeat's zone.
        if let Some(offset) = offset_of_bare_clock(&lead.time, &again, again_offset) {
            lead.time.offset = Some(offset);
            lead.region = None;
            return tail;
        }
        let first = std::mem::replace(&mut lead.time, again);
        lead.time.date = lead.time.date.or(first.date);
        lead.time.approximate |= first.approximate;
        lead.region = region.filter(|z| z.is_region());
    }
    tail
}

/// The offset of a clock written bare (`lead`) beside the same instant written with a zone
/// (`again` at `again_offset`): their difference, when it is a real zone's (a whole quarter hour
/// from -10:00 to +13:45). None when the bare clock's hour is ambiguous (`2:48`, which may mean
/// 14:48) or the repeat names its own day (its day is the other zone's).
fn offset_of_bare_clock(
    lead: &ParsedTime,
    again: &ParsedTime,
    again_offset: FixedOffset,
) -> Option<FixedOffset> {
    let hour = lead.time.hour();
    let unambiguous = lead.twelve_hour || !lead.one_digit_hour || hour == 0 || hour >= 13;
    if !unambiguous || again.date.is_some() {
        return None;
    }
    let minutes = |t: NaiveTime| i64::from(t.hour() * 60 + t.minute());
    let utc = minutes(again.time) - i64::from(again_offset.local_minus_utc() / 60);
    // From -10:00 (Hawaii; it wins over +14:00, the same clock a day apart) to +13:45.
    let mut diff = (minutes(lead.time) - utc).rem_euclid(24 * 60);
    if diff >= 14 * 60 {
        diff -= 24 * 60;
    }
    if diff % 15 != 0 {
        return None;
    }
    FixedOffset::east_opt(i32::try_from(diff * 60).ok()?)
}

/// The time at the very start of `s` (already normalised and trimmed): the time, its zone as
/// written, and the byte where it ends.
fn time_at_start(
    s: &str,
    hints: DateHints,
    lenient: bool,
) -> Option<(ParsedTime, Option<Zone>, usize)> {
    // The first word first (the same white space splits it): most texts tried here (what
    // follows a time and a dash, `10:00 - Impact starts`) cannot start a time.
    if !plausible_start(s.split_whitespace().next()?) {
        return None;
    }
    // The window holds at most 8 words.
    // The window's words only (what `window_end` of the first eight would keep), on the stack:
    // the words after it are not split.
    let mut toks = [(0, 0); 8];
    let mut len = 0;
    let mut clock_seen = false;
    for (a, e) in (WordSpans { s, i: 0 }).take(8) {
        if ends_window(&s[a..e], len == 0, &mut clock_seen) {
            break;
        }
        toks[len] = (a, e);
        len += 1;
    }
    for k in (0..len).rev() {
        let end = toks[k].1;
        let last = &s[toks[k].0..end];
        if k > 0 && matches!(last, "a" | "A" | "p" | "P" | "-" | "–" | "—" | "|" | "~") {
            continue;
        }
        if let Some((p, zone)) = parse_candidate(&s[..end], hints, lenient) {
            return Some((p, zone, end));
        }
    }
    None
}

/// The start of a range takes the end's zone, date and am/pm when it has none of its own
/// (`10:00-10:15Z`, `11:30-12:15 PM` → 11:30 AM, `11:00 - 1:00 AM` → 11 PM).
fn join_range(start: &mut ParsedTime, end: &ParsedTime) {
    if start.offset.is_none() {
        start.offset = end.offset;
    }
    if start.date.is_none() {
        start.date = end.date;
    }
    if !start.twelve_hour && end.twelve_hour && (1..=12).contains(&start.time.hour()) {
        let minutes = |t: NaiveTime| i64::from(t.hour() * 60 + t.minute());
        let end_m = minutes(end.time);
        let h = start.time.hour() % 12;
        // Of the morning and evening readings, the one closest before the end.
        let best = [h, h + 12]
            .into_iter()
            .filter_map(|h| start.time.with_hour(h))
            .min_by_key(|t| (end_m - minutes(*t)).rem_euclid(24 * 60));
        if let Some(t) = best {
            start.time = t;
            start.twelve_hour = true;
        }
    }
}

/// `07:32 GWT => users get 500s`: a zone-like word this reader does not know (a typo, or a
/// local name) between the time and the separator is not part of the entry's text. Only a
/// 3–4 letter capitalised word ending in `T`, or any short capitalised word before `=>`/`->`.
fn skip_unknown_zone_word(rest: &str) -> &str {
    let Some((word, after)) = rest.split_once(char::is_whitespace) else {
        return rest;
    };
    let after = after.trim_start();
    let caps = (2..=5).contains(&word.len()) && word.chars().all(|c| c.is_ascii_uppercase());
    let arrow = after.starts_with("=>") || after.starts_with("->");
    let dash = after.starts_with(['-', '–', '—', '|', ':']);
    let zone_like = (3..=4).contains(&word.len()) && word.ends_with('T');
    if caps && (arrow || (dash && zone_like)) {
        trim_rest(after.trim_start_matches(['=', '-', '>']))
    } else {
        rest
    }
}

/// A bracketed note right after a time that says something of the time, not of the entry: an
/// approximation (`0659 UTC (approx) ::::: …`, `10:30 (approximately) - …`, `[est.]`) or the
/// weekday (`15:00 UTC (Sat)`). Whether it makes the time approximate, and what follows it;
/// `None` when there is no such note.
fn bracketed_time_note(rest: &str) -> Option<(bool, &str)> {
    if !rest.starts_with(['(', '[']) {
        return None;
    }
    let inner_end = rest.find([')', ']']).filter(|&e| e <= 20)?;
    let inner = rest[1..inner_end].trim();
    // The words of `~10:00`-style approximation, and those only said after a time.
    let approx = approx_word(inner)
        || ["approximate", "est", "est.", "estimated", "ca"]
            .iter()
            .any(|w| inner.eq_ignore_ascii_case(w));
    (approx || weekday_word(inner)).then(|| (approx, &rest[inner_end + 1..]))
}

fn trim_rest(s: &str) -> &str {
    s.trim_start_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '-' | ':' | '|' | ',' | '.' | ')' | ']' | '*' | '>' | '=' | '–' | '—'
            )
    })
    .trim_end()
}

/// A time found inside a sentence.
#[derive(Clone, Debug)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub time: ParsedTime,
    /// The word just before the time, lower-case (`at`, `by`, `from`, `to`).
    pub cue: Option<String>,
}

/// Every time expression in `s` (which must already be [`normalise`]d), left to right.
pub fn times_in(s: &str, hints: DateHints) -> Vec<Found> {
    let toks = tokens(s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let tok = &s[toks[i].0..toks[i].1];
        if !plausible_start(tok) {
            i += 1;
            continue;
        }
        let mut hit = None;
        for k in (i..window_end(s, &toks, i, 8)).rev() {
            let last = &s[toks[k].0..toks[k].1];
            if k > i
                && matches!(
                    last,
                    "a" | "A" | "p" | "P" | "-" | "–" | "—" | "|" | "to" | "and"
                )
            {
                continue;
            }
            let cand = &s[toks[i].0..toks[k].1];
            // In a sentence, the full stop after a closing bracket (`(16:28 - 21:54).`) ends
            // it. (Not at an entry's start: a wrapped line opening `8:48). …` closes the line
            // before.)
            let cand = match cand.strip_suffix(").").or_else(|| cand.strip_suffix("].")) {
                Some(c) => &cand[..c.len() + 1],
                None => cand,
            };
            if let Some((p, _)) = parse_candidate(cand, hints, false) {
                hit = Some((k, p));
                break;
            }
        }
        match hit {
            Some((k, p)) => {
                // "approximately 00:07" carries its own cue word.
                let own = bare(tok).to_ascii_lowercase();
                let cue = if tok.starts_with('~') {
                    Some("~".to_string())
                } else if APPROX_WORDS.contains(&own.as_str()) {
                    Some(own)
                } else {
                    i.checked_sub(1)
                        .map(|j| bare(&s[toks[j].0..toks[j].1]).to_ascii_lowercase())
                };
                out.push(Found {
                    start: toks[i].0,
                    end: toks[k].1,
                    time: p,
                    cue,
                });
                i = k + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// Every date in `s`, left to right; month-name dates without a year use `year` when the month
/// is capitalised (so "may" the verb is not a date).
pub fn dates_in(s: &str, hints: DateHints) -> Vec<(usize, NaiveDate)> {
    let s = normalise(s);
    let toks = tokens(&s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let tok = &s[toks[i].0..toks[i].1];
        if !plausible_start(tok) || approx_word(bare(tok)) {
            i += 1;
            continue;
        }
        // A date of several words names its month (`15 August 2024`); numeric dates are one.
        let end = toks.len().min(i + 4);
        let named_month = toks[i..end]
            .iter()
            .any(|&(a, b)| month_number(bare(&s[a..b])).is_some());
        let last = if named_month { end } else { i + 1 };
        let mut hit = None;
        for k in (i..last).rev() {
            let cand = s[toks[i].0..toks[k].1].trim_matches(|c: char| !c.is_alphanumeric());
            let cand = without_glued_clock(cand);
            let cand = first_day_of_a_span(cand, named_month);
            let cand = cand.as_ref();
            if let Some(d) = parse_date_with(cand, hints.month_first) {
                hit = Some((k, d));
                break;
            }
            let capital_month = cand.split_whitespace().any(|w| {
                w.starts_with(|c: char| c.is_uppercase()) && month_number(bare(w)).is_some()
            });
            if capital_month
                && cand.split_whitespace().count() >= 2
                && let Some(d) = parse_month_name_date(cand, hints.year)
            {
                hit = Some((k, d));
                break;
            }
        }
        match hit {
            Some((k, d)) if (1990..=2100).contains(&d.year()) => {
                out.push((toks[i].0, d));
                i = k + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// A span of days written as one date (`2024-12-19/20`, `2024-12-19–2024-12-20`, `Dec 19-20,
/// 2024`, `19/20 December 2024`): the same text with only its first day, the day the incident
/// began. Two day numbers are read as a span only beside a month's name (`named_month`), the
/// second later than the first; anything else comes back as it is.
fn first_day_of_a_span(s: &str, named_month: bool) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let day = |w: &str| {
        (1..=2)
            .contains(&w.len())
            .then(|| w.parse::<u32>().ok())
            .flatten()
            .filter(|d| (1..=31).contains(d))
    };
    let split = |w: &str| {
        w.split_once(['/', '-', '–', '—'])
            .and_then(|(a, b)| Some((a, day(a)?, day(b)?)))
            .filter(|(_, a, b)| a < b)
            .map(|(a, _, _)| a.len())
    };
    // An ISO day, then a later day of its month or a whole second date.
    if let (Some(head), Some(rest)) = (s.get(..10), s.get(10..))
        && is_iso_day(head)
        && let Some(tail) = rest.strip_prefix(['/', '-', '–', '—'])
        && (day(tail).is_some_and(|d| d > head[8..].parse().unwrap_or(31))
            || (tail.len() == 10 && is_iso_day(tail)))
    {
        return Cow::Borrowed(head);
    }
    // Most candidates hold no span: they are not copied.
    if !named_month
        || !s
            .split(' ')
            .any(|w| split(w.trim_end_matches([',', '.'])).is_some())
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for (i, w) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let core = w.trim_end_matches([',', '.']);
        match split(core) {
            Some(first) => {
                out.push_str(&core[..first]);
                out.push_str(&w[core.len()..]);
            }
            None => out.push_str(w),
        }
    }
    Cow::Owned(out)
}

/// Whether `s` is a day written `YYYY-MM-DD`.
fn is_iso_day(s: &str) -> bool {
    s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// `2024-03-05T10:00`, `2024-03-05/05:20`, `2024-03-05@05:20` → `2024-03-05`.
pub(super) fn without_glued_clock(s: &str) -> &str {
    let Some(colon) = s.find(':') else {
        return s;
    };
    let digits_start = s[..colon]
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .len();
    let head = &s[..digits_start];
    match head.strip_suffix(['T', '/', '@', '_']) {
        Some(date) if !date.is_empty() => date,
        _ => s,
    }
}

/// The first year (19xx/20xx) written anywhere, as a hint for "October 21" style dates.
/// Links are left out: a blog URL's `/2023/01/` is not the incident's year.
pub fn first_year(s: &str) -> Option<i32> {
    s.split_whitespace()
        .filter(|w| !w.contains("://") && !w.starts_with("www.") && !w.contains("](http"))
        .flat_map(|w| w.split(|c: char| !c.is_ascii_digit()))
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .find(|y| (1990..=2100).contains(y))
}

/// The year [`year_from_weekdays`] found, with the first day it read and that day's line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeekdayYear {
    pub year: i32,
    /// The first day written with its weekday, as written (`Friday August 23rd`).
    pub written: String,
    /// Its line, 1-based.
    pub line: usize,
}

/// For a text that writes no year: the latest year from `this_year` back 60 years in which
/// every day written with its weekday falls on that weekday (`Friday, August 23rd`, `Sat 14
/// March`, `Jan 10 (Sat)`; names capitalised, as dates are). `None` without such a day, or when
/// no year fits them all. At most the first eight are read. The answer depends on `this_year`
/// by design: the same days recur every few years, and a report is written after its incident.
pub fn year_from_weekdays(text: &str, this_year: i32) -> Option<WeekdayYear> {
    let day_of = |w: &str| {
        let d = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        ((1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
            .then(|| d.parse::<u32>().ok())
            .flatten()
            .filter(|d| (1..=31).contains(d))
    };
    // Names written with a capital, as dates are (`sat idle`, `may fail` are not days).
    let capital = |w: &str| w.starts_with(|c: char| c.is_ascii_uppercase());
    let month_of =
        |w: &str| month_number(w.trim_end_matches('.')).filter(|_| w.len() >= 3 && capital(w));
    let mut days: Vec<(u32, u32, u32)> = Vec::new(); // (weekday from Monday = 0, month, day)
    let mut first: Option<(String, usize)> = None;
    let mut words: Vec<&str> = Vec::new();
    'lines: for (no, line) in text.lines().enumerate() {
        if !line.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        words.clear();
        words.extend(
            line.split(|c: char| {
                c.is_whitespace() || matches!(c, ',' | '(' | ')' | '*' | '_' | '[' | ']')
            })
            .filter(|w| !w.is_empty()),
        );
        for (i, w) in words.iter().enumerate() {
            let Some(wd) = weekday(w.trim_end_matches('.')).filter(|_| capital(w)) else {
                continue;
            };
            // The month and the day among the four words after the weekday (`Friday, August
            // 23rd`, `Wednesday the 7th of July`) or the two before it (`Jan 10 (Sat)`).
            let after = words.get(i + 1..(i + 5).min(words.len())).unwrap_or(&[]);
            let before = words.get(i.saturating_sub(2)..i).unwrap_or(&[]);
            // The month, the day, the last of the words `ws` they take and the first.
            let pick = |ws: &[&str]| {
                let m = ws.iter().position(|w| month_of(w).is_some())?;
                let d = ws.iter().position(|w| day_of(w).is_some())?;
                Some((month_of(ws[m])?, day_of(ws[d])?, m.max(d) + 1, m.min(d)))
            };
            let found = pick(after)
                .map(|(m, d, used, _)| (m, d, i, i + used))
                .or_else(|| pick(before).map(|(m, d, _, from)| (m, d, i - before.len() + from, i)));
            if let Some((m, d, from, to)) = found {
                first.get_or_insert_with(|| {
                    let written = words[from..=to].join(" ");
                    (
                        written.trim_end_matches(['.', ':', ';']).to_string(),
                        no + 1,
                    )
                });
                days.push((wd, m, d));
                if days.len() == 8 {
                    break 'lines;
                }
            }
        }
    }
    let (written, line) = first?;
    let year = (this_year - 60..=this_year).rev().find(|&y| {
        days.iter().all(|&(wd, m, d)| {
            NaiveDate::from_ymd_opt(y, m, d)
                .is_some_and(|date| date.weekday().num_days_from_monday() == wd)
        })
    })?;
    Some(WeekdayYear {
        year,
        written,
        line,
    })
}

/// A date at the start of `text` with what follows it.
pub fn leading_date(text: &str, hints: DateHints) -> Option<(NaiveDate, String)> {
    // Every date read below has a day in ASCII digits, and normalising adds no digit: text
    // without one (most of what follows an entry's time) has no date to read.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let s = normalise(text);
    let s = s.trim();
    // Only the first five words can hold the date (and so its digit).
    let toks = tokens_upto(s, 5);
    let five = toks.last().map_or(0, |t| t.1);
    if !s.as_bytes()[..five].iter().any(u8::is_ascii_digit) {
        return None;
    }
    for k in (0..toks.len().min(5)).rev() {
        let cand = s[..toks[k].1].trim_end_matches([',', ':', '-', '.', ')', ']', ' ']);
        let cand = cand.trim_start_matches(['(', '[', '*']);
        let d = parse_date_with(without_glued_clock(cand), hints.month_first).or_else(|| {
            // The month is the first word, the second (`15 March`), or the third after a
            // weekday (`Friday 15th March`).
            let mut words = s[..toks[k].1].split_whitespace().map(bare);
            let first = words.next().unwrap_or("");
            let second = words.next().unwrap_or("");
            let third = words.next().unwrap_or("");
            (month_number(first).is_some()
                || month_number(second).is_some()
                || (weekday_word(first) && month_number(third).is_some()))
            .then(|| parse_month_name_date(cand, hints.year))
            .flatten()
        });
        if let Some(d) = d {
            return Some((d, trim_rest(&s[toks[k].1..]).to_string()));
        }
    }
    None
}

/// `liggitt [6:27 AM]`, `Katharine   [07:16 AM]`: the header of a chat message pasted from
/// Slack or IRC — a name of one to three words, then a clock in square brackets, and nothing
/// else. The time and the name.
fn chat_message_header(text: &str, hints: DateHints) -> Option<(ParsedTime, String)> {
    let text = text.trim();
    let inner = text.strip_suffix(']')?;
    let open = inner.rfind('[')?;
    let (name, clock) = (inner[..open].trim(), inner[open + 1..].trim());
    let words = name.split_whitespace().count();
    if !(1..=3).contains(&words)
        || name.len() > 60
        || name.ends_with([':', '.', ',', ';'])
        || name.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    let lead = leading_time_full(clock, hints, true)?;
    lead.rest.is_empty().then(|| (lead.time, name.to_string()))
}

/// `1/28`, `28/1` alone: a day and a month without a year, in the year `hints` names, read as
/// [`crate::ingest::clock::month_day`] reads them. Only with a slash: `10-12` in a time column
/// is more often hours than a day.
fn yearless_numeric_day(text: &str, hints: DateHints) -> Option<NaiveDate> {
    let text = text.trim();
    if !text.contains('/') {
        return None;
    }
    crate::ingest::clock::month_day(text, hints.year?, hints)
}

/// "Day 2", "Day two".
pub fn day_number(text: &str) -> Option<u32> {
    let n = text.trim().to_ascii_lowercase();
    let rest = n.strip_prefix("day")?.trim();
    let word = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let num = match word {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        w => w.parse().ok()?,
    };
    (1..=60).contains(&num).then_some(num)
}

/// What follows a heading's day number (`Day 1 - January 24, 2026` → `- January 24, 2026`):
/// the whole text when it does not open with one.
fn after_day_number(text: &str) -> &str {
    let t = text.trim_start();
    let Some(rest) = t.get(3..).filter(|_| t[..3].eq_ignore_ascii_case("day")) else {
        return text;
    };
    let rest = rest.trim_start();
    let word = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    &rest[word..]
}

/// A part of the day written instead of a time: `(Afternoon)` → about 14:00.
pub fn part_of_day(text: &str) -> Option<NaiveTime> {
    let lower = text.to_ascii_lowercase();
    let first = lower
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())?;
    let h = match first {
        "morning" => 9,
        "noon" | "midday" => 12,
        "afternoon" => 14,
        "evening" => 19,
        "night" => 22,
        _ => return None,
    };
    NaiveTime::from_hms_opt(h, 0, 0)
}

/// A heading that only gives the day (`2015-10-21 (all times UTC)`, `Day 2`, `October 22`,
/// `Tuesday 2024-03-05 (morning)`): it sets the day for the entries under it and is never the
/// incident's title. `March 5th, 2024 CI outage` says more than a day: it is a title.
pub fn heading_date_like(text: &str) -> bool {
    if day_number(text).is_some() {
        return true;
    }
    let hints = DateHints::year(Some(2000));
    let Some((_, rest)) = leading_date(text, hints) else {
        return false;
    };
    leading_time(text, hints, true).is_none() && only_day_words(&rest)
}

/// Whether what follows a date only qualifies the day: a bracketed note, a weekday, a part of
/// the day, a zone, "Day 2", "(all times UTC)".
fn only_day_words(rest: &str) -> bool {
    let rest = rest.trim();
    if rest.is_empty() || rest.starts_with('(') || part_of_day(rest).is_some() {
        return true;
    }
    rest.split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '–' | '—' | ':'))
        .filter(|w| !w.is_empty())
        .all(|w| {
            let l = bare(w).to_ascii_lowercase();
            l.is_empty()
                || weekday_word(&l)
                || part_of_day(&l).is_some()
                || parse_zone(w).is_some()
                || l == "day"
                || l.chars().all(|c| c.is_ascii_digit())
        })
}

/// A heading inside the timeline that keeps it going: a day (`### 2025-01-01 (UTC)`,
/// `### March 5th - the second wave`) or a time (`### 10:00`, `### 10:30 - rollback`).
pub fn heading_in_timeline(text: &str) -> bool {
    let hints = DateHints::year(Some(2000));
    day_number(text).is_some()
        || leading_date(text, hints).is_some()
        || leading_time(text, hints, true).is_some()
        || day_inside_heading(text, hints).is_some()
}

/// The day a short heading names after a few words of its own, with no time: `### End of
/// play - Friday 28th Oct`, `## Day two (Saturday 29th Oct)`: a day of the timeline, as a
/// heading that opens with its date is. At most [`DAY_HEADING_WORDS`] words and exactly one
/// date; `None` otherwise.
pub fn day_inside_heading(text: &str, hints: DateHints) -> Option<NaiveDate> {
    const DAY_HEADING_WORDS: usize = 10;
    if text.split_whitespace().count() > DAY_HEADING_WORDS
        || leading_time(text, hints, true).is_some()
    {
        return None;
    }
    match dates_in(text, hints).as_slice() {
        [(_, d)] => Some(*d),
        _ => None,
    }
}

/// The section tags with a timeline that has no timeline heading marked as one: under a
/// heading of another name (`Leadup`, `Sequence`, or none at all), two or more lines — list
/// items, paragraphs or headings (`### 11:28 UTC`) — that start with a time, more of them than
/// untimed items and paragraphs beside them (notes with a few dated lines are not a timeline).
/// The part of the file between headings that has the most such lines is taken, from its first
/// timed line to the end of the paragraph or list holding its last (or, when that is a time
/// heading, to the next heading that is neither a time nor a day). `None` when no part has two.
pub fn untitled_timeline(
    lines: &[Line],
    tags: &[Section],
    hints: DateHints,
) -> Option<Vec<Section>> {
    /// A run of timed lines in one part of the file.
    #[derive(Clone, Copy)]
    struct Run {
        first: usize,
        last: usize,
        timed: usize,
        /// Untimed items and paragraphs beside the timed ones, and those after the last.
        untimed: usize,
        after: usize,
        indent: usize,
    }
    let mut best: Option<Run> = None;
    let mut part: Option<Run> = None;
    let close = |part: &mut Option<Run>, best: &mut Option<Run>| {
        if let Some(p) = part.take()
            && p.timed >= 2
            && p.timed > p.untimed
            && best.is_none_or(|b| p.timed > b.timed)
        {
            *best = Some(p);
        }
    };
    // Whether the last timed line was a heading (its entry owns the text under it).
    let mut under_time_heading = false;
    let mut prev_blank = true;
    for (i, line) in lines.iter().enumerate() {
        if matches!(tags[i], Section::Timeline) {
            close(&mut part, &mut best);
            continue;
        }
        let blank_before = std::mem::replace(&mut prev_blank, line.kind == Kind::Blank);
        let (timed, starts_entry) = match &line.kind {
            Kind::Heading { text, .. } => {
                let timed = leading_time(text, hints, false).is_some();
                if !timed && !heading_in_timeline(text) {
                    close(&mut part, &mut best);
                    under_time_heading = false;
                    continue;
                }
                under_time_heading = timed;
                (timed, false)
            }
            Kind::Item { text, .. } | Kind::Text(text) => {
                // `1738: …`: an entry's clock without a colon, in a document whose lines start
                // with such clocks (`DateHints::colon_less_clocks`), starts an entry as it
                // would in a timeline section.
                let lead = may_start_with_time(text)
                    .then(|| {
                        leading_time(text, hints, false).or_else(|| {
                            hints
                                .colon_less_clocks
                                .then(|| leading_time(text, hints, true))
                                .flatten()
                        })
                    })
                    .flatten();
                let timed = lead.is_some();
                if timed {
                    // A paragraph that is only a time stamp (`2023-07-13 08:49 UTC`, an update
                    // of a status log) owns the paragraphs under it, as a time heading does.
                    let alone = lead.as_ref().is_some_and(|(_, rest)| rest.is_empty());
                    under_time_heading = is_stamp_line(lines, i, alone);
                }
                let item = matches!(line.kind, Kind::Item { .. });
                let starts = !under_time_heading
                    && ((item && part.is_none_or(|p| line.indent <= p.indent))
                        || (!item && blank_before));
                (timed, starts)
            }
            // A row of empty cells (the `|` a multi-line cell's copy opens, in a table turned
            // into text) is nothing of its own.
            Kind::Row(cells) if cells.iter().all(|c| c.trim().is_empty()) => continue,
            // A table row led by its time (`| Aug 31, 10:41 | Fix applied |`, or its day and
            // time in two cells): an entry. A row of a stamp alone owns the text under it.
            Kind::Row(cells) => {
                let stamp = row_stamp(cells, hints);
                under_time_heading = stamp.is_some_and(|(_, alone)| alone);
                (stamp.is_some(), true)
            }
            Kind::Blank => continue,
            _ => (false, false),
        };
        match part.as_mut() {
            Some(p) if timed => {
                p.last = i;
                p.timed += 1;
                p.untimed += std::mem::take(&mut p.after);
            }
            Some(p) => {
                p.after += usize::from(starts_entry);
                // More of the run: the paragraph or list of its last timed line, or anything
                // under a time heading.
                if under_time_heading || p.last + 1 == i {
                    p.last = i;
                }
            }
            None if timed => {
                part = Some(Run {
                    first: i,
                    last: i,
                    timed: 1,
                    untimed: 0,
                    after: 0,
                    indent: line.indent,
                })
            }
            None => {}
        }
    }
    close(&mut part, &mut best);
    let mut run = best?;
    // A table's rows before its first timed one (its header, which may name the zone, and rows
    // dated only) are the run's too.
    while run.first > 0
        && matches!(lines[run.first].kind, Kind::Row(_))
        && matches!(lines[run.first - 1].kind, Kind::Row(_))
    {
        run.first -= 1;
    }
    // The day written just above the first entry (`### Thu 3 Nov 2016`, or that date alone on
    // its line) is the run's too: it dates the entries under it, whatever else the file says.
    if let Some(day) = lines[..run.first]
        .iter()
        .rposition(|l| l.kind != Kind::Blank)
        .filter(|&d| match &lines[d].kind {
            Kind::Heading { text, .. } | Kind::Text(text) => heading_date_like(text),
            _ => false,
        })
    {
        run.first = day;
    }
    let mut out = tags.to_vec();
    for t in &mut out[run.first..=run.last] {
        *t = Section::Timeline;
    }
    Some(out)
}

/// The time read from heading `text` (line `i`) when the heading names a phase of the
/// timeline (its words a phase's name, its zone the entries') rather than an entry: it holds a
/// range, and the first line under it (in the timeline) is an item or paragraph that starts
/// with a time of its own (`### 22:04-23:00 UTC: Network split` over `- 22:04: first
/// reports`). `None` for a heading of one time (`### 10:00 UTC: Deploy begins`, its words an
/// entry's, whatever is under it) or over untimed words.
fn phase_heading(
    lines: &[Line],
    tags: &[Section],
    i: usize,
    text: &str,
    hints: DateHints,
) -> Option<Leading> {
    let first = lines
        .iter()
        .zip(tags)
        .skip(i + 1)
        .find(|(l, _)| l.kind != Kind::Blank)?;
    let timed_below = *first.1 == Section::Timeline
        && matches!(&first.0.kind, Kind::Item { text, .. } | Kind::Text(text)
            if may_start_with_time(text) && leading_time(text, hints, true).is_some());
    if !timed_below {
        return None;
    }
    leading_time_full(text, hints, true).filter(|lead| lead.until.is_some())
}

/// Whether line `i` opens a paragraph with only a time (with its date and zone):
/// `2023-07-13 08:49 UTC` alone on its line, the lines and paragraphs under it the update's
/// words (a status page's log). `time_alone`: the line was read as a time and nothing else.
fn is_stamp_line(lines: &[Line], i: usize, time_alone: bool) -> bool {
    time_alone
        && matches!(lines[i].kind, Kind::Text(_))
        && (i == 0
            || matches!(
                lines[i - 1].kind,
                Kind::Blank | Kind::Rule | Kind::Heading { .. }
            ))
}

/// How a table row tells its time, if it leads with one: `(cells, alone)`, the number of
/// cells the stamp takes (`| Aug 31, 10:41 | …` one; `| Jun 02, 2019 | 16:04 | …`, a day and
/// a time, two) and whether every other cell is empty — a status page's update history turned
/// into text writes the row's stamp alone and the update's text in the lines under it.
fn row_stamp(cells: &[String], hints: DateHints) -> Option<(usize, bool)> {
    let first = cells.first()?;
    let took = if leading_time(first, hints, false).is_some() {
        1
    } else if leading_date(first, hints).is_some_and(|(_, r)| r.trim().is_empty())
        && cells
            .get(1)
            .and_then(|c| leading_time(c, hints, false))
            .is_some_and(|(_, r)| r.trim().is_empty())
    {
        2
    } else {
        return None;
    };
    Some((took, cells[took..].iter().all(|c| c.trim().is_empty())))
}

/// Whether `text` can start with a time at all (a digit, a bracket, a month or weekday name,
/// `~`, `around`, `from`, `between`, a status update's label: [`status_label`]): most prose
/// cannot, and is not read further.
fn may_start_with_time(text: &str) -> bool {
    after_status_symbol(text)
        .split_whitespace()
        .next()
        .is_some_and(|w| {
            plausible_start(w)
                || w.eq_ignore_ascii_case("from")
                || w.eq_ignore_ascii_case("between")
                || is_status_label(w)
        })
}

/// `s` after the status symbols a log of updates leads its entries with (`✔ **Dec. 12, 3:38
/// p.m.** — …`, `⛔ 09:42 …`, `🔴 10:02 …`, `● 11:00 …`): pictographs, dingbats, arrows and
/// geometric shapes, with their joiners and the spaces after them. Any other text is
/// returned whole.
pub fn after_status_symbol(s: &str) -> &str {
    let symbol = |c: char| {
        matches!(u32::from(c),
            0x2190..=0x21FF // arrows
            | 0x2300..=0x23FF // technical (⏰, ⏱)
            | 0x25A0..=0x25FF // geometric shapes (●, ■, ▶)
            | 0x2600..=0x27BF // symbols and dingbats (✔, ✅, ⛔, ⚠)
            | 0x2B00..=0x2BFF // arrows and stars (⬆, ⭐)
            | 0x1F000..=0x1FAFF // pictographs (🔴, 🟢, 🚨)
            | 0xFE0F | 0x200D) // emoji presentation, joiner
    };
    if s.is_ascii() || !s.starts_with(symbol) {
        return s;
    }
    s.trim_start_matches(|c: char| symbol(c) || c.is_whitespace())
}

/// A zone stated for the whole document (or a part of it), with the words that named it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneNote {
    pub zone: Zone,
    /// The zone as written (`PST`, `Europe/Berlin`, `UTC+03:00`).
    pub written: String,
}

/// A zone stated for the whole document: "(all times UTC)", "Timezone: PDT", "times in EAT",
/// "all times in PST/PDT", "Times are Europe/Berlin".
pub fn zone_note(text: &str) -> Option<ZoneNote> {
    // Every cue holds "time".
    if !contains_ignore_ascii_case(text, "time") {
        return None;
    }
    let s = normalise(text);
    let lower = s.to_lowercase();
    if lower.len() != s.len() {
        return None;
    }
    const CUES: &[&str] = &[
        "all times",
        "times are",
        "times in",
        "timezone",
        "time zone",
    ];
    for cue in CUES {
        let mut from = 0;
        while let Some(p) = lower[from..].find(cue) {
            let after = from + p + cue.len();
            let words: Vec<&str> = s[after..]
                .split(|c: char| c.is_whitespace() || c == ',' || c == ':')
                .map(|w| w.trim_matches(|c: char| matches!(c, '(' | ')' | '.' | '[' | ']')))
                .filter(|w| !w.is_empty())
                .filter(|w| {
                    !matches!(
                        w.to_ascii_lowercase().as_str(),
                        "are" | "is" | "in" | "given" | "shown" | "listed" | "expressed" | "the"
                    )
                })
                .take(4)
                .collect();
            if let Some(note) = zone_in_words(&words) {
                return Some(note);
            }
            if let Some(tz) = crate::ingest::clock::region_of_place(&words) {
                return Some(ZoneNote {
                    zone: Zone::Region(tz),
                    written: words[..words.len().min(2)].join(" "),
                });
            }
            from = after;
        }
    }
    None
}

pub use crate::ingest::candidate::{Candidate as Draft, Entry, When};

/// "all times UTC", "times are UTC+3", "Times are US Eastern (EST)", "PST / PDT": the first
/// word (or two or three glued: "UTC +3", "PST / PDT") that is a zone; a pair beats its half.
fn zone_in_words(words: &[&str]) -> Option<ZoneNote> {
    words.iter().enumerate().find_map(|(i, w)| {
        let glued = |n: usize| (i + n <= words.len()).then(|| words[i..i + n].concat());
        [glued(3), glued(2), Some(w.to_string())]
            .into_iter()
            .flatten()
            .find_map(|cand| {
                let zone = parse_zone(&cand)?;
                // A glued pair must really be one ("UTC" + "+3"), not a zone and a word.
                let whole = cand == *w
                    || zone.is_region()
                    || parse_zone(w).is_none()
                    || cand.contains(['+', '-']);
                whole.then_some(ZoneNote {
                    zone,
                    written: cand,
                })
            })
    })
}

/// A zone written right beside a clock time in a sentence, before or after it ("beginning from
/// UTC 05:13", "by 14:20 CET"): the zone a document that states none elsewhere is told in. The
/// zone must be written in capitals (an abbreviation or an IANA name), so a word is never one.
/// `midnight` and `noon` are clock times too ("replied just after midnight UTC").
pub fn zone_beside_clock(text: &str) -> Option<ZoneNote> {
    let named_hour = |w: &str| w.eq_ignore_ascii_case("midnight") || w.eq_ignore_ascii_case("noon");
    // A clock has a digit (`4pm`, `12:30`), else it is midnight or noon.
    if !text.bytes().any(|b| b.is_ascii_digit())
        && !contains_ignore_ascii_case(text, "midnight")
        && !contains_ignore_ascii_case(text, "noon")
    {
        return None;
    }
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| {
                matches!(c, '(' | ')' | '[' | ']' | ',' | '.' | ';' | '*' | '_')
            })
        })
        .collect();
    // `4pm`, `11am`: an hour glued to its half of the day is a clock too.
    let glued_half_day = |w: &str| {
        let lower = w.to_ascii_lowercase();
        lower
            .strip_suffix("am")
            .or_else(|| lower.strip_suffix("pm"))
            .and_then(|h| h.parse::<u8>().ok())
            .is_some_and(|h| (1..=12).contains(&h))
    };
    let clock = |w: &str| {
        named_hour(w)
            || glued_half_day(w)
            || (w.contains(':') && crate::ingest::clock::parse_clock(w).is_some())
    };
    // The half of the day written apart (`12:30 PM GMT+01:00`) stands between the clock and
    // its zone.
    let half_day = |w: &str| {
        // Words are trimmed of their dots above: `p.m.` is `p.m` here.
        matches!(w.to_ascii_lowercase().as_str(), "am" | "pm" | "a.m" | "p.m")
    };
    let zone = |w: &str| {
        w.chars()
            .any(|c| c.is_ascii_uppercase())
            .then(|| parse_zone(w))
            .flatten()
            .map(|zone| ZoneNote {
                zone,
                written: w.to_string(),
            })
    };
    // `1925 BST`: four digits of a clock without its colon, the zone right after (not a year:
    // never after a month's name, and the zone must follow).
    let colon_less = |i: usize, w: &str| {
        w.len() == 4
            && w.bytes().all(|b| b.is_ascii_digit())
            && w[..2] < *"24"
            && w[2..] < *"60"
            && i.checked_sub(1)
                .is_none_or(|j| crate::ingest::clock::month_number(words[j]).is_none())
    };
    words.iter().enumerate().find_map(|(i, w)| {
        if colon_less(i, w) {
            return words.get(i + 1).and_then(|w| zone(w));
        }
        if !clock(w) {
            return None;
        }
        let next = match words.get(i + 1) {
            Some(w) if half_day(w) => i + 2,
            _ => i + 1,
        };
        let after = words.get(next).and_then(|w| zone(w));
        after.or_else(|| i.checked_sub(1).and_then(|j| zone(words[j])))
    })
}

/// The zone a heading or column header names in brackets: `Time (CET)`, `2025-01-01 (UTC)`,
/// `Timeline (Europe/Berlin)`, `(all times in PST/PDT)`, `Timeline (Japan time)`.
pub fn bracketed_zone(text: &str) -> Option<ZoneNote> {
    if let Some(note) = zone_note(text) {
        return Some(note);
    }
    // A zone's name spelled out (`Japan time`) reads as its abbreviation; full-width brackets
    // (`タイムライン（JST）`) are brackets.
    let text = &normalise(text);
    let widened;
    let text = if text.contains(['（', '）']) {
        widened = text.replace('（', " (").replace('）', ") ");
        &widened
    } else {
        text
    };
    let Some(open) = text.find('(') else {
        return zone_after_separator(text);
    };
    let close = open + text[open..].find(')')?;
    zone_of_bracket(&text[open + 1..close]).or_else(|| place_after_time_word(text))
}

/// A place in the bracket right after the word for time (`Time (Pacific) | Description`,
/// `Timeline (US Eastern)`, `Times (Berlin)`): its region
/// ([`crate::ingest::clock::region_of_place`]); `None` for any other text.
pub fn place_after_time_word(text: &str) -> Option<ZoneNote> {
    let open = text.find('(')?;
    let close = open + text[open..].find(')')?;
    let before = text[..open].split_whitespace().last()?.to_ascii_lowercase();
    if !matches!(before.as_str(), "time" | "times" | "timeline") {
        return None;
    }
    let inside = &text[open + 1..close];
    let words: Vec<&str> = inside.split_whitespace().collect();
    crate::ingest::clock::region_of_place(&words).map(|tz| ZoneNote {
        zone: Zone::Region(tz),
        written: inside.trim().to_string(),
    })
}

/// The zone a bracket holds, alone or beside the day (`(PDT, 2025-04-02)`), or `None`.
fn zone_of_bracket(inside: &str) -> Option<ZoneNote> {
    inside
        .split([',', ';'])
        .find_map(|part| zone_of_whole_words(part.split_whitespace().collect()))
}

/// The first zone written alone in round brackets anywhere in `text`, whatever language the
/// words around it are in (`Локальное время ноды (+0500).`, `Horaires (UTC+1)`), or `None`.
/// For the few lines that introduce a timeline, not for any sentence.
pub fn zone_in_brackets(text: &str) -> Option<ZoneNote> {
    let mut rest = text;
    let mut found = None;
    while let Some(open) = rest.find('(') {
        let close = open + rest[open..].find(')')?;
        let inside = rest[open + 1..close].trim();
        // The bracket is the zone and nothing else, written as a zone is (`+0500`, `UTC+5`,
        // `CET`): not a place and its zone (`(based in Sydney, AEST)`) nor a change (`(+2)`,
        // `(+700)`).
        let real = not_a_change(inside);
        if let Some(note) =
            zone_of_whole_words(inside.split_whitespace().collect()).filter(|_| real)
        {
            if found.is_some() {
                return None;
            }
            found = Some(note);
        } else if zone_of_bracket(inside).is_some() {
            return None;
        }
        rest = &rest[close + 1..];
    }
    // Another zone named in the paragraph ("Times below are UTC (CET in the graphs)"): which
    // one the clocks are in is not plain.
    let outside_zone = text
        .split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '-'))
        .any(|w| {
            !w.is_empty()
                && !w.starts_with(|c: char| c.is_ascii_digit())
                && !w.starts_with(['+', '-'])
                && w.chars().all(|c| c.is_ascii_uppercase())
                && parse_zone(w).is_some()
                && !text.contains(&format!("({w})"))
        });
    found.filter(|_| !outside_zone)
}

/// The zone that `words` (one to three) are, all of them (`UTC`, `PST / PDT`, `Europe/Berlin`),
/// or `None`.
/// A line that is a zone and nothing else (`**CET**`, `UTC:`, `All times: PDT` is not one),
/// as some write above their timeline's list; an offset must be written as one (`+01:00`,
/// `+0100`), not a change (`+2`).
pub fn zone_alone(text: &str) -> Option<ZoneNote> {
    let t = text
        .trim()
        .trim_matches(|c: char| matches!(c, '*' | '_' | ':' | '#' | ' '));
    zone_of_whole_words(t.split_whitespace().collect()).filter(|_| not_a_change(t))
}

/// Whether `t`, read as a zone, is not a change written as a bare signed number (`+2`,
/// `+700`): an offset alone must be written as one (`+0500`, `+05:00`); any other text may
/// name a zone.
fn not_a_change(t: &str) -> bool {
    let offset_alone = t.starts_with(['+', '-', '−']);
    let digits = t.chars().skip(1);
    !offset_alone
        || digits.clone().count() >= 4 && digits.into_iter().all(|c| c.is_ascii_digit() || c == ':')
}

fn zone_of_whole_words(words: Vec<&str>) -> Option<ZoneNote> {
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    zone_in_words(&words).filter(|n| words.concat() == n.written || words.len() == 1)
}

/// A zone named last, after a dash, a colon or `in` (`Issue Timeline – UTC`, `Timeline: CET`,
/// `Timeline in PST/PDT`): the whole tail is the zone (one to three words).
fn zone_after_separator(text: &str) -> Option<ZoneNote> {
    let text = text.trim_end();
    let cut = [" - ", " – ", " — ", ": ", " in "]
        .iter()
        .filter_map(|sep| text.rfind(sep).map(|at| at + sep.len()))
        .max()?;
    zone_of_whole_words(text[cut..].split_whitespace().collect())
}

/// Something the front end noticed on a line, for a located warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// 1-based line.
    pub line: usize,
    /// 1-based column of the line's text (after its indent).
    pub col: usize,
    pub message: String,
    pub hint: &'static str,
}

impl Note {
    fn at(line: &Line, message: String, hint: &'static str) -> Self {
        Note {
            line: line.no,
            col: line.indent + 1,
            message,
            hint,
        }
    }
}

/// Columns of a timeline table.
#[derive(Clone, Debug, Default)]
struct Cols {
    time: Option<usize>,
    date: Option<usize>,
    author: Option<usize>,
    /// `| Time (CET) |`, `| UTC time |`: the zone of the time column.
    zone: Option<Zone>,
    /// `| Kind |`: a cell naming an event kind states it (retrace's own export writes one).
    kind: Option<usize>,
    /// `| Branch |`: a cell `⎇ id` / `│ id ✗ ruled out · 15m` states the event's branch.
    branch: Option<usize>,
    /// `| Links |`: the row's links, not its words.
    links: Option<usize>,
    /// `| NZST | UTC | Event |`: the other column of one time written in two zones, not the
    /// row's words.
    other_time: Option<usize>,
    /// `| Time | Block | Event |`: the column the header names for what happened. Its cell
    /// leads the row's words; another column's cell with no letter in it (a block number, a
    /// reference, a count) is left out of them.
    event: Option<usize>,
}

/// The columns of a table whose header is `header` and whose rows follow in `below`. A table
/// that writes each time in two zones (`| NZST | UTC | Event |`, headers that are only a zone)
/// is read in the zone whose column gives the most times (the other may be left empty or
/// `—`); the first on a tie.
fn table_cols(header: &[String], below: &[Line], hints: DateHints) -> Cols {
    let mut c = table_cols_named(header);
    let zone_only: Vec<(usize, Zone)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let h = h.trim_matches(|ch: char| ch == '*' || ch == '_' || ch.is_whitespace());
            (!h.is_empty() && h.chars().any(|ch| ch.is_ascii_uppercase()) && !h.contains(' '))
                .then(|| parse_zone(h))
                .flatten()
                .map(|z| (i, z))
        })
        .collect();
    if let [first, .., last] = zone_only.as_slice() {
        let timed = |col: usize| {
            below
                .iter()
                .skip_while(|l| l.kind == Kind::TableSep)
                .map_while(|l| match &l.kind {
                    Kind::Row(cells) => Some(cells),
                    _ => None,
                })
                .filter(|cells| {
                    cells
                        .get(col)
                        .is_some_and(|t| leading_time(t, hints, true).is_some())
                })
                .count()
        };
        let (read, other) = if timed(last.0) > timed(first.0) {
            (last, first)
        } else {
            (first, last)
        };
        c.time = Some(read.0);
        c.zone = Some(read.1);
        c.other_time = Some(other.0);
    }
    c
}

/// `0730` → `07:30` (and `0730 UTC` → `07:30 UTC`): a cell of a column its header names the
/// time, whose first word is four digits that make a clock. `None` for anything else (`2460`,
/// a clock with its colon). Under a Time header a year from 2000 to 2059 reads as a clock too
/// (`2015` is 20:15): such a column holds times.
fn colonless_clock(cell: &str) -> Option<String> {
    let cell = cell.trim();
    let (first, rest) = cell.split_once(' ').unwrap_or((cell, ""));
    let b = first.as_bytes();
    if b.len() != 4 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let (h, m) = (&first[..2], &first[2..]);
    let ok = h.parse::<u32>().is_ok_and(|h| h < 24) && m.parse::<u32>().is_ok_and(|m| m < 60);
    ok.then(|| format!("{h}:{m} {rest}").trim_end().to_string())
}

/// A time column's name in other languages than English (`| 時刻 (JST) | イベント |`,
/// `| Uhrzeit | Ereignis |`).
const TIME_HEADERS: &[&str] = &[
    "時刻", "日時", "時間", "时间", "시간", "시각", "uhrzeit", "zeit", "heure", "hora",
];

/// The columns a table's header names (see [`table_cols`]).
fn table_cols_named(header: &[String]) -> Cols {
    let mut c = Cols::default();
    // `| Day | Date | Time |`: a column named `Day` holds the date only when no column is
    // named for it (it may hold weekdays).
    let dated = header
        .iter()
        .any(|h| h.to_ascii_lowercase().contains("date"));
    for (i, h) in header.iter().enumerate() {
        let l = h.to_ascii_lowercase();
        if c.time.is_none()
            && (l.contains("time")
                || l == "when"
                || l.contains("hour")
                || l == "utc"
                || l == "at"
                || TIME_HEADERS.iter().any(|w| l.contains(w)))
        {
            c.time = Some(i);
            c.zone = bracketed_zone(h)
                .map(|n| n.zone)
                .or_else(|| {
                    h.split_whitespace()
                        .filter(|w| !w.eq_ignore_ascii_case("time"))
                        .find_map(|w| parse_zone(w).filter(|_| w.chars().any(|c| c.is_uppercase())))
                })
                .or_else(|| place_after_time_word(h).map(|n| n.zone));
        } else if c.date.is_none() && (l.contains("date") || (l == "day" && !dated)) {
            c.date = Some(i);
            // `Date (UTC)` over cells that hold the time too.
            if c.zone.is_none() {
                c.zone = bracketed_zone(h).map(|n| n.zone);
            }
        } else if c.event.is_none()
            && matches!(
                l.trim(),
                "event"
                    | "events"
                    | "description"
                    | "what happened"
                    | "details"
                    | "detail"
                    | "activity"
                    | "update"
            )
        {
            c.event = Some(i);
        } else if c.kind.is_none() && l.trim() == "kind" {
            c.kind = Some(i);
        } else if c.branch.is_none() && l.trim() == "branch" {
            c.branch = Some(i);
        } else if c.links.is_none() && matches!(l.trim(), "links" | "link") {
            c.links = Some(i);
        } else if c.author.is_none()
            && matches!(
                l.as_str(),
                "who" | "author" | "by" | "owner" | "actor" | "person"
            )
        {
            c.author = Some(i);
        }
    }
    c
}

/// A table cell that holds nothing: empty, or only a placeholder (`—`, `-`, `–`, `n/a`).
fn empty_cell(cell: &str) -> bool {
    cell.chars().all(|ch| matches!(ch, '-' | '–' | '—' | ' ')) || cell.eq_ignore_ascii_case("n/a")
}

/// A Kind cell that names an event kind, as retrace's export writes it: `detection`,
/// `detection? ◆ DETECTED ★` (`?`: the kind was inferred; `◆ NAME`: the milestone it marks,
/// which follows from the kind; `★`: a key moment). The kind and whether it is a key moment.
fn stated_kind(cell: &str) -> Option<StatedKind> {
    let mut words = cell.split_whitespace();
    let kind = EventKind::parse(words.next()?.trim_end_matches('?'))?;
    let mut marks = Vec::new();
    while let Some(w) = words.next() {
        if w == "◆"
            && let Some(m) = words.next().and_then(|m| {
                MilestoneKind::ALL
                    .into_iter()
                    .find(|k| k.as_str().eq_ignore_ascii_case(m))
            })
        {
            marks.push(m);
        }
    }
    Some(StatedKind {
        kind,
        key: cell.contains('★'),
        marks,
    })
}

/// What a Kind cell states: see [`stated_kind`].
struct StatedKind {
    kind: EventKind,
    key: bool,
    marks: Vec<MilestoneKind>,
}

/// A Branch cell as retrace's export writes it: `⎇ rollback` where the branch starts, `│
/// rollback` on it, `… rollback ✗ ruled out · 15m` where it ends (the outcome in words).
fn stated_branch(cell: &str) -> Option<StatedBranch> {
    // Only the export's own marks: a cell without `⎇` or `│` in front is someone's words.
    let rest = cell.trim_start().strip_prefix(['⎇', '│'])?.trim_start();
    let id = rest.split_whitespace().next()?;
    if id
        .chars()
        .any(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return None;
    }
    let words = rest[id.len()..].to_ascii_lowercase();
    let outcome = if words.contains("ruled out") {
        Some(Outcome::RuledOut)
    } else if words.contains("confirmed") {
        Some(Outcome::Confirmed)
    } else if words.contains("inconclusive") {
        Some(Outcome::Inconclusive)
    } else if words.contains("open") {
        Some(Outcome::Open)
    } else {
        None
    };
    Some(StatedBranch {
        id: id.to_string(),
        outcome,
    })
}

/// `--:--`, `??:??`, `xx:xx`, `hh:mm`, `TBD` written where the time would be.
fn strip_time_placeholder(s: &str) -> &str {
    let t = s.trim_start();
    let word = t.split_whitespace().next().unwrap_or("");
    let placeholder = word.len() >= 3
        && (word.contains(':') || word.eq_ignore_ascii_case("tbd") || word == "?")
        && word
            .chars()
            .all(|c| matches!(c, '-' | '?' | ':' | 'x' | 'X' | 'h' | 'H' | 'm' | 'M' | '_'))
        || word.eq_ignore_ascii_case("tbd");
    if placeholder {
        trim_rest(&t[word.len()..])
    } else {
        s
    }
}

/// A time or date at the start of an entry that is written like one but is not real.
#[derive(Clone, Debug, PartialEq)]
enum BadTime {
    /// `24:00`: midnight at the end of the day (read as 00:00, on the next day when dated).
    Midnight {
        date: Option<NaiveDate>,
        rest: String,
    },
    /// `25:10`, `10:75`, `2024-02-30 10:30`, `Feb 30 10:40`: what is wrong, and the clock
    /// when it is a real one (its date is not).
    Invalid {
        what: String,
        clock: Option<ParsedTime>,
        rest: String,
    },
    /// `2022-05-?? HH:mm`, `2022-05-XX`: a month known, its day not (as written, and the first
    /// day of that month). A time after it, real or a placeholder, is dropped with it.
    UnknownDay {
        written: String,
        month: NaiveDate,
        rest: String,
    },
}

/// The first day of the month of `YYYY-MM-??` (or `XX`, `xx`, with `-` or `/`): a date whose
/// day is left for later.
fn month_without_day(w: &str) -> Option<NaiveDate> {
    let b = w.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let unknown = |d: &[u8]| d.iter().all(|c| matches!(c, b'?' | b'x' | b'X'));
    if b.len() != 10
        || !digits(0..4)
        || !digits(5..7)
        || b[4] != b[7]
        || !matches!(b[4], b'-' | b'/')
        || !unknown(&b[8..10])
    {
        return None;
    }
    NaiveDate::from_ymd_opt(w[..4].parse().ok()?, w[5..7].parse().ok()?, 1)
}

/// A clock-shaped word (`24:00`, `25:10`, `10:75`) that is not a time of day: its hour and
/// minute.
fn impossible_clock(word: &str) -> Option<(u32, u32)> {
    let w = word.trim_end_matches([':', ',', '-', ')', ']', '*']);
    let w = w.trim_start_matches(['(', '[', '*', '~']);
    let (h, m) = w.split_once(':')?;
    let m = m.split(':').next()?;
    if !(1..=2).contains(&h.len())
        || m.len() != 2
        || !h.chars().chain(m.chars()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let (h, m) = (h.parse().ok()?, m.parse().ok()?);
    (h >= 24 || m >= 60).then_some((h, m))
}

/// A word without the punctuation around it.
fn clean(w: &str) -> &str {
    w.trim_matches(|c: char| matches!(c, ',' | ':' | '(' | ')' | '[' | ']' | '*'))
}

/// The entry's text after its first `n` words, separators trimmed.
fn rest_after_word(s: &str, toks: &[(usize, usize)], n: usize) -> String {
    let from = toks.get(n).map_or(s.len(), |t| t.0);
    trim_rest(&s[from..]).to_string()
}

/// Read a time that is written like one but is not real (see [`BadTime`]).
fn bad_time_at_start(text: &str, hints: DateHints) -> Option<BadTime> {
    let s = normalise(text);
    let s = s.trim();
    let toks = tokens(s);
    let word = |i: usize| toks.get(i).map_or("", |&(a, b)| &s[a..b]);
    let mut i = 0;
    let mut date_ok = None;
    let mut date_bad = None;
    // A date first: numeric, or a month name with a day.
    let w0 = clean(word(0));
    let numeric_shape = |w: &str| {
        w.len() >= 8
            && w.chars().filter(|c| matches!(c, '-' | '/' | '.')).count() == 2
            && w.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.'))
    };
    // An ISO date-time glued with `T` (`2024-02-30T10:30`): the date, then the clock.
    let iso = w0
        .split_once(['T', 't'])
        .filter(|(d, c)| numeric_shape(d) && c.starts_with(|c: char| c.is_ascii_digit()));
    if let Some((d, c)) = iso {
        if parse_date_with(d, hints.month_first).is_some() {
            return None;
        }
        let clock = crate::ingest::clock::parse_clock_zoned(c, true).map(|(p, _)| p);
        return Some(BadTime::Invalid {
            what: format!("{d} is not a real date"),
            clock,
            rest: rest_after_word(s, &toks, 1),
        });
    }
    // `2022-05-??`, `2022/05/XX`: the day left for later (then a time, a placeholder, or none).
    if let Some(month) = month_without_day(w0) {
        let clock = word(1);
        let skip = crate::ingest::clock::parse_clock(clean(clock)).is_some()
            || strip_time_placeholder(clock).is_empty();
        return Some(BadTime::UnknownDay {
            written: w0.to_string(),
            month,
            rest: rest_after_word(s, &toks, if skip { 2 } else { 1 }),
        });
    }
    // A day number of one or two digits (`30`, `3rd`).
    let is_day = |w: &str| {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        (1..=2).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
    };
    // `Feb 30 10:40`, `Feb 30 2024 10:40`, `30 Feb 2024 10:40`, `30th February 10:40`.
    let month_name_date = (month_number(w0).is_some() && is_day(clean(word(1))))
        || (is_day(w0) && month_number(clean(word(1))).is_some());
    if numeric_shape(w0) {
        match parse_date_with(w0, hints.month_first) {
            Some(d) => date_ok = Some(d),
            None => date_bad = Some(w0.to_string()),
        }
        i = 1;
    } else if month_name_date {
        let year_word = clean(word(2));
        let with_year = year_word.len() == 4 && year_word.chars().all(|c| c.is_ascii_digit());
        let n = if with_year { 3 } else { 2 };
        let written = s[toks[0].0..toks[n - 1].1].trim_end_matches([',', ':']);
        match parse_month_name_date(written, hints.year.or(Some(2000))) {
            Some(d) => date_ok = Some(d),
            None => date_bad = Some(written.to_string()),
        }
        i = n;
    }
    let clock_word = word(i);
    let rest_after = |n: usize| rest_after_word(s, &toks, n);
    if let Some((h, m)) = impossible_clock(clock_word) {
        if (h, m) == (24, 0) && date_bad.is_none() {
            return Some(BadTime::Midnight {
                date: date_ok.and_then(|d| d.succ_opt()),
                rest: rest_after(i + 1),
            });
        }
        return Some(BadTime::Invalid {
            what: match date_bad {
                Some(d) => format!("{d} {} is not a real date and time", clean(clock_word)),
                None => format!("{} is not a time of day", clean(clock_word)),
            },
            clock: None,
            rest: rest_after(i + 1),
        });
    }
    let date_bad = date_bad?;
    // The date is not real; the clock after it may be.
    let clock = crate::ingest::clock::parse_clock(clean(clock_word));
    Some(BadTime::Invalid {
        what: format!("{date_bad} is not a real date"),
        clock,
        rest: rest_after(if clock.is_some() { i + 1 } else { i }),
    })
}

/// Walk the timeline section's lines into entries; what is worth a warning goes to `notes`.
pub fn collect(
    lines: &[Line],
    tags: &[Section],
    hints: DateHints,
    notes: &mut Vec<Note>,
) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut last: Option<usize> = None; // index into `out` of the last event
    let mut last_indent = 0usize;
    let mut prev_blank = true;
    let mut prev_was_entry = false;
    // Only blank lines, rules and code since the entry above (a log pasted under it): a deeper
    // item after them is still that entry's (step 5).
    let mut only_gap_since_entry = false;
    let mut caption: Option<String> = None;
    let mut cols: Option<Cols> = None;
    // The entry a time heading (`### 10:00`) opened: it owns the text under it.
    let mut heading_entry: Option<usize> = None;
    // After a `|` alone under a stamp row's text: the lines up to the next entry repeat it.
    let mut cell_copy = false;
    // The zone named by the last dated heading (`### 2025-01-01 (UTC)`).
    let mut section_zone: Option<Zone> = None;
    // A timeline told in paragraphs that open with their time (`**7:12 UTC**: …`): a paragraph
    // with a time only inside it is an aside there, not an entry (step 6).
    let paragraphs_led_by_time = told_in_time_led_paragraphs(lines, tags, hints);
    let (mut exhibit_noted, mut in_exhibit) = (false, false);
    // The entry a paragraph led by its time opened, in such a timeline: the list under it is its.
    let mut paragraph_entry: Option<usize> = None;
    // Under a list of key events (`- **Key events**`): an item may be a label before its stamp.
    let mut in_key_events = false;
    for (i, line) in lines.iter().enumerate() {
        let gap_before = std::mem::take(&mut only_gap_since_entry);
        if let Kind::Heading { text, .. } = &line.kind {
            in_key_events = super::sections::is_key_events_heading(text);
        }
        if tags[i] != Section::Timeline {
            prev_blank = true;
            prev_was_entry = false;
            heading_entry = None;
            continue;
        }
        let next_is_sep = lines.get(i + 1).is_some_and(|l| l.kind == Kind::TableSep);
        in_exhibit &= matches!(line.kind, Kind::Row(_) | Kind::TableSep);
        let mut opens_heading_entry = false;
        let text = match &line.kind {
            Kind::Blank | Kind::Rule | Kind::Code(_) => {
                only_gap_since_entry = gap_before || prev_was_entry;
                prev_blank = true;
                prev_was_entry = false;
                continue;
            }
            // A table set inside a timeline told in time-led paragraphs that goes back to
            // times already told is an exhibit (another team's timeline quoted, a metric's
            // readings), not more entries: said once.
            Kind::Row(_)
                if next_is_sep
                    && paragraphs_led_by_time
                    && !in_exhibit
                    && retells_earlier_times(lines.get(i + 2), &out, hints) =>
            {
                in_exhibit = true;
                if !exhibit_noted {
                    exhibit_noted = true;
                    notes.push(Note::at(
                        line,
                        "a table inside a timeline told in paragraphs is read as an exhibit, \
                         not as entries"
                            .into(),
                        "to import its rows, give the table a timeline heading of its own",
                    ));
                }
                prev_blank = true;
                prev_was_entry = false;
                continue;
            }
            Kind::Row(_) | Kind::TableSep if in_exhibit => continue,
            Kind::TableSep => continue,
            // `|` alone under a stamp row's text: the table turned into text opens the next
            // cell, which repeats the update (a status page's history copied as text).
            Kind::Row(cells) if cells.iter().all(|c| c.trim().is_empty()) => {
                cell_copy = heading_entry.is_some();
                continue;
            }
            Kind::Row(cells) if next_is_sep => {
                cols = Some(table_cols(cells, &lines[i + 1..], hints));
                continue;
            }
            Kind::Row(cells) => {
                // Without a header (a run of rows found under no timeline heading): a row that
                // leads with its day and its time in two cells says which columns they are.
                let c = cols
                    .clone()
                    .unwrap_or_else(|| match row_stamp(cells, hints) {
                        Some((2, _)) => Cols {
                            date: Some(0),
                            time: Some(1),
                            ..Cols::default()
                        },
                        _ => Cols::default(),
                    });
                let mut when_text = String::new();
                // The date column's cell, when it holds a date (`| Day |` may hold `Mon` or
                // `Day 2`: the time is read alone then).
                if let Some(d) = c
                    .date
                    .and_then(|d| cells.get(d))
                    .filter(|d| leading_date(d, hints).is_some())
                {
                    when_text.push_str(d);
                    when_text.push(' ');
                }
                let time_col = c.time.or_else(|| {
                    cells.iter().position(|cell| {
                        leading_time(cell, hints, true).is_some_and(|(_, r)| r.is_empty())
                    })
                });
                if let Some(t) = time_col.and_then(|t| cells.get(t)) {
                    // `| 0730 | …` under a Time header: a clock without its colon.
                    match c.time.and_then(|_| colonless_clock(t)) {
                        Some(clock) => when_text.push_str(&clock),
                        None => when_text.push_str(t),
                    }
                }
                // A Kind or Branch cell that states one is not part of the words.
                let stated_kind = c
                    .kind
                    .and_then(|k| cells.get(k))
                    .and_then(|k| stated_kind(k));
                let stated_branch = c
                    .branch
                    .and_then(|b| cells.get(b))
                    .and_then(|b| stated_branch(b));
                let mut rest: Vec<(usize, &str)> = cells
                    .iter()
                    .enumerate()
                    .filter(|(j, cell)| {
                        Some(*j) != time_col
                            && Some(*j) != c.date
                            && Some(*j) != c.author
                            && Some(*j) != c.links
                            && Some(*j) != c.other_time
                            && !(Some(*j) == c.kind && stated_kind.is_some())
                            && !(Some(*j) == c.branch && stated_branch.is_some())
                            && !cell.is_empty()
                            // A placeholder is no words, unless it is all the event says.
                            && (Some(*j) == c.event || !empty_cell(cell))
                            && (c.event.is_none_or(|e| e == *j)
                                || cell.chars().any(char::is_alphabetic))
                    })
                    .map(|(j, cell)| (j, cell.as_str()))
                    .collect();
                // The event's own words first (a stable sort keeps the others in order).
                rest.sort_by_key(|(j, _)| Some(*j) != c.event);
                let rest: Vec<&str> = rest.into_iter().map(|(_, cell)| cell).collect();
                let author = c
                    .author
                    .and_then(|a| cells.get(a))
                    .filter(|a| !a.is_empty())
                    .cloned();
                let body = rest.join(" — ");
                let stamp_alone = body.is_empty();
                let zone_of = |p: &ParsedTime, region: Option<Zone>| {
                    region.or(if p.offset.is_none() {
                        c.zone.or(section_zone)
                    } else {
                        None
                    })
                };
                let mut draft = match leading_time_full(&when_text, hints, true) {
                    Some(l) => {
                        let zone = zone_of(&l.time, l.region);
                        let mut d = Draft::new(line.no, When::At(l.time), body);
                        d.until = l.until;
                        d.zone = zone;
                        Some(d)
                    }
                    None => match leading_date(&when_text, hints) {
                        // `| 3/02 | |`: a row holding only a day opens that day for the rows
                        // below it.
                        Some((day, rest)) if body.is_empty() && rest.trim().is_empty() => {
                            out.push(Entry::SetDate(day));
                            None
                        }
                        // `| 1/28 | |`: the same with a day and month alone, in the year the
                        // document names.
                        None if body.is_empty()
                            && let Some(day) = yearless_numeric_day(&when_text, hints) =>
                        {
                            out.push(Entry::SetDate(day));
                            None
                        }
                        // `| 2024-03-05 | --:-- | …`: the day is known, the time is not.
                        Some((day, _)) => {
                            let tod = part_of_day(&body);
                            Some(Draft::new(line.no, When::Day(day, tod), body))
                        }
                        // `| +10 minutes | …`: counted from the last row with a time.
                        None if let Some(offset) = offset_from_the_last_time(&when_text) => {
                            Some(Draft::new(line.no, When::After(offset), body))
                        }
                        None => {
                            let bad = bad_time_at_start(&when_text, hints);
                            let when = bad
                                .as_ref()
                                .and_then(|b| bad_time_when(b, line, notes, last.is_some()));
                            match when {
                                Some(w) => Some(Draft::new(line.no, w, body)),
                                None if last.is_some() && !body.is_empty() => {
                                    Some(Draft::new(line.no, When::Inherit, body))
                                }
                                None => {
                                    if !body.is_empty() {
                                        out.push(Entry::Orphan {
                                            line: line.no,
                                            text: body,
                                        });
                                    }
                                    None
                                }
                            }
                        }
                    },
                };
                if let Some(d) = draft.as_mut() {
                    d.links = line.links.clone();
                    d.author = author;
                    if stated_kind.is_some() || stated_branch.is_some() {
                        d.origin = Some(Box::new(Origin {
                            key: stated_kind.as_ref().is_some_and(|s| s.key),
                            kind: stated_kind.as_ref().map(|s| SourceKind {
                                kind: s.kind,
                                why: Inference::new(
                                    RuleId::SourceMarkdownKindColumn,
                                    s.kind.as_str(),
                                ),
                                stated: true,
                            }),
                            marks: stated_kind.map(|s| s.marks).unwrap_or_default(),
                            branch: stated_branch,
                            ..Origin::default()
                        }));
                    }
                    out.push(Entry::Event(d.clone()));
                    last = Some(out.len() - 1);
                    // `| Jun 02, 2019 | 16:04 |` alone: the update's text is in the lines under
                    // it, as under a time heading.
                    if stamp_alone {
                        heading_entry = last;
                        cell_copy = false;
                    }
                }
                prev_blank = false;
                prev_was_entry = true;
                continue;
            }
            Kind::Heading { text, .. } => {
                heading_entry = None;
                paragraph_entry = None;
                if let Some(n) = day_number(text) {
                    // `### Day 1 - January 24, 2026`: the date written after the day's
                    // number names the day.
                    match day_inside_heading(after_day_number(text), hints) {
                        Some(d) => out.push(Entry::SetDate(d)),
                        None => out.push(Entry::Day(n)),
                    }
                    caption = None;
                    continue;
                }
                if leading_time(text, hints, true).is_none() {
                    if let Some((d, rest)) = leading_date(text, hints)
                        && part_of_day(&rest).is_none()
                    {
                        out.push(Entry::SetDate(d));
                        if let Some(z) = bracketed_zone(&rest) {
                            section_zone = Some(z.zone);
                        }
                    } else if let Some(d) = day_inside_heading(text, hints) {
                        out.push(Entry::SetDate(d));
                    }
                    // The timeline heading itself, or a sub-heading: a caption at most.
                    if section_of_heading_is_timeline(text) {
                        caption = None;
                    }
                    prev_blank = true;
                    prev_was_entry = false;
                    continue;
                }
                // `### 22:04-23:00 UTC: Split found` over entries with their own times: a
                // phase of the timeline, its zone theirs; its words name the phase, not each
                // entry (no caption).
                if let Some(lead) = phase_heading(lines, tags, i, text, hints) {
                    caption = None;
                    if let Some(z) = lead.region.or(lead.time.offset.map(Zone::Fixed)) {
                        section_zone = Some(z);
                    }
                    prev_blank = true;
                    prev_was_entry = false;
                    continue;
                }
                // `### 10:00`: one entry, with everything under the heading.
                opens_heading_entry = true;
                text.clone()
            }
            Kind::Item { text, .. } | Kind::Text(text) => {
                // The copy of a stamp row's text in the next cell: said once.
                if cell_copy && heading_entry.is_some() {
                    continue;
                }
                // Under a time heading, what has no time of its own belongs to its entry.
                if let Some(Entry::Event(d)) = heading_entry.and_then(|h| out.get_mut(h)) {
                    // A paragraph wrapped before a time ("… status update by Sunday,
                    // 2019-06-02" / "17:00 US/Pacific with current details.") goes on.
                    let wrapped = matches!(line.kind, Kind::Text(_))
                        && i > 0
                        && matches!(&lines[i - 1].kind, Kind::Text(t)
                            if !t.trim_end().ends_with(['.', '!', '?', ':', ';']));
                    if wrapped || leading_time(text, hints, true).is_none() {
                        let item = matches!(line.kind, Kind::Item { .. });
                        d.extend(text, &line.links, item, prev_blank);
                        prev_blank = false;
                        continue;
                    }
                    heading_entry = None;
                }
                let parts = split_entries(text, hints);
                if parts.len() > 1 {
                    // Several entries on one line: each part is read as a line of its own.
                    for part in parts {
                        let mut l = line.clone();
                        l.kind = Kind::Item {
                            check: None,
                            text: part,
                        };
                        let sub =
                            collect(std::slice::from_ref(&l), &[Section::Timeline], hints, notes);
                        for mut e in sub {
                            if let (Entry::Event(d), Some(Entry::Event(prev))) =
                                (&e, last.and_then(|i| out.get_mut(i)))
                                && matches!(d.when, When::Inherit)
                            {
                                // A piece without a time continues the entry before it.
                                prev.text.push(' ');
                                prev.text.push_str(&d.text);
                                continue;
                            }
                            if let Entry::Orphan { text: t, .. } = &e
                                && let Some(Entry::Event(prev)) = last.and_then(|i| out.get_mut(i))
                            {
                                prev.text.push(' ');
                                prev.text.push_str(t);
                                continue;
                            }
                            if let Entry::Event(d) = &mut e
                                && d.zone.is_none()
                                && matches!(&d.when, When::At(p) if p.offset.is_none())
                            {
                                d.zone = section_zone;
                            }
                            out.push(e);
                            if matches!(out.last(), Some(Entry::Event(_))) {
                                last = Some(out.len() - 1);
                            }
                        }
                    }
                    last_indent = line.indent;
                    prev_blank = false;
                    prev_was_entry = true;
                    continue;
                }
                text.clone()
            }
        };
        let is_item = matches!(line.kind, Kind::Item { .. } | Kind::Heading { .. });
        let context = caption.clone();
        // An entry of this line; its zone is the region written with its time (`10:30 ET`),
        // else the section's when the time has no offset of its own.
        let push_event = |out: &mut Vec<Entry>, when: When, body: String, region: Option<Zone>| {
            let mut d = Draft::new(line.no, when, body);
            d.links = line.links.clone();
            d.context = context.clone();
            d.zone = region;
            if region.is_none()
                && let When::At(p) = &d.when
                && p.offset.is_none()
            {
                d.zone = section_zone;
            }
            out.push(Entry::Event(d));
        };
        // 0. A chat message's header pasted from Slack or IRC (`liggitt [6:27 AM]`): an entry
        //    by that author at that time; its words are the lines that follow.
        if let Some((p, author)) = chat_message_header(&text, hints) {
            push_event(&mut out, When::At(p), String::new(), None);
            if let Some(Entry::Event(d)) = out.last_mut() {
                d.author = Some(author);
            }
            last = Some(out.len() - 1);
            last_indent = line.indent;
            prev_blank = false;
            prev_was_entry = true;
            continue;
        }
        // 1. A time in front: `10:30 AM - text`, `**14:30 (UTC):** text`, `[10:30] text`,
        //    `~10:00-10:15 - text` (a range starts at its first time).
        //    Or, in a list of key events, a label before its stamp: `- First detected
        //    2026-03-30 08:56`.
        let lead = leading_time_full(&text, hints, true).or_else(|| {
            (in_key_events && matches!(line.kind, Kind::Item { .. }))
                .then(|| labelled_stamp(&text, hints))
                .flatten()
        });
        if let Some(lead) = lead {
            let lead_alone = lead.rest.is_empty();
            let body = if lead.rest.is_empty() || is_generic_label(&lead.rest) {
                caption.clone().unwrap_or(lead.rest)
            } else {
                lead.rest
            };
            push_event(&mut out, When::At(lead.time), body, lead.region);
            if let Some(Entry::Event(d)) = out.last_mut() {
                d.until = lead.until;
            }
            last = Some(out.len() - 1);
            cell_copy = false;
            if opens_heading_entry || is_stamp_line(lines, i, lead_alone) {
                heading_entry = last;
            }
            paragraph_entry = (paragraphs_led_by_time && matches!(line.kind, Kind::Text(_)))
                .then_some(out.len() - 1);
            last_indent = line.indent;
            prev_blank = false;
            prev_was_entry = true;
            continue;
        }
        // A time or date written like one but not real (`24:00`, `2024-02-30 10:30`): said,
        // never silently read as the entry before's time.
        if let Some(bad) = bad_time_at_start(&text, hints) {
            let rest = match &bad {
                BadTime::Midnight { rest, .. }
                | BadTime::Invalid { rest, .. }
                | BadTime::UnknownDay { rest, .. } => rest.clone(),
            };
            match bad_time_when(&bad, line, notes, last.is_some()) {
                Some(when) => {
                    push_event(&mut out, when, rest, None);
                    last = Some(out.len() - 1);
                    last_indent = line.indent;
                    prev_was_entry = true;
                }
                None => out.push(Entry::Orphan {
                    line: line.no,
                    text: rest,
                }),
            }
            prev_blank = false;
            continue;
        }
        // 2a. `Detection (14:05 UTC): pager fires`: a label timed in brackets, then the text.
        // 2. `Issue detected: 2:00 PM`, `time - 19:42 UTC`: a label, then only a time.
        let labelled = label_timed_in_brackets(&text, hints).or_else(|| {
            let (label, value) = split_label(&text).or_else(|| {
                text.split_once(" - ")
                    .filter(|(l, _)| l.split_whitespace().count() <= 4)
                    .map(|(l, v)| (l.trim(), v.trim()))
            })?;
            let (p, rest) = leading_time(value, hints, true)?;
            let body = if is_generic_label(label) {
                // The text may come on the next line (`time - 14:20` then `- what happened`).
                caption.clone().unwrap_or_default()
            } else {
                label.to_string()
            };
            rest.is_empty().then_some((p, body))
        });
        if let Some((p, body)) = labelled {
            push_event(&mut out, When::At(p), body, None);
            last = Some(out.len() - 1);
            last_indent = line.indent;
            prev_blank = false;
            prev_was_entry = true;
            continue;
        }
        // 3. A day only: `2015-10-21 (all times UTC)` sets the day; `Sept 28 (Afternoon): x`
        //    is an entry at an approximate time of day; `2024-03-05 --:-- x` at the start of
        //    the day; `2024-03-05: At 12:50 UTC the bug is triggered` at the time in the text.
        if let Some((d, rest)) = leading_date(&text, hints) {
            let rest = strip_time_placeholder(&rest).to_string();
            let tod = part_of_day(&rest);
            let body = match tod {
                Some(_) => trim_rest(rest.split_once(')').map_or("", |(_, r)| r)).to_string(),
                None => rest.clone(),
            };
            if tod.is_none() && (rest.is_empty() || rest.starts_with('(')) {
                out.push(Entry::SetDate(d));
                if let Some(z) = bracketed_zone(&rest) {
                    section_zone = Some(z.zone);
                }
                prev_blank = false;
                prev_was_entry = false;
                continue;
            }
            // `24-10-2024 - 08:15 - text`: the day, a separator, then the entry's time, which
            // leads its text as it would with no day before it.
            let led = tod
                .is_none()
                .then(|| leading_time_full(&rest, hints, false))
                .flatten()
                .filter(|lead| !lead.rest.is_empty());
            let inside = match led {
                Some(lead) => Some((lead.time, lead.region, Some(lead.rest), lead.until)),
                None if tod.is_none() => {
                    time_in_text(&rest, hints).map(|(p, region)| (p, region, None, None))
                }
                None => None,
            };
            match inside {
                Some((mut p, region, text, until)) => {
                    let body = text.unwrap_or(body);
                    p.date = p.date.or(Some(d));
                    push_event(&mut out, When::At(p), body, region);
                    if let Some(Entry::Event(e)) = out.last_mut() {
                        e.until = until;
                    }
                }
                None => push_event(&mut out, When::Day(d, tod), body, None),
            }
            last = Some(out.len() - 1);
            last_indent = line.indent;
            prev_blank = false;
            prev_was_entry = true;
            continue;
        }
        // 4. A short line ending in a colon is a caption for what follows
        //    (`When was the issue detected:`, `Misleading paths:`), even right under an entry;
        //    but not inside it (indented deeper: a quote's `The summary:`).
        let inside_entry = prev_was_entry && last.is_some() && line.indent > last_indent;
        if text.ends_with(':') && text.split_whitespace().count() <= 6 && !inside_entry {
            caption = Some(text.trim_end_matches(':').trim().to_string());
            prev_blank = false;
            prev_was_entry = false;
            continue;
        }
        // 5. More of the entry above: a deeper item, or a wrapped line; in a timeline told in
        //    time-led paragraphs, a list under a paragraph's entry is that entry's.
        let under_paragraph = matches!(line.kind, Kind::Item { .. })
            && paragraph_entry.is_some()
            && paragraph_entry == last;
        let continues = last.is_some()
            && (prev_was_entry || under_paragraph || (is_item && gap_before))
            && ((is_item && (line.indent > last_indent || under_paragraph))
                || (!is_item && !prev_blank))
            && !(is_item && labelled_with_a_time(&text, hints));
        if continues && let Some(Entry::Event(d)) = last.and_then(|l| out.get_mut(l)) {
            d.extend(&text, &line.links, is_item, false);
            prev_blank = false;
            continue;
        }
        // A longer line ending in a colon: a caption too.
        if text.ends_with(':') {
            caption = Some(text.trim_end_matches(':').trim().to_string());
            prev_blank = false;
            prev_was_entry = false;
            continue;
        }
        // 6. A time inside the sentence: `Service was restored at 6:00 PM`; but in a timeline
        //    told in paragraphs that open with their time, a paragraph with a time inside
        //    (`Note that the vendor was told by 9:58 UTC.`) is an aside on the entry above.
        // 6b. The time closing the entry, in brackets: `Queue stalls - payments stop
        //     (28 September ~17:20 UTC)`; the brackets leave the text.
        let in_sentence = if paragraphs_led_by_time && matches!(line.kind, Kind::Text(_)) {
            None
        } else {
            let norm = normalise(&text);
            times_in(&norm, hints)
                .into_iter()
                .find(|f| is_point_cue(f.cue.as_deref()))
                .map(|f| {
                    let region = written_region(&norm[f.start..f.end]);
                    (with_the_day_after(&norm, f, hints), text.clone(), region)
                })
                .or_else(|| trailing_time(&text, hints).map(|(p, body)| (p, body, None)))
        };
        if let Some((p, body, region)) = in_sentence {
            // A region written with the time (`ET`) takes its offset on the entry's day.
            push_event(&mut out, When::At(p), body, region);
            last = Some(out.len() - 1);
            last_indent = line.indent;
            prev_blank = false;
            prev_was_entry = true;
            continue;
        }
        // 7. No time: the text of an entry that only had a time (`time - 14:20`), else an
        //    entry at the time of the one before, else an orphan.
        if let Some(Entry::Event(d)) = last.and_then(|l| out.get_mut(l))
            && d.text.is_empty()
        {
            d.text = text.clone();
            d.links.extend(line.links.iter().cloned());
            prev_was_entry = true;
            prev_blank = false;
            continue;
        }
        if last.is_some() {
            push_event(&mut out, When::Inherit, text.clone(), None);
            last = Some(out.len() - 1);
            last_indent = line.indent;
            prev_was_entry = true;
        } else if is_item {
            out.push(Entry::Orphan {
                line: line.no,
                text: text.clone(),
            });
        }
        prev_blank = false;
    }
    out
}

/// Whether an item opens with a short label, then its time after "at" or "on" (`Update #2 at
/// 2026-09-02 15:05 EDT`, `RESOLVED at 16:30 UTC: queue drained`, `Posted on May 3 at 14:20`):
/// a status update of its own, even nested under another entry, not more of that entry.
fn labelled_with_a_time(text: &str, hints: DateHints) -> bool {
    const LONGEST_LABEL: usize = 4;
    let norm = normalise(text);
    times_in(&norm, hints).first().is_some_and(|f| {
        matches!(f.cue.as_deref(), Some("at" | "on"))
            && norm[..f.start].split_whitespace().count() <= LONGEST_LABEL + 1
    })
}

/// Whether an untimed entry is labelled with a later part of the story (`Overnight: …`,
/// `Morning: …`, `Later: …`, `Next day: …`): a moment of its own whose time is not written,
/// not a note on the entry above.
fn labelled_with_a_later_moment(text: &str) -> bool {
    let Some((label, _)) = text.split_once(':') else {
        return false;
    };
    let label = label.trim().to_ascii_lowercase();
    let label = label
        .strip_prefix("the ")
        .unwrap_or(&label)
        .trim_start_matches("next ")
        .trim_start_matches("following ");
    part_of_day(label).is_some()
        || matches!(
            label,
            "overnight" | "later" | "day" | "shortly after" | "soon after" | "afterwards"
        )
}

/// Whether a table whose first row is `first_row` goes back in time: that row's first clock
/// (in any cell) is not later than the clock of the last entry in `out`.
fn retells_earlier_times(first_row: Option<&Line>, out: &[Entry], hints: DateHints) -> bool {
    let Some(Kind::Row(cells)) = first_row.map(|l| &l.kind) else {
        return false;
    };
    let last = out.iter().rev().find_map(|e| match e {
        Entry::Event(d) => match &d.when {
            When::At(p) => Some(p.time),
            _ => None,
        },
        _ => None,
    });
    let first = cells
        .iter()
        .find_map(|c| leading_time(c, hints, true).filter(|(_, r)| r.is_empty()))
        .map(|(p, _)| p.time);
    matches!((first, last), (Some(f), Some(l)) if f <= l)
}

/// Whether the timeline is told in paragraphs that open with their time: at least two plain
/// paragraphs (not list items, not table rows) start with a time, and more of them than
/// paragraphs with a time only inside a sentence (`Service was restored at 6:00 PM.`).
fn told_in_time_led_paragraphs(lines: &[Line], tags: &[Section], hints: DateHints) -> bool {
    let (mut led, mut inside) = (0usize, 0usize);
    let paragraphs = lines.iter().zip(tags).filter_map(|(l, t)| match &l.kind {
        Kind::Text(text) if *t == Section::Timeline => Some(text),
        _ => None,
    });
    for text in paragraphs {
        if leading_time_full(text, hints, true).is_some() {
            led += 1;
        } else if times_in(&normalise(text), hints)
            .iter()
            .any(|f| is_point_cue(f.cue.as_deref()))
        {
            inside += 1;
        }
    }
    led >= 2 && led > inside
}

/// In a timeline told mostly in timed entries, a line without a time (`- Observation: …`, `- ..
/// much discussion`, `7-13th Nov - forward fixes`) is a note on the entry above it: its words
/// join that entry's (after `; `, with its caption) instead of standing as an entry at the same
/// time. A timeline told mostly in untimed list items (one time, then what was tried) keeps
/// each step its own entry; an untimed paragraph between time-led ones joins the entry above
/// however many there are (the story between two times). Structured rows (a stated kind or branch) and lines whose time is
/// written but not real (`25:10 - …`, said in a warning) always stay entries.
pub fn fold_untimed_notes(entries: &mut Vec<Entry>, lines: &[Line], hints: DateHints) {
    let (mut timed, mut untimed) = (0usize, 0usize);
    for e in entries.iter() {
        if let Entry::Event(d) = e {
            match d.when {
                When::Inherit => untimed += 1,
                _ => timed += 1,
            }
        }
    }
    if untimed == 0 || timed == 0 {
        return;
    }
    // Untimed list items as many as the timed entries are a list of steps of their own; an
    // untimed paragraph between time-led ones is always more of the entry above it.
    let items_too = untimed < timed;
    let mut out: Vec<Entry> = Vec::with_capacity(entries.len() - untimed);
    let mut last: Option<usize> = None;
    for e in entries.drain(..) {
        match e {
            Entry::Event(d)
                if matches!(d.when, When::Inherit)
                    && (items_too || written_as_paragraph(lines, d.line))
                    && !labelled_with_a_later_moment(&d.text)
                    && d.origin.is_none()
                    && !written_with_bad_time(lines, d.line, hints)
                    && let Some(Entry::Event(prev)) = last.and_then(|i| out.get_mut(i)) =>
            {
                // Joined as a further item of the entry: `; ` unless a sentence ended there.
                let note = match d
                    .context
                    .as_deref()
                    .filter(|c| prev.context.as_deref() != Some(*c))
                {
                    Some(c) => format!("{c}: {}", d.text),
                    None => d.text,
                };
                prev.extend(&note, &d.links, true, false);
            }
            e => {
                if matches!(e, Entry::Event(_)) {
                    last = Some(out.len());
                }
                out.push(e);
            }
        }
    }
    *entries = out;
}

/// Whether the file's line numbered `no` is a paragraph (not a list item, heading or row).
fn written_as_paragraph(lines: &[Line], no: usize) -> bool {
    numbered(lines, no).is_some_and(|l| matches!(l.kind, Kind::Text(_)))
}

/// Whether line `no` starts with a time that is not real (`25:10`, `2024-02-30 10:30`).
fn written_with_bad_time(lines: &[Line], no: usize, hints: DateHints) -> bool {
    numbered(lines, no).is_some_and(|l| bad_time_at_start(&l.text(), hints).is_some())
}

/// The time of a [`BadTime`] entry, with its note: `24:00` is midnight; a real clock under a
/// date that is not real is read on the running day, approximate; nothing real is placed at
/// the entry before (when there is one), approximate. `None`: no time and nothing before.
fn bad_time_when(
    bad: &BadTime,
    line: &Line,
    notes: &mut Vec<Note>,
    has_before: bool,
) -> Option<When> {
    match bad {
        BadTime::Midnight { date, .. } => {
            notes.push(Note::at(
                line,
                "24:00 read as 00:00, midnight at the end of the day".to_string(),
                "write 00:00 on the next day",
            ));
            Some(When::At(ParsedTime {
                date: *date,
                time: NaiveTime::MIN,
                offset: None,
                approximate: false,
                twelve_hour: false,
                one_digit_hour: false,
            }))
        }
        BadTime::Invalid {
            what,
            clock: Some(p),
            ..
        } => {
            notes.push(Note::at(
                line,
                format!(
                    "{what}; {} is read on the day of the entries around it, as approximate",
                    p.time.format("%H:%M")
                ),
                "check the date; write it as YYYY-MM-DD",
            ));
            Some(When::At(ParsedTime {
                date: None,
                approximate: true,
                ..*p
            }))
        }
        BadTime::Invalid {
            what, clock: None, ..
        } => {
            let placed = if has_before {
                "placed at the time of the entry before, as approximate"
            } else {
                "the entry has no time"
            };
            notes.push(Note::at(
                line,
                format!("{what}; {placed}"),
                "write the time as HH:MM (00:00 to 23:59)",
            ));
            has_before.then_some(When::Inherit)
        }
        BadTime::UnknownDay { written, month, .. } => {
            notes.push(Note::at(
                line,
                format!(
                    "{written} gives no day; placed at the start of {}, as approximate",
                    month.format("%Y-%m")
                ),
                "write the day when it is known, e.g. 2022-05-14",
            ));
            // A time of day given (midnight), so the resolver does not warn a second time.
            Some(When::Day(*month, Some(NaiveTime::MIN)))
        }
    }
}

/// The time an entry gives at its end, alone in brackets (`Auction starts (28 September ~17:20
/// UTC)`, `Pager fires (14:05)`), with the entry's text without it. `None` when the last
/// bracket holds anything but a date and one time (`(see the 14:00 graph)`, a span), or no
/// clock.
fn trailing_time(text: &str, hints: DateHints) -> Option<(ParsedTime, String)> {
    let trimmed = text.trim_end().strip_suffix(')')?;
    let open = trimmed.rfind('(')?;
    let inner = trimmed[open + 1..].trim();
    // A span (`(10:45 - 16:11 UTC)`) sums up; it does not date the entry.
    if inner.matches(':').count() > 1 {
        return None;
    }
    let (p, rest) = leading_time(inner, hints, false)?;
    if !rest.is_empty() {
        return None;
    }
    let body = trimmed[..open].trim_end().to_string();
    (!body.is_empty()).then_some((p, body))
}

/// An offset written in place of a time, counted from the last entry with a time of its own
/// (`+10 minutes`, `+2h`, `T+90m`, `T+1h30m`): the offset. `None` for anything else, and for
/// an offset of more than a week (a typo, not a timeline).
fn offset_from_the_last_time(cell: &str) -> Option<chrono::Duration> {
    let s = cell.trim();
    let s = s.strip_prefix(['T', 't']).unwrap_or(s).trim_start();
    let mut rest = s.strip_prefix('+')?.trim_start();
    let mut minutes: i64 = 0;
    let mut parts = 0;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 4 {
            return None;
        }
        let n: i64 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start();
        let unit = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let per = match rest[..unit].to_ascii_lowercase().as_str() {
            "m" | "min" | "mins" | "minute" | "minutes" => 1,
            "h" | "hr" | "hrs" | "hour" | "hours" => 60,
            _ => return None,
        };
        minutes += n * per;
        parts += 1;
        rest = rest[unit..].trim_start();
    }
    (parts > 0 && minutes <= 7 * 24 * 60).then(|| chrono::Duration::minutes(minutes))
}

/// A short label timed in brackets, then a colon or a dash and the entry's text
/// (`Detection (14:05 UTC): pager fires`, `Rollback [15:10] - traffic moved back`): the time,
/// and `label: text`; a label that is a day (`March 4 (22:05 UTC): …`) dates the time instead.
/// `None` when the label is long, starts with a digit, or the bracket holds more than a date
/// and one time.
fn label_timed_in_brackets(text: &str, hints: DateHints) -> Option<(ParsedTime, String)> {
    let open = text.find(['(', '['])?;
    let label = text[..open].trim();
    // A day as the label (`March 4 (22:05 UTC): alert fires`) dates the entry.
    let (day, label) = match leading_date(label, hints) {
        Some((d, rest)) => (Some(d), trim_rest(&rest).to_string()),
        None => (None, label.to_string()),
    };
    let words = label.split_whitespace().count();
    if (words == 0 && day.is_none()) || words > 6 || label.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let close = open + text[open..].find([')', ']'])?;
    let inner = text[open + 1..close].trim();
    if inner.matches(':').count() > 1 {
        return None;
    }
    let (p, rest) = leading_time(inner, hints, false)?;
    if !rest.is_empty() {
        return None;
    }
    let after = text[close + 1..].trim_start();
    let said = after
        .strip_prefix(':')
        .or_else(|| after.strip_prefix(['-', '–', '—']))?
        .trim();
    if said.is_empty() {
        return None;
    }
    let p = ParsedTime {
        date: p.date.or(day),
        ..p
    };
    if label.is_empty() {
        return Some((p, said.to_string()));
    }
    Some((p, format!("{label}: {said}")))
}

/// A time told inside an entry's text (`At 12:50 UTC the bug is triggered`): one at the start
/// or after a point cue (`at`, `by`, `around`), with its zone when that is a region.
fn time_in_text(text: &str, hints: DateHints) -> Option<(ParsedTime, Option<Zone>)> {
    let norm = normalise(text);
    let f = times_in(&norm, hints)
        .into_iter()
        .find(|f| f.start == 0 || is_point_cue(f.cue.as_deref()))?;
    let region = written_region(&norm[f.start..f.end]);
    Some((f.time, region))
}

/// The region named at the end of a time as written (`10:30 ET`, `10:30 (PST/PDT)`).
pub(crate) fn written_region(time_text: &str) -> Option<Zone> {
    let tail = time_text
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()?;
    parse_zone(tail).filter(|z| z.is_region())
}

/// Give entries the offset of their zone on their own day: the entry's [`Draft::zone`], else
/// `document` when it is a region (`Europe/Berlin`, `PST/PDT`). Days are followed as the
/// resolver will follow them (dates written, `Day 2`, midnight roll-over) from `base`. Offsets
/// written on an entry as a fixed zone (`14:51 UTC`) stay as written. Each entry given an
/// offset here is marked [`Draft::zone_filled`].
pub fn apply_zones(entries: &mut [Entry], base: NaiveDate, document: Option<Zone>) {
    let region = document.filter(|z| z.is_region());
    let own = |e: &Entry| matches!(e, Entry::Event(d) if d.zone.is_some());
    if region.is_none() && !entries.iter().any(own) {
        return;
    }
    let start = document.map_or_else(
        || chrono::FixedOffset::east_opt(0).expect("zero offset"),
        |z| z.offset_on(base),
    );
    let mut r = ClockResolver::new(base, start);
    let mut first_day: Option<NaiveDate> = None;
    for e in entries.iter_mut() {
        match e {
            Entry::SetDate(d) => {
                r.set_date(*d);
                first_day.get_or_insert(*d);
            }
            Entry::Day(n) => {
                let from = *first_day.get_or_insert(base);
                if let Some(d) =
                    from.checked_add_days(chrono::Days::new(u64::from(*n).saturating_sub(1)))
                {
                    r.set_date(d);
                }
            }
            Entry::Orphan { .. } => {}
            Entry::Event(d) => match &mut d.when {
                When::At(p) => {
                    let zone = match (d.zone, region) {
                        (Some(z), _) => Some(z),
                        (None, Some(z)) if p.offset.is_none() => Some(z),
                        _ => None,
                    };
                    if let Some(z) = zone {
                        // Where the resolver will put it, then the zone's offset on that day.
                        let (at, _) = r.clone().place(p);
                        p.offset = Some(z.offset_at(at.naive_local()));
                        d.zone_filled = true;
                    }
                    let (at, _) = r.place(p);
                    first_day.get_or_insert(at.date_naive());
                }
                When::Instant(t) => {
                    first_day.get_or_insert(t.date_naive());
                }
                When::Day(day, tod) => {
                    first_day.get_or_insert(*day);
                    r.resolve(&ParsedTime {
                        date: Some(*day),
                        time: tod.unwrap_or(NaiveTime::MIN),
                        offset: None,
                        approximate: true,
                        twelve_hour: false,
                        one_digit_hour: false,
                    });
                }
                When::Inherit | When::After(_) => {}
            },
        }
    }
}

fn section_of_heading_is_timeline(text: &str) -> bool {
    super::sections::section_of(text) == Some(Section::Timeline)
}

/// Labels that say nothing about what happened (`time - 19:42`).
fn is_generic_label(s: &str) -> bool {
    let s = s.trim();
    [
        "time",
        "at",
        "when",
        "start time",
        "end time",
        "timestamp",
        "date",
    ]
    .iter()
    .any(|l| l.eq_ignore_ascii_case(s))
}

/// Words before a time that make it a point on the timeline (not a span's end).
pub fn is_point_cue(cue: Option<&str>) -> bool {
    matches!(
        cue,
        Some(
            "at" | "by"
                | "around"
                | "about"
                | "approximately"
                | "approx"
                | "roughly"
                | "circa"
                | "~"
                | "on"
                | "since"
                | "after"
                | "before"
        )
    )
}

/// Timed sentences from prose, for files without a timeline that has times. Lines in `skip`
/// (the duration sentence) are left out. With `whole_story` (the prose is the only timeline),
/// every moment of a sentence is read ([`moments_in_sentence`]); else (timed items beside a
/// timeline) only its first time led by a point cue or opening it: a span or a bracketed
/// time there sums up what the timeline tells.
pub fn prose(
    lines: &[Line],
    tags: &[Section],
    hints: DateHints,
    skip: &[usize],
    whole_story: bool,
    days: Option<super::story_days::StoryDays>,
) -> Vec<Entry> {
    let skip: HashSet<usize> = skip.iter().copied().collect();
    let mut out = Vec::new();
    // The days the story names in words ("On Thursday", "yesterday"), when it is read whole.
    let mut days = days.filter(|_| whole_story);
    // Paragraphs: runs of text lines; items and headings stand alone.
    let mut para: Vec<&Line> = Vec::new();
    // Entries opened by a span's start ("between 17:21 and 17:30 we found and fixed …").
    let mut span_starts: Vec<usize> = Vec::new();
    let mut flush = |para: &mut Vec<&Line>, out: &mut Vec<Entry>, span_starts: &mut Vec<usize>| {
        if para.is_empty() {
            return;
        }
        let first = para[0].no;
        let joined: Vec<String> = para.iter().map(|l| l.text()).collect();
        let joined = joined.join(" ");
        para.clear();
        // The sentences before a time that stands alone, in this paragraph: what it stamps.
        let mut untimed: Vec<&str> = Vec::new();
        for sentence in sentences(&joined) {
            let norm = normalise(sentence);
            let moments = if whole_story {
                moments_in_sentence(&norm, hints)
            } else {
                let found = times_in(&norm, hints);
                let opens = found.first().is_some_and(|f| f.start == 0);
                found
                    .into_iter()
                    .find(|f| is_point_cue(f.cue.as_deref()) || (f.start == 0 && opens))
                    .into_iter()
                    .collect()
            };
            if moments.is_empty() {
                if let Some(days) = &mut days {
                    // A date written out moves the story there (a scraped page's banner date
                    // dates no clock: it only counts the days named after it); a day named in
                    // words also dates the clocks after it.
                    match dates_in(&norm, hints).first() {
                        Some((_, d)) => days.reach(*d),
                        None => out.extend(days.named_in(&norm).map(Entry::SetDate)),
                    }
                }
                untimed.push(sentence);
                continue;
            }
            if let Some(days) = &mut days {
                // A clock with its date moves the story to it; else a day named in the same
                // sentence ("at 2:00 on Saturday morning") dates it.
                let dated: Vec<_> = moments
                    .iter()
                    .filter_map(|f| with_the_day_after(&norm, f.clone(), hints).date)
                    .collect();
                match dated.last() {
                    Some(d) => days.reach(*d),
                    None => out.extend(days.named_in(&norm).map(Entry::SetDate)),
                }
            }
            let one = moments.len() == 1;
            // A status update stamped at its end ("Investigating / We are investigating
            // reports. 2024-03-05 09:12"): the time alone is no event's text; the words before
            // it in the paragraph are, when they open with a status page's label (a stamp
            // closing any other paragraph is not a log of updates).
            let labelled = untimed
                .first()
                .is_some_and(|u| u.split_whitespace().next().is_some_and(is_status_label));
            let stamp_only = one && labelled && {
                let f = &moments[0];
                let rest = format!("{} {}", &norm[..f.start], &norm[f.end..]);
                rest.split_whitespace()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                    .all(|w| w.is_empty() || w.eq_ignore_ascii_case("posted"))
            };
            let stamped = std::mem::take(&mut untimed).join(" ");
            for (k, f) in moments.iter().enumerate() {
                // One moment keeps the sentence as written; several, each its own clause.
                let text = if stamp_only && !stamped.trim().is_empty() {
                    stamped.trim().to_string()
                } else if one {
                    sentence.trim().to_string()
                } else {
                    let from = if k == 0 {
                        0
                    } else {
                        clause_start(&norm, moments[k - 1].end, f.start)
                    };
                    let to = moments
                        .get(k + 1)
                        .map_or(norm.len(), |next| clause_start(&norm, f.end, next.start));
                    norm[from..to]
                        .trim()
                        .trim_start_matches([',', ';'])
                        .trim()
                        .trim_start_matches("and ")
                        .trim_end_matches([',', ';', ' '])
                        .to_string()
                };
                let time = with_the_day_after(&norm, f.clone(), hints);
                let mut d = Draft::new(first, When::At(time), text);
                d.zone = written_region(&norm[f.start..bracket_end(&norm, f.end)]);
                if matches!(f.cue.as_deref(), Some("between" | "from")) {
                    span_starts.push(out.len());
                }
                out.push(Entry::Event(d));
            }
        }
    };
    for (i, line) in lines.iter().enumerate() {
        let usable =
            !matches!(tags[i], Section::Actions | Section::Lessons) && !skip.contains(&line.no);
        match &line.kind {
            Kind::Text(_) if usable => para.push(line),
            Kind::Item { .. } if usable => {
                flush(&mut para, &mut out, &mut span_starts);
                para.push(line);
                flush(&mut para, &mut out, &mut span_starts);
            }
            _ => flush(&mut para, &mut out, &mut span_starts),
        }
    }
    flush(&mut para, &mut out, &mut span_starts);
    // A span whose start another sentence tells on its own ("At 17:21 monitoring fired" and
    // "Between 17:21 and 17:30 we found and fixed it") sums the story up: not a moment again.
    let clock = |e: &Entry| match e {
        Entry::Event(Draft {
            when: When::At(p), ..
        }) => Some((p.date, p.time)),
        _ => None,
    };
    // How many entries tell each clock: a span's start told by another has a count over one
    // (one pass, however many spans).
    let mut told: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
    if !span_starts.is_empty() {
        for at in out.iter().filter_map(clock) {
            *told.entry(at).or_default() += 1;
        }
    }
    let summed_up: HashSet<usize> = span_starts
        .into_iter()
        .filter(|&i| clock(&out[i]).is_some_and(|at| told.get(&at).is_some_and(|n| *n > 1)))
        .collect();
    out.into_iter()
        .enumerate()
        .filter(|(i, _)| !summed_up.contains(i))
        .map(|(_, e)| e)
        .collect()
}

/// The moments a prose sentence (`norm`, [`normalise`]d) tells, left to right: a time led by
/// a point cue ("at 21:40", "around 9pm"), the sentence's opening time, the start of a span
/// ("between 21:52 and 22:30", "from 9:00 to 9:40"; not its end), and a time in brackets
/// ("came back that evening (23:10 UTC)", "the queue drained (23:30)"). Each in a clause of its own: a second time
/// in the clause of the first ("at 21:40 (22:40 CET)") is the same moment, left out.
fn moments_in_sentence(norm: &str, hints: DateHints) -> Vec<Found> {
    let found = times_in(norm, hints);
    let mut out: Vec<Found> = Vec::new();
    for f in found {
        let cue = f.cue.as_deref();
        let bracketed =
            norm[..f.start].trim_end().ends_with('(') || norm[f.start..].starts_with('(');
        let moment = is_point_cue(cue)
            || f.start == 0
            || only_a_day_before(&norm[..f.start])
            || matches!(cue, Some("between" | "from"))
            || bracketed;
        if !moment {
            continue;
        }
        let own_clause = out
            .last()
            .is_none_or(|prev| clause_start(norm, prev.end, f.start) > prev.end);
        if own_clause {
            out.push(f);
        }
    }
    out
}

/// Whether `before` (a sentence up to its first time) only names the day: "Last Monday, " in
/// "Last Monday, April 15 around 20:15 UTC, we received reports" — the time opens the
/// sentence as much as one written first.
fn only_a_day_before(before: &str) -> bool {
    let mut words = before
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .peekable();
    words.peek().is_some()
        && words.all(|w| {
            weekday_word(w)
                || ["last", "on", "this", "past", "early", "late"]
                    .iter()
                    .any(|d| w.eq_ignore_ascii_case(d))
        })
}

/// The end of a time that ends at `end` with its zone when both are closed by a bracket
/// (`(23:10 UTC)`: the zone the time reader stopped before), else `end`.
fn bracket_end(norm: &str, end: usize) -> usize {
    const LONGEST_ZONE: usize = 24;
    norm[end..]
        .char_indices()
        .take_while(|(i, _)| *i <= LONGEST_ZONE)
        .find(|(_, c)| matches!(c, ')' | ']' | '(' | ','))
        .filter(|(_, c)| matches!(c, ')' | ']'))
        .map_or(end, |(i, _)| end + i)
}

/// Where the clause holding the time at `at` starts, looking back no further than `from`: just
/// after the last `;` or `, ` between them (`from` itself when there is none).
fn clause_start(norm: &str, from: usize, at: usize) -> usize {
    norm[from..at]
        .rfind([';', ','])
        .map_or(from, |p| from + p + 1)
}

/// Split prose into sentences at `.`, `!`, `?` followed by a space and a capital or digit.
/// Whether `sentence` tells of what happens as a rule ("the job *normally* runs 1-3am", "at
/// 01:00 UTC *every night* the backup runs"), not of a moment of the incident. Any case.
pub fn habitual(sentence: &str) -> bool {
    const HABIT: &[&str] = &[
        "normally",
        "usually",
        "typically",
        "regularly",
        "every night",
        "every day",
        "every morning",
        "every hour",
        "each night",
        "each day",
        "nightly",
        "daily",
    ];
    let lower = sentence.to_ascii_lowercase();
    HABIT.iter().any(|h| {
        lower.match_indices(h).any(|(at, _)| {
            let before = lower[..at].chars().next_back();
            let after = lower[at + h.len()..].chars().next();
            before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
        })
    })
}

/// Whether `sentence` tells of what would, could or will happen ("is when the lag *would*
/// have become visible", "*if* the job fails"), not of a moment. Any case.
pub fn hypothetical(sentence: &str) -> bool {
    sentence
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "would" | "could" | "might" | "if" | "should" | "will"
            )
        })
}

pub fn sentences(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if matches!(b[i], b'.' | b'!' | b'?') && b.get(i + 1) == Some(&b' ') {
            let next = s[i + 2..].chars().next();
            let word_before = s[start..i]
                .rsplit(' ')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            let abbrev = matches!(
                word_before.as_str(),
                "a.m" | "p.m" | "approx" | "e.g" | "i.e" | "vs" | "ca"
                // A month cut short: "Sept. 18th, 2017".
                    | "jan" | "feb" | "mar" | "apr" | "jun" | "jul" | "aug" | "sep" | "sept"
                    | "oct" | "nov" | "dec"
            );
            if next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) && !abbrev {
                out.push(&s[start..=i]);
                start = i + 2;
            }
        }
        i += 1;
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Read a span from one line. `role` says whether the line is known to be a start or end
/// (`Start time: ...`).
pub fn span_in(
    text: &str,
    hints: DateHints,
    role: Option<bool>,
) -> Option<(Option<ParsedTime>, Option<ParsedTime>, String)> {
    let norm = normalise(text);
    let mut found = times_in(&norm, hints);
    // "18:30 on November 27, 2025": the day written after a time is that time's.
    for f in &mut found {
        if f.time.date.is_none() {
            f.time.date = date_after(&norm[f.end..], hints);
        }
    }
    // A time in brackets right after another is the same moment in another zone (`23:15 UTC
    // (01:15 CEST)`), not a second moment: only the first is read.
    let mut k = 1;
    while k < found.len() {
        let gap = norm[found[k - 1].end..found[k].start].trim();
        let before = gap.trim_end_matches(['(', '[']).trim();
        let bracketed = gap.ends_with(['(', '[']) || norm[found[k].start..].starts_with(['(', '[']);
        if bracketed && (before.is_empty() || parse_zone(before).is_some()) {
            found.remove(k);
        } else {
            k += 1;
        }
    }
    let lower = norm.to_ascii_lowercase();
    let role = role.or_else(|| {
        let head = lower.trim_start();
        if head.starts_with("start") || head.starts_with("began") {
            Some(true)
        } else if head.starts_with("end") || head.starts_with("resolved") {
            Some(false)
        } else {
            None
        }
    });
    match (found.as_slice(), role) {
        ([f, ..], Some(true)) => Some((Some(f.time), None, norm[f.start..f.end].to_string())),
        ([f, ..], Some(false)) => Some((None, Some(f.time), norm[f.start..f.end].to_string())),
        ([a, b, rest @ ..], None) => {
            // `1-3AM to ~9:30AM`: a start known only as a range, then the end — the span runs
            // from the range's first time to the time after "to".
            let b = match rest.first() {
                Some(c)
                    if lower[a.end..b.start].trim() == "-"
                        && matches!(
                            lower[b.end..c.start].trim().trim_end_matches('~').trim(),
                            "to" | "until" | "till" | "through"
                        ) =>
                {
                    c
                }
                _ => b,
            };
            let between = lower[a.end..b.start].trim();
            // "degradation starting around 1-3AM ET": a range right after a word of beginning
            // is when it began (known only that closely), not the outage's span.
            let began = lower[..a.start].split_whitespace().rev().take(3).any(|w| {
                matches!(
                    w,
                    "starting" | "started" | "starts" | "beginning" | "began" | "begins"
                )
            });
            if began && between == "-" {
                return Some((Some(a.time), None, norm[a.start..a.end].to_string()));
            }
            // "from X to Y", "X - Y", "started at X and was resolved by Y".
            let last_word = between
                .split(|c: char| !c.is_alphanumeric())
                .rfind(|w| !w.is_empty())
                .unwrap_or("");
            // Both ends in one sentence, a few words apart: "… restart at 00:30" three
            // sentences after a start is another time, not the span's end.
            // (A zone read with the first time may have taken a `;` after it.)
            // A time read with the full stop after it ("6pm.") still ends its sentence there.
            let gap_from = if norm[..a.end].ends_with('.') {
                a.end - 1
            } else {
                a.end
            };
            let one_sentence = !ends_a_sentence(&norm[gap_from..b.start])
                && !lower[..a.end].ends_with(';')
                && between.split_whitespace().count() <= 12;
            let joined = between
                .trim_matches(|c: char| !c.is_alphanumeric())
                .is_empty()
                || (one_sentence
                    && matches!(
                        last_word,
                        "to" | "until" | "till" | "and" | "through" | "thru" | "by" | "at"
                    ));
            if !joined {
                return None;
            }
            let from = lower[..a.start]
                .trim_end()
                .rsplit(' ')
                .next()
                .filter(|w| matches!(*w, "from" | "between"))
                .map_or(a.start, |w| a.start - w.len() - 1);
            let mut start = a.time;
            let mut end = b.time;
            // A zone or date written once applies to both ends.
            if start.offset.is_none() {
                start.offset = end.offset;
            }
            if end.offset.is_none() {
                end.offset = start.offset;
            }
            if start.date.is_none() {
                start.date = match end.date {
                    // "between 12:17 and 12:30 UTC on 2023-07-20": the end's day is the start's
                    // (the day before when the span crosses midnight).
                    Some(d) if start.time > end.time => d.pred_opt(),
                    Some(d) => Some(d),
                    // "On 2023-07-20 between 12:17 and 12:30": a day written before the span in
                    // its sentence.
                    None => day_earlier_in_sentence(&norm[..from], hints),
                };
            }
            if end.date.is_none() {
                // The start's day, or the next one when the end's clock is earlier (a span
                // over midnight, "from 23:15 to 02:43").
                // Compared in UTC when both zones are known (`23:15 UTC … 01:15 CEST`).
                let utc = |p: &ParsedTime| {
                    i64::from(p.time.num_seconds_from_midnight())
                        - p.offset.map_or(0, |o| i64::from(o.local_minus_utc()))
                };
                let earlier = match (start.offset, end.offset) {
                    (Some(_), Some(_)) => utc(&end) < utc(&start),
                    _ => end.time < start.time,
                };
                end.date = start.date.map(|d| {
                    if earlier {
                        d.succ_opt().unwrap_or(d)
                    } else {
                        d
                    }
                });
            }
            let matched = norm[from..b.end]
                .trim()
                .trim_end_matches([',', '.', ';', ':']);
            Some((Some(start), Some(end), matched.to_string()))
        }
        // One time: a start when it follows "from" / "since" ("affected since 10:30", "from
        // about 10:30"), or a word of beginning before it ("began at 10:30"); not "a report
        // from a user" elsewhere in the sentence.
        ([a], None) if starts_at(&lower[..a.start]) => {
            Some((Some(a.time), None, norm[a.start..a.end].to_string()))
        }
        _ => None,
    }
}

/// Whether `s` holds a sentence's end: `;`, or `.` `!` `?` followed by white space and a capital
/// letter (`… at 23:15 UTC. A restart at 00:30`), not a decimal (`2.5s`) or an abbreviation
/// (`i.e.`, `a.m.`).
fn ends_a_sentence(s: &str) -> bool {
    s.contains(';')
        || s.match_indices(['.', '!', '?']).any(|(k, _)| {
            let after = &s[k + 1..];
            after.starts_with(char::is_whitespace)
                && after
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        })
}

/// The last day written in the sentence that `before` ends (what follows its last sentence
/// end): "On 2023-07-20 " before "between 12:17 and 12:30".
fn day_earlier_in_sentence(before: &str, hints: DateHints) -> Option<NaiveDate> {
    // The last mark that ends a sentence, found from the end: each mark is tested on what
    // follows it up to the next word, so the search stays linear.
    let from = before
        .char_indices()
        .rev()
        .find(|&(k, c)| match c {
            ';' => true,
            '.' | '!' | '?' => {
                let after = &before[k + 1..];
                after.starts_with(char::is_whitespace)
                    && after
                        .trim_start()
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
            }
            _ => false,
        })
        .map_or(0, |(k, _)| k + 1);
    dates_in(&before[from..], hints).last().map(|(_, d)| *d)
}

/// The date written right after a time as "on DATE" (`** on November 27, 2025`), if any.
/// The time `f` found in `norm` ([`normalise`]d), with the day written right after it as its
/// own ("at 4:16 p.m. ET on June 15, 2020", "at approximately 4:00 ET, June 16"), else the
/// last day written before it in the sentence ("On Mar 9th at 09:30"), when it has none: a
/// sentence's own day, not the running day.
fn with_the_day_after(norm: &str, f: Found, hints: DateHints) -> ParsedTime {
    let mut time = f.time;
    if time.date.is_none() {
        time.date = date_after(&norm[f.end..], hints)
            .or_else(|| {
                let rest = norm[f.end..].strip_prefix(", ")?;
                leading_date(rest, hints)
                    .filter(|(_, r)| r.is_empty() || r.starts_with(['.', ',', ' ']))
                    .map(|(d, _)| d)
            })
            // "On Mar 9th at 09:30 UTC a contributor told us": the day written before it.
            .or_else(|| day_earlier_in_sentence(&norm[..f.start], hints));
    }
    time
}

fn date_after(rest: &str, hints: DateHints) -> Option<NaiveDate> {
    let rest = rest.trim_start_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    let (on, rest) = rest.split_at_checked(3)?;
    if !on.eq_ignore_ascii_case("on ") {
        return None;
    }
    leading_date(rest.trim_start_matches(['*', '_', ' ']), hints).map(|(d, _)| d)
}

/// Whether the words before a single time in a sentence make it the start of a span: "from"
/// or "since" right before it (a filler like "about" between), or "began" / "started" earlier,
/// said of something other than the response ("investigation began at 08:00" is no start).
fn starts_at(before: &str) -> bool {
    const FILLER: &[&str] = &[
        "at",
        "about",
        "around",
        "approximately",
        "roughly",
        "~",
        "utc",
        "the",
    ];
    let near = before
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ':'))
        .filter(|w| !w.is_empty())
        .rev()
        .find(|w| !FILLER.contains(w));
    // "Investigation began at ~08:00", "we started at 9": the response began then, not the
    // outage.
    const RESPONSE: &[&str] = &[
        "investigation",
        "investigating",
        "response",
        "triage",
        "work",
        "remediation",
        "mitigation",
        "recovery",
        "cleanup",
        "debugging",
        "we",
        "i",
        "they",
        "team",
        "operator",
        "engineers",
    ];
    let words: Vec<&str> = before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    matches!(near, Some("from" | "since"))
        || words.iter().enumerate().any(|(i, t)| {
            matches!(*t, "began" | "begun" | "started")
                && !words[..i]
                    .iter()
                    .rev()
                    .find(|w| !matches!(**w, "was" | "had" | "has" | "then"))
                    .is_some_and(|w| RESPONSE.contains(w))
        })
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_zone_beside_a_clock_in_a_sentence() {
        let written = |t: &str| zone_beside_clock(t).map(|n| n.written);
        assert_eq!(
            written("replication lagged from UTC 05:13").as_deref(),
            Some("UTC")
        );
        // A clock without its colon, the zone after it; not a year after a month.
        assert_eq!(
            written("Update 1925 BST 28 Mar 2023: nodes back").as_deref(),
            Some("BST")
        );
        assert_eq!(written("since March 2023 UTC dates are used"), None);
        assert_eq!(written("the UTC 2023 report"), None);
        // The half of the day between the clock and its zone, glued or apart.
        assert_eq!(
            written("From 10:00 AM to 12:30 PM GMT+01:00, the database was down").as_deref(),
            Some("GMT+01:00")
        );
        assert_eq!(
            written("Since March 3, 2024 6:00 AM (GMT+03:00), requests failed").as_deref(),
            Some("GMT+03:00")
        );
        assert_eq!(
            written("back to normal at 4pm PST after the disk was added").as_deref(),
            Some("PST")
        );
        // A word in capitals that is no zone, and a number that is no clock, are not read.
        assert_eq!(written("at 4pm OK was returned"), None);
        assert_eq!(written("about 30 PST customers"), None);
    }

    #[test]
    fn an_hour_with_unknown_minutes() {
        assert_eq!(
            normalise("Dec 17th 22:XX more reports"),
            "Dec 17th ~22:00 more reports"
        );
        assert_eq!(normalise("~9:xx restart"), "~9:00 restart");
        for same in ["HTTP 4XX: errors", "a:XX b", "122:XX", "10:XXL"] {
            assert_eq!(normalise(same), same, "{same}");
        }
    }

    #[test]
    fn an_offset_in_place_of_a_time() {
        let min = |m| Some(chrono::Duration::minutes(m));
        assert_eq!(offset_from_the_last_time("+10 minutes"), min(10));
        assert_eq!(offset_from_the_last_time(" T+1h30m "), min(90));
        assert_eq!(offset_from_the_last_time("+2 hours"), min(120));
        for not in [
            "+",
            "10 minutes",
            "+ten minutes",
            "+3 days",
            "+10 minutes later",
            "+99999m",
        ] {
            assert_eq!(offset_from_the_last_time(not), None, "{not}");
        }
    }

    use super::*;

    #[test]
    fn a_span_of_days_written_as_one_date_is_its_first_day() {
        let hints = DateHints::year(None);
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for (text, want) in [
            ("Network outage (2024-12-19/20)", day(2024, 12, 19)),
            ("Outage 2024-12-19–2024-12-20", day(2024, 12, 19)),
            ("Outage of Dec 19-20, 2024", day(2024, 12, 19)),
            ("Outage on 19/20 December 2024", day(2024, 12, 19)),
            ("Outage on 19–20 December 2024", day(2024, 12, 19)),
        ] {
            assert_eq!(
                dates_in(text, hints).first().map(|d| d.1),
                Some(want),
                "{text}"
            );
        }
        // A later day first is no span: nothing is made up.
        assert_eq!(dates_in("(2024-12-19/12)", hints), []);
        assert_eq!(
            first_day_of_a_span("20-19 December", true),
            "20-19 December"
        );
        assert_eq!(
            first_day_of_a_span("19-20 of the logs", false),
            "19-20 of the logs"
        );
    }

    #[test]
    fn contains_ignore_ascii_case_finds_any_case() {
        let windows = |h: &str, n: &str| {
            h.as_bytes()
                .windows(n.len())
                .any(|w| w.eq_ignore_ascii_case(n.as_bytes()))
        };
        for (h, n) in [
            ("all times Pacific Time", " time"),
            ("ALL TIMES", " time"),
            ("timeline", " time"),
            ("", " time"),
            (" tim", " time"),
            ("CDN theory RULED OUT", "ruled out"),
            ("ruled ou", "ruled out"),
            ("Zeit – time", "time"),
            // The needle found by its first letter: a match at the very start or end, a `t`
            // with no space before it, two spaces, a needle of spaces only.
            (" Time", " time"),
            ("time at noon", " time"),
            ("local time", " time"),
            ("localtime", " time"),
            ("a  TIME", " time"),
            ("tt time", " time"),
            ("a b", "  "),
            ("a  b", "  "),
        ] {
            assert_eq!(
                contains_ignore_ascii_case(h, n),
                windows(h, n),
                "{h:?} {n:?}"
            );
        }
    }

    /// Word spans read one at a time are the words white space splits (any kind of it), and
    /// the window of a time read from them is the one `window_end` gives.
    #[test]
    fn word_spans_are_the_words_and_the_window_is_the_same() {
        for s in [
            "",
            "   ",
            "06:00 – edge-proxy 4.22 deployed",
            "  ~10:00\u{a0}-\u{2009}10:15 UTC\tcache\r\nwarm ",
            "Tuesday Aug 28 11:14 UTC 11:20 again and again and again",
            "a\x0bb\x0cc",
        ] {
            let spans: Vec<&str> = WordSpans { s, i: 0 }.map(|(a, e)| &s[a..e]).collect();
            let words: Vec<&str> = s.split_whitespace().collect();
            assert_eq!(spans, words, "{s:?}");
            let toks = tokens_upto(s, 8);
            assert_eq!(toks.len(), words.len().min(8), "{s:?}");
            let mut seen = false;
            let lazy = toks
                .iter()
                .enumerate()
                .take_while(|(k, t)| !ends_window(&s[t.0..t.1], *k == 0, &mut seen))
                .count();
            assert_eq!(lazy, window_end(s, &toks, 0, 8), "{s:?}");
        }
    }

    #[test]
    fn normalise_chars_changes_only_its_characters() {
        // The character-by-character reading the byte search replaced, as the oracle.
        let by_chars = |s: &str| {
            let mut out = String::new();
            let mut chars = s.chars().peekable();
            let mut prev: Option<char> = None;
            while let Some(c) = chars.next() {
                let next = chars.peek().copied();
                match c {
                    '–' | '—' | '‒' | '−'
                        if prev.is_some_and(|p| p.is_ascii_digit())
                            && next.is_some_and(|n| n.is_ascii_digit()) =>
                    {
                        out.push('-')
                    }
                    ')' if next.is_some_and(char::is_alphanumeric) => out.push_str(") "),
                    '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => out.push(' '),
                    c => out.push(c),
                }
                prev = Some(c);
            }
            out
        };
        for s in [
            "2023–12–18 (UTC)on call paged",
            "10:00 — 10:15 db failover",
            "1−2 ‒3 4‒ 5—",
            "(PST)é note)) )9 ",
            "\u{a0}10:00\u{2009}UTC\u{2002}\u{2003}·ß…",
            "€ and ¢ stay – as they are",
            ")",
            "",
        ] {
            assert_eq!(normalise_chars(s), by_chars(s), "{s:?}");
        }
    }

    #[test]
    fn tokens_split_at_any_whitespace() {
        let by_chars = |s: &str| {
            let mut out = Vec::new();
            let mut start = None;
            for (i, c) in s.char_indices() {
                if c.is_whitespace() {
                    if let Some(st) = start.take() {
                        out.push((st, i));
                    }
                } else if start.is_none() {
                    start = Some(i);
                }
            }
            if let Some(st) = start {
                out.push((st, s.len()));
            }
            out
        };
        for s in [
            "10:00 UTC  db\tfailover\x0bdone\x0crestarted\r\n",
            "\u{a0}é\u{2003}ß 10:00\u{3000}x",
            "   ",
            "",
        ] {
            assert_eq!(tokens(s), by_chars(s), "{s:?}");
            assert_eq!(
                tokens_upto(s, 2),
                by_chars(s).into_iter().take(2).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn leading_date_needs_a_digit() {
        assert_eq!(leading_date("March fifth, the API failed", NO), None);
        let (d, rest) = leading_date("March 5th, 2024: the API failed", NO).expect("a date");
        assert_eq!(d, NaiveDate::from_ymd_opt(2024, 3, 5).expect("a day"));
        assert_eq!(rest, "the API failed");
    }

    use chrono::FixedOffset;

    const Y2015: DateHints = DateHints {
        year: Some(2015),
        month_first: false,
        colon_less_clocks: false,
        spaced_clocks: false,
    };
    const NO: DateHints = DateHints {
        year: None,
        month_first: false,
        colon_less_clocks: false,
        spaced_clocks: false,
    };

    fn fixed(o: Option<FixedOffset>) -> Option<Zone> {
        o.map(Zone::Fixed)
    }

    fn hm(p: &ParsedTime) -> String {
        p.time.format("%H:%M").to_string()
    }

    #[test]
    fn a_label_before_its_stamp_is_an_entry_of_a_list() {
        for (text, label, clock) in [
            ("First detected 2026-03-30 08:56", "First detected", "08:56"),
            (
                "Incident declared: 2025-05-20 10:12",
                "Incident declared",
                "10:12",
            ),
            ("Repaired at 10:40 UTC", "Repaired", "10:40"),
            ("Detected 9:36", "Detected", "09:36"),
            ("**Resolved** 2:30 PM", "Resolved", "14:30"),
        ] {
            let l = labelled_stamp(text, Y2015).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(l.rest, label, "{text}");
            assert_eq!(l.time.time.format("%H:%M").to_string(), clock, "{text}");
        }
        // Not a stamp: a time put off, a step's number, a placeholder, more words after it,
        // a label too long to be one.
        for text in [
            "Expected to finish by 14:30",
            "Phase 2",
            "time - Tue Mar 5 2024 14:20",
            "Rollback at 10:40 and the errors stopped",
            "The team looked at the broker logs 10:40",
            "Expected recovery 14:00",
            "Next update 10:30",
            "Time to detect: 0:07",
            "Total downtime 1:45",
        ] {
            assert!(labelled_stamp(text, Y2015).is_none(), "{text}");
        }
    }

    #[test]
    fn leading_times_of_many_shapes() {
        let cases = [
            (
                "10:30 AM - The issue was detected",
                "10:30",
                "The issue was detected",
            ),
            ("12;45PM (UTC) - restored", "12:45", "restored"),
            ("14:51 UTC: paged", "14:51", "paged"),
            ("2:05 pm – rollback", "14:05", "rollback"),
            ("[10:30] alert", "10:30", "alert"),
            ("10h30 : alerte", "10:30", "alerte"),
            ("2017/01/31 23:00-ish - stuff", "23:00", "stuff"),
            ("2025-06-17T09:05+02:00 | deploy", "09:05", "deploy"),
            ("3:00 PM CAT- Outage detected", "15:00", "Outage detected"),
            ("16:15 GMT+1: The issue", "16:15", "The issue"),
            (
                "10:15 PM Pacific Standard Time: noticed",
                "22:15",
                "noticed",
            ),
            ("2023–12–18 15:00 EAT — detected", "15:00", "detected"),
            ("10:30 a server crashed", "10:30", "a server crashed"),
            ("October 21 22:54 UTC - paged", "22:54", "paged"),
            ("1005 hrs: relay stops", "10:05", "relay stops"),
            ("2330 hrs - alarm", "23:30", "alarm"),
        ];
        for (text, time, rest) in cases {
            let (p, r) = leading_time(text, Y2015, true).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((hm(&p).as_str(), r.as_str()), (time, rest), "{text}");
        }
        assert!(leading_time("Ubuntu 20.04 container", NO, true).is_none());
        assert!(leading_time("500 errors", NO, true).is_none());
    }

    #[test]
    fn a_month_cut_short_does_not_end_a_sentence() {
        assert_eq!(
            sentences("On Sept. 18th the site went down. It came back at 14:00."),
            [
                "On Sept. 18th the site went down.",
                "It came back at 14:00."
            ]
        );
        assert_eq!(sentences("Since Jan. 3 it fails. Now fixed.").len(), 2);
    }

    #[test]
    fn times_inside_sentences() {
        let s =
            normalise("At 10:30 AM the alert fired. By 11:00 we had rolled back (Ubuntu 20.04).");
        let f = times_in(&s, NO);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].cue.as_deref(), Some("at"));
        assert_eq!(hm(&f[1].time), "11:00");
    }

    #[test]
    fn spans() {
        let (a, b, m) = span_in(
            "The outage lasted for 2 hours and 15 minutes, from 10:30 AM to 12;45PM (UTC)on August 15, 2024.", NO, None)
        .unwrap();
        assert_eq!(hm(&a.unwrap()), "10:30");
        let b = b.unwrap();
        assert_eq!(hm(&b), "12:45");
        assert_eq!(b.offset, FixedOffset::east_opt(0));
        assert_eq!(a.unwrap().offset, FixedOffset::east_opt(0));
        assert_eq!(m, "from 10:30 AM to 12;45PM (UTC)");
        let (a, b, _) = span_in(
            "May 7, 2024, 10:00 AM - May 7, 2024, 12:00 PM (UTC)",
            NO,
            None,
        )
        .unwrap();
        assert_eq!(a.unwrap().date, NaiveDate::from_ymd_opt(2024, 5, 7));
        assert_eq!(hm(&b.unwrap()), "12:00");
        let (a, b, _) = span_in("Start Time: January 31 2023, 16:15 GMT+1", NO, None).unwrap();
        assert!(a.is_some() && b.is_none());
        assert!(span_in("2 hours of pain", NO, None).is_none());
        // A window in brackets ending a sentence (`(16:28–21:54).`).
        let (a, b, _) = span_in(
            "node out of the cluster ~5.5 h (16:28–21:54). Pods down.",
            NO,
            None,
        )
        .unwrap();
        assert_eq!(
            (hm(&a.unwrap()), hm(&b.unwrap())),
            ("16:28".into(), "21:54".into())
        );
        // A beginning said of the response is not the outage's start; of the outage, it is.
        for response in [
            "Alert fatigue. Investigation began at ~08:00 PDT.",
            "We started at 09:10 with the logs.",
        ] {
            assert!(span_in(response, NO, None).is_none(), "{response}");
        }
        let (a, _, _) = span_in("The outage began at ~08:00 PDT.", NO, None).unwrap();
        assert_eq!(hm(&a.unwrap()), "08:00");
        // A day written once, after the end or before the span in its sentence, is both ends'.
        let day = |d| NaiveDate::from_ymd_opt(2023, 7, d);
        for text in [
            "For 13 minutes, between 12:17 and 12:30 UTC on 2023-07-20, uploads failed.",
            "On 2023-07-20 between 12:17 and 12:30 UTC all downloads were broken.",
        ] {
            let (a, b, _) = span_in(text, NO, None).unwrap();
            assert_eq!(
                (a.unwrap().date, b.unwrap().date),
                (day(20), day(20)),
                "{text}"
            );
        }
        let (a, b, _) = span_in("from 23:50 to 00:20 UTC on 2023-07-20", NO, None).unwrap();
        assert_eq!((a.unwrap().date, b.unwrap().date), (day(19), day(20)));
        // Not a day from an earlier sentence.
        let (a, _, _) = span_in(
            "The fix shipped on 2023-07-18. Later, between 12:17 and 12:30 UTC, it failed.",
            NO,
            None,
        )
        .unwrap();
        assert_eq!(a.unwrap().date, None);
    }

    #[test]
    fn a_span_is_told_in_one_sentence_and_may_cross_midnight() {
        // A time three sentences on is another moment, not the span's end.
        let told = "Errors began at 23:15 UTC on August 18, 2025. Blocks were missed. \
                    A planned restart at 00:30 UTC did not help";
        assert!(span_in(told, NO, None).is_none_or(|(_, end, _)| end.is_none()));
        let r = span_in("Errors from 10:00 UTC; a restart at 11:30", NO, None);
        assert!(r.as_ref().is_none_or(|(_, end, _)| end.is_none()), "{r:?}");
        // A range right after a word of beginning is the start, known that closely.
        let (a, b, _) = span_in("Degradation starting around 1-3AM ET.", NO, None).unwrap();
        assert!(a.is_some() && b.is_none());
        // A start known only as a range, then the end.
        let (a, b, _) = span_in("~6+ hours (1-3AM to ~9:30AM ET)", NO, None).unwrap();
        let clock = |p: Option<ParsedTime>| p.map(|p| p.time.format("%H:%M").to_string());
        assert_eq!(
            (clock(a).as_deref(), clock(b).as_deref()),
            (Some("01:00"), Some("09:30"))
        );
        // A time read with the full stop that ends its sentence ("6pm.") ends it all the same.
        for told in [
            "Traffic builds from around 6pm. Peaks at about 6am with 600 pods.",
            "Traffic grows from 6pm. It peaks at 6am.",
        ] {
            let r = span_in(told, NO, None);
            assert!(
                r.as_ref().is_none_or(|(_, end, _)| end.is_none()),
                "{told}: {r:?}"
            );
        }
        // A decimal or an abbreviation is no sentence's end.
        for told in [
            "Checkout was down from 10:00 UTC (p99 at 2.5s) until 10:45.",
            "From 10:00 UTC, i.e. right after the deploy, until 10:45, checkout was down.",
        ] {
            let (a, b, _) = span_in(told, NO, None).expect(told);
            assert_eq!(
                (hm(&a.unwrap()), hm(&b.unwrap())),
                ("10:00".into(), "10:45".into())
            );
        }
        // The same moment in another zone, in brackets, is not the span's end.
        let (a, b, _) = span_in(
            "Down from 23:15 UTC (01:15 CEST) on March 3, 2025 until 00:40.",
            NO,
            None,
        )
        .unwrap();
        assert_eq!(hm(&a.unwrap()), "23:15");
        let b = b.unwrap();
        assert_eq!(hm(&b), "00:40");
        // Over midnight: the end is on the next day when no date is written for it.
        let (a, b, _) = span_in(
            "The validator missed blocks from 23:15 UTC on August 18, 2025 until 02:43",
            NO,
            None,
        )
        .unwrap();
        assert_eq!(a.unwrap().date, NaiveDate::from_ymd_opt(2025, 8, 18));
        assert_eq!(b.unwrap().date, NaiveDate::from_ymd_opt(2025, 8, 19));
    }

    #[test]
    fn dates_zones_days() {
        let d = dates_in("It broke on Thursday, August 15, 2024 at noon", NO);
        assert_eq!(d[0].1, NaiveDate::from_ymd_opt(2024, 8, 15).unwrap());
        assert_eq!(
            dates_in("2015-10-21 (all times UTC)", NO)[0].1,
            NaiveDate::from_ymd_opt(2015, 10, 21).unwrap()
        );
        assert!(dates_in("users may 5 times retry", DateHints::year(Some(2020))).is_empty());
        assert_eq!(
            zone_note("Timeline (all times UTC+03:00)").map(|n| n.zone),
            fixed(FixedOffset::east_opt(3 * 3600))
        );
        assert_eq!(
            zone_note("All times are in PDT.").map(|n| n.zone.standard()),
            FixedOffset::west_opt(7 * 3600)
        );
        assert_eq!(
            zone_note("Monday, December 9, 2024. Times are US Eastern (EST).")
                .map(|n| n.zone.standard()),
            FixedOffset::west_opt(5 * 3600)
        );
        assert_eq!(
            zone_note("All times are approximate.").map(|n| n.zone),
            None
        );
        let (_, rest) = leading_time("07:32 GWT => users get 500s", NO, true).unwrap();
        assert_eq!(rest, "users get 500s");
        let (_, rest) = leading_time("10:30 DNS - resolver failing", NO, true).unwrap();
        assert_eq!(rest, "DNS - resolver failing");
        assert_eq!(
            zone_note("Timeline (all times Greenwich Mean Time):").map(|n| n.zone),
            fixed(FixedOffset::east_opt(0))
        );
        assert_eq!(zone_note("no note").map(|n| n.zone), None);
        assert_eq!(day_number("Day 2"), Some(2));
        assert!(heading_date_like("2015-10-21 (all times UTC)"));
        assert!(heading_date_like("October 22"));
        assert!(!heading_date_like("10:30 - paged"));
        assert_eq!(first_year("v1.2 in 2019 and 2024"), Some(2019));
        assert_eq!(
            first_year("see https://blog.example/2023/01/x on April 17th"),
            None
        );
    }

    #[test]
    fn a_zone_named_by_its_place() {
        let region = |s: &str| zone_note(s).map(|n| n.zone.name());
        assert_eq!(
            region("Timeline (all times Pacific)").as_deref(),
            Some("America/Los_Angeles")
        );
        assert_eq!(
            region("All times are US Eastern.").as_deref(),
            Some("America/New_York")
        );
        assert_eq!(
            region("All times Berlin time").as_deref(),
            Some("Europe/Berlin")
        );
        assert_eq!(
            region("Times are New York time.").as_deref(),
            Some("America/New_York")
        );
        // Europe's, not the US's Central (nor Canada's).
        assert_eq!(
            region("All times Central European Time")
                .as_deref()
                .filter(|n| n.starts_with("America") || n.starts_with("Canada")),
            None
        );
        for none in [
            "All times are local time.",
            "All times are approximate.",
            "times in Slack",
            "Page load times in London doubled.",
            "Response times in Singapore are higher",
            "All times Central Europe",
            "times in Mountain View",
        ] {
            assert_eq!(region(none), None, "{none}");
        }
    }

    #[test]
    fn a_dotted_clock_with_its_zone_is_a_time_in_prose() {
        let hm = |s: &str| {
            times_in(&normalise(s), NO)
                .iter()
                .map(|f| f.time.time.format("%H:%M").to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            hm("between 12.39UTC (block 8) and 17.17UTC"),
            ["12:39", "17:17"]
        );
        assert_eq!(hm("at 14.05 CET the queue stalled"), ["14:05"]);
        // Without a zone a dotted number in prose is a number.
        assert!(hm("version 12.39 of the agent").is_empty());
        assert!(hm("latency 12.39 ms").is_empty());
    }

    #[test]
    fn one_thing_told_at_two_times_is_at_the_first() {
        let hm = |p: &ParsedTime| p.time.format("%H:%M").to_string();
        for (text, rest) in [
            (
                "11:50 and 11:57 - two requests from a user",
                "two requests from a user",
            ),
            ("11:50 & 11:57: two requests", "two requests"),
        ] {
            let l = leading_time_full(text, NO, true).unwrap();
            assert_eq!(
                (hm(&l.time), l.rest.as_str()),
                ("11:50".into(), rest),
                "{text}"
            );
            assert!(l.until.is_none(), "{text}");
        }
        // "and" before words, or a second time with no separator after it, is the text.
        for (text, rest) in [
            (
                "13:00 and then we waited - nothing",
                "and then we waited - nothing",
            ),
            (
                "13:00 and 13:05 the pods restarted",
                "and 13:05 the pods restarted",
            ),
        ] {
            let l = leading_time_full(text, NO, true).unwrap();
            assert_eq!(l.rest, rest, "{text}");
        }
    }

    #[test]
    fn ranges_start_at_their_first_time() {
        let hm = |p: &ParsedTime| p.time.format("%H:%M").to_string();
        let l = leading_time_full("~10:00-10:15 - Latency climbs", NO, true).unwrap();
        assert_eq!(
            (hm(&l.time), l.time.approximate, l.time.offset),
            ("10:00".into(), true, None)
        );
        assert_eq!(l.until.as_ref().map(hm).as_deref(), Some("10:15"));
        assert_eq!(l.rest, "Latency climbs");
        for (text, start, offset, rest) in [
            ("10:00–10:15Z x", "10:00", Some(0), "x"),
            ("10:00 to 10:15 UTC: x", "10:00", Some(0), "x"),
            ("From 10:00 to 10:15, latency", "10:00", None, "latency"),
            ("10am-11am x", "10:00", None, "x"),
            ("11:00 - 1:00 AM x", "23:00", None, "x"),
            ("10:00 - 10:15 PDT - x", "10:00", Some(-7 * 3600), "x"),
            // Hours alone sharing the meridiem written once.
            ("~1-3AM x", "01:00", None, "x"),
            ("10-11pm x", "22:00", None, "x"),
            // Over noon or midnight: the start is in the other half of the day.
            ("10-2pm x", "10:00", None, "x"),
            ("11-12pm x", "11:00", None, "x"),
            ("9-12pm x", "09:00", None, "x"),
            ("11-1am x", "23:00", None, "x"),
        ] {
            let l = leading_time_full(text, NO, true).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(hm(&l.time), start, "{text}");
            assert_eq!(l.time.offset.map(|o| o.local_minus_utc()), offset, "{text}");
            assert!(l.until.is_some(), "{text}");
            assert_eq!(l.rest, rest, "{text}");
        }
        // A dash followed by words or a count is not a range.
        for text in ["10:30 - restarted the db", "10:30 - 2 pods restarted"] {
            let l = leading_time_full(text, NO, true).unwrap();
            assert!(l.until.is_none(), "{text}");
        }
        assert_eq!(normalise("10:00-10:15"), "10:00 - 10:15");
        for same in [
            "2025-06-17T09:05-05:00",
            "10:30:00-05:00",
            "23:00-ish",
            "2024-03-05",
            "pages 1-3",
            "2024-3pm",
        ] {
            assert_eq!(normalise(same), same);
        }
        // The end of a range is not a new entry.
        assert_eq!(
            split_entries("10:00 - 10:15: slow. 10:20: paged", NO).len(),
            2
        );
    }

    #[test]
    fn a_zone_alone_in_brackets_and_nothing_else() {
        let offset = |t: &str| zone_in_brackets(t).map(|n| n.written);
        assert!(offset("Локальное время ноды (+0500). События").is_some());
        assert!(offset("Server clocks (−0500), typographic minus").is_some());
        for text in [
            "The on-call engineer (based in Sydney, AEST) was paged first.",
            "Disk usage grew quickly (+2) overnight.",
            "p99 went from 200ms to 900ms (+700).",
            "Times below are UTC (CET in the graphs).",
            "A minus alone (−) or (−5)",
        ] {
            assert_eq!(offset(text), None, "{text}");
        }
    }

    #[test]
    fn a_bracket_of_times_after_an_entry_repeats_its_time_and_is_no_entry() {
        // The entry's range written again in UTC, after its sentence.
        for text in [
            "16:51:29 - 16:51:46: Controller refused connections. (00:51:29Z - 00:51:46Z)",
            "16:51:29 - 16:51:46: Controller refused connections. [00:51:29Z - 00:51:46Z]",
            "16:51: Controller refused connections. (00:51 UTC - 00:52 UTC)",
        ] {
            assert_eq!(split_entries(text, NO), vec![text.to_string()], "{text}");
        }
        // A bracket that tells more than times is not a repeat; a second labelled entry after
        // it still is one.
        assert_eq!(
            split_entries("10:00: Pods restart. (10:05 - second wave) - lost", NO).len(),
            2
        );
        assert_eq!(
            split_entries("10:00: Pods restart. (00:00Z) 10:20: paged", NO).len(),
            2
        );
        // Bare times in a bracket that opens a sentence are a moment of their own.
        assert_eq!(
            split_entries(
                "10:00 Deploy of resolver config. (10:05 - 10:07) Errors spike",
                NO
            )
            .len(),
            2
        );
    }

    #[test]
    fn times_and_dates_that_are_not_real() {
        assert_eq!(
            bad_time_at_start("24:00 - switched off", NO),
            Some(BadTime::Midnight {
                date: None,
                rest: "switched off".into()
            })
        );
        assert_eq!(
            bad_time_at_start("2024-02-28 24:00 - switched off", NO),
            Some(BadTime::Midnight {
                date: NaiveDate::from_ymd_opt(2024, 2, 29),
                rest: "switched off".into()
            })
        );
        let Some(BadTime::Invalid { what, clock, rest }) =
            bad_time_at_start("Feb 30 10:40 - checked", Y2015)
        else {
            panic!("not read as invalid");
        };
        assert_eq!(what, "Feb 30 is not a real date");
        assert_eq!(clock.map(|p| p.time), NaiveTime::from_hms_opt(10, 40, 0));
        assert_eq!(rest, "checked");
        assert!(matches!(
            bad_time_at_start("10:75 - x", NO),
            Some(BadTime::Invalid { clock: None, .. })
        ));
        assert_eq!(bad_time_at_start("10:30 - fine", NO), None);
        assert_eq!(bad_time_at_start("2024-03-05: at noon", NO), None);
        // Other shapes of a day that does not exist: an ISO date-time, the day before the month.
        for (written, date) in [
            ("2024-02-30T10:30 paged", "2024-02-30"),
            ("30 Feb 2024 10:30 paged", "30 Feb 2024"),
            ("31st April 10:30 paged", "31st April"),
        ] {
            let Some(BadTime::Invalid { what, clock, rest }) = bad_time_at_start(written, Y2015)
            else {
                panic!("{written}: not read as invalid");
            };
            assert_eq!(what, format!("{date} is not a real date"), "{written}");
            assert_eq!(clock.map(|p| p.time), NaiveTime::from_hms_opt(10, 30, 0));
            assert_eq!(rest, "paged");
        }
        assert_eq!(bad_time_at_start("2024-02-28T10:30 fine", NO), None);
        assert_eq!(bad_time_at_start("3 March 10:30 fine", Y2015), None);
    }

    #[test]
    fn what_the_file_says_about_its_dates() {
        let e = date_hints("Seen 03/24/2024.\n\n- 05/03/2024 09:00 - x\n");
        assert!(e.hints.month_first);
        assert_eq!(e.ambiguous, None);
        let e = date_hints("Seen 24.03.2024\n- 05/03/2024 09:00 - x\n");
        assert!(!e.hints.month_first);
        let e = date_hints("# x\n\n- 05-03-2024 09:00 - x\n");
        assert_eq!(e.ambiguous, Some((3, "05-03-2024".to_string())));
        let e = date_hints("On March 5, 2024 it broke.\n- 05/03/2024 09:00 - x\n");
        assert_eq!(e.by_names, Some(true));
        assert!(e.hints.month_first);
        assert!(e.ambiguous.is_some());
        assert_eq!(e.hints.year, Some(2024));
        assert!(!heading_date_like("March 5th, 2024 CI outage"));
        assert!(heading_date_like("2024-03-05 (morning)"));
        assert!(heading_date_like("2025-01-01 (UTC)"));
        assert!(heading_in_timeline("10:00"));
        assert!(heading_in_timeline("March 5th - the second wave"));
        assert_eq!(
            bracketed_zone("Time (CET)").map(|n| n.zone.standard()),
            FixedOffset::east_opt(3600)
        );
        assert_eq!(bracketed_zone("Notes (morning)"), None);
        // The zone sharing its brackets with the day, in either order.
        for h in ["Timeline (PDT, 2025-04-02)", "Timeline (2 April 2025; PDT)"] {
            assert_eq!(
                bracketed_zone(h).map(|n| n.written),
                Some("PDT".into()),
                "{h}"
            );
        }
        assert_eq!(bracketed_zone("Timeline (Tuesday, 10:00 UTC)"), None);
    }

    #[test]
    fn the_weekday_beside_a_day_gives_the_latest_year_that_fits() {
        let text = "No mail left from Friday, August 23rd at 11:59\nuntil Monday, August 26th.\n";
        let found = |this_year| year_from_weekdays(text, this_year).map(|w| w.year);
        assert_eq!(found(2026), Some(2024));
        assert_eq!(found(2024), Some(2024));
        assert_eq!(found(2023), Some(2019));
        assert_eq!(found(2031), Some(2030));
        let w = year_from_weekdays(text, 2026).unwrap();
        assert_eq!((w.written.as_str(), w.line), ("Friday August 23rd", 1));
        // After the day, in brackets; two days that no single year fits give none.
        assert_eq!(
            year_from_weekdays("On Jan 10 (Sat) it broke", 2026).map(|w| w.year),
            Some(2026)
        );
        assert_eq!(
            year_from_weekdays("Friday, August 23 and Friday, August 24", 2026),
            None
        );
        assert_eq!(
            year_from_weekdays("the worker sat idle 12 minutes; may 3 retries", 2026),
            None
        );
    }

    #[test]
    fn zone_columns_name_two_zones_not_a_pair() {
        let first = |t: &str| zone_columns(t).map(|n| n.written);
        assert_eq!(first("UTC/ACDT").as_deref(), Some("UTC"));
        assert_eq!(first(" CET / UTC ").as_deref(), Some("CET"));
        assert_eq!(first("PST/PDT"), None);
        assert_eq!(first("Europe/Berlin"), None);
        assert_eq!(first("read/write"), None);
        assert_eq!(first("UTC/ACDT/JST"), None);
        assert_eq!(
            first_of_two_clocks("03:16/13:46 - alert").as_deref(),
            Some("03:16 - alert")
        );
        assert_eq!(
            first_of_two_clocks("3:16/13:46: alert").as_deref(),
            Some("3:16: alert")
        );
        assert_eq!(first_of_two_clocks("2024-03-05/05:20 alert"), None);
        assert_eq!(first_of_two_clocks("10:00/noon"), None);
    }
}
