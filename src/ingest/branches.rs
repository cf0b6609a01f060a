//! Investigation branches: a theory and the entry that rules it out linked into one branch
//! (a detour when ruled out), and theories ruled out in words outside the timeline attached to
//! the branch they name. Format independent: works on classified events and their [`Evidence`].

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::candidate::{FailedAttempt, Remark};
use super::classify::{
    Evidence, answered_whether, attributive_verdict, is_progress, question_answered_no,
    tried_but_failed,
};
use super::lexicon::{Conclusion, Scan, Strength};
use super::markdown::sections::split_label;
use super::markdown::timeline::sentences;
use crate::ingest::lexicon::lists::{Found, REALLY_WAS, THEORY_RULED_OUT};
use crate::model::text::clean_line;
use crate::model::{Branch, EventKind, Incident, Inference, Outcome, RuleId};
use relief::tells_relief;

mod blamed;
mod checked;
mod fixes;
mod judged;
mod relief;
mod steps;

pub(crate) use steps::holds_step_verb;

/// Detours: a hypothesis opens a branch; a later ruled-out event joins and closes the open
/// branch it names (a telling word of the branch's id, "CDN theory ruled out"), else the most
/// recent open one; an event that both proposes and rules out a theory of its own is a branch of
/// its own. Weak ruled-out words — a check that found nothing ("nothing unusual in the
/// logs"), an attempt that failed — only close an open branch; alone they are no detour. Events that opened a branch later ruled out are
/// hypotheses, whatever progress their words claimed ("traffic moved off the CDN").
/// `from_order`: also read steps that did not help from the story's order (see
/// `steps::failed_steps`); false for a timeline told in full (retrace's own export), whose
/// branches are only those it states.
pub fn assign_branches(incident: &mut Incident, evidence: &[Evidence], from_order: bool) {
    let mut open: Vec<usize> = Vec::new();
    let mut ids = Ids::default();
    // The branch ids the entries before `i` are on: entries enter it as the loop passes them,
    // and an earlier entry put on a branch later is added where that happens (entries before
    // `i` only ever go from no branch to one), so "is this branch new" needs no scan of the
    // timeline (which made a large incident quadratic).
    let mut on_branch_before: HashSet<String> = HashSet::new();
    // The first detection, found once: no entry becomes or stops being one in the loop below
    // (its kinds set are hypothesis and note), and a scan per verdict would make a large
    // incident quadratic.
    let first_detection = incident
        .timeline
        .iter()
        .position(|e| e.kind == EventKind::Detection);
    for (i, s) in evidence.iter().enumerate() {
        if let Some(b) = i
            .checked_sub(1)
            .and_then(|p| incident.timeline[p].branch.as_deref())
        {
            on_branch_before.insert(b.to_string());
        }
        let text = incident.timeline[i].text.clone();
        // What a verdict is about: the whole entry, or only what it gave up ("gives up on
        // uploading the images, in case the billing issue stays").
        let about = match &s.ruled_out {
            Some(r) if r.rule == RuleId::DetourGaveUp => neutral_hypothesis(&text).1,
            _ => text.to_string(),
        };
        let named = s.ruled_out.as_ref().and_then(|_| {
            let words = words_of(&about);
            // Among the few most recent open theories: linear in the timeline.
            let recent = open.len().saturating_sub(RECENT);
            open[recent..]
                .iter()
                .rposition(|&b| names_branch(&incident.branches[b].id, &words))
                .map(|p| recent + p)
        });
        // Or a theory already ruled out, said again ("Rollback completed. Issue still there.").
        // An entry that tells an attempt of its own and its failure is a detour of its own.
        let named_done = s
            .ruled_out
            .as_ref()
            .filter(|_| named.is_none() && s.hypothesis.is_none())
            .and_then(|_| {
                let words = words_of(&about);
                // Only a detour still in view: one with an entry among the latest few.
                let from = i.saturating_sub(RECENT);
                incident
                    .branches
                    .iter()
                    .rev()
                    .filter(|b| b.outcome == Outcome::RuledOut)
                    .take(RECENT)
                    .filter(|b| {
                        incident.timeline[from..i]
                            .iter()
                            .any(|e| e.branch.as_deref() == Some(b.id.as_str()))
                    })
                    // Another version of the thing tried ("-hotfix tag rolled (rev 42); same
                    // error" · "-hotfix2 (rev 43); same"): a new attempt, a detour of its own.
                    .filter(|b| {
                        !tries_another_version(
                            &text,
                            incident.timeline[from..i]
                                .iter()
                                .filter(|e| e.branch.as_deref() == Some(b.id.as_str()))
                                .map(|e| e.text.as_str()),
                        )
                    })
                    .find(|b| names_branch(&b.id, &words))
                    .map(|b| b.id.clone())
            });
        // Another version of what the detour right before tried, with a verdict of its own
        // ("-hotfix tag rolled (rev 42); same error" · "-hotfix2 (rev 43); same"): an attempt
        // of its own, not the same detour said again.
        let another_version = s.ruled_out.is_some()
            && detour_before(incident, i).is_some()
            && tries_another_version(&text, [incident.timeline[i - 1].text.as_str()]);
        let id = match (&s.hypothesis, &s.ruled_out, named) {
            (_, Some(r), Some(pos)) => {
                let b = open.remove(pos);
                // Other recent open theories it also names end with it ("restarting the hub
                // pods had no effect" ends both "the hub pods are dead" and "restarting all
                // hub pods at once overloads the nodes").
                let words = words_of(&text);
                let recent = open.len().saturating_sub(RECENT - 1);
                let also: Vec<usize> = open[recent..]
                    .iter()
                    .copied()
                    .filter(|&o| names_branch_fully(&incident.branches[o].id, &words))
                    .collect();
                for o in also {
                    open.retain(|&x| x != o);
                    close(&mut incident.branches[o], r);
                }
                if went_on(r) {
                    close_pending_attempts(incident, &mut open, r);
                }
                close(&mut incident.branches[b], r)
            }
            (_, Some(_), None) if named_done.is_some() => named_done.unwrap_or_default(),
            (Some(h), Some(r), None) => new_branch(
                incident,
                &mut ids,
                &text,
                Some(h),
                Some(r),
                Outcome::RuledOut,
            ),
            // "Gives up on uploading the images": the attempt it names is a detour of its own,
            // not a verdict on whatever theory is open.
            (None, Some(r), None) if r.rule == RuleId::DetourGaveUp => {
                new_branch(incident, &mut ids, &text, None, Some(r), Outcome::RuledOut)
            }
            // A check of something else found fine, while a theory is open ("might be in the
            // CDN" · "the VMs and load balancers are all OK"): a lead of its own dropped; the
            // theory stays open. It is named by the thing checked, and only this entry is on it.
            (None, Some(r), None)
                if r.rule == RuleId::DetourNothingFound
                    && !open.is_empty()
                    && steps::checked_own_subject(&text, r).is_some() =>
            {
                let thing = steps::checked_own_subject(&text, r).unwrap_or_default();
                let id = new_branch(incident, &mut ids, &thing, None, Some(r), Outcome::RuledOut);
                incident.timeline[i].branch = Some(id.into());
                continue;
            }
            // The symptom went on right after an action, told on the entry before ("Rolled the
            // proxies." · "Errors continued.") or since the theory open was last told ("suspect
            // the DB" · "restarted the app" · "errors continued"): the action is the detour; a
            // theory open stays open.
            // The same when the entry only reports the action done before it ("Executes a
            // rollback to the default paths" · "All nodes reverted, volume attachments still
            // failing").
            (None, Some(r), None)
                if went_on(r)
                    && tried_before(incident, i).is_some_and(|j| {
                        !tells_action(&text)
                            || steps::done_report_of(&text, &incident.timeline[j].text)
                    }) =>
            {
                let id = action_detour(incident, &mut ids, i, r);
                on_branch_before.insert(id.clone());
                id
            }
            (None, Some(r), None) => match open.pop() {
                // The symptom still there ends every attempt still pending, not only the
                // latest ("attempts a redeploy" · "tries a reboot" · "hosts still aren't taking
                // work"); theories held stay open.
                Some(b) if went_on(r) => {
                    close_pending_attempts(incident, &mut open, r);
                    close(&mut incident.branches[b], r)
                }
                Some(b) => close(&mut incident.branches[b], r),
                // Said again right after a detour ended ("things still hang." · "The issue
                // still persists."; "Rollback attempted but failed to resolve it." ·
                // "Investigation shifted to the backend."): the same detour.
                None if (went_on(r) || r.matched.ends_with("shifted"))
                    && !tells_action(&text)
                    && detour_before(incident, i).is_some()
                    && !another_version =>
                {
                    detour_before(incident, i).unwrap_or_default()
                }
                // Told with an action of its own ("restarted the pods; errors continued"), or
                // with another version of what the detour just before tried ("-hotfix2 (rev
                // 43); same" after "-hotfix tag rolled (rev 42); same error").
                None if went_on(r) && (tells_action(&text) || another_version) => {
                    new_branch(incident, &mut ids, &text, None, Some(r), Outcome::RuledOut)
                }
                // A lead checked and dropped ("looked at the broker disks, which were fine"):
                // the check's own words tell what was suspected.
                None if r.rule == RuleId::DetourNothingFound && checked(&text, r) => {
                    new_branch(incident, &mut ids, &text, None, Some(r), Outcome::RuledOut)
                }
                None if s.weak_ruled_out => continue,
                // The symptom going on, with nothing tried or suspected before it ("reports that
                // the build is still failing", "Gateway still unreachable"), is a symptom line,
                // not a detour: not a theory either.
                None if went_on(r) => {
                    let e = &mut incident.timeline[i];
                    if e.kind == EventKind::Hypothesis {
                        e.kind = EventKind::Note;
                        e.inferred = None;
                    }
                    continue;
                }
                None => new_branch(incident, &mut ids, &text, None, Some(r), Outcome::RuledOut),
            },
            // An attempt that names an open theory tests it: it joins that theory's branch
            // ("suspects the hub pods are dead" … "attempts hub pod restarts").
            (Some(h), None, _) if is_attempt(h) && attempt_on(incident, &open, &text).is_some() => {
                let b = attempt_on(incident, &open, &text).unwrap_or_default();
                incident.branches[b].id.clone()
            }
            (Some(h), None, _) => {
                let id = new_branch(incident, &mut ids, &text, Some(h), None, Outcome::Open);
                open.push(incident.branches.len() - 1);
                id
            }
            // The cause found, naming no open theory: the theories held till now were wrong
            // ("whether it is GitHub-wide or our repo" · "realizes this is a billing issue").
            (None, None, _) if incident.timeline[i].kind == EventKind::Identified => {
                supersede(incident, &mut open, &text, i);
                continue;
            }
            (None, None, _) => continue,
        };
        // A fix reported later as not effective ("the larger pool was not effective"): the
        // attempt it names, a few entries back and on no branch, starts the detour.
        let fresh =
            incident.branches.last().is_some_and(|b| b.id == id) && !on_branch_before.contains(&id);
        // A cause blamed by mistake is told in its own entry ("mistakenly attributed to X").
        let own_theory = s
            .ruled_out
            .as_ref()
            .is_some_and(|r| r.rule == RuleId::DetourMistaken);
        if fresh && s.ruled_out.is_some() && s.hypothesis.is_none() && !own_theory {
            let from = i.saturating_sub(RECENT);
            // An entry that tells its own attempt ("Restarting the workers did not restore
            // write speed") starts its detour there: a plain note before the first detection
            // that shares a word with it ("Ledger writes slow down") is the symptom, not the
            // theory.
            let acted_here = tells_action(&text) || another_version;
            if let Some(j) = (from..i).rev().find(|&j| {
                let e = &incident.timeline[j];
                e.branch.is_none()
                    && !(acted_here
                        && e.kind == EventKind::Note
                        && first_detection.is_some_and(|d| j < d))
                    // Not an attempt judged in its own entry ("#101 hides the file. Still
                    // fails."): it was its own detour, not the start of this one.
                    && evidence[j].ruled_out.is_none()
                    && !matches!(e.kind, EventKind::Detection | EventKind::ImpactStart)
                    // Not the symptom's onset that shares a word with it ("Checkout requests
                    // start timing out" · "Restarted the checkout pods; latency unchanged").
                    && evidence[j].milestone.started.is_none()
                    && names_branch(&id, &words_of(&e.text))
            }) {
                incident.timeline[j].branch = Some(id.as_str().into());
                on_branch_before.insert(id.clone());
            }
        }
        incident.timeline[i].branch = Some(id.into());
    }
    if from_order {
        // Which of the rules' words each entry holds at all: the lexicon's quick test the
        // pipeline made of the entry's normalised text, else made here of the text as written
        // (no entry's text changes here). A word of the text as written, in any ASCII case, is
        // in its normalised copy too (every listed word is ASCII and single-spaced), and each
        // rule below only turns away an entry without one: the same answers as a test of the
        // text as written.
        let found: Vec<Found> = incident
            .timeline
            .iter()
            .enumerate()
            .map(|(i, e)| {
                evidence
                    .get(i)
                    .and_then(|ev| ev.found)
                    .unwrap_or_else(|| Found::in_text(&e.text))
            })
            .collect();
        steps::failed_steps(incident, &mut ids, &found);
        steps::steps_by_mistake(incident, &mut ids, &found);
        steps::steps_repeated_before_failing(incident, &mut ids, &found);
        fixes::superseded_fixes(incident, &mut ids, &found);
        fixes::fixes_that_did_not_hold(incident, &mut ids, &found);
        fixes::relapses_after_fixes(incident, &mut ids, &found);
        blamed::steps_blamed_later(incident, &mut ids, &found);
        attempts_superseded_by_a_fix(incident);
    }
    demote_detour_progress(incident, evidence);
}

