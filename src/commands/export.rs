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

/// With no FILE: the one incident of what the TUI opens (`$RETRACE_DIR`, else `./incidents/`,
/// else the bundled samples). With none or several, says so (listing a few) and gives `None`.
pub fn default_file() -> Option<std::path::PathBuf> {
    let corpus = super::load_default(&[]);
    let samples = crate::tui::origin(&[]) == crate::tui::Origin::Samples;
    match corpus.loaded.as_slice() {
        [one] if !samples => return Some(one.path.clone()),
        [] => report!("retrace export: no incident found to export"),
        many => {
            report!(
                "retrace export: which incident? {} found{}:",
                many.len(),
                if samples {
                    " among the bundled samples"
                } else {
                    ""
                }
            );
            for l in many.iter().take(5) {
                report!("  {}", crate::ingest::display_path(&l.path));
            }
            if many.len() > 5 {
                report!("  … and {} more", many.len() - 5);
            }
        }
    }
    if samples {
        report!(
            "  hint: `retrace samples --out DIR` writes the samples out; then `retrace export DIR/FILE`"
        );
    } else {
        report!("  hint: name the file: `retrace export FILE`");
    }
    None
}
