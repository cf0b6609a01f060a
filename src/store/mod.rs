//! The only writer of incident files.
//!
//! Everything that changes a file on disk goes through here, so that *nothing is lost*:
//!
//! - **Atomic saves** ([`atomic_write`]): a temporary file in the same folder, fsynced, renamed
//!   over the original, then the folder fsynced. A `kill -9` at any moment leaves the old file or
//!   the new one, never a torn one. Files are written as they are: through a symlink to its
//!   target, keeping permissions, owner and group; read-only files and folders are refused.
//! - **Format-preserving edits** ([`edit`]): a note, a milestone, a branch change splices in
//!   only the lines it concerns; comments, the schema line, key order, flow or block style,
//!   quoting and indentation elsewhere stay byte-identical. Times are always written quoted.
//!   A layout that cannot be edited in place is reported ([`StoreError::NotEditable`]) before
//!   anything is written, and rewritten only when the caller allows it.
//! - **Read-merge-write transactions** ([`Writer`]): every change takes an advisory exclusive
//!   lock on a lock file beside the incident (`.NAME.lock`; the data file itself is replaced by
//!   rename, so it cannot carry the lock), re-reads the file under the lock (parsing it again
//!   unless its bytes are exactly what this writer wrote last), applies the change to what is on
//!   disk *now*, writes atomically and releases the lock. Two responders' TUIs and
//!   `retrace note` from scripts can write the same file at once: no one's note replaces
//!   another's, and a note typed while someone else changed the file is saved on top of the new
//!   content.
//! - **Changes and undo** ([`Change`], [`Writer::undo`]): each change is a small value applied
//!   to the incident read under the lock; applying it yields its inverse, which the writer keeps
//!   so that the last change *this writer* made can be undone — again on top of whatever is on
//!   disk by then.
//! - **Events found by what they say** ([`EventKey`]): an event is identified for edit, delete
//!   and undo by its time, author and text, as read back from the file. No id is added to the
//!   format; an event someone else changed in the meantime is reported as gone rather than
//!   silently overwritten.
//! - **Watching** ([`watch::Watcher`]): "the file changed on disk" delivered to a channel or a
//!   callback within about 100 ms, so views can reload.
//! - **Stamps** ([`stamp`]): who wrote a note (`--author`, `RETRACE_AUTHOR`, git `user.name`,
//!   `$USER`) and when (`--at 10:42`, a full time, or now).
//!
//! # For a live view (the TUI's live mode)
//!
//! - Open one [`Writer`] per file for the session (it resolves the author once, and its undo
//!   list is "what I did"), and one [`watch::Watcher`] whose callback sends a reload action.
//! - On Enter in the note line: [`Writer::note`] with the typed text, `None` for the time (or
//!   [`stamp::resolve_time`] on what was typed as a time), and the active hypothesis as branch.
//!   On `Ok(saved)` clear the note line and show `saved.incident`, selecting `saved.event`; on
//!   `Err` keep the typed text and show the error — nothing was written, so nothing is lost.
//! - Milestone keys: [`Writer::set_milestone`] with [`stamp::now`]. `h`: [`Writer::open_branch`];
//!   `x` / `c`: [`Writer::close_branch`] with `Outcome::RuledOut` / `Outcome::Confirmed`.
//! - Edit / delete: [`EventKey::of`] the selected event, then [`Writer::edit_event`] or
//!   [`Writer::delete_event`]; [`StoreError::EventGone`] means someone changed it meanwhile
//!   (reload and let the responder look again). Undo: [`Writer::undo`], labelled by
//!   [`Writer::undo_label`].
//! - Every call blocks for one transaction (milliseconds; up to [`LOCK_TIMEOUT`] if another
//!   writer is stuck). A [`Writer`] is `Send`, so it can live on a worker thread if needed.
//! - The watcher also reports this writer's own saves; reloading then is harmless, or compare
//!   with the incident the save returned.

mod change;
pub mod edit;
mod lock;
pub mod stamp;
pub mod watch;
mod writer;

pub use change::{Change, EventKey};
pub use lock::{FileLock, LOCK_TIMEOUT, LockHolder};
pub use writer::{NewIncident, Saved, Writer, create_incident};

use std::path::PathBuf;

