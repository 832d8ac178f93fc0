use serde_json::Value;
use tempfile::TempDir;

use crate::{principal, stderr, stdout, write_tree};

const APP: &str = r#"
//- py/app/__init__.py
//- py/app/cli.py
import requests
from app import core
from .missing_mod import thing
//- py/app/core.py
from app.models import Model
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from app.cli import main
//- py/app/models.py
from . import util
//- py/app/util.py
import app.core
//- py/app/base.py
from abc import ABC
class Repo(ABC):
    pass
class Impl(Repo):
    pass
//- py/tools/__init__.py
//- py/tools/report.py
from app import cli
"#;

fn map_json(dir: &TempDir, cache: &TempDir, args: &[&str]) -> Value {
    let mut all = vec!["map", ".", "--format", "json"];
    all.extend_from_slice(args);
    let out = principal(dir.path(), cache.path(), &all);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON")
}

fn fixture() -> (TempDir, TempDir) {
    let dir = TempDir::new().expect("tempdir");
    let cache = TempDir::new().expect("tempdir");
    write_tree(dir.path(), APP);
    (dir, cache)
}

#[test]
fn file_level_contract_and_facts() {
    let (dir, cache) = fixture();
    let v = map_json(&dir, &cache, &["--level", "file"]);
    assert_eq!(v["schema"], "principal.map/1");
    assert_eq!(v["level"], "file");
    let node =
        v["nodes"].as_array().expect("nodes").iter().find(|n| n["id"] == "py/app/core.py").expect("core");
    assert_eq!(node["component"], "py/app");
    assert_eq!(node["language"], "python");

    let edges: Vec<String> = v["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            format!(
                "{} -> {} {} {}",
                e["from"].as_str().unwrap_or(""),
                e["to"].as_str().unwrap_or(""),
                e["kind"].as_str().unwrap_or(""),
                e["count"]
            )
        })
        .collect();
    assert_eq!(
        edges,
        [
            "py/app/cli.py -> py/app/core.py import 1",
            "py/app/core.py -> py/app/cli.py type_only 1",
            "py/app/core.py -> py/app/models.py import 1",
            "py/app/models.py -> py/app/util.py import 1",
            "py/app/util.py -> py/app/core.py import 1",
            "py/tools/report.py -> py/app/cli.py import 1",
        ]
    );
    let external = v["external"].as_array().expect("external");
    assert!(external.iter().any(|x| x["from"] == "py/app/cli.py" && x["package"] == "requests"));
    assert!(external.iter().any(|x| x["from"] == "py/app/base.py" && x["package"] == "abc"));
    assert!(v["external"].as_array().expect("external").iter().any(|x| x["package"] == "typing"));
    assert_eq!(v["unresolved"][0]["specifier"], ".missing_mod");
    assert_eq!(v["unresolved"][0]["line"], 3);

    // The type-only import does not make a cycle; the runtime one does.
    assert_eq!(v["cycles"], serde_json::json!([["py/app/core.py", "py/app/models.py", "py/app/util.py"]]));
    let detail = &v["cycle_details"][0];
    assert_eq!(detail["representative"].as_array().expect("path").len(), 3);
    assert_eq!(detail["break_edges"].as_array().expect("edges").len(), 1);

    let app =
        v["components"].as_array().expect("components").iter().find(|c| c["id"] == "py/app").expect("py/app");
    assert_eq!(app["ca"], 1, "py/tools depends on it");
    assert_eq!(app["ce"], 0);
    assert_eq!(app["instability"], 0.0);
    assert_eq!(app["abstractness"], 0.5, "one ABC of two classes");
    assert_eq!(app["distance"], 0.5);
    assert!(v["metrics"]["propagation_cost"].as_f64().expect("pc") > 0.0);
    assert_eq!(v["levels"], serde_json::json!([["py/app"], ["py/tools"]]));
    assert_eq!(v["upward_dependencies"], serde_json::json!([]));
    assert!(v["community_disagreements"].is_array());
}

