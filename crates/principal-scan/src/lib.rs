//! The scan: walk a tree, read each file once, and turn it into [`FileFacts`].
//!
//! **Invariant:** this is an edge crate. It owns the file-system walk and the cache; every
//! judgement about content (language, generated, binary, metrics) is delegated to
//! `principal-lang`, which does no I/O.

mod cache;
mod third_party;
mod walk;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use principal_lang::classify;
use principal_model::{FileFacts, Manifest, ScanResult, SkipReason, Skipped, Warning, is_manifest_name};
pub use principal_model::{Progress, Quiet};
use rayon::prelude::*;

pub use cache::{Cache, Lookup};
pub use principal_cache::default_dir as default_cache_dir;
pub use walk::is_hidden;

/// The marker file of a directory holding Principal's outputs: read as an ignore file (its rule
/// is `*`), so that no analysis reads Principal's own reports.
pub const OUTPUT_MARKER: &str = ".principal-output";

/// The default size limit: files larger than this are skipped as `too-large`.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// Manifests are read for import resolution up to this size, whatever `max_file_size` says.
const MAX_MANIFEST_SIZE: u64 = 64 * 1024 * 1024;

/// How to scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Files larger than this many bytes are skipped.
    pub max_file_size: u64,
    /// Keep vendored, generated and minified files and lockfiles.
    pub include_vendored: bool,
    /// Where the content-hash cache lives; `None` turns it off.
    pub cache_dir: Option<PathBuf>,
    /// Directories left out without a trace (Principal's own output directory). Compared after
    /// `std::path::absolute`, as the root is.
    pub exclude: Vec<PathBuf>,
    /// Walk hidden files and directories too (`.env`, `.github/`), but never `.git`.
    pub include_hidden: bool,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            include_vendored: false,
            cache_dir: None,
            exclude: Vec::new(),
            include_hidden: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("{path}: no such file or directory")]
    NotFound { path: PathBuf },
    #[error("{path}: cannot read: {source}")]
    Unreadable { path: PathBuf, source: std::io::Error },
}

/// What a scan produced, with the root it resolved to.
#[derive(Debug)]
pub struct ScanOutput {
    /// The absolute root.
    pub root: PathBuf,
    pub result: ScanResult,
    pub stats: ScanStats,
}

/// How much work the scan did.
#[derive(Debug, Default, Clone, Copy)]
pub struct ScanStats {
    /// Files measured from scratch.
    pub analyzed: u64,
    /// Files whose facts came from the cache.
    pub cached: u64,
    /// Bytes read.
    pub bytes_read: u64,
}

/// Scans `root`, a directory or a single file.
pub fn scan(root: &Path, options: &ScanOptions, progress: &dyn Progress) -> Result<ScanOutput, ScanError> {
    let (output, _) = scan_visiting(root, options, progress, |_, _| false, |_: Visit<'_>| None::<()>)?;
    Ok(output)
}

/// One file's contents as the scan read them, for a visitor that needs the text itself
/// (secrets, symbols, lockfiles). `facts` is what the scan measured, when it measured the file.
pub struct Visit<'a> {
    pub path: &'a str,
    pub bytes: &'a [u8],
    pub facts: Option<&'a FileFacts>,
}

