//! The importer reads the story, not single lines: a theory and its ruling-out are one detour,
//! what did not happen is not a milestone, detours said in other words or other places are
//! found, stated durations fill what the timeline leaves out. Fixtures in tests/fixtures/story/.

use std::path::Path;

use retrace::analysis::analyze;
use retrace::ingest::load_path;
use retrace::model::{EventKind, Incident, Inference, MilestoneKind, Outcome, RuleId};

fn load(name: &str) -> Incident {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/story")
        .join(name);
    load_path(&path).expect("fixture imports").incident
}

fn at(inc: &Incident, m: MilestoneKind) -> Option<String> {
    analyze(inc)
        .milestones
        .at(m)
        .map(|t| t.format("%H:%M").to_string())
}

/// Why `kind` was inferred (the test fails when it was not).
fn why(inc: &Incident, kind: MilestoneKind) -> &Inference {
    inc.milestones
        .inferred
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, why)| why)
        .expect("the milestone is explained")
}

/// Why `started` was inferred (the test fails when it was not).
fn started_why(inc: &Incident) -> &Inference {
    why(inc, MilestoneKind::Started)
}

fn detours(inc: &Incident) -> Vec<&str> {
    inc.branches
        .iter()
        .filter(|b| b.outcome == Outcome::RuledOut)
        .map(|b| b.id.as_str())
        .collect()
}

#[test]
fn a_theory_and_its_ruling_out_are_one_detour() {
    let inc = load("theory-and-ruling-out.md");
    assert_eq!(detours(&inc), ["cdn-rule"]);
    let a = analyze(&inc);
    assert_eq!(a.detours.len(), 1);
    let d = &a.detours[0];
    assert_eq!(
        (
            d.start.format("%H:%M").to_string(),
            d.end.format("%H:%M").to_string()
        ),
        ("14:20".to_string(), "14:38".to_string())
    );
    // The entry that tested the theory is a hypothesis on the detour, not the mitigation.
    let tested = &inc.timeline[2];
    assert_eq!(tested.kind, EventKind::Hypothesis);
    assert_eq!(tested.branch.as_deref(), Some("cdn-rule"));
    for (m, want) in [
        (MilestoneKind::Started, "14:05"),
        (MilestoneKind::Detected, "14:12"),
        (MilestoneKind::Identified, "14:50"),
        (MilestoneKind::Mitigated, "14:55"),
        (MilestoneKind::Resolved, "15:20"),
    ] {
        assert_eq!(at(&inc, m).as_deref(), Some(want), "{m:?}");
    }
}

#[test]
fn negated_hoped_for_and_past_statements_are_not_milestones() {
    let inc = load("not-milestones.md");
    for m in [
        MilestoneKind::Resolved,
        MilestoneKind::Mitigated,
        MilestoneKind::Identified,
    ] {
        assert_eq!(at(&inc, m), None, "{m:?}");
    }
    // "Last month this alert cleared by itself" happened at another time: not even the
    // first step of the response.
    assert_eq!(inc.timeline[2].kind, EventKind::Note);
    assert_ne!(
        at(&inc, MilestoneKind::Acknowledged).as_deref(),
        Some("10:00"),
        "a remark on the past acknowledged the incident"
    );
    // Only the network theory is a detour; a check that found nothing is an investigation.
    assert_eq!(detours(&inc), ["network-fault"]);
    assert_eq!(inc.timeline[4].kind, EventKind::Investigation);
    assert_eq!(inc.timeline[4].branch, None);
}

#[test]
fn detours_said_in_other_words_or_other_places() {
    let inc = load("detours-elsewhere.md");
    let got = detours(&inc);
    for want in [
        "user-error",
        "client-upgrade",
        "session-store",
        "load-balancer",
        "broken-cdn",
    ] {
        assert!(got.contains(&want), "{want} missing from {got:?}");
    }
    assert_eq!(got.len(), 5, "{got:?}");
    let rule = |id: &str| {
        inc.branch(id)
            .and_then(|b| b.inferred.as_ref())
            .map(|i| i.rule)
    };
    assert_eq!(rule("user-error"), Some(RuleId::DetourRevisedBelief));
    assert_eq!(rule("session-store"), Some(RuleId::DetourStruckThrough));
    assert_eq!(rule("load-balancer"), Some(RuleId::DetourRuledOutInProse));
    // The prose about the load balancer is linked to the timeline entry it is about...
    let lb = inc
        .timeline
        .iter()
        .find(|e| e.branch.as_deref() == Some("load-balancer"))
        .expect("linked to its entry");
    assert!(lb.text.starts_with("Load balancer health checks"));
    // ...and the CDN idea, on no entry, is a detour without a time.
    assert!(
        inc.timeline
            .iter()
            .all(|e| e.branch.as_deref() != Some("broken-cdn"))
    );
    assert_eq!(at(&inc, MilestoneKind::Resolved).as_deref(), Some("10:40"));
    assert_eq!(at(&inc, MilestoneKind::Mitigated).as_deref(), Some("10:10"));
}

