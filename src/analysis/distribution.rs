//! Durations over many incidents: count, median, p90 and max, and a histogram on a log scale.
//! Incident durations are skewed (a few very long ones), so the mean alone misleads; it is not
//! reported.
//!
//! Definitions, used everywhere a distribution is shown:
//! - **median**: the middle value; with an even count, the midpoint of the two middle values
//!   (seconds rounded toward zero);
//! - **p90**: nearest rank — the value at rank ⌈0.9 · n⌉ (1-based) of the sorted values, so it
//!   is always one of the observed values;
//! - **max**: the largest value.

use chrono::Duration;
use serde::Serialize;

use super::Analysis;
use super::metrics::Metric;

/// Summary of one duration over the incidents that have it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Distribution {
    pub count: usize,
    /// Seconds.
    #[serde(rename = "median")]
    pub median_s: Option<i64>,
    /// Seconds (nearest rank).
    #[serde(rename = "p90")]
    pub p90_s: Option<i64>,
    /// Seconds.
    #[serde(rename = "max")]
    pub max_s: Option<i64>,
}

/// The value at nearest rank ⌈`percent` · n / 100⌉ (1-based) of `sorted` (ascending); `None`
/// when empty. Integer arithmetic, so p90 of 10 values is exactly the 9th.
pub fn nearest_rank<T: Copy>(sorted: &[T], percent: usize) -> Option<T> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = (percent * n).div_ceil(100).clamp(1, n);
    Some(sorted[rank - 1])
}

/// The median of `sorted` (ascending): the middle value, or the midpoint of the two middle ones.
fn median_of<T: Copy>(sorted: &[T], midpoint: impl Fn(T, T) -> T) -> Option<T> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some(midpoint(sorted[n / 2 - 1], sorted[n / 2])),
    }
}

impl Distribution {
    /// Median, nearest-rank p90 and max over the values (seconds); see the module docs.
    pub fn of(mut values: Vec<i64>) -> Self {
        values.sort_unstable();
        Distribution {
            count: values.len(),
            median_s: median_of(&values, |a, b| (a + b) / 2),
            p90_s: nearest_rank(&values, 90),
            max_s: values.last().copied(),
        }
    }

    pub fn median(&self) -> Option<Duration> {
        self.median_s.map(Duration::seconds)
    }
    pub fn p90(&self) -> Option<Duration> {
        self.p90_s.map(Duration::seconds)
    }
    pub fn max(&self) -> Option<Duration> {
        self.max_s.map(Duration::seconds)
    }
}

/// The same summary over fractions (a detour's share of TTR: 0.25 is a quarter), with the same
/// definitions as [`Distribution`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShareDistribution {
    pub count: usize,
    pub median: Option<f64>,
    pub p90: Option<f64>,
    pub max: Option<f64>,
}

impl ShareDistribution {
    /// Median, nearest-rank p90 and max over the fractions (NaN is left out).
    pub fn of(mut values: Vec<f64>) -> Self {
        values.retain(|v| !v.is_nan());
        values.sort_unstable_by(f64::total_cmp);
        ShareDistribution {
            count: values.len(),
            median: median_of(&values, |a, b| (a + b) / 2.0),
            p90: nearest_rank(&values, 90),
            max: values.last().copied(),
        }
    }
}

/// Upper bounds (exclusive, seconds) of the histogram buckets: a log scale whose steps (×2 to
/// ×3.5) land on durations people say — under 1m, 1–2m, 2–5m, 5–10m, 10–30m, 30m–1h, 1–2h, 2–6h,
/// 6–12h, 12h–1d, 1–2d, 2–7d — and a last bucket of a week or more.
pub const BUCKET_BOUNDS_S: [i64; 12] = [
    60, 120, 300, 600, 1800, 3600, 7200, 21_600, 43_200, 86_400, 172_800, 604_800,
];

/// Counts of durations per log-scale bucket (see [`BUCKET_BOUNDS_S`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Histogram {
    /// `counts[i]` holds the values in `[bound(i-1), bound(i))`; `counts[0]` starts at zero and the
    /// last bucket (index 12) has no upper bound.
    pub counts: [usize; BUCKET_BOUNDS_S.len() + 1],
    /// Values below zero (milestones out of order, which `lint` reports); in no bucket.
    pub negative: usize,
}

