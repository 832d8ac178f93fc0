use super::*;

#[test]
fn the_issue_example_parses() {
    let c = parse(
        "[[rules.forbidden]]\nname = \"cli-not-core\"\nfrom = \"py/app/cli.py\"\nto = \"py/app/core.py\"\n\n[rules]\nno_cycles = true\nmax_cyclomatic = 6\n",
        "principal.toml",
    )
    .expect("valid");
    assert_eq!(c.rules.forbidden[0].name, "cli-not-core");
    assert!(c.rules.no_cycles);
    assert_eq!(c.rules.max_cyclomatic, Some(6));
}

#[test]
fn errors_name_the_file_the_position_and_the_key() {
    let e =
        parse("[rules]\nno_cycles = true\nmax_cyclomatc = 6\n", "principal.toml").expect_err("unknown key");
    let m = e.to_string();
    assert!(m.starts_with("principal.toml: "), "{m}");
    assert!(m.contains("line 3") && m.contains("max_cyclomatc"), "{m}");

    let e = parse("[rules\nno_cycles = true\n", "p.toml").expect_err("malformed");
    assert!(e.to_string().contains("line 1"), "{e}");

    let e = parse("[rules]\nmax_cyclomatic = \"six\"\n", "p.toml").expect_err("bad value");
    assert!(e.to_string().contains("line 2"), "{e}");

    let e = parse("[[rules.forbidden]]\nname = \"x\"\nfrom = \"a/[\"\nto = \"b\"\n", "p.toml")
        .expect_err("bad glob");
    assert!(e.to_string().contains("forbidden rule `x`") && e.to_string().contains("a/["), "{e}");
}

#[test]
fn fingerprints_ignore_lines() {
    assert_eq!(fingerprint(&["r", "a.py", "b.py"]), fingerprint(&["r", "a.py", "b.py"]));
    assert_ne!(fingerprint(&["r", "a.py", "b.py"]), fingerprint(&["r", "a.py", "c.py"]));
    assert_ne!(fingerprint(&["r", "ab", "c"]), fingerprint(&["r", "a", "bc"]));
}

#[test]
fn a_component_glob_of_300000_characters_is_an_error_not_a_panic() {
    let glob = format!("{}*", "a/".repeat(150_000));
    let text = format!("[components]\nhuge = [\"{glob}\"]\n");
    let e = parse(&text, "principal.toml").expect_err("too long");
    assert!(e.to_string().contains("too long"), "{e}");
}
