//! `principal diff`'s outputs: text, JSON (`principal.diff/1`) and Markdown for a pull-request
//! comment.

use std::io::{self, Write};

use principal_rules::diff::ArchDiff;
use serde::Serialize;

pub const SCHEMA: &str = "principal.diff/1";

#[derive(Serialize)]
struct DiffJson<'a> {
    schema: &'static str,
    #[serde(flatten)]
    diff: &'a ArchDiff,
}

pub fn write_json(out: &mut dyn Write, diff: &ArchDiff) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &DiffJson { schema: SCHEMA, diff })?;
    writeln!(out)
}

fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn complexity(x: Option<(u32, u32)>) -> String {
    x.map_or_else(|| "–".to_owned(), |(c, g)| format!("{c} / {g}"))
}

/// Text for a terminal, or Markdown for a pull-request comment.
pub fn write_report(out: &mut dyn Write, d: &ArchDiff, markdown: bool, top: usize) -> io::Result<()> {
    let o = crate::Outline { markdown, top };
    let code = |s: &str| o.code(s);
    let heading = |out: &mut dyn Write, title: &str| o.heading(out, title);
    let item = |out: &mut dyn Write, text: &str| o.item(out, text);
    let more = |out: &mut dyn Write, n: usize| o.more(out, n);
    if markdown {
        writeln!(out, "## Architecture diff {} → {}\n", code(short(&d.base)), code(short(&d.head)))?;
    } else {
        writeln!(out, "Architecture diff {} -> {}", short(&d.base), short(&d.head))?;
    }
    let summary = format!(
        "{} files changed; {} rule violations introduced, {} resolved; {} new cycles, {} broken; \
         propagation cost {} → {}.",
        d.files_changed.len(),
        d.violations_introduced.len(),
        d.violations_resolved.len(),
        d.cycles_new.len(),
        d.cycles_broken.len(),
        pct(d.propagation_cost.before),
        pct(d.propagation_cost.after),
    );
    writeln!(out, "{}", if markdown { format!("**{summary}**") } else { format!("  {summary}") })?;

    if !d.violations_introduced.is_empty() || !d.violations_resolved.is_empty() {
        heading(out, "Rule violations")?;
        for v in d.violations_introduced.iter().take(top) {
            let at = v.line.map_or_else(|| v.path.clone(), |l| format!("{}:{l}", v.path));
            item(out, &format!("introduced: {} {} {}", code(&v.rule), code(&at), v.message))?;
        }
        more(out, d.violations_introduced.len())?;
        for v in d.violations_resolved.iter().take(top) {
            item(out, &format!("resolved: {} {}", code(&v.rule), v.message))?;
        }
        more(out, d.violations_resolved.len())?;
    }
    if !d.cycles_new.is_empty() || !d.cycles_broken.is_empty() {
        heading(out, "Cycles")?;
        for c in d.cycles_new.iter().take(top) {
            let list: Vec<String> = c.members.iter().take(8).map(|m| code(m)).collect();
            item(out, &format!("new {} cycle of {}: {}", c.scope, c.members.len(), list.join(", ")))?;
        }
        for c in d.cycles_broken.iter().take(top) {
            let list: Vec<String> = c.members.iter().take(8).map(|m| code(m)).collect();
            item(out, &format!("broken {} cycle of {}: {}", c.scope, c.members.len(), list.join(", ")))?;
        }
    }
    let comps = !d.components_added.is_empty()
        || !d.components_removed.is_empty()
        || !d.component_edges_added.is_empty()
        || !d.component_edges_removed.is_empty();
    if comps {
        heading(out, "Components")?;
        for c in &d.components_added {
            item(out, &format!("added component {}", code(c)))?;
        }
        for c in &d.components_removed {
            item(out, &format!("removed component {}", code(c)))?;
        }
        for (a, b) in d.component_edges_added.iter().take(top) {
            item(out, &format!("new dependency {} → {}", code(a), code(b)))?;
        }
        more(out, d.component_edges_added.len())?;
        for (a, b) in d.component_edges_removed.iter().take(top) {
            item(out, &format!("removed dependency {} → {}", code(a), code(b)))?;
        }
        more(out, d.component_edges_removed.len())?;
    }
    if !d.file_edges_added.is_empty() || !d.file_edges_removed.is_empty() {
        heading(
            out,
            &format!("File dependencies (+{} / −{})", d.file_edges_added.len(), d.file_edges_removed.len()),
        )?;
        for (a, b) in d.file_edges_added.iter().take(top) {
            item(out, &format!("+ {} → {}", code(a), code(b)))?;
        }
        more(out, d.file_edges_added.len())?;
        for (a, b) in d.file_edges_removed.iter().take(top) {
            item(out, &format!("− {} → {}", code(a), code(b)))?;
        }
        more(out, d.file_edges_removed.len())?;
    }
    if !d.instability.is_empty() {
        heading(out, "Instability")?;
        let f = |x: Option<f64>| x.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"));
        for c in d.instability.iter().take(top) {
            item(out, &format!("{}: {} → {}", code(&c.component), f(c.before), f(c.after)))?;
        }
        more(out, d.instability.len())?;
    }
    if !d.functions.is_empty() {
        heading(out, "Complexity of changed functions (cyclomatic / cognitive)")?;
        if markdown {
            writeln!(out, "| Function | File | Before | After | Δ cyclomatic |\n|---|---|---:|---:|---:|")?;
        }
        for x in d.functions.iter().take(top) {
            let delta = x.cyclomatic_change();
            let delta = if delta > 0 { format!("+{delta}") } else { delta.to_string() };
            if markdown {
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {delta} |",
                    code(&x.function),
                    code(&x.path),
                    complexity(x.before),
                    complexity(x.after)
                )?;
            } else {
                item(
                    out,
                    &format!(
                        "{} in {}: {} -> {} ({delta})",
                        x.function,
                        x.path,
                        complexity(x.before),
                        complexity(x.after)
                    ),
                )?;
            }
        }
        if d.functions.len() > top {
            if markdown {
                writeln!(out)?;
            }
            more(out, d.functions.len())?;
        }
    }
    if !d.hotspots_touched.is_empty() {
        heading(out, "Hotspots touched")?;
        for h in d.hotspots_touched.iter().take(top) {
            item(out, &format!("{} ({} commits, hotspot score {:.2})", code(&h.path), h.revisions, h.score))?;
        }
    }
    Ok(())
}
