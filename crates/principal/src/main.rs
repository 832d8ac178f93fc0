//! The `principal` command. Parses arguments, runs one command, maps the outcome to an exit
//! code: 0 clean, 1 findings, 2 usage or tool error. A closed pipe ends quietly.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc, with `override`, also serves tree-sitter's C allocations: the parser allocates and
/// frees a node per token, and glibc's malloc was a tenth of the scan's profile.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;
mod commands;
mod llm;
mod progress;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    init_tracing(&args);
    // A panic inside one file's analysis is caught and reported as a warning on that file;
    // only other panics print the default message.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !principal_scan::in_isolation() {
            default_hook(info);
        }
    }));
    match commands::run(args) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {}", principal_report::terminal::clean(&format!("{err:#}")));
            }
            ExitCode::from(2)
        }
    }
}

/// Logs go to stderr: warnings by default, errors only with `--quiet`, more with
/// `PRINCIPAL_LOG`; coloured only when stderr is a terminal and colour is not turned off.
fn init_tracing(args: &cli::Args) {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    let default = if args.quiet { "error,tokei=off" } else { "warn,tokei=off" };
    let filter = EnvFilter::try_from_env("PRINCIPAL_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let ansi = args.color.enabled(std::io::stderr().is_terminal());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(ansi)
        .init();
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
