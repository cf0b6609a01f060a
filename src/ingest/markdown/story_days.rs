//! Days a postmortem told as a story names in words: "Yesterday", "last night", "this morning",
//! "On Thursday", "the next morning". A blog post tells its incident this way, counting from
//! the day it was written (its front matter's date, [`super::lines::written_date`]) and from the
//! day the story has reached. Only the prose reading of a postmortem (timed sentences, no
//! timeline section) uses it: a timeline's own days are written as days.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::lines::{self, Line};
use super::timeline::{Draft, Entry, When};
use crate::ingest::clock::ParsedTime;

/// The days of a story as it is read, sentence by sentence.
///
/// - `written`: the day the post was written, if it says; "yesterday", "today", "last night"
///   and a weekday before any other day count from it.
/// - `current`: the day the story has reached (the last day named or written); a weekday
///   names the first such day on or after it ("On Tuesday", then "Wednesday night"), and
///   "the next morning" is the day after it.
#[derive(Clone, Copy, Debug, Default)]
pub struct StoryDays {
    written: Option<NaiveDate>,
    current: Option<NaiveDate>,
}

/// A day named in words, before it is put on the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Named {
    /// Days from the day of writing: `-1` yesterday, `0` today.
    FromWriting(i64),
    /// Days from the day the story has reached: `1` the next day, `-1` the day before.
    FromStory(i64),
    /// A weekday; `last` when written "last Monday".
    Weekday { day: Weekday, last: bool },
}

impl StoryDays {
    /// A story written on `written` (if known), at no day yet.
    pub fn new(written: Option<NaiveDate>) -> Self {
        Self {
            written,
            current: None,
        }
    }

    /// The story has reached `day` (a date written out in the text).
    pub fn reach(&mut self, day: NaiveDate) {
        self.current = Some(day);
    }

    /// The day `sentence` moves the story to, when it names one in words that can be put on
    /// the calendar (with the day of writing or the story's day known); the story is then at
    /// that day. `None` when it names none, or none that can be placed.
    pub fn named_in(&mut self, sentence: &str) -> Option<NaiveDate> {
        let day = match named_day(sentence)? {
            Named::FromWriting(n) => self.written? + Duration::days(n),
            Named::FromStory(n) => self.current? + Duration::days(n),
            Named::Weekday { day, last } => self.weekday(day, last)?,
        };
        // A story never reaches past the day it was written.
        if self.written.is_some_and(|w| day > w) {
            return None;
        }
        self.current = Some(day);
        Some(day)
    }

