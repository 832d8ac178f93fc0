//! Secret findings: the tree's (from the one read), the history's, and what `check` and `audit`
//! make of them (violations and risks).

use std::collections::{HashMap, HashSet};
use std::path::Path;

pub use principal_security::Confidence;
use principal_security::{Finding, Scanner};

use crate::Reporter;
use crate::tree::TreeOptions;

pub const SCHEMA: &str = "principal.secrets/1";

/// The secret rules of a config: its `[secrets]` over the built-in rules.
pub fn scanner(config: &principal_rules::Config) -> anyhow::Result<Scanner> {
    Ok(Scanner::new(&config.secrets)?)
}

/// Which history `principal secrets --history` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryScope {
    /// Commits reachable from HEAD: the history of the checked-out code (the default: what CI
    /// checks out, and deterministic for a commit).
    Head,
    /// Commits reachable from any branch, remote branch, tag or the stash too: what anyone
    /// with a clone can read.
    AllRefs,
}

/// What `principal secrets` found, what it could not scan, and how complete the history was.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by path, line, rule and commit.
    pub findings: Vec<Finding>,
    /// Files and directories of the work tree left out, with why.
    pub skipped: Vec<principal_model::Skipped>,
    /// Notes on the history read: shallow, unreadable objects, which refs.
    pub notes: Vec<String>,
}

/// Secrets in the work tree (hidden files such as `.env` included), and with `history` in every
/// blob ever committed.
pub fn find(
    path: &Path,
    options: &TreeOptions,
    scanner: &Scanner,
    history: Option<HistoryScope>,
    reporter: &dyn Reporter,
) -> anyhow::Result<Report> {
    let (mut findings, skipped) = in_tree(path, options, scanner, reporter)?;
    let mut notes = Vec::new();
    if let Some(scope) = history {
        let scan = principal_git::scan_added_blobs(
            path,
            options.max_file_size,
            scope == HistoryScope::AllRefs,
            &*reporter.progress("reading history"),
            |p, b| scanner.scan(p, b),
        )?;
        if scan.shallow {
            notes.push(
                "the clone is shallow: the history before its boundary is not in it and was not searched; the \
                 boundary commits' files count as added there (fetch with --unshallow to search it all)"
                    .to_owned(),
            );
        }
        if !scan.unreadable.is_empty() {
            notes.push(format!(
                "history partial: {} objects unreadable and not searched ({})",
                scan.unreadable.len(),
                crate::sample(&scan.unreadable, 3)
            ));
        }
        notes.push(match scope {
            HistoryScope::Head => {
                "history searched: commits reachable from HEAD (--all-refs adds every branch, tag and the stash)"
                    .to_owned()
            }
            HistoryScope::AllRefs => {
                format!("history searched: commits reachable from {} refs (HEAD, branches, tags, stash)", scan.tips)
            }
        });
        // Oldest first: the first blob with a secret is where it was introduced. A secret still
        // in the tree is reported where it is now, with the commit that introduced it; one since
        // removed, where it was added.
        let mut introduced: HashMap<(String, String), Finding> = HashMap::new();
        for (intro, hits) in scan.found {
            for h in hits {
                let key = (h.rule.clone(), h.fingerprint.clone());
                introduced.entry(key).or_insert_with(|| Finding {
                    description: scanner.description(&h.rule).to_owned(),
                    present: false,
                    rule: h.rule,
                    path: intro.path.clone(),
                    line: h.line,
                    commit: Some(intro.commit.clone()),
                    author: Some(intro.author.name.clone()),
                    date: Some(principal_history::date_of(intro.time)),
                    redacted: h.redacted,
                    fingerprint: h.fingerprint,
                    confidence: h.confidence,
                    context: h.context,
                    signals: h.signals,
                });
            }
        }
        let mut still: HashSet<(String, String)> = HashSet::new();
        for f in &mut findings {
            let key = (f.rule.clone(), f.fingerprint.clone());
            if let Some(intro) = introduced.get(&key) {
                // Tree findings never committed keep commit null.
                f.commit = intro.commit.clone();
                f.author = intro.author.clone();
                f.date = intro.date.clone();
                still.insert(key);
            }
        }
        findings.extend(introduced.into_iter().filter(|(key, _)| !still.contains(key)).map(|(_, f)| f));
    }
    lower_repeats(&mut findings);
    sort(&mut findings);
    Ok(Report { findings, skipped, notes })
}

