//! Python: modules and packages from the file layout (`__init__.py`), several import roots,
//! absolute and relative imports, `from pkg import module`.

use std::collections::{BTreeSet, HashMap};

use principal_model::{Import, Language};

use crate::index::Index;
use crate::{Target, parent};

pub(crate) struct Resolver {
    /// Dotted module name -> file (`pkg/__init__.py` for `pkg`).
    modules: HashMap<String, u32>,
    /// Folder -> module name -> file, for the loose modules of a folder that is neither a
    /// package nor a root that holds packages (`scripts/`, `tests/data/cases/`): Python finds
    /// them only from a script in the same folder (`sys.path[0]`), so a test-data file named
    /// `collections.py` is not what `import collections` means anywhere else.
    local: HashMap<String, HashMap<String, u32>>,
    /// File -> its own dotted module name.
    names: HashMap<u32, String>,
}

fn is_package(index: &Index<'_>, dir: &str) -> bool {
    let init = if dir.is_empty() { "__init__.py".to_owned() } else { format!("{dir}/__init__.py") };
    !dir.is_empty() && index.file(&init).is_some()
}

/// The import root of a file in `dir`: the parent of its top-level package, or `dir` itself.
fn root_of<'a>(index: &Index<'_>, dir: &'a str) -> &'a str {
    let mut top = dir;
    if !is_package(index, top) {
        return dir;
    }
    while is_package(index, parent(top)) {
        top = parent(top);
    }
    parent(top)
}

fn module_name(path_from_root: &str) -> Option<String> {
    let stem = path_from_root.strip_suffix(".pyi").or_else(|| path_from_root.strip_suffix(".py"))?;
    let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
    if stem == "__init__" || stem.is_empty() {
        return None;
    }
    let ok = stem.split('/').all(|s| !s.is_empty() && !s.contains(['.', '-', ' ']));
    ok.then(|| stem.replace('/', "."))
}

fn strip_root<'a>(path: &'a str, root: &str) -> Option<&'a str> {
    if root.is_empty() { Some(path) } else { path.strip_prefix(root)?.strip_prefix('/') }
}

impl Resolver {
    pub fn new(index: &Index<'_>) -> Resolver {
        let py: Vec<u32> = (0..index.files.len() as u32)
            .filter(|&i| index.files[i as usize].language == Language::Python)
            .collect();
        // Roots that hold packages, plus the repository root: namespace packages (no
        // `__init__.py`) are importable relative to them.
        let mut roots: BTreeSet<&str> = BTreeSet::new();
        roots.insert("");
        let mut own_root = HashMap::new();
        for &i in &py {
            let path = index.files[i as usize].path.as_str();
            let dir = parent(path);
            let root = root_of(index, dir);
            if is_package(index, dir) {
                roots.insert(root);
            }
            own_root.insert(i, root);
        }
        let mut modules = HashMap::new();
        let mut names = HashMap::new();
        let mut local: HashMap<String, HashMap<String, u32>> = HashMap::new();
        // Own roots first, so that they win over namespace-package aliases.
        for &i in &py {
            let path = index.files[i as usize].path.as_str();
            let own = own_root[&i];
            if let Some(name) = strip_root(path, own).and_then(module_name) {
                names.insert(i, name.clone());
                if own.is_empty() || roots.contains(own) {
                    modules.entry(name).or_insert(i);
                } else {
                    local.entry(own.to_owned()).or_default().entry(name).or_insert(i);
                }
            }
        }
        for &i in &py {
            let path = index.files[i as usize].path.as_str();
            for root in &roots {
                if *root == own_root[&i] {
                    continue;
                }
                if let Some(name) = strip_root(path, root).and_then(module_name) {
                    modules.entry(name).or_insert(i);
                }
            }
        }
        Resolver { modules, names, local }
    }

    /// The module a name means from a file in `dir`: a loose module beside it first, as
    /// Python's script folder comes first on `sys.path`, then the importable ones.
    fn get(&self, dir: &str, name: &str) -> Option<u32> {
        if let Some(&f) = self.local.get(dir).and_then(|m| m.get(name)) {
            return Some(f);
        }
        self.modules.get(name).copied()
    }

    fn longest(&self, dir: &str, dotted: &str) -> Option<u32> {
        let mut name = dotted;
        loop {
            if let Some(f) = self.get(dir, name) {
                return Some(f);
            }
            name = name.rsplit_once('.')?.0;
        }
    }

    pub fn resolve(&self, index: &Index<'_>, from: u32, imp: &Import) -> Target {
        let spec = imp.specifier.as_str();
        let dots = spec.len() - spec.trim_start_matches('.').len();
        let absolute = if dots > 0 {
            let Some(own) = self.names.get(&from) else { return Target::Unresolved };
            let is_init = index.files[from as usize].path.ends_with("__init__.py");
            let mut base: Vec<&str> = own.split('.').collect();
            if !is_init {
                base.pop();
            }
            for _ in 1..dots {
                if base.pop().is_none() {
                    return Target::Unresolved;
                }
            }
            let rest = &spec[dots..];
            if !rest.is_empty() {
                base.push(rest);
            }
            base.join(".")
        } else {
            spec.to_owned()
        };

        let dir = parent(index.files[from as usize].path.as_str());
        let mut targets = Vec::new();
        let mut need_module = imp.names.is_empty();
        for n in &imp.names {
            let sub = if absolute.is_empty() { n.clone() } else { format!("{absolute}.{n}") };
            match self.get(dir, &sub) {
                Some(f) => targets.push(f),
                None => need_module = true,
            }
        }
        if need_module {
            let found = if imp.names.is_empty() || dots > 0 {
                if imp.names.is_empty() { self.longest(dir, &absolute) } else { self.get(dir, &absolute) }
            } else {
                self.get(dir, &absolute).or_else(|| self.longest(dir, &absolute))
            };
            match found {
                Some(f) => targets.push(f),
                None if targets.is_empty() => {
                    return if dots > 0 || absolute.is_empty() {
                        Target::Unresolved
                    } else {
                        Target::External(absolute.split('.').next().unwrap_or(&absolute).to_owned())
                    };
                }
                None => {}
            }
        }
        Target::Files(targets)
    }
}
