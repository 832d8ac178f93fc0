//! Virtual refactoring: a scenario of moves, cuts, merges and splits applied to the model only,
//! and the architecture, the rules and the risk register compared before and after
//! (docs/whatif.md).
//!
//! The steps run in a fixed order, each against the model the previous ones left: merges, then
//! splits, then moves, then cuts. So a split's new component can be a move's destination, and a
//! cut names the files as they are.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use principal_audit::Risk;
use principal_graph::Architecture;
use principal_model::{Component, ComponentSource, Model, ScanResult};
use principal_rules::{Selector, Violation};
use serde::{Deserialize, Serialize};

/// What to try: each list in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scenario {
    /// One line that says what the scenario is for (from a scenario file).
    pub description: Option<String>,
    pub merges: Vec<Merge>,
    pub splits: Vec<Split>,
    pub moves: Vec<Move>,
    pub cuts: Vec<Cut>,
}

/// `--merge A,B[=NAME]`: the components become one, named NAME (default: the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    pub components: Vec<String>,
    pub into: Option<String>,
}

/// `--split COMPONENT=GLOB[=NAME]`: the component's files that match GLOB become a new
/// component, named NAME (default: the folder the glob starts with).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub component: String,
    pub glob: String,
    pub into: Option<String>,
}

/// `--move FILES=COMPONENT`: the files (a path, a folder, a glob or a component) join the
/// component, which is made when no component has that id or name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub files: String,
    pub into: String,
}

/// `--cut FROM->TO`: every import from a file of FROM of a file of TO is removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// An argument that does not parse.
    #[error("--{flag} `{value}`: {problem}")]
    Syntax { flag: &'static str, value: String, problem: String },
    /// A scenario file that does not parse.
    #[error("{file}: {problem}")]
    File { file: String, problem: String },
    /// A step that names nothing in the model, or would do nothing.
    #[error("{step}: {problem}")]
    Step { step: String, problem: String },
}

fn syntax(flag: &'static str, value: &str, problem: &str) -> Error {
    Error::Syntax { flag, value: value.to_owned(), problem: problem.to_owned() }
}

fn clean(s: &str) -> String {
    let s = s.trim();
    let s = s.strip_prefix("./").unwrap_or(s);
    let s = s.trim_end_matches('/');
    if s.is_empty() { ".".to_owned() } else { s.to_owned() }
}

impl Merge {
    pub fn parse(s: &str) -> Result<Merge, Error> {
        let (list, into) = match s.split_once('=') {
            Some((l, n)) => (l, Some(n)),
            None => (s, None),
        };
        let components: Vec<String> = list.split(',').filter(|c| !c.trim().is_empty()).map(clean).collect();
        if components.len() < 2 {
            return Err(syntax("merge", s, "name at least two components, separated by commas: A,B[=NAME]"));
        }
        let into = match into.map(str::trim) {
            Some("") => return Err(syntax("merge", s, "the name after `=` is empty")),
            Some(n) => Some(clean(n)),
            None => None,
        };
        Ok(Merge { components, into })
    }
}

impl std::fmt::Display for Merge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "--merge {}", self.components.join(","))?;
        match &self.into {
            Some(n) => write!(f, "={n}"),
            None => Ok(()),
        }
    }
}

impl Split {
    pub fn parse(s: &str) -> Result<Split, Error> {
        let parts: Vec<&str> = s.split('=').map(str::trim).collect();
        let (component, glob, into) = match parts.as_slice() {
            [c, g] => (*c, *g, None),
            [c, g, n] => (*c, *g, Some(*n)),
            _ => return Err(syntax("split", s, "write COMPONENT=GLOB or COMPONENT=GLOB=NAME")),
        };
        if component.is_empty() || glob.is_empty() || into == Some("") {
            return Err(syntax("split", s, "the component, the glob and the name must not be empty"));
        }
        Ok(Split { component: clean(component), glob: glob.to_owned(), into: into.map(clean) })
    }
}

impl std::fmt::Display for Split {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "--split {}={}", self.component, self.glob)?;
        match &self.into {
            Some(n) => write!(f, "={n}"),
            None => Ok(()),
        }
    }
}

impl Move {
    pub fn parse(s: &str) -> Result<Move, Error> {
        match s.split('=').map(str::trim).collect::<Vec<_>>().as_slice() {
            [files, into] if !files.is_empty() && !into.is_empty() => {
                Ok(Move { files: clean(files), into: clean(into) })
            }
            _ => Err(syntax(
                "move",
                s,
                "write FILES=COMPONENT (a path, folder, glob or component, then a component)",
            )),
        }
    }
}

