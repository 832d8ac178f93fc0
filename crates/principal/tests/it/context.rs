//! `principal context`: the most referenced definitions come first, focus leans the ranking,
//! and the output never exceeds the token budget (o200k_base).

use serde_json::Value;
use tempfile::TempDir;

use crate::{principal, stderr, stdout, write_tree};

fn fixture() -> TempDir {
    let dir = TempDir::new().expect("tempdir");
    let mut tree = String::from(
        "//- core/util.py\ndef helper(x):\n    return x\n\n\ndef rare(y):\n    return y\n\n\nclass Registry:\n    def add(self, k):\n        return k\n\n    def find(self, k):\n        return k\n//- core/other.py\ndef lonely():\n    return 0\n//- core/rare_user.py\nfrom core.util import rare\n\n\ndef once():\n    return rare(1)\n",
    );
    for i in 0..6 {
        tree.push_str(&format!(
            "//- app/m{i}.py\nfrom core.util import helper, Registry\n\n\ndef f{i}():\n    r = Registry()\n    return helper({i})\n"
        ));
    }
    write_tree(dir.path(), &tree);
    dir
}

#[test]
fn most_referenced_definitions_first_within_the_budget() {
    let dir = fixture();
    let cache = TempDir::new().expect("tempdir");
    let o = principal(dir.path(), cache.path(), &["context", ".", "--format", "json", "--budget", "4000"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["schema"], "principal.context/1");
    assert_eq!(v["files"][0]["path"], "core/util.py", "{v:#}");
    let defs = v["files"][0]["definitions"].as_array().expect("defs");
    let referenced =
        |name: &str| defs.iter().find(|d| d["name"] == name).map(|d| d["rank"].as_f64().expect("rank"));
    let (helper, rare) = (referenced("helper").expect("helper"), referenced("rare").expect("rare"));
    assert!(helper > rare, "helper is referenced by 6 files, rare by 1: {helper} vs {rare}");
    assert!(referenced("Registry").expect("Registry") > rare);
    assert_eq!(defs.iter().find(|d| d["name"] == "helper").expect("helper")["referenced_by"], 6);

    // Markdown: the signatures, most central file first.
    let o = principal(dir.path(), cache.path(), &["context", ".", "--budget", "4000"]);
    let md = stdout(&o);
    assert!(md.contains("`core/util.py`:\n  1: def helper(x):"), "{md}");

    // The budget is never exceeded, and what is left out is said.
    let bpe = tiktoken_rs::o200k_base().expect("tokenizer");
    for budget in ["60", "90", "150", "400"] {
        for format in ["markdown", "json"] {
            let o = principal(
                dir.path(),
                cache.path(),
                &["context", ".", "--budget", budget, "--format", format],
            );
            assert_eq!(o.status.code(), Some(0), "{budget} {format}: {}", stderr(&o));
            let text = stdout(&o);
            let tokens = bpe.encode_ordinary(&text).len();
            assert!(tokens <= budget.parse().expect("n"), "{budget} {format}: {tokens} tokens\n{text}");
        }
    }
    let o = principal(dir.path(), cache.path(), &["context", ".", "--budget", "90"]);
    assert!(stdout(&o).contains("Left out to fit 90 tokens"), "{}", stdout(&o));
    // The first definition to go is not the most referenced one.
    assert!(stdout(&o).contains("helper"), "{}", stdout(&o));
}

#[test]
fn focus_leans_the_ranking_and_bad_input_is_an_error() {
    let dir = fixture();
    let cache = TempDir::new().expect("tempdir");
    let o = principal(
        dir.path(),
        cache.path(),
        &["context", ".", "--format", "json", "--focus", "core/rare_user.py", "--budget", "4000"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let util =
        v["files"].as_array().expect("files").iter().find(|f| f["path"] == "core/util.py").expect("util");
    let rank = |name: &str| {
        util["definitions"].as_array().expect("d").iter().find(|d| d["name"] == name).expect("def")["rank"]
            .as_f64()
            .expect("rank")
    };
    assert!(rank("rare") > rank("helper"), "the focus file uses rare");

    let o = principal(dir.path(), cache.path(), &["context", ".", "--focus", "nope.py"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope.py"), "{}", stderr(&o));
    let o = principal(dir.path(), cache.path(), &["context", ".", "--budget", "3"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Signatures are the definitions' own headers from the syntax tree: a docstring that holds
/// code, or a comment that names the class, is never taken for one, and the line is the
/// definition's own.
#[test]
fn signatures_are_headers_never_docstrings() {
    let dir = TempDir::new().expect("tempdir");
    write_tree(
        dir.path(),
        r#"//- pkg/task.py
import abc


@decorator
class Task(
    Base,
    metaclass=abc.ABCMeta,
):
    """A task.

    Parameters are objects set on the Task class level. Example::

        class MyTask(pkg.Task):
            def run(self):
                ...
    """

    def run(
        self,
        worker,
    ) -> bool:
        """def fake(self): not a signature"""
        return True
//- pkg/user.py
from pkg.task import Task


def go():
    return Task().run(1)
//- src/lib.rs
/// A parser. `struct Fake {}` in a comment.
#[derive(Debug)]
pub struct Parser {
    depth: u32,
}

impl Parser {
    /// fn fake() {}
    pub fn parse(&self, input: &str) -> Option<u32> { Some(self.depth) }
}
//- go/p.go
package p

// Server is a server. type Fake struct {}
type Server struct {
	addr string
}

func (s *Server) Serve(
	port int,
) error {
	return nil
}
"#,
    );
    let cache = TempDir::new().expect("tempdir");
    let o = principal(dir.path(), cache.path(), &["context", ".", "--format", "json", "--budget", "8000"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let mut defs: Vec<(String, String, u64, String)> = Vec::new();
    for f in v["files"].as_array().expect("files") {
        for d in f["definitions"].as_array().expect("definitions") {
            defs.push((
                f["path"].as_str().expect("path").to_owned(),
                d["name"].as_str().expect("name").to_owned(),
                d["line"].as_u64().expect("line"),
                d["signature"].as_str().expect("signature").to_owned(),
            ));
        }
    }
    defs.sort();
    let expected: Vec<(String, String, u64, String)> = [
        ("go/p.go", "Serve", 8, "func (s *Server) Serve( port int, ) error"),
        ("go/p.go", "Server", 4, "type Server struct"),
        ("pkg/task.py", "Task", 5, "class Task( Base, metaclass=abc.ABCMeta, ):"),
        ("pkg/task.py", "run", 18, "def run( self, worker, ) -> bool:"),
        ("pkg/user.py", "go", 4, "def go():"),
        ("src/lib.rs", "Parser", 3, "pub struct Parser"),
        ("src/lib.rs", "parse", 9, "pub fn parse(&self, input: &str) -> Option<u32>"),
    ]
    .into_iter()
    .map(|(p, n, l, s)| (p.to_owned(), n.to_owned(), l, s.to_owned()))
    .collect();
    assert_eq!(defs, expected);
    let o = principal(dir.path(), cache.path(), &["context", ".", "--budget", "8000"]);
    let md = stdout(&o);
    assert!(!md.contains("MyTask") && !md.contains("fake") && !md.contains("Fake"), "{md}");
}
