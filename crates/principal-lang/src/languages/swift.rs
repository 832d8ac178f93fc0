//! Swift: functions, initialisers and property accessors measured as lizard counts them;
//! `import` of modules (a package's targets).

use principal_model::{Import, ImportKind, Language};
use tokei::LanguageType;
use tree_sitter::Node;

use crate::imports::{Context, import};
use crate::node_text as text;
use crate::registry::Entry;
use crate::spec::{Spec, Table, count_params, name_field, no_receiver};

pub static ENTRY: Entry = Entry {
    language: Language::Swift,
    extensions: &[("swift", LanguageType::Swift)],
    file_names: &[],
    interpreters: &["swift"],
    counter: LanguageType::Swift,
    spec: &SPEC,
    // A target's `main.swift` runs from its top; `@main` types are read from the file.
    is_main: |x, _| x.qualified_name == "main",
    module_imports: true,
};

static SPEC: Spec = Spec {
    grammar: || tree_sitter_swift::LANGUAGE.into(),
    separator: ".",
    // lizard reports initialisers, deinitialisers, subscripts and the accessors of a property
    // (`get`, `set`, `willSet`, `didSet`) as functions of their own.
    functions: &[
        "function_declaration",
        "init_declaration",
        "deinit_declaration",
        "subscript_declaration",
        "computed_getter",
        "computed_setter",
        "willset_clause",
        "didset_clause",
    ],
    lambdas: &["lambda_literal"],
    scopes: &["class_declaration", "protocol_declaration"],
    ifs: &["if_statement"],
    structures: &[
        "guard_statement",
        "for_statement",
        "while_statement",
        "repeat_while_statement",
        "switch_statement",
        "catch_block",
    ],
    ternaries: &["ternary_expression"],
    else_clauses: &[],
    logical: &["conjunction_expression", "disjunction_expression"],
    logical_operators: &["&&", "||"],
    operator_leaves: &[],
    jumps: &[],
    labels: &[],
    params: &["parameter"],
    // lizard's Swift conditions: `if`, `for`, `while`, `guard`, `case`, `&&`, `||`, the `?` of
    // a ternary, and `catch`.
    branch_tokens: &["if", "for", "while", "guard", "case", "&&", "||", "?"],
    branch_nodes: &["catch_block"],
    match_arms: &[],
    lets: &[],
    default_values: &[],
    imports: &["import_declaration"],
    import_of: imports,
    types: &["class_declaration"],
    abstract_types: &["protocol_declaration"],
    declares: &[],
    calls: &["call_expression"],
    question_is_branch: false,
    // Outside a protocol every function has a body, and an accessor's is its statements.
    always_has_body: true,
    function_name,
    scope_name: type_name,
    receiver: no_receiver,
    params_of: params,
};

fn function_name(node: Node<'_>, source: &[u8]) -> Option<String> {
    Some(
        match node.kind() {
            "init_declaration" => "init",
            "deinit_declaration" => "deinit",
            "subscript_declaration" => "subscript",
            "computed_getter" => "get",
            "computed_setter" => "set",
            "willset_clause" => "willSet",
            "didset_clause" => "didSet",
            _ => return name_field(node, source),
        }
        .to_owned(),
    )
}

/// `class Foo<T>` is `Foo`; `extension Foo` extends `Foo`.
fn type_name(node: Node<'_>, source: &[u8]) -> Option<String> {
    let name = name_field(node, source)?;
    Some(name.split('<').next().unwrap_or(&name).trim().to_owned())
}

fn params(node: Node<'_>, table: &Table, _: &[u8]) -> u32 {
    count_params(node, table)
}

/// `import Foundation`, `@testable import Core`, `import struct Core.Point` (the module).
fn imports(node: Node<'_>, source: &[u8], _: Context, out: &mut Vec<Import>) {
    let mut cursor = node.walk();
    let Some(name) = node.named_children(&mut cursor).find(|c| c.kind() == "identifier") else {
        return;
    };
    let module: String = text(name, source).split_whitespace().collect();
    let module = module.split('.').next().unwrap_or(&module).to_owned();
    if !module.is_empty() {
        out.push(import(module, ImportKind::Import, node));
    }
}
