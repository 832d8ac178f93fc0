//! `principal history` on scripted repositories with fixed dates and identities.

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

use crate::{principal, stderr, stdout};

/// Runs git in `dir` with an isolated configuration and a fixed identity and date.
pub(crate) fn git(dir: &Path, args: &[&str], who: (&str, &str), date: &str) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", who.0)
        .env("GIT_AUTHOR_EMAIL", who.1)
        .env("GIT_COMMITTER_NAME", who.0)
        .env("GIT_COMMITTER_EMAIL", who.1)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const ALICE: (&str, &str) = ("Alice Smith", "alice@example.com");
const BOB_OLD: (&str, &str) = ("bob", "bob@old.example");

const BOB: (&str, &str) = ("Bob Jones", "bob@example.com");
const BOT: (&str, &str) = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com");

pub(crate) fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

pub(crate) fn commit(dir: &Path, who: (&str, &str), day: u32, message: &str) {
    let date = format!("2024-01-{day:02}T12:00:00+00:00");
    git(dir, &["add", "-A"], who, &date);
    git(dir, &["commit", "-q", "--allow-empty", "-m", message], who, &date);
}

pub(crate) fn lines(n: usize, tag: &str) -> String {
    (0..n).map(|i| format!("x_{tag}_{i} = {i}\n")).collect()
}

/// A history with coupling, a rename, a merge, a bot, .mailmap, a binary file and an empty commit.
fn scripted() -> TempDir {
    let dir = TempDir::new().expect("tempdir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"], ALICE, "2024-01-01T00:00:00+00:00");
    write(d, "app/a.py", &lines(10, "a"));
    write(d, "app/b.py", &lines(5, "b"));
    write(d, "app/__init__.py", "");
    write(d, ".mailmap", "Bob Jones <bob@example.com> <bob@old.example>\n");
    commit(d, ALICE, 1, "start");
    for i in 0..5 {
        write(d, "app/a.py", &(lines(10, "a") + &lines(i + 1, "more")));
        write(d, "app/b.py", &(lines(5, "b") + &lines(i + 1, "more")));
        commit(d, ALICE, 2 + i as u32, "together");
    }
    git(d, &["mv", "app/b.py", "app/c.py"], ALICE, "2024-01-08T00:00:00+00:00");
    commit(d, ALICE, 8, "rename b to c");
    write(
        d,
        "app/c.py",
        &(lines(5, "b") + &lines(5, "more") + "def f(x):\n    if x:\n        return 1\n    return 2\n"),
    );
    commit(d, BOB_OLD, 9, "bob edits c under his old address");
    std::fs::write(d.join("logo.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("binary");
    commit(d, BOB, 10, "binary");
    write(d, "requirements.txt", "requests==2.0\n");
    commit(d, BOT, 11, "bump");
    commit(d, ALICE, 12, "empty");
    git(d, &["checkout", "-q", "-b", "feature"], BOB, "2024-01-13T00:00:00+00:00");
    write(d, "app/d.py", &lines(3, "d"));
    commit(d, BOB, 13, "feature");
    git(d, &["checkout", "-q", "main"], ALICE, "2024-01-14T00:00:00+00:00");
    git(d, &["merge", "-q", "--no-ff", "-m", "merge feature", "feature"], ALICE, "2024-01-14T12:00:00+00:00");
    dir
}

fn history(dir: &Path, cache: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["history", ".", "--format", "json", "--min-revs", "2", "--min-shared", "2"];
    args.extend_from_slice(extra);
    let out = principal(dir, cache, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON")
}

fn file<'a>(v: &'a Value, path: &str) -> &'a Value {
    v["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path}"))
}