/// [`scan`], with one read of each file serving the scan and a visitor: `wants(path, size)`
/// says whether the visitor needs a file's contents, and `visit` keeps what it finds. Each file
/// is opened at most once, whoever needs it. With `options.include_hidden`, hidden files are
/// walked for the visitor alone: the scan never measures or reports them. Symbolic links are
/// never visited. The visitor's results are sorted by path.
pub fn scan_visiting<T: Send>(
    root: &Path,
    options: &ScanOptions,
    progress: &dyn Progress,
    wants: impl Fn(&str, u64) -> bool + Sync,
    visit: impl Fn(Visit<'_>) -> Option<T> + Sync,
) -> Result<(ScanOutput, Vec<(String, T)>), ScanError> {
    let (root, is_file) = open_root(root)?;
    let walked = walk::walk(&root, is_file, options);
    progress.start(walked.candidates.len() as u64);

    let cache = options.cache_dir.as_deref().map(|dir| Cache::open(dir, &root));
    let warnings = Mutex::new(walked.warnings);
    let outcomes: Vec<Measured<T>> = walked
        .candidates
        .par_iter()
        .map(|c| {
            let (outcome, found) = measure(c, options, cache.as_ref(), &wants, &visit);
            if let Some(w) = outcome.as_ref().and_then(|o| o.warning.clone()) {
                warnings.lock().expect("no thread panics while holding it").push(w);
            }
            progress.advance();
            (outcome, found.map(|t| (c.rel.clone(), t)))
        })
        .collect();
    progress.finish();

    let mut result = ScanResult { skipped: walked.skipped, ..ScanResult::default() };
    let mut stats = ScanStats::default();
    let mut keys: Vec<Option<u128>> = Vec::new();
    let mut duplicates: Vec<usize> = Vec::new();
    let mut visited: Vec<(String, T)> = Vec::new();
    let mut licenses = Vec::new();
    for (o, found) in outcomes {
        visited.extend(found);
        let Some(o) = o else { continue };
        stats.bytes_read += o.bytes_read;
        result.manifests.extend(o.manifest);
        licenses.extend(o.license);
        match o.kind {
            Kind::File { facts, cached, key, duplicate } => {
                if cached {
                    stats.cached += 1;
                } else {
                    stats.analyzed += 1;
                }
                if duplicate {
                    duplicates.push(result.files.len());
                }
                keys.push(key);
                result.files.push(facts);
            }
            Kind::Skipped(s) => result.skipped.push(s),
        }
    }
    fill_duplicates(&mut result.files, &keys, &duplicates);
    if let Some(cache) = cache {
        let entries = keys.iter().zip(&result.files).filter_map(|(k, f)| k.map(|k| (k, f)));
        if let Err(err) = cache.save(entries) {
            tracing::warn!("could not write the scan cache: {err}");
        }
    }
    result.files.sort_by(|a, b| a.path.cmp(&b.path));
    third_party::mark(&mut result.files, &licenses);
    result.skipped.sort();
    if !is_file {
        result.manifests.extend(ci_configs(&root));
    }
    result.manifests.sort();
    result.warnings = warnings.into_inner().expect("no thread panics while holding it");
    result.warnings.retain(|w| !is_hidden(&w.path));
    result.warnings.sort();
    visited.sort_by(|a, b| a.0.cmp(&b.0));
    // A single file is reported relative to its directory.
    let root = if is_file { root.parent().map(Path::to_path_buf).unwrap_or(root) } else { root };
    Ok((ScanOutput { root, result, stats }, visited))
}

/// The hidden CI configuration files: GitHub workflows, GitLab, Travis, CircleCI, Cirrus, Drone.
const CI_CONFIGS: &[&str] = &[
    ".gitlab-ci.yml",
    ".travis.yml",
    ".circleci/config.yml",
    ".cirrus.yml",
    ".drone.yml",
    ".buildkite/pipeline.yml",
];

/// CI configuration, which the scan never measures (it is hidden), kept as a [`Manifest`] for
/// the files it names: a script CI runs (libevent's `test-export.py`) is no dead code. Regular
/// files of at most 1 MiB, no part of whose path is a link; at most 200 workflows.
fn ci_configs(root: &Path) -> Vec<Manifest> {
    // No part of the path may be a link: a `.github` that points elsewhere is not read.
    let unlinked = |rel: &str| {
        let mut at = root.to_path_buf();
        rel.split('/').all(|part| {
            at.push(part);
            std::fs::symlink_metadata(&at).is_ok_and(|m| !m.file_type().is_symlink())
        })
    };
    let mut paths: Vec<String> = CI_CONFIGS.iter().map(|p| (*p).to_owned()).collect();
    if unlinked(".github/workflows")
        && let Ok(dir) = std::fs::read_dir(root.join(".github/workflows"))
    {
        let mut workflows: Vec<String> = dir
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str().map(str::to_owned))
            .filter(|n| n.ends_with(".yml") || n.ends_with(".yaml"))
            .map(|n| format!(".github/workflows/{n}"))
            .collect();
        workflows.sort();
        workflows.truncate(200);
        paths.extend(workflows);
    }
    paths
        .into_iter()
        .filter(|rel| unlinked(rel))
        .filter_map(|rel| {
            let abs = root.join(&rel);
            let meta = std::fs::symlink_metadata(&abs).ok()?;
            if !meta.is_file() || meta.len() > 1 << 20 {
                return None;
            }
            let bytes = std::fs::read(&abs).ok()?;
            Some(Manifest { path: rel, text: String::from_utf8_lossy(&bytes).into_owned() })
        })
        .collect()
}

/// What [`for_each_file`] does with a walked file.
pub enum Select {
    /// Read it and hand it to the visitor.
    Visit,
    /// Leave it out, and report it with this reason.
    Skip(SkipReason),
    /// Leave it out silently: not the visitor's business.
    Ignore,
}

