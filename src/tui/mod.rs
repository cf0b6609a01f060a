//! The terminal UI: `retrace PATH…` with no subcommand.
//!
//! State and rendering are kept apart: [`app::App::update`] is the only place state changes,
//! [`view::render`] only reads, [`keys`] only maps keys to actions, and [`run`] owns the
//! terminal.

pub mod app;
#[doc(hidden)]
pub mod bench_support;
pub mod command;
pub mod keys;
pub mod live;
pub mod loading;
pub mod run;
pub mod screens;
pub mod search;
pub mod theme;
pub mod timeline;
pub mod view;
pub mod widgets;

use std::path::{Path, PathBuf};

use crate::ingest::corpus::{self, Corpus};
use app::{Doc, Entry, Source};

mod samples {
    include!(concat!(env!("OUT_DIR"), "/samples.rs"));
}

/// The sample incidents of `data/`, embedded at build time: (file name, text).
pub use samples::SAMPLES;

/// What to open when no path is given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Paths(Vec<PathBuf>),
    /// The bundled samples.
    Samples,
}

/// Paths as given; else `$RETRACE_DIR`; else `./incidents/` when present; else the samples.
pub fn origin(paths: &[PathBuf]) -> Origin {
    if !paths.is_empty() {
        return Origin::Paths(paths.to_vec());
    }
    if let Some(dir) = std::env::var_os("RETRACE_DIR").filter(|d| !d.is_empty()) {
        return Origin::Paths(vec![dir.into()]);
    }
    let incidents = Path::new("incidents");
    if incidents.is_dir() {
        return Origin::Paths(vec![incidents.to_path_buf()]);
    }
    Origin::Samples
}

/// Load what `origin` names: incidents and error rows, the event index of the incidents, and
/// whether they are the samples.
pub fn load(origin: &Origin) -> (Vec<Entry>, search::EventIndex, bool) {
    match origin {
        Origin::Paths(p) => {
            let (entries, index) = load_indexed(p);
            (entries, index, false)
        }
        Origin::Samples => {
            let entries = samples();
            let index = search::EventIndex::of_entries(&entries);
            (entries, index, true)
        }
    }
}

/// Load every file under `paths` as list entries, with the event index of the incidents built
/// in the load workers (one part per incident, joined here in the entries' order; the index
/// reads the events from the entries' incidents, shared).
pub fn load_indexed(paths: &[PathBuf]) -> (Vec<Entry>, search::EventIndex) {
    let all = corpus::load_all_into(
        paths,
        crate::ingest::cache::Cache::open(paths),
        Doc::from_file_indexed,
    );
    let (docs, parts): (Vec<Doc>, Vec<_>) = all.kept.into_iter().unzip();
    let index = std::sync::Arc::new(crate::search::Index::concat(parts));
    let mut entries: Vec<Entry> = docs.into_iter().map(|d| Entry::Doc(Box::new(d))).collect();
    entries.extend(all.errors.iter().map(Entry::failed));
    // `entries` puts the incidents first, in the corpus' order: incident n is entry n.
    let of = (0..index.incidents() as u32).collect();
    (entries, search::EventIndex::new(index, of))
}

/// A corpus as list entries: incidents first, then the files that failed.
pub fn entries(c: Corpus) -> Vec<Entry> {
    let mut v: Vec<Entry> = c
        .loaded
        .into_iter()
        .map(|l| Entry::Doc(Box::new(Doc::from_file(l))))
        .collect();
    v.extend(c.errors.iter().map(Entry::failed));
    v
}

/// The bundled samples, parsed.
pub fn samples() -> Vec<Entry> {
    SAMPLES
        .iter()
        .map(|(name, text)| {
            let path = Path::new("data").join(name);
            match crate::ingest::load_str(&path, text) {
                Ok(l) => Entry::Doc(Box::new(Doc::from_loaded(
                    Source::Sample(name.to_string()),
                    l,
                ))),
                Err(e) => Entry::failed(&e),
            }
        })
        .collect()
}

/// `retrace live FILE` (and `retrace new` in a terminal): the incident in live mode.
pub fn main_live(
    path: &Path,
    author: Option<&str>,
    theme: theme::ThemeName,
) -> std::process::ExitCode {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        crate::commands::report!(
            "retrace: live mode needs a terminal; from a script use `retrace note FILE TEXT`"
        );
        return std::process::ExitCode::from(2);
    }
    let loaded = match crate::ingest::load_path(path) {
        Ok(l) => l,
        Err(e) => {
            crate::commands::report!("{}", e.to_diagnostic());
            return std::process::ExitCode::from(1);
        }
    };
    let author = crate::store::stamp::default_author(author, path.parent());
    // A save waits as long as another writer holds the lock (showing who): the typed text stays
    // on screen until it is saved, and quitting first asks.
    let writer = crate::store::Writer::new(path, author)
        .with_program("retrace live")
        .with_lock_timeout(std::time::Duration::from_secs(7 * 24 * 3600));
    let (w, h) = crossterm::terminal::size().unwrap_or((80, 24));
    let app = live_app(loaded, theme::Theme::from_env(theme), w, h);
    finish(run::run_live(app, writer))
}

/// An app in live mode on one loaded incident (its saves go to the writer the event loop is
/// given); it follows the newest event, nothing selected.
pub fn live_app(loaded: crate::ingest::Loaded, theme: theme::Theme, w: u16, h: u16) -> app::App {
    let path = loaded.path.clone();
    let doc = Doc::from_file(loaded);
    let mut app = app::App::new(vec![Entry::Doc(Box::new(doc))], false, theme, w, h);
    app.live = Some(live::Live::new(path));
    if let Some(st) = app.incident.as_mut() {
        st.selected = st.layout.nodes.len().saturating_sub(1);
    }
    let _ = app.update(app::Action::Resize(w, h));
    app
}

pub(crate) fn finish(r: std::io::Result<bool>) -> std::process::ExitCode {
    match r {
        Ok(false) => std::process::ExitCode::SUCCESS,
        // Ended by SIGTERM/SIGHUP: the shell convention 128 + signal (terminal already restored).
        Ok(true) => std::process::ExitCode::from(143),
        Err(e) => {
            crate::commands::report!("retrace: terminal error: {e}");
            std::process::ExitCode::from(1)
        }
    }
}

/// `retrace [PATH…]`: load, then run the UI; the exit code follows the CLI's contract.
pub fn main(paths: &[PathBuf], theme: theme::ThemeName) -> std::process::ExitCode {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        crate::commands::report!(
            "retrace: the timeline viewer needs a terminal; for text output use `retrace stats PATH…` or `retrace lint PATH…`"
        );
        return std::process::ExitCode::from(2);
    }
    let (w, h) = crossterm::terminal::size().unwrap_or((80, 24));
    let theme = theme::Theme::from_env(theme);
    match origin(paths) {
        // The list shows at once and fills in as the files load.
        Origin::Paths(p) => {
            let folders: Vec<PathBuf> = p.iter().filter(|p| p.is_dir()).cloned().collect();
            let app = app::App::new(Vec::new(), false, theme, w, h);
            finish(run::run_loading(app, p, &folders))
        }
        Origin::Samples => {
            let (entries, index, samples) = load(&Origin::Samples);
            let app = app::App::with_index(entries, index, samples, theme, w, h);
            finish(run::run_watching(app, &[]))
        }
    }
}
