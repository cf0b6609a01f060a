//! Detours in the shapes people write them, each kind in two or three wordings: verdicts in the
//! present tense, a step that made things worse, the symptom still there said with a negation,
//! an attempt given up, a cause no longer believed, a theory superseded by the cause found; and
//! words that look like a verdict but are none (an alternative offered, a condition, a fact, a
//! doubt, another symptom left after a fix that worked). Fixtures in tests/fixtures/detours/.

use std::path::Path;

use retrace::analysis::analyze;
use retrace::ingest::load_path;
use retrace::model::{EventKind, Incident, Outcome, RuleId};

fn load(name: &str) -> Incident {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/detours")
        .join(name);
    load_path(&path).expect("fixture imports").incident
}

/// Each detour: its id, its theory, the rule that ruled it out, and the times (`HH:MM`) of its
/// first and last entry (`None`: told without a time).
fn detours(inc: &Incident) -> Vec<Detour> {
    let spans = analyze(inc).detours;
    inc.branches
        .iter()
        .filter(|b| b.outcome == Outcome::RuledOut)
        .map(|b| {
            let span = spans.iter().find(|d| d.branch == b.id).map(|d| {
                let first = &inc.timeline[d.events[0]];
                let last = &inc.timeline[*d.events.last().unwrap_or(&d.events[0])];
                (
                    first.at.format("%H:%M").to_string(),
                    last.at.format("%H:%M").to_string(),
                )
            });
            let rule = b.inferred.as_ref().map(|i| i.rule).expect("explained");
            (b.id.clone(), b.hypothesis.clone(), rule, span)
        })
        .collect()
}

/// A detour as the tests compare it: id, theory, the rule that ruled it out, its span.
type Detour = (String, String, RuleId, Option<(String, String)>);

/// Each detour of the fixture `name`: its theory and its span (see [`detours`]).
fn theories_and_spans(name: &str) -> Vec<(String, Option<(String, String)>)> {
    detours(&load(name))
        .into_iter()
        .map(|(_, theory, _, span)| (theory, span))
        .collect()
}

fn span(a: &str, b: &str) -> Option<(String, String)> {
    Some((a.to_string(), b.to_string()))
}

fn detour(id: &str, theory: &str, rule: RuleId, span: Option<(String, String)>) -> Detour {
    (id.to_string(), theory.to_string(), rule, span)
}

#[test]
fn verdicts_told_in_the_present_tense() {
    let inc = load("present-tense.md");
    assert_eq!(
        detours(&inc),
        [
            // "Experiment with X" · "Problem persists - has nothing to do with X".
            detour(
                "moving-checkout",
                "Moving the checkout pods off the spot node pool",
                RuleId::DetourRuledOut,
                span("09:10", "09:25")
            ),
            // An attempt and its failure in one entry: "tries X, but it doesn't succeed".
            detour(
                "rotating-gateway",
                "Rotating the gateway certificate",
                RuleId::DetourAttemptFailed,
                span("09:40", "09:40")
            ),
            // "attempts X" · "X does not work either".
            detour(
                "rebuild-gateway",
                "Rebuild of the gateway image",
                RuleId::DetourRuledOut,
                span("09:50", "09:55")
            ),
        ]
    );
}

#[test]
fn a_step_that_made_things_worse_is_a_detour() {
    let inc = load("made-worse.md");
    assert_eq!(
        detours(&inc),
        [
            // Tried and backfired in one entry.
            detour(
                "deleting-looping",
                "Deleting the looping pods",
                RuleId::DetourMadeWorse,
                span("14:05", "14:05")
            ),
            // A theory acted on, then the change reverted "since it was making things worse".
            detour(
                "raised-queue",
                "Raised the queue prefetch",
                RuleId::DetourMadeWorse,
                span("14:15", "14:30")
            ),
        ]
    );
}

#[test]
fn the_symptom_still_there_after_a_step_told_in_the_present() {
    let inc = load("still-not.md");
    let found = detours(&inc);
    let spans: Vec<_> = found.iter().map(|d| (d.2, d.3.clone())).collect();
    assert_eq!(
        spans,
        [
            // "terminates" (present tense) · "Backlog keeps growing."
            (RuleId::DetourStillNot, span("08:10", "08:30")),
            // "redeploys" · "New workers still aren't picking up jobs."
            (RuleId::DetourStillNot, span("09:00", "09:20")),
            // "restarts" · "The queue did not go down."
            (RuleId::DetourStillNot, span("09:30", "09:40")),
        ]
    );
    // Who did it is no part of the theory.
    let theories: Vec<&str> = found.iter().map(|d| d.1.as_str()).collect();
    assert_eq!(
        theories,
        [
            "Terminates all build agents",
            "Redeploys the worker image",
            "Restarts the job scheduler"
        ]
    );
    // The fix that worked is no detour and stays the mitigation's entry.
    assert!(inc.timeline[7].branch.is_none());
}

#[test]
fn an_attempt_that_could_not_be_done_or_did_not_fix_it() {
    let inc = load("attempt-failed.md");
    assert_eq!(
        detours(&inc),
        [
            // "attempted X, but were unable to do so".
            detour(
                "renew-signing",
                "Renew the signing key",
                RuleId::DetourAttemptFailed,
                span("09:10", "09:10")
            ),
            // "X attempted but failed to resolve ..." · "Investigation shifted to Y": the shift
            // is the same detour said again, not one of its own.
            detour(
                "frontend-rollback",
                "Frontend rollback",
                RuleId::DetourAttemptFailed,
                span("09:25", "09:30")
            ),
            // "reverts X in <link>" (present tense; the link is no part of the theory) · "closed
            // again, as the problem is not fixed".
            detour(
                "reverts-session",
                "Reverts the session store flag change",
                RuleId::DetourFellShort,
                span("09:45", "09:55")
            ),
        ]
    );
}

#[test]
fn an_attempt_given_up_is_a_detour_of_its_own() {
    let inc = load("gave-up.md");
    assert_eq!(
        detours(&inc),
        [
            // "gives up on the quota request": from the request it names.
            detour(
                "quota-request",
                "The quota request",
                RuleId::DetourGaveUp,
                span("18:20", "19:30")
            ),
            // "gave up on uploading the images by hand": not the quota detour again, though
            // nothing else was open.
            detour(
                "uploading-images",
                "Uploading the images by hand",
                RuleId::DetourGaveUp,
                span("19:40", "20:10")
            ),
        ]
    );
}

#[test]
fn a_cause_no_longer_believed_is_a_detour_told_in_prose() {
    let inc = load("denied-belief.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "database-size",
                "Came from the database size",
                RuleId::DetourRuledOutInProse,
                None
            ),
            detour(
                "firewall-dropping",
                "The firewall was dropping traffic",
                RuleId::DetourRuledOutInProse,
                None
            ),
            // "had long been written off as X, but were Y".
            detour(
                "noisy-neighbours",
                "Noisy neighbours on the host",
                RuleId::DetourRuledOutInProse,
                None
            ),
        ]
    );
}

#[test]
fn a_theory_left_open_when_another_cause_is_found_is_ruled_out() {
    let inc = load("superseded.md");
    assert_eq!(
        detours(&inc),
        [detour(
            "provider-wide-outage",
            "This is a provider-wide outage or something in our own account",
            RuleId::DetourSuperseded,
            span("07:05", "07:40")
        )]
    );
    // A finding that names the theory confirms it: no detour.
    let inc = load("superseded-confirmed.md");
    assert_eq!(detours(&inc), []);
    assert_eq!(inc.branches[0].outcome, Outcome::Open);
}

#[test]
fn an_alternative_a_condition_a_fact_a_doubt_or_another_symptom_left_is_no_verdict() {
    let inc = load("no-verdict.md");
    assert_eq!(detours(&inc), []);
    assert!(inc.timeline.iter().all(|e| e.branch.is_none()));
}

#[test]
fn the_symptom_still_there_ends_every_pending_attempt_but_not_a_theory() {
    let inc = load("pending-attempts.md");
    let found = detours(&inc);
    let ids: Vec<&str> = found.iter().map(|d| d.0.as_str()).collect();
    // Both attempts made before "Runners still aren't taking jobs" did not help.
    assert_eq!(ids, ["rebuild-runner", "rebooting-build"]);
    let spans: Vec<_> = found.iter().map(|d| (d.2, d.3.clone())).collect();
    assert_eq!(
        spans,
        [
            // The verdict's entry joins the attempt it names ("runners").
            (RuleId::DetourStillNot, span("01:30", "02:40")),
            (RuleId::DetourStillNot, span("02:10", "02:10")),
        ]
    );
    // The theory held stays open: the symptom going on says nothing against it.
    let token = inc.branch("token-service").expect("the theory is a branch");
    assert_eq!(token.outcome, Outcome::Open);
}

#[test]
fn a_possibility_eliminated_or_a_cause_found_absent_ends_the_theory() {
    let inc = load("eliminated.md");
    assert_eq!(
        detours(&inc),
        [
            // "First suspicion was X" · "… eventually eliminated this possibility."
            detour(
                "stuck-indexer",
                "Stuck indexer replica still taking queries",
                RuleId::DetourRuledOut,
                span("07:10", "07:25")
            ),
            // "We suspect packet loss" · "Concluded that there is no network problem."
            detour(
                "packet-loss",
                "Packet loss between the indexers",
                RuleId::DetourFellShort,
                span("07:30", "07:40")
            ),
            // "X might be to blame" names X · "… takes the tokenizer out of the equation."
            detour(
                "tokenizer-build",
                "The new tokenizer build",
                RuleId::DetourRuledOut,
                span("07:50", "08:05")
            ),
        ]
    );
    // "There is no quick workaround" names no cause: the entry after the detours is none.
    assert!(
        inc.timeline
            .iter()
            .all(|e| e.at.format("%H:%M").to_string() != "08:20" || e.branch.is_none())
    );
}

