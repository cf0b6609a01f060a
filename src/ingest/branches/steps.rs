//! Steps that did not help, told by the story's order rather than by a verdict's words: a step
//! whose object fails in a following entry ("Build is started." · "Build fails because of the
//! network.") or in its own ("ran the job by hand, failed"), a step undone later ("Reverted the
//! region change"), and a step tried again ("the instance is told to stop" · "the instance is
//! force stopped": the first try did not work).

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::{Ids, STEP_TAKEN, each_stem, is_attempt, mark_tried, new_branch, words_of};
use crate::ingest::lexicon::lists::{
    AUXILIARY, BY_MISTAKE, CLAUSE_WORDS, FAILED, FAILURE_FOLLOWERS, FINDING, Found, List,
    NOT_A_VERB, NOT_OBJECT, OPPOSITE_STEPS, PARTICLES, RELIEF, REVERTED, UNDONE_AS_RECOVERED,
    VERBS, Words,
};
use crate::ingest::words::{denied_by_words_before, match_starts};
use crate::model::{EventKind, Incident, Inference, Outcome, RuleId};

/// How many entries after a step the story is read for its failure or its second try.
const AHEAD: usize = 4;

/// Ends the steps that did not help, after the verdict-worded branches are linked: each step
/// taken in response (after the first entry that noticed, looked into or declared the
/// incident), on no branch or opening an attempt of its own still open, is a detour when
///
/// * the entry itself, after the step, says what it acted on failed, or just "failed" ("ran the
///   job by hand, failed: …"): rule [`RuleId::DetourStepFailed`], a detour of one entry;
/// * a following entry, before anything recovered, undoes it ("Reverted the region change",
///   "the TTL bump was backed out"), unless the step was itself a rollback ("opened a PR to
///   roll back the release" · "rolls back the release"): rule [`RuleId::DetourStepReverted`],
///   the detour runs from the step to the undoing;
/// * a following entry, before anything recovered, does its opposite to a thing it acted on
///   ("Disable the region by removing it from the list" · "Restore the region in the list"):
///   rule [`RuleId::DetourStepUndone`], the detour runs from the step to its opposite;
/// * a following entry, before anything recovered, says what it acted on failed or happened
///   again ("Build restarted." · "Build fails again."; "tries to re-raise the worker" · "the
///   worker terminated again"): rule [`RuleId::DetourStepFailed`], the detour runs from the
///   step to that entry;
/// * a following step acts on the same thing again ("again", "this time", "force", "second",
///   a re- of its verb), or with the same verb on the same thing ("restarts all services" ·
///   "restarts services"): rule [`RuleId::DetourTriedAgain`], the detour is the first step
///   (it lasts until the entry after it).
///
/// `found` is the lexicon's quick test of each entry (parallel to the timeline; of its
/// normalised text, which holds every listed word the entry holds).
pub(super) fn failed_steps(incident: &mut Incident, ids: &mut Ids, found: &[Found]) {
    let n = incident.timeline.len();
    let Some(first) = response_start(incident) else {
        return;
    };
    // Each entry read once: its step words, the failure and the undoing it tells. The step
    // words only when first asked for (a step, or an entry after one), the others at once.
    let reads: Vec<OnceCell<Step>> = (0..n).map(|_| OnceCell::new()).collect();
    // Whether an entry undoing a step gives the recovery as its reason: asked of an entry
    // for each of the steps before it, read once.
    let as_recovered: Vec<OnceCell<bool>> = (0..n).map(|_| OnceCell::new()).collect();
    // Which of the failure and undoing words each entry holds at all (`found`): every rule
    // below reads the words again itself, the same answers.
    let failures: Vec<Option<Failure>> = incident
        .timeline
        .iter()
        .zip(found)
        .map(|(e, f)| failure(&e.text, *f))
        .collect();
    let undoings: Vec<Option<(String, String)>> = incident
        .timeline
        .iter()
        .zip(found)
        .map(|(e, f)| reverted(&e.text, *f))
        .collect();
    // Whether an entry's step words hold no verb of doing, known without reading them: an
    // ASCII entry whose quick test holds no verb's stem (as `Step::is` reads it). Such an
    // entry is the same step as none and does none again (both need a verb in common).
    let verbless: Vec<bool> = incident
        .timeline
        .iter()
        .zip(found)
        .map(|(e, f)| e.text.is_ascii() && !f.has(List::Verbs))
        .collect();
    let mut passed = Passed::default();
    let mut i = first + 1;
    while i < n {
        let Some(open) = free_step(incident, i, found[i], &mut passed) else {
            i += 1;
            continue;
        };
        let step = reads[i].get_or_init(|| Step::read(&incident.timeline[i].text));
        // Whether the step tells a verb with an opposite: read once for all the later entries.
        let undoable = OnceCell::new();
        // The step and its failure told in one entry ("ran the build by hand, failed: …";
        // "workspaces wiped on the bad nodes. One node refuses the delete").
        let mut verdict = own_failure(&incident.timeline[i].text, found[i])
            .map(|why| (vec![i], Inference::new(RuleId::DetourStepFailed, why)));
        // A step the writer labelled the mitigation (`Mitigated — …`, `一次復旧 — …`) worked:
        // a later step on the same thing is the next one, not a second try (its failure,
        // told, still makes it a detour).
        let labelled_fix = incident.timeline[i].inferred.as_ref().is_some_and(|why| {
            matches!(
                why.rule,
                RuleId::MarkerMitigation | RuleId::MarkerResolution
            )
        });
        for j in i + 1..n.min(i + 1 + AHEAD) {
            if verdict.is_some() {
                break;
            }
            let later = &incident.timeline[j];
            // Undone later ("Reverted the region change"): it did not help. A rollback carried
            // out later ("opens a PR to roll back the change" · "rolls back") is no undoing.
            if let Some((undone, what)) = &undoings[j]
                && undoings[i].is_none()
                && step.named_by(what, incident.timeline[i].kind)
                && !tells_finding(&incident.timeline[i].text)
            {
                verdict = Some((
                    vec![i, j],
                    Inference::new(RuleId::DetourStepReverted, undone.as_str()),
                ));
                break;
            }
            // Its opposite done to the same thing ("Disable the region by removing it from
            // the list" · "Restore the region in the list"): it was given up. (A step without a
            // verb that has an opposite is undone by nothing: later entries are not read.)
            if !matches!(
                later.kind,
                EventKind::Recovery | EventKind::Resolution | EventKind::Communication
            ) && !*as_recovered[j].get_or_init(|| undone_as_recovered(&later.text, found[j]))
                && *undoable.get_or_init(|| may_be_undone(&incident.timeline[i].text))
                && let Some(opposite) = step.undone_by(
                    &incident.timeline[i].text,
                    reads[j].get_or_init(|| Step::read(&later.text)),
                    &later.text,
                )
            {
                verdict = Some((
                    vec![i, j],
                    Inference::new(RuleId::DetourStepUndone, opposite),
                ));
                break;
            }
            if let Some(failed) = &failures[j]
                // Something happening again is a failure when it is noticed as a symptom, not
                // when it works again ("validators are signing again").
                && (failed.matched.as_str() != "again"
                    || matches!(later.kind, EventKind::Detection | EventKind::ImpactStart))
                && (step.shares(&failed.subject)
                    // Nothing named before the failure in its clause ("reindexing reaches
                    // production, but fails"): what failed is what the words before told.
                    || (failed.subject.is_empty()
                        && told_before_but(&later.text, failed)
                            .is_some_and(|before| step.shares(&before))))
            {
                verdict = Some((
                    vec![i, j],
                    Inference::new(RuleId::DetourStepFailed, failed.matched.as_str()),
                ));
                break;
            }
            // Done again later (not the same step told twice at one time): the first try, and
            // what was said of it before the second ("deleting the stuck pods" · "deleting
            // them does not seem to do anything" · "force-deleting the pods").
            // (A step without a verb of doing shares none with a later one, nor a later entry
            // without one, `verbless`, with the step: the later entry is not read for it.)
            if later.at > incident.timeline[i].at
                && !labelled_fix
                && !step.verbs.is_empty()
                && !verbless[j]
                && let Some(again) = step.again(
                    reads[j].get_or_init(|| Step::read(&later.text)),
                    &later.text,
                )
            {
                let mut tried = vec![i];
                tried.extend((i + 1..j).filter(|&k| {
                    let e = &incident.timeline[k];
                    e.branch.is_none()
                        && !matches!(e.kind, EventKind::Recovery | EventKind::Resolution)
                        && !verbless[k]
                        && step.same(reads[k].get_or_init(|| Step::read(&e.text)))
                }));
                verdict = Some((tried, Inference::new(RuleId::DetourTriedAgain, again)));
                break;
            }
            if matches!(later.kind, EventKind::Recovery | EventKind::Resolution) {
                break;
            }
        }
        let Some((members, why)) = verdict else {
            i += 1;
            continue;
        };
        let id = match open {
            Some(b) => {
                let branch = &mut incident.branches[b];
                branch.outcome = Outcome::RuledOut;
                branch.inferred = Some(why.clone());
                branch.id.clone()
            }
            None => {
                let text = without_actor(&incident.timeline[i].text);
                new_branch(incident, ids, &text, None, Some(&why), Outcome::RuledOut)
            }
        };
        // It did not help: a step tried, not the mitigation.
        for &k in &members {
            mark_tried(incident, k, &id, &why, STEP_TAKEN);
        }
        i = members.iter().max().map_or(i, |&k| k) + 1;
    }
}