/// The action the symptom went on after (see [`tried_before`]) made a detour ruled out by
/// `why`, the verdict at entry `i`: its id.
fn action_detour(incident: &mut Incident, ids: &mut Ids, i: usize, why: &Inference) -> String {
    let j = tried_before(incident, i).unwrap_or_default();
    // The entry before may only report that a step was done ("catalogue app is redeployed"
    // after "redeploying the catalogue app with the old image"): the step is the one tried,
    // and its report is on the detour too.
    let step = tried_before(incident, j)
        .filter(|&k| steps::done_report_of(&incident.timeline[j].text, &incident.timeline[k].text));
    let first = step.unwrap_or(j);
    let tried = incident.timeline[first].text.clone();
    let id = new_branch(incident, ids, &tried, None, Some(why), Outcome::RuledOut);
    if step.is_some() {
        incident.timeline[j].branch = Some(id.as_str().into());
    }
    let before = &mut incident.timeline[first];
    before.branch = Some(id.as_str().into());
    // It did not help: a step tried, not the mitigation.
    before.kind = EventKind::Hypothesis;
    before.inferred = Some(why.clone());
    id
}

/// The action the symptom went on after: the latest entry before `i` that did something
/// (an action or mitigation), on no branch, looking past at most [`TRIED_BEFORE`] entries of
/// notes, looking into it or a hoped-for recovery ("Hotfix deployed." · "Incident appears to
/// be resolved." · "Issue recurs."); `None` when a detection, a cause found or a theory comes
/// first.
fn tried_before(incident: &Incident, i: usize) -> Option<usize> {
    for j in (i.saturating_sub(TRIED_BEFORE)..i).rev() {
        let e = &incident.timeline[j];
        if e.branch.is_some() {
            return None;
        }
        match e.kind {
            EventKind::Action | EventKind::Mitigation => return Some(j),
            // Told in the present tense ("dustin terminates the workers"), not a kind's word.
            EventKind::Note | EventKind::Investigation if does_something(&e.text) => {
                return Some(j);
            }
            EventKind::Note
            | EventKind::Investigation
            | EventKind::Communication
            | EventKind::Recovery
            | EventKind::Resolution => {}
            _ => return None,
        }
    }
    None
}

/// The cause found at entry `i` (its words `text`): every recent open theory — held, not an
/// attempt — that it names none of the words of is ruled out here, and the finding joins the
/// latest such theory's branch (it ends it).
fn supersede(incident: &mut Incident, open: &mut Vec<usize>, text: &str, i: usize) {
    let words = words_of(text);
    let recent = open.len().saturating_sub(RECENT);
    let wrong: Vec<usize> = open[recent..]
        .iter()
        .copied()
        .filter(|&b| {
            let id = incident.branches[b].id.as_str();
            let opened = incident.timeline[..i]
                .iter()
                .find(|e| e.branch.as_deref() == Some(id));
            opened.is_some_and(|e| holds_theory(&e.text))
                && telling_stems(id).next().is_some()
                && !names_branch(id, &words)
        })
        .collect();
    let Some(&last) = wrong.last() else {
        return;
    };
    let found = Scan::new(text)
        .signal(EventKind::Identified)
        .map_or_else(String::new, |w| w.matched.to_string());
    let why = Inference::new(RuleId::DetourSuperseded, found);
    for &b in &wrong {
        open.retain(|&x| x != b);
        close(&mut incident.branches[b], &why);
    }
    incident.timeline[i].branch = Some(incident.branches[last].id.as_str().into());
}

/// How many entries after an open attempt a different fix that worked may come.
const FIX_AFTER_ATTEMPT: usize = 6;

/// An attempt left open (its branch opened by words of trying: "attempted a rollback of the
/// files") when, within [`FIX_AFTER_ATTEMPT`] entries, a different fix worked: a mitigation on
/// no branch naming none of the attempt's words, told with relief or followed by a recovery or
/// resolution, with nothing between saying the attempt helped. The attempt did not help: its
/// branch is ruled out, rule [`RuleId::DetourAttemptSuperseded`].
fn attempts_superseded_by_a_fix(incident: &mut Incident) {
    let n = incident.timeline.len();
    // Each branch's last entry, found in one pass.
    let mut last_entry: HashMap<&str, usize> = HashMap::new();
    for (i, e) in incident.timeline.iter().enumerate() {
        if let Some(b) = e.branch.as_deref() {
            last_entry.insert(b, i);
        }
    }
    let last_entry: HashMap<String, usize> = last_entry
        .into_iter()
        .map(|(b, i)| (b.to_string(), i))
        .collect();
    let fixed = |e: &crate::model::Event| {
        matches!(e.kind, EventKind::Recovery | EventKind::Resolution) || tells_relief(&e.text)
    };
    for b in 0..incident.branches.len() {
        let branch = &incident.branches[b];
        if branch.outcome != Outcome::Open || !branch.inferred.as_ref().is_some_and(is_attempt) {
            continue;
        }
        let id = branch.id.as_str();
        let Some(&last) = last_entry.get(id) else {
            continue;
        };
        if tells_relief(&incident.timeline[last].text) {
            continue;
        }
        let mut fix = None;
        for k in last + 1..n.min(last + 1 + FIX_AFTER_ATTEMPT) {
            let e = &incident.timeline[k];
            if e.kind == EventKind::Mitigation
                && e.branch.is_none()
                && !names_branch(id, &words_of(&e.text))
            {
                let worked =
                    tells_relief(&e.text) || incident.timeline.get(k + 1).is_some_and(fixed);
                fix = worked.then_some(k);
                break;
            }
            // Something helped before any other fix: perhaps the attempt.
            if fixed(e) {
                break;
            }
        }
        let Some(k) = fix else {
            continue;
        };
        let matched = incident.timeline[k]
            .inferred
            .as_ref()
            .map_or_else(String::new, |w| w.matched.to_string());
        let why = Inference::new(RuleId::DetourAttemptSuperseded, matched);
        close(&mut incident.branches[b], &why);
    }
}

/// Whether the words hold a theory (a cause suspected, assumed, asked about), not only an
/// attempt or a hope ("tries restarting", "hoping to find the source").
fn holds_theory(text: &str) -> bool {
    const HELD: &[&str] = &[
        "suspect",
        "hypothes",
        "theor",
        "assum",
        "believ",
        "thought",
        "whether",
        "might be",
        "could be",
        "possibly",
        "seemed",
        "appeared",
        "suspicion",
        // "initial investigation focused on recent updates", "focusing on potential network
        // issues": a lead followed is a theory held.
        "focus",
        "guess",
        "idea",
        "blame",
        "pointed",
        "cause",
        "scapegoat",
        "mistook",
    ];
    let scan = Scan::new(text);
    scan.hits
        .iter()
        .filter(|h| h.rule().conclusion == Conclusion::Hypothesis)
        .any(|h| HELD.iter().any(|w| scan.words(h).contains(w)))
}

/// The symptom still there (`r`) ends every attempt still pending among the recent open
/// branches, not only the one it names or the latest ("attempts a redeploy" · "tries a
/// reboot" · "hosts still aren't taking work"); theories held stay open.
fn close_pending_attempts(incident: &mut Incident, open: &mut Vec<usize>, r: &Inference) {
    // A step that made things worse is a verdict on that step only.
    if r.rule == RuleId::DetourMadeWorse {
        return;
    }
    let recent = open.len().saturating_sub(RECENT - 1);
    // A discrete attempt ("tries", "attempts"), not something ongoing ("the provisioner is
    // trying to create instances").
    let pending: Vec<usize> = open[recent..]
        .iter()
        .copied()
        .filter(|&o| {
            incident.branches[o]
                .inferred
                .as_ref()
                .is_some_and(|h| is_attempt(h) && !h.matched.starts_with("trying"))
        })
        .collect();
    for o in pending {
        open.retain(|&x| x != o);
        close(&mut incident.branches[o], r);
    }
}

