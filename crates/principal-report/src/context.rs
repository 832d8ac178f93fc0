//! `principal context`: the ranked repository map, fitted to a token budget, as Markdown or
//! JSON (`principal.context/1`).

use principal_audit::context::RankedFile;
use serde::Serialize;

pub const SCHEMA: &str = "principal.context/1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

/// The map with the first `n` definitions (in rank order), and what it leaves out.
fn render(
    name: &str,
    files: &[RankedFile],
    order: &[(usize, usize)],
    n: usize,
    budget: usize,
    format: Format,
) -> String {
    let mut chosen: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
    for &(f, d) in order.iter().take(n) {
        chosen[f].push(d);
    }
    let total_defs = order.len();
    let shown_files: Vec<usize> =
        (0..files.len()).filter(|&f| !chosen[f].is_empty() || (files[f].focus && n > 0)).collect();
    let left_defs = total_defs - n.min(total_defs);
    let files_with_defs = files.iter().filter(|f| !f.defs.is_empty()).count();
    let left_files =
        files_with_defs.saturating_sub(shown_files.iter().filter(|&&f| !files[f].defs.is_empty()).count());
    match format {
        Format::Markdown => {
            let mut s = format!(
                "# Repository map: {name}\n\n{} of {total_defs} definitions in {} files, most central first (PageRank over symbol references).\n\n",
                n.min(total_defs),
                shown_files.len()
            );
            for &f in &shown_files {
                let file = &files[f];
                s.push_str(&format!("`{}`{}:\n", file.path, if file.focus { " (focus)" } else { "" }));
                let mut defs: Vec<usize> = chosen[f].clone();
                defs.sort_by_key(|&d| file.defs[d].def.line);
                for d in defs {
                    let def = &file.defs[d].def;
                    s.push_str(&format!("  {}: {}\n", def.line, def.signature));
                }
                s.push('\n');
            }
            if left_defs > 0 {
                s.push_str(&format!(
                    "_Left out to fit {budget} tokens: {left_defs} definitions in {left_files} more files, the least referenced._\n"
                ));
            }
            s
        }
        Format::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                schema: &'static str,
                repository: &'a str,
                budget: usize,
                files: Vec<FileJson<'a>>,
                left_out: LeftOut,
            }
            #[derive(Serialize)]
            struct FileJson<'a> {
                path: &'a str,
                rank: f64,
                focus: bool,
                definitions: Vec<&'a principal_audit::context::RankedDefinition>,
            }
            #[derive(Serialize)]
            struct LeftOut {
                definitions: usize,
                files: usize,
            }
            let doc = Doc {
                schema: SCHEMA,
                repository: name,
                budget,
                files: shown_files
                    .iter()
                    .map(|&f| {
                        let file = &files[f];
                        let mut defs: Vec<usize> = chosen[f].clone();
                        defs.sort_by_key(|&d| file.defs[d].def.line);
                        FileJson {
                            path: &file.path,
                            rank: crate::r4(file.rank * 1000.0) / 1000.0,
                            focus: file.focus,
                            definitions: defs.iter().map(|&d| &file.defs[d]).collect(),
                        }
                    })
                    .collect(),
                left_out: LeftOut { definitions: left_defs, files: left_files },
            };
            serde_json::to_string(&doc).unwrap_or_default() + "\n"
        }
    }
}

/// The largest map whose token count (by `count`) fits `budget`. The definitions enter in rank
/// order (a file's rank breaks ties); a binary search finds how many fit.
pub fn fit(
    name: &str,
    files: &[RankedFile],
    budget: usize,
    format: Format,
    count: &dyn Fn(&str) -> usize,
) -> (String, usize) {
    let mut order: Vec<(usize, usize)> =
        files.iter().enumerate().flat_map(|(f, file)| (0..file.defs.len()).map(move |d| (f, d))).collect();
    order.sort_by(|a, b| {
        let (x, y) = (&files[a.0], &files[b.0]);
        y.defs[b.1]
            .rank
            .total_cmp(&x.defs[a.1].rank)
            .then(y.rank.total_cmp(&x.rank))
            .then_with(|| (&x.path, x.defs[a.1].def.line).cmp(&(&y.path, y.defs[b.1].def.line)))
    });
    let fits = |n: usize| {
        let text = render(name, files, &order, n, budget, format);
        let tokens = count(&text);
        (tokens <= budget, text, tokens)
    };
    // Each definition's line is counted once, and the prefix of definitions whose lines fit
    // is the first guess; exact renders then gallop from it to the largest prefix that fits,
    // so the map is rendered and counted a few times, not once per step of a search over all.
    let guess = {
        let header = count(&render(name, files, &order, 0, budget, format));
        let mut seen = vec![false; files.len()];
        let mut used = header;
        let mut n = 0;
        for &(f, d) in &order {
            let def = &files[f].defs[d].def;
            let mut cost = count(&format!("  {}: {}\n", def.line, def.signature));
            if !seen[f] {
                cost += count(&format!("`{}`:\n\n", files[f].path));
            }
            if used + cost > budget {
                break;
            }
            seen[f] = true;
            used += cost;
            n += 1;
        }
        n
    };
    let len = order.len();
    let (mut lo, mut hi) = if fits(guess).0 {
        // Up from the guess: double the step until a prefix does not fit.
        let (mut lo, mut step) = (guess, 1);
        loop {
            let next = (lo + step).min(len);
            if next == lo {
                break (lo, lo);
            }
            if fits(next).0 {
                lo = next;
                step *= 2;
            } else {
                break (lo, next - 1);
            }
        }
    } else {
        // Down from the guess.
        let (mut hi, mut step) = (guess.saturating_sub(1), 1);
        loop {
            let next = hi.saturating_sub(step);
            if fits(next).0 {
                break (next, hi);
            }
            if next == 0 {
                break (0, 0);
            }
            hi = next - 1;
            step *= 2;
        }
    };
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(mid).0 { lo = mid } else { hi = mid - 1 }
    }
    let (ok, text, tokens) = fits(lo);
    if ok { (text, tokens) } else { (String::new(), 0) }
}
