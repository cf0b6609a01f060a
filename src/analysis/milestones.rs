//! The six milestones of an incident, each stated (a field) or taken from an event kind,
//! never guessed: a milestone that is neither is `None`.

use serde::Serialize;

use std::collections::HashSet;

use crate::model::{
    Event, EventKind, Incident, Inference, MilestoneKind, Outcome, RuleId, Timestamp,
};

/// Where a milestone's time came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "from", rename_all = "kebab-case")]
pub enum MilestoneSource {
    /// Stated in the file (a YAML field, or a sentence the importer names in `rule`).
    Declared { rule: Option<String> },
    /// The first event of the milestone's kind (index into the timeline).
    Event { index: usize },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Milestone {
    pub kind: MilestoneKind,
    pub at: Timestamp,
    pub source: MilestoneSource,
}

/// All six, in order; `None` where the incident does not say.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Milestones {
    pub started: Option<Milestone>,
    pub detected: Option<Milestone>,
    pub acknowledged: Option<Milestone>,
    pub identified: Option<Milestone>,
    pub mitigated: Option<Milestone>,
    pub resolved: Option<Milestone>,
}

impl Milestones {
    pub fn get(&self, kind: MilestoneKind) -> Option<&Milestone> {
        match kind {
            MilestoneKind::Started => self.started.as_ref(),
            MilestoneKind::Detected => self.detected.as_ref(),
            MilestoneKind::Acknowledged => self.acknowledged.as_ref(),
            MilestoneKind::Identified => self.identified.as_ref(),
            MilestoneKind::Mitigated => self.mitigated.as_ref(),
            MilestoneKind::Resolved => self.resolved.as_ref(),
        }
    }

    pub fn at(&self, kind: MilestoneKind) -> Option<Timestamp> {
        self.get(kind).map(|m| m.at)
    }

    fn slot(&mut self, kind: MilestoneKind) -> &mut Option<Milestone> {
        match kind {
            MilestoneKind::Started => &mut self.started,
            MilestoneKind::Detected => &mut self.detected,
            MilestoneKind::Acknowledged => &mut self.acknowledged,
            MilestoneKind::Identified => &mut self.identified,
            MilestoneKind::Mitigated => &mut self.mitigated,
            MilestoneKind::Resolved => &mut self.resolved,
        }
    }

    /// The milestones that are known, in order.
    pub fn known(&self) -> impl Iterator<Item = &Milestone> {
        MilestoneKind::ALL.into_iter().filter_map(|k| self.get(k))
    }

    /// Which events mark which milestones as a timeline shows them (the TUI's rule, for
    /// exports): an event that set a milestone marks it; a declared milestone at the time of an
    /// event of its kind is that event's; one the importer inferred (it carries a rule) is the
    /// key moment's at its time, else that of the first event at its time that marks no other
    /// milestone. Second: the milestones no event marks, with their times. One event may mark
    /// several milestones; both lists are in milestone order.
    pub fn on_timeline(&self, incident: &Incident) -> MilestonesOnTimeline {
        let tl = &incident.timeline;
        let mut out = MilestonesOnTimeline::default();
        // The events that set a milestone: each marks its own.
        let set_by: Vec<usize> = self
            .known()
            .filter_map(|m| match m.source {
                MilestoneSource::Event { index } => Some(index),
                MilestoneSource::Declared { .. } => None,
            })
            .collect();
        for m in self.known() {
            let index = match m.source {
                MilestoneSource::Event { index } => Some(index),
                MilestoneSource::Declared { ref rule } => tl
                    .iter()
                    .position(|e| e.at == m.at && e.kind == m.kind.event_kind())
                    .or_else(|| {
                        rule.as_ref()?;
                        tl.iter().position(|e| e.at == m.at && e.key)
                    })
                    .or_else(|| {
                        // Stated outside the timeline (a `Detected:` field) at the time of an
                        // entry that marks nothing else: that entry's moment.
                        rule.as_ref()?;
                        (0..tl.len()).find(|&i| {
                            tl[i].at == m.at
                                && !set_by.contains(&i)
                                && !out.marked.iter().any(|(j, _)| *j == i)
                        })
                    }),
            };
            match index {
                Some(i) => out.marked.push((i, m.kind)),
                None => out.unmarked.push((m.at, m.kind)),
            }
        }
        out
    }

    /// The milestone an event marks, if it is the one that set it.
    pub fn marked_by(&self, index: usize) -> Option<MilestoneKind> {
        self.known()
            .find(|m| m.source == MilestoneSource::Event { index })
            .map(|m| m.kind)
    }
}

/// See [`Milestones::on_timeline`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MilestonesOnTimeline {
    /// (event index, milestone) for each milestone an event marks.
    pub marked: Vec<(usize, MilestoneKind)>,
    /// (time, milestone) for each milestone no event marks.
    pub unmarked: Vec<(Timestamp, MilestoneKind)>,
}

impl MilestonesOnTimeline {
    /// The milestones event `index` marks.
    pub fn of(&self, index: usize) -> impl Iterator<Item = MilestoneKind> + '_ {
        self.marked
            .iter()
            .filter(move |(i, _)| *i == index)
            .map(|(_, k)| *k)
    }
}

/// Declared milestones win; otherwise the first event of the milestone's kind (for identified,
/// mitigated and resolved, not one more than [`PROGRESS_BEFORE_DETECTION`] before detection).
pub fn milestones(incident: &Incident) -> Milestones {
    let mut out = Milestones::default();
    for kind in MilestoneKind::ALL {
        let m = if let Some(at) = incident.milestones.get(kind) {
            Some(Milestone {
                kind,
                at,
                source: MilestoneSource::Declared {
                    rule: incident
                        .milestones
                        .why(kind)
                        .map(|i| i.rule.name().to_string()),
                },
            })
        } else {
            let want = kind.event_kind();
            // Progress long before the detection is history, not this incident's response
            // (see [`PROGRESS_BEFORE_DETECTION`]).
            let noticed = out.detected.as_ref().map(|d| d.at);
            incident
                .timeline
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == want)
                .filter(|(_, e)| in_this_incident(kind, e.at, noticed))
                .min_by_key(|(i, e)| (e.at, *i))
                .map(|(index, e)| Milestone {
                    kind,
                    at: e.at,
                    source: MilestoneSource::Event { index },
                })
        };
        *out.slot(kind) = m;
    }
    out
}

/// What one event's words say about milestones, from the importer's classify pass (the lexicon),
/// so inference here reads no text.
#[derive(Clone, Debug, Default)]
pub struct MilestoneEvidence {
    /// The event has a time of its own (an entry without one never marks a milestone).
    pub own_time: bool,
    /// Wording that says impact began ("users began experiencing errors").
    pub started: Option<Inference>,
    /// Per milestone (indexed by `MilestoneKind as usize`), the strongest wording of that
    /// milestone's event kind in the text, even when the event's kind is another.
    pub signals: [Option<Inference>; 6],
    /// Wording that someone looked into it ("noticed ... and investigated the issue"), even
    /// when the event's kind is another.
    pub looked_into: Option<Inference>,
    /// The entry tells of a symptom ("the listener fails", "the site is down"), not only of a
    /// change or a bug introduced: a first sign however long before the detection.
    pub symptom: bool,
    /// The entry tells of a problem of any kind ("an issue with the API", "a crash in a
    /// subsystem"), a symptom or not: a failure the story tells before a later one.
    pub problem: bool,
    /// The words that gave the entry its kind are someone seeing or telling of the problem
    /// ("detected by", "first noticed", "reports the", "identifies that"), not the problem
    /// itself met by those it hits ("users encountered 504 errors") or measured ("alert: error
    /// rate above 5%").
    pub kind_told_as_seen: bool,
    /// The entry's words tell of a person noticing the problem ("emails about the outage,
    /// which we notice", "becomes aware of"): a detection told so, though its own words are
    /// an alert's, was picked up by who noticed it.
    pub noticed: bool,
    /// The entry tells of another time than its own ("last month this alert cleared by
    /// itself"): a remark on the past, never a step of this incident's response.
    pub another_time: bool,
    /// The entry acts on a cause it names: a revert, a rollback, a fix or a patch ("reverts the
    /// registration change", "opens a PR with a fix"), not a generic step (a restart).
    /// The words of that fix ("reverts"), if any.
    pub aims_at_cause: Option<String>,
}

