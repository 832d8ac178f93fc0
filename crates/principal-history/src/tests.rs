use principal_model::{Commit, Committer, FileChange, Person};

use super::*;

fn person(name: &str) -> Person {
    Person { name: name.to_owned(), email: format!("{}@example.com", name.to_lowercase()) }
}

/// A commit touching `paths` (`+path` creates it, `old>new` renames), `day` days after epoch.
fn commit(id: &str, author: &str, day: i64, paths: &[&str]) -> Commit {
    let changes = paths
        .iter()
        .map(|p| {
            let created = p.starts_with('+');
            let p = p.trim_start_matches('+');
            let (old, new) = match p.split_once('>') {
                Some((o, n)) => (Some(o.to_owned()), n.to_owned()),
                None => (None, p.to_owned()),
            };
            FileChange {
                path: new,
                old_path: old,
                added: 10,
                deleted: 2,
                binary: false,
                created,
                deleted_file: false,
                layout_only: false,
            }
        })
        .collect();
    Commit {
        id: id.to_owned(),
        author: person(author),
        time: day * 86_400,
        parents: 1,
        subject: String::new(),
        changes,
        committer: None,
    }
}

fn present(paths: &[(&str, &str)]) -> Vec<PresentFile> {
    paths
        .iter()
        .map(|(p, c)| PresentFile {
            path: (*p).to_owned(),
            complexity: 10,
            component: (*c).to_owned(),
            knowledge: true,
            source: true,
            code_lines: 10,
        })
        .collect()
}

#[test]
fn doa_formula() {
    assert!((doa(true, 1, 0) - 4.555).abs() < 1e-9);
    assert!((doa(false, 0, 0) - 3.293).abs() < 1e-9);
    assert!((doa(false, 2, 3) - (3.293 + 0.328 - 0.321 * 4f64.ln())).abs() < 1e-9);
}

#[test]
fn coupling_counts_and_thresholds() {
    // Newest first. a and b change together 6 times; a once more alone; c with a only 2 times.
    let mut commits = Vec::new();
    for i in 0..6 {
        commits.push(commit(&format!("ab{i}"), "Alice", 100 - i, &["a.py", "b.py"]));
    }
    commits.push(commit("a", "Alice", 50, &["a.py"]));
    commits.push(commit("ac1", "Bob", 40, &["a.py", "c.py"]));
    commits.push(commit("ac0", "Bob", 30, &["+a.py", "+c.py", "+b.py"]));
    let files = present(&[("a.py", "x"), ("b.py", "y"), ("c.py", "x")]);
    let r = analyze(&commits, &files, &|a, b| (a, b) == ("a.py", "b.py"), &Config::default());
    assert_eq!(r.commits, 9);
    assert_eq!(r.coupling.len(), 1, "{:?}", r.coupling);
    let c = &r.coupling[0];
    assert_eq!((c.a.as_str(), c.b.as_str(), c.shared, c.revs_a, c.revs_b), ("a.py", "b.py", 7, 9, 7));
    assert!((c.degree - 7.0 / 8.0).abs() < 1e-9);
    assert!(c.explained_by_import);
    assert!(c.cross_component);
    assert_eq!(r.files[0].revisions, 9);
    assert_eq!(r.hotspots[0].path, "a.py");
    assert!((r.hotspots[0].score - 1.0).abs() < 1e-9);

    // A change set larger than the maximum is left out of coupling.
    let cfg = Config { max_changeset: 1, ..Config::default() };
    assert!(analyze(&commits, &files, &|_, _| false, &cfg).coupling.is_empty());
}

#[test]
fn renames_are_followed_and_ownership_measured() {
    let commits = vec![
        commit("3", "Bob", 30, &["new.rs"]),
        commit("2", "Alice", 20, &["old.rs>new.rs"]),
        commit("1", "Alice", 10, &["+old.rs"]),
    ];
    let r = analyze(&commits, &present(&[("new.rs", "c")]), &|_, _| false, &Config::default());
    let f = &r.files[0];
    assert_eq!(f.revisions, 3, "history before the rename counts");
    assert_eq!(f.authors, ["Alice", "Bob"]);
    assert_eq!(f.main_author.as_deref(), Some("Alice"));
    assert!((f.ownership - 20.0 / 30.0).abs() < 1e-9);
    assert!((f.fragmentation - (1.0 - (4.0 / 9.0 + 1.0 / 9.0))).abs() < 1e-9);
    assert_eq!(f.age_days, 0);
    // The creating commit is first authorship only. Alice: FA, 1 later change, 1 by others ->
    // 3.293 + 1.098 + 0.164 - 0.321 ln 2 = 4.33; Bob: 1 change, 1 by others (the creation is not
    // counted) -> 3.293 + 0.164 - 0.321 ln 2 = 3.23 < 3.293.
    assert_eq!(f.doa_authors, ["Alice"]);
}

