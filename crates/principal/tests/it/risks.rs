//! The risk register one finder at a time: for each kind of risk, a minimal fixture that
//! triggers it and a near miss just under its threshold, checked in report.json as the real
//! binary writes it. The thresholds are the ones docs/risks.md states.

use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use crate::history::{git, lines, write};
use crate::{principal, stderr, write_tree};

type Person = (&'static str, &'static str);

const ALICE: Person = ("Alice Smith", "alice@example.com");
const BOB: Person = ("Bob Jones", "bob@example.com");
const CAROL: Person = ("Carol Old", "carol@example.com");
const DAVE: Person = ("Dave Brown", "dave@example.com");

/// One scripted commit: who, on which day (noon UTC), the files it writes, and its subject
/// ("commit N" when none).
struct Commit {
    who: Person,
    date: String,
    files: Vec<(&'static str, String)>,
    subject: Option<&'static str>,
    /// Made on a branch and merged into `main` by this person, as a web merge does.
    merged_by: Option<Person>,
}

fn commit(who: Person, date: &str, files: &[(&'static str, &str)]) -> Commit {
    Commit {
        who,
        date: date.to_owned(),
        files: files.iter().map(|&(p, t)| (p, t.to_owned())).collect(),
        subject: None,
        merged_by: None,
    }
}

/// The same, with a subject that says it fixes a defect.
fn fix(who: Person, date: &str, files: &[(&'static str, &str)]) -> Commit {
    // Each its own subject: fixes with one subject are one episode (a fix re-applied).
    let subject: &'static str =
        Box::leak(format!("Fix a crash on empty input, seen {date}").into_boxed_str());
    Commit { subject: Some(subject), ..commit(who, date, files) }
}

/// A commit that keeps `who` active (one commit in a window is a drive-by): a line of the
/// changelog, no source.
fn active(who: Person, date: &str) -> Commit {
    let line: &'static str = Box::leak(format!("{} on {date}\n", who.0).into_boxed_str());
    commit(who, date, &[("CHANGES.md", line)])
}

/// A git repository made of `commits`, in order, with fixed identities and dates.
fn git_repo(commits: &[Commit]) -> TempDir {
    let dir = TempDir::new().expect("tempdir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"], ALICE, "2020-01-01T00:00:00+00:00");
    for (i, c) in commits.iter().enumerate() {
        let branch = format!("pr-{}", i + 1);
        if c.merged_by.is_some() {
            git(d, &["checkout", "-q", "-b", &branch], c.who, "2020-01-01T00:00:00+00:00");
        }
        for (path, text) in &c.files {
            write(d, path, text);
        }
        let date = format!("{}T12:00:00+00:00", c.date);
        git(d, &["add", "-A"], c.who, &date);
        let subject = c.subject.map_or_else(|| format!("commit {}", i + 1), str::to_owned);
        git(d, &["commit", "-q", "--allow-empty", "-m", &subject], c.who, &date);
        if let Some(merger) = c.merged_by {
            git(d, &["checkout", "-q", "main"], merger, &date);
            let message = format!("Merge pull request #{} from {branch}", i + 1);
            git(d, &["merge", "-q", "--no-ff", "-m", &message, &branch], merger, &date);
        }
    }
    dir
}

/// `principal audit <repo> --out <dir>` with `extra` arguments, and the report.json it wrote.
fn audit(repo: &Path, extra: &[&str]) -> Value {
    let cache = TempDir::new().expect("tempdir");
    let out = TempDir::new().expect("tempdir");
    let mut args =
        vec!["audit", repo.to_str().expect("utf-8 path"), "--out", out.path().to_str().expect("utf-8"), "-q"];
    args.extend_from_slice(extra);
    let o = principal(repo, cache.path(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let json = std::fs::read_to_string(out.path().join("report.json")).expect("report.json");
    serde_json::from_str(&json).expect("report.json is JSON")
}

/// The audit of a `//- path` fixture without git history.
fn audit_tree(fixture: &str) -> Value {
    let dir = TempDir::new().expect("tempdir");
    write_tree(dir.path(), fixture);
    audit(dir.path(), &["--no-history"])
}

fn risks_of<'a>(report: &'a Value, kind: &str) -> Vec<&'a Value> {
    report["risks"].as_array().expect("risks").iter().filter(|r| r["kind"] == kind).collect()
}

/// The risk with `id`, which must be of `kind`.
fn risk<'a>(report: &'a Value, kind: &str, id: &str) -> &'a Value {
    let r = report["risks"]
        .as_array()
        .expect("risks")
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no risk {id} in {:#}", report["risks"]));
    assert_eq!(r["kind"], kind, "{r:#}");
    r
}

fn no_risk(report: &Value, kind: &str) {
    let found = risks_of(report, kind);
    assert!(found.is_empty(), "unexpected {kind} risks: {found:#?}");
}

/// The row of `key` = `value` in the list `report[list]`.
fn row<'a>(report: &'a Value, list: &str, key: &str, value: &str) -> &'a Value {
    report[list]
        .as_array()
        .unwrap_or_else(|| panic!("no list {list}"))
        .iter()
        .find(|r| r[key] == value)
        .unwrap_or_else(|| panic!("no {list} row with {key} {value} in {:#}", report[list]))
}

/// A branchy function: cyclomatic complexity 1 + `n`, cognitive complexity `n`.
fn branchy(name: &str, n: usize) -> String {
    let mut s = format!("def {name}(x):\n");
    for i in 0..n {
        s.push_str(&format!("    if x == {i}:\n        return {i}\n"));
    }
    s.push_str("    return -1\n");
    s
}

/// `depth` nested ifs (cognitive 1 + 2 + … + depth) then `flat` top-level ifs (1 each):
/// cyclomatic 1 + depth + flat.
fn nested(name: &str, depth: usize, flat: usize) -> String {
    let mut s = format!("def {name}(x):\n");
    for j in 0..depth {
        s.push_str(&format!("{}if x > {j}:\n", "    ".repeat(j + 1)));
    }
    s.push_str(&format!("{}return 1\n", "    ".repeat(depth + 1)));
    for i in 0..flat {
        s.push_str(&format!("    if x == -{}:\n        return {i}\n", i + 1));
    }
    s.push_str("    return 0\n");
    s
}

// --- cycle (components) ---------------------------------------------------------------------

/// Two Python packages; `b` imports `a` back when `cyclic`.
fn two_packages(cyclic: bool) -> String {
    let back = if cyclic { "from a.x import f\n\n\n" } else { "" };
    format!(
        "//- a/__init__.py\n//- a/x.py\nfrom b.y import g\n\n\ndef f():\n    return g()\n\
         //- b/__init__.py\n//- b/y.py\n{back}def g():\n    return 1\n"
    )
}

#[test]
fn component_cycle_is_a_risk() {
    let report = audit_tree(&two_packages(true));
    let r = risk(&report, "cycle", "cycle:component:a+b");
    assert_eq!(r["evidence"]["components"], 2);
    assert_eq!(r["score"], 53, "45 + 4 * 2");
    assert_eq!(r["locations"], serde_json::json!([{"path": "a"}, {"path": "b"}]));
}

/// A test inside `b` that imports `a` does not make `b` depend on `a`.
#[test]
fn a_test_inside_a_component_closes_no_cycle() {
    let tree = format!(
        "{}//- b/test_y.py\nfrom a.x import f\n\n\ndef test_f():\n    assert f()\n",
        two_packages(false)
    );
    let report = audit_tree(&tree);
    no_risk(&report, "cycle");
    assert_eq!(report["summary"]["component_cycles"], 0);
}

#[test]
fn one_way_component_dependency_is_not_a_cycle() {
    let report = audit_tree(&two_packages(false));
    no_risk(&report, "cycle");
    assert_eq!(row(&report, "components", "id", "a")["depends_on"], serde_json::json!(["b"]));
    assert_eq!(report["summary"]["component_cycles"], 0);
}

// --- cycle (files) --------------------------------------------------------------------------

/// Two modules of one package; `b` imports `a` back when `cyclic`.
fn two_modules(cyclic: bool) -> String {
    let back = if cyclic { "from app.a import f\n\n\n" } else { "" };
    format!(
        "//- app/__init__.py\n//- app/a.py\nfrom app.b import g\n\n\ndef f():\n    return g()\n\
         //- app/b.py\n{back}def g():\n    return 1\n"
    )
}

#[test]
fn typescript_declaration_files_close_no_cycle() {
    let fixture = "//- src/app.ts\nimport { Opts } from './types';\nexport const run = (o: Opts) => o;\n\
                   //- src/types.d.ts\nimport { run } from './app';\nexport type Opts = { f: typeof run };\n";
    let report = audit_tree(fixture);
    assert_eq!(report["summary"]["dependencies"], 2, "both imports resolve");
    assert_eq!(report["summary"]["file_cycles"], 0);
    no_risk(&report, "cycle");
}

#[test]
fn a_file_cycle_inside_one_component_is_not_a_risk() {
    // The component's own design, small or large: in the map, not the register.
    let report = audit_tree(&two_modules(true));
    no_risk(&report, "cycle");
    assert_eq!(report["summary"]["file_cycles"], 1);
    let report = audit_tree(&ring(30));
    no_risk(&report, "cycle");
    assert_eq!(report["summary"]["file_cycles"], 1);
}

/// `n` modules of one package in a ring: `m0` imports `m1`, …, the last imports `m0`.
fn ring(n: usize) -> String {
    let mut s = String::from("//- app/__init__.py\n");
    for i in 0..n {
        let j = (i + 1) % n;
        s.push_str(&format!(
            "//- app/m{i}.py\nfrom app.m{j} import f{j}\n\n\ndef f{i}():\n    return f{j}\n"
        ));
    }
    s
}

#[test]
fn one_way_file_import_is_not_a_cycle() {
    let report = audit_tree(&two_modules(false));
    no_risk(&report, "cycle");
    assert_eq!(report["summary"]["file_cycles"], 0);
    assert_eq!(report["summary"]["dependencies"], 1);
}

// --- tangled-architecture -------------------------------------------------------------------

/// 50 modules at the root, the first `chain` of them a chain of imports (m00 -> m01 -> …):
/// the propagation cost is (chain·(chain + 1)/2 + 50 − chain) / 50².
fn fifty_modules(chain: usize) -> String {
    (0..50)
        .map(|i| {
            let body = if i + 1 < chain { format!("import m{:02}\n", i + 1) } else { "X = 1\n".to_owned() };
            format!("//- m{i:02}.py\n{body}")
        })
        .collect()
}

#[test]
fn propagation_cost_over_the_bar_for_fifty_files_is_tangled() {
    // The bar for 50 files: 0.2 + 0.3 · (1 − 50/500) = 0.47. 48 · 49 / 2 + 2 = 1178 of 2500 pairs.
    let report = audit_tree(&fifty_modules(48));
    let r = risk(&report, "tangled-architecture", "tangled-architecture:repository");
    assert_eq!(r["evidence"]["propagation_cost"], 0.4712);
    assert_eq!(r["evidence"]["files"], 50);
    assert_eq!(r["evidence"]["dependencies"], 47);
    assert_eq!(r["score"], 40, "40 + 40 * unit((0.4712 - 0.47) / 0.5)");
}

#[test]
fn propagation_cost_just_under_the_bar_is_not_tangled() {
    // 47 · 48 / 2 + 3 = 1131 of 2500 pairs: 45%, a small system's normal state.
    let report = audit_tree(&fifty_modules(47));
    no_risk(&report, "tangled-architecture");
    assert_eq!(report["summary"]["propagation_cost"], 0.4524);
    assert_eq!(report["summary"]["parsed_files"], 50);
}

// --- hotspot --------------------------------------------------------------------------------

/// `pricing.py` with total cyclomatic complexity `complexity`, committed `revisions` times.
fn pricing_history(revisions: usize, complexity: usize) -> TempDir {
    // Two months apart: the file is settled, not being written.
    pricing_history_on(revisions, complexity, |i| format!("2024-{:02}-01", 2 * i + 1))
}

fn pricing_history_on(revisions: usize, complexity: usize, date: impl Fn(usize) -> String) -> TempDir {
    let commits: Vec<Commit> = (0..revisions)
        .map(|i| {
            // Each commit changes the function itself (its last line), as a hotspot's does.
            let text = branchy("price", complexity - 1).replace("return -1", &format!("return -{}", i + 1))
                + &lines(i + 1, "rate");
            // Written, then fixed: a hotspot keeps needing fixes.
            if i == 0 {
                commit(ALICE, &date(i), &[("pricing.py", &text)])
            } else {
                fix(ALICE, &date(i), &[("pricing.py", &text)])
            }
        })
        .collect();
    git_repo(&commits)
}

#[test]
fn a_file_in_its_first_weeks_is_not_a_hotspot() {
    // The same three commits within three days: the file is being written.
    let repo = pricing_history_on(3, 16, |i| format!("2024-01-{:02}", i + 1));
    let report = audit(repo.path(), &[]);
    no_risk(&report, "hotspot");
}

#[test]
fn complex_file_changed_three_times_is_a_hotspot() {
    // `price`: 15 flat ifs, cyclomatic 16 and cognitive 15, changed by all three commits.
    let repo = pricing_history(3, 16);
    let report = audit(repo.path(), &[]);
    let r = risk(&report, "hotspot", "hotspot:pricing.py");
    assert_eq!(r["evidence"]["revisions"], 3);
    assert_eq!(r["evidence"]["complexity"], 16);
    assert_eq!(r["evidence"]["max_cyclomatic"], 16);
    assert_eq!(r["evidence"]["hotspot_score"], 1.0);
    assert_eq!(r["evidence"]["rank"], 1);
    assert_eq!(r["evidence"]["recent_fixes"], 2);
    // 25 + 30 · 1 · unit(3 commits of the last year / 10) + 25 · unit(2 fixes / 6) + 10 · 16/30
    // + 10 · 16/300
    assert_eq!(r["score"], 48);
    assert!(
        r["title"]
            .as_str()
            .expect("title")
            .starts_with("pricing.py keeps needing fixes (2 defect fixes in its 3 commits of the last year"),
        "{r:#}"
    );
    assert_eq!(r["evidence"]["recent_revisions"], 3);
    assert_eq!(r["locations"][1]["line"], 1, "the function to refactor first is located");
}

#[test]
fn complex_code_that_changes_without_fixes_is_not_a_hotspot() {
    // The same three commits, none of them a fix: the code is being extended, not failing.
    let commits: Vec<Commit> = (0..3)
        .map(|i| {
            let text = branchy("price", 15).replace("return -1", &format!("return -{}", i + 1));
            commit(ALICE, &format!("2024-{:02}-01", 2 * i + 1), &[("pricing.py", &text)])
        })
        .collect();
    let report = audit(git_repo(&commits).path(), &[]);
    no_risk(&report, "hotspot");
    assert_eq!(row(&report, "hotspots", "path", "pricing.py")["recent_fixes"], 0);
}

#[test]
fn complex_code_busy_only_long_ago_is_not_a_hotspot() {
    // The same three commits, then two years of work elsewhere: pricing.py has cooled.
    let mut commits: Vec<Commit> = (0..3)
        .map(|i| {
            let text = branchy("price", 15).replace("return -1", &format!("return -{}", i + 1));
            commit(ALICE, &format!("2022-01-{:02}", i + 1), &[("pricing.py", &text)])
        })
        .collect();
    commits.push(commit(ALICE, "2024-03-01", &[("notes.py", "X = 1\n")]));
    let repo = git_repo(&commits);
    let report = audit(repo.path(), &[]);
    no_risk(&report, "hotspot");
    let h = row(&report, "hotspots", "path", "pricing.py");
    assert_eq!((h["revisions"].as_u64(), h["recent_revisions"].as_u64()), (Some(3), Some(0)));
}

#[test]
fn a_truck_factor_of_people_who_left_says_so() {
    // Bob wrote most of the code in 2022; only Alice commits two years later.
    let repo = git_repo(&[
        commit(
            BOB,
            "2022-01-02",
            &[
                ("billing/__init__.py", ""),
                ("billing/invoice.py", &lines(150, "invoice")),
                ("billing/tax.py", &lines(150, "tax")),
            ],
        ),
        commit(ALICE, "2024-03-01", &[("notes.py", "X = 1\n")]),
        active(ALICE, "2024-03-01"),
    ]);
    let report = audit(repo.path(), &[]);
    let r = risk(&report, "low-truck-factor", "low-truck-factor:repository");
    // billing's three files have nobody active: Bob stopped, and nobody changed them since.
    assert_eq!(
        r["title"],
        "Nobody active knows 99% of the code: 301 of its 302 lines are in files with no author or recent \
         maintainer who still commits",
        "{r:#}"
    );
    assert_eq!(
        (r["evidence"]["orphaned_files"].as_u64(), r["evidence"]["counted_files"].as_u64()),
        (Some(3), Some(4))
    );
    // One fact once: billing, abandoned, is named here and is no risk of its own.
    assert_eq!(r["evidence"]["abandoned_components"], serde_json::json!(["billing"]));
    no_risk(&report, "abandoned-code");
    assert_eq!(r["evidence"]["historical_authors"], serde_json::json!(["Bob Jones"]));
    assert_eq!(r["evidence"]["inactive_authors"], serde_json::json!(["Bob Jones (last commit 2022-01-02)"]));
    assert_eq!(r["evidence"]["most_active"], serde_json::json!(["Alice Smith"]));
    assert!(
        r["action"].as_str().expect("action").starts_with("Make Alice Smith (the most active now) the owner")
            && r["action"]
                .as_str()
                .expect("action")
                .ends_with("so find a second maintainer to learn them too."),
        "{r:#}"
    );
    assert!(
        r["why"].as_str().expect("why").contains(
            "the code is mostly Bob Jones's; Bob Jones (last commit 2022-01-02) stopped committing"
        ),
        "{r:#}"
    );
}

/// Ten small functions (cyclomatic 2 each), returning `n`.
fn stopwatch(n: u32) -> &'static str {
    let text: String =
        (0..10).map(|i| format!("def f{i}(x):\n    if x:\n        return {n}\n    return 0\n\n")).collect();
    Box::leak(text.into_boxed_str())
}

