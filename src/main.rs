use std::process::ExitCode;

use clap::Parser;

/// The allocator of the binary (not of the library, its tests or benches): the importer makes
/// and frees many short strings, which mimalloc serves faster than glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match retrace::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // A usage error quotes the argument it refused, which may have come from a file or a
            // payload: it goes through the sanitiser like every other message (and loses clap's
            // colours on the way).
            retrace::commands::to_stderr(format_args!("{}", e.render().to_string().trim_end()));
            return ExitCode::from(2);
        }
        // --help and --version: our own text, printed by clap.
        Err(e) => e.exit(),
    };
    retrace::commands::run(cli)
}