#[test]
fn truck_factor_bots_islands_and_loss() {
    // Alice owns f1..f3, Bob owns f4..f5, Carol f6; a bot touches everything.
    let mut commits = Vec::new();
    let owners =
        [("Alice", "f1"), ("Alice", "f2"), ("Alice", "f3"), ("Bob", "f4"), ("Bob", "f5"), ("Carol", "f6")];
    let mut day = 1000;
    let all: Vec<String> = owners.iter().map(|(_, f)| format!("{f}.go")).collect();
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    commits.push(commit("bot", "dependabot[bot]", day + 1, &refs));
    // Carol's second change keeps her active (one commit in a window is a drive-by).
    commits.push(commit("Carol2", "Carol", day, &["f6.go"]));
    for (who, f) in owners {
        day -= 1;
        commits.push(commit(&format!("{who}{f}"), who, day, &[&format!("+{f}.go")]));
    }
    let files: Vec<(&str, &str)> =
        refs.iter().map(|p| (*p, if p.starts_with("f6") { "ops" } else { "core" })).collect();
    let cfg = Config { if_leaves: vec!["Alice".to_owned()], ..Config::default() };
    let r = analyze(&commits, &present(&files), &|_, _| false, &cfg);
    assert!(r.authors.iter().any(|a| a.name == "dependabot[bot]" && a.bot));
    assert!(r.files.iter().all(|f| !f.authors.iter().any(|a| a.contains("bot"))));
    // Removing Alice orphans 3 of 6 (not more than half); Bob makes it 5 of 6.
    assert_eq!(r.truck_factor.value, 2);
    assert_eq!(r.truck_factor.authors, ["Alice", "Bob"]);
    assert_eq!(r.knowledge_islands.len(), 6);
    let ops = r.components.iter().find(|c| c.id == "ops").expect("ops");
    assert!(ops.knowledge_island);
    assert_eq!(ops.truck_factor.value, 1);
    let loss = r.knowledge_loss.expect("asked");
    assert_eq!(loss.files, ["f1.go", "f2.go", "f3.go"]);
    assert_eq!(loss.components, ["core"], "3 of its 5 files lose every author");
}

#[test]
fn calendar() {
    assert_eq!(month_of(0), "1970-01");
    assert_eq!(date_of(1_700_000_000), "2023-11-14");
    assert_eq!(date_of(951_782_400), "2000-02-29");
    assert_eq!(month_of(-1), "1969-12");
}

#[test]
fn creation_is_first_authorship_only_and_unknown_files_are_orphans() {
    // Alice creates two files, Bob edits both once: both are authors of both (reference rules:
    // Alice 3.293 + 1.098 - 0.321 ln 2 = 4.17; Bob 3.293 + 0.164 = 3.457).
    let commits =
        vec![commit("2", "Bob", 20, &["a.py", "b.py"]), commit("1", "Alice", 10, &["+a.py", "+b.py"])];
    let r = analyze(&commits, &present(&[("a.py", "c"), ("b.py", "c")]), &|_, _| false, &Config::default());
    assert_eq!(r.files[0].doa_authors, ["Alice", "Bob"]);
    assert_eq!(r.truck_factor.value, 2);

    // A file 51 people touched once after Alice created it has no author, and counts as orphaned.
    let mut commits: Vec<Commit> =
        (0..51).map(|i| commit(&format!("e{i}"), &format!("P{i:02}"), 100 - i, &["a.txt"])).collect();
    commits.push(commit("g", "Carol", 10, &["+g.txt"]));
    commits.push(commit("a", "Alice", 5, &["+a.txt"]));
    let r = analyze(&commits, &present(&[("a.txt", "c"), ("g.txt", "c")]), &|_, _| false, &Config::default());
    assert!(r.files[0].doa_authors.is_empty());
    assert_eq!(r.truck_factor.value, 1, "a.txt is orphaned already; removing Carol orphans g.txt");
}

