//! Markdown / plain-text postmortem import: fixtures of the shapes people write.

use std::path::Path;

use retrace::ingest::markdown::import;
use retrace::ingest::{Diagnostic, Format, load_str};
use retrace::model::RuleId;
use retrace::model::{
    ActionKind, ActionStatus, Event, EventKind, Incident, MilestoneKind, Outcome,
};

#[path = "support/import_fixtures.rs"]
mod import_fixtures;
use import_fixtures::{fixture, load, times};

fn kinds(inc: &Incident) -> Vec<EventKind> {
    inc.timeline.iter().map(|e| e.kind).collect()
}

fn ms(inc: &Incident, m: MilestoneKind) -> Option<String> {
    inc.milestones.get(m).map(|t| t.to_rfc3339())
}

fn event_at<'a>(inc: &'a Incident, rfc3339: &str) -> &'a Event {
    inc.timeline
        .iter()
        .find(|e| e.at.to_rfc3339() == rfc3339)
        .unwrap_or_else(|| panic!("no event at {rfc3339}"))
}

fn warned(d: &[Diagnostic], words: &str) -> bool {
    d.iter().any(|d| d.message.contains(words))
}

#[test]
fn seed_postmortem() {
    let (inc, diags) = load("seed.md");
    assert_eq!(inc.title, "The outage hit our e-commerce storefront");
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2024-08-15")
    );
    assert!(!inc.undated);
    assert_eq!(inc.timezone.map(|z| z.local_minus_utc()), Some(0));
    assert!(inc.id.starts_with("2024-08-15-"), "{}", inc.id);
    assert_eq!(
        times(&inc),
        [
            "2024-08-15T10:30:00+00:00",
            "2024-08-15T10:35:00+00:00",
            "2024-08-15T10:45:00+00:00",
            "2024-08-15T11:00:00+00:00",
            "2024-08-15T11:15:00+00:00",
            "2024-08-15T11:30:00+00:00",
            "2024-08-15T11:45:00+00:00",
            "2024-08-15T12:00:00+00:00",
            "2024-08-15T12:30:00+00:00",
            "2024-08-15T12:45:00+00:00",
        ]
    );
    use EventKind::*;
    assert_eq!(
        kinds(&inc),
        [
            Detection,
            Acknowledge,
            Hypothesis,
            Action,
            Escalation,
            Investigation,
            Identified,
            Mitigation,
            Recovery,
            Resolution
        ]
    );
    // Every inferred kind says which rule fired on which words.
    let detection = &inc.timeline[0];
    let why = detection.inferred.as_ref().unwrap();
    assert_eq!(
        (why.rule.name(), why.matched.as_str()),
        ("kind:detection", "detected")
    );
    assert!(inc.timeline.iter().all(|e| e.inferred.is_some()));

    // Milestones.
    let at = |hm: &str| Some(format!("2024-08-15T{hm}:00+00:00"));
    assert_eq!(ms(&inc, MilestoneKind::Started), at("10:30"));
    assert_eq!(ms(&inc, MilestoneKind::Detected), at("10:30"));
    assert_eq!(ms(&inc, MilestoneKind::Acknowledged), at("10:35"));
    assert_eq!(ms(&inc, MilestoneKind::Identified), at("11:45"));
    assert_eq!(ms(&inc, MilestoneKind::Mitigated), at("12:00"));
    assert_eq!(ms(&inc, MilestoneKind::Resolved), at("12:45"));
    let started = inc.milestones.why(MilestoneKind::Started).unwrap();
    assert_eq!(started.rule, RuleId::MilestoneDuration);
    assert_eq!(started.matched, "from 10:30 AM to 12;45PM (UTC)");
    assert_eq!(
        inc.milestones.why(MilestoneKind::Resolved).unwrap().rule,
        RuleId::KindResolution
    );

    // Detours: the rollback theory (10:45 opens, 11:00 "issue persisted" closes) and the
    // network-latency look that proposes and rules out in one line.
    assert_eq!(inc.branches.len(), 2);
    let rollback = &inc.branches[0];
    assert_eq!(rollback.id, "deployment-rollback");
    assert_eq!(rollback.outcome, Outcome::RuledOut);
    assert_eq!(
        rollback.hypothesis,
        "The issue was related to a recent deployment"
    );
    let why = rollback.inferred.as_ref().unwrap();
    assert_eq!(
        (why.rule.name(), why.matched.as_str()),
        ("detour:ruled-out", "issue persisted")
    );
    let on_rollback: Vec<&str> = inc
        .timeline
        .iter()
        .filter(|e| e.branch.as_deref() == Some("deployment-rollback"))
        .map(|e| &*e.text)
        .collect();
    assert_eq!(on_rollback.len(), 2);
    assert!(on_rollback[0].starts_with("The initial assumption"));
    assert!(on_rollback[1].starts_with("Rollback completed"));
    let network = &inc.branches[1];
    assert_eq!(network.id, "network-latency");
    assert_eq!(network.outcome, Outcome::RuledOut);
    assert!(!network.hypothesis.to_lowercase().contains("misleading"));
    assert_eq!(
        event_at(&inc, "2024-08-15T11:30:00+00:00")
            .branch
            .as_deref(),
        Some("network-latency")
    );
    // The mitigation and the resolution are not detours.
    assert!(inc.timeline[7..].iter().all(|e| e.branch.is_none()));

    // Panes.
    assert!(inc.impact.as_deref().unwrap().contains("70% of users"));
    let root = inc.root_cause.as_deref().unwrap();
    assert!(root.contains("unoptimized database query"));
    assert!(root.contains("poorly optimized SQL query"));
    assert!(inc.resolution.as_deref().unwrap().contains("missing index"));

    // Action items.
    let kinds: Vec<ActionKind> = inc.actions.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            ActionKind::Process,
            ActionKind::Mitigate,
            ActionKind::Process
        ]
    );
    assert!(
        inc.actions[0]
            .text
            .starts_with("Query Review Process: Implement")
    );
    assert!(inc.actions.iter().all(|a| a.status == ActionStatus::Open));
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn seed_through_load_str_picks_markdown() {
    let loaded = load_str(Path::new("x.md"), &fixture("seed.md")).unwrap();
    assert_eq!(loaded.format, Format::Markdown);
    assert_eq!(loaded.incident.timeline.len(), 10);
}

#[test]
fn windows_line_ends_and_tabs_read_the_same() {
    let (unix, _) = load("seed.md");
    let crlf = fixture("seed.md")
        .replace('\n', "\r\n")
        .replace("* ", "*\t");
    let (dos, _) = import(Path::new("seed.md"), &crlf).unwrap();
    assert_eq!(times(&dos), times(&unix));
    assert_eq!(kinds(&dos), kinds(&unix));
    assert_eq!(dos.branches, unix.branches);
    assert_eq!(dos.milestones, unix.milestones);
    assert_eq!(dos.actions.len(), 3);
}

