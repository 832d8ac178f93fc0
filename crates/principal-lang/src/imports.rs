//! Imports as written: one function per language, called by the walk on import nodes.
//!
//! Extraction only: turning a specifier into a file is `principal-resolve`'s job.

use principal_model::{Import, ImportKind};
use tree_sitter::Node;

/// What the walk knows around an import node.
#[derive(Clone, Copy)]
pub struct Context {
    /// Inside Python's `if TYPE_CHECKING:`.
    pub type_checking: bool,
    /// Inside a function's body, or under `if __name__ == "__main__":`: run later, or only as a
    /// script, never while the modules load.
    pub deferred: bool,
    /// Inside an item compiled for tests only (Rust's `#[cfg(test)]`).
    pub test: bool,
}

impl Context {
    /// The kind of an import written here: type-only under `if TYPE_CHECKING:`, deferred in a
    /// function or a script block, else one that runs when the module loads.
    pub(crate) fn kind(self) -> ImportKind {
        if self.test {
            ImportKind::Test
        } else if self.type_checking {
            ImportKind::TypeOnly
        } else if self.deferred {
            ImportKind::Deferred
        } else {
            ImportKind::Import
        }
    }
}

use crate::node_text as text;

fn line(node: Node<'_>) -> u32 {
    node.start_position().row as u32 + 1
}

pub(crate) fn import(specifier: String, kind: ImportKind, node: Node<'_>) -> Import {
    Import { specifier, names: Vec::new(), kind, line: line(node), system: false }
}

/// A string literal's content, without quotes: `"./a"`, `'b'`, `` `c` ``.
pub(crate) fn string_content(node: Node<'_>, source: &[u8]) -> Option<String> {
    let t = text(node, source);
    let t = t.trim();
    let inner = t.strip_prefix(['"', '\'', '`']).and_then(|s| s.strip_suffix(['"', '\'', '`'])).unwrap_or(t);
    (!inner.is_empty()).then(|| inner.to_owned())
}

pub fn python(node: Node<'_>, source: &[u8], ctx: Context, out: &mut Vec<Import>) {
    let kind = ctx.kind();
    let mut cursor = node.walk();
    match node.kind() {
        "import_statement" => {
            for name in node.children_by_field_name("name", &mut cursor) {
                let dotted = if name.kind() == "aliased_import" {
                    name.child_by_field_name("name")
                } else {
                    Some(name)
                };
                if let Some(d) = dotted {
                    out.push(import(text(d, source), kind, node));
                }
            }
        }
        "import_from_statement" => {
            let Some(module) = node.child_by_field_name("module_name") else {
                return;
            };
            let mut imp = import(text(module, source).split_whitespace().collect(), kind, node);
            for name in node.children_by_field_name("name", &mut cursor) {
                let dotted = if name.kind() == "aliased_import" {
                    name.child_by_field_name("name")
                } else {
                    Some(name)
                };
                if let Some(d) = dotted {
                    imp.names.push(text(d, source));
                }
            }
            let mut c2 = node.walk();
            if node.children(&mut c2).any(|c| c.kind() == "wildcard_import") {
                imp.names.push("*".to_owned());
            }
            out.push(imp);
        }
        _ => {}
    }
}

/// The block guarded by `if TYPE_CHECKING:` (also `typing.TYPE_CHECKING`, `t.TYPE_CHECKING`):
/// its consequence only, not its `elif` and `else` branches.
pub fn type_checking_block<'t>(node: Node<'t>, source: &[u8]) -> Option<Node<'t>> {
    let c = node.child_by_field_name("condition")?;
    let t = &source[c.byte_range()];
    let name = t.rsplit(|&b| b == b'.').next().unwrap_or(t);
    let simple = t.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
    if name == b"TYPE_CHECKING" && simple { node.child_by_field_name("consequence") } else { None }
}