#[test]
fn a_step_asked_about_and_answered_no_is_a_detour() {
    let inc = load("answered-no.md");
    let found: Vec<_> = detours(&inc).into_iter().map(|d| (d.1, d.3)).collect();
    assert_eq!(
        found,
        [
            // "…; will that make the node let go of the volume? (it does not)"
            (
                "Deleted every pod on node seven".to_string(),
                span("06:10", "06:10")
            ),
            // "Does the volume move now? No."
            ("Drained node seven".to_string(), span("06:20", "06:20")),
            // "…, would that be enough? It wasn't."
            (
                "Bumped the attach timeout".to_string(),
                span("06:30", "06:30")
            ),
        ]
    );
    // "Is the storage API degraded? Checking …" asks without answering: no verdict.
    let asked = inc
        .timeline
        .iter()
        .find(|e| e.text.starts_with("Is the storage API"))
        .expect("entry kept");
    assert!(asked.branch.as_deref().is_none_or(|b| {
        inc.branches
            .iter()
            .any(|x| x.id == b && x.outcome != Outcome::RuledOut)
    }));
}

#[test]
fn everything_looking_fine_before_a_symptom_is_no_verdict() {
    let inc = load("looked-fine-but.md");
    assert_eq!(
        detours(&inc),
        // "Everything looked fine …, but …" and "Things looked normal, yet …" set up the
        // symptom: the theory stays open till the check that found its graphs fine.
        [detour(
            "payment-provider",
            "The payment provider's API is slow",
            RuleId::DetourNothingFound,
            span("10:05", "10:25")
        )]
    );
}

#[test]
fn a_step_whose_object_fails_in_a_following_entry_is_a_detour() {
    let inc = load("step-then-failed.md");
    assert_eq!(
        detours(&inc),
        [
            // An attempt opened (its branch made when read, so listed first) ("attempted to re-raise X") · the symptom noticed again ("X
            // terminated again and alerted …").
            detour(
                "re-raise-importer",
                "Re-raise the importer worker",
                RuleId::DetourStepFailed,
                span("09:10", "09:12")
            ),
            // "X is restarted" · "X fails again: …".
            detour(
                "packaging-job",
                "Packaging job is restarted on the same runners",
                RuleId::DetourStepFailed,
                span("08:10", "08:20")
            ),
            // "Kim redeploys X" · "X crashed after a minute": named without who did it.
            detour(
                "redeploys-upload",
                "Redeploys the upload proxy",
                RuleId::DetourStepFailed,
                span("08:30", "08:35")
            ),
            // "kicks off a clean build" · "we see the clean build will fail, because …".
            detour(
                "kicks-off",
                "Kicks off a clean build on a fresh runner",
                RuleId::DetourStepFailed,
                span("08:50", "09:05")
            ),
        ]
    );
    // The fix that worked stays the mitigation, on no branch.
    let fix = inc
        .timeline
        .iter()
        .find(|e| e.text.starts_with("Quota raised"))
        .expect("entry kept");
    assert!(fix.branch.is_none());
}

#[test]
fn a_step_done_again_on_the_same_thing_makes_the_first_try_a_detour() {
    let inc = load("tried-again.md");
    assert_eq!(
        detours(&inc),
        [
            // "is told to stop" · "is force stopped".
            detour(
                "batch-host",
                "The batch host is told to stop from the deploy tool",
                RuleId::DetourTriedAgain,
                span("14:05", "14:05")
            ),
            // "enables the proxy" · "… is enabled again, this time with …".
            detour(
                "enables-tls",
                "Enables the TLS proxy in front of the report site",
                RuleId::DetourTriedAgain,
                span("14:30", "14:30")
            ),
        ]
    );
    // A one-entry detour lasts until the entry after it.
    let spans = analyze(&inc).detours;
    assert_eq!(
        spans[0].end.format("%H:%M").to_string(),
        "14:20",
        "{spans:?}"
    );
}

#[test]
fn a_symptom_line_a_state_a_question_or_the_step_told_done_is_no_failure() {
    // "Still failing" with nothing tried or suspected before it (a symptom line), "nodes that
    // have been failing" (a state), "whether the consumers are failing" (a question), "the
    // consumers restarted and are processing again" (the step done, a state come back): no
    // detour.
    let inc = load("step-not-failed.md");
    assert_eq!(detours(&inc), []);
}

#[test]
fn a_step_undone_later_is_a_detour_but_a_rollback_carried_out_is_not() {
    let inc = load("step-reverted.md");
    assert_eq!(
        detours(&inc),
        [
            // "bumps the TTL" · "the TTL bump was backed out" (told in the passive).
            detour(
                "bumps-result",
                "Bumps the result cache TTL to ten minutes",
                RuleId::DetourStepReverted,
                span("11:10", "11:20")
            ),
            // "switches the cache" · "rolled back the cache switch".
            detour(
                "switches-query",
                "Switches the query cache to the new cluster",
                RuleId::DetourStepReverted,
                span("11:30", "11:45")
            ),
        ]
    );
    // "Opened a change to roll back the release" · "rolls back the release": the rollback
    // planned and then done, the fix — no detour, and still the mitigation.
    let done = inc
        .timeline
        .iter()
        .find(|e| e.text.starts_with("Rolls back the indexer"))
        .expect("entry kept");
    assert!(done.branch.is_none());
}

#[test]
fn a_step_and_its_failure_told_in_one_entry_is_a_detour() {
    let inc = load("step-failed-in-one-entry.md");
    let found: Vec<_> = detours(&inc).into_iter().map(|d| (d.1, d.2, d.3)).collect();
    assert_eq!(
        found,
        [
            // "ran X by hand, failed: …": what failed is not said, so it is the step.
            (
                "Sam ran the signing job by hand".to_string(),
                RuleId::DetourStepFailed,
                span("07:20", "07:20")
            ),
            // "X purged on the hosts. One host refuses the purge."
            (
                "Caches purged on the mirror hosts".to_string(),
                RuleId::DetourStepFailed,
                span("07:40", "07:40")
            ),
            // "Cleared X, but still timeouts": the symptom after the step, in contrast.
            (
                "Cleared the mirror cache".to_string(),
                RuleId::DetourStepFailed,
                span("07:50", "07:50")
            ),
        ]
    );
    // "Restarted the sync, which had been failing": a state before the step, no failure of
    // it; "…, but still monitoring": work going on, no symptom.
    for start in ["Restarted the mirror sync", "Rotated the mirror tokens"] {
        let entry = inc
            .timeline
            .iter()
            .find(|e| e.text.starts_with(start))
            .expect("entry kept");
        assert!(entry.branch.is_none(), "{start}");
    }
}

#[test]
fn a_check_of_something_else_found_fine_is_a_lead_of_its_own() {
    let inc = load("checked-other-fine.md");
    let found: Vec<_> = detours(&inc).into_iter().map(|d| (d.1, d.2, d.3)).collect();
    assert_eq!(
        found,
        [
            // The theory stays open through the other checks, and "it looks fine" ends it.
            (
                "The identity provider's token endpoint".to_string(),
                RuleId::DetourNothingFound,
                span("16:10", "16:30")
            ),
            // "Confirm that X and its replicas are all OK": named by the thing checked.
            (
                "The session store".to_string(),
                RuleId::DetourNothingFound,
                span("16:15", "16:15")
            ),
            // "X looked healthy".
            (
                "The ingress controllers".to_string(),
                RuleId::DetourNothingFound,
                span("16:20", "16:20")
            ),
        ]
    );
}

#[test]
fn the_symptom_going_on_after_an_action_ends_the_action_not_the_theory_held() {
    let inc = load("action-after-theory.md");
    assert_eq!(
        detours(&inc),
        [
            // Held while the actions were tried; ended when another cause was found.
            detour(
                "metrics-database",
                "The metrics database is short of memory",
                RuleId::DetourSuperseded,
                span("13:05", "14:00")
            ),
            // "Restarted X" · "load times still high".
            detour(
                "restarted-dashboard",
                "Restarted the dashboard web tier",
                RuleId::DetourSymptomContinued,
                span("13:15", "13:25")
            ),
            // "Flushed X" · "the problem persists".
            detour(
                "flushed-query",
                "Flushed the query cache",
                RuleId::DetourRuledOut,
                span("13:30", "13:40")
            ),
        ]
    );
}

/// A step and its failure told around an em dash, or beside letters whose lower case has
/// another length (`K`, the Kelvin sign; `İ`): read without a panic, the failed step a detour.
#[test]
fn a_step_failed_after_a_dash_or_odd_letters_is_read_without_a_panic() {
    use retrace::ingest::markdown::import;
    let md = "# Build farm down\n\nDate: 2025-02-03 (all times UTC)\n\n## Timeline\n\n\
              - 10:00 alert: builds are failing on every agent\n\
              - 10:05 on-call restarts the build agents \u{2014} the build failed again\n\
              - 10:20 \u{212a}, \u{130}\u{130} the agents are all OK, yet builds still fail\n\
              - 10:40 expired signing key found and replaced; builds pass\n";
    let (inc, _) = import(Path::new("farm.md"), md).expect("imports");
    assert_eq!(inc.timeline.len(), 4);
    let analysed = analyze(&inc);
    assert!(
        !analysed.detours.is_empty(),
        "the restart that did not help is a detour: {:?}",
        inc.timeline
            .iter()
            .map(|e| (&*e.text, e.branch.as_deref()))
            .collect::<Vec<_>>()
    );
}

