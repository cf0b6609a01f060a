//! Never rewrite what people wrote: every save touches only the lines it concerns, writes times
//! any YAML reader reads as text, and treats files as they are (symlinks, permissions, owners,
//! read-only files and folders, locks left by killed writers). Real files, real processes.

use std::path::{Path, PathBuf};
use std::process::Command;

use retrace::model::{EventKind, Incident, MilestoneKind, Outcome, Timestamp};
use retrace::store::{Change, EventKey, StoreError, Writer};

const BIN: &str = env!("CARGO_BIN_EXE_retrace");

fn retrace(args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .env_remove("RETRACE_DIR")
        .env("RETRACE_AUTHOR", "test")
        .output()
        .expect("run retrace")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn hand_written() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/store/handwritten.yaml")).unwrap()
}

fn load(path: &Path) -> Incident {
    match retrace::ingest::load_path(path) {
        Ok(l) => l.incident,
        Err(e) => panic!(
            "{e}\n--- file ---\n{}",
            std::fs::read_to_string(path).unwrap_or_default()
        ),
    }
}

/// The lines a change took out of `old` and put in `new`, byte for byte (line endings
/// included): what is left once the longest common head and tail are set aside.
fn diff(old: &str, new: &str) -> (Vec<String>, Vec<String>) {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (
        a[head..a.len() - tail]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        b[head..b.len() - tail]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    )
}

/// The files a save must keep: every YAML sample, a hand-written file (comments, flow lists,
/// block scalars, odd indentation) and the same with CRLF line ends.
fn originals() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(root().join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    assert!(v.len() >= 9, "the samples are there");
    v.push(("handwritten.yaml".into(), hand_written()));
    v.push(("crlf.yaml".into(), hand_written().replace('\n', "\r\n")));
    v
}

