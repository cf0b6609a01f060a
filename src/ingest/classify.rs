//! Kinds from the lexicon, for any front end's placed candidates: one [`Scan`] of each event's
//! words answers every question (kind, marker, ruled-out, hypothesis, milestone wording), and
//! the answers are kept as [`Evidence`] for branch linking and milestone inference.

use crate::analysis::milestones::MilestoneEvidence;
use crate::ingest::branches::holds_step_verb;
use crate::ingest::lexicon::lists::{
    AFTER_VERDICT, ANSWERED_NO, DENIED_SUCCESS, FAILURE_WORDS, Found, NEGATIONS, NOTICED,
    SEVERITY_WORDS, VERDICT_ADJECTIVES,
};
use crate::ingest::lexicon::{Scan, Strength};
use crate::ingest::markdown::timeline::sentences;
use crate::model::{EventKind, Inference, MilestoneKind, RuleId};

/// What an event's words say beyond its kind, kept beside it until branches are linked and
/// milestones inferred.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    /// The words say a theory turned out wrong.
    pub ruled_out: Option<Inference>,
    /// The words tell of a theory being tried.
    pub hypothesis: Option<Inference>,
    /// The theory is struck through in the source (`~~disk full~~`).
    pub struck: bool,
    /// The ruled-out words are weak (a check found nothing wrong, an attempt failed): they
    /// close an open theory but make no detour alone.
    pub weak_ruled_out: bool,
    /// For milestone inference.
    pub milestone: MilestoneEvidence,
    /// The lexicon's quick test of the entry's [`normalise`](crate::ingest::lexicon::normalise)d
    /// text, made once by the pipeline for every rule that reads it; `None` when not made (the
    /// rules then test the text themselves).
    pub(crate) found: Option<Found>,
}

/// Kinds that mark progress; an event of these kinds does not open a detour.
pub fn is_progress(k: EventKind) -> bool {
    matches!(
        k,
        EventKind::ImpactStart
            | EventKind::Detection
            | EventKind::Identified
            | EventKind::Mitigation
            | EventKind::Recovery
            | EventKind::Resolution
    )
}

/// The kind of an event's text, the reason, and its evidence. `text` is what the event says
/// read together with its caption (`Misleading paths: ...`); `inherited` when it has no time of
/// its own.
pub fn classify(text: &str, inherited: bool) -> (EventKind, Option<Inference>, Evidence) {
    classify_scan(text, &Scan::new(text), inherited)
}

