//! Lua: named and anonymous functions measured as lizard counts them; `require "a.b"` with a
//! literal name as an import.

use principal_model::{Import, Language};
use tokei::LanguageType;
use tree_sitter::Node;

use crate::imports::{Context, import, string_content};
use crate::node_text as text;
use crate::registry::{Entry, no_main};
use crate::spec::{Spec, name_field, no_receiver, params_field};

pub static ENTRY: Entry = Entry {
    language: Language::Lua,
    extensions: &[("lua", LanguageType::Lua)],
    file_names: &[],
    interpreters: &["lua", "luajit"],
    counter: LanguageType::Lua,
    spec: &SPEC,
    is_main: no_main,
    module_imports: false,
};

static SPEC: Spec = Spec {
    grammar: || tree_sitter_lua::LANGUAGE.into(),
    separator: ".",
    // `function M.f()` and `local f = function () … end` are functions of their own, nested or
    // not, as lizard reports them.
    functions: &["function_declaration", "function_definition"],
    lambdas: &[],
    scopes: &[],
    ifs: &["if_statement"],
    structures: &["for_statement", "while_statement", "repeat_statement"],
    ternaries: &[],
    else_clauses: &["elseif_statement", "else_statement"],
    logical: &["binary_expression"],
    logical_operators: &["and", "or"],
    operator_leaves: &[],
    jumps: &["goto_statement"],
    labels: &[],
    params: &["identifier", "vararg_expression"],
    // lizard's conditions as it reads Lua: `if`, `elseif`, `for`, `while`, `until`, `and`, `or`.
    branch_tokens: &["if", "elseif", "for", "while", "until", "and", "or"],
    branch_nodes: &[],
    match_arms: &[],
    lets: &[],
    default_values: &[],
    imports: &["function_call"],
    import_of: imports,
    types: &[],
    abstract_types: &[],
    declares: &[],
    calls: &["function_call"],
    question_is_branch: false,
    always_has_body: true,
    function_name,
    scope_name: name_field,
    receiver: no_receiver,
    params_of: params_field,
};

/// `function M.sub.f()` is `M.sub.f` (named `f`), as lizard names it; the method
/// `function M:m()` is `M.m`.
fn function_name(node: Node<'_>, source: &[u8]) -> Option<String> {
    name_field(node, source).map(|n| n.split_whitespace().collect::<String>().replace(':', "."))
}

/// `require "a.b"`, `require("a.b")` and `require('a.b')`: the module name.
fn imports(node: Node<'_>, source: &[u8], ctx: Context, out: &mut Vec<Import>) {
    let Some(name) = node.child_by_field_name("name") else { return };
    if text(name, source) != "require" {
        return;
    }
    let Some(args) = node.child_by_field_name("arguments") else { return };
    let arg = if args.kind() == "string" {
        Some(args)
    } else {
        let mut cursor = args.walk();
        let first = args.named_children(&mut cursor).next();
        first.filter(|a| a.kind() == "string")
    };
    let Some(arg) = arg else { return };
    let Some(spec) = string_content(arg, source) else { return };
    if spec.contains(['[', ']', ' ']) {
        return;
    }
    let kind = ctx.kind();
    out.push(import(spec, kind, node));
}
