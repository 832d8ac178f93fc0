//! `principal secrets` on a scripted repository: tree and history, introducing commits,
//! presence at HEAD, suppression, SARIF, the check baseline, the audit register, and redaction
//! in every output.

use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use crate::history::{commit, git, write};
use crate::{principal, stderr, stdout};

const ALICE: (&str, &str) = ("Alice Smith", "alice@example.com");
const BOB: (&str, &str) = ("Bob Jones", "bob@example.com");

// Built from pieces, so that this file never holds a whole (fake) credential.
fn github_token() -> String {
    ["gh", "p_", "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5"].concat()
}
fn aws_key() -> String {
    ["AK", "IA", "QWERTYUIOPASDFGH"].concat()
}
fn stripe_key() -> String {
    ["sk", "_live_", "4eC39HqLyjWDarjtT1zdp7dc"].concat()
}

/// Day 1: Alice commits .env with a GitHub token. Day 2: Bob removes it and commits config.py
/// with an AWS key id. Uncommitted: billing.py with a Stripe key, and an allowed line.
fn repo() -> TempDir {
    let dir = TempDir::new().expect("tempdir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"], ALICE, "2024-01-01T00:00:00+00:00");
    write(d, ".env", &format!("GITHUB_TOKEN={}\n", github_token()));
    write(d, "app.py", "print('hi')\n");
    commit(d, ALICE, 1, "env");
    std::fs::remove_file(d.join(".env")).expect("rm");
    write(d, "config.py", &format!("# settings\nAWS_ACCESS_KEY_ID = \"{}\"\n", aws_key()));
    commit(d, BOB, 2, "config");
    write(
        d,
        "billing.py",
        &format!("STRIPE = \"{}\"\nDOCS_TOKEN = \"{}\"  # principal:allow\n", stripe_key(), github_token()),
    );
    dir
}

fn findings(o: &std::process::Output) -> Vec<Value> {
    let v: Value = serde_json::from_str(&stdout(o)).expect("json");
    assert_eq!(v["schema"], "principal.secrets/1");
    v["findings"].as_array().expect("findings").clone()
}

fn assert_redacted(text: &str) {
    for secret in [github_token(), aws_key(), stripe_key()] {
        assert!(!text.contains(&secret), "a whole secret was printed");
        assert!(!text.contains(&secret[4..]), "most of a secret was printed");
    }
}

