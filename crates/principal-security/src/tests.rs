use super::*;

fn scan(text: &str) -> Vec<Hit> {
    Scanner::new(&SecretsConfig::default()).expect("rules compile").scan("config.py", text.as_bytes())
}

fn rules(text: &str) -> Vec<String> {
    scan(text).into_iter().map(|h| h.rule).collect()
}

// Test keys are built from pieces so that this file holds no whole key.
fn k(parts: &[&str]) -> String {
    parts.concat()
}

#[test]
fn builtin_rules_compile_and_cover_the_providers() {
    let s = Scanner::new(&SecretsConfig::default()).expect("compile");
    let ids: Vec<&str> = s.rule_ids().into_iter().map(|(id, _)| id).collect();
    for id in [
        "aws-access-key-id",
        "gcp-api-key",
        "github-token",
        "slack-webhook",
        "private-key",
        "jwt",
        "database-url",
        "generic-secret",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
}

#[test]
fn finds_provider_keys() {
    let cases = [
        (format!("key = \"{}\"", k(&["AKIA", "QWERTYUIOPASDFGH"])), "aws-access-key-id"),
        (format!("token: {}", k(&["ghp_", "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5"])), "github-token"),
        (
            format!(
                "url = '{}'",
                k(&["https://hooks.slack.com/services/", "T0123ABCD/B0123ABCD/aB3dE5gH7jK9mN1pQ3sT5vW7"])
            ),
            "slack-webhook",
        ),
        (format!("stripe = {}", k(&["sk_live_", "4eC39HqLyjWDarjtT1zdp7dc"])), "stripe-key"),
        (
            format!("DATABASE_URL=postgres://app:{}@db.internal:5432/app", k(&["s3cr3t", "Pa55w0rd"])),
            "database-url",
        ),
        (format!("k = '{}'", k(&["AIza", "SyD3kQ7vLp2Rn8Wt0123456789abcdefghi"])), "gcp-api-key"),
        (
            format!(
                "-----BEGIN RSA {}-----\n{}\n-----END RSA {}-----",
                "PRIVATE KEY",
                "MIIEowIBAAKCAQEA".repeat(6),
                "PRIVATE KEY"
            ),
            "private-key",
        ),
        (format!("api_key = \"{}\"", k(&["q8Zr2Lp0", "Xv7Nc3Wm9Kt"])), "generic-secret"),
    ];
    for (text, rule) in cases {
        assert_eq!(rules(&text), [rule], "{text}");
    }
}

#[test]
fn known_false_positives_are_ignored() {
    for text in [
        "aws_key = \"AKIAIOSFODNN7EXAMPLE\"",
        "password = \"changeme\"",
        "password = \"${DB_PASSWORD}\"",
        "token = os.environ[\"TOKEN\"]",
        "secret_id = \"123e4567-e89b-12d3-a456-426614174000\"",
        "checksum_token = \"d41d8cd98f00b204e9800998ecf8427e\"",
        "password = \"xxxxxxxxxxxx\"",
        "DATABASE_URL=postgres://user:${PASSWORD}@localhost/db",
        "password = self.password_field",
        "pub secrets: principal_security::SecretsConfig,",
        "let secrets = crate::security::tree_findings(path);",
        "token = read_token_from_disk",
        "            Token::RecursiveSuffix => {",
        // A struct field set from a reference to another: code, not a value.
        "            brace_token: &self.brace_token,",
        "let secret = *secret_ref.inner;",
        // Optional chaining is a code path too (Swift, Kotlin, TypeScript).
        "if let credentialStorage = delegate?.sessionConfiguration.urlCredentialStorage {",
        // A shell template splicing in an environment variable.
        "  kSecret=\"JDCLOUD2$JD_ACCESS_KEY_SECRET\"",
    ] {
        assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
    }
}

#[test]
fn inline_allow_and_config_allowlists() {
    let key = k(&["ghp_", "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5"]);
    assert!(scan(&format!("t = \"{key}\"  # principal:allow")).is_empty());
    let config = SecretsConfig {
        allow: Allow { paths: vec!["fixtures/**".into()], regexes: vec!["^ghp_aB3d".into()] },
        ..SecretsConfig::default()
    };
    let s = Scanner::new(&config).expect("compile");
    assert!(s.scan("fixtures/a.py", format!("t = \"{key}\"").as_bytes()).is_empty());
    assert!(s.scan("src/a.py", format!("t = \"{key}\"").as_bytes()).is_empty());
    let disabled = SecretsConfig { disable: vec!["github-token".into()], ..SecretsConfig::default() };
    assert!(Scanner::new(&disabled).expect("compile").scan("a.py", format!("x {key}").as_bytes()).is_empty());
}

#[test]
fn findings_never_hold_the_secret() {
    let key = k(&["ghp_", "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5"]);
    let hits = scan(&format!("\n\nt = \"{key}\"\n"));
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].line, 3);
    assert_eq!(hits[0].redacted, "ghp_…");
    assert_eq!(hits[0].fingerprint.len(), 16);
    let debug = format!("{hits:?}");
    assert!(!debug.contains(&key[4..]), "{debug}");
}

