//! CPU time per operation, for a machine shared with other work where wall-clock benchmarks
//! mostly measure the wait for a core: `cargo run --release --example cpu_cost`.
//!
//! Reads the process's user+system time from `/proc/self/stat` (all threads, Linux only)
//! around many repetitions of each operation the criterion benches measure.
//! `cargo run --release --example cpu_cost -- scale DIR`: the list's keys over a large folder.

use std::hint::black_box;

#[path = "../benches/support/hostile_inputs.rs"]
mod hostile;
#[path = "../benches/support/cpu_time.rs"]
mod process_cpu;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use retrace::tui::app::Action;
use retrace::tui::bench_support::{app_with, synthetic_incident};
use retrace::tui::view;

use process_cpu::cpu_ms;

fn measure(name: &str, reps: usize, f: impl FnMut()) {
    measure_per(name, reps, 1, f)
}

/// `per`: operations in one call of `f` (the figures are per operation).
fn measure_per(name: &str, reps: usize, per: usize, mut f: impl FnMut()) {
    f();
    let (c0, w0) = (cpu_ms(), std::time::Instant::now());
    for _ in 0..reps {
        f();
    }
    let n = (reps * per) as f64;
    let cpu = (cpu_ms() - c0) / n;
    let wall = w0.elapsed().as_secs_f64() * 1000.0 / n;
    println!("{name:<58} cpu {cpu:>8.3} ms   wall {wall:>8.3} ms");
}

/// `cpu_cost scale DIR`: the list's keys over a large folder (e.g. the 10,000-incident
/// reference corpus, `cargo run --release --example corpus -- OUT`), on the UI thread.
fn scale(dir: &std::path::Path) {
    const BATCH: usize = 256;
    let (mut all, tui_index) = retrace::tui::load_indexed(&[dir.to_path_buf()]);
    let batch = all.split_off(all.len().saturating_sub(BATCH));
    let theme = retrace::tui::theme::Theme::new(retrace::tui::theme::ThemeName::Dark);
    let mut app = retrace::tui::app::App::new(all, false, theme, 120, 40);
    let n = app.entries.len();
    println!("{n} incidents of {}, 120x40", dir.display());
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("backend");
    measure("list frame", 200, || {
        term.draw(|f| view::render(black_box(&app), f))
            .expect("draw");
    });
    // A folder's list keeps no timeline: opening reads the incident's file again (in place
    // here; off the UI thread in the TUI). A different incident each time (the one open before
    // drops its timeline), then back to the list.
    let mut exec = retrace::tui::command::Blocking::new(None);
    measure(
        "open the next incident (its file read again) + frame, back",
        100,
        || {
            app.update(Action::Down);
            exec.update(&mut app, Action::Open);
            assert_eq!(app.screen, retrace::tui::app::Screen::Incident);
            term.draw(|f| view::render(&app, f)).expect("draw");
            while app.screen != retrace::tui::app::Screen::List {
                app.update(Action::Back);
            }
        },
    );
    app.update(Action::Top);
    measure("scroll: PageDown + frame", 200, || {
        app.update(Action::PageDown);
        term.draw(|f| view::render(&app, f)).expect("draw");
    });
    app.update(Action::Top);
    measure("sort: reverse the order + frame", 50, || {
        app.update(Action::SortReverse);
        term.draw(|f| view::render(&app, f)).expect("draw");
    });
    app.update(Action::StartFilter);
    measure_per("filter: a key + frame (`c`, backspace)", 25, 2, || {
        app.update(Action::PromptInput('c'));
        term.draw(|f| view::render(&app, f)).expect("draw");
        app.update(Action::PromptBackspace);
        term.draw(|f| view::render(&app, f)).expect("draw");
    });
    app.update(Action::PromptCancel);
    app.loading = Some(retrace::tui::loading::LoadProgress::default());
    let (mut cpu, reps) = (0.0, 30);
    let wall = std::time::Instant::now();
    for _ in 0..reps {
        let load = retrace::tui::loading::LoadBatch {
            entries: batch.clone(),
            progress: retrace::tui::loading::LoadProgress::default(),
            index: None,
        };
        let c0 = cpu_ms();
        app.update(Action::LoadBatch(Box::new(load)));
        term.draw(|f| view::render(&app, f)).expect("draw");
        cpu += cpu_ms() - c0;
        app.entries.truncate(n);
    }
    println!(
        "{:<58} cpu {:>8.3} ms   wall {:>8.3} ms (with the batch's copy)",
        format!("a load batch of {BATCH} files joins the list + frame"),
        cpu / f64::from(reps),
        wall.elapsed().as_secs_f64() * 1000.0 / f64::from(reps)
    );
    app.loading = None;
    measure(
        "stats: open (S) after the incidents changed + frame",
        10,
        || {
            app.corpus_version += 1;
            app.update(Action::OpenStats);
            term.draw(|f| view::render(&app, f)).expect("draw");
            app.update(Action::Back);
        },
    );
    measure("stats: open (S) again + frame", 200, || {
        app.update(Action::OpenStats);
        term.draw(|f| view::render(&app, f)).expect("draw");
        app.update(Action::Back);
    });
    app.update(Action::OpenStats);
    measure("stats: scroll a line + frame", 200, || {
        app.update(Action::Down);
        term.draw(|f| view::render(&app, f)).expect("draw");
        app.update(Action::Up);
    });
    drop(app);
    search_over_all(dir, &tui_index.index);
}