/// The branch of the entry right before `i`, if it is a detour.
fn detour_before(incident: &Incident, i: usize) -> Option<String> {
    let id = incident.timeline[..i].last()?.branch.as_deref()?;
    incident
        .branches
        .iter()
        .find(|b| b.id == id && b.outcome == Outcome::RuledOut)
        .map(|b| b.id.clone())
}

/// How many entries back [`tried_before`] looks for the action a symptom went on after.
const TRIED_BEFORE: usize = 3;

/// Whether the words tell of something done to the system (an action or a mitigation), in
/// any tense.
fn tells_action(text: &str) -> bool {
    let scan = Scan::new(text);
    scan.signal(EventKind::Action).is_some()
        || scan.signal(EventKind::Mitigation).is_some()
        || does_something(text)
}

/// Whether a verdict says the symptom went on, or got worse, after what was done ("errors
/// continued", "the issue still persists", "new hosts still aren't taking work", "just made
/// more crashing pods"): the step just taken is the detour.
fn went_on(r: &Inference) -> bool {
    matches!(
        r.rule,
        RuleId::DetourSymptomContinued
            | RuleId::DetourStillNot
            | RuleId::DetourMadeWorse
            | RuleId::DetourUnchanged
    ) || (matches!(r.rule, RuleId::DetourRuledOut | RuleId::DetourFellShort)
        && (r.matched.contains("persist")
            || r.matched.starts_with("still")
            || r.matched == "not fixed"))
}

/// Whether the words tell of a change made to the system in any tense, by the stem of a verb
/// of doing ("terminates", "redeployed", "is rolling back"): the kinds' own words are past
/// tense, timelines are often told in the present.
fn does_something(text: &str) -> bool {
    const DOING: &[&str] = &[
        "terminat",
        "deploy",
        "redeplo",
        "restart",
        "reboot",
        "revert",
        "rolls",
        "rolled",
        "rollout",
        "rolling",
        "scale",
        "scaling",
        "bump",
        "increas",
        "raise",
        "delet",
        "remov",
        "appli",
        "applies",
        "disabl",
        "enabl",
        "drain",
        "recycl",
        "replac",
        "upgrad",
        "downgr",
        "migrat",
        "flush",
        "purg",
        "kill",
        "reset",
        "rerun",
        "re-ran",
        "modif",
        "updat",
        "patch",
        "switch",
        "failover",
        "rebuil",
        "recreat",
        "rebalanc",
        "pinn",
        "pins",
        "hides",
        "hiding",
        "moves",
        "moved",
        "moving",
        "exclud",
        "rewrit",
        "rewrote",
        "dereferenc",
        "merg",
        "tweak",
        "adjust",
        "tuned",
        "tuning",
        "tunes",
        "cycl",
        "power-cycl",
        "reseat",
        "reflash",
        "reinstal",
        "reimag",
        "reconfigur",
        "rotat",
        "resync",
        "reindex",
    ];
    let opening = text.trim_start();
    // A change named by its pull request opens the entry ("#18384 hides the ignore file").
    // Two digits at least: "#1 priority" is a rank, not a change.
    let pull_request = opening
        .strip_prefix('#')
        .is_some_and(|rest| rest.bytes().take_while(u8::is_ascii_digit).count() >= 2);
    // An attempt told without its subject ("Tried a power cycle; still unreachable").
    let tried = opening
        .split_whitespace()
        .next()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "tried" | "tries" | "attempted"));
    pull_request
        || tried
        || text
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .map(str::to_lowercase)
            .any(|w| w.len() >= 4 && DOING.iter().any(|d| w.starts_with(d)))
}

/// Whether the words tell of a check of something named ("checked the broker disks", "looked
/// at consumer lag") besides the verdict `why` on it.
fn checked(text: &str, why: &Inference) -> bool {
    const CHECKS: &[&str] = &[
        "checked",
        "checks",
        "looked at",
        "looks at",
        "inspected",
        "reviewed",
        "examined",
        "verified",
        "compared",
        "tested",
        "tests",
        "probed",
        "inspects",
        "reviews",
        "examines",
        "verifies",
        "compares",
    ];
    let low = crate::ingest::lexicon::normalise(text);
    CHECKS.iter().any(|c| {
        crate::ingest::lexicon::find_phrase(&low, c).is_some_and(|m| !why.matched.contains(m))
    })
}

/// Whether hypothesis words tell of something tried ("tried", "attempts", "mitigation
/// attempt") rather than of a theory held ("suspects", "hypothesis").
fn is_attempt(h: &Inference) -> bool {
    let w = h.matched.as_str();
    w.starts_with("tri") || w.starts_with("try") || w.contains("attempt")
}

/// The most recent open theory (an index into the branches) that `text` names.
fn attempt_on(incident: &Incident, open: &[usize], text: &str) -> Option<usize> {
    let words = words_of(text);
    let recent = open.len().saturating_sub(RECENT);
    open[recent..]
        .iter()
        .rev()
        .copied()
        .find(|&b| names_branch(&incident.branches[b].id, &words))
}

/// Whether `text` names a version of a thing that none of the `earlier` texts names: a word
/// of letters then digits ("hotfix2", "v3", "88a1") or a number after a word of versions ("rev
/// 43", "build 7", "#4812"). A number with a unit ("500s", "10ms", "5xx") is no version.
fn tries_another_version<'a>(text: &str, earlier: impl IntoIterator<Item = &'a str>) -> bool {
    let marks = version_marks(text);
    if marks.is_empty() {
        return false;
    }
    let before: HashSet<String> = earlier.into_iter().flat_map(version_marks).collect();
    marks.iter().any(|m| !before.contains(m))
}

/// The version marks of `text`, lower case (see [`tries_another_version`]).
fn version_marks(text: &str) -> Vec<String> {
    const VERSION_WORDS: &[&str] = &["rev", "revision", "version", "build", "release", "r"];
    let low = text.to_lowercase();
    let words: Vec<&str> = low
        .split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '#'))
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut marks = Vec::new();
    for (k, w) in words.iter().enumerate() {
        if !w.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        // A digit after a letter: "hotfix2", "88a1", not "500s".
        let letter_before_digit = w
            .chars()
            .skip_while(|c| !c.is_alphabetic())
            .any(|c| c.is_ascii_digit());
        let numbered = w.starts_with('#')
            || k.checked_sub(1)
                .is_some_and(|p| VERSION_WORDS.contains(&words[p]));
        if letter_before_digit || numbered {
            marks.push((*w).to_string());
        }
    }
    marks
}

/// How many of the latest theories a ruled-out entry is compared with by name.
const RECENT: usize = 8;

fn close(branch: &mut Branch, why: &Inference) -> String {
    branch.outcome = Outcome::RuledOut;
    branch.inferred = Some(why.clone());
    branch.id.clone()
}

/// An event on a ruled-out branch did not make progress, whatever its words claimed: a fix
/// tried for a theory that proved wrong is a hypothesis being tested.
fn demote_detour_progress(incident: &mut Incident, evidence: &[Evidence]) {
    let detours: HashSet<String> = incident
        .branches
        .iter()
        .filter(|b| b.outcome == Outcome::RuledOut)
        .map(|b| b.id.clone())
        .collect();
    for (e, s) in incident.timeline.iter_mut().zip(evidence) {
        if e.branch.as_ref().is_some_and(|b| detours.contains(&**b))
            && is_progress(e.kind)
            && let Some(h) = &s.hypothesis
        {
            e.kind = EventKind::Hypothesis;
            e.inferred = Some(h.clone());
        }
    }
}

/// Stems of the lower-case words of three letters or more (see [`stem`]).
fn words_of(s: &str) -> HashSet<String> {
    stems(s).map(Cow::into_owned).collect()
}

/// The stems of the words of `s` that [`words_of`] holds, in their order, repeats kept; the
/// stem of a lower-case ASCII word borrowed from it (no allocation for most words).
fn stems(s: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    alphanumeric_runs(s).filter(|w| w.len() >= 3).map(|w| {
        let b = w.as_bytes();
        if b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        {
            Cow::Borrowed(&w[..ascii_stem_len(b)])
        } else {
            Cow::Owned(stem(w))
        }
    })
}

/// The stems [`stems`] gives for `s`, in their order, each handed to `f` until it answers
/// true (then true): an ASCII word's stem lower-cased into a buffer on the stack, whatever its
/// case (`stems` allocates for a word with a capital), any other word's as [`stem`] makes it.
fn each_stem(s: &str, mut f: impl FnMut(&str) -> bool) -> bool {
    for w in alphanumeric_runs(s).filter(|w| w.len() >= 3) {
        let b = w.as_bytes();
        let stopped = if b.is_ascii() {
            // The bytes `stem` keeps of an ASCII word (at most five), lower-cased: borrowed
            // when they are lower case already (most words), else copied on the stack.
            let n = ascii_stem_len(b);
            if !b[..n].iter().any(u8::is_ascii_uppercase) {
                if f(&w[..n]) {
                    return true;
                }
                continue;
            }
            let mut buf = [0u8; 5];
            for (to, from) in buf.iter_mut().zip(&b[..n]) {
                *to = from.to_ascii_lowercase();
            }
            f(std::str::from_utf8(&buf[..n]).expect("ASCII bytes"))
        } else {
            f(&stem(w))
        };
        if stopped {
            return true;
        }
    }
    false
}

/// The pieces of `s` between the characters that are not letters or digits, as
/// `s.split(|c: char| !c.is_alphanumeric())` gives them (empty ones too), read a byte at a time
/// where the text is ASCII (every entry's words are split so; most are ASCII).
fn alphanumeric_runs(s: &str) -> impl Iterator<Item = &str> + '_ {
    let b = s.as_bytes();
    let (mut start, mut i, mut done) = (0, 0, false);
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        while i < b.len() {
            let (apart, len) = if b[i].is_ascii() {
                (!b[i].is_ascii_alphanumeric(), 1)
            } else {
                let c = s[i..].chars().next().expect("a character starts here");
                (!c.is_alphanumeric(), c.len_utf8())
            };
            let at = i;
            i += len;
            if apart {
                let piece = &s[start..at];
                start = i;
                return Some(piece);
            }
        }
        done = true;
        Some(&s[start..])
    })
}

/// A word's stem for naming a theory: lower case, at most its first five letters, so the
/// forms of one word meet ("resized", "resizing"; "config", "configuration"; "pod", "pods").
fn stem(w: &str) -> String {
    if w.is_ascii() {
        // One allocation for an ASCII word (nearly all of them): the same bytes as below.
        let b = w.as_bytes();
        return b[..ascii_stem_len(b)]
            .iter()
            .map(|&c| char::from(c.to_ascii_lowercase()))
            .collect();
    }
    let w = w.to_lowercase();
    let w = w.strip_suffix('s').filter(|r| r.len() >= 3).unwrap_or(&w);
    w.chars().take(5).collect()
}

