//! [`Writer`]: read-merge-write transactions on one incident file, with undo.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::ingest::{self, Diagnostic, Format, yaml};
use crate::model::{
    Branch, Event, EventKind, Incident, MilestoneKind, Outcome, Severity, Status, Timestamp,
};

use super::change::{Change, EventKey, declare_named_branches, normalize, normalized_branch};
use super::edit::{self, Document, Edited, NotEditable};
use super::lock::{FileLock, LOCK_TIMEOUT, LockHolder};
use super::{StoreError, stamp};

/// The result of a saved change.
#[derive(Clone, Debug)]
pub struct Saved {
    /// The incident exactly as it is now in the file (including everyone else's changes that
    /// were merged), so a view can show it without reading the file again.
    pub incident: Incident,
    /// Warnings about the file as it was read, when someone else had changed it (an unknown
    /// key, say). Empty when the file was as this writer left it.
    pub warnings: Vec<Diagnostic>,
    /// The event this change added or edited, for a view to select.
    pub event: Option<EventKey>,
    /// The file was rewritten whole in retrace's layout (only when allowed, see
    /// [`Writer::allow_rewrite`]); otherwise only the lines of the change were touched.
    pub rewritten: bool,
    /// What [`Writer::undo`] would undo now, if anything.
    pub undo_label: Option<String>,
}

/// A writer of one incident file: every method is one read-merge-write transaction.
///
/// Each transaction takes the advisory lock (`.NAME.lock` beside the file; for a symlink,
/// beside its target), reads the file *under the lock*, applies the change to what is on disk
/// now, writes the result atomically (temporary file, fsync, rename, fsync of the folder,
/// keeping the file's permissions and owner) and releases the lock. So two writers never lose
/// each other's changes, and a note typed while the file changed underneath is saved on top of
/// the new content. When a method returns `Ok`, the change is on disk and fsynced. When it
/// returns `Err`, nothing was written.
///
/// A change edits only the lines it concerns ([`super::edit`]): comments, layout and quoting
/// elsewhere are kept byte for byte. A file whose layout cannot be edited in place is refused
/// with [`StoreError::NotEditable`] (saying why and how many comment lines a rewrite would
/// drop) unless [`Writer::allow_rewrite`] was given.
///
/// The writer remembers the changes *it* made, newest last; [`Writer::undo`] reverts the last
/// one on top of whatever the file holds by then, compare-and-set: if someone changed the same
/// thing since, the undo is refused ([`StoreError::Conflict`]) rather than overwriting theirs.
///
/// ```no_run
/// use retrace::store::{Writer, stamp};
/// use retrace::model::{MilestoneKind, Outcome};
///
/// let mut w = Writer::open("incidents/2026-11-25-checkout-latency.yaml");
/// w.note("p99 at 4s on checkout", None, None, None)?;
/// w.open_branch("db", "The database is saturated")?;
/// w.note("DB CPU is at 30%", None, None, Some("db"))?;
/// w.close_branch("db", Outcome::RuledOut)?;
/// w.set_milestone(MilestoneKind::Mitigated, stamp::now())?;
/// w.undo()?; // not mitigated after all
/// # Ok::<(), retrace::store::StoreError>(())
/// ```
pub struct Writer {
    path: PathBuf,
    author: Option<String>,
    lock_timeout: Duration,
    undo: Vec<UndoEntry>,
    last_written: Option<LastWritten>,
    rewrite_allowed: bool,
    program: String,
    on_lock_wait: Option<LockWait>,
}

/// Called while a save waits for another writer's lock: the holder (as far as known) and the
/// time waited so far.
pub type LockWait = Box<dyn FnMut(Option<&LockHolder>, Duration) + Send>;

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("path", &self.path)
            .field("author", &self.author)
            .field("undo", &self.undo.len())
            .finish_non_exhaustive()
    }
}

/// The file as this writer last wrote it, and the incident it holds (with its events' lines).
#[derive(Clone, Debug)]
struct LastWritten {
    bytes: Vec<u8>,
    incident: Incident,
}

#[derive(Clone, Debug)]
struct UndoEntry {
    label: String,
    inverse: Vec<Change>,
    /// For each inverse change, the line it may write back as it was (see [`edit::LineBack`]).
    lines_back: Vec<Option<edit::LineBack>>,
}

impl Writer {
    /// A writer for `path`, with the author from the environment ([`stamp::default_author`]:
    /// `$RETRACE_AUTHOR`, git `user.name`, `$USER`).
    pub fn open(path: impl Into<PathBuf>) -> Writer {
        let path = path.into();
        let author = stamp::default_author(None, path.parent());
        Writer::new(path, author)
    }

    /// A writer for `path` that stamps its events with `author` (`None`: no author).
    pub fn new(path: impl Into<PathBuf>, author: Option<String>) -> Writer {
        Writer {
            path: path.into(),
            author: None,
            lock_timeout: LOCK_TIMEOUT,
            undo: Vec::new(),
            last_written: None,
            rewrite_allowed: false,
            program: "retrace".into(),
            on_lock_wait: None,
        }
        .with_author(author)
    }

