//! The cost of saving a note: `cargo bench --bench store`.
//!
//! `note_on_1000_events` is the whole transaction a responder waits for when pressing Enter:
//! take the lock, read a 1,000-event incident (parsing it again unless it is byte for byte what
//! this writer last wrote), splice the note's lines into the timeline, write the file to a
//! temporary file, fsync it, rename it over the original and fsync the folder.
//! `..._after_another_writers_note` is the same when another writer added a note since (only
//! that note is read); `..._changed_by_another_writer` when the file was rewritten since (it is
//! parsed again whole).
//! `rewrite_whole_file_1000_events` is what a save cost before format-preserving edits (the
//! incident serialised whole, then written the same way), for the ratio. The others split the
//! cost into its parts. Figures: docs/BENCHMARKS-store.md.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

use retrace::ingest::yaml;
use retrace::model::{Event, EventKind, Incident, Timestamp};
use retrace::store::{self, Writer};

/// A realistic long incident: 1,000 events over ten hours, a few authors, some branches.
fn incident_with(events: usize) -> Incident {
    let start: Timestamp = chrono::DateTime::parse_from_rfc3339("2026-11-25T08:00:00Z").unwrap();
    let kinds = [
        EventKind::Note,
        EventKind::Investigation,
        EventKind::Action,
        EventKind::Communication,
        EventKind::Hypothesis,
    ];
    let mut inc = Incident {
        title: "Checkout latency".into(),
        date: Some(start.date_naive()),
        timezone: Some(*start.offset()),
        ..Default::default()
    };
    inc.milestones.started = Some(start);
    for i in 0..events {
        let at = start + chrono::Duration::seconds(36 * i as i64);
        let mut e = Event::new(
            at,
            kinds[i % kinds.len()],
            format!(
                "Event {i}: p99 latency on checkout-api at {}ms, looking at pod restarts and the connection pool",
                400 + i % 700
            ),
        );
        e.author = Some(["ann", "bob", "chen", "dara"][i % 4].into());
        if i % 50 == 0 {
            e.links = vec![format!("https://dashboards.example/d/{i}")].into();
        }
        inc.timeline.push(e);
    }
    inc
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2026-11-25-checkout-latency.yaml");
    let text = yaml::to_yaml(&incident_with(1000)).unwrap();
    // Written and fsynced like a real save, so that the timed saves do not pay for it.
    let reset = |p: &Path| store::atomic_write(p, text.as_bytes()).unwrap();
    reset(&path);
    let mut writer = Writer::new(&path, Some("bench".into()));

    // The common case: a responder's notes, one after another, the file as this writer left
    // it (checked byte for byte under the lock, so the parse is skipped). The file is reset to
    // 1,000 events at the start of each sample and grows by a few notes within it.
    c.bench_function("note_on_1000_events", |b| {
        b.iter_custom(|iters| {
            reset(&path);
            writer
                .note("warm-up: the writer reads the file once", None, None, None)
                .unwrap();
            let t0 = Instant::now();
            for _ in 0..iters {
                writer
                    .note("Rolled back checkout-api to v41", None, None, None)
                    .unwrap();
            }
            t0.elapsed()
        })
    });
    // Two responders: another writer added a note before each of ours (read alone, not the
    // whole file again).
    let mut other = Writer::new(&path, Some("other".into()));
    c.bench_function("note_on_1000_events_after_another_writers_note", |b| {
        b.iter_custom(|iters| {
            reset(&path);
            writer.note("warm-up", None, None, None).unwrap();
            let mut spent = std::time::Duration::ZERO;
            for _ in 0..iters {
                other
                    .note("Their note: pods restarting", None, None, None)
                    .unwrap();
                let t0 = Instant::now();
                writer
                    .note("Rolled back checkout-api to v41", None, None, None)
                    .unwrap();
                spent += t0.elapsed();
            }
            spent
        })
    });
    // The worst case: the file was rewritten by something else before every note (an editor),
    // so it is parsed again whole.
    c.bench_function("note_on_1000_events_changed_by_another_writer", |b| {
        b.iter_batched(
            || reset(&path),
            |()| {
                writer
                    .note("Rolled back checkout-api to v41", None, None, None)
                    .unwrap()
            },
            BatchSize::PerIteration,
        )
    });

    // A milestone marked (one key line, one marker event) on the file as this writer left it.
    c.bench_function("milestone_on_1000_events", |b| {
        b.iter_custom(|iters| {
            reset(&path);
            writer.note("warm-up", None, None, None).unwrap();
            let t0 = Instant::now();
            for _ in 0..iters {
                writer
                    .set_milestone(
                        retrace::model::MilestoneKind::Mitigated,
                        store::stamp::now(),
                    )
                    .unwrap();
            }
            t0.elapsed()
        })
    });
    // The old way, for the ratio: serialise the whole incident and write it (fsyncs included).
    let (whole, _) = yaml::parse(&path, &text).unwrap();
    let rewritten = dir.path().join("rewritten.yaml");
    c.bench_function("rewrite_whole_file_1000_events", |b| {
        b.iter(|| {
            let t = yaml::to_yaml(black_box(&whole)).unwrap();
            store::atomic_write(&rewritten, t.as_bytes()).unwrap()
        })
    });

    c.bench_function("parse_1000_events", |b| {
        b.iter(|| yaml::parse(&path, black_box(&text)).unwrap())
    });
    let (inc, _) = yaml::parse(&path, &text).unwrap();
    c.bench_function("to_yaml_1000_events", |b| {
        b.iter(|| yaml::to_yaml(black_box(&inc)).unwrap())
    });
    let scratch = dir.path().join("scratch.yaml");
    c.bench_function("atomic_write_with_fsync", |b| {
        b.iter(|| store::atomic_write(&scratch, text.as_bytes()).unwrap())
    });
}

criterion_group! {
    name = store;
    config = Criterion::default().sample_size(40).measurement_time(std::time::Duration::from_secs(4));
    targets = benches
}
criterion_main!(store);
