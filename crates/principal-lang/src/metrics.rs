//! Per-function metrics from one walk of a tree-sitter syntax tree.
//!
//! The walk is iterative (an explicit stack), so a file nested 20,000 levels deep costs memory,
//! not the thread's stack. Each node's role comes from a table indexed by its kind id, built
//! once per language from the lists in [`crate::spec`].

use principal_model::{FileFacts, Function, Position, TypeDecl};
use tree_sitter::{Node, Tree};

use std::collections::HashMap;

use crate::clones::Tokens;
use crate::imports;
use crate::spec::{Roles, Spec, Table};

/// An open function: its counters grow while the walk is inside it.
struct Frame {
    name: String,
    qualified_name: String,
    start_line: u32,
    end_line: u32,
    header_end: Position,
    params: u32,
    cyclomatic: u32,
    cognitive: u32,
    /// Open structures that raise cognitive nesting (control flow and lambdas).
    nesting: u32,
    /// Open control structures, for `max_nesting`.
    control: u32,
    max_nesting: u32,
    /// It calls itself: Sonar's recursion increment has been counted.
    recursive: bool,
    /// Lines where a token starts, and the last such line.
    code_lines: u32,
    last_line: u32,
    /// Hashes of the members it uses through `self`/`this` (nested functions' included).
    members: Vec<u64>,
    /// The type it is a method of: opened directly inside a type's scope.
    method_of: Option<String>,
}

/// A method, for the type's cohesion.
struct Method {
    type_name: String,
    name: u64,
    members: Vec<u64>,
}

/// A node on the path from the root to the current node.
#[derive(Clone, Copy)]
struct Ancestor {
    kind: u16,
    /// For a logical binary expression, its operator's kind id; else 0.
    operator: u16,
    /// How many `match` arms among its children the walk has entered.
    arms: u32,
}

/// Something to undo when the walk leaves the node at `depth`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Undo {
    /// Pop a name off the scope stack.
    Scope,
    /// Close the innermost function.
    Function,
    /// Lower the current function's nesting; `control` also lowers its control depth.
    Nesting { control: bool },
    /// Leave Python's `if TYPE_CHECKING:`.
    TypeChecking,
    /// Leave a Rust item compiled for tests only.
    TestCode,
    /// Leave Python's `if __name__ == "__main__":`.
    ScriptOnly,
}

/// Walks `tree` once and measures every function in it into `facts`.
pub fn measure(spec: &Spec, table: &Table, tree: &Tree, source: &[u8], facts: &mut FileFacts) {
    let mut walk = Walk {
        spec,
        table,
        source,
        facts,
        frames: Vec::new(),
        scopes: Vec::new(),
        undo: Vec::new(),
        path: Vec::new(),
        type_checking: 0,
        guarded: Vec::new(),
        script_only: 0,
        script_blocks: Vec::new(),
        test_code: 0,
        tokens: Tokens::default(),
        extra: None,
        recent: [0; 2],
        receivers: [b"self".as_slice(), b"this", b"$this"].map(xxhash_rust::xxh3::xxh3_64),
        accessors: [b".".as_slice(), b"->"].map(xxhash_rust::xxh3::xxh3_64),
        methods: Vec::new(),
    };
    let mut cursor = tree.walk();
    let mut prev_sibling = u16::MAX;
    loop {
        let node = cursor.node();
        walk.enter(node, prev_sibling);
        if cursor.goto_first_child() {
            prev_sibling = u16::MAX;
            continue;
        }
        loop {
            let left = cursor.node().kind_id();
            walk.leave();
            if cursor.goto_next_sibling() {
                prev_sibling = left;
                break;
            }
            if !cursor.goto_parent() {
                if walk.facts.language == principal_model::Language::Java {
                    doc_only_imports(&walk.tokens, &mut walk.facts.imports);
                }
                walk.facts.tokens = walk.tokens.len() as u32;
                walk.facts.fingerprints = walk.tokens.fingerprints();
                walk.facts.cohesion = cohesion(std::mem::take(&mut walk.methods), walk.spec.separator);
                walk.facts.mentions.sort_unstable();
                walk.facts.mentions.dedup();
                walk.facts.functions.sort_by(|a, b| {
                    (a.start_line, b.end_line, &a.qualified_name).cmp(&(
                        b.start_line,
                        a.end_line,
                        &b.qualified_name,
                    ))
                });
                return;
            }
        }
    }
}

