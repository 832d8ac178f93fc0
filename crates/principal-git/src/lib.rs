//! History, read natively with gix (no `git` subprocess): every commit reachable from a
//! revision in `git log`'s order, its author and committer after `.mailmap`, and the files it
//! changed with added and deleted lines exactly as `git log --numstat` counts them.
//!
//! **Invariant:** an edge crate that only reads the repository; its one write is its cache, in
//! the user's cache directory. Commits are diffed in parallel, one gix handle per thread.

mod blobs;
mod cache;
mod diff;
mod walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use blobs::{BlobScan, Introduced, scan_added_blobs};
use gix::hash::ObjectId;
use principal_model::{Commit, Committer, Person, Tag};
pub use principal_model::{Progress, Quiet};
use rayon::prelude::*;

/// What to read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The revision to start from; HEAD when `None`.
    pub rev: Option<String>,
    /// Follow only first parents.
    pub first_parent: bool,
    /// Diff merges against their first parent. Off by default: a merge contributes no changes
    /// of its own, as in `git log --numstat`; `first_parent` turns it on, as in git.
    pub diff_merges: bool,
    /// Detect renames (git's `-M`, 50% similarity); off gives `--no-renames`.
    pub renames: bool,
    /// Keep commits authored at or after this Unix time.
    pub since: Option<i64>,
    /// Keep commits authored at or before this Unix time.
    pub until: Option<i64>,
    /// Where the commit cache lives; `None` turns it off.
    pub cache_dir: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: not a git repository (run `git init`, or point at a clone)")]
    NotARepository { path: PathBuf },
    #[error("{path}: the repository has no commits yet")]
    Empty { path: PathBuf },
    #[error("revision `{rev}` not found: {message}")]
    Revision { rev: String, message: String },
    #[error("{path}: cannot read the repository: {message} (it may be corrupt; `git fsck` will tell)")]
    Read { path: PathBuf, message: String },
}

/// What was read.
#[derive(Debug, Clone)]
pub struct History {
    /// Newest first, in `git log`'s order.
    pub commits: Vec<Commit>,
    /// The analysed commit.
    pub head: String,
    /// The clone is shallow: commits before its boundary are missing.
    pub shallow: bool,
    /// Objects that could not be read (a missing blob in a partial clone, an invalid commit):
    /// their commits are left out and the history is partial. Sorted ids.
    pub unreadable: Vec<String>,
    /// The analysed commit's `.git-blame-ignore-revs` at the top of the repository (empty
    /// when it has none): the commits it lists are formatting sweeps.
    pub blame_ignore_revs: String,
    /// The tags on walked commits, by name: who released what, when.
    pub tags: Vec<Tag>,
    pub stats: Stats,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub walked: usize,
    pub diffed: usize,
    pub cached: usize,
}

/// One commit as read from the object database, before `.mailmap` and the time window.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct RawCommit {
    pub name: String,
    pub email: String,
    pub time: i64,
    /// The committer's name, email and time.
    pub committer: (String, String, i64),
    pub parents: u32,
    pub subject: String,
    pub changes: Vec<principal_model::FileChange>,
}

fn read_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Read { path: path.to_owned(), message: e.to_string() }
}

