//! Every blob the history ever added, each read once: for scans of every line ever committed
//! (`principal secrets --history`).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use gix::bstr::ByteSlice;
use gix::hash::ObjectId;
use principal_model::{Person, Progress};
use rayon::prelude::*;

use crate::{Error, read_error};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The commit that first added a blob, and where.
#[derive(Debug, Clone)]
pub struct Introduced {
    pub blob: String,
    pub path: String,
    pub commit: String,
    pub author: Person,
    pub time: i64,
}

/// The blobs (files) each commit adds or changes, against its first parent. A commit on a
/// shallow boundary has no parent in the clone: all of its files count as added there.
fn added(
    repo: &gix::Repository,
    id: ObjectId,
    boundary: &HashSet<ObjectId>,
) -> Result<Vec<(String, ObjectId)>, BoxError> {
    let commit = repo.find_commit(id)?;
    let tree = commit.tree()?;
    let parent_tree = match commit.parent_ids().next().filter(|_| !boundary.contains(&id)) {
        Some(p) => repo.find_commit(p.detach())?.tree()?,
        None => repo.empty_tree(),
    };
    let mut out = Vec::new();
    use gix::object::tree::diff::Change;
    parent_tree
        .changes()?
        .options(|o| {
            o.track_path();
        })
        .for_each_to_obtain_tree(&tree, |change| {
            match change {
                Change::Addition { location, entry_mode, id, .. }
                | Change::Modification { location, entry_mode, id, .. }
                    if entry_mode.is_blob() =>
                {
                    out.push((location.to_str_lossy().into_owned(), id.detach()));
                }
                _ => {}
            }
            Ok::<_, gix::Error>(std::ops::ControlFlow::Continue(()))
        })?;
    Ok(out)
}

/// What [`scan_added_blobs`] found, and how complete the history it read was.
#[derive(Debug)]
pub struct BlobScan<T> {
    /// Oldest introduction first.
    pub found: Vec<(Introduced, Vec<T>)>,
    /// The clone is shallow: what lies before its boundary is not in it, and the boundary
    /// commits' files count as added there.
    pub shallow: bool,
    /// Commits and blobs that could not be read (left out), sorted ids.
    pub unreadable: Vec<String>,
    /// How many tips the walk started from (1 with HEAD only).
    pub tips: usize,
}

/// The commits the references point at: branches, remote branches, tags (peeled) and the stash,
/// after HEAD.
fn all_tips(repo: &gix::Repository, head: ObjectId) -> Result<Vec<ObjectId>, BoxError> {
    let mut tips = vec![head];
    for r in repo.references()?.all()? {
        let Ok(mut r) = r else { continue };
        if let Ok(id) = r.peel_to_id() {
            let id = id.detach();
            if repo.find_commit(id).is_ok() && !tips.contains(&id) {
                tips.push(id);
            }
        }
    }
    tips[1..].sort();
    Ok(tips)
}

