//! The dependency inventory, OSV data, and what `check` and `audit` make of vulnerabilities.

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

use anyhow::Context;
use principal_security::deps::Package;
use principal_security::osv::{Database, Vulnerability};

use crate::Reporter;
use crate::tree::{MAX_DEPENDENCY_FILE, TreeOptions};

/// Packages, dependency edges (purl to purl), and warnings.
pub struct Inventory {
    pub packages: Vec<Package>,
    pub edges: Vec<(String, String)>,
    pub warnings: Vec<String>,
}

/// Every dependency file under `path`, read by a walk of its own (`principal deps`).
pub fn inventory(path: &Path, options: &TreeOptions, reporter: &dyn Reporter) -> anyhow::Result<Inventory> {
    let scan_options = principal_scan::ScanOptions {
        max_file_size: options.max_file_size.max(MAX_DEPENDENCY_FILE),
        cache_dir: None,
        ..options.scan_options(&[], false)
    };
    let select = |p: &str| {
        if principal_security::deps::is_dependency_file(p.rsplit('/').next().unwrap_or(p)) {
            principal_scan::Select::Visit
        } else {
            principal_scan::Select::Ignore
        }
    };
    let visited = principal_scan::for_each_file(
        path,
        &scan_options,
        &*reporter.progress("reading lockfiles"),
        select,
        |_, bytes| Ok(vec![String::from_utf8_lossy(bytes).into_owned()]),
    )?;
    let files = visited.found.into_iter().filter_map(|(p, mut t)| Some((p, t.pop()?))).collect();
    inventory_of(path, options, files, &BTreeMap::new())
}

/// The inventory from dependency files already read (`files`: path, text), with `manifests`
/// (path, text) for telling direct dependencies; a sibling manifest not among them is read from
/// disk. Lockfiles that are committed although .gitignore names them are read from the index.
pub fn inventory_of(
    path: &Path,
    options: &TreeOptions,
    mut files: Vec<(String, String)>,
    manifests: &BTreeMap<&str, &str>,
) -> anyhow::Result<Inventory> {
    let root = std::path::absolute(path).context("resolving the path")?;
    let select = |p: &str| principal_security::deps::is_dependency_file(p.rsplit('/').next().unwrap_or(p));
    if let Ok(tracked) = principal_git::tracked_files(path) {
        let seen: HashSet<String> = files.iter().map(|(p, _)| p.clone()).collect();
        for rel in tracked {
            let vendored = !options.include_vendored
                && rel.split('/').rev().skip(1).any(principal_scan::is_vendored_dir);
            if seen.contains(&rel) || vendored || !select(&rel) {
                continue;
            }
            let Ok(bytes) = std::fs::read(root.join(&rel)) else { continue };
            files.push((rel, String::from_utf8_lossy(&bytes).into_owned()));
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
    }
    let mut inv = Inventory { packages: Vec::new(), edges: Vec::new(), warnings: Vec::new() };
    let canonical_root = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
    for (p, text) in &files {
        let dir = p.rsplit_once('/').map_or("", |(d, _)| d);
        // A sibling or an included file, read only inside the repository: never through a
        // link or `..` out of it, and never a file past the size limit.
        let sibling = |name: &str| {
            let rel = if dir.is_empty() { name.to_owned() } else { format!("{dir}/{name}") };
            if let Some(text) = manifests.get(rel.as_str()) {
                return Some((*text).to_owned());
            }
            let real = std::fs::canonicalize(root.join(&rel)).ok()?;
            let small = std::fs::metadata(&real).is_ok_and(|m| m.is_file() && m.len() <= MAX_DEPENDENCY_FILE);
            (real.starts_with(&canonical_root) && small)
                .then(|| std::fs::read_to_string(&real).ok())
                .flatten()
        };
        match principal_security::deps::parse(p, text, &sibling) {
            Ok(x) => {
                inv.packages.extend(x.packages);
                inv.edges.extend(x.edges);
                inv.warnings.extend(x.warnings);
            }
            Err(e) => inv.warnings.push(format!("{p}: cannot parse ({e}); its dependencies are left out")),
        }
    }
    inv.packages.sort();
    inv.packages.dedup();
    inv.edges.sort();
    inv.edges.dedup();
    // An included requirements file is read from each file that includes it.
    inv.warnings.sort();
    inv.warnings.dedup();
    Ok(inv)
}

/// The vulnerabilities of `packages` in `db`, sorted and deduplicated.
pub fn vulnerabilities(packages: &[Package], db: &Database) -> Vec<Vulnerability> {
    let mut v: Vec<Vulnerability> = packages.iter().flat_map(|p| db.matches(p)).collect();
    v.sort();
    v.dedup();
    v
}

/// Loads OSV records from directories (JSON files and zips, recursively) and `all.zip` files.
pub fn load_osv(paths: &[PathBuf], warnings: &mut Vec<String>) -> anyhow::Result<Database> {
    let mut db = Database::default();
    let mut bad: Vec<String> = Vec::new();
    let mut add = |name: &str, bytes: &[u8], db: &mut Database| match serde_json::from_slice::<
        principal_security::osv::Record,
    >(bytes)
    {
        Ok(r) => db.add(r),
        Err(e) => {
            tracing::debug!("{name}: not an OSV record: {e}");
            bad.push(name.to_owned());
        }
    };
    let zip_file = |p: &Path, db: &mut Database, add: &mut dyn FnMut(&str, &[u8], &mut Database)| {
        let file = std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?;
        read_zip(io::BufReader::new(file), &p.display().to_string(), &mut |name, bytes| add(name, bytes, db))
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
        warnings.push(format!(
            "{} files in the OSV data were not OSV records and were skipped: {}",
            bad.len(),
            crate::sample(&bad, 5)
        ));
    }
    if db.is_empty() {
        warnings.push("the OSV data holds no records".to_owned());
    }
    Ok(db)
}

/// The most bytes one OSV record may take uncompressed: the largest real records are a few
/// hundred KiB, and a zip bomb (a small file inflating to gigabytes) stops here.
pub const MAX_OSV_RECORD: u64 = 16 << 20;

/// Reads the `.json` entries of an OSV zip (`name` names it in errors), each bounded by
/// [`MAX_OSV_RECORD`]: a larger entry is an error naming it, not a memory blow-up.
pub fn read_zip(
    reader: impl io::Read + io::Seek,
    name: &str,
    add: &mut dyn FnMut(&str, &[u8]),
) -> anyhow::Result<()> {
    let mut archive = zip::ZipArchive::new(reader)
        .map_err(|e| anyhow::anyhow!("{name}: not a readable zip ({e}); download it again from osv.dev"))?;
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        let entry_name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if !entry_name.ends_with(".json") {
            continue;
        }
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut io::Read::take(entry, MAX_OSV_RECORD + 1), &mut bytes)
            .with_context(|| format!("{name}: reading {entry_name}"))?;
        if bytes.len() as u64 > MAX_OSV_RECORD {
            anyhow::bail!(
                "{name}: {entry_name} inflates past {} MiB, more than any OSV record; the zip is damaged or                  hostile. Download it again from osv.dev",
                MAX_OSV_RECORD >> 20
            );
        }
        add(&entry_name, &bytes);
    }
    Ok(())
}

