//! The dependency inventory: every lockfile and manifest parsed into packages with a purl,
//! direct or transitive where the format says, and the dependency graph where it is known.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Package {
    /// OSV's ecosystem name: `crates.io`, `npm`, `PyPI`, `Go`, `RubyGems`, `Packagist`, `Maven`.
    pub ecosystem: String,
    pub name: String,
    pub version: String,
    /// The lockfile or manifest it came from.
    pub manifest: String,
    /// `None` when the format does not say.
    pub direct: Option<bool>,
    /// A development dependency only (npm's `dev`, composer's `packages-dev`, Pipfile's
    /// `develop`, poetry's `dev` category); `None` when the format does not say.
    pub dev: Option<bool>,
    pub purl: String,
}

/// What one file gave.
#[derive(Debug, Default)]
pub struct Parsed {
    pub packages: Vec<Package>,
    /// (purl, purl): the first depends on the second.
    pub edges: Vec<(String, String)>,
    /// What the file declares that the inventory could not take: an unpinned requirement, an
    /// include that is missing, a package from a URL.
    pub warnings: Vec<String>,
}

/// The file names this module reads.
pub fn is_dependency_file(name: &str) -> bool {
    matches!(
        name,
        "Cargo.lock"
            | "package-lock.json"
            | "npm-shrinkwrap.json"
            | "yarn.lock"
            | "pnpm-lock.yaml"
            | "poetry.lock"
            | "uv.lock"
            | "Pipfile.lock"
            | "go.mod"
            | "Gemfile.lock"
            | "composer.lock"
            | "pom.xml"
            | "gradle.lockfile"
    ) || (name.starts_with("requirements") && name.ends_with(".txt"))
        || (name.ends_with(".lockfile") && name.contains("gradle"))
}

/// The package URL (purl spec) of a package.
pub fn purl(ecosystem: &str, name: &str, version: &str) -> String {
    let enc = |s: &str| s.replace('@', "%40");
    match ecosystem {
        "crates.io" => format!("pkg:cargo/{name}@{version}"),
        "npm" => format!("pkg:npm/{}@{version}", enc(name)),
        "PyPI" => format!("pkg:pypi/{}@{version}", normalize_pypi(name)),
        "Go" => format!("pkg:golang/{name}@{version}"),
        "RubyGems" => format!("pkg:gem/{name}@{version}"),
        "Packagist" => format!("pkg:composer/{name}@{version}"),
        "Maven" => format!("pkg:maven/{}@{version}", name.replacen(':', "/", 1)),
        _ => format!("pkg:generic/{name}@{version}"),
    }
}

/// PEP 503 normalisation: lowercase, runs of `-_.` as one `-`.
pub fn normalize_pypi(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
        } else {
            if sep && !out.is_empty() {
                out.push('-');
            }
            sep = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

fn pkg(ecosystem: &str, name: &str, version: &str, manifest: &str, direct: Option<bool>) -> Package {
    Package {
        ecosystem: ecosystem.to_owned(),
        name: name.to_owned(),
        version: version.to_owned(),
        manifest: manifest.to_owned(),
        direct,
        dev: None,
        purl: purl(ecosystem, name, version),
    }
}

fn dev(mut p: Package, dev: bool) -> Package {
    p.dev = Some(dev);
    p
}

/// Parses one dependency file. `siblings` gives the text of a manifest next to it
/// (package.json, pyproject.toml, composer.json, Gemfile) by file name, to tell direct
/// dependencies where the lockfile does not.
pub fn parse(path: &str, text: &str, sibling: &dyn Fn(&str) -> Option<String>) -> Result<Parsed, String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name {
        "Cargo.lock" => cargo_lock(path, text),
        "package-lock.json" | "npm-shrinkwrap.json" => package_lock(path, text),
        "yarn.lock" => Ok(yarn_lock(path, text, &npm_direct(sibling))),
        "pnpm-lock.yaml" => Ok(pnpm_lock(path, text)),
        "poetry.lock" => toml_packages(path, text, "PyPI", &python_direct(sibling)),
        "uv.lock" => uv_lock(path, text),
        "Pipfile.lock" => pipfile_lock(path, text),
        "go.mod" => Ok(go_mod(path, text)),
        "Gemfile.lock" => Ok(gemfile_lock(path, text)),
        "composer.lock" => composer_lock(path, text, sibling),
        "pom.xml" => Ok(pom(path, text)),
        n if n.starts_with("requirements") => Ok(requirements(path, text, sibling)),
        _ => Ok(gradle_lock(path, text)),
    }
}

