//! The Markdown importer's front end (issue 7, items 4–8, 11, 12): which entries a file holds,
//! at what time, in which zone, on which day, under which title, and whether it is an
//! incident at all. Fixtures are under `tests/fixtures/import/`.

use std::path::Path;

use retrace::ingest::cache::Cache;
use retrace::ingest::corpus;
use retrace::ingest::markdown::{NOT_AN_INCIDENT, import};
use retrace::ingest::{Diagnostic, Level, load_str};
use retrace::model::{EventKind, Incident, MilestoneKind};

#[path = "support/import_fixtures.rs"]
mod import_fixtures;
use import_fixtures::{fixture, load, times};

fn texts(inc: &Incident) -> Vec<&str> {
    inc.timeline.iter().map(|e| &*e.text).collect()
}

/// Which events are marked approximate, in timeline order.
fn approximate(inc: &Incident) -> Vec<bool> {
    inc.timeline.iter().map(|e| e.approximate).collect()
}

fn offset(inc: &Incident) -> Option<i32> {
    inc.timezone.map(|z| z.local_minus_utc())
}

/// The warning whose message holds `words`, if any.
fn warning<'a>(d: &'a [Diagnostic], words: &str) -> Option<&'a Diagnostic> {
    d.iter().find(|d| d.message.contains(words))
}

// Item 4: several entries in one paragraph, joined by `<br>`.

#[test]
fn entries_joined_by_inline_breaks_are_each_their_own() {
    let (inc, _) = load("br-paragraph.md");
    assert_eq!(
        times(&inc),
        [
            "2025-03-12T09:10:00+00:00",
            "2025-03-12T09:15:00+00:00",
            "2025-03-12T09:20:00+00:00",
            "2025-03-12T09:50:00+00:00",
            "2025-03-12T10:05:00+00:00",
        ]
    );
    assert_eq!(
        texts(&inc),
        [
            "Config push lands.",
            "Error rate climbs, outage begins.",
            "Pager fires.",
            "Push reverted, service restored.",
            // Inside a table cell a break is a space: the row stays one entry.
            "Status page updated and the incident closed",
        ]
    );
    // The pieces keep the line they were written on.
    assert_eq!(inc.timeline[1].line, inc.timeline[0].line);
}

#[test]
fn entries_run_together_in_a_paragraph_split_at_each_new_sentence_time() {
    let src = "# Push\n\nDate: 2025-03-12\n\n## Timeline\n\n09:10 - Config push lands. 09:15 - Error rate climbs. 09:20 - Pager fires.\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        texts(&inc),
        ["Config push lands.", "Error rate climbs.", "Pager fires."]
    );
    // Other shapes of inline break: `<br />`, `<BR>`, `</p><p>`.
    let src = "# Push\n\nDate: 2025-03-12\n\n## Timeline\n\n<p>09:10 - a</p><p>09:15 - b<BR>09:20 - c<br />09:25 - d</p>\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(texts(&inc), ["a", "b", "c", "d"]);
}

// Item 5: one heading per time.

#[test]
fn a_time_heading_owns_the_paragraphs_and_lists_under_it() {
    let (inc, diags) = load("time-headings.md");
    assert_eq!(
        times(&inc),
        ["2025-05-20T10:00:00+00:00", "2025-05-20T10:30:00+00:00"]
    );
    assert_eq!(
        texts(&inc),
        [
            "Queue depth alert fires. We looked at: broker disk; consumer lag",
            "Consumers restarted, service restored.",
        ]
    );
    assert!(warning(&diags, "no time").is_none(), "{diags:?}");
    // Time headings at the same level as the timeline's own heading, or under a bold one.
    for timeline in ["## Timeline", "**Timeline**"] {
        let src = format!(
            "# Backlog\n\nDate: 2025-05-20\n\n{timeline}\n\n## 10:00 - Alert fires\n\nWe looked at the broker.\n\n- disk\n- lag\n\n## 10:30\n\nRestarted.\n\n## Root cause\n\nPaused workers.\n"
        );
        let (inc, _) = import(Path::new("x.md"), &src).unwrap();
        assert_eq!(
            texts(&inc),
            [
                "Alert fires. We looked at the broker. disk; lag",
                "Restarted."
            ],
            "{timeline}"
        );
        assert_eq!(inc.root_cause.as_deref(), Some("Paused workers."));
    }
}

// Item 6: a time range is never a zone.

#[test]
fn time_ranges_start_at_their_first_time_in_the_stated_zone() {
    let (inc, diags) = load("ranges.md");
    assert_eq!(offset(&inc), Some(2 * 3600));
    assert_eq!(
        times(&inc),
        [
            "2025-06-03T10:00:00+02:00",
            "2025-06-03T10:20:00+02:00",
            "2025-06-03T10:30:00+02:00",
            "2025-06-03T10:45:00+02:00",
            "2025-06-03T11:10:00+02:00",
            // `09:20-09:25Z`: the zone after the range applies to its start.
            "2025-06-03T09:20:00+00:00",
        ]
    );
    assert_eq!(
        texts(&inc),
        [
            "Latency climbs on the EU edge",
            "Pager fires for the edge latency alert",
            "Traffic shifted to the second region",
            "Edge config rolled back",
            "Resolved",
            "Checked from the US side, all green",
        ]
    );
    assert_eq!(approximate(&inc), [true, false, false, false, false, false]);
    // No entry was read as written in a zone -10:15 (or any other made from a range's end).
    for d in &diags {
        assert!(!d.message.contains("-10:"), "{d}");
    }
}

#[test]
fn range_shapes_in_tables_and_with_am_pm() {
    let src = "# Slow pages\n\nDate: 2025-06-03\n\n## Timeline\n\n| Time | Event |\n| --- | --- |\n| 11:30-12:15 PM | Pages slow |\n| 1:00 - 1:20 PM | Cache warmed |\n| 10am-11am | (a stray row) |\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    let hm: Vec<String> = inc
        .timeline
        .iter()
        .map(|e| e.at.format("%H:%M").to_string())
        .collect();
    // A range's am/pm belongs to both ends: 11:30 AM to 12:15 PM, 1 PM to 1:20 PM.
    assert_eq!(hm, ["10:00", "11:30", "13:00"]);
}

// Item 7: zones from a column header, a pair, a dated heading, an IANA name; real rules.

#[test]
fn zone_from_the_time_column_header() {
    let (inc, diags) = load("zone-column.md");
    assert_eq!(offset(&inc), Some(3600));
    assert_eq!(
        times(&inc),
        [
            "2025-01-14T08:40:00+01:00",
            "2025-01-14T08:55:00+01:00",
            "2025-01-14T09:20:00+01:00",
        ]
    );
    assert!(warning(&diags, "no time zone").is_none(), "{diags:?}");
}

#[test]
fn a_day_column_without_dates_leaves_the_time_column_to_speak() {
    // `| Day | Time |` over weekdays or "Day 1": the time is read alone, on the stated day.
    for day in ["Mon", "Day 1"] {
        let src = format!(
            "# Queue stall\n\nDate: 2024-03-04\n\n## Timeline\n\n| Day | Time | Event |\n|---|---|---|\n\
             | {day} | 10:00 | errors start |\n| {day} | 10:20 | the rollback is done |\n"
        );
        let (inc, _) = import(Path::new("x.md"), &src).unwrap();
        assert_eq!(
            times(&inc),
            ["2024-03-04T10:00:00+00:00", "2024-03-04T10:20:00+00:00"],
            "{day}"
        );
    }
}

#[test]
fn a_table_with_weekday_date_and_time_columns_reads_each_for_what_it_holds() {
    // `| Day | Date | Time (UTC) | Event |`: the weekday column is not the date, and rows
    // may end without their closing bar.
    let src = "# Card misuse\n\n## Timeline\n\n| Day | Date (2023) | Time (UTC) | Event |\n\
               |-----|-----|-----|-----|\n\
               | Tue | Mar 14 | 21:05 | A charge nobody made was reported\n\
               | Tue | Mar 14 | 21:20 | The card was frozen\n\
               | Wed | Mar 15 | 09:10 | The bank confirmed the refund\n";
    let (inc, diags) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        [
            "2023-03-14T21:05:00+00:00",
            "2023-03-14T21:20:00+00:00",
            "2023-03-15T09:10:00+00:00",
        ]
    );
    assert!(warning(&diags, "has no time").is_none(), "{diags:?}");
}

#[test]
fn a_zone_pair_takes_the_half_in_force_on_the_date() {
    let (inc, diags) = load("zone-pair.md");
    assert_eq!(offset(&inc), Some(-7 * 3600), "PDT in July");
    assert_eq!(
        times(&inc),
        [
            "2024-07-09T14:05:00-07:00",
            "2024-07-09T14:12:00-07:00",
            "2024-07-09T14:40:00-07:00",
        ]
    );
    assert!(warning(&diags, "said to be in").is_none(), "{diags:?}");
    // The same file in January is in PST.
    let january = fixture("zone-pair.md").replace("2024-07-09", "2024-01-09");
    let (inc, _) = import(Path::new("x.md"), &january).unwrap();
    assert_eq!(offset(&inc), Some(-8 * 3600));
    assert_eq!(inc.timeline[0].at.to_rfc3339(), "2024-01-09T14:05:00-08:00");
}

#[test]
fn a_timeline_crossing_a_change_of_the_clocks_gets_both_offsets() {
    let (inc, _) = load("zone-dst.md");
    // The incident keeps the offset at its start.
    assert_eq!(offset(&inc), Some(-7 * 3600));
    assert_eq!(
        times(&inc),
        [
            "2024-11-02T23:30:00-07:00",
            "2024-11-03T00:45:00-07:00",
            // US clocks went back at 02:00 on 2024-11-03.
            "2024-11-03T03:10:00-08:00",
        ]
    );
    // Europe/Berlin, dated entries either side of the spring change (2025-03-30 02:00).
    let (inc, _) = load("zone-iana.md");
    assert_eq!(offset(&inc), Some(3600));
    assert_eq!(
        times(&inc),
        [
            "2025-03-30T01:30:00+01:00",
            "2025-03-30T04:00:00+02:00",
            "2025-03-30T09:15:00+02:00",
        ]
    );
}

#[test]
fn zone_from_a_dated_heading() {
    let (inc, diags) = load("zone-heading.md");
    assert_eq!(offset(&inc), Some(0));
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2025-01-01")
    );
    assert_eq!(
        times(&inc),
        [
            "2025-01-01T00:05:00+00:00",
            "2025-01-01T00:20:00+00:00",
            "2025-01-01T01:10:00+00:00",
        ]
    );
    assert!(warning(&diags, "no time zone").is_none(), "{diags:?}");
}

#[test]
fn iana_names_and_two_season_names_on_entries_and_notes() {
    let src = "# Checkout slow\n\nDate: 2024-07-04\n\nAll times are America/New_York.\n\n## Timeline\n\n- 10:00 - Checkout slow\n- 10:30 - Fixed\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(offset(&inc), Some(-4 * 3600));
    assert_eq!(inc.timeline[0].at.to_rfc3339(), "2024-07-04T10:00:00-04:00");
    // `ET` written on each entry: Eastern time, daylight saving in July.
    let src = "# Checkout slow\n\nDate: 2024-07-04\n\n## Timeline\n\n- 10:00 ET - Checkout slow\n- 10:30 ET - Fixed\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        ["2024-07-04T10:00:00-04:00", "2024-07-04T10:30:00-04:00"]
    );
}

#[test]
fn one_half_of_a_pair_on_the_wrong_season_is_read_as_that_clock_and_warned() {
    // People write the name they are used to for their wall clock: `PST` in July is Pacific
    // time, then at -07:00.
    let (inc, diags) = load("zone-season.md");
    assert_eq!(offset(&inc), Some(-7 * 3600));
    assert_eq!(inc.timeline[0].at.to_rfc3339(), "2024-07-16T09:00:00-07:00");
    // On an entry too, and the other way round (`EDT` in February is at -05:00).
    let src = "# Feed stalls\n\nDate: 2024-02-06\n\n## Timeline\n\n- 09:00 EDT - Feed stalls\n- 09:30 EDT - Feed restarted\n";
    let (winter, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        winter.timeline[0].at.to_rfc3339(),
        "2024-02-06T09:00:00-05:00"
    );
    let summer = src
        .replace("2024-02-06", "2024-08-06")
        .replace("EDT", "EST");
    let (summer, _) = import(Path::new("x.md"), &summer).unwrap();
    assert_eq!(
        summer.timeline[0].at.to_rfc3339(),
        "2024-08-06T09:00:00-04:00"
    );
    let w = warning(&diags, "said to be in PST").expect("a warning about PST in July");
    assert!(
        w.message.contains("America/Los_Angeles") && w.message.contains("-07:00"),
        "{w}"
    );
    assert_eq!(w.line, 5, "located at the note");
}

// Item 8: dates people write.

#[test]
fn day_first_dates_when_the_file_shows_it() {
    let (inc, diags) = load("dates-day-first.md");
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-05")
    );
    assert_eq!(
        times(&inc),
        [
            "2024-03-05T09:00:00+00:00",
            "2024-03-05T09:20:00+00:00",
            // `2024-03-05/05:20` style: a date glued to its clock.
            "2024-03-05T10:05:00+00:00",
        ]
    );
    assert!(warning(&diags, "reads both").is_none(), "{diags:?}");
    let (inc, diags) = load("dates-month-first.md");
    assert_eq!(
        times(&inc),
        ["2024-05-03T09:00:00+00:00", "2024-05-03T09:40:00+00:00"]
    );
    assert!(warning(&diags, "reads both").is_none(), "{diags:?}");
}

#[test]
fn an_ambiguous_numeric_date_is_read_day_first_and_warned_where_it_is() {
    let (inc, diags) = load("dates-ambiguous.md");
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-05")
    );
    let w = warning(&diags, "reads both day first and month first").expect("a warning");
    assert_eq!(w.line, 5);
    assert!(
        w.message.contains("05-03-2024") && w.message.contains("2024-03-05"),
        "{w}"
    );
}

#[test]
fn a_day_without_a_time_is_never_the_previous_rows_time() {
    let (inc, diags) = load("dates-unknown-time.md");
    assert_eq!(
        times(&inc),
        [
            "2024-03-04T16:40:00+00:00",
            // `| 2024-03-05 | --:-- |`: start of that day, approximate.
            "2024-03-05T00:00:00+00:00",
            "2024-03-05T09:30:00+00:00",
            // `- 2024-03-05: At 12:50 UTC …`: the time inside the text.
            "2024-03-05T12:50:00+00:00",
            // `- 2024-03-06 --:-- - …`
            "2024-03-06T00:00:00+00:00",
        ]
    );
    assert_eq!(approximate(&inc), [false, true, false, false, true]);
    assert_eq!(
        &*inc.timeline[3].text,
        "At 12:50 UTC the bug is triggered again by the noon import"
    );
    assert_eq!(&*inc.timeline[4].text, "Fix for the import shipped");
    assert!(warning(&diags, "gives a day but no time").is_some());
}

#[test]
fn impossible_dates_and_times_are_warned_where_they_are() {
    let (inc, diags) = load("dates-invalid.md");
    assert_eq!(
        times(&inc),
        [
            "2024-02-28T22:00:00+00:00",
            // `24:00` is midnight at the end of the 28th.
            "2024-02-29T00:00:00+00:00",
            // Real clocks under dates that are not real: on the running day, approximate.
            "2024-02-29T10:30:00+00:00",
            "2024-02-29T10:40:00+00:00",
            // `25:10`: no time; said, and placed at the entry before.
            "2024-02-29T10:40:00+00:00",
        ]
    );
    assert_eq!(approximate(&inc), [false, false, true, true, true]);
    let at = |words: &str| {
        let d = warning(&diags, words).unwrap_or_else(|| panic!("no warning {words}: {diags:?}"));
        (d.line, d.col)
    };
    assert_eq!(at("24:00 read as 00:00"), (8, 1));
    assert_eq!(at("2024-02-30 is not a real date"), (9, 1));
    assert_eq!(at("Feb 30 is not a real date"), (10, 1));
    assert_eq!(at("25:10 is not a time of day"), (11, 1));
}

#[test]
fn a_date_written_anywhere_is_found() {
    for (src, want) in [
        (
            "# Outage\n\nThe queue stalled on 05-Mar-2024.\n\n## Timeline\n\n- 10:00 - stalled\n",
            "2024-03-05",
        ),
        (
            "# Outage\n\n## Timeline\n\n- 2024-03-05/10:00 - stalled\n- 10:20 - fixed\n",
            "2024-03-05",
        ),
        (
            "# Outage\n\n## Timeline\n\n- 10:00 - stalled\n\n## Notes\n\nWritten up on 24/03/2024 by the on-call.\n",
            "2024-03-24",
        ),
    ] {
        let (inc, diags) = import(Path::new("x.md"), src).unwrap();
        assert!(!inc.undated, "{src}");
        assert_eq!(
            inc.date.map(|d| d.to_string()).as_deref(),
            Some(want),
            "{src}"
        );
        assert!(warning(&diags, "1970").is_none(), "{diags:?}");
    }
    // No date at all: the warning stays.
    let (inc, diags) = import(
        Path::new("x.md"),
        "# Outage\n\n## Timeline\n\n- 10:00 - stalled\n",
    )
    .unwrap();
    assert!(inc.undated);
    assert!(warning(&diags, "no date found").is_some());
}

