//! Folders of incident files: walk, load in parallel, one bad file never stops the rest.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{INCIDENT_EXTENSIONS, LoadError, Loaded, load_path};

/// What a set of paths held.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Loaded incidents, ordered by path.
    pub loaded: Vec<Loaded>,
    /// Files that could not be loaded, ordered by path.
    pub errors: Vec<LoadError>,
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

/// Load every file under `paths`, on all cores.
pub fn load_all(paths: &[PathBuf]) -> Corpus {
    let (files, mut errors) = collect_files(paths);
    let results = load_files(&files);
    let mut loaded = Vec::new();
    for r in results {
        match r {
            Ok(l) => loaded.push(l),
            Err(e) => errors.push(e),
        }
    }
    errors.sort_by(|a, b| a.path().cmp(b.path()));
    Corpus { loaded, errors }
}

/// Load files in parallel; results keep the order of `files`.
pub fn load_files(files: &[PathBuf]) -> Vec<Result<Loaded, LoadError>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1))
        .min(8);
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<Loaded, LoadError>>>> =
        files.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    // A bug in a reader must not take the other files down with it.
                    let r = std::panic::catch_unwind(|| load_path(path)).unwrap_or_else(|_| {
                        Err(LoadError::invalid(
                            super::Diagnostic::error(
                                path,
                                0,
                                0,
                                "internal error while reading this file",
                            )
                            .with_hint("this is a bug in retrace; please report it with the file"),
                        ))
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
                    Err(LoadError::invalid(super::Diagnostic::error(
                        path,
                        0,
                        0,
                        "the loader stopped before reading this file",
                    )))
                })
        })
        .collect()
}
