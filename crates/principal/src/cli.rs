//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "principal",
    version,
    about = "A principal engineer for any codebase: architecture, risk, standards and explanation.",
    after_help = "Examples:\n  principal audit .                the whole report: risks, architecture, people, onboarding\n  principal explain --component api  an onboarding guide for one component\n  principal check                  the rules of principal.toml, for CI\n  principal scan .                 languages, sizes and the most complex functions\n  principal scan src --format json the full scan as JSON (schema principal.scan/1)\n  principal map                    components, cycles and coupling metrics\n  principal history                hotspots, coupling, ownership and truck factor from git"
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

impl ColorChoice {
    /// Whether to colour a stream: `auto` colours a terminal unless `NO_COLOR` is set.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && is_terminal,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The whole audit: risk register, architecture, history and people, onboarding guide.
    /// Writes report.json, REPORT.md and index.html to --out; prints the top risks.
    #[command(
        after_help = "Examples:\n  principal audit\n  principal audit ../service --out /tmp/service-report\n  principal audit . --top 20 --timestamp\n  PRINCIPAL_LLM_BASE_URL=http://localhost:11434/v1 principal audit . --llm --llm-model llama3.1"
    )]
    Audit(AuditArgs),
    /// The onboarding guide (Markdown): what the system does, its components, entry points,
    /// reading order, key abstractions and who to ask.
    #[command(
        after_help = "Examples:\n  principal explain\n  principal explain --component crates/principal-graph\n  principal explain ../service > ONBOARDING.md"
    )]
    Explain(ExplainArgs),
    /// Check the rules of principal.toml: exit 0 when clean, 1 on new violations, 2 on a usage
    /// or config error. Formats for people, JSON, SARIF (code scanning) and GitHub annotations.
    #[command(
        after_help = "Examples:\n  principal check\n  principal check --format sarif > principal.sarif\n  principal check --format github\n  principal check --update-baseline      record today's violations; later runs fail only on new ones\n  principal check --config ci/principal.toml --baseline ci/baseline.json"
    )]
    Check(CheckArgs),
    /// Compare the architecture at two revisions, read from git objects (no checkout): new and
    /// broken cycles, dependencies, rule violations, metric and complexity deltas, hotspots.
    #[command(
        after_help = "Examples:\n  principal diff main                     HEAD against main\n  principal diff origin/main HEAD --format markdown > comment.md\n  principal diff ../service v1.0 v1.1 --format json"
    )]
    Diff(DiffArgs),
    /// Try a restructuring on the model before editing code: move files between components,
    /// cut imports, merge or split components, and see cycles, levels, Martin metrics,
    /// propagation cost, rule violations and the risk register before and after.
    #[command(
        after_help = "Examples:\n  principal whatif --cut 'src/db->src/api'\n  principal whatif --merge src/plugins/a,src/plugins/b=src/plugins\n  principal whatif --split src/core='src/core/io/**' --move src/core/files.py=src/core/io\n  principal whatif ../service --scenario split-core.toml --format markdown > proposal.md\n\nSteps run in this order: merges, splits, moves, cuts. A name is a component (its id or\npackage name), a folder, a file or a glob, as in principal.toml's rules. A scenario file\nlists steps in the same syntax: merge = [\"a,b\"], split = [...], move = [...], cut = [...]."
    )]
    Whatif(WhatifArgs),
    /// Find secrets (keys, tokens, passwords) in the tree, and with --history in every line ever
    /// committed. Findings show at most 4 characters and a fingerprint, never the secret.
    #[command(
        after_help = "Examples:\n  principal secrets\n  principal secrets --history --format json > secrets.json\n  principal secrets --history --all-refs   every branch, tag and the stash too\n  principal secrets --format sarif > secrets.sarif\n\nSuppress a finding with a `principal:allow` comment on its line, with paths and regexes\nunder [secrets] allow in principal.toml, or with the baseline of `principal check`."
    )]
    Secrets(SecretsArgs),
    /// The dependency inventory of every lockfile and manifest, as text, JSON or a CycloneDX
    /// SBOM, with known vulnerabilities from an offline OSV database. Exit 1 when some are found.
    #[command(
        after_help = "Examples:\n  principal deps\n  principal deps --format cyclonedx > sbom.json\n  principal deps --osv-db ~/osv/PyPI/all.zip --osv-db ~/osv/npm/all.zip\n  principal deps --osv-db ~/osv --format json > deps.json"
    )]
    Deps(DepsArgs),
    /// An LLM-ready map of the repository within a token budget: files and their most important
    /// signatures, ranked by PageRank over symbol references, personalised toward --focus files.
    #[command(
        after_help = "Examples:\n  principal context --budget 2000\n  principal context --budget 8000 --focus src/api/handlers.py --focus src/api/auth.py\n  principal context --format json > map.json\n\nTokens are counted with o200k_base (tiktoken), offline."
    )]
    Context(ContextArgs),
    /// Serve the model to AI agents over the Model Context Protocol (stdio; --http for streamable
    /// HTTP on 127.0.0.1). Tools: overview, component, dependencies, dependents, hotspots,
    /// coupled_files, who_to_ask, check_rules, explain, repo_map, impact, whatif.
    #[command(
        after_help = "Examples:\n  principal mcp .                      for an MCP client's stdio server config\n  principal mcp ~/src/service --http 8765\n\nRegister with a client, e.g. in its JSON config:\n  {\"mcpServers\": {\"principal\": {\"command\": \"principal\", \"args\": [\"mcp\", \"/path/to/repo\"]}}}"
    )]
    Mcp(McpArgs),
    /// Write a starter principal.toml from today's architecture (refuses to overwrite one).
    #[command(
        after_help = "Examples:\n  principal init\n  principal init ../service && principal check ../service"
    )]
    Init(InitArgs),
    /// Measure every file: languages, code/comment/blank lines, and per-function complexity.
    #[command(
        after_help = "Examples:\n  principal scan\n  principal scan ../service --top 20\n  principal scan . --format json > scan.json\n  principal scan . --max-file-size 16MiB --include-vendored"
    )]
    Scan(ScanArgs),
    /// Map the architecture: resolved imports, components, cycles, layers and coupling metrics.
    #[command(
        after_help = "Examples:\n  principal map\n  principal map --level component --format mermaid > deps.mmd\n  principal map --level dir --format dot | dot -Tsvg > deps.svg\n  principal map --focus src/app/core.py\n  principal map --format json > map.json"
    )]
    Map(MapArgs),
    /// Mine git history: hotspots, change coupling, ownership, truck factor and knowledge loss.
    #[command(
        after_help = "Examples:\n  principal history\n  principal history --since 2024-01-01 --format json > history.json\n  principal history --if-leaves \"Alice Smith\" --if-leaves \"Bob Jones\"\n  principal history --rev v1.0 --first-parent --no-renames\n  principal history --bot renovate --bot 'ci user'"
    )]
    History(HistoryArgs),
}

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// The repository (or any directory) to audit.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Where to write report.json, REPORT.md and index.html (created if missing).
    #[arg(long, default_value = "principal-report", value_name = "DIR")]
    pub out: PathBuf,

    /// Risks listed in the terminal summary.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,

    /// Record when the report was made. Off by default, so that two audits of the same commit
    /// give byte-identical files.
    #[arg(long)]
    pub timestamp: bool,

    /// Add a narrative written by a language model, from an OpenAI-compatible chat-completions
    /// endpoint: PRINCIPAL_LLM_BASE_URL, else OPENAI_BASE_URL; OPENAI_API_KEY is sent if set.
    /// A missing or failing endpoint gives a warning, and the report is written without it.
    #[arg(long)]
    pub llm: bool,

    /// OSV vulnerability data for the dependency check (see `principal deps --help`). Repeatable.
    #[arg(long = "osv-db", value_name = "PATH")]
    pub osv_db: Vec<PathBuf>,

    /// The model to ask for with --llm.
    #[arg(long, default_value = "gpt-4o-mini", value_name = "MODEL", requires = "llm")]
    pub llm_model: String,

    #[command(flatten)]
    pub common: AnalysisArgs,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The repository (or any directory) to explain.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Explain one component (an id from `principal map`, such as a package directory).
    #[arg(long, value_name = "NAME")]
    pub component: Option<String>,

    #[command(flatten)]
    pub common: AnalysisArgs,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The repository (or any directory) to check.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// The rules; by default PATH/principal.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Violations recorded here are reported but do not fail; by default
    /// PATH/principal-baseline.json when it exists.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Write today's violations to the baseline file (for review and commit) and exit 0.
    #[arg(long)]
    pub update_baseline: bool,

    /// OSV data for the `no_vulnerable_dependencies` rule (see `principal deps --help`). Repeatable.
    #[arg(long = "osv-db", value_name = "PATH")]
    pub osv_db: Vec<PathBuf>,

    /// Keep the caches here instead of the user's cache directory.
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    #[command(flatten)]
    pub tree: TreeArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// [PATH] BASE [HEAD]: the directory (default `.`), the base revision, and the head
    /// revision (default HEAD). With two values, the first is PATH when it is a directory.
    #[arg(value_name = "REVISIONS", num_args = 1..=3, required = true)]
    pub revisions: Vec<String>,

    /// Output format; markdown suits a pull-request comment.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,

    /// The rules; by default principal.toml at HEAD, else in PATH.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Leave out the hotspots (no history read).
    #[arg(long)]
    pub no_history: bool,

    /// Rows in each list of the text and markdown output.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,

    /// Keep the caches here instead of the user's cache directory.
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    #[command(flatten)]
    pub tree: TreeArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, clap::Args)]