/// Steps repeated to no avail: a step taken in response (after the first entry that noticed or
/// looked into the problem), on no branch, that a later step does again (a verb of doing and a
/// thing acted on in common), with no word saying so, when that later step is itself a detour
/// (its failure told: "A hardware reset is issued" · "A hardware reset into the rescue image
/// is issued" · … · "A hardware reset by support" · "the host still cannot be reached"). Each
/// earlier try did not help either: a detour of its own entry, rule
/// [`RuleId::DetourTriedAgain`], its words the later step's verb. Without the later failure
/// a repeat is read as the next step ("deploy to staging" · "deploy to production"). Looks
/// back at most [`AHEAD`] entries from each failed step, stopping at anything that recovered.
/// `found` is the lexicon's quick test of each entry (parallel to the timeline).
pub(super) fn steps_repeated_before_failing(
    incident: &mut Incident,
    ids: &mut Ids,
    found: &[Found],
) {
    let Some(first) = response_start(incident) else {
        return;
    };
    let ruled_out: HashSet<String> = incident
        .branches
        .iter()
        .filter(|b| b.outcome == Outcome::RuledOut)
        .map(|b| b.id.clone())
        .collect();
    if ruled_out.is_empty() {
        return;
    }
    let n = incident.timeline.len();
    // An earlier try is an entry the lexicon read as a step (an action or a mitigation, not a
    // check whose words hold a verb: "Checked the dashboards; OOMKilled restarts every few
    // minutes"), on no branch.
    let a_try = |e: &crate::model::Event| {
        e.branch.is_none() && matches!(e.kind, EventKind::Action | EventKind::Mitigation)
    };
    for (k, &found_k) in found.iter().enumerate().take(n).skip(first + 1) {
        let e = &incident.timeline[k];
        // The first entry of a detour, not a theory tested ("Hypothesis is this was changed
        // to a wrong value"), with a step it might repeat among the few entries before it:
        // read no further otherwise (nearly every entry).
        if !e.branch.as_ref().is_some_and(|b| ruled_out.contains(&**b))
            || e.branch == incident.timeline[k - 1].branch
            || e.inferred
                .as_ref()
                .is_some_and(|w| w.rule == RuleId::DetourHypothesis)
            || !incident.timeline[k.saturating_sub(AHEAD).max(first + 1)..k]
                .iter()
                .any(a_try)
            || !(matches!(e.kind, EventKind::Action | EventKind::Mitigation)
                || Step::is(&e.text, EventKind::Note, found_k))
        {
            continue;
        }
        let later = Step::read(&e.text);
        if later.verbs.is_empty() {
            continue;
        }
        // A step named by its gerund is told back, not done again ("noticed that restarting
        // the payment pods did not help" is the verdict on the restart before it).
        let Some(verb) = shared_verb(&e.text, &later).filter(|v| !v.ends_with("ing")) else {
            continue;
        };
        // Each try found opens the window again: a reset, a reset, another step, a reset.
        let mut tries = Vec::new();
        let mut from = k;
        let mut j = k;
        while j > first + 1 && from - (j - 1) <= AHEAD {
            j -= 1;
            let e = &incident.timeline[j];
            if matches!(e.kind, EventKind::Recovery | EventKind::Resolution) {
                break;
            }
            if a_try(e)
                && e.at < incident.timeline[k].at
                && Step::read(&e.text).same(&later)
                // The same verb told as a word of its own, not inside a name.
                && shared_verb(&e.text, &later).is_some_and(|w| verb_stem(&w) == verb_stem(&verb))
                && !told_as_done_before(&e.text, &later)
            {
                tries.push(j);
                from = j;
            }
        }
        for j in tries.into_iter().rev() {
            let why = Inference::new(RuleId::DetourTriedAgain, verb.as_str());
            let text = without_actor(&incident.timeline[j].text);
            let id = new_branch(incident, ids, &text, None, Some(&why), Outcome::RuledOut);
            mark_tried(incident, j, &id, &why, STEP_TAKEN);
        }
    }
}