/// What [`for_each_file`] found, and what it left out.
pub struct Visited<T> {
    /// (path, what the visitor kept), for files where it kept something; sorted by path.
    pub found: Vec<(String, Vec<T>)>,
    /// Files and directories left out, with why: vendored directories, links, files over the
    /// size limit, unreadable files, special files, what `select` or the visitor refused. Sorted.
    pub skipped: Vec<Skipped>,
}

/// Reads every file the walk keeps and `select(path)` accepts (symbolic links and files over the
/// size limit aside) once, in parallel, and keeps what `f(path, contents)` finds (or the reason
/// it refuses the file): for checks that need the text itself, such as secret detection.
pub fn for_each_file<T: Send>(
    root: &Path,
    options: &ScanOptions,
    progress: &dyn Progress,
    select: impl Fn(&str) -> Select + Sync,
    f: impl Fn(&str, &[u8]) -> Result<Vec<T>, SkipReason> + Sync,
) -> Result<Visited<T>, ScanError> {
    let (root, is_file) = open_root(root)?;
    let walked = walk::walk(&root, is_file, options);
    progress.start(walked.candidates.len() as u64);
    let skip = |c: &walk::Candidate, reason| Err(Skipped { path: c.rel.clone(), reason });
    type Outcome<T> = Result<Option<(String, Vec<T>)>, Skipped>;
    let outcomes: Vec<Outcome<T>> = walked
        .candidates
        .par_iter()
        .map(|c| {
            progress.advance();
            match select(&c.rel) {
                Select::Ignore => return Ok(None),
                Select::Skip(reason) => return skip(c, reason),
                Select::Visit => {}
            }
            if c.symlink {
                return skip(c, SkipReason::Symlink);
            }
            if c.size > options.max_file_size {
                return skip(c, SkipReason::TooLarge);
            }
            let Ok(bytes) = std::fs::read(&c.abs) else { return skip(c, SkipReason::Unreadable) };
            match f(&c.rel, &bytes) {
                Ok(found) => Ok((!found.is_empty()).then(|| (c.rel.clone(), found))),
                Err(reason) => skip(c, reason),
            }
        })
        .collect();
    progress.finish();
    let mut visited = Visited { found: Vec::new(), skipped: walked.skipped };
    for o in outcomes {
        match o {
            Ok(Some(x)) => visited.found.push(x),
            Ok(None) => {}
            Err(s) => visited.skipped.push(s),
        }
    }
    visited.found.sort_by(|a, b| a.0.cmp(&b.0));
    visited.skipped.sort();
    Ok(visited)
}

/// Whether a directory name is one the scan treats as vendored (`node_modules`, `vendor`, …).
pub fn is_vendored_dir(name: &str) -> bool {
    classify::is_vendored_dir(name)
}

/// Whether a file name is a lockfile (secret scans skip their checksums).
pub fn is_lockfile(name: &str) -> bool {
    classify::is_lockfile(name)
}

/// Scans file contents held in memory (a git tree at some revision): the same skip rules and
/// measures as [`scan`], without the walk and the cache. `files` are (path, contents), paths
/// relative to the analysed directory with `/`.
pub fn scan_contents(
    files: Vec<(String, Vec<u8>)>,
    options: &ScanOptions,
    progress: &dyn Progress,
) -> ScanResult {
    progress.start(files.len() as u64);
    let mut result = ScanResult::default();
    let mut kept = Vec::with_capacity(files.len());
    for (rel, bytes) in files {
        let vendored =
            !options.include_vendored && rel.split('/').rev().skip(1).any(classify::is_vendored_dir);
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if vendored {
            result.skipped.push(Skipped { path: rel, reason: SkipReason::Vendored });
        } else if !options.include_vendored && classify::is_lockfile(name) {
            result.skipped.push(Skipped { path: rel, reason: SkipReason::Lockfile });
        } else {
            kept.push((rel, bytes));
        }
    }
    let outcomes: Vec<Outcome> = kept
        .into_par_iter()
        .map(|(rel, bytes)| {
            let o = measure_bytes(&rel, &bytes, options, None);
            progress.advance();
            o
        })
        .collect();
    progress.finish();
    let mut licenses = Vec::new();
    for o in outcomes {
        result.manifests.extend(o.manifest);
        licenses.extend(o.license);
        result.warnings.extend(o.warning);
        match o.kind {
            Kind::File { facts, .. } => result.files.push(facts),
            Kind::Skipped(s) => result.skipped.push(s),
        }
    }
    result.files.sort_by(|a, b| a.path.cmp(&b.path));
    third_party::mark(&mut result.files, &licenses);
    result.skipped.sort();
    result.manifests.sort();
    result.warnings.sort();
    result
}

