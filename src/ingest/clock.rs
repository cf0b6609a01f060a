//! Clock and date parsing: the many ways people write a time in an incident.
//!
//! `parse_time` reads one time expression into a [`ParsedTime`] (date, clock, offset, whether it
//! was approximate); a [`ClockResolver`] turns a run of them into real timestamps against the
//! incident's date and zone, rolling clock-only times over midnight when they go backwards.

use chrono::{
    Datelike, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Timelike,
};
use chrono_tz::Tz;

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
    /// The hour written with one digit and no AM/PM (`1:50`, not `01:50` or `13:50`): a
    /// 12-hour clock may be meant.
    pub one_digit_hour: bool,
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
    ("ACDT", 630),
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
    for prefix in ["UTC", "GMT"] {
        if let Some(rest) = strip_prefix_ignore_case(s, prefix) {
            let rest = rest.trim();
            if rest.is_empty() {
                return FixedOffset::east_opt(0);
            }
            return parse_numeric_offset(rest);
        }
    }
    if let Some((_, mins)) = ZONES.iter().find(|(name, _)| name.eq_ignore_ascii_case(s)) {
        return FixedOffset::east_opt(mins * 60);
    }
    parse_numeric_offset(s)
}

/// `s` without `prefix` (ASCII, any case), when it starts with it.
fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
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

/// The zone a postmortem (or one of its entries) is told in.
///
/// A fixed offset is what people write as a number or an abbreviation of no season (`UTC`,
/// `+02:00`, `IST`): it is read as written. A region is a place with daylight-saving rules,
/// written as an IANA name (`Europe/Berlin`, `America/New_York`), as a pair of abbreviations
/// (`PST/PDT`, `CET/CEST`), as a name that covers both seasons (`PT`, `ET`, `Pacific time`) or
/// as one half of a pair (`PST`, `CEST`): people write the name they are used to for their
/// wall clock, so `PST` on a July date is Pacific time, then at -07:00 (a note says so); its offset
/// depends on the date, so a timeline that crosses a change of the clocks gets the right offset
/// on each side of it (rules from the IANA database, through chrono-tz).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    Fixed(FixedOffset),
    Region(Tz),
    /// One half of a pair (`PST`): the region's clock once the day is known, the written
    /// offset (`written`, -08:00) until then.
    Half {
        region: Tz,
        written: FixedOffset,
    },
}

/// Abbreviations written as a pair, and names that mean a region in both seasons.
const REGIONS: &[(&str, Tz)] = &[
    ("PST/PDT", Tz::America__Los_Angeles),
    ("PT", Tz::America__Los_Angeles),
    ("MST/MDT", Tz::America__Denver),
    ("MT", Tz::America__Denver),
    ("CST/CDT", Tz::America__Chicago),
    ("CT", Tz::America__Chicago),
    ("EST/EDT", Tz::America__New_York),
    ("ET", Tz::America__New_York),
    ("AKST/AKDT", Tz::America__Anchorage),
    ("CET/CEST", Tz::Europe__Paris),
    ("MET/MEST", Tz::Europe__Paris),
    ("GMT/BST", Tz::Europe__London),
    ("WET/WEST", Tz::Europe__Lisbon),
    ("EET/EEST", Tz::Europe__Athens),
    ("ACST/ACDT", Tz::Australia__Adelaide),
    ("AEST/AEDT", Tz::Australia__Sydney),
    ("NZST/NZDT", Tz::Pacific__Auckland),
];

/// Halves of a pair that are not always the other's season: Arizona keeps `MST` all year, and
/// `GMT` is UTC by another name.
const ALL_YEAR: &[&str] = &["MST", "GMT"];

impl Zone {
    /// The offset in force at a local date and time. In the hour skipped when clocks go
    /// forward, the offset from before the change (the writer's clock had not moved yet); in
    /// the hour lived twice when they go back, the earlier (summer) one — unless the writer
    /// named the half (`01:10 PST` that night is the second 01:10).
    pub fn offset_at(self, local: NaiveDateTime) -> FixedOffset {
        match self {
            Zone::Fixed(o) => o,
            Zone::Region(tz) | Zone::Half { region: tz, .. } => {
                match tz.offset_from_local_datetime(&local) {
                    LocalResult::Ambiguous(a, b) => match self {
                        Zone::Half { written, .. } if b.fix() == written => written,
                        _ => a.fix(),
                    },
                    LocalResult::Single(o) => o.fix(),
                    LocalResult::None => local
                        .checked_sub_signed(Duration::hours(3))
                        .and_then(|before| tz.offset_from_local_datetime(&before).earliest())
                        .map_or_else(|| self.standard(), |o| o.fix()),
                }
            }
        }
    }

    /// The offset at noon on a date.
    pub fn offset_on(self, date: NaiveDate) -> FixedOffset {
        self.offset_at(date.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN)))
    }

    /// Standard (winter) time: the smaller of the January and July offsets. What a time written
    /// without a date is read in until its day is known.
    pub fn standard(self) -> FixedOffset {
        match self {
            Zone::Fixed(o) | Zone::Half { written: o, .. } => o,
            Zone::Region(tz) => {
                let at = |m| {
                    NaiveDate::from_ymd_opt(2024, m, 15)
                        .and_then(|d| d.and_hms_opt(12, 0, 0))
                        .map(|l| tz.offset_from_utc_datetime(&l).fix())
                };
                match (at(1), at(7)) {
                    (Some(a), Some(b)) => {
                        if a.local_minus_utc() <= b.local_minus_utc() {
                            a
                        } else {
                            b
                        }
                    }
                    (a, b) => a
                        .or(b)
                        .unwrap_or(FixedOffset::east_opt(0).expect("zero offset")),
                }
            }
        }
    }

    /// Whether the zone's clock is at `offset` in either season (a fixed zone: only its own).
    pub fn can_be(self, offset: FixedOffset) -> bool {
        match self {
            Zone::Fixed(o) => o == offset,
            Zone::Region(_) | Zone::Half { .. } => [1, 7].into_iter().any(|month| {
                NaiveDate::from_ymd_opt(2024, month, 15)
                    .is_some_and(|d| self.offset_on(d) == offset)
            }),
        }
    }

    /// Whether the offset depends on the date (a region, or one half of a pair).
    pub fn is_region(self) -> bool {
        matches!(self, Zone::Region(_) | Zone::Half { .. })
    }

    /// How to name the zone in a message: `+02:00` or `Europe/Berlin`.
    pub fn name(self) -> String {
        match self {
            Zone::Fixed(o) => o.to_string(),
            Zone::Region(tz) | Zone::Half { region: tz, .. } => tz.name().to_string(),
        }
    }
}

/// The number the ASCII digits of `b` write (`b"12"` → 12); the caller checks they are digits
/// and few enough not to overflow.
pub(crate) fn digits_value(b: &[u8]) -> u32 {
    b.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
}

/// A zone as written: an IANA name (`Europe/Berlin`), a pair (`PST/PDT`, `CET / CEST`), a
/// name for both seasons (`PT`, `ET`), else whatever [`parse_offset`] reads (`UTC+2`, `CEST`).
/// Brackets and trailing punctuation around it are ignored; `None` when it is not a zone.
pub fn parse_zone(s: &str) -> Option<Zone> {
    let t = s
        .trim()
        .trim_matches(|c| matches!(c, '(' | ')' | '[' | ']' | ',' | '.' | ';' | ':'))
        .trim();
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    // Only IANA names and pairs hold a `/`; only offsets start with a sign or UTC/GMT; every
    // other zone is a short abbreviation: a long plain word is none (cheap for every word of a
    // timeline).
    let signed = t.starts_with(['+', '-', '−'])
        || strip_prefix_ignore_case(t, "UTC").is_some()
        || strip_prefix_ignore_case(t, "GMT").is_some();
    if !t.contains('/') && !signed && t.len() > 5 {
        return None;
    }
    if let Some(tz) = region(t) {
        return Some(Zone::Region(tz));
    }
    let written = parse_offset(t)?;
    Some(match region_of_half(t) {
        Some(region) => Zone::Half { region, written },
        None => Zone::Fixed(written),
    })
}

