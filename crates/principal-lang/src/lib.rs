//! Language knowledge: which language a file is in, how many code, comment and blank lines it
//! has, and the functions in it with their complexity.
//!
//! **Invariant:** no I/O. Every function takes bytes and a path string and returns values; a
//! file that does not parse still yields its line counts and whatever functions tree-sitter
//! recovered, with the number of parse errors.

// No I/O here: clippy.toml lists what this bans (std::fs, std::env, std::process, stdout).
#![warn(clippy::disallowed_methods, clippy::disallowed_types)]

pub mod classify;
pub mod clones;
mod detect;
mod imports;
mod languages;
mod metrics;
pub mod registry;
mod spec;

use std::cell::RefCell;

use tree_sitter::Node;

use principal_model::{FileFacts, Language, LineCounts};

pub use detect::{Detected, detect};

/// The source text of a node, decoded lossily.
pub(crate) fn node_text(node: Node<'_>, source: &[u8]) -> String {
    String::from_utf8_lossy(&source[node.byte_range()]).into_owned()
}

/// Files larger than this are counted but not parsed: a syntax tree costs tens of bytes per
/// token, so the parse's memory stays bounded whatever `--max-file-size` allows (10 MiB of
/// dense minified JavaScript peaks near 500 MB; SQLite's 9 MB amalgamation is still parsed).
pub const MAX_PARSE_BYTES: usize = 10 << 20;

/// The facts of the file at `path` with this content: its lines (tokei's semantics) and, for
/// the parsed languages, its functions, imports and types from one walk of its syntax tree.
pub fn analyze(path: String, detected: &Detected, source: &[u8]) -> FileFacts {
    let bytes = source.len() as u64;
    // A UTF-8 byte-order mark is not text: tokei drops it, and tree-sitter need not see it.
    let source = source.strip_prefix(b"\xef\xbb\xbf").unwrap_or(source);
    let mut facts = FileFacts::new(path, detected.language.clone(), bytes);
    facts.lines = count_lines(detected, source);
    // A shebang, not a Rust inner attribute (`#![deny(...)]`).
    facts.script = source.starts_with(b"#!") && !source.starts_with(b"#![");
    if let Some((spec, table)) = spec::for_language(&detected.language) {
        if source.len() > MAX_PARSE_BYTES {
            // Counted, not parsed: a syntax tree costs tens of bytes per token.
            facts.parse_errors = 1;
        } else if let Some(tree) = parse(&detected.language, spec, source) {
            metrics::measure(spec, table, &tree, source, &mut facts);
            facts.dynamic_loads = dynamic_loads(&detected.language, source);
            facts.build_ignored = detected.language == Language::Go && go_build_ignored(source);
            // A stub (`.pyi`) is read by type checkers only: its imports are types, never run.
            if detected.language == Language::Python && facts.path.ends_with(".pyi") {
                for i in &mut facts.imports {
                    i.kind = principal_model::ImportKind::TypeOnly;
                }
            }
        } else {
            facts.parse_errors = 1;
        }
    } else if TEXT_MENTIONS.contains(&detected.language.id()) && source.len() <= MAX_PARSE_BYTES {
        facts.mentions = text_mentions(source);
    }
    facts
}

/// The formats not parsed whose words can name a file that is run or loaded: documentation,
/// configuration, build and shell files, and page templates (`<script src="/js/charts.js">` in
/// an ERB view loads a script no JavaScript imports).
const TEXT_MENTIONS: &[&str] = &[
    "html",
    "ruby-html",
    "haml",
    "slim",
    "handlebars",
    "jinja2",
    "twig",
    "liquid",
    "mustache",
    "vue",
    "svelte",
    "razor",
    "markdown",
    "restructuredtext",
    "asciidoc",
    "yaml",
    "toml",
    "json",
    "ini",
    "makefile",
    "zsh",
    "fish",
    "dockerfile",
    "plain-text",
];

/// Code, comment and blank lines exactly as tokei counts them, embedded languages included.
pub fn count_lines(detected: &Detected, source: &[u8]) -> LineCounts {
    let source = source.strip_prefix(b"\xef\xbb\xbf").unwrap_or(source);
    let config = tokei::Config::default();
    let stats = detected.counter.parse_from_slice(source, &config).summarise();
    LineCounts { code: stats.code as u64, comment: stats.comments as u64, blank: stats.blanks as u64 }
}