/// Three fixes in a year make simple code a cluster of defects, unless every fix came with its
/// test (commons-lang's StopWatch: three one-line fixes, each with a test).
#[test]
fn simple_code_with_untested_fixes_is_a_cluster_and_tested_fixes_are_not() {
    let history = |tested: bool| {
        let mut commits = vec![commit(ALICE, "2023-06-01", &[("stopwatch.py", stopwatch(0))])];
        for (i, (who, day)) in
            [(ALICE, "2024-03-01"), (BOB, "2024-04-01"), (ALICE, "2024-05-01")].iter().enumerate()
        {
            let n = i as u32 + 1;
            let mut files = vec![("stopwatch.py", stopwatch(n))];
            if tested {
                let t: &'static str =
                    Box::leak(format!("def test_{n}():\n    assert True\n").into_boxed_str());
                files.push(("tests/test_stopwatch.py", t));
            }
            commits.push(fix(*who, day, &files));
        }
        commits
    };
    let report = audit(git_repo(&history(false)).path(), &[]);
    let r = risk(&report, "hotspot", "hotspot:stopwatch.py");
    assert_eq!(
        (r["evidence"]["recent_fixes"].as_u64(), r["evidence"]["recent_fixes_with_tests"].as_u64()),
        (Some(3), Some(0))
    );
    assert!(r["action"].as_str().expect("action").starts_with("Add regression tests"), "{r:#}");
    no_risk(&audit(git_repo(&history(true)).path(), &[]), "hotspot");
}

