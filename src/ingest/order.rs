//! The order a timeline is told in. Most postmortems tell it oldest first; a status page's log
//! of updates (and some incident channels pasted whole) puts the latest on top. Such a timeline
//! is turned around before its times are placed, so that midnight roll-over, undated entries
//! taking the day of the entry before, and every rule that reads the story in order (a start
//! cannot follow detection, the first recovery ends the impact) see it as it happened.
//! Format independent: it works on any front end's [`Entry`] stream.

use chrono::{NaiveDate, NaiveTime};

use super::candidate::{Entry, When};

/// How the parts of a timeline are ordered, as [`told_newest_first`] reads it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NewestFirst {
    /// The day headings (`## July 13`, `Day 3`) go back in time from the top.
    pub days_first: bool,
    /// Within a day (or in a timeline without day headings), the entries go back in time.
    pub entries_first: bool,
}

impl NewestFirst {
    /// Whether anything is told newest first.
    pub fn any(self) -> bool {
        self.days_first || self.entries_first
    }
}

/// Whether `entries` (one front end's timeline, in source order) are told newest first.
///
/// Entries: of the steps between consecutive timed entries whose order can be told (both on a
/// known day, or both on the same unknown day), at least three go back in time and more than
/// twice as many go back as go forward. A timeline told oldest first goes back once for each
/// midnight it crosses; one told newest first goes forward once for each, so the rule tells them
/// apart in both directions. Day headings: at least three of one style (dated, or `Day N`),
/// each earlier than the one above; two when the entries are newest first too.
pub fn told_newest_first(entries: &[Entry]) -> NewestFirst {
    let (mut back, mut forward) = (0usize, 0usize);
    let mut day: Option<NaiveDate> = None;
    let mut prev: Option<(Option<NaiveDate>, NaiveTime)> = None;
    // Day headings by style: dated (`## 2024-03-05`) and numbered (`Day 2`) never compared.
    let (mut dated, mut numbered): (Vec<NaiveDate>, Vec<u32>) = (Vec::new(), Vec::new());
    for e in entries {
        let key = match e {
            Entry::SetDate(d) => {
                day = Some(*d);
                dated.push(*d);
                prev = None;
                continue;
            }
            Entry::Day(n) => {
                day = None;
                numbered.push(*n);
                prev = None;
                continue;
            }
            Entry::Orphan { .. } => continue,
            Entry::Event(c) => match &c.when {
                When::At(p) => {
                    if p.date.is_some() {
                        day = p.date;
                    }
                    (day, p.time)
                }
                When::Day(d, tod) => {
                    day = Some(*d);
                    (day, tod.unwrap_or(NaiveTime::MIN))
                }
                When::Instant(_) | When::Inherit | When::After(_) => continue,
            },
        };
        if let Some(before) = prev {
            match key.cmp(&before) {
                std::cmp::Ordering::Less => back += 1,
                std::cmp::Ordering::Greater => forward += 1,
                std::cmp::Ordering::Equal => {}
            }
        }
        prev = Some(key);
    }
    let entries_first = back >= 3 && back > 2 * forward;
    // Three day headings or more, each earlier than the one above (two, when the entries under
    // them are newest first too): one earlier day after another is an appendix, not an order.
    fn falling<T: PartialOrd>(days: &[T], least: usize) -> bool {
        days.len() >= least && days.windows(2).all(|w| w[1] < w[0])
    }
    let least = if entries_first { 2 } else { 3 };
    let days_first = (dated.len() >= numbered.len() && falling(&dated, least))
        || (numbered.len() > dated.len() && falling(&numbered, least));
    NewestFirst {
        days_first,
        entries_first,
    }
}

