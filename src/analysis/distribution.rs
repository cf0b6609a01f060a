//! Durations over many incidents: count, median, p90 and max. Incident durations are skewed
//! (a few very long ones), so the mean alone misleads; it is not reported.

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

impl Distribution {
    /// Nearest-rank percentiles over the values (seconds).
    pub fn of(mut values: Vec<i64>) -> Self {
        values.sort_unstable();
        let n = values.len();
        let rank = |p: f64| -> Option<i64> {
            if n == 0 {
                return None;
            }
            let r = ((p * n as f64).ceil() as usize).clamp(1, n);
            Some(values[r - 1])
        };
        let median = if n == 0 {
            None
        } else if n % 2 == 1 {
            Some(values[n / 2])
        } else {
            Some((values[n / 2 - 1] + values[n / 2]) / 2)
        };
        Distribution {
            count: n,
            median_s: median,
            p90_s: rank(0.9),
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
    }
}
