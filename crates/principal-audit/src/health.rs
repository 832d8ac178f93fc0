//! Code health: a score from 1 to 10 per file (10 is healthy) from measured factors, and the
//! repository's grade from the distribution of those scores, weighted by lines and by change.
//!
//! Every factor is a penalty with documented thresholds (docs/health.md); a file's score is
//! `10 − Σ penalties`, at least 1. Only the project's own parsed source files are scored:
//! tests, examples, documentation and generated code are not graded.

use principal_lang::clones::ClonePair;
use principal_model::{FileFacts, PathContext};
use serde::Serialize;

use crate::r4;

/// One factor that lowers a file's health.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthFactor {
    /// `large-function`, `complex-function`, `cognitive-load`, `deep-nesting`,
    /// `many-arguments`, `large-file`, `duplication`, `low-cohesion`, `many-authors`,
    /// `frequent-change`.
    pub factor: &'static str,
    /// What it takes off the score.
    pub penalty: f64,
    /// The measured value behind it, in words.
    pub detail: String,
}

/// A file's health.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileHealth {
    /// 1 to 10, one decimal.
    pub score: f64,
    pub factors: Vec<HealthFactor>,
}

/// What the history adds to a file's health.
pub(crate) struct Change {
    /// Commits in the last year.
    pub revisions: u32,
    pub authors: u32,
    /// The repository's 90th percentile of last-year commits per file.
    pub p90: u32,
}

/// Files scored: the project's own parsed source.
pub(crate) fn graded(f: &FileFacts) -> bool {
    f.language.is_parsed()
        && f.lines.code > 0
        && principal_model::path_context(&f.path) == PathContext::Source
        && !f.third_party
        && !f.is_data()
}

/// A function's size: its lines of code (blank lines, comments and docstrings left out).
fn span(f: &principal_model::Function) -> u32 {
    f.code_lines
}

/// A worst-value step penalty: the penalty of the highest threshold `worst` passes.
fn step(worst: u32, steps: &[(u32, f64)]) -> f64 {
    steps.iter().rev().find(|(t, _)| worst > *t).map_or(0.0, |(_, p)| *p)
}

/// Thresholds (value must be above) and penalties; docs/health.md lists the same table.
const FUNCTION_LINES: [(u32, f64); 2] = [(70, 1.0), (150, 2.0)];
const CYCLOMATIC: [(u32, f64); 3] = [(10, 1.0), (20, 2.0), (40, 3.0)];
const COGNITIVE: [(u32, f64); 3] = [(15, 0.5), (30, 1.0), (60, 1.5)];
const NESTING: [(u32, f64); 2] = [(3, 0.5), (5, 1.0)];
const ARGUMENTS: [(u32, f64); 2] = [(5, 0.5), (8, 1.0)];
const FILE_LINES: [(u32, f64); 2] = [(1000, 1.0), (2500, 2.0)];
/// Each further function past the first threshold adds this, up to the cap.
const EACH_FURTHER: f64 = 0.1;
const LARGE_FUNCTION_CAP: f64 = 2.5;
const COMPLEX_FUNCTION_CAP: f64 = 3.5;
/// Percent of the file's lines in clones; and the fewest duplicated lines that count.
const DUPLICATION: [(u32, f64); 3] = [(10, 0.5), (25, 1.0), (50, 1.5)];
const DUPLICATION_MIN_LINES: u32 = 20;
/// LCOM4 groups of the least cohesive type.
const COHESION: [(u32, f64); 2] = [(2, 0.5), (4, 1.0)];
const MANY_AUTHORS: u32 = 10;
const FREQUENT_CHANGE_MIN: u32 = 10;
const HISTORY_PENALTY: f64 = 0.25;

