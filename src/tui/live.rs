//! Live mode: following one incident file while writing to it (`retrace live FILE`).
//!
//! The app keeps the session's [`Writer`] here (its undo list is "what I did"); each save is one
//! locked read-merge-write of milliseconds, done in [`App::update`](super::app::App::update),
//! and the incident it returns is shown at once.

use super::line_edit::LineEditor;
use crate::model::{MilestoneKind, Timestamp};
use crate::store::{EventKey, Writer};

/// What the one-line editor at the bottom is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinePurpose {
    /// A note, saved on Enter (on the active hypothesis, if any).
    Note,
    /// The name of a new hypothesis.
    Hypothesis,
}

/// The line editor open at the bottom.
#[derive(Clone, Debug)]
pub struct NoteLine {
    pub purpose: LinePurpose,
    pub editor: LineEditor,
    /// Why the last save failed; the text stays in the line.
    pub error: Option<String>,
}

/// A change waiting for y/n.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    Milestone(MilestoneKind),
    /// Delete this event (its text shown in the question).
    Delete(EventKey),
    RuleOut,
    ConfirmHypothesis,
}

impl Pending {
    pub fn question(&self, hypothesis: Option<&str>) -> String {
        let h = hypothesis.unwrap_or("");
        match self {
            Pending::Milestone(k) => format!("Mark {} now?", k.as_str()),
            Pending::Delete(k) => {
                format!("Delete \"{}\"?", crate::model::text::clean_line(&k.text))
            }
            Pending::RuleOut => format!("Rule out ⎇ {h}? (it becomes a detour)"),
            Pending::ConfirmHypothesis => format!("Confirm ⎇ {h} as the cause?"),
        }
    }
}

/// The live session of the open incident.
#[derive(Debug)]
pub struct Live {
    pub writer: Writer,
    pub line: Option<NoteLine>,
    pub pending: Option<Pending>,
    /// The active hypothesis: (branch id, name). Notes go to it.
    pub hypothesis: Option<(String, String)>,
    /// The clock of the header; `None`: the system clock (tests freeze it).
    pub frozen_now: Option<Timestamp>,
}

impl Live {
    pub fn new(writer: Writer) -> Live {
        Live {
            writer,
            line: None,
            pending: None,
            hypothesis: None,
            frozen_now: None,
        }
    }

    pub fn now(&self) -> Timestamp {
        self.frozen_now.unwrap_or_else(crate::store::stamp::now)
    }

    /// A key's context: the note line or a confirm prompt takes the keys.
    pub fn capturing(&self) -> bool {
        self.line.is_some() || self.pending.is_some()
    }
}

/// A branch id from a hypothesis name: `DB is saturated` → `db-is-saturated`, unique among
/// `taken`.
pub fn branch_id(name: &str, taken: &[&str]) -> String {
    let mut id = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
        if id.chars().count() >= 24 {
            break;
        }
    }
    let id = id.trim_end_matches('-').to_string();
    let id = if id.is_empty() { "h".to_string() } else { id };
    if !taken.contains(&id.as_str()) {
        return id;
    }
    (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|c| !taken.contains(&c.as_str()))
        .expect("some suffix is free")
}

/// `1h05m`, `12m`, `40s`.
pub fn clock(d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    let (h, m, sec) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}h{m:02}m")
    } else if m > 0 {
        format!("{m}m{sec:02}s")
    } else {
        format!("{sec}s")
    }
}

// ----- actions ------------------------------------------------------------------------------

use super::app::{Action, App};
use super::line_edit::LineOp;
use crate::model::Outcome;
use crate::store::{Saved, StoreError};

impl App {
    /// The live-mode actions; nothing happens outside live mode.
    pub(super) fn live_action(&mut self, action: Action) {
        let Some(live) = self.live.as_mut() else {
            return;
        };
        match action {
            Action::LiveNote => open_line(live, LinePurpose::Note),
            Action::LiveHypothesis => open_line(live, LinePurpose::Hypothesis),
            Action::Line(op) => {
                if let Some(l) = &mut live.line {
                    l.editor.apply(op);
                }
            }
            Action::Paste(text) => {
                if let Some(l) = &mut live.line {
                    l.editor.apply(LineOp::Paste(text));
                }
            }
            Action::LineCancel => live.line = None,
            Action::LineSubmit => self.submit_line(),
            Action::LiveMilestone(k) => live.pending = Some(Pending::Milestone(k)),
            Action::LiveRuleOut | Action::LiveConfirmHypothesis => {
                if live.hypothesis.is_none() {
                    self.message = Some("No active hypothesis: h starts one".into());
                } else if matches!(action, Action::LiveRuleOut) {
                    live.pending = Some(Pending::RuleOut);
                } else {
                    live.pending = Some(Pending::ConfirmHypothesis);
                }
            }
            Action::LiveDelete => {
                let key = self
                    .open_incident()
                    .and_then(|(d, st)| d.incident.timeline.get(st.selected))
                    .map(EventKey::of);
                if let (Some(key), Some(live)) = (key, self.live.as_mut()) {
                    live.pending = Some(Pending::Delete(key));
                }
            }
            Action::LiveUndo => {
                let label = live.writer.undo_label().map(str::to_string);
                match label {
                    None => self.message = Some("Nothing of yours to undo".into()),
                    Some(label) => {
                        let r = live.writer.undo();
                        self.after_save(r, &format!("Undid: {label}"));
                        self.check_hypothesis();
                    }
                }
            }
            Action::Answer(yes) => {
                let Some(p) = live.pending.take() else { return };
                if yes {
                    self.do_pending(p);
                }
            }
            _ => {}
        }
    }

