//! History for the commands that use it: read with principal-git, made relative to the
//! analysed directory, and analysed for the files present now.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use principal_model::{Commit, Model, ScanResult, SkipReason};

use crate::Reporter;

/// How `audit`, `check`, `diff` and `mcp` read history: from `rev` (HEAD by default), renames
/// followed, merges without changes of their own, as `principal history` does by default.
pub fn default_options(rev: Option<String>, cache_dir: Option<std::path::PathBuf>) -> principal_git::Options {
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

/// The history analyses, with what the report says about the read.
pub struct Read {
    pub report: principal_history::Report,
    pub head: String,
    pub shallow: bool,
    /// Objects that could not be read; their commits are left out (the history is partial).
    pub unreadable: Vec<String>,
    /// Function-level hotspots of the top hotspot files.
    pub xray: Vec<principal_history::xray::FileXray>,
    /// The commits, relative to the analysed directory, and the settings they were analysed
    /// with: `whatif` analyses them again for a changed model (the components a change of
    /// ownership is counted in).
    pub commits: Vec<Commit>,
    pub config: principal_history::Config,
}

impl Read {
    /// The history analyses for another model of the same scan (a `whatif` scenario's): the
    /// same commits and settings, with the files in the model's components.
    pub fn for_model(&self, scan: &ScanResult, model: &Model) -> principal_history::Report {
        let mut report = analyse_relative(&self.commits, scan, model, &self.config);
        report.releases = self.report.releases.clone();
        report
    }
}

/// How many hotspot files get a function-level X-ray.
const XRAY_FILES: usize = 20;

/// Reads the history of `path` and analyses it for the files of `scan`.
pub fn read(
    path: &Path,
    options: &principal_git::Options,
    scan: &ScanResult,
    model: &Model,
    config: &principal_history::Config,
    reporter: &dyn Reporter,
    message: &'static str,
) -> Result<Read, principal_git::Error> {
    let history = principal_git::read(path, options, &*reporter.progress(message))?;
    tracing::info!(
        walked = history.stats.walked,
        diffed = history.stats.diffed,
        cached = history.stats.cached,
        "history read"
    );
    let root = crate::tree::root_of(path);
    let commits = relative_to(history.commits, &principal_git::prefix(&root));
    let config = &principal_history::Config {
        ignore_revs: principal_history::parse_ignore_revs(&history.blame_ignore_revs),
        ..config.clone()
    };
    let mut report = analyse_relative(&commits, scan, model, config);
    report.releases = principal_history::releases(&commits, &history.tags, config);
    let xray = xray(&root, &commits, &report, scan, config);
    Ok(Read {
        report,
        head: history.head,
        shallow: history.shallow,
        unreadable: history.unreadable,
        xray,
        config: config.clone(),
        commits,
    })
}

/// The X-ray of the top hotspot files outside tests: each commit's hunks in the file (its
/// current path), oldest first, against the functions the scan found.
fn xray(
    root: &Path,
    commits: &[Commit],
    report: &principal_history::Report,
    scan: &ScanResult,
    config: &principal_history::Config,
) -> Vec<principal_history::xray::FileXray> {
    use rayon::prelude::*;
    let files: Vec<&str> = report
        .hotspots
        .iter()
        .map(|h| h.path.as_str())
        .filter(|p| !principal_model::is_test_path(p))
        .take(XRAY_FILES)
        .collect();
    // The first-parent chain, oldest first: spans carried back along it stay in one line of
    // coordinates. Merges on it are diffed against their first parent (file_hunks reads nothing
    // when the file's blob did not change).
    let chain: Vec<(String, i64, bool)> =
        principal_git::first_parent_chain(root).unwrap_or_default().into_iter().rev().collect();
    // "Recent" is the history's own window: the year before the newest commit.
    let since = report.head_time - config.active_days * 86_400;
    use principal_history::xray::Change;
    // What each commit was: mechanical, a defect fix, or other work.
    let episodes = principal_history::fix_episodes(commits, config);
    let kind: HashMap<&str, Change> = commits
        .iter()
        .zip(&episodes)
        .map(|(c, episode)| {
            let kind = if principal_history::is_mechanical(c, config) {
                Change::Mechanical
            } else if let Some(e) = episode {
                Change::Fix(*e)
            } else {
                Change::Work
            };
            (c.id.as_str(), kind)
        })
        .collect();
    files
        .par_iter()
        .filter_map(|path| {
            let facts = scan.files.iter().find(|f| f.path == *path)?;
            // The commits that touch the file, and whether one of them only reindented it (a
            // reindent of this file is mechanical for it).
            let mut touching: HashMap<&str, bool> = HashMap::new();
            for c in commits {
                for ch in c.changes.iter().filter(|ch| ch.path == *path) {
                    *touching.entry(c.id.as_str()).or_default() |= ch.layout_only;
                }
            }
            let on_chain: Vec<&(String, i64, bool)> =
                chain.iter().filter(|(id, _, merge)| *merge || touching.contains_key(id.as_str())).collect();
            let ids: Vec<String> = on_chain.iter().map(|(id, ..)| id.clone()).collect();
            let times: Vec<i64> = on_chain.iter().map(|(_, t, _)| *t).collect();
            let kinds: Vec<Change> = on_chain
                .iter()
                .map(|(id, ..)| {
                    if touching.get(id.as_str()).copied().unwrap_or(false) {
                        Change::Mechanical
                    } else {
                        kind.get(id.as_str()).copied().unwrap_or(Change::Work)
                    }
                })
                .collect();
            let hunks = principal_git::file_hunks(root, path, &ids).ok()?;
            Some(principal_history::xray::xray(path, &facts.functions, &hunks, &times, &kinds, since))
        })
        .collect()
}

/// The history analyses over commits read by principal-git, for the files of the scan of
/// `root` (the analysed directory).
pub fn analyse(
    commits: Vec<Commit>,
    root: &Path,
    scan: &ScanResult,
    model: &Model,
    config: &principal_history::Config,
) -> principal_history::Report {
    let commits = relative_to(commits, &principal_git::prefix(root));
    analyse_relative(&commits, scan, model, config)
}

/// [`analyse`] over commits whose paths are already relative to the analysed directory.
fn analyse_relative(
    commits: &[Commit],
    scan: &ScanResult,
    model: &Model,
    config: &principal_history::Config,
) -> principal_history::Report {
    let present = present_files(scan, model);
    tracing::debug!(present = present.len(), "files present at the analysed revision");
    let mut linked = HashSet::new();
    for e in &model.edges {
        let (a, b) = (model.nodes[e.from as usize].path.as_str(), model.nodes[e.to as usize].path.as_str());
        linked.insert((a, b));
        linked.insert((b, a));
    }
    let imported = |a: &str, b: &str| linked.contains(&(a, b));
    principal_history::analyze(commits, &present, &imported, config)
}

/// The files present now, with the complexity hotspots weigh change by: the sum of their
/// functions' cyclomatic complexity (0 for files that are not parsed).
fn present_files(scan: &ScanResult, model: &Model) -> Vec<principal_history::PresentFile> {
    let component: HashMap<&str, &str> = model
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
            knowledge: counts_for_knowledge(f),
            source: counts_for_knowledge(f)
                && principal_model::path_context(&f.path) == principal_model::PathContext::Source,
            code_lines: f.lines.code,
        })
        .collect();
    // Binary, oversized and unknown files are present too; vendored and generated ones are not
    // analysed, as in the scan.
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
                knowledge: false,
                source: false,
                code_lines: 0,
            }),
    );
    present.sort_by(|a, b| a.path.cmp(&b.path));
    present
}

