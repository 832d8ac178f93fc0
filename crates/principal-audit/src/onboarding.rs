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

/// The project's name and what it is: the name from a root manifest when one names the
/// project (pyproject, package.json, Cargo, composer, go.mod, gemspec, pom, setup.cfg, setup.py), else the
/// README's first heading when it reads as a name; the README's opening prose, then the
/// manifests' descriptions. All of it plain text.
fn describe(input: &Input<'_>) -> (Option<String>, Vec<String>, Vec<String>) {
    let mut readme_title = None;
    let mut description = Vec::new();
    let mut sources = Vec::new();
    if let Some((name, text)) = input.readme {
        let (t, paragraphs) = readme_prose(text);
        if !paragraphs.is_empty() {
            sources.push(name.to_owned());
        }
        readme_title = t;
        description.extend(paragraphs);
        // The paragraph that says what the repository is ("fzf is a general-purpose …") before
        // a banner above it, when the README's headings name no project.
        let says = |p: &String| {
            let lower = p.to_ascii_lowercase();
            let n = input.name.to_ascii_lowercase();
            [format!("{n} is "), format!("{n} are ")].iter().any(|m| lower.starts_with(m.as_str()))
        };
        if let Some(i) = description.iter().position(says).filter(|&i| i > 0) {
            let p = description.remove(i);
            description.insert(0, p);
        }
    }
    let mut manifests: Vec<&principal_model::Manifest> =
        input.scan.manifests.iter().filter(|m| !m.path.contains('/')).collect();
    // The most specific manifest first: a package's own name before a build file's.
    manifests.sort_by_key(|m| (manifest_rank(&m.path), m.path.clone()));
    // A manifest names the project when its language is a real share of the code: git.git's
    // root Cargo.toml names its Rust bindings, not Git.
    let mut lines: HashMap<&str, u64> = HashMap::new();
    let mut total = 0u64;
    for f in &input.scan.files {
        if f.language.is_parsed() {
            *lines.entry(f.language.id()).or_default() += f.lines.code;
            total += f.lines.code;
        }
    }
    let share = |langs: &[&str]| {
        let n: u64 = langs.iter().map(|l| lines.get(l).copied().unwrap_or(0)).sum();
        total == 0 || n * 4 >= total
    };
    let mut title = None;
    for m in manifests {
        let (name, desc) = manifest_description(&m.path, &m.text);
        let names_the_project = match m.path.as_str() {
            "Cargo.toml" => share(&["rust"]),
            "package.json" => share(&["javascript", "typescript", "tsx"]),
            "pyproject.toml" | "setup.cfg" | "setup.py" => share(&["python"]),
            "pom.xml" => share(&["java"]),
            "go.mod" => share(&["go"]),
            // Languages not parsed yet (PHP, Ruby) cannot be weighed: the manifest is trusted.
            _ => true,
        };
        if title.is_none() && names_the_project {
            title = name;
        }
        if let Some(d) = desc.map(|d| plain(&d))
            && !d.is_empty()
            && !description.iter().any(|p| p.contains(d.as_str()))
        {
            description.push(d);
            sources.push(m.path.clone());
        }
    }
    // The README's heading when it names the same project ("Requests" for `requests`, "Gin
    // Web Framework" for `gin`): how the maintainers write the name.
    let key = |s: &str| s.to_ascii_lowercase().replace(['-', '_', '.', ' '], "");
    let title = match (title, readme_title) {
        (Some(m), Some(r))
            if key(&r) == key(&m)
                || r.to_ascii_lowercase().split_whitespace().next() == Some(&m.to_ascii_lowercase()) =>
        {
            Some(r)
        }
        (Some(m), _) => Some(m),
        (None, r) => r,
    };
    (title, description, sources)
}

fn manifest_rank(path: &str) -> u8 {
    match path {
        "pyproject.toml" | "package.json" | "Cargo.toml" | "composer.json" => 0,
        p if p.ends_with(".gemspec") => 0,
        "go.mod" | "pom.xml" | "setup.cfg" | "setup.py" => 1,
        _ => 2,
    }
}

/// Headings that name a section, not the project.
const SECTION_HEADINGS: &[&str] = &[
    "table of contents",
    "contents",
    "getting started",
    "introduction",
    "overview",
    "installation",
    "install",
    "about",
    "quick start",
    "quickstart",
    "usage",
    "features",
    "documentation",
    "readme",
];

