//! Rust: the module tree of each crate from `mod` declarations (`#[path]` included), and `use`
//! paths (`crate::`, `self::`, `super::`, other workspace crates) resolved to module files.

use std::collections::{HashMap, HashSet, VecDeque};

use principal_model::{Import, ImportKind, Language, Warning};

use crate::index::Index;
use crate::{Target, join, parent};

pub(crate) struct Crate {
    pub name: String,
    pub dir: String,
    /// Names of the dependencies declared with `path = …` or `workspace = true`, but
    /// dev-dependencies: those build only the crate's tests, benches and examples, whose
    /// imports are no dependency of the crate (Cargo allows a dev-dependency cycle).
    pub local_deps: Vec<String>,
}

pub(crate) struct Resolver {
    crates: Vec<Crate>,
    /// Crate name (as written in paths, `-` as `_`) -> its library root file.
    libs: HashMap<String, u32>,
    /// File -> (crate, module path).
    module_of: HashMap<u32, (usize, Vec<String>)>,
    /// (crate, `a::b`) -> file.
    modules: HashMap<(usize, String), u32>,
    /// (file, child name) -> the child module's files (one per platform with `cfg_attr` paths).
    children: HashMap<(u32, String), Vec<u32>>,
    /// Module files compiled for tests only: declared by `#[cfg(test)] mod x;`, or below one.
    test_modules: HashSet<u32>,
}

