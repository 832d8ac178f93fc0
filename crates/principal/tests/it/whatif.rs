//! `principal whatif`: every scenario kind on a fixture with known answers, scenario files, and
//! the errors.

use serde_json::Value;
use tempfile::TempDir;

use crate::{principal, stderr, stdout, write_tree};

/// api and core import each other (a file cycle views <-> service, so a component cycle too);
/// core uses db; the rules forbid core -> api.
const SHOP: &str = r#"
//- principal.toml
[components]
api = ["shop/api/**"]
core = ["shop/core/**"]
db = ["shop/db/**"]

[[rules.forbidden]]
name = "core-not-api"
from = "core"
to = "api"
//- shop/__init__.py
//- shop/api/__init__.py
//- shop/api/views.py
from shop.core import service
def index():
    return service.run()
//- shop/core/__init__.py
//- shop/core/service.py
from shop.api import views
from shop.db import store
def run():
    return store.get()
//- shop/core/rules.py
from shop.db import store
def check():
    return store.get()
//- shop/db/__init__.py
//- shop/db/store.py
def get():
    return 1
"#;

fn fixture() -> (TempDir, TempDir) {
    let dir = TempDir::new().expect("tempdir");
    let cache = TempDir::new().expect("tempdir");
    write_tree(dir.path(), SHOP);
    (dir, cache)
}

fn whatif(dir: &TempDir, cache: &TempDir, args: &[&str]) -> Value {
    let mut all = vec!["whatif", ".", "--format", "json", "--no-history"];
    all.extend_from_slice(args);
    let out = principal(dir.path(), cache.path(), &all);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON")
}

fn figures(v: &Value, side: &str) -> (u64, u64, u64, u64) {
    let s = &v[side];
    let n = |k: &str| s[k].as_u64().expect(k);
    (n("components"), n("component_cycles"), n("file_cycles"), n("rule_violations"))
}

#[test]
fn a_cut_breaks_the_cycle_and_resolves_the_rule() {
    let (dir, cache) = fixture();
    let v = whatif(&dir, &cache, &["--cut", "shop/core/service.py->api"]);
    assert_eq!(v["schema"], "principal.whatif/1");
    assert_eq!(figures(&v, "before"), (4, 1, 1, 1), "shop, api, core, db; one cycle; core -> api");
    assert_eq!(figures(&v, "after"), (4, 0, 0, 0));
    assert_eq!(v["steps"][0]["step"], "--cut shop/core/service.py->api");
    assert_eq!(v["steps"][0]["edges_cut"], 1);
    assert_eq!(v["cycles_broken"].as_array().expect("list").len(), 2, "{:#}", v["cycles_broken"]);
    assert_eq!(v["violations_resolved"][0]["rule"], "forbidden/core-not-api");
    assert_eq!(v["component_edges_removed"], serde_json::json!([["core", "api"]]));
    let removed: Vec<&str> =
        v["risks_removed"].as_array().expect("list").iter().filter_map(|r| r["kind"].as_str()).collect();
    assert!(removed.contains(&"cycle"), "{removed:?}");
    // The component's Martin metrics moved: core no longer depends on api.
    let core =
        v["components"].as_array().expect("list").iter().find(|c| c["component"] == "core").expect("core");
    assert_eq!((core["before"]["ce"].as_u64(), core["after"]["ce"].as_u64()), (Some(2), Some(1)));
}

#[test]
fn a_merge_removes_the_component_cycle_and_keeps_the_file_cycle() {
    let (dir, cache) = fixture();
    let v = whatif(&dir, &cache, &["--merge", "api,core=app"]);
    assert_eq!(figures(&v, "after").0, 3);
    assert_eq!(v["after"]["component_cycles"], 0);
    assert_eq!(v["after"]["file_cycles"], 1, "the files still import each other");
    assert_eq!(v["steps"][0]["created"], "app");
    assert_eq!(v["steps"][0]["removed"], serde_json::json!(["api", "core"]));
    assert_eq!(v["steps"][0]["files_moved"], 5);
}

