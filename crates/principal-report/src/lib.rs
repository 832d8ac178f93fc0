//! Renderers. Each output format writes to `&mut dyn Write` and owns its output types, which
//! carry a versioned `schema` field; the in-memory model behind them is free to change.
//!
//! **Invariant:** no analysis and no file-system access here: renderers take finished results
//! and only format them. Output is deterministic: the same input gives the same bytes.

pub mod history;
pub mod map;
pub mod scan;
mod style;

pub use style::Style;
