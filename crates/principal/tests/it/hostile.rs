//! Hostile repositories (issue 13): inputs an attacker or a careless user controls, as one table.
//! Each case builds its tree from scratch, runs one command, and states the outcome: the exit
//! code, a phrase the message must hold, secrets that must not appear whole in any output, and
//! that nothing outside the output was written (a sentinel file beside the repository keeps its
//! bytes).

use std::path::Path;

use tempfile::TempDir;

use crate::{principal, stderr, stdout, write_tree};

/// A GitHub token, built from parts so that this file never holds it whole.
fn token() -> String {
    format!("ghp_{}", "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8")
}

const SENTINEL: &str = "the sentinel's original bytes\n";

struct Case {
    name: &'static str,
    /// Files of the repository (`//- path` sections); `TOKEN` is replaced by [`token`].
    files: &'static str,
    /// Makes what `write_tree` cannot: links, oversized content. Gets the repository and the
    /// sentinel's path.
    setup: fn(&Path, &Path),
    args: &'static [&'static str],
    code: i32,
    /// A phrase stderr must hold (empty: anything).
    stderr_has: &'static str,
    /// A phrase stdout must hold (empty: anything).
    stdout_has: &'static str,
    /// A phrase stdout must not hold (empty: no such phrase).
    stdout_lacks: &'static str,
}

fn nothing(_: &Path, _: &Path) {}

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    std::fs::create_dir_all(at.parent().expect("parent")).expect("mkdir");
    std::os::unix::fs::symlink(target, at).expect("symlink");
}