fn cargo_lock(path: &str, text: &str) -> Result<Parsed, String> {
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let list = doc.get("package").and_then(|p| p.as_array()).cloned().unwrap_or_default();
    struct P {
        name: String,
        version: String,
        local: bool,
        deps: Vec<String>,
    }
    let ps: Vec<P> = list
        .iter()
        .filter_map(|p| {
            Some(P {
                name: p.get("name")?.as_str()?.to_owned(),
                version: p.get("version")?.as_str()?.to_owned(),
                local: p.get("source").is_none(),
                deps: p
                    .get("dependencies")
                    .and_then(|d| d.as_array())
                    .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default(),
            })
        })
        .collect();
    // A dependency is "name" or "name version" (when several versions are locked).
    let resolve = |dep: &str| -> Option<usize> {
        let mut it = dep.split(' ');
        let name = it.next()?;
        let version = it.next();
        ps.iter().position(|p| p.name == name && version.is_none_or(|v| p.version == v))
    };
    let direct: BTreeSet<usize> =
        ps.iter().filter(|p| p.local).flat_map(|p| p.deps.iter().filter_map(|d| resolve(d))).collect();
    let mut out = Parsed::default();
    for (i, p) in ps.iter().enumerate() {
        if p.local {
            continue;
        }
        out.packages.push(pkg("crates.io", &p.name, &p.version, path, Some(direct.contains(&i))));
        for d in &p.deps {
            if let Some(j) = resolve(d).filter(|&j| !ps[j].local) {
                out.edges.push((
                    purl("crates.io", &p.name, &p.version),
                    purl("crates.io", &ps[j].name, &ps[j].version),
                ));
            }
        }
    }
    Ok(out)
}

fn package_lock(path: &str, text: &str) -> Result<Parsed, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut out = Parsed::default();
    if let Some(packages) = v.get("packages").and_then(|p| p.as_object()) {
        // v2 and v3: keys are install paths.
        let root = packages.get("").cloned().unwrap_or_default();
        let mut direct: BTreeSet<String> = BTreeSet::new();
        for key in ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"] {
            if let Some(m) = root.get(key).and_then(|x| x.as_object()) {
                direct.extend(m.keys().cloned());
            }
        }
        let mut by_path: BTreeMap<&str, (String, String)> = BTreeMap::new();
        for (key, p) in packages {
            let Some(idx) = key.rfind("node_modules/") else { continue };
            if p.get("link").and_then(|l| l.as_bool()) == Some(true) {
                continue;
            }
            let name = p.get("name").and_then(|n| n.as_str()).unwrap_or(&key[idx + 13..]).to_owned();
            let Some(version) = p.get("version").and_then(|x| x.as_str()) else { continue };
            let top = key.matches("node_modules/").count() == 1;
            let is_dev = p.get("dev").and_then(|d| d.as_bool()) == Some(true);
            out.packages
                .push(dev(pkg("npm", &name, version, path, Some(top && direct.contains(&name))), is_dev));
            by_path.insert(key.as_str(), (name, version.to_owned()));
        }
        // Edges: node resolution, the nearest node_modules up the install path.
        for (key, p) in packages {
            let Some((name, version)) = by_path.get(key.as_str()) else { continue };
            let Some(deps) = p.get("dependencies").and_then(|d| d.as_object()) else { continue };
            for dep in deps.keys() {
                let mut base = key.as_str();
                loop {
                    let candidate = format!("{base}/node_modules/{dep}");
                    let candidate = candidate.trim_start_matches('/');
                    if let Some((n, v)) = by_path.get(candidate) {
                        out.edges.push((purl("npm", name, version), purl("npm", n, v)));
                        break;
                    }
                    match base.rfind("/node_modules/") {
                        Some(i) => base = &base[..i],
                        None if !base.is_empty() => base = "",
                        None => break,
                    }
                }
            }
        }
    } else if let Some(deps) = v.get("dependencies").and_then(|d| d.as_object()) {
        // v1: nested `dependencies`; the top level is direct unless marked as a sub-dependency.
        fn walk(m: &serde_json::Map<String, serde_json::Value>, top: bool, path: &str, out: &mut Parsed) {
            for (name, d) in m {
                if let Some(version) = d.get("version").and_then(|x| x.as_str()) {
                    let is_dev = d.get("dev").and_then(|x| x.as_bool()) == Some(true);
                    out.packages.push(dev(pkg("npm", name, version, path, Some(top)), is_dev));
                }
                if let Some(sub) = d.get("dependencies").and_then(|x| x.as_object()) {
                    walk(sub, false, path, out);
                }
            }
        }
        walk(deps, true, path, &mut out);
    }
    Ok(out)
}

