//! A persistent cache of parsed incidents, so a folder read before loads without parsing again.
//!
//! One pack file per set of folders loaded together (`retrace stats incidents/` and `retrace
//! incidents/` share one), in the platform's cache directory (`$XDG_CACHE_HOME/retrace`,
//! `~/Library/Caches/retrace`, `%LOCALAPPDATA%\retrace`) or `$RETRACE_CACHE_DIR`. The pack holds,
//! for each file, what loading it produced — the incident, its warnings, whether it looks like
//! an incident — keyed on the file's path (its folder canonical, its name as given), size and
//! modification time; the pack
//! itself is keyed on the fingerprint of the sources the binary was built from
//! ([`FINGERPRINT`]), so a pack written by another version, or after a change to the model or
//! an importer, is never read.
//!
//! Why one pack rather than a file per incident: the pack's index is read in one go and each
//! entry with one positioned read, where 10,000 files would cost an open and a read each (as
//! much as reading the incident files themselves) and 10,000 creates and renames to write.
//!
//! The cache is only ever a shortcut: a missing, truncated or corrupt pack or entry (each
//! entry carries a checksum) is a miss and the file is parsed; a cache folder that cannot be
//! written is ignored; deleting the folder is always safe. A load given up before its save
//! removes its temporary file; one killed leaves it, removed by a later load once an hour old. A file changed less than
//! [`SETTLE`] ago is not cached (its modification time may not yet tell a later write apart).
//! Only regular files are cached (a Slack export folder is read each time).
//!
//! On unix the folder is made readable by its owner only and packs are written 0600 (they hold
//! the text of incident files); a pack that is a symbolic link, is not the user's own or may be
//! written by others is not read, and temporary files are created afresh (never through a link).
//!
//! The folder is kept bounded: each load marks its pack used (its modification time) and
//! removes the cache's own files not used for [`MAX_AGE`], then the least recently used packs
//! beyond [`MAX_BYTES`] in all (never the pack of the load itself). Only names the cache writes
//! (`{16 hex digits}.pack` and their temporary files) that are regular files of the user's own
//! are removed; a link is never followed nor removed, and nothing else in the folder is touched.
//!
//! Turned off by `--no-cache` ([`set_enabled`]) or `RETRACE_NO_CACHE` in the environment.

#[cfg(test)]
mod fingerprint;
mod wire;

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{LoadError, Loaded, load_path};

/// The fingerprint of the sources this binary was built from (see `build.rs`): a pack written
/// under another is not read.
pub const FINGERPRINT: &str = env!("RETRACE_SOURCE_FINGERPRINT");

/// The first bytes of a pack; changed when the pack's layout changes.
const MAGIC: &[u8; 8] = b"RTRCPK01";

/// A file modified this recently is not cached yet.
pub const SETTLE: Duration = Duration::from_secs(2);

/// Folders holding less than this (in bytes of incident files) are not cached in the platform
/// cache directory: they parse in a few milliseconds, and each set of folders would leave a
/// pack behind. With `$RETRACE_CACHE_DIR` set, every load is cached.
pub const MIN_CORPUS_BYTES: u64 = 1024 * 1024;

/// A pack (or a temporary file) not used for this long is removed by the next load of any
/// folders: 30 days.
pub const MAX_AGE: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// The packs of the cache folder together keep to this many bytes (2 GiB); beyond it the least
/// recently used go first. The pack of the load itself always stays, however large.
pub const MAX_BYTES: u64 = 2 << 30;

/// A pack is marked used (its modification time set to now) when it was last marked longer
/// ago than this, so a warm load does not write the folder every time.
const TOUCH_AFTER: Duration = Duration::from_secs(60 * 60);

static ENABLED: AtomicBool = AtomicBool::new(true);

/// Loads started by this process (names their temporary files apart).
static LOADS: AtomicU64 = AtomicU64::new(0);

/// Turn the cache on or off for this process (`--no-cache`).
pub fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// Where the cache lives and when it writes.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The folder of the packs; `None`: no cache.
    pub dir: Option<PathBuf>,
    /// Write a pack only when the files loaded hold at least this many bytes (or a pack exists).
    pub min_bytes: u64,
}

impl Settings {
    /// From the process: off with `--no-cache` or `RETRACE_NO_CACHE`; else `$RETRACE_CACHE_DIR`
    /// (every load cached), else the platform cache directory's `retrace` folder (loads of
    /// [`MIN_CORPUS_BYTES`] or more).
    pub fn from_env() -> Settings {
        let off = Settings {
            dir: None,
            min_bytes: 0,
        };
        // The library's own tests never read or write the user's cache.
        if cfg!(test)
            || !ENABLED.load(Ordering::Relaxed)
            || std::env::var_os("RETRACE_NO_CACHE").is_some()
        {
            return off;
        }
        match std::env::var_os("RETRACE_CACHE_DIR") {
            Some(d) if !d.is_empty() => Settings {
                dir: Some(PathBuf::from(d)),
                min_bytes: 0,
            },
            _ => Settings {
                dir: dirs::cache_dir().map(|d| d.join("retrace")),
                min_bytes: MIN_CORPUS_BYTES,
            },
        }
    }
}

/// What identifies one version of a file: its size and modification time, and on unix its
/// device, inode and status-change time (a file rewritten to the same size with its
/// modification time put back, as `cp -p` does, still changes its status-change time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    size: u64,
    /// Seconds and nanoseconds since the Unix epoch (negative before it).
    mtime_s: i64,
    mtime_ns: u32,
    /// Device and inode numbers (0 where the platform has none).
    dev: u64,
    ino: u64,
    /// Status-change time (`st_ctime`), seconds and nanoseconds since the Unix epoch (0 where
    /// the platform has none).
    ctime_s: i64,
    ctime_ns: u32,
}

/// One entry of a pack's index: where its bytes are in the pack, and their checksum.
#[derive(Serialize, Deserialize)]
struct IndexEntry {
    path: String,
    stamp: Stamp,
    start: u64,
    len: u64,
    sum: u64,
}

/// Where an entry's bytes are.
enum Blob {
    /// In the pack read at open.
    Old { start: u64, len: u64, sum: u64 },
    /// Parsed in this load and still in memory (the new pack is not started yet).
    New(Vec<u8>),
    /// Parsed in this load and written to the new pack already.
    Written { start: u64, len: u64, sum: u64 },
}

