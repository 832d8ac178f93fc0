//! Ruby: methods measured as lizard counts them; `require`, `require_relative`, `load` and
//! `autoload` with literal names as imports.

use principal_model::{Import, Language};
use tokei::LanguageType;
use tree_sitter::Node;

use crate::imports::{Context, import, string_content};
use crate::node_text as text;
use crate::registry::{Entry, no_main};
use crate::spec::{Spec, Table, count_params, name_field, no_receiver};

pub static ENTRY: Entry = Entry {
    language: Language::Ruby,
    extensions: &[
        ("rb", LanguageType::Ruby),
        ("rake", LanguageType::Ruby),
        ("gemspec", LanguageType::Ruby),
        ("ru", LanguageType::Ruby),
    ],
    file_names: &["rakefile", "gemfile", "vagrantfile", "podfile", "guardfile"],
    interpreters: &["ruby", "jruby"],
    counter: LanguageType::Ruby,
    spec: &SPEC,
    is_main: no_main,
    module_imports: false,
};

static SPEC: Spec = Spec {
    grammar: || tree_sitter_ruby::LANGUAGE.into(),
    separator: "::",
    functions: &["method", "singleton_method"],
    lambdas: &["lambda", "block", "do_block"],
    scopes: &["class", "module", "singleton_class"],
    // `unless` branches for the reader (cognitive), though lizard does not count it.
    ifs: &["if", "unless"],
    structures: &[
        "while",
        "until",
        "for",
        "case",
        "case_match",
        "rescue",
        "if_modifier",
        "unless_modifier",
        "while_modifier",
        "until_modifier",
        "rescue_modifier",
    ],
    ternaries: &["conditional"],
    else_clauses: &["elsif", "else"],
    logical: &["binary"],
    logical_operators: &["&&", "||", "and", "or"],
    operator_leaves: &[],
    jumps: &[],
    labels: &[],
    params: &[
        "identifier",
        "optional_parameter",
        "splat_parameter",
        "hash_splat_parameter",
        "keyword_parameter",
        "block_parameter",
        "destructured_parameter",
        "forward_parameter",
    ],
    // lizard's Ruby conditions; `unless` and `case` are not among them.
    branch_tokens: &[
        "if", "elsif", "until", "for", "while", "rescue", "ensure", "when", "and", "or", "&&", "||", "?",
        "||=", "&&=",
    ],
    branch_nodes: &[],
    match_arms: &[],
    lets: &[],
    default_values: &[],
    imports: &["call"],
    import_of: imports,
    types: &["class"],
    abstract_types: &[],
    declares: &[],
    calls: &["call"],
    question_is_branch: false,
    // `def f; end` has no body node, and is still a method.
    always_has_body: true,
    // `def self.f` is `f`, as lizard names it; operators (`def ==`) keep their symbol.
    function_name: name_field,
    scope_name,
    receiver: no_receiver,
    params_of: params,
};

/// `class A::B` is `A::B`; `class << self` opens no named scope.
fn scope_name(node: Node<'_>, source: &[u8]) -> Option<String> {
    match node.kind() {
        "singleton_class" => None,
        _ => name_field(node, source),
    }
}

fn params(node: Node<'_>, table: &Table, _: &[u8]) -> u32 {
    node.child_by_field_name("parameters").map_or(0, |list| count_params(list, table))
}

/// `require "a/b"`, `require_relative "../c"`, `load "d.rb"` and `autoload :E, "e"`, outside
/// any receiver (`Foo.require` is a method call). `require_relative` specifiers start with `./`
/// unless they climb (`../`), so the resolver reads them relative to the file.
fn imports(node: Node<'_>, source: &[u8], ctx: Context, out: &mut Vec<Import>) {
    if node.child_by_field_name("receiver").is_some() {
        return;
    }
    let Some(method) = node.child_by_field_name("method") else { return };
    let method = text(method, source);
    let Some(args) = node.child_by_field_name("arguments") else { return };
    let mut cursor = args.walk();
    let strings: Vec<Node<'_>> = args.named_children(&mut cursor).filter(|a| a.kind() == "string").collect();
    // `autoload :E, "e"`: the constant is a symbol, the path the one string.
    if !matches!(method.as_str(), "require" | "require_relative" | "load" | "autoload") {
        return;
    }
    let Some(arg) = strings.first() else { return };
    // `"#{dir}/x"` is not a literal.
    let mut c = arg.walk();
    if arg.named_children(&mut c).any(|c| c.kind() == "interpolation") {
        return;
    }
    let Some(name) = string_content(*arg, source) else { return };
    let kind = ctx.kind();
    let specifier = if method == "require_relative" && !name.starts_with("../") && !name.starts_with("./") {
        format!("./{name}")
    } else {
        name
    };
    out.push(import(specifier, kind, node));
}
