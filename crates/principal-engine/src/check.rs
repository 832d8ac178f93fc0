//! The rules of principal.toml over an analysis: the architecture and code rules of
//! `principal-rules`, and the security rules (`no_secrets`, `no_vulnerable_dependencies`). One
//! evaluation for `principal check` and MCP `check_rules`, so both give the same violations.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use principal_rules::{Baseline, RuleInfo, Violation};

use crate::analysis::{Analysis, AnalysisOptions};
use crate::tree::TreeOptions;
use crate::{Reporter, deps, secrets};

/// Every rule's violations, sorted, with the rules that ran and notes on those that could not.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub rules: Vec<RuleInfo>,
    pub violations: Vec<Violation>,
    pub notes: Vec<String>,
}

/// The message for a config that asks for the vulnerability rule without data.
const NEEDS_OSV: &str = "principal.toml sets no_vulnerable_dependencies, which needs vulnerability data: add \
    --osv-db PATH (a directory of OSV JSON files or an all.zip from osv.dev)";

/// Whether the config configures any rule at all.
pub fn rules_configured(config: &principal_rules::Config) -> bool {
    let r = &config.rules;
    !r.forbidden.is_empty()
        || !r.layers.is_empty()
        || !r.allowed.is_empty()
        || !r.independent.is_empty()
        || r.no_cycles
        || r.max_cyclomatic.is_some()
        || r.max_cognitive.is_some()
        || r.max_file_lines.is_some()
        || r.max_fan_out.is_some()
        || r.min_truck_factor.is_some()
        || r.no_secrets
        || r.no_vulnerable_dependencies.is_some()
}

/// Evaluates every rule of the analysis's config. The analysis must have read what the rules
/// need: history for `min_truck_factor`, secrets for `no_secrets`, OSV data for
/// `no_vulnerable_dependencies` ([`options`] asks for exactly that).
pub fn evaluate(analysis: &Analysis) -> Evaluation {
    let config = &analysis.config;
    let mut notes = Vec::new();
    if config.rules.min_truck_factor.is_some()
        && let Some(e) = &analysis.history_error
    {
        notes.push(format!("min_truck_factor was not checked: {e}"));
    }
    let outcome = principal_rules::check(
        config,
        &principal_rules::Input {
            scan: &analysis.output.result,
            model: &analysis.model,
            arch: &analysis.arch,
            history: analysis.history.as_ref().map(|h| &h.report),
        },
    );
    if config.rules.min_truck_factor.is_some()
        && let Some(w) =
            analysis.history.as_ref().and_then(|h| crate::history::partial_warning(&h.unreadable))
    {
        notes.push(w);
    }
    notes.extend(outcome.notes);
    let mut violations = outcome.violations;
    let mut rules = outcome.rules;
    // Secrets are violations too, so that the baseline can hold reviewed false positives.
    if config.rules.no_secrets {
        violations.extend(analysis.secrets.iter().map(secrets::violation));
        rules.push(RuleInfo {
            id: "no-secrets".to_owned(),
            description: "No secrets in the repository".to_owned(),
            help: "Rotate the secret, remove it, and load it from the environment or a secret manager."
                .to_owned(),
        });
        rules.extend(secrets::rule_infos(&analysis.secrets));
    }
    if let Some(threshold) = config.rules.no_vulnerable_dependencies {
        match &analysis.vulnerabilities {
            // `check` refuses to start without the data ([`options`]); others say so.
            None => notes.push(format!("no_vulnerable_dependencies was not checked: {NEEDS_OSV}")),
            Some(vulns) => {
                notes.extend(analysis.dependency_warnings.iter().cloned());
                let (rule, found) = deps::violations(vulns, threshold);
                rules.push(rule);
                violations.extend(found);
            }
        }
    }
    violations.sort();
    advise(&mut violations, analysis);
    Evaluation { rules, violations, notes }
}