/// A stated instant for a milestone from outside the timeline (the outage's stated span, a
/// stated duration), with its reason.
pub type StatedInstant = Option<(Timestamp, Inference)>;

/// Infer the milestones the incident does not declare, from its classified events, and write
/// them into `incident.milestones` with their reasons (`incident.milestones.inferred`); events
/// that mark one become key moments.
///
/// Sources, in order: `started` — the stated span's start, else the first impact-start event,
/// else the first wording of impact (none after it was taken on, its cause found or a fix
/// made); `detected`
/// — a stated detection time (a `Detected:` field), else as the others; `resolved` — the last
/// resolution event, else the stated span's end unless it ends before the detection (then it
/// is the window of a change, not the outage's); the others — the first event of the milestone's kind (for identified, one whose
/// words name the cause beats an earlier clue), else the first event whose words match the
/// kind. Events on a ruled-out branch may mark detected or acknowledged, never progress.
/// `evidence` is parallel to `incident.timeline`.
pub fn infer(
    incident: &mut Incident,
    evidence: &[MilestoneEvidence],
    start: StatedInstant,
    detected: StatedInstant,
    end: StatedInstant,
) {
    let own_time = |i: usize| evidence.get(i).is_none_or(|s| s.own_time);
    let detours = ruled_out_branches(incident);
    let on_detour = |e: &Event| e.branch.as_deref().is_some_and(|b| detours.contains(b));
    let signal = |i: usize, m: MilestoneKind| -> Option<&Inference> {
        evidence.get(i).and_then(|s| {
            if m == MilestoneKind::Started {
                s.started.as_ref()
            } else {
                s.signals[m as usize].as_ref()
            }
        })
    };
    let symptom = |i: usize| evidence.get(i).is_some_and(|s| s.symptom);
    let mut set: Vec<(MilestoneKind, Timestamp, Inference, Option<usize>)> = Vec::new();
    for m in MilestoneKind::ALL {
        if incident.milestones.get(m).is_some() {
            continue;
        }
        let kind = m.event_kind();
        let timeline = &incident.timeline;
        // The cause is found and the fix made after the problem was noticed: an entry of
        // progress long before the detection tells of the history (a latent change weeks
        // earlier, "switched to the new base image"), not of this incident's response.
        let noticed = incident
            .milestones
            .get(MilestoneKind::Detected)
            .or_else(|| {
                set.iter()
                    .find(|(k, ..)| *k == MilestoneKind::Detected)
                    .map(|(_, t, ..)| *t)
            });
        let in_story = |i: usize| in_this_incident(m, timeline[i].at, noticed);
        // For "identified", an event that names the cause beats an earlier clue
        // ("logs revealed many open connections" before "root cause identified").
        let strong_identified = |i: usize| {
            m != MilestoneKind::Identified
                || timeline[i]
                    .inferred
                    .as_ref()
                    .is_some_and(|w| w.rule == RuleId::KindIdentified)
        };
        let first_of = |strict: bool| {
            let of_kind = |i: usize, e: &crate::model::Event| {
                e.kind == kind && own_time(i) && in_story(i) && (!strict || strong_identified(i))
            };
            let first = timeline
                .iter()
                .enumerate()
                .position(|(i, e)| of_kind(i, e))?;
            if m != MilestoneKind::Detected || symptom(first) {
                return Some(first);
            }
            // A detection told without any problem ("reports that the upgrade passes a local
            // test") days before one that tells of the fault is lead-up, not the detection.
            let later = timeline
                .iter()
                .enumerate()
                .skip(first + 1)
                .position(|(i, e)| {
                    of_kind(i, e)
                        && symptom(i)
                        && e.at - timeline[first].at > PROGRESS_BEFORE_DETECTION
                });
            Some(later.map_or(first, |k| first + 1 + k))
        };
        // The words that gave the event its own kind don't count twice ("first identified
        // through monitoring" is a detection, not the cause found).
        let fresh = |i: usize, w: &Inference| {
            timeline[i]
                .inferred
                .as_ref()
                .is_none_or(|o| !o.matched.contains(w.matched.as_str()))
        };
        // An event of another kind that names the cause ("identified a bad deploy; rolled it
        // back" is a mitigation) still beats a mere clue.
        let strong_signal = || {
            if m != MilestoneKind::Identified {
                return None;
            }
            timeline.iter().enumerate().find_map(|(i, e)| {
                let w = signal(i, m)?;
                (w.rule == RuleId::KindIdentified
                    && fresh(i, w)
                    && own_time(i)
                    && in_story(i)
                    && !on_detour(e))
                .then(|| (i, w.clone()))
            })
        };
        let of_event = |i: usize| {
            let why = timeline[i]
                .inferred
                .as_ref()
                .cloned()
                .unwrap_or_else(|| Inference::new(RuleId::MilestoneFirstOfKind, kind.as_str()));
            (i, why)
        };
        let by_kind = first_of(true)
            .map(of_event)
            .or_else(strong_signal)
            .or_else(|| first_of(false).map(of_event));
        let by_signal = || {
            // A dropped theory neither finds the cause nor fixes anything; it may still be
            // where someone noticed or picked the incident up.
            let progress = !matches!(m, MilestoneKind::Detected | MilestoneKind::Acknowledged);
            timeline.iter().enumerate().find_map(|(i, e)| {
                if (progress && on_detour(e)) || !own_time(i) || !in_story(i) {
                    return None;
                }
                signal(i, m).filter(|w| fresh(i, w)).map(|w| (i, w.clone()))
            })
        };
        let at = |(i, w): (usize, Inference)| (timeline[i].at, w, Some(i));
        let found = match m {
            MilestoneKind::Started => match &start {
                Some((t, why)) => Some((*t, why.clone(), None)),
                None => by_kind.or_else(by_signal).map(at),
            },
            // The incident is over when it was last said to be: "back to normal" at 12:30, then
            // "incident declared resolved" at 12:45 is resolved at 12:45.
            // A ticket closed after the service was said to be back ("Sev 1 ticket marked as
            // resolved" an hour after "service restored") is paperwork: the end is the last
            // resolution before it.
            MilestoneKind::Resolved => {
                let ends = |i: usize, e: &Event| {
                    e.kind == kind && own_time(i) && in_story(i) && !on_detour(e)
                };
                let last = timeline.iter().enumerate().rposition(|(i, e)| ends(i, e));
                last.map(|l| {
                    timeline[..l]
                        .iter()
                        .enumerate()
                        .rposition(|(i, e)| ends(i, e))
                        .filter(|_| closes_a_ticket(&timeline[l].text))
                        .unwrap_or(l)
                })
            }
            .map(of_event)
            .map(at)
            .map(|worded| {
                // The report's own window ("from about 2:30pm until 4:55pm") ends later than
                // the last entry worded as the end ("processing back to normal" at 3:15), and
                // an entry of its own tells of a recovery or the end at that moment ("4:55pm -
                // everything caught back up"; not "maintenance window closes"): the earlier
                // words told of a step, the window of the end.
                match end.as_ref() {
                    Some((t, why))
                        if *t > worded.0
                            && timeline.iter().enumerate().any(|(i, e)| {
                                e.at == *t
                                    && own_time(i)
                                    && !on_detour(e)
                                    && matches!(e.kind, EventKind::Recovery | EventKind::Resolution)
                            }) =>
                    {
                        (*t, why.clone(), None)
                    }
                    _ => worded,
                }
            })
            // A stated span that ends before anyone noticed ("Time: 04:23-04:28" over a
            // report at 19:30) is the window of a change, not the outage's end.
            .or_else(|| {
                end.as_ref()
                    .filter(|(t, _)| noticed.is_none_or(|d| *t >= d))
                    .map(|(t, why)| (*t, why.clone(), None))
            }),
            // Noticed when first said: "a customer reached out to tell us they had removed the
            // SDK" (a mitigation by its words) before the first entry of detection's own kind.
            // Not from a change made to the system ("new alert thresholds deployed").
            MilestoneKind::Detected if detected.is_some() => {
                detected.as_ref().map(|(t, why)| (*t, why.clone(), None))
            }
            MilestoneKind::Detected => {
                let earlier_signal = by_signal().filter(|(i, _)| {
                    by_kind
                        .as_ref()
                        .is_none_or(|(k, _)| timeline[*i].at < timeline[*k].at)
                        && !matches!(timeline[*i].kind, EventKind::Trigger | EventKind::Action)
                });
                // Nothing says it was noticed: the first finding on the timeline (a clue:
                // something "discovered", "revealed"; not the cause named) is where, when
                // nothing was found or fixed before it.
                let first_finding = || {
                    let first = timeline.iter().enumerate().position(|(i, e)| {
                        matches!(e.kind, EventKind::Identified | EventKind::Mitigation)
                            && own_time(i)
                            && !on_detour(e)
                    })?;
                    timeline
                        .iter()
                        .enumerate()
                        .skip(first)
                        .take(1)
                        .find_map(|(i, e)| {
                            let found = e.kind == EventKind::Identified
                                && e.inferred
                                    .as_ref()
                                    .is_some_and(|w| w.rule == RuleId::KindIdentifiedWeak);
                            found.then(|| {
                                let words = e.inferred.as_ref().map(|w| w.matched.clone());
                                let why = Inference::new(
                                    RuleId::MilestoneDetectedAtFirstFinding,
                                    words.unwrap_or_default(),
                                );
                                (i, why)
                            })
                        })
                };
                earlier_signal.or(by_kind).or_else(first_finding).map(at)
            }
            // Picked up when first said: "engineers acknowledge the alert" (a detection by its
            // words) before "incident declared"; not "on-call engineer notified" (told, not yet
            // taken on).
            MilestoneKind::Acknowledged => {
                let earlier_signal = by_signal().filter(|(i, w)| {
                    w.rule == RuleId::KindAcknowledge
                        && by_kind
                            .as_ref()
                            .is_some_and(|(k, _)| timeline[*i].at < timeline[*k].at)
                });
                // Told before taken on: "the team was notified of the leaked token" (weak),
                // then "acknowledged receipt of the report" (strong) within two hours and
                // before any relief is picked up at the latter.
                let taken_on_later = by_kind
                    .as_ref()
                    .filter(|(_, w)| w.rule == RuleId::KindAcknowledgeWeak)
                    .and_then(|(k, _)| {
                        // Soon after, and before anything was fixed or over: a later
                        // "acknowledged" is someone else's ("the partner acknowledged our
                        // request").
                        let told = timeline[*k].at;
                        let relief = timeline
                            .iter()
                            .filter(|e| {
                                matches!(
                                    e.kind,
                                    EventKind::Mitigation
                                        | EventKind::Recovery
                                        | EventKind::Resolution
                                ) && e.at >= told
                            })
                            .map(|e| e.at)
                            .min();
                        timeline.iter().enumerate().skip(k + 1).find(|(i, e)| {
                            e.kind == kind
                                && own_time(*i)
                                && in_story(*i)
                                && !on_detour(e)
                                && e.at - told <= chrono::Duration::hours(2)
                                && relief.is_none_or(|r| e.at < r)
                                && e.inferred
                                    .as_ref()
                                    .is_some_and(|w| w.rule == RuleId::KindAcknowledge)
                        })
                    })
                    .map(|(i, _)| of_event(i));
                earlier_signal
                    .or(taken_on_later)
                    .or(by_kind)
                    .or_else(by_signal)
                    .map(at)
            }
            _ => by_kind.or_else(by_signal).map(at),
        };
        if let Some((t, why, i)) = found {
            set.push((m, t, why, i));
        }
    }
    // Noticed no later than it was picked up: an acknowledgement told in words ("engineers
    // respond to the alarms", "X notified us of the leaked token") before any detection told,
    // or with none told, is where it was first noticed. A stated detection is kept.
    if incident.milestones.get(MilestoneKind::Detected).is_none()
        && detected.is_none()
        && let Some((a, why, i)) = set
            .iter()
            .find(|(m, ..)| *m == MilestoneKind::Acknowledged)
            .map(|(_, t, why, i)| (*t, why.matched.clone(), *i))
            .map(|(a, why, i)| {
                // Told before it was taken on ("notified of the leaked token", then
                // "acknowledged receipt"): noticed when told.
                incident
                    .timeline
                    .iter()
                    .enumerate()
                    .find(|(j, e)| {
                        e.kind == EventKind::Acknowledge
                            && e.at < a
                            && own_time(*j)
                            && !on_detour(e)
                    })
                    .map_or((a, why.clone(), i), |(j, e)| {
                        (
                            e.at,
                            Some(kind_words(e))
                                .filter(|w| !w.is_empty())
                                .map_or(why, Into::into),
                            Some(j),
                        )
                    })
            })
        && set
            .iter()
            .all(|(m, t, ..)| *m != MilestoneKind::Detected || *t > a)
    {
        set.retain(|(m, ..)| *m != MilestoneKind::Detected);
        // An entry before it where a person noticed the problem ("Kim notices the queue
        // growing", then "incident declared") is where it was noticed.
        let noticed_before = incident.timeline.iter().enumerate().find(|(j, e)| {
            e.at < a
                && own_time(*j)
                && !on_detour(e)
                && evidence
                    .get(*j)
                    .is_some_and(|s| s.noticed && !s.another_time)
        });
        let found = match noticed_before {
            Some((j, e)) => (
                e.at,
                Inference::new(
                    RuleId::MilestoneDetectedAtNoticing,
                    Some(kind_words(e))
                        .filter(|w| !w.is_empty())
                        .unwrap_or_else(|| "noticed".to_string()),
                ),
                Some(j),
            ),
            None => (
                a,
                Inference::new(RuleId::MilestoneDetectedByAcknowledgement, why),
                i,
            ),
        };
        set.push((MilestoneKind::Detected, found.0, found.1, found.2));
    }
    let known = |m: MilestoneKind, set: &[(MilestoneKind, Timestamp, Inference, Option<usize>)]| {
        incident
            .milestones
            .get(m)
            .or_else(|| set.iter().find(|(k, ..)| *k == m).map(|(_, t, ..)| *t))
    };
    // Someone takes it on, the cause is found and the fix made after impact began: a start
    // worded on an event after any of them tells of a side effect or of the recovery ("the
    // backlog begins to drop", "the pods are in a crash loop"), not the start. (After detection
    // alone it may be: a precursor noticed, then the outage.)
    let progress = [
        MilestoneKind::Acknowledged,
        MilestoneKind::Identified,
        MilestoneKind::Mitigated,
    ]
    .into_iter()
    .filter_map(|m| known(m, &set))
    .min();
    if let Some(p) = progress {
        set.retain(|(m, t, _, i)| !(*m == MilestoneKind::Started && i.is_some() && *t > p));
    }
    // Nothing is mitigated before impact began: a fix at or before the start (the release that
    // caused the outage, "hotfix 6 released <START OF OUTAGE>") belongs to the trigger's story;
    // the first mitigation after the start is the mitigation, else the fallbacks below.
    if let Some(s) = known(MilestoneKind::Started, &set)
        && set
            .iter()
            .any(|(m, t, _, i)| *m == MilestoneKind::Mitigated && i.is_some() && *t <= s)
    {
        set.retain(|(m, ..)| *m != MilestoneKind::Mitigated);
        if let Some((i, e)) = incident.timeline.iter().enumerate().find(|(i, e)| {
            e.kind == EventKind::Mitigation && e.at > s && own_time(*i) && !on_detour(e)
        }) {
            let why = Inference::new(RuleId::MilestoneMitigatedAfterStart, kind_words(e));
            set.push((MilestoneKind::Mitigated, e.at, why, Some(i)));
        }
    }
    // Impact ends when the systems begin coming back: without a mitigation told before it, the
    // first recovery after detection ("the site begins to recover"; not a node "drained" before
    // anyone noticed) is the mitigation.
    // At the same minute, a recovery told before the entry that marks the detection or the start
    // ("host reachable again" above "docs site ❌ down") came before it.
    let (noticed_or_began, marked_by) = [MilestoneKind::Detected, MilestoneKind::Started]
        .into_iter()
        .find_map(|m| {
            let entry = set.iter().find(|(k, ..)| *k == m).and_then(|(.., i)| *i);
            known(m, &set).map(|t| (Some(t), entry))
        })
        .unwrap_or((None, None));
    if incident.milestones.get(MilestoneKind::Mitigated).is_none()
        && let Some((i, e)) = incident.timeline.iter().enumerate().find(|(i, e)| {
            e.kind == EventKind::Recovery
                && noticed_or_began
                    .is_none_or(|d| e.at > d || (e.at == d && marked_by.is_none_or(|j| *i > j)))
                && own_time(*i)
                && !on_detour(e)
        })
        && !set
            .iter()
            .any(|(m, t, ..)| *m == MilestoneKind::Mitigated && *t <= e.at)
    {
        set.retain(|(m, ..)| *m != MilestoneKind::Mitigated);
        let why = Inference::new(RuleId::MilestoneMitigatedAtRecovery, kind_words(e));
        set.push((MilestoneKind::Mitigated, e.at, why, Some(i)));
    }
    // Impact ends no later than the incident: a resolution told without an earlier mitigation
    // mitigated it too ("service is restored by switching to the backup" at 09:58 before a
    // setting "turned off" at 15:29).
    // The first time it was said to be over, once noticed ("everything running normally" before
    // the deploy that broke it is no end of impact).
    let noticed = known(MilestoneKind::Detected, &set);
    let first = incident.timeline.iter().enumerate().find(|(i, e)| {
        e.kind == EventKind::Resolution
            && noticed.is_none_or(|d| e.at >= d)
            && own_time(*i)
            && !on_detour(e)
    });
    if let Some((_, e)) = first
        && incident.milestones.get(MilestoneKind::Mitigated).is_none()
    {
        set.retain(|(m, t, ..)| !(*m == MilestoneKind::Mitigated && *t > e.at));
    }
    if incident.milestones.get(MilestoneKind::Mitigated).is_none()
        && !set.iter().any(|(m, ..)| *m == MilestoneKind::Mitigated)
        && set.iter().any(|(m, ..)| *m == MilestoneKind::Resolved)
    {
        let found = match first {
            Some((i, e)) => Some((e.at, e.inferred.as_ref().cloned(), Some(i))),
            None => set
                .iter()
                .find(|(m, ..)| *m == MilestoneKind::Resolved)
                .map(|(_, t, why, i)| (*t, Some(why.clone()), *i)),
        };
        if let Some((t, why, i)) = found {
            let matched = why.map(|w| w.matched).unwrap_or_default();
            let why = Inference::new(RuleId::MilestoneMitigatedAtResolution, matched);
            set.push((MilestoneKind::Mitigated, t, why, i));
        }
    }
    // Picked up when someone first responded: without an acknowledgement told, the first event
    // after detection where someone looks into it or acts — the detection itself when its
    // words say so ("noticed the errors and investigated"), a step tried, a theory followed.
    // Not a finding ("root cause is identified", "determines the problem is malformed data"):
    // across the labelled sets such an entry was never where the incident was picked up.
    let detected = known(MilestoneKind::Detected, &set);
    let looked_into = |i: usize| evidence.get(i).and_then(|s| s.looked_into.as_ref());
    // Picked up by whoever noticed it: a detection that is a person noticing ("Joel checks and
    // notices the site no longer loads", "emails about the outage, which we notice"), not an
    // alert or a report passed on, was taken on there.
    let noticed_by_a_responder = set
        .iter()
        .find_map(|(m, t, why, i)| {
            (*m == MilestoneKind::Detected
                && i.is_some()
                && (noticing(why.matched.as_str())
                    || (i.and_then(|i| evidence.get(i)).is_some_and(|s| s.noticed)
                        && !why.matched.contains("alert")
                        && !why.matched.contains("report"))))
            .then(|| (*t, why.matched.to_string(), i.unwrap_or_default()))
        })
        // Or by a person who noticed the alert right after it ("the alarm fires" · "Edward notices
        // the alarm and writes in the channel"): the next entries at the detection's time, not a
        // customer or a user noticing it.
        .or_else(|| {
            let d = detected?;
            incident
                .timeline
                .iter()
                .enumerate()
                .filter(|(i, e)| e.at == d && own_time(*i))
                .find_map(|(i, e)| {
                    let why = e.inferred.as_ref()?;
                    let lower = e.text.to_lowercase();
                    // Someone who noticed the alert itself ("notices the alarm"), not whoever
                    // noticed the problem some other way ("Finance notices the file is missing").
                    (e.kind == EventKind::Detection
                        && noticing(why.matched.as_str())
                        && ["alert", "alarm", "page", "pager"]
                            .iter()
                            .any(|w| lower.contains(w))
                        && !["customer", "user", "client"]
                            .iter()
                            .any(|w| lower.contains(w)))
                    .then(|| (e.at, why.matched.to_string(), i))
                })
        });
    if incident
        .milestones
        .get(MilestoneKind::Acknowledged)
        .is_none()
        && !set.iter().any(|(m, ..)| *m == MilestoneKind::Acknowledged)
        && let Some(d) = detected
        && let Some((i, e)) = incident.timeline.iter().enumerate().find(|(i, e)| {
            e.at >= d
                && own_time(*i)
                && (looked_into(*i).is_some()
                    || matches!(
                        e.kind,
                        EventKind::Investigation
                            | EventKind::Action
                            | EventKind::Hypothesis
                            | EventKind::Escalation
                            | EventKind::Mitigation
                            | EventKind::Communication
                    ))
        })
    {
        let matched = match (e.kind, looked_into(i)) {
            (EventKind::Detection | EventKind::Note, Some(w)) => w.matched.as_str().to_string(),
            _ => kind_words(e),
        };
        let why = Inference::new(RuleId::MilestoneFirstResponse, matched);
        set.push((MilestoneKind::Acknowledged, e.at, why, Some(i)));
    }
    // The cause was known when a fix aimed at it was made: without an identification told,
    // the first revert, rollback, fix or patch after detection (not on a ruled-out branch)
    // marks it ("reverts the registration change", "opens a PR with a fix").
    if incident.milestones.get(MilestoneKind::Identified).is_none()
        && !set.iter().any(|(m, ..)| *m == MilestoneKind::Identified)
        && let Some(d) = detected
        && let Some((i, e)) = incident.timeline.iter().enumerate().find(|(i, e)| {
            e.at >= d
                && own_time(*i)
                && !on_detour(e)
                && evidence.get(*i).is_some_and(|s| s.aims_at_cause.is_some())
        })
    {
        let matched = evidence[i].aims_at_cause.clone().unwrap_or_default();
        let why = Inference::new(RuleId::MilestoneIdentifiedAtFirstFix, matched);
        set.push((MilestoneKind::Identified, e.at, why, Some(i)));
    }
    // ... and before any later response, when no acknowledgement is told.
    if let Some((t, words, i)) = noticed_by_a_responder
        && incident
            .milestones
            .get(MilestoneKind::Acknowledged)
            .is_none()
        && set.iter().all(|(m, at, why, _)| {
            *m != MilestoneKind::Acknowledged
                || (why.rule == RuleId::MilestoneFirstResponse && *at > t)
        })
    {
        set.retain(|(m, ..)| *m != MilestoneKind::Acknowledged);
        let why = Inference::new(RuleId::MilestoneAcknowledgedByWhoNoticed, words);
        set.push((MilestoneKind::Acknowledged, t, why, Some(i)));
    }
    for (m, t, why, i) in set {
        incident.milestones.set(m, Some(t));
        incident.milestones.inferred.push((m, why));
        if let Some(i) = i {
            incident.timeline[i].key = true;
        }
    }
}

