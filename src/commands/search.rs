//! `retrace search`: events across incidents, best match first, for scripts.

use std::io::{self, Write};
use std::path::PathBuf;

use std::time::Instant;

use chrono::SecondsFormat;

use crate::search::{self, Index};

/// Print the matches of `query` in the incidents under `paths` (when empty, where the TUI and
/// the other commands look: `$RETRACE_DIR`, `./incidents/`, else the bundled samples),
/// best first: `path<TAB>time<TAB>text` lines, or JSON lines with `json` (`path`, `time`,
/// `kind`, `text`, `line` — the whole line searched —, `score`, `incident`, `event`). Files that fail to
/// load are reported on standard error and the others searched.
///
/// Returns Ok(false) (exit status 1) when nothing matched or a file failed to load, as
/// `grep` and `fzf --filter` do for no match.
pub fn run(
    query: &str,
    paths: &[PathBuf],
    opts: &Options,
    out: &mut impl Write,
) -> io::Result<bool> {
    let Options {
        json,
        limit,
        timings,
    } = *opts;
    let started = Instant::now();
    // Each incident's lines are indexed by the worker that loaded it; the incidents are not
    // kept (the index holds what is printed). No path: the TUI's defaults.
    let corpus =
        super::load_default_into(paths, |l| Index::build([(l.path.as_path(), &l.incident)]));
    for note in &corpus.skipped {
        report!("{note}");
    }
    for e in &corpus.errors {
        report!("{}", e.to_diagnostic());
    }
    let parts = corpus.kept;
    let loaded = started.elapsed();
    let index = Index::joined(parts);
    let indexed = started.elapsed();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let hits = search::search(&index, query, threads, limit);
    let searched = started.elapsed();
    if timings {
        report!(
            "timings: load+index {:.3}s, join {:.3}s, search {:.3}s; {} events, {} matches, index {} MB",
            loaded.as_secs_f64(),
            (indexed - loaded).as_secs_f64(),
            (searched - indexed).as_secs_f64(),
            index.len(),
            hits.len(),
            index.heap_bytes() / 1_000_000
        );
    }
    for hit in &hits {
        let path = index.path(hit.line).display().to_string();
        let time = index
            .time(hit.line)
            .to_rfc3339_opts(SecondsFormat::Secs, true);
        let text = index.text(hit.line);
        if json {
            let (incident, event) = index.origin(hit.line);
            let kind = index.kind(hit.line);
            let line = serde_json::json!({
                "path": path,
                "time": time,
                "kind": kind,
                "text": text,
                "line": index.line(hit.line),
                "score": hit.score,
                "incident": incident,
                "event": event,
            });
            writeln!(out, "{line}")?;
        } else {
            writeln!(out, "{}\t{time}\t{}", one_field(&path), one_field(text))?;
        }
    }
    Ok(!hits.is_empty() && corpus.errors.is_empty())
}

/// How `retrace search` prints.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// JSON lines instead of tab-separated ones.
    pub json: bool,
    /// Print only the best N.
    pub limit: Option<usize>,
    /// Time spent per stage on standard error.
    pub timings: bool,
}

/// A field of a tab-separated line: tabs and line breaks become spaces (the writer removes
/// every other control character).
fn one_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\t', '\n', '\r']) {
        s.replace(['\t', '\n', '\r'], " ").into()
    } else {
        s.into()
    }
}
