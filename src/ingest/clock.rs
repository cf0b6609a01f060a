//! Clock and date parsing: the many ways people write a time in an incident.
//!
//! `parse_time` reads one time expression into a [`ParsedTime`] (date, clock, offset, whether it
//! was approximate); a [`ClockResolver`] turns a run of them into real timestamps against the
//! incident's date and zone, rolling clock-only times over midnight when they go backwards.

use chrono::{
    Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike,
};

use crate::model::Timestamp;

/// A time as written, before it is placed on a real day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParsedTime {
    pub date: Option<NaiveDate>,
    pub time: NaiveTime,
    pub offset: Option<FixedOffset>,
    /// `23:00-ish`, `~23:00`, `around 23:00`, `approx. 23:00`.
    pub approximate: bool,
    /// Written with AM/PM (so `12:15` after `11:50` is not ambiguous).
    pub twelve_hour: bool,
}

/// Zone abbreviations people write in postmortems. Ambiguous ones take their most common
/// meaning in English-language incident reports (IST = India, CST = US Central).
const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("WET", 0),
    ("WEST", 60),
    ("BST", 60),
    ("CET", 60),
    ("CEST", 120),
    ("MET", 60),
    ("MEST", 120),
    ("EET", 120),
    ("EEST", 180),
    ("WAT", 60),
    ("CAT", 120),
    ("SAST", 120),
    ("EAT", 180),
    ("MSK", 180),
    ("GST", 240),
    ("PKT", 300),
    ("IST", 330),
    ("ICT", 420),
    ("WIB", 420),
    ("SGT", 480),
    ("HKT", 480),
    ("PHT", 480),
    ("AWST", 480),
    ("JST", 540),
    ("KST", 540),
    ("ACST", 570),
    ("AEST", 600),
    ("AEDT", 660),
    ("NZST", 720),
    ("NZDT", 780),
    ("HST", -600),
    ("AKST", -540),
    ("AKDT", -480),
    ("PST", -480),
    ("PDT", -420),
    ("PT", -480),
    ("MST", -420),
    ("MDT", -360),
    ("MT", -420),
    ("CST", -360),
    ("CDT", -300),
    ("CT", -360),
    ("EST", -300),
    ("EDT", -240),
    ("ET", -300),
    ("AST", -240),
    ("ADT", -180),
    ("NST", -210),
    ("BRT", -180),
    ("ART", -180),
];

/// `+02:00`, `+0200`, `-7`, `UTC`, `GMT+1`, `UTC-05:00`, `PDT`, `Z`.
pub fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim().trim_matches(|c| c == '(' || c == ')').trim();
    if s.is_empty() {
        return None;
    }
    let upper = s.to_ascii_uppercase();
    for prefix in ["UTC", "GMT"] {
        if let Some(rest) = upper.strip_prefix(prefix) {
            let rest = rest.trim();
            if rest.is_empty() {
                return FixedOffset::east_opt(0);
            }
            return parse_numeric_offset(rest);
        }
    }
    if let Some((_, mins)) = ZONES.iter().find(|(name, _)| *name == upper) {
        return FixedOffset::east_opt(mins * 60);
    }
    parse_numeric_offset(&upper)
}

fn parse_numeric_offset(s: &str) -> Option<FixedOffset> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' | b'\xe2' => {
            // ASCII minus, or a typographic minus/en dash that people paste.
            let rest = s.trim_start_matches(['-', '−', '–']);
            (-1, rest)
        }
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        3 => (
            digits[..1].parse::<i32>().ok()?,
            digits[1..].parse::<i32>().ok()?,
        ),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// Read a clock time: `10:30`, `10:30:15`, `10.30`, `1030`, `10:30 AM`, `12;45PM`, `2:05 pm`,