    /// Use this author for the events this writer stamps (`None`: no author).
    pub fn with_author(mut self, author: Option<String>) -> Writer {
        self.author = author
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty());
        self
    }

    /// Wait at most this long for other writers (default [`LOCK_TIMEOUT`](super::LOCK_TIMEOUT)).
    pub fn with_lock_timeout(mut self, timeout: Duration) -> Writer {
        self.lock_timeout = timeout;
        self
    }

    /// Allow (or not, the default) rewriting a file whose layout cannot be edited in place:
    /// the whole file is then written in retrace's layout and its comments are lost. Callers
    /// ask the person first; [`StoreError::NotEditable`] says why and what would be lost.
    pub fn allow_rewrite(&mut self, allow: bool) {
        self.rewrite_allowed = allow;
    }

    /// What this writer tells others waiting for its lock it is (`retrace note`, `retrace
    /// live`).
    pub fn with_program(mut self, program: &str) -> Writer {
        self.program = program.to_string();
        self
    }

    /// Be told while a save waits for another writer's lock (see [`LockWait`]).
    pub fn on_lock_wait(&mut self, f: LockWait) {
        self.on_lock_wait = Some(f);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn author(&self) -> Option<&str> {
        self.author.as_deref()
    }

    /// Read the file as it is now, without the lock (a rename-based save means a reader always
    /// sees a whole file).
    pub fn load(&self) -> Result<(Incident, Vec<Diagnostic>), StoreError> {
        read_native(&self.path)
    }

    /// A note stamped by this writer: `text` at `at` (default now), of `kind` — what the
    /// responder said, `note` when they said nothing (a kind is never guessed into the file) —
    /// on `branch` (created if it does not exist, with the note as its hypothesis).
    pub fn note(
        &mut self,
        text: &str,
        at: Option<Timestamp>,
        kind: Option<EventKind>,
        branch: Option<&str>,
    ) -> Result<Saved, StoreError> {
        let mut event = self.event(
            at.unwrap_or_else(stamp::now),
            kind.unwrap_or(EventKind::Note),
            text,
        );
        event.branch = branch.map(Into::into);
        self.append_event(event)
    }

    /// Append an event as given (its author is kept as set; see [`Writer::event`] for one
    /// stamped by this writer). If it names a branch the file does not declare, the branch is
    /// declared too, open, with the event's text as its hypothesis.
    pub fn append_event(&mut self, event: Event) -> Result<Saved, StoreError> {
        let label = format!("add \"{}\"", short(&event.text));
        self.transact(&label, |inc| {
            let mut changes = Vec::new();
            if let Some(id) = event
                .branch
                .as_deref()
                .map(crate::model::text::clean_line)
                .filter(|b| !b.is_empty())
                && inc.branch(&id).is_none()
            {
                changes.push(Change::AddBranch(Branch {
                    id,
                    hypothesis: event.text.to_string(),
                    outcome: Outcome::Open,
                    inferred: None,
                }));
            }
            changes.push(Change::AddEvent(event));
            Ok(changes)
        })
    }

    /// Mark a milestone at `at`: declares it (a declared milestone wins over event kinds), adds
    /// an event of the milestone's kind stamped by this writer so the timeline shows who marked
    /// it when, and moves a stated status forward on `mitigated` / `resolved`.
    pub fn set_milestone(
        &mut self,
        kind: MilestoneKind,
        at: Timestamp,
    ) -> Result<Saved, StoreError> {
        let text = format!("Marked {}", kind.as_str());
        let mut event = self.event(at, kind.event_kind(), &text);
        event.key = true;
        let label = format!("mark {}", kind.as_str());
        self.transact(&label, |inc| {
            let mut changes = vec![
                Change::SetMilestone {
                    kind,
                    at: Some(at),
                    expect: None,
                },
                Change::AddEvent(event),
            ];
            changes.extend(status_after(kind, inc.status));
            Ok(changes)
        })
    }

    /// Promote an event to a milestone: state its kind as the milestone's (`mitigation`...)
    /// and declare the milestone at its time, moving a stated status forward as
    /// [`Writer::set_milestone`] does. Fails with [`StoreError::EventGone`] when the event is
    /// not in the file as seen.
    pub fn promote(&mut self, target: &EventKey, kind: MilestoneKind) -> Result<Saved, StoreError> {
        let label = format!("mark \"{}\" {}", short(&target.text), kind.as_str());
        let target = target.clone();
        self.transact(&label, |inc| {
            let i = target
                .find(&inc.timeline)
                .ok_or_else(|| StoreError::EventGone(target.to_string()))?;
            let mut changes = vec![
                Change::SetEventKind {
                    target: target.clone(),
                    kind: Some(kind.event_kind()),
                    expect: None,
                },
                Change::SetMilestone {
                    kind,
                    at: Some(inc.timeline[i].at),
                    expect: None,
                },
            ];
            changes.extend(status_after(kind, inc.status));
            Ok(changes)
        })
    }

    /// Remove a milestone's declaration (the events stay).
    pub fn clear_milestone(&mut self, kind: MilestoneKind) -> Result<Saved, StoreError> {
        let label = format!("clear {}", kind.as_str());
        self.transact(&label, |_| {
            Ok(vec![Change::SetMilestone {
                kind,
                at: None,
                expect: None,
            }])
        })
    }

    /// Open a hypothesis: declare branch `id` (open) and add a `hypothesis` event on it, now, so
    /// the branch has a start on the timeline. Fails if the branch exists.
    pub fn open_branch(&mut self, id: &str, hypothesis: &str) -> Result<Saved, StoreError> {
        let id = crate::model::text::clean_line(id);
        let mut event = self.event(stamp::now(), EventKind::Hypothesis, hypothesis);
        event.branch = Some(id.as_str().into());
        let label = format!("open hypothesis `{id}`");
        self.transact(&label, |_| {
            Ok(vec![
                Change::AddBranch(Branch {
                    id: id.clone(),
                    hypothesis: hypothesis.to_string(),
                    outcome: Outcome::Open,
                    inferred: None,
                }),
                Change::AddEvent(event),
            ])
        })
    }

    /// Close a hypothesis with `outcome` (ruled out: it becomes a detour; confirmed...), adding
    /// an event on the branch, now, so the detour's span ends there.
    pub fn close_branch(&mut self, id: &str, outcome: Outcome) -> Result<Saved, StoreError> {
        let now = stamp::now();
        let id = id.to_string();
        let author = self.author.clone();
        let label = format!("{} `{id}`", outcome.as_str());
        self.transact(&label, |inc| {
            let b = inc
                .branch(&id)
                .ok_or_else(|| StoreError::NoBranch(id.clone()))?;
            let verb = match outcome {
                Outcome::RuledOut => "Ruled out",
                Outcome::Confirmed => "Confirmed",
                Outcome::Inconclusive => "Inconclusive",
                Outcome::Open => "Reopened",
            };
            let mut event = Event::new(
                now,
                EventKind::Investigation,
                format!("{verb}: {}", b.hypothesis),
            );
            event.author = author.map(Into::into);
            event.branch = Some(id.as_str().into());
            Ok(vec![
                Change::SetOutcome {
                    branch: id.clone(),
                    outcome,
                    expect: None,
                },
                Change::AddEvent(event),
            ])
        })
    }

    /// Replace the event `target` (as the caller last saw it) with `event`. Fails with
    /// [`StoreError::EventGone`] if someone else changed or deleted it meanwhile.
    pub fn edit_event(&mut self, target: &EventKey, event: Event) -> Result<Saved, StoreError> {
        let label = format!("edit \"{}\"", short(&target.text));
        self.transact(&label, |_| {
            Ok(vec![Change::EditEvent {
                target: target.clone(),
                event,
            }])
        })
    }

    /// Delete the event `target`. Fails with [`StoreError::EventGone`] if it is not there.
    pub fn delete_event(&mut self, target: &EventKey) -> Result<Saved, StoreError> {
        let label = format!("delete \"{}\"", short(&target.text));
        self.transact(&label, |_| Ok(vec![Change::DeleteEvent(target.clone())]))
    }

    /// Undo the last change this writer made, on top of the file as it is now, compare-and-set:
    /// when what it changed was changed again by someone else since, the undo is refused with
    /// [`StoreError::Conflict`] (and dropped from the undo list) instead of overwriting theirs.
    /// A lock timeout or I/O error keeps it for another try.
    pub fn undo(&mut self) -> Result<Saved, StoreError> {
        let entry = self.undo.pop().ok_or(StoreError::NothingToUndo)?;
        match self.commit_with(|_| Ok(entry.inverse.clone()), &entry.lines_back) {
            Ok((mut saved, _, _)) => {
                saved.undo_label = self.undo_label().map(str::to_string);
                Ok(saved)
            }
            Err(e) => {
                if matches!(
                    e,
                    StoreError::Locked { .. }
                        | StoreError::Io { .. }
                        | StoreError::ReadOnly { .. }
                        | StoreError::NotEditable { .. }
                ) {
                    self.undo.push(entry);
                    return Err(e);
                }
                Err(match e {
                    StoreError::Conflict(why) => {
                        StoreError::Conflict(format!("not undone ({}): {why}", entry.label))
                    }
                    StoreError::EventGone(what) => StoreError::Conflict(format!(
                        "not undone ({}): {what} was changed or removed by someone else since",
                        entry.label
                    )),
                    other => other,
                })
            }
        }
    }

    /// What [`Writer::undo`] would undo (`add "p99 at 4s"`, `mark mitigated`...).
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|e| e.label.as_str())
    }

    /// Any change as one transaction: `build` sees the incident read under the lock and returns
    /// the changes to apply to it (all or nothing). The change is recorded for undo under
    /// `label`.
    pub fn transact(
        &mut self,
        label: &str,
        build: impl FnOnce(&Incident) -> Result<Vec<Change>, StoreError>,
    ) -> Result<Saved, StoreError> {
        let (mut saved, inverse, lines_back) = self.commit_with(build, &[])?;
        self.undo.push(UndoEntry {
            label: label.to_string(),
            inverse,
            lines_back,
        });
        saved.undo_label = Some(label.to_string());
        Ok(saved)
    }

    /// An event stamped by this writer (its author), not yet saved.
    pub fn event(&self, at: Timestamp, kind: EventKind, text: &str) -> Event {
        let mut e = Event::new(at, kind, text);
        e.author = self.author.as_deref().map(Into::into);
        e
    }

    /// One transaction. `lines_back[i]`: a line the i-th change may write back as it was (an
    /// undo's). Returns what was saved, the inverse changes and their lines back.
    fn commit_with(
        &mut self,
        build: impl FnOnce(&Incident) -> Result<Vec<Change>, StoreError>,
        lines_back: &[Option<edit::LineBack>],
    ) -> Result<Committed, StoreError> {
        check_native(&self.path)?;
        // Write to the file the path names: through a symlink, to its target (the link stays),
        // under the lock of that target, whichever name a writer used.
        let target =
            std::fs::canonicalize(&self.path).map_err(|e| StoreError::io(&self.path, e))?;
        let mut wait = self.on_lock_wait.take();
        let lock =
            FileLock::acquire_with(&target, self.lock_timeout, &self.program, &mut |h, d| {
                if let Some(w) = wait.as_mut() {
                    w(h, d)
                }
            });
        self.on_lock_wait = wait;
        let _lock = lock.map_err(|e| match e {
            StoreError::Locked { secs, holder, .. } => StoreError::Locked {
                path: self.path.clone(),
                secs,
                holder,
            },
            other => other,
        })?;
        remove_stale_temp_files(&target);
        let meta = std::fs::metadata(&target).map_err(|e| StoreError::io(&self.path, e))?;
        super::check_writable(&target, Some(&meta)).map_err(|why| StoreError::ReadOnly {
            path: self.path.clone(),
            why,
        })?;
        // Re-read the file under the lock. When its bytes are exactly what this writer wrote
        // last, the incident it parses to is already known: skip the parse (the bulk of a save
        // on a long incident). Any other writer's change, or an edit by hand, changes the bytes.
        let bytes = super::read_limited(&target).map_err(|e| StoreError::io(&self.path, e))?;
        let mut read_doc = None;
        let (incident, warnings) = match self.last_written.take() {
            Some(last) if last.bytes == bytes => (last.incident, Vec::new()),
            // Another writer added a note or two since: read just those.
            Some(last) => match read_added_items(&self.path, last, &bytes) {
                Some((incident, doc)) => {
                    read_doc = Some(doc);
                    (incident, Vec::new())
                }
                None => parse_native(&self.path, &bytes)?,
            },
            None => parse_native(&self.path, &bytes)?,
        };
        let changes = build(&incident)?;
        let text = String::from_utf8(bytes).ok();
        let doc = match (read_doc, text.as_deref()) {
            (Some(d), _) => Ok(d),
            (None, Some(t)) => Ok(Document::parse(t)),
            (None, None) => Err(NotEditable("the file is not valid UTF-8".into())),
        };
        let (work, inverse, back, edited) = apply_changes(doc, incident, &changes, lines_back)?;
        let (new_text, work, rewritten) = match edited {
            Ok(t) => (t, work, false),
            Err(NotEditable(reason)) if !self.rewrite_allowed => {
                return Err(StoreError::NotEditable {
                    path: self.path.clone(),
                    comments: text.as_deref().map_or(0, comment_lines),
                    reason,
                });
            }
            Err(_) => {
                let t = yaml::to_yaml(&work).map_err(|e| StoreError::Invalid(e.to_string()))?;
                // Read what was written, so the events carry their new lines.
                let (again, _) = parse_native(&self.path, t.as_bytes())?;
                (t, again, true)
            }
        };
        super::replace_file(&target, new_text.as_bytes(), Some(&meta)).map_err(|e| {
            match e.kind() {
                std::io::ErrorKind::PermissionDenied => StoreError::ReadOnly {
                    path: self.path.clone(),
                    why: e.to_string(),
                },
                _ => StoreError::io(&self.path, e),
            }
        })?;
        #[cfg(test)]
        {
            // Every unit test that saves checks that the incident kept for the next save is the
            // one the file reads back as — lines and inferences included.
            let (again, _) = yaml::parse(&self.path, &new_text).expect("what was written parses");
            assert_eq!(comparable(&again), comparable(&work), "{new_text}");
        }
        self.last_written = Some(LastWritten {
            bytes: new_text.into_bytes(),
            incident: work.clone(),
        });
        let event = inverse
            .iter()
            .rev()
            .find_map(Change::touched_event)
            .cloned();
        Ok((
            Saved {
                incident: work,
                warnings,
                event,
                rewritten,
                undo_label: self.undo_label().map(str::to_string),
            },
            inverse,
            if rewritten { Vec::new() } else { back },
        ))
    }
}

