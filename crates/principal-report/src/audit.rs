//! The audit's outputs: report.json (`principal.report/2`), REPORT.md, index.html, the terminal
//! summary, and the onboarding guide of `principal explain`.

use std::fmt::Write as _;
use std::io::{self, Write};

use principal_audit::{Audit, ComponentRow, Risk, Severity};
use serde::Serialize;

use crate::Style;

pub const SCHEMA: &str = "principal.report/2";

/// Prose from a language model, shown beside (never instead of) the template text.
#[derive(Debug, Clone, Serialize)]
pub struct Narrative {
    pub model: String,
    pub text: String,
}

/// What the outputs carry besides the audit.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// `--timestamp`: when the report was made (UTC, RFC 3339). Off by default, so that two
    /// audits of the same commit give the same bytes.
    pub generated_at: Option<String>,
    pub narrative: Option<Narrative>,
}

#[derive(Serialize)]
struct ReportJson<'a> {
    schema: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    generated_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    narrative: Option<&'a Narrative>,
    #[serde(flatten)]
    audit: &'a Audit,
}

fn report_json<'a>(audit: &'a Audit, extras: &'a Extras) -> ReportJson<'a> {
    ReportJson {
        schema: SCHEMA,
        generated_at: extras.generated_at.as_deref(),
        narrative: extras.narrative.as_ref(),
        audit,
    }
}

pub fn write_json(out: &mut dyn Write, audit: &Audit, extras: &Extras) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &report_json(audit, extras))?;
    writeln!(out)
}

const HTML: &str = include_str!("audit/index.html");
const CSS: &str = include_str!("audit/style.css");
const JS: &str = include_str!("audit/app.js");

/// One self-contained page: the report's data, the script and the styles are inline; nothing is
/// fetched, so it works from `file://` and offline.
pub fn write_html(out: &mut dyn Write, audit: &Audit, extras: &Extras) -> io::Result<()> {
    let data = serde_json::to_string(&report_json(audit, extras))?;
    // Inside <script>, `</script>` or `<!--` in a string would end or change the element.
    let data = data.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026");
    let title = html_escape(&format!("{}: Principal report", audit.repository.name));
    let page = HTML
        .replacen("{{title}}", &title, 1)
        .replacen("{{style}}", CSS, 1)
        .replacen("{{data}}", &data, 1)
        .replacen("{{script}}", JS, 1);
    out.write_all(page.as_bytes())
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `12345` as `12,345`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// Escapes a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn project_name(audit: &Audit) -> &str {
    audit.onboarding.title.as_deref().unwrap_or(&audit.repository.name)
}

fn short(head: &str) -> &str {
    head.get(..12).unwrap_or(head)
}

pub fn write_markdown(out: &mut dyn Write, audit: &Audit, extras: &Extras) -> io::Result<()> {
    let mut s = String::new();
    markdown(&mut s, audit, extras);
    out.write_all(s.as_bytes())
}

