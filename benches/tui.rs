//! TUI benchmarks: `cargo bench --bench tui`. Figures are recorded in docs/BENCHMARKS.md.

#[path = "support/corpus_gen.rs"]
mod corpus_gen;

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use retrace::tui::app::Action;
use retrace::tui::bench_support::{app_with, synthetic_incident};
use retrace::tui::view;

const SEED: &str = include_str!("../tests/fixtures/tui/checkout.yaml");

fn frame(c: &mut Criterion) {
    let mut app = app_with(synthetic_incident(100_000), 160, 48);
    for _ in 0..5 {
        app.update(Action::PageDown);
    }
    app.update(Action::Bottom);
    app.update(Action::PageUp);
    let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
    c.bench_function("frame render, 100k-event incident, 160x48", |b| {
        b.iter(|| {
            term.draw(|f| view::render(black_box(&app), f)).unwrap();
        })
    });
    // A frame while a search is active (highlights on the visible rows).
    app.update(Action::StartSearch);
    for ch in "replica".chars() {
        app.update(Action::PromptInput(ch));
    }
    c.bench_function("frame render with search highlights, 100k, 160x48", |b| {
        b.iter(|| {
            term.draw(|f| view::render(black_box(&app), f)).unwrap();
        })
    });
}

fn search(c: &mut Criterion) {
    let mut app = app_with(synthetic_incident(100_000), 160, 48);
    app.update(Action::StartSearch);
    // The worst keystroke: the first character scans every event.
    c.bench_function("search keystroke, first char over 100k events", |b| {
        b.iter(|| {
            app.update(Action::PromptInput('r'));
            app.update(Action::PromptBackspace);
        })
    });
    // Typing on: each extension narrows the previous matches.
    c.bench_function(
        "search keystrokes, typing `replica lag` over 100k (11 keys)",
        |b| {
            b.iter(|| {
                for ch in "replica lag".chars() {
                    app.update(Action::PromptInput(ch));
                }
                app.update(Action::PromptClear);
            })
        },
    );
    app.update(Action::PromptInput('r'));
    c.bench_function(
        "search keystroke, backspace restores previous matches",
        |b| {
            b.iter(|| {
                app.update(Action::PromptInput('e'));
                app.update(Action::PromptBackspace);
            })
        },
    );
}

/// Incidents of the reference corpus as list entries (100 events each).
fn corpus_entries(n: usize) -> Vec<retrace::tui::app::Entry> {
    (0..n)
        .map(|i| {
            let s = corpus_gen::story(0x5EED, i, 100);
            let path = std::path::PathBuf::from(format!("{}.yaml", s.id));
            let l = retrace::ingest::load_str(&path, &s.yaml()).expect("the corpus loads");
            retrace::tui::app::Entry::Doc(Box::new(retrace::tui::app::Doc::from_loaded(
                retrace::tui::app::Source::File(path),
                l,
            )))
        })
        .collect()
}

/// What a keystroke in the search over all incidents costs the UI thread: `update`, handing
/// the query to the search worker, and a frame (the worker searches beside it).
fn search_all(c: &mut Criterion) {
    const QUERY: &str = "rollback persisted";
    let mut app = retrace::tui::app::App::new(
        corpus_entries(3000),
        false,
        retrace::tui::theme::Theme::new(retrace::tui::theme::ThemeName::Dark),
        160,
        48,
    );
    let events = app.index.as_ref().map_or(0, |i| i.index.len());
    let mut searching = retrace::tui::command::Searching::default();
    let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
    app.update(Action::StartSearch);
    let mut g = c.benchmark_group("search over all incidents");
    g.throughput(criterion::Throughput::Elements(QUERY.len() as u64));
    g.bench_function(
        format!("UI thread per key: typing `{QUERY}` over 3,000 incidents ({events} events)"),
        |b| {
            b.iter(|| {
                for ch in QUERY.chars() {
                    for cmd in app.update(Action::PromptInput(ch)) {
                        if let retrace::tui::command::Command::Search(req) = cmd {
                            searching.send(&req).unwrap();
                        }
                    }
                    term.draw(|f| view::render(&app, f)).unwrap();
                }
                app.update(Action::PromptClear);
            })
        },
    );
    g.finish();
    // Results coming back: the best 2,000 mapped to rows, and a frame.
    for ch in "re".chars() {
        app.update(Action::PromptInput(ch));
    }
    let index = std::sync::Arc::clone(&app.index.as_ref().unwrap().index);
    let done = retrace::search::Searcher::spawn(index, retrace::tui::search::BEST)
        .and_then(|s| {
            s.query("re");
            s.wait_done(std::time::Duration::from_secs(120))
                .ok_or_else(|| std::io::Error::other("timed out"))
        })
        .unwrap();
    c.bench_function(
        &format!(
            "results of `re` ({} matches, best {}) applied + frame",
            done.matched,
            done.best.len()
        ),
        |b| {
            b.iter(|| {
                app.update(Action::SearchUpdate(Box::new(done.clone())));
                term.draw(|f| view::render(&app, f)).unwrap();
            })
        },
    );
}

fn load(c: &mut Criterion) {
    c.bench_function("load + analyze + lay out the seed incident", |b| {
        b.iter(|| {
            let l = retrace::ingest::load_str(Path::new("checkout.yaml"), black_box(SEED)).unwrap();
            let a = retrace::analysis::analyze(&l.incident);
            let lay = retrace::tui::timeline::TimelineLayout::new(
                &l.incident,
                &a,
                retrace::tui::timeline::Zone::Incident,
            );
            black_box(lay.rows.len())
        })
    });
    c.bench_function("startup to first frame, seed incident, 120x40", |b| {
        b.iter(|| {
            let l = retrace::ingest::load_str(Path::new("checkout.yaml"), SEED).unwrap();
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
            let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
            term.draw(|f| view::render(&app, f)).unwrap();
        })
    });
    c.bench_function(
        "open a 100k-event incident (analyze, index words, lay out)",
        |b| {
            let inc = synthetic_incident(100_000);
            b.iter_batched(
                || inc.clone(),
                |inc| app_with(inc, 160, 48),
                criterion::BatchSize::LargeInput,
            )
        },
    );
    c.bench_function("lay out a 100k-event timeline (on open, and on `t`)", |b| {
        let inc = synthetic_incident(100_000);
        let a = retrace::analysis::analyze(&inc);
        b.iter(|| {
            retrace::tui::timeline::TimelineLayout::new(
                &inc,
                &a,
                retrace::tui::timeline::Zone::Incident,
            )
            .rows
            .len()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = frame, search, search_all, load
}
criterion_main!(benches);
