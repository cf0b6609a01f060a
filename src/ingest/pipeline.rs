//! The importer's format-independent back half: a front end's [`Story`] → an [`Incident`].
//!
//! ```text
//! Story → resolve (times → instants) → classify (the lexicon) → link branches → milestones
//! ```
//! Every source (Markdown postmortems now; chat and pager exports next) goes through
//! [`build`], so a theory and its ruling-out, a stated span or a milestone's wording are read
//! the same way whatever the source.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::Offset;

use super::Diagnostic;
use super::branches::{
    assign_branches, assign_thread_branches, close_branches_from_prose, failed_action_items,
};
use super::candidate::{Entry, Origin, StatedDurations, Story};
use super::classify::{Evidence, classify, classify_scan};
use super::clock::ClockResolver;
use super::lexicon::lists::{Found, List};
use super::lexicon::{Scan, normalise};
use super::resolve::{Placed, place};
use crate::analysis::milestones::{
    MilestoneEvidence, PROGRESS_BEFORE_DETECTION, infer, infer_detected_as_told,
    infer_detected_at_first_noticing, infer_first_sign, infer_resolved_at_closing_entry,
    infer_resolved_at_last_fix, infer_resolved_at_last_recovery, infer_started_at_first_failure,
    started_at_an_earlier_failure, started_no_later_than_detected,
};
use crate::model::text::clean_line;
use crate::model::{
    Branch, Event, EventKind, Incident, Inference, MilestoneKind, Outcome, RuleId, Timestamp,
};

/// How far outside the timeline's span a timed sentence elsewhere may be and still add a moment
/// the timeline left out: a day, as [`crate::analysis::milestones::PROGRESS_BEFORE_DETECTION`]
/// bounds the story leading to a detection.
const EXTRA_REACH: chrono::Duration = crate::analysis::milestones::PROGRESS_BEFORE_DETECTION;

