//! JavaScript and TypeScript: relative paths with extension and index resolution, tsconfig
//! `baseUrl` and `paths` (following `extends`), package.json `imports` (`#alias`), and the
//! packages of a monorepo's workspaces.

use std::collections::HashMap;

use principal_model::{Import, Warning};
use serde_json::Value;

use crate::index::Index;
use crate::{Target, join, parent};

const EXTENSIONS: &[&str] = &[".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];

/// The compiler options of one tsconfig.json or jsconfig.json, after `extends`.
#[derive(Default, Clone)]
struct TsConfig {
    /// Directory that `paths` targets are relative to.
    base: Option<String>,
    paths: Vec<(String, Vec<String>)>,
}

struct Package {
    dir: String,
    /// Entry points to try, relative to `dir`.
    entries: Vec<String>,
    /// `imports` map: `#x` or `#x/*` -> target.
    imports: Vec<(String, String)>,
    /// `exports` subpaths: `./addons/*` -> `./lib/*`.
    exports: Vec<(String, String)>,
}

pub(crate) struct Resolver {
    /// Directory -> its tsconfig (only directories that have one).
    tsconfigs: HashMap<String, TsConfig>,
    /// Directory -> package.json.
    packages: HashMap<String, Package>,
    /// Package name -> directory, for workspace packages.
    by_name: HashMap<String, String>,
}

/// Parses JSON with comments and trailing commas, as tsconfig.json allows.
pub(crate) fn parse_jsonc(text: &str) -> serde_json::Result<Value> {
    // A byte-order mark is not JSON; editors on Windows write one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            if c == b'\\' && i + 1 < bytes.len() {
                // The escaped character may be more than one byte (`\é`).
                let len = 1 + text[i + 1..].chars().next().map_or(0, char::len_utf8);
                out.push_str(&text[i..i + len]);
                i += len;
                continue;
            }
            if c == b'"' {
                in_string = false;
            }
        } else if c == b'"' {
            in_string = true;
        } else if c == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        } else if c == b'/' && bytes.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
            continue;
        } else if c == b',' {
            let next = bytes[i + 1..].iter().find(|b| !b.is_ascii_whitespace());
            if matches!(next, Some(b'}') | Some(b']')) {
                i += 1;
                continue;
            }
        }
        let len = text[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&text[i..i + len]);
        i += len;
    }
    serde_json::from_str(&out)
}

impl Resolver {
    pub fn new(index: &Index<'_>, warnings: &mut Vec<Warning>) -> Resolver {
        let mut raw: HashMap<String, Value> = HashMap::new();
        for (path, text) in index.manifests.iter() {
            let name = path.rsplit('/').next().unwrap_or(path);
            if name.starts_with("tsconfig") || name.starts_with("jsconfig") {
                match parse_jsonc(text) {
                    Ok(v) => {
                        raw.insert((*path).to_owned(), v);
                    }
                    Err(e) => warnings.push(Warning {
                        path: (*path).to_owned(),
                        message: format!("malformed JSON, ignored for import resolution: {e}"),
                    }),
                }
            }
        }
        let mut tsconfigs = HashMap::new();
        for path in raw.keys() {
            let name = path.rsplit('/').next().unwrap_or(path);
            if name == "tsconfig.json" || name == "jsconfig.json" {
                let cfg = load_tsconfig(path, &raw, 0);
                tsconfigs.entry(parent(path).to_owned()).or_insert(cfg);
            }
        }

        let mut packages = HashMap::new();
        let mut by_name = HashMap::new();
        for (path, text) in index.manifests_named("package.json") {
            let v: Value = match serde_json::from_str(text) {
                Ok(v) => v,
                Err(e) => {
                    warnings.push(Warning {
                        path: path.to_owned(),
                        message: format!("malformed package.json, ignored for import resolution: {e}"),
                    });
                    continue;
                }
            };
            let dir = parent(path).to_owned();
            let name = v.get("name").and_then(Value::as_str).map(str::to_owned);
            let mut entries = Vec::new();
            for key in ["source", "types", "typings", "module", "main"] {
                if let Some(e) = v.get(key).and_then(Value::as_str) {
                    entries.push(e.to_owned());
                }
            }
            let mut exports = Vec::new();
            if let Some(e) = v.get("exports") {
                let dot = e.get(".").unwrap_or(e);
                collect_strings(dot, &mut entries);
                if let Value::Object(map) = e {
                    for (k, t) in map.iter().filter(|(k, _)| k.starts_with("./")) {
                        let mut targets = Vec::new();
                        collect_strings(t, &mut targets);
                        if let Some(t) = targets.into_iter().next() {
                            exports.push((k.clone(), t));
                        }
                    }
                }
            }
            entries.extend(["index".to_owned(), "src/index".to_owned()]);
            let mut imports = Vec::new();
            if let Some(Value::Object(map)) = v.get("imports") {
                for (k, t) in map {
                    let mut targets = Vec::new();
                    collect_strings(t, &mut targets);
                    if let Some(t) = targets.into_iter().next() {
                        imports.push((k.clone(), t));
                    }
                }
            }
            if let Some(n) = &name
                && (!dir.is_empty() || !by_name.contains_key(n))
            {
                by_name.insert(n.clone(), dir.clone());
            }
            packages.insert(dir.clone(), Package { dir, entries, imports, exports });
        }
        Resolver { tsconfigs, packages, by_name }
    }