#[test]
fn entropy_and_redaction() {
    assert_eq!(entropy("aaaa"), 0.0);
    assert!((entropy("abcd") - 2.0).abs() < 1e-9);
    assert_eq!(redact("abcdefghijklmnopqrst"), "abcd…");
    assert_eq!(redact("abcdefghij"), "ab…");
    assert_eq!(redact("abc"), "…");
}

mod versions_order {
    use std::cmp::Ordering::*;

    use crate::versions::compare;

    #[test]
    fn each_ecosystem_orders_by_its_own_rules() {
        let cases = [
            ("crates.io", "1.0.0-alpha", "1.0.0", Less),
            ("crates.io", "1.0.0-alpha.2", "1.0.0-alpha.10", Less),
            ("npm", "1.2", "1.2.0", Equal),
            ("Go", "v1.2.10", "v1.2.9", Greater),
            ("Go", "v0.0.0-20210101000000-abcdef123456", "v0.0.1", Less),
            ("PyPI", "1.0.dev1", "1.0a1", Less),
            ("PyPI", "1.0a1", "1.0b1", Less),
            ("PyPI", "1.0rc1", "1.0", Less),
            ("PyPI", "1.0", "1.0.post1", Less),
            ("PyPI", "1.0", "1.0.0", Equal),
            ("PyPI", "2.19.0", "2.20.0", Less),
            ("PyPI", "1!0.5", "2.0", Greater),
            ("PyPI", "1.0+local.1", "1.0", Greater),
            ("Maven", "1.0-alpha-1", "1.0", Less),
            ("Maven", "1.0-SNAPSHOT", "1.0", Less),
            ("Maven", "1.0-rc1", "1.0-SNAPSHOT", Less),
            ("Maven", "1.0", "1.0.0", Equal),
            ("Maven", "1.0-sp1", "1.0", Greater),
            ("Maven", "2.12.7.1", "2.12.7", Greater),
            ("RubyGems", "1.0.0.pre", "1.0.0", Less),
            ("RubyGems", "1.10", "1.9", Greater),
            ("RubyGems", "1.0", "1.0.0", Equal),
            ("Packagist", "1.0.0-dev", "1.0.0-alpha", Less),
            ("Packagist", "1.0.0-RC1", "1.0.0", Less),
            ("Packagist", "v2.1", "2.1.0", Equal),
            ("Packagist", "1.0.0-pl1", "1.0.0", Greater),
        ];
        for (eco, a, b, want) in cases {
            assert_eq!(compare(eco, a, b), want, "{eco}: {a} vs {b}");
            assert_eq!(compare(eco, b, a), want.reverse(), "{eco}: {b} vs {a}");
        }
    }
}

