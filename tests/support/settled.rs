//! Incident files written for the cache's tests, shared by the test binaries that need them.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// `text` written to `dir/name`, last changed a minute ago (so the cache takes it at once).
pub fn settled_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(60))
        .unwrap();
    path
}
