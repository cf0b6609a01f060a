//! The timeline of one incident laid out once, when it is opened: one [`Row`] per event plus
//! date separators, gap markers and declared milestones, the lane of every investigation
//! branch, and the lowercased search text of every event. A frame then draws only the slice
//! of rows it shows, so its cost does not grow with the timeline.

use chrono::{Duration, FixedOffset, NaiveDate, Offset, TimeZone};

use crate::analysis::Analysis;
use crate::model::{Incident, MilestoneKind, Outcome, Timestamp};

/// Which clock the timeline is read in (`t` cycles).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Zone {
    /// The zone the incident is told in.
    #[default]
    Incident,
    Utc,
    Local,
}

impl Zone {
    pub fn next(self) -> Zone {
        match self {
            Zone::Incident => Zone::Utc,
            Zone::Utc => Zone::Local,
            Zone::Local => Zone::Incident,
        }
    }

    /// The offset a time is shown in.
    pub fn offset(self, incident_offset: FixedOffset, at: Timestamp) -> FixedOffset {
        match self {
            Zone::Incident => incident_offset,
            Zone::Utc => FixedOffset::east_opt(0).expect("zero offset"),
            Zone::Local => chrono::Local
                .offset_from_utc_datetime(&at.naive_utc())
                .fix(),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Zone::Incident => "incident zone",
            Zone::Utc => "UTC",
            Zone::Local => "local",
        }
    }
}

/// What a row of the timeline shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// The day changes (multi-day incidents, dated ones only).
    Date(NaiveDate),
    /// A long silence before the next event, in seconds.
    Gap(i64),
    /// A milestone stated in the file that no event marks.
    Milestone(MilestoneKind),
    /// The event at this index of the timeline.
    Event(u32),
}

/// A row and the side lanes that pass through it (bit `i` = lane `i + 1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    pub through: u8,
}

/// Where an event sits in the graph.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Node {
    /// 0 is the main line; 1.. are side lanes.
    pub lane: u8,
    /// The first event of its branch: drawn as a fork off the main line.
    pub fork: bool,
    /// The last event of its branch: its outcome is written on this row.
    pub end: bool,
    /// Index into [`TimelineLayout::branches`] (meaningful when `lane > 0`).
    pub branch: u16,
}

/// One investigation branch as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct BranchLane {
    pub id: String,
    pub hypothesis: String,
    pub outcome: Outcome,
    pub lane: u8,
    pub first_event: usize,
    pub last_event: usize,
    /// Detour time for ruled-out branches (as analysis measures it), else first → last event.
    pub duration: Duration,
    /// When its first event was.
    pub start: Timestamp,
}

/// At most this many side lanes; more concurrent branches share the last one.
pub const MAX_LANES: u8 = 4;

#[derive(Clone, Debug)]
pub struct TimelineLayout {
    pub zone: Zone,
    pub rows: Vec<Row>,
    /// Row index of every event.
    pub event_row: Vec<u32>,
    pub nodes: Vec<Node>,
    pub branches: Vec<BranchLane>,
    /// Side lanes in use.
    pub lanes: u8,
    /// `T+0`: the `started` milestone, else the first event.
    pub origin: Option<Timestamp>,
    /// Show seconds in clock times (some event is not on a whole minute).
    pub seconds: bool,
    /// Display width of the widest `T+…` label.
    pub offset_width: usize,
    /// Smallest silence drawn as a gap marker.
    pub gap_threshold: Duration,
    /// Which milestone each event marks (few; looked up linearly).
    pub milestone_events: Vec<(usize, MilestoneKind)>,
}