    fn submit_line(&mut self) {
        let Some(live) = self.live.as_mut() else {
            return;
        };
        let Some(line) = &live.line else { return };
        let text = line.editor.text().trim().to_string();
        if text.is_empty() {
            live.line = None;
            return;
        }
        match line.purpose {
            LinePurpose::Note => {
                let branch = live.hypothesis.as_ref().map(|h| h.0.clone());
                let r = live.writer.note(&text, None, None, branch.as_deref());
                let done = match &r {
                    Ok(saved) => saved_at(saved),
                    Err(_) => String::new(),
                };
                if self.after_save(r, &done)
                    && let Some(live) = self.live.as_mut()
                {
                    live.line = None;
                }
            }
            LinePurpose::Hypothesis => {
                let taken: Vec<String> = self
                    .open_incident()
                    .map(|(d, _)| d.incident.branches.iter().map(|b| b.id.clone()).collect())
                    .unwrap_or_default();
                let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
                let id = branch_id(&text, &taken);
                let Some(live) = self.live.as_mut() else {
                    return;
                };
                let r = live.writer.open_branch(&id, &text);
                if self.after_save(r, &format!("Hypothesis ⎇ {text} open: notes go to it"))
                    && let Some(live) = self.live.as_mut()
                {
                    live.line = None;
                    live.hypothesis = Some((id, text));
                }
            }
        }
    }

    fn do_pending(&mut self, p: Pending) {
        let Some(live) = self.live.as_mut() else {
            return;
        };
        match p {
            Pending::Milestone(k) => {
                let r = live.writer.set_milestone(k, live.now());
                self.after_save(r, &format!("Marked {} now", k.as_str()));
            }
            Pending::Delete(key) => {
                let r = live.writer.delete_event(&key);
                self.after_save(r, "Deleted (u undoes)");
            }
            Pending::RuleOut | Pending::ConfirmHypothesis => {
                let Some((id, name)) = live.hypothesis.clone() else {
                    return;
                };
                let (outcome, done) = if p == Pending::RuleOut {
                    (Outcome::RuledOut, "ruled out: a detour")
                } else {
                    (Outcome::Confirmed, "confirmed")
                };
                let r = live.writer.close_branch(&id, outcome);
                if self.after_save(r, &format!("⎇ {name} {done}"))
                    && let Some(live) = self.live.as_mut()
                {
                    live.hypothesis = None;
                }
            }
        }
    }

    /// Drop the active hypothesis when its branch is no longer open in the file (closed or
    /// removed by someone else, or by an undo).
    pub(super) fn check_hypothesis(&mut self) {
        let open: Vec<String> = self
            .open_incident()
            .map(|(d, _)| {
                d.incident
                    .branches
                    .iter()
                    .filter(|b| b.outcome == Outcome::Open)
                    .map(|b| b.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        if let Some(live) = self.live.as_mut()
            && let Some((id, name)) = &live.hypothesis
            && !open.contains(id)
        {
            self.message = Some(format!(
                "⎇ {name} is no longer open: notes go to the main line"
            ));
            live.hypothesis = None;
        }
    }

    /// Show what a save returned (the incident as now on disk, the event it added selected);
    /// on an error, say why: the note line keeps its text. `true` when saved.
    fn after_save(&mut self, r: Result<Saved, StoreError>, done: &str) -> bool {
        match r {
            Ok(saved) => {
                let entry = self.incident.as_ref().map_or(0, |s| s.entry);
                let path = self
                    .live
                    .as_ref()
                    .map(|l| l.writer.path().to_path_buf())
                    .unwrap_or_default();
                let diags = saved.warnings;
                self.replace_doc(entry, path, saved.incident, &diags, saved.event);
                self.message = Some(done.to_string());
                true
            }
            Err(e) => {
                let msg = crate::model::text::clean_line(&e.to_string());
                match self.live.as_mut().and_then(|l| l.line.as_mut()) {
                    Some(line) => line.error = Some(msg),
                    None => self.message = Some(format!("Not saved: {msg}")),
                }
                false
            }
        }
    }
}

/// `Saved 12:47:10 UTC (13:47:10 local)`: the note's stamp, in UTC and the local clock.
fn saved_at(saved: &Saved) -> String {
    let Some(k) = &saved.event else {
        return "Saved".into();
    };
    let utc = k.at.with_timezone(&chrono::Utc).format("%H:%M:%S");
    let local = k.at.with_timezone(&chrono::Local).format("%H:%M:%S");
    format!("Saved {utc} UTC ({local} local)")
}

fn open_line(live: &mut Live, purpose: LinePurpose) {
    live.pending = None;
    match &mut live.line {
        // Reopening keeps what was typed.
        Some(l) if l.purpose == purpose => {}
        _ => {
            live.line = Some(NoteLine {
                purpose,
                editor: LineEditor::new(),
                error: None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_ids() {
        assert_eq!(branch_id("DB is saturated!", &[]), "db-is-saturated");
        assert_eq!(branch_id("db", &["db"]), "db-2");
        assert_eq!(branch_id("  ", &[]), "h");
    }

    #[test]
    fn clocks() {
        assert_eq!(clock(chrono::Duration::seconds(3900)), "1h05m");
        assert_eq!(clock(chrono::Duration::seconds(125)), "2m05s");
        assert_eq!(clock(chrono::Duration::seconds(-5)), "0s");
    }
}