/// The block of `if __name__ == "__main__":`, which runs only when the file runs as a script.
pub fn script_block<'t>(node: Node<'t>, source: &[u8]) -> Option<Node<'t>> {
    let c = node.child_by_field_name("condition")?;
    let t: Vec<u8> = source[c.byte_range()].iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
    let main = matches!(
        t.as_slice(),
        b"__name__==\"__main__\""
            | b"__name__=='__main__'"
            | b"\"__main__\"==__name__"
            | b"'__main__'==__name__"
    );
    if main { node.child_by_field_name("consequence") } else { None }
}

/// True for a type declaration that is abstract by what it says rather than by its kind: a
/// Python class deriving from `ABC` or `Protocol`, a Java or C# `abstract class`, a Go
/// interface type.
pub fn is_abstract(node: Node<'_>, source: &[u8]) -> bool {
    match node.kind() {
        "class_definition" => node.child_by_field_name("superclasses").is_some_and(|s| {
            let t = text(s, source);
            ["ABC", "ABCMeta", "Protocol"]
                .iter()
                .any(|w| t.split(|c: char| !c.is_alphanumeric() && c != '_').any(|x| x == *w))
        }),
        "class_declaration" => {
            let mut cursor = node.walk();
            node.children(&mut cursor).any(|c| {
                // PHP's `abstract class` has an `abstract_modifier`; a Kotlin `interface` is a
                // class declaration with that keyword.
                c.kind() == "abstract_modifier"
                    || c.kind() == "interface"
                    || ((c.kind() == "modifiers" || c.kind() == "modifier")
                        && text(c, source).split_whitespace().any(|w| w == "abstract"))
            })
        }
        "type_spec" => node.child_by_field_name("type").is_some_and(|t| t.kind() == "interface_type"),
        _ => false,
    }
}

pub fn javascript(node: Node<'_>, source: &[u8], _: Context, out: &mut Vec<Import>) {
    match node.kind() {
        "import_statement" => {
            let Some(src) = node.child_by_field_name("source").and_then(|s| string_content(s, source)) else {
                return;
            };
            let mut cursor = node.walk();
            let type_only = node.children(&mut cursor).any(|c| !c.is_named() && c.kind() == "type");
            out.push(import(src, if type_only { ImportKind::TypeOnly } else { ImportKind::Import }, node));
        }
        "export_statement" => {
            if let Some(src) = node.child_by_field_name("source").and_then(|s| string_content(s, source)) {
                out.push(import(src, ImportKind::Reexport, node));
            }
        }
        "call_expression" => {
            let Some(function) = node.child_by_field_name("function") else {
                return;
            };
            let kind = match function.kind() {
                "import" => ImportKind::Dynamic,
                "identifier" if &source[function.byte_range()] == b"require" => ImportKind::Import,
                _ => return,
            };
            let Some(args) = node.child_by_field_name("arguments") else {
                return;
            };
            let Some(first) = args.named_child(0) else {
                return;
            };
            if first.kind() == "string"
                && let Some(src) = string_content(first, source)
            {
                out.push(import(src, kind, node));
            }
        }
        _ => {}
    }
}

/// Whether the attributes before an item (its preceding `attribute_item` siblings) compile it
/// for tests only: `#[cfg(test)]`.
pub fn cfg_test(node: Node<'_>, source: &[u8]) -> bool {
    let mut prev = node.prev_named_sibling();
    while let Some(p) = prev.filter(|p| p.kind() == "attribute_item" || p.kind() == "line_comment") {
        let attr: Vec<u8> =
            source[p.byte_range()].iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
        if attr.as_slice() == b"#[cfg(test)]" {
            return true;
        }
        prev = p.prev_named_sibling();
    }
    false
}