/// The dates of a file's events, in timeline order.
fn days(inc: &Incident) -> Vec<String> {
    inc.timeline
        .iter()
        .map(|e| e.at.date_naive().to_string())
        .collect()
}

#[test]
fn day_labels_without_a_year_date_the_entries_under_them() {
    // A weekday, an ordinal day and the month , the year from the title.
    let src = "# 2023-04-17 Uploads stuck\n\n## Timeline\n\nAll times UTC.\n\n\
               Friday 14th April\n\n10:05: the change was merged\n\n\
               A user wrote in about it.\n\n11:40: we looked at the queue\n\n\
               Monday 17th April\n\n08:15: the job was run again\n\n09:30: uploads flow again\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        days(&inc),
        ["2023-04-14", "2023-04-14", "2023-04-17", "2023-04-17"]
    );
    // A long month name typed with two letters swapped.
    let src =
        "# Outage\n\n## Timeline\n\nTuesday 3rd Feburary 2026\n\n- 10:00 stalled\n- 10:30 fixed\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(days(&inc), ["2026-02-03", "2026-02-03"]);
}

#[test]
fn entries_led_by_a_weekday_alone_take_the_day_that_falls_on_it() {
    // A blog post: the front matter dates the post (a Tuesday); the entries name only their
    // weekday, and the day that falls on it is written in the text.
    let src = "---\nheading: \"Post-mortem: queue backlog\"\ndate: 2024-05-14\n---\n\n\
               On Thursday 9 May we saw a backlog of jobs.\n\n\
               ### Incident timeline\n\n\
               - Thurs 07:06 PDT: the team was paged for a growing backlog\n\
               - Thurs 07:28 PDT: a hotfix rolls out\n\
               - Thurs 07:50 PDT: the backlog is empty\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        [
            "2024-05-09T07:06:00-07:00",
            "2024-05-09T07:28:00-07:00",
            "2024-05-09T07:50:00-07:00"
        ]
    );
    // No day written on that weekday: the stated day stays.
    let src = src.replace("On Thursday 9 May", "Last week");
    let (inc, _) = import(Path::new("x.md"), &src).unwrap();
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2024-05-14")
    );
}

#[test]
fn the_day_above_an_untitled_timeline_wins_over_a_summary_date() {
    // The summary's date is the write-up's; the day heading over the entries is theirs.
    let src = "## Summary\n\nDate: Mon 14 Nov 2022 (~0910) to Mon 14 Nov 2022 (~1030)\n\n\
               ## How we fixed it\n\n### Tue 8 Nov 2022\n\n\
               ~0900: a release changed the image links\n\n\
               0910 : support noticed the charts were blank\n\n\
               1030: the release was reverted and the charts came back\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(days(&inc), ["2022-11-08", "2022-11-08", "2022-11-08"]);
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2022-11-08")
    );
}

// Item 11: an H1 that holds a date is the title.

#[test]
fn a_dated_h1_is_the_title() {
    let (inc, _) = load("title-dated.md");
    assert_eq!(inc.title, "March 5th, 2024 CI outage");
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-05")
    );
}

/// "# Post-Incident Summary: Cart API rollback": a section's name, then the incident's, in the
/// H1 — the title is the name after the colon, never a bold field line below it.
#[test]
fn an_h1_naming_a_section_then_the_incident_gives_the_title() {
    for h1 in [
        "Post-Incident Summary: Ledger export stall",
        "Incident Summary: Ledger export stall",
        "Root Cause Analysis: Ledger export stall",
    ] {
        let src = format!(
            "# {h1}\n\n**Incident ID:** INC-88\n**Date:** 2025-05-05\n\n## Timeline\n\n- 09:10 UTC - Export jobs stall\n- 09:40 UTC - Worker pool restarted, exports flow\n"
        );
        let (inc, _) = import(Path::new("x.md"), &src).unwrap();
        assert_eq!(inc.title, "Ledger export stall", "{h1}");
    }
    // A section heading alone is still no title.
    let src = "# Summary\n\nThe ledger export stalled.\n\n## Timeline\n\n- 09:10 UTC - Export jobs stall\n";
    let (inc, _) = import(Path::new("ledger-stall.md"), src).unwrap();
    assert_ne!(inc.title, "Summary");
}

// Item 12: not every Markdown file is an incident.

#[test]
fn a_readme_or_a_list_named_alone_imports_with_a_warning() {
    for name in ["readme-not-incident.md", "shopping-list.md"] {
        let l = load_str(Path::new(name), &fixture(name)).unwrap();
        assert!(!l.looks_like_incident, "{name}");
        let w = warning(&l.diagnostics, NOT_AN_INCIDENT).expect("a warning");
        assert_eq!(w.level, Level::Warning);
    }
}

#[test]
fn every_postmortem_fixture_looks_like_an_incident() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if matches!(name.as_str(), "readme-not-incident.md" | "shopping-list.md") {
            continue;
        }
        let l = load_str(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(l.looks_like_incident, "{name}: {}", l.incident.title);
        assert!(warning(&l.diagnostics, NOT_AN_INCIDENT).is_none(), "{name}");
    }
}

#[test]
fn a_folder_scan_skips_files_that_are_not_incidents_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["seed.md", "readme-not-incident.md", "shopping-list.md"] {
        std::fs::write(dir.path().join(name), fixture(name)).unwrap();
    }
    let c = corpus::load_all_cached(&[dir.path().to_path_buf()], Cache::disabled(), |_| ()).0;
    let loaded: Vec<String> = c
        .loaded
        .iter()
        .map(|l| l.path.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    assert_eq!(loaded, ["seed.md"]);
    assert!(c.errors.is_empty());
    let skipped: Vec<String> = c
        .skipped
        .iter()
        .map(|d| d.path.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    assert_eq!(skipped, ["readme-not-incident.md", "shopping-list.md"]);
    for note in &c.skipped {
        assert_eq!(note.level, Level::Note);
        assert!(note.message.starts_with(NOT_AN_INCIDENT), "{note}");
        assert!(
            note.to_string().contains(": note: not an incident"),
            "{note}"
        );
    }
    // Named on the command line, the README is imported (with its warning).
    let readme = dir.path().join("readme-not-incident.md");
    let c = corpus::load_all_cached(std::slice::from_ref(&readme), Cache::disabled(), |_| ()).0;
    assert_eq!(c.loaded.len(), 1);
    assert!(c.skipped.is_empty());
    assert!(warning(&c.loaded[0].diagnostics, NOT_AN_INCIDENT).is_some());
    // A file found later in a watched folder goes through the same decision.
    assert!(matches!(
        corpus::load_found(&readme),
        corpus::Found::Skipped(_)
    ));
    assert!(matches!(
        corpus::load_found(&dir.path().join("seed.md")),
        corpus::Found::Incident(_)
    ));
}

// Times written `HHMM` without a colon: a clock only with a zone, a date or a glued separator
// beside it, never a year, a count or a ticket number.

#[test]
fn four_digit_times_with_a_zone_a_date_or_a_separator_are_clocks() {
    let (inc, _) = load("hhmm.md");
    let timed: Vec<String> = inc
        .timeline
        .iter()
        .filter(|e| !e.approximate)
        .map(|e| e.at.to_rfc3339())
        .collect();
    assert_eq!(
        timed,
        [
            "2025-05-06T06:12:00+00:00",
            "2025-05-06T06:19:00+00:00",
            "2025-05-06T06:31:00+00:00",
            "2025-05-06T07:02:00+00:00",
            "2025-05-06T07:44:00+00:00",
        ]
    );
    let texts = texts(&inc);
    assert!(
        texts.contains(&"ledger writers stop committing blocks"),
        "{texts:?}"
    );
    // The count and the year stay words: notes joined to the entry before (a timeline told
    // mostly in timed entries), never a time of their own.
    for words in ["1500 writes were queued", "2019 was the last time"] {
        let e = inc.timeline.iter().find(|e| e.text.contains(words));
        assert!(
            e.is_some_and(|e| e.at.to_rfc3339() == "2025-05-06T07:02:00+00:00"),
            "{words}: {texts:?}"
        );
    }
}

// A timeline fenced as code (to keep its columns) is read; a fenced log or command is not.

#[test]
fn a_fenced_timeline_is_read_and_fenced_logs_are_not() {
    let (inc, _) = load("fenced-timeline.md");
    assert_eq!(
        times(&inc),
        [
            "2025-02-11T08:02:00+00:00",
            "2025-02-11T08:15:00+00:00",
            "2025-02-11T08:40:00+00:00",
            "2025-02-11T08:52:00+00:00",
        ]
    );
    assert_eq!(texts(&inc)[0], "indexer stops committing new documents");
}

// A template that fences every section as Markdown ("```md"): the fence shows prose, so its
// timeline is read; a block of another language stays code.

#[test]
fn a_timeline_fenced_as_markdown_is_read() {
    let (inc, _) = load("template-fenced-as-markdown.md");
    assert_eq!(
        times(&inc),
        [
            "2025-03-14T14:05:00+00:00",
            "2025-03-14T14:07:00+00:00",
            "2025-03-14T14:09:00+00:00",
            "2025-03-14T14:31:00+00:00",
            "2025-03-14T14:50:00+00:00",
        ]
    );
    assert!(texts(&inc)[0].starts_with("Order workers stop"));
}

// "21:10 頃" (about, a space apart) and "21:10〜" (from then on): each row keeps its time.

#[test]
fn east_asian_marks_a_space_apart_or_a_wave_dash_keep_the_rows_time() {
    let (inc, _) = load("east-asian-marks-apart.md");
    assert_eq!(
        times(&inc),
        [
            "2025-11-03T21:10:00+09:00",
            "2025-11-03T21:10:00+09:00",
            "2025-11-03T21:40:00+09:00",
            "2025-11-03T22:05:00+09:00",
        ]
    );
    assert_eq!(approximate(&inc), [true, false, true, false]);
}

// A line that is a zone alone (`**CET**`) above the list: the timeline's zone.

#[test]
fn a_zone_alone_on_the_line_above_the_timeline_is_its_zone() {
    let (inc, _) = load("zone-line-above-timeline.md");
    assert_eq!(offset(&inc), Some(3600));
    assert_eq!(times(&inc)[0], "2025-02-04T19:40:00+01:00");
}

// "Unless otherwise noted, all times are on <date>": the clock-only entries are on that day,
// even after an entry that gives a day of its own.

#[test]
fn a_note_giving_every_entry_a_day_sets_it() {
    let (inc, _) = load("default-day.md");
    assert_eq!(
        times(&inc),
        [
            "2024-09-16T22:40:00+00:00",
            "2024-09-18T06:05:00+00:00",
            "2024-09-18T06:20:00+00:00",
        ]
    );
    // The incident's date is the day impact began (the day the note names), not the day of the
    // lead-up entry before it.
    assert_eq!(inc.date, chrono::NaiveDate::from_ymd_opt(2024, 9, 18));
}

// Clock times in prose paragraphs outside the timeline are told about, not entries.

#[test]
fn clock_times_in_prose_outside_the_timeline_are_not_events() {
    let (inc, _) = load("prose-times.md");
    assert_eq!(
        times(&inc),
        [
            "2025-07-08T02:10:00+00:00",
            "2025-07-08T02:25:00+00:00",
            "2025-07-08T03:05:00+00:00",
            "2025-07-08T04:40:00+00:00",
        ]
    );
}

// A dated line before the entries (`**March 3, 2024**`, `On 2024-03-04:`) gives their day.

#[test]
fn a_dated_line_before_entries_gives_their_day() {
    let (inc, _) = load("precursor-date.md");
    assert_eq!(
        times(&inc),
        [
            "2024-03-03T21:50:00+00:00",
            "2024-03-03T22:05:00+00:00",
            "2024-03-04T00:40:00+00:00",
            "2024-03-04T01:10:00+00:00",
        ]
    );
    assert_eq!(inc.date, chrono::NaiveDate::from_ymd_opt(2024, 3, 3));
}

// A bold time whose text wraps onto the next line, and a time heading with several paragraphs
// and a list under it, are one entry each.

#[test]
fn wrapped_bold_entries_and_long_time_headings_are_one_entry_each() {
    let (inc, _) = load("wrapped-bold.md");
    assert_eq!(
        times(&inc),
        [
            "2025-10-02T14:05:00+00:00",
            "2025-10-02T14:12:00+00:00",
            "2025-10-02T14:30:00+00:00",
            "2025-10-02T14:45:00+00:00",
        ]
    );
    let texts = texts(&inc);
    assert!(texts[0].ends_with("defaults it shipped with."), "{texts:?}");
    assert!(texts[1].contains("acknowledges"), "{texts:?}");
    assert!(
        texts[2].contains("Clients pick up fresh flags"),
        "{texts:?}"
    );
    assert!(
        texts[2].contains("no errors in the client logs"),
        "{texts:?}"
    );
}

// A time written twice, in two zones (`09:05 EDT (13:05 UTC): …`), is one entry.

#[test]
fn a_time_repeated_in_another_zone_is_one_entry() {
    let (inc, _) = load("zone-twice.md");
    assert_eq!(
        times(&inc),
        [
            "2025-06-14T09:05:00-04:00",
            "2025-06-14T10:40:00-04:00",
            "2025-06-14T21:10:00-04:00",
            // No zone on the first half: the repeat gives the instant, and the bare clock's
            // own zone is the difference (06:30 beside 10:30 UTC is -04:00).
            "2025-06-15T06:30:00-04:00",
            "2025-06-15T11:00:00+00:00",
            "2025-06-15T11:15:00-04:00",
        ]
    );
    assert_eq!(
        texts(&inc),
        [
            "A customer forwards a suspicious email that copies our login page.",
            "The on-call admin starts looking at the sending domain.",
            "The domain is reported to its registrar.",
            "The registrar suspends the domain.",
            "Incident closed after a quiet night.",
            "A reminder is posted for all users.",
        ]
    );
    // No zone anywhere but on the repeat: the repeat gives the instant; the bare clocks are
    // the writer's, at the difference (-04:00).
    let src = "# Queue stall\n\nDate: 2025-06-15\n\n## Timeline\n\n- 06:30 (10:30 UTC): Queue stalls.\n- 07:00 [11:00 UTC] - Consumers restarted.\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        ["2025-06-15T06:30:00-04:00", "2025-06-15T07:00:00-04:00"]
    );
    assert_eq!(texts(&inc), ["Queue stalls.", "Consumers restarted."]);
}

// The day written after the time (`11:14 UTC Tuesday Aug 28 - …`) is the entry's day.

#[test]
fn a_day_written_after_the_time_dates_the_entry() {
    let (inc, _) = load("date-after-time.md");
    assert_eq!(
        times(&inc),
        [
            "2018-08-27T19:00:00+00:00",
            "2018-08-27T19:26:00+00:00",
            "2018-08-27T22:41:00+00:00",
            "2018-08-28T11:14:00+00:00",
            "2018-08-28T12:22:00+00:00",
            // A table's time cell holding the day after the time.
            "2018-08-30T09:00:00+00:00",
        ]
    );
    assert_eq!(
        &*inc.timeline[0].text,
        "Name server records moved; lookups begin to fail."
    );
    assert_eq!(&*inc.timeline[3].text, "Records added at the new provider.");
    // A day in the entry's own words is prose, not the entry's day.
    let src = "# Cache\n\nDate: 2024-03-05\n\n## Timeline\n\n- 10:00 - Cache warmed as on Mar 1.\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(times(&inc), ["2024-03-05T10:00:00+00:00"]);
}

// A date with a two-digit year (`5-26-21`) when one number is over 12 and cannot be a month.

#[test]
fn a_two_digit_year_date_in_the_title_dates_the_incident() {
    let src = "# Docs site down 5-26-21\n\n## Timeline\n\n- 04:49 PM UTC Default branch renamed\n- 04:52 PM UTC Site returns 404 for every page\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        ["2021-05-26T16:49:00+00:00", "2021-05-26T16:52:00+00:00"]
    );
    let day_first = src.replace("5-26-21", "26/5/21");
    let (inc, _) = import(Path::new("x.md"), &day_first).unwrap();
    assert_eq!(inc.timeline[0].at.to_rfc3339(), "2021-05-26T16:49:00+00:00");
    // Both numbers could be a month, or dots (a version): not a date.
    for not_a_date in ["5-6-21", "1.2.21"] {
        let src = src.replace("5-26-21", not_a_date);
        let (inc, _) = import(Path::new("x.md"), &src).unwrap();
        let read = inc.date.map(|d| d.to_string());
        assert!(
            !matches!(
                read.as_deref(),
                Some("2021-05-06" | "2021-06-05" | "2021-02-01")
            ),
            "{not_a_date}: {read:?}"
        );
    }
}

// Zones written once: a note wrapped onto the next line, a zone beside a clock in a sentence,
// a zone's name spelled out in the timeline's heading.

