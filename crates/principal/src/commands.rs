//! One function per command.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use principal_report::Style;

use crate::cli::{
    Args, ColorChoice, Command, HistoryArgs, MapArgs, MapFormat, MapLevel, ScanArgs, ScanFormat, TreeArgs,
};
use crate::progress::Bar;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let style = Style { color: use_color(args.color) };
    match args.command {
        Command::Scan(scan) => run_scan(&scan, args.quiet, style),
        Command::Map(map) => run_map(&map, args.quiet, style),
        Command::History(history) => run_history(&history, args.quiet, style),
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
    scan_tree_in(path, tree, quiet, None)
}

/// Like [`scan_tree`], with the cache in `cache_dir` when given.
fn scan_tree_in(
    path: &std::path::Path,
    tree: &TreeArgs,
    quiet: bool,
    cache_dir: Option<&std::path::Path>,
) -> anyhow::Result<principal_scan::ScanOutput> {
    let options = principal_scan::ScanOptions {
        max_file_size: tree.max_file_size,
        include_vendored: tree.include_vendored,
        cache_dir: if tree.no_cache {
            None
        } else {
            cache_dir.map(ToOwned::to_owned).or_else(principal_scan::default_cache_dir)
        },
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
    if let Some(focus) = &args.focus
        && view.nodes.is_empty()
    {
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

fn run_history(args: &HistoryArgs, quiet: bool, style: Style) -> anyhow::Result<ExitCode> {
    let cache_dir = if args.tree.no_cache {
        None
    } else {
        args.cache_dir.clone().or_else(principal_scan::default_cache_dir)
    };
    let options = principal_git::Options {
        rev: args.rev.clone(),
        first_parent: args.first_parent,
        diff_merges: args.diff_merges,
        renames: !args.no_renames,
        since: args.since,
        until: args.until,
        cache_dir: cache_dir.clone(),
    };
    let bar = Bar::new(quiet, "reading history");
    let history = principal_git::read(&args.path, &options, &bar)?;
    tracing::info!(
        walked = history.stats.walked,
        diffed = history.stats.diffed,
        cached = history.stats.cached,
        "history read"
    );
    if history.shallow && !quiet {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "note: {} is a shallow clone; history before its boundary is missing",
                args.path.display()
            );
        }
    }

    let output = scan_tree_in(&args.path, &args.tree, quiet, cache_dir.as_deref())?;
    let root = output.root.to_string_lossy().replace('\\', "/");
    let model = principal_resolve::resolve(&output.result, &root);
    let present = present_files(&output.result, &model);
    tracing::debug!(present = present.len(), "files present at the analysed revision");
    let mut linked = std::collections::HashSet::new();
    for e in &model.edges {
        let (a, b) = (&model.nodes[e.from as usize].path, &model.nodes[e.to as usize].path);
        linked.insert((a.clone(), b.clone()));
        linked.insert((b.clone(), a.clone()));
    }
    let imported = |a: &str, b: &str| linked.contains(&(a.to_owned(), b.to_owned()));
    let config = principal_history::Config {
        min_revs: args.min_revs,
        min_shared: args.min_shared,
        min_degree: f64::from(args.min_degree) / 100.0,
        max_changeset: args.max_changeset,
        bot_patterns: args.bots.clone(),
        if_leaves: args.if_leaves.clone(),
        ..principal_history::Config::default()
    };
    let commits = relative_to_scan(history.commits, &args.path, &output.root);
    let report = principal_history::analyze(&commits, &present, &imported, &config);
    let input = principal_report::history::HistoryInput {
        report: &report,
        head: &history.head,
        shallow: history.shallow,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        ScanFormat::Json => principal_report::history::write_json(&mut out, &input),
        ScanFormat::Text => principal_report::history::write_text(&mut out, &input, style, args.top),
    }
    .context("writing the history")?;
    out.flush().context("writing the history")?;
    Ok(ExitCode::SUCCESS)
}

/// The files present now, with the complexity hotspots weigh change by: the sum of their
/// functions' cyclomatic complexity (0 for files that are not parsed).
fn present_files(
    scan: &principal_model::ScanResult,
    model: &principal_resolve::Model,
) -> Vec<principal_history::PresentFile> {
    let component: std::collections::HashMap<&str, &str> = model
        .nodes
        .iter()
        .map(|n| (n.path.as_str(), model.components[n.component as usize].id.as_str()))
        .collect();
    let dir_of = |p: &str| p.rsplit_once('/').map_or(".".to_owned(), |(d, _)| d.to_owned());
    let mut present: Vec<principal_history::PresentFile> = scan
        .files
        .iter()
        .map(|f| principal_history::PresentFile {
            path: f.path.clone(),
            complexity: f.functions.iter().map(|x| u64::from(x.cyclomatic)).sum(),
            component: component
                .get(f.path.as_str())
                .map(|c| (*c).to_owned())
                .unwrap_or_else(|| dir_of(&f.path)),
        })
        .collect();
    // Binary, oversized and unknown files are present too; vendored and generated ones are not
    // analysed, as in the scan.
    use principal_model::SkipReason;
    present.extend(
        scan.skipped
            .iter()
            .filter(|s| {
                matches!(s.reason, SkipReason::Binary | SkipReason::TooLarge | SkipReason::Unsupported)
            })
            .map(|s| principal_history::PresentFile {
                path: s.path.clone(),
                complexity: 0,
                component: dir_of(&s.path),
            }),
    );
    present.sort_by(|a, b| a.path.cmp(&b.path));
    present
}

/// Git paths are relative to the repository's top; the scan's to the scanned directory. When
/// the scan is of a subdirectory, keep the changes under it, relative to it.
fn relative_to_scan(
    commits: Vec<principal_model::Commit>,
    path: &std::path::Path,
    scan_root: &std::path::Path,
) -> Vec<principal_model::Commit> {
    let top = find_top(path).unwrap_or_else(|| scan_root.to_owned());
    let prefix =
        scan_root.strip_prefix(&top).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
    if prefix.is_empty() {
        return commits;
    }
    let strip = |p: &str| p.strip_prefix(&prefix).and_then(|r| r.strip_prefix('/')).map(str::to_owned);
    commits
        .into_iter()
        .map(|mut c| {
            c.changes = c
                .changes
                .into_iter()
                .filter_map(|mut ch| {
                    ch.path = strip(&ch.path)?;
                    ch.old_path = ch.old_path.as_deref().and_then(strip);
                    Some(ch)
                })
                .collect();
            c
        })
        .collect()
}

/// The work tree's top directory: the nearest ancestor holding `.git`.
fn find_top(path: &std::path::Path) -> Option<std::path::PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    abs.ancestors().find(|d| d.join(".git").exists()).map(ToOwned::to_owned)
}
