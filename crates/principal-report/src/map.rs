//! `principal map` output: the `principal.map/1` JSON contract, a terminal summary, Mermaid
//! and Graphviz DOT.

use std::io::{self, Write};

use principal_graph::{Architecture, Diagram, Level, OTHERS, View};
use principal_model::Model;
use serde::Serialize;

use crate::{Style, r4};

pub const SCHEMA: &str = "principal.map/1";

/// Everything a map renderer needs.
pub struct MapInput<'a> {
    pub model: &'a Model,
    pub arch: &'a Architecture,
    pub view: &'a View,
    pub level: Level,
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::File => "file",
        Level::Dir => "dir",
        Level::Component => "component",
    }
}

#[derive(Serialize)]
struct MapJson<'a> {
    schema: &'static str,
    level: &'static str,
    nodes: Vec<NodeJson<'a>>,
    edges: Vec<EdgeJson<'a>>,
    external: Vec<ExternalJson<'a>>,
    unresolved: Vec<UnresolvedJson<'a>>,
    cycles: &'a [Vec<String>],
    cycle_details: Vec<CycleJson<'a>>,
    components: Vec<ComponentJson<'a>>,
    /// Component ids by level of the condensed component graph, level 0 first.
    levels: Vec<Vec<&'a str>>,
    /// Component dependencies that point up the levels: the edges that break component cycles.
    upward_dependencies: Vec<[&'a str; 2]>,
    communities: Vec<CommunityJson<'a>>,
    community_disagreements: Vec<DisagreementJson<'a>>,
    metrics: MetricsJson,
    hubs: Vec<HubJson<'a>>,
    orphans: Vec<&'a str>,
    sdp_violations: Vec<SdpJson<'a>>,
    warnings: Vec<WarningJson<'a>>,
}

#[derive(Serialize)]
struct NodeJson<'a> {
    id: &'a str,
    component: &'a str,
    language: &'a str,
    files: u32,
}

#[derive(Serialize)]
struct EdgeJson<'a> {
    from: &'a str,
    to: &'a str,
    kind: &'a str,
    count: u32,
}

#[derive(Serialize)]
struct ExternalJson<'a> {
    from: &'a str,
    package: &'a str,
}

#[derive(Serialize)]
struct UnresolvedJson<'a> {
    from: &'a str,
    specifier: &'a str,
    #[serde(skip_serializing_if = "is_zero")]
    line: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct CycleJson<'a> {
    members: &'a [String],
    representative: &'a [String],
    break_edges: Vec<[&'a str; 2]>,
}

#[derive(Serialize)]
struct ComponentJson<'a> {
    id: &'a str,
    kind: &'static str,
    name: Option<&'a str>,
    files: Vec<&'a str>,
    ca: u32,
    ce: u32,
    instability: f64,
    abstractness: f64,
    distance: f64,
    level: u32,
    depends_on: Vec<&'a str>,
}

#[derive(Serialize)]
struct CommunityJson<'a> {
    id: u32,
    size: u32,
    /// The declared component most of its files are in, and the share that are.
    component: &'a str,
    purity: f64,
}

#[derive(Serialize)]
struct DisagreementJson<'a> {
    path: &'a str,
    component: &'a str,
    community: u32,
    /// The component most of the file's community is in.
    suggested_component: &'a str,
}

#[derive(Serialize)]
struct MetricsJson {
    files: u32,
    edges: u32,
    propagation_cost: f64,
    ccd: u64,
    acd: f64,
    nccd: f64,
    file_cycles: u32,
    files_in_cycles: u32,
    component_cycles: u32,
    core: u32,
    shared: u32,
    control: u32,
    peripheral: u32,
    community_disagreements: u32,
}

#[derive(Serialize)]
struct HubJson<'a> {
    path: &'a str,
    fan_in: u32,
    fan_out: u32,
}

#[derive(Serialize)]
struct SdpJson<'a> {
    from: &'a str,
    to: &'a str,
    from_instability: f64,
    to_instability: f64,
}

#[derive(Serialize)]
struct WarningJson<'a> {
    path: &'a str,
    message: &'a str,
}