/// The incident in `bytes` when they are what this writer wrote last (`last`) with whole
/// timeline items put in at one place by someone else — the usual change between two saves of
/// a live session: another responder's note — read without parsing the whole file again: only
/// the new items are read, in the running day and zone of the item before them, exactly as the
/// reader reads them there. `None` for any other change (the caller then reads the file whole).
fn read_added_items(path: &Path, last: LastWritten, bytes: &[u8]) -> Option<(Incident, Document)> {
    let (old, mut incident) = (last.bytes, last.incident);
    let inc = &incident;
    let date = inc.date?;
    let added = bytes.len().checked_sub(old.len()).filter(|n| *n > 0)?;
    let same = old.iter().zip(bytes).take_while(|(a, b)| a == b).count();
    // The new lines go in at the start of the line where the two first differ.
    let head = old[..same]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    if bytes[head + added..] != old[head..] || bytes[..head] != old[..head] {
        return None;
    }
    let ins = std::str::from_utf8(&bytes[head..head + added]).ok()?;
    if !ins.ends_with('\n') {
        return None;
    }
    let at_line = old[..head].iter().filter(|&&b| b == b'\n').count() + 1;
    let n_lines = ins.matches('\n').count();
    let doc = Document::parse(std::str::from_utf8(bytes).ok()?);
    let items = edit::timeline_items(&doc).ok()?;
    let shift = |l: usize| if l >= at_line { l + n_lines } else { l };
    let old_lines: Vec<usize> = inc
        .timeline
        .iter()
        .map(|e| e.line())
        .collect::<Option<_>>()?;
    let new_starts: Vec<usize> = items
        .iter()
        .filter(|(s, e)| *s >= at_line && *e < at_line + n_lines)
        .map(|(s, _)| *s)
        .collect();
    let mut expected: Vec<usize> = old_lines.iter().map(|&l| shift(l)).collect();
    expected.extend(&new_starts);
    expected.sort_unstable();
    if new_starts.is_empty() || expected != items.iter().map(|(s, _)| *s).collect::<Vec<_>>() {
        return None;
    }
    // Not before the first item (that would move how milestone keys read).
    let prev = inc
        .timeline
        .iter()
        .filter(|e| e.line().is_some_and(|l| l < at_line))
        .max_by_key(|e| e.line)?;
    // The new items read after a seed item at the time of the one before them, in a small file
    // of their own: the reader's own rules (times, kinds, cleaning) without reading it all.
    let first = ins
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let dash = first.len() - first.trim_start().len();
    let content = dash + 1 + (first[dash + 1..].len() - first[dash + 1..].trim_start().len());
    let zone = yaml::format_offset(
        inc.timezone
            .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset")),
    );
    let seed = format!(
        "title: x\ndate: {date}\ntimezone: \"{zone}\"\ntimeline:\n{}- at: \"{}\"\n{}text: seed\n",
        " ".repeat(dash),
        prev.at.to_rfc3339(),
        " ".repeat(content)
    );
    let seed_lines = seed.matches('\n').count();
    let (small, _) = yaml::parse(path, &(seed + ins)).ok()?;
    let mut new_events: Vec<crate::model::Event> = small
        .timeline
        .into_iter()
        .filter(|e| e.line() != Some(seed_lines - 1))
        .collect();
    for e in &mut new_events {
        e.line = crate::model::LineNo::new(at_line + e.line()? - seed_lines - 1);
    }
    let mut lines: Vec<usize> = new_events.iter().filter_map(|e| e.line()).collect();
    lines.sort_unstable();
    if lines != new_starts {
        return None;
    }
    // The item after them must still read as the same time.
    if let Some(next) = inc
        .timeline
        .iter()
        .filter(|e| e.line().is_some_and(|l| l >= at_line))
        .min_by_key(|e| e.line)
    {
        let last_new = new_events.iter().max_by_key(|e| e.line)?;
        let raw = edit::item_time(&doc, shift(next.line()?))?;
        let state = crate::ingest::clock::ClockResolver::after(last_new.at);
        crate::ingest::yaml_emit::reads_back(&state, &raw, next.at)?;
    }
    for e in &mut incident.timeline {
        e.line = e.line().map(shift).and_then(crate::model::LineNo::new);
    }
    incident.timeline.extend(new_events);
    incident.timeline.sort_by_key(|e| (e.at, e.line));
    declare_named_branches(&mut incident);
    Some((incident, doc))
}

