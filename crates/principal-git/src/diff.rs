//! One commit's changes, with `git log --numstat` line counts.

use std::collections::HashSet;

use gix::bstr::ByteSlice;
use gix::diff::blob::{Algorithm, Diff, InternedInput};
use gix::hash::ObjectId;
use gix::objs::tree::EntryMode;
use principal_model::FileChange;

use crate::{Options, RawCommit};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// git's rename limit (`diff.renameLimit`) and similarity threshold for `-M`.
const RENAME_LIMIT: usize = 1000;
const RENAME_SIMILARITY: f32 = 0.5;

/// A diffing context for one thread.
pub(crate) struct Worker<'a> {
    repo: gix::Repository,
    cache: gix::diff::blob::Platform,
    options: &'a Options,
    boundary: &'a HashSet<ObjectId>,
}

/// Git's binary test: a NUL byte in the first 8000 bytes.
fn is_binary(data: &[u8]) -> bool {
    data[..data.len().min(8000)].contains(&0)
}

/// Added and deleted lines as git's default (Myers) diff counts them. Lines keep their `\n`, so
/// a missing newline at the end is a change, as in xdiff.
/// The third value says the change is layout only: in every hunk the removed and the added
/// lines are the same text once whitespace is removed (a reindent, a reflowed argument list).
/// Only the hunks' lines are compared, so it costs little beside the diff.
fn count_lines(old: &[u8], new: &[u8]) -> (u32, u32, bool) {
    let input = InternedInput::new(old, new);
    let diff = Diff::compute(Algorithm::Myers, &input);
    let (added, deleted) = (diff.count_additions(), diff.count_removals());
    let text = |tokens: &[gix::diff::blob::Token]| {
        tokens
            .iter()
            .flat_map(|&t| input.interner[t].iter().copied())
            .filter(|c| !c.is_ascii_whitespace())
            .collect::<Vec<u8>>()
    };
    let range = |r: &std::ops::Range<u32>| r.start as usize..r.end as usize;
    let layout = (added > 0 || deleted > 0)
        && diff.hunks().all(|h| text(&input.before[range(&h.before)]) == text(&input.after[range(&h.after)]));
    (added, deleted, layout)
}

struct Raw {
    path: String,
    old_path: Option<String>,
    old: Option<(ObjectId, EntryMode)>,
    new: Option<(ObjectId, EntryMode)>,
}

