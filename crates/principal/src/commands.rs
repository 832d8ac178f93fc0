//! One function per command.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use principal_report::Style;

use crate::cli::{
    AnalysisArgs, Args, AuditArgs, CheckArgs, CheckFormat, ColorChoice, Command, DiffArgs, DiffFormat,
    ExplainArgs, HistoryArgs, InitArgs, MapArgs, MapFormat, MapLevel, ScanArgs, ScanFormat, TreeArgs,
};
use crate::progress::Bar;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let style = Style { color: use_color(args.color) };
    match args.command {
        Command::Audit(audit) => run_audit(&audit, args.quiet, style),
        Command::Explain(explain) => run_explain(&explain, args.quiet),
        Command::Check(check) => run_check(&check, args.quiet, style),
        Command::Init(init) => run_init(&init, args.quiet),
        Command::Diff(diff) => run_diff(&diff, args.quiet),
        Command::Secrets(secrets) => crate::security::run_secrets(&secrets, args.quiet, style),
        Command::Deps(deps) => crate::security::run_deps(&deps, args.quiet),
        Command::Context(context) => run_context(&context, args.quiet),
        Command::Mcp(mcp) => crate::mcp::run_mcp(&mcp),
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
    scan_tree_in(path, tree, quiet, None, Vec::new(), "scanning")
}

