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
    /// Watch `path`, calling `on_event` from a background thread for each (debounced) change.
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
        let (raw_tx, raw_rx) = mpsc::channel::<notify::Result<notify::Event>>();
        let mut inner = notify::recommended_watcher(raw_tx).map_err(|e| watch_error(&dir, e))?;
        inner
            .watch(&dir, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(&dir, e))?;
        let reported = path.clone();
        std::thread::Builder::new()
            .name("retrace-watch".into())
            .spawn(move || debounce_loop(raw_rx, name, reported, on_event))
            .map_err(|e| StoreError::io(&dir, e))?;
        Ok(Watcher {
            path,
            _inner: inner,
        })
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

    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn watch_error(dir: &Path, e: notify::Error) -> StoreError {
    StoreError::io(
        dir,
        std::io::Error::other(format!("cannot watch for changes: {e}")),
    )
}

fn debounce_loop(
    raw: Receiver<notify::Result<notify::Event>>,
    name: OsString,
    path: PathBuf,
    mut on_event: impl FnMut(WatchEvent),
) {
    let relevant = |r: &notify::Result<notify::Event>| -> Option<Result<(), String>> {
        match r {
            Err(e) => Some(Err(e.to_string())),
            Ok(ev) => {
                let about_file = ev
                    .paths
                    .iter()
                    .any(|p| p.file_name() == Some(name.as_os_str()));
                let writes = match ev.kind {
                    EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                    EventKind::Access(_) => false,
                    _ => true,
                };
                (about_file && writes).then_some(Ok(()))
            }
        }
    };
    // Blocks until the platform watcher is dropped (the sender goes with it).
    while let Ok(first) = raw.recv() {
        let mut changed = false;
        match relevant(&first) {
            None => continue,
            Some(Ok(())) => changed = true,
            Some(Err(e)) => on_event(WatchEvent::Error(e)),
        }
        let deadline = Instant::now() + DEBOUNCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match raw.recv_timeout(left) {
                Ok(more) => match relevant(&more) {
                    Some(Ok(())) => changed = true,
                    Some(Err(e)) => on_event(WatchEvent::Error(e)),
                    None => {}
                },
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if changed {
            on_event(WatchEvent::Changed(path.clone()));
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
}
