//! Every input the fuzz campaign (`scripts/fuzz.sh`) found a crash with, kept in
//! `fuzz/regressions/<target>/`, run through the same entry point as its target: each must
//! return normally now.

use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions").join(target);
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

fn run(target: &str, f: fn(&[u8])) {
    let all = inputs(target);
    assert!(!all.is_empty(), "fuzz/regressions/{target} holds no inputs");
    for (path, bytes) in all {
        let caught = std::panic::catch_unwind(|| f(&bytes));
        assert!(caught.is_ok(), "{} panics again", path.display());
    }
}

#[test]
fn manifests() {
    run("manifests", principal_engine::fuzzing::manifests);
}

#[test]
fn lockfiles() {
    run("lockfiles", principal_engine::fuzzing::lockfiles);
}

#[test]
fn config() {
    run("config", principal_engine::fuzzing::config);
}

#[test]
fn scenario() {
    run("scenario", principal_engine::fuzzing::scenario);
}

#[test]
fn osv() {
    run("osv", principal_engine::fuzzing::osv);
}

#[test]
fn mailmap() {
    run("mailmap", principal_engine::fuzzing::mailmap);
}

#[test]
fn source() {
    run("source", principal_engine::fuzzing::source);
}