fn markdown(s: &mut String, audit: &Audit, extras: &Extras) {
    let sum = &audit.summary;
    let _ = writeln!(s, "# {}: architecture and risk report\n", project_name(audit));
    let mut made = "Made by Principal".to_owned();
    if let Some(h) = &audit.repository.head {
        let _ = write!(made, " from commit `{}`", short(h));
    }
    if let Some(t) = &extras.generated_at {
        let _ = write!(made, " on {t}");
    }
    let _ = writeln!(s, "_{made}. Every figure comes from report.json beside this file._\n");

    // ---------------------------------------------------------------- executive summary
    let _ = writeln!(s, "## Executive summary\n");
    let what = audit
        .onboarding
        .description
        .first()
        .cloned()
        .unwrap_or_else(|| format!("{} has no README description.", audit.repository.name));
    // What the project's own files are written in: a committed documentation site is not.
    let mut own: Vec<&principal_audit::LanguageRow> =
        audit.languages.iter().filter(|l| l.own_share >= 0.05).collect();
    own.sort_by(|a, b| b.own_code_lines.cmp(&a.own_code_lines).then_with(|| a.language.cmp(&b.language)));
    let langs: Vec<String> = own
        .iter()
        .take(3)
        .map(|l| format!("{} ({})", pretty_language(&l.language), pct(l.own_share)))
        .collect();
    let _ = writeln!(s, "**What it is.** {what}");
    if !langs.is_empty() {
        let _ = writeln!(s, "It is written mostly in {}.", join_and(&langs));
    }
    let _ = writeln!(s);
    let _ = write!(
        s,
        "**How big.** {} lines of code in {} files, in {} {}.",
        thousands(sum.code_lines),
        thousands(u64::from(sum.files)),
        sum.components,
        plural(sum.components, "component", "components"),
    );
    if let (Some(commits), Some(authors)) = (sum.commits, sum.authors) {
        let _ = write!(
            s,
            " {} commits by {} {}",
            thousands(u64::from(commits)),
            authors,
            plural(authors, "person", "people")
        );
        if let Some(first) = &sum.first_commit {
            let _ = write!(s, " since {first}");
        }
        let _ = write!(s, "; {} active in the last year.", sum.active_authors.unwrap_or(0));
        if audit.repository.unreadable_objects > 0 {
            let _ = write!(
                s,
                " The history is partial: {} objects could not be read, and the commits holding them are left out.",
                audit.repository.unreadable_objects
            );
        }
    } else {
        let _ = write!(s, " There is no git history here, so nothing is said about change or people.");
    }
    let _ = writeln!(s, "\n");
    let _ =
        writeln!(s, "**How healthy.** {}. {}\n", title_case(audit.health.rating), audit.health.explanation);

    let _ = writeln!(s, "**What to act on first.**\n");
    if audit.risks.is_empty() {
        let _ = writeln!(s, "Nothing: no risk reached the register.\n");
    }
    // One item per kind, so that five of a kind do not hide the rest.
    let mut kinds_seen = std::collections::BTreeSet::new();
    let firsts = audit.risks.iter().filter(|r| kinds_seen.insert(r.kind)).take(5);
    for (i, r) in firsts.enumerate() {
        let same = audit.risks.iter().filter(|x| x.kind == r.kind).count() - 1;
        let more = match same {
            0 => String::new(),
            1 => " One more like it is in the register.".to_owned(),
            n => format!(" {n} more like it are in the register."),
        };
        let _ = writeln!(s, "{}. **{}** ({} risk.) {}{more}", i + 1, r.plain, r.severity.as_str(), r.action);
    }
    let _ = writeln!(s);
    glossary(s, audit);

    if let Some(n) = &extras.narrative {
        let _ = writeln!(s, "### A second opinion, written by a language model ({})\n", n.model);
        let _ =
            writeln!(s, "_Generated from the figures above; check it against them._\n\n{}\n", n.text.trim());
    }

    // ---------------------------------------------------------------- engineers
    let _ = writeln!(s, "## For engineers\n");
    let _ = writeln!(s, "### Architecture\n");
    let _ = writeln!(
        s,
        "{} files are parsed; {} import dependencies connect them. Propagation cost is {}: a change \
         to a typical file can reach that share of the code base, directly or through others.\n",
        thousands(u64::from(sum.parsed_files)),
        thousands(u64::from(sum.dependencies)),
        pct(sum.propagation_cost)
    );
    components_table(s, &audit.components, 25);
    mermaid(s, audit);
    cycles(s, audit);
    code_health(s, audit);
    hotspots(s, audit);
    coupling(s, audit);
    ownership(s, audit);
    register(s, audit);

    // ---------------------------------------------------------------- onboarding
    explain_into(s, audit, None);
    if !audit.warnings.is_empty() || !audit.skipped.is_empty() {
        let _ = writeln!(s, "## Coverage\n");
        let skipped: Vec<String> = audit.skipped.iter().map(|(k, v)| format!("{v} {k}")).collect();
        if !skipped.is_empty() {
            let _ = writeln!(s, "Left out of the analysis: {}.\n", skipped.join(", "));
        }
        if !audit.warnings.is_empty() {
            let _ = writeln!(s, "{} warnings; the first ones:\n", audit.warnings.len());
            for w in audit.warnings.iter().take(10) {
                let _ = writeln!(s, "- {}", w.replace('\n', " "));
            }
            let _ = writeln!(s);
        }
    }
}

