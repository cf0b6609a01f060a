//! One function per subcommand: read the inputs, compute, print. The CLI views of the data.

pub mod import;
pub mod lint;
pub mod stats;

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Run the parsed command line; the exit code follows `Cli`'s documented contract.
pub fn run(cli: Cli) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = match cli.command {
        Some(Command::Stats { json, paths }) => stats::run(&paths, json, &mut out),
        Some(Command::Import {
            file,
            output,
            explain,
        }) => import::run(&file, output.as_deref(), explain, &mut out),
        Some(Command::Lint { strict, paths }) => lint::run(&paths, strict, &mut out),
        Some(Command::Schema) => {
            let schema = crate::ingest::yaml::json_schema();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&schema).unwrap_or_default()
            )
            .map(|_| true)
        }
        None => return crate::tui::main(&cli.paths, cli.theme),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // A closed pipe (`retrace stats | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("retrace: {e}");
            ExitCode::from(1)
        }
    }
}

/// With no path: `$RETRACE_DIR`, else `./incidents/` when present, else `data/`.
pub fn default_paths(paths: &[std::path::PathBuf]) -> Vec<std::path::PathBuf> {
    if !paths.is_empty() {
        return paths.to_vec();
    }
    if let Some(dir) = std::env::var_os("RETRACE_DIR").filter(|d| !d.is_empty()) {
        return vec![dir.into()];
    }
    let incidents = std::path::PathBuf::from("incidents");
    if incidents.is_dir() {
        return vec![incidents];
    }
    vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data"
    ))]
}
