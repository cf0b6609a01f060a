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

use super::app::{Action, App, Reload};
use super::command::{self, Command, SaveRequest};
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
    run_with(app, &[], None, None)
}

/// [`run`], also watching these folders: files changed in them reload, new ones join the list.
pub fn run_watching(app: App, folders: &[std::path::PathBuf]) -> io::Result<bool> {
    run_with(app, folders, None, None)
}

/// [`run`] on an app that starts empty: `paths` load in the background and fill the list as
/// they arrive (see [`super::loading`]); these folders are watched, as in [`run_watching`].
pub fn run_loading(
    mut app: App,
    paths: Vec<std::path::PathBuf>,
    folders: &[std::path::PathBuf],
) -> io::Result<bool> {
    app.loading = Some(super::loading::LoadProgress::default());
    app.loading_since = Some(crate::store::stamp::now());
    run_with(app, folders, None, Some(paths))
}

/// [`run`] in live mode: saves go through `writer`, on the store worker.
pub fn run_live(app: App, writer: crate::store::Writer) -> io::Result<bool> {
    run_with(app, &[], Some(writer), None)
}

/// The thread that owns the session's writer and runs its saves one after the other, so a
/// save waiting for a lock never holds up the screen. Results come back on the action channel.
struct StoreWorker {
    requests: std::sync::mpsc::Sender<SaveRequest>,
}

impl StoreWorker {
    fn spawn(
        mut writer: crate::store::Writer,
        actions: std::sync::mpsc::Sender<Action>,
    ) -> io::Result<StoreWorker> {
        let (requests, inbox) = std::sync::mpsc::channel::<SaveRequest>();
        let current = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let (tx, id) = (actions.clone(), Arc::clone(&current));
        writer.on_lock_wait(Box::new(move |holder, waited| {
            let _ = tx.send(Action::SaveWaiting(
                id.load(Ordering::Relaxed),
                holder.cloned(),
                waited,
            ));
        }));
        std::thread::Builder::new()
            .name("retrace-store".into())
            .spawn(move || {
                for req in inbox {
                    current.store(req.id, Ordering::Relaxed);
                    let done = command::perform(&mut writer, &req);
                    if actions.send(Action::Saved(Box::new(done))).is_err() {
                        break;
                    }
                }
            })?;
        Ok(StoreWorker { requests })
    }
}