/// Build the incident a story tells: its timeline (placed, sorted, classified, each inferred
/// kind with its rule and words), its branches and detours, and its milestones (declared ones
/// kept, the rest inferred and explained). Warnings go to `diags`; nothing here fails.
pub fn build(path: &Path, mut story: Story, diags: &mut Vec<Diagnostic>) -> Incident {
    let mut incident = std::mem::take(&mut story.incident);
    let mut placed: Vec<Placed> = place(path, &story, &story.entries, diags);
    let in_full = told_in_full(&story.entries);
    // Timed sentences elsewhere add what the timeline left out; times it already has (within a
    // minute) are not repeated. A timeline told in full left nothing out.
    // Nor do they when more than a day from the timeline's own span: another incident of a
    // log that keeps several, or history.
    if !in_full
        && let (Some(first), Some(last)) = (
            placed.iter().map(|p| p.at).min(),
            placed.iter().map(|p| p.at).max(),
        )
        && !story.extra.is_empty()
    {
        let minutes: HashSet<i64> = placed.iter().map(|p| p.at.timestamp() / 60).collect();
        let near = |t: Timestamp| t >= first - EXTRA_REACH && t <= last + EXTRA_REACH;
        let mut quiet = Vec::new();
        for p in place(path, &story, &story.extra, &mut quiet) {
            let m = p.at.timestamp() / 60;
            if near(p.at) && !(m - 1..=m + 1).any(|m| minutes.contains(&m)) {
                placed.push(p);
            }
        }
    }
    placed.sort_by_key(|p| p.at);

    let mut evidence: Vec<Evidence> = Vec::with_capacity(placed.len());
    // Each entry's text normalised once, with the lexicon's quick test of it: read by the
    // lexicon's scan, the step rules and the reports (parallel to the timeline).
    let mut readings: Vec<Reading> = Vec::with_capacity(placed.len());
    incident.timeline = placed
        .iter()
        .map(|p| {
            let d = p.candidate;
            // The caption an entry sits under ("Misleading paths:") is read with it.
            let read = match d.context.as_deref().map(clean_line) {
                Some(c) if !c.is_empty() && !p.text.starts_with(&c) => {
                    Some(format!("{c}: {}", p.text))
                }
                _ => None,
            };
            let (lower, (mut kind, mut why, mut ev)) = match &read {
                Some(read) => (normalise(&p.text), classify(read, p.inherited)),
                None => {
                    let scan = Scan::of_normalised(normalise(&p.text));
                    let classified = classify_scan(&p.text, &scan, p.inherited);
                    (scan.lower, classified)
                }
            };
            if let Some(sk) = d.origin.as_ref().and_then(|o| o.kind.as_ref()) {
                // The source's structure says what this entry is; a default only when the words
                // say nothing telling.
                if sk.stated {
                    ev = Evidence::default();
                    ev.milestone.own_time = !p.inherited;
                }
                if sk.stated || kind == EventKind::Note {
                    kind = sk.kind;
                    why = Some(sk.why.clone());
                }
            }
            let found = Found::in_text(&lower);
            ev.found = Some(found);
            evidence.push(ev);
            readings.push(Reading { lower, found });
            let mut e = Event::new(p.at, kind, p.text.clone());
            e.inferred = why;
            e.approximate = p.approximate;
            e.line = crate::model::LineNo::new(d.line);
            e.links = d
                .links
                .iter()
                .map(|l| clean_line(l))
                .filter(|l| !l.is_empty())
                .collect();
            e.author = d.author.as_deref().map(|a| clean_line(a).into());
            if let Some(o) = &d.origin {
                e.key = o.key;
                e.source = Some(clean_line(&o.reference))
                    .filter(|r| !r.is_empty())
                    .map(Into::into);
            }
            e
        })
        .collect();
    let mut origins: Vec<Option<&Origin>> = placed
        .iter()
        .map(|p| p.candidate.origin.as_deref())
        .collect();
    fold_same_moments(
        &mut incident.timeline,
        &mut evidence,
        &mut origins,
        &mut readings,
    );

    // Events a source grouped into threads are linked by thread, the rest by timeline order.
    let threads: Vec<Option<String>> = origins
        .iter()
        .map(|o| o.and_then(|o| o.thread.clone()))
        .collect();
    if threads.iter().any(Option::is_some) {
        let by_order: Vec<Evidence> = evidence
            .iter()
            .zip(&threads)
            .map(|(e, t)| {
                if t.is_some() {
                    Evidence::default()
                } else {
                    e.clone()
                }
            })
            .collect();
        assign_branches(&mut incident, &by_order, !in_full);
        assign_thread_branches(&mut incident, &evidence, &threads);
    } else {
        assign_branches(&mut incident, &evidence, !in_full);
    }
    // Branches the source states first: prose that names one of them tells no new detour.
    apply_stated_branches(&mut incident, &origins);
    close_branches_from_prose(&mut incident, &story.remarks);
    failed_action_items(&mut incident, &story.failed_attempts);

    // The stated span's two ends, placed like timeline times (the end may roll over midnight).
    let offset = story.zone.unwrap_or_else(|| chrono::Utc.fix());
    let mut r = ClockResolver::new(story.base_date, offset);
    let start = story
        .span
        .start
        .as_ref()
        .map(|(p, why)| (r.resolve(p), why.clone()));
    let detected = story
        .span
        .detected
        .as_ref()
        .map(|(p, why)| (r.resolve(p), why.clone()));
    let end = story
        .span
        .end
        .as_ref()
        .map(|(p, why)| (r.resolve(p), why.clone()));
    // A stated end before the stated start, or before every entry of the timeline, contradicts
    // the story (a slip, or a template's value left in): not used, and said. A file told in
    // full (retrace's own export) states its milestones as they are.
    let opening = start
        .as_ref()
        .map(|(at, _)| *at)
        .or_else(|| incident.timeline.iter().map(|e| e.at).min());
    let end = end.filter(|(at, _)| {
        let before = !in_full && opening.is_some_and(|o| *at < o);
        if before {
            diags.push(
                Diagnostic::warning(
                    path,
                    0,
                    0,
                    format!(
                        "the stated end ({}) is before the incident's first time; left out",
                        at.format("%Y-%m-%d %H:%M")
                    ),
                )
                .with_hint("check the end's date, e.g. `Resolved: 2024-08-15 12:30`"),
            );
        }
        !before
    });
    let mut milestone_evidence: Vec<MilestoneEvidence> =
        evidence.into_iter().map(|e| e.milestone).collect();
    reports_from_people(&incident, &mut milestone_evidence, &readings);
    if in_full {
        apply_stated_milestones(&mut incident, &origins, start, end);
    } else {
        infer(&mut incident, &milestone_evidence, start, detected, end);
        if let Some(told) = &story.span.detected_by {
            infer_detected_as_told(&mut incident, &milestone_evidence, told);
        }
        start_at_its_stated_time(&mut incident);
        started_at_an_earlier_failure(&mut incident, &milestone_evidence);
    }
    apply_stated_durations(path, &mut incident, &story.durations, diags);
    if !in_full {
        infer_resolved_at_last_recovery(&mut incident, &milestone_evidence);
        infer_resolved_at_closing_entry(
            &mut incident,
            &milestone_evidence,
            super::reports::tells_of_an_end_state,
        );
        infer_resolved_at_last_fix(&mut incident, &milestone_evidence);
        resolved_after_the_report(&mut incident, &story.durations);
        start_told_relative(&mut incident, &milestone_evidence, &story.durations);
        infer_first_sign(&mut incident, &milestone_evidence);
        infer_started_at_first_failure(&mut incident, &milestone_evidence);
        infer_detected_at_first_noticing(&mut incident, &milestone_evidence);
        if let Some(dropped) = started_no_later_than_detected(&mut incident, &milestone_evidence) {
            diags.push(
                Diagnostic::warning(
                    path,
                    0,
                    0,
                    format!(
                        "the start of impact read from the text ({}) is after its detection; left out",
                        dropped.format("%Y-%m-%d %H:%M")
                    ),
                )
                .with_hint("state it, e.g. `Started: 2024-08-15 10:30`"),
            );
        }
    }
    if !in_full {
        progress_before_detection(path, &incident, diags);
        date_within_the_timeline(path, &mut incident, story.date_stated, diags);
    }
    incident.sort_timeline();
    incident.id = crate::ingest::yaml::derive_id(&incident);
    incident
}

