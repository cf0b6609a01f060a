//! Markdown export → import gives back what the export was made from (issue 8, issue 11): the
//! milestones, the durations TTD..TTR, every event (time, words, author), the detours and the
//! time zone. Run over every sample in `data/` and the incident fixtures of the tests.

use std::path::{Path, PathBuf};

use retrace::analysis::{self, Analysis};
use retrace::export::{self, ExportFormat, Options};
use retrace::ingest::{self, Loaded};
use retrace::model::{Incident, MilestoneKind};

/// What a reader of the postmortem must find again after the round trip.
#[derive(Debug, PartialEq)]
struct Story {
    zone: String,
    milestones: Vec<(MilestoneKind, Option<String>)>,
    durations: Vec<Option<i64>>,
    /// (time, text, author, http(s) links) of every event.
    events: Vec<(String, String, Option<String>, Vec<String>)>,
    /// (start, end) of every detour.
    detours: Vec<(String, String)>,
}

fn story(inc: &Incident, a: &Analysis) -> Story {
    let d = &a.durations;
    Story {
        zone: inc.display_offset().to_string(),
        milestones: MilestoneKind::ALL
            .iter()
            .map(|k| (*k, a.milestones.at(*k).map(|t| t.to_rfc3339())))
            .collect(),
        durations: [d.ttd, d.tta, d.tti, d.ttm, d.ttr]
            .iter()
            .map(|d| d.map(|d| d.num_seconds()))
            .collect(),
        events: inc
            .timeline
            .iter()
            .map(|e| {
                let web = e
                    .links
                    .iter()
                    .filter(|l| l.starts_with("https://") || l.starts_with("http://"))
                    .cloned()
                    .collect();
                (
                    e.at.to_rfc3339(),
                    e.text.to_string(),
                    e.author.as_deref().map(str::to_string),
                    web,
                )
            })
            .collect(),
        detours: a
            .detours
            .iter()
            .map(|d| (d.start.to_rfc3339(), d.end.to_rfc3339()))
            .collect(),
    }
}

fn round_trip(path: &Path, l: &Loaded) -> Result<(), String> {
    let a = analysis::analyze(&l.incident);
    let md = export::render_with(ExportFormat::Markdown, &l.incident, &a, &Options::default());
    let again = ingest::load_bytes(Path::new("export.md"), md.as_bytes())
        .map_err(|e| format!("{}: the export does not import: {e}\n{md}", path.display()))?;
    let b = analysis::analyze(&again.incident);
    let (want, got) = (story(&l.incident, &a), story(&again.incident, &b));
    if want == got {
        return Ok(());
    }
    let mut diff = String::new();
    if want.zone != got.zone {
        diff += &format!("zone {} → {}\n", want.zone, got.zone);
    }
    if want.milestones != got.milestones {
        diff += &format!(
            "milestones {:?}\n        → {:?}\n",
            want.milestones, got.milestones
        );
    }
    if want.durations != got.durations {
        diff += &format!("durations {:?} → {:?}\n", want.durations, got.durations);
    }
    if want.detours != got.detours {
        diff += &format!("detours {:?}\n     → {:?}\n", want.detours, got.detours);
    }
    if want.events != got.events {
        let n = want.events.len().max(got.events.len());
        for i in 0..n {
            if want.events.get(i) != got.events.get(i) {
                diff += &format!(
                    "event {i}: {:?}\n       → {:?}\n",
                    want.events.get(i),
                    got.events.get(i)
                );
                break;
            }
        }
    }
    Err(format!("{}:\n{diff}", path.display()))
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "md")))
        .collect();
    v.sort();
    v
}

#[test]
fn every_sample_survives_markdown_export_and_import() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in files(&root.join("data")) {
        let l = ingest::load_path(&path).unwrap();
        checked += 1;
        if let Err(e) = round_trip(&path, &l) {
            failures.push(e);
        }
    }
    assert!(checked >= 10, "only {checked} samples");
    assert!(
        failures.is_empty(),
        "{} of {checked}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn test_fixtures_survive_markdown_export_and_import() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in ["cli", "import", "story", "export"] {
        for path in files(&root.join(dir)) {
            let Ok(l) = ingest::load_path(&path) else {
                continue;
            };
            if l.incident.timeline.is_empty() {
                continue;
            }
            checked += 1;
            if let Err(e) = round_trip(&path, &l) {
                failures.push(e);
            }
        }
    }
    assert!(checked >= 20, "only {checked} fixtures");
    assert!(
        failures.is_empty(),
        "{} of {checked}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Someone else's table with Kind and Branch columns: a cell that is no kind, or no branch
/// mark, stays part of the event's words, and the milestones are inferred from the words as
/// for any postmortem.
#[test]
fn other_tables_with_kind_and_branch_columns_keep_their_words() {
    let md = "# Queue backlog\n\nDate: 2025-04-01\n\n## Timeline (UTC)\n\n\
              | Time | Kind | Branch | What |\n|---|---|---|---|\n\
              | 10:00 | Alert | pager | Queue depth alert fires |\n\
              | 10:20 | detection | | Consumers restarted, backlog draining |\n\
              | 10:40 | Fix | ops team | Backlog cleared. Resolved |\n";
    let l = ingest::load_bytes(Path::new("other.md"), md.as_bytes()).unwrap();
    let texts: Vec<&str> = l.incident.timeline.iter().map(|e| &*e.text).collect();
    assert_eq!(
        texts,
        [
            "Alert — pager — Queue depth alert fires",
            "Consumers restarted, backlog draining",
            "Fix — ops team — Backlog cleared. Resolved",
        ]
    );
    // Not told in full (two rows name no kind): milestones come from the words.
    let a = analysis::analyze(&l.incident);
    assert_eq!(
        a.milestones
            .at(MilestoneKind::Resolved)
            .map(|t| t.format("%H:%M").to_string()),
        Some("10:40".to_string())
    );
    assert!(l.incident.branches.is_empty());
}

/// A table cell's inline Markdown is read once: an escaped tag is the text of a tag.
#[test]
fn a_cell_entity_is_read_once() {
    let md = "# T\n\nDate: 2025-04-01\n\n## Timeline\n\n| Time | What |\n|---|---|\n\
              | 10:00 | &lt;START OF OUTAGE&gt; a &lt;b&gt; tag \\\\ and \\| pipe |\n";
    let l = ingest::load_bytes(Path::new("cell.md"), md.as_bytes()).unwrap();
    assert_eq!(
        &*l.incident.timeline[0].text,
        "<START OF OUTAGE> a <b> tag \\ and | pipe"
    );
}

/// A step and its failure told in retrace's own export ("checkout deploy" · "checkout deploy
/// failed") stay as stated: a timeline told in full gets no detour read from its order.
#[test]
fn an_exported_step_then_failure_gets_no_detour_read_from_order() {
    let yaml = "title: checkout\ndate: 2000-01-01\ntimezone: UTC\ntimeline:\n\
                - at: \"00:00\"\n  kind: acknowledge\n  text: checkout\n\
                - at: \"09:54\"\n  kind: action\n  text: checkout deploy\n\
                - at: \"09:55\"\n  kind: note\n  text: checkout deploy failed\n";
    let l = ingest::load_str(Path::new("checkout.yaml"), yaml).expect("loads");
    assert!(l.incident.branches.is_empty());
    round_trip(Path::new("checkout.yaml"), &l).unwrap();
}
