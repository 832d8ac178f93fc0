//! What each node kind means, per parsed language.
//!
//! A [`Spec`] lists node kinds by name; [`Table`] turns those names into a role per kind id
//! once, so the walk in [`crate::metrics`] does one array lookup per node.

use std::ops::BitOr;
use std::sync::OnceLock;

use principal_model::{Import, Language};
use tree_sitter::Node;

use crate::imports;

/// The roles a node kind can play, as bit flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Roles(u32);

impl Roles {
    /// A function or method reported on its own.
    pub const FUNCTION: Roles = Roles(1);
    /// A closure or lambda that is not reported on its own: it raises cognitive nesting. A kind
    /// that is a function too is one outside any function (PHP's closures, as lizard counts).
    pub const LAMBDA: Roles = Roles(1 << 1);
    /// A named container: class, struct, impl, trait, namespace, module.
    pub const SCOPE: Roles = Roles(1 << 2);
    /// Adds one to cyclomatic complexity.
    pub const CYCLOMATIC: Roles = Roles(1 << 3);
    /// An `if`: a control structure unless it continues an `else`.
    pub const IF: Roles = Roles(1 << 4);
    /// A loop, switch, match or catch: a control structure.
    pub const STRUCTURE: Roles = Roles(1 << 5);
    /// A ternary expression: a cognitive structure, not a control depth.
    pub const TERNARY: Roles = Roles(1 << 6);
    /// The `?` token, which is a branch only inside a ternary.
    pub const TERNARY_TOKEN: Roles = Roles(1 << 7);
    /// The `else` or `elif` keyword.
    pub const ELSE: Roles = Roles(1 << 8);
    /// A node that wraps an `else` or `elif` branch (`else_clause`, `elif_clause`).
    pub const ELSE_CLAUSE: Roles = Roles(1 << 9);
    /// A binary expression that may be logical.
    pub const LOGICAL: Roles = Roles(1 << 10);
    /// A logical operator token: `&&`, `||`, `and`, `or`.
    pub const LOGICAL_OPERATOR: Roles = Roles(1 << 11);
    /// `goto`, `break`, `continue`.
    pub const JUMP: Roles = Roles(1 << 12);
    /// A parameter that counts towards the parameter count.
    pub const PARAM: Roles = Roles(1 << 13);
    /// A `match` arm: every arm after the first adds a path (as lizard counts `=>`).
    pub const MATCH_ARM: Roles = Roles(1 << 14);
    /// A `let` whose `else` diverges (Rust's `let … else`): that `else` adds a path.
    pub const LET: Roles = Roles(1 << 15);
    /// A parameter or destructuring pattern that may carry a default value: lizard adds a
    /// path for each default value in JavaScript and TypeScript.
    pub const DEFAULT_VALUE: Roles = Roles(1 << 16);
    /// An import, include, `use` or `mod` declaration (or a call that may be `require`).
    pub const IMPORT: Roles = Roles(1 << 17);
    /// A type declaration: class, struct, enum, trait, interface.
    pub const TYPE: Roles = Roles(1 << 18);
    /// A declaration that is abstract by its kind: trait, interface, abstract class.
    pub const ABSTRACT_TYPE: Roles = Roles(1 << 19);
    /// A package or namespace declaration.
    pub const DECLARES: Roles = Roles(1 << 20);
    /// A call: a call to the enclosing function's own name makes it recursive.
    pub const CALL: Roles = Roles(1 << 21);
    /// A named leaf whose text is the operator (Scala's `operator_identifier` is `&&`, `+` or
    /// `::`): the walk gives it the roles of its text ([`Spec::operator_leaves`]).
    pub const OPERATOR_LEAF: Roles = Roles(1 << 22);