#[test]
fn one_person_per_email() {
    let mut a = commit("1", "Brad Dunbar", 10, &["a.py"]);
    let mut b = commit("2", "brad dunbar", 11, &["a.py"]);
    let mut c = commit("3", "Brad Dunbar", 12, &["a.py"]);
    for x in [&mut a, &mut b, &mut c] {
        x.author.email = "Brad@Example.com".to_owned();
    }
    b.author.email = "brad@example.com".to_owned();
    let r = analyze(&[c, b, a], &present(&[("a.py", "c")]), &|_, _| false, &Config::default());
    assert_eq!(r.authors.len(), 1);
    assert_eq!(r.authors[0].name, "Brad Dunbar");
    assert_eq!(r.authors[0].commits, 3);
}

/// People are joined across addresses and spellings (a union-find over both): "Mitch.Garnaat"
/// at one address and "Mitch Garnaat" at another are one person, and so are two names at one
/// address; an address shared by many names joins nobody.
#[test]
fn people_are_joined_across_addresses_and_spellings() {
    let at = |id: &str, name: &str, email: &str, day: i64| {
        let mut c = commit(id, name, day, &["a.py"]);
        c.author.email = email.to_owned();
        c
    };
    let commits = vec![
        at("1", "Mitch Garnaat", "mitch@new.example", 10),
        at("2", "Mitch Garnaat", "mitch@new.example", 9),
        at("3", "Mitch.Garnaat", "mgarnaat@svn.example", 8),
        at("4", "geemus", "wes@example.com", 7),
        at("5", "Wesley Beary", "wes@example.com", 6),
        at("6", "Wesley Beary", "wesley@other.example", 5),
        at("7", "Ann", "none@none", 4),
        at("8", "Bea", "none@none", 3),
        at("9", "Cid", "none@none", 2),
        at("10", "Dee", "none@none", 1),
        // Five spellings at one address, each sharing a word with another or the login: one person.
        at("11", "rick", "technoweenie@gmail.com", 1),
        at("12", "rick olson", "technoweenie@gmail.com", 1),
        at("13", "risk danger olson", "technoweenie@gmail.com", 1),
        at("14", "risk", "technoweenie@gmail.com", 1),
        at("15", "technoweenie", "technoweenie@gmail.com", 1),
        at("16", "rick", "technoweenie@gmail.com", 1),
        // A name, its short form, its mis-decoded UTF-8 and a handle at one address (Slim).
        at("17", "Pierre Bérubé", "pierre@lgse.com", 1),
        at("18", "Pierre Bérubé", "pierre@lgse.com", 1),
        at("19", "Pierre B", "pierre@lgse.com", 1),
        at("20", "Pierre BÃ©rubÃ©", "pierre@lgse.com", 1),
        at("21", "l0gicgate", "pierre@lgse.com", 1),
    ];
    let r = analyze(&commits, &present(&[("a.py", "c")]), &|_, _| false, &Config::default());
    let names: Vec<(&str, u32)> = r.authors.iter().map(|a| (a.name.as_str(), a.commits)).collect();
    assert!(names.contains(&("Mitch Garnaat", 3)), "{names:?}");
    assert!(names.contains(&("Wesley Beary", 3)), "geemus and Wesley Beary share an address: {names:?}");
    assert!(names.contains(&("rick", 6)), "one person's spellings at one address: {names:?}");
    assert!(names.contains(&("Pierre Bérubé", 5)), "mojibake and a handle: {names:?}");
    assert_eq!(unmangled("Pierre BÃ©rubÃ©"), "Pierre Bérubé");
    assert_eq!(unmangled("Zoë"), "Zoë");
    for n in ["Ann", "Bea", "Cid", "Dee"] {
        assert!(names.contains(&(n, 1)), "a shared address joins nobody: {names:?}");
    }
}

/// The truck factor counts source and tests, not documentation or data (Avelino et al.).
#[test]
fn the_truck_factor_leaves_docs_and_data_out() {
    let mut files = present(&[("src/a.py", "src"), ("docs/x.md", "docs"), ("fixtures/y.json", "src")]);
    files[1].knowledge = false;
    files[2].knowledge = false;
    let commits = vec![
        commit("3", "Bob", 12, &["+docs/x.md", "+fixtures/y.json"]),
        commit("1", "Alice", 10, &["+src/a.py"]),
    ];
    let r = analyze(&commits, &files, &|_, _| false, &Config::default());
    assert_eq!(r.truck_factor.authors, ["Alice"], "Bob authored only docs and data");
}