/// Markdown and reStructuredText reduced to plain text: images and badges dropped, links to
/// their text, code spans, emphasis and RST roles to their content, HTML tags removed.
pub(crate) fn plain(text: &str) -> String {
    let mut s = text.to_owned();
    // Badges and images: `[![alt](img)](link)`, `![alt](img)`.
    while let Some(start) = s.find("[![") {
        let Some(end) =
            s[start..].find(")](").and_then(|m| s[start + m..].find(')').map(|e| start + m + e + 1))
        else {
            break;
        };
        let end = s[end..].find(')').map_or(s.len(), |e| end + e + 1);
        s.replace_range(start..end, "");
    }
    while let Some(start) = s.find("![") {
        let end = s[start..].find(')').map_or(s.len(), |e| start + e + 1);
        s.replace_range(start..end, "");
    }
    // Links: `[text](url)` and `[text][ref]` to text.
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close) if after[close + 1..].starts_with('(') || after[close + 1..].starts_with('[') => {
                out.push_str(&after[..close]);
                let tail = &after[close + 1..];
                let closer = if tail.starts_with('(') { ')' } else { ']' };
                rest = tail.find(closer).map_or("", |e| &tail[e + 1..]);
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let mut s = out;
    // RST: ``code``, :role:`text`, `text <url>`_, `text`_.
    s = s.replace("``", "`");
    while let Some(start) = s.find(" <http") {
        let end = s[start..].find('>').map_or(s.len(), |e| start + e + 1);
        s.replace_range(start..end, "");
    }
    let mut cleaned = String::with_capacity(s.len());
    let mut in_tag = false;
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '<' && chars.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || *n == '/' || *n == '!') {
            in_tag = true;
        } else if in_tag {
            if c == '>' {
                in_tag = false;
            }
        } else if c == ':' && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase()) {
            // `:role:` before a backtick is dropped.
            let end = chars[i + 1..].iter().position(|&x| x == ':').map(|p| i + 1 + p);
            match end {
                Some(e)
                    if chars.get(e + 1) == Some(&'`')
                        && chars[i + 1..e]
                            .iter()
                            .all(|x| x.is_ascii_alphanumeric() || *x == '-' || *x == ':') =>
                {
                    i = e + 1;
                    continue;
                }
                _ => cleaned.push(c),
            }
        } else if matches!(c, '`' | '*') || (c == '_' && chars.get(i.wrapping_sub(1)) == Some(&'`')) {
            // Markers of code and emphasis go; a trailing `_` of an RST link too.
        } else {
            cleaned.push(c);
        }
        i += 1;
    }
    cleaned.replace(['[', ']'], "").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A README heading as a project name, or `None` for a section heading or one that is not a
/// name (a whole sentence, a line of badges).
fn heading_name(heading: &str) -> Option<String> {
    let name = plain(heading);
    let name = name.trim_matches(|c: char| c.is_whitespace() || c == '|' || c == '-' || c == ':');
    // "Git - fast, scalable, distributed revision control system": the name, not the tagline.
    let name = [" - ", " — ", " – ", ": "]
        .iter()
        .find_map(|sep| name.split_once(sep).map(|(head, _)| head.trim()))
        .filter(|head| !head.is_empty() && head.split_whitespace().count() <= 4)
        .unwrap_or(name);
    let lower = name.to_ascii_lowercase();
    let words = name.split_whitespace().count();
    (!name.is_empty() && words <= 8 && !SECTION_HEADINGS.contains(&lower.as_str())).then(|| name.to_owned())
}

