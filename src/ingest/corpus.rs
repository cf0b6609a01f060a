//! Folders of incident files: walk, load in parallel, one bad file never stops the rest; files
//! read before come from the cache of parsed incidents ([`super::cache`]).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::cache::Cache;
use super::markdown::NOT_AN_INCIDENT;
use super::{Diagnostic, INCIDENT_EXTENSIONS, LoadError, Loaded, load_path};

/// What a set of paths held.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Loaded incidents, ordered by path.
    pub loaded: Vec<Loaded>,
    /// Files that could not be loaded, ordered by path.
    pub errors: Vec<LoadError>,
    /// Files found in a folder that are not incidents (a README, a list), each with the note
    /// that says so, ordered by path. A file named by the user is never skipped.
    pub skipped: Vec<Diagnostic>,
}

/// What a file gives once read: an incident, or the note that it is not one, or an error.
#[derive(Debug)]
pub enum Found {
    Incident(Box<Loaded>),
    /// Found in a folder and not an incident: skipped, with this note.
    Skipped(Diagnostic),
    Failed(LoadError),
}

/// The one place that decides what a folder scan keeps: a file `named` by the user is always
/// kept (the importer has already warned when it does not look like an incident); a file found
/// in a folder that is not an incident is skipped with a note.
pub fn sort(result: Result<Loaded, LoadError>, named: bool) -> Found {
    match result {
        Err(e) => Found::Failed(e),
        Ok(l) if named || l.looks_like_incident => Found::Incident(Box::new(l)),
        Ok(l) => Found::Skipped(
            Diagnostic::note(&l.path, 0, 0, format!("{NOT_AN_INCIDENT}; skipped"))
                .with_hint("name the file on the command line to import it anyway"),
        ),
    }
}

/// Load a file found in a folder (a new file in a watched folder): see [`sort`].
pub fn load_found(path: &Path) -> Found {
    sort(load_path(path), false)
}

/// Files named on the command line are taken whatever their extension; folders are walked
/// recursively for incident extensions (hidden folders and `target/` skipped).
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<LoadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut errors),
            Ok(_) => files.push(p.clone()),
            Err(source) => errors.push(LoadError::Io {
                path: p.clone(),
                source,
            }),
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<LoadError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(source) => {
            errors.push(LoadError::Io {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            if name != "target" && name != "node_modules" {
                walk(&path, files, errors);
            }
        } else if is_incident_file(&path) {
            files.push(path);
        }
    }
}

pub fn is_incident_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') || name.ends_with('~') {
        return false;
    }
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        INCIDENT_EXTENSIONS
            .iter()
            .any(|x| x.eq_ignore_ascii_case(e))
    })
}

/// Load every file under `paths`, on all cores, through the cache ([`Cache::open`]).
/// Files found in folders that are not incidents are skipped with a note (see [`sort`]).
pub fn load_all(paths: &[PathBuf]) -> Corpus {
    load_all_with(paths, |_| ()).0
}

/// [`load_all`], running `per_incident` on each incident inside the load workers (analysis,
/// a search index part...), while the file is still in the worker's cache. The second vector
/// follows `Corpus::loaded`, one value per loaded incident.
pub fn load_all_with<T: Send>(
    paths: &[PathBuf],
    per_incident: impl Fn(&Loaded) -> T + Sync,
) -> (Corpus, Vec<T>) {
    load_all_cached(paths, Cache::open(paths), per_incident)
}

/// [`load_all_with`] through this `cache` (saved at the end; a cache that cannot be written
/// changes nothing).
pub fn load_all_cached<T: Send>(
    paths: &[PathBuf],
    cache: Cache,
    per_incident: impl Fn(&Loaded) -> T + Sync,
) -> (Corpus, Vec<T>) {
    let all = load_all_into(paths, cache, |l| {
        let v = per_incident(&l);
        (l, v)
    });
    let (loaded, values) = all.kept.into_iter().unzip();
    let corpus = Corpus {
        loaded,
        errors: all.errors,
        skipped: all.skipped,
    };
    (corpus, values)
}

