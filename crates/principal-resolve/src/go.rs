//! Go: module paths from go.mod; an import path is a package directory, and the edge goes to
//! that directory's non-test .go files.

use std::collections::{BTreeMap, HashMap};

use principal_model::{FileFacts, Import, Language, Warning};

use crate::index::Index;
use crate::{Target, parent};

pub(crate) struct Resolver {
    /// (module path, module root directory), longest path first.
    modules: Vec<(String, String)>,
    /// Directory -> the package name most of its non-test files declare.
    packages: HashMap<String, String>,
}

/// The `module` line of a go.mod.
pub(crate) fn module_path(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let l = l.trim();
        let rest = l.strip_prefix("module")?;
        if !rest.starts_with(char::is_whitespace) {
            return None;
        }
        let m = rest.trim().trim_matches('"');
        (!m.is_empty()).then(|| m.to_owned())
    })
}

impl Resolver {
    pub fn new(index: &Index<'_>, warnings: &mut Vec<Warning>) -> Resolver {
        let mut modules = Vec::new();
        for (path, text) in index.manifests_named("go.mod") {
            match module_path(text) {
                Some(m) => modules.push((m, parent(path).to_owned())),
                None => warnings.push(Warning {
                    path: path.to_owned(),
                    message: "go.mod has no `module` line; its packages resolve as external".to_owned(),
                }),
            }
        }
        modules.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        let mut votes: HashMap<&str, BTreeMap<&str, u32>> = HashMap::new();
        for f in &index.files {
            if f.language == Language::Go
                && !f.path.ends_with("_test.go")
                && !f.build_ignored
                && let Some(pkg) = f.declares.first()
            {
                *votes.entry(parent(&f.path)).or_default().entry(pkg.as_str()).or_default() += 1;
            }
        }
        let packages = votes
            .into_iter()
            .filter_map(|(dir, v)| {
                let best = v.iter().max_by_key(|&(name, n)| (*n, std::cmp::Reverse(*name)))?;
                Some((dir.to_owned(), (*best.0).to_owned()))
            })
            .collect();
        Resolver { modules, packages }
    }

    /// True when a Go file is part of its directory's package: not a test, and declaring the
    /// package most of the directory's files declare.
    pub fn in_package(&self, _index: &Index<'_>, f: &FileFacts) -> bool {
        !f.path.ends_with("_test.go")
            && !f.build_ignored
            && f.declares.first().is_none_or(|p| self.packages.get(parent(&f.path)).is_none_or(|m| m == p))
            && !f.path.split('/').any(|seg| seg == "testdata")
    }

    fn package_files(&self, index: &Index<'_>, dir: &str) -> Vec<u32> {
        index
            .dirs
            .get(dir)
            .map(|files| {
                files
                    .iter()
                    .copied()
                    .filter(|&f| {
                        let file = index.files[f as usize];
                        file.language == Language::Go && self.in_package(index, file)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn resolve(&self, index: &Index<'_>, from: u32, imp: &Import) -> Target {
        let spec = imp.specifier.as_str();
        let importer = &index.files[from as usize].path;
        for (module, root) in &self.modules {
            let rel = if module == "std" || module == "cmd" && spec.starts_with("cmd/") {
                // The standard library's own go.mod: import paths are directories under src/.
                if module == "cmd" {
                    spec.strip_prefix("cmd").map(|s| s.trim_start_matches('/'))
                } else {
                    Some(spec)
                }
            } else if spec == module {
                Some("")
            } else {
                spec.strip_prefix(module.as_str()).and_then(|r| r.strip_prefix('/'))
            };
            let Some(rel) = rel else { continue };
            let dir = join_dir(root, rel);
            let files = self.package_files(index, &dir);
            if !files.is_empty() {
                return Target::Files(files);
            }
            if module != "std" {
                return Target::Unresolved;
            }
        }
        // Vendored copies next to the importer's module.
        for (_, root) in &self.modules {
            if importer.starts_with(root.as_str()) {
                let files = self.package_files(index, &join_dir(&join_dir(root, "vendor"), spec));
                if !files.is_empty() {
                    return Target::Files(files);
                }
            }
        }
        let first = spec.split('/').next().unwrap_or(spec);
        let package = if first.contains('.') {
            spec.split('/').take(3).collect::<Vec<_>>().join("/")
        } else {
            spec.to_owned()
        };
        Target::External(package)
    }
}

fn join_dir(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_owned(),
        (_, true) => a.to_owned(),
        _ => format!("{a}/{b}"),
    }
}