fn run_with(
    mut app: App,
    folders: &[std::path::PathBuf],
    writer: Option<crate::store::Writer>,
    load: Option<Vec<std::path::PathBuf>>,
) -> io::Result<bool> {
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

    // Everything that comes back from outside the keyboard: file changes, reads, saves.
    let (tx, actions) = std::sync::mpsc::channel::<Action>();
    let store = match writer {
        Some(w) => Some(StoreWorker::spawn(w, tx.clone())?),
        None => None,
    };
    let mut exec = Executor {
        store,
        actions: tx.clone(),
        searching: command::Searching::default(),
        search_running: false,
        roots: load.clone().unwrap_or_default(),
    };
    let size = terminal.size()?;
    let first = app.update(Action::Tick(crate::store::stamp::now()));
    exec.run(&mut app, &mut terminal, first)?;
    let first = app.update(Action::Resize(size.width, size.height));
    exec.run(&mut app, &mut terminal, first)?;

    // Follow the files on disk: one watcher per incident file shown (or named, when they
    // load in the background), each change becomes an `Action::FileChanged` (debounced by the
    // watcher).
    let named: Vec<std::path::PathBuf> = load
        .iter()
        .flatten()
        .filter(|p| !p.is_dir())
        .cloned()
        .collect();
    let _watchers = watch_files(&app, folders, &named, &tx);
    if let Some(paths) = load {
        super::loading::spawn(paths, 256, tx.clone())?;
    }

    let mut dirty = true;
    let mut last_tick = std::time::Instant::now();
    while !app.quit {
        if term_signal.load(Ordering::Relaxed) {
            return Ok(true);
        }
        while let Ok(action) = actions.try_recv() {
            let commands = app.update(action);
            exec.run(&mut app, &mut terminal, commands)?;
            dirty = true;
        }
        // The search worker's newest results (it runs beside this thread).
        if exec.search_running
            && let Some(u) = exec.searching.try_recv()
        {
            exec.search_running = !u.done;
            let commands = app.update(Action::SearchUpdate(Box::new(u)));
            exec.run(&mut app, &mut terminal, commands)?;
            dirty = true;
        }
        if (app.live.is_some() || app.loading.is_some())
            && last_tick.elapsed() >= Duration::from_secs(1)
        {
            // The header's running clock, and open branches' time so far; how long the
            // loading has run.
            last_tick = std::time::Instant::now();
            let commands = app.update(Action::Tick(crate::store::stamp::now()));
            exec.run(&mut app, &mut terminal, commands)?;
            dirty = true;
        }
        if dirty {
            terminal.draw(|f| view::render(&app, f))?;
            dirty = false;
        }
        // While a search runs, look for its results often; otherwise wait for input.
        let wait = if exec.search_running { 15 } else { 100 };
        if !event::poll(Duration::from_millis(wait))? {
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
                let commands = app.update(action);
                exec.run(&mut app, &mut terminal, commands)?;
                dirty = true;
            }
            if app.quit || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    Ok(false)
}

/// Runs the commands `update` returns: saves on the store worker, reads on threads of their
/// own (their outcomes come back on the action channel), `$EDITOR` here (it needs the terminal).
struct Executor {
    store: Option<StoreWorker>,
    actions: std::sync::mpsc::Sender<Action>,
    searching: command::Searching,
    /// A query was sent and its last update has not been taken yet.
    search_running: bool,
    /// The paths the list loads from: an incident opened is read through their cache.
    roots: Vec<std::path::PathBuf>,
}

impl Executor {
    fn run(
        &mut self,
        app: &mut App,
        terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
        commands: Vec<Command>,
    ) -> io::Result<()> {
        let mut queue = std::collections::VecDeque::from(commands);
        while let Some(c) = queue.pop_front() {
            match c {
                Command::Save(req) => {
                    if let Some(s) = &self.store {
                        let _ = s.requests.send(req);
                    }
                }
                Command::Load(path) => {
                    let tx = self.actions.clone();
                    std::thread::spawn(move || {
                        let _ = tx.send(command::load(path));
                    });
                }
                Command::ReadIncident { entry, path } => {
                    let tx = self.actions.clone();
                    let roots = self.roots.clone();
                    std::thread::spawn(move || {
                        let _ = tx.send(command::read_incident_cached(entry, &path, &roots));
                    });
                }
                Command::Search(req) => match self.searching.send(&req) {
                    Ok(_) => self.search_running = true,
                    Err(e) => app.message = Some(format!("search: could not start a thread: {e}")),
                },
                Command::Edit { entry, path } => {
                    let result = edit(&path);
                    terminal.clear()?;
                    queue.extend(app.update(Action::Reloaded(Box::new(Reload { entry, result }))));
                }
            }
        }
        Ok(())
    }
}

/// A watcher for every incident file the app shows; changes go to `tx` as paths.
fn watch_files(
    app: &App,
    folders: &[std::path::PathBuf],
    named: &[std::path::PathBuf],
    tx: &std::sync::mpsc::Sender<Action>,
) -> Vec<crate::store::watch::Watcher> {
    use crate::store::watch::{WatchEvent, Watcher};
    let send = |tx: std::sync::mpsc::Sender<Action>| {
        move |ev| {
            if let WatchEvent::Changed(p) = ev {
                // Resolved here, off the UI thread: `update` compares paths, never stats them.
                let p = std::fs::canonicalize(&p).unwrap_or(p);
                let _ = tx.send(Action::FileChanged(p));
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
        .chain(named.iter().cloned())
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
