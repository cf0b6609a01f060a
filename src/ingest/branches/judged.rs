//! Steps judged outside the timeline: a sentence of another section ("Contributing factors",
//! the summary) says a step did not help ("The planned service restart did not resolve the
//! issue", "The cache resize had no effect"), and the timeline tells that step as an entry of
//! its own ("00:30 Planned restart"). The verdict is the writer's; the entry gives it its time.

use super::relief::tells_relief;
use super::steps::{NamedStep, SHARED, tells_step};
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
