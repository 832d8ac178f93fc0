//! Import resolution: from the imports a scan found to a file-level dependency graph, with each
//! file placed in a component.
//!
//! **Invariant:** no I/O. The scan's file list and the manifests it kept are the whole world:
//! resolving an import is an index lookup, never a scan of the tree. An import that cannot be
//! resolved is recorded with its specifier, never dropped; a malformed manifest is a warning.

// No I/O here: clippy.toml lists what this bans (std::fs, std::env, std::process, stdout).
#![warn(clippy::disallowed_methods, clippy::disallowed_types)]

mod components;
mod go;
mod index;
mod js;
mod kotlin;
mod lua;
mod misc;
mod php;
mod python;
mod ruby;
mod rust;
mod shell;
mod swift;

use std::collections::BTreeMap;

use principal_model::{ImportKind, Language, ScanResult, Warning};

use index::Index;
pub use principal_model::{Component, ComponentSource, Edge, External, Model, Node, Unresolved};

/// Where one import leads.
pub(crate) enum Target {
    Files(Vec<u32>),
    External(String),
    Unresolved,
    /// Not worth recording: `import("./" + x)`, Rust's `self`.
    Ignore,
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
        // Go never compiles `testdata/` or a file whose build constraint is `ignore` into its
        // folder's package (generators, separate programs): their imports are no edges.
        if file.language == Language::Go
            && (file.build_ignored || file.path.split('/').any(|s| s == "testdata"))
        {
            continue;
        }
        let test_module = file.language == Language::Rust && langs.rust.is_test_module(from);
        for imp in &file.imports {
            let kind = if test_module && imp.kind != ImportKind::Mod { ImportKind::Test } else { imp.kind };
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
                Language::Php => langs.php.resolve(&index, from, imp),
                Language::Ruby => langs.ruby.resolve(&index, from, imp),
                Language::Kotlin | Language::Scala => langs.kotlin.resolve(imp),
                Language::Swift => langs.swift.resolve(imp),
                Language::Lua => lua::Resolver.resolve(&index, imp),
                Language::Shell => shell::Resolver.resolve(&index, from, imp),
                Language::Other(_) => Target::Ignore,
            };
            match target {
                Target::Files(to) => {
                    for t in to {
                        if t == from {
                            continue;
                        }
                        let e = edges.entry((from, t, kind)).or_insert((0, imp.line));
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
    let file_edges: Vec<(u32, u32)> = edges.keys().map(|&(a, b, _)| (a, b)).collect();
    let paths: Vec<&str> = index.files.iter().map(|f| f.path.as_str()).collect();
    let (components, file_component) = components::refine(components, file_component, &paths, &file_edges);
    let declared_dependencies =
        components::declared_dependencies(&components, &langs.rust, &index, &file_component);
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
    php: php::Resolver,
    ruby: ruby::Resolver,
    kotlin: kotlin::Resolver,
    swift: swift::Resolver,
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
            php: php::Resolver::new(index, warnings),
            ruby: ruby::Resolver::new(index),
            kotlin: kotlin::Resolver::new(index),
            swift: swift::Resolver::new(index),
        }
    }
}

/// `a/b/c.py` -> `a/b`; `c.py` -> ``.
pub(crate) fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The file a script path names, as `require 'x.php'` and `source x.sh` read it: in the
/// including file's folder, then (unless it starts `./` or `../`) at the repository root.
pub(crate) fn file_beside_or_at_root(index: &Index<'_>, from: u32, spec: &str) -> Option<u32> {
    let dir = parent(&index.files[from as usize].path);
    let relative = spec.starts_with("./") || spec.starts_with("../");
    let candidates = [join(dir, spec), if relative { None } else { join("", spec) }];
    candidates.into_iter().flatten().find_map(|c| index.file(&c))
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
