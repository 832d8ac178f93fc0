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
    init_tracing();
    match commands::run(args) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {err:#}");
            }
            ExitCode::from(2)
        }
    }
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_env("PRINCIPAL_LOG").unwrap_or_else(|_| EnvFilter::new("warn,tokei=off"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).init();
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
