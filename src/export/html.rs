//! HTML export: one standalone page (inline CSS, no scripts, nothing fetched), every piece of
//! file text escaped.

use std::fmt::Write;

use super::{clock, offset_label, when, zone};
use crate::analysis::{Analysis, Metric, detour_label, format_duration};
use crate::model::{Incident, Outcome};

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

/// Only `http(s)` links become anchors; anything else (javascript:, data:) stays text.
fn link(url: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        format!(
            "<a href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>",
            escape(url.trim())
        )
    } else {
        escape(url)
    }
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}\
h1{font-size:1.8rem;margin-bottom:.2rem}.meta{color:#555}table{border-collapse:collapse;margin:1rem 0}\
td,th{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}\
.chips span{display:inline-block;border:1px solid #bbb;border-radius:1rem;padding:.1rem .7rem;margin:.15rem}\
ol.timeline{list-style:none;padding-left:0}ol.timeline li{padding:.3rem 0 .3rem .8rem;border-left:3px solid #888}\
ol.timeline li.milestone{border-left-color:#0a7d32;font-weight:600}\
ol.timeline li.detour{margin-left:2rem;border-left:3px dashed #b26b00;color:#444}\
.time{font-family:ui-monospace,monospace;color:#333}.off{color:#777;font-size:.85em}\
.tag{font-size:.8em;border:1px solid #999;border-radius:.3rem;padding:0 .3rem;margin-right:.3rem}\
.date{margin-top:.8rem;font-weight:700}@media print{a{color:inherit}}";

pub fn render(inc: &Incident, a: &Analysis) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>{}</title><style>{STYLE}</style></head><body>\n",
        escape(&inc.title)
    );
    let _ = writeln!(o, "<h1>{}</h1>", escape(&inc.title));
    let mut meta = Vec::new();
    if let Some(s) = &inc.severity {
        meta.push(escape(&s.0));
    }
    meta.push(inc.effective_status().as_str().to_string());
    if let Some(t) = a
        .milestones
        .at(crate::model::MilestoneKind::Started)
        .or(inc.timeline.first().map(|e| e.at))
    {
        meta.push(format!(
            "{} ({})",
            escape(&when(inc, t)),
            escape(&zone(inc))
        ));
    }
    if !inc.services.is_empty() {
        meta.push(
            inc.services
                .iter()
                .map(|s| escape(s))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    let _ = writeln!(o, "<p class=\"meta\">{}</p>", meta.join(" · "));
    let _ = write!(o, "<p class=\"chips\">");
    for m in Metric::ALL {
        let v = match m {
            Metric::Detour => {
                if a.detours.is_empty() {
                    continue;
                }
                let share = a
                    .durations
                    .detour_share
                    .map(|s| format!(" · {:.0}%", s * 100.0))
                    .unwrap_or_default();
                format!("{}{share}", format_duration(a.durations.detour))
            }
            _ => a
                .durations
                .get(m)
                .map_or_else(|| "—".to_string(), format_duration),
        };
        let _ = write!(
            o,
            "<span title=\"{}\">{} {v}</span>",
            escape(m.describe()),
            m.as_str().to_uppercase()
        );
    }
    let _ = writeln!(o, "</p>");

    for (h, body) in [
        ("Summary", &inc.summary),
        ("Impact", &inc.impact),
        ("Root cause", &inc.root_cause),
        ("Resolution", &inc.resolution),
    ] {
        if let Some(b) = body {
            let _ = writeln!(o, "<h2>{h}</h2>");
            for p in b.split("\n\n") {
                let _ = writeln!(o, "<p>{}</p>", escape(p).replace('\n', "<br>"));
            }
        }
    }

    if !inc.timeline.is_empty() {
        let _ = writeln!(
            o,
            "<h2>Timeline <small>({})</small></h2>\n<ol class=\"timeline\">",
            escape(&zone(inc))
        );
        let mut last_date = None;
        for (i, e) in inc.timeline.iter().enumerate() {
            let date = e.at.with_timezone(&inc.display_offset()).date_naive();
            if !inc.undated && last_date != Some(date) {
                let _ = writeln!(
                    o,
                    "<li class=\"date\" style=\"border:0\">{}</li>",
                    date.format("%A %Y-%m-%d")
                );
            }
            last_date = Some(date);
            let milestone = a.milestones.marked_by(i);
            let branch = e.branch.as_deref().and_then(|id| inc.branch(id));
            let class = match (milestone, branch) {
                (_, Some(b)) if b.outcome == Outcome::RuledOut => " class=\"detour\"",
                (Some(_), _) => " class=\"milestone\"",
                _ => "",
            };
            let _ = write!(
                o,
                "<li{class}><span class=\"time\">{}{}</span> <span class=\"off\">{}</span> <span class=\"tag\">{}{}</span>",
                if e.approximate { "~" } else { "" },
                clock(inc, e.at),
                escape(&offset_label(inc, a, e.at)),
                e.kind,
                // An inferred kind says so, never reads as stated.
                if e.inferred.is_some() {
                    " (inferred)"
                } else {
                    ""
                }
            );
            if let Some(m) = milestone {
                let _ = write!(o, "<strong>{}</strong> — ", m.as_str());
            }
            if let Some(b) = branch {
                let _ = write!(o, "<em>{} ({})</em>: ", escape(&b.id), b.outcome.as_str());
            }
            let _ = write!(o, "{}", escape(&e.text));
            if e.key {
                let _ = write!(o, " <span title=\"key moment\">★</span>");
            }
            if let Some(au) = &e.author {
                let _ = write!(o, " <span class=\"off\">— {}</span>", escape(au));
            }
            for l in &e.links {
                let _ = write!(o, "<br><span class=\"off\">{}</span>", link(l));
            }
            let _ = writeln!(o, "</li>");
        }
        let _ = writeln!(o, "</ol>");
    }

    if !a.detours.is_empty() {
        let _ = writeln!(o, "<h2>Detours</h2>\n<ul>");
        for d in &a.detours {
            let _ = writeln!(
                o,
                "<li><strong>{}</strong> — {} ({} → {})</li>",
                escape(&d.summary),
                escape(&detour_label(d)),
                clock(inc, d.start),
                clock(inc, d.end)
            );
        }
        let _ = writeln!(o, "</ul>");
    }

    if !inc.actions.is_empty() {
        let _ = writeln!(
            o,
            "<h2>Action items</h2>\n<table><tr><th></th><th>Action</th><th>Kind</th><th>Owner</th><th>Ticket</th><th>Due</th></tr>"
        );
        for act in &inc.actions {
            let done = if act.status == crate::model::ActionStatus::Done {
                "☑"
            } else {
                "☐"
            };
            let _ = writeln!(
                o,
                "<tr><td>{done}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
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
    for (title, items) in l.sections() {
        let _ = writeln!(o, "<h3>{title}</h3>\n<ul>");
        for i in items {
            let _ = writeln!(o, "<li>{}</li>", escape(i));
        }
        let _ = writeln!(o, "</ul>");
    }
    let _ = writeln!(o, "</body></html>");
    o
}