/// An entry's text as the rules read it, made once per entry: [`normalise`]d (lower case, one
/// space between words) and the lexicon's quick test of that ([`Found`]).
struct Reading {
    lower: String,
    found: Found,
}

/// Reports from people are detection: an entry where someone tells of a problem ("Sam reports
/// a heavy backlog", "a user emails security about a suspicious mail", a quoted message; see
/// [`super::reports`]) says the problem was noticed then, whatever kind its other words gave it
/// (rule `milestone:reported-by-people`). Only where the lexicon found no detection wording.
/// Also marks the entries that tell of a symptom (a first sign however early; see
/// [`crate::analysis::milestones::infer_first_sign`]) and those that aim a fix at a cause (the
/// cause was known then; see [`infer`]) or tell of a person noticing the problem. `evidence`
/// is parallel to the timeline, and so are `readings` (each entry's text normalised, and the
/// quick test of it).
fn reports_from_people(
    incident: &Incident,
    evidence: &mut [MilestoneEvidence],
    readings: &[Reading],
) {
    let detected = MilestoneKind::Detected as usize;
    for ((e, ev), reading) in incident
        .timeline
        .iter()
        .zip(evidence.iter_mut())
        .zip(readings)
    {
        ev.kind_told_as_seen = e
            .inferred
            .as_ref()
            .is_some_and(|w| super::reports::told_as_seen(w.matched.as_str()));
        // The entry's one normalised copy for every reading; too long an entry gets none.
        if !super::reports::readable(&e.text) {
            ev.symptom = false;
            ev.aims_at_cause = None;
            ev.noticed = false;
            ev.another_time = false;
            ev.problem = false;
            continue;
        }
        let (lower, found) = (reading.lower.as_str(), reading.found);
        ev.symptom = super::reports::tells_of_a_symptom_in(lower, found);
        ev.aims_at_cause = super::reports::aims_at_a_cause_in(lower, found);
        ev.problem = super::reports::tells_of_a_problem_in(lower, found);
        ev.noticed = crate::analysis::milestones::noticing(lower);
        // Only an entry with a word of another time somewhere (its quick test) can tell one.
        ev.another_time = found.has(List::Past) && super::lexicon::told_of_another_time(lower);
        if ev.signals[detected].is_some() || e.kind == EventKind::Detection {
            continue;
        }
        if let Some(said) = super::reports::reported_by_people_in(lower, found) {
            ev.signals[detected] = Some(Inference::new(RuleId::MilestoneReportedByPeople, said));
        }
    }
}

/// Entries of progress (the cause found, a fix, the end) more than
/// [`PROGRESS_BEFORE_DETECTION`] before the detection tell of the history, and mark no milestone
/// (see [`infer`]): a warning names the first, so a reader can check the detection's time.
fn progress_before_detection(path: &Path, incident: &Incident, diags: &mut Vec<Diagnostic>) {
    let Some(noticed) = incident.milestones.get(MilestoneKind::Detected) else {
        return;
    };
    let early = incident.timeline.iter().find(|e| {
        matches!(
            e.kind,
            EventKind::Identified | EventKind::Mitigation | EventKind::Resolution
        ) && e.at < noticed - PROGRESS_BEFORE_DETECTION
    });
    if let Some(e) = early {
        diags.push(
            Diagnostic::warning(
                path,
                e.line().unwrap_or(0),
                0,
                format!(
                    "the {} entry at {} is more than a day before the detection ({}); read as history, not as this incident's milestone",
                    e.kind.as_str(),
                    e.at.format("%Y-%m-%d %H:%M"),
                    noticed.format("%Y-%m-%d %H:%M")
                ),
            )
            .with_hint("check the entry's date, or state the milestone, e.g. `Mitigated: 2024-08-15 10:30`"),
        );
    }
}

