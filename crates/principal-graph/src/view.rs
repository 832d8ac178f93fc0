//! The model seen at one level (file, directory, component), optionally around one node.

use std::collections::{BTreeMap, BTreeSet};

use principal_model::Model;

use crate::algo::{self, Digraph};
use crate::{Level, dependency_edge};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewNode {
    pub id: String,
    /// The component of a file, or of most of a directory's files; the id itself at component level.
    pub component: String,
    /// The language of a file; the most common language of a group.
    pub language: String,
    pub files: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ViewEdge {
    pub from: String,
    pub to: String,
    pub kind: &'static str,
    pub count: u32,
}

#[derive(Debug, Clone, Default)]
pub struct View {
    pub nodes: Vec<ViewNode>,
    pub edges: Vec<ViewEdge>,
    /// (from node, package), sorted, deduplicated.
    pub external: Vec<(String, String)>,
    /// (from node, specifier, line in the file or 0).
    pub unresolved: Vec<(String, String, u32)>,
    /// Cycles at this level, members sorted; largest first.
    pub cycles: Vec<Vec<String>>,
    /// For each cycle: a shortest representative and the edges that break it.
    pub cycle_paths: Vec<Vec<String>>,
    pub cycle_breaks: Vec<Vec<(String, String)>>,
}

/// Which group a file belongs to at a level.
fn group(model: &Model, file: usize, level: Level) -> String {
    let path = &model.nodes[file].path;
    match level {
        Level::File => path.clone(),
        Level::Dir => path.rsplit_once('/').map_or(".".to_owned(), |(d, _)| d.to_owned()),
        Level::Component => model.components[model.nodes[file].component as usize].id.clone(),
    }
}

/// Builds the view at `level`; with `focus`, only that node and its direct neighbours.
pub fn view(model: &Model, level: Level, focus: Option<&str>) -> View {
    let groups: Vec<String> = (0..model.nodes.len()).map(|f| group(model, f, level)).collect();
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (f, g) in groups.iter().enumerate() {
        members.entry(g.as_str()).or_default().push(f);
    }
    let ids: Vec<&str> = members.keys().copied().collect();
    let index: BTreeMap<&str, u32> = ids.iter().enumerate().map(|(i, id)| (*id, i as u32)).collect();

    let mut edges: BTreeMap<(u32, u32, &'static str), u32> = BTreeMap::new();
    for e in &model.edges {
        let (a, b) = (index[groups[e.from as usize].as_str()], index[groups[e.to as usize].as_str()]);
        if a == b {
            continue;
        }
        *edges.entry((a, b, e.kind.as_str())).or_default() += e.count;
    }
    let dep = Digraph::new(
        ids.len(),
        model.edges.iter().filter(|e| dependency_edge(model, e)).filter_map(|e| {
            let (a, b) = (index[groups[e.from as usize].as_str()], index[groups[e.to as usize].as_str()]);
            (a != b).then_some((a, b))
        }),
    );
    let sccs = algo::sccs(&dep);
    let mut cyc: Vec<&Vec<u32>> = sccs.iter().filter(|m| m.len() > 1).collect();
    cyc.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));

    let keep: Option<BTreeSet<u32>> = focus.map(|f| {
        let f = f.trim_end_matches('/');
        let mut keep = BTreeSet::new();
        if let Some(&i) = index.get(f) {
            keep.insert(i);
            for &(a, b, _) in edges.keys() {
                if a == i {
                    keep.insert(b);
                }
                if b == i {
                    keep.insert(a);
                }
            }
        }
        keep
    });
    let kept = |i: u32| keep.as_ref().is_none_or(|k| k.contains(&i));
    let name = |i: u32| ids[i as usize].to_owned();

    let nodes = ids
        .iter()
        .enumerate()
        .filter(|(i, _)| kept(*i as u32))
        .map(|(_, id)| {
            let files = &members[id];
            let mut comps: BTreeMap<&str, u32> = BTreeMap::new();
            let mut langs: BTreeMap<&str, u32> = BTreeMap::new();
            for &f in files {
                *comps.entry(model.components[model.nodes[f].component as usize].id.as_str()).or_default() +=
                    1;
                *langs.entry(model.nodes[f].language.id()).or_default() += 1;
            }
            let top = |m: &BTreeMap<&str, u32>| {
                m.iter()
                    .max_by_key(|&(k, v)| (*v, std::cmp::Reverse(*k)))
                    .map(|(k, _)| (*k).to_owned())
                    .unwrap_or_default()
            };
            ViewNode {
                id: (*id).to_owned(),
                component: top(&comps),
                language: top(&langs),
                files: files.len() as u32,
            }
        })
        .collect();
    let view_edges = edges
        .iter()
        .filter(|((a, b, _), _)| kept(*a) && kept(*b))
        .map(|(&(a, b, kind), &count)| ViewEdge { from: name(a), to: name(b), kind, count })
        .collect();
    let mut external: Vec<(String, String)> = model
        .external
        .iter()
        .filter(|x| kept(index[groups[x.from as usize].as_str()]))
        .map(|x| (groups[x.from as usize].clone(), x.package.clone()))
        .collect();
    external.sort();
    external.dedup();
    let unresolved = model
        .unresolved
        .iter()
        .filter(|u| kept(index[groups[u.from as usize].as_str()]))
        .map(|u| {
            (
                groups[u.from as usize].clone(),
                u.specifier.clone(),
                if level == Level::File { u.line } else { 0 },
            )
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let cyc: Vec<&Vec<u32>> = cyc.into_iter().filter(|m| m.iter().any(|&i| kept(i))).collect();
    View {
        nodes,
        edges: view_edges,
        external,
        unresolved,
        cycles: cyc.iter().map(|m| m.iter().map(|&i| name(i)).collect()).collect(),
        cycle_paths: cyc
            .iter()
            .map(|m| algo::shortest_cycle(&dep, m, 256).into_iter().map(name).collect())
            .collect(),
        cycle_breaks: cyc
            .iter()
            .map(|m| algo::feedback_edges(&dep, m).into_iter().map(|(a, b)| (name(a), name(b))).collect())
            .collect(),
    }
}

/// An edge of a diagram: every kind between two nodes drawn as one arrow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramEdge {
    pub from: String,
    pub to: String,
    pub count: u32,
    /// Only type-only or dynamic imports: drawn dashed.
    pub dashed: bool,
    /// Both ends in one cycle of the view.
    pub in_cycle: bool,
}

/// A view cut to a size people can read and renderers can lay out.
#[derive(Debug, Clone, Default)]
pub struct Diagram {
    pub nodes: Vec<ViewNode>,
    pub edges: Vec<DiagramEdge>,
    /// Nodes in a cycle of the view.
    pub in_cycle: BTreeSet<String>,
    /// How many of the view's nodes are folded into the [`OTHERS`] node (0: nothing is).
    pub hidden_nodes: usize,
    /// How many arrows were left out to stay under the edge cap.
    pub hidden_edges: usize,
    pub total_nodes: usize,
}

/// The id of the node that stands for the nodes a diagram leaves out.
pub const OTHERS: &str = "(others)";

/// At most `max_nodes` nodes (0: no cap): the most connected ones, by the imports in and out
/// of them, with the rest folded into one [`OTHERS`] node that keeps their edges to the shown
/// ones; then at most `max_edges` arrows, those in cycles and the heaviest first. Every kind
/// of import between two nodes is one arrow (dashed when all are type-only or dynamic).
pub fn diagram(view: &View, max_nodes: usize, max_edges: usize) -> Diagram {
    let in_cycle: BTreeSet<String> = view.cycles.iter().flatten().cloned().collect();
    // The cycles are strongly connected components, so disjoint: an edge is in one when both
    // its ends are.
    let cycle_of: BTreeMap<&str, usize> =
        view.cycles.iter().enumerate().flat_map(|(i, c)| c.iter().map(move |n| (n.as_str(), i))).collect();
    let same_cycle = |a: &str, b: &str| cycle_of.get(a).is_some_and(|c| cycle_of.get(b) == Some(c));
    let mut degree: BTreeMap<&str, u64> = view.nodes.iter().map(|n| (n.id.as_str(), 0)).collect();
    for e in &view.edges {
        for end in [e.from.as_str(), e.to.as_str()] {
            if let Some(d) = degree.get_mut(end) {
                *d += u64::from(e.count);
            }
        }
    }
    let shown: BTreeSet<&str> = if max_nodes == 0 || view.nodes.len() <= max_nodes {
        view.nodes.iter().map(|n| n.id.as_str()).collect()
    } else {
        let mut ranked: Vec<(&str, u64)> = degree.iter().map(|(k, v)| (*k, *v)).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        // One place is the others' node.
        ranked.into_iter().take(max_nodes.saturating_sub(1).max(1)).map(|(k, _)| k).collect()
    };
    let hidden: Vec<&ViewNode> = view.nodes.iter().filter(|n| !shown.contains(n.id.as_str())).collect();
    let end = |id: &str| if shown.contains(id) { id.to_owned() } else { OTHERS.to_owned() };
    let mut merged: BTreeMap<(String, String), (u32, bool, bool)> = BTreeMap::new();
    for e in &view.edges {
        let (a, b) = (end(&e.from), end(&e.to));
        if a == b {
            continue;
        }
        let dashed = e.kind == "type_only" || e.kind == "dynamic";
        let cycle = same_cycle(&e.from, &e.to);
        let entry = merged.entry((a, b)).or_insert((0, true, false));
        entry.0 += e.count;
        entry.1 &= dashed;
        entry.2 |= cycle;
    }
    let mut edges: Vec<DiagramEdge> = merged
        .into_iter()
        .map(|((from, to), (count, dashed, in_cycle))| DiagramEdge { from, to, count, dashed, in_cycle })
        .collect();
    let mut hidden_edges = 0;
    if max_edges > 0 && edges.len() > max_edges {
        edges.sort_by(|a, b| {
            (b.in_cycle, b.count)
                .cmp(&(a.in_cycle, a.count))
                .then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to)))
        });
        hidden_edges = edges.len() - max_edges;
        edges.truncate(max_edges);
        edges.sort_by(|a, b| (&a.from, &a.to).cmp(&(&b.from, &b.to)));
    }
    let mut nodes: Vec<ViewNode> =
        view.nodes.iter().filter(|n| shown.contains(n.id.as_str())).cloned().collect();
    if !hidden.is_empty() {
        nodes.push(ViewNode {
            id: OTHERS.to_owned(),
            component: String::new(),
            language: String::new(),
            files: hidden.iter().map(|n| n.files).sum(),
        });
    }
    Diagram {
        nodes,
        edges,
        in_cycle,
        hidden_nodes: hidden.len(),
        hidden_edges,
        total_nodes: view.nodes.len(),
    }
}

