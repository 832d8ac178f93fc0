//! `principal whatif [PATH] --move … --cut … --merge … --split … [--scenario FILE]`.

use std::process::ExitCode;

use super::emit;
use crate::cli::{DiffFormat, WhatifArgs};
use crate::progress::Terminal;

pub fn run(args: &WhatifArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    let mut scenario = match &args.scenario {
        Some(file) => principal_engine::whatif::read_scenario(file)?,
        None => principal_strategy::whatif::Scenario::default(),
    };
    scenario.extend(principal_strategy::whatif::Scenario {
        description: None,
        merges: args.merges.clone(),
        splits: args.splits.clone(),
        moves: args.moves.clone(),
        cuts: args.cuts.clone(),
    });
    let options = principal_engine::analysis::AuditOptions {
        tree: args.common.tree.options(args.common.cache_dir.as_ref()),
        no_history: args.common.no_history,
        bots: args.common.bots.clone(),
        ..Default::default()
    };
    let w = principal_engine::whatif::whatif(&args.path, &scenario, options, term)?;
    emit("what-if", |out| match args.format {
        DiffFormat::Json => principal_report::whatif::write_json(out, &w),
        DiffFormat::Text => principal_report::whatif::write_report(out, &w, false, args.top),
        DiffFormat::Markdown => principal_report::whatif::write_report(out, &w, true, args.top),
    })?;
    Ok(ExitCode::SUCCESS)
}