/// Like [`scan_tree`], with the cache in `cache_dir` when given.
fn scan_tree_in(
    path: &std::path::Path,
    tree: &TreeArgs,
    quiet: bool,
    cache_dir: Option<&std::path::Path>,
    exclude: Vec<std::path::PathBuf>,
    message: &'static str,
) -> anyhow::Result<principal_scan::ScanOutput> {
    let options = principal_scan::ScanOptions {
        max_file_size: tree.max_file_size,
        include_vendored: tree.include_vendored,
        cache_dir: if tree.no_cache {
            None
        } else {
            cache_dir.map(ToOwned::to_owned).or_else(principal_scan::default_cache_dir)
        },
        exclude,
        include_hidden: false,
    };
    let bar = Bar::new(quiet, message);
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
    let model = resolve_model(&output, &root, &lenient_config(&output.root));
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

    let output = scan_tree_in(&args.path, &args.tree, quiet, cache_dir.as_deref(), Vec::new(), "scanning")?;
    let root = output.root.to_string_lossy().replace('\\', "/");
    let model = resolve_model(&output, &root, &lenient_config(&output.root));
    let config = principal_history::Config {
        min_revs: args.min_revs,
        min_shared: args.min_shared,
        min_degree: f64::from(args.min_degree) / 100.0,
        max_changeset: args.max_changeset,
        bot_patterns: args.bots.clone(),
        if_leaves: args.if_leaves.clone(),
        ..principal_history::Config::default()
    };
    let report = history_report(history.commits, &args.path, &output, &model, &config);
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

/// The directory's principal.toml for commands that only read settings from it (`map`,
/// `history`, `audit`, `explain`, `mcp`): a malformed file is a warning there, and the defaults
/// apply; `principal check` reports it as an error.
fn lenient_config(dir: &std::path::Path) -> principal_rules::Config {
    load_config(None, None, dir).unwrap_or_else(|e| {
        warn(&format!("{e:#}; its settings are ignored here (`principal check` reports the error)"));
        principal_rules::Config::default()
    })
}

/// Resolves the scan's imports, then applies the `[components]` of `config`, so that every
/// command sees the same components.
fn resolve_model(
    output: &principal_scan::ScanOutput,
    root: &str,
    config: &principal_rules::Config,
) -> principal_resolve::Model {
    let mut model = principal_resolve::resolve(&output.result, root);
    principal_rules::apply_components(config, &mut model);
    model
}

/// How `audit`, `check`, `diff` and `mcp` read history: from `rev` (HEAD by default), renames
/// followed, merges without changes of their own, as `principal history` does by default.
fn git_options(rev: Option<String>, cache_dir: Option<std::path::PathBuf>) -> principal_git::Options {
    principal_git::Options {
        rev,
        first_parent: false,
        diff_merges: false,
        renames: true,
        since: None,
        until: None,
        cache_dir,
    }
}

/// The history analyses over commits read by principal-git, for the files of this scan.
fn history_report(
    commits: Vec<principal_model::Commit>,
    path: &std::path::Path,
    output: &principal_scan::ScanOutput,
    model: &principal_resolve::Model,
    config: &principal_history::Config,
) -> principal_history::Report {
    history_report_of(commits, path, &output.root, &output.result, model, config)
}

/// [`history_report`] for a scan of `root` that need not be of the work tree.
fn history_report_of(
    commits: Vec<principal_model::Commit>,
    path: &std::path::Path,
    root: &std::path::Path,
    scan: &principal_model::ScanResult,
    model: &principal_resolve::Model,
    config: &principal_history::Config,
) -> principal_history::Report {
    let present = present_files(scan, model);
    tracing::debug!(present = present.len(), "files present at the analysed revision");
    let mut linked = std::collections::HashSet::new();
    for e in &model.edges {
        let (a, b) = (model.nodes[e.from as usize].path.as_str(), model.nodes[e.to as usize].path.as_str());
        linked.insert((a, b));
        linked.insert((b, a));
    }
    let imported = |a: &str, b: &str| linked.contains(&(a, b));
    let commits = relative_to_scan(commits, path, root);
    principal_history::analyze(&commits, &present, &imported, config)
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

/// Scan, map and (when there is git) history, joined into an audit.
struct Joined {
    audit: principal_audit::Audit,
    parts: Parts,
}

/// The analyses behind an audit, for commands that answer more questions from them (`mcp`).
pub struct Parts {
    pub output: principal_scan::ScanOutput,
    pub model: principal_resolve::Model,
    pub arch: principal_graph::Architecture,
    pub history: Option<principal_history::Report>,
    pub config: principal_rules::Config,
}

/// Runs scan, map and history once, and the audit over them.
pub fn analyse_parts(
    path: &std::path::Path,
    args: &AnalysisArgs,
    quiet: bool,
) -> anyhow::Result<(principal_audit::Audit, Parts)> {
    let joined = analyse(path, args, quiet, Vec::new(), &[])?;
    Ok((joined.audit, joined.parts))
}

fn analyse(
    path: &std::path::Path,
    args: &AnalysisArgs,
    quiet: bool,
    exclude: Vec<std::path::PathBuf>,
    osv_db: &[std::path::PathBuf],
) -> anyhow::Result<Joined> {
    let cache_dir = if args.tree.no_cache {
        None
    } else {
        args.cache_dir.clone().or_else(principal_scan::default_cache_dir)
    };
    let stage1 = if args.no_history { "scanning" } else { "[1/2] scanning" };
    let output = scan_tree_in(path, &args.tree, quiet, cache_dir.as_deref(), exclude.clone(), stage1)?;
    let root = output.root.to_string_lossy().replace('\\', "/");
    let config = lenient_config(&output.root);
    let model = resolve_model(&output, &root, &config);
    let arch = principal_graph::analyze(&model, &output.result.files);

    let mut history = None;
    if !args.no_history {
        let options = git_options(None, cache_dir.clone());
        let bar = Bar::new(quiet, "[2/2] reading history");
        match principal_git::read(path, &options, &bar) {
            Ok(h) => {
                if h.shallow {
                    note(
                        quiet,
                        &format!(
                            "{} is a shallow clone; history before its boundary is missing, so ownership and truck factor are partial",
                            path.display()
                        ),
                    );
                }
                let config = principal_history::Config {
                    bot_patterns: args.bots.clone(),
                    ..principal_history::Config::default()
                };
                let report = history_report(h.commits, path, &output, &model, &config);
                history = Some((report, h.head, h.shallow));
            }
            Err(principal_git::Error::NotARepository { .. }) => {
                note(
                    quiet,
                    &format!(
                        "{} is not in a git repository: no hotspots, change coupling or ownership",
                        path.display()
                    ),
                );
            }
            Err(principal_git::Error::Empty { .. }) => {
                note(quiet, "the repository has no commits yet: no hotspots, change coupling or ownership");
            }
            Err(e) => {
                warn(&format!("could not read the git history ({e}); the report leaves it out"));
            }
        }
    }

    let name = output
        .root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            std::fs::canonicalize(&output.root).ok()?.file_name().map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "repository".to_owned());
    let readme = read_readme(&output.root);
    // Secrets in the tree join the register (history is `principal secrets --history`'s job).
    let mut extra_risks = match crate::security::scanner(&config)
        .or_else(|_| crate::security::scanner(&principal_rules::Config::default()))
    {
        Ok(scanner) => crate::security::risks(&crate::security::tree_findings(
            path, &args.tree, &scanner, quiet, &exclude,
        )?),
        Err(e) => {
            warn(&format!("secret rules: {e:#}"));
            Vec::new()
        }
    };
    if !osv_db.is_empty() {
        let (packages, _, mut notes) = crate::security::inventory(path, &args.tree, quiet)?;
        let db = crate::security::load_osv(osv_db, &mut notes)?;
        let vulns: Vec<_> = packages.iter().flat_map(|p| db.matches(p)).collect();
        for n in notes {
            warn(&n);
        }
        extra_risks.extend(crate::security::vulnerability_risks(&vulns));
    }
    let audit = principal_audit::audit(principal_audit::Input {
        name: &name,
        head: history.as_ref().map(|h| h.1.as_str()),
        shallow: history.as_ref().is_some_and(|h| h.2),
        scan: &output.result,
        model: &model,
        arch: &arch,
        history: history.as_ref().map(|h| &h.0),
        readme: readme.as_ref().map(|(n, t)| (n.as_str(), t.as_str())),
        extra_risks,
    });
    let history = history.map(|h| h.0);
    Ok(Joined { audit, parts: Parts { output, model, arch, history, config } })
}

/// The README at the top of the analysed directory, if any (at most 256 KiB of it).
fn read_readme(root: &std::path::Path) -> Option<(String, String)> {
    let dir = if root.is_file() { root.parent()? } else { root };
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            let l = n.to_ascii_lowercase();
            l == "readme"
                || ["readme.md", "readme.markdown", "readme.rst", "readme.txt"].contains(&l.as_str())
        })
        .collect();
    // README.md before README.rst before README.txt before README.
    names.sort_by_key(|n| (!n.to_ascii_lowercase().ends_with(".md"), n.len(), n.clone()));
    let name = names.into_iter().next()?;
    use std::io::Read;
    let mut text = Vec::new();
    std::fs::File::open(dir.join(&name)).ok()?.take(256 * 1024).read_to_end(&mut text).ok()?;
    Some((name, String::from_utf8_lossy(&text).into_owned()))
}

