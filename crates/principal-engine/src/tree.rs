//! The one walk and read of the tree. Every file is opened at most once, and what is read
//! feeds the scan and whichever visitors the command asked for: the secret scan, the symbols
//! for `context` and `repo_map`, the dependency files, and the README.

use std::path::{Path, PathBuf};

use principal_audit::context::FileSymbols;
use principal_scan::{ScanOptions, ScanOutput, Visit};
use principal_security::{Finding, Scanner};

/// How to walk and read the tree (the `TreeArgs` of every command).
#[derive(Debug, Clone)]
pub struct TreeOptions {
    pub max_file_size: u64,
    pub include_vendored: bool,
    pub no_cache: bool,
    /// Where the caches live; the user's cache directory when `None`.
    pub cache_dir: Option<PathBuf>,
}

impl Default for TreeOptions {
    fn default() -> Self {
        TreeOptions {
            max_file_size: principal_scan::DEFAULT_MAX_FILE_SIZE,
            include_vendored: false,
            no_cache: false,
            cache_dir: None,
        }
    }
}

impl TreeOptions {
    /// The one place the cache directory is decided: none with `--no-cache`, else `--cache-dir`,
    /// else `$PRINCIPAL_CACHE_DIR` or the user's cache directory.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        if self.no_cache { None } else { self.cache_dir.clone().or_else(principal_scan::default_cache_dir) }
    }

    pub(crate) fn scan_options(&self, exclude: &[PathBuf], include_hidden: bool) -> ScanOptions {
        ScanOptions {
            max_file_size: self.max_file_size,
            include_vendored: self.include_vendored,
            cache_dir: self.cache_dir(),
            exclude: exclude.to_vec(),
            include_hidden,
        }
    }
}

/// Dependency files are read up to this size, whatever `--max-file-size` says.
pub const MAX_DEPENDENCY_FILE: u64 = 64 << 20;

/// The README is read up to this size.
const MAX_README: usize = 256 * 1024;

/// What a command needs from the read beyond the scan.
#[derive(Default)]
pub struct Wants<'a> {
    /// Scan every file (hidden ones such as `.env` included) for secrets with these rules.
    pub secrets: Option<&'a Scanner>,
    /// The definitions and references of every parsed file.
    pub symbols: bool,
    /// The text of every lockfile and dependency manifest.
    pub dependency_files: bool,
    /// The README at the top of the tree.
    pub readme: bool,
    /// The rules that redact secrets in what is quoted from the code (signatures, the README);
    /// `secrets` when `None`.
    pub redactor: Option<&'a Scanner>,
}

/// The tree, read once.
pub struct Tree {
    pub output: ScanOutput,
    /// Secret findings, sorted by path and line.
    pub secrets: Vec<Finding>,
    pub symbols: Vec<FileSymbols>,
    /// (path, text) of each dependency file, sorted by path.
    pub dependency_files: Vec<(String, String)>,
    /// (file name, text) of the README.
    pub readme: Option<(String, String)>,
}

/// What one file is read for.
struct Purposes<'a> {
    secrets: Option<&'a Scanner>,
    symbols: bool,
    dependency_file: bool,
    readme: bool,
}

#[derive(Default)]
struct Found {
    secrets: Vec<Finding>,
    symbols: Option<FileSymbols>,
    dependency_file: Option<String>,
    readme: Option<String>,
}

/// The directory a path's analysis is rooted at: the path itself, or a file's directory;
/// absolute, without `.` components (as the scan's root is).
pub fn root_of(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let abs: PathBuf = abs.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect();
    if abs.is_file() { abs.parent().map(Path::to_path_buf).unwrap_or(abs) } else { abs }
}

/// Whether a top-level file name is a README, and its preference (lower is better): README.md
/// before README.rst before README.txt before README.
fn readme_rank(name: &str) -> Option<(bool, usize)> {
    let l = name.to_ascii_lowercase();
    let is =
        l == "readme" || ["readme.md", "readme.markdown", "readme.rst", "readme.txt"].contains(&l.as_str());
    is.then(|| (!l.ends_with(".md"), name.len()))
}