impl Histogram {
    /// Bucket the values (seconds).
    pub fn of(values: impl IntoIterator<Item = i64>) -> Self {
        let mut h = Histogram {
            counts: [0; BUCKET_BOUNDS_S.len() + 1],
            negative: 0,
        };
        for v in values {
            if v < 0 {
                h.negative += 1;
            } else {
                h.counts[Self::bucket_of(v)] += 1;
            }
        }
        h
    }

    /// The bucket of a non-negative value (seconds).
    pub fn bucket_of(seconds: i64) -> usize {
        BUCKET_BOUNDS_S.partition_point(|&b| b <= seconds)
    }

    /// `[lower, upper)` of bucket `i` in seconds; `None` for no upper bound.
    pub fn bounds(i: usize) -> (i64, Option<i64>) {
        let lower = if i == 0 { 0 } else { BUCKET_BOUNDS_S[i - 1] };
        (lower, BUCKET_BOUNDS_S.get(i).copied())
    }

    /// The first and last non-empty buckets, or `None` when every bucket is empty.
    pub fn span(&self) -> Option<(usize, usize)> {
        let first = self.counts.iter().position(|&c| c > 0)?;
        let last = self.counts.iter().rposition(|&c| c > 0)?;
        Some((first, last))
    }

    /// The largest bucket count.
    pub fn peak(&self) -> usize {
        self.counts.iter().copied().max().unwrap_or(0)
    }
}

/// One distribution per metric, in [`Metric::ALL`] order.
pub fn summarize<'a>(
    analyses: impl IntoIterator<Item = &'a Analysis> + Clone,
) -> Vec<(Metric, Distribution)> {
    Metric::ALL
        .into_iter()
        .map(|m| {
            let values = analyses
                .clone()
                .into_iter()
                .filter_map(|a| a.durations.get(m))
                .map(|d| d.num_seconds())
                .collect();
            (m, Distribution::of(values))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_nearest_rank() {
        let d = Distribution::of((1..=10).collect());
        assert_eq!(d.count, 10);
        assert_eq!(d.median_s, Some(5)); // (5+6)/2 rounds down
        assert_eq!(d.p90_s, Some(9));
        assert_eq!(d.max_s, Some(10));
        let d = Distribution::of(vec![300, 60, 7200]);
        assert_eq!(d.median_s, Some(300));
        assert_eq!(d.p90_s, Some(7200));
        let d = Distribution::of(vec![]);
        assert_eq!(
            (d.count, d.median_s, d.p90_s, d.max_s),
            (0, None, None, None)
        );
        // ⌈0.9 · 20⌉ = 18: the 18th of 20, with no floating-point rounding on the way.
        assert_eq!(nearest_rank(&(1..=20).collect::<Vec<_>>(), 90), Some(18));
        assert_eq!(nearest_rank(&[7], 90), Some(7));
    }

    #[test]
    fn shares_use_the_same_definitions() {
        let d = ShareDistribution::of(vec![0.5, 0.0, f64::NAN, 0.25, 1.0]);
        assert_eq!(d.count, 4);
        assert_eq!(d.median, Some(0.375)); // (0.25 + 0.5) / 2
        assert_eq!(d.p90, Some(1.0)); // rank ⌈3.6⌉ = 4
        assert_eq!(d.max, Some(1.0));
    }

    #[test]
    fn histogram_buckets_on_a_log_scale() {
        let h = Histogram::of([0, 59, 60, 119, 600, 3599, 3600, 604_800, 9_999_999, -5]);
        assert_eq!(h.counts[0], 2, "under a minute");
        assert_eq!(h.counts[1], 2, "1–2m: 60 and 119");
        assert_eq!(h.counts[4], 1, "10–30m: 600");
        assert_eq!(h.counts[5], 1, "30m–1h: 3599");
        assert_eq!(h.counts[6], 1, "1–2h: 3600");
        assert_eq!(h.counts[12], 2, "a week or more");
        assert_eq!(h.negative, 1);
        assert_eq!(h.span(), Some((0, 12)));
        assert_eq!(h.peak(), 2);
        assert_eq!(Histogram::bounds(0), (0, Some(60)));
        assert_eq!(Histogram::bounds(12), (604_800, None));
        assert_eq!(Histogram::of([]).span(), None);
    }
}