/// The status change that goes with marking a milestone: a stated status moves forward on
/// `mitigated` and `resolved` (a status nobody stated stays derived).
fn status_after(kind: MilestoneKind, status: Option<Status>) -> Option<Change> {
    let next = match (kind, status) {
        (MilestoneKind::Resolved, Some(s)) if s != Status::Resolved => Status::Resolved,
        (MilestoneKind::Mitigated, Some(Status::Ongoing)) => Status::Mitigated,
        _ => return None,
    };
    Some(Change::SetStatus {
        status: Some(next),
        expect: None,
    })
}

/// An incident as compared after a save in tests: branches in id order (a branch declared by
/// a save reads back among the declared ones).
#[cfg(test)]
pub(crate) fn comparable(inc: &Incident) -> Incident {
    let mut inc = inc.clone();
    inc.branches.sort_by(|a, b| a.id.cmp(&b.id));
    inc
}

/// What a transaction gives: what was saved, the inverse changes and their lines back.
type Committed = (Saved, Vec<Change>, Vec<Option<edit::LineBack>>);

/// What [`apply_changes`] gives: the incident after, the inverses, and the new text or why the
/// text cannot be edited in place.
type Applied = (
    Incident,
    Vec<Change>,
    Vec<Option<edit::LineBack>>,
    Result<String, NotEditable>,
);

/// Apply `changes` to the incident read from the file and to its text (`doc`, or why it cannot
/// be edited): the incident after, the
/// inverses (in the order that undoes them), and the new text — or why the text cannot be
/// edited in place. Model errors (a gone event, a conflict) stop everything.
fn apply_changes(
    mut doc: Result<Document, NotEditable>,
    mut work: Incident,
    changes: &[Change],
    lines_back: &[Option<edit::LineBack>],
) -> Result<Applied, StoreError> {
    let was_derived = work.id == derived_id(&work);
    let mut inverses = Vec::with_capacity(changes.len());
    let mut back = Vec::with_capacity(changes.len());
    for (i, c) in changes.iter().enumerate() {
        c.check(&work)?;
        if let Ok(d) = &mut doc {
            let hint = lines_back.get(i).and_then(Option::as_ref);
            match edit_one(d, &mut work, c, hint) {
                Ok(Some((inverse, previous))) => {
                    inverses.push(inverse);
                    back.push(previous);
                    continue;
                }
                Ok(None) => {}
                Err(why) => doc = Err(why),
            }
        }
        inverses.push(c.apply(&mut work)?);
        back.push(None);
    }
    if let Ok(d) = &mut doc {
        // A new first event, or a date the timeline no longer starts from, can change how a
        // clock-only milestone key reads: write those again in a form that reads as before.
        let mut failed = None;
        for kind in edit::stale_milestones(d, &work) {
            let at = work.milestones.get(kind);
            match edit::set_milestone(d, &work, kind, at, None) {
                Ok(e) => {
                    shift_lines(&mut work, &e);
                    // Undone first: the key's line as it was.
                    inverses.push(Change::SetMilestone {
                        kind,
                        at,
                        expect: Some(at),
                    });
                    back.push(e.previous);
                }
                Err(why) => {
                    failed = Some(why);
                    break;
                }
            }
        }
        if let Some(why) = failed {
            doc = Err(why);
        }
    }
    declare_named_branches(&mut work);
    if was_derived {
        work.id = derived_id(&work);
    }
    inverses.reverse();
    back.reverse();
    Ok((work, inverses, back, doc.map(|d| d.text())))
}

/// The id the reader derives for a file without `id:`: from `date`, else the date of the first
/// event in the file, and the title.
fn derived_id(inc: &Incident) -> String {
    let first = inc
        .timeline
        .iter()
        .filter(|e| e.line.is_some())
        .min_by_key(|e| e.line)
        .or(inc.timeline.first());
    yaml::derive_id(&Incident {
        title: inc.title.clone(),
        date: inc.date,
        timeline: first.cloned().into_iter().collect(),
        ..Default::default()
    })
}

/// Move the events' lines past an edit's splices.
fn shift_lines(work: &mut Incident, edited: &Edited) {
    for s in &edited.splices {
        for e in &mut work.timeline {
            if let Some(l) = e.line() {
                e.line = crate::model::LineNo::new(s.shift(l));
            }
        }
    }
}

/// The event just placed (by its line) gets the time as the file reads it back.
fn fix_placed(work: &mut Incident, edited: &Edited) {
    if let Some(p) = edited.placed
        && let Some(e) = work.timeline.iter_mut().find(|e| e.line() == Some(p.line))
    {
        e.at = p.at;
    }
}

