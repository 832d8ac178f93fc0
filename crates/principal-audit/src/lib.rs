//! The audit: one document that joins the scan, the architecture and the history, ranks the
//! risks they show, rates the system's health, and writes the onboarding guide.
//!
//! [`Audit`] is the report's fact base: `report.json` (schema `principal.report/2`), REPORT.md,
//! index.html and `principal explain` are all renderings of it.
//!
//! **Invariant:** pure functions over finished analyses. No I/O and no clock: the README text and
//! the repository's name come in through [`Input`]; the same input gives the same audit, and
//! every list has a total order (ties break by path or id).

// No I/O here: clippy.toml lists what this bans (std::fs, std::env, std::process, stdout).
#![warn(clippy::disallowed_methods, clippy::disallowed_types)]

pub mod context;
mod health;
mod onboarding;
mod risks;

use std::collections::{BTreeMap, HashMap};

use principal_graph::Architecture;
use principal_history::Report as History;
use principal_model::Model;
use principal_model::ScanResult;
use serde::Serialize;

pub use health::{CloneRow, CloneSide, Distribution, FileHealth, Grade, HealthFactor};
pub use onboarding::{Abstraction, EntryPoint, Onboarding, ReadingItem, reading_order};
pub use principal_model::is_test_path;
pub use risks::{Audience, Fact, Location, Risk, RiskKind, Severity};

/// Everything the audit is derived from.
pub struct Input<'a> {
    /// The repository's name (its directory's name); never an absolute path, so that the report
    /// is the same wherever the repository is checked out.
    pub name: &'a str,
    pub head: Option<&'a str>,
    pub shallow: bool,
    /// Objects of the history that could not be read (the history is partial without them).
    pub unreadable: usize,
    pub scan: &'a ScanResult,
    pub model: &'a Model,
    pub arch: &'a Architecture,
    /// `None` when the directory is not in a git repository.
    pub history: Option<&'a History>,
    /// Function-level hotspots of the top hotspot files.
    pub xray: &'a [principal_history::xray::FileXray],
    /// The README at the root, with its file name.
    pub readme: Option<(&'a str, &'a str)>,
    /// Risks found elsewhere (the security checks) to rank in the same register.
    pub extra_risks: Vec<Risk>,
}