/// Walks and reads `path` once: the scan, plus what `wants` asks for.
pub fn read(
    path: &Path,
    options: &TreeOptions,
    exclude: &[PathBuf],
    wants: &Wants<'_>,
    progress: &dyn principal_model::Progress,
) -> anyhow::Result<Tree> {
    let scan_options = options.scan_options(exclude, wants.secrets.is_some());
    // Which visitors want a file: decided once, from its path and size, for the walk (read it
    // or not) and for the visit (what to do with its bytes).
    let purposes = |rel: &str, size: u64| {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        Purposes {
            secrets: wants.secrets.filter(|_| {
                size <= options.max_file_size
                    && (options.include_vendored || !principal_scan::is_lockfile(name))
            }),
            symbols: wants.symbols && !principal_scan::is_hidden(rel) && size <= options.max_file_size,
            dependency_file: wants.dependency_files
                && !principal_scan::is_hidden(rel)
                && size <= MAX_DEPENDENCY_FILE
                && principal_security::deps::is_dependency_file(name),
            readme: wants.readme && !rel.contains('/') && readme_rank(rel).is_some(),
        }
    };
    let want = |rel: &str, size: u64| {
        let p = purposes(rel, size);
        p.secrets.is_some() || p.symbols || p.dependency_file || p.readme
    };
    let redactor = wants.redactor.or(wants.secrets);
    let redact = |text: &str| match redactor {
        Some(r) => r.redact_text(text).into_owned(),
        None => text.to_owned(),
    };
    let visit = |v: Visit<'_>| {
        let p = purposes(v.path, v.bytes.len() as u64);
        let mut found = Found::default();
        if let Some(scanner) = p.secrets
            && crate::secrets::unsearched(v.path, v.bytes, options.include_vendored).is_none()
        {
            found.secrets = scanner
                .scan(v.path, v.bytes)
                .into_iter()
                .map(|h| Finding::in_tree(scanner, v.path, h))
                .collect();
        }
        if p.symbols
            && let Some(facts) = v.facts.filter(|f| f.language.is_parsed())
        {
            // Redacted before the signatures are cut from it, so that no cut leaves part of a
            // secret that the rules no longer recognise.
            let text = redact(&String::from_utf8_lossy(v.bytes));
            found.symbols = Some(FileSymbols {
                path: facts.path.clone(),
                defs: principal_audit::context::definitions(facts, &text),
                refs: principal_audit::context::references(&text),
            });
        }
        if p.dependency_file {
            found.dependency_file = Some(String::from_utf8_lossy(v.bytes).into_owned());
        }
        if p.readme {
            let cut = &v.bytes[..v.bytes.len().min(MAX_README)];
            found.readme = Some(redact(&String::from_utf8_lossy(cut)));
        }
        let empty = found.secrets.is_empty()
            && found.symbols.is_none()
            && found.dependency_file.is_none()
            && found.readme.is_none();
        (!empty).then_some(found)
    };
    let (output, visited) = principal_scan::scan_visiting(path, &scan_options, progress, want, visit)?;
    tracing::info!(
        analyzed = output.stats.analyzed,
        cached = output.stats.cached,
        bytes = output.stats.bytes_read,
        "scan finished"
    );
    let mut tree =
        Tree { output, secrets: Vec::new(), symbols: Vec::new(), dependency_files: Vec::new(), readme: None };
    let mut readmes = Vec::new();
    for (rel, found) in visited {
        tree.secrets.extend(found.secrets);
        tree.symbols.extend(found.symbols);
        if let Some(text) = found.dependency_file {
            tree.dependency_files.push((rel.clone(), text));
        }
        if let Some(text) = found.readme {
            readmes.push((rel, text));
        }
    }
    crate::secrets::lower_repeats(&mut tree.secrets);
    readmes.sort_by_key(|(n, _)| (readme_rank(n), n.clone()));
    tree.readme = readmes.into_iter().next();
    if wants.readme && tree.readme.is_none() && path.is_file() {
        tree.readme = read_readme_beside(path).map(|(n, t)| (n, redact(&t)));
    }
    Ok(tree)
}

/// The README beside a single analysed file.
fn read_readme_beside(file: &Path) -> Option<(String, String)> {
    use std::io::Read;
    let dir = file.parent()?;
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| readme_rank(n).is_some())
        .collect();
    names.sort_by_key(|n| (readme_rank(n), n.clone()));
    let name = names.into_iter().next()?;
    let mut text = Vec::new();
    std::fs::File::open(dir.join(&name)).ok()?.take(MAX_README as u64).read_to_end(&mut text).ok()?;
    Some((name, String::from_utf8_lossy(&text).into_owned()))
}