/// Whether [`words_of`]`(s)` holds `word` (a stem), without building the set: a sentence
/// is compared with every timeline entry, so this runs once per entry per sentence.
fn holds_word(s: &str, word: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3)
        .any(|w| stem_is(w, word))
}

/// How many bytes of an ASCII word its [`stem`] keeps (lower-cased): one `s` off the end when
/// three letters stay, then the first five letters.
fn ascii_stem_len(b: &[u8]) -> usize {
    let len = match b.split_last() {
        Some((last, rest)) if last.eq_ignore_ascii_case(&b's') && rest.len() >= 3 => rest.len(),
        _ => b.len(),
    };
    len.min(5)
}

/// Whether [`stem`]`(w) == word`, without allocating for an ASCII word (nearly all of them).
fn stem_is(w: &str, word: &str) -> bool {
    if !w.is_ascii() {
        return stem(w) == word;
    }
    let b = w.as_bytes();
    let stem = &b[..ascii_stem_len(b)];
    word.len() == stem.len()
        && word
            .bytes()
            .zip(stem)
            .all(|(x, y)| x == y.to_ascii_lowercase())
}

#[cfg(test)]
mod holds_word_tests {
    #[test]
    fn a_name_written_as_such_keeps_its_letters() {
        assert_eq!(
            super::capitalise("the new compression setting"),
            "The new compression setting"
        );
        for name in [
            "db-02 was still restoring",
            "pg_basebackup could not connect",
            "kernel.org mirrors were empty",
            "v2 rollout paused",
        ] {
            assert_eq!(super::capitalise(name), name);
        }
    }

    #[test]
    fn alphanumeric_runs_are_the_pieces_of_a_split_on_other_characters() {
        for text in [
            "",
            "Restarted the ingest-workers (2x), again.",
            "  two  spaces ",
            "Zoë restarted İzmir's proxy — ½ done, ٣ nodes",
            "a",
            "-",
            "ends with é",
        ] {
            let want: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
            assert_eq!(
                super::alphanumeric_runs(text).collect::<Vec<_>>(),
                want,
                "{text}"
            );
        }
    }

    use super::{each_stem, holds_word, stem, stems, words_of};

    #[test]
    fn holds_word_agrees_with_words_of() {
        let texts = [
            "Suspected the CDN rule; traffic moved off the CDN",
            "DNS-resolver OK, ok, Äpfel and ÄRGER",
            "the \u{212a}elvin probe (\u{212a} lowercases to k)",
            "",
            "a1 b22 c333 Ω-ΣΟΦΙΑ",
            "Resized PODS, buses, bus, gas, CLASSES and Configurations; sss ssss",
        ];
        for text in texts {
            let set = words_of(text);
            for probe in texts.iter().flat_map(|t| words_of(t)) {
                assert_eq!(
                    holds_word(text, &probe),
                    set.contains(&probe),
                    "{text:?} / {probe:?}"
                );
            }
            assert!(!holds_word(text, "absent"));
            // Each stem, borrowed or built, is the word's own stem, as written by `stem`.
            let words = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() >= 3);
            for (borrowed, word) in stems(text).zip(words) {
                assert_eq!(borrowed, stem(word), "{word:?}");
            }
            // `each_stem` hands out the same stems in the same order, and stops when asked.
            let mut seen = Vec::new();
            assert!(!each_stem(text, |w| {
                seen.push(w.to_string());
                false
            }));
            assert_eq!(seen, stems(text).collect::<Vec<_>>(), "{text:?}");
            if let Some(first) = seen.first() {
                let mut asked = 0;
                assert!(each_stem(text, |w| {
                    asked += 1;
                    w == first
                }));
                assert_eq!(asked, 1, "{text:?}");
            }
        }
    }
}

/// Whether `words` (stems, from [`words_of`]) hold a telling word of a branch id (`cdn-rule`
/// → "cdn" or "rule"; ids that are only numbers or short words name nothing).
fn names_branch(id: &str, words: &HashSet<String>) -> bool {
    telling_stems(id).any(|w| words.contains(&w))
}

/// Whether `words` (stems) hold every telling word of a branch id (at least one).
fn names_branch_fully(id: &str, words: &HashSet<String>) -> bool {
    let mut name = telling_stems(id).peekable();
    name.peek().is_some() && name.all(|w| words.contains(&w))
}

/// The stems of a branch id's telling words: parts of three letters or more, not numbers.
fn telling_stems(id: &str) -> impl Iterator<Item = String> + '_ {
    id.split('-')
        .filter(|w| w.len() >= 3 && w.parse::<u32>().is_err())
        .map(stem)
}

/// A theory held (words of a held theory or a belief revised: "our initial hypothesis was",
/// "we first thought") and, later in the sentence, the cause that really was ("...; it was
/// actually triggered by a test"): where the theory's part ends (the start of the clause that
/// tells the real cause) and the verdict, rule [`RuleId::DetourRevisedBelief`]. An attempt
/// ("tried ... actually") holds no theory.
fn actual_cause(scan: &Scan) -> Option<(usize, Inference)> {
    let held = scan
        .revised()
        .or_else(|| scan.hypothesis().filter(|h| !is_attempt(h)))?;
    let low = scan.lower.as_str();
    let from = low.find(held.matched.as_str())? + held.matched.len();
    let Some((at, word)) = REALLY_WAS
        .iter()
        .filter_map(|w| low[from..].find(w).map(|p| (from + p, *w)))
        .min_by_key(|&(p, _)| p)
    else {
        return first_belief_then_but(scan, from);
    };
    let cut = ["; ", ", ", " but ", " - "]
        .iter()
        .filter_map(|sep| low[from..at].rfind(sep).map(|p| from + p))
        .max()?;
    // The theory's part must name something before the real cause.
    (low[from..cut].split_whitespace().count() >= 3).then(|| {
        (
            cut,
            Inference::new(RuleId::DetourRevisedBelief, word.trim()),
        )
    })
}

/// A belief held at first, then "but" ("*At first* glance, it *looked like* the funds came
/// from the lending pool, *but* talks with both teams showed …", "This *initially* led me *to
/// believe* that the missing check was the issue, *but* …"): a word of a belief revised
/// ([`Scan::revised`], ending at byte `from` of the scan's text), a word of belief after it
/// ([`lists::BELIEVED`]), then ", but" or " but " with at least three words of the theory
/// before it. Where the theory's part ends and the verdict, rule
/// [`RuleId::DetourRevisedBelief`] ("but"). A fact that changed ("initially the errors were
/// limited to one region, but they spread") holds no word of belief and is none.
fn first_belief_then_but(scan: &Scan, from: usize) -> Option<(usize, Inference)> {
    scan.revised()?;
    let low = scan.lower.as_str();
    let cut = from + low[from..].find(" but ")?;
    let held = &low[from..cut];
    use crate::ingest::lexicon::find_phrase;
    use crate::ingest::lexicon::lists::{BELIEVED, CAUSE_WORDS, LOOKS};
    // A belief verb, or a look with a word of cause ("it looked like the funds came from …");
    // not a look alone ("everything seemed fine", "the impact appeared limited to EU").
    let believed = BELIEVED.iter().any(|w| find_phrase(held, w).is_some())
        || (LOOKS.iter().any(|w| find_phrase(held, w).is_some())
            && CAUSE_WORDS.iter().any(|c| held.contains(c)));
    let cut = if held.ends_with(',') { cut - 1 } else { cut };
    (believed && low[from..cut].split_whitespace().count() >= 3)
        .then(|| (cut, Inference::new(RuleId::DetourRevisedBelief, "but")))
}

/// The words of `held` after its first word of belief or look ([`lists::BELIEVED`],
/// [`lists::LOOKS`]) and a "that"
/// after it: "At first glance, it looked like *the funds came from the pool*"; all of `held`
/// when lower-casing changes its length or it holds none.
fn after_belief(held: &str) -> &str {
    let low = held.to_lowercase();
    if low.len() != held.len() {
        return held;
    }
    // The first word of belief, the longest written there ("seemed like", not "seemed").
    use crate::ingest::lexicon::lists::{BELIEVED, LOOKS};
    let Some((_, end)) = BELIEVED
        .iter()
        .chain(LOOKS)
        .filter_map(|w| crate::ingest::lexicon::find_phrase(&low, w).map(|m| (m, w.len())))
        .map(|(m, n)| {
            let at = m.as_ptr() as usize - low.as_ptr() as usize;
            (at, at + n)
        })
        .min_by_key(|&(at, end)| (at, std::cmp::Reverse(end)))
    else {
        return held;
    };
    let rest = held[end..].trim_start();
    let rest = ["that ", "it was ", "the issue was "]
        .iter()
        .find_map(|w| {
            rest.get(..w.len())
                .filter(|h| h.eq_ignore_ascii_case(w))
                .map(|_| &rest[w.len()..])
        })
        .unwrap_or(rest);
    if rest.split_whitespace().count() >= 2 {
        rest
    } else {
        held
    }
}

/// The part of `text` (the writer's words) before byte `cut` of `lower`, its normalised text
/// ([`crate::ingest::lexicon::normalise`]: one lower-case word for each word of `text`, the same
/// order, single spaces). Found by counting words, since lower-casing may change a word's
/// length ("İzmir"); a word cut short in `lower` ("x;" cut before ";") loses the same ending in
/// `text`. All of `text` when `cut` is not within `lower`.
fn original_before<'a>(text: &'a str, lower: &str, cut: usize) -> &'a str {
    let Some(kept) = lower.get(..cut) else {
        return text;
    };
    let Some(last) = kept.split_whitespace().last() else {
        return "";
    };
    let n = kept.split_whitespace().count();
    // Where the n-th word of `text` starts and ends.
    let mut words = text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w));
    let Some((start, word)) = words.nth(n - 1) else {
        return text;
    };
    let mut end = start + word.len();
    // The cut fell inside the word (before its "," or ";"): drop what `lower` left after it.
    if !kept.ends_with(char::is_whitespace) {
        let full = lower[cut - last.len()..]
            .split_whitespace()
            .next()
            .unwrap_or(last);
        let dropped = &full[last.len()..];
        if !dropped.is_empty() && word.ends_with(dropped) {
            end -= dropped.len();
        }
    }
    &text[..end]
}

