// The fingerprint of the code that turns files into the model: every `.rs` file under `src/`
// (path and bytes, in path order), `Cargo.toml` (features, profiles) and `Cargo.lock`, hashed
// with the crate version.
//
// `build.rs` includes this file and bakes the result into the binary
// (`RETRACE_SOURCE_FINGERPRINT`); the cache keys its entries on it, so an entry written by
// other code (another version, a changed model or importer, other dependencies) is never
// read. A test recomputes it from the sources and compares. No crate is used here: build.rs
// includes it as it is.

/// A 16-hex-digit fingerprint of `root/src/**/*.rs`, `root/Cargo.toml`, `root/Cargo.lock` and
/// `version`.
/// Files that cannot be read count as empty.
pub fn source_fingerprint(root: &std::path::Path, version: &str) -> String {
    use std::hash::Hasher;
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    files.sort();
    files.push(root.join("Cargo.toml"));
    files.push(root.join("Cargo.lock"));
    // FNV-1a, 64 bits: stable across Rust releases (the std hasher is not promised to be).
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    h.write(version.as_bytes());
    for f in &files {
        let rel = f.strip_prefix(root).unwrap_or(f);
        h.write(rel.to_string_lossy().replace('\\', "/").as_bytes());
        h.write(&[0]);
        h.write(&std::fs::read(f).unwrap_or_default());
        h.write(&[0]);
    }
    format!("{:016x}", h.finish())
}

struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