/// The region whose pair `abbreviation` is one half of (`PST` → America/Los_Angeles); `None`
/// for the halves kept all year somewhere ([`ALL_YEAR`]) and for other words.
fn region_of_half(abbreviation: &str) -> Option<Tz> {
    let written = abbreviation.trim();
    if ALL_YEAR.iter().any(|a| a.eq_ignore_ascii_case(written)) {
        return None;
    }
    REGIONS.iter().find_map(|(pair, tz)| {
        let (a, b) = pair.split_once('/')?;
        (a.eq_ignore_ascii_case(written) || b.eq_ignore_ascii_case(written)).then_some(*tz)
    })
}

fn region(t: &str) -> Option<Tz> {
    // IANA names are Area/Location (`Europe/Berlin`); `UTC` or `CET` alone are not read as
    // the database's zones of that name (its `CET` follows summer time, the writer's does not).
    // Also the database's older names (`US/Pacific`, `US/Eastern`).
    if t.contains('/')
        && t.starts_with(|c: char| c.is_ascii_uppercase())
        && let Ok(tz) = t.parse::<Tz>()
    {
        return Some(tz);
    }
    // A pair in either order (`PST/PDT`, `pdt / pst`), or a name for both seasons (`PT`).
    let Some((a, b)) = t.split_once('/') else {
        return REGIONS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(t))
            .map(|(_, tz)| *tz);
    };
    let (a, b) = (a.trim(), Some(b.trim()));
    REGIONS
        .iter()
        .find(|(name, _)| {
            let (x, y) = name
                .split_once('/')
                .map_or((*name, None), |(x, y)| (x, Some(y)));
            let same = |p: &str, q: Option<&str>| {
                p.eq_ignore_ascii_case(x)
                    && match (q, y) {
                        (Some(q), Some(y)) => q.eq_ignore_ascii_case(y),
                        (None, None) => true,
                        _ => false,
                    }
            };
            same(a, b) || b.is_some_and(|b| same(b, Some(a)))
        })
        .map(|(_, tz)| *tz)
}

/// A zone named by its place, as a note on a timeline's times says it ("all times Pacific",
/// "times in US Eastern", "all times Berlin time", "times are New York time"): the four US
/// regions by their name alone, or a city of the time zone database (its location's name,
/// `Europe/Berlin` → "Berlin", `America/New_York` → "New York"). `words` are the words after
/// the note's cue; the place is its first one or two words (after "US"). Only for such a note:
/// in a timeline, "Central" or "Paris" is a word, not a zone.
pub fn region_of_place(words: &[&str]) -> Option<Tz> {
    let words: Vec<&str> = match words.first() {
        Some(w) if w.eq_ignore_ascii_case("us") => words[1..].to_vec(),
        _ => words.to_vec(),
    };
    let first = words.first()?;
    const US: [(&str, Tz); 4] = [
        ("pacific", Tz::America__Los_Angeles),
        ("eastern", Tz::America__New_York),
        ("central", Tz::America__Chicago),
        ("mountain", Tz::America__Denver),
    ];
    // "Central European time" is Europe's: the next word must not name another place.
    let next = words.get(1).map(|w| w.to_ascii_lowercase());
    if let Some((_, tz)) = US.iter().find(|(n, _)| first.eq_ignore_ascii_case(n))
        && next
            .as_deref()
            .is_none_or(|w| matches!(w, "time" | "us" | "usa"))
    {
        return Some(*tz);
    }
    // The place must end the note or be followed by "time": "page load times in London
    // doubled" names no zone.
    let ends_note = |n: usize| {
        words
            .get(n)
            .is_none_or(|w| matches!(w.to_ascii_lowercase().as_str(), "time" | "timezone"))
    };
    const CONTINENTS: [&str; 9] = [
        "Africa/",
        "America/",
        "Antarctica/",
        "Asia/",
        "Atlantic/",
        "Australia/",
        "Europe/",
        "Indian/",
        "Pacific/",
    ];
    let place = |n: usize| -> Option<Tz> {
        let name = words.get(..n)?.join("_");
        if !name.starts_with(|c: char| c.is_ascii_uppercase()) || name.len() < 3 || !ends_note(n) {
            return None;
        }
        if US.iter().any(|(n, _)| name.eq_ignore_ascii_case(n)) {
            return None;
        }
        // A city of a continent (`Europe/Berlin`), not the database's older names
        // (`Canada/Central`, `US/Mountain`).
        chrono_tz::TZ_VARIANTS.iter().copied().find(|tz| {
            CONTINENTS.iter().any(|c| tz.name().starts_with(c))
                && tz
                    .name()
                    .rsplit_once('/')
                    .is_some_and(|(_, city)| city.eq_ignore_ascii_case(&name))
        })
    };
    place(2).or_else(|| place(1))
}

/// When one half of a pair is written (`PST`) but the other was in force on `date` (July:
/// `PDT`), the region's offset that day; `None` when the abbreviation fits the date or is not
/// one half of a pair.
pub fn season_mismatch(abbreviation: &str, date: NaiveDate) -> Option<(Tz, FixedOffset)> {
    let tz = region_of_half(abbreviation)?;
    let written = parse_offset(abbreviation.trim())?;
    let actual = Zone::Region(tz).offset_on(date);
    (actual != written).then_some((tz, actual))
}

/// Read a clock time: `10:30`, `10:30:15`, `10.30`, `1030`, `10:30 AM`, `12;45PM`, `2:05 pm`,
/// `10am`, `23:00-ish`, `~23:00`, `around 23:00`, optionally followed by a zone (`14:51 UTC`).
/// The whole string must be a time (surrounding white space and brackets aside). A region
/// written after it (`10:30 ET`) gives its standard-time offset: the date decides the rest.
pub fn parse_clock(s: &str) -> Option<ParsedTime> {
    parse_clock_zoned(s, false).map(|(p, _)| p)
}

/// [`parse_clock`], also returning the zone as written. `iso` is set for the clock of an ISO
/// date-time (`2025-06-17T09:05-05:00`), where a glued `-05:00` is an offset; after a bare
/// clock it is the end of a range (`10:00-10:15`), never a zone.
pub fn parse_clock_zoned(s: &str, iso: bool) -> Option<(ParsedTime, Option<Zone>)> {
    let (body, approximate) = strip_approx(s.trim());
    let (body, zone) = split_zone(body, iso);
    let (time, twelve_hour) = parse_bare_clock(body)?;
    let b = body.trim_start().as_bytes();
    let one_digit_hour =
        !twelve_hour && b.len() > 1 && b[0].is_ascii_digit() && matches!(b[1], b':' | b'.');
    Some((
        ParsedTime {
            date: None,
            time,
            offset: zone.map(Zone::standard),
            approximate,
            twelve_hour,
            one_digit_hour,
        },
        zone,
    ))
}

/// Remove approximation markers, returning the rest and whether any was found.
pub fn strip_approx(s: &str) -> (&str, bool) {
    let mut s = s.trim();
    let mut approx = false;
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
        if s.get(..prefix.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
        {
            s = s[prefix.len()..].trim_start();
            approx = true;
            break;
        }
    }
    for suffix in ["-ish", " ish", "ish", "?"] {
        if s.len() >= suffix.len()
            && s.is_char_boundary(s.len() - suffix.len())
            && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
        {
            s = s[..s.len() - suffix.len()].trim_end();
            approx = true;
            break;
        }
    }
    (s, approx)
}

