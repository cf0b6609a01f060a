//! Action items (bullets, checkboxes, tables with Owner/Ticket/Status/Due columns, plain lines)
//! and lessons (went well / went wrong / lucky).

use super::lines::{Kind, Line};
use super::sections::Section;
use crate::ingest::candidate::FailedAttempt;
use crate::ingest::clock::parse_date;
use crate::ingest::lexicon::classify_action;
use crate::model::text::clean_line;
use crate::model::{ActionItem, ActionKind, ActionStatus, Lessons};

/// One list entry with the entries nested under it.
#[derive(Debug)]
struct Node {
    text: String,
    check: Option<bool>,
    indent: usize,
    children: Vec<String>,
}

/// Items, rows and lines of the action sections.
pub fn collect_actions(lines: &[Line], tags: &[Section]) -> Vec<ActionItem> {
    let mut out = Vec::new();
    // Runs of lines per action section, so that text lines count only in sections without lists.
    let mut i = 0;
    while i < lines.len() {
        if tags[i] != Section::Actions {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && tags[i] == Section::Actions {
            i += 1;
        }
        let run = &lines[start..i];
        let has_list = run
            .iter()
            .any(|l| matches!(l.kind, Kind::Item { .. } | Kind::Row(_)));
        out.extend(from_run(run, has_list));
    }
    // `Action point: add a backup pager`, `TODO: write the runbook` under the lessons: an
    // action item said where its lesson is (and no lesson, see `collect_lessons`).
    for (line, tag) in lines.iter().zip(tags) {
        let (text, check) = match &line.kind {
            Kind::Item { text, check } => (text, *check),
            Kind::Text(text) => (text, None),
            _ => continue,
        };
        if is_lesson_section(*tag)
            && let Some(action) = labelled_action(text)
        {
            out.extend(item(action, check));
        }
    }
    out
}

/// The rows of action-item tables whose status column says the action failed (`FAILED`, "did
/// not work", "no effect"): actions tried during the incident that did not help. Only tables
/// with a header naming a status column; the action's words are read as [`from_row`] reads
/// them.
pub fn failed_attempts(lines: &[Line], tags: &[Section]) -> Vec<FailedAttempt> {
    let mut out = Vec::new();
    let mut header: Option<Vec<String>> = None;
    for (j, (line, tag)) in lines.iter().zip(tags).enumerate() {
        if *tag != Section::Actions {
            header = None;
            continue;
        }
        let Kind::Row(cells) = &line.kind else {
            continue;
        };
        if lines.get(j + 1).is_some_and(|l| l.kind == Kind::TableSep) {
            header = Some(cells.iter().map(|c| c.to_ascii_lowercase()).collect());
            continue;
        }
        let Some(h) = header.as_deref() else {
            continue;
        };
        let Some(status) = h
            .iter()
            .position(|c| c.contains("status") || c.contains("state"))
            .and_then(|i| cells.get(i))
            .map(|s| clean_line(s))
            .filter(|s| says_failed(s))
        else {
            continue;
        };
        if let Some(item) = from_row(Some(h), cells) {
            out.push(FailedAttempt {
                line: line.no,
                action: item.text,
                status,
            });
        }
    }
    out
}

/// Whether a status cell says the action failed: it opens with the verdict (`FAILED`, "Did not
/// work", "Unsuccessful – rolled back"), not a status that tells of later work ("First test
/// failed, retrying in Q3") nor a word that only begins alike ("Failover runbook written").
fn says_failed(status: &str) -> bool {
    let s = status
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    [
        "failed",
        "fails",
        "failure",
        "fail",
        "unsuccessful",
        "did not work",
        "didn't work",
        "does not work",
        "no effect",
        "not effective",
        "ineffective",
    ]
    .iter()
    .any(|w| {
        s.strip_prefix(w)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
    })
}

/// The sections whose lines are lessons (went well, went wrong, lucky, or all three).
fn is_lesson_section(tag: Section) -> bool {
    matches!(
        tag,
        Section::WentWell | Section::WentWrong | Section::Lucky | Section::Lessons
    )
}

/// `Action point: add a backup pager` → `add a backup pager`: a line labelled as an action
/// item (`Action point`, `Action item`, `Action`, `AP`, `TODO`, `To do`, `Follow-up`, `Next
/// step`), the label in any case and bold or not. None for any other line.
fn labelled_action(text: &str) -> Option<&str> {
    const LABELS: &[&str] = &[
        "action point",
        "action item",
        "action",
        "ap",
        "todo",
        "to do",
        "follow-up",
        "follow up",
        "followup",
        "next step",
    ];
    let (label, rest) = text.split_once(':')?;
    let label = label.trim().trim_matches(['*', '_']).trim();
    let rest = rest.trim().trim_start_matches(['*', '_']).trim();
    (LABELS.iter().any(|l| label.eq_ignore_ascii_case(l)) && !rest.is_empty()).then_some(rest)
}

fn from_run(run: &[Line], has_list: bool) -> Vec<ActionItem> {
    let mut out = Vec::new();
    let mut nodes: Vec<Node> = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let mut prev_text = false;
    for (j, line) in run.iter().enumerate() {
        match &line.kind {
            Kind::Item { check, text } => {
                prev_text = false;
                // Nested under the item before when indented deeper.
                if let Some(parent) = nodes.last_mut()
                    && line.indent > parent.indent
                {
                    parent.children.push(text.clone());
                    continue;
                }
                nodes.push(Node {
                    text: text.clone(),
                    check: *check,
                    indent: line.indent,
                    children: Vec::new(),
                });
            }
            Kind::Row(cells) => {
                prev_text = false;
                let next_sep = run.get(j + 1).is_some_and(|l| l.kind == Kind::TableSep);
                if next_sep {
                    header = Some(cells.iter().map(|c| c.to_ascii_lowercase()).collect());
                    continue;
                }
                if let Some(a) = from_row(header.as_deref(), cells) {
                    out.push(a);
                }
            }
            Kind::Text(text) => {
                // Indented lines under a `Label:` item are its children (tab-indented lists).
                if let Some(parent) = nodes.last_mut()
                    && line.indent > parent.indent
                {
                    parent.children.push(text.clone());
                    prev_text = true;
                    continue;
                }
                if has_list {
                    prev_text = true;
                    continue;
                }
                // Plain-text sections: one action a line; a line that doesn't end a sentence
                // and runs on (lower-case start, or a long line before it) is wrapped.
                let continues = prev_text
                    && nodes.last().is_some_and(|n| {
                        !n.text.trim_end().ends_with(['.', '!', '?', ':'])
                            && (text.starts_with(|c: char| c.is_lowercase())
                                || n.text.chars().count() >= 40)
                    });
                match nodes.last_mut() {
                    Some(n) if continues => {
                        n.text.push(' ');
                        n.text.push_str(text);
                    }
                    _ => nodes.push(Node {
                        text: text.clone(),
                        check: None,
                        indent: line.indent,
                        children: Vec::new(),
                    }),
                }
                prev_text = true;
            }
            Kind::Blank => prev_text = false,
            _ => {
                prev_text = false;
            }
        }
    }
    for n in nodes {
        let caption = n.text.trim_end().ends_with(':') || n.text.trim().is_empty();
        if caption {
            // `Improvements:` with the real items under it.
            for c in &n.children {
                if let Some(a) = item(c, None) {
                    out.push(a);
                }
            }
            continue;
        }
        let text = if n.children.is_empty() {
            n.text.clone()
        } else {
            format!(
                "{}: {}",
                n.text.trim_end_matches(':'),
                n.children.join("; ")
            )
        };
        if let Some(a) = item(&text, n.check) {
            out.push(a);
        }
    }
    out
}

fn item(text: &str, check: Option<bool>) -> Option<ActionItem> {
    let text = clean_line(text);
    if text.is_empty() || text.ends_with(':') {
        return None;
    }
    let (kind, _) = classify_action(&text);
    let status = match check {
        Some(true) => ActionStatus::Done,
        _ => ActionStatus::Open,
    };
    Some(ActionItem {
        ticket: ticket_in(&text),
        owner: owner_in(&text),
        text,
        kind,
        status,
        due: None,
    })
}

/// A table row, read by its header (Action / Owner / Ticket / Status / Due / Kind).
fn from_row(header: Option<&[String]>, cells: &[String]) -> Option<ActionItem> {
    let col = |names: &[&str]| -> Option<&String> {
        let h = header?;
        let i = h.iter().position(|c| names.iter().any(|n| c.contains(n)))?;
        cells.get(i).filter(|c| !c.trim().is_empty())
    };
    let used: Vec<usize> = header
        .map(|h| {
            h.iter()
                .enumerate()
                .filter(|(_, c)| {
                    [
                        "owner", "assignee", "who", "ticket", "issue", "link", "jira", "status",
                        "state", "done", "due", "deadline", "date", "kind", "type", "category",
                    ]
                    .iter()
                    .any(|n| c.contains(n))
                })
                .map(|(i, _)| i)
                .collect()
        })
        .unwrap_or_default();
    let text = col(&[
        "action",
        "item",
        "task",
        "description",
        "what",
        "fix",
        "todo",
    ])
    .cloned()
    .or_else(|| {
        cells
            .iter()
            .enumerate()
            .find(|(i, c)| !used.contains(i) && !c.trim().is_empty())
            .map(|(_, c)| c.clone())
    })?;
    let text = clean_line(&text);
    if text.is_empty() {
        return None;
    }
    let kind = match col(&["kind", "type", "category"]).map(|k| k.to_ascii_lowercase()) {
        Some(k) if k.contains("mitig") || k.contains("detect") => ActionKind::Mitigate,
        Some(k) if k.contains("process") => ActionKind::Process,
        Some(k) if k.contains("prevent") => ActionKind::Prevent,
        _ => classify_action(&text).0,
    };
    let status = col(&["status", "state", "done"])
        .map(|s| status_of(s))
        .unwrap_or(ActionStatus::Open);
    Some(ActionItem {
        owner: col(&["owner", "assignee", "who"])
            .map(|s| clean_line(s))
            .or_else(|| owner_in(&text)),
        ticket: col(&["ticket", "issue", "link", "jira"])
            .map(|s| clean_line(s))
            .or_else(|| ticket_in(&text)),
        due: col(&["due", "deadline", "date"]).and_then(|d| parse_date(d)),
        text,
        kind,
        status,
    })
}

fn status_of(s: &str) -> ActionStatus {
    let s = s.to_lowercase();
    if s.contains("won't") || s.contains("wont") || s.contains("cancel") || s.contains("dropped") {
        ActionStatus::WontDo
    } else if s.contains("progress")
        || s.contains("wip")
        || s.contains("ongoing")
        || s.contains("started")
    {
        ActionStatus::InProgress
    } else if s.contains("done")
        || s.contains("closed")
        || s.contains("complete")
        || s.contains("fixed")
        || s.contains("resolved")
        || s.contains('✅')
        || s.trim() == "[x]"
        || s.trim() == "x"
        || s.trim() == "yes"
    {
        ActionStatus::Done
    } else {
        ActionStatus::Open
    }
}

/// `OPS-123`, `#123` or a link in the text.
fn ticket_in(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | '[' | ']'))
        .map(|w| w.trim_end_matches(['.', ';', ':']))
        .find(|w| {
            let jira = w.split_once('-').is_some_and(|(a, b)| {
                a.len() >= 2
                    && a.chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                    && a.starts_with(|c: char| c.is_ascii_uppercase())
                    && !b.is_empty()
                    && b.chars().all(|c| c.is_ascii_digit())
            });
            jira || w.starts_with("https://") || w.starts_with("http://")
        })
        .map(str::to_string)
}

