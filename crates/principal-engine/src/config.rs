//! principal.toml: strict for `check` and `diff` (an error stops them), lenient for the commands
//! that only read settings from it (a malformed file is a warning, and the defaults apply).

use std::path::Path;

use anyhow::Context;

use crate::Reporter;

/// Reads the rules: `explicit` (`--config`), else `fallback` (text found elsewhere, such as in a
/// revision's tree), else `dir/principal.toml`, else no rules.
pub fn load(
    explicit: Option<&Path>,
    fallback: Option<(&str, String)>,
    dir: &Path,
) -> anyhow::Result<principal_rules::Config> {
    if let Some(p) = explicit {
        if !p.is_file() {
            anyhow::bail!("--config {}: no such file", p.display());
        }
        let text = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        return checked(&text, &p.display().to_string());
    }
    if let Some((name, text)) = fallback {
        return checked(&text, name);
    }
    let p = dir.join("principal.toml");
    if p.is_file() {
        let text = std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
        return checked(&text, &p.display().to_string());
    }
    if std::fs::symlink_metadata(&p).is_ok() {
        anyhow::bail!(
            "{}: not a file (a directory or a broken link); make it a file or remove it",
            p.display()
        );
    }
    Ok(principal_rules::Config::default())
}

/// Parses a config and compiles its `[secrets]` rules, so that a bad regex or glob there is an
/// error naming the file, like any other mistake in it.
fn checked(text: &str, name: &str) -> anyhow::Result<principal_rules::Config> {
    let config = principal_rules::parse(text, name)?;
    if let Err(e) = principal_security::Scanner::new(&config.secrets) {
        anyhow::bail!("{name}: {e}; fix the [secrets] table");
    }
    Ok(config)
}

/// The directory's principal.toml for `map`, `history`, `audit`, `explain` and `mcp`: a
/// malformed file is a warning there, and the defaults apply; `principal check` reports it as
/// an error.
pub fn lenient(dir: &Path, reporter: &dyn Reporter) -> principal_rules::Config {
    load(None, None, dir).unwrap_or_else(|e| {
        reporter.warn(&format!("{e:#}; its settings are ignored here (`principal check` reports the error)"));
        principal_rules::Config::default()
    })
}

/// Resolves the scan's imports, then applies the `[components]` of `config`, so that every
/// command sees the same components.
pub fn model(
    output: &principal_scan::ScanOutput,
    config: &principal_rules::Config,
) -> principal_model::Model {
    let root = output.root.to_string_lossy().replace('\\', "/");
    let mut model = principal_resolve::resolve(&output.result, &root);
    principal_rules::apply_components(config, &mut model);
    model
}
