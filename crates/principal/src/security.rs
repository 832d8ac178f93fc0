//! `principal secrets`, and the secret findings that `check` and `audit` share.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use principal_report::Style;
use serde::Serialize;

use crate::cli::{DepsArgs, DepsFormat, SecretsArgs, SecretsFormat, TreeArgs};
use crate::progress::Bar;

pub const SCHEMA: &str = "principal.secrets/1";

/// One finding, as `principal.secrets/1` writes it. Never the secret: `redacted` shows at most
/// its first 4 characters.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: String,
    pub description: String,
    pub path: String,
    pub line: u32,
    pub commit: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub present: bool,
    pub redacted: String,
    pub fingerprint: String,
}

/// The secret rules for `dir`: its principal.toml's `[secrets]` (or `config`'s), over the
/// built-in rules.
pub fn scanner(config: &principal_rules::Config) -> anyhow::Result<principal_security::Scanner> {
    Ok(principal_security::Scanner::new(&config.secrets)?)
}

/// Secrets in the work tree, hidden files (`.env`) included.
pub fn tree_findings(
    path: &Path,
    tree: &TreeArgs,
    scanner: &principal_security::Scanner,
    quiet: bool,
    exclude: &[std::path::PathBuf],
) -> anyhow::Result<Vec<Finding>> {
    let options = principal_scan::ScanOptions {
        max_file_size: tree.max_file_size,
        include_vendored: tree.include_vendored,
        cache_dir: None,
        exclude: exclude.to_vec(),
        include_hidden: true,
    };
    let not_lockfile =
        |p: &str| tree.include_vendored || !principal_scan::is_lockfile(p.rsplit('/').next().unwrap_or(p));
    let found = principal_scan::for_each_file(
        path,
        &options,
        &Bar::new(quiet, "searching for secrets"),
        not_lockfile,
        |p, b| scanner.scan(p, b),
    )?;
    Ok(found
        .into_iter()
        .flat_map(|(p, hits)| {
            hits.into_iter().map(move |h| Finding {
                description: scanner.description(&h.rule).to_owned(),
                rule: h.rule,
                path: p.clone(),
                line: h.line,
                commit: None,
                author: None,
                date: None,
                present: true,
                redacted: h.redacted,
                fingerprint: h.fingerprint,
            })
        })
        .collect())
}

