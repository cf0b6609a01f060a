//! incident.io: the incident (`GET /v2/incidents/{id}`) and its updates
//! (`GET /v2/incident_updates?incident_id=…`), as one JSON object
//! `{"incident": …, "incident_updates": […]}` or each body alone (a bare array of updates too).
//!
//! | incident.io | retrace |
//! | --- | --- |
//! | timestamp "Impact started at" | **started**, exact |
//! | "Reported at" | **detected**, a stand-in (declaring is not detecting: a pager's trigger wins) |
//! | "Accepted at" | **acknowledged**, a stand-in |
//! | "Identified at" | **identified**, exact |
//! | "Fixed at" (first move to Monitoring) | **mitigated**, exact |
//! | "Resolved at" (else "Closed at") | **resolved**, exact |
//! | any other timestamp | the milestone its name says by the lexicon ("Mitigated at"), else none |
//! | each update | an event "Status → Fixing: message", its kind from the words, else from the new status |
//! | `name`, `summary`, `severity.name`, `incident_status.category` | title, summary, severity, status |
//! | `slack_channel_name` | the channel read from a Slack export merged with it, when `--channel` is not given |
//!
//! The organisation names its timestamps; a timestamp without a value is not set. The
//! postmortem's Markdown (`{"markdown": …}`) goes to the Markdown importer instead.

