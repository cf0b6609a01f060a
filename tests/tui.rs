//! TUI tests: whole screens rendered into a `TestBackend` and snapshotted with insta, and key
//! sequences driven through the keymap and `App::update`.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use retrace::ingest::cache::Cache;
use retrace::ingest::corpus;
use retrace::tui::app::{Action, App, Pane, Scope, Screen};
use retrace::tui::keys::{contexts_of, map_key};
use retrace::tui::theme::{Theme, ThemeName};
use retrace::tui::{entries, view};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tui")
        .join(name)
}

fn app_for(paths: &[PathBuf], w: u16, h: u16) -> App {
    let c = corpus::load_all_cached(paths, Cache::disabled(), |_| ()).0;
    App::new(entries(c), false, Theme::new(ThemeName::Dark), w, h)
}

fn list_app(w: u16, h: u16) -> App {
    app_for(&[fixture("")], w, h)
}

fn incident_app(w: u16, h: u16) -> App {
    app_for(&[fixture("checkout.yaml")], w, h)
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| view::render(app, f)).unwrap();
    t
}

/// Send a key through the keymap, as the event loop does.
fn key(app: &mut App, code: KeyCode) {
    key_mod(app, code, KeyModifiers::NONE)
}

fn key_mod(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    if let Some(a) = map_key(contexts_of(app), KeyEvent::new(code, mods)) {
        // Reads asked for (a file changed) are done in place, as the event loop would.
        retrace::tui::command::Blocking::new(None).update(app, a);
    }
}

fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn screen_text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

#[test]
fn list_80x24() {
    let app = list_app(80, 24);
    assert_eq!(app.screen, Screen::List);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn list_160x48() {
    let app = list_app(160, 48);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn list_shows_failed_files_as_error_rows() {
    let app = list_app(120, 30);
    let text = screen_text(&draw(&app));
    assert!(text.contains("ERROR"), "{text}");
    assert!(text.contains("broken.yaml"), "{text}");
    assert!(text.contains("1 failed to load"), "{text}");
}

#[test]
fn incident_80x24() {
    let app = incident_app(80, 24);
    assert_eq!(
        app.screen,
        Screen::Incident,
        "one incident opens straight into its timeline"
    );
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn incident_160x48_with_detours_and_panes() {
    let app = incident_app(160, 48);
    let t = draw(&app);
    let text = screen_text(&t);
    assert!(text.contains("✗ ruled out · 15m"), "{text}");
    assert!(text.contains("Impact"), "pane beside the timeline: {text}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn multi_day_incident_shows_dates_and_gaps() {
    let mut app = app_for(&[fixture("ledger.yaml")], 120, 40);
    app.update(Action::Resize(120, 40));
    let text = screen_text(&draw(&app));
    assert!(text.contains("── Wed 12 Mar 2025 ──"), "{text}");
    assert!(text.contains("16h15m without events"), "{text}");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn narrow_pane_switching() {
    let mut app = incident_app(80, 24);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.incident.as_ref().unwrap().pane, Pane::Impact);
    insta::assert_snapshot!("narrow_impact", draw(&app).backend());
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(app.incident.as_ref().unwrap().pane, Pane::Actions);
    insta::assert_snapshot!("narrow_actions", draw(&app).backend());
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        app.incident.as_ref().unwrap().pane,
        Pane::Timeline,
        "Esc goes back to the timeline first"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::List);
}

#[test]
fn search_with_highlights() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = incident_app(w, h);
        key(&mut app, KeyCode::Char('/'));
        keys(&mut app, "rollback");
        let (pos, n) = app.match_position().unwrap();
        assert!(n >= 2 && pos >= 1, "{pos}/{n}");
        let sel = app.incident.as_ref().unwrap().selected;
        let ev = &app.open_incident().unwrap().0.incident.timeline[sel];
        assert!(
            ev.text.to_lowercase().contains("rollback"),
            "jumps to the first match: {}",
            ev.text
        );
        let t = draw(&app);
        // The matched characters carry the highlight style.
        let buf = t.backend().buffer();
        let hl = app.theme.matched.bg;
        let highlighted = buf.content().iter().filter(|c| Some(c.bg) == hl).count();
        assert!(highlighted >= 8, "{highlighted} highlighted cells");
        insta::assert_snapshot!(format!("search_{w}x{h}"), t.backend());
        key(&mut app, KeyCode::Enter);
        assert!(app.prompt.is_none());
        key(&mut app, KeyCode::Char('n'));
        let next = app.incident.as_ref().unwrap().selected;
        assert_ne!(next, sel, "n moves to the next match");
        key(&mut app, KeyCode::Char('N'));
        assert_eq!(app.incident.as_ref().unwrap().selected, sel);
        key(&mut app, KeyCode::Esc);
        assert!(app.search.is_none(), "Esc clears the search");
        assert_eq!(app.screen, Screen::Incident);
    }
}

#[test]
fn search_all_incidents_from_the_list() {
    let mut app = list_app(120, 30);
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "payouts");
    let hits = app.search.as_ref().unwrap().hits().len();
    assert!(hits >= 2, "{hits}");
    let text = screen_text(&draw(&app));
    assert!(text.contains("events match “payouts”"), "{text}");
    key(&mut app, KeyCode::Enter); // close the prompt
    key(&mut app, KeyCode::Enter); // open the result
    assert_eq!(app.screen, Screen::Incident);
    let (doc, st) = app.open_incident().unwrap();
    assert!(
        doc.incident.timeline[st.selected]
            .text
            .to_lowercase()
            .contains("payout")
    );
    assert!(
        app.match_position().is_some(),
        "the query follows into the incident"
    );
}

#[test]
fn list_filter_and_sort() {
    let mut app = list_app(120, 30);
    key(&mut app, KeyCode::Char('f'));
    // The filter's syntax is the search's (fzf): `'` asks for the word as written; a fuzzy
    // term matches its letters in order across the incident's title, services, id and date.
    keys(&mut app, "'ledger");
    assert_eq!(app.list.view.len(), 1);
    let ledger = app.list.view[0];
    assert!(app.doc(ledger).unwrap().incident.title.contains("ledger"));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('f'));
    keys(&mut app, "ledger !checkout");
    assert_eq!(app.list.view, vec![ledger]);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.list.view.len(), app.entries.len());
    let first = app.list.view[0];
    key(&mut app, KeyCode::Char('r'));
    assert_ne!(app.list.view[0], first, "reversed");
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(
        app.list.sort,
        retrace::tui::view::layout::ListColumn::Severity
    );
    // Click the Title header: sort by title.
    let x = retrace::tui::view::layout::list_widths(120)[..2]
        .iter()
        .map(|w| w + 1)
        .sum::<u16>()
        + 2;
    app.update(Action::Click { x, y: 1 });
    assert_eq!(app.list.sort, retrace::tui::view::layout::ListColumn::Title);
}

#[test]
fn help_is_generated_from_the_keymap() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = list_app(w, h);
        key(&mut app, KeyCode::Char('?'));
        assert!(app.help.is_some());
        let t = draw(&app);
        insta::assert_snapshot!(format!("help_{w}x{h}"), t.backend());
        key(&mut app, KeyCode::Esc);
        assert!(app.help.is_none(), "Esc closes the help first");
        assert!(!app.quit);
    }
    // Every binding's description is in the help text (live mode's keys in live mode).
    let live = LiveTest::new("checkout.yaml", 80, 24);
    let text: String = retrace::tui::widgets::help::lines(&live.app)
        .iter()
        .map(|l| l.to_string() + "\n")
        .collect();
    for b in retrace::tui::keys::KEYMAP {
        assert!(text.contains(b.description), "{}", b.description);
    }
}

#[test]
fn too_small() {
    let app = list_app(30, 8);
    insta::assert_snapshot!("too_small_30x8", draw(&app).backend());
    for (w, h) in [(1, 1), (2, 1), (1, 3), (39, 9), (40, 10), (41, 11)] {
        let mut app = incident_app(w, h);
        draw(&app);
        for c in ["j", "G", "/", "x", "?"] {
            keys(&mut app, c);
            draw(&app);
        }
    }
}

#[test]
fn keys_open_scroll_and_quit() {
    let mut app = list_app(100, 30);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('k'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Incident);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.incident.as_ref().unwrap().selected, 2);
    key(&mut app, KeyCode::Char('G'));
    let n = app.open_incident().unwrap().0.incident.timeline.len();
    assert_eq!(app.incident.as_ref().unwrap().selected, n - 1);
    key(&mut app, KeyCode::Home);
    assert_eq!(app.incident.as_ref().unwrap().selected, 0);
    key(&mut app, KeyCode::PageDown);
    assert!(app.incident.as_ref().unwrap().selected > 0);
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(
        app.incident.as_ref().unwrap().layout.zone,
        retrace::tui::timeline::Zone::Utc
    );
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.screen, Screen::List);
    key(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
    let mut app = list_app(100, 30);
    key_mod(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.quit);
}

#[test]
fn mouse_wheel_and_click() {
    let mut app = incident_app(100, 30);
    app.update(Action::Scroll {
        down: true,
        x: 10,
        y: 10,
    });
    assert_eq!(app.incident.as_ref().unwrap().selected, 3);
    // Click the row of event 5 (the selected row above it may take more than one line).
    let text = screen_text(&draw(&app));
    let y = text
        .lines()
        .position(|l| l.contains("Escalated to the DBA team"))
        .expect("event 5 on screen") as u16;
    app.update(Action::Click { x: 20, y });
    assert_eq!(app.incident.as_ref().unwrap().selected, 5);
}

#[test]
fn untrusted_text_never_reaches_the_terminal() {
    let app = app_for(&[fixture("hostile.yaml")], 100, 30);
    let text = screen_text(&draw(&app));
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    assert!(text.contains("Escape  sequences  stripped"), "{text}");
}

#[test]
fn a_big_timeline_renders_only_what_is_visible() {
    let inc = retrace::tui::bench_support::synthetic_incident(100_000);
    let mut app = retrace::tui::bench_support::app_with(inc, 160, 48);
    key(&mut app, KeyCode::Char('G'));
    let text = screen_text(&draw(&app));
    assert!(text.contains("100000/100000"), "{text}");
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "shard 4");
    assert!(app.match_position().is_some());
}

#[test]
fn inferred_kinds_say_why() {
    let mut app = app_for(&[fixture("hostile.yaml")], 100, 30);
    key(&mut app, KeyCode::Char('j'));
    let text = screen_text(&draw(&app));
    assert!(text.contains("kind inferred by rule"), "{text}");
}