#[test]
fn a_zone_note_wrapped_onto_the_next_line() {
    let (inc, diags) = load("zone-wrapped.md");
    assert_eq!(offset(&inc), Some(3600));
    assert_eq!(times(&inc)[0], "2024-11-04T06:10:00+01:00");
    assert!(warning(&diags, "no time zone").is_none(), "{diags:?}");
}

#[test]
fn a_zone_written_once_beside_a_clock_in_prose() {
    let (inc, _) = load("zone-in-prose.md");
    assert_eq!(offset(&inc), Some(0));
    assert_eq!(
        times(&inc),
        ["2024-02-09T03:15:00+00:00", "2024-02-09T04:02:00+00:00"]
    );
}

/// A status page's front matter stamps its end by machine, in UTC (`resolvedWhen:
/// 2024-03-12T21:05:41.512Z`); the people who wrote the story gave their zone beside a clock in
/// a sentence ("around 2:47pm EDT"), and that is the zone of the timeline's bare clocks.
#[test]
fn a_machine_stamp_in_utc_does_not_speak_for_the_timelines_clocks() {
    let (inc, _) = load("zone-in-prose-machine-stamp.md");
    assert_eq!(offset(&inc), Some(-4 * 3600));
    assert_eq!(times(&inc)[0], "2024-03-12T14:47:00-04:00");
}

#[test]
fn a_zone_spelled_out_in_the_timeline_heading_beats_one_on_an_entry() {
    let (inc, _) = load("zone-spelled-heading.md");
    assert_eq!(offset(&inc), Some(9 * 3600));
    assert_eq!(
        times(&inc),
        ["2024-05-20T21:30:00+09:00", "2024-05-20T21:52:00+09:00"]
    );
}

#[test]
fn the_databases_older_zone_names_are_regions() {
    let (inc, _) = load("zone-us-legacy.md");
    assert_eq!(offset(&inc), Some(-7 * 3600), "US/Pacific in June");
    assert_eq!(
        times(&inc),
        ["2023-06-03T09:00:00-07:00", "2023-06-03T09:40:00-07:00"]
    );
}

#[test]
fn a_zone_in_the_date_column_header_holds_for_its_date_and_time_cells() {
    let src = "# Chain halt\n\n## Timeline\n\n| Date (CET) | Actor | Event |\n| --- | --- | --- |\n| 2025-03-11 21:52 | Ana | Report received |\n| 2025-03-12 10:00 | Ben | Patch shipped |\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(offset(&inc), Some(3600));
    assert_eq!(
        times(&inc),
        ["2025-03-11T21:52:00+01:00", "2025-03-12T10:00:00+01:00"]
    );
}

// Review findings: the hour lived twice, two different zoned times, a two-digit year's century.

#[test]
fn a_named_half_picks_its_side_of_the_hour_lived_twice() {
    let src = "# Clock change night\n\n## Timeline\n\n- 2024-11-03 01:40 PDT Alerts fire on the queue\n- 2024-11-03 01:10 PST Rolled back the consumer; resolved\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        ["2024-11-03T01:40:00-07:00", "2024-11-03T01:10:00-08:00"]
    );
}

#[test]
fn two_zoned_times_that_differ_are_not_one_time_twice() {
    let src = "# Window\n\nDate: 2024-05-02\n\n## Timeline\n\n- 14:00 UTC / 15:30 UTC Planned maintenance window\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(times(&inc)[0], "2024-05-02T14:00:00+00:00");
    assert!(
        inc.timeline[0].text.contains("15:30"),
        "{}",
        inc.timeline[0].text
    );
}

#[test]
fn a_two_digit_year_from_69_is_in_the_1900s() {
    let src = "# Year end\n\n## Timeline\n\n- 12-31-99 23:50 Batch stalls\n- 1-13-00 00:30 Batch restarted; resolved\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(inc.timeline[0].at.to_rfc3339(), "1999-12-31T23:50:00+00:00");
}

// Session 5: kinds of postmortem that lost entries or days on files nobody here had seen.

/// The incident's date, as `YYYY-MM-DD`.
fn day(inc: &Incident) -> String {
    inc.date.map(|d| d.to_string()).unwrap_or_default()
}

// A day written as two numbers without a year, before the clock: `[03-26 17:40]`.

#[test]
fn a_month_and_day_without_a_year_before_the_clock_dates_each_entry() {
    for (first, second) in [
        ("[04-28 21:40]", "[04-29 06:05]"),
        // With a slash, read like a full date: here only month first is a real day.
        ("4/28 21:40 -", "4/29 06:05 -"),
        ("**04-28 21:40**", "**04-29 06:05**"),
    ] {
        let src = format!(
            "# Ledger sync stall, April 2022\n\nAll times in UTC.\n\n## Timeline\n\n- {first} Batch job wedges on a lock\n- {second} On-call sees the backlog\n"
        );
        let (inc, _) = import(Path::new("x.md"), &src).unwrap();
        assert_eq!(
            times(&inc),
            ["2022-04-28T21:40:00+00:00", "2022-04-29T06:05:00+00:00"],
            "{first}"
        );
    }
}

#[test]
fn a_yearless_day_half_a_year_from_the_stated_one_is_in_the_neighbouring_year() {
    // A lead-up entry from the December before a March report.
    let src = "# March 14th, 2021 billing outage\n\n## Timeline\n\n- [12-02 10:00] Retry loop merged\n- [03-14 08:00] Invoices stop\n- [03-14 09:30] Fix deployed\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        [
            "2020-12-02T10:00:00+00:00",
            "2021-03-14T08:00:00+00:00",
            "2021-03-14T09:30:00+00:00"
        ]
    );
    // The day the title names, not the lead-up's, is the incident's.
    assert_eq!(day(&inc), "2021-03-14");
    // Over new year, with month names: January after a December report is the next year.
    let src = "# Cache storm\n\nDate: 2019-12-30\n\n## Timeline\n\n- Dec 30 22:00 Eviction storm starts\n- Jan 2 09:00 Last shard recovered\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        ["2019-12-30T22:00:00+00:00", "2020-01-02T09:00:00+00:00"]
    );
    // A day written with its year is never moved.
    let src = "# March 14th, 2021 billing outage\n\n## Timeline\n\n- 2020-12-02 10:00 Retry loop merged\n- 03-14 08:00 Invoices stop\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(inc.timeline[0].at.to_rfc3339(), "2020-12-02T10:00:00+00:00");
}

#[test]
fn a_lead_up_a_day_or_two_before_the_titled_day_still_dates_the_incident() {
    // Within a week of the title's day the timeline's own first day stands.
    let src = "# 2023-05-10: Queue backlog\n\n## Timeline\n\n- 2023-05-09 23:10 Consumer deploy\n- 2023-05-10 01:00 Backlog alarm\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(day(&inc), "2023-05-09");
}

// A 24-hour timeline crossing midnight: `11:00` after `23:00` is the next morning, not 11 pm.

#[test]
fn after_a_time_past_noon_on_a_24_hour_clock_an_earlier_hour_rolls_over() {
    for (late, early) in [
        ("23:00 UTC", "11:00 UTC"),
        ("22:30", "10:15"),
        ("19:45", "9:20"),
    ] {
        let src = format!(
            "# Build farm failures\n\nDate: 2022-04-05\n\n## Timeline\n\n- {late} - First failed job\n- {early} - Failures climb\n"
        );
        let (inc, _) = import(Path::new("x.md"), &src).unwrap();
        assert_eq!(inc.timeline.len(), 2, "{late}");
        assert_eq!(
            inc.timeline[1].at.date_naive().to_string(),
            "2022-04-06",
            "{late} then {early}"
        );
    }
    // A 12-hour clock without am/pm still reads `1:05` after `12:50` as the afternoon.
    let src = "# Build farm failures\n\nDate: 2022-04-05\n\n## Timeline\n\n- 12:50 - First failed job\n- 1:05 - Failures climb\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(inc.timeline[1].at.to_rfc3339(), "2022-04-05T13:05:00+00:00");
}

/// On a 24-hour clock that already rolled over a night, a morning hour right after noon that is
/// followed by an afternoon hour is a pm left out (`12:00`, `01:15`, `01:40`, `14:05`), not a
/// second midnight; without the afternoon after it, it still rolls over.
#[test]
fn a_morning_hour_followed_by_the_afternoon_is_a_missing_pm_even_on_a_24_hour_clock() {
    let src = "# Ledger sync outage\n\nDate: 2025-06-09\n\n## Timeline\n\n| Time | Event |\n| --- | --- |\n| 17:40 | Sync job deployed |\n| 18:30 | On-call signs off |\n| 08:10 | Ledger totals found wrong |\n| 12:00 | Sync job paused |\n| 01:20 | Patched job deployed |\n| 01:50 | Totals match again |\n| 15:30 | Incident closed |\n";
    let (inc, diags) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        [
            "2025-06-09T17:40:00+00:00",
            "2025-06-09T18:30:00+00:00",
            "2025-06-10T08:10:00+00:00",
            "2025-06-10T12:00:00+00:00",
            "2025-06-10T13:20:00+00:00",
            "2025-06-10T13:50:00+00:00",
            "2025-06-10T15:30:00+00:00",
        ]
    );
    assert!(
        warning(&diags, "01:20 read as 13:20").is_some(),
        "{diags:?}"
    );
    // The night really passed: nothing in the afternoon follows, so 01:20 is the next night.
    let src = "# Ledger sync outage\n\nDate: 2025-06-09\n\n## Timeline\n\n- 17:40 - Sync job deployed\n- 23:10 - Totals drift\n- 01:20 - Patched job deployed\n- 01:50 - Totals match again\n- 09:30 - Incident closed\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(inc.timeline[2].at.to_rfc3339(), "2025-06-10T01:20:00+00:00");
    assert_eq!(inc.timeline[4].at.to_rfc3339(), "2025-06-10T09:30:00+00:00");
}

/// A nested item that opens with a short label and its own time (`Update #1 at … EDT`,
/// `RESOLVED at … EDT: …`) is a status update of its own, not more of the entry above; its
/// own nested lines are its text. The entry above keeps only its words (it is not resolved).
#[test]
fn a_nested_update_with_its_own_time_is_its_own_entry() {
    let (inc, _) = load("nested-status-updates.md");
    assert_eq!(
        times(&inc),
        [
            "2026-04-14T13:00:00+00:00",
            "2026-04-14T09:30:00-04:00",
            "2026-04-14T09:50:00-04:00",
            "2026-04-14T10:40:00-04:00",
            "2026-04-14T11:45:00-04:00",
        ]
    );
    assert_eq!(
        inc.timeline[1].text,
        "Priya handled a webhook backlog on billing-api."
    );
    assert_ne!(inc.timeline[1].kind, EventKind::Resolution);
    assert!(
        inc.timeline[2].text.contains("malformed event"),
        "{}",
        inc.timeline[2].text
    );
    assert_eq!(inc.timeline[4].kind, EventKind::Resolution);
}

/// An untimed item labelled with a later part of the story (`Overnight:`, `Morning:`) is a
/// moment of its own at an unknown time, kept as its own entry (placed after the entry above,
/// never a milestone), not a note whose words change what the entry above was.
#[test]
fn an_item_labelled_with_a_later_moment_is_not_folded_into_the_entry_above() {
    let (inc, _) = load("phase-labelled-items.md");
    assert_eq!(
        texts(&inc),
        [
            "New scanner firmware pushed to the gates",
            "First gates report failed scans",
            "Overnight: Several restarts of the gate controllers",
            "Morning: Scans keep failing at two gates",
            "Firmware rolled back, scans pass",
        ]
    );
    // "restarts" is the overnight item's word, not what happened at 7:40 PM.
    assert_ne!(inc.timeline[1].kind, EventKind::Mitigation);
    assert_eq!(inc.timeline[2].at, inc.timeline[1].at);
    assert!(inc.timeline[2].approximate && inc.timeline[3].approximate);
}

/// Without a timeline, prose sentences give their moments: the start of a span told in
/// prose ("between 21:52 and 22:30", never its end) and a time in brackets ("that evening
/// (23:10 UTC)", in the zone written inside), each clause its own entry.
#[test]
fn prose_gives_a_span_start_and_a_bracketed_time_each_in_its_clause() {
    let src = "# Tag cache outage\n\nDate: 2026-05-04\n\n## What happened\n\nAt 9:40pm UTC the alarms went off for the tag cache. The cache served stale tags between 21:52 and 22:30, and the stall came back that evening (23:10 UTC). Everything was resolved at 23:45 UTC.\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        [
            "2026-05-04T21:40:00+00:00",
            "2026-05-04T21:52:00+00:00",
            "2026-05-04T23:10:00+00:00",
            "2026-05-04T23:45:00+00:00",
        ]
    );
    assert_eq!(
        inc.timeline[1].text,
        "The cache served stale tags between 21:52 and 22:30"
    );
    assert_eq!(
        inc.timeline[2].text,
        "the stall came back that evening (23:10 UTC)."
    );
    // A span whose start another sentence tells sums the story up: not a moment again.
    let src = "# Edge floods\n\nDate: 2026-02-11\n\n## Summary\n\nThe outage lasted from 08:04 to 08:40 UTC.\n\n## What happened\n\nAt 08:04 UTC the edge alarms fired. Between 08:04 and 08:40 UTC we found and blocked a flood of requests. At 08:40 UTC traffic was back to normal.\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        ["2026-02-11T08:04:00+00:00", "2026-02-11T08:40:00+00:00"]
    );
}

/// A blog post's front matter dates the post (`date: 2023-06-09 17:02:44 +0000`, stamped with
/// a time of day): the span its text tells two days before ("On Wednesday June 7th, 2023 …
/// from ~09:10 PDT to ~11:35 PDT") dates the incident.
#[test]
fn a_front_matter_stamp_dates_the_post_and_the_span_in_the_text_dates_the_incident() {
    let (inc, _) = load("front-matter-written-after.md");
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2023-06-07")
    );
    assert_eq!(inc.timeline[0].at.to_rfc3339(), "2023-06-07T09:10:00-07:00");
    // TOML front matter, the post written five weeks after the day the text states.
    let src = "+++\ntitle = \"Queue outage\"\ndate = \"2024-11-12T09:00:00Z\"\n+++\n\nThe queue service was unavailable from 2024-10-08 16:20 UTC and fully back at 2024-10-08 19:05 UTC.\n\n## Timeline\n\n- 16:20 UTC - Consumers stop acknowledging messages\n- 19:05 UTC - Broker cluster rebuilt, consumers catch up\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2024-10-08")
    );
}

/// A timeline item with its time inside the sentence and its day after it ("at 4:16 p.m. ET
/// on June 15, 2020", "at approximately 4:00 ET, June 16", "at ~11:50 a.m. ET on …") is on
/// that day, not on the day the report was written; `~` before the clock is a point cue.
#[test]
fn a_day_written_after_a_time_in_the_sentence_is_its_day() {
    let src = "# Locator outage\n\nDate: June 22, 2020\n\n## Timeline (all times ET)\n\n- Nightly release finished at 4:16 p.m. ET on June 15, 2020\n- The team found the search outage at ~11:50 a.m. ET on June 16, 2020 and began to investigate\n- Search restored at approximately 3:00 PM ET, June 16.\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        [
            "2020-06-15T16:16:00-04:00",
            "2020-06-16T11:50:00-04:00",
            "2020-06-16T15:00:00-04:00",
        ]
    );
}

// What went well or wrong and lessons look back: a time in them is not a moment of the incident.

#[test]
fn a_timed_item_among_lessons_is_not_an_entry() {
    for heading in ["What went poorly", "Lessons learned", "What went well"] {
        let src = format!(
            "# Scheduler outage\n\nDate: 2024-02-01\n\n## Timeline\n\n- 14:00 - Upgrade starts\n- 15:10 - Scheduler crashes\n\n## {heading}\n\n- Starting an upgrade at 5pm on a Friday left nobody watching\n\n## Resolution\n\n- Restarted the scheduler at 16:20\n"
        );
        let (inc, _) = import(Path::new("x.md"), &src).unwrap();
        assert_eq!(
            times(&inc),
            [
                "2024-02-01T14:00:00+00:00",
                "2024-02-01T15:10:00+00:00",
                // A timed item under Resolution still adds the moment the timeline left out.
                "2024-02-01T16:20:00+00:00"
            ],
            "{heading}"
        );
    }
}

// A region's zone is the one in force on the incident's day, not on a lead-up months before.

#[test]
fn the_incidents_offset_is_its_own_days_even_after_a_lead_up_in_the_other_season() {
    let src = "# March 14th, 2021 billing outage\n\nAll times in Pacific time.\n\n## Timeline\n\n- [12-02 10:00] Retry loop merged\n- [03-14 08:00] Invoices stop\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(offset(&inc), Some(-7 * 3600));
    assert_eq!(inc.timeline[0].at.to_rfc3339(), "2020-12-02T10:00:00-08:00");
}

// A timeline without a timeline heading: timed items under `Leadup`, time headings with no
// section above them, timed paragraphs under a heading of another name.

