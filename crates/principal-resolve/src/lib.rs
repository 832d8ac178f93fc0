//! Import resolution: from the imports a scan found to a file-level dependency graph, with each
//! file placed in a component.
//!
//! **Invariant:** no I/O. The scan's file list and the manifests it kept are the whole world:
//! resolving an import is an index lookup, never a scan of the tree. An import that cannot be
//! resolved is recorded with its specifier, never dropped; a malformed manifest is a warning.

mod components;
mod go;
mod index;
mod js;
mod misc;
mod python;
mod rust;

use std::collections::BTreeMap;

use principal_model::{ImportKind, Language, ScanResult, Warning};

pub use components::ComponentSource;
use index::Index;

/// The architecture model at file level.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// One node per scanned file of a parsed language, in the scan's order (sorted by path).
    pub nodes: Vec<Node>,
    /// Internal edges, merged per (from, to, kind), sorted.
    pub edges: Vec<Edge>,
    /// Imports of code outside the repository, by package name, sorted and deduplicated.
    pub external: Vec<External>,
    /// Imports that name nothing Principal could find, sorted.
    pub unresolved: Vec<Unresolved>,
    /// The components, sorted by id; `Node::component` indexes this.
    pub components: Vec<Component>,
    /// Component dependencies declared in manifests (Cargo path and workspace dependencies),
    /// whether or not an import shows them: (from, to), sorted.
    pub declared_dependencies: Vec<(u32, u32)>,
    /// Malformed manifests and similar; the model is built from what could be read.
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub path: String,
    pub language: Language,
    pub component: u32,
    /// The file's index in the scan's file list.
    pub file: u32,
    /// A Go file that is not part of its directory's package: a `_test.go` file (it may be an
    /// external test package, `x_test`) or a file of another package name (a `//go:build
    /// ignore` generator in `package main`). Its imports are not the package's dependencies.
    pub go_outside_package: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub from: u32,
    pub to: u32,
    pub kind: ImportKind,
    /// How many import statements make this edge.
    pub count: u32,
    /// The first line of the importing file that makes it.
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct External {
    pub from: u32,
    pub package: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unresolved {
    pub from: u32,
    pub specifier: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// A directory path (`py/app`, `crates/core`), or `.` for the root.
    pub id: String,
    /// What makes it a component.
    pub source: ComponentSource,
    /// The package or crate name where the manifest gives one.
    pub name: Option<String>,
}

/// Where one import leads.
pub(crate) enum Target {
    Files(Vec<u32>),
    External(String),
    Unresolved,
    /// Not worth recording: `import("./" + x)`, Rust's `self`.
    Ignore,
}

impl Model {
    /// Replaces the detected components with named groups: `assign` gives a file's group (an
    /// index into `names`), or `None` to keep its detected component. Components left without
    /// files disappear; the list stays sorted by id, and declared dependencies follow.
    pub fn regroup(&mut self, names: &[String], assign: impl Fn(&str) -> Option<usize>) {
        let old = std::mem::take(&mut self.components);
        let mut list: Vec<Component> = names
            .iter()
            .map(|n| Component { id: n.clone(), source: ComponentSource::Config, name: None })
            .collect();
        let mut old_to_new: Vec<Option<u32>> = vec![None; old.len()];
        for node in &mut self.nodes {
            node.component = match assign(&node.path) {
                Some(i) => i as u32,
                None => *old_to_new[node.component as usize].get_or_insert_with(|| {
                    list.push(old[node.component as usize].clone());
                    (list.len() - 1) as u32
                }),
            };
        }
        // Sort by id (config names first on ties), and renumber.
        let mut order: Vec<usize> = (0..list.len()).collect();
        order.sort_by(|&a, &b| list[a].id.cmp(&list[b].id).then(a.cmp(&b)));
        let mut rank = vec![0u32; list.len()];
        for (new, &i) in order.iter().enumerate() {
            rank[i] = new as u32;
        }
        for node in &mut self.nodes {
            node.component = rank[node.component as usize];
        }
        let mut declared: Vec<(u32, u32)> = self
            .declared_dependencies
            .iter()
            .filter_map(|&(a, b)| {
                let (a, b) = (old_to_new[a as usize]?, old_to_new[b as usize]?);
                (a != b).then(|| (rank[a as usize], rank[b as usize]))
            })
            .collect();
        declared.sort_unstable();
        declared.dedup();
        self.declared_dependencies = declared;
        let mut sorted: Vec<Option<Component>> = list.into_iter().map(Some).collect();
        self.components = order.iter().filter_map(|&i| sorted[i].take()).collect();
    }
}

/// Builds the file-level model of a scanned tree. `root` is the scanned directory, absolute,
/// with forward slashes: absolute include paths in compile_commands.json are read against it.
pub fn resolve(scan: &ScanResult, root: &str) -> Model {
    let mut warnings = Vec::new();
    let index = Index::new(scan, &mut warnings);
    let langs = LangIndexes::new(&index, root, &mut warnings);
    let (components, file_component) = components::derive(&index, &langs.rust, &mut warnings);

    let mut edges: BTreeMap<(u32, u32, ImportKind), (u32, u32)> = BTreeMap::new();
    let mut external = Vec::new();
    let mut unresolved = Vec::new();
    for (i, file) in index.files.iter().enumerate() {
        let from = i as u32;
        for imp in &file.imports {
            let target = match file.language {
                Language::Python => langs.python.resolve(&index, from, imp),
                Language::JavaScript | Language::TypeScript | Language::Tsx => {
                    langs.js.resolve(&index, from, imp)
                }
                Language::Go => langs.go.resolve(&index, from, imp),
                Language::Rust => langs.rust.resolve(&index, from, imp),
                Language::Java => langs.java.resolve(&index, imp),
                Language::C | Language::Cpp => langs.c.resolve(&index, from, imp),
                Language::CSharp => langs.csharp.resolve(imp),
                Language::Other(_) => Target::Ignore,
            };
            match target {
                Target::Files(to) => {
                    for t in to {
                        if t == from {
                            continue;
                        }
                        let e = edges.entry((from, t, imp.kind)).or_insert((0, imp.line));
                        e.0 += 1;
                    }
                }
                Target::External(package) => external.push(External { from, package }),
                Target::Unresolved => {
                    unresolved.push(Unresolved { from, specifier: imp.specifier.clone(), line: imp.line })
                }
                Target::Ignore => {}
            }
        }
    }
    external.sort();
    external.dedup();
    unresolved.sort();
    unresolved.dedup();
    warnings.sort();
    warnings.dedup();
    let declared_dependencies = components::declared_dependencies(&components, &langs.rust);
    let nodes = index
        .files
        .iter()
        .zip(&file_component)
        .zip(&index.scan_index)
        .map(|((f, &c), &file)| Node {
            path: f.path.clone(),
            language: f.language.clone(),
            component: c,
            file,
            go_outside_package: f.language == Language::Go && !langs.go.in_package(&index, f),
        })
        .collect();
    Model {
        nodes,
        edges: edges
            .into_iter()
            .map(|((from, to, kind), (count, line))| Edge { from, to, kind, count, line })
            .collect(),
        external,
        unresolved,
        components,
        declared_dependencies,
        warnings,
    }
}

/// The per-language indexes, built once per resolve.
struct LangIndexes {
    python: python::Resolver,
    js: js::Resolver,
    go: go::Resolver,
    rust: rust::Resolver,
    java: misc::Java,
    c: misc::C,
    csharp: misc::CSharp,
}

impl LangIndexes {
    fn new(index: &Index<'_>, root: &str, warnings: &mut Vec<Warning>) -> LangIndexes {
        LangIndexes {
            python: python::Resolver::new(index),
            js: js::Resolver::new(index, warnings),
            go: go::Resolver::new(index, warnings),
            rust: rust::Resolver::new(index, warnings),
            java: misc::Java::new(index),
            c: misc::C::new(index, root, warnings),
            csharp: misc::CSharp::new(index),
        }
    }
}

/// `a/b/c.py` -> `a/b`; `c.py` -> ``.
pub(crate) fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Joins a directory and a relative path, folding `.` and `..`; `None` if it leaves the root.
pub(crate) fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if dir.is_empty() { Vec::new() } else { dir.split('/').collect() };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests;
