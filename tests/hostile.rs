//! Hostile and broken files: none hangs, crashes or loses data. One test (or a few) per way a
//! file was found to go wrong (issue 11), plus the usual suspects: huge, binary, not UTF-8,
//! NUL bytes, deep nesting, link loops, unreadable files, folders with incident names, and a
//! folder of 50,000 files. Escape sequences have their own file (`hostile_escapes.rs`); the
//! Markdown importer's slow inputs theirs (`hostile_markdown.rs`). Speed is measured in
//! `benches/hostile.rs`, never here: these tests check what comes out.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::{FixedOffset, NaiveDate};
use retrace::ingest::cache::Cache;
use retrace::ingest::{self, Diagnostic, LoadError, clock, corpus};

const VALID: &str = include_str!("fixtures/cli/checkout.yaml");

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_retrace"));
    c.env_remove("RETRACE_DIR")
        // Never the user's cache of parsed incidents.
        .env("RETRACE_NO_CACHE", "1")
        .env("NO_COLOR", "1")
        .env("RETRACE_AUTHOR", "tester")
        .stdin(Stdio::null());
    c
}

/// Run the binary; a process still running after `limit` is killed and the test fails (the
/// bound only catches a hang: a blocked FIFO read never ends).
fn run_bounded(args: &[&std::ffi::OsStr], limit: Duration) -> Output {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run retrace");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("retrace {args:?} still running after {limit:?}: it blocked");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().expect("output");
    assert_ne!(o.status.code(), Some(101), "retrace {args:?} panicked");
    o
}

