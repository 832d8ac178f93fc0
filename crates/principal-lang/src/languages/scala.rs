//! Scala: `def`s with a body measured as lizard counts them (its `&&` and `||` are operator
//! identifiers, read by their text); `import a.b.C`, `import a.b.{C, D => E}` and
//! `import a.b._` (or Scala 3's `a.b.*`) as imports of classes and packages.

use principal_model::{Import, ImportKind, Language};
use tokei::LanguageType;
use tree_sitter::Node;

use crate::imports::{Context, import};
use crate::node_text as text;
use crate::registry::Entry;
use crate::spec::{Spec, name_field, no_receiver, params_field};

pub static ENTRY: Entry = Entry {
    language: Language::Scala,
    extensions: &[("scala", LanguageType::Scala), ("sc", LanguageType::Scala)],
    file_names: &[],
    interpreters: &["scala"],
    counter: LanguageType::Scala,
    spec: &SPEC,
    // `def main(args: Array[String])` in an object.
    is_main: |x, _| x.name == "main",
    module_imports: false,
};

static SPEC: Spec = Spec {
    grammar: || tree_sitter_scala::LANGUAGE.into(),
    separator: ".",
    // A `def` without a body (`function_declaration`) is abstract: nothing to measure.
    functions: &["function_definition"],
    lambdas: &["lambda_expression"],
    scopes: &["class_definition", "object_definition", "trait_definition", "enum_definition"],
    ifs: &["if_expression"],
    structures: &[
        "for_expression",
        "while_expression",
        "do_while_expression",
        "match_expression",
        "catch_clause",
    ],
    ternaries: &[],
    else_clauses: &[],
    logical: &["infix_expression"],
    logical_operators: &["&&", "||"],
    operator_leaves: &["operator_identifier"],
    jumps: &[],
    labels: &[],
    params: &["parameter"],
    // lizard's Scala conditions: `if`, `for`, `while`, `catch`, `do`, `&&`, `||` and every `case`.
    branch_tokens: &["if", "for", "while", "catch", "do", "&&", "||", "case"],
    branch_nodes: &[],
    match_arms: &[],
    lets: &[],
    default_values: &[],
    imports: &["import_declaration"],
    import_of: imports,
    types: &["class_definition", "object_definition", "trait_definition", "enum_definition"],
    abstract_types: &["trait_definition"],
    declares: &["package_clause"],
    calls: &["call_expression"],
    question_is_branch: false,
    always_has_body: false,
    function_name: name_field,
    scope_name: name_field,
    receiver: no_receiver,
    // The first `parameters` list: `def f(a: Int)(implicit b: B)` has 1, as lizard counts.
    params_of: params_field,
};

/// Each name an import brings in: `import a.b.C, d.E` is `a.b.C` and `d.E`; `a.b.{C, D => E}`
/// is `a.b.C` and `a.b.D`; `a.b._` and `a.b.*` are the package `a.b.*`; `given` selectors
/// import no name.
fn imports(node: Node<'_>, source: &[u8], _: Context, out: &mut Vec<Import>) {
    let body = text(node, source);
    let body = body.trim_start().strip_prefix("import").unwrap_or(&body);
    let mut depth = 0u32;
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&body[start..]);
    for part in parts {
        let part: String = part.split_whitespace().collect::<Vec<_>>().join(" ");
        let (prefix, selectors) = match part.split_once('{') {
            Some((p, rest)) => (p.trim().trim_end_matches('.').to_owned(), Some(rest.trim_end_matches('}'))),
            None => match part.rsplit_once('.') {
                Some((p, last)) => (p.trim().to_owned(), Some(last)),
                None => continue,
            },
        };
        if prefix.is_empty() || !prefix.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '`')) {
            continue;
        }
        for selector in selectors.into_iter().flat_map(|s| s.split(',')) {
            // `D => E` and Scala 3's `D as E` import `D`; `D => _` hides it.
            let mut words = selector.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty());
            let Some(name) = words.next() else { continue };
            let rest: Vec<&str> = words.collect();
            if rest.last() == Some(&"_") || name == "given" {
                continue;
            }
            let name = name.trim_matches('`');
            let spec =
                if matches!(name, "_" | "*") { format!("{prefix}.*") } else { format!("{prefix}.{name}") };
            out.push(import(spec.replace('`', ""), ImportKind::Import, node));
        }
    }
}
