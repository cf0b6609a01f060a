//! Escape sequences never leave the program. Each kind of sequence (OSC 52 clipboard, OSC 2
//! title, CSI, C1 controls, bidirectional overrides, raw control characters) is put into every
//! field, every kind of key and the file name of incident files, native and Markdown; then
//! every command runs on them and its standard output, standard error and written files are
//! checked byte by byte, and the TUI's screens cell by cell.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use retrace::ingest::cache::Cache;
use retrace::ingest::corpus;
use retrace::tui::app::{Action, App};
use retrace::tui::theme::{Theme, ThemeName};
use retrace::tui::{entries, view};

/// The sequences, as raw text. Each is tried alone, so stripping one can never hide another.
const SEQUENCES: &[(&str, &str)] = &[
    ("osc52", "\u{1b}]52;c;SGVsbG8gd29ybGQ=\u{7}"),
    ("osc2", "\u{1b}]2;pwned\u{1b}\\"),
    ("csi", "\u{1b}[2J\u{1b}[1;31m\u{1b}[?1049h"),
    ("c1", "\u{9b}31m\u{9d}2;pwned\u{9c}\u{85}\u{90}q\u{9c}"),
    ("bidi", "\u{202e}\u{2066}\u{202a}\u{2069}\u{202c}"),
    ("controls", "\u{7}\u{8}\u{b}\u{c}\r\u{7f}\u{1}\u{0}"),
];

/// A character that must never reach a terminal: any control character but newline and tab,
/// C1 included, and the bidirectional embeddings, overrides and isolates.
fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn assert_clean(bytes: &[u8], what: &str) {
    let text = std::str::from_utf8(bytes)
        .unwrap_or_else(|e| panic!("{what}: output is not UTF-8 ({e}): {bytes:?}"));
    if let Some((i, c)) = text.char_indices().find(|(_, c)| forbidden(*c)) {
        let from = text[..i].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
        panic!(
            "{what}: U+{:04X} at byte {i}, after {:?}",
            c as u32,
            &text[from..i]
        );
    }
}

/// A YAML double-quoted scalar holding `s` exactly (every non-ASCII or control char escaped).
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii_graphic() || c == ' ' => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Every field of the native format, as `name: value` pairs that build a valid incident; the
/// field under test gets the payload instead (so enum, date and time fields fail with a message
/// that quotes it).
const FIELDS: &[&str] = &[
    "title",
    "id",
    "severity",
    "status",
    "services",
    "date",
    "timezone",
    "summary",
    "impact",
    "root_cause",
    "resolution",
    "started",
    "detected",
    "acknowledged",
    "identified",
    "mitigated",
    "resolved",
    "lessons.went_well",
    "lessons.went_wrong",
    "lessons.lucky",
    "actions.text",
    "actions.kind",
    "actions.owner",
    "actions.ticket",
    "actions.status",
    "actions.due",
    "branches.id",
    "branches.hypothesis",
    "branches.outcome",
    "timeline.at",
    "timeline.kind",
    "timeline.text",
    "timeline.author",
    "timeline.links",
    "timeline.branch",
    // Unknown keys, where the reader warns about them.
    "key.top",
    "key.lessons",
    "key.action",
    "key.branch",
    "key.event",
];

