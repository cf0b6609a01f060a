//! Write the reference corpus (see `benches/support/corpus_gen.rs`) to disk:
//!
//! ```text
//! cargo run --release --example corpus -- OUT [--incidents N] [--events E] [--seed S]
//! ```
//!
//! Writes `OUT/yaml/YEAR/ID.yaml` and `OUT/md/YEAR/ID.md`: N incidents (default 10,000) of
//! about E events each (default 100), the same story in both formats. Same seed, same bytes.

#[path = "../benches/support/corpus_gen.rs"]
mod corpus_gen;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    let (mut incidents, mut events, mut seed) = (10_000usize, 100usize, 0x5EED_u64);
    while let Some(a) = args.next() {
        let mut num = |name: &str| -> Option<u64> {
            let v = args.next().and_then(|v| v.replace('_', "").parse().ok());
            if v.is_none() {
                eprintln!("corpus: {name} needs a whole number");
            }
            v
        };
        match a.as_str() {
            "--incidents" => match num("--incidents") {
                Some(v) => incidents = v as usize,
                None => return ExitCode::from(2),
            },
            "--events" => match num("--events") {
                Some(v) => events = v as usize,
                None => return ExitCode::from(2),
            },
            "--seed" => match num("--seed") {
                Some(v) => seed = v,
                None => return ExitCode::from(2),
            },
            _ if out.is_none() && !a.starts_with('-') => out = Some(PathBuf::from(a)),
            _ => {
                eprintln!("usage: corpus OUT [--incidents N] [--events E] [--seed S]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("usage: corpus OUT [--incidents N] [--events E] [--seed S]");
        return ExitCode::from(2);
    };
    let mut total = 0usize;
    for n in 0..incidents {
        let s = corpus_gen::story(seed, n, events);
        total += s.len();
        let year = s.date.0.to_string();
        for (dir, ext, text) in [("yaml", "yaml", s.yaml()), ("md", "md", s.markdown())] {
            let d = out.join(dir).join(&year);
            let path = d.join(format!("{}.{ext}", s.id));
            if let Err(e) = std::fs::create_dir_all(&d).and_then(|_| std::fs::write(&path, text)) {
                eprintln!("corpus: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    println!(
        "{incidents} incidents, {total} events in {}/{{yaml,md}}",
        out.display()
    );
    // The two folders hold the same stories: opening OUT itself lists every incident twice.
    println!(
        "the same stories in both formats: open one of them, e.g. `retrace {}`",
        out.join("yaml").display()
    );
    ExitCode::SUCCESS
}