/// Two files that the same fixes changed are one story: the second is said in the first.
#[test]
fn files_changed_by_the_same_fixes_are_one_hotspot() {
    let mut commits =
        vec![commit(ALICE, "2023-06-01", &[("stopwatch.py", stopwatch(0)), ("timer.py", stopwatch(0))])];
    for (i, (who, day)) in
        [(ALICE, "2024-03-01"), (BOB, "2024-04-01"), (ALICE, "2024-05-01")].iter().enumerate()
    {
        let n = i as u32 + 1;
        commits.push(fix(*who, day, &[("stopwatch.py", stopwatch(n)), ("timer.py", stopwatch(n + 10))]));
    }
    let report = audit(git_repo(&commits).path(), &[]);
    let hot = risks_of(&report, "hotspot");
    assert_eq!(hot.len(), 1, "{hot:#?}");
    let (told, other) = if hot[0]["id"] == "hotspot:stopwatch.py" {
        ("stopwatch.py", "timer.py")
    } else {
        ("timer.py", "stopwatch.py")
    };
    assert_eq!(hot[0]["id"], format!("hotspot:{told}"));
    assert_eq!(hot[0]["evidence"]["same_fixes_changed"], serde_json::json!([other]));
    assert!(
        hot[0]["action"]
            .as_str()
            .expect("action")
            .ends_with(&format!("The same fixes also changed `{other}`: look for the cause there too.")),
        "{:#}",
        hot[0]
    );
}

#[test]
fn flat_code_that_changes_is_not_a_hotspot() {
    // Cyclomatic 10 but cognitive 9: a flat chain of ifs reads easily, however often it changes.
    let repo = pricing_history(3, 10);
    let report = audit(repo.path(), &[]);
    no_risk(&report, "hotspot");
}

#[test]
fn complex_file_changed_twice_is_not_a_hotspot() {
    let repo = pricing_history(2, 10);
    let report = audit(repo.path(), &[]);
    no_risk(&report, "hotspot");
    let h = row(&report, "hotspots", "path", "pricing.py");
    assert_eq!((h["revisions"].as_u64(), h["complexity"].as_u64()), (Some(2), Some(10)));
}

#[test]
fn file_of_complexity_nine_is_not_a_hotspot() {
    let repo = pricing_history(3, 9);
    let report = audit(repo.path(), &[]);
    no_risk(&report, "hotspot");
    let h = row(&report, "hotspots", "path", "pricing.py");
    assert_eq!((h["revisions"].as_u64(), h["complexity"].as_u64()), (Some(3), Some(9)));
}

// --- god-file -------------------------------------------------------------------------------

/// `big.py`: one function of complexity 3 and `code_lines` lines of code in all, imported by
/// `importers` modules.
fn big_file(code_lines: usize, importers: usize) -> String {
    // `class Big` with `branchy("f", 2)` as its method is 7 lines of complexity 3.
    let mut fixture =
        format!("//- big.py\n{}{}", class_of("Big", &[branchy("f", 2)]), lines(code_lines - 7, "big"));
    for i in 0..importers {
        fixture.push_str(&format!("//- u{i:02}.py\nimport big\n"));
    }
    fixture
}

/// A class whose methods are `functions` (each `def name(x):` at the top level).
fn class_of(name: &str, functions: &[String]) -> String {
    let mut s = format!("class {name}:\n");
    for f in functions {
        for line in f.replacen("(x):", "(self, x):", 1).lines() {
            s.push_str(&format!("    {line}\n"));
        }
    }
    s
}

#[test]
fn a_module_of_free_functions_is_not_a_god_file() {
    // The same size, complexity and importers, but helpers each importer takes one of: a
    // namespace, not a god object.
    let functions: String = (0..20).map(|i| branchy(&format!("f{i}"), 2)).collect();
    let mut fixture = format!("//- helpers.py\n{functions}{}", lines(1380, "helpers"));
    for i in 0..20 {
        fixture.push_str(&format!("//- u{i:02}.py\nimport helpers\n"));
    }
    let report = audit_tree(&fixture);
    no_risk(&report, "god-file");
    assert_eq!(row(&report, "files", "path", "helpers.py")["code_lines"], 1500);
}