/// The `words` (slices of `low`, the normalised form of `cased`) in the writer's spelling: each
/// the same word of `cased`, or its same part when only an ending was cut off ("x;" → "x") or
/// lower-casing kept the word's length. A word that cannot be matched stays as it is in `low`.
fn as_written<'a>(low: &'a str, cased: &'a str, words: &[&'a str]) -> Vec<&'a str> {
    let low_words: Vec<&str> = low.split_whitespace().collect();
    let cased_words: Vec<&str> = cased.split_whitespace().collect();
    if low_words.len() != cased_words.len() {
        return words.to_vec();
    }
    // Where `inner` starts within `outer` (past its end when it lies elsewhere).
    let offset = |inner: &str, outer: &str| {
        (inner.as_ptr() as usize)
            .checked_sub(outer.as_ptr() as usize)
            .unwrap_or(usize::MAX / 2)
    };
    let starts: Vec<usize> = low_words.iter().map(|w| offset(w, low)).collect();
    words
        .iter()
        .map(|w| {
            let at = offset(w, low);
            if at + w.len() > low.len() {
                return *w;
            }
            // The word of `low` that holds `w`.
            let k = starts.partition_point(|s| *s <= at).saturating_sub(1);
            let (whole, written) = (low_words[k], cased_words[k]);
            let from = at - starts[k];
            let to = from + w.len();
            if to > whole.len() {
                return *w;
            }
            if whole.len() == written.len() {
                written.get(from..to).unwrap_or(w)
            } else if from == 0 && written.ends_with(&whole[to..]) {
                &written[..written.len() - (whole.len() - to)]
            } else {
                w
            }
        })
        .collect()
}

/// Theories told outside the timeline. A sentence with ruled-out wording that names an open
/// branch closes it ("we suspected the CDN ... it turned out not to be the cause"). One that
/// tells of a theory of its own ("an investigation of the load balancer misled us for 40
/// minutes", "our first idea, a DNS fault, was wrong") becomes a detour: linked to the timeline
/// entry that shares its telling words, else a detour without a time.
pub fn close_branches_from_prose(incident: &mut Incident, remarks: &[Remark]) {
    let mut ids = Ids::default();
    for b in &incident.branches {
        ids.used.insert(b.id.clone());
    }
    // The branches the timeline told: a findings-list item that names one is not told twice.
    let told = incident.branches.len();
    for remark in remarks {
        // An item of a findings list ("No issues were found on our hosts:" · "- No disk
        // exhaustion"): a cause looked at and found absent, unless the timeline tells it.
        if let Some(thing) = checked::found_absent(&remark.text) {
            let own = words_of(thing);
            if !incident.branches[..told]
                .iter()
                .any(|b| names_branch_fully(&b.id, &own))
            {
                let why = Inference::new(RuleId::DetourCheckedList, thing);
                new_branch_named(incident, &mut ids, thing, thing, Some(&why));
            }
            continue;
        }
        // An item of a list of things tried in vain ("Things we tried that did not work:" ·
        // "- Restarting the API pods"): an attempt ruled out, on the entry that tells it if
        // the timeline does.
        // An attempt headed with its failure in brackets ("### Import of the old schema
        // (didn't work)"): ruled out, on the entry that tells it if the timeline does.
        if let Some((step, verdict)) = checked::headed_with_its_failure(&remark.text)
            .map(|(step, verdict)| (step, verdict.to_string()))
            .or_else(|| checked::tried_in_vain(&remark.text))
        {
            let own = words_of(step);
            if !incident
                .branches
                .iter()
                .any(|b| names_branch_fully(&b.id, &own))
            {
                let why = Inference::new(RuleId::DetourRuledOutInProse, verdict);
                let id = new_branch_named(incident, &mut ids, step, step, Some(&why));
                link_to_its_entry(incident, &id, &own, &why);
            }
            continue;
        }
        let sentences = sentences(&remark.text);
        for (i, sentence) in sentences.iter().enumerate() {
            // "Our first task was to determine whether the flaw affects our vaults. We
            // determined that it does not": the question answered no, a detour without a time.
            if let Some((asked, why)) = i
                .checked_sub(1)
                .and_then(|p| answered_whether(sentences[p], sentence))
            {
                let own = words_of(&asked);
                if !incident.branches.iter().any(|b| names_branch(&b.id, &own)) {
                    let why = Inference::new(RuleId::DetourRuledOutInProse, why.matched);
                    new_branch_named(incident, &mut ids, &capitalise(&asked), &asked, Some(&why));
                }
                continue;
            }
            let scan = Scan::new(sentence);
            // Or an attempt told with its failure ("attempted to SSH in, but it was blocked").
            let Some(why) = scan
                .ruled_out()
                .filter(|r| !attributive_verdict(&scan.lower, r))
                .or_else(|| {
                    scan.hypothesis()
                        .and_then(|h| tried_but_failed(&scan.lower, &h))
                })
                .or_else(|| actual_cause(&scan).map(|(_, why)| why))
                .or_else(|| held_at_first(&scan))
            else {
                continue;
            };
            // "Our first theory was X; it was actually Y": the theory is told before the cause
            // that really was (found in the scan's normalised text, cut in the writer's words).
            let sentence = match actual_cause(&scan) {
                Some((cut, w)) if why.rule == RuleId::DetourRevisedBelief => {
                    let held = original_before(sentence, &scan.lower, cut);
                    // "At first glance, it looked like the funds came from the pool": the
                    // theory is what was believed.
                    match w.matched.as_str() {
                        "but" => after_belief(held),
                        _ => held,
                    }
                }
                _ => *sentence,
            };
            // The theory may be named in this sentence or the one before ("We spent a while on
            // the load balancer. It was not the cause").
            let mut words = words_of(sentence);
            if i > 0 {
                words.extend(words_of(sentences[i - 1]));
            }
            // A verdict that names its theory ("gave up on X", "didn't think the issue came
            // from X") says the theory outright.
            let names_theory =
                matches!(why.rule, RuleId::DetourGaveUp | RuleId::DetourDeniedBelief);
            let verdict = why.clone();
            let why = Inference::new(RuleId::DetourRuledOutInProse, why.matched);
            let mut closed = false;
            let mut superseded_told = Vec::new();
            for b in incident
                .branches
                .iter_mut()
                // A theory taken as superseded by the cause found is told outright here: the
                // writer's own verdict explains it better.
                .filter(|b| {
                    b.outcome == Outcome::Open
                        || b.inferred
                            .as_ref()
                            .is_some_and(|w| w.rule == RuleId::DetourSuperseded)
                })
            {
                if names_branch(&b.id, &words) {
                    if b.inferred
                        .as_ref()
                        .is_some_and(|w| w.rule == RuleId::DetourSuperseded)
                    {
                        superseded_told.push(b.id.clone());
                    }
                    b.outcome = Outcome::RuledOut;
                    b.inferred = Some(why.clone());
                    closed = true;
                }
            }
            // The cause found goes back to the main line: the writer's verdict ends the detour,
            // and the finding was never part of the theory.
            for e in incident.timeline.iter_mut() {
                if e.kind == EventKind::Identified
                    && e.branch
                        .as_deref()
                        .is_some_and(|id| superseded_told.iter().any(|s| s == id))
                {
                    e.branch = None;
                }
            }
            // A theory already on the timeline is not told twice (by this sentence's own words).
            let own = words_of(sentence);
            if closed || incident.branches.iter().any(|b| names_branch(&b.id, &own)) {
                continue;
            }
            // Or by the version of a fix the timeline tells, named here or in the sentence
            // before ("A fix was released (1.4.2) … Believing the fix ineffective, …").
            if fixes::version_told(incident, sentence)
                || i.checked_sub(1)
                    .is_some_and(|p| fixes::version_told(incident, sentences[p]))
            {
                continue;
            }
            // A theory of its own, said outright, or in the sentence before ("Initially the
            // config change was reverted. This was not enough.").
            let before = i
                .checked_sub(1)
                .map(|p| Scan::new(sentences[p]))
                .filter(|b| b.hypothesis().is_some() || b.revised().is_some())
                .filter(|_| {
                    !names_theory && scan.hypothesis().is_none() && scan.revised().is_none()
                });
            let theory_said = scan.hypothesis().is_some()
                || scan.revised().is_some()
                || before.is_some()
                || names_theory
                || THEORY_RULED_OUT.iter().any(|w| why.matched.contains(w));
            // No theory said, but a step the timeline tells judged as not helping ("The planned
            // restart did not resolve the issue"): a detour at that entry.
            if !theory_said && judged::step_judged_in_prose(incident, &mut ids, &scan, &verdict) {
                continue;
            }
            // Nor an entry: the step tried and judged in this sentence alone ("The number of
            // web servers was scaled up, however that did not help") is a detour without a
            // time, named by the step.
            if !theory_said && let Some(step) = judged::untimed_step(&scan, &verdict) {
                let telling = words_of(&step);
                if !incident
                    .branches
                    .iter()
                    .any(|b| names_branch(&b.id, &telling))
                    && !judged::timeline_tells(incident, &step)
                {
                    let why =
                        Inference::new(RuleId::DetourStepJudgedInProse, verdict.matched.as_str());
                    let named = in_writers_case(sentence, &step).unwrap_or(&step);
                    new_branch_named(incident, &mut ids, &capitalise(named), &step, Some(&why));
                }
                continue;
            }
            if !theory_said
                || scan.hits.iter().any(|h| {
                    h.rule().strength == Strength::Weak
                        && h.rule().conclusion == Conclusion::RuledOut
                        && scan.words(h) == why.matched
                })
            {
                continue;
            }
            let told_in = match before {
                Some(_) => sentences[i - 1],
                None => sentence,
            };
            // An item led by its subject ("Supabase upsert syntax: real bug, but not the cause
            // of the failure") is named by that subject.
            let (theory, name_src) = match lead_label(told_in, &why.matched) {
                Some(label) if told_in == sentences[0] => (capitalise(label), label.to_string()),
                _ => neutral_hypothesis(told_in),
            };
            let telling = words_of(&slug(&name_src).replace('-', " "));
            if telling.is_empty() {
                continue;
            }
            let id = new_branch_named(incident, &mut ids, &theory, &name_src, Some(&why));
            link_to_its_entry(incident, &id, &telling, &why);
        }
    }
}

/// The subject a sentence is led by, before a colon ("Supabase Upsert Syntax: Real bug, but
/// not the cause"): one to six words, none a digit-led one (`10:30: …` is a time), and not a
/// generic label ("Note", "Update", "Theory 2", "Finding 1", "Hypothesis A", "Edit", "First we
/// checked") that names nothing, nor one holding the `verdict` itself ("Ruled out: …",
/// "Postgres outage was ruled out: …").
fn lead_label<'a>(sentence: &'a str, verdict: &str) -> Option<&'a str> {
    const GENERIC: &[&str] = &[
        "note",
        "notes",
        "update",
        "theory",
        "hypothesis",
        "cause",
        "root cause",
        "result",
        "outcome",
        "status",
        "impact",
        "summary",
        "why",
        "finding",
        "conclusion",
        "verdict",
        "resolution",
        "fix",
        "action",
        "lesson",
    ];
    let (label, rest) = sentence.split_once(':')?;
    let label = label.trim();
    let words = label.split_whitespace().count();
    // A numbered or lettered heading ("Hypothesis A", "Finding 1", "UPDATE 10") or one led by
    // a word of the telling ("Edit", "First we checked") names nothing.
    let first = label.split_whitespace().next()?.to_lowercase();
    let last = label.split_whitespace().last()?;
    if GENERIC.contains(&first.as_str())
        || matches!(
            first.as_str(),
            "edit" | "first" | "then" | "next" | "also" | "step" | "item" | "point" | "we"
        )
        || last.chars().count() == 1
        || last.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    let plain = label
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | '\'' | '`'));
    ((1..=6).contains(&words)
        && plain
        && !label.starts_with(|c: char| c.is_ascii_digit())
        && !rest.trim().is_empty()
        && !label.to_lowercase().contains(verdict)
        && !GENERIC.contains(&label.to_lowercase().as_str()))
    .then_some(label)
}

