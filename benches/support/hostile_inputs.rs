//! The slowest known hostile inputs of issue 11, built once for `benches/hostile.rs` and
//! `examples/cpu_cost.rs`.

/// `timeline: ` + `[` x 10^5 + `]` x 10^5.
pub fn deep_flow() -> String {
    format!(
        "title: t\ntimeline: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    )
}

/// `n` events, each with one unknown key.
pub fn unknown_keys(n: usize) -> String {
    let mut text = String::from("title: t\ndate: 2024-01-01\ntimeline:\n");
    for i in 0..n {
        text.push_str(&format!(
            "  - at: \"10:{:02}\"\n    kind: note\n    text: e{i}\n    colour: red\n",
            i % 60
        ));
    }
    text
}

/// `n` unknown top-level keys.
pub fn unknown_top_keys(n: usize) -> String {
    let mut top = String::from("title: t\ntimeline: []\n");
    for i in 0..n {
        top.push_str(&format!("k{i}: v\n"));
    }
    top
}

/// One 4 MiB anchor, used 2,000 times.
pub fn alias_bomb() -> String {
    let mut bomb = String::from("title: bomb\nanchor: &big \"");
    bomb.push_str(&"x".repeat(4 * 1024 * 1024));
    bomb.push_str("\"\nservices:\n");
    for _ in 0..2000 {
        bomb.push_str("  - *big\n");
    }
    bomb
}

/// 100,000 aliases of a 1,000-character string.
pub fn many_aliases() -> String {
    let mut many = format!("title: t\nanchor: &a {}\nservices:\n", "y".repeat(1000));
    for _ in 0..100_000 {
        many.push_str("  - *a\n");
    }
    many
}

/// Three events, the middle one 7 MB of words.
pub fn huge_event() -> String {
    let mut text = String::from(
        "title: big\ndate: 2024-01-01\ntimeline:\n  - at: \"09:59\"\n    kind: note\n    text: before\n  - at: \"10:00\"\n    kind: note\n    text: \"",
    );
    text.push_str(&"word ".repeat(7 * 1024 * 1024 / 5));
    text.push_str("\"\n  - at: \"10:01\"\n    kind: note\n    text: after\n");
    text
}

/// Loads `text`; the number of findings and events (or the error's line), for `black_box`.
pub fn load(name: &str, text: &str) -> usize {
    match retrace::ingest::load_str(std::path::Path::new(name), text) {
        Ok(l) => l.diagnostics.len() + l.incident.timeline.len(),
        Err(e) => e.to_diagnostic().line,
    }
}