/// [`classify`] with the lexicon's scan of `text` already made (`scan`, [`Scan::new`] of
/// `text`): the pipeline normalises each entry once and keeps the normalised text for its
/// other readings.
pub fn classify_scan(
    text: &str,
    scan: &Scan,
    inherited: bool,
) -> (EventKind, Option<Inference>, Evidence) {
    let struck = text.contains("~~");
    let mut ruled_out = scan
        .ruled_out()
        .filter(|r| !attributive_verdict(&scan.lower, r) && !noticed_symptom(&scan.lower, r));
    let hypothesis = scan.hypothesis();
    // "Assumed a user error at the time": a theory held at first, given up later.
    if ruled_out.is_none() && hypothesis.is_some() {
        ruled_out = scan.revised();
    }
    // "Hotfix finally deployed; the bug is fixed, but nightly builds are still broken": what
    // was done worked, and another symptom is left. No verdict on it (the entry's kind still
    // reads it as not the end).
    let more_left = ruled_out
        .as_ref()
        .is_some_and(|r| worked_but_more_left(&scan.lower, r));
    // Weak ruled-out words (a check found nothing, an attempt failed) close an open theory
    // but are no detour alone.
    let weak_ruled_out = ruled_out
        .as_ref()
        .is_some_and(|r| crate::ingest::lexicon::rule(r.rule).strength == Strength::Weak);
    // "Theory: ...", "Hypothesis - ...": the writer said this entry is a theory being tried.
    let labelled_theory = label_of(text)
        .filter(|label| label.split_whitespace().count() <= 2)
        .and_then(|label| Scan::new(label).hypothesis());
    let (kind, why) = if let Some((k, i)) = scan.marker() {
        (k, Some(i))
    } else if let (Some(h), None) = (&labelled_theory, &ruled_out) {
        (EventKind::Hypothesis, Some(h.clone()))
    } else if let Some(r) = &ruled_out {
        // A theory that failed is not progress: "rollback completed, but the issue persisted".
        match scan.kind_among(|k| !is_progress(k)) {
            Some((k, i)) => (k, Some(i)),
            None if weak_ruled_out && hypothesis.is_none() => {
                (EventKind::Investigation, Some(r.clone()))
            }
            None => (EventKind::Hypothesis, Some(r.clone())),
        }
    } else {
        match scan.kind() {
            Some((k, i)) if is_progress(k) => (k, Some(i)),
            other => match &hypothesis {
                Some(h) => (EventKind::Hypothesis, Some(h.clone())),
                None => match other {
                    Some((k, i)) => (k, Some(i)),
                    None => match edge_of_the_outage(&scan.lower) {
                        Some((k, i)) => (k, Some(i)),
                        None => (EventKind::Note, None),
                    },
                },
            },
        }
    };
    // "It's not a DNS problem", "not a network fault but a failed disk": a cause denied. It
    // rules out the theory it names; the entry keeps its own kind when its words give one
    // (the cause that replaced the denied one is still found here).
    let denied = not_a_cause(&scan.lower)
        .or_else(|| no_such_cause(&scan.lower))
        .or_else(|| answered_no(&scan.lower));
    let (kind, why) = match (&ruled_out, denied) {
        (None, Some(denied)) => {
            ruled_out = Some(denied.clone());
            match kind {
                EventKind::Note => (EventKind::Hypothesis, Some(denied)),
                _ => (kind, why),
            }
        }
        _ => (kind, why),
    };
    // The two rules below read a clause of the entry, not what the entry is: a milestone or a
    // mitigation that also asks a question ("Rolled back the deploy and errors stopped. Support
    // asked whether customer data was exposed. It was not.") stays on the main line.
    let may_be_detour = matches!(
        kind,
        EventKind::Note | EventKind::Investigation | EventKind::Hypothesis
    );
    // "Attempted to SSH in, but the connection was blocked": the attempt and its failure.
    if ruled_out.is_none() && may_be_detour {
        ruled_out = hypothesis
            .as_ref()
            .and_then(|h| tried_but_failed(&scan.lower, h));
    }
    // "... to determine whether the flaw affects our vaults. We determined that it does not."
    // (Only split into sentences when a question could be there: most entries ask none.)
    if ruled_out.is_none() && may_be_detour && scan.lower.contains("whether ") {
        ruled_out = question_answered_no(text).map(|(_, why)| why);
    }
    // "... to determine whether the flaw affects our vaults. We determined that it does not":
    // the finding words are the answer's own, a possibility ruled out, not the cause found.
    let (kind, why) = match &why {
        Some(found)
            if kind == EventKind::Identified
                && ruled_out.is_none()
                && scan.lower.contains("whether ") =>
        {
            match finding_answered_no(text, &found.matched) {
                Some(no) => {
                    ruled_out = Some(no.clone());
                    (EventKind::Investigation, Some(no))
                }
                None => (kind, why),
            }
        }
        _ => (kind, why),
    };
    if struck && ruled_out.is_none() {
        ruled_out = Some(Inference::new(
            RuleId::DetourStruckThrough,
            struck_words(text),
        ));
    }
    // A theory its writer marked wrong with a cross ("Initially concluded an external issue
    // ❌"); a cross on anything else (a failed build) is no verdict on a theory.
    if ruled_out.is_none()
        && hypothesis.is_some()
        && let Some(cross) = cross_mark(text)
    {
        ruled_out = Some(Inference::new(RuleId::DetourMarkedWrong, cross));
    }
    let mut milestone = MilestoneEvidence {
        own_time: !inherited,
        started: scan.impact_started(),
        looked_into: scan.signal(EventKind::Investigation),
        ..MilestoneEvidence::default()
    };
    for m in MilestoneKind::ALL {
        milestone.signals[m as usize] = scan.signal(m.event_kind());
    }
    if more_left {
        ruled_out = None;
    }
    let evidence = Evidence {
        // A theory opens a branch even when its entry also tells what was done to test it
        // ("we suspect the CDN rule; traffic moved off the CDN"), unless the entry found the
        // cause or ended the incident.
        hypothesis: hypothesis
            .filter(|_| !matches!(kind, EventKind::Identified | EventKind::Resolution)),
        ruled_out,
        struck,
        weak_ruled_out,
        milestone,
        found: None,
    };
    (kind, why, evidence)
}

