//! The phases between milestones as a bar to scale, and its legend: each phase's fill, name,
//! duration and share. Every phase has its own fill texture ([`theme::phase_fill`]), so the bar
//! and legend read the same on a monochrome projector as in colour.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::analysis::{Phase, PhaseKind, format_duration};
use crate::tui::theme::{self, Theme};

/// Columns of each phase in a bar `width` wide, in order: proportional to its duration, at
/// least one column for a phase that took any time, the last phase ending at `width`.
pub fn cells(phases: &[Phase], width: usize) -> Vec<(PhaseKind, usize)> {
    let (Some(first), Some(last)) = (phases.first(), phases.last()) else {
        return Vec::new();
    };
    let total = (last.end - first.start).num_seconds().max(1) as f64;
    let mut used = 0usize;
    let mut out = Vec::with_capacity(phases.len());
    for (i, p) in phases.iter().enumerate() {
        let frac = (p.end - first.start).num_seconds() as f64 / total;
        let mut end = (frac * width as f64).round() as usize;
        if i + 1 == phases.len() {
            end = width;
        }
        if p.duration().num_seconds() > 0 && end <= used {
            end = used + 1;
        }
        let end = end.min(width).max(used);
        out.push((p.kind, end - used));
        used = end;
    }
    out
}

/// The bar: `rows` identical lines, each `width` columns, every phase drawn in its fill.
pub fn bar(phases: &[Phase], t: &Theme, width: usize, rows: usize) -> Vec<Line<'static>> {
    let spans: Vec<Span<'static>> = cells(phases, width)
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(kind, n)| {
            Span::styled(
                theme::phase_fill(kind).to_string().repeat(n),
                t.phase_style(kind),
            )
        })
        .collect();
    vec![Line::from(spans); rows]
}

/// The legend: `▓▓▓ triage 5m (4%)` per phase (every phase, those of no length too), packed
/// into lines of at most `width` columns, entries kept whole.
pub fn legend(phases: &[Phase], t: &Theme, width: usize) -> Vec<Line<'static>> {
    let (Some(first), Some(last)) = (phases.first(), phases.last()) else {
        return Vec::new();
    };
    let total = (last.end - first.start).num_seconds().max(1) as f64;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut cur: Vec<Span<'static>> = Vec::new();
    let mut cur_w = 0usize;
    for p in phases {
        let share = (p.duration().num_seconds() as f64 / total * 100.0).round();
        let swatch = theme::phase_fill(p.kind).to_string().repeat(3);
        let words = format!(
            " {} {} ({share}%)",
            p.kind.as_str(),
            format_duration(p.duration())
        );
        let w = swatch.width() + words.width();
        let gap = if cur.is_empty() { 0 } else { 4 };
        if !cur.is_empty() && cur_w + gap + w > width {
            lines.push(Line::from(std::mem::take(&mut cur)));
            cur_w = 0;
        } else if gap > 0 {
            cur.push(Span::raw(" ".repeat(gap)));
            cur_w += gap;
        }
        cur.push(Span::styled(swatch, t.phase_style(p.kind)));
        cur.push(Span::styled(words, t.text));
        cur_w += w;
    }
    if !cur.is_empty() {
        lines.push(Line::from(cur));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phase(kind: PhaseKind, from_min: i64, to_min: i64) -> Phase {
        let t0 = chrono::DateTime::parse_from_rfc3339("2024-08-15T10:00:00Z").unwrap();
        Phase {
            kind,
            start: t0 + chrono::Duration::minutes(from_min),
            end: t0 + chrono::Duration::minutes(to_min),
        }
    }

    #[test]
    fn cells_are_to_scale_and_fill_the_width() {
        let phases = [
            phase(PhaseKind::Undetected, 0, 0),
            phase(PhaseKind::Triage, 0, 1),
            phase(PhaseKind::Diagnosis, 1, 60),
            phase(PhaseKind::Recovery, 60, 120),
        ];
        let c = cells(&phases, 60);
        assert_eq!(
            c,
            [
                (PhaseKind::Undetected, 0),
                // 1 minute of 120 rounds to 0 columns; it took time, so it gets one.
                (PhaseKind::Triage, 1),
                (PhaseKind::Diagnosis, 29),
                (PhaseKind::Recovery, 30)
            ]
        );
        let t = Theme::new(crate::tui::theme::ThemeName::Mono);
        let legend: Vec<String> = legend(&phases, &t, 200)
            .iter()
            .map(|l| l.to_string())
            .collect();
        assert_eq!(
            legend,
            [
                "███ undetected 0s (0%)    ▓▓▓ triage 1m (1%)    ▒▒▒ diagnosis 59m (49%)    ▁▁▁ recovery 1h (50%)"
            ]
        );
        assert_eq!(legend_lines(&phases, &t, 50), 2);
        assert_eq!(legend_lines(&phases, &t, 40), 4);
    }

    fn legend_lines(p: &[Phase], t: &Theme, w: usize) -> usize {
        let lines = legend(p, t, w);
        assert!(lines.iter().all(|l| l.width() <= w));
        lines.len()
    }
}
