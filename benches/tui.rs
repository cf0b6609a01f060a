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
    corpus_range(0..n)
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

/// The reference corpus' first `n` incidents (100 events each) as list entries, read from YAML
/// on two threads.
fn corpus_entries_parallel(n: usize) -> Vec<retrace::tui::app::Entry> {
    let half = n / 2;
    std::thread::scope(|s| {
        let first = s.spawn(|| corpus_range(0..half));
        let second = corpus_range(half..n);
        let mut v = first.join().expect("the first half loads");
        v.extend(second);
        v
    })
}

/// Incidents `range` of the reference corpus as list entries (100 events each).
fn corpus_range(range: std::ops::Range<usize>) -> Vec<retrace::tui::app::Entry> {
    range
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

/// What a person waits for on the UI thread with 10,000 incidents (1,000,000 events) open: a
/// frame of the list, scrolling, filtering and sorting, a batch of files joining the list while
/// loading, the first `/` and each key of a search over all incidents, the stats screen.
fn at_scale(c: &mut Criterion) {
    use retrace::tui::command::{Command, Searching};
    const N: usize = 10_000;
    const BATCH: usize = 256;
    let mut all = corpus_entries_parallel(N);
    let batch: Vec<retrace::tui::app::Entry> = all.split_off(N - BATCH);
    let mut app = retrace::tui::app::App::new(
        all,
        false,
        retrace::tui::theme::Theme::new(retrace::tui::theme::ThemeName::Dark),
        120,
        40,
    );
    let events = app.index.as_ref().map_or(0, |i| i.index.len());
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut g = c.benchmark_group(format!(
        "at scale, {} incidents ({events} events), 120x40",
        N - BATCH
    ));
    g.bench_function("list frame", |b| {
        b.iter(|| {
            term.draw(|f| view::render(black_box(&app), f)).unwrap();
        })
    });
    g.bench_function("scroll: PageDown + frame", |b| {
        b.iter(|| {
            app.update(Action::PageDown);
            term.draw(|f| view::render(&app, f)).unwrap();
        })
    });
    app.update(Action::Top);
    g.bench_function("sort: reverse the order + frame", |b| {
        b.iter(|| {
            app.update(Action::SortReverse);
            term.draw(|f| view::render(&app, f)).unwrap();
        })
    });
    app.update(Action::StartFilter);
    g.bench_function("filter: a key (`c`, then backspace) + frame", |b| {
        b.iter(|| {
            app.update(Action::PromptInput('c'));
            term.draw(|f| view::render(&app, f)).unwrap();
            app.update(Action::PromptBackspace);
        })
    });
    app.update(Action::PromptCancel);
    // A batch of files joining the list while loading (as the load thread sends it): the
    // entries, the list sorted again, the event index grown; then a frame.
    let part = {
        let mut ix = retrace::search::Index::new();
        for e in &batch {
            if let Some(d) = e.doc() {
                let retrace::tui::app::Source::File(p) = &d.source else {
                    unreachable!("files")
                };
                ix.push_incident(p, &d.incident);
            }
        }
        ix
    };
    app.loading = Some(retrace::tui::loading::LoadProgress {
        read: N - BATCH,
        total: N,
        errors: 0,
    });
    let (entries_before, index_before) = (app.entries.len(), app.index.clone());
    let grown = std::sync::Arc::new(index_before.as_ref().unwrap().index.extended(&part));
    g.bench_function(
        format!("a load batch of {BATCH} files joins the list + frame"),
        |b| {
            b.iter_custom(|iters| {
                let mut spent = std::time::Duration::ZERO;
                for _ in 0..iters {
                    let load = retrace::tui::loading::LoadBatch {
                        entries: batch.clone(),
                        progress: retrace::tui::loading::LoadProgress {
                            read: N,
                            total: N,
                            errors: 0,
                        },
                        index: Some(std::sync::Arc::clone(&grown)),
                    };
                    let start = std::time::Instant::now();
                    app.update(Action::LoadBatch(Box::new(load)));
                    term.draw(|f| view::render(&app, f)).unwrap();
                    spent += start.elapsed();
                    app.entries.truncate(entries_before);
                    app.index.clone_from(&index_before);
                }
                spent
            })
        },
    );
    app.loading = None;
    // The search over all incidents: what a key costs this thread (the worker runs beside).
    let mut searching = Searching::default();
    let mut send = |app: &mut retrace::tui::app::App, action| {
        for cmd in app.update(action) {
            if let Command::Search(req) = cmd {
                searching.send(&req).unwrap();
            }
        }
    };
    g.bench_function("first `/` and its first key + frame", |b| {
        b.iter(|| {
            send(&mut app, Action::StartSearch);
            send(&mut app, Action::PromptInput('r'));
            term.draw(|f| view::render(&app, f)).unwrap();
            send(&mut app, Action::PromptCancel);
        })
    });
    const QUERY: &str = "rollback persisted";
    send(&mut app, Action::StartSearch);
    g.throughput(criterion::Throughput::Elements(QUERY.len() as u64));
    g.bench_function(format!("UI thread per key: typing `{QUERY}`"), |b| {
        b.iter(|| {
            for ch in QUERY.chars() {
                send(&mut app, Action::PromptInput(ch));
                term.draw(|f| view::render(&app, f)).unwrap();
            }
            send(&mut app, Action::PromptClear);
        })
    });
    g.throughput(criterion::Throughput::Elements(1));
    send(&mut app, Action::PromptCancel);
    g.bench_function("stats: open (S) after the incidents changed + frame", |b| {
        b.iter(|| {
            app.corpus_version += 1;
            app.update(Action::OpenStats);
            term.draw(|f| view::render(&app, f)).unwrap();
            app.update(Action::Back);
        })
    });
    g.bench_function("stats: open (S) again, nothing changed + frame", |b| {
        b.iter(|| {
            app.update(Action::OpenStats);
            term.draw(|f| view::render(&app, f)).unwrap();
            app.update(Action::Back);
        })
    });
    app.update(Action::OpenStats);
    g.bench_function("stats: scroll a line + frame", |b| {
        b.iter(|| {
            app.update(Action::Down);
            term.draw(|f| view::render(&app, f)).unwrap();
            app.update(Action::Up);
        })
    });
    g.finish();
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
criterion_group! {
    name = scale;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = at_scale
}
criterion_main!(benches, scale);