#[derive(Default)]
struct Kept {
    entries: Vec<(String, Stamp, Blob)>,
    /// Entries parsed anew (misses).
    new: usize,
    /// The new pack (a temporary file) once started, and its length so far. It is started as
    /// soon as the load is known to be cached, so new entries are not all held in memory.
    out: Option<(File, u64)>,
    /// The new pack could not be started or written: nothing more is kept.
    failed: bool,
}

/// The cache for one load of a set of paths: [`Cache::load`] in the load workers, then
/// [`Cache::save`].
pub struct Cache {
    settings: Settings,
    pack_path: PathBuf,
    tmp_path: PathBuf,
    pack: Option<File>,
    index: HashMap<String, (Stamp, u64, u64, u64)>,
    kept: Mutex<Kept>,
    bytes: AtomicU64,
    /// The canonical paths of the folders seen in this load.
    folders: Folders,
    hits: AtomicU64,
    parsed: AtomicU64,
    /// [`Cache::save`] ran: the temporary file is renamed or removed already.
    saved: bool,
}

impl Drop for Cache {
    /// A load given up before [`Cache::save`] (the TUI quit mid-load) leaves no partial pack.
    fn drop(&mut self) {
        if self.saved || self.settings.dir.is_none() {
            return;
        }
        let kept = self.kept.get_mut().unwrap_or_else(|e| e.into_inner());
        if kept.out.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp_path);
        }
    }
}

/// How a load used the cache.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Files read from the cache.
    pub hits: u64,
    /// Files parsed (cached when they could be: not one changed just now, not a folder).
    pub parsed: u64,
    /// Whether a pack was written.
    pub written: bool,
}

impl Cache {
    /// The cache for loading `paths` (files and folders, as given), from [`Settings::from_env`].
    pub fn open(paths: &[PathBuf]) -> Cache {
        Cache::open_with(paths, Settings::from_env())
    }

    /// A cache that reads and writes nothing: every file is parsed.
    pub fn disabled() -> Cache {
        Cache::open_with(
            &[],
            Settings {
                dir: None,
                min_bytes: 0,
            },
        )
    }

    /// The cache for loading `paths` with these settings. Never fails: a pack that cannot be
    /// read is an empty cache.
    pub fn open_with(paths: &[PathBuf], settings: Settings) -> Cache {
        let name = pack_name(paths);
        let (pack_path, tmp_path) = match &settings.dir {
            Some(d) => (
                d.join(&name),
                // Unique to this load: the process and a count of its loads.
                d.join(format!(
                    ".{name}.{}.{}.tmp",
                    std::process::id(),
                    LOADS.fetch_add(1, Ordering::Relaxed)
                )),
            ),
            None => Default::default(),
        };
        let mut cache = Cache {
            settings,
            pack_path,
            tmp_path,
            pack: None,
            index: HashMap::new(),
            kept: Mutex::new(Kept::default()),
            bytes: AtomicU64::new(0),
            folders: Folders::default(),
            hits: AtomicU64::new(0),
            parsed: AtomicU64::new(0),
            saved: false,
        };
        if let Some(dir) = &cache.settings.dir {
            remove_stale_temporaries(dir, &name);
        }
        if cache.settings.dir.is_some()
            && let Some(mut f) = open_pack(&cache.pack_path)
            && let Some(index) = read_index(&mut f)
        {
            mark_used(&f);
            cache.index = index;
            cache.pack = Some(f);
        }
        if let Some(dir) = &cache.settings.dir {
            evict(dir, &name, SystemTime::now(), MAX_AGE, MAX_BYTES);
        }
        cache
    }

    /// Load one file: from the cache when its entry matches the file's size and modification
    /// time and reads back whole, else parsed ([`load_path`]) and kept for [`Cache::save`].
    /// The result is the same either way.
    pub fn load(&self, path: &Path) -> Result<Loaded, LoadError> {
        if self.settings.dir.is_none() {
            return load_path(path).map(shared);
        }
        let Some((key, stamp)) = key_of(path, &self.folders) else {
            return load_path(path).map(shared);
        };
        self.bytes.fetch_add(stamp.size, Ordering::Relaxed);
        if let Some(&(s, start, len, sum)) = self.index.get(&key)
            && s == stamp
            && let Some(loaded) = self.read_entry(start, len, sum, path)
        {
            self.hits.fetch_add(1, Ordering::Relaxed);
            self.keep(key, stamp, Blob::Old { start, len, sum }, false);
            return Ok(loaded);
        }
        self.parsed.fetch_add(1, Ordering::Relaxed);
        let result = load_path(path);
        if let Ok(loaded) = &result
            && settled(&stamp)
            && loaded.format != super::Format::Slack
            && let Some(bytes) = wire::encode(loaded)
        {
            self.keep(key, stamp, Blob::New(bytes), true);
        }
        result.map(shared)
    }

    /// Load one file from the pack read at open when its entry matches, else parse it
    /// ([`load_path`]); nothing is kept for [`Cache::save`]. For a file read again on its own,
    /// such as an incident of a loaded folder opened in the TUI: drop the cache after, never
    /// save it (a save writes the pack with the files loaded, leaving out the folder's others).
    /// The result is the same either way.
    pub fn peek(&self, path: &Path) -> Result<Loaded, LoadError> {
        if self.settings.dir.is_some()
            && let Some((key, stamp)) = key_of(path, &self.folders)
            && let Some(&(s, start, len, sum)) = self.index.get(&key)
            && s == stamp
            && let Some(loaded) = self.read_entry(start, len, sum, path)
        {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(loaded);
        }
        self.parsed.fetch_add(1, Ordering::Relaxed);
        load_path(path).map(shared)
    }

