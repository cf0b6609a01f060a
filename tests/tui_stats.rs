//! The stats screen: snapshots at 80×24 and 160×48 over the stats fixtures, and the keys that
//! open, scroll and close it.

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use retrace::ingest::cache::Cache;
use retrace::ingest::corpus;
use retrace::tui::app::{App, Screen};
use retrace::tui::keys::{contexts_of, map_key};
use retrace::tui::theme::{Theme, ThemeName};
use retrace::tui::{entries, view, widgets};

fn app(w: u16, h: u16) -> App {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stats");
    App::new(
        entries(corpus::load_all_cached(&[dir], Cache::disabled(), |_| ()).0),
        false,
        Theme::new(ThemeName::Dark),
        w,
        h,
    )
}

fn key(app: &mut App, code: KeyCode) {
    if let Some(a) = map_key(contexts_of(app), KeyEvent::new(code, KeyModifiers::NONE)) {
        retrace::tui::command::Blocking::new(None).update(app, a);
    }
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| view::render(app, f)).unwrap();
    t
}

fn screen_text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn stats_80x24() {
    let mut a = app(80, 24);
    key(&mut a, KeyCode::Char('S'));
    insta::assert_snapshot!(draw(&a).backend());
}

#[test]
fn stats_160x48() {
    let mut a = app(160, 48);
    key(&mut a, KeyCode::Char('S'));
    insta::assert_snapshot!(draw(&a).backend());
}

#[test]
fn keys_open_scroll_and_close_the_stats_screen() {
    let mut a = app(80, 24);
    key(&mut a, KeyCode::Char('S'));
    assert_eq!(a.screen, Screen::Stats);
    let top = screen_text(&draw(&a));
    assert!(top.contains("patterns across 6 incidents"), "{top}");
    assert!(top.contains("Durations"));
    // j scrolls one line: the section's title stays on the first body row, the line under it
    // moves up one.
    key(&mut a, KeyCode::Char('j'));
    let row = |s: &str, n: usize| s.lines().nth(n).unwrap().to_string();
    let scrolled = screen_text(&draw(&a));
    assert_eq!(row(&scrolled, 1), row(&top, 1), "the title stays");
    assert_eq!(row(&scrolled, 2), row(&top, 3));
    // G: the last lines, the status line saying where; k then moves back by one.
    key(&mut a, KeyCode::Char('G'));
    let bottom = screen_text(&draw(&a));
    // The status line: `first–last/total`, with last = total.
    let position = bottom
        .lines()
        .last()
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap();
    let (shown, total) = position.split_once('/').unwrap();
    assert_eq!(shown.split_once('–').unwrap().1, total, "{bottom}");
    assert!(
        bottom.contains("(none)"),
        "the last group is shown: {bottom}"
    );
    let st = a.stats.as_ref().unwrap();
    let end = st.scroll;
    assert!(end > 0);
    key(&mut a, KeyCode::Char('k'));
    assert_eq!(a.stats.as_ref().unwrap().scroll, end - 1);
    key(&mut a, KeyCode::Char('G'));
    key(&mut a, KeyCode::Char('j'));
    assert_eq!(a.stats.as_ref().unwrap().scroll, end, "stops at the end");
    // g back to the top; help opens over it and closes; Esc returns to the list.
    key(&mut a, KeyCode::Char('g'));
    assert_eq!(screen_text(&draw(&a)), top);
    key(&mut a, KeyCode::Char('?'));
    assert!(a.help.is_some());
    let help: Vec<String> = widgets::help::lines(&a)
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert!(
        help.iter()
            .any(|l| l == "Stats (patterns across incidents)")
    );
    assert!(help.iter().any(|l| l.contains("back to the list")));
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Stats);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::List);
    // S toggles it as well.
    key(&mut a, KeyCode::Char('S'));
    key(&mut a, KeyCode::Char('S'));
    assert_eq!(a.screen, Screen::List);
}

#[test]
fn stats_screen_fits_every_size() {
    for (w, h) in [(40, 10), (80, 24), (120, 40), (200, 60)] {
        let mut a = app(w, h);
        key(&mut a, KeyCode::Char('S'));
        let s = screen_text(&draw(&a));
        assert!(s.contains("patterns across 6"), "{w}x{h}\n{s}");
        // Everything fits: no line of the body runs off the right edge of its column.
        key(&mut a, KeyCode::Char('G'));
        let _ = draw(&a);
    }
    // Wide: two columns, detours beside the durations on the first screen.
    let mut a = app(200, 60);
    key(&mut a, KeyCode::Char('S'));
    let s = screen_text(&draw(&a));
    assert!(
        s.contains("Durations") && s.contains("Detours") && s.contains("By severity"),
        "{s}"
    );
}

