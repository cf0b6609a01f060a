//! Hostile Markdown postmortems (issue 11, items 6 and 8): the importer's slow inputs and the
//! dates it silently slips on. The date tests run with every `cargo test`; the inputs of
//! megabytes (slow in a debug build) and the export round trip (which waits for the exporter's
//! wording) run with the `hostile-markdown` feature:
//!
//! ```sh
//! cargo test --release --features hostile-markdown --test hostile_markdown
//! ```
//!
//! Their time bounds are in `benches/hostile.rs` (`--features hostile-markdown` too). Here only
//! what comes out is checked.

use std::path::Path;

use retrace::ingest::{self, Level, Loaded};

fn import(name: &str, text: &str) -> Loaded {
    ingest::load_bytes(Path::new(name), text.as_bytes())
        .unwrap_or_else(|e| panic!("{name} does not import: {e}"))
}

/// `n` bare `HH:MM text` lines under a timeline heading.
fn bare_lines(n: usize) -> String {
    let mut s = String::from("# Long night\n\nDate: 2024-08-15\n\n## Timeline (UTC)\n\n");
    for i in 0..n {
        s.push_str(&format!("{:02}:{:02} step {i}\n", (i / 60) % 24, i % 60));
    }
    s
}

#[test]
#[cfg_attr(
    not(feature = "hostile-markdown"),
    ignore = "megabytes of input: slow in a debug build; run with --features hostile-markdown"
)]
fn two_hundred_thousand_bare_lines_import_every_entry() {
    let l = import("bare.md", &bare_lines(200_000));
    assert_eq!(l.incident.timeline.len(), 200_000);
    // The clock goes round every 1,440 lines: each lap is the next day.
    let first = l.incident.timeline[0].at;
    let last = l.incident.timeline[199_999].at;
    assert_eq!((last - first).num_days(), 199_999 / 1440);
}

#[test]
#[cfg_attr(
    not(feature = "hostile-markdown"),
    ignore = "megabytes of input: slow in a debug build; run with --features hostile-markdown"
)]
fn a_line_of_a_million_clock_times_is_one_entry() {
    let mut s = String::from("# Noise\n\nDate: 2024-08-15\n\n## Timeline (UTC)\n\n- 10:00 ");
    for i in 0..1_000_000 {
        s.push_str(&format!("{:02}:{:02} ", (i / 60) % 24, i % 60));
    }
    s.push('\n');
    let l = import("clocks.md", &s);
    assert!(!l.incident.timeline.is_empty());
    assert!(
        l.incident.timeline.len() < 1000,
        "{}",
        l.incident.timeline.len()
    );
}

#[test]
#[cfg_attr(
    not(feature = "hostile-markdown"),
    ignore = "megabytes of input: slow in a debug build; run with --features hostile-markdown"
)]
fn a_seven_megabyte_word_imports() {
    let s = format!(
        "# Word\n\nDate: 2024-08-15\n\n## Timeline (UTC)\n\n- 10:00 {}\n- 10:05 Resolved\n",
        "a".repeat(7 * 1024 * 1024)
    );
    let l = import("word.md", &s);
    assert_eq!(l.incident.timeline.len(), 2);
}

/// A line full of spelled-out zone names: `clock::abbreviate_zone_names` searches from the start
/// and shifts the rest of the line for each one it replaces (quadratic; 100,000 of them on a
/// line took over 100 s). Found while fuzzing.
#[test]
#[cfg_attr(
    not(feature = "hostile-markdown"),
    ignore = "megabytes of input: slow in a debug build; run with --features hostile-markdown"
)]
fn a_line_of_zone_names_imports() {
    let s = format!(
        "# Zones\n\nDate: 2024-08-15\n\n## Timeline\n\n- 10:00 {}\n",
        "pacific time ".repeat(100_000)
    );
    let l = import("zones.md", &s);
    assert_eq!(l.incident.timeline.len(), 1);
}

#[test]
#[cfg_attr(
    not(feature = "hostile-markdown"),
    ignore = "megabytes of input: slow in a debug build; run with --features hostile-markdown"
)]
fn a_line_of_shortcodes_in_code_spans_imports() {
    // A site page (front matter) whose one entry holds 200,000 quoted shortcodes: each is
    // read once, not the line again for each.
    let s = format!(
        "---\ntitle: Marks\ndate: 2024-08-15\n---\n\n## Timeline\n\n- 10:00 {} done\n",
        "`{% x %}` {{< y >}} ".repeat(200_000)
    );
    let l = import("marks.md", &s);
    assert_eq!(l.incident.timeline.len(), 1);
    assert!(l.incident.timeline[0].text.contains("{% x %}"));
}