/// Fills each violation's advice: why the rule exists (the rule's `reason`, `[rules.why]`, else
/// the kind's default), what to do instead (for a dependency rule, a component the importer
/// already uses that already uses the target), and who to ask (the target's authors, else the
/// file's, active people first).
fn advise(violations: &mut [Violation], analysis: &Analysis) {
    let rules = &analysis.config.rules;
    let reasons: BTreeMap<String, String> = rules
        .forbidden
        .iter()
        .filter_map(|f| Some((format!("forbidden/{}", f.name), f.reason.clone()?)))
        .chain(
            rules
                .independent
                .iter()
                .filter_map(|i| Some((format!("independent/{}", i.name.clone()?), i.reason.clone()?))),
        )
        .chain(rules.layers.iter().filter_map(|l| Some(("layers".to_owned(), l.reason.clone()?))))
        .collect();
    let history = analysis.history.as_ref().map(|h| &h.report);
    let active: std::collections::HashSet<&str> = history
        .map(|h| h.authors.iter().filter(|a| a.active && !a.bot).map(|a| a.name.as_str()).collect())
        .unwrap_or_default();
    let authors = |path: &str| -> Vec<String> {
        let Some(f) = history.and_then(|h| h.files.iter().find(|f| f.path == path)) else {
            return Vec::new();
        };
        let mut people: Vec<&String> = f.doa_authors.iter().collect();
        people.sort_by_key(|n| !active.contains(n.as_str()));
        people
            .into_iter()
            .take(3)
            .map(|n| if active.contains(n.as_str()) { n.clone() } else { format!("{n} (inactive)") })
            .collect()
    };
    let model = &analysis.model;
    let node: BTreeMap<&str, usize> =
        model.nodes.iter().enumerate().map(|(i, n)| (n.path.as_str(), i)).collect();
    let graph = &analysis.arch.component_graph;
    for v in violations.iter_mut() {
        let kind = v.rule.split('/').next().unwrap_or(&v.rule);
        let kind = if v.rule.starts_with("allowed/") { "allowed" } else { kind };
        v.advice.why = reasons
            .get(&v.rule)
            .or_else(|| rules.why.get(&v.rule))
            .or_else(|| rules.why.get(kind))
            .cloned()
            .unwrap_or_else(|| principal_rules::default_why(kind).to_owned());
        v.advice.ask =
            v.target.as_deref().map(authors).filter(|a| !a.is_empty()).unwrap_or_else(|| authors(&v.path));
        let (Some(target), Some(&from)) = (v.target.as_deref(), node.get(v.path.as_str())) else { continue };
        let Some(&to) = node.get(target) else { continue };
        let (fc, tc) = (model.nodes[from].component as usize, model.nodes[to].component as usize);
        if fc == tc {
            continue;
        }
        // A component the importer already uses, which already uses the target's component.
        let via = graph.succ[fc]
            .iter()
            .map(|&c| c as usize)
            .filter(|&c| c != tc && c != fc && graph.succ[c].iter().any(|&d| d as usize == tc))
            .min_by_key(|&c| &model.components[c].id);
        if let Some(c) = via {
            let (via, from_id, to_id) =
                (&model.components[c].id, &model.components[fc].id, &model.components[tc].id);
            v.advice.instead = Some(format!(
                "go through `{via}`, which `{from_id}` already uses and which already depends on `{to_id}`"
            ));
        }
    }
}

/// The analysis options that `check` needs for `config`: history only for `min_truck_factor`,
/// secrets only for `no_secrets`, OSV data only for `no_vulnerable_dependencies`.
pub fn options<'a>(
    tree: TreeOptions,
    config: principal_rules::Config,
    scanner: Option<&'a principal_security::Scanner>,
    osv_db: &[PathBuf],
) -> anyhow::Result<AnalysisOptions<'a>> {
    let rules = &config.rules;
    if rules.no_vulnerable_dependencies.is_some() && osv_db.is_empty() {
        anyhow::bail!(NEEDS_OSV);
    }
    let history = rules.min_truck_factor.is_some();
    let secrets = if rules.no_secrets { scanner } else { None };
    let osv_db = if rules.no_vulnerable_dependencies.is_some() { osv_db.to_vec() } else { Vec::new() };
    Ok(AnalysisOptions { history, secrets, osv_db, ..AnalysisOptions::new(tree, config) })
}

/// Where `principal check PATH` runs. Rules are written relative to the directory of their
/// principal.toml, so a check of a sub-directory without its own principal.toml runs at the
/// nearest parent that has one (up to the repository's top, the first directory holding
/// `.git`) and reports the violations under PATH.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The directory analysed, where the config and the default baseline are.
    pub root: PathBuf,
    /// The config found there, if any.
    pub config: Option<PathBuf>,
    /// PATH relative to `root` when they differ: only violations under it are reported.
    pub within: Option<String>,
}

