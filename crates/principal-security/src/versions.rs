//! Version ordering by each ecosystem's own rules: SemVer (crates.io, npm, Go), PEP 440 (PyPI),
//! Maven's ComparableVersion, RubyGems' Gem::Version and Composer's version_compare.

use std::cmp::Ordering;

/// Compares two versions of `ecosystem`.
pub fn compare(ecosystem: &str, a: &str, b: &str) -> Ordering {
    match ecosystem {
        "PyPI" => pep440(a).cmp(&pep440(b)),
        "Maven" => maven(a, b),
        "RubyGems" => gem(a, b),
        "Packagist" => composer(a, b),
        _ => semver_cmp(a, b),
    }
}

/// SemVer 2.0 precedence; a leading `v` and missing minor or patch are tolerated
/// (Go's `v1.2.3`, npm's loose versions); build metadata is ignored.
fn semver_cmp(a: &str, b: &str) -> Ordering {
    match (loose_semver(a), loose_semver(b)) {
        (Some(x), Some(y)) => x.cmp_precedence(&y),
        _ => natural(a, b),
    }
}

fn loose_semver(v: &str) -> Option<semver::Version> {
    let v = v.trim().trim_start_matches(['v', '=']);
    if let Ok(x) = semver::Version::parse(v) {
        return Some(x);
    }
    let (core, rest) = match v.find(['-', '+']) {
        Some(i) => (&v[..i], &v[i..]),
        None => (v, ""),
    };
    let mut parts: Vec<&str> = core.split('.').collect();
    while parts.len() < 3 {
        parts.push("0");
    }
    semver::Version::parse(&format!("{}{rest}", parts.join("."))).ok()
}

/// Numbers compared as numbers, the rest as text: a fallback for unparsable versions.
fn natural(a: &str, b: &str) -> Ordering {
    let split = |s: &str| -> Vec<(u64, String)> {
        s.split(|c: char| !c.is_ascii_alphanumeric())
            .map(|p| {
                (
                    p.parse::<u64>().unwrap_or(0),
                    if p.parse::<u64>().is_ok() { String::new() } else { p.to_owned() },
                )
            })
            .collect()
    };
    split(a).cmp(&split(b))
}

/// PEP 440 ordering key: epoch, release (trailing zeros ignored), pre-release, post, dev,
/// local. A dev release sorts before its pre-releases, which sort before the release.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pep440 {
    epoch: u64,
    release: Vec<u64>,
    /// (0, 0, 0) for a dev-only release ("before everything"), (1, kind, n) for a/b/rc,
    /// (2, 0, 0) for none.
    pre: (u8, u8, u64),
    /// 0 for none, n + 1 for `.postN`.
    post: u64,
    /// (0, n) for `.devN`, (1, 0) for none.
    dev: (u8, u64),
    local: Vec<(u64, String)>,
}