/// The verb stem a word stands for ("restarted" → "resta"), if it is a verb of doing.
fn verb_stem(word: &str) -> Option<String> {
    words_of(word)
        .iter()
        .find_map(|s| verb_of(s))
        .map(str::to_string)
}

/// Whether `text` tells the step's verb in a perfect ("xpub secret *has been changed*", "the
/// job *had deleted* them"): a state found, not a try.
fn told_as_done_before(text: &str, step: &Step) -> bool {
    let Some(verb) = shared_verb(text, step) else {
        return false;
    };
    let low = text.to_lowercase();
    let words: Vec<&str> = low
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .iter()
        .position(|w| *w == verb)
        .and_then(|at| at.checked_sub(1))
        .is_some_and(|b| matches!(words[b], "been" | "had" | "has" | "have"))
}

/// The first word of `text` that is one of `step`'s verbs of doing, as written (lower case).
/// A verb inside a hyphenated name is none ("image-resize"), a re- prefix is ("re-ran").
fn shared_verb(text: &str, step: &Step) -> Option<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(str::to_lowercase)
        .filter(|w| !w.contains('-') || w.starts_with("re-"))
        .find(|w| {
            words_of(w)
                .iter()
                .filter_map(|s| verb_of(s))
                .any(|v| step.verbs.binary_search(&Stem::new(v)).is_ok())
        })
}

/// A step taken in response that its own entry says was done by mistake ([`BY_MISTAKE`]:
/// "double the storage, but mistakenly double the app server's disk"; "we forward-fixed the
/// apps; in doing so the namespaces were accidentally deleted"): it did not help, a detour of
/// that entry, rule [`RuleId::DetourStepByMistake`]. Only entries after the first that noticed
/// or looked into the problem (before it, a mistake is where the problem came from), on no
/// branch, that neither tell the problem (a detection, an impact start) nor its cause found
/// ("found that someone accidentally deleted the record" is the cause, an identification); a
/// cause blamed by mistake ("mistakenly attributed to") is [`RuleId::DetourMistaken`]'s.
/// `found` is the lexicon's quick test of each entry (parallel to the timeline).
pub(super) fn steps_by_mistake(incident: &mut Incident, ids: &mut Ids, found: &[Found]) {
    let Some(first) = response_start(incident) else {
        return;
    };
    for i in first + 1..incident.timeline.len() {
        let e = &incident.timeline[i];
        if e.branch.is_some()
            || matches!(
                e.kind,
                EventKind::Detection | EventKind::ImpactStart | EventKind::Identified
            )
        {
            continue;
        }
        // Nearly no entry holds a mistake word: an ASCII entry without one in any case (its
        // quick test) is read no further, another one only after one pass of an automaton of
        // them over its lower case; the search below finds none where these find none.
        static MISTAKE_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(BY_MISTAKE, false));
        if e.text.is_ascii() && found.get(i).is_some_and(|f| !f.has(List::ByMistake)) {
            continue;
        }
        let low = e.text.to_lowercase();
        if !MISTAKE_WORDS.any_whole_word_in(&low) {
            continue;
        }
        let Some(word) = BY_MISTAKE.iter().find(|w| {
            whole_word(&low, w).is_some_and(|at| {
                !blames(&low[at + w.len()..])
                    && !found_before(&low[..at])
                    && !in_relative_clause(&low, at)
            })
        }) else {
            continue;
        };
        let why = Inference::new(RuleId::DetourStepByMistake, *word);
        let text = without_actor(&incident.timeline[i].text);
        let id = new_branch(incident, ids, &text, None, Some(&why), Outcome::RuledOut);
        mark_tried(incident, i, &id, &why, STEP_TAKEN);
    }
}

/// Whether the words before a mistake word tell a finding ([`FINDING`]: "we *found that* the
/// job had accidentally deleted the records"): the mistake is the cause found, not a step.
fn found_before(before: &str) -> bool {
    FINDING.iter().any(|f| whole_word(before, f).is_some())
}

/// Whether the mistake word at byte `at` of `low` stands in a relative clause ("the cron job
/// *that* accidentally wrote debug logs … was stopped"): it tells what the thing acted on did,
/// the cause, not the step's own verb.
fn in_relative_clause(low: &str, at: usize) -> bool {
    low[clause_start(low, at)..at]
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w, "that" | "which" | "who" | "whose"))
}

/// Whether `text` tells a finding before any verb of doing ([`FINDING`]: "Mia *found* the
/// config change had set the replicas to zero"): what it names was found, not done, and a
/// later revert of it is the fix, not a step undone.
fn tells_finding(text: &str) -> bool {
    let low = text.to_lowercase();
    let mut at = 0;
    for w in low.split_inclusive(char::is_whitespace) {
        if tells_verb(w) {
            break;
        }
        at += w.len();
    }
    found_before(&low[..at])
}

/// Whether the words after a mistake word tell a cause blamed or a step not taken, not a step
/// ("mistakenly *attributed* to", "accidentally *blamed*", "mistakenly *assumed*";
/// "accidentally *not* deployed").
fn blames(after: &str) -> bool {
    after.split_whitespace().next().is_some_and(|w| {
        [
            "attribut", "blame", "assum", "believ", "thought", "report", "flag", "marked", "not",
            "never",
        ]
        .iter()
        .any(|b| w.starts_with(b))
    })
}

/// Where the response begins: the first entry that noticed, looked into or declared the
/// incident (a detection, an acknowledgement, an investigation, the cause found, a theory);
/// an update (a communication) only when no such entry comes at all: an update before the
/// problem was noticed ("maintenance announced to customers") starts no response. A change
/// before it is where the problem came from, not a step taken on it.
pub(super) fn response_start(incident: &Incident) -> Option<usize> {
    let first = |want: fn(EventKind) -> bool| incident.timeline.iter().position(|e| want(e.kind));
    first(|kind| {
        matches!(
            kind,
            EventKind::Detection
                | EventKind::Acknowledge
                | EventKind::Investigation
                | EventKind::Identified
                | EventKind::Hypothesis
        )
    })
    .or_else(|| first(|kind| kind == EventKind::Communication))
}

/// Whether an entry of kind `kind` and words `text` tells a step taken on the system (an
/// action, a mitigation, or a note, an investigation or a theory with a verb of doing not
/// denied).
pub(super) fn tells_step(text: &str, kind: EventKind) -> bool {
    Step::is(text, kind, Found::in_text(text))
}

/// How many telling words a step named elsewhere and the entry that tells it share at least.
pub(super) const SHARED: usize = 2;

/// A step named in other words than its entry's (a verdict's clause, "restarting the payment
/// workers did not help"; what a problem came from, "as a result of flushing the pool"): its
/// telling words (stems, small words and numbers left out) and its verbs of doing.
pub(super) struct NamedStep {
    words: Vec<String>,
    verbs: Vec<Stem>,
}

