//! Time the Markdown importer on hostile inputs (issue 11, item 6): huge timelines, a line of
//! a million clock times, one 7 MB word. Each should import in well under a second or two.
//!
//! ```sh
//! cargo run --release --example import_hostile            # every input
//! cargo run --release --example import_hostile -- 1m-lines  # the inputs whose name holds this
//! cargo run --release --example import_hostile -- 200k --front  # the front end only
//! ```

use std::path::Path;
use std::time::Instant;

use retrace::ingest::markdown::{front_end_entries, import};

/// `count` lines `HH:MM x` under a timeline heading.
fn bare_lines(count: usize) -> String {
    let mut s = String::from("# Load test\n\nDate: 2024-01-01\n\n## Timeline\n\n");
    for i in 0..count {
        let m = i % (24 * 60);
        s.push_str(&format!("{:02}:{:02} x\n", m / 60, m % 60));
    }
    s
}

/// One timeline line holding `count` clock times.
fn one_line_of_times(count: usize) -> String {
    let mut s = String::from("# Load test\n\nDate: 2024-01-01\n\n## Timeline\n\n");
    for i in 0..count {
        let m = i % (24 * 60);
        s.push_str(&format!("{:02}:{:02} ", m / 60, m % 60));
    }
    s.push('\n');
    s
}

/// One word of `len` bytes made of `unit`, as a timeline entry's text and alone on a line.
fn one_word(unit: &str, len: usize) -> String {
    let word = unit.repeat(len / unit.len());
    format!("# Load test\n\nDate: 2024-01-01\n\n## Timeline\n\n- 10:00 {word}\n\n{word}\n")
}

/// A named way to make one hostile input.
type Input = Box<dyn Fn() -> String>;

/// CPU seconds this thread has used (user + system), from `/proc` on Linux: other builds on a
/// shared machine make wall-clock times meaningless. `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name in brackets; utime and stime are the 14th and 15th.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Run `f`, returning its result with the CPU seconds (or, without `/proc`, the wall seconds)
/// it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let (cpu, wall) = (cpu_seconds(), Instant::now());
    let out = f();
    let took = match (cpu, cpu_seconds()) {
        (Some(a), Some(b)) => b - a,
        _ => wall.elapsed().as_secs_f64(),
    };
    (out, took)
}

fn main() {
    let filter = std::env::args().nth(1).unwrap_or_default();
    // `--front`: the front end only (for profiling it).
    let front_only = std::env::args().any(|a| a == "--front");
    const MB7: usize = 7 * 1024 * 1024;
    let inputs: Vec<(&str, Input)> = vec![
        ("200k-lines", Box::new(|| bare_lines(200_000))),
        ("400k-lines", Box::new(|| bare_lines(400_000))),
        ("1m-lines", Box::new(|| bare_lines(1_000_000))),
        (
            "1m-times-one-line",
            Box::new(|| one_line_of_times(1_000_000)),
        ),
        ("7mb-word-letters", Box::new(|| one_word("a", MB7))),
        ("7mb-word-digits", Box::new(|| one_word("1", MB7))),
        ("7mb-word-brackets", Box::new(|| one_word("(", MB7))),
        ("7mb-word-colons", Box::new(|| one_word("1:", MB7))),
        ("7mb-word-html", Box::new(|| one_word("<a", MB7))),
        ("7mb-word-dashes", Box::new(|| one_word("1-", MB7))),
    ];
    for (name, make) in inputs {
        if !name.contains(filter.as_str()) {
            continue;
        }
        let text = make();
        // The front end alone (lines, sections, entries, dates, zones), then the whole import
        // (which adds classification by the lexicon, branches and milestones).
        let (entries, front) = timed(|| front_end_entries(&text));
        if front_only {
            println!("{name:<20} front end {front:>6.2} s cpu  {entries} entries");
            continue;
        }
        let (result, whole) = timed(|| import(Path::new("hostile.md"), &text));
        let events = result.as_ref().map_or(0, |(i, _)| i.timeline.len());
        println!(
            "{name:<20} {:>5.1} MB  front end {front:>6.2} s  import {whole:>6.2} s cpu  {entries} entries, {events} events",
            text.len() as f64 / 1e6,
        );
    }
}