#[test]
fn facts_from_a_scripted_history() {
    let repo = scripted();
    let cache = TempDir::new().expect("tempdir");
    let v = history(repo.path(), cache.path(), &[]);
    assert_eq!(v["schema"], "principal.history/2");
    assert_eq!(v["commits"], 13, "12 commits and a merge");
    assert_eq!(v["shallow"], false);

    let authors = v["authors"].as_array().expect("authors");
    let names: Vec<&str> = authors.iter().map(|a| a["name"].as_str().expect("name")).collect();
    assert_eq!(names, ["Alice Smith", "Bob Jones", "dependabot[bot]"], ".mailmap folds bob into Bob Jones");
    assert_eq!(authors[1]["commits"], 3);
    assert_eq!(authors[2]["bot"], true);
    assert_eq!(authors[0]["first"], "2024-01-01");

    // The rename is followed: c.py carries b.py's history.
    let c = file(&v, "app/c.py");
    assert_eq!(c["revisions"], 8, "created, 5 edits, the rename, Bob's edit");
    assert_eq!(c["authors"], serde_json::json!(["Alice Smith", "Bob Jones"]));
    assert_eq!(c["main_author"], "Alice Smith");
    // Alice wrote its 10 lines (5, then one at a time), Bob added the 4-line function.
    assert_eq!(
        c["line_shares"],
        serde_json::json!([{"name": "Alice Smith", "share": 0.7143}, {"name": "Bob Jones", "share": 0.2857}])
    );
    assert_eq!(c["knowers"], serde_json::json!(["Alice Smith", "Bob Jones"]));
    let a = file(&v, "app/a.py");
    assert_eq!(a["revisions"], 6);
    assert_eq!(a["added"], 15, "10 lines, then one more line five times");
    assert_eq!(a["deleted"], 0);
    assert_eq!(a["age_days"], 8, "last changed on the 6th; the newest commit is from the 14th");
    assert_eq!(file(&v, "logo.png")["added"], 0, "binary: changed, no lines");
    assert_eq!(file(&v, "logo.png")["revisions"], 1);
    assert!(
        file(&v, "requirements.txt")["authors"].as_array().expect("authors").is_empty(),
        "bots own nothing"
    );
    assert_eq!(file(&v, "app/d.py")["revisions"], 1, "a merge adds no changes of its own");

    // a.py and c.py changed together 6 times (creation + 5).
    let pair = v["coupling"]
        .as_array()
        .expect("coupling")
        .iter()
        .find(|p| p["a"] == "app/a.py" && p["b"] == "app/c.py")
        .expect("a.py <-> c.py");
    assert_eq!(pair["shared"], 6);
    assert_eq!((pair["revs_a"].as_u64(), pair["revs_b"].as_u64()), (Some(6), Some(8)));
    assert_eq!(pair["degree"], 0.8571);
    assert_eq!(pair["explained_by_import"], false);

    assert_eq!(v["hotspots"][0]["path"], "app/c.py", "the only file with functions that changed");
    assert_eq!(v["hotspots"][0]["complexity"], 2);
    assert_eq!(v["truck_factor"]["value"], 1);
    assert_eq!(v["truck_factor"]["authors"], serde_json::json!(["Alice Smith"]));
    assert_eq!(v["activity"][0]["month"], "2024-01");
    assert_eq!(v["activity"][0]["commits"], 13);
}

#[test]
fn line_counts_equal_git_numstat() {
    let repo = scripted();
    let cache = TempDir::new().expect("tempdir");
    let v = history(repo.path(), cache.path(), &["--no-renames"]);
    // Sum git's own numstat per path.
    let log = git(
        repo.path(),
        &["log", "--numstat", "--no-renames", "--format="],
        ALICE,
        "2024-02-01T00:00:00+00:00",
    );
    let mut sums: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    for line in log.lines().filter(|l| !l.is_empty()) {
        let mut p = line.split('\t');
        let (add, del, path) =
            (p.next().expect("added"), p.next().expect("deleted"), p.next().expect("path"));
        let e = sums.entry(path.to_owned()).or_default();
        e.0 += add.parse::<u64>().unwrap_or(0);
        e.1 += del.parse::<u64>().unwrap_or(0);
    }
    for f in v["files"].as_array().expect("files") {
        let path = f["path"].as_str().expect("path");
        let (add, del) = sums.get(path).copied().unwrap_or_default();
        assert_eq!((f["added"].as_u64(), f["deleted"].as_u64()), (Some(add), Some(del)), "{path}");
    }
    assert_eq!(file(&v, "app/c.py")["revisions"], 2, "without renames, c.py starts at the rename");
}

