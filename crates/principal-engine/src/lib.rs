//! The pipeline behind every front end. The CLI and the MCP server call these functions, so
//! the same question gets the same answer from both.
//!
//! **Invariant:** this crate may read the file system, git and the caches; it never writes to
//! stdout or stderr and never decides exit codes. What a person should hear goes through
//! [`Reporter`]: progress, notes and warnings, which the front end shows or logs.
//!
//! The analysis is built once per command: [`tree::read`] is the one walk and read of the tree,
//! feeding the scan, the secret scan, the symbols of `context`, the lockfiles and the README.

pub mod analysis;
pub mod check;
pub mod config;
pub mod context;
pub mod deps;
pub mod diff;
pub mod fuzzing;
pub mod history;
pub mod output;
pub mod secrets;
pub mod tree;
pub mod whatif;

pub use analysis::{Analysis, AnalysisOptions, analyse};
pub use principal_model::{Progress, Quiet};
pub use tree::TreeOptions;

/// Where the engine reports what a person should hear. The CLI draws bars and prints notes;
/// the MCP server logs them.
pub trait Reporter: Sync {
    /// A progress bar for one stage of the work.
    fn progress(&self, message: &'static str) -> Box<dyn Progress + '_>;
    /// Something worth knowing that is not a problem (a shallow clone, no git).
    fn note(&self, message: &str);
    /// Something that went wrong but did not stop the work.
    fn warn(&self, message: &str);
}

/// A reporter that shows nothing and logs notes and warnings with `tracing`.
pub struct Logged;

impl Reporter for Logged {
    fn progress(&self, _message: &'static str) -> Box<dyn Progress + '_> {
        Box::new(Quiet)
    }
    fn note(&self, message: &str) {
        tracing::info!("{message}");
    }
    fn warn(&self, message: &str) {
        tracing::warn!("{message}");
    }
}

/// The first `n` of `items`, joined with commas, then `, …` when there are more: how a
/// message names a few of many paths or ids.
pub(crate) fn sample(items: &[String], n: usize) -> String {
    let mut s = items.iter().take(n).map(String::as_str).collect::<Vec<_>>().join(", ");
    if items.len() > n {
        s.push_str(", …");
    }
    s
}

/// The repository's name: the analysed directory's name (after resolving `.`), else
/// "repository".
pub fn repository_name(root: &std::path::Path) -> String {
    root.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| std::fs::canonicalize(root).ok()?.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "repository".to_owned())
}
