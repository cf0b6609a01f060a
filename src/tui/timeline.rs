//! The timeline of one incident laid out once, when it is opened: one [`Row`] per event plus
//! date separators, gap markers and declared milestones, the lane of every investigation
//! branch, and the lowercased search text of every event. A frame then draws only the slice
//! of rows it shows, so its cost does not grow with the timeline.

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, Offset, TimeZone};

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
    /// Index into [`TimelineLayout::branches`] (meaningful when `lane > 0`; a `u16` wrapped
    /// past 65,535 branches, which a Markdown postmortem of a million lines can hold).
    pub branch: u32,
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
        TimelineLayout::build(incident, analysis, zone, true)
    }

    /// The layout; `by_seconds`: when every time is a whole second, times are compared as
    /// seconds since the epoch, each event's read once (a subtraction of two `Timestamp`s
    /// works out both calendar dates: three of them an event were a fifth of laying out a
    /// million events), and days as whole days in a fixed offset. The same layout either way
    /// (a test compares them).
    fn build(
        incident: &Incident,
        analysis: &Analysis,
        zone: Zone,
        by_seconds: bool,
    ) -> TimelineLayout {
        let tl = &incident.timeline;
        let n = tl.len();
        let inc_off = incident.display_offset();
        let origin = analysis
            .milestones
            .at(MilestoneKind::Started)
            .or_else(|| tl.first().map(|e| e.at));

        // Branches: lanes assigned greedily by first event, in one pass over the events (the
        // events of each branch were found again by a scan of its first to its last event).
        let mut branches: Vec<BranchLane> = Vec::new();
        // For each event, the index of its branch in `incident.branches` (NONE: none).
        const NONE: u32 = u32::MAX;
        let mut branch_of_event: Vec<u32> = vec![NONE; n];
        {
            let mut first_last: Vec<(usize, usize, usize)> = Vec::new(); // (first, last, branch idx)
            let mut index = std::collections::HashMap::new();
            for (bi, b) in incident.branches.iter().enumerate() {
                index.insert(b.id.as_str(), bi as u32);
            }
            // Each event's branch id is a name: looked up by its text once per name.
            let mut by_name: std::collections::HashMap<&crate::model::Name, u32> =
                std::collections::HashMap::new();
            let mut last: Option<(&crate::model::Name, u32)> = None;
            let mut spans: Vec<Option<(usize, usize)>> = vec![None; incident.branches.len()];
            for (i, e) in tl.iter().enumerate() {
                let Some(name) = e.branch.as_ref() else {
                    continue;
                };
                let bi = match last {
                    Some((l, bi)) if l == name => bi,
                    _ => {
                        let bi = *by_name
                            .entry(name)
                            .or_insert_with(|| index.get(name.as_str()).copied().unwrap_or(NONE));
                        last = Some((name, bi));
                        bi
                    }
                };
                if bi != NONE {
                    branch_of_event[i] = bi;
                    let s = spans[bi as usize].get_or_insert((i, i));
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
            // The place in `branches` of each of `incident.branches` drawn.
            let mut drawn_as: Vec<u32> = vec![NONE; incident.branches.len()];
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
                drawn_as[bi] = branches.len() as u32;
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
            for b in &mut branch_of_event {
                if *b != NONE {
                    *b = drawn_as[*b as usize];
                }
            }
        }
        let lanes = branches.iter().map(|b| b.lane).max().unwrap_or(0);

        let nodes: Vec<Node> = (0..n)
            .map(|i| match branch_of_event[i] {
                NONE => Node::default(),
                bi => {
                    let b = &branches[bi as usize];
                    Node {
                        lane: b.lane,
                        fork: b.first_event == i,
                        end: b.last_event == i,
                        branch: bi,
                    }
                }
            })
            .collect();
        drop(branch_of_event);

        // Milestones: which event marks which, and declared ones that no event marks (the
        // rule the exports follow too).
        let on_timeline = analysis.milestones.on_timeline(incident);
        let milestone_events = on_timeline.marked;
        let mut declared = on_timeline.unmarked;
        declared.sort();

        // Every time a whole second (the events', the declared milestones', the origin's):
        // each event's seconds since the epoch, read once.
        let whole = |at: &Timestamp| at.timestamp_subsec_nanos() == 0;
        let secs: Option<Vec<i64>> = (by_seconds
            && tl.iter().all(|e| whole(&e.at))
            && declared.iter().all(|(at, _)| whole(at))
            && origin.as_ref().is_none_or(whole))
        .then(|| tl.iter().map(|e| e.at.timestamp()).collect());
        let secs = secs.as_deref();

        // Gaps: longer than 30 minutes and than four times the median spacing.
        let gap_threshold = {
            let mut d: Vec<i64> = match secs {
                Some(s) => s.windows(2).map(|w| w[1] - w[0]).collect(),
                None => tl
                    .windows(2)
                    .map(|w| (w[1].at - w[0].at).num_seconds())
                    .collect(),
            };
            let median = if d.is_empty() {
                0
            } else {
                let mid = d.len() / 2;
                *d.select_nth_unstable(mid).1
            };
            Duration::seconds((median * 4).max(30 * 60))
        };
        let seconds = match secs {
            Some(s) => s.iter().any(|s| s % 60 != 0),
            None => tl.iter().any(|e| e.at.timestamp() % 60 != 0),
        };
        // `T+22h20m` is wider than `T+1d3h`: measure them all (once, at open; counted, not
        // written: writing a million labels was a tenth of a warm open's CPU).
        let offset_width = match (secs, origin) {
            (Some(s), Some(o)) => {
                let o = o.timestamp();
                s.iter().map(|s| label_len(s - o)).max()
            }
            _ => tl.iter().map(|e| offset_label_len(origin, e.at)).max(),
        }
        .unwrap_or(0)
        .max(4);

        let day = |at: Timestamp| at.with_timezone(&zone.offset(inc_off, at)).date_naive();
        let multi_day = !incident.undated
            && match (tl.first(), tl.last()) {
                (Some(a), Some(b)) => day(a.at) != day(b.at),
                _ => false,
            };
        // A day's number (days from the common era's first), in whole seconds and a fixed
        // offset without a calendar; else from the date.
        let fixed = match zone {
            Zone::Incident => Some(inc_off.local_minus_utc()),
            Zone::Utc => Some(0),
            Zone::Local => None,
        };
        let unix_epoch_day = i64::from(
            NaiveDate::from_ymd_opt(1970, 1, 1)
                .expect("a date")
                .num_days_from_ce(),
        );
        let day_number = |at: Timestamp, secs: Option<i64>| match (secs, fixed) {
            (Some(s), Some(off)) => (s + i64::from(off)).div_euclid(86_400) + unix_epoch_day,
            _ => i64::from(day(at).num_days_from_ce()),
        };

        let mut rows = Vec::with_capacity(n + n / 8 + 8);
        let mut event_row = Vec::with_capacity(n);
        let mut prev_day: Option<i64> = None;
        let mut prev_at: Option<(Timestamp, Option<i64>)> = None;
        let mut di = 0;
        let mut active: u8 = 0; // lanes open before this row
        // `at_secs`: `at` in seconds since the epoch, when times are compared so.
        let push_extra = |rows: &mut Vec<Row>,
                          at: Timestamp,
                          at_secs: Option<i64>,
                          prev_day: &mut Option<i64>,
                          prev_at: &mut Option<(Timestamp, Option<i64>)>,
                          active: u8| {
            if let Some((p, p_secs)) = *prev_at {
                let since = match (at_secs, p_secs) {
                    (Some(a), Some(b)) => Duration::seconds(a - b),
                    _ => at - p,
                };
                if since >= gap_threshold {
                    rows.push(Row {
                        kind: RowKind::Gap(since.num_seconds()),
                        through: active,
                    });
                }
            }
            if multi_day {
                let d = day_number(at, at_secs);
                if *prev_day != Some(d) {
                    rows.push(Row {
                        kind: RowKind::Date(day(at)),
                        through: active,
                    });
                    *prev_day = Some(d);
                }
            }
            *prev_at = Some((at, at_secs));
        };
        let declared_secs = |at: Timestamp| secs.map(|_| at.timestamp());
        // A declared milestone's row, with the gap and day rows before it.
        let push_milestone = |rows: &mut Vec<Row>,
                              (at, kind): (Timestamp, MilestoneKind),
                              prev_day: &mut Option<i64>,
                              prev_at: &mut Option<(Timestamp, Option<i64>)>,
                              active: u8| {
            push_extra(rows, at, declared_secs(at), prev_day, prev_at, active);
            rows.push(Row {
                kind: RowKind::Milestone(kind),
                through: active,
            });
        };
        for (i, e) in tl.iter().enumerate() {
            while di < declared.len() && declared[di].0 <= e.at {
                push_milestone(&mut rows, declared[di], &mut prev_day, &mut prev_at, active);
                di += 1;
            }
            let at_secs = secs.map(|s| s[i]);
            push_extra(
                &mut rows,
                e.at,
                at_secs,
                &mut prev_day,
                &mut prev_at,
                active,
            );
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
            push_milestone(&mut rows, declared[di], &mut prev_day, &mut prev_at, active);
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
    match origin {
        Some(o) => label_len((at - o).num_seconds()),
        None => 0,
    }
}

/// The length of the label of a time `secs` seconds (whole, towards zero) from the origin.
fn label_len(secs: i64) -> usize {
    let s = secs.unsigned_abs();
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

    /// Times compared as seconds (every time a whole second) lay out what `Timestamp`s give:
    /// gaps, date rows in each zone, declared milestones, lanes; on a generated incident over
    /// several days and on every sample incident.
    #[test]
    fn seconds_lay_out_the_timeline_the_timestamps_do() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let mut incidents = vec![crate::tui::bench_support::synthetic_incident(3000)];
        for f in std::fs::read_dir(data).unwrap().flatten() {
            if let Ok(l) = crate::ingest::load_path(&f.path()) {
                incidents.push(l.incident);
            }
        }
        let mut declared = incidents[0].clone();
        let at = declared.timeline[10].at + Duration::seconds(1);
        declared.milestones.set(MilestoneKind::Detected, Some(at));
        incidents.push(declared);
        assert!(incidents.len() > 5);
        for inc in &incidents {
            let a = crate::analysis::analyze(inc);
            for zone in [Zone::Incident, Zone::Utc, Zone::Local] {
                let fast = TimelineLayout::build(inc, &a, zone, true);
                let slow = TimelineLayout::build(inc, &a, zone, false);
                assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{}", inc.title);
            }
        }
    }

    /// Past 65,535 branches each event's node still names its own branch.
    #[test]
    fn a_node_names_its_branch_past_65535_branches() {
        let mut inc = crate::tui::bench_support::synthetic_incident(70_000);
        inc.branches.clear();
        for (i, e) in inc.timeline.iter_mut().enumerate() {
            let id = format!("b{i}");
            e.branch = Some(id.as_str().into());
            inc.branches.push(crate::model::Branch {
                id,
                hypothesis: "a theory".into(),
                outcome: Outcome::RuledOut,
                inferred: None,
            });
        }
        let a = crate::analysis::analyze(&inc);
        let lay = TimelineLayout::new(&inc, &a, Zone::Utc);
        for (e, node) in inc.timeline.iter().zip(&lay.nodes) {
            let b = &lay.branches[node.branch as usize];
            assert_eq!(Some(b.id.as_str()), e.branch.as_deref());
        }
    }

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
