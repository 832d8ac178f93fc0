//! Ruby: `require_relative` against the requiring file; `require`, `load` and `autoload`
//! against the load path a gem sets up (each gemspec's `require_paths`, `lib/` by default,
//! and every `lib/` folder of the repository), else an external gem.

use std::collections::BTreeSet;

use principal_model::{Import, Language};

use crate::index::Index;
use crate::{Target, join, parent};

pub(crate) struct Resolver {
    /// Load-path folders, from the root, in a fixed order.
    load_path: Vec<String>,
}

impl Resolver {
    pub fn new(index: &Index<'_>) -> Resolver {
        let mut load_path: BTreeSet<String> = BTreeSet::new();
        for (path, text) in index.manifests_named_suffix(".gemspec") {
            let dir = parent(path);
            let paths = require_paths(text);
            let paths = if paths.is_empty() { vec!["lib".to_owned()] } else { paths };
            for p in paths {
                if let Some(d) = join(dir, &p) {
                    load_path.insert(d);
                }
            }
        }
        for f in index.files.iter().filter(|f| f.language == Language::Ruby) {
            // `lib/` and `a/b/lib/` hold what `require "name/…"` loads.
            let mut dir = parent(&f.path);
            loop {
                if dir == "lib" || dir.ends_with("/lib") {
                    load_path.insert(dir.to_owned());
                }
                if dir.is_empty() {
                    break;
                }
                dir = parent(dir);
            }
        }
        Resolver { load_path: load_path.into_iter().collect() }
    }

    pub fn resolve(&self, index: &Index<'_>, from: u32, imp: &Import) -> Target {
        let spec = imp.specifier.as_str();
        let with_ext = |p: &str| if p.ends_with(".rb") { p.to_owned() } else { format!("{p}.rb") };
        let dir = parent(&index.files[from as usize].path);
        if spec.starts_with("./") || spec.starts_with("../") {
            return match join(dir, &with_ext(spec)).and_then(|p| index.file(&p)) {
                Some(f) => Target::Files(vec![f]),
                None => Target::Unresolved,
            };
        }
        if spec.starts_with('/') {
            return Target::Unresolved;
        }
        for root in &self.load_path {
            if let Some(f) = join(root, &with_ext(spec)).and_then(|p| index.file(&p)) {
                return Target::Files(vec![f]);
            }
        }
        // `load "tasks/x.rake"`, and `require "spec_helper"` (RSpec and Rake's test task put
        // `spec/` and `test/` on the load path): the file's own folder, the `spec`, `test` and
        // `lib` folders above it, then the root.
        let mut bases = vec![dir];
        let mut up = dir;
        while !up.is_empty() {
            let name = up.rsplit('/').next().unwrap_or(up);
            if matches!(name, "spec" | "test" | "lib") {
                bases.push(up);
            }
            up = parent(up);
        }
        bases.push("");
        for base in bases {
            if let Some(f) = join(base, &with_ext(spec)).and_then(|p| index.file(&p)) {
                return Target::Files(vec![f]);
            }
        }
        // A gem: `active_support/core_ext` comes from `active_support`'s gem.
        Target::External(spec.split('/').next().unwrap_or(spec).to_owned())
    }
}

/// The folders of `spec.require_paths = ["lib", "ext"]` (or `<<` and `%w[…]` forms).
fn require_paths(gemspec: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in gemspec.lines() {
        let t = line.trim();
        let Some(at) = t.find(".require_paths") else { continue };
        let rest = &t[at + ".require_paths".len()..];
        let rest = rest.trim_start().trim_start_matches(['=', '<']).trim_start();
        if let Some(words) = rest.strip_prefix("%w[").or_else(|| rest.strip_prefix("%w(")) {
            out.extend(words.trim_end_matches([']', ')']).split_whitespace().map(str::to_owned));
            continue;
        }
        for part in rest.split(['"', '\'']).skip(1).step_by(2) {
            if !part.is_empty() && !part.contains("#{") {
                out.push(part.to_owned());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn require_paths_forms() {
        assert_eq!(super::require_paths("  s.require_paths = [\"lib\", 'ext']\n"), ["lib", "ext"]);
        assert_eq!(super::require_paths("spec.require_paths = %w[lib vendor]"), ["lib", "vendor"]);
        assert_eq!(super::require_paths("s.require_paths << \"gen\""), ["gen"]);
        assert!(super::require_paths("s.files = Dir['lib/**']").is_empty());
    }
}
