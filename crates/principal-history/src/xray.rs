//! Function-level hotspots, what CodeScene calls X-Ray: for a hotspot file, its functions
//! ranked by how often they changed times their complexity.
//!
//! A function's changes are the commits whose diff hunks touch its line span. The span at the
//! analysed revision is carried back through the history, newest commit first: a commit
//! touches the function when one of its hunks' new lines overlaps the span (or a deletion
//! falls inside it); then the span moves to the commit's old coordinates (lines below a hunk
//! shift by what it removed less what it added; an end inside a hunk moves to the hunk's old
//! edge); when the whole span lies in one hunk that replaced less than half as many lines, the
//! code arrived in that commit (written, or moved from elsewhere) and the walk stops. Cost:
//! commits × functions × hunks. Renames are not followed: the commits are those
//! of the file's current path. The commits are the first-parent chain from HEAD (merges diffed
//! against their first parent), so every step stays in one line of coordinates: carried through
//! commits of parallel branches in time order, a span drifts onto other code.

use std::ops::Range;

use principal_model::Function;

/// What a commit was, for the X-ray: work on the code, a defect fix with its episode
/// ([`crate::fix_episodes`]: a function's fixes count episodes, not commits), or mechanical
/// ([`crate::mechanical`]: releases and sweeps carry spans back but count as no change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Work,
    Fix(u32),
    Mechanical,
}

/// One commit's hunks in one file: (old lines, new lines), 0-based, half-open.
pub type Hunks = Vec<(Range<u32>, Range<u32>)>;