/// A language id as people write it.
pub fn pretty_language(id: &str) -> String {
    match id {
        "javascript" => "JavaScript".to_owned(),
        "typescript" => "TypeScript".to_owned(),
        "tsx" => "TypeScript (TSX)".to_owned(),
        "cpp" => "C++".to_owned(),
        "csharp" => "C#".to_owned(),
        "json" | "yaml" | "toml" | "html" | "css" | "sql" | "xml" | "php" => id.to_ascii_uppercase(),
        _ => title_case(id),
    }
}

fn plural<'a>(n: u32, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// One line for each term the summary uses.
fn glossary(s: &mut String, audit: &Audit) {
    let kinds: std::collections::BTreeSet<&str> =
        audit.risks.iter().take(5).map(|r| r.kind.as_str()).collect();
    let mut terms = vec![(
        "Component",
        "a group of files that belong together, such as a package, a module or a top-level folder.",
    )];
    let known = [
        (
            "cycle",
            "Dependency cycle",
            "parts that each need the other, so none can change or be tested alone.",
        ),
        (
            "hotspot",
            "Hotspot",
            "code that is both complicated and changed often; where bugs and delays concentrate.",
        ),
        (
            "hidden-coupling",
            "Hidden coupling",
            "files that keep changing together although the code does not link them.",
        ),
        (
            "low-truck-factor",
            "Truck factor",
            "how many people would have to leave before most of the code has nobody who knows it.",
        ),
        ("knowledge-island", "Knowledge island", "code only one current team member knows."),
        ("gatekeeper", "Gatekeeper", "one person alone merges the pull requests or makes the releases."),
        ("god-file", "God file", "one file that does too many things and that much else depends on."),
        (
            "complex-function",
            "Cyclomatic complexity",
            "the number of independent paths through a function; above 25 is hard to test.",
        ),
        (
            "tangled-architecture",
            "Propagation cost",
            "the share of the code a typical change can reach through dependencies.",
        ),
        ("abandoned-code", "Abandoned code", "code none of whose authors has worked on it in the last year."),
        (
            "unstable-dependency",
            "Instability",
            "how much a part depends on others rather than being depended on (0 to 1).",
        ),
        (
            "secret",
            "Secret",
            "a password, key or token written into the code, where anyone with access can read it.",
        ),
        (
            "vulnerable-dependency",
            "Vulnerable dependency",
            "a third-party package with a published security flaw.",
        ),
    ];
    for (kind, term, def) in known {
        if kinds.contains(kind) {
            terms.push((term, def));
        }
    }
    let _ = writeln!(s, "_Terms used above:_\n");
    for (t, d) in terms {
        let _ = writeln!(s, "- _{t}_: {d}");
    }
    let _ = writeln!(s);
}

fn components_table(s: &mut String, components: &[ComponentRow], top: usize) {
    if components.is_empty() {
        let _ = writeln!(s, "No components: no source file of a parsed language was found.\n");
        return;
    }
    let mut rows: Vec<&ComponentRow> = components.iter().collect();
    rows.sort_by(|a, b| b.code_lines.cmp(&a.code_lines).then_with(|| a.id.cmp(&b.id)));
    let _ = writeln!(
        s,
        "| Component | Files | Lines of code | Language | Depends on | Used by | Instability | Level |"
    );
    let _ = writeln!(s, "|---|---:|---:|---|---|---|---:|---:|");
    for c in rows.iter().take(top) {
        let list = |v: &[String]| {
            if v.is_empty() {
                "none".to_owned()
            } else if v.len() > 4 {
                format!("{} and {} more", v[..4].join(", "), v.len() - 4)
            } else {
                v.join(", ")
            }
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {:.2} | {} |",
            cell(&c.id),
            c.files,
            thousands(c.code_lines),
            pretty_language(&c.language),
            cell(&list(&c.depends_on)),
            cell(&list(&c.used_by)),
            c.instability,
            c.level
        );
    }
    if rows.len() > top {
        let _ = writeln!(s, "\n{} smaller components are in report.json.", rows.len() - top);
    }
    let _ = writeln!(s);
}

/// The most arrows REPORT.md's diagram draws.
const MAX_REPORT_ARROWS: usize = 400;