thread_local! {
    static ISOLATED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is inside [`isolated`]: a panic hook can stay quiet then, since the
/// panic is caught and reported as a warning on the file.
pub fn in_isolation() -> bool {
    ISOLATED.with(|i| i.get())
}

/// Runs one file's analysis so that a panic in it (a bug in a grammar or a walk) fails that
/// file alone: the panic's message comes back as the error.
fn isolated<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    ISOLATED.with(|i| i.set(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    ISOLATED.with(|i| i.set(false));
    r.map_err(|e| {
        e.downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_owned())
    })
}

/// Copies each duplicate's facts from the file of the same content that took the cache entry.
fn fill_duplicates(files: &mut [FileFacts], keys: &[Option<u128>], duplicates: &[usize]) {
    if duplicates.is_empty() {
        return;
    }
    let dup: std::collections::HashSet<usize> = duplicates.iter().copied().collect();
    let mut original: std::collections::HashMap<u128, usize> = std::collections::HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if let (Some(k), false) = (k, dup.contains(&i)) {
            original.entry(*k).or_insert(i);
        }
    }
    for &d in duplicates {
        let Some(&o) = keys[d].as_ref().and_then(|k| original.get(k)) else { continue };
        let mut copy = files[o].clone();
        copy.path = std::mem::take(&mut files[d].path);
        files[d] = copy;
    }
}

/// The absolute root of a walk, without `.` components, and whether it is a single file.
fn open_root(root: &Path) -> Result<(PathBuf, bool), ScanError> {
    let meta = std::fs::metadata(root).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ScanError::NotFound { path: root.to_owned() },
        _ => ScanError::Unreadable { path: root.to_owned(), source },
    })?;
    let abs = std::path::absolute(root)
        .map_err(|source| ScanError::Unreadable { path: root.to_owned(), source })?;
    Ok((normalize(&abs), meta.is_file()))
}

/// Removes `.` components, so that `./src` and `src` give the same root.
fn normalize(path: &Path) -> PathBuf {
    path.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect()
}

/// One walked file: what the scan made of it (nothing for a hidden file), and what the visitor
/// found in it.
type Measured<T> = (Option<Outcome>, Option<(String, T)>);

struct Outcome {
    kind: Kind,
    warning: Option<Warning>,
    bytes_read: u64,
    manifest: Option<Manifest>,
    /// A license file's folder and the names of its copyright holders.
    license: Option<(String, BTreeSet<String>)>,
}

#[allow(
    clippy::large_enum_variant,
    reason = "one value per file, moved once: boxing adds an allocation per file"
)]
enum Kind {
    /// `duplicate`: the cache gave this content's facts to another file of this scan; they are
    /// copied from it afterwards.
    File {
        facts: FileFacts,
        cached: bool,
        key: Option<u128>,
        duplicate: bool,
    },
    Skipped(Skipped),
}