pub fn write_json(out: &mut dyn Write, input: &MapInput<'_>) -> io::Result<()> {
    let MapInput { model, arch, view, level } = *input;
    let path = |f: u32| model.nodes[f as usize].path.as_str();
    let comp = |c: u32| model.components[c as usize].id.as_str();
    let mut files_of: Vec<Vec<&str>> = vec![Vec::new(); model.components.len()];
    for n in &model.nodes {
        files_of[n.component as usize].push(n.path.as_str());
    }
    let mut community_sizes: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
    for (f, &c) in arch.communities.iter().enumerate() {
        community_sizes.entry(c).or_default().push(f as u32);
    }
    let communities = community_sizes
        .iter()
        .filter(|(_, files)| files.len() > 1)
        .map(|(&id, files)| {
            let mut votes: std::collections::BTreeMap<u32, u32> = Default::default();
            for &f in files {
                *votes.entry(model.nodes[f as usize].component).or_default() += 1;
            }
            let (&best, &k) =
                votes.iter().max_by_key(|&(&c, &k)| (k, std::cmp::Reverse(c))).expect("non-empty");
            CommunityJson {
                id,
                size: files.len() as u32,
                component: comp(best),
                purity: r4(f64::from(k) / files.len() as f64),
            }
        })
        .collect();
    let count = |class| arch.core_periphery.iter().filter(|&&c| c == class).count() as u32;
    use principal_graph::CorePeriphery as Cp;
    let doc = MapJson {
        schema: SCHEMA,
        level: level_name(level),
        nodes: view
            .nodes
            .iter()
            .map(|n| NodeJson { id: &n.id, component: &n.component, language: &n.language, files: n.files })
            .collect(),
        edges: view
            .edges
            .iter()
            .map(|e| EdgeJson { from: &e.from, to: &e.to, kind: e.kind, count: e.count })
            .collect(),
        external: view.external.iter().map(|(f, p)| ExternalJson { from: f, package: p }).collect(),
        unresolved: view
            .unresolved
            .iter()
            .map(|(f, s, l)| UnresolvedJson { from: f, specifier: s, line: *l })
            .collect(),
        cycles: &view.cycles,
        cycle_details: view
            .cycles
            .iter()
            .zip(&view.cycle_paths)
            .zip(&view.cycle_breaks)
            .map(|((m, p), b)| CycleJson {
                members: m,
                representative: p,
                break_edges: b.iter().map(|(x, y)| [x.as_str(), y.as_str()]).collect(),
            })
            .collect(),
        components: model
            .components
            .iter()
            .zip(&arch.components)
            .enumerate()
            .map(|(i, (c, m))| ComponentJson {
                id: &c.id,
                kind: c.source.as_str(),
                name: c.name.as_deref(),
                files: files_of[i].clone(),
                ca: m.ca,
                ce: m.ce,
                instability: r4(m.instability),
                abstractness: r4(m.abstractness),
                distance: r4(m.distance),
                level: m.level,
                depends_on: arch.component_graph.succ[i].iter().map(|&d| comp(d)).collect(),
            })
            .collect(),
        levels: {
            let top = arch.components.iter().map(|c| c.level).max().map_or(0, |l| l as usize + 1);
            let mut levels: Vec<Vec<&str>> = vec![Vec::new(); top];
            for (c, m) in model.components.iter().zip(&arch.components) {
                levels[m.level as usize].push(&c.id);
            }
            levels
        },
        upward_dependencies: arch
            .component_cycles
            .iter()
            .flat_map(|c| c.break_edges.iter().map(|&(a, b)| [comp(a), comp(b)]))
            .collect(),
        communities,
        community_disagreements: arch
            .disagreements
            .iter()
            .map(|d| DisagreementJson {
                path: path(d.file),
                component: comp(model.nodes[d.file as usize].component),
                community: d.community,
                suggested_component: comp(d.suggested_component),
            })
            .collect(),
        metrics: MetricsJson {
            files: arch.metrics.files,
            edges: arch.metrics.edges,
            propagation_cost: r4(arch.metrics.propagation_cost),
            ccd: arch.metrics.ccd,
            acd: r4(arch.metrics.acd),
            nccd: r4(arch.metrics.nccd),
            file_cycles: arch.file_cycles.len() as u32,
            files_in_cycles: arch.file_cycles.iter().map(|c| c.members.len() as u32).sum(),
            component_cycles: arch.component_cycles.len() as u32,
            core: count(Cp::Core),
            shared: count(Cp::Shared),
            control: count(Cp::Control),
            peripheral: count(Cp::Peripheral),
            community_disagreements: arch.disagreements.len() as u32,
        },
        hubs: arch
            .hubs
            .iter()
            .map(|h| HubJson { path: path(h.file), fan_in: h.fan_in, fan_out: h.fan_out })
            .collect(),
        orphans: arch.orphans.iter().map(|&f| path(f)).collect(),
        sdp_violations: arch
            .sdp_violations
            .iter()
            .map(|s| SdpJson {
                from: comp(s.from),
                to: comp(s.to),
                from_instability: r4(s.from_instability),
                to_instability: r4(s.to_instability),
            })
            .collect(),
        warnings: model.warnings.iter().map(|w| WarningJson { path: &w.path, message: &w.message }).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// A node id that Mermaid and DOT accept.
fn node_key(i: usize) -> String {
    format!("n{i}")
}

fn escape(label: &str) -> String {
    label.replace('"', "'")
}

/// What a capped diagram says of what it leaves out, or `None` when it shows everything.
fn cap_note(d: &Diagram) -> Option<String> {
    let mut parts = Vec::new();
    if d.hidden_nodes > 0 {
        parts.push(format!(
            "the {} most connected of {} nodes; {} more are folded into {OTHERS}",
            d.total_nodes - d.hidden_nodes,
            d.total_nodes,
            d.hidden_nodes
        ));
    }
    if d.hidden_edges > 0 {
        parts.push(format!("{} lighter arrows are left out", d.hidden_edges));
    }
    (!parts.is_empty()).then(|| format!("Showing {} (--max-nodes changes the cap)", parts.join("; ")))
}

fn label(n: &principal_graph::ViewNode) -> String {
    if n.id == OTHERS { format!("… {} more files", n.files) } else { escape(&n.id) }
}

/// Mermaid flowchart. A capped diagram says so in its title.
pub fn write_mermaid(out: &mut dyn Write, d: &Diagram) -> io::Result<()> {
    if let Some(note) = cap_note(d) {
        writeln!(out, "---\ntitle: \"{}\"\n---", escape(&note))?;
    }
    writeln!(out, "graph LR")?;
    let keys: std::collections::BTreeMap<&str, String> =
        d.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), node_key(i))).collect();
    for n in &d.nodes {
        writeln!(out, "  {}[\"{}\"]", keys[n.id.as_str()], label(n))?;
    }
    let mut red = Vec::new();
    let mut i = 0;
    for e in &d.edges {
        let (Some(a), Some(b)) = (keys.get(e.from.as_str()), keys.get(e.to.as_str())) else { continue };
        let arrow = if e.dashed { "-.->" } else { "-->" };
        let label = if e.count > 1 { format!("|{}|", e.count) } else { String::new() };
        writeln!(out, "  {a} {arrow}{label} {b}")?;
        if e.in_cycle {
            red.push(i);
        }
        i += 1;
    }
    for i in red {
        writeln!(out, "  linkStyle {i} stroke:#dd3333,stroke-width:2px")?;
    }
    Ok(())
}

