//! `principal mcp` end to end over stdio: the binary is spawned on the scripted shop repository,
//! initialised, and every tool is called and its answer checked; malformed requests and paths
//! outside the repository get JSON-RPC errors, and the server keeps serving.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use std::collections::BTreeSet;

use serde_json::{Value, json};
use tempfile::TempDir;

use crate::audit::shop;

struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next: u64,
}

impl Client {
    fn start(repo: &std::path::Path, cache: &std::path::Path) -> Client {
        Client::start_with(repo, cache, &[])
    }

    fn start_with(repo: &std::path::Path, cache: &std::path::Path, extra: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_principal"))
            .args(["mcp", "."])
            .args(extra)
            .current_dir(repo)
            .env("PRINCIPAL_CACHE_DIR", cache)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawns");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Client { child, stdin, stdout, next: 1 }
    }

    fn send_raw(&mut self, line: &str) {
        writeln!(self.stdin, "{line}").expect("write");
        self.stdin.flush().expect("flush");
    }

    fn read(&mut self) -> Value {
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("read");
        assert!(!line.is_empty(), "the server closed stdout");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON on stdout ({e}): {line}"))
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next;
        self.next += 1;
        self.send_raw(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string());
        loop {
            let v = self.read();
            if v["id"] == id {
                return v;
            }
        }
    }

