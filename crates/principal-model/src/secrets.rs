//! principal.toml's `[secrets]` table: read by `principal-rules` with the rest of the config,
//! compiled into rules by `principal-security`.

use serde::Deserialize;

/// A rule as written in TOML (built in, or in principal.toml's `[[secrets.rules]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    #[serde(default)]
    pub description: String,
    pub regex: String,
    /// The capture group that holds the secret (0: the whole match).
    #[serde(default)]
    pub secret_group: usize,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Minimum Shannon entropy (bits per character) of the secret.
    pub entropy: Option<f64>,
    /// Regexes a secret may match to be ignored.
    #[serde(default)]
    pub allow: Vec<String>,
}

/// Suppressions from principal.toml's `[secrets] allow`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    /// Globs of paths never scanned.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Regexes: a secret (or its line) matching one is ignored.
    #[serde(default)]
    pub regexes: Vec<String>,
}

/// principal.toml's `[secrets]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretsConfig {
    #[serde(default)]
    pub allow: Allow,
    /// Extra rules; a rule with a built-in rule's id replaces it.
    #[serde(default)]
    pub rules: Vec<RuleDef>,
    /// Built-in rules to turn off, by id.
    #[serde(default)]
    pub disable: Vec<String>,
}
