//! Live mode: following one incident file while writing to it (`retrace live FILE`).
//!
//! Every change is a [`Command::Save`] the event loop runs on the store worker, which owns the
//! session's [`Writer`](crate::store::Writer) (its undo list is "what I did"). The screen keeps
//! drawing and taking keys while a save waits; what was typed stays on screen (in the outbox)
//! until it is saved, and a save that fails gives the text back to the note line.

use std::path::PathBuf;

use super::command::{Command, SaveDone, SaveOp, SaveRequest};
use super::widgets::line_editor::LineEditor;
use crate::model::{MilestoneKind, Outcome};
use crate::store::{EventKey, LockHolder};

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
    /// Why the last save of this text failed; the text stays in the line.
    pub error: Option<String>,
}

/// A change waiting for y/n.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    /// Mark a milestone now, with a marker event (no event selected).
    Milestone(MilestoneKind),
    /// Make the selected event the milestone.
    Promote {
        target: EventKey,
        kind: MilestoneKind,
    },
    /// Delete this event (its text shown in the question).
    Delete(EventKey),
    RuleOut,
    ConfirmHypothesis,
    /// After a confirmed hypothesis: mark identified at the confirming event.
    OfferIdentified(EventKey),
    /// The file's layout cannot be edited in place: rewrite it whole (dropping comments)?
    Rewrite {
        request: SaveRequest,
        comments: usize,
        why: String,
        /// The typed text, back to the line on "no".
        typed: Option<(LinePurpose, String)>,
    },
    /// Quit with saves still waiting or a typed note not saved.
    Quit,
}

impl Pending {
    pub fn question(&self, hypothesis: Option<&str>) -> String {
        let h = hypothesis.unwrap_or("");
        let clean = crate::model::text::clean_line;
        match self {
            Pending::Milestone(k) => format!("Mark {} now?", k.as_str()),
            Pending::Promote { target, kind } => format!(
                "Mark \"{}\" ({}) as {}?",
                clean(&target.text),
                target.at.format("%H:%M"),
                kind.as_str()
            ),
            Pending::Delete(k) => format!("Delete \"{}\"?", clean(&k.text)),
            Pending::RuleOut => format!("Rule out ⎇ {h}? (it becomes a detour)"),
            Pending::ConfirmHypothesis => format!("Confirm ⎇ {h} as the cause?"),
            Pending::OfferIdentified(_) => {
                "Confirmed. Mark identified (the cause is found) at it?".into()
            }
            Pending::Rewrite { comments, why, .. } => format!(
                "Not saved. Rewrite the whole file in retrace's layout{}? ({})",
                if *comments > 0 {
                    format!(", dropping its {comments} comment line(s)")
                } else {
                    String::new()
                },
                clean(why)
            ),
            Pending::Quit => "Changes are not saved yet (see above). Quit anyway?".into(),
        }
    }
}

/// A save sent to the store worker and not yet done.
#[derive(Clone, Debug, PartialEq)]
pub struct Outgoing {
    pub request: SaveRequest,
    /// What it is, for the status line (`note "p99 at 4s"`).
    pub label: String,
    /// The typed text (a note or a hypothesis name), given back to the line if it fails.
    pub typed: Option<(LinePurpose, String)>,
    /// Waiting for another writer's lock: who holds it (as far as known) and since when.
    pub waiting: Option<(Option<LockHolder>, std::time::Duration)>,
    /// It failed and its text waits to go back into the note line.
    pub failed: Option<String>,
}

/// The live session of the open incident.
#[derive(Debug)]
pub struct Live {
    /// The file being written.
    pub path: PathBuf,
    pub line: Option<NoteLine>,
    pub pending: Option<Pending>,
    /// The active hypothesis: (branch id, name). Notes go to it.
    pub hypothesis: Option<(String, String)>,
    /// Following the newest event, no event selected: milestone keys add a marker event. Any
    /// move selects an event (the milestone keys then mark it); Esc goes back to following.
    pub follow: bool,
    /// Saves on their way, oldest first.
    pub outbox: Vec<Outgoing>,
    /// What `u` would undo, as the last save said.
    pub undo_label: Option<String>,
    next_id: u64,
}