    fn keep(&self, key: String, stamp: Stamp, blob: Blob, new: bool) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.failed {
            return;
        }
        kept.entries.push((key, stamp, blob));
        kept.new += usize::from(new);
        let cached =
            self.pack.is_some() || self.bytes.load(Ordering::Relaxed) >= self.settings.min_bytes;
        if new && kept.out.is_none() && cached {
            match self.start_pack() {
                Ok(f) => kept.out = Some((f, MAGIC.len() as u64)),
                Err(_) => kept.failed = true,
            }
        }
        if new && kept.out.is_some() && write_new(&mut kept).is_err() {
            kept.failed = true;
            kept.out = None;
        }
    }

    /// The temporary file of the new pack, its first bytes written.
    fn start_pack(&self) -> std::io::Result<File> {
        if let Some(dir) = &self.settings.dir {
            create_cache_dir(dir)?;
        }
        let mut f = create_private(&self.tmp_path)?;
        f.write_all(MAGIC)?;
        Ok(f)
    }

    fn read_entry(&self, start: u64, len: u64, sum: u64, path: &Path) -> Option<Loaded> {
        let bytes = read_at(self.pack.as_ref()?, start, len)?;
        if checksum(&bytes) != sum {
            return None;
        }
        wire::decode(&bytes, path)
    }

    /// Write the pack when something changed (files parsed anew, files gone), atomically (a
    /// temporary file renamed over the old pack). Errors are returned for the curious and
    /// otherwise ignored by callers: the load has its result already.
    pub fn save(mut self) -> std::io::Result<CacheStats> {
        // Whatever happens below, the temporary file is dealt with here (renamed or removed).
        self.saved = true;
        let settings = &self.settings;
        let (pack_path, tmp_path) = (&self.pack_path, &self.tmp_path);
        let pack = self.pack.take();
        let index = std::mem::take(&mut self.index);
        let mut kept = std::mem::take(self.kept.get_mut().unwrap_or_else(|e| e.into_inner()));
        let bytes = self.bytes.load(Ordering::Relaxed);
        let mut stats = CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            parsed: self.parsed.load(Ordering::Relaxed),
            written: false,
        };
        if settings.dir.is_none() {
            return Ok(stats);
        }
        let still: HashSet<&str> = kept.entries.iter().map(|(k, _, _)| k.as_str()).collect();
        let gone = index.keys().any(|k| !still.contains(k.as_str()));
        let wanted = (kept.new > 0 || gone) && (pack.is_some() || bytes >= settings.min_bytes);
        if kept.failed || !wanted {
            if kept.out.take().is_some() || kept.failed {
                let _ = std::fs::remove_file(tmp_path);
            }
            return if kept.failed {
                Err(std::io::Error::other("the cache could not be written"))
            } else {
                Ok(stats)
            };
        }
        let finished = finish_pack(&mut kept, tmp_path, pack.as_ref());
        drop(pack);
        match finished.and_then(|()| std::fs::rename(tmp_path, pack_path)) {
            Ok(()) => {
                stats.written = true;
                Ok(stats)
            }
            Err(e) => {
                let _ = std::fs::remove_file(tmp_path);
                Err(e)
            }
        }
    }
}

/// A temporary file older than this was left by a load that never finished (killed, or
/// interrupted before it could clean up): it is removed.
const STALE: Duration = Duration::from_secs(60 * 60);

