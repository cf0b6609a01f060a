//! The Markdown / plain-text importer on any bytes: never a panic, and what it builds survives
//! analysis and the native writer.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = retrace::ingest::load_bytes(Path::new("fuzz.md"), data) {
        let analysis = retrace::analysis::analyze(&loaded.incident);
        let _ = retrace::analysis::lint::lint(&loaded.incident, &analysis);
        let _ = retrace::ingest::yaml::to_yaml(&loaded.incident);
    }
});
