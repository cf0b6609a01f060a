//! Fixtures of the Markdown importer's tests (`tests/fixtures/import/`), shared by the test
//! binaries that read them.

use std::path::Path;

use retrace::ingest::Diagnostic;
use retrace::ingest::markdown::import;
use retrace::model::Incident;

/// The text of `tests/fixtures/import/NAME`.
pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fixture imported as Markdown, with its diagnostics.
pub fn load(name: &str) -> (Incident, Vec<Diagnostic>) {
    import(Path::new(name), &fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every event's time, RFC 3339.
pub fn times(inc: &Incident) -> Vec<String> {
    inc.timeline.iter().map(|e| e.at.to_rfc3339()).collect()
}
