//! Principal against the outside oracles, on the fixtures in `tests/fixtures`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::analyze_as;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures exist")
        .map(|e| e.expect("readable").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !(name.ends_with(".csv") || name.ends_with(".json") || name.ends_with(".md"))
        })
        .collect();
    files.sort();
    assert!(files.len() >= 20, "fixtures for every parsed language");
    files
}

/// The places where Principal's cyclomatic complexity differs from lizard's on purpose:
/// (file, start line) -> (Principal's value, why). Each is documented in docs/metrics.md.
const DEVIATIONS: &[(&str, u32, u32, &str)] = &[
    ("js_basic.js", 27, 2, "lizard reads `a?1:2` (no spaces) as one token and misses the ternary"),
    ("rs_basic.rs", 45, 1, "`&&T` is a reference, not a logical operator"),
    ("rs_basic.rs", 50, 2, "`|| expr` opens a closure, not a logical operator"),
    ("rs_basic.rs", 57, 1, "a `where` clause bounds types; it is not a branch"),
    ("cs_basic.cs", 21, 5, "lizard does not count `foreach` as a loop"),
    ("cs_basic.cs", 31, 3, "`?.`, `?[` and `int?` are not branches; only `?:` and `??` are"),
    ("cs_basic.cs", 50, 3, "a switch expression's arms are branches (arms - 1, as for Rust's match)"),
    (
        "jsx_basic.jsx",
        5,
        3,
        "lizard ends a multi-line arrow at its first line and credits the rest to the parent",
    ),
    (
        "jsx_basic.jsx",
        13,
        2,
        "lizard ends a multi-line arrow at its first line and credits the rest to the parent",
    ),
    (
        "tsx_basic.tsx",
        5,
        3,
        "lizard ends a multi-line arrow at its first line and credits the rest to the parent",
    ),
    (
        "tsx_basic.tsx",
        13,
        2,
        "lizard ends a multi-line arrow at its first line and credits the rest to the parent",
    ),
    (
        "rb_basic.rb",
        23,
        4,
        "lizard opens no block for `until`: the method ends at the loop's `end` and loses the `for` after it",
    ),
];

/// Functions lizard reports that do not exist: (file, start line, why).
const LIZARD_ONLY: &[(&str, u32, &str)] = &[
    ("rs_impl.rs", 18, "lizard gives a bodiless `fn decl();` the body of the function after it"),
    ("php_basic.php", 90, "lizard gives a bodiless abstract method the body of the method after it"),
    ("php_basic.php", 104, "lizard gives a bodiless interface method the body of the trait method after it"),
];

#[test]
fn line_counts_equal_tokei() {
    for path in fixtures() {
        let name = path.file_name().and_then(|n| n.to_str()).expect("utf-8 name");
        let source = std::fs::read_to_string(&path).expect("readable fixture");
        let sidecar = std::fs::read_to_string(path.with_file_name(format!("{name}.tokei.json")))
            .expect("tokei sidecar");
        let tokei: serde_json::Value = serde_json::from_str(sidecar.trim()).expect("one JSON object");
        let lines = analyze_as(name, &source).lines;
        let got = (lines.code, lines.comment, lines.blank);
        let want = (
            tokei["code"].as_u64().expect("code"),
            tokei["comments"].as_u64().expect("comments"),
            tokei["blanks"].as_u64().expect("blanks"),
        );
        assert_eq!(got, want, "{name}: (code, comment, blank) against tokei");
    }
}

#[test]
fn cyclomatic_equals_lizard() {
    let deviations: BTreeMap<(&str, u32), (u32, &str)> =
        DEVIATIONS.iter().map(|&(file, line, ours, why)| ((file, line), (ours, why))).collect();
    let mut compared = 0;
    let mut used = 0;
    let mut failures = Vec::new();
    for path in fixtures() {
        let name = path.file_name().and_then(|n| n.to_str()).expect("utf-8 name");
        let source = std::fs::read_to_string(&path).expect("readable fixture");
        let csv = std::fs::read_to_string(path.with_file_name(format!("{name}.lizard.csv")))
            .expect("lizard sidecar");
        let ours = analyze_as(name, &source);
        for row in csv.lines().skip(1) {
            // NLOC,CCN,token,PARAM,length,location,file,function,long_name,start,end
            let cols: Vec<&str> = row.split(',').collect();
            let ccn: u32 = cols[1].parse().expect("CCN");
            let start: u32 = cols[cols.len() - 2].parse().expect("start");
            let function = cols[7].trim_matches('"');
            if function == "*global*" {
                continue; // lizard's stray global row (its quirk with expression-bodied members)
            }
            let Some(f) = ours.functions.iter().find(|f| f.start_line == start) else {
                if LIZARD_ONLY.iter().any(|&(file, line, _)| (file, line) == (name, start)) {
                    continue;
                }
                failures.push(format!(
                    "{name}:{start}: lizard reports `{function}`, Principal has no function there"
                ));
                continue;
            };
            compared += 1;
            match deviations.get(&(name, start)) {
                Some(&(want, why)) => {
                    used += 1;
                    if ccn == want {
                        failures
                            .push(format!("{name}:{start} is listed as a deviation but agrees with lizard"));
                    } else if f.cyclomatic != want {
                        failures
                            .push(format!("{name}:{start} `{function}`: {} != {want}: {why}", f.cyclomatic));
                    }
                }
                None if f.cyclomatic != ccn => failures
                    .push(format!("{name}:{start} `{function}`: Principal {} lizard {ccn}", f.cyclomatic)),
                None => {}
            }
        }
    }
    assert!(failures.is_empty(), "disagreements with lizard:\n{}", failures.join("\n"));
    assert_eq!(used, DEVIATIONS.len(), "every listed deviation was seen");
    assert!(compared >= 120, "compared {compared} functions");
}

/// The parse budget (`PARSE_OPS_PER_BYTE`) leaves real code far inside it: every fixture of
/// every language parses in a few operations per byte.
#[test]
fn real_code_parses_far_inside_the_budget() {
    for path in fixtures() {
        let name = path.file_name().and_then(|n| n.to_str()).expect("utf-8 name");
        let source = std::fs::read(&path).expect("readable fixture");
        let detected = principal_lang::detect(name, &source).expect("a language");
        let Some(hundreds) = principal_lang::parse_cost(&detected.language, &source) else { continue };
        let per_byte = (hundreds * 100) as f64 / source.len() as f64;
        assert!(
            per_byte * 10.0 < principal_lang::PARSE_OPS_PER_BYTE as f64,
            "{name}: {per_byte:.1} per byte"
        );
    }
}

/// Fuzzed text on which tree-sitter-kotlin-ng's error recovery explodes (6 million nodes from
/// 1.3 KB) is abandoned within the budget: counted, with a parse error, and no functions.
#[test]
fn a_parse_that_explodes_is_abandoned() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions/source/kotlin-slow");
    let bytes = std::fs::read(&path).expect("the fuzz regression");
    // The fuzz target's first byte picks the language.
    let source = &bytes[1..];
    let detected = principal_lang::detect("a.kt", source).expect("kotlin");
    let facts = principal_lang::analyze("a.kt".to_owned(), &detected, source);
    assert_eq!(facts.parse_errors, 1);
    assert!(facts.functions.is_empty());
    assert!(facts.lines.code > 0, "its lines are still counted");
}
