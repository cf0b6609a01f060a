//! The cache of parsed incidents through the command line: a second run reads the cache and
//! prints the same (stats, lint warnings); `--no-cache` and `RETRACE_NO_CACHE` leave no cache.

use std::path::Path;
use std::process::{Command, Output};
use std::time::SystemTime;

use retrace::ingest::cache::{Cache, Settings};

#[path = "support/settled.rs"]
mod settled;
use settled::settled_file;

const BAKERY: &str = "\
id: 2032-05-06-oven-controller-reboots
title: Oven controllers reboot every few minutes
severity: SEV2
date: 2032-05-06
flour: rye
timeline:
  - at: \"05:00\"
    kind: impact-start
    text: Oven line two starts rebooting mid-bake
  - at: \"05:12\"
    kind: detection
    text: Bakers see half-baked loaves leave the tunnel
  - at: \"05:20\"
    kind: hypothesis
    branch: power
    text: Suspect a brown-out on the old power rail
  - at: \"05:40\"
    kind: action
    branch: power
    text: Power rail readings are steady; ruled out
  - at: \"06:05\"
    kind: identified
    text: The controller firmware pushed overnight leaks memory
  - at: \"06:30\"
    kind: mitigation
    text: Firmware rolled back; ovens hold temperature again
branches:
  - id: power
    hypothesis: A brown-out on the power rail
    outcome: ruled-out
";

const TRAMS: &str = "\
# Tram signals stuck on red

## Timeline

- 07:02 Signals on the river line turn red and stay red
- 07:10 Drivers radio control that trams are queueing at the bridge
- 07:25 We suspected the new timetable upload, but the old one fails the same way
- 07:50 Found a failed relay card in the bridge cabinet and swapped it
- 08:05 Trams moving; the queue clears by 08:30
";

/// A folder of incidents last changed a minute ago (so the cache takes them at once).
fn folder(root: &Path) -> std::path::PathBuf {
    let dir = root.join("incidents");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in [("bakery.yaml", BAKERY), ("trams.md", TRAMS)] {
        settled_file(&dir, name, text);
    }
    dir
}

fn retrace(cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_retrace"))
        .args(args)
        .env_remove("RETRACE_DIR")
        .env_remove("RETRACE_NO_CACHE")
        .env("RETRACE_CACHE_DIR", cache)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The one pack in `cache`: its inode (unix), modification time and bytes. A load that missed
/// anything writes a new pack (a new file renamed over the old one), so an unchanged identity
/// shows every file was read from the cache.
fn pack_identity(cache: &Path) -> (u64, SystemTime, Vec<u8>) {
    let pack = std::fs::read_dir(cache)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pack"))
        .unwrap();
    let meta = std::fs::metadata(&pack).unwrap();
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let ino = 0;
    (ino, meta.modified().unwrap(), std::fs::read(&pack).unwrap())
}

fn packs(cache: &Path) -> usize {
    std::fs::read_dir(cache).map_or(0, |d| {
        d.flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "pack"))
            .count()
    })
}

#[test]
fn stats_and_lint_print_the_same_from_the_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = folder(tmp.path());
    let cache = tmp.path().join("cache");
    let dir = dir.to_str().unwrap();
    let cold = retrace(&cache, &["stats", "--json", dir]);
    assert!(cold.status.success(), "{cold:?}");
    assert_eq!(packs(&cache), 1);
    let written = pack_identity(&cache);
    // The pack as the library reads it: both files are in it.
    let paths = [std::path::PathBuf::from(dir)];
    let c = Cache::open_with(
        &paths,
        Settings {
            dir: Some(cache.clone()),
            min_bytes: 0,
        },
    );
    for name in ["bakery.yaml", "trams.md"] {
        c.load(&Path::new(dir).join(name)).unwrap();
    }
    let read = c.save().unwrap();
    assert_eq!((read.hits, read.parsed, read.written), (2, 0, false));
    let warm = retrace(&cache, &["stats", "--json", dir]);
    // The warm run read every file from the pack: had it parsed any, it would have written
    // a new one.
    assert!(
        pack_identity(&cache) == written,
        "the warm run rewrote the pack"
    );
    assert_eq!(cold.stdout, warm.stdout);
    assert_eq!(cold.stderr, warm.stderr);
    let stats = String::from_utf8(warm.stdout).unwrap();
    assert!(stats.contains("Oven controllers reboot"), "{stats}");
    assert!(stats.contains("Tram signals stuck on red"), "{stats}");
    // The unknown key's warning, read from the cache, and the same as when parsed.
    let lint_warm = retrace(&cache, &["lint", dir]);
    let lint_cold = retrace(&cache, &["--no-cache", "lint", dir]);
    let warnings = String::from_utf8(lint_warm.stdout.clone()).unwrap()
        + &String::from_utf8(lint_warm.stderr.clone()).unwrap();
    assert!(warnings.contains("flour"), "{warnings}");
    assert_eq!(lint_warm.stdout, lint_cold.stdout);
    assert_eq!(lint_warm.stderr, lint_cold.stderr);
    assert_eq!(lint_warm.status.code(), lint_cold.status.code());
}

#[test]
fn no_cache_reads_and_writes_no_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = folder(tmp.path());
    let cache = tmp.path().join("cache");
    let dir = dir.to_str().unwrap();
    let out = retrace(&cache, &["stats", "--no-cache", "--json", dir]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(packs(&cache), 0);
    let out = Command::new(env!("CARGO_BIN_EXE_retrace"))
        .args(["stats", "--json", dir])
        .env("RETRACE_CACHE_DIR", &cache)
        .env("RETRACE_NO_CACHE", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(packs(&cache), 0);
    let out = retrace(&cache, &["stats", "--json", dir]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(packs(&cache), 1);
}
