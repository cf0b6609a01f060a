//! HTML export: one self-contained page for the retro and the archive. Inline CSS, no scripts,
//! nothing fetched (a Content-Security-Policy says so to the browser too), a print stylesheet;
//! the phase bar with its legend, the timeline marked as the TUI marks it, with detours drawn as
//! branches off the main line. Every piece of file text is escaped, and only `http(s)` links
//! become links.

use std::fmt::Write;

use super::{Options, Row, header_facts, prose_blocks, rows, zone_label};
use crate::analysis::{Analysis, Metric, PhaseKind, format_duration};
use crate::model::{ActionStatus, Incident, Outcome};

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Only `http(s)` links become anchors; anything else (`javascript:`, `data:`) stays text.
fn link(url: &str) -> String {
    match super::web_address(url) {
        Some(url) => format!(
            "<a href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>",
            escape(url)
        ),
        None => escape(url),
    }
}

/// The page's only style. Shades and patterns, not hue alone, tell phases apart (monochrome
/// projectors, black-and-white print).
const STYLE: &str = "\
:root{--ink:#1d1d1f;--dim:#5f6368;--line:#d0d0d0;--ms:#0a6b2d;--detour:#9a5b00}
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:var(--ink)}
h1{font-size:1.8rem;margin:0 0 .3rem}h2{margin-top:2rem;border-bottom:1px solid var(--line)}
.facts{color:var(--dim);margin:0 0 1rem;padding:0;list-style:none}.facts li{display:inline;margin-right:1rem}
.facts b{color:var(--ink);font-weight:600}
table{border-collapse:collapse;margin:1rem 0;width:100%}
td,th{padding:.3rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td.short,th.short{white-space:nowrap;width:1%}
.bar{display:flex;height:1.6rem;border:1px solid #333;margin:.8rem 0 .4rem}
.bar span{display:block;height:100%;border-right:1px solid #333}.bar span:last-child{border-right:0}
.ph-undetected{background:#222}.ph-triage{background:repeating-linear-gradient(45deg,#555 0 4px,#999 4px 8px)}
.ph-diagnosis{background:#888}.ph-mitigation{background:repeating-linear-gradient(90deg,#bbb 0 3px,#eee 3px 6px)}
.ph-recovery{background:#e8e8e8}
.legend{list-style:none;padding:0;margin:0 0 1rem;display:flex;flex-wrap:wrap;gap:.3rem 1.4rem}
.legend li{white-space:nowrap}.legend i{display:inline-block;width:1.1rem;height:.9rem;border:1px solid #333;margin-right:.35rem;vertical-align:-.1rem}
ol.timeline{list-style:none;padding:0;margin:0}
ol.timeline li{display:grid;grid-template-columns:8.5rem 1fr;gap:.8rem;padding:.25rem 0}
ol.timeline li.day{display:block;font-weight:700;margin-top:1rem;border-bottom:1px solid var(--line)}
.when{font-family:ui-monospace,'SFMono-Regular',Menlo,monospace;white-space:nowrap}
.when small{display:block;color:var(--dim)}
.what{border-left:3px solid #777;padding-left:.8rem}
li.ms .what{border-left-color:var(--ms)}li.ms .text{font-weight:600}
li.key .text{font-weight:600}
li.branch .what{margin-left:2rem;border-left:3px dashed var(--detour)}
li.branch.confirmed .what{border-left-style:solid;border-left-color:var(--ms)}
.kind{font-size:.8em;color:var(--dim);border:1px solid var(--line);border-radius:.3rem;padding:0 .3rem;margin-right:.4rem;white-space:nowrap}
.mark{font-size:.85em;font-weight:700;margin-right:.4rem;white-space:nowrap}.mark.ms{color:var(--ms)}
.fork,.outcome{font-size:.85em;font-weight:700;color:var(--detour);white-space:nowrap}
li.confirmed .fork,li.confirmed .outcome{color:var(--ms)}
.who{color:var(--dim);white-space:nowrap}.links{display:block;font-size:.9em;overflow-wrap:anywhere}
.note{color:var(--dim);font-style:italic}
@media print{
body{margin:0;max-width:none;font-size:11pt}a{color:inherit;text-decoration:none}
h2{break-after:avoid}ol.timeline li,tr,.bar,.legend{break-inside:avoid}
.bar span,.legend i{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}";

/// The whole page. `options.key_only` keeps only the key moments, the milestones and the
/// detours in the timeline.
pub fn render(inc: &Incident, a: &Analysis, options: &Options) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<meta name=\"referrer\" content=\"no-referrer\">\
<title>{}</title>\n<style>\n{STYLE}\n</style></head>\n<body>\n",
        escape(&inc.title)
    );
    let _ = writeln!(o, "<h1>{}</h1>", escape(&inc.title));
    let _ = write!(o, "<ul class=\"facts\">");
    for (label, value) in header_facts(inc, a) {
        let _ = write!(o, "<li><b>{label}:</b> {}</li>", escape(&value));
    }
    let _ = writeln!(o, "</ul>");

    durations(&mut o, a);
    phase_bar(&mut o, a);

    for (h, body) in [
        ("Summary", &inc.summary),
        ("Impact", &inc.impact),
        ("Root cause", &inc.root_cause),
        ("Resolution", &inc.resolution),
    ] {
        if let Some(b) = body.as_deref().filter(|b| !b.trim().is_empty()) {
            let _ = writeln!(o, "<h2>{h}</h2>");
            prose(&mut o, b);
        }
    }

    let shown = rows(inc, a, options);
    if !shown.is_empty() {
        let _ = writeln!(
            o,
            "<h2>Timeline <small>({})</small></h2>",
            escape(&zone_label(inc))
        );
        if options.key_only {
            let _ = writeln!(
                o,
                "<p class=\"note\">Key moments, milestones and detours only: {} of {} events.</p>",
                shown.len(),
                inc.timeline.len()
            );
        }
        let _ = writeln!(o, "<ol class=\"timeline\">");
        // Milestones stated without an event get a row of their own at their time, as in the
        // TUI.
        let mut unmarked = a.milestones.on_timeline(inc).unmarked;
        unmarked.sort_by_key(|(at, _)| *at);
        let mut unmarked = unmarked.into_iter().peekable();
        for row in &shown {
            let at = inc.timeline[row.index].at;
            if let Some(day) = row.new_day {
                let _ = writeln!(o, "<li class=\"day\">{}</li>", day.format("%A %Y-%m-%d"));
            }
            while let Some((t, m)) = unmarked.next_if(|(t, _)| *t < at) {
                milestone_row(&mut o, inc, a, t, m);
            }
            timeline_row(&mut o, inc, row);
        }
        for (t, m) in unmarked {
            milestone_row(&mut o, inc, a, t, m);
        }
        let _ = writeln!(o, "</ol>");
    }

    if !inc.branches.is_empty() {
        let _ = writeln!(o, "<h2>Theories</h2>");
        if !a.detours.is_empty() {
            let _ = writeln!(
                o,
                "<p>Detours are theories that were followed and ruled out on the way; part of the story, not a fault.</p>"
            );
        }
        let _ = writeln!(o, "<ul>");
        for b in &inc.branches {
            let _ = writeln!(
                o,
                "<li><b>⎇ {}</b> — {} — {}</li>",
                escape(&b.id),
                escape(&b.hypothesis),
                escape(&super::branch_outcome(a, b))
            );
        }
        let _ = writeln!(o, "</ul>");
    }

    if !inc.actions.is_empty() {
        let _ = writeln!(
            o,
            "<h2>Action items</h2>\n<table><tr><th class=\"short\"></th><th>Action</th><th class=\"short\">Kind</th>\
<th class=\"short\">Owner</th><th class=\"short\">Ticket</th><th class=\"short\">Due</th></tr>"
        );
        for act in &inc.actions {
            let done = if act.status == ActionStatus::Done {
                "☑"
            } else {
                "☐"
            };
            let _ = writeln!(
                o,
                "<tr><td class=\"short\" title=\"{}\">{done}</td><td>{}</td><td class=\"short\">{}</td>\
<td class=\"short\">{}</td><td class=\"short\">{}</td><td class=\"short\">{}</td></tr>",
                act.status.as_str(),
                escape(&act.text),
                act.kind.as_str(),
                act.owner.as_deref().map(escape).unwrap_or_default(),
                act.ticket.as_deref().map(link).unwrap_or_default(),
                act.due.map(|d| d.to_string()).unwrap_or_default()
            );
        }
        let _ = writeln!(o, "</table>");
    }
    let l = &inc.lessons;
    if !l.is_empty() {
        let _ = writeln!(o, "<h2>Lessons</h2>");
        for (title, items) in l.sections() {
            let _ = writeln!(o, "<h3>{title}</h3>\n<ul>");
            for i in items {
                let _ = writeln!(o, "<li>{}</li>", escape(i));
            }
            let _ = writeln!(o, "</ul>");
        }
    }
    let _ = writeln!(o, "</body></html>");
    o
}

/// Paragraphs reflowed; list items as a list.
fn prose(o: &mut String, body: &str) {
    for block in prose_blocks(body) {
        let mut in_list = false;
        for line in &block {
            match super::list_item(line) {
                Some(item) => {
                    if !in_list {
                        let _ = write!(o, "<ul>");
                        in_list = true;
                    }
                    let _ = write!(o, "<li>{}</li>", escape(item));
                }
                None => {
                    if in_list {
                        let _ = write!(o, "</ul>");
                        in_list = false;
                    }
                    let _ = write!(o, "<p>{}</p>", escape(line));
                }
            }
        }
        if in_list {
            let _ = write!(o, "</ul>");
        }
        o.push('\n');
    }
}

fn durations(o: &mut String, a: &Analysis) {
    let _ = writeln!(o, "<table class=\"durations\">");
    for m in Metric::ALL {
        let v = super::metric_value(a, m);
        let _ = writeln!(
            o,
            "<tr><th class=\"short\">{}</th><td>{}</td><td>{}</td></tr>",
            m.as_str().to_uppercase(),
            escape(m.describe()),
            escape(&v)
        );
    }
    let _ = writeln!(o, "</table>");
}

/// The phases to scale, each segment named in its tooltip, and a legend under it with each
/// phase's shade, name and duration.
fn phase_bar(o: &mut String, a: &Analysis) {
    let total: i64 = a.phases.iter().map(|p| p.duration().num_seconds()).sum();
    if total <= 0 {
        return;
    }
    let _ = write!(
        o,
        "<div class=\"bar\" role=\"img\" aria-label=\"phases to scale\">"
    );
    for p in &a.phases {
        let share = p.duration().num_seconds() as f64 * 100.0 / total as f64;
        let _ = write!(
            o,
            "<span class=\"ph-{0}\" style=\"width:{share:.2}%\" title=\"{0} {1}\"></span>",
            p.kind.as_str(),
            format_duration(p.duration())
        );
    }
    let _ = writeln!(o, "</div>");
    let _ = write!(o, "<ul class=\"legend\">");
    for kind in PhaseKind::ALL {
        for p in a.phases.iter().filter(|p| p.kind == kind) {
            let _ = write!(
                o,
                "<li><i class=\"ph-{0}\"></i>{0} <b>{1}</b></li>",
                kind.as_str(),
                format_duration(p.duration())
            );
        }
    }
    let _ = writeln!(o, "</ul>");
}

/// A milestone no event marks (stated in the file): its time and name.
fn milestone_row(
    o: &mut String,
    inc: &Incident,
    a: &Analysis,
    at: crate::model::Timestamp,
    m: crate::model::MilestoneKind,
) {
    let _ = writeln!(
        o,
        "<li class=\"ms\"><span class=\"when\">{} <small>{}</small></span> <div class=\"what\">\
<span class=\"mark ms\">◆ {}</span> <span class=\"note\">stated milestone</span></div></li>",
        escape(&super::stamp(inc, at, false)),
        escape(&super::offset_label(inc, a, at)),
        m.as_str().to_uppercase()
    );
}

fn timeline_row(o: &mut String, inc: &Incident, row: &Row) {
    let e = &inc.timeline[row.index];
    let mut classes = Vec::new();
    if !row.milestones.is_empty() {
        classes.push("ms");
    }
    if e.key {
        classes.push("key");
    }
    if let Some(b) = &row.branch {
        classes.push("branch");
        classes.push(match b.outcome {
            Outcome::RuledOut => "detour",
            Outcome::Confirmed => "confirmed",
            Outcome::Inconclusive => "inconclusive",
            Outcome::Open => "open",
        });
    }
    let class = if classes.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", classes.join(" "))
    };
    // The date is on the day row; the time cell keeps only the clock.
    let time = row
        .time
        .rsplit_once(' ')
        .map_or(row.time.as_str(), |(d, t)| {
            if row.new_day.is_some() && d.len() == 10 {
                t
            } else {
                row.time.as_str()
            }
        });
    let _ = write!(
        o,
        "<li{class}><span class=\"when\">{}{} <small>{}</small></span> <div class=\"what\">",
        if e.approximate { "~" } else { "" },
        escape(time),
        escape(&row.offset)
    );
    if let Some(b) = row.branch.as_ref().filter(|b| b.fork) {
        let _ = write!(o, "<span class=\"fork\">⎇ {}</span> ", escape(&b.id));
    }
    let kind = if e.inferred.is_some() {
        format!("{}?", e.kind.as_str())
    } else {
        e.kind.as_str().to_string()
    };
    let _ = write!(o, "<span class=\"kind\">{kind}</span> ");
    for m in &row.milestones {
        let _ = write!(
            o,
            "<span class=\"mark ms\">◆ {}</span> ",
            m.as_str().to_uppercase()
        );
    }
    if e.key {
        let _ = write!(o, "<span class=\"mark\" title=\"key moment\">★</span> ");
    }
    let _ = write!(o, "<span class=\"text\">{}</span>", escape(&e.text));
    if let Some(au) = &e.author {
        let _ = write!(o, " <span class=\"who\">— {}</span>", escape(au));
    }
    if let Some(b) = row.branch.as_ref().filter(|b| b.end) {
        let _ = write!(
            o,
            " <span class=\"outcome\">{} {} · {}</span>",
            super::outcome_glyph(b.outcome),
            super::outcome_words(b.outcome),
            format_duration(b.duration)
        );
    }
    if !e.links.is_empty() {
        let links: Vec<String> = e.links.iter().map(|l| link(l)).collect();
        let _ = write!(o, " <span class=\"links\">{}</span>", links.join(" · "));
    }
    let _ = writeln!(o, "</div></li>");
}