#[test]
fn mechanical_commits_by_subject_and_size() {
    for s in [
        "Release 2.1.0",
        "zlib 1.3.1",
        "v4.0.0 (#1234)",
        "Bump version to 1.2",
        "Prepare for 3.0 release",
        "style: apply prettier",
        "chore(deps): update rust crate serde",
        "Run black and isort",
        "Fix typos in comments",
        "Reformat with ruff",
        "cargo fmt",
        "Fix clippy lints",
        "Update copyright year",
        "Javadoc",
        "Sort members",
        "unix: fix compiler warning",
        "Fix -Wsign-compare warnings",
        "Revert \"Add the fast path\"",
        "Drop Python 3.8",
        "Add type hints to the config module",
    ] {
        assert!(mechanical(s, 3, 30).is_some(), "{s}");
    }
    for s in [
        "Fix 2.0 regression in the parser",
        "chore: switch Runnable, Hook, and Test from util.inherits to ES2015 classes",
        "Add format_replace for nested formats",
        "Support Python 3.12 in the type checker",
        "Refactor the lexer",
        "fmt: print maps sorted",
        "",
    ] {
        assert!(mechanical(s, 3, 30).is_none(), "{s}");
    }
    assert_eq!(mechanical("Rename the API", 31, 30), Some("sweep"));
    // A fix of 32 files is work on each (Alamofire's #4030); a fix of 91 is a sweep.
    assert_eq!(mechanical("Stabilize CI And Fix Bugs (#4030)", 32, 30), None);
    assert_eq!(mechanical("Fix a crash in the retrier", 91, 30), Some("sweep"));
}

#[test]
fn defect_fixes_by_subject() {
    for s in [
        "Fix leak in json_object_put under NDEBUG",
        "fix(parser): handle empty input",
        "fix!: reject leading zeros",
        "fix: add the missing bounds check",
        "fix: support for empty input crashes the parser",
        "Fixes #934",
        "uv: fixed a crash on shutdown",
        "Avoid integer overflow in reserve_inner",
        "Release shared reference on zero truncate: memory leak",
        "Merge commit from fork",
        "Merge pull request #12 from someone/fix-socket-close",
        "Prevent a deadlock when the pool is empty",
        "CVE-2024-1234: bound the header length",
        "Wrong return value from json_object_put",
        "hotfix: restore the old default",
        "Fix crash on Windows when the handle is closed",
        "Fix data race due concurrent write to event_debug_mode_too_late",
        "Fix broken pipe waker",
        "fix: update the parser for empty input",
        "fix(docs): crash when the docs folder is empty",
        "Fixes #2401: wrong default for the timeout",
        "Fix wrong result of build_query on empty input",
        "Fix TypeError when headers is None",
        "fix type confusion crash in the decoder",
    ] {
        assert!(defect_fix(s), "{s}");
    }
    for s in [
        "Fix typo in the README",
        "fix tests on Windows",
        "Fix the CI workflow",
        "Fix some lint",
        "docs: fix broken link",
        "test: fix flaky leak test",
        "feat: add a fix-up helper",
        "Add the prefix option",
        "Merge pull request #13 from someone/fix-docs",
        "Refactor the lexer",
        "Fix NetBSD build error due to UData type mismatched (#1923)",
        "Fix -Wuninitialized-const-pointer for evwatch_check_cb_info",
        "fix hermit",
        "Fixes for horizonOS/n3ds",
        "Fix broken build on FreeBSD",
        "Fix compiler warnings",
        "Fixes #3536 : Implement SpyStatic API (#3794)",
        "chore: add jspecify with minimal change. Fixes #3503",
        "fix(require): correct CollectT references in comments",
        "require: fix godoc generation for assertions returning a bool",
        // A redesign filed as a fix (urfave/cli).
        "fix: implement shell names as subcommands of completion command",
        "fix(build): compile on NetBSD again",
        // Type annotations (requests, rich).
        "sessions: fix hooks type",
        "typing fix",
        "fix: correct the return annotation of get",
        "",
    ] {
        assert!(!defect_fix(s), "{s}");
    }
}