/// `10am`, `23:00-ish`, `~23:00`, `around 23:00`, optionally followed by a zone (`14:51 UTC`).
/// The whole string must be a time (surrounding white space and brackets aside).
pub fn parse_clock(s: &str) -> Option<ParsedTime> {
    let (body, approximate) = strip_approx(s.trim());
    let (body, offset) = split_zone(body);
    let (time, twelve_hour) = parse_bare_clock(body)?;
    Some(ParsedTime {
        date: None,
        time,
        offset,
        approximate,
        twelve_hour,
    })
}

/// Remove approximation markers, returning the rest and whether any was found.
pub fn strip_approx(s: &str) -> (&str, bool) {
    let mut s = s.trim();
    let mut approx = false;
    let lower = s.to_ascii_lowercase();
    for prefix in [
        "approximately ",
        "approx. ",
        "approx ",
        "around ",
        "about ",
        "circa ",
        "ca. ",
        "~",
        "≈",
    ] {
        if lower.starts_with(prefix) {
            s = s[prefix.len()..].trim_start();
            approx = true;
            break;
        }
    }
    let lower = s.to_ascii_lowercase();
    for suffix in ["-ish", " ish", "ish", "?"] {
        if lower.ends_with(suffix) {
            s = s[..s.len() - suffix.len()].trim_end();
            approx = true;
            break;
        }
    }
    (s, approx)
}

/// Split a trailing zone (`14:51 UTC`, `10:30 AM (UTC)`, `09:05+02:00`) off a clock.
fn split_zone(s: &str) -> (&str, Option<FixedOffset>) {
    let s = s.trim();
    // Trailing word: "UTC", "(UTC)", "PDT", "UTC+2", "GMT-05:00".
    if let Some(idx) = s.rfind([' ', '(']) {
        let (head, tail) = s.split_at(idx);
        if let Some(off) = parse_offset(tail) {
            return (head.trim_end(), Some(off));
        }
    }
    // Glued: "09:05+02:00", "09:05Z", "10:30UTC".
    let upper = s.to_ascii_uppercase();
    for name in ["UTC", "GMT"] {
        if let Some(pos) = upper.find(name)
            && pos > 0
            && let Some(off) = parse_offset(&s[pos..])
        {
            return (s[..pos].trim_end(), Some(off));
        }
    }
    if let Some(pos) = s.rfind(['+', '-']).filter(|&p| p >= 4)
        && let Some(off) = parse_numeric_offset(&s[pos..])
    {
        return (&s[..pos], Some(off));
    }
    if s.len() > 4 && (s.ends_with('Z') || s.ends_with('z')) {
        return (&s[..s.len() - 1], FixedOffset::east_opt(0));
    }
    (s, None)
}

/// `HH:MM[:SS]`, `H.MM`, `HHMM`, `HH;MM`, each with optional am/pm; also `10am`.
fn parse_bare_clock(s: &str) -> Option<(NaiveTime, bool)> {
    let s = s.trim();
    let lower = s.to_ascii_lowercase();
    let (digits_part, meridiem) = if let Some(rest) = lower
        .strip_suffix("a.m.")
        .or_else(|| lower.strip_suffix("am"))
        .or_else(|| lower.strip_suffix("a"))
    {
        (rest.trim_end().to_string(), Some(false))
    } else if let Some(rest) = lower
        .strip_suffix("p.m.")
        .or_else(|| lower.strip_suffix("pm"))
        .or_else(|| lower.strip_suffix("p"))
    {
        (rest.trim_end().to_string(), Some(true))
    } else {
        (lower.clone(), None)
    };
    let parts: Vec<&str> = digits_part.split([':', ';', '.', 'h']).collect();
    let nums: Option<Vec<u32>> = parts
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| {
            if p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        })
        .collect();
    // Minutes and seconds are always two digits ("10:7" is a typo, not 10:07).
    let minutes_ok = parts
        .iter()
        .skip(1)
        .filter(|p| !p.is_empty())
        .all(|p| p.len() == 2);
    let nums = match nums {
        Some(n) if !n.is_empty() && minutes_ok => n,
        _ => {
            // "1030h" / "0905hrs" military style; a bare "2024" is a year, not a time.
            let d = digits_part
                .strip_suffix("hrs")
                .or_else(|| digits_part.strip_suffix('h'));
            if let Some(d) = d.filter(|d| d.len() == 4 && d.chars().all(|c| c.is_ascii_digit())) {
                vec![d[..2].parse().ok()?, d[2..].parse().ok()?]
            } else {
                return None;
            }
        }
    };
    // Trailing separators only: "10h" → [10]; a bare hour needs am/pm to be a time.
    let (h, m, sec) = match nums.as_slice() {
        [h] if meridiem.is_some() || digits_part.ends_with('h') => (*h, 0, 0),
        [h, m] => (*h, *m, 0),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let h = match meridiem {
        Some(pm) => {
            if h == 0 || h > 12 {
                return None;
            }
            match (h, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, false) => h,
                (h, true) => h + 12,
            }
        }
        None => h,
    };
    NaiveTime::from_hms_opt(h, m, sec).map(|t| (t, meridiem.is_some()))
}