#[test]
fn file_of_1500_lines_complex_and_imported_is_a_god_file() {
    let report = audit_tree(&big_file(1500, 5));
    let r = risk(&report, "god-file", "god-file:big.py");
    assert_eq!(r["evidence"]["code_lines"], 1500);
    assert_eq!(r["evidence"]["functions"], 1);
    assert_eq!(r["evidence"]["fan_in"], 5);
    assert_eq!(r["score"], 40, "30 + 25 * 1500/5000 + 25 * 5/50 + 10 * 1/150");
}

#[test]
fn file_of_1499_lines_or_nobody_imports_is_not_a_god_file() {
    let report = audit_tree(&big_file(1499, 5));
    no_risk(&report, "god-file");
    assert_eq!(row(&report, "files", "path", "big.py")["code_lines"], 1499);
    let report = audit_tree(&big_file(1500, 4));
    no_risk(&report, "god-file");
}

/// A declarative file: 300 one-line functions in 1,500 lines, imported by 30 modules. Large and
/// central, but simple: no god file.
#[test]
fn declarative_file_of_many_small_functions_is_not_a_god_file() {
    let functions: String = (0..300).map(|i| format!("def flag{i}():\n    return {i}\n")).collect();
    let mut fixture = format!("//- flags.py\n{functions}{}", lines(900, "flags"));
    for i in 0..30 {
        fixture.push_str(&format!("//- u{i:02}.py\nimport flags\n"));
    }
    let report = audit_tree(&fixture);
    no_risk(&report, "god-file");
    assert_eq!(row(&report, "files", "path", "flags.py")["fan_in"], 30);
}

/// `core.py`: 20 functions of complexity 3 in 500 lines of code, imported by `importers` modules.
fn imported_core(importers: usize) -> String {
    let functions: Vec<String> = (0..20).map(|i| branchy(&format!("f{i}"), 2)).collect();
    let mut fixture = format!("//- core.py\n{}{}", class_of("Core", &functions), lines(379, "core"));
    for i in 0..importers {
        fixture.push_str(&format!("//- u{i:02}.py\nimport core\n"));
    }
    fixture
}

#[test]
fn file_of_500_lines_with_20_importers_and_20_functions_is_a_god_file() {
    let report = audit_tree(&imported_core(20));
    let r = risk(&report, "god-file", "god-file:core.py");
    assert_eq!(r["evidence"]["code_lines"], 500);
    assert_eq!(r["evidence"]["functions"], 20);
    assert_eq!(r["evidence"]["fan_in"], 20);
    assert_eq!(r["score"], 44, "30 + 25 * 500/5000 + 25 * 20/50 + 10 * 20/150");
}

#[test]
fn file_of_500_lines_with_19_importers_is_not_a_god_file() {
    let report = audit_tree(&imported_core(19));
    no_risk(&report, "god-file");
    let f = row(&report, "files", "path", "core.py");
    assert_eq!((f["code_lines"].as_u64(), f["fan_in"].as_u64()), (Some(500), Some(19)));
}

// --- complex-function -----------------------------------------------------------------------

#[test]
fn complex_function_at_cyclomatic_25_is_a_risk() {
    let report = audit_tree(&format!("//- pkg/__init__.py\n//- pkg/rules.py\n{}", branchy("price", 24)));
    let r = risk(&report, "complex-function", "complex-function:pkg/rules.py:price");
    assert_eq!(r["evidence"]["cyclomatic"], 25);
    assert_eq!(r["evidence"]["cognitive"], 24);
    assert_eq!(r["locations"], serde_json::json!([{"path": "pkg/rules.py", "line": 1}]));
    assert_eq!(r["score"], 27, "25 + 30 * (25 - 20)/100, rounded");
}

#[test]
fn complex_function_at_cyclomatic_24_is_not() {
    let report = audit_tree(&format!("//- pkg/__init__.py\n//- pkg/rules.py\n{}", branchy("price", 23)));
    no_risk(&report, "complex-function");
    assert_eq!(row(&report, "files", "path", "pkg/rules.py")["max_cyclomatic"], 24);
}

#[test]
fn complex_function_at_cognitive_40_is_a_risk() {
    let report = audit_tree(&format!("//- deep.py\n{}", nested("walk", 8, 4)));
    let r = risk(&report, "complex-function", "complex-function:deep.py:walk");
    assert_eq!(r["evidence"]["cognitive"], 40);
    assert_eq!(r["evidence"]["cyclomatic"], 13);
    assert_eq!(r["evidence"]["max_nesting"], 8);
    assert_eq!(r["score"], 28, "25 + 30 * (0.75 * 40 - 20)/100");
}

#[test]
fn complex_function_in_a_file_that_keeps_needing_fixes_is_a_risk() {
    // Two fixes in the file, one of them in `walk`: changed twice in all, it is no hotspot, but
    // complex code in a file that keeps failing.
    let deep = nested("walk", 8, 4) + "\n\ndef helper():\n    return 'a'\n";
    let fixed = deep.replace("return 0", "return 10");
    let repo = git_repo(&[
        commit(ALICE, "2023-06-01", &[("deep.py", &deep)]),
        fix(ALICE, "2024-01-01", &[("deep.py", &fixed)]),
        fix(ALICE, "2024-03-01", &[("deep.py", &fixed.replace("'a'", "'b'"))]),
    ]);
    let report = audit(repo.path(), &[]);
    let r = risk(&report, "complex-function", "complex-function:deep.py:walk");
    assert_eq!(r["evidence"]["file_recent_fixes"], 2);
    assert_eq!(r["evidence"]["recent_fixes"], 1, "the first fix changed `walk`, the second `helper`");
    assert!(
        r["title"]
            .as_str()
            .expect("title")
            .ends_with("and 1 of the last year's 2 fixes to its file changed it"),
        "{r:#}"
    );
}

#[test]
fn complex_function_no_fix_touched_is_not_a_risk() {
    // The file needed two fixes, both in `helper`: `walk` changed in the last year, but never to
    // fix it (a CLI's option switch beside code that keeps breaking).
    let deep = nested("walk", 8, 4) + "\n\ndef helper():\n    return 'a'\n";
    let changed = deep.replace("return 0", "return 10");
    let repo = git_repo(&[
        commit(ALICE, "2023-06-01", &[("deep.py", &deep)]),
        commit(ALICE, "2024-01-01", &[("deep.py", &changed)]),
        fix(ALICE, "2024-02-01", &[("deep.py", &changed.replace("'a'", "'b'"))]),
        fix(ALICE, "2024-03-01", &[("deep.py", &changed.replace("'a'", "'c'"))]),
    ]);
    let report = audit(repo.path(), &[]);
    assert_eq!(row(&report, "files", "path", "deep.py")["recent_fixes"], 2);
    no_risk(&report, "complex-function");
}

#[test]
fn complex_function_in_a_file_fixed_once_is_not_a_risk() {
    // One fix a year: complex on purpose, and it holds.
    let deep = nested("walk", 8, 4);
    let repo = git_repo(&[
        commit(ALICE, "2023-06-01", &[("deep.py", &deep)]),
        commit(ALICE, "2024-01-01", &[("deep.py", &deep.replace("return 0", "return 10"))]),
        fix(ALICE, "2024-03-01", &[("deep.py", &deep.replace("return 0", "return 20"))]),
    ]);
    no_risk(&audit(repo.path(), &[]), "complex-function");
}