pub fn run_secrets(args: &SecretsArgs, quiet: bool, style: Style) -> anyhow::Result<ExitCode> {
    if !args.path.exists() {
        anyhow::bail!("{}: no such file or directory", args.path.display());
    }
    let config = crate::commands::load_config(args.config.as_deref(), None, &args.path)?;
    let scanner = scanner(&config)?;
    let mut findings = tree_findings(&args.path, &args.tree, &scanner, quiet, &[])?;
    if args.history {
        let found = principal_git::scan_added_blobs(
            &args.path,
            args.tree.max_file_size,
            &Bar::new(quiet, "reading history"),
            |p, b| scanner.scan(p, b),
        )?;
        // The tree's findings by secret: a historical secret still in the tree is present.
        let in_tree: std::collections::HashSet<(String, String)> =
            findings.iter().map(|f| (f.rule.clone(), f.fingerprint.clone())).collect();
        let mut seen: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
        let mut historical = Vec::new();
        // Oldest first: the first blob with a secret is where it was introduced.
        for (intro, hits) in found {
            for h in hits {
                let key = (h.rule.clone(), h.fingerprint.clone());
                if !seen.insert(key.clone()) {
                    continue;
                }
                historical.push(Finding {
                    description: scanner.description(&h.rule).to_owned(),
                    present: in_tree.contains(&key),
                    rule: h.rule,
                    path: intro.path.clone(),
                    line: h.line,
                    commit: Some(intro.commit.clone()),
                    author: Some(intro.author.name.clone()),
                    date: Some(principal_history::date_of(intro.time)),
                    redacted: h.redacted,
                    fingerprint: h.fingerprint,
                });
            }
        }
        // Tree findings never committed keep commit null.
        findings.retain(|f| !seen.contains(&(f.rule.clone(), f.fingerprint.clone())));
        findings.extend(historical);
    }
    findings
        .sort_by(|a, b| (&a.path, a.line, &a.rule, &a.commit).cmp(&(&b.path, b.line, &b.rule, &b.commit)));

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        SecretsFormat::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                schema: &'static str,
                findings: &'a [Finding],
            }
            serde_json::to_writer_pretty(&mut out, &Doc { schema: SCHEMA, findings: &findings })?;
            writeln!(out)?;
        }
        SecretsFormat::Sarif => {
            let violations: Vec<principal_rules::Violation> = findings.iter().map(violation).collect();
            let refs: Vec<&principal_rules::Violation> = violations.iter().collect();
            let rules = rule_infos(&findings);
            let input = principal_report::check::CheckInput {
                config: None,
                rules: &rules,
                new: &refs,
                baselined: &[],
                fixed: &[],
                snippets: &BTreeMap::new(),
                prefix: "",
                notes: &[],
            };
            principal_report::check::write_sarif(&mut out, &input)?;
        }
        SecretsFormat::Text => {
            for f in &findings {
                let mut where_ = format!("{}:{}", f.path, f.line);
                if let Some(c) = &f.commit {
                    where_.push_str(&format!(
                        " (added in {} by {} on {}{})",
                        c.get(..12).unwrap_or(c),
                        f.author.as_deref().unwrap_or("?"),
                        f.date.as_deref().unwrap_or("?"),
                        if f.present { ", still present" } else { ", since removed; rotate it anyway" }
                    ));
                }
                writeln!(
                    out,
                    "{}  {}  {} {}  fingerprint {}",
                    style.yellow(&where_),
                    f.rule,
                    f.description,
                    f.redacted,
                    f.fingerprint
                )?;
            }
            writeln!(
                out,
                "{} {}.",
                findings.len(),
                if findings.len() == 1 { "possible secret" } else { "possible secrets" }
            )?;
            if !findings.is_empty() {
                writeln!(
                    out,
                    "Rotate real secrets first (a secret in history stays readable after deletion); suppress false \
                     positives with `principal:allow` on the line or [secrets] allow in principal.toml."
                )?;
            }
        }
    }
    out.flush().context("writing the findings")?;
    Ok(if findings.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// A finding as a rule violation (`secret/<rule>`), for `check`, its baseline and SARIF.
pub fn violation(f: &Finding) -> principal_rules::Violation {
    principal_rules::Violation {
        rule: format!("secret/{}", f.rule),
        path: f.path.clone(),
        line: Some(f.line),
        message: format!("possible {} ({}, fingerprint {})", f.description, f.redacted, f.fingerprint),
        target: None,
        fingerprint: f.fingerprint.clone(),
    }
}

pub fn rule_infos(findings: &[Finding]) -> Vec<principal_rules::RuleInfo> {
    let mut rules: Vec<principal_rules::RuleInfo> = findings
        .iter()
        .map(|f| principal_rules::RuleInfo {
            id: format!("secret/{}", f.rule),
            description: format!("No {} in the repository", f.description),
            help: "Rotate the secret, remove it, and load it from the environment or a secret manager. A \
                   secret in git history stays readable after deletion: rotate it even if it is gone."
                .to_owned(),
        })
        .collect();
    rules.sort();
    rules.dedup_by(|a, b| a.id == b.id);
    rules
}

/// Secret findings as risks for the audit's register.
pub fn risks(findings: &[Finding]) -> Vec<principal_audit::Risk> {
    use principal_audit::{Audience, Fact, Location, Risk, RiskKind};
    findings
        .iter()
        .map(|f| {
            let generic = f.rule == "generic-secret";
            Risk::new(
                RiskKind::Secret,
                &format!("{}:{}", f.path, f.fingerprint),
                if generic { 70.0 } else { 90.0 },
                format!("Possible {} in {}:{} ({})", f.description, f.path, f.line, f.redacted),
                vec![Location { path: f.path.clone(), line: Some(f.line) }],
                vec![
                    ("rule", Fact::from(f.rule.as_str())),
                    ("redacted", Fact::from(f.redacted.as_str())),
                    ("fingerprint", Fact::from(f.fingerprint.as_str())),
                ],
                Audience::Leadership,
                [
                    "Anyone who can read the repository can use a committed credential, and it stays in the git \
                     history after it is deleted."
                        .to_owned(),
                    "Rotate the credential now, remove it from the code, and load it from the environment or a \
                     secret manager; then check the history with `principal secrets --history`."
                        .to_owned(),
                    format!("A password or key appears to be written into the code ({}).", f.path),
                ],
            )
        })
        .collect()
}

/// Packages, dependency edges (purl to purl), and warnings.
type Inventory = (Vec<principal_security::deps::Package>, Vec<(String, String)>, Vec<String>);

/// Every dependency file under `path`, parsed; corrupt files become warnings.
pub fn inventory(path: &Path, tree: &TreeArgs, quiet: bool) -> anyhow::Result<Inventory> {
    let options = principal_scan::ScanOptions {
        max_file_size: tree.max_file_size.max(64 << 20),
        include_vendored: tree.include_vendored,
        cache_dir: None,
        exclude: Vec::new(),
        include_hidden: false,
    };
    let root = std::path::absolute(path).context("resolving the path")?;
    let select = |p: &str| principal_security::deps::is_dependency_file(p.rsplit('/').next().unwrap_or(p));
    // A dependency file, with the manifests beside it for telling direct dependencies.
    let parse_file = |p: &str, bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        let dir = p.rsplit_once('/').map_or("", |(d, _)| d);
        let sibling = |name: &str| std::fs::read_to_string(root.join(dir).join(name)).ok();
        principal_security::deps::parse(p, &text, &sibling)
    };
    let mut parsed = principal_scan::for_each_file(
        path,
        &options,
        &Bar::new(quiet, "reading lockfiles"),
        select,
        |p, bytes| vec![parse_file(p, bytes)],
    )?;
    // Lockfiles that are committed although .gitignore names them (the walk skips those).
    if let Ok(tracked) = principal_git::tracked_files(path) {
        let seen: std::collections::HashSet<String> = parsed.iter().map(|(p, _)| p.clone()).collect();
        for rel in tracked {
            let vendored =
                !tree.include_vendored && rel.split('/').rev().skip(1).any(principal_scan::is_vendored_dir);
            if seen.contains(&rel) || vendored || !select(&rel) {
                continue;
            }
            let Ok(bytes) = std::fs::read(root.join(&rel)) else { continue };
            let result = parse_file(&rel, &bytes);
            parsed.push((rel, vec![result]));
        }
        parsed.sort_by(|a, b| a.0.cmp(&b.0));
    }
    let mut packages = Vec::new();
    let mut edges = Vec::new();
    let mut warnings = Vec::new();
    for (p, results) in parsed {
        for r in results {
            match r {
                Ok(x) => {
                    packages.extend(x.packages);
                    edges.extend(x.edges);
                }
                Err(e) => warnings.push(format!("{p}: cannot parse ({e}); its dependencies are left out")),
            }
        }
    }
    packages.sort();
    packages.dedup();
    edges.sort();
    edges.dedup();
    Ok((packages, edges, warnings))
}