#[test]
fn timed_lines_under_a_heading_of_another_name_are_the_timeline() {
    let src = "# 2022-09-03: Disk pressure on the primary\n\n## Leadup\n\n*What led to the incident*\n\n- **21:50 UTC:** Vacuum job starts\n- **22:05 UTC:** Disk alert fires. Priya is paged.\n- **23:40 UTC:** Replica promoted\n\n## Detection\n\nThe team was paged at 22:05 UTC by the disk alert.\n\n## Recovery\n\nWe promoted the replica at 23:40 UTC after the primary filled up.\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    // The later sections repeat the timeline's times: no new entries, and no day rolled over.
    assert_eq!(
        times(&inc),
        [
            "2022-09-03T21:50:00+00:00",
            "2022-09-03T22:05:00+00:00",
            "2022-09-03T23:40:00+00:00"
        ]
    );
    assert_eq!(texts(&inc)[0], "Vacuum job starts");
}

#[test]
fn time_headings_with_no_section_above_them_are_the_timeline() {
    let src = "Mail relay delays\n=================\n\n2023-01-17\n----------\n\nOur upstream relay started deferring mail.\n\n### 09:12 UTC\n\nQueues are growing; the provider says it is investigating.\n\nA second paragraph about the queues.\n\n### 10:40 UTC\n\nProvider reports the relay is healthy again.\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        ["2023-01-17T09:12:00+00:00", "2023-01-17T10:40:00+00:00"]
    );
    assert!(inc.timeline[0].text.contains("second paragraph"));
    // Timed paragraphs under a heading of another name read the same way.
    let src = "# Mail relay delays\n\nDate: 2023-01-17\n\n## What we saw\n\n09:12 UTC - Queues are growing.\n\n10:40 UTC - Relay healthy again.\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        ["2023-01-17T09:12:00+00:00", "2023-01-17T10:40:00+00:00"]
    );
}

#[test]
fn notes_with_a_few_timed_lines_among_many_untimed_ones_are_not_a_timeline() {
    // Two timed items among five untimed ones: only the timed sentences become entries.
    let src = "# Release notes, 2021-08-02\n\n## Build\n\n- 10:05 UTC build kicked off\n- build failed, checkout timeout\n- build failed again\n- retried with https\n- build passed\n- artefacts uploaded\n- 14:30 UTC release published\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        ["2021-08-02T10:05:00+00:00", "2021-08-02T14:30:00+00:00"]
    );
}

// The day under a `## Date` heading, on the line below it.

#[test]
fn a_date_heading_gives_the_incidents_day() {
    for (heading, written) in [
        ("## Date", "2025-03-26"),
        ("### Incident date", "March 26, 2025"),
        ("**Date of incident**", "26 March 2025"),
    ] {
        let src = format!(
            "# Node binary shipped broken\n\n{heading}\n\n{written}\n\n## Timeline\n\n| Date (UTC) | Event |\n| --- | --- |\n| 2025-03-11 21:52 | First report of the warning |\n| 2025-03-26 13:26 | Chain stops at the upgrade height |\n"
        );
        let (inc, _) = import(Path::new("x.md"), &src).unwrap();
        assert_eq!(day(&inc), "2025-03-26", "{heading}");
        assert_eq!(inc.timeline.len(), 2, "{heading}");
    }
}

// A title taken from the first sentence keeps the clause after the time, not a piece of a date.

#[test]
fn a_title_from_a_sentence_opening_with_a_span_of_dates_is_the_clause_after_it() {
    for opening in [
        "Between **18:30 on May 2, 2025** and **06:15 on May 3, 2025 (UTC)**,",
        "From 18:30 on May 2, 2025 to 06:15 on May 3, 2025,",
        "On May 2, 2025 at 6:30pm PDT,",
    ] {
        let src = format!(
            "## What happened\n\n{opening} a relay rule sent signup mail to the wrong list.\n\n## Timeline\n\n- 2025-05-02 18:30 Rule changed\n"
        );
        let (inc, _) = import(Path::new("x.md"), &src).unwrap();
        assert_eq!(
            inc.title, "A relay rule sent signup mail to the wrong list",
            "{opening}"
        );
    }
}

// A year written only in the file's path; a day in brackets right after the time.

#[test]
fn a_year_only_in_the_path_dates_days_written_without_one() {
    let body = "# Build farm failures\n\n## Timeline\n\n- **23:00 UTC(*April 5*)** - First job fails on the network\n- **11:00 UTC** - Failures climb\n- **04:00 UTC (April 7)** - Builds stable again\n";
    for path in [
        "incidents/2022/0406-ci.md",
        "outage/2022-04-06-ci.md",
        "postmortems/2022_04_06_ci.md",
    ] {
        let (inc, diags) = import(Path::new(path), body).unwrap();
        assert_eq!(
            times(&inc),
            [
                "2022-04-05T23:00:00+00:00",
                "2022-04-06T11:00:00+00:00",
                "2022-04-07T04:00:00+00:00"
            ],
            "{path}"
        );
        assert!(
            warning(&diags, "the year in the file's path").is_some(),
            "{path}"
        );
    }
    // A year in the text wins over the path's.
    let with_year = body.replace("# Build farm failures", "# Build farm failures, 2021");
    let (inc, _) = import(Path::new("outage/2022-04-06-ci.md"), &with_year).unwrap();
    assert_eq!(day(&inc), "2021-04-05");
    // `0412` is not a year; without one the file stays undated.
    let (inc, _) = import(Path::new("incidents/0412-ci.md"), body).unwrap();
    assert!(inc.undated);
}

#[test]
fn with_no_day_in_the_text_the_date_in_the_files_name_is_the_incidents() {
    let src = "# Cache flush\n\n## Timeline\n\n- 09:10 - Flush starts\n- 09:40 - Hit rate back\n";
    let (inc, diags) = import(Path::new("notes/2024-02-29-cache.md"), src).unwrap();
    assert_eq!(inc.timeline[0].at.to_rfc3339(), "2024-02-29T09:10:00+00:00");
    assert!(warning(&diags, "the date in the file's name").is_some());
    // Not a real day: no date is made up.
    let (inc, _) = import(Path::new("notes/2023-02-29-cache.md"), src).unwrap();
    assert!(inc.undated);
}

// The timeline's first day dates the incident before a day in a sentence telling a span.

#[test]
fn the_timelines_first_day_beats_a_day_in_a_span_sentence() {
    for summary in [
        "Block times rose for about three hours starting on January 28, 2025, after a spam wave began the evening before.",
        "For about three hours on January 28, 2025, blocks were slow.",
    ] {
        let src = format!(
            "# Chain slowdown\n\n## What happened?\n\n{summary}\n\n## Timeline (UTC)\n\n- 2025-01-27 18:50 Spam transactions start\n- 2025-01-27 19:47 Block times climb\n- 2025-01-28 10:55 Validators patched\n"
        );
        let (inc, _) = import(Path::new("x.md"), &src).unwrap();
        assert_eq!(day(&inc), "2025-01-27", "{summary}");
    }
}

// Untimed lines in a timeline told mostly in timed entries are notes on the entry above.

#[test]
fn an_untimed_line_among_mostly_timed_entries_joins_the_entry_above() {
    for note in [
        "- Observation: every new instance in the east region is terminated",
        "- .. long discussion of volume sizes",
        "- 7-9th May - follow-up fixes rolled out",
    ] {
        let src = format!(
            "# Instance launches stop\n\nDate: 2017-05-06\n\n## Timeline\n\n- 2017-05-06T17:06 ::: First report of stuck jobs\n{note}\n- 2017-05-06T17:36 ::: Region removed from the allowed list\n- 2017-05-06T19:07 ::: Instances start again\n"
        );
        let (inc, _) = import(Path::new("x.md"), &src).unwrap();
        assert_eq!(
            times(&inc),
            [
                "2017-05-06T17:06:00+00:00",
                "2017-05-06T17:36:00+00:00",
                "2017-05-06T19:07:00+00:00"
            ],
            "{note}"
        );
        let words = note.trim_start_matches("- ");
        assert!(
            inc.timeline[0].text.ends_with(&format!("; {words}")),
            "{}",
            inc.timeline[0].text
        );
    }
}

#[test]
fn a_timeline_told_in_untimed_steps_keeps_each_step() {
    // One time, then what was tried: each step is its own entry at that time.
    let src = "# Slow pages\n\nDate: 2024-01-20\n\n## Timeline\n\n- 14:00 UTC - Alert on response times\n- Checked the server logs\n- Suspected a traffic spike\n- Found a slow query\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(inc.timeline.len(), 4);
    assert!(inc.timeline[1..].iter().all(|e| e.approximate));
}

#[test]
fn untimed_paragraphs_between_time_led_ones_join_the_entry_above_however_many() {
    // More untimed paragraphs than timed ones: still the story between two times, not
    // entries of their own at the time above.
    let src = "# Upload bar frozen\n\nDate: 2023-06-02\n\n## Timeline\n\nAll times UTC.\n\n\
               10:05: a change to the upload page was merged\n\n\
               Ana and Raj talked it over on a call.\n\n\
               Ana wrote in the support channel that the bar no longer moves.\n\n\
               10:40: a revert was opened\n\n\
               The build was started again.\n\n\
               Raj read the build log.\n\n\
               11:15: the revert reached production and the bar moves again\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        [
            "2023-06-02T10:05:00+00:00",
            "2023-06-02T10:40:00+00:00",
            "2023-06-02T11:15:00+00:00"
        ]
    );
    assert!(
        inc.timeline[1].text.ends_with("Raj read the build log."),
        "{}",
        inc.timeline[1].text
    );
}

// The only zone written is beside `midnight` or `noon` in a sentence near the timeline.

#[test]
fn a_zone_beside_midnight_or_noon_in_a_sentence_is_the_timelines() {
    for sentence in [
        "The vendor replied just after midnight UTC:",
        "By noon CET the backlog was gone.",
        "Support answered around Midnight PST.",
    ] {
        let src = format!(
            "# Volume limit reached\n\n## Timeline\n\n- 2017-07-25T17:06 ::: First report\n- 2017-07-25T19:07 ::: Instances start again\n\n{sentence}\n"
        );
        let (inc, _) = import(Path::new("x.md"), &src).unwrap();
        assert!(offset(&inc).is_some(), "{sentence}");
    }
    // A midnight without a zone beside it says nothing.
    let src = "# Volume limit reached\n\n## Timeline\n\n- 2017-07-25T17:06 ::: First report\n\nThe vendor replied just after midnight.\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(offset(&inc), None);
}

// A line set in bold for emphasis inside a timeline is a note, not a heading that ends it.

#[test]
fn a_bold_sentence_inside_a_timeline_does_not_end_it() {
    let (inc, _) = load("bold-note-in-timeline.md");
    assert_eq!(
        times(&inc),
        [
            "2023-03-03T06:40:00+00:00",
            "2023-03-03T07:55:00+00:00",
            "2023-03-03T13:10:00+00:00",
            "2023-03-03T15:02:00+00:00",
        ]
    );
    // The bold sentence is folded into the entry above it, not lost.
    assert!(
        inc.timeline[0].text.contains("warned by 9:15"),
        "{:?}",
        texts(&inc)
    );
    // Joined after the sentence it follows, not after a stray `;`.
    assert!(
        inc.timeline[0].text.contains("contract. Keep in mind"),
        "{:?}",
        texts(&inc)
    );
}

#[test]
fn a_table_inside_a_timeline_told_in_paragraphs_is_an_exhibit_said_once() {
    let (_, diags) = load("bold-note-in-timeline.md");
    let exhibit: Vec<_> = diags
        .iter()
        .filter(|d| d.message.contains("read as an exhibit"))
        .collect();
    assert_eq!(exhibit.len(), 1, "{diags:?}");
    assert_eq!(exhibit[0].line, 16);
}

// Colon-less clocks (`* 2230: ...`): once the file shows they are clocks, a year-like one
// (`1915:`) is a clock too; a year-like number inside the text stays text.

#[test]
fn colon_less_clocks_that_look_like_years_are_clocks_in_a_list_of_clocks() {
    let (inc, _) = load("colon-less-clock-list.md");
    assert_eq!(
        times(&inc),
        [
            "2023-01-26T19:15:00+11:00",
            "2023-01-26T19:16:00+11:00",
            "2023-01-26T22:30:00+11:00",
            "2023-01-27T09:00:00+11:00",
            "2023-01-27T09:02:00+11:00",
            "2023-01-27T09:17:00+11:00",
        ]
    );
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2023-01-26")
    );
}

#[test]
fn a_lone_year_at_the_start_of_an_entry_stays_a_year() {
    // One colon-less clock is no evidence: `1999:` here opens a sentence about a year.
    let md = "# Disk full\n\n## Timeline (UTC)\n\n- 2024-05-02 10:00 disk alert fires.\n\
              - 1999: the year the backup script was written.\n- 2024-05-02 10:40 disk cleaned.\n";
    let inc = import(Path::new("x.md"), md).unwrap().0;
    assert_eq!(
        times(&inc),
        ["2024-05-02T10:00:00+00:00", "2024-05-02T10:40:00+00:00"]
    );
}

// `2019-06-12 2:05` after `2019-06-12 12:20`: an afternoon written without pm, since a date on
// each entry rules out a roll-over; said in a warning.

#[test]
fn a_dated_one_digit_hour_after_noon_on_the_same_day_is_pm() {
    let (inc, diags) = load("dated-afternoon-without-pm.md");
    let t = times(&inc);
    assert_eq!(
        &t[5..],
        [
            "2019-06-12T14:05:00+00:00",
            "2019-06-12T15:40:00+00:00",
            "2019-06-12T16:15:00+00:00",
        ]
    );
    assert!(
        warning(&diags, "02:05 read as 14:05").is_some(),
        "{diags:?}"
    );
}

// A mark of approximation set apart from its clock (`2021-03-09 ~ 21:00`) still makes the clock
// approximate, in a heading and in an item, and is not left in the text.

#[test]
fn an_approximate_mark_set_apart_from_its_clock_is_read() {
    let (inc, _) = load("approximate-mark-apart.md");
    assert_eq!(
        times(&inc),
        [
            "2021-03-09T17:40:00+00:00",
            "2021-03-09T21:00:00+00:00",
            "2021-03-09T21:15:00+00:00",
            "2021-03-09T21:40:00+00:00",
            "2021-03-09T21:55:00+00:00",
        ]
    );
    assert_eq!(approximate(&inc), [false, true, true, true, false]);
    assert_eq!(
        &*inc.timeline[3].text,
        "patch for the new login form merged"
    );
}

// A date whose day is left for later (`2022-05-?? HH:mm`) is the start of its month,
// approximate, with a warning: never the day of the row before, never folded into it.

#[test]
fn a_date_without_its_day_is_the_start_of_its_month_with_a_warning() {
    let (inc, diags) = load("day-left-for-later.md");
    assert_eq!(inc.timeline.len(), 4, "{:?}", texts(&inc));
    assert_eq!(
        inc.timeline[1].at.date_naive().to_string(),
        "2022-05-01",
        "{:?}",
        times(&inc)
    );
    assert!(inc.timeline[1].approximate);
    assert!(inc.timeline[1].text.starts_with("The short lifetime"));
    let w = warning(&diags, "2022-05-?? gives no day").expect("a warning");
    assert_eq!(w.line, 8);
    // Said once, not again as "a day but no time".
    assert!(
        diags.iter().filter(|d| d.line == 8).count() == 1,
        "{diags:?}"
    );
}

// No year written anywhere (not in the text, not in the path): the days written with their
// weekday pin it — the latest year, not after this one, in which both fall on their weekday.

#[test]
fn a_weekday_beside_a_day_gives_the_year_nothing_else_writes() {
    use chrono::{Datelike, NaiveDate, Weekday};
    let (inc, diags) = load("weekday-without-year.md");
    let year = inc.date.expect("a date").year();
    let on = |m, d, wd| NaiveDate::from_ymd_opt(year, m, d).unwrap().weekday() == wd;
    assert!(on(8, 23, Weekday::Fri) && on(8, 26, Weekday::Mon), "{year}");
    let now = chrono::Utc::now().year();
    assert!(year <= now);
    // No later year up to this one fits both.
    assert!(
        (year + 1..=now)
            .all(|y| NaiveDate::from_ymd_opt(y, 8, 23).unwrap().weekday() != Weekday::Fri),
        "{year}"
    );
    assert_eq!(inc.date.unwrap().to_string(), format!("{year}-08-23"));
    assert_eq!(inc.timeline.len(), 5);
    assert!(
        inc.timeline[3]
            .at
            .to_rfc3339()
            .starts_with(&format!("{year}-08-26T10:16"))
    );
    assert!(
        warning(&diags, "falls on that weekday").is_some(),
        "{diags:?}"
    );
}

#[test]
fn a_lowercase_sat_or_may_is_no_weekday_or_month() {
    let md = "# Queue stall\n\nThe worker sat idle 12 minutes; jobs may 3 times retry.\n\n\
              ## Timeline\n\n- 10:00 queue stalls\n- 10:12 worker restarted\n";
    let (inc, diags) = import(Path::new("queue.md"), md).unwrap();
    assert!(inc.undated, "{:?}", inc.date);
    assert!(warning(&diags, "weekday").is_none());
}

// A bracketed note of approximation after the time (`0659 UTC (approx) ::::: …`) makes the
// time approximate and leaves the entry's words clean.