mod osv_matching {
    use crate::deps::purl;
    use crate::osv::{Database, Record};

    fn package(eco: &str, name: &str, version: &str) -> crate::deps::Package {
        crate::deps::Package {
            ecosystem: eco.into(),
            name: name.into(),
            version: version.into(),
            manifest: "m".into(),
            direct: Some(true),
            dev: None,
            purl: purl(eco, name, version),
        }
    }

    fn db(records: &[&str]) -> Database {
        let mut db = Database::default();
        for r in records {
            db.add(serde_json::from_str::<Record>(r).expect("record"));
        }
        db
    }

    #[test]
    fn ranges_and_version_lists() {
        let db = db(&[
            r#"{"id":"GHSA-1","aliases":["CVE-1"],"summary":"fixed range","database_specific":{"severity":"HIGH"},
                "affected":[{"package":{"ecosystem":"PyPI","name":"Requests"},
                  "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.20.0"}]}]}]}"#,
            r#"{"id":"GHSA-2","summary":"last affected",
                "affected":[{"package":{"ecosystem":"npm","name":"left-pad"},
                  "ranges":[{"type":"SEMVER","events":[{"introduced":"1.0.0"},{"last_affected":"1.2.0"}]}]}]}"#,
            r#"{"id":"GHSA-3","summary":"two ranges",
                "affected":[{"package":{"ecosystem":"crates.io","name":"smallvec"},
                  "ranges":[{"type":"SEMVER","events":[{"introduced":"0.6.0"},{"fixed":"0.6.14"},{"introduced":"1.0.0"},{"fixed":"1.6.1"}]}]}]}"#,
            r#"{"id":"GHSA-4","summary":"versions list",
                "affected":[{"package":{"ecosystem":"RubyGems","name":"rack"},"versions":["2.0.1","2.0.2"]}]}"#,
            r#"{"id":"GHSA-5","summary":"withdrawn","withdrawn":"2024-01-01T00:00:00Z",
                "affected":[{"package":{"ecosystem":"PyPI","name":"requests"},"versions":["2.19.0"]}]}"#,
        ]);
        let ids = |eco: &str, name: &str, v: &str| -> Vec<(String, Option<String>)> {
            db.matches(&package(eco, name, v)).into_iter().map(|x| (x.id, x.fixed)).collect()
        };
        assert_eq!(ids("PyPI", "requests", "2.19.0"), [("GHSA-1".to_owned(), Some("2.20.0".to_owned()))]);
        assert!(ids("PyPI", "requests", "2.20.0").is_empty());
        assert_eq!(ids("npm", "left-pad", "1.2.0").len(), 1);
        assert!(ids("npm", "left-pad", "1.2.1").is_empty());
        assert!(ids("npm", "left-pad", "0.9.0").is_empty());
        assert_eq!(
            ids("crates.io", "smallvec", "0.6.13"),
            [("GHSA-3".to_owned(), Some("0.6.14".to_owned()))]
        );
        assert!(ids("crates.io", "smallvec", "0.6.14").is_empty());
        assert_eq!(ids("crates.io", "smallvec", "1.6.0"), [("GHSA-3".to_owned(), Some("1.6.1".to_owned()))]);
        assert_eq!(ids("RubyGems", "rack", "2.0.2"), [("GHSA-4".to_owned(), None)]);
        assert!(ids("RubyGems", "rack", "2.0.3").is_empty());
        let v = db.matches(&package("PyPI", "requests", "2.19.0"));
        assert_eq!(
            (v[0].severity.as_deref(), v[0].aliases.clone()),
            (Some("HIGH"), vec!["CVE-1".to_owned()])
        );
    }
}

mod lockfiles {
    use crate::deps::parse;

