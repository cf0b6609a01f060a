//! `retrace lint`: everything the readers noticed plus the checks of the story.

use std::io::{self, Write};
use std::path::PathBuf;

use crate::analysis::{self, lint::lint};
use crate::ingest::{Diagnostic, Level, Loaded};

/// All findings of one loaded file, located where possible.
pub fn findings(l: &Loaded) -> Vec<Diagnostic> {
    let a = analysis::analyze(&l.incident);
    let mut out = l.diagnostics.clone();
    for f in lint(&l.incident, &a) {
        let line = f
            .event
            .and_then(|i| l.incident.timeline.get(i))
            .and_then(crate::model::Event::line)
            .unwrap_or(0);
        out.push(
            Diagnostic::warning(&l.path, line, if line > 0 { 1 } else { 0 }, f.message)
                .with_hint(f.hint),
        );
    }
    // In the native format a missing `kind:` is worth knowing; imported prose is all inferred.
    if l.format == crate::ingest::Format::Yaml {
        for e in &l.incident.timeline {
            if let Some(why) = &e.inferred {
                let words = if why.matched.is_empty() {
                    "no words matched".to_string()
                } else {
                    format!("from \"{}\"", why.matched)
                };
                let line = e.line().unwrap_or(0);
                out.push(
                    Diagnostic::warning(
                        &l.path,
                        line,
                        usize::from(line > 0),
                        format!("no `kind:`; read as `{}` ({words})", e.kind),
                    )
                    .with_hint(format!(
                        "write `kind: {}` (or the right kind) to make it explicit",
                        e.kind
                    )),
                );
            }
        }
    }
    // Whole-file findings first, then in the order of the file.
    out.sort_by_key(|d| (d.line, d.col));
    out
}

/// Ok(false) when a file failed to load (or, with `strict`, when anything was found).
pub fn run(paths: &[PathBuf], strict: bool, out: &mut impl Write) -> io::Result<bool> {
    // Each file is checked by the worker that loaded it and only its findings are kept: a
    // folder of 10,000 incidents never sits in memory whole (issue 10).
    let all = super::load_default_into(paths, |l| findings(&l));
    let mut warnings = 0;
    for file in &all.kept {
        for d in file {
            if d.level == Level::Warning {
                warnings += 1;
            }
            writeln!(out, "{d}")?;
        }
    }
    for e in &all.errors {
        writeln!(out, "{}", e.to_diagnostic())?;
    }
    for note in &all.skipped {
        writeln!(out, "{note}")?;
    }
    writeln!(
        out,
        "{} files checked: {} failed to load, {} warnings",
        all.kept.len() + all.errors.len(),
        all.errors.len(),
        warnings
    )?;
    Ok(all.errors.is_empty() && !(strict && warnings > 0))
}
