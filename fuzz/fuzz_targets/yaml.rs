//! The native YAML reader on any bytes: never a panic; an incident it reads is written back and
//! read again to the same timeline.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.yaml");
    let Ok(loaded) = retrace::ingest::load_bytes(path, data) else {
        return;
    };
    // A write error is the writer's check failing (what it wrote does not read): a finding.
    let written = retrace::ingest::yaml::to_yaml(&loaded.incident)
        .unwrap_or_else(|e| panic!("the writer refused a loaded incident: {e}"));
    let again = retrace::ingest::load_str(path, &written)
        .unwrap_or_else(|e| panic!("what was written does not read back: {e}\n{written}"));
    let times = |l: &retrace::ingest::Loaded| -> Vec<_> {
        l.incident.timeline.iter().map(|e| (e.at, e.kind)).collect()
    };
    assert_eq!(times(&loaded), times(&again), "{written}");
});