pub struct WhatifArgs {
    /// The repository (or any directory) to try the scenario on.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// FILES=COMPONENT: the files (a path, folder, glob or component) join the component, which
    /// is made when it does not exist. Repeatable.
    #[arg(long = "move", value_name = "FILES=COMPONENT", value_parser = parse_move)]
    pub moves: Vec<principal_strategy::whatif::Move>,

    /// FROM->TO: remove every import from a file of FROM of a file of TO (each a path, folder,
    /// glob or component). Repeatable.
    #[arg(long = "cut", value_name = "FROM->TO", value_parser = parse_cut)]
    pub cuts: Vec<principal_strategy::whatif::Cut>,

    /// A,B[=NAME]: the components become one, named NAME (default: the first). Repeatable.
    #[arg(long = "merge", value_name = "A,B[=NAME]", value_parser = parse_merge)]
    pub merges: Vec<principal_strategy::whatif::Merge>,

    /// COMPONENT=GLOB[=NAME]: the component's files matching GLOB become a new component, named
    /// NAME (default: the folder the glob starts with). Repeatable.
    #[arg(long = "split", value_name = "COMPONENT=GLOB[=NAME]", value_parser = parse_split)]
    pub splits: Vec<principal_strategy::whatif::Split>,

    /// A scenario kept in a file (TOML: description, merge, split, move, cut; docs/whatif.md);
    /// flags given as well run after its steps.
    #[arg(long, value_name = "FILE.toml")]
    pub scenario: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,