/// The health of one file.
pub(crate) fn file(f: &FileFacts, duplicated: u32, change: Option<&Change>) -> FileHealth {
    let mut factors = Vec::new();
    let add = |factors: &mut Vec<HealthFactor>, factor: &'static str, penalty: f64, detail: String| {
        if penalty > 0.0 {
            factors.push(HealthFactor { factor, penalty, detail });
        }
    };
    let worst = |key: fn(&principal_model::Function) -> u32| {
        f.functions.iter().max_by_key(|x| (key(x), std::cmp::Reverse(x.start_line)))
    };
    let over = |key: fn(&principal_model::Function) -> u32, t: u32| {
        f.functions.iter().filter(|x| key(x) > t).count()
    };

    if let Some(x) = worst(span) {
        let n = over(span, FUNCTION_LINES[0].0);
        let p = (step(span(x), &FUNCTION_LINES) + EACH_FURTHER * n.saturating_sub(1) as f64)
            .min(LARGE_FUNCTION_CAP);
        add(
            &mut factors,
            "large-function",
            p,
            format!(
                "{n} {} over {} lines of code; the longest, `{}`, has {}",
                functions(n),
                FUNCTION_LINES[0].0,
                x.qualified_name,
                span(x)
            ),
        );
    }
    let cc = |x: &principal_model::Function| x.cyclomatic;
    if let Some(x) = worst(cc) {
        let n = over(cc, CYCLOMATIC[0].0);
        let p = (step(x.cyclomatic, &CYCLOMATIC) + EACH_FURTHER * n.saturating_sub(1) as f64)
            .min(COMPLEX_FUNCTION_CAP);
        add(
            &mut factors,
            "complex-function",
            p,
            format!(
                "{n} {} of cyclomatic complexity over {}; the most complex, `{}`, has {}",
                functions(n),
                CYCLOMATIC[0].0,
                x.qualified_name,
                x.cyclomatic
            ),
        );
    }
    let cog = |x: &principal_model::Function| x.cognitive;
    if let Some(x) = worst(cog) {
        add(
            &mut factors,
            "cognitive-load",
            step(x.cognitive, &COGNITIVE),
            format!("`{}` has cognitive complexity {}", x.qualified_name, x.cognitive),
        );
    }
    let nest = |x: &principal_model::Function| x.max_nesting;
    if let Some(x) = worst(nest) {
        add(
            &mut factors,
            "deep-nesting",
            step(x.max_nesting, &NESTING),
            format!("`{}` nests control flow {} deep", x.qualified_name, x.max_nesting),
        );
    }
    let args = |x: &principal_model::Function| x.params;
    if let Some(x) = worst(args) {
        add(
            &mut factors,
            "many-arguments",
            step(x.params, &ARGUMENTS),
            format!("`{}` takes {} arguments", x.qualified_name, x.params),
        );
    }
    let code = f.lines.code.min(u64::from(u32::MAX)) as u32;
    add(&mut factors, "large-file", step(code, &FILE_LINES), format!("{code} lines of code"));
    let lines = f.lines.total().max(1);
    let share = (u64::from(duplicated) * 100 / lines).min(100) as u32;
    if duplicated >= DUPLICATION_MIN_LINES {
        add(
            &mut factors,
            "duplication",
            step(share, &DUPLICATION),
            format!("{duplicated} lines ({share}%) are token-for-token copies of code elsewhere"),
        );
    }
    if let Some(c) = f.cohesion.iter().max_by_key(|c| (c.groups, std::cmp::Reverse(c.type_name.as_str()))) {
        add(
            &mut factors,
            "low-cohesion",
            step(c.groups, &COHESION),
            format!(
                "the {} methods of `{}` fall into {} groups that share no field (LCOM4)",
                c.methods, c.type_name, c.groups
            ),
        );
    }
    // The history amplifies problems the code already has: a simple file that many people
    // change often is no worse for it.
    if let Some(h) = change.filter(|_| !factors.is_empty()) {
        if h.authors >= MANY_AUTHORS {
            add(
                &mut factors,
                "many-authors",
                HISTORY_PENALTY,
                format!("{} people have changed it", h.authors),
            );
        }
        if h.revisions >= FREQUENT_CHANGE_MIN && h.revisions >= h.p90 {
            add(
                &mut factors,
                "frequent-change",
                HISTORY_PENALTY,
                format!("changed in {} commits in the last year, among the top tenth of files", h.revisions),
            );
        }
    }
    let total: f64 = factors.iter().map(|x| x.penalty).sum();
    let score = ((10.0 - total).max(1.0) * 10.0).round() / 10.0;
    factors.sort_by(|a, b| b.penalty.total_cmp(&a.penalty).then(a.factor.cmp(b.factor)));
    FileHealth { score, factors }
}

