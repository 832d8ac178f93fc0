//! PHP: functions, methods and closures measured as lizard counts them; `use`, `require` and
//! `include`, and fully qualified `new`/static-call class names, as imports.

use principal_model::{Import, ImportKind, Language};
use tokei::LanguageType;
use tree_sitter::Node;

use crate::imports::{Context, import, string_content};
use crate::node_text as text;
use crate::registry::{Entry, no_main};
use crate::spec::{Spec, name_field, no_receiver, params_field};

pub static ENTRY: Entry = Entry {
    language: Language::Php,
    extensions: &[("php", LanguageType::Php)],
    file_names: &[],
    interpreters: &["php"],
    counter: LanguageType::Php,
    spec: &SPEC,
    is_main: no_main,
    module_imports: false,
};

static SPEC: Spec = Spec {
    grammar: || tree_sitter_php::LANGUAGE_PHP.into(),
    separator: "::",
    // lizard skips arrow functions (`fn($x) => …`), and a closure inside a function is part of
    // that function: a closure is a function of its own only outside any function.
    functions: &["function_definition", "method_declaration", "anonymous_function"],
    lambdas: &["arrow_function", "anonymous_function"],
    scopes: &["class_declaration", "interface_declaration", "trait_declaration", "enum_declaration"],
    ifs: &["if_statement"],
    structures: &[
        "for_statement",
        "foreach_statement",
        "while_statement",
        "do_statement",
        "switch_statement",
        "catch_clause",
        "match_expression",
    ],
    ternaries: &["conditional_expression"],
    else_clauses: &["else_if_clause", "else_clause"],
    logical: &["binary_expression"],
    // lizard counts `&&` and `||`, not the low-precedence `and` and `or`.
    logical_operators: &["&&", "||"],
    operator_leaves: &[],
    jumps: &["break_statement", "continue_statement", "goto_statement"],
    labels: &[],
    params: &["simple_parameter", "variadic_parameter", "property_promotion_parameter"],
    branch_tokens: &["if", "elseif", "for", "foreach", "while", "catch", "case", "match", "&&", "||", "?"],
    // lizard counts every `?` but those of `??`, `?->` and `?:`, so a nullable type (`?Foo`)
    // adds a path too.
    branch_nodes: &["optional_type"],
    // lizard counts a `match` once, whatever its arms, inside a function.
    match_arms: &[],
    lets: &[],
    default_values: &[],
    imports: &[
        "namespace_use_declaration",
        "require_expression",
        "require_once_expression",
        "include_expression",
        "include_once_expression",
        "object_creation_expression",
        "scoped_call_expression",
        "class_constant_access_expression",
    ],
    import_of: imports,
    types: &["class_declaration", "trait_declaration", "enum_declaration"],
    abstract_types: &["interface_declaration"],
    declares: &["namespace_definition"],
    calls: &["function_call_expression", "member_call_expression", "scoped_call_expression"],
    question_is_branch: false,
    always_has_body: false,
    function_name: name_field,
    scope_name: name_field,
    receiver: no_receiver,
    params_of: params_field,
};

/// `use A\B;`, `use A\{B, C};` and `use function A\f;` name classes (or functions) by their
/// fully qualified names; `require`/`include` name files by literal paths (`__DIR__ . '/x.php'`
/// is the directory's own `x.php`); `new \A\B`, `\A\B::f()` and `\A\B::class` name classes.
fn imports(node: Node<'_>, source: &[u8], ctx: Context, out: &mut Vec<Import>) {
    let kind = ctx.kind();
    match node.kind() {
        "namespace_use_declaration" => {
            let mut cursor = node.walk();
            let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
            // `use function …` and `use const …` name functions and constants, not classes.
            let mut c2 = node.walk();
            let not_class = node.children(&mut c2).any(|c| matches!(c.kind(), "function" | "const"));
            let kind = if not_class { ImportKind::TypeOnly } else { kind };
            // `use A\{B, C};`: the prefix, then a group of clauses.
            let prefix = children
                .iter()
                .find(|c| c.kind() == "namespace_name")
                .map(|p| text(*p, source).trim_start_matches('\\').to_owned());
            for child in &children {
                match child.kind() {
                    "namespace_use_clause" => push_clause(*child, None, source, kind, out),
                    "namespace_use_group" => {
                        let mut c = child.walk();
                        for clause in
                            child.named_children(&mut c).filter(|c| c.kind() == "namespace_use_clause")
                        {
                            push_clause(clause, prefix.as_deref(), source, kind, out);
                        }
                    }
                    _ => {}
                }
            }
        }
        "require_expression"
        | "require_once_expression"
        | "include_expression"
        | "include_once_expression" => {
            let Some(arg) = node.named_child(0) else { return };
            if let Some(path) = literal_path(arg, source) {
                out.push(import(path, kind, node));
            }
        }
        "object_creation_expression" | "scoped_call_expression" | "class_constant_access_expression" => {
            let name = match node.kind() {
                "scoped_call_expression" => node.child_by_field_name("scope"),
                _ => {
                    let mut cursor = node.walk();
                    node.named_children(&mut cursor).find(|c| c.kind() == "qualified_name")
                }
            };
            let Some(name) = name.filter(|n| n.kind() == "qualified_name") else { return };
            let t = text(name, source);
            // Only fully qualified names: a relative one needs the file's `use` list to resolve.
            if let Some(fq) = t.strip_prefix('\\')
                && fq.contains('\\')
            {
                out.push(import(fq.to_owned(), kind, node));
            }
        }
        _ => {}
    }
}

fn push_clause(
    clause: Node<'_>,
    prefix: Option<&str>,
    source: &[u8],
    kind: ImportKind,
    out: &mut Vec<Import>,
) {
    let mut cursor = clause.walk();
    let Some(name) =
        clause.named_children(&mut cursor).find(|c| matches!(c.kind(), "qualified_name" | "name"))
    else {
        return;
    };
    let name = text(name, source);
    let name = name.trim_start_matches('\\');
    let full = match prefix {
        Some(p) => format!("{}\\{name}", p.trim_end_matches('\\')),
        None => name.to_owned(),
    };
    out.push(import(full, kind, clause));
}

/// A `require` argument that names one file: a string literal, or `__DIR__` (or
/// `dirname(__FILE__)`) joined to one, which is relative to the requiring file (`./x.php`).
fn literal_path(arg: Node<'_>, source: &[u8]) -> Option<String> {
    let arg = if arg.kind() == "parenthesized_expression" { arg.named_child(0)? } else { arg };
    match arg.kind() {
        "string" | "encapsed_string" => {
            let s = string_content(arg, source)?;
            (!s.contains('$')).then_some(s)
        }
        "binary_expression" => {
            let left = arg.child_by_field_name("left")?;
            let right = arg.child_by_field_name("right")?;
            let l = text(left, source);
            let dir = l == "__DIR__" || l.replace(' ', "") == "dirname(__FILE__)";
            let tail = match right.kind() {
                "string" | "encapsed_string" => string_content(right, source)?,
                _ => return None,
            };
            (dir && !tail.contains('$'))
                .then(|| format!(".{}", if tail.starts_with('/') { tail } else { format!("/{tail}") }))
        }
        _ => None,
    }
}
