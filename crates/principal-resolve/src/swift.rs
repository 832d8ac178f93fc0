//! Swift: `import X` to the files of the package target named `X` (Package.swift's `.target`,
//! `.executableTarget`, `.testTarget`, `.macro` and `.plugin`, in `Sources/X` or `Tests/X`, or at
//! their `path:`), else to a `Sources/X` folder; any other module is external (`Foundation`).

use std::collections::BTreeMap;

use principal_model::{Import, Language};

use crate::index::Index;
use crate::{Target, join, parent};

pub(crate) struct Resolver {
    /// Module name -> the Swift files of its target.
    modules: BTreeMap<String, Vec<u32>>,
}

/// A target of a Package.swift: its name and folder.
pub(crate) struct SwiftTarget {
    pub name: String,
    pub dir: String,
}

/// The targets a Package.swift declares, read from its text (it is Swift code; the declarations
/// that matter are literal calls: `.target(name: "Core", path: "Sources/Core")`).
pub(crate) fn targets(manifest_path: &str, text: &str) -> Vec<SwiftTarget> {
    let base = parent(manifest_path);
    let mut out = Vec::new();
    for kind in [".target(", ".executableTarget(", ".testTarget(", ".macro(", ".plugin(", ".systemLibrary("] {
        let mut rest = text;
        while let Some(at) = rest.find(kind) {
            rest = &rest[at + kind.len()..];
            // The call's own arguments, up to its closing parenthesis.
            let mut depth = 1usize;
            let end = rest
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '(' | '[' => depth += 1,
                        ')' | ']' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(rest.len(), |(i, _)| i);
            let args = &rest[..end];
            let Some(name) = string_argument(args, "name:") else { continue };
            let default =
                if kind == ".testTarget(" { format!("Tests/{name}") } else { format!("Sources/{name}") };
            let dir = string_argument(args, "path:").unwrap_or(default);
            if let Some(dir) = join(base, dir.trim_end_matches('/')) {
                out.push(SwiftTarget { name, dir });
            }
        }
    }
    out
}

/// The string literal after `label` in a call's arguments, at their top level.
fn string_argument(args: &str, label: &str) -> Option<String> {
    let at = args.find(label)?;
    let rest = args[at + label.len()..].trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].to_owned())
}

impl Resolver {
    pub fn new(index: &Index<'_>) -> Resolver {
        let mut dirs: BTreeMap<String, String> = BTreeMap::new();
        for (path, text) in index.manifests_named("Package.swift") {
            for t in targets(path, text) {
                dirs.entry(t.name).or_insert(t.dir);
            }
        }
        // One pass over the files: each Swift file into the target whose folder holds it, else
        // the module its `Sources/<Module>/` folder names.
        let by_dir: BTreeMap<&str, &str> = dirs.iter().map(|(n, d)| (d.as_str(), n.as_str())).collect();
        let mut modules: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (i, f) in index.files.iter().enumerate().filter(|(_, f)| f.language == Language::Swift) {
            let mut dir = parent(&f.path);
            let mut target = None;
            while !dir.is_empty() {
                if let Some(name) = by_dir.get(dir) {
                    target = Some((*name).to_owned());
                    break;
                }
                dir = parent(dir);
            }
            let target = target.or_else(|| {
                let parts: Vec<&str> = f.path.split('/').collect();
                let at = parts.iter().position(|p| *p == "Sources")?;
                // `Sources/<Module>/…/file.swift`.
                (at + 2 < parts.len()).then(|| parts[at + 1].to_owned())
            });
            if let Some(t) = target {
                modules.entry(t).or_default().push(i as u32);
            }
        }
        Resolver { modules }
    }

    pub fn resolve(&self, imp: &Import) -> Target {
        let module = imp.specifier.as_str();
        match self.modules.get(module) {
            Some(files) => Target::Files(files.clone()),
            None => Target::External(module.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn package_targets_and_paths() {
        let text = r#"
let package = Package(
    name: "Shop",
    targets: [
        .target(name: "Core", dependencies: [.product(name: "NIO", package: "swift-nio")]),
        .executableTarget(name: "shop", dependencies: ["Core"], path: "Sources/CLI/"),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
    ]
)
"#;
        let got: Vec<(String, String)> =
            super::targets("Package.swift", text).into_iter().map(|t| (t.name, t.dir)).collect();
        assert_eq!(
            got,
            [
                ("Core".to_owned(), "Sources/Core".to_owned()),
                ("shop".to_owned(), "Sources/CLI".to_owned()),
                ("CoreTests".to_owned(), "Tests/CoreTests".to_owned()),
            ]
        );
    }
}