#[test]
fn stated_durations_fill_missing_milestones() {
    let inc = load("stated-durations.md");
    assert_eq!(at(&inc, MilestoneKind::Started).as_deref(), Some("08:00"));
    // Duration: 3 hours 20 minutes from the start.
    assert_eq!(at(&inc, MilestoneKind::Resolved).as_deref(), Some("11:20"));
    let why = inc
        .milestones
        .why(MilestoneKind::Resolved)
        .expect("explained");
    assert_eq!(why.rule, RuleId::MilestoneStatedDuration);
    assert!(
        why.matched.contains("3 hours 20 minutes"),
        "{}",
        why.matched
    );
}

#[test]
fn a_stated_duration_that_contradicts_the_timeline_is_warned() {
    let src = "# Queue stall\n\nDate: 2025-02-02\nTime to recovery: 20 minutes\n\n## Timeline (UTC)\n- 10:00 Consumers start failing.\n- 11:30 Service restored.\n";
    let loaded = retrace::ingest::load_str(Path::new("stall.md"), src).unwrap();
    let warn = loaded
        .diagnostics
        .iter()
        .find(|d| d.message.contains("contradicts"))
        .expect("a warning");
    assert_eq!(warn.line, 4);
    assert!(warn.message.contains("TTR"), "{}", warn.message);
    // The timeline's own milestones stay.
    assert_eq!(
        at(&loaded.incident, MilestoneKind::Resolved).as_deref(),
        Some("11:30")
    );
}

#[test]
fn every_rule_explains_itself_in_import_explain() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_retrace"))
        .args(["import", "--explain"])
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/story/detours-elsewhere.md"),
        )
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for id in [RuleId::DetourRevisedBelief, RuleId::DetourStruckThrough] {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(id.name()))
            .unwrap_or_else(|| panic!("{} not listed", id.name()));
        assert!(line.contains(id.explain()), "{line}");
    }
}

#[test]
fn detours_and_milestones_in_other_words() {
    let inc = load("other-words.md");
    // `<START OF OUTAGE>` is a marker people write, not an HTML tag.
    assert!(inc.timeline[0].text.starts_with("<START OF OUTAGE>"));
    assert_eq!(inc.timeline[0].kind, EventKind::ImpactStart);
    // "A customer reached out" is the detection; "Cause: ..." the cause found.
    assert_eq!(at(&inc, MilestoneKind::Detected).as_deref(), Some("08:12"));
    assert_eq!(
        at(&inc, MilestoneKind::Identified).as_deref(),
        Some("09:30")
    );
    // A fix reported later as not effective is a detour from the attempt it names.
    let a = analyze(&inc);
    let pool = a
        .detours
        .iter()
        .find(|d| d.branch == "larger-pool")
        .expect("the pool detour");
    assert_eq!(pool.start.format("%H:%M").to_string(), "08:20");
    // "were red herrings" is a detour too.
    assert!(
        detours(&inc).contains(&"disk-pressure"),
        "{:?}",
        detours(&inc)
    );
    // The stated incident duration (a table row) gives resolved from the start.
    assert_eq!(at(&inc, MilestoneKind::Resolved).as_deref(), Some("11:45"));
    // The mitigation that worked is not on a detour.
    assert_eq!(at(&inc, MilestoneKind::Mitigated).as_deref(), Some("10:10"));
}

/// Findings told as a list ("We checked X — not the cause", a `Ruled out:` list): each is a
/// detour, without a time when none is stated.
#[test]
fn a_findings_list_gives_one_detour_per_finding() {
    let inc = load("findings-list.md");
    let ids = detours(&inc);
    assert_eq!(ids.len(), 3, "{ids:?}");
    for words in ["load-balancer", "noisy-neighbour", "certificate-rotation"] {
        assert!(ids.iter().any(|id| id.contains(words)), "{words}: {ids:?}");
    }
    // No timeline entry names them: detours without a time.
    assert!(inc.timeline.iter().all(|e| e.branch.is_none()));
}

