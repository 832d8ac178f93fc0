//! The onboarding guide: what the system does, where execution starts, what to read first, the
//! key abstractions, and who to ask.

use std::collections::{BTreeMap, HashMap, HashSet};

use principal_model::{Language, is_test_path};
use serde::Serialize;

use crate::{ComponentRow, FileRow, Input};

#[derive(Debug, Clone, Serialize)]
pub struct Onboarding {
    /// The project's name, from the README's title or a root manifest.
    pub title: Option<String>,
    /// What the system does: the README's opening paragraphs and the manifests' descriptions.
    pub description: Vec<String>,
    /// Where the description came from.
    pub sources: Vec<String>,
    pub entry_points: Vec<EntryPoint>,
    /// The most central files first: PageRank over the dependency graph.
    pub reading_order: Vec<ReadingItem>,
    pub abstractions: Vec<Abstraction>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryPoint {
    pub path: String,
    /// `main`, `cli`, `server`, `handlers`, `library` or `example`.
    pub kind: &'static str,
    pub symbol: Option<String>,
    pub line: Option<u32>,
    pub component: Option<String>,
    /// How it was found.
    pub evidence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReadingItem {
    pub path: String,
    pub component: Option<String>,
    pub pagerank: f64,
    pub fan_in: u32,
    pub code_lines: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Abstraction {
    pub name: String,
    pub path: String,
    pub line: u32,
    pub component: Option<String>,
    pub methods: u32,
    /// Files that import the file defining it.
    pub used_by: u32,
}

pub(crate) fn build(input: &Input<'_>, files: &[FileRow], _components: &[ComponentRow]) -> Onboarding {
    let (title, description, sources) = describe(input);
    let entry_points = entry_points(input, files);
    let reading_order = reading_order(files.iter())
        .into_iter()
        .map(|f| ReadingItem {
            path: f.path.clone(),
            component: f.component.clone(),
            pagerank: f.pagerank,
            fan_in: f.fan_in,
            code_lines: f.code_lines,
        })
        .collect();
    Onboarding {
        title,
        description,
        sources,
        entry_points,
        reading_order,
        abstractions: abstractions(input, files),
    }
}

/// The files to read first: those others import, most central (PageRank) first; without
/// imports, the largest files. Tests and empty files are left out.
pub fn reading_order<'a>(files: impl Iterator<Item = &'a FileRow>) -> Vec<&'a FileRow> {
    let mut candidates: Vec<&FileRow> =
        files.filter(|f| f.component.is_some() && f.code_lines > 0 && !is_test_path(&f.path)).collect();
    let imported = candidates.iter().any(|f| f.fan_in > 0);
    if imported {
        candidates.retain(|f| f.fan_in > 0);
        candidates.sort_by(|a, b| b.pagerank.total_cmp(&a.pagerank).then_with(|| a.path.cmp(&b.path)));
    } else {
        candidates.sort_by(|a, b| b.code_lines.cmp(&a.code_lines).then_with(|| a.path.cmp(&b.path)));
    }
    candidates.truncate(15);
    candidates
}

/// The README's title and opening prose, then the root manifests' descriptions.
fn describe(input: &Input<'_>) -> (Option<String>, Vec<String>, Vec<String>) {
    let mut title = None;
    let mut description = Vec::new();
    let mut sources = Vec::new();
    if let Some((name, text)) = input.readme {
        let (t, paragraphs) = readme_prose(text);
        if !paragraphs.is_empty() {
            sources.push(name.to_owned());
        }
        title = t;
        description.extend(paragraphs);
    }
    let mut manifests: Vec<&principal_model::Manifest> =
        input.scan.manifests.iter().filter(|m| !m.path.contains('/')).collect();
    manifests.sort_by(|a, b| a.path.cmp(&b.path));
    for m in manifests {
        let (name, desc) = manifest_description(&m.path, &m.text);
        if title.is_none() {
            title = name;
        }
        if let Some(d) = desc
            && !description.iter().any(|p| p.contains(d.as_str()))
        {
            description.push(d);
            sources.push(m.path.clone());
        }
    }
    (title, description, sources)
}

/// The first heading, and up to two paragraphs of prose before the second heading, skipping
/// badges, images, HTML and code.
pub(crate) fn readme_prose(text: &str) -> (Option<String>, Vec<String>) {
    let mut title = None;
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_code = false;
    let flush = |current: &mut String, paragraphs: &mut Vec<String>| {
        let p = current.trim().to_owned();
        current.clear();
        if p.len() >= 30 && p.chars().any(char::is_alphabetic) {
            paragraphs.push(p);
        }
    };
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_code = !in_code;
            flush(&mut current, &mut paragraphs);
            continue;
        }
        if in_code {
            continue;
        }
        if let Some(h) = t.strip_prefix('#') {
            flush(&mut current, &mut paragraphs);
            if title.is_none() {
                title = Some(h.trim_start_matches('#').trim().to_owned()).filter(|s| !s.is_empty());
            } else if !paragraphs.is_empty() {
                break;
            }
            continue;
        }
        // A setext heading underline.
        if !t.is_empty() && t.chars().all(|c| c == '=' || c == '-') {
            if title.is_none() {
                title = Some(current.trim().to_owned()).filter(|s| !s.is_empty());
                current.clear();
            } else {
                current.clear();
                if !paragraphs.is_empty() {
                    break;
                }
            }
            continue;
        }
        let markup = t.starts_with('<')
            || t.starts_with("[![")
            || t.starts_with("![")
            || t.starts_with('|')
            || t.starts_with("..")
            || t.starts_with(':');
        if t.is_empty() || markup {
            flush(&mut current, &mut paragraphs);
            if paragraphs.len() >= 2 {
                break;
            }
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(t);
    }
    flush(&mut current, &mut paragraphs);
    paragraphs.truncate(2);
    for p in &mut paragraphs {
        if p.len() > 700 {
            let mut cut = 700;
            while !p.is_char_boundary(cut) {
                cut -= 1;
            }
            p.truncate(cut);
            p.push('…');
        }
    }
    (title, paragraphs)
}

