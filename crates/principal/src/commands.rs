//! One function per command.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use principal_report::Style;

use crate::cli::{Args, ColorChoice, Command, ScanArgs, ScanFormat};
use crate::progress::Bar;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let style = Style { color: use_color(args.color) };
    match args.command {
        Command::Scan(scan) => run_scan(&scan, args.quiet, style),
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}

fn run_scan(args: &ScanArgs, quiet: bool, style: Style) -> anyhow::Result<ExitCode> {
    let options = principal_scan::ScanOptions {
        max_file_size: args.max_file_size,
        include_vendored: args.include_vendored,
        cache_dir: if args.no_cache { None } else { principal_scan::default_cache_dir() },
    };
    let bar = Bar::new(quiet, "scanning");
    let output = principal_scan::scan(&args.path, &options, &bar)?;
    tracing::info!(
        analyzed = output.stats.analyzed,
        cached = output.stats.cached,
        bytes = output.stats.bytes_read,
        "scan finished"
    );
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        ScanFormat::Json => principal_report::scan::write_json(&mut out, &output.root, &output.result),
        ScanFormat::Text => principal_report::scan::write_text(
            &mut out,
            &output.result,
            principal_report::scan::TextOptions { top: args.top, style },
        ),
    }
    .context("writing the scan")?;
    out.flush().context("writing the scan")?;
    Ok(ExitCode::SUCCESS)
}
