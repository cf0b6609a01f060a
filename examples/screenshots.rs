//! Real renders of the real UI as SVG (colours kept): `cargo run --example screenshots`.
//!
//! Drives `App` through the same actions keys produce, draws into a `TestBackend`, and turns
//! every cell (symbol, fg, bg, bold, italic, underline, reverse) into SVG text. Uses the
//! sample incidents bundled from `data/`; pass a folder to use other files:
//! `cargo run --example screenshots -- path/to/incidents`. Writes `screenshots/*.svg`.

use std::fmt::Write as _;
use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use retrace::tui::app::{Action, App, Entry};
use retrace::tui::screens::present::{Slide, Step};
use retrace::tui::theme::{Theme, ThemeName};
use retrace::tui::view;

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 18.0;
const FONT: f32 = 14.0;

fn main() {
    let arg = std::env::args().nth(1).map(PathBuf::from);
    let entries: Vec<Entry> = match &arg {
        Some(p) => {
            retrace::tui::entries(retrace::ingest::corpus::load_all(std::slice::from_ref(p)))
        }
        None if !retrace::tui::SAMPLES.is_empty() => retrace::tui::samples(),
        None => retrace::tui::entries(retrace::ingest::corpus::load_all(&[PathBuf::from(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tui"),
        )])),
    };
    let samples = arg.is_none();
    let out = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/screenshots"));
    std::fs::create_dir_all(&out).expect("create screenshots/");

    let new_app = |theme: ThemeName, w: u16, h: u16| {
        App::new(entries.clone(), samples, Theme::new(theme), w, h)
    };
    // The incident with the most detours makes the timeline shot.
    let most_detours = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            e.doc()
                .map(|d| (d.analysis.detours.len(), d.incident.timeline.len(), i))
        })
        .max()
        .map(|(_, _, i)| i)
        .unwrap_or(0);

    let mut shots: Vec<(&str, App)> = Vec::new();

    let list = new_app(ThemeName::Dark, 132, 30);
    shots.push(("list", list));

    let mut tl = new_app(ThemeName::Dark, 160, 44);
    tl.open(most_detours);
    tl.update(Action::Resize(160, 44));
    for _ in 0..3 {
        tl.update(Action::Down);
    }
    shots.push(("timeline", tl));

    let mut narrow = new_app(ThemeName::Dark, 100, 36);
    narrow.open(most_detours);
    narrow.update(Action::Resize(100, 36));
    shots.push(("timeline-narrow", narrow));

    let mut light = new_app(ThemeName::Light, 160, 44);
    light.open(most_detours);
    light.update(Action::Resize(160, 44));
    light.update(Action::ShowPane(retrace::tui::app::Pane::Actions));
    shots.push(("timeline-light", light));

    let mut search = new_app(ThemeName::Dark, 160, 44);
    search.open(most_detours);
    search.update(Action::Resize(160, 44));
    search.update(Action::StartSearch);
    for c in "rollback".chars() {
        search.update(Action::PromptInput(c));
    }
    if search.match_position().is_none_or(|(_, n)| n == 0) {
        for _ in 0.."rollback".len() {
            search.update(Action::PromptBackspace);
        }
        for c in "ruled".chars() {
            search.update(Action::PromptInput(c));
        }
    }
    shots.push(("search", search));

    let mut all = new_app(ThemeName::Dark, 132, 30);
    all.update(Action::StartSearch);
    for c in "rollback".chars() {
        all.update(Action::PromptInput(c));
    }
    shots.push(("search-all", all));

    // The timeline using the screen: wrapped rows at full width (`w`, `+`), and rows spaced by
    // elapsed time (`z`).
    let mut wrapped = new_app(ThemeName::Dark, 200, 60);
    wrapped.open(most_detours);
    wrapped.update(Action::Resize(200, 60));
    wrapped.update(Action::ToggleWrap);
    wrapped.update(Action::ToggleSidePane);
    shots.push(("timeline-wrapped", wrapped));

    let mut scaled = new_app(ThemeName::Dark, 160, 44);
    scaled.open(most_detours);
    scaled.update(Action::Resize(160, 44));
    scaled.update(Action::ToggleTimeScale);
    shots.push(("timeline-to-scale", scaled));

    let mut help = new_app(ThemeName::Dark, 120, 48);
    help.update(Action::OpenHelp);
    shots.push(("help", help));

    // Patterns across the incidents (`S` from the list).
    let mut stats = new_app(ThemeName::Dark, 160, 44);
    stats.update(Action::OpenStats);
    shots.push(("stats", stats));

    // Presentation mode (`p` in an incident): the title slide, and the callout of the first
    // detour.
    let mut title = new_app(ThemeName::Dark, 160, 44);
    title.open(most_detours);
    title.update(Action::Present);
    shots.push(("present-title", title));
    let mut callout = new_app(ThemeName::Dark, 160, 44);
    callout.open(most_detours);
    callout.update(Action::Present);
    while callout
        .present
        .as_ref()
        .is_some_and(|p| !matches!(p.slide(), Slide::Detour(_)) && p.current + 1 < p.slides.len())
    {
        callout.update(Action::Slide(Step::Next));
    }
    shots.push(("present-detour", callout));

    // Live mode: a copy of a fixture in a temporary folder, a hypothesis active, a note typed.
    let live_dir = std::env::temp_dir().join(format!("retrace-shots-{}", std::process::id()));
    std::fs::create_dir_all(&live_dir).expect("temp folder");
    let live_file = live_dir.join("checkout.yaml");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/tui/checkout.yaml"
        ),
        &live_file,
    )
    .expect("copy fixture");
    let loaded = retrace::ingest::load_path(&live_file).expect("fixture loads");
    let mut live = retrace::tui::live_app(loaded, Theme::new(ThemeName::Dark), 132, 36);
    live.update(Action::Tick(
        "2024-08-15T11:02:00Z".parse().expect("a time"),
    ));
    if let Some(l) = live.live.as_mut() {
        l.hypothesis = Some(("db".into(), "DB connection pool exhausted".into()));
    }
    live.update(Action::LiveNote);
    for c in "pool at 95% on orders-db primary".chars() {
        live.update(Action::Line(
            retrace::tui::widgets::line_editor::LineOp::Insert(c),
        ));
    }
    shots.push(("live", live));

    for (name, app) in &shots {
        let mut term =
            Terminal::new(TestBackend::new(app.width, app.height)).expect("test backend");
        term.draw(|f| view::render(app, f)).expect("draw");
        let light = app.theme.name == ThemeName::Light;
        let svg = to_svg(term.backend().buffer(), light);
        let path = out.join(format!("{name}.svg"));
        std::fs::write(&path, svg).expect("write svg");
        println!("wrote {}", path.display());
    }
    let _ = std::fs::remove_dir_all(&live_dir);
}