#[derive(Debug, Clone, PartialEq)]
pub struct FunctionHotspot {
    pub name: String,
    pub qualified_name: String,
    pub start_line: u32,
    pub end_line: u32,
    pub cyclomatic: u32,
    /// Commits that changed lines of its span.
    pub changes: u32,
    /// Of them, those of the last year (from the newest commit).
    pub recent_changes: u32,
    /// Episodes of defect fixing among the changes.
    pub fixes: u32,
    /// Of them, those with a commit in the last year.
    pub recent_fixes: u32,
    /// `changes × cyclomatic`.
    pub score: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileXray {
    pub path: String,
    /// Most changed × complex first; functions no commit touched are left out.
    pub functions: Vec<FunctionHotspot>,
}

/// Where position `p` of the version after a commit was before it; `end` says whether it is a
/// span's end (inside a hunk it moves to the hunk's old end, else to its old start).
fn back(p: u32, hunks: &[(Range<u32>, Range<u32>)], end: bool) -> u32 {
    let mut shift: i64 = 0;
    for (before, after) in hunks {
        if p < after.start || (p == after.start && !end) {
            break;
        }
        if p < after.end || (end && p == after.end && after.is_empty()) {
            return if end { before.end } else { before.start };
        }
        shift += i64::from(before.end - before.start) - i64::from(after.end - after.start);
    }
    (i64::from(p) + shift).max(0) as u32
}

/// Whether a commit's hunks touch `span` of its new version.
fn touches(span: &Range<u32>, hunks: &[(Range<u32>, Range<u32>)]) -> bool {
    hunks.iter().any(|(_, after)| {
        if after.is_empty() {
            // A deletion between two lines of the span.
            after.start > span.start && after.start < span.end
        } else {
            after.start < span.end && span.start < after.end
        }
    })
}

/// The functions of one file ranked by changes × cyclomatic complexity. `hunks` holds each
/// commit's hunks in the file, oldest commit first, the last being the analysed revision's.
/// `hunks[i]` is commit `i`'s, oldest first, and `times[i]` its time; changes at or after
/// `since` are recent; `kinds[i]` says whether it was work, a fix or mechanical (a missing
/// kind is work).
pub fn xray(
    path: &str,
    functions: &[Function],
    hunks: &[Hunks],
    times: &[i64],
    kinds: &[Change],
    since: i64,
) -> FileXray {
    let mut out: Vec<FunctionHotspot> = functions
        .iter()
        .filter(|f| !f.name.is_empty() && f.name != "(anonymous)")
        .map(|f| {
            // 1-based inclusive span to 0-based half-open, carried back newest commit first.
            let mut span = f.start_line.saturating_sub(1)..f.end_line;
            let (mut changes, mut recent_changes) = (0u32, 0u32);
            let (mut fixes, mut recent_fixes): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
            for (i, commit) in hunks.iter().enumerate().rev() {
                if span.start >= span.end {
                    break;
                }
                let kind = kinds.get(i).copied().unwrap_or(Change::Work);
                if touches(&span, commit) && kind != Change::Mechanical {
                    let recent = times.get(i).is_some_and(|&t| t >= since);
                    changes += 1;
                    recent_changes += u32::from(recent);
                    if let Change::Fix(e) = kind {
                        if !fixes.contains(&e) {
                            fixes.push(e);
                        }
                        if recent && !recent_fixes.contains(&e) {
                            recent_fixes.push(e);
                        }
                    }
                }
                // The whole span arrived in this commit (written, or moved here from elsewhere)
                // in place of less than half as many lines: what came before is other code.
                let arrived = commit.iter().any(|(before, after)| {
                    after.start <= span.start && span.end <= after.end && before.len() * 2 < span.len()
                });
                if arrived {
                    break;
                }
                span = back(span.start, commit, false)..back(span.end, commit, true);
            }
            FunctionHotspot {
                name: f.name.clone(),
                qualified_name: f.qualified_name.clone(),
                start_line: f.start_line,
                end_line: f.end_line,
                cyclomatic: f.cyclomatic,
                changes,
                recent_changes,
                fixes: fixes.len() as u32,
                recent_fixes: recent_fixes.len() as u32,
                score: changes * f.cyclomatic,
            }
        })
        .filter(|f| f.changes > 0)
        .collect();
    out.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| b.changes.cmp(&a.changes))
            .then_with(|| a.start_line.cmp(&b.start_line))
    });
    FileXray { path: path.to_owned(), functions: out }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn func(name: &str, start: u32, end: u32, cyclomatic: u32) -> Function {
        Function {
            name: name.into(),
            qualified_name: name.into(),
            start_line: start,
            end_line: end,
            cyclomatic,
            cognitive: 0,
            max_nesting: 0,
            code_lines: 0,
            params: 0,
            header_end: principal_model::Position { line: start, column: 0 },
        }
    }

    #[test]
    fn changes_are_carried_to_the_current_lines() {
        // Commit 1 creates 10 lines (f at 1-5, g at 6-10). Commit 2 edits line 7 (in g).
        // Commit 3 inserts 5 lines at the top: f is now 6-10, g 11-15. Commit 4 edits line 12.
        let hunks: Vec<Hunks> =
            vec![vec![(0..0, 0..10)], vec![(6..7, 6..7)], vec![(0..0, 0..5)], vec![(11..12, 11..12)]];
        let functions = [func("top", 1, 5, 1), func("f", 6, 10, 2), func("g", 11, 15, 8)];
        let x = xray("a.py", &functions, &hunks, &[10, 20, 30, 40], &[Change::Work; 4], 25);
        let got: Vec<(&str, u32, u32, u32)> =
            x.functions.iter().map(|f| (f.name.as_str(), f.changes, f.recent_changes, f.score)).collect();
        // g: created (1), edited (2), edited (4); f: created; top: inserted (3). Recent: 3 and 4.
        assert_eq!(got, [("g", 3, 1, 24), ("f", 1, 0, 2), ("top", 1, 1, 1)]);
        // The same history where commit 2 was a fix and commit 4 a reformatting: g keeps the fix,
        // and the sweep counts as no change.
        let kinds = [Change::Work, Change::Fix(0), Change::Work, Change::Mechanical];
        let x = xray("a.py", &functions, &hunks, &[10, 20, 30, 40], &kinds, 15);
        let g = x.functions.iter().find(|f| f.name == "g").expect("g");
        assert_eq!((g.changes, g.fixes, g.recent_changes, g.recent_fixes), (2, 1, 1, 1));
    }

    #[test]
    fn a_replaced_line_keeps_its_commit_where_the_new_code_is() {
        // Commit 1 writes lines 0-3; commit 2 replaces lines 1-2 with 4 lines.
        let hunks: Vec<Hunks> = vec![vec![(0..0, 0..4)], vec![(1..3, 1..5)]];
        let x = xray("a.py", &[func("h", 2, 5, 3)], &hunks, &[0, 0], &[Change::Work; 2], 0);
        assert_eq!(x.functions[0].changes, 2);
        assert_eq!(back(5, &hunks[1], false), 3, "below the hunk: shifted back by 4 - 2");
        assert_eq!(back(2, &hunks[1], false), 1, "a start in the new lines: where the old ones begin");
        assert_eq!(back(2, &hunks[1], true), 3, "an end in the new lines: where the old ones end");
    }
}
