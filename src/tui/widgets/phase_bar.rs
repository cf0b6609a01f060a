//! The phase bar: the phases between milestones, each as wide as its share of the incident,
//! and its legend (each phase's fill, name, duration and share, readable without colour). One
//! implementation for the incident header ([`line`], [`legend`] on one row) and the summary
//! slide of a presentation ([`bar`], [`legend`] on as many rows as it needs).

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::analysis::{Phase, PhaseKind, format_duration};
use crate::model::Timestamp;
use crate::tui::app::Doc;
use crate::tui::theme::{self, Theme};

/// Columns of each phase in a bar `width` wide that spans from the first phase's start to
/// `end`, in order: proportional to its duration, at least one column for a phase that took
/// any time. When `end` is the last phase's end, the last phase ends at `width`; a later `end`
/// (an incident not yet resolved) leaves the columns after the phases free.
pub fn cells(phases: &[Phase], end: Timestamp, width: usize) -> Vec<(PhaseKind, usize)> {
    let (Some(first), Some(last)) = (phases.first(), phases.last()) else {
        return Vec::new();
    };
    let open_tail = end > last.end;
    let total = (end - first.start).num_seconds().max(1) as f64;
    let mut used = 0usize;
    let mut out = Vec::with_capacity(phases.len());
    for (i, p) in phases.iter().enumerate() {
        let frac = (p.end - first.start).num_seconds() as f64 / total;
        let mut end = (frac * width as f64).round() as usize;
        if i + 1 == phases.len() && !open_tail {
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

/// The incident header's bar, one line: `phases ` then each phase in its fill, named when the
/// name fits in its columns; an incident not yet resolved also shows the time since its last
/// milestone.
pub fn line(t: &Theme, doc: &Doc, width: usize) -> Line<'static> {
    let phases = &doc.analysis.phases;
    let label = "phases ";
    let Some(last) = phases.last() else {
        return Line::from(Span::styled(
            "phases: not enough milestones to draw them",
            t.dim,
        ));
    };
    // An incident not yet resolved: the time since the last milestone is drawn too.
    let latest = doc.incident.timeline.last().map(|e| e.at);
    let bar_end = match latest {
        Some(l)
            if l > last.end
                && doc
                    .analysis
                    .milestones
                    .at(crate::model::MilestoneKind::Resolved)
                    .is_none() =>
        {
            l
        }
        _ => last.end,
    };
    let bar_w = width.saturating_sub(label.len() + 1).max(1);
    let mut spans = vec![Span::styled(label, t.dim)];
    let mut used = 0usize;
    for (p, (kind, n)) in phases.iter().zip(cells(phases, bar_end, bar_w)) {
        if n == 0 {
            continue;
        }
        let text = format!(" {} {} ", kind.as_str(), format_duration(p.duration()));
        let fill = theme::phase_fill(kind);
        // The name when it fits; else only the fill, which the legend below names.
        let content = if text.width() + 2 <= n {
            let pad = n - text.width();
            let left = pad / 2;
            format!(
                "{}{}{}",
                fill.to_string().repeat(left),
                text,
                fill.to_string().repeat(pad - left)
            )
        } else {
            fill.to_string().repeat(n)
        };
        spans.push(Span::styled(content, t.phase_style(kind)));
        used += n;
    }
    if bar_end > last.end && used < bar_w {
        let n = bar_w - used;
        let text = format!(
            " not resolved: {} so far ",
            format_duration(bar_end - last.end)
        );
        let content = if text.width() + 2 <= n {
            let pad = n - text.width();
            format!("{}{text}{}", "·".repeat(pad / 2), "·".repeat(pad - pad / 2))
        } else {
            "·".repeat(n)
        };
        spans.push(Span::styled(content, t.dim));
    }
    Line::from(spans)
}

/// The bar alone, for a slide: `rows` identical lines of `width` columns, every phase in its
/// fill, the last one ending at the right edge.
pub fn bar(phases: &[Phase], t: &Theme, width: usize, rows: usize) -> Vec<Line<'static>> {
    let Some(last) = phases.last() else {
        return Vec::new();
    };
    let spans: Vec<Span<'static>> = cells(phases, last.end, width)
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

/// The legend: per phase that took time (one of no length has no columns in the bar), its
/// fill, name, duration and share of the phases' span, `▓▓▓ triage 5m (4%)`, in order; the
/// fills tell the phases apart without colour, on a monochrome projector too. Entries are
/// kept whole and packed into at most `rows` lines of at most `width` columns: the widest
/// form that fits (three fill cells and wide gaps, then narrower, then without the shares);
/// when even the narrowest does not, its last line ends in `…`. Empty with no phases.
pub fn legend(phases: &[Phase], t: &Theme, width: usize, rows: usize) -> Vec<Line<'static>> {
    let (Some(first), Some(last)) = (phases.first(), phases.last()) else {
        return Vec::new();
    };
    let total = (last.end - first.start).num_seconds().max(1) as f64;
    let shown: Vec<&Phase> = phases
        .iter()
        .filter(|p| p.duration().num_seconds() > 0)
        .collect();
    let forms = [
        (3, 4, true),
        (2, 3, true),
        (2, 3, false),
        (1, 2, false),
        (1, 1, false),
    ];
    let mut packed = Vec::new();
    for (swatch, gap, shares) in forms {
        packed = pack(&shown, t, width, swatch, gap, |p| {
            let share = (p.duration().num_seconds() as f64 / total * 100.0).round();
            let mut words = format!(" {} {}", p.kind.as_str(), format_duration(p.duration()));
            if shares {
                words.push_str(&format!(" ({share}%)"));
            }
            words
        });
        if packed.len() <= rows && packed.iter().all(|l| l.width() <= width) {
            return packed;
        }
    }
    // Even the narrowest form needs more: keep what fits, the last line cut with `…`.
    let more = packed.len() > rows;
    packed.truncate(rows);
    if let Some(l) = packed.last_mut() {
        let w = if more { width.saturating_sub(1) } else { width };
        let mut cut = crate::tui::view::truncate_line(l.clone(), w);
        if more && !cut.to_string().ends_with('…') {
            cut.spans.push(Span::styled("…", t.dim));
        }
        *l = cut;
    }
    packed
}

/// The entries (`swatch` fill cells and `words`) packed into lines of `width` columns, `gap`
/// spaces between entries on a line.
fn pack(
    phases: &[&Phase],
    t: &Theme,
    width: usize,
    swatch: usize,
    gap: usize,
    words: impl Fn(&Phase) -> String,
) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut cur: Vec<Span<'static>> = Vec::new();
    let mut cur_w = 0usize;
    for p in phases {
        let fill = theme::phase_fill(p.kind).to_string().repeat(swatch);
        let words = words(p);
        let w = fill.width() + words.width();
        if !cur.is_empty() && cur_w + gap + w > width {
            lines.push(Line::from(std::mem::take(&mut cur)));
            cur_w = 0;
        } else if !cur.is_empty() {
            cur.push(Span::raw(" ".repeat(gap)));
            cur_w += gap;
        }
        cur.push(Span::styled(fill, t.phase_style(p.kind)));
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

    fn phases() -> [Phase; 4] {
        [
            phase(PhaseKind::Undetected, 0, 0),
            phase(PhaseKind::Triage, 0, 1),
            phase(PhaseKind::Diagnosis, 1, 60),
            phase(PhaseKind::Recovery, 60, 120),
        ]
    }

    #[test]
    fn cells_are_to_scale_and_fill_the_width() {
        let p = phases();
        assert_eq!(
            cells(&p, p[3].end, 60),
            [
                (PhaseKind::Undetected, 0),
                // 1 minute of 120 rounds to 0 columns; it took time, so it gets one.
                (PhaseKind::Triage, 1),
                (PhaseKind::Diagnosis, 29),
                (PhaseKind::Recovery, 30)
            ]
        );
        // Not resolved: two hours more after the last milestone leave half the bar free.
        let later = p[3].end + chrono::Duration::minutes(120);
        let open = cells(&p, later, 60);
        assert_eq!(open.iter().map(|c| c.1).sum::<usize>(), 30);
    }

    fn legend_text(p: &[Phase], w: usize, rows: usize) -> Vec<String> {
        let t = Theme::new(crate::tui::theme::ThemeName::Mono);
        let lines: Vec<String> = legend(p, &t, w, rows)
            .iter()
            .map(|l| l.to_string())
            .collect();
        assert!(lines.len() <= rows, "{lines:?}");
        assert!(lines.iter().all(|l| l.width() <= w), "{lines:?}");
        lines
    }

    #[test]
    fn legend_takes_the_widest_form_that_fits() {
        let p = phases();
        // The phase of no length has no columns in the bar: the legend does not name it.
        assert_eq!(
            legend_text(&p, 200, 1),
            ["▓▓▓ triage 1m (1%)    ▒▒▒ diagnosis 59m (49%)    ▁▁▁ recovery 1h (50%)"]
        );
        // On several rows at 50 columns: packed, the wide form kept.
        assert_eq!(
            legend_text(&p, 50, 3),
            [
                "▓▓▓ triage 1m (1%)    ▒▒▒ diagnosis 59m (49%)",
                "▁▁▁ recovery 1h (50%)"
            ]
        );
        // One row at 50: narrower swatches and no shares.
        assert_eq!(
            legend_text(&p, 50, 1),
            ["▓▓ triage 1m   ▒▒ diagnosis 59m   ▁▁ recovery 1h"]
        );
        // Too narrow for one row even then: cut, and it says so.
        let cut = legend_text(&p, 30, 1);
        assert!(cut[0].ends_with('…'), "{cut:?}");
        assert!(legend_text(&[], 80, 1).is_empty());
    }
}