/// Apply one change to the text and the incident together. `Ok(None)`: not applied (the caller
/// applies it to the incident alone); `Err`: the layout cannot take it.
fn edit_one(
    doc: &mut Document,
    work: &mut Incident,
    c: &Change,
    hint: Option<&edit::LineBack>,
) -> Result<Option<(Change, Option<edit::LineBack>)>, NotEditable> {
    let model = |e: StoreError| NotEditable(e.to_string());
    let with_line = |event: &Event, line: usize| {
        let mut e = event.clone();
        e.line = crate::model::LineNo::new(line);
        e
    };
    match c {
        Change::AddEvent(event) => {
            let ev = normalize(event, work).map_err(model)?;
            let edited = edit::insert_event(doc, work, &ev)?;
            shift_lines(work, &edited);
            let line = edited.placed.map(|p| p.line);
            let inverse = Change::AddEvent(with_line(&ev, line.unwrap_or(0)))
                .apply(work)
                .map_err(model)?;
            fix_placed(work, &edited);
            Ok(Some((inverse, None)))
        }
        Change::RestoreEvent { event, raw } => {
            let ev = normalize(event, work).map_err(model)?;
            let edited = match edit::restore_event(doc, work, &ev, raw)? {
                Some(e) => e,
                None => return edit_one(doc, work, &Change::AddEvent(ev), None),
            };
            shift_lines(work, &edited);
            let line = edited.placed.map(|p| p.line).unwrap_or(0);
            let inverse = Change::RestoreEvent {
                event: with_line(&ev, line),
                raw: raw.clone(),
            }
            .apply(work)
            .map_err(model)?;
            fix_placed(work, &edited);
            Ok(Some((inverse, None)))
        }
        Change::DeleteEvent(key) => {
            let edited = edit::delete_event(doc, work, key)?;
            let gone_line = key.find(&work.timeline).and_then(|i| work.timeline[i].line);
            let inverse = c.apply(work).map_err(model)?;
            shift_lines(work, &edited);
            let _ = gone_line;
            match (inverse, edited.removed) {
                (Change::AddEvent(event), Some(raw)) => {
                    Ok(Some((Change::RestoreEvent { event, raw }, None)))
                }
                (inverse, _) => Ok(Some((inverse, None))),
            }
        }
        Change::EditEvent { target, event } => {
            let ev = normalize(event, work).map_err(model)?;
            let i = target
                .find(&work.timeline)
                .ok_or_else(|| NotEditable("gone".into()))?;
            if work.timeline[i].at == ev.at {
                let edited = edit::replace_event(doc, work, target, &ev)?;
                shift_lines(work, &edited);
                let old = std::mem::replace(
                    &mut work.timeline[i],
                    with_line(&ev, edited.placed.map_or(0, |p| p.line)),
                );
                fix_placed(work, &edited);
                return Ok(Some((
                    Change::EditEvent {
                        target: EventKey::of(&work.timeline[i]),
                        event: old,
                    },
                    None,
                )));
            }
            // Another time: out of its place, into the place of its new time.
            let edited = edit::delete_event(doc, work, target)?;
            let old = work.timeline.remove(i);
            shift_lines(work, &edited);
            let added = edit::insert_event(doc, work, &ev)?;
            shift_lines(work, &added);
            let line = added.placed.map_or(0, |p| p.line);
            Change::AddEvent(with_line(&ev, line))
                .apply(work)
                .map_err(model)?;
            fix_placed(work, &added);
            let key = work
                .timeline
                .iter()
                .find(|e| e.line() == Some(line))
                .map(EventKey::of)
                .unwrap_or_else(|| EventKey::of(&ev));
            Ok(Some((
                Change::EditEvent {
                    target: key,
                    event: old,
                },
                None,
            )))
        }
        Change::SetEventKind { target, kind, .. } => {
            let edited = edit::set_event_kind(doc, work, target, *kind, hint)?;
            shift_lines(work, &edited);
            let inverse = c.apply(work).map_err(model)?;
            Ok(Some((inverse, edited.previous)))
        }
        Change::SetMilestone { kind, at, .. } => {
            let at = at.map(super::change::whole_seconds);
            let edited = edit::set_milestone(doc, work, *kind, at, hint)?;
            shift_lines(work, &edited);
            let inverse = c.apply(work).map_err(model)?;
            Ok(Some((inverse, edited.previous)))
        }
        Change::SetStatus { status, .. } => {
            let edited = edit::set_status(doc, *status, hint)?;
            shift_lines(work, &edited);
            let inverse = c.apply(work).map_err(model)?;
            Ok(Some((inverse, edited.previous)))
        }
        Change::AddBranch(branch) => {
            let edited = edit::add_branch(doc, &normalized_branch(branch))?;
            shift_lines(work, &edited);
            c.apply(work).map(|i| Some((i, None))).map_err(model)
        }
        Change::RemoveBranch(id) => {
            let edited = edit::remove_branch(doc, id)?;
            shift_lines(work, &edited);
            c.apply(work).map(|i| Some((i, None))).map_err(model)
        }
        Change::SetOutcome {
            branch, outcome, ..
        } => {
            let mut b = work
                .branch(branch)
                .cloned()
                .ok_or_else(|| NotEditable(format!("no branch `{branch}`")))?;
            b.outcome = *outcome;
            let edited = edit::set_outcome(doc, &b, hint)?;
            shift_lines(work, &edited);
            let inverse = c.apply(work).map_err(model)?;
            Ok(Some((inverse, edited.previous)))
        }
    }
}

/// Comment lines in a file (what a rewrite would drop), the first line's schema modeline
/// included.
fn comment_lines(text: &str) -> usize {
    text.lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .count()
}

fn short(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Read and parse a native YAML incident; anything else is refused rather than rewritten.
fn read_native(path: &Path) -> Result<(Incident, Vec<Diagnostic>), StoreError> {
    check_native(path)?;
    // Only regular files: a FIFO or a device would block the read or never end.
    let meta = std::fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
    if let Some(what) = ingest::not_regular(&meta) {
        return Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
            why: format!("{what}, not a regular file"),
        });
    }
    let bytes = super::read_limited(path).map_err(|e| StoreError::io(path, e))?;
    parse_native(path, &bytes)
}

/// Refuse a file that is not native YAML by its name, before anything is read or locked.
fn check_native(path: &Path) -> Result<(), StoreError> {
    if path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ingest::detect_format(Path::new(&format!("x.{e}")), "") != Format::Yaml)
    {
        return Err(StoreError::NotNative(path.to_path_buf()));
    }
    Ok(())
}

fn parse_native(path: &Path, bytes: &[u8]) -> Result<(Incident, Vec<Diagnostic>), StoreError> {
    check_native(path)?;
    let loaded = ingest::load_bytes(path, bytes).map_err(|e| match e {
        ingest::LoadError::Io { path, source } => StoreError::Io { path, source },
        ingest::LoadError::Invalid(d) => StoreError::Unreadable(d),
    })?;
    if loaded.format != Format::Yaml {
        return Err(StoreError::NotNative(path.to_path_buf()));
    }
    Ok((loaded.incident, loaded.diagnostics))
}