fn mermaid(s: &mut String, audit: &Audit) {
    if audit.components.len() < 2 {
        return;
    }
    let mut rows: Vec<&ComponentRow> = audit.components.iter().collect();
    rows.sort_by(|a, b| b.code_lines.cmp(&a.code_lines).then_with(|| a.id.cmp(&b.id)));
    rows.truncate(40);
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    let key: std::collections::BTreeMap<&str, usize> =
        rows.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let in_cycle: std::collections::BTreeSet<&str> =
        audit.cycles.components.iter().flat_map(|c| c.members.iter().map(String::as_str)).collect();
    let _ = writeln!(s, "```mermaid\ngraph TD");
    for (i, c) in rows.iter().enumerate() {
        let _ = writeln!(s, "  c{i}[\"{}\"]", c.id.replace('"', "'"));
    }
    let mut link = 0;
    let mut red = Vec::new();
    let mut left_out = 0;
    for e in &audit.component_edges {
        let (Some(a), Some(b)) = (key.get(e.from.as_str()), key.get(e.to.as_str())) else { continue };
        // Mermaid, and GitHub's renderer, refuse more than 500 arrows.
        if link == MAX_REPORT_ARROWS {
            left_out += 1;
            continue;
        }
        let _ = writeln!(s, "  c{a} --> c{b}");
        if in_cycle.contains(e.from.as_str()) && in_cycle.contains(e.to.as_str()) {
            red.push(link);
        }
        link += 1;
    }
    for l in red {
        let _ = writeln!(s, "  linkStyle {l} stroke:#dd3333,stroke-width:2px");
    }
    let _ = writeln!(s, "```\n");
    if audit.components.len() > rows.len() {
        let _ = writeln!(s, "_The diagram shows the {} largest components._\n", rows.len());
    }
    if left_out > 0 {
        let _ = writeln!(s, "_{left_out} more dependencies between them are left out of the diagram._\n");
    }
}

fn cycles(s: &mut String, audit: &Audit) {
    let _ = writeln!(s, "### Cycles\n");
    let c = &audit.cycles;
    if c.components.is_empty() && c.files.is_empty() {
        let _ = writeln!(s, "No dependency cycles, between components or between files.\n");
        return;
    }
    for (what, list) in [("components", &c.components), ("files", &c.files)] {
        if list.is_empty() {
            let _ = writeln!(s, "No cycles between {what}.\n");
            continue;
        }
        let _ =
            writeln!(s, "{} {} between {what}:\n", list.len(), plural(list.len() as u32, "cycle", "cycles"));
        for row in list.iter().take(10) {
            let breaks: Vec<String> =
                row.break_edges.iter().take(3).map(|(a, b)| format!("`{a}` -> `{b}`")).collect();
            let _ = writeln!(
                s,
                "- {} {what}, shortest loop `{}`; remove {} to break it.",
                row.size,
                row.path.join(" -> "),
                if breaks.is_empty() { "one dependency".to_owned() } else { join_and(&breaks) }
            );
        }
        let _ = writeln!(s);
    }
}

