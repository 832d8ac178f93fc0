//! Declared components: the project's own units (workspace crates, Go packages, Python
//! top-level packages, npm workspace packages, Java modules, composer packages, gems), falling
//! back to directories.

use std::collections::BTreeMap;

use principal_model::{Language, Warning};

use crate::index::Index;
use crate::{Component, ComponentSource, parent, rust};

/// The components, sorted by id, and each file's component index.
pub(crate) fn derive(
    index: &Index<'_>,
    rust: &rust::Resolver,
    _warnings: &mut Vec<Warning>,
) -> (Vec<Component>, Vec<u32>) {
    // Containers: a directory whose manifest makes everything below it one unit.
    let mut containers: Vec<(String, ComponentSource, Option<String>)> = Vec::new();
    for c in rust.crates() {
        containers.push((c.dir.clone(), ComponentSource::Crate, Some(c.name.clone())));
    }
    for (path, text) in index.manifests_named("package.json") {
        let dir = parent(path);
        if dir.is_empty() {
            continue; // the root package is the whole repository, not a component
        }
        let name = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v.get("name").and_then(|n| n.as_str()).map(str::to_owned));
        containers.push((dir.to_owned(), ComponentSource::NpmPackage, name));
    }
    for name in ["pom.xml", "build.gradle", "build.gradle.kts"] {
        for (path, _) in index.manifests_named(name) {
            if !parent(path).is_empty() {
                containers.push((parent(path).to_owned(), ComponentSource::JavaModule, None));
            }
        }
    }
    for (path, text) in index.manifests_named("composer.json") {
        if !parent(path).is_empty() {
            let name = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| v.get("name").and_then(|n| n.as_str()).map(str::to_owned));
            containers.push((parent(path).to_owned(), ComponentSource::ComposerPackage, name));
        }
    }
    for (path, _) in index.manifests_named_suffix(".gemspec") {
        if !parent(path).is_empty() {
            let name = path.rsplit('/').next().and_then(|n| n.strip_suffix(".gemspec")).map(str::to_owned);
            containers.push((parent(path).to_owned(), ComponentSource::Gem, name));
        }
    }
    for (path, text) in index.manifests_named("Package.swift") {
        for t in crate::swift::targets(path, text) {
            containers.push((t.dir, ComponentSource::SwiftTarget, Some(t.name)));
        }
    }
    // Deepest first, so the first match is the innermost container.
    containers.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));

    let mut ids: BTreeMap<String, (ComponentSource, Option<String>)> = BTreeMap::new();
    let mut per_file: Vec<String> = Vec::with_capacity(index.files.len());
    for f in &index.files {
        let dir = parent(&f.path);
        let (id, source, name) = match f.language {
            Language::Go => (dir.to_owned(), ComponentSource::GoPackage, f.declares.first().cloned()),
            Language::Python if python_top_package(index, dir).is_some() => {
                let top = python_top_package(index, dir).expect("checked");
                let name = top.rsplit('/').next().map(str::to_owned);
                (top.to_owned(), ComponentSource::PythonPackage, name)
            }
            _ => match containers.iter().find(|(d, source, _)| {
                // A manifest makes a unit of its own language's files: a root Cargo.toml for a
                // few Rust crates does not make the C code around it a crate.
                let applies = match source {
                    ComponentSource::Crate => f.language == Language::Rust,
                    ComponentSource::NpmPackage => {
                        matches!(f.language, Language::JavaScript | Language::TypeScript | Language::Tsx)
                    }
                    ComponentSource::JavaModule => matches!(f.language, Language::Java | Language::Kotlin),
                    ComponentSource::ComposerPackage => f.language == Language::Php,
                    ComponentSource::Gem => f.language == Language::Ruby,
                    ComponentSource::SwiftTarget => f.language == Language::Swift,
                    _ => true,
                };
                applies && (d.is_empty() || dir == d || dir.starts_with(&format!("{d}/")))
            }) {
                Some((d, source, name)) => (d.clone(), *source, name.clone()),
                None => (dir.to_owned(), ComponentSource::Directory, None),
            },
        };
        let id = if id.is_empty() { ".".to_owned() } else { id };
        ids.entry(id.clone()).or_insert((source, name));
        per_file.push(id);
    }
    let components: Vec<Component> = ids
        .iter()
        .map(|(id, (source, name))| Component { id: id.clone(), source: *source, name: name.clone() })
        .collect();
    let position: BTreeMap<&str, u32> =
        components.iter().enumerate().map(|(i, c)| (c.id.as_str(), i as u32)).collect();
    let file_component = per_file.iter().map(|id| position[id.as_str()]).collect();
    (components, file_component)
}