fn run(args: &[&str]) -> Output {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    run_bounded(&args, Duration::from_secs(120))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn load_err(path: &str, text: &str) -> Diagnostic {
    ingest::load_str(Path::new(path), text)
        .map(|l| l.incident.title)
        .expect_err("should not load")
        .to_diagnostic()
}

/// Every error is located at the file and carries a hint.
fn assert_reported(d: &Diagnostic, path: &str) {
    assert!(d.to_string().starts_with(path), "{d}");
    assert!(d.hint.is_some(), "no hint: {d}");
}

// ----- 2. extreme dates ----------------------------------------------------------------------

#[test]
fn far_dates_are_located_errors() {
    // A date at the far end, with a clock that rolls over midnight.
    let e = load_err(
        "far.yaml",
        "title: x\ndate: \"+262142-12-31\"\ntimeline:\n  - at: \"23:00\"\n    text: a\n  - at: \"00:30\"\n    text: b\n",
    );
    assert_eq!((e.line, e.col), (2, 1), "{e}");
    assert!(e.message.contains("+262142-12-31"), "{e}");
    assert_reported(&e, "far.yaml:2:1");
    // The first day there is, then a clock, under the zone furthest east.
    let e = load_err(
        "early.yaml",
        "title: x\ntimezone: \"+14:00\"\ntimeline:\n  - at: \"-262143-01-01 00:00\"\n    text: a\n  - at: \"00:30\"\n    text: b\n",
    );
    assert_eq!((e.line, e.col), (4, 5), "{e}");
    // The last day people can write, rolling over into a year no file can hold.
    let e = load_err(
        "last.yaml",
        "title: x\ndate: 9999-12-31\ntimezone: \"-12:00\"\ntimeline:\n  - at: \"23:00\"\n    text: a\n  - at: \"00:30\"\n    text: b\n",
    );
    assert_eq!((e.line, e.col), (7, 5), "{e}");
    assert!(e.message.contains("outside the years 1 to 9999"), "{e}");
    // RFC 3339 at the calendar's ends, and milestones.
    for text in [
        "title: x\ntimeline:\n  - at: \"0000-01-01T00:00:00+14:00\"\n    text: a\n",
        "title: x\nstarted: \"-262143-01-01 00:00\"\ntimeline: []\n",
        "title: x\nresolved: \"10000-01-01 00:00\"\ntimeline:\n  - at: \"2024-01-01 10:00\"\n    text: a\n",
    ] {
        let e = load_err("m.yaml", text);
        assert!(e.line > 0, "{e}");
    }
}

#[test]
fn the_resolver_never_overflows_at_the_calendars_ends() {
    // Whatever dates a reader hands it (the Markdown importer builds its own), the resolver
    // places clocks without panicking, east and west of UTC.
    for date in [NaiveDate::MIN, NaiveDate::MAX] {
        for secs in [14 * 3600, -14 * 3600, 0] {
            let zone = FixedOffset::east_opt(secs).unwrap();
            let mut r = clock::ClockResolver::new(date, zone);
            let mut p = clock::ClockResolver::new(date, zone);
            for s in [
                "23:00",
                "00:30",
                "00:10",
                "12:00 PM",
                "1:05",
                "23:59:59",
                "00:00 +14:00",
            ] {
                let t = clock::parse_time(s).unwrap();
                let _ = r.resolve(&t).to_rfc3339();
                let _ = p.place(&t).0.to_rfc3339();
            }
        }
    }
    // Dates are read in years 1 to 9999 only.
    assert_eq!(clock::parse_date("+262142-12-31"), None);
    assert_eq!(clock::parse_date("0000-01-01"), None);
    assert_eq!(
        clock::parse_date("9999-12-31"),
        NaiveDate::from_ymd_opt(9999, 12, 31)
    );
    assert!(clock::parse_time("0000-01-01T00:00:00Z").is_none());
    assert!(clock::parse_time_in_year("Feb 3 10:00", Some(99999)).is_none());
}

#[test]
fn note_at_far_back_is_an_error_and_the_file_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("live.yaml");
    std::fs::write(&f, VALID).unwrap();
    for at in [
        "-999999999999m",
        "-99999999999m",
        "-9999999999999999999h",
        "-99999999999999h",
        "-1h-99999999999999999m",
    ] {
        let o = run(&["note", f.to_str().unwrap(), "x", "--at", at]);
        assert_eq!(o.status.code(), Some(1), "{at}: {}", stderr(&o));
        assert!(stderr(&o).contains("--at"), "{at}: {}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&f).unwrap(), VALID, "{at}");
    }
}

#[test]
fn live_mode_keeps_the_typed_note_when_the_file_turns_to_far_dates() {
    use retrace::tui::app::Action;
    use retrace::tui::widgets::line_editor::LineOp;
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("live.yaml");
    std::fs::write(&f, VALID).unwrap();
    let loaded = ingest::load_path(&f).unwrap();
    let writer = retrace::store::Writer::new(&f, Some("sam".into()));
    let theme = retrace::tui::theme::Theme::new(retrace::tui::theme::ThemeName::Dark);
    let mut app = retrace::tui::live_app(loaded, theme, 100, 30);
    // Commands (reads, saves) run in place, as the event loop would run them.
    let mut exec = retrace::tui::command::Blocking::new(Some(writer));
    exec.update(&mut app, Action::LiveNote);
    for c in "rollback done".chars() {
        exec.update(&mut app, Action::Line(LineOp::Insert(c)));
    }
    std::fs::write(
        &f,
        "title: x\ndate: \"+262142-12-31\"\ntimeline:\n  - at: \"23:00\"\n    text: a\n  - at: \"00:30\"\n    text: b\n",
    )
    .unwrap();
    exec.update(&mut app, Action::FileChanged(f.clone()));
    let line = app.live.as_ref().unwrap().line.as_ref().expect("line open");
    assert_eq!(line.editor.text(), "rollback done");
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    term.draw(|fr| retrace::tui::view::render(&app, fr))
        .unwrap();
    // Fixed again: the note saves.
    std::fs::write(&f, VALID).unwrap();
    exec.update(&mut app, Action::FileChanged(f.clone()));
    exec.update(&mut app, Action::LineSubmit);
    let saved = ingest::load_path(&f).unwrap().incident;
    assert!(saved.timeline.iter().any(|e| &*e.text == "rollback done"));
}

// ----- 3. and 4. FIFOs, devices, sizes -------------------------------------------------------

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_never_blocks_a_command() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("good.yaml"), VALID).unwrap();
    mkfifo(&d.join("pipe.yaml"));
    let folder = d.as_os_str();
    let pipe = d.join("pipe.yaml");
    let limit = Duration::from_secs(60);
    for args in [
        vec!["lint".as_ref(), folder],
        vec!["stats".as_ref(), folder],
        vec!["stats".as_ref(), "--json".as_ref(), folder],
        vec!["lint".as_ref(), pipe.as_os_str()],
    ] {
        let o = run_bounded(&args, limit);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let all = stdout(&o) + &stderr(&o);
        assert!(all.contains("pipe.yaml"), "{all}");
        assert!(
            all.contains("a named pipe (FIFO), not an incident file"),
            "{all}"
        );
    }
    // The good file beside it is still reported.
    let o = run_bounded(&["stats".as_ref(), folder], limit);
    assert!(stdout(&o).contains("Checkout slowdown"), "{}", stdout(&o));
    for args in [
        vec!["note".as_ref(), pipe.as_os_str(), "x".as_ref()],
        vec!["export".as_ref(), pipe.as_os_str()],
        vec!["import".as_ref(), pipe.as_os_str()],
    ] {
        let o = run_bounded(&args, limit);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains("named pipe"), "{}", stderr(&o));
    }
    // The library: the TUI loads through the same corpus.
    let c = corpus::load_all_cached(&[d.to_path_buf()], Cache::disabled(), |_| ()).0;
    assert_eq!(c.loaded.len(), 1);
    assert_eq!(c.errors.len(), 1);
}

