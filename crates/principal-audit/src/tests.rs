use super::*;

#[test]
fn readme_prose_skips_badges_and_code() {
    let text = "# Widget\n\n[![ci](x.svg)](y)\n\nWidget turns invoices into\nledger entries for small shops.\n\n```\ncargo run\n```\n\nIt runs offline and needs no database at all.\n\n## Install\n\nRun it.\n";
    let (title, paragraphs) = onboarding::readme_prose(text);
    assert_eq!(title.as_deref(), Some("Widget"));
    assert_eq!(
        paragraphs,
        vec![
            "Widget turns invoices into ledger entries for small shops.".to_owned(),
            "It runs offline and needs no database at all.".to_owned()
        ]
    );
}

#[test]
fn readme_prose_is_plain_text_and_titles_are_names() {
    let text = "# [![logo](logo.png)](https://x.io) **Requests** [![ci](b.svg)](c)\n\n**Requests** is a simple, yet elegant, \
                HTTP library: ``pip install requests`` and see :func:`requests.get` or the `docs <https://docs.x.io>`_.\n";
    let (title, paragraphs) = onboarding::readme_prose(text);
    assert_eq!(title.as_deref(), Some("Requests"));
    assert_eq!(
        paragraphs,
        ["Requests is a simple, yet elegant, HTTP library: pip install requests and see requests.get or the docs.".to_owned()]
    );
    let (title, _) = onboarding::readme_prose("# Table of contents\n\n- [Install](#install)\n");
    assert_eq!(title, None, "a section heading is not a name");
    let (title, _) =
        onboarding::readme_prose("# Getting Started\n\nRun `make` and then read the guide below.\n");
    assert_eq!(title, None);
    assert_eq!(onboarding::plain("[Gin 1.12.0](https://gin.io/x) is **out**"), "Gin 1.12.0 is out");
    let (title, _) =
        onboarding::readme_prose("Git - fast, scalable, distributed revision control system\n=====\n");
    assert_eq!(title.as_deref(), Some("Git"));
    assert_eq!(onboarding::plain("<p align=\"center\">Fast</p>"), "Fast");
}

/// commons-lang opens its README with the license in an HTML comment; axios lists its sections
/// and a browser-support table before saying anything.
#[test]
fn readme_prose_skips_comments_lists_and_tables() {
    let text = "<!---\n Licensed to the Apache Software Foundation (ASF) under one or more\n contributor license agreements.\n-->\n\
                # Commons Lang\n\n- [Features](#features)\n- [Browser Support](#browser-support)\n1. Install it with npm or yarn\n\n\
                --- | --- | --- | --- |\nLatest ✔ | Latest ✔ | Latest ✔ | 11 ✔ |\n\n\
                A package of Java utility classes for the classes in java.lang.\n";
    let (title, paragraphs) = onboarding::readme_prose(text);
    assert_eq!(title.as_deref(), Some("Commons Lang"));
    assert_eq!(paragraphs, ["A package of Java utility classes for the classes in java.lang.".to_owned()]);
}

#[test]
fn test_paths() {
    for p in [
        "tests/it.rs",
        "pkg/foo_test.go",
        "a/test_x.py",
        "src/x.test.ts",
        "src/FooTest.java",
        "a/__tests__/b.js",
        "test.c",
        "src/tests.rs",
    ] {
        assert!(is_test_path(p), "{p}");
    }
    for p in ["src/main.rs", "latest.py", "src/contest/x.go", "Test.java"] {
        assert!(!is_test_path(p), "{p}");
    }
}

#[test]
fn severity_thresholds_and_ranking() {
    assert_eq!(Severity::of_score(80), Severity::Critical);
    assert_eq!(Severity::of_score(79), Severity::High);
    assert_eq!(Severity::of_score(40), Severity::Medium);
    assert_eq!(Severity::of_score(39), Severity::Low);
    let risk = |kind, key: &str, score| {
        Risk::new(
            kind,
            key,
            score,
            String::new(),
            Vec::new(),
            Vec::new(),
            Audience::Engineering,
            Default::default(),
        )
    };
    let mut risks = vec![
        risk(RiskKind::Hotspot, "b", 50.0),
        risk(RiskKind::Cycle, "a", 50.0),
        risk(RiskKind::Hotspot, "a", 90.4),
        risk(RiskKind::Hotspot, "a", 10.0),
    ];
    risks::rank(&mut risks);
    let ids: Vec<(&str, u32)> = risks.iter().map(|r| (r.id.as_str(), r.score)).collect();
    assert_eq!(ids, [("hotspot:a", 90), ("cycle:a", 50), ("hotspot:b", 50), ("hotspot:a#2", 10)]);
}

/// The grade is the code's: knowledge and security risks are ranked in the register, apart.
#[test]
fn knowledge_risks_do_not_grade_the_code() {
    let risk = |kind: RiskKind, i: usize| {
        Risk::new(
            kind,
            &format!("x{i}"),
            70.0,
            "t".to_owned(),
            Vec::new(),
            Vec::new(),
            Audience::Engineering,
            ["why".to_owned(), "act".to_owned(), "plain".to_owned()],
        )
    };
    let knowledge: Vec<Risk> = (0..6).map(|i| risk(RiskKind::LowTruckFactor, i)).collect();
    let h = health(&knowledge, None, &[]);
    assert_eq!(h.rating, "good", "{}", h.explanation);
    assert!(h.explanation.contains("6 critical or high knowledge risks"), "{}", h.explanation);
    let code: Vec<Risk> = (0..6).map(|i| risk(RiskKind::ComplexFunction, i)).collect();
    assert_eq!(health(&code, None, &[]).rating, "poor");
}

#[test]
fn setup_cfg_names_a_python_project() {
    let text = "[options]\nname = wrong\n\n[metadata]\nname = httpie\ndescription = HTTPie: a command-line HTTP client.\nlong_description = file: README.md\n";
    let (name, desc) = onboarding::manifest_description("setup.cfg", text);
    assert_eq!(name.as_deref(), Some("httpie"));
    assert_eq!(desc.as_deref(), Some("HTTPie: a command-line HTTP client."));
}

#[test]
fn a_cycle_inside_one_folder_tree_has_a_root() {
    let ids = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let root = |v: &[&str]| risks::nesting_root(&ids(v)).map(str::to_owned);
    assert_eq!(root(&["uvicorn", "uvicorn/supervisors"]).as_deref(), Some("uvicorn"));
    assert_eq!(root(&["lib/interfaces", "lib", "lib/nodejs"]).as_deref(), Some("lib"));
    assert_eq!(root(&[".", "lib"]).as_deref(), Some("."));
    assert_eq!(root(&["a", "b"]), None, "siblings are two packages");
    assert_eq!(root(&["lib", "libs/x"]), None, "a prefix is not a parent");
}
