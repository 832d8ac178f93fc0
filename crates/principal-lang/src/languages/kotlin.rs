//! Kotlin: functions and property accessors measured as lizard counts them; `import` of
//! classes, top-level functions and whole packages.

use principal_model::{Import, ImportKind, Language};
use tokei::LanguageType;
use tree_sitter::Node;

use crate::imports::{Context, import};
use crate::node_text as text;
use crate::registry::Entry;
use crate::spec::{Spec, Table, count_params, name_field, no_receiver};

pub static ENTRY: Entry = Entry {
    language: Language::Kotlin,
    extensions: &[("kt", LanguageType::Kotlin), ("kts", LanguageType::Kotlin)],
    file_names: &[],
    interpreters: &["kotlin"],
    counter: LanguageType::Kotlin,
    spec: &SPEC,
    // `fun main()` at the top level of a file.
    is_main: |x, _| x.qualified_name == "main",
    module_imports: false,
};

static SPEC: Spec = Spec {
    grammar: || tree_sitter_kotlin_ng::LANGUAGE.into(),
    separator: ".",
    // lizard reports `get()` and `set(v)` accessors as functions of their own.
    functions: &["function_declaration", "getter", "setter", "anonymous_function"],
    lambdas: &["lambda_literal"],
    scopes: &["class_declaration", "object_declaration", "companion_object"],
    ifs: &["if_expression"],
    structures: &["for_statement", "while_statement", "do_while_statement", "when_expression", "catch_block"],
    ternaries: &[],
    else_clauses: &[],
    logical: &["binary_expression"],
    logical_operators: &["&&", "||"],
    operator_leaves: &[],
    jumps: &[],
    labels: &[],
    params: &["parameter"],
    // lizard's Kotlin conditions; the Elvis operator `?:` is its ternary.
    branch_tokens: &["if", "for", "while", "catch", "&&", "||", "?:"],
    branch_nodes: &[],
    // Each arm of a `when` after the first adds a path, as lizard counts them (`else ->` too).
    match_arms: &["when_entry"],
    lets: &[],
    default_values: &[],
    imports: &["import"],
    import_of: imports,
    types: &["class_declaration", "object_declaration"],
    abstract_types: &[],
    declares: &["package_header"],
    calls: &["call_expression"],
    question_is_branch: false,
    always_has_body: false,
    function_name,
    scope_name: name_field,
    receiver: no_receiver,
    params_of: params,
};

/// `get()` and `set(v)` are named as lizard names them; the rest by their name.
fn function_name(node: Node<'_>, source: &[u8]) -> Option<String> {
    match node.kind() {
        "getter" => Some("get".to_owned()),
        "setter" => Some("set".to_owned()),
        _ => name_field(node, source),
    }
}

fn params(node: Node<'_>, table: &Table, _: &[u8]) -> u32 {
    let mut cursor = node.walk();
    let list = node.named_children(&mut cursor).find(|c| c.kind() == "function_value_parameters");
    list.map_or(0, |l| count_params(l, table))
}

/// `import a.b.C`, `import a.b.C as D`, `import a.b.*` (the package: `a.b.*`).
fn imports(node: Node<'_>, source: &[u8], _: Context, out: &mut Vec<Import>) {
    let mut cursor = node.walk();
    let Some(name) = node.named_children(&mut cursor).find(|c| c.kind() == "qualified_identifier") else {
        return;
    };
    let mut spec: String = text(name, source).split_whitespace().collect();
    let mut c = node.walk();
    if node.children(&mut c).any(|c| c.kind() == "*") {
        spec.push_str(".*");
    }
    out.push(import(spec, ImportKind::Import, node));
}