impl NamedStep {
    /// The step named by `text`; `None` when it holds fewer than [`SHARED`] telling words.
    pub(super) fn read(text: &str) -> Option<NamedStep> {
        let words: Vec<String> = words_of(text)
            .into_iter()
            .filter(|w| !NOT_OBJECT.contains(&w.as_str()) && w.parse::<u64>().is_err())
            .collect();
        (words.len() >= SHARED).then(|| NamedStep {
            words,
            verbs: Step::read(text).verbs,
        })
    }

    /// How many of the step's telling words the entry `text` holds; 0 when both tell a verb
    /// of doing and none in common ("restarting the workers" is not "workers scaled out").
    pub(super) fn shared(&self, text: &str) -> usize {
        if !self.verbs.is_empty() {
            let own = Step::read(text).verbs;
            if !own.is_empty() && !meet(&self.verbs, &own) {
                return 0;
            }
        }
        let own = words_of(text);
        self.words.iter().filter(|w| own.contains(*w)).count()
    }
}

/// Whether `report` tells that the step of `step_text` was done, in a past participle of the
/// same verb ("catalogue app is *redeployed*" after "*redeploying* the catalogue app with the
/// old image", "all nodes *restarted*" after "*restart* every node"): the report of a step, not
/// a step of its own.
pub(super) fn done_report_of(report: &str, step_text: &str) -> bool {
    let step = Step::read(step_text);
    !step.verbs.is_empty() && shared_verb(report, &step).is_some_and(|w| w.ends_with("ed"))
}

/// Whether `text` holds a verb of doing ([`VERBS`]), and so may tell a step, whatever its kind.
pub(crate) fn holds_step_verb(text: &str) -> bool {
    // `Step::read(text).verbs` is not empty exactly when a stem is a verb.
    tells_verb(text)
}

/// The thing a check found fine (`why`, a nothing-found verdict) names in the clause before
/// its verdict, check verbs left out ("Confirm that the VMs and load balancers are all OK" →
/// "the VMs and load balancers"); `None` for a pronoun or everything ("it looks fine",
/// "everything was normal").
pub(super) fn checked_own_subject(text: &str, why: &Inference) -> Option<String> {
    const CHECKING: &[&str] = &[
        "confirm",
        "confirms",
        "confirmed",
        "check",
        "checks",
        "checked",
        "verify",
        "verifies",
        "verified",
        "that",
        "we",
        "they",
        "team",
        "and",
        "also",
        "both",
    ];
    const NOT_A_THING: &[&str] = &[
        "all", "are", "was", "were", "the", "thi", "thing", "every", "anyth", "nothi", "its",
        "still", "now", "again", "found", "seem", "seeme", "look", "looke",
    ];
    // ASCII lower-casing keeps every byte where it was: offsets in `low` are offsets in `text`.
    let low = text.to_ascii_lowercase();
    let at = low.find(&why.matched.to_ascii_lowercase())?;
    let mut clause = text[clause_start(&low, at)..at].trim();
    while let Some((first, rest)) = clause.split_once(char::is_whitespace) {
        if !CHECKING.contains(&first.to_lowercase().as_str()) {
            break;
        }
        clause = rest.trim_start();
    }
    // The verb before the verdict ("are", "look", "seem") is no part of the thing.
    let thing = clause
        .trim_end()
        .rsplit_once(char::is_whitespace)
        .filter(|(_, last)| {
            matches!(
                last.to_lowercase().as_str(),
                "is" | "are" | "was" | "were" | "looks" | "look" | "looked" | "seems" | "seem"
            )
        })
        .map_or(clause, |(head, _)| head)
        .trim();
    words_of(thing)
        .iter()
        .any(|w| !NOT_A_THING.contains(&w.as_str()))
        .then(|| thing.to_string())
}

/// A step's words without who took it ("Lee kicks off a clean build" → "kicks off a clean
/// build"): a detour is named in neutral words.
fn without_actor(text: &str) -> String {
    let mut words = text.split_whitespace();
    let (Some(_who), Some(verb)) = (words.next(), words.next()) else {
        return text.to_string();
    };
    let tells_step =
        verb.to_lowercase().ends_with('s') && words_of(verb).iter().any(|w| verb_of(w).is_some());
    if tells_step && words.next().is_some() {
        text.split_once(char::is_whitespace)
            .map_or(text, |(_, rest)| rest.trim_start())
            .to_string()
    } else {
        text.to_string()
    }
}

/// Whether entry `i` is a step free to be found failed: `Some(None)` on no branch, `Some(Some(b))`
/// when it opened attempt `b`, still open; `None` otherwise.
fn free_step(
    incident: &Incident,
    i: usize,
    found: Found,
    passed: &mut Passed,
) -> Option<Option<usize>> {
    let e = &incident.timeline[i];
    let Some(id) = e.branch.as_deref() else {
        return Step::is(&e.text, e.kind, found).then_some(None);
    };
    passed.catch_up(incident, i);
    let b = *passed.first_at.get(id)?;
    let branch = &incident.branches[b];
    let opened_here = !passed.ids_before.contains(id);
    (branch.outcome == Outcome::Open
        && opened_here
        // A discrete attempt ("attempted to re-raise the worker"), not something ongoing ("the
        // provisioner is trying to create instances").
        && branch
            .inferred
            .as_ref()
            .is_some_and(|h| is_attempt(h) && !h.matched.starts_with("trying")))
    .then_some(Some(b))
}

/// What [`free_step`] knows of the entries the loop has passed, kept as it goes (a lookup, not
/// a scan of the timeline and the branches per entry on a branch: linear in a long incident).
/// Entries before the one read are never changed again, and branches are only added.
#[derive(Default)]
struct Passed {
    /// Where each branch id first stands in `incident.branches`.
    first_at: HashMap<String, usize>,
    /// The branch ids of the entries before `upto`.
    ids_before: HashSet<String>,
    upto: usize,
    branches: usize,
}

impl Passed {
    /// Brings the two up to entry `i` and to the branches there are now.
    fn catch_up(&mut self, incident: &Incident, i: usize) {
        for e in incident.timeline.get(self.upto..i).unwrap_or_default() {
            if let Some(id) = e.branch.as_deref()
                && !self.ids_before.contains(id)
            {
                self.ids_before.insert(id.to_string());
            }
        }
        self.upto = self.upto.max(i);
        for (k, b) in incident.branches.iter().enumerate().skip(self.branches) {
            self.first_at.entry(b.id.clone()).or_insert(k);
        }
        self.branches = incident.branches.len();
    }
}

/// A failure told in an entry: the words that tell it, and what failed (the few words before
/// them in their clause).
struct Failure {
    matched: String,
    subject: String,
    /// Nothing stands before the failure in its clause ("ran it by hand, failed"): what failed
    /// is what the clause before told.
    bare: bool,
    /// Where its clause starts in the lower-cased text.
    clause_start: usize,
}