#[cfg(unix)]
#[test]
fn devices_and_sockets_are_skipped_and_reads_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::os::unix::fs::symlink("/dev/zero", d.join("z.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/null", d.join("null.md")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(d.join("s.yaml")).unwrap();
    let e = ingest::load_path(&d.join("z.yaml"))
        .unwrap_err()
        .to_diagnostic();
    assert!(e.message.contains("a device"), "{e}");
    assert_reported(&e, &d.join("z.yaml").display().to_string());
    let e = ingest::load_path(&d.join("s.yaml"))
        .unwrap_err()
        .to_diagnostic();
    assert!(e.message.contains("a socket"), "{e}");
    // Over the limit: refused before it is read (a sparse file, so the test writes nothing;
    // 4 GiB and a byte is over what any machine allows one file, `ingest::max_file_bytes`).
    let big = d.join("big.yaml");
    std::fs::File::create(&big)
        .unwrap()
        .set_len((4 << 30) + 1)
        .unwrap();
    let e = ingest::load_path(&big).unwrap_err().to_diagnostic();
    assert!(e.message.contains("4294967297 bytes, over the"), "{e}");
    let c = corpus::load_all_cached(&[d.to_path_buf()], Cache::disabled(), |_| ()).0;
    assert_eq!((c.loaded.len(), c.errors.len()), (0, 4));
    // The read itself stops at the limit, whatever the size claims.
    assert!(ingest::read_file(Path::new("/dev/zero")).is_err());
}

// ----- 5. aliases ----------------------------------------------------------------------------

#[test]
fn an_alias_bomb_is_a_located_error_and_the_file_beside_it_loads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // One 4 MiB anchor used 2,000 times: 8 GB if expanded.
    let mut bomb = String::from("title: bomb\nanchor: &big \"");
    bomb.push_str(&"x".repeat(4 * 1024 * 1024));
    bomb.push_str("\"\nservices:\n");
    for _ in 0..2000 {
        bomb.push_str("  - *big\n");
    }
    bomb.push_str("timeline: []\n");
    std::fs::write(d.join("bomb.yaml"), &bomb).unwrap();
    std::fs::write(d.join("good.yaml"), VALID).unwrap();
    let c = corpus::load_all_cached(&[d.to_path_buf()], Cache::disabled(), |_| ()).0;
    assert_eq!(c.loaded.len(), 1);
    let e = c.errors[0].to_diagnostic();
    assert!(e.message.contains("values expand beyond"), "{e}");
    assert!(e.line > 0 && e.col > 0, "{e}");
    assert!(e.hint.as_deref().unwrap().contains("alias"), "{e}");
    // 100,000 aliases of a 1,000-character string.
    let mut many = format!("title: t\nanchor: &a {}\nservices:\n", "y".repeat(1000));
    for _ in 0..100_000 {
        many.push_str("  - *a\n");
    }
    let e = load_err("many.yaml", &many);
    assert!(e.message.contains("values expand beyond"), "{e}");
    // Anchors people use stay fine, and skipped keys never expand.
    let ok = "title: t\ndefaults: &svc [checkout, payments]\nservices: *svc\ntimeline: []\n";
    let l = ingest::load_str(Path::new("ok.yaml"), ok).unwrap();
    assert_eq!(l.incident.services, ["checkout", "payments"]);
}

// ----- 6. slow inputs (their time is in benches/hostile.rs) ----------------------------------