/// A manifest's package name and description.
fn manifest_description(path: &str, text: &str) -> (Option<String>, Option<String>) {
    match path {
        "package.json" => {
            let v: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned).filter(|s| !s.is_empty());
            (s("name"), s("description"))
        }
        "Cargo.toml" | "pyproject.toml" => {
            let v: toml::Table = text.parse().unwrap_or_default();
            let section = v
                .get("package")
                .or_else(|| v.get("project"))
                .or_else(|| v.get("tool").and_then(|t| t.get("poetry")));
            let s = |k: &str| {
                section
                    .and_then(|p| p.get(k))
                    .and_then(|x| x.as_str())
                    .map(str::to_owned)
                    .filter(|s| !s.is_empty())
            };
            (s("name"), s("description"))
        }
        "go.mod" => {
            let module = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("module "))
                .map(|m| m.trim().trim_matches('"').to_owned());
            (module.clone(), module.map(|m| format!("Go module {m}.")))
        }
        _ => (None, None),
    }
}

fn entry_points(input: &Input<'_>, files: &[FileRow]) -> Vec<EntryPoint> {
    let scan = input.scan;
    let component: HashMap<&str, Option<String>> =
        files.iter().map(|f| (f.path.as_str(), f.component.clone())).collect();
    let exists: HashSet<&str> = scan.files.iter().map(|f| f.path.as_str()).collect();
    let mut out: Vec<EntryPoint> = Vec::new();
    let mut push =
        |path: &str, kind: &'static str, symbol: Option<String>, line: Option<u32>, evidence: String| {
            out.push(EntryPoint {
                path: path.to_owned(),
                kind,
                symbol,
                line,
                component: component.get(path).cloned().flatten(),
                evidence,
            });
        };

    // Manifests name entry points outright.
    for m in &scan.manifests {
        let dir = m.path.rsplit_once('/').map_or("", |(d, _)| d);
        let join = |rel: &str| {
            let rel = rel.trim_start_matches("./");
            if dir.is_empty() { rel.to_owned() } else { format!("{dir}/{rel}") }
        };
        let name = m.path.rsplit('/').next().unwrap_or(&m.path);
        match name {
            "package.json" => {
                let v: serde_json::Value = serde_json::from_str(&m.text).unwrap_or_default();
                let mut bins: Vec<(String, String)> = match v.get("bin") {
                    Some(serde_json::Value::String(s)) => vec![(String::new(), s.clone())],
                    Some(serde_json::Value::Object(o)) => {
                        o.iter().filter_map(|(k, x)| x.as_str().map(|s| (k.clone(), s.to_owned()))).collect()
                    }
                    _ => Vec::new(),
                };
                bins.sort();
                for (cmd, file) in bins {
                    let p = join(&file);
                    if exists.contains(p.as_str()) {
                        push(
                            &p,
                            "cli",
                            (!cmd.is_empty()).then_some(cmd),
                            None,
                            format!("`bin` in {}", m.path),
                        );
                    }
                }
                for key in ["main", "module"] {
                    if let Some(file) = v.get(key).and_then(|x| x.as_str()) {
                        let p = join(file);
                        if exists.contains(p.as_str()) {
                            push(&p, "library", None, None, format!("`{key}` in {}", m.path));
                        }
                    }
                }
            }
            "Cargo.toml" => {
                let v: toml::Table = m.text.parse().unwrap_or_default();
                if let Some(bins) = v.get("bin").and_then(|b| b.as_array()) {
                    for b in bins {
                        if let Some(p) = b.get("path").and_then(|p| p.as_str()) {
                            let p = join(p);
                            if exists.contains(p.as_str()) {
                                let name = b.get("name").and_then(|n| n.as_str()).map(str::to_owned);
                                push(&p, "cli", name, None, format!("`[[bin]]` in {}", m.path));
                            }
                        }
                    }
                }
                let lib = join("src/lib.rs");
                if exists.contains(lib.as_str()) {
                    push(&lib, "library", None, None, format!("the library root of {}", m.path));
                }
            }
            "pyproject.toml" => {
                let v: toml::Table = m.text.parse().unwrap_or_default();
                let scripts = v
                    .get("project")
                    .and_then(|p| p.get("scripts"))
                    .or_else(|| v.get("tool").and_then(|t| t.get("poetry")).and_then(|p| p.get("scripts")))
                    .and_then(|s| s.as_table());
                for (cmd, target) in scripts.into_iter().flatten() {
                    let Some(target) = target.as_str() else { continue };
                    let (module, func) = target.split_once(':').unwrap_or((target, ""));
                    let rel = module.replace('.', "/");
                    let found = [format!("{rel}.py"), format!("{rel}/__init__.py"), format!("src/{rel}.py")]
                        .into_iter()
                        .map(|c| join(&c))
                        .find(|c| exists.contains(c.as_str()));
                    if let Some(p) = found {
                        let symbol = if func.is_empty() { cmd.clone() } else { format!("{cmd} ({func})") };
                        push(&p, "cli", Some(symbol), None, format!("`[project.scripts]` in {}", m.path));
                    }
                }
            }
            _ => {}
        }
    }

    // Main functions and conventional file names.
    for f in &scan.files {
        if is_test_path(&f.path) {
            continue;
        }
        let name = f.path.rsplit('/').next().unwrap_or(&f.path);
        let stem = name.split('.').next().unwrap_or(name);
        let main = f.functions.iter().find(|x| match f.language {
            Language::Java => x.qualified_name.ends_with(".main"),
            Language::CSharp => x.name == "Main",
            Language::Python => false,
            _ => x.qualified_name == "main",
        });
        if let Some(x) = main
            && (f.language != Language::Go || f.declares.iter().any(|d| d == "main"))
        {
            let example = f.path.starts_with("examples/") || f.path.contains("/examples/");
            push(
                &f.path,
                if example { "example" } else { "main" },
                Some(x.qualified_name.clone()),
                Some(x.start_line),
                "a `main` function".to_owned(),
            );
            continue;
        }
        if f.language == Language::Python {
            if name == "__main__.py" {
                push(&f.path, "cli", None, None, "`python -m` runs `__main__.py`".to_owned());
                continue;
            }
            if name == "manage.py" {
                push(&f.path, "cli", None, None, "Django's management script".to_owned());
                continue;
            }
        }
        // Conventional names count near the top of the tree only: deeper down, `app.js` or
        // `views.py` are as likely to be a part of something else.
        if !f.language.is_parsed() || f.path.matches('/').count() > 3 {
            continue;
        }
        let kind = match stem {
            "server" | "app" | "wsgi" | "asgi" | "application" => "server",
            "routes" | "router" | "urls" | "views" | "handlers" | "handler" | "controllers" | "endpoints" => {
                "handlers"
            }
            "cli" => "cli",
            _ => continue,
        };
        push(&f.path, kind, None, None, format!("a file named `{name}`"));
    }

    // One entry per path, the first reason found; ordered by kind, then centrality, then path.
    let order = |k: &str| match k {
        "main" => 0,
        "cli" => 1,
        "server" => 2,
        "handlers" => 3,
        "library" => 4,
        _ => 5,
    };
    let rank: HashMap<&str, f64> = files.iter().map(|f| (f.path.as_str(), f.pagerank)).collect();
    let mut seen = HashSet::new();
    out.retain(|e| seen.insert(e.path.clone()));
    out.sort_by(|a, b| {
        order(a.kind)
            .cmp(&order(b.kind))
            .then_with(|| a.path.matches('/').count().cmp(&b.path.matches('/').count()))
            .then_with(|| {
                let (ra, rb) = (rank.get(a.path.as_str()), rank.get(b.path.as_str()));
                rb.unwrap_or(&0.0).total_cmp(ra.unwrap_or(&0.0))
            })
            .then_with(|| a.path.cmp(&b.path))
    });
    out.truncate(60);
    out
}

