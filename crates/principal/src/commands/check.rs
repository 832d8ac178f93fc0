//! `principal check` and `principal init`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use principal_engine::Reporter;
use principal_engine::tree::Wants;
use principal_report::Style;

use super::emit;
use crate::cli::{CheckArgs, CheckFormat, InitArgs};
use crate::progress::Terminal;

pub fn run_check(args: &CheckArgs, term: &Terminal, style: Style) -> anyhow::Result<ExitCode> {
    if !args.path.is_dir() {
        anyhow::bail!("{}: not a directory; give the repository to check", args.path.display());
    }
    let scope = principal_engine::check::Scope::of(&args.path, args.config.as_deref());
    if let (Some(within), Some(config)) = (&scope.within, &scope.config) {
        term.say(&format!(
            "using {}: checking {} with its rules, reporting the violations under {within}/",
            config.display(),
            scope.root.display()
        ));
    }
    // Named as the user would: as given, or under the path given, unless found above it.
    let config_path = match (&args.config, &scope.within) {
        (Some(p), _) => Some(p.clone()),
        (None, None) => Some(args.path.join("principal.toml")).filter(|p| p.is_file()),
        (None, Some(_)) => scope.config.clone().filter(|p| p.is_file()),
    };
    let config = principal_engine::config::load(args.config.as_deref(), None, &scope.root)?;
    let (baseline_path, baseline) =
        principal_engine::check::load_baseline(&scope.root, args.baseline.as_deref(), args.update_baseline)?;
    let tree = args.tree.options(args.cache_dir.as_ref());
    let (analysis, mut evaluation) =
        principal_engine::check::check(&scope.root, tree, config, &args.osv_db, term)?;
    if args.update_baseline {
        let n = principal_engine::check::write_baseline(&baseline_path, &evaluation.violations)?;
        term.say(&format!(
            "wrote {n} {} to {}; review and commit it",
            if n == 1 { "violation" } else { "violations" },
            baseline_path.display()
        ));
        return Ok(ExitCode::SUCCESS);
    }
    // The baseline is the root's, whole; what is reported is what lies under PATH.
    evaluation.violations.retain(|v| scope.holds(&v.path));
    let mut compared = principal_rules::compare(&evaluation.violations, baseline.as_ref());
    compared.fixed.retain(|f| scope.holds(&f.path));
    let root = &analysis.output.root;
    // Quoted lines pass through the secret rules: an import line can hold a token.
    let redactor = principal_engine::analysis::lenient_scanner(&analysis.config, term);
    let quoted = compared.new.iter().chain(&compared.baselined).copied();
    let snippets = principal_engine::check::source_lines(root, quoted, redactor.as_ref());
    let prefix = principal_git::prefix(root);
    let config_name = config_path.as_ref().map(|p| p.display().to_string());
    let input = principal_report::check::CheckInput {
        config: config_name.as_deref(),
        rules: &evaluation.rules,
        new: &compared.new,
        baselined: &compared.baselined,
        fixed: &compared.fixed,
        baseline: baseline.is_some(),
        snippets: &snippets,
        prefix: &prefix,
        notes: &evaluation.notes,
    };
    emit("check", |out| match args.format {
        CheckFormat::Text => principal_report::check::write_text(out, &input, style),
        CheckFormat::Json => principal_report::check::write_json(out, &input),
        CheckFormat::Sarif => principal_report::check::write_sarif(out, &input),
        CheckFormat::Github => principal_report::check::write_github(out, &input),
    })?;
    Ok(if compared.new.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

pub fn run_init(args: &InitArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
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
    let output = principal_engine::tree::read(
        &args.path,
        &args.tree.options(None),
        &[],
        &Wants::default(),
        &*term.progress("scanning"),
    )?
    .output;
    let model = principal_engine::config::model(&output, &principal_rules::Config::default());
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
    term.say(&format!("wrote {}; `principal check` enforces it", target.display()));
    Ok(ExitCode::SUCCESS)
}
