//! [`Writer`]: read-merge-write transactions on one incident file, with undo.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::ingest::{self, Diagnostic, Format, lexicon, yaml};
use crate::model::{
    Branch, Event, EventKind, Incident, Inference, MilestoneKind, Outcome, Severity, Status,
    Timestamp,
};

use super::change::{Change, EventKey, apply_all};
use super::lock::{FileLock, LOCK_TIMEOUT};
use super::{StoreError, atomic_write, stamp};

/// The result of a saved change.
#[derive(Clone, Debug)]
pub struct Saved {
    /// The incident exactly as it is now in the file (including everyone else's changes that
    /// were merged), so a view can show it without reading the file again. (Events carry no
    /// source `line`: the file was just rewritten.)
    pub incident: Incident,
    /// Warnings about the file as it was read, when someone else had changed it (an unknown key
    /// is dropped when the file is written back, for instance). Empty when the file was as this
    /// writer left it.
    pub warnings: Vec<Diagnostic>,
    /// The event this change added or edited, for a view to select.
    pub event: Option<EventKey>,
}

/// A writer of one incident file: every method is one read-merge-write transaction.
///
/// Each transaction takes the advisory lock (`.NAME.lock` beside the file), reads the file
/// *under the lock*, applies the change to what is on disk now, writes the result atomically
/// (temporary file, fsync, rename, fsync of the folder) and releases the lock. So two writers
/// never lose each other's changes, and a note typed while the file changed underneath is saved
/// on top of the new content. When a method returns `Ok`, the change is on disk and fsynced.
/// When it returns `Err`, nothing was written.
///
/// The writer remembers the changes *it* made, newest last; [`Writer::undo`] reverts the last
/// one on top of whatever the file holds by then (other writers' changes stay).
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
#[derive(Debug)]
pub struct Writer {
    path: PathBuf,
    author: Option<String>,
    lock_timeout: Duration,
    undo: Vec<UndoEntry>,
    last_written: Option<LastWritten>,
}

/// The file as this writer last wrote it, and the incident it holds.
#[derive(Clone, Debug)]
struct LastWritten {
    bytes: Vec<u8>,
    incident: Incident,
}

#[derive(Clone, Debug)]
struct UndoEntry {
    label: String,
    inverse: Vec<Change>,
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

