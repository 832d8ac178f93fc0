//! Shell (sh and Bash): functions measured with the C family's rules, as lizard would count them
//! if it read shell; `source FILE` and `. FILE` with a literal path as imports.

use principal_model::{Import, Language};
use tokei::LanguageType;
use tree_sitter::Node;

use crate::imports::{Context, import};
use crate::node_text as text;
use crate::registry::{Entry, no_main};
use crate::spec::{Spec, name_field, no_receiver, params_field};

pub static ENTRY: Entry = Entry {
    language: Language::Shell,
    extensions: &[("sh", LanguageType::Sh), ("bash", LanguageType::Bash), ("bats", LanguageType::Bash)],
    file_names: &[],
    interpreters: &["sh", "bash", "dash", "ash", "ksh"],
    counter: LanguageType::Sh,
    spec: &SPEC,
    is_main: no_main,
    module_imports: false,
};

static SPEC: Spec = Spec {
    grammar: || tree_sitter_bash::LANGUAGE.into(),
    separator: ".",
    functions: &["function_definition"],
    lambdas: &[],
    scopes: &[],
    ifs: &["if_statement"],
    structures: &["for_statement", "c_style_for_statement", "while_statement", "case_statement"],
    ternaries: &["ternary_expression"],
    else_clauses: &["elif_clause", "else_clause"],
    // `a && b` between commands is a `list`; inside `[[ … ]]` and `(( … ))` a binary expression.
    logical: &["list", "binary_expression"],
    logical_operators: &["&&", "||"],
    operator_leaves: &[],
    jumps: &[],
    labels: &[],
    params: &[],
    // The C family's conditions as lizard counts them, in shell's words: `if`, `elif`, the loops
    // (`for`, `select`, `while`, `until`), `&&`, `||` and the ternary; a `case` adds one per item
    // after the first (`match_arms`).
    branch_tokens: &["if", "elif", "for", "select", "while", "until", "&&", "||"],
    branch_nodes: &["ternary_expression"],
    match_arms: &["case_item"],
    lets: &[],
    default_values: &[],
    imports: &["command"],
    import_of: imports,
    types: &[],
    abstract_types: &[],
    declares: &[],
    calls: &["command"],
    question_is_branch: false,
    always_has_body: true,
    function_name: name_field,
    scope_name: name_field,
    receiver: no_receiver,
    params_of: params_field,
};

/// `source lib.sh`, `. ./lib.sh`, `. "$(dirname "$0")/lib.sh"`, `source "${BASH_SOURCE%/*}/x"`:
/// the path, when what follows a leading expansion is literal. A leading expansion is read as
/// the script's own folder, the idiom these forms spell (`./x`); an absolute path names no file
/// of the repository; a path with variables in the middle is known by its literal tail.
fn imports(node: Node<'_>, source: &[u8], ctx: Context, out: &mut Vec<Import>) {
    let Some(name) = node.child_by_field_name("name") else { return };
    if !matches!(text(name, source).as_str(), "source" | ".") {
        return;
    }
    let mut cursor = node.walk();
    let Some(arg) = node.children_by_field_name("argument", &mut cursor).next() else { return };
    let Some(path) = sourced_path(&text(arg, source)) else { return };
    out.push(import(path, ctx.kind(), node));
}

/// The repository path a `source` argument names, relative to the sourcing file when it starts
/// `./` or `../` or with an expansion (the script's folder), else as written; `*/tail` when only
/// the tail after the last expansion is literal.
fn sourced_path(arg: &str) -> Option<String> {
    let unquoted: String = arg.chars().filter(|c| !matches!(c, '"' | '\'')).collect();
    let rest = match unquoted.strip_prefix('$') {
        Some(tail) => {
            // `$(dirname "$0")`, `${BASH_SOURCE%/*}`, `$DIR`: up to the first `/` after it.
            let end = expansion_end(tail)?;
            let after = tail[end..].strip_prefix('/')?;
            format!("./{after}")
        }
        None => unquoted.clone(),
    };
    let literal = |p: &str| !p.is_empty() && !p.contains(['$', '`', '*', '?', '[', ' ']) && !p.ends_with('/');
    if rest.starts_with(['/', '~']) {
        return None;
    }
    if literal(&rest) {
        return Some(rest);
    }
    // `"$BATS_ROOT/$LIBDIR/bats-core/common.bash"`: the literal tail after the last expansion,
    // which the resolver looks for anywhere (`*/bats-core/common.bash`).
    let last = unquoted.rfind('$')?;
    let end = last + 1 + expansion_end(&unquoted[last + 1..])?;
    let tail = unquoted[end..].strip_prefix('/')?;
    (literal(tail) && tail.contains('.')).then(|| format!("*/{tail}"))
}

/// The byte length of the expansion at the start of `tail` (after its `$`): a bracketed
/// `(…)` or `{…}`, nested brackets balanced, or a variable name.
fn expansion_end(tail: &str) -> Option<usize> {
    let bytes = tail.as_bytes();
    let (open, close) = match bytes.first()? {
        b'(' => (b'(', b')'),
        b'{' => (b'{', b'}'),
        _ => {
            let n = bytes.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
            return (n > 0).then_some(n);
        }
    };
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if b == open {
            depth += 1;
        } else if b == close {
            depth -= 1;
            if depth == 0 {
                return Some(i + 1);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::sourced_path;

    #[test]
    fn sourced_paths() {
        assert_eq!(sourced_path("lib/common.sh").as_deref(), Some("lib/common.sh"));
        assert_eq!(sourced_path("./env.sh").as_deref(), Some("./env.sh"));
        assert_eq!(sourced_path("\"$(dirname \"$0\")/lib.sh\"").as_deref(), Some("./lib.sh"));
        assert_eq!(sourced_path("\"${BASH_SOURCE%/*}\"/../x.bash").as_deref(), Some("./../x.bash"));
        assert_eq!(sourced_path("$DIR/util.sh").as_deref(), Some("./util.sh"));
        assert_eq!(sourced_path("/etc/os-release"), None);
        assert_eq!(sourced_path("~/.bashrc"), None);
        assert_eq!(sourced_path("$DIR/$NAME.sh"), None);
        assert_eq!(
            sourced_path("\"$BATS_ROOT/${LIB}/bats-core/common.bash\"").as_deref(),
            Some("*/bats-core/common.bash")
        );
        assert_eq!(sourced_path("\"$DOMAIN_CONF\""), None);
        assert_eq!(sourced_path("$A/$B/README"), None);
        assert_eq!(sourced_path("$HOME"), None);
        assert_eq!(sourced_path("${x"), None);
    }
}
