//! The commit walk, in `git log`'s default order.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use gix::hash::ObjectId;

/// Every commit reachable from `head`, newest first, as `git log` lists them without ordering
/// options: a queue by committer time where equal times leave in insertion order, parents
/// enqueued in order when their child leaves. Commits on a shallow `boundary` have no parents.
///
/// `heads` are the tips (the first must be readable). A parent that cannot be read (a missing
/// object in a partial clone, an invalid commit) ends its line of history: it is added to
/// `unreadable` and the walk goes on without it.
pub(crate) fn git_order(
    repo: &gix::Repository,
    heads: &[ObjectId],
    first_parent: bool,
    boundary: &HashSet<ObjectId>,
    unreadable: &mut Vec<ObjectId>,
) -> Result<Vec<ObjectId>, Box<dyn std::error::Error + Send + Sync>> {
    let read = |id: ObjectId| -> Result<(i64, Vec<ObjectId>), Box<dyn std::error::Error + Send + Sync>> {
        let commit = repo.find_commit(id)?;
        // An invalid date (an fsck error) orders the commit last, and its parents are still
        // walked; the commit itself is left out when its changes cannot be read.
        let time = commit.committer().map(|c| c.seconds()).unwrap_or(0);
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
    for (i, &head) in heads.iter().enumerate() {
        if !seen.insert(head) {
            continue;
        }
        match read(head) {
            Ok((t, p)) => {
                seq += 1;
                queue.push((t, Reverse(seq), head, p));
            }
            Err(e) if i == 0 => return Err(e),
            Err(_) => unreadable.push(head),
        }
    }
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
            match read(parent) {
                Ok((t, p)) => {
                    seq += 1;
                    queue.push((t, Reverse(seq), parent, p));
                }
                Err(_) => unreadable.push(parent),
            }
        }
    }
    Ok(out)
}
