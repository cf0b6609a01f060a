//! Time bounds for the slowest known hostile inputs (issue 11): each must stay under a second.
//! `cargo bench --bench hostile`; figures in docs/HARDENING.md. The Markdown importer's slow
//! inputs are in `benches/hostile_markdown.rs` (behind the `hostile-markdown` feature).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use retrace::ingest;
use retrace::tui::app::Action;
use retrace::tui::bench_support::app_with;
use retrace::tui::view;

#[path = "support/hostile_inputs.rs"]
mod inputs;
use inputs::load;

fn yaml(c: &mut Criterion) {
    let mut g = c.benchmark_group("hostile yaml");
    let deep = inputs::deep_flow();
    g.bench_function("timeline: [ x 10^5 ] x 10^5 (was 49 s)", |b| {
        b.iter(|| load("deep.yaml", black_box(&deep)))
    });
    for n in [10_000, 20_000] {
        let text = inputs::unknown_keys(n);
        let was = if n == 10_000 { "9 s" } else { "60 s" };
        g.bench_function(
            format!("{n} events, one unknown key each (was {was})"),
            |b| b.iter(|| load("unknown.yaml", black_box(&text))),
        );
    }
    let top = inputs::unknown_top_keys(200_000);
    g.bench_function("200k unknown top-level keys (was > 60 s)", |b| {
        b.iter(|| load("top.yaml", black_box(&top)))
    });
    let bomb = inputs::alias_bomb();
    g.bench_function("4 MiB anchor, 2,000 aliases (was: 8 GB, abort)", |b| {
        b.iter(|| load("bomb.yaml", black_box(&bomb)))
    });
    let many = inputs::many_aliases();
    g.bench_function("100k aliases of 1,000 characters (was > 60 s)", |b| {
        b.iter(|| load("many.yaml", black_box(&many)))
    });
    g.finish();
}

fn tui(c: &mut Criterion) {
    let mut g = c.benchmark_group("hostile tui");
    let text = inputs::huge_event();
    let l = ingest::load_str(Path::new("big.yaml"), &text).unwrap();
    let mut app = app_with(l.incident, 120, 40);
    app.update(Action::Top);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    // A keystroke: select the 7 MB event, draw; back off it, draw.
    g.bench_function(
        "keystroke onto a 7 MB event + frame, 120x40 (was 0.6 s)",
        |b| {
            b.iter(|| {
                app.update(Action::Down);
                term.draw(|f| view::render(black_box(&app), f)).unwrap();
                app.update(Action::Up);
                term.draw(|f| view::render(black_box(&app), f)).unwrap();
            })
        },
    );
    app.update(Action::Down);
    app.update(Action::StartSearch);
    g.bench_function("search keystroke + frame on a 7 MB event, 120x40", |b| {
        b.iter(|| {
            app.update(Action::PromptInput('w'));
            term.draw(|f| view::render(black_box(&app), f)).unwrap();
            app.update(Action::PromptBackspace);
            term.draw(|f| view::render(black_box(&app), f)).unwrap();
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(4));
    targets = yaml, tui
}
criterion_main!(benches);