/// A findings list: a caption that says the checks found nothing ("No problems were detected on
/// our own hosts:", "Checks of the deploy pipeline found nothing unusual:"), each item a thing
/// found absent ("- No disk exhaustion"): each item a cause looked at and ruled out, a detour
/// without a time. A list under a caption that tells no check ("Impact:" · "- No data was lost")
/// is none.
#[test]
fn items_of_a_findings_list_are_causes_ruled_out() {
    let inc = load("checked-list.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "disk-exhaustion",
                "disk exhaustion on the search nodes",
                RuleId::DetourCheckedList,
                None
            ),
            detour(
                "packet-loss",
                "packet loss on the host interfaces",
                RuleId::DetourCheckedList,
                None
            ),
            detour(
                "config-push",
                "config push in the hour before",
                RuleId::DetourCheckedList,
                None
            ),
        ]
    );
}

/// An attempt told with a "but" clause that says it failed, in a timeline entry ("attempted to
/// restart the worker pool, but the scheduler refused the restart") or in prose ("tried to open
/// a shell on the stuck host but got permission errors"): a detour. A "but" after an attempt
/// that worked, one whose failure words come only in a later clause, and a question are none.
#[test]
fn an_attempt_told_with_its_failure_after_but_is_a_detour() {
    let inc = load("tried-but.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "restart-worker",
                "Restart the worker pool",
                RuleId::DetourTriedBut,
                span("09:10", "09:10")
            ),
            detour(
                "open-shell",
                "Open a shell on the stuck host",
                RuleId::DetourRuledOutInProse,
                None
            ),
        ]
    );
}

/// "No effect" in the forms people write it, the verb's tense slipping included: "which did not
/// have an effect", "this didn't have any effect on the error rate", "to no effect".
#[test]
fn a_step_said_to_have_no_effect_is_a_detour() {
    let inc = load("no-effect.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "cleared-cdn",
                "Cleared the CDN cache",
                RuleId::DetourRuledOut,
                span("14:12", "14:12")
            ),
            detour(
                "restarted-thumbnail",
                "Restarted the thumbnail workers",
                RuleId::DetourRuledOut,
                span("14:20", "14:20")
            ),
            detour(
                "bumped-disk",
                "Bumped the disk quota",
                RuleId::DetourRuledOut,
                span("14:28", "14:28")
            ),
        ]
    );
}

/// "Failed" that tells no failure of the step before it: an adjective opening a sentence
/// ("Failed emails began to go out slowly") and what ought to have happened ("12 messages
/// should have failed the spam filter"). No detour.
#[test]
fn failed_as_an_adjective_or_a_counterfactual_is_no_step_failure() {
    let inc = load("failed-not-a-verdict.md");
    assert_eq!(detours(&inc), []);
}

/// A verdict word used as an adjective before a noun ("an unchanged config bundle", "due to
/// insufficient alerting") rules nothing out; the same word ending its clause ("latency
/// unchanged after the restart") does.
#[test]
fn a_verdict_adjective_before_a_noun_rules_nothing_out() {
    let inc = load("verdict-adjective.md");
    assert_eq!(
        detours(&inc),
        [detour(
            "restarted-checkout",
            "Restarted the checkout pods",
            RuleId::DetourRuledOut,
            span("11:10", "11:10")
        )]
    );
}

/// The symptom said to grow or spread right after a step, in words other than "still" or
/// "continued" ("the backlog is growing", "latency getting worse", "the other tenants are also
/// failing"): the step did not help, a detour up to that entry.
#[test]
fn the_symptom_growing_after_a_step_makes_it_a_detour() {
    let inc = load("symptom-grows.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "restarted-worker",
                "Restarted the worker hosts",
                RuleId::DetourSymptomContinued,
                span("08:20", "08:40")
            ),
            detour(
                "raised-database",
                "Raised the database connection limit",
                RuleId::DetourSymptomContinued,
                span("08:50", "09:05")
            ),
            detour(
                "rebuilt-search",
                "Rebuilt the search index for the first tenant",
                RuleId::DetourSymptomContinued,
                span("09:15", "09:25")
            ),
        ]
    );
}

/// A fix judged the wrong one in its own entry ("closed it as not the right fix", "judged it the
/// wrong approach"): a detour.
#[test]
fn a_fix_judged_the_wrong_approach_is_a_detour() {
    let inc = load("wrong-approach.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "opened-cap",
                "Opened a PR to cap the renderer pool size",
                RuleId::DetourRuledOut,
                span("13:20", "13:20")
            ),
            detour(
                "schema-change",
                "Schema change on the media table",
                RuleId::DetourRuledOut,
                span("13:35", "13:35")
            ),
        ]
    );
}

/// A theory held and, in the same sentence, the cause that really was, told in prose ("our
/// first theory was X; it was actually Y", "we initially suspected X, but in fact Y", "at first
/// we thought X, and it turned out to be Y"): X is a detour without a time, named by the part
/// before the real cause. "Actually" with no theory held ("the retry storm was actually worse")
/// is none.
#[test]
fn a_theory_then_the_cause_that_really_was_is_a_detour() {
    let inc = load("actually.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "full-disk",
                "Full disk on the primary database",
                RuleId::DetourRuledOutInProse,
                None
            ),
            detour(
                "load-balancer",
                "The load balancer health checks",
                RuleId::DetourRuledOutInProse,
                None
            ),
            detour(
                "morning-deploy",
                "The morning deploy had broken sessions",
                RuleId::DetourRuledOutInProse,
                None
            ),
        ]
    );
}

/// A question asked with "whether" and answered no at the start of the next sentence, in a
/// timeline entry ("looks at whether the token was used against our API. It was not.") or in
/// prose ("to find out whether the leak reached our own payment keys. We confirmed that it did
/// not"): a detour named by the question. An answer that goes on ("They did not reply until the
/// next day") is none.
#[test]
fn a_question_answered_no_is_a_detour_named_by_the_question() {
    let inc = load("answered-whether.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "token-used",
                "The token was used against our API",
                RuleId::DetourAnsweredWhether,
                span("09:20", "09:20")
            ),
            detour(
                "leak-reached",
                "The leak reached our own payment keys",
                RuleId::DetourRuledOutInProse,
                None
            ),
        ]
    );
}

/// A milestone or a mitigation that also tells a question answered no ("Rolled back the deploy
/// and errors stopped. Support asked whether customer data was exposed. It was not.") or an
/// attempt that failed on the side ("Root cause identified: ... We tried to page the flag owner
/// but the pager failed") keeps its kind and stays on the main line: no detour.
#[test]
fn a_milestone_that_asks_a_question_or_tells_an_attempt_on_the_side_stays_a_milestone() {
    let inc = load("milestone-asks.md");
    assert_eq!(detours(&inc), []);
    let at = |hhmm: &str| {
        inc.timeline
            .iter()
            .find(|e| e.at.format("%H:%M").to_string() == hhmm)
            .expect("entry at that time")
    };
    assert_eq!(at("10:12").kind, EventKind::Identified);
    assert_eq!(at("10:12").branch, None);
    assert_eq!(at("10:20").kind, EventKind::Mitigation);
    assert_eq!(at("10:20").branch, None);
}

/// A list under a caption that only denies ("No customer data was touched:" · "- No data loss";
/// "None of the other services were affected:" · "- No downtime for the web app") tells facts
/// of the impact, no causes looked at: no detour. A caption that tells of a check ("Nothing
/// unusual turned up in the database checks:") still makes its items detours.
#[test]
fn a_list_under_a_caption_that_only_denies_is_no_findings_list() {
    let inc = load("denied-list.md");
    assert_eq!(
        detours(&inc),
        [detour(
            "replication-lag",
            "replication lag on the replicas",
            RuleId::DetourCheckedList,
            None
        )]
    );
}

/// After "tried ... but", a negation tells a failure only when it denies a success or an effect
/// ("but the pods were not any better"); "but no errors since then" denies the symptom, so the attempt
/// is no detour. A failure word ("but the drain timed out") still tells one.
#[test]
fn a_negation_after_but_fails_the_attempt_only_when_it_denies_an_effect() {
    let inc = load("tried-but-no.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "drain-noisy",
                "Drain the noisy node",
                RuleId::DetourTriedBut,
                span("14:20", "14:20")
            ),
            detour(
                "raise-memory",
                "Raise the memory limit",
                RuleId::DetourTriedBut,
                span("14:25", "14:25")
            ),
        ]
    );
}

/// A theory given up for the cause that really was ("Our first theory was a cold Redis CDN cache
/// in the İzmir edge; it was actually ...") is named in the writer's own words: the capitals of
/// "Redis CDN" and the dotted "İ" of "İzmir" kept, the cut before ";" where it was.
#[test]
fn a_theory_then_the_real_cause_keeps_the_writers_words() {
    let inc = load("actually-names.md");
    let found = detours(&inc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "Cold Redis CDN cache in the İzmir edge");
    assert_eq!(found[0].2, RuleId::DetourRuledOutInProse);
}

