//! Second pass: which part of the postmortem each line belongs to.
//!
//! Section names are matched loosely (any case, emoji and numbering dropped, `(all times UTC)`
//! notes ignored, common variants), and `Label: value` lines in the summary
//! (`* Impact: ...`, `Duration: ...`) fill the same fields as sections do.

use super::lines::{Kind, Line};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Before any known section.
    Preamble,
    Summary,
    Impact,
    RootCause,
    Resolution,
    /// "Root cause and resolution": text goes to the root cause unless sub-sections split it.
    RootCauseResolution,
    Timeline,
    Actions,
    Lessons,
    WentWell,
    WentWrong,
    Lucky,
    /// A heading we don't know (`Conclusion`, `Debugging process`).
    Other,
}

/// Lower-case words only: emoji, punctuation, `(notes)` and leading numbering dropped.
pub fn normalise_name(s: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            '/' | '&' | '\'' | '-' => out.push(c),
            _ => out.push(' '),
        }
    }
    let words: Vec<&str> = out
        .split_whitespace()
        .skip_while(|w| {
            w.chars().all(|c| c.is_ascii_digit() || c == '.')
                || matches!(*w, "step" | "part" | "section")
        })
        .map(fix_typo)
        .collect();
    words.join(" ")
}

/// Section words with one letter wrong (`Symmary`, `Timline`) read as meant.
fn fix_typo(w: &str) -> &str {
    const KEYS: &[&str] = &[
        "summary",
        "timeline",
        "impact",
        "resolution",
        "corrective",
        "preventative",
        "preventive",
        "lessons",
        "overview",
        "chronology",
    ];
    if w.len() < 6 || KEYS.contains(&w) {
        return w;
    }
    // One letter wrong means the lengths differ by one at most (and a huge word costs nothing).
    KEYS.iter()
        .copied()
        .filter(|k| w.len().abs_diff(k.len()) <= 1)
        .find(|k| one_edit_apart(w, k))
        .unwrap_or(w)
}

/// Whether [`edit_distance`] is exactly 1 (one letter replaced, added or dropped), without the
/// table: every word of every heading-like line is checked against the keys.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (mut x, mut y) = (a.chars(), b.chars());
    loop {
        match (x.next(), y.next()) {
            (Some(p), Some(q)) if p == q => {}
            // The first difference: the rest must match after a replacement, an insertion or a
            // deletion.
            (Some(p), Some(q)) => {
                let (xr, yr) = (x.as_str(), y.as_str());
                let after_p = &a[a.len() - xr.len() - p.len_utf8()..];
                let after_q = &b[b.len() - yr.len() - q.len_utf8()..];
                return xr == yr || xr == after_q || after_p == yr;
            }
            (Some(_), None) => return x.next().is_none(),
            (None, Some(_)) => return y.next().is_none(),
            (None, None) => return false,
        }
    }
}

/// Levenshtein distance, for short words (what [`one_edit_apart`] answers for distance 1).
#[cfg(test)]
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Headings postmortems use for parts retrace has no pane for (and that are never the title).
const OTHER: &[&str] = &[
    "conclusion",
    "summation",
    "debugging process",
    "debugging",
    "introduction",
    "background",
    "background context",
    "appendix",
    "references",
    "resources",
    "requirements",
    "notes",
    "note",
    "note to readers",
    "detection",
    "escalation",
    "misleading paths",
    "actions taken",
    "diagram",
    "learning objectives",
    "concepts",
    "glossary",
    "contents",
    "table of contents",
];

/// Whether a heading's normalised name is a report's list of its milestones' stamps (`Key
/// events`, `Key timestamps`): a timeline of a few entries, beside which the report may tell
/// its story in a timed list under another name.
fn is_key_events(n: &str) -> bool {
    matches!(
        n,
        "key events" | "key timestamps" | "key times" | "key dates"
    )
}

/// Whether a heading names a report's list of key events (`- **Key events**`).
pub fn is_key_events_heading(text: &str) -> bool {
    is_key_events(&normalise_name(text))
}

/// Whether every heading of `lines` that opens a timeline is a list of key events (see
/// [`is_key_events`]), and one does: the story's timed lines may still be elsewhere.
pub fn timeline_is_key_events_only(lines: &[Line]) -> bool {
    let mut any = false;
    for line in lines {
        if let Kind::Heading { text, .. } = &line.kind
            && section_of(text) == Some(Section::Timeline)
        {
            if !is_key_events_heading(text) {
                return false;
            }
            any = true;
        }
    }
    any
}