#[test]
fn a_split_and_a_move_put_the_files_where_they_say() {
    let (dir, cache) = fixture();
    let v = whatif(&dir, &cache, &["--split", "core=shop/core/service.py=orders"]);
    assert_eq!(
        figures(&v, "after"),
        (5, 1, 1, 0),
        "the cycle is api <-> orders now; core no longer imports api"
    );
    let cycle = &v["cycles_new"]
        .as_array()
        .expect("list")
        .iter()
        .find(|c| c["scope"] == "component")
        .expect("new")["members"];
    assert_eq!(cycle, &serde_json::json!(["api", "orders"]));

    let v = whatif(&dir, &cache, &["--move", "shop/core/service.py=api"]);
    assert_eq!(figures(&v, "after"), (4, 0, 1, 0), "views and service are in one component");
    assert_eq!(v["steps"][0]["files_moved"], 1);
    assert!(v["steps"][0].get("created").is_none());
}

#[test]
fn a_scenario_file_replays_the_same_steps_and_flags_run_after_it() {
    let (dir, cache) = fixture();
    let elsewhere = TempDir::new().expect("tempdir");
    let scenario = elsewhere.path().join("scenario.toml");
    std::fs::write(
        &scenario,
        "description = \"untangle api and core\"\ncut = [\"shop/core/service.py->api\"]\n",
    )
    .expect("write");
    let path = scenario.to_string_lossy().into_owned();
    let from_file = whatif(&dir, &cache, &["--scenario", &path]);
    let from_flags = whatif(&dir, &cache, &["--cut", "shop/core/service.py->api"]);
    assert_eq!(from_file["description"], "untangle api and core");
    assert_eq!(from_file["after"], from_flags["after"]);
    let both = whatif(&dir, &cache, &["--scenario", &path, "--merge", "db,core"]);
    let steps: Vec<&str> =
        both["steps"].as_array().expect("list").iter().filter_map(|s| s["step"].as_str()).collect();
    assert_eq!(steps, ["--merge db,core", "--cut shop/core/service.py->api"], "merges run first");
}

#[test]
fn text_and_markdown_show_the_before_and_after() {
    let (dir, cache) = fixture();
    let out = principal(
        dir.path(),
        cache.path(),
        &["whatif", ".", "--no-history", "--cut", "shop/core/service.py->api"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("nothing on disk changed"), "{text}");
    assert!(
        text.lines().any(|l| l.trim_start().starts_with("component cycles") && l.contains("1  0")),
        "{text}"
    );
    assert!(text.contains("resolved: forbidden/core-not-api"), "{text}");
    let out = principal(
        dir.path(),
        cache.path(),
        &["whatif", ".", "--no-history", "--format", "markdown", "--cut", "shop/core/service.py->api"],
    );
    let md = stdout(&out);
    assert!(md.contains("| component cycles | 1 | **0** |"), "{md}");
}

#[test]
fn bad_scenarios_exit_2_with_the_step_and_what_to_do_and_write_nothing() {
    let (dir, cache) = fixture();
    let before: Vec<_> = walk(dir.path());
    for (args, expect) in [
        (vec!["--merge", "cor,api"], "--merge cor,api: no component is named `cor` (did you mean `core`?)"),
        (vec!["--cut", "shop/db->api"], "no file of `shop/db` imports a file of `api`"),
        (vec!["--move", "nowhere.py=api"], "`nowhere.py` matches no analysed file"),
        (vec!["--split", "core"], "--split `core`: write COMPONENT=GLOB"),
        (vec![], "no scenario: give --move, --cut, --merge, --split or --scenario FILE"),
        (vec!["--scenario", "missing.toml"], "--scenario missing.toml: cannot read it"),
    ] {
        let mut all = vec!["whatif", ".", "--no-history"];
        all.extend_from_slice(&args);
        let out = principal(dir.path(), cache.path(), &all);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(expect), "{args:?}: {}", stderr(&out));
    }
    std::fs::write(dir.path().join("bad.toml"), "cut = \"a->b\"\n").expect("write");
    let out = principal(dir.path(), cache.path(), &["whatif", ".", "--scenario", "bad.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bad.toml: ") && stderr(&out).contains("line 1"), "{}", stderr(&out));
    std::fs::remove_file(dir.path().join("bad.toml")).expect("rm");
    assert_eq!(walk(dir.path()), before, "whatif never writes into the repository");
}

fn walk(root: &std::path::Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let len = e.metadata().map(|m| m.len()).unwrap_or(0);
                out.push((p.strip_prefix(root).expect("inside").to_string_lossy().into_owned(), len));
            }
        }
    }
    out.sort();
    out
}
