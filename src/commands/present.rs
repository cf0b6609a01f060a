//! `retrace present FILE`: the incident as slides on a shared screen (presentation mode).

use std::path::Path;
use std::process::ExitCode;

use crate::ingest::Loaded;
use crate::tui::app::{Action, App, Doc, Entry, Source};
use crate::tui::theme::{Theme, ThemeName};

/// Load the file, then present it until the presenter leaves. A file that cannot be read is
/// reported (`path:line:col: what is wrong` + hint, exit 1) before the terminal is touched;
/// without a terminal, exit 2.
pub fn run(file: &Path, theme: ThemeName) -> ExitCode {
    let loaded = match crate::ingest::load_path(file) {
        Ok(l) => l,
        Err(e) => {
            report!("{}", e.to_diagnostic());
            return ExitCode::from(1);
        }
    };
    if !super::interactive() {
        report!(
            "retrace: presentation mode needs a terminal; for a written version use `retrace export FILE`"
        );
        return ExitCode::from(2);
    }
    let (w, h) = crossterm::terminal::size().unwrap_or((80, 24));
    let app = app(loaded, Theme::from_env(theme), w, h);
    crate::tui::finish(crate::tui::run::run(app))
}

/// The app `retrace present` runs: the incident open on its title slide; leaving the
/// presentation ends the program.
pub fn app(loaded: Loaded, theme: Theme, w: u16, h: u16) -> App {
    let doc = Doc::from_loaded(Source::File(loaded.path.clone()), loaded);
    let mut app = App::new(vec![Entry::Doc(Box::new(doc))], false, theme, w, h);
    let _ = app.update(Action::Present);
    if let Some(p) = app.present.as_mut() {
        p.standalone = true;
    }
    app
}
