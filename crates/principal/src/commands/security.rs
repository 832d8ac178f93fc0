//! `principal secrets` and `principal deps`.

use std::process::ExitCode;

use principal_report::Style;

use super::emit;
use crate::cli::{DepsArgs, DepsFormat, MinConfidence, SecretsArgs, SecretsFormat};
use crate::progress::Terminal;

pub fn run_secrets(args: &SecretsArgs, term: &Terminal, style: Style) -> anyhow::Result<ExitCode> {
    if !args.path.exists() {
        anyhow::bail!("{}: no such file or directory", args.path.display());
    }
    let config = principal_engine::config::load(args.config.as_deref(), None, &args.path)?;
    let scanner = principal_engine::secrets::scanner(&config)?;
    let scope = args.history.then_some(if args.all_refs {
        principal_engine::secrets::HistoryScope::AllRefs
    } else {
        principal_engine::secrets::HistoryScope::Head
    });
    let mut report =
        principal_engine::secrets::find(&args.path, &args.tree.options(None), &scanner, scope, term)?;
    let min = match args.min_confidence {
        MinConfidence::Low => principal_engine::secrets::Confidence::Low,
        MinConfidence::Medium => principal_engine::secrets::Confidence::Medium,
        MinConfidence::High => principal_engine::secrets::Confidence::High,
    };
    let before = report.findings.len();
    report.findings.retain(|f| f.confidence >= min);
    if report.findings.len() < before {
        report.notes.push(format!(
            "{} findings below {} confidence are not shown (--min-confidence low shows them)",
            before - report.findings.len(),
            min.as_str()
        ));
    }
    let findings = &report.findings;
    emit("findings", |out| match args.format {
        SecretsFormat::Json => {
            principal_report::secrets::write_json(out, findings, &report.skipped, &report.notes)
        }
        SecretsFormat::Sarif => {
            let rules = principal_engine::secrets::rule_infos(findings);
            let prefix = principal_git::prefix(&principal_engine::tree::root_of(&args.path));
            principal_report::secrets::write_sarif(out, findings, &rules, &prefix)
        }
        SecretsFormat::Text => {
            principal_report::secrets::write_text(out, findings, &report.skipped, &report.notes, style)
        }
    })?;
    Ok(if findings.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

pub fn run_deps(args: &DepsArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    if !args.path.exists() {
        anyhow::bail!("{}: no such file or directory", args.path.display());
    }
    let mut inv = principal_engine::deps::inventory(&args.path, &args.tree.options(None), term)?;
    let vulnerabilities = if args.osv_db.is_empty() {
        None
    } else {
        let db = principal_engine::deps::load_osv(&args.osv_db, &mut inv.warnings)?;
        Some(principal_engine::deps::vulnerabilities(&inv.packages, &db))
    };
    let name = principal_engine::repository_name(&std::path::absolute(&args.path)?);
    let input = principal_report::deps::DepsInput {
        name: &name,
        packages: &inv.packages,
        edges: &inv.edges,
        vulnerabilities: vulnerabilities.as_deref(),
        warnings: &inv.warnings,
    };
    emit("inventory", |out| match args.format {
        DepsFormat::Text => principal_report::deps::write_text(out, &input, args.top),
        DepsFormat::Json => principal_report::deps::write_json(out, &input),
        DepsFormat::Cyclonedx => principal_report::deps::write_cyclonedx(out, &input),
    })?;
    Ok(if vulnerabilities.is_some_and(|v| !v.is_empty()) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
