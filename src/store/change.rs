//! Changes to an incident as values: each one is applied to the incident read under the lock and
//! yields its inverse, which is how undo works without ever writing back a stale copy.

use std::fmt;

use crate::model::{
    Branch, Event, EventKind, Incident, MilestoneKind, Outcome, Status, Timestamp, text::clean_line,
};

use super::StoreError;

/// Identifies an event by what it says — its time, author and text as read back from the file —
/// so that an edit, a delete or an undo finds it again after other writers have added events
/// around it. When two events are identical in all three, the first is meant (they are
/// indistinguishable in the file too).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventKey {
    pub at: Timestamp,
    pub author: Option<String>,
    pub text: String,
}

impl EventKey {
    pub fn of(event: &Event) -> EventKey {
        EventKey {
            at: event.at,
            author: event.author.as_deref().map(str::to_string),
            text: event.text.to_string(),
        }
    }

    /// Same instant (whatever the offset it is written in), same author, same text.
    pub fn matches(&self, event: &Event) -> bool {
        event.at == self.at
            && event.author.as_deref() == self.author.as_deref()
            && *event.text == *self.text
    }

    /// The index of the event in a timeline.
    pub fn find(&self, timeline: &[Event]) -> Option<usize> {
        timeline.iter().position(|e| self.matches(e))
    }
}

impl fmt::Display for EventKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} \"{}\"",
            self.at.format("%Y-%m-%d %H:%M:%S"),
            self.text
        )?;
        if let Some(a) = &self.author {
            write!(f, " by {a}")?;
        }
        Ok(())
    }
}

/// One small change to an incident. [`Writer`](super::Writer) methods are made of these; a
/// change is always applied to the incident as it is on disk at the time of writing.
///
/// The `expect` fields make a change compare-and-set: when set, the change is refused with
/// [`StoreError::Conflict`] unless the value is still the one expected. Undo uses them, so it
/// never overwrites what someone else changed since.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Add an event (kept in time order; after any events at the same time).
    AddEvent(Event),
    /// Put back an event a delete took out, exactly where it was (the undo of a delete).
    RestoreEvent {
        event: Event,
        raw: super::edit::RawItem,
    },
    /// Replace the event `target` with `event`.
    EditEvent { target: EventKey, event: Event },
    /// Remove the event `target`.
    DeleteEvent(EventKey),
    /// State the kind of the event `target` (`None`: not stated; the reader infers it).
    SetEventKind {
        target: EventKey,
        kind: Option<EventKind>,
        /// Only if its kind is still this (stated).
        expect: Option<Option<EventKind>>,
    },
    /// Declare a milestone's time (`None` removes the declaration).
    SetMilestone {
        kind: MilestoneKind,
        at: Option<Timestamp>,
        /// Only if the declaration is still this.
        expect: Option<Option<Timestamp>>,
    },
    /// State the incident's status (`None`: derived from the milestones).
    SetStatus {
        status: Option<Status>,
        expect: Option<Option<Status>>,
    },
    /// Declare a new branch (fails if one with that id exists).
    AddBranch(Branch),
    /// Remove a branch no event refers to.
    RemoveBranch(String),
    /// Set how a branch ended.
    SetOutcome {
        branch: String,
        outcome: Outcome,
        expect: Option<Outcome>,
    },
}

/// The time a person reads, for conflict messages.
fn when(t: Option<Timestamp>) -> String {
    t.map_or("not set".into(), |t| {
        t.format("%Y-%m-%d %H:%M:%S %:z").to_string()
    })
}

/// An event's kind as the file states it (`None`: the reader infers it).
pub(crate) fn stated_kind(e: &Event) -> Option<EventKind> {
    e.inferred.is_none().then_some(e.kind)
}

