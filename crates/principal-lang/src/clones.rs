//! Token-level clone detection: the same sequence of at least [`MIN_TOKENS`] tokens in two
//! places, comments and whitespace left out (type-1 clones, what jscpd and PMD's CPD find).
//!
//! Each file's token stream is reduced to fingerprints by winnowing (Schleimer, Wilkerson and
//! Aiken, 2003): the hashes of every run of [`K`] consecutive tokens, of which each window of
//! [`W`] consecutive runs keeps its smallest. Any sequence of `W + K - 1 = MIN_TOKENS` tokens that
//! two places share gives both the same fingerprint, so no clone of that length is missed, while
//! a file keeps about one fingerprint in `(W + 1) / 2` tokens. [`find`] then pairs equal
//! fingerprints and chains the pairs that keep the same distance into clones.
//!
//! The span reported for a clone runs from its first shared fingerprint to the end of its
//! last one: it may start and end up to `W - 1` tokens inside the true clone's edges.

use std::collections::HashMap;

use principal_model::{FileFacts, Fingerprint};
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

/// Tokens per hashed run.
pub const K: usize = 20;
/// Runs per winnowing window.
pub const W: usize = 31;
/// The shortest clone reported, in tokens: `W + K - 1`, the length winnowing guarantees to see.
pub const MIN_TOKENS: u32 = (W + K - 1) as u32;
/// The shortest clone reported, in lines.
pub const MIN_LINES: u32 = 5;
/// A fingerprint found in more places than this is boilerplate (a licence block in code, a
/// run of imports): it starts no clone, which keeps pairing linear in practice.
const MAX_PLACES: usize = 16;

/// The tokens of one file as the walk meets them.
#[derive(Default)]
pub(crate) struct Tokens {
    hashes: Vec<u64>,
    lines: Vec<u32>,
}

impl Tokens {
    /// Adds a token; returns its hash.
    pub(crate) fn push(&mut self, text: &[u8], line: u32) -> u64 {
        let hash = xxh3_64(text);
        self.hashes.push(hash);
        self.lines.push(line);
        hash
    }

    pub(crate) fn hashes(&self) -> &[u64] {
        &self.hashes
    }

    pub(crate) fn len(&self) -> usize {
        self.hashes.len()
    }

    /// The winnowed fingerprints of the stream.
    pub(crate) fn fingerprints(&self) -> Vec<Fingerprint> {
        let n = self.hashes.len();
        if n < K {
            return Vec::new();
        }
        // Polynomial rolling hash of each run of K tokens (wrapping arithmetic).
        const BASE: u64 = 0x100_0000_01b3;
        let top = (1..K).fold(1u64, |p, _| p.wrapping_mul(BASE));
        let mut runs = Vec::with_capacity(n - K + 1);
        let mut h = self.hashes[..K].iter().fold(0u64, |h, &t| h.wrapping_mul(BASE).wrapping_add(t));
        runs.push(h);
        for i in K..n {
            h = h
                .wrapping_sub(self.hashes[i - K].wrapping_mul(top))
                .wrapping_mul(BASE)
                .wrapping_add(self.hashes[i]);
            runs.push(h);
        }
        // Winnowing with a monotonic queue: each window keeps its rightmost minimum.
        let mut out = Vec::new();
        let mut queue: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
        let mut last = usize::MAX;
        for (i, &r) in runs.iter().enumerate() {
            while queue.back().is_some_and(|&j| runs[j] >= r) {
                queue.pop_back();
            }
            queue.push_back(i);
            if i + 1 < W.min(runs.len()) {
                continue;
            }
            while queue.front().is_some_and(|&j| j + W <= i) {
                queue.pop_front();
            }
            let &min = queue.front().expect("holds i");
            if min != last {
                last = min;
                out.push(Fingerprint {
                    hash: runs[min],
                    token: min as u32,
                    start_line: self.lines[min],
                    end_line: self.lines[min + K - 1],
                });
            }
        }
        out
    }
}

/// Lines of one side of a clone (1-based, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// The file's index in the scan.
    pub file: u32,
    pub start_line: u32,
    pub end_line: u32,
}

