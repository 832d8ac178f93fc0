//! `principal whatif`'s outputs: text, JSON (`principal.whatif/1`) and Markdown.

use std::io::{self, Write};

use principal_strategy::whatif::{ComponentFigures, Summary, WhatIf};
use serde::Serialize;

pub const SCHEMA: &str = "principal.whatif/1";

#[derive(Serialize)]
struct WhatIfJson<'a> {
    schema: &'static str,
    #[serde(flatten)]
    whatif: &'a WhatIf,
}

pub fn write_json(out: &mut dyn Write, w: &WhatIf) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &WhatIfJson { schema: SCHEMA, whatif: w })?;
    writeln!(out)
}

/// `1 file`, `2 files`.
fn count(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// The rows of the before/after table: (label, before, after).
fn rows(b: &Summary, a: &Summary) -> Vec<(&'static str, String, String)> {
    let risks = |s: &Summary| {
        let n = |k: &str| s.risks.get(k).copied().unwrap_or(0);
        format!("{} / {} / {} / {}", n("critical"), n("high"), n("medium"), n("low"))
    };
    let grade = |s: &Summary| s.grade.unwrap_or("–").to_owned();
    vec![
        ("components", b.components.to_string(), a.components.to_string()),
        ("component dependencies", b.component_edges.to_string(), a.component_edges.to_string()),
        ("component cycles", b.component_cycles.to_string(), a.component_cycles.to_string()),
        ("file cycles", b.file_cycles.to_string(), a.file_cycles.to_string()),
        ("files in cycles", b.files_in_cycles.to_string(), a.files_in_cycles.to_string()),
        ("component levels", b.component_levels.to_string(), a.component_levels.to_string()),
        ("propagation cost", pct(b.propagation_cost), pct(a.propagation_cost)),
        ("CCD", b.ccd.to_string(), a.ccd.to_string()),
        ("NCCD", format!("{:.2}", b.nccd), format!("{:.2}", a.nccd)),
        ("rule violations", b.rule_violations.to_string(), a.rule_violations.to_string()),
        ("risks (critical / high / medium / low)", risks(b), risks(a)),
        ("health grade", grade(b), grade(a)),
    ]
}

fn figures(f: Option<&ComponentFigures>) -> String {
    f.map_or_else(
        || "–".to_owned(),
        |f| {
            format!(
                "{}, Ca {} Ce {}, I {:.2} A {:.2} D {:.2}, level {}",
                count(f.files, "file", "files"),
                f.ca,
                f.ce,
                f.instability,
                f.abstractness,
                f.distance,
                f.level
            )
        },
    )
}

/// Text for a terminal, or Markdown for a design document or a pull request.
pub fn write_report(out: &mut dyn Write, w: &WhatIf, markdown: bool, top: usize) -> io::Result<()> {
    let o = crate::Outline { markdown, top };
    let code = |s: &str| o.code(s);
    let heading = |out: &mut dyn Write, title: &str| o.heading(out, title);
    let item = |out: &mut dyn Write, text: &str| o.item(out, text);
    let more = |out: &mut dyn Write, n: usize| o.more(out, n);
    if markdown {
        writeln!(out, "## What if\n")?;
    } else {
        writeln!(out, "What if (the model only; nothing on disk changed)")?;
    }
    if let Some(d) = &w.description {
        writeln!(out, "{}{d}", if markdown { "" } else { "  " })?;
        if markdown {
            writeln!(out)?;
        }
    }
    for s in &w.steps {
        let mut did = Vec::new();
        if s.files_moved > 0 {
            did.push(format!("{} moved", count(s.files_moved, "file", "files")));
        }
        if s.edges_cut > 0 {
            did.push(format!(
                "{} cut ({})",
                count(s.edges_cut, "file dependency", "file dependencies"),
                count(s.imports_cut, "import", "imports")
            ));
        }
        if let Some(c) = &s.created {
            did.push(format!("new component {}", code(c)));
        }
        if !s.removed.is_empty() {
            let list: Vec<String> = s.removed.iter().map(|c| code(c)).collect();
            did.push(format!("gone: {}", list.join(", ")));
        }
        item(out, &format!("{}: {}", code(&s.step), did.join("; ")))?;
    }

    heading(out, "Before and after")?;
    let table = rows(&w.before, &w.after);
    if markdown {
        writeln!(out, "| | Before | After |\n|---|---:|---:|")?;
        for (label, b, a) in &table {
            let a = if a == b { a.clone() } else { format!("**{a}**") };
            writeln!(out, "| {label} | {b} | {a} |")?;
        }
    } else {
        let width = table.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
        let bw = table.iter().map(|r| r.1.chars().count()).max().unwrap_or(0).max(6);
        writeln!(out, "  {:width$}  {:>bw$}  after", "", "before")?;
        for (label, b, a) in &table {
            let mark = if a == b { "" } else { "  *" };
            writeln!(out, "  {label:width$}  {b:>bw$}  {a}{mark}")?;
        }
    }

    if !w.cycles_new.is_empty() || !w.cycles_broken.is_empty() {
        heading(out, "Cycles")?;
        for (what, list) in [("broken", &w.cycles_broken), ("new", &w.cycles_new)] {
            for c in list.iter().take(top) {
                let names: Vec<String> = c.members.iter().take(8).map(|m| code(m)).collect();
                let rest = if c.members.len() > 8 { ", …" } else { "" };
                item(
                    out,
                    &format!("{what} {} cycle of {}: {}{rest}", c.scope, c.members.len(), names.join(", ")),
                )?;
            }
            more(out, list.len())?;
        }
    }
    if !w.component_edges_added.is_empty() || !w.component_edges_removed.is_empty() {
        heading(out, "Component dependencies")?;
        for (a, b) in w.component_edges_removed.iter().take(top) {
            item(out, &format!("removed {} → {}", code(a), code(b)))?;
        }
        more(out, w.component_edges_removed.len())?;
        for (a, b) in w.component_edges_added.iter().take(top) {
            item(out, &format!("added {} → {}", code(a), code(b)))?;
        }
        more(out, w.component_edges_added.len())?;
    }
    if !w.components.is_empty() {
        heading(
            out,
            "Components (files, afferent and efferent couplings, instability, abstractness, distance, level)",
        )?;
        for c in w.components.iter().take(top) {
            item(
                out,
                &format!(
                    "{}: {} → {}",
                    code(&c.component),
                    figures(c.before.as_ref()),
                    figures(c.after.as_ref())
                ),
            )?;
        }
        more(out, w.components.len())?;
    }
    if !w.violations_introduced.is_empty() || !w.violations_resolved.is_empty() {
        heading(out, "Rule violations of principal.toml")?;
        for v in w.violations_resolved.iter().take(top) {
            item(out, &format!("resolved: {} {}", code(&v.rule), v.message))?;
        }
        more(out, w.violations_resolved.len())?;
        for v in w.violations_introduced.iter().take(top) {
            item(out, &format!("introduced: {} {}", code(&v.rule), v.message))?;
        }
        more(out, w.violations_introduced.len())?;
    }
    if !w.risks_removed.is_empty() || !w.risks_added.is_empty() || !w.risks_rescored.is_empty() {
        heading(out, "Risk register")?;
        for r in w.risks_removed.iter().take(top) {
            item(
                out,
                &format!("removed: {} {} ({}, {}): {}", r.severity, r.kind, r.score, code(&r.id), r.title),
            )?;
        }
        more(out, w.risks_removed.len())?;
        for r in w.risks_added.iter().take(top) {
            item(
                out,
                &format!("added: {} {} ({}, {}): {}", r.severity, r.kind, r.score, code(&r.id), r.title),
            )?;
        }
        more(out, w.risks_added.len())?;
        for r in w.risks_rescored.iter().take(top) {
            item(
                out,
                &format!(
                    "rescored {} → {} ({} → {}): {}",
                    r.before, r.after, r.severity_before, r.severity_after, r.title
                ),
            )?;
        }
        more(out, w.risks_rescored.len())?;
    } else {
        heading(out, "Risk register")?;
        item(out, "unchanged")?;
    }
    Ok(())
}