#[test]
fn monochrome_keeps_meaning_without_colour() {
    let c = corpus::load_all_cached(&[fixture("checkout.yaml")], Cache::disabled(), |_| ()).0;
    let mut app = App::new(entries(c), false, Theme::new(ThemeName::Mono), 120, 40);
    app.update(Action::Resize(120, 40));
    let t = draw(&app);
    let buf = t.backend().buffer();
    assert!(
        buf.content()
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset),
        "no colour at all"
    );
    let text = screen_text(&t);
    assert!(text.contains("✗ ruled out"));
    assert!(text.contains("DETECTED"));
    // The selected row is reversed.
    let y = retrace::tui::view::layout::incident(app.area(), &app)
        .timeline
        .unwrap()
        .y
        + app.incident.as_ref().unwrap().layout.event_row[0] as u16;
    assert!(
        buf[(10, y)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
}

#[test]
fn bundled_samples_all_load() {
    for e in retrace::tui::samples() {
        if let retrace::tui::app::Entry::Failed { path, message } = e {
            panic!("{path}: {message}");
        }
    }
}

#[test]
fn wide_pane_tabs_are_clickable() {
    let mut app = incident_app(160, 48);
    let p = retrace::tui::view::layout::incident(app.area(), &app)
        .pane
        .unwrap();
    let x = p.x
        + 1
        + retrace::tui::view::layout::wide_tab_labels()[..2]
            .iter()
            .map(|(_, l)| l.chars().count() as u16)
            .sum::<u16>()
        + 1;
    app.update(Action::Click { x, y: p.y });
    assert_eq!(app.incident.as_ref().unwrap().pane, Pane::Actions);
}

#[test]
fn undated_incidents_show_clock_times_only() {
    let mut inc = retrace::tui::bench_support::synthetic_incident(3000);
    inc.undated = true;
    let app = retrace::tui::bench_support::app_with(inc, 120, 40);
    let text = screen_text(&draw(&app));
    assert!(text.contains("undated"), "{text}");
    assert!(!text.contains("── "), "no date separators: {text}");
    let inc = retrace::tui::bench_support::synthetic_incident(20_000);
    let st_rows = {
        let a = retrace::analysis::analyze(&inc);
        retrace::tui::timeline::TimelineLayout::new(&inc, &a, retrace::tui::timeline::Zone::Utc)
            .rows
    };
    assert!(
        st_rows
            .iter()
            .any(|r| matches!(r.kind, retrace::tui::timeline::RowKind::Date(_)))
    );
    assert!(
        st_rows
            .iter()
            .any(|r| matches!(r.kind, retrace::tui::timeline::RowKind::Gap(_)))
    );
}

#[test]
fn resizing_keeps_the_timeline_in_view() {
    let mut app = incident_app(160, 48);
    assert_eq!(
        app.incident.as_ref().unwrap().pane,
        Pane::Impact,
        "wide: side pane"
    );
    app.update(Action::Resize(80, 24));
    assert_eq!(app.incident.as_ref().unwrap().pane, Pane::Timeline);
    app.update(Action::Resize(200, 60));
    assert_eq!(app.incident.as_ref().unwrap().pane, Pane::Impact);
    // The selection stays on screen after shrinking.
    key(&mut app, KeyCode::Char('G'));
    app.update(Action::Resize(60, 12));
    let st = app.incident.as_ref().unwrap();
    let h = retrace::tui::view::layout::incident(app.area(), &app).timeline_height() as usize;
    let row = st.layout.event_row[st.selected] as usize;
    assert!(
        row >= st.scroll && row < st.scroll + h,
        "row {row} scroll {} h {h}",
        st.scroll
    );
}

#[test]
fn an_incident_without_events_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.yaml");
    std::fs::write(
        &p,
        "title: Nothing written down yet\nseverity: SEV4\ntimeline: []\n",
    )
    .unwrap();
    let mut app = app_for(&[p], 80, 24);
    assert_eq!(app.screen, Screen::Incident);
    for k in ["j", "G", "g", "/", "x"] {
        keys(&mut app, k);
    }
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('t'));
    let text = screen_text(&draw(&app));
    assert!(text.contains("No events"), "{text}");
}

#[test]
fn without_a_terminal_the_binary_says_what_to_use_instead() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_retrace"))
        .arg(fixture("checkout.yaml"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("needs a terminal") && err.contains("retrace stats"),
        "{err}"
    );
}

#[test]
fn too_small_at_tiny_sizes() {
    for (w, h) in [(1, 1), (20, 5)] {
        let app = incident_app(w, h);
        insta::assert_snapshot!(format!("too_small_{w}x{h}"), draw(&app).backend());
    }
}

#[test]
fn edit_asks_the_loop_for_the_editor_and_reloads_after() {
    use retrace::tui::app::Reload;
    use retrace::tui::command::Command;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("checkout.yaml");
    std::fs::copy(fixture("checkout.yaml"), &p).unwrap();
    let mut app = app_for(std::slice::from_ref(&p), 100, 30);
    keys(&mut app, "jjj");
    let e = map_key(
        contexts_of(&app),
        KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE),
    );
    let commands = app.update(e.unwrap());
    let [Command::Edit { entry, path }] = &commands[..] else {
        panic!("no edit command: {commands:?}")
    };
    let (entry, path) = (*entry, path.clone());
    assert_eq!(path, p);
    // What the event loop does after the editor exits.
    let text = std::fs::read_to_string(&p).unwrap().replace(
        "title: Checkout slowdown",
        "title: EDITED Checkout slowdown",
    );
    std::fs::write(&p, text).unwrap();
    let result = retrace::ingest::load_path(&p).map_err(|e| e.to_string());
    app.update(Action::Reloaded(Box::new(Reload { entry, result })));
    let (doc, st) = app.open_incident().unwrap();
    assert!(doc.incident.title.starts_with("EDITED"));
    assert_eq!(st.selected, 3, "the selection is kept");
    assert!(app.message.as_deref().unwrap_or("").starts_with("Reloaded"));
    // A reload that fails turns the row into an error row and says why.
    std::fs::write(&p, "title: [broken").unwrap();
    let result = retrace::ingest::load_path(&p).map_err(|e| e.to_string());
    app.update(Action::Reloaded(Box::new(Reload { entry, result })));
    assert_eq!(app.screen, Screen::List);
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .starts_with("Reload failed")
    );
    assert!(app.entries[entry].doc().is_none());
}

#[test]
fn brackets_walk_the_landmarks() {
    let mut app = incident_app(100, 30);
    // Event 0 is the detection (milestone); the next landmark is the acknowledgement.
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(app.incident.as_ref().unwrap().selected, 1);
    key(&mut app, KeyCode::Char(']'));
    let st = app.incident.as_ref().unwrap();
    assert!(
        st.layout.nodes[st.selected].fork,
        "then the first branch starts"
    );
    key(&mut app, KeyCode::Char('['));
    assert_eq!(app.incident.as_ref().unwrap().selected, 1);
}

/// A copy of a fixture in a temporary folder, to write to.
fn temp_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::copy(fixture(name), &path).unwrap();
    (dir, path)
}

#[test]
fn follows_the_file_on_disk() {
    let (_dir, path) = temp_copy("checkout.yaml");
    let mut app = app_for(std::slice::from_ref(&path), 80, 24);
    assert_eq!(app.screen, Screen::Incident);
    // On the newest event: new events are followed, like `tail -f`.
    key(&mut app, KeyCode::Char('G'));
    let mut w = retrace::store::Writer::new(&path, Some("sam".into()));
    w.note("canary rollback finished", None, None, None)
        .unwrap();
    let mut exec = retrace::tui::command::Blocking::new(None);
    exec.update(&mut app, Action::FileChanged(path.clone()));
    let (doc, st) = app.open_incident().unwrap();
    assert_eq!(
        &*doc.incident.timeline[st.selected].text,
        "canary rollback finished"
    );
    assert!(screen_text(&draw(&app)).contains("canary rollback finished"));

    // Elsewhere: the selection stays on the same event, whatever its index becomes.
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('j'));
    let before = {
        let (doc, st) = app.open_incident().unwrap();
        doc.incident.timeline[st.selected].text.clone()
    };
    w.note("second note", None, None, None).unwrap();
    exec.update(&mut app, Action::FileChanged(path.clone()));
    let (doc, st) = app.open_incident().unwrap();
    assert_eq!(doc.incident.timeline[st.selected].text, before);
    assert!(
        doc.incident
            .timeline
            .iter()
            .any(|e| &*e.text == "second note")
    );
}

// ----- live mode ---------------------------------------------------------------------------

/// Live mode on a temporary copy of a fixture, written as `sam`; saves run in place through the
/// same commands the event loop runs on its store worker.
struct LiveTest {
    _dir: tempfile::TempDir,
    path: PathBuf,
    app: App,
    exec: retrace::tui::command::Blocking,
}

impl LiveTest {
    fn new(name: &str, w: u16, h: u16) -> LiveTest {
        let (dir, path) = temp_copy(name);
        let loaded = retrace::ingest::load_path(&path).unwrap();
        let writer = retrace::store::Writer::new(&path, Some("sam".into()));
        let mut app = retrace::tui::live_app(loaded, Theme::new(ThemeName::Dark), w, h);
        app.update(Action::Tick("2024-08-15T11:02:00Z".parse().unwrap()));
        LiveTest {
            _dir: dir,
            path,
            app,
            exec: retrace::tui::command::Blocking::new(Some(writer)),
        }
    }

    /// Live mode on an incident still going on (started 10:30, one event).
    fn ongoing(w: u16, h: u16) -> LiveTest {
        let mut t = LiveTest::new("checkout.yaml", w, h);
        std::fs::write(
            &t.path,
            "title: Checkout latency\nstatus: ongoing\ndate: 2024-08-15\nstarted: \"10:30\"\ntimeline:\n  - at: \"10:32\"\n    text: p99 at 4s\n",
        )
        .unwrap();
        t.update(Action::FileChanged(t.path.clone()));
        t
    }

    fn key(&mut self, code: KeyCode) {
        self.key_mod(code, KeyModifiers::NONE)
    }

    fn key_mod(&mut self, code: KeyCode, mods: KeyModifiers) {
        if let Some(a) = map_key(contexts_of(&self.app), KeyEvent::new(code, mods)) {
            self.exec.update(&mut self.app, a);
        }
    }

