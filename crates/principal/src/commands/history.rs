//! `principal history`: the history read with every option the command has, analysed for the
//! files present now.

use std::process::ExitCode;

use principal_engine::Reporter;
use principal_engine::tree::Wants;
use principal_report::Style;

use super::emit;
use crate::cli::{HistoryArgs, ScanFormat};
use crate::progress::Terminal;

pub fn run(args: &HistoryArgs, term: &Terminal, style: Style) -> anyhow::Result<ExitCode> {
    let tree = args.tree.options(args.cache_dir.as_ref());
    let git = principal_git::Options {
        rev: args.rev.clone(),
        first_parent: args.first_parent,
        diff_merges: args.diff_merges,
        renames: !args.no_renames,
        since: args.since,
        until: args.until,
        cache_dir: tree.cache_dir(),
    };
    let history = principal_git::read(&args.path, &git, &*term.progress("reading history"))?;
    if let Some(w) = principal_engine::history::partial_warning(&history.unreadable) {
        term.warn(&w);
    }
    if history.shallow {
        term.note(&format!(
            "{} is a shallow clone; history before its boundary is missing",
            args.path.display()
        ));
    }
    let output =
        principal_engine::tree::read(&args.path, &tree, &[], &Wants::default(), &*term.progress("scanning"))?
            .output;
    let model =
        principal_engine::config::model(&output, &principal_engine::config::lenient(&output.root, term));
    let config = principal_history::Config {
        min_revs: args.min_revs,
        min_shared: args.min_shared,
        min_degree: f64::from(args.min_degree) / 100.0,
        max_changeset: args.max_changeset,
        bot_patterns: args.bots.clone(),
        if_leaves: args.if_leaves.clone(),
        ignore_revs: principal_history::parse_ignore_revs(&history.blame_ignore_revs),
        ..principal_history::Config::default()
    };
    let report =
        principal_engine::history::analyse(history.commits, &output.root, &output.result, &model, &config);
    let input = principal_report::history::HistoryInput {
        report: &report,
        head: &history.head,
        shallow: history.shallow,
        unreadable: &history.unreadable,
    };
    emit("history", |out| match args.format {
        ScanFormat::Json => principal_report::history::write_json(out, &input),
        ScanFormat::Text => principal_report::history::write_text(out, &input, style, args.top),
    })?;
    Ok(ExitCode::SUCCESS)
}