/// Types with methods, in the files others depend on most: the names a newcomer meets first.
fn abstractions(input: &Input<'_>, files: &[FileRow]) -> Vec<Abstraction> {
    let mut found: Vec<(f64, Abstraction)> = Vec::new();
    for (f, row) in input.scan.files.iter().zip(files) {
        if row.component.is_none() || is_test_path(&f.path) || f.types == 0 {
            continue;
        }
        let mut types: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
        for x in &f.functions {
            let sep = if x.qualified_name.contains("::") { "::" } else { "." };
            let Some((owner, _)) = x.qualified_name.split_once(sep) else { continue };
            if !owner.starts_with(|c: char| c.is_ascii_uppercase()) || owner.contains('(') {
                continue;
            }
            let e = types.entry(owner).or_insert((0, x.start_line));
            e.0 += 1;
            e.1 = e.1.min(x.start_line);
        }
        for (name, (methods, line)) in types {
            if methods < 2 {
                continue;
            }
            let weight = row.pagerank * f64::from(methods).sqrt() + f64::from(row.fan_in) * 1e-9;
            found.push((
                weight,
                Abstraction {
                    name: name.to_owned(),
                    path: f.path.clone(),
                    line,
                    component: row.component.clone(),
                    methods,
                    used_by: row.fan_in,
                },
            ));
        }
    }
    found.sort_by(|a, b| {
        b.0.total_cmp(&a.0).then_with(|| (&a.1.path, &a.1.name).cmp(&(&b.1.path, &b.1.name)))
    });
    found.into_iter().take(60).map(|(_, a)| a).collect()
}