use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{
    Locator, Read, System, Timed, Typed, parse_body, parse_raw, parse_time, timed_elements,
};
use crate::ingest::candidate::{Candidate, Entry, Origin, SourceKind};
use crate::ingest::lexicon::Scan;
use crate::ingest::{Diagnostic, LoadError};
use crate::model::text::clean_line;
use crate::model::{EventKind, Inference, MilestoneKind, RuleId, Severity, Status};

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(borrow, default)]
    incident: Option<&'a RawValue>,
    #[serde(borrow, default)]
    incident_updates: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Named {
    name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StatusV2 {
    name: Option<String>,
    category: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TimestampValue {
    incident_timestamp: Option<Named>,
    value: Option<ValueOf>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ValueOf {
    value: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Incident<'a> {
    id: Option<String>,
    reference: Option<String>,
    name: Option<String>,
    summary: Option<String>,
    severity: Option<Named>,
    incident_status: Option<StatusV2>,
    #[serde(borrow)]
    incident_timestamp_values: Option<Vec<&'a RawValue>>,
    slack_channel_name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Actor {
    user: Option<Named>,
    workflow: Option<Named>,
    api_key: Option<Named>,
    alert: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Update {
    id: Option<String>,
    created_at: Option<String>,
    message: Option<String>,
    new_incident_status: Option<StatusV2>,
    new_severity: Option<Named>,
    updater: Option<Actor>,
}

/// Read an incident.io export. Errors: text that is not JSON or not incident.io's shape
/// (located); an update or timestamp that cannot be read is skipped with a located warning.
pub fn read(path: &Path, text: &str) -> Result<Read, LoadError> {
    let body: Body = parse_body(path, text, |list| Body {
        incident: None,
        incident_updates: Some(list),
    })?;
    let mut read = Read::new(System::IncidentIo);
    let incident: Incident = match body.incident {
        Some(raw) => parse_raw(path, text, raw).map_err(LoadError::invalid)?,
        None => Incident::default(),
    };
    let name = |n: &Option<Named>| {
        n.as_ref()
            .and_then(|n| n.name.as_deref())
            .map(clean_line)
            .filter(|s| !s.is_empty())
    };
    read.slack_channel = incident
        .slack_channel_name
        .as_deref()
        .map(clean_line)
        .filter(|c| !c.is_empty());
    let inc = &mut read.story.incident;
    inc.title = incident.name.as_deref().map(clean_line).unwrap_or_default();
    inc.summary = incident
        .summary
        .as_deref()
        .map(crate::model::text::clean_block)
        .filter(|s| !s.is_empty());
    inc.severity = name(&incident.severity).map(Severity);
    inc.status = incident
        .incident_status
        .as_ref()
        .and_then(|s| s.category.as_deref())
        .and_then(|c| match c {
            "closed" | "learning" => Some(Status::Resolved),
            "live" | "triage" | "paused" => Some(Status::Ongoing),
            _ => None,
        });

    // Timestamps: the milestones, by the names the organisation gave them.
    let mut closed_at = None;
    let mut place = Locator::new(text);
    for raw in incident.incident_timestamp_values.iter().flatten() {
        let (line, col) = place.at(raw);
        let tv: TimestampValue = match parse_raw(path, text, raw) {
            Ok(tv) => tv,
            Err(d) => {
                read.diagnostics.push(super::skipped(d));
                continue;
            }
        };
        let Some(label) = name(&tv.incident_timestamp) else {
            continue;
        };
        let Some(value) = tv.value.and_then(|v| v.value) else {
            continue; // not set
        };
        let Some((at, _)) = parse_time(&value) else {
            read.diagnostics.push(
                Diagnostic::warning(
                    path,
                    line,
                    col,
                    format!("timestamp \"{label}\" is not an RFC 3339 time; skipped"),
                )
                .with_hint("incident.io writes times such as 2025-03-11T23:56:00.250Z"),
            );
            continue;
        };
        let lower = label.to_lowercase();
        let typed = |kind, rule, exact| Typed {
            kind,
            at,
            why: Inference::new(rule, label.clone()),
            exact,
        };
        let t = match lower.trim_end_matches(" at").trim() {
            "impact started" | "impact start" => Some(typed(
                MilestoneKind::Started,
                RuleId::SourceIncidentioTimestamp,
                true,
            )),
            "reported" => Some(typed(
                MilestoneKind::Detected,
                RuleId::SourceIncidentioReported,
                false,
            )),
            "accepted" => Some(typed(
                MilestoneKind::Acknowledged,
                RuleId::SourceIncidentioAccepted,
                false,
            )),
            "identified" => Some(typed(
                MilestoneKind::Identified,
                RuleId::SourceIncidentioTimestamp,
                true,
            )),
            "fixed" => Some(typed(
                MilestoneKind::Mitigated,
                RuleId::SourceIncidentioTimestamp,
                true,
            )),
            "resolved" => Some(typed(
                MilestoneKind::Resolved,
                RuleId::SourceIncidentioTimestamp,
                true,
            )),
            "closed" => {
                closed_at = Some(typed(
                    MilestoneKind::Resolved,
                    RuleId::SourceIncidentioTimestamp,
                    true,
                ));
                None
            }
            "declined" | "merged" | "canceled" | "cancelled" | "documented" | "reviewed" => None,
            _ => {
                let scan = Scan::new(&label);
                scan.marker()
                    .or_else(|| scan.kind())
                    .and_then(|(k, _)| MilestoneKind::from_event_kind(k))
                    .map(|m| typed(m, RuleId::SourceIncidentioTimestamp, true))
            }
        };
        read.milestones.extend(t);
    }
    if let Some(c) = closed_at
        && !read
            .milestones
            .iter()
            .any(|m| m.kind == MilestoneKind::Resolved)
    {
        read.milestones.push(c);
    }

    // Updates: events.
    let incident_ref = incident
        .reference
        .as_deref()
        .or(incident.id.as_deref())
        .map(clean_line);
    let mut severity: Option<String> = None;
    let mut updates = timed_elements::<Update>(
        path,
        text,
        body.incident_updates.as_deref().unwrap_or(&[]),
        "update",
        |u| u.created_at.as_deref(),
        &mut read.diagnostics,
    );
    updates.sort_by_key(|u| u.at);
    for (
        n,
        Timed {
            value: u, at, line, ..
        },
    ) in updates.into_iter().enumerate()
    {
        let status = u.new_incident_status.unwrap_or_default();
        let status_name = status
            .name
            .as_deref()
            .map(clean_line)
            .filter(|s| !s.is_empty());
        let mut head = Vec::new();
        if let Some(s) = &status_name {
            head.push(format!("Status → {s}"));
        }
        let new_severity = name(&u.new_severity);
        if new_severity.is_some() && new_severity != severity {
            if severity.is_some() {
                head.push(format!(
                    "severity → {}",
                    new_severity.clone().unwrap_or_default()
                ));
            }
            severity = new_severity;
        }
        let message = u
            .message
            .as_deref()
            .map(clean_line)
            .filter(|m| !m.is_empty());
        let text = match (head.is_empty(), message) {
            (true, None) => continue,
            (true, Some(m)) => m,
            (false, None) => head.join(", "),
            (false, Some(m)) => format!("{}: {m}", head.join(", ")),
        };
        let kind = status_kind(status.category.as_deref(), status_name.as_deref());
        let id =
            u.id.as_deref()
                .map(clean_line)
                .unwrap_or_else(|| format!("{}", n + 1));
        let reference = match &incident_ref {
            Some(i) => format!("incident.io:{i}/update/{id}"),
            None => format!("incident.io:update/{id}"),
        };
        read.story.entries.push(Entry::Event(Candidate {
            author: u.updater.as_ref().and_then(actor),
            origin: Some(Box::new(Origin {
                reference,
                thread: None,
                key: false,
                kind: kind.map(|k| SourceKind {
                    kind: k,
                    why: Inference::new(
                        RuleId::SourceIncidentioStatus,
                        status_name.clone().unwrap_or_default(),
                    ),
                    stated: false,
                }),
                ..Origin::default()
            })),
            ..Candidate::recorded(line, at, text)
        }));
    }
    Ok(read)
}

/// The kind an update's new status gives it when its words say nothing telling.
fn status_kind(category: Option<&str>, name: Option<&str>) -> Option<EventKind> {
    match category {
        Some("closed" | "learning") => return Some(EventKind::Resolution),
        Some("declined" | "canceled" | "merged") => return None,
        _ => {}
    }
    let name = name?.to_lowercase();
    if name.contains("monitor") {
        Some(EventKind::Mitigation)
    } else if name.contains("fix") {
        Some(EventKind::Action)
    } else if name.contains("investigat") {
        Some(EventKind::Investigation)
    } else if name.contains("resolv") || name.contains("closed") {
        Some(EventKind::Resolution)
    } else {
        None
    }
}

/// Who made an update: a person, a workflow, an API key or an alert.
fn actor(a: &Actor) -> Option<String> {
    let n = |x: &Option<Named>| {
        x.as_ref()
            .and_then(|n| n.name.as_deref())
            .map(clean_line)
            .filter(|s| !s.is_empty())
    };
    n(&a.user)
        .or_else(|| n(&a.workflow).map(|w| format!("{w} (workflow)")))
        .or_else(|| n(&a.api_key).map(|k| format!("{k} (API key)")))
        .or_else(|| a.alert.as_ref().map(|_| "alert".to_string()))
}