/// Split a trailing zone (`14:51 UTC`, `10:30 AM (UTC)`, `09:05+02:00`, `10:30 (PST/PDT)`,
/// `10:30 Europe/Berlin`) off a clock.
fn split_zone(s: &str, iso: bool) -> (&str, Option<Zone>) {
    let s = s.trim();
    // A bracketed note: "(UTC)", "(PST / PDT)".
    if s.ends_with(')')
        && let Some(idx) = s.rfind('(')
        && idx > 0
        && let Some(z) = parse_zone(&s[idx..])
    {
        return (s[..idx].trim_end(), Some(z));
    }
    // Trailing word: "UTC", "PDT", "UTC+2", "GMT-05:00", "Europe/Berlin".
    if let Some(idx) = s.rfind([' ', '(']) {
        let (head, tail) = s.split_at(idx);
        if let Some(z) = parse_zone(tail) {
            return (head.trim_end(), Some(z));
        }
    }
    // Glued: "09:05+02:00", "09:05Z", "10:30UTC".
    for name in ["UTC", "GMT"] {
        if let Some(pos) = s
            .as_bytes()
            .windows(3)
            .position(|w| w.eq_ignore_ascii_case(name.as_bytes()))
            && pos > 0
            && let Some(off) = parse_offset(&s[pos..])
        {
            return (s[..pos].trim_end(), Some(Zone::Fixed(off)));
        }
    }
    if let Some(pos) = s.rfind(['+', '-']).filter(|&p| p >= 4)
        && (s.as_bytes()[pos] == b'+' || iso || s[..pos].matches(':').count() >= 2)
        && let Some(off) = parse_numeric_offset(&s[pos..])
    {
        return (&s[..pos], Some(Zone::Fixed(off)));
    }
    if s.len() > 4 && (s.ends_with('Z') || s.ends_with('z')) {
        return (&s[..s.len() - 1], FixedOffset::east_opt(0).map(Zone::Fixed));
    }
    (s, None)
}

/// `10:05:13.123` → `10:05:13`: a log's fraction of a second says nothing a timeline keeps.
/// Only after a whole `H:MM:SS` (so `10.05` and `1.2.3` are untouched).
fn without_fraction_of_second(s: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let b = s.as_bytes();
    let Some(dot) = b.iter().position(|&c| c == b'.' || c == b',') else {
        return Cow::Borrowed(s);
    };
    let (clock, frac) = (&b[..dot], &b[dot + 1..]);
    let hms = clock.iter().filter(|&&c| c == b':').count() == 2
        && clock.len() >= 7
        && clock[clock.len() - 3] == b':'
        && clock.iter().all(|c| c.is_ascii_digit() || *c == b':');
    let digits = frac.iter().take_while(|c| c.is_ascii_digit()).count();
    if !hms || !(1..=9).contains(&digits) {
        return Cow::Borrowed(s);
    }
    // The fraction's digits go; a suffix after them (` PM`) stays and is read as before.
    match &s[dot + 1 + digits..] {
        "" => Cow::Borrowed(&s[..dot]),
        rest => Cow::Owned(format!("{}{rest}", &s[..dot])),
    }
}

/// `HH:MM[:SS]`, `H.MM`, `HHMM`, `HH;MM`, each with optional am/pm; also `10am`.
fn parse_bare_clock(s: &str) -> Option<(NaiveTime, bool)> {
    let s = without_fraction_of_second(s.trim());
    let s = s.as_ref();
    // The common case without allocating: `H:MM`, `HH:MM`, `HH:MM:SS`.
    let b = s.as_bytes();
    let two = |i: usize| -> Option<u32> {
        let (x, y) = (*b.get(i)?, *b.get(i + 1)?);
        (x.is_ascii_digit() && y.is_ascii_digit())
            .then(|| u32::from(x - b'0') * 10 + u32::from(y - b'0'))
    };
    let colon = b.iter().position(|&c| c == b':');
    if let Some(c @ 1..=2) = colon
        && b[..c].iter().all(u8::is_ascii_digit)
        && (b.len() == c + 3 || (b.len() == c + 6 && b[c + 3] == b':'))
    {
        let h = digits_value(&b[..c]);
        let m = two(c + 1)?;
        let sec = if b.len() == c + 6 { two(c + 4)? } else { 0 };
        return NaiveTime::from_hms_opt(h, m, sec).map(|t| (t, false));
    }
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
    // `22:00hrs`, `20:00 hr`: a clock with a colon and the word for hours after it.
    let digits_part = match digits_part
        .strip_suffix("hrs")
        .or_else(|| digits_part.strip_suffix("hr"))
    {
        Some(d) if d.contains(':') => d.trim_end().to_string(),
        _ => digits_part,
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
            // `1005 hrs` with a space too.
            let d = digits_part
                .strip_suffix("hrs")
                .or_else(|| digits_part.strip_suffix('h'))
                .map(str::trim_end);
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
    // A 24-hour clock with a needless suffix (`20:50pm`, `00:30am`): the digits say it all;
    // `0:30pm` is half past noon where "0 PM" is the custom.
    if let Some(pm) = meridiem
        && (h == 0 || (13..=23).contains(&h))
        && nums.len() >= 2
    {
        let h = if h == 0 && pm { 12 } else { h };
        return NaiveTime::from_hms_opt(h, m, sec).map(|t| (t, false));
    }
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

/// What a whole document says about reading its dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateHints {
    /// The first year written (for `October 21`, which has none).
    pub year: Option<i32>,
    /// Read `05-03-2024` as 3 May (month first): set when the document shows month-first
    /// dates (a `03/24/2024` somewhere); otherwise it is 5 March (day first).
    pub month_first: bool,
    /// The document's entries start with colon-less clocks (`* 2228: alert fires`, `0900 -
    /// back online`): set when at least two lines start with four digits that can only be a
    /// clock. Then `1955:` at the start of an entry is 19:55 too, not the year 1955.
    pub colon_less_clocks: bool,
    /// The document's list items open with a colon-less clock and a word (`- 0932 First
    /// errors`): set when at least three do. Then four digits alone before an entry's words
    /// are its clock.
    pub spaced_clocks: bool,
}

impl DateHints {
    /// Hints with only a year.
    pub fn year(year: Option<i32>) -> Self {
        DateHints {
            year,
            ..DateHints::default()
        }
    }
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

/// Read a date: `2024-08-15`, `2024/08/15`, `15.08.2024`, `15-08-2024`, `August 15, 2024`,
/// `15 August 2024`, `Aug 15th 2024`, `15-Aug-2024`, `Thursday, August 15, 2024`. The whole
/// string must be a date, in [`YEARS`]. Two small numbers (`05/03/2024`) are read day first.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    parse_date_with(s, false)
}

/// [`parse_date`], reading `05-03-2024` month first when `month_first` (dotted dates are
/// always day first). Whichever reading is a real date wins when only one is.
pub fn parse_date_with(s: &str, month_first: bool) -> Option<NaiveDate> {
    parse_date_any_year(s, month_first).and_then(in_years)
}

fn parse_date_any_year(s: &str, month_first: bool) -> Option<NaiveDate> {
    let s = s.trim().trim_end_matches([',', '.', ':']).trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if s.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-') {
        // Year first only with four digits: `26/5/21` is not the year 26.
        let year_first = s.find(['-', '/', '.']).is_some_and(|i| i >= 4);
        for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"]
            .into_iter()
            .filter(|_| year_first)
        {
            if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
                return Some(d);
            }
        }
        if let Some(d) = numeric_date(s, month_first) {
            return Some(d);
        }
    }
    parse_month_name_date(s, None)
}

/// How a `a-b-yyyy` / `a/b/yyyy` / `a.b.yyyy` date can be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateReading {
    /// Only day first is a real date (`24/03/2024`), or the date is dotted.
    DayFirst,
    /// Only month first is a real date (`03/24/2024`).
    MonthFirst,
    /// Both are (`05/03/2024`) and they differ.
    Either,
}