fn copy_in(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn one_note_milestone_or_branch_change_touches_only_its_own_lines() {
    let dir = tempfile::tempdir().unwrap();
    for (name, original) in originals() {
        let before = {
            let p = copy_in(dir.path(), &name, &original);
            load(&p)
        };
        let crlf = original.contains("\r\n");
        let eol = if crlf { "\r\n" } else { "\n" };
        let last = before.timeline.last().unwrap().at;
        let first = before.timeline.first().unwrap().at;

        // A note at the end, and one backfilled between the first two events.
        for (at, what) in [
            (last + chrono::Duration::minutes(3), "at the end"),
            (first + chrono::Duration::seconds(30), "backfilled"),
        ] {
            let p = copy_in(dir.path(), &name, &original);
            let mut w = Writer::new(&p, Some("ann".into()));
            let text = format!("Rolled back checkout to 4.1 ({what})");
            w.note(&text, Some(at), None, None).unwrap();
            let after = std::fs::read_to_string(&p).unwrap();
            let (removed, added) = diff(&original, &after);
            assert!(removed.is_empty(), "{name} {what}: removed {removed:?}");
            let added = added.concat();
            assert!(
                added.contains(&format!("text: {text}{eol}")),
                "{name}: {added}"
            );
            assert!(
                added.contains(&format!("kind: note{eol}")),
                "{name}: {added}"
            );
            assert!(
                added.contains("at: \""),
                "{name}: the time is quoted: {added}"
            );
            assert!(added.lines().all(|l| !l.trim().is_empty() || l.is_empty()));
            // The rest reads as before, and the note is where it was meant to be.
            let again = load(&p);
            assert_eq!(again.timeline.len(), before.timeline.len() + 1, "{name}");
            let note = again.timeline.iter().find(|e| *e.text == *text).unwrap();
            assert_eq!(note.at, at, "{name} {what}\n{after}");
            assert_eq!(note.kind, EventKind::Note);
            assert_eq!(again.milestones, before.milestones, "{name}");
            let keys = |i: &Incident| -> Vec<EventKey> {
                i.timeline
                    .iter()
                    .filter(|e| *e.text != *text)
                    .map(EventKey::of)
                    .collect()
            };
            assert_eq!(keys(&again), keys(&before), "{name} {what}");
        }

        // A milestone: one key line, changed or added.
        let p = copy_in(dir.path(), &name, &original);
        let mut w = Writer::new(&p, None);
        let at: Timestamp = last;
        w.transact("ack", |_| {
            Ok(vec![Change::SetMilestone {
                kind: MilestoneKind::Acknowledged,
                at: Some(at),
                expect: None,
            }])
        })
        .unwrap();
        let after = std::fs::read_to_string(&p).unwrap();
        let (removed, added) = diff(&original, &after);
        assert!(removed.len() <= 1, "{name}: {removed:?}");
        assert_eq!(added.len(), 1, "{name}: {added:?}");
        assert!(
            added[0].starts_with("acknowledged: \"") && added[0].ends_with(eol),
            "{name}: {added:?}"
        );
        assert_eq!(
            load(&p).milestones.get(MilestoneKind::Acknowledged),
            Some(at),
            "{name}"
        );

        // A branch's outcome: one line, changed or added; comments around it stay.
        if let Some(b) = before
            .branches
            .iter()
            .find(|b| b.outcome != Outcome::Confirmed)
        {
            let p = copy_in(dir.path(), &name, &original);
            let id = b.id.clone();
            Writer::new(&p, None)
                .transact("outcome", |_| {
                    Ok(vec![Change::SetOutcome {
                        branch: id.clone(),
                        outcome: Outcome::Confirmed,
                        expect: None,
                    }])
                })
                .unwrap();
            let after = std::fs::read_to_string(&p).unwrap();
            let (removed, added) = diff(&original, &after);
            assert!(removed.len() <= 1, "{name}: {removed:?}");
            assert_eq!(added.len(), 1, "{name}: {removed:?} -> {added:?}");
            assert!(added[0].contains("confirmed"), "{name}: {added:?}");
            let again = load(&p);
            assert_eq!(again.branch(&b.id).unwrap().outcome, Outcome::Confirmed);
        }
    }
}

#[test]
fn notes_in_a_row_and_their_undo_give_back_the_file_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    for (name, original) in originals() {
        let p = copy_in(dir.path(), &name, &original);
        let mut w = Writer::new(&p, Some("ann".into()));
        let last = load(&p).timeline.last().unwrap().at;
        w.note(
            "first",
            Some(last + chrono::Duration::minutes(1)),
            None,
            None,
        )
        .unwrap();
        w.note(
            "on a new branch",
            Some(last + chrono::Duration::minutes(2)),
            None,
            Some("cache"),
        )
        .unwrap();
        w.set_milestone(
            MilestoneKind::Mitigated,
            last + chrono::Duration::minutes(3),
        )
        .unwrap();
        let victim = EventKey::of(&load(&p).timeline[1]);
        w.delete_event(&victim).unwrap();
        assert!(std::fs::read_to_string(&p).unwrap().contains("# ") || !original.contains("# "));
        while w.undo_label().is_some() {
            w.undo().unwrap();
        }
        assert_eq!(std::fs::read_to_string(&p).unwrap(), original, "{name}");
    }
}

#[test]
fn a_note_in_an_empty_or_missing_timeline() {
    let dir = tempfile::tempdir().unwrap();
    for (text, name) in [
        (
            "title: T\ndate: 2025-01-01\ntimeline: []   # nothing yet\n",
            "empty.yaml",
        ),
        ("title: T\ndate: 2025-01-01\n", "missing.yaml"),
        (
            "title: T\ndate: 2025-01-01\ntimeline: []",
            "no-newline.yaml",
        ),
    ] {
        let p = copy_in(dir.path(), name, text);
        let at: Timestamp = "2025-01-01T10:42:00Z".parse().unwrap();
        Writer::new(&p, None)
            .note("first note", Some(at), None, None)
            .unwrap();
        let after = std::fs::read_to_string(&p).unwrap();
        assert!(after.starts_with("title: T\ndate: 2025-01-01\n"), "{after}");
        assert!(
            after.contains("  - at: \"10:42\"\n    kind: note\n    text: first note\n"),
            "{after}"
        );
        if text.contains("# nothing yet") {
            assert!(after.contains("timeline:   # nothing yet\n"), "{after}");
        }
        assert_eq!(load(&p).timeline[0].at, at);
        if name != "missing.yaml" {
            // Undone, the file is as it was (an added `timeline:` key stays, as `[]`).
            let mut w = Writer::new(&p, None);
            w.note("second", Some(at), None, None).unwrap();
            w.undo().unwrap();
            let key = retrace::store::EventKey::of(&load(&p).timeline[0]);
            w.delete_event(&key).unwrap();
            let back = std::fs::read_to_string(&p).unwrap();
            assert_eq!(back.trim_end(), text.trim_end(), "{name}");
        }
    }
}