#[test]
fn secrets_in_the_tree_and_in_history() {
    let dir = repo();
    let cache = TempDir::new().expect("tempdir");
    let d = dir.path();

    let o = principal(d, cache.path(), &["secrets", ".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_redacted(&stdout(&o));
    let tree = findings(&o);
    let got: Vec<(&str, &str, u64)> = tree
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().expect("rule"),
                f["path"].as_str().expect("path"),
                f["line"].as_u64().expect("line"),
            )
        })
        .collect();
    assert_eq!(got, [("stripe-key", "billing.py", 1), ("aws-access-key-id", "config.py", 2)]);
    assert!(tree.iter().all(|f| f["commit"].is_null() && f["present"] == true));
    assert_eq!(tree[1]["redacted"], "AKIA…");

    let o = principal(d, cache.path(), &["secrets", ".", "--history", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_redacted(&stdout(&o));
    let all = findings(&o);
    let env = all.iter().find(|f| f["path"] == ".env").expect("the removed .env token is found in history");
    assert_eq!(env["rule"], "github-token");
    assert_eq!(env["author"], "Alice Smith");
    assert_eq!(env["date"], "2024-01-01");
    assert_eq!(env["present"], false);
    let first = git(d, &["rev-list", "--max-parents=0", "HEAD"], ALICE, "2024-01-03T00:00:00+00:00");
    assert_eq!(env["commit"], first.trim());
    let aws = all.iter().find(|f| f["rule"] == "aws-access-key-id").expect("aws");
    assert_eq!((aws["author"].as_str(), aws["present"].as_bool()), (Some("Bob Jones"), Some(true)));
    let stripe = all.iter().find(|f| f["rule"] == "stripe-key").expect("stripe");
    assert!(stripe["commit"].is_null(), "never committed");
    assert_eq!(all.len(), 3);

    let o = principal(d, cache.path(), &["secrets", ".", "--history"]);
    let text = stdout(&o);
    assert_redacted(&text);
    assert!(text.contains(".env:1 (added in") && text.contains("since removed; rotate it anyway"), "{text}");

    // SARIF, valid against the schema.
    let o = principal(d, cache.path(), &["secrets", ".", "--format", "sarif"]);
    assert_redacted(&stdout(&o));
    let sarif: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("schema");
    assert!(validator.is_valid(&sarif));
    assert_eq!(sarif["runs"][0]["results"].as_array().expect("results").len(), 2);
}

#[test]
fn suppression_and_the_check_baseline() {
    let dir = repo();
    let cache = TempDir::new().expect("tempdir");
    let d = dir.path();
    // [secrets] allow paths.
    std::fs::write(
        d.join("principal.toml"),
        "[rules]\nno_secrets = true\n\n[secrets]\nallow = { paths = [\"billing.py\"] }\n",
    )
    .expect("write");
    let o = principal(d, cache.path(), &["secrets", ".", "--format", "json"]);
    let tree = findings(&o);
    assert_eq!(tree.len(), 1, "{tree:?}");
    assert_eq!(tree[0]["path"], "config.py");

    // check reports secrets as violations, and its baseline absorbs reviewed ones.
    let o = principal(d, cache.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("secret/aws-access-key-id"), "{}", stdout(&o));
    assert_redacted(&stdout(&o));
    let o = principal(d, cache.path(), &["check", ".", "--update-baseline"]);
    assert_eq!(o.status.code(), Some(0));
    assert_redacted(&std::fs::read_to_string(d.join("principal-baseline.json")).expect("baseline"));
    let o = principal(d, cache.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // A malformed [secrets] table is a config error.
    std::fs::write(d.join("principal.toml"), "[secrets]\nalow = 1\n").expect("write");
    let o = principal(d, cache.path(), &["secrets", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("principal.toml") && stderr(&o).contains("alow"), "{}", stderr(&o));
}

#[test]
fn secrets_join_the_audit_register_redacted() {
    let dir = repo();
    let cache = TempDir::new().expect("tempdir");
    let out = TempDir::new().expect("tempdir");
    let o = principal(
        dir.path(),
        cache.path(),
        &["audit", ".", "-q", "--out", out.path().to_str().expect("utf-8")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_redacted(&stdout(&o));
    let mut all = String::new();
    for f in ["report.json", "REPORT.md", "index.html"] {
        let text = std::fs::read_to_string(out.path().join(f)).expect("read");
        assert_redacted(&text);
        all.push_str(&text);
    }
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).expect("read"))
            .expect("json");
    let secrets: Vec<&Value> =
        report["risks"].as_array().expect("risks").iter().filter(|r| r["kind"] == "secret").collect();
    assert_eq!(secrets.len(), 2);
    assert_eq!(secrets[0]["severity"], "critical");
    assert_eq!(report["risks"][0]["kind"], "secret", "secrets rank first");
    assert!(all.contains("AKIA…"));
}

#[test]
fn missing_path_is_an_error() {
    let cache = TempDir::new().expect("tempdir");
    let o = principal(Path::new("."), cache.path(), &["secrets", "/no/such/dir"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/no/such/dir"));
}

/// A shallow clone (depth 1, as CI checks out) is searched as far as it goes, and says so.
#[test]
fn secrets_history_on_a_depth_1_clone_searches_what_it_holds() {
    let origin = repo();
    let clone_dir = TempDir::new().expect("tempdir");
    let clone = clone_dir.path().join("clone");
    let url = format!("file://{}", origin.path().display());
    git(
        clone_dir.path(),
        &["clone", "-q", "--depth", "1", &url, "clone"],
        ALICE,
        "2024-01-05T00:00:00+00:00",
    );
    let cache = TempDir::new().expect("tempdir");
    let o = principal(&clone, cache.path(), &["secrets", ".", "--history", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let notes = doc["notes"].as_array().expect("notes");
    assert!(notes.iter().any(|n| n.as_str().is_some_and(|n| n.contains("shallow"))), "{notes:?}");
    let aws = doc["findings"].as_array().expect("findings").iter().find(|f| f["rule"] == "aws-access-key-id");
    assert!(aws.is_some_and(|f| f["commit"].is_string()), "{doc:#}");
}

/// A token committed only on another branch, or only in the stash, is found with --all-refs and
/// not without it.
#[test]
fn secrets_all_refs_finds_a_token_on_another_branch_and_in_the_stash() {
    let dir = repo();
    let d = dir.path();
    git(d, &["checkout", "-q", "-b", "feature"], ALICE, "2024-01-06T00:00:00+00:00");
    write(d, "feature.py", &format!("TOKEN = \"{}\"\n", stripe_key()));
    git(d, &["add", "feature.py"], ALICE, "2024-01-06T00:00:00+00:00");
    git(d, &["commit", "-q", "-m", "feature"], ALICE, "2024-01-06T00:00:00+00:00");
    git(d, &["checkout", "-q", "main"], ALICE, "2024-01-06T00:00:00+00:00");
    std::fs::remove_file(d.join("billing.py")).expect("rm");
    // A token only in the stash.
    write(d, "app.py", &format!("print('hi')\nKEY = \"{}\"\n", aws_key().replace("QWERTY", "ZXCVBN")));
    git(d, &["stash", "-q"], ALICE, "2024-01-07T00:00:00+00:00");
    let cache = TempDir::new().expect("tempdir");
    let run = |args: &[&str]| {
        let o = principal(d, cache.path(), args);
        assert!(o.status.code() == Some(1) || o.status.code() == Some(0), "{}", stderr(&o));
        assert_redacted(&stdout(&o));
        serde_json::from_str::<Value>(&stdout(&o)).expect("json")
    };
    let rules = |doc: &Value| -> Vec<String> {
        doc["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| format!("{}:{}", f["rule"], f["path"]))
            .collect()
    };
    let head_only = run(&["secrets", ".", "--history", "--format", "json"]);
    assert!(!rules(&head_only).iter().any(|r| r.contains("feature.py")), "{:?}", rules(&head_only));
    let all = run(&["secrets", ".", "--history", "--all-refs", "--format", "json"]);
    assert!(
        rules(&all).iter().any(|r| r.contains("stripe-key") && r.contains("feature.py")),
        "{:?}",
        rules(&all)
    );
    assert!(rules(&all).iter().any(|r| r.contains("aws") && r.contains("app.py")), "{:?}", rules(&all));
    assert!(!rules(&head_only).iter().any(|r| r.contains("app.py")), "{:?}", rules(&head_only));
}

/// A blob missing from the object store (a partial or damaged mirror) is skipped with a note;
/// the rest of the history is still searched.
#[test]
fn secrets_history_with_a_missing_blob_searches_the_rest() {
    let dir = repo();
    let d = dir.path();
    write(d, "later.py", "x = 1\n");
    commit(d, ALICE, 4, "later");
    let blob = git(d, &["rev-parse", "HEAD:later.py"], ALICE, "2024-01-05T00:00:00+00:00");
    let blob = blob.trim();
    let object = d.join(".git/objects").join(&blob[..2]).join(&blob[2..]);
    std::fs::remove_file(&object).expect("the blob is a loose object");
    let cache = TempDir::new().expect("tempdir");
    let o = principal(d, cache.path(), &["secrets", ".", "--history", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let notes = doc["notes"].to_string();
    assert!(notes.contains("history partial: 1 objects unreadable") && notes.contains(blob), "{notes}");
    assert!(doc["findings"].as_array().expect("findings").iter().any(|f| f["path"] == ".env"), "{doc:#}");

    let o = principal(d, cache.path(), &["history", ".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("history partial"), "{}", stderr(&o));
    let h: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(h["commits"], 2, "the commit with the missing blob is left out, the others stay");
}

/// Files the secret scan cannot read are listed with why; UTF-16 with a byte-order mark is read.
#[test]
fn secrets_lists_what_it_did_not_search_and_reads_utf16() {
    let dir = TempDir::new().expect("tempdir");
    let d = dir.path();
    let text = format!("$token = \"{}\"\r\n", github_token());
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(d.join("deploy.ps1"), utf16).expect("write");
    std::fs::write(d.join("big.txt"), "x".repeat(5 << 20)).expect("write");
    std::fs::write(d.join("blob.bin"), b"\0\x01\x02").expect("write");
    write(d, "node_modules/pkg/index.js", "x\n");
    write(d, "yarn.lock", "x\n");
    let cache = TempDir::new().expect("tempdir");
    let o = principal(d, cache.path(), &["secrets", ".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_redacted(&stdout(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(doc["findings"][0]["path"], "deploy.ps1");
    let skipped: Vec<(String, String)> = doc["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| (s["path"].as_str().unwrap_or("").to_owned(), s["reason"].as_str().unwrap_or("").to_owned()))
        .collect();
    for (path, reason) in [
        ("big.txt", "too-large"),
        ("blob.bin", "binary"),
        ("node_modules/", "vendored"),
        ("yarn.lock", "lockfile"),
    ] {
        assert!(skipped.contains(&(path.to_owned(), reason.to_owned())), "{path} {reason}: {skipped:?}");
    }
    let o = principal(d, cache.path(), &["secrets", "."]);
    assert!(stdout(&o).contains("Not searched: 4"), "{}", stdout(&o));
}

/// Secrets SARIF as GitHub code scanning needs it: security alerts with a severity, one
/// distinct fingerprint per alert even when a value repeats, URIs relative to the repository
/// root from a sub-directory, the current line of a secret still present, and the commit of
/// one since removed.
#[test]
fn secrets_sarif_identity_severity_and_places() {
    let dir = TempDir::new().expect("tempdir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"], ALICE, "2024-01-01T00:00:00+00:00");
    write(d, "svc/old.env", &format!("TOKEN={}\n", github_token()));
    write(d, "svc/settings.py", &format!("KEY = \"{}\"\n", aws_key()));
    commit(d, ALICE, 1, "secrets");
    std::fs::remove_file(d.join("svc/old.env")).expect("rm");
    // The key moves down two lines, and appears three times in one file with a space in its name.
    write(d, "svc/settings.py", &format!("# a\n# b\nKEY = \"{}\"\n", aws_key()));
    write(d, "svc/my keys.py", &format!("A = \"{k}\"\nB = \"{k}\"\nC = \"{k}\"\n", k = stripe_key()));
    commit(d, BOB, 2, "move");
    let cache = TempDir::new().expect("tempdir");

    let o = principal(&d.join("svc"), cache.path(), &["secrets", ".", "--history", "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_redacted(&stdout(&o));
    let sarif: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).expect("schema");
    assert!(jsonschema::validator_for(&schema).expect("schema").is_valid(&sarif));
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "principal-secrets");
    assert_eq!(run["automationDetails"]["id"], "principal-secrets/");
    for rule in run["tool"]["driver"]["rules"].as_array().expect("rules") {
        assert_eq!(rule["properties"]["tags"][0], "security", "{rule:#}");
        let severity: f64 =
            rule["properties"]["security-severity"].as_str().expect("severity").parse().expect("n");
        assert!((7.0..=10.0).contains(&severity), "{rule:#}");
    }
    let results = run["results"].as_array().expect("results");
    let place = |r: &Value| {
        let l = &r["locations"][0]["physicalLocation"];
        (
            l["artifactLocation"]["uri"].as_str().expect("uri").to_owned(),
            l["region"]["startLine"].as_u64().expect("line"),
        )
    };
    let places: Vec<(String, u64)> = results.iter().map(place).collect();
    assert_eq!(
        places,
        [
            ("svc/my%20keys.py".to_owned(), 1),
            ("svc/my%20keys.py".to_owned(), 2),
            ("svc/my%20keys.py".to_owned(), 3),
            ("svc/old.env".to_owned(), 1),
            ("svc/settings.py".to_owned(), 3),
        ],
        "repository-relative, encoded, and the moved key where it is now"
    );
    let prints: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|r| r["partialFingerprints"]["principalFingerprint/v2"].as_str().expect("fingerprint"))
        .collect();
    assert_eq!(prints.len(), results.len(), "one fingerprint per alert");
    let first = git(d, &["rev-list", "--max-parents=0", "HEAD"], ALICE, "2024-01-03T00:00:00+00:00");
    let removed = &results[3];
    assert_eq!(removed["partialFingerprints"]["commitSha"], first.trim());
    assert_eq!(removed["properties"]["present"], false);
    assert!(removed["message"]["text"].as_str().expect("text").contains("since removed"), "{removed:#}");
    let moved = &results[4];
    assert_eq!(moved["properties"]["commit"], first.trim(), "still present: introduced in the first commit");
    assert_eq!(moved["properties"]["present"], true);
}

/// Minified bundles are left out of the secret search as they are out of the scan, and said
/// to be; `--include-vendored` searches them.
#[test]
fn minified_bundles_are_searched_only_with_include_vendored() {
    let dir = TempDir::new().expect("tempdir");
    let bundle = format!("var k=\"{}\";{}\n", aws_key(), "function a(){return 1};".repeat(200));
    write(dir.path(), "static/lib/app.min.js", &bundle);
    write(dir.path(), "src/config.py", &format!("KEY = \"{}\"\n", aws_key()));
    let cache = TempDir::new().expect("tempdir");
    let o = principal(dir.path(), cache.path(), &["secrets", ".", "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let paths: Vec<&str> =
        v["findings"].as_array().expect("f").iter().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(paths, ["src/config.py"]);
    assert!(
        v["skipped"]
            .as_array()
            .expect("s")
            .iter()
            .any(|s| s["path"] == "static/lib/app.min.js" && s["reason"] == "minified"),
        "{v:#}"
    );
    let o = principal(dir.path(), cache.path(), &["secrets", ".", "--format", "json", "--include-vendored"]);
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["findings"].as_array().expect("f").len(), 2, "{v:#}");
}

/// Confidence and context: a real-format key under tests is high confidence but `fixture`, and
/// the audit ranks it low; a PEM header with no body, a placeholder in the docs and a word
/// assigned to `secret` are low; only the key in source is critical; `--min-confidence`
/// filters.
#[test]
fn confidence_and_context_rank_test_keys_and_examples_low() {
    let dir = TempDir::new().expect("tempdir");
    let d = dir.path();
    // A PEM block with a base64 body, built at run time.
    let body: String = (0..6)
        .map(|i| {
            format!(
                "{}{i}\n",
                ["MIIEow", "IBAAKCAQEA0Z3VS5JJcds3xfn", "ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPBaF"].concat()
            )
        })
        .collect();
    let pem =
        |kind: &str| format!("-----BEGIN {kind} PRIVATE KEY-----\n{body}-----END {kind} PRIVATE KEY-----\n");
    write(d, "tests/certs/server.key", &pem("RSA"));
    write(d, "deploy/prod.key", &pem("EC"));
    write(
        d,
        "src/Pem.kt",
        "const val BEGIN = \"-----BEGIN RSA PRIVATE KEY-----\"\nfun encode(key: ByteArray): String {\n    return BEGIN + \"\\n\" + java.util.Base64.getMimeEncoder().encodeToString(key) + \"\\n\" + END\n}\nconst val END = \"-----END RSA PRIVATE KEY-----\"\n",
    );
    write(d, "docs/auth.md", "```\nexport API_TOKEN=\"your_token_here_1234\"\n```\n");
    write(d, "src/settings.py", "SECRET = \"correcthorsebatterystaple\"\n");
    write(d, "app/config.py", &format!("AWS_ACCESS_KEY_ID = \"{}\"\n", aws_key()));
    let cache = TempDir::new().expect("tempdir");

    let o = principal(d, cache.path(), &["secrets", ".", "--format", "json"]);
    let all = findings(&o);
    let by =
        |path: &str| all.iter().find(|f| f["path"] == path).unwrap_or_else(|| panic!("{path}: {all:#?}"));
    assert_eq!(
        (
            by("tests/certs/server.key")["confidence"].as_str(),
            by("tests/certs/server.key")["context"].as_str()
        ),
        (Some("high"), Some("fixture"))
    );
    assert_eq!(by("deploy/prod.key")["confidence"], "high");
    assert_eq!(by("src/Pem.kt")["confidence"], "low", "a PEM header in code that writes keys");
    assert!(by("src/Pem.kt")["signals"][0].as_str().expect("why").contains("no key body"));
    assert_eq!(by("app/config.py")["confidence"], "high");
    for quiet in ["docs/auth.md", "src/settings.py"] {
        if let Some(f) = all.iter().find(|f| f["path"] == quiet) {
            assert_eq!(f["confidence"], "low", "{f:#}");
        }
    }

    let o = principal(d, cache.path(), &["secrets", ".", "--format", "json", "--min-confidence", "high"]);
    let high: Vec<String> = findings(&o).iter().map(|f| f["path"].as_str().expect("p").to_owned()).collect();
    assert_eq!(high, ["app/config.py", "deploy/prod.key", "tests/certs/server.key"]);

    let out = TempDir::new().expect("tempdir");
    let o = principal(d, cache.path(), &["audit", ".", "--out", out.path().to_str().expect("utf-8"), "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).expect("report"))
            .expect("json");
    let severity = |path: &str| {
        report["risks"]
            .as_array()
            .expect("risks")
            .iter()
            .find(|r| r["kind"] == "secret" && r["locations"][0]["path"] == path)
            .map(|r| r["severity"].as_str().expect("severity").to_owned())
    };
    assert_eq!(severity("app/config.py").as_deref(), Some("critical"));
    assert_eq!(severity("deploy/prod.key").as_deref(), Some("critical"));
    // A private key in tests is a test certificate's: found by `principal secrets`, not a risk.
    assert_eq!(severity("tests/certs/server.key"), None, "a test certificate's key");
    // Low-confidence findings stay in `principal secrets`, out of the register.
    assert_eq!(severity("src/Pem.kt"), None);
}

/// Test keys of one rule are one thing to confirm wherever they are: a provider key in three test
/// files is one low risk, not three. Private keys there (requests' four TLS fixture keys under
/// `tests/certs/`) are test certificates' and no risk at all.
#[test]
fn test_keys_across_files_are_one_risk() {
    let dir = TempDir::new().expect("tempdir");
    let d = dir.path();
    let pem = |seed: &str| {
        let body: String = (0..6)
            .map(|i| format!("MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn{seed}ygWyF8PbnGy0AHB7MhgH{i}\n"))
            .collect();
        format!("-----BEGIN RSA PRIVATE KEY-----\n{body}-----END RSA PRIVATE KEY-----\n")
    };
    write(d, "tests/certs/server.key", &pem("a1"));
    write(d, "tests/certs/client.key", &pem("b2"));
    // Three different keys: one value repeated across files reads as a placeholder.
    let key = |last: char| format!("STRIPE = \"{}{last}\"\n", &stripe_key()[..stripe_key().len() - 1]);
    write(d, "tests/test_billing.py", &key('a'));
    write(d, "tests/certs/settings.py", &key('b'));
    write(d, "test/fixtures/conf.py", &key('c'));
    write(d, "app.py", "X = 1\n");
    let (cache, out) = (TempDir::new().expect("tempdir"), TempDir::new().expect("tempdir"));
    let o = principal(d, cache.path(), &["audit", ".", "--out", out.path().to_str().expect("utf-8"), "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).expect("report"))
            .expect("json");
    let secrets: Vec<&Value> =
        report["risks"].as_array().expect("risks").iter().filter(|r| r["kind"] == "secret").collect();
    assert_eq!(secrets.len(), 1, "{secrets:#?}");
    let r = secrets[0];
    assert_eq!(r["severity"], "low");
    assert!(
        r["title"].as_str().expect("title").contains(
            "in 3 test files (test/fixtures/conf.py, tests/certs/settings.py, tests/test_billing.py;"
        ),
        "{r:#}"
    );
    assert_eq!(r["locations"].as_array().expect("locations").len(), 3);
    assert_eq!(
        r["evidence"]["lines"],
        serde_json::json!([
            "test/fixtures/conf.py:1",
            "tests/certs/settings.py:1",
            "tests/test_billing.py:1"
        ])
    );
    assert!(
        r["action"].as_str().expect("action").starts_with("Confirm they are throwaway test keys"),
        "{r:#}"
    );
}