/// `retrace import --explain` lists the detours that have no time on the timeline too (the
/// items of a findings list), not "none".
#[test]
fn the_explanation_lists_detours_without_a_time() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/detours/checked-list.md");
    let loaded = load_path(&path).expect("fixture imports");
    let mut out = Vec::new();
    retrace::commands::import::write_explanation(&loaded, &mut out).expect("written");
    let text = String::from_utf8(out).expect("UTF-8");
    let detours: Vec<&str> = text
        .split("Detours:\n")
        .nth(1)
        .expect("a Detours section")
        .lines()
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(detours.len(), 3, "{text}");
    for (line, theory) in detours.iter().zip([
        "disk exhaustion on the search nodes",
        "packet loss on the host interfaces",
        "config push in the hour before",
    ]) {
        assert!(line.contains("no time on the timeline"), "{line}");
        assert!(line.contains(theory), "{line}");
        assert!(line.contains("detour:checked-list"), "{line}");
    }
}

#[test]
fn a_fix_followed_by_a_later_version_of_itself_did_not_hold() {
    // "fix v1" · "fix v2" · "fix v3; agreed": every version but the last is a detour, each
    // lasting until the next entry.
    let inc = load("fix-versions.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "rounding-drafted",
                "Rounding fix v1 drafted by the billing team",
                RuleId::DetourFixSuperseded,
                span("09:30", "09:30")
            ),
            detour(
                "rounding-drafted-2",
                "Rounding fix v2 drafted by the billing team after review comments",
                RuleId::DetourFixSuperseded,
                span("10:15", "10:15")
            ),
        ]
    );
    // Releases numbered 4.12.1, 4.12.2, 4.12.3 with verdicts between them; the summary's remark
    // on the second fix names its version and is not a detour of its own.
    let inc = load("fix-releases.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "client-release",
                "Client release 4.12.1 published with a fix for the upload crash",
                RuleId::DetourFixSuperseded,
                span("08:40", "08:40")
            ),
            detour(
                "client-release-2",
                "Client release 4.12.2 published with an amended fix for the upload crash",
                RuleId::DetourFixSuperseded,
                span("10:30", "10:30")
            ),
        ]
    );
    let spans = analyze(&inc).detours;
    assert_eq!(spans[1].end.format("%H:%M").to_string(), "13:00");
}

#[test]
fn versions_of_different_things_or_no_fix_are_no_detour() {
    // A hotfix 2.3.1 for the indexer, then a dashboard 5.1.0: not the same thing.
    assert_eq!(detours(&load("fix-versions-unrelated.md")), []);
}

#[test]
fn a_fix_and_the_symptom_back_later_is_a_fix_that_did_not_hold() {
    // "patch ships, ticket closed as fixed" · "reproduced again; ticket reopened".
    let inc = load("fix-did-not-hold.md");
    assert_eq!(
        detours(&inc),
        [detour(
            "patch-image",
            "Patch for the image cache ships",
            RuleId::DetourFixDidNotHold,
            span("07:50", "12:30")
        )]
    );
    // "consumers restarted; the queue drains" · "the stall happened again".
    let inc = load("fix-did-not-hold-again.md");
    assert_eq!(
        detours(&inc),
        [detour(
            "consumers-restarted",
            "Consumers restarted",
            RuleId::DetourFixDidNotHold,
            span("02:20", "03:05")
        )]
    );
    // "Hotfix deployed" · "appears healthy" · "Issue recurs. Rolls out another hotfix": the first
    // hotfix did not hold (not the second, told with the return).
    let inc = load("fix-did-not-hold-recurs.md");
    assert_eq!(
        detours(&inc),
        [detour(
            "hotfix-report",
            "Hotfix for the report builder deployed",
            RuleId::DetourFixDidNotHold,
            span("09:30", "13:00")
        )]
    );
    // "Builds pass; trees reopened": a reopening that is the recovery, no detour.
    assert_eq!(detours(&load("fix-held-trees.md")), []);
    // "Worker pool recycled; jobs move again" · "The stall came back": the problem said back
    // in words of coming back, which of a system would tell a recovery.
    let inc = load("fix-did-not-hold-came-back.md");
    assert_eq!(
        detours(&inc),
        [detour(
            "worker-pool",
            "Worker pool recycled",
            RuleId::DetourFixDidNotHold,
            span("08:20", "08:35")
        )]
    );
    assert_ne!(inc.timeline[3].kind, EventKind::Recovery);
}

/// Words of coming back said of a system, or of a problem going ("returned to normal"), tell the
/// end of impact (a recovery, a mitigation, the resolution), not the problem back: no detour.
#[test]
fn a_system_back_or_a_problem_gone_is_the_end_of_impact() {
    let inc = load("problem-back-is-no-recovery.md");
    assert_eq!(detours(&inc), []);
    for e in &inc.timeline[2..4] {
        assert!(
            matches!(
                e.kind,
                EventKind::Mitigation | EventKind::Recovery | EventKind::Resolution
            ),
            "{:?} is read as {:?}",
            e.text,
            e.kind
        );
    }
}

#[test]
fn a_cause_blamed_by_mistake_is_a_detour_named_by_the_cause() {
    let inc = load("mistaken-attribution.md");
    assert_eq!(
        detours(&inc),
        [detour(
            "lobby-size",
            "The lobby size limit",
            RuleId::DetourMistaken,
            span("19:30", "19:30")
        )]
    );
    // "An operator mistakenly truncates the table": a mistake that was the cause, no detour.
    assert_eq!(detours(&load("mistake-was-the-cause.md")), []);
}

#[test]
fn a_measure_unchanged_after_a_step_makes_the_step_a_detour() {
    // "Queues rebalanced" · "CPU on the third worker is not changing".
    let inc = load("unchanged.md");
    assert_eq!(
        detours(&inc),
        [detour(
            "queues-rebalanced",
            "Queues rebalanced across all three workers",
            RuleId::DetourUnchanged,
            span("17:34", "17:37")
        )]
    );
}

#[test]
fn a_remedy_judged_useless_later_is_a_detour_from_where_it_was_chosen() {
    // "decides to republish with a version pin" … "on review the version pin is useless to
    // address the failures" (not bare "is useless": see
    // something_useless_that_no_one_tried_is_no_detour).
    let inc = load("useless.md");
    let found = detours(&inc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, RuleId::DetourRuledOut);
    assert_eq!(found[0].3, span("09:40", "15:00"));
}

#[test]
fn a_change_that_is_no_fix_and_the_symptom_recurring_is_no_fix_that_did_not_hold() {
    // "changes deployed to staging; a 401 once" · "the 401 recurs once": the change is where
    // the symptom came from.
    let found = detours(&load("change-then-recurs.md"));
    assert!(
        found.iter().all(|d| d.2 != RuleId::DetourFixDidNotHold),
        "{found:?}"
    );
}

#[test]
fn a_question_answered_no_by_a_finding_is_a_detour_not_the_cause_found() {
    // "find out whether the flaw is in our bridge. We found that it is not": "found that" opens
    // the answer, so the entry rules a possibility out rather than finding the cause.
    let inc = load("answered-by-finding.md");
    let found = detours(&inc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "The same flaw is in our own bridge");
    assert_eq!(found[0].2, RuleId::DetourAnsweredWhether);
    assert_eq!(found[0].3, span("06:40", "06:40"));
}

/// The rules of the detours found in `name`.
fn rules_of(name: &str) -> Vec<RuleId> {
    detours(&load(name)).into_iter().map(|d| d.2).collect()
}

#[test]
fn a_fix_said_to_have_held_is_no_fix_that_did_not_hold() {
    // "Hotfix deployed" · "the error has not recurred since the hotfix"; "could not be
    // reproduced again"; "has not happened again": the words of a return, denied.
    let rules = rules_of("fix-held-not-recurred.md");
    assert!(!rules.contains(&RuleId::DetourFixDidNotHold), "{rules:?}");
}

#[test]
fn dates_written_with_dots_are_no_versions_of_a_fix() {
    // "patch from the 4.3.2024 review applied" · "checked against the 5.3.2024 baseline".
    let rules = rules_of("fix-versions-dates.md");
    assert!(!rules.contains(&RuleId::DetourFixSuperseded), "{rules:?}");
}

#[test]
fn a_later_version_of_something_else_or_a_planned_one_supersedes_no_fix() {
    // "Payments fix v1 proposed by Lee" · "Lee reviews the payments dashboard v2 layout": a
    // dashboard's version, not the fix's; "release 2.4.1 deployed with the fix" · "release
    // 2.4.2 ... is planned for next week": not out yet.
    let rules = rules_of("fix-versions-not-later-fix.md");
    assert!(!rules.contains(&RuleId::DetourFixSuperseded), "{rules:?}");
}

#[test]
fn something_useless_that_no_one_tried_is_no_detour() {
    // "the old latency panel is useless at night": a remark on a dashboard, no remedy judged.
    assert_eq!(detours(&load("useless-remark.md")), []);
}

#[test]
fn something_staying_the_same_that_is_no_symptom_is_no_detour() {
    // "Customer data remains the same; nothing was lost" after a restart; "the error rate stays
    // the same as the hour before the deploy" (a comparison that names the cause).
    let rules = rules_of("unchanged-not-a-measure.md");
    assert!(!rules.contains(&RuleId::DetourUnchanged), "{rules:?}");
}

#[test]
fn a_belief_of_customers_or_a_mislabelled_graph_is_no_mistaken_cause() {
    // "Some customers wrongly assumed their saved cards were deleted"; "the decline graph is
    // misattributed in the dashboard legend": nobody followed these as a cause.
    let rules = rules_of("mistaken-belief-not-ours.md");
    assert!(!rules.contains(&RuleId::DetourMistaken), "{rules:?}");
}

