//! Where the time goes when one very large incident is opened, phase by phase, in one process:
//! `cargo run --release --example open_large -- FILE [WIDTHxHEIGHT]`.
//!
//! Phases (wall time and this process's CPU time, from `/proc/self/stat`, Linux only):
//! the cold parse into the cache (a cache folder of its own under the system's temporary
//! folder, removed at the end), the warm read back from the cache, the analysis and the list's
//! row ([`Doc::from_loaded`]), the event index (as the TUI's load worker builds it for one file:
//! read from the incident, shared by the search over all and the search inside it), opening
//! the incident (its timeline laid out) and its first frame in a `TestBackend`,
//! then `End` (the last event) and `PageUp` with a frame each. The first phase parses the file
//! with no cache at all (`OPEN_LARGE_WHOLE=1` adds the same parse with the YAML read whole by
//! serde_yaml, for the ratio against the timeline reader). Prints the events and the
//! file's size beside them, so the per-event costs can be read off. With `OPEN_LARGE_CACHE=DIR`
//! the cache is kept in DIR (not removed): a second run reads the file from it in its first
//! phase too, so a profile of that run shows the warm path alone.

use std::path::PathBuf;
use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use retrace::ingest::cache::{Cache, Settings};
use retrace::tui::app::{Action, App, Doc, Entry, Source};
use retrace::tui::theme::{Theme, ThemeName};
use retrace::tui::view;

#[path = "../benches/support/cpu_time.rs"]
mod cpu_time;
use cpu_time::cpu_ms;

/// Run `f`, print its wall and CPU time, and hand back what it made.
fn phase<T>(name: &str, events: usize, f: impl FnOnce() -> T) -> T {
    let (c0, w0) = (cpu_ms(), Instant::now());
    let out = f();
    let wall = w0.elapsed().as_secs_f64() * 1000.0;
    let cpu = cpu_ms() - c0;
    let per = if events > 0 {
        wall * 1000.0 / events as f64
    } else {
        0.0
    };
    println!("{name:<44} {wall:>9.1} ms wall {cpu:>9.0} ms CPU {per:>8.3} µs/event");
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next().map(PathBuf::from) else {
        eprintln!("usage: open_large FILE [WIDTHxHEIGHT]");
        std::process::exit(2);
    };
    let (w, h) = args
        .next()
        .and_then(|s| {
            let (w, h) = s.split_once('x')?;
            Some((w.parse().ok()?, h.parse().ok()?))
        })
        .unwrap_or((120u16, 40u16));
    let bytes = std::fs::metadata(&file).map_or(0, |m| m.len());
    let kept = std::env::var_os("OPEN_LARGE_CACHE").map(PathBuf::from);
    let dir = kept.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("retrace-open-large-{}", std::process::id()))
    });
    let settings = Settings {
        dir: Some(dir.clone()),
        min_bytes: 0,
    };
    let paths = vec![file.clone()];
    println!(
        "{} ({:.1} MB) at {w}x{h}; load average {}",
        file.display(),
        bytes as f64 / 1e6,
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split(' ')
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    // The file read and parsed, no cache: the cold parse alone (issue 10), then the same with
    // the YAML read whole by serde_yaml (the reader before session 12), for the ratio.
    let bytes_read = std::fs::read(&file).unwrap_or_default();
    let parsed = phase("cold parse (ingest::load_bytes, no cache)", 0, || {
        retrace::ingest::load_bytes(&file, &bytes_read)
    });
    let n = parsed.as_ref().map_or(0, |l| l.incident.timeline.len());
    drop(parsed);
    if std::env::var_os("OPEN_LARGE_WHOLE").is_some()
        && file.extension().is_some_and(|e| e == "yaml")
    {
        let text = String::from_utf8_lossy(&bytes_read).into_owned();
        let whole = phase("the same, YAML read whole by serde_yaml", n, || {
            retrace::ingest::yaml::parse_whole(&file, &text)
        });
        drop(whole);
    }
    drop(bytes_read);
    // The cache keeps files changed in the last two seconds out; a fresh file waits.
    let cold = phase("first read (parsed into the cache unless there)", 0, || {
        let cache = Cache::open_with(&paths, settings.clone());
        let loaded = cache.load(&file);
        let _ = cache.save();
        loaded
    });
    let events = match &cold {
        Ok(l) => l.incident.timeline.len(),
        Err(e) => {
            eprintln!("{}", e.to_diagnostic());
            std::process::exit(1);
        }
    };
    drop(cold);
    println!("{events} events");
    let loaded = phase("warm: the cache's entry read and decoded", events, || {
        let cache = Cache::open_with(&paths, settings.clone());
        cache.load(&file).expect("read back")
    });
    let mut doc = phase("analysis + the list's row (Doc)", events, || {
        Doc::from_loaded(Source::File(file.clone()), loaded)
    });
    // As the TUI's load worker does for a file opened alone: one part of the event index read
    // from the incident, the search over all and the search inside it sharing it.
    let part = phase(
        "the event index (search over all and inside)",
        events,
        || {
            let mut part = retrace::search::Index::new();
            part.push_shared(&file, std::sync::Arc::clone(&doc.incident));
            part
        },
    );
    doc.events = Some(std::sync::Arc::new(part));
    let mut app = App::new(
        vec![Entry::Doc(Box::new(doc))],
        false,
        Theme::new(ThemeName::Dark),
        w,
        h,
    );
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    phase("open: lay out the timeline", events, || {
        app.open(0);
    });
    let frame = |app: &App, term: &mut Terminal<TestBackend>| {
        term.draw(|f| view::render(app, f)).expect("drawn");
    };
    phase("first frame", events, || frame(&app, &mut term));
    phase("End (the last event) + frame", events, || {
        let _ = app.update(Action::Bottom);
        frame(&app, &mut term);
    });
    phase("PageUp + frame", events, || {
        let _ = app.update(Action::PageUp);
        frame(&app, &mut term);
    });
    if kept.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