/// Remove the temporary files of pack `name` in `dir` (`.{name}.{pid}.{n}.tmp`) last changed
/// more than [`STALE`] ago. A load still running writes to its file as it parses.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    let now = SystemTime::now();
    for e in entries.flatten() {
        let file_name = e.file_name();
        let Some(n) = file_name.to_str() else {
            continue;
        };
        if !(n.starts_with(&prefix) && n.ends_with(".tmp")) {
            continue;
        }
        let old = changed_ago(e.metadata(), now).is_some_and(|age| age > STALE);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// How long before `now` a file was last modified (`None`: unknown, or in the future).
fn changed_ago(meta: std::io::Result<std::fs::Metadata>, now: SystemTime) -> Option<Duration> {
    now.duration_since(meta.ok()?.modified().ok()?).ok()
}

/// Set the pack's modification time to now when it is older than [`TOUCH_AFTER`]: it was just
/// used, so [`evict`] keeps it. Failing (a platform that wants a writable handle) only means the
/// pack ages from its last write.
fn mark_used(pack: &File) {
    let now = SystemTime::now();
    if changed_ago(pack.metadata(), now).is_none_or(|age| age > TOUCH_AFTER) {
        let _ = pack.set_modified(now);
    }
}

/// The pack a file of the cache folder belongs to, when its name is one the cache writes: a
/// pack (`0123456789abcdef.pack`) or one of its temporary files
/// (`.0123456789abcdef.pack.{pid}.{n}.tmp`).
fn pack_of_file_name(n: &str) -> Option<&str> {
    let is_pack = |p: &str| {
        p.len() == 21
            && p.ends_with(".pack")
            && p[..16]
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    };
    if is_pack(n) {
        return Some(n);
    }
    let rest = n.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (pack, numbers) = rest.split_at_checked(21)?;
    let numbers = numbers.strip_prefix('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (pid, n) = numbers.split_once('.')?;
    (is_pack(pack) && digits(pid) && digits(n)).then_some(pack)
}

/// Keep the cache folder `dir` bounded: remove the cache's own files (see
/// [`pack_of_file_name`]) last changed more than `max_age` before `now`, then, newest first,
/// the packs beyond `max_bytes` in all. The pack named `keep` (the load's own) and its
/// temporary files are never removed here and count first. Only regular files owned by the
/// user are looked at; links are not followed. Errors are ignored: the next load tries again.
fn evict(dir: &Path, keep: &str, now: SystemTime, max_age: Duration, max_bytes: u64) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut total = 0u64;
    let mut packs = Vec::new();
    for e in entries.flatten() {
        let file_name = e.file_name();
        let Some(n) = file_name.to_str() else {
            continue;
        };
        let Some(pack) = pack_of_file_name(n) else {
            continue;
        };
        let path = e.path();
        // Not followed: a link named like a pack is neither looked through nor removed.
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.file_type().is_file() || !owned_by_me(&meta) {
            continue;
        }
        if pack == keep {
            total = total.saturating_add(meta.len());
            continue;
        }
        let Ok(modified) = meta.modified() else {
            continue;
        };
        if now.duration_since(modified).is_ok_and(|age| age > max_age) {
            let _ = std::fs::remove_file(&path);
        } else if pack == n {
            packs.push((modified, meta.len(), path));
        }
    }
    packs.sort_by_key(|p| std::cmp::Reverse(p.0));
    for (_, len, path) in packs {
        total = total.saturating_add(len);
        if total > max_bytes {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// The file is the current user's (on unix; elsewhere every file in the cache folder is).
fn owned_by_me(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        meta.uid() == unsafe { libc::geteuid() }
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
}

/// Create the cache folder (and its parents), readable by its owner only on unix: the packs
/// hold the text of incident files that may not be readable by others.
fn create_cache_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Create a new file at `path`, readable and writable by its owner only (on unix). Fails when
/// anything is at `path` already, a symbolic link included (`O_EXCL`), so a link planted at a
/// temporary file's name cannot make the cache write over another file.
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// The pack at `path` opened for reading, if it is one the cache may trust: on unix a regular
/// file (not a symbolic link, which is not followed), owned by the current user and not
/// writable by group or others. Anything else is a miss.
fn open_pack(path: &Path) -> Option<File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: a FIFO at the pack's name does not block the open (it is refused below).
        o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let f = o.open(path).ok()?;
    let meta = f.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me || meta.mode() & 0o022 != 0 {
            return None;
        }
    }
    Some(f)
}

/// Write the entries still in memory to the new pack.
fn write_new(kept: &mut Kept) -> std::io::Result<()> {
    let Kept { entries, out, .. } = kept;
    let Some((f, at)) = out else {
        return Ok(());
    };
    // Only the last entries can be in memory: once the pack is started, each is written as it
    // comes.
    for (_, _, blob) in entries.iter_mut().rev() {
        let Blob::New(bytes) = blob else {
            if matches!(blob, Blob::Written { .. }) {
                break;
            }
            continue;
        };
        f.write_all(bytes)?;
        let len = bytes.len() as u64;
        *blob = Blob::Written {
            start: *at,
            len,
            sum: checksum(bytes),
        };
        *at += len;
    }
    Ok(())
}

/// Complete the new pack: the entries not written yet (new ones still in memory, old ones
/// copied from the pack read at open, left out when they cannot be read back), then the index.
fn finish_pack(kept: &mut Kept, tmp: &Path, old: Option<&File>) -> std::io::Result<()> {
    if kept.out.is_none() {
        let mut f = create_private(tmp)?;
        f.write_all(MAGIC)?;
        kept.out = Some((f, MAGIC.len() as u64));
    }
    write_new(kept)?;
    let Some((f, mut at)) = kept.out.take() else {
        return Err(std::io::Error::other("the new pack was not started"));
    };
    let mut f = std::io::BufWriter::new(f);
    kept.entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut index = Vec::with_capacity(kept.entries.len());
    for (path, stamp, blob) in &kept.entries {
        let (start, len, sum) = match blob {
            Blob::Written { start, len, sum } => (*start, *len, *sum),
            Blob::Old { start, len, sum } => {
                let Some(bytes) = old.and_then(|o| read_at(o, *start, *len)) else {
                    continue;
                };
                f.write_all(&bytes)?;
                at += *len;
                (at - *len, *len, *sum)
            }
            Blob::New(bytes) => {
                f.write_all(bytes)?;
                at += bytes.len() as u64;
                (at - bytes.len() as u64, bytes.len() as u64, checksum(bytes))
            }
        };
        index.push(IndexEntry {
            path: path.clone(),
            stamp: *stamp,
            start,
            len,
            sum,
        });
    }
    let mut tail = postcard::to_stdvec(&FINGERPRINT).map_err(std::io::Error::other)?;
    tail.extend(postcard::to_stdvec(&index).map_err(std::io::Error::other)?);
    f.write_all(&tail)?;
    f.write_all(&(tail.len() as u64).to_le_bytes())?;
    f.write_all(MAGIC)?;
    f.into_inner().map_err(|e| e.into_error())?.sync_all()
}

/// The pack's file name for a set of paths: a hash of their canonical forms, sorted.
fn pack_name(paths: &[PathBuf]) -> String {
    let mut roots: Vec<String> = paths
        .iter()
        .map(|p| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    roots.sort();
    roots.dedup();
    let mut h = std::hash::DefaultHasher::new();
    for r in &roots {
        h.write(r.as_bytes());
        h.write_u8(0);
    }
    format!("{:016x}.pack", h.finish())
}

/// The canonical path of each folder a load's files are in, found once per folder rather than
/// once per file (`canonicalize` asks the system about every component of the path: 7% of the
/// CPU of a warm load of 10,000 files in 12 folders).
#[derive(Default)]
struct Folders(Mutex<HashMap<PathBuf, Option<PathBuf>>>);

impl Folders {
    fn canonical(&self, folder: &Path) -> Option<PathBuf> {
        let mut known = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = known.get(folder) {
            return c.clone();
        }
        let c = std::fs::canonicalize(folder).ok();
        known.insert(folder.to_path_buf(), c.clone());
        c
    }
}

/// The cache key of a regular file (its folder's canonical path and its name as given, as text)
/// and its stamp; `None` for
/// anything else (a folder, a device, a path that is not UTF-8).
fn key_of(path: &Path, folders: &Folders) -> Option<(String, Stamp)> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let (mtime_s, mtime_ns) = match meta.modified().ok()?.duration_since(UNIX_EPOCH) {
        Ok(d) => (i64::try_from(d.as_secs()).ok()?, d.subsec_nanos()),
        Err(e) => {
            let d = e.duration();
            (-i64::try_from(d.as_secs()).ok()?, d.subsec_nanos())
        }
    };
    // The folder canonical, the name as given: what a file loads to depends on its name (the
    // title falls back to the file's stem, the format comes from its extension), so a symbolic
    // link is cached under its own name. The stamp is the target's.
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let key = folders
        .canonical(parent)?
        .join(path.file_name()?)
        .to_str()?
        .to_string();
    #[cfg(unix)]
    let (dev, ino, ctime_s, ctime_ns) = {
        use std::os::unix::fs::MetadataExt;
        let ctime_ns = u32::try_from(meta.ctime_nsec()).unwrap_or(0);
        (meta.dev(), meta.ino(), meta.ctime(), ctime_ns)
    };
    #[cfg(not(unix))]
    let (dev, ino, ctime_s, ctime_ns) = (0, 0, 0, 0);
    Some((
        key,
        Stamp {
            size: meta.len(),
            mtime_s,
            mtime_ns,
            dev,
            ino,
            ctime_s,
            ctime_ns,
        },
    ))
}

/// The file was last changed at least [`SETTLE`] ago.
fn settled(stamp: &Stamp) -> bool {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    stamp.mtime_s + (SETTLE.as_secs() as i64) <= now
}

/// A check of an entry's bytes against corruption (a pack is the user's own file, so not
/// against forgery): one step per 8 bytes, each a bijection of the state for a given word, so
/// any one changed word changes the result; the length is mixed in first. SipHash took 9% of
/// a warm load of one million-event incident (1.5 GB/s); this runs at several GB/s.
fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = K ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        h = (h ^ w).wrapping_mul(K).rotate_left(29);
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    h = (h ^ u64::from_le_bytes(last))
        .wrapping_mul(K)
        .rotate_left(29);
    h ^ (h >> 32)
}

/// Pack layout: MAGIC, the entries' bytes, the index (postcard: the fingerprint, then each
/// entry's path, stamp, place and checksum), the index's length (u64, little endian), MAGIC.
/// The index comes last so that new entries can be written as they are parsed.
fn read_index(f: &mut File) -> Option<HashMap<String, (Stamp, u64, u64, u64)>> {
    let file_len = f.metadata().ok()?.len();
    let head = MAGIC.len() as u64;
    let foot = read_at(f, file_len.checked_sub(8 + head)?, 8 + head)?;
    if read_at(f, 0, head)? != MAGIC || &foot[8..] != MAGIC {
        return None;
    }
    let index_len = u64::from_le_bytes(foot[..8].try_into().ok()?);
    let index_start = file_len
        .checked_sub(8 + head)?
        .checked_sub(index_len)
        .filter(|s| *s >= head)?;
    let index = read_at(f, index_start, index_len)?;
    let (fingerprint, rest): (&str, &[u8]) = postcard::take_from_bytes(&index).ok()?;
    if fingerprint != FINGERPRINT {
        return None;
    }
    let entries: Vec<IndexEntry> = postcard::from_bytes(rest).ok()?;
    let mut map = HashMap::with_capacity(entries.len());
    for e in entries {
        // An entry that does not lie between the first bytes and the index is left out.
        if e.start >= head && e.start.checked_add(e.len)? <= index_start {
            map.insert(e.path, (e.stamp, e.start, e.len, e.sum));
        }
    }
    Some(map)
}

/// `len` bytes at `start` of `f`, without moving a shared cursor (the load workers read at once).
fn read_at(f: &File, start: u64, len: u64) -> Option<Vec<u8>> {
    let mut buf = vec![0u8; usize::try_from(len).ok()?];
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        f.read_exact_at(&mut buf, start).ok()?;
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::FileExt;
        let mut done = 0;
        while done < buf.len() {
            let n = f.seek_read(&mut buf[done..], start + done as u64).ok()?;
            if n == 0 {
                return None;
            }
            done += n;
        }
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (f, start);
        return None;
    }
    Some(buf)
}