/// Reads the history of the repository containing `path`.
pub fn read(path: &Path, options: &Options, progress: &dyn Progress) -> Result<History, Error> {
    let repo = gix::discover(path).map_err(|_| Error::NotARepository { path: path.to_owned() })?;
    let head = match &options.rev {
        Some(rev) => {
            repo.rev_parse_single(rev.as_str())
                .map_err(|e| Error::Revision { rev: rev.clone(), message: e.to_string() })?
                .object()
                .map_err(|e| read_error(path, e))?
                .peel_to_commit()
                .map_err(|e| Error::Revision { rev: rev.clone(), message: e.to_string() })?
                .id
        }
        None => match repo.head_id() {
            Ok(id) => id.detach(),
            Err(_) => return Err(Error::Empty { path: path.to_owned() }),
        },
    };
    let shallow = repo.is_shallow().map_err(|e| read_error(path, e))?;
    let boundary: std::collections::HashSet<ObjectId> = if shallow {
        repo.shallow_commits()
            .map_err(|e| read_error(path, e))?
            .map(|c| c.iter().copied().collect())
            .unwrap_or_default()
    } else {
        Default::default()
    };
    let cache_key = cache::key(repo.common_dir(), options);
    let loaded = options.cache_dir.as_deref().map(|d| cache::load(d, &cache_key)).unwrap_or_default();
    // The same head as last time: the same walk, with nothing to read but the cache.
    let same_walk = loaded.head == Some(head) && !shallow;
    let mut unreadable: Vec<ObjectId> = Vec::new();
    let ids = if same_walk {
        loaded.ids
    } else {
        walk::git_order(&repo, &[head], options.first_parent, &boundary, &mut unreadable)
            .map_err(|e| read_error(path, e))?
    };
    let mut cached: HashMap<ObjectId, RawCommit> = loaded.commits;
    let missing: Vec<ObjectId> = ids.iter().copied().filter(|id| !cached.contains_key(id)).collect();
    let stats = Stats { walked: ids.len(), diffed: missing.len(), cached: ids.len() - missing.len() };

    progress.start(missing.len() as u64);
    let sync = repo.clone().into_sync();
    let fresh: Vec<Result<(ObjectId, RawCommit), (ObjectId, String)>> = missing
        .par_iter()
        .map_init(
            || diff::Worker::new(&sync, options, &boundary),
            |worker, &id| {
                let r = match worker {
                    Ok(w) => w.commit(id).map(|c| (id, c)).map_err(|e| (id, e.to_string())),
                    Err(e) => Err((id, e.to_string())),
                };
                progress.advance();
                r
            },
        )
        .collect();
    progress.finish();
    let mut dirty = !same_walk;
    for r in fresh {
        match r {
            Ok((id, c)) => {
                cached.insert(id, c);
                dirty = true;
            }
            // One unreadable commit or blob leaves that commit out, not the whole history.
            Err((id, message)) => {
                tracing::debug!("commit {id} cannot be read ({message}); it is left out of the history");
                unreadable.push(id);
            }
        }
    }
    unreadable.sort();
    unreadable.dedup();
    let partial = !unreadable.is_empty();
    // A partial walk is not cached as a whole: the next run tries the missing objects again.
    if let (Some(dir), true, false) = (&options.cache_dir, dirty, partial)
        && let Err(e) = cache::save(dir, &cache_key, head, &ids, &cached)
    {
        tracing::warn!("could not write the history cache: {e}");
    }

    let mailmap = repo.open_mailmap();
    let commits = ids
        .iter()
        .filter_map(|id| {
            // Moved out: the cache is written already, and a copy would double the memory.
            let raw = cached.remove(id)?;
            if options.since.is_some_and(|s| raw.time < s) || options.until.is_some_and(|u| raw.time > u) {
                return None;
            }
            let (name, email) = mailmap_resolve(&mailmap, &raw.name, &raw.email);
            let author = Person { name, email };
            let (c_name, c_email, c_time) = &raw.committer;
            let (name, email) = mailmap_resolve(&mailmap, c_name, c_email);
            let committer = Person { name, email };
            let committer = (committer != author).then_some(Committer { person: committer, time: *c_time });
            Some(Commit {
                id: id.to_string(),
                author,
                time: raw.time,
                parents: raw.parents,
                subject: raw.subject,
                changes: raw.changes,
                committer,
            })
        })
        .collect();
    let unreadable = unreadable.iter().map(ToString::to_string).collect();
    let blame_ignore_revs = blame_ignore_revs(&repo, head);
    let walked: std::collections::HashSet<ObjectId> = ids.iter().copied().collect();
    let tags = tags(&repo, &walked, &mailmap);
    Ok(History { commits, head: head.to_string(), shallow, unreadable, blame_ignore_revs, tags, stats })
}

/// The tags whose commit is in `walked`, sorted by name. A tag that cannot be read is left
/// out: tags say who releases, and a missing one changes no other fact.
fn tags(
    repo: &gix::Repository,
    walked: &std::collections::HashSet<ObjectId>,
    mailmap: &gix::mailmap::Snapshot,
) -> Vec<Tag> {
    let Ok(platform) = repo.references() else { return Vec::new() };
    let Ok(refs) = platform.tags() else { return Vec::new() };
    let mut out = Vec::new();
    for mut r in refs.flatten() {
        let name = r.name().shorten().to_string();
        // What the ref names (an annotated tag's object, or the commit), read before peeling:
        // peeling may move the ref to the commit.
        let named = r.target().try_id().map(ToOwned::to_owned);
        let Ok(commit) = r.peel_to_id().map(gix::Id::detach) else { continue };
        if !walked.contains(&commit) {
            continue;
        }
        let tagger = named
            .filter(|&n| n != commit)
            .and_then(|n| repo.find_object(n).ok())
            .filter(|o| o.kind == gix::object::Kind::Tag)
            .and_then(|o| {
                o.into_tag()
                    .tagger()
                    .ok()
                    .flatten()
                    .map(|s| (s.name.to_string(), s.email.to_string(), s.seconds()))
            });
        let person = match tagger {
            Some(t) => Some(t),
            None => repo.find_commit(commit).ok().and_then(|c| {
                let s = c.committer().ok()?;
                Some((s.name.to_string(), s.email.to_string(), s.seconds()))
            }),
        };
        let Some((name_, email, time)) = person else { continue };
        let (n, e) = mailmap_resolve(mailmap, &name_, &email);
        out.push(Tag { name, tagger: Person { name: n, email: e }, time, commit: commit.to_string() });
    }
    out.sort();
    out
}