/// Whether an entry's `text` tells of a ticket being closed ("Sev 1 ticket marked as
/// resolved", "Jira ticket closed"): the paperwork of the end, not the end itself.
fn closes_a_ticket(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let Some(t) = words
        .iter()
        .position(|w| matches!(*w, "ticket" | "tickets"))
    else {
        return false;
    };
    // The ticket is what is closed ("ticket marked as resolved", "ticket closed"), and nothing
    // before it says the service came back ("service restored; incident resolved and ticket
    // updated" is the end itself).
    let ticket_closed = words[t + 1..]
        .iter()
        .take(4)
        .any(|w| matches!(*w, "closed" | "resolved" | "marked" | "closes" | "resolves"));
    let end_before = words[..t].iter().any(|w| {
        matches!(
            *w,
            "restored" | "resolved" | "fixed" | "recovered" | "back" | "mitigated"
        )
    });
    ticket_closed && !end_before
}

/// How long before the detection an entry of progress (the cause found, a fix, the end) may
/// still be this incident's, and the longest quiet gap in the run of entries leading to the
/// detection: longer before, an entry tells of the history that led to the incident.
pub const PROGRESS_BEFORE_DETECTION: chrono::Duration = chrono::Duration::hours(24);

/// Whether an entry at `at` can mark milestone `kind` given the detection `noticed`: progress
/// (identified, mitigated, resolved) more than [`PROGRESS_BEFORE_DETECTION`] before it is the
/// history, not this incident's; other milestones, or no detection, always can.
pub fn in_this_incident(kind: MilestoneKind, at: Timestamp, noticed: Option<Timestamp>) -> bool {
    !matches!(
        kind,
        MilestoneKind::Identified | MilestoneKind::Mitigated | MilestoneKind::Resolved
    ) || noticed.is_none_or(|n| at >= n - PROGRESS_BEFORE_DETECTION)
}

