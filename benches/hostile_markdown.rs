//! Time bounds for the Markdown importer's slow inputs (issue 11, item 6), each to stay under a
//! second once the importer is rebuilt. Behind the `hostile-markdown` feature:
//! `cargo bench --features hostile-markdown --bench hostile_markdown`. Figures in
//! docs/HARDENING.md.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn import(text: &str) -> usize {
    match retrace::ingest::load_str(Path::new("slow.md"), text) {
        Ok(l) => l.incident.timeline.len(),
        Err(e) => e.to_diagnostic().line,
    }
}

fn bare_lines(n: usize) -> String {
    let mut s = String::from("# Long night\n\nDate: 2024-08-15\n\n## Timeline (UTC)\n\n");
    for i in 0..n {
        s.push_str(&format!("{:02}:{:02} x\n", (i / 60) % 24, i % 60));
    }
    s
}

fn markdown(c: &mut Criterion) {
    let mut g = c.benchmark_group("hostile markdown");
    for (n, was) in [(200_000, "15 s"), (400_000, "44 s"), (1_000_000, "205 s")] {
        let text = bare_lines(n);
        g.bench_function(format!("{n} bare HH:MM lines (was {was})"), |b| {
            b.iter(|| import(black_box(&text)))
        });
    }
    let mut clocks = String::from("# Noise\n\n## Timeline (UTC)\n\n- 10:00 ");
    for i in 0..1_000_000 {
        clocks.push_str(&format!("{:02}:{:02} ", (i / 60) % 24, i % 60));
    }
    g.bench_function("one line of 1M clock times (was 106 s)", |b| {
        b.iter(|| import(black_box(&clocks)))
    });
    let word = format!(
        "# Word\n\n## Timeline (UTC)\n\n- 10:00 {}\n",
        "a".repeat(7 << 20)
    );
    g.bench_function("one 7 MB word (was 14 s)", |b| {
        b.iter(|| import(black_box(&word)))
    });
    // Lexicon matches whose guards read the whole line each (session 21).
    for (what, body) in [
        ("20,000 'rollback' (was 31.6 s)", "rollback ".repeat(20_000)),
        (
            "8,000 'still failing,' (was 1.5 s)",
            "still failing, ".repeat(8_000),
        ),
        ("20,000 ')' (was 1.3 s)", ")".repeat(20_000)),
        (
            "60,000 'fix applied' (was ~20 s)",
            "fix applied ".repeat(60_000),
        ),
    ] {
        let text =
            format!("# Noise\n\n## Timeline (UTC)\n\n- 10:00 Errors start\n- 10:05 {body}\n");
        g.bench_function(format!("one line of {what}"), |b| {
            b.iter(|| import(black_box(&text)))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(4));
    targets = markdown
}
criterion_main!(benches);
