//! Renderers. Each output format writes to `&mut dyn Write` and owns its output types, which
//! carry a versioned `schema` field; the in-memory model behind them is free to change.
//!
//! **Invariant:** no analysis and no file-system access here: renderers take finished results
//! and only format them. Output is deterministic: the same input gives the same bytes.

// No I/O here: clippy.toml lists what this bans (std::fs, std::env, std::process, stdout).
#![warn(clippy::disallowed_methods, clippy::disallowed_types)]

pub mod audit;
pub mod check;
pub mod context;
pub mod deps;
pub mod diff;
pub mod history;
pub mod map;
pub mod sarif;
pub mod scan;
pub mod secrets;
mod style;
pub mod terminal;
pub mod whatif;

pub use style::Style;

/// The lists of a report for a terminal or for Markdown (`diff`, `whatif`): headings, items,
/// code spans, and a note of how many items `top` left out.
pub(crate) struct Outline {
    pub markdown: bool,
    pub top: usize,
}

impl Outline {
    pub fn code(&self, s: &str) -> String {
        if self.markdown { format!("`{}`", s.replace('`', "'")) } else { s.to_owned() }
    }
    pub fn heading(&self, out: &mut dyn std::io::Write, title: &str) -> std::io::Result<()> {
        if self.markdown { writeln!(out, "\n### {title}\n") } else { writeln!(out, "\n{title}") }
    }
    pub fn item(&self, out: &mut dyn std::io::Write, text: &str) -> std::io::Result<()> {
        if self.markdown { writeln!(out, "- {text}") } else { writeln!(out, "  {text}") }
    }
    /// "… and N more" when `n` items are more than `top`.
    pub fn more(&self, out: &mut dyn std::io::Write, n: usize) -> std::io::Result<()> {
        if n > self.top {
            self.item(out, &format!("… and {} more (see --format json)", n - self.top))
        } else {
            Ok(())
        }
    }
}

/// Rounds to 4 decimals for output, so that float noise never changes the bytes; `-0.0` becomes
/// `0.0`.
pub(crate) fn r4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0 + 0.0
}
