//! `principal diff`: the architecture at two revisions, read from git objects (the work tree is
//! never touched), and what changed between them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::Reporter;
use crate::tree::TreeOptions;

pub struct DiffOptions {
    pub tree: TreeOptions,
    /// `--config`; else principal.toml at HEAD, else the work tree's.
    pub config: Option<PathBuf>,
    /// Leave out the hotspots touched (they need the history).
    pub no_history: bool,
}

/// Compares `base` with `head` in the repository at `path`.
pub fn diff(
    path: &Path,
    base: &str,
    head: &str,
    options: &DiffOptions,
    reporter: &dyn Reporter,
) -> anyhow::Result<principal_rules::diff::ArchDiff> {
    if !path.is_dir() {
        anyhow::bail!("{}: not a directory", path.display());
    }
    let max = options.tree.max_file_size;
    let base_tree = principal_git::read_tree(path, base, max)?;
    let head_tree = principal_git::read_tree(path, head, max)?;
    for (rev, side) in [(base, &base_tree), (head, &head_tree)] {
        if !side.unreadable.is_empty() {
            reporter.warn(&format!(
                "{} files at {rev} cannot be read from git ({}) and are left out; the clone is partial or damaged",
                side.unreadable.len(),
                crate::sample(&side.unreadable, 3)
            ));
        }
    }
    let changed: Vec<String> = {
        let b: HashMap<&str, &[u8]> =
            base_tree.files.iter().map(|(p, c)| (p.as_str(), c.as_slice())).collect();
        let h: HashMap<&str, &[u8]> =
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
    let config = crate::config::load(
        options.config.as_deref(),
        head_config.as_ref().map(|(n, t)| (n.as_str(), t.clone())),
        path,
    )?;
    let scan_options =
        principal_scan::ScanOptions { cache_dir: None, ..options.tree.scan_options(&[], false) };
    let root_abs = std::path::absolute(path).context("resolving the path")?;
    let root = root_abs.to_string_lossy().replace('\\', "/");
    let analyse_side = |files: Vec<(String, Vec<u8>)>, label: &'static str| {
        let scan = principal_scan::scan_contents(files, &scan_options, &*reporter.progress(label));
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
    if !options.no_history {
        let git = crate::history::default_options(Some(head.to_owned()), options.tree.cache_dir());
        match principal_git::read(path, &git, &*reporter.progress("reading history")) {
            Ok(h) => {
                if let Some(w) = crate::history::partial_warning(&h.unreadable) {
                    reporter.warn(&w);
                }
                let report = crate::history::analyse(
                    h.commits,
                    &root_abs,
                    &h_scan,
                    &h_model,
                    &principal_history::Config::default(),
                );
                hotspots = report.hotspots.iter().map(|x| (x.path.clone(), x.revisions, x.score)).collect();
            }
            Err(e) => reporter.warn(&format!("hotspots left out: {e}")),
        }
    }
    Ok(principal_rules::diff::diff(
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
    ))
}
