//! Language knowledge: which language a file is in, how many code, comment and blank lines it
//! has, and the functions in it with their complexity.
//!
//! **Invariant:** no I/O. Every function takes bytes and a path string and returns values; a
//! file that does not parse still yields its line counts and whatever functions tree-sitter
//! recovered, with the number of parse errors.

pub mod classify;
mod detect;
mod imports;
mod metrics;
mod spec;

use std::cell::RefCell;

use tree_sitter::Node;

use principal_model::{FileFacts, Function, Import, Language, LineCounts};

pub use detect::{Detected, detect};

/// What [`analyze`] learns about one file's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Analysis {
    pub lines: LineCounts,
    pub functions: Vec<Function>,
    pub parse_errors: u32,
    pub imports: Vec<Import>,
    pub declares: Vec<String>,
    pub types: u32,
    pub abstract_types: u32,
    pub build_ignored: bool,
}

impl Analysis {
    /// The facts of the file at `path` with this content.
    pub fn into_facts(self, path: String, language: Language, bytes: u64) -> FileFacts {
        FileFacts {
            path,
            language,
            bytes,
            lines: self.lines,
            functions: self.functions,
            parse_errors: self.parse_errors,
            imports: self.imports,
            declares: self.declares,
            types: self.types,
            abstract_types: self.abstract_types,
            build_ignored: self.build_ignored,
        }
    }

    /// What a file's facts say about its content.
    pub fn of(facts: &FileFacts) -> Analysis {
        Analysis {
            lines: facts.lines,
            functions: facts.functions.clone(),
            parse_errors: facts.parse_errors,
            imports: facts.imports.clone(),
            declares: facts.declares.clone(),
            types: facts.types,
            abstract_types: facts.abstract_types,
            build_ignored: facts.build_ignored,
        }
    }
}

/// The source text of a node, decoded lossily.
pub(crate) fn node_text(node: Node<'_>, source: &[u8]) -> String {
    String::from_utf8_lossy(&source[node.byte_range()]).into_owned()
}

/// Counts lines (tokei's semantics) and, for the parsed languages, measures every function.
pub fn analyze(detected: &Detected, source: &[u8]) -> Analysis {
    // A UTF-8 byte-order mark is not text: tokei drops it, and tree-sitter need not see it.
    let source = source.strip_prefix(b"\xef\xbb\xbf").unwrap_or(source);
    let lines = count_lines(detected, source);
    let mut analysis = Analysis { lines, ..Analysis::default() };
    if let Some((spec, table)) = spec::for_language(&detected.language) {
        if let Some(tree) = parse(&detected.language, spec, source) {
            let facts = metrics::measure(spec, table, &tree, source);
            analysis.functions = facts.functions;
            analysis.parse_errors = facts.parse_errors;
            analysis.imports = facts.imports;
            analysis.declares = facts.declares;
            analysis.types = facts.types;
            analysis.abstract_types = facts.abstract_types;
            analysis.build_ignored = detected.language == Language::Go && go_build_ignored(source);
        } else {
            analysis.parse_errors = 1;
        }
    }
    analysis
}

/// Code, comment and blank lines exactly as tokei counts them, embedded languages included.
pub fn count_lines(detected: &Detected, source: &[u8]) -> LineCounts {
    let source = source.strip_prefix(b"\xef\xbb\xbf").unwrap_or(source);
    let config = tokei::Config::default();
    let stats = detected.counter.parse_from_slice(source, &config).summarise();
    LineCounts { code: stats.code as u64, comment: stats.comments as u64, blank: stats.blanks as u64 }
}

/// True when a Go file's build constraint (before `package`) is `ignore`: `//go:build ignore`
/// or `// +build ignore`. Such files (generators, examples) belong to no build.
fn go_build_ignored(source: &[u8]) -> bool {
    let head = &source[..source.len().min(4096)];
    for line in String::from_utf8_lossy(head).lines() {
        let t = line.trim();
        if t.starts_with("package ") {
            return false;
        }
        let expr = t.strip_prefix("//go:build").or_else(|| t.strip_prefix("// +build"));
        if let Some(expr) = expr {
            let words: Vec<&str> = expr
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '!'))
                .filter(|w| !w.is_empty())
                .collect();
            if words.contains(&"ignore") && !expr.contains("||") {
                return true;
            }
        }
    }
    false
}

thread_local! {
    /// One parser per parsed language per thread, reused across files.
    static PARSERS: RefCell<Vec<Option<tree_sitter::Parser>>> = RefCell::new(
        Language::PARSED.iter().map(|_| None).collect()
    );
}

fn parse(language: &Language, spec: &spec::Spec, source: &[u8]) -> Option<tree_sitter::Tree> {
    let index = Language::PARSED.iter().position(|l| l == language)?;
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let slot = &mut parsers[index];
        if slot.is_none() {
            let mut parser = tree_sitter::Parser::new();
            parser.set_language(&(spec.grammar)()).ok()?;
            *slot = Some(parser);
        }
        let parser = slot.as_mut().expect("set just above");
        parser.parse(source, None)
    })
}

/// Parses `source` and visits every node once with a cursor, computing nothing: the floor
/// that `analyze` is measured against in BENCHMARKS.md. Returns the number of nodes.
#[doc(hidden)]
pub fn parse_and_walk(language: &Language, source: &[u8]) -> usize {
    let Some((spec, _)) = spec::for_language(language) else {
        return 0;
    };
    let Some(tree) = parse(language, spec, source) else {
        return 0;
    };
    let mut cursor = tree.walk();
    let mut nodes = 1;
    loop {
        if cursor.goto_first_child() || cursor.goto_next_sibling() {
            nodes += 1;
            continue;
        }
        loop {
            if !cursor.goto_parent() {
                return nodes;
            }
            if cursor.goto_next_sibling() {
                nodes += 1;
                break;
            }
        }
    }
}