    fn nearest<'s, T>(map: &'s HashMap<String, T>, from_dir: &str) -> Option<&'s T> {
        let mut dir = from_dir;
        loop {
            if let Some(t) = map.get(dir) {
                return Some(t);
            }
            if dir.is_empty() {
                return None;
            }
            dir = parent(dir);
        }
    }

    pub fn resolve(&self, index: &Index<'_>, from: u32, imp: &Import) -> Target {
        let spec = imp.specifier.split(['?', '#']).next().unwrap_or(&imp.specifier);
        let spec = if imp.specifier.starts_with('#') { imp.specifier.as_str() } else { spec };
        let dir = parent(&index.files[from as usize].path);
        if spec.starts_with("./") || spec.starts_with("../") || spec == "." || spec == ".." {
            return match join(dir, spec).and_then(|p| file_or_dir(index, &p)) {
                Some(f) => Target::Files(vec![f]),
                None => Target::Unresolved,
            };
        }
        if spec.contains("${") || spec.is_empty() || spec.contains("://") || spec.starts_with("data:") {
            return Target::Ignore; // templates, URLs and data: imports name no file or package
        }
        if let Some(alias) = spec.strip_prefix('#').map(|_| spec) {
            if let Some(pkg) = Self::nearest(&self.packages, dir) {
                for (key, target) in &pkg.imports {
                    let mapped = match key.strip_suffix('*') {
                        Some(prefix) => alias.strip_prefix(prefix).map(|rest| target.replace('*', rest)),
                        None => (key == alias).then(|| target.clone()),
                    };
                    if let Some(m) = mapped
                        && let Some(f) = join(&pkg.dir, &m).and_then(|p| file_or_dir(index, &p))
                    {
                        return Target::Files(vec![f]);
                    }
                }
            }
            return Target::Unresolved;
        }
        if let Some(cfg) = Self::nearest(&self.tsconfigs, dir) {
            for (pattern, targets) in &cfg.paths {
                let rest = match pattern.strip_suffix('*') {
                    Some(prefix) => spec.strip_prefix(prefix),
                    None => (pattern == spec).then_some(""),
                };
                let Some(rest) = rest else { continue };
                let base = cfg.base.as_deref().unwrap_or("");
                for t in targets {
                    let mapped = t.replace('*', rest);
                    if let Some(f) = join(base, &mapped).and_then(|p| file_or_dir(index, &p)) {
                        return Target::Files(vec![f]);
                    }
                }
            }
            if let Some(base) = &cfg.base
                && let Some(f) = join(base, spec).and_then(|p| file_or_dir(index, &p))
            {
                return Target::Files(vec![f]);
            }
        }
        // Workspace packages: `@scope/name` or `name`, then an optional subpath.
        let (name, sub) = split_package(spec);
        if let Some(pkg_dir) = self.by_name.get(name) {
            let pkg = &self.packages[pkg_dir];
            let exported = sub.and_then(|sub| {
                let want = format!("./{sub}");
                pkg.exports.iter().find_map(|(key, target)| {
                    let mapped = match key.split_once('*') {
                        Some((pre, post)) => want
                            .strip_prefix(pre)
                            .and_then(|r| r.strip_suffix(post))
                            .map(|mid| target.replace('*', mid)),
                        None => (*key == want).then(|| target.clone()),
                    }?;
                    join(&pkg.dir, &mapped).and_then(|p| file_or_dir(index, &p))
                })
            });
            let found = exported.or_else(|| match sub {
                Some(sub) => join(&pkg.dir, sub)
                    .and_then(|p| file_or_dir(index, &p))
                    .or_else(|| join(&pkg.dir, &format!("src/{sub}")).and_then(|p| file_or_dir(index, &p))),
                None => {
                    pkg.entries.iter().find_map(|e| join(&pkg.dir, e).and_then(|p| file_or_dir(index, &p)))
                }
            });
            if let Some(f) = found {
                return Target::Files(vec![f]);
            }
        }
        let package = name.strip_prefix("node:").unwrap_or(name);
        Target::External(package.to_owned())
    }
}