#[cfg(test)]
mod diagram_tests {
    use super::*;

    fn node(id: &str) -> ViewNode {
        ViewNode { id: id.into(), component: id.into(), language: "python".into(), files: 1 }
    }

    fn edge(from: &str, to: &str, kind: &'static str, count: u32) -> ViewEdge {
        ViewEdge { from: from.into(), to: to.into(), kind, count }
    }

    #[test]
    fn the_most_connected_nodes_are_kept_and_the_rest_folded() {
        let view = View {
            nodes: ["a", "b", "c", "d", "e"].into_iter().map(node).collect(),
            edges: vec![
                edge("a", "b", "import", 5),
                edge("a", "b", "type_only", 1),
                edge("b", "a", "import", 1),
                edge("c", "a", "import", 2),
                edge("d", "a", "import", 1),
                edge("e", "d", "import", 1),
            ],
            cycles: vec![vec!["a".into(), "b".into()]],
            ..View::default()
        };
        let all = diagram(&view, 0, 0);
        assert_eq!(all.nodes.len(), 5);
        assert_eq!(all.edges.len(), 5, "two kinds between a and b are one arrow");
        let ab = all.edges.iter().find(|e| e.from == "a" && e.to == "b").expect("a->b");
        assert_eq!((ab.count, ab.dashed, ab.in_cycle), (6, false, true));

        let cut = diagram(&view, 3, 0);
        let ids: Vec<&str> = cut.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", OTHERS]);
        assert_eq!((cut.hidden_nodes, cut.total_nodes), (3, 5));
        let folded = cut.edges.iter().find(|e| e.from == OTHERS && e.to == "a").expect("others->a");
        assert_eq!(folded.count, 3, "c and d's imports of a");
        assert!(!cut.edges.iter().any(|e| e.from == OTHERS && e.to == OTHERS));

        let few = diagram(&view, 0, 2);
        assert_eq!(few.hidden_edges, 3);
        assert!(few.edges.iter().all(|e| e.in_cycle), "cycle edges are kept first: {:?}", few.edges);
    }
}