pub fn pep440(v: &str) -> Pep440 {
    let s = v.trim().to_ascii_lowercase();
    let s = s.trim_start_matches('v');
    let (s, local) = match s.split_once('+') {
        Some((a, l)) => (a.to_owned(), l.to_owned()),
        None => (s.to_owned(), String::new()),
    };
    let (epoch, s) = match s.split_once('!') {
        Some((e, r)) => (e.parse().unwrap_or(0), r.to_owned()),
        None => (0, s),
    };
    let digits_end = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let mut release: Vec<u64> =
        s[..digits_end].split('.').filter(|p| !p.is_empty()).map(|p| p.parse().unwrap_or(0)).collect();
    while release.len() > 1 && release.last() == Some(&0) {
        release.pop();
    }
    let mut rest = s[digits_end..].trim_start_matches(['.', '-', '_']).to_owned();
    let take_num = |r: &mut String| -> u64 {
        let t = r.trim_start_matches(['.', '-', '_']);
        let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let n = t[..end].parse().unwrap_or(0);
        *r = t[end..].trim_start_matches(['.', '-', '_']).to_owned();
        n
    };
    let mut pre = (2u8, 0u8, 0u64);
    for (prefix, kind) in
        [("alpha", 0u8), ("a", 0), ("beta", 1), ("b", 1), ("preview", 2), ("pre", 2), ("rc", 2), ("c", 2)]
    {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.to_owned();
            pre = (1, kind, take_num(&mut rest));
            break;
        }
    }
    let mut post = 0u64;
    for prefix in ["post", "rev", "r"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.to_owned();
            post = take_num(&mut rest) + 1;
            break;
        }
    }
    let mut dev = (1u8, 0u64);
    if let Some(r) = rest.strip_prefix("dev") {
        rest = r.to_owned();
        dev = (0, take_num(&mut rest));
        if pre.0 == 2 && post == 0 {
            pre = (0, 0, 0);
        }
    }
    let local = local
        .split(['.', '-', '_'])
        .filter(|p| !p.is_empty())
        .map(|p| match p.parse::<u64>() {
            Ok(n) => (n + 1, String::new()),
            Err(_) => (0, p.to_owned()),
        })
        .collect();
    Pep440 { epoch, release, pre, post, dev, local }
}