#[test]
fn component_level_mermaid_dot_and_focus() {
    let (dir, cache) = fixture();
    let v = map_json(&dir, &cache, &[]);
    assert_eq!(v["level"], "component");
    assert_eq!(v["edges"][0]["from"], "py/tools");
    assert_eq!(v["edges"][0]["to"], "py/app");

    let out = principal(dir.path(), cache.path(), &["map", "--format", "mermaid"]);
    let text = stdout(&out);
    assert!(text.starts_with("graph LR\n"), "{text}");
    assert!(text.contains("[\"py/app\"]") && text.contains("-->"), "{text}");

    let out = principal(dir.path(), cache.path(), &["map", "--format", "dot", "--level", "file"]);
    let text = stdout(&out);
    assert!(text.starts_with("digraph principal {"), "{text}");
    assert!(text.contains("\"py/app/util.py\" -> \"py/app/core.py\""), "{text}");

    let v = map_json(&dir, &cache, &["--level", "dir"]);
    let ids: Vec<&str> =
        v["nodes"].as_array().expect("nodes").iter().map(|n| n["id"].as_str().unwrap_or("")).collect();
    assert_eq!(ids, ["py/app", "py/tools"]);
    assert_eq!(v["nodes"][0]["files"], 6);
    assert_eq!(v["edges"][0]["from"], "py/tools");

    let v = map_json(&dir, &cache, &["--level", "file", "--focus", "py/app/models.py"]);
    let ids: Vec<&str> =
        v["nodes"].as_array().expect("nodes").iter().map(|n| n["id"].as_str().unwrap_or("")).collect();
    assert_eq!(ids, ["py/app/core.py", "py/app/models.py", "py/app/util.py"]);

    let out = principal(dir.path(), cache.path(), &["map", "--focus", "nope.py", "--level", "file"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.py"));
}

#[test]
fn text_summary_and_determinism() {
    let (dir, cache) = fixture();
    let a = principal(dir.path(), cache.path(), &["map", "--level", "file"]);
    let text = stdout(&a);
    assert!(text.contains("Cycles: 1 at file level"), "{text}");
    assert!(
        text.contains("py/app/core.py -> py/app/models.py -> py/app/util.py -> py/app/core.py"),
        "{text}"
    );
    let j1 = principal(dir.path(), cache.path(), &["map", "--format", "json", "--level", "file"]);
    let j2 =
        principal(dir.path(), cache.path(), &["map", "--format", "json", "--level", "file", "--no-cache"]);
    assert_eq!(stdout(&j1), stdout(&j2));
}

#[test]
fn malformed_manifests_warn_and_go_on() {
    let dir = TempDir::new().expect("tempdir");
    let cache = TempDir::new().expect("tempdir");
    write_tree(
        dir.path(),
        r#"
//- web/package.json
{"name": "web",
//- web/tsconfig.json
{ "compilerOptions": { "baseUrl": "." 
//- web/src/a.ts
import { b } from "./b";
//- web/src/b.ts
export const b = 1;
//- go.mod
this is not a go.mod
//- svc/main.go
package main
import "example.com/x/y"
//- Cargo.toml
[package
//- native/compile_commands.json
{"not": "an array"}
//- native/a.c
#include "a.h"
"#,
    );
    let v = map_json(&dir, &cache, &["--level", "file"]);
    let warnings: Vec<&str> = v["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| w["path"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        warnings,
        ["Cargo.toml", "go.mod", "native/compile_commands.json", "web/package.json", "web/tsconfig.json"]
    );
    assert_eq!(v["edges"][0]["from"], "web/src/a.ts");
    assert_eq!(v["edges"][0]["to"], "web/src/b.ts");
}

/// Large graphs stay drawable: `--max-nodes` keeps the most connected nodes, folds the rest
/// into one node, and says so in the diagram; Mermaid never gets more than 400 arrows; colours
/// are ones Graphviz knows.
#[test]
fn diagrams_are_capped_and_say_so() {
    let dir = TempDir::new().expect("tempdir");
    let mut tree = String::from("//- pkg/__init__.py\n//- pkg/hub.py\ndef hub():\n    return 1\n");
    for i in 0..40 {
        // Every module imports the hub and its neighbour: 40 x 2 arrows, a cycle of two.
        tree.push_str(&format!("//- pkg/m{i}.py\nfrom pkg import hub\nfrom pkg import m{}\n", (i + 1) % 40));
    }
    tree.push_str("//- pkg/hub2.py\nfrom pkg import hub\n");
    write_tree(dir.path(), &tree);
    let cache = TempDir::new().expect("tempdir");
    let run = |args: &[&str]| {
        let mut all = vec!["map", ".", "--level", "file"];
        all.extend_from_slice(args);
        let o = principal(dir.path(), cache.path(), &all);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let text = run(&["--format", "mermaid", "--max-nodes", "10"]);
    assert!(text.starts_with("---\ntitle: \"Showing the 9 most connected of 43 nodes; 34 more"), "{text}");
    let nodes = text.lines().filter(|l| l.trim_start().starts_with('n') && l.contains("[\"")).count();
    assert_eq!(nodes, 10, "{text}");
    assert!(text.contains("[\"… 34 more files\"]"), "{text}");
    assert!(text.contains("[\"pkg/hub.py\"]"), "the most imported file is kept: {text}");
    let text = run(&["--format", "mermaid", "--max-nodes", "0"]);
    assert!(text.starts_with("graph LR\n"), "no cap, no title: {text}");
    let arrows = text.lines().filter(|l| l.contains("-->") || l.contains("-.->")).count();
    assert_eq!(arrows, 81);
    let dot = run(&["--format", "dot", "--max-nodes", "5"]);
    assert!(dot.contains("label=\"Showing the 4 most connected of 43 nodes"), "{dot}");
    assert!(!dot.contains("#d33\""), "Graphviz knows only #rrggbb: {dot}");
}

/// A map with nothing in it says why: the languages here are counted, not resolved.
#[test]
fn an_empty_map_says_why() {
    let dir = TempDir::new().expect("tempdir");
    write_tree(dir.path(), "//- src/A.hs\nmodule A where\nf = 1\n//- src/B.hs\nimport A\n");
    let cache = TempDir::new().expect("tempdir");
    let o = principal(dir.path(), cache.path(), &["map", "."]);
    assert_eq!(o.status.code(), Some(0));
    let said = stderr(&o);
    assert!(said.contains("nothing to map") && said.contains("2 Haskell files"), "{said}");
}

#[test]
fn php_and_ruby_are_mapped() {
    let dir = TempDir::new().expect("tempdir");
    write_tree(
        dir.path(),
        concat!(
            "//- composer.json\n{\"autoload\": {\"psr-4\": {\"Shop\\\\\": \"src/\"}}}\n",
            "//- src/Cart.php\n<?php\nnamespace Shop;\nuse Shop\\Model\\Item;\nclass Cart { }\n",
            "//- src/Model/Item.php\n<?php\nnamespace Shop\\Model;\nuse Psr\\Log\\LoggerInterface;\nclass Item { }\n",
            "//- lib/shop.rb\nrequire 'shop/cart'\nrequire 'json'\n",
            "//- lib/shop/cart.rb\nrequire_relative 'line'\nmodule Shop; class Cart; end; end\n",
            "//- lib/shop/line.rb\nmodule Shop; class Line; end; end\n",
        ),
    );
    let cache = TempDir::new().expect("tempdir");
    let o = principal(dir.path(), cache.path(), &["map", ".", "--level", "file", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    let edges: Vec<(String, String)> = v["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| (e["from"].as_str().expect("from").to_owned(), e["to"].as_str().expect("to").to_owned()))
        .collect();
    for (from, to) in [
        ("src/Cart.php", "src/Model/Item.php"),
        ("lib/shop.rb", "lib/shop/cart.rb"),
        ("lib/shop/cart.rb", "lib/shop/line.rb"),
    ] {
        assert!(edges.contains(&(from.to_owned(), to.to_owned())), "{from} -> {to} in {edges:?}");
    }
    let external: Vec<&str> =
        v["external"].as_array().expect("external").iter().filter_map(|x| x["package"].as_str()).collect();
    assert!(external.contains(&"Psr\\Log") && external.contains(&"json"), "{external:?}");
}

/// A crate's tests, benches and dev-dependencies are no dependency of the crate: `logger`
/// depends on `base`, and `base`'s tests, its bench and its dev-dependency on `logger` close no cycle
/// (Cargo allows that one; tracing's subscriber and log crates are built so).
#[test]
fn dev_dependencies_and_benches_close_no_cycle() {
    let dir = TempDir::new().expect("tempdir");
    write_tree(
        dir.path(),
        r#"
//- Cargo.toml
[workspace]
members = ["base", "logger"]
//- base/Cargo.toml
[package]
name = "base"
[dev-dependencies]
logger = { path = "../logger" }
//- base/src/lib.rs
pub fn run() {}
//- base/benches/speed.rs
use logger::emit;
fn main() { emit(); }
//- base/tests/it.rs
use logger::emit;
//- logger/Cargo.toml
[package]
name = "logger"
[dependencies]
base = { path = "../base" }
//- logger/src/lib.rs
pub fn emit() { base::run(); }
"#,
    );
    let cache = TempDir::new().expect("tempdir");
    let v = map_json(&dir, &cache, &[]);
    assert_eq!(v["cycles"], serde_json::json!([]), "{:#}", v["cycles"]);
    let component = |id: &str| {
        v["components"]
            .as_array()
            .expect("components")
            .iter()
            .find(|c| c["id"] == id)
            .expect("component")
            .clone()
    };
    assert_eq!(component("logger")["ce"], 1);
    // `base` depends on nothing: neither its dev-dependency nor its bench's and tests' imports.
    assert_eq!(component("base")["ce"], 0, "{:#}", component("base"));
}