/// A leaf token that reads as a file or module named in a string (its quotes trimmed): 3 to 200
/// characters of letters, digits and `_@./:-`, with a `/` or a `.` and a letter. Identifiers and
/// numbers are leaves too but have no `/` or `.` (or no letter).
pub(crate) fn mention(text: &[u8]) -> Option<String> {
    let quotes: &[u8] = b"\"'`";
    let start = text.iter().position(|b| !quotes.contains(b))?;
    let end = text.iter().rposition(|b| !quotes.contains(b))? + 1;
    let t = &text[start..end];
    let path_like = (3..=200).contains(&t.len())
        && t.iter().all(|b| b.is_ascii_alphanumeric() || b"_@./:-".contains(b))
        && t.iter().any(|b| matches!(b, b'/' | b'.'))
        && t.iter().any(u8::is_ascii_alphabetic)
        && (!t.starts_with(b".") || t.starts_with(b"./") || t.starts_with(b"../"));
    path_like.then(|| String::from_utf8_lossy(t).into_owned())
}

struct Walk<'a> {
    spec: &'a Spec,
    table: &'a Table,
    source: &'a [u8],
    facts: &'a mut FileFacts,
    frames: Vec<Frame>,
    /// Names of the enclosing types, modules and functions.
    scopes: Vec<String>,
    /// What to undo, tagged with the depth of the node that asked for it.
    undo: Vec<(usize, Undo)>,
    path: Vec<Ancestor>,
    /// How many `if TYPE_CHECKING:` blocks enclose the current node.
    type_checking: u32,
    /// Node ids of `if TYPE_CHECKING:` consequences not yet entered.
    guarded: Vec<usize>,
    /// How many `if __name__ == "__main__":` blocks enclose the current node, and the ids of
    /// such blocks not yet entered.
    script_only: u32,
    script_blocks: Vec<usize>,
    /// Depth of Rust `#[cfg(test)]` items around the node.
    test_code: u32,
    /// The token stream, for clone detection.
    tokens: Tokens,
    /// The depth of the comment (or other extra node) the walk is inside: its tokens are not code.
    extra: Option<usize>,
    /// The hashes of the last two tokens.
    recent: [u64; 2],
    /// Hashes of `self`, `this`, `$this`, and of `.` and `->`.
    receivers: [u64; 3],
    accessors: [u64; 2],
    methods: Vec<Method>,
}