fn native_incident(field: &str, payload: &str) -> String {
    let v = |name: &str, default: &str| {
        if name == field {
            yaml_quoted(&format!("X{payload}Y"))
        } else {
            default.to_string()
        }
    };
    let key = |name: &str| {
        if name == field {
            format!("{}: 1\n", yaml_quoted(&format!("k{payload}k")))
        } else {
            String::new()
        }
    };
    let indent = |s: String, n: usize| {
        s.lines()
            .map(|l| format!("{}{l}\n", " ".repeat(n)))
            .collect::<String>()
    };
    format!(
        "title: {}\nid: {}\nseverity: {}\nstatus: {}\nservices: [{}]\ndate: {}\ntimezone: {}\n\
         summary: {}\nimpact: {}\nroot_cause: {}\nresolution: {}\n\
         started: {}\ndetected: {}\nacknowledged: {}\nidentified: {}\nmitigated: {}\nresolved: {}\n\
         {}lessons:\n  went_well: [{}]\n  went_wrong: [{}]\n  lucky: [{}]\n{}\
         actions:\n  - text: {}\n    kind: {}\n    owner: {}\n    ticket: {}\n    status: {}\n    due: {}\n{}\
         branches:\n  - id: {}\n    hypothesis: {}\n    outcome: {}\n{}\
         timeline:\n  - at: \"10:00\"\n    kind: impact-start\n    text: Errors rise\n\
         \x20 - at: {}\n    kind: {}\n    text: {}\n    author: {}\n    links: [{}]\n    branch: {}\n{}\
         \x20 - at: \"10:40\"\n    kind: resolution\n    text: Fixed\n",
        v("title", "Checkout errors"),
        v("id", "checkout-errors"),
        v("severity", "SEV2"),
        v("status", "resolved"),
        v("services", "checkout"),
        v("date", "2024-08-15"),
        v("timezone", "UTC"),
        v("summary", "A summary."),
        v("impact", "Some impact."),
        v("root_cause", "A cause."),
        v("resolution", "A fix."),
        v("started", "\"10:00\""),
        v("detected", "\"10:05\""),
        v("acknowledged", "\"10:06\""),
        v("identified", "\"10:20\""),
        v("mitigated", "\"10:30\""),
        v("resolved", "\"10:40\""),
        key("key.top"),
        v("lessons.went_well", "alerts fired"),
        v("lessons.went_wrong", "slow rollback"),
        v("lessons.lucky", "low traffic"),
        indent(key("key.lessons"), 2),
        v("actions.text", "Add an index"),
        v("actions.kind", "prevent"),
        v("actions.owner", "dana"),
        v("actions.ticket", "OPS-1"),
        v("actions.status", "open"),
        v("actions.due", "2024-09-01"),
        indent(key("key.action"), 4),
        v("branches.id", "db"),
        v("branches.hypothesis", "The database"),
        v("branches.outcome", "ruled-out"),
        indent(key("key.branch"), 4),
        v("timeline.at", "\"10:10\""),
        v("timeline.kind", "hypothesis"),
        v("timeline.text", "Looked at the database"),
        v("timeline.author", "sam"),
        v("timeline.links", "https://example.com/x"),
        v("timeline.branch", "db"),
        indent(key("key.event"), 4),
    )
}

/// A Markdown postmortem with the payload raw in its title, a section, a timeline entry, a
/// table cell, an action item and a lesson (NUL refuses the whole file, which is checked too).
fn markdown_postmortem(payload: &str) -> String {
    format!(
        "# Checkout {payload} outage\n\nDate: 2024-08-15\n\n## Summary\n\nIt {payload} broke.\n\n\
         ## Timeline (all times UTC)\n\n- 10:00 Errors {payload} rise\n- 10:05 Alert fired, paged on-call\n\
         - 10:20 Rolled back {payload}; did not help, ruled out\n- 10:40 Resolved\n\n\
         | Time | Event |\n|---|---|\n| 10:30 | Mitigated {payload} by failover |\n\n\
         ## Action items\n\n- [ ] Add an index {payload} (owner: dana)\n\n\
         ## Lessons learned\n\n- Alerts {payload} worked\n"
    )
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_retrace"));
    c.env_remove("RETRACE_DIR")
        // Never the user's cache of parsed incidents.
        .env("RETRACE_NO_CACHE", "1")
        .env("NO_COLOR", "1")
        .env("RETRACE_AUTHOR", "tester");
    c
}

fn check_run(args: &[&std::ffi::OsStr], what: &str) -> Output {
    let o = bin().args(args).output().expect("run retrace");
    assert_ne!(o.status.code(), Some(101), "{what}: panicked");
    assert_clean(&o.stdout, &format!("{what}: stdout"));
    assert_clean(&o.stderr, &format!("{what}: stderr"));
    o
}

