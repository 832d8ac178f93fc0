//! The in-memory model that Principal's analyses share.
//!
//! Plain data (and the one `Progress` interface long work reports through): no I/O, no parsing,
//! no rendering. The types serialize with serde so that the
//! edge crates can cache them, but the machine-readable *output* formats live in
//! `principal-report` and may differ from these types.

mod history;
mod language;
mod progress;
mod scan;

pub use history::{Commit, FileChange, Person};
pub use language::Language;
pub use progress::{Progress, Quiet};
pub use scan::{
    FileFacts, Function, Import, ImportKind, LineCounts, Manifest, ScanResult, SkipReason, Skipped, Warning,
    is_manifest_name,
};