/// The years a written date may have: four digits, as people write them. Keeping dates well
/// inside the calendar's ends means rolling a clock over midnight or shifting it by a zone can
/// never overflow, and whatever is read can be written back and read again.
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// `d` when its year is in [`YEARS`].
fn in_years(d: NaiveDate) -> Option<NaiveDate> {
    YEARS.contains(&d.year()).then_some(d)
}

/// Whether a timestamp can be written and read back: its day, in its own zone, is in [`YEARS`].
/// Used where times are computed (a roll-over, `--at -5m`) rather than written.
pub fn is_supported(t: &Timestamp) -> bool {
    YEARS.contains(&t.year())
}

/// Read a date: `2024-08-15`, `2024/08/15`, `15.08.2024`, `August 15, 2024`, `15 August 2024`,
/// `Aug 15th 2024`, `Thursday, August 15, 2024`. The whole string must be a date, in [`YEARS`].
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    parse_date_any_year(s).and_then(in_years)
}

fn parse_date_any_year(s: &str) -> Option<NaiveDate> {
    let s = s.trim().trim_end_matches([',', '.', ':']).trim();
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Some(d);
        }
    }
    // `24/03/2023` and `03/24/2023`: whichever reading is a real date; when both are, the
    // day comes first (the more common order outside the US).
    if s.len() >= 8
        && s.matches('/').count() == 2
        && s.rsplit('/').next().is_some_and(|y| y.len() == 4)
    {
        for fmt in ["%d/%m/%Y", "%m/%d/%Y"] {
            if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
                return Some(d);
            }
        }
    }
    parse_month_name_date(s, None)
}

/// `August 15, 2024`, `15 Aug 2024`, `Aug 15` (with `year_hint`), weekday names ignored.
pub fn parse_month_name_date(s: &str, year_hint: Option<i32>) -> Option<NaiveDate> {
    let words: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_ascii_lowercase())
        .filter(|w| weekday(w).is_none() && w != "of" && w != "the")
        .collect();
    let mut month = None;
    let mut day = None;
    let mut year = None;
    for w in &words {
        if let Some(m) = month_number(w) {
            if month.is_some() {
                return None;
            }
            month = Some(m);
            continue;
        }
        let num = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[num.len()..];
        if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
            return None;
        }
        let n: i32 = num.parse().ok()?;
        if num.len() == 4 && year.is_none() {
            year = Some(n);
        } else if (1..=31).contains(&n) && day.is_none() {
            day = Some(n as u32);
        } else {
            return None;
        }
    }
    NaiveDate::from_ymd_opt(year.or(year_hint)?, month?, day?).and_then(in_years)
}

pub fn month_number(w: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = w.to_ascii_lowercase();
    let w = w.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == w || (w.len() >= 3 && m.starts_with(w) && (w.len() == 3 || w == "sept"))
        })
        .map(|i| i as u32 + 1)
}