/// Vulnerable dependencies as rule violations (`no-vulnerable-dependencies`) at or above the
/// threshold, with the rule's description.
pub fn violations(
    vulns: &[Vulnerability],
    threshold: principal_rules::SeverityThreshold,
) -> (principal_rules::RuleInfo, Vec<principal_rules::Violation>) {
    let rule = principal_rules::RuleInfo {
        id: "no-vulnerable-dependencies".to_owned(),
        description: format!("No dependency with a known vulnerability of severity {threshold:?} or above"),
        help: "Upgrade to the fixed version; if there is none, replace or isolate the package.".to_owned(),
    };
    let violations = vulns
        .iter()
        .filter(|v| principal_rules::SeverityThreshold::of(v.severity.as_deref()) >= threshold)
        .map(|v| principal_rules::Violation {
            rule: "no-vulnerable-dependencies".to_owned(),
            path: v.manifest.clone(),
            line: None,
            message: format!(
                "{} {} ({}) has {}: {}{}",
                v.package,
                v.version,
                v.ecosystem,
                v.id,
                v.summary,
                v.fixed.as_ref().map(|f| format!("; fixed in {f}")).unwrap_or_default()
            ),
            target: None,
            fingerprint: principal_rules::fingerprint(&[
                "no-vulnerable-dependencies",
                &v.ecosystem,
                &v.package,
                &v.version,
                &v.id,
            ]),
            advice: Default::default(),
        })
        .collect();
    (rule, violations)
}

/// Vulnerable dependencies as risks for the audit's register.
pub fn risks(vulns: &[Vulnerability]) -> Vec<principal_audit::Risk> {
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

/// Report warnings through the reporter.
pub(crate) fn warn_all(reporter: &dyn Reporter, warnings: &[String]) {
    for w in warnings {
        reporter.warn(w);
    }
}