#[test]
fn deep_nesting_is_refused_where_it_starts() {
    let text = format!(
        "title: t\ntimeline: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let e = load_err("deep.yaml", &text);
    assert_eq!(e.line, 2, "{e}");
    assert!(e.message.contains("nested deeper than 64 levels"), "{e}");
    let blocks = format!("title: t\ntimeline:\n{}x\n", "- ".repeat(50_000));
    let e = load_err("blocks.yaml", &blocks);
    assert_eq!(e.line, 3, "{e}");
    let braces = format!("title: t\nx: {}\n", "{a: ".repeat(10_000));
    assert_eq!(load_err("braces.yaml", &braces).line, 2);
}

#[test]
fn every_unknown_key_is_located_in_a_long_file() {
    let mut text = String::from("title: t\ndate: 2024-01-01\ntimeline:\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "  - at: \"10:{:02}\"\n    kind: note\n    text: e{i}\n    colour: red\n",
            i % 60
        ));
    }
    let l = ingest::load_str(Path::new("u.yaml"), &text).unwrap();
    let unknown: Vec<&Diagnostic> = l
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("unknown key"))
        .collect();
    assert_eq!(unknown.len(), 10_000);
    for (i, d) in unknown.iter().enumerate() {
        assert_eq!((d.line, d.col), (4 + 4 * i + 3, 5), "{d}");
        assert!(d.message.contains(&format!("timeline.{i}.colour")), "{d}");
    }
    // 200,000 unknown top-level keys.
    let mut top = String::from("title: t\ntimeline: []\n");
    for i in 0..200_000 {
        top.push_str(&format!("k{i}: v\n"));
    }
    let l = ingest::load_str(Path::new("top.yaml"), &top).unwrap();
    assert_eq!(l.diagnostics.len(), 200_000);
    assert_eq!(l.diagnostics[199_999].line, 200_002);
}

#[test]
fn a_huge_event_draws_only_what_shows() {
    use retrace::tui::app::{Action, App, Doc, Entry, Source};
    let mut text = String::from(
        "title: big\ndate: 2024-01-01\ntimeline:\n  - at: \"10:00\"\n    kind: note\n    text: \"START ",
    );
    text.push_str(&"word ".repeat(7 * 1024 * 1024 / 5));
    text.push_str("END\"\n");
    let l = ingest::load_str(Path::new("big.yaml"), &text).unwrap();
    assert!(l.incident.timeline[0].text.ends_with("END"));
    let doc = Doc::from_loaded(Source::File("big.yaml".into()), l);
    let theme = retrace::tui::theme::Theme::new(retrace::tui::theme::ThemeName::Dark);
    let mut app = App::new(vec![Entry::Doc(Box::new(doc))], false, theme, 120, 40);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    for action in [
        Action::Down,
        Action::Up,
        Action::StartSearch,
        Action::PromptInput('w'),
    ] {
        app.update(action);
        term.draw(|f| retrace::tui::view::render(&app, f)).unwrap();
    }
    let screen: String = term
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("START word"), "{screen}");
    assert!(screen.contains('…'), "{screen}");
    assert!(!screen.contains("END"), "{screen}");
}

// ----- 8. smaller ----------------------------------------------------------------------------

#[test]
fn carriage_returns_alone_end_lines() {
    let md = "# Checkout outage\r\rDate: 2024-08-15\r\r## Timeline (UTC)\r\r- 10:00 Errors rise\r- 10:05 Alert fired\r- 10:40 Resolved\r";
    let l = ingest::load_bytes(Path::new("cr.md"), md.as_bytes()).unwrap();
    assert_eq!(l.incident.title, "Checkout outage");
    assert_eq!(l.incident.timeline.len(), 3);
    let yaml = VALID.replace('\n', "\r");
    let l = ingest::load_bytes(Path::new("cr.yaml"), yaml.as_bytes()).unwrap();
    let want = ingest::load_str(Path::new("lf.yaml"), VALID).unwrap();
    assert_eq!(l.incident.timeline, want.incident.timeline);
    // Errors in such a file are on the right line.
    let broken = "title: x\rdate: 2024-01-01\rtimeline:\r  - at: tea\r    text: a\r";
    let e = ingest::load_bytes(Path::new("b.yaml"), broken.as_bytes())
        .unwrap_err()
        .to_diagnostic();
    assert_eq!(e.line, 4, "{e}");
    // Windows line ends are left alone.
    let crlf = VALID.replace('\n', "\r\n");
    let l = ingest::load_bytes(Path::new("crlf.yaml"), crlf.as_bytes()).unwrap();
    assert_eq!(l.incident.timeline, want.incident.timeline);
}