impl std::fmt::Display for Move {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "--move {}={}", self.files, self.into)
    }
}

impl Cut {
    pub fn parse(s: &str) -> Result<Cut, Error> {
        match s.split_once("->") {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                Ok(Cut { from: clean(a), to: clean(b) })
            }
            _ => Err(syntax("cut", s, "write FROM->TO (each a path, folder, glob or component)")),
        }
    }
}

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "--cut {}->{}", self.from, self.to)
    }
}

/// A scenario file: the steps in the command line's syntax, so a scenario tried with flags can
/// be kept and replayed as it was typed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    description: Option<String>,
    #[serde(default, rename = "merge")]
    merges: Vec<String>,
    #[serde(default, rename = "split")]
    splits: Vec<String>,
    #[serde(default, rename = "move")]
    moves: Vec<String>,
    #[serde(default, rename = "cut")]
    cuts: Vec<String>,
}

/// The largest scenario file read: a hand-written scenario is a few lines.
pub const MAX_SCENARIO_BYTES: usize = 1 << 20;

impl Scenario {
    /// Parses a scenario file (`--scenario FILE.toml`); `name` names it in errors.
    pub fn parse_file(text: &str, name: &str) -> Result<Scenario, Error> {
        let file_error = |problem: String| Error::File { file: name.to_owned(), problem };
        if text.len() > MAX_SCENARIO_BYTES {
            return Err(file_error(format!(
                "larger than {MAX_SCENARIO_BYTES} bytes; a scenario is a few lines"
            )));
        }
        let f: ScenarioFile =
            toml::from_str(text).map_err(|e| file_error(e.to_string().trim_end().to_owned()))?;
        let step = |e: Error| file_error(e.to_string());
        Ok(Scenario {
            description: f.description,
            merges: f.merges.iter().map(|s| Merge::parse(s)).collect::<Result<_, _>>().map_err(step)?,
            splits: f.splits.iter().map(|s| Split::parse(s)).collect::<Result<_, _>>().map_err(step)?,
            moves: f.moves.iter().map(|s| Move::parse(s)).collect::<Result<_, _>>().map_err(step)?,
            cuts: f.cuts.iter().map(|s| Cut::parse(s)).collect::<Result<_, _>>().map_err(step)?,
        })
    }

    /// The steps of `other` after these (a scenario file, then the command line's flags).
    pub fn extend(&mut self, other: Scenario) {
        if self.description.is_none() {
            self.description = other.description;
        }
        self.merges.extend(other.merges);
        self.splits.extend(other.splits);
        self.moves.extend(other.moves);
        self.cuts.extend(other.cuts);
    }

    pub fn is_empty(&self) -> bool {
        self.merges.is_empty() && self.splits.is_empty() && self.moves.is_empty() && self.cuts.is_empty()
    }

    /// The steps as flags, in the order they run.
    pub fn steps(&self) -> Vec<String> {
        let mut out: Vec<String> = self.merges.iter().map(ToString::to_string).collect();
        out.extend(self.splits.iter().map(ToString::to_string));
        out.extend(self.moves.iter().map(ToString::to_string));
        out.extend(self.cuts.iter().map(ToString::to_string));
        out
    }
}

/// What one step did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepOutcome {
    /// The step as a flag (`--cut a->b`).
    pub step: String,
    /// Files that changed component.
    pub files_moved: u32,
    /// File-level import edges removed, and the import statements behind them.
    pub edges_cut: u32,
    pub imports_cut: u32,
    /// The component the step made, when it made one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Components that no longer exist after the step.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
}

/// The model after the scenario, and what each step did.
#[derive(Debug, Clone)]
pub struct Applied {
    pub model: Model,
    pub steps: Vec<StepOutcome>,
}

/// Applies the scenario to a copy of the model. Every step must name something that exists and
/// change something; otherwise the error says which step and why, and nothing is reported.
pub fn apply(model: &Model, scenario: &Scenario) -> Result<Applied, Error> {
    let mut m = model.clone();
    let mut steps = Vec::new();
    for s in &scenario.merges {
        steps.push(merge(&mut m, s).map_err(|problem| Error::Step { step: s.to_string(), problem })?);
    }
    for s in &scenario.splits {
        steps.push(split(&mut m, s).map_err(|problem| Error::Step { step: s.to_string(), problem })?);
    }
    for s in &scenario.moves {
        steps.push(move_files(&mut m, s).map_err(|problem| Error::Step { step: s.to_string(), problem })?);
    }
    for s in &scenario.cuts {
        steps.push(cut(&mut m, s).map_err(|problem| Error::Step { step: s.to_string(), problem })?);
    }
    Ok(Applied { model: m, steps })
}