/// Temporary files of writers that were killed before their rename. Called under the lock, when
/// no other writer of this file can be between creating its temporary file and renaming it.
fn remove_stale_temp_files(path: &Path) {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_str()
            .is_some_and(|n| super::is_temp_of(n, name))
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// What `retrace new` needs to start an incident file.
#[derive(Clone, Debug)]
pub struct NewIncident {
    pub title: String,
    pub severity: Option<String>,
    /// The zone the incident is told in (clock times in the file, `--at 10:42`). Default UTC.
    pub timezone: Option<chrono::FixedOffset>,
    /// When it started (now, for `retrace new`).
    pub started: Timestamp,
}

/// Create a new incident file in `dir` (created if missing), named `DATE-SLUG.yaml` from the
/// start date and the title, with `-2`, `-3`... added rather than replacing an existing file.
/// The incident is `ongoing`, `started` is declared, and the timeline is empty.
pub fn create_incident(dir: &Path, new: &NewIncident) -> Result<(PathBuf, Incident), StoreError> {
    let title = crate::model::text::clean_line(&new.title);
    if title.is_empty() {
        return Err(StoreError::Invalid("the incident needs a title".into()));
    }
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    let zone = new
        .timezone
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset"));
    let started = super::change::whole_seconds(new.started.with_timezone(&zone));
    let mut incident = Incident {
        title,
        severity: new
            .severity
            .as_deref()
            .map(crate::model::text::clean_line)
            .filter(|s| !s.is_empty())
            .map(Severity),
        status: Some(Status::Ongoing),
        date: Some(started.date_naive()),
        timezone: Some(zone),
        ..Default::default()
    };
    incident.milestones.started = Some(started);
    let mut base = yaml::derive_id(&incident);
    if base.ends_with('-') {
        // A title with no letters or digits ("???").
        base.push_str("incident");
    }
    for n in 1..1000 {
        let id = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let path = dir.join(format!("{id}.yaml"));
        incident.id = id;
        let text = yaml::to_yaml(&incident).map_err(|e| StoreError::Invalid(e.to_string()))?;
        match super::create_new_atomic(&path, text.as_bytes()) {
            Ok(()) => return Ok((path, incident)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(StoreError::io(&path, e)),
        }
    }
    Err(StoreError::Invalid(format!(
        "{}: too many incidents named {base}",
        dir.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn new_file(dir: &Path) -> PathBuf {
        let (path, _) = create_incident(
            dir,
            &NewIncident {
                title: "Checkout latency".into(),
                severity: Some("SEV2".into()),
                timezone: None,
                started: t("2026-11-25T10:00:00.250Z"),
            },
        )
        .unwrap();
        path
    }

    fn writer(path: &Path, who: &str) -> Writer {
        Writer::new(path, Some(who.into()))
    }

    #[test]
    fn new_incident_names_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("incidents");
        let a = new_file(&sub);
        let b = new_file(&sub);
        assert_eq!(a.file_name().unwrap(), "2026-11-25-checkout-latency.yaml");
        assert_eq!(b.file_name().unwrap(), "2026-11-25-checkout-latency-2.yaml");
        let (inc, warnings) = read_native(&b).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(inc.id, "2026-11-25-checkout-latency-2");
        assert_eq!(inc.status, Some(Status::Ongoing));
        assert_eq!(inc.severity.unwrap().0, "SEV2");
        assert_eq!(inc.milestones.started, Some(t("2026-11-25T10:00:00Z")));
    }

    #[test]
    fn a_writer_can_move_to_a_worker_thread() {
        fn send<T: Send>() {}
        send::<Writer>();
        send::<Saved>();
    }

    #[test]
    fn a_title_without_letters_still_names_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let (p, inc) = create_incident(
            dir.path(),
            &NewIncident {
                title: "???".into(),
                severity: None,
                timezone: None,
                started: t("2026-11-25T10:00:00Z"),
            },
        )
        .unwrap();
        assert_eq!(p.file_name().unwrap(), "2026-11-25-incident.yaml");
        assert_eq!(inc.title, "???");
    }

    #[test]
    fn note_records_what_was_said_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let p = new_file(dir.path());
        let mut w = writer(&p, "ann");
        let s = w
            .note(
                "Alert fired: p99 \"4s\" # on checkout: - yes",
                Some(t("2026-11-25T10:05:30.900Z")),
                None,
                None,
            )
            .unwrap();
        let key = s.event.unwrap();
        let (inc, _) = w.load().unwrap();
        let i = key
            .find(&inc.timeline)
            .expect("the saved key finds the event");
        // What the responder said, not a guess: a note (it reads like a detection).
        assert_eq!(inc.timeline[i].kind, EventKind::Note);
        assert!(inc.timeline[i].inferred.is_none());
        assert_eq!(inc.timeline[i].author.as_deref(), Some("ann"));
        assert_eq!(inc.timeline[i].at, t("2026-11-25T10:05:30Z"));
    }

    #[test]
    fn typed_note_survives_a_change_on_disk() {
        // A view loaded the file, then someone else wrote to it while a note was being typed.
        let dir = tempfile::tempdir().unwrap();
        let p = new_file(dir.path());
        let mut mine = writer(&p, "ann");
        let (seen, _) = mine.load().unwrap();
        assert!(seen.timeline.is_empty());
        let mut theirs = writer(&p, "bob");
        theirs
            .note("bob's note", Some(t("2026-11-25T10:06:00Z")), None, None)
            .unwrap();
        // ...and someone edited the file by hand (a new summary, a hand-written event).
        let text = std::fs::read_to_string(&p)
            .unwrap()
            .replace("timeline:", "summary: written by hand\ntimeline:")
            + "  - at: '10:07'\n    text: hand-written\n";
        std::fs::write(&p, text).unwrap();
        let saved = mine
            .note(
                "ann's typed note",
                Some(t("2026-11-25T10:08:00Z")),
                None,
                None,
            )
            .unwrap();
        let texts: Vec<&str> = saved.incident.timeline.iter().map(|e| &*e.text).collect();
        assert_eq!(texts, ["bob's note", "hand-written", "ann's typed note"]);
        assert_eq!(saved.incident.summary.as_deref(), Some("written by hand"));
        assert_eq!(w_load(&p).timeline.len(), 3);
    }

    fn w_load(p: &Path) -> Incident {
        read_native(p).unwrap().0
    }

    #[test]
    fn undo_reverts_only_my_change() {
        let dir = tempfile::tempdir().unwrap();
        let p = new_file(dir.path());
        let mut mine = writer(&p, "ann");
        let mut theirs = writer(&p, "bob");
        mine.note("mine", Some(t("2026-11-25T10:06:00Z")), None, None)
            .unwrap();
        theirs
            .note("theirs", Some(t("2026-11-25T10:06:00Z")), None, None)
            .unwrap();
        assert_eq!(mine.undo_label(), Some("add \"mine\""));
        let s = mine.undo().unwrap();
        let texts: Vec<&str> = s.incident.timeline.iter().map(|e| &*e.text).collect();
        assert_eq!(texts, ["theirs"]);
        assert!(matches!(mine.undo(), Err(StoreError::NothingToUndo)));
    }

    #[test]
    fn milestones_branches_edit_delete_and_undo() {
        let dir = tempfile::tempdir().unwrap();
        let p = new_file(dir.path());
        let mut w = writer(&p, "ann");
        let original = std::fs::read_to_string(&p).unwrap();

        w.open_branch("db", "The database is saturated").unwrap();
        w.note("DB CPU at 30%", None, None, Some("db")).unwrap();
        let s = w.close_branch("db", Outcome::RuledOut).unwrap();
        assert_eq!(s.incident.branch("db").unwrap().outcome, Outcome::RuledOut);
        let on_branch = s
            .incident
            .timeline
            .iter()
            .filter(|e| e.branch.as_deref() == Some("db"))
            .count();
        assert_eq!(on_branch, 3);
        assert!(
            s.incident
                .timeline
                .last()
                .unwrap()
                .text
                .starts_with("Ruled out: ")
        );
        assert_eq!(crate::analysis::detours::detours(&s.incident).len(), 1);

        let at = s.incident.timeline.last().unwrap().at;
        let s = w.set_milestone(MilestoneKind::Mitigated, at).unwrap();
        assert_eq!(s.incident.milestones.mitigated, Some(at));
        assert_eq!(s.incident.status, Some(Status::Mitigated));
        let s = w.set_milestone(MilestoneKind::Resolved, at).unwrap();
        assert_eq!(s.incident.status, Some(Status::Resolved));

        // A note on a branch that does not exist yet declares it.
        let s = w.note("maybe DNS", None, None, Some("dns")).unwrap();
        assert_eq!(s.incident.branch("dns").unwrap().hypothesis, "maybe DNS");
        let key = s.event.unwrap();
        let mut edited = s.incident.timeline[key.find(&s.incident.timeline).unwrap()].clone();
        edited.text = "maybe DNS (resolver timeouts)".into();
        let s = w.edit_event(&key, edited).unwrap();
        let key2 = s.event.unwrap();
        assert!(matches!(
            w.edit_event(&key, Event::new(at, EventKind::Note, "x")),
            Err(StoreError::EventGone(_))
        ));
        w.delete_event(&key2).unwrap();

        // Undo everything, newest first: back to the file as created.
        while w.undo_label().is_some() {
            w.undo().unwrap();
        }
        let back = w_load(&p);
        let (orig, _) = yaml::parse(&p, &original).unwrap();
        assert_eq!(back, orig);
    }

    #[test]
    fn unreadable_and_foreign_files_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("broken.yaml");
        std::fs::write(&p, "title: x\ntimeline: [\n").unwrap();
        let mut w = writer(&p, "ann");
        assert!(matches!(
            w.note("hello", None, None, None),
            Err(StoreError::Unreadable(_))
        ));
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "title: x\ntimeline: [\n"
        );
        let md = dir.path().join("pm.md");
        std::fs::write(&md, "# Postmortem\n\n10:00 alert\n").unwrap();
        assert!(matches!(
            writer(&md, "a").note("x", None, None, None),
            Err(StoreError::NotNative(_))
        ));
        assert!(matches!(
            writer(&dir.path().join("missing.yaml"), "a").note("x", None, None, None),
            Err(StoreError::Io { .. })
        ));
    }

    #[test]
    fn writers_on_threads_of_one_process_exclude_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let p = new_file(dir.path());
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let p = p.clone();
                std::thread::spawn(move || {
                    let mut w = writer(&p, &format!("t{t}"));
                    for i in 0..25 {
                        w.note(&format!("t{t} {i}"), None, None, None).unwrap();
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        assert_eq!(w_load(&p).timeline.len(), 100);
    }

    #[test]
    fn comments_are_kept_and_a_note_adds_only_its_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = new_file(dir.path());
        let text = std::fs::read_to_string(&p).unwrap() + "# ask Dara about the pool size\n";
        std::fs::write(&p, &text).unwrap();
        let mut w = writer(&p, "a");
        let s = w.note("x", None, None, None).unwrap();
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        let after = std::fs::read_to_string(&p).unwrap();
        assert!(after.contains("# ask Dara about the pool size"), "{after}");
        let old: Vec<&str> = text.lines().collect();
        let new: Vec<&str> = after.lines().collect();
        let kept = new.iter().filter(|l| old.contains(l)).count();
        assert_eq!(kept, old.len() - 1, "only `timeline: []` changed:\n{after}");
    }

    #[test]
    fn another_writers_notes_are_read_without_reading_the_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = new_file(dir.path());
        let mut mine = writer(&p, "ann");
        let mut theirs = writer(&p, "bob");
        mine.note("mine", Some(t("2026-11-25T10:05:00Z")), None, None)
            .unwrap();
        let last = mine.last_written.clone().unwrap();
        // Their notes after mine, and one backfilled before it, on a new branch.
        theirs
            .note("theirs", Some(t("2026-11-25T10:07:00Z")), None, None)
            .unwrap();
        theirs
            .note(
                "theirs too",
                Some(t("2026-11-25T10:08:00Z")),
                None,
                Some("db"),
            )
            .unwrap();
        let bytes = std::fs::read(&p).unwrap();
        let fast = read_added_items(&p, last, &bytes);
        let (full, _) = read_native(&p).unwrap();
        assert_eq!(
            fast.map(|(i, _)| comparable(&i)),
            None,
            "two places changed: read whole"
        );
        let last = LastWritten {
            bytes: bytes.clone(),
            incident: full,
        };
        theirs
            .note(
                "one more",
                Some(t("2026-11-25T10:09:00Z")),
                None,
                Some("db"),
            )
            .unwrap();
        theirs
            .note("backfilled", Some(t("2026-11-25T10:06:00Z")), None, None)
            .unwrap();
        let bytes = std::fs::read(&p).unwrap();
        let (full, _) = read_native(&p).unwrap();
        // Two items, not in one place: read whole. One item: read alone, same result.
        assert!(read_added_items(&p, last, &bytes).is_none());
        let (mut bytes, mut full) = (bytes, full);
        for (text, at) in [("at the end", "10:10:00"), ("in the middle", "10:06:30")] {
            let last = LastWritten {
                bytes: bytes.clone(),
                incident: full.clone(),
            };
            theirs
                .note(
                    text,
                    Some(t(&format!("2026-11-25T{at}Z"))),
                    Some(EventKind::Action),
                    None,
                )
                .unwrap();
            let now = std::fs::read(&p).unwrap();
            let (fast, _) = read_added_items(&p, last, &now).expect("one note added: read alone");
            let (again, _) = read_native(&p).unwrap();
            assert_eq!(comparable(&fast), comparable(&again), "{text}");
            (bytes, full) = (now, again);
        }
        // A milestone changed elsewhere: read whole.
        let last = LastWritten {
            bytes: bytes.clone(),
            incident: full,
        };
        theirs
            .set_milestone(MilestoneKind::Detected, t("2026-11-25T10:11:00Z"))
            .unwrap();
        assert!(read_added_items(&p, last, &std::fs::read(&p).unwrap()).is_none());
    }

    #[test]
    fn stale_temp_files_are_cleaned_under_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let p = new_file(dir.path());
        let name = p.file_name().unwrap().to_str().unwrap();
        let stale = dir.path().join(format!(".{name}.99999.0.tmp"));
        std::fs::write(&stale, "half a fi").unwrap();
        writer(&p, "a").note("x", None, None, None).unwrap();
        assert!(!stale.exists());
    }
}