impl Change {
    /// Whether the change can be applied to `incident` (its target is there, its expectation
    /// holds), without changing anything.
    pub fn check(&self, incident: &Incident) -> Result<(), StoreError> {
        match self {
            Change::AddEvent(event) | Change::RestoreEvent { event, .. } => {
                normalize(event, incident).map(|_| ())
            }
            Change::EditEvent { target, event } => {
                target
                    .find(&incident.timeline)
                    .ok_or_else(|| StoreError::EventGone(target.to_string()))?;
                normalize(event, incident).map(|_| ())
            }
            Change::DeleteEvent(target) => target
                .find(&incident.timeline)
                .map(|_| ())
                .ok_or_else(|| StoreError::EventGone(target.to_string())),
            Change::SetEventKind { target, expect, .. } => {
                let i = target
                    .find(&incident.timeline)
                    .ok_or_else(|| StoreError::EventGone(target.to_string()))?;
                let now = stated_kind(&incident.timeline[i]);
                match expect {
                    Some(e) if *e != now => Err(StoreError::Conflict(format!(
                        "the kind of \"{}\" was changed since (it is now {})",
                        target.text, incident.timeline[i].kind
                    ))),
                    _ => Ok(()),
                }
            }
            Change::SetMilestone { kind, expect, .. } => {
                let now = incident.milestones.get(*kind);
                match expect {
                    Some(e) if *e != now => Err(StoreError::Conflict(format!(
                        "`{}` was changed since (it is now {})",
                        kind.as_str(),
                        when(now)
                    ))),
                    _ => Ok(()),
                }
            }
            Change::SetStatus { expect, .. } => match expect {
                Some(e) if *e != incident.status => Err(StoreError::Conflict(format!(
                    "`status` was changed since (it is now {})",
                    incident.status.map_or("not stated", |s| s.as_str())
                ))),
                _ => Ok(()),
            },
            Change::AddBranch(branch) => {
                let id = clean_line(&branch.id);
                if id.is_empty() {
                    return Err(StoreError::Invalid("a branch needs a name".into()));
                }
                if incident.branch(&id).is_some() {
                    return Err(StoreError::BranchExists(id));
                }
                Ok(())
            }
            Change::RemoveBranch(id) => {
                if !incident.branches.iter().any(|b| &b.id == id) {
                    return Err(StoreError::NoBranch(id.clone()));
                }
                if incident
                    .timeline
                    .iter()
                    .any(|e| e.branch.as_deref() == Some(id))
                {
                    return Err(StoreError::Conflict(format!(
                        "branch `{id}` still has events (someone added to it); not removed"
                    )));
                }
                Ok(())
            }
            Change::SetOutcome { branch, expect, .. } => {
                let b = incident
                    .branch(branch)
                    .ok_or_else(|| StoreError::NoBranch(branch.clone()))?;
                match expect {
                    Some(e) if *e != b.outcome => Err(StoreError::Conflict(format!(
                        "branch `{branch}` was marked {} since",
                        b.outcome.as_str()
                    ))),
                    _ => Ok(()),
                }
            }
        }
    }