/// An incident's date is a day of its timeline: a stated `Date:` later than every entry is the
/// day the report was written, and one earlier than every entry (a blog post's front matter
/// written in the author's zone, the day before the first UTC entry) is not the day anything
/// happened. Either way the incident's date is read as the day it began (`started`, else the
/// detection, the latest it can have begun, else its first entry), with a warning. Entries that take their day from the stated date are on it, so
/// only a timeline that dates its own entries can move it.
fn date_within_the_timeline(
    path: &Path,
    incident: &mut Incident,
    date_stated: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(stated) = incident.date else { return };
    let zone = incident.display_offset();
    let day = |t: crate::model::Timestamp| t.with_timezone(&zone).date_naive();
    let days = incident.timeline.iter().map(|e| day(e.at));
    let (Some(first), Some(last)) = (days.clone().min(), days.max()) else {
        return;
    };
    let began = incident
        .milestones
        .get(crate::model::MilestoneKind::Started)
        .or_else(|| {
            incident
                .milestones
                .get(crate::model::MilestoneKind::Detected)
        });
    let began_later = began
        .map(day)
        .filter(|d| !date_stated && first == stated && *d > stated);
    if let Some(b) = began_later {
        incident.date = Some(b);
        return;
    }
    let why = if last < stated {
        format!("is after every timeline entry (the last is on {last})")
    } else if first > stated {
        format!("is before every timeline entry (the first is on {first})")
    } else {
        return;
    };
    let began = began
        .or_else(|| incident.timeline.iter().map(|e| e.at).min())
        .map(day);
    if let Some(began) = began {
        incident.date = Some(began);
        diags.push(
            Diagnostic::warning(
                path,
                0,
                0,
                format!("the stated date {stated} {why}; the incident's date is read as {began}"),
            )
            .with_hint("the date of an incident is the day it began; write the report's own date elsewhere"),
        );
    }
}

/// A timeline whose every entry states its kind in a Kind column (retrace's own Markdown export)
/// is told in full: its milestones are the ones it marks and its stated span, and prose times
/// elsewhere add no events.
fn told_in_full(entries: &[Entry]) -> bool {
    let mut events = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Event(c) => Some(c),
            _ => None,
        })
        .peekable();
    events.peek().is_some()
        && events.all(|c| {
            c.origin
                .as_ref()
                .and_then(|o| o.kind.as_ref())
                .is_some_and(|k| k.why.rule == RuleId::SourceMarkdownKindColumn)
        })
}

/// The milestones of a timeline told in full: those its entries mark (`◆ DETECTED`), else the
/// stated span's ends for started and resolved. Nothing else is inferred. `origins` is
/// parallel to the timeline.
fn apply_stated_milestones(
    incident: &mut Incident,
    origins: &[Option<&Origin>],
    start: Option<(Timestamp, Inference)>,
    end: Option<(Timestamp, Inference)>,
) {
    for (i, o) in origins.iter().enumerate() {
        for &m in o.map(|o| o.marks.as_slice()).unwrap_or_default() {
            if incident.milestones.get(m).is_none() {
                let at = incident.timeline[i].at;
                incident.milestones.set(m, Some(at));
                let words = format!("◆ {}", m.as_str().to_uppercase());
                incident
                    .milestones
                    .inferred
                    .push((m, Inference::new(RuleId::SourceMarkdownKindColumn, words)));
            }
        }
    }
    for (m, stated) in [
        (MilestoneKind::Started, start),
        (MilestoneKind::Resolved, end),
    ] {
        if let Some((at, why)) = stated
            && incident.milestones.get(m).is_none()
        {
            incident.milestones.set(m, Some(at));
            incident.milestones.inferred.push((m, why));
        }
    }
}

/// Branches a source states outright (the Branch column of retrace's own Markdown export): each
/// such event joins its branch, which is created with the outcome one of its entries states
/// (else open) and told by its first event's words. `origins` is parallel to the timeline.
fn apply_stated_branches(incident: &mut Incident, origins: &[Option<&Origin>]) {
    let stated = || {
        origins
            .iter()
            .filter_map(|o| o.and_then(|o| o.branch.as_ref()))
    };
    let mut outcomes: HashMap<&str, Outcome> = HashMap::new();
    for b in stated() {
        if let Some(o) = b.outcome {
            outcomes.insert(&b.id, o);
        }
    }
    for (i, o) in origins.iter().enumerate() {
        let Some(stated) = o.and_then(|o| o.branch.as_ref()) else {
            continue;
        };
        if incident.branch(&stated.id).is_none() {
            incident.branches.push(Branch {
                id: stated.id.clone(),
                hypothesis: incident.timeline[i].text.to_string(),
                outcome: outcomes
                    .get(stated.id.as_str())
                    .copied()
                    .unwrap_or_default(),
                inferred: None,
            });
        }
        incident.timeline[i].branch = Some(stated.id.as_str().into());
    }
}

