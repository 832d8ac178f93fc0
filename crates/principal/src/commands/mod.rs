//! One module per command: arguments to engine options, the engine call, a renderer, an exit
//! code.

mod audit;
mod check;
mod diff;
mod history;
mod security;
mod tree;
mod whatif;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use principal_report::Style;

use crate::cli::{Args, Command};
use crate::progress::Terminal;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let style = Style { color: args.color.enabled(io::stdout().is_terminal()) };
    let _ = COLOUR.set(style.color);
    let term = Terminal { quiet: args.quiet };
    match args.command {
        Command::Audit(a) => audit::run_audit(&a, &term, style),
        Command::Explain(a) => audit::run_explain(&a, &term),
        Command::Check(a) => check::run_check(&a, &term, style),
        Command::Init(a) => check::run_init(&a, &term),
        Command::Diff(a) => diff::run(&a, &term),
        Command::Whatif(a) => whatif::run(&a, &term),
        Command::Secrets(a) => security::run_secrets(&a, &term, style),
        Command::Deps(a) => security::run_deps(&a, &term),
        Command::Context(a) => tree::run_context(&a, &term),
        Command::Scan(a) => tree::run_scan(&a, &term, style),
        Command::Map(a) => tree::run_map(&a, &term, style),
        Command::History(a) => history::run(&a, &term, style),
        Command::Mcp(a) => {
            // stdout is the protocol's: nothing else may be written there, and no progress bar.
            let options = principal_engine::analysis::AuditOptions {
                tree: a.common.tree.options(a.common.cache_dir.as_ref()),
                no_history: a.common.no_history,
                bots: a.common.bots.clone(),
                osv_db: a.osv_db.clone(),
                ..Default::default()
            };
            principal_mcp::run(&a.path, options, a.http, &term)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes one rendering to stdout, buffered, through the filter that keeps control characters
/// from the analysed repository away from the terminal; `what` names it in errors.
///
/// A reader that has gone away (`principal check | head`) is not an error, and does not change
/// the exit code: a gate with findings still exits 1, so that `set -o pipefail` still fails.
fn emit(what: &str, render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let colour = COLOUR.get().copied().unwrap_or(false);
    let mut out = principal_report::terminal::Safe::new(io::BufWriter::new(stdout.lock()), colour);
    let written = render(&mut out).and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.with_context(|| format!("writing the {what}")),
    }
}

/// Whether stdout gets colour (decided once, in [`run`]).
static COLOUR: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
