use std::collections::{BTreeMap, BTreeSet};

use principal_model::{Edge, Model};
use principal_model::{FileFacts, ImportKind, Language};

use crate::algo::{self, Digraph};

/// The level a graph is drawn at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    File,
    Dir,
    Component,
}

/// One cycle: a strong component of more than one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    /// Sorted node indices.
    pub members: Vec<u32>,
    /// A shortest cycle through the component, in order.
    pub representative: Vec<u32>,
    /// A small set of edges whose removal breaks every cycle in the component.
    pub break_edges: Vec<(u32, u32)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComponentMetrics {
    pub files: u32,
    /// Afferent couplings: other components that depend on this one.
    pub ca: u32,
    /// Efferent couplings: other components this one depends on.
    pub ce: u32,
    /// Ce / (Ca + Ce); 0 when both are 0.
    pub instability: f64,
    /// Abstract types / all types; 0 when there are no types.
    pub abstractness: f64,
    /// |A + I - 1|.
    pub distance: f64,
    /// Level in the condensed component graph (0 depends on nothing).
    pub level: u32,
}

/// Baldwin, MacCormack and Rusnak's classes, from visibility fan-in and fan-out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CorePeriphery {
    Core,
    Shared,
    Control,
    Peripheral,
}

impl CorePeriphery {
    pub fn as_str(self) -> &'static str {
        match self {
            CorePeriphery::Core => "core",
            CorePeriphery::Shared => "shared",
            CorePeriphery::Control => "control",
            CorePeriphery::Peripheral => "peripheral",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    pub files: u32,
    pub edges: u32,
    /// MacCormack, Rusnak and Baldwin (2006): Σ reachable(i), self included, over n².
    pub propagation_cost: f64,
    /// Lakos: Σ over files of the files each depends on, itself included.
    pub ccd: u64,
    /// CCD / n.
    pub acd: f64,
    /// CCD over the CCD of a balanced binary tree of n nodes: (n+1)·log2(n+1) − n.
    pub nccd: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hub {
    pub file: u32,
    pub fan_in: u32,
    pub fan_out: u32,
}

/// A dependency from a more stable component to a less stable one.
#[derive(Debug, Clone, PartialEq)]
pub struct SdpViolation {
    pub from: u32,
    pub to: u32,
    pub from_instability: f64,
    pub to_instability: f64,
}

/// A file whose community mostly belongs to another component.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    pub file: u32,
    pub community: u32,
    /// The component most of the community's files are in.
    pub suggested_component: u32,
}

/// Everything the graph says about the model.
#[derive(Debug, Clone)]
pub struct Architecture {
    /// The file-level dependency graph the analyses use (see [`dependency_edge`]).
    pub file_graph: Digraph,
    pub component_graph: Digraph,
    /// Weighted component edges: (from, to) -> import statements.
    pub component_edges: BTreeMap<(u32, u32), u32>,
    pub file_cycles: Vec<Cycle>,
    pub component_cycles: Vec<Cycle>,
    pub file_levels: Vec<u32>,
    pub components: Vec<ComponentMetrics>,
    pub metrics: Metrics,
    pub fan_in: Vec<u32>,
    pub fan_out: Vec<u32>,
    /// PageRank of each file over the dependency edges: the files most depended on, directly
    /// and through others, rank highest. Sums to 1.
    pub pagerank: Vec<f64>,
    pub visibility_fan_in: Vec<u64>,
    pub visibility_fan_out: Vec<u64>,
    pub core_periphery: Vec<CorePeriphery>,
    pub hubs: Vec<Hub>,
    pub orphans: Vec<u32>,
    pub sdp_violations: Vec<SdpViolation>,
    /// Louvain community of each file.
    pub communities: Vec<u32>,
    pub disagreements: Vec<Disagreement>,
}

/// Whether an edge is a dependency for the analyses: type-only imports (they vanish at run
/// time, and exist to break cycles), test-only imports (Rust's `#[cfg(test)]` code, not
/// compiled into the program), Rust `mod` declarations (containment, not use) and the
/// imports of Go files outside their directory's package (tests, generators) are not.
pub fn dependency_edge(model: &Model, e: &Edge) -> bool {
    !matches!(e.kind, ImportKind::TypeOnly | ImportKind::Mod | ImportKind::Test)
        && !model.nodes[e.from as usize].go_outside_package
}

/// How many strong-component members the shortest-cycle search starts from at most.
const CYCLE_SEARCH_LIMIT: usize = 256;

fn cycles(g: &Digraph, sccs: &[Vec<u32>]) -> Vec<Cycle> {
    let mut out: Vec<Cycle> = sccs
        .iter()
        .filter(|m| m.len() > 1)
        .map(|m| Cycle {
            members: m.clone(),
            representative: algo::shortest_cycle(g, m, CYCLE_SEARCH_LIMIT),
            break_edges: algo::feedback_edges(g, m),
        })
        .collect();
    out.sort_by(|a, b| b.members.len().cmp(&a.members.len()).then_with(|| a.members.cmp(&b.members)));
    out
}

/// Component dependencies from file edges, with the import statements behind each, plus the
/// dependencies only a manifest declares (0 imports).
fn component_edges_of(model: &Model, edges: &[&Edge]) -> BTreeMap<(u32, u32), u32> {
    let mut out: BTreeMap<(u32, u32), u32> = BTreeMap::new();
    for e in edges {
        let (a, b) = (model.nodes[e.from as usize].component, model.nodes[e.to as usize].component);
        if a != b {
            *out.entry((a, b)).or_default() += e.count;
        }
    }
    for &(a, b) in &model.declared_dependencies {
        out.entry((a, b)).or_default();
    }
    out
}

pub fn analyze(model: &Model, files: &[FileFacts]) -> Architecture {
    let n = model.nodes.len();
    let dep_edges: Vec<&Edge> = model.edges.iter().filter(|e| dependency_edge(model, e)).collect();
    let file_graph = Digraph::new(n, dep_edges.iter().map(|e| (e.from, e.to)));
    let rev = file_graph.reversed();
    let sccs = algo::sccs(&file_graph);
    let of = algo::component_of(n, &sccs);
    let scc_levels = algo::levels(&file_graph, &sccs, &of);
    let file_levels = (0..n).map(|v| scc_levels[of[v] as usize]).collect();
    let vfo = algo::reach_counts(&file_graph, &sccs, &of);
    let rsccs = algo::sccs(&rev);
    let rof = algo::component_of(n, &rsccs);
    let vfi = algo::reach_counts(&rev, &rsccs, &rof);
    // Cycles leave out deferred imports (they are how a cycle is broken) and TypeScript
    // declaration files (`.d.ts`: types only, nothing of them exists at run time).
    let declaration = |v: u32| model.nodes[v as usize].path.ends_with(".d.ts");
    let cycle_edges: Vec<&Edge> = dep_edges
        .iter()
        .copied()
        .filter(|e| e.kind != ImportKind::Deferred && !declaration(e.from) && !declaration(e.to))
        .collect();
    let file_cycles = if cycle_edges.len() == dep_edges.len() {
        cycles(&file_graph, &sccs)
    } else {
        let g = Digraph::new(n, cycle_edges.iter().map(|e| (e.from, e.to)));
        cycles(&g, &algo::sccs(&g))
    };

    let ccd: u64 = vfo.iter().sum();
    let nf = n as f64;
    let metrics = Metrics {
        files: n as u32,
        edges: file_graph.edge_count() as u32,
        propagation_cost: if n == 0 { 0.0 } else { ccd as f64 / (nf * nf) },
        ccd,
        acd: if n == 0 { 0.0 } else { ccd as f64 / nf },
        nccd: if n == 0 { 0.0 } else { ccd as f64 / ((nf + 1.0) * (nf + 1.0).log2() - nf) },
    };

    let fan_out: Vec<u32> = file_graph.succ.iter().map(|s| s.len() as u32).collect();
    let fan_in: Vec<u32> = rev.succ.iter().map(|s| s.len() as u32).collect();

    // Components. A test's imports are shown (`component_edges`) but are no dependency of the
    // component it sits in: the stability metrics, levels and cycles leave them out (tests
    // inside `core/` that import the package's entry point do not make `core` depend on it).
    // Benchmarks and examples inside a package are the same (a crate's `benches/` build with its
    // dev-dependencies).
    let nc = model.components.len();
    let component_edges = component_edges_of(model, &dep_edges);
    let test = |v: u32| {
        let path = &model.nodes[v as usize].path;
        principal_model::is_test_path(path)
            || principal_model::path_context(path) == principal_model::PathContext::Example
    };
    // A component of tests only (`tests/`) keeps its edges: depending on the code is what it is.
    let mut only_tests = vec![true; nc];
    for (v, node) in model.nodes.iter().enumerate() {
        if !test(v as u32) {
            only_tests[node.component as usize] = false;
        }
    }
    let stray = |e: &&Edge| test(e.from) && !only_tests[model.nodes[e.from as usize].component as usize];
    let product_edges: Vec<&Edge> = dep_edges.iter().copied().filter(|e| !stray(e)).collect();
    let product_cycle_edges: Vec<&Edge> = cycle_edges.iter().copied().filter(|e| !stray(e)).collect();
    let component_graph = if product_edges.len() == dep_edges.len() {
        Digraph::new(nc, component_edges.keys().copied())
    } else {
        Digraph::new(nc, component_edges_of(model, &product_edges).into_keys())
    };
    let crev = component_graph.reversed();
    let csccs = algo::sccs(&component_graph);
    let cof = algo::component_of(nc, &csccs);
    let clevels = algo::levels(&component_graph, &csccs, &cof);
    let component_cycles = if product_cycle_edges.len() == product_edges.len() {
        cycles(&component_graph, &csccs)
    } else {
        let g = Digraph::new(nc, component_edges_of(model, &product_cycle_edges).into_keys());
        cycles(&g, &algo::sccs(&g))
    };
    let mut types = vec![(0u32, 0u32); nc];
    let mut sizes = vec![0u32; nc];
    for node in &model.nodes {
        let f = &files[node.file as usize];
        let c = node.component as usize;
        sizes[c] += 1;
        types[c].0 += f.types;
        types[c].1 += f.abstract_types;
    }
    let components: Vec<ComponentMetrics> = (0..nc)
        .map(|c| {
            let ca = crev.succ[c].len() as u32;
            let ce = component_graph.succ[c].len() as u32;
            let instability = if ca + ce == 0 { 0.0 } else { f64::from(ce) / f64::from(ca + ce) };
            let abstractness =
                if types[c].0 == 0 { 0.0 } else { f64::from(types[c].1) / f64::from(types[c].0) };
            ComponentMetrics {
                files: sizes[c],
                ca,
                ce,
                instability,
                abstractness,
                distance: (abstractness + instability - 1.0).abs(),
                level: clevels[cof[c] as usize],
            }
        })
        .collect();
    // Over the product's dependencies, as the metrics are: a test's import is no dependency.
    let mut sdp_violations: Vec<SdpViolation> = (0..nc as u32)
        .flat_map(|a| component_graph.succ[a as usize].iter().map(move |&b| (a, b)))
        .filter(|(a, b)| components[*b as usize].instability > components[*a as usize].instability + 1e-9)
        .map(|(a, b)| SdpViolation {
            from: a,
            to: b,
            from_instability: components[a as usize].instability,
            to_instability: components[b as usize].instability,
        })
        .collect();
    sdp_violations.sort_by(|x, y| {
        (y.to_instability - y.from_instability)
            .total_cmp(&(x.to_instability - x.from_instability))
            .then_with(|| (x.from, x.to).cmp(&(y.from, y.to)))
    });

    let core_periphery = core_periphery(&sccs, &vfi, &vfo);
    let hubs = hubs(&fan_in, &fan_out);
    let orphans = orphans(model, files, &fan_in);
    let (communities, disagreements) = communities(model, &dep_edges);
    let pagerank = algo::pagerank(&file_graph, None);

    Architecture {
        file_graph,
        component_graph,
        component_edges,
        file_cycles,
        component_cycles,
        file_levels,
        components,
        metrics,
        pagerank,
        fan_in,
        fan_out,
        visibility_fan_in: vfi,
        visibility_fan_out: vfo,
        core_periphery,
        hubs,
        orphans,
        sdp_violations,
        communities,
        disagreements,
    }
}

/// Thresholds are the visibility of the largest cycle when one has at least 2 members (the
/// "core" of Baldwin et al. 2014); otherwise the medians, with core needing both above them.
fn core_periphery(sccs: &[Vec<u32>], vfi: &[u64], vfo: &[u64]) -> Vec<CorePeriphery> {
    let n = vfi.len();
    if n == 0 {
        return Vec::new();
    }
    let largest = sccs.iter().max_by_key(|m| (m.len(), std::cmp::Reverse(m.first().copied())));
    let (tin, tout) = match largest {
        Some(m) if m.len() > 1 => (vfi[m[0] as usize], vfo[m[0] as usize]),
        _ => {
            let median = |v: &[u64]| {
                let mut s = v.to_vec();
                s.sort_unstable();
                s[s.len() / 2].max(2)
            };
            (median(vfi), median(vfo))
        }
    };
    (0..n)
        .map(|v| match (vfi[v] >= tin, vfo[v] >= tout) {
            (true, true) => CorePeriphery::Core,
            (true, false) => CorePeriphery::Shared,
            (false, true) => CorePeriphery::Control,
            (false, false) => CorePeriphery::Peripheral,
        })
        .collect()
}

/// Files far above the rest in fan-in or fan-out: at least the 95th percentile, and at least
/// 8 (fan-in) or 12 (fan-out). Most connected first, at most 20.
fn hubs(fan_in: &[u32], fan_out: &[u32]) -> Vec<Hub> {
    let p95 = |v: &[u32]| {
        let mut s = v.to_vec();
        s.sort_unstable();
        s.get(s.len() * 95 / 100).copied().unwrap_or(0)
    };
    let (tin, tout) = (p95(fan_in).max(8), p95(fan_out).max(12));
    let mut hubs: Vec<Hub> = (0..fan_in.len())
        .filter(|&v| fan_in[v] >= tin || fan_out[v] >= tout)
        .map(|v| Hub { file: v as u32, fan_in: fan_in[v], fan_out: fan_out[v] })
        .collect();
    hubs.sort_by(|a, b| {
        (b.fan_in + b.fan_out).cmp(&(a.fan_in + a.fan_out)).then_with(|| a.file.cmp(&b.file))
    });
    hubs.truncate(20);
    hubs
}

/// Python, JavaScript, TypeScript and Rust files that nothing imports and that are not entry
/// points or type declarations (`.d.ts`, `.pyi`). (Java, C# and Go reach files without naming
/// them, so they are left out.)
fn orphans(model: &Model, files: &[FileFacts], fan_in: &[u32]) -> Vec<u32> {
    let mut has_in = vec![false; model.nodes.len()];
    for e in &model.edges {
        has_in[e.to as usize] = true;
    }
    (0..model.nodes.len())
        .filter(|&v| {
            let f = &files[model.nodes[v].file as usize];
            matches!(
                f.language,
                Language::Python
                    | Language::JavaScript
                    | Language::TypeScript
                    | Language::Tsx
                    | Language::Rust
            ) && fan_in[v] == 0
                && !has_in[v]
                && !principal_model::is_entry_point(f)
                && !f.path.ends_with(".d.ts")
                // A type stub is found by its module's name, never imported by path.
                && !f.path.ends_with(".pyi")
        })
        .map(|v| v as u32)
        .collect()
}

/// Louvain communities on the undirected file graph, and the files whose community mostly
/// lives in another component.
fn communities(model: &Model, dep_edges: &[&Edge]) -> (Vec<u32>, Vec<Disagreement>) {
    let n = model.nodes.len();
    let mut weights: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    for e in dep_edges {
        let key = (e.from.min(e.to), e.from.max(e.to));
        *weights.entry(key).or_default() += f64::from(e.count);
    }
    let edges: Vec<(u32, u32, f64)> = weights.into_iter().map(|((a, b), w)| (a, b, w)).collect();
    let community = algo::louvain(n, &edges);
    let mut votes: BTreeMap<u32, BTreeMap<u32, u32>> = BTreeMap::new();
    let mut connected = BTreeSet::new();
    for &(a, b, _) in &edges {
        connected.insert(a);
        connected.insert(b);
    }
    for (node, &c) in model.nodes.iter().zip(&community) {
        *votes.entry(c).or_default().entry(node.component).or_default() += 1;
    }
    let majority: BTreeMap<u32, u32> = votes
        .iter()
        .map(|(&c, counts)| {
            let best =
                counts.iter().max_by_key(|&(&comp, &k)| (k, std::cmp::Reverse(comp))).map(|(&comp, _)| comp);
            (c, best.expect("a community has members"))
        })
        .collect();
    let disagreements = (0..n as u32)
        .filter(|v| connected.contains(v))
        .filter_map(|v| {
            let c = community[v as usize];
            let m = majority[&c];
            (m != model.nodes[v as usize].component).then_some(Disagreement {
                file: v,
                community: c,
                suggested_component: m,
            })
        })
        .collect();
    (community, disagreements)
}