    fn keys(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn update(&mut self, a: Action) {
        self.exec.update(&mut self.app, a);
    }

    fn live(&self) -> &retrace::tui::live::Live {
        self.app.live.as_ref().unwrap()
    }

    fn selected(&self) -> retrace::model::Event {
        let (doc, st) = self.app.open_incident().unwrap();
        doc.incident.timeline[st.selected].clone()
    }

    fn screen(&self) -> String {
        screen_text(&draw(&self.app))
    }
}

fn on_disk(path: &std::path::Path) -> retrace::model::Incident {
    retrace::ingest::load_path(path).unwrap().incident
}

#[test]
fn live_note_line_80x24() {
    let mut t = LiveTest::new("checkout.yaml", 80, 24);
    t.key(KeyCode::Char('a'));
    t.keys("p99 at 4s on checkout");
    // The cursor moves: a word back, so the snapshot shows it inside the text.
    t.key_mod(KeyCode::Left, KeyModifiers::CONTROL);
    insta::assert_snapshot!(t.screen());
}

#[test]
fn live_confirm_prompt_80x24() {
    let mut t = LiveTest::new("checkout.yaml", 80, 24);
    t.key(KeyCode::Char('M'));
    insta::assert_snapshot!(t.screen());
}

#[test]
fn live_active_hypothesis_80x24() {
    let mut t = LiveTest::new("checkout.yaml", 80, 24);
    // Set without saving, so the snapshot has no event stamped with today's clock.
    t.app.live.as_mut().unwrap().hypothesis = Some(("db".into(), "DB is saturated".into()));
    t.key(KeyCode::Char(':'));
    t.keys("CPU at 30%");
    insta::assert_snapshot!(t.screen());
}

#[test]
fn live_idle_80x24() {
    let t = LiveTest::new("checkout.yaml", 80, 24);
    insta::assert_snapshot!(t.screen());
}

#[test]
fn live_note_is_saved_as_said_and_shown_at_once() {
    let mut t = LiveTest::new("checkout.yaml", 80, 24);
    let before = on_disk(&t.path);
    t.key(KeyCode::Char('a'));
    t.keys("Rolled back checkout to 4.1");
    // Fix a word with the line editor, paste the rest.
    t.key(KeyCode::End);
    t.update(Action::Paste(" (canary\n)".into()));
    t.key(KeyCode::Enter);
    assert!(t.live().line.is_none());
    assert!(t.live().outbox.is_empty());
    let disk = on_disk(&t.path);
    assert_eq!(disk.timeline.len(), before.timeline.len() + 1);
    let e = t.selected();
    assert_eq!(&*e.text, "Rolled back checkout to 4.1 (canary )");
    assert_eq!(e.author.as_deref(), Some("sam"));
    // Recorded as what was said: a note, not a guessed mitigation, and no milestone moved.
    let saved = disk.timeline.iter().find(|d| d.text == e.text).unwrap();
    assert_eq!(saved.kind, retrace::model::EventKind::Note);
    assert!(saved.inferred.is_none());
    assert_eq!(disk.milestones, before.milestones);
    let text = std::fs::read_to_string(&t.path).unwrap();
    assert!(
        text.contains("    kind: note\n    text: Rolled back checkout to 4.1 (canary )"),
        "{text}"
    );

    // Esc cancels: nothing saved. In the note line, keys are text: `q` does not quit.
    t.key(KeyCode::Char('a'));
    t.keys("never mind q");
    assert!(!t.app.quit);
    t.key(KeyCode::Esc);
    assert_eq!(on_disk(&t.path).timeline.len(), before.timeline.len() + 1);
}

#[test]
fn live_failed_save_keeps_the_text() {
    let mut t = LiveTest::new("checkout.yaml", 80, 24);
    t.key(KeyCode::Char('a'));
    t.keys("important note");
    std::fs::write(&t.path, "title: [unclosed\n").unwrap();
    t.key(KeyCode::Enter);
    let line = t
        .live()
        .line
        .as_ref()
        .expect("the text comes back to the line");
    assert_eq!(line.editor.text(), "important note");
    assert!(line.error.is_some());
    assert!(t.screen().contains("not saved"));
}

#[test]
fn live_a_save_waiting_for_the_lock_keeps_the_screen_and_the_text() {
    // The loop runs saves on a worker; here the save is held back to look at the app meanwhile.
    let mut t = LiveTest::new("checkout.yaml", 200, 30);
    t.key(KeyCode::Char('a'));
    t.keys("typed while locked");
    let commands = {
        let a = map_key(
            contexts_of(&t.app),
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        );
        t.app.update(a.unwrap())
    };
    let [retrace::tui::command::Command::Save(req)] = &commands[..] else {
        panic!("{commands:?}")
    };
    let holder = retrace::store::LockHolder {
        pid: 4242,
        host: "build-3".into(),
        since: "2024-08-15T11:01:07Z".parse().unwrap(),
        program: "retrace note".into(),
    };
    t.app.update(Action::SaveWaiting(
        req.id,
        Some(holder),
        std::time::Duration::from_secs(12),
    ));
    let screen = t.screen();
    assert!(
        screen.contains("saving note \"typed while locked\""),
        "{screen}"
    );
    assert!(
        screen.contains(
            "waiting 12s for the lock held by pid 4242 (retrace note) on build-3 since 11:01:07 UTC"
        ),
        "{screen}"
    );
    // The screen still takes keys: move, open another note.
    t.app.update(Action::Up);
    t.app.update(Action::LiveNote);
    assert!(t.live().line.is_some());
    t.app.update(Action::LineCancel);
    // Quitting now asks first: the note is not saved yet.
    t.app.update(Action::Quit);
    assert!(!t.app.quit);
    assert_eq!(t.live().pending, Some(retrace::tui::live::Pending::Quit));
    t.app.update(Action::Answer(false));
    // The save goes through when the lock is free.
    t.exec.run(&mut t.app, commands);
    assert!(t.live().outbox.is_empty());
    assert!(
        on_disk(&t.path)
            .timeline
            .iter()
            .any(|e| &*e.text == "typed while locked")
    );
}

#[test]
fn live_milestone_keys_mark_now_or_promote_the_selected_event() {
    use retrace::model::{EventKind, MilestoneKind};
    let mut t = LiveTest::new("checkout.yaml", 80, 24);
    // Nothing selected (following): a marker event, now.
    let n0 = on_disk(&t.path).timeline.len();
    t.key(KeyCode::Char('R'));
    t.key(KeyCode::Char('n'));
    assert_eq!(on_disk(&t.path).timeline.len(), n0);
    t.key(KeyCode::Char('A'));
    use retrace::tui::live::Pending;
    assert_eq!(
        t.live().pending,
        Some(Pending::Milestone(MilestoneKind::Acknowledged))
    );
    assert!(t.screen().contains("Mark acknowledged now?"));
    t.key(KeyCode::Char('y'));
    let disk = on_disk(&t.path);
    assert_eq!(disk.timeline.len(), n0 + 1);
    assert!(disk.milestones.get(MilestoneKind::Acknowledged).is_some());
    // A selected note: M promotes that note.
    t.key(KeyCode::Char('g'));
    t.key(KeyCode::Char('j'));
    let chosen = t.selected();
    t.key(KeyCode::Char('M'));
    assert!(matches!(
        &t.live().pending,
        Some(Pending::Promote { target, kind: MilestoneKind::Mitigated }) if *target.text == *chosen.text
    ));
    t.key(KeyCode::Char('y'));
    let disk = on_disk(&t.path);
    assert_eq!(disk.timeline.len(), n0 + 1, "no marker event added");
    assert_eq!(
        disk.milestones.get(MilestoneKind::Mitigated),
        Some(chosen.at)
    );
    let e = disk
        .timeline
        .iter()
        .find(|e| e.text == chosen.text)
        .unwrap();
    assert_eq!(e.kind, EventKind::Mitigation);
    assert_eq!(t.selected().text, chosen.text, "the selection stays on it");
    // Esc: back to following; the milestone keys mark now again.
    t.key(KeyCode::Esc);
    t.key(KeyCode::Char('D'));
    assert_eq!(
        t.live().pending,
        Some(Pending::Milestone(MilestoneKind::Detected))
    );
}

#[test]
fn live_hypotheses_rule_out_confirm_and_offer_identified() {
    use retrace::model::{MilestoneKind, Outcome};
    let mut t = LiveTest::ongoing(160, 40);
    t.key(KeyCode::Char('H'));
    t.keys("Network partition");
    t.key(KeyCode::Enter);
    assert_eq!(t.live().hypothesis.as_ref().unwrap().0, "network-partition");
    t.key(KeyCode::Char('a'));
    t.keys("packet loss 0%");
    t.key(KeyCode::Enter);
    assert_eq!(t.selected().branch.as_deref(), Some("network-partition"));
    // The open branch shows its time so far on the live clock.
    let start = t.selected().at;
    t.update(Action::Tick(start + chrono::Duration::minutes(12)));
    assert!(t.screen().contains("open · 12m so far"), "{}", t.screen());
    t.key(KeyCode::Char('x'));
    t.key(KeyCode::Char('y'));
    assert!(t.live().hypothesis.is_none());
    let branch = |t: &LiveTest, id: &str| {
        on_disk(&t.path)
            .branches
            .into_iter()
            .find(|b| b.id == id)
            .unwrap()
    };
    assert_eq!(branch(&t, "network-partition").outcome, Outcome::RuledOut);
    // Undo takes the ruling out back.
    t.key(KeyCode::Char('u'));
    assert_eq!(branch(&t, "network-partition").outcome, Outcome::Open);
    // Confirming offers to mark identified at the confirming event.
    t.key(KeyCode::Char('H'));
    t.keys("Pool exhausted");
    t.key(KeyCode::Enter);
    t.key(KeyCode::Char('c'));
    t.key(KeyCode::Char('y'));
    assert!(matches!(
        t.live().pending,
        Some(retrace::tui::live::Pending::OfferIdentified(_))
    ));
    t.key(KeyCode::Char('y'));
    let disk = on_disk(&t.path);
    assert_eq!(branch(&t, "pool-exhausted").outcome, Outcome::Confirmed);
    let confirm = disk
        .timeline
        .iter()
        .find(|e| &*e.text == "Confirmed: Pool exhausted")
        .unwrap();
    assert_eq!(
        disk.milestones.get(MilestoneKind::Identified),
        Some(confirm.at)
    );
}

#[test]
fn live_delete_keeps_the_selection_and_undo_puts_it_back_exactly() {
    let mut t = LiveTest::new("checkout.yaml", 80, 24);
    let before = std::fs::read(&t.path).unwrap();
    t.key(KeyCode::Char('g'));
    t.keys("jj");
    let (victim, next) = {
        let (doc, _) = t.app.open_incident().unwrap();
        (
            doc.incident.timeline[2].clone(),
            doc.incident.timeline[3].clone(),
        )
    };
    assert_eq!(t.app.incident.as_ref().unwrap().selected, 2);
    t.key(KeyCode::Char('d'));
    t.key(KeyCode::Char('y'));
    assert!(
        !on_disk(&t.path)
            .timeline
            .iter()
            .any(|e| e.text == victim.text)
    );
    assert_eq!(t.app.incident.as_ref().unwrap().selected, 2);
    assert_eq!(
        t.selected().text,
        next.text,
        "the next event takes its place"
    );
    t.key(KeyCode::Char('u'));
    assert_eq!(
        t.selected().text,
        victim.text,
        "the restored event is selected"
    );
    assert_eq!(t.app.incident.as_ref().unwrap().selected, 2);
    assert_eq!(
        std::fs::read(&t.path).unwrap(),
        before,
        "the file is as it was, byte for byte"
    );
}

#[test]
fn live_undo_refuses_to_overwrite_someone_elses_change() {
    use retrace::model::MilestoneKind;
    let mut t = LiveTest::new("checkout.yaml", 80, 24);
    t.key(KeyCode::Char('M'));
    t.key(KeyCode::Char('y'));
    // Another responder moves `mitigated` meanwhile.
    let later: retrace::model::Timestamp = "2024-08-15T12:30:00Z".parse().unwrap();
    retrace::store::Writer::new(&t.path, Some("kim".into()))
        .transact("move", |_| {
            Ok(vec![retrace::store::Change::SetMilestone {
                kind: MilestoneKind::Mitigated,
                at: Some(later),
                expect: None,
            }])
        })
        .unwrap();
    t.key(KeyCode::Char('u'));
    let msg = t.app.message.clone().unwrap_or_default();
    assert!(
        msg.contains("not undone") && msg.contains("`mitigated` was changed"),
        "{msg}"
    );
    assert_eq!(
        on_disk(&t.path).milestones.get(MilestoneKind::Mitigated),
        Some(later)
    );
}

#[test]
fn live_clock_stops_at_resolved_and_shows_the_ttr() {
    let mut t = LiveTest::ongoing(100, 24);
    let header = |t: &LiveTest| t.screen().lines().next().unwrap().to_string();
    assert!(header(&t).contains("LIVE  32m"), "{}", header(&t));
    let resolved = "2024-08-15T12:45:00Z".parse().unwrap();
    retrace::store::Writer::new(&t.path, None)
        .set_milestone(retrace::model::MilestoneKind::Resolved, resolved)
        .unwrap();
    t.update(Action::FileChanged(t.path.clone()));
    let h1 = header(&t);
    assert!(h1.contains("resolved · TTR 2h15m"), "{h1}");
    t.update(Action::Tick("2024-08-15T18:00:00Z".parse().unwrap()));
    assert_eq!(header(&t), h1, "the clock no longer runs");
}

#[test]
fn live_keys_are_in_the_help_and_shadow_nothing() {
    let mut t = LiveTest::new("checkout.yaml", 80, 24);
    t.key(KeyCode::Char('?'));
    let text: String = retrace::tui::widgets::help::lines(&t.app)
        .iter()
        .map(|l| l.to_string() + "\n")
        .collect();
    for want in [
        "Live mode",
        "mark detected",
        "start a hypothesis",
        "Ctrl-w",
        "Ctrl-←",
    ] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
    t.key(KeyCode::Esc);
    // `n` and `h` are still next-match and back in live mode.
    assert_eq!(
        map_key(
            contexts_of(&t.app),
            KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE)
        )
        .map(|a| format!("{a:?}")),
        Some("NextMatch".into())
    );
    assert_eq!(
        map_key(
            contexts_of(&t.app),
            KeyEvent::new(KeyCode::Char('h'), KeyModifiers::NONE)
        )
        .map(|a| format!("{a:?}")),
        Some("Back".into())
    );
}

