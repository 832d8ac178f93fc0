//! `principal secrets`'s outputs: text, JSON (`principal.secrets/1`) and SARIF (through the
//! check renderer, each finding a `secret/<rule>` violation). Findings hold no secret whole.

use std::collections::BTreeMap;
use std::io::{self, Write};

use principal_model::Skipped;
use principal_rules::{RuleInfo, Violation};
use principal_security::Finding;
use serde::Serialize;

use crate::Style;

pub const SCHEMA: &str = "principal.secrets/1";

pub fn write_json(
    out: &mut dyn Write,
    findings: &[Finding],
    skipped: &[Skipped],
    notes: &[String],
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Doc<'a> {
        schema: &'static str,
        findings: &'a [Finding],
        skipped: Vec<SkippedJson<'a>>,
        notes: &'a [String],
    }
    #[derive(Serialize)]
    struct SkippedJson<'a> {
        path: &'a str,
        reason: &'static str,
    }
    let skipped = skipped.iter().map(|s| SkippedJson { path: &s.path, reason: s.reason.as_str() }).collect();
    serde_json::to_writer_pretty(&mut *out, &Doc { schema: SCHEMA, findings, skipped, notes })?;
    writeln!(out)
}

/// SARIF, given the findings as violations and the rules that found them.
pub fn write_sarif(out: &mut dyn Write, violations: &[Violation], rules: &[RuleInfo]) -> io::Result<()> {
    let refs: Vec<&Violation> = violations.iter().collect();
    let input = crate::check::CheckInput {
        config: None,
        rules,
        new: &refs,
        baselined: &[],
        fixed: &[],
        snippets: &BTreeMap::new(),
        prefix: "",
        notes: &[],
    };
    crate::check::write_sarif(out, &input)
}

pub fn write_text(
    out: &mut dyn Write,
    findings: &[Finding],
    skipped: &[Skipped],
    notes: &[String],
    style: Style,
) -> io::Result<()> {
    for f in findings {
        let mut where_ = format!("{}:{}", f.path, f.line);
        if let Some(c) = &f.commit {
            where_.push_str(&format!(
                " (added in {} by {} on {}{})",
                c.get(..12).unwrap_or(c),
                f.author.as_deref().unwrap_or("?"),
                f.date.as_deref().unwrap_or("?"),
                if f.present { ", still present" } else { ", since removed; rotate it anyway" }
            ));
        }
        writeln!(
            out,
            "{}  {}  {} {}  fingerprint {}",
            style.yellow(&where_),
            f.rule,
            f.description,
            f.redacted,
            f.fingerprint
        )?;
    }
    writeln!(
        out,
        "{} {}.",
        findings.len(),
        if findings.len() == 1 { "possible secret" } else { "possible secrets" }
    )?;
    if !skipped.is_empty() {
        let mut by_reason: BTreeMap<&str, usize> = BTreeMap::new();
        for s in skipped {
            *by_reason.entry(s.reason.as_str()).or_default() += 1;
        }
        let list: Vec<String> = by_reason.iter().map(|(r, n)| format!("{n} {r}")).collect();
        writeln!(
            out,
            "Not searched: {} ({}); `--format json` lists them, --include-vendored and --max-file-size widen the search.",
            skipped.len(),
            list.join(", ")
        )?;
    }
    for n in notes {
        writeln!(out, "Note: {n}.")?;
    }
    if !findings.is_empty() {
        writeln!(
            out,
            "Rotate real secrets first (a secret in history stays readable after deletion); suppress false \
             positives with `principal:allow` on the line or [secrets] allow in principal.toml."
        )?;
    }
    Ok(())
}