/// One folder of hostile files for `payload`: a native file per field and a postmortem, each
/// with the payload in its name as well (a file name cannot hold NUL or `/`).
fn hostile_folder(dir: &Path, name: &str, payload: &str) -> Vec<PathBuf> {
    let in_name: String = payload.chars().filter(|c| *c != '\0').collect();
    let mut files = Vec::new();
    for field in FIELDS {
        let p = dir.join(format!("{name}-{field}-{in_name}.yaml"));
        std::fs::write(&p, native_incident(field, payload)).unwrap();
        files.push(p);
    }
    let p = dir.join(format!("{name}-postmortem-{in_name}.md"));
    std::fs::write(&p, markdown_postmortem(payload)).unwrap();
    files.push(p);
    // Without NUL, so the Markdown reader gets the rest of the payload.
    let p = dir.join(format!("{name}-postmortem-text-{in_name}.txt"));
    std::fs::write(&p, markdown_postmortem(&in_name)).unwrap();
    files.push(p);
    files
}

fn commands_stay_clean(name: &str, payload: &str) {
    let dir = tempfile::tempdir().unwrap();
    let files = hostile_folder(dir.path(), name, payload);
    let folder = dir.path().as_os_str();
    // The whole folder at once.
    for args in [
        vec!["lint".as_ref(), folder],
        vec!["lint".as_ref(), "--strict".as_ref(), folder],
        vec!["stats".as_ref(), folder],
        vec!["stats".as_ref(), "--json".as_ref(), folder],
    ] {
        check_run(&args, &format!("{name}: {args:?}"));
    }
    // The JSON stays JSON, and its strings are clean once decoded too (`jq -r` prints them).
    let o = check_run(&["stats".as_ref(), "--json".as_ref(), folder], name);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_clean(v.to_string().as_bytes(), "stats --json");
    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    strings(&v, &mut all);
    for s in all {
        assert_clean(s.as_bytes(), &format!("{name}: a string in stats --json"));
    }
    // One file at a time.
    let out = dir.path().join("out");
    for (i, f) in files.iter().enumerate() {
        let f = f.as_os_str();
        let what = format!("{name}: file {i}");
        for format in ["markdown", "html", "json"] {
            check_run(
                &["export".as_ref(), f, "-f".as_ref(), format.as_ref()],
                &what,
            );
        }
        check_run(&["import".as_ref(), f], &what);
        check_run(&["import".as_ref(), f, "--explain".as_ref()], &what);
        // Written files are clean too.
        let o = check_run(
            &["export".as_ref(), f, "-o".as_ref(), out.as_os_str()],
            &what,
        );
        if o.status.success() {
            assert_clean(&std::fs::read(&out).unwrap(), &format!("{what}: export -o"));
        }
        let o = check_run(
            &["import".as_ref(), f, "-o".as_ref(), out.as_os_str()],
            &what,
        );
        if o.status.success() {
            assert_clean(&std::fs::read(&out).unwrap(), &format!("{what}: import -o"));
        }
    }
}

/// `note` and `new` take the payload on the command line and from the file name.
fn note_and_new_stay_clean(name: &str, payload: &str) {
    let dir = tempfile::tempdir().unwrap();
    let in_name: String = payload.chars().filter(|c| *c != '\0').collect();
    let in_args = in_name.as_str();
    let file = dir.path().join(format!("note-{in_name}.yaml"));
    std::fs::write(&file, native_incident("none", "")).unwrap();
    let f = file.as_os_str();
    let text = format!("saw {in_args} errors");
    for args in [
        vec!["note".as_ref(), f, text.as_ref()],
        vec![
            "note".as_ref(),
            f,
            "x".as_ref(),
            "--author".as_ref(),
            in_args.as_ref(),
        ],
        vec![
            "note".as_ref(),
            f,
            "x".as_ref(),
            "--branch".as_ref(),
            in_args.as_ref(),
        ],
        vec![
            "note".as_ref(),
            f,
            "x".as_ref(),
            "--kind".as_ref(),
            in_args.as_ref(),
        ],
        vec![
            "note".as_ref(),
            f,
            "x".as_ref(),
            "--at".as_ref(),
            in_args.as_ref(),
        ],
        vec![
            "note".as_ref(),
            dir.path().join(&in_name).as_os_str(),
            "x".as_ref(),
        ],
        vec![
            "new".as_ref(),
            text.as_ref(),
            "--dir".as_ref(),
            dir.path().join(&in_name).as_os_str(),
        ],
        vec![
            "new".as_ref(),
            "t".as_ref(),
            "--severity".as_ref(),
            in_args.as_ref(),
            "--dir".as_ref(),
            dir.path().as_os_str(),
        ],
        vec![
            "new".as_ref(),
            "t".as_ref(),
            "--timezone".as_ref(),
            in_args.as_ref(),
            "--dir".as_ref(),
            dir.path().as_os_str(),
        ],
        vec!["live".as_ref(), f],
        vec![f],
    ] {
        check_run(&args, &format!("{name}: {args:?}"));
    }
    // The file the notes went to still loads, and shows clean.
    check_run(&["lint".as_ref(), f], name);
    check_run(&["export".as_ref(), f], name);
}

