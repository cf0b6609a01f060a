//! Milestones as postmortems write them: a stated window whose ends carry their own dates, the
//! cause found and fixed in one entry, states of being fixed, and a worded "start" that comes
//! after the fix. Fixtures in tests/fixtures/milestones/.

use std::path::Path;

use retrace::analysis::analyze;
use retrace::ingest::load_path;
use retrace::model::{Incident, MilestoneKind, RuleId};

fn load(name: &str) -> Incident {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/milestones")
        .join(name);
    load_path(&path).expect("fixture imports").incident
}

/// The milestone's instant in UTC as `MM-DD HH:MM`.
fn at(inc: &Incident, m: MilestoneKind) -> Option<String> {
    analyze(inc)
        .milestones
        .at(m)
        .map(|t| t.naive_utc().format("%m-%d %H:%M").to_string())
}

/// The milestone's clock time in UTC as `HH:MM`.
fn hm(inc: &Incident, m: MilestoneKind) -> Option<String> {
    at(inc, m).map(|t| t[6..].to_string())
}

/// The rule that inferred milestone `m`, if it was inferred.
fn rule(inc: &Incident, m: MilestoneKind) -> Option<RuleId> {
    inc.milestones
        .inferred
        .iter()
        .find(|(k, _)| *k == m)
        .map(|(_, why)| why.rule)
}

/// Each (fixture, `HH:MM`) has milestone `m` at that time, inferred by `why`.
fn assert_marked_by(m: MilestoneKind, why: RuleId, cases: &[(&str, &str)]) {
    for (file, when) in cases {
        let inc = load(file);
        assert_eq!(hm(&inc, m).as_deref(), Some(*when), "{file}");
        assert_eq!(rule(&inc, m), Some(why), "{file}");
    }
}

/// "Between 22:40 on March 9, 2024 and 03:05 on March 10, 2024": each end is on its own day,
/// not on the day the timeline starts (which put the start a day late and the end two).
#[test]
fn a_stated_window_keeps_the_dates_written_on_its_ends() {
    use MilestoneKind::*;
    let inc = load("span-with-dates.md");
    assert_eq!(at(&inc, Started).as_deref(), Some("03-09 22:40"));
    assert_eq!(at(&inc, Resolved).as_deref(), Some("03-10 03:05"));
    assert_eq!(at(&inc, Mitigated).as_deref(), Some("03-10 03:05"));
    assert_eq!(rule(&inc, Resolved), Some(RuleId::MilestoneDuration));

    // In prose, with ISO dates and "from ... until".
    let inc = load("span-with-dates-prose.md");
    assert_eq!(at(&inc, Started).as_deref(), Some("08-14 23:15"));
    assert_eq!(at(&inc, Detected).as_deref(), Some("08-15 00:40"));
    assert_eq!(at(&inc, Resolved).as_deref(), Some("08-15 01:20"));
}

/// "identifies the wrong timezone ... and corrects it": the cause found and the fix made in one
/// entry mark both; "working normally" is the state of being fixed.
#[test]
fn the_cause_found_and_fixed_in_one_entry() {
    use MilestoneKind::*;
    let inc = load("identified-and-fixed.md");
    assert_eq!(hm(&inc, Identified).as_deref(), Some("07:31"));
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("07:31"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("07:50"));
    assert_eq!(rule(&inc, Identified), Some(RuleId::KindIdentified));
    assert_eq!(rule(&inc, Resolved), Some(RuleId::KindResolution));
}

/// "The root cause was found: ...", "probably the cause", "fingered as the culprit"; "monitoring
/// shows full recovery" and "running normally ...; incident closed" resolve.
#[test]
fn the_cause_and_the_recovery_in_other_words() {
    use MilestoneKind::*;
    let inc = load("cause-wordings.md");
    assert_eq!(hm(&inc, Identified).as_deref(), Some("10:12"));
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("10:20"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("10:45"));
    assert_eq!(rule(&inc, Resolved), Some(RuleId::KindResolution));

    let inc = load("cause-hedged.md");
    assert_eq!(hm(&inc, Identified).as_deref(), Some("06:05"));
    assert_eq!(rule(&inc, Identified), Some(RuleId::KindIdentifiedWeak));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("07:00"));

    let inc = load("recovery-is-not-a-start.md");
    assert_eq!(hm(&inc, Identified).as_deref(), Some("19:20"));
}

/// "the queue begins to drop" after the cause was found and a fix made is the recovery, not
/// the start of impact. No sign comes before the report that opens the story (the key deploy
/// is hours before it), and the report tells of no failure in its own words ("builds sit in
/// the queue"), so the start stays unknown.
#[test]
fn a_start_worded_after_the_fix_is_not_the_start() {
    use MilestoneKind::*;
    let inc = load("recovery-is-not-a-start.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("15:40"));
    assert_eq!(hm(&inc, Started), None);
}

/// A header that states when the incident was detected and resolved, as a table row
/// (`| **Detected** | `2023-05-10 08:12` |`) or a label (`**Detected:** ...`), gives those
/// milestones; the day it was resolved is not the incident's day.
#[test]
fn a_header_states_detection_and_resolution() {
    use MilestoneKind::*;
    let inc = load("header-table.md");
    assert_eq!(at(&inc, Detected).as_deref(), Some("05-10 08:12"));
    assert_eq!(rule(&inc, Detected), Some(RuleId::MilestoneStatedField));
    assert_eq!(at(&inc, Resolved).as_deref(), Some("05-11 09:30"));
    assert_eq!(at(&inc, Started).as_deref(), Some("05-02 14:00"));
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2023-05-02")
    );

    let inc = load("header-labels.md");
    assert_eq!(at(&inc, Detected).as_deref(), Some("01-16 07:45"));
    assert_eq!(rule(&inc, Detected), Some(RuleId::MilestoneStatedField));
    assert_eq!(at(&inc, Resolved).as_deref(), Some("01-16 11:00"));
    assert_eq!(
        inc.date.map(|d| d.to_string()).as_deref(),
        Some("2024-01-15")
    );

    // "Detected: by a customer" states no time: the timeline's own detection stands.
    let inc = load("header-no-time.md");
    assert_eq!(at(&inc, Detected).as_deref(), Some("06-03 09:40"));
    assert_ne!(rule(&inc, Detected), Some(RuleId::MilestoneStatedField));
}

/// Impact ends no later than the first time the service is said to be back: a fix told after
/// it ("the export job is turned off", "old artefacts are deleted") is follow-up work, not the
/// mitigation.
#[test]
fn mitigated_no_later_than_the_service_is_back() {
    use MilestoneKind::*;
    let inc = load("restored-before-later-fix.md");
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("09:20"));
    assert_eq!(
        rule(&inc, Mitigated),
        Some(RuleId::MilestoneMitigatedAtResolution)
    );

    let inc = load("back-online-before-cleanup.md");
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("01:55"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("01:55"));

    // A fix before the service is back stays the mitigation.
    let inc = load("cause-hedged.md");
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("05:30"));
}

/// Picked up when first said, even inside an entry of another kind ("engineers acknowledge the
/// alert" before "incident declared"); "begins looking", "investigation launched".
#[test]
fn acknowledged_when_first_said() {
    use MilestoneKind::*;
    let inc = load("ack-before-declared.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("02:10"));
    assert_eq!(hm(&inc, Acknowledged).as_deref(), Some("06:00"));

    let inc = load("ack-other-wordings.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("13:00"));
    assert_eq!(hm(&inc, Acknowledged).as_deref(), Some("13:20"));
    // A clue ("the logs reveal") loses to the cause named later ("determines the root cause").
    assert_eq!(hm(&inc, Identified).as_deref(), Some("14:30"));

    let inc = load("ack-third-wording.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("18:02"));
    assert_eq!(hm(&inc, Acknowledged).as_deref(), Some("18:10"));
    assert_eq!(hm(&inc, Identified).as_deref(), Some("18:31"));
    assert_eq!(rule(&inc, Acknowledged), Some(RuleId::KindAcknowledge));
}

/// States of being back in other words: "trees re-opened" (a closed tree open again),
/// "validators report successful recovery"; and impact that starts as a restart loop
/// ("staging immediately started rebooting").
#[test]
fn back_again_and_a_restart_loop_in_other_words() {
    use MilestoneKind::*;
    let inc = load("trees-reopen.md");
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("11:05"));
    assert_eq!(rule(&inc, Resolved), Some(RuleId::KindResolution));

    let inc = load("recovery-reported.md");
    assert_eq!(at(&inc, Resolved).as_deref(), Some("01-02 09:45"));
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("23:10"));

    let inc = load("started-rebooting.md");
    assert_eq!(hm(&inc, Started).as_deref(), Some("17:15"));
    assert_eq!(rule(&inc, Started), Some(RuleId::SignalImpactStart));
}

/// Without an acknowledgement told, the entry that noticed the problem is where it was picked
/// up when its words say someone looked into it ("noticed ... and investigated the issue",
/// "the alert fires; Sam checked the error log").
#[test]
fn picked_up_in_the_entry_that_noticed_it() {
    use MilestoneKind::*;
    for (file, when) in [
        ("noticed-and-investigated.md", "10:00"),
        ("alert-then-checked.md", "23:27"),
    ] {
        let inc = load(file);
        assert_eq!(hm(&inc, Detected).as_deref(), Some(when), "{file}");
        assert_eq!(hm(&inc, Acknowledged).as_deref(), Some(when), "{file}");
        assert_eq!(
            rule(&inc, Acknowledged),
            Some(RuleId::MilestoneFirstResponse),
            "{file}"
        );
    }
    // A detection that says nothing of looking into it: picked up at the next response.
    let inc = load("trees-reopen.md");
    assert_eq!(hm(&inc, Acknowledged).as_deref(), Some("10:40"));
}

/// Recovery under way is the mitigation, full recovery the resolution: "the site begins to
/// recover" (a recovery with no fix told before it), an imperative "Restart the server",
/// "most validators are signing again".
#[test]
fn recovery_under_way_mitigates() {
    use MilestoneKind::*;
    for (file, mitigated, why, resolved) in [
        (
            "begins-to-recover.md",
            "17:45",
            RuleId::MilestoneMitigatedAtRecovery,
            "18:30",
        ),
        (
            "recovery-imperative.md",
            "12:06",
            RuleId::KindMitigation,
            "12:40",
        ),
        (
            "chain-signing-again.md",
            "03:08",
            RuleId::KindMitigation,
            "14:47",
        ),
    ] {
        let inc = load(file);
        assert_eq!(hm(&inc, Mitigated).as_deref(), Some(mitigated), "{file}");
        assert_eq!(rule(&inc, Mitigated), Some(why), "{file}");
        assert_eq!(hm(&inc, Resolved).as_deref(), Some(resolved), "{file}");
    }
    // A recovery before anyone noticed (a node drained for maintenance) is no mitigation.
    let inc = load("drained-before-detection.md");
    assert_eq!(at(&inc, Mitigated), None);
}

/// Being told is not taking it on: "on-call engineer notified via pager" before "investigation
/// began" leaves the acknowledgement at the latter; "identifies that the pods are in a crash
/// loop" is a clue, beaten by the cause named later.
#[test]
fn told_is_not_taken_on_and_a_finding_is_not_the_cause() {
    use MilestoneKind::*;
    let inc = load("told-is-not-taken-on.md");
    // "in a crash loop" after the investigation began is no start of impact.
    assert_eq!(hm(&inc, Started).as_deref(), Some("14:00"));
    assert_eq!(hm(&inc, Detected).as_deref(), Some("14:00"));
    assert_eq!(hm(&inc, Acknowledged).as_deref(), Some("14:10"));
    assert_eq!(hm(&inc, Identified).as_deref(), Some("15:30"));
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("15:45"));
}