fn functions(n: usize) -> &'static str {
    if n == 1 { "function" } else { "functions" }
}

/// The shares of the graded code (by weight) in each band.
#[derive(Debug, Clone, Serialize)]
pub struct Distribution {
    /// Score 9 or more.
    pub healthy: f64,
    /// From 4 to 9.
    pub problematic: f64,
    /// Below 4.
    pub unhealthy: f64,
}

/// The repository's grade.
#[derive(Debug, Clone, Serialize)]
pub struct Grade {
    /// A to E.
    pub grade: &'static str,
    /// The weighted mean of the files' scores, 1 to 10.
    pub score: f64,
    pub distribution: Distribution,
    /// Files graded, and their lines of code.
    pub files: u32,
    pub code_lines: u64,
    /// Weighted by change as well as lines (the history was read).
    pub change_weighted: bool,
}

/// Grade boundaries on the weighted mean score, set against the grades reviewers gave on the
/// judgement panels (EVALUATION.md): a library whose one large, complex core module is well
/// tested (attrs, commander.js, at 4.3–4.6) is fair, not poor; poor is a codebase most of whose
/// changing code sits in files at the bottom of the scale.
const GRADES: [(f64, &str); 4] = [(9.0, "A"), (5.5, "B"), (3.5, "C"), (2.0, "D")];

/// A file's weight: its lines of code, times `1 + ln(1 + commits of the last year)` with history.
pub(crate) fn weight(code_lines: u64, revisions: Option<u32>) -> f64 {
    code_lines as f64 * revisions.map_or(1.0, |r| 1.0 + f64::from(r).ln_1p())
}

/// The grade over `(score, weight, code lines)` of each graded file.
pub(crate) fn grade(scored: &[(f64, f64, u64)], change_weighted: bool) -> Option<Grade> {
    let total: f64 = scored.iter().map(|s| s.1).sum();
    if scored.is_empty() || total <= 0.0 {
        return None;
    }
    let mean = scored.iter().map(|s| s.0 * s.1).sum::<f64>() / total;
    let share = |keep: &dyn Fn(f64) -> bool| {
        r4(scored.iter().filter(|s| keep(s.0)).map(|s| s.1).sum::<f64>() / total)
    };
    let grade = GRADES.iter().find(|(t, _)| mean >= *t).map_or("E", |(_, g)| g);
    Some(Grade {
        grade,
        score: (mean * 10.0).round() / 10.0,
        distribution: Distribution {
            healthy: share(&|s| s >= 9.0),
            problematic: share(&|s| (4.0..9.0).contains(&s)),
            unhealthy: share(&|s| s < 4.0),
        },
        files: scored.len() as u32,
        code_lines: scored.iter().map(|s| s.2).sum(),
        change_weighted,
    })
}

/// The 90th percentile of revisions over files with history.
pub(crate) fn p90(revisions: impl Iterator<Item = u32>) -> u32 {
    let mut v: Vec<u32> = revisions.collect();
    if v.is_empty() {
        return 0;
    }
    v.sort_unstable();
    v[(v.len() * 9 / 10).min(v.len() - 1)]
}