#[test]
fn table_timeline_with_date_and_author_columns() {
    let (inc, _) = load("table.md");
    assert_eq!(inc.title, "Checkout API returned 502s after a config push");
    assert_eq!(inc.severity.as_ref().map(|s| s.0.as_str()), Some("SEV2"));
    assert_eq!(inc.timeline.len(), 8);
    // The date column carries the timeline across midnight.
    assert_eq!(inc.timeline[0].at.to_rfc3339(), "2024-02-29T23:41:00+00:00");
    assert_eq!(inc.timeline[3].at.to_rfc3339(), "2024-03-01T00:05:00+00:00");
    assert_eq!(inc.timeline[0].kind, EventKind::Trigger);
    assert_eq!(inc.timeline[2].author.as_deref(), Some("Ana"));
    assert_eq!(
        ms(&inc, MilestoneKind::Detected).as_deref(),
        Some("2024-02-29T23:47:00+00:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Mitigated).as_deref(),
        Some("2024-03-01T00:38:00+00:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2024-03-01T01:10:00+00:00")
    );
    // Nothing says when impact began in words: the timeline opens with the config push, the
    // alert six minutes later, so impact began with the push, and the rule says so.
    assert_eq!(
        ms(&inc, MilestoneKind::Started).as_deref(),
        Some("2024-02-29T23:41:00+00:00")
    );
    assert!(inc.milestones.inferred.iter().any(|(k, why)| {
        *k == MilestoneKind::Started && why.rule == RuleId::MilestoneStartedAtOpeningChange
    }));
    // "Rolled back the config, errors dropped" is the fix, not a detour.
    assert_eq!(inc.timeline[6].kind, EventKind::Mitigation);
    assert!(inc.timeline[6].branch.is_none());
    assert_eq!(inc.branches.len(), 1);
    assert_eq!(inc.branches[0].outcome, Outcome::RuledOut);
    assert_eq!(inc.timeline[3].branch, inc.timeline[4].branch);
    // Action table columns.
    assert_eq!(inc.actions.len(), 3);
    let a = &inc.actions[0];
    assert_eq!(a.owner.as_deref(), Some("Ana"));
    assert_eq!(a.ticket.as_deref(), Some("NET-101"));
    assert_eq!(a.status, ActionStatus::Done);
    assert_eq!(a.due.map(|d| d.to_string()).as_deref(), Some("2024-03-08"));
    assert_eq!(inc.actions[1].status, ActionStatus::InProgress);
    assert_eq!(inc.actions[1].kind, ActionKind::Mitigate);
    assert_eq!(inc.actions[2].kind, ActionKind::Process);
    assert_eq!(inc.actions[2].due, None);
}

#[test]
fn setext_headings_and_lessons() {
    let (inc, diags) = load("setext.md");
    assert_eq!(inc.title, "Search index went stale");
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2023-11-07")
    );
    assert!(
        inc.summary
            .as_deref()
            .unwrap()
            .starts_with("Search results stopped")
    );
    assert!(
        inc.resolution
            .as_deref()
            .unwrap()
            .contains("dead-letter queue")
    );
    assert_eq!(inc.timeline.len(), 8);
    assert_eq!(inc.branches.len(), 1);
    assert_eq!(
        inc.branches[0].hypothesis,
        "The search cluster was out of disk"
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Detected).as_deref(),
        Some("2023-11-07T09:15:00+00:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Identified).as_deref(),
        Some("2023-11-07T11:30:00+00:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2023-11-07T14:00:00+00:00")
    );
    assert_eq!(
        inc.lessons.went_well,
        ["The backlog drained without manual help"]
    );
    assert_eq!(inc.lessons.went_wrong.len(), 1);
    assert_eq!(inc.lessons.lucky.len(), 1);
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn twenty_four_hour_clock_across_midnight_and_date_subheading() {
    let (inc, diags) = load("midnight24.md");
    assert_eq!(
        times(&inc),
        [
            "2025-03-09T23:10:00+00:00",
            "2025-03-09T23:55:00+00:00",
            "2025-03-10T00:20:00+00:00",
            "2025-03-10T01:05:00+00:00",
            "2025-03-10T01:40:00+00:00",
            "2025-03-10T02:15:00+00:00",
            "2025-03-10T08:00:00+00:00",
        ]
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Acknowledged).as_deref(),
        Some("2025-03-10T00:20:00+00:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2025-03-10T02:15:00+00:00")
    );
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn twelve_hour_clock_across_midnight() {
    let (inc, _) = load("midnight12.md");
    assert_eq!(inc.timezone.map(|z| z.local_minus_utc()), Some(-5 * 3600));
    assert_eq!(inc.timeline.len(), 7);
    assert_eq!(inc.timeline[0].at.to_rfc3339(), "2024-01-12T23:40:00-05:00");
    assert_eq!(inc.timeline[2].at.to_rfc3339(), "2024-01-13T00:10:00-05:00");
    assert_eq!(inc.timeline[6].at.to_rfc3339(), "2024-01-13T01:30:00-05:00");
    assert_eq!(
        ms(&inc, MilestoneKind::Started).as_deref(),
        Some("2024-01-12T23:40:00-05:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Acknowledged).as_deref(),
        Some("2024-01-12T23:52:00-05:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Mitigated).as_deref(),
        Some("2024-01-13T01:05:00-05:00")
    );
    assert_eq!(inc.branches.len(), 1);
    assert_eq!(inc.branches[0].id, "partner-api");
    assert_eq!(inc.branches[0].outcome, Outcome::RuledOut);
}

#[test]
fn no_date_anywhere() {
    let (inc, diags) = load("nodate.md");
    assert!(inc.undated);
    assert_eq!(inc.date, None);
    assert_eq!(inc.timeline[0].at.to_rfc3339(), "1970-01-01T14:51:00+00:00");
    assert_eq!(inc.timeline.len(), 5);
    let d = diags
        .iter()
        .find(|d| d.message.contains("no date found"))
        .expect("a warning about the missing date");
    assert!(d.hint.as_deref().unwrap().contains("Date:"));
    assert!(warned(&diags, "no time zone"));
}

#[test]
fn zone_pdt_from_date_line_and_numbered_list() {
    let (inc, diags) = load("pdt.md");
    assert_eq!(inc.timezone.map(|z| z.local_minus_utc()), Some(-7 * 3600));
    assert_eq!(inc.timeline[0].at.to_rfc3339(), "2024-06-03T14:05:00-07:00");
    assert_eq!(inc.timeline.len(), 7);
    assert!(inc.impact.as_deref().unwrap().contains("12%"));
    assert_eq!(inc.branches.len(), 1);
    let b = &inc.branches[0];
    assert_eq!(b.outcome, Outcome::RuledOut);
    assert_eq!(b.inferred.as_ref().unwrap().matched, "red herring");
    assert_eq!(
        ms(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2024-06-03T15:40:00-07:00")
    );
    assert!(diags.is_empty(), "{diags:?}");
}

/// `## Timeline (PDT, 2025-04-02)`: the zone shares its brackets with the day; a clock written
/// `1005 hrs` the next morning is a time, after the night's roll-over.
#[test]
fn zone_beside_the_day_in_the_heading_and_a_clock_in_hrs() {
    let (inc, diags) = load("zone-beside-the-day.md");
    assert_eq!(inc.timezone.map(|z| z.local_minus_utc()), Some(-7 * 3600));
    let at: Vec<String> = inc.timeline.iter().map(|e| e.at.to_rfc3339()).collect();
    assert_eq!(
        at,
        [
            "2025-04-02T21:05:00-07:00",
            "2025-04-02T21:20:00-07:00",
            "2025-04-03T10:05:00-07:00"
        ]
    );
    assert!(!warned(&diags, "no time zone"), "{diags:?}");
}

/// `03-02-2025 - 02:30 - text`: a day, a dash, then the entry's time, which leads the text as
/// it would alone; the day in front of the title's name is no part of it; a scheduler noticing
/// an update was available noticed no problem.
#[test]
fn a_day_then_a_dash_then_the_time() {
    let (inc, _) = load("dated-items-with-a-dash.md");
    assert_eq!(inc.title, "Build cache outage for the CI runners");
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2025-02-03")
    );
    let told = &inc.timeline[1];
    assert_eq!(told.at.to_rfc3339(), "2025-02-03T02:30:00+00:00");
    assert!(
        told.text.starts_with("The scheduler noticed"),
        "{}",
        told.text
    );
    assert_ne!(told.kind, EventKind::Detection);
    assert_eq!(
        ms(&inc, MilestoneKind::Detected).as_deref(),
        Some("2025-02-03T03:20:00+00:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Started).as_deref(),
        Some("2025-02-03T03:05:00+00:00")
    );
    // A title that only starts with the kind of report keeps its words.
    let src = "# Post-mortem and follow-ups for the March cache outage\n\n## Timeline\n\n- 10:00 Builds fail\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        inc.title,
        "Post-mortem and follow-ups for the March cache outage"
    );
}

/// `| Time | Ref | Event | Where |`: the Event column leads each row's words; a reference
/// number in another column, and a placeholder cell (`—`, `-`, `n/a`), are no words of it.
#[test]
fn a_table_whose_header_names_the_event_column() {
    let (inc, _) = load("table-with-a-reference-column.md");
    let texts: Vec<&str> = inc.timeline.iter().map(|e| &*e.text).collect();
    assert_eq!(
        texts,
        [
            "Batch job 7 starts replaying the ledger queue — worker-3",
            "Duplicate postings reported by the finance team",
            "On-call acknowledges and pauses the replay",
            "Duplicates reversed; ledger balanced again",
        ]
    );
    // With no column named for the event, a number cell is still part of the words.
    let src = "# X\n\nDate: 2025-06-10\n\n## Timeline\n\n| Time | Pods | Note |\n|---|---|---|\n| 09:00 | 12 | restarted |\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(&*inc.timeline[0].text, "12 — restarted");
    // An event whose words are only a dash keeps them (retrace's own export writes such rows).
    let src = "# X\n\nDate: 2025-06-10\n\n## Timeline\n\n| Time (UTC) | What happened | Where |\n|---|---|---|\n| 09:00 | — | — |\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(&*inc.timeline[0].text, "—");
}

/// `**Date of incident**: 14th March, 2024 between 08.05UTC (height 99120) and 10.50UTC`: the
/// date field states the outage's span too, its clocks written with a dot and a zone glued on;
/// the `Authors:` line under it is no summary.
#[test]
fn a_date_field_that_states_the_span() {
    let (inc, _) = load("date-field-with-the-span.md");
    assert_eq!(
        ms(&inc, MilestoneKind::Started).as_deref(),
        Some("2024-03-14T08:05:00+00:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2024-03-14T10:50:00+00:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Detected).as_deref(),
        Some("2024-03-14T08:12:00+00:00")
    );
    assert_eq!(inc.summary, None);
}

/// A report told in prose whose sentences write their own day before the time ("On Mar 9th at
/// 09:30 UTC …"): each moment is on its sentence's day, and the times after it follow on.
#[test]
fn prose_sentences_that_write_their_day_before_the_time() {
    let (inc, _) = load("prose-days-in-sentences.md");
    let at: Vec<String> = inc.timeline.iter().map(|e| e.at.to_rfc3339()).collect();
    assert_eq!(
        at,
        [
            "2024-03-02T14:05:00+00:00",
            "2024-03-09T09:30:00+00:00",
            "2024-03-09T23:00:00+00:00",
            "2024-03-10T01:00:00+00:00",
            "2024-03-10T04:00:00+00:00",
        ]
    );
}

#[test]
fn zone_eat_plain_lines_with_en_dashes() {
    let (inc, diags) = load("eat.md");
    assert_eq!(inc.title, "Mobile money transfers stuck");
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-04")
    );
    assert_eq!(inc.timezone.map(|z| z.local_minus_utc()), Some(3 * 3600));
    assert_eq!(inc.timeline.len(), 6);
    assert_eq!(inc.timeline[5].at.to_rfc3339(), "2024-03-04T13:15:00+03:00");
    assert_eq!(inc.timeline[2].kind, EventKind::Escalation);
    assert_eq!(
        ms(&inc, MilestoneKind::Started).as_deref(),
        Some("2024-03-04T10:30:00+03:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Identified).as_deref(),
        Some("2024-03-04T12:05:00+03:00")
    );
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn date_line_and_outage_markers() {
    let (inc, _) = load("dateline.md");
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2015-10-21")
    );
    assert_eq!(
        times(&inc),
        [
            "2015-10-21T22:50:00+00:00",
            "2015-10-21T22:54:00+00:00",
            "2015-10-21T23:05:00+00:00",
            "2015-10-21T23:40:00+00:00",
            "2015-10-22T00:30:00+00:00",
        ]
    );
    assert_eq!(inc.timeline[0].kind, EventKind::ImpactStart);
    assert_eq!(
        ms(&inc, MilestoneKind::Started).as_deref(),
        Some("2015-10-21T22:50:00+00:00")
    );
    assert_eq!(
        inc.milestones.why(MilestoneKind::Started).unwrap().matched,
        "outage begins"
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Detected).as_deref(),
        Some("2015-10-21T22:54:00+00:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Mitigated).as_deref(),
        Some("2015-10-21T23:40:00+00:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2015-10-22T00:30:00+00:00")
    );
}

#[test]
fn checkbox_actions() {
    let (inc, _) = load("checkbox.md");
    let statuses: Vec<ActionStatus> = inc.actions.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses,
        [
            ActionStatus::Done,
            ActionStatus::Open,
            ActionStatus::Open,
            ActionStatus::Open
        ]
    );
    assert_eq!(inc.actions[0].owner.as_deref(), Some("@mira"));
    assert_eq!(inc.actions[1].ticket.as_deref(), Some("OPS-88"));
    assert_eq!(inc.actions[1].kind, ActionKind::Mitigate);
    assert_eq!(inc.actions[2].kind, ActionKind::Mitigate);
    assert_eq!(inc.actions[3].kind, ActionKind::Process);
    assert_eq!(inc.actions[0].kind, ActionKind::Prevent);
}

#[test]
fn bold_headings_and_bold_times() {
    let (inc, diags) = load("bold.md");
    assert_eq!(
        inc.title,
        "Queue workers crashed after a dependency upgrade"
    );
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2024-05-02")
    );
    assert!(
        inc.summary
            .as_deref()
            .unwrap()
            .starts_with("Background jobs stopped")
    );
    assert_eq!(inc.timeline.len(), 5);
    assert_eq!(&*inc.timeline[0].text, "Job latency alert fired 🚨");
    // Proposes and rules out in one line: a branch of its own.
    let e = &inc.timeline[2];
    assert_eq!(e.branch.as_deref(), Some("redis-broker"));
    assert_eq!(inc.branches[0].outcome, Outcome::RuledOut);
    // Workers recovered and nothing else says resolved: the incident ended at that recovery,
    // and says so (a weak inference, explained).
    assert_eq!(
        ms(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2024-05-02T11:10:00+00:00")
    );
    assert_eq!(
        inc.milestones
            .why(MilestoneKind::Resolved)
            .map(|w| w.rule.name()),
        Some("milestone:resolved-at-last-recovery")
    );
    assert_eq!(inc.actions.len(), 2);
    assert!(warned(&diags, "no time zone"));
}

#[test]
fn prose_timeline() {
    let (inc, diags) = load("prose.md");
    assert_eq!(
        times(&inc),
        [
            "2023-09-14T10:30:00+00:00",
            "2023-09-14T10:40:00+00:00",
            "2023-09-14T11:05:00+00:00",
            "2023-09-14T11:40:00+00:00",
        ]
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Detected).as_deref(),
        Some("2023-09-14T10:30:00+00:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Acknowledged).as_deref(),
        Some("2023-09-14T10:40:00+00:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2023-09-14T11:40:00+00:00")
    );
    assert!(warned(&diags, "timed sentences"));
}

#[test]
fn plain_text_file_with_wrapped_lines() {
    let (inc, diags) = load("plain.txt");
    assert_eq!(
        inc.title,
        "The reports service returned errors for about half of the requests"
    );
    assert_eq!(inc.timezone.map(|z| z.local_minus_utc()), Some(0));
    assert_eq!(inc.timeline.len(), 6);
    // Wrapped continuation lines stay with their entry.
    assert!(inc.timeline[0].text.ends_with("on the reports API."));
    // "12:05 AM" between 10:15 AM and 12:15 PM is the usual slip for 12:05 PM.
    assert_eq!(inc.timeline[4].at.to_rfc3339(), "2024-10-08T12:05:00+00:00");
    assert!(warned(&diags, "12 AM"));
    assert_eq!(inc.branches.len(), 1);
    assert_eq!(inc.branches[0].outcome, Outcome::RuledOut);
    assert_eq!(
        ms(&inc, MilestoneKind::Started).as_deref(),
        Some("2024-10-08T09:05:00+00:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2024-10-08T12:15:00+00:00")
    );
    assert!(
        inc.root_cause
            .as_deref()
            .unwrap()
            .starts_with("Sessions were opened")
    );
    let texts: Vec<&str> = inc.actions.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Add pool usage metrics and an alert on saturation.",
            "Review session handling in every service that uses the ORM."
        ]
    );
}

#[test]
fn summary_only_gives_an_empty_timeline_and_a_warning() {
    let (inc, diags) = load("summary-only.md");
    assert!(inc.timeline.is_empty());
    assert_eq!(inc.title, "Disk filled on the build server");
    assert!(inc.root_cause.is_some());
    assert_eq!(inc.actions.len(), 1);
    let d = diags
        .iter()
        .find(|d| d.message.contains("no timed events"))
        .unwrap();
    assert!(d.hint.is_some());
}

#[test]
fn html_quotes_labels_and_out_of_order_times() {
    let (inc, diags) = load("quirks.md");
    assert_eq!(inc.timezone.map(|z| z.local_minus_utc()), Some(3600));
    // Start Time / End Time lines under a Duration heading.
    assert_eq!(
        ms(&inc, MilestoneKind::Started).as_deref(),
        Some("2024-03-05T14:10:00+01:00")
    );
    // `Issue Detected: 14:10` is an entry with its label as text.
    assert_eq!(&*inc.timeline[0].text, "Issue Detected");
    assert_eq!(inc.timeline[0].kind, EventKind::Detection);
    // `time - <date time>` takes the next line as its text.
    let e = event_at(&inc, "2024-03-05T14:20:00+01:00");
    assert_eq!(&*e.text, "The team began investigating the cache layer");
    // Sub-bullets join their timed entry; the theory and its decoy form one detour.
    let theory = event_at(&inc, "2024-03-05T14:35:00+01:00");
    assert!(theory.text.contains("assumed the cache cluster"));
    assert_eq!(
        theory.branch,
        event_at(&inc, "2024-03-05T14:55:00+01:00").branch
    );
    assert_eq!(inc.branches.len(), 1);
    assert_eq!(inc.branches[0].outcome, Outcome::RuledOut);
    // 14:50 written after 14:55 stays on the same day, with a warning at its line.
    let d = diags
        .iter()
        .find(|d| d.message.contains("earlier than the entry before"))
        .unwrap();
    assert_eq!(d.line, 14);
    assert!(d.location().ends_with(":14:1"));
    assert_eq!(
        ms(&inc, MilestoneKind::Identified).as_deref(),
        Some("2024-03-05T14:50:00+01:00")
    );
    // Emoji short codes and HTML tags are gone.
    assert!(
        inc.timeline
            .iter()
            .all(|e| !e.text.contains(':') || !e.text.contains("diamond"))
    );
    assert_eq!(inc.timeline.len(), 6);
}

#[test]
fn day_first_dates_bold_labels_and_a_stray_zone() {
    let (inc, diags) = load("labels.md");
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2023-11-09")
    );
    assert_eq!(inc.title, "Booking Site Outage on 09/11/2023");
    // Start/End bullets under a bold "Duration of the Outage:" label.
    assert_eq!(
        ms(&inc, MilestoneKind::Started).as_deref(),
        Some("2023-11-09T07:30:00+00:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2023-11-09T11:00:00+00:00")
    );
    // "verified as correct" rules the assumed cause out.
    assert_eq!(inc.branches.len(), 1);
    assert_eq!(inc.branches[0].id, "front-end-release");
    assert_eq!(inc.branches[0].hypothesis, "Bad front-end release");
    // A time in another zone than the rest is kept in its own zone, with a warning at its
    // line: `EDT` on a November day is New York's clock, then at -05:00.
    let d = diags
        .iter()
        .find(|d| d.message.contains("-05:00"))
        .expect("a zone warning");
    assert_eq!(d.line, 23);
    assert_eq!(
        event_at(&inc, "2023-11-09T10:45:00-05:00").kind,
        EventKind::Communication
    );
    // "Debugging Process" is a known heading: not the title, not the summary.
    assert!(inc.summary.is_none());
}