    /// Rows in each list of the text and markdown output.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,

    #[command(flatten)]
    pub common: AnalysisArgs,
}

fn parse_move(s: &str) -> Result<principal_strategy::whatif::Move, String> {
    principal_strategy::whatif::Move::parse(s).map_err(|e| e.to_string())
}

fn parse_cut(s: &str) -> Result<principal_strategy::whatif::Cut, String> {
    principal_strategy::whatif::Cut::parse(s).map_err(|e| e.to_string())
}

fn parse_merge(s: &str) -> Result<principal_strategy::whatif::Merge, String> {
    principal_strategy::whatif::Merge::parse(s).map_err(|e| e.to_string())
}

fn parse_split(s: &str) -> Result<principal_strategy::whatif::Split, String> {
    principal_strategy::whatif::Split::parse(s).map_err(|e| e.to_string())
}

#[derive(Debug, clap::Args)]
pub struct SecretsArgs {
    /// The repository (or any directory) to search.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Also search every blob the git history ever added (each read once), reporting the commit
    /// that introduced each secret and whether it is still present. Commits reachable from
    /// HEAD; a shallow clone is searched as far as it goes, and says so.
    #[arg(long)]
    pub history: bool,

    /// With --history, search the commits of every branch, remote branch, tag and the stash too,
    /// not only HEAD's: what anyone with a clone can read. Off by default, since CI checkouts
    /// hold HEAD alone and a report should not change with unrelated branches.
    #[arg(long, requires = "history")]
    pub all_refs: bool,

    /// Show only findings of this confidence or more: `high` (structured keys with a real
    /// body, long mixed values in source), `medium`, or `low` (everything; the default).
    /// docs/security.md lists the signals.
    #[arg(long, value_enum, default_value_t = MinConfidence::Low, value_name = "LEVEL")]
    pub min_confidence: MinConfidence,

