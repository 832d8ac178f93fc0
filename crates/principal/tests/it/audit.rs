//! `principal audit` and `principal explain` on a scripted repository with fixed dates and
//! identities: the risk register, the snapshots of report.json and REPORT.md, determinism,
//! the --llm narrative against a local server, and index.html in headless Chromium.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

use crate::history::{git, lines, write};
use crate::{principal, stderr, stdout, write_tree};

const ALICE: (&str, &str) = ("Alice Smith", "alice@example.com");
const BOB: (&str, &str) = ("Bob Jones", "bob@example.com");
const CAROL: (&str, &str) = ("Carol Old", "carol@example.com");

/// Commits everything at noon UTC of `date` (YYYY-MM-DD) as `who`.
pub(crate) fn commit_on(dir: &Path, who: (&str, &str), date: &str, message: &str) {
    let date = format!("{date}T12:00:00+00:00");
    git(dir, &["add", "-A"], who, &date);
    git(dir, &["commit", "-q", "--allow-empty", "-m", message], who, &date);
}

/// A branchy function: cyclomatic complexity 1 + `n`.
fn branchy(name: &str, n: usize) -> String {
    let mut s = format!("def {name}(x):\n");
    for i in 0..n {
        s.push_str(&format!("    if x == {i}:\n        return {i}\n"));
    }
    s.push_str("    return -1\n");
    s
}

/// A small shop: `shop` and `billing` import each other (a component cycle), `shop.core` has
/// a very complex function, `shop/db.py` and `reports/export.py` always change together with no
/// import between them, Carol wrote `legacy` more than a year before the last commit, and only
/// Bob works on `billing`.
pub(crate) fn shop() -> Repo {
    let tmp = TempDir::new().expect("tempdir");
    // A fixed name: the report names the repository after its directory.
    let repo = Repo { path: tmp.path().join("shop"), _tmp: tmp };
    std::fs::create_dir(&repo.path).expect("mkdir");
    let d = repo.path();
    git(d, &["init", "-q", "-b", "main"], ALICE, "2022-01-01T00:00:00+00:00");
    write(
        d,
        "README.md",
        "# Shop\n\n[![ci](https://example.invalid/badge.svg)](https://example.invalid)\n\nShop takes orders from the \
         web and turns them into invoices for the accounting team.\n\n## Install\n\npip install shop\n",
    );
    write(
        d,
        "pyproject.toml",
        "[project]\nname = \"shop\"\ndescription = \"Orders in, invoices out.\"\n\n[project.scripts]\nshop = \"shop.cli:main\"\n",
    );
    write(d, "reports/__init__.py", "");
    write(d, "reports/export.py", &lines(320, "export"));
    write(d, "reports/summary.py", &lines(20, "summary"));
    write(d, "reports/charts.py", &lines(20, "charts"));
    write(d, "legacy/__init__.py", "");
    write(d, "legacy/importer.py", &lines(310, "importer"));
    commit_on(d, CAROL, "2022-01-10", "reports and the legacy importer by Carol");

    write(d, "shop/__init__.py", "");
    write(d, "shop/cli.py", "from shop.core import checkout\n\n\ndef main():\n    return checkout([])\n");
    write(
        d,
        "shop/core.py",
        &format!(
            "from shop import util\nfrom shop.models import Order\n\n\nclass Cart:\n    def add(self, item):\n        \
             return item\n\n    def total(self):\n        return 0\n\n\ndef checkout(items):\n    return Order()\n\n\n{}",
            branchy("price", 30)
        ),
    );
    write(d, "shop/util.py", "from shop import core\n\n\ndef helper():\n    return core.checkout([])\n");
    write(
        d,
        "shop/models.py",
        "from billing.invoice import bill\n\n\nclass Order:\n    def pay(self):\n        return bill(self)\n\n    def cancel(self):\n        return None\n",
    );
    write(d, "shop/db.py", &lines(10, "db"));
    commit_on(d, ALICE, "2023-06-01", "shop");

    write(d, "billing/__init__.py", "");
    write(
        d,
        "billing/invoice.py",
        &format!(
            "from shop.models import Order\n\n\ndef bill(order):\n    return Order\n\n\n{}",
            lines(150, "inv")
        ),
    );
    write(d, "billing/tax.py", &lines(100, "tax"));
    write(d, "billing/ledger.py", &lines(100, "ledger"));
    commit_on(d, BOB, "2023-06-02", "billing");

    for i in 0..6 {
        write(d, "shop/db.py", &(lines(10, "db") + &lines(i + 1, "schema")));
        write(d, "reports/export.py", &(lines(320, "export") + &lines(i + 1, "schema")));
        commit_on(d, ALICE, &format!("2023-07-{:02}", i + 1), "schema change");
    }
    for i in 0..3 {
        write(d, "billing/tax.py", &(lines(100, "tax") + &lines(i + 1, "rate")));
        commit_on(d, BOB, &format!("2023-08-{:02}", i + 1), "tax rates");
    }
    for i in 0..4 {
        write(
            d,
            "shop/core.py",
            &format!(
                "from shop import util\nfrom shop.models import Order\n\n\nclass Cart:\n    def add(self, item):\n        \
                 return item\n\n    def total(self):\n        return {i}\n\n\ndef checkout(items):\n    return Order()\n\n\n{}",
                // Each pricing commit changes `price` itself: complex code that keeps changing.
                branchy("price", 30).replace("return -1", &format!("return -{}", i + 2))
            ),
        );
        // Each a fix: complex code that keeps needing fixes.
        // Four days apart and each its own: four episodes of fixing, not one.
        commit_on(
            d,
            ALICE,
            &format!("2023-09-{:02}", 4 * i + 1),
            &format!("pricing: fix the rounding of discounts, case {}", i + 1),
        );
    }
    repo
}