    pub fn contains(self, other: Roles) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl BitOr for Roles {
    type Output = Roles;
    fn bitor(self, rhs: Roles) -> Roles {
        Roles(self.0 | rhs.0)
    }
}

/// Roles by node kind id, for one grammar.
pub struct Table {
    roles: Vec<Roles>,
}

impl Table {
    fn build(spec: &Spec, language: &tree_sitter::Language) -> Table {
        let count = language.node_kind_count();
        let mut roles = vec![Roles::default(); count];
        for (id, slot) in roles.iter_mut().enumerate() {
            let id = id as u16;
            let Some(kind) = language.node_kind_for_id(id) else {
                continue;
            };
            let named = language.node_kind_is_named(id);
            let has = |list: &[&str]| list.contains(&kind);
            let mut r = Roles::default();
            if named {
                let pairs = [
                    (spec.functions, Roles::FUNCTION),
                    (spec.lambdas, Roles::LAMBDA),
                    (spec.scopes, Roles::SCOPE),
                    (spec.ifs, Roles::IF),
                    (spec.structures, Roles::STRUCTURE),
                    (spec.ternaries, Roles::TERNARY),
                    (spec.else_clauses, Roles::ELSE_CLAUSE),
                    (spec.logical, Roles::LOGICAL),
                    (spec.jumps, Roles::JUMP),
                    (spec.params, Roles::PARAM),
                    (spec.branch_nodes, Roles::CYCLOMATIC),
                    (spec.match_arms, Roles::MATCH_ARM),
                    (spec.lets, Roles::LET),
                    (spec.default_values, Roles::DEFAULT_VALUE),
                    (spec.imports, Roles::IMPORT),
                    (spec.types, Roles::TYPE),
                    (spec.abstract_types, Roles::TYPE | Roles::ABSTRACT_TYPE),
                    (spec.declares, Roles::DECLARES),
                    (spec.calls, Roles::CALL),
                    (spec.operator_leaves, Roles::OPERATOR_LEAF),
                ];
                for (list, role) in pairs {
                    if has(list) {
                        r = r | role;
                    }
                }
            } else {
                if has(spec.branch_tokens) {
                    r = r | Roles::CYCLOMATIC;
                    if kind == "?" {
                        r = r | Roles::TERNARY_TOKEN;
                    }
                }
                if has(spec.logical_operators) {
                    r = r | Roles::LOGICAL_OPERATOR;
                }
                if matches!(kind, "else" | "elif" | "elseif" | "elsif") {
                    r = r | Roles::ELSE;
                }
            }
            *slot = r;
        }
        Table { roles }
    }