/// Monday = 0 for a lower-case weekday name or its abbreviation (`mon`, `tues`, `thurs`).
pub fn weekday(w: &str) -> Option<u32> {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let w = match w {
        "tues" => "tue",
        "thur" | "thurs" => "thu",
        w => w,
    };
    DAYS.iter()
        .position(|d| *d == w || (w.len() == 3 && d.starts_with(w)))
        .map(|i| i as u32)
}

/// The most words a time expression has ("Thursday, September 15th 2024 10:30 a.m. Pacific
/// Standard Time" has ten): trying every cut of a longer text is quadratic, and it is no time.
const MAX_TIME_WORDS: usize = 16;

/// Read a full time expression: a clock alone, or a date and a clock
/// (`2025-03-09 23:10`, `2017/01/31 23:00-ish`, `2025-06-17T09:05+02:00`,
/// `2024-08-15T10:30:00Z`, `October 21 22:54 UTC`, `Aug 15, 2024 10:30 AM`).
pub fn parse_time(s: &str) -> Option<ParsedTime> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return in_years(dt.date_naive()).map(|_| from_datetime(dt));
    }
    let (body, approx) = strip_approx(s);
    // ISO-ish with a T and maybe no seconds: 2025-06-17T09:05+02:00
    if let Some((d, rest)) = body.split_once('T')
        && let Some(date) = parse_date(d)
        && let Some(mut p) = parse_clock(rest)
    {
        p.date = Some(date);
        p.approximate |= approx;
        return Some(p);
    }
    if let Some(mut p) = parse_clock(body) {
        p.approximate |= approx;
        return Some(p);
    }
    // Split into a date part and a clock part at every space and try each cut, clock last.
    let words: Vec<&str> = body.split_whitespace().collect();
    if words.len() > MAX_TIME_WORDS {
        return None;
    }
    for cut in 1..words.len() {
        let date_part = words[..cut].join(" ");
        let clock_part = words[cut..].join(" ");
        let date = parse_date(&date_part);
        if let Some(date) = date
            && let Some(mut p) = parse_clock(&clock_part)
        {
            p.date = Some(date);
            p.approximate |= approx;
            return Some(p);
        }
    }
    None
}

fn from_datetime(dt: chrono::DateTime<FixedOffset>) -> ParsedTime {
    ParsedTime {
        date: Some(dt.date_naive()),
        time: dt.time(),
        offset: Some(*dt.offset()),
        approximate: false,
        twelve_hour: false,
    }
}

/// Places a run of [`ParsedTime`]s on real days, in order.
///
/// A clock-only time earlier than the one before it is taken to be on the next day
/// (an incident that crosses midnight). A time with its own date resets the day.
#[derive(Clone, Debug)]
pub struct ClockResolver {
    date: NaiveDate,
    offset: FixedOffset,
    last_local: Option<NaiveDateTime>,
}

