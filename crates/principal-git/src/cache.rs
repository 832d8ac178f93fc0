//! The commit cache: what each commit changed, keyed by commit id, and the last walk's order.
//! A re-run from the same head reads nothing from the repository but the head; after new
//! commits it walks again and diffs only the commits it has not seen.

use std::collections::HashMap;
use std::path::Path;

use gix::hash::ObjectId;

use crate::{Options, RawCommit};

const MAGIC: &[u8; 8] = b"PRHIST\0\x01";
/// Bump when what is stored for a commit changes.
const FORMAT: u32 = 4;

/// The cache file's key: the repository and the options that change what a commit holds.
pub(crate) fn key(git_dir: &Path, options: &Options) -> Vec<u8> {
    let mut key = git_dir.as_os_str().as_encoded_bytes().to_vec();
    // With --first-parent, merges are diffed against their first parent, as git log does; and
    // the walk it caches is a different one.
    let merges = options.diff_merges || options.first_parent;
    key.extend_from_slice(
        format!("|v{FORMAT}|r{}|m{merges}|f{}", options.renames, options.first_parent).as_bytes(),
    );
    key
}

/// What the cache holds: the head of the last walk, and its commits in walk order.
#[derive(Default)]
pub(crate) struct Cached {
    pub head: Option<ObjectId>,
    /// In walk order.
    pub ids: Vec<ObjectId>,
    pub commits: HashMap<ObjectId, RawCommit>,
}

fn path(dir: &Path, key: &[u8]) -> std::path::PathBuf {
    dir.join("history").join(principal_cache::file_name(key))
}

pub(crate) fn load(dir: &Path, key: &[u8]) -> Cached {
    let path = path(dir, key);
    let Some(payload) = principal_cache::read(&path, MAGIC) else { return Cached::default() };
    type Stored = ([u8; 20], Vec<([u8; 20], RawCommit)>);
    let (head, entries): Stored = match postcard::from_bytes(&payload) {
        Ok(e) => e,
        Err(_) => {
            tracing::warn!("discarding an unreadable history cache: {}", path.display());
            return Cached::default();
        }
    };
    let ids = entries.iter().map(|(id, _)| ObjectId::from(*id)).collect();
    Cached {
        head: Some(ObjectId::from(head)),
        ids,
        commits: entries.into_iter().map(|(id, c)| (ObjectId::from(id), c)).collect(),
    }
}

pub(crate) fn save(
    dir: &Path,
    key: &[u8],
    head: ObjectId,
    ids: &[ObjectId],
    commits: &HashMap<ObjectId, RawCommit>,
) -> std::io::Result<()> {
    let bytes = |id: &ObjectId| -> Option<[u8; 20]> { id.as_bytes().try_into().ok() };
    let entries: Vec<([u8; 20], &RawCommit)> =
        ids.iter().filter_map(|id| Some((bytes(id)?, commits.get(id)?))).collect();
    let head = bytes(&head).ok_or_else(|| std::io::Error::other("not a SHA-1 repository"))?;
    let payload = postcard::to_stdvec(&(head, entries)).map_err(std::io::Error::other)?;
    principal_cache::write(&path(dir, key), MAGIC, &payload)
}