/// How many words back from a failure the thing that failed is looked for.
const SUBJECT_WORDS: usize = 3;

/// The first failure told in `text` (see [`FAILED`]), with what failed before it. `found` is
/// the quick test of `text`.
fn failure(text: &str, found: Found) -> Option<Failure> {
    if !found.has(List::Failed) {
        return None;
    }
    static FAILED_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(FAILED, false));
    let low = text.to_ascii_lowercase();
    let (at, word) = FAILED_WORDS.first_whole_word(&low)?;
    let clause_start = clause_start(&low, at);
    let mut before = low[clause_start..at].split_whitespace().rev().peekable();
    if before.peek().is_some_and(|w| NOT_A_VERB.contains(w)) {
        return None;
    }
    let bare = before.peek().is_none();
    // A failure word opening its clause and followed by a thing is an adjective ("Failed
    // notifications began to recover"), not what a step came to ("ran it by hand, failed: ...",
    // "failed with exit 1").
    if bare
        && low[at + word.len()..]
            .strip_prefix(' ')
            .and_then(|rest| rest.split_whitespace().next())
            .is_some_and(|next| {
                next.starts_with(|c: char| c.is_ascii_alphabetic())
                    && !FAILURE_FOLLOWERS
                        .contains(&next.trim_end_matches(|c: char| !c.is_ascii_alphabetic()))
            })
    {
        return None;
    }
    // What ought to have happened is no failure ("30 sequences should have failed QC").
    let mut counterfactual = low[clause_start..at].split_whitespace().rev();
    if counterfactual.next() == Some("have")
        && counterfactual
            .next()
            .is_some_and(|m| matches!(m, "should" | "could" | "might" | "must"))
    {
        return None;
    }
    let mut subject = Vec::new();
    for w in before {
        if NOT_A_VERB.contains(&w) && matches!(w, "if" | "whether") {
            return None;
        }
        if CLAUSE_WORDS.contains(&w) || subject.len() == SUBJECT_WORDS {
            break;
        }
        if !AUXILIARY.contains(&w) {
            subject.push(w);
        }
    }
    subject.reverse();
    Some(Failure {
        matched: word.to_string(),
        subject: subject.join(" "),
        bare,
        clause_start,
    })
}

/// What failed when a failure follows "but" with nothing named between ("reindexing reaches
/// production, but fails"): the words before the "but", lower case, when they tell no step of
/// their own ("the rollback was attempted but failed" is that rollback's failure). `None`
/// otherwise (a relative clause, "pods that have been failing", tells a state).
fn told_before_but(text: &str, failed: &Failure) -> Option<String> {
    let low = text.to_ascii_lowercase();
    let at = low.find(failed.matched.as_str())?;
    let mut words = low[..at]
        .split_whitespace()
        .rev()
        .filter(|w| !AUXILIARY.contains(w));
    if words.next() != Some("but") {
        return None;
    }
    let but = low[..at].rfind("but")?;
    let before = low[..but].trim_end_matches([' ', ',']);
    Step::read(before)
        .verbs
        .is_empty()
        .then(|| before.to_string())
}

/// A step and its failure in one entry: the failure's words, when the clauses before the
/// failure tell a step and what failed is what that step acted on, or is not said ("ran the
/// build by hand, failed"); or the symptom told after the step in contrast ("AMI deployed, but
/// still connection issues"; not work going on: "but still monitoring").
fn own_failure(text: &str, found: Found) -> Option<String> {
    let low = text.to_ascii_lowercase();
    if let Some(failed) = failure(text, found).filter(|f| f.matched != "again") {
        let step = Step::read(low.get(..failed.clause_start)?);
        return (!step.verbs.is_empty() && (failed.bare || step.shares(&failed.subject)))
            .then_some(failed.matched);
    }
    // "AMI deployed, but still connection issues": the symptom after the step, in contrast.
    let at = whole_word(&low, "but still")?;
    let next = low[at + "but still".len()..].split_whitespace().next()?;
    let still_doing = [
        "monitor",
        "wait",
        "watch",
        "investigat",
        "work",
        "look",
        "check",
        "need",
        "ha",
        "in",
        "on",
        "under",
    ];
    (!still_doing.iter().any(|w| next.starts_with(w)) && !Step::read(&low[..at]).verbs.is_empty())
        .then(|| "but still".to_string())
}

/// A step undone told in `text`: the words that say so and what was undone (the few words
/// after them, "reverted *the region change*", or before them, "*the region change* was
/// reverted"); `None` when only the state gone back to is named ("rolled back to 1.2").
/// `found` is the quick test of `text`.
fn reverted(text: &str, found: Found) -> Option<(String, String)> {
    if !found.has(List::Reverted) {
        return None;
    }
    static REVERTED_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(REVERTED, false));
    let low = text.to_ascii_lowercase();
    let (at, word) = REVERTED_WORDS.first_whole_word(&low)?;
    let mut after = low[at + word.len()..]
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .filter(|w| !w.is_empty() && !matches!(*w, "the" | "a" | "an" | "our"))
        .peekable();
    if after.peek().is_some_and(|w| matches!(*w, "to" | "from")) {
        return None;
    }
    let mut what: Vec<&str> = after
        .take_while(|w| !CLAUSE_WORDS.contains(w) && !matches!(*w, "to" | "since" | "for"))
        .take(SUBJECT_WORDS + 1)
        .collect();
    let mut before = low[..at].split_whitespace().rev();
    if before
        .next()
        .is_some_and(|w| matches!(w, "was" | "were" | "is" | "are" | "been" | "got" | "gets"))
    {
        what.extend(before.take(SUBJECT_WORDS));
    }
    Some((word.to_string(), what.join(" ")))
}

/// Where the clause holding byte `at` of `low` starts (after the last `.`, `;`, `,`, `:`, `(`
/// or `—` before it).
fn clause_start(low: &str, at: usize) -> usize {
    low[..at]
        .rfind(['.', ';', ',', ':', '(', '—'])
        .map_or(0, |p| p + low[p..].chars().next().map_or(1, char::len_utf8))
}

/// Whether an entry undoing a step gives the recovery as its reason ([`UNDONE_AS_RECOVERED`]:
/// "re-enabled the notifications *once* the backlog was under 1k"; or a [`RELIEF`] phrase,
/// "the cache is enabled again and latency *recovered*"): a temporary measure that helped.
/// `found` is the lexicon's quick test of `text`.
fn undone_as_recovered(text: &str, found: Found) -> bool {
    // Few entries hold a phrase: an ASCII entry without one in any case (its quick test) is
    // read no further, another one only after one pass of an automaton of them over its lower
    // case; the search below finds none where these find none.
    static PHRASES: LazyLock<Words> = LazyLock::new(|| {
        let all: Vec<&'static str> = UNDONE_AS_RECOVERED.iter().chain(RELIEF).copied().collect();
        Words::new(&all, false)
    });
    if text.is_ascii() && !found.has(List::RecoveredWords) {
        return false;
    }
    let low = text.to_lowercase();
    if !PHRASES.any_whole_word_in(&low) {
        return false;
    }
    UNDONE_AS_RECOVERED
        .iter()
        .chain(RELIEF)
        .any(|p| whole_word(&low, p).is_some())
}

