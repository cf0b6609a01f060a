//! One function per subcommand: read the inputs, compute, print. The CLI views of the data.
//!
//! Everything a command prints passes the one sanitiser ([`crate::model::text`]): standard
//! output through a [`TerminalWriter`], standard error through [`report!`], since messages
//! quote file names, keys and values from files that may hold escape sequences.

/// `eprintln!` through the sanitiser: the line reaches standard error without control
/// characters, escape sequences or bidirectional overrides.
macro_rules! report {
    ($($arg:tt)*) => {
        $crate::commands::to_stderr(format_args!($($arg)*))
    };
}
pub(crate) use report;

pub mod export;
pub mod import;
pub mod lint;
pub mod new;
pub mod note;
pub mod present;
pub mod samples;
pub mod search;
pub mod stats;

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::model::text::TerminalWriter;

/// One line on standard error, sanitised (what [`report!`] calls).
pub fn to_stderr(line: std::fmt::Arguments<'_>) {
    let mut err = TerminalWriter::new(std::io::stderr().lock());
    let _ = writeln!(err, "{line}");
}

/// Run the parsed command line; the exit code follows `Cli`'s documented contract.
pub fn run(cli: Cli) -> ExitCode {
    if let Some(c) = &cli.command
        && let Some(refused) = misplaced(&cli, c)
    {
        report!("retrace: {refused}");
        return ExitCode::from(2);
    }
    // `--no-cache` before the subcommand, or after one that reads through the cache.
    let no_cache = match &cli.command {
        Some(
            Command::Stats { cache, .. }
            | Command::Search { cache, .. }
            | Command::Lint { cache, .. }
            | Command::Export { cache, .. },
        ) => cache.no_cache,
        _ => false,
    };
    crate::ingest::cache::set_enabled(!(cli.cache.no_cache || no_cache));
    // The TUI owns the terminal; it must not run with stdout locked by this thread, or its
    // signal thread could not restore the terminal.
    let command = match cli.command {
        None => return crate::tui::main(&cli.paths, cli.theme.theme.unwrap_or_default()),
        Some(Command::Live {
            file,
            author,
            theme,
        }) => {
            return crate::tui::main_live(&file, author.as_deref(), theme.or(cli.theme));
        }
        Some(Command::Present { file, theme }) => {
            return present::run(&file, theme.or(cli.theme));
        }
        Some(Command::New {
            title,
            severity,
            dir,
            timezone,
            theme,
        }) if interactive() => {
            // In a terminal: create the file, print its path (it stays on screen after the TUI
            // ends), then take notes in it. Piped: only the path, for scripts.
            let created = new::create(
                &title,
                severity.as_deref(),
                dir.as_deref(),
                timezone.as_deref(),
                &mut TerminalWriter::new(std::io::stdout()),
            );
            return match created {
                Ok(Some(path)) => crate::tui::main_live(&path, None, theme.or(cli.theme)),
                Ok(None) => ExitCode::from(1),
                Err(e) => {
                    report!("retrace: {e}");
                    ExitCode::from(1)
                }
            };
        }
        Some(c) => c,
    };
    let stdout = std::io::stdout();
    // Buffered: a report of 200,000 lines is not 200,000 writes (commands flush when they must).
    let mut out = TerminalWriter::new(std::io::BufWriter::new(stdout.lock()));
    let result = run_command(command, &mut out).and_then(|ok| out.flush().map(|_| ok));
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // A closed pipe (`retrace stats | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            report!("retrace: {e}");
            ExitCode::from(1)
        }
    }
}

/// `--theme` or `--no-cache` given before a subcommand that does not use it (it would be
/// ignored without a word): what to say instead of running it.
fn misplaced(cli: &Cli, command: &Command) -> Option<String> {
    let (name, theme, cache) = match command {
        Command::Stats { .. } => ("stats", false, true),
        Command::Import { .. } => ("import", false, false),
        Command::Search { .. } => ("search", false, true),
        Command::Lint { .. } => ("lint", false, true),
        Command::Export { .. } => ("export", false, true),
        Command::Schema => ("schema", false, false),
        Command::Samples { .. } => ("samples", false, false),
        Command::New { .. } => ("new", true, false),
        Command::Note { .. } => ("note", false, false),
        Command::Present { .. } => ("present", true, false),
        Command::Live { .. } => ("live", true, false),
    };
    let flag = if cli.theme.theme.is_some() && !theme {
        "--theme"
    } else if cli.cache.no_cache && !cache {
        "--no-cache"
    } else {
        return None;
    };
    Some(format!(
        "{flag} has no effect on `retrace {name}`\n  hint: leave it out (`retrace {name} --help` lists its options)"
    ))
}