#[allow(clippy::print_stderr)]
fn note(quiet: bool, message: &str) {
    if !quiet {
        eprintln!("note: {message}");
    }
}

#[allow(clippy::print_stderr)]
fn warn(message: &str) {
    eprintln!("warning: {message}");
}

fn run_audit(args: &AuditArgs, quiet: bool, style: Style) -> anyhow::Result<ExitCode> {
    if !args.path.exists() {
        anyhow::bail!("{}: no such file or directory; give the repository to audit", args.path.display());
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating the output directory {}", args.out.display()))?;
    if !args.out.is_dir() {
        anyhow::bail!("--out {}: not a directory", args.out.display());
    }
    // The report must not audit itself: its directory is left out of the scan.
    let out_abs = std::path::absolute(&args.out).context("resolving --out")?;
    let mut exclude = vec![out_abs.clone()];
    if let Ok(canonical) = std::fs::canonicalize(&args.out) {
        exclude.push(canonical);
    }
    let joined = analyse(&args.path, &args.common, quiet, exclude, &args.osv_db)?;
    let audit = joined.audit;

    let mut extras = principal_report::audit::Extras::default();
    if args.timestamp {
        extras.generated_at = Some(now_rfc3339());
    }
    if args.llm {
        match crate::llm::narrative(&audit, &args.llm_model) {
            Ok(n) => extras.narrative = Some(n),
            Err(e) => warn(&format!("--llm: {e:#}; the report is written without the narrative")),
        }
    }

    let write = |name: &str, f: &dyn Fn(&mut dyn Write) -> io::Result<()>| -> anyhow::Result<String> {
        let path = args.out.join(name);
        let mut buf = Vec::new();
        f(&mut buf).with_context(|| format!("rendering {name}"))?;
        std::fs::write(&path, buf).with_context(|| format!("writing {}", path.display()))?;
        Ok(path.display().to_string())
    };
    let written = vec![
        write("report.json", &|w| principal_report::audit::write_json(w, &audit, &extras))?,
        write("REPORT.md", &|w| principal_report::audit::write_markdown(w, &audit, &extras))?,
        write("index.html", &|w| principal_report::audit::write_html(w, &audit, &extras))?,
    ];

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    principal_report::audit::write_text(&mut out, &audit, style, args.top, &written)
        .context("writing the summary")?;
    out.flush().context("writing the summary")?;
    Ok(ExitCode::SUCCESS)
}

fn run_explain(args: &ExplainArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    if !args.path.exists() {
        anyhow::bail!("{}: no such file or directory", args.path.display());
    }
    let audit = analyse(&args.path, &args.common, quiet, Vec::new(), &[])?.audit;
    if let Some(c) = &args.component
        && !audit.components.iter().any(|x| &x.id == c)
    {
        let mut ids: Vec<&str> = audit.components.iter().map(|x| x.id.as_str()).collect();
        ids.sort_unstable();
        let shown = ids.iter().take(20).copied().collect::<Vec<_>>().join(", ");
        anyhow::bail!(
            "--component {c}: no such component; the components are: {shown}{}",
            if ids.len() > 20 {
                format!(" and {} more (see `principal map`)", ids.len() - 20)
            } else {
                String::new()
            }
        );
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    writeln!(out, "# {}\n", audit.onboarding.title.clone().unwrap_or_else(|| audit.repository.name.clone()))
        .context("writing the guide")?;
    principal_report::audit::write_explain(&mut out, &audit, args.component.as_deref())
        .context("writing the guide")?;
    out.flush().context("writing the guide")?;
    Ok(ExitCode::SUCCESS)
}

/// The current time as `YYYY-MM-DDTHH:MM:SSZ`.
fn now_rfc3339() -> String {
    let secs =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    let day = principal_history::date_of(secs);
    let rem = secs.rem_euclid(86_400);
    format!("{day}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

fn run_check(args: &CheckArgs, quiet: bool, style: Style) -> anyhow::Result<ExitCode> {
    if !args.path.is_dir() {
        anyhow::bail!("{}: not a directory; give the repository to check", args.path.display());
    }
    let config_path = match &args.config {
        Some(p) => Some(p.clone()),
        None => Some(args.path.join("principal.toml")).filter(|p| p.is_file()),
    };
    let config = load_config(args.config.as_deref(), None, &args.path)?;
    let baseline_path = args.baseline.clone().unwrap_or_else(|| args.path.join("principal-baseline.json"));
    let baseline = if args.update_baseline || !baseline_path.is_file() {
        if args.baseline.is_some() && !args.update_baseline {
            anyhow::bail!(
                "--baseline {}: no such file; create it with --update-baseline",
                baseline_path.display()
            );
        }
        None
    } else {
        let text = std::fs::read_to_string(&baseline_path)
            .with_context(|| format!("reading {}", baseline_path.display()))?;
        let b: principal_rules::Baseline = serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}: not a Principal baseline ({e}); regenerate it with `principal check --update-baseline`",
                baseline_path.display()
            )
        })?;
        if b.schema != principal_rules::BASELINE_SCHEMA {
            anyhow::bail!(
                "{}: schema `{}`, expected `{}`; regenerate it with --update-baseline",
                baseline_path.display(),
                b.schema,
                principal_rules::BASELINE_SCHEMA
            );
        }
        Some(b)
    };

    let cache_dir = if args.tree.no_cache {
        None
    } else {
        args.cache_dir.clone().or_else(principal_scan::default_cache_dir)
    };
    let output = scan_tree_in(&args.path, &args.tree, quiet, cache_dir.as_deref(), Vec::new(), "scanning")?;
    let root = output.root.to_string_lossy().replace('\\', "/");
    let mut model = principal_resolve::resolve(&output.result, &root);
    principal_rules::apply_components(&config, &mut model);
    let arch = principal_graph::analyze(&model, &output.result.files);
    let mut notes = Vec::new();
    let history = if config.rules.min_truck_factor.is_some() {
        let options = git_options(None, cache_dir.clone());
        match principal_git::read(&args.path, &options, &Bar::new(quiet, "reading history")) {
            Ok(h) => Some(history_report(
                h.commits,
                &args.path,
                &output,
                &model,
                &principal_history::Config::default(),
            )),
            Err(e) => {
                notes.push(format!("min_truck_factor was not checked: {e}"));
                None
            }
        }
    } else {
        None
    };
    let outcome = principal_rules::check(
        &config,
        &principal_rules::Input {
            scan: &output.result,
            model: &model,
            arch: &arch,
            history: history.as_ref(),
        },
    );
    notes.extend(outcome.notes.iter().cloned());
    let mut violations = outcome.violations.clone();
    let mut rules = outcome.rules.clone();
    // Secrets are violations too, so that the baseline can hold reviewed false positives.
    if config.rules.no_secrets {
        let scanner = crate::security::scanner(&config)?;
        let secrets = crate::security::tree_findings(&args.path, &args.tree, &scanner, quiet, &[])?;
        violations.extend(secrets.iter().map(crate::security::violation));
        rules.push(principal_rules::RuleInfo {
            id: "no-secrets".to_owned(),
            description: "No secrets in the repository".to_owned(),
            help: "Rotate the secret, remove it, and load it from the environment or a secret manager."
                .to_owned(),
        });
        rules.extend(crate::security::rule_infos(&secrets));
    }
    if let Some(threshold) = config.rules.no_vulnerable_dependencies {
        if args.osv_db.is_empty() {
            anyhow::bail!(
                "principal.toml sets no_vulnerable_dependencies, which needs vulnerability data: add --osv-db PATH \
                 (a directory of OSV JSON files or an all.zip from osv.dev)"
            );
        }
        let (packages, _, deps_notes) = crate::security::inventory(&args.path, &args.tree, quiet)?;
        notes.extend(deps_notes);
        let db = crate::security::load_osv(&args.osv_db, &mut notes)?;
        rules.push(principal_rules::RuleInfo {
            id: "no-vulnerable-dependencies".to_owned(),
            description: format!(
                "No dependency with a known vulnerability of severity {threshold:?} or above"
            ),
            help: "Upgrade to the fixed version; if there is none, replace or isolate the package."
                .to_owned(),
        });
        for v in packages.iter().flat_map(|p| db.matches(p)) {
            if principal_rules::SeverityThreshold::of(v.severity.as_deref()) < threshold {
                continue;
            }
            violations.push(principal_rules::Violation {
                rule: "no-vulnerable-dependencies".to_owned(),
                path: v.manifest.clone(),
                line: None,
                message: format!(
                    "{} {} ({}) has {}: {}{}",
                    v.package,
                    v.version,
                    v.ecosystem,
                    v.id,
                    v.summary,
                    v.fixed.as_ref().map(|f| format!("; fixed in {f}")).unwrap_or_default()
                ),
                target: None,
                fingerprint: principal_rules::fingerprint(&[
                    "no-vulnerable-dependencies",
                    &v.ecosystem,
                    &v.package,
                    &v.version,
                    &v.id,
                ]),
            });
        }
    }
    violations.sort();

    if args.update_baseline {
        let b = principal_rules::Baseline::of(&violations);
        let mut text = serde_json::to_string_pretty(&b).context("serialising the baseline")?;
        text.push('\n');
        std::fs::write(&baseline_path, text)
            .with_context(|| format!("writing {}", baseline_path.display()))?;
        note(
            false,
            &format!(
                "wrote {} {} to {}; review and commit it",
                b.violations.len(),
                if b.violations.len() == 1 { "violation" } else { "violations" },
                baseline_path.display()
            ),
        );
        return Ok(ExitCode::SUCCESS);
    }

    let compared = principal_rules::compare(&violations, baseline.as_ref());
    let snippets = source_lines(&output.root, compared.new.iter().chain(&compared.baselined).copied());
    let top = find_top(&args.path).unwrap_or_else(|| output.root.clone());
    let prefix =
        output.root.strip_prefix(&top).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
    let config_name = config_path.as_ref().map(|p| p.display().to_string());
    let input = principal_report::check::CheckInput {
        config: config_name.as_deref(),
        rules: &rules,
        new: &compared.new,
        baselined: &compared.baselined,
        fixed: &compared.fixed,
        snippets: &snippets,
        prefix: &prefix,
        notes: &notes,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        CheckFormat::Text => principal_report::check::write_text(&mut out, &input, style),
        CheckFormat::Json => principal_report::check::write_json(&mut out, &input),
        CheckFormat::Sarif => principal_report::check::write_sarif(&mut out, &input),
        CheckFormat::Github => principal_report::check::write_github(&mut out, &input),
    }
    .context("writing the check")?;
    out.flush().context("writing the check")?;
    Ok(if compared.new.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The source line of each violation, reading each file once.
fn source_lines<'a>(
    root: &std::path::Path,
    violations: impl Iterator<Item = &'a principal_rules::Violation>,
) -> std::collections::BTreeMap<(String, u32), String> {
    let mut wanted: std::collections::BTreeMap<&str, Vec<u32>> = std::collections::BTreeMap::new();
    // Never the line of a secret: it holds the secret.
    for v in violations.filter(|v| !v.rule.starts_with("secret/")) {
        if let Some(l) = v.line {
            wanted.entry(v.path.as_str()).or_default().push(l);
        }
    }
    let mut out = std::collections::BTreeMap::new();
    for (path, lines) in wanted {
        let file = if root.is_file() { root.to_owned() } else { root.join(path) };
        let Ok(bytes) = std::fs::read(&file) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        let all: Vec<&str> = text.lines().collect();
        for l in lines {
            if let Some(line) = all.get(l.saturating_sub(1) as usize) {
                let line: String = line.chars().take(200).collect();
                out.insert((path.to_owned(), l), line);
            }
        }
    }
    out
}

fn run_init(args: &InitArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    if !args.path.is_dir() {
        anyhow::bail!("{}: not a directory", args.path.display());
    }
    let target = args.path.join("principal.toml");
    if target.exists() {
        anyhow::bail!(
            "{} already exists; principal init never overwrites it (move it away to start again)",
            target.display()
        );
    }
    let output = scan_tree(&args.path, &args.tree, quiet)?;
    let root = output.root.to_string_lossy().replace('\\', "/");
    let model = principal_resolve::resolve(&output.result, &root);
    let arch = principal_graph::analyze(&model, &output.result.files);
    let text = principal_rules::starter(&model, &arch, &output.result);
    // The starter must be a valid config: parse it before writing it.
    principal_rules::parse(&text, "the generated principal.toml")
        .context("principal init generated an invalid config; please report this")?;
    // create_new: never overwrite, even if the file appeared meanwhile.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .with_context(|| format!("creating {}", target.display()))?;
    file.write_all(text.as_bytes()).with_context(|| format!("writing {}", target.display()))?;
    note(false, &format!("wrote {}; `principal check` enforces it", target.display()));
    Ok(ExitCode::SUCCESS)
}

/// Reads the rules for `check`-like commands: `--config`, else `fallback` (text found
/// elsewhere, such as in a revision's tree), else `dir/principal.toml`, else no rules.
pub fn load_config(
    explicit: Option<&std::path::Path>,
    fallback: Option<(&str, String)>,
    dir: &std::path::Path,
) -> anyhow::Result<principal_rules::Config> {
    if let Some(p) = explicit {
        if !p.is_file() {
            anyhow::bail!("--config {}: no such file", p.display());
        }
        let text = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        return Ok(principal_rules::parse(&text, &p.display().to_string())?);
    }
    if let Some((name, text)) = fallback {
        return Ok(principal_rules::parse(&text, name)?);
    }
    let p = dir.join("principal.toml");
    if p.is_file() {
        let text = std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
        return Ok(principal_rules::parse(&text, &p.display().to_string())?);
    }
    Ok(principal_rules::Config::default())
}

fn run_diff(args: &DiffArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    let (path, base, head) = match args.revisions.as_slice() {
        [base] => (std::path::PathBuf::from("."), base.clone(), "HEAD".to_owned()),
        [a, b] if std::path::Path::new(a).is_dir() => {
            (std::path::PathBuf::from(a), b.clone(), "HEAD".to_owned())
        }
        [base, head] => (std::path::PathBuf::from("."), base.clone(), head.clone()),
        [p, base, head] => (std::path::PathBuf::from(p), base.clone(), head.clone()),
        _ => anyhow::bail!("usage: principal diff [PATH] BASE [HEAD]"),
    };
    if !path.is_dir() {
        anyhow::bail!("{}: not a directory", path.display());
    }
    let max = args.tree.max_file_size;
    let base_tree = principal_git::read_tree(&path, &base, max)?;
    let head_tree = principal_git::read_tree(&path, &head, max)?;
    let changed: Vec<String> = {
        let b: std::collections::HashMap<&str, &[u8]> =
            base_tree.files.iter().map(|(p, c)| (p.as_str(), c.as_slice())).collect();
        let h: std::collections::HashMap<&str, &[u8]> =
            head_tree.files.iter().map(|(p, c)| (p.as_str(), c.as_slice())).collect();
        let mut all: Vec<String> =
            b.keys().chain(h.keys()).filter(|p| b.get(*p) != h.get(*p)).map(|p| (*p).to_owned()).collect();
        all.sort();
        all.dedup();
        all
    };
    let head_config = head_tree
        .files
        .iter()
        .find(|(p, _)| p == "principal.toml")
        .map(|(_, c)| (format!("principal.toml at {head}"), String::from_utf8_lossy(c).into_owned()));
    let config = load_config(
        args.config.as_deref(),
        head_config.as_ref().map(|(n, t)| (n.as_str(), t.clone())),
        &path,
    )?;
    let options = principal_scan::ScanOptions {
        max_file_size: max,
        include_vendored: args.tree.include_vendored,
        cache_dir: None,
        exclude: Vec::new(),
        include_hidden: false,
    };
    let root_abs = std::path::absolute(&path).context("resolving the path")?;
    let root = root_abs.to_string_lossy().replace('\\', "/");
    let analyse_side = |files: Vec<(String, Vec<u8>)>, label: &'static str| {
        let scan = principal_scan::scan_contents(files, &options, &Bar::new(quiet, label));
        let mut model = principal_resolve::resolve(&scan, &root);
        principal_rules::apply_components(&config, &mut model);
        let arch = principal_graph::analyze(&model, &scan.files);
        let outcome = principal_rules::check(
            &config,
            &principal_rules::Input { scan: &scan, model: &model, arch: &arch, history: None },
        );
        (scan, model, arch, outcome.violations)
    };
    let (b_scan, b_model, b_arch, b_viol) = analyse_side(base_tree.files, "analysing BASE");
    let (h_scan, h_model, h_arch, h_viol) = analyse_side(head_tree.files, "analysing HEAD");

    let mut hotspots = Vec::new();
    if !args.no_history {
        let cache_dir = if args.tree.no_cache {
            None
        } else {
            args.cache_dir.clone().or_else(principal_scan::default_cache_dir)
        };
        let options = git_options(Some(head.clone()), cache_dir);
        match principal_git::read(&path, &options, &Bar::new(quiet, "reading history")) {
            Ok(h) => {
                let report = history_report_of(
                    h.commits,
                    &path,
                    &root_abs,
                    &h_scan,
                    &h_model,
                    &principal_history::Config::default(),
                );
                hotspots = report.hotspots.iter().map(|x| (x.path.clone(), x.revisions, x.score)).collect();
            }
            Err(e) => warn(&format!("hotspots left out: {e}")),
        }
    }
    let diff = principal_rules::diff::diff(
        &principal_rules::diff::Side {
            commit: &base_tree.commit,
            scan: &b_scan,
            model: &b_model,
            arch: &b_arch,
            violations: &b_viol,
        },
        &principal_rules::diff::Side {
            commit: &head_tree.commit,
            scan: &h_scan,
            model: &h_model,
            arch: &h_arch,
            violations: &h_viol,
        },
        &changed,
        &hotspots,
    );
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        DiffFormat::Json => principal_report::diff::write_json(&mut out, &diff),
        DiffFormat::Text => principal_report::diff::write_report(&mut out, &diff, false, args.top),
        DiffFormat::Markdown => principal_report::diff::write_report(&mut out, &diff, true, args.top),
    }
    .context("writing the diff")?;
    out.flush().context("writing the diff")?;
    Ok(ExitCode::SUCCESS)
}

