//! PagerDuty: the incident (`GET /incidents/{id}`), its log entries
//! (`GET /incidents/{id}/log_entries`) and its notes (`GET /incidents/{id}/notes`), as one JSON
//! object `{"incident": …, "log_entries": […], "notes": […]}` or each body alone (a bare array
//! of log entries too).
//!
//! | PagerDuty | retrace |
//! | --- | --- |
//! | first `trigger_log_entry` | `detection` event; **detected**, exact |
//! | first `acknowledge_log_entry` by a person | `acknowledge` event; **acknowledged**, exact |
//! | last `resolve_log_entry` | `resolution` event; **resolved**, exact ("auto-resolved" when a service did it) |
//! | `escalate` / `delegate` / a later `assign` entry | `escalation` event |
//! | `notify`, the `assign` at trigger time, `annotate` (its text is in the notes) | dropped (noise) |
//! | other entries (unacknowledge, snooze, escalation path exhausted...) | `note` event |
//! | each note | an event whose kind the lexicon reads from its words |
//! | incident `title`, `priority.name`, `service`, `status` | title, severity, services, status |
//!
//! Times are RFC 3339 with any offset; events are kept in UTC and the log's offset (the
//! `time_zone` the log was asked in) becomes the incident's display zone.

use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Read, System, Timed, Typed, parse_body, parse_raw, parse_time, timed_elements};
use crate::ingest::LoadError;
use crate::ingest::candidate::{Candidate, Entry, Origin, SourceKind};
use crate::model::text::clean_line;
use crate::model::{EventKind, Inference, MilestoneKind, RuleId, Status, Timestamp};

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(borrow, default)]
    incident: Option<&'a RawValue>,
    #[serde(borrow, default)]
    log_entries: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    notes: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Reference {
    id: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    summary: Option<String>,
    name: Option<String>,
}

