//! The advisory lock that serialises writers of one incident file, and who holds it.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::StoreError;

/// How long a writer waits for another one before giving up with [`StoreError::Locked`].
/// A transaction holds the lock for milliseconds; this only trips on a stuck writer.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// Who holds a lock: what the holder wrote into the lock file when it took it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockHolder {
    pub pid: u32,
    pub host: String,
    /// When it took the lock.
    pub since: chrono::DateTime<chrono::Utc>,
    /// The program (`retrace note`, `retrace live`...).
    pub program: String,
}

impl std::fmt::Display for LockHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pid {} ({}) on {} since {} UTC",
            self.pid,
            crate::model::text::clean_line(&self.program),
            crate::model::text::clean_line(&self.host),
            self.since.format("%H:%M:%S")
        )
    }
}

impl LockHolder {
    fn me(program: &str) -> LockHolder {
        LockHolder {
            pid: std::process::id(),
            host: host_name(),
            since: chrono::Utc::now(),
            program: program.to_string(),
        }
    }

    fn to_text(&self) -> String {
        format!(
            "pid={}\nhost={}\nsince={}\nprogram={}\n",
            self.pid,
            self.host,
            self.since
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            self.program
        )
    }

    fn parse(text: &str) -> Option<LockHolder> {
        let get = |k: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(k)?.strip_prefix('='))
                .map(str::to_string)
        };
        Some(LockHolder {
            pid: get("pid")?.parse().ok()?,
            host: get("host").unwrap_or_default(),
            since: chrono::DateTime::parse_from_rfc3339(&get("since")?)
                .ok()?
                .with_timezone(&chrono::Utc),
            program: get("program").unwrap_or_default(),
        })
    }
}

/// This machine's name, for "who holds the lock".
fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname NUL-terminates within it or
    // truncates, and we read only up to the first NUL.
    let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
    if !ok {
        return "?".into();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

/// An exclusive advisory lock on `.NAME.lock` beside an incident file, released on drop (and by
/// the kernel when the process dies, even by `kill -9`, so a killed writer never leaves a lock
/// that holds).
///
/// The lock is taken on the file's canonical path: a symlink and its target share one lock.
/// The holder writes who it is into the lock file (pid, host, since, program), so a writer that
/// waits can say who it waits for. The lock file is never removed: removing it while another
/// writer waits on it would let two writers hold "the" lock at once. It is small and hidden.
#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
}

