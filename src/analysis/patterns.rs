//! Patterns across incidents: each duration's distribution and log-scale histogram, overall and
//! split by severity and by service, and how much time detours take.
//!
//! Pure: a function of the incidents and their [`Analysis`]. No mean is reported anywhere (see
//! [`super::distribution`] for the definitions of median and p90). An incident without a
//! duration (a milestone missing) is counted as *missing* for it, never as zero.

use serde::Serialize;

use super::Analysis;
use super::distribution::{Distribution, Histogram, ShareDistribution};
use super::metrics::Metric;
use crate::model::Incident;

/// The durations summarised, in order: TTD, TTA, TTI, TTM, TTR.
pub const DURATIONS: [Metric; 5] = [
    Metric::Ttd,
    Metric::Tta,
    Metric::Tti,
    Metric::Ttm,
    Metric::Ttr,
];

/// How many incidents [`DetourPatterns::most`] lists.
pub const MOST_DETOUR_TIME: usize = 5;

/// The label of the group of incidents that state no severity (or no service).
pub const UNSTATED: &str = "(none)";

/// Which way to split the incidents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    Severity,
    Service,
}

/// One duration over a group of incidents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricSummary {
    pub metric: Metric,
    /// Over the incidents that have this duration (`distribution.count` of them).
    #[serde(flatten)]
    pub distribution: Distribution,
    /// Incidents of the group without this duration (a milestone missing).
    pub missing: usize,
    pub histogram: Histogram,
}

/// The durations of one group of incidents (all, one severity, one service).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    /// `all`, a severity as written (`SEV2`), a service, or [`UNSTATED`]. Untrusted text:
    /// sanitise before display.
    pub label: String,
    pub incidents: usize,
    /// Incidents with at least one detour.
    pub with_detours: usize,
    /// One per [`DURATIONS`], in that order.
    pub durations: Vec<MetricSummary>,
}

/// One incident's detour time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IncidentDetours {
    /// Position of the incident in the input.
    pub index: usize,
    pub id: String,
    pub title: String,
    /// Ruled-out branches with at least one event.
    pub detours: usize,
    /// Wall-clock seconds on them (overlaps once).
    pub detour_s: i64,
    /// `detour_s / ttr`, when TTR is known and positive.
    pub share_of_ttr: Option<f64>,
}

/// How often detours happen and what they cost.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DetourPatterns {
    pub incidents: usize,
    /// Incidents with at least one detour.
    pub with_detours: usize,
    /// `with_detours / incidents`; `None` with no incidents.
    pub frequency: Option<f64>,
    /// Detour time as a share of TTR, over the incidents with a known positive TTR (those
    /// without detours count as 0: a real value).
    pub share_of_ttr: ShareDistribution,
    /// Incidents without a known positive TTR, so without a share.
    pub share_missing: usize,
    /// Detour time (seconds) over the incidents with at least one detour.
    pub detour_time: Distribution,
    /// The incidents with the most detour time, most first (ties by input order), at most
    /// [`MOST_DETOUR_TIME`], only those with detour time above zero.
    pub most: Vec<IncidentDetours>,
}

/// Everything the stats views show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Patterns {
    pub incidents: usize,
    /// Label `all`.
    pub overall: Group,
    /// One group per severity as written, sorted by label; [`UNSTATED`] last.
    pub by_severity: Vec<Group>,
    /// One group per service (an incident counts in each of its services), most incidents
    /// first, then by name; [`UNSTATED`] last.
    pub by_service: Vec<Group>,
    pub detours: DetourPatterns,
}

impl Patterns {
    /// The groups of one split.
    pub fn split(&self, by: Split) -> &[Group] {
        match by {
            Split::Severity => &self.by_severity,
            Split::Service => &self.by_service,
        }
    }
}

/// Summarise `incidents` (each with its analysis), in input order.
pub fn patterns<'a>(incidents: impl IntoIterator<Item = (&'a Incident, &'a Analysis)>) -> Patterns {
    let items: Vec<(&Incident, &Analysis)> = incidents.into_iter().collect();
    let all: Vec<usize> = (0..items.len()).collect();
    let overall = group("all".to_string(), &all, &items);

    let mut severities: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    let mut unstated_severity = Vec::new();
    let mut services: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    let mut unstated_service = Vec::new();
    for (i, (inc, _)) in items.iter().enumerate() {
        match inc
            .severity
            .as_ref()
            .map(|s| s.0.trim())
            .filter(|s| !s.is_empty())
        {
            Some(s) => severities.entry(s).or_default().push(i),
            None => unstated_severity.push(i),
        }
        let mut named: Vec<&str> = inc
            .services
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        named.sort_unstable();
        named.dedup();
        if named.is_empty() {
            unstated_service.push(i);
        }
        for s in named {
            services.entry(s).or_default().push(i);
        }
    }
    let mut by_severity: Vec<Group> = severities
        .into_iter()
        .map(|(label, members)| group(label.to_string(), &members, &items))
        .collect();
    let mut by_service: Vec<Group> = services
        .into_iter()
        .map(|(label, members)| group(label.to_string(), &members, &items))
        .collect();
    by_service.sort_by(|a, b| b.incidents.cmp(&a.incidents).then(a.label.cmp(&b.label)));
    if !unstated_severity.is_empty() {
        by_severity.push(group(UNSTATED.to_string(), &unstated_severity, &items));
    }
    if !unstated_service.is_empty() {
        by_service.push(group(UNSTATED.to_string(), &unstated_service, &items));
    }

    Patterns {
        incidents: items.len(),
        overall,
        by_severity,
        by_service,
        detours: detour_patterns(&items),
    }
}