/// A state of being fixed that is only hoped for ("working towards full recovery", "we expect
/// all services operating normally", "not yet running normally") is neither mitigation nor
/// resolution.
#[test]
fn a_recovery_hoped_for_is_not_one() {
    use MilestoneKind::*;
    let inc = load("not-yet-recovered.md");
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("11:30"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("11:30"));
    let resolutions = inc
        .timeline
        .iter()
        .filter(|e| e.kind == retrace::model::EventKind::Resolution)
        .count();
    assert_eq!(resolutions, 1);
}

/// "All services operating normally" before anything went wrong ends no impact and is no sign
/// of it: the mitigation is the fix after the alert, not that early line.
#[test]
fn normal_before_the_change_ends_nothing() {
    use MilestoneKind::*;
    let inc = load("normal-before-the-change.md");
    // Nor is it the first sign of impact (the latency alert that follows names no failure).
    assert_eq!(hm(&inc, Started), None);
    assert_eq!(hm(&inc, Detected).as_deref(), Some("09:05"));
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("09:40"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("10:10"));
}

/// The end told in other words: the symptom no longer there ("the search is no longer down",
/// "nothing is failing anymore"), the alarm quiet ("stops firing"), the checks green again,
/// the outage brought to an end. A recovery hoped for ("hopes ... turn green again") or denied
/// ("has not stopped firing") is none.
#[test]
fn the_end_in_other_words() {
    use MilestoneKind::*;
    let inc = load("over-in-other-words.md");
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("09:40"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("10:15"));
    assert_eq!(rule(&inc, Resolved), Some(RuleId::KindResolution));

    let inc = load("alarm-quiet-again.md");
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("13:30"));
    assert_eq!(rule(&inc, Mitigated), Some(RuleId::KindMitigation));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("14:00"));
    let recoveries: Vec<String> = inc
        .timeline
        .iter()
        .filter(|e| e.kind == retrace::model::EventKind::Recovery)
        .map(|e| e.at.format("%H:%M").to_string())
        .collect();
    assert_eq!(recoveries, ["14:00"]);
}

/// An entry that says when impact began gives that time, not its own: "the errors started at
/// 14:10" in the 16:30 entry; "the problems began on March 5 at 11:00 PM" the next morning. A
/// time further on in the sentence ("spread after the 08:10 failover") is no start.
#[test]
fn a_start_said_in_a_later_entry() {
    use MilestoneKind::*;
    let inc = load("start-said-later.md");
    assert_eq!(hm(&inc, Started).as_deref(), Some("14:10"));
    assert_eq!(
        rule(&inc, Started),
        Some(RuleId::MilestoneStartAtStatedTime)
    );
    assert_eq!(hm(&inc, Detected).as_deref(), Some("16:00"));

    let inc = load("start-said-the-day-before.md");
    assert_eq!(at(&inc, Started).as_deref(), Some("03-05 23:00"));
    assert_eq!(at(&inc, Detected).as_deref(), Some("03-06 09:10"));

    let inc = load("start-said-after.md");
    assert_eq!(hm(&inc, Started), None);
    assert_ne!(
        rule(&inc, Started),
        Some(RuleId::MilestoneStartAtStatedTime)
    );
}