/// A start told relative to another moment, when nothing else gave `started`: the entry that
/// marks detection says the problem began some time earlier ("an odd transaction mined 30
/// minutes earlier": rule `milestone:started-earlier`), else the story says how long it ran
/// before its fix (started = mitigated, else resolved, minus that: rule
/// `milestone:start-before-fix`). `evidence` is parallel to the timeline.
fn start_told_relative(
    incident: &mut Incident,
    evidence: &[MilestoneEvidence],
    stated: &StatedDurations,
) {
    let ms = &incident.milestones;
    if ms.get(MilestoneKind::Started).is_some() {
        return;
    }
    let earlier = ms.get(MilestoneKind::Detected).and_then(|d| {
        incident
            .timeline
            .iter()
            .enumerate()
            .filter(|(i, e)| {
                e.at == d
                    && evidence.get(*i).is_none_or(|s| s.own_time)
                    && (e.key || e.kind == EventKind::Detection)
            })
            .find_map(|(_, e)| super::clock::duration_earlier(&e.text))
            .and_then(|(length, said)| {
                let at = d.checked_sub_signed(length)?;
                Some((at, Inference::new(RuleId::MilestoneStartedEarlier, said)))
            })
    });
    let before_fix = || {
        let b = stated.before_fix.as_ref()?;
        let fix = ms
            .get(MilestoneKind::Mitigated)
            .or_else(|| ms.get(MilestoneKind::Resolved))?;
        Some((fix.checked_sub_signed(b.length)?, b.why.clone()))
    };
    if let Some((at, why)) = earlier.or_else(before_fix) {
        incident.milestones.set(MilestoneKind::Started, Some(at));
        incident
            .milestones
            .inferred
            .push((MilestoneKind::Started, why));
    }
}

/// The entry whose words gave `started` may say when impact began, later than it happened:
/// "checks the logs: the errors started at 14:10", "the issues started on Feb 12th at 3pm PST".
/// A time written right after those words (within a few words, after "at", "on", "around",
/// "since", "from") that is before the entry (at most a day before it, or 30 days when its day is
/// written) becomes `started` (rule `milestone:start-at-stated-time`); its day and zone are the
/// entry's unless written. With no start found at all, an entry that tells of the problem
/// beginning at a time ("we are aware of an outage *beginning at approximately 1:50 PM ET*
/// today", a status page's first update) says when, the same way.
fn start_at_its_stated_time(incident: &mut Incident) {
    use super::markdown::timeline::normalise;
    let stated = match crate::analysis::milestones::worded_start(incident) {
        Some((started, why)) => {
            let words = why.matched.as_str().to_string();
            incident
                .timeline
                .iter()
                .filter(|e| e.at == started && !words.is_empty())
                .find_map(|e| {
                    let text = normalise(&e.text);
                    let after = text.to_ascii_lowercase().find(&words)? + words.len();
                    time_told_after(e, &text, after, &words)
                })
        }
        None if incident.milestones.get(MilestoneKind::Started).is_none() => {
            incident.timeline.iter().find_map(|e| {
                let text = normalise(&e.text);
                let lower = text.to_ascii_lowercase();
                let (after, words) =
                    problem_beginning(&lower).or_else(|| window_opening(&lower))?;
                time_told_after(e, &text, after, &words)
            })
        }
        None => None,
    };
    if let Some((at, why)) = stated {
        incident.milestones.set(MilestoneKind::Started, Some(at));
        incident
            .milestones
            .inferred
            .retain(|(k, _)| *k != MilestoneKind::Started);
        incident
            .milestones
            .inferred
            .push((MilestoneKind::Started, why));
    }
}

/// In `lower` (an entry's normalised text, lower case), the start of the "between" that opens it,
/// past a status label ("Resolved - *Between* 07:30 UTC and 11:10 UTC on July 31st, some
/// customers … may have experienced …", as status pages close an incident), when its sentence
/// tells of people or requests affected: the window of the impact, whose first time is its
/// start. `None` for any other entry ("Between 10:00 and 10:30 we rolled back the workers").
fn window_opening(lower: &str) -> Option<(usize, String)> {
    const AFFECTED: &[&str] = &[
        "customers",
        "users",
        "experienced",
        "requests",
        "errors",
        "elevated",
        "degraded",
        "unable",
        "impacted",
        "affected",
    ];
    let mut at = 0;
    let mut words = lower.split_inclusive(' ');
    let mut first = words.next()?;
    // A status label and its mark: "resolved - ", "resolved: ", "update - ".
    if first.trim_end().ends_with(':') || words.clone().next().is_some_and(|w| w.trim() == "-") {
        at += first.len();
        first = words.next()?;
        if first.trim() == "-" {
            at += first.len();
            first = words.next()?;
        }
    }
    if first.trim_end() != "between" {
        return None;
    }
    // The time is read from "between" on: the word is its cue.
    let sentence = lower[at..].split(". ").next().unwrap_or_default();
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| AFFECTED.contains(&w))
        .then(|| (at, String::new()))
}

