//! One very large incident (issue 10, "opening one 1,000,000-event incident"): a file over the
//! old 8 MiB cap loads when its read fits the memory one file may take, a large generated
//! incident comes back from the cache of parsed incidents exactly as it was parsed, and a file
//! whose read would take too much memory is refused with a located error and a hint. Speed is
//! measured in `benches/large.sh`, never here.

use std::path::Path;
use std::process::Command;

use retrace::ingest::cache::{Cache, Settings};
use retrace::ingest::{self, Loaded};

#[path = "support/settled.rs"]
mod settled;
use settled::settled_file;

/// A night-shift Markdown postmortem of `n` timeline entries: a minute apart, theories tried
/// and given up, a fix and the all-clear.
fn night_shift(n: usize) -> String {
    let mut s = String::from(
        "# Postmortem: Parcel scanners drop off the depot network\n\n\
         **Date:** 2030-03-04 (all times UTC)\n**Severity:** SEV2\n\n## Timeline\n\n",
    );
    let say = [
        "Scanner {i} at dock four stops sending parcel reads",
        "We suspected the access point above dock four; swapped it, no change",
        "Depot lead reports {i} parcels queued without a scan",
        "Checked the DHCP leases on the depot switch; plenty left, not it",
        "Restarted the scanner gateway as a test (Mira)",
    ];
    for i in 0..n {
        let minutes = 60 + i;
        let (d, h, m) = (4 + minutes / 1440, (minutes / 60) % 24, minutes % 60);
        let what = say[i % say.len()].replace("{i}", &i.to_string());
        s.push_str(&format!("- 2030-03-{d:02} {h:02}:{m:02} {what}\n"));
    }
    s.push_str("- 2030-03-30 10:00 Gateway firmware rolled back; scans flow again; resolved\n");
    s
}

/// Load `path` through a cache kept in `cache_dir`; the cache's own figures beside.
fn through_cache(path: &Path, cache_dir: &Path) -> (Loaded, retrace::ingest::cache::CacheStats) {
    let settings = Settings {
        dir: Some(cache_dir.to_path_buf()),
        min_bytes: 0,
    };
    let cache = Cache::open_with(&[path.to_path_buf()], settings);
    let loaded = cache.load(path).unwrap();
    let stats = cache.save().unwrap();
    (loaded, stats)
}

fn assert_same(a: &Loaded, b: &Loaded) {
    assert_eq!(a.path, b.path);
    assert_eq!(a.format, b.format);
    assert_eq!(a.diagnostics, b.diagnostics);
    assert_eq!(a.looks_like_incident, b.looks_like_incident);
    assert_eq!(a.incident.timeline.len(), b.incident.timeline.len());
    assert!(
        a.incident == b.incident,
        "the incident differs after the cache"
    );
}

#[test]
fn a_large_incident_comes_back_from_the_cache_as_it_was_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let cache_dir = dir.path().join("cache");
    let incident = retrace::tui::bench_support::synthetic_incident(20_000);
    let yaml = ingest::yaml::to_yaml(&incident).unwrap();
    for (name, text) in [
        ("synthetic.yaml", yaml.as_str()),
        ("night-shift.md", night_shift(20_000).as_str()),
    ] {
        let path = settled_file(dir.path(), name, text);
        let parsed = ingest::load_path(&path).unwrap();
        assert!(parsed.incident.timeline.len() >= 20_000, "{name}");
        let (first, stats) = through_cache(&path, &cache_dir);
        assert_eq!((stats.hits, stats.parsed, stats.written), (0, 1, true));
        let (again, stats) = through_cache(&path, &cache_dir);
        assert_eq!(
            (stats.hits, stats.parsed),
            (1, 0),
            "{name}: read from the cache"
        );
        assert_same(&first, &parsed);
        assert_same(&again, &parsed);
        // Markdown branches come from the importer's rules: the detours are there too.
        assert!(!again.incident.branches.is_empty(), "{name}");
    }
}

