//! Helpers shared by the test binaries that need another process holding an incident's lock.

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The body of a test binary's `lock_holder_process` "test": with `RETRACE_TEST_HOLD_LOCK`
/// set, take the lock of that incident file as `program`, print `locked`, and hold it for
/// `RETRACE_TEST_HOLD_SECS` seconds. Without it, nothing (it is then a test that does nothing).
pub fn lock_holder_main(program: &str) {
    let Ok(file) = std::env::var("RETRACE_TEST_HOLD_LOCK") else {
        return;
    };
    let secs: u64 = std::env::var("RETRACE_TEST_HOLD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let _lock = retrace::store::FileLock::acquire_with(
        Path::new(&file),
        Duration::from_secs(5),
        program,
        &mut |_, _| {},
    )
    .unwrap();
    println!("locked");
    std::thread::sleep(Duration::from_secs(secs));
}

/// Run this test binary's `lock_holder_process` on `file` for `secs`, once it holds the lock.
pub fn hold_lock(file: &Path, secs: u64) -> Child {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "lock_holder_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("RETRACE_TEST_HOLD_LOCK", file)
        .env("RETRACE_TEST_HOLD_SECS", secs.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("locked") {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "the holder ended");
    }
    child
}