/// In `lower` (an entry's normalised text, lower case), the end of the first words that tell of
/// the problem beginning ("an outage affecting the network *beginning*", "errors *started*"):
/// a word of beginning at most six words after a noun of the problem in the same sentence, with
/// no denial or work begun on purpose between them ("the issue is not related to the
/// maintenance that began at 13:00"), with those words.
fn problem_beginning(lower: &str) -> Option<(usize, String)> {
    const PROBLEM: &[&str] = &[
        "outage",
        "outages",
        "issue",
        "issues",
        "incident",
        "disruption",
        "degradation",
        "errors",
        "problem",
        "problems",
        "downtime",
        "failures",
        "impact",
    ];
    const BEGINNING: &[&str] = &["beginning", "began", "started", "starting", "begun"];
    // Work begun on purpose ("the maintenance that began at 13:00"), or a denial ("not
    // related to"), between the problem and the word of beginning: not the problem's start.
    const OTHER: &[&str] = &[
        "not",
        "no",
        "never",
        "unrelated",
        "maintenance",
        "deploy",
        "deployment",
        "migration",
        "upgrade",
        "release",
        "rollout",
        "window",
        "job",
        "backup",
        "call",
        "investigation",
        "analysis",
    ];
    let mut sentence_start = 0;
    // Words since the last noun of the problem in this sentence (`None`: none yet).
    let mut since_problem: Option<usize> = None;
    for (at, w) in lower.split_inclusive(' ').scan(0, |pos, w| {
        let at = *pos;
        *pos += w.len();
        Some((at, w))
    }) {
        let word = w.trim().trim_matches(|c: char| !c.is_alphanumeric());
        if PROBLEM.contains(&word) {
            since_problem = Some(0);
        } else if OTHER.contains(&word) {
            since_problem = None;
        } else if let Some(n) = since_problem {
            if BEGINNING.contains(&word) && n <= 6 {
                let end = at + w.trim_end().len();
                return Some((end, lower[sentence_start..end].trim().to_string()));
            }
            since_problem = Some(n + 1);
        }
        if w.trim_end().ends_with(['.', '!', '?', ';']) {
            sentence_start = at + w.len();
            since_problem = None;
        }
    }
    None
}

