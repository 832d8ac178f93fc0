//! Conventions shared by every analysis, each defined once: which paths are tests, and which
//! files are entry points (run on their own or found by a tool rather than imported).

use crate::FileFacts;

/// Tests, by the conventions of the languages parsed: `test`/`tests`/`__tests__` directories,
/// `test_*.py`, `*_test.go`, `*.test.ts`, `*.spec.js`, `*Test.java`.
pub fn is_test_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let stem = name.split('.').next().unwrap_or(name);
    lower.split('/').rev().skip(1).any(|d| matches!(d, "test" | "tests" | "__tests__" | "testdata" | "spec"))
        || stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem.ends_with("_tests")
        || name.contains(".test.")
        || name.contains(".spec.")
        || path.rsplit('/').next().is_some_and(|n| {
            let s = n.split('.').next().unwrap_or(n);
            s.len() > 4 && (s.ends_with("Test") || s.ends_with("Tests"))
        })
}

/// True for files that run on their own or are found by a tool rather than imported: tests,
/// conventional roots (`main`, `lib`, `index`, `__init__`, `setup`, `conftest`, `manage`, `mod`,
/// `build`), files under `examples/`, `benches/`, `bin/`, `scripts/`, `tools/`, `docs/`, tool
/// configs (`*.config.*`), and files with a `main` function.
pub fn is_entry_point(f: &FileFacts) -> bool {
    let path = f.path.as_str();
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let in_dir = |d: &str| path.starts_with(&format!("{d}/")) || path.contains(&format!("/{d}/"));
    is_test_path(path)
        || matches!(
            stem,
            "main"
                | "lib"
                | "build"
                | "index"
                | "__main__"
                | "__init__"
                | "setup"
                | "conftest"
                | "manage"
                | "mod"
        )
        || ["examples", "example", "benches", "bin", "scripts", "tools", "docs"].iter().any(|d| in_dir(d))
        || name.contains(".config.")
        || f.functions.iter().any(|func| func.name == "main")
}