impl Input<'_> {
    /// The product's own source: by its path, not tests, docs, examples, vendored or generated
    /// code (generated files, marked in their first lines, the scan leaves out), nor a copied
    /// library ([`principal_model::FileFacts::third_party`]).
    pub(crate) fn is_source(&self, path: &str) -> bool {
        principal_model::path_context(path) == principal_model::PathContext::Source
            && !self
                .scan
                .files
                .binary_search_by(|f| f.path.as_str().cmp(path))
                .is_ok_and(|i| self.scan.files[i].third_party || self.scan.files[i].is_data())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    pub repository: Repository,
    pub summary: Summary,
    pub health: Health,
    pub languages: Vec<LanguageRow>,
    pub components: Vec<ComponentRow>,
    pub component_edges: Vec<ComponentEdge>,
    pub cycles: Cycles,
    pub files: Vec<FileRow>,
    pub hotspots: Vec<HotspotRow>,
    /// The functions of the top hotspot files, most changed × complex first (the X-ray).
    pub function_hotspots: Vec<FunctionHotspotRow>,
    pub coupling: Vec<CouplingRow>,
    /// Token-for-token copies among the graded files, longest first (at most 200).
    pub clones: Vec<CloneRow>,
    /// `None` without git history.
    pub people: Option<People>,
    pub risks: Vec<Risk>,
    pub onboarding: Onboarding,
    /// Files left out of the analysis, counted by reason.
    pub skipped: BTreeMap<&'static str, u32>,
    /// Files that could not be read or parsed cleanly, and other notes from the analyses.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Repository {
    pub name: String,
    pub head: Option<String>,
    pub shallow: bool,
    /// Absent when the history was read whole.
    #[serde(skip_serializing_if = "is_zero")]
    pub unreadable_objects: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub files: u32,
    /// Files whose syntax is parsed (imports, functions, complexity).
    pub parsed_files: u32,
    pub code_lines: u64,
    pub comment_lines: u64,
    pub functions: u32,
    pub components: u32,
    pub dependencies: u32,
    /// The share of file pairs where one depends on the other, directly or not (MacCormack).
    pub propagation_cost: f64,
    pub file_cycles: u32,
    pub component_cycles: u32,
    /// Functions with cyclomatic complexity above 15.
    pub complex_functions: u32,
    /// Clone pairs among the graded files, and the lines of those files inside a clone.
    pub clone_pairs: u32,
    pub duplicated_lines: u64,
    pub commits: Option<u32>,
    pub authors: Option<u32>,
    pub active_authors: Option<u32>,
    /// By authorship over all history (Avelino et al.).
    pub truck_factor: Option<u32>,
    /// Over who knows each source file now (`people.current_truck_factor`).
    pub current_truck_factor: Option<u32>,
    pub first_commit: Option<String>,
    pub last_commit: Option<String>,
    pub risks: BTreeMap<&'static str, u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Health {
    /// `good` (grade A or B), `fair` (C) or `poor` (D or E).
    pub rating: &'static str,
    /// One plain sentence that says why.
    pub explanation: String,
    /// The grade from the code health of the files; absent when no file could be graded.
    #[serde(flatten)]
    pub grade: Option<Grade>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageRow {
    pub language: String,
    pub files: u32,
    pub code_lines: u64,
    /// Share of all code lines.
    pub share: f64,
    /// Code lines in the project's own files: source, tests and test data, not documentation,
    /// examples, generated, vendored or copied third-party files (a committed HTML API site is
    /// not what a Swift library is written in).
    pub own_code_lines: u64,
    /// Share of all own code lines.
    pub own_share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComponentRow {
    pub id: String,
    /// The package name from the manifest, when the component is a package.
    pub name: Option<String>,
    pub files: u32,
    pub code_lines: u64,
    pub language: String,
    pub afferent: u32,
    pub efferent: u32,
    pub instability: f64,
    pub abstractness: f64,
    pub distance: f64,
    pub level: u32,
    pub depends_on: Vec<String>,
    pub used_by: Vec<String>,
    pub revisions: Option<u32>,
    /// Commits of the last year to its files, mechanical ones left out.
    pub recent_work: Option<u32>,
    pub hotspot_score: Option<f64>,
    pub truck_factor: Option<u32>,
    pub active_authors: Option<Vec<String>>,
    /// The active people who know some of its files now (`principal_history::knows`).
    pub knowers: Option<Vec<String>>,
    /// The people who know the component best: authors of the most files (degree of
    /// authorship), active ones first.
    pub experts: Vec<Expert>,
    pub knowledge_island: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Expert {
    pub name: String,
    /// Files of the component this person is an author of.
    pub files: u32,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComponentEdge {
    pub from: String,
    pub to: String,
    /// Import statements behind the dependency (0 for a dependency only a manifest declares).
    pub imports: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cycles {
    pub components: Vec<CycleRow>,
    pub files: Vec<CycleRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CycleRow {
    pub size: u32,
    /// The shortest cycle through the group, as a path that returns to its start.
    pub path: Vec<String>,
    /// Removing these dependencies breaks every cycle in the group.
    pub break_edges: Vec<(String, String)>,
    /// All members, when the group is small (at most 50).
    pub members: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileRow {
    pub path: String,
    pub language: String,
    pub component: Option<String>,
    pub code_lines: u64,
    pub functions: u32,
    /// Sum of the functions' cyclomatic complexity.
    pub complexity: u64,
    pub max_cyclomatic: u32,
    pub fan_in: u32,
    pub fan_out: u32,
    pub pagerank: f64,
    pub revisions: u32,
    /// Commits in the year before the newest commit.
    pub recent_revisions: u32,
    /// How many of those are mechanical (releases, formatting and lint sweeps, changesets of
    /// more than 30 files): `principal_history::mechanical`.
    pub recent_mechanical: u32,
    /// How many of the others fix a defect: `principal_history::defect_fix`.
    pub recent_fixes: u32,
    /// Change frequency (weighted by age) times complexity, relative to the top file (0 to 1).
    pub hotspot: f64,
    pub main_author: Option<String>,
    pub ownership: Option<f64>,
    /// Code health, for the project's own parsed source files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health: Option<FileHealth>,
}

impl FileRow {
    /// The last year's commits that are work on the file: not mechanical.
    pub fn recent_work(&self) -> u32 {
        self.recent_revisions - self.recent_mechanical
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct HotspotRow {
    pub path: String,
    pub revisions: u32,
    pub recent_revisions: u32,
    pub recent_mechanical: u32,
    pub recent_fixes: u32,
    pub complexity: u64,
    pub score: f64,
}

/// A function of a hotspot file: changes (commits that touched its lines) × cyclomatic.
#[derive(Debug, Clone, Serialize)]
pub struct FunctionHotspotRow {
    pub path: String,
    /// Its qualified name.
    pub name: String,
    pub start_line: u32,
    pub end_line: u32,
    pub cyclomatic: u32,
    pub changes: u32,
    /// Of them, in the year before the newest commit.
    pub recent_changes: u32,
    /// Of the changes, those that fix a defect, and those of them in the last year.
    pub fixes: u32,
    pub recent_fixes: u32,
    pub score: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct CouplingRow {
    pub a: String,
    pub b: String,
    pub shared: u32,
    pub degree: f64,
    pub explained_by_import: bool,
    pub cross_component: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct People {
    pub authors: Vec<AuthorRow>,
    pub truck_factor: u32,
    /// The people the truck factor counts: if they all left, more than half the files would
    /// have no author left.
    pub truck_factor_authors: Vec<String>,
    /// The truck factor over who knows each file now (`principal_history::knows`), and its
    /// people.
    pub current_truck_factor: u32,
    pub current_truck_factor_authors: Vec<String>,
    /// Counted files that nobody active knows, of `counted_files`.
    pub orphaned_files: u32,
    pub counted_files: u32,
    /// The same in lines of code.
    pub orphaned_lines: u64,
    pub counted_lines: u64,
    /// Files only one active person knows.
    pub knowledge_islands: Vec<String>,
    pub activity: Vec<(String, u32, u32)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuthorRow {
    pub name: String,
    pub commits: u32,
    pub first: String,
    pub last: String,
    pub active: bool,
    pub bot: bool,
    /// Files this person is an author of (degree of authorship).
    pub files: u32,
}

/// Rounds to 4 decimals, so that float noise never changes the output.
pub(crate) fn r4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0 + 0.0
}

/// Rounds to 6 decimals (PageRank values are small).
fn r6(x: f64) -> f64 {
    (x * 1_000_000.0).round() / 1_000_000.0 + 0.0
}

/// Builds the audit.
pub fn audit(input: Input<'_>) -> Audit {
    let Input { scan, model, arch, history, .. } = input;
    let node_of: HashMap<u32, usize> = model.nodes.iter().enumerate().map(|(i, n)| (n.file, i)).collect();
    let hist_of: HashMap<&str, &principal_history::FileHistory> =
        history.map(|h| h.files.iter().map(|f| (f.path.as_str(), f)).collect()).unwrap_or_default();
    let hot_of: HashMap<&str, f64> =
        history.map(|h| h.hotspots.iter().map(|x| (x.path.as_str(), x.score)).collect()).unwrap_or_default();

    let graded: Vec<bool> = scan.files.iter().map(health::graded).collect();
    let pairs = principal_lang::clones::find(&scan.files, |i| graded[i]);
    let duplicated = principal_lang::clones::duplicated_lines(&pairs, scan.files.len());
    let p90 = health::p90(history.into_iter().flat_map(|h| h.files.iter().map(|f| f.recent_work())));

    let files: Vec<FileRow> = scan
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let node = node_of.get(&(i as u32)).copied();
            let h = hist_of.get(f.path.as_str());
            let change = history.map(|_| health::Change {
                revisions: h.map_or(0, |h| h.recent_work()),
                authors: h.map_or(0, |h| h.authors.len() as u32),
                p90,
            });
            FileRow {
                health: graded[i].then(|| health::file(f, duplicated[i], change.as_ref())),
                path: f.path.clone(),
                language: f.language.id().to_owned(),
                component: node.map(|v| model.components[model.nodes[v].component as usize].id.clone()),
                code_lines: f.lines.code,
                functions: f.functions.len() as u32,
                complexity: f.functions.iter().map(|x| u64::from(x.cyclomatic)).sum(),
                max_cyclomatic: f.functions.iter().map(|x| x.cyclomatic).max().unwrap_or(0),
                fan_in: node.map_or(0, |v| arch.fan_in[v]),
                fan_out: node.map_or(0, |v| arch.fan_out[v]),
                pagerank: node.map_or(0.0, |v| r6(arch.pagerank[v])),
                revisions: h.map_or(0, |h| h.revisions),
                recent_revisions: h.map_or(0, |h| h.recent_revisions),
                recent_mechanical: h.map_or(0, |h| h.recent_mechanical),
                recent_fixes: h.map_or(0, |h| h.recent_fixes),
                hotspot: r4(hot_of.get(f.path.as_str()).copied().unwrap_or(0.0)),
                main_author: h.and_then(|h| h.main_author.clone()),
                ownership: h.filter(|h| h.revisions > 0).map(|h| r4(h.ownership)),
            }
        })
        .collect();

    let languages = languages(scan);
    let components = components(model, arch, &files, history);
    let component_edges = arch
        .component_edges
        .iter()
        .map(|(&(a, b), &n)| ComponentEdge {
            from: model.components[a as usize].id.clone(),
            to: model.components[b as usize].id.clone(),
            imports: n,
        })
        .collect();
    let cycles = cycles(model, arch);
    let hotspots = history
        .map(|h| {
            h.hotspots
                .iter()
                .filter(|x| x.score > 0.0)
                .take(100)
                .map(|x| HotspotRow {
                    path: x.path.clone(),
                    revisions: x.revisions,
                    recent_revisions: x.recent_revisions,
                    recent_mechanical: x.recent_mechanical,
                    recent_fixes: x.recent_fixes,
                    complexity: x.complexity,
                    score: r4(x.score),
                })
                .collect()
        })
        .unwrap_or_default();
    let coupling = history
        .map(|h| {
            h.coupling
                .iter()
                .take(500)
                .map(|c| CouplingRow {
                    a: c.a.clone(),
                    b: c.b.clone(),
                    shared: c.shared,
                    degree: r4(c.degree),
                    explained_by_import: c.explained_by_import,
                    cross_component: c.cross_component,
                })
                .collect()
        })
        .unwrap_or_default();
    let people = history.map(people);

    let onboarding = onboarding::build(&input, &files, &components);
    let entry_paths: std::collections::HashSet<&str> =
        onboarding.entry_points.iter().map(|e| e.path.as_str()).collect();
    let mut risks = risks::find(&input, &files, &components, &entry_paths);
    risks.extend(input.extra_risks.iter().cloned());
    risks::rank(&mut risks);

    let mut skipped: BTreeMap<&'static str, u32> = BTreeMap::new();
    for s in &scan.skipped {
        *skipped.entry(s.reason.as_str()).or_default() += 1;
    }
    let mut warnings: Vec<String> =
        scan.warnings.iter().chain(&model.warnings).map(|w| format!("{}: {}", w.path, w.message)).collect();
    // Syntax the parser could not read is a limit of the analysis, not a risk of the project:
    // it is said here, with what it costs.
    for f in scan.files.iter().filter(|f| f.parse_errors > 0) {
        warnings.push(format!(
            "{}: {} syntax {} the parser could not read; its functions, imports and complexity may be incomplete",
            f.path,
            f.parse_errors,
            if f.parse_errors == 1 { "error" } else { "errors" }
        ));
    }
    warnings.sort();
    warnings.dedup();

    let mut summary = summary(&input, &files, &risks);
    summary.clone_pairs = pairs.len() as u32;
    summary.duplicated_lines = duplicated.iter().map(|&n| u64::from(n)).sum();
    let scored: Vec<(f64, f64, u64)> = files
        .iter()
        .filter_map(|f| {
            let h = f.health.as_ref()?;
            Some((h.score, health::weight(f.code_lines, history.map(|_| f.recent_work())), f.code_lines))
        })
        .collect();
    let grade = health::grade(&scored, history.is_some());
    let health = health(&risks, grade, &files);
    let clones = health::clone_rows(&pairs[..pairs.len().min(200)], &scan.files);
    Audit {
        repository: Repository {
            name: input.name.to_owned(),
            head: input.head.map(str::to_owned),
            shallow: input.shallow,
            unreadable_objects: input.unreadable,
        },
        summary,
        health,
        languages,
        components,
        component_edges,
        cycles,
        files,
        hotspots,
        function_hotspots: input
            .xray
            .iter()
            .flat_map(|x| {
                x.functions.iter().take(10).map(|f| FunctionHotspotRow {
                    path: x.path.clone(),
                    name: f.qualified_name.clone(),
                    start_line: f.start_line,
                    end_line: f.end_line,
                    cyclomatic: f.cyclomatic,
                    changes: f.changes,
                    recent_changes: f.recent_changes,
                    fixes: f.fixes,
                    recent_fixes: f.recent_fixes,
                    score: f.score,
                })
            })
            .collect(),
        coupling,
        clones,
        people,
        risks,
        onboarding,
        skipped,
        warnings,
    }
}

fn languages(scan: &ScanResult) -> Vec<LanguageRow> {
    use principal_model::PathContext as P;
    let mut by: BTreeMap<&str, (u32, u64, u64)> = BTreeMap::new();
    for f in &scan.files {
        let e = by.entry(f.language.id()).or_default();
        e.0 += 1;
        e.1 += f.lines.code;
        let own = matches!(principal_model::path_context(&f.path), P::Source | P::Test | P::Fixture);
        if own && !f.third_party {
            e.2 += f.lines.code;
        }
    }
    let total: u64 = by.values().map(|v| v.1).sum();
    let own_total: u64 = by.values().map(|v| v.2).sum();
    let share = |n: u64, of: u64| if of == 0 { 0.0 } else { r4(n as f64 / of as f64) };
    let mut rows: Vec<LanguageRow> = by
        .into_iter()
        .map(|(l, (files, code, own))| LanguageRow {
            language: l.to_owned(),
            files,
            code_lines: code,
            share: share(code, total),
            own_code_lines: own,
            own_share: share(own, own_total),
        })
        .collect();
    rows.sort_by(|a, b| b.code_lines.cmp(&a.code_lines).then_with(|| a.language.cmp(&b.language)));
    rows
}

fn components(
    model: &Model,
    arch: &Architecture,
    files: &[FileRow],
    history: Option<&History>,
) -> Vec<ComponentRow> {
    let nc = model.components.len();
    let mut code = vec![0u64; nc];
    let mut langs: Vec<BTreeMap<&str, u64>> = vec![BTreeMap::new(); nc];
    for n in &model.nodes {
        let f = &files[n.file as usize];
        code[n.component as usize] += f.code_lines;
        *langs[n.component as usize].entry(f.language.as_str()).or_default() += f.code_lines.max(1);
    }
    let id = |c: u32| model.components[c as usize].id.clone();
    let hist: HashMap<&str, &principal_history::ComponentHistory> =
        history.map(|h| h.components.iter().map(|c| (c.id.as_str(), c)).collect()).unwrap_or_default();
    let experts = experts(model, history);
    let used_by = arch.component_graph.reversed();
    (0..nc)
        .map(|c| {
            let m = &arch.components[c];
            let comp = &model.components[c];
            let h = hist.get(comp.id.as_str());
            let language = langs[c]
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(l, _)| (*l).to_owned())
                .unwrap_or_default();
            ComponentRow {
                id: comp.id.clone(),
                name: comp.name.clone(),
                files: m.files,
                code_lines: code[c],
                language,
                afferent: m.ca,
                efferent: m.ce,
                instability: r4(m.instability),
                abstractness: r4(m.abstractness),
                distance: r4(m.distance),
                level: m.level,
                depends_on: arch.component_graph.succ[c].iter().map(|&d| id(d)).collect(),
                used_by: used_by.succ[c].iter().map(|&d| id(d)).collect(),
                revisions: h.map(|h| h.revisions),
                recent_work: h.map(|h| h.recent_work),
                hotspot_score: h.map(|h| r4(h.hotspot_score)),
                truck_factor: h.map(|h| h.truck_factor.value),
                active_authors: h.map(|h| h.active_authors.clone()),
                knowers: h.map(|h| h.knowers.clone()),
                experts: experts.get(comp.id.as_str()).cloned().unwrap_or_default(),
                knowledge_island: h.is_some_and(|h| h.knowledge_island),
            }
        })
        .collect()
}

/// Per component, up to three people who author the most of its files, active people first.
fn experts<'a>(model: &'a Model, history: Option<&History>) -> HashMap<&'a str, Vec<Expert>> {
    let Some(h) = history else { return HashMap::new() };
    let active: HashMap<&str, bool> =
        h.authors.iter().filter(|a| !a.bot).map(|a| (a.name.as_str(), a.active)).collect();
    let component_of: HashMap<&str, &str> = model
        .nodes
        .iter()
        .map(|n| (n.path.as_str(), model.components[n.component as usize].id.as_str()))
        .collect();
    let mut counts: BTreeMap<&str, BTreeMap<&str, u32>> = BTreeMap::new();
    for f in &h.files {
        let Some(c) = component_of.get(f.path.as_str()) else { continue };
        for a in &f.doa_authors {
            *counts.entry(c).or_default().entry(a.as_str()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(c, by)| {
            let mut list: Vec<Expert> = by
                .into_iter()
                .filter(|(name, _)| active.contains_key(name))
                .map(|(name, files)| Expert {
                    name: name.to_owned(),
                    files,
                    active: active.get(name).copied().unwrap_or(false),
                })
                .collect();
            list.sort_by(|a, b| {
                b.active.cmp(&a.active).then_with(|| b.files.cmp(&a.files)).then_with(|| a.name.cmp(&b.name))
            });
            list.truncate(3);
            (c, list)
        })
        .collect()
}

fn cycles(model: &Model, arch: &Architecture) -> Cycles {
    let comp = |i: u32| model.components[i as usize].id.clone();
    let file = |i: u32| model.nodes[i as usize].path.clone();
    let row = |c: &principal_graph::Cycle, name: &dyn Fn(u32) -> String| {
        let mut path: Vec<String> = c.representative.iter().map(|&v| name(v)).collect();
        if let Some(first) = path.first().cloned() {
            path.push(first);
        }
        CycleRow {
            size: c.members.len() as u32,
            path,
            break_edges: c.break_edges.iter().take(20).map(|&(a, b)| (name(a), name(b))).collect(),
            members: if c.members.len() <= 50 {
                c.members.iter().map(|&v| name(v)).collect()
            } else {
                Vec::new()
            },
        }
    };
    Cycles {
        components: arch.component_cycles.iter().map(|c| row(c, &comp)).collect(),
        files: arch.file_cycles.iter().take(100).map(|c| row(c, &file)).collect(),
    }
}

fn people(h: &History) -> People {
    let mut files_of: HashMap<&str, u32> = HashMap::new();
    for f in &h.files {
        for a in &f.doa_authors {
            *files_of.entry(a.as_str()).or_default() += 1;
        }
    }
    let mut authors: Vec<AuthorRow> = h
        .authors
        .iter()
        .map(|a| AuthorRow {
            name: a.name.clone(),
            commits: a.commits,
            first: principal_history::date_of(a.first),
            last: principal_history::date_of(a.last),
            active: a.active,
            bot: a.bot,
            files: files_of.get(a.name.as_str()).copied().unwrap_or(0),
        })
        .collect();
    authors.sort_by(|a, b| b.commits.cmp(&a.commits).then_with(|| a.name.cmp(&b.name)));
    People {
        authors,
        truck_factor: h.truck_factor.value,
        truck_factor_authors: h.truck_factor.authors.clone(),
        current_truck_factor: h.current_truck_factor.value,
        current_truck_factor_authors: h.current_truck_factor.authors.clone(),
        orphaned_files: h.orphaned_files,
        counted_files: h.counted_files,
        orphaned_lines: h.orphaned_lines,
        counted_lines: h.counted_lines,
        knowledge_islands: h.knowledge_islands.clone(),
        activity: h.activity.iter().map(|m| (m.month.clone(), m.commits, m.authors)).collect(),
    }
}

fn summary(input: &Input<'_>, files: &[FileRow], risks: &[Risk]) -> Summary {
    let scan = input.scan;
    let h = input.history;
    let mut by_severity: BTreeMap<&'static str, u32> =
        [Severity::Critical, Severity::High, Severity::Medium, Severity::Low]
            .into_iter()
            .map(|s| (s.as_str(), 0))
            .collect();
    for r in risks {
        *by_severity.entry(r.severity.as_str()).or_default() += 1;
    }
    let non_bot = |a: &&principal_history::Author| !a.bot;
    Summary {
        files: scan.files.len() as u32,
        parsed_files: input.model.nodes.len() as u32,
        code_lines: files.iter().map(|f| f.code_lines).sum(),
        comment_lines: scan.files.iter().map(|f| f.lines.comment).sum(),
        functions: files.iter().map(|f| f.functions).sum(),
        components: input.model.components.len() as u32,
        dependencies: input.arch.metrics.edges,
        propagation_cost: r4(input.arch.metrics.propagation_cost),
        file_cycles: input.arch.file_cycles.len() as u32,
        component_cycles: input.arch.component_cycles.len() as u32,
        complex_functions: scan.files.iter().flat_map(|f| &f.functions).filter(|f| f.cyclomatic > 15).count()
            as u32,
        clone_pairs: 0,
        duplicated_lines: 0,
        commits: h.map(|h| h.commits),
        authors: h.map(|h| h.authors.iter().filter(non_bot).count() as u32),
        active_authors: h.map(|h| h.authors.iter().filter(non_bot).filter(|a| a.active).count() as u32),
        truck_factor: h.map(|h| h.truck_factor.value),
        current_truck_factor: h.map(|h| h.current_truck_factor.value),
        first_commit: h.and_then(|h| h.authors.iter().map(|a| a.first).min()).map(principal_history::date_of),
        last_commit: h.filter(|h| h.commits > 0).map(|h| principal_history::date_of(h.head_time)),
        risks: by_severity,
    }
}

/// The code's health. With graded files, the rating follows the grade (A–E from the code
/// health of the files, weighted by lines and change: docs/health.md): `good` for A and B,
/// `fair` for C, `poor` for D and E. Without any, it falls back on the risks of the code: `poor`
/// with any critical one or more than five high ones, `fair` with any high one. Knowledge risks
/// (truck factor, knowledge islands, abandoned code) and security risks (secrets, vulnerable
/// dependencies) are ranked in the register on their own and never grade the code: a well-kept
/// project with one maintainer is not "poor" code.
fn health(risks: &[Risk], grade: Option<Grade>, files: &[FileRow]) -> Health {
    let apart = |k: RiskKind| {
        matches!(
            k,
            RiskKind::LowTruckFactor
                | RiskKind::KnowledgeIsland
                | RiskKind::Gatekeeper
                | RiskKind::AbandonedCode
                | RiskKind::Secret
                | RiskKind::VulnerableDependency
        )
    };
    let (rating, mut explanation) = if let Some(g) = &grade {
        let rating = match g.grade {
            "A" | "B" => "good",
            "C" => "fair",
            _ => "poor",
        };
        let weighting = if g.change_weighted { "by lines and by how often it changes" } else { "by lines" };
        let pct = |x: f64| format!("{:.0}%", x * 100.0);
        let mut text = format!(
            "Grade {} (code health {:.1} of 10): {} of the code, weighted {weighting}, is in healthy files and {} in unhealthy ones.",
            g.grade,
            g.score,
            pct(g.distribution.healthy),
            pct(g.distribution.unhealthy),
        );
        // The files that pull the grade down most: weight × (10 − score).
        let mut worst: Vec<(&FileRow, f64)> = files
            .iter()
            .filter_map(|f| {
                let h = f.health.as_ref()?;
                (h.score < 9.0)
                    .then(|| (f, health::weight(f.code_lines, Some(f.recent_work())) * (10.0 - h.score)))
            })
            .collect();
        worst.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.path.cmp(&b.0.path)));
        let named: Vec<String> = worst
            .iter()
            .take(3)
            .map(|(f, _)| {
                let h = f.health.as_ref().expect("filtered on health");
                format!("{} ({:.1})", f.path, h.score)
            })
            .collect();
        if !named.is_empty() {
            text.push_str(&format!(" It is pulled down most by {}.", join_and(&named)));
        }
        (rating, text)
    } else {
        let code: Vec<&Risk> = risks.iter().filter(|r| !apart(r.kind)).collect();
        let critical = code.iter().filter(|r| r.severity == Severity::Critical).count();
        let high = code.iter().filter(|r| r.severity == Severity::High).count();
        if critical > 0 || high > 5 {
            (
                "poor",
                format!(
                    "{} critical and {} high risks in the code: some parts of the system are costly or risky to change today.",
                    critical, high
                ),
            )
        } else if high > 0 {
            (
                "fair",
                format!(
                    "No critical risks in the code, {high} high {}: the system is workable, with a few places that need attention.",
                    if high == 1 { "risk" } else { "risks" }
                ),
            )
        } else {
            (
                "good",
                "No critical or high risks in the code: nothing stands out as costly or risky to change."
                    .to_owned(),
            )
        }
    };
    let serious = |r: &&Risk| apart(r.kind) && matches!(r.severity, Severity::Critical | Severity::High);
    let knowledge = risks
        .iter()
        .filter(serious)
        .filter(|r| !matches!(r.kind, RiskKind::Secret | RiskKind::VulnerableDependency))
        .count();
    let security = risks
        .iter()
        .filter(serious)
        .filter(|r| matches!(r.kind, RiskKind::Secret | RiskKind::VulnerableDependency))
        .count();
    if knowledge + security > 0 {
        let mut parts = Vec::new();
        if security > 0 {
            parts.push(format!(
                "{security} critical or high security {}",
                if security == 1 { "risk" } else { "risks" }
            ));
        }
        if knowledge > 0 {
            parts.push(format!(
                "{knowledge} critical or high knowledge {}",
                if knowledge == 1 { "risk" } else { "risks" }
            ));
        }
        explanation.push_str(&format!(" Apart from the code: {}, in the register.", join_and(&parts)));
    }
    Health { rating, explanation, grade }
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests;