#[test]
fn recent_fixes_count_work_that_fixes_defects() {
    let files = present(&[("src/a.py", "src")]);
    let with = |subject: &str, c: Commit| Commit { subject: subject.to_owned(), ..c };
    let commits = vec![
        with("Fix a crash on empty input", commit("4", "Alice", 40, &["src/a.py"])),
        with("Fix typos", commit("3", "Alice", 30, &["src/a.py"])),
        with("Add the fast path", commit("2", "Alice", 20, &["src/a.py"])),
        with("fix: leak in the pool", commit("1", "Alice", 10, &["+src/a.py"])),
    ];
    let r = analyze(&commits, &files, &|_, _| false, &Config::default());
    let f = &r.files[0];
    // The typo commit is mechanical, not a fix; the other two fixes are.
    assert_eq!((f.recent_revisions, f.recent_mechanical, f.recent_fixes), (4, 1, 2));
    assert_eq!(r.hotspots[0].recent_fixes, 2);
}

#[test]
fn ignore_revs_file() {
    let id = "0123456789abcdef0123456789abcdef01234567";
    let text = format!("# Formatting\n{}  # black\n\nnot-an-id\n{}\n", id.to_uppercase(), &id[..12]);
    assert_eq!(parse_ignore_revs(&text).into_iter().collect::<Vec<_>>(), [id]);
}

/// An edit: `author`, lines added and deleted, created, mechanical.
fn edit(author: u32, added: u32, deleted: u32, created: bool, mechanical: bool) -> Edit {
    Edit { author, added, deleted, created, mechanical }
}

#[test]
fn line_shares_replay() {
    // 0 writes 100; 1 deletes 50 of them and adds 50; 2 reformats everything.
    let edits = [edit(0, 100, 0, true, false), edit(1, 50, 50, false, false), edit(2, 100, 100, false, true)];
    let shares = line_shares(&edits, 3);
    assert_eq!(shares.len(), 2, "the reformat takes nothing: {shares:?}");
    assert_eq!(shares[0].0, 0);
    assert!((shares[0].1 - 0.5).abs() < 1e-9 && (shares[1].1 - 0.5).abs() < 1e-9, "{shares:?}");
    // Deletions come out of everyone's lines in proportion: 50/50, then 1 deletes 40 of 100.
    let shares = line_shares(&[edits[0], edits[1], edit(1, 0, 40, false, false)], 3);
    assert!((shares[0].1 - 0.5).abs() < 1e-9, "proportional: {shares:?}");
    // Re-creation starts over.
    let shares = line_shares(&[edits[0], edit(1, 10, 0, true, false)], 3);
    assert_eq!(shares, vec![(1, 1.0)]);
    assert!(line_shares(&[], 3).is_empty());
}

#[test]
fn a_github_login_joins_its_name() {
    let mut a = commit("1", "x", 10, &["+a.py"]);
    a.author = Person { name: "sharkdp".into(), email: "davidpeter@web.de".into() };
    let mut b = commit("2", "x", 11, &["a.py"]);
    b.author = Person { name: "David Peter".into(), email: "12345+sharkdp@users.noreply.github.com".into() };
    let r = analyze(&[b, a], &present(&[("a.py", "app")]), &|_, _| false, &Config::default());
    assert_eq!(r.authors.len(), 1, "{:?}", r.authors);
    assert_eq!(r.authors[0].commits, 2);
}

/// Who knows a file now: not its departed creator; an active person with a fifth of its
/// lines or a change in the last year.
#[test]
fn knowers_and_the_current_truck_factor() {
    // Newest first. Carol made two changes last year; Alice wrote everything in year 0 and left;
    // Dan made one drive-by change, which makes no one active.
    let day = |years: f64| (years * 365.25) as i64;
    let commits = vec![
        commit("c", "Carol", day(5.0), &["a.py"]),
        commit("d", "Dan", day(4.95), &["z.py"]),
        commit("c2", "Carol", day(4.95), &["NOTES.md"]),
        commit("b2", "Bob", day(4.9), &["+z.py"]),
        commit("b1", "Bob", day(4.8), &["+NOTES.md"]),
        commit("a2", "Alice", day(0.1), &["a.py"]),
        commit("a", "Alice", day(0.0), &["+a.py", "+b.py", "+c.py"]),
    ];
    let files = present(&[("a.py", "app"), ("b.py", "app"), ("c.py", "app"), ("z.py", "other")]);
    let r = analyze(&commits, &files, &|_, _| false, &Config::default());
    let f = |p: &str| r.files.iter().find(|f| f.path == p).expect("file");
    assert_eq!(f("a.py").doa_authors, ["Alice"], "by authorship, still Alice's");
    assert_eq!(f("a.py").knowers, ["Carol"], "Alice is gone; Carol changed it last year");
    assert!(f("b.py").knowers.is_empty());
    assert_eq!(f("z.py").knowers, ["Bob"], "Dan's one commit makes him no knower");
    assert!(!r.authors.iter().find(|a| a.name == "Dan").expect("Dan").active);
    assert_eq!(r.truck_factor.authors, ["Alice"]);
    // b.py and c.py (2 of 4 files with authors) nobody knows: they are reported apart, and the
    // current truck factor counts the known ones, a.py (Carol) and z.py (Bob): both must go.
    assert_eq!((r.orphaned_files, r.counted_files), (2, 4));
    assert_eq!(r.current_truck_factor.value, 2);
    assert!(knows(true, false, 0.2, 0, 0) && knows(true, false, 0.0, 2, 0) && knows(true, true, 0.0, 0, 0));
    assert!(knows(true, false, 0.0, 0, 5), "a record of five changes");
    assert!(!knows(false, true, 1.0, 5, 9) && !knows(true, false, 0.19, 1, 4));
}