impl Walk<'_> {
    fn depth(&self) -> usize {
        self.path.len()
    }

    fn parent(&self) -> Option<&Ancestor> {
        self.path.len().checked_sub(2).map(|i| &self.path[i])
    }

    fn grandparent(&self) -> Option<&Ancestor> {
        self.path.len().checked_sub(3).map(|i| &self.path[i])
    }

    fn text(&self, node: Node<'_>) -> String {
        crate::node_text(node, self.source)
    }

    fn enter(&mut self, node: Node<'_>, prev_sibling: u16) {
        let kind = node.kind_id();
        let mut roles = self.table.roles(kind);
        if roles.contains(Roles::OPERATOR_LEAF) {
            roles = operator_leaf_roles(self.spec, &self.text(node));
        }
        let operator = if roles.contains(Roles::LOGICAL) {
            logical_operator(self.spec, self.table, node, self.source)
        } else {
            0
        };
        self.path.push(Ancestor { kind, operator, arms: 0 });
        let depth = self.depth();

        if node.is_error() || node.is_missing() {
            self.facts.parse_errors += 1;
        }
        if node.is_extra() && self.extra.is_none() {
            self.extra = Some(depth);
        }
        if self.extra.is_none() && node.child_count() == 0 && node.start_byte() < node.end_byte() {
            self.token(node);
        }
        if self.guarded.last() == Some(&node.id()) {
            self.guarded.pop();
            self.type_checking += 1;
            self.undo.push((depth, Undo::TypeChecking));
        }
        if self.script_blocks.last() == Some(&node.id()) {
            self.script_blocks.pop();
            self.script_only += 1;
            self.undo.push((depth, Undo::ScriptOnly));
        }
        if roles.is_empty() {
            return;
        }
        // Rust items compiled for tests only (`#[cfg(test)] mod tests { use … }`): their imports
        // are no dependency of the crate. Items are scopes or functions; the attribute is a
        // preceding sibling.
        if (roles.contains(Roles::SCOPE) || roles.contains(Roles::FUNCTION))
            && matches!(node.kind(), "mod_item" | "function_item" | "impl_item" | "trait_item")
            && imports::cfg_test(node, self.source)
        {
            self.test_code += 1;
            self.undo.push((depth, Undo::TestCode));
        }
        if roles.contains(Roles::IMPORT) {
            let ctx = imports::Context {
                type_checking: self.type_checking > 0,
                deferred: !self.frames.is_empty() || self.script_only > 0,
                test: self.test_code > 0,
            };
            (self.spec.import_of)(node, self.source, ctx, &mut self.facts.imports);
        }
        if roles.contains(Roles::TYPE) {
            self.facts.types += 1;
            if roles.contains(Roles::ABSTRACT_TYPE) || imports::is_abstract(node, self.source) {
                self.facts.abstract_types += 1;
            }
            if let Some(name) =
                node.child_by_field_name("name").map(|n| self.text(n)).filter(|n| !n.is_empty())
            {
                let name = name.split('<').next().unwrap_or(&name).trim().to_owned();
                let mut qualified_name = String::new();
                for part in &self.scopes {
                    qualified_name.push_str(part);
                    qualified_name.push_str(self.spec.separator);
                }
                qualified_name.push_str(&name);
                self.facts.type_decls.push(TypeDecl {
                    name,
                    qualified_name,
                    start_line: declaration_start(node) as u32 + 1,
                    header_end: header_end(node),
                });
            }
        }
        if roles.contains(Roles::DECLARES)
            && let Some(name) = imports::declared_name(node, self.source)
        {
            self.facts.declares.push(name);
        }
        if roles.contains(Roles::IF)
            && let Some(block) = imports::type_checking_block(node, self.source)
        {
            self.guarded.push(block.id());
        }
        if roles.contains(Roles::IF)
            && let Some(block) = imports::script_block(node, self.source)
        {
            self.script_blocks.push(block.id());
        }

        // A kind that is both a function and a lambda (PHP's closure) is a function of its own
        // only outside any function.
        let nested_lambda = roles.contains(Roles::LAMBDA) && !self.frames.is_empty();
        if roles.contains(Roles::FUNCTION) && !nested_lambda && (self.spec.always_has_body || has_body(node))
        {
            self.open_function(node, depth);
            return;
        }
        if roles.contains(Roles::SCOPE) {
            let name = (self.spec.scope_name)(node, self.source).unwrap_or_default();
            if !name.is_empty() {
                self.scopes.push(name);
                self.undo.push((depth, Undo::Scope));
            }
        }
        if self.frames.is_empty() {
            return;
        }
        // `a ?: b` (PHP's and GNU C's short ternary) chooses no branch lizard counts.
        let elvis =
            roles.contains(Roles::TERNARY_TOKEN) && node.next_sibling().is_some_and(|n| n.kind() == ":");
        if roles.contains(Roles::CYCLOMATIC) && !elvis && self.counts_for_cyclomatic(roles) {
            self.frame().cyclomatic += 1;
        }
        if roles.contains(Roles::DEFAULT_VALUE)
            && (node.child_by_field_name("value").is_some() || node.child_by_field_name("right").is_some())
        {
            self.frame().cyclomatic += 1;
        }
        if roles.contains(Roles::CALL) && !self.frame().recursive && self.calls_itself(node) {
            // Sonar: +1 for a method in a recursion cycle (direct recursion is what one file shows).
            let frame = self.frame();
            frame.recursive = true;
            frame.cognitive += 1;
        }
        if roles.contains(Roles::MATCH_ARM)
            && let Some(parent) = self.path.len().checked_sub(2)
        {
            self.path[parent].arms += 1;
            if self.path[parent].arms > 1 {
                self.frame().cyclomatic += 1;
            }
        }
        if roles.contains(Roles::IF) {
            if self.is_else_if(prev_sibling) {
                // `else if`: its `else` already counted, and it nests no deeper than its `if`.
                return;
            }
            self.structure(depth, true);
        } else if roles.contains(Roles::STRUCTURE) {
            self.structure(depth, true);
        } else if roles.contains(Roles::TERNARY) {
            self.structure(depth, false);
        } else if roles.contains(Roles::LAMBDA) {
            self.frame().nesting += 1;
            self.undo.push((depth, Undo::Nesting { control: false }));
        } else if roles.contains(Roles::ELSE) {
            if self.else_belongs_to_if() {
                self.frame().cognitive += 1;
            } else if self.parent().is_some_and(|p| self.table.roles(p.kind).contains(Roles::LET)) {
                // Rust's `let … else` diverges: lizard counts it as a branch.
                self.frame().cyclomatic += 1;
            }
        } else if roles.contains(Roles::LOGICAL) {
            if operator != 0 && self.parent().is_none_or(|p| p.kind != kind || p.operator != operator) {
                self.frame().cognitive += 1;
            }
        } else if roles.contains(Roles::JUMP) && self.is_counted_jump(node) {
            self.frame().cognitive += 1;
        }
    }

    /// A leaf of the syntax tree outside comments: one token of the stream, and a member use
    /// when it follows `self.` or `this.`.
    fn token(&mut self, node: Node<'_>) {
        let line = node.start_position().row as u32 + 1;
        let hash = self.tokens.push(&self.source[node.byte_range()], line);
        let [before, last] = self.recent;
        // The inside and the end of a multi-line string (a docstring) are not lines of code.
        let inside_string = matches!(node.kind(), "string_content" | "string_end" | "string_fragment");
        if let Some(m) = mention(&self.source[node.byte_range()])
            && self.facts.mentions.len() < principal_model::MAX_MENTIONS
        {
            self.facts.mentions.push(m);
        }
        for frame in self.frames.iter_mut().filter(|_| !inside_string) {
            if frame.last_line != line {
                frame.last_line = line;
                frame.code_lines += 1;
            }
        }
        if self.accessors.contains(&last)
            && self.receivers.contains(&before)
            && let Some(frame) = self.frames.last_mut()
        {
            frame.members.push(hash);
        }
        self.recent = [last, hash];
    }

    fn leave(&mut self) {
        let depth = self.depth();
        if self.extra == Some(depth) {
            self.extra = None;
        }
        while let Some(&(d, undo)) = self.undo.last() {
            if d != depth {
                break;
            }
            self.undo.pop();
            match undo {
                Undo::Scope => {
                    self.scopes.pop();
                }
                Undo::TypeChecking => self.type_checking -= 1,
                Undo::TestCode => self.test_code -= 1,
                Undo::ScriptOnly => self.script_only -= 1,
                Undo::Nesting { control } => {
                    let frame = self.frame();
                    frame.nesting -= 1;
                    if control {
                        frame.control -= 1;
                    }
                }
                Undo::Function => {
                    let mut f = self.frames.pop().expect("a Function undo has its frame");
                    self.scopes.pop();
                    if let Some(parent) = self.frames.last_mut() {
                        // A closure's uses of `self` are its method's.
                        parent.members.extend_from_slice(&f.members);
                    } else if let Some(type_name) = f.method_of.take() {
                        self.methods.push(Method {
                            type_name,
                            name: xxhash_rust::xxh3::xxh3_64(f.name.as_bytes()),
                            members: std::mem::take(&mut f.members),
                        });
                    }
                    self.facts.functions.push(Function {
                        name: f.name,
                        qualified_name: f.qualified_name,
                        start_line: f.start_line,
                        end_line: f.end_line,
                        header_end: f.header_end,
                        cyclomatic: f.cyclomatic,
                        cognitive: f.cognitive,
                        max_nesting: f.max_nesting,
                        params: f.params,
                        code_lines: f.code_lines,
                    });
                }
            }
        }
        self.path.pop();
    }

    fn frame(&mut self) -> &mut Frame {
        self.frames.last_mut().expect("callers check that a function is open")
    }

    fn open_function(&mut self, node: Node<'_>, depth: usize) {
        let name = (self.spec.function_name)(node, self.source)
            .filter(|n| !n.is_empty())
            .or_else(|| self.name_from_context(node))
            .unwrap_or_else(|| "(anonymous)".to_owned());
        let (prefix, bare) = match name.rsplit_once(self.spec.separator) {
            // C++ `void Foo::bar()` names its class in the declarator.
            Some((prefix, bare)) => (Some(prefix.to_owned()), bare.to_owned()),
            None => (None, name),
        };
        // What this function adds to the scope path: `Recv.Method`, `Foo::bar`, or `bar`.
        let receiver = (self.spec.receiver)(node, self.source);
        let mut own = String::new();
        for part in receiver.iter().chain(prefix.iter()) {
            own.push_str(part);
            own.push_str(self.spec.separator);
        }
        own.push_str(&bare);
        let mut qualified = String::new();
        for part in &self.scopes {
            qualified.push_str(part);
            qualified.push_str(self.spec.separator);
        }
        qualified.push_str(&own);
        let method_of = (self.frames.is_empty() && receiver.is_none() && prefix.is_none())
            .then(|| self.scopes.join(self.spec.separator))
            .filter(|s| !s.is_empty());
        let start = declaration_start(node) as u32 + 1;
        let mut end = node.end_position().row as u32 + 1;
        if node.end_position().column == 0 && end > start {
            // A node that ends with its line's newline ends on the line before.
            end -= 1;
        }
        self.frames.push(Frame {
            params: (self.spec.params_of)(node, self.table, self.source),
            name: bare,
            qualified_name: qualified,
            start_line: start,
            end_line: end,
            header_end: header_end(node),
            cyclomatic: 1,
            cognitive: 0,
            nesting: 0,
            control: 0,
            max_nesting: 0,
            recursive: false,
            members: Vec::new(),
            method_of,
            code_lines: 0,
            last_line: 0,
        });
        self.scopes.push(own);
        self.undo.push((depth, Undo::Function));
    }

    /// The name an anonymous function gets from where it stands: `const f = () => …`,
    /// `{ key: function () … }`, `obj.f = function () …`.
    fn name_from_context(&self, node: Node<'_>) -> Option<String> {
        let parent = node.parent()?;
        let named = match parent.kind() {
            "variable_declarator" | "init_declarator" | "public_field_definition" | "field_definition" => {
                parent
                    .child_by_field_name("name")
                    .or_else(|| parent.child_by_field_name("property"))
                    .or_else(|| parent.child_by_field_name("declarator"))
            }
            "pair" => parent.child_by_field_name("key"),
            "assignment_expression" => parent.child_by_field_name("left"),
            _ => None,
        }?;
        if named.id() == node.id() {
            return None;
        }
        let text = self.text(named);
        let last = text.rsplit(['.', ':']).next().unwrap_or(&text);
        let last = last.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
        (!last.is_empty() && !last.contains(char::is_whitespace)).then(|| last.to_owned())
    }

    /// Lizard counts `?` only as a ternary: the same token in an optional property or a
    /// nullable type is not a branch.
    fn counts_for_cyclomatic(&self, roles: Roles) -> bool {
        if roles.contains(Roles::LOGICAL_OPERATOR) {
            // `&&` and `||` are branches as operators, not as Rust's `&&T` or `|| body`.
            return self.parent().is_some_and(|p| self.table.roles(p.kind).contains(Roles::LOGICAL));
        }
        if !roles.contains(Roles::TERNARY_TOKEN) {
            return true;
        }
        self.parent().is_some_and(|p| self.table.roles(p.kind).contains(Roles::TERNARY))
            || self.spec.question_is_branch
    }

    fn is_else_if(&self, prev_sibling: u16) -> bool {
        self.table.roles(prev_sibling).contains(Roles::ELSE)
            || self.parent().is_some_and(|p| self.table.roles(p.kind).contains(Roles::ELSE_CLAUSE))
    }

    /// An `else` or `elif` counts when it continues an `if`, not a loop's or a `try`'s `else`.
    /// Ruby nests each branch in the one before (`if … elsif … else`): an `else` clause inside
    /// an `elsif` clause continues the `if` too.
    fn else_belongs_to_if(&self) -> bool {
        let is_if = |a: Option<&Ancestor>| a.is_some_and(|a| self.table.roles(a.kind).contains(Roles::IF));
        let is_clause =
            |a: Option<&Ancestor>| a.is_some_and(|a| self.table.roles(a.kind).contains(Roles::ELSE_CLAUSE));
        let parent = self.parent();
        is_if(parent) || (is_clause(parent) && (is_if(self.grandparent()) || is_clause(self.grandparent())))
    }

    /// True when a call's callee is the enclosing function's own name: `f(…)`, `self.f(…)`,
    /// `Self::f(…)`, `this.f(…)`.
    fn calls_itself(&self, node: Node<'_>) -> bool {
        let Some(frame) = self.frames.last() else { return false };
        let callee = node
            .child_by_field_name("function")
            .or_else(|| node.child_by_field_name("name"))
            .or_else(|| node.child_by_field_name("method"));
        let Some(callee) = callee else { return false };
        let text = &self.source[callee.byte_range()];
        let last = text.rsplit(|&b| b == b'.' || b == b':' || b == b'>').next().unwrap_or(text);
        let last = last.split(|&b| b == b'<' || b == b'(').next().unwrap_or(last);
        !frame.name.is_empty() && last.trim_ascii() == frame.name.as_bytes()
    }

    /// `goto` always counts; `break` and `continue` count when they name a label.
    fn is_counted_jump(&self, node: Node<'_>) -> bool {
        if node.kind().starts_with("goto") {
            return true;
        }
        let mut cursor = node.walk();
        node.named_children(&mut cursor).any(|c| self.spec.labels.contains(&c.kind()))
    }

    /// A control structure: +1, plus the nesting it sits in, and it nests what it holds.
    fn structure(&mut self, depth: usize, control: bool) {
        let frame = self.frame();
        frame.cognitive += 1 + frame.nesting;
        frame.nesting += 1;
        if control {
            frame.control += 1;
            frame.max_nesting = frame.max_nesting.max(frame.control);
        }
        self.undo.push((depth, Undo::Nesting { control }));
    }
}