/// `lower` (a piece of `sentence` in lower case) as `sentence` writes it ("Article servers",
/// not "article servers"); `None` when lower-casing changed its length or it is not found.
fn in_writers_case<'a>(sentence: &'a str, lower: &str) -> Option<&'a str> {
    let lowered = sentence.to_lowercase();
    if lowered.len() != sentence.len() {
        return None;
    }
    let at = lowered.find(lower)?;
    sentence.get(at..at + lower.len())
}

/// Action items listed as tried and failed ([`FailedAttempt`]): each a detour (rule
/// [`RuleId::DetourActionItemFailed`], its words the status in lower case), at the first timeline
/// entry not on a branch that holds the action's telling words (a step, not the cause found nor
/// a recovery), else without a time. An action a branch already names is not told twice.
pub fn failed_action_items(incident: &mut Incident, failed: &[FailedAttempt]) {
    if failed.is_empty() {
        return;
    }
    let mut ids = Ids::default();
    for b in &incident.branches {
        ids.used.insert(b.id.clone());
    }
    for attempt in failed {
        let own = words_of(&attempt.action);
        if own.is_empty() || incident.branches.iter().any(|b| names_branch(&b.id, &own)) {
            continue;
        }
        let why = Inference::new(
            RuleId::DetourActionItemFailed,
            attempt.status.to_lowercase(),
        );
        let (theory, name_src) = neutral_hypothesis(&attempt.action);
        let telling = words_of(&slug(&name_src).replace('-', " "));
        let id = new_branch_named(incident, &mut ids, &theory, &name_src, Some(&why));
        if !telling.is_empty() {
            link_to_its_entry(incident, &id, &telling, &why);
        }
    }
}

/// A detour told outside the timeline (branch `id`) put on the timeline entry it is about: the
/// first, not on a branch, holding all its `telling` words. An entry that found the cause or
/// ended the impact is progress, not the detour's own entry: the detour then has no time. A
/// step taken there becomes the detour's (kind hypothesis, explained by `why`).
fn link_to_its_entry(
    incident: &mut Incident,
    id: &str,
    telling: &HashSet<String>,
    why: &Inference,
) {
    if let Some(e) = incident.timeline.iter_mut().find(|e| {
        e.branch.is_none()
            && !matches!(
                e.kind,
                EventKind::Identified | EventKind::Recovery | EventKind::Resolution
            )
            && telling.iter().all(|t| holds_word(&e.text, t))
    }) {
        e.branch = Some(id.into());
        if is_progress(e.kind) {
            e.kind = EventKind::Hypothesis;
            e.inferred = Some(why.clone());
        }
    }
}

/// A theory the sentence says was held at first, in prose ("Our initial hypothesis was a
/// memory leak", "At first, the team assumed the database was overloaded", "Initially this
/// looked like a DDoS attack"): held then, so given up since, unless the sentence confirms it.
/// The revised-belief verdict, when the words name a belief (the revised words themselves,
/// "initial hypothesis", or a theory's words beside "at first", "initially"); "at the time"
/// alone tells a fact of then, not a belief.
fn held_at_first(scan: &Scan) -> Option<Inference> {
    if scan.confirmed().is_some() {
        return None;
    }
    // A belief named as the first one held ("our initial hypothesis was a memory leak").
    const FIRST: &[&str] = &["initial", "first"];
    const BELIEF: &[&str] = &["hypothesis", "theory", "suspicion", "assumption"];
    let words: Vec<&str> = scan
        .lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if let Some(pair) = words
        .windows(2)
        .find(|p| FIRST.contains(&p[0]) && BELIEF.contains(&p[1]))
    {
        let matched = format!("{} {}", pair[0], pair[1]);
        return Some(Inference::new(
            RuleId::DetourRevisedBelief,
            matched.as_str(),
        ));
    }
    let revised = scan.revised()?;
    let belief = matches!(
        revised.matched.as_str(),
        "first thought" | "first assumed" | "first suspected" | "first believed"
    ) || (revised.matched != "at the time"
        && scan.hypothesis().is_some_and(|h| {
            // A belief's words, not an intent's ("to determine if", "in an attempt").
            [
                "assum",
                "thought",
                "believ",
                "suspect",
                "looked like",
                "seemed",
                "appeared",
                "hypothes",
                "theor",
                "guess",
            ]
            .iter()
            .any(|w| h.matched.contains(w))
        }));
    belief.then_some(revised)
}

/// A reply this long after the one before, once the thread has a verdict, is a later remark
/// ("for the review: ...") and no longer part of the branch.
pub const THREAD_GAP: chrono::Duration = chrono::Duration::minutes(15);

/// Threads as branches: events a source grouped into one thread (`threads[i]`, parallel to the
/// timeline; a chat thread's root and replies) are one investigation branch when their words
/// tell of a theory or a verdict on it. The theory is the first event with hypothesis wording
/// (else the thread's first event); a reply that rules it out makes the branch a detour, one
/// that confirms it ("that's it", "root cause identified") a confirmed branch, the latest verdict
/// winning. Once there is a verdict, a reply more than [`THREAD_GAP`] after the one before ends
/// the branch: it and later replies stay on the main line. Events without a thread are left to
/// [`assign_branches`]; call this after it (branch ids stay unique across both).
pub fn assign_thread_branches(
    incident: &mut Incident,
    evidence: &[Evidence],
    threads: &[Option<String>],
) {
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, t) in threads.iter().enumerate() {
        if let Some(t) = t.as_deref() {
            let g = *index.entry(t).or_insert_with(|| {
                groups.push((t, Vec::new()));
                groups.len() - 1
            });
            groups[g].1.push(i);
        }
    }
    if groups.is_empty() {
        return;
    }
    let mut ids = Ids::default();
    ids.used
        .extend(incident.branches.iter().map(|b| b.id.clone()));
    for (_, members) in groups {
        let mut joined = Vec::new();
        let mut verdict: Option<(Outcome, Inference)> = None;
        let mut last = None;
        for &i in &members {
            let at = incident.timeline[i].at;
            if verdict.is_some() && last.is_some_and(|l| at - l > THREAD_GAP) {
                break;
            }
            last = Some(at);
            joined.push(i);
            let s = &evidence[i];
            if let Some(r) = &s.ruled_out {
                verdict = Some((Outcome::RuledOut, r.clone()));
            } else if i != members[0] {
                let confirmed = Scan::new(&incident.timeline[i].text)
                    .confirmed()
                    .or_else(|| {
                        s.milestone.signals[crate::model::MilestoneKind::Identified as usize]
                            .clone()
                            .filter(|w| w.rule == RuleId::KindIdentified)
                    });
                if let Some(c) = confirmed {
                    verdict = Some((Outcome::Confirmed, c));
                }
            }
        }
        let theory = joined
            .iter()
            .copied()
            .find(|&i| evidence[i].hypothesis.is_some());
        if theory.is_none() && verdict.is_none() {
            continue;
        }
        let first = theory.unwrap_or(joined[0]);
        // A chat message often states what was seen before the theory: name the branch by the
        // sentence that tells the theory.
        let said = incident.timeline[first].text.to_string();
        let text = sentences(&said)
            .into_iter()
            .find(|s| Scan::new(s).hypothesis().is_some())
            .map_or_else(|| said.clone(), str::to_string);
        let hypothesis = evidence[first].hypothesis.clone();
        let (outcome, why) = match verdict {
            Some((o, w)) => (o, Some(w)),
            None => (Outcome::Open, None),
        };
        let id = new_branch(
            incident,
            &mut ids,
            &text,
            hypothesis.as_ref(),
            why.as_ref(),
            outcome,
        );
        for i in joined {
            incident.timeline[i].branch = Some(id.as_str().into());
        }
    }
}

/// Branch ids handed out so far, and the next number to try for each base.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

/// The kinds a step tried loses (see [`mark_tried`]): a step taken, an action or a mitigation.
const STEP_TAKEN: &[EventKind] = &[EventKind::Action, EventKind::Mitigation];

/// The kinds a fix that did not hold loses (see [`mark_tried`]): a step taken, and a state
/// said to be fixed (a recovery, a resolution).
const FIX_TAKEN: &[EventKind] = &[
    EventKind::Action,
    EventKind::Mitigation,
    EventKind::Recovery,
    EventKind::Resolution,
];

/// Puts entry `i` on detour `id`, ruled out by `why`: an entry of one of the kinds `taken`
/// ([`STEP_TAKEN`], [`FIX_TAKEN`]) becomes a step tried (a hypothesis, explained by `why`), not
/// the mitigation or the end; any other kind, and what explains it, is kept.
fn mark_tried(incident: &mut Incident, i: usize, id: &str, why: &Inference, taken: &[EventKind]) {
    let e = &mut incident.timeline[i];
    e.branch = Some(id.into());
    if taken.contains(&e.kind) {
        e.kind = EventKind::Hypothesis;
        e.inferred = Some(why.clone());
    }
}

fn new_branch(
    incident: &mut Incident,
    ids: &mut Ids,
    text: &str,
    hypothesis: Option<&Inference>,
    ruled_out: Option<&Inference>,
    outcome: Outcome,
) -> String {
    // A question answered no is named by what it asked ("whether the token was used").
    let (theory, name_src) = match ruled_out
        .filter(|r| r.rule == RuleId::DetourAnsweredWhether)
        .and_then(|_| question_answered_no(text))
    {
        Some((asked, _)) => (capitalise(&asked), asked),
        None => neutral_hypothesis(text),
    };
    let id = new_branch_named(incident, ids, &theory, &name_src, ruled_out.or(hypothesis));
    if let Some(b) = incident.branches.last_mut() {
        b.outcome = outcome;
    }
    id
}

/// A branch for `theory`, its id a slug of `name_src` made unique; ruled out when `why` is a
/// ruled-out reason (the caller sets the outcome otherwise).
fn new_branch_named(
    incident: &mut Incident,
    ids: &mut Ids,
    theory: &str,
    name_src: &str,
    why: Option<&Inference>,
) -> String {
    let mut id = slug(name_src);
    if id.is_empty() {
        id = "detour".to_string();
    }
    let base = id.clone();
    while ids.used.contains(&id) {
        let n = ids.next.entry(base.clone()).or_insert(2);
        id = format!("{base}-{n}");
        *n += 1;
    }
    ids.used.insert(id.clone());
    incident.branches.push(Branch {
        id: id.clone(),
        // A cross the writer marked it with (`Suspected the DNS ❌`) is the verdict, not the
        // theory's words.
        hypothesis: clean_line(theory.trim_end_matches(['❌', '✗', '✘', '✖', ' '])),
        outcome: Outcome::RuledOut,
        inferred: why.cloned(),
    });
    id
}

