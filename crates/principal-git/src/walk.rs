//! The commit walk, in `git log`'s default order.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use gix::hash::ObjectId;

/// Every commit reachable from `head`, newest first, as `git log` lists them without ordering
/// options: a queue by committer time where equal times leave in insertion order, parents
/// enqueued in order when their child leaves. Commits on a shallow `boundary` have no parents.
pub(crate) fn git_order(
    repo: &gix::Repository,
    head: ObjectId,
    first_parent: bool,
    boundary: &HashSet<ObjectId>,
) -> Result<Vec<ObjectId>, Box<dyn std::error::Error + Send + Sync>> {
    let read = |id: ObjectId| -> Result<(i64, Vec<ObjectId>), Box<dyn std::error::Error + Send + Sync>> {
        let commit = repo.find_commit(id)?;
        let time = commit.committer()?.seconds();
        let parents = if boundary.contains(&id) {
            Vec::new()
        } else {
            commit.parent_ids().map(|p| p.detach()).collect()
        };
        Ok((time, parents))
    };
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut queue: BinaryHeap<(i64, Reverse<u64>, ObjectId, Vec<ObjectId>)> = BinaryHeap::new();
    let mut seq = 0u64;
    seen.insert(head);
    let (t, p) = read(head)?;
    queue.push((t, Reverse(seq), head, p));
    let mut out = Vec::new();
    while let Some((_, _, id, parents)) = queue.pop() {
        out.push(id);
        for (n, parent) in parents.into_iter().enumerate() {
            if first_parent && n > 0 {
                break;
            }
            if !seen.insert(parent) {
                continue;
            }
            let (t, p) = read(parent)?;
            seq += 1;
            queue.push((t, Reverse(seq), parent, p));
        }
    }
    Ok(out)
}