/// The time written right after `after` in `text` (entry `e`'s normalised text), within four
/// words and after a cue ("at", "on", "around", "about", "approximately", "since", "from"),
/// before the entry (at most a day before it, or 30 days when its day is written): that
/// instant (the entry's day and zone unless written), explained by rule
/// `milestone:start-at-stated-time` with `words` and the time as said.
fn time_told_after(
    e: &crate::model::Event,
    text: &str,
    after: usize,
    words: &str,
) -> Option<(Timestamp, Inference)> {
    use super::markdown::timeline::{dates_in, times_in};
    use chrono::TimeZone;
    const CUES: &[&str] = &[
        "at",
        "on",
        "around",
        "about",
        "approximately",
        "since",
        "from",
        "between",
    ];
    let rest = text.get(after..)?;
    let hints = super::clock::DateHints {
        year: Some(chrono::Datelike::year(&e.at.date_naive())),
        ..Default::default()
    };
    let found = times_in(rest, hints).into_iter().next()?;
    let near = rest[..found.start].split_whitespace().count() <= 4;
    // The cue may stand before a zone written first ("beginning from UTC 05:13"): that zone is
    // the time's.
    let mut before = rest[..found.start]
        .split_whitespace()
        .rev()
        .map(|w| w.to_ascii_lowercase());
    let zone_first = before
        .next()
        .and_then(|w| super::clock::parse_zone(&w))
        .filter(|_| before.next().is_some_and(|w| CUES.contains(&w.as_str())));
    let cued = zone_first.is_some() || found.cue.as_deref().is_some_and(|c| CUES.contains(&c));
    // In the same clause ("latency issues started; on UTC 14:00 dashboards …" is another), and
    // not a time to come ("an outage beginning from 23:00 tonight").
    let same_clause = !rest[..found.start].contains([';', '.']);
    let to_come = rest[found.end..]
        .split_whitespace()
        .next()
        .is_some_and(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_ascii_lowercase()
                    .as_str(),
                "tonight" | "tomorrow" | "later"
            )
        });
    if !near || !cued || !same_clause || to_come {
        return None;
    }
    // "began on March 5 at 11:00 PM": the day written before the time is its day.
    let written = found.time.date.or_else(|| {
        dates_in(&rest[..found.start], hints)
            .first()
            .map(|(_, d)| *d)
    });
    // A zone of a region written with the time ("1:50 PM ET") is read in that day's season.
    let region = rest[found.start..found.end]
        .rsplit(' ')
        .next()
        .and_then(super::clock::parse_zone)
        .filter(|_| found.time.offset.is_some());
    let zone = region.or(zone_first);
    let offset_on = |day: chrono::NaiveDate| match zone {
        Some(zone) => zone.offset_at(day.and_time(found.time.time)),
        None => found.time.offset.unwrap_or_else(|| *e.at.offset()),
    };
    // With no day written, the entry's day as the time's own zone reckons it (an entry at
    // 22:16 PDT is already the next day in UTC).
    let day = written.unwrap_or_else(|| {
        e.at.with_timezone(&offset_on(e.at.date_naive()))
            .date_naive()
    });
    let offset = offset_on(day);
    let mut at = offset
        .from_local_datetime(&day.and_time(found.time.time))
        .single()?;
    // "started at 23:50" told at 00:30: the day before, when no day is written.
    if written.is_none() && at > e.at {
        at -= chrono::Duration::days(1);
    }
    let before = e.at - at;
    // A day written with it may be weeks back (a slow leak found late); a bare clock
    // time is within the day before.
    let reach = chrono::Duration::days(if written.is_some() { 30 } else { 1 });
    (before > chrono::Duration::zero() && before <= reach).then(|| {
        let said = format!("{words}{}", &rest[..found.end]);
        (
            at,
            Inference::new(RuleId::MilestoneStartAtStatedTime, said.trim()),
        )
    })
}

/// An end counted from the report ("resolved in 2 hours and 2 minutes from the time of report",
/// [`StatedDurations::resolved_after_report`]): with no end told or inferred from the entries,
/// the incident ended that long after the detection (rule `milestone:stated-duration`).
fn resolved_after_the_report(incident: &mut Incident, stated: &StatedDurations) {
    use crate::model::MilestoneKind::{Detected, Resolved};
    if let Some(d) = &stated.resolved_after_report
        && incident.milestones.get(Resolved).is_none()
        && let Some(t) = incident
            .milestones
            .get(Detected)
            .and_then(|n| n.checked_add_signed(d.length))
    {
        incident.milestones.set(Resolved, Some(t));
        incident.milestones.inferred.push((Resolved, d.why.clone()));
    }
}

/// Stated duration figures fill the milestone the timeline does not state (resolved = started +
/// TTR — counted from the detection when that would end the incident before it was noticed —,
/// or started = resolved − TTR; detected = started + TTD, or started = detected − TTD; a
/// start so found after another milestone is not used),
/// explained by rule `milestone:stated-duration`. When the timeline states both ends and the
/// figure disagrees by more than 5 minutes and 10%, a warning says so at the figure's line.
fn apply_stated_durations(
    path: &Path,
    incident: &mut Incident,
    stated: &StatedDurations,
    diags: &mut Vec<Diagnostic>,
) {
    use crate::model::MilestoneKind::{Detected, Resolved, Started};
    let mut warned = Vec::new();
    // Twice, so a start found through one figure gives the other's end.
    let figures = [
        (&stated.ttr, Resolved, "TTR"),
        (&stated.ttd, Detected, "TTD"),
    ];
    for (figure, end, name) in figures.iter().chain(figures.iter()).copied() {
        let Some(d) = figure else {
            continue;
        };
        let ms = &incident.milestones;
        match (ms.get(Started), ms.get(end)) {
            (Some(s), None) => {
                // A time to resolve that would end the incident before anyone noticed it is
                // counted from the detection ("MTTR: 1h35m" after a late report).
                let noticed = ms.get(Detected).filter(|_| end == Resolved);
                let from = match (s.checked_add_signed(d.length), noticed) {
                    (Some(t), Some(n)) if t < n => Some(n),
                    _ => Some(s),
                };
                if let Some(t) = from.and_then(|f| f.checked_add_signed(d.length)) {
                    incident.milestones.set(end, Some(t));
                    incident.milestones.inferred.push((end, d.why.clone()));
                }
            }
            (None, Some(e)) => {
                // Impact starts no later than any other milestone: a figure that would put it
                // after one measures something else (one wave of several, the last fix).
                let earliest = MilestoneKind::ALL
                    .into_iter()
                    .filter_map(|m| ms.get(m))
                    .min();
                if let Some(t) = e.checked_sub_signed(d.length)
                    && earliest.is_none_or(|first| t <= first)
                {
                    incident.milestones.set(Started, Some(t));
                    incident.milestones.inferred.push((Started, d.why.clone()));
                }
            }
            (Some(s), Some(e)) if !warned.contains(&name) => {
                warned.push(name);
                let off_from = |from: Timestamp| {
                    let off = (e - from - d.length).num_seconds().abs();
                    off > 300 && off * 10 > d.length.num_seconds()
                };
                let told = e - s;
                // A time to resolve may be counted from the detection: no contradiction then.
                let from_detection =
                    end == Resolved && ms.get(Detected).is_some_and(|n| !off_from(n));
                if off_from(s) && !from_detection {
                    diags.push(
                        Diagnostic::warning(
                            path,
                            d.line,
                            0,
                            format!(
                                "the stated {name} ({}) contradicts the timeline ({})",
                                crate::analysis::format_duration(d.length),
                                crate::analysis::format_duration(told)
                            ),
                        )
                        .with_hint("check the figure or the timeline's milestones"),
                    );
                }
            }
            _ => {}
        }
    }
}