#[test]
fn live_long_note_scrolls_to_keep_the_cursor_visible() {
    let mut t = LiveTest::new("checkout.yaml", 80, 24);
    t.key(KeyCode::Char('a'));
    let long = "word ".repeat(30) + "END";
    t.keys(&long);
    let text = t.screen();
    let last = text.lines().last().unwrap();
    assert!(last.contains("note› …"), "{last}");
    assert!(last.contains("END"), "{last}");
    t.key(KeyCode::Home);
    assert!(
        t.screen()
            .lines()
            .last()
            .unwrap()
            .contains("note› word word")
    );
}

#[test]
fn live_hypothesis_closed_elsewhere_is_dropped() {
    let mut t = LiveTest::new("checkout.yaml", 80, 24);
    t.key(KeyCode::Char('H'));
    t.keys("cache stampede");
    t.key(KeyCode::Enter);
    t.key(KeyCode::Char('a'));
    t.keys("hit rate 12%");
    t.key(KeyCode::Enter);
    assert!(t.app.message.as_deref().unwrap().contains(" UTC ("));
    // A second responder rules it out from their terminal.
    let mut other = retrace::store::Writer::new(&t.path, Some("kim".into()));
    other
        .close_branch("cache-stampede", retrace::model::Outcome::RuledOut)
        .unwrap();
    t.update(Action::FileChanged(t.path.clone()));
    assert!(t.live().hypothesis.is_none());
    assert!(t.app.message.as_deref().unwrap().contains("no longer open"));
}

#[test]
fn a_new_file_in_a_watched_folder_joins_the_list() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["checkout.yaml", "ledger.yaml"] {
        std::fs::copy(fixture(f), dir.path().join(f)).unwrap();
    }
    let mut app = app_for(&[dir.path().to_path_buf()], 80, 24);
    assert_eq!(app.entries.len(), 2);
    let new = dir.path().join("third.yaml");
    std::fs::copy(fixture("checkout.yaml"), &new).unwrap();
    let mut exec = retrace::tui::command::Blocking::new(None);
    exec.update(&mut app, Action::FileChanged(new.clone()));
    assert_eq!(app.entries.len(), 3);
    // A change to a known file reloads it in place.
    exec.update(&mut app, Action::FileChanged(new));
    assert_eq!(app.entries.len(), 3);
}

#[test]
fn live_note_typed_while_someone_else_writes_is_saved_on_top() {
    let mut t = LiveTest::new("checkout.yaml", 80, 24);
    t.key(KeyCode::Char('a'));
    t.keys("mine");
    let mut other = retrace::store::Writer::new(&t.path, Some("kim".into()));
    other.note("theirs", None, None, None).unwrap();
    t.update(Action::FileChanged(t.path.clone()));
    // The reload shows their note and leaves the line as typed.
    assert_eq!(t.live().line.as_ref().unwrap().editor.text(), "mine");
    assert!(t.screen().contains("theirs"));
    t.key(KeyCode::Enter);
    let texts: Vec<String> = on_disk(&t.path)
        .timeline
        .into_iter()
        .map(|e| e.text.into())
        .collect();
    assert!(texts.contains(&"mine".to_string()) && texts.contains(&"theirs".to_string()));
}

#[test]
fn live_a_layout_that_cannot_be_edited_asks_before_rewriting() {
    use retrace::tui::live::Pending;
    let mut t = LiveTest::new("checkout.yaml", 100, 24);
    let flow = "# keep me\ntitle: T\ndate: 2024-08-15\ntimeline: [{at: \"10:00\", text: a}]\n";
    std::fs::write(&t.path, flow).unwrap();
    t.update(Action::FileChanged(t.path.clone()));
    t.key(KeyCode::Char('a'));
    t.keys("a note");
    t.key(KeyCode::Enter);
    assert!(
        matches!(
            &t.live().pending,
            Some(Pending::Rewrite { comments: 1, .. })
        ),
        "{:?}",
        t.live().pending
    );
    assert!(
        t.screen().contains("Rewrite the whole file"),
        "{}",
        t.screen()
    );
    assert_eq!(
        std::fs::read_to_string(&t.path).unwrap(),
        flow,
        "asked before writing"
    );
    // No: nothing written, the text back in the line.
    t.key(KeyCode::Char('n'));
    assert_eq!(std::fs::read_to_string(&t.path).unwrap(), flow);
    assert_eq!(t.live().line.as_ref().unwrap().editor.text(), "a note");
    // Enter again, and yes: rewritten, saying so.
    t.key(KeyCode::Enter);
    t.key(KeyCode::Char('y'));
    assert!(t.app.message.as_deref().unwrap_or("").contains("rewritten"));
    assert!(
        on_disk(&t.path)
            .timeline
            .iter()
            .any(|e| &*e.text == "a note")
    );
}

// ----- the timeline uses the screen ------------------------------------------------------

/// The incident with the event whose text is long selected (Monitoring alerts…, event 0).
fn long_row_app(w: u16, h: u16) -> App {
    let mut app = incident_app(w, h);
    key(&mut app, KeyCode::Char('g'));
    app
}

#[test]
fn w_wraps_every_row_with_a_hanging_indent() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = long_row_app(w, h);
        // Cut rows, but the selected one is whole.
        let text = screen_text(&draw(&app));
        assert!(text.contains("start timing out"), "{text}");
        assert!(
            !text.contains("(RTT normal, no retransmits)") || w >= 160,
            "a row not selected is cut: {text}"
        );
        key(&mut app, KeyCode::Char('w'));
        assert!(app.incident.as_ref().unwrap().wrap);
        key(&mut app, KeyCode::Char('j'));
        let t = draw(&app);
        let text = screen_text(&t);
        // The first event, no longer selected, is still whole; continuation lines start under
        // the text column, the main line drawn through them.
        assert!(text.contains("start timing out"), "{text}");
        let cont = text
            .lines()
            .find(|l| l.contains("start timing out"))
            .unwrap();
        assert!(cont.trim_start().starts_with('│'), "{cont:?}");
        insta::assert_snapshot!(format!("wrap_{w}x{h}"), t.backend());
        key(&mut app, KeyCode::Char('w'));
        assert!(!app.incident.as_ref().unwrap().wrap);
    }
}

#[test]
fn plus_hides_the_side_pane_on_wide_terminals() {
    let mut app = incident_app(160, 48);
    let l = retrace::tui::view::layout::incident(app.area(), &app);
    let narrow = l.timeline.unwrap().width;
    assert!(l.pane.is_some());
    key(&mut app, KeyCode::Char('+'));
    let l = retrace::tui::view::layout::incident(app.area(), &app);
    assert!(l.pane.is_none(), "the pane is hidden");
    assert_eq!(l.timeline.unwrap().width, 160);
    assert!(narrow < 160);
    let t = draw(&app);
    let text = screen_text(&t);
    // Rows cut before are whole now.
    assert!(text.contains("using 80% of total DB time"), "{text}");
    insta::assert_snapshot!("full_width_160x48", t.backend());
    // A pane key brings the pane back.
    key(&mut app, KeyCode::Char('2'));
    assert!(
        retrace::tui::view::layout::incident(app.area(), &app)
            .pane
            .is_some()
    );
    // Narrow: the timeline has the width already; `+` says so and changes nothing.
    let mut app = incident_app(80, 24);
    key(&mut app, KeyCode::Char('+'));
    assert!(!app.incident.as_ref().unwrap().full_width);
    assert!(app.message.is_some());
}