    /// A note stamped by this writer: `text` at `at` (default now), of `kind` (default: inferred
    /// from the text by the lexicon, else `note`), on `branch` (created if it does not exist,
    /// with the note as its hypothesis).
    pub fn note(
        &mut self,
        text: &str,
        at: Option<Timestamp>,
        kind: Option<EventKind>,
        branch: Option<&str>,
    ) -> Result<Saved, StoreError> {
        let mut event = self.event(at.unwrap_or_else(stamp::now), EventKind::Note, text);
        match kind {
            Some(k) => event.kind = k,
            None => match lexicon::classify_kind(&event.text) {
                Some((k, why)) => {
                    event.kind = k;
                    event.inferred = Some(why);
                }
                None => {
                    event.inferred = Some(Inference::new(crate::model::RuleId::KindDefaultNote, ""))
                }
            },
        }
        event.branch = branch.map(str::to_string);
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
                    hypothesis: event.text.clone(),
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
                Change::SetMilestone { kind, at: Some(at) },
                Change::AddEvent(event),
            ];
            let status = match (kind, inc.status) {
                (MilestoneKind::Resolved, Some(s)) if s != Status::Resolved => {
                    Some(Status::Resolved)
                }
                (MilestoneKind::Mitigated, Some(Status::Ongoing)) => Some(Status::Mitigated),
                _ => None,
            };
            if let Some(s) = status {
                changes.push(Change::SetStatus(Some(s)));
            }
            Ok(changes)
        })
    }

    /// Remove a milestone's declaration (the events stay).
    pub fn clear_milestone(&mut self, kind: MilestoneKind) -> Result<Saved, StoreError> {
        let label = format!("clear {}", kind.as_str());
        self.transact(&label, |_| {
            Ok(vec![Change::SetMilestone { kind, at: None }])
        })
    }

    /// Open a hypothesis: declare branch `id` (open) and add a `hypothesis` event on it, now, so
    /// the branch has a start on the timeline. Fails if the branch exists.
    pub fn open_branch(&mut self, id: &str, hypothesis: &str) -> Result<Saved, StoreError> {
        let id = crate::model::text::clean_line(id);
        let mut event = self.event(stamp::now(), EventKind::Hypothesis, hypothesis);
        event.branch = Some(id.clone());
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
            event.author = author;
            event.branch = Some(id.clone());
            Ok(vec![
                Change::SetOutcome {
                    branch: id.clone(),
                    outcome,
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

    /// Undo the last change this writer made, on top of the file as it is now. A change that
    /// can no longer be undone (someone edited the same event since) is dropped from the undo
    /// list and reported; a lock timeout or I/O error keeps it for another try.
    pub fn undo(&mut self) -> Result<Saved, StoreError> {
        let entry = self.undo.pop().ok_or(StoreError::NothingToUndo)?;
        match self.commit(&entry.inverse) {
            Ok((saved, _)) => Ok(saved),
            Err(e) => {
                if matches!(e, StoreError::Locked { .. } | StoreError::Io { .. }) {
                    self.undo.push(entry);
                }
                Err(e)
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
        let (saved, inverse) = self.commit_with(build)?;
        self.undo.push(UndoEntry {
            label: label.to_string(),
            inverse,
        });
        Ok(saved)
    }

    /// An event stamped by this writer (its author), not yet saved.
    pub fn event(&self, at: Timestamp, kind: EventKind, text: &str) -> Event {
        let mut e = Event::new(at, kind, text);
        e.author = self.author.clone();
        e
    }

    fn commit(&mut self, changes: &[Change]) -> Result<(Saved, Vec<Change>), StoreError> {
        self.commit_with(|_| Ok(changes.to_vec()))
    }

    fn commit_with(
        &mut self,
        build: impl FnOnce(&Incident) -> Result<Vec<Change>, StoreError>,
    ) -> Result<(Saved, Vec<Change>), StoreError> {
        let _lock = FileLock::acquire(&self.path, self.lock_timeout)?;
        remove_stale_temp_files(&self.path);
        // Re-read the file under the lock. When its bytes are exactly what this writer wrote
        // last, the incident it parses to is already known: skip the parse (the bulk of a save
        // on a long incident). Any other writer's change, or an edit by hand, changes the bytes.
        let bytes = read_bounded(&self.path)?;
        let (mut incident, warnings) = match self.last_written.take() {
            Some(last) if last.bytes == bytes => (last.incident, Vec::new()),
            _ => {
                let (incident, mut warnings) = parse_native(&self.path, &bytes)?;
                if let Some(line) = first_comment_line(&bytes) {
                    warnings.push(
                        Diagnostic::warning(
                            &self.path,
                            line,
                            1,
                            "comments are not kept: retrace rewrites the file in its own layout",
                        )
                        .with_hint("keep notes in `summary:` or event texts, which are kept"),
                    );
                }
                (incident, warnings)
            }
        };
        let changes = build(&incident)?;
        let inverse = apply_all(&changes, &mut incident)?;
        for e in &mut incident.timeline {
            e.line = None;
        }
        // State the day and zone that the file will state (the writer always writes both), so
        // that the incident kept for the next save is the one the file reads back as.
        let zone = incident.display_offset();
        incident.timezone = Some(zone);
        if incident.date.is_none() {
            incident.date = incident
                .timeline
                .first()
                .map(|e| e.at.with_timezone(&zone).date_naive());
        }
        let text = yaml::to_yaml(&incident);
        atomic_write(&self.path, text.as_bytes()).map_err(|e| StoreError::io(&self.path, e))?;
        #[cfg(test)]
        {
            // Every unit test that saves checks that the incident kept for the next save is the
            // one the file reads back as.
            let strip = |inc: &Incident| {
                let mut inc = inc.clone();
                inc.timeline.iter_mut().for_each(|e| e.inferred = None);
                inc.timeline.iter_mut().for_each(|e| e.line = None);
                inc
            };
            let (again, _) = yaml::parse(&self.path, &text).expect("what was written parses");
            assert_eq!(strip(&again), strip(&incident), "{text}");
        }
        self.last_written = Some(LastWritten {
            bytes: text.into_bytes(),
            incident: incident.clone(),
        });
        let event = inverse
            .iter()
            .rev()
            .find_map(Change::touched_event)
            .cloned();
        Ok((
            Saved {
                incident,
                warnings,
                event,
            },
            inverse,
        ))
    }
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
    parse_native(path, &read_bounded(path)?)
}

/// The file's bytes through [`ingest::read_file`]: regular files only (a FIFO never blocks a
/// writer), at most [`ingest::MAX_FILE_BYTES`].
fn read_bounded(path: &Path) -> Result<Vec<u8>, StoreError> {
    ingest::read_file(path).map_err(|e| match e {
        ingest::LoadError::Io { path, source } => StoreError::Io { path, source },
        ingest::LoadError::Invalid(d) => StoreError::Unreadable(d),
    })
}

fn parse_native(path: &Path, bytes: &[u8]) -> Result<(Incident, Vec<Diagnostic>), StoreError> {
    if path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ingest::detect_format(Path::new(&format!("x.{e}")), "") != Format::Yaml)
    {
        return Err(StoreError::NotNative(path.to_path_buf()));
    }
    let loaded = ingest::load_bytes(path, bytes).map_err(|e| match e {
        ingest::LoadError::Io { path, source } => StoreError::Io { path, source },
        ingest::LoadError::Invalid(d) => StoreError::Unreadable(d),
    })?;
    if loaded.format != Format::Yaml {
        return Err(StoreError::NotNative(path.to_path_buf()));
    }
    Ok((loaded.incident, loaded.diagnostics))
}

/// The first line that is a comment of its own, other than the header line the writer puts at the
/// top (1-based). Comments after a value on the same line are not looked for.
fn first_comment_line(bytes: &[u8]) -> Option<usize> {
    let text = String::from_utf8_lossy(bytes);
    text.lines()
        .enumerate()
        .skip(1)
        .find(|(_, l)| l.trim_start().starts_with('#'))
        .map(|(i, _)| i + 1)
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
        match super::create_new_atomic(&path, yaml::to_yaml(&incident).as_bytes()) {
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
    fn note_infers_kind_and_round_trips() {
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
        assert_eq!(inc.timeline[i].kind, EventKind::Detection);
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
            + "- at: '10:07'\n  text: hand-written\n";
        std::fs::write(&p, text).unwrap();
        let saved = mine
            .note(
                "ann's typed note",
                Some(t("2026-11-25T10:08:00Z")),
                None,
                None,
            )
            .unwrap();
        let texts: Vec<&str> = saved
            .incident
            .timeline
            .iter()
            .map(|e| e.text.as_str())
            .collect();
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
        let texts: Vec<&str> = s
            .incident
            .timeline
            .iter()
            .map(|e| e.text.as_str())
            .collect();
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
    fn lost_comments_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let p = new_file(dir.path());
        let text = std::fs::read_to_string(&p).unwrap() + "# ask Dara about the pool size\n";
        std::fs::write(&p, text).unwrap();
        let mut w = writer(&p, "a");
        let s = w.note("x", None, None, None).unwrap();
        assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
        assert!(s.warnings[0].message.contains("comments are not kept"));
        // What the writer wrote itself has no comment besides its header.
        let s = w.note("y", None, None, None).unwrap();
        assert!(s.warnings.is_empty());
        assert_eq!(first_comment_line(&std::fs::read(&p).unwrap()), None);
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
                    edited.text = format!("{who} edited {step}");
                    writers[w]
                        .edit_event(&EventKey::of(target), edited.clone())
                        .unwrap();
                    expected.remove(&target.text);
                    expected.insert(edited.text.clone());
                    ops[w].push(Op::Edited(target.text.clone(), edited.text));
                }
                3 if !mine.is_empty() => {
                    let target = mine[next(mine.len() as u64) as usize];
                    writers[w].delete_event(&EventKey::of(target)).unwrap();
                    expected.remove(&target.text);
                    ops[w].push(Op::Deleted(target.text.clone()));
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
            let on_disk: BTreeSet<String> = inc.timeline.iter().map(|e| e.text.clone()).collect();
            assert_eq!(on_disk, expected, "after step {step}");
            assert_eq!(inc.timeline.len(), expected.len(), "after step {step}");
        }
    }
}