/// Two sources told the same moment when they are this close.
pub const SAME_MOMENT: chrono::Duration = chrono::Duration::minutes(2);

/// The same moment told by two sources (a pager's resolve entry and the chat bot's "resolved"
/// post, a pager note and the chat reply that rule the same theory out) is shown once. Two
/// events are the same moment when they come from different source systems (the part of
/// [`Origin::reference`] before `:`), are at most [`SAME_MOMENT`] apart, and are of the same
/// milestone kind, both rule a theory out, or say the same words. The event kept is the one
/// whose kind the source states (a pager's entry), else the one on a thread, else the earlier
/// (people's words before a tool's status line); it takes the
/// other's links, key mark, author (when it has none) and source reference. Events without an
/// origin (prose) are never folded. `timeline`, `evidence`, `origins` and `readings` are
/// parallel, sorted by time.
fn fold_same_moments(
    timeline: &mut Vec<Event>,
    evidence: &mut Vec<Evidence>,
    origins: &mut Vec<Option<&Origin>>,
    readings: &mut Vec<Reading>,
) {
    if origins.iter().filter(|o| o.is_some()).count() < 2 {
        return;
    }
    let system = |o: &Origin| o.reference.split(':').next().unwrap_or("").to_string();
    let rank = |o: &Origin| {
        (
            o.kind.as_ref().is_some_and(|k| k.stated),
            o.thread.is_some(),
        )
    };
    let milestone = |k: EventKind| MilestoneKind::from_event_kind(k).is_some();
    let mut gone = vec![false; timeline.len()];
    for i in 0..timeline.len() {
        let Some(oi) = origins[i] else { continue };
        for j in (0..i).rev() {
            if timeline[i].at - timeline[j].at > SAME_MOMENT {
                break;
            }
            let Some(oj) = origins[j] else { continue };
            if gone[j] || system(oi) == system(oj) {
                continue;
            }
            let (a, b) = (&timeline[j], &timeline[i]);
            let same = (a.kind == b.kind && milestone(a.kind))
                || (evidence[i].ruled_out.is_some() && evidence[j].ruled_out.is_some())
                || readings[j].lower == readings[i].lower;
            if !same {
                continue;
            }
            let (keep, drop) = if rank(oi) > rank(oj) { (i, j) } else { (j, i) };
            let dropped: Event = timeline[drop].clone();
            merge_into(&mut timeline[keep], dropped);
            gone[drop] = true;
            break;
        }
    }
    retain_kept(timeline, &gone);
    retain_kept(evidence, &gone);
    retain_kept(origins, &gone);
    retain_kept(readings, &gone);
}

fn retain_kept<T>(items: &mut Vec<T>, gone: &[bool]) {
    let mut at = 0;
    items.retain(|_| {
        at += 1;
        !gone[at - 1]
    });
}

/// Fold `other` (the same moment from another source) into `kept`.
fn merge_into(kept: &mut Event, other: Event) {
    let mut links = std::mem::take(&mut kept.links).into_vec();
    for l in other.links {
        if !links.contains(&l) {
            links.push(l);
        }
    }
    kept.links = links.into();
    kept.key |= other.key;
    if kept.author.is_none() {
        kept.author = other.author;
    }
    kept.source = match (kept.source.take(), other.source) {
        (Some(a), Some(b)) => Some(format!("{a} {b}").into()),
        (a, b) => a.or(b),
    };
}