#[test]
fn label_lines_without_times_share_the_time_before() {
    let (inc, diags) = load("steps.md");
    assert!(inc.undated);
    assert_eq!(inc.timezone.map(|z| z.local_minus_utc()), Some(-4 * 3600));
    assert_eq!(inc.timeline.len(), 5);
    assert_eq!(&*inc.timeline[0].text, "Issue Detected");
    assert!(!inc.timeline[0].approximate);
    assert!(
        inc.timeline[1..4]
            .iter()
            .all(|e| e.approximate && e.at == inc.timeline[0].at)
    );
    // "... Service was restored at 4:00 PM." gives its own time.
    assert_eq!(inc.timeline[4].at.to_rfc3339(), "1970-01-01T16:00:00-04:00");
    assert_eq!(inc.timeline[4].kind, EventKind::Resolution);
    assert_eq!(inc.branches.len(), 1);
    assert_eq!(inc.branches[0].hypothesis, "The export worker's memory");
    assert_eq!(
        ms(&inc, MilestoneKind::Started).as_deref(),
        Some("1970-01-01T13:00:00-04:00")
    );
    assert!(warned(&diags, "no date found"));
}

#[test]
fn prose_with_spelled_out_zones() {
    let (inc, _) = load("prose-zones.md");
    assert_eq!(inc.timezone.map(|z| z.local_minus_utc()), Some(-8 * 3600));
    assert_eq!(
        times(&inc),
        [
            "1970-01-01T00:07:00-08:00",
            "1970-01-01T01:20:00-08:00",
            "1970-01-01T01:45:00-08:00",
        ]
    );
    assert!(inc.timeline[0].approximate);
    assert_eq!(inc.timeline[1].kind, EventKind::Acknowledge);
    assert_eq!(
        ms(&inc, MilestoneKind::Resolved).as_deref(),
        Some("1970-01-01T01:45:00-08:00")
    );
}

