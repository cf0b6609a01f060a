//! Writing the native format by hand: scalars quoted so that every YAML reader — YAML 1.1 ones
//! (PyYAML, Ruby, many CI tools) included — reads back the same string, times always quoted,
//! and each time written in the shortest form that reads back as exactly that instant where it
//! stands in the timeline.
//!
//! Used by [`super::yaml::to_yaml`] (whole files: `retrace new`, `retrace import`) and by the
//! store's format-preserving edits (one event or branch item, one key), so both write the same
//! way. No YAML library is involved: the format's shapes are few and fixed.

use chrono::{FixedOffset, NaiveDate, Timelike};

use super::clock::{self, ClockResolver};
use super::yaml::{ActionDoc, BranchDoc, EventDoc, IncidentDoc};
use crate::model::Timestamp;

/// Words a YAML 1.1 reader takes for booleans or null when written plain.
const YAML11_WORDS: &[&str] = &["y", "n", "yes", "no", "true", "false", "on", "off", "null"];

/// `s` as a YAML scalar: plain when every reader takes it for this very string, else
/// double-quoted. `flow`: the scalar sits inside `[...]` or `{...}`, where `,[]{}` end it.
pub fn scalar(s: &str, flow: bool) -> String {
    if plain_is_safe(s, flow) {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn plain_is_safe(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    // A letter first rules out every indicator (`- ? : , [ ] { } # & * ! | > ' " % @ \``),
    // numbers, times, dates and `.inf`.
    first.is_alphabetic()
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.chars().any(|c| {
            c.is_control()
                || c == '\u{feff}'
                || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
                || (flow && matches!(c, ',' | '[' | ']' | '{' | '}'))
        })
        && !YAML11_WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
}

/// `s` double-quoted, with YAML escapes for `"`, `\` and every control character.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            '\u{feff}' => out.push_str("\\uFEFF"),
            c if c.is_control() => {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02X}"));
                } else {
                    out.push_str(&format!("\\u{n:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A multi-line text as the value of `key:` at `indent` columns: a `|` block scalar (its
/// lines indented two more), or a quoted scalar when a block cannot hold it exactly.
fn block_text(key: &str, s: &str, indent: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    let blockable = s.contains('\n')
        && !s.starts_with([' ', '\n'])
        && !s
            .chars()
            .any(|c| c.is_control() && c != '\n' || c == '\u{feff}');
    if !blockable {
        out.push(format!("{pad}{key}: {}", scalar(s, false)));
        return;
    }
    let body = s.trim_end_matches('\n');
    let trailing = s.len() - body.len();
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    out.push(format!("{pad}{key}: |{chomp}"));
    let inner = " ".repeat(indent + 2);
    for line in body.split('\n') {
        if line.is_empty() {
            out.push(String::new());
        } else {
            out.push(format!("{inner}{line}"));
        }
    }
    for _ in 1..trailing {
        out.push(String::new());
    }
}

/// The key/value lines of an event, without the item's dash: `at`, `kind`, `text`, `author`,
/// `links`, `key`, `approximate`, `branch`, `source`, in that order.
fn event_fields(e: &EventDoc) -> Vec<(&'static str, FieldValue)> {
    let mut v = vec![("at", FieldValue::Scalar(quoted(&e.at)))];
    if let Some(k) = e.kind {
        v.push(("kind", FieldValue::Scalar(k.as_str().to_string())));
    }
    v.push(("text", FieldValue::Text(e.text.clone())));
    if let Some(a) = &e.author {
        v.push(("author", FieldValue::Text(a.clone())));
    }
    if !e.links.is_empty() {
        v.push(("links", FieldValue::List(e.links.clone())));
    }
    if e.key {
        v.push(("key", FieldValue::Scalar("true".into())));
    }
    if e.approximate {
        v.push(("approximate", FieldValue::Scalar("true".into())));
    }
    if let Some(b) = &e.branch {
        v.push(("branch", FieldValue::Text(b.clone())));
    }
    if let Some(src) = &e.source {
        v.push(("source", FieldValue::Text(src.clone())));
    }
    v
}

fn branch_fields(b: &BranchDoc) -> Vec<(&'static str, FieldValue)> {
    let mut v = vec![
        ("id", FieldValue::Text(b.id.clone())),
        ("hypothesis", FieldValue::Text(b.hypothesis.clone())),
    ];
    if let Some(o) = b.outcome {
        v.push(("outcome", FieldValue::Scalar(o.as_str().to_string())));
    }
    v
}

/// A field's value, before it is laid out as block or flow YAML.
#[derive(Clone, Debug)]
pub enum FieldValue {
    /// Already written as YAML (a quoted time, a kind, `true`).
    Scalar(String),
    /// Text, quoted as it needs.
    Text(String),
    /// A list of texts.
    List(Vec<String>),
}

impl FieldValue {
    /// The value on one line, as it follows `key: ` (block) or sits in a flow mapping.
    pub fn inline(&self, flow: bool) -> String {
        match self {
            FieldValue::Scalar(s) => s.clone(),
            FieldValue::Text(t) => scalar(t, flow),
            FieldValue::List(items) => {
                let items: Vec<String> = items.iter().map(|i| scalar(i, true)).collect();
                format!("[{}]", items.join(", "))
            }
        }
    }
}

/// The lines of `key: value` at `indent` columns (more than one for multi-line text).
pub fn field_lines(key: &str, value: &FieldValue, indent: usize) -> Vec<String> {
    let mut out = Vec::new();
    match value {
        FieldValue::Text(t) if t.contains('\n') => block_text(key, t, indent, &mut out),
        v => out.push(format!("{}{key}: {}", " ".repeat(indent), v.inline(false))),
    }
    out
}

/// A mapping as a block sequence item: the first field on the dash line (`dash` columns in),
/// the others at `content` columns.
fn block_item(fields: &[(&str, FieldValue)], dash: usize, content: usize) -> Vec<String> {
    let mut out = Vec::new();
    for (i, (k, v)) in fields.iter().enumerate() {
        let lines = field_lines(k, v, content);
        for (j, l) in lines.into_iter().enumerate() {
            if i == 0 && j == 0 {
                let gap = content.saturating_sub(dash + 1).max(1);
                out.push(format!(
                    "{}-{}{}",
                    " ".repeat(dash),
                    " ".repeat(gap),
                    l.trim_start()
                ));
            } else {
                out.push(l);
            }
        }
    }
    out
}

fn flow_item(fields: &[(&str, FieldValue)]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}: {}", v.inline(true)))
        .collect();
    format!("{{{}}}", parts.join(", "))
}

/// An event as a block sequence item (`dash` and `content` are columns).
pub fn event_block(e: &EventDoc, dash: usize, content: usize) -> Vec<String> {
    block_item(&event_fields(e), dash, content)
}

/// An event as a one-line flow mapping: `{at: "10:42", kind: note, text: ...}`.
pub fn event_flow(e: &EventDoc) -> String {
    flow_item(&event_fields(e))
}

/// A branch as a block sequence item.
pub fn branch_block(b: &BranchDoc, dash: usize, content: usize) -> Vec<String> {
    block_item(&branch_fields(b), dash, content)
}

/// A branch as a one-line flow mapping.
pub fn branch_flow(b: &BranchDoc) -> String {
    flow_item(&branch_fields(b))
}

/// The value of one event field as the store writes it (`kind`, `text`...), `None` when the
/// field is absent in `e`.
pub fn event_field(e: &EventDoc, key: &str) -> Option<FieldValue> {
    event_fields(e)
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

/// The value of one branch field, `None` when absent.
pub fn branch_field(b: &BranchDoc, key: &str) -> Option<FieldValue> {
    branch_fields(b)
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

/// Comments that say why an importer inferred something, for a person to confirm or correct.
#[derive(Debug, Default)]
pub struct InferredComments {
    /// A comment for the `kind:` line of the i-th event of the timeline.
    pub events: Vec<Option<String>>,
    /// A comment for a milestone's line, by key (`started`, `resolved`…).
    pub milestones: Vec<(&'static str, String)>,
}

/// A whole incident file, keys in the format's order, two-space indentation, times quoted;
/// each inferred kind or milestone carries its comment from `comments` (line breaks removed).
pub fn incident(doc: &IncidentDoc, comments: &InferredComments) -> String {
    let mut out: Vec<String> =
        vec!["# retrace incident (format: docs/FORMAT.md in the retrace repository)".into()];
    let text = |key: &str, v: &Option<String>, out: &mut Vec<String>| {
        if let Some(v) = v {
            out.extend(field_lines(key, &FieldValue::Text(v.clone()), 0));
        }
    };
    text("id", &doc.id, &mut out);
    text("title", &Some(doc.title.clone()), &mut out);
    text("severity", &doc.severity, &mut out);
    if let Some(s) = doc.status {
        out.push(format!("status: {}", s.as_str()));
    }
    if !doc.services.is_empty() {
        out.push(format!(
            "services: {}",
            FieldValue::List(doc.services.clone()).inline(false)
        ));
    }
    if let Some(d) = &doc.date {
        out.push(format!("date: {d}"));
    }
    text("timezone", &doc.timezone, &mut out);
    text("summary", &doc.summary, &mut out);
    text("impact", &doc.impact, &mut out);
    text("root_cause", &doc.root_cause, &mut out);
    text("resolution", &doc.resolution, &mut out);
    for (key, v) in [
        ("started", &doc.started),
        ("detected", &doc.detected),
        ("acknowledged", &doc.acknowledged),
        ("identified", &doc.identified),
        ("mitigated", &doc.mitigated),
        ("resolved", &doc.resolved),
    ] {
        if let Some(v) = v {
            let mut line = format!("{key}: {}", quoted(v));
            if let Some((_, c)) = comments.milestones.iter().find(|(k, _)| *k == key) {
                push_comment(&mut line, c);
            }
            out.push(line);
        }
    }
    let l = &doc.lessons;
    if !(l.went_well.is_empty() && l.went_wrong.is_empty() && l.lucky.is_empty()) {
        out.push("lessons:".into());
        for (key, items) in [
            ("went_well", &l.went_well),
            ("went_wrong", &l.went_wrong),
            ("lucky", &l.lucky),
        ] {
            if !items.is_empty() {
                out.push(format!("  {key}:"));
                for i in items {
                    out.push(format!("    - {}", scalar(i, false)));
                }
            }
        }
    }
    if !doc.actions.is_empty() {
        out.push("actions:".into());
        for a in &doc.actions {
            out.extend(block_item(&action_fields(a), 2, 4));
        }
    }
    if !doc.branches.is_empty() {
        out.push("branches:".into());
        for b in &doc.branches {
            out.extend(branch_block(b, 2, 4));
        }
    }
    if doc.timeline.is_empty() {
        out.push("timeline: []".into());
    } else {
        out.push("timeline:".into());
        for (i, e) in doc.timeline.iter().enumerate() {
            let mut lines = event_block(e, 2, 4);
            if let Some(Some(c)) = comments.events.get(i)
                && let Some(k) = lines
                    .iter_mut()
                    .find(|l| l.trim_start().starts_with("kind: "))
            {
                push_comment(k, c);
            }
            out.extend(lines);
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// `line` followed by `  # comment`, the comment kept on one line.
fn push_comment(line: &mut String, comment: &str) {
    line.push_str("  # ");
    line.push_str(&comment.replace(['\n', '\r'], " "));
}

fn action_fields(a: &ActionDoc) -> Vec<(&'static str, FieldValue)> {
    let mut v = vec![("text", FieldValue::Text(a.text.clone()))];
    if let Some(k) = a.kind {
        v.push(("kind", FieldValue::Scalar(k.as_str().to_string())));
    }
    for (key, val) in [("owner", &a.owner), ("ticket", &a.ticket)] {
        if let Some(x) = val {
            v.push((key, FieldValue::Text(x.clone())));
        }
    }
    if let Some(s) = a.status {
        v.push(("status", FieldValue::Scalar(s.as_str().to_string())));
    }
    if let Some(d) = &a.due {
        v.push(("due", FieldValue::Scalar(d.clone())));
    }
    v
}

// ----- times -----------------------------------------------------------------------------------

/// How a time may be written, from the shortest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeForm {
    /// `10:42` (`10:42:07` with seconds), read on the running day.
    Clock,
    /// `2026-11-25 10:42`.
    DateClock,
    /// `2026-11-25T10:42:00+02:00`.
    Rfc3339,
}

/// `at` written as `form`, in its own offset.
pub fn format_time(at: Timestamp, form: TimeForm) -> String {
    let clock = if at.second() == 0 {
        at.format("%H:%M").to_string()
    } else {
        at.format("%H:%M:%S").to_string()
    };
    match form {
        TimeForm::Clock => clock,
        TimeForm::DateClock => format!("{} {clock}", clock::ymd(at.date_naive())),
        TimeForm::Rfc3339 => at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}

/// The shortest text for an event at `at` that reads back as exactly `at` (same instant and
/// offset) when it comes next after the state `resolver` is in, with no warning from the
/// reader (a clock rolled over to the next day after more than 12 hours is warned about).
/// `dated`: the neighbours write dates, so a bare clock is not offered. Returns the text and
/// the resolver's state after it.
pub fn event_time(resolver: &ClockResolver, at: Timestamp, dated: bool) -> (String, ClockResolver) {
    let forms: &[TimeForm] = if dated {
        &[TimeForm::DateClock, TimeForm::Rfc3339]
    } else {
        &[TimeForm::Clock, TimeForm::DateClock, TimeForm::Rfc3339]
    };
    for &form in forms {
        let text = format_time(at, form);
        if let Some(after) = reads_back(resolver, &text, at) {
            return (text, after);
        }
    }
    // RFC 3339 carries its own date and offset: it always reads back.
    let text = format_time(at, TimeForm::Rfc3339);
    let mut r = resolver.clone();
    if let Some(p) = clock::parse_time(&text) {
        r.resolve(&p);
    }
    (text, r)
}

/// The resolver's state after `text` when `text` reads back as exactly `at`, without a
/// roll-over warning.
pub fn reads_back(resolver: &ClockResolver, text: &str, at: Timestamp) -> Option<ClockResolver> {
    let p = clock::parse_time(text)?;
    let mut r = resolver.clone();
    let before = r.clone();
    let got = r.resolve(&p);
    if got != at || got.offset() != at.offset() {
        return None;
    }
    if p.date.is_none() && got.date_naive() != before.date() {
        // Rolled over: the reader warns when that is more than 12 hours after the last time.
        if let Some(prev) = before.last_instant()
            && got - prev > chrono::Duration::hours(12)
        {
            return None;
        }
    }
    Some(r)
}

/// The text of a milestone key (`detected: "10:42"`): a bare clock when it is on `date` in the
/// incident's zone and cannot be moved to a later day by the reader (it is `started`, or not
/// before the first event), else the date and clock, else RFC 3339.
pub fn milestone_time(
    at: Timestamp,
    is_started: bool,
    date: Option<NaiveDate>,
    zone: FixedOffset,
    first_event: Option<Timestamp>,
) -> String {
    if *at.offset() != zone {
        return format_time(at, TimeForm::Rfc3339);
    }
    let on_date = date == Some(at.date_naive());
    if on_date && (is_started || first_event.is_none_or(|f| at >= f)) {
        format_time(at, TimeForm::Clock)
    } else {
        format_time(at, TimeForm::DateClock)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_only_when_every_reader_agrees() {
        for s in ["Rolled back checkout", "DB CPU at 95%", "ann", "it's fine"] {
            assert_eq!(scalar(s, false), s);
        }
        for s in [
            "10:30",
            "yes",
            "No",
            "off",
            "null",
            "4.1",
            "- dash",
            "a: b",
            "a #b",
            "",
            " x",
            "x:",
            "[x]",
            "#x",
            "'q'",
            "\"q\"",
            "3 pods",
            "tab\there",
        ] {
            assert!(scalar(s, false).starts_with('"'), "{s}");
        }
        assert_eq!(scalar("a, b", false), "a, b");
        assert_eq!(scalar("a, b", true), "\"a, b\"");
        assert_eq!(quoted("a\"b\\c\u{1b}"), "\"a\\\"b\\\\c\\x1B\"");
    }

    #[test]
    fn times_read_back_where_they_stand() {
        let zone = FixedOffset::east_opt(0).unwrap();
        let t = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
        let d = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let fresh = ClockResolver::new(d, zone);
        let (a, r) = event_time(&fresh, t("2026-11-25T10:42:00Z"), false);
        assert_eq!(a, "10:42");
        // An hour after midnight following 23:00: a bare clock rolls over correctly.
        let r = {
            let (_, r) = event_time(&r, t("2026-11-25T23:00:00Z"), false);
            r
        };
        let (b, r2) = event_time(&r, t("2026-11-26T00:30:00Z"), false);
        assert_eq!(b, "00:30");
        // Two days later needs the date.
        let (c, _) = event_time(&r2, t("2026-11-28T09:00:05Z"), false);
        assert_eq!(c, "2026-11-28 09:00:05");
        // Another offset keeps its own.
        let (e, _) = event_time(&r2, t("2026-11-26T03:00:00+02:00"), false);
        assert_eq!(e, "2026-11-26T03:00:00+02:00");
    }
}