/// The component a name means: its id (a folder, `.` for the root) or its package name.
fn component(model: &Model, name: &str) -> Result<u32, String> {
    let by_id = model.components.iter().position(|c| c.id == name);
    if let Some(i) = by_id {
        return Ok(i as u32);
    }
    let by_name: Vec<usize> = model
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.name.as_deref() == Some(name))
        .map(|(i, _)| i)
        .collect();
    match by_name.as_slice() {
        [i] => Ok(*i as u32),
        [] => {
            let near: Vec<&str> = model
                .components
                .iter()
                .filter(|c| c.id.contains(name) || name.contains(c.id.as_str()) && c.id != ".")
                .map(|c| c.id.as_str())
                .take(3)
                .collect();
            let hint = if near.is_empty() {
                String::new()
            } else {
                format!(
                    " (did you mean {}?)",
                    near.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                )
            };
            Err(format!("no component is named `{name}`{hint}; `principal map --level component` lists them"))
        }
        many => Err(format!(
            "`{name}` is the package name of {} components ({}); give the folder instead",
            many.len(),
            many.iter().map(|&i| model.components[i].id.as_str()).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn files_of(model: &Model, c: u32) -> usize {
    model.nodes.iter().filter(|n| n.component == c).count()
}

/// Moves nodes between components by id: `target[i]` is node i's new component id (`None`
/// keeps it). A new id becomes a component made by the scenario. `renamed` maps components that
/// disappear into the one that took their place, so manifest-declared dependencies follow.
/// Components the step left without files disappear; the list stays sorted by id.
fn regroup(model: &mut Model, target: &[Option<String>], renamed: &HashMap<String, String>) -> Vec<String> {
    let had_files: Vec<bool> = {
        let mut v = vec![false; model.components.len()];
        for n in &model.nodes {
            v[n.component as usize] = true;
        }
        v
    };
    debug_assert_eq!(target.len(), model.nodes.len(), "one target per node");
    let ids: Vec<String> = model
        .nodes
        .iter()
        .zip(target)
        .map(|(n, t)| t.clone().unwrap_or_else(|| model.components[n.component as usize].id.clone()))
        .collect();
    let mut keep: BTreeMap<String, Component> = BTreeMap::new();
    let mut removed = Vec::new();
    let used: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    for (i, c) in model.components.iter().enumerate() {
        if used.contains(c.id.as_str()) || (!had_files[i] && !renamed.contains_key(&c.id)) {
            keep.insert(c.id.clone(), c.clone());
        } else {
            removed.push(c.id.clone());
        }
    }
    for id in &used {
        keep.entry((*id).to_owned()).or_insert_with(|| Component {
            id: (*id).to_owned(),
            source: ComponentSource::Scenario,
            name: None,
        });
    }
    let index: HashMap<&str, u32> = keep.keys().enumerate().map(|(i, id)| (id.as_str(), i as u32)).collect();
    for (n, id) in model.nodes.iter_mut().zip(&ids) {
        n.component = index[id.as_str()];
    }
    let old_ids: Vec<String> = model.components.iter().map(|c| c.id.clone()).collect();
    let mut declared: Vec<(u32, u32)> = model
        .declared_dependencies
        .iter()
        .filter_map(|&(a, b)| {
            let map = |c: u32| {
                let id = &old_ids[c as usize];
                let id = renamed.get(id).unwrap_or(id);
                index.get(id.as_str()).copied()
            };
            let (a, b) = (map(a)?, map(b)?);
            (a != b).then_some((a, b))
        })
        .collect();
    declared.sort_unstable();
    declared.dedup();
    model.declared_dependencies = declared;
    model.components = keep.into_values().collect();
    removed
}

fn merge(model: &mut Model, m: &Merge) -> Result<StepOutcome, String> {
    let mut set: BTreeSet<u32> = BTreeSet::new();
    for name in &m.components {
        set.insert(component(model, name)?);
    }
    let first = model.components[component(model, &m.components[0])? as usize].id.clone();
    let target = match &m.into {
        Some(n) => match component(model, n) {
            Ok(c) => {
                set.insert(c);
                model.components[c as usize].id.clone()
            }
            Err(_) => n.clone(),
        },
        None => first.clone(),
    };
    // One component under its own id is no merge; under a new name it is a rename.
    if set.len() < 2 && target == first {
        return Err("these name one component; merge at least two".to_owned());
    }
    let mut moved = 0;
    let target_ids: Vec<Option<String>> = model
        .nodes
        .iter()
        .map(|n| {
            let inside = set.contains(&n.component);
            if inside && model.components[n.component as usize].id != target {
                moved += 1;
            }
            inside.then(|| target.clone())
        })
        .collect();
    let renamed: HashMap<String, String> =
        set.iter().map(|&c| (model.components[c as usize].id.clone(), target.clone())).collect();
    let existed = model.components.iter().any(|c| c.id == target);
    let removed = regroup(model, &target_ids, &renamed);
    Ok(StepOutcome {
        step: m.to_string(),
        files_moved: moved,
        edges_cut: 0,
        imports_cut: 0,
        created: (!existed).then_some(target),
        removed,
    })
}

/// The folder a glob starts with: `src/core/io/**` gives `src/core/io`.
fn glob_folder(glob: &str) -> &str {
    let fixed = glob.find(['*', '?', '[', '{']).map_or(glob, |i| &glob[..i]);
    match fixed.rfind('/') {
        Some(i) => &fixed[..i],
        None => "",
    }
}

fn split(model: &mut Model, s: &Split) -> Result<StepOutcome, String> {
    let c = component(model, &s.component)?;
    let glob = principal_rules::glob(&s.glob)?;
    let picked: Vec<bool> = model.nodes.iter().map(|n| n.component == c && glob.is_match(&n.path)).collect();
    let count = picked.iter().filter(|&&p| p).count();
    let id = model.components[c as usize].id.clone();
    if count == 0 {
        return Err(format!("no file of `{id}` matches `{}`", s.glob));
    }
    if count == files_of(model, c) {
        return Err(format!(
            "every file of `{id}` matches `{}`; nothing would be left to split from",
            s.glob
        ));
    }
    let name = match &s.into {
        Some(n) => n.clone(),
        None => {
            let folder = glob_folder(&s.glob);
            if folder.is_empty() || folder == id {
                return Err(format!(
                    "the glob does not start with a folder of its own; name the new component: {s}=NAME"
                ));
            }
            folder.to_owned()
        }
    };
    if model.components.iter().any(|x| x.id == name) {
        return Err(format!(
            "`{name}` is already a component; use --move to add files to it, or name the new one"
        ));
    }
    let target: Vec<Option<String>> = picked.iter().map(|&p| p.then(|| name.clone())).collect();
    let removed = regroup(model, &target, &HashMap::new());
    Ok(StepOutcome {
        step: s.to_string(),
        files_moved: count as u32,
        edges_cut: 0,
        imports_cut: 0,
        created: Some(name),
        removed,
    })
}

fn move_files(model: &mut Model, mv: &Move) -> Result<StepOutcome, String> {
    let selector = Selector::new(&mv.files, model);
    let matched: Vec<bool> = (0..model.nodes.len() as u32).map(|v| selector.matches(model, v)).collect();
    if !matched.contains(&true) {
        return Err(format!("`{}` matches no analysed file (a path, folder, glob or component)", mv.files));
    }
    let (into, existed) = match component(model, &mv.into) {
        Ok(c) => (model.components[c as usize].id.clone(), true),
        Err(_) => (mv.into.clone(), false),
    };
    let mut moved = 0;
    let target: Vec<Option<String>> = model
        .nodes
        .iter()
        .zip(&matched)
        .map(|(n, &m)| {
            let go = m && model.components[n.component as usize].id != into;
            moved += u32::from(go);
            go.then(|| into.clone())
        })
        .collect();
    if moved == 0 {
        let hint = folder_hint(model, &mv.files).unwrap_or_default();
        return Err(format!("every file of `{}` is in `{into}` already{hint}", mv.files));
    }
    let removed = regroup(model, &target, &HashMap::new());
    Ok(StepOutcome {
        step: mv.to_string(),
        files_moved: moved,
        edges_cut: 0,
        imports_cut: 0,
        created: (!existed).then_some(into),
        removed,
    })
}

/// When a name is a component's id and also the folder of more files than that component has
/// (a root package `src` beside `src/app`), which one it means, and how to say the other.
fn folder_hint(model: &Model, name: &str) -> Option<String> {
    let c = model.components.iter().position(|c| c.id == name)? as u32;
    let own = files_of(model, c);
    let prefix = format!("{name}/");
    let under = model.nodes.iter().filter(|n| n.path.starts_with(&prefix)).count();
    (under > own).then(|| {
        format!(
            "; `{name}` names the component `{name}` ({own} {}); write `{name}/**` for the {under} files under the folder",
            if own == 1 { "file" } else { "files" }
        )
    })
}

fn cut(model: &mut Model, c: &Cut) -> Result<StepOutcome, String> {
    let (from, to) = (Selector::new(&c.from, model), Selector::new(&c.to, model));
    let n = model.nodes.len() as u32;
    let is_from: Vec<bool> = (0..n).map(|v| from.matches(model, v)).collect();
    let is_to: Vec<bool> = (0..n).map(|v| to.matches(model, v)).collect();
    for (side, hits) in [(&c.from, &is_from), (&c.to, &is_to)] {
        if !hits.contains(&true) {
            return Err(format!("`{side}` matches no analysed file (a path, folder, glob or component)"));
        }
    }
    let before = model.edges.len();
    let mut imports = 0;
    model.edges.retain(|e| {
        let hit = is_from[e.from as usize] && is_to[e.to as usize] && e.from != e.to;
        if hit {
            imports += e.count;
        }
        !hit
    });
    let edges = (before - model.edges.len()) as u32;
    if edges == 0 {
        let hint = [&c.from, &c.to].into_iter().find_map(|s| folder_hint(model, s)).unwrap_or_default();
        return Err(format!("no file of `{}` imports a file of `{}`{hint}", c.from, c.to));
    }
    Ok(StepOutcome {
        step: c.to_string(),
        files_moved: 0,
        edges_cut: edges,
        imports_cut: imports,
        created: None,
        removed: Vec::new(),
    })
}

/// One side of the comparison: the model and everything analysed from it.
pub struct Side<'a> {
    pub model: &'a Model,
    pub arch: &'a Architecture,
    pub violations: &'a [Violation],
    pub risks: &'a [Risk],
    /// The health grade, A to E.
    pub grade: Option<&'static str>,
}

/// The figures of the whole architecture on one side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Components with files.
    pub components: u32,
    pub component_edges: u32,
    pub file_cycles: u32,
    pub files_in_cycles: u32,
    pub component_cycles: u32,
    /// Levels of the condensed component graph (the longest dependency chain).
    pub component_levels: u32,
    pub propagation_cost: f64,
    pub ccd: u64,
    pub nccd: f64,
    pub rule_violations: u32,
    /// Risks in the register by severity.
    pub risks: BTreeMap<&'static str, u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<&'static str>,
}

/// One component's Martin metrics and level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentFigures {
    pub files: u32,
    pub ca: u32,
    pub ce: u32,
    pub instability: f64,
    pub abstractness: f64,
    pub distance: f64,
    pub level: u32,
}