#[test]
fn a_second_document_is_located() {
    for (text, line) in [
        ("title: a\ntimeline: []\n---\ntitle: b\n", 3),
        ("---\ntitle: a\ntimeline: []\n--- # next\ntitle: b\n", 4),
        ("title: a\ntimeline: []\n...\n\ntitle: b\n", 5),
    ] {
        let e = load_err("multi.yaml", text);
        assert_eq!((e.line, e.col), (line, 1), "{text:?}: {e}");
        assert!(e.message.contains("second document"), "{e}");
        assert_reported(&e, "multi.yaml:");
    }
    // A single document with its markers is fine.
    ingest::load_str(Path::new("one.yaml"), "---\ntitle: a\ntimeline: []\n...\n").unwrap();
}

// ----- the usual suspects --------------------------------------------------------------------

#[test]
fn binary_garbage_invalid_utf8_and_nul_bytes_fail_cleanly() {
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut garbage = vec![0u8; 1 << 20];
    for b in &mut garbage {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        *b = rng as u8;
    }
    for name in ["g.yaml", "g.md", "g.txt", "g"] {
        let e = ingest::load_bytes(Path::new(name), &garbage)
            .unwrap_err()
            .to_diagnostic();
        assert_reported(&e, name);
    }
    // Invalid UTF-8, mostly high bytes: refused at the first bad byte.
    let bad = b"title: x\ntimeline: []\n\xff\xfe\xfd\xfc\xfb\xfa";
    let e = ingest::load_bytes(Path::new("u.yaml"), bad)
        .unwrap_err()
        .to_diagnostic();
    assert_eq!((e.line, e.col), (3, 1), "{e}");
    // NUL bytes.
    let e = ingest::load_bytes(Path::new("n.md"), b"# a\n\nb\0c")
        .unwrap_err()
        .to_diagnostic();
    assert_eq!((e.line, e.col), (3, 2), "{e}");
    // Byte-order marks by the million.
    let boms = "\u{feff}".repeat(1_000_000);
    let _ = ingest::load_bytes(Path::new("boms.md"), boms.as_bytes());
}

