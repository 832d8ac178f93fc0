//! `principal secrets`'s outputs: text, JSON (`principal.secrets/1`) and SARIF (through the
//! check renderer, each finding a `secret/<rule>` violation). Findings hold no secret whole.

use std::collections::BTreeMap;
use std::io::{self, Write};

use principal_model::Skipped;
use principal_rules::RuleInfo;
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

/// SARIF ([`crate::sarif`]), with `rules` the secret rules that found something: one result
/// per finding at its current place, or, for a secret since removed, where it was added, with
/// the commit (`partialFingerprints.commitSha`, as gitleaks writes it) and its author and date.
/// `prefix` makes the paths repository-relative.
pub fn write_sarif(
    out: &mut dyn Write,
    findings: &[Finding],
    rules: &[RuleInfo],
    prefix: &str,
) -> io::Result<()> {
    let index = crate::sarif::rule_index(rules);
    let ids: Vec<String> = findings.iter().map(|f| format!("secret/{}", f.rule)).collect();
    let located: Vec<crate::sarif::Located<'_>> = findings
        .iter()
        .zip(&ids)
        .map(|(f, id)| {
            let mut message = format!("Possible {} ({}).", f.description, f.redacted);
            if let Some(c) = &f.commit {
                let short = c.get(..12).unwrap_or(c);
                let who = f.author.as_deref().unwrap_or("?");
                let when = f.date.as_deref().unwrap_or("?");
                message.push_str(&if f.present {
                    format!(" Added in commit {short} by {who} on {when}; still present.")
                } else {
                    format!(
                        " Added in commit {short} by {who} on {when} and since removed from the tree: it stays \
                         readable in the history, so rotate it."
                    )
                });
            }
            let mut properties = serde_json::json!({
                "confidence": f.confidence.as_str(),
                "context": f.context.as_str(),
                "signals": f.signals,
            });
            if let Some(c) = &f.commit {
                properties["commit"] = serde_json::json!(c);
                properties["author"] = serde_json::json!(f.author);
                properties["date"] = serde_json::json!(f.date);
                properties["present"] = serde_json::json!(f.present);
            }
            let level = match f.confidence {
                principal_security::Confidence::High => "error",
                principal_security::Confidence::Medium => "warning",
                principal_security::Confidence::Low => "note",
            };
            crate::sarif::Located {
                rule: id,
                rule_index: index.get(id.as_str()).copied(),
                message,
                uri: crate::sarif::uri(prefix, &f.path),
                line: Some(f.line),
                snippet: None,
                fingerprint: &f.fingerprint,
                baseline_state: None,
                commit: f.commit.as_deref(),
                properties: Some(properties),
                level,
            }
        })
        .collect();
    let why = principal_rules::default_why("secret");
    let whys: BTreeMap<&str, &str> = rules.iter().map(|r| (r.id.as_str(), why)).collect();
    let doc = crate::sarif::document(crate::sarif::SECRETS, rules, &whys, &located);
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
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
            "{}  {}  {} {}  {} confidence, {}  fingerprint {}",
            style.yellow(&where_),
            f.rule,
            f.description,
            f.redacted,
            f.confidence.as_str(),
            f.context.as_str(),
            f.fingerprint
        )?;
        if !f.signals.is_empty() {
            writeln!(out, "    {}", style.dim(&f.signals.join("; ")))?;
        }
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