/// The three numbers of a numeric date with the year last, and its separator. The year has
/// four digits, or two (`5-26-21`, `26/05/21`: 2021) when the separator is `-` or `/` and one of
/// the other two numbers is over 12, so the date cannot be a version (`1.2.21`) or a guess.
fn numeric_parts(s: &str) -> Option<(u32, u32, i32, char)> {
    let sep = s.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut parts = s.split(sep);
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit())
    };
    if parts.next().is_some() || !digits(a, 1..=2) || !digits(b, 1..=2) {
        return None;
    }
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    let year: i32 = if digits(y, 4..=4) {
        y.parse().ok()?
    } else if digits(y, 2..=2) && sep != '.' && (a > 12) != (b > 12) {
        // POSIX's pivot for `%y`: 69–99 are 19yy (`12-31-99` is 1999), 00–68 are 20yy.
        let yy = y.parse::<i32>().ok()?;
        if yy >= 69 { 1900 + yy } else { 2000 + yy }
    } else {
        return None;
    };
    Some((a, b, year, sep))
}

/// Which readings of a numeric day-month-year date are real dates; `None` when `s` is not one.
pub fn numeric_date_reading(s: &str) -> Option<DateReading> {
    let (a, b, y, sep) = numeric_parts(s.trim())?;
    let day_first = NaiveDate::from_ymd_opt(y, b, a).is_some();
    let month_first = NaiveDate::from_ymd_opt(y, a, b).is_some();
    match (day_first, month_first) {
        (true, _) if sep == '.' => Some(DateReading::DayFirst),
        (true, true) if a != b => Some(DateReading::Either),
        (true, _) => Some(DateReading::DayFirst),
        (false, true) => Some(DateReading::MonthFirst),
        (false, false) => None,
    }
}

fn numeric_date(s: &str, month_first: bool) -> Option<NaiveDate> {
    let (a, b, y, sep) = numeric_parts(s)?;
    let day_first = NaiveDate::from_ymd_opt(y, b, a);
    if sep == '.' {
        return day_first;
    }
    let month_first_reading = NaiveDate::from_ymd_opt(y, a, b);
    if month_first {
        month_first_reading.or(day_first)
    } else {
        day_first.or(month_first_reading)
    }
}

/// `August 15, 2024`, `15 Aug 2024`, `Aug 15` (with `year_hint`), weekday names ignored.
pub fn parse_month_name_date(s: &str, year_hint: Option<i32>) -> Option<NaiveDate> {
    if s.len() > 64 {
        return None;
    }
    // One lower-cased copy on the stack (at most 64 bytes), read word by word: no allocation.
    let mut buf = [0u8; 64];
    let lower = &mut buf[..s.len()];
    lower.copy_from_slice(s.as_bytes());
    lower.make_ascii_lowercase();
    let lower = std::str::from_utf8(lower).ok()?;
    let words = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '-'))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| weekday(w).is_none() && *w != "of" && *w != "the");
    let mut month = None;
    let mut day = None;
    let mut year = None;
    for w in words {
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

/// A month's full name in French, German, Spanish, Italian, Portuguese or Dutch (`avril`,
/// `März`, `septiembre`, `giugno`, `março`, `mei`), in any case, with or without its accents
/// (`aout`, `Maerz`): postmortems are written in the team's language, and their dates with
/// them. Only whole names: a foreign abbreviation is too often an English word.
fn foreign_month_number(w: &str) -> Option<u32> {
    if !(3..=12).contains(&w.len()) {
        return None;
    }
    // An ASCII word (nearly every one) is lower-cased on the stack; only a word with an
    // accent is copied.
    let mut buf = [0u8; 12];
    let owned;
    let lower: &str = if w.is_ascii() {
        for (b, c) in buf.iter_mut().zip(w.bytes()) {
            *b = c.to_ascii_lowercase();
        }
        std::str::from_utf8(&buf[..w.len()]).ok()?
    } else {
        owned = w.to_lowercase();
        &owned
    };
    let month = match lower {
        "janvier" | "januar" | "enero" | "gennaio" | "janeiro" | "januari" => 1,
        "février" | "fevrier" | "februar" | "febrero" | "febbraio" | "fevereiro" | "februari" => 2,
        "mars" | "märz" | "maerz" | "marz" | "marzo" | "março" | "marco" | "maart" => 3,
        "avril" | "abril" | "aprile" => 4,
        "mai" | "mayo" | "maggio" | "maio" | "mei" => 5,
        "juin" | "juni" | "junio" | "giugno" | "junho" => 6,
        "juillet" | "juli" | "julio" | "luglio" | "julho" => 7,
        "août" | "aout" | "agosto" | "augustus" => 8,
        "septembre" | "septiembre" | "setiembre" | "settembre" | "setembro" => 9,
        "octobre" | "oktober" | "octubre" | "ottobre" | "outubro" => 10,
        "novembre" | "noviembre" | "novembro" => 11,
        "décembre" | "decembre" | "dezember" | "diciembre" | "dicembre" | "dezembro" => 12,
        _ => return None,
    };
    Some(month)
}

/// The month (1–12) a word names: an English name, whole or cut to three letters (`Sep`,
/// `sept`, a trailing `.` allowed) or with one slip of typing (`Febuary`), or a whole name in
/// another language ([`foreign_month_number`]); `None` for any other word.
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
    let w = w.trim_end_matches('.');
    // Every month name this reads, in any of its languages and with one slip, starts with one
    // of these letters: a word that does not (a clock, a number, most words) is none.
    if !w
        .as_bytes()
        .first()
        .is_some_and(|b| b"adefgjlmnosADEFGJLMNOS".contains(b))
    {
        return None;
    }
    if let Some(m) = foreign_month_number(w) {
        return Some(m);
    }
    // Nine letters at most (`september`), and one more typed by a slip (`septembeer`).
    if !(3..=10).contains(&w.len()) {
        return None;
    }
    let abbreviation = w.len() == 3 || w.eq_ignore_ascii_case("sept");
    MONTHS
        .iter()
        .position(|m| {
            m.eq_ignore_ascii_case(w)
                || (abbreviation && m.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w)))
        })
        .or_else(|| MONTHS.iter().position(|m| misspelt_month(w, m)))
        .map(|i| i as u32 + 1)
}

/// Whether `w` is long month name `month` (seven letters or more: `february`, `september`)
/// typed with one slip — two letters swapped, one left out, one doubled or one wrong
/// (`Feburary`, `Febuary`, `Septmber`) — its first three letters right. Shorter names are
/// never guessed: `Augusta` and `Junior` are words of their own.
fn misspelt_month(w: &str, month: &str) -> bool {
    let (w, m) = (w.as_bytes(), month.as_bytes());
    if m.len() < 7 || w.len() < 6 || w.len().abs_diff(m.len()) > 1 {
        return false;
    }
    if !w[..3].eq_ignore_ascii_case(&m[..3]) {
        return false;
    }
    let eq = |a: u8, b: u8| a.eq_ignore_ascii_case(&b);
    // The first difference, then the four ways one slip explains the rest.
    let Some(i) = (0..w.len().min(m.len())).find(|&i| !eq(w[i], m[i])) else {
        return true; // one letter more or less at the end
    };
    let same = |a: &[u8], b: &[u8]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| eq(*x, *y));
    (w.len() == m.len()
        && (same(&w[i + 1..], &m[i + 1..])
            || (i + 1 < w.len()
                && eq(w[i], m[i + 1])
                && eq(w[i + 1], m[i])
                && same(&w[i + 2..], &m[i + 2..]))))
        || (w.len() + 1 == m.len() && same(&w[i..], &m[i + 1..]))
        || (w.len() == m.len() + 1 && same(&w[i + 1..], &m[i..]))
}