#[cfg(unix)]
#[test]
fn links_loops_folders_and_unreadable_files_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("good.yaml"), VALID).unwrap();
    std::os::unix::fs::symlink("loop.yaml", d.join("loop.yaml")).unwrap();
    std::os::unix::fs::symlink("b.md", d.join("a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", d.join("b.md")).unwrap();
    // A folder that links back to its parent is not walked (no endless walk).
    std::os::unix::fs::symlink(d, d.join("back")).unwrap();
    // A folder named like an incident file is walked as a folder.
    std::fs::create_dir(d.join("x.yaml")).unwrap();
    std::fs::write(d.join("x.yaml/inner.yaml"), VALID).unwrap();
    let locked = d.join("locked.yaml");
    std::fs::write(&locked, VALID).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads anything: then the file simply loads.
    let unreadable = std::fs::File::open(&locked).is_err();
    let c = corpus::load_all_cached(&[d.to_path_buf()], Cache::disabled(), |_| ()).0;
    let names: Vec<String> = c
        .errors
        .iter()
        .map(|e| e.path().file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut want = vec!["a.md", "b.md", "loop.yaml"];
    if unreadable {
        want.push("locked.yaml");
    }
    assert_eq!(names, want);
    assert_eq!(c.loaded.len(), if unreadable { 2 } else { 3 });
    for e in &c.errors {
        let diag = e.to_diagnostic();
        assert!(diag.hint.is_some(), "{diag}");
    }
    // On the command line, a folder named x.yaml is a folder.
    let o = run(&["lint", d.join("x.yaml").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(matches!(
        ingest::load_path(&d.join("x.yaml")),
        Err(LoadError::Invalid(_))
    ));
}

#[test]
fn fifty_thousand_files_in_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..50_000 {
        let body = if i % 1000 == 999 {
            "title: [broken\n".to_string()
        } else {
            format!("title: incident {i}\ntimeline: []\n")
        };
        std::fs::write(d.join(format!("{i:05}.yaml")), body).unwrap();
    }
    // Without the cache: a folder this size would leave a pack in the user's cache directory.
    let paths = [d.to_path_buf()];
    let c = corpus::load_all_cached(&paths, Cache::disabled(), |_| ()).0;
    assert_eq!(c.loaded.len(), 49_950);
    assert_eq!(c.errors.len(), 50);
    // In path order, as the list shows them.
    assert!(c.loaded.windows(2).all(|w| w[0].path < w[1].path));
    let p: Vec<PathBuf> = c.errors.iter().map(|e| e.path().to_path_buf()).collect();
    assert_eq!(p[0], d.join("00999.yaml"));
}

// ----- findings of the fuzz targets (fuzz/, docs/HARDENING.md) -------------------------------

/// Every incident a reader accepts is written by the native writer so that it reads back to
/// the same timeline.
fn reads_back_the_same(name: &str, text: &str) {
    let first = ingest::load_str(Path::new(name), text).unwrap();
    let written = ingest::yaml::to_yaml(&first.incident).expect("serialises");
    let again = ingest::load_str(Path::new("again.yaml"), &written)
        .unwrap_or_else(|e| panic!("{e}\n{written}"));
    let times = |l: &ingest::Loaded| -> Vec<_> {
        l.incident
            .timeline
            .iter()
            .map(|e| (e.at, e.kind, e.text.clone()))
            .collect()
    };
    assert_eq!(times(&first), times(&again), "{written}");
}

/// fuzz yaml, crash-3f8dd096: an event dated centuries before `date:`, then events on `date:`
/// written as clocks alone, which read back on the earlier event's day.
#[test]
fn fuzz_yaml_an_early_dated_event_before_clock_times() {
    reads_back_the_same(
        "early.yaml",
        "title: x\ndate: 2025-03-11\ntimezone: UTC\ntimeline:\n  - at: \"1012-03-13 11:00\"\n    kind: note\n    text: typo in the year\n  - at: \"2025-03-11 09:40\"\n    kind: trigger\n    text: deploy\n  - at: \"2025-03-11 10:15\"\n    kind: impact-start\n    text: errors\n",
    );
}

/// proptest native_yaml_round_trips: a milestone on `date:` before the first event, written as
/// a clock alone, read back on the next day.
#[test]
fn property_a_milestone_before_the_first_event() {
    let text = "title: x\ndate: 2090-01-12\ntimezone: \"+05:30\"\nacknowledged: \"2090-01-12 00:27\"\ntimeline:\n  - at: \"2090-01-12 05:00\"\n    kind: note\n    text: a\n";
    let first = ingest::load_str(Path::new("m.yaml"), text).unwrap();
    let written = ingest::yaml::to_yaml(&first.incident).expect("serialises");
    let again = ingest::load_str(Path::new("again.yaml"), &written).unwrap();
    assert_eq!(
        again
            .incident
            .milestones
            .get(retrace::model::MilestoneKind::Acknowledged),
        first
            .incident
            .milestones
            .get(retrace::model::MilestoneKind::Acknowledged),
        "{written}"
    );
}

/// fuzz clock (slow units, 38 runs/s): `parse_time` tried every cut of a long text into a date
/// and a clock, joining the words each time; a 40 KB `at:` value took minutes.
#[test]
fn fuzz_clock_a_long_time_value_is_refused_at_once() {
    let text = format!(
        "title: t\ndate: 2024-01-01\ntimeline:\n  - at: \"{}\"\n    text: x\n",
        "1 ".repeat(20_000)
    );
    let e = load_err("long.yaml", &text);
    assert_eq!((e.line, e.col), (4, 5), "{e}");
    assert!(clock::parse_time(&"Aug 15 ".repeat(5_000)).is_none());
    assert!(clock::parse_time_in_year(&"Aug 15 ".repeat(5_000), Some(2024)).is_none());
    // Long real expressions still read.
    assert!(clock::parse_time("Sat Aug 17 2024 19:42:28 UTC").is_some());
}

/// fuzz yaml, crash-5f2f67f0: after an event with its own zone (`09:40z`) the running zone is
/// UTC, so the next day's `2024-02-03 08:50` written without a zone read back two hours off.
#[test]
fn fuzz_yaml_a_dated_time_after_an_event_in_another_zone() {
    reads_back_the_same(
        "zones.yaml",
        "title: x\ndate: 2024-02-02\ntimezone: \"+02:00\"\ntimeline:\n  - at: \"09:00\"\n    kind: detection\n    text: a\n  - at: \"08:50\"\n    kind: impact-start\n    text: b\n  - at: \"2024-02-02 09:30\"\n    kind: resolution\n    text: c\n  - at: \"2024-02-02 09:40z\"\n    text: d\n",
    );
}