impl ClockResolver {
    pub fn new(date: NaiveDate, offset: FixedOffset) -> Self {
        ClockResolver {
            date,
            offset,
            last_local: None,
        }
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// Change the day that following clock-only times are read against (a "Day 2" heading).
    pub fn set_date(&mut self, date: NaiveDate) {
        self.date = date;
        self.last_local = None;
    }

    /// Whether the next clock-only `time` would roll over to the following day.
    pub fn would_roll_over(&self, time: NaiveTime) -> bool {
        self.last_local
            .is_some_and(|last| self.date.and_time(time) < last && last.date() == self.date)
    }

    /// The timestamp for `p`, advancing the running day when a clock-only time goes backwards.
    pub fn resolve(&mut self, p: &ParsedTime) -> Timestamp {
        let offset = p.offset.unwrap_or(self.offset);
        let local = match p.date {
            Some(d) => {
                self.date = d;
                d.and_time(p.time)
            }
            None => {
                let mut candidate = self.date.and_time(p.time);
                if let Some(last) = self.last_local {
                    // Compare in the running zone so a mix of offsets doesn't fake a roll-over.
                    // At the ends of the calendar there is no next day: the time stays put.
                    let cand_utc = to_utc(candidate, offset);
                    let last_utc = to_utc(last, self.offset);
                    if cand_utc < last_utc
                        && let Some(next) = candidate.checked_add_signed(Duration::days(1))
                    {
                        candidate = next;
                        self.date = candidate.date();
                    }
                }
                candidate
            }
        };
        self.last_local = Some(local);
        self.offset = offset;
        offset
            .from_local_datetime(&local)
            .single()
            .unwrap_or_else(|| offset.from_utc_datetime(&local))
    }
}

/// A local time in UTC, without overflowing at the ends of the calendar (where it stays as it is:
/// the comparisons it serves are then between times thousands of years from any incident).
fn to_utc(local: NaiveDateTime, offset: FixedOffset) -> NaiveDateTime {
    local
        .checked_sub_signed(Duration::seconds(offset.local_minus_utc() as i64))
        .unwrap_or(local)
}

/// How [`ClockResolver::place`] put a clock-only time on the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// As written (the time had a date, or it came after the one before).
    AsWritten,
    /// It went backwards by a lot: read as the next day (the incident crossed midnight).
    RolledOver,
    /// It went backwards a little: kept on the same day (entries written out of order).
    OutOfOrder,
    /// A 12-hour clock written without am/pm after noon (`12:50`, then `1:05`): read as pm.
    ReadAsPm,
    /// `12:xx AM` right after a late-morning time: read as `12:xx PM` (a common slip).
    ReadAsNoon,
}

/// A backwards step shorter than this is taken as entries written out of order, not midnight.
const OUT_OF_ORDER_LIMIT: i64 = 3 * 3600;

impl ClockResolver {
    /// The local time of the last placed entry.
    pub fn last(&self) -> Option<NaiveDateTime> {
        self.last_local
    }

    /// Like [`ClockResolver::resolve`], but reads a clock-only time that goes backwards the
    /// way people mean it, and says how it was read: a small step back is an out-of-order entry
    /// (same day); `1:05` after `12:50` on a 12-hour clock without am/pm is `13:05`; `12:35 AM`
    /// after `11:05 AM` is `12:35 PM`; a large step back rolls over to the next day.
    pub fn place(&mut self, p: &ParsedTime) -> (Timestamp, Placement) {
        let Some(last) = self.last_local.filter(|_| p.date.is_none()) else {
            return (self.resolve(p), Placement::AsWritten);
        };
        let offset = p.offset.unwrap_or(self.offset);
        let last_utc = to_utc(last, self.offset);
        let candidate = self.date.and_time(p.time);
        let back = (last_utc - to_utc(candidate, offset)).num_seconds();
        if back <= 0 {
            return (self.resolve(p), Placement::AsWritten);
        }
        let shifted = |hours: i64| ParsedTime {
            time: p.time + Duration::hours(hours),
            ..*p
        };
        let hour = p.time.hour();
        let pm_gap = back - 12 * 3600;
        if !p.twelve_hour && (1..=11).contains(&hour) && pm_gap <= 0 && pm_gap > -6 * 3600 {
            return (self.resolve_same_day(&shifted(12)), Placement::ReadAsPm);
        }
        if p.twelve_hour && hour == 0 && (8..=11).contains(&last.hour()) && pm_gap <= 0 {
            return (self.resolve_same_day(&shifted(12)), Placement::ReadAsNoon);
        }
        if back <= OUT_OF_ORDER_LIMIT {
            return (self.resolve_same_day(p), Placement::OutOfOrder);
        }
        (self.resolve(p), Placement::RolledOver)
    }