#[test]
fn the_phase_legend_names_every_phase_that_took_time() {
    for (w, h) in [(80, 24), (160, 48)] {
        let app = incident_app(w, h);
        let text = screen_text(&draw(&app));
        let legend = text
            .lines()
            .find(|l| l.starts_with("legend "))
            .unwrap_or_else(|| panic!("no legend at {w}x{h}: {text}"));
        for name in [
            "triage 5m",
            "diagnosis 1h10m",
            "mitigation 15m",
            "recovery 45m",
        ] {
            assert!(legend.contains(name), "{name} missing: {legend:?}");
        }
        // Each with its fill, so it reads without colour.
        for fill in ['▓', '▒', '░', '▁'] {
            assert!(legend.contains(fill), "{fill} missing: {legend:?}");
        }
        // No one-letter labels in the bar.
        let bar = text.lines().find(|l| l.starts_with("phases ")).unwrap();
        for short in [" t ", " m ", " u "] {
            assert!(!bar.contains(short), "{short:?} in {bar:?}");
        }
    }
}

#[test]
fn z_spaces_rows_by_elapsed_time() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = incident_app(w, h);
        let before = screen_text(&draw(&app));
        key(&mut app, KeyCode::Char('z'));
        let unit = app.incident.as_ref().unwrap().time_scale.expect("to scale");
        assert!(unit >= 60);
        let t = draw(&app);
        let after = screen_text(&t);
        // The 10-minute silence before 10:45 shows as blank lines of the graph between the
        // two events' rows; before, the rows were next to each other.
        let gap = |s: &str| {
            let lines: Vec<&str> = s.lines().collect();
            let a = lines.iter().position(|l| l.contains(" 10:35 ")).unwrap();
            let b = lines.iter().position(|l| l.contains(" 10:45 ")).unwrap();
            b - a
        };
        assert_eq!(gap(&before), 1, "{before}");
        assert!(gap(&after) > 1, "{after}");
        insta::assert_snapshot!(format!("time_to_scale_{w}x{h}"), t.backend());
        // The selection stays on screen when walking the spaced rows.
        key(&mut app, KeyCode::Char('G'));
        let text = screen_text(&draw(&app));
        assert!(text.contains("Full service restored"), "{text}");
        key(&mut app, KeyCode::Char('z'));
        assert!(app.incident.as_ref().unwrap().time_scale.is_none());
    }
}

#[test]
fn search_results_show_the_text_around_the_match() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = list_app(w, h);
        key(&mut app, KeyCode::Char('/'));
        keys(&mut app, "retransmits");
        let t = draw(&app);
        let text = screen_text(&t);
        let row = text
            .lines()
            .find(|l| l.contains("retransmits") && !l.contains("events match"))
            .unwrap_or_else(|| panic!("the matched word is on the row: {text}"));
        if w == 80 {
            assert!(row.contains('…'), "the text before is elided: {row:?}");
        }
        // The detail area shows the matched event, whole, not the incident's summary.
        let detail: String = text
            .lines()
            .skip(h as usize - 8)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            detail.contains("Investigated network latency between app hosts"),
            "{detail}"
        );
        insta::assert_snapshot!(format!("search_all_context_{w}x{h}"), t.backend());
    }
}

#[test]
fn new_timeline_keys_are_in_the_help_and_the_footer() {
    let mut app = incident_app(200, 50);
    let footer = screen_text(&draw(&app)).lines().last().unwrap().to_string();
    for h in ["w wrap", "+ full width", "z to scale"] {
        assert!(footer.contains(h), "{h} missing from {footer:?}");
    }
    key(&mut app, KeyCode::Char('?'));
    let help: String = retrace::tui::widgets::help::lines(&app)
        .iter()
        .map(|l| l.to_string() + "\n")
        .collect();
    assert!(help.contains("space rows by elapsed time"), "{help}");
}

/// The text of the best match of a finished search over all incidents, lower-cased (read
/// from the event index: a folder's list keeps no timeline until an incident is opened).
fn best_match(app: &App) -> String {
    let s = app.search.as_ref().expect("a search");
    assert!(s.progress.is_some_and(|p| p.done), "the search is done");
    assert!(!s.hits().is_empty(), "a match");
    let &line = s.lines.first().expect("a match");
    app.index.as_ref().unwrap().index.text(line).to_lowercase()
}

/// The list app with its event index built in the load workers, as `retrace PATH` does.
fn indexed_list_app(w: u16, h: u16) -> App {
    let (entries, index) = retrace::tui::load_indexed(&[fixture("")]);
    App::with_index(entries, index, false, Theme::new(ThemeName::Dark), w, h)
}

#[test]
fn a_query_over_all_incidents_shows_the_engines_results() {
    let mut app = indexed_list_app(120, 30);
    key(&mut app, KeyCode::Char('/'));
    // Across words, as fzf matches: "netlat" is "network latency".
    keys(&mut app, "netlat");
    let ix = app.index.clone().unwrap();
    let want: Vec<(u32, u32)> =
        retrace::search::search(&ix.index, "netlat", 1, Some(retrace::tui::search::BEST))
            .iter()
            .map(|h| ix.hit(h.line).unwrap())
            .collect();
    assert!(
        !want.is_empty(),
        "the fixtures have a network latency event"
    );
    let s = app.search.as_ref().unwrap();
    assert_eq!(s.hits(), want.as_slice());
    assert_eq!(s.progress.unwrap().matched, want.len());
    // Ranked best first: the event that says it in two words comes first.
    assert!(best_match(&app).contains("network latency"));
    let text = screen_text(&draw(&app));
    assert!(text.contains("events match “netlat”"), "{text}");
    // Enter twice: close the prompt, open the best match at its event.
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let (doc, st) = app.open_incident().unwrap();
    let (entry, event) = want[0];
    assert_eq!(app.incident.as_ref().unwrap().entry, entry as usize);
    assert_eq!(st.selected, event as usize);
    assert!(doc.incident.timeline.len() > event as usize);
}

/// Press Esc until the list shows (a narrow incident screen first goes back to its timeline).
fn back_to_list(app: &mut App) {
    for _ in 0..3 {
        if app.screen == Screen::List {
            return;
        }
        key(app, KeyCode::Esc);
    }
    assert_eq!(app.screen, Screen::List);
}

/// A folder's list keeps no timeline (issue 10): an incident's is read again from its file
/// when it is opened — the same events and the same screen as a list that kept them — and
/// dropped again when another incident is opened.
#[test]
fn an_incident_of_a_folder_reads_its_timeline_again_when_opened() {
    let mut app = indexed_list_app(120, 30);
    let mut kept = list_app(120, 30);
    fn held(app: &App) -> Vec<bool> {
        app.entries
            .iter()
            .filter_map(|e| e.doc())
            .map(|d| d.held)
            .collect()
    }
    assert!(held(&app).iter().all(|h| !h), "{:?}", held(&app));
    assert!(
        app.entries
            .iter()
            .filter_map(|e| e.doc())
            .all(|d| d.incident.timeline.is_empty() && d.event_count > 0)
    );
    // The list and the stats screen draw the same as those of a list that keeps every
    // incident whole.
    assert_eq!(screen_text(&draw(&app)), screen_text(&draw(&kept)));
    for a in [&mut app, &mut kept] {
        key(a, KeyCode::Char('S'));
        assert_eq!(a.screen, Screen::Stats);
    }
    assert_eq!(screen_text(&draw(&app)), screen_text(&draw(&kept)));
    for a in [&mut app, &mut kept] {
        key(a, KeyCode::Esc);
        assert_eq!(a.screen, Screen::List);
    }
    // Search results over all incidents, read from the index: the same rows and detail.
    for q in ["netlat", "roll back"] {
        for a in [&mut app, &mut kept] {
            key(a, KeyCode::Char('/'));
            keys(a, q);
        }
        let shown = screen_text(&draw(&app));
        assert!(shown.contains(&format!("match “{q}”")), "{shown}");
        assert_eq!(shown, screen_text(&draw(&kept)));
        for a in [&mut app, &mut kept] {
            key(a, KeyCode::Esc);
            key(a, KeyCode::Esc);
        }
    }
    key(&mut app, KeyCode::Enter);
    key(&mut kept, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Incident);
    let first = app.incident.as_ref().unwrap().entry;
    let (doc, _) = app.open_incident().unwrap();
    let (whole, _) = kept.open_incident().unwrap();
    assert!(doc.held);
    assert_eq!(doc.source, whole.source);
    assert_eq!(doc.incident.timeline, whole.incident.timeline);
    assert_eq!(doc.event_count, whole.incident.timeline.len());
    assert_eq!(screen_text(&draw(&app)), screen_text(&draw(&kept)));
    // Another incident: the first one's timeline is dropped, the second's read.
    back_to_list(&mut app);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    let second = app.incident.as_ref().unwrap().entry;
    assert_ne!(first, second);
    assert!(!app.doc(first).unwrap().held);
    assert!(app.doc(first).unwrap().incident.timeline.is_empty());
    assert!(app.doc(second).unwrap().held);
    assert_eq!(held(&app).iter().filter(|h| **h).count(), 1);
}

/// The read of an incident being opened runs off the UI thread: `update` asks for it once and
/// opens the incident when it comes back. A file changed since it was listed shows as it is
/// now; a file gone leaves the list with a message saying so.
#[test]
fn opening_a_folders_incident_reads_its_file_then() {
    use retrace::tui::command::Command;
    let dir = tempfile::tempdir().unwrap();
    for name in ["checkout.yaml", "ledger.yaml"] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    let (entries, index) = retrace::tui::load_indexed(&[dir.path().to_path_buf()]);
    let mut app = App::with_index(entries, index, false, Theme::new(ThemeName::Dark), 120, 30);
    let row = |app: &App, title: &str| {
        app.entries
            .iter()
            .position(|e| e.doc().is_some_and(|d| d.incident.title.contains(title)))
            .unwrap()
    };
    let checkout = row(&app, "Checkout");
    app.list.selected = app.list.view.iter().position(|&e| e == checkout).unwrap();
    let path = dir.path().join("checkout.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("title: Checkout slowdown", "title: Checkout stall"),
    )
    .unwrap();
    let commands = app.update(Action::Open);
    assert_eq!(app.screen, Screen::List, "not open before the read");
    assert!(
        screen_text(&draw(&app)).contains("Reading "),
        "the status line says the file is being read"
    );
    let [Command::ReadIncident { entry, path: read }] = commands.as_slice() else {
        panic!("one read: {commands:?}");
    };
    assert_eq!((*entry, read), (checkout, &path));
    // Asked once: another action meanwhile asks for nothing more.
    assert!(app.update(Action::Tick(app.now)).is_empty());
    app.update(retrace::tui::command::read_incident(*entry, read));
    assert_eq!(app.screen, Screen::Incident);
    let (doc, _) = app.open_incident().unwrap();
    assert!(doc.incident.title.starts_with("Checkout stall"));
    assert!(doc.held && !doc.incident.timeline.is_empty());
    let shown = screen_text(&draw(&app));
    assert!(shown.contains("Checkout stall"), "{shown}");
    assert!(!shown.contains("Reading "), "{shown}");
    // A file gone: the list stays, and says why.
    back_to_list(&mut app);
    app.list.selected = app
        .list
        .view
        .iter()
        .position(|&e| e != checkout && app.doc(e).is_some())
        .unwrap();
    let other = app.list.view[app.list.selected];
    std::fs::remove_file(dir.path().join("ledger.yaml")).unwrap();
    retrace::tui::command::Blocking::new(None).update(&mut app, Action::Open);
    assert_eq!(app.screen, Screen::List);
    assert!(!app.doc(other).unwrap().held);
    let message = app.message.clone().unwrap_or_default();
    assert!(message.starts_with("Could not read"), "{message}");
}

