//! The clock and date parsers and the resolver on any text: never a panic, whatever the dates.
//! Each line is one time expression; the resolver places them in order, as a timeline does.
#![no_main]

use chrono::{Datelike, FixedOffset, NaiveDate};
use libfuzzer_sys::fuzz_target;
use retrace::ingest::clock;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.lines();
    // The first line picks the day and zone the rest is read against (as `date:` and
    // `timezone:` do), else the ends of the calendar are tried.
    let head = lines.next().unwrap_or("");
    let date = clock::parse_date(head).unwrap_or(if head.len() % 2 == 0 {
        NaiveDate::MAX
    } else {
        NaiveDate::MIN
    });
    let zone = clock::parse_offset(head).unwrap_or(FixedOffset::east_opt(14 * 3600).unwrap());
    let _ = clock::abbreviate_zone_names(head);
    let mut placed = clock::ClockResolver::new(date, zone);
    let mut resolved = clock::ClockResolver::new(date, zone);
    for line in lines.take(64) {
        let _ = clock::parse_clock(line);
        let _ = clock::parse_date(line);
        let _ = clock::parse_month_name_date(line, Some(2024));
        let _ = clock::strip_approx(line);
        if let Some(p) = clock::parse_time_in_year(line, Some(date.year())) {
            let (t, _) = placed.place(&p);
            let _ = t.to_rfc3339();
            let _ = resolved.resolve(&p).to_rfc3339();
        }
    }
});