#[test]
fn indented_plain_text_with_several_entries_per_line() {
    let (inc, diags) = load("crowded.txt");
    // The document's kind ("Postmortem:") is not the incident's name.
    assert_eq!(inc.title, "Report exports stalled");
    assert_eq!(inc.summary, None);
    assert_eq!(inc.timezone.map(|z| z.local_minus_utc()), Some(3600));
    assert_eq!(
        times(&inc),
        [
            "2024-07-02T09:20:00+01:00",
            "2024-07-02T09:25:00+01:00",
            "2024-07-02T09:40:00+01:00",
            "2024-07-02T10:05:00+01:00",
            "2024-07-02T10:30:00+01:00",
            "2024-07-02T10:45:00+01:00",
            "2024-07-02T11:40:00+01:00",
        ]
    );
    // "Detection Time:" then the time on its own line.
    assert_eq!(inc.timeline[0].kind, EventKind::Detection);
    assert_eq!(&*inc.timeline[1].text, "Export worker dashboard checked.");
    // "confirming normal operation" drops the suspicion in the same entry.
    assert_eq!(inc.timeline[2].branch.as_deref(), Some("mail-relay"));
    assert_eq!(inc.branches[0].outcome, Outcome::RuledOut);
    // "GMT + 1" and "a.m." in the start/end lines.
    assert_eq!(
        ms(&inc, MilestoneKind::Started).as_deref(),
        Some("2024-07-02T09:15:00+01:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Identified).as_deref(),
        Some("2024-07-02T10:30:00+01:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Mitigated).as_deref(),
        Some("2024-07-02T10:45:00+01:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2024-07-02T11:40:00+01:00")
    );
    assert_eq!(inc.actions.len(), 2);
    assert_eq!(inc.actions[1].kind, ActionKind::Mitigate);
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn military_times_glued_in_one_html_paragraph() {
    let (inc, diags) = load("military.md");
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2023-11-21")
    );
    assert_eq!(inc.timezone.map(|z| z.local_minus_utc()), Some(3600));
    assert_eq!(
        times(&inc),
        [
            "2023-11-21T09:00:00+01:00",
            "2023-11-21T09:04:00+01:00",
            "2023-11-21T09:08:00+01:00",
            "2023-11-21T09:12:00+01:00",
            "2023-11-21T09:20:00+01:00",
        ]
    );
    // "starting at X and ending at Y".
    assert_eq!(
        ms(&inc, MilestoneKind::Started).as_deref(),
        Some("2023-11-21T09:00:00+01:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Acknowledged).as_deref(),
        Some("2023-11-21T09:04:00+01:00")
    );
    // "It was realized that ..." is a clue; the entry that names the cause wins, even though
    // its own kind is the mitigation that followed in the same line.
    assert_eq!(inc.timeline[2].kind, EventKind::Identified);
    assert_eq!(inc.timeline[3].kind, EventKind::Mitigation);
    assert_eq!(
        ms(&inc, MilestoneKind::Identified).as_deref(),
        Some("2023-11-21T09:12:00+01:00")
    );
    assert_eq!(
        inc.milestones
            .why(MilestoneKind::Identified)
            .unwrap()
            .matched,
        "identified the cause"
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2023-11-21T09:20:00+01:00")
    );
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn iso_bracketed_and_french_style_times() {
    let src = "# Edge cache flush\n\n## Timeline\n- 2025-06-17T09:05+02:00 | deploy of the edge config\n- [09:20] alert fired for origin load\n- 09h45 : rollback, errors dropped\n- 2025-06-17 10:30 - resolved\n";
    let (inc, _) = import(Path::new("iso.md"), src).unwrap();
    assert_eq!(
        times(&inc),
        [
            "2025-06-17T09:05:00+02:00",
            "2025-06-17T09:20:00+02:00",
            "2025-06-17T09:45:00+02:00",
            "2025-06-17T10:30:00+02:00",
        ]
    );
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2025-06-17")
    );
    assert_eq!(inc.timeline[2].kind, EventKind::Mitigation);
}

#[test]
fn approximate_times_and_untimed_entries() {
    let src = "# Batch job\n\n## Timeline\n- 2017/01/31 23:00-ish - job started to fail\n- ~23:30 - paged\n- someone restarted it by hand\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(inc.timeline.len(), 2);
    assert!(inc.timeline[0].approximate);
    assert!(inc.timeline[1].approximate);
    // No time, in a timeline told mostly in timed entries: a note on the entry before.
    assert_eq!(
        &*inc.timeline[1].text,
        "paged; someone restarted it by hand"
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Started).as_deref(),
        Some("2017-01-31T23:00:00+00:00")
    );
    // Told mostly in untimed steps: each is an entry, placed at the entry before and marked
    // approximate.
    let steps = format!(
        "{src}- checked the queue
- cleared the lock file
"
    );
    let (inc, _) = import(Path::new("x.md"), &steps).unwrap();
    assert_eq!(inc.timeline.len(), 5);
    assert_eq!(inc.timeline[2].at, inc.timeline[1].at);
    assert!(inc.timeline[2..].iter().all(|e| e.approximate));
}

#[test]
fn escape_sequences_are_stripped() {
    let src = "# Title \u{1b}[2Jwith\u{1b}]8;;http://evil\u{7}link\u{1b}]8;;\u{1b}\\ escapes\n\n## Timeline\n- 10:30 - alert\u{1b}[31m fired\u{7}\n\n## Action items\n- Add \u{9b}31mmonitoring\n";
    let (inc, _) = import(Path::new("x.md"), src).unwrap();
    assert_eq!(inc.title, "Title withlink escapes");
    assert_eq!(&*inc.timeline[0].text, "alert fired");
    assert_eq!(inc.actions[0].text, "Add monitoring");
    let all = format!("{inc:?}");
    assert!(!all.contains('\u{1b}') && !all.contains('\u{7}') && !all.contains('\u{9b}'));
}

#[test]
fn refuses_only_empty_files() {
    for empty in ["", "   \n\t\n", "\u{1b}[2J\n"] {
        let err = import(Path::new("e.md"), empty).unwrap_err();
        assert!(err.to_string().contains("nothing to import"), "{err}");
    }
    let (inc, diags) = import(Path::new("just-a-title.md"), "Some words\n").unwrap();
    assert_eq!(inc.title, "Some words");
    assert!(warned(&diags, "no timed events"));
}

/// A tiny deterministic generator, so the garbage is the same on every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn never_panics_on_garbled_or_truncated_input() {
    const PIECES: &[&str] = &[
        "#",
        "##",
        "# ",
        "\n",
        "\n\n",
        "- ",
        "* ",
        "1. ",
        "| ",
        "|---|",
        " | ",
        "**",
        "__",
        "`",
        "```",
        "> ",
        "<h2>",
        "</p>",
        "<!--",
        "-->",
        "[",
        "]",
        "(",
        ")",
        "10:30",
        "12;45PM",
        "2:05 pm",
        "23:00-ish",
        "~",
        "2024-08-15",
        "T",
        "+02:00",
        "UTC",
        "EAT",
        "Day 2",
        "October 21",
        " - ",
        " – ",
        "—",
        ":",
        "Timeline",
        "Root cause",
        "Action items",
        "assumed",
        "ruled out",
        "resolved",
        "detected",
        "\u{1b}[2J",
        "\u{9b}",
        "\t",
        "\r",
        "é",
        "🔥",
        "\u{202e}",
        "[x] ",
        "from ",
        " to ",
        "12:05 AM",
        "1:05",
        "0",
        "99:99",
    ];
    let mut rng = Lcg(0x5eed);
    for _ in 0..400 {
        let n = (rng.next() % 60) as usize;
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(PIECES[(rng.next() as usize) % PIECES.len()]);
            if rng.next().is_multiple_of(5) {
                s.push(char::from_u32((rng.next() % 0x3000) as u32).unwrap_or('x'));
            }
        }
        let _ = import(Path::new("fuzz.md"), &s);
    }
    // Every fixture cut at every few characters.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(17).collect();
        for cut in cuts {
            let _ = import(Path::new("cut.md"), &text[..cut]);
            let _ = import(Path::new("cut.md"), &text[cut..]);
        }
    }
}