/// How many words after a negation may tell the success it denies ("did *not* make any
/// *difference*").
const DENIED_WITHIN: usize = 4;

/// The first question a text asks with "whether" and answers no in the sentence after it (see
/// [`answered_whether`]): the question's clause and the verdict.
pub(crate) fn question_answered_no(text: &str) -> Option<(String, Inference)> {
    answered_no_where(text, |_| true)
}

/// The first question of `text` asked with "whether" and answered no in the next sentence
/// (see [`answered_whether`]) among the answers `keep` accepts: the question's clause and
/// the verdict.
fn answered_no_where(text: &str, keep: impl Fn(&str) -> bool) -> Option<(String, Inference)> {
    let all = sentences(text);
    all.windows(2)
        .filter(|pair| keep(pair[1]))
        .find_map(|pair| answered_whether(pair[0], pair[1]))
}

/// A question asked with "whether" in one sentence (`asked`: "to determine whether the flaw
/// affects our vaults") and answered no at the start of the next (`answer`: "It does not." ·
/// "We determined that it does not, because ..."): the question's clause in the writer's words
/// ("the flaw affects our vaults") and the verdict, rule [`RuleId::DetourAnsweredWhether`]. `None` when the
/// answer says anything else first ("It was not until noon that ...": the answer must end its
/// clause).
pub(crate) fn answered_whether(asked: &str, answer: &str) -> Option<(String, Inference)> {
    // ASCII lower case keeps every byte where it was: the clause is cut from the writer's text.
    let low = asked.to_ascii_lowercase();
    let at = low.find("whether ")? + "whether ".len();
    let clause = asked[at..]
        .split(['.', ';', ',', '?', '('])
        .next()
        .unwrap_or("")
        .trim();
    if clause.split_whitespace().count() < 2 {
        return None;
    }
    let answer = answer.to_lowercase();
    let words: Vec<&str> = answer.split_whitespace().collect();
    // The answer opens the sentence or follows "that" within its first few words.
    let start = match words.iter().take(5).position(|w| *w == "that") {
        Some(p) => p + 1,
        None => 0,
    };
    let rest = words[start.min(words.len())..].join(" ");
    let no = ANSWERED_NO.iter().find(|n| {
        rest.strip_prefix(**n).is_some_and(|after| {
            after.is_empty()
                || after.starts_with([',', '.', ';', ':', ' ']) && {
                    let next = after.trim_start_matches([',', '.', ';', ':', ' ']);
                    // "it does not, simply because ..." ends its clause; "it is not until" does not.
                    after.starts_with([',', '.', ';', ':']) || next.is_empty()
                }
        })
    })?;
    Some((
        clause.to_string(),
        Inference::new(RuleId::DetourAnsweredWhether, *no),
    ))
}

/// A question asked with "whether" and answered no in the next sentence (see
/// [`answered_whether`]), where the finding words `found` ("determined that") open the answer:
/// the verdict.
fn finding_answered_no(text: &str, found: &str) -> Option<Inference> {
    answered_no_where(text, |answer| {
        answer
            .to_lowercase()
            .split_whitespace()
            .take(6)
            .collect::<Vec<_>>()
            .join(" ")
            .contains(found)
    })
    .map(|(_, why)| why)
}

