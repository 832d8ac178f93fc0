//! The ranked repository map for coding agents (`principal context`), in the manner of aider's
//! repo map: a graph from each file to the files defining the symbols it references, PageRank
//! over it (personalised toward the focus files), and each file's definitions ranked by the
//! share of rank that flows to them.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

/// What one file defines and references.
#[derive(Debug, Clone)]
pub struct FileSymbols {
    pub path: String,
    pub defs: Vec<Definition>,
    /// Every identifier token in the file with how often it appears, sorted by name (a
    /// count, not a list: a minified file repeats the same names millions of times).
    pub refs: Vec<(String, u32)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Definition {
    /// The name other code refers to it by (`parse`, `Parser`).
    pub name: String,
    pub qualified: String,
    pub line: u32,
    /// The line that declares it, trimmed.
    pub signature: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankedFile {
    pub path: String,
    pub rank: f64,
    pub focus: bool,
    /// Most important first.
    pub defs: Vec<RankedDefinition>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankedDefinition {
    #[serde(flatten)]
    pub def: Definition,
    pub rank: f64,
    /// Files that reference the name.
    pub referenced_by: u32,
}

/// Names so common as method names or words that a reference to them says little about which
/// definition is meant.
const GENERIC: &[&str] = &[
    "from",
    "into",
    "new",
    "default",
    "len",
    "is_empty",
    "clone",
    "get",
    "set",
    "path",
    "file",
    "line",
    "name",
    "value",
    "run",
    "main",
    "init",
    "__init__",
    "to_string",
    "fmt",
    "drop",
    "next",
    "iter",
    "map",
    "write",
    "read",
    "open",
    "close",
    "key",
    "test",
    "setup",
    "data",
    "text",
    "items",
    "keys",
    "values",
    "update",
    "start",
    "stop",
    "add",
    "remove",
    "push",
    "pop",
    "insert",
    "contains",
    "eq",
    "hash",
    "cmp",
    "call",
    "apply",
    "create",
    "delete",
    "list",
    "load",
    "save",
    "send",
    "handle",
    "__str__",
    "__repr__",
    "__eq__",
    "__hash__",
    "toString",
    "equals",
    "hashCode",
    "String",
    "Error",
];

/// Ranks the files and their definitions. `focus` paths get the teleport weight (with none,
/// every file does).
pub fn rank(files: &[FileSymbols], focus: &[String]) -> Vec<RankedFile> {
    let n = files.len();
    let mut definers: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        for d in &f.defs {
            let list = definers.entry(d.name.as_str()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    // (referencer, definer, ident) -> weight
    let mut weights: BTreeMap<(usize, usize, &str), f64> = BTreeMap::new();
    let mut referenced_by: HashMap<(usize, &str), u32> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (r, n) in &f.refs {
            if let Some((name, _)) = definers.get_key_value(r.as_str()) {
                *counts.entry(name).or_default() += *n as usize;
            }
        }
        for (name, c) in counts {
            let defs = &definers[name];
            // Names defined everywhere (`new`, `run`) or used as common words say little; private
            // names less.
            let mut mul = if defs.len() > 5 || GENERIC.contains(&name) { 0.1 } else { 1.0 };
            if name.starts_with('_') {
                mul *= 0.1;
            }
            if name.len() < 3 {
                continue;
            }
            // A reference means one of the definitions: share it among them. Definitions in
            // tests are rarely what other code uses.
            let share = 1.0 / defs.len() as f64;
            for &j in defs {
                if j == i {
                    continue;
                }
                let test = if crate::is_test_path(&files[j].path) { 0.1 } else { 1.0 };
                *weights.entry((i, j, name)).or_default() += mul * share * test * (c as f64).sqrt();
                *referenced_by.entry((j, name)).or_default() += 1;
            }
        }
    }
    let mut per_pair: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for (&(a, b, _), &w) in &weights {
        *per_pair.entry((a, b)).or_default() += w;
    }
    let edges: Vec<(usize, usize, f64)> = per_pair.iter().map(|(&(a, b), &w)| (a, b, w)).collect();
    let focused: Vec<bool> = files.iter().map(|f| focus.iter().any(|p| p == &f.path)).collect();
    let personal: Vec<f64> = if focused.iter().any(|&x| x) {
        let k = focused.iter().filter(|&&x| x).count() as f64;
        focused.iter().map(|&x| if x { 1.0 / k } else { 0.0 }).collect()
    } else {
        vec![1.0 / n.max(1) as f64; n]
    };
    let file_rank = principal_graph::algo::weighted_pagerank(n, &edges, &personal);

    // A file's rank flows to the definitions it references, in proportion to the weights.
    let mut out_weight = vec![0.0; n];
    for (&(a, _, _), &w) in &weights {
        out_weight[a] += w;
    }
    let mut def_rank: HashMap<(usize, &str), f64> = HashMap::new();
    for (&(a, b, name), &w) in &weights {
        *def_rank.entry((b, name)).or_default() += file_rank[a] * w / out_weight[a];
    }
    let mut ranked: Vec<RankedFile> = files
        .iter()
        .enumerate()
        .map(|(j, f)| {
            let mut defs: Vec<RankedDefinition> = f
                .defs
                .iter()
                .map(|d| RankedDefinition {
                    def: d.clone(),
                    // Unreferenced definitions keep a sliver of their file's rank, in file order.
                    rank: def_rank.get(&(j, d.name.as_str())).copied().unwrap_or(0.0) + file_rank[j] * 1e-6,
                    referenced_by: referenced_by.get(&(j, d.name.as_str())).copied().unwrap_or(0),
                })
                .collect();
            defs.sort_by(|a, b| b.rank.total_cmp(&a.rank).then(a.def.line.cmp(&b.def.line)));
            RankedFile { path: f.path.clone(), rank: file_rank[j], focus: focused[j], defs }
        })
        .collect();
    ranked.sort_by(|a, b| b.rank.total_cmp(&a.rank).then_with(|| a.path.cmp(&b.path)));
    ranked
}

/// The references of a source text, approximated from its tokens as aider's fallback does:
/// identifiers used as calls (`name(`, `name!(`, `name::<`) and capitalised names (types,
/// classes), which excludes most variables and words in comments.
pub fn references(text: &str) -> Vec<(String, u32)> {
    let bytes = text.as_bytes();
    let mut out: BTreeMap<&str, u32> = BTreeMap::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'_' || c.is_ascii_alphabetic() {
            let start = i;
            while i < bytes.len() && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            let word = &text[start..i];
            let mut j = i;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
                j += 1;
            }
            let call =
                j < bytes.len() && (bytes[j] == b'(' || bytes[j] == b'!' || text[j..].starts_with("::<"));
            if call || c.is_ascii_uppercase() {
                *out.entry(word).or_default() += 1;
            }
        } else if c.is_ascii_digit() {
            while i < bytes.len() && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric()) {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out.into_iter().map(|(w, n)| (w.to_owned(), n)).collect()
}

/// The most characters of a definition's header a signature keeps.
pub const MAX_SIGNATURE: usize = 200;

/// The header from the start of line `start` to `end` (exclusive), its lines trimmed and joined
/// by one space, cut at [`MAX_SIGNATURE`] characters: a minified line holds a whole program.
fn header(lines: &[&str], start: u32, end: principal_model::Position) -> String {
    let first = start.saturating_sub(1) as usize;
    let last = (end.line.max(start).saturating_sub(1) as usize).min(lines.len().saturating_sub(1));
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate().take(last + 1).skip(first) {
        let mut line: &str = line;
        if i + 1 == end.line as usize {
            let cut = (end.column as usize).min(line.len());
            line = line.get(..cut).unwrap_or(line);
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
        if out.len() > MAX_SIGNATURE * 4 {
            break;
        }
    }
    let out = out.trim_end_matches(|c: char| c == '{' || c.is_whitespace());
    match out.char_indices().nth(MAX_SIGNATURE) {
        Some((i, _)) => format!("{}…", &out[..i]),
        None => out.to_owned(),
    }
}

/// The definitions of a scanned file: its functions and methods, and its named types. Each
/// signature is the definition's own header as the syntax tree delimits it, from the line it
/// starts on to where its body begins, so a docstring or a comment is never taken for one.
pub fn definitions(file: &principal_model::FileFacts, text: &str) -> Vec<Definition> {
    let lines: Vec<&str> = text.lines().collect();
    let sig = |start: u32, end: principal_model::Position| header(&lines, start, end);
    let mut out: Vec<Definition> = Vec::new();
    for f in &file.functions {
        if f.name.is_empty() || f.name == "(anonymous)" || f.qualified_name.contains("(anonymous)") {
            continue;
        }
        out.push(Definition {
            name: f.name.clone(),
            qualified: f.qualified_name.clone(),
            line: f.start_line,
            signature: sig(f.start_line, f.header_end),
        });
    }
    for t in &file.type_decls {
        out.push(Definition {
            name: t.name.clone(),
            qualified: t.qualified_name.clone(),
            line: t.start_line,
            signature: sig(t.start_line, t.header_end),
        });
    }
    out.sort_by(|a, b| a.line.cmp(&b.line).then_with(|| a.name.cmp(&b.name)));
    out.dedup_by(|a, b| a.line == b.line && a.name == b.name);
    out
}