/// The search over all incidents as the TUI's worker runs it (2 threads), over an index that
/// reads the events from incidents the list keeps (the TUI's until session 9) beside the TUI's
/// index now, built in the load workers, which holds its own lines (as `retrace search`
/// builds it; the list keeps no timeline), alternating, CPU per search.
fn search_over_all(dir: &std::path::Path, own: &retrace::search::Index) {
    use retrace::search::{Index, search};
    let paths = [dir.to_path_buf()];
    let cache = retrace::ingest::cache::Cache::open(&paths);
    let kept =
        retrace::tui::entries(retrace::ingest::corpus::load_all_cached(&paths, cache, |_| ()).0);
    let read = retrace::tui::search::EventIndex::of_entries(&kept).index;
    let own: &Index = own;
    println!(
        "search over all incidents ({} events; index tables: {:.1} MB reading the incidents, {:.1} MB holding the lines)",
        read.len(),
        read.heap_bytes() as f64 / 1e6,
        own.heap_bytes() as f64 / 1e6
    );
    for q in [
        "stampede",
        "checkout",
        "rollback persisted",
        "netlat",
        "zqxj",
    ] {
        let (mut t_read, mut t_own, reps) = (0.0, 0.0, 10);
        for rep in 0..reps {
            // Alternating which goes first, each timed alone.
            let timed = |index: &Index, t: &mut f64| {
                let c0 = cpu_ms();
                let hits = search(index, q, 2, None);
                *t += cpu_ms() - c0;
                hits
            };
            let (a, b) = if rep % 2 == 0 {
                let a = timed(own, &mut t_own);
                (a, timed(&read, &mut t_read))
            } else {
                let b = timed(&read, &mut t_read);
                (timed(own, &mut t_own), b)
            };
            assert_eq!(
                a.iter().map(|h| h.line).collect::<Vec<_>>(),
                b.iter().map(|h| h.line).collect::<Vec<_>>(),
                "{q}: the two indexes found different lines"
            );
        }
        println!(
            "  {:<20} reading the incidents cpu {:>8.1} ms   holding the lines {:>8.1} ms   ratio {:.2}",
            format!("`{q}`"),
            t_read / f64::from(reps),
            t_own / f64::from(reps),
            t_read / t_own
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, dir] = args.as_slice()
        && mode == "scale"
    {
        return scale(std::path::Path::new(dir));
    }
    let mut app = app_with(synthetic_incident(100_000), 160, 48);
    app.update(Action::Bottom);
    app.update(Action::PageUp);
    let mut term = Terminal::new(TestBackend::new(160, 48)).expect("backend");
    measure("frame render, 100k-event incident, 160x48", 2000, || {
        term.draw(|f| view::render(black_box(&app), f))
            .expect("draw");
    });
    app.update(Action::StartSearch);
    measure("search keystroke, first char over 100k events", 300, || {
        app.update(Action::PromptInput('r'));
        app.update(Action::PromptBackspace);
    });
    app.update(Action::PromptInput('r'));
    measure(
        "search keystroke, narrowing `r` -> `re`, then backspace",
        300,
        || {
            app.update(Action::PromptInput('e'));
            app.update(Action::PromptBackspace);
        },
    );
    app.update(Action::PromptClear);
    measure_per("search, typing `replica lag`, per key", 100, 11, || {
        for ch in "replica lag".chars() {
            app.update(Action::PromptInput(ch));
        }
        app.update(Action::PromptClear);
    });
    let seed = include_str!("../tests/fixtures/tui/checkout.yaml");
    measure("startup to first frame, seed incident, 120x40", 500, || {
        let l =
            retrace::ingest::load_str(std::path::Path::new("checkout.yaml"), seed).expect("loads");
        let doc = retrace::tui::app::Doc::from_loaded(
            retrace::tui::app::Source::Sample("checkout.yaml".into()),
            l,
        );
        let app = retrace::tui::app::App::new(
            vec![retrace::tui::app::Entry::Doc(Box::new(doc))],
            false,
            retrace::tui::theme::Theme::new(retrace::tui::theme::ThemeName::Dark),
            120,
            40,
        );
        let mut t = Terminal::new(TestBackend::new(120, 40)).expect("backend");
        t.draw(|f| view::render(&app, f)).expect("draw");
    });
    let inc = synthetic_incident(100_000);
    measure(
        "open a 100k-event incident (analyze, index, lay out)",
        5,
        || {
            black_box(app_with(inc.clone(), 160, 48));
        },
    );

    // The slowest known hostile inputs (issue 11; docs/HARDENING.md).
    for (name, text) in [
        ("hostile: timeline: [ x 10^5 ] x 10^5", hostile::deep_flow()),
        (
            "hostile: 10k events, one unknown key each",
            hostile::unknown_keys(10_000),
        ),
        (
            "hostile: 20k events, one unknown key each",
            hostile::unknown_keys(20_000),
        ),
        (
            "hostile: 200k unknown top-level keys",
            hostile::unknown_top_keys(200_000),
        ),
        (
            "hostile: 4 MiB anchor, 2,000 aliases",
            hostile::alias_bomb(),
        ),
        (
            "hostile: 100k aliases of 1,000 characters",
            hostile::many_aliases(),
        ),
    ] {
        measure(name, 5, || {
            black_box(hostile::load("hostile.yaml", black_box(&text)));
        });
    }
    let big = retrace::ingest::load_str(std::path::Path::new("big.yaml"), &hostile::huge_event())
        .expect("loads");
    let mut app = app_with(big.incident, 120, 40);
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("backend");
    measure(
        "hostile: keystroke onto a 7 MB event + frame, 120x40",
        200,
        || {
            app.update(Action::Down);
            term.draw(|f| view::render(black_box(&app), f))
                .expect("draw");
            app.update(Action::Up);
        },
    );
}
