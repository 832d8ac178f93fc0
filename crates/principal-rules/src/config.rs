//! `principal.toml`: parsed strictly (an unknown key is an error that names it), then checked
//! (globs compile, layers and rules have names).

use std::collections::BTreeMap;

use serde::Deserialize;

/// The whole file. Every table is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Named groups of paths (globs) that replace the detected components.
    #[serde(default)]
    pub components: BTreeMap<String, OneOrMany>,
    #[serde(default)]
    pub rules: Rules,
    /// Secret detection: allowlists, extra rules, disabled rules (docs/security.md).
    #[serde(default)]
    pub secrets: principal_model::SecretsConfig,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Ordered from the top: a layer may depend only on layers after it in this list.
    #[serde(default)]
    pub layers: Vec<Layer>,
    #[serde(default)]
    pub forbidden: Vec<Forbidden>,
    #[serde(default)]
    pub allowed: Vec<Allowed>,
    #[serde(default)]
    pub independent: Vec<Independent>,
    #[serde(default)]
    pub no_cycles: bool,
    #[serde(default)]
    pub cycles_scope: CyclesScope,
    pub max_cyclomatic: Option<u32>,
    pub max_cognitive: Option<u32>,
    /// Lines of code (tokei's `code`), per file.
    pub max_file_lines: Option<u64>,
    /// Files one file may import.
    pub max_fan_out: Option<u32>,
    /// Every component's truck factor must reach this (a number), or per component (a table).
    pub min_truck_factor: Option<TruckFactorRule>,
    /// No secrets in the tree (docs/security.md).
    #[serde(default)]
    pub no_secrets: bool,
    /// No dependency with a known vulnerability at or above this severity (`low`, `moderate`,
    /// `high`, `critical`); needs `principal check --osv-db`.
    pub no_vulnerable_dependencies: Option<SeverityThreshold>,
    /// Why each rule exists, by rule id (`max-cyclomatic`, `forbidden/ui-not-db`) or kind
    /// (`forbidden`): shown with every violation, in place of the default.
    #[serde(default)]
    pub why: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityThreshold {
    Low,
    #[serde(alias = "medium")]
    Moderate,
    High,
    Critical,
}

impl SeverityThreshold {
    /// The threshold an OSV severity meets (`None`: unknown severity, counted as moderate).
    pub fn of(severity: Option<&str>) -> SeverityThreshold {
        match severity.map(|s| s.to_ascii_lowercase()).as_deref() {
            Some("low") => SeverityThreshold::Low,
            Some("high") => SeverityThreshold::High,
            Some("critical") => SeverityThreshold::Critical,
            _ => SeverityThreshold::Moderate,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CyclesScope {
    #[default]
    File,
    Component,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TruckFactorRule {
    All(u32),
    PerComponent(BTreeMap<String, u32>),
}

/// A string or a list of strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn items(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

impl Default for OneOrMany {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    pub name: String,
    /// Component names, globs or directories.
    #[serde(alias = "components")]
    pub paths: OneOrMany,
    /// Only the layer directly below (and its own) may be used.
    #[serde(default)]
    pub strict: bool,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forbidden {
    pub name: String,
    pub from: OneOrMany,
    pub to: OneOrMany,
    /// Files (as source or target) the rule does not apply to.
    #[serde(default)]
    pub except: OneOrMany,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allowed {
    #[serde(default)]
    pub name: Option<String>,
    /// The component (or paths) the allow-list is for.
    pub from: OneOrMany,
    /// Everything it may depend on besides itself.
    pub to: OneOrMany,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Independent {
    #[serde(default)]
    pub name: Option<String>,
    pub components: Vec<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Malformed TOML, an unknown key or a value of the wrong type; toml's message carries the
    /// line and column and quotes the line.
    #[error("{file}: {message}")]
    Syntax { file: String, message: String },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

/// Parses `text` (the contents of `file`, named in errors).
pub fn parse(text: &str, file: &str) -> Result<Config, ConfigError> {
    let config: Config = toml::from_str(text).map_err(|e| ConfigError::Syntax {
        file: file.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })?;
    let invalid = |message: String| ConfigError::Invalid { file: file.to_owned(), message };
    let mut names = std::collections::BTreeSet::new();
    for f in &config.rules.forbidden {
        if f.name.trim().is_empty() {
            return Err(invalid("a [[rules.forbidden]] rule has an empty `name`".to_owned()));
        }
        if !names.insert(f.name.clone()) {
            return Err(invalid(format!("two [[rules.forbidden]] rules are named `{}`", f.name)));
        }
    }
    for l in &config.rules.layers {
        if l.paths.items().is_empty() {
            return Err(invalid(format!("layer `{}` has no `paths`", l.name)));
        }
    }
    for i in &config.rules.independent {
        if i.components.len() < 2 {
            return Err(invalid(format!(
                "[[rules.independent]] {}needs at least two `components`",
                i.name.as_ref().map(|n| format!("`{n}` ")).unwrap_or_default()
            )));
        }
    }
    for (name, globs) in &config.components {
        if globs.items().is_empty() {
            return Err(invalid(format!("component `{name}` has no paths")));
        }
        for g in globs.items() {
            compile_glob(&g).map_err(|e| invalid(format!("component `{name}`: {e}")))?;
        }
    }
    for (what, lists) in selector_lists(&config) {
        for s in lists {
            if looks_like_glob(&s) {
                compile_glob(&s).map_err(|e| invalid(format!("{what}: {e}")))?;
            }
        }
    }
    Ok(config)
}

fn selector_lists(config: &Config) -> Vec<(String, Vec<String>)> {
    let r = &config.rules;
    let mut out = Vec::new();
    for l in &r.layers {
        out.push((format!("layer `{}`", l.name), l.paths.items()));
    }
    for f in &r.forbidden {
        let mut all = f.from.items();
        all.extend(f.to.items());
        all.extend(f.except.items());
        out.push((format!("forbidden rule `{}`", f.name), all));
    }
    for a in &r.allowed {
        let mut all = a.from.items();
        all.extend(a.to.items());
        out.push(("an allowed rule".to_owned(), all));
    }
    out
}

pub(crate) fn looks_like_glob(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

/// Globs longer than this are refused: globset's regex compilation panics on some enormous
/// patterns, and no real path pattern comes near it.
pub const MAX_GLOB_LEN: usize = 4096;

pub(crate) fn compile_glob(s: &str) -> Result<globset::GlobMatcher, String> {
    if s.len() > MAX_GLOB_LEN {
        return Err(format!("a glob of {} characters is too long (at most {MAX_GLOB_LEN})", s.len()));
    }
    globset::GlobBuilder::new(s)
        .literal_separator(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("`{s}` is not a valid glob: {e}"))
}