/// A folder of the two fixture incidents copied to a temporary folder, as `retrace DIR` lists
/// it (the event index built in the load workers), and the entry of the incident titled
/// `title`.
fn folder_app(dir: &std::path::Path) -> App {
    for name in ["checkout.yaml", "ledger.yaml"] {
        std::fs::copy(fixture(name), dir.join(name)).unwrap();
    }
    let (entries, index) = retrace::tui::load_indexed(&[dir.to_path_buf()]);
    App::with_index(entries, index, false, Theme::new(ThemeName::Dark), 120, 30)
}

fn entry_titled(app: &App, title: &str) -> usize {
    app.entries
        .iter()
        .position(|e| e.doc().is_some_and(|d| d.incident.title.contains(title)))
        .unwrap()
}

/// The ledger fixture with a note put before its detection (which moves every later event
/// one place on).
fn add_zebra_note(path: &std::path::Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let at = "  - at: \"2025-03-12 02:30\"\n";
    assert!(text.contains(at));
    let note = "  - at: \"2025-03-11 11:00\"\n    kind: note\n    text: Zebra canary test passes\n";
    std::fs::write(path, text.replacen(at, &format!("{note}{at}"), 1)).unwrap();
}

/// The events the index of all incidents finds for `query`, as (entry, event).
fn found(app: &App, query: &str) -> Vec<(u32, u32)> {
    let ix = app.index.as_ref().unwrap();
    retrace::search::search(&ix.index, query, 1, None)
        .iter()
        .filter_map(|h| ix.hit(h.line))
        .collect()
}

/// A folder's file that changes on disk (the watcher reloads it) is listed as it is now: its
/// events are searched as they are now, and it keeps no timeline while it is not open, as
/// when it was loaded (issue 10).
#[test]
fn a_folders_file_changed_on_disk_is_searched_as_it_is_now_and_keeps_no_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = folder_app(dir.path());
    let ledger = entry_titled(&app, "ledger");
    let path = dir.path().join("ledger.yaml");
    assert!(found(&app, "zebra canary").is_empty());
    let events = app.doc(ledger).unwrap().event_count;
    add_zebra_note(&path);
    let result = retrace::ingest::load_path(&path).map_err(|e| e.to_string());
    retrace::tui::command::Blocking::new(None).update(
        &mut app,
        Action::FileLoaded(Box::new((path.clone(), result))),
    );
    let doc = app.doc(ledger).unwrap();
    assert_eq!(doc.event_count, events + 1, "the note is listed");
    assert!(doc.reread, "read again when opened, as the folder's others");
    assert!(
        !doc.held && doc.incident.timeline.is_empty(),
        "no timeline kept"
    );
    // The note is found, at its place; the events after it are found at theirs.
    assert_eq!(found(&app, "zebra canary"), vec![(ledger as u32, 2)]);
    let detection = found(&app, "exceeds processor settlement");
    assert_eq!(
        detection.first(),
        Some(&(ledger as u32, 3)),
        "{detection:?}"
    );
    assert!(
        !detection.contains(&(ledger as u32, 2)),
        "the old numbering is gone: {detection:?}"
    );
    // Searched from the list: the old lines are neither shown nor counted.
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "exceeds processor settlement");
    let s = app.search.as_ref().unwrap();
    assert_eq!(s.hits(), detection.as_slice());
    assert_eq!(s.progress.unwrap().matched, detection.len());
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    // Opened, it reads the file and shows the note.
    app.list.selected = app.list.view.iter().position(|&e| e == ledger).unwrap();
    retrace::tui::command::Blocking::new(None).update(&mut app, Action::Open);
    let (doc, _) = app.open_incident().unwrap();
    assert!(doc.held);
    assert_eq!(&*doc.incident.timeline[2].text, "Zebra canary test passes");
}

/// Entry `entry` is kept as a folder's incident that is not open: read again when opened,
/// without its timeline meanwhile.
fn assert_summary_only(app: &App, entry: usize) {
    let doc = app.doc(entry).unwrap();
    assert!(doc.reread, "read again when opened");
    assert!(
        !doc.held && doc.incident.timeline.is_empty(),
        "no timeline kept"
    );
}

/// An incident edited from the list (`e`) and read again keeps no timeline either while
/// another is open; a watched folder's new file joins the list and the index the same way.
#[test]
fn an_edited_or_new_file_of_a_folder_keeps_no_timeline_while_another_is_open() {
    use retrace::tui::app::Reload;
    let dir = tempfile::tempdir().unwrap();
    let mut app = folder_app(dir.path());
    let ledger = entry_titled(&app, "ledger");
    let checkout = entry_titled(&app, "Checkout");
    app.list.selected = app.list.view.iter().position(|&e| e == checkout).unwrap();
    retrace::tui::command::Blocking::new(None).update(&mut app, Action::Open);
    assert_eq!(app.incident.as_ref().unwrap().entry, checkout);
    back_to_list(&mut app);
    let path = dir.path().join("ledger.yaml");
    add_zebra_note(&path);
    let result = retrace::ingest::load_path(&path).map_err(|e| e.to_string());
    app.update(Action::Reloaded(Box::new(Reload {
        entry: ledger,
        result,
    })));
    assert_summary_only(&app, ledger);
    assert_eq!(found(&app, "zebra canary"), vec![(ledger as u32, 2)]);
    // The open incident keeps its timeline when it is the one reloaded.
    let path = dir.path().join("checkout.yaml");
    let result = retrace::ingest::load_path(&path).map_err(|e| e.to_string());
    app.update(Action::Reloaded(Box::new(Reload {
        entry: checkout,
        result,
    })));
    assert!(app.doc(checkout).unwrap().held);
    // A new file in the folder.
    let new = dir.path().join("ledger-again.yaml");
    std::fs::copy(&path, &new).unwrap();
    let result = retrace::ingest::load_path(&new).map_err(|e| e.to_string());
    app.update(Action::FileLoaded(Box::new((new.clone(), result))));
    let added = app.entries.len() - 1;
    assert_summary_only(&app, added);
    let netlat = found(&app, "netlat");
    assert!(netlat.iter().any(|h| h.0 == added as u32), "{netlat:?}");
}

/// A search result opened after its file changed (an event put before it) opens at the
/// event found, not at its old position; the results are searched again as the file is now.
#[test]
fn a_result_opened_after_its_file_changed_opens_at_its_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = folder_app(dir.path());
    let ledger = entry_titled(&app, "ledger");
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "exceeds processor settlement");
    let s = app.search.as_ref().unwrap();
    assert_eq!(s.hits().first(), Some(&(ledger as u32, 2)));
    let text = best_match(&app);
    add_zebra_note(&dir.path().join("ledger.yaml"));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let (doc, st) = app.open_incident().unwrap();
    assert_eq!(st.entry, ledger);
    assert_eq!(st.selected, 3);
    assert_eq!(doc.incident.timeline[3].text.to_lowercase(), text);
    // Back to the results: the event as it is now.
    back_to_list(&mut app);
    let s = app.search.as_ref().unwrap();
    assert_eq!(s.scope, Scope::All);
    assert_eq!(s.hits().first(), Some(&(ledger as u32, 3)));
    assert_eq!(best_match(&app), text);
}

/// Enter twice while an incident's file is read asks for one read; a move meanwhile cancels
/// the opening (the row left does not open a moment later), and the message goes with it.
#[test]
fn an_incident_being_read_opens_once_and_not_after_a_move() {
    use retrace::tui::command::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut app = folder_app(dir.path());
    let ledger = entry_titled(&app, "ledger");
    app.list.selected = app.list.view.iter().position(|&e| e == ledger).unwrap();
    let commands = app.update(Action::Open);
    let [Command::ReadIncident { entry, path }] = commands.as_slice() else {
        panic!("one read: {commands:?}");
    };
    let (entry, path) = (*entry, path.clone());
    let again = app.update(Action::Open);
    assert!(again.is_empty(), "the read running serves: {again:?}");
    assert!(app.message.as_deref().unwrap_or("").starts_with("Reading "));
    app.update(Action::Down);
    assert!(app.opening.is_none());
    assert!(!screen_text(&draw(&app)).contains("Reading "));
    app.update(retrace::tui::command::read_incident(entry, &path));
    assert_eq!(app.screen, Screen::List);
    assert!(app.incident.is_none(), "nothing opened after the move");
    // Asked again, it opens.
    app.list.selected = app.list.view.iter().position(|&e| e == ledger).unwrap();
    retrace::tui::command::Blocking::new(None).update(&mut app, Action::Open);
    assert_eq!(app.incident.as_ref().unwrap().entry, ledger);
}

/// Dropping a timeline keeps the same summary whether a view still shares the incident or not,
/// and leaves the view's copy whole.
#[test]
fn a_dropped_timeline_keeps_the_same_summary_shared_or_not() {
    let mut app = list_app(120, 30);
    let entry = entry_titled(&app, "ledger");
    let mut alone = app.doc(entry).unwrap().clone();
    let Some(retrace::tui::app::Entry::Doc(shared)) = app.entries.get_mut(entry) else {
        panic!("a doc");
    };
    let view = std::sync::Arc::clone(&shared.incident);
    alone.incident = std::sync::Arc::new((*view).clone());
    shared.drop_timeline();
    alone.drop_timeline();
    assert_eq!(shared.incident, alone.incident);
    let kept = &*shared.incident;
    assert!(kept.timeline.is_empty() && kept.branches.is_empty() && kept.actions.is_empty());
    assert!(kept.root_cause.is_none() && kept.resolution.is_none());
    assert_eq!(
        (&kept.id, &kept.title, &kept.services),
        (&view.id, &view.title, &view.services)
    );
    assert_eq!(
        (&kept.summary, &kept.impact, kept.date),
        (&view.summary, &view.impact, view.date)
    );
    assert!(
        !view.timeline.is_empty(),
        "the view's incident is untouched"
    );
}