/// The text of `.git-blame-ignore-revs` in `commit`'s tree, if it has one under 1 MB.
fn blame_ignore_revs(repo: &gix::Repository, commit: ObjectId) -> String {
    let entry = repo
        .find_commit(commit)
        .ok()
        .and_then(|c| c.tree().ok())
        .and_then(|t| t.lookup_entry_by_path(".git-blame-ignore-revs").ok().flatten());
    match entry.and_then(|e| e.object().ok()) {
        Some(o) if o.data.len() <= 1 << 20 => String::from_utf8_lossy(&o.data).into_owned(),
        _ => String::new(),
    }
}

/// A name and email after the `.mailmap` given as bytes (what `read` does with the
/// repository's own `.mailmap`); for tests and fuzzing of the parser.
pub fn mailmap_resolve_bytes(mailmap: &[u8], name: &str, email: &str) -> (String, String) {
    mailmap_resolve(&gix::mailmap::Snapshot::from_bytes(mailmap), name, email)
}

fn mailmap_resolve(mailmap: &gix::mailmap::Snapshot, name: &str, email: &str) -> (String, String) {
    let sig = gix::actor::SignatureRef { name: name.into(), email: email.into(), time: "" };
    let resolved = mailmap.resolve_cow(sig);
    (resolved.name.to_string(), resolved.email.to_string())
}