/// The top-level package directory holding `dir`, if `dir` is inside a Python package.
fn python_top_package<'a>(index: &Index<'_>, dir: &'a str) -> Option<&'a str> {
    let is_pkg = |d: &str| !d.is_empty() && index.file(&format!("{d}/__init__.py")).is_some();
    if !is_pkg(dir) {
        return None;
    }
    let mut top = dir;
    while is_pkg(parent(top)) {
        top = parent(top);
    }
    Some(top)
}

/// Crate-to-crate edges from Cargo.toml path and workspace dependencies, between the components
/// that hold each crate's library (or binary) root: when a large crate splits into its
/// subfolders, its own folder may be left with its tests, which are no crate's dependency.
pub(crate) fn declared_dependencies(
    components: &[Component],
    rust: &rust::Resolver,
    index: &Index<'_>,
    file_component: &[u32],
) -> Vec<(u32, u32)> {
    let by_dir: BTreeMap<&str, u32> =
        components.iter().enumerate().map(|(i, c)| (c.id.as_str(), i as u32)).collect();
    let component_of = |c: &rust::Crate| -> Option<u32> {
        let prefix = if c.dir.is_empty() { String::new() } else { format!("{}/", c.dir) };
        ["src/lib.rs", "src/main.rs"]
            .iter()
            .find_map(|root| index.file(&format!("{prefix}{root}")))
            .map(|f| file_component[f as usize])
            .or_else(|| by_dir.get(if c.dir.is_empty() { "." } else { c.dir.as_str() }).copied())
    };
    let by_name: BTreeMap<&str, u32> =
        rust.crates().iter().filter_map(|c| Some((c.name.as_str(), component_of(c)?))).collect();
    let mut out = Vec::new();
    for c in rust.crates() {
        let Some(from) = component_of(c) else { continue };
        for dep in &c.local_deps {
            if let Some(&to) = by_name.get(dep.as_str())
                && to != from
            {
                out.push((from, to));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Test folders are part of the component they test, or of one test root.
const TEST_DIRS: &[&str] = &["test", "tests", "__tests__", "spec", "specs", "testdata", "testing", "t"];

/// Example folders are one component each.
const EXAMPLE_DIRS: &[&str] = &["examples", "example", "samples", "sample", "demos", "demo"];

/// The smallest component a large one is split into, in files.
const MIN_SPLIT_FILES: usize = 3;

/// A component is large when it holds this many files and this share of all of them.
const LARGE_FILES: usize = 40;
const LARGE_SHARE: f64 = 0.25;

/// Sizes the components for people (docs/components.md):
/// 1. a component of test files only joins the nearest enclosing component with code (its
///    `tests/` or `testdata/` folder), else one test root (`tests`), never one per test folder;
///    everything under an `examples/` folder is one component;
/// 2. a large component (40 files or more, a quarter of the repository or more) is split into
///    its direct subfolders of 3 files or more that are a unit: cohesive (the imports among the
///    subfolder's files are at least half of those that cross its boundary within the
///    component), or a layer the rest hardly imports (at most one import into it for every two
///    of its files: plugins, commands, `contrib/`), when at least two qualify;
/// 3. a folder component of one file folds into the component one or two folders up.
pub(crate) fn refine(
    components: Vec<Component>,
    file_component: Vec<u32>,
    paths: &[&str],
    edges: &[(u32, u32)],
) -> (Vec<Component>, Vec<u32>) {
    let mut of: Vec<String> = file_component.iter().map(|&c| components[c as usize].id.clone()).collect();
    let mut meta: BTreeMap<String, (ComponentSource, Option<String>)> =
        components.into_iter().map(|c| (c.id, (c.source, c.name))).collect();
    let members = |of: &[String]| {
        let mut m: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (f, id) in of.iter().enumerate() {
            m.entry(id.clone()).or_default().push(f);
        }
        m
    };
    let dir_parent = |d: &str| -> Option<String> {
        if d == "." {
            return None;
        }
        Some(d.rsplit_once('/').map_or(".".to_owned(), |(p, _)| p.to_owned()))
    };

    // 1. Test folders.
    let m = members(&of);
    let test_only: BTreeMap<&str, bool> = m
        .iter()
        .map(|(id, files)| (id.as_str(), files.iter().all(|&f| principal_model::is_test_path(paths[f]))))
        .collect();
    let mut moves: Vec<(String, String)> = Vec::new();
    for (id, &only) in &test_only {
        if !only {
            continue;
        }
        // The root is no component under test: its tests go to the test root.
        let mut up = dir_parent(id).filter(|p| p != ".");
        let mut target = None;
        while let Some(p) = up {
            if test_only.get(p.as_str()) == Some(&false) {
                target = Some(p);
                break;
            }
            up = dir_parent(&p).filter(|p| p != ".");
        }
        let target = target.or_else(|| {
            let parts: Vec<&str> = id.split('/').collect();
            let at = parts.iter().position(|s| TEST_DIRS.contains(s))?;
            let root = parts[..=at].join("/");
            (root != *id).then_some(root)
        });
        if let Some(t) = target {
            moves.push((id.to_string(), t));
        }
    }
    // Examples are one component per examples folder, whatever their own layout.
    for id in m.keys() {
        let parts: Vec<&str> = id.split('/').collect();
        if let Some(at) = parts.iter().position(|s| EXAMPLE_DIRS.contains(s)) {
            let root = parts[..=at].join("/");
            if root != *id && !moves.iter().any(|(from, _)| from == id) {
                moves.push((id.clone(), root));
            }
        }
    }
    for (from, to) in moves {
        let source = meta.get(&from).map_or(ComponentSource::Directory, |m| m.0);
        meta.entry(to.clone()).or_insert((
            if source == ComponentSource::GoPackage { ComponentSource::Directory } else { source },
            None,
        ));
        for id in of.iter_mut().filter(|id| **id == from) {
            *id = to.clone();
        }
    }

    // 2. Large components into their cohesive subfolders.
    let total = of.len().max(1);
    let m = members(&of);
    for (id, files) in &m {
        let support = id.split('/').any(|s| TEST_DIRS.contains(&s) || EXAMPLE_DIRS.contains(&s));
        if support || files.len() < LARGE_FILES || (files.len() as f64) < LARGE_SHARE * total as f64 {
            continue;
        }
        let prefix = if id == "." { String::new() } else { format!("{id}/") };
        let sub_of = |f: usize| -> Option<String> {
            let rest = paths[f].strip_prefix(prefix.as_str())?;
            let (sub, _) = rest.split_once('/')?;
            Some(format!("{prefix}{sub}"))
        };
        let mut subs: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &f in files {
            if let Some(s) = sub_of(f) {
                subs.entry(s).or_default().push(f);
            }
        }
        let in_component: std::collections::HashSet<usize> = files.iter().copied().collect();
        let cohesive: Vec<String> = subs
            .iter()
            .filter(|(_, fs)| {
                if fs.len() < MIN_SPLIT_FILES || fs.iter().all(|&f| principal_model::is_test_path(paths[f])) {
                    return false;
                }
                let inside: std::collections::HashSet<usize> = fs.iter().copied().collect();
                let (mut internal, mut crossing, mut incoming) = (0usize, 0usize, 0usize);
                for &(a, b) in edges {
                    let (a, b) = (a as usize, b as usize);
                    if !in_component.contains(&a) || !in_component.contains(&b) {
                        continue;
                    }
                    match (inside.contains(&a), inside.contains(&b)) {
                        (true, true) => internal += 1,
                        (true, false) => crossing += 1,
                        (false, true) => {
                            crossing += 1;
                            incoming += 1;
                        }
                        _ => {}
                    }
                }
                // Cohesive inside, or a layer the rest hardly uses (plugins, commands,
                // `contrib/`): either way a unit people name.
                internal * 2 >= crossing || incoming * 2 <= fs.len()
            })
            .map(|(s, _)| s.clone())
            .collect();
        if cohesive.len() < 2 {
            continue;
        }
        let (source, name) = meta.get(id).cloned().unwrap_or((ComponentSource::Directory, None));
        for s in &cohesive {
            let sub_name = name.as_ref().map(|n| {
                let leaf = s.rsplit('/').next().unwrap_or(s);
                if source == ComponentSource::PythonPackage {
                    format!("{n}.{leaf}")
                } else {
                    format!("{n}/{leaf}")
                }
            });
            meta.insert(s.clone(), (source, sub_name));
            for &f in &subs[s] {
                of[f] = s.clone();
            }
        }
    }

    // 3. One-file folders fold into their enclosing component.
    let m = members(&of);
    for (id, files) in &m {
        if files.len() != 1 || meta.get(id).is_none_or(|(s, _)| *s != ComponentSource::Directory) {
            continue;
        }
        // Up to two folders up: `src/audit/app.js` joins the crate at `crates/report`.
        let up = dir_parent(id);
        let up2 = up.as_deref().and_then(dir_parent);
        let up2 = up2.filter(|p| p != ".");
        if let Some(p) = [up, up2].into_iter().flatten().find(|p| m.contains_key(p)) {
            of[files[0]] = p;
        }
    }

    let used: std::collections::BTreeSet<&str> = of.iter().map(String::as_str).collect();
    let components: Vec<Component> = meta
        .iter()
        .filter(|(id, _)| used.contains(id.as_str()))
        .map(|(id, (source, name))| Component { id: id.clone(), source: *source, name: name.clone() })
        .collect();
    let position: BTreeMap<&str, u32> =
        components.iter().enumerate().map(|(i, c)| (c.id.as_str(), i as u32)).collect();
    let file_component = of.iter().map(|id| position[id.as_str()]).collect();
    (components, file_component)
}
