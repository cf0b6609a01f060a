//! Bad input never panics: every truncation and many corruptions of a valid incident file load
//! or fail with a located error.

use std::path::Path;

use retrace::ingest::{self, LoadError};

const VALID: &str = include_str!("fixtures/cli/checkout.yaml");

/// A small deterministic generator, so a failure reproduces.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn check(bytes: &[u8]) {
    match ingest::load_bytes(Path::new("fuzz.yaml"), bytes) {
        Ok(l) => {
            // Whatever loaded must be analysable and printable.
            let a = retrace::analysis::analyze(&l.incident);
            let _ = retrace::analysis::lint::lint(&l.incident, &a);
            let _ = ingest::yaml::to_yaml(&l.incident);
        }
        Err(LoadError::Invalid(d)) => {
            assert!(d.to_string().starts_with("fuzz.yaml"), "{d}");
            assert!(d.hint.is_some(), "every error carries a hint: {d}");
        }
        Err(e) => panic!("unexpected error kind: {e}"),
    }
}

#[test]
fn every_truncation_loads_or_fails_cleanly() {
    let bytes = VALID.as_bytes();
    for end in 0..bytes.len() {
        if VALID.is_char_boundary(end) {
            check(&bytes[..end]);
        }
    }
}

#[test]
fn corrupted_bytes_load_or_fail_cleanly() {
    let mut rng = Lcg(0x5eed);
    let alphabet: &[u8] = b" \n\t:-\"'[]{}&*!|>#%@`,?0123456789aZ\x1b";
    for _ in 0..3000 {
        let mut bytes = VALID.as_bytes().to_vec();
        for _ in 0..(1 + rng.next() % 4) {
            let i = (rng.next() as usize) % bytes.len();
            bytes[i] = alphabet[(rng.next() as usize) % alphabet.len()];
        }
        check(&bytes);
    }
}

#[test]
fn escape_sequences_never_reach_the_model() {
    // Escapes written as YAML escapes parse, and are stripped on the way into the model.
    let text = VALID
        .replace(
            "text: Full service restored",
            "text: \"Full \\e[2J\\e]0;pwned\\x07service restored\"",
        )
        .replace(
            "title: Checkout slowdown from an unindexed report query",
            "title: \"\\e[31mCheckout slowdown\\e[0m\"",
        );
    let l = ingest::load_str(Path::new("esc.yaml"), &text).unwrap();
    assert_eq!(l.incident.title, "Checkout slowdown");
    let last = l.incident.timeline.last().unwrap();
    assert_eq!(&*last.text, "Full service restored");
    // A raw control character is refused by YAML itself; the error points at it.
    let raw = VALID.replace("Full service restored", "Full \u{1b}[2Jservice restored");
    let e = ingest::load_str(Path::new("raw.yaml"), &raw)
        .unwrap_err()
        .to_diagnostic();
    let line = VALID
        .lines()
        .position(|l| l.contains("Full service restored"))
        .unwrap()
        + 1;
    assert_eq!((e.line, e.col), (line, 16), "{e}");
    assert!(e.message.contains("U+001B"), "{e}");
}