#[test]
fn complex_function_nobody_touched_in_a_year_is_not_a_risk() {
    // The same function, written in 2022; the last year's work is elsewhere.
    let deep = nested("walk", 8, 4);
    let repo = git_repo(&[
        commit(ALICE, "2022-01-01", &[("deep.py", &deep)]),
        commit(ALICE, "2024-03-01", &[("notes.py", "X = 1\n")]),
    ]);
    let report = audit(repo.path(), &[]);
    no_risk(&report, "complex-function");
    // Its code health still says so.
    let h = &row(&report, "files", "path", "deep.py")["health"];
    assert!(
        h["factors"].as_array().expect("factors").iter().any(|f| f["factor"] == "cognitive-load"),
        "{h:#}"
    );
}

#[test]
fn complex_function_at_cognitive_39_is_not() {
    let report = audit_tree(&format!("//- deep.py\n{}", nested("walk", 8, 3)));
    no_risk(&report, "complex-function");
    assert_eq!(row(&report, "files", "path", "deep.py")["max_cyclomatic"], 12);
}

// --- hidden-coupling ------------------------------------------------------------------------

/// `app/orders.py` and `app/billing/invoices.py`, which import nothing: created together,
/// changed together 4 more times (5 shared commits), then `invoices.py` alone `alone` more
/// times.
fn coupled_history(alone: usize) -> TempDir {
    coupled_in(alone, "app/billing/invoices.py")
}