/// Monday = 0 for a weekday name or its abbreviation (`mon`, `tues`, `thurs`), in any case.
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
    if !(3..=9).contains(&w.len()) {
        return None;
    }
    let w = if w.eq_ignore_ascii_case("tues") {
        "tue"
    } else if w.eq_ignore_ascii_case("thur") || w.eq_ignore_ascii_case("thurs") {
        "thu"
    } else {
        w
    };
    DAYS.iter()
        .position(|d| {
            d.eq_ignore_ascii_case(w)
                || (w.len() == 3 && d.get(..3).is_some_and(|p| p.eq_ignore_ascii_case(w)))
        })
        .map(|i| i as u32)
}

/// The most words a time expression has ("Thursday, September 15th 2024 10:30 a.m. Pacific
/// Standard Time" has ten): trying every cut of a longer text is quadratic, and it is no time.
const MAX_TIME_WORDS: usize = 16;

/// Read a full time expression: a clock alone, or a date and a clock
/// (`2025-03-09 23:10`, `2017/01/31 23:00-ish`, `2025-06-17T09:05+02:00`,
/// `2024-08-15T10:30:00Z`, `October 21 22:54 UTC`, `Aug 15, 2024 10:30 AM`, `2024-03-05/05:20`).
pub fn parse_time(s: &str) -> Option<ParsedTime> {
    parse_time_with(s, DateHints::default())
}

/// The longest time expression read (a date, a clock, a spelled-out zone); longer input is
/// not a time, and is refused before any work.
const MAX_TIME_TEXT: usize = 120;

/// [`parse_time`] with the document's hints: the year for month-name dates without one
/// (`October 21 22:54 UTC`) and the order of numeric dates. A region written after the clock
/// (`2024-07-01 10:00 ET`) gives the offset in force on that date.
pub fn parse_time_with(s: &str, hints: DateHints) -> Option<ParsedTime> {
    parse_time_zoned(s, hints).map(|(p, _)| p)
}

/// [`parse_time_with`], also returning the zone as written after the clock (a region such as
/// `ET` or `Europe/Berlin` is only fully placed once its day is known).
pub fn parse_time_zoned(s: &str, hints: DateHints) -> Option<(ParsedTime, Option<Zone>)> {
    let s = s.trim();
    if s.is_empty() || s.len() > MAX_TIME_TEXT {
        return None;
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return in_years(dt.date_naive())
            .map(|_| (from_datetime(dt), Some(Zone::Fixed(*dt.offset()))));
    }
    let (body, approx) = strip_approx(s);
    let on = |date: NaiveDate, (mut p, zone): (ParsedTime, Option<Zone>)| {
        p.date = Some(date);
        if let Some(z) = zone.filter(|z| z.is_region()) {
            p.offset = Some(z.offset_at(date.and_time(p.time)));
        }
        p.approximate |= approx;
        (p, zone)
    };
    let date_of = |d: &str| parse_date_with(d, hints.month_first);
    // ISO-ish with a T and maybe no seconds: 2025-06-17T09:05+02:00
    if let Some((d, rest)) = body.split_once('T')
        && let Some(date) = date_of(d)
        && let Some(c) = parse_clock_zoned(rest, true)
    {
        return Some(on(date, c));
    }
    if let Some((mut p, zone)) = parse_clock_zoned(body, false) {
        p.approximate |= approx;
        return Some((p, zone));
    }
    // A date glued to its clock: `2024-03-05/05:20`, `2024-03-05@05:20`.
    if let Some((d, rest)) = body.rsplit_once(['/', '@'])
        && let Some(date) = date_of(d)
        && let Some(c) = parse_clock_zoned(rest, false)
    {
        return Some(on(date, c));
    }
    // Split into a date part and a clock part at every space and try each cut, clock last.
    let words: Vec<&str> = body.split_whitespace().collect();
    if words.len() > MAX_TIME_WORDS {
        return None;
    }
    for cut in 1..words.len() {
        let date_part = words[..cut].join(" ");
        let date = date_of(&date_part).or_else(|| {
            hints.year.and_then(|y| {
                let part = date_part.trim_end_matches([',', ':']);
                parse_month_name_date(part, Some(y)).or_else(|| month_day(part, y, hints))
            })
        });
        if let Some(date) = date
            && let Some(c) = parse_clock_zoned(&words[cut..].join(" "), false)
        {
            return Some(on(date, c));
        }
    }
    // A weekday alone before the clock (`Thurs 07:06 PDT`, `Mon, 14:10`): the clock, on a day
    // the rest of the file gives.
    if let [first, rest @ ..] = words.as_slice()
        && !rest.is_empty()
        && weekday(first.trim_end_matches([',', '.'])).is_some()
        && let Some((mut p, zone)) = parse_clock_zoned(&rest.join(" "), false)
    {
        p.approximate |= approx;
        return Some((p, zone));
    }
    None
}

/// `12-05`, `3/26`: a day written as two numbers without a year (before a clock, as in
/// `[03-26 17:40]`), in `year`. With a dash the month comes first (ISO order without the year);
/// with a slash it is read like a full numeric date (day first unless the document writes
/// month first, or only one reading is a real day).
pub(crate) fn month_day(s: &str, year: i32, hints: DateHints) -> Option<NaiveDate> {
    let sep = if s.contains('-') { '-' } else { '/' };
    let (a, b) = s.split_once(sep)?;
    let number = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit());
    if !number(a) || !number(b) {
        return None;
    }
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    let month_first = NaiveDate::from_ymd_opt(year, a, b);
    let day_first = NaiveDate::from_ymd_opt(year, b, a);
    let d = if sep == '-' || hints.month_first {
        month_first.or(day_first)
    } else {
        day_first.or(month_first)
    };
    d.and_then(in_years)
}