#[test]
fn a_step_judged_in_another_section_is_a_detour_at_its_entry() {
    // "A scheduled failover of the primary at 10:30 did not resolve the problem" (the summary)
    // and "Scaling the cache warmer had no effect on the lag" (contributing factors) judge two
    // timeline steps; "Generation of the audit table index did not work" names a symptom the
    // timeline notes (no step), which stays on the main line.
    let inc = load("step-judged-in-prose.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "scheduled-failover",
                "Scheduled failover of the primary",
                RuleId::DetourStepJudgedInProse,
                span("10:30", "10:30")
            ),
            detour(
                "cache-warmer",
                "Cache warmer scaled to four workers",
                RuleId::DetourStepJudgedInProse,
                span("10:45", "10:45")
            ),
        ]
    );
    assert!(
        inc.timeline
            .iter()
            .all(|e| !e.text.contains("checksum") || e.branch.is_none())
    );
}

#[test]
fn a_step_whose_object_fails_after_a_but_in_the_next_entry_is_a_detour() {
    // "Ana submits a PR for a complete reindex" · "reindexing gets to production, but fails due
    // to lack of disk space": what failed is what the clause before the "but" tells. "Thumbnail
    // cache rollback attempted but failed" is that rollback's own failure (the look at the cache
    // change before it is no detour); "pods that have been failing" tells a state.
    let inc = load("step-then-failed-but.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "thumbnail-cache",
                "Thumbnail cache rollback",
                RuleId::DetourAttemptFailed,
                span("11:15", "11:15")
            ),
            detour(
                "submits-complete",
                "Submits a PR for a complete reindex",
                RuleId::DetourStepFailed,
                span("09:20", "09:50")
            ),
        ]
    );
}

#[test]
fn a_fix_numbered_by_an_ordinal_and_followed_by_the_next_is_superseded() {
    // "We had a first workaround" · "A second workaround ... is deployed": the first did not
    // hold. "1st attempt to purge" · "2nd attempt to purge" is a step tried again; "First
    // attempt at a permanent patch" with no second after it is no detour.
    let inc = load("fix-ordinals.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "purge-upload",
                "Purge the upload cache",
                RuleId::DetourTriedAgain,
                span("10:10", "10:15")
            ),
            detour(
                "workaround-skip",
                "We had a first workaround: skip the thumbnail step",
                RuleId::DetourFixSuperseded,
                span("10:20", "10:20")
            ),
        ]
    );
}

#[test]
fn a_verdict_of_too_little_contracted_is_a_detour() {
    // "but it wasn't enough", "they aren't enough": the contracted forms of "not enough".
    let inc = load("not-enough-contracted.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "ben-clears",
                "Ben clears up old logs to free 1Gb",
                RuleId::DetourFellShort,
                span("09:30", "09:30")
            ),
            detour(
                "two-extra",
                "Two extra disks attached to the search nodes",
                RuleId::DetourFellShort,
                span("09:45", "09:45")
            ),
        ]
    );
}

#[test]
fn a_step_a_later_entry_blames_for_a_problem_is_a_detour() {
    // "address pool flushed" · "duplicate addresses as a result of flushing the address pool";
    // "Guest portal restarted" · "logins fail because of the guest portal restart". The config
    // push before anyone noticed is where the problem came from ("caused by the config push"),
    // no step that failed; "a warning to be caused by ..." is a plan.
    let inc = load("step-blamed-later.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "lease-shortened",
                "Lease time shortened",
                RuleId::DetourBlamedLater,
                span("09:00", "09:00")
            ),
            detour(
                "guest-portal",
                "Guest portal restarted",
                RuleId::DetourBlamedLater,
                span("11:00", "11:00")
            ),
        ]
    );
}

#[test]
fn a_change_before_anyone_noticed_is_no_detour_even_after_an_announcement() {
    // "Customers told on the status page about tonight's maintenance" comes before the alert:
    // the response starts at the alert, and the deploy before it is the trigger ("caused by
    // deploying ..."), no step that failed.
    let inc = load("trigger-before-notice.md");
    assert_eq!(detours(&inc), []);
}

#[test]
fn a_step_found_to_be_the_cause_later_is_a_detour() {
    // "found to be caused by rebuilding the search index", "turned out to be caused by
    // restarting the cache nodes": what was found, not a plan ("to be caused by").
    let inc = load("blamed-found-to-be.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "rebuilt-search",
                "Rebuilt the search index with the new analyzer",
                RuleId::DetourBlamedLater,
                span("10:20", "10:20")
            ),
            detour(
                "cache-nodes",
                "Cache nodes restarted to free memory",
                RuleId::DetourBlamedLater,
                span("10:50", "10:50")
            ),
        ]
    );
}

#[test]
fn a_step_credited_with_a_good_outcome_is_no_detour() {
    // "error rate stays low because of rolling back the cart deploy", "latency improved as a
    // result of flushing the session cache": a cause named for a good outcome blames nothing.
    // The rollback stays the mitigation.
    let inc = load("credited-good-outcome.md");
    assert_eq!(detours(&inc), []);
    let mitigated = analyze(&inc).milestones.mitigated.expect("mitigated");
    assert_eq!(mitigated.at.format("%H:%M").to_string(), "14:10");
}

#[test]
fn a_judged_step_the_timeline_does_not_tell_is_a_detour_without_a_time() {
    // "Restarting the order consumers did not help": the timeline scaled the consumers out (the
    // same thing, another verb), and never restarted them; that entry is no detour, and the
    // restart the summary judges is one without a time.
    let inc = load("judged-step-absent.md");
    assert!(inc.timeline.iter().all(|e| e.branch.is_none()));
    let ruled_out = ruled_out_hypotheses(&inc);
    assert_eq!(ruled_out, ["Restarting the order consumers"]);
}

#[test]
fn a_step_tried_and_judged_in_prose_alone_is_a_detour_without_a_time() {
    // "The number of web servers was scaled up, however in this case (a slow search index)
    // that did not help": the step is the clause before the pronoun, the aside left out.
    let inc = load("judged-step-untimed.md");
    let ruled_out = ruled_out_hypotheses(&inc);
    assert_eq!(ruled_out, ["The number of web servers was scaled up"]);
    // A verdict without a step ("Our dashboards did not help us see it") is none.
    let inc = load("judged-no-step.md");
    assert!(inc.branches.is_empty(), "{:?}", inc.branches);
}

#[test]
fn a_first_fix_that_worked_is_not_superseded_by_a_second() {
    // "First fix deployed to the APAC region; APAC sign-in errors stop" · "Second fix deployed
    // to the EU region": the ordinals count two fixes for two bugs, and the first worked.
    let inc = load("fix-ordinals-both-held.md");
    assert_eq!(detours(&inc), []);
}

#[test]
fn a_fix_followed_by_the_problem_told_again_did_not_hold() {
    // "After a power cycle the replica came back up" · "All clients are back to normal" · "The
    // same replica is offline again": the power cycle did not hold. The return alone is on the
    // detour: the first recovery still ended the impact for a while.
    let inc = load("relapse-offline-again.md");
    assert_eq!(
        detours(&inc),
        [detour(
            "power-cycle",
            "After a power cycle the replica came back up",
            RuleId::DetourFixRelapsed,
            span("09:40", "09:40")
        )]
    );
    let mitigated = analyze(&inc).milestones.mitigated.expect("mitigated");
    assert_eq!(mitigated.at.format("%H:%M").to_string(), "08:10");
    // A cause found and said fixed by someone else, then "the problem has resurfaced".
    let inc = load("relapse-fixed-by-provider.md");
    assert_eq!(
        detours(&inc),
        [detour(
            "slow-payment",
            "The slow payment responses were identified",
            RuleId::DetourFixRelapsed,
            span("16:40", "16:40")
        )]
    );
    // "Session cache flushed; logins work" · "login errors again".
    let inc = load("relapse-errors-again.md");
    assert_eq!(
        detours(&inc),
        [detour(
            "session-cache",
            "Session cache flushed",
            RuleId::DetourFixRelapsed,
            span("13:50", "13:50")
        )]
    );
}

#[test]
fn a_good_state_again_or_a_failure_denied_is_no_relapse() {
    // "builds are running again", "operational again", "has not been down again": the fix held.
    assert_eq!(detours(&load("relapse-good-again.md")), []);
}

#[test]
fn a_step_undone_by_its_opposite_is_a_detour() {
    // "Disabled the thumbnail cache" · "Re-enabled the thumbnail cache"; "Removed the bucket
    // from the upload targets" · "Re-added the bucket": each step given up, a detour up to its
    // opposite.
    let inc = load("step-undone.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "disabled-thumbnail",
                "Disabled the thumbnail cache on the upload workers to rule it out",
                RuleId::DetourStepUndone,
                span("10:12", "10:30")
            ),
            detour(
                "removed-eu-north",
                "Removed the eu-north bucket from the upload targets",
                RuleId::DetourStepUndone,
                span("10:41", "11:05")
            ),
        ]
    );
    // "Increased the batch size" · "Batch size lowered back".
    let inc = load("step-undone-lowered.md");
    assert_eq!(
        detours(&inc),
        [detour(
            "increased-consumer",
            "Increased the consumer batch size to 500 messages",
            RuleId::DetourStepUndone,
            span("16:10", "16:35")
        )]
    );
}

#[test]
fn an_opposite_inside_a_name_or_the_step_itself_undoes_nothing() {
    // "Applied the flag --disable-legacy-tokens to enable the new token path" · "Enabled the
    // new token path": the step's "disable" is a flag's name and its own words say "enable";
    // the status page telling customers "we disable legacy tokens" is no step.
    assert_eq!(detours(&load("step-opposite-no-undo.md")), []);
}

