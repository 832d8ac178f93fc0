//! The risk register: each finder turns one kind of evidence into risks with a score from 0 to
//! 100; [`rank`] orders them. docs/risks.md explains every formula and threshold.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::{ComponentRow, FileRow, Input, r4};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RiskKind {
    Secret,
    VulnerableDependency,
    Cycle,
    Hotspot,
    GodFile,
    ComplexFunction,
    HiddenCoupling,
    TangledArchitecture,
    UnstableDependency,
    LowTruckFactor,
    KnowledgeIsland,
    Gatekeeper,
    AbandonedCode,
    DeadCode,
}

impl RiskKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RiskKind::Secret => "secret",
            RiskKind::VulnerableDependency => "vulnerable-dependency",
            RiskKind::Cycle => "cycle",
            RiskKind::Hotspot => "hotspot",
            RiskKind::GodFile => "god-file",
            RiskKind::ComplexFunction => "complex-function",
            RiskKind::HiddenCoupling => "hidden-coupling",
            RiskKind::TangledArchitecture => "tangled-architecture",
            RiskKind::UnstableDependency => "unstable-dependency",
            RiskKind::LowTruckFactor => "low-truck-factor",
            RiskKind::KnowledgeIsland => "knowledge-island",
            RiskKind::Gatekeeper => "gatekeeper",
            RiskKind::AbandonedCode => "abandoned-code",
            RiskKind::DeadCode => "dead-code",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    /// Critical from 80, high from 60, medium from 40.
    pub fn of_score(score: u32) -> Severity {
        match score {
            80.. => Severity::Critical,
            60..=79 => Severity::High,
            40..=59 => Severity::Medium,
            _ => Severity::Low,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Engineering,
    Leadership,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Engineering => "engineering",
            Audience::Leadership => "leadership",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl Location {
    pub fn file(path: &str) -> Location {
        Location { path: path.to_owned(), line: None }
    }
}

/// One number or text behind a risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Fact {
    Int(i64),
    Num(f64),
    Text(String),
    List(Vec<String>),
}

impl From<u32> for Fact {
    fn from(n: u32) -> Fact {
        Fact::Int(i64::from(n))
    }
}
impl From<u64> for Fact {
    fn from(n: u64) -> Fact {
        Fact::Int(n as i64)
    }
}
impl From<f64> for Fact {
    fn from(x: f64) -> Fact {
        Fact::Num(r4(x))
    }
}
impl From<&str> for Fact {
    fn from(s: &str) -> Fact {
        Fact::Text(s.to_owned())
    }
}
impl From<String> for Fact {
    fn from(s: String) -> Fact {
        Fact::Text(s)
    }
}
impl From<Vec<String>> for Fact {
    fn from(v: Vec<String>) -> Fact {
        Fact::List(v)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Risk {
    /// Stable across runs: the kind and the main location (`hotspot:src/app.py`).
    pub id: String,
    pub kind: RiskKind,
    pub severity: Severity,
    /// 0 to 100; the register is sorted by it.
    pub score: u32,
    /// One line that names the risk.
    pub title: String,
    pub locations: Vec<Location>,
    /// The numbers behind the risk, by name.
    pub evidence: BTreeMap<&'static str, Fact>,
    /// Why it matters, in plain language.
    pub why: String,
    /// What to do first.
    pub action: String,
    /// The same risk in one sentence for a reader who is not technical.
    pub plain: String,
    pub audience: Audience,
}

impl Risk {
    /// A risk with the severity its score implies.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        kind: RiskKind,
        key: &str,
        score: f64,
        title: String,
        locations: Vec<Location>,
        evidence: Vec<(&'static str, Fact)>,
        audience: Audience,
        [why, action, plain]: [String; 3],
    ) -> Risk {
        let score = score.round().clamp(0.0, 100.0) as u32;
        Risk {
            id: format!("{}:{key}", kind.as_str()),
            kind,
            severity: Severity::of_score(score),
            score,
            title,
            locations,
            evidence: evidence.into_iter().collect(),
            why,
            action,
            plain,
            audience,
        }
    }
}

/// Highest score first; then by kind, then by id. Ids are made unique with `#2`, `#3`.
pub fn rank(risks: &mut [Risk]) {
    risks.sort_by(|a, b| {
        b.score.cmp(&a.score).then_with(|| a.kind.cmp(&b.kind)).then_with(|| a.id.cmp(&b.id))
    });
    let mut seen: HashMap<String, u32> = HashMap::new();
    for r in risks.iter_mut() {
        let n = seen.entry(r.id.clone()).or_default();
        *n += 1;
        if *n > 1 {
            r.id = format!("{}#{n}", r.id);
        }
    }
}

/// Caps per kind, so that one noisy kind cannot crowd out the rest of the register.
const MAX_PER_KIND: usize = 20;

fn unit(x: f64) -> f64 {
    x.clamp(0.0, 1.0)
}

pub(crate) fn find(
    input: &Input<'_>,
    files: &[FileRow],
    components: &[ComponentRow],
    entry_points: &HashSet<&str>,
) -> Vec<Risk> {
    let mut out = Vec::new();
    cycles(input, components, &mut out);
    tangled(input, &mut out);
    hotspots(input, files, &mut out);
    god_files(input, files, &mut out);
    complex_functions(input, files, &mut out);
    hidden_coupling(input, files, &mut out);
    unstable(input, components, &mut out);
    people(input, components, &mut out);
    gatekeepers(input, &mut out);
    dead_code(input, entry_points, &mut out);
    out
}

fn cycles(input: &Input<'_>, components: &[ComponentRow], out: &mut Vec<Risk>) {
    let model = input.model;
    for c in &input.arch.component_cycles {
        let names: Vec<String> = c.members.iter().map(|&v| components[v as usize].id.clone()).collect();
        let path: Vec<String> = c.representative.iter().map(|&v| components[v as usize].id.clone()).collect();
        let breaks: Vec<String> = c
            .break_edges
            .iter()
            .map(|&(a, b)| format!("{} -> {}", components[a as usize].id, components[b as usize].id))
            .collect();
        let size = c.members.len() as u32;
        // A folder and its own subfolders (`uvicorn` and `uvicorn/supervisors`, `lib` and
        // `lib/reporters`): one package in practice, where a parent that re-exports its children
        // is how the language is written. It stays in the map's cycles, not the register: every
        // reviewer but one judged such a cycle one package at work.
        if nesting_root(&names).is_some() {
            continue;
        }
        let score = 45.0 + 4.0 * f64::from(size.min(8));
        let title = format!("{size} components depend on each other in a cycle: {}", path.join(" -> "));
        out.push(Risk::new(
            RiskKind::Cycle,
            &format!("component:{}", names.join("+")),
            score,
            title,
            names.iter().map(|n| Location::file(n)).collect(),
            vec![
                ("components", size.into()),
                ("cycle", path.clone().into()),
                ("break_edges", breaks.clone().into()),
            ],
            Audience::Engineering,
            [
                "Components in a cycle cannot be built, tested, released or understood one at a time: \
                 a change in any of them can ripple through all of them."
                    .to_owned(),
                format!(
                    "Break the cycle at {}: move the shared code down a layer or invert the dependency \
                     behind an interface.",
                    breaks.first().map_or("its weakest dependency", String::as_str)
                ),
                format!(
                    "{size} parts of the system are tangled together, so none of them can be changed \
                     or replaced on its own."
                ),
            ],
        ));
    }
    // Components already reported in a cycle: a file cycle across them is the same fact.
    let in_component_cycle: Vec<HashSet<u32>> =
        input.arch.component_cycles.iter().map(|c| c.members.iter().copied().collect()).collect();
    let file_cycles = input.arch.file_cycles.iter().filter(|c| {
        let source = |&v: &u32| {
            principal_model::path_context(&model.nodes[v as usize].path)
                == principal_model::PathContext::Source
        };
        let comps: HashSet<u32> = c.members.iter().map(|&v| model.nodes[v as usize].component).collect();
        // Examples and tests are not the product; their cycles cost nothing downstream.
        c.members.iter().any(source)
            && !(comps.len() > 1 && in_component_cycle.iter().any(|cc| comps.is_subset(cc)))
            // Inside one component the cycle is the component's own design (modules of one Rust
            // crate that `use super::…`, a public facade and its `internal` package in one Java
            // module, compiled as a unit): reviewers signed none, of any size. It stays in the map.
            && !one_component(model, &c.members)
    });
    for c in file_cycles.take(MAX_PER_KIND) {
        let path: Vec<String> =
            c.representative.iter().map(|&v| model.nodes[v as usize].path.clone()).collect();
        let size = c.members.len() as u32;
        let score = 30.0 + 3.0 * f64::from(size.min(15));
        let breaks: Vec<String> = c
            .break_edges
            .iter()
            .take(10)
            .map(|&(a, b)| format!("{} -> {}", model.nodes[a as usize].path, model.nodes[b as usize].path))
            .collect();
        let first = path.first().cloned().unwrap_or_default();
        out.push(Risk::new(
            RiskKind::Cycle,
            &format!("file:{first}"),
            score,
            format!("{size} files import each other in a cycle, through {first}"),
            c.members.iter().take(50).map(|&v| Location::file(&model.nodes[v as usize].path)).collect(),
            vec![
                ("files", size.into()),
                ("cycle", path.into()),
                ("break_edges", breaks.clone().into()),
                ("break_count", (c.break_edges.len() as u32).into()),
            ],
            Audience::Engineering,
            [
                "Files in an import cycle must be understood and changed together; cycles also cause \
                 import-order bugs and slow, all-or-nothing builds."
                    .to_owned(),
                format!(
                    "Remove the import {} (and {} more) to break it.",
                    breaks.first().map_or("that closes the loop", String::as_str),
                    c.break_edges.len().saturating_sub(1)
                ),
                format!("{size} source files are knotted together and have to be changed as one."),
            ],
        ));
    }
}

/// The member every other member is a subfolder of, when there is one: the cycle is inside one
/// folder tree. `.` is the parent of everything.
pub(crate) fn nesting_root(ids: &[String]) -> Option<&str> {
    let root = ids.iter().min_by_key(|id| if id.as_str() == "." { 0 } else { id.len() })?;
    let under = |id: &String| id == root || root == "." || id.starts_with(&format!("{root}/"));
    ids.iter().all(under).then_some(root.as_str())
}

fn one_component(model: &principal_model::Model, members: &[u32]) -> bool {
    members.iter().all(|&v| model.nodes[v as usize].component == model.nodes[members[0] as usize].component)
}

fn tangled(input: &Input<'_>, out: &mut Vec<Risk>) {
    let m = &input.arch.metrics;
    // A small system is naturally interlinked: the bar falls from 50% at 0 files to 20% from
    // 500 files on (MacCormack's 20% comes from large systems).
    let bar = 0.2 + 0.3 * (1.0 - f64::from(m.files.min(500)) / 500.0);
    if m.files < 50 || m.propagation_cost < bar {
        return;
    }
    let pc = m.propagation_cost;
    out.push(Risk::new(
        RiskKind::TangledArchitecture,
        "repository",
        40.0 + 40.0 * unit((pc - bar) / 0.5),
        format!("A change to a typical file can reach {:.0}% of the code base", pc * 100.0),
        Vec::new(),
        vec![
            ("propagation_cost", pc.into()),
            ("bar", bar.into()),
            ("files", m.files.into()),
            ("dependencies", m.edges.into()),
        ],
        Audience::Engineering,
        [
            "Propagation cost is the share of file pairs where one depends on the other, directly or \
             not. Above 20% in a large system (the bar is higher in a small one, which is naturally \
             interlinked), most changes have a wide blast radius, and tests and reviews must cover \
             much more than the change itself."
                .to_owned(),
            "Start with the largest cycles and the hub files in the map: cutting them lowers the \
             reach of every change."
                .to_owned(),
            format!(
                "The parts of the system are so interlinked that a typical change can affect {:.0}% of it, \
                 which makes every change slower and riskier.",
                pc * 100.0
            ),
        ],
    ));
}

/// A hotspot needs a function at least this hard to understand (cognitive complexity, Sonar's
/// threshold) that at least this many commits touched; without the X-ray, a function of this
/// cyclomatic complexity.
const HOTSPOT_COGNITIVE: u32 = 15;
const HOTSPOT_CYCLOMATIC: u32 = 10;
const HOTSPOT_CHANGES: u32 = 3;
/// The least cognitive complexity of a function a hotspot names to refactor first.
const NAMED_COGNITIVE: u32 = 10;
/// Commits of the last year a hotspot needs (and one of them in its complex function).
const HOTSPOT_RECENT: u32 = 2;
/// A file younger than this is being written, not churning.
const HOTSPOT_MIN_AGE_DAYS: i64 = 90;
/// Defect fixes of the last year a hotspot needs, and the least share of its work they must be
/// (one in [`HOTSPOT_FIX_SHARE`]): complex code that changes but rarely needs fixing is being
/// extended, not failing (reviewers signed no hotspot without them).
const HOTSPOT_FIXES: u32 = 2;
const HOTSPOT_FIX_SHARE: u32 = 5;
/// Fixes that make a file a hotspot however simple its code: at least this many in the last
/// year, and at least one in [`CLUSTER_FIX_SHARE`] of its work (four security fixes of one
/// path-joining function in a year).
const CLUSTER_FIXES: u32 = 3;
const CLUSTER_FIX_SHARE: u32 = 3;

fn hotspots(input: &Input<'_>, files: &[FileRow], out: &mut Vec<Risk>) {
    let Some(h) = input.history else { return };
    let row: HashMap<&str, &FileRow> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    let first_age: HashMap<&str, i64> = h.files.iter().map(|f| (f.path.as_str(), f.first_age_days)).collect();
    let facts_of: HashMap<&str, &principal_model::FileFacts> =
        input.scan.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut taken = 0;
    // The hotspots told so far (their index in `out`) with their fix episodes; and the files whose
    // every fix also changed one of them: one story, told at the hotter file (urfave/cli's
    // command.go with command_run.go; axios' trackStream.js with fetch.js).
    let mut told: Vec<(usize, &[u32])> = Vec::new();
    let mut folded: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (rank, x) in h
        .hotspots
        .iter()
        .filter(|x| x.revisions >= 3 && x.complexity >= 10 && (x.score >= 0.05 || defect_cluster(x)))
        // Tests churn with the code they test; the register keeps to production code.
        .filter(|x| input.is_source(&x.path))
        .enumerate()
    {
        if taken == MAX_PER_KIND {
            break;
        }
        let max_ccn = row.get(x.path.as_str()).map_or(0, |f| f.max_cyclomatic);
        // Complex code that changes: a function of cyclomatic 10 or more that commits keep
        // touching (the X-ray), else at least such a function. A file whose changes all land in
        // small, simple functions (a table of flag definitions) is busy, not a hotspot.
        let xray = input.xray.iter().find(|f| f.path == x.path);
        // Cognitive complexity, not cyclomatic, decides: a flat chain of `else if`, `&&` or
        // `instanceof` is many paths but easy to read.
        let cognitive: HashMap<(u32, &str), u32> = facts_of
            .get(x.path.as_str())
            .map(|f| {
                f.functions.iter().map(|g| ((g.start_line, g.qualified_name.as_str()), g.cognitive)).collect()
            })
            .unwrap_or_default();
        let complex_and_changing = match xray {
            Some(f) => f.functions.iter().any(|g| {
                g.changes >= HOTSPOT_CHANGES
                    && g.recent_changes >= 1
                    && cognitive
                        .get(&(g.start_line, g.qualified_name.as_str()))
                        .is_some_and(|&c| c >= HOTSPOT_COGNITIVE)
            }),
            None => max_ccn >= HOTSPOT_CYCLOMATIC,
        };
        // Busy now, not only long ago; and not new: a file's first weeks are its writing, not
        // churn.
        let settled = first_age.get(x.path.as_str()).is_some_and(|&d| d >= HOTSPOT_MIN_AGE_DAYS);
        let cluster = defect_cluster(x);
        if !(complex_and_changing || cluster)
            || x.recent_work() < HOTSPOT_RECENT
            || x.recent_fixes < HOTSPOT_FIXES
            || x.recent_fixes * HOTSPOT_FIX_SHARE < x.recent_work()
            || !settled
        {
            continue;
        }
        if let Some(&(at, _)) = told.iter().find(|(_, eps)| {
            !x.recent_fix_episodes.is_empty()
                && x.recent_fix_episodes.iter().all(|e| eps.binary_search(e).is_ok())
        }) {
            folded.entry(at).or_default().push(x.path.clone());
            continue;
        }
        // The functions to start with: most changed × complex (the X-ray), else most complex.
        let first: Vec<(String, u32)> = xray
            .map(|f| {
                // Those that matter: hard to read (cognitive 10 or more), ranked by changes ×
                // cognitive complexity, within a quarter of the top one: a long but flat function
                // (a list of `if x is not None`) is not where refactoring pays.
                let cog = |g: &principal_history::xray::FunctionHotspot| {
                    cognitive.get(&(g.start_line, g.qualified_name.as_str())).copied().unwrap_or(0)
                };
                // Changed in the last year too: advice about code nobody is working on waits.
                // Where the code is simple and the fixes cluster, the functions the fixes touched.
                let named = |g: &&principal_history::xray::FunctionHotspot| {
                    if complex_and_changing {
                        cog(g) >= NAMED_COGNITIVE && g.recent_changes >= 1
                    } else {
                        g.recent_fixes >= 1
                    }
                };
                let mut ranked: Vec<&principal_history::xray::FunctionHotspot> =
                    f.functions.iter().filter(named).collect();
                // A fix weighs as much as two other changes: the defects were there.
                let weight = |g: &principal_history::xray::FunctionHotspot| {
                    if complex_and_changing {
                        (g.changes + g.fixes) * cog(g)
                    } else {
                        g.fixes * 10 + g.changes
                    }
                };
                ranked
                    .sort_by(|a, b| weight(b).cmp(&weight(a)).then_with(|| a.start_line.cmp(&b.start_line)));
                let top = ranked.first().map_or(0, |g| weight(g));
                ranked
                    .into_iter()
                    .filter(|g| weight(g) * 4 >= top)
                    .take(3)
                    .map(|g| {
                        let text = format!(
                            "`{}` (line {}, cyclomatic {}, changed in {} {}{}, {} in the last year)",
                            g.qualified_name,
                            g.start_line,
                            g.cyclomatic,
                            g.changes,
                            if g.changes == 1 { "commit" } else { "commits" },
                            match g.fixes {
                                0 => String::new(),
                                1 => " of which 1 a fix".to_owned(),
                                n => format!(" of which {n} fixes"),
                            },
                            g.recent_changes
                        );
                        (text, g.start_line)
                    })
                    .collect()
            })
            .unwrap_or_default();
        // The file, then the functions named to refactor first.
        let mut locations = vec![Location::file(&x.path)];
        locations.extend(first.iter().map(|(_, line)| Location { path: x.path.clone(), line: Some(*line) }));
        let first: Vec<String> = first.into_iter().map(|(text, _)| text).collect();
        let action = if !complex_and_changing {
            format!(
                "Add regression tests for the cases the fixes covered{}, and look for their common cause: \
                 {} fixes in a year say the design does not fit what it is given.",
                if first.is_empty() { String::new() } else { format!(" in {}", crate::join_and(&first)) },
                x.recent_fixes
            )
        } else if first.is_empty() {
            "Refactor the most complex functions here first, behind characterisation tests; this is \
             where simplification pays back fastest."
                .to_owned()
        } else {
            format!(
                "Refactor {} first, behind characterisation tests: {} the most often changed and complex \
                 code here, so simplifying {} pays back fastest.",
                crate::join_and(&first),
                if first.len() == 1 { "it is" } else { "they are" },
                if first.len() == 1 { "it" } else { "them" }
            )
        };
        let score = 25.0
            + 30.0 * x.score.sqrt() * unit(f64::from(x.recent_work()) / 10.0)
            + 25.0 * unit(f64::from(x.recent_fixes) / 6.0)
            + 10.0 * unit(f64::from(max_ccn) / 30.0)
            + 10.0 * unit(x.complexity as f64 / 300.0);
        taken += 1;
        told.push((out.len(), x.recent_fix_episodes.as_slice()));
        out.push(Risk::new(
            RiskKind::Hotspot,
            &x.path,
            score,
            format!(
                // Fixes are episodes (a run of fix commits counts once), so they are "fixes in"
                // the commits, not a count of commits (axios' fetch.js: 8 fixes in 15 commits).
                "{} keeps needing fixes ({} defect {} in its {} commits of the last year{}){}",
                x.path,
                x.recent_fixes,
                if x.recent_fixes == 1 { "fix" } else { "fixes" },
                x.recent_work(),
                match x.recent_mechanical {
                    0 => String::new(),
                    1 => ", besides 1 release or sweep".to_owned(),
                    n => format!(", besides {n} releases or sweeps"),
                },
                if complex_and_changing {
                    format!(" and is complex (total cyclomatic {})", x.complexity)
                } else {
                    String::new()
                }
            ),
            locations,
            vec![
                ("revisions", x.revisions.into()),
                ("recent_revisions", x.recent_revisions.into()),
                ("recent_work", x.recent_work().into()),
                ("recent_mechanical", x.recent_mechanical.into()),
                ("recent_fixes", x.recent_fixes.into()),
                ("recent_fixes_with_tests", x.recent_fixes_tested.into()),
                ("complexity", x.complexity.into()),
                ("max_cyclomatic", max_ccn.into()),
                ("hotspot_score", x.score.into()),
                ("rank", (rank as u32 + 1).into()),
            ],
            Audience::Engineering,
            [
                format!(
                    "{}ode that keeps needing fixes is where the next defects are: recent fixes in a file are \
                     the best single predictor of its next ones{}.",
                    if complex_and_changing { "Complex c" } else { "C" },
                    if complex_and_changing { ", and every change pays the complexity again" } else { "" }
                ),
                action,
                format!(
                    "{} {}keeps needing bug fixes ({} in the last year), the most likely place for the next \
                     defects.",
                    x.path,
                    if complex_and_changing { "is complicated and " } else { "" },
                    x.recent_fixes
                ),
            ],
        ));
    }
    for (at, paths) in folded {
        let r = &mut out[at];
        let named: Vec<String> = paths.iter().map(|p| format!("`{p}`")).collect();
        r.action.push_str(&format!(
            " The same fixes also changed {}: look for the cause there too.",
            crate::join_and(&named)
        ));
        r.locations.extend(paths.iter().map(|p| Location::file(p)));
        r.evidence.insert("same_fixes_changed", paths.into());
    }
}

/// Fixes that cluster in a file: [`CLUSTER_FIXES`] in the last year, a third of its work.
fn defect_cluster(x: &principal_history::Hotspot) -> bool {
    // Simple code whose every fix came with its test (commons-lang's StopWatch: three one-line
    // fixes, each with a test) is being looked after: no cluster to find the cause of.
    x.recent_fixes >= CLUSTER_FIXES
        && x.recent_fixes * CLUSTER_FIX_SHARE >= x.recent_work()
        && x.recent_fixes_tested < x.recent_fixes
}

/// How long the next most active person's work must span (their first to last commit): two
/// months, in seconds.
const NEXT_ACTIVE_SPAN: i64 = 61 * 24 * 3600;

/// The mean cyclomatic complexity of a god file's functions, at least.
const GOD_MEAN_CYCLOMATIC: f64 = 3.0;

/// With history, the last year's commits of work on a god file, at least: a large file nobody
/// changes (a core value type that got two commits in a year) costs no one anything today.
const GOD_RECENT_WORK: u32 = 3;

/// The functions of a file that are methods of a type it declares (`Parser.parse`,
/// `Lexer::next`).
fn methods(facts: &principal_model::FileFacts) -> usize {
    let types: HashSet<&str> = facts.type_decls.iter().map(|t| t.name.as_str()).collect();
    facts
        .functions
        .iter()
        .filter(|f| {
            let head = f.qualified_name.split(['.', ':']).next().unwrap_or_default();
            f.qualified_name.len() > head.len() && types.contains(head)
        })
        .count()
}

fn god_files(input: &Input<'_>, files: &[FileRow], out: &mut Vec<Risk>) {
    let hotspots: HashSet<&str> = out
        .iter()
        .filter(|r| r.kind == RiskKind::Hotspot)
        .filter_map(|r| r.locations.first())
        .map(|l| l.path.as_str())
        .collect();
    let languages: HashMap<&str, &principal_model::Language> =
        input.scan.files.iter().map(|f| (f.path.as_str(), &f.language)).collect();
    let module_imports = |f: &FileRow| {
        languages.get(f.path.as_str()).is_some_and(|l| principal_lang::registry::imports_modules(l))
    };
    let mut candidates: Vec<&FileRow> = files
        .iter()
        .zip(&input.scan.files)
        // One cohesive type (its methods share its state: LCOM4 of 1) is one responsibility,
        // however large: a tokenizer over one buffer, a rich value class.
        .filter(|(_, facts)| {
            !(facts.types <= 2 && !facts.cohesion.is_empty() && facts.cohesion.iter().all(|c| c.groups <= 1))
        })
        // A module of free functions (a library of HTTP header helpers, each importer taking
        // the two it needs) is a namespace, not a god object: outside C and C++, where every
        // file is such a module, a god file is mostly one type's methods.
        .filter(|(_, facts)| {
            use principal_model::Language as L;
            matches!(facts.language, L::C | L::Cpp) || methods(facts) * 2 >= facts.functions.len()
        })
        // A hotspot says the same file once.
        .filter(|(f, _)| !hotspots.contains(f.path.as_str()))
        .map(|(f, _)| f)
        .filter(|f| f.functions > 0 && !crate::is_test_path(&f.path) && input.is_source(&f.path))
        .filter(|f| input.history.is_none() || f.recent_work() >= GOD_RECENT_WORK)
        // Size, complexity and fan-in, all three: a declarative file of many small, simple
        // functions (flag definitions, a table of handlers) is no god file.
        .filter(|f| f.complexity as f64 / f64::from(f.functions) >= GOD_MEAN_CYCLOMATIC)
        .filter(|f| {
            if module_imports(f) {
                // An import of a Go package or a Swift target names every file of it: the fan-in
                // is the module's, so size alone must make the case.
                return f.code_lines >= 1500;
            }
            (f.code_lines >= 1500 && f.fan_in >= 5)
                || (f.code_lines >= 500 && f.fan_in >= 20 && f.functions >= 20)
        })
        .collect();
    let score = |f: &FileRow| {
        30.0 + 25.0 * unit(f.code_lines as f64 / 5000.0)
            + 25.0 * unit(f64::from(f.fan_in) / 50.0)
            + 10.0 * unit(f64::from(f.functions) / 150.0)
    };
    candidates.sort_by(|a, b| score(b).total_cmp(&score(a)).then_with(|| a.path.cmp(&b.path)));
    for f in candidates.into_iter().take(MAX_PER_KIND) {
        out.push(Risk::new(
            RiskKind::GodFile,
            &f.path,
            score(f),
            format!(
                "{} is very large ({} lines of code, {} functions){}",
                f.path,
                f.code_lines,
                f.functions,
                match f.fan_in {
                    _ if module_imports(f) => String::new(),
                    0 => String::new(),
                    1 => " and 1 file depends on it".to_owned(),
                    n => format!(" and {n} files depend on it"),
                }
            ),
            vec![Location::file(&f.path)],
            vec![
                ("code_lines", f.code_lines.into()),
                ("functions", f.functions.into()),
                ("fan_in", f.fan_in.into()),
                ("complexity", f.complexity.into()),
            ],
            Audience::Engineering,
            [
                "A file that does many things is hard to understand, to review and to change without \
                 side effects, and it collects merge conflicts."
                    .to_owned(),
                "Split it along its responsibilities: group its functions by what they use, and move \
                 each group to its own module."
                    .to_owned(),
                format!("{} has grown too big to understand or change safely.", f.path),
            ],
        ));
    }
}

fn complex_functions(input: &Input<'_>, files: &[FileRow], out: &mut Vec<Risk>) {
    let mut all: Vec<(&str, &principal_model::Function, &FileRow)> = input
        .scan
        .files
        .iter()
        .zip(files)
        // Complexity matters where it fails: with history, a file that needed no defect fix in the
        // last year keeps its complex functions out of the register (they stay in the code
        // health). A stable protocol validator or a tuned hot path is complex on purpose.
        .filter(|(_, row)| input.history.is_none() || row.recent_fixes >= HOTSPOT_FIXES)
        .flat_map(|(f, row)| f.functions.iter().map(move |x| (f.path.as_str(), x, row)))
        // Cognitive complexity decides a flat dispatch (a long `match` or `switch` is many paths but
        // easy to read): cyclomatic alone needs some cognitive load with it.
        .filter(|(path, x, _)| {
            (x.cognitive >= 40 || (x.cyclomatic >= 25 && x.cognitive >= 20)) && input.is_source(path)
        })
        .collect();
    // Where the X-ray follows the file, the function itself must have needed a fix in the last
    // year: a file's fixes elsewhere (an option switch in a CLI beside a parser that keeps
    // breaking) say nothing about it. Each X-rayed file maps its changed functions to their
    // last year's fixes.
    let own_fixes: HashMap<&str, HashMap<u32, u32>> = input
        .xray
        .iter()
        .map(|x| (x.path.as_str(), x.functions.iter().map(|g| (g.start_line, g.recent_fixes)).collect()))
        .collect();
    let own = |path: &str, x: &principal_model::Function| -> Option<u32> {
        own_fixes.get(path).map(|m| m.get(&x.start_line).copied().unwrap_or(0))
    };
    all.retain(|(path, x, _)| own(path, x).is_none_or(|n| n > 0));
    let score = |path: &str, x: &principal_model::Function, row: &FileRow| {
        let load = f64::from(x.cyclomatic).max(f64::from(x.cognitive) * 0.75);
        let fixes = own(path, x).unwrap_or(row.recent_fixes);
        25.0 + 30.0 * unit((load - 20.0) / 100.0) + 10.0 * unit(f64::from(fixes) / 6.0)
    };
    all.sort_by(|a, b| {
        score(b.0, b.1, b.2)
            .total_cmp(&score(a.0, a.1, a.2))
            .then_with(|| (a.0, a.1.start_line).cmp(&(b.0, b.1.start_line)))
    });
    // A function a hotspot already names as the one to refactor first is said there, once.
    let named: HashSet<(String, u32)> = out
        .iter()
        .filter(|r| r.kind == RiskKind::Hotspot)
        .flat_map(|r| r.locations.iter().filter_map(|l| Some((l.path.clone(), l.line?))))
        .collect();
    all.retain(|(path, x, _)| !named.contains(&((*path).to_owned(), x.start_line)));
    // The other complex functions of a hotspot file are said in the hotspot, once per file.
    let mut folded: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let hot: HashSet<String> = out
        .iter()
        .filter(|r| r.kind == RiskKind::Hotspot)
        .filter_map(|r| r.locations.first().map(|l| l.path.clone()))
        .collect();
    all.retain(|(path, x, _)| {
        if hot.contains(*path) {
            folded.entry((*path).to_owned()).or_default().push(format!(
                "{} (line {}, cyclomatic {}, cognitive {})",
                x.qualified_name, x.start_line, x.cyclomatic, x.cognitive
            ));
            false
        } else {
            true
        }
    });
    for r in out.iter_mut().filter(|r| r.kind == RiskKind::Hotspot) {
        if let Some(list) = r.locations.first().and_then(|l| folded.remove(&l.path)) {
            r.evidence.insert("other_complex_functions", list.into());
        }
    }
    for (path, x, row) in all.into_iter().take(MAX_PER_KIND) {
        let fixes = own(path, x);
        let mut evidence: Vec<(&'static str, Fact)> = vec![
            ("cyclomatic", x.cyclomatic.into()),
            ("cognitive", x.cognitive.into()),
            ("max_nesting", x.max_nesting.into()),
            ("lines", (x.end_line + 1 - x.start_line).into()),
            ("file_revisions", row.revisions.into()),
            ("file_recent_fixes", row.recent_fixes.into()),
        ];
        if let Some(n) = fixes {
            evidence.push(("recent_fixes", n.into()));
        }
        out.push(Risk::new(
            RiskKind::ComplexFunction,
            &format!("{path}:{}", x.qualified_name),
            score(path, x, row),
            format!(
                "{} in {path} has cyclomatic complexity {} and cognitive complexity {}{}",
                x.qualified_name,
                x.cyclomatic,
                x.cognitive,
                match (fixes, input.history.is_some()) {
                    (Some(n), _) => format!(
                        ", and {n} of the last year's {} fixes to its file changed it",
                        row.recent_fixes
                    ),
                    (None, true) =>
                        format!(", in a file that needed {} fixes in the last year", row.recent_fixes),
                    (None, false) => String::new(),
                }
            ),
            vec![Location { path: path.to_owned(), line: Some(x.start_line) }],
            evidence,
            Audience::Engineering,
            [
                format!(
                    "A function with {} independent paths needs at least that many tests to cover, and \
                     few people can hold it in their head.",
                    x.cyclomatic
                ),
                "Extract the branches into named functions, and replace flag arguments and long \
                 if-chains with data or polymorphism."
                    .to_owned(),
                format!("One function in {path} is too intricate to change with confidence."),
            ],
        ));
    }
}

fn hidden_coupling(input: &Input<'_>, files: &[FileRow], out: &mut Vec<Risk>) {
    let Some(h) = input.history else { return };
    // A contract that still binds: both files changed in the last year.
    let recent: HashSet<&str> =
        files.iter().filter(|f| f.recent_work() > 0).map(|f| f.path.as_str()).collect();
    let parsed: HashSet<&str> = input.model.nodes.iter().map(|n| n.path.as_str()).collect();
    let stem = |p: &str| {
        let name = p.rsplit('/').next().unwrap_or(p);
        let base = name.split('.').next().unwrap_or(name);
        base.trim_start_matches("test_").trim_end_matches("_test").trim_end_matches("_spec").to_owned()
    };
    let pairs = h
        .coupling
        .iter()
        .filter(|c| !c.explained_by_import && c.degree >= 0.5)
        .filter(|c| parsed.contains(c.a.as_str()) && parsed.contains(c.b.as_str()))
        // Tests change with the code they test; that is coupling by design.
        .filter(|c| !crate::is_test_path(&c.a) && !crate::is_test_path(&c.b))
        .filter(|c| stem(&c.a) != stem(&c.b))
        // Files of one folder are one unit (a Go package cannot even import itself): siblings that
        // change together, such as implementations of one interface, are expected to.
        .filter(|c| parent_dir(&c.a) != parent_dir(&c.b))
        // The same folder in two source sets of one module (Kotlin Multiplatform's
        // `src/commonMain/kotlin/okio/` and `src/jvmMain/kotlin/okio/`): one declaration's
        // `expect` and its platforms' `actual`s, which change together by design.
        .filter(|c| {
            let a = source_set_dir(&c.a);
            a.is_none() || a != source_set_dir(&c.b)
        })
        .filter(|c| recent.contains(c.a.as_str()) && recent.contains(c.b.as_str()))
        .take(MAX_PER_KIND);
    for c in pairs {
        let score = 30.0
            + 30.0 * c.degree
            + if c.cross_component { 10.0 } else { 0.0 }
            + 10.0 * unit(f64::from(c.shared) / 30.0);
        out.push(Risk::new(
            RiskKind::HiddenCoupling,
            &format!("{}+{}", c.a, c.b),
            score,
            format!(
                "{} and {} change together in {:.0}% of their commits, and neither imports the other",
                c.a,
                c.b,
                c.degree * 100.0
            ),
            vec![Location::file(&c.a), Location::file(&c.b)],
            vec![
                ("shared_commits", c.shared.into()),
                ("degree", c.degree.into()),
                ("cross_component", Fact::Text(c.cross_component.to_string())),
            ],
            Audience::Engineering,
            [
                "Files that always change together without a visible dependency share an implicit \
                 contract (a format, a protocol, duplicated logic); forgetting one side causes bugs."
                    .to_owned(),
                "Find what they share and make it explicit: one module both use, a shared schema, or \
                 a test that pins the contract."
                    .to_owned(),
                format!(
                    "{} and {} are secretly linked: changing one without the other breaks things, \
                     and nothing in the code says so.",
                    short_name(&c.a),
                    short_name(&c.b)
                ),
            ],
        ));
    }
}

/// A component of tests (`tests`, `src/test`), by the same conventions as test files.
fn test_component(id: &str) -> bool {
    crate::is_test_path(&format!("{id}/x")) || named_as(id, &["test", "tests", "testing"])
}

/// A component of the product itself: not examples, benchmarks, docs, generated or vendored
/// code, by the path conventions of a source file inside it, or by its own name's words
/// (picocli's Gradle modules `picocli-tests-java8`, `picocli-examples`).
fn source_component(id: &str) -> bool {
    principal_model::path_context(&format!("{id}/x.c")) == principal_model::PathContext::Source
        && !named_as(
            id,
            &[
                "test",
                "tests",
                "testing",
                "example",
                "examples",
                "sample",
                "samples",
                "demo",
                "demos",
                "bench",
                "benches",
                "benchmark",
                "benchmarks",
                "docs",
            ],
        )
}

/// Whether the last segment of a component's path has one of `words` among its words
/// (split at `-`, `_` and `.`).
fn named_as(id: &str, words: &[&str]) -> bool {
    short_name(id).split(['-', '_', '.']).any(|w| words.contains(&w.to_ascii_lowercase().as_str()))
}

/// A file's folder with its source set left out, when it sits in one: `m/src/jvmMain/kotlin/a/B.kt`
/// is `m/src/*/kotlin/a` (a source set is a `src/` folder named `…Main` or `…Test`).
fn source_set_dir(path: &str) -> Option<String> {
    let parts: Vec<&str> = parent_dir(path).split('/').collect();
    let at = parts.windows(2).position(|w| {
        w[0] == "src" && w[1].len() > 4 && (w[1].ends_with("Main") || w[1].ends_with("Test"))
    })?;
    let mut out: Vec<&str> = parts.clone();
    out[at + 1] = "*";
    Some(out.join("/"))
}

fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// A file's name without its directories, for plain sentences.
fn short_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The least instability gap an unstable-dependency risk needs.
const SDP_MIN_GAP: f64 = 0.3;

fn unstable(input: &Input<'_>, components: &[ComponentRow], out: &mut Vec<Risk>) {
    // A small gap is noise in a metric of fan-in and fan-out counts: only a clear inversion
    // is worth acting on.
    for v in input
        .arch
        .sdp_violations
        .iter()
        .filter(|v| v.to_instability - v.from_instability >= SDP_MIN_GAP)
        .take(10)
    {
        let (a, b) = (&components[v.from as usize].id, &components[v.to as usize].id);
        let gap = v.to_instability - v.from_instability;
        out.push(Risk::new(
            RiskKind::UnstableDependency,
            &format!("{a}->{b}"),
            20.0 + 40.0 * gap,
            format!(
                "{a} (instability {:.2}) depends on the less stable {b} ({:.2})",
                v.from_instability, v.to_instability
            ),
            vec![Location::file(a), Location::file(b)],
            vec![
                ("from_instability", v.from_instability.into()),
                ("to_instability", v.to_instability.into()),
            ],
            Audience::Engineering,
            [
                "A component many others rely on should depend only on components that change less \
                 than it does; otherwise churn in the volatile one spreads to everything above."
                    .to_owned(),
                format!(
                    "Invert the dependency: define the interface {a} needs in {a}, and implement it in {b}."
                ),
                format!(
                    "A foundational part ({a}) leans on a part ({b}) that changes more often than it does."
                ),
            ],
        ));
    }
}

/// True when the source the truck-factor people alone know (or nobody active knows) holds more
/// than half of its lines. The truck factor counts files: four two-line modules one person knows
/// weigh as much as the 2,000-line core another active person knows, and then the loss of the
/// one is no loss of most of the code.
fn most_lines_lost(
    input: &Input<'_>,
    h: &crate::History,
    lines: &HashMap<&str, u64>,
    people: &[String],
) -> bool {
    let (mut total, mut lost) = (0u64, 0u64);
    for f in h
        .files
        .iter()
        .filter(|f| !f.authors.is_empty() && input.is_source(&f.path) && !crate::is_test_path(&f.path))
    {
        let n = lines.get(f.path.as_str()).copied().unwrap_or(0).max(1);
        total += n;
        if f.knowers.iter().all(|k| people.contains(k)) {
            lost += n;
        }
    }
    total == 0 || lost * 2 > total
}

fn people(input: &Input<'_>, components: &[ComponentRow], out: &mut Vec<Risk>) {
    let Some(h) = input.history else { return };
    let humans = h.authors.iter().filter(|a| !a.bot).count() as u32;
    // Who knows the code now (principal_history::knows): active people who are a file's
    // authors, hold a fifth of its current lines or made 2 of its commits of the last year.
    // Authorship over all history (Avelino's truck factor) is kept as evidence: it names who
    // wrote the code, not who can answer for it today.
    let tf = &h.current_truck_factor;
    let historical = &h.truck_factor;
    // Each source file's lines of code, for the truck factor's weight in lines.
    let lines: HashMap<&str, u64> =
        input.scan.files.iter().map(|f| (f.path.as_str(), f.lines.code)).collect();
    // With one active person in the whole repository, every component is an island; the truck
    // factor risk says it once.
    let active_humans = h.authors.iter().filter(|a| a.active && !a.bot).count();
    // Components that are copied libraries or data written as code through and through (black's
    // `profiling`, benchmark inputs): nobody here is their keeper.
    let mut own: HashMap<&str, (bool, u64)> = HashMap::new();
    for n in &input.model.nodes {
        let id = input.model.components[n.component as usize].id.as_str();
        let file = input.scan.files.get(n.file as usize);
        let not_own = file.is_some_and(|f| f.third_party || f.is_data());
        let e = own.entry(id).or_default();
        e.0 |= !not_own;
        if !not_own {
            e.1 += file.map_or(0, |f| f.lines.code);
        }
    }
    let copied = |id: &str| own.get(id).is_some_and(|o| !o.0);
    // The component's own lines of code: its files less copied ones and data.
    let own_lines = |c: &ComponentRow| own.get(c.id.as_str()).map_or(c.code_lines, |o| o.1);
    // One fact once: a person who is the only one who knows several components is one risk that
    // lists them.
    let mut islands: BTreeMap<String, Vec<&ComponentRow>> = BTreeMap::new();
    for c in components
        .iter()
        .filter(|c| active_humans > 1 && c.knowledge_island && own_lines(c) >= 300 && c.files >= 3)
        .filter(|c| !test_component(&c.id))
        .filter(|c| source_component(&c.id) && !copied(&c.id))
    {
        let who = c.knowers.as_ref().and_then(|k| k.first().cloned()).unwrap_or_default();
        islands.entry(who).or_default().push(c);
    }
    // Nobody active knows it, and nobody changed it in the last year.
    let mut abandoned: Vec<&ComponentRow> = components
        .iter()
        .filter(|c| {
            !test_component(&c.id)
                && source_component(&c.id)
                && !copied(&c.id)
                && c.knowers.as_ref().is_some_and(Vec::is_empty)
                && c.revisions.unwrap_or(0) > 0
                && c.recent_work == Some(0)
                && own_lines(c) >= 300
        })
        .collect();
    let date = |a: &principal_history::Author| principal_history::date_of(a.last);
    let author = |n: &str| h.authors.iter().find(|a| a.name == n);
    let recent_commits = |n: &str| author(n).map_or(0, |a| a.recent_commits);
    // Who carries the code now: the active people with the most commits of the last year.
    let mut current: Vec<&principal_history::Author> =
        h.authors.iter().filter(|a| a.active && !a.bot).collect();
    current.sort_by(|a, b| {
        (b.recent_commits, b.commits).cmp(&(a.recent_commits, a.commits)).then_with(|| a.name.cmp(&b.name))
    });
    // The first, and a second who does a fifth of the last year's work (not a newcomer's two
    // pull requests).
    let current: Vec<String> = current
        .iter()
        .enumerate()
        .filter(|(i, a)| *i == 0 || (*i == 1 && a.recent_commits * 5 >= h.recent_commits))
        .map(|(_, a)| a.name.clone())
        .collect();
    // The historical authors who have stopped.
    let gone: Vec<String> = historical
        .authors
        .iter()
        .filter_map(|n| author(n).filter(|a| !a.active))
        .map(|a| format!("{} (last commit {})", a.name, date(a)))
        .collect();
    let mut base_evidence = vec![
        ("truck_factor", tf.value.into()),
        ("authors", tf.authors.clone().into()),
        ("orphaned_files", h.orphaned_files.into()),
        ("counted_files", h.counted_files.into()),
        ("orphaned_lines", h.orphaned_lines.into()),
        ("counted_lines", h.counted_lines.into()),
        ("historical_truck_factor", historical.value.into()),
        ("historical_authors", historical.authors.clone().into()),
        ("people", humans.into()),
    ];
    if !gone.is_empty() {
        base_evidence.push(("inactive_authors", gone.clone().into()));
    }
    if !current.is_empty() {
        base_evidence.push(("most_active", current.clone().into()));
    }
    let history_note = if gone.is_empty() {
        String::new()
    } else {
        format!(
            " By authorship over all history the code is mostly {}'s; {} stopped committing.",
            crate::join_and(&historical.authors),
            crate::join_and(&gone)
        )
    };
    // Nobody active knows two-thirds of the source: a small, settled adapter nobody touches
    // is no loss, a codebase whose people have gone is.
    if h.commits > 0 && h.counted_lines > 0 && h.orphaned_lines * 3 > h.counted_lines * 2 {
        // Most of the code has nobody who knows it now: one fact, with the components that have
        // nobody at all named inside it.
        let mut evidence = base_evidence;
        let named: Vec<String> = abandoned.iter().map(|c| format!("`{}`", c.id)).collect();
        if !abandoned.is_empty() {
            evidence.push((
                "abandoned_components",
                abandoned.iter().map(|c| c.id.clone()).collect::<Vec<_>>().into(),
            ));
        }
        // The few who know the rest are the owners to be: their islands are this fact too.
        if !islands.is_empty() {
            evidence.push((
                "islands",
                islands
                    .iter()
                    .flat_map(|(who, list)| list.iter().map(move |c| format!("{} ({who})", c.id)))
                    .collect::<Vec<_>>()
                    .into(),
            ));
        }
        let start = if named.is_empty() { "its hotspots".to_owned() } else { crate::join_and(&named) };
        out.push(Risk::new(
            RiskKind::LowTruckFactor,
            "repository",
            60.0,
            format!(
                "Nobody active knows {}% of the code: {} of its {} lines are in files with no author or \
                 recent maintainer who still commits",
                h.orphaned_lines * 100 / h.counted_lines,
                h.orphaned_lines,
                h.counted_lines
            ),
            Vec::new(),
            evidence,
            Audience::Leadership,
            [
                format!(
                    "A file is known by an active person who is its author, wrote a fifth of its \
                     current lines or made 2 of its commits of the last year or 5 over its history; for most of the \
                     source nobody is.{history_note}"
                ),
                if current.is_empty() {
                    format!("Name an owner for each core component and budget time to relearn it, starting with {start}.")
                } else if current.len() == 1 {
                    format!(
                        "Make {} (the most active now) the owner of the core components, with time to learn \
                         them before they must change, starting with {start}; nobody else does a fifth of the \
                         last year's work, so find a second maintainer to learn them too.",
                        current[0]
                    )
                } else {
                    format!(
                        "Make {} (the most active now) owners of the core components, with time to learn \
                         them before they must change, starting with {start}.",
                        crate::join_and(&current)
                    )
                },
                "Most of the system is no longer known by anyone who works on it; every change starts by \
                 rediscovering how it works."
                    .to_owned(),
            ],
        ));
        abandoned.clear();
        islands.clear();
    } else if h.commits > 0
        && tf.value <= 2
        && !h.files.is_empty()
        && most_lines_lost(input, h, &lines, &tf.authors)
    {
        let score = match (tf.value, humans) {
            (1, 3..) => 80.0,
            (1, _) => 60.0,
            _ => 55.0,
        };
        // The truck-factor people who are also the only ones who know components: the same
        // fact, said here once with the components named.
        let alone: Vec<String> = tf
            .authors
            .iter()
            .filter_map(|a| islands.remove(a).map(|list| (a, list)))
            .map(|(a, mut list)| {
                // The largest first, and four at most: where pairing starts, not an inventory.
                list.sort_by(|x, y| y.code_lines.cmp(&x.code_lines).then_with(|| x.id.cmp(&y.id)));
                let mut ids: Vec<String> = list.iter().take(4).map(|c| format!("`{}`", c.id)).collect();
                if list.len() > 4 {
                    ids.push(format!("{} more", list.len() - 4));
                }
                format!("{} ({a})", crate::join_and(&ids))
            })
            .collect();
        let them = if tf.authors.len() == 1 { tf.authors[0].as_str() } else { "these people" };
        // How present they are: their share of the last year's commits.
        let year: Vec<u32> = tf.authors.iter().map(|n| recent_commits(n)).collect();
        let recent_share = format!(
            "{} of the last year's {} commits",
            year.iter().map(u32::to_string).collect::<Vec<_>>().join(" and "),
            h.recent_commits
        );
        let mut evidence = base_evidence;
        evidence.push(("recent_commits", year.iter().map(u32::to_string).collect::<Vec<_>>().into()));
        // How much of the source they wrote (line shares, weighted by lines): people who know
        // the code by working on it now may hold little of it.
        let mut held: BTreeMap<&str, f64> = BTreeMap::new();
        let mut total = 0.0;
        for f in h.files.iter().filter(|f| {
            input.is_source(&f.path) && !crate::is_test_path(&f.path) && !f.line_shares.is_empty()
        }) {
            let n = lines.get(f.path.as_str()).copied().unwrap_or(0) as f64;
            total += n;
            for (who, share) in &f.line_shares {
                *held.entry(who.as_str()).or_default() += n * share;
            }
        }
        let theirs = tf.authors.iter().map(|a| held.get(a.as_str()).copied().unwrap_or(0.0)).sum::<f64>();
        let wrote = if total > 0.0 { theirs / total } else { 1.0 };
        evidence.push(("line_share", wrote.into()));
        // The one who holds most of the lines, when that is someone else who has stopped.
        let holder = held
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .filter(|(n, _)| !tf.authors.iter().any(|a| a == *n))
            .and_then(|(n, l)| author(n).filter(|a| !a.active).map(|a| (a, l / total)));
        // Who merges the pull requests: a reviewer of the work the history credits to others, and
        // the first person to pair with them (commander.js's co-maintainer merges half of them).
        let merges: u32 = h.authors.iter().filter(|a| !a.bot).map(|a| a.recent_merges).sum();
        let mut mergers: Vec<&principal_history::Author> = h
            .authors
            .iter()
            .filter(|a| a.active && !a.bot && !tf.authors.contains(&a.name))
            .filter(|a| a.recent_merges >= 5 && a.recent_merges * 4 >= merges)
            .collect();
        mergers.sort_by(|a, b| b.recent_merges.cmp(&a.recent_merges).then_with(|| a.name.cmp(&b.name)));
        // Without merges to go by (squash merges are committed by GitHub): the most active person
        // after them, who can take over reviews and releases. Someone whose work spans at least
        // two months: three weeks of tests from a newcomer (sidekiq) are a visit.
        let second = h
            .authors
            .iter()
            .filter(|a| a.active && !a.bot && !tf.authors.contains(&a.name))
            .filter(|a| a.recent_commits >= 5 && a.recent_commits * 10 >= h.recent_commits)
            .filter(|a| a.last - a.first >= NEXT_ACTIVE_SPAN)
            .max_by(|a, b| a.recent_commits.cmp(&b.recent_commits).then_with(|| b.name.cmp(&a.name)));
        let others = if let Some(a) = second.filter(|_| mergers.is_empty()) {
            evidence.push(("next_most_active", a.name.clone().into()));
            format!(
                "{}, the most active after {them} ({} of the last year's {} commits),",
                a.name, a.recent_commits, h.recent_commits
            )
        } else if mergers.is_empty() {
            "others".to_owned()
        } else {
            let named: Vec<String> = mergers.iter().map(|a| a.name.clone()).collect();
            evidence.push(("merging", named.clone().into()));
            format!(
                "{}, who {} {} of the last year's {merges} pull requests,",
                crate::join_and(&named),
                if named.len() == 1 { "merged" } else { "together merged" },
                mergers.iter().map(|a| a.recent_merges).sum::<u32>()
            )
        };
        let mut action = format!(
            "Pair {others} with {them} on the core components, rotate reviews to them, and write down the \
             decisions only they know."
        );
        // The people who know the code are fading from it: who carries the work now should
        // learn it from them while they are reachable.
        let fading = h.recent_commits > 0 && year.iter().sum::<u32>() * 5 < h.recent_commits;
        // Someone who really carries it: a fifth of the last year's commits, and more than the
        // truck-factor people together (not a tie of one-commit contributors).
        let carriers: Vec<String> = current
            .iter()
            .filter(|n| !tf.authors.contains(n))
            .filter(|n| {
                let c = recent_commits(n);
                c * 5 >= h.recent_commits && c > year.iter().sum::<u32>()
            })
            .cloned()
            .collect();
        if fading && !carriers.is_empty() {
            let who = crate::join_and(&carriers);
            // The figure, not "most": a fifth of the commits is the bar (axum's 66 of 271).
            let made: u32 = carriers.iter().map(|n| recent_commits(n)).sum();
            action = format!(
                "{who} made {made} of the last year's {} commits, more than {them}: have {who} learn the \
                 core components from {them}, starting with the hotspots, and write down the decisions \
                 only {them} {}.",
                h.recent_commits,
                if tf.authors.len() == 1 { "knows" } else { "know" }
            );
            evidence.push(("carrying_the_work", carriers.clone().into()));
        } else if fading {
            action = format!(
                "Nobody else does a fifth of the last year's work either: find a second maintainer, have \
                 them learn the core components from {them}, starting with the hotspots, and write down \
                 the decisions only {them} {}.",
                if tf.authors.len() == 1 { "knows" } else { "know" }
            );
        } else if !alone.is_empty() {
            action = format!(
                "Pair {others} with {them}, starting with the components only they know: {}; rotate \
                 reviews to them, and write down the decisions only they know.",
                crate::join_and(&alone)
            );
            evidence.push(("sole_active_on", alone.into()));
        }
        out.push(Risk::new(
            RiskKind::LowTruckFactor,
            "repository",
            score,
            if h.orphaned_lines * 2 > h.counted_lines {
                // Most of the code nobody active knows: what they know is the rest.
                format!(
                    "Truck factor {}: {} {} the {}% of the code anyone active knows; nobody active knows the \
                     other {} of its {} lines ({})",
                    tf.value,
                    tf.authors.join(" and "),
                    if tf.authors.len() == 1 { "alone knows" } else { "know" },
                    100 - h.orphaned_lines * 100 / h.counted_lines,
                    h.orphaned_lines,
                    h.counted_lines,
                    recent_share
                )
            } else if wrote * 3.0 < 1.0 {
                format!(
                    "Truck factor {}: {} {} most of the code by working on it, though {} {:.0}% of its \
                     lines{} ({})",
                    tf.value,
                    tf.authors.join(" and "),
                    if tf.authors.len() == 1 { "alone knows" } else { "know" },
                    if tf.authors.len() == 1 { "they wrote" } else { "together they wrote" },
                    wrote * 100.0,
                    holder.map_or(String::new(), |(a, share)| format!(
                        "; {} wrote {:.0}% and last committed on {}",
                        a.name,
                        share * 100.0,
                        date(a)
                    )),
                    recent_share
                )
            } else {
                format!(
                    "Truck factor {}: {} {} most of the code ({})",
                    tf.value,
                    tf.authors.join(" and "),
                    if tf.authors.len() == 1 { "alone knows" } else { "know" },
                    recent_share
                )
            },
            Vec::new(),
            evidence,
            Audience::Leadership,
            [
                format!(
                    "The truck factor is the number of people who would have to leave before more than \
                     half of the source files someone knows today have nobody left who knows them: an \
                     active person who is a file's author, wrote a fifth of its current lines or made 2 \
                     of its commits of the last year or 5 over its history.{history_note}"
                ),
                action,
                format!(
                    "If {} left, most of the system would have nobody who knows it well.",
                    if tf.value <= 1 { "one person" } else { "two people" }
                ),
            ],
        ));
    }
    for (who, list) in &islands {
        let lines: u64 = list.iter().map(|c| c.code_lines).sum();
        let files: u32 = list.iter().map(|c| c.files).sum();
        let ids: Vec<String> = list.iter().map(|c| c.id.clone()).collect();
        let named = crate::join_and(&ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>());
        out.push(Risk::new(
            RiskKind::KnowledgeIsland,
            &ids.join("+"),
            40.0 + 30.0 * unit(lines as f64 / 20_000.0),
            if ids.len() == 1 {
                format!("Only {who} knows {} now ({lines} lines of code)", ids[0])
            } else {
                format!("Only {who} knows {} components now ({lines} lines of code)", ids.len())
            },
            list.iter().map(|c| Location::file(&c.id)).collect(),
            vec![
                ("code_lines", lines.into()),
                ("files", files.into()),
                ("components", ids.join(", ").as_str().into()),
                ("active_author", who.as_str().into()),
            ],
            Audience::Leadership,
            [
                "Of the people still committing, only one is an author of these files, wrote a fifth \
                 of their current lines or made 2 of their commits of the last year or 5 over their history. Their absence stops work here, and nobody \
                 reviews their changes with real knowledge."
                    .to_owned(),
                format!("Have a second engineer make the next few changes to {named} with {who} reviewing."),
                format!(
                    "Only one person still knows the {} {} of the system.",
                    crate::join_and(&ids),
                    if ids.len() == 1 { "part" } else { "parts" }
                ),
            ],
        ));
    }
    for c in abandoned {
        let gone: Vec<String> = c
            .experts
            .iter()
            .filter(|e| !e.active)
            .take(2)
            .filter_map(|e| author(&e.name))
            .map(|a| format!("{} (last commit {})", a.name, date(a)))
            .collect();
        let mut evidence = vec![("code_lines", c.code_lines.into()), ("files", c.files.into())];
        if !gone.is_empty() {
            evidence.push(("inactive_authors", gone.into()));
        }
        out.push(Risk::new(
            RiskKind::AbandonedCode,
            &c.id,
            45.0 + 25.0 * unit(c.code_lines as f64 / 20_000.0),
            format!(
                "Nobody has worked on {} in the last year, and its authors have stopped committing",
                c.id
            ),
            vec![Location::file(&c.id)],
            evidence,
            Audience::Leadership,
            [
                "Code whose authors have all gone is expensive to change: every change starts with \
                 rediscovering how it works."
                    .to_owned(),
                format!("Assign an owner for {} and budget time to learn it before it must change.", c.id),
                format!("Nobody currently on the team has worked on the {} part of the system.", c.id),
            ],
        ));
    }
}

/// The latest releases (tagged commits, `principal_history::releases`: up to 10 of the last two
/// years), at least, before one person's share of them is a bottleneck.
const GATE_RELEASES: u32 = 3;
/// The last year's merges by people, at least.
const GATE_MERGES: u32 = 10;
/// The share of those one person made. fd's maintainer made 116 of 129 merges (89.9%): the same
/// gate as 100%.
const GATE_SHARE: f64 = 0.85;

/// One person alone releases (tags 85% of the latest releases, at least 3) or merges (85% of the
/// last year's merges of people's work, at least 10), in a project
/// with more than one active person. Squash merges through GitHub are committed by GitHub and
/// name no merger, so releases are the gate that shows there (gson's maintainer tags every
/// release while a volunteer writes most of the code). Said in the truck-factor risk when the
/// person is its only name (the same single point, once); else its own risk.
fn gatekeepers(input: &Input<'_>, out: &mut Vec<Risk>) {
    let Some(h) = input.history else { return };
    if h.authors.iter().filter(|a| a.active && !a.bot).count() < 2 {
        return;
    }
    let rel = &h.releases;
    // Someone else tagged the newest release: the releases already have a second person.
    let releaser = rel.by.first().filter(|r| {
        !r.bot
            && rel.counted >= GATE_RELEASES
            && f64::from(r.releases) >= GATE_SHARE * f64::from(rel.counted)
            && rel.latest.as_deref().is_none_or(|l| l == r.name)
    });
    let merges: u32 = h.authors.iter().filter(|a| !a.bot).map(|a| a.recent_merges).sum();
    let merger = h
        .authors
        .iter()
        .filter(|a| !a.bot)
        .max_by(|a, b| a.recent_merges.cmp(&b.recent_merges).then_with(|| b.name.cmp(&a.name)))
        .filter(|a| merges >= GATE_MERGES && f64::from(a.recent_merges) >= GATE_SHARE * f64::from(merges));
    let mut people: BTreeMap<&str, (Option<u32>, Option<u32>)> = BTreeMap::new();
    if let Some(r) = releaser {
        people.entry(r.name.as_str()).or_default().0 = Some(r.releases);
    }
    if let Some(m) = merger {
        people.entry(m.name.as_str()).or_default().1 = Some(m.recent_merges);
    }
    for (name, (released, merged)) in people {
        let mut what = Vec::new();
        let mut evidence: Vec<(&'static str, Fact)> = vec![("gatekeeper", name.into())];
        if let Some(n) = merged {
            what.push(format!("merged {n} of the last year's {merges} pull requests"));
            evidence.push(("merges", n.into()));
            evidence.push(("recent_merges", merges.into()));
        }
        if let Some(n) = released {
            what.push(format!(
                "tagged {} releases since {}",
                if n == rel.counted { format!("all {n}") } else { format!("{n} of the {}", rel.counted) },
                principal_history::date_of(rel.since)
            ));
            evidence.push(("releases", n.into()));
            evidence.push(("counted_releases", rel.counted.into()));
        }
        let what = crate::join_and(&what);
        let (rights, does) = match (merged, released) {
            (Some(_), Some(_)) => {
                ("merge pull requests and make releases", "merges pull requests and makes releases")
            }
            (Some(_), None) => ("merge pull requests", "merges pull requests"),
            _ => ("make releases", "makes releases"),
        };
        let action = format!(
            "Give a second maintainer the rights to {rights}, write the release process down, and have \
             them make the next release with {name}."
        );
        // The truck factor names this person alone: one single point of failure, said once.
        if let Some(tf) = out.iter_mut().find(|r| {
            r.kind == RiskKind::LowTruckFactor
                && matches!(r.evidence.get("authors"), Some(Fact::List(a)) if a.len() == 1 && a[0] == name)
        }) {
            tf.title = format!("{}; {name} also {what}", tf.title);
            tf.action = format!("{} {action}", tf.action);
            tf.evidence.extend(evidence);
            continue;
        }
        out.push(Risk::new(
            RiskKind::Gatekeeper,
            name,
            if merged.is_some() && released.is_some() { 60.0 } else { 50.0 },
            // "Only" when nobody else did any of it; 56 of 63 merges is "almost alone".
            if merged.is_none_or(|n| n == merges) && released.is_none_or(|n| n == rel.counted) {
                format!("Only {name} {does}: {name} {what}")
            } else {
                format!("{name} {does} almost alone: {name} {what}")
            },
            Vec::new(),
            evidence,
            Audience::Leadership,
            [
                "Whoever alone merges or releases is a bottleneck for every contribution and a single \
                 point of failure for shipping a fix: work waits while they are away, however many \
                 people know the code."
                    .to_owned(),
                action,
                if released.is_some() {
                    format!(
                        "Only {name} can ship the project; if they are unavailable, fixes cannot reach users."
                    )
                } else {
                    format!(
                        "Only {name} lands contributions; if they are unavailable, everyone's work waits."
                    )
                },
            ],
        ));
    }
}

fn dead_code(input: &Input<'_>, entry_points: &HashSet<&str>, out: &mut Vec<Risk>) {
    let model = input.model;
    let orphans: Vec<String> = input
        .arch
        .orphans
        .iter()
        .map(|&v| model.nodes[v as usize].path.clone())
        // The product's own code: not tests, and not a documentation site's scripts.
        .filter(|p| !entry_points.contains(p.as_str()) && !crate::is_test_path(p))
        .filter(|p| input.is_source(p))
        .filter(|p| !is_alias_module(input, p))
        .collect();
    // A file another file names in a string, or a manifest names (a worker thread started by
    // path, a plugin class loaded by name, a script package.json runs), is an entry point.
    let mut named = loaded_by_name(input, &orphans);
    // A folder whose own code imports by a computed name may load any file in it.
    let loaders: HashSet<&str> =
        input.scan.files.iter().filter(|f| f.dynamic_loads).map(|f| parent_dir(&f.path)).collect();
    named.extend(orphans.iter().filter(|p| loaders.contains(parent_dir(p))).cloned());
    let (loaded, orphans): (Vec<String>, Vec<String>) = orphans.into_iter().partition(|p| named.contains(p));
    if orphans.is_empty() {
        return;
    }
    let n = orphans.len() as u32;
    out.push(Risk::new(
        RiskKind::DeadCode,
        "repository",
        15.0 + 20.0 * unit(f64::from(n) / 50.0),
        format!("{n} source {} nothing imports", if n == 1 { "file" } else { "files" }),
        orphans.iter().take(50).map(|p| Location::file(p)).collect(),
        {
            let mut evidence = vec![("files", n.into())];
            if !loaded.is_empty() {
                evidence.push(("loaded_by_name", loaded.into()));
            }
            evidence
        },
        Audience::Engineering,
        [
            "Files nothing imports are either unused code, which costs reading and maintenance for \
             nothing, or entry points the analysis cannot see, which deserve a name that says so."
                .to_owned(),
            "Check each: delete what is unused, and mark real entry points.".to_owned(),
            "Some code appears to be unused and could be removed.".to_owned(),
        ],
    ));
}

/// A short module that defines nothing and only imports: an old or alternative import path kept
/// for code outside the repository (tqdm's `_tqdm.py`, `from .std import *` and a deprecation
/// warning), not unused code.
fn is_alias_module(input: &Input<'_>, path: &str) -> bool {
    let Ok(i) = input.scan.files.binary_search_by(|f| f.path.as_str().cmp(path)) else { return false };
    let f = &input.scan.files[i];
    f.functions.is_empty() && f.types == 0 && !f.imports.is_empty() && f.lines.code <= 30
}

/// File stems too common to say which file a string means without its folder.
const GENERIC_STEMS: [&str; 14] = [
    "index", "main", "mod", "lib", "__init__", "__main__", "init", "utils", "util", "common", "core", "base",
    "types", "config",
];

/// Of `candidates`, the files another file or a manifest names: a string whose segments (split
/// at `/`, `.` and `:`) hold the file's stem, and for a generic stem (`index`, `main`) its folder's
/// name too. `'worker.js'`, `"pino/file"`, `"uvicorn.workers.UvicornWorker"`, `node build/x.js`.
fn loaded_by_name(input: &Input<'_>, candidates: &[String]) -> HashSet<String> {
    let stem_of = |p: &str| short_name(p).split('.').next().unwrap_or_default().to_owned();
    let stems: HashSet<String> = candidates.iter().map(|p| stem_of(p)).collect();
    // Stem → the (file, mention) pairs that name it.
    let mut by_stem: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    let manifest_words = input.scan.manifests.iter().flat_map(|m| {
        m.text
            .split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '=' | '[' | ']' | '{' | '}'))
            .filter(|w| w.contains(['/', '.']))
            .map(move |w| (m.path.as_str(), w))
    });
    let code_words =
        input.scan.files.iter().flat_map(|f| f.mentions.iter().map(move |m| (f.path.as_str(), m.as_str())));
    for (file, mention) in code_words.chain(manifest_words) {
        for segment in mention.split(['/', '.', ':']) {
            if let Some(stem) = stems.get(segment) {
                by_stem.entry(stem.as_str()).or_default().push((file, mention));
            }
        }
    }
    candidates
        .iter()
        .filter(|p| {
            let stem = stem_of(p);
            let folder = short_name(parent_dir(p));
            by_stem.get(stem.as_str()).is_some_and(|named| {
                named.iter().any(|&(file, mention)| {
                    file != p.as_str()
                        && (!GENERIC_STEMS.contains(&stem.as_str())
                            || (!folder.is_empty() && mention.split(['/', '.', ':']).any(|s| s == folder)))
                })
            })
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_source_sets_of_one_folder_are_one_place() {
        let a = source_set_dir("okio/src/jvmMain/kotlin/okio/Buffer.kt");
        assert_eq!(a.as_deref(), Some("okio/src/*/kotlin/okio"));
        assert_eq!(a, source_set_dir("okio/src/nativeMain/kotlin/okio/Buffer.kt"));
        assert_ne!(a, source_set_dir("okio/src/jvmMain/kotlin/okio/internal/Util.kt"));
        // Not a source set: a `src/main` folder, or no `src/` at all.
        assert_eq!(source_set_dir("app/src/main/java/a/B.java"), None);
        assert_eq!(source_set_dir("lib/shop/cart.rb"), None);
    }

    use super::*;

    /// picocli's Gradle modules say what they are in their names.
    #[test]
    fn components_named_as_tests_or_examples_are_not_the_product() {
        for id in
            ["picocli-tests-java8", "picocli-codegen-tests-java9plus", "picocli-examples", "bench_suite"]
        {
            assert!(!source_component(id), "{id}");
        }
        assert!(test_component("picocli-tests-java567") && test_component("tests"));
        for id in ["picocli-codegen", "picocli-shell-jline3", "src/attestation", "latest"] {
            assert!(source_component(id) && !test_component(id), "{id}");
        }
    }
}