impl Live {
    pub fn new(path: PathBuf) -> Live {
        Live {
            path,
            line: None,
            pending: None,
            hypothesis: None,
            follow: true,
            outbox: Vec::new(),
            undo_label: None,
            next_id: 1,
        }
    }

    /// A key's context: the note line or a confirm prompt takes the keys.
    pub fn capturing(&self) -> bool {
        self.line.is_some() || self.pending.is_some()
    }

    /// Saves still on their way (not failed).
    pub fn unsaved(&self) -> usize {
        self.outbox.iter().filter(|o| o.failed.is_none()).count()
    }

    fn send(&mut self, op: SaveOp, label: String, typed: Option<(LinePurpose, String)>) -> Command {
        let request = SaveRequest {
            id: self.next_id,
            op,
            rewrite: false,
        };
        self.next_id += 1;
        self.resend(request, label, typed)
    }

    fn resend(
        &mut self,
        request: SaveRequest,
        label: String,
        typed: Option<(LinePurpose, String)>,
    ) -> Command {
        self.outbox.push(Outgoing {
            request: request.clone(),
            label,
            typed,
            waiting: None,
            failed: None,
        });
        Command::Save(request)
    }

    /// Give a failed note's text back to the line when the line is free.
    fn refill_line(&mut self) {
        if self
            .line
            .as_ref()
            .is_some_and(|l| !l.editor.text().is_empty())
        {
            return;
        }
        let Some(i) = self.outbox.iter().position(|o| o.failed.is_some()) else {
            return;
        };
        let o = self.outbox.remove(i);
        let (purpose, text) = o.typed.unwrap_or((LinePurpose::Note, String::new()));
        let mut editor = LineEditor::new();
        editor.apply(super::widgets::line_editor::LineOp::Paste(text));
        self.line = Some(NoteLine {
            purpose,
            editor,
            error: o.failed,
        });
    }
}

pub use crate::model::ids::branch_id;

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
use super::widgets::line_editor::LineOp;

/// What to select once a save is shown.
#[derive(Clone, Debug)]
enum Select {
    /// The event the save added or touched (else keep the selection).
    Touched,
    /// This position (the event after a deleted one takes its place).
    Index(usize),
}

