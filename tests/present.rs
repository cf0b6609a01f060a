//! Presentation mode: every slide kind snapshotted at 80×24 and 160×48, stepping through the
//! deck with the keys a presenter uses, the projector theme, and `retrace present` on a file
//! that is not there.

use std::path::PathBuf;
use std::process::Command;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use retrace::ingest::cache::Cache;
use retrace::tui::app::{Action, App, Screen};
use retrace::tui::keys::{contexts_of, map_key};
use retrace::tui::screens::present::{PresentState, Slide};
use retrace::tui::theme::{Theme, ThemeName};
use retrace::tui::view;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/present/retro.yaml")
}

/// What `retrace present FILE` runs.
fn presenting(theme: ThemeName, w: u16, h: u16) -> App {
    let loaded = retrace::ingest::load_path(&fixture()).expect("fixture loads");
    retrace::commands::present::app(loaded, Theme::new(theme), w, h)
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| view::render(app, f)).unwrap();
    t
}

fn key(app: &mut App, code: KeyCode) {
    if let Some(a) = map_key(contexts_of(app), KeyEvent::new(code, KeyModifiers::NONE)) {
        app.update(a);
    }
}

fn deck(app: &App) -> &PresentState {
    app.present.as_ref().expect("presenting")
}

fn slide(app: &App) -> Slide {
    deck(app).slide()
}

/// The screen as text, one quoted line a row (what the snapshots hold).
fn screen_text(t: &Terminal<TestBackend>) -> String {
    t.backend().to_string()
}

/// Step with Space until the slide is `want`.
fn go_to(app: &mut App, want: Slide) {
    for _ in 0..deck(app).slides.len() {
        if slide(app) == want {
            return;
        }
        key(app, KeyCode::Char(' '));
    }
    panic!("{want:?} is not in the deck");
}

#[test]
fn the_deck_tells_the_story_in_order() {
    let app = presenting(ThemeName::Dark, 80, 24);
    use Slide::*;
    assert_eq!(
        deck(&app).slides,
        [
            Title,
            Event(0),
            Event(1),
            Event(2),
            Event(3),
            // The CDN theory was ruled out by the event at index 3.
            Detour(0),
            // Replica lag was told (and ruled out) in one event.
            Event(4),
            Detour(1),
            Event(5),
            Event(6),
            Event(7),
            Impact,
            RootCause,
            Actions,
            Lessons,
            Summary
        ]
    );
}

#[test]
fn every_slide_kind_at_80x24_and_160x48() {
    let kinds = [
        ("title", Slide::Title),
        ("event", Slide::Event(1)),
        ("event_on_a_theory", Slide::Event(3)),
        ("detour", Slide::Detour(0)),
        ("impact", Slide::Impact),
        ("root_cause", Slide::RootCause),
        ("actions", Slide::Actions),
        ("lessons", Slide::Lessons),
        ("summary", Slide::Summary),
    ];
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = presenting(ThemeName::Dark, w, h);
        for (name, kind) in kinds {
            go_to(&mut app, kind);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), draw(&app).backend());
        }
    }
}

#[test]
fn stepping_next_back_and_the_ends() {
    let mut app = presenting(ThemeName::Dark, 80, 24);
    let last = deck(&app).slides.len() - 1;
    assert_eq!(slide(&app), Slide::Title);
    // Back from the first slide stays there.
    key(&mut app, KeyCode::Left);
    assert_eq!(deck(&app).current, 0);
    for code in [KeyCode::Char(' '), KeyCode::Right, KeyCode::Char('l')] {
        let before = deck(&app).current;
        key(&mut app, code);
        assert_eq!(deck(&app).current, before + 1, "{code:?} moves on");
    }
    for code in [KeyCode::Left, KeyCode::Char('h'), KeyCode::Backspace] {
        let before = deck(&app).current;
        key(&mut app, code);
        assert_eq!(deck(&app).current, before - 1, "{code:?} goes back");
    }
    key(&mut app, KeyCode::End);
    assert_eq!((deck(&app).current, slide(&app)), (last, Slide::Summary));
    // Next on the last slide stays there.
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(deck(&app).current, last);
    key(&mut app, KeyCode::Home);
    assert_eq!(slide(&app), Slide::Title);
    assert!(!app.quit);
}

