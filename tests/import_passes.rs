//! Each pass of the importer on its own, as golden snapshots (insta): the Markdown front end's
//! candidates, then the events the pipeline classified (kind, rule, words, branch), then the
//! milestones and detours it inferred. A change in one pass shows in its own snapshot.

use std::fmt::Write;
use std::path::Path;

use retrace::analysis::analyze;
use retrace::ingest::candidate::{Entry, When};
use retrace::ingest::markdown;

const FIXTURES: &[&str] = &[
    "theory-and-ruling-out.md",
    "not-milestones.md",
    "detours-elsewhere.md",
    "stated-durations.md",
    "several-in-one-paragraph.md",
    "other-words.md",
];

fn source(name: &str) -> (std::path::PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/story")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

fn candidates(name: &str) -> String {
    let (path, text) = source(name);
    let (story, _) = markdown::story(&path, &text).unwrap();
    let mut out = String::new();
    for e in &story.entries {
        match e {
            Entry::Event(c) => {
                let when = match &c.when {
                    When::At(p) => format!(
                        "{}{}{}",
                        p.date.map(|d| format!("{d} ")).unwrap_or_default(),
                        p.time.format("%H:%M"),
                        if p.approximate { " ~" } else { "" }
                    ),
                    When::Instant(t) => t.to_rfc3339(),
                    When::Inherit => "(inherits)".to_string(),
                    When::Day(d, _) => format!("{d} (day)"),
                    When::After(o) => format!("+{}m", o.num_minutes()),
                };
                let caption = c
                    .context
                    .as_deref()
                    .map(|c| format!(" [under: {c}]"))
                    .unwrap_or_default();
                writeln!(out, "L{:<3} {when:<12} {}{caption}", c.line, c.text).unwrap();
            }
            Entry::SetDate(d) => writeln!(out, "     date {d}").unwrap(),
            Entry::Day(n) => writeln!(out, "     day {n}").unwrap(),
            Entry::Orphan { line, text } => {
                writeln!(out, "L{line:<3} (no time)    {text}").unwrap()
            }
        }
    }
    for r in &story.remarks {
        writeln!(out, "remark L{}: {}", r.line, r.text.trim()).unwrap();
    }
    writeln!(out, "zone {:?}, base date {}", story.zone, story.base_date).unwrap();
    if let Some(d) = &story.durations.ttr {
        writeln!(
            out,
            "stated TTR {}s from line {}",
            d.length.num_seconds(),
            d.line
        )
        .unwrap();
    }
    if let Some(d) = &story.durations.ttd {
        writeln!(
            out,
            "stated TTD {}s from line {}",
            d.length.num_seconds(),
            d.line
        )
        .unwrap();
    }
    out
}

fn events_and_inferences(name: &str) -> String {
    let (path, text) = source(name);
    let (inc, _) = markdown::import(&path, &text).unwrap();
    let a = analyze(&inc);
    let mut out = String::new();
    for e in &inc.timeline {
        let why = e
            .inferred
            .as_ref()
            .map(|i| format!("{} \"{}\"", i.rule, i.matched))
            .unwrap_or_else(|| "stated".to_string());
        let branch = e
            .branch
            .as_deref()
            .map(|b| format!(" ⎇ {b}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{} {:<13} {why}{branch}",
            e.at.format("%H:%M"),
            e.kind.as_str()
        )
        .unwrap();
    }
    for (m, why) in &inc.milestones.inferred {
        let at = a.milestones.at(*m).map(|t| t.format("%H:%M").to_string());
        writeln!(
            out,
            "milestone {:<12} {} by {} \"{}\"",
            m.as_str(),
            at.unwrap_or_default(),
            why.rule,
            why.matched
        )
        .unwrap();
    }
    for b in &inc.branches {
        let why = b
            .inferred
            .as_ref()
            .map(|i| format!("{} \"{}\"", i.rule, i.matched))
            .unwrap_or_default();
        writeln!(
            out,
            "branch {} ({}): {} — {why}",
            b.id,
            b.outcome.as_str(),
            b.hypothesis
        )
        .unwrap();
    }
    out
}

#[test]
fn front_end_candidates() {
    for name in FIXTURES {
        insta::assert_snapshot!(format!("candidates__{name}"), candidates(name));
    }
}

#[test]
fn classified_events_and_inferences() {
    for name in FIXTURES {
        insta::assert_snapshot!(format!("events__{name}"), events_and_inferences(name));
    }
}
