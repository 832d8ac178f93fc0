//! The analysis every command builds once: the one read of the tree, the model, the
//! architecture, history, secrets and vulnerabilities; and the audit over them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use principal_audit::context::FileSymbols;
use principal_graph::Architecture;
use principal_model::Model;
use principal_scan::ScanOutput;
use principal_security::osv::Vulnerability;
use principal_security::{Finding, Scanner};

use crate::tree::{TreeOptions, Wants};
use crate::{Reporter, deps, history, secrets};

/// What to analyse.
pub struct AnalysisOptions<'a> {
    pub tree: TreeOptions,
    /// The settings and rules (loaded strictly or leniently by the caller).
    pub config: principal_rules::Config,
    /// Read the git history.
    pub history: bool,
    /// Tell the reporter when the history or the dependency data is partial (the commands
    /// whose report is the analysis; `check` turns these into notes of its own).
    pub report_gaps: bool,
    /// Author names (substrings) to treat as bots.
    pub bots: Vec<String>,
    /// Directories left out of the walk (the audit's own output).
    pub exclude: Vec<PathBuf>,
    /// Scan for secrets with these rules.
    pub secrets: Option<&'a Scanner>,
    /// Redact secrets with these rules in what the analysis quotes (`secrets` when `None`).
    pub redactor: Option<&'a Scanner>,
    /// Keep each parsed file's definitions and references (`context`, `repo_map`).
    pub symbols: bool,
    /// Read the dependency files and match them against this OSV data.
    pub osv_db: Vec<PathBuf>,
}

impl AnalysisOptions<'_> {
    pub fn new(tree: TreeOptions, config: principal_rules::Config) -> AnalysisOptions<'static> {
        AnalysisOptions {
            tree,
            config,
            history: false,
            report_gaps: false,
            bots: Vec::new(),
            exclude: Vec::new(),
            secrets: None,
            redactor: None,
            symbols: false,
            osv_db: Vec::new(),
        }
    }
}

/// Everything the commands answer from.
pub struct Analysis {
    /// The path as given.
    pub path: PathBuf,
    pub output: ScanOutput,
    pub config: principal_rules::Config,
    pub model: Model,
    pub arch: Architecture,
    pub history: Option<history::Read>,
    /// Why there is no history, when it was asked for.
    pub history_error: Option<principal_git::Error>,
    pub secrets: Vec<Finding>,
    pub symbols: Vec<FileSymbols>,
    pub readme: Option<(String, String)>,
    /// `None` without OSV data.
    pub vulnerabilities: Option<Vec<Vulnerability>>,
    /// Dependency files that did not parse, OSV files that were not records.
    pub dependency_warnings: Vec<String>,
}

/// The secret rules for commands that report rather than enforce: the config's, else the
/// built-in ones.
pub fn lenient_scanner(config: &principal_rules::Config, reporter: &dyn Reporter) -> Option<Scanner> {
    match secrets::scanner(config).or_else(|_| secrets::scanner(&principal_rules::Config::default())) {
        Ok(s) => Some(s),
        Err(e) => {
            reporter.warn(&format!("secret rules: {e:#}"));
            None
        }
    }
}

/// What the commands whose answer is the audit (`audit`, `explain`, `mcp`) analyse.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    pub tree: TreeOptions,
    pub no_history: bool,
    /// Author names (substrings) to treat as bots.
    pub bots: Vec<String>,
    /// Directories left out of the walk (the audit's own output).
    pub exclude: Vec<PathBuf>,
    /// OSV data to match the dependency files against.
    pub osv_db: Vec<PathBuf>,
    /// Keep each parsed file's definitions and references (`repo_map`).
    pub symbols: bool,
}

/// The analysis behind an audit, the same for every front end: principal.toml read leniently
/// (a malformed file is a warning), the config's secret rules (else the built-in ones), the
/// history unless turned off, and every gap in the data reported.
pub fn for_audit(path: &Path, options: AuditOptions, reporter: &dyn Reporter) -> anyhow::Result<Analysis> {
    let config = crate::config::lenient(&crate::tree::root_of(path), reporter);
    let scanner = lenient_scanner(&config, reporter);
    let options = AnalysisOptions {
        history: !options.no_history,
        report_gaps: true,
        bots: options.bots,
        exclude: options.exclude,
        secrets: scanner.as_ref(),
        symbols: options.symbols,
        osv_db: options.osv_db,
        ..AnalysisOptions::new(options.tree, config)
    };
    analyse(path, options, reporter)
}