fn from_datetime(dt: chrono::DateTime<FixedOffset>) -> ParsedTime {
    ParsedTime {
        date: Some(dt.date_naive()),
        // `2023-02-15T17:10:15.086Z`: as for a bare clock, a fraction of a second says nothing
        // a timeline keeps (and no export writes it back).
        time: dt.time().with_nanosecond(0).unwrap_or(dt.time()),
        offset: Some(*dt.offset()),
        approximate: false,
        twelve_hour: false,
        one_digit_hour: false,
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
    /// A clock-only time past 12:59 written without am/pm has been read: the run is on a
    /// 24-hour clock, so `11:00` after `23:00` is the next morning, never 11 pm.
    twenty_four_hour: bool,
}

impl ClockResolver {
    pub fn new(date: NaiveDate, offset: FixedOffset) -> Self {
        ClockResolver {
            date,
            offset,
            last_local: None,
            twenty_four_hour: false,
        }
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// A resolver in the state it is in just after reading a time that came out as `at`: the
    /// running day and zone are `at`'s (what a writer needs to know how the next time will read).
    pub fn after(at: Timestamp) -> Self {
        ClockResolver {
            date: at.date_naive(),
            offset: *at.offset(),
            last_local: Some(at.naive_local()),
            twenty_four_hour: false,
        }
    }

    /// The instant of the last time read, if any.
    pub fn last_instant(&self) -> Option<Timestamp> {
        let local = self.last_local?;
        self.offset.from_local_datetime(&local).single()
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

/// Whether a time `back` seconds before the entry above lands, read 12 hours later (as pm), at
/// or after that entry and less than six hours after it.
fn pm_fits(back: i64) -> bool {
    let pm_gap = back - 12 * 3600;
    pm_gap <= 0 && pm_gap > -6 * 3600
}

/// `p` read 12 hours later: a morning hour written without am/pm, meant as pm.
fn as_pm(p: &ParsedTime) -> ParsedTime {
    ParsedTime {
        time: p.time + Duration::hours(12),
        ..*p
    }
}

/// How many clock-only times after a morning hour [`afternoon_follows`] looks at.
const AFTERNOON_AHEAD: usize = 3;

/// Whether the clock-only times written after `p` (`next`, in order) show `p` to be an
/// afternoon hour written without its pm: within [`AFTERNOON_AHEAD`] of them, before any
/// written with am/pm or earlier than `p`, one on the 24-hour clock's afternoon (13:00 or
/// later) at or after `p` read as pm. `12:00`, `01:15`, `01:40`, `14:05`: `01:15` is
/// followed by `14:05`, so it is `13:15`. A time of `p` written with am/pm, or past 11, is
/// never one.
pub fn afternoon_follows<'a>(
    p: &ParsedTime,
    next: impl IntoIterator<Item = &'a ParsedTime>,
) -> bool {
    if p.twelve_hour || !(1..=11).contains(&p.time.hour()) {
        return false;
    }
    let pm = p.time + Duration::hours(12);
    for q in next.into_iter().take(AFTERNOON_AHEAD) {
        if q.twelve_hour || q.date.is_some() || q.time < p.time {
            return false;
        }
        if q.time.hour() >= 13 {
            return q.time >= pm;
        }
    }
    false
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
    /// (same day); `1:05` after `12:50` on a 12-hour clock without am/pm is `13:05` (unless a
    /// time past 12:59 was written before it: a 24-hour clock rolls over); `12:35 AM`
    /// after `11:05 AM` is `12:35 PM`; a large step back rolls over to the next day.
    pub fn place(&mut self, p: &ParsedTime) -> (Timestamp, Placement) {
        self.place_before(p, false)
    }

    /// [`ClockResolver::place`], told whether an afternoon follows `p` (see
    /// [`afternoon_follows`]): then a morning hour written without am/pm that reads as pm just
    /// after the entry before is pm even on a 24-hour clock (`16:20`, `09:00`, `12:00`, `01:15`,
    /// `14:05`: `01:15` is `13:15`, not the next night).
    pub fn place_before(&mut self, p: &ParsedTime, afternoon_next: bool) -> (Timestamp, Placement) {
        let written_24h = !p.twelve_hour && p.time.hour() >= 13;
        let on_24h_clock = self.twenty_four_hour;
        self.twenty_four_hour |= written_24h;
        if p.date.is_some() {
            return self.place_dated(p);
        }
        let Some(last) = self.last_local else {
            return (self.resolve(p), Placement::AsWritten);
        };
        let offset = p.offset.unwrap_or(self.offset);
        let last_utc = to_utc(last, self.offset);
        let candidate = self.date.and_time(p.time);
        let back = (last_utc - to_utc(candidate, offset)).num_seconds();
        if back <= 0 {
            return (self.resolve(p), Placement::AsWritten);
        }
        let hour = p.time.hour();
        if !p.twelve_hour
            && (!on_24h_clock || afternoon_next)
            && (1..=11).contains(&hour)
            && pm_fits(back)
        {
            return (self.resolve_same_day(&as_pm(p)), Placement::ReadAsPm);
        }
        if p.twelve_hour && hour == 0 && (8..=11).contains(&last.hour()) && back <= 12 * 3600 {
            return (self.resolve_same_day(&as_pm(p)), Placement::ReadAsNoon);
        }
        if back <= OUT_OF_ORDER_LIMIT {
            return (self.resolve_same_day(p), Placement::OutOfOrder);
        }
        (self.resolve(p), Placement::RolledOver)
    }

    /// A time written with its date (`2015-02-27 1:50`). It goes where it says, but for one
    /// slip: a 12-hour clock without am/pm after noon. On the same written date as the entry
    /// before, a step back of more than [`OUT_OF_ORDER_LIMIT`] to an hour from 1 to 9 written
    /// with one digit (`07:48` is a 24-hour clock's: a table sorted by hand stays as written) that
    /// lands at most six hours after that entry once read as pm (`12:39`, then `1:50`) is
    /// read as pm: a date written on each entry rules out a roll-over, and entries hours out
    /// of order are rarer than a missing `pm`.
    fn place_dated(&mut self, p: &ParsedTime) -> (Timestamp, Placement) {
        let hour = p.time.hour();
        if let Some(last) = self.last_local
            && p.date == Some(last.date())
            && p.one_digit_hour
            && (1..=9).contains(&hour)
        {
            let back = (last - last.date().and_time(p.time)).num_seconds();
            if back > OUT_OF_ORDER_LIMIT && pm_fits(back) {
                return (self.resolve(&as_pm(p)), Placement::ReadAsPm);
            }
        }
        (self.resolve(p), Placement::AsWritten)
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

/// Long zone names people spell out, with the abbreviation (or IANA name) [`parse_zone`] knows.
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
    ("japan time", "JST"),
    ("pacific standard time", "PST"),
    ("pacific daylight time", "PDT"),
    ("pacific time", "PT"),
    ("mountain time", "MT"),
    ("central time", "CT"),
    ("uk time", "Europe/London"),
    ("london time", "Europe/London"),
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
        if !low.contains(name) {
            continue;
        }
        // One pass per name (linear however often it is written); `out` and `low` keep the
        // same byte offsets because both get the same replacement.
        let abbr_low = abbr.to_lowercase();
        let (mut o, mut l) = (
            String::with_capacity(out.len()),
            String::with_capacity(low.len()),
        );
        let mut last = 0;
        for (pos, _) in low.match_indices(name) {
            o.push_str(&out[last..pos]);
            o.push_str(abbr);
            l.push_str(&low[last..pos]);
            l.push_str(&abbr_low);
            last = pos + name.len();
        }
        o.push_str(&out[last..]);
        l.push_str(&low[last..]);
        out = o;
        low = l;
    }
    out
}

/// [`parse_time`], also reading month-name dates without a year (`October 21 22:54 UTC`)
/// against `year` when one is known.
pub fn parse_time_in_year(s: &str, year: Option<i32>) -> Option<ParsedTime> {
    parse_time_with(s, DateHints::year(year))
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
    fn a_machine_stamp_keeps_whole_seconds() {
        let (p, _) =
            parse_time_zoned("2023-02-15T17:10:15.086Z", DateHints::default()).expect("a stamp");
        assert_eq!(p.time, NaiveTime::from_hms_opt(17, 10, 15).unwrap());
        assert_eq!(p.offset.map(|o| o.local_minus_utc()), Some(0));
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
            ("1005 hrs", t(10, 5)),
            ("23.10", t(23, 10)),
            // A 24-hour clock with a needless suffix: the digits win.
            ("13:00 PM", t(13, 0)),
            ("20:50pm", t(20, 50)),
            ("00:30am", t(0, 30)),
            ("0:30pm", t(12, 30)),
            // A log's fraction of a second.
            ("10:05:13.123", NaiveTime::from_hms_opt(10, 5, 13).unwrap()),
            ("23:59:59,5", NaiveTime::from_hms_opt(23, 59, 59).unwrap()),
            (
                "10:05:13.123 PM",
                NaiveTime::from_hms_opt(22, 5, 13).unwrap(),
            ),
        ];
        for (s, want) in cases {
            assert_eq!(parse_clock(s).map(|p| p.time), Some(want), "{s}");
        }
        for bad in [
            "", "0905", "25:00", "10:7", "hello", "2024", "13 PM", "24:10pm", "1:2:3:4", "12",
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
    fn place_reads_a_dated_morning_hour_after_noon_as_pm() {
        let d = NaiveDate::from_ymd_opt(2015, 3, 26).unwrap();
        let utc = FixedOffset::east_opt(0).unwrap();
        let mut r = ClockResolver::new(d, utc);
        let mut at = |s: &str| {
            let (ts, how) = r.place(&parse_time(s).unwrap());
            (ts.format("%d %H:%M").to_string(), how)
        };
        assert_eq!(at("2015-03-26 19:00").1, Placement::AsWritten);
        assert_eq!(
            at("2015-03-27 09:27"),
            ("27 09:27".into(), Placement::AsWritten)
        );
        assert_eq!(
            at("2015-03-27 12:39"),
            ("27 12:39".into(), Placement::AsWritten)
        );
        assert_eq!(
            at("2015-03-27 1:50"),
            ("27 13:50".into(), Placement::ReadAsPm)
        );
        assert_eq!(
            at("2015-03-27 4:50"),
            ("27 16:50".into(), Placement::ReadAsPm)
        );
        assert_eq!(
            at("2015-03-27 5:04"),
            ("27 17:04".into(), Placement::ReadAsPm)
        );
        // A small step back is an entry out of order; a new date is as written.
        assert_eq!(
            at("2015-03-27 15:30"),
            ("27 15:30".into(), Placement::AsWritten)
        );
        assert_eq!(
            at("2015-03-28 1:10"),
            ("28 01:10".into(), Placement::AsWritten)
        );
        // Read as pm it would land more than six hours later: as written.
        assert_eq!(at("2015-03-28 12:30").1, Placement::AsWritten);
        assert_eq!(
            at("2015-03-28 9:00"),
            ("28 09:00".into(), Placement::AsWritten)
        );
        // Two digits are a 24-hour clock's: an entry hours out of order stays as written.
        assert_eq!(at("2015-03-28 14:21").1, Placement::AsWritten);
        assert_eq!(
            at("2015-03-28 07:48"),
            ("28 07:48".into(), Placement::AsWritten)
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
        assert_eq!(
            abbreviate_zone_names("Timeline (Japan time)"),
            "Timeline (JST)"
        );
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

    #[test]
    fn zones_as_written_and_their_rules() {
        let la = Zone::Region(Tz::America__Los_Angeles);
        assert_eq!(parse_zone("PST/PDT"), Some(la));
        assert_eq!(parse_zone("(pdt / pst)"), Some(la));
        assert_eq!(parse_zone("PT"), Some(la));
        assert_eq!(
            parse_zone("Europe/Berlin"),
            Some(Zone::Region(Tz::Europe__Berlin))
        );
        assert_eq!(parse_zone("Europe/Nowhere"), None);
        // One half of a pair: the region's clock, at the written offset until the day is known.
        assert_eq!(
            parse_zone("CET"),
            FixedOffset::east_opt(3600).map(|written| Zone::Half {
                region: Tz::Europe__Paris,
                written
            })
        );
        assert_eq!(
            parse_zone("IST"),
            FixedOffset::east_opt(5 * 3600 + 1800).map(Zone::Fixed)
        );
        assert_eq!(
            parse_zone("UTC+2"),
            FixedOffset::east_opt(7200).map(Zone::Fixed)
        );
        assert_eq!(parse_zone("nonsense"), None);
        let at = |z: Zone, s: &str| {
            z.offset_at(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap())
                .local_minus_utc()
                / 3600
        };
        assert_eq!(at(la, "2024-07-09 12:00"), -7);
        assert_eq!(at(la, "2024-01-09 12:00"), -8);
        let berlin = Zone::Region(Tz::Europe__Berlin);
        // 02:30 does not exist on 2025-03-30: the offset from before the change.
        assert_eq!(at(berlin, "2025-03-30 02:30"), 1);
        assert_eq!(at(berlin, "2025-03-30 03:30"), 2);
        // 02:30 happens twice on 2025-10-26: the first (summer) one.
        assert_eq!(at(berlin, "2025-10-26 02:30"), 2);
        assert_eq!(
            Zone::Region(Tz::Australia__Sydney).standard(),
            FixedOffset::east_opt(10 * 3600).unwrap()
        );
        let july = NaiveDate::from_ymd_opt(2024, 7, 16).unwrap();
        assert_eq!(
            season_mismatch("PST", july),
            Some((
                Tz::America__Los_Angeles,
                FixedOffset::west_opt(7 * 3600).unwrap()
            ))
        );
        assert_eq!(season_mismatch("PDT", july), None);
        assert_eq!(season_mismatch("UTC", july), None);
        // A region after a dated clock takes that day's offset.
        let p = parse_time("2024-07-01 10:00 ET").unwrap();
        assert_eq!(p.offset, FixedOffset::west_opt(4 * 3600));
        let (p, z) = parse_time_zoned("10:30 (PST/PDT)", DateHints::default()).unwrap();
        assert_eq!((p.offset, z), (FixedOffset::west_opt(8 * 3600), Some(la)));
    }

    #[test]
    fn a_range_is_never_an_offset() {
        // After a bare clock, `-10:15` is a range's end, not a zone.
        assert_eq!(parse_clock("10:00-10:15"), None);
        assert_eq!(parse_clock("~10:00-10:15"), None);
        // ISO date-times and clocks with seconds keep their offsets.
        let p = parse_time("2025-06-17T09:05-05:00").unwrap();
        assert_eq!(p.offset, FixedOffset::west_opt(5 * 3600));
        let p = parse_clock("10:30:00-05:00").unwrap();
        assert_eq!(p.offset, FixedOffset::west_opt(5 * 3600));
        assert_eq!(
            parse_clock("09:05+02:00").unwrap().offset,
            FixedOffset::east_opt(7200)
        );
    }

    #[test]
    fn numeric_dates_in_either_order() {
        let mar5 = NaiveDate::from_ymd_opt(2024, 3, 5);
        let may3 = NaiveDate::from_ymd_opt(2024, 5, 3);
        assert_eq!(parse_date("05-03-2024"), mar5);
        assert_eq!(parse_date_with("05-03-2024", true), may3);
        assert_eq!(parse_date_with("05/03/2024", true), may3);
        // Only one reading is a date: that one, whatever the hint.
        assert_eq!(
            parse_date_with("15-03-2024", true),
            NaiveDate::from_ymd_opt(2024, 3, 15)
        );
        // Dotted dates are day first.
        assert_eq!(parse_date_with("05.03.2024", true), mar5);
        assert_eq!(parse_date("05-Mar-2024"), mar5);
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(
            numeric_date_reading("24/03/2024"),
            Some(DateReading::DayFirst)
        );
        assert_eq!(
            numeric_date_reading("03/24/2024"),
            Some(DateReading::MonthFirst)
        );
        assert_eq!(
            numeric_date_reading("05-03-2024"),
            Some(DateReading::Either)
        );
        assert_eq!(
            numeric_date_reading("05-05-2024"),
            Some(DateReading::DayFirst)
        );
        assert_eq!(numeric_date_reading("2024-03-05"), None);
        // A date glued to its clock.
        for s in ["2024-03-05/05:20", "2024-03-05@05:20"] {
            let p = parse_time(s).unwrap();
            assert_eq!((p.date, p.time), (mar5, t(5, 20)), "{s}");
        }
    }

    #[test]
    fn month_and_weekday_names_in_any_case() {
        assert_eq!(month_number("Mar"), Some(3));
        assert_eq!(month_number("SEPT."), Some(9));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("marc"), None);
        assert_eq!(weekday("Tue"), Some(1));
        assert_eq!(weekday("THURS"), Some(3));
        assert_eq!(weekday("sunday"), Some(6));
        assert_eq!(weekday("sun."), None);
    }

    #[test]
    fn whole_month_names_in_other_languages() {
        for (w, m) in [
            ("avril", 4),
            ("Août", 8),
            ("aout", 8),
            ("März", 3),
            ("Maerz", 3),
            ("septiembre", 9),
            ("giugno", 6),
            ("março", 3),
            ("mei", 5),
            ("DÉCEMBRE", 12),
        ] {
            assert_eq!(month_number(w), Some(m), "{w}");
        }
        // Foreign abbreviations are not read (`avr`, `dic`), nor words near a name.
        for w in ["avr", "dic", "marsh", "maison", "julius"] {
            assert_eq!(month_number(w), None, "{w}");
        }
    }

    #[test]
    fn long_month_names_typed_with_one_slip() {
        // Two letters swapped, one left out, one doubled, one wrong.
        assert_eq!(month_number("Feburary"), Some(2));
        assert_eq!(month_number("febuary"), Some(2));
        assert_eq!(month_number("Septembeer"), Some(9));
        assert_eq!(month_number("Novenber"), Some(11));
        // Two slips, a wrong start, or a short month name: not a month.
        assert_eq!(month_number("Fbeurary"), None);
        assert_eq!(month_number("Xebruary"), None);
        assert_eq!(month_number("Augusta"), None);
        assert_eq!(month_number("Junior"), None);
        assert_eq!(month_number("Octopus"), None);
        assert_eq!(
            parse_month_name_date("Friday 15th Feburary", Some(2019)),
            NaiveDate::from_ymd_opt(2019, 2, 15)
        );
    }

    #[test]
    fn long_input_is_not_a_time_and_costs_nothing() {
        let words = "10:30 ".repeat(50_000);
        assert_eq!(parse_time(&words), None);
        assert_eq!(parse_date(&"5 ".repeat(50_000)), None);
        let names = "pacific standard time ".repeat(20_000);
        assert_eq!(abbreviate_zone_names(&names), "PST ".repeat(20_000));
    }
}

/// A written duration and nothing else: `15 hours 40 minutes`, `3h 45m`, `68 minutes`,
/// `about 2 hours`, `1 day, 3 hrs`, `45 min.`. `None` when the text holds anything else worth
/// reading (a clock time, other words), so a sentence is never taken for a figure.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let lower = text.to_lowercase();
    if lower.contains(':') || lower.len() > 60 {
        return None;
    }
    let mut total: i64 = 0;
    let mut pairs = 0;
    let mut pending: Option<f64> = None;
    // Split "3h45m" and "45min" into numbers and words.
    let mut tokens: Vec<String> = Vec::new();
    for w in lower.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '~' | '≈'))
    {
        let mut cur = String::new();
        let mut digit = None;
        for c in w.chars() {
            let d = c.is_ascii_digit() || c == '.';
            if digit.is_some_and(|was| was != d) && !cur.is_empty() {
                tokens.push(std::mem::take(&mut cur));
            }
            digit = Some(d);
            cur.push(c);
        }
        if !cur.is_empty() {
            tokens.push(cur);
        }
    }
    for tok in tokens {
        let tok = tok.trim_matches('.');
        if tok.is_empty() {
            continue;
        }
        if let Ok(n) = tok.parse::<f64>() {
            if pending.is_some() {
                return None;
            }
            pending = Some(n);
            continue;
        }
        let unit = match tok {
            "d" | "day" | "days" => 86_400.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "and" | "about" | "approximately" | "approx" | "around" | "roughly" | "total"
            | "in" | "a" | "of" | "over" | "nearly" | "almost" => {
                if pending.is_some() {
                    return None;
                }
                continue;
            }
            _ => return None,
        };
        let n = pending.take()?;
        if !(0.0..1.0e6).contains(&n) {
            return None;
        }
        total += (n * unit) as i64;
        pairs += 1;
    }
    (pairs > 0 && pending.is_none() && total > 0).then(|| Duration::seconds(total))
}

/// The duration that ends a text: the longest run of its last words (at most eight) that
/// [`parse_duration`] reads, with `an hour` and `half an hour` as people write them ("the
/// issue had been occurring for ~2 hours" → 2 h; "it took 1 hour and 31 minutes" → 91 min).
/// `None` when the text does not end with a duration.
pub fn trailing_duration(text: &str) -> Option<Duration> {
    trailing_duration_at(text).map(|(d, _)| d)
}

/// [`trailing_duration`], with the byte offset in `text` where the duration's words begin.
fn trailing_duration_at(text: &str) -> Option<(Duration, usize)> {
    let starts: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| {
            !c.is_whitespace() && (i == 0 || text[..i].ends_with(char::is_whitespace))
        })
        .map(|(i, _)| i)
        .collect();
    let from = starts.len().saturating_sub(8);
    starts[from..].iter().find_map(|&i| {
        let words = text[i..]
            .to_lowercase()
            .replace("half an hour", "30 minutes")
            .replace("an hour", "1 hour")
            .replace("one hour", "1 hour");
        parse_duration(&words).map(|d| (d, i))
    })
}

/// Words of a change made to the system, which a duration "ago" then dates (not the impact).
const CHANGE_VERBS: &[&str] = &[
    "deployed",
    "shipped",
    "released",
    "merged",
    "pushed",
    "rolled",
    "upgraded",
    "applied",
    "changed",
    "migrated",
    "installed",
    "configured",
    "updated",
];

/// A moment told as some time before the one an entry is about: "an odd transaction mined
/// roughly 30 minutes earlier", "errors began 2 hours ago", "10 minutes prior". The duration
/// and the words that said it; `None` when the text says nothing of the kind.
pub fn duration_earlier(text: &str) -> Option<(Duration, String)> {
    if text.len() > 2000 {
        return None;
    }
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return None;
    }
    for cue in [" earlier", " ago", " prior", " beforehand"] {
        let mut from = 0;
        while let Some(p) = lower[from..].find(cue) {
            let at = from + p;
            from = at + cue.len();
            // The cue is a whole word ("earlier", not "earliest").
            if lower[from..].starts_with(char::is_alphanumeric) {
                continue;
            }
            // A change made that long ago ("the config change shipped 3 hours ago") is a
            // trigger or a suspect, not the start of the impact.
            let clause = lower[..at].rfind(['.', ';', ',', ':']).map_or(0, |i| i + 1);
            let change = lower[clause..at]
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| CHANGE_VERBS.contains(&w));
            if change {
                continue;
            }
            if let Some((d, start)) = trailing_duration_at(&lower[..at]) {
                return Some((d, lower[start..from].to_string()));
            }
        }
    }
    None
}