#[test]
fn a_bracketed_approximation_after_the_time_is_read_not_kept_in_the_text() {
    let md = "# Builders lost\n\n## Timeline\n\n\
              - 2018-08-27 1600 UTC ::::: on-call notices the wrong scope and fixes it\n\
              - 2018-08-28 0659 UTC (approx) ::::: all builders terminated by another incident\n\
              - 2018-08-28 07:30 UTC [est.] - builders come back\n";
    let inc = import(Path::new("builders.md"), md).unwrap().0;
    assert_eq!(approximate(&inc), [false, true, true]);
    assert_eq!(
        texts(&inc),
        [
            "on-call notices the wrong scope and fixes it",
            "all builders terminated by another incident",
            "builders come back",
        ]
    );
}

// A weekday in brackets glued to the zone (`15:00 UTC(Sat)`) is neither the zone's name nor
// the entry's words.

#[test]
fn a_bracketed_weekday_after_the_zone_is_left_out_of_the_text() {
    let md = "# Bucket restore\n\nJan 10 and 11, 2026.\n\n## Timeline\n\n\
              * **09:00 UTC(Sat)** Objects start to vanish from the bucket\n\
              * **15:00 UTC (Sat)** All objects restored from the backup\n";
    let inc = import(Path::new("bucket.md"), md).unwrap().0;
    assert_eq!(
        texts(&inc),
        [
            "Objects start to vanish from the bucket",
            "All objects restored from the backup"
        ]
    );
    assert_eq!(offset(&inc), Some(0));
    // A stamp with an offset is read in it, not as a range ending at `-06:00`.
    let md = "+++\ntitle = \"Slow tiles\"\n+++\n\nTiles are slow. {{< track \"2021-12-09T14:38:00-06:00\" >}}\n\n\
              Fixed by hosting. {{< track \"2021-12-09T16:05:00-06:00\" >}}\n";
    let inc = import(Path::new("x.md"), md).unwrap().0;
    assert_eq!(
        times(&inc),
        ["2021-12-09T14:38:00-06:00", "2021-12-09T16:05:00-06:00"]
    );
}

// A zone named last in the timeline's heading, after a dash, a colon or `in` (`Issue Timeline –
// UTC`), is the timeline's: the local time repeated in brackets on each entry is not.

#[test]
fn a_zone_after_a_dash_in_the_timeline_heading_is_the_timelines() {
    let (inc, _) = load("zone-after-dash-in-heading.md");
    assert_eq!(offset(&inc), Some(0));
    // The same instants, whichever half an entry keeps.
    let utc: Vec<String> = inc
        .timeline
        .iter()
        .map(|e| e.at.with_timezone(&chrono::Utc).format("%H:%M").to_string())
        .collect();
    assert_eq!(utc, ["21:30", "21:42", "22:35"]);
    for (heading, zone) in [
        ("## Timeline: CET", 3600),
        ("## Timeline in UTC+2", 7200),
        ("## Timeline - Europe/Berlin", 3600),
    ] {
        let md = format!(
            "# X\n\n{heading}\n\n- 2026-01-12 10:00 alert fires\n- 2026-01-12 10:30 fixed\n"
        );
        let inc = import(Path::new("x.md"), &md).unwrap().0;
        assert_eq!(offset(&inc), Some(zone), "{heading}");
    }
    // A heading that only ends in a word is no zone.
    let md = "# X\n\n## Timeline - day one\n\n- 2026-01-12 10:00 alert fires\n";
    assert_eq!(import(Path::new("x.md"), md).unwrap().0.timezone, None);
}

// Each time written twice, in the two zones a `UTC/ACDT` line names (`04:10/15:10 - …`): one
// entry at the first clock, in the first zone. A zone pair (`PST/PDT`) is no such line.

#[test]
fn a_time_written_in_two_named_zones_is_one_entry_in_the_first() {
    let (inc, _) = load("two-zone-columns.md");
    assert_eq!(offset(&inc), Some(0));
    assert_eq!(
        times(&inc),
        [
            "2022-03-08T04:10:00+00:00",
            "2022-03-08T04:14:00+00:00",
            "2022-03-08T04:31:00+00:00",
            "2022-03-08T04:38:00+00:00",
        ]
    );
    // The list under a paragraph's entry is that entry's words, not entries of its own.
    assert!(
        texts(&inc)[0].starts_with("Monitoring reports the error rate")
            && texts(&inc)[0].contains("I acknowledge and look at traffic"),
        "{:?}",
        texts(&inc)
    );
    // A date glued to its clock is still a date and a clock.
    let md = "# X\n\n## Timeline (UTC)\n\n- 2024-03-05/05:20 - disk alert\n";
    let inc = import(Path::new("x.md"), md).unwrap().0;
    assert_eq!(times(&inc), ["2024-03-05T05:20:00+00:00"]);
}

// A status page's log of updates, the latest on top: each update a time stamp alone on its
// line with its paragraphs under it (quoted text after a `---` included), read oldest first
// with the days rolled backwards from the dated stamps.

#[test]
fn a_status_log_told_newest_first_is_read_from_the_bottom_up() {
    let (inc, diags) = load("status-log-newest-first.md");
    assert_eq!(
        times(&inc),
        [
            "2024-06-01T22:40:00+00:00",
            "2024-06-01T23:10:00+00:00",
            "2024-06-01T23:55:00+00:00",
            "2024-06-02T01:30:00+00:00",
            "2024-06-02T06:05:00+00:00",
        ]
    );
    let w = warning(&diags, "newest first").expect("the reversed order is said");
    assert_eq!(w.line, 7, "said at the first update written");
    assert!(
        warning(&diags, "earlier than the entry before").is_none(),
        "{diags:?}"
    );
    // Every paragraph under a stamp is that update's, even past a `---`.
    assert!(
        texts(&inc)[1].contains("firmware panic"),
        "{:?}",
        texts(&inc)
    );
    assert!(
        texts(&inc)[3].contains("within the hour"),
        "{:?}",
        texts(&inc)
    );
    // The updates are the timeline, not a summary of it.
    assert!(
        inc.summary
            .as_deref()
            .is_none_or(|s| !s.contains("firmware panic")),
        "{:?}",
        inc.summary
    );
}

// `### 21:00-22:00 UTC: Split noticed` over bullets with their own times names a phase of the
// timeline: the bullets are the entries, in the heading's zone; its words are no entry's.

#[test]
fn a_time_range_heading_over_timed_entries_is_a_phase_not_an_entry() {
    let (inc, _) = load("phase-headings.md");
    assert_eq!(
        times(&inc),
        [
            "2025-03-10T21:02:00+00:00",
            "2025-03-10T21:15:00+00:00",
            "2025-03-10T22:10:00+00:00",
            "2025-03-10T22:40:00+00:00",
            "2025-03-11T01:05:00+00:00",
        ]
    );
    assert_eq!(offset(&inc), Some(0));
    // "noticed" in the phase's name does not make every entry under it a detection.
    assert_ne!(inc.timeline[1].kind, EventKind::Detection);
    // A heading of one time is an entry, over untimed words or timed ones: its words are kept.
    let md = "# X\n\nDate: 2025-03-10\n\n## Timeline (UTC)\n\n### 10:00\n\nQueue alert fires.\n\n### 10:30 Deploy of v2 begins\n\n- 10:31 consumers restarted\n";
    let inc = import(Path::new("x.md"), md).unwrap().0;
    assert_eq!(
        times(&inc),
        [
            "2025-03-10T10:00:00+00:00",
            "2025-03-10T10:30:00+00:00",
            "2025-03-10T10:31:00+00:00"
        ]
    );
    assert_eq!(texts(&inc)[1], "Deploy of v2 begins");
}

// A quote indented under an entry is that entry's words: its `The summary:` line is neither
// a section heading that ends the timeline nor a caption for the entries after it.

#[test]
fn a_quote_under_an_entry_does_not_end_the_timeline() {
    let (inc, _) = load("quote-under-entry.md");
    assert_eq!(
        times(&inc),
        [
            "2025-05-20T09:00:00+00:00",
            "2025-05-20T09:12:00+00:00",
            "2025-05-20T09:30:00+00:00",
            "2025-05-20T10:05:00+00:00",
        ]
    );
    assert!(
        texts(&inc)[1].contains("Drain the queue"),
        "{:?}",
        texts(&inc)
    );
    assert_eq!(texts(&inc)[2], "Importer paused, queue starts to drain");
    assert!(
        inc.root_cause
            .as_deref()
            .is_some_and(|r| r.contains("retry loop"))
    );
    // A whole document quoted, indented but under no item, keeps its section names.
    let md = "# X\n\nDate: 2025-01-02\n\n  > TIMELINE\n  > - 10:00 alert fires\n  > - 10:30 fixed and resolved\n";
    let inc = import(Path::new("x.md"), md).unwrap().0;
    assert_eq!(
        times(&inc),
        ["2025-01-02T10:00:00+00:00", "2025-01-02T10:30:00+00:00"]
    );
}

// Days at the top of a timeline whose entries have no time are lead-up told in words: the
// incident's day is the first day with a time on it.

#[test]
fn the_incidents_day_is_the_first_timeline_day_with_a_time_on_it() {
    let (inc, _) = load("lead-up-untimed-days.md");
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2023-09-14")
    );
    assert_eq!(
        times(&inc),
        ["2023-09-14T09:20:00+00:00", "2023-09-14T11:05:00+00:00"]
    );
}

// A status page's update headings written label first (`## Investigating 2024-11-09 7:42a`,
// `a`/`p` for am/pm): each is a time heading, its label and the paragraphs under it the entry.

#[test]
fn status_headings_written_label_first_are_entries() {
    let (inc, _) = load("status-label-headings.md");
    assert_eq!(
        times(&inc),
        [
            "2024-11-09T07:42:00+00:00",
            "2024-11-09T10:15:00+00:00",
            "2024-11-09T14:30:00+00:00",
        ]
    );
    assert!(
        texts(&inc)[0].starts_with("Investigating"),
        "{:?}",
        texts(&inc)
    );
    assert!(
        texts(&inc)[2].contains("back in service"),
        "{:?}",
        texts(&inc)
    );
    // A heading that only starts with such a word is no update: `## Update process` is a section.
    let md = "# X\n\nDate: 2024-11-09\n\n## Update process\n\nWe update the status page hourly.\n\n## Timeline (UTC)\n\n- 10:00 alert fires\n";
    let inc = import(Path::new("x.md"), md).unwrap().0;
    assert_eq!(times(&inc), ["2024-11-09T10:00:00+00:00"]);
}

// A status page built with a site generator: TOML front matter (`+++`, `key = value`, a
// multi-line array) and updates each closed by a time stamp shortcode
// (`{{< track "2023-05-08T07:25:00.000Z" >}}`) that dates the paragraph before it.

#[test]
fn updates_stamped_by_a_shortcode_are_entries_at_their_stamps() {
    let (inc, _) = load("status-shortcode-stamps.md");
    assert_eq!(inc.title, "Search results missing for some tenants");
    assert_eq!(
        times(&inc),
        [
            "2023-05-08T07:25:00+00:00",
            "2023-05-08T08:10:00+00:00",
            "2023-05-08T08:55:00+00:00",
        ]
    );
    // The stamp dates the whole paragraph it closes; the markup itself is gone.
    assert_eq!(
        texts(&inc)[0],
        "Update: The nightly reindex job stopped half way and left part of the index empty."
    );
    assert!(
        texts(&inc).iter().all(|t| !t.contains("{{")),
        "{:?}",
        texts(&inc)
    );
    assert_eq!(offset(&inc), Some(0));
}

#[test]
fn a_status_sites_stated_end_of_the_issue_is_its_resolution() {
    // cState front matter: `resolvedWhen` is the issue's end, stated; a comment after the
    // value is not part of it; left empty while the issue is open, it says nothing.
    let page = |resolved_when: &str| {
        format!(
            "---\ntitle: Mail delayed\ndate: 2024-02-06T09:00:00\nresolved: true\n\
             resolvedWhen: {resolved_when}\nseverity: disrupted\n---\n\n\
             ## 2024-02-06 11:40\n\nWe keep watching; mail flows normally for now.\n\n\
             ## 2024-02-06 09:00\n\nIncoming mail is held back by the filter.\n"
        )
    };
    let resolved = |src: &str| {
        let inc = import(Path::new("x.md"), src).unwrap().0;
        let a = retrace::analysis::analyze(&inc);
        a.milestones
            .at(MilestoneKind::Resolved)
            .map(|t| t.format("%H:%M").to_string())
    };
    assert_eq!(
        resolved(&page("2024-02-06T10:15:00 # set the real end")).as_deref(),
        Some("10:15")
    );
    assert_eq!(resolved(&page("")), None);
    // An end a day before every update (a template's value left in) is not used, and said.
    let src = page("2024-02-05T10:15:00");
    let (_, diags) = import(Path::new("x.md"), &src).unwrap();
    assert_eq!(resolved(&src), None);
    assert!(
        warning(&diags, "before the incident's first time").is_some(),
        "{diags:?}"
    );
}

// A status page copied with each update's posting time on the line after its text
// (`Posted Sep 14, 2023 - 18:40 UTC`), newest first, some under a label heading (`## Resolved`).

#[test]
fn updates_stamped_after_their_text_are_entries_oldest_first() {
    let (inc, diags) = load("status-posted-after.md");
    assert_eq!(
        times(&inc),
        [
            "2023-09-14T17:05:00+00:00",
            "2023-09-14T17:30:00+00:00",
            "2023-09-14T17:55:00+00:00",
            "2023-09-14T18:40:00+00:00",
        ]
    );
    assert_eq!(
        texts(&inc)[0],
        "Investigating - Builds on the shared runners wait up to 30 minutes to start."
    );
    assert!(warning(&diags, "newest first").is_some(), "{diags:?}");
    let a = retrace::analysis::analyze(&inc);
    let hm = |k| a.milestones.at(k).map(|t| t.format("%H:%M").to_string());
    assert_eq!(hm(MilestoneKind::Resolved).as_deref(), Some("18:40"));
    // A stamp line closing one paragraph is not a log of updates: the text above it stays
    // where it was written, not an entry.
    let md = "# X\n\n## Impact\n\nUsers saw errors.\nSep 14, 2023 - 18:40 UTC\n";
    let inc = import(Path::new("x.md"), md).unwrap().0;
    assert!(
        texts(&inc).iter().all(|t| !t.contains("Users saw errors")),
        "{:?}",
        texts(&inc)
    );
}

// Colon-less clocks (`1612:`, `[1630](link):`, `~1705:`) under a heading of another name: the
// document's own lines say they are clocks, so they start the entries of an untitled timeline.

#[test]
fn colon_less_clocks_start_an_untitled_timeline() {
    let (inc, _) = load("colon-less-untitled.md");
    assert_eq!(
        times(&inc),
        [
            "2019-03-14T16:12:00+00:00",
            "2019-03-14T16:30:00+00:00",
            "2019-03-14T17:05:00+00:00",
            "2019-03-14T17:50:00+00:00",
        ]
    );
    assert_eq!(
        texts(&inc)[0],
        "The image vendor reports elevated errors in its resize service."
    );
}

// A status page's update headings with the clock's word after the time (`### Update 02.03.2023
// 11:45 Uhr:`), newest first, under a title that names no incident: a timeline, so an incident.

#[test]
fn update_headings_with_the_clocks_word_are_a_timeline_and_an_incident() {
    let (inc, diags) = load("status-updates-uhr.md");
    assert_eq!(
        times(&inc),
        [
            "2023-03-02T07:30:00+00:00",
            "2023-03-02T09:10:00+00:00",
            "2023-03-02T11:45:00+00:00",
        ]
    );
    assert!(
        diags.iter().all(|d| !d.message.contains(NOT_AN_INCIDENT)),
        "{diags:?}"
    );
}

// Only one line written `NNNN:` exactly; the others `~1442:`, `[1727](link):`, `1805 :`: the
// document still shows it writes clocks without a colon.

#[test]
fn colon_less_clocks_are_recognised_in_their_written_variants() {
    let md = "# Icons\n\nDate: 3 Nov 2016\n\n## How it was handled\n\n~1442: A change deployed.\n\n\
              [1727](https://chat.example.org/p2): Icons noticed black.\n\n1805 : Purge started.\n\n\
              1900: Icons fine again.\n";
    let inc = import(Path::new("x.md"), md).unwrap().0;
    assert_eq!(
        times(&inc),
        [
            "2016-11-03T14:42:00+00:00",
            "2016-11-03T17:27:00+00:00",
            "2016-11-03T18:05:00+00:00",
            "2016-11-03T19:00:00+00:00",
        ]
    );
}

// Four digits that are counts, ports or ticket numbers are no clocks, even in a document whose
// untitled timeline writes its clocks without a colon; and a day's agenda of plain notes is no
// incident.

