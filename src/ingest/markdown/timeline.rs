//! Times in text: the timeline section's entries, times inside sentences, the "from X to Y"
//! span of the outage, dates and zone notes.

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveTime};

use super::lines::{Kind, Line};
use super::sections::{Section, split_label};
use crate::ingest::clock::{
    ParsedTime, abbreviate_zone_names, month_number, parse_date, parse_month_name_date,
    parse_offset, parse_time_in_year,
};

/// Dashes, glued zone notes and spelled-out zone names made readable for the clock parser.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        match c {
            // `2023–12–18` (typographic dashes inside a date) → `2023-12-18`.
            '–' | '—' | '‒' | '−'
                if prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit()) =>
            {
                out.push('-')
            }
            // `(UTC)on August` → `(UTC) on August`.
            ')' if next.is_some_and(char::is_alphanumeric) => out.push_str(") "),
            '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => out.push(' '),
            c => out.push(c),
        }
    }
    abbreviate_zone_names(&close_zone_offsets(&out))
}

/// `GMT + 1` → `GMT+1`, `UTC - 05:00` → `UTC-05:00`.
fn close_zone_offsets(s: &str) -> String {
    let mut out = s.to_string();
    for zone in ["GMT", "UTC"] {
        for sign in ['+', '-'] {
            let spaced = format!("{zone} {sign} ");
            while let Some(p) = out.find(&spaced) {
                let after = p + spaced.len();
                if !out[after..].starts_with(|c: char| c.is_ascii_digit()) {
                    break;
                }
                out.replace_range(p..after, &format!("{zone}{sign}"));
            }
        }
    }
    out
}

/// Split a line that holds several entries (`10:50 AM: x. - 11:00 AM: y`, `... detected.
/// 12:06pm EAT: ...`) at each time written as a label (followed by `:`), after the first.
pub fn split_entries(text: &str, year: Option<i32>) -> Vec<String> {
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
    let cuts: Vec<usize> = times_in(&norm, year)
        .into_iter()
        .filter(|f| {
            f.start > 0
                && (norm[f.start..f.end].ends_with(':')
                    || norm[f.end..].trim_start().starts_with(':'))
        })
        .map(|f| f.start)
        .collect();
    if cuts.is_empty() {
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
            out.push(piece.to_string());
        }
        from = c;
    }
    out
}

/// Word spans (byte ranges) of `s`.
fn tokens(s: &str) -> Vec<(usize, usize)> {
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

fn bare(tok: &str) -> &str {
    tok.trim_matches(|c: char| !c.is_alphanumeric() && c != '~')
}

/// Whether a time expression could start at this word.
fn plausible_start(tok: &str) -> bool {
    let t = tok.trim_start_matches(['[', '(', '*', '~', '≈']);
    if t.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    let b = bare(tok).to_ascii_lowercase();
    month_number(&b).is_some()
        || weekday_word(&b)
        || APPROX_WORDS.contains(&b.as_str())
        || tok.starts_with('~')
}

/// Whether a word can be part of a time expression (so windows stop at the first that can't).
fn timeish(tok: &str) -> bool {
    let b = bare(tok);
    if b.is_empty() || b.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    let l = b.to_ascii_lowercase();
    matches!(
        l.as_str(),
        "am" | "pm" | "a.m" | "p.m" | "a" | "p" | "ish" | "h" | "hrs"
    ) || month_number(&l).is_some()
        || weekday_word(&l)
        || APPROX_WORDS.contains(&l.as_str())
        || parse_offset(b).is_some()
}

/// The end (exclusive) of the run of time-ish words starting at `i`, at most `max` long.
fn window_end(s: &str, toks: &[(usize, usize)], i: usize, max: usize) -> usize {
    let mut k = i;
    while k < toks.len() && k < i + max && (k == i || timeish(&s[toks[k].0..toks[k].1])) {
        k += 1;
    }
    k
}

fn weekday_word(w: &str) -> bool {
    crate::ingest::clock::weekday(w).is_some()
}

/// Trailing separators and unbalanced brackets off a candidate time.
fn trim_candidate(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        let before = s;
        s = s
            .trim_end_matches(['-', ':', '|', ',', ';', '=', '>', '*', '–', '—'])
            .trim_end();
        if s.ends_with(')') && s.matches('(').count() < s.matches(')').count() {
            s = &s[..s.len() - 1];
        }
        if s.ends_with(']') && s.matches('[').count() < s.matches(']').count() {
            s = &s[..s.len() - 1];
        }
        if s.starts_with('(') && s.matches('(').count() > s.matches(')').count() {
            s = &s[1..];
        }
        if s.starts_with('[') && s.matches('[').count() > s.matches(']').count() {
            s = &s[1..];
        }
        if (s.starts_with('[') && s.ends_with(']')) || (s.starts_with('(') && s.ends_with(')')) {
            s = &s[1..s.len() - 1];
        }
        s = s.trim();
        if s == before {
            return s;
        }
    }
}

