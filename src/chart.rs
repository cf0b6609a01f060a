//! Text charts shared by `retrace stats` and the stats screen: unicode bars for log-scale
//! histograms and their bucket labels. Display only; the numbers come from
//! [`crate::analysis::distribution`].

use crate::analysis::patterns::{Group, MetricSummary, Patterns, Split};
use crate::analysis::{Distribution, Histogram, format_duration};
use crate::display::truncate;
use crate::model::text::clean_line;

/// Eighths of a cell, for bars that grow left to right.
const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
/// Column heights, for one cell per bucket.
const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A horizontal bar of `count` out of `peak` in at most `width` cells, in eighths of a cell; a
/// non-zero count shows at least `▏`, zero is empty.
pub fn bar(count: usize, peak: usize, width: usize) -> String {
    if count == 0 || peak == 0 || width == 0 {
        return String::new();
    }
    let eighths = (count * width * 8).div_ceil(peak).max(1);
    let mut s = "█".repeat(eighths / 8);
    let rest = eighths % 8;
    if rest > 0 {
        s.push(EIGHTHS[rest - 1]);
    }
    s
}

/// One cell per count, its height relative to `peak`; `·` for an empty bucket.
pub fn columns(counts: &[usize], peak: usize) -> String {
    counts
        .iter()
        .map(|&c| {
            if c == 0 || peak == 0 {
                '·'
            } else {
                LEVELS[((c * 8).div_ceil(peak)).clamp(1, 8) - 1]
            }
        })
        .collect()
}

/// `<1m`, `1m–2m`, `10m–30m`, `≥7d`: the range of histogram bucket `i`.
pub fn bucket_label(i: usize) -> String {
    match Histogram::bounds(i) {
        (0, Some(hi)) => format!("<{}", secs(hi)),
        (lo, Some(hi)) => format!("{}–{}", secs(lo), secs(hi)),
        (lo, None) => format!("≥{}", secs(lo)),
    }
}

/// A fraction as a whole percentage: `0.254` → `25%`.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn secs(s: i64) -> String {
    format_duration(chrono::Duration::seconds(s))
}

/// The axis of a one-cell-per-bucket histogram (13 buckets): `<1m` over the first, `1h` over
/// the 1–2h bucket, `≥7d` ending over the last.
const AXIS: &str = "<1m   1h  ≥7d";

/// What a piece of a report line is, for the views to style it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// A section heading.
    Heading,
    /// Column headers, units, explanations.
    Dim,
    /// Numbers and names.
    Plain,
    /// Histogram bars.
    Bar,
}

/// One line of a report: pieces of text with their tone.
pub type ReportLine = Vec<(Tone, String)>;

/// A titled block of lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub title: String,
    pub lines: Vec<ReportLine>,
    /// Which of `lines` names the columns, if one does: a view that scrolls keeps it in sight
    /// under the title while the section's rows scroll.
    pub header: Option<usize>,
}

/// Which parts of [`report`] to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportOptions {
    /// Columns available (bars and titles are fitted to it; at least 40 is assumed).
    pub width: usize,
    /// The splits to add after the overall sections.
    pub splits: &'static [Split],
}

/// The patterns as text sections: durations, histograms, detours, then each split asked for.
/// Every text from files (titles, severities, services) is sanitised to one line.
pub fn report(p: &Patterns, opts: ReportOptions) -> Vec<Section> {
    let width = opts.width.max(40);
    let mut out = vec![
        durations_section(&p.overall, width),
        histograms_section(&p.overall, width),
        detours_section(p, width),
    ];
    for &by in opts.splits {
        out.push(split_section(p, by, width));
    }
    out
}

fn dur(s: Option<i64>) -> String {
    s.map_or_else(|| "—".to_string(), secs)
}

fn plain(s: impl Into<String>) -> (Tone, String) {
    (Tone::Plain, s.into())
}

fn dim(s: impl Into<String>) -> (Tone, String) {
    (Tone::Dim, s.into())
}

/// `  9  2  12m  45m  2h`: count, missing, median, p90, max in fixed columns.
fn numbers(m: &MetricSummary) -> String {
    let d: &Distribution = &m.distribution;
    format!(
        "{:>5} {:>7} {:>8} {:>8} {:>8}",
        d.count,
        m.missing,
        dur(d.median_s),
        dur(d.p90_s),
        dur(d.max_s)
    )
}

const NUMBERS_HEADER: &str = "count missing   median      p90      max";

fn durations_section(all: &Group, width: usize) -> Section {
    let mut lines = vec![
        vec![dim(format!(
            "{} incident{}; median and p90 by nearest rank; missing: no such milestones",
            all.incidents,
            if all.incidents == 1 { "" } else { "s" }
        ))],
        vec![dim(format!("{:<5}{NUMBERS_HEADER}", ""))],
    ];
    for m in &all.durations {
        lines.push(vec![
            plain(format!(
                "{:<5}{}",
                m.metric.as_str().to_uppercase(),
                numbers(m)
            )),
            dim(format!("  {}", describe(m.metric, width))),
        ]);
    }
    Section {
        title: "Durations".into(),
        lines,
        header: Some(1),
    }
}

/// `time to detect (started → detected)`, or only `started → detected` when narrow.
fn describe(metric: crate::analysis::Metric, width: usize) -> &'static str {
    let full = metric.describe();
    match full.split_once('(') {
        Some((_, between)) if width < 100 => between.trim_end_matches(')'),
        _ => full,
    }
}

