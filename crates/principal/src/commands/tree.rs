//! `principal scan`, `map` and `context`: the tree read once, rendered.

use std::process::ExitCode;

use principal_engine::tree::Wants;
use principal_report::Style;

use super::emit;
use crate::cli::{ContextArgs, ContextFormat, MapArgs, MapFormat, MapLevel, ScanArgs, ScanFormat, TreeArgs};
use crate::progress::Terminal;

fn read(
    path: &std::path::Path,
    tree: &TreeArgs,
    wants: &Wants<'_>,
    term: &Terminal,
) -> anyhow::Result<principal_engine::tree::Tree> {
    use principal_engine::Reporter;
    principal_engine::tree::read(path, &tree.options(None), &[], wants, &*term.progress("scanning"))
}

pub fn run_scan(args: &ScanArgs, term: &Terminal, style: Style) -> anyhow::Result<ExitCode> {
    let output = read(&args.path, &args.tree, &Wants::default(), term)?.output;
    emit("scan", |out| match args.format {
        ScanFormat::Json => principal_report::scan::write_json(out, &output.root, &output.result),
        ScanFormat::Text => principal_report::scan::write_text(
            out,
            &output.result,
            principal_report::scan::TextOptions { top: args.top, style },
        ),
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_map(args: &MapArgs, term: &Terminal, style: Style) -> anyhow::Result<ExitCode> {
    let output = read(&args.path, &args.tree, &Wants::default(), term)?.output;
    let model =
        principal_engine::config::model(&output, &principal_engine::config::lenient(&output.root, term));
    let arch = principal_graph::analyze(&model, &output.result.files);
    if model.nodes.is_empty() {
        term.say(&unmapped(&output.result));
    }
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
    // Mermaid (and GitHub's renderer) refuse more than 500 arrows; 400 leaves room.
    let diagram = || principal_graph::diagram(&view, args.max_nodes, MAX_DIAGRAM_EDGES);
    emit("map", |out| match args.format {
        MapFormat::Json => principal_report::map::write_json(out, &input),
        MapFormat::Text => principal_report::map::write_text(out, &input, style, args.top),
        MapFormat::Mermaid => principal_report::map::write_mermaid(out, &diagram()),
        MapFormat::Dot => principal_report::map::write_dot(out, &diagram()),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Why a map is empty: no file in a language whose imports are resolved, and what is there.
fn unmapped(scan: &principal_model::ScanResult) -> String {
    const NOT_CODE: &[&str] = &[
        "json",
        "yaml",
        "toml",
        "markdown",
        "text",
        "html",
        "css",
        "xml",
        "svg",
        "ini",
        "csv",
        "restructuredtext",
    ];
    let mut counted: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for f in &scan.files {
        if !f.language.is_parsed() && !NOT_CODE.contains(&f.language.id()) {
            *counted.entry(f.language.id()).or_default() += 1;
        }
    }
    let mut by_count: Vec<(&str, usize)> = counted.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let parsed: Vec<String> = principal_model::Language::PARSED
        .iter()
        .filter(|l| **l != principal_model::Language::Tsx)
        .map(|l| principal_report::audit::pretty_language(l.id()))
        .collect();
    let mut message = format!(
        "nothing to map: no source file here is in a language whose imports Principal resolves ({})",
        parsed.join(", ")
    );
    if !by_count.is_empty() {
        let here: Vec<String> = by_count
            .iter()
            .take(3)
            .map(|(l, n)| {
                format!(
                    "{n} {} {}",
                    principal_report::audit::pretty_language(l),
                    if *n == 1 { "file" } else { "files" }
                )
            })
            .collect();
        message.push_str(&format!("; this directory has {}, which `principal scan` counts", here.join(", ")));
    }
    message
}

/// The most arrows a diagram draws.
const MAX_DIAGRAM_EDGES: usize = 400;

pub fn run_context(args: &ContextArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    use principal_engine::Reporter;
    if !args.path.exists() {
        anyhow::bail!("{}: no such file or directory", args.path.display());
    }
    // Signatures pass through the secret rules: a default argument can hold a token.
    let config = principal_engine::config::lenient(&principal_engine::tree::root_of(&args.path), term);
    let redactor = principal_engine::analysis::lenient_scanner(&config, term);
    let wants = Wants { symbols: true, redactor: redactor.as_ref(), ..Wants::default() };
    let tree = read(&args.path, &args.tree, &wants, term)?;
    let focus = principal_engine::context::focus(&tree.symbols, &args.focus, &tree.output.root)?;
    let ranked = principal_audit::context::rank(&tree.symbols, &focus);
    let counter = principal_engine::context::TokenCounter::new()?;
    let format = match args.format {
        ContextFormat::Markdown => principal_report::context::Format::Markdown,
        ContextFormat::Json => principal_report::context::Format::Json,
    };
    let name = principal_engine::repository_name(&tree.output.root);
    let (text, tokens) =
        principal_report::context::fit(&name, &ranked, args.budget, format, &|t: &str| counter.count(t));
    if text.is_empty() {
        anyhow::bail!("--budget {}: too small for even the header; try 200 or more", args.budget);
    }
    emit("map", |out| out.write_all(text.as_bytes()))?;
    term.note(&format!("{tokens} of {} tokens (o200k_base)", args.budget));
    Ok(ExitCode::SUCCESS)
}