fn code_health(s: &mut String, audit: &Audit) {
    let _ = writeln!(s, "### Code health\n");
    let Some(g) = &audit.health.grade else {
        let _ = writeln!(
            s,
            "No file could be graded: code health covers the project's own source files in the parsed languages.\n"
        );
        return;
    };
    let _ = writeln!(
        s,
        "Grade **{}**, code health {:.1} of 10, over {} files ({} lines of code), weighted {}. \
         Each file starts at 10 and loses points for large or complex functions, deep nesting, many \
         arguments, size, duplication and low cohesion (docs/health.md).\n",
        g.grade,
        g.score,
        thousands(u64::from(g.files)),
        thousands(g.code_lines),
        if g.change_weighted { "by lines and by how often each file changes" } else { "by lines" }
    );
    let _ = writeln!(
        s,
        "| Healthy (9–10) | Problematic (4–9) | Unhealthy (1–4) |\n|---:|---:|---:|\n| {} | {} | {} |\n",
        pct(g.distribution.healthy),
        pct(g.distribution.problematic),
        pct(g.distribution.unhealthy)
    );
    let mut worst: Vec<&principal_audit::FileRow> =
        audit.files.iter().filter(|f| f.health.as_ref().is_some_and(|h| h.score < 9.0)).collect();
    worst.sort_by(|a, b| {
        let (x, y) =
            (a.health.as_ref().map_or(10.0, |h| h.score), b.health.as_ref().map_or(10.0, |h| h.score));
        x.total_cmp(&y).then_with(|| b.code_lines.cmp(&a.code_lines)).then_with(|| a.path.cmp(&b.path))
    });
    if !worst.is_empty() {
        let _ = writeln!(s, "| File | Health | Lines of code | What lowers it |\n|---|---:|---:|---|");
        for f in worst.iter().take(10) {
            let h = f.health.as_ref().expect("filtered on health");
            let why: Vec<String> =
                h.factors.iter().take(3).map(|x| format!("{} (−{})", x.detail, x.penalty)).collect();
            let _ = writeln!(
                s,
                "| {} | {:.1} | {} | {} |",
                cell(&f.path),
                h.score,
                thousands(f.code_lines),
                cell(&why.join("; "))
            );
        }
        let _ = writeln!(s);
    }
    if !audit.clones.is_empty() {
        let _ = writeln!(
            s,
            "{} clone pairs (the same 50 tokens or more in two places), {} lines inside them. The longest:\n",
            thousands(u64::from(audit.summary.clone_pairs)),
            thousands(audit.summary.duplicated_lines)
        );
        for c in audit.clones.iter().take(5) {
            let _ = writeln!(
                s,
                "- {} lines: `{}:{}-{}` and `{}:{}-{}`",
                c.lines, c.a.path, c.a.start_line, c.a.end_line, c.b.path, c.b.start_line, c.b.end_line
            );
        }
        let _ = writeln!(s);
    }
}

fn hotspots(s: &mut String, audit: &Audit) {
    let _ = writeln!(s, "### Hotspots\n");
    if audit.people.is_none() {
        let _ = writeln!(s, "No git history, so no hotspots (they weigh change frequency by complexity).\n");
        return;
    }
    if audit.hotspots.is_empty() {
        let _ = writeln!(s, "No file has both changes and complexity yet.\n");
        return;
    }
    let _ = writeln!(
        s,
        "Change frequency times complexity, relative to the top file. Complex code that keeps \
         changing is where refactoring pays back first.\n"
    );
    let _ = writeln!(s, "| File | Commits | Complexity | Score |\n|---|---:|---:|---:|");
    for h in audit.hotspots.iter().take(10) {
        let _ = writeln!(s, "| {} | {} | {} | {:.2} |", cell(&h.path), h.revisions, h.complexity, h.score);
    }
    let _ = writeln!(s);
}

fn coupling(s: &mut String, audit: &Audit) {
    let _ = writeln!(s, "### Change coupling\n");
    if audit.people.is_none() {
        let _ = writeln!(s, "No git history, so no change coupling.\n");
        return;
    }
    if audit.coupling.is_empty() {
        let _ = writeln!(s, "No pair of files changes together often enough to count.\n");
        return;
    }
    let hidden = audit.coupling.iter().filter(|c| !c.explained_by_import).count();
    let _ = writeln!(
        s,
        "{} pairs of files change together; {hidden} of them with no import between them (hidden coupling).\n",
        audit.coupling.len()
    );
    let _ = writeln!(s, "| File | File | Shared commits | Degree | Import? |\n|---|---|---:|---:|---|");
    for c in audit.coupling.iter().take(10) {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            cell(&c.a),
            cell(&c.b),
            c.shared,
            pct(c.degree),
            if c.explained_by_import { "yes" } else { "**no**" }
        );
    }
    let _ = writeln!(s);
}