/// Why a store operation failed. Nothing was written when one of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file on disk does not parse: it is left alone rather than overwritten.
    #[error("{0}\n  (the file was left as it is: fix it, then try again)")]
    Unreadable(Box<crate::ingest::Diagnostic>),
    /// Only the native YAML format is written back.
    #[error("{}: not a native YAML incident file; `retrace import` it first", .0.display())]
    NotNative(PathBuf),
    /// Another writer held the lock for too long.
    #[error("{}: locked for over {secs} s by {}; nothing was written", path.display(), holder.as_ref().map_or("another writer".to_string(), |h| h.to_string()))]
    Locked {
        path: PathBuf,
        secs: u64,
        holder: Option<LockHolder>,
    },
    /// The event to edit or delete is no longer in the file as it was seen (someone else changed
    /// or deleted it).
    #[error("that event is no longer in the file as you saw it ({0}); reload and try again")]
    EventGone(String),
    #[error("branch `{0}` already exists")]
    BranchExists(String),
    #[error("no branch `{0}` in this incident")]
    NoBranch(String),
    #[error("nothing to undo")]
    NothingToUndo,
    /// A compare-and-set change found the value changed by someone else since.
    #[error("{0}; nothing was changed")]
    Conflict(String),
    /// The file's layout cannot be edited in place; writing would mean rewriting it whole.
    #[error(
        "{}: cannot be changed in place ({reason}); saving would rewrite the whole file in retrace's layout{}; nothing was written",
        path.display(),
        if *comments > 0 { format!(" and drop its {comments} comment line(s)") } else { String::new() }
    )]
    NotEditable {
        path: PathBuf,
        reason: String,
        /// Comment lines the rewrite would drop.
        comments: usize,
    },
    /// The file or its folder is not to be written (no write permission, or it belongs to
    /// someone else and a save would change its owner).
    #[error("{}: {why}; nothing was written", path.display())]
    ReadOnly { path: PathBuf, why: String },
    #[error("{0}")]
    Invalid(String),
}

impl StoreError {
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

use std::io::Write;
use std::path::Path;

/// Write `contents` to `path` so that a crash at any moment leaves the old file or the new one,
/// never a torn one: write a temporary file in the same folder, fsync it, rename it over the
/// original, fsync the folder.
///
/// A file that exists is written as it is: through a symlink to its target (the link stays a
/// link), with its permissions, owner and group kept. A read-only file (no write permission
/// bit), a read-only folder, or a file a save would take from its owner is refused with
/// [`std::io::ErrorKind::PermissionDenied`] and a message that says which.
pub fn atomic_write(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let target = match std::fs::canonicalize(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(e),
    };
    let meta = match std::fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Err(why) = check_writable(&target, meta.as_ref()) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            why,
        ));
    }
    replace_file(&target, contents, meta.as_ref())
}

/// Read a file whole, but never more than the reader takes ([`crate::ingest::max_file_bytes`]
/// and one byte, so an oversized file is still reported as such): a file that grows without
/// end (`/dev/zero` behind a link) cannot exhaust memory.
pub(crate) fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    std::fs::File::open(path)?
        .take(crate::ingest::max_file_bytes(path) + 1)
        .read_to_end(&mut out)?;
    Ok(out)
}

/// Whether a save may replace `target` (`meta`: its metadata, `None` when it does not exist
/// yet): its folder must be writable, and the file too, and a save must be able to keep its
/// owner. `Err` says why not, for people.
pub(crate) fn check_writable(
    target: &Path,
    meta: Option<&std::fs::Metadata>,
) -> Result<(), String> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = folder_of(target);
    if let Ok(d) = std::fs::metadata(dir)
        && (d.permissions().readonly() || !access_writable(dir))
    {
        return Err(format!(
            "the folder {} is read-only (mode {:04o}); retrace saves by writing a new file beside the old one and renaming it, so the folder must be writable",
            dir.display(),
            d.mode() & 0o7777
        ));
    }
    let Some(m) = meta else { return Ok(()) };
    if let Some(what) = crate::ingest::not_regular(m) {
        return Err(format!("{what}, not a regular file"));
    }
    if m.permissions().readonly() || !access_writable(target) {
        return Err(format!(
            "the file is read-only (mode {:04o}); `chmod u+w` it to let retrace write it",
            m.permissions().mode() & 0o7777
        ));
    }
    if m.nlink() > 1 {
        return Err(format!(
            "the file has {} hard links; a save replaces it with a new file, which would split them (use a symlink instead)",
            m.nlink()
        ));
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    let euid = unsafe { libc::geteuid() };
    if euid != 0 && m.uid() != euid {
        return Err(format!(
            "the file belongs to user {}; a save would make it yours (ask them, or work on a copy)",
            m.uid()
        ));
    }
    Ok(())
}