    /// Apply to `incident`, returning the change that undoes it (compare-and-set: it expects
    /// what this change leaves). On error `incident` is unchanged.
    pub fn apply(&self, incident: &mut Incident) -> Result<Change, StoreError> {
        self.check(incident)?;
        match self {
            Change::AddEvent(event) => {
                let event = normalize(event, incident)?;
                let key = EventKey::of(&event);
                insert_in_order(&mut incident.timeline, event);
                Ok(Change::DeleteEvent(key))
            }
            Change::RestoreEvent { event, raw } => {
                let event = normalize(event, incident)?;
                let key = EventKey::of(&event);
                let at = raw
                    .after
                    .as_ref()
                    .and_then(|k| k.find(&incident.timeline))
                    .map(|i| i + 1)
                    .filter(|&i| {
                        incident.timeline[i - 1].at <= event.at
                            && incident.timeline.get(i).is_none_or(|n| n.at >= event.at)
                    });
                match (at, &raw.after) {
                    (Some(i), _) => incident.timeline.insert(i, event),
                    (None, None) if incident.timeline.first().is_none_or(|f| f.at >= event.at) => {
                        incident.timeline.insert(0, event)
                    }
                    _ => insert_in_order(&mut incident.timeline, event),
                }
                Ok(Change::DeleteEvent(key))
            }
            Change::EditEvent { target, event } => {
                let i = target
                    .find(&incident.timeline)
                    .ok_or_else(|| StoreError::EventGone(target.to_string()))?;
                let event = normalize(event, incident)?;
                let key = EventKey::of(&event);
                let old = incident.timeline.remove(i);
                insert_in_order(&mut incident.timeline, event);
                Ok(Change::EditEvent {
                    target: key,
                    event: old,
                })
            }
            Change::DeleteEvent(target) => {
                let i = target
                    .find(&incident.timeline)
                    .ok_or_else(|| StoreError::EventGone(target.to_string()))?;
                Ok(Change::AddEvent(incident.timeline.remove(i)))
            }
            Change::SetEventKind { target, kind, .. } => {
                let i = target
                    .find(&incident.timeline)
                    .ok_or_else(|| StoreError::EventGone(target.to_string()))?;
                let e = &mut incident.timeline[i];
                let old = stated_kind(e);
                match kind {
                    Some(k) => {
                        e.kind = *k;
                        e.inferred = None;
                    }
                    None => {
                        // Not stated: what the reader infers from the words.
                        let (k, why) = crate::ingest::lexicon::classify_kind(&e.text).unwrap_or((
                            EventKind::Note,
                            crate::model::Inference::new(crate::model::RuleId::KindDefaultNote, ""),
                        ));
                        e.kind = k;
                        e.inferred = Some(why);
                    }
                }
                Ok(Change::SetEventKind {
                    target: target.clone(),
                    kind: old,
                    expect: Some(*kind),
                })
            }
            Change::SetMilestone { kind, at, .. } => {
                let old = incident.milestones.get(*kind);
                let at = at.map(|t| whole_seconds(t.with_timezone(&incident.display_offset())));
                incident.milestones.set(*kind, at);
                Ok(Change::SetMilestone {
                    kind: *kind,
                    at: old,
                    expect: Some(at),
                })
            }
            Change::SetStatus { status, .. } => {
                let old = incident.status;
                incident.status = *status;
                Ok(Change::SetStatus {
                    status: old,
                    expect: Some(*status),
                })
            }
            Change::AddBranch(branch) => {
                let b = normalized_branch(branch);
                let id = b.id.clone();
                incident.branches.push(b);
                Ok(Change::RemoveBranch(id))
            }
            Change::RemoveBranch(id) => {
                let i = incident
                    .branches
                    .iter()
                    .position(|b| &b.id == id)
                    .ok_or_else(|| StoreError::NoBranch(id.clone()))?;
                Ok(Change::AddBranch(incident.branches.remove(i)))
            }
            Change::SetOutcome {
                branch, outcome, ..
            } => {
                let b = incident
                    .branches
                    .iter_mut()
                    .find(|b| &b.id == branch)
                    .ok_or_else(|| StoreError::NoBranch(branch.clone()))?;
                let old = b.outcome;
                b.outcome = *outcome;
                Ok(Change::SetOutcome {
                    branch: branch.clone(),
                    outcome: old,
                    expect: Some(*outcome),
                })
            }
        }
    }

    /// The event this change leaves in the file, if it adds or edits one.
    pub(crate) fn touched_event(inverse: &Change) -> Option<&EventKey> {
        match inverse {
            Change::DeleteEvent(key) => Some(key),
            Change::EditEvent { target, .. } => Some(target),
            Change::SetEventKind { target, .. } => Some(target),
            _ => None,
        }
    }
}

/// A branch as it will read back from the file (id and hypothesis cleaned like the reader does).
pub(crate) fn normalized_branch(branch: &Branch) -> Branch {
    Branch {
        id: clean_line(&branch.id),
        hypothesis: clean_line(&branch.hypothesis),
        outcome: branch.outcome,
        inferred: None,
    }
}

/// Apply changes in order, all or nothing; returns the inverses in the order that undoes them.
#[cfg(test)]
pub(crate) fn apply_all(
    changes: &[Change],
    incident: &mut Incident,
) -> Result<Vec<Change>, StoreError> {
    let mut work = incident.clone();
    let mut inverses = Vec::with_capacity(changes.len());
    for c in changes {
        inverses.push(c.apply(&mut work)?);
    }
    inverses.reverse();
    declare_named_branches(&mut work);
    *incident = work;
    Ok(inverses)
}

/// A branch that events name but the incident does not declare is declared, open, with the
/// first such event's text as its hypothesis — as the reader would on reading the file back.
pub(crate) fn declare_named_branches(incident: &mut Incident) {
    for i in 0..incident.timeline.len() {
        if let Some(id) = &incident.timeline[i].branch
            && incident.branch(id).is_none()
        {
            let branch = Branch {
                id: id.to_string(),
                hypothesis: incident.timeline[i].text.to_string(),
                outcome: Outcome::Open,
                inferred: None,
            };
            incident.branches.push(branch);
        }
    }
}