fn split_package(spec: &str) -> (&str, Option<&str>) {
    let cut =
        if spec.starts_with('@') { spec.match_indices('/').nth(1).map(|(i, _)| i) } else { spec.find('/') };
    match cut {
        Some(i) => (&spec[..i], Some(&spec[i + 1..])),
        None => (spec, None),
    }
}

fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Object(m) => {
            for key in ["source", "types", "import", "module", "default", "require", "node"] {
                if let Some(x) = m.get(key) {
                    collect_strings(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

fn load_tsconfig(path: &str, raw: &HashMap<String, Value>, depth: u32) -> TsConfig {
    let Some(v) = raw.get(path) else { return TsConfig::default() };
    let dir = parent(path);
    let mut cfg = match v.get("extends").and_then(Value::as_str) {
        Some(ext) if depth < 8 && (ext.starts_with("./") || ext.starts_with("../")) => {
            let mut target = join(dir, ext).unwrap_or_default();
            if !target.ends_with(".json") {
                target.push_str(".json");
            }
            load_tsconfig(&target, raw, depth + 1)
        }
        _ => TsConfig::default(),
    };
    let opts = v.get("compilerOptions");
    if let Some(base) = opts.and_then(|o| o.get("baseUrl")).and_then(Value::as_str) {
        cfg.base = join(dir, base);
    }
    if let Some(Value::Object(paths)) = opts.and_then(|o| o.get("paths")) {
        if cfg.base.is_none() {
            cfg.base = Some(dir.to_owned());
        }
        cfg.paths = paths
            .iter()
            .map(|(k, t)| {
                let mut targets = Vec::new();
                collect_strings(t, &mut targets);
                (k.clone(), targets)
            })
            .collect();
    }
    cfg
}

/// A path as a file, with an extension added, with `.js` swapped for `.ts`, or as a directory
/// with an index file.
fn file_or_dir(index: &Index<'_>, path: &str) -> Option<u32> {
    if let Some(f) = index.file(path) {
        return Some(f);
    }
    for ext in EXTENSIONS {
        if let Some(f) = index.file(&format!("{path}{ext}")) {
            return Some(f);
        }
    }
    for (js, ts) in [(".js", ".ts"), (".js", ".tsx"), (".jsx", ".tsx"), (".mjs", ".mts"), (".cjs", ".cts")] {
        if let Some(stem) = path.strip_suffix(js)
            && let Some(f) = index.file(&format!("{stem}{ts}"))
        {
            return Some(f);
        }
    }
    EXTENSIONS.iter().find_map(|ext| index.file(&format!("{path}/index{ext}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonc_backslash_before_a_non_ascii_character_is_not_a_panic() {
        assert!(parse_jsonc("{\"compilerOptions\": {\"baseUrl\": \".\\é\"}}").is_err());
        assert!(parse_jsonc("\"\\").is_err());
    }

    #[test]
    fn jsonc_with_a_byte_order_mark_parses() {
        let v = parse_jsonc("\u{feff}{\"a\": 1}").expect("parses");
        assert_eq!(v["a"], 1);
    }

    #[test]
    fn jsonc() {
        let v = parse_jsonc("{\n // c\n \"a\": \"x//y\", /* b */ \"c\": [1,2,],\n}").expect("parses");
        assert_eq!(v["a"], "x//y");
        assert_eq!(v["c"][1], 2);
    }

    #[test]
    fn package_names() {
        assert_eq!(split_package("@a/b/c/d"), ("@a/b", Some("c/d")));
        assert_eq!(split_package("lodash"), ("lodash", None));
        assert_eq!(split_package("lodash/fp"), ("lodash", Some("fp")));
    }
}