/// A maintainer who applies others' patches is active, though the commits carry the
/// contributors' names.
#[test]
fn committing_others_work_keeps_a_maintainer_active() {
    let by = |c: Commit, name: &str, day: i64| Commit {
        committer: Some(Committer { person: person(name), time: day * 86_400 }),
        ..c
    };
    let commits = vec![
        by(commit("p2", "Pat", 1000, &["a.py"]), "Mo", 1000),
        by(commit("p1", "Pat", 990, &["b.py"]), "Mo", 995),
        by(commit("q", "Quinn", 980, &["a.py"]), "GitHub", 980),
        commit("m", "Mo", 100, &["+a.py", "+b.py"]),
    ];
    let files = present(&[("a.py", "app"), ("b.py", "app")]);
    let r = analyze(&commits, &files, &|_, _| false, &Config::default());
    let active = |who: &str| r.authors.iter().find(|a| a.name == who).expect("author").active;
    assert!(active("Mo"), "Mo committed two of Pat's patches this year");
    assert!(active("Pat"));
    assert!(!active("Quinn"), "one commit, whoever committed it");
    assert!(r.files.iter().find(|f| f.path == "b.py").expect("b.py").knowers.contains(&"Mo".to_owned()));
    // By authorship alone, Mo's one commit in 900 days is long gone.
    let authored: Vec<Commit> = commits.into_iter().map(|c| Commit { committer: None, ..c }).collect();
    let r = analyze(&authored, &files, &|_, _| false, &Config::default());
    assert!(!r.authors.iter().find(|a| a.name == "Mo").expect("Mo").active);
}

/// Merges are counted apart from work: who merges the pull requests, through the web or not.
#[test]
fn merges_are_counted_apart() {
    let merge = |id: &str, who: &str, day: i64| Commit {
        parents: 2,
        changes: Vec::new(),
        ..commit(id, who, day, &[])
    };
    let commits = vec![
        merge("m2", "Mo", 1000),
        commit("p2", "Pat", 999, &["a.py"]),
        merge("m1", "Mo", 990),
        commit("p1", "Pat", 989, &["+a.py"]),
    ];
    let r = analyze(&commits, &present(&[("a.py", "app")]), &|_, _| false, &Config::default());
    let mo = r.authors.iter().find(|a| a.name == "Mo").expect("Mo");
    assert_eq!((mo.recent_commits, mo.recent_merges, mo.active), (0, 2, true));
    let pat = r.authors.iter().find(|a| a.name == "Pat").expect("Pat");
    assert_eq!((pat.recent_commits, pat.recent_merges), (2, 0));
}

/// A long record of work on a file is knowing it, though its author wrote far more: libevent's
/// maintainer of ten years beside the author of `event.c`.
#[test]
fn a_record_of_work_is_knowing() {
    let history = |zed_on_event: i64| {
        // Zed is at work this year (elsewhere); his changes to event.py are years old.
        let mut commits: Vec<Commit> =
            (0..30).map(|i| commit(&format!("z{i}"), "Zed", 1000 - i, &["notes.py"])).collect();
        for i in 0..zed_on_event {
            commits.push(commit(&format!("z-{i}"), "Zed", 500 - i, &["event.py"]));
        }
        for i in 0..30 {
            commits.push(commit(&format!("n-{i}"), "Nick", 400 - i, &["event.py"]));
        }
        commits.push(commit("n", "Nick", 100, &["+event.py", "+notes.py"]));
        let files = present(&[("event.py", "core"), ("notes.py", "core")]);
        let r = analyze(&commits, &files, &|_, _| false, &Config::default());
        r.files.into_iter().find(|f| f.path == "event.py").expect("event.py")
    };
    let event = history(5);
    assert_eq!(event.doa_authors, ["Nick"]);
    assert_eq!(event.knowers, ["Zed"], "Nick is gone; Zed changed it five times");
    assert!(history(4).knowers.is_empty(), "four changes are a visit");
}