/// The words of a person noticing the problem (see [`noticing`]).
const NOTICING: &[&str] = &[
    "notice",
    "noticed",
    "notices",
    "noticing",
    "spotted",
    "spots",
    "discovered",
    "discovers",
    "realised",
    "realized",
    "realises",
    "realizes",
    "aware",
];

/// The start of every word of [`NOTICING`]: none in a text, none of its words is one. Also
/// the first half of the importer's words of someone seeing or telling of a problem
/// (`ingest::reports`).
pub const NOTICING_STEMS: &[&str] = &["notic", "spot", "discover", "reali", "aware"];

/// Whether a detection's words are a person noticing it ("notices", "spotted", "we
/// discovered", "becomes aware"; not "nobody noticed"), not an alert, a page or a report
/// passed on. `words` is lower case.
pub fn noticing(words: &str) -> bool {
    // Not denied by the two words before ("nobody noticed", "didn't notice") nor by the one
    // after ("noticed no errors").
    const DENIED: &[&str] = &["no", "not", "never", "nobody", "t", "without"];
    if !NOTICING_STEMS.iter().any(|s| words.contains(s)) {
        return false;
    }
    // A hyphen joins a word to the one before: "cache-aware" is no one becoming aware.
    let split: Vec<&str> = words
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty())
        .collect();
    (0..split.len()).any(|i| {
        NOTICING.contains(&split[i])
            && !split[i.saturating_sub(2)..i]
                .iter()
                .any(|d| DENIED.contains(d))
            && !split
                .get(i + 1)
                .is_some_and(|w| matches!(*w, "no" | "nothing" | "none"))
    }) && !words.contains("alert")
        && !words.contains("report")
}

