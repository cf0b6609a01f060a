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
        wait_for(|| screen().contains("incidents"), Duration::from_secs(10)),
        "{}",
        screen()
    );
    tmux(&["send-keys", "-t", &session, "q"]);
    assert!(
        wait_for(|| screen().contains("EXIT=0"), Duration::from_secs(5)),
        "{}",
        screen()
    );
    tmux(&["kill-session", "-t", &session]);

    // Killing the terminal (SIGHUP, then a tty at end-of-file) ends the program.
    let session2 = format!("{session}-hup");
    let o = tmux(&[
        "new",
        "-d",
        "-s",
        &session2,
        "-x",
        "100",
        "-y",
        "30",
        &format!("{bin} {marker}"),
    ]);
    assert!(o.status.success());
    assert!(wait_for(
        || !pids_of(&marker).is_empty(),
        Duration::from_secs(10)
    ));
    std::thread::sleep(Duration::from_millis(300));
    tmux(&["kill-session", "-t", &session2]);
    let gone = wait_for(|| pids_of(&marker).is_empty(), Duration::from_secs(5));
    if !gone {
        for p in pids_of(&marker) {
            let _ = Command::new("kill").args(["-9", &p]).status();
        }
    }
    assert!(gone, "retrace kept running after its terminal was killed");
}