#[test]
fn a_step_judged_no_fix_or_without_success_is_a_detour() {
    // "Not a fix" after a step in its own entry; "No success restarting the job scheduler".
    let inc = load("verdict-no-fix.md");
    let found: Vec<(RuleId, Option<(String, String)>)> = detours(&inc)
        .into_iter()
        .map(|(_, _, rule, span)| (rule, span))
        .collect();
    assert_eq!(
        found,
        [
            (RuleId::DetourRuledOut, span("08:20", "08:20")),
            (RuleId::DetourRuledOut, span("08:50", "08:50")),
        ]
    );
}

#[test]
fn a_step_done_by_mistake_in_the_response_is_a_detour() {
    // "Growing the index volume ..., but mistakenly grew the log volume instead"; "Cleaned up
    // the old shards; in doing so the newest shard was accidentally removed too".
    let inc = load("step-by-mistake.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "growing-index",
                "Growing the index volume through the deploy tool",
                RuleId::DetourStepByMistake,
                span("09:15", "09:15")
            ),
            detour(
                "cleaned-old",
                "Cleaned up the old shards",
                RuleId::DetourStepByMistake,
                span("10:10", "10:10")
            ),
        ]
    );
}

#[test]
fn a_mistake_that_is_the_trigger_the_cause_or_a_blame_is_no_step_by_mistake() {
    // Before the alert, a mistake is the trigger; "we found that the job had accidentally
    // deleted the records", "only to discover a forklift had accidentally cut the uplink" are
    // the cause found; "mistakenly attributed to the cache" is a theory
    // blamed by mistake (its own rule); "accidentally not scheduled" is no step taken.
    let inc = load("step-by-mistake-not-a-step.md");
    let rules: Vec<RuleId> = detours(&inc).into_iter().map(|d| d.2).collect();
    assert_eq!(rules, [RuleId::DetourMistaken]);
}

#[test]
fn a_judgement_of_wrong_in_what_someone_noticed_is_the_symptom() {
    // "She noticed that the invoice totals were wrong", "Kai saw that the tax column was not
    // correct": what was seen, no theory ruled out.
    assert_eq!(detours(&load("noticed-symptom.md")), []);
    // With a step told after the noticing ("noticed that restarting the payment pods did not
    // help") the verdict is on the step.
    let rules: Vec<RuleId> = detours(&load("noticed-step-verdict.md"))
        .into_iter()
        .map(|d| d.2)
        .collect();
    assert_eq!(rules, [RuleId::DetourRuledOut]);
}

#[test]
fn a_temporary_measure_ended_once_things_recovered_is_no_step_undone() {
    // "disabled the email receipts to give the consumers more room" · "re-enabled the email
    // receipts once the queue was under 1k": the measure helped and was ended.
    assert_eq!(detours(&load("step-undone-once-recovered.md")), []);
}

#[test]
fn an_opposite_done_to_another_thing_undoes_nothing() {
    // "increased the database pool size of the API" · "lowered the log level of the API":
    // both name the API, but the opposite acts on the log level.
    assert_eq!(detours(&load("step-undone-other-thing.md")), []);
}

#[test]
fn a_mistake_told_in_a_relative_clause_is_no_step_by_mistake() {
    // "The backup job that accidentally copied temp files … was stopped": the mistake is the
    // job's, the cause; the step (stopping it) was the fix.
    assert_eq!(detours(&load("step-by-mistake-relative-clause.md")), []);
}

#[test]
fn a_failing_state_in_a_condition_or_denied_by_zero_is_no_relapse() {
    // "an alert so we learn at once if the API is down again": a condition, no state;
    // "zero errors again": the good state back. The restart held.
    assert_eq!(detours(&load("relapse-plan-or-zero-again.md")), []);
}

#[test]
fn a_finding_then_its_revert_is_no_step_reverted() {
    // "Mia found the config change had set the replica count to zero" · "The config change was
    // reverted": the change was found, not done by the responder; the revert is the fix.
    let inc = load("finding-then-revert.md");
    assert_eq!(detours(&inc), []);
    let revert = inc
        .timeline
        .iter()
        .find(|e| e.text.starts_with("The config change was reverted"))
        .expect("entry kept");
    assert!(revert.branch.is_none());
}

#[test]
fn an_attempt_left_open_when_a_different_fix_then_worked() {
    // "Attempted a rollback" · a different fix · relief: the rollback did not help. A restart
    // followed by the symptom's end helped, whatever came after it.
    let inc = load("attempt-then-another-fix.md");
    let found = detours(&inc);
    assert_eq!(found.len(), 1, "{found:?}");
    let (_, theory, rule, span) = &found[0];
    assert!(
        theory
            .to_lowercase()
            .contains("rollback of the thumbnailer"),
        "{theory}"
    );
    assert_eq!(*rule, RuleId::DetourAttemptSuperseded);
    assert_eq!(span.as_ref().map(|s| s.0.as_str()), Some("08:10"));
}

#[test]
fn a_lead_followed_at_first_is_superseded_by_the_cause_found() {
    // "Initial investigation focused on X" is a theory held; the cause found names none of it.
    let inc = load("lead-followed-then-cause-found.md");
    let found = detours(&inc);
    assert_eq!(found.len(), 1, "{found:?}");
    let (_, theory, rule, span) = &found[0];
    assert!(theory.to_lowercase().contains("dashboard"), "{theory}");
    assert_eq!(*rule, RuleId::DetourSuperseded);
    assert_eq!(span.as_ref().map(|s| s.0.as_str()), Some("10:10"));
}

/// A system's own error quoted in an entry ("`No such file or directory`", "no such host") is
/// evidence of the failure, not a check that found nothing: it opens and ends no detour. A
/// check in the writer's words still does; a participle after an article ("the failed disk")
/// describes a thing and tells of no act.
#[test]
fn a_quoted_system_error_is_no_check_that_found_nothing() {
    let inc = load("quoted-error-strings.md");
    let found: Vec<_> = detours(&inc)
        .into_iter()
        .map(|(_, _, rule, span)| (rule, span))
        .collect();
    assert_eq!(
        found,
        [(
            RuleId::DetourRuledOut,
            Some(("02:15".to_string(), "02:15".to_string()))
        )],
        "{:?}",
        detours(&inc)
    );
    for i in [0, 1] {
        assert!(
            inc.timeline[i].branch.is_none() && inc.timeline[i].inferred.is_none(),
            "{:?}",
            inc.timeline[i]
        );
    }
    // "the failed disk": the cause named, not a failure told at 03:00.
    let last = &inc.timeline[3];
    assert_eq!(last.kind, retrace::model::EventKind::Identified, "{last:?}");
}

/// A check of what a symptom named, found fine ("database connection errors" · "tested
/// connectivity to the database server; connectivity was fine"), is a lead dropped: a detour
/// from the symptom that raised it. A verdict someone reports ("Lea says those warnings were
/// always there and unrelated") is on what was reported, not on the reporter: the detour is
/// named by the warnings and starts at the entry that raised them.
#[test]
fn a_check_found_fine_and_a_verdict_reported_by_someone() {
    let inc = load("said-by-someone-and-tested-fine.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "tested-connectivity",
                "Tested connectivity to the database server",
                RuleId::DetourNothingFound,
                span("17:18", "17:20")
            ),
            detour(
                "those-warnings",
                "Those warnings were always there",
                RuleId::DetourFellShort,
                span("17:30", "17:43")
            ),
        ]
    );
}

/// A cause denied in passing beside the cause found ("root cause identified in the rent logic;
/// confirmed not a scheduler bug"): the denied cause is a detour named by its own words, and
/// the entry still marks the identification.
#[test]
fn a_cause_denied_beside_the_cause_found() {
    let inc = load("denied-in-passing.md");
    assert_eq!(
        detours(&inc),
        [detour(
            "scheduler-bug",
            "A scheduler bug",
            RuleId::DetourFellShort,
            span("09:15", "09:15")
        )]
    );
    let identified = analyze(&inc)
        .milestones
        .at(retrace::model::MilestoneKind::Identified)
        .map(|t| t.format("%H:%M").to_string());
    assert_eq!(identified.as_deref(), Some("09:15"));
}

/// A request to another party that came to nothing ("ask the CDN provider to purge … (ticket
/// 7)" · "answers ticket 7: request declined"): a detour from the request to the answer.
#[test]
fn a_request_declined_by_another_party() {
    let inc = load("request-declined.md");
    let found = detours(&inc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, RuleId::DetourRuledOut);
    assert_eq!(found[0].3, span("09:00", "09:45"));
}

/// A machine power-cycled by hand, the host still down after it: the action is a detour
/// (`detour:still-not`); the host pinging again is the recovery.
#[test]
fn a_power_cycle_that_left_the_host_down() {
    let inc = load("reset-still-down.md");
    let found = detours(&inc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, RuleId::DetourStillNot);
    assert_eq!(found[0].3, span("10:31", "11:14"));
    let last = inc.timeline.last().map(|e| e.kind);
    assert_eq!(last, Some(EventKind::Recovery));
}

/// A recovery said to last only a moment ("The catalogue returns online for a brief moment")
/// tells by itself that the step just before it did not hold: that step is a detour
/// (`detour:fix-relapsed`), and the later recovery that held ends the impact.
#[test]
fn a_recovery_that_lasted_a_moment_rules_out_the_step_before_it() {
    let inc = load("back-only-for-a-moment.md");
    let found = detours(&inc);
    assert_eq!(found.len(), 1, "{found:?}");
    let (_, theory, rule, span_) = &found[0];
    assert_eq!(theory, "Search nodes are restarted with twice the memory");
    assert_eq!(*rule, RuleId::DetourFixRelapsed);
    assert_eq!(*span_, span("08:20", "08:21"));
    // "First observed …" is the detection.
    let detected = analyze(&inc)
        .milestones
        .at(retrace::model::MilestoneKind::Detected)
        .map(|t| t.format("%H:%M").to_string());
    assert_eq!(detected.as_deref(), Some("08:12"));
}