/// A start told only relative to the alert fills `started`, with its words as the reason.
#[test]
fn a_start_told_relative_to_the_alert_fills_started() {
    let inc = load("relative-start.md");
    assert_eq!(at(&inc, MilestoneKind::Detected).as_deref(), Some("10:42"));
    assert_eq!(at(&inc, MilestoneKind::Started).as_deref(), Some("10:22"));
    let why = started_why(&inc);
    assert_eq!(why.rule, RuleId::MilestoneStatedDuration);
    assert!(
        why.matched.contains("20 minutes before the alert"),
        "{why:?}"
    );
}

/// No start of impact told: impact began no later than its first sign — the first event at or
/// before detection that is not a change made to the system (the config change before the late
/// reports is the trigger, not the start). Explained by its own rule.
#[test]
fn without_a_start_told_impact_began_at_its_first_sign() {
    let inc = load("first-sign.md");
    assert_eq!(at(&inc, MilestoneKind::Detected).as_deref(), Some("09:20"));
    assert_eq!(at(&inc, MilestoneKind::Started).as_deref(), Some("08:55"));
    let why = started_why(&inc);
    assert_eq!(why.rule, RuleId::MilestoneFirstSign);

    // Only a change before the detection, 25 minutes before it, opening the timeline: impact
    // began with the change (its own rule), never at the detection itself.
    let inc = load("first-sign-trigger-only.md");
    assert_eq!(at(&inc, MilestoneKind::Detected).as_deref(), Some("13:30"));
    assert_eq!(at(&inc, MilestoneKind::Started).as_deref(), Some("13:05"));
    assert_eq!(
        started_why(&inc).rule,
        RuleId::MilestoneStartedAtOpeningChange
    );
}

/// A theory that gives the time it was ruled out ("ruled out at 23:52") ends there.
#[test]
fn a_ruled_out_time_written_in_the_theory_ends_the_detour() {
    let inc = load("ruled-out-at.md");
    assert_eq!(detours(&inc).len(), 1, "{:?}", detours(&inc));
    let a = analyze(&inc);
    let d = &a.detours[0];
    assert_eq!(
        (
            d.start.format("%H:%M").to_string(),
            d.end.format("%H:%M").to_string()
        ),
        ("23:20".to_string(), "23:52".to_string())
    );
    assert!(d.summary.contains("search index"), "{}", d.summary);
    assert_eq!(
        at(&inc, MilestoneKind::Identified).as_deref(),
        Some("23:58")
    );
}

/// The entry where the problem was noticed says it began some time earlier: started is that
/// long before the detection, with the words as the reason.
#[test]
fn a_start_told_as_earlier_than_the_detection_fills_started() {
    let inc = load("started-earlier.md");
    assert_eq!(at(&inc, MilestoneKind::Detected).as_deref(), Some("16:40"));
    assert_eq!(at(&inc, MilestoneKind::Started).as_deref(), Some("16:15"));
    let why = started_why(&inc);
    assert_eq!(why.rule, RuleId::MilestoneStartedEarlier);
    assert_eq!(why.matched, "about 25 minutes earlier");
}

/// A start told relative to the fix, in a paragraph ("going on for about 50 minutes before the
/// fix") or in the timeline's own words ("1 hour and 5 minutes from the start of the incident
/// to the deploy of the fix"): started is that long before the mitigation.
#[test]
fn a_start_told_relative_to_the_fix_fills_started() {
    let inc = load("start-before-fix.md");
    assert_eq!(at(&inc, MilestoneKind::Mitigated).as_deref(), Some("13:40"));
    assert_eq!(at(&inc, MilestoneKind::Started).as_deref(), Some("12:50"));
    let why = started_why(&inc);
    assert_eq!(why.rule, RuleId::MilestoneStartBeforeFix);
    assert!(why.matched.contains("50 minutes before the fix"), "{why:?}");

    let inc = load("start-to-fix-figure.md");
    assert_eq!(at(&inc, MilestoneKind::Detected).as_deref(), Some("09:40"));
    assert_eq!(at(&inc, MilestoneKind::Mitigated).as_deref(), Some("10:20"));
    assert_eq!(at(&inc, MilestoneKind::Started).as_deref(), Some("09:15"));
    assert_eq!(started_why(&inc).rule, RuleId::MilestoneStartBeforeFix);
}

