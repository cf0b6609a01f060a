//! Command-line interface: clap types, every subcommand and flag documented once here and
//! rendered into `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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

    #[command(flatten)]
    pub theme: Theme,

    #[command(flatten)]
    pub cache: NoCache,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--theme`: shown by the TUI and by the subcommands that open it (live, present, new), and
/// only there. Given before a subcommand (`retrace --theme light present FILE`), it applies too.
#[derive(Clone, Copy, Debug, Default, Args)]
pub struct Theme {
    /// Colours of the TUI (`NO_COLOR` in the environment turns colours off whatever this says)
    /// [default: dark].
    #[arg(long, value_enum, value_name = "THEME")]
    pub theme: Option<crate::tui::theme::ThemeName>,
}

impl Theme {
    /// This subcommand's theme, else the one given before the subcommand, else dark.
    pub fn or(self, outer: Theme) -> crate::tui::theme::ThemeName {
        self.theme.or(outer.theme).unwrap_or_default()
    }
}

/// `--no-cache`: shown by the commands that read folders of incidents through the cache (the
/// TUI, stats, search, lint, export), and only there. Given before a subcommand, it applies too.
#[derive(Clone, Copy, Debug, Default, Args)]
pub struct NoCache {
    /// Parse every file again: neither read nor write the cache of parsed incidents (kept in the
    /// platform cache directory, or $RETRACE_CACHE_DIR; RETRACE_NO_CACHE does the same as this).
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Durations per incident, and patterns across them: for TTD, TTA, TTI, TTM and TTR the
    /// count, median, p90 (nearest rank), max and a histogram on a log scale; how often detours
    /// happen, their share of TTR, and the incidents with the most detour time.
    ///
    /// Incidents without a duration are counted as missing, never as zero. No mean is shown.
    Stats {
        /// Print one JSON object: {"incidents": [...], "summary": {...}, "patterns": {...},
        /// "errors": [...]}.
        #[arg(long)]
        json: bool,
        /// Also split the durations by severity or by service.
        #[arg(long, value_enum, value_name = "SPLIT")]
        by: Option<crate::analysis::Split>,
        /// Incident files or folders [default: $RETRACE_DIR, else ./incidents/, else the bundled
        /// samples].
        paths: Vec<PathBuf>,
        #[command(flatten)]
        cache: NoCache,
    },
    /// Import a postmortem (Markdown, plain text, any incident file), or merge what responders
    /// exported — a Slack channel export, a PagerDuty incident, an incident.io incident — into
    /// one incident, as native YAML.
    ///
    /// Several sources of one incident are merged: times as exact instants, the same moment told
    /// by two sources shown once (each event keeps its `source` reference), milestones the pager
    /// or incident tool types winning over ones inferred from wording.
    Import {
        /// What to read: a Markdown/text postmortem or YAML incident (alone), or any number of
        /// Slack exports (ZIP or folder), PagerDuty and incident.io JSON files (merged). The kind
        /// is found from the content.
        #[arg(required = true, value_name = "SOURCE")]
        sources: Vec<PathBuf>,
        /// Write the YAML here (atomically) instead of to standard output.
        /// An existing file is not replaced without --force, and never a source being imported.
        #[arg(short, long, value_name = "OUT", conflicts_with = "into")]
        output: Option<PathBuf>,
        /// Replace OUT when it exists.
        #[arg(long, requires = "output")]
        force: bool,
        /// Add what the sources tell to this existing incident file instead (through the store:
        /// locked, atomic): events it does not have yet, their branches, and milestones it does
        /// not state. What is in the file is kept.
        #[arg(long, value_name = "FILE")]
        into: Option<PathBuf>,
        /// The Slack channel to read from an export that holds several (name, #name or id).
        #[arg(long, value_name = "NAME")]
        channel: Option<String>,
        /// Show, for each event, the kind, milestone or detour inferred and the words that caused
        /// it, and for each milestone the source and rule that gave it.
        #[arg(long)]
        explain: bool,
    },
    /// Find events across incidents, best match first, as `path<TAB>time<TAB>text` lines.
    ///
    /// The query is fzf's: space-separated terms all required; a term is fuzzy (its letters in
    /// order, across words: `netlat` finds "network latency"); `'word` exact, `^word` at the
    /// start of the line, `word$` at its end, `!word` excludes; a capital makes a term
    /// case-sensitive. The line searched is the event's text, its kind and its author.
    Search {
        /// The query (quote it when it has spaces).
        query: String,
        /// Incident files or folders [default: $RETRACE_DIR, else ./incidents/, else the bundled
        /// samples].
        paths: Vec<PathBuf>,
        /// Print one JSON object per line: {"path", "time", "text", "kind", "score"}.
        #[arg(long)]
        json: bool,
        /// Print at most N matches (the best N).
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Print the time spent loading, indexing and searching to standard error (for
        /// benches/scale.sh).
        #[arg(long, hide = true)]
        timings: bool,
        #[command(flatten)]
        cache: NoCache,
    },
    /// Check incident files: parse errors, unknown keys, events out of order, missing or
    /// contradictory milestones, undeclared branches.
    Lint {
        /// Treat warnings as failures (exit status 1).
        #[arg(long)]
        strict: bool,
        /// Incident files or folders [default: $RETRACE_DIR, else ./incidents/, else the bundled
        /// samples].
        paths: Vec<PathBuf>,
        #[command(flatten)]
        cache: NoCache,
    },
    /// Export an incident for the written postmortem: Markdown, a standalone HTML page, or JSON.
    Export {
        /// The incident file (any format retrace reads) [default: the one incident in
        /// $RETRACE_DIR, else ./incidents/; with several, they are listed].
        file: Option<PathBuf>,
        /// Output format.
        #[arg(short, long, value_enum, default_value = "markdown")]
        format: crate::export::ExportFormat,
        /// Write here (atomically) instead of to standard output. An existing file is not
        /// replaced without --force, and never the incident file being exported.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Replace OUT when it exists.
        #[arg(long, requires = "output")]
        force: bool,
        /// The short version: only key moments, the events that mark milestones and detours
        /// in the timeline (Markdown and HTML).
        #[arg(long)]
        key_only: bool,
        #[command(flatten)]
        cache: NoCache,
    },
    /// Print the JSON Schema of the native incident format (for editor completion).
    Schema,
    /// Write the bundled sample incidents into a folder, to read and edit them (then
    /// `RETRACE_DIR=DIR retrace`).
    Samples {
        /// The folder to write into (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Replace sample files that already exist in DIR (other files are never touched).
        #[arg(long)]
        force: bool,
    },
    /// Start an incident file for live note-taking and print its path.
    ///
    /// The file is `DATE-SLUG.yaml` (from today and the title; `-2`, `-3`... are added rather
    /// than replacing a file), with `started` now and status `ongoing`.
    New {
        /// One line that names the incident ("Checkout latency").
        title: String,
        /// Severity label: `SEV2`, `P1`, `critical`...
        #[arg(long, value_name = "SEV")]
        severity: Option<String>,
        /// Folder to create the file in (created if missing) [default: $RETRACE_DIR, else
        /// ./incidents/].
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// The zone the incident is told in: clock times in the file and `note --at 10:42` are
        /// read in it (`UTC`, `+02:00`, `CEST`...) [default: UTC].
        #[arg(long, value_name = "ZONE")]
        timezone: Option<String>,
        #[command(flatten)]
        theme: Theme,
    },
    /// Add an event to an incident file — from another terminal, a script or a bot — safely
    /// alongside other writers (a locked read-merge-write: no one's note replaces another's).
    ///
    /// Prints `saved ...` once the event is on disk (fsynced).
    Note {
        /// The incident file (native YAML).
        file: PathBuf,
        /// What happened. Several words are joined with spaces, so quotes are optional; `-`
        /// reads the text from standard input.
        #[arg(required = true, num_args = 1.., value_name = "TEXT")]
        text: Vec<String>,
        /// The event's kind: trigger, impact-start, detection, escalation, acknowledge,
        /// investigation, hypothesis, action, identified, mitigation, recovery, resolution,
        /// communication, note [default: note — a kind is never guessed into the file; when the
        /// words read like another kind, a hint says so].
        #[arg(long, value_name = "KIND", value_parser = parse_kind)]
        kind: Option<crate::model::EventKind>,
        /// When it happened: a clock (`10:42`, read in the incident's zone on the latest day that
        /// is not in the future), a full time (`2026-11-25 10:42`, RFC 3339), or `-5m`
        /// [default: now].
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        at: Option<String>,
        /// Put the event on this investigation branch (hypothesis), declaring the branch (open,
        /// with this note as its hypothesis) if the file has none by that name.
        #[arg(long, value_name = "NAME")]
        branch: Option<String>,
        /// Who wrote it [default: $RETRACE_AUTHOR, else git user.name, else $USER].
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
        /// When the file's layout cannot be edited in place (the note is refused, saying why),
        /// rewrite the whole file in retrace's layout instead; its comments are lost.
        #[arg(long)]
        rewrite: bool,
    },
    /// Present an incident on a shared screen, one slide at a time, for the retro meeting: the
    /// title and headline durations, the timeline event by event (each detour called out when
    /// the story reaches it), impact, root cause, actions, lessons, and a closing summary.
    ///
    /// Space or → next, ← or Backspace back, Home/End, q or Esc ends. Slides are drawn in high
    /// contrast on the default (dark) theme; `--theme light` for projectors.
    Present {
        /// The incident file (any format retrace reads).
        file: PathBuf,
        #[command(flatten)]
        theme: Theme,
    },
    /// Open an incident in live mode: follow the file as others write to it, and take notes,
    /// set milestones and follow hypotheses from the TUI (`?` lists the keys).
    ///
    /// `retrace new` opens live mode itself when run in a terminal.
    Live {
        /// The incident file (native YAML).
        file: PathBuf,
        /// Who writes the notes [default: $RETRACE_AUTHOR, else git user.name, else $USER].
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
        #[command(flatten)]
        theme: Theme,
    },
}

fn parse_kind(s: &str) -> Result<crate::model::EventKind, String> {
    crate::model::EventKind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = crate::model::EventKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect();
        format!("unknown kind `{s}`; one of: {}", all.join(", "))
    })
}