impl App {
    /// The live-mode actions; nothing happens outside live mode.
    pub(super) fn live_action(&mut self, action: Action) -> Vec<Command> {
        let now = (self.clock)();
        let selected = self.selected_key();
        let Some(live) = self.live.as_mut() else {
            return Vec::new();
        };
        let mut out = Vec::new();
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
            Action::LineCancel => {
                live.line = None;
                live.refill_line();
            }
            Action::LineSubmit => out.extend(self.submit_line(now)),
            Action::LiveMilestone(k) => {
                live.pending = Some(match (live.follow, selected) {
                    (false, Some(target)) => Pending::Promote { target, kind: k },
                    _ => Pending::Milestone(k),
                })
            }
            Action::LiveRuleOut | Action::LiveConfirmHypothesis => {
                if live.hypothesis.is_none() {
                    self.message = Some("No active hypothesis: H starts one".into());
                } else if matches!(action, Action::LiveRuleOut) {
                    live.pending = Some(Pending::RuleOut);
                } else {
                    live.pending = Some(Pending::ConfirmHypothesis);
                }
            }
            Action::LiveDelete => match (live.follow, selected) {
                (false, Some(key)) => live.pending = Some(Pending::Delete(key)),
                _ => self.message = Some("Select an event first (↑↓), then d deletes it".into()),
            },
            Action::LiveUndo => match live.undo_label.clone() {
                None => self.message = Some("Nothing of yours to undo".into()),
                Some(label) => out.push(live.send(SaveOp::Undo, format!("undo {label}"), None)),
            },
            Action::Answer(yes) => {
                let Some(p) = live.pending.take() else {
                    return out;
                };
                if yes {
                    out.extend(self.do_pending(p, now));
                } else if let Pending::Rewrite {
                    request,
                    why,
                    typed: Some(typed),
                    ..
                } = p
                {
                    // Not rewritten: what was typed goes back to the line.
                    live.outbox.push(Outgoing {
                        request,
                        label: String::new(),
                        typed: Some(typed),
                        waiting: None,
                        failed: Some(why),
                    });
                    live.refill_line();
                }
            }
            Action::SaveWaiting(id, holder, waited) => {
                if let Some(o) = live.outbox.iter_mut().find(|o| o.request.id == id) {
                    o.waiting = Some((holder, waited));
                }
            }
            Action::Saved(done) => out.extend(self.saved(*done)),
            _ => {}
        }
        out
    }

    /// The selected event, as a key.
    fn selected_key(&self) -> Option<EventKey> {
        self.open_incident()
            .and_then(|(d, st)| d.incident.timeline.get(st.selected))
            .map(EventKey::of)
    }

    fn submit_line(&mut self, now: crate::model::Timestamp) -> Vec<Command> {
        let taken: Vec<String> = self
            .open_incident()
            .map(|(d, _)| d.incident.branches.iter().map(|b| b.id.clone()).collect())
            .unwrap_or_default();
        let Some(live) = self.live.as_mut() else {
            return Vec::new();
        };
        let Some(line) = live.line.take() else {
            return Vec::new();
        };
        let text = line.editor.text().trim().to_string();
        if text.is_empty() {
            live.refill_line();
            return Vec::new();
        }
        let short = short(&text);
        let cmd = match line.purpose {
            LinePurpose::Note => {
                let branch = live.hypothesis.as_ref().map(|h| h.0.clone());
                live.send(
                    SaveOp::Note {
                        text: text.clone(),
                        at: now,
                        branch,
                    },
                    format!("note \"{short}\""),
                    Some((LinePurpose::Note, text)),
                )
            }
            LinePurpose::Hypothesis => {
                let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
                let id = branch_id(&text, &taken);
                live.send(
                    SaveOp::OpenHypothesis {
                        id,
                        name: text.clone(),
                    },
                    format!("hypothesis \"{short}\""),
                    Some((LinePurpose::Hypothesis, text)),
                )
            }
        };
        live.refill_line();
        vec![cmd]
    }

    fn do_pending(&mut self, p: Pending, now: crate::model::Timestamp) -> Vec<Command> {
        let Some(live) = self.live.as_mut() else {
            return Vec::new();
        };
        let cmd = match p {
            Pending::Milestone(kind) => live.send(
                SaveOp::Milestone { kind, at: now },
                format!("mark {}", kind.as_str()),
                None,
            ),
            Pending::Promote { target, kind } => live.send(
                SaveOp::Promote {
                    target: target.clone(),
                    kind,
                },
                format!("mark \"{}\" {}", short(&target.text), kind.as_str()),
                None,
            ),
            Pending::OfferIdentified(target) => live.send(
                SaveOp::Promote {
                    target,
                    kind: MilestoneKind::Identified,
                },
                "mark identified".into(),
                None,
            ),
            Pending::Delete(key) => live.send(
                SaveOp::Delete(key.clone()),
                format!("delete \"{}\"", short(&key.text)),
                None,
            ),
            Pending::RuleOut | Pending::ConfirmHypothesis => {
                let Some((id, name)) = live.hypothesis.clone() else {
                    return Vec::new();
                };
                let outcome = if p == Pending::RuleOut {
                    Outcome::RuledOut
                } else {
                    Outcome::Confirmed
                };
                live.send(
                    SaveOp::CloseHypothesis { id, outcome },
                    format!("{} ⎇ {}", outcome.as_str(), short(&name)),
                    None,
                )
            }
            Pending::Rewrite {
                mut request, typed, ..
            } => {
                request.rewrite = true;
                live.resend(request, "rewrite the file".into(), typed)
            }
            Pending::Quit => {
                self.quit = true;
                return Vec::new();
            }
        };
        vec![cmd]
    }

    /// A save came back: show the incident as it is now on disk, or say why not and keep what
    /// was typed.
    fn saved(&mut self, done: SaveDone) -> Vec<Command> {
        let Some(live) = self.live.as_mut() else {
            return Vec::new();
        };
        let Some(i) = live.outbox.iter().position(|o| o.request.id == done.id) else {
            return Vec::new();
        };
        let sent = live.outbox.remove(i);
        match done.result {
            Ok(saved) => {
                live.undo_label = saved.undo_label.clone();
                let mut select = Select::Touched;
                let message = match &sent.request.op {
                    SaveOp::Note { .. } => saved_at(&saved),
                    SaveOp::OpenHypothesis { id, name } => {
                        live.hypothesis = Some((id.clone(), name.clone()));
                        format!("Hypothesis ⎇ {name} open: notes go to it")
                    }
                    SaveOp::CloseHypothesis { outcome, .. } => {
                        let name = live.hypothesis.take().map(|h| h.1).unwrap_or_default();
                        if *outcome == Outcome::Confirmed
                            && let Some(key) = saved.event.clone()
                            && live.pending.is_none()
                        {
                            live.pending = Some(Pending::OfferIdentified(key));
                        }
                        match outcome {
                            Outcome::RuledOut => format!("⎇ {name} ruled out: a detour"),
                            _ => format!("⎇ {name} confirmed"),
                        }
                    }
                    SaveOp::Delete(_) => {
                        select = Select::Index(self.incident.as_ref().map_or(0, |s| s.selected));
                        "Deleted (u undoes)".into()
                    }
                    SaveOp::Undo => format!("Undid: {}", sent.label.trim_start_matches("undo ")),
                    SaveOp::Milestone { kind, .. } => format!("Marked {} now", kind.as_str()),
                    SaveOp::Promote { kind, .. } => format!("Marked {}", kind.as_str()),
                };
                let message = if saved.rewritten {
                    format!("{message} (the file was rewritten in retrace's layout)")
                } else {
                    message
                };
                self.show_saved(saved, select);
                self.message = Some(message);
                self.check_hypothesis();
            }
            Err(failed) => {
                let msg = crate::model::text::clean_line(&failed.message);
                if let Some(comments) = failed.rewrite_would_drop
                    && live.pending.is_none()
                {
                    live.pending = Some(Pending::Rewrite {
                        request: sent.request,
                        comments,
                        why: msg,
                        typed: sent.typed,
                    });
                    return Vec::new();
                }
                match sent.typed {
                    Some(typed) => {
                        live.outbox.push(Outgoing {
                            failed: Some(msg),
                            waiting: None,
                            typed: Some(typed),
                            ..sent
                        });
                        live.refill_line();
                    }
                    None => self.message = Some(format!("Not saved: {msg}")),
                }
            }
        }
        Vec::new()
    }

    /// Show a saved incident, selecting as asked (and following the newest when following).
    fn show_saved(&mut self, saved: crate::store::Saved, select: Select) {
        let entry = self.incident.as_ref().map_or(0, |s| s.entry);
        let Some(live) = self.live.as_ref() else {
            return;
        };
        let path = live.path.clone();
        let follow = live.follow;
        let key = match (&select, follow) {
            (_, true) => None,
            (Select::Touched, false) => saved.event.clone(),
            (Select::Index(_), false) => None,
        };
        // Live mode keeps the event index as it is: nothing to search again.
        let _ = self.replace_doc(entry, path, saved.incident, &saved.warnings, key);
        if let (Select::Index(i), false, Some(st)) = (select, follow, self.incident.as_mut()) {
            st.selected = i.min(st.layout.nodes.len().saturating_sub(1));
        }
        if follow && let Some(st) = self.incident.as_mut() {
            st.selected = st.layout.nodes.len().saturating_sub(1);
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
        let waiting_open = self.live.as_ref().is_some_and(|l| {
            l.outbox
                .iter()
                .any(|o| matches!(o.request.op, SaveOp::OpenHypothesis { .. }))
        });
        if let Some(live) = self.live.as_mut()
            && let Some((id, name)) = &live.hypothesis
            && !open.contains(id)
            && !waiting_open
        {
            self.message = Some(format!(
                "⎇ {name} is no longer open: notes go to the main line"
            ));
            live.hypothesis = None;
        }
    }
}

fn short(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// `Saved 12:47:10 UTC (13:47:10 local)`: the note's stamp, in UTC and the local clock.
fn saved_at(saved: &crate::store::Saved) -> String {
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
        Some(l) if !l.editor.text().is_empty() => {}
        _ => {
            live.line = Some(NoteLine {
                purpose,
                editor: LineEditor::new(),
                error: None,
            });
            live.refill_line();
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
