//! How a change moves the architecture: two analysed revisions in, their differences out.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use principal_graph::Architecture;
use principal_model::Model;
use principal_model::ScanResult;
use serde::Serialize;

use crate::Violation;

/// One analysed revision.
pub struct Side<'a> {
    pub commit: &'a str,
    pub scan: &'a ScanResult,
    pub model: &'a Model,
    pub arch: &'a Architecture,
    pub violations: &'a [Violation],
}

#[derive(Debug, Clone, Serialize)]
pub struct ArchDiff {
    pub base: String,
    pub head: String,
    /// Files whose content differs, added or removed.
    pub files_changed: Vec<String>,
    pub components_added: Vec<String>,
    pub components_removed: Vec<String>,
    pub component_edges_added: Vec<(String, String)>,
    pub component_edges_removed: Vec<(String, String)>,
    pub file_edges_added: Vec<(String, String)>,
    pub file_edges_removed: Vec<(String, String)>,
    pub cycles_new: Vec<CycleChange>,
    pub cycles_broken: Vec<CycleChange>,
    pub violations_introduced: Vec<Violation>,
    pub violations_resolved: Vec<Violation>,
    pub propagation_cost: Delta,
    /// Components whose instability moved, with before and after (null when absent).
    pub instability: Vec<ComponentDelta>,
    /// Functions added, removed, or whose complexity changed, in changed files; the largest
    /// change first.
    pub functions: Vec<FunctionDelta>,
    /// Changed files that are hotspots at the head revision.
    pub hotspots_touched: Vec<HotspotTouched>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Delta {
    pub before: f64,
    pub after: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CycleChange {
    /// `file` or `component`.
    pub scope: &'static str,
    pub members: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComponentDelta {
    pub component: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FunctionDelta {
    pub path: String,
    pub function: String,
    pub line: Option<u32>,
    /// (cyclomatic, cognitive) before; null for a new function.
    pub before: Option<(u32, u32)>,
    pub after: Option<(u32, u32)>,
}

impl FunctionDelta {
    pub fn cyclomatic_change(&self) -> i64 {
        i64::from(self.after.map_or(0, |a| a.0)) - i64::from(self.before.map_or(0, |b| b.0))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct HotspotTouched {
    pub path: String,
    pub revisions: u32,
    pub score: f64,
}

fn r4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0 + 0.0
}

fn file_edges(side: &Side<'_>) -> BTreeSet<(String, String)> {
    let m = side.model;
    m.edges
        .iter()
        .filter(|e| principal_graph::dependency_edge(m, e))
        .map(|e| (m.nodes[e.from as usize].path.clone(), m.nodes[e.to as usize].path.clone()))
        .collect()
}

fn component_edges(side: &Side<'_>) -> BTreeSet<(String, String)> {
    let c = &side.model.components;
    side.arch
        .component_edges
        .keys()
        .map(|&(a, b)| (c[a as usize].id.clone(), c[b as usize].id.clone()))
        .collect()
}

fn cycles(side: &Side<'_>) -> BTreeSet<(&'static str, Vec<String>)> {
    let m = side.model;
    let mut out = BTreeSet::new();
    for c in &side.arch.file_cycles {
        let mut members: Vec<String> = c.members.iter().map(|&v| m.nodes[v as usize].path.clone()).collect();
        members.sort();
        out.insert(("file", members));
    }
    for c in &side.arch.component_cycles {
        let mut members: Vec<String> =
            c.members.iter().map(|&v| m.components[v as usize].id.clone()).collect();
        members.sort();
        out.insert(("component", members));
    }
    out
}

/// Compares two analysed revisions. `changed` lists the files whose contents differ;
/// `hotspots` are the head's (path, revisions, score), hottest first.
pub fn diff(
    base: &Side<'_>,
    head: &Side<'_>,
    changed: &[String],
    hotspots: &[(String, u32, f64)],
) -> ArchDiff {
    let set_diff = |a: &BTreeSet<(String, String)>,
                    b: &BTreeSet<(String, String)>|
     -> Vec<(String, String)> { a.difference(b).cloned().collect() };
    let (fe_b, fe_h) = (file_edges(base), file_edges(head));
    let (ce_b, ce_h) = (component_edges(base), component_edges(head));
    let comps = |s: &Side<'_>| -> BTreeSet<String> {
        s.model
            .components
            .iter()
            .enumerate()
            .filter(|(i, _)| s.arch.components[*i].files > 0)
            .map(|(_, c)| c.id.clone())
            .collect()
    };
    let (c_b, c_h) = (comps(base), comps(head));
    let (cy_b, cy_h) = (cycles(base), cycles(head));
    let to_change =
        |(scope, members): &(&'static str, Vec<String>)| CycleChange { scope, members: members.clone() };

    let fp = |v: &[Violation]| -> BTreeSet<(String, String)> {
        v.iter().map(|x| (x.rule.clone(), x.fingerprint.clone())).collect()
    };
    let (v_b, v_h) = (fp(base.violations), fp(head.violations));
    let introduced = head
        .violations
        .iter()
        .filter(|x| !v_b.contains(&(x.rule.clone(), x.fingerprint.clone())))
        .cloned()
        .collect();
    let resolved = base
        .violations
        .iter()
        .filter(|x| !v_h.contains(&(x.rule.clone(), x.fingerprint.clone())))
        .cloned()
        .collect();

    let instability_of = |s: &Side<'_>| -> BTreeMap<String, f64> {
        s.model
            .components
            .iter()
            .enumerate()
            .filter(|(i, _)| s.arch.components[*i].files > 0)
            .map(|(i, c)| (c.id.clone(), r4(s.arch.components[i].instability)))
            .collect()
    };
    let (i_b, i_h) = (instability_of(base), instability_of(head));
    let names: BTreeSet<&String> = i_b.keys().chain(i_h.keys()).collect();
    let instability = names
        .into_iter()
        .filter_map(|c| {
            let (b, a) = (i_b.get(c).copied(), i_h.get(c).copied());
            let moved = match (b, a) {
                (Some(x), Some(y)) => (x - y).abs() > 1e-9,
                _ => true,
            };
            moved.then(|| ComponentDelta { component: c.clone(), before: b, after: a })
        })
        .collect();

    let changed_set: BTreeSet<&str> = changed.iter().map(String::as_str).collect();
    let functions_of = |s: &Side<'_>| -> HashMap<(String, String), (u32, u32, u32)> {
        s.scan
            .files
            .iter()
            .filter(|f| changed_set.contains(f.path.as_str()))
            .flat_map(|f| {
                f.functions.iter().map(move |x| {
                    ((f.path.clone(), x.qualified_name.clone()), (x.cyclomatic, x.cognitive, x.start_line))
                })
            })
            .collect()
    };
    let (f_b, f_h) = (functions_of(base), functions_of(head));
    let keys: BTreeSet<&(String, String)> = f_b.keys().chain(f_h.keys()).collect();
    let mut functions: Vec<FunctionDelta> = keys
        .into_iter()
        .filter_map(|k| {
            let (b, a) = (f_b.get(k), f_h.get(k));
            let same = matches!((b, a), (Some(x), Some(y)) if x.0 == y.0 && x.1 == y.1);
            (!same).then(|| FunctionDelta {
                path: k.0.clone(),
                function: k.1.clone(),
                line: a.or(b).map(|x| x.2),
                before: b.map(|x| (x.0, x.1)),
                after: a.map(|x| (x.0, x.1)),
            })
        })
        .collect();
    functions.sort_by(|x, y| {
        y.cyclomatic_change()
            .abs()
            .cmp(&x.cyclomatic_change().abs())
            .then_with(|| (&x.path, &x.function).cmp(&(&y.path, &y.function)))
    });

    let hotspots_touched = hotspots
        .iter()
        .filter(|(p, _, score)| *score >= 0.05 && changed_set.contains(p.as_str()))
        .map(|(p, revisions, score)| HotspotTouched {
            path: p.clone(),
            revisions: *revisions,
            score: r4(*score),
        })
        .collect();

    ArchDiff {
        base: base.commit.to_owned(),
        head: head.commit.to_owned(),
        files_changed: changed.to_vec(),
        components_added: c_h.difference(&c_b).cloned().collect(),
        components_removed: c_b.difference(&c_h).cloned().collect(),
        component_edges_added: set_diff(&ce_h, &ce_b),
        component_edges_removed: set_diff(&ce_b, &ce_h),
        file_edges_added: set_diff(&fe_h, &fe_b),
        file_edges_removed: set_diff(&fe_b, &fe_h),
        cycles_new: cy_h.difference(&cy_b).map(to_change).collect(),
        cycles_broken: cy_b.difference(&cy_h).map(to_change).collect(),
        violations_introduced: introduced,
        violations_resolved: resolved,
        propagation_cost: Delta {
            before: r4(base.arch.metrics.propagation_cost),
            after: r4(head.arch.metrics.propagation_cost),
        },
        instability,
        functions,
        hotspots_touched,
    }
}