/// The terminal palette the SVGs assume (a common dark and light scheme).
fn rgb(c: Color, fg: bool, light: bool) -> Option<String> {
    let hex = |r: u8, g: u8, b: u8| Some(format!("#{r:02x}{g:02x}{b:02x}"));
    match c {
        Color::Reset => {
            if fg {
                if light {
                    hex(0x1e, 0x1e, 0x1e)
                } else {
                    hex(0xd4, 0xd4, 0xd4)
                }
            } else {
                None
            }
        }
        Color::Black => hex(0x1e, 0x1e, 0x1e),
        Color::Red => hex(0xcd, 0x31, 0x31),
        Color::Green => hex(0x0d, 0xbc, 0x79),
        Color::Yellow => hex(0xe5, 0xe5, 0x10),
        Color::Blue => hex(0x24, 0x72, 0xc8),
        Color::Magenta => hex(0xbc, 0x3f, 0xbc),
        Color::Cyan => hex(0x11, 0xa8, 0xcd),
        Color::Gray => hex(0xcc, 0xcc, 0xcc),
        Color::DarkGray => hex(0x76, 0x76, 0x76),
        Color::LightRed => hex(0xf1, 0x4c, 0x4c),
        Color::LightGreen => hex(0x23, 0xd1, 0x8b),
        Color::LightYellow => hex(0xf5, 0xf5, 0x43),
        Color::LightBlue => hex(0x3b, 0x8e, 0xea),
        Color::LightMagenta => hex(0xd6, 0x70, 0xd6),
        Color::LightCyan => hex(0x29, 0xb8, 0xdb),
        Color::White => hex(0xf5, 0xf5, 0xf5),
        Color::Rgb(r, g, b) => hex(r, g, b),
        Color::Indexed(i) => hex(i, i, i),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn to_svg(buf: &Buffer, light: bool) -> String {
    let (w, h) = (buf.area.width, buf.area.height);
    let bg = if light { "#fafafa" } else { "#1e1e24" };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}">
<rect width="100%" height="100%" fill="{bg}"/>
<g font-family="'DejaVu Sans Mono','Menlo','Consolas',monospace" font-size="{FONT}" xml:space="preserve">
"#,
        w as f32 * CELL_W + 16.0,
        h as f32 * CELL_H + 16.0,
        w as f32 * CELL_W + 16.0,
        h as f32 * CELL_H + 16.0,
    );
    for y in 0..h {
        let top = 8.0 + y as f32 * CELL_H;
        // Backgrounds: runs of one colour.
        let mut x = 0;
        while x < w {
            let cell = &buf[(x, y)];
            let (fg, bgc) = colours(cell.fg, cell.bg, cell.modifier);
            let _ = fg;
            let start = x;
            while x < w && colours(buf[(x, y)].fg, buf[(x, y)].bg, buf[(x, y)].modifier).1 == bgc {
                x += 1;
            }
            if let Some(c) = rgb(bgc, false, light) {
                let _ = writeln!(
                    s,
                    r#"<rect x="{:.1}" y="{top:.1}" width="{:.1}" height="{CELL_H}" fill="{c}"/>"#,
                    8.0 + start as f32 * CELL_W,
                    (x - start) as f32 * CELL_W
                );
            }
        }
        // Text: runs of ASCII with one style; other characters placed one by one so that
        // fallback fonts cannot shift the columns.
        let mut x = 0;
        while x < w {
            let cell = &buf[(x, y)];
            let sym = cell.symbol();
            if sym.trim().is_empty() {
                x += 1;
                continue;
            }
            let style = (cell.fg, cell.bg, cell.modifier);
            let start = x;
            let mut text = String::new();
            if sym.is_ascii() {
                while x < w {
                    let c = &buf[(x, y)];
                    if (c.fg, c.bg, c.modifier) != style || !c.symbol().is_ascii() {
                        break;
                    }
                    text.push_str(c.symbol());
                    x += 1;
                }
            } else {
                text.push_str(sym);
                x += 1;
            }
            let (fg, _) = colours(style.0, style.1, style.2);
            let fill = rgb(fg, true, light).unwrap_or_default();
            let mut attrs = String::new();
            if style.2.contains(Modifier::BOLD) {
                attrs.push_str(r#" font-weight="bold""#);
            }
            if style.2.contains(Modifier::ITALIC) {
                attrs.push_str(r#" font-style="italic""#);
            }
            if style.2.contains(Modifier::UNDERLINED) {
                attrs.push_str(r#" text-decoration="underline""#);
            }
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" fill="{fill}"{attrs}>{}</text>"#,
                8.0 + start as f32 * CELL_W,
                top + CELL_H * 0.75,
                escape(text.trim_end())
            );
        }
    }
    s.push_str("</g>\n</svg>\n");
    s
}

/// Foreground and background after REVERSED.
fn colours(fg: Color, bg: Color, m: Modifier) -> (Color, Color) {
    if m.contains(Modifier::REVERSED) {
        let f = if bg == Color::Reset { Color::Black } else { bg };
        let b = if fg == Color::Reset { Color::Gray } else { fg };
        (f, b)
    } else {
        (fg, bg)
    }
}
