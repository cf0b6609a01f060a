//! Steps that did not help, told by the story's order rather than by a verdict's words: a step
//! whose object fails in a following entry ("Build is started." · "Build fails because of the
//! network.") or in its own ("ran the job by hand, failed"), a step undone later ("Reverted the
//! region change"), and a step tried again ("the instance is told to stop" · "the instance is
//! force stopped": the first try did not work).

use std::collections::HashSet;

use super::{Ids, is_attempt, new_branch, words_of};
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
/// * a following entry, before anything recovered, says what it acted on failed or happened
///   again ("Build restarted." · "Build fails again."; "tries to re-raise the worker" · "the
///   worker terminated again"): rule [`RuleId::DetourStepFailed`], the detour runs from the
///   step to that entry;
/// * a following step acts on the same thing again ("again", "this time", "force", "second",
///   a re- of its verb), or with the same verb on the same thing ("restarts all services" ·
///   "restarts services"): rule [`RuleId::DetourTriedAgain`], the detour is the first step
///   (it lasts until the entry after it).
pub(super) fn failed_steps(incident: &mut Incident, ids: &mut Ids) {
    let n = incident.timeline.len();
    let Some(first) = incident.timeline.iter().position(|e| {
        matches!(
            e.kind,
            EventKind::Detection
                | EventKind::Acknowledge
                | EventKind::Investigation
                | EventKind::Identified
                | EventKind::Hypothesis
                | EventKind::Communication
        )
    }) else {
        return;
    };
    // Each entry read once: its step words, the failure and the undoing it tells.
    let reads: Vec<Step> = incident
        .timeline
        .iter()
        .map(|e| Step::read(&e.text))
        .collect();
    let failures: Vec<Option<Failure>> =
        incident.timeline.iter().map(|e| failure(&e.text)).collect();
    let undoings: Vec<Option<(String, String)>> = incident
        .timeline
        .iter()
        .map(|e| reverted(&e.text))
        .collect();
    let mut i = first + 1;
    while i < n {
        let Some(open) = free_step(incident, i) else {
            i += 1;
            continue;
        };
        let step = &reads[i];
        // The step and its failure told in one entry ("ran the build by hand, failed: …";
        // "workspaces wiped on the bad nodes. One node refuses the delete").
        let mut verdict = own_failure(&incident.timeline[i].text)
            .map(|why| (vec![i], Inference::new(RuleId::DetourStepFailed, why)));
        for j in i + 1..n.min(i + 1 + AHEAD) {
            if verdict.is_some() {
                break;
            }
            let later = &incident.timeline[j];
            // Undone later ("Reverted the region change"): it did not help. A rollback carried
            // out later ("opens a PR to roll back the change" · "rolls back") is no undoing.
            if let Some((undone, what)) = &undoings[j]
                && undoings[i].is_none()
                && step.shares(what)
            {
                verdict = Some((
                    vec![i, j],
                    Inference::new(RuleId::DetourStepReverted, undone.as_str()),
                ));
                break;
            }
            if let Some(failed) = &failures[j]
                // Something happening again is a failure when it is noticed as a symptom, not
                // when it works again ("validators are signing again").
                && (failed.matched.as_str() != "again"
                    || matches!(later.kind, EventKind::Detection | EventKind::ImpactStart))
                && step.shares(&failed.subject)
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
            if later.at > incident.timeline[i].at
                && let Some(again) = step.again(&reads[j])
            {
                let mut tried = vec![i];
                tried.extend((i + 1..j).filter(|&k| {
                    let e = &incident.timeline[k];
                    e.branch.is_none()
                        && !matches!(e.kind, EventKind::Recovery | EventKind::Resolution)
                        && step.same(&reads[k])
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
        for &k in &members {
            let e = &mut incident.timeline[k];
            e.branch = Some(id.as_str().into());
            // It did not help: a step tried, not the mitigation.
            if matches!(e.kind, EventKind::Action | EventKind::Mitigation) {
                e.kind = EventKind::Hypothesis;
                e.inferred = Some(why.clone());
            }
        }
        i = members.iter().max().map_or(i, |&k| k) + 1;
    }
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
fn free_step(incident: &Incident, i: usize) -> Option<Option<usize>> {
    let e = &incident.timeline[i];
    let Some(id) = e.branch.as_deref() else {
        return Step::is(&e.text, e.kind).then_some(None);
    };
    let b = incident.branches.iter().position(|b| b.id == id)?;
    let branch = &incident.branches[b];
    let opened_here = incident.timeline[..i]
        .iter()
        .all(|e| e.branch.as_deref() != Some(id));
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

/// Words that say a thing failed or happened again, each the end of what the thing did.
const FAILED: &[&str] = &[
    "fails",
    "failed",
    "failing",
    "will fail",
    "would fail",
    "refuses",
    "refused",
    "timed out",
    "times out",
    "errored",
    "crashed",
    "again",
];

/// Words that may follow a failure word when it tells what a step came to ("failed *to* start",
/// "failed *with* exit 1", "timed out *after* an hour"); any other word after a failure word
/// that opens its clause makes it an adjective ("Failed notifications").
const FAILURE_FOLLOWERS: &[&str] = &[
    "to",
    "with",
    "due",
    "because",
    "again",
    "after",
    "on",
    "at",
    "in",
    "when",
    "while",
    "since",
    "for",
    "as",
    "and",
    "but",
    "so",
    "too",
    "again",
    "immediately",
    "twice",
];

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

/// Words between a thing and its failure that are no part of the thing ("build *will* fail").
const AUXILIARY: &[&str] = &[
    "will",
    "would",
    "has",
    "have",
    "had",
    "been",
    "is",
    "was",
    "were",
    "are",
    "being",
    "be",
    "also",
    "now",
    "then",
    "just",
    "still",
    "again",
    "keeps",
    "kept",
    "eventually",
    "quickly",
];

/// Words that end the thing that failed: a relative clause or another clause before it
/// ("pods *that* have been failing" tells a state, not a failure).
const CLAUSE_WORDS: &[&str] = &[
    "that", "which", "who", "but", "and", "or", "when", "because", "while", "as", "so",
];

/// Words right before a failure word that make it an adjective ("attached to *the* failed
/// nodes") or a question ("to see *if* it was failing").
const NOT_A_VERB: &[&str] = &[
    "the", "a", "an", "to", "of", "on", "from", "with", "for", "any", "these", "those", "all",
    "some", "if", "whether", "no", "not", "never", "without", "n't", "longer",
];

/// How many words back from a failure the thing that failed is looked for.
const SUBJECT_WORDS: usize = 3;

/// The first failure told in `text` (see [`FAILED`]), with what failed before it.
fn failure(text: &str) -> Option<Failure> {
    let low = text.to_ascii_lowercase();
    let (at, word) = FAILED
        .iter()
        .filter_map(|w| whole_word(&low, w).map(|at| (at, *w)))
        .min_by_key(|&(at, _)| at)?;
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

/// A step and its failure in one entry: the failure's words, when the clauses before the
/// failure tell a step and what failed is what that step acted on, or is not said ("ran the
/// build by hand, failed"); or the symptom told after the step in contrast ("AMI deployed, but
/// still connection issues"; not work going on: "but still monitoring").
fn own_failure(text: &str) -> Option<String> {
    let low = text.to_ascii_lowercase();
    if let Some(failed) = failure(text).filter(|f| f.matched != "again") {
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

/// Words that say a step was undone.
const REVERTED: &[&str] = &[
    "revert",
    "roll back",
    "reverted",
    "reverts",
    "reverting",
    "rolled back",
    "rolls back",
    "rolling back",
    "undid",
    "undoes",
    "backed out",
    "backs out",
];

/// A step undone told in `text`: the words that say so and what was undone (the few words
/// after them, "reverted *the region change*", or before them, "*the region change* was
/// reverted"); `None` when only the state gone back to is named ("rolled back to 1.2").
fn reverted(text: &str) -> Option<(String, String)> {
    let low = text.to_ascii_lowercase();
    let (at, word) = REVERTED
        .iter()
        .filter_map(|w| whole_word(&low, w).map(|at| (at, *w)))
        .min_by_key(|&(at, _)| at)?;
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

/// The byte offset of `word` in `low` standing as whole words.
fn whole_word(low: &str, word: &str) -> Option<usize> {
    low.match_indices(word).map(|(at, _)| at).find(|&at| {
        let before = low[..at].chars().next_back();
        let after = low[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Words that name no object of a step: who did it, and small words.
const NOT_OBJECT: &[&str] = &[
    "the", "and", "for", "with", "was", "were", "has", "had", "have", "are", "our", "all", "thi",
    "that", "from", "into", "due", "becau", "after", "befor", "issue", "probl", "incid", "team",
    "engin", "prima", "oncal", "on-ca", "admin", "new", "some", "again", "then", "now", "still",
    "being", "been", "which", "what", "when", "while", "they", "their", "there", "its", "not",
    "out", "now", "tim", "time", "this", "over", "more",
];

/// A step's words: its verbs of doing (a re- taken off) and what it acted on (stems; small
/// words left out).
struct Step {
    verbs: HashSet<String>,
    objects: HashSet<String>,
    text: String,
}

impl Step {
    fn read(text: &str) -> Step {
        let words = words_of(text);
        let verbs = words.iter().filter_map(|w| verb_of(w)).collect();
        let objects = words
            .into_iter()
            .filter(|w| {
                verb_of(w).is_none()
                    && !NOT_OBJECT.contains(&w.as_str())
                    && w.parse::<u64>().is_err()
            })
            .collect();
        Step {
            verbs,
            objects,
            text: text.to_lowercase(),
        }
    }

    /// Whether an entry of kind `kind` and words `text` tells a step taken on the system.
    fn is(text: &str, kind: EventKind) -> bool {
        match kind {
            EventKind::Action | EventKind::Mitigation => true,
            // A verb of doing said not to have happened ("no new instances created, not even
            // terminated") tells no step.
            EventKind::Note | EventKind::Investigation | EventKind::Hypothesis => {
                let low = text.to_ascii_lowercase();
                let words: Vec<&str> = low.split_whitespace().collect();
                words.iter().enumerate().any(|(k, w)| {
                    words_of(w).iter().any(|s| verb_of(s).is_some())
                        && !words[k.saturating_sub(2)..k].iter().any(|b| {
                            matches!(*b, "no" | "not" | "never" | "without") || b.ends_with("n't")
                        })
                }) && !matches!(words.first(), Some(&"no" | &"nothing"))
            }
            _ => false,
        }
    }

    /// Whether what failed (`subject`) is something this step acted on.
    fn shares(&self, subject: &str) -> bool {
        words_of(subject).iter().any(|w| self.objects.contains(w))
    }

    /// Whether `other` does the same thing (a verb of doing and a thing acted on in common).
    fn same(&self, other: &Step) -> bool {
        !self.objects.is_disjoint(&other.objects) && !self.verbs.is_disjoint(&other.verbs)
    }

    /// Whether `later` does the same (a verb of doing in common) to the same thing again, in
    /// words that say so ("again", "this time", "force"): those words.
    fn again(&self, later: &Step) -> Option<String> {
        if !self.same(later) {
            return None;
        }
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
        let shared: HashSet<&String> = self.verbs.intersection(&later.verbs).collect();
        let tells_shared = |word: &str| {
            words_of(word)
                .iter()
                .filter_map(|w| verb_of(w))
                .any(|v| shared.contains(&v))
        };
        // The marker must tell of the shared verb: "again" right after it ("is enabled again",
        // "restarted it again"; not "restarted and are processing again", a state come back),
        // the others within a few words ("this time proxying was enabled", "force stopped").
        AGAIN
            .iter()
            .find(|w| {
                whole_word(&later.text, w).is_some_and(|at| {
                    let mut before = later.text[..at]
                        .split_whitespace()
                        .rev()
                        .skip_while(|w| PARTICLES.contains(w));
                    if **w == "again" {
                        return before.next().is_some_and(tells_shared);
                    }
                    let after = later.text[at..].split_whitespace().take(NEAR + 1);
                    before.take(NEAR).chain(after).any(tells_shared)
                })
            })
            .map(|w| (*w).to_string())
    }
}

/// Words between a verb and its "again" ("turned *it* on again").
const PARTICLES: &[&str] = &["it", "them", "on", "off", "up", "over", "out", "in"];

/// How many words from a verb of doing its "again" may stand.
const NEAR: usize = 4;

/// Stems of verbs of doing, each as [`words_of`] gives it; a re- prefix is read as the verb
/// itself ("restart" is "start" done again).
const VERBS: &[&str] = &[
    "stop", "stopp", "resta", "reboo", "boot", "deplo", "redep", "rolle", "rollb", "rever",
    "scale", "bump", "incre", "delet", "remov", "appli", "apply", "disab", "enabl", "drain",
    "recyc", "repla", "upgra", "downg", "migra", "flush", "purge", "purg", "kill", "reset",
    "rerun", "re-ra", "re-ru", "re-de", "patch", "switc", "rebui", "recre", "termi", "kicke",
    "kick", "wipe", "wiped", "clear", "reins", "insta", "rotat", "renew", "submi", "resub",
    "proxy", "ran", "modif", "chang",
];

/// The verb a stem tells, with its re- taken off ("resta" → "start"), or `None`.
fn verb_of(stem: &str) -> Option<String> {
    if !VERBS.contains(&stem) {
        return None;
    }
    let base = match stem {
        "resta" => "start",
        "stopp" => "stop",
        "reboo" => "boot",
        "redep" | "re-de" => "deplo",
        "rolle" | "rollb" => "roll",
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
        other => other,
    };
    Some(base.to_string())
}
