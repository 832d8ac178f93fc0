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