/// A parsed incident with its timeline's texts in one block ([`Incident::share_text`]): a
/// loaded corpus then holds one heap block of text per incident rather than one per event
/// (the cache's decoder builds that block itself).
///
/// [`Incident::share_text`]: crate::model::Incident::share_text
fn shared(mut loaded: Loaded) -> Loaded {
    loaded.incident.share_text();
    loaded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Format;

    const SHIPPING: &str = "\
id: 2031-02-03-label-printer-queue
title: Shipping labels stuck in the print queue
severity: SEV3
date: 2031-02-03
timezone: \"+01:00\"
started: \"08:05\"
mood: grumpy
timeline:
  - at: \"08:10\"
    kind: detection
    text: Warehouse leads report that no labels have printed since eight
    author: Noor
    links: [https://example.invalid/queue]
    key: true
  - at: \"08:20\"
    kind: hypothesis
    branch: spool
    text: Maybe the spool disk on the print server is full
  - at: \"08:35\"
    kind: action
    branch: spool
    text: Spool disk has plenty of room; not it
  - at: \"08:50\"
    kind: mitigation
    text: Restarted the label service; the backlog drains
branches:
  - id: spool
    hypothesis: The spool disk is full
    outcome: ruled-out
";

    const FREEZER: &str = "\
# Freezer alarms silent overnight

## Timeline

- 01:10 Freezer three passes minus ten degrees and keeps warming
- 02:40 Night guard notices the alarm panel is dark and calls the on-call engineer
- 03:05 We thought the panel's fuse had blown, but it was fine
- 03:30 Found the alarm relay unplugged after last week's move; plugged it back in
- 04:00 Temperatures back to normal; resolved
";

    /// A folder of two incidents last changed a minute ago, and the cache settings for `dir`.
    fn corpus(root: &Path) -> (PathBuf, Settings) {
        let folder = root.join("incidents");
        std::fs::create_dir_all(&folder).unwrap();
        for (name, text) in [("shipping.yaml", SHIPPING), ("freezer.md", FREEZER)] {
            let p = folder.join(name);
            std::fs::write(&p, text).unwrap();
            age(&p);
        }
        let settings = Settings {
            dir: Some(root.join("cache")),
            min_bytes: 0,
        };
        (folder, settings)
    }

    fn age(p: &Path) {
        set_mtime(p, SystemTime::now() - Duration::from_secs(60));
    }

    fn set_mtime(p: &Path, t: SystemTime) {
        File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }

    /// Every file of `folder` through a cache with `settings`: the loaded files by name, and
    /// how the cache was used.
    fn load(folder: &Path, settings: &Settings) -> (Vec<Loaded>, CacheStats) {
        let paths = vec![folder.to_path_buf()];
        let cache = Cache::open_with(&paths, settings.clone());
        let (files, _) = crate::ingest::corpus::collect_files(&paths);
        let loaded = files.iter().map(|f| cache.load(f).unwrap()).collect();
        (loaded, cache.save().unwrap())
    }

    fn same(a: &[Loaded], b: &[Loaded]) {
        assert_eq!(a.len(), b.len());
        for (a, b) in a.iter().zip(b) {
            assert_eq!(a.path, b.path);
            assert_eq!(a.format, b.format);
            assert_eq!(a.incident, b.incident);
            assert_eq!(a.diagnostics, b.diagnostics);
            assert_eq!(a.looks_like_incident, b.looks_like_incident);
        }
    }

    #[test]
    fn the_fingerprint_is_that_of_the_sources_built() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let now = fingerprint::source_fingerprint(root, env!("CARGO_PKG_VERSION"));
        assert_eq!(now, FINGERPRINT);
        // Another version of the crate is another fingerprint.
        assert_ne!(
            fingerprint::source_fingerprint(root, "0.0.0-other"),
            FINGERPRINT
        );
    }

    #[test]
    fn the_manifest_is_part_of_the_fingerprint() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir(root.join("src")).unwrap();
        std::fs::write(root.join("src/lib.rs"), "pub fn f() {}\n").unwrap();
        std::fs::write(root.join("Cargo.lock"), "# lock\n").unwrap();
        std::fs::write(root.join("Cargo.toml"), "[features]\nfast = []\n").unwrap();
        let before = fingerprint::source_fingerprint(root, "1.0.0");
        std::fs::write(root.join("Cargo.toml"), "[features]\nslow = []\n").unwrap();
        assert_ne!(fingerprint::source_fingerprint(root, "1.0.0"), before);
    }

    #[test]
    fn every_field_comes_back_from_the_cache() {
        let path = Path::new("incidents/shipping.yaml");
        let mut l = crate::ingest::load_str(path, SHIPPING).unwrap();
        // Fields the fixture does not fill.
        let i = &mut l.incident;
        i.undated = true;
        i.summary = Some("summary".into());
        i.impact = Some("impact".into());
        i.root_cause = Some("cause".into());
        i.resolution = Some("fix".into());
        i.services = vec!["labels".into(), "print".into()];
        i.status = Some(crate::model::Status::Mitigated);
        i.lessons.went_well = vec!["well".into()];
        i.lessons.went_wrong = vec!["wrong".into()];
        i.lessons.lucky = vec!["lucky".into()];
        i.actions.push(crate::model::ActionItem {
            text: "Alarm on an empty print queue".into(),
            kind: crate::model::ActionKind::Mitigate,
            owner: Some("Noor".into()),
            ticket: Some("OPS-7".into()),
            status: crate::model::ActionStatus::InProgress,
            due: chrono::NaiveDate::from_ymd_opt(2031, 3, 1),
        });
        let at = i.timeline[0].at;
        for k in MilestoneKind::ALL {
            i.milestones.set(k, Some(at));
        }
        let why = Inference::new(RuleId::ALL[RuleId::ALL.len() - 1], "the words");
        i.milestones
            .inferred
            .push((MilestoneKind::Resolved, why.clone()));
        i.branches[0].inferred = Some(why.clone());
        let e = &mut i.timeline[1];
        e.inferred = Some(why);
        e.source = Some("slack:C1/2".into());
        e.approximate = true;
        l.format = Format::IncidentIo;
        l.looks_like_incident = false;
        assert!(l.diagnostics.iter().any(|d| d.message.contains("mood")));
        let back = wire::decode(&wire::encode(&l).unwrap(), path).unwrap();
        same(&[l], &[back]);
    }

    use crate::model::{Inference, MilestoneKind, RuleId};

    #[test]
    fn a_second_load_reads_the_cache_and_gives_the_same() {
        let tmp = tempfile::tempdir().unwrap();
        let (folder, settings) = corpus(tmp.path());
        let (cold, first) = load(&folder, &settings);
        assert_eq!((first.hits, first.parsed, first.written), (0, 2, true));
        let (warm, second) = load(&folder, &settings);
        assert_eq!((second.hits, second.parsed, second.written), (2, 0, false));
        same(&cold, &warm);
        // The warnings (an unknown key) and the importer's inferences come back too.
        assert!(
            warm[1]
                .diagnostics
                .iter()
                .any(|d| d.message.contains("mood"))
        );
        assert!(
            warm[0]
                .incident
                .timeline
                .iter()
                .any(|e| e.inferred.is_some())
        );
    }

    #[test]
    fn a_file_read_again_on_its_own_comes_from_the_pack_and_leaves_it_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let (folder, settings) = corpus(tmp.path());
        let (cold, _) = load(&folder, &settings);
        let paths = vec![folder.clone()];
        let cache = Cache::open_with(&paths, settings.clone());
        let again = cache.peek(&cold[0].path).unwrap();
        same(&cold[..1], &[again]);
        // Dropped, not saved: the pack is left as it was, and the next load finds both files.
        drop(cache);
        let (_, stats) = load(&folder, &settings);
        assert_eq!((stats.hits, stats.parsed), (2, 0));
        // A file changed since is parsed, not taken from the pack.
        let shipping = folder.join("shipping.yaml");
        std::fs::write(&shipping, SHIPPING.replace("grumpy", "calm")).unwrap();
        age(&shipping);
        let cache = Cache::open_with(&paths, settings.clone());
        let fresh = cache.peek(&shipping).unwrap();
        assert!(fresh.diagnostics.iter().any(|d| d.message.contains("mood")));
        assert_eq!(cache.hits.load(Ordering::Relaxed), 0);
        assert_eq!(cache.parsed.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn a_changed_file_is_parsed_again_and_a_removed_one_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let (folder, settings) = corpus(tmp.path());
        load(&folder, &settings);
        let p = folder.join("shipping.yaml");
        std::fs::write(&p, SHIPPING.replace("Shipping labels", "Parcel labels")).unwrap();
        age(&p);
        let (l, stats) = load(&folder, &settings);
        assert_eq!((stats.hits, stats.parsed, stats.written), (1, 1, true));
        assert_eq!(
            l[1].incident.title,
            "Parcel labels stuck in the print queue"
        );
        std::fs::remove_file(folder.join("freezer.md")).unwrap();
        let (l, stats) = load(&folder, &settings);
        assert_eq!((l.len(), stats.hits, stats.written), (1, 1, true));
        let (_, stats) = load(&folder, &settings);
        assert_eq!((stats.hits, stats.parsed, stats.written), (1, 0, false));
    }

    #[test]
    fn a_file_changed_just_now_is_not_cached_yet() {
        let tmp = tempfile::tempdir().unwrap();
        let (folder, settings) = corpus(tmp.path());
        std::fs::write(folder.join("shipping.yaml"), SHIPPING).unwrap();
        let (_, stats) = load(&folder, &settings);
        assert_eq!((stats.parsed, stats.written), (2, true));
        let (_, stats) = load(&folder, &settings);
        assert_eq!((stats.hits, stats.parsed, stats.written), (1, 1, false));
    }

    fn pack_of(settings: &Settings) -> PathBuf {
        let dir = settings.dir.as_ref().unwrap();
        let packs: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        assert_eq!(packs.len(), 1, "{packs:?}");
        packs[0].clone()
    }

    /// Damage the pack with `harm`, then load twice: the first load parses what it cannot
    /// read and gives what a load without cache gives; the second reads it all again.
    fn survives(harm: impl Fn(&mut Vec<u8>)) -> CacheStats {
        let tmp = tempfile::tempdir().unwrap();
        let (folder, settings) = corpus(tmp.path());
        let (cold, _) = load(&folder, &settings);
        let pack = pack_of(&settings);
        let mut bytes = std::fs::read(&pack).unwrap();
        harm(&mut bytes);
        std::fs::write(&pack, bytes).unwrap();
        let (after, stats) = load(&folder, &settings);
        same(&cold, &after);
        // The pack written again, and no temporary file left beside it.
        pack_of(&settings);
        let (_, again) = load(&folder, &settings);
        assert_eq!((again.hits, again.parsed), (2, 0));
        stats
    }

    #[test]
    fn a_pack_from_other_sources_is_not_read() {
        let stats = survives(|b| {
            let at = b
                .windows(FINGERPRINT.len())
                .position(|w| w == FINGERPRINT.as_bytes())
                .unwrap();
            b[at] = if b[at] == b'0' { b'1' } else { b'0' };
        });
        assert_eq!((stats.hits, stats.parsed, stats.written), (0, 2, true));
    }

    #[test]
    fn a_truncated_pack_is_not_read() {
        for cut in [1, 10, 200] {
            let stats = survives(|b| b.truncate(b.len() - cut));
            assert_eq!((stats.hits, stats.parsed, stats.written), (0, 2, true));
        }
        let stats = survives(|b| b.truncate(20));
        assert_eq!((stats.hits, stats.parsed), (0, 2));
        let stats = survives(Vec::clear);
        assert_eq!((stats.hits, stats.parsed), (0, 2));
    }

    #[test]
    fn a_corrupt_entry_is_parsed_again() {
        // A byte of the first entry (the Markdown file's, loaded first) changed.
        let stats = survives(|b| b[MAGIC.len() + 10] ^= 0x20);
        assert_eq!((stats.hits, stats.parsed), (1, 1));
        let stats = survives(|b| b[3] = b'X');
        assert_eq!((stats.hits, stats.parsed), (0, 2));
    }

    #[test]
    fn a_cache_that_cannot_be_written_changes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let (folder, mut settings) = corpus(tmp.path());
        // A file where the cache folder should be: nothing can be created in it (root ignores
        // permission bits, so a read-only folder would not do).
        let blocked = tmp.path().join("blocked");
        std::fs::write(&blocked, "not a folder").unwrap();
        settings.dir = Some(blocked.join("retrace"));
        let paths = vec![folder.clone()];
        let cache = Cache::open_with(&paths, settings.clone());
        let (files, _) = crate::ingest::corpus::collect_files(&paths);
        let loaded: Vec<Loaded> = files.iter().map(|f| cache.load(f).unwrap()).collect();
        assert!(cache.save().is_err());
        let plain: Vec<Loaded> = files.iter().map(|f| load_path(f).unwrap()).collect();
        same(&plain, &loaded);
        // Through the corpus loader too.
        let (c, _) = crate::ingest::corpus::load_all_cached(
            &paths,
            Cache::open_with(&paths, settings),
            |_| (),
        );
        assert_eq!((c.loaded.len(), c.errors.len()), (2, 0));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_rewritten_to_the_same_size_and_modification_time_is_parsed_again() {
        let tmp = tempfile::tempdir().unwrap();
        let (folder, settings) = corpus(tmp.path());
        let p = folder.join("shipping.yaml");
        let mtime = std::fs::metadata(&p).unwrap().modified().unwrap();
        load(&folder, &settings);
        // Timestamps come from a coarse clock (a few milliseconds): let it tick before the
        // rewrite, so the status-change time differs from the one cached.
        std::thread::sleep(Duration::from_millis(50));
        let parcel = SHIPPING.replace("Shipping labels", "Shopping labels");
        assert_eq!(parcel.len(), SHIPPING.len());
        std::fs::write(&p, &parcel).unwrap();
        set_mtime(&p, mtime);
        assert_eq!(std::fs::metadata(&p).unwrap().modified().unwrap(), mtime);
        let (l, stats) = load(&folder, &settings);
        assert_eq!((stats.hits, stats.parsed), (1, 1));
        assert_eq!(
            l[1].incident.title,
            "Shopping labels stuck in the print queue"
        );
    }

    #[test]
    fn a_load_given_up_leaves_no_temporary_file_and_old_ones_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let (folder, settings) = corpus(tmp.path());
        let dir = settings.dir.clone().unwrap();
        let paths = vec![folder.clone()];
        let files_in = |d: &Path| -> Vec<String> {
            let mut v: Vec<String> = std::fs::read_dir(d)
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        // A load stopped after its first file, the new pack started: dropped without a save.
        let cache = Cache::open_with(&paths, settings.clone());
        let (files, _) = crate::ingest::corpus::collect_files(&paths);
        cache.load(&files[0]).unwrap();
        assert!(cache.tmp_path.exists());
        drop(cache);
        assert_eq!(files_in(&dir), Vec::<String>::new());
        // Temporary files of loads killed before: the old one goes at the next open, the
        // recent one (a load perhaps still running) stays, as does another pack's.
        let name = pack_name(&paths);
        let old = dir.join(format!(".{name}.4242.0.tmp"));
        let recent = dir.join(format!(".{name}.4243.0.tmp"));
        let other = dir.join(".0000000000000000.pack.4242.0.tmp");
        for p in [&old, &recent, &other] {
            std::fs::write(p, "partial").unwrap();
        }
        for p in [&old, &other] {
            set_mtime(p, SystemTime::now() - 2 * STALE);
        }
        drop(Cache::open_with(&paths, settings));
        let mut want = vec![
            other.file_name().unwrap().to_string_lossy().into_owned(),
            recent.file_name().unwrap().to_string_lossy().into_owned(),
        ];
        want.sort();
        assert_eq!(files_in(&dir), want);
    }

    #[test]
    fn the_cache_knows_its_own_file_names_only() {
        let pack = "0123456789abcdef.pack";
        assert_eq!(pack_of_file_name(pack), Some(pack));
        assert_eq!(
            pack_of_file_name(".0123456789abcdef.pack.77.3.tmp"),
            Some(pack)
        );
        for other in [
            "0123456789ABCDEF.pack",
            "0123456789abcde.pack",
            "0123456789abcdefg.pack",
            "notes.pack",
            "0123456789abcdef.pack.bak",
            ".0123456789abcdef.pack.77.tmp",
            ".0123456789abcdef.pack.x.3.tmp",
            ".0123456789abcdef.pack..tmp",
            "0123456789abcdef.pack.77.3.tmp",
            "readme.txt",
        ] {
            assert_eq!(pack_of_file_name(other), None, "{other}");
        }
    }

    #[test]
    fn packs_not_used_for_a_month_are_removed_and_used_ones_marked() {
        let tmp = tempfile::tempdir().unwrap();
        let (folder, settings) = corpus(tmp.path());
        let dir = settings.dir.clone().unwrap();
        load(&folder, &settings);
        let own = pack_of(&settings);
        let long_ago = SystemTime::now() - MAX_AGE - Duration::from_secs(24 * 60 * 60);
        // The load's own pack, last marked long ago: it stays and is marked used again.
        set_mtime(&own, long_ago);
        let unused = dir.join("aaaaaaaaaaaaaaaa.pack");
        let recent = dir.join("bbbbbbbbbbbbbbbb.pack");
        let left_tmp = dir.join(".cccccccccccccccc.pack.4242.0.tmp");
        let not_ours = dir.join("notes.txt");
        let folder_named_like_a_pack = dir.join("eeeeeeeeeeeeeeee.pack");
        for p in [&unused, &recent, &left_tmp, &not_ours] {
            std::fs::write(p, "pack bytes").unwrap();
        }
        std::fs::create_dir(&folder_named_like_a_pack).unwrap();
        for p in [&unused, &left_tmp, &not_ours] {
            set_mtime(p, long_ago);
        }
        let (_, stats) = load(&folder, &settings);
        assert_eq!(stats.hits, 2, "the old pack was still read");
        assert!(own.exists());
        let marked = std::fs::metadata(&own).unwrap().modified().unwrap();
        assert!(marked > SystemTime::now() - Duration::from_secs(600));
        assert!(!unused.exists());
        assert!(!left_tmp.exists());
        assert!(recent.exists());
        assert!(not_ours.exists());
        assert!(folder_named_like_a_pack.is_dir());
    }

    #[test]
    fn beyond_the_size_bound_the_least_recently_used_packs_go() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let now = SystemTime::now();
        let hours = |h: u64| now - Duration::from_secs(h * 60 * 60);
        let pack = |c: char| dir.join(format!("{}.pack", c.to_string().repeat(16)));
        for (c, h) in [('a', 1), ('b', 2), ('c', 3), ('d', 4)] {
            std::fs::write(pack(c), [0u8; 100]).unwrap();
            set_mtime(&pack(c), hours(h));
        }
        // 'd' is the load's own and counts first, however old: with 'a' (the newest) that is
        // 200 bytes of 250; 'b' would make 300.
        evict(dir, "dddddddddddddddd.pack", now, MAX_AGE, 250);
        let left: Vec<bool> = ['a', 'b', 'c', 'd'].map(|c| pack(c).exists()).into();
        assert_eq!(left, [true, false, false, true]);
    }

    #[cfg(unix)]
    #[test]
    fn eviction_follows_no_link_and_removes_only_the_users_files() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("cache");
        std::fs::create_dir(&dir).unwrap();
        let outside = tmp.path().join("precious.pack");
        std::fs::write(&outside, "someone's file").unwrap();
        let long_ago = SystemTime::now() - 2 * MAX_AGE;
        set_mtime(&outside, long_ago);
        let link = dir.join("ffffffffffffffff.pack");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        evict(&dir, "0000000000000000.pack", SystemTime::now(), MAX_AGE, 0);
        assert!(std::fs::symlink_metadata(&link).is_ok(), "the link stays");
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "someone's file");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_cached_under_its_own_name() {
        let tmp = tempfile::tempdir().unwrap();
        let (folder, settings) = corpus(tmp.path());
        // No title heading: each file's title is its own name's stem.
        let target = folder.join("2024-03-01-db-outage.md");
        std::fs::write(
            &target,
            FREEZER.replace("# Freezer alarms silent overnight\n", ""),
        )
        .unwrap();
        age(&target);
        std::os::unix::fs::symlink("2024-03-01-db-outage.md", folder.join("latest-outage.md"))
            .unwrap();
        let (cold, _) = load(&folder, &settings);
        let (warm, second) = load(&folder, &settings);
        assert_eq!((second.hits, second.parsed), (4, 0));
        same(&cold, &warm);
        let title = |name: &str| {
            let l = warm.iter().find(|l| l.path.ends_with(name)).unwrap();
            l.incident.title.clone()
        };
        assert_ne!(title("latest-outage.md"), title("2024-03-01-db-outage.md"));
    }

    #[cfg(unix)]
    #[test]
    fn packs_are_private_and_a_planted_link_is_neither_written_nor_read() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let tmp = tempfile::tempdir().unwrap();
        let (folder, settings) = corpus(tmp.path());
        let (_, first) = load(&folder, &settings);
        assert!(first.written);
        let dir = settings.dir.clone().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        let pack = pack_of(&settings);
        assert_eq!(mode(&pack), 0o600);
        // A link at the temporary file's name: the new file is not created through it.
        let victim = tmp.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let planted = dir.join(".planted.tmp");
        symlink(&victim, &planted).unwrap();
        assert!(create_private(&planted).is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        // A link at the pack's name (to a good pack) is not read.
        let elsewhere = tmp.path().join("elsewhere.pack");
        std::fs::rename(&pack, &elsewhere).unwrap();
        symlink(&elsewhere, &pack).unwrap();
        let paths = vec![folder.clone()];
        assert!(Cache::open_with(&paths, settings.clone()).index.is_empty());
        // Nor is a pack others may write.
        std::fs::remove_file(&pack).unwrap();
        std::fs::rename(&elsewhere, &pack).unwrap();
        assert!(!Cache::open_with(&paths, settings.clone()).index.is_empty());
        std::fs::set_permissions(&pack, std::fs::Permissions::from_mode(0o620)).unwrap();
        assert!(Cache::open_with(&paths, settings.clone()).index.is_empty());
    }

    #[test]
    fn small_loads_leave_no_pack_in_the_platform_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let (folder, mut settings) = corpus(tmp.path());
        settings.min_bytes = MIN_CORPUS_BYTES;
        let (_, stats) = load(&folder, &settings);
        assert_eq!((stats.parsed, stats.written), (2, false));
        assert!(!settings.dir.as_ref().unwrap().exists());
    }
}