/// A timeline told in paragraphs led by their time: `**± 09:10 UTC:**` (plus or minus: about)
/// is an approximate time, and "At 09:40 UTC, …" is the entry's time, neither a label nor the
/// theory's name: the detour is named by the theory ("the new compression setting").
#[test]
fn paragraphs_led_by_about_and_at_a_time() {
    let inc = load("prose-led-by-times.md");
    let times: Vec<String> = inc
        .timeline
        .iter()
        .map(|e| e.at.format("%H:%M").to_string())
        .collect();
    assert_eq!(times, ["09:10", "09:25", "09:40", "10:05", "10:20"]);
    assert!(inc.timeline[0].approximate && inc.timeline[1].approximate);
    assert!(!inc.timeline[2].approximate);
    assert_eq!(
        detours(&inc),
        [detour(
            "compression-setting",
            "The new compression setting",
            RuleId::DetourRuledOut,
            span("09:25", "09:40")
        )]
    );
    // The disk "found full of" orphaned artifacts is the cause found.
    assert_eq!(inc.timeline[3].kind, EventKind::Identified);
}

/// An action-item table (`| :- |` separators, as GitHub allows) whose status says an action
/// tried during the incident failed: a detour, at the timeline entry that tells it ("Ben
/// clones the container …"), else without a time. The table's rows are no prose: "did not
/// work" in a status cell judges no timeline step, and the fix that worked stays on the main
/// line.
#[test]
fn an_action_item_marked_failed_is_a_detour() {
    let inc = load("action-item-failed.md");
    assert_eq!(
        detours(&inc),
        [
            detour(
                "clone-container",
                "Clone the container from a snapshot",
                RuleId::DetourActionItemFailed,
                span("09:40", "09:40")
            ),
            detour(
                "move-staging",
                "Move the staging site to a virtual machine",
                RuleId::DetourActionItemFailed,
                None
            ),
        ]
    );
    let fix = inc.timeline.last().expect("the fix");
    assert!(fix.branch.is_none(), "{fix:?}");
    // The items are still the report's action items.
    assert_eq!(inc.actions.len(), 4);
}

/// "**Mitigation attempt 1**: copying the kernel sources to our own mirror. Mitigation attempt
/// was **unsuccessful**, since …": the verdict's sentence only refers back to the attempt, so
/// the detour is named by the sentence before it. "… The attempt worked and builds pass again"
/// is the mitigation.
#[test]
fn a_verdict_that_refers_back_names_the_attempt_before_it() {
    let inc = load("attempt-referred-back.md");
    assert_eq!(
        detours(&inc),
        [detour(
            "copying-kernel",
            "Copying the kernel sources to our own mirror",
            RuleId::DetourRuledOut,
            span("08:53", "08:53")
        )]
    );
    let at = analyze(&inc)
        .milestones
        .at(retrace::model::MilestoneKind::Mitigated)
        .map(|t| t.format("%H:%M").to_string());
    assert_eq!(at.as_deref(), Some("10:00"));
}

/// A brief word that qualifies something else than the recovery ("API recovered; latency
/// spiked briefly during the config reload") rules nothing out; an action item's status that
/// only begins like a failure ("Failover runbook written") or tells of later work ("First test
/// failed, retrying in Q3") is no failed attempt.
#[test]
fn brief_words_and_statuses_that_are_no_verdict() {
    let inc = load("brief-word-elsewhere.md");
    assert_eq!(detours(&inc), []);
    let mitigated = analyze(&inc)
        .milestones
        .at(retrace::model::MilestoneKind::Mitigated)
        .map(|t| t.format("%H:%M").to_string());
    assert_eq!(mitigated.as_deref(), Some("09:25"));

    assert_eq!(detours(&load("action-status-not-a-failure.md")), []);
}

#[test]
fn a_belief_held_at_first_then_but_is_a_detour_without_a_time() {
    // "At first glance, it looked like the funds came from the lending pool, but …" and "This
    // initially led me to believe that this missing check was the issue, but …": each theory
    // is what was believed; "Initially the failed transfers were limited to one chain, but they
    // spread" tells a fact that changed, no belief, and is none.
    let inc = load("first-belief-then-but.md");
    let ruled_out = ruled_out_hypotheses(&inc);
    assert_eq!(
        ruled_out,
        [
            "The funds came from the lending pool",
            "This missing check was the issue"
        ]
    );
}

/// The hypotheses of the ruled-out branches of `inc`, in order.
fn ruled_out_hypotheses(inc: &Incident) -> Vec<&str> {
    inc.branches
        .iter()
        .filter(|b| b.outcome == Outcome::RuledOut)
        .map(|b| b.hypothesis.as_str())
        .collect()
}

/// Attempts made one after another, each judged in its own entry ("#101 hides the ignore file
/// from the CLI. Extraction still fails."): each is a detour of its own, named by what it did;
/// a later one does not take the earlier in as its start. A change named by its pull request
/// is an action.
#[test]
fn attempts_each_judged_in_their_own_entry_are_detours_of_their_own() {
    assert_eq!(
        theories_and_spans("attempts-each-still-failing.md"),
        [
            (
                "Hides the ignore file from the CLI".to_string(),
                span("11:40", "11:40")
            ),
            ("Pins the CLI to 5.3.2".to_string(), span("12:48", "12:48")),
        ]
    );
}

/// An attempt told without its subject after a theory already ruled out ("Theory: the bridge
/// config is wrong. Checked it; bridge config is fine" · "Tried a power cycle; still
/// unreachable"): a detour of its own, not a symptom line.
#[test]
fn an_attempt_told_without_its_subject_is_a_detour_of_its_own() {
    assert_eq!(
        theories_and_spans("router-rebuild-attempts.md"),
        [
            // Left open by its check, it ends when the cause is found.
            (
                "The bridge config is wrong".to_string(),
                span("22:30", "23:55")
            ),
            ("Power cycle".to_string(), span("23:10", "23:10")),
        ]
    );
}

/// Findings listed by their subject ("**Upsert syntax**: Real bug, but not the cause of the
/// outage") name the theory by that subject, not by the words of the verdict's clause; a label
/// that is the verdict itself ("Ruled out: a full disk") does not.
#[test]
fn findings_led_by_their_subject_are_named_by_it() {
    let inc = load("labelled-findings-not-the-cause.md");
    let theories: Vec<String> = detours(&inc).into_iter().map(|(_, t, ..)| t).collect();
    assert_eq!(
        theories,
        [
            "Job step isolation",
            "Upsert syntax",
            "Full disk on the worker"
        ]
    );
}

#[test]
fn an_attempt_that_brought_no_relief_and_a_theory_ruled_out_in_passing_are_detours() {
    // "did not restore ..." rules out the step it tells; "After ruling out the disk array"
    // names the theory it drops.
    // The symptom's onset before them ("Ledger writes slow down") is no part of either.
    let found = detours(&load("relief-not-brought.md"));
    let theories: Vec<String> = found.iter().map(|d| d.1.to_lowercase()).collect();
    assert_eq!(
        theories,
        ["restarting the ledger workers", "the disk array"]
    );
    let starts: Vec<String> = found
        .iter()
        .filter_map(|d| d.3.clone())
        .map(|s| s.0)
        .collect();
    assert_eq!(starts, ["13:15", "13:30"]);
}

#[test]
fn a_failover_and_failures_as_expected_are_no_verdicts() {
    // "still fails over" is a failover; "still fail ..., as expected" is the plan.
    let inc = load("planned-failures-are-no-verdict.md");
    assert_eq!(detours(&inc), []);
    assert!(inc.timeline.iter().all(|e| e.branch.is_none()));
}

#[test]
fn each_item_of_a_list_of_things_tried_in_vain_is_a_detour() {
    // "Things we tried that did not help:" · one item the timeline tells (a detour at its
    // entry), one it does not (a detour without a time).
    let found = detours(&load("tried-in-vain-list.md"));
    let told: Vec<(String, Option<(String, String)>)> =
        found.iter().map(|d| (d.1.clone(), d.3.clone())).collect();
    assert_eq!(
        told,
        [
            (
                "Restarting the upload workers".to_string(),
                span("10:15", "10:15")
            ),
            ("Moving uploads to the second region".to_string(), None),
        ]
    );
}

#[test]
fn items_under_a_heading_that_rules_them_out_are_detours() {
    // "## Red herrings", "## What didn't work": the heading is the items' caption.
    let theories: Vec<String> = detours(&load("red-herrings-heading.md"))
        .into_iter()
        .map(|d| d.1)
        .collect();
    assert_eq!(
        theories,
        [
            "The broker upgrade from the week before",
            "Spike of traffic from one tenant",
            "Adding two more consumers"
        ]
    );
}

#[test]
fn beliefs_held_at_first_and_steps_judged_in_prose_are_detours() {
    // A belief named as the first one held, an assumption "at first", a step as a gerund
    // judged as having no effect or only a passing one, a theory denied "as first thought";
    // not a sentence of intent or a judgement of the alarm "initially considered".
    let theories: Vec<String> = detours(&load("prose-beliefs-and-steps.md"))
        .into_iter()
        .map(|d| d.1.to_lowercase())
        .collect();
    for want in [
        "noisy neighbour",
        "payment provider",
        "scaling up the checkout service",
        "dns issue",
    ] {
        assert!(
            theories.iter().any(|t| t.contains(want)),
            "{want}: {theories:?}"
        );
    }
    assert_eq!(theories.len(), 4, "{theories:?}");
}