#[test]
fn the_callout_comes_when_the_story_reaches_the_detour() {
    let mut app = presenting(ThemeName::Dark, 80, 24);
    go_to(&mut app, Slide::Event(3));
    let t = screen_text(&draw(&app));
    assert!(t.contains("Purge done"), "{t}");
    assert!(!t.contains("ruled out"), "no callout before its time:\n{t}");
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(slide(&app), Slide::Detour(0));
    let t = screen_text(&draw(&app));
    for words in [
        "A theory followed, then ruled out",
        "What was suspected",
        "The CDN is serving cached search pages",
        "What ruled it out",
        "Purge done, results still stale",
        "How long it took",
        // 08:20 → 08:35 of a 90-minute incident.
        "15m — 17% of the time to resolve",
        "08:20 UTC → 08:35 UTC",
    ] {
        assert!(t.contains(words), "{words:?} missing:\n{t}");
    }
    // Back goes to the event again, forward past the callout to the next event.
    key(&mut app, KeyCode::Left);
    assert_eq!(slide(&app), Slide::Event(3));
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(slide(&app), Slide::Event(4));
}

#[test]
fn event_slides_name_the_milestone_and_dim_what_came_before() {
    let mut app = presenting(ThemeName::Dark, 80, 24);
    go_to(&mut app, Slide::Event(5));
    let term = draw(&app);
    let t = screen_text(&term);
    assert!(t.contains("◆ IDENTIFIED"), "{t}");
    assert!(t.contains("08:50 UTC"), "{t}");
    assert!(
        t.contains("The index alias points at an index with one shard"),
        "{t}"
    );
    // The earlier events are above, dimmed.
    let buf = term.backend().buffer();
    let theme = Theme::new(ThemeName::Dark).for_slides();
    let row = (0..buf.area.height)
        .find(|&y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .contains("A shopper reports")
        })
        .expect("the first event is shown above");
    let x = (0..buf.area.width)
        .find(|&x| buf[(x, row)].symbol() == "A")
        .unwrap();
    assert_eq!(buf[(x, row)].fg, theme.dim.fg.unwrap());
}

#[test]
fn p_presents_the_open_incident_and_q_comes_back() {
    let c = retrace::ingest::corpus::load_all_cached(&[fixture()], Cache::disabled(), |_| ()).0;
    let mut app = App::new(
        retrace::tui::entries(c),
        false,
        Theme::new(ThemeName::Dark),
        80,
        24,
    );
    assert_eq!(app.screen, Screen::Incident);
    key(&mut app, KeyCode::Char('p'));
    assert_eq!(app.screen, Screen::Present);
    assert_eq!(slide(&app), Slide::Title);
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Char('q'));
    assert_eq!(app.screen, Screen::Incident);
    assert!(app.present.is_none() && !app.quit);
    key(&mut app, KeyCode::Char('p'));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Incident);
}

#[test]
fn leaving_a_standalone_presentation_ends_the_program() {
    let mut app = presenting(ThemeName::Dark, 80, 24);
    key(&mut app, KeyCode::Esc);
    assert!(app.quit);
}

#[test]
fn high_contrast_by_default_light_for_projectors() {
    let dark = Theme::new(ThemeName::Dark).for_slides();
    assert_eq!(dark.base.bg, Some(Color::Black));
    assert_eq!(dark.base.fg, Some(Color::White));
    // Dimmed, yet readable, and different from the current event's text.
    assert_eq!(dark.dim.fg, Some(Color::Gray));
    let light = Theme::new(ThemeName::Light).for_slides();
    assert_eq!(light.name, ThemeName::Light);

    // Every cell of a light slide is painted on the light background.
    let mut app = presenting(ThemeName::Light, 80, 24);
    for _ in 0..3 {
        key(&mut app, KeyCode::Char(' '));
    }
    let term = draw(&app);
    let buf = term.backend().buffer();
    let bg = light.base.bg.unwrap();
    assert!(buf.content.iter().all(|c| c.bg == bg));
    // And the default theme paints black, not the terminal's own background.
    let app = presenting(ThemeName::Dark, 80, 24);
    let term = draw(&app);
    assert!(
        term.backend()
            .buffer()
            .content
            .iter()
            .all(|c| c.bg == Color::Black)
    );
}

#[test]
fn large_terminals_get_big_letters() {
    let mut app = presenting(ThemeName::Dark, 200, 60);
    let t = screen_text(&draw(&app));
    // The title is drawn in 8×8 letters, not as a line of text.
    assert!(!t.contains("Search results stale"), "{t}");
    assert!(t.contains("████"), "{t}");
    go_to(&mut app, Slide::Event(0));
    let t = screen_text(&draw(&app));
    assert!(!t.contains("T+12m"), "the time is in big letters:\n{t}");
    assert!(t.contains("08:12 UTC   ◆ DETECTED   ★ key moment"), "{t}");
}

#[test]
fn small_terminals_get_plain_text_instead_of_big_letters() {
    let mut app = presenting(ThemeName::Dark, 48, 14);
    app.update(Action::Resize(48, 14));
    let t = screen_text(&draw(&app));
    assert!(
        t.contains("Search results stale after an index swap"),
        "{t}"
    );
    key(&mut app, KeyCode::Char(' '));
    let t = screen_text(&draw(&app));
    assert!(t.contains("T+12m"), "{t}");
    assert!(t.contains("A shopper reports yesterday's prices"), "{t}");
}