fn ownership(s: &mut String, audit: &Audit) {
    let _ = writeln!(s, "### Ownership\n");
    let Some(p) = &audit.people else {
        let _ = writeln!(s, "No git history, so nothing is known about ownership.\n");
        return;
    };
    let named = |authors: &[String]| {
        if authors.is_empty() { String::new() } else { format!(" ({})", authors.join(", ")) }
    };
    let _ = writeln!(
        s,
        "Truck factor now {}{}: over who knows each source file today (an active person with a \
         fifth of its lines, authorship of it, or 2 of its commits of the last year). By authorship \
         over all history: {}{}. {} of {} lines of source have nobody active who knows them. {} {} \
         only one person knows (knowledge islands).\n",
        p.current_truck_factor,
        named(&p.current_truck_factor_authors),
        p.truck_factor,
        named(&p.truck_factor_authors),
        thousands(p.orphaned_lines),
        thousands(p.counted_lines),
        p.knowledge_islands.len(),
        plural(p.knowledge_islands.len() as u32, "file", "files")
    );
    let mut rows: Vec<&ComponentRow> =
        audit.components.iter().filter(|c| c.revisions.unwrap_or(0) > 0).collect();
    rows.sort_by(|a, b| b.code_lines.cmp(&a.code_lines).then_with(|| a.id.cmp(&b.id)));
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "| Component | Truck factor (authorship) | Who knows it now | Ask | Knowledge island |\n|---|---:|---:|---|---|"
    );
    for c in rows.iter().take(20) {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            cell(&c.id),
            c.truck_factor.unwrap_or(0),
            c.knowers.as_ref().map_or(0, Vec::len),
            cell(&experts(c)),
            if c.knowledge_island { "yes" } else { "no" }
        );
    }
    let _ = writeln!(s);
}

fn experts(c: &ComponentRow) -> String {
    if c.experts.is_empty() {
        return "nobody on record".to_owned();
    }
    c.experts
        .iter()
        .map(|e| if e.active { e.name.clone() } else { format!("{} (inactive)", e.name) })
        .collect::<Vec<_>>()
        .join(", ")
}

fn register(s: &mut String, audit: &Audit) {
    let _ = writeln!(s, "### Risk register\n");
    if audit.risks.is_empty() {
        let _ = writeln!(s, "No risks.\n");
        return;
    }
    let counts: Vec<String> = ["critical", "high", "medium", "low"]
        .iter()
        .filter_map(|k| audit.summary.risks.get(k).filter(|n| **n > 0).map(|n| format!("{n} {k}")))
        .collect();
    let _ = writeln!(
        s,
        "{} risks ({}), ranked by score; docs/risks.md in Principal's repository explains the scores.\n",
        audit.risks.len(),
        counts.join(", ")
    );
    let _ = writeln!(s, "| # | Severity | Kind | Risk | For |\n|---:|---|---|---|---|");
    for (i, r) in audit.risks.iter().take(25).enumerate() {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            i + 1,
            r.severity.as_str(),
            r.kind.as_str(),
            cell(&r.title),
            r.audience.as_str()
        );
    }
    let _ = writeln!(s);
    for r in audit.risks.iter().take(10) {
        risk_detail(s, r);
    }
}

fn risk_detail(s: &mut String, r: &Risk) {
    let _ = writeln!(s, "#### {} ({}, score {})\n", r.title, r.severity.as_str(), r.score);
    let _ = writeln!(s, "- **Why it matters:** {}", r.why);
    let _ = writeln!(s, "- **What to do first:** {}", r.action);
    let evidence: Vec<String> = r
        .evidence
        .iter()
        .map(|(k, v)| {
            let v = match v {
                principal_audit::Fact::Int(n) => n.to_string(),
                principal_audit::Fact::Num(x) => format!("{x}"),
                principal_audit::Fact::Text(t) => t.clone(),
                principal_audit::Fact::List(l) if l.len() > 6 => {
                    format!("{} … ({} in all)", l[..6].join(", "), l.len())
                }
                principal_audit::Fact::List(l) => l.join(", "),
            };
            format!("{k} {v}")
        })
        .collect();
    let _ = writeln!(s, "- **Evidence:** {}", evidence.join("; "));
    if !r.locations.is_empty() {
        let locs: Vec<String> = r
            .locations
            .iter()
            .take(5)
            .map(|l| match l.line {
                Some(n) => format!("`{}:{n}`", l.path),
                None => format!("`{}`", l.path),
            })
            .collect();
        let more = if r.locations.len() > 5 {
            format!(" and {} more", r.locations.len() - 5)
        } else {
            String::new()
        };
        let _ = writeln!(s, "- **Where:** {}{more}", locs.join(", "));
    }
    let _ = writeln!(s);
}