/// The section a heading names, if any.
pub fn section_of(name: &str) -> Option<Section> {
    let n = normalise_name(name);
    if n.is_empty() || n.split(' ').count() > 7 {
        return None;
    }
    let has = |w: &str| n.contains(w);
    let starts = |w: &str| n.starts_with(w);
    // A chat log pasted whole (`#sig-testing chat log`, "Slack transcript") is the record's
    // own timeline: each message is an entry at its time.
    let chat = (has("chat") || has("slack") || has("irc"))
        && (has(" log") || has("transcript") || has("thread") || has("history"));
    let s = if has("timeline")
        || has("time line")
        || has("chronology")
        // The same in other languages (`## タイムライン`, `## Zeitleiste`, `## Chronologie`).
        || ["タイムライン", "時系列", "经过", "时间线", "타임라인", "zeitleiste", "chronologie", "cronolog"]
            .iter()
            .any(|w| has(w))
        || has("sequence of events")
        // A report's list of its milestones' stamps (`- **Key events**` / `First detected
        // 2026-03-30 08:56`): entries at those times.
        || is_key_events(&n)
        || chat
    {
        Section::Timeline
    } else if has("root cause") && (has("resolution") || has("fix") || has("remediation")) {
        Section::RootCauseResolution
    } else if has("root cause")
        || n == "cause"
        || n == "causes"
        || starts("cause of")
        || has("contributing factor")
        || n == "what caused it"
    {
        Section::RootCause
    } else if has("corrective")
        || has("prevent")
        || starts("action item")
        || n == "actions"
        || n == "action plan"
        // "Follow-ups", "Follow up items"; never "Following the deploy, …".
        || starts("follow-up")
        || starts("follow up")
        || starts("followup")
        || has("next steps")
        || starts("improvement")
        || n == "fixes"
        || n == "improvements/fixes"
        || starts("tasks")
        || n == "todo"
        || n == "to do"
        || n == "to-do"
        || starts("recommendation")
        || has("remediation items")
    {
        Section::Actions
    } else if has("went well") || has("what worked") {
        Section::WentWell
    } else if has("went wrong")
        || has("didn't go well")
        || has("did not go well")
        || has("went badly")
        || has("went poorly")
        || has("could have gone better")
    {
        Section::WentWrong
    } else if has("lucky") {
        Section::Lucky
    } else if has("lesson") || has("learnings") || has("takeaway") {
        Section::Lessons
    } else if starts("resolution")
        || starts("recovery")
        || n == "fix"
        || n == "the fix"
        || starts("how it was fixed")
        || starts("how we fixed")
        || n == "mitigation"
        || n == "remediation"
    {
        Section::Resolution
    } else if has("impact") {
        Section::Impact
    } else if has("summary")
        || starts("overview")
        || n == "tl;dr"
        || n == "tldr"
        || n == "abstract"
        || n == "description"
        || n == "incident description"
        || starts("duration")
        || n == "outage duration"
        || n == "what happened"
    {
        Section::Summary
    } else if OTHER.iter().any(|o| {
        n.strip_prefix(o)
            .is_some_and(|r| r.is_empty() || r.starts_with(' '))
    }) {
        // Known headings that are neither a field nor a title.
        Section::Other
    } else {
        return None;
    };
    Some(s)
}

/// What a `Label: value` line fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Title,
    Date,
    Duration,
    Start,
    End,
    /// When the incident was detected (`Detected: 2022-04-28 10:34`).
    Detected,
    /// How the incident was detected, in words (`Detected by: CLI failures and curl checks`).
    DetectedBy,
    Severity,
    Zone,
    Section(Section),
}

pub fn field_of(label: &str) -> Option<Field> {
    let n = normalise_name(label);
    let f = match n.as_str() {
        "title" | "incident" | "incident title" | "name" => Field::Title,
        "date" | "incident date" | "date of incident" | "date of the incident" | "day" | "when" => {
            Field::Date
        }
        "duration"
        | "duration of outage"
        | "duration of the outage"
        | "outage duration"
        | "outage window"
        | "time"
        | "time window" => Field::Duration,
        "start" | "start time" | "started" | "outage start" | "began" | "impact start" => {
            Field::Start
        }
        "end" | "end time" | "ended" | "outage end" | "resolved" | "impact end" => Field::End,
        "detected" | "detected at" | "time detected" | "detection" | "first detected" => {
            Field::Detected
        }
        "detected by"
        | "detected via"
        | "detected through"
        | "detection method"
        | "detection source"
        | "how detected"
        | "how it was detected"
        | "how was it detected" => Field::DetectedBy,
        "severity" | "sev" | "severity level" | "priority" => Field::Severity,
        "timezone" | "time zone" | "all times" | "times" => Field::Zone,
        n if is_span_label(n) => Field::Duration,
        _ => match section_of(label)? {
            s @ (Section::Summary
            | Section::Impact
            | Section::RootCause
            | Section::Resolution
            | Section::RootCauseResolution) => Field::Section(s),
            _ => return None,
        },
    };
    Some(f)
}