pub fn rust(node: Node<'_>, source: &[u8], ctx: Context, out: &mut Vec<Import>) {
    let test = ctx.test || cfg_test(node, source);
    match node.kind() {
        "mod_item" => {
            if node.child_by_field_name("body").is_some() {
                return; // an inline module: no file
            }
            let Some(name) = node.child_by_field_name("name") else {
                return;
            };
            let mut imp = import(text(name, source), ImportKind::Mod, node);
            // `#[path = "x.rs"] mod foo;`, or one file per platform with
            // `#[cfg_attr(unix, path = "unix.rs")]`: the attributes are preceding siblings.
            let mut prev = node.prev_sibling();
            while let Some(p) = prev.filter(|p| p.kind() == "attribute_item" || p.kind() == "line_comment") {
                let attr = text(p, source);
                let rest = attr.strip_prefix("#[path").or_else(|| {
                    attr.strip_prefix("#[cfg_attr").and_then(|a| {
                        let i = a.find("path")?;
                        a[i + 4..].trim_start().starts_with('=').then(|| &a[i + 4..])
                    })
                });
                if let Some(path) = rest.and_then(|r| r.split('"').nth(1)) {
                    imp.names.push(format!("#path={path}"));
                }
                prev = p.prev_sibling();
            }
            // `#[cfg(test)] mod tests;`: the child file is test code, and so are its imports.
            if test {
                imp.names.push("#cfg=test".to_owned());
            }
            out.push(imp);
        }
        "use_declaration" => {
            let mut cursor = node.walk();
            let public = node.children(&mut cursor).any(|c| c.kind() == "visibility_modifier");
            let kind = if test {
                ImportKind::Test
            } else if public {
                ImportKind::Reexport
            } else {
                ImportKind::Import
            };
            if let Some(arg) = node.child_by_field_name("argument") {
                let mut paths = Vec::new();
                use_tree(arg, source, "", &mut paths);
                for p in paths {
                    out.push(import(p, kind, node));
                }
            }
        }
        "extern_crate_declaration" => {
            if let Some(name) = node.child_by_field_name("name") {
                let kind = if test { ImportKind::Test } else { ImportKind::Import };
                out.push(import(text(name, source), kind, node));
            }
        }
        // `cfg_net! { pub mod net; }`: a macro's body is tokens, not items, and a module declared
        // in it is as much a module as one outside (mio declares most of its modules so).
        "macro_invocation" => {
            let mut cursor = node.walk();
            let Some(body) = node.children(&mut cursor).find(|c| c.kind() == "token_tree") else { return };
            let mut tokens: Vec<Node<'_>> = Vec::new();
            leaves(body, &mut tokens);
            let t: Vec<String> = tokens.iter().map(|&n| text(n, source)).collect();
            // The `path = "…"` of the attributes before the item (`#[cfg_attr(unix, path = "…")]`).
            let mut paths: Vec<String> = Vec::new();
            for i in 0..t.len() {
                match t[i].as_str() {
                    ";" | "{" | "}" => paths.clear(),
                    "path"
                        if t.get(i + 1).is_some_and(|x| x == "=")
                            && t.get(i + 2).is_some_and(|x| x == "\"") =>
                    {
                        if let Some(p) = t.get(i + 3).filter(|p| p.as_str() != "\"") {
                            paths.push(p.clone());
                        }
                    }
                    "mod"
                        if tokens.get(i + 1).is_some_and(|n| n.kind() == "identifier")
                            && t.get(i + 2).is_some_and(|x| x == ";") =>
                    {
                        let mut imp = import(t[i + 1].clone(), ImportKind::Mod, tokens[i]);
                        imp.names = paths.drain(..).map(|p| format!("#path={p}")).collect();
                        out.push(imp);
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// The leaf tokens under `node`, in order (a macro body's nested token trees included), walked
/// with a cursor: a hostile file's nesting costs no stack.
fn leaves<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    let mut cursor = node.walk();
    loop {
        if cursor.node().child_count() == 0 {
            out.push(cursor.node());
        } else if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node() == node {
                return;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// Expands a `use` tree into full paths: `a::{b, c::d}` is `a::b` and `a::c::d`.
fn use_tree(node: Node<'_>, source: &[u8], prefix: &str, out: &mut Vec<String>) {
    let join = |p: &str, s: &str| {
        if p.is_empty() { s.to_owned() } else { format!("{p}::{s}") }
    };
    match node.kind() {
        "scoped_use_list" => {
            let base = node
                .child_by_field_name("path")
                .map(|p| join(prefix, &text(p, source)))
                .unwrap_or(prefix.to_owned());
            if let Some(list) = node.child_by_field_name("list") {
                use_tree(list, source, &base, out);
            }
        }
        "use_list" => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                use_tree(child, source, prefix, out);
            }
        }
        "use_as_clause" => {
            if let Some(p) = node.child_by_field_name("path") {
                use_tree(p, source, prefix, out);
            }
        }
        "use_wildcard" => {
            let t = text(node, source);
            out.push(join(prefix, t.trim_end_matches("::*").trim_end_matches('*')));
        }
        "self" => out.push(prefix.to_owned()),
        "identifier" | "scoped_identifier" | "crate" | "super" => out.push(join(prefix, &text(node, source))),
        _ => {}
    }
}

pub fn go(node: Node<'_>, source: &[u8], _: Context, out: &mut Vec<Import>) {
    if node.kind() == "import_spec"
        && let Some(path) = node.child_by_field_name("path").and_then(|p| string_content(p, source))
    {
        out.push(import(path, ImportKind::Import, node));
    }
}

pub fn java(node: Node<'_>, source: &[u8], _: Context, out: &mut Vec<Import>) {
    if node.kind() != "import_declaration" {
        return;
    }
    let mut cursor = node.walk();
    let mut spec = String::new();
    let mut is_static = false;
    for c in node.children(&mut cursor) {
        match c.kind() {
            "static" => is_static = true,
            "scoped_identifier" | "identifier" => spec = text(c, source),
            "asterisk" => spec.push_str(".*"),
            _ => {}
        }
    }
    push_flagged(out, spec, is_static, node);
}

/// Pushes a plain import with its `system` flag (a `<…>` include, a static import), unless the
/// specifier is empty.
fn push_flagged(out: &mut Vec<Import>, spec: String, system: bool, node: Node<'_>) {
    if !spec.is_empty() {
        out.push(Import { system, ..import(spec, ImportKind::Import, node) });
    }
}

pub fn c(node: Node<'_>, source: &[u8], _: Context, out: &mut Vec<Import>) {
    if node.kind() != "preproc_include" {
        return;
    }
    let Some(path) = node.child_by_field_name("path") else {
        return;
    };
    let system = path.kind() == "system_lib_string";
    let raw = text(path, source);
    let spec = raw.trim().trim_matches(['"', '<', '>']).to_owned();
    push_flagged(out, spec, system, node);
}

pub fn csharp(node: Node<'_>, source: &[u8], _: Context, out: &mut Vec<Import>) {
    if node.kind() != "using_directive" {
        return;
    }
    let mut cursor = node.walk();
    let is_static = node.children(&mut cursor).any(|c| c.kind() == "static");
    let mut cursor = node.walk();
    let name = node
        .named_children(&mut cursor)
        .filter(|c| matches!(c.kind(), "qualified_name" | "identifier"))
        .last();
    if let Some(name) = name {
        push_flagged(out, text(name, source), is_static, node);
    }
}

/// The package or namespace a declaration node names: Go's `package x`, Java's
/// `package a.b;`, C#'s `namespace A.B`.
pub fn declared_name(node: Node<'_>, source: &[u8]) -> Option<String> {
    match node.kind() {
        "package_clause" | "package_declaration" | "package_header" => {
            let mut cursor = node.walk();
            let name = node.named_children(&mut cursor).find(|c| {
                matches!(
                    c.kind(),
                    "package_identifier" | "identifier" | "scoped_identifier" | "qualified_identifier"
                )
            })?;
            Some(text(name, source).split_whitespace().collect())
        }
        _ => node.child_by_field_name("name").map(|n| text(n, source)),
    }
}