fn coupled_in(alone: usize, invoices_path: &'static str) -> TempDir {
    let mut commits = Vec::new();
    for i in 0..5 {
        let (orders, invoices) = (lines(i + 1, "orders"), lines(i + 1, "invoices"));
        let files: &[(&'static str, &str)] = if i == 0 {
            &[("app/__init__.py", ""), ("app/orders.py", &orders), (invoices_path, &invoices)]
        } else {
            &[("app/orders.py", &orders), (invoices_path, &invoices)]
        };
        commits.push(commit(ALICE, &format!("2024-01-{:02}", i + 1), files));
    }
    for i in 0..alone {
        let invoices = lines(i + 6, "invoices");
        commits.push(commit(ALICE, &format!("2024-02-{:02}", i + 1), &[(invoices_path, &invoices)]));
    }
    git_repo(&commits)
}

#[test]
fn files_changing_together_half_the_time_without_an_import_are_hidden_coupling() {
    // 5 shared commits over an average of (5 + 15) / 2 revisions: degree 0.5.
    let repo = coupled_history(10);
    let report = audit(repo.path(), &[]);
    let r = risk(&report, "hidden-coupling", "hidden-coupling:app/billing/invoices.py+app/orders.py");
    assert_eq!(r["evidence"]["shared_commits"], 5);
    assert_eq!(r["evidence"]["degree"], 0.5);
    assert_eq!(r["evidence"]["cross_component"], "false");
    assert_eq!(r["score"], 47, "30 + 30 * 0.5 + 10 * 5/30");
}

#[test]
fn siblings_in_one_folder_changing_together_are_not_hidden_coupling() {
    // Files of one folder are one unit (a Go package, implementations of one interface).
    let repo = coupled_in(10, "app/invoices.py");
    let report = audit(repo.path(), &[]);
    no_risk(&report, "hidden-coupling");
    assert_eq!(row(&report, "coupling", "a", "app/invoices.py")["degree"], 0.5);
}

#[test]
fn files_changing_together_just_under_half_the_time_are_not_hidden_coupling() {
    // 5 shared commits over an average of (5 + 16) / 2 revisions: degree 0.476.
    let repo = coupled_history(11);
    let report = audit(repo.path(), &[]);
    no_risk(&report, "hidden-coupling");
    let c = row(&report, "coupling", "a", "app/billing/invoices.py");
    assert_eq!(c["b"], "app/orders.py");
    assert_eq!(c["shared"], 5);
    assert_eq!(c["degree"], 0.4762);
    assert_eq!(c["explained_by_import"], false);
}

// --- unstable-dependency --------------------------------------------------------------------

/// Packages `api` (and `web` when `two_users`) -> `core` -> `helpers` -> `base`.
fn layered(two_users: bool) -> String {
    let mut fixture = String::from(
        "//- api/__init__.py\n//- api/m.py\nfrom core.m import f\n\
         //- core/__init__.py\n//- core/m.py\nfrom helpers.m import g\n\n\ndef f():\n    return g()\n\
         //- helpers/__init__.py\n//- helpers/m.py\nfrom base.m import k\n\n\ndef g():\n    return k()\n\
         //- base/__init__.py\n//- base/m.py\ndef k():\n    return 1\n",
    );
    if two_users {
        fixture.push_str("//- web/__init__.py\n//- web/m.py\nfrom core.m import f\n");
    }
    fixture
}

#[test]
fn stable_component_depending_on_a_less_stable_one_is_a_risk() {
    // core: 3 users, 1 dependency (instability 1/4); helpers: 1 user, 2 dependencies (2/3).
    let fixture = layered(true)
        + "//- cli/__init__.py\n//- cli/m.py\nfrom core.m import f\n"
        + "//- util/__init__.py\n//- util/m.py\ndef u():\n    return 2\n";
    let fixture = fixture.replace("from base.m import k\n", "from base.m import k\nfrom util.m import u\n");
    let report = audit_tree(&fixture);
    let r = risk(&report, "unstable-dependency", "unstable-dependency:core->helpers");
    assert_eq!(r["evidence"]["from_instability"], 0.25);
    assert_eq!(r["evidence"]["to_instability"], 0.6667);
    assert_eq!(r["score"], 37, "20 + 40 * (2/3 - 1/4)");
    assert_eq!(risks_of(&report, "unstable-dependency").len(), 1);
}

#[test]
fn a_small_instability_gap_is_not_a_risk() {
    // core: 2 users, 1 dependency (1/3); helpers: 1 and 1 (1/2): a gap of 1/6, under 0.3.
    let report = audit_tree(&layered(true));
    no_risk(&report, "unstable-dependency");
    assert_eq!(row(&report, "components", "id", "core")["instability"], 0.3333);
}

#[test]
fn dependency_on_an_equally_stable_component_is_not() {
    // core and helpers: 1 user and 1 dependency each (instability 1/2).
    let report = audit_tree(&layered(false));
    no_risk(&report, "unstable-dependency");
    assert_eq!(row(&report, "components", "id", "core")["instability"], 0.5);
    assert_eq!(row(&report, "components", "id", "helpers")["instability"], 0.5);
}

// --- low-truck-factor -----------------------------------------------------------------------

/// Each of `people` creates one file of their own.
fn one_file_each(people: &[Person]) -> TempDir {
    const FILES: [&str; 4] = ["one.py", "two.py", "three.py", "four.py"];
    let commits: Vec<Commit> = people
        .iter()
        .zip(FILES)
        .enumerate()
        .flat_map(|(i, (&who, file))| {
            let date = format!("2024-01-{:02}", i + 1);
            [commit(who, &date, &[(file, &lines(10, "x"))]), active(who, &date)]
        })
        .collect();
    git_repo(&commits)
}

#[test]
fn truck_factor_two_is_a_risk() {
    // Three people, a file each: when two leave, two of the three files have no author.
    let repo = one_file_each(&[ALICE, BOB, CAROL]);
    let report = audit(repo.path(), &[]);
    let r = risk(&report, "low-truck-factor", "low-truck-factor:repository");
    assert_eq!(r["evidence"]["truck_factor"], 2);
    assert_eq!(r["evidence"]["people"], 3);
    assert_eq!(r["evidence"]["authors"], serde_json::json!(["Alice Smith", "Bob Jones"]));
    assert_eq!(r["score"], 55);
    assert_eq!(r["audience"], "leadership");
}

#[test]
fn truck_factor_three_is_not() {
    // Four people, a file each: two leaving orphan only half the files.
    let repo = one_file_each(&[ALICE, BOB, CAROL, DAVE]);
    let report = audit(repo.path(), &[]);
    no_risk(&report, "low-truck-factor");
    assert_eq!(report["people"]["truck_factor"], 3);
}

// --- knowledge-island -----------------------------------------------------------------------

/// Alice works on `shop`; only Bob on `billing` (3 files, `billing_lines` lines of code).
fn billing_by_bob(billing_lines: usize) -> TempDir {
    // Alice writes more files than Bob: she is the truck factor, and Bob's island is his own risk.
    git_repo(&[
        commit(
            ALICE,
            "2024-01-01",
            &[
                ("shop/__init__.py", ""),
                ("shop/cli.py", "def main():\n    return 0\n"),
                ("shop/cart.py", "def add():\n    return 1\n"),
                ("shop/pay.py", "def pay():\n    return 2\n"),
            ],
        ),
        commit(
            BOB,
            "2024-01-02",
            &[
                ("billing/__init__.py", ""),
                ("billing/invoice.py", &lines(150, "invoice")),
                ("billing/tax.py", &lines(billing_lines - 150, "tax")),
            ],
        ),
        active(ALICE, "2024-01-02"),
        active(BOB, "2024-01-02"),
    ])
}

#[test]
fn component_of_300_lines_only_one_active_person_knows_is_a_knowledge_island() {
    let repo = billing_by_bob(300);
    let report = audit(repo.path(), &[]);
    let r = risk(&report, "knowledge-island", "knowledge-island:billing");
    assert_eq!(r["evidence"]["active_author"], "Bob Jones");
    assert_eq!(r["evidence"]["code_lines"], 300);
    assert_eq!(r["evidence"]["files"], 3);
    assert_eq!(r["score"], 40, "40 + 30 * 300/20000");
    assert_eq!(risks_of(&report, "knowledge-island").len(), 1, "shop has 2 files");
}

#[test]
fn component_of_299_lines_is_not_a_knowledge_island_risk() {
    let repo = billing_by_bob(299);
    let report = audit(repo.path(), &[]);
    no_risk(&report, "knowledge-island");
    let billing = row(&report, "components", "id", "billing");
    assert_eq!(billing["knowledge_island"], true, "the history still sees the island");
    assert_eq!(billing["code_lines"], 299);
}

// --- abandoned-code -------------------------------------------------------------------------

/// Carol writes `legacy` (300 lines) on 2023-01-01; Alice commits `shop` on `last`.
fn legacy_by_carol(last: &str) -> TempDir {
    git_repo(&[
        active(CAROL, "2023-01-01"),
        commit(
            CAROL,
            "2023-01-01",
            &[("legacy/__init__.py", ""), ("legacy/importer.py", &lines(300, "imp"))],
        ),
        // Alice's shop is most of the code: legacy is one abandoned part, not the whole.
        commit(ALICE, last, &[("shop/__init__.py", ""), ("shop/cli.py", &lines(400, "cli"))]),
        active(ALICE, last),
    ])
}

#[test]
fn component_whose_authors_left_over_a_year_ago_is_abandoned() {
    // 366 days between Carol's last commit and the newest one.
    let repo = legacy_by_carol("2024-01-02");
    let report = audit(repo.path(), &[]);
    let r = risk(&report, "abandoned-code", "abandoned-code:legacy");
    assert_eq!(r["evidence"]["code_lines"], 300);
    assert_eq!(r["evidence"]["files"], 2);
    assert_eq!(r["score"], 45, "45 + 25 * 300/20000");
    assert_eq!(r["audience"], "leadership");
}

#[test]
fn component_whose_author_committed_a_year_ago_is_not_abandoned() {
    // Exactly 365 days: Carol is still active.
    let repo = legacy_by_carol("2024-01-01");
    let report = audit(repo.path(), &[]);
    no_risk(&report, "abandoned-code");
    assert_eq!(row(&report["people"], "authors", "name", "Carol Old")["active"], true);
    assert_eq!(
        row(&report, "components", "id", "legacy")["active_authors"],
        serde_json::json!(["Carol Old"])
    );
}

// --- dead-code ------------------------------------------------------------------------------

/// `app/main.py` imports `app/used.py`, and `app/unused.py` unless `import_both` is false.
fn app_with_unused(import_both: bool) -> String {
    let second = if import_both { "from app.unused import spare\n" } else { "" };
    format!(
        "//- app/__init__.py\n//- app/main.py\nfrom app.used import helper\n{second}\n\ndef run():\n    return helper()\n\
         //- app/used.py\ndef helper():\n    return 1\n\
         //- app/unused.py\ndef spare():\n    return 2\n"
    )
}

#[test]
fn module_nothing_imports_is_dead_code() {
    let report = audit_tree(&app_with_unused(false));
    let r = risk(&report, "dead-code", "dead-code:repository");
    assert_eq!(r["evidence"]["files"], 1);
    assert_eq!(r["locations"], serde_json::json!([{"path": "app/unused.py"}]));
    assert_eq!(r["score"], 15, "15 + 20 * 1/50");
}

#[test]
fn module_one_entry_point_imports_is_not_dead_code() {
    let report = audit_tree(&app_with_unused(true));
    no_risk(&report, "dead-code");
    assert_eq!(row(&report, "files", "path", "app/unused.py")["fan_in"], 1);
}

#[test]
fn a_module_loaded_by_name_is_not_dead_code() {
    // A worker started by its path, a plugin named in a string, a script the docs run.
    let fixture = "//- app/__init__.py\n//- app/main.py\nimport os\n\n\ndef start():\n    return os.path.join(os.path.dirname(__file__), 'worker.py')\n\
                   //- app/worker.py\nX = 1\n\
                   //- app/plugins.py\nY = 1\n\
                   //- app/unused.py\nZ = 1\n\
                   //- docs/deploy.rst\nRun ``gunicorn -k app.plugins.Worker``.\n\
                   //- app/export_check.py\nW = 1\n\
                   //- .github/workflows/ci.yml\njobs:\n  t:\n    steps:\n      - run: python3 app/export_check.py\n\
                   //- app/gen_table.py\n#!/usr/bin/python2\nV = 1\n";
    let report = audit_tree(fixture);
    let r = risk(&report, "dead-code", "dead-code:repository");
    assert_eq!(r["locations"], serde_json::json!([{"path": "app/unused.py"}]), "{r:#}");
    // A script CI runs by name is loaded by name; a script with a shebang is an entry point.
    assert_eq!(
        r["evidence"]["loaded_by_name"],
        serde_json::json!(["app/export_check.py", "app/plugins.py", "app/worker.py"])
    );
}

/// A `.github` that is a link to elsewhere is not read: what it names stays dead.
#[cfg(unix)]
#[test]
fn ci_configuration_behind_a_link_is_not_read() {
    let outside = TempDir::new().expect("tempdir");
    write(
        outside.path(),
        "workflows/ci.yml",
        "jobs:\n  t:\n    steps:\n      - run: python3 app/export_check.py\n",
    );
    let repo = TempDir::new().expect("tempdir");
    write_tree(repo.path(), "//- app/__init__.py\n//- app/main.py\nX = 1\n//- app/export_check.py\nW = 1\n");
    std::os::unix::fs::symlink(outside.path(), repo.path().join(".github")).expect("symlink");
    let report = audit(repo.path(), &[]);
    let r = risk(&report, "dead-code", "dead-code:repository");
    assert_eq!(r["locations"], serde_json::json!([{"path": "app/export_check.py"}]), "{r:#}");
}

// --- unparsed code: a warning, not a risk ----------------------------------------------------

#[test]
fn file_with_a_syntax_error_is_a_warning_not_a_risk() {
    let report = audit_tree("//- ok.py\ndef f():\n    return 1\n//- broken.py\ndef (:\n    return 1\n");
    assert!(report["risks"].as_array().expect("risks").iter().all(|r| r["kind"] != "unparsed-code"));
    let warnings: Vec<&str> =
        report["warnings"].as_array().expect("w").iter().filter_map(|w| w.as_str()).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with("broken.py: ") && w.contains("the parser could not read")),
        "{warnings:?}"
    );
    let report = audit_tree("//- ok.py\ndef f():\n    return 1\n");
    assert!(report["warnings"].as_array().expect("w").is_empty());
}