/// A "no" or "nothing" a few words before the milestone's words denies it wherever the clause
/// opens: "the report said no malware was detected", "sees nothing identified as a failure".
#[test]
fn a_milestone_denied_mid_clause_is_none() {
    use MilestoneKind::*;
    let inc = load("no-sign-denied.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("10:00"));
    assert_eq!(hm(&inc, Identified).as_deref(), Some("10:50"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("11:10"));
}

/// Reports from people are detection: someone pinging a channel that a page is broken, a
/// customer e-mailing about failing exports, a quoted message opening the entry. A ticket for
/// planned work ("to split the export job") is no report.
#[test]
fn a_report_from_people_is_the_detection() {
    use MilestoneKind::*;
    assert_marked_by(
        Detected,
        RuleId::MilestoneReportedByPeople,
        &[
            ("reported-by-a-person.md", "11:40"),
            ("reported-by-email.md", "14:05"),
            ("reported-quoted.md", "19:05"),
            ("silent-failure-days-before.md", "09:00"),
            // "A customer writes in about failed sign-ins": writing to the team, two words.
            ("reported-by-writing-in.md", "10:09"),
        ],
    );
}

/// Stated figures read with a detection found from a report: the time to detect gives the
/// start; a time to resolve that would end the incident before the report counts from it.
#[test]
fn stated_figures_after_a_reported_detection() {
    use MilestoneKind::*;
    let inc = load("reported-quoted.md");
    assert_eq!(hm(&inc, Started).as_deref(), Some("16:40"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("20:30"));
    assert_eq!(rule(&inc, Resolved), Some(RuleId::MilestoneStatedDuration));
}

/// Milestones in an impossible order: a fix weeks before the detection is the history (a
/// latent change), not the mitigation; the first sign of impact is in the run of entries that
/// leads to the detection, unless an earlier entry tells of a symptom (a failure that went
/// unnoticed for a week).
#[test]
fn progress_and_first_signs_long_before_detection_are_history() {
    use MilestoneKind::*;
    let inc = load("fix-long-before-detection.md");
    for m in [Identified, Mitigated, Resolved] {
        assert!(
            at(&inc, m).is_none_or(|t| t.starts_with("03-21")),
            "{m:?} {:?}",
            at(&inc, m)
        );
    }
    assert_eq!(at(&inc, Mitigated).as_deref(), Some("03-21 10:00"));
    // The alert opens the run of entries that leads to it and tells of the failure itself
    // ("uploads to the gateway time out", as "uploads fail" would): impact began no later than
    // it, not at the change two months before.
    assert_eq!(at(&inc, Started).as_deref(), Some("03-21 08:40"));
    assert_eq!(rule(&inc, Started), Some(RuleId::MilestoneFirstSign));
    // A warning at the entry says why it marks nothing.
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/milestones/fix-long-before-detection.md");
    let loaded = load_path(&path).expect("fixture imports");
    let warned = loaded
        .diagnostics
        .iter()
        .find(|d| d.message.contains("before the detection"))
        .expect("a warning about the early fix");
    assert_eq!(warned.line, 5);

    let inc = load("first-sign-after-a-quiet-gap.md");
    assert_eq!(at(&inc, Started).as_deref(), Some("02-19 08:00"));
    assert_eq!(rule(&inc, Started), Some(RuleId::MilestoneFirstSign));

    let inc = load("silent-failure-days-before.md");
    assert_eq!(at(&inc, Started).as_deref(), Some("05-02 22:10"));
}

/// A full stop inside a word ends no clause: "Manual fix for portal.example.org deployed" is a
/// fix put in place (the mitigation), the last one the end.
#[test]
fn a_fix_for_a_dotted_host_is_a_fix() {
    use MilestoneKind::*;
    let inc = load("fix-for-a-dotted-host.md");
    assert_eq!(at(&inc, Mitigated).as_deref(), Some("07-04 07:05"));
    assert_eq!(at(&inc, Resolved).as_deref(), Some("07-04 07:40"));
}

/// A label naming the impact's span in other words ("Impact window:", "Total impact
/// duration:") states the span: its start is the start.
#[test]
fn an_impact_window_label_states_the_span() {
    use MilestoneKind::*;
    let inc = load("impact-window-label.md");
    assert_eq!(hm(&inc, Started).as_deref(), Some("01:50"));
    assert_eq!(rule(&inc, Started), Some(RuleId::MilestoneDuration));
    let inc = load("total-impact-duration.md");
    assert_eq!(hm(&inc, Started).as_deref(), Some("10:45"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("16:11"));
}

/// Without an identification told, the cause was known at the first fix aimed at it: a PR
/// with a fix (not the restart before it), a revert of a change.
#[test]
fn the_cause_was_known_at_the_first_fix_aimed_at_it() {
    use MilestoneKind::*;
    assert_marked_by(
        Identified,
        RuleId::MilestoneIdentifiedAtFirstFix,
        &[
            ("cause-known-at-first-fix.md", "09:38"),
            ("cause-known-at-revert.md", "19:39"),
            ("reported-by-a-person.md", "12:30"),
        ],
    );
}

/// Without an acknowledgement told, a person who noticed it took it on there; an alarm or a
/// report passed on is picked up at the next response.
#[test]
fn picked_up_by_whoever_noticed_it() {
    use MilestoneKind::*;
    assert_marked_by(
        Acknowledged,
        RuleId::MilestoneAcknowledgedByWhoNoticed,
        &[
            ("noticed-by-a-responder.md", "12:09"),
            ("cause-known-at-revert.md", "19:26"),
        ],
    );
    let inc = load("cause-known-at-first-fix.md");
    assert_eq!(hm(&inc, Acknowledged).as_deref(), Some("09:30"));
    assert_eq!(
        rule(&inc, Acknowledged),
        Some(RuleId::MilestoneFirstResponse)
    );
}

/// A status set or changed to "resolved" ends the incident: "to" before a past participle
/// names a state reached, not an intent ("working to resolve" is none).
#[test]
fn a_status_set_to_resolved_ends_the_incident() {
    use MilestoneKind::*;
    for (file, mitigated, resolved) in [
        ("status-set-to-resolved.md", "10:40", "11:00"),
        ("status-changed-to-resolved.md", "08:30", "09:10"),
    ] {
        let inc = load(file);
        assert_eq!(hm(&inc, Mitigated).as_deref(), Some(mitigated), "{file}");
        assert_eq!(hm(&inc, Resolved).as_deref(), Some(resolved), "{file}");
        assert_eq!(rule(&inc, Resolved), Some(RuleId::KindResolution), "{file}");
    }
}

/// Without any detection told, the first finding on the timeline ("irregular amounts
/// discovered", "the morning check revealed gaps") is where the problem was noticed.
#[test]
fn the_first_finding_is_the_detection_when_none_is_told() {
    use MilestoneKind::*;
    assert_marked_by(
        Detected,
        RuleId::MilestoneDetectedAtFirstFinding,
        &[
            ("first-finding-is-the-detection.md", "10:12"),
            ("first-finding-revealed.md", "02:30"),
        ],
    );
    // A detection told wins over an earlier clue.
    let inc = load("reported-by-a-person.md");
    assert_eq!(
        rule(&inc, Detected),
        Some(RuleId::MilestoneReportedByPeople)
    );
}

/// Noticed no later than picked up: an acknowledgement told before any detection ("initial
/// investigation started" before "reported internally", "engineers respond to alarms" before a
/// ticket is opened), or with none told ("an auditor notified the team"), is the detection too.
#[test]
fn detected_no_later_than_acknowledged() {
    use MilestoneKind::*;
    assert_marked_by(
        Detected,
        RuleId::MilestoneDetectedByAcknowledgement,
        &[
            ("ack-before-detection.md", "09:00"),
            ("ack-without-detection.md", "13:35"),
            ("ack-responders-before-alert.md", "16:52"),
        ],
    );
    // A detection told first is kept.
    let inc = load("ack-before-declared.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("02:10"));
}

/// Picked up by whoever noticed it, though the detection's own words are a message's ("the
/// monitor sends emails about the outage which we notice", "support emails about empty
/// exports; Dana becomes aware of them") or "becomes aware".
#[test]
fn picked_up_by_who_noticed_in_other_words() {
    use MilestoneKind::*;
    assert_marked_by(
        Acknowledged,
        RuleId::MilestoneAcknowledgedByWhoNoticed,
        &[
            ("noticed-alert-mail.md", "16:30"),
            ("noticed-becomes-aware.md", "21:45"),
            ("noticed-support-email.md", "09:06"),
        ],
    );
    // Nobody noticed the message: picked up at the first response.
    let inc = load("noticed-by-nobody.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("02:00"));
    assert_eq!(hm(&inc, Acknowledged).as_deref(), Some("08:10"));
}

/// A hotfix written, posted for review or prepared is not yet in place ("posts a hotfix PR",
/// "hot fix prepared for internal review", "finishes writing a hotfix"): the mitigation is
/// where it goes out ("deploys the hotfix", "applied the hotfix"). The fix aimed at the cause
/// still tells the cause was known.
#[test]
fn a_hotfix_written_is_not_a_hotfix_deployed() {
    use MilestoneKind::*;
    let inc = load("hotfix-written-then-deployed.md");
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("14:31"));
    assert_eq!(hm(&inc, Identified).as_deref(), Some("13:19"));
    let inc = load("hotfix-applied.md");
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("10:25"));
    assert_eq!(rule(&inc, Mitigated), Some(RuleId::KindMitigation));
    // Without an article, and shipped: "Deployed hotfix 4.2.1" (the PR opened before is not).
    let inc = load("hotfix-shipped.md");
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("10:05"));
}

/// Nothing is mitigated before impact began: a fix released with the start of the outage
/// ("... is released to stable <START OF OUTAGE>"), a restart before a stated window ("lasted
/// from 21:40"), a patch deployed that starts the errors: the mitigation is the first one after
/// the start, else the resolution.
#[test]
fn nothing_is_mitigated_before_impact_began() {
    use MilestoneKind::*;
    assert_marked_by(
        Mitigated,
        RuleId::MilestoneMitigatedAfterStart,
        &[
            ("fix-before-stated-window.md", "23:44"),
            ("patch-deployed-errors-start.md", "09:40"),
        ],
    );
    let inc = load("fix-released-starts-outage.md");
    assert_eq!(hm(&inc, Started).as_deref(), Some("02:15"));
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("21:34"));
}

/// A detection told without any problem ("reports that the release candidate passes the local
/// upgrade test") days before one that tells of the fault is lead-up: the detection is the
/// report of the errors. One told the same day, or the only one, still counts.
#[test]
fn a_report_of_no_problem_days_before_the_fault_is_not_the_detection() {
    let inc = load("detection-of-no-problem-days-before.md");
    assert_eq!(
        at(&inc, MilestoneKind::Detected).as_deref(),
        Some("06-16 11:04")
    );
    let md = "# X\n\nDate: 2025-06-16\n\n## Timeline (UTC)\n\n- 10:00 Reports that the nightly test passes.\n- 10:30 Reports of errors from users.\n";
    let dir = std::env::temp_dir().join(format!("retrace-detect-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("same-day.md");
    std::fs::write(&path, md).unwrap();
    let inc = load_path(&path).expect("imports").incident;
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(
        at(&inc, MilestoneKind::Detected).as_deref(),
        Some("06-16 10:00")
    );
}

/// A timeline that opens with the detection in words of a failure ("Alert: error rate above
/// 5%"): impact began no later than that first sign. A start the text tells that falls after
/// the detection (a stated span from 14:20 while users wrote in at 14:00, words of no failure)
/// is dropped with a warning, and the report tells none.
#[test]
fn a_start_told_after_the_detection_is_bounded_by_it() {
    use MilestoneKind::*;
    let inc = load("opens-with-the-alert.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("08:12"));
    assert_eq!(hm(&inc, Started).as_deref(), Some("08:12"));
    assert_eq!(rule(&inc, Started), Some(RuleId::MilestoneFirstSign));

    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/milestones/span-after-the-report.md");
    let loaded = load_path(&path).expect("fixture imports");
    let inc = loaded.incident;
    assert_eq!(hm(&inc, Detected).as_deref(), Some("14:00"));
    assert_eq!(hm(&inc, Started), None);
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.message.contains("is after its detection")),
        "{:?}",
        loaded.diagnostics
    );
}

/// An acknowledgement told before any detection ("Incident declared") after an entry where a
/// person noticed the problem in words the lexicon gives no detection ("becomes aware that the
/// export files are empty"): noticed at that entry, not when it was declared.
#[test]
fn noticed_before_it_was_declared() {
    assert_marked_by(
        MilestoneKind::Detected,
        RuleId::MilestoneDetectedAtNoticing,
        &[("noticed-then-declared.md", "09:50")],
    );
    let inc = load("noticed-then-declared.md");
    assert_eq!(
        hm(&inc, MilestoneKind::Acknowledged).as_deref(),
        Some("10:05")
    );
}

/// Without a resolution told, the closing entry that says the problem is over in words of a
/// state (fixed, all good, the alert closed, gates reopen) is the resolution; a fix still
/// planned ("to be fixed tomorrow"), a symptom again ("the alert fires again") or a bare
/// "again", "end" or "ends" ("meet again on Monday", "end users", "work ends for today") is
/// not.
#[test]
fn the_closing_entry_in_a_state_of_being_over_resolves() {
    assert_marked_by(
        MilestoneKind::Resolved,
        RuleId::MilestoneResolvedAtClosingEntry,
        &[
            ("closing-bug-fixed.md", "15:10"),
            ("closing-all-good.md", "15:10"),
            ("closing-alert-closed.md", "15:10"),
            ("closing-gates-reopen.md", "15:10"),
        ],
    );
    // "again", "end" and "ends" alone say nothing is over: "meet again", "end users", "the
    // work ends for today".
    for file in [
        "closing-planned.md",
        "closing-alert-again.md",
        "closing-meet-again.md",
        "closing-end-users.md",
        "closing-work-ends.md",
    ] {
        let inc = load(file);
        assert_ne!(
            hm(&inc, MilestoneKind::Resolved).as_deref(),
            Some("15:10"),
            "{file}"
        );
        assert_ne!(
            rule(&inc, MilestoneKind::Resolved),
            Some(RuleId::MilestoneResolvedAtClosingEntry),
            "{file}"
        );
    }
}

/// `import --explain` lists each rule with a space between its id and its explanation, even
/// for an id of 35 characters or more (`milestone:resolved-at-closing-entry`).
#[test]
fn a_long_rule_id_keeps_a_space_before_its_explanation() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_retrace"))
        .args(["import", "--explain"])
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/milestones/closing-bug-fixed.md"),
        )
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let id = RuleId::MilestoneResolvedAtClosingEntry;
    assert!(id.name().len() >= 35, "{}", id.name());
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with(id.name()))
        .unwrap_or_else(|| panic!("{} not listed:\n{text}", id.name()));
    assert_eq!(line, format!("  {} {}", id.name(), id.explain()));
}