/// Reads the tree once and builds the analysis.
pub fn analyse(
    path: &Path,
    options: AnalysisOptions<'_>,
    reporter: &dyn Reporter,
) -> anyhow::Result<Analysis> {
    let cache_dir = options.tree.cache_dir();
    let staged = options.history && options.report_gaps;
    let wants = Wants {
        secrets: options.secrets,
        symbols: options.symbols,
        dependency_files: !options.osv_db.is_empty(),
        readme: options.report_gaps,
        redactor: options.redactor,
    };
    let tree = crate::tree::read(
        path,
        &options.tree,
        &options.exclude,
        &wants,
        &*reporter.progress(if staged { "[1/2] scanning" } else { "scanning" }),
    )?;
    let config = options.config;
    let model = crate::config::model(&tree.output, &config);
    let arch = principal_graph::analyze(&model, &tree.output.result.files);

    let (mut history, mut history_error) = (None, None);
    if options.history {
        let git = history::default_options(None, cache_dir);
        let hc = principal_history::Config {
            bot_patterns: options.bots.clone(),
            ..principal_history::Config::default()
        };
        let message = if staged { "[2/2] reading history" } else { "reading history" };
        match history::read(path, &git, &tree.output.result, &model, &hc, reporter, message) {
            Ok(h) => history = Some(h),
            Err(e) => history_error = Some(e),
        }
    }
    if options.report_gaps {
        report_history(path, history.as_ref(), history_error.as_ref(), reporter);
    }

    let (mut vulnerabilities, mut dependency_warnings) = (None, Vec::new());
    if !options.osv_db.is_empty() {
        let manifests: BTreeMap<&str, &str> =
            tree.output.result.manifests.iter().map(|m| (m.path.as_str(), m.text.as_str())).collect();
        let inv = deps::inventory_of(path, &options.tree, tree.dependency_files, &manifests)?;
        dependency_warnings = inv.warnings;
        let db = deps::load_osv(&options.osv_db, &mut dependency_warnings)?;
        vulnerabilities = Some(deps::vulnerabilities(&inv.packages, &db));
        if options.report_gaps {
            deps::warn_all(reporter, &dependency_warnings);
        }
    }
    Ok(Analysis {
        path: path.to_owned(),
        output: tree.output,
        config,
        model,
        arch,
        history,
        history_error,
        secrets: tree.secrets,
        symbols: tree.symbols,
        readme: tree.readme,
        vulnerabilities,
        dependency_warnings,
    })
}

fn report_history(
    path: &Path,
    history: Option<&history::Read>,
    error: Option<&principal_git::Error>,
    reporter: &dyn Reporter,
) {
    if let Some(w) = history.and_then(|h| history::partial_warning(&h.unreadable)) {
        reporter.warn(&w);
    }
    if history.is_some_and(|h| h.shallow) {
        reporter.note(&format!(
            "{} is a shallow clone; history before its boundary is missing, so ownership and truck factor are partial",
            path.display()
        ));
    }
    match error {
        None => {}
        Some(principal_git::Error::NotARepository { .. }) => reporter.note(&format!(
            "{} is not in a git repository: no hotspots, change coupling or ownership",
            path.display()
        )),
        Some(principal_git::Error::Empty { .. }) => {
            reporter.note("the repository has no commits yet: no hotspots, change coupling or ownership")
        }
        Some(e) => reporter.warn(&format!("could not read the git history ({e}); the report leaves it out")),
    }
}

impl Analysis {
    /// The audit over the analysis: the risk register (secrets and vulnerable dependencies
    /// included), the health, the onboarding guide.
    pub fn audit(&self) -> principal_audit::Audit {
        self.audit_of(&self.model, &self.arch, self.history.as_ref().map(|h| &h.report))
    }

    /// The audit of another model of the same scan (a `whatif` scenario's), with its
    /// architecture and its history analyses.
    pub fn audit_of(
        &self,
        model: &Model,
        arch: &Architecture,
        report: Option<&principal_history::Report>,
    ) -> principal_audit::Audit {
        let name = crate::repository_name(&self.output.root);
        let mut extra_risks = secrets::risks(&self.secrets);
        if let Some(v) = &self.vulnerabilities {
            extra_risks.extend(deps::risks(v));
        }
        principal_audit::audit(principal_audit::Input {
            name: &name,
            head: self.history.as_ref().map(|h| h.head.as_str()),
            shallow: self.history.as_ref().is_some_and(|h| h.shallow),
            unreadable: self.history.as_ref().map_or(0, |h| h.unreadable.len()),
            scan: &self.output.result,
            model,
            arch,
            history: report,
            xray: self.history.as_ref().map_or(&[], |h| h.xray.as_slice()),
            readme: self.readme.as_ref().map(|(n, t)| (n.as_str(), t.as_str())),
            extra_risks,
        })
    }
}
