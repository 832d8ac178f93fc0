use serde::{Deserialize, Serialize};

/// A person as git records them, after `.mailmap`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// A tag on a commit of the analysed history: a release, when its name has a digit
/// (`v2.13.1`, `gson-parent-2.14.0`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Tag {
    /// The short name, without `refs/tags/`.
    pub name: String,
    /// Who made it, after `.mailmap`: the tagger of an annotated tag, else the committer of the
    /// tagged commit.
    pub tagger: Person,
    /// When, seconds since the Unix epoch: the tagger's time, else the commit's.
    pub time: i64,
    /// The tagged commit's full id.
    pub commit: String,
}

/// One file a commit changed, with `git log --numstat` counts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FileChange {
    /// The path after the commit (for a deletion, the deleted path).
    pub path: String,
    /// The path before, when the commit renamed the file.
    pub old_path: Option<String>,
    pub added: u32,
    pub deleted: u32,
    /// Binary on either side: changed, with no line counts.
    pub binary: bool,
    /// The file was created by this commit (added, or the new side of a copy).
    pub created: bool,
    /// The file was deleted by this commit.
    pub deleted_file: bool,
    /// Only layout changed: the two sides are equal once whitespace is removed (a reindent, a
    /// reformat). Such a change is mechanical (`principal_history::mechanical`).
    #[serde(default)]
    pub layout_only: bool,
}

/// One commit, with what it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commit {
    /// The full hexadecimal id.
    pub id: String,
    pub author: Person,
    /// Author time, seconds since the Unix epoch.
    pub time: i64,
    pub parents: u32,
    /// The first line of the message, at most 200 characters: enough to tell a release or a
    /// formatting sweep from a change (`principal_history::mechanical`).
    #[serde(default)]
    pub subject: String,
    /// Empty for merges unless merges are diffed (see the history options).
    pub changes: Vec<FileChange>,
    /// Who committed it, where that is someone other than its author (a maintainer who applied
    /// a patch, cherry-picked or rebased it); `None` when the author committed it.
    #[serde(default)]
    pub committer: Option<Committer>,
}

/// The person who committed someone else's commit, after `.mailmap`, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Committer {
    pub person: Person,
    /// Committer time, seconds since the Unix epoch.
    pub time: i64,
}