#[test]
fn service_accounts_are_bots() {
    let p = |name: &str, email: &str| Person { name: name.into(), email: email.into() };
    assert!(is_bot(&p("Guice Team", "java-team-github-bot@google.com"), &[]));
    assert!(is_bot(&p("release bot", "releases@example.com"), &[]));
    assert!(is_bot(&p("GitHub", "noreply@github.com"), &[]));
    assert!(!is_bot(&p("Abbot Smith", "abbot@example.com"), &[]));
    assert!(!is_bot(&p("Teams Lee", "teams@example.com"), &[]));
}

/// Who is active follows the project's pace: a year, or the span of the last 25 commits by
/// people when that is longer.
#[test]
fn the_active_window_follows_the_pace() {
    // Newest first: Sam now, then 25 commits by Pat `gap` days apart starting `quiet` days
    // back, then Old, 30 days before Pat's first.
    let history = |quiet: i64, gap: i64| -> Vec<Commit> {
        let mut c = vec![commit("sam", "Sam", 10_000, &["a.py"])];
        c.extend((0..25).map(|i| commit(&format!("p{i}"), "Pat", 10_000 - quiet - i * gap, &["a.py"])));
        c.push(commit("old", "Old", 10_000 - quiet - 24 * gap - 30, &["+a.py"]));
        c
    };
    let active = |commits: &[Commit], who: &str| {
        let r = analyze(commits, &present(&[("a.py", "app")]), &|_, _| false, &Config::default());
        r.authors.iter().find(|a| a.name == who).expect("author").active
    };
    // Slow: Pat's last commit is 400 days old, but the last 25 commits span 400 + 23 × 40 =
    // 1,320 days: Pat is still active; Old, 1,390 days back, is not.
    let slow = history(400, 40);
    assert!(active(&slow, "Pat"));
    assert!(!active(&slow, "Old"));
    // Busy: a commit a day for a month; the window is the year, and Old, 400 days back, is out.
    let mut busy = history(1, 1);
    busy.last_mut().expect("old").time = (10_000 - 400) * 86_400;
    assert!(active(&busy, "Pat"));
    assert!(!active(&busy, "Old"));
}

/// One pull request's run of fixes is one episode; a revert and what it reverted are none;
/// fixes naming one issue are one episode though two people made them.
#[test]
fn fixes_count_in_episodes() {
    let day = 86_400;
    let commits = vec![
        fix_commit("8", "Ann", "ann@x", 130 * day, "fix: crash on empty input"),
        fix_commit("1", "Ann", "ann@x", 100 * day, "fix: crash on empty input (#40)"),
        fix_commit("2", "Ann", "ann@x", 99 * day, "fix: handle the second case"),
        fix_commit("3", "Ann", "ann@x", 97 * day, "fix: wrong default"),
        fix_commit("4", "Bea", "bea@x", 60 * day, "Revert \"fix: leak in the pool\""),
        fix_commit("5", "Bea", "bea@x", 59 * day, "fix: leak in the pool"),
        fix_commit("6", "Cid", "cid@x", 30 * day, "Fix #7: overflow in parse"),
        fix_commit("7", "Dee", "dee@x", 20 * day, "fix overflow in parse, closes #7"),
        fix_commit("9", "Ann", "ann@x", 5 * day, "add a feature"),
    ];
    let e = fix_episodes(&commits, &Config::default());
    let by_id = |id: &str| e[commits.iter().position(|c| c.id == id).expect("a commit")];
    // Ann's three fixes within three days: one episode.
    assert_eq!(by_id("1"), by_id("2"));
    assert_eq!(by_id("2"), by_id("3"));
    assert!(by_id("1").is_some());
    // The revert and the reverted fix: none.
    assert_eq!((by_id("4"), by_id("5")), (None, None));
    // Two people's fixes of issue #7: one episode, not Ann's.
    assert_eq!(by_id("6"), by_id("7"));
    assert_ne!(by_id("6"), by_id("1"));
    // The same subject again, weeks later (cherry-picked or re-applied): that episode.
    assert_eq!(by_id("8"), by_id("1"));
    assert_eq!(by_id("9"), None);
    let distinct: BTreeSet<u32> = e.iter().flatten().copied().collect();
    assert_eq!(distinct.len(), 2, "{e:?}");
    // A file all of them touched counts the episodes.
    let r = analyze(&commits, &present(&[("a.py", "c")]), &|_, _| false, &Config::default());
    assert_eq!(r.files[0].recent_fixes, 2);
}