/// Whether `text` (a heading) is an attempt headed with its failure in brackets (`Import of
/// the old schema (didn't work)`), which the front end keeps as a remark for
/// [`close_branches_from_prose`].
pub(crate) fn headed_with_its_failure(text: &str) -> bool {
    checked::headed_with_its_failure(text).is_some()
}

/// Where `sep` first stands in `text` outside round brackets ("hardware (nvme, memory) was
/// ruled out": the comma inside the bracket cuts nothing); `None` when it does not.
fn find_outside_brackets(text: &str, sep: &str) -> Option<usize> {
    let mut depth = 0usize;
    let b = text.as_bytes();
    for (i, c) in b.iter().enumerate() {
        match c {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            // The first byte compared before the whole separator: no comparison per byte.
            _ if depth == 0
                && sep.as_bytes().first() == Some(c)
                && b[i..].starts_with(sep.as_bytes()) =>
            {
                return Some(i);
            }
            _ => {}
        }
    }
    None
}

/// Where `sep` last stands in `text` outside round brackets (see [`find_outside_brackets`]).
fn rfind_outside_brackets(text: &str, sep: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut last = None;
    let b = text.as_bytes();
    for (i, c) in b.iter().enumerate() {
        match c {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            _ if depth == 0
                && sep.as_bytes().first() == Some(c)
                && b[i..].starts_with(sep.as_bytes()) =>
            {
                last = Some(i);
            }
            _ => {}
        }
    }
    last
}

/// Plurals that name attempts without saying what they were ("a few mitigations", "several
/// things", "some fixes"): a detour is named by the example after them.
const GENERIC_ATTEMPTS: &[&str] = &[
    "mitigations",
    "things",
    "fixes",
    "options",
    "steps",
    "approaches",
    "measures",
    "workarounds",
    "ideas",
    "changes",
    "remedies",
    "solutions",
];

/// `text` without the time it opens with when a paragraph of prose is led by it ("At 16:11
/// UTC, the server went back online" → "the server went back online"; "By 09:40 we had …";
/// "At around 2:00 UTC, the move was done"):
/// the entry's time, no words of the theory. Unchanged when it opens otherwise.
fn without_time_cue(text: &str) -> &str {
    const CUES: &[&str] = &[
        "at",
        "by",
        "around",
        "about",
        "from",
        "approximately",
        "roughly",
    ];
    let is_cue = |w: &str| CUES.iter().any(|c| c.eq_ignore_ascii_case(w));
    // One cue or two ("At around 2:00 UTC"), then the clock.
    let mut rest = text.trim_start();
    let mut cues = 0;
    while cues < 2 {
        let word = rest.split_whitespace().next().unwrap_or("");
        if !is_cue(word) {
            break;
        }
        rest = rest[word.len()..].trim_start();
        cues += 1;
    }
    let clock = rest.split_whitespace().next().unwrap_or("");
    let bare_clock = clock.trim_end_matches([',', ';']);
    let clock_ok = bare_clock.contains(':')
        && bare_clock.starts_with(|c: char| c.is_ascii_digit())
        && bare_clock.chars().all(|c| c.is_ascii_digit() || c == ':');
    if cues == 0 || !clock_ok {
        return text;
    }
    // After the clock: a zone in capitals (`UTC`, `CEST`), an am/pm, then a comma, all optional.
    rest = rest[clock.len()..].trim_start();
    for _ in 0..2 {
        let next = rest.split_whitespace().next().unwrap_or("");
        let bare = next.trim_end_matches([',', ';']);
        let zone_or_half =
            (bare.len() <= 5 && !bare.is_empty() && bare.chars().all(|c| c.is_ascii_uppercase()))
                || ["am", "pm", "a.m.", "p.m."]
                    .iter()
                    .any(|h| h.eq_ignore_ascii_case(bare));
        if !zone_or_half {
            break;
        }
        rest = rest[next.len()..].trim_start();
    }
    let rest = rest.trim_start_matches([',', ';']).trim_start();
    if rest.split_whitespace().count() >= 2 {
        rest
    } else {
        text
    }
}

/// Whether a sentence opens by referring back to an attempt told before it ("Mitigation attempt
/// was unsuccessful", "The attempt failed", "This fix did not hold"): its subject names nothing.
fn refers_back_to_an_attempt(sentence: &str) -> bool {
    let low = sentence.trim_start().to_lowercase();
    let rest = ["the ", "this ", "that ", "our ", "a "]
        .iter()
        .find_map(|d| low.strip_prefix(d))
        .unwrap_or(&low);
    let rest = rest.strip_prefix("mitigation ").unwrap_or(rest);
    ["attempt ", "attempt,", "try ", "fix "]
        .iter()
        .any(|w| rest.starts_with(w))
}

