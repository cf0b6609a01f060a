//! Follow an incident file like `tail -f`: print each event as soon as any writer saves it.
//!
//! ```sh
//! cargo run --example follow -- incidents/2026-11-25-checkout-latency.yaml
//! # in another terminal:
//! retrace note incidents/2026-11-25-checkout-latency.yaml "rolled back the deploy"
//! ```
//!
//! A small demonstration of the store's watcher API, the way a live view uses it: watch the
//! file, and on each change read it again and show what is new.

use std::collections::HashSet;
use std::path::PathBuf;

use retrace::ingest;
use retrace::store::EventKey;
use retrace::store::watch::{WatchEvent, Watcher};

fn main() {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: follow FILE");
        std::process::exit(2);
    };
    let (_watcher, changes) = match Watcher::channel(&path) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("follow: {e}");
            std::process::exit(1);
        }
    };
    let mut seen: HashSet<(i64, Option<String>, String)> = HashSet::new();
    let mut show = |first: bool| match ingest::load_path(&path) {
        Ok(loaded) => {
            let zone = loaded.incident.display_offset();
            for e in &loaded.incident.timeline {
                let k = EventKey::of(e);
                if seen.insert((k.at.timestamp(), k.author, k.text)) && !first {
                    println!(
                        "{}  {:<13} {}{}",
                        e.at.with_timezone(&zone).format("%H:%M:%S"),
                        e.kind.as_str(),
                        e.text,
                        e.author
                            .as_deref()
                            .map(|a| format!("  — {a}"))
                            .unwrap_or_default()
                    );
                }
            }
            if first {
                println!(
                    "following {} ({} events so far); Ctrl-C to stop",
                    path.display(),
                    loaded.incident.timeline.len()
                );
            }
        }
        // Someone is mid-edit by hand: say so, and wait for the next save.
        Err(e) => eprintln!("{e}"),
    };
    show(true);
    for change in changes {
        match change {
            WatchEvent::Changed(_) => show(false),
            WatchEvent::Error(e) => eprintln!("watch: {e}"),
        }
    }
}
