//! `principal deps`: the inventory of a polyglot fixture, the CycloneDX SBOM, and offline OSV
//! matching from a directory and from an all.zip, also through `audit --osv-db`.

use std::io::Write;
use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use crate::{principal, stderr, stdout, write_tree};

const TREE: &str = r#"
//- Cargo.lock
version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["smallvec"]

[[package]]
name = "smallvec"
version = "1.6.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
//- web/package-lock.json
{"lockfileVersion": 3, "packages": {"": {"dependencies": {"left-pad": "^1"}},
  "node_modules/left-pad": {"version": "1.1.0", "dependencies": {"pad-core": "^2"}},
  "node_modules/pad-core": {"version": "2.0.0"}}}
//- py/requirements.txt
requests==2.19.0
flask>=2.0
//- go.mod
module example.com/shop

go 1.21

require (
	github.com/gin-gonic/gin v1.9.0
	golang.org/x/net v0.7.0 // indirect
)
//- broken/package-lock.json
{"lockfileVersion": 3, "packages": 
"#;

const GHSA_REQUESTS: &str = r#"{"id": "GHSA-x84v-xcm2-53pg", "aliases": ["CVE-2018-18074"],
  "summary": "Insufficiently Protected Credentials in Requests", "database_specific": {"severity": "MODERATE"},
  "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.20.0"}]}]}]}"#;
const RUSTSEC_SMALLVEC: &str = r#"{"id": "RUSTSEC-2021-0003", "aliases": ["CVE-2021-25900"],
  "summary": "Buffer overflow in SmallVec::insert_many",
  "affected": [{"package": {"ecosystem": "crates.io", "name": "smallvec"},
    "ranges": [{"type": "SEMVER", "events": [{"introduced": "0.6.3"}, {"fixed": "0.6.14"}, {"introduced": "1.0.0"}, {"fixed": "1.6.1"}]}]}]}"#;
