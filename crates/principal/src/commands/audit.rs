//! `principal audit` and `principal explain`: the whole analysis, and the audit over it.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use principal_report::Style;

use super::emit;
use crate::cli::{AnalysisArgs, AuditArgs, ExplainArgs};
use crate::progress::Terminal;

/// Scan, map, history, secrets (and vulnerabilities with OSV data), joined into an audit.
fn audit(
    path: &Path,
    args: &AnalysisArgs,
    exclude: Vec<std::path::PathBuf>,
    osv_db: &[std::path::PathBuf],
    term: &Terminal,
) -> anyhow::Result<principal_audit::Audit> {
    let options = principal_engine::analysis::AuditOptions {
        tree: args.tree.options(args.cache_dir.as_ref()),
        no_history: args.no_history,
        bots: args.bots.clone(),
        exclude,
        osv_db: osv_db.to_vec(),
        symbols: false,
    };
    Ok(principal_engine::analysis::for_audit(path, options, term)?.audit())
}

pub fn run_audit(args: &AuditArgs, term: &Terminal, style: Style) -> anyhow::Result<ExitCode> {
    use principal_engine::Reporter;
    if !args.path.exists() {
        anyhow::bail!("{}: no such file or directory; give the repository to audit", args.path.display());
    }
    const OUTPUTS: [&str; 3] = ["report.json", "REPORT.md", "index.html"];
    principal_engine::output::prepare_dir(&args.out, &OUTPUTS, "--out")?;
    // The report must not audit itself: its directory is left out of the scan.
    let mut exclude = vec![std::path::absolute(&args.out).context("resolving --out")?];
    if let Ok(canonical) = std::fs::canonicalize(&args.out) {
        exclude.push(canonical);
    }
    let audit = audit(&args.path, &args.common, exclude, &args.osv_db, term)?;

    let mut extras = principal_report::audit::Extras::default();
    if args.timestamp {
        extras.generated_at = Some(now_rfc3339());
    }
    if args.llm {
        match crate::llm::narrative(&audit, &args.llm_model) {
            Ok(n) => extras.narrative = Some(n),
            Err(e) => term.warn(&format!("--llm: {e:#}; the report is written without the narrative")),
        }
    }
    let write = |name: &str, f: &dyn Fn(&mut dyn Write) -> std::io::Result<()>| -> anyhow::Result<String> {
        let path = args.out.join(name);
        let mut buf = Vec::new();
        f(&mut buf).with_context(|| format!("rendering {name}"))?;
        principal_engine::output::write_file(&path, &buf)?;
        Ok(path.display().to_string())
    };
    let written = vec![
        write(OUTPUTS[0], &|w| principal_report::audit::write_json(w, &audit, &extras))?,
        write(OUTPUTS[1], &|w| {
            // REPORT.md is read in terminals too: no control characters from the repository.
            let mut safe = principal_report::terminal::Safe::new(w, false);
            principal_report::audit::write_markdown(&mut safe, &audit, &extras)?;
            safe.flush()
        })?,
        write(OUTPUTS[2], &|w| principal_report::audit::write_html(w, &audit, &extras))?,
    ];
    emit("summary", |out| principal_report::audit::write_text(out, &audit, style, args.top, &written))?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_explain(args: &ExplainArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    if !args.path.exists() {
        anyhow::bail!("{}: no such file or directory", args.path.display());
    }
    let audit = audit(&args.path, &args.common, Vec::new(), &[], term)?;
    if let Some(c) = &args.component
        && !audit.components.iter().any(|x| &x.id == c)
    {
        let mut ids: Vec<&str> = audit.components.iter().map(|x| x.id.as_str()).collect();
        ids.sort_unstable();
        let shown = ids.iter().take(20).copied().collect::<Vec<_>>().join(", ");
        let more = if ids.len() > 20 {
            format!(" and {} more (see `principal map`)", ids.len() - 20)
        } else {
            String::new()
        };
        anyhow::bail!("--component {c}: no such component; the components are: {shown}{more}");
    }
    let title = audit.onboarding.title.clone().unwrap_or_else(|| audit.repository.name.clone());
    emit("guide", |out| {
        writeln!(out, "# {title}\n")?;
        principal_report::audit::write_explain(out, &audit, args.component.as_deref())
    })?;
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