#[cfg(test)]
mod duration_tests {
    use super::*;

    #[test]
    fn written_durations() {
        let m = |s: &str| parse_duration(s).map(|d| d.num_minutes());
        assert_eq!(m("15 hours 40 minutes"), Some(15 * 60 + 40));
        assert_eq!(m("3h 45m"), Some(225));
        assert_eq!(m("3h45m"), Some(225));
        assert_eq!(m("68 minutes"), Some(68));
        assert_eq!(m("about 2 hours"), Some(120));
        assert_eq!(m("1 day, 3 hrs"), Some(27 * 60));
        assert_eq!(m("45 min."), Some(45));
        assert_eq!(m("from 10:30 to 12:45"), None);
        assert_eq!(m("2 hours of partial degradation"), None);
        assert_eq!(m("minutes"), None);
        assert_eq!(m("15"), None);
        assert_eq!(
            trailing_duration("it took 1 hour and 31 minutes").map(|d| d.num_minutes()),
            Some(91)
        );
        assert_eq!(
            trailing_duration("had been failing for about an hour").map(|d| d.num_minutes()),
            Some(60)
        );
        assert_eq!(trailing_duration("the cache was cold"), None);
        let (d, said) =
            duration_earlier("a bad batch, loaded roughly 30 minutes earlier.").unwrap();
        assert_eq!(
            (d.num_minutes(), said.as_str()),
            (30, "roughly 30 minutes earlier")
        );
        assert_eq!(
            duration_earlier("errors began 2 hours ago").map(|(d, _)| d.num_minutes()),
            Some(120)
        );
        assert_eq!(duration_earlier("the earliest report came in"), None);
        // A change dated by "ago" is not the start of the impact.
        assert_eq!(
            duration_earlier("Alert fires; on-call suspects the config change shipped 3 hours ago"),
            None
        );
        assert_eq!(duration_earlier("as noted earlier, the queue filled"), None);
    }
}