/// A label that names the span of the impact in other words: a word of the impact ("impact",
/// "outage", "incident", "downtime", "disruption", "total") before a word of a span
/// ("duration", "window", "period") that ends it — "Total impact duration", "Impact window",
/// "Outage period".
fn is_span_label(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some((last, head)) = words.split_last() else {
        return false;
    };
    matches!(*last, "duration" | "window" | "period")
        && head.iter().any(|w| {
            matches!(
                *w,
                "impact" | "outage" | "incident" | "downtime" | "disruption" | "total"
            )
        })
}

/// `Label: value` → (label, value) when the label is short (the value may be empty).
pub fn split_label(text: &str) -> Option<(&str, &str)> {
    let (label, value) = text.split_once(':')?;
    let words = label.split_whitespace().count();
    // `10:30 - ...` is a time, not a label.
    if words == 0 || words > 6 || label.trim().chars().next()?.is_ascii_digit() {
        return None;
    }
    // `Incident"](https://example.org/post)`: a link's text wrapped onto its own line, or a
    // web address, is no label.
    if label.contains(['[', ']', '"']) || value.starts_with("//") {
        return None;
    }
    // `At 16:11 UTC, the server …`: the colon of a clock, no label's.
    if label.ends_with(|c: char| c.is_ascii_digit())
        && value.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    Some((label.trim(), value.trim()))
}

/// A title that says nothing ("Postmortem", "0x19. Postmortem", "README").
pub fn is_generic_title(s: &str) -> bool {
    const GENERIC: &[&str] = &[
        "postmortem",
        "post-mortem",
        "post",
        "mortem",
        "postmorterm",
        "posmortem",
        "postmoterm",
        "modertm",
        "postmortems",
        "incident",
        "report",
        "readme",
        "my",
        "first",
        "a",
        "the",
        "writing",
        "0x19",
        "project",
        "task",
        "tasks",
        "blameless",
        "template",
        "of",
        "on",
        "an",
    ];
    let n = normalise_name(s);
    n.split([' ', '-', '/'])
        .filter(|w| !w.is_empty())
        .all(|w| GENERIC.contains(&w) || w.chars().all(|c| c.is_ascii_digit()))
}