    /// Output format.
    #[arg(long, value_enum, default_value_t = SecretsFormat::Text)]
    pub format: SecretsFormat,

    /// principal.toml with [secrets] allowlists and rules; by default PATH/principal.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub tree: TreeArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MinConfidence {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SecretsFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Debug, clap::Args)]
pub struct DepsArgs {
    /// The repository (or any directory) to inventory.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DepsFormat::Text)]
    pub format: DepsFormat,

    /// OSV vulnerability data: a directory of OSV JSON files (searched recursively, zips
    /// included) or an `all.zip` as osv.dev publishes per ecosystem. Repeatable.
    #[arg(long = "osv-db", value_name = "PATH")]
    pub osv_db: Vec<PathBuf>,

    /// Vulnerabilities listed in the text output.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,

    #[command(flatten)]
    pub tree: TreeArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DepsFormat {
    Text,
    Json,
    Cyclonedx,
}

#[derive(Debug, clap::Args)]
pub struct ContextArgs {
    /// The repository (or any directory) to map.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// The most tokens (o200k_base) the output may take.
    #[arg(long, default_value_t = 4096, value_name = "TOKENS")]
    pub budget: usize,

    /// Files the task is about: the ranking leans toward what they use. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub focus: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ContextFormat::Markdown)]
    pub format: ContextFormat,