    fn names(path: &str, text: &str) -> Vec<(String, String, String, Option<bool>)> {
        let mut v: Vec<_> = parse(path, text, &|_| None)
            .expect("parses")
            .packages
            .into_iter()
            .map(|p| (p.name, p.version, p.purl, p.direct))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn cargo_lock_marks_direct_and_edges() {
        let text = "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"serde\"]\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\ndependencies = [\"serde_derive\"]\n\n[[package]]\nname = \"serde_derive\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
        let p = parse("Cargo.lock", text, &|_| None).expect("parses");
        let got: Vec<(&str, Option<bool>)> = p.packages.iter().map(|x| (x.name.as_str(), x.direct)).collect();
        assert_eq!(got, [("serde", Some(true)), ("serde_derive", Some(false))]);
        assert_eq!(
            p.edges,
            [("pkg:cargo/serde@1.0.0".to_owned(), "pkg:cargo/serde_derive@1.0.0".to_owned())]
        );
    }

    #[test]
    fn yarn_keys_that_are_empty_or_start_with_a_non_ascii_character_are_not_a_panic() {
        for key in ["\"\":", ":", "é@1.0.0:", "\"é\":", "@:"] {
            let text = format!("{key}\n  version \"1.0.0\"\n");
            let _ = parse("yarn.lock", &text, &|_| None);
        }
        assert_eq!(names("yarn.lock", "é@^1:\n  version \"1.0.0\"\n")[0].0, "é");
    }

    #[test]
    fn pnpm_keys_that_are_empty_or_start_with_a_non_ascii_character_are_not_a_panic() {
        for key in ["''", "/", "é@1.0.0", "'@'", "@"] {
            let text = format!(
                "lockfileVersion: '9.0'\n\npackages:\n\n  {key}:\n    resolution: {{integrity: x}}\n"
            );
            let _ = parse("pnpm-lock.yaml", &text, &|_| None);
        }
        let text = "packages:\n\n  é@1.0.0:\n    resolution: {integrity: x}\n";
        assert_eq!(names("pnpm-lock.yaml", text)[0].0, "é");
    }

    #[test]
    fn npm_lockfiles() {
        let v3 = r#"{"lockfileVersion":3,"packages":{"":{"dependencies":{"@scope/a":"^1"}},
            "node_modules/@scope/a":{"version":"1.0.0","dependencies":{"b":"^2"}},
            "node_modules/b":{"version":"2.0.0"}}}"#;
        assert_eq!(
            names("web/package-lock.json", v3),
            [
                (
                    "@scope/a".to_owned(),
                    "1.0.0".to_owned(),
                    "pkg:npm/%40scope/a@1.0.0".to_owned(),
                    Some(true)
                ),
                ("b".to_owned(), "2.0.0".to_owned(), "pkg:npm/b@2.0.0".to_owned(), Some(false)),
            ]
        );
        let v1 = r#"{"lockfileVersion":1,"dependencies":{"a":{"version":"1.0.0","dependencies":{"b":{"version":"2.0.0"}}}}}"#;
        assert_eq!(names("package-lock.json", v1).len(), 2);
        let yarn1 = "# yarn lockfile v1\n\n\"@scope/a@^1.0.0\", \"@scope/a@^1.1.0\":\n  version \"1.2.0\"\n  resolved \"x\"\n\nb@^2:\n  version \"2.0.1\"\n";
        assert_eq!(names("yarn.lock", yarn1)[0].0, "@scope/a");
        let berry = "__metadata:\n  version: 6\n\n\"b@npm:^2.0.0\":\n  version: 2.0.1\n  resolution: \"b@npm:2.0.1\"\n";
        assert_eq!(
            names("yarn.lock", berry),
            [("b".to_owned(), "2.0.1".to_owned(), "pkg:npm/b@2.0.1".to_owned(), None)]
        );
        let pnpm = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      a:\n        specifier: ^1\n        version: 1.0.0\n\npackages:\n\n  a@1.0.0:\n    resolution: {integrity: x}\n\n  '@s/b@2.0.0':\n    resolution: {integrity: y}\n";
        assert_eq!(
            names("pnpm-lock.yaml", pnpm),
            [
                ("@s/b".to_owned(), "2.0.0".to_owned(), "pkg:npm/%40s/b@2.0.0".to_owned(), Some(false)),
                ("a".to_owned(), "1.0.0".to_owned(), "pkg:npm/a@1.0.0".to_owned(), Some(true)),
            ]
        );
    }

    #[test]
    fn python_go_ruby_php_java() {
        assert_eq!(
            names(
                "py/requirements.txt",
                "requests==2.19.0\n# comment\nflask>=2\nDjango[argon2]==4.2.1 ; python_version>'3'\n"
            ),
            [
                ("Django".to_owned(), "4.2.1".to_owned(), "pkg:pypi/django@4.2.1".to_owned(), Some(true)),
                (
                    "requests".to_owned(),
                    "2.19.0".to_owned(),
                    "pkg:pypi/requests@2.19.0".to_owned(),
                    Some(true)
                ),
            ]
        );
        assert_eq!(names("poetry.lock", "[[package]]\nname = \"Flask\"\nversion = \"2.0.0\"\n").len(), 1);
        let uv = "version = 1\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\nsource = { editable = \".\" }\ndependencies = [{ name = \"httpx\" }]\n[[package]]\nname = \"httpx\"\nversion = \"0.27.0\"\nsource = { registry = \"https://pypi.org/simple\" }\ndependencies = [{ name = \"idna\" }]\n[[package]]\nname = \"idna\"\nversion = \"3.7\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
        let got: Vec<(String, Option<bool>)> = names("uv.lock", uv).into_iter().map(|x| (x.0, x.3)).collect();
        assert_eq!(got, [("httpx".to_owned(), Some(true)), ("idna".to_owned(), Some(false))]);
        assert_eq!(
            names("Pipfile.lock", r#"{"default":{"requests":{"version":"==2.19.0"}},"develop":{}}"#)[0].1,
            "2.19.0"
        );
        let gomod = "module example.com/m\n\ngo 1.21\n\nrequire (\n\tgithub.com/a/b v1.2.3\n\tgolang.org/x/text v0.3.0 // indirect\n)\n\nrequire github.com/c/d v0.1.0\n";
        let got: Vec<(String, Option<bool>)> =
            names("go.mod", gomod).into_iter().map(|x| (x.0, x.3)).collect();
        assert_eq!(
            got,
            [
                ("github.com/a/b".to_owned(), Some(true)),
                ("github.com/c/d".to_owned(), Some(true)),
                ("golang.org/x/text".to_owned(), Some(false))
            ]
        );
        let gemfile = "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.0.1)\n    rails (7.0.0)\n      rack (>= 2)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rails\n";
        let got: Vec<(String, String, Option<bool>)> =
            names("Gemfile.lock", gemfile).into_iter().map(|x| (x.0, x.1, x.3)).collect();
        assert_eq!(
            got,
            [
                ("rack".to_owned(), "2.0.1".to_owned(), Some(false)),
                ("rails".to_owned(), "7.0.0".to_owned(), Some(true))
            ]
        );
        assert_eq!(
            names(
                "composer.lock",
                r#"{"packages":[{"name":"monolog/monolog","version":"v2.1.0"}],"packages-dev":[]}"#
            )[0]
            .2,
            "pkg:composer/monolog/monolog@2.1.0"
        );
        let pom = "<project><version>1.0</version><properties><jackson.version>2.9.8</jackson.version></properties><dependencies><dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>${jackson.version}</version></dependency></dependencies></project>";
        assert_eq!(names("pom.xml", pom)[0].2, "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.8");
        assert_eq!(
            names("gradle.lockfile", "# x\norg.slf4j:slf4j-api:1.7.30=compileClasspath\nempty=\n")[0].1,
            "1.7.30"
        );
    }

    #[test]
    fn a_corrupt_lockfile_is_an_error_not_a_panic() {
        assert!(parse("Cargo.lock", "[[package", &|_| None).is_err());
        assert!(parse("package-lock.json", "{", &|_| None).is_err());
    }
}

