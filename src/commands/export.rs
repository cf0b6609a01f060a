//! `retrace export`: Markdown, HTML or JSON for the written postmortem.

use std::io::{self, Write};
use std::path::Path;

use crate::analysis;
use crate::export::{self, ExportFormat};

pub fn run(
    file: &Path,
    format: ExportFormat,
    output: Option<&Path>,
    out: &mut impl Write,
) -> io::Result<bool> {
    let Some(loaded) = super::load_or_report(file) else {
        return Ok(false);
    };
    let a = analysis::analyze(&loaded.incident);
    let text = export::render(format, &loaded.incident, &a);
    // The file may be read on a terminal later (`cat`, `less -R`): it passes the sanitiser too.
    let text = crate::model::text::for_terminal(&text);
    match output {
        Some(path) => {
            crate::store::atomic_write(path, text.as_bytes()).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("{}: cannot write: {e}", crate::ingest::display_path(path)),
                )
            })?;
            report!("wrote {}", path.display());
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(true)
}