    /// Place a clock-only time on the running day without rolling over.
    fn resolve_same_day(&mut self, p: &ParsedTime) -> Timestamp {
        let offset = p.offset.unwrap_or(self.offset);
        let local = self.date.and_time(p.time);
        // Keep the running "last" at the later of the two, so one stray entry doesn't
        // make the next in-order entry look like a roll-over.
        if self.last_local.is_none_or(|l| local > l) {
            self.last_local = Some(local);
        }
        offset
            .from_local_datetime(&local)
            .single()
            .unwrap_or_else(|| offset.from_utc_datetime(&local))
    }
}

/// Long zone names people spell out, with the abbreviation [`parse_offset`] knows.
const ZONE_NAMES: &[(&str, &str)] = &[
    ("coordinated universal time", "UTC"),
    ("greenwich mean time", "GMT"),
    ("british summer time", "BST"),
    ("central european summer time", "CEST"),
    ("central european time", "CET"),
    ("eastern european time", "EET"),
    ("west africa time", "WAT"),
    ("west african time", "WAT"),
    ("central africa time", "CAT"),
    ("central african time", "CAT"),
    ("east africa time", "EAT"),
    ("east african time", "EAT"),
    ("eastern africa time", "EAT"),
    ("eastern african time", "EAT"),
    ("south africa standard time", "SAST"),
    ("india standard time", "IST"),
    ("japan standard time", "JST"),
    ("pacific standard time", "PST"),
    ("pacific daylight time", "PDT"),
    ("pacific time", "PT"),
    ("mountain standard time", "MST"),
    ("mountain daylight time", "MDT"),
    ("central standard time", "CST"),
    ("central daylight time", "CDT"),
    ("eastern standard time", "EST"),
    ("eastern daylight time", "EDT"),
    ("eastern time", "ET"),
];

/// Replace spelled-out zone names (`Pacific Standard Time`) by their abbreviation (`PST`), so
/// that `10:15 Pacific Standard Time` reads as a clock with a zone. Case-insensitive.
pub fn abbreviate_zone_names(s: &str) -> String {
    let lower = s.to_lowercase();
    if !lower.contains(" time") || lower.len() != s.len() {
        // Nothing to do, or case mapping changed byte lengths (no safe slicing): leave as is.
        return s.to_string();
    }
    let mut out = s.to_string();
    let mut low = lower;
    for (name, abbr) in ZONE_NAMES {
        while let Some(pos) = low.find(name) {
            out.replace_range(pos..pos + name.len(), abbr);
            low.replace_range(pos..pos + name.len(), &abbr.to_lowercase());
        }
    }
    out
}

/// [`parse_time`], also reading month-name dates without a year (`October 21 22:54 UTC`)
/// against `year` when one is known.
pub fn parse_time_in_year(s: &str, year: Option<i32>) -> Option<ParsedTime> {
    if let Some(p) = parse_time(s) {
        return Some(p);
    }
    let year = year?;
    let (body, approx) = strip_approx(s.trim());
    let words: Vec<&str> = body.split_whitespace().collect();
    if words.len() > MAX_TIME_WORDS {
        return None;
    }
    for cut in 1..words.len() {
        let date_part = words[..cut].join(" ");
        if let Some(date) =
            parse_month_name_date(date_part.trim_end_matches([',', ':']), Some(year))
            && let Some(mut p) = parse_clock(&words[cut..].join(" "))
        {
            p.date = Some(date);
            p.approximate |= approx;
            return Some(p);
        }
    }
    None
}

