use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = retrace::cli::Cli::parse();
    retrace::commands::run(cli)
}