/// `entries` turned into the order things happened, as `newest` says they are told: the parts
/// under day headings in reverse order when `days_first`, and the entries of each part in
/// reverse order when `entries_first`. An entry keeps what was written under it (entries with
/// no time of their own, orphans) right after it; what comes before a part's first timed entry
/// stays at the part's top.
pub fn oldest_first(entries: Vec<Entry>, newest: NewestFirst) -> Vec<Entry> {
    if !newest.any() {
        return entries;
    }
    // Parts: a day heading (or none, for the top) and the chunks under it, each chunk a timed
    // entry and what follows it untimed.
    struct Part {
        heading: Option<Entry>,
        lead: Vec<Entry>,
        chunks: Vec<Vec<Entry>>,
    }
    let mut parts = vec![Part {
        heading: None,
        lead: Vec::new(),
        chunks: Vec::new(),
    }];
    for e in entries {
        let part = parts.last_mut().expect("there is always a part");
        match &e {
            Entry::SetDate(_) | Entry::Day(_) => parts.push(Part {
                heading: Some(e),
                lead: Vec::new(),
                chunks: Vec::new(),
            }),
            Entry::Event(c) if !matches!(c.when, When::Inherit) => part.chunks.push(vec![e]),
            _ => match part.chunks.last_mut() {
                Some(chunk) => chunk.push(e),
                None => part.lead.push(e),
            },
        }
    }
    // The top part, before any day heading, stays first: it has no day of its own to order.
    let mut rest = parts.split_off(1);
    if newest.days_first {
        rest.reverse();
    }
    let mut out = Vec::new();
    for mut part in parts.into_iter().chain(rest) {
        out.extend(part.heading);
        out.append(&mut part.lead);
        if newest.entries_first {
            part.chunks.reverse();
        }
        out.extend(part.chunks.into_iter().flatten());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::candidate::Candidate;
    use crate::ingest::clock::ParsedTime;

    fn at(line: usize, date: Option<(i32, u32, u32)>, h: u32, m: u32) -> Entry {
        let p = ParsedTime {
            date: date.map(|(y, mo, d)| NaiveDate::from_ymd_opt(y, mo, d).unwrap()),
            time: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
            offset: None,
            approximate: false,
            twelve_hour: false,
            one_digit_hour: false,
        };
        Entry::Event(Candidate::new(line, When::At(p), format!("entry {line}")))
    }

    fn untimed(line: usize) -> Entry {
        Entry::Event(Candidate::new(line, When::Inherit, format!("note {line}")))
    }

    fn lines(entries: &[Entry]) -> Vec<usize> {
        entries
            .iter()
            .filter_map(|e| match e {
                Entry::Event(c) => Some(c.line),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_status_log_with_the_latest_update_on_top_is_turned_around() {
        // 2024-06-02 01:10, 00:50, 00:20 (the same day), then 23:40, 23:05 and 22:05 the
        // evening before: four steps back, one forward (midnight).
        let told = vec![
            at(1, Some((2024, 6, 2)), 1, 10),
            untimed(2),
            at(3, None, 0, 50),
            at(4, None, 0, 20),
            at(5, None, 23, 40),
            at(6, None, 23, 5),
            at(7, None, 22, 5),
        ];
        let newest = told_newest_first(&told);
        assert_eq!(
            newest,
            NewestFirst {
                days_first: false,
                entries_first: true
            }
        );
        // The untimed note stays under the update it was written under.
        assert_eq!(
            lines(&oldest_first(told, newest)),
            vec![7, 6, 5, 4, 3, 1, 2]
        );
    }

    #[test]
    fn a_timeline_told_oldest_first_across_two_midnights_is_kept() {
        let told = vec![
            at(1, None, 22, 0),
            at(2, None, 23, 30),
            at(3, None, 0, 10),
            at(4, None, 9, 0),
            at(5, None, 23, 0),
            at(6, None, 1, 0),
        ];
        let newest = told_newest_first(&told);
        assert!(!newest.any());
        assert_eq!(lines(&oldest_first(told, newest)), vec![1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn two_entries_out_of_order_are_not_a_reversed_timeline() {
        let told = vec![
            at(1, None, 10, 0),
            at(2, None, 9, 55),
            at(3, None, 10, 30),
            at(4, None, 10, 20),
            at(5, None, 11, 0),
        ];
        assert!(!told_newest_first(&told).any());
    }

    #[test]
    fn day_headings_newest_first_with_entries_in_order_under_each() {
        let day = |m, d| Entry::SetDate(NaiveDate::from_ymd_opt(2024, m, d).unwrap());
        let told = vec![
            day(3, 7),
            at(2, None, 8, 0),
            day(3, 6),
            at(4, None, 9, 0),
            at(5, None, 11, 0),
            day(3, 5),
            at(7, None, 14, 0),
            at(8, None, 18, 0),
        ];
        let newest = told_newest_first(&told);
        assert_eq!(
            newest,
            NewestFirst {
                days_first: true,
                entries_first: false
            }
        );
        let out = oldest_first(told, newest);
        assert!(matches!(out[0], Entry::SetDate(d) if d.day() == 5));
        assert_eq!(lines(&out), vec![7, 8, 4, 5, 2]);
    }

    #[test]
    fn an_earlier_day_after_the_incident_or_two_heading_styles_are_no_order() {
        let day = |m, d| Entry::SetDate(NaiveDate::from_ymd_opt(2024, m, d).unwrap());
        // The incident's day, then an appendix about the deploy days before.
        let appendix = vec![
            day(3, 4),
            at(2, None, 9, 0),
            at(3, None, 10, 0),
            day(3, 1),
            at(5, None, 14, 0),
        ];
        assert!(!told_newest_first(&appendix).any());
        // A dated heading, then `Day 2`: never compared.
        let mixed = vec![
            day(3, 5),
            at(2, None, 9, 0),
            Entry::Day(2),
            at(4, None, 9, 30),
        ];
        assert!(!told_newest_first(&mixed).any());
    }

    use chrono::Datelike;
}