fn npm_direct(sibling: &dyn Fn(&str) -> Option<String>) -> BTreeSet<String> {
    let Some(text) = sibling("package.json") else { return BTreeSet::new() };
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"]
        .iter()
        .filter_map(|k| v.get(*k).and_then(|x| x.as_object()))
        .flat_map(|m| m.keys().cloned())
        .collect()
}

/// The package name of a yarn or pnpm spec: `@scope/name@^1`, `name@npm:1.2.3`.
fn spec_name(spec: &str) -> &str {
    let s = spec.trim().trim_matches('"');
    // The first `@` after the first character (a scope's `@` starts the name).
    match s.char_indices().skip(1).find(|&(_, c)| c == '@') {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// `name@version` split at the last `@` after the first character.
fn split_at_version(key: &str) -> Option<(&str, &str)> {
    let (i, _) = key.char_indices().skip(1).filter(|&(_, c)| c == '@').last()?;
    Some((&key[..i], &key[i + 1..]))
}

fn yarn_lock(path: &str, text: &str, direct: &BTreeSet<String>) -> Parsed {
    let mut out = Parsed::default();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ') && line.ends_with(':') {
            let first = line.trim_end_matches(':').split(',').next().unwrap_or("");
            let name = spec_name(first);
            current = (name != "__metadata" && !name.is_empty()).then(|| name.to_owned());
            continue;
        }
        let t = line.trim();
        let version = t.strip_prefix("version ").or_else(|| t.strip_prefix("version: "));
        if let (Some(name), Some(v)) = (&current, version)
            && line.starts_with("  ")
            && !line.starts_with("    ")
        {
            let v = v.trim().trim_matches('"');
            let is_direct = if direct.is_empty() { None } else { Some(direct.contains(name)) };
            out.packages.push(pkg("npm", name, v, path, is_direct));
            current = None;
        }
    }
    out
}