/// The ids of the branches that were ruled out (the incident's detours).
fn ruled_out_branches(incident: &Incident) -> HashSet<&str> {
    incident
        .branches
        .iter()
        .filter(|b| b.outcome == Outcome::RuledOut)
        .map(|b| b.id.as_str())
        .collect()
}

/// How long before the detection a change that opens the timeline (a deploy, an update) may
/// be where impact began (rule `milestone:started-at-opening-change`): noticed later, the
/// change is the history (a latent bug found the next day), not the start.
pub const CHANGE_BEFORE_DETECTION: chrono::Duration = chrono::Duration::hours(2);

/// Without a start of impact told (stated, worded, or given by a stated duration), impact began
/// no later than its first sign: the first event with its own time, at or before detection and
/// in the run of entries leading to it (no gap of more than [`PROGRESS_BEFORE_DETECTION`]) unless
/// it tells of a symptom (a failure noticed days later),
/// not on a ruled-out branch, that is not a change made to the system (a deploy before the
/// symptoms is the trigger, not the start) nor a word that all is well ("all services
/// operating normally"), and not before the change that set it off when one is told (the
/// decision to ship it is lead-up), unless it tells of a symptom. A lower bound on TTD,
/// explained by rule
/// `milestone:first-sign`; the event becomes a key moment. When no other sign comes before the
/// detection, a change that opens the timeline, with the detection within
/// [`CHANGE_BEFORE_DETECTION`] of it, is where impact began (rule
/// `milestone:started-at-opening-change`; "13:05 deployed 7.2", "13:30 users report errors");
/// a sign between them is the start ("08:40 config rolled out", "08:55 reports arrive late",
/// "09:20 alarm"). Failing both, a timeline that opens with the detection began no later than
/// it when the detection's own words tell of a symptom ("09:00 the site goes down",
/// [`MilestoneEvidence::symptom`]): the first sign is the detection itself. One that tells of
/// none ("Pager alert fires", "a customer writes in"), or tells of someone seeing or telling
/// of the failure ("the outage was detected by the security team", "first noticed that the
/// page gave an error"), says when the problem was seen, not when it began: `started` stays
/// unknown. Run after every other source of `started` (the importer
/// calls it last). `evidence` is parallel to `incident.timeline`.
pub fn infer_first_sign(incident: &mut Incident, evidence: &[MilestoneEvidence]) {
    first_sign(incident, evidence, false);
}

/// [`infer_first_sign`]; with `told` (a start was told, but after the detection), a first sign
/// at the detection's time is the latest impact can have begun, named so (rule
/// `milestone:started-by-detection`).
fn first_sign(incident: &mut Incident, evidence: &[MilestoneEvidence], told: bool) {
    if incident.milestones.get(MilestoneKind::Started).is_some() {
        return;
    }
    let Some(d) = incident.milestones.get(MilestoneKind::Detected) else {
        return;
    };
    let detours = ruled_out_branches(incident);
    let own_time = |i: usize| evidence.get(i).is_none_or(|s| s.own_time);
    // The story leading to the detection: back from it while no day passes without an entry
    // (a change weeks earlier is the history, not the first sign).
    let mut times: Vec<Timestamp> = incident
        .timeline
        .iter()
        .enumerate()
        .filter(|(i, e)| e.at <= d && own_time(*i))
        .map(|(_, e)| e.at)
        .collect();
    times.sort();
    let opening = times.first().copied();
    let mut from = d;
    for t in times.into_iter().rev() {
        if from - t > PROGRESS_BEFORE_DETECTION {
            break;
        }
        from = t;
    }
    let change = |e: &Event| matches!(e.kind, EventKind::Trigger | EventKind::Action);
    // The change that set it off, when one is told before the detection: what comes before
    // it is lead-up ("the team agrees to ship the change today"), not a sign of the failure it
    // caused, unless it tells of a symptom.
    let trigger = incident
        .timeline
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            e.kind == EventKind::Trigger
                && e.at < d
                && own_time(*i)
                && !e.branch.as_deref().is_some_and(|b| detours.contains(b))
        })
        .map(|(_, e)| e.at)
        .max();
    let sign = |i: usize, e: &Event, changes: bool| {
        let symptom = evidence.get(i).is_some_and(|s| s.symptom);
        e.at <= d
            && (e.at >= from || symptom)
            && (changes || symptom || trigger.is_none_or(|t| e.at >= t))
            && own_time(i)
            && !e.branch.as_deref().is_some_and(|b| detours.contains(b))
            && !matches!(e.kind, EventKind::Resolution | EventKind::Recovery)
            && change(e) == changes
    };
    let first = incident
        .timeline
        .iter()
        .enumerate()
        .find(|(i, e)| sign(*i, e, false));
    // A note that tells of no problem ("proxy started, normal since") is lead-up when a symptom
    // is told after it, before the detection: the symptom is the first sign.
    let quiet = |i: usize| evidence.get(i).is_none_or(|s| !s.problem && !s.symptom);
    let first = first.map(|(i, e)| {
        if e.kind != EventKind::Note || !quiet(i) {
            return (i, e);
        }
        incident
            .timeline
            .iter()
            .enumerate()
            .skip(i + 1)
            .find(|(j, later)| {
                sign(*j, later, false)
                    && later.at < d
                    && evidence.get(*j).is_some_and(|s| s.symptom)
            })
            .unwrap_or((i, e))
    });
    if let Some((i, _)) = first.filter(|(_, e)| e.at < d) {
        mark_by_event(
            incident,
            MilestoneKind::Started,
            i,
            RuleId::MilestoneFirstSign,
        );
        return;
    }
    // Nothing but a change before the detection: the change that opens the timeline, shortly
    // before it was noticed.
    let opening_change = incident.timeline.iter().enumerate().find(|(i, e)| {
        sign(*i, e, true)
            && e.at < d
            && Some(e.at) == opening
            && d - e.at <= CHANGE_BEFORE_DETECTION
    });
    if let Some((i, _)) = opening_change {
        mark_by_event(
            incident,
            MilestoneKind::Started,
            i,
            RuleId::MilestoneStartedAtOpeningChange,
        );
        return;
    }
    // Nothing before the detection: impact began no later than the detection itself, when
    // its own words tell of the failure ("09:00 the site goes down"); an alert or a report
    // that tells of no failure says when it was seen, not when it began. Nor does one that
    // tells of someone seeing or telling of the failure ("the outage was detected by the
    // security team", "first noticed that the site gave an error", "the monitor reported 500
    // errors"), or an entry of another kind that marks the detection (an incident declared, a
    // cause found): it was seen then, and may have begun long before. With a start told, the
    // detection is still the latest it can have begun.
    let symptom = |i: usize| evidence.get(i).is_some_and(|s| s.symptom);
    let failing_when_seen = |i: usize| {
        let e = &incident.timeline[i];
        told || (e.kind == EventKind::Detection
            && !evidence.get(i).is_some_and(|s| s.kind_told_as_seen))
    };
    if let Some((i, _)) = first.filter(|(i, _)| symptom(*i) && failing_when_seen(*i)) {
        let rule = if told {
            RuleId::MilestoneStartedByDetection
        } else {
            RuleId::MilestoneFirstSign
        };
        mark_by_event(incident, MilestoneKind::Started, i, rule);
    }
}