    #[command(flatten)]
    pub tree: TreeArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ContextFormat {
    Markdown,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct McpArgs {
    /// The repository to serve.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Serve streamable HTTP on 127.0.0.1:PORT (path /mcp) instead of stdio; requests from
    /// other origins than localhost are refused.
    #[arg(long, value_name = "PORT")]
    pub http: Option<u16>,

    /// OSV data for the `no_vulnerable_dependencies` rule of `check_rules` and the audit's
    /// vulnerable dependencies (see `principal deps --help`). Repeatable.
    #[arg(long = "osv-db", value_name = "PATH")]
    pub osv_db: Vec<PathBuf>,

    #[command(flatten)]
    pub common: AnalysisArgs,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The repository to write principal.toml into.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    #[command(flatten)]
    pub tree: TreeArgs,
}

/// Options of the commands that join scan, map and history.
#[derive(Debug, clap::Args)]
pub struct AnalysisArgs {
    /// Leave git history out (no hotspots, coupling or ownership).
    #[arg(long)]
    pub no_history: bool,

    /// Authors whose name contains this are bots (besides names ending in [bot]). Repeatable.
    #[arg(long = "bot", value_name = "PATTERN")]
    pub bots: Vec<String>,

    /// Keep the caches here instead of the user's cache directory.
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    #[command(flatten)]
    pub tree: TreeArgs,
}

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// The repository (or a directory inside it) to analyse.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Analyse the history reachable from this revision instead of HEAD.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,

    /// Follow only the first parent of merges.
    #[arg(long)]
    pub first_parent: bool,

    /// Count a merge's own changes (against its first parent); by default merges add none.
    #[arg(long)]
    pub diff_merges: bool,

    /// Do not follow renames (git's --no-renames); by default renames are detected as git's -M.
    #[arg(long)]
    pub no_renames: bool,

    /// Only commits authored on or after this date (YYYY-MM-DD, or seconds since 1970).
    #[arg(long, value_parser = parse_date_start, value_name = "DATE")]
    pub since: Option<i64>,

    /// Only commits authored on or before this date (YYYY-MM-DD, or seconds since 1970).
    #[arg(long, value_parser = parse_date_end, value_name = "DATE")]
    pub until: Option<i64>,

    /// Authors whose name contains this are bots (besides names ending in [bot]). Repeatable.
    #[arg(long = "bot", value_name = "PATTERN")]
    pub bots: Vec<String>,

    /// Show which files and components lose every author if these people leave. Repeatable.
    #[arg(long = "if-leaves", value_name = "NAME")]
    pub if_leaves: Vec<String>,

    /// Change coupling: minimum average revisions of the two files.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub min_revs: u32,

    /// Change coupling: minimum commits the two files share.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub min_shared: u32,

    /// Change coupling: minimum degree, in percent.
    #[arg(long, default_value_t = 30, value_name = "PERCENT")]
    pub min_degree: u32,

    /// Change coupling: commits touching more files than this are left out.
    #[arg(long, default_value_t = 30, value_name = "N")]
    pub max_changeset: usize,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
    pub format: ScanFormat,

    /// Rows in each table of the text summary.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,

    /// Keep the caches here instead of the user's cache directory.
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    #[command(flatten)]
    pub tree: TreeArgs,
}

/// `YYYY-MM-DD` (start of day, UTC), `YYYY-MM-DDTHH:MM:SS` (UTC) or seconds since 1970.
fn parse_date(s: &str, end_of_day: bool) -> Result<i64, String> {
    /// 9999-12-31T23:59:59Z: later dates are refused, so no arithmetic on them overflows.
    const LAST: i64 = 253_402_300_799;
    let t = s.trim();
    let bad = || format!("`{s}` is not a date; use YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or seconds since 1970");
    if let Ok(secs) = t.parse::<i64>() {
        return if (-LAST..=LAST).contains(&secs) { Ok(secs) } else { Err(bad()) };
    }
    let (date, time) = match t.split_once(['T', ' ']) {
        Some((d, tm)) => (d, Some(tm.trim_end_matches('Z'))),
        None => (t, None),
    };
    let mut parts = date.split('-');
    let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let (y, m, d): (i64, i64, i64) =
        (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || !(1..=month_days[(m - 1) as usize]).contains(&d)
    {
        return Err(bad());
    }
    // Days from civil (Howard Hinnant).
    let yy = if m <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = match time {
        Some(tm) => {
            let hms: Vec<i64> =
                tm.split(':').map(|x| x.parse().map_err(|_| bad())).collect::<Result<_, _>>()?;
            let in_range = |i: usize, max: i64| hms.get(i).is_none_or(|&x| (0..=max).contains(&x));
            if hms.len() > 3 || !in_range(0, 23) || !in_range(1, 59) || !in_range(2, 60) {
                return Err(bad());
            }
            hms.first().copied().unwrap_or(0) * 3600
                + hms.get(1).copied().unwrap_or(0) * 60
                + hms.get(2).copied().unwrap_or(0)
        }
        None if end_of_day => 86_399,
        None => 0,
    };
    Ok(days * 86_400 + secs)
}

fn parse_date_start(s: &str) -> Result<i64, String> {
    parse_date(s, false)
}

fn parse_date_end(s: &str) -> Result<i64, String> {
    parse_date(s, true)
}

impl TreeArgs {
    /// The engine's tree options, with the caches in `cache_dir` when given.
    pub fn options(&self, cache_dir: Option<&PathBuf>) -> principal_engine::TreeOptions {
        principal_engine::TreeOptions {
            max_file_size: self.max_file_size,
            include_vendored: self.include_vendored,
            no_cache: self.no_cache,
            cache_dir: cache_dir.cloned(),
        }
    }
}

/// Options shared by every command that reads the tree.
#[derive(Debug, clap::Args)]
pub struct TreeArgs {
    /// Skip files larger than this (bytes, or with a unit: 512K, 1MiB, 2M).
    #[arg(long, default_value = "4MiB", value_parser = parse_size, value_name = "SIZE")]
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

    /// The most nodes a Mermaid or DOT diagram draws: the most connected ones, the rest folded
    /// into one "(others)" node, and the cap stated in the diagram; 0 draws everything.
    #[arg(long, default_value_t = 80, value_name = "N")]
    pub max_nodes: usize,

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
    fn dates() {
        assert_eq!(parse_date_start("1970-01-02"), Ok(86_400));
        assert_eq!(parse_date_end("1970-01-01"), Ok(86_399));
        assert_eq!(parse_date_start("2023-11-14T22:13:20"), Ok(1_700_000_000));
        assert_eq!(parse_date_start("1700000000"), Ok(1_700_000_000));
        assert!(parse_date_start("yesterday").is_err());
        assert!(parse_date_start("2024-13-01").is_err());
    }

    #[test]
    fn dates_out_of_range_or_impossible_are_refused() {
        for bad in [
            "99999-01-01",
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-01-01T25:00:00",
            "999999999999999",
        ] {
            assert!(parse_date(bad, false).is_err(), "{bad}");
        }
        assert_eq!(parse_date("2024-02-29", false), Ok(1_709_164_800));
        assert_eq!(parse_date("1970-01-01", true), Ok(86_399));
        assert_eq!(parse_date("1700000000", false), Ok(1_700_000_000));
    }

    #[test]
    fn args_are_well_formed() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }
}
