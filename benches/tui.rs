//! TUI benchmarks: `cargo bench --bench tui`. Figures are recorded in docs/BENCHMARKS.md.

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
    targets = frame, search, load
}
criterion_main!(benches);