const CASES: &[Case] = &[
    Case {
        name: "a_committed_symlink_named_like_an_output_file_is_refused",
        files: "//- app.py\nx = 1\n",
        #[cfg(unix)]
        setup: |repo, sentinel| link(sentinel, &repo.join("principal-report/REPORT.md")),
        #[cfg(not(unix))]
        setup: nothing,
        args: &["audit", ".", "--no-history"],
        code: 2,
        stderr_has: "did not write",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "an_output_directory_that_is_a_symlink_is_refused",
        files: "//- app.py\nx = 1\n",
        #[cfg(unix)]
        setup: |repo, sentinel| link(sentinel.parent().expect("dir"), &repo.join("principal-report")),
        #[cfg(not(unix))]
        setup: nothing,
        args: &["audit", ".", "--no-history"],
        code: 2,
        stderr_has: "symbolic link",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "an_unrelated_index_html_in_the_output_directory_is_not_overwritten",
        files: "//- app.py\nx = 1\n//- site/index.html\n<p>someone else's page</p>\n",
        setup: nothing,
        args: &["audit", ".", "--no-history", "--out", "site"],
        code: 2,
        stderr_has: "did not write",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "a_baseline_that_is_a_symlink_is_refused",
        files: "//- principal.toml\n[rules]\nmax_cyclomatic = 1\n//- app.py\ndef f(x):\n    if x:\n        return 1\n    return 2\n",
        #[cfg(unix)]
        setup: |repo, sentinel| link(sentinel, &repo.join("principal-baseline.json")),
        #[cfg(not(unix))]
        setup: nothing,
        args: &["check", ".", "--update-baseline"],
        code: 2,
        stderr_has: "symbolic link",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "a_tsconfig_backslash_before_a_non_ascii_character_is_a_warning_not_a_panic",
        files: "//- tsconfig.json\n{\"compilerOptions\": {\"baseUrl\": \".\\é\"}}\n//- src/a.ts\nimport { b } from \"./b\";\n//- src/b.ts\nexport const b = 1;\n",
        setup: nothing,
        args: &["map", "."],
        code: 0,
        stderr_has: "",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "a_tsconfig_with_a_byte_order_mark_is_read",
        files: "//- tsconfig.json\n\u{feff}{\"compilerOptions\": {\"baseUrl\": \".\"}}\n//- src/a.ts\nimport { b } from \"src/b\";\n//- src/b.ts\nexport const b = 1;\n",
        setup: nothing,
        args: &["map", ".", "--format", "json"],
        code: 0,
        stderr_has: "",
        stdout_has: "\"src/b.ts\"",
        stdout_lacks: "",
    },
    Case {
        name: "yarn_and_pnpm_keys_that_are_empty_or_non_ascii_are_not_a_panic",
        files: "//- yarn.lock\n\"\":\n  version \"1.0.0\"\n:\n  version \"1.0.0\"\né@^1:\n  version \"1.0.0\"\n//- web/pnpm-lock.yaml\npackages:\n\n  '':\n    resolution: {integrity: x}\n  /:\n    resolution: {integrity: x}\n  é@1.0.0:\n    resolution: {integrity: x}\n",
        setup: nothing,
        args: &["deps", "."],
        code: 0,
        stderr_has: "",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "a_component_glob_of_300000_characters_is_a_config_error",
        files: "//- app.py\nx = 1\n",
        setup: |repo, _| {
            let glob = format!("{}*", "a/".repeat(150_000));
            std::fs::write(repo.join("principal.toml"), format!("[components]\nhuge = [\"{glob}\"]\n"))
                .expect("write");
        },
        args: &["check", "."],
        code: 2,
        stderr_has: "too long",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "history_since_a_date_past_year_9999_is_a_usage_error",
        files: "//- app.py\nx = 1\n",
        setup: nothing,
        args: &["history", ".", "--since", "99999-01-01"],
        code: 2,
        stderr_has: "not a date",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "history_since_february_30_is_a_usage_error",
        files: "//- app.py\nx = 1\n",
        setup: nothing,
        args: &["history", ".", "--since", "2024-02-30"],
        code: 2,
        stderr_has: "not a date",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "check_quotes_an_import_line_with_its_token_redacted",
        files: "//- principal.toml\n[[rules.forbidden]]\nname = \"a-not-b\"\nfrom = \"a.py\"\nto = \"b.py\"\n//- a.py\nimport b  # TOKEN\n//- b.py\nx = 1\n",
        setup: nothing,
        args: &["check", ".", "--format", "json"],
        code: 1,
        stderr_has: "",
        stdout_has: "import b  # ghp_",
        stdout_lacks: "",
    },
    Case {
        name: "context_signatures_hold_no_token_or_database_password",
        files: "//- app.py\ndef connect(url=\"postgres://admin:s3cr3tpassw0rd@db.internal/app\", token=\"TOKEN\"):\n    return url\n\n\ndef main():\n    return connect()\n",
        setup: nothing,
        args: &["context", ".", "--budget", "2000"],
        code: 0,
        stderr_has: "",
        stdout_has: "def connect(",
        stdout_lacks: "",
    },
    Case {
        name: "an_earlier_report_in_the_tree_is_not_analysed",
        files: "//- app.py\nx = 1\n",
        setup: |repo, _| {
            let o = principal(repo, &repo.join("../cache"), &["audit", ".", "--no-history", "-q"]);
            assert!(o.status.success(), "{}", stderr(&o));
        },
        args: &["scan", ".", "--format", "json"],
        code: 0,
        stderr_has: "",
        stdout_has: "app.py",
        stdout_lacks: "principal-report",
    },
    Case {
        name: "an_escape_sequence_in_a_file_name_does_not_reach_the_terminal",
        files: "//- app.py\nx = 1\n",
        setup: |repo, _| {
            std::fs::write(repo.join("evil\u{1b}]0;pwned\u{7}.py"), "def f():\n    return 1\n")
                .expect("write");
        },
        args: &["scan", ".", "--color", "always"],
        code: 0,
        stderr_has: "",
        stdout_has: "evil\u{fffd}]0;pwned\u{fffd}.py",
        stdout_lacks: "\u{7}",
    },
    Case {
        name: "a_principal_toml_that_is_a_directory_is_an_error",
        files: "//- app.py\nx = 1\n//- principal.toml/x\n\n",
        setup: nothing,
        args: &["check", "."],
        code: 2,
        stderr_has: "not a file",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "an_invalid_secret_regex_in_principal_toml_is_an_error_naming_the_file",
        files: "//- app.py\nx = 1\n//- principal.toml\n[[secrets.rules]]\nid = \"mine\"\nregex = \"(\"\n",
        setup: nothing,
        args: &["check", "."],
        code: 2,
        stderr_has: "principal.toml",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "an_invalid_secret_regex_is_a_warning_in_the_audit",
        files: "//- app.py\nx = 1\n//- principal.toml\n[[secrets.rules]]\nid = \"mine\"\nregex = \"(\"\n",
        setup: nothing,
        args: &["audit", ".", "--no-history", "--out", "../report"],
        code: 0,
        stderr_has: "warning: ",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "a_fifo_is_reported_as_special_and_never_opened",
        files: "//- app.py\nx = 1\n",
        #[cfg(unix)]
        setup: |repo, _| {
            let status =
                std::process::Command::new("mkfifo").arg(repo.join("pipe.py")).status().expect("mkfifo");
            assert!(status.success());
        },
        #[cfg(not(unix))]
        setup: nothing,
        args: &["scan", ".", "--format", "json"],
        code: 0,
        stderr_has: "",
        stdout_has: "\"special\"",
        stdout_lacks: "",
    },
    Case {
        name: "log_warnings_are_plain_with_color_never",
        files: "//- app.py\nx = 1\n",
        // The cache directory is a file: writing the cache fails, and the scan says so.
        setup: |repo, _| std::fs::write(repo.join("../cache"), "not a directory").expect("write"),
        args: &["scan", ".", "--color", "never"],
        code: 0,
        stderr_has: "could not write the scan cache",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "log_warnings_are_silenced_by_quiet",
        files: "//- app.py\nx = 1\n",
        setup: |repo, _| std::fs::write(repo.join("../cache"), "not a directory").expect("write"),
        args: &["scan", ".", "-q"],
        code: 0,
        stderr_has: "",
        stdout_has: "",
        stdout_lacks: "",
    },
    // The earlier robustness cases, in the same table.
    Case {
        name: "a_missing_path_is_a_usage_error",
        files: "//- app.py\nx = 1\n",
        setup: nothing,
        args: &["scan", "no-such-dir"],
        code: 2,
        stderr_has: "no such file or directory",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "history_outside_a_git_repository_says_so",
        files: "//- app.py\nx = 1\n",
        setup: nothing,
        args: &["history", "."],
        code: 2,
        stderr_has: "not a git repository",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "a_malformed_principal_toml_names_the_file_and_line",
        files: "//- app.py\nx = 1\n//- principal.toml\n[rules\nno_cycles = true\n",
        setup: nothing,
        args: &["check", "."],
        code: 2,
        stderr_has: "principal.toml",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "a_corrupt_lockfile_is_a_warning_naming_it",
        files: "//- app.py\nx = 1\n//- package-lock.json\n{\"lockfileVersion\": 3, \"packages\": [\n",
        setup: nothing,
        args: &["deps", "."],
        code: 0,
        stderr_has: "",
        stdout_has: "package-lock.json",
        stdout_lacks: "",
    },
    Case {
        name: "a_corrupt_baseline_names_the_file",
        files: "//- app.py\nx = 1\n//- principal-baseline.json\n{not json\n",
        setup: nothing,
        args: &["check", "."],
        code: 2,
        stderr_has: "principal-baseline.json",
        stdout_has: "",
        stdout_lacks: "",
    },
    Case {
        name: "symlink_loops_binary_non_utf8_and_huge_files_are_reported_not_fatal",
        files: "//- app.py\nx = 1\n",
        setup: |repo, _| {
            #[cfg(unix)]
            {
                std::os::unix::fs::symlink("b", repo.join("a")).expect("symlink");
                std::os::unix::fs::symlink("a", repo.join("b")).expect("symlink");
                std::os::unix::fs::symlink(".", repo.join("loop")).expect("symlink");
            }
            std::fs::write(repo.join("blob.py"), b"\0\x01binary").expect("write");
            std::fs::write(repo.join("latin1.py"), b"name = '\xe9t\xe9'\n").expect("write");
            std::fs::write(repo.join("huge.py"), "x = 1\n".repeat(800_000)).expect("write");
        },
        args: &["scan", ".", "--format", "json"],
        code: 0,
        stderr_has: "",
        stdout_has: "\"too-large\"",
        stdout_lacks: "",
    },
];

