//! The terminal: setup and restore, the event loop, `$EDITOR`.
//!
//! The terminal is restored on every way out: normal quit, an error (the guard's `Drop`), a
//! panic (the panic hook), and SIGTERM / SIGHUP (a flag the loop checks between events).

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, MouseButton, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::app::{Action, App, Effect, Reload};
use super::keys::{contexts_of, map_key};
use super::view;

/// Put the terminal back: raw mode off, mouse off, main screen, cursor shown. Safe to call
/// more than once and from a panic hook.
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = out.flush();
}

fn enter_terminal() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    Ok(())
}

/// Restores the terminal when dropped, whatever the way out of the loop.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Run the UI until the user quits; `Ok(true)` when a signal (SIGTERM, SIGHUP) ended it.
pub fn run(app: App) -> io::Result<bool> {
    run_watching(app, &[])
}

/// [`run`], also watching these folders: files changed in them reload, new ones join the list.
pub fn run_watching(mut app: App, folders: &[std::path::PathBuf]) -> io::Result<bool> {
    // Restore before the default hook prints the panic, so the message is readable.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        default_hook(info);
    }));
    let term_signal = Arc::new(AtomicBool::new(false));
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ])?;
    let flag = Arc::clone(&term_signal);
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            flag.store(true, Ordering::Relaxed);
            // The loop below notices within one poll and restores the terminal itself. When the
            // terminal is gone (a killed tmux pane, a dropped ssh session), crossterm's reader
            // can spin on end-of-file and never return to the loop: end the process from here.
            std::thread::sleep(Duration::from_millis(750));
            restore_terminal();
            std::process::exit(128 + sig);
        }
    });

    enter_terminal()?;
    let _guard = Guard;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.clear()?;
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));

    // Follow the files on disk: one watcher per incident file shown, each change becomes an
    // `Action::FileChanged` (debounced by the watcher; picked up within one poll, 200 ms).
    let (changes_tx, changes) = std::sync::mpsc::channel();
    let _watchers = watch_files(&app, folders, &changes_tx);

    let mut dirty = true;
    let mut last_tick = std::time::Instant::now();
    while !app.quit {
        if term_signal.load(Ordering::Relaxed) {
            return Ok(true);
        }
        while let Ok(path) = changes.try_recv() {
            app.update(Action::FileChanged(path));
            dirty = true;
        }
        if app.live.is_some() && last_tick.elapsed() >= Duration::from_secs(1) {
            // The header's running clock.
            last_tick = std::time::Instant::now();
            dirty = true;
        }
        if dirty {
            terminal.draw(|f| view::render(&app, f))?;
            dirty = false;
        }
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
        // Drain what is queued before drawing again, so a held key or a wheel burst does not
        // queue up frames. Bounded, and the signal flag is checked on every event: a terminal
        // that went away (tmux pane killed, ssh dropped) can report input forever, and the
        // SIGHUP that came with it must still end the program.
        for _ in 0..1024 {
            if term_signal.load(Ordering::Relaxed) {
                return Ok(true);
            }
            if let Some(action) = to_action(&app, event::read()?) {
                app.update(action);
                dirty = true;
            }
            if let Some(effect) = app.effect.take() {
                match effect {
                    Effect::Edit { entry, path } => {
                        let result = edit(&path);
                        terminal.clear()?;
                        app.update(Action::Reloaded(Box::new(Reload { entry, result })));
                    }
                }
                dirty = true;
            }
            if app.quit || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    Ok(false)
}

/// A watcher for every incident file the app shows; changes go to `tx` as paths.
fn watch_files(
    app: &App,
    folders: &[std::path::PathBuf],
    tx: &std::sync::mpsc::Sender<std::path::PathBuf>,
) -> Vec<crate::store::watch::Watcher> {
    use crate::store::watch::{WatchEvent, Watcher};
    let send = |tx: std::sync::mpsc::Sender<std::path::PathBuf>| {
        move |ev| {
            if let WatchEvent::Changed(p) = ev {
                let _ = tx.send(p);
            }
        }
    };
    let mut watchers: Vec<Watcher> = folders
        .iter()
        .filter_map(|d| Watcher::folder(d.clone(), send(tx.clone())).ok())
        .collect();
    let files = app
        .entries
        .iter()
        .filter_map(|e| match e.doc()?.source {
            super::app::Source::File(ref p) => Some(p.clone()),
            super::app::Source::Sample(_) => None,
        })
        // Files under a watched folder are reported by the folder's watcher.
        .filter(|p| !folders.iter().any(|d| p.starts_with(d)))
        .filter_map(|p| Watcher::new(p, send(tx.clone())).ok());
    watchers.extend(files);
    watchers
}

fn to_action(app: &App, ev: Event) -> Option<Action> {
    match ev {
        Event::Key(k) => map_key(contexts_of(app), k),
        // Pasted text goes to the note line when it is open (never read as keys).
        Event::Paste(s) => app
            .live
            .as_ref()
            .and_then(|l| l.line.as_ref())
            .map(|_| Action::Paste(s)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                down: true,
                x: m.column,
                y: m.row,
            }),
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                down: false,
                x: m.column,
                y: m.row,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                x: m.column,
                y: m.row,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// Leave the alternate screen, run `$VISUAL`/`$EDITOR` (else `vi`) on the file, come back, and
/// reload it.
fn edit(path: &std::path::Path) -> Result<crate::ingest::Loaded, String> {
    restore_terminal();
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|s| !s.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string());
    // `EDITOR="code --wait"`: the first word is the program, the rest its arguments.
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
        .arg(path)
        .status();
    let back = enter_terminal();
    let status = status.map_err(|e| format!("could not run `{program}`: {e}"))?;
    back.map_err(|e| format!("terminal: {e}"))?;
    if !status.success() {
        // Reload anyway: the file may have been saved before the editor failed.
    }
    crate::ingest::load_path(path).map_err(|e| e.to_diagnostic().to_string())
}