#[test]
fn text_from_files_is_sanitised_on_the_stats_screen() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hostile.yaml"),
        "title: \"Red \\e[31malert\\e[0m \\u202Eevil\"\nseverity: \"SEV\\e]0;pwned\\a1\"\nservices: [\"api\\rx\"]\nstarted: \"2025-01-01T10:00:00Z\"\nbranches:\n  - id: b\n    hypothesis: h\n    outcome: ruled-out\ntimeline:\n  - at: \"2025-01-01T10:10:00Z\"\n    kind: hypothesis\n    branch: b\n    text: x\n  - at: \"2025-01-01T10:20:00Z\"\n    kind: investigation\n    branch: b\n    text: y\n  - at: \"2025-01-01T11:00:00Z\"\n    kind: resolution\n    text: done\n",
    )
    .unwrap();
    let mut a = App::new(
        entries(corpus::load_all_cached(&[dir.path().to_path_buf()], Cache::disabled(), |_| ()).0),
        false,
        Theme::new(ThemeName::Dark),
        200,
        60,
    );
    assert_eq!(a.entries.len(), 1, "loaded");
    // One incident opens at once: back to the list, then the stats.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('S'));
    assert_eq!(a.screen, Screen::Stats);
    let s = screen_text(&draw(&a));
    assert!(s.contains("Red alert evil") && s.contains("api x"), "{s}");
    assert!(
        !s.chars()
            .any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}')),
        "{s:?}"
    );
}

#[test]
fn stats_opened_again_follow_the_incidents_loaded_since() {
    use retrace::tui::app::Action;
    use retrace::tui::loading::{LoadBatch, LoadProgress};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stats");
    let mut all = entries(corpus::load_all_cached(&[dir], Cache::disabled(), |_| ()).0);
    let later = all.split_off(4);
    let mut a = App::new(all, false, Theme::new(ThemeName::Dark), 120, 40);
    key(&mut a, KeyCode::Char('S'));
    key(&mut a, KeyCode::Char('j'));
    assert!(screen_text(&draw(&a)).contains("patterns across 4 incidents"));
    key(&mut a, KeyCode::Esc);
    // Opened again with nothing changed: the same report, from the top.
    key(&mut a, KeyCode::Char('S'));
    assert_eq!(a.stats.as_ref().unwrap().scroll, 0);
    let again = screen_text(&draw(&a));
    assert!(again.contains("patterns across 4 incidents"), "{again}");
    key(&mut a, KeyCode::Esc);
    // Two more files arrive (as while a folder loads): the next opening counts them.
    a.update(Action::LoadBatch(Box::new(LoadBatch {
        entries: later,
        progress: LoadProgress {
            read: 6,
            total: 6,
            errors: 0,
        },
        index: None,
    })));
    a.loading = None;
    key(&mut a, KeyCode::Char('S'));
    let text = screen_text(&draw(&a));
    assert!(text.contains("patterns across 6 incidents"), "{text}");
    // The same report as an app that had all six from the start.
    let mut whole = app(120, 40);
    key(&mut whole, KeyCode::Char('S'));
    assert_eq!(text, screen_text(&draw(&whole)));
}

/// Scrolled, the report keeps the heading of the section in view on its first row (and, for
/// the tables, the line naming the columns under it): at the end of "By service" both are
/// still on screen. They used to scroll away with the rows.
#[test]
fn section_headings_stay_while_the_report_scrolls_80x24() {
    let mut a = app(80, 24);
    key(&mut a, KeyCode::Char('S'));
    // Into the histograms: their title stays on the first row of the body.
    for _ in 0..14 {
        key(&mut a, KeyCode::Char('j'));
    }
    let t = draw(&a);
    let text = screen_text(&t);
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[1].trim(), "Histograms (log scale)", "{text}");
    assert!(!text.contains("Durations"), "scrolled past: {text}");
    insta::assert_snapshot!("stats_80x24_histograms_scrolled", t.backend());
    key(&mut a, KeyCode::Char('G'));
    let t = draw(&a);
    let text = screen_text(&t);
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[1].trim(), "By service", "{text}");
    assert!(rows[2].contains("count missing   median"), "{text}");
    insta::assert_snapshot!("stats_80x24_end", t.backend());
}