#[cfg(test)]
mod round_trip {
    use super::*;

    /// What a reader sees again: the model less what only exists in memory.
    fn comparable(inc: &Incident) -> Incident {
        let mut inc = inc.clone();
        for e in &mut inc.timeline {
            e.inferred = None;
            e.line = None;
        }
        inc
    }

    #[test]
    fn milestone_before_the_first_event_stays_on_its_day() {
        let dir = tempfile::tempdir().unwrap();
        let start = chrono::DateTime::parse_from_rfc3339("2026-03-10T09:00:00Z").unwrap();
        let (p, _) = create_incident(
            dir.path(),
            &NewIncident {
                title: "Early".into(),
                severity: None,
                timezone: None,
                started: start,
            },
        )
        .unwrap();
        let mut w = Writer::new(&p, None);
        let h = |n: i64| start + chrono::Duration::hours(n);
        w.note("late note", Some(h(3)), None, None).unwrap();
        w.set_milestone(MilestoneKind::Detected, h(1)).unwrap();
        let (again, _) = read_native(&p).unwrap();
        assert_eq!(
            again.milestones.detected,
            Some(h(1)),
            "{}",
            std::fs::read_to_string(&p).unwrap()
        );
    }

    #[test]
    fn a_file_without_date_or_zone_reads_back_as_saved() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bare.yaml");
        std::fs::write(
            &p,
            "title: Bare\ntimeline:\n- at: 2026-03-10T10:00:00+01:00\n  text: first\n",
        )
        .unwrap();
        let mut w = Writer::new(&p, None);
        let at = chrono::DateTime::parse_from_rfc3339("2026-03-09T23:30:00Z").unwrap();
        for i in 0..3 {
            let s = w
                .note(
                    &format!("n{i}"),
                    Some(at + chrono::Duration::hours(i)),
                    None,
                    None,
                )
                .unwrap();
            let (again, _) = read_native(&p).unwrap();
            assert_eq!(comparable(&again), comparable(&s.incident), "step {i}");
        }
    }

    #[test]
    fn what_is_saved_is_what_is_read_back() {
        // Notes, backfills and milestones all over three days, in a zone that is not UTC: after
        // every save the file must read back as exactly the incident the writer meant.
        let dir = tempfile::tempdir().unwrap();
        let zone = chrono::FixedOffset::east_opt(2 * 3600).unwrap();
        let start = chrono::DateTime::parse_from_rfc3339("2026-03-10T23:30:00+02:00").unwrap();
        let (p, _) = create_incident(
            dir.path(),
            &NewIncident {
                title: "Round trip".into(),
                severity: None,
                timezone: Some(zone),
                started: start,
            },
        )
        .unwrap();
        let mut w = Writer::new(&p, Some("ann".into()));
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for i in 0..60 {
            // -20 h .. +52 h around the start, on whole minutes or odd seconds.
            let offset = next(72 * 60) as i64 - 20 * 60;
            let secs = if next(3) == 0 { next(60) as i64 } else { 0 };
            let at = start + chrono::Duration::minutes(offset) + chrono::Duration::seconds(secs);
            let saved = match next(7) {
                6 if w.undo_label().is_some() => w.undo().unwrap(),
                0 => {
                    let kind = MilestoneKind::ALL[next(6) as usize];
                    w.set_milestone(kind, at).unwrap()
                }
                1 => w
                    .note(&format!("on a branch {i}"), Some(at), None, Some("b"))
                    .unwrap(),
                _ => w
                    .note(
                        &format!("note {i}: it's \"odd\" - #{i}"),
                        Some(at),
                        None,
                        None,
                    )
                    .unwrap(),
            };
            let (again, warnings) = read_native(&p).unwrap();
            assert_eq!(
                comparable(&again),
                comparable(&saved.incident),
                "after step {i}:\n{}",
                std::fs::read_to_string(&p).unwrap()
            );
            assert!(
                warnings.iter().all(|d| !d.message.contains("earlier")),
                "{warnings:?}"
            );
        }
    }
}