/// Each line with the section it belongs to.
pub fn tag_sections(lines: &[Line]) -> Vec<Section> {
    let mut out = Vec::with_capacity(lines.len());
    let mut current = Section::Preamble;
    // Level of the heading that opened the current section (0 = unknown depth).
    let mut level = 0u8;
    // A section a list item opened (`- **Key events**`, `- **Impact**:` over their nested
    // items): its indent, the section before it, and whether a deeper item has come. It ends at
    // the next item no deeper than itself (`- **Identified**: …`, the report's next field).
    // A heading whose first item is no deeper (`**Timeline**` over `- 09:00 …` items, which
    // may nest notes) is no list item's: its section goes on.
    let mut item_section: Option<(usize, Section, bool)> = None;
    for line in lines {
        if let (Some((indent, before, deeper)), Kind::Item { .. }) = (&mut item_section, &line.kind)
        {
            if line.indent > *indent {
                *deeper = true;
            } else if *deeper {
                current = *before;
                item_section = None;
            } else {
                item_section = None;
            }
        }
        if let Kind::Heading { level: l, text } = &line.kind {
            item_section = None;
            match section_of(text) {
                Some(s) => {
                    // "Resolution" under "Root cause and resolution" etc. simply switches.
                    item_section = (*l == 0).then_some((line.indent, current, false));
                    current = s;
                    level = *l;
                }
                None => {
                    let deeper = *l > 0 && level > 0 && *l > level;
                    // `### 2025-01-01 (UTC)`, `### 10:00`: a day or a time keeps the timeline
                    // going, whatever its level.
                    let inside_timeline =
                        current == Section::Timeline && super::timeline::heading_in_timeline(text);
                    if !(deeper || inside_timeline) {
                        current = if current == Section::Preamble {
                            Section::Preamble
                        } else {
                            Section::Other
                        };
                        level = *l;
                    }
                }
            }
        }
        out.push(current);
    }
    // An action-item table wherever it stands (`| Action Item | Type | Owner | Bug |` among a
    // report's header fields): its lines are the action items', not the field's above it.
    let mut i = 0;
    while i + 1 < lines.len() {
        if let Kind::Row(header) = &lines[i].kind
            && lines[i + 1].kind == Kind::TableSep
            && !matches!(out[i], Section::Timeline | Section::Actions)
            && is_action_table(header)
        {
            while i < lines.len() && matches!(lines[i].kind, Kind::Row(_) | Kind::TableSep) {
                out[i] = Section::Actions;
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Whether a table's header names action items: its first column the action (`Action`,
/// `Action item(s)`, `Follow-up`, `Remediation`, `Task`), and another column one an action
/// item has (owner, status, type, priority, ticket, bug, due date, assignee).
fn is_action_table(header: &[String]) -> bool {
    let bare = |c: &str| {
        c.trim_matches(|ch: char| matches!(ch, '*' | '_') || ch.is_whitespace())
            .to_lowercase()
    };
    let Some((first, rest)) = header.split_first() else {
        return false;
    };
    matches!(
        bare(first).as_str(),
        "action"
            | "actions"
            | "action item"
            | "action items"
            | "follow-up"
            | "follow-ups"
            | "follow up"
            | "remediation"
            | "task"
            | "tasks"
    ) && rest.iter().any(|c| {
        let c = bare(c);
        [
            "owner", "status", "type", "priority", "ticket", "bug", "due", "assignee",
        ]
        .iter()
        .any(|w| c.contains(w))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_apart_is_edit_distance_one() {
        let words = [
            "",
            "a",
            "ab",
            "summary",
            "symmary",
            "sumary",
            "summarry",
            "summray",
            "timeline",
            "timline",
            "timelines",
            "tiemline",
            "impact",
            "impcat",
            "ímpact",
            "impacté",
            "lessons",
            "lesson",
            "lessonss",
            "überblick",
            "chronology",
            "chronolgy",
            "xsummary",
            "summaryx",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    one_edit_apart(a, b),
                    edit_distance(a, b) == 1,
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn section_names_and_variants() {
        let cases = [
            ("Issue Summary", Section::Summary),
            ("📋 Overview", Section::Summary),
            ("IMPACT", Section::Impact),
            ("Root Causes", Section::RootCause),
            ("Root Cause and Resolution", Section::RootCauseResolution),
            ("Resolution and recovery", Section::Resolution),
            ("TimeLine (all times UTC)", Section::Timeline),
            ("Time line", Section::Timeline),
            ("Chronology", Section::Timeline),
            ("Action items", Section::Actions),
            ("Corrective and Preventative Measures", Section::Actions),
            ("Improvements/Fixes", Section::Actions),
            ("Lessons learned", Section::Lessons),
            ("What went well", Section::WentWell),
            ("What went wrong", Section::WentWrong),
            ("Where we got lucky", Section::Lucky),
            ("2. Timeline", Section::Timeline),
        ];
        for (name, want) in cases {
            assert_eq!(section_of(name), Some(want), "{name}");
        }
        assert_eq!(section_of("Issue Symmary"), Some(Section::Summary));
        // Known parts without a pane: never a title, never a field.
        assert_eq!(section_of("Conclusion"), Some(Section::Other));
        assert_eq!(section_of("Debugging process"), Some(Section::Other));
        assert_eq!(section_of("Checkout fell over"), None);
        // Follow-ups are actions; a sentence that starts with "Following" is no section.
        assert_eq!(section_of("Follow-ups"), Some(Section::Actions));
        assert_eq!(section_of("Follow up items"), Some(Section::Actions));
        assert_eq!(
            section_of("Following exception shows up in the logs:"),
            None
        );
    }

    #[test]
    fn labels_and_titles() {
        assert_eq!(split_label("Impact: slow"), Some(("Impact", "slow")));
        assert_eq!(split_label("10:30 - x"), None);
        // A link's text wrapped onto its own line is no label.
        assert_eq!(
            split_label("Incident\"](https://example.org/2017/db-incident/)"),
            None
        );
        assert_eq!(
            split_label("Time (UTC): 10:00"),
            Some(("Time (UTC)", "10:00"))
        );
        assert_eq!(field_of("Duration of Outage"), Some(Field::Duration));
        assert_eq!(field_of("Total impact duration"), Some(Field::Duration));
        assert_eq!(field_of("**Impact Window**"), Some(Field::Duration));
        assert_eq!(field_of("Window"), None);
        assert_eq!(
            field_of("Root Cause"),
            Some(Field::Section(Section::RootCause))
        );
        assert_eq!(field_of("Query Review Process"), None);
        assert!(is_generic_title("0x19. Postmortem"));
        assert!(is_generic_title("Post Modertm"));
        assert!(!is_generic_title("Postmortem: checkout outage"));
    }
}