/// Without a start and without a detection told (worded, stated, or found by any rule before
/// this one), impact began with the first entry that tells of a failure: the first event with
/// its own time whose words tell of a symptom ([`MilestoneEvidence::symptom`]: "notice that the
/// deployment failed", "block production halts", "the payment page keeps crashing"), not a
/// remark on another time, not on a ruled-out branch, and before the resolution when one is
/// known. Only when every entry before it is lead-up: a note, a change or a fix made to the
/// system that tells of no problem ([`MilestoneEvidence::problem`]); a problem told earlier ("a
/// crash in the scheduler") or anyone already at work ("we are investigating reports") says
/// the failure began before it, and the rule stays silent. Explained by rule
/// `milestone:started-at-first-failure`; the event becomes a key moment. Run after
/// [`infer_first_sign`]. `evidence` is parallel to `incident.timeline`.
pub fn infer_started_at_first_failure(incident: &mut Incident, evidence: &[MilestoneEvidence]) {
    if incident.milestones.get(MilestoneKind::Started).is_some()
        || incident.milestones.get(MilestoneKind::Detected).is_some()
    {
        return;
    }
    let resolved = incident.milestones.get(MilestoneKind::Resolved);
    let detours = ruled_out_branches(incident);
    // Only a story that opens with its lead-up: notes and changes made to the system. A
    // problem told earlier ("an issue with the API", "a crash") or anyone already at work on
    // it (a status page's "we are investigating") says the failure began before this entry.
    let lead_up = |e: &Event| {
        matches!(
            e.kind,
            EventKind::Note | EventKind::Trigger | EventKind::Action | EventKind::Mitigation
        )
    };
    let failure = |i: usize, e: &Event| {
        evidence
            .get(i)
            .is_some_and(|s| s.own_time && s.symptom && !s.another_time)
            && resolved.is_none_or(|r| e.at < r)
            && !e.branch.as_deref().is_some_and(|b| detours.contains(b))
    };
    let mut first = None;
    for (i, e) in incident.timeline.iter().enumerate() {
        if !lead_up(e) {
            break;
        }
        if failure(i, e) {
            first = Some(i);
            break;
        }
        if evidence.get(i).is_some_and(|s| s.problem) {
            break;
        }
    }
    if let Some(i) = first {
        mark_by_event(
            incident,
            MilestoneKind::Started,
            i,
            RuleId::MilestoneStartedAtFirstFailure,
        );
    }
}

/// `started` and its reason when the start was worded on an entry (rule `kind:impact-start` or
/// `signal:impact-start`: "users began seeing errors"), not stated nor found by another rule.
pub fn worded_start(incident: &Incident) -> Option<(Timestamp, &Inference)> {
    let ms = &incident.milestones;
    let started = ms.get(MilestoneKind::Started)?;
    let why = ms.why(MilestoneKind::Started)?;
    matches!(
        why.rule,
        RuleId::KindImpactStart | RuleId::SignalImpactStart
    )
    .then_some((started, why))
}

/// How long before a worded start an entry that tells of a failure may be where impact really
/// began (rule `milestone:started-at-earlier-failure`).
pub const FAILURE_BEFORE_START: chrono::Duration = chrono::Duration::hours(2);

/// Without a detection told (worded, stated, or found by any rule before this one), the problem
/// was noticed at the first entry where a person notices it ([`MilestoneEvidence::noticed`]:
/// "we are aware of the pages being intermittently inaccessible", "notice that the deployment
/// failed") and that tells of a symptom or a problem, with its own time, not a remark on another
/// time, not on a ruled-out branch, not a finding, a change or a step of the fix. Explained by rule `milestone:detected-at-first-noticing`; the event becomes a key moment.
/// Run after [`infer_started_at_first_failure`], which reads a story nobody is said to detect.
/// `evidence` is parallel to `incident.timeline`.
pub fn infer_detected_at_first_noticing(incident: &mut Incident, evidence: &[MilestoneEvidence]) {
    if incident.milestones.get(MilestoneKind::Detected).is_some() {
        return;
    }
    let detours = ruled_out_branches(incident);
    let first = incident.timeline.iter().enumerate().position(|(i, e)| {
        evidence
            .get(i)
            .is_some_and(|s| {
                // Noticing a problem, not a thing ("moved the jobs to spot instances").
                s.own_time && s.noticed && (s.problem || s.symptom) && !s.another_time
            })
            && !e.branch.as_deref().is_some_and(|b| detours.contains(b))
            // A finding or a step of the fix ("discovered that the pods can be force-deleted")
            // notices a way out, not the problem.
            && !matches!(
                e.kind,
                EventKind::Identified
                    | EventKind::Mitigation
                    | EventKind::Recovery
                    | EventKind::Resolution
                    | EventKind::Action
                    | EventKind::Trigger
            )
    });
    if let Some(i) = first {
        mark_by_event(
            incident,
            MilestoneKind::Detected,
            i,
            RuleId::MilestoneDetectedAtFirstNoticing,
        );
    }
}

