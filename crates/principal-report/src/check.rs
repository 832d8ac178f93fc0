//! `principal check`'s outputs: text grouped by rule (quoting the violating import), JSON
//! (`principal.check/1`), SARIF 2.1.0 for code scanning, and GitHub Actions annotations.

use std::collections::BTreeMap;
use std::io::{self, Write};

use principal_rules::{BaselineEntry, RuleInfo, Violation};
use serde::Serialize;

use crate::Style;

pub const SCHEMA: &str = "principal.check/1";

/// What to render.
pub struct CheckInput<'a> {
    pub config: Option<&'a str>,
    pub rules: &'a [RuleInfo],
    pub new: &'a [&'a Violation],
    pub baselined: &'a [&'a Violation],
    pub fixed: &'a [BaselineEntry],
    /// A baseline was compared: SARIF then marks each result `new` or `unchanged`.
    pub baseline: bool,
    /// The source line of each violation that has one, by (path, line).
    pub snippets: &'a BTreeMap<(String, u32), String>,
    /// Prefix that makes scan paths repository-relative (`""` when the scan is of the top).
    pub prefix: &'a str,
    pub notes: &'a [String],
}

fn full(prefix: &str, path: &str) -> String {
    if prefix.is_empty() { path.to_owned() } else { format!("{prefix}/{path}") }
}

pub fn write_text(out: &mut dyn Write, input: &CheckInput<'_>, style: Style) -> io::Result<()> {
    let mut by_rule: BTreeMap<&str, Vec<&Violation>> = BTreeMap::new();
    for v in input.new {
        by_rule.entry(v.rule.as_str()).or_default().push(v);
    }
    let info: BTreeMap<&str, &RuleInfo> = input.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    for (rule, list) in &by_rule {
        let description = info.get(rule).map_or("", |r| r.description.as_str());
        writeln!(
            out,
            "{} {}  ({} {})",
            style.bold(rule),
            description,
            list.len(),
            if list.len() == 1 { "violation" } else { "violations" }
        )?;
        if let Some(why) = list.first().map(|v| v.advice.why.as_str()).filter(|w| !w.is_empty()) {
            writeln!(out, "  {}", style.dim(&format!("why: {why}")))?;
        }
        for v in list {
            let at = match v.line {
                Some(l) => format!("{}:{l}", v.path),
                None => v.path.clone(),
            };
            writeln!(out, "  {}  {}", style.yellow(&at), v.message)?;
            if let Some(line) = v.line
                && let Some(text) = input.snippets.get(&(v.path.clone(), line))
            {
                writeln!(out, "      {}", style.dim(text.trim()))?;
            }
            if let Some(instead) = &v.advice.instead {
                writeln!(out, "      instead: {instead}")?;
            }
            if !v.advice.ask.is_empty() {
                writeln!(out, "      ask: {}", v.advice.ask.join(", "))?;
            }
        }
        writeln!(out)?;
    }
    for n in input.notes {
        writeln!(out, "note: {n}")?;
    }
    let mut summary = match input.new.len() {
        0 => "No violations".to_owned(),
        1 => "1 violation".to_owned(),
        n => format!("{n} violations"),
    };
    if !input.baselined.is_empty() {
        summary.push_str(&format!(" ({} more in the baseline)", input.baselined.len()));
    }
    if input.rules.is_empty() {
        summary.push_str(&format!(
            "; no rules configured{}",
            if input.config.is_none() {
                " (no principal.toml: `principal init` writes a starter)"
            } else {
                ""
            }
        ));
    } else {
        summary.push_str(&format!(" of {} rules", input.rules.len()));
    }
    writeln!(out, "{summary}.")?;
    if !input.fixed.is_empty() {
        writeln!(
            out,
            "{} baseline {} fixed; run `principal check --update-baseline` to shrink the baseline:",
            input.fixed.len(),
            if input.fixed.len() == 1 { "entry is" } else { "entries are" }
        )?;
        for f in input.fixed {
            writeln!(out, "  {}  {}", f.rule, f.message)?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct CheckJson<'a> {
    schema: &'static str,
    config: Option<&'a str>,
    rules: &'a [RuleInfo],
    violations: Vec<ViolationJson<'a>>,
    baselined: usize,
    fixed: &'a [BaselineEntry],
    notes: &'a [String],
}

#[derive(Serialize)]
struct ViolationJson<'a> {
    #[serde(flatten)]
    v: &'a Violation,
    source: Option<&'a str>,
}

pub fn write_json(out: &mut dyn Write, input: &CheckInput<'_>) -> io::Result<()> {
    let doc = CheckJson {
        schema: SCHEMA,
        config: input.config,
        rules: input.rules,
        violations: input
            .new
            .iter()
            .map(|v| ViolationJson {
                v,
                source: v.line.and_then(|l| input.snippets.get(&(v.path.clone(), l))).map(|s| s.trim()),
            })
            .collect(),
        baselined: input.baselined.len(),
        fixed: input.fixed,
        notes: input.notes,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// SARIF 2.1.0, as GitHub code scanning reads it ([`crate::sarif`]): the rules with
/// descriptions and help, the new violations, and with a baseline the baselined ones too,
/// marked `baselineState: unchanged`.
pub fn write_sarif(out: &mut dyn Write, input: &CheckInput<'_>) -> io::Result<()> {
    let index = crate::sarif::rule_index(input.rules);
    let state = |s: &'static str| input.baseline.then_some(s);
    let located: Vec<crate::sarif::Located<'_>> = input
        .new
        .iter()
        .map(|v| (v, state("new")))
        .chain(input.baselined.iter().map(|v| (v, state("unchanged"))))
        .map(|(v, baseline_state)| crate::sarif::Located {
            rule: &v.rule,
            rule_index: index.get(v.rule.as_str()).copied(),
            message: match &v.advice.instead {
                Some(instead) => format!("{} Instead: {instead}.", v.message),
                None => v.message.clone(),
            },
            uri: crate::sarif::uri(input.prefix, &v.path),
            line: v.line,
            snippet: v.line.and_then(|l| input.snippets.get(&(v.path.clone(), l))).map(String::as_str),
            fingerprint: &v.fingerprint,
            baseline_state,
            commit: None,
            properties: Some(
                serde_json::json!({"why": v.advice.why, "instead": v.advice.instead, "ask": v.advice.ask}),
            ),
            level: "error",
        })
        .collect();
    let mut why: BTreeMap<&str, &str> = BTreeMap::new();
    for v in input.new.iter().chain(input.baselined) {
        why.entry(v.rule.as_str()).or_insert(v.advice.why.as_str());
    }
    let doc = crate::sarif::document(crate::sarif::CHECK, input.rules, &why, &located);
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// Escapes a workflow-command property or message (`%`, CR, LF, and in properties `:` and `,`).
fn escape(s: &str, property: bool) -> String {
    let mut out = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// GitHub Actions workflow commands: one `::error` annotation per violation.
pub fn write_github(out: &mut dyn Write, input: &CheckInput<'_>) -> io::Result<()> {
    for v in input.new {
        let mut props = format!("file={}", escape(&full(input.prefix, &v.path), true));
        if let Some(l) = v.line {
            props.push_str(&format!(",line={l}"));
        }
        props.push_str(&format!(",title={}", escape(&format!("principal {}", v.rule), true)));
        writeln!(out, "::error {props}::{}", escape(&v.message, false))?;
    }
    for n in input.notes {
        writeln!(out, "::notice::{}", escape(n, false))?;
    }
    Ok(())
}