impl FileLock {
    /// The lock file for an incident file: `.NAME.lock` beside the file it is (the target, for
    /// a symlink).
    pub fn path_for(incident: &Path) -> PathBuf {
        let incident = std::fs::canonicalize(incident).unwrap_or_else(|_| incident.to_path_buf());
        let name = incident
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "incident".into());
        incident.with_file_name(format!(".{name}.lock"))
    }

    /// Take the lock for `incident`, waiting up to `timeout` for other writers.
    pub fn acquire(incident: &Path, timeout: Duration) -> Result<FileLock, StoreError> {
        Self::acquire_with(incident, timeout, "retrace", &mut |_, _| {})
    }

    /// Who holds the lock of `incident` now, as the holder wrote it (`None`: unknown).
    pub fn holder(incident: &Path) -> Option<LockHolder> {
        let text = std::fs::read_to_string(Self::path_for(incident)).ok()?;
        LockHolder::parse(&text)
    }

    /// [`FileLock::acquire`], saying while it waits: `waiting` is called when the lock is found
    /// taken and then about every second, with the holder (as far as known) and the time waited.
    /// `program` is what this process tells waiters it is.
    pub fn acquire_with(
        incident: &Path,
        timeout: Duration,
        program: &str,
        waiting: &mut dyn FnMut(Option<&LockHolder>, Duration),
    ) -> Result<FileLock, StoreError> {
        let path = Self::path_for(incident);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .or_else(|e| match e.kind() {
                // A lock file made by another user may be read-only to us; a lock needs no more.
                std::io::ErrorKind::PermissionDenied if path.exists() => File::open(&path),
                _ => Err(e),
            })
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                    StoreError::ReadOnly {
                        path: incident.to_path_buf(),
                        why: format!(
                            "the folder is read-only: the lock file {} cannot be created",
                            path.display()
                        ),
                    }
                }
                _ => StoreError::io(&path, e),
            })?;
        let taken = |file: File| {
            let lock = FileLock {
                file,
                path: path.clone(),
            };
            lock.write_holder(program);
            lock
        };
        match file.try_lock() {
            Ok(()) => return Ok(taken(file)),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(StoreError::io(&path, e)),
        }
        // Contended: wait in the kernel (woken as soon as the holder releases, so a writer in a
        // tight loop cannot starve us the way polling could), on a helper thread so that the
        // wait can time out and report progress. The helper locks the same open file
        // description as `file`, so the lock it takes is ours. If we give up first, the
        // helper's late lock dies with the description when both handles are dropped.
        let waiter = file.try_clone().map_err(|e| StoreError::io(&path, e))?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("retrace-lock".into())
            .spawn(move || {
                let r = waiter.lock();
                let _ = tx.send(r);
            })
            .map_err(|e| StoreError::io(&path, e))?;
        let started = Instant::now();
        let read_holder = || {
            std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| LockHolder::parse(&t))
        };
        let mut holder = read_holder();
        waiting(holder.as_ref(), Duration::ZERO);
        loop {
            let waited = started.elapsed();
            let left = timeout.saturating_sub(waited);
            if left.is_zero() {
                return Err(StoreError::Locked {
                    path: incident.to_path_buf(),
                    secs: timeout.as_secs(),
                    holder,
                });
            }
            match rx.recv_timeout(left.min(Duration::from_secs(1))) {
                Ok(Ok(())) => return Ok(taken(file)),
                Ok(Err(e)) => return Err(StoreError::io(&path, e)),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    holder = read_holder().or(holder);
                    waiting(holder.as_ref(), started.elapsed());
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(StoreError::Invalid("the lock waiter stopped".into()));
                }
            }
        }
    }

    /// Say who holds the lock (best effort: a lock file we may only read stays as it is).
    fn write_holder(&self, program: &str) {
        use std::os::unix::fs::FileExt;
        let text = LockHolder::me(program).to_text();
        if self.file.set_len(0).is_ok() {
            let _ = self.file.write_at(text.as_bytes(), 0);
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
    fn second_lock_waits_then_times_out_naming_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let inc = dir.path().join("a.yaml");
        let held =
            FileLock::acquire_with(&inc, LOCK_TIMEOUT, "retrace test", &mut |_, _| {}).unwrap();
        assert_eq!(
            held.path(),
            std::fs::canonicalize(dir.path())
                .unwrap()
                .join(".a.yaml.lock")
        );
        let mut seen = Vec::new();
        let e = FileLock::acquire_with(&inc, Duration::from_millis(30), "x", &mut |h, _| {
            seen.push(h.cloned())
        })
        .unwrap_err();
        match &e {
            StoreError::Locked {
                holder: Some(h), ..
            } => {
                assert_eq!(h.pid, std::process::id());
                assert_eq!(h.program, "retrace test");
            }
            other => panic!("{other}"),
        }
        assert!(e.to_string().contains("(retrace test) on "), "{e}");
        assert!(seen[0].is_some());
        drop(held);
        // (The timed-out waiter may take the lock for an instant before it lets go.)
        FileLock::acquire(&inc, Duration::from_secs(5)).unwrap();
    }

    #[test]
    fn a_symlink_and_its_target_share_one_lock() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.yaml");
        std::fs::write(&real, "x").unwrap();
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(FileLock::path_for(&link), FileLock::path_for(&real));
        let _held = FileLock::acquire(&real, LOCK_TIMEOUT).unwrap();
        assert!(matches!(
            FileLock::acquire(&link, Duration::from_millis(20)),
            Err(StoreError::Locked { .. })
        ));
    }
}
