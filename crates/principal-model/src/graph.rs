//! The architecture model at file level: what `principal-resolve` builds from the scan and
//! `principal-graph`, `principal-rules` and `principal-audit` read.

use crate::Language;
use crate::{ImportKind, Warning};

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

/// What makes a directory a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ComponentSource {
    Crate,
    GoPackage,
    PythonPackage,
    NpmPackage,
    JavaModule,
    /// A composer.json below the root.
    ComposerPackage,
    /// A `.gemspec` below the root.
    Gem,
    /// A target of a Package.swift.
    SwiftTarget,
    Directory,
    /// Named in `principal.toml`'s `[components]`.
    Config,
    /// Made by a `principal whatif` scenario (a split, a merge under a new name, a move to a new
    /// component); never in a model of the repository as it is.
    Scenario,
}

impl ComponentSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ComponentSource::Crate => "crate",
            ComponentSource::GoPackage => "go-package",
            ComponentSource::PythonPackage => "python-package",
            ComponentSource::NpmPackage => "npm-package",
            ComponentSource::JavaModule => "java-module",
            ComponentSource::ComposerPackage => "composer-package",
            ComponentSource::Gem => "gem",
            ComponentSource::SwiftTarget => "swift-target",
            ComponentSource::Directory => "directory",
            ComponentSource::Config => "config",
            ComponentSource::Scenario => "scenario",
        }
    }
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