/// One side of a clone, by path.
#[derive(Debug, Clone, Serialize)]
pub struct CloneSide {
    pub path: String,
    pub start_line: u32,
    pub end_line: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct CloneRow {
    pub a: CloneSide,
    pub b: CloneSide,
    pub tokens: u32,
    pub lines: u32,
}

pub(crate) fn clone_rows(pairs: &[ClonePair], files: &[FileFacts]) -> Vec<CloneRow> {
    let side = |s: principal_lang::clones::Span| CloneSide {
        path: files[s.file as usize].path.clone(),
        start_line: s.start_line,
        end_line: s.end_line,
    };
    pairs
        .iter()
        .map(|p| CloneRow {
            a: side(p.a),
            b: side(p.b),
            tokens: p.tokens,
            lines: p.a.lines().min(p.b.lines()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use principal_model::{Cohesion, FileFacts, Function, Language, LineCounts, Position};

    use super::*;

    fn function(
        name: &str,
        code_lines: u32,
        cyclomatic: u32,
        cognitive: u32,
        nesting: u32,
        params: u32,
    ) -> Function {
        Function {
            name: name.to_owned(),
            qualified_name: name.to_owned(),
            start_line: 1,
            end_line: code_lines.max(1),
            cyclomatic,
            cognitive,
            max_nesting: nesting,
            params,
            code_lines,
            header_end: Position { line: 1, column: 0 },
        }
    }

    fn facts(path: &str, code: u64, functions: Vec<Function>) -> FileFacts {
        let mut f = FileFacts::new(path.to_owned(), Language::Python, code * 30);
        f.lines = LineCounts { code, comment: 0, blank: 0 };
        f.functions = functions;
        f
    }

    #[test]
    fn small_simple_files_are_healthy_and_each_factor_says_why() {
        // A declarative file: hundreds of tiny, simple functions.
        let flags = facts(
            "flags.py",
            3000 / 4,
            (0..250).map(|i| function(&format!("f{i}"), 3, 1, 0, 0, 1)).collect(),
        );
        let h = file(&flags, 0, None);
        assert_eq!((h.score, h.factors.len()), (10.0, 0), "{h:?}");

        let brain = facts(
            "engine.py",
            1200,
            vec![function("run", 180, 45, 70, 6, 9), function("small", 5, 1, 0, 0, 0)],
        );
        let h = file(&brain, 0, None);
        let by: HashMap<&str, f64> = h.factors.iter().map(|x| (x.factor, x.penalty)).collect();
        assert_eq!(by["large-function"], 2.0);
        assert_eq!(by["complex-function"], 3.0);
        assert_eq!(by["cognitive-load"], 1.5);
        assert_eq!(by["deep-nesting"], 1.0);
        assert_eq!(by["many-arguments"], 1.0);
        assert_eq!(by["large-file"], 1.0);
        assert_eq!(h.score, 1.0, "never below 1");
        assert!(h.factors[0].detail.contains("`run`"), "{:?}", h.factors[0]);
        assert_eq!(h.factors[0].factor, "complex-function", "largest penalty first");
    }

    #[test]
    fn duplication_cohesion_and_history_lower_the_score() {
        let mut f = facts("a.py", 200, vec![function("f", 20, 12, 5, 1, 2)]);
        f.cohesion = vec![Cohesion { type_name: "A".to_owned(), methods: 6, groups: 3 }];
        let plain = file(&f, 0, None).score;
        assert_eq!(plain, 10.0 - 1.0 - 0.5);
        // 60 of 200 lines copied: 30%.
        assert_eq!(file(&f, 60, None).score, plain - 1.0);
        // Under 20 duplicated lines does not count.
        assert_eq!(file(&f, 15, None).score, plain);
        let busy = Change { revisions: 80, authors: 12, p90: 40 };
        assert_eq!(file(&f, 0, Some(&busy)).score, plain - 0.5);
        // The history only amplifies problems the code has.
        let simple = facts("b.py", 50, vec![function("g", 5, 1, 0, 0, 1)]);
        assert_eq!(file(&simple, 0, Some(&busy)).score, 10.0);
    }

    #[test]
    fn the_grade_follows_the_weighted_distribution() {
        let g = grade(&[(10.0, 100.0, 100), (9.5, 300.0, 300)], false).expect("graded");
        assert_eq!((g.grade, g.distribution.healthy, g.distribution.unhealthy), ("A", 1.0, 0.0));
        // One large unhealthy file outweighs many small healthy ones.
        let g = grade(&[(10.0, 100.0, 100), (10.0, 100.0, 100), (2.0, 800.0, 800)], false).expect("graded");
        assert_eq!(g.grade, "C");
        assert_eq!(g.score, 3.6);
        assert_eq!(g.distribution.unhealthy, 0.8);
        let g = grade(&[(10.0, 100.0, 100), (1.0, 900.0, 900)], false).expect("graded");
        assert_eq!((g.grade, g.score), ("E", 1.9));
        let g = grade(&[(7.5, 1.0, 1)], true).expect("graded");
        assert_eq!((g.grade, g.change_weighted), ("B", true));
        assert!(grade(&[], false).is_none());
        assert!(weight(100, Some(0)) == 100.0 && weight(100, Some(20)) > 400.0);
        assert_eq!(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].into_iter()), 10);
    }
}