/// The analysed directory relative to the work tree's top, with `/` (empty at the top).
pub(crate) fn analysed_prefix(repo: &gix::Repository, path: &Path) -> String {
    match (repo.workdir(), std::path::absolute(path)) {
        (Some(top), Ok(abs)) => {
            let top = std::fs::canonicalize(top).unwrap_or_else(|_| top.to_owned());
            let abs = std::fs::canonicalize(&abs).unwrap_or(abs);
            abs.strip_prefix(&top).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// The analysed directory relative to the top of its work tree, with `/` (empty at the top,
/// or outside a repository): git's paths start there, the scan's at `path`.
pub fn prefix(path: &Path) -> String {
    gix::discover(path).map(|repo| analysed_prefix(&repo, path)).unwrap_or_default()
}

/// A repository path relative to the analysed directory, or `None` outside it.
pub(crate) fn under(prefix: &str, full: String) -> Option<String> {
    if prefix.is_empty() {
        return Some(full);
    }
    full.strip_prefix(prefix)?.strip_prefix('/').map(str::to_owned)
}

/// The files of one revision, read from git objects (no checkout; the work tree is untouched).
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The commit the revision resolved to.
    pub commit: String,
    /// (path relative to the analysed directory, contents), sorted by path. Blobs larger than
    /// the limit given to [`read_tree`] are left out, as are symbolic links and submodules.
    pub files: Vec<(String, Vec<u8>)>,
    /// Files whose blob could not be read (a partial or damaged clone): left out. Sorted.
    pub unreadable: Vec<String>,
}

/// Reads every file of `rev` under the directory `path` (a repository or a directory inside
/// one), in parallel.
pub fn read_tree(path: &Path, rev: &str, max_size: u64) -> Result<Snapshot, Error> {
    let repo = gix::discover(path).map_err(|_| Error::NotARepository { path: path.to_owned() })?;
    let revision =
        |e: &dyn std::fmt::Display| Error::Revision { rev: rev.to_owned(), message: e.to_string() };
    let commit = repo
        .rev_parse_single(rev)
        .map_err(|e| revision(&e))?
        .object()
        .map_err(|e| read_error(path, e))?
        .peel_to_commit()
        .map_err(|e| revision(&e))?;
    let tree = commit.tree().map_err(|e| read_error(path, e))?;
    let prefix = analysed_prefix(&repo, path);
    let mut recorder = gix::traverse::tree::Recorder::default();
    tree.traverse().breadthfirst(&mut recorder).map_err(|e| read_error(path, e))?;
    let wanted: Vec<(String, ObjectId)> = recorder
        .records
        .into_iter()
        .filter(|e| e.mode.is_blob())
        .filter_map(|e| Some((under(&prefix, e.filepath.to_string())?, e.oid)))
        .collect();
    let sync = repo.clone().into_sync();
    type Read = Result<Option<(String, Vec<u8>)>, (String, String)>;
    let read: Vec<Read> = wanted
        .into_par_iter()
        .map_init(
            || sync.to_thread_local(),
            |repo, (rel, oid)| {
                let header = repo.find_header(oid).map_err(|e| (rel.clone(), e.to_string()))?;
                let name = rel.rsplit('/').next().unwrap_or(&rel);
                // Manifests are kept up to 64 MiB, as in the scan of a work tree.
                let limit =
                    if principal_model::is_manifest_name(name) { max_size.max(64 << 20) } else { max_size };
                if header.size() > limit {
                    return Ok(None);
                }
                let object = repo.find_object(oid).map_err(|e| (rel.clone(), e.to_string()))?;
                Ok(Some((rel, object.detach().data)))
            },
        )
        .collect();
    let mut files = Vec::with_capacity(read.len());
    let mut unreadable = Vec::new();
    for r in read {
        match r {
            Ok(Some(f)) => files.push(f),
            Ok(None) => {}
            // A missing blob (a partial clone) leaves that file out, not the revision.
            Err((rel, e)) => {
                tracing::debug!("{rel} at {rev} cannot be read ({e}); it is left out");
                unreadable.push(rel);
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    unreadable.sort();
    Ok(Snapshot { commit: commit.id.to_string(), files, unreadable })
}

/// The files git tracks under the directory `path` (from the index), relative to it, sorted.
/// For finding committed files that `.gitignore` would hide from a walk.
pub fn tracked_files(path: &Path) -> Result<Vec<String>, Error> {
    let repo = gix::discover(path).map_err(|_| Error::NotARepository { path: path.to_owned() })?;
    let index = repo.index_or_empty().map_err(|e| read_error(path, e))?;
    let prefix = analysed_prefix(&repo, path);
    let mut out: Vec<String> =
        index.entries().iter().filter_map(|e| under(&prefix, e.path(&index).to_string())).collect();
    out.sort();
    Ok(out)
}

/// The first-parent chain from HEAD, newest first: each commit's id, time (seconds) and whether
/// it is a merge. Line spans carried back through this chain stay in one line of coordinates;
/// carried through commits of parallel branches in time order, they drift. Stops at a shallow
/// boundary or an unreadable parent.
pub fn first_parent_chain(path: &Path) -> Result<Vec<(String, i64, bool)>, Error> {
    let repo = gix::discover(path).map_err(|_| Error::NotARepository { path: path.to_owned() })?;
    let Ok(mut commit) = repo.head_commit() else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    loop {
        let parents: Vec<ObjectId> = commit.parent_ids().map(|p| p.detach()).collect();
        let time = commit.time().map_or(0, |t| t.seconds);
        out.push((commit.id.to_string(), time, parents.len() > 1));
        let Some(next) = parents.first().and_then(|p| repo.find_commit(*p).ok()) else { break };
        commit = next;
    }
    Ok(out)
}

/// One commit's hunks in one file: (old lines, new lines), 0-based, half-open.
pub type Hunks = Vec<(std::ops::Range<u32>, std::ops::Range<u32>)>;

/// The lines each commit changed in one file: for every commit in `commits` (ids, any order),
/// the hunks of the file's diff against the commit's first parent, as (old lines, new lines),
/// 0-based half-open, in that commit's coordinates. `file` is relative to the analysed
/// directory `path`. A commit whose file or parent cannot be read gives no hunks.
pub fn file_hunks(path: &Path, file: &str, commits: &[String]) -> Result<Vec<Hunks>, Error> {
    use gix::diff::blob::{Algorithm, Diff, InternedInput};
    let repo = gix::discover(path).map_err(|_| Error::NotARepository { path: path.to_owned() })?;
    let prefix = analysed_prefix(&repo, path);
    let full = if prefix.is_empty() { file.to_owned() } else { format!("{prefix}/{file}") };
    let entry_at = |commit: &gix::Commit<'_>| -> Option<ObjectId> {
        let tree = commit.tree().ok()?;
        let entry = tree.lookup_entry_by_path(&full).ok()??;
        Some(entry.object_id())
    };
    let read = |id: Option<ObjectId>| -> Vec<u8> {
        id.and_then(|id| repo.find_object(id).ok()).map(|o| o.detach().data).unwrap_or_default()
    };
    Ok(commits
        .iter()
        .map(|id| {
            let Some(commit) = ObjectId::from_hex(id.as_bytes()).ok().and_then(|o| repo.find_commit(o).ok())
            else {
                return Vec::new();
            };
            let new_id = entry_at(&commit);
            let old_id = commit
                .parent_ids()
                .next()
                .and_then(|p| repo.find_commit(p.detach()).ok())
                .and_then(|p| entry_at(&p));
            // The same blob (a merge that left the file alone): no hunks, nothing read.
            if new_id == old_id {
                return Vec::new();
            }
            let (new, old) = (read(new_id), read(old_id));
            let input = InternedInput::new(old.as_slice(), new.as_slice());
            let diff = Diff::compute(Algorithm::Myers, &input);
            diff.hunks().map(|h| (h.before, h.after)).collect()
        })
        .collect())
}