#[test]
fn a_layout_that_cannot_be_edited_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# keep me\ntitle: T\ndate: 2025-01-01\ntimeline: [{at: \"10:00\", text: a}]\n";
    let p = copy_in(dir.path(), "flow.yaml", text);
    let out = retrace(&["note", p.to_str().unwrap(), "hello"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot be changed in place"), "{err}");
    assert!(err.contains("drop its 1 comment line"), "{err}");
    assert!(err.contains("--rewrite"), "{err}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
    // Asked for, it is rewritten whole (and says so).
    let out = retrace(&["note", p.to_str().unwrap(), "--rewrite", "hello"]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("rewritten"));
    assert_eq!(load(&p).timeline.len(), 2);
}

/// Every time value in a native file, as written: `at:` of events, milestone keys.
fn time_values(text: &str) -> Vec<String> {
    let keys = [
        "at",
        "started",
        "detected",
        "acknowledged",
        "identified",
        "mitigated",
        "resolved",
    ];
    let mut v = Vec::new();
    for line in text.lines() {
        let body = line.trim_start().trim_start_matches("- ").trim_start();
        let top = !line.starts_with([' ', '-']);
        for k in keys {
            if let Some(rest) = body.strip_prefix(&format!("{k}: "))
                && (k == "at" || top)
            {
                v.push(rest.trim().to_string());
            }
        }
        // Flow items: `{at: "10:00", ...}`.
        for part in body.split(['{', ',']) {
            if let Some(rest) = part.trim().strip_prefix("at: ") {
                v.push(rest.trim_end_matches('}').trim().to_string());
            }
        }
    }
    v
}

#[test]
fn every_writer_quotes_its_times_for_yaml_1_1_readers() {
    let dir = tempfile::tempdir().unwrap();
    let mut written: Vec<PathBuf> = Vec::new();
    // `retrace new`, then `retrace note`, a milestone and a hypothesis (as live mode saves them).
    let out = retrace(&[
        "new",
        "Checkout latency",
        "--dir",
        dir.path().to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let new = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    let fresh = std::fs::read_to_string(&new).unwrap();
    assert!(fresh.contains("started: \""), "{fresh}");
    assert!(
        retrace(&["note", new.to_str().unwrap(), "--at", "-5m", "p99 at 4s"])
            .status
            .success()
    );
    let mut w = Writer::new(&new, Some("ann".into()));
    w.set_milestone(MilestoneKind::Detected, retrace::store::stamp::now())
        .unwrap();
    w.open_branch("db", "The database").unwrap();
    written.push(new);
    // `retrace import -o` of every postmortem sample.
    for e in std::fs::read_dir(root().join("data")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            let out = dir
                .path()
                .join(format!("{}.yaml", p.file_stem().unwrap().to_string_lossy()));
            let o = retrace(&["import", p.to_str().unwrap(), "-o", out.to_str().unwrap()]);
            assert!(o.status.success(), "{o:?}");
            written.push(out);
        }
    }
    // A note in each hand-written file.
    for (name, original) in originals() {
        let p = copy_in(dir.path(), &name, &original);
        Writer::new(&p, None).note("x", None, None, None).unwrap();
        written.push(p);
    }
    for p in &written {
        let text = std::fs::read_to_string(p).unwrap();
        let times = time_values(&text);
        assert!(!times.is_empty(), "{}", p.display());
        for t in &times {
            // What retrace wrote is quoted; hand-written values in the samples already are.
            assert!(
                t.starts_with('"') || t.starts_with('\''),
                "{}: unquoted time {t}",
                p.display()
            );
        }
    }
    // And a YAML 1.1 reader agrees: every time is a string (PyYAML, when on the machine).
    let script = r#"
import sys, yaml
for path in sys.argv[1:]:
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    keys = ["started", "detected", "acknowledged", "identified", "mitigated", "resolved"]
    vals = [doc[k] for k in keys if k in doc] + [e["at"] for e in doc.get("timeline") or []]
    bad = [v for v in vals if not isinstance(v, str)]
    if bad:
        print(path, "reads times as", bad); sys.exit(1)
print("ok", len(sys.argv) - 1)
"#;
    match Command::new("python3")
        .arg("-c")
        .arg("import yaml")
        .status()
    {
        Ok(s) if s.success() => {
            let out = Command::new("python3")
                .arg("-c")
                .arg(script)
                .args(&written)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        _ => eprintln!(
            "SKIPPED the PyYAML half of this test: python3 with PyYAML is not on this machine \
             (the quoting check above still ran)"
        ),
    }
}

#[test]
fn a_symlinked_file_gets_the_note_and_keeps_its_mode_and_owner() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("real");
    std::fs::create_dir(&real_dir).unwrap();
    let target = copy_in(&real_dir, "incident.yaml", &hand_written());
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    // As root, give it another owner, as a shared incident folder would.
    let root_user = unsafe { libc::geteuid() } == 0;
    if root_user {
        std::os::unix::fs::chown(&target, Some(4321), Some(4321)).unwrap();
    }
    let link = dir.path().join("link.yaml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = retrace(&["note", link.to_str().unwrap(), "through the link"]);
    assert!(out.status.success(), "{out:?}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("through the link")
    );
    let m = std::fs::metadata(&target).unwrap();
    assert_eq!(m.mode() & 0o7777, 0o600);
    if root_user {
        assert_eq!((m.uid(), m.gid()), (4321, 4321));
    }
    // One lock for both names: no lock file beside the link.
    assert!(!dir.path().join(".link.yaml.lock").exists());
    assert!(real_dir.join(".incident.yaml.lock").exists());
}

#[test]
fn read_only_files_and_folders_are_refused_and_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = copy_in(dir.path(), "ro.yaml", &hand_written());
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = retrace(&["note", p.to_str().unwrap(), "x"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("read-only (mode 0444)") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), hand_written());

    // A read-only folder without a lock file: said as such, not "No such file", no `new` hint.
    let ro = dir.path().join("ro-folder");
    std::fs::create_dir(&ro).unwrap();
    let q = copy_in(&ro, "incident.yaml", &hand_written());
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let out = retrace(&["note", q.to_str().unwrap(), "x"]);
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("read-only"), "{err}");
    assert!(
        !err.contains("No such file") && !err.contains("retrace new"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&q).unwrap(), hand_written());
}

#[test]
fn output_files_are_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let pm = dir.path().join("pm.md");
    std::fs::copy(
        root().join("data/2024-12-09-mobile-images-not-loading.md"),
        &pm,
    )
    .unwrap();
    let original = std::fs::read(&pm).unwrap();
    // The postmortem itself, even with --force.
    for args in [
        &["import", pm.to_str().unwrap(), "-o", pm.to_str().unwrap()][..],
        &[
            "import",
            pm.to_str().unwrap(),
            "-o",
            pm.to_str().unwrap(),
            "--force",
        ][..],
    ] {
        let out = retrace(args);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("is the file being read"));
        assert_eq!(std::fs::read(&pm).unwrap(), original);
    }
    // Another existing file: only with --force.
    let yaml = dir.path().join("out.yaml");
    std::fs::write(&yaml, "precious").unwrap();
    let out = retrace(&["import", pm.to_str().unwrap(), "-o", yaml.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&yaml).unwrap(), "precious");
    let out = retrace(&[
        "import",
        pm.to_str().unwrap(),
        "-o",
        yaml.to_str().unwrap(),
        "--force",
    ]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(load(&yaml).title, load(&pm).title);
    // Export the same way.
    let md = dir.path().join("out.md");
    std::fs::write(&md, "precious").unwrap();
    let out = retrace(&["export", yaml.to_str().unwrap(), "-o", md.to_str().unwrap()]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&md).unwrap(), "precious");
    let out = retrace(&[
        "export",
        yaml.to_str().unwrap(),
        "-o",
        md.to_str().unwrap(),
        "--force",
    ]);
    assert!(out.status.success());
    let new = dir.path().join("new.html");
    let out = retrace(&[
        "export",
        yaml.to_str().unwrap(),
        "-f",
        "html",
        "-o",
        new.to_str().unwrap(),
    ]);
    assert!(out.status.success());
}

