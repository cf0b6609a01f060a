//! "The file changed on disk": what a view needs to reload within a second.
//!
//! A [`Watcher`] watches the *folder* of an incident file, not the file: editors and
//! [`atomic_write`](super::atomic_write) save by writing a new file and renaming it over the old
//! one, which would end a watch on the old file. Events are filtered to the file's name (the
//! writers' temporary and lock files are ignored, and so are mere reads), then debounced: the
//! first change starts a [`DEBOUNCE`] window, everything that follows inside it is folded in, and
//! one [`WatchEvent::Changed`] is delivered at its end. So a burst of saves costs one reload, and
//! a change is reported at most about 100 ms after it happened.
//!
//! [`Watcher::folder`] does the same for every incident file under a folder (a list view of
//! many incidents), reporting each changed file by its path.
//!
//! `examples/follow.rs` is a `tail -f` for an incident built on it.
//!
//! Saves made by this process are reported too (a view that just saved can compare
//! [`Saved::incident`](super::Saved::incident) with what it shows, or simply reload).
//!
//! ```no_run
//! use retrace::store::watch::{Watcher, WatchEvent};
//!
//! let (watcher, changes) = Watcher::channel("incidents/2026-11-25-checkout-latency.yaml")?;
//! // In the TUI event loop: poll without blocking, turn each change into a reload action.
//! while let Ok(WatchEvent::Changed(path)) = changes.try_recv() {
//!     println!("reload {}", path.display());
//! }
//! drop(watcher); // stops watching
//! # Ok::<(), retrace::store::StoreError>(())
//! ```

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode, Watcher as _};

use super::StoreError;

/// How long changes are gathered into one notification.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// What a [`Watcher`] reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WatchEvent {
    /// The file was written, replaced, created or removed: read it again.
    Changed(PathBuf),
    /// The platform's watcher reported a problem (the view may fall back to polling).
    Error(String),
}

/// Watches one incident file until dropped. See the [module docs](self).
pub struct Watcher {
    path: PathBuf,
    // Dropping it stops the platform watcher, which ends the debounce thread.
    _inner: notify::RecommendedWatcher,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher").field("path", &self.path).finish()
    }
}

impl Watcher {
    /// Watch the incident file `path`, calling `on_event` from a background thread for each
    /// (debounced) change.
    pub fn new(
        path: impl Into<PathBuf>,
        on_event: impl FnMut(WatchEvent) + Send + 'static,
    ) -> Result<Watcher, StoreError> {
        let path = path.into();
        let name = path
            .file_name()
            .ok_or_else(|| StoreError::Invalid(format!("{}: not a file", path.display())))?
            .to_os_string();
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let target = Target::File {
            name,
            path: path.clone(),
        };
        Self::start(path, &dir, RecursiveMode::NonRecursive, target, on_event)
    }

    /// Watch `path`, delivering changes to the returned channel.
    pub fn channel(
        path: impl Into<PathBuf>,
    ) -> Result<(Watcher, Receiver<WatchEvent>), StoreError> {
        let (tx, rx) = mpsc::channel();
        let w = Watcher::new(path, move |ev| {
            let _ = tx.send(ev);
        })?;
        Ok((w, rx))
    }

    /// Watch every incident file under the folder `dir` (recursively; files with an incident
    /// extension, hidden files left out), for a view of many incidents. Each changed, created or
    /// removed file is reported once per debounce window, by its path under `dir`.
    pub fn folder(
        dir: impl Into<PathBuf>,
        on_event: impl FnMut(WatchEvent) + Send + 'static,
    ) -> Result<Watcher, StoreError> {
        let dir = dir.into();
        let watched = dir.clone();
        Self::start(
            dir,
            &watched,
            RecursiveMode::Recursive,
            Target::Folder,
            on_event,
        )
    }

    /// [`Watcher::folder`], delivering changes to the returned channel.
    pub fn folder_channel(
        dir: impl Into<PathBuf>,
    ) -> Result<(Watcher, Receiver<WatchEvent>), StoreError> {
        let (tx, rx) = mpsc::channel();
        let w = Watcher::folder(dir, move |ev| {
            let _ = tx.send(ev);
        })?;
        Ok((w, rx))
    }

    /// The file or folder watched.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn start(
        path: PathBuf,
        dir: &Path,
        mode: RecursiveMode,
        target: Target,
        on_event: impl FnMut(WatchEvent) + Send + 'static,
    ) -> Result<Watcher, StoreError> {
        let (raw_tx, raw_rx) = mpsc::channel::<notify::Result<notify::Event>>();
        let mut inner = notify::recommended_watcher(raw_tx).map_err(|e| watch_error(dir, e))?;
        inner.watch(dir, mode).map_err(|e| watch_error(dir, e))?;
        std::thread::Builder::new()
            .name("retrace-watch".into())
            .spawn(move || debounce_loop(raw_rx, target, on_event))
            .map_err(|e| StoreError::io(dir, e))?;
        Ok(Watcher {
            path,
            _inner: inner,
        })
    }
}