// --- secret ---------------------------------------------------------------------------------

/// An AWS access key id: `AKIA` and `n` more characters (16 make a valid one). Built from
/// pieces, so that this file never holds a whole (fake) credential.
fn aws_key(n: usize) -> String {
    ["AK", "IA", &"QWERTYUIOPASDFGH"[..n]].concat()
}

#[test]
fn aws_key_in_the_tree_is_a_secret() {
    let report = audit_tree(&format!("//- config.py\nACCOUNT = \"{}\"\n", aws_key(16)));
    let found = risks_of(&report, "secret");
    assert_eq!(found.len(), 1, "{found:#?}");
    let r = found[0];
    let fingerprint = r["evidence"]["fingerprint"].as_str().expect("fingerprint");
    assert_eq!(fingerprint.len(), 16, "{fingerprint}");
    assert_eq!(r["id"], format!("secret:config.py:{fingerprint}"));
    assert_eq!(r["evidence"]["rule"], "aws-access-key-id");
    assert_eq!(r["evidence"]["redacted"], "AKIA…");
    assert_eq!(r["locations"], serde_json::json!([{"path": "config.py", "line": 1}]));
    assert_eq!((r["score"].as_u64(), r["severity"].as_str()), (Some(90), Some("critical")));
}

#[test]
fn aws_key_one_character_short_is_not_a_secret() {
    let report = audit_tree(&format!("//- config.py\nACCOUNT = \"{}\"\n", aws_key(15)));
    no_risk(&report, "secret");
}

// --- vulnerable-dependency ------------------------------------------------------------------

const GHSA_REQUESTS: &str = r#"{"id": "GHSA-x84v-xcm2-53pg", "aliases": ["CVE-2018-18074"],
  "summary": "Insufficiently Protected Credentials in Requests", "database_specific": {"severity": "MODERATE"},
  "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.20.0"}]}]}]}"#;

/// A requirements.txt pinning `requests` to `version`, audited against an OSV record that
/// affects it below 2.20.0.
fn audit_requests(version: &str) -> Value {
    let dir = TempDir::new().expect("tempdir");
    write(dir.path(), "requirements.txt", &format!("requests=={version}\n"));
    let db = TempDir::new().expect("tempdir");
    write(db.path(), "PyPI/GHSA-x84v-xcm2-53pg.json", GHSA_REQUESTS);
    audit(dir.path(), &["--no-history", "--osv-db", db.path().to_str().expect("utf-8")])
}

#[test]
fn dependency_below_the_fixed_version_is_vulnerable() {
    let report = audit_requests("2.19.0");
    let r = risk(
        &report,
        "vulnerable-dependency",
        "vulnerable-dependency:PyPI:requests@2.19.0:GHSA-x84v-xcm2-53pg",
    );
    assert_eq!(r["evidence"]["package"], "requests 2.19.0");
    assert_eq!(r["evidence"]["fixed"], "2.20.0");
    assert_eq!(r["evidence"]["severity"], "MODERATE");
    assert_eq!(r["evidence"]["aliases"], serde_json::json!(["CVE-2018-18074"]));
    assert_eq!(r["locations"], serde_json::json!([{"path": "requirements.txt"}]));
    assert_eq!(r["score"], 60);
}

#[test]
fn dependency_at_the_fixed_version_is_not_vulnerable() {
    let report = audit_requests("2.20.0");
    no_risk(&report, "vulnerable-dependency");
}

/// Alice writes `shop` (`shop_files` small files); Bob writes `billing` and `ledger`, 300
/// lines each.
fn bob_on_two_components(shop_files: usize) -> TempDir {
    bob_on_two_components_of(shop_files, 100)
}