impl TimelineLayout {
    pub fn new(incident: &Incident, analysis: &Analysis, zone: Zone) -> TimelineLayout {
        let tl = &incident.timeline;
        let n = tl.len();
        let inc_off = incident.display_offset();
        let origin = analysis
            .milestones
            .at(MilestoneKind::Started)
            .or_else(|| tl.first().map(|e| e.at));

        // Branches: lanes assigned greedily by first event.
        let mut branches: Vec<BranchLane> = Vec::new();
        let mut branch_of_event: Vec<Option<u16>> = vec![None; n];
        {
            let mut first_last: Vec<(usize, usize, usize)> = Vec::new(); // (first, last, branch idx)
            let mut index = std::collections::HashMap::new();
            for (bi, b) in incident.branches.iter().enumerate() {
                index.insert(b.id.as_str(), bi);
            }
            let mut spans: Vec<Option<(usize, usize)>> = vec![None; incident.branches.len()];
            for (i, e) in tl.iter().enumerate() {
                if let Some(bi) = e.branch.as_deref().and_then(|b| index.get(b)) {
                    let s = spans[*bi].get_or_insert((i, i));
                    s.1 = i;
                }
            }
            for (bi, s) in spans.iter().enumerate() {
                if let Some((f, l)) = s {
                    first_last.push((*f, *l, bi));
                }
            }
            first_last.sort();
            // Each branch's detour time, looked up once: a Markdown postmortem of a million
            // lines may hold 70,000 branches (a search per branch grew with their square).
            let detour_of: std::collections::HashMap<&str, Duration> = analysis
                .detours
                .iter()
                .rev()
                .map(|d| (d.branch.as_str(), d.duration()))
                .collect();
            let mut lane_free_after: Vec<usize> = Vec::new(); // per lane: last event index used
            for (f, l, bi) in first_last {
                let b = &incident.branches[bi];
                let lane = match lane_free_after.iter().position(|&end| end < f) {
                    Some(p) => p,
                    None if lane_free_after.len() < MAX_LANES as usize => {
                        lane_free_after.push(0);
                        lane_free_after.len() - 1
                    }
                    None => MAX_LANES as usize - 1,
                };
                lane_free_after[lane] = lane_free_after[lane].max(l);
                let duration = detour_of
                    .get(b.id.as_str())
                    .copied()
                    .unwrap_or_else(|| tl[l].at - tl[f].at);
                let idx = branches.len() as u16;
                for (i, e) in tl.iter().enumerate().take(l + 1).skip(f) {
                    if e.branch.as_deref() == Some(b.id.as_str()) {
                        branch_of_event[i] = Some(idx);
                    }
                }
                branches.push(BranchLane {
                    id: b.id.clone(),
                    hypothesis: b.hypothesis.clone(),
                    outcome: b.outcome,
                    lane: lane as u8 + 1,
                    first_event: f,
                    last_event: l,
                    duration,
                    start: tl[f].at,
                });
            }
        }
        let lanes = branches.iter().map(|b| b.lane).max().unwrap_or(0);

        let nodes: Vec<Node> = (0..n)
            .map(|i| match branch_of_event[i] {
                Some(bi) => {
                    let b = &branches[bi as usize];
                    Node {
                        lane: b.lane,
                        fork: b.first_event == i,
                        end: b.last_event == i,
                        branch: bi,
                    }
                }
                None => Node::default(),
            })
            .collect();

        // Milestones: which event marks which, and declared ones that no event marks (the
        // rule the exports follow too).
        let on_timeline = analysis.milestones.on_timeline(incident);
        let milestone_events = on_timeline.marked;
        let mut declared = on_timeline.unmarked;
        declared.sort();

        // Gaps: longer than 30 minutes and than four times the median spacing.
        let gap_threshold = {
            let mut d: Vec<i64> = tl
                .windows(2)
                .map(|w| (w[1].at - w[0].at).num_seconds())
                .collect();
            let median = if d.is_empty() {
                0
            } else {
                let mid = d.len() / 2;
                *d.select_nth_unstable(mid).1
            };
            Duration::seconds((median * 4).max(30 * 60))
        };
        let seconds = tl.iter().any(|e| e.at.timestamp() % 60 != 0);
        // `T+22h20m` is wider than `T+1d3h`: measure them all (once, at open; counted, not
        // written: writing a million labels was a tenth of a warm open's CPU).
        let offset_width = tl
            .iter()
            .map(|e| offset_label_len(origin, e.at))
            .max()
            .unwrap_or(0)
            .max(4);

        let day = |at: Timestamp| at.with_timezone(&zone.offset(inc_off, at)).date_naive();
        let multi_day = !incident.undated
            && match (tl.first(), tl.last()) {
                (Some(a), Some(b)) => day(a.at) != day(b.at),
                _ => false,
            };

        let mut rows = Vec::with_capacity(n + n / 8 + 8);
        let mut event_row = Vec::with_capacity(n);
        let mut prev_day: Option<NaiveDate> = None;
        let mut prev_at: Option<Timestamp> = None;
        let mut di = 0;
        let mut active: u8 = 0; // lanes open before this row
        let push_extra = |rows: &mut Vec<Row>,
                          at: Timestamp,
                          prev_day: &mut Option<NaiveDate>,
                          prev_at: &mut Option<Timestamp>,
                          active: u8| {
            if let Some(p) = *prev_at
                && at - p >= gap_threshold
            {
                rows.push(Row {
                    kind: RowKind::Gap((at - p).num_seconds()),
                    through: active,
                });
            }
            if multi_day {
                let d = day(at);
                if *prev_day != Some(d) {
                    rows.push(Row {
                        kind: RowKind::Date(d),
                        through: active,
                    });
                    *prev_day = Some(d);
                }
            }
            *prev_at = Some(at);
        };
        for (i, e) in tl.iter().enumerate() {
            while di < declared.len() && declared[di].0 <= e.at {
                let (at, kind) = declared[di];
                push_extra(&mut rows, at, &mut prev_day, &mut prev_at, active);
                rows.push(Row {
                    kind: RowKind::Milestone(kind),
                    through: active,
                });
                di += 1;
            }
            push_extra(&mut rows, e.at, &mut prev_day, &mut prev_at, active);
            let node = nodes[i];
            let bit = if node.lane > 0 {
                1u8 << (node.lane - 1)
            } else {
                0
            };
            // Lanes passing through: the ones open, minus this event's own lane (it has a node).
            event_row.push(rows.len() as u32);
            rows.push(Row {
                kind: RowKind::Event(i as u32),
                through: active & !bit,
            });
            if node.lane > 0 {
                if node.end {
                    active &= !bit;
                } else {
                    active |= bit;
                }
            }
        }
        while di < declared.len() {
            let (at, kind) = declared[di];
            push_extra(&mut rows, at, &mut prev_day, &mut prev_at, active);
            rows.push(Row {
                kind: RowKind::Milestone(kind),
                through: active,
            });
            di += 1;
        }

        TimelineLayout {
            zone,
            rows,
            event_row,
            nodes,
            branches,
            lanes,
            origin,
            seconds,
            offset_width,
            gap_threshold,
            milestone_events,
        }
    }

