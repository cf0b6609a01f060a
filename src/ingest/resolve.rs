//! Candidates' times → instants: the incident's day and zone, dates set by headings, "Day N",
//! midnight roll-over, approximations (the clock rules are in [`super::clock`]). Format
//! independent: every front end's [`Entry`] stream goes through [`place`].

use std::path::Path;

use chrono::{NaiveDate, NaiveTime, Offset};

use super::Diagnostic;
use super::candidate::{Candidate, Entry, Story, When};
use super::clock::{ClockResolver, ParsedTime, Placement, afternoon_follows};
use crate::model::Timestamp;
use crate::model::text::clean_line;

/// A candidate placed on the calendar, not yet classified.
#[derive(Clone, Debug)]
pub struct Placed<'a> {
    pub candidate: &'a Candidate,
    pub at: Timestamp,
    /// Written as approximate (`~10:00`, a day only, or no time of its own).
    pub approximate: bool,
    /// No time of its own (placed at the entry before, or a day written without a clock and
    /// placed at its start): never gives a milestone.
    pub inherited: bool,
    /// The entry's text, cleaned; `(no description)` when empty.
    pub text: String,
}

/// Place `entries` (the story's timeline, or its extra sentences) in order. Problems — an entry
/// out of order, a 12-hour clock read as pm, a zone unlike the incident's, an entry with no time
/// — become warnings in `diags`, located at the entry's line. An entry that lands outside the
/// years 1 to 9999 (a roll-over past 9999-12-31) is left out with an error in `diags`: the
/// importer then refuses the file (see `markdown::read`).
pub fn place<'a>(
    path: &Path,
    story: &Story,
    entries: &'a [Entry],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Placed<'a>> {
    let offset = story.zone.unwrap_or_else(|| chrono::Utc.fix());
    let zone = story.zone;
    let base_date = story.base_date;
    let mut r = ClockResolver::new(base_date, offset);
    let mut first_day = None;
    let mut out: Vec<Placed<'a>> = Vec::new();
    let mut last: Option<Timestamp> = None;
    // The last entry with a time of its own: what offsets (`+10 minutes`) count from.
    let mut anchor: Option<Timestamp> = None;
    let typos = date_typos(entries);
    for (i, e) in entries.iter().enumerate() {
        let d = match e {
            Entry::SetDate(day) => {
                r.set_date(*day);
                first_day.get_or_insert(*day);
                continue;
            }
            Entry::Day(n) => {
                let start = *first_day.get_or_insert(base_date);
                if let Some(day) =
                    start.checked_add_signed(chrono::Duration::days(i64::from(*n) - 1))
                {
                    r.set_date(day);
                }
                continue;
            }
            Entry::Orphan { line, text } => {
                diags.push(
                    Diagnostic::warning(
                        path,
                        *line,
                        story.column(*line),
                        format!("timeline entry has no time: {}", shorten(text, 60)),
                    )
                    .with_hint("start the entry with its time, e.g. `- 10:30 - ...`"),
                );
                continue;
            }
            Entry::Event(d) => d,
        };
        let col = story.column(d.line);
        // `typos` is in entry order: a search, not a scan per entry.
        let typo = typos
            .binary_search_by_key(&i, |(k, _)| *k)
            .ok()
            .map(|p| typos[p].1);
        let retyped;
        let when = match (&d.when, typo) {
            (When::At(p), Some(day)) => {
                diags.push(
                    Diagnostic::warning(
                        path,
                        d.line,
                        col,
                        format!(
                            "entry dated {} sits between two entries of {day}, its clock between theirs: read as {day}",
                            p.date.map_or_else(String::new, |d| d.to_string())
                        ),
                    )
                    .with_hint("check the date of this entry (a typo?)"),
                );
                retyped = When::At(ParsedTime {
                    date: Some(day),
                    ..*p
                });
                &retyped
            }
            (when, _) => when,
        };
        let (at, approximate) = match when {
            When::At(p) => {
                let (at, how) =
                    r.place_before(p, afternoon_follows(p, clock_times_after(entries, i)));
                let written = p.time.format("%H:%M");
                let note = match how {
                    Placement::OutOfOrder => Some((
                        format!(
                            "time {written} is earlier than the entry before; kept on the same day"
                        ),
                        "check the order of the timeline entries",
                    )),
                    Placement::ReadAsPm => Some((
                        format!(
                            "{written} read as {} (12-hour clock without am/pm)",
                            at.format("%H:%M")
                        ),
                        "write `pm` or use 24-hour times",
                    )),
                    Placement::ReadAsNoon => Some((
                        format!(
                            "{} read as {} (12 AM right after the morning)",
                            p.time.format("%I:%M %p"),
                            at.format("%H:%M")
                        ),
                        "12 PM is noon, 12 AM is midnight",
                    )),
                    Placement::AsWritten | Placement::RolledOver => None,
                };
                if let Some((msg, hint)) = note {
                    diags.push(Diagnostic::warning(path, d.line, col, msg).with_hint(hint));
                }
                if let (Some(o), Some(z)) = (p.offset, zone)
                    && o != z
                    // Given by the timeline's zone, or by the entry's own in that zone's
                    // other season: not a stray.
                    && !(d.zone_filled && d.zone.is_none_or(|own| own.can_be(z)))
                {
                    diags.push(
                        Diagnostic::warning(
                            path,
                            d.line,
                            col,
                            format!("time written in {o} while the incident is told in {z}"),
                        )
                        .with_hint("check the zone of this entry"),
                    );
                }
                first_day.get_or_insert(at.date_naive());
                (at, p.approximate)
            }
            When::Instant(t) => {
                first_day.get_or_insert(t.date_naive());
                (*t, false)
            }
            When::Inherit => match last {
                Some(t) => (t, true),
                None => continue,
            },
            When::After(offset) => match anchor.and_then(|t| t.checked_add_signed(*offset)) {
                Some(t) => (t, false),
                None => continue,
            },
            When::Day(day, tod) => {
                let p = ParsedTime {
                    date: Some(*day),
                    time: tod.unwrap_or(NaiveTime::MIN),
                    offset: None,
                    approximate: true,
                    twelve_hour: false,
                    one_digit_hour: false,
                };
                if tod.is_none() {
                    diags.push(
                        Diagnostic::warning(
                            path,
                            d.line,
                            col,
                            "entry gives a day but no time; placed at the start of the day",
                        )
                        .with_hint("add a time, e.g. `2024-08-15 10:30`"),
                    );
                }
                first_day.get_or_insert(*day);
                (r.resolve(&p), true)
            }
        };
        if !crate::ingest::clock::is_supported(&at) {
            // A roll-over past 9999-12-31 (or a date before year 1): no format can hold it.
            diags.push(
                Diagnostic::error(
                    path,
                    d.line,
                    col,
                    format!(
                        "this entry falls on {}, outside the years 1 to 9999",
                        at.format("%Y-%m-%d")
                    ),
                )
                .with_hint("check the date and the order of the entries: an incident's times are in years 1 to 9999"),
            );
            continue;
        }
        last = Some(at);
        if !matches!(d.when, When::Inherit | When::After(_)) {
            anchor = Some(at);
        }
        let mut text = clean_line(&d.text);
        if text.is_empty() {
            text = "(no description)".to_string();
        }
        out.push(Placed {
            candidate: d,
            at,
            approximate,
            inherited: matches!(d.when, When::Inherit | When::Day(_, None)),
            text,
        });
    }
    out
}

