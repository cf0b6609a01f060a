//! Nothing lost: live note-taking with real processes and real files.
//!
//! Some tests re-run this test binary as a *writer process* (see [`writer_process`]): it appends
//! notes through `retrace::store::Writer` in a loop and prints `saved ID` after each one is on
//! disk, so a test can kill it at any moment and know exactly what was reported saved.

use std::collections::BTreeSet;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use retrace::ingest;
use retrace::model::Incident;
use retrace::store::Writer;
use retrace::store::watch::{WatchEvent, Watcher};

const BIN: &str = env!("CARGO_BIN_EXE_retrace");

fn retrace(args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .env_remove("RETRACE_DIR")
        .env("RETRACE_AUTHOR", "test")
        .output()
        .expect("run retrace")
}

/// `retrace new` in `dir`; the path it printed.
fn new_incident(dir: &Path) -> PathBuf {
    let out = retrace(&["new", "Checkout latency", "--dir", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

/// Parse the file the way every reader does; panics with the file's text when it does not parse.
fn load(path: &Path) -> Incident {
    match ingest::load_path(path) {
        Ok(l) => l.incident,
        Err(e) => panic!(
            "{e}\n--- file ---\n{}",
            std::fs::read_to_string(path).unwrap_or_default()
        ),
    }
}

fn texts(inc: &Incident) -> BTreeSet<String> {
    inc.timeline.iter().map(|e| e.text.to_string()).collect()
}

/// Small deterministic generator (the seed is printed, so a failure can be replayed).
struct Rng(u64);
impl Rng {
    fn from_time() -> Rng {
        let seed = std::env::var("RETRACE_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("RETRACE_TEST_SEED={seed}");
        Rng(seed)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Not a test of its own: when `RETRACE_TEST_WRITER_FILE` is set, this process is a writer that
/// appends `RETRACE_TEST_WRITER_COUNT` notes (default: until killed) named
/// `RETRACE_TEST_WRITER_PREFIX-N`, printing `saved PREFIX-N` after each successful save.
#[test]
fn writer_process() {
    let Ok(file) = std::env::var("RETRACE_TEST_WRITER_FILE") else {
        return;
    };
    let prefix = std::env::var("RETRACE_TEST_WRITER_PREFIX").unwrap_or_else(|_| "w".into());
    let count: u64 = std::env::var("RETRACE_TEST_WRITER_COUNT")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(u64::MAX);
    let mut w = Writer::new(&file, Some(prefix.clone()));
    use std::io::Write;
    let stdout = std::io::stdout();
    for n in 0..count {
        let id = format!("{prefix}-{n}");
        w.note(&id, None, None, None).expect("save");
        let mut out = stdout.lock();
        writeln!(out, "saved {id}").unwrap();
        out.flush().unwrap();
    }
}

fn spawn_writer(file: &Path, prefix: &str, count: Option<u64>) -> Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "writer_process",
        "--nocapture",
        "--test-threads=1",
    ])
    .env("RETRACE_TEST_WRITER_FILE", file)
    .env("RETRACE_TEST_WRITER_PREFIX", prefix)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    if let Some(c) = count {
        cmd.env("RETRACE_TEST_WRITER_COUNT", c.to_string());
    }
    cmd.spawn().expect("spawn writer process")
}

/// The ids a writer reported saved (lines `saved ID`; a line cut by a kill is not a report).
fn reported(stdout: &str) -> Vec<String> {
    stdout
        .split_inclusive('\n')
        .filter(|l| l.ends_with('\n'))
        // libtest may print `test writer_process ... ` in front of the first line.
        .filter_map(|l| {
            l.trim_end()
                .split_once("saved ")
                .map(|(_, id)| id.to_string())
        })
        .collect()
}

#[test]
fn two_note_loops_at_once_lose_nothing() {
    // Two shell loops, each running `retrace note` 200 times, at the same time.
    let dir = tempfile::tempdir().unwrap();
    let file = new_incident(dir.path());
    let spawn = |who: &str| {
        let script = format!(
            "i=0; while [ $i -lt 200 ]; do \"$0\" note \"$1\" --author {who} \"{who} $i\" >/dev/null || exit 1; i=$((i+1)); done"
        );
        Command::new("sh")
            .args(["-c", &script, BIN, file.to_str().unwrap()])
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn("ann"), spawn("bob"));
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    let inc = load(&file);
    assert_eq!(inc.timeline.len(), 400);
    let want: BTreeSet<String> = ["ann", "bob"]
        .iter()
        .flat_map(|w| (0..200).map(move |i| format!("{w} {i}")))
        .collect();
    assert_eq!(texts(&inc), want);
}

#[test]
fn two_writer_processes_at_once_lose_nothing() {
    // Two long-lived writer processes, 200 notes each, contending for the lock on every save.
    let dir = tempfile::tempdir().unwrap();
    let file = new_incident(dir.path());
    let mut a = spawn_writer(&file, "a", Some(200));
    let mut b = spawn_writer(&file, "b", Some(200));
    let out = |c: &mut Child| {
        let mut s = String::new();
        c.stdout.take().unwrap().read_to_string(&mut s).unwrap();
        assert!(c.wait().unwrap().success());
        reported(&s)
    };
    let (ra, rb) = (out(&mut a), out(&mut b));
    assert_eq!((ra.len(), rb.len()), (200, 200));
    let inc = load(&file);
    assert_eq!(inc.timeline.len(), 400);
    let want: BTreeSet<String> = ra.into_iter().chain(rb).collect();
    assert_eq!(texts(&inc), want);
    // Each writer's notes are in the order it saved them (times never go backwards).
    for w in ["a", "b"] {
        let mine: Vec<&str> = inc
            .timeline
            .iter()
            .filter(|e| e.author.as_deref() == Some(w))
            .map(|e| &*e.text)
            .collect();
        let expected: Vec<String> = (0..200).map(|n| format!("{w}-{n}")).collect();
        assert_eq!(mine, expected);
    }
}

#[test]
fn sigkill_at_random_moments_never_tears_the_file_or_loses_a_reported_note() {
    // 200 kills. Even rounds start a writer process, wait for its first save, then kill it at a
    // random moment of its loop of saves (so the kill lands anywhere in a transaction: reading,
    // writing the temporary file, fsync, rename). Odd rounds kill a single `retrace note` at a
    // random point of its life. After every kill the file must parse and hold every note that was
    // reported saved, in this round and all before.
    let dir = tempfile::tempdir().unwrap();
    let file = new_incident(dir.path());
    let mut rng = Rng::from_time();
    let mut saved: BTreeSet<String> = BTreeSet::new();
    let started = Instant::now();
    // How long one `retrace note` lives here, to spread the odd rounds' kills over its life.
    let mut lives: Vec<u64> = (0..3)
        .map(|i| {
            let t0 = Instant::now();
            let text = format!("calibration {i}");
            assert!(
                retrace(&["note", file.to_str().unwrap(), &text])
                    .status
                    .success()
            );
            saved.insert(text);
            t0.elapsed().as_micros() as u64
        })
        .collect();
    lives.sort();
    let note_life = lives[1];
    let (mut mid_transaction, mut cli_killed) = (0, 0);
    for round in 0..200 {
        let prefix = format!("k{round}");
        if round % 2 == 0 {
            let mut child = spawn_writer(&file, &prefix, None);
            let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
            let mut text = String::new();
            while !text.contains("saved ") {
                let mut line = String::new();
                assert!(
                    out.read_line(&mut line).unwrap() > 0,
                    "writer ended: {text}"
                );
                text.push_str(&line);
            }
            std::thread::sleep(Duration::from_micros(rng.below(10_000)));
            child.kill().unwrap(); // SIGKILL on Unix
            child.wait().unwrap();
            out.read_to_string(&mut text).unwrap();
            saved.extend(reported(&text));
        } else {
            let mut child = Command::new(BIN)
                .args(["note", file.to_str().unwrap(), "--author", "k", &prefix])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_micros(rng.below(note_life * 4)));
            let _ = child.kill();
            let status = child.wait().unwrap();
            cli_killed += usize::from(!status.success());
            let mut out = String::new();
            child
                .stdout
                .take()
                .unwrap()
                .read_to_string(&mut out)
                .unwrap();
            if out.starts_with("saved ") && out.ends_with('\n') {
                saved.insert(prefix);
            }
        }
        // A temporary file left behind means the kill landed between its creation and the rename.
        mid_transaction += usize::from(temp_files(dir.path(), true) > 0);
        let on_disk = texts(&load(&file));
        let missing: Vec<&String> = saved.difference(&on_disk).collect();
        assert!(
            missing.is_empty(),
            "round {round}: reported saved but not in the file: {missing:?}"
        );
    }
    eprintln!(
        "200 kills in {:.1} s: {} notes reported saved, all on disk; {cli_killed} of 100 `retrace note` \
         (life {} ms) killed before exiting; {mid_transaction} kills left a temporary file (killed mid-write)",
        started.elapsed().as_secs_f64(),
        saved.len(),
        note_life / 1000,
    );
    // The stale temporary files of killed writers are cleaned by the next writer.
    std::fs::write(dir.path().join(".x.yaml.1.0.tmp"), "unrelated").unwrap();
    let stale = file.with_file_name(format!(
        ".{}.999999.0.tmp",
        file.file_name().unwrap().to_str().unwrap()
    ));
    std::fs::write(&stale, "half a fi").unwrap();
    assert!(
        retrace(&["note", file.to_str().unwrap(), "after the storm"])
            .status
            .success()
    );
    assert!(!stale.exists());
    assert_eq!(
        temp_files(dir.path(), false),
        1,
        "only the unrelated file is left"
    );
}

/// How many temporary files are in `dir`, removing them if asked (so each round counts its own).
fn temp_files(dir: &Path, remove: bool) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_name().to_string_lossy().ends_with(".tmp") {
            n += 1;
            if remove {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
    }
    n
}

#[test]
fn a_note_typed_while_another_process_writes_is_saved_on_top() {
    let dir = tempfile::tempdir().unwrap();
    let file = new_incident(dir.path());
    // A live view has the file open and a responder starts typing...
    let mut mine = Writer::new(&file, Some("ann".into()));
    let (shown, _) = mine.load().unwrap();
    assert!(shown.timeline.is_empty());
    // ...while another process adds a note and marks a branch...
    let f = file.to_str().unwrap();
    for args in [
        &["note", f, "--author", "bob", "DB CPU at 95%"][..],
        &[
            "note",
            f,
            "--author",
            "bob",
            "--branch",
            "db",
            "DB saturated?",
        ][..],
    ] {
        assert!(retrace(args).status.success());
    }
    // ...then Enter: the typed note is saved on top of what is on disk now.
    let saved = mine
        .note("typed while bob wrote", None, None, None)
        .unwrap();
    let inc = load(&file);
    assert_eq!(
        texts(&inc),
        ["DB CPU at 95%", "DB saturated?", "typed while bob wrote"]
            .map(String::from)
            .into()
    );
    assert!(inc.branch("db").is_some());
    assert_eq!(texts(&saved.incident), texts(&inc));
}

#[test]
fn watcher_sees_another_process_change_the_file_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let file = new_incident(dir.path());
    let (_watcher, changes) = Watcher::channel(&file).unwrap();
    let mut latencies = Vec::new();
    for i in 0..3 {
        let t0 = Instant::now();
        let out = retrace(&[
            "note",
            file.to_str().unwrap(),
            &format!("from elsewhere {i}"),
        ]);
        assert!(out.status.success(), "{out:?}");
        let written = t0.elapsed();
        match changes.recv_timeout(Duration::from_secs(1)) {
            Ok(WatchEvent::Changed(p)) => assert_eq!(p, file),
            other => panic!("no change reported within 1 s: {other:?}"),
        }
        latencies.push(t0.elapsed().saturating_sub(written));
        // Nothing else is pending once the debounce window has passed.
        while changes.recv_timeout(Duration::from_millis(250)).is_ok() {}
    }
    eprintln!("watcher reported changes after the writer exited: {latencies:?}");
    // An editor that writes the file in place is seen too.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("from elsewhere 0", "edited by hand")).unwrap();
    assert!(matches!(
        changes.recv_timeout(Duration::from_secs(1)),
        Ok(WatchEvent::Changed(_))
    ));
}

#[test]
fn new_and_note_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("incidents");
    let first = new_incident(&sub);
    let second = new_incident(&sub);
    assert!(first.exists() && second.exists());
    assert_ne!(first, second);
    assert!(
        second
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .ends_with("-checkout-latency-2.yaml"),
        "{second:?}"
    );
    // $RETRACE_DIR is the default folder.
    let out = Command::new(BIN)
        .args(["new", "Payments down", "--severity", "SEV1"])
        .env("RETRACE_DIR", &sub)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let third = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    assert!(third.starts_with(&sub), "{third:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("retrace note"));
    assert_eq!(load(&third).severity.unwrap().0, "SEV1");

    let f = first.to_str().unwrap();
    let out = retrace(&[
        "note", f, "--at", "-10m", "Alert", "fired", "on", "checkout",
    ]);
    assert!(out.status.success(), "{out:?}");
    let line = String::from_utf8(out.stdout).unwrap();
    assert!(line.starts_with("saved "), "{line}");
    // Saved as what was said (a note), with a hint about the kind the words suggest.
    assert!(
        line.contains("  note  \"Alert fired on checkout\""),
        "{line}"
    );
    let hint = String::from_utf8_lossy(&out.stderr);
    assert!(hint.contains("--kind detection"), "{hint}");
    let out = retrace(&[
        "note",
        f,
        "--kind",
        "mitigation",
        "--branch",
        "deploy",
        "--author",
        "ann",
        "rolled back",
    ]);
    assert!(out.status.success(), "{out:?}");
    let inc = load(&first);
    assert_eq!(inc.timeline.len(), 2);
    let rb = inc
        .timeline
        .iter()
        .find(|e| &*e.text == "rolled back")
        .unwrap();
    assert_eq!(rb.kind, retrace::model::EventKind::Mitigation);
    assert_eq!(rb.author.as_deref(), Some("ann"));
    assert_eq!(rb.branch.as_deref(), Some("deploy"));
    let alert = inc
        .timeline
        .iter()
        .find(|e| &*e.text == "Alert fired on checkout")
        .unwrap();
    assert_eq!(alert.author.as_deref(), Some("test"));

    // Refusals leave the file as it was.
    let before = std::fs::read(&first).unwrap();
    for args in [
        &["note", f, "--at", "tea time", "x"][..],
        &["note", f, "--at", "2099-01-01 10:00", "x"][..],
        &["note", f, "--kind", "banana", "x"][..],
    ] {
        let out = retrace(args);
        assert!(!out.status.success(), "{args:?} {out:?}");
        assert!(!out.stderr.is_empty());
    }
    assert_eq!(std::fs::read(&first).unwrap(), before);
    // `-` reads the note from standard input.
    let mut child = Command::new(BIN)
        .args(["note", f, "-"])
        .env("RETRACE_AUTHOR", "bot")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"deploy v42 finished\n").unwrap();
    }
    assert!(child.wait_with_output().unwrap().status.success());
    assert!(texts(&load(&first)).contains("deploy v42 finished"));

    let help = String::from_utf8(retrace(&["--help"]).stdout).unwrap();
    assert!(help.contains("new") && help.contains("note"), "{help}");

    let out = retrace(&["note", dir.path().join("nope.yaml").to_str().unwrap(), "x"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nope.yaml") && err.contains("retrace new"),
        "{err}"
    );
}