/// No resolution told: the incident ended with its last fix when that fix closes the
/// timeline, and the first fix is still the mitigation. A story that goes on after its last
/// fix (more reports, a follow-up entry) does not say when it ended: no resolution.
#[test]
fn without_a_resolution_told_the_last_fix_resolves() {
    let inc = load("last-fix-closes.md");
    assert_eq!(at(&inc, MilestoneKind::Mitigated).as_deref(), Some("13:40"));
    assert_eq!(at(&inc, MilestoneKind::Resolved).as_deref(), Some("14:05"));
    assert_eq!(
        why(&inc, MilestoneKind::Resolved).rule,
        RuleId::MilestoneResolvedAtLastFix
    );
    for file in ["last-fix-then-more-reports.md", "resolved-at-last-fix.md"] {
        let inc = load(file);
        assert_eq!(at(&inc, MilestoneKind::Resolved), None, "{file}");
    }
    let inc = load("resolved-at-last-fix.md");
    assert_eq!(at(&inc, MilestoneKind::Mitigated).as_deref(), Some("07:41"));
    // A resolution told wins over the last fix.
    let inc = load("started-earlier.md");
    assert_eq!(at(&inc, MilestoneKind::Resolved).as_deref(), Some("18:05"));
    assert_ne!(
        why(&inc, MilestoneKind::Resolved).rule,
        RuleId::MilestoneResolvedAtLastFix
    );
}

/// Milestone wording in the present tense and in other words: a report from someone outside
/// ("reports an"), a responder who "picks up" the ticket, a fix that "reverts" and "restarts",
/// a state of being fixed ("permanently fixed").
#[test]
fn milestone_wording_in_the_whole_story() {
    let inc = load("whole-story-wording.md");
    let got: Vec<_> = MilestoneKind::ALL
        .into_iter()
        .map(|m| at(&inc, m).unwrap_or_default())
        .collect();
    assert_eq!(got, ["11:02", "11:20", "11:26", "11:50", "12:05", "12:40"]);
    assert_eq!(inc.timeline[1].kind, EventKind::Detection);
    assert_eq!(inc.timeline[4].kind, EventKind::Mitigation);
    assert_eq!(inc.timeline[5].kind, EventKind::Resolution);
}

/// A duration figure that would put the start after another milestone measures something else
/// (here one wave of two): it does not give `started`.
#[test]
fn a_figure_that_would_start_after_the_detection_is_not_used() {
    let inc = load("figure-one-wave.md");
    assert_eq!(at(&inc, MilestoneKind::Detected).as_deref(), Some("09:00"));
    assert_eq!(at(&inc, MilestoneKind::Resolved).as_deref(), Some("14:15"));
    // Nor is the detection that opens the timeline a start: its words tell of no failure.
    assert_eq!(at(&inc, MilestoneKind::Started), None);
}

/// Symptom onset told as "began impacting": the start of impact, before the detection — not
/// the day-only entry of the cause before it.
#[test]
fn symptom_onset_in_other_words_gives_started() {
    let inc = load("impact-wording.md");
    let started = analyze(&inc).milestones.at(MilestoneKind::Started);
    assert_eq!(
        started
            .map(|t| t.format("%m-%d %H:%M").to_string())
            .as_deref(),
        Some("06-10 10:00")
    );
    assert_eq!(started_why(&inc).rule, RuleId::SignalImpactStart);
}

/// The ids of the detours, each with its first and last entry's time (`None`: told without a
/// time).
fn detour_spans(inc: &Incident) -> Vec<(String, Option<(String, String)>)> {
    let spans = analyze(inc).detours;
    detours(inc)
        .into_iter()
        .map(|id| {
            let span = spans.iter().find(|d| d.branch == id).map(|d| {
                let first = &inc.timeline[d.events[0]];
                let last = &inc.timeline[*d.events.last().unwrap_or(&d.events[0])];
                (
                    first.at.format("%H:%M").to_string(),
                    last.at.format("%H:%M").to_string(),
                )
            });
            (id.to_string(), span)
        })
        .collect()
}

fn span(a: &str, b: &str) -> Option<(String, String)> {
    Some((a.to_string(), b.to_string()))
}

