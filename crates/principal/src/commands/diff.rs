//! `principal diff [PATH] BASE [HEAD]`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::emit;
use crate::cli::{DiffArgs, DiffFormat};
use crate::progress::Terminal;

pub fn run(args: &DiffArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    let (path, base, head) = match args.revisions.as_slice() {
        [base] => (PathBuf::from("."), base.clone(), "HEAD".to_owned()),
        [a, b] if std::path::Path::new(a).is_dir() => (PathBuf::from(a), b.clone(), "HEAD".to_owned()),
        [base, head] => (PathBuf::from("."), base.clone(), head.clone()),
        [p, base, head] => (PathBuf::from(p), base.clone(), head.clone()),
        _ => anyhow::bail!("usage: principal diff [PATH] BASE [HEAD]"),
    };
    let options = principal_engine::diff::DiffOptions {
        tree: args.tree.options(args.cache_dir.as_ref()),
        config: args.config.clone(),
        no_history: args.no_history,
    };
    let diff = principal_engine::diff::diff(&path, &base, &head, &options, term)?;
    emit("diff", |out| match args.format {
        DiffFormat::Json => principal_report::diff::write_json(out, &diff),
        DiffFormat::Text => principal_report::diff::write_report(out, &diff, false, args.top),
        DiffFormat::Markdown => principal_report::diff::write_report(out, &diff, true, args.top),
    })?;
    Ok(ExitCode::SUCCESS)
}
