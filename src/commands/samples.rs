//! `retrace samples --out DIR`: the bundled sample incidents written out, so an installed user
//! can read and edit them.

use std::io::{self, Write};
use std::path::Path;

use crate::model::text::clean_line;

/// Write every bundled sample into `dir` (created if missing). Without `force`, nothing is
/// written when any sample's file already exists there (each is named). Ok(false): refused or
/// failed, the reason printed on standard error.
pub fn run(dir: &Path, force: bool, out: &mut impl Write) -> io::Result<bool> {
    write_samples(dir, crate::tui::SAMPLES, force, out)
}

/// [`run`] over any (file name, text) pairs.
pub fn write_samples(
    dir: &Path,
    samples: &[(&str, &str)],
    force: bool,
    out: &mut impl Write,
) -> io::Result<bool> {
    let shown = clean_line(&dir.display().to_string());
    if dir.exists() && !dir.is_dir() {
        report!("retrace: {shown} exists and is not a folder");
        report!("  hint: name a new or existing folder with --out");
        return Ok(false);
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        report!("retrace: {shown}: cannot create the folder: {e}");
        return Ok(false);
    }
    let existing: Vec<&str> = samples
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| dir.join(name).symlink_metadata().is_ok())
        .collect();
    if !existing.is_empty() && !force {
        for name in &existing {
            report!(
                "retrace: {} already exists; not overwritten",
                clean_line(&dir.join(name).display().to_string())
            );
        }
        report!(
            "  hint: add --force to replace the samples (other files are never touched), or choose another --out"
        );
        return Ok(false);
    }
    for (name, text) in samples {
        let path = dir.join(name);
        let written = if force {
            crate::store::atomic_write(&path, text.as_bytes())
        } else {
            crate::store::create_new_atomic(&path, text.as_bytes())
        };
        if let Err(e) = written {
            report!(
                "retrace: {}: cannot write: {e}",
                clean_line(&path.display().to_string())
            );
            return Ok(false);
        }
    }
    writeln!(out, "wrote {} sample incidents to {shown}", samples.len())?;
    writeln!(out, "open them: retrace {shown}")?;
    Ok(true)
}