#[test]
fn incident_text_is_sanitised_on_every_slide() {
    use retrace::model::{Branch, Event, EventKind, Incident, Outcome};
    let at = |m: u32| {
        chrono::DateTime::parse_from_rfc3339(&format!("2025-02-03T08:{m:02}:00Z")).unwrap()
    };
    let hostile = "evil\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\u{202e}text";
    let mut e1 = Event::new(at(0), EventKind::Hypothesis, hostile);
    e1.branch = Some("b".into());
    e1.author = Some(hostile.into());
    let mut e2 = Event::new(at(5), EventKind::Action, hostile);
    e2.branch = Some("b".into());
    let incident = Incident {
        title: hostile.into(),
        services: vec![hostile.into()],
        impact: Some(hostile.into()),
        root_cause: Some(hostile.into()),
        actions: vec![retrace::model::ActionItem {
            text: hostile.into(),
            owner: Some(hostile.into()),
            ticket: Some(hostile.into()),
            ..Default::default()
        }],
        lessons: retrace::model::Lessons {
            went_well: vec![hostile.into()],
            ..Default::default()
        },
        branches: vec![Branch {
            id: "b".into(),
            hypothesis: hostile.into(),
            outcome: Outcome::RuledOut,
            inferred: None,
        }],
        timeline: vec![e1, e2],
        ..Incident::default()
    };
    let analysis = retrace::analysis::analyze(&incident);
    let mut state = PresentState::new(&incident, &analysis);
    let theme = Theme::new(ThemeName::Dark).for_slides();
    for i in 0..state.slides.len() {
        state.current = i;
        let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
        t.draw(|f| {
            let area = f.area();
            retrace::tui::screens::present::draw_slide(
                f, area, &state, &incident, &analysis, &theme,
            )
        })
        .unwrap();
        let text = screen_text(&t);
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
            "slide {:?} shows a control character:\n{text}",
            state.slide()
        );
        // Whole sequences go, not only their control bytes.
        assert!(
            !text.contains("52;c;") && !text.contains("[2J"),
            "slide {:?} shows an escape sequence's payload:\n{text}",
            state.slide()
        );
        assert!(text.contains("evil"), "{:?}:\n{text}", state.slide());
    }
}

#[test]
fn present_on_a_missing_file_says_so() {
    let out = Command::new(env!("CARGO_BIN_EXE_retrace"))
        .args(["present", "no/such/incident.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no/such/incident.yaml") && err.contains("No such file"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_file_changed_while_presenting_gives_a_fresh_deck() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("retro.yaml");
    let text = std::fs::read_to_string(fixture()).unwrap();
    std::fs::write(&path, &text).unwrap();
    let loaded = retrace::ingest::load_path(&path).unwrap();
    let mut app = retrace::commands::present::app(loaded, Theme::new(ThemeName::Dark), 80, 24);
    key(&mut app, KeyCode::End);
    assert_eq!(deck(&app).slides.len(), 16);
    // Someone drops the lessons while the retro runs: one slide fewer, still on the summary.
    let start = text.find("lessons:").unwrap();
    let end = text.find("actions:").unwrap();
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).unwrap();
    retrace::tui::command::Blocking::new(None).update(&mut app, Action::FileChanged(path));
    assert_eq!(deck(&app).slides.len(), 15);
    assert_eq!(slide(&app), Slide::Summary);
    assert!(deck(&app).standalone);
    assert!(!deck(&app).slides.contains(&Slide::Lessons));
}

#[test]
fn every_slide_of_every_sample_draws_at_every_size() {
    let theme = Theme::new(ThemeName::Dark).for_slides();
    for entry in retrace::tui::samples() {
        let doc = entry.doc().expect("samples load");
        let mut state = PresentState::new(&doc.incident, &doc.analysis);
        let n = state.slides.len();
        for (w, h) in [(80, 24), (120, 40), (200, 60), (24, 7)] {
            for i in 0..n {
                state.current = i;
                let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                t.draw(|f| {
                    let area = f.area();
                    retrace::tui::screens::present::draw_slide(
                        f,
                        area,
                        &state,
                        &doc.incident,
                        &doc.analysis,
                        &theme,
                    )
                })
                .unwrap();
                let text = screen_text(&t);
                assert!(
                    text.contains(&format!("{} / {n}", i + 1)),
                    "{} slide {i} at {w}x{h}:\n{text}",
                    doc.incident.id
                );
            }
        }
    }
}