fn histograms_section(all: &Group, width: usize) -> Section {
    const LABEL: usize = 9;
    let bar_width = width.saturating_sub(5 + LABEL + 7).clamp(8, 60);
    let mut lines = Vec::new();
    for m in &all.durations {
        let name = m.metric.as_str().to_uppercase();
        let Some((first, last)) = m.histogram.span() else {
            lines.push(vec![plain(format!("{name:<5}")), dim("no incident has it")]);
            continue;
        };
        let peak = m.histogram.peak();
        for i in first..=last {
            let c = m.histogram.counts[i];
            let lead = if i == first { name.as_str() } else { "" };
            let mut line = vec![
                plain(format!("{lead:<5}")),
                dim(format!("{:<LABEL$}", bucket_label(i))),
                (Tone::Bar, bar(c, peak, bar_width)),
            ];
            if c > 0 {
                line.push(plain(format!(" {c}")));
            }
            lines.push(line);
        }
        if m.histogram.negative > 0 {
            lines.push(vec![
                plain(format!("{:<5}", "")),
                dim(format!(
                    "{} below zero (milestones out of order; see `retrace lint`)",
                    m.histogram.negative
                )),
            ]);
        }
    }
    Section {
        title: "Histograms (log scale)".into(),
        lines,
        header: None,
    }
}

fn share(s: Option<f64>) -> String {
    s.map_or_else(|| "—".to_string(), percent)
}

fn detours_section(p: &Patterns, width: usize) -> Section {
    let d = &p.detours;
    let mut lines = vec![vec![plain(format!(
        "{} of {} incidents had at least one detour{}",
        d.with_detours,
        d.incidents,
        d.frequency
            .map_or_else(String::new, |f| format!(" ({})", percent(f)))
    ))]];
    let s = &d.share_of_ttr;
    lines.push(vec![
        dim("share of TTR  "),
        plain(format!(
            "median {} · p90 {} · max {}",
            share(s.median),
            share(s.p90),
            share(s.max)
        )),
        dim(format!(
            "  ({} with a TTR, {} without)",
            s.count, d.share_missing
        )),
    ]);
    let t = &d.detour_time;
    lines.push(vec![
        dim("detour time   "),
        plain(format!(
            "median {} · p90 {} · max {}",
            dur(t.median_s),
            dur(t.p90_s),
            dur(t.max_s)
        )),
        dim(format!("  (over the {} with detours)", t.count)),
    ]);
    if !d.most.is_empty() {
        lines.push(vec![dim("most detour time:")]);
        let title_width = width.saturating_sub(2 + 7 + 2 + 4 + 2 + 10 + 2);
        for i in &d.most {
            lines.push(vec![
                plain(format!(
                    "  {:>7}  {:>4}  {:<10}  ",
                    secs(i.detour_s),
                    share(i.share_of_ttr),
                    format!(
                        "{} detour{}",
                        i.detours,
                        if i.detours == 1 { "" } else { "s" }
                    )
                )),
                plain(truncate(&clean_line(&i.title), title_width)),
            ]);
        }
    }
    Section {
        title: "Detours".into(),
        lines,
        header: None,
    }
}

fn split_section(p: &Patterns, by: Split, width: usize) -> Section {
    let label_width = width
        .saturating_sub(5 + NUMBERS_HEADER.len() + 2 + 13)
        .clamp(10, 30);
    let mut lines = vec![vec![dim(format!("{:<5}{NUMBERS_HEADER}  {AXIS}", ""))]];
    for g in p.split(by) {
        lines.push(vec![
            (Tone::Heading, truncate(&clean_line(&g.label), label_width)),
            dim(format!(
                "  {} incident{}, {} with detours",
                g.incidents,
                if g.incidents == 1 { "" } else { "s" },
                g.with_detours
            )),
        ]);
        for m in &g.durations {
            // Every bucket, one cell each: one axis for all rows, labelled in the header.
            let cols = columns(&m.histogram.counts, m.histogram.peak());
            lines.push(vec![
                plain(format!(
                    "{:<5}{}",
                    m.metric.as_str().to_uppercase(),
                    numbers(m)
                )),
                dim("  "),
                (Tone::Bar, cols),
            ]);
        }
    }
    Section {
        title: match by {
            Split::Severity => "By severity".into(),
            Split::Service => "By service".into(),
        },
        lines,
        header: Some(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_in_eighths() {
        assert_eq!(bar(4, 4, 3), "███");
        assert_eq!(bar(1, 4, 2), "▌"); // 4 of 16 eighths
        assert_eq!(bar(1, 1000, 2), "▏", "never invisible");
        assert_eq!(bar(0, 4, 3), "");
        assert_eq!(columns(&[0, 1, 8], 8), "·▁█");
        assert_eq!(bucket_label(0), "<1m");
        assert_eq!(bucket_label(4), "10m–30m");
        assert_eq!(bucket_label(12), "≥7d");
        assert_eq!(percent(0.254), "25%");
        // The axis labels stand over their buckets.
        let axis: Vec<char> = AXIS.chars().collect();
        assert_eq!(axis.len(), Histogram::of([]).counts.len());
        assert!(bucket_label(6).starts_with("1h") && axis[6..8] == ['1', 'h']);
        assert!(bucket_label(12).starts_with("≥7d") && axis[10..] == ['≥', '7', 'd']);
    }
}