    /// A tool's JSON answer (the text of its first content block, parsed).
    fn call(&mut self, name: &str, args: Value) -> Value {
        let r = self.request("tools/call", json!({"name": name, "arguments": args}));
        assert!(r.get("error").is_none(), "{name}: {r:#}");
        assert_ne!(r["result"]["isError"], true, "{name}: {r:#}");
        let text =
            r["result"]["content"][0]["text"].as_str().unwrap_or_else(|| panic!("{name}: {r:#}")).to_owned();
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn every_tool_over_stdio() {
    let repo = shop();
    std::fs::write(
        repo.path().join("principal.toml"),
        "[[rules.forbidden]]\nname = \"billing-not-shop\"\nfrom = \"billing\"\nto = \"shop\"\n",
    )
    .expect("config");
    let cache = TempDir::new().expect("tempdir");
    let mut c = Client::start(repo.path(), cache.path());

    let init = c.request(
        "initialize",
        json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}),
    );
    assert_eq!(init["result"]["protocolVersion"], "2025-06-18", "{init:#}");
    assert_eq!(init["result"]["serverInfo"]["name"], "principal");
    assert!(
        init["result"]["capabilities"]["tools"].is_object()
            && init["result"]["capabilities"]["resources"].is_object()
    );
    c.send_raw(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}).to_string());

    let tools = c.request("tools/list", json!({}));
    let mut names: Vec<&str> = tools["result"]["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "check_rules",
            "component",
            "coupled_files",
            "dependencies",
            "dependents",
            "explain",
            "hotspots",
            "impact",
            "overview",
            "repo_map",
            "who_to_ask"
        ]
    );
    for t in tools["result"]["tools"].as_array().expect("tools") {
        assert!(t["description"].as_str().is_some_and(|d| d.len() > 20), "{t:#}");
        assert_eq!(t["inputSchema"]["type"], "object", "{t:#}");
    }
    let deps_tool = tools["result"]["tools"]
        .as_array()
        .expect("t")
        .iter()
        .find(|t| t["name"] == "dependencies")
        .expect("d");
    assert!(deps_tool["inputSchema"]["properties"]["path"].is_object(), "{deps_tool:#}");

    let o = c.call("overview", json!({}));
    let comps: Vec<&str> =
        o["components"].as_array().expect("c").iter().filter_map(|x| x["id"].as_str()).collect();
    assert!(comps.contains(&"billing") && comps.contains(&"shop"), "{comps:?}");
    assert!(o["top_risks"].as_array().expect("r").iter().any(|r| r["id"] == "cycle:component:billing+shop"));

    let comp = c.call("component", json!({"name": "billing"}));
    assert!(comp["files"].as_array().expect("f").iter().any(|f| f == "billing/invoice.py"));
    assert_eq!(comp["component"]["experts"][0]["name"], "Bob Jones");

    let deps = c.call("dependencies", json!({"path": "shop/cli.py"}));
    assert_eq!(deps["files"][0], json!({"path": "shop/core.py", "distance": 1, "import_line": 1}));
    let users = c.call("dependents", json!({"path": "shop/core.py", "depth": 2}));
    let users: Vec<&str> =
        users["files"].as_array().expect("f").iter().filter_map(|f| f["path"].as_str()).collect();
    assert!(users.contains(&"shop/cli.py") && users.contains(&"shop/util.py"), "{users:?}");
    let comp_deps = c.call("dependencies", json!({"path": "billing"}));
    assert_eq!(comp_deps["components"][0]["id"], "shop");

    let hot = c.call("hotspots", json!({"top": 3}));
    assert_eq!(hot["hotspots"][0]["path"], "shop/core.py", "{hot:#}");
    let coupled = c.call("coupled_files", json!({"path": "shop/db.py"}));
    assert_eq!(coupled["coupled"][0]["file"], "reports/export.py");
    assert_eq!(coupled["coupled"][0]["explained_by_import"], false);

    let who = c.call("who_to_ask", json!({"path": "billing/tax.py"}));
    assert_eq!(who["main_author"], "Bob Jones");
    assert_eq!(who["authors"][0], json!({"name": "Bob Jones", "active": true}));

    let rules = c.call("check_rules", json!({}));
    let v = rules["violations"].as_array().expect("violations");
    assert!(
        v.iter().any(|x| x["rule"] == "forbidden/billing-not-shop" && x["path"] == "billing/invoice.py"),
        "{rules:#}"
    );

    let e = c.call("explain", json!({"path": "billing"}));
    assert!(e.as_str().expect("text").contains("## Onboarding guide: billing"), "{e}");
    let e = c.call("explain", json!({"path": "shop/core.py"}));
    assert!(e.as_str().expect("text").starts_with("# `shop/core.py`"), "{e}");

    let map = c.call("repo_map", json!({"budget": 300}));
    assert!(map.as_str().expect("text").starts_with("# Repository map: shop"), "{map}");

    let impact = c.call("impact", json!({"path": "shop/models.py"}));
    let hit: Vec<&str> =
        impact["dependents"].as_array().expect("d").iter().filter_map(|d| d["path"].as_str()).collect();
    assert!(hit.contains(&"billing/invoice.py") && hit.contains(&"shop/core.py"), "{hit:?}");

    // Resources: the report.
    let res = c.request("resources/list", json!({}));
    let uris: Vec<&str> =
        res["result"]["resources"].as_array().expect("r").iter().filter_map(|r| r["uri"].as_str()).collect();
    assert_eq!(uris, ["principal://report.json", "principal://REPORT.md"]);
    let md = c.request("resources/read", json!({"uri": "principal://REPORT.md"}));
    assert!(md["result"]["contents"][0]["text"].as_str().expect("text").starts_with("# Shop"));

    // Paths outside the repository are refused.
    for bad in ["../outside.py", "/etc/passwd"] {
        let r = c.request("tools/call", json!({"name": "who_to_ask", "arguments": {"path": bad}}));
        assert_eq!(r["error"]["code"], -32602, "{r:#}");
        assert!(r["error"]["message"].as_str().expect("m").contains("outside the repository"), "{r:#}");
    }
    // Malformed requests get JSON-RPC errors, and the server goes on.
    c.send_raw("this is not json");
    let r = c.read();
    assert_eq!(r["error"]["code"], -32700, "{r:#}");
    c.send_raw(r#"{"foo": "bar"}"#);
    let r = c.read();
    assert_eq!(r["error"]["code"], -32600, "{r:#}");
    let r = c.request("tools/call", json!({"name": "no_such_tool", "arguments": {}}));
    assert!(r["error"]["code"].is_i64(), "{r:#}");
    let r = c.request("ping", json!({}));
    assert!(r["result"].is_object(), "still serving: {r:#}");
}

/// One raw HTTP/1.1 POST; the status line of the answer.
fn post(port: u16, origin: &str, body: &str) -> Option<String> {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(5))).ok()?;
    write!(
        s,
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {origin}\r\nContent-Type: application/json\r\n\
         Accept: application/json, text/event-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut buf = [0u8; 512];
    let n = s.read(&mut buf).ok()?;
    String::from_utf8_lossy(&buf[..n]).lines().next().map(str::to_owned)
}