#[test]
fn a_file_over_the_old_eight_mib_cap_loads_when_its_read_fits_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    // One long account of the night, 9 MiB in a handful of lines.
    let long = "The gateway's queue grew again and the scanners waited on it. ".repeat(160_000);
    assert!(long.len() > 9 << 20);
    let text = format!(
        "title: Scanner gateway backlog\ndate: 2030-03-04\ntimeline:\n  - at: \"10:00\"\n    kind: detection\n    text: \"{long}\"\n  - at: \"11:00\"\n    kind: resolution\n    text: Backlog drained\n"
    );
    let path = settled_file(dir.path(), "backlog.yaml", &text);
    let loaded = ingest::load_path(&path).unwrap();
    assert_eq!(loaded.incident.timeline.len(), 2);
    assert_eq!(
        loaded.incident.timeline[0].text.len(),
        long.trim_end().len()
    );
    // A file of a reader whose memory is not measured keeps the 8 MiB cap.
    let json = dir.path().join("export.json");
    std::fs::write(&json, format!("{{\"note\": \"{long}\"}}")).unwrap();
    let e = ingest::load_path(&json).unwrap_err().to_diagnostic();
    assert!(e.message.contains("over the 8388608 byte limit"), "{e}");
}

/// The reader's refusal of `path`, checked to be at the file, to say "would take about N MB"
/// and to hint at splitting the incident.
fn refused_for_memory(path: &Path) -> ingest::Diagnostic {
    let e = ingest::load_path(path).unwrap_err().to_diagnostic();
    assert_eq!(e.path, path);
    assert!(e.message.contains("would take about"), "{e}");
    assert!(
        e.hint
            .as_deref()
            .unwrap_or("")
            .contains("split the incident"),
        "{e}"
    );
    e
}

#[test]
fn a_file_whose_read_would_take_too_much_memory_is_refused_with_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    // More lines than the memory one file may take allows at the Markdown reader's cost per
    // line, each a lone dash: small on disk, a million entries to hold each.
    let budget = ingest::load_memory_budget();
    let lines = (budget / ingest::MARKDOWN_PEAK.per_line) as usize + 1;
    let path = dir.path().join("dashes.md");
    std::fs::write(&path, "-\n".repeat(lines)).unwrap();
    let e = refused_for_memory(&path);
    assert!(e.message.contains("of memory"), "{e}");
    // The estimate grows with the lines and the bytes.
    let cost = ingest::YAML_PEAK;
    assert!(ingest::peak_memory(cost, 100, 10, 0) < ingest::peak_memory(cost, 100, 11, 0));
    assert!(ingest::peak_memory(cost, 100, 10, 0) < ingest::peak_memory(cost, 101, 10, 0));
    // The command line says where and what to do, and goes on with the next file.
    let good = dir.path().join("good.md");
    std::fs::write(&good, night_shift(3)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_retrace"))
        .env("RETRACE_NO_CACHE", "1")
        .env("NO_COLOR", "1")
        .args(["stats"])
        .arg(&path)
        .arg(&good)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}: error: reading this file", path.display())),
        "{stderr}"
    );
    assert!(stderr.contains("hint: split the incident"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Parcel scanners"));
}

#[test]
fn the_loading_line_says_how_long_a_load_has_run_once_it_takes_a_while() {
    use retrace::tui::app::App;
    use retrace::tui::loading::LoadProgress;
    use retrace::tui::theme::{Theme, ThemeName};
    let mut app = App::new(Vec::new(), false, Theme::new(ThemeName::Dark), 100, 20);
    let started = chrono::DateTime::parse_from_rfc3339("2030-03-04T10:00:00+00:00").unwrap();
    app.loading = Some(LoadProgress {
        read: 0,
        total: 1,
        errors: 0,
    });
    app.loading_since = Some(started);
    let line = |app: &App| {
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 20)).unwrap();
        term.draw(|f| retrace::tui::view::render(app, f)).unwrap();
        let buf = term.backend().buffer().clone();
        (0..100u16)
            .map(|x| buf[(x, 0)].symbol().to_string())
            .collect::<String>()
    };
    // At once: the count alone.
    app.now = started + chrono::Duration::seconds(1);
    let first = line(&app);
    assert!(first.contains("loading: 0/1 files read"), "{first}");
    assert!(!first.contains(" s "), "{first}");
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 20)).unwrap();
    term.draw(|f| retrace::tui::view::render(&app, f)).unwrap();
    let screen = format!("{:?}", term.backend().buffer());
    assert!(screen.contains("Reading the incident files"), "{screen}");
    assert!(!screen.contains("No incident files found"), "{screen}");
    // A large file later: the seconds so far.
    app.now = started + chrono::Duration::seconds(12);
    let later = line(&app);
    assert!(later.contains("0 errors · 12 s"), "{later}");
    // Loaded: gone.
    app.loading = None;
    assert!(!line(&app).contains("12 s"));
}