/// The dependencies of a Cargo.toml that live in the repository: `path = …` or
/// `workspace = true` (which may point at a workspace path dependency). Dev-dependencies are
/// left out: a crate's tests depending on a crate is no dependency of the crate.
fn local_deps(v: &toml::Table) -> Vec<String> {
    let mut out = Vec::new();
    let mut tables: Vec<&toml::Table> = Vec::new();
    for key in ["dependencies", "build-dependencies"] {
        if let Some(t) = v.get(key).and_then(|t| t.as_table()) {
            tables.push(t);
        }
    }
    if let Some(targets) = v.get("target").and_then(|t| t.as_table()) {
        for t in targets.values().filter_map(|t| t.as_table()) {
            for key in ["dependencies", "build-dependencies"] {
                if let Some(d) = t.get(key).and_then(|d| d.as_table()) {
                    tables.push(d);
                }
            }
        }
    }
    for t in tables {
        for (name, spec) in t {
            let local =
                spec.get("path").is_some() || spec.get("workspace").and_then(|w| w.as_bool()) == Some(true);
            if local {
                let real = spec.get("package").and_then(|p| p.as_str()).unwrap_or(name);
                out.push(real.to_owned());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A Cargo.toml's package: its name, the paths of its explicit targets, its local dependencies.
pub(crate) type CargoPackage = (String, Vec<String>, Vec<String>);

/// Reads `[package] name` and the library and binary paths of a Cargo.toml.
pub(crate) fn cargo_package(text: &str) -> Result<Option<CargoPackage>, String> {
    let v: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let Some(name) = v.get("package").and_then(|p| p.get("name")).and_then(|n| n.as_str()) else {
        return Ok(None);
    };
    let mut roots = Vec::new();
    if let Some(p) = v.get("lib").and_then(|l| l.get("path")).and_then(|p| p.as_str()) {
        roots.push(p.to_owned());
    }
    for key in ["bin", "test", "example", "bench"] {
        if let Some(bins) = v.get(key).and_then(|b| b.as_array()) {
            for b in bins {
                if let Some(p) = b.get("path").and_then(|p| p.as_str()) {
                    roots.push(p.to_owned());
                }
            }
        }
    }
    Ok(Some((name.to_owned(), roots, local_deps(&v))))
}

impl Resolver {
    pub fn new(index: &Index<'_>, warnings: &mut Vec<Warning>) -> Resolver {
        let mut crates = Vec::new();
        let mut roots: Vec<(usize, u32)> = Vec::new();
        let mut libs = HashMap::new();
        for (path, text) in index.manifests_named("Cargo.toml") {
            let (name, extra, deps) = match cargo_package(text) {
                Ok(Some(p)) => p,
                Ok(None) => continue, // a virtual workspace manifest
                Err(e) => {
                    warnings.push(Warning {
                        path: path.to_owned(),
                        message: format!("malformed Cargo.toml: {e}"),
                    });
                    continue;
                }
            };
            let dir = parent(path).to_owned();
            let c = crates.len();
            let lib = join(&dir, "src/lib.rs").and_then(|p| index.file(&p));
            if let Some(lib) = lib {
                libs.insert(name.replace('-', "_"), lib);
                roots.push((c, lib));
            }
            for p in extra.iter().map(String::as_str).chain(["src/main.rs"]) {
                if let Some(f) = join(&dir, p).and_then(|p| index.file(&p)) {
                    roots.push((c, f));
                }
            }
            for sub in ["src/bin", "tests", "examples", "benches"] {
                let d = join(&dir, sub).unwrap_or_default();
                for &f in index.dirs.get(d.as_str()).into_iter().flatten() {
                    if index.files[f as usize].language == Language::Rust {
                        roots.push((c, f));
                    }
                }
            }
            crates.push(Crate { name, dir, local_deps: deps });
        }
        roots.sort();
        roots.dedup();

        let mut module_of = HashMap::new();
        let mut modules = HashMap::new();
        let mut children = HashMap::new();
        let mut test_modules = HashSet::new();
        let mut queue: VecDeque<u32> = VecDeque::new();
        // Files reached through a `path` attribute own their directory, as a `mod.rs` does: their
        // `mod x;` is `x.rs` beside them.
        let mut by_path: HashSet<u32> = HashSet::new();
        for &(c, f) in &roots {
            if module_of.contains_key(&f) {
                continue;
            }
            module_of.insert(f, (c, Vec::new()));
            if Some(&f) == libs.get(&crates[c].name.replace('-', "_")) {
                modules.insert((c, String::new()), f);
            }
            queue.push_back(f);
            while let Some(file) = queue.pop_front() {
                let (c, path) = module_of[&file].clone();
                let fpath = &index.files[file as usize].path;
                let is_root = path.is_empty();
                let stem = fpath.rsplit('/').next().unwrap_or(fpath).trim_end_matches(".rs");
                let child_dir = if is_root || stem == "mod" || by_path.contains(&file) {
                    parent(fpath).to_owned()
                } else {
                    join(parent(fpath), stem).unwrap_or_default()
                };
                for imp in &index.files[file as usize].imports {
                    if imp.kind != ImportKind::Mod {
                        continue;
                    }
                    let attrs: Vec<&str> =
                        imp.names.iter().filter_map(|n| n.strip_prefix("#path=")).collect();
                    // With `path` attributes, each is the module on some platform; else the one file.
                    let found: Vec<u32> = if attrs.is_empty() {
                        [format!("{}.rs", imp.specifier), format!("{}/mod.rs", imp.specifier)]
                            .iter()
                            .filter_map(|c| join(&child_dir, c))
                            .find_map(|p| index.file(&p))
                            .into_iter()
                            .collect()
                    } else {
                        attrs
                            .iter()
                            .filter_map(|p| join(parent(fpath), p))
                            .filter_map(|p| index.file(&p))
                            .collect()
                    };
                    if found.is_empty() {
                        continue;
                    }
                    children.insert((file, imp.specifier.clone()), found.clone());
                    let test = test_modules.contains(&file) || imp.names.iter().any(|n| n == "#cfg=test");
                    for child in found {
                        if module_of.contains_key(&child) {
                            continue;
                        }
                        if test {
                            test_modules.insert(child);
                        }
                        if !attrs.is_empty() {
                            by_path.insert(child);
                        }
                        let mut cp = path.clone();
                        cp.push(imp.specifier.clone());
                        modules.entry((c, cp.join("::"))).or_insert(child);
                        module_of.insert(child, (c, cp));
                        queue.push_back(child);
                    }
                }
            }
        }
        Resolver { crates, libs, module_of, modules, children, test_modules }
    }

    /// The crates found, for components.
    pub fn crates(&self) -> &[Crate] {
        &self.crates
    }

    /// The file of the longest prefix of `segments` that is a module of crate `c`; when names
    /// remain after that module, a `pub use` there that re-exports the next name is followed
    /// to the module that defines it.
    fn longest(&self, index: &Index<'_>, c: usize, segments: &[&str]) -> Option<u32> {
        self.longest_following(index, c, segments, 0)
    }

    fn longest_following(&self, index: &Index<'_>, c: usize, segments: &[&str], depth: u32) -> Option<u32> {
        for n in (0..=segments.len()).rev() {
            let Some(&f) = self.modules.get(&(c, segments[..n].join("::"))) else { continue };
            if let (Some(next), true) = (segments.get(n), depth < 4)
                && let Some(target) = self.follow_reexport(index, f, next, depth)
            {
                return Some(target);
            }
            return Some(f);
        }
        None
    }

    /// Where `pub use …::name;` in `file` leads.
    fn follow_reexport(&self, index: &Index<'_>, file: u32, name: &str, depth: u32) -> Option<u32> {
        let imp = index.files[file as usize]
            .imports
            .iter()
            .find(|i| i.kind == ImportKind::Reexport && i.specifier.rsplit("::").next() == Some(name))?;
        let segments: Vec<&str> = imp.specifier.split("::").collect();
        let (c, m) = self.module_of.get(&file)?;
        let path: Vec<&str> = match segments.first().copied()? {
            "crate" => segments[1..].to_vec(),
            "self" => m.iter().map(String::as_str).chain(segments[1..].iter().copied()).collect(),
            "super" => {
                let mut p: Vec<&str> = m.iter().map(String::as_str).collect();
                let mut rest = &segments[..];
                while rest.first() == Some(&"super") {
                    p.pop()?;
                    rest = &rest[1..];
                }
                p.extend(rest);
                p
            }
            _ => m.iter().map(String::as_str).chain(segments.iter().copied()).collect(),
        };
        let target = self.longest_following(index, *c, &path, depth + 1)?;
        (target != file).then_some(target)
    }

    /// Whether a file is a module compiled for tests only (`#[cfg(test)] mod tests;`), whose
    /// imports are test imports.
    pub fn is_test_module(&self, file: u32) -> bool {
        self.test_modules.contains(&file)
    }

    pub fn resolve(&self, index: &Index<'_>, from: u32, imp: &Import) -> Target {
        if imp.kind == ImportKind::Mod {
            return match self.children.get(&(from, imp.specifier.clone())) {
                Some(f) => Target::Files(f.clone()),
                None => Target::Unresolved,
            };
        }
        let segments: Vec<&str> =
            imp.specifier.split("::").map(str::trim).filter(|s| !s.is_empty()).collect();
        let Some(&first) = segments.first() else { return Target::Ignore };
        let here = self.module_of.get(&from);
        let resolved = match (first, here) {
            ("crate", Some((c, _))) => self.longest(index, *c, &segments[1..]),
            ("self", Some((c, m))) => {
                let mut p: Vec<&str> = m.iter().map(String::as_str).collect();
                p.extend(&segments[1..]);
                self.longest(index, *c, &p)
            }
            ("super", Some((c, m))) => {
                let mut p: Vec<&str> = m.iter().map(String::as_str).collect();
                let mut rest = &segments[..];
                while rest.first() == Some(&"super") {
                    if p.pop().is_none() {
                        return Target::Unresolved;
                    }
                    rest = &rest[1..];
                }
                p.extend(rest);
                self.longest(index, *c, &p)
            }
            ("crate" | "self" | "super", None) => return Target::Unresolved,
            // `use Kind::*` for an enum in scope: an item, not a module or crate.
            (name, _) if name.starts_with(char::is_uppercase) => return Target::Ignore,
            (name, _) => {
                // A child module of the current one (2018 paths), else another crate.
                let local = here.and_then(|(c, m)| {
                    let mut p: Vec<&str> = m.iter().map(String::as_str).collect();
                    p.push(name);
                    self.modules.get(&(*c, p.join("::")))?;
                    p.extend(&segments[1..]);
                    self.longest(index, *c, &p)
                });
                match local {
                    Some(f) => Some(f),
                    None => match self.libs.get(name) {
                        Some(&lib) => {
                            let c = self.module_of.get(&lib).map(|(c, _)| *c);
                            c.and_then(|c| self.longest(index, c, &segments[1..])).or(Some(lib))
                        }
                        None => return Target::External(name.to_owned()),
                    },
                }
            }
        };
        match resolved {
            Some(f) => Target::Files(vec![f]),
            None => Target::Unresolved,
        }
    }
}

#[cfg(test)]
mod dev_dependency_tests {
    #[test]
    fn dev_dependencies_are_no_dependency_of_the_crate() {
        let v: toml::Table = toml::from_str(
            r#"
[dependencies]
core = { path = "../core" }
serde = "1"
[dev-dependencies]
mock = { path = "../mock" }
[build-dependencies]
gen = { workspace = true }
[target.'cfg(unix)'.dev-dependencies]
unix-mock = { path = "../unix-mock" }
[target.'cfg(unix)'.dependencies]
unix-sys = { path = "../unix-sys" }
"#,
        )
        .expect("valid TOML");
        assert_eq!(super::local_deps(&v), ["core", "gen", "unix-sys"]);
    }
}