#[test]
fn four_digit_counts_and_tickets_stay_text_beside_colon_less_clocks() {
    let md = "# Checkout\n\nDate: 2024-05-02\n\n## Timeline (UTC)\n\n- 09:30 Alert fires.\n\
              - 10:30 Config reverted.\n- 11:00 Resolved.\n\n## Impact\n\n- 1200: orders lost\n\
              - 1500: refunds issued\n\n## Actions\n\n- [1203](https://tracker.example/1203) Add an alert\n\
              - [1204](https://tracker.example/1204) Add a test\n";
    let inc = import(Path::new("x.md"), md).unwrap().0;
    assert_eq!(
        times(&inc),
        [
            "2024-05-02T09:30:00+00:00",
            "2024-05-02T10:30:00+00:00",
            "2024-05-02T11:00:00+00:00",
        ]
    );
    let agenda = "# Offsite\n\nDate: 2024-05-02\n\n## Day one\n\n09:00 Coffee and welcome.\n\n\
                  10:00 Roadmap talk.\n\n12:00 Lunch.\n";
    let (_, diags) = import(Path::new("agenda.md"), agenda).unwrap();
    assert!(warning(&diags, NOT_AN_INCIDENT).is_some(), "{diags:?}");
}

#[test]
fn a_stamps_offset_is_its_zone_and_not_in_the_text() {
    let md = "+++\ntitle = \"Slow tiles\"\n+++\n\nTiles are slow. {{< track \"2021-12-09T14:38:00Z\" >}}\n\n\
              Fixed by hosting. {{< track \"2021-12-09T16:05:00-06:00\" >}}\n\n\
              #tiles-ops told. {{< track \"2021-12-09T16:20:00-06:00\" >}}\n";
    let inc = import(Path::new("x.md"), md).unwrap().0;
    assert_eq!(
        times(&inc),
        [
            "2021-12-09T14:38:00+00:00",
            "2021-12-09T16:05:00-06:00",
            "2021-12-09T16:20:00-06:00",
        ]
    );
    assert_eq!(texts(&inc)[1], "Fixed by hosting.");
    assert_eq!(texts(&inc)[2], "#tiles-ops told.");
}

#[test]
fn a_bare_clock_repeated_in_another_zone_keeps_its_own_zone_for_the_entries_after_it() {
    // `21:48 (14:48 PDT)` under "all times UTC": the bare clock is the writer's, so the bare
    // entries after it stay in UTC rather than taking the repeat's zone (hours off).
    let (inc, _) = load("bare-clock-with-a-repeat.md");
    assert_eq!(offset(&inc), Some(0));
    assert_eq!(
        times(&inc)[..4],
        [
            "2024-07-09T21:48:00+00:00",
            "2024-07-09T21:55:00+00:00",
            "2024-07-09T22:30:00+00:00",
            "2024-07-09T22:45:00+00:00",
        ]
    );
    // Without a stated zone the bare clock's zone is the difference: `06:30 (10:30 UTC)` is
    // 06:30 at -04:00, and the bare `07:10` after it too.
    let src = "# Queue backlog\n\nOn 2024-03-02:\n\n- 06:30 (10:30 UTC) Backlog alert fires.\n\
               - 07:10 Consumers scaled out; backlog drains.\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        ["2024-03-02T06:30:00-04:00", "2024-03-02T07:10:00-04:00"]
    );
    // Hawaii's -10:00, not +14:00 (the same clock a day later).
    let src = "# Queue backlog\n\nOn 2024-03-01:\n\n- 08:00 (18:00 UTC) Backlog alert fires.\n\
               - 09:00 Consumers restarted.\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        ["2024-03-01T08:00:00-10:00", "2024-03-01T09:00:00-10:00"]
    );
}

#[test]
fn a_zone_said_once_in_the_summary_beside_a_half_day_clock_dates_the_bare_timeline() {
    // The summary says `12:30 PM GMT+01:00` (the zone after the half of the day) and the
    // timeline's clocks are bare: they are read in that zone.
    let src = "# Payments database outage\n\n## Summary\n\nOn May 2, 2024, from 10:00 AM to \
               12:30 PM GMT+01:00, card payments failed.\n\n## Timeline\n\n\
               - **10:00 AM**: Payment errors alert.\n- **12:30 PM**: Replica rebuilt, payments \
               flow again.\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(offset(&inc), Some(3600));
    assert_eq!(
        times(&inc),
        ["2024-05-02T10:00:00+01:00", "2024-05-02T12:30:00+01:00"]
    );
    // `4pm PST` glued: PST on a May day is the Pacific clock then in force.
    let src = "# Disk full\n\nOn May 23rd, 2018 at 1pm PST the error rate rose; back to normal \
               at 4pm PST.\n\n## Timeline\n\n- 2:30pm - Disk found full\n- 4:00pm - New disk \
               added, service back\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(times(&inc)[0], "2018-05-23T14:30:00-07:00");
}

#[test]
fn a_nested_item_after_a_pasted_log_is_still_the_entry_above() {
    // A sub-item under a timed entry, after a fenced log nested in it, tells more of that entry:
    // the clock in its sentence ("restarted at 05:40") is no entry of its own.
    let src = "# Workers crash looping\n\nDate: 2024-10-24 (all times UTC)\n\n## Timeline\n\n\
               - 08:15 - Support tells the on-call engineer about failing jobs.\n    \
               - The job logs show the same error:\n        ```text\n        \
               2024-10-24T07:34:22Z fatal: cannot map memory\n        ```\n    \
               - She sees the worker hosts were restarted at 05:40 on a new image.\n\
               - 08:50 - Hosts rolled back to the previous image.\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        ["2024-10-24T08:15:00+00:00", "2024-10-24T08:50:00+00:00"]
    );
    assert!(
        inc.timeline[0].text.contains("restarted at 05:40"),
        "{:?}",
        inc.timeline[0].text
    );
}

#[test]
fn a_table_row_holding_only_a_day_opens_that_day() {
    // `| 1/28 | |` rows open each day of a two-column table; the header's date only gives the
    // year. Without them the first rows would take the header's day.
    let src = "# Ledger sync stalled\n\nDate: 2026-01-30\n\n## Timeline\n\n\
               Time | Event\n--- | ---\n1/28 |\n16:40 | Nightly ledger sync starts lagging\n\
               1/30 |\n09:05 | Finance reports missing entries\n09:40 | Sync worker restarted; \
               backlog drains\n2026-01-31 |\n08:00 | Backlog cleared\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        [
            "2026-01-28T16:40:00+00:00",
            "2026-01-30T09:05:00+00:00",
            "2026-01-30T09:40:00+00:00",
            "2026-01-31T08:00:00+00:00",
        ]
    );
}

#[test]
fn a_24_hour_clock_with_a_needless_suffix_is_read() {
    // `20:50pm`: the digits say it is evening; the suffix adds nothing.
    let src = "# Cache errors\n\nOn 2026-05-03 (all times UTC):\n\n- 20:50pm Errors begin on the \
               cache tier.\n- 22:10pm Cache nodes replaced; errors stop.\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        ["2026-05-03T20:50:00+00:00", "2026-05-03T22:10:00+00:00"]
    );
}

#[test]
fn an_html_table_written_on_one_line_is_read_row_by_row() {
    let src = "<h1>Login outage</h1><p>March 5, 2024, all times UTC</p><h2>Timeline</h2>\
               <table><tr><th>Time</th><th>Event</th></tr><tr><td>10:05</td><td>Login errors \
               alert</td></tr><tr><td>10:20</td><td>Session store failed over</td></tr></table>\n";
    let (inc, _) = import(Path::new("x.html"), src).unwrap();
    assert_eq!(
        times(&inc),
        ["2024-03-05T10:05:00+00:00", "2024-03-05T10:20:00+00:00"]
    );
    assert_eq!(
        texts(&inc),
        ["Login errors alert", "Session store failed over"]
    );
}

#[test]
fn log_timestamps_with_a_fraction_of_a_second_keep_their_time() {
    // Pasted from a log: `10:05:13.123` is 10:05:13, never midnight.
    let src = "# Disk alarms\n\n## Timeline\n\n- 2024-03-05 10:05:13.123 UTC disk alarm fires\n\
               - 2024-03-05 10:20:01,5 UTC volume extended\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        ["2024-03-05T10:05:13+00:00", "2024-03-05T10:20:01+00:00"]
    );
}

#[test]
fn a_chat_log_pasted_into_the_postmortem_is_read_message_by_message() {
    // A Slack channel pasted under "#ops chat log": each `name [h:mm AM]` header opens an entry
    // by that author; the quoted lines under it are its words; inline code in triple backticks
    // on one line is no fence.
    let src = "# Build farm outage\n\nAll times in PDT, 2019-03-27.\n\n## Timeline\n\n\
               - 06:00 Build jobs start failing.\n\n## Appendix\n\n### #ops chat log\n\n\
               > ann [6:27 AM]  \n> seeing ```acquire failed``` on all jobs\n>\n\
               > bob   [07:16 AM]  \n> looking now\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        [
            "2019-03-27T06:00:00-07:00",
            "2019-03-27T06:27:00-07:00",
            "2019-03-27T07:16:00-07:00"
        ]
    );
    let authors: Vec<Option<&str>> = inc.timeline.iter().map(|e| e.author.as_deref()).collect();
    assert_eq!(authors, [None, Some("ann"), Some("bob")]);
    assert_eq!(inc.timeline[2].text.as_ref(), "looking now");
    // A sentence ending in a bracketed time is no chat header.
    let src = "# X\n\n## Timeline (UTC) 2024-03-05\n\n- Errors begin on checkout [10:05]\n\
               - Rolled back the release [10:20]\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert!(inc.timeline.iter().all(|e| e.author.is_none()));
}

/// A status page's updates in paragraphs, each labelled before its time (`**Update: 09:52**`,
/// `**Monitoring - 11:09**`, `**Resolved: 12:18**`), with no timeline heading: each is an entry
/// at its time; a bare "Update" is dropped, a status word is kept with the entry's words, where
/// the lexicon reads it.
#[test]
fn status_updates_labelled_before_their_time_are_entries() {
    let (inc, _) = load("status-update-labels.md");
    assert_eq!(
        times(&inc),
        [
            "2025-08-19T09:52:00+00:00",
            "2025-08-19T10:12:00+00:00",
            "2025-08-19T11:09:00+00:00",
            "2025-08-19T12:18:00+00:00",
        ]
    );
    let texts = texts(&inc);
    assert!(texts[0].starts_with("We have identified"), "{texts:?}");
    assert!(texts[2].starts_with("Monitoring: Pages load"), "{texts:?}");
    assert_eq!(texts[3], "Resolved: Traffic is back to normal.");
}

/// Status updates stamped at their end ("… sign-ins fail. 2025-03-05 09:12"): each is an event
/// at its stamp, its text the words the stamp closes, not the stamp alone.
#[test]
fn updates_stamped_at_their_end_keep_their_words() {
    let (inc, _) = load("status-stamped-at-the-end.md");
    assert_eq!(
        times(&inc),
        [
            "2025-03-05T09:12:00+00:00",
            "2025-03-05T09:40:00+00:00",
            "2025-03-05T10:05:00+00:00",
        ]
    );
    let texts = texts(&inc);
    assert!(
        texts[0].ends_with("reports that sign-ins fail."),
        "{texts:?}"
    );
    assert!(texts[2].contains("Sign-ins work again"), "{texts:?}");
}

/// A date typo inside an ordered list (`2025-11-15 1330` between two entries of the 5th, its
/// clock between theirs) is read as the neighbours' day, with a warning; a day really apart
/// (the next morning) is not touched.
#[test]
fn a_date_typo_between_two_entries_of_one_day_is_read_as_that_day() {
    let (inc, diags) = load("date-typo.md");
    assert_eq!(
        times(&inc),
        [
            "2025-11-05T13:10:00+00:00",
            "2025-11-05T13:22:00+00:00",
            "2025-11-05T13:30:00+00:00",
            "2025-11-05T13:41:00+00:00",
        ]
    );
    let w = warning(&diags, "sits between two entries").expect("a warning");
    assert_eq!(w.line, 7);
    let md = "# X\n\n## Timeline (UTC)\n\n- 2025-11-05 13:10: a\n- 2025-11-07 09:00: b\n- 2025-11-07 10:00: c\n";
    let inc = import(Path::new("x.md"), md).unwrap().0;
    assert_eq!(times(&inc)[1], "2025-11-07T09:00:00+00:00");
    // A note on something done the week before is an earlier date: no typo.
    let md = "# X\n\n## Timeline (UTC)\n\n- 2025-11-05 09:00: a\n- 2025-11-01 10:15: merged last week\n- 2025-11-05 11:00: c\n";
    let inc = import(Path::new("x.md"), md).unwrap().0;
    assert!(times(&inc).contains(&"2025-11-01T10:15:00+00:00".to_string()));
}

/// Status pages written with markdown-it containers (`::: update Resolved | 2025-08-31T13:36:00Z`
/// … `:::`), newest first: each update is an entry at its time, its label kept with its words.
#[test]
fn container_updates_are_entries() {
    let (inc, _) = load("container-updates.md");
    assert_eq!(
        times(&inc),
        [
            "2025-08-31T12:25:00+00:00",
            "2025-08-31T12:42:00+00:00",
            "2025-08-31T13:32:00+00:00",
            "2025-08-31T13:36:00+00:00",
        ]
    );
    assert!(texts(&inc)[3].starts_with("Resolved:"), "{:?}", texts(&inc));
}

/// A status page's post (Statusfy, cState: `severity:` in the front matter) opens with its
/// first update, posted at the front matter's `date:`: the body's first paragraph is an entry
/// at that time. "will complete when this issue has been resolved" tells of the future: no
/// resolution. A blog post's dated front matter (no status key) stamps nothing.
#[test]
fn a_status_posts_opening_paragraph_is_its_first_update() {
    let (inc, _) = load("status-post-opening-update.md");
    assert_eq!(
        times(&inc),
        ["2024-05-06T09:14:03+00:00", "2024-05-06T10:02:00+00:00"]
    );
    assert!(
        texts(&inc)[0].starts_with("Image uploads are taking"),
        "{:?}",
        texts(&inc)
    );
    assert_eq!(inc.milestones.get(MilestoneKind::Resolved), None);
    let (inc, _) = load("blog-post-dated-with-a-time.md");
    assert_eq!(
        times(&inc),
        ["2024-05-02T08:10:00+00:00", "2024-05-02T08:25:00+00:00"]
    );
}

/// A status page's updates copied into a fenced block, stamped to the second
/// (`2024-09-14T07:02:11.402Z - investigating: We are …`), are the timeline; a fenced log
/// excerpt stamped to the second stays code.
#[test]
fn fenced_status_updates_stamped_to_the_second_are_entries() {
    let (inc, _) = load("fenced-status-updates.md");
    assert_eq!(
        times(&inc),
        [
            "2024-09-14T07:02:11+00:00",
            "2024-09-14T07:40:55+00:00",
            "2024-09-14T08:15:02+00:00",
        ]
    );
    assert_eq!(
        inc.milestones
            .get(MilestoneKind::Resolved)
            .map(|t| t.to_rfc3339()),
        Some("2024-09-14T08:15:02+00:00".to_string())
    );
}

/// `| 0730 | …` in a column its header names the time: a clock written without its colon.
#[test]
fn a_time_column_of_colonless_clocks() {
    let (inc, _) = load("time-column-colonless.md");
    assert_eq!(
        times(&inc),
        [
            "2025-02-04T07:30:00+00:00",
            "2025-02-04T07:40:00+00:00",
            "2025-02-04T12:30:00+00:00",
        ]
    );
}

/// A blog post's `date:` (when it was written) two days after the day its title names: the
/// title dates the incident.
#[test]
fn the_title_dates_the_incident_before_the_posts_date() {
    let (inc, _) = load("title-dates-the-post.md");
    assert_eq!(times(&inc)[0], "2025-11-18T11:33:00+00:00");
}

/// No zone written in the text, but the front matter's date is stamped with its offset
/// (`date: 2025-02-14 13:02:10 +0100`, as status pages write the first update's time): the
/// updates' bare clocks are in that offset.
#[test]
fn the_front_matters_stamp_gives_the_zone_when_nothing_else_does() {
    let (inc, _) = load("front-matter-stamp-zone.md");
    assert_eq!(
        times(&inc),
        [
            "2025-02-14T13:02:00+01:00",
            "2025-02-14T13:27:00+01:00",
            "2025-02-14T15:45:00+01:00",
            "2025-02-14T16:35:00+01:00",
        ]
    );
}

/// A post dated when it was written (`date: 2019-06-12 16:40`) that tells of "last night's
/// outage" began the day before; one titled with a date that reads both ways (`6/11/2019` in
/// a post of 2019-06-12) is read the way that puts it before the writing.
#[test]
fn a_post_written_after_its_incident_dates_it_before_the_writing() {
    let (inc, _) = load("post-written-next-day.md");
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2019-06-11")
    );
    let t = times(&inc);
    assert_eq!(
        t.first().map(String::as_str),
        Some("2019-06-11T22:15:00-07:00")
    );
    assert_eq!(
        t.last().map(String::as_str),
        Some("2019-06-12T01:05:00-07:00")
    );

    let (inc, _) = load("post-title-numeric-date.md");
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2019-06-11")
    );
    assert_eq!(
        times(&inc).first().map(String::as_str),
        Some("2019-06-11T14:10:00-07:00")
    );
}