/// Alice writes `shop_files` files of `shop_lines` lines each; Bob 600 lines in two components.
fn bob_on_two_components_of(shop_files: usize, shop_lines: usize) -> TempDir {
    // Paths are `&'static` in `commit`: a test may leak a few short strings.
    let bodies: Vec<String> = (0..shop_files).map(|i| lines(shop_lines, &format!("m{i}"))).collect();
    let mut shop: Vec<(&'static str, &str)> = vec![("shop/__init__.py", "")];
    for (i, body) in bodies.iter().enumerate() {
        shop.push((Box::leak(format!("shop/m{i}.py").into_boxed_str()), body));
    }
    git_repo(&[
        commit(ALICE, "2024-01-01", &shop),
        commit(
            BOB,
            "2024-01-02",
            &[
                ("billing/__init__.py", ""),
                ("billing/invoice.py", &lines(150, "invoice")),
                ("billing/tax.py", &lines(150, "tax")),
                ("ledger/__init__.py", ""),
                ("ledger/book.py", &lines(150, "book")),
                ("ledger/entry.py", &lines(150, "entry")),
            ],
        ),
        active(ALICE, "2024-01-02"),
        active(BOB, "2024-01-02"),
    ])
}

/// One fact once: Bob alone on `billing` and `ledger` is one risk that names both.
#[test]
fn one_person_alone_on_two_components_is_one_risk() {
    // Alice's 8 files make her the truck factor; Bob's islands are a risk of their own.
    let repo = bob_on_two_components(8);
    let report = audit(repo.path(), &[]);
    let islands = risks_of(&report, "knowledge-island");
    assert_eq!(islands.len(), 1, "{islands:#?}");
    let r = &islands[0];
    assert_eq!(r["evidence"]["components"], "billing, ledger");
    assert_eq!(r["evidence"]["code_lines"], 600);
    assert!(
        r["title"]
            .as_str()
            .expect("title")
            .starts_with("Only Bob Jones knows 2 components now (600 lines of code)"),
        "{r:#}"
    );
    assert!(r["action"].as_str().expect("action").contains("`billing` and `ledger`"), "{r:#}");
    assert_eq!(
        risk(&report, "low-truck-factor", "low-truck-factor:repository")["evidence"]["authors"][0],
        "Alice Smith"
    );
}

/// The truck factor counts files: Alice's eight two-line modules make her the truck factor,
/// while Bob, as active, knows the 600 lines that are most of the code. Losing Alice is no loss
/// of most of the code, so it is no risk (marshmallow's small modules and its core).
#[test]
fn a_truck_factor_of_small_files_is_no_risk() {
    let repo = bob_on_two_components_of(8, 2);
    let report = audit(repo.path(), &[]);
    assert_eq!(report["summary"]["current_truck_factor"], 1, "{:#}", report["summary"]);
    no_risk(&report, "low-truck-factor");
    // With Alice's files holding most of the lines, she is the risk.
    let report = audit(bob_on_two_components_of(8, 100).path(), &[]);
    risk(&report, "low-truck-factor", "low-truck-factor:repository");
}

/// Alice writes `app/core.py` on 2024-01-01, then adds a line to it daily from 2024-02-01, `n`
/// times, each commit merged by `merged_by` when given.
fn alice_grows_core(n: usize, merged_by: Option<Person>) -> Vec<Commit> {
    let mut commits =
        vec![commit(ALICE, "2024-01-01", &[("app/__init__.py", ""), ("app/core.py", &lines(40, "core"))])];
    for i in 0..n {
        let text: &'static str = Box::leak(lines(41 + i, "core").into_boxed_str());
        commits.push(Commit {
            merged_by,
            ..commit(ALICE, &format!("2024-02-{:02}", i + 1), &[("app/core.py", text)])
        });
    }
    commits
}

/// Who merges the pull requests is the first person to pair with the truck factor: Bob merges
/// every one of Alice's, though the history credits the code to her alone.
#[test]
fn the_truck_factor_names_who_merges_the_work() {
    let commits = alice_grows_core(5, Some(BOB));
    let report = audit(git_repo(&commits).path(), &[]);
    let r = risk(&report, "low-truck-factor", "low-truck-factor:repository");
    assert_eq!(r["evidence"]["authors"], serde_json::json!(["Alice Smith"]));
    assert_eq!(r["evidence"]["merging"], serde_json::json!(["Bob Jones"]));
    assert!(
        r["action"]
            .as_str()
            .expect("action")
            .starts_with("Pair Bob Jones, who merged 5 of the last year's 5 pull requests, with Alice Smith"),
        "{r:#}"
    );
}

/// Without merges to go by (squash merges record GitHub as the committer), the first person
/// to pair with the truck factor is the most active after them: Bob, with 6 of 26 commits.
#[test]
fn the_truck_factor_names_the_next_most_active_person() {
    let mut commits = alice_grows_core(19, None);
    // Bob's six commits span two and a half months; Carol's eight are one week's visit.
    for day in ["03-01", "03-15", "04-01", "04-15", "05-01", "05-15"] {
        commits.push(active(BOB, &format!("2024-{day}")));
    }
    for i in 0..8 {
        commits.push(active(CAROL, &format!("2024-05-{:02}", i + 20)));
    }
    let report = audit(git_repo(&commits).path(), &[]);
    let r = risk(&report, "low-truck-factor", "low-truck-factor:repository");
    assert_eq!(r["evidence"]["authors"], serde_json::json!(["Alice Smith"]));
    assert_eq!(r["evidence"]["next_most_active"], "Bob Jones");
    let action = r["action"].as_str().expect("action");
    assert!(
        action.starts_with("Pair Bob Jones, the most active after Alice Smith (6 of the last year's 34 commits), with Alice Smith"),
        "{r:#}"
    );
}

/// `git_repo`, with an annotated tag on the newest commit for each of `tags`: (name, tagger, day).
/// Alice commits each release; the tag's tagger is who releases.
fn tagged_repo(commits: &[Commit], tags: &[(&str, Person, &str)]) -> TempDir {
    let dir = git_repo(commits);
    for (i, (name, who, day)) in tags.iter().enumerate() {
        // Each release on a commit of its own: a commit's several tags are one release.
        let date = format!("{day}T13:00:00+00:00");
        git(dir.path(), &["commit", "-q", "--allow-empty", "-m", &format!("Release {name}")], ALICE, &date);
        git(dir.path(), &["tag", "-a", name, "-m", &format!("release {i}")], *who, &date);
    }
    dir
}

/// Bob tags every release while Alice writes the code: the releases are his gate alone.
#[test]
fn the_one_person_who_releases_is_a_gatekeeper() {
    let mut commits = alice_grows_core(19, None);
    for day in ["03-01", "03-15", "04-01", "04-15", "05-01", "05-15"] {
        commits.push(active(BOB, &format!("2024-{day}")));
    }
    let tags = [("v1.0.0", BOB, "2024-05-20"), ("v1.1.0", BOB, "2024-05-25"), ("v1.2.0", BOB, "2024-05-30")];
    let report = audit(tagged_repo(&commits, &tags).path(), &[]);
    let r = risk(&report, "gatekeeper", "gatekeeper:Bob Jones");
    assert_eq!(
        r["title"], "Only Bob Jones makes releases: Bob Jones tagged all 3 releases since 2024-05-20",
        "{r:#}"
    );
    assert_eq!(r["evidence"]["releases"], 3);
    assert_eq!(r["severity"], "medium");
    assert!(r["plain"].as_str().expect("plain").contains("fixes cannot reach users"), "{r:#}");
    // A tag without a version is no release; a second tag on a released commit is the same one.
    let dir = tagged_repo(&commits, &tags[..2]);
    git(dir.path(), &["tag", "-a", "latest", "-m", "moving"], BOB, "2024-05-31T00:00:00+00:00");
    git(dir.path(), &["tag", "-a", "v1.1.0-final", "-m", "again", "HEAD"], BOB, "2024-05-31T00:00:00+00:00");
    no_risk(&audit(dir.path(), &[]), "gatekeeper");
}

/// tokio-rs/axum: one maintainer tagged 9 of the last 10 releases, but the newest was someone
/// else's. The releases already have a second person; release candidates are no releases.
#[test]
fn no_gatekeeper_when_someone_else_made_the_newest_release() {
    let mut commits = alice_grows_core(19, None);
    for day in ["03-01", "03-15", "04-01", "04-15", "05-01", "05-15"] {
        commits.push(active(BOB, &format!("2024-{day}")));
    }
    let mut tags: Vec<(String, Person, String)> =
        (0..6).map(|i| (format!("v1.{i}.0"), BOB, format!("2024-05-{:02}", 16 + i))).collect();
    tags.push(("v1.6.0".to_owned(), CAROL, "2024-05-28".to_owned()));
    let refs: Vec<(&str, Person, &str)> = tags.iter().map(|(n, p, d)| (n.as_str(), *p, d.as_str())).collect();
    no_risk(&audit(tagged_repo(&commits, &refs).path(), &[]), "gatekeeper");
    // Bob's candidate after Carol's release is no release: the newest is still Carol's.
    let mut with_rc = refs.clone();
    with_rc.push(("v1.7.0-rc1", BOB, "2024-05-30"));
    no_risk(&audit(tagged_repo(&commits, &with_rc).path(), &[]), "gatekeeper");
    // Without Carol's release, Bob's six are the gate.
    risk(&audit(tagged_repo(&commits, &refs[..6]).path(), &[]), "gatekeeper", "gatekeeper:Bob Jones");
}

/// Bob merges ten of the eleven pull requests: a gate, though not his alone.
#[test]
fn the_one_person_who_merges_is_a_gatekeeper() {
    let mut commits = alice_grows_core(10, Some(BOB));
    commits.push(Commit { merged_by: Some(CAROL), ..active(ALICE, "2024-03-01") });
    let report = audit(git_repo(&commits).path(), &[]);
    let r = risk(&report, "gatekeeper", "gatekeeper:Bob Jones");
    assert_eq!(
        r["title"],
        "Bob Jones merges pull requests almost alone: Bob Jones merged 10 of the last year's 11 pull requests",
        "{r:#}"
    );
    assert!(r["plain"].as_str().expect("plain").contains("everyone's work waits"), "{r:#}");
}

/// When the one who releases is the truck factor too, the truck-factor risk says it: one single
/// point of failure, once.
#[test]
fn the_truck_factor_who_also_releases_is_said_once() {
    let mut commits = alice_grows_core(19, None);
    for day in ["03-01", "03-15", "04-01", "04-15", "05-01", "05-15"] {
        commits.push(active(BOB, &format!("2024-{day}")));
    }
    let tags =
        [("v1.0.0", ALICE, "2024-05-20"), ("v1.1.0", ALICE, "2024-05-25"), ("v1.2.0", ALICE, "2024-05-30")];
    let report = audit(tagged_repo(&commits, &tags).path(), &[]);
    no_risk(&report, "gatekeeper");
    let r = risk(&report, "low-truck-factor", "low-truck-factor:repository");
    let title = r["title"].as_str().expect("title");
    assert!(title.ends_with("; Alice Smith also tagged all 3 releases since 2024-05-20"), "{title}");
    assert_eq!(r["evidence"]["gatekeeper"], "Alice Smith");
    assert!(r["action"].as_str().expect("action").contains("the rights to make releases"), "{r:#}");
}

/// One fact once: when Bob is the truck factor too, his components are named in that risk.
#[test]
fn the_truck_factor_alone_on_components_is_said_once() {
    let repo = bob_on_two_components(1);
    let report = audit(repo.path(), &[]);
    no_risk(&report, "knowledge-island");
    let r = risk(&report, "low-truck-factor", "low-truck-factor:repository");
    assert_eq!(r["evidence"]["authors"], serde_json::json!(["Bob Jones"]));
    assert_eq!(r["evidence"]["sole_active_on"], serde_json::json!(["`billing` and `ledger` (Bob Jones)"]));
    assert!(
        r["action"].as_str().expect("action").starts_with("Pair others with Bob Jones, starting with"),
        "{r:#}"
    );
}
