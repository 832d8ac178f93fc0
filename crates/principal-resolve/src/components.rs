//! Declared components: the project's own units (workspace crates, Go packages, Python
//! top-level packages, npm workspace packages, Java modules), falling back to directories.

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
            _ => match containers
                .iter()
                .find(|(d, _, _)| d.is_empty() || dir == d || dir.starts_with(&format!("{d}/")))
            {
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

/// Crate-to-crate edges from Cargo.toml path and workspace dependencies.
pub(crate) fn declared_dependencies(components: &[Component], rust: &rust::Resolver) -> Vec<(u32, u32)> {
    let by_dir: BTreeMap<&str, u32> =
        components.iter().enumerate().map(|(i, c)| (c.id.as_str(), i as u32)).collect();
    fn dir_of(d: &str) -> &str {
        if d.is_empty() { "." } else { d }
    }
    let by_name: BTreeMap<&str, &str> =
        rust.crates().iter().map(|c| (c.name.as_str(), dir_of(&c.dir))).collect();
    let mut out = Vec::new();
    for c in rust.crates() {
        let Some(&from) = by_dir.get(dir_of(&c.dir)) else { continue };
        for dep in &c.local_deps {
            if let Some(&to) = by_name.get(dep.as_str()).and_then(|d| by_dir.get(d))
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
