use std::process::ExitCode;

use clap::Parser;

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