#[test]
fn a_step_that_brought_only_temporary_relief_is_a_detour() {
    let theories: Vec<String> = detours(&load("temporary-relief-in-prose.md"))
        .into_iter()
        .map(|d| d.1)
        .collect();
    assert_eq!(theories, ["Restarting the web workers"]);
}

#[test]
fn attempts_named_by_their_example_and_fixes_without_their_time() {
    // "We tried a few mitigations, including lowering …, but nothing seemed to help": named by
    // the example, not "Few mitigations". A fix told in prose "At around 2:00 UTC, the move was
    // done" that relapsed is named by what was done, not by its time.
    let found = detours(&load("examples-of-attempts.md"));
    let theories: Vec<(&str, RuleId)> = found.iter().map(|d| (d.1.as_str(), d.2)).collect();
    assert_eq!(
        theories,
        [
            ("The move was done", RuleId::DetourFixRelapsed),
            (
                "Lowering the number of runners started at once",
                RuleId::DetourRuledOutInProse
            ),
        ]
    );
}

#[test]
fn attempts_headed_with_their_failure_in_brackets_are_detours() {
    // "### Import on the same database version (failed)", "### … (didn't work)": each a detour,
    // on the entry that tells it when the timeline does; "(worked)" is none.
    let found = detours(&load("attempts-headed-with-their-failure.md"));
    let told: Vec<(&str, Option<(String, String)>)> =
        found.iter().map(|d| (d.1.as_str(), d.3.clone())).collect();
    assert_eq!(
        told,
        [
            ("Import on the same database version", None),
            (
                "Import of the schema from the old database",
                span("12:23", "12:23")
            ),
        ]
    );
    assert!(found.iter().all(|d| d.2 == RuleId::DetourRuledOutInProse));
}

#[test]
fn a_short_bracket_names_the_theory_and_a_long_one_is_an_aside() {
    // "Hardware (disk, memory) was ruled out": the comma inside the bracket cuts nothing.
    // "Deleting the stuck job (a reflex, in hindsight), which just made more": an aside.
    let theories: Vec<String> = detours(&load("names-with-brackets.md"))
        .into_iter()
        .map(|d| d.1)
        .collect();
    assert_eq!(
        theories,
        ["Deleting the stuck job", "Hardware (disk, memory)"]
    );
}

#[test]
fn a_step_repeated_before_a_try_that_failed_is_a_detour_each_time() {
    // "A hardware reset is issued" · "A hardware reset into the rescue image is issued" · … ·
    // "A hardware reset is carried out by support" · "the host still cannot be reached": the
    // last reset failed, and each earlier one did not help either; the power-button press
    // between them is another step, not the same one again.
    let found = detours(&load("steps-repeated-before-failing.md"));
    let mut spans: Vec<(Option<(String, String)>, RuleId)> =
        found.iter().map(|d| (d.3.clone(), d.2)).collect();
    spans.sort();
    let span = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
    assert_eq!(
        spans,
        [
            (span("09:06", "09:06"), RuleId::DetourTriedAgain),
            (span("09:21", "09:21"), RuleId::DetourTriedAgain),
            (span("10:05", "10:20"), RuleId::DetourStillNot),
        ]
    );
    // A step done again with no failure after it is the plan going on (staging, then
    // production), not a try that failed.
    assert_eq!(detours(&load("steps-repeated-as-the-plan.md")), []);
}

#[test]
fn each_version_tried_with_its_own_verdict_is_a_detour_of_its_own() {
    // "-hotfix tag rolled (rev 42); same error" · "-hotfix2 (rev 43) pushed; … 500s continue"
    // · "-hotfix3 (rev 44); same" · "-hotfix4 (rev 45); same": four versions, four detours, not
    // one detour said four times.
    let found = detours(&load("versions-each-with-a-verdict.md"));
    let starts: Vec<String> = found
        .iter()
        .filter_map(|d| d.3.as_ref().map(|s| s.0.clone()))
        .collect();
    assert_eq!(starts, ["21:16", "21:24", "21:29", "21:33"]);
    assert!(found[2].1.contains("hotfix3"), "{:?}", found[2]);
}

#[test]
fn a_verb_inside_a_service_name_repeats_no_step() {
    // "Paused the image-resize canary" · "Restarted a single image-resize pod …; no change":
    // the restart is a detour; the pause did not resize anything, and is no earlier try of it.
    let found = detours(&load("service-named-with-a-verb.md"));
    let starts: Vec<String> = found
        .iter()
        .filter_map(|d| d.3.as_ref().map(|s| s.0.clone()))
        .collect();
    assert_eq!(starts, ["06:12"]);
}

#[test]
fn a_theory_marked_with_a_cross_is_ruled_out() {
    // "Suspected the resolver cache ❌": the writer's cross is the verdict; the theory is
    // named without it. "❌ Health check failed" holds no theory: a symptom, no detour.
    let found = detours(&load("theory-marked-with-a-cross-dated.md"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1, "The resolver cache");
    assert_eq!(found[0].2, RuleId::DetourMarkedWrong);
    // "Initially concluded external infrastructure issue ❌": a conclusion held at first.
    let found = detours(&load("theory-marked-with-a-cross.md"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1, "External infrastructure issue");
}

#[test]
fn a_theory_checked_and_found_up_is_ruled_out() {
    // "suspected the catalog agent down" · "Verified the catalog agent is up and reachable":
    // the check found it well, the theory is ruled out where it was checked.
    let found = detours(&load("theory-checked-and-found-up.md"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].2, RuleId::DetourNothingFound);
    assert_eq!(found[0].3, Some(("15:30".to_string(), "16:00".to_string())));
    // Without a check, "is up and running again" is the recovery the fix brought: the theory
    // tested by the rebuild is not ruled out by it.
    assert_eq!(detours(&load("service-up-and-running-again.md")), []);
}

#[test]
fn a_system_that_attempts_and_fails_is_the_symptom_not_a_theory() {
    // "The index builder attempts to merge the segment … and fails with a checksum error": a
    // system's attempt, the start of the impact, not a theory of the responders; the on-call
    // engineer's rebuild after which the merge "still fails" is the one detour.
    let inc = load("a-system-attempts-and-fails.md");
    assert_eq!(inc.timeline[1].branch, None);
    assert_ne!(inc.timeline[1].kind, EventKind::Hypothesis);
    let ds = detours(&inc);
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert!(ds[0].1.contains("Rebuild"), "{ds:?}");
    let started = inc.milestones.get(retrace::model::MilestoneKind::Started);
    assert_eq!(started, Some(inc.timeline[1].at));
}

#[test]
fn a_step_then_the_report_it_was_done_then_the_symptom_still_seen() {
    // "redeploying the search app with the previous image" · "search app is redeployed" ·
    // "nope, still seeing socket hang-ups": one detour from the step on, the report of it done
    // on it too, named by the step (not by the report).
    let inc = load("a-step-and-its-done-report.md");
    let ds = detours(&inc);
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert!(ds[0].1.contains("redeploying the search app"), "{ds:?}");
    let id = inc.branches[0].id.as_str();
    for i in [1, 2, 3] {
        assert_eq!(inc.timeline[i].branch.as_deref(), Some(id), "{i}");
    }
    assert_eq!(inc.timeline[1].kind, EventKind::Hypothesis);
}

#[test]
fn a_rollback_reported_done_then_still_failing_is_the_rollbacks_detour() {
    // "Executes a rollback of the kubelet path" · "All nodes reverted, volume attachments still
    // failing": the verdict is on the rollback just before it (its report, "reverted", is the
    // same step: reverting is rolling back), not on the socket theory opened earlier, which
    // stays open.
    let inc = load("a-rollback-reported-done-still-failing.md");
    let ds = detours(&inc);
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert!(ds[0].1.contains("rollback"), "{ds:?}");
    assert_eq!(inc.timeline[3].kind, EventKind::Hypothesis);
    let theory = inc.timeline[2]
        .branch
        .as_deref()
        .expect("the theory has a branch");
    let b = inc
        .branches
        .iter()
        .find(|b| b.id == theory)
        .expect("branch");
    assert_ne!(b.outcome, Outcome::RuledOut);
}

#[test]
fn a_change_reverted_by_the_noun_of_its_verb_is_a_detour() {
    // "We applied a blanket redirect" · "Reverted all of the redirect handling": the revert
    // names the change by the word its step used as a noun ("redirect"), not by a thing it
    // acted on. Before, no detour was found.
    assert_eq!(
        detours(&load("step-reverted-noun.md")),
        [detour(
            "applied-blanket",
            "We applied a blanket redirect from old.example.com to new.example.com",
            RuleId::DetourStepReverted,
            span("12:30", "13:44")
        )]
    );
}

/// A contributing factor that says a thing set the responders on a false path ("a look-alike
/// certificate … created a false repair path"): a detour told in prose, without a time.
#[test]
fn a_false_repair_path_in_the_factors_is_a_detour() {
    let found = detours(&load("false-path-in-factors.md"));
    assert_eq!(found.len(), 1, "{found:?}");
    let (_, theory, rule, span) = &found[0];
    assert_eq!(*rule, RuleId::DetourRuledOutInProse);
    assert_eq!(*span, None);
    assert!(theory.contains("Look-alike certificate"), "{found:?}");
}