/// Loads OSV records from directories (JSON files and zips, recursively) and `all.zip` files.
pub fn load_osv(
    paths: &[std::path::PathBuf],
    warnings: &mut Vec<String>,
) -> anyhow::Result<principal_security::osv::Database> {
    let mut db = principal_security::osv::Database::default();
    let mut bad: Vec<String> = Vec::new();
    let mut add = |name: &str, bytes: &[u8], db: &mut principal_security::osv::Database| {
        match serde_json::from_slice::<principal_security::osv::Record>(bytes) {
            Ok(r) => db.add(r),
            Err(e) => {
                tracing::debug!("{name}: not an OSV record: {e}");
                bad.push(name.to_owned());
            }
        }
    };
    let zip_file = |p: &Path,
                    db: &mut principal_security::osv::Database,
                    add: &mut dyn FnMut(&str, &[u8], &mut principal_security::osv::Database)|
     -> anyhow::Result<()> {
        let file = std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?;
        let mut archive = zip::ZipArchive::new(io::BufReader::new(file)).map_err(|e| {
            anyhow::anyhow!("{}: not a readable zip ({e}); download it again from osv.dev", p.display())
        })?;
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
            if !name.ends_with(".json") {
                continue;
            }
            let mut bytes = Vec::new();
            io::Read::read_to_end(&mut entry, &mut bytes)
                .with_context(|| format!("{}: reading {name}", p.display()))?;
            add(&name, &bytes, db);
        }
        Ok(())
    };
    for path in paths {
        if path.is_file() {
            zip_file(path, &mut db, &mut add)?;
        } else if path.is_dir() {
            for entry in ignore::WalkBuilder::new(path).standard_filters(false).build() {
                let entry = entry.with_context(|| format!("walking {}", path.display()))?;
                let p = entry.path();
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                match p.extension().and_then(|e| e.to_str()) {
                    Some("json") => {
                        let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
                        add(&p.display().to_string(), &bytes, &mut db);
                    }
                    Some("zip") => zip_file(p, &mut db, &mut add)?,
                    _ => {}
                }
            }
        } else {
            anyhow::bail!(
                "--osv-db {}: no such file or directory; give a directory of OSV JSON files or an all.zip",
                path.display()
            );
        }
    }
    if !bad.is_empty() {
        bad.sort();
        let shown: Vec<&str> = bad.iter().take(5).map(String::as_str).collect();
        warnings.push(format!(
            "{} files in the OSV data were not OSV records and were skipped: {}{}",
            bad.len(),
            shown.join(", "),
            if bad.len() > 5 { ", …" } else { "" }
        ));
    }
    if db.is_empty() {
        warnings.push("the OSV data holds no records".to_owned());
    }
    Ok(db)
}

