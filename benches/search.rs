//! Search benchmarks: `cargo bench --bench search`. The reference corpus (500 incidents,
//! about 50,000 events) in one index; each query run by the engine (prefilter, then the terms'
//! byte checks, then fuzzy-matcher's SkimMatcherV2 on the lines they accept; one thread),
//! beside two naive scans of the same lines on one thread — the engine's `Query::score` on
//! every line with no byte-set prefilter, and SkimMatcherV2 alone on every line (each term
//! ANDed) — so the figures read as ratios on a shared machine. Also: building the index, and a keystroke
//! narrowed from the previous query against the same query searched afresh.

#[path = "support/corpus_gen.rs"]
mod corpus_gen;

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use retrace::ingest::load_str;
use retrace::model::Incident;
use retrace::search::{Index, Matcher, Query, Search};

/// The queries of the scale script: a rare word, a common word, two words, a typo-like fuzzy
/// query, no match.
pub const QUERIES: &[(&str, &str)] = &[
    ("rare", "stampede"),
    ("common", "checkout"),
    ("two words", "rollback persisted"),
    ("fuzzy", "netlat"),
    ("no match", "zqxj"),
];

fn corpus() -> Vec<(PathBuf, Incident)> {
    (0..500)
        .map(|n| {
            let s = corpus_gen::story(0x5EED, n, 100);
            let path = PathBuf::from(format!("{}.yaml", s.id));
            let mut loaded = load_str(&path, &s.yaml()).expect("the generated corpus loads");
            // As every load of a folder does (`Cache::load`): the texts in one block.
            loaded.incident.share_text();
            (path, loaded.incident)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let incidents = corpus();
    let index = Index::build(incidents.iter().map(|(p, i)| (p.as_path(), i)));
    let lines: Vec<String> = (0..index.len() as u32).map(|i| index.line(i)).collect();
    let mut g = c.benchmark_group("search");
    g.sample_size(10);
    g.bench_function("build index (50k events)", |b| {
        b.iter(|| Index::build(incidents.iter().map(|(p, i)| (p.as_path(), i))).len())
    });
    for (name, query) in QUERIES {
        g.bench_function(format!("engine: {name} '{query}'"), |b| {
            b.iter(|| {
                let mut s = Search::new(&index, query);
                s.run(&index);
                black_box(s.hits().len())
            })
        });
        g.bench_function(format!("query, every line: {name}"), |b| {
            let q = Query::parse(query);
            let mut m = Matcher::new();
            b.iter(|| {
                lines
                    .iter()
                    .filter(|l| q.score(l, &mut m).is_some())
                    .count()
            })
        });
        g.bench_function(format!("skim, every line: {name}"), |b| {
            let m = SkimMatcherV2::default().smart_case();
            let terms: Vec<&str> = query.split_whitespace().collect();
            b.iter(|| {
                lines
                    .iter()
                    .filter(|l| terms.iter().all(|t| m.fuzzy_match(l, t).is_some()))
                    .count()
            })
        });
    }
    g.bench_function(
        "keystroke 'rollback persisted' narrowed from 'rollback persiste'",
        |b| {
            let mut prev = Search::new(&index, "rollback persiste");
            prev.run(&index);
            let hits = prev.hits().to_vec();
            b.iter_batched(
                || {
                    let mut p = Search::new(&index, "rollback persiste");
                    p.run(&index);
                    assert_eq!(p.hits(), hits.as_slice());
                    p
                },
                |p| {
                    let mut s = p.refine(&index, "rollback persisted");
                    s.run(&index);
                    s.hits().len()
                },
                criterion::BatchSize::LargeInput,
            )
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
