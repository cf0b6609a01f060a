//! Loading a folder through the cache of parsed incidents: `cargo bench --bench load`.
//! 200 incidents of the reference corpus (100 events each, about 20,000 events), as YAML and as
//! Markdown, loaded on all cores: parsed every time (no cache) beside read from a warm cache,
//! so the figures read as ratios on a shared machine.

#[path = "support/corpus_gen.rs"]
mod corpus_gen;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use criterion::{Criterion, criterion_group, criterion_main};
use retrace::ingest::cache::{Cache, Settings};
use retrace::ingest::corpus::load_all_cached;

const INCIDENTS: usize = 200;

/// The corpus in `dir/yaml` and `dir/md`, last changed a minute ago (so the cache takes it).
fn write_corpus(dir: &Path) {
    let minute_ago = SystemTime::now() - Duration::from_secs(60);
    for n in 0..INCIDENTS {
        let s = corpus_gen::story(0x5EED, n, 100);
        for (sub, ext, text) in [("yaml", "yaml", s.yaml()), ("md", "md", s.markdown())] {
            let folder = dir.join(sub);
            std::fs::create_dir_all(&folder).unwrap();
            let p = folder.join(format!("{}.{ext}", s.id));
            std::fs::write(&p, text).unwrap();
            std::fs::File::options()
                .write(true)
                .open(&p)
                .unwrap()
                .set_modified(minute_ago)
                .unwrap();
        }
    }
}

fn load(paths: &[PathBuf], cache: Cache) -> usize {
    let (corpus, _) = load_all_cached(paths, cache, |_| ());
    corpus.loaded.len()
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    write_corpus(tmp.path());
    let settings = Settings {
        dir: Some(tmp.path().join("cache")),
        min_bytes: 0,
    };
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    for format in ["yaml", "md"] {
        let paths = vec![tmp.path().join(format)];
        // Fill the cache once.
        assert_eq!(
            load(&paths, Cache::open_with(&paths, settings.clone())),
            INCIDENTS
        );
        g.bench_function(
            format!("{format}: {INCIDENTS} incidents, parsed (no cache)"),
            |b| b.iter(|| black_box(load(&paths, Cache::disabled()))),
        );
        g.bench_function(
            format!("{format}: {INCIDENTS} incidents, warm cache"),
            |b| b.iter(|| black_box(load(&paths, Cache::open_with(&paths, settings.clone())))),
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