    /// The milestone an event marks, if any.
    pub fn milestone_of(&self, event: usize) -> Option<MilestoneKind> {
        self.milestone_events
            .iter()
            .find(|(i, _)| *i == event)
            .map(|(_, k)| *k)
    }

    /// The event shown on `row`, or the first one after it (or before, at the end).
    pub fn event_near_row(&self, row: usize) -> Option<usize> {
        let row = row.min(self.rows.len().checked_sub(1)?);
        let after = self.rows[row..].iter().take(8).find_map(|r| match r.kind {
            RowKind::Event(i) => Some(i as usize),
            _ => None,
        });
        after.or_else(|| {
            self.rows[..row].iter().rev().find_map(|r| match r.kind {
                RowKind::Event(i) => Some(i as usize),
                _ => None,
            })
        })
    }

    /// Width of the clock column: approximate marker, clock, space.
    pub fn clock_width(&self) -> usize {
        if self.seconds { 10 } else { 7 }
    }

    /// Width of the graph column: the main line plus two cells per side lane.
    pub fn graph_width(&self) -> u16 {
        1 + 2 * self.lanes as u16
    }
}

/// The length in bytes of [`offset_label`]`(origin, at)`, without writing it: the same
/// arithmetic as [`crate::analysis::format_duration`].
pub fn offset_label_len(origin: Option<Timestamp>, at: Timestamp) -> usize {
    let Some(o) = origin else {
        return 0;
    };
    let s = (at - o).num_seconds().unsigned_abs();
    let (days, hours, mins, secs) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
    let part = |n: u64| n.checked_ilog10().map_or(1, |l| l as usize + 1) + 1;
    // `T+` or `T-`, then the duration's one or two parts.
    2 + if days > 0 {
        part(days) + if hours > 0 { part(hours) } else { 0 }
    } else if hours > 0 {
        part(hours) + if mins > 0 { part(mins) } else { 0 }
    } else if mins > 0 {
        part(mins) + if secs > 0 && mins < 10 { part(secs) } else { 0 }
    } else {
        part(secs)
    }
}

/// `T+1h15m` / `T-20m` relative to the origin.
pub fn offset_label(origin: Option<Timestamp>, at: Timestamp) -> String {
    match origin {
        Some(o) => {
            let d = at - o;
            if d < Duration::zero() {
                format!("T{}", crate::analysis::format_duration(d))
            } else {
                format!("T+{}", crate::analysis::format_duration(d))
            }
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The width counted is the width written, for every shape of label: seconds, minutes with
    /// and without seconds, hours, days, before the origin, a fraction of a second either side.
    #[test]
    fn a_labels_length_is_counted_as_it_is_written() {
        let origin = chrono::DateTime::parse_from_rfc3339("2025-03-01T10:00:00+01:00").unwrap();
        let mut secs: Vec<i64> = (-4000..4000).collect();
        for step in [
            59, 61, 599, 601, 3599, 3601, 86_399, 86_401, 90_000, 864_000,
        ] {
            secs.extend((0..200).map(|k| k * step));
            secs.extend((0..200).map(|k| -k * step));
        }
        secs.extend([36_000, 86_400 * 10, 86_400 * 100 + 3600, 86_400 * 10_000]);
        for s in secs {
            for nanos in [0, 500_000_000] {
                let at = origin + Duration::seconds(s) + Duration::nanoseconds(nanos);
                assert_eq!(
                    offset_label_len(Some(origin), at),
                    offset_label(Some(origin), at).len(),
                    "{s} s {nanos} ns: {}",
                    offset_label(Some(origin), at)
                );
                let before = origin + Duration::seconds(s) - Duration::nanoseconds(nanos);
                assert_eq!(
                    offset_label_len(Some(origin), before),
                    offset_label(Some(origin), before).len()
                );
            }
        }
        assert_eq!(offset_label_len(None, origin), 0);
    }
}
