//! Clone detection, cohesion and function code lines, on small files written here.

use principal_lang::clones::{self, MIN_TOKENS};

use crate::analyze_as;

/// A Go function of about `n` statements, each a few tokens, unlike any other.
fn go_function(name: &str, seed: u32, n: u32) -> String {
    let mut s = format!("func {name}(a int) int {{\n");
    for i in 0..n {
        s.push_str(&format!("\ta = a*{} + {}\n", seed * 31 + i, seed + i * 7));
    }
    s.push_str("\treturn a\n}\n");
    s
}

#[test]
fn a_copied_function_is_one_clone_pair_with_its_lines() {
    let shared = go_function("shared", 1, 20); // 20 statements × 6 tokens: about 130 tokens.
    let a = format!("package p\n\n{}\n{}", go_function("onlyA", 2, 10), shared);
    let b = format!("package p\n\n{}\n// a comment between\n{}", shared, go_function("onlyB", 3, 10));
    let files = vec![analyze_as("a.go", &a), analyze_as("b.go", &b)];
    let pairs = clones::find(&files, |_| true);
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    let p = &pairs[0];
    assert!(p.tokens >= MIN_TOKENS && p.tokens <= 135, "{}", p.tokens);
    // `shared` spans lines 16-37 of a.go and 3-24 of b.go; winnowing may trim each edge.
    assert_eq!((p.a.file, p.b.file), (0, 1));
    assert!(
        p.a.start_line >= 16 && p.a.start_line <= 19 && p.a.end_line >= 33 && p.a.end_line <= 37,
        "{p:?}"
    );
    assert!(p.b.start_line >= 3 && p.b.start_line <= 6 && p.b.end_line >= 20 && p.b.end_line <= 24, "{p:?}");
    let dup = clones::duplicated_lines(&pairs, 2);
    assert!(dup[0] >= 15 && dup[1] >= 15, "{dup:?}");
}

#[test]
fn comments_and_layout_do_not_hide_a_copy_but_changed_tokens_do() {
    let body = go_function("f", 5, 15);
    let reformatted = body.replace("\ta = ", "\t// step\n\ta =  ");
    let files = vec![
        analyze_as("a.go", &format!("package p\n{body}")),
        analyze_as("b.go", &format!("package p\n{reformatted}")),
    ];
    assert_eq!(clones::find(&files, |_| true).len(), 1);
    // Every statement changed: nothing in common beyond a few tokens.
    let other = go_function("f", 6, 15);
    let files = vec![
        analyze_as("a.go", &format!("package p\n{body}")),
        analyze_as("b.go", &format!("package p\n{other}")),
    ];
    assert!(clones::find(&files, |_| true).is_empty());
    // Left out by the filter: not compared.
    let files = vec![
        analyze_as("a.go", &format!("package p\n{body}")),
        analyze_as("b.go", &format!("package p\n{body}")),
    ];
    assert!(clones::find(&files, |i| i == 0).is_empty());
}

#[test]
fn short_shared_runs_are_not_clones_and_a_file_can_copy_itself() {
    // Eight statements (about 48 tokens) in common: under MIN_TOKENS.
    let small = go_function("small", 9, 7);
    let files = vec![
        analyze_as("a.go", &format!("package p\n{small}{}", go_function("x", 1, 5))),
        analyze_as("b.go", &format!("package p\n{}{small}", go_function("y", 2, 5))),
    ];
    assert!(clones::find(&files, |_| true).is_empty());
    let twice = format!(
        "package p\n{}\n{}",
        go_function("g", 4, 20),
        go_function("g", 4, 20).replace("func g", "func h")
    );
    let pairs = clones::find(&[analyze_as("a.go", &twice)], |_| true);
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!((pairs[0].a.file, pairs[0].b.file), (0, 0));
    assert!(pairs[0].a.end_line < pairs[0].b.start_line);
}

#[test]
fn cohesion_counts_groups_of_methods_that_share_fields() {
    let split = "class Mixed:\n    def __init__(self):\n        self.a = 1\n        self.b = 2\n\n    def a1(self):\n        return self.a\n\n    def a2(self):\n        return self.a + self.a1()\n\n    def b1(self):\n        return self.b\n\n    def b2(self):\n        return self.b * 2\n\n    @staticmethod\n    def pure(x):\n        return x\n";
    let facts = analyze_as("m.py", split);
    assert_eq!(facts.cohesion.len(), 1, "{:?}", facts.cohesion);
    assert_eq!(
        (facts.cohesion[0].type_name.as_str(), facts.cohesion[0].methods, facts.cohesion[0].groups),
        ("Mixed", 4, 2)
    );
    // One call between the groups joins them.
    let joined = split.replace("return self.b * 2", "return self.b * self.a2()");
    assert_eq!(analyze_as("m.py", &joined).cohesion[0].groups, 1);
    let java = "class Acc {\n  int n; int m;\n  void inc() { this.n++; }\n  int get() { return this.n; }\n  void reset() { this.n = 0; }\n  int other() { return this.m; }\n}\n";
    let facts = analyze_as("Acc.java", java);
    assert_eq!(facts.cohesion.iter().map(|c| (c.methods, c.groups)).collect::<Vec<_>>(), [(4, 2)]);
    // Too few methods to judge.
    assert!(analyze_as("s.py", "class S:\n    def a(self):\n        return self.x\n").cohesion.is_empty());
}

#[test]
fn function_code_lines_leave_out_docstrings_comments_and_blanks() {
    let src = "def f(x):\n    \"\"\"A docstring\n\n    over several lines.\n    \"\"\"\n    # a comment\n\n    y = x + 1\n    return y\n";
    let facts = analyze_as("f.py", src);
    assert_eq!(facts.functions[0].code_lines, 4, "def, the docstring's first line, y =, return");
    assert!(facts.tokens > 10);
}
