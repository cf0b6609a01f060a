//! The importer's format-independent back half: a front end's [`Story`] → an [`Incident`].
//!
//! ```text
//! Story → resolve (times → instants) → classify (the lexicon) → link branches → milestones
//! ```
//! Every source (Markdown postmortems now; chat and pager exports next) goes through
//! [`build`], so a theory and its ruling-out, a stated span or a milestone's wording are read
//! the same way whatever the source.

use std::collections::HashSet;
use std::path::Path;

use chrono::Offset;

use super::Diagnostic;
use super::branches::{assign_branches, close_branches_from_prose};
use super::candidate::{StatedDurations, Story};
use super::classify::{Evidence, classify};
use super::clock::ClockResolver;
use super::resolve::{Placed, place};
use crate::analysis::milestones::{MilestoneEvidence, infer};
use crate::model::text::clean_line;
use crate::model::{Event, Incident};

/// Build the incident a story tells: its timeline (placed, sorted, classified, each inferred
/// kind with its rule and words), its branches and detours, and its milestones (declared ones
/// kept, the rest inferred and explained). Warnings go to `diags`; nothing here fails.
pub fn build(path: &Path, mut story: Story, diags: &mut Vec<Diagnostic>) -> Incident {
    let mut incident = std::mem::take(&mut story.incident);
    let mut placed: Vec<Placed> = place(path, &story, &story.entries, diags);
    // Timed sentences elsewhere add what the timeline left out; times it already has (within a
    // minute) are not repeated.
    if !placed.is_empty() && !story.extra.is_empty() {
        let minutes: HashSet<i64> = placed.iter().map(|p| p.at.timestamp() / 60).collect();
        let mut quiet = Vec::new();
        for p in place(path, &story, &story.extra, &mut quiet) {
            let m = p.at.timestamp() / 60;
            if !(m - 1..=m + 1).any(|m| minutes.contains(&m)) {
                placed.push(p);
            }
        }
    }
    placed.sort_by_key(|p| p.at);

    let mut evidence: Vec<Evidence> = Vec::with_capacity(placed.len());
    incident.timeline = placed
        .iter()
        .map(|p| {
            let d = p.candidate;
            // The caption an entry sits under ("Misleading paths:") is read with it.
            let read = match d.context.as_deref().map(clean_line) {
                Some(c) if !c.is_empty() && !p.text.starts_with(&c) => format!("{c}: {}", p.text),
                _ => p.text.clone(),
            };
            let (kind, why, ev) = classify(&read, p.inherited);
            evidence.push(ev);
            let mut e = Event::new(p.at, kind, p.text.clone());
            e.inferred = why;
            e.approximate = p.approximate;
            e.line = Some(d.line);
            e.links = d
                .links
                .iter()
                .map(|l| clean_line(l))
                .filter(|l| !l.is_empty())
                .collect();
            e.author = d.author.as_deref().map(clean_line);
            e
        })
        .collect();

    assign_branches(&mut incident, &evidence);
    close_branches_from_prose(&mut incident, &story.remarks);

    // The stated span's two ends, placed like timeline times (the end may roll over midnight).
    let offset = story.zone.unwrap_or_else(|| chrono::Utc.fix());
    let mut r = ClockResolver::new(story.base_date, offset);
    let start = story
        .span
        .start
        .as_ref()
        .map(|(p, why)| (r.resolve(p), why.clone()));
    let end = story
        .span
        .end
        .as_ref()
        .map(|(p, why)| (r.resolve(p), why.clone()));
    let milestone_evidence: Vec<MilestoneEvidence> =
        evidence.into_iter().map(|e| e.milestone).collect();
    infer(&mut incident, &milestone_evidence, start, end);
    apply_stated_durations(path, &mut incident, &story.durations, diags);
    incident.sort_timeline();
    incident.id = crate::ingest::yaml::derive_id(&incident);
    incident
}

/// Stated duration figures fill the milestone the timeline does not state (resolved = started +
/// TTR, or started = resolved − TTR; detected = started + TTD, or started = detected − TTD),
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
                if let Some(t) = s.checked_add_signed(d.length) {
                    incident.milestones.set(end, Some(t));
                    incident.milestones.inferred.push((end, d.why.clone()));
                }
            }
            (None, Some(e)) => {
                if let Some(t) = e.checked_sub_signed(d.length) {
                    incident.milestones.set(Started, Some(t));
                    incident.milestones.inferred.push((Started, d.why.clone()));
                }
            }
            (Some(s), Some(e)) if !warned.contains(&name) => {
                warned.push(name);
                let told = e - s;
                let off = (told - d.length).num_seconds().abs();
                if off > 300 && off * 10 > d.length.num_seconds() {
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
