//! `principal check` and `principal init`: each rule kind violated and clean, every output
//! format (SARIF validated against the OASIS 2.1.0 schema), baselines, malformed configs.

use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use crate::{principal, stderr, stdout, write_tree};

/// `py/app`: cli -> core <-> util (a cycle), core.run has cyclomatic 7; `web` and `db` are
/// separate top-level packages, web -> db.
const APP: &str = r#"
//- py/__init__.py
//- py/app/__init__.py
//- py/app/cli.py
from py.app import core


def main():
    return core.run(1)
//- py/app/core.py
from py.app import util


def run(x):
    if x == 1:
        return 1
    elif x == 2:
        return 2
    elif x == 3:
        return 3
    elif x == 4:
        return 4
    elif x == 5:
        return 5
    elif x == 6:
        return 6
    return 0
//- py/app/util.py
from py.app import core
//- web/__init__.py
//- web/views.py
from db import models
from db import queries


def page():
    return models.X
//- db/__init__.py
//- db/models.py
X = 1
//- db/queries.py
Y = 2
"#;

fn app() -> TempDir {
    let dir = TempDir::new().expect("tempdir");
    write_tree(dir.path(), APP);
    dir
}

fn check(dir: &Path, cache: &Path, config: &str, args: &[&str]) -> std::process::Output {
    std::fs::write(dir.join("principal.toml"), config).expect("write config");
    let mut all = vec!["check", "."];
    all.extend_from_slice(args);
    principal(dir, cache, &all)
}