/// `access(path, W_OK)`: what the kernel would allow this process (root passes).
fn access_writable(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Replace `target` (a real file, not a link) by `contents` atomically, giving the new file the
/// old one's permissions, owner and group (`meta`).
pub(crate) fn replace_file(
    target: &Path,
    contents: &[u8],
    meta: Option<&std::fs::Metadata>,
) -> std::io::Result<()> {
    let (dir, tmp) = synced_temp(target, contents, meta)?;
    let result = std::fs::rename(&tmp, target);
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    sync_dir(dir);
    Ok(())
}

/// The folder of `path`, and a temporary file beside it holding `contents`, fsynced.
/// With `like`, the temporary file gets its permissions, owner and group before the fsync.
fn synced_temp<'a>(
    path: &'a Path,
    contents: &[u8],
    like: Option<&std::fs::Metadata>,
) -> std::io::Result<(&'a Path, std::path::PathBuf)> {
    let dir = folder_of(path);
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("incident");
    let tmp = temp_path(dir, name);
    let written = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(contents)?;
        if let Some(m) = like {
            use std::os::unix::fs::MetadataExt;
            let mine = f.metadata()?;
            if (mine.uid(), mine.gid()) != (m.uid(), m.gid()) {
                std::os::unix::fs::fchown(&f, Some(m.uid()), Some(m.gid())).map_err(|e| {
                    std::io::Error::new(
                        e.kind(),
                        format!("cannot keep the file's owner {}:{} ({e})", m.uid(), m.gid()),
                    )
                })?;
            }
            f.set_permissions(m.permissions())?;
        }
        f.sync_all()
    })();
    match written {
        Ok(()) => Ok((dir, tmp)),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Make a rename in `dir` durable. Directories cannot be fsynced on every platform; the rename
/// is atomic either way.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// `.NAME.PID.N.tmp` in `dir`: unique within this process and, by the pid, across processes.
fn temp_path(dir: &Path, name: &str) -> std::path::PathBuf {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// Whether `file_name` is one of the temporary files [`atomic_write`] makes for `target_name`.
pub(crate) fn is_temp_of(file_name: &str, target_name: &str) -> bool {
    file_name
        .strip_prefix('.')
        .and_then(|r| r.strip_prefix(target_name))
        .is_some_and(|r| r.starts_with('.') && r.ends_with(".tmp"))
}

/// Create `path` with `contents`, atomically, failing with [`std::io::ErrorKind::AlreadyExists`]
/// when it exists: the complete file appears at once (temporary file, fsync, hard link) and an
/// existing file is never replaced.
pub fn create_new_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let (dir, tmp) = synced_temp(path, contents, None)?;
    let result = (|| {
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(e),
            // Filesystems without hard links: create_new still never replaces a file.
            Err(_) => {
                let mut f = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(path)?;
                f.write_all(contents)?;
                f.sync_all()?;
            }
        }
        sync_dir(dir);
        Ok(())
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_contents_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        atomic_write(&p, b"one").unwrap();
        atomic_write(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn create_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        create_new_atomic(&p, b"one").unwrap();
        let e = create_new_atomic(&p, b"two").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn temp_names_are_recognised() {
        let dir = Path::new("/x");
        let t = temp_path(dir, "a.yaml");
        let name = t.file_name().unwrap().to_str().unwrap();
        assert!(is_temp_of(name, "a.yaml"), "{name}");
        assert!(!is_temp_of(name, "b.yaml"));
        assert!(!is_temp_of("a.yaml", "a.yaml"));
        assert!(!is_temp_of(".a.yaml.lock", "a.yaml"));
    }
}