#[test]
fn every_hostile_case_has_its_outcome() {
    let mut failures = Vec::new();
    for case in CASES {
        let tmp = TempDir::new().expect("tempdir");
        let repo = tmp.path().join("repo");
        std::fs::create_dir(&repo).expect("mkdir");
        let outside = tmp.path().join("outside");
        std::fs::create_dir(&outside).expect("mkdir");
        let sentinel = outside.join("sentinel.txt");
        std::fs::write(&sentinel, SENTINEL).expect("write");
        write_tree(&repo, &case.files.replace("TOKEN", &token()));
        (case.setup)(&repo, &sentinel);
        let o = principal(&repo, &tmp.path().join("cache"), case.args);
        let (out, err) = (stdout(&o), stderr(&o));
        let mut wrong = Vec::new();
        if o.status.code() != Some(case.code) {
            wrong.push(format!("exit {:?}, expected {}", o.status.code(), case.code));
        }
        if !err.contains(case.stderr_has) {
            wrong.push(format!("stderr lacks {:?}", case.stderr_has));
        }
        if !out.contains(case.stdout_has) {
            wrong.push(format!("stdout lacks {:?}", case.stdout_has));
        }
        if !case.stdout_lacks.is_empty() && out.contains(case.stdout_lacks) {
            wrong.push(format!("stdout holds {:?}", case.stdout_lacks));
        }
        if err.contains('\u{1b}') {
            wrong.push("an escape sequence on stderr".to_owned());
        }
        if case.args.contains(&"-q") && !err.is_empty() {
            wrong.push("stderr is not empty with --quiet".to_owned());
        }
        if err.contains("panicked") {
            wrong.push("panicked".to_owned());
        }
        for secret in [token().as_str(), "s3cr3tpassw0rd"] {
            if out.contains(secret) || err.contains(secret) {
                wrong.push(format!("printed a secret whole: {secret}"));
            }
        }
        if std::fs::read_to_string(&sentinel).ok().as_deref() != Some(SENTINEL) {
            wrong.push("wrote through to the sentinel outside the repository".to_owned());
        }
        let strays: Vec<String> = std::fs::read_dir(&outside)
            .expect("read outside")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "sentinel.txt")
            .collect();
        if !strays.is_empty() {
            wrong.push(format!("wrote outside the repository: {strays:?}"));
        }
        if !wrong.is_empty() {
            failures.push(format!("{}: {}\n  stdout: {out}\n  stderr: {err}", case.name, wrong.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