/// What the session-17 readings must not read: a bold timeline heading over items that nest
/// notes goes on past the first nested note; a planned time ("Expected recovery 14:00") is
/// no entry outside a list of key events; a post written at 10:00 of "last night" from 01:10
/// is dated that same day; a machine stamp with its own offset (`…T21:40:00-04:00`) still gives
/// the zone.
#[test]
fn the_new_readings_leave_ordinary_shapes_alone() {
    let (inc, _) = load("bold-timeline-nested-notes.md");
    assert_eq!(inc.timeline.len(), 5, "{:?}", texts(&inc));
    assert_eq!(
        inc.timeline.last().map(|e| e.kind),
        Some(EventKind::Resolution)
    );

    let (inc, _) = load("planned-time-in-timeline.md");
    assert_eq!(
        times(&inc),
        [
            "2024-05-02T09:00:00+00:00",
            "2024-05-02T09:30:00+00:00",
            "2024-05-02T10:00:00+00:00"
        ]
    );

    let (inc, _) = load("post-written-same-day.md");
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2024-05-03")
    );

    let (inc, _) = load("machine-stamp-with-offset.md");
    assert_eq!(offset(&inc), Some(-4 * 3600));
}

/// A paragraph of the story after the timeline that opens with its moment ("On March 4th at
/// 06:00 UTC we managed to restore …", "Around 07:15 UTC we finished …") adds that moment; a
/// time later in a sentence ("normally finishes by 02:00 UTC") is told about, and a paragraph
/// that retells a moment of the timeline adds nothing.
#[test]
fn paragraphs_that_open_with_their_moment_add_it() {
    let (inc, _) = load("prose-moments-after-timeline.md");
    assert_eq!(
        times(&inc),
        [
            "2024-03-03T21:10:00+00:00",
            "2024-03-03T21:40:00+00:00",
            "2024-03-04T06:00:00+00:00",
            "2024-03-04T07:15:00+00:00"
        ]
    );
    let resolved = retrace::analysis::analyze(&inc)
        .milestones
        .at(MilestoneKind::Resolved)
        .map(|t| t.to_rfc3339());
    assert_eq!(resolved.as_deref(), Some("2024-03-04T07:15:00+00:00"));
}

/// Ordinary shapes the readings added in session 19 must leave alone (a reviewer's inputs):
/// a report of a "green cluster" or a "ready queue" is still a report; "revealed up to 40%"
/// still a cause found; a report denied ("has not yet confirmed to be fully operational") no
/// end; "an upgrade to pgdriver 4.2 as the fix" no trigger; and in prose, an expectation, a
/// scope that changed, a look without a cause, a reason ("because … insufficient"), a guess
/// ("would not help") and a state ("unchanged") are no detours, while "Initially we thought
/// the database was overloaded, but it was a bad deploy" is one.
#[test]
fn the_new_readings_of_session_19_leave_ordinary_shapes_alone() {
    let (inc, _) = load("session-19-ordinary-shapes.md");
    let kinds: Vec<EventKind> = inc.timeline.iter().map(|e| e.kind).collect();
    assert_eq!(kinds[0], EventKind::Detection, "{kinds:?}");
    assert_eq!(kinds[1], EventKind::Detection, "{kinds:?}");
    assert_eq!(kinds[2], EventKind::Identified, "{kinds:?}");
    assert_ne!(kinds[4], EventKind::Resolution, "{kinds:?}");
    assert_ne!(kinds[5], EventKind::Trigger, "{kinds:?}");
    assert_ne!(kinds[6], EventKind::Trigger, "{kinds:?}");
    let branches: Vec<&str> = inc.branches.iter().map(|b| b.hypothesis.as_str()).collect();
    assert_eq!(branches, ["The database was overloaded"]);
    assert!(inc.timeline.iter().all(|e| e.branch.is_none()));
}

/// A blog post's front matter with a `severity:` tag alone is no status page: its first
/// sentence is no update at the post's date; a fenced job log (`scheduled:`, `update:`,
/// `completed:`) stays code.
#[test]
fn a_blog_posts_severity_tag_and_a_job_log_stamp_nothing() {
    let (inc, _) = load("blog-post-with-severity.md");
    assert_eq!(
        times(&inc),
        ["2024-05-01T10:00:00+00:00", "2024-05-01T10:40:00+00:00"]
    );
}

/// "Resolved - Between 07:30 UTC and 11:10 UTC …, some customers … may have seen errors": a
/// status page's closing update gives the impact's window, whose first time is the start; a
/// "between" of work done ("we rolled back the workers") is none.
#[test]
fn a_closing_updates_window_starts_the_impact() {
    let (inc, _) = load("status-window-in-resolution.md");
    assert_eq!(
        inc.milestones
            .get(MilestoneKind::Started)
            .map(|t| t.to_rfc3339()),
        Some("2024-07-31T07:30:00+00:00".to_string())
    );
    let why = inc
        .milestones
        .inferred
        .iter()
        .find(|(m, _)| *m == MilestoneKind::Started)
        .map(|(_, w)| w.matched.clone());
    assert_eq!(why.as_deref(), Some("Between 07:30 UTC"));
}

#[test]
fn a_time_repeated_in_utc_after_the_entry_is_no_entry_of_its_own() {
    // `16:51:29 - 16:51:46: … errors. (00:51:29Z - 00:51:46Z)` under "Timeline (PST)": the
    // bracket at the end repeats the entry's range in UTC; it is neither a second entry nor a
    // reason to move the entries after it to the next day.
    let (inc, diags) = load("utc-repeat-after-the-entry.md");
    assert_eq!(offset(&inc), Some(-8 * 3600));
    assert_eq!(
        times(&inc),
        [
            "2025-11-14T16:45:32-08:00",
            "2025-11-14T16:48:04-08:00",
            "2025-11-14T16:51:29-08:00",
            "2025-11-14T16:52:21-08:00",
            "2025-11-14T16:58:00-08:00",
            "2025-11-14T17:00:00-08:00",
            "2025-11-14T17:02:00-08:00",
        ]
    );
    assert!(warning(&diags, "written in +00:00").is_none(), "{diags:?}");
    let ms = &inc.milestones;
    assert!(
        ms.resolved
            .is_some_and(|t| t.to_rfc3339() == "2025-11-14T17:02:00-08:00")
    );
}

#[test]
fn the_zone_most_entries_are_written_in_is_the_timelines() {
    // A status post stamped `+02:00` in its front matter whose updates each say `UTC`: the
    // timeline's clocks are in UTC; the stamp is one entry written in its own offset.
    let (inc, _) = load("status-post-updates-in-utc.md");
    assert_eq!(offset(&inc), Some(0));
    assert_eq!(
        times(&inc)[1..],
        [
            "2023-05-16T08:10:44+00:00",
            "2023-05-16T09:05:12+00:00",
            "2023-05-17T06:30:02+00:00",
        ]
    );
}

#[test]
fn a_zone_in_brackets_above_the_first_entry_in_any_language_is_the_timelines() {
    // "Локальное время сервера (+0500)." between the heading and the table: the table's bare
    // clocks are at +05:00.
    let (inc, _) = load("zone-in-brackets-other-language.md");
    assert_eq!(offset(&inc), Some(5 * 3600));
    assert_eq!(times(&inc)[0], "2026-03-11T09:12:00+05:00");
    // The same words in a paragraph far from the timeline name no zone for it.
    let src = fixture("zone-in-brackets-other-language.md").replace(
        "Локальное время сервера (+0500). Ранние события видны только по логам.\n\n",
        "",
    );
    let src = src.replace(
        "Дата: 2026-03-11\n",
        "Дата: 2026-03-11\n\nСервер (+0500).\n",
    );
    let (inc, _) = import(Path::new("x.md"), &src).unwrap();
    assert_ne!(offset(&inc), Some(5 * 3600));
}

#[test]
fn four_digit_clocks_before_the_words_of_each_entry() {
    // `- 0932 First errors …` on every item: clocks written without a colon or a separator.
    let (inc, _) = load("spaced-four-digit-clocks.md");
    assert_eq!(
        times(&inc),
        [
            "2017-03-12T09:32:00+00:00",
            "2017-03-12T09:40:00+00:00",
            "2017-03-12T09:55:00+00:00",
            "2017-03-12T10:10:00+00:00",
            "2017-03-12T10:42:00+00:00",
            "2017-03-12T13:00:00+00:00",
        ]
    );
    assert_eq!(texts(&inc)[0], "First errors from the image proxy");
    // The same clocks in bold, in code, after a dash, as paragraphs.
    let items = [
        ("0932", "First errors from the image proxy"),
        ("0940", "Pager alert to the developer"),
        ("1010", "Decided to fail over to the US bucket"),
    ];
    for (lead, sep, gap) in [
        ("- **", "** ", ""),
        ("- `", "` ", ""),
        ("- ", " - ", ""),
        ("- ", " — ", ""),
        ("**", "** - ", "\n"),
        ("", " ", "\n"),
    ] {
        let mut src = String::from("# Image outage\n\n## Timeline (3 Nov 2016)\n\n");
        for (clock, words) in items {
            src.push_str(&format!("{lead}{clock}{sep}{words}\n{gap}"));
        }
        let (inc, _) = import(Path::new("x.md"), &src).unwrap();
        assert_eq!(
            times(&inc),
            [
                "2016-11-03T09:32:00+00:00",
                "2016-11-03T09:40:00+00:00",
                "2016-11-03T10:10:00+00:00",
            ],
            "{src}"
        );
        assert_eq!(
            texts(&inc)[2],
            "Decided to fail over to the US bucket",
            "{src}"
        );
    }
    // Counts and years stay text when the document writes its clocks another way.
    let (inc, _) = load("hhmm.md");
    assert!(
        texts(&inc).iter().any(|t| t.contains("; 1500 writes")),
        "{:?}",
        texts(&inc)
    );
    // Two such items are not enough: they may be counts.
    let src = "# Import backlog\n\nDate: 2024-02-02\n\n## Timeline (UTC)\n\n\
               - 10:05 Import queue grows\n- 1200 users wait for their files\n\
               - 1500 files are retried by hand\n- 11:30 Queue empty\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    let read = times(&inc);
    assert!(
        !read
            .iter()
            .any(|t| t.contains("T12:00") || t.contains("T15:00")),
        "{read:?}"
    );
}

#[test]
fn dates_written_in_another_language_give_the_day() {
    // "Le 3 avril 2024" in the opening paragraph: the clocks `14h02` are on that day.
    let (inc, _) = load("date-in-french.md");
    assert_eq!(times(&inc)[0], "2024-04-03T14:02:00+00:00");
    assert_eq!(inc.timeline.len(), 4);
}

#[test]
fn east_asian_dates_and_approximate_clocks() {
    // `2025年3月14日(金) 21:05頃`: the day, the weekday in brackets dropped, and the clock
    // about 21:05.
    let (inc, _) = load("east-asian-dates.md");
    assert_eq!(
        times(&inc),
        [
            "2025-03-14T21:05:00+00:00",
            "2025-03-17T10:00:00+00:00",
            "2025-03-18T09:30:00+00:00",
        ]
    );
    assert_eq!(approximate(&inc), [true, false, false]);
    assert!(texts(&inc)[0].starts_with("空調停止"), "{:?}", texts(&inc));
}

#[test]
fn a_zone_row_of_the_header_table_is_the_timelines() {
    // `| **Times** | EDT (UTC−4) |` in the table of facts at the top: the bare clocks of the
    // timeline are at -04:00 (a typographic minus in the offset too).
    let (inc, _) = load("zone-in-header-table.md");
    assert_eq!(offset(&inc), Some(-4 * 3600));
    assert_eq!(
        times(&inc),
        [
            "2026-10-07T17:14:00-04:00",
            "2026-10-07T17:16:32-04:00",
            "2026-10-07T17:25:00-04:00",
            "2026-10-07T17:58:00-04:00",
        ]
    );
}

#[test]
fn a_status_posts_updates_apart_by_a_lone_backslash_are_each_an_entry() {
    // ClearStatus: updates split by a `\` line, each closed by its `track` stamp; the post opens
    // at the front matter's `date:` and is resolved at its `resolvedOn:`.
    let (inc, _) = load("status-post-backslash-updates.md");
    assert_eq!(
        times(&inc)[..3],
        [
            "2021-08-14T09:12:00+00:00",
            "2021-08-14T09:31:00+00:00",
            "2021-08-14T10:02:00+00:00",
        ]
    );
    assert_eq!(
        texts(&inc)[1],
        "Issue identified: A relay lost its certificate after a renewal."
    );
    assert!(
        inc.milestones
            .resolved
            .is_some_and(|t| t.to_rfc3339() == "2021-08-14T10:40:05+00:00"),
        "{:?}",
        inc.milestones.resolved
    );
}

#[test]
fn a_typographic_minus_in_a_bracket_above_the_timeline_is_read_without_a_panic() {
    // "(−20)": a change written with U+2212, three bytes, where a sign is looked for.
    let src = "# Outage\n\n## Timeline\n\nLatency rose (−20) before.\n\n- 10:00 Errors start\n- 10:05 Alert fires\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(offset(&inc), None);
    assert_eq!(inc.timeline.len(), 2);
}

// A blog post told in prose names its days in words, counted from the day it was written
// (its front matter's `created_at:`, `published:`) and from the day the story has reached.

#[test]
fn days_named_in_words_count_from_the_post_and_go_forward() {
    // Written Monday 2031-03-17: "Last Wednesday" is the 12th, "On Thursday" the 13th, "at
    // 1:30 am" after 7 pm the next day, "on Saturday morning" the 15th.
    let (inc, _) = load("blog-days-in-words.md");
    assert_eq!(
        times(&inc),
        [
            "2031-03-13T19:00:00+01:00",
            "2031-03-14T01:30:00+01:00",
            "2031-03-15T02:00:00+01:00",
        ]
    );
    // The incident's day is the first clock's, not the day of writing or of the first hint.
    assert_eq!(inc.date, chrono::NaiveDate::from_ymd_opt(2031, 3, 13));
}

#[test]
fn yesterday_and_this_morning_count_from_the_day_of_publishing() {
    let (inc, d) = load("yesterday-from-the-post-date.md");
    assert_eq!(
        times(&inc),
        [
            "2031-02-12T16:20:00+00:00",
            "2031-02-12T18:30:00+00:00",
            "2031-02-12T19:00:00+00:00",
            "2031-02-12T23:40:00+00:00",
            "2031-02-13T01:10:00+00:00",
            "2031-02-13T09:00:00+00:00",
        ]
    );
    assert_eq!(inc.date, chrono::NaiveDate::from_ymd_opt(2031, 2, 12));
    assert!(warning(&d, "no date found").is_none());
}

// `### Friday 17:05` … `### Sunday 09:45`: each new weekday is the next day of the story, and
// a day heading among them (`### End of the day - Friday 7th Mar`) dates what follows.

#[test]
fn entries_led_by_their_weekday_go_forward_a_day_at_each_new_one() {
    let (inc, d) = load("weekday-headings.md");
    assert_eq!(
        times(&inc),
        [
            "2031-03-07T17:05:00+00:00",
            "2031-03-07T17:40:00+00:00",
            "2031-03-08T11:20:00+00:00",
            "2031-03-09T09:45:00+00:00",
            "2031-03-11T14:00:00+00:00",
        ]
    );
    // Not read as a log written newest first.
    assert!(warning(&d, "newest first").is_none());
}

// A log of updates that leads each entry with a status symbol (`✅ **Mar. 4, 5:10 p.m.** — …`,
// `⚠️ 08:55 …`): the symbol does not hide the time.

#[test]
fn a_status_symbol_before_the_time_is_skipped() {
    let (inc, _) = load("status-symbols-before-times.md");
    assert_eq!(
        times(&inc),
        [
            "2031-03-03T08:55:00+00:00",
            "2031-03-03T09:40:00+00:00",
            "2031-03-04T13:25:00+00:00",
            "2031-03-04T17:10:00+00:00",
        ]
    );
    assert_eq!(texts(&inc)[0], "Storage alerts fired for the media bucket.");
}

// A status page's update history turned into text: a row of a day and a time alone
// (`| Mar 04, 2031 | 09:30 |`), the update's text in the lines under it, then `|` and the same
// text again (the next cell). One entry per row, its text once, newest first read oldest first.

#[test]
fn an_update_history_table_turned_into_text_is_one_entry_per_row() {
    let (inc, _) = load("update-history-table-as-text.md");
    assert_eq!(
        times(&inc),
        [
            "2031-03-04T08:40:00-08:00",
            "2031-03-04T09:30:00-08:00",
            "2031-03-04T10:40:00-08:00",
        ]
    );
    assert_eq!(
        texts(&inc),
        [
            "We are investigating elevated error rates when listing buckets in europe-west2.",
            // A line wrapped before a time goes on: no entry of its own at 10:30.
            "Mitigation is in progress and error rates are dropping. We will post the next \
             update by Thursday, 2031-03-04 10:30 US/Pacific with details.",
            "The issue with bucket listing has been resolved for all affected projects as of \
             10:25 US/Pacific.",
        ]
    );
}

// `Time (Pacific) | Description` over a table written without outer pipes (its dashes make the
// header a heading): the place in the bracket after "Time" is the timeline's region.

