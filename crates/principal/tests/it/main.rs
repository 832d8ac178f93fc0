//! The real binary, run in temporary directories.

mod audit;
mod check;
mod context;
mod deps;
mod history;
mod hostile;
mod map;
mod mcp;
mod risks;
mod scan;
mod secrets;
mod snapshots;
mod whatif;

use std::path::Path;
use std::process::{Command, Output};

/// Writes a multi-file fixture: `//- path` lines start each file.
pub fn write_tree(root: &Path, fixture: &str) {
    let mut current: Option<(String, String)> = None;
    let flush = |cur: &mut Option<(String, String)>| {
        if let Some((path, body)) = cur.take() {
            let p = root.join(&path);
            std::fs::create_dir_all(p.parent().expect("has a parent")).expect("mkdir");
            std::fs::write(p, body).expect("write fixture file");
        }
    };
    for line in fixture.lines() {
        if let Some(path) = line.strip_prefix("//- ") {
            flush(&mut current);
            current = Some((path.trim().to_owned(), String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    flush(&mut current);
}

/// Runs `principal` with an isolated cache directory.
pub fn principal(cwd: &Path, cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_principal"))
        .args(args)
        .current_dir(cwd)
        .env("PRINCIPAL_CACHE_DIR", cache)
        .env("NO_COLOR", "1")
        .env_remove("PRINCIPAL_LOG")
        .output()
        .expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