fn pnpm_lock(path: &str, text: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut section = "";
    let mut direct: BTreeSet<String> = BTreeSet::new();
    let mut in_deps = false;
    for line in text.lines() {
        if !line.starts_with(' ') && line.ends_with(':') {
            section = line.trim_end_matches(':');
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        match section {
            "importers" | "dependencies" | "devDependencies" | "optionalDependencies" => {
                if section != "importers" && indent == 2 {
                    direct.insert(t.split(':').next().unwrap_or("").trim_matches(['\'', '"']).to_owned());
                } else if section == "importers" {
                    if indent == 4 {
                        in_deps = matches!(t, "dependencies:" | "devDependencies:" | "optionalDependencies:");
                    } else if indent == 6 && in_deps {
                        direct.insert(t.split(':').next().unwrap_or("").trim_matches(['\'', '"']).to_owned());
                    }
                }
            }
            "packages" if indent == 2 && t.ends_with(':') => {
                // `/name@1.2.3:` (v6), `name@1.2.3:` (v9), `/name/1.2.3:` (v5); peers in `(…)`.
                let key = t.trim_end_matches(':').trim_matches(['\'', '"']).trim_start_matches('/');
                let key = key.split('(').next().unwrap_or(key);
                let (name, version) = match split_at_version(key) {
                    Some(x) => x,
                    None => match key.rfind('/') {
                        Some(i) => (&key[..i], &key[i + 1..]),
                        None => continue,
                    },
                };
                out.packages.push(pkg("npm", name, version, path, None));
            }
            _ => {}
        }
    }
    if !direct.is_empty() {
        for p in &mut out.packages {
            p.direct = Some(direct.contains(&p.name));
        }
    }
    out
}

fn python_direct(sibling: &dyn Fn(&str) -> Option<String>) -> BTreeSet<String> {
    let Some(text) = sibling("pyproject.toml") else { return BTreeSet::new() };
    let doc: toml::Table = text.parse().unwrap_or_default();
    let mut out = BTreeSet::new();
    if let Some(deps) = doc.get("project").and_then(|p| p.get("dependencies")).and_then(|d| d.as_array()) {
        for d in deps.iter().filter_map(|d| d.as_str()) {
            let name: String =
                d.chars().take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')).collect();
            out.insert(normalize_pypi(&name));
        }
    }
    if let Some(deps) = doc
        .get("tool")
        .and_then(|t| t.get("poetry"))
        .and_then(|p| p.get("dependencies"))
        .and_then(|d| d.as_table())
    {
        out.extend(deps.keys().filter(|k| *k != "python").map(|k| normalize_pypi(k)));
    }
    out
}

fn toml_packages(path: &str, text: &str, eco: &str, direct: &BTreeSet<String>) -> Result<Parsed, String> {
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let mut out = Parsed::default();
    for p in doc.get("package").and_then(|p| p.as_array()).into_iter().flatten() {
        let (Some(name), Some(version)) =
            (p.get("name").and_then(|x| x.as_str()), p.get("version").and_then(|x| x.as_str()))
        else {
            continue;
        };
        let d = if direct.is_empty() { None } else { Some(direct.contains(&normalize_pypi(name))) };
        let mut package = pkg(eco, name, version, path, d);
        // Poetry before 1.5 says `category = "dev"` or `"main"`.
        package.dev = p.get("category").and_then(|c| c.as_str()).map(|c| c == "dev");
        out.packages.push(package);
    }
    Ok(out)
}

fn uv_lock(path: &str, text: &str) -> Result<Parsed, String> {
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let list = doc.get("package").and_then(|p| p.as_array()).cloned().unwrap_or_default();
    let is_root = |p: &toml::Value| {
        p.get("source")
            .and_then(|s| s.as_table())
            .is_some_and(|s| s.contains_key("editable") || s.contains_key("virtual"))
    };
    let names = |p: &toml::Value, key: &str| -> Vec<String> {
        p.get(key)
            .and_then(|d| d.as_array())
            .map(|a| {
                a.iter().filter_map(|x| x.get("name").and_then(|n| n.as_str()).map(normalize_pypi)).collect()
            })
            .unwrap_or_default()
    };
    let direct: BTreeSet<String> =
        list.iter().filter(|p| is_root(p)).flat_map(|p| names(p, "dependencies")).collect();
    let version_of: BTreeMap<String, String> = list
        .iter()
        .filter_map(|p| {
            Some((normalize_pypi(p.get("name")?.as_str()?), p.get("version")?.as_str()?.to_owned()))
        })
        .collect();
    let mut out = Parsed::default();
    for p in list.iter().filter(|p| !is_root(p)) {
        let (Some(name), Some(version)) =
            (p.get("name").and_then(|x| x.as_str()), p.get("version").and_then(|x| x.as_str()))
        else {
            continue;
        };
        out.packages.push(pkg("PyPI", name, version, path, Some(direct.contains(&normalize_pypi(name)))));
        for d in names(p, "dependencies") {
            if let Some(v) = version_of.get(&d) {
                out.edges.push((purl("PyPI", name, version), purl("PyPI", &d, v)));
            }
        }
    }
    Ok(out)
}

fn pipfile_lock(path: &str, text: &str) -> Result<Parsed, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut out = Parsed::default();
    for section in ["default", "develop"] {
        for (name, d) in v.get(section).and_then(|s| s.as_object()).into_iter().flatten() {
            if let Some(version) = d.get("version").and_then(|x| x.as_str()) {
                let p = pkg("PyPI", name, version.trim_start_matches("=="), path, None);
                out.packages.push(dev(p, section == "develop"));
            }
        }
    }
    Ok(out)
}

/// How deep `-r` includes are followed.
const MAX_INCLUDE_DEPTH: usize = 8;

/// A pip requirements file: pinned requirements (`name==1.0`, `name === 1.0`, with extras and
/// markers), following `-r`/`--requirement` includes through `sibling` (a path relative to
/// this file's directory). Unpinned requirements, URLs and missing includes are warnings.
fn requirements(path: &str, text: &str, sibling: &dyn Fn(&str) -> Option<String>) -> Parsed {
    let mut out = Parsed::default();
    let mut seen = BTreeSet::from([path.to_owned()]);
    requirements_into(path, "", text, sibling, 0, &mut seen, &mut out);
    out
}