/// The first `n` characters of `w` (all of it when shorter): `w.chars().take(n)` as a slice.
fn first_chars(w: &str, n: usize) -> &str {
    w.char_indices().nth(n).map_or(w, |(at, _)| &w[..at])
}

/// The byte offset of `word` in `low` standing as whole words.
fn whole_word(low: &str, word: &str) -> Option<usize> {
    match_starts(low, word).find(|&at| {
        let before = low[..at].chars().next_back();
        let after = low[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A step's words: its verbs of doing (a re- taken off) and what it acted on (stems; small
/// words left out). Each a sorted list without repeats (a set: an entry has few words, and
/// every entry is read).
struct Step {
    verbs: Vec<Stem>,
    objects: Vec<Stem>,
}

/// A stem kept inline as two numbers: a stem is at most five characters (see
/// [`super::stem`]), so at most 20 bytes, and reading an entry's step words allocates nothing
/// per word. Equal stems, equal numbers; ordered by the numbers (a set's order, not the
/// alphabet's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Stem {
    /// Bytes 0..16, the first in the highest byte.
    head: u128,
    /// Bytes 16..20, then the length.
    tail: u64,
}

impl Stem {
    /// The stem `s` (at most 20 bytes: longer text is cut, which no stem is).
    fn new(s: &str) -> Stem {
        let mut bytes = [0u8; 24];
        let len = s.len().min(20);
        bytes[..len].copy_from_slice(&s.as_bytes()[..len]);
        bytes[23] = len as u8;
        let (head, tail) = bytes.split_at(16);
        Stem {
            head: u128::from_be_bytes(head.try_into().expect("16 bytes")),
            tail: u64::from_be_bytes(tail.try_into().expect("8 bytes")),
        }
    }

    /// The stem as text (empty if it were cut inside a character, which no stem is).
    #[cfg(test)]
    fn as_str(&self) -> String {
        let mut bytes = self.head.to_be_bytes().to_vec();
        bytes.extend_from_slice(&self.tail.to_be_bytes());
        let len = usize::from(bytes[23]);
        String::from_utf8(bytes[..len].to_vec()).unwrap_or_default()
    }
}

impl Step {
    fn read(text: &str) -> Step {
        static NOT_OBJECTS: LazyLock<ShortWords> = LazyLock::new(|| ShortWords::of(NOT_OBJECT));
        let mut verbs = Vec::new();
        let mut objects = Vec::with_capacity(16);
        // Each stem read where it is made (on the stack for an ASCII word): no `String` per
        // word with a capital.
        each_stem(text, |w| {
            if let Some(verb) = verb_of(w) {
                verbs.push(Stem::new(verb));
            } else if !NOT_OBJECTS.contains(w) && !is_number(w) {
                objects.push(Stem::new(w));
            }
            false
        });
        for set in [&mut verbs, &mut objects] {
            set.sort_unstable();
            set.dedup();
        }
        Step { verbs, objects }
    }

    /// Whether an entry of kind `kind` and words `text` tells a step taken on the system.
    /// `found` is the lexicon's quick test of `text`.
    fn is(text: &str, kind: EventKind, found: Found) -> bool {
        match kind {
            EventKind::Action | EventKind::Mitigation => true,
            // ASCII text holds a verb's stem as it is, in some case, or tells no verb (other
            // text is read word by word: lower-casing may make ASCII letters).
            EventKind::Note | EventKind::Investigation | EventKind::Hypothesis
                if text.is_ascii() && !found.has(List::Verbs) =>
            {
                false
            }
            // A verb of doing said not to have happened ("no new instances created, not even
            // terminated") tells no step.
            EventKind::Note | EventKind::Investigation | EventKind::Hypothesis => {
                let low = text.to_ascii_lowercase();
                let words: Vec<&str> = low.split_whitespace().collect();
                words.iter().enumerate().any(|(k, w)| {
                    tells_verb(w)
                        && !denied_by_words_before(&words, 0, k, |b| {
                            matches!(b, "no" | "not" | "never" | "without") || b.ends_with("n't")
                        })
                }) && !matches!(words.first(), Some(&"no" | &"nothing"))
            }
            _ => false,
        }
    }

    /// Whether `later` (read from `later_text`) undoes this step (told in `own_text`) with its
    /// opposite ([`OPPOSITE_STEPS`]: "disable" · "re-enable", "removed" · "restored") on a
    /// thing this step acted on: the opposite's word as written. The step's verb must stand as
    /// a word of its own (not inside a name, "--disable-x"), and a step whose words hold the
    /// opposite too ("apply the flag to enable y") is undone by nothing.
    fn undone_by(&self, own_text: &str, later: &Step, later_text: &str) -> Option<String> {
        if self.verbs.is_empty() || !meet(&self.objects, &later.objects) {
            return None;
        }
        // Each text lower-cased once, its words borrowed from that copy; the later one only
        // when this step's own words tell a verb that has an opposite.
        let own_low = own_text.to_lowercase();
        let own = undo_words(&own_low);
        let mut told = opposites_told(&own).peekable();
        told.peek()?;
        let later_low = later_text.to_lowercase();
        let later_words = undo_words(&later_low);
        told.find_map(|(verb, opposites)| {
            let at = later_words.iter().position(|w| opposites.contains(w))?;
            // The opposite done to what the step's verb acted on, not to another thing
            // the two entries both name ("increased the pool size of the API" · "lowered
            // the log level of the API"). A pronoun or nothing named refers back.
            let undone = acted_on(&later_words, at);
            let step_on: Vec<String> = own
                .iter()
                .enumerate()
                .filter(|(_, w)| w.starts_with(verb))
                .flat_map(|(k, _)| acted_on(&own, k))
                .collect();
            (undone.is_empty() || step_on.is_empty() || undone.iter().any(|w| step_on.contains(w)))
                .then(|| later_words[at].to_string())
        })
    }

    /// Whether what failed (`subject`) is something this step acted on.
    fn shares(&self, subject: &str) -> bool {
        each_stem(subject, |w| {
            self.objects.binary_search(&Stem::new(w)).is_ok()
        })
    }

    /// Whether `undone` (what a later entry says it reverted) names this step, an entry of
    /// kind `kind`: a thing it acted on, or, for a change made to the system (an action), a
    /// word of doing it used as a noun ("applied a blanket *redirect*" · "reverted the
    /// *redirect* handling"). Not a rollback's own words, nor a note's ("the errors started
    /// after the nightly *deploy*" · "reverts the *deploy*": the note only told of it).
    fn named_by(&self, undone: &str, kind: EventKind) -> bool {
        self.shares(undone)
            || kind == EventKind::Action
                && each_stem(undone, |w| {
                    verb_of(w).is_some_and(|v| {
                        v != "roll" && self.verbs.binary_search(&Stem::new(v)).is_ok()
                    })
                })
    }

    /// Whether `other` does the same thing (a verb of doing and a thing acted on in common).
    fn same(&self, other: &Step) -> bool {
        meet(&self.objects, &other.objects) && meet(&self.verbs, &other.verbs)
    }

    /// Whether `later` (read from `later_text`) does the same (a verb of doing in common) to
    /// the same thing again, in words that say so ("again", "this time", "force"): those words.
    fn again(&self, later: &Step, later_text: &str) -> Option<String> {
        if !self.same(later) {
            return None;
        }
        // Lower-cased only here: few steps share a verb and a thing.
        let later_text = later_text.to_lowercase();
        const AGAIN: &[&str] = &[
            "again",
            "this time",
            "once more",
            "retry",
            "retries",
            "retried",
            "retrying",
            "force",
            "forced",
            "forcibly",
            "forcefully",
            "another attempt",
            "another try",
            "second attempt",
            "second try",
            "second time",
            "2nd attempt",
            "2nd try",
        ];
        let shared: HashSet<&Stem> = self
            .verbs
            .iter()
            .filter(|v| later.verbs.binary_search(v).is_ok())
            .collect();
        let tells_shared = |word: &str| {
            words_of(word)
                .iter()
                .filter_map(|w| verb_of(w))
                .any(|v| shared.contains(&Stem::new(v)))
        };
        // The marker must tell of the shared verb: "again" right after it ("is enabled again",
        // "restarted it again"; not "restarted and are processing again", a state come back),
        // the others within a few words ("this time proxying was enabled", "force stopped").
        // Where each marker first stands as whole words: one pass for all of them.
        static AGAIN_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(AGAIN, false));
        let first_at = AGAIN_WORDS.first_whole_words(&later_text);
        AGAIN
            .iter()
            .zip(first_at)
            .find(|(w, first)| {
                first.is_some_and(|at| {
                    let mut before = later_text[..at]
                        .split_whitespace()
                        .rev()
                        .skip_while(|w| PARTICLES.contains(w));
                    if **w == "again" {
                        return before.next().is_some_and(tells_shared);
                    }
                    let after = later_text[at..].split_whitespace().take(NEAR + 1);
                    before.take(NEAR).chain(after).any(tells_shared)
                })
            })
            .map(|(w, _)| (*w).to_string())
    }
}

/// What the verb at `words[at]` acted on, as stems of its first five letters: the few words
/// after it up to a preposition or another clause ("disabled *the email notifications* to
/// give"), or, when none follows, those before it in its clause ("*batch size* lowered back
/// to 100"). Small words, pronouns and numbers left out: empty when only those are named.
fn acted_on(words: &[&str], at: usize) -> Vec<String> {
    const ENDS: &[&str] = &[
        "of", "to", "from", "for", "on", "in", "at", "by", "with", "back", "once", "after",
        "until", "since", "before", "now", "again", "then",
    ];
    let small = |w: &str| {
        matches!(
            w,
            "the" | "a" | "an" | "our" | "its" | "their" | "all" | "it" | "them" | "this" | "that"
        ) || NOT_OBJECT.contains(&w)
            || w.parse::<f64>().is_ok()
    };
    let stem_of = |w: &str| w.chars().take(5).collect::<String>();
    let ends = |w: &&&str| ENDS.contains(*w) || CLAUSE_WORDS.contains(*w);
    let after: Vec<String> = words[at + 1..]
        .iter()
        .take_while(|w| !ends(w))
        .filter(|w| !small(w))
        .take(SUBJECT_WORDS + 1)
        .map(|w| stem_of(w))
        .collect();
    if !after.is_empty() {
        return after;
    }
    words[..at]
        .iter()
        .rev()
        .filter(|w| !AUXILIARY.contains(*w))
        .take_while(|w| !ends(w) && !is_verb(first_chars(w, 5)))
        .filter(|w| !small(w))
        .take(SUBJECT_WORDS)
        .map(|w| stem_of(w))
        .collect()
}

/// Whether two sorted lists without repeats hold a word in common (one walk through both).
fn meet<T: Ord>(a: &[T], b: &[T]) -> bool {
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// How many words from a verb of doing its "again" may stand.
const NEAR: usize = 4;

/// Whether a stem is one of [`VERBS`]: a stem of another length or first letter is rejected
/// before any comparison (every stem is read, nearly none is a verb).
fn is_verb(stem: &str) -> bool {
    static SET: LazyLock<ShortWords> = LazyLock::new(|| ShortWords::of(VERBS));
    SET.contains(stem)
}

/// A list of short words (stems) looked up by number: each word of at most seven bytes as its
/// [`short_key`], in an open-addressed table at most half full (a multiplication and a probe
/// or two per lookup); a longer word is looked for in the list. Every stem of every entry is
/// looked up, nearly none is found.
struct ShortWords {
    /// A power of two of slots, each a key or [`NO_KEY`].
    slots: Vec<u64>,
    /// How far a key's hash is shifted to give its first slot (64 less the table's bits).
    shift: u32,
    list: &'static [&'static str],
}

/// An empty slot of [`ShortWords`]: no key (a key's highest byte is a length below 8).
const NO_KEY: u64 = u64::MAX;

impl ShortWords {
    fn of(list: &'static [&'static str]) -> ShortWords {
        let keys: Vec<u64> = list
            .iter()
            .filter_map(|w| short_key(w.as_bytes()))
            .collect();
        let bits = (keys.len() * 2).next_power_of_two().trailing_zeros().max(1);
        let mut set = ShortWords {
            slots: vec![NO_KEY; 1 << bits],
            shift: 64 - bits,
            list,
        };
        for key in keys {
            let at = set.slot(key);
            set.slots[at] = key;
        }
        set
    }

    /// The slot holding `key`, else the empty slot where it would go.
    fn slot(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize;
        while self.slots[at] != key && self.slots[at] != NO_KEY {
            at = (at + 1) & mask;
        }
        at
    }

    /// Whether `word` is one of the list.
    fn contains(&self, word: &str) -> bool {
        match short_key(word.as_bytes()) {
            Some(key) => self.slots[self.slot(key)] == key,
            None => self.list.contains(&word),
        }
    }
}

/// A word of at most seven bytes as one number, its bytes then its length (equal words, equal
/// numbers); `None` for a longer word.
fn short_key(word: &[u8]) -> Option<u64> {
    let mut bytes = [0u8; 8];
    bytes.get_mut(..word.len())?.copy_from_slice(word);
    bytes[7] = u8::try_from(word.len()).ok().filter(|&n| n < 8)?;
    Some(u64::from_le_bytes(bytes))
}

/// The words of a lower-cased entry that [`Step::undone_by`] reads: split at white space and
/// `,.;:()"`, none empty.
fn undo_words(low: &str) -> Vec<&str> {
    low.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '"'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The entries of [`OPPOSITE_STEPS`] a step told in `own` (its [`undo_words`]) may be undone
/// by: a word starts with the verb, and none with one of its opposites (first five letters).
fn opposites_told<'a>(
    own: &'a [&'a str],
) -> impl Iterator<Item = &'static (&'static str, &'static [&'static str])> + 'a {
    OPPOSITE_STEPS.iter().filter(move |(verb, opposites)| {
        own.iter().any(|w| w.starts_with(verb))
            && !own
                .iter()
                .any(|w| opposites.iter().any(|o| w.starts_with(first_chars(o, 5))))
    })
}

