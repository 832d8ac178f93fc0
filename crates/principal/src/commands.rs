//! One function per command.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use principal_report::Style;

use crate::cli::{Args, ColorChoice, Command, MapArgs, MapFormat, MapLevel, ScanArgs, ScanFormat, TreeArgs};
use crate::progress::Bar;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let style = Style { color: use_color(args.color) };
    match args.command {
        Command::Scan(scan) => run_scan(&scan, args.quiet, style),
        Command::Map(map) => run_map(&map, args.quiet, style),
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

/// Scans a tree with the shared options, with a progress bar.
fn scan_tree(
    path: &std::path::Path,
    tree: &TreeArgs,
    quiet: bool,
) -> anyhow::Result<principal_scan::ScanOutput> {
    let options = principal_scan::ScanOptions {
        max_file_size: tree.max_file_size,
        include_vendored: tree.include_vendored,
        cache_dir: if tree.no_cache { None } else { principal_scan::default_cache_dir() },
    };
    let bar = Bar::new(quiet, "scanning");
    let output = principal_scan::scan(path, &options, &bar)?;
    tracing::info!(
        analyzed = output.stats.analyzed,
        cached = output.stats.cached,
        bytes = output.stats.bytes_read,
        "scan finished"
    );
    Ok(output)
}

fn run_scan(args: &ScanArgs, quiet: bool, style: Style) -> anyhow::Result<ExitCode> {
    let output = scan_tree(&args.path, &args.tree, quiet)?;
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

fn run_map(args: &MapArgs, quiet: bool, style: Style) -> anyhow::Result<ExitCode> {
    let output = scan_tree(&args.path, &args.tree, quiet)?;
    let root = output.root.to_string_lossy().replace('\\', "/");
    let model = principal_resolve::resolve(&output.result, &root);
    let arch = principal_graph::analyze(&model, &output.result.files);
    let level = match args.level {
        MapLevel::File => principal_graph::Level::File,
        MapLevel::Dir => principal_graph::Level::Dir,
        MapLevel::Component => principal_graph::Level::Component,
    };
    let view = principal_graph::view(&model, level, args.focus.as_deref());
    if let Some(focus) = &args.focus {
        if view.nodes.is_empty() {
            anyhow::bail!(
                "--focus {focus}: no such {} in {}; give a path relative to the mapped directory",
                match args.level {
                    MapLevel::File => "file",
                    MapLevel::Dir => "directory",
                    MapLevel::Component => "component (try --level file or dir)",
                },
                output.root.display()
            );
        }
    }
    let input = principal_report::map::MapInput { model: &model, arch: &arch, view: &view, level };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        MapFormat::Json => principal_report::map::write_json(&mut out, &input),
        MapFormat::Text => principal_report::map::write_text(&mut out, &input, style, args.top),
        MapFormat::Mermaid => principal_report::map::write_mermaid(&mut out, &view),
        MapFormat::Dot => principal_report::map::write_dot(&mut out, &view),
    }
    .context("writing the map")?;
    out.flush().context("writing the map")?;
    Ok(ExitCode::SUCCESS)
}
