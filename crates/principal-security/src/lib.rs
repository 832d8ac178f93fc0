//! Security findings for the security team: secrets in the tree and in history, the dependency
//! inventory of every lockfile and manifest, and offline OSV vulnerability matching.
//!
//! **Invariant:** pure functions over file contents; no I/O. A found secret never leaves this
//! crate whole: [`Hit`] holds a redacted prefix and a fingerprint, never the value.

// No I/O here: clippy.toml lists what this bans (std::fs, std::env, std::process, stdout).
#![warn(clippy::disallowed_methods, clippy::disallowed_types)]

pub mod confidence;
pub mod deps;
pub mod osv;
pub mod secrets;
pub mod versions;

pub use confidence::{Assessment, Confidence, assess};
pub use principal_model::PathContext;
pub use secrets::{
    Allow, Finding, Hit, RuleDef, RuleError, Scanner, SecretsConfig, decode_utf16, entropy, is_binary, redact,
};

#[cfg(test)]
mod tests;
