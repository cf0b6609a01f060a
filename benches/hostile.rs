//! Time bounds for the slowest known hostile inputs (issue 11): each must stay under a second.
//! `cargo bench --bench hostile`; figures in docs/HARDENING.md. The Markdown importer's slow
//! inputs are in `benches/hostile_markdown.rs` (behind the `hostile-markdown` feature).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use retrace::ingest;
use retrace::tui::app::{Action, App, Doc, Entry, Source};
use retrace::tui::theme::{Theme, ThemeName};
use retrace::tui::view;

fn load(name: &str, text: &str) -> usize {
    match ingest::load_str(Path::new(name), text) {
        Ok(l) => l.diagnostics.len() + l.incident.timeline.len(),
        Err(e) => e.to_diagnostic().line,
    }
}

fn yaml(c: &mut Criterion) {
    let mut g = c.benchmark_group("hostile yaml");
    let deep = format!(
        "title: t\ntimeline: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    g.bench_function("timeline: [ x 10^5 ] x 10^5 (was 49 s)", |b| {
        b.iter(|| load("deep.yaml", black_box(&deep)))
    });
    for n in [10_000, 20_000] {
        let mut text = String::from("title: t\ndate: 2024-01-01\ntimeline:\n");
        for i in 0..n {
            text.push_str(&format!(
                "  - at: \"10:{:02}\"\n    kind: note\n    text: e{i}\n    colour: red\n",
                i % 60
            ));
        }
        let was = if n == 10_000 { "9 s" } else { "60 s" };
        g.bench_function(
            format!("{n} events, one unknown key each (was {was})"),
            |b| b.iter(|| load("unknown.yaml", black_box(&text))),
        );
    }
    let mut top = String::from("title: t\ntimeline: []\n");
    for i in 0..200_000 {
        top.push_str(&format!("k{i}: v\n"));
    }
    g.bench_function("200k unknown top-level keys (was > 60 s)", |b| {
        b.iter(|| load("top.yaml", black_box(&top)))
    });
    let mut bomb = String::from("title: bomb\nanchor: &big \"");
    bomb.push_str(&"x".repeat(4 * 1024 * 1024));
    bomb.push_str("\"\nservices:\n");
    for _ in 0..2000 {
        bomb.push_str("  - *big\n");
    }
    g.bench_function("4 MiB anchor, 2,000 aliases (was: 8 GB, abort)", |b| {
        b.iter(|| load("bomb.yaml", black_box(&bomb)))
    });
    let mut many = format!("title: t\nanchor: &a {}\nservices:\n", "y".repeat(1000));
    for _ in 0..100_000 {
        many.push_str("  - *a\n");
    }
    g.bench_function("100k aliases of 1,000 characters (was > 60 s)", |b| {
        b.iter(|| load("many.yaml", black_box(&many)))
    });
    g.finish();
}

fn tui(c: &mut Criterion) {
    let mut g = c.benchmark_group("hostile tui");
    let mut text = String::from(
        "title: big\ndate: 2024-01-01\ntimeline:\n  - at: \"09:59\"\n    kind: note\n    text: before\n  - at: \"10:00\"\n    kind: note\n    text: \"",
    );
    text.push_str(&"word ".repeat(7 * 1024 * 1024 / 5));
    text.push_str("\"\n  - at: \"10:01\"\n    kind: note\n    text: after\n");
    let l = ingest::load_str(Path::new("big.yaml"), &text).unwrap();
    let doc = Doc::from_loaded(Source::File("big.yaml".into()), l);
    let mut app = App::new(
        vec![Entry::Doc(Box::new(doc))],
        false,
        Theme::new(ThemeName::Dark),
        120,
        40,
    );
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
