//! Whole-file loading as the commands do it, on any bytes under any of the names retrace reads:
//! decode, pick the reader, parse, analyse, lint, export in every format. Never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use retrace::export::{self, ExportFormat};

const NAMES: [&str; 6] = [
    "incident.yaml",
    "incident.yml",
    "postmortem.md",
    "notes.txt",
    "no-extension",
    "report.markdown",
];

fuzz_target!(|data: &[u8]| {
    // The first byte picks the file name (and so the reader), the rest is the file.
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let path = Path::new(NAMES[pick as usize % NAMES.len()]);
    let Ok(loaded) = retrace::ingest::load_bytes(path, bytes) else {
        return;
    };
    let analysis = retrace::analysis::analyze(&loaded.incident);
    let _ = retrace::analysis::lint::lint(&loaded.incident, &analysis);
    for format in [ExportFormat::Markdown, ExportFormat::Html, ExportFormat::Json] {
        let _ = export::render(format, &loaded.incident, &analysis);
    }
    let _ = retrace::ingest::yaml::to_yaml(&loaded.incident);
    let patterns = retrace::analysis::patterns([(&loaded.incident, &analysis)]);
    let corpus = retrace::ingest::corpus::Corpus {
        loaded: vec![loaded],
        errors: Vec::new(),
        skipped: Vec::new(),
    };
    let _ = retrace::commands::stats::write_json(&corpus, &[analysis], &patterns, std::io::sink());
});