    /// The day a weekday names: the first on or after the story's day (a story goes forward),
    /// when that is not after the day of writing; else the last on or before the day of
    /// writing (before it, for "last Monday").
    fn weekday(&self, day: Weekday, last: bool) -> Option<NaiveDate> {
        let forward = self.current.map(|c| {
            let ahead = (7 + day.num_days_from_monday() - c.weekday().num_days_from_monday()) % 7;
            c + Duration::days(i64::from(ahead))
        });
        match (forward, self.written) {
            (Some(f), Some(w)) if f <= w => Some(f),
            (Some(f), None) => Some(f),
            (_, Some(w)) => {
                let back =
                    (7 + w.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
                let back = if last && back == 0 { 7 } else { back };
                Some(w - Duration::days(i64::from(back)))
            }
            (None, None) => None,
        }
    }
}

/// The first day `sentence` names in words, if any. Weekdays count only capitalised, as
/// English writes them ("Monday", not "monday" in a cron line), and not as part of a date
/// written with its month (`Monday, April 15`), which the time reader dates itself.
fn named_day(sentence: &str) -> Option<Named> {
    let words: Vec<&str> = sentence
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let at = |i: usize| lower.get(i).map_or("", String::as_str);
    for (i, w) in lower.iter().enumerate() {
        // A plan for a day ("we had planned to move it the next day") is no day reached.
        if PLANS.contains(&w.as_str()) {
            return None;
        }
        let named = match w.as_str() {
            "yesterday" => Named::FromWriting(-1),
            "today" | "tonight" => Named::FromWriting(0),
            "this" if matches!(at(i + 1), "morning" | "afternoon" | "evening") => {
                Named::FromWriting(0)
            }
            "last" if at(i + 1) == "night" => Named::FromWriting(-1),
            "next" | "following"
                if matches!(
                    at(i + 1),
                    "day" | "morning" | "afternoon" | "evening" | "night"
                ) && at(i.wrapping_sub(1)) == "the" =>
            {
                Named::FromStory(1)
            }
            "day" if at(i + 1) == "before" && at(i.wrapping_sub(1)) == "the" => {
                Named::FromStory(-1)
            }
            _ => match weekday_named(words[i]) {
                Some(day) if !followed_by_month(&lower, i) => Named::Weekday {
                    day,
                    last: at(i.wrapping_sub(1)) == "last",
                },
                _ => continue,
            },
        };
        return Some(named);
    }
    None
}

/// Words of a plan or a hope: a day named after them is not one the story reaches.
const PLANS: &[&str] = &[
    "planned",
    "plan",
    "plans",
    "will",
    "would",
    "scheduled",
    "expect",
    "expected",
    "hope",
];

/// A weekday written in full and capitalised (`Thursday`, `Thursdays` is not one day).
fn weekday_named(word: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("Monday", Weekday::Mon),
        ("Tuesday", Weekday::Tue),
        ("Wednesday", Weekday::Wed),
        ("Thursday", Weekday::Thu),
        ("Friday", Weekday::Fri),
        ("Saturday", Weekday::Sat),
        ("Sunday", Weekday::Sun),
    ];
    DAYS.iter().find(|(name, _)| *name == word).map(|(_, d)| *d)
}

/// Whether the weekday at `i` is followed by a month (`Monday, April 15`, `Friday 3 May`): a
/// date written out, which the time reader dates itself.
fn followed_by_month(lower: &[String], i: usize) -> bool {
    lower
        .iter()
        .skip(i + 1)
        .take(2)
        .any(|w| crate::ingest::clock::month_number(w).is_some())
}