/// A Java import whose name no code uses, only a Javadoc `{@link}` (comments are not tokens):
/// the compiler drops it, so it is no dependency. Marked type-only, which the analyses skip.
fn doc_only_imports(tokens: &Tokens, imports: &mut [principal_model::Import]) {
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for &h in tokens.hashes() {
        *counts.entry(h).or_default() += 1;
    }
    for imp in imports.iter_mut().filter(|i| i.kind == principal_model::ImportKind::Import) {
        let name = imp.specifier.rsplit('.').next().unwrap_or(&imp.specifier);
        if name == "*" || name.is_empty() {
            continue;
        }
        // The import statement itself is one use.
        if counts.get(&xxhash_rust::xxh3::xxh3_64(name.as_bytes())).copied().unwrap_or(0) < 2 {
            imp.kind = principal_model::ImportKind::TypeOnly;
        }
    }
}

/// Types with fewer counted methods than this are too small to judge.
const COHESION_MIN_METHODS: usize = 4;

/// LCOM4 per type: its methods (constructors and methods that use no member left out) joined
/// when they use a common member of `self`/`this` or one names the other.
fn cohesion(methods: Vec<Method>, separator: &str) -> Vec<principal_model::Cohesion> {
    let mut by_type: HashMap<String, Vec<Method>> = HashMap::new();
    for m in methods {
        by_type.entry(m.type_name.clone()).or_default().push(m);
    }
    let constructors: [u64; 4] =
        [b"__init__".as_slice(), b"constructor", b"new", b"__new__"].map(xxhash_rust::xxh3::xxh3_64);
    let mut out = Vec::new();
    for (type_name, methods) in by_type {
        let own = xxhash_rust::xxh3::xxh3_64(type_name.rsplit(separator).next().unwrap_or("").as_bytes());
        let counted: Vec<&Method> = methods
            .iter()
            .filter(|m| !m.members.is_empty() && !constructors.contains(&m.name) && m.name != own)
            .collect();
        if counted.len() < COHESION_MIN_METHODS {
            continue;
        }
        let mut parent: Vec<usize> = (0..counted.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let mut first_user: HashMap<u64, usize> = HashMap::new();
        for (i, m) in counted.iter().enumerate() {
            for &member in m.members.iter().chain(std::iter::once(&m.name)) {
                let j = *first_user.entry(member).or_insert(i);
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
        let groups = (0..counted.len()).filter(|&i| root(&mut parent, i) == i).count();
        out.push(principal_model::Cohesion {
            type_name,
            methods: counted.len() as u32,
            groups: groups as u32,
        });
    }
    out.sort_by(|a, b| a.type_name.cmp(&b.type_name));
    out
}

/// False for declarations without a body: abstract and interface methods, prototypes, Go's
/// assembly-backed functions. C#'s `=> expr` members have a body of their own kind.
fn has_body(node: Node<'_>) -> bool {
    if node.child_by_field_name("body").is_some() {
        return true;
    }
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .any(|c| matches!(c.kind(), "arrow_expression_clause" | "block" | "function_body"))
}

/// The row where a declaration starts once its annotations and attributes are passed: the line
/// lizard and readers name as the function's first.
fn declaration_start(node: Node<'_>) -> usize {
    let mut cursor = node.walk();
    node.children(&mut cursor)
        .find(|c| {
            let annotation = matches!(
                c.kind(),
                "modifiers" | "attribute_list" | "decorator" | "annotation" | "marker_annotation" | "comment"
            );
            let attribute_modifier =
                c.kind() == "modifier" && c.child(0).is_some_and(|a| a.kind() == "attribute_list");
            !(annotation || attribute_modifier)
        })
        .map_or(node.start_position().row, |c| c.start_position().row)
}

/// Where a definition's header ends: where its body begins, else where the node ends. The
/// header is the signature a reader sees, never the docstring or comments inside the body.
fn header_end(node: Node<'_>) -> Position {
    let body = node.child_by_field_name("body").or_else(|| {
        let mut cursor = node.walk();
        node.named_children(&mut cursor).find(|c| {
            matches!(
                c.kind(),
                "block"
                    | "arrow_expression_clause"
                    | "declaration_list"
                    | "field_declaration_list"
                    | "class_body"
                    | "enum_body"
                    | "interface_body"
                    | "compound_statement"
                    | "struct_type"
                    | "interface_type"
            )
        })
    });
    // Go's `type T struct {`: the header runs to the brace, not to `struct`.
    let body = body.map(|b| match b.kind() {
        "struct_type" | "interface_type" => {
            let mut cursor = b.walk();
            b.children(&mut cursor).find(|c| matches!(c.kind(), "{" | "field_declaration_list")).unwrap_or(b)
        }
        _ => b,
    });
    let at = body.map_or(node.end_position(), |b| b.start_position());
    Position { line: at.row as u32 + 1, column: at.column as u32 }
}

/// The roles of an operator leaf ([`Spec::operator_leaves`]) by its text: a logical operator,
/// another branch token, or nothing (`+`, `::`).
fn operator_leaf_roles(spec: &Spec, text: &str) -> Roles {
    if spec.logical_operators.contains(&text) {
        Roles::CYCLOMATIC | Roles::LOGICAL_OPERATOR
    } else if spec.branch_tokens.contains(&text) {
        Roles::CYCLOMATIC
    } else {
        Roles::default()
    }
}

/// The kind id of a logical binary expression's operator (`&&`, `||`, `and`, `or`), or 0. An
/// operator leaf has one kind for every operator: its text picks an id above every kind's
/// (`u16::MAX` for the first logical operator, one less for the next).
fn logical_operator(spec: &Spec, table: &Table, node: Node<'_>, source: &[u8]) -> u16 {
    let is_logical = |op: u16| table.roles(op).contains(Roles::LOGICAL_OPERATOR);
    match node.child_by_field_name("operator").or_else(|| node.child_by_field_name("op")) {
        Some(op) if table.roles(op.kind_id()).contains(Roles::OPERATOR_LEAF) => {
            let text = crate::node_text(op, source);
            spec.logical_operators.iter().position(|o| *o == text).map_or(0, |i| u16::MAX - i as u16)
        }
        Some(op) => Some(op.kind_id()).filter(|&op| is_logical(op)).unwrap_or(0),
        // A shell `list` (`a && b`) names no operator field: its operator is its token.
        None => {
            let mut cursor = node.walk();
            let op = node.children(&mut cursor).map(|c| c.kind_id()).find(|&k| is_logical(k));
            op.unwrap_or(0)
        }
    }
}
