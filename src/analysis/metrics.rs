//! The durations that matter (TTD, TTA, TTI, TTM, TTR, detour time) and the phases between
//! milestones.

use chrono::Duration;
use serde::Serialize;

use super::detours::{DetourSpan, total_detour_time};
use super::milestones::Milestones;
use crate::model::{MilestoneKind, Timestamp};

/// Named durations of one incident; `None` where a milestone is missing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Durations {
    /// detected − started
    pub ttd: Option<Duration>,
    /// acknowledged − detected
    pub tta: Option<Duration>,
    /// identified − started
    pub tti: Option<Duration>,
    /// mitigated − started
    pub ttm: Option<Duration>,
    /// resolved − started
    pub ttr: Option<Duration>,
    /// Wall-clock time on ruled-out branches (overlaps once).
    pub detour: Duration,
    /// `detour / ttr`, when `ttr` is known and positive.
    pub detour_share: Option<f64>,
}

/// Which duration, for tables and distributions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    Ttd,
    Tta,
    Tti,
    Ttm,
    Ttr,
    Detour,
}

impl Metric {
    pub const ALL: [Metric; 6] = [
        Metric::Ttd,
        Metric::Tta,
        Metric::Tti,
        Metric::Ttm,
        Metric::Ttr,
        Metric::Detour,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Ttd => "ttd",
            Metric::Tta => "tta",
            Metric::Tti => "tti",
            Metric::Ttm => "ttm",
            Metric::Ttr => "ttr",
            Metric::Detour => "detour",
        }
    }

    /// A short description for help and table headers.
    pub fn describe(self) -> &'static str {
        match self {
            Metric::Ttd => "time to detect (started → detected)",
            Metric::Tta => "time to acknowledge (detected → acknowledged)",
            Metric::Tti => "time to identify (started → identified)",
            Metric::Ttm => "time to mitigate (started → mitigated)",
            Metric::Ttr => "time to resolve (started → resolved)",
            Metric::Detour => "time on ruled-out branches",
        }
    }
}

impl Durations {
    pub fn get(&self, m: Metric) -> Option<Duration> {
        match m {
            Metric::Ttd => self.ttd,
            Metric::Tta => self.tta,
            Metric::Tti => self.tti,
            Metric::Ttm => self.ttm,
            Metric::Ttr => self.ttr,
            Metric::Detour => Some(self.detour),
        }
    }
}

pub fn durations(m: &Milestones, detours: &[DetourSpan]) -> Durations {
    let between = |a: MilestoneKind, b: MilestoneKind| Some(m.at(b)? - m.at(a)?);
    let ttr = between(MilestoneKind::Started, MilestoneKind::Resolved);
    let detour = total_detour_time(detours);
    let detour_share = ttr
        .filter(|t| t.num_seconds() > 0)
        .map(|t| detour.num_seconds() as f64 / t.num_seconds() as f64);
    Durations {
        ttd: between(MilestoneKind::Started, MilestoneKind::Detected),
        tta: between(MilestoneKind::Detected, MilestoneKind::Acknowledged),
        tti: between(MilestoneKind::Started, MilestoneKind::Identified),
        ttm: between(MilestoneKind::Started, MilestoneKind::Mitigated),
        ttr,
        detour,
        detour_share,
    }
}

/// The stretches between milestones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PhaseKind {
    /// started → detected
    Undetected,
    /// detected → acknowledged
    Triage,
    /// acknowledged → identified
    Diagnosis,
    /// identified → mitigated
    Mitigation,
    /// mitigated → resolved
    Recovery,
}

impl PhaseKind {
    pub const ALL: [PhaseKind; 5] = [
        PhaseKind::Undetected,
        PhaseKind::Triage,
        PhaseKind::Diagnosis,
        PhaseKind::Mitigation,
        PhaseKind::Recovery,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PhaseKind::Undetected => "undetected",
            PhaseKind::Triage => "triage",
            PhaseKind::Diagnosis => "diagnosis",
            PhaseKind::Mitigation => "mitigation",
            PhaseKind::Recovery => "recovery",
        }
    }

    /// The milestone that ends this phase.
    pub fn ends_at(self) -> MilestoneKind {
        match self {
            PhaseKind::Undetected => MilestoneKind::Detected,
            PhaseKind::Triage => MilestoneKind::Acknowledged,
            PhaseKind::Diagnosis => MilestoneKind::Identified,
            PhaseKind::Mitigation => MilestoneKind::Mitigated,
            PhaseKind::Recovery => MilestoneKind::Resolved,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Phase {
    pub kind: PhaseKind,
    pub start: Timestamp,
    pub end: Timestamp,
}

impl Phase {
    pub fn duration(&self) -> Duration {
        self.end - self.start
    }
}

/// Phases with both ends known. A phase starts at the latest known milestone before its end
/// (so a missing `acknowledged` folds triage into diagnosis instead of dropping the time).
pub fn phases(m: &Milestones) -> Vec<Phase> {
    let mut out = Vec::new();
    let mut prev = m.at(MilestoneKind::Started);
    for kind in PhaseKind::ALL {
        let Some(end) = m.at(kind.ends_at()) else {
            continue;
        };
        if let Some(start) = prev
            && end >= start
        {
            out.push(Phase { kind, start, end });
        }
        prev = Some(end);
    }
    out
}
