//! `retrace search`: events across incidents, best match first, for scripts.

use std::io::{self, Write};
use std::path::PathBuf;

use chrono::SecondsFormat;

use crate::ingest::corpus;
use crate::search::{self, Index};

/// Print the matches of `query` in the incidents under `paths` (the current folder when empty),
/// best first: `path<TAB>time<TAB>text` lines, or JSON lines with `json`. Files that fail to
/// load are reported on standard error and the others searched.
///
/// Returns Ok(false) (exit status 1) when nothing matched or a file failed to load, as
/// `grep` and `fzf --filter` do for no match.
pub fn run(
    query: &str,
    paths: &[PathBuf],
    json: bool,
    limit: Option<usize>,
    out: &mut impl Write,
) -> io::Result<bool> {
    let here = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &here[..] } else { paths };
    let corpus = corpus::load_all(paths);
    for note in &corpus.skipped {
        report!("{note}");
    }
    for e in &corpus.errors {
        report!("{}", e.to_diagnostic());
    }
    let index = Index::build(
        corpus
            .loaded
            .iter()
            .map(|l| (l.path.as_path(), &l.incident)),
    );
    // The incidents are no longer needed: the index holds what is printed.
    drop(corpus.loaded);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let hits = search::search(&index, query, threads, limit);
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

/// A field of a tab-separated line: tabs and line breaks become spaces (the writer removes
/// every other control character).
fn one_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\t', '\n', '\r']) {
        s.replace(['\t', '\n', '\r'], " ").into()
    } else {
        s.into()
    }
}
