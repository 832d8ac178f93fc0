//! Technical strategy: what to change, tried on the model before anyone changes the code.
//! `whatif` applies a scenario (moves, cuts, merges, splits) to the architecture model and
//! compares the architecture, the rules and the risk register before and after.
//!
//! **Invariant:** pure. The model, the rules and the audits come in as values; the engine runs
//! the analyses of the changed model; nothing on disk is read or changed.

// No I/O here: clippy.toml lists what this bans (std::fs, std::env, std::process, stdout).
#![warn(clippy::disallowed_methods, clippy::disallowed_types)]

pub mod whatif;