/// An event as it will read back from the file: text and author cleaned like the reader cleans
/// them, the time in whole seconds (the format keeps no fractions) and in the incident's zone.
pub(crate) fn normalize(event: &Event, incident: &Incident) -> Result<Event, StoreError> {
    let mut e = event.clone();
    e.text = clean_line(&e.text).into();
    if e.text.is_empty() {
        return Err(StoreError::Invalid("an event needs some text".into()));
    }
    e.author = e
        .author
        .as_deref()
        .map(clean_line)
        .filter(|a| !a.is_empty())
        .map(Into::into);
    e.branch = e
        .branch
        .as_deref()
        .map(clean_line)
        .filter(|b| !b.is_empty())
        .map(Into::into);
    e.links = e
        .links
        .iter()
        .map(|l| clean_line(l))
        .filter(|l| !l.is_empty())
        .collect();
    e.at = whole_seconds(e.at.with_timezone(&incident.display_offset()));
    Ok(e)
}

pub(crate) fn whole_seconds(t: Timestamp) -> Timestamp {
    use chrono::Timelike;
    t.with_nanosecond(0).unwrap_or(t)
}

/// Insert after every event at or before `event.at`, so equal times keep arrival order.
fn insert_in_order(timeline: &mut Vec<Event>, event: Event) {
    let i = timeline.partition_point(|e| e.at <= event.at);
    timeline.insert(i, event);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn incident() -> Incident {
        Incident {
            title: "x".into(),
            timeline: vec![
                Event::new(t("2026-01-01T10:00:00Z"), EventKind::Detection, "alert"),
                Event::new(t("2026-01-01T10:10:00Z"), EventKind::Note, "looking"),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn add_then_inverse_restores() {
        let mut inc = incident();
        let before = inc.clone();
        let mut e = Event::new(
            t("2026-01-01T10:05:00.700Z"),
            EventKind::Note,
            " mid \u{1b}[31m",
        );
        e.author = Some("ann".into());
        let inv = Change::AddEvent(e).apply(&mut inc).unwrap();
        assert_eq!(&*inc.timeline[1].text, "mid");
        assert_eq!(inc.timeline[1].at, t("2026-01-01T10:05:00Z"));
        assert_eq!(Change::touched_event(&inv).unwrap().text, "mid");
        inv.apply(&mut inc).unwrap();
        assert_eq!(inc, before);
    }

    #[test]
    fn edit_and_delete_find_by_content() {
        let mut inc = incident();
        let key = EventKey::of(&inc.timeline[1]);
        let mut new = inc.timeline[1].clone();
        new.text = "looking at the DB".into();
        new.at = t("2026-01-01T09:59:00Z");
        let inv = Change::EditEvent {
            target: key.clone(),
            event: new,
        }
        .apply(&mut inc)
        .unwrap();
        assert_eq!(&*inc.timeline[0].text, "looking at the DB");
        let gone = Change::DeleteEvent(key.clone())
            .apply(&mut inc)
            .unwrap_err();
        assert!(matches!(gone, StoreError::EventGone(_)), "{gone}");
        inv.apply(&mut inc).unwrap();
        assert_eq!(&*inc.timeline[1].text, "looking");
        Change::DeleteEvent(key).apply(&mut inc).unwrap();
        assert_eq!(inc.timeline.len(), 1);
    }

    #[test]
    fn all_or_nothing() {
        let mut inc = incident();
        let before = inc.clone();
        let e = apply_all(
            &[
                Change::AddBranch(Branch {
                    id: "db".into(),
                    hypothesis: "the DB".into(),
                    outcome: Outcome::Open,
                    inferred: None,
                }),
                Change::RemoveBranch("nope".into()),
            ],
            &mut inc,
        )
        .unwrap_err();
        assert!(matches!(e, StoreError::NoBranch(_)));
        assert_eq!(inc, before);
    }

    #[test]
    fn an_edit_onto_a_new_branch_declares_it() {
        let mut inc = incident();
        let key = EventKey::of(&inc.timeline[1]);
        let mut e = inc.timeline[1].clone();
        e.branch = Some("net".into());
        apply_all(
            &[Change::EditEvent {
                target: key,
                event: e,
            }],
            &mut inc,
        )
        .unwrap();
        assert_eq!(inc.branch("net").unwrap().hypothesis, "looking");
    }

    #[test]
    fn branch_with_events_is_not_removed() {
        let mut inc = incident();
        inc.branches.push(Branch {
            id: "db".into(),
            hypothesis: "h".into(),
            outcome: Outcome::Open,
            inferred: None,
        });
        inc.timeline[1].branch = Some("db".into());
        assert!(Change::RemoveBranch("db".into()).apply(&mut inc).is_err());
    }
}