/// The first heading, and up to two paragraphs of prose before the second heading, skipping
/// badges, images, HTML and code.
pub(crate) fn readme_prose(text: &str) -> (Option<String>, Vec<String>) {
    let mut title = None;
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_code = false;
    let mut in_comment = false;
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
        // An HTML comment (commons-lang's README opens with the ASF license in one) is no prose.
        if in_comment {
            in_comment = !t.contains("-->");
            continue;
        }
        if let Some(open) = t.find("<!--")
            && !t[open..].contains("-->")
        {
            flush(&mut current, &mut paragraphs);
            in_comment = true;
            continue;
        }
        if let Some(h) = t.strip_prefix('#') {
            flush(&mut current, &mut paragraphs);
            if title.is_none() {
                title = heading_name(h.trim_start_matches('#').trim());
                if title.is_none() && !paragraphs.is_empty() {
                    break;
                }
            } else if !paragraphs.is_empty() {
                break;
            }
            continue;
        }
        // A thematic break (`---` after a blank line) separates prose; it is no heading.
        if current.trim().is_empty() && t.len() >= 3 && t.chars().all(|c| c == '-' || c == '*' || c == '_') {
            continue;
        }
        // A setext heading underline.
        if !t.is_empty() && t.chars().all(|c| c == '=' || c == '-') {
            if title.is_none() {
                title = heading_name(current.trim());
                current.clear();
            } else {
                current.clear();
                if !paragraphs.is_empty() {
                    break;
                }
            }
            continue;
        }
        // A list is a table of contents or a feature list, not the sentence that says what the
        // project is (axios' README lists its sections first).
        let list_item = ["- ", "* ", "+ "].iter().any(|m| t.starts_with(m))
            || t.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        let markup = list_item
            || t.starts_with('<')
            || t.starts_with("[![")
            || t.starts_with("![")
            || t.starts_with('|')
            || t.starts_with("..")
            || t.starts_with(':');
        if t.is_empty() || markup {
            flush(&mut current, &mut paragraphs);
            if paragraphs.len() >= 4 {
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
    // A table's rows (`--- | --- |`, a browser-support grid) are no prose.
    let mut paragraphs: Vec<String> =
        paragraphs.iter().map(|p| plain(p)).filter(|p| p.len() >= 30 && p.matches('|').count() < 3).collect();
    // The paragraph that says what the project is comes first: "Gin is a …" before a release
    // announcement.
    if let Some(name) = &title {
        let says = |p: &String| {
            let lower = p.to_ascii_lowercase();
            let n = name.to_ascii_lowercase();
            let first = n.split_whitespace().next().unwrap_or(&n).to_owned();
            [format!("{n} is "), format!("{n} are "), format!("{first} is ")]
                .iter()
                .any(|m| lower.contains(m))
        };
        if let Some(i) = paragraphs.iter().position(says) {
            let p = paragraphs.remove(i);
            paragraphs.insert(0, p);
        }
    }
    paragraphs.truncate(2);
    for p in &mut paragraphs {
        cut_at_sentence(p, 700);
    }
    (title, paragraphs)
}

/// Cuts `p` to at most `max` bytes at the end of a sentence when one ends in the second half,
/// else at a word, with `…`.
fn cut_at_sentence(p: &mut String, max: usize) {
    if p.len() <= max {
        return;
    }
    let mut cut = max;
    while !p.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &p[..cut];
    if let Some(end) = head.rfind(". ").filter(|&e| e >= max / 2) {
        p.truncate(end + 1);
        return;
    }
    let word = head.rfind(' ').unwrap_or(cut);
    p.truncate(word);
    p.push('…');
}

/// A manifest's package name and description.
pub(crate) fn manifest_description(path: &str, text: &str) -> (Option<String>, Option<String>) {
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
        "setup.cfg" => {
            // `[metadata]` `name = …` and `description = …` (setuptools' declarative config).
            let mut in_metadata = false;
            let (mut name, mut description) = (None, None);
            for line in text.lines() {
                let t = line.trim();
                if t.starts_with('[') {
                    in_metadata = t == "[metadata]";
                    continue;
                }
                if !in_metadata || line.starts_with([' ', '\t']) {
                    continue;
                }
                if let Some((k, v)) = t.split_once('=') {
                    let v = v.trim();
                    let v = (!v.is_empty() && !v.starts_with("file:") && !v.starts_with("attr:"))
                        .then(|| v.to_owned());
                    match k.trim() {
                        "name" => name = v,
                        "description" => description = v,
                        _ => {}
                    }
                }
            }
            (name, description)
        }
        "go.mod" => {
            let module = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("module "))
                .map(|m| m.trim().trim_matches('"').to_owned());
            // The last path element, past a major-version suffix: `github.com/x/y/v2` is `y`.
            let name = module.as_deref().map(|m| {
                let mut parts = m.rsplit('/');
                let last = parts.next().unwrap_or(m);
                let is_major =
                    last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit());
                if is_major { parts.next().unwrap_or(last).to_owned() } else { last.to_owned() }
            });
            (name, module.map(|m| format!("Go module {m}.")))
        }
        "composer.json" => {
            let v: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned).filter(|s| !s.is_empty());
            (s("name").map(|n| n.rsplit('/').next().unwrap_or(&n).to_owned()), s("description"))
        }
        "pom.xml" => {
            // The project's own artifactId and description, not its parent's.
            let own = match (text.find("<parent>"), text.find("</parent>")) {
                (Some(a), Some(b)) if a < b => format!("{}{}", &text[..a], &text[b..]),
                _ => text.to_owned(),
            };
            let tag = |t: &str| {
                let open = format!("<{t}>");
                let start = own.find(&open)? + open.len();
                let end = own[start..].find(&format!("</{t}>"))? + start;
                Some(own[start..end].trim().to_owned()).filter(|s| !s.is_empty() && !s.contains("${"))
            };
            (tag("name").or_else(|| tag("artifactId")), tag("description"))
        }
        "setup.py" => (assigned(text, "name"), assigned(text, "description")),
        p if p.ends_with(".gemspec") => (assigned(text, ".name"), assigned(text, ".summary")),
        _ => (None, None),
    }
}

/// The string literal assigned to `key` (`name="x"` in setup.py, `spec.name = 'x'` in a
/// gemspec).
fn assigned(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let l = l.trim();
        let at = l.find(key)?;
        let before = l[..at].chars().last();
        if !key.starts_with('.') && before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let rest = l[at + key.len()..].trim_start();
        let rest = rest.strip_prefix('=')?.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let body = &rest[1..];
        let end = body.find(quote)?;
        Some(body[..end].to_owned()).filter(|s| !s.is_empty())
    })
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
        let is_main = principal_lang::registry::entry(&f.language).map(|(_, e)| e.is_main);
        let main = is_main.and_then(|is_main| f.functions.iter().find(|x| is_main(x, f)));
        if let Some(x) = main {
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