fn requirements_into(
    path: &str,
    rel_dir: &str,
    text: &str,
    sibling: &dyn Fn(&str) -> Option<String>,
    depth: usize,
    seen: &mut BTreeSet<String>,
    out: &mut Parsed,
) {
    // A backslash at the end of a line continues it.
    let joined = text.replace("\\\r\n", " ").replace("\\\n", " ");
    for (n, raw) in joined.lines().enumerate() {
        let line = raw.split(" #").next().unwrap_or("");
        let line = if line.trim_start().starts_with('#') { "" } else { line.trim() };
        if line.is_empty() {
            continue;
        }
        let at = format!("{path}:{}", n + 1);
        if let Some(include) = line
            .strip_prefix("-r")
            .or_else(|| line.strip_prefix("--requirement"))
            .map(|r| r.trim_start_matches('=').trim())
        {
            let target = if rel_dir.is_empty() { include.to_owned() } else { format!("{rel_dir}/{include}") };
            let shown = normalise(path, include);
            if depth >= MAX_INCLUDE_DEPTH || !seen.insert(shown.clone()) {
                continue;
            }
            match sibling(&target) {
                Some(body) => {
                    let dir = target.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
                    requirements_into(&shown, &dir, &body, sibling, depth + 1, seen, out);
                }
                None => out.warnings.push(format!(
                    "{at}: includes {include}, which cannot be read; its requirements are left out"
                )),
            }
            continue;
        }
        if line.starts_with('-') {
            // Options (`-c`, `--index-url`, `-e` of a local path) declare no package here.
            if line.starts_with("-e") || line.starts_with("--editable") {
                out.warnings
                    .push(format!("{at}: `{line}` is an editable install, not a registry package; left out"));
            }
            continue;
        }
        let spec = line.split(';').next().unwrap_or("").trim();
        if spec.contains("://") || spec.contains(" @ ") {
            out.warnings.push(format!("{at}: `{spec}` comes from a URL, not a registry; left out"));
            continue;
        }
        let pinned = spec.split_once("===").or_else(|| spec.split_once("=="));
        let Some((name, version)) = pinned else {
            out.warnings.push(format!(
                "{at}: `{spec}` pins no version; it is left out of the inventory and the vulnerability match"
            ));
            continue;
        };
        let name = name.split('[').next().unwrap_or(name).trim();
        let version = version.trim().split([',', ' ', ';']).next().unwrap_or("").trim();
        if name.is_empty() || version.is_empty() || version.contains('*') {
            out.warnings.push(format!("{at}: `{spec}` pins no single version; left out"));
            continue;
        }
        out.packages.push(pkg("PyPI", name, version, path, Some(true)));
    }
}