/// Secrets in the work tree alone, for `principal secrets`: a walk that reads the files for
/// the secret scan only (the commands that also scan the code use [`crate::tree::read`]), with
/// the files it left out and why.
fn in_tree(
    path: &Path,
    options: &TreeOptions,
    scanner: &Scanner,
    reporter: &dyn Reporter,
) -> anyhow::Result<(Vec<Finding>, Vec<principal_model::Skipped>)> {
    let scan_options = principal_scan::ScanOptions { cache_dir: None, ..options.scan_options(&[], true) };
    let select = |p: &str| {
        if !options.include_vendored && principal_scan::is_lockfile(p.rsplit('/').next().unwrap_or(p)) {
            principal_scan::Select::Skip(principal_model::SkipReason::Lockfile)
        } else {
            principal_scan::Select::Visit
        }
    };
    let visited = principal_scan::for_each_file(
        path,
        &scan_options,
        &*reporter.progress("searching for secrets"),
        select,
        |p, b| match unsearched(p, b, options.include_vendored) {
            Some(reason) => Err(reason),
            None => Ok(scanner.scan(p, b)),
        },
    )?;
    let findings = visited
        .found
        .into_iter()
        .flat_map(|(p, hits)| hits.into_iter().map(move |h| Finding::in_tree(scanner, &p, h)))
        .collect();
    Ok((findings, visited.skipped))
}

/// Why a file's bytes are not searched for secrets: binary, or minified (as the scan leaves
/// minified bundles out, unless `include_vendored`).
pub(crate) fn unsearched(
    path: &str,
    bytes: &[u8],
    include_vendored: bool,
) -> Option<principal_model::SkipReason> {
    if principal_security::is_binary(&principal_security::decode_utf16(bytes)) {
        return Some(principal_model::SkipReason::Binary);
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    (!include_vendored && principal_lang::classify::is_minified(name, bytes))
        .then_some(principal_model::SkipReason::Minified)
}

/// The same value in this many files, most of them tests, fixtures, docs or examples, is a
/// shared test value, not a leak.
const REPEATED_IN: usize = 3;

/// Lowers to low confidence the values repeated across [`REPEATED_IN`] files or more, most of
/// them outside source (a fixture password copied into every test).
pub(crate) fn lower_repeats(findings: &mut [Finding]) {
    use std::collections::HashMap;
    let mut files: HashMap<&str, (HashSet<&str>, usize)> = HashMap::new();
    for f in findings.iter() {
        let e = files.entry(f.fingerprint.as_str()).or_default();
        if e.0.insert(f.path.as_str()) && f.context != principal_model::PathContext::Source {
            e.1 += 1;
        }
    }
    let repeated: HashSet<String> = files
        .into_iter()
        .filter(|(_, (paths, outside))| paths.len() >= REPEATED_IN && outside * 2 > paths.len())
        .map(|(fp, _)| fp.to_owned())
        .collect();
    for f in findings.iter_mut().filter(|f| repeated.contains(&f.fingerprint)) {
        if f.confidence > Confidence::Low {
            f.confidence = Confidence::Low;
            f.signals.push("the same value is in many files, most of them tests, docs or examples");
        }
    }
}

pub(crate) fn sort(findings: &mut [Finding]) {
    findings
        .sort_by(|a, b| (&a.path, a.line, &a.rule, &a.commit).cmp(&(&b.path, b.line, &b.rule, &b.commit)));
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
        advice: Default::default(),
    }
}

/// The rule descriptions of the secret rules that found something.
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

/// A secret finding's score in the register (docs/risks.md): only a high-confidence secret in
/// source can be critical (a provider key, a private key: 90) or high (a generic secret: 70); a
/// key in tests or fixtures is low (30, "confirm it is a throwaway test key"); in docs,
/// examples, generated or vendored code at most medium (40); a medium-confidence one is medium
/// (45) in source; a low-confidence one is low (15) and stays out of the register ([`risks`]),
/// as does a medium-confidence one in tests or fixtures, and a private key there.
pub fn score(f: &Finding) -> f64 {
    use Confidence as K;
    use principal_model::PathContext as C;
    match (f.confidence, f.context) {
        (K::Low, _) => 15.0,
        (_, C::Test | C::Fixture) => 30.0,
        (_, C::Docs | C::Example | C::Generated | C::Vendored) => 40.0,
        (K::Medium, C::Source) => 45.0,
        (K::High, C::Source) if f.rule == "generic-secret" => 70.0,
        (K::High, C::Source) => 90.0,
    }
}