impl Scope {
    /// Finds the scope of a check of `path`; `explicit` (`--config`) keeps `path` as the root.
    pub fn of(path: &Path, explicit: Option<&Path>) -> Scope {
        let start = crate::tree::root_of(path);
        if let Some(p) = explicit {
            return Scope { root: start, config: Some(p.to_owned()), within: None };
        }
        let mut dir = start.as_path();
        loop {
            let candidate = dir.join("principal.toml");
            if std::fs::symlink_metadata(&candidate).is_ok() {
                let within = start
                    .strip_prefix(dir)
                    .ok()
                    .map(|rel| rel.to_string_lossy().replace('\\', "/"))
                    .filter(|rel| !rel.is_empty());
                return Scope { root: dir.to_owned(), config: Some(candidate), within };
            }
            if dir.join(".git").exists() {
                break;
            }
            match dir.parent() {
                Some(parent) => dir = parent,
                None => break,
            }
        }
        Scope { root: start, config: None, within: None }
    }

    /// Whether a violation's path lies under the checked directory.
    pub fn holds(&self, violation_path: &str) -> bool {
        match &self.within {
            None => true,
            Some(w) => {
                violation_path == w
                    || violation_path.strip_prefix(w.as_str()).is_some_and(|r| r.starts_with('/'))
            }
        }
    }
}

/// Reads the baseline: `explicit` (`--baseline`, which must exist unless it is being written),
/// else `dir/principal-baseline.json` when it exists. Returns its path too.
pub fn load_baseline(
    dir: &Path,
    explicit: Option<&Path>,
    updating: bool,
) -> anyhow::Result<(PathBuf, Option<Baseline>)> {
    let path = explicit.map(Path::to_path_buf).unwrap_or_else(|| dir.join("principal-baseline.json"));
    if updating || !path.is_file() {
        if explicit.is_some() && !updating {
            anyhow::bail!("--baseline {}: no such file; create it with --update-baseline", path.display());
        }
        return Ok((path, None));
    }
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let b: Baseline = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}: not a Principal baseline ({e}); regenerate it with `principal check --update-baseline`",
            path.display()
        )
    })?;
    if b.schema != principal_rules::BASELINE_SCHEMA {
        anyhow::bail!(
            "{}: schema `{}`, expected `{}`; regenerate it with --update-baseline",
            path.display(),
            b.schema,
            principal_rules::BASELINE_SCHEMA
        );
    }
    Ok((path, Some(b)))
}

/// Writes today's violations as the baseline; returns how many it holds.
pub fn write_baseline(path: &Path, violations: &[Violation]) -> anyhow::Result<usize> {
    let b = Baseline::of(violations);
    let mut text = serde_json::to_string_pretty(&b).context("serialising the baseline")?;
    text.push('\n');
    crate::output::write_file(path, text.as_bytes())?;
    Ok(b.violations.len())
}

/// The source line of each violation, reading each file once, with secrets redacted by
/// `redactor`'s rules.
pub fn source_lines<'a>(
    root: &Path,
    violations: impl Iterator<Item = &'a Violation>,
    redactor: Option<&principal_security::Scanner>,
) -> BTreeMap<(String, u32), String> {
    let mut wanted: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    // Never the line of a secret: it holds the secret.
    for v in violations.filter(|v| !v.rule.starts_with("secret/")) {
        if let Some(l) = v.line {
            wanted.entry(v.path.as_str()).or_default().push(l);
        }
    }
    let mut out = BTreeMap::new();
    for (path, lines) in wanted {
        let file = if root.is_file() { root.to_owned() } else { root.join(path) };
        let Ok(bytes) = std::fs::read(&file) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        let all: Vec<&str> = text.lines().collect();
        for l in lines {
            if let Some(line) = all.get(l.saturating_sub(1) as usize) {
                let line: String = line.chars().take(200).collect();
                let line = redactor.map_or(line.clone(), |r| r.redact_text(&line).into_owned());
                out.insert((path.to_owned(), l), line);
            }
        }
    }
    out
}

/// A check of `path` with `config`, as `principal check` runs it.
pub fn check(
    path: &Path,
    tree: TreeOptions,
    config: principal_rules::Config,
    osv_db: &[PathBuf],
    reporter: &dyn Reporter,
) -> anyhow::Result<(Analysis, Evaluation)> {
    let scanner = if config.rules.no_secrets { Some(secrets::scanner(&config)?) } else { None };
    let options = options(tree, config, scanner.as_ref(), osv_db)?;
    let analysis = crate::analyse(path, options, reporter)?;
    let evaluation = evaluate(&analysis);
    Ok((analysis, evaluation))
}