/// `(owner: Ana)`, `owner: @ana`, `@ana`.
fn owner_in(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    if let Some(p) = lower.find("owner:").or_else(|| lower.find("owner -")) {
        let rest = &text[p + 6..];
        let name: String = rest
            .trim_start_matches([' ', '-'])
            .chars()
            .take_while(|c| !matches!(c, ')' | ',' | ';' | ']'))
            .collect();
        let name = name.trim();
        if !name.is_empty() && lower.len() == text.len() {
            return Some(name.to_string());
        }
    }
    text.split_whitespace()
        .find(|w| w.starts_with('@') && w.len() > 1)
        .map(|w| w.trim_end_matches(['.', ',', ')', ';']).to_string())
}

/// Went well / went wrong / lucky; a plain "Lessons learned" list goes by its words.
pub fn collect_lessons(lines: &[Line], tags: &[Section]) -> Lessons {
    let mut l = Lessons::default();
    for (i, line) in lines.iter().enumerate() {
        // Only lines of the lesson sections are read (the rest of the file costs nothing).
        if !is_lesson_section(tags[i]) {
            continue;
        }
        let text = match &line.kind {
            // An action item said among the lessons is one (see `collect_actions`).
            Kind::Item { text, .. } | Kind::Text(text) if labelled_action(text).is_some() => {
                continue;
            }
            Kind::Item { text, .. } | Kind::Text(text) => clean_line(text),
            Kind::Row(cells) => clean_line(&cells.join(" — ")),
            _ => continue,
        };
        if text.is_empty() || text.ends_with(':') {
            continue;
        }
        let lower = text.to_lowercase();
        match tags[i] {
            Section::WentWell => l.went_well.push(text),
            Section::WentWrong => l.went_wrong.push(text),
            Section::Lucky => l.lucky.push(text),
            Section::Lessons => {
                if lower.contains("lucky")
                    || lower.contains("luckily")
                    || lower.contains("fortunately")
                {
                    l.lucky.push(text)
                } else if lower.contains("went well")
                    || lower.contains("worked well")
                    || lower.contains("helped")
                {
                    l.went_well.push(text)
                } else {
                    l.went_wrong.push(text)
                }
            }
            _ => {}
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::markdown::lines::read_lines;
    use crate::ingest::markdown::sections::tag_sections;

    fn actions(src: &str) -> Vec<ActionItem> {
        let lines = read_lines(src);
        let tags = tag_sections(&lines);
        collect_actions(&lines, &tags)
    }

    #[test]
    fn an_action_table_among_the_header_fields() {
        let src = "# Halt\n\n**Impact**: blocks stopped for 4 hours.\n\n| Action Item | Type | Owner |\n|---|---|---|\n| Pin the compiler version | Prevention | Core team |\n\n## Timeline\n\n| Time | Owner | Status |\n|---|---|---|\n| 10:00 | ops | paged |\n";
        let a = actions(src);
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].text, "Pin the compiler version");
        assert_eq!(a[0].owner.as_deref(), Some("Core team"));
        let (inc, _) =
            crate::ingest::markdown::import(std::path::Path::new("x.md"), src).expect("imports");
        assert_eq!(inc.impact.as_deref(), Some("blocks stopped for 4 hours."));
        assert_eq!(inc.actions.len(), 1);
        // A table of something else keeps its section.
        let lines = read_lines(src);
        let tags = tag_sections(&lines);
        let row = lines
            .iter()
            .position(|l| l.text().contains("10:00"))
            .unwrap();
        assert_eq!(tags[row], Section::Timeline);
    }

    #[test]
    fn action_points_said_among_the_lessons() {
        let src = "## Lessons learned\n### Paging\nOnly one person was paged.\n\n**Action point**: add a backup pager rotation.\n- TODO: write the relay runbook\n- Actions taken were slow\n";
        let a = actions(src);
        let texts: Vec<&str> = a.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(
            texts,
            ["add a backup pager rotation.", "write the relay runbook"]
        );
        let lines = read_lines(src);
        let l = collect_lessons(&lines, &tag_sections(&lines));
        assert_eq!(
            l.went_wrong,
            ["Only one person was paged.", "Actions taken were slow"]
        );
        // Elsewhere a labelled line is what it says there, not an action item.
        assert!(actions("## Summary\nTODO: fill in the impact\n").is_empty());
    }

    #[test]
    fn bullets_captions_and_nesting() {
        let a = actions(
            "## Action items\nWe will:\n- Improvements:\n  - Add alerting on disk\n  - Write a runbook\n- Add an index (owner: Ana) OPS-12\n1. **Patch nginx**\n   - to 1.25\n",
        );
        let texts: Vec<&str> = a.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Add alerting on disk",
                "Write a runbook",
                "Add an index (owner: Ana) OPS-12",
                "Patch nginx: to 1.25"
            ]
        );
        assert_eq!(a[0].kind, ActionKind::Mitigate);
        assert_eq!(a[2].owner.as_deref(), Some("Ana"));
        assert_eq!(a[2].ticket.as_deref(), Some("OPS-12"));
        assert_eq!(a[2].kind, ActionKind::Prevent);
    }

    #[test]
    fn checkboxes_and_tables() {
        let a = actions("## Follow-up\n- [x] Update the checklist\n- [ ] Add monitoring\n");
        assert_eq!(a[0].status, ActionStatus::Done);
        assert_eq!(a[0].kind, ActionKind::Process);
        assert_eq!(a[1].status, ActionStatus::Open);
        let a = actions(
            "## Action items\n| Action | Owner | Ticket | Status | Due |\n|---|---|---|---|---|\n| Add retries | Bo | OPS-7 | in progress | 2024-09-01 |\n",
        );
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].owner.as_deref(), Some("Bo"));
        assert_eq!(a[0].ticket.as_deref(), Some("OPS-7"));
        assert_eq!(a[0].status, ActionStatus::InProgress);
        assert_eq!(a[0].due, chrono::NaiveDate::from_ymd_opt(2024, 9, 1));
    }

    #[test]
    fn plain_lines() {
        let a = actions(
            "Corrective and Preventative Measures:\n\nImprove the code review process for\nsession handling.\nAdd pool metrics.\n",
        );
        assert_eq!(a.len(), 2);
        assert_eq!(
            a[0].text,
            "Improve the code review process for session handling."
        );
    }
}
