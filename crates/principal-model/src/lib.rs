//! The in-memory model that Principal's analyses share.
//!
//! Plain data (and the one `Progress` interface long work reports through): no I/O, no parsing,
//! no rendering. The types serialize with serde so that the
//! edge crates can cache them, but the machine-readable *output* formats live in
//! `principal-report` and may differ from these types.

// No I/O here: clippy.toml lists what this bans (std::fs, std::env, std::process, stdout).
#![warn(clippy::disallowed_methods, clippy::disallowed_types)]

mod conventions;
mod graph;
mod history;
mod language;
mod progress;
mod scan;
mod secrets;

pub use conventions::{
    PathContext, VENDORED_DIRS, is_entry_point, is_test_path, is_vendored_dir, path_context,
};
pub use graph::{Component, ComponentSource, Edge, External, Model, Node, Unresolved};
pub use history::{Commit, Committer, FileChange, Person, Tag};
pub use language::Language;
pub use progress::{Progress, Quiet};
pub use scan::{
    Cohesion, FileFacts, Fingerprint, Function, Import, ImportKind, LineCounts, MAX_MENTIONS, Manifest,
    Position, ScanResult, SkipReason, Skipped, TypeDecl, Warning, is_manifest_name,
};
pub use secrets::{Allow, RuleDef, SecretsConfig};