#[cfg(test)]
mod two_writers {
    use super::*;
    use std::collections::BTreeSet;

    /// What a writer did, as a model: the texts it added, edited and deleted, for undo.
    enum Op {
        Added(String),
        Edited(String, String),
        Deleted(String),
    }

    #[test]
    fn interleaved_notes_edits_deletes_and_undos_never_touch_the_other_writer() {
        let dir = tempfile::tempdir().unwrap();
        let (p, _) = create_incident(
            dir.path(),
            &NewIncident {
                title: "Two writers".into(),
                severity: None,
                timezone: None,
                started: stamp::now(),
            },
        )
        .unwrap();
        let mut writers = [
            Writer::new(&p, Some("a".into())),
            Writer::new(&p, Some("b".into())),
        ];
        let mut ops: [Vec<Op>; 2] = [Vec::new(), Vec::new()];
        let mut expected: BTreeSet<String> = BTreeSet::new();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for step in 0..120 {
            let w = next(2) as usize;
            let who = ["a", "b"][w];
            let (inc, _) = read_native(&p).unwrap();
            let mine: Vec<&Event> = inc
                .timeline
                .iter()
                .filter(|e| e.author.as_deref() == Some(who))
                .collect();
            match next(5) {
                0 | 1 => {
                    let text = format!("{who} note {step}");
                    writers[w].note(&text, None, None, None).unwrap();
                    expected.insert(text.clone());
                    ops[w].push(Op::Added(text));
                }
                2 if !mine.is_empty() => {
                    let target = mine[next(mine.len() as u64) as usize];
                    let mut edited = target.clone();
                    edited.text = format!("{who} edited {step}").into();
                    writers[w]
                        .edit_event(&EventKey::of(target), edited.clone())
                        .unwrap();
                    expected.remove(&*target.text);
                    expected.insert(edited.text.to_string());
                    ops[w].push(Op::Edited(target.text.to_string(), edited.text.into()));
                }
                3 if !mine.is_empty() => {
                    let target = mine[next(mine.len() as u64) as usize];
                    writers[w].delete_event(&EventKey::of(target)).unwrap();
                    expected.remove(&*target.text);
                    ops[w].push(Op::Deleted(target.text.to_string()));
                }
                _ => match ops[w].pop() {
                    Some(op) => {
                        writers[w].undo().unwrap();
                        match op {
                            Op::Added(t) => {
                                expected.remove(&t);
                            }
                            Op::Edited(old, new) => {
                                expected.remove(&new);
                                expected.insert(old);
                            }
                            Op::Deleted(t) => {
                                expected.insert(t);
                            }
                        }
                    }
                    None => assert!(matches!(writers[w].undo(), Err(StoreError::NothingToUndo))),
                },
            }
            let (inc, _) = read_native(&p).unwrap();
            let on_disk: BTreeSet<String> =
                inc.timeline.iter().map(|e| e.text.to_string()).collect();
            assert_eq!(on_disk, expected, "after step {step}");
            assert_eq!(inc.timeline.len(), expected.len(), "after step {step}");
        }
    }
}

#[cfg(test)]
mod random_edits {
    use super::*;

    /// Files of every layout the editor meets: the samples, a hand-written one, CRLF.
    fn files() -> Vec<(&'static str, String)> {
        let hand = include_str!("../../tests/fixtures/store/handwritten.yaml");
        let mut v: Vec<(&'static str, String)> = vec![
            ("hand.yaml", hand.to_string()),
            ("crlf.yaml", hand.replace('\n', "\r\n")),
        ];
        for (name, text) in crate::tui::SAMPLES {
            if name.ends_with(".yaml") {
                v.push((name, text.to_string()));
            }
        }
        v
    }

    #[test]
    fn random_notes_milestones_deletes_branches_and_undos_read_back_as_meant() {
        // Every save below is checked (in `commit_with`, under cfg(test)) to read back as exactly
        // the incident the writer keeps — times, kinds, inferences, lines and all; at the end,
        // undoing everything gives the file back byte for byte.
        let dir = tempfile::tempdir().unwrap();
        let mut seed = 0x5851f42d4c957f2du64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for (name, text) in files() {
            let p = dir.path().join(name);
            std::fs::write(&p, &text).unwrap();
            let mut w = Writer::new(&p, Some("ann".into()));
            let (start, end) = {
                let (inc, _) = read_native(&p).unwrap();
                (
                    inc.timeline.first().unwrap().at,
                    inc.timeline.last().unwrap().at,
                )
            };
            let span = (end - start).num_seconds().max(60) as u64;
            for step in 0..30 {
                let at = start
                    + chrono::Duration::seconds(next(span + 3 * 3600) as i64 - 600)
                    + chrono::Duration::seconds(next(60) as i64);
                let (inc, _) = read_native(&p).unwrap();
                let r = match next(8) {
                    0 => w.set_milestone(MilestoneKind::ALL[next(6) as usize], at),
                    1 if !inc.timeline.is_empty() => {
                        let e = &inc.timeline[next(inc.timeline.len() as u64) as usize];
                        w.delete_event(&EventKey::of(e))
                    }
                    2 if !inc.timeline.is_empty() => {
                        let e = &inc.timeline[next(inc.timeline.len() as u64) as usize];
                        w.promote(&EventKey::of(e), MilestoneKind::ALL[next(6) as usize])
                    }
                    3 => w.note(
                        &format!("on b{step}"),
                        Some(at),
                        None,
                        Some(&format!("b{step}")),
                    ),
                    4 if w.undo_label().is_some() => w.undo(),
                    // (Closing one twice in a second would add two events alike in time,
                    // author and text, which no key tells apart.)
                    5 => match inc
                        .branches
                        .iter()
                        .find(|b| b.outcome == Outcome::Open)
                        .map(|b| b.id.clone())
                    {
                        Some(id) => w.close_branch(&id, Outcome::Inconclusive),
                        None => w.note("no branch", Some(at), None, None),
                    },
                    _ => w.note(
                        &format!("note {step}: \"odd\" #{step} - yes"),
                        Some(at),
                        None,
                        None,
                    ),
                };
                if let Err(e) = r {
                    panic!(
                        "{name} step {step}: {e}\n{}",
                        std::fs::read_to_string(&p).unwrap()
                    );
                }
            }
            while w.undo_label().is_some() {
                w.undo().unwrap();
            }
            assert_eq!(std::fs::read_to_string(&p).unwrap(), text, "{name}");
        }
    }
}