const GO_NET: &str = r#"{"id": "GO-2023-1571", "aliases": ["CVE-2022-41723"], "summary": "Denial of service via crafted HTTP/2 stream",
  "affected": [{"package": {"ecosystem": "Go", "name": "golang.org/x/net"},
    "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "0.7.0"}]}]}]}"#;
const NPM_NOT_AFFECTED: &str = r#"{"id": "GHSA-npm-0001", "summary": "only 1.0.x",
  "affected": [{"package": {"ecosystem": "npm", "name": "left-pad"},
    "ranges": [{"type": "SEMVER", "events": [{"introduced": "1.0.0"}, {"last_affected": "1.0.9"}]}]}]}"#;

fn fixture() -> TempDir {
    let dir = TempDir::new().expect("tempdir");
    write_tree(dir.path(), TREE);
    dir
}

fn osv_dir(root: &Path) -> std::path::PathBuf {
    let db = root.join("osv");
    std::fs::create_dir_all(db.join("PyPI")).expect("mkdir");
    std::fs::write(db.join("PyPI/GHSA-x84v-xcm2-53pg.json"), GHSA_REQUESTS).expect("write");
    std::fs::write(db.join("GO-2023-1571.json"), GO_NET).expect("write");
    std::fs::write(db.join("GHSA-npm-0001.json"), NPM_NOT_AFFECTED).expect("write");
    std::fs::write(db.join("README.json"), "not a record").expect("write");
    // crates.io as osv.dev publishes it: an all.zip.
    let file = std::fs::File::create(db.join("all.zip")).expect("zip");
    let mut zip = zip::ZipWriter::new(file);
    zip.start_file("RUSTSEC-2021-0003.json", zip::write::SimpleFileOptions::default()).expect("entry");
    zip.write_all(RUSTSEC_SMALLVEC.as_bytes()).expect("write");
    zip.finish().expect("finish");
    db
}

#[test]
fn inventory_of_every_lockfile() {
    let dir = fixture();
    let cache = TempDir::new().expect("tempdir");
    let o = principal(dir.path(), cache.path(), &["deps", ".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["schema"], "principal.deps/1");
    let rows: Vec<(String, String, String, Value)> = v["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            (
                p["ecosystem"].as_str().expect("eco").to_owned(),
                p["name"].as_str().expect("name").to_owned(),
                p["purl"].as_str().expect("purl").to_owned(),
                p["direct"].clone(),
            )
        })
        .collect();
    let want = [
        ("Go", "github.com/gin-gonic/gin", "pkg:golang/github.com/gin-gonic/gin@v1.9.0", Value::Bool(true)),
        ("Go", "golang.org/x/net", "pkg:golang/golang.org/x/net@v0.7.0", Value::Bool(false)),
        ("PyPI", "requests", "pkg:pypi/requests@2.19.0", Value::Bool(true)),
        ("crates.io", "smallvec", "pkg:cargo/smallvec@1.6.0", Value::Bool(true)),
        ("npm", "left-pad", "pkg:npm/left-pad@1.1.0", Value::Bool(true)),
        ("npm", "pad-core", "pkg:npm/pad-core@2.0.0", Value::Bool(false)),
    ];
    let mut got = rows.clone();
    got.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let want: Vec<(String, String, String, Value)> = want
        .iter()
        .map(|(a, b, c, d)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned(), d.clone()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(v["dependencies"]["pkg:npm/left-pad@1.1.0"], serde_json::json!(["pkg:npm/pad-core@2.0.0"]));
    // The corrupt lockfile is named, and the rest is still read.
    assert!(
        v["warnings"][0].as_str().expect("warning").starts_with("broken/package-lock.json: cannot parse"),
        "{v:#}"
    );
    assert!(v["vulnerabilities"].as_array().expect("list").is_empty());
}

#[test]
fn cyclonedx_sbom() {
    let dir = fixture();
    let cache = TempDir::new().expect("tempdir");
    let o = principal(dir.path(), cache.path(), &["deps", ".", "--format", "cyclonedx"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bom: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(bom["bomFormat"], "CycloneDX");
    assert_eq!(bom["specVersion"], "1.5");
    let components = bom["components"].as_array().expect("components");
    assert_eq!(components.len(), 6);
    assert!(
        components
            .iter()
            .all(|c| c["purl"].is_string() && c["bom-ref"] == c["purl"] && c["type"] == "library")
    );
    let deps = bom["dependencies"].as_array().expect("dependencies");
    assert!(
        deps.iter()
            .any(|d| d["ref"] == "pkg:npm/left-pad@1.1.0" && d["dependsOn"][0] == "pkg:npm/pad-core@2.0.0")
    );
    assert!(bom.get("vulnerabilities").is_none());
}

#[test]
fn offline_osv_matching_from_files_and_zips() {
    let dir = fixture();
    let cache = TempDir::new().expect("tempdir");
    let db_root = TempDir::new().expect("tempdir");
    let db = osv_dir(db_root.path());
    let db_arg = db.to_str().expect("utf-8");
    let o = principal(dir.path(), cache.path(), &["deps", ".", "--format", "json", "--osv-db", db_arg]);
    assert_eq!(o.status.code(), Some(1), "vulnerabilities found: {}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let vulns: Vec<(&str, &str, &str, Option<&str>)> = v["vulnerabilities"]
        .as_array()
        .expect("list")
        .iter()
        .map(|x| {
            (
                x["id"].as_str().expect("id"),
                x["package"].as_str().expect("p"),
                x["version"].as_str().expect("v"),
                x["fixed"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        vulns,
        [
            ("GHSA-x84v-xcm2-53pg", "requests", "2.19.0", Some("2.20.0")),
            ("RUSTSEC-2021-0003", "smallvec", "1.6.0", Some("1.6.1")),
        ],
        "golang.org/x/net v0.7.0 is the fixed version, left-pad 1.1.0 is after last_affected"
    );
    let requests = &v["vulnerabilities"][0];
    assert_eq!(requests["aliases"], serde_json::json!(["CVE-2018-18074"]));
    assert_eq!(requests["severity"], "MODERATE");
    assert_eq!(requests["ecosystem"], "PyPI");
    assert!(
        v["warnings"]
            .as_array()
            .expect("w")
            .iter()
            .any(|w| w.as_str().is_some_and(|s| s.contains("not OSV records")))
    );

    let o = principal(dir.path(), cache.path(), &["deps", ".", "--format", "cyclonedx", "--osv-db", db_arg]);
    let bom: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(bom["vulnerabilities"].as_array().expect("v").len(), 2);

    let out = TempDir::new().expect("tempdir");
    let o = principal(
        dir.path(),
        cache.path(),
        &["audit", ".", "-q", "--osv-db", db_arg, "--out", out.path().to_str().expect("utf-8")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).expect("read"))
            .expect("json");
    let kinds: Vec<&str> =
        report["risks"].as_array().expect("risks").iter().filter_map(|r| r["kind"].as_str()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "vulnerable-dependency").count(), 2, "{kinds:?}");

    let o = principal(dir.path(), cache.path(), &["deps", ".", "--osv-db", "/no/such/osv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/no/such/osv"), "{}", stderr(&o));
}

#[test]
fn check_fails_on_vulnerable_dependencies_above_the_threshold() {
    let dir = fixture();
    let cache = TempDir::new().expect("tempdir");
    let db_root = TempDir::new().expect("tempdir");
    let db = osv_dir(db_root.path());
    let db_arg = db.to_str().expect("utf-8");
    std::fs::write(dir.path().join("principal.toml"), "[rules]\nno_vulnerable_dependencies = \"moderate\"\n")
        .expect("write");
    let o = principal(dir.path(), cache.path(), &["check", ".", "--osv-db", db_arg, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let found: Vec<&str> =
        v["violations"].as_array().expect("v").iter().filter_map(|x| x["path"].as_str()).collect();
    assert_eq!(found, ["Cargo.lock", "py/requirements.txt"], "{v:#}");
    // Above the records' severities: clean.
    std::fs::write(dir.path().join("principal.toml"), "[rules]\nno_vulnerable_dependencies = \"high\"\n")
        .expect("write");
    let o = principal(dir.path(), cache.path(), &["check", ".", "--osv-db", db_arg]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Without data, a clear error.
    let o = principal(dir.path(), cache.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--osv-db"), "{}", stderr(&o));
}

#[test]
fn committed_lockfiles_count_even_when_gitignore_names_them() {
    use crate::history::{commit, git};
    let dir = fixture();
    let cache = TempDir::new().expect("tempdir");
    std::fs::write(dir.path().join(".gitignore"), "/Cargo.lock\n").expect("write");
    git(dir.path(), &["init", "-q", "-b", "main"], ("A", "a@example.com"), "2024-01-01T00:00:00+00:00");
    git(dir.path(), &["add", "-f", "Cargo.lock"], ("A", "a@example.com"), "2024-01-01T00:00:00+00:00");
    commit(dir.path(), ("A", "a@example.com"), 1, "all");
    let o = principal(dir.path(), cache.path(), &["deps", ".", "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert!(v["packages"].as_array().expect("p").iter().any(|p| p["manifest"] == "Cargo.lock"), "{v:#}");
}

/// What SBOM consumers read right: a package in two manifests is one component listing both
/// and direct; transitive packages are `required` (installed), development-only ones
/// `excluded`; the root component heads the graph; OSV's severity is a rating. And the
/// requirements parser takes spaced and `===` pins and `-r` includes, and warns of what it
/// leaves out.
#[test]
fn cyclonedx_scopes_graph_ratings_and_merged_manifests() {
    let dir = TempDir::new().expect("tempdir");
    write_tree(
        dir.path(),
        r#"//- py/requirements.txt
-r ../shared/base.txt
requests == 2.19.0
flask>=2.0
//- shared/base.txt
PyYAML===6.0.1
urllib3 == 1.26.0 ; python_version > "3"
//- tools/requirements-dev.txt
requests==2.19.0
-r missing.txt
//- web/package-lock.json
{"lockfileVersion": 3, "packages": {"": {"dependencies": {"left-pad": "^1"}, "devDependencies": {"jest": "^1"}},
  "node_modules/left-pad": {"version": "1.1.0", "dependencies": {"pad-core": "^2"}},
  "node_modules/pad-core": {"version": "2.0.0"},
  "node_modules/jest": {"version": "1.0.0", "dev": true}}}
"#,
    );
    let cache = TempDir::new().expect("tempdir");
    let osv = TempDir::new().expect("tempdir");
    let db = osv_dir(osv.path());
    let db = db.to_str().expect("utf-8");

    let o = principal(dir.path(), cache.path(), &["deps", ".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let inv: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let mut python: Vec<(&str, &str, &str)> = inv["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter(|p| p["ecosystem"] == "PyPI")
        .map(|p| {
            (
                p["name"].as_str().expect("n"),
                p["version"].as_str().expect("v"),
                p["manifest"].as_str().expect("m"),
            )
        })
        .collect();
    python.sort_unstable();
    assert_eq!(
        python,
        [
            ("PyYAML", "6.0.1", "shared/base.txt"),
            ("requests", "2.19.0", "py/requirements.txt"),
            ("requests", "2.19.0", "tools/requirements-dev.txt"),
            ("urllib3", "1.26.0", "shared/base.txt"),
        ]
    );
    let warnings: Vec<&str> =
        inv["warnings"].as_array().expect("w").iter().filter_map(Value::as_str).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with("py/requirements.txt:3: `flask>=2.0` pins no version")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.starts_with("tools/requirements-dev.txt:2: includes missing.txt")),
        "{warnings:?}"
    );

    let o = principal(dir.path(), cache.path(), &["deps", ".", "--format", "cyclonedx", "--osv-db", db]);
    let bom: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let components = bom["components"].as_array().expect("components");
    let by = |purl: &str| components.iter().find(|c| c["purl"] == purl).unwrap_or_else(|| panic!("{purl}"));
    let requests = by("pkg:pypi/requests@2.19.0");
    let props: Vec<(&str, &str)> = requests["properties"]
        .as_array()
        .expect("properties")
        .iter()
        .map(|p| (p["name"].as_str().expect("n"), p["value"].as_str().expect("v")))
        .collect();
    assert_eq!(
        props,
        [
            ("principal:manifest", "py/requirements.txt"),
            ("principal:manifest", "tools/requirements-dev.txt"),
            ("principal:direct", "true")
        ]
    );
    assert_eq!(components.iter().filter(|c| c["name"] == "requests").count(), 1);
    assert_eq!(by("pkg:npm/pad-core@2.0.0")["scope"], "required", "transitive is installed");
    assert_eq!(by("pkg:npm/jest@1.0.0")["scope"], "excluded", "development only");
    assert_eq!(requests["scope"], "required");
    let deps = bom["dependencies"].as_array().expect("dependencies");
    let root =
        deps.iter().find(|d| d["ref"] == bom["metadata"]["component"]["bom-ref"]).expect("the root's entry");
    let top: Vec<&str> = root["dependsOn"].as_array().expect("on").iter().filter_map(Value::as_str).collect();
    assert!(top.contains(&"pkg:npm/left-pad@1.1.0") && top.contains(&"pkg:pypi/requests@2.19.0"), "{top:?}");
    assert!(!top.contains(&"pkg:npm/pad-core@2.0.0"), "{top:?}");
    let vuln = &bom["vulnerabilities"][0];
    assert_eq!(vuln["id"], "GHSA-x84v-xcm2-53pg");
    assert_eq!(vuln["ratings"][0]["severity"], "medium", "{vuln:#}");
}

/// The CycloneDX 1.5 JSON schema (with its SPDX and JSF parts), served from the test data.
struct CycloneDxParts;

impl jsonschema::Retrieve for CycloneDxParts {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let text = match uri.as_str().rsplit('/').next() {
            Some("spdx.SNAPSHOT.schema.json") => include_str!("data/spdx.SNAPSHOT.schema.json"),
            Some("jsf-0.82.SNAPSHOT.schema.json") => include_str!("data/jsf-0.82.SNAPSHOT.schema.json"),
            _ => return Err(format!("not in the test data: {uri}").into()),
        };
        Ok(serde_json::from_str(text)?)
    }
}

/// Every SBOM the fixtures give, with and without vulnerabilities, validates against the
/// CycloneDX 1.5 schema (which refuses unknown fields and values).
#[test]
fn sboms_validate_against_the_cyclonedx_1_5_schema() {
    let schema: Value =
        serde_json::from_str(include_str!("data/cyclonedx-bom-1.5.schema.json")).expect("schema");
    let validator =
        jsonschema::options().with_retriever(CycloneDxParts).build(&schema).expect("the schema compiles");
    let dir = fixture();
    let cache = TempDir::new().expect("tempdir");
    let osv = TempDir::new().expect("tempdir");
    let db = osv_dir(osv.path());
    for extra in [&[][..], &["--osv-db", db.to_str().expect("utf-8")]] {
        let mut args = vec!["deps", ".", "--format", "cyclonedx"];
        args.extend_from_slice(extra);
        let o = principal(dir.path(), cache.path(), &args);
        let bom: Value = serde_json::from_str(&stdout(&o)).expect("json");
        let errors: Vec<String> =
            validator.iter_errors(&bom).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{extra:?}: {errors:#?}");
    }
    // The check can fail: a scope CycloneDX does not define is refused.
    let o = principal(dir.path(), cache.path(), &["deps", ".", "--format", "cyclonedx"]);
    let mut bom: Value = serde_json::from_str(&stdout(&o)).expect("json");
    bom["components"][0]["scope"] = Value::from("transitive");
    assert!(!validator.is_valid(&bom));
}