impl<'a> Worker<'a> {
    pub fn new(
        sync: &gix::ThreadSafeRepository,
        options: &'a Options,
        boundary: &'a HashSet<ObjectId>,
    ) -> Result<Worker<'a>, BoxError> {
        let mut repo = sync.to_thread_local();
        repo.object_cache_size_if_unset(16 * 1024 * 1024);
        // Deltas chain through the same bases commit after commit: a bigger pack cache pays.
        repo.objects
            .set_pack_cache(|| Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(48 << 20)));
        let cache = repo.diff_resource_cache_for_tree_diff()?;
        Ok(Worker { repo, cache, options, boundary })
    }

    fn content(&self, id: ObjectId, mode: EntryMode) -> Result<Vec<u8>, BoxError> {
        if mode.is_commit() {
            // A submodule: git diffs the line "Subproject commit <id>".
            return Ok(format!("Subproject commit {}\n", id.to_hex()).into_bytes());
        }
        Ok(self.repo.find_blob(id)?.take_data())
    }

    pub fn commit(&mut self, id: ObjectId) -> Result<RawCommit, BoxError> {
        let commit = self.repo.find_commit(id)?;
        let author = commit.author()?;
        let (name, email, time) = (author.name.to_string(), author.email.to_string(), author.seconds());
        let c = commit.committer()?;
        let committer = (c.name.to_string(), c.email.to_string(), c.seconds());
        let subject = subject_of(&commit.message_raw_sloppy().to_str_lossy());
        let parents: Vec<ObjectId> = if self.boundary.contains(&id) {
            Vec::new()
        } else {
            commit.parent_ids().map(|p| p.detach()).collect()
        };
        let tree = commit.tree_id()?.detach();
        drop(commit);

        let diff_this = parents.len() <= 1 || self.options.diff_merges || self.options.first_parent;
        let changes = if diff_this {
            let parent_tree = match parents.first() {
                Some(p) => Some(self.repo.find_commit(*p)?.tree_id()?.detach()),
                None => None,
            };
            let raws = self.tree_changes(parent_tree, tree)?;
            let mut changes = Vec::with_capacity(raws.len());
            for raw in raws {
                changes.push(self.file_change(raw)?);
            }
            changes
        } else {
            Vec::new()
        };
        Ok(RawCommit { name, email, time, committer, parents: parents.len() as u32, subject, changes })
    }

    fn file_change(&self, raw: Raw) -> Result<FileChange, BoxError> {
        let old = match raw.old {
            Some((id, mode)) => self.content(id, mode)?,
            None => Vec::new(),
        };
        let new = match raw.new {
            Some((id, mode)) => self.content(id, mode)?,
            None => Vec::new(),
        };
        let binary = is_binary(&old) || is_binary(&new);
        let same = matches!((raw.old, raw.new), (Some((a, _)), Some((b, _))) if a == b);
        let (added, deleted, layout) = if binary || same { (0, 0, false) } else { count_lines(&old, &new) };
        // A created or deleted file is never a reindent.
        let layout_only = layout && raw.old.is_some() && raw.new.is_some();
        Ok(FileChange {
            path: raw.path,
            old_path: raw.old_path,
            added,
            deleted,
            binary,
            created: raw.old.is_none(),
            deleted_file: raw.new.is_none(),
            layout_only,
        })
    }

    /// The files that differ between two trees (`None` is the empty tree), in path order.
    fn tree_changes(&mut self, old: Option<ObjectId>, new: ObjectId) -> Result<Vec<Raw>, BoxError> {
        let old_tree = match old {
            Some(id) => self.repo.find_tree(id)?,
            None => self.repo.empty_tree(),
        };
        let new_tree = self.repo.find_tree(new)?;
        let rewrites = self.options.renames.then_some(gix::diff::Rewrites {
            copies: None,
            percentage: Some(RENAME_SIMILARITY),
            limit: RENAME_LIMIT,
            track_empty: true,
        });
        let mut out = Vec::new();
        let path = |p: &gix::bstr::BStr| p.to_str_lossy().into_owned();
        use gix::object::tree::diff::Change;
        old_tree
            .changes()?
            .options(|o| {
                o.track_path().track_rewrites(rewrites);
            })
            .for_each_to_obtain_tree_with_cache(&new_tree, &mut self.cache, |change| {
                match change {
                    Change::Addition { location, entry_mode, id, .. } if !entry_mode.is_tree() => {
                        out.push(Raw {
                            path: path(location),
                            old_path: None,
                            old: None,
                            new: Some((id.detach(), entry_mode)),
                        });
                    }
                    Change::Deletion { location, entry_mode, id, .. } if !entry_mode.is_tree() => {
                        out.push(Raw {
                            path: path(location),
                            old_path: None,
                            old: Some((id.detach(), entry_mode)),
                            new: None,
                        });
                    }
                    Change::Modification { location, previous_entry_mode, previous_id, entry_mode, id } => {
                        // git compares canonical modes: 100664 and 100644 are the same.
                        if previous_id == id && previous_entry_mode.kind() == entry_mode.kind() {
                            return Ok::<_, gix::Error>(std::ops::ControlFlow::Continue(()));
                        }
                        let (old, new) = (
                            Some((previous_id.detach(), previous_entry_mode)),
                            Some((id.detach(), entry_mode)),
                        );
                        match (previous_entry_mode.is_tree(), entry_mode.is_tree()) {
                            (false, false) => {
                                out.push(Raw { path: path(location), old_path: None, old, new })
                            }
                            // A tree replaced by a file or back: the file side; the tree's entries come on their own.
                            (true, false) => {
                                out.push(Raw { path: path(location), old_path: None, old: None, new })
                            }
                            (false, true) => {
                                out.push(Raw { path: path(location), old_path: None, old, new: None })
                            }
                            (true, true) => {}
                        }
                    }
                    Change::Rewrite {
                        source_location,
                        source_entry_mode,
                        source_id,
                        entry_mode,
                        location,
                        id,
                        ..
                    } if !entry_mode.is_tree() => {
                        out.push(Raw {
                            path: path(location),
                            old_path: Some(path(source_location)),
                            old: Some((source_id.detach(), source_entry_mode)),
                            new: Some((id.detach(), entry_mode)),
                        });
                    }
                    _ => {}
                }
                Ok(std::ops::ControlFlow::Continue(()))
            })?;
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }
}

/// The subject of a commit message: its first non-empty line, trimmed, at most 200 characters.
fn subject_of(message: &str) -> String {
    let line = message.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    line.chars().take(200).collect()
}
