//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "principal",
    version,
    about = "A principal engineer for any codebase: architecture, risk, standards and explanation.",
    after_help = "Examples:\n  principal scan .                 languages, sizes and the most complex functions\n  principal scan src --format json the full scan as JSON (schema principal.scan/1)\n  principal map                    components, cycles and coupling metrics"
)]
pub struct Args {
    /// Print nothing on stderr but errors (no progress bar).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// When to colour the output. `NO_COLOR` in the environment means never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Measure every file: languages, code/comment/blank lines, and per-function complexity.
    #[command(
        after_help = "Examples:\n  principal scan\n  principal scan ../service --top 20\n  principal scan . --format json > scan.json\n  principal scan . --max-file-size 4MiB --include-vendored"
    )]
    Scan(ScanArgs),
    /// Map the architecture: resolved imports, components, cycles, layers and coupling metrics.
    #[command(
        after_help = "Examples:\n  principal map\n  principal map --level component --format mermaid > deps.mmd\n  principal map --level dir --format dot | dot -Tsvg > deps.svg\n  principal map --focus src/app/core.py\n  principal map --format json > map.json"
    )]
    Map(MapArgs),
}

/// Options shared by every command that reads the tree.
#[derive(Debug, clap::Args)]
pub struct TreeArgs {
    /// Skip files larger than this (bytes, or with a unit: 512K, 1MiB, 2M).
    #[arg(long, default_value = "1MiB", value_parser = parse_size, value_name = "SIZE")]
    pub max_file_size: u64,

    /// Keep vendored and generated files, minified code and lockfiles.
    #[arg(long)]
    pub include_vendored: bool,

    /// Do not read or write the content-hash cache.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, clap::Args)]
pub struct MapArgs {
    /// The directory to map.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// The level of the graph: files, directories or components.
    #[arg(long, value_enum, default_value_t = MapLevel::Component)]
    pub level: MapLevel,

    /// Output format.
    #[arg(long, value_enum, default_value_t = MapFormat::Text)]
    pub format: MapFormat,

    /// Show only this file's, directory's or component's neighbourhood.
    #[arg(long, value_name = "PATH")]
    pub focus: Option<String>,

    /// Rows in each table of the text summary.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,

    #[command(flatten)]
    pub tree: TreeArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MapLevel {
    File,
    Dir,
    Component,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MapFormat {
    Text,
    Json,
    Mermaid,
    Dot,
}

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// The directory (or file) to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
    pub format: ScanFormat,

    /// Rows in the "most complex functions" and "largest files" tables.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,

    #[command(flatten)]
    pub tree: TreeArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ScanFormat {
    Text,
    Json,
}

/// Parses `1048576`, `512K`, `512KiB`, `1M`, `1MiB`, `1G` (binary units).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num.parse().map_err(|_| format!("`{s}` is not a size; try 1048576, 512K or 1MiB"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("`{unit}` is not a size unit; use K, M or G")),
    };
    n.checked_mul(mult).ok_or_else(|| format!("`{s}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1MiB"), Ok(1 << 20));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5X").is_err());
    }

    #[test]
    fn args_are_well_formed() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }
}
