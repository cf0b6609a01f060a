//! `retrace new`: start an incident file for live note-taking.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::ingest::clock;
use crate::store::{self, NewIncident};

/// Create the file and print its path (alone on standard output, for scripts), then the commands
/// to use next (on standard error).
pub fn run(
    title: &str,
    severity: Option<&str>,
    dir: Option<&Path>,
    timezone: Option<&str>,
    out: &mut impl Write,
) -> io::Result<bool> {
    create(title, severity, dir, timezone, out).map(|p| p.is_some())
}

/// [`run`], returning the path of the file created (`None` when it was not: the reason was
/// printed).
pub fn create(
    title: &str,
    severity: Option<&str>,
    dir: Option<&Path>,
    timezone: Option<&str>,
    out: &mut impl Write,
) -> io::Result<Option<PathBuf>> {
    let timezone = match timezone {
        Some(z) => match clock::parse_offset(z) {
            Some(o) => Some(o),
            None => {
                report!(
                    "retrace: `--timezone {z}` is not a zone this reader knows\n  hint: write an offset like `+02:00`, or UTC, GMT, PST, CEST..."
                );
                return Ok(None);
            }
        },
        None => None,
    };
    let dir = dir.map(Path::to_path_buf).unwrap_or_else(default_dir);
    let new = NewIncident {
        title: title.to_string(),
        severity: severity.map(str::to_string),
        timezone,
        started: store::stamp::now(),
    };
    match store::create_incident(&dir, &new) {
        Ok((path, _)) => {
            writeln!(out, "{}", path.display())?;
            let p = shell_word(&path.display().to_string());
            report!("Started {p} (ongoing, started now). Next:");
            report!("  retrace note {p} \"what you see\"           add a note, stamped now");
            report!("  retrace note {p} --at 10:42 \"...\"         backfill at a clock time");
            report!("  retrace note {p} --branch db \"...\"        follow a hypothesis");
            report!("  retrace note {p} --kind mitigation \"...\"  say what kind of event");
            report!("  retrace live {p}                          follow it and take notes");
            Ok(Some(path))
        }
        Err(e) => {
            report!("retrace: {e}");
            Ok(None)
        }
    }
}

/// `$RETRACE_DIR`, else `./incidents/`.
pub fn default_dir() -> PathBuf {
    std::env::var_os("RETRACE_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("incidents"))
}

/// Quote a path for a copy-pasted shell command when it needs it.
fn shell_word(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}