/// Whether the verdict `r` (a [`RuleId::DetourRuledOut`] judgement) found in `lower` tells
/// what someone noticed or reported, with no step told between ([`NOTICED`]: "noticed that the upload progress *wasn't correct*"): the
/// symptom seen, not a theory or a step ruled out ("noticed that restarting the pods *did not
/// help*" is one).
fn noticed_symptom(lower: &str, r: &Inference) -> bool {
    // The symptom said to go on ("reports that the backlog is still growing") is a verdict on
    // what was just done: only a judgement of wrong ("was not correct") can be the symptom.
    if r.rule != RuleId::DetourRuledOut {
        return false;
    }
    let Some(at) = lower.find(r.matched.as_str()) else {
        return false;
    };
    let sentence = lower[..at].rfind(['.', ';', '!', '?']).map_or(0, |p| p + 1);
    let before = &lower[sentence..at];
    NOTICED.iter().any(|n| {
        before
            .find(n)
            .is_some_and(|k| !holds_step_verb(&before[k + n.len()..]))
    })
}

/// Whether the verdict `r` found in `lower` is an adjective standing before a noun ("due to
/// *insufficient documentation*", "an *unchanged config* file"): it describes a thing, it rules
/// nothing out. A verdict that ends its clause ("the revert was insufficient", "errors unchanged
/// after the restart") is one.
pub(crate) fn attributive_verdict(lower: &str, r: &Inference) -> bool {
    let word = r.matched.as_str();
    if !VERDICT_ADJECTIVES.contains(&word) {
        return false;
    }
    let mut found = lower.match_indices(word).peekable();
    found.peek().is_some()
        && found.all(|(at, _)| {
            let before_ok = !lower[..at].ends_with(|c: char| c.is_alphanumeric());
            let after = &lower[at + word.len()..];
            before_ok
                && after.starts_with(' ')
                && after.split_whitespace().next().is_some_and(|next| {
                    next.starts_with(|c: char| c.is_ascii_alphabetic())
                        && !AFTER_VERDICT
                            .contains(&next.trim_end_matches(|c: char| !c.is_ascii_alphabetic()))
                })
        })
}

/// How many words after "but" may tell the failure ("but" itself the first).
const BUT_WORDS: usize = 6;

/// An attempt (`h`, hypothesis words of trying: "attempted", "tried", "trying to") followed
/// in its sentence by a "but" clause that tells a failure ("attempted to SSH into the host, but
/// the connection was blocked"; "tried to renew it but were unable to"; "trying to fix it
/// through the web console but get attachment errors"): rule [`RuleId::DetourTriedBut`], its
/// words from "but" to the failure. `lower` is the text in lower case. A "but" clause without a
/// failure word ("tried to parse it, but the logs swallowed the error message" does not count:
/// "error" must stand alone), a negation that denies no success or effect ("tried a restart,
/// but no errors since then": see [`NEGATIONS`]) or an attempt that worked first ("the bug we
/// were trying to fix is resolved, but ...") is none.
pub(crate) fn tried_but_failed(lower: &str, h: &Inference) -> Option<Inference> {
    let w = h.matched.as_str();
    if !(w.starts_with("tri") || w.starts_with("try") || w.contains("attempt")) {
        return None;
    }
    let from = lower.find(w)? + w.len();
    let sentence_end = lower[from..]
        .find(['.', ';', '!', '?'])
        .map_or(lower.len(), |e| from + e);
    // A question ("or was it crashing when it tried to parse it, but ...?") tells no attempt.
    if lower[sentence_end..].starts_with('?') {
        return None;
    }
    let span = &lower[from..sentence_end];
    let but = span.find(" but ")?;
    let before = &span[..but];
    if ["resolved", "fixed", "worked", "succeeded", "success"]
        .iter()
        .any(|d| {
            before
                .split(|c: char| !c.is_alphanumeric())
                .any(|x| x == *d)
        })
    {
        return None;
    }
    let clause = &span[but + 1..];
    // The failure is told right after "but" ("but doesn't succeed", "but the connection was
    // blocked"), not in a later clause ("but decided to email us since it does not ...").
    let words: Vec<(usize, &str)> = clause
        .split_whitespace()
        .scan(0, |end, word| {
            *end += word.len() + 1;
            Some((
                *end,
                word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''),
            ))
        })
        .collect();
    let said = |end: usize| {
        Inference::new(
            RuleId::DetourTriedBut,
            clause[..end.min(clause.len())].trim_end(),
        )
    };
    let mut negated = false;
    for (i, &(end, bare)) in words.iter().enumerate().take(BUT_WORDS) {
        if NEGATIONS.contains(&bare) {
            // "but no effect", "but it did not make any difference": a success denied.
            if let Some(&(end, _)) = words[i + 1..]
                .iter()
                .take(DENIED_WITHIN)
                .find(|(_, w)| DENIED_SUCCESS.contains(w))
            {
                return Some(said(end));
            }
            // "but no errors since then": what the negation denies is no failure.
            negated = true;
        } else if !negated
            && (FAILURE_WORDS.contains(&bare)
                || bare == "timed" && words.get(i + 1).is_some_and(|(_, n)| *n == "out"))
        {
            let end = if bare == "timed" { words[i + 1].0 } else { end };
            return Some(said(end));
        }
    }
    None
}