#[test]
fn actions_that_did_not_change_the_symptom_are_detours() {
    let inc = load("actions-that-did-not-help.md");
    assert_eq!(
        detour_spans(&inc),
        [
            // The symptom going on, told in the same entry as the action.
            ("restarted-billing".to_string(), span("10:05", "10:05")),
            // Told in the entry after the action: the detour runs from the action.
            ("restarted-cache".to_string(), span("10:15", "10:20")),
            // "This was not enough": a verdict closing its clause.
            ("scaled-invoice".to_string(), span("10:30", "10:30")),
        ]
    );
    let rule = |id: &str| {
        inc.branch(id)
            .and_then(|b| b.inferred.as_ref())
            .map(|i| i.rule)
    };
    assert_eq!(
        rule("restarted-billing"),
        Some(RuleId::DetourSymptomContinued)
    );
    assert_eq!(
        rule("restarted-cache"),
        Some(RuleId::DetourSymptomContinued)
    );
    assert_eq!(rule("scaled-invoice"), Some(RuleId::DetourFellShort));
    // The restart that did not help is a step tried, not the mitigation; an unrelated deploy is
    // no verdict; "no customer impact" rules nothing out.
    assert_eq!(inc.timeline[3].kind, EventKind::Hypothesis);
    assert_eq!(inc.timeline[0].branch, None);
    assert_eq!(at(&inc, MilestoneKind::Mitigated).as_deref(), Some("10:55"));
    assert_eq!(at(&inc, MilestoneKind::Resolved).as_deref(), Some("11:10"));
}

#[test]
fn theories_ruled_out_in_later_entries_are_linked() {
    let inc = load("theories-across-entries.md");
    assert_eq!(
        detour_spans(&inc),
        [
            // The restart tried for the theory joins it; the verdict on the restarts ends both
            // theories about them.
            ("session-hosts".to_string(), span("13:04", "13:06")),
            ("restarting-session".to_string(), span("13:12", "13:40")),
            // "It is not a database capacity problem" ends the check that named it.
            ("database-capacity".to_string(), span("13:20", "13:45")),
        ]
    );
    let why = inc
        .branch("database-capacity")
        .and_then(|b| b.inferred.as_ref())
        .expect("explained");
    assert_eq!(why.rule, RuleId::DetourFellShort);
    assert_eq!(why.matched, "not a database capacity problem");
    assert_eq!(
        at(&inc, MilestoneKind::Identified).as_deref(),
        Some("14:00")
    );
    assert_eq!(at(&inc, MilestoneKind::Mitigated).as_deref(), Some("14:05"));
}

#[test]
fn verdicts_in_prose_and_checks_that_found_nothing() {
    let inc = load("verdicts-in-prose.md");
    assert_eq!(
        detour_spans(&inc),
        [
            // A check made in case of a cause, that found none.
            ("import-marked".to_string(), span("08:40", "08:40")),
            // "At first X was reverted. This was insufficient": the theory is in the sentence
            // before the verdict, linked to the timeline entry it is about.
            ("ranking-config".to_string(), span("08:20", "08:20")),
        ]
    );
    let rule = |id: &str| {
        inc.branch(id)
            .and_then(|b| b.inferred.as_ref())
            .map(|i| i.rule)
    };
    assert_eq!(rule("ranking-config"), Some(RuleId::DetourRuledOutInProse));
    assert_eq!(rule("import-marked"), Some(RuleId::DetourNothingFound));
    // The revert on the detour is no longer the mitigation, and says why.
    let revert = &inc.timeline[2];
    assert_eq!(revert.kind, EventKind::Hypothesis);
    assert_eq!(
        revert.inferred.as_ref().map(|i| i.rule),
        Some(RuleId::DetourRuledOutInProse)
    );
    assert_eq!(at(&inc, MilestoneKind::Resolved).as_deref(), Some("09:30"));
}

#[test]
fn leads_checked_and_dropped_are_detours() {
    let inc = load("leads-dropped.md");
    assert_eq!(
        detour_spans(&inc),
        [
            // A check of something named that found it fine.
            ("broker-disks".to_string(), span("07:05", "07:05")),
            // Named by the sentence that tells the theory, not the entry's first sentence;
            // "not a consumer deploy but a stuck partition" ends it.
            ("slow-consumer".to_string(), span("07:15", "07:30")),
        ]
    );
    let rule = |id: &str| {
        inc.branch(id)
            .and_then(|b| b.inferred.as_ref())
            .map(|i| i.rule)
    };
    assert_eq!(rule("broker-disks"), Some(RuleId::DetourNothingFound));
    // The alarm that started it all is on no branch.
    assert_eq!(inc.timeline[0].branch, None);
    assert_eq!(at(&inc, MilestoneKind::Resolved).as_deref(), Some("08:00"));
}