/// A component that is new, gone, or whose figures moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentChange {
    pub component: String,
    pub before: Option<ComponentFigures>,
    pub after: Option<ComponentFigures>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskRow {
    pub id: String,
    pub kind: &'static str,
    pub severity: &'static str,
    pub score: u32,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rescored {
    pub id: String,
    pub title: String,
    pub before: u32,
    pub after: u32,
    pub severity_before: &'static str,
    pub severity_after: &'static str,
}

/// The scenario's effect.
#[derive(Debug, Clone, Serialize)]
pub struct WhatIf {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub steps: Vec<StepOutcome>,
    pub before: Summary,
    pub after: Summary,
    /// Components added, removed or changed, by id.
    pub components: Vec<ComponentChange>,
    pub component_edges_added: Vec<(String, String)>,
    pub component_edges_removed: Vec<(String, String)>,
    pub cycles_new: Vec<principal_rules::diff::CycleChange>,
    pub cycles_broken: Vec<principal_rules::diff::CycleChange>,
    pub violations_introduced: Vec<Violation>,
    pub violations_resolved: Vec<Violation>,
    /// Risks only the scenario's register has, highest first.
    pub risks_added: Vec<RiskRow>,
    /// Risks the scenario removes, highest first.
    pub risks_removed: Vec<RiskRow>,
    /// Risks in both registers whose score moved, the largest move first.
    pub risks_rescored: Vec<Rescored>,
}

fn r4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0 + 0.0
}