/// `include` relative to the directory of `path`, without `.` and with `..` applied.
fn normalise(path: &str, include: &str) -> String {
    let mut parts: Vec<&str> = path.rsplit_once('/').map_or(Vec::new(), |(d, _)| d.split('/').collect());
    for part in include.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn go_mod(path: &str, text: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut in_require = false;
    for line in text.lines() {
        let t = line.trim();
        let entry = if in_require {
            if t == ")" {
                in_require = false;
                continue;
            }
            t
        } else if let Some(rest) = t.strip_prefix("require") {
            let rest = rest.trim();
            if rest == "(" {
                in_require = true;
                continue;
            }
            rest
        } else {
            continue;
        };
        let indirect = entry.contains("// indirect");
        let mut parts = entry.split_whitespace();
        if let (Some(module), Some(version)) = (parts.next(), parts.next())
            && !module.starts_with("//")
        {
            out.packages.push(pkg("Go", module, version, path, Some(!indirect)));
        }
    }
    out
}

fn gemfile_lock(path: &str, text: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut section = "";
    let mut direct = BTreeSet::new();
    let mut specs: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if !line.starts_with(' ') {
            section = line.trim();
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        if section == "GEM" && indent == 4 {
            if let Some((name, rest)) = t.split_once(" (") {
                let version = rest.trim_end_matches(')');
                // Platform-specific versions: `1.13.3-x86_64-linux`.
                specs.push((name.to_owned(), version.to_owned()));
            }
        } else if section == "DEPENDENCIES" && indent == 2 {
            direct.insert(t.split([' ', '!']).next().unwrap_or("").to_owned());
        }
    }
    for (name, version) in specs {
        let d = if direct.is_empty() { None } else { Some(direct.contains(&name)) };
        out.packages.push(pkg("RubyGems", &name, &version, path, d));
    }
    out
}

fn composer_lock(path: &str, text: &str, sibling: &dyn Fn(&str) -> Option<String>) -> Result<Parsed, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let direct: BTreeSet<String> = sibling("composer.json")
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .map(|c| {
            ["require", "require-dev"]
                .iter()
                .filter_map(|k| c.get(*k).and_then(|x| x.as_object()))
                .flat_map(|m| m.keys().cloned())
                .collect()
        })
        .unwrap_or_default();
    let mut out = Parsed::default();
    for key in ["packages", "packages-dev"] {
        for p in v.get(key).and_then(|x| x.as_array()).into_iter().flatten() {
            let (Some(name), Some(version)) =
                (p.get("name").and_then(|x| x.as_str()), p.get("version").and_then(|x| x.as_str()))
            else {
                continue;
            };
            let d = if direct.is_empty() { None } else { Some(direct.contains(name)) };
            let p = pkg("Packagist", name, version.trim_start_matches('v'), path, d);
            out.packages.push(dev(p, key == "packages-dev"));
        }
    }
    Ok(out)
}

/// The text of the first `<tag>…</tag>` in `s`.
fn xml_tag<'a>(s: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = s.find(&open)? + open.len();
    let end = s[start..].find(&close)? + start;
    Some(s[start..end].trim())
}

/// Declared dependencies of a Maven POM, with `${property}` versions resolved from
/// `<properties>` (and `${project.version}`).
fn pom(path: &str, text: &str) -> Parsed {
    let mut props: BTreeMap<String, String> = BTreeMap::new();
    if let Some(p) = xml_tag(text, "properties") {
        let mut rest = p;
        while let Some(i) = rest.find('<') {
            let after = &rest[i + 1..];
            let Some(j) = after.find('>') else { break };
            let name = &after[..j];
            if name.starts_with('/') || name.starts_with('!') {
                rest = &after[j + 1..];
                continue;
            }
            if let Some(value) = xml_tag(&rest[i..], name) {
                props.insert(name.to_owned(), value.to_owned());
            }
            rest = &after[j + 1..];
        }
    }
    // The project's own version: outside <parent> and <dependencies>.
    let head = text.split("<dependencies>").next().unwrap_or(text);
    let head_no_parent = match (head.find("<parent>"), head.find("</parent>")) {
        (Some(a), Some(b)) if b > a => format!("{}{}", &head[..a], &head[b..]),
        _ => head.to_owned(),
    };
    if let Some(v) = xml_tag(&head_no_parent, "version") {
        props.insert("project.version".to_owned(), v.to_owned());
    }
    let resolve = |v: &str| -> Option<String> {
        let v = v.trim();
        match v.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
            Some(name) => props.get(name).cloned(),
            None => Some(v.to_owned()),
        }
    };
    let mut out = Parsed::default();
    for chunk in text.split("<dependency>").skip(1) {
        let chunk = chunk.split("</dependency>").next().unwrap_or("");
        let (Some(group), Some(artifact)) = (xml_tag(chunk, "groupId"), xml_tag(chunk, "artifactId")) else {
            continue;
        };
        let Some(version) = xml_tag(chunk, "version").and_then(resolve) else { continue };
        if version.contains("${") {
            continue;
        }
        out.packages.push(pkg("Maven", &format!("{group}:{artifact}"), &version, path, Some(true)));
    }
    out
}

fn gradle_lock(path: &str, text: &str) -> Parsed {
    let mut out = Parsed::default();
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('#') || t.starts_with("empty=") {
            continue;
        }
        let coord = t.split('=').next().unwrap_or("");
        let parts: Vec<&str> = coord.split(':').collect();
        if let [group, artifact, version] = parts[..] {
            out.packages.push(pkg("Maven", &format!("{group}:{artifact}"), version, path, None));
        }
    }
    out
}
