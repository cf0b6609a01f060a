//! Importer benchmarks: `cargo bench --bench import`. A Markdown postmortem with a 1,000-entry
//! timeline in varied wording (theories, ruled-out attempts, fixes, reports), imported whole;
//! beside it, the lexicon's scan of the same entries alone, and the same events loaded from
//! native YAML, so the figures read as ratios on a noisy machine. Per-event cost = time / 1000.
//! Then the reference corpus's Markdown (`benches/support/corpus_gen.rs`, what `benches/scale.sh`
//! loads): 50 of its postmortems imported one after another, reported per event (criterion's
//! throughput, events/s; per-event cost = 1 / that).

use std::fmt::Write;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use retrace::ingest::lexicon::Scan;
use retrace::ingest::{load_str, markdown};

#[path = "support/corpus_gen.rs"]
mod corpus_gen;

const WORDING: &[&str] = &[
    "Checkout errors start climbing for EU users",
    "Pager fires for checkout 5xx; on-call acknowledged the page",
    "We suspect the new CDN rule; traffic moved off the CDN",
    "Errors unchanged without the CDN; CDN theory ruled out",
    "Investigating whether the payment token cache expired",
    "Nothing unusual found in the broker logs",
    "Rolled back the release, but the issue persisted",
    "Expired payment-token cache found.",
    "Cache refreshed; errors drop",
    "Status page updated for customers",
    "Escalated to the database team",
    "Service restored, all systems operational",
];

const EVENTS: usize = 1000;

fn markdown_doc() -> String {
    let mut s =
        String::from("# Checkout outage\n\nDate: 2025-04-02\n\n## Timeline (all times UTC)\n");
    for i in 0..EVENTS {
        let m = i % (24 * 60);
        let _ = writeln!(
            s,
            "- {:02}:{:02} {}",
            m / 60,
            m % 60,
            WORDING[i % WORDING.len()]
        );
    }
    s
}

fn yaml_doc() -> String {
    let mut s =
        String::from("title: Checkout outage\ndate: 2025-04-02\ntimezone: UTC\ntimeline:\n");
    for i in 0..EVENTS {
        let m = i % (24 * 60);
        let _ = writeln!(
            s,
            "  - at: \"{:02}:{:02}\"\n    kind: note\n    text: \"{}\"",
            m / 60,
            m % 60,
            WORDING[i % WORDING.len()]
        );
    }
    s
}

fn import(c: &mut Criterion) {
    let md = markdown_doc();
    let yaml = yaml_doc();
    let mut g = c.benchmark_group("import, 1,000 events");
    g.bench_function("markdown postmortem (whole pipeline)", |b| {
        b.iter(|| markdown::import(Path::new("bench.md"), black_box(&md)).unwrap())
    });
    g.bench_function("lexicon scan of the entries alone", |b| {
        b.iter(|| {
            for i in 0..EVENTS {
                black_box(Scan::new(black_box(WORDING[i % WORDING.len()])).kind());
            }
        })
    });
    g.bench_function("native YAML, same events", |b| {
        b.iter(|| load_str(Path::new("bench.yaml"), black_box(&yaml)).unwrap())
    });
    g.finish();
}

/// Postmortems of the reference corpus imported per iteration.
const CORPUS_FILES: usize = 50;

fn import_reference_corpus(c: &mut Criterion) {
    let docs: Vec<String> = (0..CORPUS_FILES)
        .map(|n| corpus_gen::story(0x5EED, n, 100).markdown())
        .collect();
    let events: usize = docs
        .iter()
        .map(|d| {
            markdown::import(Path::new("bench.md"), d)
                .unwrap()
                .0
                .timeline
                .len()
        })
        .sum();
    let mut g = c.benchmark_group(format!(
        "import, reference corpus: {CORPUS_FILES} Markdown postmortems, {events} events"
    ));
    g.throughput(Throughput::Elements(events as u64));
    g.bench_function("markdown postmortems (whole pipeline), per event", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(markdown::import(Path::new("bench.md"), black_box(d)).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, import, import_reference_corpus);
criterion_main!(benches);
