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