/// `2024-08-15` style date for display.
pub fn ymd(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn clocks() {
        let cases = [
            ("10:30", t(10, 30)),
            ("10:30 AM", t(10, 30)),
            ("12;45PM", t(12, 45)),
            ("12:45 PM", t(12, 45)),
            ("12:05 am", t(0, 5)),
            ("2:05 pm", t(14, 5)),
            ("14:51", t(14, 51)),
            ("10am", t(10, 0)),
            ("11 p.m.", t(23, 0)),
            ("0905h", t(9, 5)),
            ("23.10", t(23, 10)),
        ];
        for (s, want) in cases {
            assert_eq!(parse_clock(s).map(|p| p.time), Some(want), "{s}");
        }
        for bad in [
            "", "0905", "25:00", "10:7", "hello", "2024", "13:00 PM", "1:2:3:4", "12",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
    }

    #[test]
    fn approximate_and_zones() {
        let p = parse_clock("23:00-ish").unwrap();
        assert!(p.approximate);
        assert_eq!(p.time, t(23, 0));
        assert!(parse_clock("~23:00").unwrap().approximate);
        let p = parse_clock("14:51 UTC").unwrap();
        assert_eq!(p.offset, FixedOffset::east_opt(0));
        let p = parse_clock("10:30 AM (PDT)").unwrap();
        assert_eq!(p.offset, FixedOffset::west_opt(7 * 3600));
        assert_eq!(parse_offset("+02:00"), FixedOffset::east_opt(7200));
        assert_eq!(parse_offset("GMT+1"), FixedOffset::east_opt(3600));
        assert_eq!(
            parse_offset("UTC-05:30"),
            FixedOffset::west_opt(5 * 3600 + 1800)
        );
        assert_eq!(parse_offset("EAT"), FixedOffset::east_opt(3 * 3600));
        assert_eq!(parse_offset("nonsense"), None);
    }

    #[test]
    fn full_times() {
        let p = parse_time("2025-06-17T09:05+02:00").unwrap();
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2025, 6, 17));
        assert_eq!(p.time, t(9, 5));
        assert_eq!(p.offset, FixedOffset::east_opt(7200));
        let p = parse_time("2024-08-15T10:30:00Z").unwrap();
        assert_eq!(p.offset, FixedOffset::east_opt(0));
        let p = parse_time("2017/01/31 23:00-ish").unwrap();
        assert!(p.approximate);
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2017, 1, 31));
        let p = parse_time("2025-03-09 23:10").unwrap();
        assert_eq!(p.time, t(23, 10));
        let p = parse_time("August 15, 2024 10:30 AM").unwrap();
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2024, 8, 15));
        assert_eq!(p.time, t(10, 30));
    }

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2024, 8, 15);
        assert_eq!(parse_date("August 15, 2024"), d);
        assert_eq!(parse_date("15 August 2024"), d);
        assert_eq!(parse_date("Thursday, Aug 15th 2024"), d);
        assert_eq!(parse_date("2024/08/15"), d);
        assert_eq!(parse_date("15.08.2024"), d);
        assert_eq!(parse_date("Augustus"), None);
        assert_eq!(
            parse_date("24/03/2023"),
            NaiveDate::from_ymd_opt(2023, 3, 24)
        );
        assert_eq!(
            parse_date("03/24/2023"),
            NaiveDate::from_ymd_opt(2023, 3, 24)
        );
        assert_eq!(
            parse_date("02/03/2023"),
            NaiveDate::from_ymd_opt(2023, 3, 2)
        );
        assert_eq!(
            parse_month_name_date("October 21", Some(2015)),
            NaiveDate::from_ymd_opt(2015, 10, 21)
        );
    }

    #[test]
    fn resolver_rolls_over_midnight() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 9).unwrap();
        let mut r = ClockResolver::new(d, FixedOffset::east_opt(0).unwrap());
        let a = r.resolve(&parse_clock("23:10").unwrap());
        let b = r.resolve(&parse_clock("23:55").unwrap());
        let c = r.resolve(&parse_clock("00:20").unwrap());
        let e = r.resolve(&parse_clock("01:05").unwrap());
        assert!(a < b && b < c && c < e);
        assert_eq!(
            c.date_naive(),
            NaiveDate::from_ymd_opt(2025, 3, 10).unwrap()
        );
        assert_eq!((e - a).num_minutes(), 115);
    }

    #[test]
    fn resolver_respects_explicit_dates_and_offsets() {
        let d = NaiveDate::from_ymd_opt(2025, 6, 17).unwrap();
        let mut r = ClockResolver::new(d, FixedOffset::east_opt(7200).unwrap());
        let a = r.resolve(&parse_clock("09:05").unwrap());
        assert_eq!(a.to_rfc3339(), "2025-06-17T09:05:00+02:00");
        let b = r.resolve(&parse_time("2025-06-18 08:00").unwrap());
        assert_eq!(b.to_rfc3339(), "2025-06-18T08:00:00+02:00");
        let c = r.resolve(&parse_clock("09:00").unwrap());
        assert_eq!(
            c.date_naive(),
            NaiveDate::from_ymd_opt(2025, 6, 18).unwrap()
        );
    }

    #[test]
    fn place_reads_backwards_steps_as_people_mean_them() {
        let d = NaiveDate::from_ymd_opt(2024, 8, 15).unwrap();
        let utc = FixedOffset::east_opt(0).unwrap();
        let mut r = ClockResolver::new(d, utc);
        let at = |r: &mut ClockResolver, s: &str| {
            let (ts, how) = r.place(&parse_time(s).unwrap());
            (ts.format("%d %H:%M").to_string(), how)
        };
        assert_eq!(
            at(&mut r, "11:50"),
            ("15 11:50".into(), Placement::AsWritten)
        );
        assert_eq!(
            at(&mut r, "12:15"),
            ("15 12:15".into(), Placement::AsWritten)
        );
        assert_eq!(at(&mut r, "1:05"), ("15 13:05".into(), Placement::ReadAsPm));
        assert_eq!(
            at(&mut r, "12:55"),
            ("15 12:55".into(), Placement::OutOfOrder)
        );
        assert_eq!(
            at(&mut r, "13:30"),
            ("15 13:30".into(), Placement::AsWritten)
        );
        assert_eq!(
            at(&mut r, "23:50"),
            ("15 23:50".into(), Placement::AsWritten)
        );
        assert_eq!(
            at(&mut r, "00:20"),
            ("16 00:20".into(), Placement::RolledOver)
        );

        let mut r = ClockResolver::new(d, utc);
        at(&mut r, "11:05 AM");
        assert_eq!(
            at(&mut r, "12:35 AM"),
            ("15 12:35".into(), Placement::ReadAsNoon)
        );
        assert_eq!(
            at(&mut r, "1:48 PM"),
            ("15 13:48".into(), Placement::AsWritten)
        );

        // 12-hour clock with am/pm crossing midnight still rolls over.
        let mut r = ClockResolver::new(d, utc);
        at(&mut r, "11:40 PM");
        assert_eq!(
            at(&mut r, "12:10 AM"),
            ("16 00:10".into(), Placement::RolledOver)
        );
        assert_eq!(
            at(&mut r, "1:00 AM"),
            ("16 01:00".into(), Placement::AsWritten)
        );
    }

    #[test]
    fn zone_names_and_year_hints() {
        assert_eq!(
            abbreviate_zone_names("at 00:10 Eastern African Time (EAT)"),
            "at 00:10 EAT (EAT)"
        );
        assert_eq!(
            abbreviate_zone_names("10:15 PM pacific standard time"),
            "10:15 PM PST"
        );
        assert_eq!(abbreviate_zone_names("no zone here"), "no zone here");
        let p = parse_time_in_year("October 21 22:54 UTC", Some(2015)).unwrap();
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2015, 10, 21));
        assert_eq!(p.offset, FixedOffset::east_opt(0));
        assert!(parse_time_in_year("October 21 22:54 UTC", None).is_none());
        let p = parse_time("Sat Aug 17 2024 19:42:28 UTC").unwrap();
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2024, 8, 17));
        let p = parse_time("January 31 2023, 16:15 GMT+1").unwrap();
        assert_eq!(p.offset, FixedOffset::east_opt(3600));
        assert_eq!(parse_clock("10h30").map(|p| p.time), Some(t(10, 30)));
    }
}