/// Without a detection told on the timeline, a field that says how the incident was detected
/// in words (`told`: "memories CLI failures and direct curl checks", from `Detected by:`) names
/// the entry where it was: the first with its own time, not on a ruled-out branch, that tells
/// of the problem or of someone noticing it (not a change or a fix) and shares two of the
/// field's telling words (words of three letters or more, not linking words; read by their
/// first four letters, so "failures" is "fails"). A field of one telling word ("Jane",
/// "Monitoring") names no entry. Explained by rule
/// `milestone:detected-as-told` with the words shared; the event becomes a key moment. Run
/// before the rules that read a story nobody is said to detect ([`infer_first_sign`],
/// [`infer_started_at_first_failure`], [`infer_detected_at_first_noticing`]). `evidence` is
/// parallel to `incident.timeline`.
pub fn infer_detected_as_told(incident: &mut Incident, evidence: &[MilestoneEvidence], told: &str) {
    if incident.milestones.get(MilestoneKind::Detected).is_some() {
        return;
    }
    const LINKING: &[&str] = &[
        "the", "and", "for", "with", "from", "our", "was", "were", "are", "that", "this", "via",
        "its", "their", "then", "when", "which", "who", "into", "onto", "also", "both", "after",
        "before", "during", "direct", "directly", "manual", "manually", "first",
    ];
    // Each telling word with its first four letters, lower case.
    let telling = |s: &str| -> Vec<(String, String)> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .filter(|w| !LINKING.contains(&w.to_lowercase().as_str()))
            .map(|w| (w.to_lowercase().chars().take(4).collect(), w.to_string()))
            .collect()
    };
    let mut wanted: Vec<String> = telling(told).into_iter().map(|(s, _)| s).collect();
    wanted.sort();
    wanted.dedup();
    if wanted.is_empty() {
        return;
    }
    // A name or one word ("Jane", "Monitoring", "Automated") could be anything's.
    if wanted.len() < 2 {
        return;
    }
    let detours = ruled_out_branches(incident);
    let found = incident.timeline.iter().enumerate().find_map(|(i, e)| {
        // The entry tells of the problem or of someone seeing it, not of a change, a fix or
        // anything else that shares the words ("new customer support lead starts").
        let tells = evidence
            .get(i)
            .is_some_and(|s| s.own_time && (s.symptom || s.problem || s.noticed));
        if !tells
            || e.branch.as_deref().is_some_and(|b| detours.contains(b))
            || matches!(
                e.kind,
                EventKind::Trigger
                    | EventKind::Action
                    | EventKind::Mitigation
                    | EventKind::Recovery
                    | EventKind::Resolution
            )
        {
            return None;
        }
        // The entry's own words for the stems it shares, each once, in its order.
        let mut shared: Vec<(String, String)> = Vec::new();
        for (stem, word) in telling(&e.text) {
            if wanted.contains(&stem) && !shared.iter().any(|(s, _)| *s == stem) {
                shared.push((stem, word));
            }
        }
        (shared.len() >= 2).then(|| {
            let words: Vec<&str> = shared.iter().map(|(_, w)| w.as_str()).collect();
            (i, words.join(", "))
        })
    });
    if let Some((i, shared)) = found {
        let at = incident.timeline[i].at;
        incident.milestones.set(MilestoneKind::Detected, Some(at));
        incident.milestones.inferred.push((
            MilestoneKind::Detected,
            Inference::new(RuleId::MilestoneDetectedAsTold, shared),
        ));
        incident.timeline[i].key = true;
    }
}

/// A start worded on an entry ("block generation was halted", "participation starts dropping")
/// is not the start when the entries right before it already tell of the failure ("wrong block
/// generated", "nodes start having issues"): impact began with the first entry of that unbroken
/// run, at most [`FAILURE_BEFORE_START`] before the worded one. Each entry of the run has its
/// own time, tells of a symptom or a problem, is not a change made to the system, a theory, a
/// detection or a step of the response, and is not on a ruled-out branch; any other entry
/// between ("version 2.3 reached production", a fix, a page) ends the run, so a failure told
/// before it ("the deploy pipeline failed on a flaky lint step") is another story. Only a start
/// read from words that may mean another thing (rule `signal:impact-start`) moves; one the
/// author wrote as the start ("Impact started: ...", rule `kind:impact-start`) and a start
/// stated (a field, a marker, a span) are kept. Explained by rule
/// `milestone:started-at-earlier-failure`; the event becomes a key moment. Run after the worded
/// start is set. `evidence` is parallel to `incident.timeline`.
pub fn started_at_an_earlier_failure(incident: &mut Incident, evidence: &[MilestoneEvidence]) {
    let Some((started, rule)) = worded_start(incident).map(|(t, why)| (t, why.rule)) else {
        return;
    };
    if rule != RuleId::SignalImpactStart {
        return;
    }
    let detours = ruled_out_branches(incident);
    let tl = &incident.timeline;
    let own_time = |i: usize| evidence.get(i).is_none_or(|s| s.own_time);
    let failure = |i: usize, e: &Event| {
        started - e.at <= FAILURE_BEFORE_START
            && evidence
                .get(i)
                .is_some_and(|s| s.own_time && (s.symptom || s.problem) && !s.another_time)
            && matches!(e.kind, EventKind::Note | EventKind::ImpactStart)
            && !e.branch.as_deref().is_some_and(|b| detours.contains(b))
    };
    // Back from the worded start, over the entries with their own time before it, while each
    // tells of the failure.
    let mut before: Vec<usize> = (0..tl.len())
        .filter(|&i| own_time(i) && tl[i].at < started)
        .collect();
    before.sort_by_key(|&i| tl[i].at);
    let Some(first) = before
        .iter()
        .rev()
        .take_while(|&&i| failure(i, &tl[i]))
        .last()
        .copied()
    else {
        return;
    };
    incident
        .milestones
        .inferred
        .retain(|(k, _)| *k != MilestoneKind::Started);
    mark_by_event(
        incident,
        MilestoneKind::Started,
        first,
        RuleId::MilestoneStartedAtEarlierFailure,
    );
}

/// Impact cannot start after it was noticed: an inferred `started` later than `detected` (a
/// start read from words that meant something else, "errors started to be less frequent", or a
/// time in prose placed on the wrong day) is dropped, and impact began no later than its first
/// sign ([`infer_first_sign`]), which may then be the detection itself when its words tell of a
/// failure (a start was told, so impact began no later than it was seen). A stated `started`
/// is kept as written (`lint` reports it).
/// Returns the dropped instant, for a warning. Run last, after every source of `started`.
pub fn started_no_later_than_detected(
    incident: &mut Incident,
    evidence: &[MilestoneEvidence],
) -> Option<Timestamp> {
    let started = incident.milestones.get(MilestoneKind::Started)?;
    let detected = incident.milestones.get(MilestoneKind::Detected)?;
    if started <= detected || incident.milestones.why(MilestoneKind::Started).is_none() {
        return None;
    }
    incident.milestones.set(MilestoneKind::Started, None);
    incident
        .milestones
        .inferred
        .retain(|(k, _)| *k != MilestoneKind::Started);
    first_sign(incident, evidence, true);
    Some(started)
}

/// The words that gave event `e` its kind (empty when it was stated, not inferred).
fn kind_words(e: &Event) -> String {
    e.inferred
        .as_ref()
        .map(|w| w.matched.as_str().to_string())
        .unwrap_or_default()
}

/// Set milestone `kind` at event `i`'s time, explained by `rule` with the words that gave the
/// event its kind; the event becomes a key moment.
fn mark_by_event(incident: &mut Incident, kind: MilestoneKind, i: usize, rule: RuleId) {
    let e = &incident.timeline[i];
    let matched = kind_words(e);
    let at = e.at;
    incident.milestones.set(kind, Some(at));
    incident
        .milestones
        .inferred
        .push((kind, Inference::new(rule, matched)));
    incident.timeline[i].key = true;
}

/// Without a resolution told, the incident ended when the last system was said to come back
/// ("registry restored", "comes back up"): the last recovery after the start and the
/// detection, not on a
/// ruled-out branch, with its own time, when no fix came after it (rule
/// `milestone:resolved-at-last-recovery`; the event becomes a key moment). Run after [`infer`],
/// before [`infer_resolved_at_last_fix`]. `evidence` is parallel to `incident.timeline`.
pub fn infer_resolved_at_last_recovery(incident: &mut Incident, evidence: &[MilestoneEvidence]) {
    if incident.milestones.get(MilestoneKind::Resolved).is_some() {
        return;
    }
    // Not before it began nor before it was noticed: a node drained for maintenance before
    // anyone saw the problem ends nothing.
    let from = [MilestoneKind::Started, MilestoneKind::Detected]
        .into_iter()
        .filter_map(|m| incident.milestones.get(m))
        .max();
    let Some(last) = last_of_kind(incident, evidence, EventKind::Recovery, from) else {
        return;
    };
    let at = incident.timeline[last].at;
    let fix_after = incident
        .timeline
        .iter()
        .any(|f| f.kind == EventKind::Mitigation && f.at > at);
    if !fix_after {
        mark_by_event(
            incident,
            MilestoneKind::Resolved,
            last,
            RuleId::MilestoneResolvedAtLastRecovery,
        );
    }
}