/// What a watcher reports changes of.
enum Target {
    /// One file, reported as `path`: events about `name` in its folder.
    File { name: OsString, path: PathBuf },
    /// Every incident file under a folder.
    Folder,
}

impl Target {
    /// The files an event changed, as they are to be reported.
    fn changed(&self, ev: &notify::Event) -> Vec<PathBuf> {
        let writes = match ev.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) => false,
            _ => true,
        };
        if !writes {
            return Vec::new();
        }
        match self {
            Target::File { name, path } => {
                if ev
                    .paths
                    .iter()
                    .any(|p| p.file_name() == Some(name.as_os_str()))
                {
                    vec![path.clone()]
                } else {
                    Vec::new()
                }
            }
            Target::Folder => ev
                .paths
                .iter()
                .filter(|p| is_incident_file(p))
                .cloned()
                .collect(),
        }
    }
}

fn is_incident_file(p: &Path) -> bool {
    let visible = p
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| !n.starts_with('.'));
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    visible && ext.is_some_and(|e| crate::ingest::INCIDENT_EXTENSIONS.contains(&e.as_str()))
}

fn watch_error(dir: &Path, e: notify::Error) -> StoreError {
    StoreError::io(
        dir,
        std::io::Error::other(format!("cannot watch for changes: {e}")),
    )
}

fn debounce_loop(
    raw: Receiver<notify::Result<notify::Event>>,
    target: Target,
    mut on_event: impl FnMut(WatchEvent),
) {
    let take = |r: notify::Result<notify::Event>,
                changed: &mut BTreeSet<PathBuf>,
                on_event: &mut dyn FnMut(WatchEvent)| match r {
        Err(e) => on_event(WatchEvent::Error(e.to_string())),
        Ok(ev) => changed.extend(target.changed(&ev)),
    };
    // Blocks until the platform watcher is dropped (the sender goes with it).
    while let Ok(first) = raw.recv() {
        let mut changed = BTreeSet::new();
        take(first, &mut changed, &mut on_event);
        if changed.is_empty() {
            continue;
        }
        let deadline = Instant::now() + DEBOUNCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match raw.recv_timeout(left) {
                Ok(more) => take(more, &mut changed, &mut on_event),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        for path in changed {
            on_event(WatchEvent::Changed(path));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_a_rename_over_the_file_once_and_ignores_neighbours() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        std::fs::write(&p, "one").unwrap();
        let (_w, rx) = Watcher::channel(&p).unwrap();
        // Reads and other files are not changes.
        let _ = std::fs::read(&p).unwrap();
        std::fs::write(dir.path().join("b.yaml"), "other").unwrap();
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
        // A burst of writes is reported once (or at least fewer times than it was written,
        // should this thread be held up for longer than the debounce window).
        for i in 0..5 {
            std::fs::write(&p, format!("v{i}")).unwrap();
        }
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(1)).unwrap(),
            WatchEvent::Changed(p.clone())
        );
        let mut more = 0;
        while rx.recv_timeout(Duration::from_millis(300)).is_ok() {
            more += 1;
        }
        assert!(more < 4, "{more} more notifications for one burst");
        // A save by rename (how retrace and most editors save) is seen.
        super::super::atomic_write(&p, b"renamed over").unwrap();
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(1)).unwrap(),
            WatchEvent::Changed(p.clone())
        );
    }

    #[test]
    fn a_folder_watch_reports_each_changed_incident_file() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("2026");
        std::fs::create_dir(&sub).unwrap();
        let (_w, rx) = Watcher::folder_channel(dir.path()).unwrap();
        std::thread::sleep(Duration::from_millis(50));
        std::fs::write(dir.path().join("notes.bin"), "not an incident").unwrap();
        std::fs::write(dir.path().join(".a.yaml.lock"), "").unwrap();
        super::super::atomic_write(&dir.path().join("a.yaml"), b"a").unwrap();
        std::fs::write(sub.join("b.md"), "b").unwrap();
        let mut seen = BTreeSet::new();
        while let Ok(ev) = rx.recv_timeout(Duration::from_millis(500)) {
            match ev {
                WatchEvent::Changed(p) => {
                    seen.insert(p.file_name().unwrap().to_string_lossy().into_owned());
                }
                WatchEvent::Error(e) => panic!("{e}"),
            }
        }
        let want: BTreeSet<String> = ["a.yaml", "b.md"].map(String::from).into();
        assert_eq!(seen, want);
    }
}