#[test]
fn undo_between_two_writers_is_compare_and_set() {
    let dir = tempfile::tempdir().unwrap();
    let p = copy_in(dir.path(), "i.yaml", &hand_written());
    let mut ann = Writer::new(&p, Some("ann".into()));
    let mut bob = Writer::new(&p, Some("bob".into()));
    let t = |s: &str| -> Timestamp { s.parse().unwrap() };
    // A milestone bob moved since.
    ann.set_milestone(MilestoneKind::Mitigated, t("2025-02-03T09:45:00+01:00"))
        .unwrap();
    bob.transact("move", |_| {
        Ok(vec![Change::SetMilestone {
            kind: MilestoneKind::Mitigated,
            at: Some(t("2025-02-03T09:50:00+01:00")),
            expect: None,
        }])
    })
    .unwrap();
    let before = std::fs::read_to_string(&p).unwrap();
    match ann.undo() {
        Err(StoreError::Conflict(why)) => {
            assert!(
                why.contains("not undone") && why.contains("`mitigated` was changed"),
                "{why}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&p).unwrap(), before);
    // A branch outcome bob changed since.
    ann.close_branch("config", Outcome::RuledOut).unwrap();
    bob.transact("reopen", |_| {
        Ok(vec![Change::SetOutcome {
            branch: "config".into(),
            outcome: Outcome::Inconclusive,
            expect: None,
        }])
    })
    .unwrap();
    assert!(matches!(ann.undo(), Err(StoreError::Conflict(_))));
    assert_eq!(
        load(&p).branch("config").unwrap().outcome,
        Outcome::Inconclusive
    );
    // A note bob edited since.
    let s = ann
        .note(
            "ann's note",
            Some(t("2025-02-03T09:55:00+01:00")),
            None,
            None,
        )
        .unwrap();
    let key = s.event.unwrap();
    let mut edited = load(&p)
        .timeline
        .into_iter()
        .find(|e| &*e.text == "ann's note")
        .unwrap();
    edited.text = "ann's note (bob fixed a typo)".into();
    bob.edit_event(&key, edited).unwrap();
    assert!(matches!(ann.undo(), Err(StoreError::Conflict(_))));
    assert!(
        load(&p)
            .timeline
            .iter()
            .any(|e| &*e.text == "ann's note (bob fixed a typo)")
    );
}

mod common;
use common::hold_lock;

/// Not a test of its own: see [`common::lock_holder_main`].
#[test]
fn lock_holder_process() {
    common::lock_holder_main("lock holder (test)");
}

#[test]
fn a_held_lock_names_its_holder_and_a_killed_holders_lock_does_not_hold() {
    let dir = tempfile::tempdir().unwrap();
    let p = copy_in(dir.path(), "i.yaml", &hand_written());
    let mut holder = hold_lock(&p, 60);
    let mut w = Writer::new(&p, None).with_lock_timeout(std::time::Duration::from_millis(300));
    match w.note("blocked", None, None, None) {
        Err(StoreError::Locked {
            holder: Some(h), ..
        }) => {
            assert_eq!(h.pid, holder.id());
            assert_eq!(h.program, "lock holder (test)");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&p).unwrap(), hand_written());
    // Killed with the lock held (kill -9): the kernel lets go; the next writer goes ahead,
    // though the lock file and its holder's name are still there.
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert!(dir.path().join(".i.yaml.lock").exists());
    let out = retrace(&["note", p.to_str().unwrap(), "after the kill"]);
    assert!(out.status.success(), "{out:?}");
    assert!(
        load(&p)
            .timeline
            .iter()
            .any(|e| &*e.text == "after the kill")
    );
}

#[test]
fn a_fifo_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.yaml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for args in [
        &["note", fifo.to_str().unwrap(), "x"][..],
        &["note", fifo.to_str().unwrap(), "--at", "10:00", "x"][..],
    ] {
        let mut child = Command::new(BIN)
            .args(args)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if start.elapsed() > std::time::Duration::from_secs(20) {
                child.kill().unwrap();
                panic!("`retrace {args:?}` hangs on a FIFO");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        assert!(!status.success());
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        assert!(err.contains("not a regular file"), "{err}");
    }
}
