//! PHP: class, interface, trait, enum and function names to the files that declare them (what
//! composer's optimised classmap holds), then composer.json's PSR-4 and PSR-0 prefixes; literal
//! `require`/`include` paths relative to the file, then to the root.

use std::collections::{HashMap, HashSet};

use principal_model::{Import, Language, Warning};
use serde_json::Value;

use crate::index::Index;
use crate::{Target, file_beside_or_at_root, join, parent};

pub(crate) struct Resolver {
    /// Fully qualified name (no leading `\`), lowercase as PHP compares them -> file.
    declared: HashMap<String, u32>,
    /// The project's own namespaces and their parents, lowercase: `use A\B as C;` of one
    /// names a namespace, not a file.
    namespaces: HashSet<String>,
    /// PSR-4 and PSR-0 rules from every composer.json: (namespace prefix, lowercase, with its
    /// trailing `\`; directory from the root; PSR-0).
    prefixes: Vec<(String, String, bool)>,
}

impl Resolver {
    pub fn new(index: &Index<'_>, warnings: &mut Vec<Warning>) -> Resolver {
        let mut declared = HashMap::new();
        let mut namespaces = HashSet::new();
        for (i, f) in index.files.iter().enumerate() {
            if f.language != Language::Php {
                continue;
            }
            let namespace = f.declares.first().map(|n| n.trim_matches('\\').to_owned()).unwrap_or_default();
            let mut ns = namespace.to_ascii_lowercase();
            while !ns.is_empty() && namespaces.insert(ns.clone()) {
                ns = ns.rsplit_once('\\').map_or(String::new(), |(head, _)| head.to_owned());
            }
            let qualify = |name: &str| {
                let fq = if namespace.is_empty() { name.to_owned() } else { format!("{namespace}\\{name}") };
                fq.to_ascii_lowercase()
            };
            for t in &f.type_decls {
                declared.entry(qualify(&t.name)).or_insert(i as u32);
            }
            // Namespaced functions (`use function A\f`): top-level ones only, not methods.
            for x in
                f.functions.iter().filter(|x| !x.qualified_name.contains("::") && x.name != "(anonymous)")
            {
                declared.entry(qualify(&x.name)).or_insert(i as u32);
            }
        }
        let mut prefixes = Vec::new();
        for (path, text) in index.manifests_named("composer.json") {
            let json: Value = match serde_json::from_str(text) {
                Ok(v) => v,
                Err(e) => {
                    warnings.push(Warning {
                        path: path.to_owned(),
                        message: format!(
                            "composer.json is not valid JSON ({e}); its autoload rules are not read"
                        ),
                    });
                    continue;
                }
            };
            let dir = parent(path);
            for section in ["autoload", "autoload-dev"] {
                for (key, psr0) in [("psr-4", false), ("psr-0", true)] {
                    let Some(map) = json.get(section).and_then(|a| a.get(key)).and_then(Value::as_object)
                    else {
                        continue;
                    };
                    for (prefix, dirs) in map {
                        let dirs: Vec<&str> = match dirs {
                            Value::String(s) => vec![s.as_str()],
                            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                            _ => continue,
                        };
                        for d in dirs {
                            if let Some(d) = join(dir, d.trim_end_matches('/')) {
                                prefixes.push((prefix.to_ascii_lowercase(), d, psr0));
                            }
                        }
                    }
                }
            }
        }
        // The longest prefix first, as composer tries them.
        prefixes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        Resolver { declared, namespaces, prefixes }
    }

    pub fn resolve(&self, index: &Index<'_>, from: u32, imp: &Import) -> Target {
        let spec = imp.specifier.as_str();
        if spec.ends_with(".php") || spec.contains('/') || spec.ends_with(".inc") {
            return self.path(index, from, spec);
        }
        let name = spec.trim_start_matches('\\');
        let lower = name.to_ascii_lowercase();
        if let Some(&f) = self.declared.get(&lower) {
            return Target::Files(vec![f]);
        }
        if self.namespaces.contains(&lower) {
            return Target::Ignore;
        }
        for (prefix, dir, psr0) in &self.prefixes {
            let Some(rest) = lower.strip_prefix(prefix.as_str()).map(|_| &name[prefix.len()..]) else {
                continue;
            };
            let relative = if *psr0 {
                // PSR-0: the whole name is the path, and `_` in the class name is a folder.
                let (ns, class) = name.rsplit_once('\\').unwrap_or(("", name));
                let ns = ns.replace('\\', "/");
                let class = class.replace('_', "/");
                if ns.is_empty() { class } else { format!("{ns}/{class}") }
            } else {
                rest.replace('\\', "/")
            };
            let path =
                if dir.is_empty() { format!("{relative}.php") } else { format!("{dir}/{relative}.php") };
            if let Some(f) = index.file(&path) {
                return Target::Files(vec![f]);
            }
        }
        if !name.contains('\\') {
            // A class of the global namespace the project does not declare: PHP's own
            // (`Exception`, `DateTime`) or an extension's.
            return Target::Ignore;
        }
        // A vendor's package: its first two namespace segments (`Psr\Log`, `GuzzleHttp\Psr7`).
        let mut parts = name.split('\\');
        match (parts.next(), parts.next()) {
            (Some(a), Some(b)) => Target::External(format!("{a}\\{b}")),
            _ => Target::Unresolved,
        }
    }

    /// `require 'x.php'`: relative to the requiring file (`./x.php` is what `__DIR__ . '/x.php'`
    /// reads as), then to the repository root (the include path's usual first entry).
    fn path(&self, index: &Index<'_>, from: u32, spec: &str) -> Target {
        match file_beside_or_at_root(index, from, spec) {
            Some(f) => Target::Files(vec![f]),
            None => Target::Unresolved,
        }
    }
}