#[test]
fn streamable_http_on_localhost_checks_the_origin() {
    let repo = shop();
    let cache = TempDir::new().expect("tempdir");
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_principal"))
        .args(["mcp", ".", "--http", &port.to_string()])
        .current_dir(repo.path())
        .env("PRINCIPAL_CACHE_DIR", cache.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})
    .to_string();
    let mut ok = None;
    for _ in 0..100 {
        if let Some(status) = post(port, "http://localhost:3000", &init) {
            ok = Some(status);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let evil = post(port, "http://evil.example", &init);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(ok.as_deref(), Some("HTTP/1.1 200 OK"));
    assert_eq!(evil.as_deref(), Some("HTTP/1.1 403 Forbidden"));
}

/// MCP `check_rules` and `principal check --format json` run the same engine evaluation: on a
/// repository with a committed secret, a vulnerable lockfile entry, a cycle and a complex
/// function, they report exactly the same violations, security rules included.
#[test]
fn check_rules_equals_principal_check_with_security_rules() {
    let repo = crate::snapshots::poly();
    let dir = repo.path();
    std::fs::write(
        dir.join("principal.toml"),
        "[rules]\nno_cycles = true\nmax_cyclomatic = 10\nno_secrets = true\nno_vulnerable_dependencies = \"low\"\n",
    )
    .expect("config");
    let osv = TempDir::new().expect("tempdir");
    let db = crate::snapshots::osv_db(osv.path());
    let db = db.to_str().expect("utf-8 path");
    let cache = TempDir::new().expect("tempdir");

    let o = crate::principal(dir, cache.path(), &["check", "--format", "json", "--osv-db", db]);
    assert_eq!(o.status.code(), Some(1), "{}", crate::stderr(&o));
    let check: Value = serde_json::from_str(&crate::stdout(&o)).expect("check JSON");
    let key =
        |v: &Value| ["rule", "path", "line", "message", "fingerprint"].map(|k| v[k].to_string()).join(" | ");
    let from_check: Vec<String> =
        check["violations"].as_array().expect("violations").iter().map(key).collect();

    let mut c = Client::start_with(dir, cache.path(), &["--osv-db", db]);
    c.request(
        "initialize",
        json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}),
    );
    c.send_raw(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}).to_string());
    let rules = c.call("check_rules", json!({}));
    assert_eq!(rules["rules_configured"], true);
    let from_mcp: Vec<String> = rules["violations"].as_array().expect("violations").iter().map(key).collect();

    assert_eq!(from_mcp, from_check);
    let ids: BTreeSet<&str> =
        check["violations"].as_array().expect("list").iter().filter_map(|v| v["rule"].as_str()).collect();
    for id in ["no-cycles", "max-cyclomatic", "secret/aws-access-key-id", "no-vulnerable-dependencies"] {
        assert!(ids.contains(id), "{id} missing from {ids:?}");
    }
}

/// No MCP answer holds a secret planted in the code or the README whole: `repo_map` signatures
/// and `explain`'s README summary pass through the same redaction as the CLI's outputs.
#[test]
fn mcp_answers_hold_no_planted_secret() {
    let tmp = TempDir::new().expect("tempdir");
    let d = tmp.path().join("svc");
    std::fs::create_dir(&d).expect("mkdir");
    let token = ["gh", "p_", "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8"].concat();
    let password = "hunter2hunter2pw";
    crate::write_tree(
        &d,
        &format!(
            "//- README.md\n# Svc\n\nSvc connects with postgres://admin:{password}@db.internal/app and the token {token} for the demo.\n\
             //- app.py\ndef connect(url=\"postgres://admin:{password}@db.internal/app\", token=\"{token}\"):\n    return url\n\n\n\
             def main():\n    return connect()\n"
        ),
    );
    let cache = TempDir::new().expect("tempdir");
    let mut c = Client::start_with(&d, cache.path(), &["--no-history"]);
    c.request(
        "initialize",
        json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}),
    );
    c.send_raw(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}).to_string());
    let answers = [
        c.call("repo_map", json!({"budget": 2000})).to_string(),
        c.call("explain", json!({})).to_string(),
        c.call("overview", json!({})).to_string(),
        c.request("resources/read", json!({"uri": "principal://REPORT.md"})).to_string(),
        c.request("resources/read", json!({"uri": "principal://report.json"})).to_string(),
    ];
    assert!(answers[0].contains("def connect("), "{}", answers[0]);
    for a in &answers {
        assert!(!a.contains(&token) && !a.contains(password), "a secret leaked: {a}");
    }
}
