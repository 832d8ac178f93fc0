//! The parallel walk: which files to look at, and which directories to leave out whole.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};
use principal_lang::classify;
use principal_model::{SkipReason, Skipped, Warning};

use crate::ScanOptions;

/// A file the walk found.
pub(crate) struct Candidate {
    /// Relative to the root, forward slashes.
    pub rel: String,
    pub abs: PathBuf,
    pub size: u64,
    pub symlink: bool,
}

pub(crate) struct Walked {
    pub candidates: Vec<Candidate>,
    /// Vendored directories, left out whole.
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Warning>,
}

/// Whether a relative path is hidden: one of its parts starts with a dot. The scan measures
/// no hidden file; a walk with `include_hidden` reads them for the visitors alone.
pub fn is_hidden(rel: &str) -> bool {
    rel.split('/').any(|part| part.starts_with('.') && part != "." && part != "..")
}

/// Walks `root` with the `ignore` crate: `.gitignore`, `.ignore`, git's global excludes and
/// `.git/info/exclude` are honoured, hidden files are left out, links are not followed.
pub(crate) fn walk(root: &Path, root_is_file: bool, options: &ScanOptions) -> Walked {
    let candidates = Mutex::new(Vec::new());
    let skipped = Mutex::new(Vec::new());
    let warnings = Mutex::new(Vec::new());
    let rel_of = |path: &Path| -> String {
        if root_is_file {
            return path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        }
        let rel = path.strip_prefix(root).unwrap_or(path);
        let mut s = String::new();
        for (i, part) in rel.components().enumerate() {
            if i > 0 {
                s.push('/');
            }
            s.push_str(&part.as_os_str().to_string_lossy());
        }
        s
    };

    WalkBuilder::new(root)
        .hidden(!options.include_hidden)
        .git_ignore(true)
        .git_global(true)
        .git_exclude(true)
        .ignore(true)
        .parents(true)
        .require_git(false)
        // Principal's output directories hold this marker, an ignore file whose rule is `*`.
        .add_custom_ignore_filename(crate::OUTPUT_MARKER)
        .follow_links(false)
        .threads(rayon::current_num_threads().min(8))
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                let entry = match entry {
                    Ok(e) => e,
                    Err(err) => {
                        let path = match &err {
                            ignore::Error::WithPath { path, .. } => rel_of(path),
                            _ => String::new(),
                        };
                        warnings
                            .lock()
                            .expect("not poisoned")
                            .push(Warning { path, message: err.to_string() });
                        return WalkState::Continue;
                    }
                };
                let Some(file_type) = entry.file_type() else {
                    return WalkState::Continue;
                };
                if file_type.is_dir() {
                    if entry.depth() > 0 && entry.file_name() == ".git" {
                        return WalkState::Skip;
                    }
                    if entry.depth() > 0 && options.exclude.iter().any(|x| x == entry.path()) {
                        return WalkState::Skip;
                    }
                    let name = entry.file_name().to_string_lossy();
                    if entry.depth() > 0 && !options.include_vendored && classify::is_vendored_dir(&name) {
                        let path = format!("{}/", rel_of(entry.path()));
                        if is_hidden(&path) {
                            // Walked for the visitors only: the scan never reports hidden paths.
                            return WalkState::Skip;
                        }
                        skipped
                            .lock()
                            .expect("not poisoned")
                            .push(Skipped { path, reason: SkipReason::Vendored });
                        return WalkState::Skip;
                    }
                    return WalkState::Continue;
                }
                let symlink = file_type.is_symlink();
                let size = if symlink { 0 } else { entry.metadata().map(|m| m.len()).unwrap_or(0) };
                if !symlink && !file_type.is_file() {
                    // FIFOs, sockets, devices: never opened (a FIFO blocks a read), but reported.
                    let path = rel_of(entry.path());
                    if !is_hidden(&path) {
                        skipped
                            .lock()
                            .expect("not poisoned")
                            .push(Skipped { path, reason: SkipReason::Special });
                    }
                    return WalkState::Continue;
                }
                let candidate =
                    Candidate { rel: rel_of(entry.path()), abs: entry.into_path(), size, symlink };
                candidates.lock().expect("not poisoned").push(candidate);
                WalkState::Continue
            })
        });

    let mut candidates = candidates.into_inner().expect("not poisoned");
    // Largest first, so that the parallel measure does not end waiting on one big file.
    candidates.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.rel.cmp(&b.rel)));
    Walked {
        candidates,
        skipped: skipped.into_inner().expect("not poisoned"),
        warnings: warnings.into_inner().expect("not poisoned"),
    }
}