fn summary(s: &Side<'_>) -> Summary {
    let a = s.arch;
    let mut risks: BTreeMap<&'static str, u32> =
        ["critical", "high", "medium", "low"].into_iter().map(|k| (k, 0)).collect();
    for r in s.risks {
        *risks.entry(r.severity.as_str()).or_default() += 1;
    }
    Summary {
        components: a.components.iter().filter(|c| c.files > 0).count() as u32,
        component_edges: a.component_edges.len() as u32,
        file_cycles: a.file_cycles.len() as u32,
        files_in_cycles: a.file_cycles.iter().map(|c| c.members.len() as u32).sum(),
        component_cycles: a.component_cycles.len() as u32,
        component_levels: a.components.iter().filter(|c| c.files > 0).map(|c| c.level + 1).max().unwrap_or(0),
        propagation_cost: r4(a.metrics.propagation_cost),
        ccd: a.metrics.ccd,
        nccd: r4(a.metrics.nccd),
        rule_violations: s.violations.len() as u32,
        risks,
        grade: s.grade,
    }
}

fn figures(s: &Side<'_>) -> BTreeMap<String, ComponentFigures> {
    s.model
        .components
        .iter()
        .zip(&s.arch.components)
        .filter(|(_, m)| m.files > 0)
        .map(|(c, m)| {
            (
                c.id.clone(),
                ComponentFigures {
                    files: m.files,
                    ca: m.ca,
                    ce: m.ce,
                    instability: r4(m.instability),
                    abstractness: r4(m.abstractness),
                    distance: r4(m.distance),
                    level: m.level,
                },
            )
        })
        .collect()
}