/// The subcommands that print to standard output (not the TUI ones).
fn run_command(command: Command, out: &mut impl Write) -> std::io::Result<bool> {
    match command {
        Command::Stats {
            json, by, paths, ..
        } => stats::run(&paths, json, by, out),
        Command::Import {
            sources,
            output,
            force,
            into,
            channel,
            explain,
        } => import::run(
            &sources,
            &import::Options {
                output,
                force,
                into,
                channel,
                explain,
            },
            out,
        ),
        Command::Lint { strict, paths, .. } => lint::run(&paths, strict, out),
        Command::Search {
            query,
            paths,
            json,
            limit,
            timings,
            ..
        } => search::run(
            &query,
            &paths,
            &search::Options {
                json,
                limit,
                timings,
            },
            out,
        ),
        Command::Export {
            file,
            format,
            output,
            force,
            key_only,
            ..
        } => match file.or_else(export::default_file) {
            Some(file) => export::run(
                &file,
                format,
                &crate::export::Options { key_only },
                output.as_deref(),
                force,
                out,
            ),
            None => Ok(false),
        },
        Command::Schema => {
            let schema = crate::ingest::yaml::json_schema();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&schema).unwrap_or_default()
            )
            .map(|_| true)
        }
        Command::New {
            title,
            severity,
            dir,
            timezone,
            ..
        } => new::run(
            &title,
            severity.as_deref(),
            dir.as_deref(),
            timezone.as_deref(),
            out,
        ),
        Command::Samples { out: dir, force } => samples::run(&dir, force, out),
        // Handled above (they run the TUI).
        Command::Live { .. } | Command::Present { .. } => Ok(false),
        Command::Note {
            file,
            text,
            kind,
            at,
            branch,
            author,
            rewrite,
        } => note::run(
            &file,
            &text.join(" "),
            &note::Options {
                kind,
                at,
                branch,
                author,
                rewrite,
            },
            out,
        ),
    }
}

/// Standard input and output are both a terminal.
fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
}

/// Write a command's output file (`-o OUT`): never over an existing file unless `force`, never
/// over `input` (the file being read), atomically, and through a symlink keeping the target's
/// permissions. `Ok(false)`: refused, the reason printed.
pub(crate) fn write_output(
    path: &std::path::Path,
    inputs: &[&std::path::Path],
    text: &[u8],
    force: bool,
) -> std::io::Result<bool> {
    let shown = crate::model::text::clean_line(&path.display().to_string());
    let same = |a: &std::path::Path, b: &std::path::Path| matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y);
    if inputs.iter().any(|input| same(path, input)) {
        eprintln!("retrace: {shown} is the file being read; not overwritten");
        eprintln!("  hint: write the output to another file");
        return Ok(false);
    }
    let written = if force {
        crate::store::atomic_write(path, text)
    } else {
        crate::store::create_new_atomic(path, text)
    };
    match written {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("retrace: {shown} already exists; not overwritten");
            eprintln!("  hint: add --force to replace it");
            Ok(false)
        }
        Err(e) => Err(std::io::Error::new(
            e.kind(),
            format!("{shown}: cannot write: {e}"),
        )),
    }
}

/// Load one file for a command, printing the located error when it cannot be read.
pub(crate) fn load_or_report(file: &std::path::Path) -> Option<crate::ingest::Loaded> {
    crate::ingest::load_path(file)
        .map_err(|e| report!("{}", e.to_diagnostic()))
        .ok()
}

/// Load what the command line names, or with no path what the TUI opens (one rule,
/// [`crate::tui::origin`]): `$RETRACE_DIR`, else `./incidents/` when present, else the bundled
/// samples (paths shown as `data/NAME`).
pub fn load_default(paths: &[std::path::PathBuf]) -> crate::ingest::corpus::Corpus {
    let all = load_default_into(paths, |l| l);
    crate::ingest::corpus::Corpus {
        loaded: all.kept,
        errors: all.errors,
        skipped: all.skipped,
    }
}

/// [`load_default`], handing each incident to `keep` in the worker that loaded it
/// ([`crate::ingest::corpus::load_all_into`]): what `keep` returns is all that is kept.
pub fn load_default_into<T: Send>(
    paths: &[std::path::PathBuf],
    keep: impl Fn(crate::ingest::Loaded) -> T + Sync,
) -> crate::ingest::corpus::Kept<T> {
    use crate::ingest::corpus::{self, Kept};
    match crate::tui::origin(paths) {
        crate::tui::Origin::Paths(p) => {
            corpus::load_all_into(&p, crate::ingest::cache::Cache::open(&p), keep)
        }
        crate::tui::Origin::Samples => {
            let mut all = Kept {
                kept: Vec::new(),
                errors: Vec::new(),
                skipped: Vec::new(),
            };
            for (name, text) in crate::tui::SAMPLES {
                match crate::ingest::load_str(&std::path::Path::new("data").join(name), text) {
                    Ok(l) => all.kept.push(keep(l)),
                    Err(e) => all.errors.push(e),
                }
            }
            all
        }
    }
}