/// Whether a step told in `text` may be undone by an opposite at all ([`opposites_told`] is
/// not empty): asked once per step, not once per later entry.
fn may_be_undone(text: &str) -> bool {
    let low = text.to_lowercase();
    opposites_told(&undo_words(&low)).next().is_some()
}

/// Whether a word of `s`, split and stemmed as [`words_of`] does, is a verb of doing (the
/// same as `words_of(s)` holding one, without building the set).
fn tells_verb(s: &str) -> bool {
    each_stem(s, is_verb)
}

/// Whether a stem parses as a `u64`: `w.parse::<u64>().is_ok()` for a stem, which is never
/// empty, holds no sign and is at most five characters (all ASCII digits, no overflow).
fn is_number(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|c| c.is_ascii_digit())
}

/// The verb a stem tells, with its re- taken off ("resta" → "start"), or `None`.
fn verb_of(stem: &str) -> Option<&str> {
    if !is_verb(stem) {
        return None;
    }
    let base = match stem {
        "resta" => "start",
        "stopp" => "stop",
        "reboo" => "boot",
        "redep" | "re-de" => "deplo",
        // Reverting a change is rolling it back.
        "rolle" | "rollb" | "rever" => "roll",
        "re-ra" => "raise",
        "rerun" | "re-ru" => "run",
        "rebui" => "build",
        "recre" => "creat",
        "purg" => "purge",
        "kicke" => "kick",
        "wiped" => "wipe",
        "reins" => "insta",
        "resub" => "submi",
        "apply" => "appli",
        "scali" => "scale",
        "rerou" => "route",
        "resyn" => "sync",
        other => other,
    };
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::{NOT_OBJECT, ShortWords, Step, VERBS, is_number, is_verb, may_be_undone, meet};

    #[test]
    fn a_short_word_is_found_by_its_number_a_long_one_in_the_list() {
        let set = ShortWords::of(&["the", "thing", "sevenby", "eightbyt", "ünïcödé"]);
        for w in ["the", "thing", "sevenby", "eightbyt", "ünïcödé"] {
            assert!(set.contains(w), "{w}");
        }
        for w in [
            "",
            "th",
            "thei",
            "thin",
            "seven",
            "sevenbyt",
            "eightby",
            "ünïcöd",
            "t\0",
        ] {
            assert!(!set.contains(w), "{w}");
        }
        let not_objects = ShortWords::of(NOT_OBJECT);
        assert!(NOT_OBJECT.iter().all(|w| not_objects.contains(w)));
        assert!(!not_objects.contains("queue"));
    }

    #[test]
    fn a_verb_is_found_by_its_whole_stem_only() {
        for v in VERBS {
            assert!(is_verb(v), "{v}");
            assert!(!is_verb(&format!("{v}x")), "{v}x");
            assert!(!is_verb(&v[1..]), "{v}");
        }
        assert!(!is_verb(""));
        assert!(!is_verb("servi"));
    }

    #[test]
    fn only_a_step_with_a_verb_that_has_an_opposite_is_undone() {
        let pairs = [
            (
                "Disable the region by removing it from the list",
                "Restore the region in the list",
            ),
            (
                "Increased the pool size of the API",
                "Lowered the pool size",
            ),
            (
                "Increased the pool size of the API",
                "Lowered the log level of the API",
            ),
            ("Drained node-7", "Uncordoned node-7"),
            (
                "Apply the flag to enable the cache",
                "Disabled the cache flag",
            ),
            (
                "Restarted the ingest workers",
                "Restored the ingest workers",
            ),
            ("Scaled the workers", "Re-enabled the workers"),
        ];
        for (own, later) in pairs {
            let (step, later_step) = (Step::read(own), Step::read(later));
            let undone = step.undone_by(own, &later_step, later);
            assert!(undone.is_none() || may_be_undone(own), "{own} / {later}");
        }
        let own = pairs[0].0;
        assert!(may_be_undone(own));
        assert_eq!(
            Step::read(own)
                .undone_by(own, &Step::read(pairs[0].1), pairs[0].1)
                .as_deref(),
            Some("restore")
        );
        assert!(!may_be_undone("Restarted the ingest workers"));
        assert!(!may_be_undone(
            "Apply the flag to enable the cache, then disable it"
        ));
    }

    #[test]
    fn a_stem_is_a_number_as_it_parses() {
        for w in [
            "123",
            "00042",
            "12a",
            "a12",
            "abc",
            "\u{663}\u{663}\u{663}",
            "1\u{bd}",
            "99999",
        ] {
            assert_eq!(is_number(w), w.parse::<u64>().is_ok(), "{w}");
        }
        for text in [
            "Restarted 3 of 12 nodes at 14:05, 2 more (x100, \u{661}\u{662}\u{663})",
            "Ran 12345s",
        ] {
            super::super::each_stem(text, |w| {
                assert_eq!(is_number(w), w.parse::<u64>().is_ok(), "{w}");
                false
            });
        }
    }

    #[test]
    fn steps_meet_on_a_shared_verb_and_thing_whatever_their_order() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(meet(&words(&["a", "c", "e"]), &words(&["b", "e"])));
        assert!(!meet(&words(&["a", "c", "e"]), &words(&["b", "d", "f"])));
        assert!(!meet(&words(&[]), &words(&["b"])));
        let first = Step::read("Restarted the ingest workers and the queue");
        let later_text = "the queue and ingest workers restarted again";
        let later = Step::read(later_text);
        let text = |stems: &[super::Stem]| stems.iter().map(|s| s.as_str()).collect::<Vec<_>>();
        assert_eq!(text(&first.verbs), ["start"]);
        assert_eq!(text(&first.objects), ["inges", "queue", "worke"]);
        assert!(first.same(&later));
        assert_eq!(first.again(&later, later_text).as_deref(), Some("again"));
        assert!(!first.same(&Step::read("Restarted the database")));
    }
}