#[test]
fn markers_labelled_theories_and_detours_ruled_out_in_prose() {
    let (inc, _) = load("markers.md");
    assert_eq!(inc.title, "Search results empty for logged-in shoppers");
    assert_eq!(inc.severity.as_ref().map(|s| s.0.as_str()), Some("P2"));
    // "Times are Central European (CEST)": the zone note looks past the words before the zone.
    assert_eq!(inc.timezone.map(|z| z.local_minus_utc()), Some(7200));
    assert_eq!(
        ms(&inc, MilestoneKind::Started).as_deref(),
        Some("2024-05-14T09:20:00+02:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Detected).as_deref(),
        Some("2024-05-14T09:31:00+02:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Acknowledged).as_deref(),
        Some("2024-05-14T09:35:00+02:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Identified).as_deref(),
        Some("2024-05-14T10:19:00+02:00")
    );
    // A stand-alone "Mitigated." / "Resolved." marker says which moment this was.
    assert_eq!(
        ms(&inc, MilestoneKind::Mitigated).as_deref(),
        Some("2024-05-14T10:26:00+02:00")
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2024-05-14T10:50:00+02:00")
    );
    assert_eq!(
        inc.milestones.why(MilestoneKind::Mitigated).unwrap().rule,
        RuleId::MarkerMitigation
    );
    // "Theory: ..." with a rollback in it is a theory being tried, not the mitigation.
    let theory = event_at(&inc, "2024-05-14T09:41:00+02:00");
    assert_eq!(theory.kind, EventKind::Hypothesis);
    let ranking = inc.branch(theory.branch.as_deref().unwrap()).unwrap();
    assert_eq!(ranking.outcome, Outcome::RuledOut);
    assert_eq!(
        event_at(&inc, "2024-05-14T09:58:00+02:00").branch,
        theory.branch
    );
    // The load-balancer theory is ruled out only in the prose after the timeline.
    let lb = event_at(&inc, "2024-05-14T10:04:00+02:00");
    let lb = inc.branch(lb.branch.as_deref().unwrap()).unwrap();
    assert_eq!(lb.outcome, Outcome::RuledOut, "{lb:?}");
    assert_eq!(
        lb.inferred.as_ref().unwrap().rule,
        RuleId::DetourRuledOutInProse
    );
}

#[test]
fn long_first_sentence_gives_its_main_clause_as_title() {
    let text = "##Issue Summary:\n* Impact: The outage took down the booking widget for partners, leaving roughly half of all reservations stuck in pending.\n\n#Timeline:\n* 09:10 AM - Alerts fired on booking errors.\n* 09:40 AM - Full service restored.\n";
    let (inc, _) = import(Path::new("x.md"), text).unwrap();
    assert_eq!(
        inc.title,
        "The outage took down the booking widget for partners"
    );
}

#[test]
fn everyday_wording_for_milestones_and_a_misdiagnosis() {
    let (inc, _) = load("wording.md");
    let at = |m| ms(&inc, m).unwrap_or_default();
    assert_eq!(
        at(MilestoneKind::Detected),
        "2025-02-11T10:00:00+00:00",
        "a customer report is a detection"
    );
    assert_eq!(at(MilestoneKind::Acknowledged), "2025-02-11T10:12:00+00:00");
    assert_eq!(at(MilestoneKind::Identified), "2025-02-11T10:35:00+00:00");
    assert_eq!(at(MilestoneKind::Mitigated), "2025-02-11T10:50:00+00:00");
    assert_eq!(at(MilestoneKind::Resolved), "2025-02-11T11:30:00+00:00");
    let spike = event_at(&inc, "2025-02-11T10:20:00+00:00");
    let b = inc
        .branch(spike.branch.as_deref().expect("a misdiagnosis is a branch"))
        .unwrap();
    assert_eq!(b.outcome, Outcome::RuledOut);
}

#[test]
fn wrapped_bullets_stay_one_item() {
    let text = "# Cache storm\n\n## Impact\n\n- Roughly a third of users were signed out one or more\n  times during the hour.\n- Carts were kept.\n\nA second paragraph.\n\n## Timeline\n\n- 10:00 - Alert fired\n";
    let (inc, _) = import(Path::new("x.md"), text).unwrap();
    assert_eq!(
        inc.impact.as_deref(),
        Some(
            "- Roughly a third of users were signed out one or more times during the hour.\n- Carts were kept.\n\nA second paragraph."
        )
    );
}

#[test]
fn an_unknown_zone_word_after_the_time_is_not_part_of_the_text() {
    let text = "# Web outage\n\nDate: 2017-03-24\n\n## Timeline\n\n- **07:32 GWT** => users get 500s from the web tier\n- **08:00 GWT** => service restored\n";
    let (inc, _) = import(Path::new("x.md"), text).unwrap();
    let texts: Vec<&str> = inc.timeline.iter().map(|e| &*e.text).collect();
    assert_eq!(
        texts,
        ["users get 500s from the web tier", "service restored"]
    );
}

/// The incident's title is its name: from a site generator's front matter (quotes dropped, the
/// closing `---` not read as a heading underline), never a line about the document (an owner,
/// a link elsewhere), and a report prefix is dropped only when a name is left.
#[test]
fn titles_from_front_matter_never_from_metadata_lines() {
    let title = |text: &str| {
        load_str(Path::new("x.md"), text)
            .expect("imports")
            .incident
            .title
    };
    let front = "---\nlayout: post\ntitle: \"Search down: queue stuck\"\nauthor: Ops <ops@example.org>\n\
                 date: 2024-05-06 09:00:00 +0200\n---\n\nThe search index stalled.\n\n\
                 ## Timeline\n\n- 10:00 alert fires\n- 10:30 fixed\n";
    let loaded = load_str(Path::new("x.md"), front).unwrap();
    assert_eq!(loaded.incident.title, "Search down: queue stuck");
    assert_eq!(
        loaded.incident.date.map(|d| d.to_string()),
        Some("2024-05-06".into())
    );
    // A front matter of comments alone (a site's template left as it was) is no title.
    assert_eq!(
        title(
            "---\n# Nothing needs declaring here\n---\n\n# Bridge lost its rooms\n\n\
             ## Timeline\n\n- 21:00 UTC - rooms vanish\n- 21:30 UTC - rooms restored\n"
        ),
        "Bridge lost its rooms"
    );
    // The front matter's keys are not text of the report.
    let yaml = retrace::ingest::yaml::to_yaml(&loaded.incident).unwrap();
    assert!(
        !yaml.contains("layout") && !yaml.contains("ops@example"),
        "{yaml}"
    );

    assert_eq!(
        title(
            "## Owner: @sam\n## Involved:\n- @kim\n\n# Overview\n\nThe billing API went down for an hour.\n"
        ),
        "The billing API went down for an hour"
    );
    assert_eq!(
        title(
            "Internal write-up: https://example.org/pr/12\n\nOn Monday the flag service failed for everyone.\n"
        ),
        "On Monday the flag service failed for everyone"
    );
    assert_eq!(
        title("# Post Mortem covering 3 May to 9 May\n\nSeveral outages.\n"),
        "Post Mortem covering 3 May to 9 May"
    );
    assert_eq!(
        title("# Postmortem: Queue stalls\n\n- 10:00 alert\n"),
        "Queue stalls"
    );
    assert_eq!(
        title("# “Disk full on db-2”\n\n- 10:00 alert\n"),
        "Disk full on db-2"
    );
}

/// Systems said to come back, whatever their names, end the impact when nothing else says so:
/// the first recovery is the mitigation, the last one the resolution (two waves here).
#[test]
fn systems_said_to_come_back_give_mitigated_and_resolved() {
    let text = "# Storage maintenance\n\nDate: 2025-02-03\n\n## Timeline (UTC)\n\n\
                - 09:10 The package index is unreachable\n\
                - 09:16 The package index is restored\n\
                - 11:40 Image registry stops answering private pulls\n\
                - 12:05 Registry comes back up after the volume remount\n";
    let inc = load_str(Path::new("x.md"), text).unwrap().incident;
    let why = |m: MilestoneKind| inc.milestones.why(m).map(|w| w.rule);
    assert_eq!(
        ms(&inc, MilestoneKind::Mitigated).as_deref(),
        Some("2025-02-03T09:16:00+00:00")
    );
    assert_eq!(
        why(MilestoneKind::Mitigated),
        Some(RuleId::MilestoneMitigatedAtRecovery)
    );
    assert_eq!(
        ms(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2025-02-03T12:05:00+00:00")
    );
    assert_eq!(
        why(MilestoneKind::Resolved),
        Some(RuleId::MilestoneResolvedAtLastRecovery)
    );
    // A fix told after the last recovery still ends the incident (resolved at the last fix).
    let later = format!("{text}- 12:30 Hotfix rolled back the remount script, fix deployed\n");
    let inc = load_str(Path::new("x.md"), &later).unwrap().incident;
    assert_ne!(
        inc.milestones.why(MilestoneKind::Resolved).map(|w| w.rule),
        Some(RuleId::MilestoneResolvedAtLastRecovery)
    );
}

/// The kind the importer gives a timeline's one entry `line`.
fn kind_of_entry(line: &str) -> EventKind {
    let text = format!("# T\n\nDate: 2025-02-03\n\n## Timeline (UTC)\n\n- 10:00 {line}\n");
    load_str(Path::new("x.md"), &text)
        .unwrap()
        .incident
        .timeline[0]
        .kind
}

/// A fix put in place is a mitigation, whatever stands between the fix and its verb; a fix
/// only planned, or a deploy of something else, is not.
#[test]
fn a_fix_put_in_place_is_a_mitigation() {
    for line in [
        "Manual fix for the billing dashboard deployed.",
        "Patch for the TLS library applied to every edge node",
        "Hotfix to the retry loop rolled out",
    ] {
        assert_eq!(kind_of_entry(line), EventKind::Mitigation, "{line}");
    }
    for line in [
        "New search ranking deployed",
        "A fix will be deployed tomorrow",
    ] {
        assert_ne!(kind_of_entry(line), EventKind::Mitigation, "{line}");
    }
}

/// A day written in brackets on a line of its own (`[2026-07-01]`) dates the timeline's entries
/// under it, even when a `Date:` field says another day (the day it was written up).
#[test]
fn a_bracketed_day_line_dates_the_entries_under_it() {
    let text = "# Lambda errors\n\n**Date:** 2026-07-08\n\n## Timeline\n\n[2026-07-01]\n\
                [08:33] The change is merged\n[09:26] The errors alarm fires\n";
    let inc = load_str(Path::new("x.md"), text).unwrap().incident;
    assert_eq!(
        times(&inc),
        ["2026-07-01T08:33:00+00:00", "2026-07-01T09:26:00+00:00"]
    );
}

/// A clause that opens with "no" or "nothing" says what did not happen: no milestone.
#[test]
fn what_did_not_happen_is_no_milestone() {
    for (line, not) in [
        (
            "No suspicious behaviour identified in the audit",
            EventKind::Identified,
        ),
        (
            "No errors detected after the rollback",
            EventKind::Detection,
        ),
        ("Nothing resolved yet, still digging", EventKind::Resolution),
    ] {
        assert_ne!(kind_of_entry(line), not, "{line}");
    }
    // Said further on in the clause, the same words still count.
    assert_eq!(
        kind_of_entry("No alert fired; a customer reported the outage"),
        EventKind::Detection
    );
}

/// Impact cannot start after it was noticed: a start read from words that meant something else
/// is dropped with a warning, and impact began no later than its first sign before the
/// detection, if one is told.
#[test]
fn a_start_read_after_detection_is_dropped() {
    let text = "# Realm reconnects\n\nDate: 2025-03-01\n\n## Timeline (UTC)\n\n\
                - 08:40 Players in the north realm see lag spikes\n\
                - 09:00 Pager alert fires: players are disconnected from the realm\n\
                - 09:20 Team looks into the connection manager\n\
                - 11:00 After the patch, reconnection errors started to be less frequent\n";
    let loaded = load_str(Path::new("x.md"), text).unwrap();
    let inc = &loaded.incident;
    assert_eq!(
        ms(inc, MilestoneKind::Started).as_deref(),
        Some("2025-03-01T08:40:00+00:00")
    );
    assert_eq!(
        ms(inc, MilestoneKind::Detected).as_deref(),
        Some("2025-03-01T09:00:00+00:00")
    );
    assert!(warned(&loaded.diagnostics, "is after its detection"));
}

/// A theory the prose rules out in its own words ends where the timeline left it, and the cause
/// found later stays on the main line (it was never part of the theory).
#[test]
fn the_cause_found_is_not_part_of_a_theory_ruled_out_in_prose() {
    let text = "# Thumbnails broken\n\nDate: 2025-04-01\n\n## Timeline (UTC)\n\n\
                - 10:00 Alert fires for thumbnail errors\n\
                - 10:10 Error rate is up at the edge; we suspect the load balancer\n\
                - 10:25 Load balancer vendor reports nothing on their side\n\
                - 10:40 Worker memory doubled since the upgrade; the upgrade is the likely cause\n\
                - 10:50 Upgrade rolled back, errors drop\n\n\
                ## The load balancer detour\n\n\
                We suspected the load balancer first, but it turned out not to be the cause.\n";
    let inc = load_str(Path::new("x.md"), text).unwrap().incident;
    assert_eq!(inc.branches.len(), 1, "{:?}", inc.branches);
    assert_eq!(inc.branches[0].outcome, Outcome::RuledOut);
    let found = event_at(&inc, "2025-04-01T10:40:00+00:00");
    assert_eq!(found.branch, None, "{found:?}");
}

/// A theory named after a cue that points forward ("might be in the CDN") is named by the words
/// after it, and "looks OK" in any spelling rules it out.
#[test]
fn a_theory_after_might_be_ruled_out_by_looks_ok() {
    for verdict in [
        "Checked the CDN configuration, looks OK.",
        "CDN settings reviewed: all okay",
    ] {
        let text = format!(
            "# Site unreachable\n\nDate: 2025-05-01\n\n## Timeline (UTC)\n\n\
             - 10:00 Alert fires: the site does not resolve\n\
             - 10:05 Early signs are that the problem might be in the CDN, but nobody has the login\n\
             - 10:15 {verdict}\n\
             - 10:30 DNS record found deleted and recreated; site back up\n"
        );
        let inc = load_str(Path::new("x.md"), &text).unwrap().incident;
        assert_eq!(inc.branches.len(), 1, "{verdict}: {:?}", inc.branches);
        assert_eq!(inc.branches[0].hypothesis, "The CDN", "{verdict}");
        assert_eq!(inc.branches[0].outcome, Outcome::RuledOut, "{verdict}");
    }
}

/// A name that does not resolve is a DNS symptom, not a verdict on a theory.
#[test]
fn a_name_that_does_not_resolve_is_no_verdict() {
    let text = "# Site unreachable\n\nDate: 2025-05-01\n\n## Timeline (UTC)\n\n\
                - 10:00 Alert fires: the site does not resolve\n\
                - 10:05 The hostname did not resolve from any region\n\
                - 10:30 DNS record recreated; site back up\n";
    let inc = load_str(Path::new("x.md"), text).unwrap().incident;
    assert!(inc.branches.is_empty(), "{:?}", inc.branches);
}

/// A stated date after every timeline entry is the day the report was written: the incident's
/// date is the day it began, with a warning.
#[test]
fn a_write_up_date_after_the_timeline_is_not_the_incidents_date() {
    let text = "# Deletion errors\n\nDate: 2026-07-08\n\n## Timeline (UTC)\n\n\
                - 2026-07-01 08:33 The change is merged\n\
                - 2026-07-01 09:26 The errors alarm fires\n\
                - 2026-07-01 10:46 The alarm stops firing\n";
    let loaded = load_str(Path::new("x.md"), text).unwrap();
    assert_eq!(
        loaded.incident.date.map(|d| d.to_string()).as_deref(),
        Some("2026-07-01")
    );
    assert!(warned(&loaded.diagnostics, "is after every timeline entry"));
    // A date on the timeline's own days stays as stated.
    let same = text.replace("Date: 2026-07-08", "Date: 2026-07-01");
    let loaded = load_str(Path::new("x.md"), &same).unwrap();
    assert!(!warned(
        &loaded.diagnostics,
        "is after every timeline entry"
    ));
}

/// A date in a blog post's front matter, written in the author's zone, can be the day before
/// every entry of a timeline that dates its own entries in UTC: the incident's date is the day
/// it began, with a warning.
#[test]
fn a_front_matter_date_before_the_timeline_is_not_the_incidents_date() {
    let text = "---\ntitle: \"Expired certificate on the image host\"\ndate: 2024-03-10\n---\n\n\
                Images stopped loading early on March 11th.\n\n## Timeline\n\n\
                - Mar 11th **01:40** First report of broken images\n\
                - Mar 11th **01:43** The certificate is found expired\n\
                - Mar 11th **02:20** A new certificate is installed; images load again\n";
    let loaded = load_str(Path::new("x.md"), text).unwrap();
    assert_eq!(
        loaded.incident.date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-11")
    );
    assert!(warned(
        &loaded.diagnostics,
        "is before every timeline entry"
    ));
}

/// A timeline that opens with lead-up on an earlier day (a change merged the evening before)
/// dates the incident on the day impact began; a date the writer states (a `Date:` field, the
/// title) stays as written.
#[test]
fn the_incidents_date_is_the_day_impact_began_not_the_lead_up() {
    let text = "# Build farm stall\n\n## Timeline (UTC)\n\n\
                - 2024-05-13 21:10 A change to the scheduler's settings is merged\n\
                - 2024-05-14 06:20 Builds start failing across the farm\n\
                - 2024-05-14 06:45 A maintainer reports the failures in chat\n\
                - 2024-05-14 07:30 The change is reverted; builds pass again\n";
    let loaded = load_str(Path::new("x.md"), text).unwrap();
    assert_eq!(
        ms(&loaded.incident, MilestoneKind::Started).as_deref(),
        Some("2024-05-14T06:20:00+00:00")
    );
    assert_eq!(
        loaded.incident.date.map(|d| d.to_string()).as_deref(),
        Some("2024-05-14")
    );
    for stated in [
        "# Build farm stall\n\nDate: 2024-05-13\n",
        "# 2024-05-13 Build farm stall\n",
    ] {
        let text = text.replace("# Build farm stall\n", stated);
        let loaded = load_str(Path::new("x.md"), &text).unwrap();
        assert_eq!(
            loaded.incident.date.map(|d| d.to_string()).as_deref(),
            Some("2024-05-13"),
            "{stated}"
        );
    }
}

/// An entry that gives its time at its end, alone in brackets, is timed there (the brackets
/// leave its text); a span in brackets sums up and dates nothing.
#[test]
fn an_entry_timed_in_brackets_at_its_end() {
    let text = "# Payment queue stall\n\nThe queue stalled in September 2025.\n\n## Timeline\n\n\
                1. **Queue stalls** - Card payments stop draining (28 September ~17:20 UTC)\n\
                2. **First look** - The on-call engineer checks the consumers (28 September 17:25 UTC)\n\
                3. **Consumers restarted** - Payments flow again (28 September 18:02 UTC)\n\
                4. **Summary** - Impact lasted 42 minutes (17:20 - 18:02 UTC)\n";
    let inc = load_str(Path::new("x.md"), text).unwrap().incident;
    let at: Vec<String> = inc.timeline.iter().map(|e| e.at.to_rfc3339()).collect();
    assert_eq!(
        at,
        [
            "2025-09-28T17:20:00+00:00",
            "2025-09-28T17:25:00+00:00",
            "2025-09-28T18:02:00+00:00"
        ]
    );
    // The span is told with the entry before it, not as an entry at its start.
    assert!(
        inc.timeline[2].text.contains("Impact lasted"),
        "{:?}",
        inc.timeline[2].text
    );
    assert_eq!(
        inc.timeline[0].text.as_ref() as &str,
        "Queue stalls - Card payments stop draining"
    );
    assert!(inc.timeline[0].approximate);
}

/// A short label timed in brackets, then a colon or a dash (`**Detection (14:05 UTC):** pager
/// fires`) is an entry at that time, its text `label: what follows`; a bracket that holds more
/// than a time (`Deploy (v2.3, 14:05)`) times nothing.
#[test]
fn a_label_timed_in_brackets_opens_an_entry() {
    let text = "# Cache outage\n\nDate: 2025-03-05\n\n## Timeline (UTC)\n\n\
                **Detection (14:05 UTC):** the pager fires for cache errors\n\n\
                - Rollback [14:40] - the cache is flushed and errors stop\n\
                - Deploy (v2.3, 14:55): a follow-up release\n";
    let inc = load_str(Path::new("x.md"), text).unwrap().incident;
    let got: Vec<(String, String)> = inc
        .timeline
        .iter()
        .map(|e| (e.at.format("%H:%M").to_string(), e.text.to_string()))
        .collect();
    assert_eq!(
        got[0],
        (
            "14:05".into(),
            "Detection: the pager fires for cache errors".into()
        )
    );
    assert_eq!(got[1].0, "14:40");
    assert!(
        got[1].1.starts_with("Rollback: the cache is flushed"),
        "{got:?}"
    );
    assert!(got.iter().all(|(at, _)| at != "14:55"), "{got:?}");
    // A day as the label dates the time; it is not the entry's text.
    let text = "# Cache outage\n\n## Timeline (UTC)\n\n\
                - March 4, 2025 (22:05 UTC): the alert fires for cache errors\n\
                - March 5 (01:10 UTC): the cache is restarted\n";
    let inc = load_str(Path::new("x.md"), text).unwrap().incident;
    let got: Vec<(String, String)> = inc
        .timeline
        .iter()
        .map(|e| (e.at.to_rfc3339(), e.text.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "2025-03-04T22:05:00+00:00".to_string(),
                "the alert fires for cache errors".to_string()
            ),
            (
                "2025-03-05T01:10:00+00:00".to_string(),
                "the cache is restarted".to_string()
            )
        ]
    );
}

/// Entries timed before any day is written are on the incident's day (here the title's), and
/// a bare date line later in the timeline opens the next day: it is not the incident's date.
#[test]
fn entries_before_the_first_day_line_are_on_the_incidents_day() {
    let text = "# 2023-06-05\n\n## Timeline\nAll times UTC.\n\n\
                4.10pm: a migration drops the wrong table\n\n\
                4.15pm: the editors report missing pages\n\n\
                11.40pm: the restore from backup finishes\n\n\n2023-06-06\n\n\
                9.05am: the search index is rebuilt\n";
    let inc = load_str(Path::new("x.md"), text).unwrap().incident;
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2023-06-05")
    );
    let at: Vec<String> = inc.timeline.iter().map(|e| e.at.to_rfc3339()).collect();
    assert_eq!(
        at,
        [
            "2023-06-05T16:10:00+00:00",
            "2023-06-05T16:15:00+00:00",
            "2023-06-05T23:40:00+00:00",
            "2023-06-06T09:05:00+00:00"
        ]
    );
}

/// A table of timed rows under a heading of another name (`## What happened`) is the timeline,
/// with its header (which names the zone) and the rows dated only.
#[test]
fn a_timed_table_under_another_heading_is_the_timeline() {
    let text = "# Ledger halt\n\nIn March 2025 the ledger stopped.\n\n## What happened\n\n\
                | Time (UTC) | Event |\n| --- | --- |\n\
                | **Mar 2** | A weakness is reported in private |\n\
                | **Mar 4, 09:10** | A patched release is rolled out |\n\
                | **Mar 4, 11:45** | Block production halts |\n\
                | **Mar 5, 02:30** | Finality is restored |\n";
    let inc = load_str(Path::new("x.md"), text).unwrap().incident;
    let at: Vec<String> = inc.timeline.iter().map(|e| e.at.to_rfc3339()).collect();
    assert_eq!(
        at,
        [
            "2025-03-04T09:10:00+00:00",
            "2025-03-04T11:45:00+00:00",
            "2025-03-05T02:30:00+00:00"
        ]
    );
}

/// A table that counts from one moment (`| +10 minutes | … |`) places each offset after the
/// last row with a time of its own; an offset before any time places nothing.
#[test]
fn offsets_from_one_moment_are_counted_from_it() {
    let text = "# Upgrade retry\n\n## Timeline (UTC)\n\n| Time (UTC) | Event |\n| --- | --- |\n\
                | 2025-07-02 11:00 UTC | Snapshot taken before the upgrade |\n\
                | +10 minutes | Upgrade applied; migrations run |\n\
                | T+1h30m | Block production resumes |\n\
                | 2025-07-02 14:00 UTC | Upgrade confirmed |\n\
                | +5 min | Firewall lifted |\n";
    let inc = load_str(Path::new("x.md"), text).unwrap().incident;
    let at: Vec<String> = inc.timeline.iter().map(|e| e.at.to_rfc3339()).collect();
    assert_eq!(
        at,
        [
            "2025-07-02T11:00:00+00:00",
            "2025-07-02T11:10:00+00:00",
            "2025-07-02T12:30:00+00:00",
            "2025-07-02T14:00:00+00:00",
            "2025-07-02T14:05:00+00:00"
        ]
    );
    assert!(inc.timeline.iter().all(|e| !e.approximate));
}

/// A table that writes each time in two zones (`| JST | UTC | Event |`) is read in the zone
/// whose column gives the most times; the other column is not the entry's words.
#[test]
fn a_table_in_two_zones_is_read_in_its_fuller_column() {
    let text = "# Backup gap\n\n## Timeline\n\n| JST | UTC | Event |\n|---|---|---|\n\
                | 2025-02-03 09:15 | 2025-02-03 00:15 | The nightly backup skips a bucket |\n\
                | 2025-02-04 08:30 | — | The daily report turns red |\n\
                | 2025-02-04 11:00 | — | The missing permission is granted |\n";
    let inc = load_str(Path::new("x.md"), text).unwrap().incident;
    let at: Vec<String> = inc.timeline.iter().map(|e| e.at.to_rfc3339()).collect();
    assert_eq!(
        at,
        [
            "2025-02-03T09:15:00+09:00",
            "2025-02-04T08:30:00+09:00",
            "2025-02-04T11:00:00+09:00"
        ]
    );
    assert_eq!(
        inc.timeline[1].text.as_ref() as &str,
        "The daily report turns red"
    );
}

/// A span stated with a region's name (`from 9:30 AM to 11:20 AM PT`) is in that region's
/// offset on its day, as the timeline's entries are: -07:00 in April, -08:00 in January.
#[test]
fn a_stated_span_with_a_region_keeps_daylight_saving() {
    for (day, offset) in [("2024-04-10", "-07:00"), ("2024-01-10", "-08:00")] {
        let text = format!(
            "# Search outage\n\nOn {day} the outage lasted from 9:30 AM to 11:20 AM PT.\n\n\
             ## Timeline\n\n- 09:40 errors climb\n"
        );
        let inc = load_str(Path::new("x.md"), &text).unwrap().incident;
        let started = ms(&inc, MilestoneKind::Started).expect("the span's start");
        assert_eq!(started, format!("{day}T09:30:00{offset}"));
    }
}
