//! The commit cache: what each commit changed, keyed by commit id. A re-run diffs only commits
//! it has not seen; the file holds the commits of the last walk.

use std::collections::HashMap;
use std::path::Path;

use gix::hash::ObjectId;

use crate::{Options, RawCommit};

const MAGIC: &[u8; 8] = b"PRHIST\0\x01";
/// Bump when what is stored for a commit changes.
const FORMAT: u32 = 1;

/// The cache file's key: the repository and the options that change what a commit holds.
pub(crate) fn key(git_dir: &Path, options: &Options) -> Vec<u8> {
    let mut key = git_dir.as_os_str().as_encoded_bytes().to_vec();
    // With --first-parent, merges are diffed against their first parent, as git log does.
    let merges = options.diff_merges || options.first_parent;
    key.extend_from_slice(format!("|v{FORMAT}|r{}|m{merges}", options.renames).as_bytes());
    key
}

pub(crate) fn load(dir: &Path, key: &[u8]) -> HashMap<ObjectId, RawCommit> {
    let path = dir.join("history").join(principal_cache::file_name(key));
    let Some(payload) = principal_cache::read(&path, MAGIC) else {
        return HashMap::new();
    };
    let entries: Vec<([u8; 20], RawCommit)> = match postcard::from_bytes(&payload) {
        Ok(e) => e,
        Err(_) => {
            tracing::warn!("discarding an unreadable history cache: {}", path.display());
            return HashMap::new();
        }
    };
    entries.into_iter().map(|(id, c)| (ObjectId::from(id), c)).collect()
}

pub(crate) fn save(
    dir: &Path,
    key: &[u8],
    ids: &[ObjectId],
    commits: &HashMap<ObjectId, RawCommit>,
) -> std::io::Result<()> {
    let entries: Vec<([u8; 20], &RawCommit)> = ids
        .iter()
        .filter_map(|id| {
            let bytes: [u8; 20] = id.as_bytes().try_into().ok()?;
            Some((bytes, commits.get(id)?))
        })
        .collect();
    let payload = postcard::to_stdvec(&entries).map_err(std::io::Error::other)?;
    principal_cache::write(&dir.join("history").join(principal_cache::file_name(key)), MAGIC, &payload)
}