#[test]
fn options_cache_and_knowledge_loss() {
    let repo = scripted();
    let cache = TempDir::new().expect("tempdir");
    let cold = principal(repo.path(), cache.path(), &["history", "--format", "json"]);
    let warm = principal(repo.path(), cache.path(), &["history", "--format", "json"]);
    assert_eq!(stdout(&cold), stdout(&warm), "the cache changes nothing");

    let v = history(repo.path(), cache.path(), &["--since", "2024-01-09", "--until", "2024-01-10"]);
    assert_eq!(v["commits"], 2);
    let v = history(repo.path(), cache.path(), &["--diff-merges"]);
    assert_eq!(v["commits"], 13);
    let v = history(repo.path(), cache.path(), &["--first-parent"]);
    assert_eq!(
        v["commits"], 12,
        "the feature commit is not on the first-parent line, whatever the cache holds"
    );
    assert_eq!(file(&v, "app/d.py")["revisions"], 1, "with --first-parent the merge brings d.py");
    let v = history(repo.path(), cache.path(), &["--bot", "alice"]);
    assert_eq!(v["authors"][0]["bot"], true);

    let v = history(repo.path(), cache.path(), &["--if-leaves", "Alice Smith"]);
    let lost = v["knowledge_loss"]["files"].as_array().expect("files");
    assert!(lost.iter().any(|f| f == "app/a.py"));
    assert!(!lost.iter().any(|f| f == "app/d.py"), "Bob wrote d.py");

    let text = stdout(&principal(repo.path(), cache.path(), &["history", "--if-leaves", "Alice Smith"]));
    assert!(text.contains("Truck factor: 1  (Alice Smith)"), "{text}");
    assert!(text.contains("Knowledge loss if Alice Smith leave"), "{text}");
}