/// What [`load_all_into`] kept of each incident, with the files that failed and those skipped,
/// each ordered by path.
#[derive(Debug)]
pub struct Kept<T> {
    /// One value per loaded incident, ordered by path.
    pub kept: Vec<T>,
    pub errors: Vec<LoadError>,
    pub skipped: Vec<Diagnostic>,
}

/// Load every file under `paths` through `cache` like [`load_all_cached`], handing each
/// incident to `keep` in the worker that loaded it: what `keep` returns is all that stays in
/// memory (a command that needs a summary of each incident need not hold every event).
pub fn load_all_into<T: Send>(
    paths: &[PathBuf],
    cache: Cache,
    keep: impl Fn(Loaded) -> T + Sync,
) -> Kept<T> {
    let (files, mut errors) = collect_files(paths);
    let named: std::collections::HashSet<&Path> = paths
        .iter()
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| !m.is_dir()))
        .map(PathBuf::as_path)
        .collect();
    enum Sorted<T> {
        Kept(T),
        Skipped(Diagnostic),
        Failed(LoadError),
    }
    let results = in_workers(
        &files,
        &cache,
        &|path, r| match sort(r, named.contains(path)) {
            Found::Incident(l) => Sorted::Kept(keep(*l)),
            Found::Skipped(note) => Sorted::Skipped(note),
            Found::Failed(e) => Sorted::Failed(e),
        },
    );
    let _ = cache.save();
    let mut kept = Vec::new();
    let mut skipped = Vec::new();
    for r in results {
        match r {
            Sorted::Kept(v) => kept.push(v),
            Sorted::Skipped(note) => skipped.push(note),
            Sorted::Failed(e) => errors.push(e),
        }
    }
    errors.sort_by(|a, b| a.path().cmp(b.path()));
    Kept {
        kept,
        errors,
        skipped,
    }
}

/// Load files in parallel; results keep the order of `files`.
pub fn load_files(files: &[PathBuf]) -> Vec<Result<Loaded, LoadError>> {
    load_files_with(files, &|_| ())
        .into_iter()
        .map(|r| r.map(|(l, ())| l))
        .collect()
}

/// [`load_files`], with `per_incident` run on each loaded file in the worker that loaded it.
pub fn load_files_with<T: Send>(
    files: &[PathBuf],
    per_incident: &(impl Fn(&Loaded) -> T + Sync),
) -> Vec<Result<(Loaded, T), LoadError>> {
    load_files_cached(files, &Cache::disabled(), per_incident)
}

/// [`load_files_with`], each file read through `cache` ([`Cache::load`]).
pub fn load_files_cached<T: Send>(
    files: &[PathBuf],
    cache: &Cache,
    per_incident: &(impl Fn(&Loaded) -> T + Sync),
) -> Vec<Result<(Loaded, T), LoadError>> {
    in_workers(files, cache, &|_, r| {
        r.map(|l| {
            let v = per_incident(&l);
            (l, v)
        })
    })
}

/// Load `files` through `cache` on all cores, handing each result to `then` in the worker;
/// the values keep the order of `files`. The workers' reads share one memory budget (each
/// waits for what the others hold, [`super::MemoryBudget`]). A panic while loading or in `then` becomes an
/// internal error given to `then`.
fn in_workers<R: Send>(
    files: &[PathBuf],
    cache: &Cache,
    then: &(impl Fn(&Path, Result<Loaded, LoadError>) -> R + Sync),
) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1))
        .min(8);
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<R>>> = files.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    // A bug in a reader must not take the other files down with it. (Unwind
                    // safe: a panic leaves nothing shared half-written; the slot stays empty.)
                    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        then(path, cache.load(path))
                    }))
                    .unwrap_or_else(|_| {
                        let bug = super::Diagnostic::error(
                            path,
                            0,
                            0,
                            "internal error while reading this file",
                        )
                        .with_hint("this is a bug in retrace; please report it with the file");
                        then(path, Err(LoadError::invalid(bug)))
                    });
                    *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
                }
            });
        }
    });
    slots
        .into_iter()
        .zip(files)
        .map(|(slot, path)| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .unwrap_or_else(|| {
                    then(
                        path,
                        Err(LoadError::invalid(super::Diagnostic::error(
                            path,
                            0,
                            0,
                            "the loader stopped before reading this file",
                        ))),
                    )
                })
        })
        .collect()
}