/// The theory in neutral words, and the words to name its branch by. The theory is what
/// follows "assumed that ..." (or precedes "... as a potential cause"), without "misleading"
/// and without the clause that rules it out.
fn neutral_hypothesis(text: &str) -> (String, String) {
    // "Misleading paths: initial blame fell on X" → "initial blame fell on X"; first sentence.
    let text = match split_label(text) {
        Some((label, rest))
            if rest.split_whitespace().count() >= 3 && label.split_whitespace().count() <= 4 =>
        {
            rest
        }
        _ => text,
    };
    let text = without_reporter(without_time_cue(text));
    // The sentence that tells the theory, else the first ("The team started looking.
    // Initially they suspected the network." → the network).
    // Each sentence scanned once: the scan of the one chosen is the one read below.
    let all = sentences(text);
    let (mut chosen, mut first) = (None, None);
    for (k, s) in all.iter().enumerate() {
        let scan = Scan::new(s);
        if scan.hypothesis().is_some()
            || scan
                .hits
                .iter()
                .any(|h| h.rule().id == RuleId::DetourMistaken)
        {
            // "Copying the sources to our mirror. The mitigation attempt was unsuccessful": a
            // sentence that only refers back to the attempt tells its verdict; the attempt is
            // the sentence before.
            chosen = Some(match k.checked_sub(1) {
                Some(p) if refers_back_to_an_attempt(s) => (all[p], Scan::new(all[p])),
                _ => (*s, scan),
            });
            break;
        }
        if k == 0 {
            first = Some(scan);
        }
    }
    let (text, scan) = match (chosen, all.first()) {
        (Some(chosen), _) => chosen,
        (None, Some(s)) => (*s, first.unwrap_or_else(|| Scan::new(s))),
        (None, None) => (text, Scan::new(text)),
    };
    let low = scan.lower.clone();
    // "Root cause found on chain; confirmed not a node bug": the cause denied is the theory.
    if scan.hypothesis().is_none()
        && !scan
            .hits
            .iter()
            .any(|h| h.rule().conclusion == Conclusion::RuledOut)
        && let Some(denied) = crate::ingest::classify::not_a_cause(&low)
        && let Some(theory) = denied.matched.strip_prefix("not ")
    {
        return (capitalise(theory), theory.to_string());
    }
    // "Gives up on uploading the images", "we didn't think the issue came from the database",
    // "mistakenly attributed to the storage limit": the theory is told after the verdict.
    // "After ruling out the disk array, ...": so is the theory ruled out in passing.
    if let Some(h) = scan.hits.iter().find(|h| {
        matches!(
            h.rule().id,
            RuleId::DetourGaveUp | RuleId::DetourDeniedBelief | RuleId::DetourMistaken
        ) || (h.rule().id == RuleId::DetourRuledOut && scan.words(h) == "ruling out")
    }) {
        let rest = &low[h.end..];
        let rest = ["to ", "that "]
            .iter()
            .find_map(|w| rest.trim_start().strip_prefix(w))
            .unwrap_or(rest);
        let clause = [". ", "; ", ", ", " and ", " but ", " (", ":"]
            .iter()
            .filter_map(|sep| rest.find(sep))
            .filter(|p| rest[..*p].split_whitespace().count() >= 2)
            .min()
            .map_or(rest, |p| &rest[..p]);
        let clause = clause.trim_matches(|c: char| !c.is_alphanumeric());
        if clause.split_whitespace().count() >= 2 {
            return (
                capitalise(clause.trim_end_matches(['.', ',', ';', ':'])),
                clause.to_string(),
            );
        }
    }
    let ruled = scan.spans(Conclusion::RuledOut);
    let hyps = scan.spans(Conclusion::Hypothesis);
    let words_before = |pos: usize| low[..pos].split_whitespace().count();
    const FILLER: &[&str] = &[
        "was", "that", "is", "were", "made", "of", "it", "towards", "toward", "to", "a", "as",
        "pointed", "thrown", "at", "fell", "cause", "an", "being", "be", "been", "by", "on", "in",
        "into",
    ];
    let filler = |w: &&str| FILLER.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()));
    // The clause that rules the theory out starts at the first such phrase past the opening.
    let cut = ruled
        .iter()
        .find(|(a, _)| words_before(*a) >= 3)
        .map(|(a, _)| {
            [", ", "; ", " but ", " which ", " - ", " and "]
                .iter()
                .filter_map(|sep| rfind_outside_brackets(&low[..*a], sep))
                .filter(|c| words_before(*c) >= 2)
                .max()
                .unwrap_or(*a)
        })
        .unwrap_or(low.len());
    let mut body = &low[..cut];
    let mut name_src = &low[..cut];
    // A theory named after a cue that points forward may be one word ("might be in Fastly").
    let mut one_word_is_enough = false;
    if let Some(subject) = hyps
        .iter()
        .all(|(a, _)| *a >= cut)
        .then(|| verdict_subject(&low, &ruled))
        .flatten()
    {
        // "The cache was turned off, since resizing the instances did not solve it": what
        // was tried is the subject of the verdict.
        body = subject;
        name_src = subject;
    } else if let Some(&(a, b)) = hyps.iter().find(|(a, _)| *a < cut) {
        // Count from the start of the phrase's own clause ("..., initially suspecting X").
        let clause_start = [", ", "; "]
            .iter()
            .filter_map(|sep| low[..a].rfind(sep).map(|p| p + sep.len()))
            .max()
            .unwrap_or(0);
        let after = low.get(b..cut).map_or(0, |t| t.split_whitespace().count());
        // "Indications are that the issue might be in the CDN": a cue that points forward
        // ("might be", "could be") names the theory after it, however long the lead-in.
        let forward = low[a..b].ends_with(" be") && after >= 1;
        // "The new build might be to blame", "the proxy could be the culprit": the cue
        // points back, at its subject.
        let blames = forward && blame_predicate(low.get(b..cut).unwrap_or(""));
        one_word_is_enough = forward && !blames;
        if blames {
            body = &low[clause_start..a];
            name_src = body;
        } else if forward
            || (low[clause_start..a].split_whitespace().count() <= 4 && (after >= 2 || a == 0))
        {
            // "The initial assumption was that X; rollback was initiated" → X.
            body = &low[b..cut];
            name_src = body;
            if let Some(semi) = body.find("; ") {
                body = &body[..semi];
            }
        } else {
            // "investigation into network latency as a potential cause" → the words before.
            body = &low[..a];
            name_src = body;
        }
    }
    // "We tried a few mitigations, including reducing the VMs created": a plural of no
    // content ([`GENERIC_ATTEMPTS`]) is named by its example.
    if let Some((head, example)) = [", including ", " including ", ", such as ", " such as "]
        .iter()
        .find_map(|sep| body.split_once(sep))
        && head
            .split_whitespace()
            .last()
            .is_some_and(|w| GENERIC_ATTEMPTS.contains(&w))
        && example.split_whitespace().count() >= 2
    {
        body = example;
        name_src = example;
    }
    // The theory is the first clause: "a bad release; engineers compared builds" → "a bad release".
    if let Some(semi) = ["; ", ", ", " and ", " but "]
        .iter()
        .filter_map(|sep| find_outside_brackets(body, sep))
        .filter(|p| body[..*p].split_whitespace().count() >= 2)
        .min()
    {
        body = &body[..semi];
    }
    let body = body.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut words: Vec<&str> = body.split_whitespace().collect();
    while words
        .first()
        .is_some_and(|w| filler(w) || w.starts_with("mislead"))
    {
        words.remove(0);
    }
    // Links say where, not what: "posts the script for review in https://…" → "posts the
    // script for review".
    words.retain(|w| !w.contains("://"));
    while words
        .last()
        .is_some_and(|w| filler(w) || matches!(*w, "the" | "a" | "an"))
    {
        words.pop();
    }
    // Back to the words as written, word by word (lower-casing may change a word's length:
    // "İzmir").
    let cased = text.replace(['’', '‘'], "'");
    words = as_written(&low, &cased, &words);
    // "Dana redeploys the worker image", "@sam restarts ...": who did it is no part of the
    // theory (told in neutral words).
    if words.len() >= 3
        && (words[0].starts_with('@') || (words[1].ends_with('s') && does_something(words[1])))
    {
        let who = words.remove(0).to_lowercase();
        if let Some(p) = name_src.find(&who).filter(|p| *p <= 2) {
            name_src = &name_src[p + who.len()..];
        }
    }
    let theory = if words.len() >= 2 || (one_word_is_enough && !words.is_empty()) {
        words.join(" ")
    } else {
        low.split_whitespace()
            .filter(|w| !w.starts_with("mislead"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    // A bracket the theory's clause cut open is an aside: "deleting the pods (rookie move" →
    // "deleting the pods".
    // So is a closing bracket of more than three words ("deleting the pods (a reflex, in
    // hindsight)"); a short one names the thing ("hardware (NVMe, memory)").
    const SHORT_BRACKET: usize = 3;
    let theory = match theory.rfind('(') {
        Some(p)
            if theory[..p].split_whitespace().count() >= 2
                && (!theory[p..].contains(')')
                    || (theory
                        .trim_end_matches(['.', ',', ';', ':', ' '])
                        .ends_with(')')
                        && theory[p..].split_whitespace().count() > SHORT_BRACKET)) =>
        {
            theory[..p].trim_end().to_string()
        }
        _ => theory,
    };
    let theory = capitalise(theory.trim_end_matches(['.', ',', ';', ':']));
    (theory, name_src.to_string())
}

/// The words reported, without who reported them: "Ana says those warnings were always there"
/// → "those warnings were always there" (the verdict is on the warnings, not on Ana). Only a
/// reporter of one to three words (a name, a handle, "the DB team") before a verb of saying,
/// and at least three words reported; else `text` as it is.
fn without_reporter(text: &str) -> &str {
    const SAYING: &[&str] = &[
        "says",
        "said",
        "notes",
        "noted",
        "replies",
        "replied",
        "responds",
        "responded",
        "explains",
        "explained",
        "answers",
        "answered",
    ];
    let mut rest = text.trim_start();
    // The reporter: one to three words before the verb of saying.
    for k in 0..4 {
        let Some((w, after)) = rest.split_once(char::is_whitespace) else {
            return text;
        };
        if k > 0 && SAYING.contains(&w.to_ascii_lowercase().as_str()) {
            let after = after.trim_start();
            let reported = after
                .strip_prefix("that ")
                .or_else(|| after.strip_prefix("That "))
                .unwrap_or(after);
            return if reported.split_whitespace().count() >= 3 {
                reported
            } else {
                text
            };
        }
        rest = after.trim_start();
    }
    text
}

/// Whether the words after a cue like "might be" only blame its subject ("to blame", "the
/// culprit", "at fault") rather than name a theory of their own.
fn blame_predicate(after: &str) -> bool {
    const BLAME: &[&str] = &[
        "to blame",
        "the culprit",
        "at fault",
        "responsible",
        "the cause",
        "the root cause",
        "the reason",
        "involved",
    ];
    let after = after
        .trim()
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .trim_start_matches("the one ");
    BLAME
        .iter()
        .any(|w| after == *w || after.strip_prefix(w).is_some_and(|r| r.starts_with(' ')))
}

/// The subject of the first verdict in `low` when it names what was tried: the words of the
/// verdict's own clause before it ("…, since resizing the instances | did not solve the
/// issue"), at least two, not a pronoun or the symptom itself ("it", "the issue", "errors"),
/// and not the text's opening clause (that one names the branch anyway).
fn verdict_subject<'a>(low: &'a str, ruled: &[(usize, usize)]) -> Option<&'a str> {
    const OPENERS: &[&str] = &[
        ", ",
        "; ",
        " - ",
        " since ",
        " because ",
        " as ",
        " but ",
        " and ",
        " when ",
    ];
    const AUX: &[&str] = &[
        "was", "were", "is", "are", "has", "have", "had", "also", "still", "be", "to",
    ];
    // Words of a belief about the verdict, not of the attempt ("believing the fix to be").
    const BELIEF: &[&str] = &[
        "believing",
        "thinking",
        "assuming",
        "suspecting",
        "seeing",
        "noting",
        "finding",
        "deciding",
        "realising",
        "realizing",
        "knowing",
    ];
    const NOT_AN_ATTEMPT: &[&str] = &[
        "it",
        "this",
        "that",
        "they",
        "these",
        "those",
        "which",
        "issue",
        "problem",
        "errors",
        "error",
        "everything",
        "nothing",
        "we",
        "there",
        "symptoms",
        "impact",
        "outage",
        // The symptom in other languages ("der Fehler ist damit nicht behoben").
        "fehler",
        "störung",
        "erreur",
        "problème",
        "problema",
        "fallo",
    ];
    let &(a, _) = ruled.first()?;
    let start = OPENERS
        .iter()
        .filter_map(|sep| low[..a].rfind(sep).map(|p| p + sep.len()))
        .max()?;
    let mut words: Vec<&str> = low[start..a].split_whitespace().collect();
    while words.last().is_some_and(|w| AUX.contains(w)) {
        words.pop();
    }
    while words.first().is_some_and(|w| {
        // A connective opens the verdict's clause, not its subject ("; however this did
        // not resolve it": "this", the attempt before).
        matches!(
            *w,
            "the"
                | "a"
                | "an"
                | "our"
                | "all"
                | "however"
                | "unfortunately"
                | "sadly"
                | "yet"
                // Articles of other languages.
                | "der"
                | "die"
                | "das"
                | "le"
                | "la"
                | "les"
                | "el"
                | "los"
                | "las"
        ) || BELIEF.contains(w)
    }) {
        words.remove(0);
    }
    let first = words.first()?.trim_matches(|c: char| !c.is_alphanumeric());
    let last = words.last()?;
    if words.len() < 2
        || NOT_AN_ATTEMPT.contains(&first)
        || matches!(
            *last,
            "of" | "the" | "a" | "an" | "to" | "for" | "in" | "on" | "with"
        )
    {
        return None;
    }
    let from = words[0].as_ptr() as usize - low.as_ptr() as usize;
    let last = words[words.len() - 1];
    let to = last.as_ptr() as usize - low.as_ptr() as usize + last.len();
    Some(&low[from..to])
}

/// `s` with its first letter in capitals, unless its first word is a name written as such: a
/// host, a command, a file or a version (`db-02`, `pg_basebackup`, `kernel.org`, `v2`: a digit,
/// `_`, `.` or `/` inside it), kept as written.
pub fn capitalise(s: &str) -> String {
    let first = s.split_whitespace().next().unwrap_or("");
    let inner = first.trim_end_matches(|c: char| !c.is_alphanumeric());
    if inner
        .chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '_' | '.' | '/'))
    {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A short id from the theory's telling words (`deployment-rollback`, `network-latency`).
fn slug(theory: &str) -> String {
    const STOP: &[&str] = &[
        "the",
        "a",
        "an",
        "was",
        "were",
        "is",
        "that",
        "this",
        "it",
        "its",
        "to",
        "of",
        "in",
        "into",
        "on",
        "for",
        "with",
        "as",
        "and",
        "or",
        "but",
        "by",
        "at",
        "from",
        "be",
        "been",
        "issue",
        "problem",
        "cause",
        "causing",
        "caused",
        "related",
        "recent",
        "initial",
        "assumption",
        "potential",
        "possible",
        "investigation",
        "investigating",
        "team",
        "which",
        "after",
        "further",
        "leading",
        "our",
        "we",
        "they",
        "some",
        "more",
        "any",
        "could",
        "might",
        "may",
        "being",
        "there",
        "had",
        "have",
        "has",
        "not",
        "no",
        "all",
        "possibly",
        "sudden",
        "supposed",
        "issues",
        "engineers",
        "engineering",
        "focus",
        "shifted",
        "towards",
        "toward",
        "due",
        "initially",
        "would",
        "led",
        "about",
        "focused",
        "time",
        "spent",
        "unnecessary",
        "code",
        "application",
        "looked",
        "checked",
        "everyone",
        "moved",
        "went",
        "thought",
        "suspected",
        "assumed",
        "assuming",
        "theory",
        "whether",
        "blame",
        "thrown",
        "pointed",
        "paths",
        "path",
        "initial",
        "bad",
        "fell",
        "new",
        "hoping",
        "will",
        "fix",
        "first",
        "idea",
        "wrong",
        "came",
        "resolving",
        "engineer",
        "reports",
        "reported",
        "too",
    ];
    let words: Vec<String> = theory
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-').to_lowercase())
        .filter(|w| {
            w.len() >= 3
                && !STOP.contains(&w.as_str())
                && !w.starts_with("mislead")
                && !w.chars().all(|c| c.is_ascii_digit())
        })
        .take(2)
        .collect();
    words.join("-")
}