/// The symbols of every parsed file: its definitions and its identifier tokens.
pub fn file_symbols(output: &principal_scan::ScanOutput) -> Vec<principal_audit::context::FileSymbols> {
    use rayon::prelude::*;
    output
        .result
        .files
        .par_iter()
        .filter(|f| f.language.is_parsed())
        .filter_map(|f| {
            let path = if output.root.is_file() { output.root.clone() } else { output.root.join(&f.path) };
            let bytes = std::fs::read(path).ok()?;
            let text = String::from_utf8_lossy(&bytes);
            Some(principal_audit::context::FileSymbols {
                path: f.path.clone(),
                defs: principal_audit::context::definitions(f, &text),
                refs: principal_audit::context::references(&text),
            })
        })
        .collect()
}

/// o200k_base token counts (tiktoken's encoding for current OpenAI models), offline.
pub fn token_counter() -> anyhow::Result<impl Fn(&str) -> usize> {
    let bpe =
        tiktoken_rs::o200k_base().map_err(|e| anyhow::anyhow!("loading the o200k_base tokenizer: {e}"))?;
    Ok(move |text: &str| bpe.encode_ordinary(text).len())
}

fn run_context(args: &crate::cli::ContextArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    if !args.path.exists() {
        anyhow::bail!("{}: no such file or directory", args.path.display());
    }
    let output = scan_tree(&args.path, &args.tree, quiet)?;
    let symbols = file_symbols(&output);
    for f in &args.focus {
        let f = f.trim_start_matches("./");
        if !symbols.iter().any(|s| s.path == f) {
            anyhow::bail!(
                "--focus {f}: not a parsed source file under {}; give a path relative to it",
                output.root.display()
            );
        }
    }
    let focus: Vec<String> = args.focus.iter().map(|f| f.trim_start_matches("./").to_owned()).collect();
    let ranked = principal_audit::context::rank(&symbols, &focus);
    let count = token_counter()?;
    let name = output
        .root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "repository".to_owned());
    let format = match args.format {
        crate::cli::ContextFormat::Markdown => principal_report::context::Format::Markdown,
        crate::cli::ContextFormat::Json => principal_report::context::Format::Json,
    };
    let (text, tokens) = principal_report::context::fit(&name, &ranked, args.budget, format, &count);
    if text.is_empty() {
        anyhow::bail!("--budget {}: too small for even the header; try 200 or more", args.budget);
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    out.write_all(text.as_bytes()).context("writing the map")?;
    out.flush().context("writing the map")?;
    note(quiet, &format!("{tokens} of {} tokens (o200k_base)", args.budget));
    Ok(ExitCode::SUCCESS)
}