/// An entry replaced while files still load stays replaced when the load workers' grown
/// index arrives: its old lines lead nowhere, its new ones to it, the new incidents to theirs.
#[test]
fn a_replaced_entry_stays_replaced_in_a_grown_index() {
    use retrace::search::Index;
    use retrace::tui::search::EventIndex;
    use std::sync::Arc;
    let app = list_app(120, 30);
    let docs: Vec<usize> = (0..app.entries.len())
        .filter(|&i| app.doc(i).is_some())
        .take(2)
        .collect();
    let [a, b] = docs[..] else {
        panic!("two incidents")
    };
    let (da, db) = (app.doc(a).unwrap(), app.doc(b).unwrap());
    let path = std::path::Path::new("x");
    let mut first = Index::new();
    first.push_incident(path, &da.incident);
    let first = Arc::new(first);
    let mut ix = EventIndex::new(Arc::clone(&first), vec![a as u32]);
    ix.replace(a, da);
    let mut second = Index::new();
    second.push_incident(path, &db.incident);
    // As the load workers grow it: the lines before kept under the same ids.
    let both = Arc::new(first.extended(&second));
    assert!(both.extends(ix.loaded()));
    let ix = ix.grown(Arc::clone(&both), [b as u32].into_iter());
    let (na, nb) = (da.incident.timeline.len(), db.incident.timeline.len());
    assert_eq!(ix.index.len(), na + nb + na);
    let entries: Vec<Option<u32>> = (0..ix.index.len() as u32)
        .map(|l| ix.hit(l).map(|h| h.0))
        .collect();
    let want: Vec<Option<u32>> = std::iter::repeat_n(None, na)
        .chain(std::iter::repeat_n(Some(b as u32), nb))
        .chain(std::iter::repeat_n(Some(a as u32), na))
        .collect();
    assert_eq!(entries, want);
    assert_eq!(ix.hit((na + nb) as u32), Some((a as u32, 0)));
}

#[test]
fn a_keystroke_only_asks_the_search_worker() {
    use retrace::tui::command::Command;
    let mut app = list_app(120, 30);
    key(&mut app, KeyCode::Char('/'));
    let commands = app.update(Action::PromptInput('r'));
    match commands.as_slice() {
        [Command::Search(req)] => assert_eq!(req.query, "r"),
        other => panic!("one search for the worker: {other:?}"),
    }
    let s = app.search.as_ref().unwrap();
    assert!(
        s.hits().is_empty() && s.progress.is_none(),
        "nothing searched here"
    );
    // Backspace to nothing: no search, no results.
    assert!(app.update(Action::PromptBackspace).is_empty());
}

#[test]
fn results_stream_in_with_progress() {
    use retrace::search::{Hit, Update};
    let mut app = list_app(80, 24);
    key(&mut app, KeyCode::Char('/'));
    let _ = app.update(Action::PromptInput('r'));
    let _ = app.update(Action::PromptInput('e'));
    let ix = app.index.clone().unwrap();
    let all = retrace::search::search(&ix.index, "re", 1, None);
    let update = |best: Vec<Hit>, query: &str, scanned: usize, done: bool| Update {
        generation: 1,
        query: query.into(),
        matched: best.len(),
        best,
        scanned,
        total: ix.index.len(),
        done,
    };
    // A stale query's results are not shown.
    app.update(Action::SearchUpdate(Box::new(update(
        all.clone(),
        "r",
        5,
        false,
    ))));
    assert!(app.search.as_ref().unwrap().hits().is_empty());
    // Part way: the first matches and how far the search has got.
    app.update(Action::SearchUpdate(Box::new(update(
        all[..2].to_vec(),
        "re",
        7,
        false,
    ))));
    let t = draw(&app);
    let text = screen_text(&t);
    assert!(
        text.contains(&format!("matched 2 · scanned 7/{}", ix.index.len())),
        "{text}"
    );
    assert_eq!(app.search.as_ref().unwrap().hits().len(), 2);
    insta::assert_snapshot!("search_all_streaming_80x24", t.backend());
    // Done: every match.
    let n = all.len();
    app.update(Action::SearchUpdate(Box::new(update(all, "re", n, true))));
    let text = screen_text(&draw(&app));
    assert!(text.contains(&format!("{n} events match “re”")), "{text}");
}

/// An app that starts empty while its files load in the background, as `retrace PATH` does.
fn loading_app(w: u16, h: u16) -> App {
    let mut app = App::new(Vec::new(), false, Theme::new(ThemeName::Dark), w, h);
    app.loading = Some(Default::default());
    app
}

#[test]
fn the_list_fills_in_as_batches_arrive() {
    let mut app = loading_app(120, 30);
    // A search typed before anything arrived runs over what has loaded: nothing yet.
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "netlat");
    let text = screen_text(&draw(&app));
    assert!(
        text.contains("0 events match “netlat” so far (loading)"),
        "{text}"
    );
    assert!(text.contains("loading: finding files"), "{text}");
    key(&mut app, KeyCode::Esc);
    let (tx, rx) = std::sync::mpsc::channel();
    retrace::tui::loading::spawn(vec![fixture("")], 1, tx).unwrap();
    let mut exec = retrace::tui::command::Blocking::new(None);
    let mut seen = Vec::new();
    let mut first_selected = None;
    for action in rx {
        let done = matches!(action, Action::LoadDone(_));
        exec.update(&mut app, action);
        if done {
            break;
        }
        let p = app.loading.expect("loading until done");
        seen.push((app.entries.len(), p.read));
        let text = screen_text(&draw(&app));
        assert!(
            text.contains(&format!("loading: {}/{} files read", p.read, p.total)),
            "{text}"
        );
        // Sorted and shown while loading: every entry so far is a row, and the row selected
        // when the first arrived stays selected while the others arrive.
        assert_eq!(app.list.view.len(), app.entries.len());
        let selected = app.list.view[app.list.selected];
        assert_eq!(*first_selected.get_or_insert(selected), selected);
    }
    assert!(seen.len() >= 2, "more than one batch: {seen:?}");
    assert!(
        seen.windows(2)
            .all(|w| w[0].0 <= w[1].0 && w[0].1 <= w[1].1),
        "{seen:?}"
    );
    assert!(seen[0].0 < seen[seen.len() - 1].0, "{seen:?}");
    // Done: the same list as a blocking load, and the search over all incidents works.
    assert!(app.loading.is_none());
    let whole = list_app(120, 30);
    assert_eq!(app.entries.len(), whole.entries.len());
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "netlat");
    assert!(best_match(&app).contains("network latency"));
}

#[test]
fn a_search_typed_while_loading_covers_each_batch_as_it_arrives() {
    let mut app = loading_app(80, 24);
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "e");
    let (tx, rx) = std::sync::mpsc::channel();
    // One file a batch: the search grows with each.
    retrace::tui::loading::spawn(vec![fixture("")], 1, tx).unwrap();
    let mut exec = retrace::tui::command::Blocking::new(None);
    let mut matched = Vec::new();
    for action in rx {
        let done = matches!(action, Action::LoadDone(_));
        exec.update(&mut app, action);
        let s = app.search.as_ref().unwrap();
        let p = s.progress.expect("the worker answered");
        assert!(p.done, "the search reached the end of the index so far");
        // Every match is an event of an incident in the list, and the index holds exactly
        // the events of the incidents loaded so far.
        let loaded: usize = app
            .entries
            .iter()
            .filter_map(|e| e.doc())
            .map(|d| d.event_count)
            .sum();
        assert_eq!(p.total, loaded);
        let ix = &app.index.as_ref().unwrap().index;
        for (&(entry, event), &line) in s.hits().iter().zip(&s.lines) {
            let doc = app.doc(entry as usize).expect("a loaded incident");
            assert!((event as usize) < doc.event_count);
            assert!(ix.line(line).contains('e'));
        }
        matched.push(p.matched);
        if done {
            break;
        }
    }
    assert!(matched.windows(2).all(|w| w[0] <= w[1]), "{matched:?}");
    assert!(matched.first() < matched.last(), "{matched:?}");
    // The same count as a search over the whole list loaded at once.
    let mut whole = indexed_list_app(80, 24);
    key(&mut whole, KeyCode::Char('/'));
    keys(&mut whole, "e");
    let all = whole.search.as_ref().unwrap().progress.unwrap().matched;
    assert_eq!(matched.last(), Some(&all));
    // Typing on after loading narrows as before.
    keys(&mut app, "tlat");
    assert!(best_match(&app).contains("network latency"));
}

/// A search over all incidents typed while files load: the results of the files loaded so far,
/// and a header that says so.
#[test]
fn search_while_loading_80x24() {
    use retrace::tui::loading::{LoadBatch, LoadProgress};
    let mut app = loading_app(80, 24);
    let mut all = entries(corpus::load_all_cached(&[fixture("")], Cache::disabled(), |_| ()).0);
    all.truncate(2);
    let index = retrace::tui::search::EventIndex::of_entries(&all).index;
    let mut exec = retrace::tui::command::Blocking::new(None);
    exec.update(
        &mut app,
        Action::LoadBatch(Box::new(LoadBatch {
            entries: all,
            progress: LoadProgress {
                read: 2,
                total: 5,
                errors: 0,
            },
            index: Some(index),
        })),
    );
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "roll");
    let t = draw(&app);
    let text = screen_text(&t);
    assert!(
        text.contains("events match “roll” so far (loading)"),
        "{text}"
    );
    assert!(text.contains("loading: 2/5 files read"), "{text}");
    insta::assert_snapshot!("search_while_loading_80x24", t.backend());
}

#[test]
fn list_while_loading_80x24() {
    use retrace::tui::loading::{LoadBatch, LoadProgress};
    let mut app = loading_app(80, 24);
    let mut all = entries(corpus::load_all_cached(&[fixture("")], Cache::disabled(), |_| ()).0);
    all.truncate(2);
    app.update(Action::LoadBatch(Box::new(LoadBatch {
        entries: all,
        progress: LoadProgress {
            read: 2,
            total: 5,
            errors: 0,
        },
        index: None,
    })));
    let t = draw(&app);
    assert!(screen_text(&t).contains("loading: 2/5 files read, 0 errors"));
    insta::assert_snapshot!("list_while_loading_80x24", t.backend());
}