impl Reference {
    fn label(&self) -> Option<String> {
        self.summary
            .as_deref()
            .or(self.name.as_deref())
            .map(clean_line)
            .filter(|s| !s.is_empty())
    }
    fn is_person(&self) -> bool {
        self.kind.as_deref().is_some_and(|k| k.starts_with("user"))
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Incident {
    id: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    created_at: Option<String>,
    resolved_at: Option<String>,
    status: Option<String>,
    priority: Option<Reference>,
    service: Option<Reference>,
    html_url: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Details {
    description: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Context {
    href: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LogEntry {
    id: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    summary: Option<String>,
    created_at: Option<String>,
    agent: Option<Reference>,
    incident: Option<Reference>,
    event_details: Option<Details>,
    contexts: Option<Vec<Context>>,
    assignees: Option<Vec<Reference>>,
    note: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Note {
    id: Option<String>,
    user: Option<Reference>,
    content: Option<String>,
    created_at: Option<String>,
}

/// Read a PagerDuty export. Errors: text that is not JSON or not PagerDuty's shape (located);
/// a log entry or note that cannot be read is skipped with a located warning.
pub fn read(path: &Path, text: &str) -> Result<Read, LoadError> {
    let body: Body = parse_body(path, text, |list| Body {
        incident: None,
        log_entries: Some(list),
        notes: None,
    })?;
    let mut read = Read::new(System::PagerDuty);
    let incident: Incident = match body.incident {
        Some(raw) => parse_raw(path, text, raw).map_err(LoadError::invalid)?,
        None => Incident::default(),
    };
    let inc = &mut read.story.incident;
    inc.title = incident
        .title
        .as_deref()
        .or(incident.summary.as_deref())
        .map(clean_line)
        .unwrap_or_default();
    inc.severity = incident
        .priority
        .as_ref()
        .and_then(Reference::label)
        .map(crate::model::Severity);
    inc.services = incident
        .service
        .as_ref()
        .and_then(Reference::label)
        .into_iter()
        .collect();
    inc.status = incident.status.as_deref().map(|s| match s {
        "resolved" => Status::Resolved,
        _ => Status::Ongoing,
    });

    // Log entries, in time order; a same-second tie in the order PagerDuty acts.
    let mut logged = timed_elements::<LogEntry>(
        path,
        text,
        body.log_entries.as_deref().unwrap_or(&[]),
        "log entry",
        |e| e.created_at.as_deref(),
        &mut read.diagnostics,
    );
    read.story.incident.timezone = logged
        .iter()
        .map(|l| l.offset)
        .find(|o| o.local_minus_utc() != 0);
    logged.sort_by_key(|l| (l.at, tie_order(l.value.kind.as_deref().unwrap_or(""))));
    let incident_id = incident.id.as_deref().map(clean_line);
    let reference = |e: &LogEntry, fallback: &str| {
        let inc = e
            .incident
            .as_ref()
            .and_then(|i| i.id.as_deref())
            .map(clean_line)
            .or_else(|| incident_id.clone());
        let id =
            e.id.as_deref()
                .map(clean_line)
                .unwrap_or_else(|| fallback.to_string());
        match inc {
            Some(i) => format!("pagerduty:{i}/{id}"),
            None => format!("pagerduty:{id}"),
        }
    };
    let first_trigger = logged
        .iter()
        .position(|l| kind_of(l) == "trigger_log_entry");
    let first_ack = logged
        .iter()
        .position(|l| kind_of(l) == "acknowledge_log_entry" && agent_is_person(l));
    let last_resolve = logged
        .iter()
        .rposition(|l| kind_of(l) == "resolve_log_entry");
    let trigger_times: Vec<Timestamp> = logged
        .iter()
        .filter(|l| kind_of(l) == "trigger_log_entry")
        .map(|l| l.at)
        .collect();
    let has_notes = body.notes.as_ref().is_some_and(|n| !n.is_empty());

    for (i, l) in logged.iter().enumerate() {
        let e = &l.value;
        let summary = e.summary.as_deref().map(clean_line).unwrap_or_default();
        let agent = e.agent.as_ref().and_then(Reference::label);
        let fallback_id = format!("entry-{}", i + 1);
        let (text, kind, milestone) = match kind_of(l) {
            "trigger_log_entry" => {
                let what = e
                    .event_details
                    .as_ref()
                    .and_then(|d| d.description.as_deref())
                    .map(clean_line)
                    .filter(|d| !d.is_empty());
                let text = match what {
                    Some(d) => format!("Triggered: {d}"),
                    None => summary.clone(),
                };
                let m = (Some(i) == first_trigger).then_some(MilestoneKind::Detected);
                (
                    text,
                    Some((EventKind::Detection, RuleId::SourcePagerdutyTrigger)),
                    m,
                )
            }
            "acknowledge_log_entry" => {
                let m = (Some(i) == first_ack).then_some(MilestoneKind::Acknowledged);
                (
                    summary.clone(),
                    Some((EventKind::Acknowledge, RuleId::SourcePagerdutyAcknowledge)),
                    m,
                )
            }
            "resolve_log_entry" => {
                let auto = !agent_is_person(l);
                let text = if auto && !summary.is_empty() {
                    format!("{summary} (auto-resolved)")
                } else {
                    summary.clone()
                };
                let m = (Some(i) == last_resolve).then_some(MilestoneKind::Resolved);
                (
                    text,
                    Some((EventKind::Resolution, RuleId::SourcePagerdutyResolve)),
                    m,
                )
            }
            "escalate_log_entry" | "delegate_log_entry" => (
                escalation_text(e, &summary),
                Some((EventKind::Escalation, RuleId::SourcePagerdutyEscalate)),
                None,
            ),
            "assign_log_entry" => {
                // The assignment that comes with the trigger is noise; a later one is a handover.
                if trigger_times
                    .iter()
                    .any(|t| (l.at - *t).num_seconds().abs() <= 2)
                {
                    continue;
                }
                (
                    escalation_text(e, &summary),
                    Some((EventKind::Escalation, RuleId::SourcePagerdutyEscalate)),
                    None,
                )
            }
            "notify_log_entry" => continue,
            "annotate_log_entry" => {
                // The note's words are in /notes; the entry alone says only "Note added".
                match e.note.as_deref().map(clean_line).filter(|n| !n.is_empty()) {
                    Some(n) if !has_notes => (n, None, None),
                    _ => continue,
                }
            }
            _ => (
                summary.clone(),
                Some((EventKind::Note, RuleId::SourcePagerdutyLog)),
                None,
            ),
        };
        if text.is_empty() {
            continue;
        }
        // The words the rule read: the alert's own description for a trigger, else PagerDuty's
        // sentence.
        let why_words = if summary.is_empty() || kind_of(l) == "trigger_log_entry" {
            text.clone()
        } else {
            summary.clone()
        };
        if let Some(m) = milestone {
            let rule = kind.map_or(RuleId::SourcePagerdutyLog, |(_, r)| r);
            read.milestones.push(Typed {
                kind: m,
                at: l.at,
                why: Inference::new(rule, why_words.clone()),
                exact: true,
            });
        }
        read.story.entries.push(Entry::Event(Candidate {
            links: e
                .contexts
                .iter()
                .flatten()
                .filter_map(|c| c.href.as_deref())
                .map(clean_line)
                .collect(),
            author: agent,
            origin: Some(Box::new(Origin {
                reference: reference(e, &fallback_id),
                thread: None,
                key: milestone.is_some(),
                kind: kind.map(|(k, rule)| SourceKind {
                    kind: k,
                    why: Inference::new(rule, why_words),
                    stated: true,
                }),
                ..Origin::default()
            })),
            ..Candidate::recorded(l.line, l.at, text)
        }));
    }

    // Notes: where responders wrote what they found.
    let notes = timed_elements::<Note>(
        path,
        text,
        body.notes.as_deref().unwrap_or(&[]),
        "note",
        |n| n.created_at.as_deref(),
        &mut read.diagnostics,
    );
    for (
        n,
        Timed {
            value: note,
            at,
            line,
            ..
        },
    ) in notes.into_iter().enumerate()
    {
        let content = note.content.as_deref().map(clean_line).unwrap_or_default();
        if content.is_empty() {
            continue;
        }
        let id = note
            .id
            .as_deref()
            .map(clean_line)
            .unwrap_or_else(|| format!("{}", n + 1));
        let reference = match &incident_id {
            Some(i) => format!("pagerduty:{i}/note/{id}"),
            None => format!("pagerduty:note/{id}"),
        };
        read.story.entries.push(Entry::Event(Candidate {
            author: note.user.as_ref().and_then(Reference::label),
            origin: Some(Box::new(Origin {
                reference,
                ..Origin::default()
            })),
            ..Candidate::recorded(line, at, content)
        }));
    }

    // The incident object alone still says when it was first triggered and resolved.
    let stated = |kind: MilestoneKind| read.milestones.iter().any(|m| m.kind == kind);
    let mut from_incident = Vec::new();
    if !stated(MilestoneKind::Detected)
        && let Some((at, _)) = incident.created_at.as_deref().and_then(parse_time)
    {
        from_incident.push((MilestoneKind::Detected, at, "created_at"));
    }
    if !stated(MilestoneKind::Resolved)
        && let Some((at, _)) = incident.resolved_at.as_deref().and_then(parse_time)
    {
        from_incident.push((MilestoneKind::Resolved, at, "resolved_at"));
    }
    for (kind, at, field) in from_incident {
        read.milestones.push(Typed {
            kind,
            at,
            why: Inference::new(RuleId::SourcePagerdutyIncident, format!("incident.{field}")),
            exact: true,
        });
    }
    if let Some(url) = incident.html_url.as_deref().map(clean_line)
        && read.story.incident.summary.is_none()
        && !url.is_empty()
    {
        read.story.incident.summary = Some(format!("PagerDuty incident: {url}"));
    }
    Ok(read)
}

fn kind_of(l: &Timed<LogEntry>) -> &str {
    l.value.kind.as_deref().unwrap_or("")
}

fn agent_is_person(l: &Timed<LogEntry>) -> bool {
    l.value.agent.as_ref().is_some_and(Reference::is_person)
}

/// Same-second entries in the order PagerDuty acts: trigger, assign, notify, acknowledge, the
/// rest, resolve.
fn tie_order(kind: &str) -> u8 {
    match kind {
        "trigger_log_entry" => 0,
        "assign_log_entry" => 1,
        "notify_log_entry" => 2,
        "acknowledge_log_entry" => 3,
        "resolve_log_entry" => 9,
        _ => 5,
    }
}

fn escalation_text(e: &LogEntry, summary: &str) -> String {
    if !summary.is_empty() {
        return summary.to_string();
    }
    let to: Vec<String> = e
        .assignees
        .iter()
        .flatten()
        .filter_map(Reference::label)
        .collect();
    if to.is_empty() {
        "Escalated".to_string()
    } else {
        format!("Escalated to {}", to.join(", "))
    }
}
