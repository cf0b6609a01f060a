//! Steps blamed later: the story tells a step taken in response ("The DHCP lease time was
//! reduced and the DHCP tables cleared") and a later entry says a new problem came from it
//! ("users hit duplicate IP addresses as a result of clearing the DHCP table"). The step made
//! things worse: a detour, told by the order of the story and the thing the later entry names.

use super::relief::tells_relief;
use super::steps::{NamedStep, SHARED, holds_step_verb, response_start};
use super::{Ids, STEP_TAKEN, mark_tried, new_branch};
use crate::ingest::lexicon::lists::{FOUND_TO_BE, Found, List, RESULT_OF};
use crate::ingest::lexicon::{find_phrase, normalise};
use crate::model::{EventKind, Incident, Inference, Outcome, RuleId};

/// How many entries before the blaming one are read for the step it names.
const BACK: usize = 4;

/// Ends each step blamed later: an entry `j` says what a problem came from ([`RESULT_OF`]:
/// "as a result of", "caused by", ...; not a plan, "to be caused by", unless found, "found to
/// be caused by": [`FOUND_TO_BE`]; not for a good outcome or the problem's end: a recovery, a
/// resolution, words of relief, see [`tells_relief`]), and one of the [`BACK`] entries before
/// it, from the start of the response on ([`response_start`]), on no branch, holding a verb
/// of doing and not telling the problem itself or its end (a start, a detection, a recovery,
/// a resolution, words of relief), tells the step named after the phrase (to the end of its
/// sentence; it holds a verb of doing itself): [`SHARED`] telling words and a verb in common
/// (see [`NamedStep`]). Rule [`RuleId::DetourBlamedLater`]: a detour of the step (it lasts
/// until the entry after it); the blaming entry stays on the main line. `found` is the quick
/// test of each entry's text (parallel to the timeline).
pub(super) fn steps_blamed_later(incident: &mut Incident, ids: &mut Ids, found: &[Found]) {
    let n = incident.timeline.len();
    let Some(first) = response_start(incident) else {
        return;
    };
    for j in first + 1..n {
        // Every phrase holds one of these: most entries hold neither and are not normalised.
        if found.get(j).is_some_and(|f| !f.has(List::ResultOfWords)) {
            continue;
        }
        // A cause named for a good outcome ("error rate stays low because of the rollback")
        // or for the end of the problem blames nothing.
        if matches!(
            incident.timeline[j].kind,
            EventKind::Recovery | EventKind::Resolution
        ) || tells_relief(&incident.timeline[j].text)
        {
            continue;
        }
        let low = normalise(&incident.timeline[j].text);
        let Some((phrase, blamed)) = RESULT_OF.iter().find_map(|p| {
            let m = find_phrase(&low, p)?;
            let after = m.as_ptr() as usize - low.as_ptr() as usize + m.len();
            let rest = &low[after..];
            let end = rest.find(['.', ';', '!', '?']).unwrap_or(rest.len());
            // A plan ("a notification to be caused by ...") tells no problem that came; what
            // was found ("found to be caused by") does.
            let before = low[..after - m.len()].trim_end();
            let planned = before.ends_with("will be")
                || before.strip_suffix("to be").is_some_and(|head| {
                    let head = head.trim_end();
                    !FOUND_TO_BE.iter().any(|w| {
                        head.strip_suffix(w)
                            .is_some_and(|h| h.is_empty() || h.ends_with(' '))
                    })
                });
            (!planned).then_some((*p, &rest[..end]))
        }) else {
            continue;
        };
        // What is blamed is a step (a verb of doing: "clearing the table", "the cache flush").
        if !holds_step_verb(blamed) {
            continue;
        }
        let Some(blamed) = NamedStep::read(blamed) else {
            continue;
        };
        let step = (j.saturating_sub(BACK).max(first)..j).rev().find(|&i| {
            let e = &incident.timeline[i];
            e.branch.is_none()
                && !matches!(
                    e.kind,
                    EventKind::ImpactStart
                        | EventKind::Detection
                        | EventKind::Recovery
                        | EventKind::Resolution
                )
                && e.at <= incident.timeline[j].at
                && holds_step_verb(&e.text)
                // A step its own entry credits with a good outcome ("rolled back; error rate
                // drops") worked.
                && !tells_relief(&e.text)
                && blamed.shared(&e.text) >= SHARED
        });
        let Some(i) = step else {
            continue;
        };
        let why = Inference::new(RuleId::DetourBlamedLater, phrase);
        let text = incident.timeline[i].text.to_string();
        let id = new_branch(incident, ids, &text, None, Some(&why), Outcome::RuledOut);
        mark_tried(incident, i, &id, &why, STEP_TAKEN);
    }
}
