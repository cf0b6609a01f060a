//! The advisory lock that serialises writers of one incident file.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::StoreError;

/// How long a writer waits for another one before giving up with [`StoreError::Locked`].
/// A transaction holds the lock for milliseconds; this only trips on a stuck writer.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// An exclusive advisory lock on `.NAME.lock` beside an incident file, released on drop (and by
/// the kernel when the process dies, even by `kill -9`).
///
/// The lock file is never removed: removing it while another writer waits on it would let two
/// writers hold "the" lock at once. It is empty and hidden.
#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
}

impl FileLock {
    /// The lock file for an incident file: `dir/.NAME.lock`.
    pub fn path_for(incident: &Path) -> PathBuf {
        let name = incident
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "incident".into());
        incident.with_file_name(format!(".{name}.lock"))
    }

    /// Take the lock for `incident`, waiting up to `timeout` for other writers.
    pub fn acquire(incident: &Path, timeout: Duration) -> Result<FileLock, StoreError> {
        let path = Self::path_for(incident);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            // A lock file made by another user may be read-only to us; a lock needs no more.
            .or_else(|e| match e.kind() {
                std::io::ErrorKind::PermissionDenied => File::open(&path),
                _ => Err(e),
            })
            .map_err(|e| StoreError::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => return Ok(FileLock { file, path }),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(StoreError::io(&path, e)),
        }
        // Contended: wait in the kernel (woken as soon as the holder releases, so a writer in a
        // tight loop cannot starve us the way polling could), on a helper thread so that the
        // wait can time out. The helper locks the same open file description as `file`, so the
        // lock it takes is ours. If we give up first, the helper's late lock dies with the
        // description when both handles are dropped.
        let waiter = file.try_clone().map_err(|e| StoreError::io(&path, e))?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("retrace-lock".into())
            .spawn(move || {
                let r = waiter.lock();
                let _ = tx.send(r);
            })
            .map_err(|e| StoreError::io(&path, e))?;
        match rx.recv_timeout(timeout) {
            Ok(Ok(())) => Ok(FileLock { file, path }),
            Ok(Err(e)) => Err(StoreError::io(&path, e)),
            Err(_) => Err(StoreError::Locked {
                path: incident.to_path_buf(),
                secs: timeout.as_secs(),
            }),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_waits_then_times_out() {
        let dir = tempfile::tempdir().unwrap();
        let inc = dir.path().join("a.yaml");
        let held = FileLock::acquire(&inc, LOCK_TIMEOUT).unwrap();
        assert_eq!(held.path(), dir.path().join(".a.yaml.lock"));
        let e = FileLock::acquire(&inc, Duration::from_millis(30)).unwrap_err();
        assert!(matches!(e, StoreError::Locked { .. }), "{e}");
        drop(held);
        // (The timed-out waiter may take the lock for an instant before it lets go.)
        FileLock::acquire(&inc, Duration::from_secs(5)).unwrap();
    }
}