/// Whether a verdict that the symptom is still there (`r`, "still broken") follows words
/// saying what was done worked ("finally deployed", "the original bug is fixed"): another
/// symptom is left, the step was no detour. `lower` is the scan's normalised text.
fn worked_but_more_left(lower: &str, r: &Inference) -> bool {
    const WORKED: &[&str] = &[
        "finally",
        "is fixed",
        "was fixed",
        "are fixed",
        "were fixed",
        "is resolved",
        "was resolved",
        "are resolved",
        "were resolved",
        "is restored",
        "was restored",
    ];
    let still = r.matched.starts_with("still")
        || matches!(
            r.rule,
            RuleId::DetourStillNot | RuleId::DetourSymptomContinued
        );
    let Some(at) = lower.find(r.matched.as_str()) else {
        return false;
    };
    still
        && WORKED.iter().any(|w| {
            lower[..at].match_indices(w).any(|(p, _)| {
                !lower[..p].ends_with(|c: char| c.is_alphanumeric())
                    && !lower[..p].trim_end().ends_with("not")
            })
        })
}

/// The label of a `Label: text` entry (at most six words, not a time like `10:30`).
fn label_of(text: &str) -> Option<&str> {
    let (label, _) = text.split_once(':')?;
    let label = label.trim();
    let words = label.split_whitespace().count();
    (words > 0 && words <= 6 && !label.starts_with(|c: char| c.is_ascii_digit())).then_some(label)
}

/// The words between the first pair of `~~`.
/// The cross mark that opens or ends `text` (`❌`, `✗`, `✘`, `✖`), if any.
fn cross_mark(text: &str) -> Option<&'static str> {
    const CROSSES: &[&str] = &["❌", "✗", "✘", "✖"];
    let t = text.trim();
    CROSSES
        .iter()
        .find(|c| t.starts_with(**c) || t.ends_with(**c))
        .copied()
}

fn struck_words(text: &str) -> String {
    text.split("~~").nth(1).unwrap_or("").trim().to_lowercase()
}

/// "It's not a go version problem", "this was not a DNS issue.": a kind of cause named and
/// denied in a clause of its own (`not a`/`not an` + one to four words + problem, issue, cause,
/// fault, culprit, bug or regression, ending the clause), or replaced by another ("not a
/// network hiccup but a disk failure"). Rule `detour:fell-short`, the words matched `not` and
/// the cause denied; `None` when the text has no such verdict. `lower` is the scan's
/// normalised text.
pub(crate) fn not_a_cause(lower: &str) -> Option<Inference> {
    const NOUNS: &[&str] = &[
        "problem",
        "issue",
        "cause",
        "fault",
        "culprit",
        "bug",
        "regression",
    ];
    let mut from = 0;
    while let Some(p) = lower[from..].find("not a") {
        let at = from + p;
        from = at + 5;
        if at > 0 && lower[..at].ends_with(|c: char| c.is_alphanumeric()) {
            continue;
        }
        let rest = &lower[at + 4..];
        let words: Vec<&str> = clause_of(rest).split_whitespace().collect();
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            continue;
        };
        if !matches!(*first, "a" | "an") {
            continue;
        }
        // "not a network hiccup but a disk failure": the first named, then replaced.
        let told = match words.iter().position(|w| *w == "but") {
            Some(k) if (2..=5).contains(&k) => Some(&words[..k]),
            _ if (3..=6).contains(&words.len()) && NOUNS.contains(last) => Some(&words[..]),
            _ => None,
        };
        // "not a customer-facing problem", "not a big issue": how bad, not what caused it.
        let severity = told.is_some_and(|t| {
            t.iter().any(|w| {
                SEVERITY_WORDS.contains(w) || w.ends_with("-facing") || w.ends_with("-visible")
            })
        });
        if severity {
            continue;
        }
        if let Some(told) = told {
            let words = format!("not {}", told.join(" "));
            return Some(Inference::new(RuleId::DetourFellShort, words));
        }
    }
    None
}