/// The onboarding guide, for the whole system or one component (`principal explain`).
pub fn write_explain(out: &mut dyn Write, audit: &Audit, component: Option<&str>) -> io::Result<()> {
    let mut s = String::new();
    explain_into(&mut s, audit, component);
    out.write_all(s.as_bytes())
}

fn explain_into(s: &mut String, audit: &Audit, component: Option<&str>) {
    let ob = &audit.onboarding;
    let in_scope = |c: &Option<String>| component.is_none() || c.as_deref() == component;
    match component {
        None => {
            let _ = writeln!(s, "## Onboarding guide\n");
        }
        Some(c) => {
            let _ = writeln!(s, "## Onboarding guide: {c}\n");
        }
    }

    let _ = writeln!(s, "### What the system does\n");
    if ob.description.is_empty() {
        let _ = writeln!(s, "Neither a README nor a manifest describes it.\n");
    }
    for p in &ob.description {
        let _ = writeln!(s, "{p}\n");
    }
    if !ob.sources.is_empty() {
        let _ = writeln!(s, "_From {}._\n", ob.sources.join(", "));
    }

    let _ = writeln!(s, "### Components and how they depend on each other\n");
    let mut comps: Vec<&ComponentRow> =
        audit.components.iter().filter(|c| component.is_none_or(|want| c.id == want)).collect();
    comps.sort_by(|a, b| a.level.cmp(&b.level).then_with(|| a.id.cmp(&b.id)));
    if component.is_none() {
        let _ = writeln!(
            s,
            "From the foundations up: a component depends only on components listed before it, \
             unless they are in a cycle.\n"
        );
    }
    for c in comps.iter().take(40) {
        let deps = if c.depends_on.is_empty() {
            "depends on no other component".to_owned()
        } else {
            format!("depends on {}", c.depends_on.join(", "))
        };
        let users =
            if c.used_by.is_empty() { String::new() } else { format!("; used by {}", c.used_by.join(", ")) };
        let name =
            c.name.as_ref().filter(|n| *n != &c.id).map(|n| format!(" (package `{n}`)")).unwrap_or_default();
        let _ = writeln!(
            s,
            "- **{}**{name}: {} {}, {} lines of {}; {deps}{users}.",
            c.id,
            c.files,
            plural(c.files, "file", "files"),
            thousands(c.code_lines),
            pretty_language(&c.language)
        );
    }
    if comps.len() > 40 {
        let _ = writeln!(s, "- … and {} more in report.json.", comps.len() - 40);
    }
    let _ = writeln!(s);

    let _ = writeln!(s, "### Entry points\n");
    let entries: Vec<_> = ob.entry_points.iter().filter(|e| in_scope(&e.component)).take(15).collect();
    if entries.is_empty() {
        let _ = writeln!(s, "None found: no `main` function, manifest entry or conventional server file.\n");
    }
    for e in &entries {
        let what = match (&e.symbol, e.line) {
            (Some(sym), Some(line)) => format!(" `{sym}` (line {line})"),
            (Some(sym), None) => format!(" `{sym}`"),
            _ => String::new(),
        };
        let _ = writeln!(s, "- `{}`: {}{what}; {}.", e.path, e.kind, e.evidence);
    }
    if !entries.is_empty() {
        let _ = writeln!(s);
    }

    let _ = writeln!(s, "### Reading order\n");
    let _ = writeln!(
        s,
        "The most central files first (PageRank over the import graph): what everything else builds on.\n"
    );
    let order: Vec<(String, u32, u64)> = match component {
        None => ob.reading_order.iter().map(|r| (r.path.clone(), r.fan_in, r.code_lines)).collect(),
        Some(_) => principal_audit::reading_order(audit.files.iter().filter(|f| in_scope(&f.component)))
            .into_iter()
            .map(|f| (f.path.clone(), f.fan_in, f.code_lines))
            .collect(),
    };
    for (i, (path, fan_in, lines)) in order.iter().enumerate() {
        let _ = writeln!(
            s,
            "{}. `{path}`: imported by {fan_in} {}, {} lines",
            i + 1,
            plural(*fan_in, "file", "files"),
            thousands(*lines)
        );
    }
    let _ = writeln!(s);

    let _ = writeln!(s, "### Key abstractions\n");
    let abstractions: Vec<_> = ob.abstractions.iter().filter(|a| in_scope(&a.component)).take(12).collect();
    if abstractions.is_empty() {
        let _ = writeln!(s, "No types with methods in the central files.\n");
    }
    for a in &abstractions {
        let _ = writeln!(
            s,
            "- `{}` in `{}:{}`: {} methods; its file is imported by {} {}.",
            a.name,
            a.path,
            a.line,
            a.methods,
            a.used_by,
            plural(a.used_by, "file", "files")
        );
    }
    if !abstractions.is_empty() {
        let _ = writeln!(s);
    }

    let _ = writeln!(s, "### Who to ask\n");
    if audit.people.is_none() {
        let _ = writeln!(s, "No git history, so nobody can be named.\n");
        return;
    }
    let mut any = false;
    for c in comps.iter().filter(|c| !c.experts.is_empty()).take(40) {
        any = true;
        let _ = writeln!(s, "- **{}**: {}", c.id, experts(c));
    }
    if !any {
        let _ = writeln!(s, "Nobody on record: the history has no authors for these files.");
    }
    let _ = writeln!(s);
    if component.is_some() {
        let risks: Vec<&Risk> = audit
            .risks
            .iter()
            .filter(|r| r.locations.iter().any(|l| comps.iter().any(|c| belongs(&l.path, c, audit))))
            .take(10)
            .collect();
        if !risks.is_empty() {
            let _ = writeln!(s, "### Risks here\n");
            for r in risks {
                let _ = writeln!(s, "- {} ({}): {}", r.title, r.severity.as_str(), r.action);
            }
            let _ = writeln!(s);
        }
    }
}