/// Path-like words of a text file that is not code (Markdown, reStructuredText, YAML, TOML,
/// JSON, INI, shell): `.. automodule:: werkzeug.testapp`, `run: node build/sync-version.js`.
/// See [`FileFacts::mentions`].
fn text_mentions(source: &[u8]) -> Vec<String> {
    let mut out: Vec<String> = source
        .split(|b| b.is_ascii_whitespace() || b"\"'`()[]{}<>,;=|*".contains(b))
        .map(|w| {
            let end = w.iter().rposition(|b| !b".:".contains(b)).map_or(0, |i| i + 1);
            &w[..end]
        })
        .filter_map(metrics::mention)
        // A closing tag (`</script>`) or a bare root folder names no file.
        .filter(|m| !m.starts_with('/') || m[1..].contains(['/', '.']))
        .take(principal_model::MAX_MENTIONS)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// See [`FileFacts::dynamic_loads`]: a call of an importing function whose argument is not one
/// plain string literal (an f-string, a template with `${`, a name, a literal joined to
/// something). A textual check: a call in a comment counts too, which errs towards keeping
/// files out of the dead code.
fn dynamic_loads(language: &Language, source: &[u8]) -> bool {
    let calls: &[&[u8]] = match language {
        Language::Python => &[b"import_module(", b"__import__("],
        Language::JavaScript | Language::TypeScript | Language::Tsx => &[b"require(", b"import("],
        _ => return false,
    };
    calls.iter().any(|call| {
        let mut from = 0;
        while let Some(at) = find(&source[from..], call) {
            let start = from + at;
            from = start + call.len();
            // `require(` must not end a longer name (`myrequire(`).
            if start > 0 && (source[start - 1].is_ascii_alphanumeric() || source[start - 1] == b'_') {
                continue;
            }
            if computed_argument(&source[from..]) {
                return true;
            }
        }
        false
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// True when the text after a call's `(` is not one plain string literal closed by `,` or `)`.
fn computed_argument(rest: &[u8]) -> bool {
    let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(rest.len())..];
    let Some(&quote) = rest.first() else { return false };
    if quote == b')' {
        return false;
    }
    if !b"\"'`".contains(&quote) {
        // A name or an expression; an f-string (`f"…"`) starts with a letter too.
        return rest[0].is_ascii_alphabetic() || rest[0] == b'_';
    }
    let Some(end) = rest[1..].iter().position(|&b| b == quote) else { return false };
    let literal = &rest[1..=end];
    if quote == b'`' && find(literal, b"${").is_some() {
        return true;
    }
    let after = &rest[end + 2..];
    let next = after.iter().find(|b| !b.is_ascii_whitespace());
    matches!(next, Some(b'+' | b'%' | b'.'))
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
    let (index, _) = registry::entry(language)?;
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let slot = &mut parsers[index];
        if slot.is_none() {
            let mut parser = tree_sitter::Parser::new();
            parser.set_language(&(spec.grammar)()).ok()?;
            *slot = Some(parser);
        }
        let parser = slot.as_mut().expect("set just above");
        let (tree, _) = parse_within_budget(parser, source);
        tree
    })
}

/// A parse may take this many of tree-sitter's operations per byte of source (plus
/// [`PARSE_OPS_FLOOR`]) before it is abandoned and the file is counted with a parse error. Real
/// code takes 0.4 to 1 per byte on average and at most 2.6 in any file of the corpora in
/// EVALUATION.md (every language parsed), so 50 leaves twentyfold room; a grammar whose error
/// recovery explodes (tree-sitter-kotlin-ng turned 1.3 KB of fuzzed text into 6 million nodes and
/// 50 seconds) is stopped in under half a second. Counted in operations, not time, so whether a
/// file parses never depends on the machine.
pub const PARSE_OPS_PER_BYTE: u64 = 50;
pub const PARSE_OPS_FLOOR: u64 = 100_000;

/// Parses within the operation budget; returns the tree (`None` when abandoned) and the
/// operations it took, in hundreds (tree-sitter reports progress every 100 operations).
fn parse_within_budget(parser: &mut tree_sitter::Parser, source: &[u8]) -> (Option<tree_sitter::Tree>, u64) {
    let budget = (PARSE_OPS_FLOOR + PARSE_OPS_PER_BYTE * source.len() as u64) / 100;
    let mut checks = 0u64;
    let mut progress = |_: &tree_sitter::ParseState| {
        checks += 1;
        if checks > budget { std::ops::ControlFlow::Break(()) } else { std::ops::ControlFlow::Continue(()) }
    };
    let options = tree_sitter::ParseOptions::new().progress_callback(&mut progress);
    let mut read = |at: usize, _: tree_sitter::Point| source.get(at..).unwrap_or_default();
    let tree = parser.parse_with_options(&mut read, None, Some(options));
    if tree.is_none() {
        // An abandoned parse would resume on the next call: start the next file afresh.
        parser.reset();
    }
    (tree, checks)
}

/// The operations (in hundreds) a parse of `source` takes, for calibrating the budget.
#[doc(hidden)]
pub fn parse_cost(language: &Language, source: &[u8]) -> Option<u64> {
    let (spec, _) = spec::for_language(language)?;
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&(spec.grammar)()).ok()?;
    Some(parse_within_budget(&mut parser, source).1)
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