/// Secret findings as risks for the audit's register.
pub fn risks(findings: &[Finding]) -> Vec<principal_audit::Risk> {
    use principal_audit::{Audience, Fact, Location, Risk, RiskKind};
    use principal_model::PathContext as C;
    let mut seen = HashSet::new();
    // Test and fixture keys of one rule are one thing to confirm, wherever they are: their
    // files and lines (requests' four TLS fixture keys under `tests/certs/` are one risk).
    let mut test_places: HashMap<&str, Vec<(&str, u32)>> = HashMap::new();
    for f in findings
        .iter()
        .filter(|f| f.confidence == Confidence::High && matches!(f.context, C::Test | C::Fixture))
    {
        test_places.entry(f.rule.as_str()).or_default().push((f.path.as_str(), f.line));
    }
    for places in test_places.values_mut() {
        places.sort_unstable();
        places.dedup();
    }
    let mut test_seen = HashSet::new();
    findings
        .iter()
        // Low-confidence findings (placeholders, words, documentation examples) stay in
        // `principal secrets`; a register that leads with them is not read. So do
        // medium-confidence ones in tests and fixtures (`redis://foo:bar@` in a URL-parsing
        // test): only a high-confidence key there is worth confirming.
        .filter(|f| f.confidence != Confidence::Low)
        .filter(|f| f.confidence == Confidence::High || !matches!(f.context, C::Test | C::Fixture))
        // A private key in tests or fixtures is a test certificate's (a TLS server's, an SSH
        // test container's): every reviewer of thirteen panels called them false alarms. A
        // provider's key there (`AKIA…`, `ghp_…`) may be live and stays, low.
        .filter(|f| !(f.rule == "private-key" && matches!(f.context, C::Test | C::Fixture)))
        // One value once per file: the same credential on two lines is one risk.
        .filter(|f| seen.insert((f.path.clone(), f.fingerprint.clone())))
        .filter(|f| !matches!(f.context, C::Test | C::Fixture) || test_seen.insert(f.rule.clone()))
        .map(|f| {
            let places: Vec<(&str, u32)> = match f.context {
                C::Test | C::Fixture => test_places.get(f.rule.as_str()).cloned().unwrap_or_default(),
                _ => Vec::new(),
            };
            let mut files: Vec<&str> = places.iter().map(|p| p.0).collect();
            files.dedup();
            let mut evidence = vec![
                ("rule", Fact::from(f.rule.as_str())),
                ("redacted", Fact::from(f.redacted.as_str())),
                ("fingerprint", Fact::from(f.fingerprint.as_str())),
                ("confidence", Fact::from(f.confidence.as_str())),
                ("context", Fact::from(f.context.as_str())),
            ];
            if !f.signals.is_empty() {
                evidence.push(("signals", Fact::from(f.signals.join("; ").as_str())));
            }
            if files.len() > 1 {
                evidence.push(("files", Fact::from(files.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>())));
                evidence.push((
                    "lines",
                    Fact::from(places.iter().map(|(p, l)| format!("{p}:{l}")).collect::<Vec<_>>()),
                ));
            } else if places.len() > 1 {
                evidence.push(("lines", Fact::from(places.iter().map(|p| p.1.to_string()).collect::<Vec<_>>())));
            }
            let action = match (f.confidence, f.context) {
                (Confidence::Low, _) => format!(
                    "Confirm it is not a real credential ({}); if it is not, allow it with `principal:allow` on the line \
                     or a [secrets] allow entry.",
                    f.signals.join("; ")
                ),
                (_, C::Test | C::Fixture) => format!(
                    "Confirm {} throwaway test {} that {} nothing anywhere; if so, allow the {} in [secrets] \
                     allow; if not, rotate {}.",
                    if places.len() > 1 { "they are" } else { "it is a" },
                    if places.len() > 1 { "keys" } else { "key" },
                    if places.len() > 1 { "grant" } else { "grants" },
                    if files.len() > 1 { "paths" } else { "path" },
                    if places.len() > 1 { "them" } else { "it" },
                ),
                (_, C::Docs | C::Example) => "Confirm the documented value is a made-up example; if it is a real \
                     credential, rotate it and replace it with a placeholder."
                    .to_owned(),
                _ => "Rotate the credential now, remove it from the code, and load it from the environment or a \
                     secret manager; then check the history with `principal secrets --history`."
                    .to_owned(),
            };
            let shown = |list: &[&str]| -> String {
                let mut s = list.iter().take(3).copied().collect::<Vec<_>>().join(", ");
                if list.len() > 3 {
                    s.push_str(&format!(" and {} more", list.len() - 3));
                }
                s
            };
            Risk::new(
                RiskKind::Secret,
                &format!("{}:{}", f.path, f.fingerprint),
                score(f),
                if files.len() > 1 {
                    format!(
                        "Possible {} in {} test files ({}; {} confidence, {})",
                        f.description,
                        files.len(),
                        shown(&files),
                        f.confidence.as_str(),
                        f.context.as_str()
                    )
                } else if places.len() > 1 {
                    format!(
                        "Possible {} on {} lines of {} ({}; {} confidence, {})",
                        f.description,
                        places.len(),
                        f.path,
                        places.iter().map(|p| p.1.to_string()).collect::<Vec<_>>().join(", "),
                        f.confidence.as_str(),
                        f.context.as_str()
                    )
                } else {
                    format!(
                        "Possible {} in {}:{} ({}; {} confidence, {})",
                        f.description,
                        f.path,
                        f.line,
                        f.redacted,
                        f.confidence.as_str(),
                        f.context.as_str()
                    )
                },
                if places.len() > 1 {
                    places.iter().map(|&(p, l)| Location { path: p.to_owned(), line: Some(l) }).collect()
                } else {
                    vec![Location { path: f.path.clone(), line: Some(f.line) }]
                },
                evidence,
                Audience::Leadership,
                [
                    "Anyone who can read the repository can use a committed credential, and it stays in the git \
                     history after it is deleted."
                        .to_owned(),
                    action,
                    format!(
                        "A password or key appears to be written into the code ({}).",
                        if files.len() > 1 { shown(&files) } else { f.path.clone() }
                    ),
                ],
            )
        })
        .collect()
}