fn violations(o: &std::process::Output) -> Vec<(String, String)> {
    let v: Value = serde_json::from_str(&stdout(o)).expect("json");
    v["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|x| (x["rule"].as_str().expect("rule").to_owned(), x["path"].as_str().expect("path").to_owned()))
        .collect()
}

/// The issue's example, exactly as written.
const EXAMPLE: &str = "[[rules.forbidden]]\nname = \"cli-not-core\"\nfrom = \"py/app/cli.py\"\nto = \"py/app/core.py\"\n\n[rules]\nno_cycles = true\nmax_cyclomatic = 6\n";

#[test]
fn the_example_config_finds_its_three_violations() {
    let dir = app();
    let cache = TempDir::new().expect("tempdir");
    let o = check(dir.path(), cache.path(), EXAMPLE, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("forbidden/cli-not-core"), "{text}");
    assert!(text.contains("py/app/cli.py:1  py/app/cli.py imports py/app/core.py"), "{text}");
    assert!(text.contains("      from py.app import core"), "the import line is quoted: {text}");
    assert!(text.contains("py/app/core.py:4  run has cyclomatic complexity 7 (at most 6)"), "{text}");
    assert!(text.contains("2 files import each other in a cycle"), "{text}");
    assert!(text.contains("3 violations of 3 rules."), "{text}");
}

#[test]
fn each_rule_kind_violated_and_clean() {
    let dir = app();
    let cache = TempDir::new().expect("tempdir");
    /// A violating config, a clean one, and the (rule, path) pairs the first finds.
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
    let cases: &[Case<'_>] = &[
        // (config violating, config clean, expected (rule, path) of the violating one)
        (
            "[[rules.forbidden]]\nname = \"web-not-db\"\nfrom = \"web\"\nto = \"db/**\"\nexcept = [\"db/queries.py\"]\n",
            "[[rules.forbidden]]\nname = \"db-not-web\"\nfrom = \"db\"\nto = \"web\"\n",
            &[("forbidden/web-not-db", "web/views.py")],
        ),
        (
            "[[rules.layers]]\nname = \"data\"\npaths = [\"db\"]\n[[rules.layers]]\nname = \"ui\"\npaths = [\"web\"]\n",
            "[[rules.layers]]\nname = \"ui\"\npaths = [\"web\"]\n[[rules.layers]]\nname = \"data\"\npaths = [\"db\"]\n",
            &[("layers", "web/views.py"), ("layers", "web/views.py")],
        ),
        (
            "[[rules.layers]]\nname = \"top\"\npaths = [\"web\"]\nstrict = true\n[[rules.layers]]\nname = \"mid\"\npaths = [\"py\"]\n[[rules.layers]]\nname = \"bottom\"\npaths = [\"db\"]\n",
            "[[rules.layers]]\nname = \"top\"\npaths = [\"web\"]\n[[rules.layers]]\nname = \"mid\"\npaths = [\"py\"]\n[[rules.layers]]\nname = \"bottom\"\npaths = [\"db\"]\n",
            &[("layers", "web/views.py"), ("layers", "web/views.py")],
        ),
        (
            "[[rules.allowed]]\nfrom = \"web\"\nto = [\"py\"]\n",
            "[[rules.allowed]]\nfrom = \"web\"\nto = [\"db\"]\n",
            &[("allowed/web", "web/views.py"), ("allowed/web", "web/views.py")],
        ),
        (
            "[[rules.independent]]\nname = \"split\"\ncomponents = [\"web\", \"db\"]\n",
            "[[rules.independent]]\nname = \"split\"\ncomponents = [\"web\", \"py\"]\n",
            &[("independent/split", "web/views.py"), ("independent/split", "web/views.py")],
        ),
        (
            "[rules]\nno_cycles = true\n",
            "[rules]\nno_cycles = true\ncycles_scope = \"component\"\n",
            &[("no-cycles", "py/app/core.py")],
        ),
        (
            "[rules]\nmax_cyclomatic = 6\n",
            "[rules]\nmax_cyclomatic = 7\n",
            &[("max-cyclomatic", "py/app/core.py")],
        ),
        (
            "[rules]\nmax_cognitive = 0\n",
            "[rules]\nmax_cognitive = 50\n",
            &[("max-cognitive", "py/app/core.py")],
        ),
        (
            "[rules]\nmax_file_lines = 14\n",
            "[rules]\nmax_file_lines = 15\n",
            &[("max-file-lines", "py/app/core.py")],
        ),
        ("[rules]\nmax_fan_out = 1\n", "[rules]\nmax_fan_out = 2\n", &[("max-fan-out", "web/views.py")]),
    ];
    for (bad, good, expected) in cases {
        let o = check(dir.path(), cache.path(), bad, &["--format", "json"]);
        assert_eq!(o.status.code(), Some(1), "{bad}\n{}{}", stdout(&o), stderr(&o));
        let got = violations(&o);
        let want: Vec<(String, String)> =
            expected.iter().map(|(r, p)| ((*r).to_owned(), (*p).to_owned())).collect();
        assert_eq!(got, want, "{bad}");
        let o = check(dir.path(), cache.path(), good, &["--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{good}\n{}{}", stdout(&o), stderr(&o));
        assert!(violations(&o).is_empty());
    }
}

#[test]
fn components_from_config_replace_detected_ones() {
    let dir = app();
    let cache = TempDir::new().expect("tempdir");
    let config = "[components]\nfrontend = [\"web/**\"]\nstorage = [\"db/**\"]\n\n[[rules.independent]]\nname = \"tiers\"\ncomponents = [\"frontend\", \"storage\"]\n";
    let o = check(dir.path(), cache.path(), config, &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["violations"].as_array().expect("list").len(), 2);
    assert!(v["violations"][0]["message"].as_str().expect("message").contains("frontend and storage"));
    // The same components in the map, as in every report.
    let o = principal(dir.path(), cache.path(), &["map", ".", "--format", "json"]);
    let map: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let ids: Vec<&str> =
        map["components"].as_array().expect("list").iter().filter_map(|c| c["id"].as_str()).collect();
    assert!(ids.contains(&"frontend") && ids.contains(&"storage") && !ids.contains(&"web"), "{ids:?}");
}

#[test]
fn sarif_is_valid_sarif_2_1_0_and_github_annotations() {
    let dir = app();
    let cache = TempDir::new().expect("tempdir");
    let o = check(dir.path(), cache.path(), EXAMPLE, &["--format", "sarif"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let sarif: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> =
        validator.iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), 3);
    assert!(rules.iter().all(|r| r["shortDescription"]["text"].is_string() && r["help"]["text"].is_string()));
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 3);
    let first = &results[0];
    assert_eq!(first["ruleId"], "forbidden/cli-not-core");
    assert_eq!(first["level"], "error");
    let loc = &first["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "py/app/cli.py");
    assert_eq!(loc["region"]["startLine"], 1);
    let print = first["partialFingerprints"]["principalFingerprint/v2"].as_str().expect("fingerprint");
    assert!(print.len() == 18 && print.ends_with(":1"), "{print}");
    assert!(first.get("baselineState").is_none(), "no baseline, no baseline state");
    assert_eq!(run["tool"]["driver"]["name"], "principal-check");
    assert_eq!(run["automationDetails"]["id"], "principal-check/");
    assert!(run["tool"]["driver"].get("informationUri").is_none(), "no placeholder URI");
    assert!(
        rules
            .iter()
            .all(|r| r["properties"]["tags"] == serde_json::json!(["maintainability", "architecture"]))
    );
    // The schema check can fail: a broken log is rejected.
    let mut broken = sarif.clone();
    broken["version"] = Value::from("9");
    assert!(!validator.is_valid(&broken));

    let o = check(dir.path(), cache.path(), EXAMPLE, &["--format", "github"]);
    let text = stdout(&o);
    assert!(
        text.contains("::error file=py/app/cli.py,line=1,title=principal forbidden/cli-not-core::py/app/cli.py imports py/app/core.py"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 3, "{text}");
}

#[test]
fn baseline_round_trip() {
    let dir = app();
    let cache = TempDir::new().expect("tempdir");
    let o = check(dir.path(), cache.path(), EXAMPLE, &["--update-baseline"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let baseline: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("principal-baseline.json")).expect("baseline"),
    )
    .expect("json");
    assert_eq!(baseline["schema"], "principal.baseline/1");
    assert_eq!(baseline["violations"].as_array().expect("list").len(), 3);

    // Clean against the baseline.
    let o = check(dir.path(), cache.path(), EXAMPLE, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("No violations (3 more in the baseline)"), "{}", stdout(&o));
    // SARIF keeps the baselined violations, marked unchanged.
    let o = check(dir.path(), cache.path(), EXAMPLE, &["--format", "sarif"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let sarif: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let states: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["baselineState"].as_str().expect("a baseline state"))
        .collect();
    assert_eq!(states, ["unchanged"; 3]);

    // Unrelated lines shift: the fingerprints hold.
    for f in ["py/app/cli.py", "py/app/core.py", "py/app/util.py"] {
        let p = dir.path().join(f);
        let text = std::fs::read_to_string(&p).expect("read");
        std::fs::write(&p, format!("# a comment\n\n{text}")).expect("write");
    }
    let o = check(dir.path(), cache.path(), EXAMPLE, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // A new violation fails, alone; a fixed one is reported.
    write_tree(
        dir.path(),
        "//- py/app/cli.py\nfrom py.app import util\n\n\ndef main():\n    return util\n//- py/app/extra.py\nfrom py.app import core\n",
    );
    std::fs::write(
        dir.path().join("principal.toml"),
        EXAMPLE.replace("from = \"py/app/cli.py\"", "from = [\"py/app/cli.py\", \"py/app/extra.py\"]"),
    )
    .expect("config");
    let o = principal(dir.path(), cache.path(), &["check", ".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let new: Vec<&str> =
        v["violations"].as_array().expect("list").iter().map(|x| x["path"].as_str().expect("path")).collect();
    assert_eq!(new, ["py/app/extra.py"]);
    assert_eq!(v["baselined"], 2);
    assert_eq!(v["fixed"][0]["path"], "py/app/cli.py");
    let o = principal(dir.path(), cache.path(), &["check", "."]);
    assert!(stdout(&o).contains("1 baseline entry is fixed"), "{}", stdout(&o));

    // A corrupt baseline is a clear error.
    std::fs::write(dir.path().join("principal-baseline.json"), "{not json").expect("write");
    let o = principal(dir.path(), cache.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("principal-baseline.json") && stderr(&o).contains("--update-baseline"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn malformed_configs_exit_2_naming_the_file_and_place() {
    let dir = app();
    let cache = TempDir::new().expect("tempdir");
    let cases = [
        ("[rules\nno_cycles = true\n", "line 1"),
        ("[rules]\nno_cycles = true\nmax_cyclomatc = 6\n", "max_cyclomatc"),
        ("[rules]\nmax_cyclomatic = \"six\"\n", "line 2"),
        ("[rules]\ncycles_scope = \"galaxy\"\n", "galaxy"),
        ("[[rules.forbidden]]\nname = \"x\"\nfrom = \"a/[\"\nto = \"b\"\n", "not a valid glob"),
        ("[[rules.forbidden]]\nfrom = \"a\"\nto = \"b\"\n", "name"),
    ];
    for (config, needle) in cases {
        let o = check(dir.path(), cache.path(), config, &[]);
        assert_eq!(o.status.code(), Some(2), "{config}");
        let err = stderr(&o);
        assert!(err.contains("principal.toml") && err.contains(needle), "{config}: {err}");
    }
    let o = principal(dir.path(), cache.path(), &["check", ".", "--config", "nope.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope.toml"), "{}", stderr(&o));
}

#[test]
fn init_writes_a_config_that_passes_today_and_never_overwrites() {
    let dir = app();
    let cache = TempDir::new().expect("tempdir");
    let o = principal(dir.path(), cache.path(), &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.path().join("principal.toml")).expect("written");
    assert!(text.contains("[components]") && text.contains("\"web\" = [\"web/**\"]"), "{text}");
    assert!(text.contains("[[rules.layers]]"), "{text}");
    assert!(text.contains("max_cyclomatic = 10"), "{text}");
    assert!(text.contains("# no_cycles = true") || text.contains("cycles_scope = \"component\""), "{text}");
    let o = principal(dir.path(), cache.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));

    let o = principal(dir.path(), cache.path(), &["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(dir.path().join("principal.toml")).expect("kept"), text);
}

#[test]
fn min_truck_factor_from_history() {
    use crate::history::{commit, git};
    let dir = app();
    let cache = TempDir::new().expect("tempdir");
    git(dir.path(), &["init", "-q", "-b", "main"], ("A", "a@example.com"), "2024-01-01T00:00:00+00:00");
    // Fonts and images are files of the history, not components.
    std::fs::create_dir_all(dir.path().join("static/fonts")).expect("mkdir");
    std::fs::write(dir.path().join("static/fonts/a.woff2"), [0u8, 159, 146, 150, 0, 1]).expect("font");
    std::fs::write(dir.path().join("static/fonts/b.png"), [137u8, 80, 78, 71, 0, 0]).expect("image");
    commit(dir.path(), ("Alice", "alice@example.com"), 1, "all");
    let o = check(dir.path(), cache.path(), "[rules]\nmin_truck_factor = 2\n", &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let got = violations(&o);
    assert!(
        got.iter().all(|(r, _)| r == "min-truck-factor") && got.iter().any(|(_, p)| p == "web"),
        "{got:?}"
    );
    assert!(!got.iter().any(|(_, p)| p.starts_with("static")), "not a component: {got:?}");
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let message = v["violations"][0]["message"].as_str().expect("message");
    assert!(message.ends_with("Alice holds most of it"), "{message}");
    // [components] replace the detected ones for this rule too.
    let o = check(
        dir.path(),
        cache.path(),
        "[components]\nfrontend = [\"web/**\"]\n\n[rules]\nmin_truck_factor = 2\n",
        &["--format", "json"],
    );
    let paths: Vec<String> = violations(&o).into_iter().map(|(_, p)| p).collect();
    assert!(paths.contains(&"frontend".to_owned()) && !paths.contains(&"web".to_owned()), "{paths:?}");
    let o = check(dir.path(), cache.path(), "[rules]\nmin_truck_factor = 1\n", &["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn diff_across_a_scripted_history() {
    use crate::history::{commit, git};
    let dir = TempDir::new().expect("tempdir");
    let cache = TempDir::new().expect("tempdir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"], ("A", "a@example.com"), "2024-01-01T00:00:00+00:00");
    write_tree(
        d,
        r#"
//- principal.toml
[[rules.forbidden]]
name = "web-not-db"
from = "web"
to = "db"
//- web/__init__.py
//- web/views.py
def page(x):
    return x
//- db/__init__.py
//- db/models.py
X = 1
//- db/queries.py
from db import models
"#,
    );
    commit(d, ("Alice", "alice@example.com"), 1, "base");
    git(d, &["tag", "base"], ("A", "a@example.com"), "2024-01-02T00:00:00+00:00");
    write_tree(
        d,
        r#"
//- web/views.py
from db import models


def page(x):
    if x:
        return models.X
    elif x is None:
        return 0
    return x
//- db/models.py
from db import queries
X = 1
"#,
    );
    commit(d, ("Alice", "alice@example.com"), 3, "head");
    // Uncommitted work is not part of either revision, and stays as it is.
    std::fs::write(d.join("db/models.py"), "import web.views\n").expect("write");

    let o = principal(d, cache.path(), &["diff", "base", "HEAD", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["schema"], "principal.diff/1");
    assert_eq!(v["component_edges_added"], serde_json::json!([["web", "db"]]));
    assert_eq!(v["cycles_new"][0]["members"], serde_json::json!(["db/models.py", "db/queries.py"]));
    assert_eq!(v["violations_introduced"][0]["rule"], "forbidden/web-not-db");
    assert_eq!(v["violations_introduced"][0]["path"], "web/views.py");
    let f = &v["functions"][0];
    assert_eq!(
        (f["function"].as_str(), f["before"][0].as_u64(), f["after"][0].as_u64()),
        (Some("page"), Some(1), Some(3))
    );
    assert_eq!(v["files_changed"], serde_json::json!(["db/models.py", "web/views.py"]));
    assert_eq!(std::fs::read_to_string(d.join("db/models.py")).expect("read"), "import web.views\n");

    let o = principal(d, cache.path(), &["diff", ".", "base", "--format", "markdown"]);
    let md = stdout(&o);
    assert!(md.starts_with("## Architecture diff `"), "{md}");
    assert!(md.contains("new dependency `web` → `db`"), "{md}");
    assert!(md.contains("| `page` | `web/views.py` | 1 / 0 | 3 / 2 | +2 |"), "{md}");

    let o = principal(d, cache.path(), &["diff", "no-such-rev"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-rev"), "{}", stderr(&o));
}

/// A closed pipe (`principal check | head`, `| true`) keeps the exit code: a gate with
/// violations exits 1, so that `set -o pipefail` fails.
#[test]
fn a_closed_pipe_keeps_the_exit_code() {
    let dir = app();
    let cache = TempDir::new().expect("tempdir");
    std::fs::write(dir.path().join("principal.toml"), EXAMPLE).expect("config");
    for args in [&["check", "."][..], &["check", ".", "--format", "json"], &["secrets", "."]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_principal"))
            .args(args)
            .current_dir(dir.path())
            .env("PRINCIPAL_CACHE_DIR", cache.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawns");
        drop(child.stdout.take());
        let o = child.wait_with_output().expect("waits");
        let expected = if args[0] == "secrets" { 0 } else { 1 };
        assert_eq!(o.status.code(), Some(expected), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("error"), "{args:?}: {}", stderr(&o));
    }
}

/// `principal check` in a sub-directory uses the repository's principal.toml above it, and
/// reports the violations under that directory.
#[test]
fn check_in_a_sub_directory_uses_the_root_config() {
    let dir = app();
    let cache = TempDir::new().expect("tempdir");
    std::fs::create_dir(dir.path().join(".git")).expect("a repository top");
    std::fs::write(dir.path().join("principal.toml"), EXAMPLE).expect("config");
    let root = principal(dir.path(), cache.path(), &["check", ".", "--format", "json"]);
    assert_eq!(root.status.code(), Some(1));
    let all = violations(&root);
    let sub = dir.path().join("py");
    let o = principal(&sub, cache.path(), &["check", ".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("principal.toml: checking"), "{}", stderr(&o));
    let under: Vec<(String, String)> = all.iter().filter(|(_, p)| p.starts_with("py/")).cloned().collect();
    assert!(!under.is_empty(), "{all:?}");
    assert_eq!(violations(&o), under);
    // Nothing under a folder without violations: a pass, with the rules said to have run.
    let clean = dir.path().join("docs");
    std::fs::create_dir_all(&clean).expect("mkdir");
    let o = principal(&clean, cache.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(!stdout(&o).contains("no rules configured"), "{}", stdout(&o));
}

/// Violations say why the rule exists (the rule's reason, `[rules.why]`, or the kind's
/// default), what to do instead (a component the importer already uses that already uses the
/// target), in text, JSON and SARIF.
#[test]
fn violations_say_why_and_what_to_do_instead() {
    let dir = TempDir::new().expect("tempdir");
    write_tree(
        dir.path(),
        "//- ui/__init__.py\n//- ui/views.py\nfrom db import models\nfrom service import api\n//- service/__init__.py\n//- service/api.py\nfrom db import models\n//- db/__init__.py\n//- db/models.py\ndef get():\n    return 1\n",
    );
    let cache = TempDir::new().expect("tempdir");
    let config = "[[rules.forbidden]]\nname = \"ui-not-db\"\nfrom = \"ui\"\nto = \"db\"\nreason = \"The UI reads data through the service, which checks permissions.\"\n\n[rules]\nmax_fan_out = 1\n\n[rules.why]\nmax-fan-out = \"Views stay thin.\"\n";
    let o = check(dir.path(), cache.path(), config, &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let list = v["violations"].as_array().expect("violations");
    let forbidden = list.iter().find(|x| x["rule"] == "forbidden/ui-not-db").expect("forbidden");
    assert_eq!(
        forbidden["advice"]["why"],
        "The UI reads data through the service, which checks permissions."
    );
    assert_eq!(
        forbidden["advice"]["instead"],
        "go through `service`, which `ui` already uses and which already depends on `db`"
    );
    let fan_out = list.iter().find(|x| x["rule"] == "max-fan-out").expect("fan-out");
    assert_eq!(fan_out["advice"]["why"], "Views stay thin.");

    let o = check(dir.path(), cache.path(), config, &[]);
    let text = stdout(&o);
    assert!(text.contains("  why: The UI reads data through the service"), "{text}");
    assert!(text.contains("      instead: go through `service`"), "{text}");

    let o = check(dir.path(), cache.path(), config, &["--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let rule = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "forbidden/ui-not-db")
        .expect("rule");
    assert_eq!(
        rule["fullDescription"]["text"],
        "The UI reads data through the service, which checks permissions."
    );
    assert!(
        rule["help"]["text"]
            .as_str()
            .expect("help")
            .ends_with("Why: The UI reads data through the service, which checks permissions.")
    );
    let result = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "forbidden/ui-not-db")
        .expect("result");
    assert!(
        result["message"]["text"].as_str().expect("text").ends_with(
            "Instead: go through `service`, which `ui` already uses and which already depends on `db`."
        ),
        "{result:#}"
    );
}
