//! The six milestones of an incident, each stated (a field) or taken from an event kind,
//! never guessed: a milestone that is neither is `None`.

use serde::Serialize;

use crate::model::{Incident, MilestoneKind, Timestamp};

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

    /// The milestone an event marks, if it is the one that set it.
    pub fn marked_by(&self, index: usize) -> Option<MilestoneKind> {
        self.known()
            .find(|m| m.source == MilestoneSource::Event { index })
            .map(|m| m.kind)
    }
}

/// Declared milestones win; otherwise the first event of the milestone's kind.
pub fn milestones(incident: &Incident) -> Milestones {
    let mut out = Milestones::default();
    for kind in MilestoneKind::ALL {
        let m = if let Some(at) = incident.milestones.get(kind) {
            Some(Milestone {
                kind,
                at,
                source: MilestoneSource::Declared {
                    rule: incident.milestones.why(kind).map(|i| i.rule.clone()),
                },
            })
        } else {
            let want = kind.event_kind();
            incident
                .timeline
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == want)
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
