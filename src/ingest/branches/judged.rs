//! Steps judged outside the timeline: a sentence of another section ("Contributing factors",
//! the summary) says a step did not help ("The planned service restart did not resolve the
//! issue", "The cache resize had no effect"), and the timeline tells that step as an entry of
//! its own ("00:30 Planned restart"). The verdict is the writer's; the entry gives it its time.

use super::relief::tells_relief;
use super::steps::{NamedStep, SHARED, holds_step_verb, tells_step};
use super::{Ids, STEP_TAKEN, mark_tried, new_branch};
use crate::ingest::lexicon::Scan;
use crate::model::{Incident, Inference, Outcome, RuleId};

/// The index of the timeline entry that tells the step `scan` (one sentence) judges as not
/// helping, if any: `verdict`, the sentence's ruled-out verdict, is a strong "did not help"
/// ([`RuleId::DetourRuledOut`], [`RuleId::DetourFellShort`]), the words before it in its
/// clause are the step ([`NamedStep`]), and an entry on no branch that tells a step
/// ([`tells_step`]: an action, a mitigation, a note with a verb of doing) shares [`SHARED`]
/// of their telling words and, when both tell one, a verb of doing (the most of any entry;
/// the first of equals). Entries that tell the problem or its end (a detection, the cause
/// found, a recovery, a symptom noted, words of relief: "lag drops") are no step.
fn judged_entry(
    incident: &Incident,
    scan: &Scan,
    verdict: &Inference,
) -> Option<(usize, Inference)> {
    if !matches!(
        verdict.rule,
        RuleId::DetourRuledOut | RuleId::DetourFellShort
    ) || verdict.matched.is_empty()
    {
        return None;
    }
    let before = &scan.lower[..scan.lower.find(verdict.matched.as_str())?];
    // Its clause: after the last mark that ends one (not the colon of "10:30").
    let clause = [", ", "; ", ": ", "(", " - "]
        .iter()
        .filter_map(|m| before.rfind(m).map(|at| at + m.len()))
        .max()
        .map_or(before, |at| &before[at..]);
    let step = NamedStep::read(clause)?;
    let (best, shared) = incident
        .timeline
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.branch.is_none() && tells_step(&e.text, e.kind) && !tells_relief(&e.text)
        })
        .map(|(i, e)| (i, step.shared(&e.text)))
        .fold(
            (None, 0),
            |(bi, bn), (i, n)| {
                if n > bn { (Some(i), n) } else { (bi, bn) }
            },
        );
    let i = best.filter(|_| shared >= SHARED)?;
    Some((
        i,
        Inference::new(RuleId::DetourStepJudgedInProse, verdict.matched.as_str()),
    ))
}

/// Ends a step the timeline tells as a detour when `scan`, a sentence outside the timeline,
/// judges it as not helping by `verdict` (see [`judged_entry`]): rule
/// [`RuleId::DetourStepJudgedInProse`], a detour of that one entry, named by it. Whether it
/// did.
pub(super) fn step_judged_in_prose(
    incident: &mut Incident,
    ids: &mut Ids,
    scan: &Scan,
    verdict: &Inference,
) -> bool {
    let Some((i, why)) = judged_entry(incident, scan, verdict) else {
        return false;
    };
    let text = incident.timeline[i].text.to_string();
    let id = new_branch(incident, ids, &text, None, Some(&why), Outcome::RuledOut);
    mark_tried(incident, i, &id, &why, STEP_TAKEN);
    true
}

/// The step `scan` (one sentence outside the timeline) names and judges as not helping by
/// `verdict` when no timeline entry tells it ([`judged_entry`] found none): the clause before
/// the verdict, or, when that clause is only a pronoun and linking words ("…, however in this
/// case *that* did not help"), the clause before it ("the number of web servers was scaled
/// up"). It must hold a verb of doing ([`holds_step_verb`]) and [`SHARED`] telling words;
/// `None` otherwise. The text is the scan's lower case, without its leading linking words.
pub(super) fn untimed_step(scan: &Scan, verdict: &Inference) -> Option<String> {
    const FILLER: &[&str] = &[
        "however",
        "but",
        "though",
        "although",
        "in",
        "this",
        "that",
        "these",
        "those",
        "it",
        "which",
        "case",
        "and",
        "so",
        "unfortunately",
        "sadly",
        "again",
        "also",
        "even",
        "still",
    ];
    // A verdict on what a step did ("did not help", "had no effect", "was not enough"), not
    // a state ("unchanged", "insufficient" space).
    const OF_A_STEP: &[&str] = &[
        "help",
        "work",
        "fix",
        "resolve",
        "solve",
        "effect",
        "enough",
        "improve",
        "difference",
        "avail",
        "success",
        "relief",
    ];
    if !matches!(
        verdict.rule,
        RuleId::DetourRuledOut | RuleId::DetourFellShort
    ) || !verdict
        .matched
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| OF_A_STEP.iter().any(|s| w.starts_with(s)))
    {
        return None;
    }
    let marks = [", ", "; ", ": ", "(", " - "];
    let clause_of = |before: &str| -> (usize, usize) {
        marks
            .iter()
            .filter_map(|m| before.rfind(m).map(|at| (at, at + m.len())))
            .max_by_key(|(_, after)| *after)
            .unwrap_or((0, 0))
    };
    // An aside in brackets ("however in this case (slow upstream) that did not help") is
    // left out.
    let mut before = String::new();
    let mut depth = 0usize;
    for c in scan.lower[..scan.lower.find(verdict.matched.as_str())?].chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => before.push(c),
            _ => {}
        }
    }
    let before = before.as_str();
    let (mark, from) = clause_of(before);
    let only_filler = |t: &str| {
        t.split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .all(|w| w.is_empty() || FILLER.contains(&w))
    };
    let clause = if only_filler(&before[from..]) && from > 0 {
        let earlier = &before[..mark];
        &earlier[clause_of(earlier).1..]
    } else {
        &before[from..]
    };
    let words: Vec<&str> = clause.split_whitespace().collect();
    let lead = words
        .iter()
        .take_while(|w| FILLER.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
        .count();
    // The verb that hands the verdict on ("Restarting the pods *provided only* temporary
    // relief") is no part of the step.
    const HANDING_ON: &[&str] = &["provided", "brought", "gave", "offered", "only", "some"];
    let mut tail = words.len();
    while tail > lead && HANDING_ON.contains(&words[tail - 1]) {
        tail -= 1;
    }
    let step = words[lead..tail].join(" ");
    // A reason or a guess, not a step judged: "increased the disk *because* the space was
    // not enough", "restarting the pods *would* not help".
    const NOT_JUDGED: &[&str] = &[
        "because", "since", "as", "so", "will", "would", "could", "should", "might", "may", "can",
        "if",
    ];
    let said = step
        .split_whitespace()
        .chain(before.split_whitespace().last())
        .chain(verdict.matched.split_whitespace())
        .any(|w| NOT_JUDGED.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())));
    (!said && !only_filler(&step) && holds_step_verb(&step) && NamedStep::read(&step).is_some())
        .then_some(step)
}

/// Whether an entry of the timeline tells the step `step` names (shares [`SHARED`] of its
/// telling words): then the step is told there, judged or not, and no detour without a time.
pub(super) fn timeline_tells(incident: &Incident, step: &str) -> bool {
    NamedStep::read(step).is_some_and(|named| {
        incident
            .timeline
            .iter()
            .any(|e| named.shared(&e.text) >= SHARED)
    })
}