/// A stated span that starts after the detection (the outage "lasted from 14:20" while the
/// alert that the tile server is down fired at 14:00) is dropped; the alert's own words tell
/// of the failure, so impact began no later than the alert (`milestone:started-by-detection`).
#[test]
fn a_start_told_after_a_failing_detection_is_bounded_by_it() {
    use MilestoneKind::*;
    let inc = load("span-after-the-outage.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("14:00"));
    assert_eq!(hm(&inc, Started).as_deref(), Some("14:00"));
    assert_eq!(
        rule(&inc, Started),
        Some(RuleId::MilestoneStartedByDetection)
    );
}

/// A timeline that opens with the detection began no later than it when the detection's own
/// words tell of a failure (`milestone:first-sign`: "the invoice renderer error rate is above
/// 5%"). One that tells only that it was seen (a customer's e-mail, a person noticing an empty
/// report) says when the problem was seen, not when it began: no start.
#[test]
fn an_opening_detection_starts_only_in_words_of_a_failure() {
    use MilestoneKind::*;
    let inc = load("opens-with-the-alert.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("08:12"));
    assert_eq!(hm(&inc, Started).as_deref(), Some("08:12"));
    assert_eq!(rule(&inc, Started), Some(RuleId::MilestoneFirstSign));
    for (file, detected) in [
        ("opens-with-a-report.md", "10:14"),
        ("opens-with-noticing.md", "07:45"),
    ] {
        let inc = load(file);
        assert_eq!(hm(&inc, Detected).as_deref(), Some(detected), "{file}");
        assert_eq!(hm(&inc, Started), None, "{file}");
    }
}

/// A change that opens the timeline (rolled out, merged and deployed) with the problem noticed
/// within two hours of it is where impact began (`milestone:started-at-opening-change`); one
/// made eleven hours before the first report is the history, and the report (an invoice off by
/// one cent, no failure word) tells no start.
#[test]
fn a_change_that_opens_the_timeline_starts_the_impact() {
    use MilestoneKind::*;
    assert_marked_by(
        Started,
        RuleId::MilestoneStartedAtOpeningChange,
        &[
            ("opening-change-rolled-out.md", "16:02"),
            ("opening-change-merged.md", "09:10"),
        ],
    );
    let inc = load("opening-change-long-before.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("19:30"));
    assert_eq!(hm(&inc, Started), None);
}

/// A heading that states the outage's span after a summary's label ("Incident Summary:
/// Duration: 1 hour 45 minutes (13:15 - 15:00 UTC)") gives its ends as a summary line would:
/// impact began at 13:15, before the complaints were noticed at 13:30.
#[test]
fn a_span_stated_in_a_heading_gives_the_start() {
    use MilestoneKind::*;
    let inc = load("span-in-a-heading.md");
    assert_eq!(hm(&inc, Started).as_deref(), Some("13:15"));
    assert_eq!(rule(&inc, Started), Some(RuleId::MilestoneDuration));
    assert_eq!(hm(&inc, Detected).as_deref(), Some("13:30"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("15:00"));
}

/// Two times in two sentences of the summary ("first seen at 09:40 UTC when the alarm fired.
/// A planned broker restart at 10:30 UTC went ahead") are two moments, not the outage's span:
/// neither gives `started` nor `resolved` (`milestone:duration`).
#[test]
fn two_times_in_two_sentences_are_no_span() {
    use MilestoneKind::*;
    let inc = load("two-times-two-sentences.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("09:40"));
    assert_ne!(rule(&inc, Started), Some(RuleId::MilestoneDuration));
    assert_ne!(rule(&inc, Resolved), Some(RuleId::MilestoneDuration));
    assert_ne!(hm(&inc, Resolved).as_deref(), Some("10:30"));
}

/// Neither a start nor a detection told, and the timeline opens with its lead-up (a rollout, a
/// credential rotation): the first entry that tells of a failure in plain words ("notice that
/// the nightly sync failed", "the export job fails", "keeps crashing") is where impact began
/// (`milestone:started-at-first-failure`). A problem told before it ("a crash in the
/// scheduler") or someone already investigating ("we are investigating reports") says the
/// failure began earlier: no start from this rule.
#[test]
fn the_first_told_failure_starts_an_incident_nobody_is_said_to_detect() {
    assert_marked_by(
        MilestoneKind::Started,
        RuleId::MilestoneStartedAtFirstFailure,
        &[
            ("first-failure-notice.md", "08:25"),
            ("first-failure-fails.md", "08:25"),
            ("first-failure-crashing.md", "08:25"),
        ],
    );
    for file in [
        "first-failure-after-investigating.md",
        "first-failure-after-a-problem.md",
    ] {
        let inc = load(file);
        assert_ne!(
            rule(&inc, MilestoneKind::Started),
            Some(RuleId::MilestoneStartedAtFirstFailure),
            "{file}"
        );
        assert_ne!(
            hm(&inc, MilestoneKind::Started).as_deref(),
            Some("08:25"),
            "{file}"
        );
    }
}

/// Users who complain tell of a problem by that word alone ("users started to complain about
/// pipelines not running"): the entry is a report from people, the detection.
#[test]
fn a_complaint_is_a_report_without_another_word_of_a_problem() {
    assert_marked_by(
        MilestoneKind::Detected,
        RuleId::MilestoneReportedByPeople,
        &[("complaint-is-a-report.md", "08:30")],
    );
}

/// The closing entry ends the incident when it names the symptom that is over ("the error was
/// transient and is fixed"), says a step is done ("reindex of every shard completed", "confirmed
/// successfully", "natural resolution"), or is followed only by announcements of the recovery,
/// even when it is a change ("release 5.1.1 was rolled out again successfully"); a symptom told after
/// the end ("config fixed, but the indexer still crashes") ends nothing.
#[test]
fn a_closing_entry_that_names_its_symptom_or_says_done_resolves() {
    assert_marked_by(
        MilestoneKind::Resolved,
        RuleId::MilestoneResolvedAtClosingEntry,
        &[
            ("closing-error-is-fixed.md", "15:10"),
            ("closing-recovery-completed.md", "15:10"),
            ("closing-confirmed-successfully.md", "15:10"),
            ("closing-then-announced.md", "15:10"),
            ("closing-natural-resolution.md", "02:43"),
        ],
    );
    // A change that closes the story in words of an end: the re-release that went well.
    let inc = load("closing-rerelease-successful.md");
    assert_eq!(
        at(&inc, MilestoneKind::Resolved).as_deref(),
        Some("03-06 12:04")
    );
    assert_eq!(
        rule(&inc, MilestoneKind::Resolved),
        Some(RuleId::MilestoneResolvedAtClosingEntry)
    );
    let inc = load("closing-still-crashing.md");
    assert_eq!(hm(&inc, MilestoneKind::Resolved), None);
}

/// A start worded on an entry ("ledger writes halted", "participation starts dropping") comes
/// after an entry that already tells of the failure ("wrong balance written", "nodes start
/// having issues") minutes before it: impact began with the earlier entry
/// (`milestone:started-at-earlier-failure`). Hours before, the earlier entry is the history
/// and the worded start stands.
#[test]
fn a_failure_told_shortly_before_a_worded_start_is_the_start() {
    assert_marked_by(
        MilestoneKind::Started,
        RuleId::MilestoneStartedAtEarlierFailure,
        &[
            ("earlier-failure-wrong.md", "02:51"),
            ("earlier-failure-issues.md", "02:45"),
        ],
    );
    let inc = load("earlier-failure-hours-before.md");
    assert_eq!(hm(&inc, MilestoneKind::Started).as_deref(), Some("02:58"));
    assert_eq!(
        rule(&inc, MilestoneKind::Started),
        Some(RuleId::SignalImpactStart)
    );
}

/// A timeline that opens with the detection told as someone seeing or telling of the failure
/// ("the web shop being down was detected by the security team", "first noticed that the
/// sign-up page was giving an error") says when it was seen: it may have begun long before, so
/// no start. Told as the failure met by those it hits ("users encountered 504 errors"), the
/// detection is where impact began at the latest (`milestone:first-sign`).
#[test]
fn an_opening_detection_told_as_seen_starts_nothing() {
    use MilestoneKind::*;
    for (file, detected) in [
        ("opens-with-detected-outage.md", "06:00"),
        ("opens-with-noticed-error.md", "15:26"),
    ] {
        let inc = load(file);
        assert_eq!(hm(&inc, Detected).as_deref(), Some(detected), "{file}");
        assert_eq!(hm(&inc, Started), None, "{file}");
    }
    assert_marked_by(
        Started,
        RuleId::MilestoneFirstSign,
        &[("opens-with-users-hitting-errors.md", "08:00")],
    );
}

/// No detection told: the first entry where a person notices the problem ("we are aware of the
/// dashboard being intermittently inaccessible", "notice that the nightly sync failed") is the
/// detection (`milestone:detected-at-first-noticing`). A finding about the way out
/// ("discovered that the stuck pods can be force-deleted") notices no problem.
#[test]
fn the_first_person_noticing_detects_when_nothing_else_does() {
    assert_marked_by(
        MilestoneKind::Detected,
        RuleId::MilestoneDetectedAtFirstNoticing,
        &[
            ("noticing-we-are-aware.md", "19:10"),
            ("first-failure-notice.md", "08:25"),
        ],
    );
    let inc = load("noticing-a-way-out.md");
    assert_eq!(hm(&inc, MilestoneKind::Detected), None);
}

/// Without an acknowledgement told, the incident was picked up at the first response after the
/// detection; the cause found ("root cause identified: an expired certificate") is a finding,
/// not where someone took the incident on.
#[test]
fn a_finding_is_not_the_first_response() {
    let inc = load("first-response-not-a-finding.md");
    assert_eq!(hm(&inc, MilestoneKind::Detected).as_deref(), Some("09:00"));
    assert_eq!(
        hm(&inc, MilestoneKind::Identified).as_deref(),
        Some("09:20")
    );
    assert_ne!(
        hm(&inc, MilestoneKind::Acknowledged).as_deref(),
        Some("09:20")
    );
}

/// A failure told before a worded start but apart from it is another story: the start the
/// author wrote ("Impact started: checkout requests began returning 500 errors") stays, though
/// a staging build failed half an hour before; and a pipeline that failed on a flaky lint step
/// before a release reached production does not move "logins started failing" back to it.
#[test]
fn a_failure_apart_from_a_worded_start_is_not_the_start() {
    for (file, started) in [
        ("earlier-failure-unrelated-build.md", "09:00"),
        ("earlier-failure-before-a-deploy.md", "09:40"),
    ] {
        let inc = load(file);
        assert_eq!(
            hm(&inc, MilestoneKind::Started).as_deref(),
            Some(started),
            "{file}"
        );
        assert_ne!(
            rule(&inc, MilestoneKind::Started),
            Some(RuleId::MilestoneStartedAtEarlierFailure),
            "{file}"
        );
    }
}

/// Nobody notices anything in "moved the batch jobs to spot instances" (a kind of machine) nor
/// in "the cache-aware scheduler" (one word, joined by its hyphen): neither is the detection,
/// and the failure told after it ("checkout error rate reached 30%") is where impact began.
#[test]
fn spot_instances_and_a_cache_aware_scheduler_notice_nothing() {
    let inc = load("noticing-spot-instances.md");
    assert_eq!(hm(&inc, MilestoneKind::Detected), None);
    assert_eq!(hm(&inc, MilestoneKind::Started).as_deref(), Some("09:30"));
    let inc = load("noticing-cache-aware.md");
    assert_ne!(
        rule(&inc, MilestoneKind::Detected),
        Some(RuleId::MilestoneDetectedAtFirstNoticing)
    );
}

/// "Sam checked the logs after the deploy and noticed no errors": a check that found nothing
/// is no detection, and the failure told after it ("checkout error rate reached 30%") is where
/// impact began, not a start "after its detection" left out.
#[test]
fn noticing_no_errors_is_no_detection() {
    let inc = load("noticing-no-errors.md");
    assert_eq!(hm(&inc, MilestoneKind::Detected), None);
    assert_eq!(hm(&inc, MilestoneKind::Started).as_deref(), Some("09:30"));
}

/// "Li handed the incident over to the next shift; the API is not healthy yet" ends nothing:
/// "incident over" marks the end only standing alone ("09:30 Incident over").
#[test]
fn an_incident_handed_over_is_not_over() {
    let inc = load("closing-handed-over.md");
    assert_ne!(hm(&inc, MilestoneKind::Resolved).as_deref(), Some("09:30"));
    let inc = load("closing-incident-over.md");
    assert_eq!(hm(&inc, MilestoneKind::Resolved).as_deref(), Some("09:30"));
}

/// "Li noticed that the deploy log wasn't complete and re-ran the deploy job" sees something
/// amiss, not the cause: the cause is known at the rollback that fixes it (09:30).
#[test]
fn noticing_that_something_is_wrong_is_not_the_cause_found() {
    let inc = load("noticed-a-log-not-the-cause.md");
    assert_ne!(
        hm(&inc, MilestoneKind::Identified).as_deref(),
        Some("09:10")
    );
}

#[test]
fn a_status_pages_updates_in_its_own_words() {
    // "We are looking into …" is the provider taking the incident on; "A fix has been implemented" is
    // the "Monitoring" update's mitigation, in the perfect tense.
    let inc = load("status-page-updates.md");
    assert_eq!(
        hm(&inc, MilestoneKind::Acknowledged).as_deref(),
        Some("14:48")
    );
    assert_eq!(
        hm(&inc, MilestoneKind::Identified).as_deref(),
        Some("15:10")
    );
    assert_eq!(hm(&inc, MilestoneKind::Mitigated).as_deref(), Some("15:30"));
    assert_eq!(hm(&inc, MilestoneKind::Resolved).as_deref(), Some("16:05"));
}

/// A header span that ends before anyone noticed (`Time: 06:10-06:16` over a report at 17:45)
/// is the window of the change that caused it, not the outage: it does not end the incident
/// before it was seen; the last fix does.
#[test]
fn a_stated_window_that_ends_before_the_detection_is_not_the_end() {
    use MilestoneKind::*;
    let inc = load("change-window-before-report.md");
    assert_eq!(hm(&inc, Started).as_deref(), Some("06:10"));
    assert_eq!(hm(&inc, Detected).as_deref(), Some("17:45"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("21:05"));
}

/// A participle after an article describes a thing, it tells of no act: "found pointing at a
/// drained pool" is the cause found, not a recovery (the pool drained), so the mitigation is
/// the pool re-enabled after it; "a patched binary is published" still tells of the fix.
#[test]
fn a_participle_after_an_article_is_no_act() {
    use MilestoneKind::*;
    let inc = load("opens-with-users-hitting-errors.md");
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("08:35"));
    let inc = load("recovery-reported.md");
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("23:10"));
}

/// Timelines told in the present ("Ops reverts the indexer", "Noor finds that …", "a customer
/// reports …") read as those told in the past: the lexicon's phrases are compiled in each
/// tense. And the plain words of a response: graphs turning red or dashboards showing elevated
/// errors (detection), a huddle (acknowledgement), a call to a vendor (the first response),
/// traffic moved to a backup (mitigation).
#[test]
fn the_historic_present_and_plain_words_of_the_response_give_milestones() {
    use MilestoneKind::*;
    let inc = load("historic-present.md");
    assert_eq!(hm(&inc, Started).as_deref(), Some("10:05"));
    assert_eq!(hm(&inc, Detected).as_deref(), Some("10:06"));
    assert_eq!(hm(&inc, Acknowledged).as_deref(), Some("10:09"));
    assert_eq!(hm(&inc, Identified).as_deref(), Some("10:14"));
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("10:18"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("10:40"));

    let inc = load("historic-present-traffic.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("14:06"));
    assert_eq!(hm(&inc, Acknowledged).as_deref(), Some("14:07"));
    assert_eq!(
        rule(&inc, Acknowledged),
        Some(RuleId::MilestoneFirstResponse)
    );
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("14:40"));
}

/// What comes before the change that set the incident off is lead-up ("the team agrees to
/// ship the change today"), not its first sign: with the rollout at 14:00 and the first report
/// at 16:20, the start is not 09:00.
#[test]
fn lead_up_before_the_change_is_no_first_sign() {
    use MilestoneKind::*;
    let inc = load("lead-up-before-the-change.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("16:20"));
    assert_ne!(hm(&inc, Started).as_deref(), Some("09:00"));
}

/// An alert dismissed as expected (a planned restart pages the on-call) is no detection: the
/// problem was noticed when users reported it.
#[test]
fn an_alert_dismissed_as_expected_detects_nothing() {
    let inc = load("alert-dismissed-as-expected.md");
    assert_eq!(hm(&inc, MilestoneKind::Detected).as_deref(), Some("18:40"));
}

/// An entry with a day but no clock ("2025-04-03 ?: …") is placed at the start of its day but
/// has no time of its own: it is no first sign (the start stays unknown rather than midnight).
/// The report received is the detection, the key revoked the mitigation.
#[test]
fn an_entry_without_a_clock_gives_no_milestone() {
    use MilestoneKind::*;
    let inc = load("day-only-first-line.md");
    assert_eq!(inc.timeline.len(), 4);
    assert_eq!(hm(&inc, Started), None);
    assert_eq!(hm(&inc, Detected).as_deref(), Some("09:40"));
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("09:55"));
}

/// A problem found by surprise ("checked in on the jobs, only to find the cluster full of
/// pods in an unknown state") is the detection; an incident call started is the
/// acknowledgement.
#[test]
fn found_by_surprise_and_an_incident_call() {
    use MilestoneKind::*;
    let inc = load("found-by-surprise.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("16:45"));
    assert_eq!(hm(&inc, Acknowledged).as_deref(), Some("16:50"));
}

/// A report's list of key events (`- **Key events**` / `First detected 2025-05-20 10:05`, each
/// item a label before its stamp) states its milestones, and is read beside the story's timed
/// list under another name (`- **Context**:`); the report's next field (`- **Identified**:`)
/// ends the list and is no part of its last entry.
#[test]
fn a_list_of_key_events_states_the_milestones() {
    use MilestoneKind::*;
    let inc = load("key-events-list.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("10:05"));
    assert_eq!(hm(&inc, Acknowledged).as_deref(), Some("10:12"));
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("10:20"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("12:30"));
    // The key events (4) and the context's entries (6), all of them.
    assert_eq!(inc.timeline.len(), 10, "{:#?}", inc.timeline);
    let first_detected = inc
        .timeline
        .iter()
        .find(|e| &*e.text == "First detected")
        .expect("the key event is an entry of its own");
    assert_eq!(first_detected.kind, retrace::model::EventKind::Detection);
    // "Resolved" keeps its own words: the field after the list is not appended to it.
    assert!(
        inc.timeline
            .iter()
            .all(|e| !e.text.contains("billing team")),
        "{:#?}",
        inc.timeline
    );
}

/// A status page's first state, "Investigating: … Investigating.", is the team taking it on
/// (`marker:acknowledge`): acknowledged then, and the problem noticed no later.
#[test]
fn a_status_page_investigating_update_is_the_acknowledgement() {
    use MilestoneKind::*;
    let inc = load("status-page-investigating.md");
    assert_eq!(hm(&inc, Acknowledged).as_deref(), Some("09:21"));
    assert_eq!(hm(&inc, Detected).as_deref(), Some("09:21"));
    let first = &inc.timeline[0];
    assert_eq!(first.kind, retrace::model::EventKind::Acknowledge);
    assert_eq!(
        first.inferred.as_ref().map(|w| w.rule),
        Some(RuleId::MarkerAcknowledge)
    );
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("10:05"));
}

/// A ticket closed after the service was said to be back ("Priority 1 ticket marked as
/// resolved" an hour after "service restored") is paperwork: the incident ended at the
/// restoration.
#[test]
fn a_ticket_closed_after_the_restoration_is_not_the_end() {
    let inc = load("ticket-closed-after-restored.md");
    assert_eq!(hm(&inc, MilestoneKind::Resolved).as_deref(), Some("09:40"));
}

/// "Resolved in 2 hours and 2 minutes from the time of report": the end is counted from the
/// detection, when no entry says when it ended; a duration with no report to count from
/// ("took 40 minutes to find") gives nothing.
#[test]
fn an_end_counted_from_the_report() {
    let inc = load("resolved-after-report.md");
    assert_eq!(hm(&inc, MilestoneKind::Detected).as_deref(), Some("16:37"));
    assert_eq!(hm(&inc, MilestoneKind::Resolved).as_deref(), Some("18:39"));
    assert_eq!(
        rule(&inc, MilestoneKind::Resolved),
        Some(RuleId::MilestoneStatedDuration)
    );
}

/// A status page's first update tells when the problem began ("an outage affecting the campus
/// network beginning at approximately 1:50 PM ET today"): impact started then, in that day's
/// season (EDT in July), though the update was posted later.
#[test]
fn a_start_told_inside_a_status_update() {
    let inc = load("start-told-in-status-update.md");
    assert_eq!(
        at(&inc, MilestoneKind::Started).as_deref(),
        Some("07-09 17:50")
    );
    assert_eq!(
        rule(&inc, MilestoneKind::Started),
        Some(RuleId::MilestoneStartAtStatedTime)
    );
    assert_eq!(
        at(&inc, MilestoneKind::Resolved).as_deref(),
        Some("07-13 23:37")
    );
}

/// The report's own window ("from about 1:20pm until 3:40pm") ends after the entry worded as
/// the end ("ingest speed back to normal" at 2:05), and an entry tells that moment ("the
/// dashboard was caught back up"): the incident ended with the window, not the first words of
/// an end.
#[test]
fn the_reports_window_ends_it_when_an_entry_tells_that_moment() {
    let inc = load("window-end-after-worded-end.md");
    assert_eq!(hm(&inc, MilestoneKind::Started).as_deref(), Some("20:20"));
    assert_eq!(hm(&inc, MilestoneKind::Resolved).as_deref(), Some("22:40"));
}

/// Ordinary shapes the session's new readings must leave alone (each once misread by them):
/// hour ranges over noon, a schedule, a ticket updated with the end, a customer's ticket,
/// words of staging and of other clusters, a red team's exercise, a plan counted from the
/// report, a maintenance window, a denial, a nightly job, a title between two rules.
#[test]
fn the_new_readings_of_session_18_leave_ordinary_shapes_alone() {
    use MilestoneKind::*;
    let story = |timeline: &str, prose: &str| {
        let text = format!(
            "# Checkout outage\n\nDate: 2025-05-06\n\n{prose}\n\n## Timeline\n\n{timeline}\n"
        );
        retrace::ingest::load_str(Path::new("x.md"), &text)
            .expect("imports")
            .incident
    };
    // An hour range over noon starts in the morning.
    let inc = story(
        "- 10-2pm UTC - Checkout degraded for some users\n- 10:20 UTC - Alert fires for checkout\n- 13:00 UTC - Service restored",
        "",
    );
    assert_eq!(hm(&inc, Detected).as_deref(), Some("10:20"));
    assert_eq!(at(&inc, Resolved).as_deref(), Some("05-06 13:00"));
    // A schedule is no span of the incident.
    let inc = story(
        "- 02:00 UTC - The export job starts\n- 02:30 UTC - Alert: the export job is stuck\n- 07:00 UTC - Export finished, all good",
        "The export job normally runs 1-3am UTC. On May 6 it started at 2am UTC and did not finish until 7am UTC.",
    );
    assert_ne!(hm(&inc, Started).as_deref(), Some("01:00"));
    // The end told with a ticket updated is the end.
    let inc = story(
        "- 09:50 UTC - Alert fires for errors in two regions\n- 10:20 UTC - eu-west-1 service restored\n- 11:30 UTC - us-east-1 service restored after a cache flush; incident resolved and ticket updated",
        "",
    );
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("11:30"));
    // A customer's ticket to us is a report.
    let inc = story(
        "- 09:55 UTC - Acme Corp filed a ticket with our support team: dashboards are blank\n- 10:10 UTC - On-call engineer starts investigating\n- 10:40 UTC - Dashboards restored",
        "",
    );
    assert_eq!(hm(&inc, Detected).as_deref(), Some("09:55"));
    // What a build did in staging, or a new cluster's first instance, is no detection.
    let inc = story(
        "- 07:45 UTC - First instance of the new cache cluster brought up\n- 07:50 UTC - The same build was seen in staging for two days without problems\n- 08:12 UTC - Alert fires: checkout errors\n- 09:00 UTC - Rolled back, errors stop",
        "",
    );
    assert_eq!(hm(&inc, Detected).as_deref(), Some("08:12"));
    // A red team's first attack scenario is no start of impact.
    let inc = story(
        "- 10:00 UTC - Red team exercise: first attack scenario run against staging\n- 11:30 UTC - Checkout starts returning 502s\n- 11:40 UTC - Alert fires\n- 12:10 UTC - Checkout restored",
        "",
    );
    assert_ne!(hm(&inc, Started).as_deref(), Some("10:00"));
    // A fix verified in staging relieves nothing.
    let inc = story(
        "- 09:40 UTC - Alert fires: logins fail\n- 10:10 UTC - Fix verified in staging with new credentials\n- 11:30 UTC - Fix deployed to production, logins work",
        "",
    );
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("11:30"));
    // A target counted from the report is no end.
    let inc = story(
        "- 09:00 UTC - Alert fires: queue lag\n- 09:30 UTC - Consumers restarted\n- 10:30 UTC - Consumers caught up",
        "Incidents of this kind should be resolved within 4 hours of the first report.",
    );
    assert_ne!(hm(&inc, Resolved).as_deref(), Some("13:00"));
    // A maintenance window is no outage's span.
    let inc = story(
        "- 02:00 UTC - Maintenance starts\n- 02:10 UTC - Alert fires: API errors\n- 02:40 UTC - API back to normal\n- 04:00 UTC - Maintenance window closes",
        "Maintenance window: from 02:00 UTC until 04:00 UTC.",
    );
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("02:40"));
    // A denial is no start told.
    let inc = story(
        "- 14:10 UTC - Investigating - we see elevated errors. The issue is not related to the maintenance that began at 13:00.\n- 14:50 UTC - Resolved",
        "",
    );
    assert_ne!(hm(&inc, Started).as_deref(), Some("13:00"));
    // A nightly job after the timeline is no moment of the incident.
    let text = "# Replica lag\n\nDate: 2025-05-06\n\n## Timeline\n\n- 02:10 UTC - Alert: replica lag\n- 03:00 UTC - Lag back to normal\n\n## Background\n\nAt 01:00 UTC every night the backup job snapshots the replica.\n\nAround 01:30 UTC is when the lag would have shown, had the threshold been lower.\n";
    let inc = retrace::ingest::load_str(Path::new("x.md"), text)
        .expect("imports")
        .incident;
    assert_eq!(inc.timeline.len(), 2);
    // A title between two rules, with no other title, is the title.
    let inc = retrace::ingest::load_str(
        Path::new("x.md"),
        "---\n# Postmortem: checkout outage\n---\n\n## Timeline\n\n- 10:00 UTC - Alert fires\n- 10:30 UTC - Resolved\n",
    )
    .expect("imports")
    .incident;
    assert_eq!(inc.title, "checkout outage");
}

/// An entry that tells when the outage began with the zone written first ("an outage for
/// periods of 7 minutes beginning from UTC 05:13"), though written three minutes later, says
/// when impact started.
#[test]
fn a_start_told_with_its_zone_first() {
    let text = "# Site outage\n\nDate: 2023-01-04\n\n## Timeline\n\n\
                - 05:13 UTC: The website monitor triggered an alert on a server issue.\n\
                - 05:16 UTC: The provider saw an outage for periods of 7 minutes beginning from UTC 05:13.\n\
                - 05:50 UTC: All good again.\n";
    let inc = retrace::ingest::load_str(Path::new("x.md"), text)
        .expect("imports")
        .incident;
    assert_eq!(hm(&inc, MilestoneKind::Started).as_deref(), Some("05:13"));
    assert_eq!(
        rule(&inc, MilestoneKind::Started),
        Some(RuleId::MilestoneStartAtStatedTime)
    );
}

/// Told, then taken on: "an auditor notified the maintainers of a leaked upload token" (they
/// learned of it: the detection), then "the core team acknowledged receipt of the report"
/// (the acknowledgement), not both at the first.
#[test]
fn told_then_taken_on_is_detected_then_acknowledged() {
    let text = "# Leaked upload token\n\nDate: 2025-04-01\n\n## Timeline\n\n\
                - 13:35 UTC: An auditor notified the maintainers of a leaked upload token.\n\
                - 14:00 UTC: The core team acknowledged receipt of the report.\n\
                - 14:15 UTC: The team disabled the token.\n\
                - 23:00 UTC: Incident marked as resolved.\n";
    let inc = retrace::ingest::load_str(Path::new("x.md"), text)
        .expect("imports")
        .incident;
    assert_eq!(hm(&inc, MilestoneKind::Detected).as_deref(), Some("13:35"));
    assert_eq!(
        hm(&inc, MilestoneKind::Acknowledged).as_deref(),
        Some("14:00")
    );
}

/// The second review's inputs: a zone written first is the time's own (22:16 PDT telling of
/// "UTC 05:08" is 22:08 PDT); a start to come ("tonight") or in another clause is none; an
/// "acknowledged" long after, or after the fix, is someone else's and leaves the
/// acknowledgement where it was.
#[test]
fn starts_told_and_acknowledgements_read_with_their_limits() {
    use MilestoneKind::*;
    let load = |timeline: &str| {
        let text = format!("# Outage\n\nDate: 2025-05-06\n\n## Timeline\n\n{timeline}\n");
        retrace::ingest::load_str(Path::new("x.md"), &text)
            .expect("imports")
            .incident
    };
    let inc = load(
        "- 22:10 PDT - Alert fires: uploads fail\n- 22:16 PDT - The provider confirmed an outage beginning from UTC 05:08.\n- 23:00 PDT - All good",
    );
    assert_eq!(at(&inc, Started).as_deref(), Some("05-07 05:08"));
    let inc = load(
        "- 10:20 UTC - We announced a database outage beginning from UTC 23:00 tonight.\n- 23:10 UTC - Alert fires: the database is down\n- 23:50 UTC - Database back",
    );
    assert_ne!(at(&inc, Started).as_deref(), Some("05-05 23:00"));
    let inc = load(
        "- 14:30 UTC - Latency issues started; on UTC 14:00 dashboards nothing was visible yet.\n- 15:00 UTC - Latency back to normal",
    );
    assert_ne!(hm(&inc, Started).as_deref(), Some("14:00"));
    let inc = load(
        "- 10:00 UTC - Alert fires: payments fail\n- 10:02 UTC - The on-call engineer was notified via PagerDuty and joined the channel\n- 10:20 UTC - Root cause identified: an expired certificate\n- 10:35 UTC - Certificate renewed; incident resolved\n- 15:00 UTC - The payments partner acknowledged our request for a joint review",
    );
    assert_eq!(hm(&inc, Acknowledged).as_deref(), Some("10:02"));
}

/// A field that says how the incident was detected, in words (`Detected by: nightly export
/// failures and manual curl checks`), names the entry where it was, when the timeline tells no
/// detection: the first entry sharing its words (`milestone:detected-as-told`). A field that
/// names nothing on the timeline marks nothing.
#[test]
fn a_detected_by_field_names_the_entry_where_it_was_detected() {
    let inc = load("detected-by-field.md");
    assert_eq!(hm(&inc, MilestoneKind::Detected).as_deref(), Some("06:10"));
    assert_eq!(
        rule(&inc, MilestoneKind::Detected),
        Some(RuleId::MilestoneDetectedAsTold)
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/milestones/detected-by-field.md");
    let src = std::fs::read_to_string(&path).unwrap().replace(
        "nightly export failures and manual `curl` checks",
        "an e-mail from the finance team",
    );
    let (inc, _) = retrace::ingest::markdown::import(Path::new("x.md"), &src).unwrap();
    assert_ne!(
        inc.milestones
            .inferred
            .iter()
            .find(|(m, _)| *m == MilestoneKind::Detected)
            .map(|(_, why)| why.rule),
        Some(RuleId::MilestoneDetectedAsTold)
    );
}

/// An alert, then at the same minute a person who notices it ("Dana notices the alarm and
/// writes in the channel"): the incident was taken on there (`milestone:acknowledged-by-who-
/// noticed`), not at a later step. A customer noticing it takes nothing on.
#[test]
fn a_person_noticing_the_alert_at_once_takes_it_on() {
    let src = "# Deletion errors\n\n## Timeline (UTC)\n\n- 2026-07-01 09:26 The deletion errors alarm fires\n\
               - 2026-07-01 09:26 Dana notices the alarm and writes in the team channel\n\
               - 2026-07-01 10:03 The fix is released\n- 2026-07-01 10:46 The alarm stops firing\n";
    let (inc, _) = retrace::ingest::markdown::import(Path::new("x.md"), src).unwrap();
    assert_eq!(
        hm(&inc, MilestoneKind::Acknowledged).as_deref(),
        Some("09:26")
    );
    assert_eq!(
        rule(&inc, MilestoneKind::Acknowledged),
        Some(RuleId::MilestoneAcknowledgedByWhoNoticed)
    );
    let src = src.replace("Dana notices the alarm", "A customer notices the errors");
    let (inc, _) = retrace::ingest::markdown::import(Path::new("x.md"), &src).unwrap();
    assert_ne!(
        rule(&inc, MilestoneKind::Acknowledged),
        Some(RuleId::MilestoneAcknowledgedByWhoNoticed)
    );
}

/// The review of session 20's readings: inputs in ordinary shapes that looked like the new
/// triggers but are not (a count list under an entry, a bracket of bare times that opens a
/// sentence, a zone inside a sentence or a change, a one-word "Detected by", someone else
/// noticing, an alert that fired late, customers notified, a part replaced by the trigger, a
/// remainder "still" failing, a negated "as intended", a numbered finding, an English word
/// holding a foreign one). Each keeps what it was read as before. Fixtures in
/// `tests/fixtures/review20/`.
#[test]
fn the_readings_of_session_20_leave_ordinary_shapes_alone() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review20");
    let read = |name: &str| load_path(&dir.join(name)).expect("fixture imports");
    let inc = |name: &str| read(name).incident;
    let times = |inc: &Incident| -> Vec<String> {
        inc.timeline
            .iter()
            .map(|e| e.at.format("%H:%M").to_string())
            .collect()
    };
    // Counts nested under a `- 14:05` entry stay its text.
    assert_eq!(
        times(&inc("a03.md")),
        ["14:02", "14:05", "14:09", "14:20", "14:24"]
    );
    // `(10:05 - 10:07) Errors spike …` opens a moment of its own.
    let b02 = inc("b02.md");
    assert!(times(&b02).contains(&"10:05".to_string()));
    assert_eq!(hm(&b02, MilestoneKind::Started).as_deref(), Some("10:05"));
    // "(based in Sydney, AEST)", "(+2)", "(+700)" in a sentence name no zone.
    for name in ["z02.md", "z03.md", "z07.md"] {
        assert_eq!(inc(name).timezone, None, "{name}");
    }
    // A name, or words shared with a change, detect nothing.
    for name in ["d01.md", "d03.md"] {
        assert_ne!(
            rule(&inc(name), MilestoneKind::Detected),
            Some(RuleId::MilestoneDetectedAsTold),
            "{name}"
        );
    }
    // Finance noticing a missing file takes nothing on.
    assert_eq!(
        hm(&inc("k03.md"), MilestoneKind::Acknowledged).as_deref(),
        Some("10:40")
    );
    // An alarm that "does not fire often, but it fired", one that "didn't go to the phone".
    for name in ["l01.md", "l05.md"] {
        assert_eq!(
            hm(&inc(name), MilestoneKind::Detected).as_deref(),
            Some("10:02"),
            "{name}"
        );
    }
    // The support team notifying customers is no detection.
    assert_eq!(
        hm(&inc("n01.md"), MilestoneKind::Detected).as_deref(),
        Some("11:04")
    );
    // A config replaced by the trigger, newsletters delivered again: no relief.
    assert_eq!(
        hm(&inc("n03.md"), MilestoneKind::Mitigated).as_deref(),
        Some("11:30")
    );
    assert_eq!(hm(&inc("n04.md"), MilestoneKind::Mitigated), None);
    // Clients with cached tokens still failing after the rollback: the rollback worked.
    let r07 = inc("r07.md");
    assert!(r07.branches.is_empty(), "{:?}", r07.branches);
    assert_eq!(hm(&r07, MilestoneKind::Mitigated).as_deref(), Some("10:20"));
    // "Gateway still unreachable" with nothing tried is a symptom line, not a response.
    let r05 = inc("r05.md");
    assert_eq!(r05.timeline[3].kind, retrace::model::EventKind::Note);
    assert_eq!(
        hm(&r05, MilestoneKind::Acknowledged).as_deref(),
        Some("08:40")
    );
    // "did not behave as intended" is the failure.
    assert_eq!(
        hm(&inc("s05.md"), MilestoneKind::Started).as_deref(),
        Some("13:04")
    );
    // "Theory 2: a noisy neighbour … Ruled out": named by the theory, not "Theory 2".
    let p05 = inc("p05.md");
    assert!(
        p05.branches
            .iter()
            .any(|b| b.hypothesis.to_lowercase().contains("noisy neighbour")),
        "{:?}",
        p05.branches
    );
    // "spanner" and "restoring" hold no incident word.
    for name in ["spanner-notes.md", "runbook-backups.md"] {
        assert!(!read(name).looks_like_incident, "{name}");
    }
}

#[test]
fn a_thing_named_then_fixed_mitigates_and_a_thing_named_by_its_recovery_does_not() {
    // "A customer says recovered files are corrupted": "recovered" names the files, it tells
    // no recovery; "Restore job chunking fixed; the portal answers again" is the mitigation.
    let inc = load("fixed-headlines-and-attributes.md");
    assert_eq!(hm(&inc, MilestoneKind::Mitigated).as_deref(), Some("12:20"));
    let corrupted = inc
        .timeline
        .iter()
        .find(|e| e.text.contains("recovered files"))
        .expect("the entry");
    assert_ne!(corrupted.kind, retrace::model::EventKind::Recovery);
}

#[test]
fn a_system_stopped_as_scheduled_is_a_change_and_an_alert_threshold_no_alert() {
    // "taken down for the version upgrade, as scheduled" is work done, not the first sign;
    // "the alert threshold" is a setting, not a second detection.
    let inc = load("planned-stop-before-the-failure.md");
    assert_eq!(hm(&inc, MilestoneKind::Started).as_deref(), Some("06:40"));
    assert_eq!(hm(&inc, MilestoneKind::Detected).as_deref(), Some("06:48"));
    assert_eq!(hm(&inc, MilestoneKind::Mitigated).as_deref(), Some("07:05"));
    let detections = inc
        .timeline
        .iter()
        .filter(|e| e.kind == retrace::model::EventKind::Detection)
        .count();
    assert_eq!(detections, 1);
}

/// A timeline's rows led by milestone labels in another language (`**発生** — …`, `**検知**:
/// …`, `原因特定 1:`, `Behoben: …`): each label is the milestone it names, as `Detected — …`
/// is in English. A step the writer labelled the mitigation is no first try of the step done
/// after it on the same thing.
#[test]
fn milestone_labels_in_other_languages() {
    let inc = load("labels-in-other-languages.md");
    let got: Vec<(MilestoneKind, Option<String>, Option<RuleId>)> = [
        MilestoneKind::Started,
        MilestoneKind::Detected,
        MilestoneKind::Acknowledged,
        MilestoneKind::Identified,
        MilestoneKind::Mitigated,
        MilestoneKind::Resolved,
    ]
    .into_iter()
    .map(|m| (m, hm(&inc, m), rule(&inc, m)))
    .collect();
    let want = [
        (MilestoneKind::Started, "01:02", RuleId::MarkerImpactStart),
        (MilestoneKind::Detected, "01:15", RuleId::MarkerDetection),
        (
            MilestoneKind::Acknowledged,
            "01:18",
            RuleId::MarkerAcknowledge,
        ),
        (MilestoneKind::Identified, "01:25", RuleId::MarkerIdentified),
        (MilestoneKind::Mitigated, "01:36", RuleId::MarkerMitigation),
        (MilestoneKind::Resolved, "02:05", RuleId::MarkerResolution),
    ];
    assert_eq!(got, want.map(|(m, t, r)| (m, Some(t.to_string()), Some(r))));
    // The labelled recovery at 10:36 JST stays on the main line.
    assert!(inc.branches.is_empty(), "{:?}", inc.branches);

    let de = load("labels-in-german.md");
    assert_eq!(hm(&de, MilestoneKind::Started).as_deref(), Some("08:40"));
    assert_eq!(
        rule(&de, MilestoneKind::Detected),
        Some(RuleId::MarkerDetection)
    );
    assert_eq!(
        rule(&de, MilestoneKind::Identified),
        Some(RuleId::MarkerIdentified)
    );
    assert_eq!(hm(&de, MilestoneKind::Resolved).as_deref(), Some("09:25"));
    assert_eq!(
        rule(&de, MilestoneKind::Resolved),
        Some(RuleId::MarkerResolution)
    );
}

#[test]
fn an_outage_acknowledged_or_a_team_engaged_is_the_acknowledgement() {
    use MilestoneKind::*;
    // "Operations acknowledge outage in the team channel": the plain form after a plural.
    let inc = load("ack-engaged-and-acknowledge-outage.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("02:18"));
    assert_eq!(hm(&inc, Acknowledged).as_deref(), Some("02:21"));
    assert_eq!(rule(&inc, Acknowledged), Some(RuleId::KindAcknowledge));
    // "The platform team was engaged. … we noticed that certificates … were expired".
    let inc = load("ack-team-engaged.md");
    assert_eq!(hm(&inc, Acknowledged).as_deref(), Some("19:02"));
}

#[test]
fn a_status_named_in_code_or_a_compound_is_no_milestone() {
    use MilestoneKind::*;
    // "the alert manager sends `resolved` messages", "resolved-state messages": names of a
    // state, not the incident resolved; "Alerts already cleared by then" is no sign either,
    // while "`DiskPressure` warning fires" is the first.
    let inc = load("status-words-as-names.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("01:10"));
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("10:20"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("10:30"));
    let resolutions: Vec<String> = inc
        .timeline
        .iter()
        .filter(|e| e.kind == retrace::model::EventKind::Resolution)
        .map(|e| e.at.format("%H:%M").to_string())
        .collect();
    assert_eq!(resolutions, ["10:30"]);
    // The code span's marks stay in the entry's text, as written.
    assert!(
        inc.timeline[2].text.contains("`resolved`"),
        "{}",
        inc.timeline[2].text
    );
}

#[test]
fn milestones_worded_in_other_languages() {
    use MilestoneKind::*;
    // Japanese, in a table: "アラート発火" (an alert fired), "調査開始" (investigation
    // starts), "再起動" (restart), "復旧を確認" (recovery confirmed); "復旧手順" is the
    // recovery procedure written up later, no recovery.
    let inc = load("wording-in-japanese.md");
    let got: Vec<Option<String>> = [Detected, Acknowledged, Mitigated, Resolved]
        .iter()
        .map(|m| hm(&inc, *m))
        .collect();
    // In UTC (the table is in JST, +09:00).
    let want = ["00:02", "00:10", "00:45", "00:50"].map(|t| Some(t.to_string()));
    assert_eq!(got, want);
    assert_eq!(
        inc.timeline[6].kind,
        retrace::model::EventKind::Note,
        "{}",
        inc.timeline[6].text
    );
    // French: "signalée" (reported), restarts "échouées" (failed: a detour), "service
    // restauré".
    let inc = load("wording-in-french.md");
    assert_eq!(hm(&inc, Detected).as_deref(), Some("00:55"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("01:28"));
    assert_eq!(inc.branches.len(), 1);
    assert_eq!(
        inc.timeline[1].branch.as_deref(),
        Some(&*inc.branches[0].id)
    );
    // German: "gemeldet" (reported); a restart after which the fault is "nicht behoben" (not
    // fixed) is a detour, not the mitigation; "läuft wieder" (runs again) ends it.
    let inc = load("wording-in-german.md");
    assert_eq!(hm(&inc, Started).as_deref(), Some("10:00"));
    assert_eq!(hm(&inc, Detected).as_deref(), Some("10:05"));
    assert_eq!(hm(&inc, Mitigated).as_deref(), Some("10:50"));
    assert_eq!(hm(&inc, Resolved).as_deref(), Some("10:50"));
    assert!(inc.timeline[2].branch.is_some());
    // Named by the step, not by the fault its verdict speaks of ("der Fehler ist damit").
    assert_eq!(inc.branches[0].hypothesis, "Neustart des Webservers");
    // Chinese: "检测到主实例无响应" (detected the primary unresponsive), "重启" (restart),
    // "恢复正常" (back to normal), "根因确认" (root cause confirmed).
    let inc = load("wording-in-chinese.md");
    let got: Vec<Option<String>> = [Started, Detected, Identified, Mitigated, Resolved]
        .iter()
        .map(|m| hm(&inc, *m))
        .collect();
    let want = ["08:20", "08:20", "08:40", "08:22", "08:23"].map(|t| Some(t.to_string()));
    assert_eq!(got, want);
}

#[test]
fn restarts_that_keep_coming_are_the_symptom_not_a_fix() {
    // "OOMKilled restarts every few minutes" is a crash loop seen, not a restart done: the
    // mitigation is the canary paused after it.
    let inc = load("restarts-every-few-minutes.md");
    assert_eq!(hm(&inc, MilestoneKind::Mitigated).as_deref(), Some("06:10"));
}

#[test]
fn a_status_list_with_parts_still_marked_down_is_no_recovery() {
    // "Registry ✅ came back, artifact cache ❌ down": one part back, two still down. The
    // impact is seen there (a red cross before "down"), and the recovery told just above it,
    // at the same minute, came before it; the parts started by hand end it.
    let inc = load("status-marks-some-back-some-down.md");
    assert_eq!(inc.timeline[4].kind, retrace::model::EventKind::Note);
    assert_eq!(hm(&inc, MilestoneKind::Started).as_deref(), Some("21:14"));
    assert_eq!(hm(&inc, MilestoneKind::Mitigated).as_deref(), Some("21:22"));
    assert_eq!(hm(&inc, MilestoneKind::Resolved).as_deref(), Some("21:24"));
}

#[test]
fn wording_in_korean() {
    // Korean glues its endings to the word ("감지됨", detected), writes "not recovered" as
    // "복구되지 않음" (no recovery) and "no effect" as "효과 없음" (a restart that did not help: a
    // detour).
    let inc = load("wording-in-korean.md");
    let got: Vec<Option<String>> = MilestoneKind::ALL.iter().map(|m| hm(&inc, *m)).collect();
    // In UTC: the timeline is in KST (+09:00).
    let want = ["05:02", "05:09", "05:15", "05:40", "05:45", "05:52"].map(|t| Some(t.to_string()));
    assert_eq!(got, want);
    assert_eq!(inc.timeline[4].kind, retrace::model::EventKind::Note);
    assert_eq!(inc.branches.len(), 1);
    assert_eq!(
        inc.timeline[3].branch.as_deref(),
        Some(&*inc.branches[0].id)
    );
}

#[test]
fn a_report_of_work_missing_is_a_detection_and_a_fix_that_caused_it_is_the_trigger() {
    // "Memory hotfix deployed - introduced a bug": the change that set it off, not the
    // mitigation. "A user reported no exports being written": the work that stopped, a report
    // of the problem; "reported no errors" is still nothing found.
    let inc = load("report-of-work-missing-and-a-fix-that-caused-it.md");
    assert_eq!(inc.timeline[0].kind, retrace::model::EventKind::Trigger);
    assert_eq!(inc.timeline[1].kind, retrace::model::EventKind::Detection);
    assert_ne!(inc.timeline[2].kind, retrace::model::EventKind::Detection);
    assert_eq!(hm(&inc, MilestoneKind::Detected).as_deref(), Some("12:10"));
    assert_eq!(hm(&inc, MilestoneKind::Mitigated).as_deref(), Some("12:30"));
}

#[test]
fn a_node_that_hangs_at_reboot_and_boots_clean() {
    // `09:0x` (the last minute digit unknown) is about 09:00; "hangs at shutdown" is the
    // start; "with the node still down" is a circumstance, no verdict on a step (no detour);
    // "boots clean, node Ready" is the node back.
    let inc = load("node-hangs-at-reboot.md");
    assert!(inc.timeline[0].approximate);
    assert_eq!(hm(&inc, MilestoneKind::Started).as_deref(), Some("09:00"));
    assert!(inc.branches.is_empty(), "{:?}", inc.branches);
    assert_eq!(hm(&inc, MilestoneKind::Resolved).as_deref(), Some("11:15"));
}

#[test]
fn a_negated_contraction_typed_in_chat_is_no_resolution() {
    // "this isnt resolved" (no apostrophe, as typed in a chat) and "it wasn’t fixed" (a
    // typographic one) deny the end; the incident ends at 11:30.
    let inc = load("not-resolved-typed-in-chat.md");
    for i in [2, 3] {
        assert_ne!(
            inc.timeline[i].kind,
            retrace::model::EventKind::Resolution,
            "{}",
            inc.timeline[i].text
        );
    }
    assert_eq!(hm(&inc, MilestoneKind::Resolved).as_deref(), Some("11:30"));
}

#[test]
fn an_impact_field_that_gives_its_window() {
    // "Impact: build host out of the pool ~4.5 h (14:10–18:40)." states the span: started
    // 14:10 (not the reboot before it), resolved 18:40.
    let inc = load("window-in-the-impact-field.md");
    assert_eq!(hm(&inc, MilestoneKind::Started).as_deref(), Some("14:10"));
    assert_eq!(hm(&inc, MilestoneKind::Resolved).as_deref(), Some("18:40"));
    assert_eq!(
        rule(&inc, MilestoneKind::Started),
        Some(RuleId::MilestoneDuration)
    );
}

#[test]
fn the_event_named_as_the_one_that_started_the_downtime() {
    // "We think this is the event which started the downtime": the start, told of the entry it
    // ends (before, no start was found: the maintenance reads as a change made, no sign).
    let inc = load("the-event-that-started-the-downtime.md");
    assert_eq!(hm(&inc, MilestoneKind::Started).as_deref(), Some("02:10"));
}

#[test]
fn restarts_by_the_service_manager_are_no_fix() {
    // "systemd restarts the unit five times", "Kubernetes restarted the pod automatically":
    // the machine's own restarts, a crash loop; the mitigation is the restart by hand at
    // 08:23. ("The scheduler is restarted with more memory" stays a fix: see
    // first-failure-after-a-problem.md.)
    let inc = load("restarts-by-the-service-manager.md");
    for i in [1, 2] {
        assert_ne!(
            inc.timeline[i].kind,
            retrace::model::EventKind::Mitigation,
            "{i}"
        );
    }
    assert_eq!(hm(&inc, MilestoneKind::Mitigated).as_deref(), Some("08:23"));
}

/// A note that tells of no problem ("boot log shows four connections registered") opens the
/// run of entries before the detection, and a symptom follows it ("connections time out"): the
/// note is lead-up, the symptom the first sign. Before, impact began with the quiet note.
#[test]
fn a_quiet_note_before_a_symptom_is_not_the_first_sign() {
    use MilestoneKind::*;
    let inc = load("quiet-note-before-symptom.md");
    assert_eq!(at(&inc, Detected).as_deref(), Some("02-03 10:18"));
    assert_eq!(at(&inc, Started).as_deref(), Some("02-03 10:14"));
    assert_eq!(rule(&inc, Started), Some(RuleId::MilestoneFirstSign));
}

/// A restore told as achieved ("we managed to restore the database") is the system coming
/// back, and the last of the restore work done ("finished the final restoration procedures")
/// ends the incident. Before, both were notes and neither milestone was found.
#[test]
fn a_restore_told_as_achieved_and_its_work_finished() {
    use MilestoneKind::*;
    let inc = load("restore-achieved.md");
    assert_eq!(at(&inc, Mitigated).as_deref(), Some("01-02 11:00"));
    assert_eq!(at(&inc, Resolved).as_deref(), Some("01-02 13:00"));
    assert_eq!(rule(&inc, Resolved), Some(RuleId::KindResolution));
}

/// A first entry that tells of a failure in Japanese ("API が 500 で失敗") is no quiet note: it
/// is the first sign, not lead-up to the English "handler failed" hours later. Words of a
/// problem glued inside a run of Japanese, Chinese or Korean are found as problems.
#[test]
fn a_failure_told_in_japanese_is_a_first_sign() {
    use MilestoneKind::*;
    let inc = load("quiet-note-in-japanese.md");
    assert_eq!(at(&inc, Started).as_deref(), Some("04-01 05:03"));
    assert_eq!(rule(&inc, Started), Some(RuleId::MilestoneFirstSign));
}

/// The problem come upon in routine work ("Discovered during checks: the login host serves the
/// wrong certificate") is its detection, not its cause found; a thing found while at work
/// ("shard 2 discovered during the resync") is neither.
#[test]
fn a_problem_discovered_during_checks_is_detected() {
    use MilestoneKind::*;
    let inc = load("found-during-checks.md");
    assert_eq!(at(&inc, Detected).as_deref(), Some("03-02 13:40"));
    assert_eq!(rule(&inc, Detected), Some(RuleId::KindDetection));
}