/// Whether the candidate looks like a clock time (not `Ubuntu 20.04` or `version 3.14`).
fn has_clock_evidence(s: &str, lenient: bool) -> bool {
    let lower = s.to_ascii_lowercase();
    if s.contains([':', ';']) {
        return true;
    }
    let has_meridiem = tokens(&lower).iter().any(|&(a, b)| {
        let w = &lower[a..b];
        let w = w.trim_end_matches([',', ')', ']']);
        w.ends_with("am") || w.ends_with("pm") || w.ends_with("a.m.") || w.ends_with("p.m.")
    });
    if has_meridiem {
        return true;
    }
    // `10h30`, `1030h`.
    let hform = lower.split_whitespace().any(|w| {
        let w = w.trim_end_matches("rs");
        w.contains('h')
            && w.chars().all(|c| c.is_ascii_digit() || c == 'h')
            && w.chars().filter(|c| c.is_ascii_digit()).count() >= 3
    });
    hform || (lenient && s.contains('.'))
}

fn parse_candidate(s: &str, year: Option<i32>, lenient: bool) -> Option<ParsedTime> {
    let t = trim_candidate(s);
    for cand in [s.trim(), t, t.strip_suffix('.').unwrap_or(t)] {
        if cand.is_empty() || !has_clock_evidence(cand, lenient) {
            continue;
        }
        if let Some(p) = parse_time_in_year(cand, year) {
            return Some(p);
        }
    }
    None
}