impl Span {
    pub fn lines(&self) -> u32 {
        self.end_line + 1 - self.start_line
    }
}

/// Two places that hold the same token sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClonePair {
    pub a: Span,
    pub b: Span,
    /// The shared tokens the span covers.
    pub tokens: u32,
}

/// A fingerprint's place: file index and fingerprint index in that file.
#[derive(Clone, Copy)]
struct Place {
    file: u32,
    fp: u32,
}

/// Clone pairs among `files` whose `include` is true, longest first. Each pair has `a` before
/// `b` in (file, line) order; a file's clone of itself never overlaps itself.
pub fn find(files: &[FileFacts], include: impl Fn(usize) -> bool) -> Vec<ClonePair> {
    let mut places: HashMap<u64, Vec<Place>> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        if !include(i) {
            continue;
        }
        for (j, fp) in f.fingerprints.iter().enumerate() {
            places.entry(fp.hash).or_default().push(Place { file: i as u32, fp: j as u32 });
        }
    }
    // (file a, file b, distance in tokens, token in a, fingerprint in a, fingerprint in b)
    let mut matches: Vec<(u32, u32, i64, u32, u32, u32)> = Vec::new();
    for list in places.values() {
        if list.len() < 2 || list.len() > MAX_PLACES {
            continue;
        }
        for (x, p) in list.iter().enumerate() {
            for q in &list[x + 1..] {
                let (p, q) = if (p.file, p.fp) <= (q.file, q.fp) { (p, q) } else { (q, p) };
                let tp = files[p.file as usize].fingerprints[p.fp as usize].token;
                let tq = files[q.file as usize].fingerprints[q.fp as usize].token;
                if p.file == q.file && (tq as usize) < tp as usize + K {
                    continue;
                }
                matches.push((p.file, q.file, i64::from(tq) - i64::from(tp), tp, p.fp, q.fp));
            }
        }
    }
    matches.sort_unstable();
    let mut pairs = Vec::new();
    let mut start = 0;
    while start < matches.len() {
        let (fa, fb, distance, ..) = matches[start];
        let mut end = start + 1;
        while end < matches.len() {
            let (a, b, d, t, ..) = matches[end];
            let prev = matches[end - 1].3;
            if (a, b, d) != (fa, fb, distance) || t as usize > prev as usize + W + 1 {
                break;
            }
            end += 1;
        }
        let first = matches[start];
        let last = matches[end - 1];
        start = end;
        let (a, b) = (&files[fa as usize].fingerprints, &files[fb as usize].fingerprints);
        let tokens = last.3 + K as u32 - first.3;
        if fa == fb && (distance as u32) < tokens {
            // Overlaps itself: a repeated pattern, not a copy.
            continue;
        }
        let side = |fps: &[Fingerprint], file: u32, i: u32, j: u32| Span {
            file,
            start_line: fps[i as usize].start_line,
            end_line: fps[j as usize].end_line.max(fps[i as usize].start_line),
        };
        let sa = side(a, fa, first.4, last.4);
        let sb = side(b, fb, first.5, last.5);
        if tokens < MIN_TOKENS || sa.lines() < MIN_LINES || sb.lines() < MIN_LINES {
            continue;
        }
        pairs.push(ClonePair { a: sa, b: sb, tokens });
    }
    pairs.sort_by(|x, y| y.tokens.cmp(&x.tokens).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b)));
    pairs
}

/// For each file, the number of its lines inside some clone (either side).
pub fn duplicated_lines(pairs: &[ClonePair], files: usize) -> Vec<u32> {
    let mut spans: Vec<Vec<(u32, u32)>> = vec![Vec::new(); files];
    for p in pairs {
        for s in [p.a, p.b] {
            if let Some(v) = spans.get_mut(s.file as usize) {
                v.push((s.start_line, s.end_line));
            }
        }
    }
    spans
        .into_iter()
        .map(|mut v| {
            v.sort_unstable();
            let mut total = 0;
            let mut reach = 0;
            for (s, e) in v {
                let s = s.max(reach + 1);
                if e >= s {
                    total += e + 1 - s;
                }
                reach = reach.max(e);
            }
            total
        })
        .collect()
}