fn row(r: &Risk) -> RiskRow {
    RiskRow {
        id: r.id.clone(),
        kind: r.kind.as_str(),
        severity: r.severity.as_str(),
        score: r.score,
        title: r.title.clone(),
    }
}

/// Compares the repository as it is with the scenario's model. `scan` is the one scan both
/// models were built from.
pub fn compare(
    scan: &ScanResult,
    before: &Side<'_>,
    after: &Side<'_>,
    applied: &Applied,
    description: Option<String>,
) -> WhatIf {
    let b = principal_rules::diff::Side {
        commit: "before",
        scan,
        model: before.model,
        arch: before.arch,
        violations: before.violations,
    };
    let h = principal_rules::diff::Side {
        commit: "after",
        scan,
        model: after.model,
        arch: after.arch,
        violations: after.violations,
    };
    let arch = principal_rules::diff::diff(&b, &h, &[], &[]);

    let (fb, fa) = (figures(before), figures(after));
    let ids: BTreeSet<&String> = fb.keys().chain(fa.keys()).collect();
    let components = ids
        .into_iter()
        .filter_map(|id| {
            let (b, a) = (fb.get(id), fa.get(id));
            (b != a).then(|| ComponentChange { component: id.clone(), before: b.cloned(), after: a.cloned() })
        })
        .collect();

    let by_id = |rs: &[Risk]| -> BTreeMap<String, usize> {
        rs.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect()
    };
    let (rb, ra) = (by_id(before.risks), by_id(after.risks));
    let risks_added = after.risks.iter().filter(|r| !rb.contains_key(&r.id)).map(row).collect();
    let risks_removed = before.risks.iter().filter(|r| !ra.contains_key(&r.id)).map(row).collect();
    let mut risks_rescored: Vec<Rescored> = before
        .risks
        .iter()
        .filter_map(|r| {
            let a = &after.risks[*ra.get(&r.id)?];
            (a.score != r.score).then(|| Rescored {
                id: r.id.clone(),
                title: a.title.clone(),
                before: r.score,
                after: a.score,
                severity_before: r.severity.as_str(),
                severity_after: a.severity.as_str(),
            })
        })
        .collect();
    risks_rescored.sort_by(|x, y| {
        (y.after.abs_diff(y.before)).cmp(&x.after.abs_diff(x.before)).then_with(|| x.id.cmp(&y.id))
    });

    WhatIf {
        description,
        steps: applied.steps.clone(),
        before: summary(before),
        after: summary(after),
        components,
        component_edges_added: arch.component_edges_added,
        component_edges_removed: arch.component_edges_removed,
        cycles_new: arch.cycles_new,
        cycles_broken: arch.cycles_broken,
        violations_introduced: arch.violations_introduced,
        violations_resolved: arch.violations_resolved,
        risks_added,
        risks_removed,
        risks_rescored,
    }
}

#[cfg(test)]
mod tests;