/// A time at the start of `text`: the parsed time and the rest with separators trimmed.
/// `lenient` also accepts `10.30` (timeline entries); prose needs `:` or am/pm.
pub fn leading_time(text: &str, year: Option<i32>, lenient: bool) -> Option<(ParsedTime, String)> {
    let s = normalise(text);
    let s = s.trim();
    let toks = tokens(s);
    let first = toks.first()?;
    if !plausible_start(&s[first.0..first.1]) {
        return None;
    }
    for k in (0..window_end(s, &toks, 0, 8)).rev() {
        let end = toks[k].1;
        let last = &s[toks[k].0..end];
        if k > 0 && matches!(last, "a" | "A" | "p" | "P" | "-" | "–" | "|") {
            continue;
        }
        if let Some(p) = parse_candidate(&s[..end], year, lenient) {
            let mut rest = trim_rest(&s[end..]);
            if p.offset.is_none() {
                rest = skip_unknown_zone_word(rest);
            }
            return Some((p, rest.to_string()));
        }
    }
    None
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
pub fn times_in(s: &str, year: Option<i32>) -> Vec<Found> {
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
            if let Some(p) = parse_candidate(cand, year, false) {
                hit = Some((k, p));
                break;
            }
        }
        match hit {
            Some((k, p)) => {
                // "approximately 00:07" carries its own cue word.
                let own = bare(tok).to_ascii_lowercase();
                let cue = if APPROX_WORDS.contains(&own.as_str()) || tok.starts_with('~') {
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
pub fn dates_in(s: &str, year: Option<i32>) -> Vec<(usize, NaiveDate)> {
    let s = normalise(s);
    let toks = tokens(&s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let tok = &s[toks[i].0..toks[i].1];
        if !plausible_start(tok) || APPROX_WORDS.contains(&bare(tok).to_ascii_lowercase().as_str())
        {
            i += 1;
            continue;
        }
        let mut hit = None;
        for k in (i..toks.len().min(i + 4)).rev() {
            let cand = s[toks[i].0..toks[k].1]
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string();
            let cand = cand.split('T').next().unwrap_or("").to_string();
            if let Some(d) = parse_date(&cand) {
                hit = Some((k, d));
                break;
            }
            let capital_month = cand.split_whitespace().any(|w| {
                w.starts_with(|c: char| c.is_uppercase()) && month_number(bare(w)).is_some()
            });
            if capital_month
                && cand.split_whitespace().count() >= 2
                && let Some(d) = parse_month_name_date(&cand, year)
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

/// A date at the start of `text` with what follows it.
pub fn leading_date(text: &str, year: Option<i32>) -> Option<(NaiveDate, String)> {
    let s = normalise(text);
    let s = s.trim();
    let toks = tokens(s);
    for k in (0..toks.len().min(5)).rev() {
        let cand = s[..toks[k].1].trim_end_matches([',', ':', '-', '.', ')', ' ']);
        let cand = cand.trim_start_matches(['(', '[', '*']);
        let d = parse_date(cand).or_else(|| {
            (month_number(bare(&s[toks[0].0..toks[0].1])).is_some()
                || month_number(bare(s[..toks[k].1].split_whitespace().nth(1).unwrap_or("")))
                    .is_some())
            .then(|| parse_month_name_date(cand, year))
            .flatten()
        });
        if let Some(d) = d {
            return Some((d, trim_rest(&s[toks[k].1..]).to_string()));
        }
    }
    None
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

/// A heading inside a timeline that only gives the day (`2015-10-21 (all times UTC)`, `Day 2`).
pub fn heading_date_like(text: &str) -> bool {
    day_number(text).is_some()
        || leading_date(text, Some(2000)).is_some_and(|(_, rest)| {
            rest.is_empty() || rest.starts_with('(') || part_of_day(&rest).is_none()
        }) && leading_time(text, Some(2000), true).is_none()
}

/// A zone stated for the whole document: "(all times UTC)", "Timezone: PDT", "times in EAT".
pub fn zone_note(text: &str) -> Option<FixedOffset> {
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
            // "all times UTC", "times are UTC+3", "Times are US Eastern (EST)": the first word
            // (or first two, glued: "UTC +3") that is a zone.
            let hit = words.iter().enumerate().find_map(|(i, w)| {
                parse_offset(w).or_else(|| {
                    words
                        .get(i + 1)
                        .and_then(|n| parse_offset(&format!("{w}{n}")))
                })
            });
            if let Some(o) = hit {
                return Some(o);
            }
            from = after;
        }
    }
    None
}

pub use crate::ingest::candidate::{Candidate as Draft, Entry, When};

/// Columns of a timeline table.
#[derive(Clone, Debug, Default)]
struct Cols {
    time: Option<usize>,
    date: Option<usize>,
    author: Option<usize>,
}

fn table_cols(header: &[String]) -> Cols {
    let mut c = Cols::default();
    for (i, h) in header.iter().enumerate() {
        let h = h.to_ascii_lowercase();
        if c.time.is_none()
            && (h.contains("time") || h == "when" || h.contains("hour") || h == "utc" || h == "at")
        {
            c.time = Some(i);
        } else if c.date.is_none() && (h.contains("date") || h == "day") {
            c.date = Some(i);
        } else if c.author.is_none()
            && matches!(
                h.as_str(),
                "who" | "author" | "by" | "owner" | "actor" | "person"
            )
        {
            c.author = Some(i);
        }
    }
    c
}

/// Walk the timeline section's lines into entries.
pub fn collect(lines: &[Line], tags: &[Section], year: Option<i32>) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut last: Option<usize> = None; // index into `out` of the last event
    let mut last_indent = 0usize;
    let mut prev_blank = true;
    let mut prev_was_entry = false;
    let mut caption: Option<String> = None;
    let mut cols: Option<Cols> = None;
    for (i, line) in lines.iter().enumerate() {
        if tags[i] != Section::Timeline {
            prev_blank = true;
            prev_was_entry = false;
            continue;
        }
        let next_is_sep = lines.get(i + 1).is_some_and(|l| l.kind == Kind::TableSep);
        let text = match &line.kind {
            Kind::Blank | Kind::Rule | Kind::Code(_) => {
                prev_blank = true;
                prev_was_entry = false;
                continue;
            }
            Kind::TableSep => continue,
            Kind::Row(cells) if next_is_sep => {
                cols = Some(table_cols(cells));
                continue;
            }
            Kind::Row(cells) => {
                let c = cols.clone().unwrap_or_default();
                let mut when_text = String::new();
                if let Some(d) = c.date.and_then(|d| cells.get(d)) {
                    when_text.push_str(d);
                    when_text.push(' ');
                }
                let time_col = c.time.or_else(|| {
                    cells.iter().position(|cell| {
                        leading_time(cell, year, true).is_some_and(|(_, r)| r.is_empty())
                    })
                });
                if let Some(t) = time_col.and_then(|t| cells.get(t)) {
                    when_text.push_str(t);
                }
                let rest: Vec<&str> = cells
                    .iter()
                    .enumerate()
                    .filter(|(j, cell)| {
                        Some(*j) != time_col
                            && Some(*j) != c.date
                            && Some(*j) != c.author
                            && !cell.is_empty()
                    })
                    .map(|(_, cell)| cell.as_str())
                    .collect();
                let author = c
                    .author
                    .and_then(|a| cells.get(a))
                    .filter(|a| !a.is_empty())
                    .cloned();
                let body = rest.join(" — ");
                let when = leading_time(&when_text, year, true).map(|(p, _)| When::At(p));
                match when {
                    Some(w) => {
                        out.push(Entry::Event(Draft {
                            line: line.no,
                            when: w,
                            text: body,
                            links: line.links.clone(),
                            author,
                            context: None,
                            origin: None,
                        }));
                        last = Some(out.len() - 1);
                    }
                    None if last.is_some() && !body.is_empty() => {
                        out.push(Entry::Event(Draft {
                            line: line.no,
                            when: When::Inherit,
                            text: body,
                            links: line.links.clone(),
                            author,
                            context: None,
                            origin: None,
                        }));
                        last = Some(out.len() - 1);
                    }
                    None if !body.is_empty() => out.push(Entry::Orphan {
                        line: line.no,
                        text: body,
                    }),
                    None => {}
                }
                prev_blank = false;
                prev_was_entry = true;
                continue;
            }
            Kind::Heading { text, .. } => {
                if let Some(n) = day_number(text) {
                    out.push(Entry::Day(n));
                    caption = None;
                    continue;
                }
                if leading_time(text, year, true).is_none() {
                    if let Some((d, rest)) = leading_date(text, year)
                        && part_of_day(&rest).is_none()
                    {
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
                text.clone()
            }
            Kind::Item { text, .. } | Kind::Text(text) => {
                let parts = split_entries(text, year);
                if parts.len() > 1 {
                    // Several entries on one line: each part is read as a line of its own.
                    for part in parts {
                        let mut l = line.clone();
                        l.kind = Kind::Item {
                            check: None,
                            text: part,
                        };
                        let sub = collect(std::slice::from_ref(&l), &[Section::Timeline], year);
                        for e in sub {
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
        let push_event = |out: &mut Vec<Entry>, when: When, body: String| {
            out.push(Entry::Event(Draft {
                line: line.no,
                when,
                text: body,
                links: line.links.clone(),
                author: None,
                context: context.clone(),
                origin: None,
            }));
        };
        // 1. A time in front: `10:30 AM - text`, `**14:30 (UTC):** text`, `[10:30] text`.
        if let Some((p, rest)) = leading_time(&text, year, true) {
            // `10:30 - 10:45: text` is a range; the entry starts at its first time.
            let rest = match leading_time(&rest, year, true) {
                Some((_, r)) if !r.is_empty() => r,
                _ => rest,
            };
            let body = if rest.is_empty() || is_generic_label(&rest) {
                caption.clone().unwrap_or(rest)
            } else {
                rest
            };
            push_event(&mut out, When::At(p), body);
            last = Some(out.len() - 1);
            last_indent = line.indent;
            prev_blank = false;
            prev_was_entry = true;
            continue;
        }
        // 2. `Issue detected: 2:00 PM`, `time - 19:42 UTC`: a label, then only a time.
        if let Some((label, value)) = split_label(&text).or_else(|| {
            text.split_once(" - ")
                .filter(|(l, _)| l.split_whitespace().count() <= 4)
                .map(|(l, v)| (l.trim(), v.trim()))
        }) && let Some((p, rest)) = leading_time(value, year, true)
            && rest.is_empty()
        {
            let body = if is_generic_label(label) {
                // The text may come on the next line (`time - 14:20` then `- what happened`).
                caption.clone().unwrap_or_default()
            } else {
                label.to_string()
            };
            push_event(&mut out, When::At(p), body);
            last = Some(out.len() - 1);
            last_indent = line.indent;
            prev_blank = false;
            prev_was_entry = true;
            continue;
        }
        // 3. A day only: `2015-10-21 (all times UTC)` sets the day; `Sept 28 (Afternoon): x`
        //    is an entry at an approximate time of day.
        if let Some((d, rest)) = leading_date(&text, year) {
            let tod = part_of_day(&rest);
            let body = match tod {
                Some(_) => trim_rest(rest.split_once(')').map_or("", |(_, r)| r)).to_string(),
                None => rest.clone(),
            };
            if tod.is_none() && (rest.is_empty() || rest.starts_with('(')) {
                out.push(Entry::SetDate(d));
                prev_blank = false;
                prev_was_entry = false;
                continue;
            }
            push_event(&mut out, When::Day(d, tod), body);
            last = Some(out.len() - 1);
            last_indent = line.indent;
            prev_blank = false;
            prev_was_entry = true;
            continue;
        }
        // 4. A short line ending in a colon is a caption for what follows
        //    (`When was the issue detected:`, `Misleading paths:`), even right under an entry.
        if text.ends_with(':') && text.split_whitespace().count() <= 6 {
            caption = Some(text.trim_end_matches(':').trim().to_string());
            prev_blank = false;
            prev_was_entry = false;
            continue;
        }
        // 5. More of the entry above: a deeper item, or a wrapped line.
        let continues = last.is_some()
            && prev_was_entry
            && ((is_item && line.indent > last_indent) || (!is_item && !prev_blank));
        if continues && let Some(Entry::Event(d)) = last.and_then(|l| out.get_mut(l)) {
            let sep = if is_item { "; " } else { " " };
            if d.text.is_empty() {
                d.text = text.clone();
            } else {
                d.text.push_str(sep);
                d.text.push_str(&text);
            }
            d.links.extend(line.links.iter().cloned());
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
        // 6. A time inside the sentence: `Service was restored at 6:00 PM`.
        let norm = normalise(&text);
        if let Some(f) = times_in(&norm, year)
            .into_iter()
            .find(|f| is_point_cue(f.cue.as_deref()))
        {
            push_event(&mut out, When::At(f.time), text.clone());
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
            push_event(&mut out, When::Inherit, text.clone());
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

fn section_of_heading_is_timeline(text: &str) -> bool {
    super::sections::section_of(text) == Some(Section::Timeline)
}

/// Labels that say nothing about what happened (`time - 19:42`).
fn is_generic_label(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "time" | "at" | "when" | "start time" | "end time" | "timestamp" | "date"
    )
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
/// (the duration sentence) are left out.
pub fn prose(lines: &[Line], tags: &[Section], year: Option<i32>, skip: &[usize]) -> Vec<Entry> {
    let mut out = Vec::new();
    // Paragraphs: runs of text lines; items and headings stand alone.
    let mut para: Vec<&Line> = Vec::new();
    let flush = |para: &mut Vec<&Line>, out: &mut Vec<Entry>| {
        if para.is_empty() {
            return;
        }
        let first = para[0].no;
        let joined: Vec<String> = para.iter().map(|l| l.text()).collect();
        let joined = joined.join(" ");
        para.clear();
        for sentence in sentences(&joined) {
            let norm = normalise(sentence);
            let found = times_in(&norm, year);
            let starts_with_time = found.first().is_some_and(|f| f.start == 0);
            let Some(f) = found
                .into_iter()
                .find(|f| is_point_cue(f.cue.as_deref()) || (f.start == 0 && starts_with_time))
            else {
                continue;
            };
            out.push(Entry::Event(Draft {
                line: first,
                when: When::At(f.time),
                text: sentence.trim().to_string(),
                links: Vec::new(),
                author: None,
                context: None,
                origin: None,
            }));
        }
    };
    for (i, line) in lines.iter().enumerate() {
        let usable =
            !matches!(tags[i], Section::Actions | Section::Lessons) && !skip.contains(&line.no);
        match &line.kind {
            Kind::Text(_) if usable => para.push(line),
            Kind::Item { .. } if usable => {
                flush(&mut para, &mut out);
                para.push(line);
                flush(&mut para, &mut out);
            }
            _ => flush(&mut para, &mut out),
        }
    }
    flush(&mut para, &mut out);
    out
}

/// Split prose into sentences at `.`, `!`, `?` followed by a space and a capital or digit.
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
    year: Option<i32>,
    role: Option<bool>,
) -> Option<(Option<ParsedTime>, Option<ParsedTime>, String)> {
    let norm = normalise(text);
    let found = times_in(&norm, year);
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
        ([a, b, ..], None) => {
            let between = lower[a.end..b.start].trim();
            // "from X to Y", "X - Y", "started at X and was resolved by Y".
            let last_word = between
                .split(|c: char| !c.is_alphanumeric())
                .rfind(|w| !w.is_empty())
                .unwrap_or("");
            let joined = between
                .trim_matches(|c: char| !c.is_alphanumeric())
                .is_empty()
                || matches!(
                    last_word,
                    "to" | "until" | "till" | "and" | "through" | "thru" | "by" | "at"
                );
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
            if end.date.is_none() {
                end.date = start.date;
            }
            let matched = norm[from..b.end]
                .trim()
                .trim_end_matches([',', '.', ';', ':']);
            Some((Some(start), Some(end), matched.to_string()))
        }
        ([a], None)
            if lower.contains("from") || lower.contains("since") || lower.contains("began") =>
        {
            Some((Some(a.time), None, norm[a.start..a.end].to_string()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(p: &ParsedTime) -> String {
        p.time.format("%H:%M").to_string()
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
        ];
        for (text, time, rest) in cases {
            let (p, r) = leading_time(text, Some(2015), true).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((hm(&p).as_str(), r.as_str()), (time, rest), "{text}");
        }
        assert!(leading_time("Ubuntu 20.04 container", None, true).is_none());
        assert!(leading_time("500 errors", None, true).is_none());
    }

    #[test]
    fn times_inside_sentences() {
        let s =
            normalise("At 10:30 AM the alert fired. By 11:00 we had rolled back (Ubuntu 20.04).");
        let f = times_in(&s, None);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].cue.as_deref(), Some("at"));
        assert_eq!(hm(&f[1].time), "11:00");
    }

    #[test]
    fn spans() {
        let (a, b, m) = span_in(
            "The outage lasted for 2 hours and 15 minutes, from 10:30 AM to 12;45PM (UTC)on August 15, 2024.",
            None,
            None,
        )
        .unwrap();
        assert_eq!(hm(&a.unwrap()), "10:30");
        let b = b.unwrap();
        assert_eq!(hm(&b), "12:45");
        assert_eq!(b.offset, FixedOffset::east_opt(0));
        assert_eq!(a.unwrap().offset, FixedOffset::east_opt(0));
        assert_eq!(m, "from 10:30 AM to 12;45PM (UTC)");
        let (a, b, _) = span_in(
            "May 7, 2024, 10:00 AM - May 7, 2024, 12:00 PM (UTC)",
            None,
            None,
        )
        .unwrap();
        assert_eq!(a.unwrap().date, NaiveDate::from_ymd_opt(2024, 5, 7));
        assert_eq!(hm(&b.unwrap()), "12:00");
        let (a, b, _) = span_in("Start Time: January 31 2023, 16:15 GMT+1", None, None).unwrap();
        assert!(a.is_some() && b.is_none());
        assert!(span_in("2 hours of pain", None, None).is_none());
    }

    #[test]
    fn dates_zones_days() {
        let d = dates_in("It broke on Thursday, August 15, 2024 at noon", None);
        assert_eq!(d[0].1, NaiveDate::from_ymd_opt(2024, 8, 15).unwrap());
        assert_eq!(
            dates_in("2015-10-21 (all times UTC)", None)[0].1,
            NaiveDate::from_ymd_opt(2015, 10, 21).unwrap()
        );
        assert!(dates_in("users may 5 times retry", Some(2020)).is_empty());
        assert_eq!(
            zone_note("Timeline (all times UTC+03:00)"),
            FixedOffset::east_opt(3 * 3600)
        );
        assert_eq!(
            zone_note("All times are in PDT."),
            FixedOffset::west_opt(7 * 3600)
        );
        assert_eq!(
            zone_note("Monday, December 9, 2024. Times are US Eastern (EST)."),
            FixedOffset::west_opt(5 * 3600)
        );
        assert_eq!(zone_note("All times are approximate."), None);
        let (_, rest) = leading_time("07:32 GWT => users get 500s", None, true).unwrap();
        assert_eq!(rest, "users get 500s");
        let (_, rest) = leading_time("10:30 DNS - resolver failing", None, true).unwrap();
        assert_eq!(rest, "DNS - resolver failing");
        assert_eq!(
            zone_note("Timeline (all times Greenwich Mean Time):"),
            FixedOffset::east_opt(0)
        );
        assert_eq!(zone_note("no note"), None);
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
}