/// The list sorts by keys built once per incident: each column, both ways, puts the incidents
/// in the order of that column's values (unknown values after the known ones when ascending),
/// ties by title; the failed files stay last.
#[test]
fn every_column_sorts_the_list_by_its_values() {
    use retrace::tui::view::layout::ListColumn;
    let mut app = list_app(120, 30);
    for _ in 0..ListColumn::ALL.len() {
        for _ in 0..2 {
            let (col, descending) = (app.list.sort, app.list.descending);
            let docs: Vec<&retrace::tui::app::Doc> =
                app.list.view.iter().filter_map(|&i| app.doc(i)).collect();
            let failed_after = app.list.view[docs.len()..]
                .iter()
                .all(|&i| app.doc(i).is_none());
            assert!(failed_after, "{col:?}: failed files last");
            for w in docs.windows(2) {
                let ord = col.compare(w[0], w[1]);
                let ord = if descending { ord.reverse() } else { ord };
                assert!(
                    ord.then_with(|| w[0].incident.title.cmp(&w[1].incident.title))
                        .is_le(),
                    "{col:?} descending={descending}: {} before {}",
                    w[0].incident.title,
                    w[1].incident.title
                );
            }
            key(&mut app, KeyCode::Char('r'));
        }
        key(&mut app, KeyCode::Char('s'));
    }
    // The values themselves: severity levels ascending, an unstated one last; titles by letter.
    let sev = |d: &retrace::tui::app::Doc| d.incident.severity.as_ref().and_then(|s| s.level());
    fn by<'a>(
        col: ListColumn,
        d: &[&'a retrace::tui::app::Doc],
    ) -> Vec<&'a retrace::tui::app::Doc> {
        let mut v = d.to_vec();
        v.sort_by(|a, b| col.compare(a, b));
        v
    }
    let docs: Vec<&retrace::tui::app::Doc> = app.entries.iter().filter_map(|e| e.doc()).collect();
    let levels: Vec<Option<u8>> = by(ListColumn::Severity, &docs)
        .iter()
        .map(|d| sev(d))
        .collect();
    let known: Vec<u8> = levels.iter().flatten().copied().collect();
    assert!(known.windows(2).all(|w| w[0] <= w[1]), "{levels:?}");
    assert!(
        levels
            .iter()
            .skip_while(|l| l.is_some())
            .all(Option::is_none),
        "{levels:?}"
    );
    let titles: Vec<String> = by(ListColumn::Title, &docs)
        .iter()
        .map(|d| d.incident.title.to_lowercase())
        .collect();
    assert!(titles.windows(2).all(|w| w[0] <= w[1]), "{titles:?}");
}

/// While files load, what the person looks at stays where it is: the selected incident stays
/// selected on the same row of the screen, whether it was left at the top or moved to, and the
/// rows arriving above it scroll out of view instead of pushing it down (they used to change the
/// top row under the cursor, so Enter could open another incident than the one read).
#[test]
fn the_selection_follows_the_person_while_rows_arrive() {
    use retrace::tui::app::{Doc, Entry, Source};
    use retrace::tui::loading::{LoadBatch, LoadProgress};
    let batch = |entries, read| {
        Action::LoadBatch(Box::new(LoadBatch {
            entries,
            progress: LoadProgress {
                read,
                total: 40,
                errors: 0,
            },
            index: None,
        }))
    };
    // Incident `n` is dated day `n` of 2025: the list (newest first) puts higher days above.
    let incident = |n: u32| {
        let inc = retrace::model::Incident {
            title: format!("Incident on day {n:03}"),
            date: chrono::NaiveDate::from_yo_opt(2025, n),
            ..Default::default()
        };
        Entry::Doc(Box::new(Doc::new(Source::Sample(format!("{n}")), inc, &[])))
    };
    let selected_title = |app: &App| {
        let entry = app.list.view[app.list.selected];
        app.doc(entry).map(|d| d.incident.title.clone()).unwrap()
    };
    // The screen rows of the table: the titles on them, top to bottom.
    let rows = |app: &App| -> Vec<String> {
        screen_text(&draw(app))
            .lines()
            .filter_map(|l| l.find("Incident on day").map(|i| l[i..i + 19].to_string()))
            .collect()
    };
    // First ten, then thirty more: newer (above), older (below) and in between.
    let first: Vec<u32> = (1..=10).map(|i| i * 9).collect();
    let later: Vec<u32> = (1..=30).map(|i| i * 3 + 1).collect();
    for moved in [0, 4] {
        let mut app = loading_app(80, 14);
        app.update(batch(first.iter().map(|&n| incident(n)).collect(), 10));
        for _ in 0..moved {
            key(&mut app, KeyCode::Char('j'));
        }
        let (title, before) = (selected_title(&app), rows(&app));
        let row = before.iter().position(|t| *t == title).unwrap();
        for chunk in later.chunks(10) {
            app.update(batch(chunk.iter().map(|&n| incident(n)).collect(), 20));
            assert_eq!(selected_title(&app), title, "moved {moved}");
            let now = rows(&app);
            assert_eq!(
                now.iter().position(|t| *t == title),
                Some(row),
                "moved {moved}: {now:?}"
            );
        }
        // Home still goes to the newest.
        key(&mut app, KeyCode::Char('g'));
        assert_eq!((app.list.selected, app.list.scroll), (0, 0));
        assert_eq!(selected_title(&app), "Incident on day 091");
    }
}

/// Every event the search over all incidents lists is a match once its incident is open (one
/// engine: a query whose letters run across words, as fzf allows, used to find events from the
/// list that showed "0 matches" once opened), and the same characters are highlighted.
#[test]
fn a_result_opened_from_the_list_is_a_match_in_its_incident() {
    for query in ["cpudown", "rollback", "'latency !checkout", "^rolled"] {
        let mut app = list_app(120, 30);
        key(&mut app, KeyCode::Char('/'));
        keys(&mut app, query);
        key(&mut app, KeyCode::Enter);
        let n = app.search.as_ref().unwrap().hits().len();
        assert!(n >= 1, "{query}: no result to open");
        for i in 0..n {
            let s = app.search.as_mut().unwrap();
            s.selected = i;
            let (entry, event) = s.hits()[i];
            key(&mut app, KeyCode::Enter);
            assert_eq!(app.screen, Screen::Incident, "{query} #{i}");
            let st = app.incident.as_ref().unwrap();
            assert_eq!((st.entry, st.selected), (entry as usize, event as usize));
            let (pos, of) = app.match_position().expect("the query followed");
            assert!(pos >= 1 && of >= 1, "{query} #{i}: {pos}/{of} matches");
            key(&mut app, KeyCode::Esc);
            assert_eq!(app.screen, Screen::List, "{query} #{i}: Esc goes back");
            let s = app.search.as_ref().expect("back to the results");
            assert_eq!((s.scope, s.query.as_str()), (Scope::All, query));
            assert_eq!(s.selected, i, "the same result selected");
        }
    }
}

/// Esc from an incident opened from a search result returns to the results: the query, the
/// selected result and the scroll as they were. A search typed inside the incident is cleared
/// by the first Esc, as anywhere.
#[test]
fn esc_from_a_result_returns_to_the_results() {
    let mut app = list_app(80, 12);
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "e");
    key(&mut app, KeyCode::Enter);
    let n = app.search.as_ref().unwrap().hits().len();
    assert!(n > 8, "more results than rows: {n}");
    for _ in 0..7 {
        key(&mut app, KeyCode::Char('j'));
    }
    let before = app.search.clone().unwrap();
    assert!(before.scroll > 0, "scrolled");
    let list_before = draw(&app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Incident);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::List);
    let s = app.search.as_ref().unwrap();
    assert_eq!(
        (s.scope, s.query.as_str(), s.selected, s.scroll),
        (Scope::All, "e", before.selected, before.scroll)
    );
    assert_eq!(
        draw(&app).backend(),
        list_before.backend(),
        "the same screen"
    );
    // A search of its own inside the incident: the first Esc clears it, the second goes back.
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "cpu");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Incident);
    assert!(app.search.is_none());
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::List);
    assert_eq!(app.search.as_ref().unwrap().selected, before.selected);
}

/// The help fits the screen: at 80 columns live mode's descriptions (and the mouse lines) were
/// cut at the box's edge. They wrap under their column now: every word of every description is
/// on screen as one pages through, no line is wider than the box, and j/k reach the last line.
#[test]
fn live_help_fits_80x24_and_scrolls_to_its_end() {
    use retrace::tui::widgets::help;
    let words = |lines: &[ratatui::text::Line]| -> Vec<String> {
        lines
            .iter()
            .flat_map(|l| {
                l.to_string()
                    .split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut t = LiveTest::new("checkout.yaml", w, h);
        t.key(KeyCode::Char('?'));
        let all = help::lines(&t.app);
        let shown = help::wrapped(&t.app, w);
        assert_eq!(
            words(&shown),
            words(&all),
            "{w}x{h}: wrapping loses no word"
        );
        let inner = usize::from(w.saturating_sub(4).min(96) - 2);
        for l in &shown {
            assert!(l.width() <= inner, "{w}x{h}: {l} wider than {inner}");
        }
        if w == 80 {
            assert!(shown.len() > all.len(), "long descriptions wrapped at 80");
            insta::assert_snapshot!("live_help_80x24", draw(&t.app).backend());
        }
        // Page to the end: the last description is whole on screen.
        for _ in 0..shown.len() {
            t.key(KeyCode::Char('j'));
        }
        let screen = t.screen();
        let last: Vec<String> = words(&shown[shown.len() - 2..]);
        let on_screen: Vec<&str> = screen.split_whitespace().collect();
        for word in &last {
            assert!(
                on_screen.contains(&word.as_str()),
                "{w}x{h}: {word} not shown\n{screen}"
            );
        }
        if w == 80 {
            insta::assert_snapshot!("live_help_80x24_end", draw(&t.app).backend());
        }
    }
}

/// Wide terminals: the title column is as wide as the longest title (the rest of the width no
/// longer spreads each row's numbers far from its title); a severity or status longer than its
/// column gets the room it needs; when titles are longer than the terminal allows, the title
/// takes all the width there is. Clicking a header still sorts by the column drawn there.
#[test]
fn the_list_gives_its_width_to_the_columns_that_need_it() {
    use retrace::tui::view::layout::{ListColumn, list_widths_for};
    let widest = [10, 13, 60, 10, 6, 5, 9];
    let w = list_widths_for(200, &widest);
    assert_eq!(w[2], 61, "the title fits the longest: {w:?}");
    assert_eq!(
        (w[1], w[3]),
        (13, 10),
        "a long severity and status whole: {w:?}"
    );
    assert!(w.iter().sum::<u16>() + 7 <= 200);
    let w = list_widths_for(120, &[10, 13, 200, 10, 6, 5, 9]);
    assert_eq!(w[1], 5, "nothing left for the severity: {w:?}");
    assert_eq!(
        1 + w.iter().sum::<u16>() + 6,
        120,
        "the title takes the rest: {w:?}"
    );
    // At 200 columns, on the fixtures: every title whole, each row's status right after it.
    let mut app = list_app(200, 30);
    let text = screen_text(&draw(&app));
    let longest = app
        .entries
        .iter()
        .filter_map(|e| e.doc())
        .map(|d| d.incident.title.as_str())
        .max_by_key(|t| t.len())
        .unwrap()
        .to_string();
    let row = text.lines().find(|l| l.contains(&longest)).expect("whole");
    let after = &row[row.find(&longest).unwrap() + longest.len()..];
    assert!(after.starts_with("  resolved"), "{row}");
    let status_x = text.lines().nth(1).unwrap().find("Status").unwrap() as u16;
    app.update(Action::Click {
        x: status_x + 1,
        y: 1,
    });
    assert_eq!(app.list.sort, ListColumn::Status);
}