/// The entries whose written date is most likely a typo, with the day meant: an entry dated
/// two days or more after the entries on either side of it, which share one day, while its
/// clock falls between theirs, and its date written as theirs with one digit changed or two
/// next to each other swapped (`2024-11-05 13:22` · `2024-11-15 13:30` · `2024-11-05 13:41`:
/// the 15th is the 5th; `02-20` among `02-02`). An earlier date is no typo of this kind (a note
/// on something done the week before). As `(index into entries, the neighbours' day)`; one
/// pass.
fn date_typos(entries: &[Entry]) -> Vec<(usize, NaiveDate)> {
    let dated: Vec<(usize, NaiveDate, NaiveTime)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            Entry::Event(d) => match &d.when {
                When::At(p) => p.date.map(|day| (i, day, p.time)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    dated
        .windows(3)
        .filter_map(|w| {
            let [(_, a, ta), (i, b, tb), (_, c, tc)] = w else {
                return None;
            };
            let later = (*b - *a).num_days() >= 2;
            (a == c && later && ta <= tb && tb <= tc && one_slip(*a, *b)).then_some((*i, *a))
        })
        .collect()
}

/// Whether `b` is `a` written with one slip of the keys: one digit changed, or two next to each
/// other swapped (`2024-11-05` → `2024-11-15`, `2022-02-02` → `2022-02-20`).
fn one_slip(a: NaiveDate, b: NaiveDate) -> bool {
    let (a, b) = (a.to_string().into_bytes(), b.to_string().into_bytes());
    if a.len() != b.len() {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&k| a[k] != b[k]).collect();
    match diff.as_slice() {
        [_] => true,
        [x, y] => *y == x + 1 && a[*x] == b[*y] && a[*y] == b[*x],
        _ => false,
    }
}

/// The clock-only times of the entries after `entries[i]`, in order, up to the next entry that
/// sets a day (a date row, "Day 2", a time written with its date).
fn clock_times_after(entries: &[Entry], i: usize) -> impl Iterator<Item = &ParsedTime> {
    entries[i + 1..]
        .iter()
        .filter_map(|e| match e {
            Entry::Event(d) => Some(Some(&d.when)),
            Entry::Orphan { .. } => None,
            Entry::SetDate(_) | Entry::Day(_) => Some(None),
        })
        .map_while(|when| match when {
            Some(When::At(q)) if q.date.is_none() => Some(Some(q)),
            Some(When::Inherit | When::After(_)) => Some(None),
            _ => None,
        })
        .flatten()
}

/// `s` cut to `max` characters at a word, with an ellipsis.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(p) if p > max / 2 => cut[..p].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}