#[test]
fn a_place_in_brackets_after_time_names_the_zone() {
    let (inc, d) = load("zone-by-place-in-column-header.md");
    // No date: 1970-01-01, when Los Angeles kept standard time.
    assert_eq!(offset(&inc), Some(-8 * 3600));
    assert_eq!(times(&inc)[0], "1970-01-01T14:50:00-08:00");
    assert!(warning(&d, "no time zone").is_none());
}

// A site migrated from Drupal writes its front matter keys after a colon and the time of
// writing in seconds since 1970 (`:created: 1930406400`, 2031-03-04): the post's title and the
// day its story counts from ("on Friday", "on Sunday", "later that day").

#[test]
fn front_matter_of_a_migrated_site_dates_the_story() {
    let (inc, _) = load("migrated-front-matter-epoch.md");
    assert_eq!(inc.title, "Mirror downtime over the weekend");
    assert_eq!(
        times(&inc),
        [
            "2031-02-28T23:00:00+00:00",
            "2031-03-02T04:00:00+00:00",
            "2031-03-02T09:00:00+00:00",
        ]
    );
}

// A blog post's own title, then `# Incident retrospective 04/03/2031` (day first: April 3rd
// would be after the post's date): that heading dates the incident, not the post's date.

#[test]
fn a_dated_heading_under_a_posts_title_dates_the_incident() {
    let (inc, _) = load("dated-heading-under-post-title.md");
    assert_eq!(inc.date, chrono::NaiveDate::from_ymd_opt(2031, 3, 4));
    assert_eq!(times(&inc)[0], "2031-03-04T14:05:00+00:00");
}

// An ISO date-time marked UTC by its `Z` and followed by a range's end (`…T09:36Z–~12:00Z`,
// `…T10:00Z-11:00Z`): a range, not a day without a time, and the row after it is no part of it.

#[test]
fn an_iso_date_time_with_its_z_starts_a_range() {
    let (inc, d) = load("iso-ranges-with-zulu.md");
    assert_eq!(
        times(&inc),
        [
            "2031-05-18T09:36:00+00:00",
            "2031-05-18T09:36:00+00:00",
            "2031-05-18T10:00:00+00:00",
            "2031-05-18T12:00:00+00:00",
            "2031-05-18T16:55:00+00:00",
        ]
    );
    assert_eq!(inc.timeline.len(), 5);
    assert!(warning(&d, "no time").is_none());
}

#[test]
fn the_same_time_again_with_its_zone_first_keeps_the_timeline_zone() {
    // Under `## Timeline (JST)`, `15:22:42 (UTC 06:22:42)` is one instant told twice: the
    // entries after it stay in JST (they were read as UTC, nine hours off).
    let (inc, _) = load("same-time-zone-written-first.md");
    assert_eq!(
        times(&inc)[2..],
        [
            "2026-04-02T15:22:00+09:00",
            "2026-04-02T15:22:42+09:00",
            "2026-04-02T15:23:00+09:00",
            "2026-04-02T15:30:00+09:00",
        ]
    );
    assert_eq!(
        inc.timeline[3].text,
        "Proxy up; backend address resolved again"
    );
}

#[test]
fn a_numbered_day_heading_with_its_date_is_that_date() {
    // `### Day 1 - March 8, 2025` · `### Day 2 - March 9, 2025`, under a report dated the
    // 9th: each day is the date its heading writes, not the report's date plus a count.
    let (inc, _) = load("numbered-day-headings-with-dates.md");
    assert_eq!(
        times(&inc),
        [
            "2025-03-08T22:10:00+00:00",
            "2025-03-08T22:15:00+00:00",
            "2025-03-09T07:30:00+00:00",
            "2025-03-09T08:10:00+00:00",
        ]
    );
}

#[test]
fn a_dated_heading_after_the_timeline_does_not_date_the_incident() {
    // `**Incident Date**: January 31, 2026` and, in an appendix after the timeline, a bold
    // `**January 22, 2026 incident:**` over the log of an earlier failure: the incident is on
    // the 31st, the day its field writes.
    let (inc, _) = load("dated-heading-in-an-appendix.md");
    assert_eq!(
        times(&inc),
        ["2026-01-31T16:40:55-05:00", "2026-01-31T16:41:41-05:00"]
    );
}

#[test]
fn a_date_field_of_six_digits_is_day_month_year_with_a_warning() {
    // `Date: 140323`: the 14th of March 2023 (a day over 12 leaves one reading here; the
    // warning says how six digits were read), never 1970-01-01.
    let (inc, diags) = load("six-digit-date-field.md");
    assert_eq!(times(&inc)[0], "2023-03-14T09:10:00+00:00");
    let w = warning(&diags, "six digits").expect("a warning");
    assert!(w.message.contains("2023-03-14"), "{}", w.message);
}

#[test]
fn clocks_written_in_east_asian_words() {
    // `午前11時05分` (11:05 in the morning), `午前11時12分頃` (about), `午後0時30分` (half past
    // noon), `午後3時半` (half past three in the afternoon), `17時5分20秒`; `1時間` is an
    // hour of a duration, not a clock.
    let (inc, _) = load("east-asian-clocks-in-words.md");
    assert_eq!(
        times(&inc),
        [
            "2025-04-02T11:05:00+09:00",
            "2025-04-02T11:12:00+09:00",
            "2025-04-02T12:30:00+09:00",
            "2025-04-02T15:30:00+09:00",
            "2025-04-02T17:05:20+09:00",
        ]
    );
    assert_eq!(approximate(&inc), [false, true, false, false, false]);
    assert!(texts(&inc)[2].contains("1時間"), "{:?}", texts(&inc));
    // Chinese: `下午3点05分` (afternoon), `晚上7点` (evening), and full-width colons: after a
    // date's label, inside a clock (`15：12`) and after one.
    let (inc, _) = load("chinese-full-width-colons.md");
    assert_eq!(
        times(&inc),
        [
            "2025-06-18T15:05:00+08:00",
            "2025-06-18T15:12:00+08:00",
            "2025-06-18T19:00:00+08:00",
        ]
    );
    assert!(texts(&inc)[0].starts_with("订单"), "{:?}", texts(&inc));
    // `点` is a count in Japanese too: `3点目` (the third item) opens no entry at 03:00.
    let text = "# 障害報告\n\n発生日: 2025年4月2日\n\n## タイムライン (JST)\n\n- 10:00 障害発生\n- 3点目の対策を実施\n- 11:00 完全復旧\n";
    let counted = load_str(Path::new("counted.md"), text).unwrap().incident;
    assert_eq!(counted.timeline.len(), 2, "{:?}", texts(&counted));
    // Korean writes a space between the hour and the minutes (`오전 9시 5분`); `오후 12시` is noon.
    let (inc, _) = load("korean-clocks-in-words.md");
    assert_eq!(
        times(&inc),
        [
            "2025-03-07T09:05:00+09:00",
            "2025-03-07T09:20:00+09:00",
            "2025-03-07T12:30:00+09:00",
        ]
    );
}

#[test]
fn a_bracket_glued_to_the_clock_is_a_note_on_it() {
    // `~02:00(11:00 in Tokyo)`: the clock, about, with its note; not a day without a time.
    let (inc, diags) = load("glued-bracket-after-clock.md");
    assert_eq!(
        times(&inc),
        ["2025-05-17T02:00:00+00:00", "2025-05-17T02:40:00+00:00"]
    );
    assert_eq!(approximate(&inc), [true, false]);
    assert!(warning(&diags, "no time").is_none(), "{diags:?}");
}

#[test]
fn a_clock_with_the_word_for_hours_after_it() {
    // `22:00hrs`, `20:00 hrs` beside the military `1530hrs` and `0300 hrs`: each a clock, the
    // word not left in the text; the day rolls over after midnight.
    let (inc, diags) = load("clock-with-hours-word.md");
    assert_eq!(
        times(&inc),
        [
            "2022-04-12T22:00:00-07:00",
            "2022-04-13T15:30:00-07:00",
            "2022-04-13T20:00:00-07:00",
            "2022-04-14T03:00:00-07:00",
        ]
    );
    assert!(
        texts(&inc).iter().all(|t| !t.starts_with("hrs")),
        "{:?}",
        texts(&inc)
    );
    assert!(warning(&diags, "no time").is_none(), "{diags:?}");
}

#[test]
fn a_service_alert_told_in_its_front_matter() {
    // A site's service alert keeps its whole story in the front matter: `start_date:` and
    // `end_date:` give the stated window, `impact:` and `reason:` the text. Before, the file
    // had "no readable text" and was refused.
    let (inc, diags) = load("service-alert-front-matter.md");
    assert!(diags.iter().all(|d| d.level != Level::Error), "{diags:?}");
    let at = |m| inc.milestones.get(m).map(|t| t.to_rfc3339());
    assert_eq!(
        at(MilestoneKind::Started).as_deref(),
        Some("2024-10-02T07:30:00+00:00")
    );
    assert_eq!(
        at(MilestoneKind::Resolved).as_deref(),
        Some("2024-10-02T11:05:00+00:00")
    );
    let summary = inc.summary.as_deref().unwrap_or_default();
    assert!(summary.contains("could not start"), "{summary}");
}

#[test]
fn ranges_written_with_seconds() {
    // `01:11:04–09` is a range whose end is its seconds, not the clock in zone -09:00;
    // `01:11:40–01:19:02` is a range, its own entry, not text run on from the entry before.
    let (inc, diags) = load("ranges-in-seconds.md");
    assert_eq!(
        times(&inc),
        [
            "2026-02-09T01:10:03-08:00",
            "2026-02-09T01:11:04-08:00",
            "2026-02-09T01:11:40-08:00",
            "2026-02-09T01:11:40-08:00",
            "2026-02-09T01:20:02-08:00",
        ]
    );
    assert!(
        texts(&inc)[3].starts_with("The service manager"),
        "{:?}",
        texts(&inc)
    );
    assert!(warning(&diags, "written in").is_none(), "{diags:?}");
}

#[test]
fn a_wrapped_line_opening_with_a_number_in_brackets_is_no_entry() {
    // "(major:minor 8:16 and\n  8:48). Flushing …": the wrapped line closes the bracket of the
    // line before; `8:48)` is no clock opening an entry.
    let (inc, _) = load("wrapped-line-opening-with-a-bracketed-number.md");
    assert_eq!(
        times(&inc),
        ["2026-05-11T10:20:00+00:00", "2026-05-11T10:45:00+00:00"]
    );
}

#[test]
fn a_service_alert_whose_updates_are_in_its_front_matter() {
    // The alert's updates live in the front matter's `impact:`, newest first, broken with
    // XHTML's `<br/>` and stamped with colon-less clocks and a zone (`Update 1740 BST …`).
    // Before, the file had no timed events at all.
    let (inc, diags) = load("service-alert-updates-front-matter.md");
    assert!(diags.iter().all(|d| d.level != Level::Error), "{diags:?}");
    assert_eq!(
        times(&inc),
        ["2024-05-14T16:15:00+01:00", "2024-05-14T17:40:00+01:00"]
    );
    let texts = texts(&inc);
    assert!(texts[0].starts_with("logins work again"), "{texts:?}");
    assert!(
        texts[1].starts_with("All batch nodes are returned"),
        "{texts:?}"
    );
    // The `reason:` is a paragraph of its own, not the last update's words: its "looking
    // into" acknowledges nothing at 16:15.
    assert!(!texts[0].contains("looking into"), "{texts:?}");
    let at = |m| inc.milestones.get(m).map(|t| t.to_rfc3339());
    assert_eq!(at(MilestoneKind::Acknowledged), None);
    assert_eq!(
        at(MilestoneKind::Resolved).as_deref(),
        Some("2024-05-14T17:40:00+01:00")
    );
    assert_eq!(inc.timeline[1].kind, EventKind::Recovery);
    assert!(!inc.title.contains('<'), "{}", inc.title);
}

#[test]
fn status_updates_stamped_with_a_colon_less_clock_and_its_zone() {
    // `Update 1615 BST …`: the status label before the clock is the evidence that four digits
    // are a clock in a paragraph too (not only in a list); `<br/>` breaks a paragraph as `<br>`
    // does.
    let (inc, _) = load("status-updates-colon-less.md");
    assert_eq!(
        times(&inc),
        [
            "2024-05-14T16:15:00+01:00",
            "2024-05-14T17:40:00+01:00",
            "2024-05-14T18:05:00+01:00",
            "2024-05-14T18:10:00+01:00",
        ]
    );
    assert_eq!(texts(&inc)[2], "last two nodes returned to service.");
    assert_eq!(texts(&inc)[3], "Queue hold lifted.");
}

#[test]
fn ranges_joined_by_a_wave_dash_under_a_full_width_zone_bracket() {
    // Japanese writes a range with a wave dash (`10:14:05〜10:21`), "from then on" glued to a
    // clock (`10:50以降`), and brackets in full width
    // (`タイムライン（JST）`). Before, the zone was not read (every time 9 hours off) and a
    // range between two clocks with seconds was no time at all.
    let (inc, _) = load("wave-dash-ranges-ja.md");
    assert_eq!(offset(&inc), Some(9 * 3600));
    assert_eq!(
        times(&inc),
        [
            "2025-02-03T09:02:10+09:00",
            "2025-02-03T10:14:05+09:00",
            "2025-02-03T10:18:30+09:00",
            "2025-02-03T10:28:40+09:00",
            "2025-02-03T10:45:00+09:00",
            // `10:50以降` (from then on): the clock is the entry's time.
            "2025-02-03T10:50:00+09:00",
        ]
    );
    // The range's end is part of its time, not the entry's words.
    assert!(
        texts(&inc)[1].starts_with("全 upstream"),
        "{:?}",
        texts(&inc)
    );
    assert!(
        texts(&inc)[3].starts_with("接続が再確立"),
        "{:?}",
        texts(&inc)
    );
    // "プロセス無再起動" is no restart: the entry tells the system came back by itself.
    assert_eq!(inc.timeline[3].kind, EventKind::Recovery);
    // "利用者が 502 を報告": users reported the symptom.
    assert_eq!(
        inc.milestones
            .get(MilestoneKind::Detected)
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2025-02-03T10:18:30+09:00")
    );
}

#[test]
fn a_fence_opened_in_a_block_quote_ends_with_the_quote() {
    // A quoted stack trace opens a fence (`> ```Error: …`) whose closing backticks end its
    // last line, which closes nothing. CommonMark ends the block with the quote; before, the
    // rest of the file was code and its timed sentences were lost.
    let (inc, _) = load("quoted-fence-unclosed.md");
    assert_eq!(
        times(&inc),
        [
            "2024-06-04T08:12:00+03:00",
            "2024-06-04T08:20:00+03:00",
            "2024-06-04T08:41:00+03:00",
            "2024-06-04T08:47:00+03:00",
        ]
    );
}

#[test]
fn timed_paragraphs_under_a_heading_after_the_opening_add_their_moments() {
    // A post opens with paragraphs under its title, then tells the story in parts under
    // headings of no known name ("## First problem"); its dated list is the timeline. The
    // parts' timed paragraphs are moments the list left out, not the opening that sums the
    // story up (before, they were skipped as part of it). A paragraph months away from the
    // timeline ("## Earlier notes") tells another story and adds nothing.
    let (inc, _) = load("story-parts-after-opening.md");
    assert_eq!(
        times(&inc),
        [
            "2024-03-05T14:00:00+00:00",
            "2024-03-05T15:00:00+00:00",
            "2024-03-05T16:05:00+00:00",
            "2024-03-05T16:30:00+00:00",
            "2024-03-05T17:10:00+00:00",
        ]
    );
}

#[test]
fn a_status_page_in_chinese_tells_its_restart_when_done() {
    // "我们正在对宕机的缓存服务器进行重启操作" is a restart going on (正在), on the server that
    // went down (宕机的: named by its fault, no new start of impact); "我们重新启动了…" is the
    // restart done; "并正在调查此问题" in the opening post is the incident picked up.
    let (inc, _) = load("status-page-zh-restart.md");
    let at = |m| inc.milestones.get(m).map(|t| t.to_rfc3339());
    assert_eq!(
        at(MilestoneKind::Acknowledged).as_deref(),
        Some("2021-03-08T01:20:00+00:00")
    );
    assert_eq!(
        at(MilestoneKind::Mitigated).as_deref(),
        Some("2021-03-08T02:05:00+00:00")
    );
    assert!(
        inc.timeline
            .iter()
            .skip(1)
            .all(|e| e.kind != EventKind::ImpactStart),
        "{:?}",
        inc.timeline.iter().map(|e| e.kind).collect::<Vec<_>>()
    );
}

#[test]
fn a_window_of_lost_data_is_not_the_outage() {
    // "We lost writes … that took place between 14:05 and 21:40 UTC": when the lost data was
    // written, not when impact began or ended. Before, the outage started at 14:05.
    let (inc, _) = load("data-loss-window.md");
    let at = |m| inc.milestones.get(m).map(|t| t.to_rfc3339());
    assert_eq!(
        at(MilestoneKind::Started).as_deref(),
        Some("2025-03-03T16:10:00+00:00")
    );
    assert_eq!(
        at(MilestoneKind::Resolved).as_deref(),
        Some("2025-03-04T15:00:00+00:00")
    );
}
