//! Embeds the sample incidents of `data/` in the binary, so `retrace` with no path and no
//! `./incidents/` shows something real even when installed away from the source tree.
//!
//! Generates `$OUT_DIR/samples.rs`: `pub static SAMPLES: &[(&str, &str)]` of (file name, text).
//!
//! Also sets `RETRACE_SOURCE_FINGERPRINT`, the fingerprint of the sources the binary is built
//! from, which keys the cache of parsed incidents (`src/ingest/cache/`).

use std::path::Path;

include!("src/ingest/cache/fingerprint.rs");

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!(
        "cargo:rustc-env=RETRACE_SOURCE_FINGERPRINT={}",
        source_fingerprint(Path::new(&manifest), &version)
    );
    let data = Path::new(&manifest).join("data");
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-changed=build.rs");
    let mut files: Vec<_> = std::fs::read_dir(&data)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                // A folder's own README is documentation, not a sample incident.
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    !name.to_ascii_lowercase().starts_with("readme") && !name.starts_with('.')
                })
                .filter(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| matches!(e, "yaml" | "yml" | "md" | "markdown" | "txt"))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("/// Sample incidents bundled from `data/`: (file name, text).\n");
    out.push_str("pub static SAMPLES: &[(&str, &str)] = &[\n");
    for f in &files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("sample");
        println!("cargo:rerun-if-changed={}", f.display());
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("samples.rs");
    std::fs::write(dest, out).expect("write samples.rs");
}