/// Measures one walked file, when the scan measures it, and visits it, when the visitor wants
/// it; the file is read at most once for both.
fn measure<T>(
    c: &walk::Candidate,
    options: &ScanOptions,
    cache: Option<&Cache>,
    wants: &(impl Fn(&str, u64) -> bool + Sync),
    visit: &(impl Fn(Visit<'_>) -> Option<T> + Sync),
) -> (Option<Outcome>, Option<T>) {
    let skip = |reason| Outcome {
        kind: Kind::Skipped(Skipped { path: c.rel.clone(), reason }),
        warning: None,
        bytes_read: 0,
        manifest: None,
        license: None,
    };
    if c.symlink {
        return (Some(skip(SkipReason::Symlink)).filter(|_| !is_hidden(&c.rel)), None);
    }
    let visiting = wants(&c.rel, c.size);
    let name = c.rel.rsplit('/').next().unwrap_or(&c.rel);
    let skipped = if is_hidden(&c.rel) {
        None
    } else if !options.include_vendored && classify::is_lockfile(name) {
        Some(Some(skip(SkipReason::Lockfile)))
    } else if c.size > options.max_file_size && !(is_manifest_name(name) && c.size <= MAX_MANIFEST_SIZE) {
        Some(Some(skip(SkipReason::TooLarge)))
    } else {
        Some(None)
    };
    // `None`: not the scan's; `Some(Some(_))`: skipped unread; `Some(None)`: to measure.
    if !visiting && !matches!(skipped, Some(None)) {
        return (skipped.flatten(), None);
    }
    let bytes = match std::fs::read(&c.abs) {
        Ok(b) => b,
        Err(err) => {
            let outcome = matches!(skipped, Some(None)).then(|| {
                let mut o = skip(SkipReason::Unreadable);
                o.warning = Some(Warning { path: c.rel.clone(), message: format!("cannot read: {err}") });
                o
            });
            return (outcome.or(skipped.flatten()), None);
        }
    };
    let outcome = match skipped {
        Some(None) => Some(measure_bytes(&c.rel, &bytes, options, cache)),
        other => other.flatten(),
    };
    let found = visiting
        .then(|| {
            let facts = match &outcome {
                Some(Outcome { kind: Kind::File { facts, .. }, .. }) => Some(facts),
                _ => None,
            };
            // A visitor that fails on one file (a bug) loses that file's findings, not the run.
            isolated(|| visit(Visit { path: &c.rel, bytes: &bytes, facts })).unwrap_or_else(|why| {
                tracing::warn!("{}: a per-file check failed ({why}); its findings are left out", c.rel);
                None
            })
        })
        .flatten();
    (outcome, found)
}

/// Measures one file's contents, wherever they came from (the disk, a git blob).
fn measure_bytes(rel: &str, bytes: &[u8], options: &ScanOptions, cache: Option<&Cache>) -> Outcome {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let is_manifest = is_manifest_name(name);
    let bytes_read = bytes.len() as u64;
    let manifest = is_manifest
        .then(|| Manifest { path: rel.to_owned(), text: String::from_utf8_lossy(bytes).into_owned() });
    let dir = || rel.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
    let license = if third_party::is_license_name(name) {
        Some((dir(), third_party::holders(bytes)))
    } else if rel.contains('/') && third_party::says_copied(name, bytes) {
        Some((dir(), [third_party::COPY_NOTE.to_owned()].into()))
    } else {
        None
    };
    let skip = |reason| Outcome {
        kind: Kind::Skipped(Skipped { path: rel.to_owned(), reason }),
        warning: None,
        bytes_read,
        manifest: manifest.clone(),
        license: license.clone(),
    };
    if bytes.len() as u64 > options.max_file_size {
        // Too large to measure (or it grew since the walk); a manifest is still kept.
        return skip(SkipReason::TooLarge);
    }
    if classify::is_binary(bytes) {
        return skip(SkipReason::Binary);
    }
    let Some(detected) = principal_lang::detect(rel, &bytes[..bytes.len().min(256)]) else {
        return skip(SkipReason::Unsupported);
    };
    if !options.include_vendored {
        if classify::is_minified(name, bytes) {
            return skip(SkipReason::Minified);
        }
        if classify::is_generated(bytes) {
            return skip(SkipReason::Generated);
        }
    }
    let warning = std::str::from_utf8(bytes).is_err().then(|| Warning {
        path: rel.to_owned(),
        message: "not valid UTF-8; measured as bytes, names decoded lossily".to_owned(),
    });
    let key = cache.map(|_| Cache::key(&detected.language, bytes));
    let lookup = cache.zip(key).map_or(Lookup::Miss, |(cache, key)| cache.take(key));
    let duplicate = matches!(lookup, Lookup::Duplicate);
    let (facts, cached) = match lookup {
        Lookup::Hit(mut facts) => {
            facts.path = rel.to_owned();
            (facts, true)
        }
        // Filled in from the file with the same content once every file is measured.
        Lookup::Duplicate => (FileFacts::new(rel.to_owned(), detected.language, bytes_read), true),
        Lookup::Miss => match isolated(|| principal_lang::analyze(rel.to_owned(), &detected, bytes)) {
            Ok(facts) => (facts, false),
            Err(why) => {
                return Outcome {
                    kind: Kind::Skipped(Skipped { path: rel.to_owned(), reason: SkipReason::Unreadable }),
                    warning: Some(Warning {
                        path: rel.to_owned(),
                        message: format!("its analysis failed ({why}); it is left out. Please report this"),
                    }),
                    bytes_read,
                    manifest,
                    license,
                };
            }
        },
    };
    Outcome { kind: Kind::File { facts, cached, key, duplicate }, warning, bytes_read, manifest, license }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_one_file_s_analysis_is_caught_with_its_message() {
        let r: Result<(), String> = isolated(|| {
            assert!(in_isolation());
            panic!("grammar bug at byte 7");
        });
        assert_eq!(r, Err("grammar bug at byte 7".to_owned()));
        assert!(!in_isolation(), "the flag is cleared after the call");
        assert_eq!(isolated(|| 42), Ok(42));
    }
}