/// A timeline whose entries are led by their weekday and no date (`### Friday 16:24`, `###
/// Saturday 16:51`, `| Sun 14:30 | … |`) goes forward a day at each new weekday, so the clocks
/// are placed on their own days, not all on the first and read as newest first. Before any
/// date is written, each change becomes an [`Entry::Day`] (day 1 is the first weekday's;
/// Friday then Sunday is day 3); after a date is written (a day heading, an entry with its
/// date), an [`Entry::SetDate`] counted from it. Only when the entries name two weekdays or
/// more (one weekday alone is the incident's day, matched to its date elsewhere), and not in a
/// timeline that numbers its days (`Day 2`). Entries without a weekday stay on the day
/// before them. Returns whether days were set.
pub fn number_days_by_weekday(entries: &mut Vec<Entry>, lines: &[Line]) -> bool {
    let weekday_of = |e: &Entry| match e {
        Entry::Event(Draft {
            when: When::At(ParsedTime { date: None, .. }),
            line,
            ..
        }) => {
            let text = lines::numbered(lines, *line)?.text();
            let first = text
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .find(|w| !w.is_empty())?;
            crate::ingest::clock::weekday(first)
        }
        _ => None,
    };
    if entries.iter().any(|e| matches!(e, Entry::Day(_))) {
        return false;
    }
    let days: Vec<Option<u32>> = entries.iter().map(weekday_of).collect();
    let mut named = days.iter().flatten();
    let Some(first) = named.next() else {
        return false;
    };
    if named.all(|w| w == first) {
        return false;
    }
    /// Where the story is: a day numbered from the first, or a date.
    #[derive(Clone, Copy)]
    enum At {
        Number(u32),
        Date(NaiveDate),
    }
    let mut out = Vec::with_capacity(entries.len() + days.len());
    let mut current: Option<(u32, At)> = None; // (weekday from Monday = 0, the day)
    for (e, w) in entries.drain(..).zip(days) {
        match (&e, w) {
            (Entry::SetDate(d), _)
            | (
                Entry::Event(Draft {
                    when: When::At(ParsedTime { date: Some(d), .. }) | When::Day(d, _),
                    ..
                }),
                _,
            ) => current = Some((d.weekday().num_days_from_monday(), At::Date(*d))),
            (_, Some(w)) => {
                let ahead = |cw: u32| (7 + w - cw) % 7;
                current = Some(match current {
                    None => {
                        out.push(Entry::Day(1));
                        (w, At::Number(1))
                    }
                    Some((cw, at)) if cw == w => (w, at),
                    Some((cw, At::Number(n))) => {
                        out.push(Entry::Day(n + ahead(cw)));
                        (w, At::Number(n + ahead(cw)))
                    }
                    Some((cw, At::Date(d))) => {
                        let d = d + Duration::days(i64::from(ahead(cw)));
                        out.push(Entry::SetDate(d));
                        (w, At::Date(d))
                    }
                });
            }
            _ => {}
        }
        out.push(e);
    }
    *entries = out;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn days_count_from_the_day_of_writing_then_go_forward() {
        // Written on Monday 2031-03-17.
        let mut days = StoryDays::new(Some(day(2031, 3, 17)));
        assert_eq!(
            days.named_in("Last Wednesday, queues grew."),
            Some(day(2031, 3, 12))
        );
        // The story goes forward from Wednesday: Thursday is the next day.
        assert_eq!(
            days.named_in("On Thursday, builds stalled."),
            Some(day(2031, 3, 13))
        );
        assert_eq!(
            days.named_in("We looked again the next morning."),
            Some(day(2031, 3, 14))
        );
        assert_eq!(days.named_in("Nothing changed."), None);
        assert_eq!(
            days.named_in("at 2:00 on Saturday morning"),
            Some(day(2031, 3, 15))
        );
        assert_eq!(
            days.named_in("Yesterday we found it."),
            Some(day(2031, 3, 16))
        );
        assert_eq!(
            days.named_in("as of 08:33 this morning"),
            Some(day(2031, 3, 17))
        );
    }

    #[test]
    fn a_weekday_with_its_day_number_alone_goes_forward() {
        let mut days = StoryDays::new(Some(day(2031, 3, 28)));
        days.reach(day(2031, 3, 14));
        assert_eq!(
            days.named_in("On Monday the 17th we added capacity"),
            Some(day(2031, 3, 17))
        );
    }

    #[test]
    fn a_weekday_past_the_day_of_writing_is_the_one_before_it() {
        // Written on Friday 2031-03-21; the story at Tuesday the 18th.
        let mut days = StoryDays::new(Some(day(2031, 3, 21)));
        days.reach(day(2031, 3, 18));
        assert_eq!(
            days.named_in("On Thursday it failed again."),
            Some(day(2031, 3, 20))
        );
        // Saturday after Thursday would be after the writing: the Saturday before it.
        assert_eq!(days.named_in("Saturday was quiet."), Some(day(2031, 3, 15)));
        // "last Friday" on a Friday is a week before.
        let mut days = StoryDays::new(Some(day(2031, 3, 21)));
        assert_eq!(days.named_in("last Friday"), Some(day(2031, 3, 14)));
    }

    #[test]
    fn words_that_are_no_day_name_none() {
        let mut days = StoryDays::new(Some(day(2031, 3, 21)));
        // A date written out is dated by the time reader, not here.
        assert_eq!(days.named_in("Last Monday, April 15 around 20:15"), None);
        // Lower case (a schedule's word) and plurals are no day.
        assert_eq!(days.named_in("the job runs every monday"), None);
        assert_eq!(days.named_in("backups run on Thursdays"), None);
        // A plan names no day the story reaches.
        assert_eq!(
            days.named_in("We had planned to move it the next day."),
            None
        );
        // Without the day of writing or a story's day, nothing can be placed.
        let mut unknown = StoryDays::new(None);
        assert_eq!(unknown.named_in("Yesterday it failed."), None);
        assert_eq!(unknown.named_in("On Thursday it failed."), None);
        assert_eq!(unknown.named_in("the next morning"), None);
    }
}