fn group(label: String, members: &[usize], items: &[(&Incident, &Analysis)]) -> Group {
    let durations = DURATIONS
        .into_iter()
        .map(|metric| {
            let values: Vec<i64> = members
                .iter()
                .filter_map(|&i| items[i].1.durations.get(metric))
                .map(|d| d.num_seconds())
                .collect();
            MetricSummary {
                metric,
                missing: members.len() - values.len(),
                histogram: Histogram::of(values.iter().copied()),
                distribution: Distribution::of(values),
            }
        })
        .collect();
    Group {
        label,
        incidents: members.len(),
        with_detours: members
            .iter()
            .filter(|&&i| !items[i].1.detours.is_empty())
            .count(),
        durations,
    }
}

fn detour_patterns(items: &[(&Incident, &Analysis)]) -> DetourPatterns {
    let per_incident: Vec<IncidentDetours> = items
        .iter()
        .enumerate()
        .map(|(index, (inc, a))| IncidentDetours {
            index,
            id: inc.id.clone(),
            title: inc.title.clone(),
            detours: a.detours.len(),
            detour_s: a.durations.detour.num_seconds(),
            share_of_ttr: a.durations.detour_share,
        })
        .collect();
    let with_detours = per_incident.iter().filter(|d| d.detours > 0).count();
    let shares: Vec<f64> = per_incident.iter().filter_map(|d| d.share_of_ttr).collect();
    let share_missing = items.len() - shares.len();
    let detour_time = Distribution::of(
        per_incident
            .iter()
            .filter(|d| d.detours > 0)
            .map(|d| d.detour_s)
            .collect(),
    );
    let mut most: Vec<IncidentDetours> = per_incident
        .into_iter()
        .filter(|d| d.detour_s > 0)
        .collect();
    // Stable: equal detour time keeps input order.
    most.sort_by_key(|d| std::cmp::Reverse(d.detour_s));
    most.truncate(MOST_DETOUR_TIME);
    DetourPatterns {
        incidents: items.len(),
        with_detours,
        frequency: (!items.is_empty()).then(|| with_detours as f64 / items.len() as f64),
        share_of_ttr: ShareDistribution::of(shares),
        share_missing,
        detour_time,
        most,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_incidents_gives_empty_patterns_not_a_division_by_zero() {
        let p = patterns(std::iter::empty());
        assert_eq!(p.incidents, 0);
        assert_eq!(p.detours.frequency, None);
        assert_eq!(p.detours.share_of_ttr.median, None);
        assert!(p.by_severity.is_empty() && p.by_service.is_empty());
        assert!(
            p.overall.durations.iter().all(|m| m.distribution.count == 0
                && m.missing == 0
                && m.histogram.span().is_none())
        );
        // The text report of it still reads.
        let text: Vec<String> = crate::chart::report(
            &p,
            crate::chart::ReportOptions {
                width: 80,
                splits: &[Split::Severity],
            },
        )
        .iter()
        .flat_map(|s| s.lines.iter())
        .map(|l| l.iter().map(|(_, t)| t.as_str()).collect())
        .collect();
        assert!(
            text.iter()
                .any(|l| l.contains("0 of 0 incidents had at least one detour"))
        );
        assert!(text.iter().any(|l| l.contains("no incident has it")));
    }

    #[test]
    fn blank_and_repeated_services_count_once() {
        let mut inc = Incident {
            title: "t".into(),
            services: vec!["api".into(), " api ".into(), "".into()],
            ..Incident::default()
        };
        let a = super::super::analyze(&inc);
        let p = patterns([(&inc, &a)]);
        let labels: Vec<(&str, usize)> = p
            .by_service
            .iter()
            .map(|g| (g.label.as_str(), g.incidents))
            .collect();
        assert_eq!(labels, [("api", 1)]);
        inc.services.clear();
        let p = patterns([(&inc, &a)]);
        assert_eq!(p.by_service[0].label, UNSTATED);
        assert_eq!(p.by_severity[0].label, UNSTATED);
    }
}