/// Walks every commit reachable from HEAD (with `all_refs`, from every branch, tag, remote
/// branch and the stash too), finds the commit that first added each blob (the oldest, by
/// author time), reads each distinct blob once (those up to `max_size` bytes), in parallel,
/// and keeps what `scan(path, contents)` finds. Only blobs under the analysed directory (`path`,
/// or a file's directory) count, with paths relative to it, as the tree's are. A commit or blob
/// that cannot be read is left out and listed, not fatal; a shallow clone is scanned as far as
/// it goes.
pub fn scan_added_blobs<T: Send>(
    path: &Path,
    max_size: u64,
    all_refs: bool,
    progress: &dyn Progress,
    scan: impl Fn(&str, &[u8]) -> Vec<T> + Sync,
) -> Result<BlobScan<T>, Error> {
    let repo = gix::discover(path).map_err(|_| Error::NotARepository { path: path.to_owned() })?;
    let head = match repo.head_id() {
        Ok(id) => id.detach(),
        Err(_) => return Err(Error::Empty { path: path.to_owned() }),
    };
    let shallow = repo.is_shallow().map_err(|e| read_error(path, e))?;
    let boundary: HashSet<ObjectId> = if shallow {
        repo.shallow_commits()
            .map_err(|e| read_error(path, e))?
            .map(|c| c.iter().copied().collect())
            .unwrap_or_default()
    } else {
        HashSet::new()
    };
    let dir = if path.is_file() { path.parent().unwrap_or(path) } else { path };
    let prefix = crate::analysed_prefix(&repo, dir);
    let tips = if all_refs { all_tips(&repo, head).map_err(|e| read_error(path, e))? } else { vec![head] };
    let mut unreadable: Vec<ObjectId> = Vec::new();
    let ids = crate::walk::git_order(&repo, &tips, false, &boundary, &mut unreadable)
        .map_err(|e| read_error(path, e))?;
    let sync = repo.clone().into_sync();
    progress.start(ids.len() as u64);
    // Compact records: each distinct blob keeps an index into the commits and an interned path;
    // the strings of an `Introduced` are made only for blobs that have findings.
    struct CommitInfo {
        id: ObjectId,
        time: i64,
        name: String,
        email: String,
    }
    let mut commits: Vec<CommitInfo> = Vec::with_capacity(ids.len());
    let mut paths: Vec<String> = Vec::new();
    let mut path_ids: HashMap<String, u32> = HashMap::new();
    let mut first: HashMap<ObjectId, (u32, u32)> = HashMap::new();
    // In chunks, so that memory holds the distinct blobs, not every commit's change list.
    type PerCommit = Result<(ObjectId, i64, String, String, Vec<(String, ObjectId)>), ObjectId>;
    for chunk in ids.chunks(2048) {
        let per_commit: Vec<PerCommit> = chunk
            .par_iter()
            .map_init(
                || sync.to_thread_local(),
                |repo, &id| {
                    let r = (|| -> Result<_, BoxError> {
                        let c = repo.find_commit(id)?;
                        let a = c.author()?;
                        let (name, email, time) = (a.name.to_string(), a.email.to_string(), a.seconds());
                        drop(c);
                        Ok((id, time, name, email, added(repo, id, &boundary)?))
                    })()
                    .map_err(|e| {
                        tracing::debug!("commit {id} cannot be read ({e}); its files are not scanned");
                        id
                    });
                    progress.advance();
                    r
                },
            )
            .collect();
        for r in per_commit {
            let (id, time, name, email, blobs) = match r {
                Ok(x) => x,
                Err(id) => {
                    unreadable.push(id);
                    continue;
                }
            };
            let c = commits.len() as u32;
            commits.push(CommitInfo { id, time, name, email });
            for (p, blob) in blobs {
                let Some(p) = crate::under(&prefix, p) else { continue };
                // The oldest commit wins; on equal times, the later in walk order (the parent side).
                if first.get(&blob).is_some_and(|&(other, _)| commits[other as usize].time < time) {
                    continue;
                }
                let pid = *path_ids.entry(p).or_insert_with_key(|k| {
                    paths.push(k.clone());
                    (paths.len() - 1) as u32
                });
                first.insert(blob, (c, pid));
            }
        }
    }
    progress.finish();
    drop(path_ids);
    let mut intros: Vec<(ObjectId, (u32, u32))> = first.into_iter().collect();
    intros.sort_by_key(|a| a.0);
    let mailmap = repo.open_mailmap();
    let introduced = |oid: ObjectId, (c, p): (u32, u32)| {
        let info = &commits[c as usize];
        let (name, email) = crate::mailmap_resolve(&mailmap, &info.name, &info.email);
        Introduced {
            blob: oid.to_string(),
            path: paths[p as usize].clone(),
            commit: info.id.to_string(),
            author: Person { name, email },
            time: info.time,
        }
    };
    type Found<T> = Result<Option<(ObjectId, (u32, u32), Vec<T>)>, ObjectId>;
    let found: Vec<Found<T>> = intros
        .into_par_iter()
        .map_init(
            || sync.to_thread_local(),
            |repo, (oid, at)| {
                let header = repo.find_header(oid).map_err(|_| oid)?;
                if header.size() > max_size {
                    return Ok(None);
                }
                let data = repo.find_object(oid).map_err(|_| oid)?.detach().data;
                let hits = scan(&paths[at.1 as usize], &data);
                Ok((!hits.is_empty()).then_some((oid, at, hits)))
            },
        )
        .collect();
    let mut out = Vec::new();
    for f in found {
        match f {
            Ok(Some((oid, at, hits))) => out.push((introduced(oid, at), hits)),
            Ok(None) => {}
            Err(oid) => {
                tracing::debug!("blob {oid} cannot be read; it is not scanned");
                unreadable.push(oid);
            }
        }
    }
    out.sort_by(|a, b| (a.0.time, &a.0.commit, &a.0.path).cmp(&(b.0.time, &b.0.commit, &b.0.path)));
    unreadable.sort();
    unreadable.dedup();
    Ok(BlobScan {
        found: out,
        shallow,
        unreadable: unreadable.iter().map(ToString::to_string).collect(),
        tips: tips.len(),
    })
}
