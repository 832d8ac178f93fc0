//! Java (package + class name, and the classes Kotlin files declare), C and C++ (`#include` search paths), C# (namespaces).

use std::collections::HashMap;

use principal_model::{Import, Language, Warning};
use serde_json::Value;

use crate::index::Index;
use crate::{Target, join, parent};

/// Java: `a.b.C` is the file that declares `package a.b;` and is named `C.java`.
pub(crate) struct Java {
    classes: HashMap<String, u32>,
    packages: HashMap<String, Vec<u32>>,
}

impl Java {
    pub fn new(index: &Index<'_>) -> Java {
        let mut classes = HashMap::new();
        let mut packages: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, f) in index.files.iter().enumerate() {
            // Java imports Kotlin classes as it imports its own.
            if f.language == Language::Kotlin {
                let package = f.declares.first().cloned().unwrap_or_default();
                for t in &f.type_decls {
                    let fqn = if package.is_empty() {
                        t.qualified_name.clone()
                    } else {
                        format!("{package}.{}", t.qualified_name)
                    };
                    classes.entry(fqn).or_insert(i as u32);
                }
                continue;
            }
            if f.language != Language::Java {
                continue;
            }
            let class = f.path.rsplit('/').next().unwrap_or(&f.path).trim_end_matches(".java");
            let package = f.declares.first().cloned().unwrap_or_default();
            let fqn = if package.is_empty() { class.to_owned() } else { format!("{package}.{class}") };
            classes.entry(fqn).or_insert(i as u32);
            packages.entry(package).or_default().push(i as u32);
        }
        Java { classes, packages }
    }

    pub fn resolve(&self, _index: &Index<'_>, imp: &Import) -> Target {
        let spec = imp.specifier.as_str();
        if let Some(pkg) = spec.strip_suffix(".*") {
            if let Some(files) = self.packages.get(pkg) {
                return Target::Files(files.clone());
            }
            // `import static a.b.C.*`: the class.
            if let Some(&f) = self.classes.get(pkg) {
                return Target::Files(vec![f]);
            }
        }
        // The longest prefix that is a class: `a.b.C.Inner` and `a.b.C.member` are in `a.b.C`.
        let mut name = spec.trim_end_matches(".*");
        loop {
            if let Some(&f) = self.classes.get(name) {
                return Target::Files(vec![f]);
            }
            match name.rsplit_once('.') {
                Some((head, _)) => name = head,
                None => break,
            }
        }
        Target::External(jvm_package(spec))
    }
}

/// The external package a JVM import names: `java.util` of `java.util.List` (the standard
/// library's `java`, `javax` and `kotlin` by two segments), `org.junit.jupiter` of
/// `org.junit.jupiter.api.Test` (others by three).
pub(crate) fn jvm_package(spec: &str) -> String {
    let parts: Vec<&str> = spec.split('.').collect();
    let take = if matches!(parts.first(), Some(&("java" | "javax" | "kotlin"))) { 2 } else { 3 };
    parts.iter().take(take.min(parts.len().saturating_sub(1)).max(1)).copied().collect::<Vec<_>>().join(".")
}

/// C and C++: quoted includes relative to the including file, then the include directories of
/// compile_commands.json, then `include/` and `src/` roots; `<…>` are external unless found
/// in those directories.
pub(crate) struct C {
    dirs: Vec<String>,
}

impl C {
    pub fn new(index: &Index<'_>, root: &str, warnings: &mut Vec<Warning>) -> C {
        let mut dirs = Vec::new();
        for (path, text) in index.manifests_named("compile_commands.json") {
            match serde_json::from_str::<Value>(text) {
                Ok(Value::Array(entries)) => {
                    for e in entries {
                        let args: Vec<String> = match (e.get("arguments"), e.get("command")) {
                            (Some(Value::Array(a)), _) => {
                                a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect()
                            }
                            (_, Some(Value::String(c))) => c.split_whitespace().map(str::to_owned).collect(),
                            _ => continue,
                        };
                        let base = e.get("directory").and_then(Value::as_str).unwrap_or("");
                        let mut it = args.iter().peekable();
                        while let Some(a) = it.next() {
                            let dir = if a == "-I" || a == "-iquote" || a == "-isystem" {
                                it.next().cloned()
                            } else {
                                a.strip_prefix("-I").map(str::to_owned)
                            };
                            if let Some(d) = dir {
                                let rel = relative_to_root(root, base, &d);
                                if let Some(r) = rel
                                    && !dirs.contains(&r)
                                {
                                    dirs.push(r);
                                }
                            }
                        }
                    }
                }
                Ok(_) | Err(_) => warnings.push(Warning {
                    path: path.to_owned(),
                    message: "malformed compile_commands.json (expected an array); using include/ and src/"
                        .to_owned(),
                }),
            }
        }
        for d in ["include", "src", ""] {
            if !dirs.iter().any(|x| x == d) {
                dirs.push(d.to_owned());
            }
        }
        C { dirs }
    }

    pub fn resolve(&self, index: &Index<'_>, from: u32, imp: &Import) -> Target {
        let spec = imp.specifier.as_str();
        if !imp.system {
            let here = parent(&index.files[from as usize].path);
            if let Some(f) = join(here, spec).and_then(|p| index.file(&p)) {
                return Target::Files(vec![f]);
            }
        }
        for d in &self.dirs {
            if let Some(f) = join(d, spec).and_then(|p| index.file(&p)) {
                return Target::Files(vec![f]);
            }
        }
        if imp.system { Target::External(spec.to_owned()) } else { Target::Unresolved }
    }
}

/// An include directory from compile_commands.json, relative to the scan root; `None` when it
/// lies outside the tree.
fn relative_to_root(root: &str, base: &str, dir: &str) -> Option<String> {
    let full = if dir.starts_with('/') { dir.to_owned() } else { format!("{base}/{dir}") };
    let rel = full.strip_prefix(root)?.trim_start_matches('/');
    join("", rel)
}

/// C#: `using A.B;` depends on every file that declares namespace `A.B`.
pub(crate) struct CSharp {
    namespaces: HashMap<String, Vec<u32>>,
}

impl CSharp {
    pub fn new(index: &Index<'_>) -> CSharp {
        let mut namespaces: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, f) in index.files.iter().enumerate() {
            if f.language == Language::CSharp {
                for ns in &f.declares {
                    namespaces.entry(ns.clone()).or_default().push(i as u32);
                }
            }
        }
        CSharp { namespaces }
    }

    pub fn resolve(&self, imp: &Import) -> Target {
        match self.namespaces.get(&imp.specifier) {
            Some(files) => Target::Files(files.clone()),
            None => Target::External(imp.specifier.split('.').next().unwrap_or(&imp.specifier).to_owned()),
        }
    }
}