/// Graphviz DOT. A capped diagram says so in its label.
pub fn write_dot(out: &mut dyn Write, d: &Diagram) -> io::Result<()> {
    writeln!(out, "digraph principal {{")?;
    writeln!(out, "  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];")?;
    if let Some(note) = cap_note(d) {
        writeln!(out, "  labelloc=t;\n  label=\"{}\";", escape(&note))?;
    }
    for n in &d.nodes {
        let style = if d.in_cycle.contains(n.id.as_str()) {
            ", color=\"#dd3333\""
        } else if n.id == OTHERS {
            ", style=dashed"
        } else {
            ""
        };
        writeln!(out, "  \"{}\" [label=\"{}\"{style}];", escape(&n.id), label(n))?;
    }
    for e in &d.edges {
        let mut style = String::new();
        if e.dashed {
            style.push_str(", style=dashed");
        }
        if e.in_cycle {
            style.push_str(", color=\"#dd3333\"");
        }
        writeln!(out, "  \"{}\" -> \"{}\" [label=\"{}\"{style}];", escape(&e.from), escape(&e.to), e.count)?;
    }
    writeln!(out, "}}")
}

pub fn write_text(out: &mut dyn Write, input: &MapInput<'_>, style: Style, top: usize) -> io::Result<()> {
    let MapInput { model, arch, view, level } = *input;
    let s = style;
    let m = &arch.metrics;
    let comp = |c: u32| model.components[c as usize].id.as_str();
    writeln!(
        out,
        "{} {} files, {} dependencies, {} components; {} external packages, {} unresolved imports",
        s.bold("Architecture:"),
        m.files,
        m.edges,
        model.components.len(),
        model.external.iter().map(|x| &x.package).collect::<std::collections::BTreeSet<_>>().len(),
        model.unresolved.len()
    )?;
    writeln!(
        out,
        "  propagation cost {:.1}%  (share of files a change can reach, on average)",
        m.propagation_cost * 100.0
    )?;
    writeln!(
        out,
        "  CCD {}  ACD {:.1}  NCCD {:.2}  (Lakos; NCCD above 1 is more coupled than a balanced tree)",
        m.ccd, m.acd, m.nccd
    )?;

    writeln!(out)?;
    let label = match level {
        Level::File => "file",
        Level::Dir => "directory",
        Level::Component => "component",
    };
    if view.cycles.is_empty() {
        writeln!(out, "{} none at {label} level", s.bold("Cycles:"))?;
    } else {
        writeln!(out, "{} {} at {label} level", s.bold("Cycles:"), view.cycles.len())?;
        for ((members, path), breaks) in
            view.cycles.iter().zip(&view.cycle_paths).zip(&view.cycle_breaks).take(top)
        {
            let mut chain = path.join(" -> ");
            if let Some(first) = path.first() {
                chain.push_str(" -> ");
                chain.push_str(first);
            }
            writeln!(out, "  {} members: {chain}", members.len())?;
            let shown: Vec<String> = breaks.iter().take(5).map(|(a, b)| format!("{a} -> {b}")).collect();
            let more =
                if breaks.len() > 5 { format!(" (+{} more)", breaks.len() - 5) } else { String::new() };
            writeln!(out, "    {} {}{more}", s.dim("break by removing:"), shown.join(", "))?;
        }
    }

    writeln!(out)?;
    writeln!(out, "{}", s.bold("Components"))?;
    writeln!(
        out,
        "  {:>5} {:>4} {:>4} {:>6} {:>6} {:>6} {:>5}  Component",
        "Files", "Ca", "Ce", "I", "A", "D", "Level"
    )?;
    let mut order: Vec<usize> = (0..model.components.len()).collect();
    order.sort_by(|&a, &b| arch.components[b].files.cmp(&arch.components[a].files).then_with(|| a.cmp(&b)));
    for &c in order.iter().take(top.max(20)) {
        let cm = &arch.components[c];
        writeln!(
            out,
            "  {:>5} {:>4} {:>4} {:>6.2} {:>6.2} {:>6.2} {:>5}  {}",
            cm.files,
            cm.ca,
            cm.ce,
            cm.instability,
            cm.abstractness,
            cm.distance,
            cm.level,
            model.components[c].id
        )?;
    }
    if order.len() > top.max(20) {
        writeln!(
            out,
            "  {}",
            s.dim(&format!("… {} more (--format json lists all)", order.len() - top.max(20)))
        )?;
    }

    if !arch.hubs.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", s.bold("Hubs (fan-in / fan-out)"))?;
        for h in arch.hubs.iter().take(top) {
            writeln!(out, "  {:>4} / {:<4} {}", h.fan_in, h.fan_out, model.nodes[h.file as usize].path)?;
        }
    }
    if !arch.sdp_violations.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{} {} (a component depends on a less stable one)",
            s.bold("Stable-dependencies violations:"),
            arch.sdp_violations.len()
        )?;
        for v in arch.sdp_violations.iter().take(top) {
            writeln!(
                out,
                "  {} (I={:.2}) -> {} (I={:.2})",
                comp(v.from),
                v.from_instability,
                comp(v.to),
                v.to_instability
            )?;
        }
    }
    if !arch.orphans.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{} {} files nothing imports and that are not entry points",
            s.bold("Orphans:"),
            arch.orphans.len()
        )?;
        for &f in arch.orphans.iter().take(top) {
            writeln!(out, "  {}", model.nodes[f as usize].path)?;
        }
    }
    if !arch.disagreements.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{} {} files sit in a community mostly made of another component (see --format json)",
            s.bold("Suggested components:"),
            arch.disagreements.len()
        )?;
    }
    for w in &model.warnings {
        writeln!(out, "{} {}: {}", s.yellow("warning:"), w.path, w.message)?;
    }
    Ok(())
}