/// The words of `rest` up to the end of their clause (a punctuation mark or " - ").
fn clause_of(rest: &str) -> &str {
    let end = rest
        .find(['.', ',', ';', ':', '!', '?', '(', ')'])
        .into_iter()
        .chain(rest.find(" - "))
        .min();
    end.map_or(rest, |e| &rest[..e])
}

/// "Concluded that there is no network problem", "there was no DNS issue.": a kind of cause
/// found absent (`there is`/`there was`/`there's` + `no` + one to three words + problem, issue,
/// fault or cause, ending the clause). Rule `detour:fell-short`; `None` when the text has no
/// such verdict ("there is no quick workaround" names no cause, "no major issue" grades one).
/// `lower` is the scan's normalised text.
fn no_such_cause(lower: &str) -> Option<Inference> {
    const NOUNS: &[&str] = &[
        "problem", "problems", "issue", "issues", "fault", "faults", "cause",
    ];
    const LEADS: &[&str] = &[
        "there is no ",
        "there was no ",
        "there's no ",
        "there were no ",
    ];
    // Every lead starts so: one search rules most texts out.
    if !lower.contains("there") {
        return None;
    }
    LEADS.iter().find_map(|lead| {
        lower.match_indices(lead).find_map(|(at, _)| {
            if at > 0 && lower[..at].ends_with(|c: char| c.is_alphanumeric()) {
                return None;
            }
            let rest = &lower[at + lead.len()..];
            let words: Vec<&str> = clause_of(rest).split_whitespace().collect();
            let named = (2..=4).contains(&words.len())
                && words.last().is_some_and(|w| NOUNS.contains(w))
                && !words.iter().any(|w| SEVERITY_WORDS.contains(w));
            named
                .then(|| Inference::new(RuleId::DetourFellShort, format!("no {}", words.join(" "))))
        })
    })
}

/// "Will that free the volume? (it does not)", "Does the queue drain now? No.": a step asked
/// about and answered no right after the question mark, the answer a clause of its own. Rule
/// `detour:ruled-out`; `None` when no question is answered so ("Is the API degraded?
/// Checking the status page." asks without answering). `lower` is the scan's normalised text.
fn answered_no(lower: &str) -> Option<Inference> {
    const NO: &[&str] = &[
        "no",
        "nope",
        "not really",
        "it does not",
        "it doesn't",
        "it did not",
        "it didn't",
        "it will not",
        "it won't",
        "it was not",
        "it wasn't",
        "it is not",
        "it isn't",
        "no it does not",
        "no it doesn't",
        "no it did not",
        "no it didn't",
        "did not help",
        "didn't help",
    ];
    lower.match_indices('?').find_map(|(q, _)| {
        let rest = lower[q + 1..].trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '(' | '-' | '*' | '_' | '\u{2013}' | '\u{2014}')
        });
        let end = rest
            .find(['.', ',', ';', ':', '!', '?', '(', ')', '*', '_'])
            .unwrap_or(rest.len());
        let answer = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
        NO.contains(&answer.as_str())
            .then(|| Inference::new(RuleId::DetourRuledOut, answer))
    })
}

