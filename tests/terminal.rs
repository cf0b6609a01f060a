//! The real binary in a real terminal (tmux): it starts, quits on `q`, restores the terminal,
//! and ends when its terminal goes away instead of spinning. Needs tmux (.ci/run installs it).

use std::process::Command;
use std::time::{Duration, Instant};

fn tmux(args: &[&str]) -> std::process::Output {
    Command::new("tmux")
        .args(args)
        .output()
        .expect("tmux is installed (see .ci/run)")
}

fn pids_of(marker: &str) -> Vec<String> {
    let out = Command::new("pgrep")
        .args(["-f", marker])
        .output()
        .expect("pgrep");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

fn wait_for(mut ok: impl FnMut() -> bool, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    ok()
}

/// How long to wait for the terminal to show a state: an upper bound that returns as soon as the
/// state shows (a shared machine under load can take seconds to start a debug build).
const WAIT: u64 = 30;

#[test]
fn quits_on_q_and_exits_when_the_terminal_is_killed() {
    let bin = env!("CARGO_BIN_EXE_retrace");
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let session = format!("retrace-test-{}", std::process::id());
    // A unique argument lets pgrep find exactly this process.
    let marker = format!("{data}/../data");
    let cmd = format!("{bin} {marker}; echo EXIT=$?; sleep 30");
    let o = tmux(&["new", "-d", "-s", &session, "-x", "100", "-y", "30", &cmd]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let screen = || {
        String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", &session]).stdout).into_owned()
    };
    assert!(
        wait_for(|| screen().contains("incidents"), Duration::from_secs(WAIT)),
        "{}",
        screen()
    );
    tmux(&["send-keys", "-t", &session, "q"]);
    assert!(
        wait_for(|| screen().contains("EXIT=0"), Duration::from_secs(WAIT)),
        "{}",
        screen()
    );
    tmux(&["kill-session", "-t", &session]);

    // Killing the terminal (SIGHUP, then a tty at end-of-file) ends the program.
    let session2 = format!("{session}-hup");
    let run = format!("{bin} {marker}");
    let new_session = || tmux(&["new", "-d", "-s", &session2, "-x", "100", "-y", "30", &run]);
    // Killing the first session may have ended tmux's server, which can still be going away
    // when the next session asks for one: ask again a few times before failing.
    let mut o = new_session();
    for _ in 0..5 {
        if o.status.success() {
            break;
        }
        std::thread::sleep(Duration::from_millis(300));
        o = new_session();
    }
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(wait_for(
        || !pids_of(&marker).is_empty(),
        Duration::from_secs(WAIT)
    ));
    std::thread::sleep(Duration::from_millis(300));
    tmux(&["kill-session", "-t", &session2]);
    let gone = wait_for(|| pids_of(&marker).is_empty(), Duration::from_secs(WAIT));
    if !gone {
        for p in pids_of(&marker) {
            let _ = Command::new("kill").args(["-9", &p]).status();
        }
    }
    assert!(gone, "retrace kept running after its terminal was killed");
}

mod common;

/// Not a test of its own: see [`common::lock_holder_main`].
#[test]
fn lock_holder_process() {
    common::lock_holder_main("stuck writer (test)");
}

#[test]
fn live_mode_keeps_responding_while_another_writer_holds_the_lock_for_30_seconds() {
    let bin = env!("CARGO_BIN_EXE_retrace");
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(bin)
        .args([
            "new",
            "Checkout latency",
            "--dir",
            dir.path().to_str().unwrap(),
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let file = String::from_utf8(out.stdout).unwrap().trim().to_string();

    // Another writer takes the lock and sits on it for 30 s.
    let mut holder = common::hold_lock(std::path::Path::new(&file), 30);
    let locked_at = Instant::now();

    // A tmux server of its own, so this session and the other test's never meet.
    let socket = format!("retrace-lock-{}", std::process::id());
    let tm = |args: &[&str]| {
        let mut all = vec!["-L", socket.as_str()];
        all.extend_from_slice(args);
        tmux(&all)
    };
    let session = "live";
    let cmd = format!("RETRACE_AUTHOR=sam {bin} live {file}; echo EXIT=$?; sleep 30");
    let o = tm(&["new", "-d", "-s", session, "-x", "160", "-y", "40", &cmd]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let screen =
        || String::from_utf8_lossy(&tm(&["capture-pane", "-p", "-t", session]).stdout).into_owned();
    let check = |ok: bool, what: &str| {
        if !ok {
            let s = screen();
            tm(&["kill-server"]);
            panic!("{what}\n{s}");
        }
    };
    check(
        wait_for(|| screen().contains("LIVE"), Duration::from_secs(10)),
        "live mode did not start",
    );
    tm(&["send-keys", "-t", session, "a"]);
    tm(&["send-keys", "-t", session, "-l", "typed during the lock"]);
    tm(&["send-keys", "-t", session, "Enter"]);
    // It says who holds the lock, and the text stays on screen until it is saved.
    let holder_pid = format!("pid {} (stuck writer (test))", holder.id());
    check(
        wait_for(|| screen().contains(&holder_pid), Duration::from_secs(5)),
        "the holder is not named",
    );
    check(
        screen().contains("typed during the lock"),
        "the typed text is gone",
    );
    // Meanwhile the screen answers: help opens and closes, another note can be typed.
    tm(&["send-keys", "-t", session, "?"]);
    check(
        wait_for(|| screen().contains("Keys —"), Duration::from_secs(2)),
        "help did not open",
    );
    tm(&["send-keys", "-t", session, "Escape"]);
    check(
        wait_for(|| !screen().contains("Keys —"), Duration::from_secs(2)),
        "help did not close",
    );
    tm(&["send-keys", "-t", session, "a"]);
    tm(&["send-keys", "-t", session, "-l", "second one"]);
    tm(&["send-keys", "-t", session, "Enter"]);
    check(
        wait_for(
            || screen().contains("+1 more after it"),
            Duration::from_secs(2),
        ),
        "the second note is not queued",
    );
    assert!(
        locked_at.elapsed() < Duration::from_secs(25),
        "the checks took too long to mean anything"
    );
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("typed during the lock")
    );

    // When the holder lets go, both notes are saved, in order.
    holder.wait().unwrap();
    check(
        wait_for(
            || {
                let t = std::fs::read_to_string(&file).unwrap();
                t.contains("typed during the lock") && t.contains("second one")
            },
            Duration::from_secs(5),
        ),
        "the notes were not saved once the lock was free",
    );
    check(
        wait_for(|| !screen().contains("saving"), Duration::from_secs(3)),
        "still saving",
    );
    let t = std::fs::read_to_string(&file).unwrap();
    assert!(t.find("typed during the lock") < t.find("second one"));
    tm(&["send-keys", "-t", session, "q"]);
    check(
        wait_for(|| screen().contains("EXIT=0"), Duration::from_secs(5)),
        "did not quit",
    );
    tm(&["kill-server"]);
}