fn belongs(path: &str, c: &ComponentRow, audit: &Audit) -> bool {
    path == c.id
        || audit
            .files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .is_some_and(|i| audit.files[i].component.as_deref() == Some(c.id.as_str()))
}

/// The terminal summary: headline figures and the top risks.
pub fn write_text(
    out: &mut dyn Write,
    audit: &Audit,
    style: Style,
    top: usize,
    written: &[String],
) -> io::Result<()> {
    let sum = &audit.summary;
    writeln!(out, "{}", style.bold(&format!("{}: {}", project_name(audit), audit.health.rating)))?;
    writeln!(out, "  {}", audit.health.explanation)?;
    let mut line = format!(
        "  {} lines of code, {} files, {} components, {} dependencies, propagation cost {}",
        thousands(sum.code_lines),
        thousands(u64::from(sum.files)),
        sum.components,
        thousands(u64::from(sum.dependencies)),
        pct(sum.propagation_cost)
    );
    if let (Some(c), Some(a), Some(tf), Some(now)) =
        (sum.commits, sum.authors, sum.truck_factor, sum.current_truck_factor)
    {
        let _ = write!(
            line,
            "\n  {} commits, {a} {} ({} active), truck factor {now} now ({tf} by authorship)",
            thousands(u64::from(c)),
            plural(a, "author", "authors"),
            sum.active_authors.unwrap_or(0)
        );
        if audit.repository.unreadable_objects > 0 {
            let _ = write!(
                line,
                " (history partial: {} objects unreadable)",
                audit.repository.unreadable_objects
            );
        }
    }
    writeln!(out, "{line}")?;
    writeln!(
        out,
        "  cycles: {} between components, {} between files; {} functions above cyclomatic 15\n",
        sum.component_cycles, sum.file_cycles, sum.complex_functions
    )?;
    if audit.risks.is_empty() {
        writeln!(out, "No risks.")?;
    } else {
        writeln!(
            out,
            "{}",
            style.bold(&format!("Top {} of {} risks", top.min(audit.risks.len()), audit.risks.len()))
        )?;
    }
    for (i, r) in audit.risks.iter().take(top).enumerate() {
        let sev = match r.severity {
            Severity::Critical | Severity::High => style.yellow(&format!("{:<8}", r.severity.as_str())),
            _ => format!("{:<8}", r.severity.as_str()),
        };
        writeln!(out, "{:>3}. {sev} {:<20} {}", i + 1, r.kind.as_str(), r.title)?;
    }
    if !written.is_empty() {
        writeln!(out, "\nWrote {}", written.join(", "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