#[cfg(test)]
mod not_a_cause_tests {
    use super::{answered_no, no_such_cause, not_a_cause};

    #[test]
    fn a_step_asked_about_and_answered_no_is_a_verdict() {
        assert!(
            answered_no("deleted the pods; will that free the volume? (it does not)").is_some()
        );
        assert!(answered_no("does the queue drain now? no.").is_some());
        assert!(answered_no("would that be enough? it wasn't.").is_some());
        assert!(answered_no("is the api degraded? checking the status page.").is_none());
        assert!(answered_no("is it the cache? no idea yet").is_none());
    }

    #[test]
    fn a_cause_found_absent_is_a_verdict_and_a_missing_remedy_is_not() {
        assert!(no_such_cause("concluded that there is no network problem.").is_some());
        assert!(no_such_cause("there was no dns issue, so we moved on").is_some());
        assert!(no_such_cause("there is no quick workaround; the queue is wedged").is_none());
        assert!(no_such_cause("there is no major issue.").is_none());
        assert!(no_such_cause("there is no problem.").is_none());
    }

    #[test]
    fn a_cause_denied_is_a_verdict_and_a_grade_is_not() {
        assert!(not_a_cause("it's not a go version problem.").is_some());
        assert!(not_a_cause("not a network hiccup but a disk failure").is_some());
        assert!(not_a_cause("latency is up 5%, not a customer-facing problem.").is_none());
        assert!(not_a_cause("this is not a major issue.").is_none());
    }
}

/// An entry that opens with the edge of the outage, the service named in it: "Start of
/// OpenStreetMap.org outage; …", "End of the checkout API outage" — the phrases "start of
/// outage" and "end of outage" with up to three words between. Impact start or resolution,
/// with the words as written; `None` for a window of something else ("Start of the
/// maintenance window").
fn edge_of_the_outage(lower: &str) -> Option<(EventKind, Inference)> {
    const OUTAGE: &[&str] = &[
        "outage",
        "incident",
        "downtime",
        "disruption",
        "degradation",
    ];
    const BETWEEN: usize = 3;
    let (kind, rule, rest) = [
        ("start of ", EventKind::ImpactStart, RuleId::KindImpactStart),
        (
            "beginning of ",
            EventKind::ImpactStart,
            RuleId::KindImpactStart,
        ),
        ("end of ", EventKind::Resolution, RuleId::KindResolution),
    ]
    .into_iter()
    .find_map(|(lead, k, r)| {
        lower
            .trim_start()
            .strip_prefix(lead)
            .map(|rest| (k, r, rest))
    })?;
    // Up to the clause's end (a dot inside a name, `OpenStreetMap.org`, ends nothing).
    let end = [";", ",", "(", ":", ". ", " - ", " — "]
        .iter()
        .filter_map(|sep| rest.find(sep))
        .min()
        .unwrap_or(rest.len());
    let clause = rest[..end].trim_end().trim_end_matches('.');
    let words: Vec<&str> = clause.split_whitespace().collect();
    let last = words
        .last()?
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    (OUTAGE.contains(&last) && (2..=BETWEEN + 1).contains(&words.len())).then(|| {
        let said = lower.trim_start();
        let len = said.len() - rest.len() + clause.len();
        (kind, Inference::new(rule, &said[..len]))
    })
}

#[cfg(test)]
mod edge_of_the_outage_tests {
    use super::classify;
    use crate::model::EventKind;

    #[test]
    fn an_entry_opening_with_the_edge_of_a_named_outage() {
        let kind = |t: &str| classify(t, false).0;
        assert_eq!(
            kind("Start of OpenStreetMap.org outage; ops unsure why"),
            EventKind::ImpactStart
        );
        assert_eq!(
            kind("End of the checkout API outage"),
            EventKind::Resolution
        );
        // A window of something else, or more than three words between, is none.
        assert_eq!(kind("Start of Equinix maintenance window"), EventKind::Note);
        assert_eq!(
            kind("Start of the long planned and expected quarterly outage"),
            EventKind::Note
        );
    }
}