pub(crate) struct Repo {
    path: PathBuf,
    _tmp: TempDir,
}

impl Repo {
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

fn audit(repo: &Path, cache: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["audit", ".", "--out", out.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    principal(repo, cache, &args)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn risk<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["risks"]
        .as_array()
        .expect("risks")
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no risk {id} in {:#}", report["risks"]))
}

#[test]
fn audit_finds_the_scripted_risks_and_matches_the_snapshots() {
    let repo = shop();
    let cache = TempDir::new().expect("tempdir");
    let out = TempDir::new().expect("tempdir");
    let o = audit(repo.path(), cache.path(), out.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Top 10 of") || text.contains(" risks\n  1. "), "{text}");
    assert!(text.contains("Wrote "), "{text}");

    let json = read(&out.path().join("report.json"));
    let report: Value = serde_json::from_str(&json).expect("report.json is JSON");
    assert_eq!(report["schema"], "principal.report/2");
    assert!(report.get("generated_at").is_none(), "no timestamp unless asked for");

    // The component cycle shop <-> billing, with the edge that breaks it.
    let cycle = risk(&report, "cycle:component:billing+shop");
    assert_eq!(cycle["evidence"]["components"], 2);
    assert_eq!(cycle["audience"], "engineering");
    // The 31-path function is named by the hotspot (below), once: no complex-function risk.
    assert!(
        report["risks"]
            .as_array()
            .expect("risks")
            .iter()
            .all(|r| r["id"] != "complex-function:shop/core.py:price")
    );
    // Coupling no import explains.
    let hidden = risk(&report, "hidden-coupling:reports/export.py+shop/db.py");
    assert_eq!(hidden["evidence"]["shared_commits"], 6);
    // People: Carol's legacy importer is abandoned, billing is Bob's island, reports Alice's
    // (she changed export.py after Carol left).
    let abandoned = risk(&report, "abandoned-code:legacy");
    assert_eq!(abandoned["audience"], "leadership");
    let island = risk(&report, "knowledge-island:billing");
    assert_eq!(island["evidence"]["active_author"], "Bob Jones");
    // Alice is in the truck factor as well: her island is named there, once.
    assert!(report["risks"].as_array().expect("risks").iter().all(|r| r["id"] != "knowledge-island:reports"));
    assert_eq!(
        risk(&report, "low-truck-factor:repository")["evidence"]["sole_active_on"],
        serde_json::json!(["`reports` (Alice Smith)"])
    );
    // The ranking is by score.
    let scores: Vec<u64> = report["risks"]
        .as_array()
        .expect("risks")
        .iter()
        .map(|r| r["score"].as_u64().expect("score"))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    // Onboarding: the description, the pyproject script, the reading order, the abstractions,
    // and who to ask.
    let ob = &report["onboarding"];
    assert_eq!(ob["title"], "Shop");
    assert!(ob["description"][0].as_str().expect("text").starts_with("Shop takes orders"), "{ob:#}");
    let entry = ob["entry_points"].as_array().expect("entries").iter().find(|e| e["path"] == "shop/cli.py");
    assert_eq!(entry.expect("shop/cli.py is an entry point")["kind"], "cli");
    let names: Vec<&str> =
        ob["abstractions"].as_array().expect("list").iter().filter_map(|a| a["name"].as_str()).collect();
    assert!(names.contains(&"Cart") && names.contains(&"Order"), "{names:?}");
    let billing = report["components"].as_array().expect("components").iter().find(|c| c["id"] == "billing");
    assert_eq!(billing.expect("billing")["experts"][0]["name"], "Bob Jones");
    assert_eq!(report["people"]["truck_factor"], 2);
    assert_eq!(report["people"]["truck_factor_authors"], serde_json::json!(["Alice Smith", "Carol Old"]));

    // Function-level hotspots: the functions whose lines the commits touched, and the hotspot's
    // action names the one to refactor first.
    let xray = report["function_hotspots"].as_array().expect("function hotspots");
    let total =
        xray.iter().find(|f| f["path"] == "shop/core.py" && f["name"] == "Cart.total").expect("Cart.total");
    assert_eq!(total["changes"], 4, "{xray:#?}");
    let hotspot = report["risks"]
        .as_array()
        .expect("risks")
        .iter()
        .find(|r| r["kind"] == "hotspot" && r["locations"][0]["path"] == "shop/core.py")
        .expect("the hotspot");
    assert!(
        hotspot["action"].as_str().expect("action").starts_with("Refactor `price` (line 17, cyclomatic 31"),
        "{hotspot:#}"
    );

    // The snapshots: set UPDATE_EXPECT=1 to refresh them after a deliberate change.
    expect_test::expect_file!["snapshots/audit-report.json"].assert_eq(&json);
    expect_test::expect_file!["snapshots/audit-REPORT.md"].assert_eq(&read(&out.path().join("REPORT.md")));
    let html = read(&out.path().join("index.html"));
    assert!(html.contains("principal.report/2") && !html.contains("{{data}}"));
    assert!(!html.contains("http://") || !html.contains("src=\"http"), "nothing is fetched");
}

#[test]
fn two_audits_of_the_same_commit_are_byte_identical() {
    let repo = shop();
    let cache = TempDir::new().expect("tempdir");
    // The default --out is inside the repository: the second audit must not see the first's files.
    let first = principal(repo.path(), cache.path(), &["audit", "-q"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let out = repo.path().join("principal-report");
    let (json, md) = (read(&out.join("report.json")), read(&out.join("REPORT.md")));
    let cold = TempDir::new().expect("tempdir");
    let second = principal(repo.path(), cold.path(), &["audit", "-q", "--no-cache"]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(read(&out.join("report.json")), json);
    assert_eq!(read(&out.join("REPORT.md")), md);

    let stamped = TempDir::new().expect("tempdir");
    let o = audit(repo.path(), cache.path(), stamped.path(), &["-q", "--timestamp"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: Value = serde_json::from_str(&read(&stamped.path().join("report.json"))).expect("json");
    let at = report["generated_at"].as_str().expect("generated_at with --timestamp");
    assert!(at.len() == 20 && at.ends_with('Z'), "{at}");
}

#[test]
fn audit_without_git_and_bad_input() {
    let dir = TempDir::new().expect("tempdir");
    let cache = TempDir::new().expect("tempdir");
    write(dir.path(), "pkg/a.py", "import pkg.b\n");
    write(dir.path(), "pkg/b.py", "import pkg.a\n");
    write(dir.path(), "pkg/broken.py", "def (:\n");
    let out = dir.path().join("out");
    let o = audit(dir.path(), cache.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("not in a git repository"), "{}", stderr(&o));
    let report: Value = serde_json::from_str(&read(&out.join("report.json"))).expect("json");
    assert!(report["people"].is_null());
    assert_eq!(report["summary"]["file_cycles"], 1);
    assert!(
        report["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .any(|w| w.as_str().is_some_and(|w| w.starts_with("pkg/broken.py: "))),
        "{:#}",
        report["warnings"]
    );
    let md = read(&out.join("REPORT.md"));
    assert!(md.contains("There is no git history here"), "{md}");

    let missing = principal(dir.path(), cache.path(), &["audit", "no/such/dir"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no/such/dir"), "{}", stderr(&missing));

    std::fs::write(dir.path().join("a-file"), "x").expect("write");
    let not_dir = principal(dir.path(), cache.path(), &["audit", ".", "--out", "a-file"]);
    assert_eq!(not_dir.status.code(), Some(2));
    assert!(stderr(&not_dir).contains("a-file"), "{}", stderr(&not_dir));
}

#[test]
fn explain_a_component() {
    let repo = shop();
    let cache = TempDir::new().expect("tempdir");
    let o = principal(repo.path(), cache.path(), &["explain", "--component", "billing"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("# Shop\n"), "{text}");
    assert!(text.contains("## Onboarding guide: billing"), "{text}");
    assert!(text.contains("- **billing**: Bob Jones"), "{text}");
    assert!(text.contains("`billing/invoice.py`"), "{text}");
    assert!(!text.contains("shop/cli.py"), "entry points of other components are left out: {text}");

    let whole = principal(repo.path(), cache.path(), &["explain"]);
    let text = stdout(&whole);
    assert!(text.contains("- `shop/cli.py`: cli `shop (main)`"), "{text}");
    assert!(text.contains("### Reading order"), "{text}");

    let bad = principal(repo.path(), cache.path(), &["explain", "--component", "nope"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("the components are: billing"), "{}", stderr(&bad));
}

/// Serves one chat-completions answer on 127.0.0.1 and returns the request it received.
fn one_shot_server(status: u16, body: &'static str) -> (String, std::thread::JoinHandle<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/v1", listener.local_addr().expect("addr"));
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("accept");
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("read");
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().expect("length");
            }
            head.push_str(&line);
            if line == "\r\n" || line.is_empty() {
                break;
            }
        }
        let mut body_in = vec![0; length];
        reader.read_exact(&mut body_in).expect("body");
        let mut stream = reader.into_inner();
        write!(
            stream,
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .expect("answer");
        head + &String::from_utf8_lossy(&body_in)
    });
    (url, handle)
}

#[test]
fn llm_narrative_from_a_local_endpoint() {
    let repo = shop();
    let cache = TempDir::new().expect("tempdir");
    let out = TempDir::new().expect("tempdir");
    let (url, server) = one_shot_server(
        200,
        r#"{"choices":[{"message":{"role":"assistant","content":"Shop is small and mostly healthy."}}]}"#,
    );
    let o = Command::new(env!("CARGO_BIN_EXE_principal"))
        .args(["audit", ".", "-q", "--llm", "--llm-model", "test-model", "--out"])
        .arg(out.path())
        .current_dir(repo.path())
        .env("PRINCIPAL_CACHE_DIR", cache.path())
        .env("PRINCIPAL_LLM_BASE_URL", &url)
        .env("OPENAI_API_KEY", "sk-test")
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let request = server.join().expect("server");
    assert!(request.starts_with("POST /v1/chat/completions"), "{request}");
    assert!(
        request.contains("authorization: Bearer sk-test")
            || request.contains("Authorization: Bearer sk-test")
    );
    assert!(request.contains("\"model\":\"test-model\""), "{request}");
    assert!(request.contains("cycle"), "the facts include the risks: {request}");
    let md = read(&out.path().join("REPORT.md"));
    assert!(md.contains("written by a language model (test-model)"), "{md}");
    assert!(md.contains("Shop is small and mostly healthy."), "{md}");
    let report: Value = serde_json::from_str(&read(&out.path().join("report.json"))).expect("json");
    assert_eq!(report["narrative"]["model"], "test-model");

    // A failing endpoint is a warning, and the report is still written.
    let (url, server) = one_shot_server(500, r#"{"error":"overloaded"}"#);
    let out2 = TempDir::new().expect("tempdir");
    let o = Command::new(env!("CARGO_BIN_EXE_principal"))
        .args(["audit", ".", "-q", "--llm", "--out"])
        .arg(out2.path())
        .current_dir(repo.path())
        .env("PRINCIPAL_CACHE_DIR", cache.path())
        .env("PRINCIPAL_LLM_BASE_URL", &url)
        .env_remove("OPENAI_API_KEY")
        .output()
        .expect("runs");
    server.join().expect("server");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: --llm:") && stderr(&o).contains("500"), "{}", stderr(&o));
    assert!(!read(&out2.path().join("REPORT.md")).contains("language model"));

    // No endpoint configured: a warning too.
    let out3 = TempDir::new().expect("tempdir");
    let o = Command::new(env!("CARGO_BIN_EXE_principal"))
        .args(["audit", ".", "-q", "--llm", "--out"])
        .arg(out3.path())
        .current_dir(repo.path())
        .env("PRINCIPAL_CACHE_DIR", cache.path())
        .env_remove("PRINCIPAL_LLM_BASE_URL")
        .env_remove("OPENAI_BASE_URL")
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("PRINCIPAL_LLM_BASE_URL"), "{}", stderr(&o));
}

/// Chromium: `PRINCIPAL_CHROMIUM`, else the first of the usual names on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PRINCIPAL_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

#[test]
fn index_html_renders_every_view_in_chromium_without_errors() {
    let Some(browser) = chromium() else {
        if std::env::var_os("PRINCIPAL_SKIP_BROWSER_TEST").is_some() {
            return;
        }
        panic!(
            "the browser test needs Chromium: `apt-get install -y chromium` (as .ci/run does), \
             PRINCIPAL_CHROMIUM=/path/to/chrome, or PRINCIPAL_SKIP_BROWSER_TEST=1 to skip it"
        );
    };
    let repo = shop();
    let cache = TempDir::new().expect("tempdir");
    let out = TempDir::new().expect("tempdir");
    let o = audit(repo.path(), cache.path(), out.path(), &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let url = format!("file://{}", out.path().join("index.html").display());
    let profile = TempDir::new().expect("tempdir");
    let run = |extra: &[&str], url: &str| {
        Command::new(&browser)
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars"])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args([
                "--enable-logging=stderr",
                "--v=0",
                "--virtual-time-budget=5000",
                "--window-size=1400,1000",
            ])
            .args(extra)
            .arg(url)
            .output()
            .expect("chromium runs")
    };
    let dom = run(&["--dump-dom"], &url);
    let log = String::from_utf8_lossy(&dom.stderr).into_owned();
    assert!(dom.status.success(), "chromium failed: {log}");
    // Console messages appear in the log as `INFO:CONSOLE(…)` (or `CONSOLE:…`) lines; any of them
    // at error level, or an uncaught exception, fails the test.
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(
        !console.iter().any(|l| l.contains("Uncaught") || l.contains("ERROR") || l.contains("Error")),
        "console errors: {console:#?}"
    );
    let html = String::from_utf8_lossy(&dom.stdout).into_owned();
    assert!(html.contains("data-ready=\"true\""), "the script did not finish: {log}");
    for view in ["overview", "risks", "graph", "hotspots", "coupling", "knowledge", "cycles"] {
        let marker = format!("id=\"view-{view}\"");
        let at = html.find(&marker).unwrap_or_else(|| panic!("no view {view}"));
        let tag = &html[at..at + html[at..].find('>').expect("tag end")];
        let items: u32 = tag
            .split("data-items=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("view {view} recorded no item count: {tag}"));
        assert!(items > 0, "view {view} shows no data");
    }
    // The risk register lists the scripted cycle.
    assert!(html.contains("2 components depend on each other in a cycle"));
    // Prose is rendered, not shown as Markdown: no backticks, bold markers or link syntax in
    // what the page draws (the inline report data aside).
    let mut drawn = html.clone();
    while let Some(start) = drawn.find("<script") {
        let end = drawn[start..].find("</script>").map_or(drawn.len(), |e| start + e + "</script>".len());
        drawn.replace_range(start..end, "");
    }
    for raw in ["`", "**", "]("] {
        assert!(
            !drawn.contains(raw),
            "raw Markdown `{raw}` on the page: {}",
            &drawn[drawn.find(raw).expect("found").saturating_sub(200)..][..300.min(drawn.len())]
        );
    }
    assert!(
        drawn.contains("<code>principal secrets --history</code>")
            || !html.contains("principal secrets --history"),
        "inline code is drawn as code"
    );

    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("audit-index.png");
    let _ = std::fs::remove_file(&shot);
    let o = run(&[&format!("--screenshot={}", shot.display())], &format!("{url}#hotspots"));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "{} bytes", png.len());
}

/// The report's title is the project's name: from its manifest when the README opens with a
/// section heading, in the README's spelling when both name it; the summary is plain text.
#[test]
fn the_title_is_the_projects_name_and_the_summary_plain_text() {
    let cases = [
        (
            "//- README.md\n# Getting Started\n\nRun `make` first, then **read** the [guide](docs/guide.md) to learn more about it.\n//- pyproject.toml\n[project]\nname = \"tasker\"\n//- tasker/__init__.py\n",
            "tasker",
            "Run make first, then read the guide to learn more about it.",
        ),
        (
            "//- README.md\n[![ci](https://ci.example/b.svg)](https://ci.example)\n\n# Widget Kit\n\nWidget Kit is a toolkit for drawing widgets quickly, with ``widget.draw()`` and :func:`widget.size`.\n//- package.json\n{\"name\": \"widget-kit\"}\n//- index.js\n",
            "Widget Kit",
            "Widget Kit is a toolkit for drawing widgets quickly, with widget.draw() and widget.size.",
        ),
        (
            "//- go.mod\nmodule github.com/acme/router/v2\n\ngo 1.21\n//- router.go\npackage router\n",
            "router",
            "",
        ),
        (
            // The root Cargo.toml names a small Rust binding, not the C project around it.
            "//- README.md\nWidget - a fast widget engine\n=====\n\nWidget draws widgets in C, quickly and with no dependencies at all.\n//- Cargo.toml\n[package]\nname = \"widget-sys\"\n//- src/lib.rs\npub fn f() {}\n//- widget.c\nint a(void) { return 1; }\nint b(void) { return 2; }\nint c(void) { return 3; }\nint d(void) { return 4; }\nint e(void) { return 5; }\n",
            "Widget",
            "Widget draws widgets in C, quickly and with no dependencies at all.",
        ),
    ];
    for (tree, title, summary) in cases {
        let dir = TempDir::new().expect("tempdir");
        write_tree(dir.path(), tree);
        let cache = TempDir::new().expect("tempdir");
        let out = TempDir::new().expect("tempdir");
        let o = audit(dir.path(), cache.path(), out.path(), &["-q"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let report: Value = serde_json::from_str(&read(&out.path().join("report.json"))).expect("json");
        assert_eq!(report["onboarding"]["title"], title, "{tree}");
        if !summary.is_empty() {
            assert_eq!(report["onboarding"]["description"][0], summary, "{tree}");
        }
        assert!(read(&out.path().join("REPORT.md")).starts_with(&format!("# {title}")), "{tree}");
    }
}
