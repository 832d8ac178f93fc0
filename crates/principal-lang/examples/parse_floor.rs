//! The physical floor of a scan, for BENCHMARKS.md: read every file with the given extension
//! under a directory, parse it with tree-sitter on all cores, and walk each tree once with a
//! cursor. No metrics, no line counts, no output but a summary.
//!
//! `cargo run --release -p principal-lang --example parse_floor -- DIR py`
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let ft = e.file_type().unwrap();
        if ft.is_dir() {
            files(&p, ext, out);
        } else if ft.is_file() && p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (dir, ext) = (Path::new(&args[1]), args[2].as_str());
    let mut list = Vec::new();
    files(dir, ext, &mut list);
    let detected = principal_lang::detect(&format!("x.{ext}"), b"").expect("a known extension");
    let start = std::time::Instant::now();
    let (bytes, nodes): (usize, usize) = list
        .par_iter()
        .map(|p| {
            let src = std::fs::read(p).unwrap();
            let nodes = principal_lang::parse_and_walk(&detected.language, &src);
            (src.len(), nodes)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} files, {:.1} MB, {} nodes, {:.2} s, {:.1} MB/s",
        list.len(),
        bytes as f64 / 1e6,
        nodes,
        secs,
        bytes as f64 / 1e6 / secs
    );
}