    pub fn roles(&self, kind: u16) -> Roles {
        self.roles.get(kind as usize).copied().unwrap_or_default()
    }
}

/// The node kinds that matter for one language, by name.
pub struct Spec {
    pub grammar: fn() -> tree_sitter::Language,
    /// How qualified names join: `.` or `::`.
    pub separator: &'static str,
    pub functions: &'static [&'static str],
    pub lambdas: &'static [&'static str],
    pub scopes: &'static [&'static str],
    pub ifs: &'static [&'static str],
    pub structures: &'static [&'static str],
    pub ternaries: &'static [&'static str],
    pub else_clauses: &'static [&'static str],
    pub logical: &'static [&'static str],
    pub logical_operators: &'static [&'static str],
    /// Named leaf kinds whose text is the operator, for grammars where `&&` is an identifier
    /// (Scala): such a leaf is a branch token or a logical operator by its text.
    pub operator_leaves: &'static [&'static str],
    pub jumps: &'static [&'static str],
    /// The node kinds that name a label in `break label` and `continue label`.
    pub labels: &'static [&'static str],
    pub params: &'static [&'static str],
    /// Anonymous tokens that add a path, as lizard's token list has them.
    pub branch_tokens: &'static [&'static str],
    /// Named nodes that add a path.
    pub branch_nodes: &'static [&'static str],
    pub match_arms: &'static [&'static str],
    pub lets: &'static [&'static str],
    pub default_values: &'static [&'static str],
    pub imports: &'static [&'static str],
    pub import_of: fn(Node<'_>, &[u8], imports::Context, &mut Vec<Import>),
    pub types: &'static [&'static str],
    pub abstract_types: &'static [&'static str],
    pub declares: &'static [&'static str],
    pub calls: &'static [&'static str],
    /// Rust's `?` is lizard's ternary token too: every `?` counts.
    pub question_is_branch: bool,
    /// Every function node has a body, even an empty one without a body node (Ruby's
    /// `def f; end`); elsewhere a function without one is a declaration and not measured.
    pub always_has_body: bool,
    pub function_name: fn(Node<'_>, &[u8]) -> Option<String>,
    pub scope_name: fn(Node<'_>, &[u8]) -> Option<String>,
    /// Go's method receiver type, which qualifies the method name.
    pub receiver: fn(Node<'_>, &[u8]) -> Option<String>,
    pub params_of: fn(Node<'_>, &Table, &[u8]) -> u32,
}

/// The spec and role table of a parsed language, built on first use.
pub fn for_language(language: &Language) -> Option<(&'static Spec, &'static Table)> {
    static TABLES: [OnceLock<Table>; Language::PARSED.len()] =
        [const { OnceLock::new() }; Language::PARSED.len()];
    let (index, entry) = crate::registry::entry(language)?;
    let spec = entry.spec;
    let table = TABLES[index].get_or_init(|| Table::build(spec, &(spec.grammar)()));
    Some((spec, table))
}

use crate::node_text as text;

fn field_text(node: Node<'_>, field: &str, source: &[u8]) -> Option<String> {
    node.child_by_field_name(field).map(|n| text(n, source))
}

pub(crate) fn name_field(node: Node<'_>, source: &[u8]) -> Option<String> {
    field_text(node, "name", source)
}

pub(crate) fn no_receiver(_: Node<'_>, _: &[u8]) -> Option<String> {
    None
}

/// Strips generic arguments: `Foo<T>` is `Foo`.
fn strip_generics(name: &str) -> String {
    name.split('<').next().unwrap_or(name).trim().to_owned()
}

/// Counts the children of the `parameters` field that play the PARAM role.
pub(crate) fn params_field(node: Node<'_>, table: &Table, _: &[u8]) -> u32 {
    match node.child_by_field_name("parameters") {
        Some(list) => count_params(list, table),
        // An arrow function with one bare parameter: `x => x + 1`.
        None => u32::from(node.child_by_field_name("parameter").is_some()),
    }
}

pub(crate) fn count_params(list: Node<'_>, table: &Table) -> u32 {
    let mut cursor = list.walk();
    list.named_children(&mut cursor).filter(|c| table.roles(c.kind_id()).contains(Roles::PARAM)).count()
        as u32
}

const C_LIKE_LOGICAL: &[&str] = &["&&", "||"];

pub static PYTHON: Spec = Spec {
    grammar: || tree_sitter_python::LANGUAGE.into(),
    separator: ".",
    functions: &["function_definition"],
    lambdas: &["lambda"],
    scopes: &["class_definition"],
    ifs: &["if_statement"],
    structures: &["for_statement", "while_statement", "except_clause", "match_statement"],
    ternaries: &["conditional_expression"],
    else_clauses: &["else_clause", "elif_clause"],
    logical: &["boolean_operator"],
    logical_operators: &["and", "or"],
    operator_leaves: &[],
    jumps: &[],
    labels: &[],
    params: &[
        "identifier",
        "typed_parameter",
        "default_parameter",
        "typed_default_parameter",
        "list_splat_pattern",
        "dictionary_splat_pattern",
        "tuple_pattern",
    ],
    branch_tokens: &["if", "elif", "for", "while", "except", "finally", "and", "or"],
    branch_nodes: &["case_clause"],
    match_arms: &[],
    lets: &[],
    default_values: &[],
    imports: &["import_statement", "import_from_statement"],
    import_of: imports::python,
    types: &["class_definition"],
    abstract_types: &[],
    declares: &[],
    calls: &["call"],
    question_is_branch: false,
    always_has_body: false,
    function_name: name_field,
    scope_name: name_field,
    receiver: no_receiver,
    params_of: params_field,
};

const JS_FUNCTIONS: &[&str] = &[
    "function_declaration",
    "function_expression",
    "generator_function_declaration",
    "generator_function",
    "arrow_function",
    "method_definition",
];
const JS_STRUCTURES: &[&str] = &[
    "for_statement",
    "for_in_statement",
    "while_statement",
    "do_statement",
    "switch_statement",
    "catch_clause",
];
const JS_BRANCHES: &[&str] =
    &["if", "for", "while", "case", "catch", "&&", "||", "??", "&&=", "||=", "??=", "?"];
const JS_DEFAULTS: &[&str] =
    &["assignment_pattern", "object_assignment_pattern", "required_parameter", "optional_parameter"];
const JS_JUMPS: &[&str] = &["break_statement", "continue_statement"];

pub static JAVASCRIPT: Spec = Spec {
    grammar: || tree_sitter_javascript::LANGUAGE.into(),
    separator: ".",
    functions: JS_FUNCTIONS,
    lambdas: &[],
    scopes: &["class_declaration", "class"],
    ifs: &["if_statement"],
    structures: JS_STRUCTURES,
    ternaries: &["ternary_expression"],
    else_clauses: &["else_clause"],
    logical: &["binary_expression"],
    logical_operators: C_LIKE_LOGICAL,
    operator_leaves: &[],
    jumps: JS_JUMPS,
    labels: &["statement_identifier"],
    params: &["identifier", "assignment_pattern", "object_pattern", "array_pattern", "rest_pattern"],
    branch_tokens: JS_BRANCHES,
    branch_nodes: &[],
    match_arms: &[],
    lets: &[],
    default_values: JS_DEFAULTS,
    imports: &["import_statement", "export_statement", "call_expression"],
    import_of: imports::javascript,
    types: &["class_declaration", "class"],
    abstract_types: &[],
    declares: &[],
    calls: &["call_expression"],
    question_is_branch: false,
    always_has_body: false,
    function_name: name_field,
    scope_name: name_field,
    receiver: no_receiver,
    params_of: params_field,
};

const TS_SCOPES: &[&str] =
    &["class_declaration", "abstract_class_declaration", "class", "interface_declaration", "internal_module"];
const TS_PARAMS: &[&str] = &["required_parameter", "optional_parameter", "identifier"];

pub static TYPESCRIPT: Spec = Spec {
    grammar: || tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
    scopes: TS_SCOPES,
    params: TS_PARAMS,
    ..JS_TEMPLATE
};

pub static TSX: Spec = Spec {
    grammar: || tree_sitter_typescript::LANGUAGE_TSX.into(),
    scopes: TS_SCOPES,
    params: TS_PARAMS,
    ..JS_TEMPLATE
};

const JS_TEMPLATE: Spec = Spec {
    grammar: || tree_sitter_javascript::LANGUAGE.into(),
    separator: ".",
    functions: JS_FUNCTIONS,
    lambdas: &[],
    scopes: &[],
    ifs: &["if_statement"],
    structures: JS_STRUCTURES,
    ternaries: &["ternary_expression"],
    else_clauses: &["else_clause"],
    logical: &["binary_expression"],
    logical_operators: C_LIKE_LOGICAL,
    operator_leaves: &[],
    jumps: JS_JUMPS,
    labels: &["statement_identifier"],
    params: &[],
    branch_tokens: JS_BRANCHES,
    branch_nodes: &[],
    match_arms: &[],
    lets: &[],
    default_values: JS_DEFAULTS,
    imports: &["import_statement", "export_statement", "call_expression"],
    import_of: imports::javascript,
    types: &["class_declaration", "class", "enum_declaration"],
    abstract_types: &["interface_declaration", "abstract_class_declaration"],
    declares: &[],
    calls: &["call_expression"],
    question_is_branch: false,
    always_has_body: false,
    function_name: name_field,
    scope_name: name_field,
    receiver: no_receiver,
    params_of: params_field,
};

fn rust_scope_name(node: Node<'_>, source: &[u8]) -> Option<String> {
    match node.kind() {
        "impl_item" => field_text(node, "type", source).map(|t| strip_generics(&t)),
        _ => name_field(node, source),
    }
}

pub static RUST: Spec = Spec {
    grammar: || tree_sitter_rust::LANGUAGE.into(),
    separator: "::",
    functions: &["function_item"],
    lambdas: &["closure_expression"],
    scopes: &["impl_item", "trait_item", "mod_item"],
    ifs: &["if_expression"],
    structures: &["for_expression", "while_expression", "loop_expression", "match_expression"],
    ternaries: &[],
    else_clauses: &["else_clause"],
    logical: &["binary_expression"],
    logical_operators: C_LIKE_LOGICAL,
    operator_leaves: &[],
    jumps: &["break_expression", "continue_expression"],
    labels: &["label", "lifetime"],
    params: &["parameter", "self_parameter", "variadic_parameter"],
    branch_tokens: &["if", "for", "while", "&&", "||", "?"],
    branch_nodes: &[],
    match_arms: &["match_arm"],
    lets: &["let_declaration"],
    default_values: &[],
    imports: &["mod_item", "use_declaration", "extern_crate_declaration", "macro_invocation"],
    import_of: imports::rust,
    types: &["struct_item", "enum_item", "union_item"],
    abstract_types: &["trait_item"],
    declares: &[],
    calls: &["call_expression"],
    question_is_branch: true,
    always_has_body: false,
    function_name: name_field,
    scope_name: rust_scope_name,
    receiver: no_receiver,
    params_of: params_field,
};

fn go_receiver(node: Node<'_>, source: &[u8]) -> Option<String> {
    let receiver = node.child_by_field_name("receiver")?;
    let mut cursor = receiver.walk();
    let decl = receiver.named_children(&mut cursor).find(|c| c.kind() == "parameter_declaration")?;
    let ty = text(decl.child_by_field_name("type")?, source);
    Some(strip_generics(ty.trim_start_matches('*')))
}

fn go_params(node: Node<'_>, _: &Table, _: &[u8]) -> u32 {
    let Some(list) = node.child_by_field_name("parameters") else {
        return 0;
    };
    let mut cursor = list.walk();
    let mut count = 0;
    for decl in list.named_children(&mut cursor) {
        match decl.kind() {
            "parameter_declaration" => {
                // `a, b int` declares two; `int` alone (no names) declares one.
                let mut c = decl.walk();
                let names = decl.children_by_field_name("name", &mut c).count() as u32;
                count += names.max(1);
            }
            "variadic_parameter_declaration" => count += 1,
            _ => {}
        }
    }
    count
}

pub static GO: Spec = Spec {
    grammar: || tree_sitter_go::LANGUAGE.into(),
    separator: ".",
    functions: &["function_declaration", "method_declaration", "func_literal"],
    lambdas: &[],
    scopes: &[],
    ifs: &["if_statement"],
    structures: &[
        "for_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "select_statement",
    ],
    ternaries: &[],
    else_clauses: &[],
    logical: &["binary_expression"],
    logical_operators: C_LIKE_LOGICAL,
    operator_leaves: &[],
    jumps: &["goto_statement", "break_statement", "continue_statement"],
    labels: &["label_name"],
    params: &[],
    branch_tokens: &["if", "for", "case", "&&", "||"],
    branch_nodes: &[],
    match_arms: &[],
    lets: &[],
    default_values: &[],
    imports: &["import_spec"],
    import_of: imports::go,
    types: &["type_spec"],
    abstract_types: &[],
    declares: &["package_clause"],
    calls: &["call_expression"],
    question_is_branch: false,
    always_has_body: false,
    function_name: name_field,
    scope_name: name_field,
    receiver: go_receiver,
    params_of: go_params,
};

pub static JAVA: Spec = Spec {
    grammar: || tree_sitter_java::LANGUAGE.into(),
    separator: ".",
    functions: &["method_declaration", "constructor_declaration", "compact_constructor_declaration"],
    lambdas: &["lambda_expression"],
    scopes: &[
        "class_declaration",
        "interface_declaration",
        "enum_declaration",
        "record_declaration",
        "annotation_type_declaration",
    ],
    ifs: &["if_statement"],
    structures: &[
        "for_statement",
        "enhanced_for_statement",
        "while_statement",
        "do_statement",
        "switch_expression",
        "catch_clause",
    ],
    ternaries: &["ternary_expression"],
    else_clauses: &[],
    logical: &["binary_expression"],
    logical_operators: C_LIKE_LOGICAL,
    operator_leaves: &[],
    jumps: &["break_statement", "continue_statement"],
    labels: &["identifier"],
    params: &["formal_parameter", "spread_parameter"],
    branch_tokens: &["if", "for", "while", "case", "catch", "&&", "||", "?"],
    branch_nodes: &[],
    match_arms: &[],
    lets: &[],
    default_values: &[],
    imports: &["import_declaration"],
    import_of: imports::java,
    types: &["class_declaration", "enum_declaration", "record_declaration"],
    abstract_types: &["interface_declaration", "annotation_type_declaration"],
    declares: &["package_declaration"],
    calls: &["method_invocation"],
    question_is_branch: false,
    always_has_body: false,
    function_name: name_field,
    scope_name: name_field,
    receiver: no_receiver,
    params_of: params_field,
};

/// The declarator that names a C or C++ function: `foo`, `Foo::bar`, `~Foo`, `operator==`.
fn c_function_name(node: Node<'_>, source: &[u8]) -> Option<String> {
    let declarator = c_function_declarator(node)?;
    let name = declarator.child_by_field_name("declarator")?;
    Some(text(name, source).split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Follows pointer, reference and attributed declarators down to the function declarator.
fn c_function_declarator(node: Node<'_>) -> Option<Node<'_>> {
    let mut d = node.child_by_field_name("declarator")?;
    for _ in 0..16 {
        if d.kind() == "function_declarator" {
            return Some(d);
        }
        d = d.child_by_field_name("declarator").or_else(|| d.named_child(0))?;
    }
    None
}

fn c_params(node: Node<'_>, table: &Table, source: &[u8]) -> u32 {
    let Some(list) = c_function_declarator(node).and_then(|d| d.child_by_field_name("parameters")) else {
        return 0;
    };
    let mut cursor = list.walk();
    let params: Vec<Node<'_>> = list
        .named_children(&mut cursor)
        .filter(|c| table.roles(c.kind_id()).contains(Roles::PARAM))
        .collect();
    // `f(void)` declares none.
    if let [only] = params.as_slice() {
        let is_void = only.child_by_field_name("declarator").is_none()
            && only.child_by_field_name("type").is_some_and(|t| text(t, source) == "void");
        if is_void {
            return 0;
        }
    }
    params.len() as u32
}

const C_PARAMS: &[&str] = &[
    "parameter_declaration",
    "optional_parameter_declaration",
    "variadic_parameter_declaration",
    "variadic_parameter",
];
const C_STRUCTURES: &[&str] = &["for_statement", "while_statement", "do_statement", "switch_statement"];

pub static C: Spec = Spec {
    grammar: || tree_sitter_c::LANGUAGE.into(),
    separator: "::",
    functions: &["function_definition"],
    lambdas: &[],
    scopes: &[],
    ifs: &["if_statement"],
    structures: C_STRUCTURES,
    ternaries: &["conditional_expression"],
    else_clauses: &["else_clause"],
    logical: &["binary_expression"],
    logical_operators: C_LIKE_LOGICAL,
    operator_leaves: &[],
    jumps: &["goto_statement", "break_statement", "continue_statement"],
    labels: &["statement_identifier"],
    params: C_PARAMS,
    branch_tokens: &["if", "for", "while", "case", "&&", "||", "?", "#if", "#ifdef", "#elif"],
    branch_nodes: &[],
    match_arms: &[],
    lets: &[],
    default_values: &[],
    imports: &["preproc_include"],
    import_of: imports::c,
    types: &[],
    abstract_types: &[],
    declares: &[],
    calls: &["call_expression"],
    question_is_branch: false,
    always_has_body: false,
    function_name: c_function_name,
    scope_name: name_field,
    receiver: no_receiver,
    params_of: c_params,
};

pub static CPP: Spec = Spec {
    grammar: || tree_sitter_cpp::LANGUAGE.into(),
    separator: "::",
    functions: &["function_definition"],
    lambdas: &["lambda_expression"],
    scopes: &["class_specifier", "struct_specifier", "union_specifier", "namespace_definition"],
    ifs: &["if_statement"],
    structures: &[
        "for_statement",
        "for_range_loop",
        "while_statement",
        "do_statement",
        "switch_statement",
        "catch_clause",
    ],
    ternaries: &["conditional_expression"],
    else_clauses: &["else_clause"],
    logical: &["binary_expression"],
    logical_operators: &["&&", "||", "and", "or"],
    operator_leaves: &[],
    jumps: &["goto_statement", "break_statement", "continue_statement"],
    labels: &["statement_identifier"],
    params: C_PARAMS,
    branch_tokens: &["if", "for", "while", "case", "catch", "&&", "||", "?", "#if", "#ifdef", "#elif"],
    branch_nodes: &[],
    match_arms: &[],
    lets: &[],
    default_values: &[],
    imports: &["preproc_include"],
    import_of: imports::c,
    types: &["class_specifier", "struct_specifier"],
    abstract_types: &[],
    declares: &[],
    calls: &["call_expression"],
    question_is_branch: false,
    always_has_body: false,
    function_name: c_function_name,
    scope_name: name_field,
    receiver: no_receiver,
    params_of: c_params,
};

pub static CSHARP: Spec = Spec {
    grammar: || tree_sitter_c_sharp::LANGUAGE.into(),
    separator: ".",
    functions: &[
        "method_declaration",
        "constructor_declaration",
        "destructor_declaration",
        "operator_declaration",
        "conversion_operator_declaration",
        "accessor_declaration",
    ],
    lambdas: &["lambda_expression", "anonymous_method_expression", "local_function_statement"],
    scopes: &[
        "class_declaration",
        "struct_declaration",
        "interface_declaration",
        "record_declaration",
        "enum_declaration",
        "namespace_declaration",
        "file_scoped_namespace_declaration",
        "property_declaration",
    ],
    ifs: &["if_statement"],
    structures: &[
        "for_statement",
        "foreach_statement",
        "while_statement",
        "do_statement",
        "switch_statement",
        "switch_expression",
        "catch_clause",
    ],
    ternaries: &["conditional_expression"],
    else_clauses: &[],
    logical: &["binary_expression"],
    logical_operators: C_LIKE_LOGICAL,
    operator_leaves: &[],
    jumps: &["goto_statement"],
    labels: &["identifier"],
    params: &["parameter"],
    branch_tokens: &["if", "for", "foreach", "while", "case", "catch", "&&", "||", "??", "?"],
    branch_nodes: &[],
    match_arms: &["switch_expression_arm"],
    lets: &[],
    default_values: &[],
    imports: &["using_directive"],
    import_of: imports::csharp,
    types: &["class_declaration", "struct_declaration", "record_declaration", "enum_declaration"],
    abstract_types: &["interface_declaration"],
    declares: &["namespace_declaration", "file_scoped_namespace_declaration"],
    calls: &["invocation_expression"],
    question_is_branch: false,
    always_has_body: false,
    function_name: csharp_function_name,
    scope_name: name_field,
    receiver: no_receiver,
    params_of: params_field,
};

fn csharp_function_name(node: Node<'_>, source: &[u8]) -> Option<String> {
    match node.kind() {
        // `get`, `set`, `init`, `add`, `remove`: the keyword is the name.
        "accessor_declaration" => {
            let mut cursor = node.walk();
            let keyword = node.children(&mut cursor).find(|c| !c.is_named() || c.kind() == "identifier");
            keyword.map(|k| text(k, source))
        }
        "operator_declaration" => field_text(node, "operator", source).map(|op| format!("operator{op}")),
        _ => name_field(node, source),
    }
}