fn fix_commit(id: &str, name: &str, email: &str, time: i64, subject: &str) -> Commit {
    Commit {
        id: id.into(),
        author: Person { name: name.into(), email: email.into() },
        time,
        parents: 1,
        subject: subject.into(),
        changes: vec![FileChange {
            path: "a.py".into(),
            old_path: None,
            added: 3,
            deleted: 1,
            binary: false,
            created: false,
            deleted_file: false,
            layout_only: false,
        }],
        committer: None,
    }
}

#[test]
fn releases_are_tagged_commits_of_the_last_two_years() {
    let commits: Vec<Commit> =
        (0..4).map(|i| commit(&format!("c{i}"), "Ann", 1000 + i * 100, &["a.py"])).collect();
    let tag = |name: &str, who: Person, day: i64, on: &str| principal_model::Tag {
        name: name.to_owned(),
        tagger: who,
        time: day * 86_400,
        commit: on.to_owned(),
    };
    // The tagger's other address is joined by name to the person of the commits.
    let ann_at_work = Person { name: "ann".to_owned(), email: "ann@work.example".to_owned() };
    let tags = [
        tag("v1.0", person("Bob"), 1000, "c0"),
        // Two tags of one commit are one release.
        tag("v1.1", person("Ann"), 1100, "c1"),
        tag("pkg-b@1.1", person("Ann"), 1100, "c1"),
        tag("v1.2", ann_at_work, 1200, "c2"),
        // No version: no release.
        tag("latest", person("Bob"), 1300, "c3"),
        // More than two years before the newest commit (day 1300).
        tag("v0.9", person("Bob"), 500, "c0"),
        // A release candidate on a commit of its own is no release.
        tag("v1.3-RC1", person("Bob"), 1250, "c3"),
    ];
    let r = releases(&commits, &tags, &Config::default());
    assert_eq!((r.counted, r.since), (3, 1000 * 86_400));
    let by: Vec<(&str, u32)> = r.by.iter().map(|x| (x.name.as_str(), x.releases)).collect();
    assert_eq!(by, [("Ann", 2), ("Bob", 1)]);
    assert_eq!(r.latest.as_deref(), Some("Ann"), "v1.2, by Ann at work");
}

#[test]
fn pre_releases_are_candidates_not_releases() {
    for t in [
        "commons-lang-3.18.0-RC1",
        "v3.18.0-rc.1",
        "1.0.0-beta.2",
        "v2.0a1",
        "3.1rc2",
        "4.0.0.M2",
        "v2.0.0-b1",
        "v1.0-alpha",
        "v5-preview",
        "2.1.0-SNAPSHOT",
    ] {
        assert!(is_prerelease(t), "{t}");
    }
    for t in [
        "v1.2.3",
        "rel/commons-lang-3.17.0",
        "axum-extra-v0.12.6",
        "jq-1.8.2",
        "26.1.0",
        "v1.0-src",
        "v1.2.3-amd64",
        "release-2.0",
        "beta-tools-1.0",
    ] {
        assert!(!is_prerelease(t), "{t}");
    }
}

#[test]
fn merges_of_work_are_people_s_pull_requests() {
    for s in [
        "Merge pull request #812 from someone/fix-socket-close",
        "Merge branch 'feature-x' into 'main'",
        "Merge remote branch",
        "Merge #123",
    ] {
        assert!(merges_work(s), "{s}");
    }
    for s in [
        "Merge pull request #7200 from psf/dependabot/github_actions/step-security/harden",
        "Merge pull request #9 from o/renovate/lock-file-maintenance",
        "Merge branch '4.x' into update-for-php83",
        "Merge branch '4.x'",
        "Merge branch 'main' of https://github.com/o/r into 'main'",
        "Merge remote-tracking branch 'origin/main'",
        "Merge tag 'v1.2'",
    ] {
        assert!(!merges_work(s), "{s}");
    }
}