/// Every lexicon guard reads a bounded window around its match (issue 11): one line holding
/// 20,000 "rollback" took 31.6 s when each match's guards read the whole line. A sentence far
/// into a long entry must still read as it does alone.
#[test]
fn a_sentence_deep_in_a_long_entry_reads_as_it_does_alone() {
    let alone = "# Outage\n\nDate: 2024-08-15\n\n## Timeline (UTC)\n\n\
                 - 10:00 Checkout errors start.\n\
                 - 10:10 Suspecting a network fault, we restarted the proxy. That did not fix it.\n\
                 - 10:40 Stale cache flushed; service restored.\n";
    let padding = "Lorem ipsum dolor sit amet, consectetur. ".repeat(60);
    let padded = alone.replace("- 10:10 ", &format!("- 10:10 {padding}"));
    let read = |l: &Loaded| {
        let kinds: Vec<_> = l
            .incident
            .timeline
            .iter()
            .map(|e| (e.at, e.kind, e.branch.is_some()))
            .collect();
        (kinds, l.incident.branches.len())
    };
    let (a, b) = (import("alone.md", alone), import("padded.md", &padded));
    assert!(
        a.incident.timeline.iter().any(|e| e.branch.is_some()),
        "no detour read alone: {:#?}",
        a.incident.timeline
    );
    assert_eq!(read(&a), read(&b));
}

#[test]
#[cfg_attr(
    not(feature = "hostile-markdown"),
    ignore = "megabytes of input: slow in a debug build; run with --features hostile-markdown"
)]
fn lines_of_many_lexicon_matches_import() {
    for (name, body) in [
        ("rollbacks.md", "rollback ".repeat(100_000)),
        ("still.md", "still failing, ".repeat(40_000)),
        ("brackets.md", ")".repeat(200_000)),
        ("open.md", "(".repeat(200_000)),
    ] {
        let s = format!(
            "# Noise\n\nDate: 2024-08-15\n\n## Timeline (UTC)\n\n- 10:00 Errors start\n- 10:05 {body}\n- 10:30 Resolved\n"
        );
        let l = import(name, &s);
        assert_eq!(l.incident.timeline.len(), 3, "{name}");
    }
}

/// A date or clock that does not exist is said, never replaced by the entry before it.
#[test]
fn impossible_dates_and_times_are_warned_about() {
    let text = "# Outage\n\nDate: 2024-02-28\n\n## Timeline (UTC)\n\n- 10:00 Errors rise\n\
                - 2024-02-30 10:30 Paged the on-call\n- Feb 30 10:40 Rolled back\n- 24:00 Resolved\n";
    let l = import("slip.md", text);
    let first = l.incident.timeline[0].at;
    // `24:00` may be read as the end of the day (ISO 8601 allows it); a day that does not
    // exist can only be warned about.
    for (line, written, words, must_warn) in [
        (8, "2024-02-30", "Paged", true),
        (9, "Feb 30", "Rolled back", true),
        (10, "24:00", "Resolved", false),
    ] {
        let warned = l
            .diagnostics
            .iter()
            .any(|d| d.level == Level::Warning && d.line == line && d.message.contains(written));
        let slipped = l
            .incident
            .timeline
            .iter()
            .any(|e| e.text.contains(words) && e.at == first);
        assert!(
            warned || !slipped,
            "line {line}: `{written}` took the previous entry's time without a warning: {:#?}",
            l.diagnostics
        );
        assert!(
            warned || !must_warn,
            "line {line}: no warning about `{written}`: {:#?}",
            l.diagnostics
        );
    }
}

/// What the importer reads, the native writer writes and the reader reads back, even at the
/// calendar's last day (a roll-over past 9999-12-31 must be an error or stay readable).
#[test]
fn a_roll_over_at_the_last_day_stays_readable() {
    let text = "# Last day\n\n## Timeline (all times -12:00)\n\n- 9999-12-31 23:00 Errors rise\n- 00:30 Resolved\n";
    let l = match ingest::load_bytes(Path::new("last.md"), text.as_bytes()) {
        Ok(l) => l,
        Err(e) => {
            // Refused: then at the entry that rolls over, saying why.
            let e = e.to_string();
            assert!(e.starts_with("last.md:6:"), "{e}");
            assert!(e.contains("years 1 to 9999"), "{e}");
            return;
        }
    };
    let yaml = ingest::yaml::to_yaml(&l.incident).expect("serialises");
    let again = ingest::load_str(Path::new("last.yaml"), &yaml)
        .unwrap_or_else(|e| panic!("the imported incident does not read back: {e}\n{yaml}"));
    assert_eq!(again.incident.timeline.len(), l.incident.timeline.len());
}