#[test]
fn a_fix_followed_by_the_issue_recurring_is_a_detour() {
    let inc = load("fix-then-recurrence.md");
    // The step taken, a hoped-for end in between, then the issue back: the step is the detour.
    assert_eq!(
        detour_spans(&inc),
        [("scaled-build".to_string(), span("16:10", "17:05"))]
    );
    let why = inc
        .branch("scaled-build")
        .and_then(|b| b.inferred.as_ref())
        .expect("explained");
    assert_eq!(why.rule, RuleId::DetourSymptomContinued);
    assert_eq!(why.matched, "issue recurs");
    assert_eq!(inc.timeline[1].kind, EventKind::Hypothesis);
    assert_eq!(at(&inc, MilestoneKind::Resolved).as_deref(), Some("18:00"));
}

/// Noticed when first said, even in an entry whose own words make it another kind: a report
/// from a customer, in an entry where support "turned off" a feature, comes before the first
/// alert. An act the customer had done, only reported, leaves the entry the report itself.
#[test]
fn detection_told_inside_an_entry_of_another_kind_counts_when_earlier() {
    let inc = load("detected-in-other-words.md");
    assert_eq!(inc.timeline[1].kind, EventKind::Mitigation);
    assert_eq!(at(&inc, MilestoneKind::Detected).as_deref(), Some("08:40"));
    let src = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/story/detected-in-other-words.md"),
    )
    .unwrap()
    .replace(
        "about stale contacts; support turned off the contact sync for their account",
        "to say they had turned off the contact sync on their side",
    );
    let (inc, _) = retrace::ingest::markdown::import(Path::new("x.md"), &src).unwrap();
    assert_eq!(inc.timeline[1].kind, EventKind::Detection);
    assert_eq!(at(&inc, MilestoneKind::Detected).as_deref(), Some("08:40"));
}

/// Traffic that "picks up" is load, not a responder picking up the page.
#[test]
fn traffic_picking_up_is_not_an_acknowledgement() {
    let src = "# Images\n\nDate: 2024-12-09\n\n## Timeline\n\n- 13:30 Traffic picks up after lunch and timeouts climb\n- 13:52 An engineer notices broken images and posts in the channel\n- 14:09 On-call picks up the page and starts looking\n";
    let (inc, _) = retrace::ingest::markdown::import(Path::new("x.md"), src).unwrap();
    assert_ne!(inc.timeline[0].kind, EventKind::Acknowledge);
    assert_eq!(inc.timeline[2].kind, EventKind::Acknowledge);
    assert_eq!(
        at(&inc, MilestoneKind::Acknowledged).as_deref(),
        Some("14:09")
    );
}

/// A report of users told with two times, a title dated with a span of days, users failing
/// "when trying to" do something (a symptom, no theory), and the words a status line uses
/// for support requests, scaling and a verified recovery.
#[test]
fn support_requests_at_two_times_under_a_title_dated_with_a_span() {
    let inc = load("support-requests-and-a-span.md");
    // "(2025-02-11/12)": the incident began on the first day of the span.
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2025-02-11")
    );
    // "23:05 and 23:12 - two support requests": one entry, at the first time, whose text
    // starts after the second.
    let told = &inc.timeline[1];
    assert_eq!(told.at.to_rfc3339(), "2025-02-11T23:05:00+00:00");
    assert!(
        told.text.starts_with("two support requests"),
        "{}",
        told.text
    );
    assert_eq!(told.kind, EventKind::Detection);
    assert_eq!(at(&inc, MilestoneKind::Detected).as_deref(), Some("23:05"));
    // Customers failing "when trying to" download is the symptom, not a theory tried.
    assert_ne!(inc.timeline[2].kind, EventKind::Hypothesis);
    assert!(detours(&inc).is_empty(), "{:?}", detours(&inc));
    assert_eq!(inc.timeline[4].kind, EventKind::Action, "scaling up");
    let closing = &inc.timeline[5];
    assert_eq!(closing.at.to_rfc3339(), "2025-02-12T00:25:00+00:00");
    assert_eq!(closing.kind, EventKind::Resolution, "verified operational");
}