/// Data and prose formats, which the truck factor leaves out as Linguist does.
const NOT_KNOWLEDGE: &[&str] = &[
    "json",
    "yaml",
    "toml",
    "markdown",
    "plain-text",
    "text",
    "restructuredtext",
    "csv",
    "svg",
    "ini",
    "asciidoc",
];

/// Whether a file counts for the truck factor: source and tests in a language of code, not
/// documentation, examples, fixtures, vendored or generated files, data or prose (the file set
/// of Avelino et al., who filter with GitHub Linguist), nor a copied library.
fn counts_for_knowledge(f: &principal_model::FileFacts) -> bool {
    !f.third_party
        && matches!(
            principal_model::path_context(&f.path),
            principal_model::PathContext::Source | principal_model::PathContext::Test
        )
        && !NOT_KNOWLEDGE.contains(&f.language.id())
        && !f.is_data()
}

/// Git paths are relative to the repository's top; the scan's to the scanned directory. When
/// the scan is of a subdirectory (`prefix`), keep the changes under it, relative to it.
fn relative_to(commits: Vec<Commit>, prefix: &str) -> Vec<Commit> {
    if prefix.is_empty() {
        return commits;
    }
    let strip = |p: &str| p.strip_prefix(prefix).and_then(|r| r.strip_prefix('/')).map(str::to_owned);
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

/// The warning for a partial history, when it is.
pub fn partial_warning(unreadable: &[String]) -> Option<String> {
    (!unreadable.is_empty()).then(|| {
        format!(
            "history partial: {} objects unreadable ({}); the commits holding them are left out (`git fsck` tells more)",
            unreadable.len(),
            crate::sample(unreadable, 3)
        )
    })
}