/// Every screen the files can reach in the TUI: the list (with its error rows), and each
/// incident with each pane, drawn at two sizes.
fn screens_stay_clean(name: &str, payload: &str) {
    let dir = tempfile::tempdir().unwrap();
    hostile_folder(dir.path(), name, payload);
    for (w, h) in [(80, 24), (200, 60)] {
        let c = corpus::load_all_cached(&[dir.path().to_path_buf()], Cache::disabled(), |_| ()).0;
        let n = c.loaded.len() + c.errors.len();
        let mut app = App::new(entries(c), false, Theme::new(ThemeName::Dark), w, h);
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut check = |app: &App, what: &str| {
            term.draw(|f| view::render(app, f)).unwrap();
            let buf = term.backend().buffer();
            for cell in buf.content() {
                assert_clean(cell.symbol().as_bytes(), &format!("{name}: {what}"));
            }
        };
        check(&app, "list");
        for i in 0..n {
            app.update(Action::Top);
            for _ in 0..i {
                app.update(Action::Down);
            }
            app.update(Action::Open);
            for pane in 0..5 {
                check(&app, &format!("entry {i}, pane {pane}"));
                app.update(Action::Down);
                app.update(Action::NextPane);
            }
            app.update(Action::Back);
        }
    }
}

macro_rules! per_sequence {
    ($($test:ident: $index:expr;)*) => {
        $(
            #[test]
            fn $test() {
                let (name, payload) = SEQUENCES[$index];
                commands_stay_clean(name, payload);
                note_and_new_stay_clean(name, payload);
                screens_stay_clean(name, payload);
            }
        )*
    };
}

per_sequence! {
    osc52_never_leaves: 0;
    osc2_never_leaves: 1;
    csi_never_leaves: 2;
    c1_never_leaves: 3;
    bidi_never_leaves: 4;
    control_characters_never_leave: 5;
}

#[test]
fn the_payload_reaches_the_messages_and_leaves_nothing_behind() {
    // The checks above would pass vacuously if the payload never got into the files' values
    // and messages: here the text around it (`X`, `Y`) comes through, and nothing between.
    for (name, payload) in SEQUENCES {
        let title = native_incident("title", payload);
        assert!(title.contains("title: \"X\\u"), "{name}: {title}");
        let l = retrace::ingest::load_str(Path::new("t.yaml"), &title).unwrap();
        assert!(
            matches!(l.incident.title.as_str(), "XY" | "X Y"),
            "{name}: {:?}",
            l.incident.title
        );
        let status = native_incident("status", payload);
        let e = retrace::ingest::load_str(Path::new("s.yaml"), &status).unwrap_err();
        let message = e.to_diagnostic().message;
        assert!(
            message.contains("`XY`") || message.contains("`X Y`"),
            "{name}: {message}"
        );
    }
    assert!(markdown_postmortem(SEQUENCES[0].1).contains('\u{1b}'));
    assert!(forbidden('\u{1b}') && forbidden('\u{9b}') && forbidden('\u{202e}'));
    assert!(!forbidden('\n') && !forbidden('é') && !forbidden('\t'));
}