/// Without a resolution told, the incident ended with the timeline's closing entry when that
/// entry says the problem is over in words of a state ("deployment to production, bug
/// fixed", "all good", "the chain starts moving again", "the alert is closed", "trees
/// reopen", "recovery completed", "upgrade confirmed successfully"; `end_state` reads an entry's text
/// and gives those words, if any): the last entry with its own time but announcements after
/// it, after the start and the detection, not on a ruled-out branch, neither a
/// detection nor a theory (rule `milestone:resolved-at-closing-entry`; the event becomes a key
/// moment). A change made to the system may close it ("the release was rolled out again
/// successfully"): its words say it ended well. A symptom it names is what is over ("the error is fixed"); `end_state` turns away
/// one told after the end ("fixed, but the workers still crash").
/// The same words earlier in the story tell of one step; as its last word, of its end. Run
/// after [`infer_resolved_at_last_recovery`], before [`infer_resolved_at_last_fix`].
/// `evidence` is parallel to `incident.timeline`.
pub fn infer_resolved_at_closing_entry(
    incident: &mut Incident,
    evidence: &[MilestoneEvidence],
    end_state: impl Fn(&str) -> Option<String>,
) {
    if incident.milestones.get(MilestoneKind::Resolved).is_some() {
        return;
    }
    let own_time = |i: usize| evidence.get(i).is_none_or(|s| s.own_time);
    // Words to others after it (the recovery announced on chat and social media) tell of no
    // new step: the closing entry is the last one before them.
    let Some(last) = (0..incident.timeline.len())
        .rev()
        .find(|&i| own_time(i) && incident.timeline[i].kind != EventKind::Communication)
    else {
        return;
    };
    let e = &incident.timeline[last];
    let from = [MilestoneKind::Started, MilestoneKind::Detected]
        .into_iter()
        .filter_map(|m| incident.milestones.get(m))
        .max();
    let detours = ruled_out_branches(incident);
    let Some(words) = end_state(&e.text) else {
        return;
    };
    let closes = from.is_none_or(|f| e.at > f)
        && !e.branch.as_deref().is_some_and(|b| detours.contains(b))
        && !evidence[last].another_time
        && !matches!(
            e.kind,
            EventKind::Detection | EventKind::Hypothesis | EventKind::ImpactStart
        );
    if closes {
        let at = e.at;
        incident.milestones.set(MilestoneKind::Resolved, Some(at));
        incident.milestones.inferred.push((
            MilestoneKind::Resolved,
            Inference::new(RuleId::MilestoneResolvedAtClosingEntry, words),
        ));
        incident.timeline[last].key = true;
    }
}

/// The index of the last event of `kind` with a time of its own, at or after `from` (when
/// given), not on a ruled-out branch. `evidence` is parallel to `incident.timeline`.
fn last_of_kind(
    incident: &Incident,
    evidence: &[MilestoneEvidence],
    kind: EventKind,
    from: Option<Timestamp>,
) -> Option<usize> {
    let detours = ruled_out_branches(incident);
    incident.timeline.iter().enumerate().rposition(|(i, e)| {
        e.kind == kind
            && from.is_none_or(|f| e.at >= f)
            && evidence.get(i).is_none_or(|s| s.own_time)
            && !e.branch.as_deref().is_some_and(|b| detours.contains(b))
    })
}

/// Without a resolution told (worded, stated or given by a stated duration), the incident ended
/// with its last fix when that fix closes the story: the last mitigation with its own time, not
/// on a ruled-out branch, at or after the mitigation milestone, and no entry with its own time
/// after it but words to others (an announcement, a postmortem scheduled). A story that goes on after its last fix (more reports, a fix that did not hold,
/// a recovery still to finish, a restart that only helped for a while) does not say when it
/// ended. Explained by rule `milestone:resolved-at-last-fix`; the
/// event becomes a key moment. Run after every other source of `resolved`. `evidence` is
/// parallel to `incident.timeline`.
pub fn infer_resolved_at_last_fix(incident: &mut Incident, evidence: &[MilestoneEvidence]) {
    if incident.milestones.get(MilestoneKind::Resolved).is_some() {
        return;
    }
    let Some(mitigated) = incident.milestones.get(MilestoneKind::Mitigated) else {
        return;
    };
    let closing = |i: usize| {
        let at = incident.timeline[i].at;
        !incident.timeline.iter().enumerate().any(|(j, e)| {
            e.at > at
                && evidence.get(j).is_none_or(|s| s.own_time)
                && e.kind != EventKind::Communication
        })
    };
    if let Some(i) = last_of_kind(incident, evidence, EventKind::Mitigation, Some(mitigated))
        .filter(|&i| closing(i))
    {
        mark_by_event(
            incident,
            MilestoneKind::Resolved,
            i,
            RuleId::MilestoneResolvedAtLastFix,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Event, EventKind, Incident, Inference, MilestoneKind, RuleId, Timestamp};

    #[test]
    fn every_word_of_noticing_starts_with_a_stem_of_the_quick_test() {
        for w in super::NOTICING {
            assert!(
                super::NOTICING_STEMS.iter().any(|s| w.starts_with(s)),
                "{w}"
            );
            assert!(super::noticing(&format!("we {w} it")), "{w}");
        }
        assert!(!super::noticing("moved the jobs to spot instances"));
        assert!(!super::noticing("rolled out the cache-aware router"));
        assert!(!super::noticing(
            "sam checked the logs and noticed no errors"
        ));
        assert!(!super::noticing("we spotted nothing unusual"));
        assert!(!super::noticing("nobody noticed the queue"));
        assert!(!super::noticing("the queue grows"));
    }

    fn t(hm: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(&format!("2024-08-15T{hm}:00Z")).unwrap()
    }

    /// An incident whose entries are (time, kind), with `acknowledged` stated outside the
    /// timeline (a stated duration gave it) at `ack`.
    fn incident(entries: &[(&str, EventKind)], ack: &str) -> Incident {
        let mut inc = Incident {
            title: "t".into(),
            timeline: entries
                .iter()
                .map(|(hm, kind)| Event::new(t(hm), *kind, format!("{kind} at {hm}")))
                .collect(),
            ..Incident::default()
        };
        inc.milestones
            .set(MilestoneKind::Acknowledged, Some(t(ack)));
        inc.milestones.inferred.push((
            MilestoneKind::Acknowledged,
            Inference::new(RuleId::MilestoneStatedDuration, "acknowledged in 5 minutes"),
        ));
        inc
    }

    #[test]
    fn a_milestone_stated_outside_the_timeline_takes_only_an_entry_that_marks_nothing_else() {
        // The detection at 10:05 marks `detected`: the stated acknowledgement at 10:05 is not
        // drawn on it too, but on the note at 10:05 that marks nothing.
        let inc = incident(
            &[
                ("10:00", EventKind::ImpactStart),
                ("10:05", EventKind::Detection),
                ("10:05", EventKind::Note),
            ],
            "10:05",
        );
        let on = crate::analysis::analyze(&inc).milestones.on_timeline(&inc);
        assert!(on.marked.contains(&(1, MilestoneKind::Detected)), "{on:?}");
        assert!(
            on.marked.contains(&(2, MilestoneKind::Acknowledged)),
            "{on:?}"
        );
        assert!(
            !on.marked.contains(&(1, MilestoneKind::Acknowledged)),
            "{on:?}"
        );
        // With no such entry it is shown apart, with its time.
        let inc = incident(
            &[
                ("10:00", EventKind::ImpactStart),
                ("10:05", EventKind::Detection),
            ],
            "10:05",
        );
        let on = crate::analysis::analyze(&inc).milestones.on_timeline(&inc);
        assert!(on.marked.contains(&(1, MilestoneKind::Detected)), "{on:?}");
        assert_eq!(on.unmarked, [(t("10:05"), MilestoneKind::Acknowledged)]);
    }
}