/// Every ordered pair of tricky versions, compared by the reference implementations
/// (`scripts/oracles/version-order.sh`: Python's packaging, node semver, Maven's
/// ComparableVersion); Principal must agree on all of them.
#[test]
fn version_order_agrees_with_the_reference_implementations() {
    for (eco, data) in [
        ("PyPI", include_str!("testdata/pep440.txt")),
        ("npm", include_str!("testdata/semver.txt")),
        ("Maven", include_str!("testdata/maven.txt")),
    ] {
        let mut wrong = Vec::new();
        let mut n = 0;
        for line in data.lines() {
            let mut it = line.split(' ');
            let (Some(a), Some(b), Some(want)) = (it.next(), it.next(), it.next()) else { continue };
            let want: i8 = want.parse().expect("-1, 0 or 1");
            let got = versions::compare(eco, a, b) as i8;
            n += 1;
            if got != want {
                wrong.push(format!("{a} vs {b}: reference {want}, principal {got}"));
            }
        }
        assert!(n > 200, "{eco}: {n} pairs");
        assert!(wrong.is_empty(), "{eco}: {} of {n} pairs disagree:\n{}", wrong.len(), wrong.join("\n"));
    }
}

/// For every built-in rule, a sample it must find and a look-alike it must not. Keys are built
/// from pieces so that the file holds no whole credential.
#[test]
fn every_rule_has_a_true_and_a_false_positive_sample() {
    let hex32 = "0123456789abcdef0123456789abcdef";
    let b64_86 = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG9mcmVkcGx1Z2h4eXp6eTEyMzQ1Njc4OTBhYmM";
    let cases: Vec<(&str, String, String)> = vec![
        (
            "aws-access-key-id",
            format!("id = {}", k(&["AKIA", "Z7QWERTYUIOPASDF"])),
            format!("id = {}", k(&["AKIA", "IOSFODNN7EXAMPLE"])),
        ),
        (
            "aws-secret-access-key",
            format!("aws_secret_access_key = {}", k(&["wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYz8Kq3Lm9Np"])),
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_owned(),
        ),
        (
            "gcp-service-account-key",
            format!("\"private_key_id\": \"{}\"", k(&["3f9a0c1d2e4b5a69", "8c7d6e5f40312a1b0c9d8e7f"])),
            "\"private_key_id\": \"not-a-key-id\"".to_owned(),
        ),
        (
            "gcp-api-key",
            format!("key={}", k(&["AIza", "SyD3kQ7vLp2Rn8Wt0123456789abcdefghi"])),
            "key=AIzaShort".to_owned(),
        ),
        (
            "azure-storage-account-key",
            format!("AccountKey={}==", &b64_86[..86]),
            "AccountKey=${STORAGE_KEY}".to_owned(),
        ),
        (
            "github-token",
            format!("t {}", k(&["ghp_", "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5"])),
            "t ghp_short".to_owned(),
        ),
        (
            "github-fine-grained-token",
            format!("t {}", k(&["github_pat_", &"aB3dE5gH7jK9mN1pQ3sT5v".repeat(4)[..82]])),
            "t github_pat_123".to_owned(),
        ),
        ("gitlab-token", format!("t {}", k(&["glpat-", "aB3dE5gH7jK9mN1pQ3sT"])), "t glpat-short".to_owned()),
        ("slack-token", format!("t {}", k(&["xoxb-", "1234567890-aB3dE5gH7jK9mN1p"])), "t xoxb-".to_owned()),
        (
            "slack-webhook",
            format!(
                "u {}",
                k(&["https://hooks.slack.com/services/", "T0123ABCD/B0123ABCD/aB3dE5gH7jK9mN1pQ3sT5vW7"])
            ),
            "u https://hooks.slack.com/services/".to_owned(),
        ),
        (
            "stripe-key",
            format!("k {}", k(&["sk_live_", "4eC39HqLyjWDarjtT1zdp7dc"])),
            "k sk_live_".to_owned(),
        ),
        (
            "twilio-api-key",
            format!("k {}", k(&["SK", "8f3a9c2d7b1e4f6a0c5d9e8b7a6f5e4d"])),
            "k SK00000000000000000000000000000000".to_owned(),
        ),
        (
            "sendgrid-api-key",
            format!(
                "k {}",
                k(&["SG.", "aB3dE5gH7jK9mN1pQ3sT5v", ".", "wX7yZ9bC1dE3fG5hJ7kL9mN1pQ3sT5vW7yZ9bC1dE3f"])
            ),
            "k SG.short.short".to_owned(),
        ),
        (
            "npm-token",
            format!(
                "//registry.npmjs.org/:_authToken={}",
                k(&["npm_", "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5"])
            ),
            "_authToken=${NPM_TOKEN}".to_owned(),
        ),
        (
            "pypi-token",
            format!(
                "password = {}",
                k(&["pypi-", "AgEIcHlwaS5vcmc", &"aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5".repeat(2)])
            ),
            "password = pypi-example".to_owned(),
        ),
        (
            "private-key",
            format!(
                "-----BEGIN OPENSSH {}-----\n{}\n-----END OPENSSH {}-----",
                "PRIVATE KEY",
                "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU".repeat(4),
                "PRIVATE KEY"
            ),
            "-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----".to_owned(),
        ),
        (
            "jwt",
            format!(
                "t = {}",
                k(&[
                    "eyJhbGciOiJIUzI1NiIsInR5cCI6",
                    ".",
                    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6",
                    ".",
                    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
                ])
            ),
            "t = eyJhbGciOi".to_owned(),
        ),
        (
            "database-url",
            format!("DATABASE_URL=postgres://app:{}@db:5432/app", k(&["Zq8", "wLr4Tn"])),
            "DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app".to_owned(),
        ),
        (
            "generic-secret",
            format!("client_secret = \"{}\"", k(&["q8Zr2Lp0", "Xv7Nc3Wm9Kt"])),
            format!("client_secret = \"{hex32}\""),
        ),
    ];
    let s = Scanner::new(&SecretsConfig::default()).expect("compile");
    let ids: Vec<&str> = s.rule_ids().into_iter().map(|(id, _)| id).collect();
    for id in &ids {
        assert!(cases.iter().any(|c| c.0 == *id), "rule {id} has no samples");
    }
    for (rule, tp, fp) in &cases {
        let found: Vec<String> = s.scan("sample.txt", tp.as_bytes()).into_iter().map(|h| h.rule).collect();
        assert!(found.iter().any(|r| r == rule), "{rule}: missed {tp:?} (found {found:?})");
        let wrong: Vec<String> = s.scan("sample.txt", fp.as_bytes()).into_iter().map(|h| h.rule).collect();
        assert!(wrong.is_empty(), "{rule}: false positive on {fp:?}: {wrong:?}");
    }
}

#[test]
fn a_secret_allow_glob_of_300000_characters_is_an_error_not_a_panic() {
    let glob = format!("{}*", "a/".repeat(150_000));
    let config =
        SecretsConfig { allow: Allow { paths: vec![glob], regexes: Vec::new() }, ..SecretsConfig::default() };
    let e = Scanner::new(&config).err().expect("too long");
    assert!(e.to_string().contains("too long"), "{e}");
}

#[test]
fn a_token_in_utf16_with_a_byte_order_mark_is_found() {
    let text = format!("$token = \"ghp_{}\"\r\n", "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8");
    let mut le = vec![0xff, 0xfe];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xfe, 0xff];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let s = Scanner::new(&SecretsConfig::default()).expect("compile");
    for bytes in [le, be] {
        let hits = s.scan("deploy.ps1", &bytes);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!((hits[0].rule.as_str(), hits[0].line), ("github-token", 1));
    }
}