pub fn run_deps(args: &DepsArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    if !args.path.exists() {
        anyhow::bail!("{}: no such file or directory", args.path.display());
    }
    let (packages, edges, mut warnings) = inventory(&args.path, &args.tree, quiet)?;
    let vulnerabilities = if args.osv_db.is_empty() {
        None
    } else {
        let db = load_osv(&args.osv_db, &mut warnings)?;
        let mut v: Vec<principal_security::osv::Vulnerability> =
            packages.iter().flat_map(|p| db.matches(p)).collect();
        v.sort();
        v.dedup();
        Some(v)
    };
    let name = std::path::absolute(&args.path)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "repository".to_owned());
    let input = principal_report::deps::DepsInput {
        name: &name,
        packages: &packages,
        edges: &edges,
        vulnerabilities: vulnerabilities.as_deref(),
        warnings: &warnings,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        DepsFormat::Text => principal_report::deps::write_text(&mut out, &input, args.top),
        DepsFormat::Json => principal_report::deps::write_json(&mut out, &input),
        DepsFormat::Cyclonedx => principal_report::deps::write_cyclonedx(&mut out, &input),
    }
    .context("writing the inventory")?;
    out.flush().context("writing the inventory")?;
    Ok(if vulnerabilities.is_some_and(|v| !v.is_empty()) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Vulnerable dependencies as risks for the audit's register.
pub fn vulnerability_risks(vulns: &[principal_security::osv::Vulnerability]) -> Vec<principal_audit::Risk> {
    use principal_audit::{Audience, Fact, Location, Risk, RiskKind};
    vulns
        .iter()
        .map(|v| {
            let severity = v.severity.clone().unwrap_or_default().to_ascii_uppercase();
            let score = match severity.as_str() {
                "CRITICAL" => 90.0,
                "HIGH" => 80.0,
                "MODERATE" | "MEDIUM" => 60.0,
                "LOW" => 40.0,
                _ => 65.0,
            };
            let fix = v.fixed.as_ref().map_or_else(
                || "No fixed version is published: assess the exposure, and replace or isolate the package.".to_owned(),
                |f| format!("Upgrade {} to {f} or later in {}.", v.package, v.manifest),
            );
            Risk::new(
                RiskKind::VulnerableDependency,
                &format!("{}:{}@{}:{}", v.ecosystem, v.package, v.version, v.id),
                score,
                format!("{} {} has a known vulnerability: {} ({})", v.package, v.version, v.id, v.summary),
                vec![Location { path: v.manifest.clone(), line: None }],
                vec![
                    ("id", Fact::from(v.id.as_str())),
                    ("aliases", Fact::from(v.aliases.clone())),
                    ("package", Fact::from(format!("{} {}", v.package, v.version))),
                    ("fixed", Fact::from(v.fixed.clone().unwrap_or_else(|| "none".to_owned()))),
                    ("severity", Fact::from(v.severity.clone().unwrap_or_else(|| "unknown".to_owned()))),
                ],
                Audience::Engineering,
                [
                    "A dependency with a published vulnerability is a known way in: attackers scan for exactly these versions."
                        .to_owned(),
                    fix,
                    format!("A third-party component ({}) has a published security flaw.", v.package),
                ],
            )
        })
        .collect()
}