#[test]
fn a_whole_timeline_in_one_yaml_flow_line_is_refused_when_its_events_would_not_fit() {
    // Every event on the one line `timeline: [a, a, ...]`: a handful of lines, but more items
    // than the memory one file may take holds at the native reader's cost per item.
    let dir = tempfile::tempdir().unwrap();
    let items = (ingest::load_memory_budget() / ingest::YAML_PEAK.per_item) as usize + 1;
    let text = format!(
        "title: Ticket printer jams\ndate: 2030-03-04\ntimeline: [{}a]\n",
        "a,".repeat(items)
    );
    // Its bytes and lines alone fit: only the items tell.
    let bytes = text.len() as u64;
    assert!(ingest::peak_memory(ingest::YAML_PEAK, bytes, 4, 0) < ingest::load_memory_budget());
    let path = dir.path().join("flow.yaml");
    std::fs::write(&path, text).unwrap();
    let e = refused_for_memory(&path);
    assert!(e.message.contains("items)"), "{e}");
}

#[test]
fn a_markdown_table_row_of_many_cells_is_refused_when_its_cells_would_not_fit() {
    let dir = tempfile::tempdir().unwrap();
    let cells = (ingest::load_memory_budget() / ingest::MARKDOWN_PEAK.per_item) as usize + 1;
    let text = format!(
        "# Ticket printers jam at the box office\n\nDate: 2030-03-04. All times UTC.\n\n\
         ## Timeline\n\n| Time | Event |\n|---|---|\n{}\n",
        "|".repeat(cells)
    );
    let bytes = text.len() as u64;
    assert!(
        ingest::peak_memory(ingest::MARKDOWN_PEAK, bytes, 10, 0) < ingest::load_memory_budget()
    );
    let path = dir.path().join("wide.md");
    std::fs::write(&path, text).unwrap();
    let e = refused_for_memory(&path);
    assert!(e.message.contains("items)"), "{e}");
    // Its item marks are what the estimate counts: a cell separator each.
    let (lines, items) = ingest::count_lines_and_items(ingest::MARKDOWN_PEAK, b"a|b|\nc");
    assert_eq!((lines, items), (2, 2));
    let (_, flow) = ingest::count_lines_and_items(ingest::YAML_PEAK, b"[{a: 1, b: 2}]");
    assert_eq!(flow, 3);
}

#[test]
fn reads_share_one_memory_budget_and_a_read_waits_for_what_others_hold() {
    use retrace::ingest::MemoryBudget;
    // Two files of 600 MB each under a budget of 1000 MB: the second waits for the first.
    let budget = MemoryBudget::new(1000);
    let first = budget.reserve(600);
    assert_eq!(budget.taken(), 600);
    assert!(budget.try_reserve(600).is_none(), "over the shared budget");
    let small = budget.try_reserve(400).expect("what is left is free");
    drop(small);
    // A read waiting in another worker goes on once the first gives its memory back.
    std::thread::scope(|s| {
        let waiting = s.spawn(|| {
            let r = budget.reserve(600);
            budget.taken() >= 600 && r.bytes() == 600
        });
        drop(first);
        assert!(waiting.join().unwrap());
    });
    assert_eq!(budget.taken(), 0, "every reservation given back");
    // One read alone never waits, even when its estimate is the whole budget or more.
    let whole = budget.reserve(5000);
    assert_eq!(budget.taken(), 1000);
    drop(whole);
}