/// Maven's ComparableVersion, simplified: items split at `.`, `-` and digit/letter changes;
/// numbers numerically; qualifiers alpha < beta < milestone < rc < snapshot < (release) < sp;
/// unknown qualifiers after, alphabetically; trailing zeros and release qualifiers dropped.
fn maven(a: &str, b: &str) -> Ordering {
    #[derive(PartialEq, Eq, PartialOrd, Ord, Debug)]
    enum Item {
        Qualifier(u8, String),
        Number(u64),
    }
    let items = |v: &str| -> Vec<Item> {
        let lower = v.trim().to_ascii_lowercase();
        let mut parts: Vec<String> = Vec::new();
        let mut cur = String::new();
        for c in lower.chars() {
            if c == '.' || c == '-' || c == '_' {
                if !cur.is_empty() {
                    parts.push(std::mem::take(&mut cur));
                }
                continue;
            }
            if let Some(last) = cur.chars().last()
                && last.is_ascii_digit() != c.is_ascii_digit()
            {
                parts.push(std::mem::take(&mut cur));
            }
            cur.push(c);
        }
        if !cur.is_empty() {
            parts.push(cur);
        }
        let mapped: Vec<Item> = parts
            .into_iter()
            .map(|p| match p.parse::<u64>() {
                Ok(n) => Item::Number(n),
                Err(_) => {
                    let rank = match p.as_str() {
                        "alpha" | "a" => 0,
                        "beta" | "b" => 1,
                        "milestone" | "m" => 2,
                        "rc" | "cr" => 3,
                        "snapshot" => 4,
                        "" | "ga" | "final" | "release" => 5,
                        "sp" => 6,
                        _ => 7,
                    };
                    Item::Qualifier(rank, if rank == 7 { p } else { String::new() })
                }
            })
            .collect();
        // Zeros before a qualifier do not count: 1.0-alpha is 1-alpha.
        let mut out: Vec<Item> = Vec::with_capacity(mapped.len());
        for item in mapped {
            if matches!(item, Item::Qualifier(..)) {
                while matches!(out.last(), Some(Item::Number(0))) && out.len() > 1 {
                    out.pop();
                }
            }
            out.push(item);
        }
        while matches!(out.last(), Some(Item::Number(0)) | Some(Item::Qualifier(5, _))) {
            out.pop();
        }
        out
    };
    let (x, y) = (items(a), items(b));
    for i in 0..x.len().max(y.len()) {
        let o = match (x.get(i), y.get(i)) {
            (Some(p), Some(q)) => p.cmp(q),
            // A missing item is a release: qualifiers before release sort lower, numbers higher.
            (Some(Item::Number(_)), None) => Ordering::Greater,
            (None, Some(Item::Number(_))) => Ordering::Less,
            (Some(Item::Qualifier(r, _)), None) => r.cmp(&5),
            (None, Some(Item::Qualifier(r, _))) => 5.cmp(r),
            (None, None) => Ordering::Equal,
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// Gem::Version: segments at `.` and digit/letter changes; a version with a letter is a
/// pre-release, before the release; numbers beat letters.
fn gem(a: &str, b: &str) -> Ordering {
    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    enum Seg {
        Text(String),
        Number(u64),
    }
    let segs = |v: &str| -> Vec<Seg> {
        let mut out = Vec::new();
        for part in v.trim().split(['.', '-']) {
            let mut cur = String::new();
            for c in part.chars() {
                if let Some(last) = cur.chars().last()
                    && last.is_ascii_digit() != c.is_ascii_digit()
                {
                    out.push(std::mem::take(&mut cur));
                }
                cur.push(c);
            }
            if !cur.is_empty() {
                out.push(cur);
            }
        }
        let mut segs: Vec<Seg> =
            out.into_iter().map(|s| s.parse().map(Seg::Number).unwrap_or(Seg::Text(s))).collect();
        while matches!(segs.last(), Some(Seg::Number(0))) && segs.len() > 1 {
            segs.pop();
        }
        segs
    };
    let (x, y) = (segs(a), segs(b));
    for i in 0..x.len().max(y.len()) {
        let o = match (x.get(i), y.get(i)) {
            (Some(p), Some(q)) => p.cmp(q),
            (Some(Seg::Text(_)), None) => Ordering::Less,
            (None, Some(Seg::Text(_))) => Ordering::Greater,
            (Some(Seg::Number(n)), None) => n.cmp(&0),
            (None, Some(Seg::Number(n))) => 0.cmp(n),
            (None, None) => Ordering::Equal,
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// Composer (PHP version_compare after normalisation): dev < alpha < beta < RC < release < patch.
fn composer(a: &str, b: &str) -> Ordering {
    let norm = |v: &str| -> Vec<(i64, u64)> {
        let lower = v.trim().trim_start_matches('v').to_ascii_lowercase();
        let mut out = Vec::new();
        let mut cur = String::new();
        let push = |cur: &mut String, out: &mut Vec<(i64, u64)>| {
            if cur.is_empty() {
                return;
            }
            let item = match cur.parse::<u64>() {
                Ok(n) => (0, n),
                Err(_) => match cur.as_str() {
                    "dev" => (-5, 0),
                    "alpha" | "a" => (-4, 0),
                    "beta" | "b" => (-3, 0),
                    "rc" => (-2, 0),
                    "pl" | "p" | "patch" => (1, 0),
                    _ => (-6, 0),
                },
            };
            out.push(item);
            cur.clear();
        };
        for c in lower.chars() {
            if matches!(c, '.' | '-' | '_' | '+') {
                push(&mut cur, &mut out);
                continue;
            }
            if let Some(last) = cur.chars().last()
                && last.is_ascii_digit() != c.is_ascii_digit()
            {
                push(&mut cur, &mut out);
            }
            cur.push(c);
        }
        push(&mut cur, &mut out);
        while out.last() == Some(&(0, 0)) && out.len() > 1 {
            out.pop();
        }
        out
    };
    let (x, y) = (norm(a), norm(b));
    for i in 0..x.len().max(y.len()) {
        let o = match (x.get(i), y.get(i)) {
            (Some(p), Some(q)) => p.cmp(q),
            (Some(p), None) => p.0.cmp(&0).then(if p.0 == 0 { p.1.cmp(&0) } else { Ordering::Equal }),
            (None, Some(q)) => 0.cmp(&q.0).then(if q.0 == 0 { 0.cmp(&q.1) } else { Ordering::Equal }),
            (None, None) => Ordering::Equal,
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}
