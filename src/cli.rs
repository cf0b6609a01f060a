//! Command-line interface: clap types, every subcommand and flag documented once here and
//! rendered into `--help`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "retrace",
    version,
    about = "Incident timelines in the terminal: postmortems in, one clear timeline with its detours out",
    long_about = "retrace reads incident files — its own YAML format, and the Markdown or plain-text \
postmortems people already have — and shows each incident as one scrollable timeline: the \
milestones, the durations that matter (time to detect, acknowledge, mitigate, resolve), and the \
investigation branches that were ruled out on the way.\n\nWith no subcommand it opens the TUI on \
the given files and folders; with no path, on $RETRACE_DIR, else ./incidents/, else the bundled \
samples.",
    after_help = "Exit status: 0 on success, 1 when an input file could not be read or a check failed, \
2 on a usage error."
)]
pub struct Cli {
    /// Incident files or folders (searched recursively for .yaml, .yml, .md, .markdown, .txt).
    pub paths: Vec<PathBuf>,

    /// Colours of the TUI (`NO_COLOR` in the environment turns colours off whatever this says).
    #[arg(long, value_enum, default_value_t = crate::tui::theme::ThemeName::Dark, global = true)]
    pub theme: crate::tui::theme::ThemeName,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Durations per incident and their distribution (count, median, p90, max) over all of them.
    Stats {
        /// Print one JSON object: {"incidents": [...], "summary": {...}, "errors": [...]}.
        #[arg(long)]
        json: bool,
        /// Incident files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Import a Markdown or plain-text postmortem (or any incident file) as native YAML.
    Import {
        /// The postmortem to read.
        file: PathBuf,
        /// Write the YAML here (atomically) instead of to standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Show, for each event, the kind, milestone or detour inferred and the words that caused it.
        #[arg(long)]
        explain: bool,
    },
    /// Check incident files: parse errors, unknown keys, events out of order, missing or
    /// contradictory milestones, undeclared branches.
    Lint {
        /// Treat warnings as failures (exit status 1).
        #[arg(long)]
        strict: bool,
        /// Incident files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Print the JSON Schema of the native incident format (for editor completion).
    Schema,
}
