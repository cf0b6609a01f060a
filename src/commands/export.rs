//! `retrace export`: Markdown, HTML or JSON for the written postmortem.

use std::io::{self, Write};
use std::path::Path;

use crate::analysis;
use crate::export::{self, ExportFormat, Options};

/// `force`: replace an existing `output` (never the input itself); `options`: what to leave
/// out (`--key-only`).
pub fn run(
    file: &Path,
    format: ExportFormat,
    options: &Options,
    output: Option<&Path>,
    force: bool,
    out: &mut impl Write,
) -> io::Result<bool> {
    let Some(loaded) = super::load_or_report(file) else {
        return Ok(false);
    };
    let a = analysis::analyze(&loaded.incident);
    let text = export::render_with(format, &loaded.incident, &a, options);
    // The file may be read on a terminal later (`cat`, `less -R`): it passes the sanitiser too.
    let text = crate::model::text::for_terminal(&text);
    match output {
        Some(path) => {
            if !super::write_output(path, &[file], text.as_bytes(), force)? {
                return Ok(false);
            }
            report!("wrote {}", path.display());
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(true)
}