#[test]
fn shallow_empty_and_missing_repositories() {
    let repo = scripted();
    let cache = TempDir::new().expect("tempdir");
    let clone = TempDir::new().expect("tempdir");
    let url = format!("file://{}", repo.path().display());
    git(clone.path(), &["clone", "-q", "--depth", "2", &url, "c"], ALICE, "2024-02-01T00:00:00+00:00");
    let out = principal(&clone.path().join("c"), cache.path(), &["history", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(v["shallow"], true);
    assert!(stderr(&out).contains("shallow clone"), "{}", stderr(&out));

    let empty = TempDir::new().expect("tempdir");
    git(empty.path(), &["init", "-q"], ALICE, "2024-01-01T00:00:00+00:00");
    let out = principal(empty.path(), cache.path(), &["history"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no commits yet"), "{}", stderr(&out));

    let plain = TempDir::new().expect("tempdir");
    let out = principal(plain.path(), cache.path(), &["history"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a git repository"), "{}", stderr(&out));

    let out = principal(repo.path(), cache.path(), &["history", "--rev", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such-branch"), "{}", stderr(&out));

    let out = principal(repo.path(), cache.path(), &["history", "--since", "last tuesday"]);
    assert_eq!(out.status.code(), Some(2));
}

/// A commit git's fsck rejects (an invalid date) is left out with a warning; the commits
/// before and after it stay, and the audit keeps its history.
#[test]
fn history_survives_a_commit_with_an_invalid_date() {
    let dir = TempDir::new().expect("tempdir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"], ALICE, "2024-01-01T00:00:00+00:00");
    write(d, "a.py", "x = 1\n");
    commit(d, ALICE, 1, "one");
    let tree = git(d, &["rev-parse", "HEAD^{tree}"], ALICE, "2024-01-02T00:00:00+00:00");
    let parent = git(d, &["rev-parse", "HEAD"], ALICE, "2024-01-02T00:00:00+00:00");
    let raw = format!(
        "tree {}\nparent {}\nauthor A <a@b> notadate +0000\ncommitter A <a@b> notadate +0000\n\nbad\n",
        tree.trim(),
        parent.trim()
    );
    std::fs::write(d.join(".git/bad-commit"), raw).expect("write");
    let bad = git(
        d,
        &["hash-object", "-t", "commit", "-w", "--literally", ".git/bad-commit"],
        ALICE,
        "2024-01-02T00:00:00+00:00",
    );
    write(d, "b.py", "y = 2\n");
    git(d, &["add", "-A"], ALICE, "2024-01-03T00:00:00+00:00");
    let tree2 = git(d, &["write-tree"], ALICE, "2024-01-03T00:00:00+00:00");
    let top = git(
        d,
        &["commit-tree", tree2.trim(), "-p", bad.trim(), "-m", "three"],
        ALICE,
        "2024-01-03T00:00:00+00:00",
    );
    git(d, &["reset", "-q", "--hard", top.trim()], ALICE, "2024-01-03T00:00:00+00:00");

    let cache = TempDir::new().expect("tempdir");
    let o = principal(d, cache.path(), &["history", ".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("history partial: 1 objects unreadable"), "{}", stderr(&o));
    let h: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(h["commits"], 2);
    assert_eq!(h["unreadable_objects"][0], bad.trim());

    let out = TempDir::new().expect("tempdir");
    let out_dir = out.path().to_str().expect("utf-8");
    let o = principal(d, cache.path(), &["audit", ".", "--out", out_dir]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).expect("read"))
            .expect("json");
    assert_eq!(report["repository"]["unreadable_objects"], 1);
    assert_eq!(report["summary"]["commits"], 2, "the audit keeps the history it could read");
}

/// A reformatting listed in `.git-blame-ignore-revs` takes no lines over and is no change to
/// work on: Alice keeps her file, and Bob, who only reformatted it, does not know it.
#[test]
fn a_listed_reformat_moves_no_knowledge() {
    let dir = TempDir::new().expect("tempdir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"], ALICE, "2024-01-01T00:00:00+00:00");
    write(d, "app/core.py", &lines(20, "core"));
    commit(d, ALICE, 1, "start");
    write(d, "app/core.py", &lines(20, "core").replace("x_", "v_"));
    commit(d, BOB, 2, "Tidy the module");
    let sweep = git(d, &["rev-parse", "HEAD"], BOB, "2024-01-02T12:00:00+00:00").trim().to_owned();
    let cache = TempDir::new().expect("tempdir");
    let before = history(d, cache.path(), &[]);
    let core = file(&before, "app/core.py");
    assert_eq!(core["line_shares"], serde_json::json!([{"name": "Bob Jones", "share": 1.0}]));

    write(d, ".git-blame-ignore-revs", &format!("# formatting\n{sweep}\n"));
    commit(d, ALICE, 3, "ignore the tidy in blame");
    let after = history(d, cache.path(), &[]);
    let core = file(&after, "app/core.py");
    assert_eq!(core["line_shares"], serde_json::json!([{"name": "Alice Smith", "share": 1.0}]));
    assert_eq!(core["knowers"], serde_json::json!(["Alice Smith"]));
    assert_eq!((core["recent_revisions"].as_u64(), core["recent_mechanical"].as_u64()), (Some(2), Some(1)));

    // A reindent is mechanical by itself, listed or not.
    write(d, "app/core.py", &lines(20, "core").replace("x_", "v_").replace(" = ", "  =  "));
    commit(d, BOB, 4, "Align the assignments");
    let reindented = history(d, cache.path(), &[]);
    let core = file(&reindented, "app/core.py");
    assert_eq!(core["line_shares"], serde_json::json!([{"name": "Alice Smith", "share": 1.0}]));
    assert_eq!(core["recent_mechanical"], 2);
}
