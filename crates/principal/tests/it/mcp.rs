//! `principal mcp` end to end over stdio: the binary is spawned on the scripted shop repository,
//! initialised, and every tool is called and its answer checked against its output schema; bad
//! tool inputs are results with `isError` and a hint, malformed requests get JSON-RPC errors,
//! and the server keeps serving.

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

    /// A tool's answer: its `structuredContent` (which must equal the JSON of its text), or its
    /// text when the tool answers text.
    fn call(&mut self, name: &str, args: Value) -> Value {
        let r = self.request("tools/call", json!({"name": name, "arguments": args}));
        assert!(r.get("error").is_none(), "{name}: {r:#}");
        assert_ne!(r["result"]["isError"], true, "{name}: {r:#}");
        let text =
            r["result"]["content"][0]["text"].as_str().unwrap_or_else(|| panic!("{name}: {r:#}")).to_owned();
        match r["result"].get("structuredContent") {
            Some(structured) => {
                let parsed: Value = serde_json::from_str(&text).expect("the text is the JSON");
                assert_eq!(&parsed, structured, "{name}");
                structured.clone()
            }
            None => Value::String(text),
        }
    }

    /// A bad input's answer: a result with `isError: true` (not a protocol error), its text.
    fn refused(&mut self, name: &str, args: Value) -> String {
        let r = self.request("tools/call", json!({"name": name, "arguments": args}));
        assert!(r.get("error").is_none(), "{name} {args}: a protocol error: {r:#}");
        assert_eq!(r["result"]["isError"], true, "{name} {args}: {r:#}");
        assert!(r["result"].get("structuredContent").is_none(), "{name}: {r:#}");
        r["result"]["content"][0]["text"].as_str().unwrap_or_else(|| panic!("{name}: {r:#}")).to_owned()
    }
}

/// Checks `value` against the subset of JSON Schema the tools' output schemas use: `type`
/// (one or a list), `properties`, `required`, `items` and `additionalProperties`.
fn conforms(schema: &Value, value: &Value, at: &str) {
    if let Some(kind) = schema.get("type") {
        let kinds: Vec<&str> = match kind {
            Value::String(k) => vec![k.as_str()],
            Value::Array(ks) => ks.iter().filter_map(Value::as_str).collect(),
            _ => panic!("{at}: bad type {kind}"),
        };
        let ok = kinds.iter().any(|k| match *k {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            other => panic!("{at}: unknown type {other}"),
        });
        assert!(ok, "{at}: {value} is not {kinds:?}");
    }
    if let Some(obj) = value.as_object() {
        for r in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            let r = r.as_str().expect("required names");
            assert!(obj.contains_key(r), "{at}: `{r}` is required: {value}");
        }
        for (k, v) in obj {
            if let Some(s) = schema.get("properties").and_then(|p| p.get(k)) {
                conforms(s, v, &format!("{at}.{k}"));
            } else if let Some(s) = schema.get("additionalProperties").filter(|s| s.is_object()) {
                conforms(s, v, &format!("{at}.{k}"));
            }
        }
    }
    if let (Some(items), Some(list)) = (schema.get("items"), value.as_array()) {
        for (i, v) in list.iter().enumerate() {
            conforms(items, v, &format!("{at}[{i}]"));
        }
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
            "whatif",
            "who_to_ask"
        ]
    );
    let mut schemas = std::collections::BTreeMap::new();
    for t in tools["result"]["tools"].as_array().expect("tools") {
        assert!(t["description"].as_str().is_some_and(|d| d.len() > 20), "{t:#}");
        assert_eq!(t["inputSchema"]["type"], "object", "{t:#}");
        let name = t["name"].as_str().expect("name").to_owned();
        if let Some(out) = t.get("outputSchema") {
            assert_eq!(out["type"], "object", "{t:#}");
            schemas.insert(name, out.clone());
        }
    }
    let json_tools: Vec<&str> = schemas.keys().map(String::as_str).collect();
    assert_eq!(
        json_tools,
        [
            "check_rules",
            "component",
            "coupled_files",
            "dependencies",
            "dependents",
            "hotspots",
            "impact",
            "overview",
            "whatif",
            "who_to_ask"
        ],
        "every JSON tool declares its output schema; explain and repo_map answer text"
    );
    let call = |c: &mut Client, name: &str, args: Value| {
        let v = c.call(name, args);
        conforms(&schemas[name], &v, name);
        v
    };
    let deps_tool = tools["result"]["tools"]
        .as_array()
        .expect("t")
        .iter()
        .find(|t| t["name"] == "dependencies")
        .expect("d");
    assert!(deps_tool["inputSchema"]["properties"]["path"].is_object(), "{deps_tool:#}");

    let o = call(&mut c, "overview", json!({}));
    let comps: Vec<&str> =
        o["components"].as_array().expect("c").iter().filter_map(|x| x["id"].as_str()).collect();
    assert!(comps.contains(&"billing") && comps.contains(&"shop"), "{comps:?}");
    assert!(o["top_risks"].as_array().expect("r").iter().any(|r| r["id"] == "cycle:component:billing+shop"));

    let comp = call(&mut c, "component", json!({"name": "billing"}));
    assert!(comp["files"].as_array().expect("f").iter().any(|f| f == "billing/invoice.py"));
    assert_eq!(comp["component"]["experts"][0]["name"], "Bob Jones");

    let deps = call(&mut c, "dependencies", json!({"path": "shop/cli.py"}));
    assert_eq!(deps["files"][0], json!({"path": "shop/core.py", "distance": 1, "import_line": 1}));
    let users = call(&mut c, "dependents", json!({"path": "shop/core.py", "depth": 2}));
    let users: Vec<&str> =
        users["files"].as_array().expect("f").iter().filter_map(|f| f["path"].as_str()).collect();
    assert!(users.contains(&"shop/cli.py") && users.contains(&"shop/util.py"), "{users:?}");
    let comp_deps = call(&mut c, "dependencies", json!({"path": "billing"}));
    assert_eq!(comp_deps["components"][0]["id"], "shop");

    let hot = call(&mut c, "hotspots", json!({"top": 3}));
    assert_eq!(hot["hotspots"][0]["path"], "shop/core.py", "{hot:#}");
    let coupled = call(&mut c, "coupled_files", json!({"path": "shop/db.py"}));
    assert_eq!(coupled["coupled"][0]["file"], "reports/export.py");
    assert_eq!(coupled["coupled"][0]["explained_by_import"], false);

    let who = call(&mut c, "who_to_ask", json!({"path": "billing/tax.py"}));
    assert_eq!(who["main_author"], "Bob Jones");
    assert_eq!(who["authors"][0], json!({"name": "Bob Jones", "active": true}));

    let rules = call(&mut c, "check_rules", json!({}));
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

    let impact = call(&mut c, "impact", json!({"path": "shop/models.py"}));
    let hit: Vec<&str> =
        impact["dependents"].as_array().expect("d").iter().filter_map(|d| d["path"].as_str()).collect();
    assert!(hit.contains(&"billing/invoice.py") && hit.contains(&"shop/core.py"), "{hit:?}");

    // whatif: the scenario on the model only, the same answer as `principal whatif`.
    let w = call(&mut c, "whatif", json!({"cut": ["billing->shop"]}));
    assert_eq!(w["schema"], "principal.whatif/1");
    let resolved: Vec<&str> = w["violations_resolved"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|v| v["rule"].as_str())
        .collect();
    assert!(resolved.contains(&"forbidden/billing-not-shop"), "{w:#}");
    let cli = crate::principal(
        repo.path(),
        cache.path(),
        &["whatif", ".", "--format", "json", "--cut", "billing->shop"],
    );
    let cli: Value = serde_json::from_slice(&cli.stdout).expect("JSON");
    assert_eq!((&w["before"], &w["after"]), (&cli["before"], &cli["after"]), "MCP and CLI agree");
    let text = c.refused("whatif", json!({"merge": ["nope,shop"]}));
    assert!(text.contains("no component is named `nope`") && text.contains("hint: "), "{text}");
    let text = c.refused("whatif", json!({}));
    assert!(text.contains("no scenario"), "{text}");
    let text = c.refused("whatif", json!({"cut": ["billing"]}));
    assert!(text.contains("write FROM->TO"), "{text}");

    // Resources: the report.
    let res = c.request("resources/list", json!({}));
    let uris: Vec<&str> =
        res["result"]["resources"].as_array().expect("r").iter().filter_map(|r| r["uri"].as_str()).collect();
    assert_eq!(uris, ["principal://report.json", "principal://REPORT.md"]);
    let md = c.request("resources/read", json!({"uri": "principal://REPORT.md"}));
    assert!(md["result"]["contents"][0]["text"].as_str().expect("text").starts_with("# Shop"));

    // Bad inputs are results with isError and a hint the model can act on, never protocol
    // errors: paths outside the repository, unknown names, wrong types, values out of range.
    for bad in ["../outside.py", "/etc/passwd"] {
        let text = c.refused("who_to_ask", json!({"path": bad}));
        assert!(text.contains("outside the repository") && text.contains("hint: "), "{text}");
    }
    let text = c.refused("dependencies", json!({"path": "core.py"}));
    assert!(text.contains("files with that name: `shop/core.py`"), "{text}");
    let text = c.refused("component", json!({"name": "nope"}));
    assert!(text.contains("no component `nope`") && text.contains("`billing`"), "{text}");
    let text = c.refused("hotspots", json!({"component": "nope"}));
    assert!(text.contains("no component `nope`") && text.contains("`shop`"), "{text}");
    let text = c.refused("repo_map", json!({"focus": ["nope.py"]}));
    assert!(text.contains("focus `nope.py` is not a parsed source file"), "{text}");
    for depth in [0, 11] {
        let text = c.refused("dependents", json!({"path": "shop/core.py", "depth": depth}));
        assert!(text.contains(&format!("depth {depth} is out of range")), "{text}");
    }
    let text = c.refused("dependents", json!({"path": 7}));
    assert!(text.contains("invalid arguments: invalid type"), "{text}");
    let text = c.refused("impact", json!({"path": "shop/models.py", "lmit": 3}));
    assert!(text.contains("unknown field `lmit`"), "{text}");
    let text = c.refused("impact", json!({"path": "shop"}));
    assert!(text.contains("is a component; impact takes a file"), "{text}");
    let text = c.refused("check_rules", json!({"limit": 0}));
    assert!(text.contains("limit 0 is out of range"), "{text}");
    let text = c.refused("repo_map", json!({"budget": 10}));
    assert!(text.contains("budget 10 is out of range"), "{text}");

    // Lists stop at their limit and say how many were left out.
    let all = call(&mut c, "dependents", json!({"path": "shop/models.py", "depth": 3}));
    let n = all["files"].as_array().expect("files").len();
    assert!(n >= 3, "{all:#}");
    let cut = call(&mut c, "dependents", json!({"path": "shop/models.py", "depth": 3, "limit": 2}));
    assert_eq!(cut["files"].as_array().expect("files").len(), 2);
    assert_eq!(cut["left_out"]["files"], n - 2);
    assert_eq!(cut["files"][0], all["files"][0], "nearest first, the same order");
    assert_eq!(all["left_out"], json!({}));
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

/// One raw HTTP/1.1 request; the answer's status line and headers.
fn http(port: u16, method: &str, headers: &[(&str, &str)], body: &str) -> Option<(String, Vec<String>)> {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(5))).ok()?;
    let mut head = format!("{method} /mcp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    write!(
        s,
        "{head}Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut buf = [0u8; 2048];
    let n = s.read(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf[..n]).into_owned();
    let mut lines = text.lines();
    let status = lines.next()?.to_owned();
    Some((status, lines.take_while(|l| !l.is_empty()).map(str::to_owned).collect()))
}

/// `--http 0` listens on a free port and says which; the Origin is checked; a session's
/// DELETE is answered 204, as the SDKs expect.
#[test]
fn streamable_http_on_localhost_checks_the_origin() {
    let repo = shop();
    let cache = TempDir::new().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_principal"))
        .args(["mcp", ".", "--http", "0"])
        .env("PRINCIPAL_LOG", "info")
        .current_dir(repo.path())
        .env("PRINCIPAL_CACHE_DIR", cache.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut port = None;
    let mut said = String::new();
    for _ in 0..50 {
        let mut line = String::new();
        if stderr.read_line(&mut line).expect("read") == 0 {
            break;
        }
        said.push_str(&line);
        if let Some(rest) =
            line.trim().strip_prefix("note: serving MCP over streamable HTTP at http://127.0.0.1:")
        {
            port = rest.strip_suffix("/mcp").and_then(|p| p.parse::<u16>().ok());
            break;
        }
    }
    let port = port.unwrap_or_else(|| panic!("the bound port is announced: {said}"));
    assert!(!said.contains('\x1b'), "no colour codes in a log that is not a terminal: {said:?}");
    assert!(!said.contains("WARN"), "starting is not a warning: {said}");
    assert_ne!(port, 0);
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})
    .to_string();
    let ok = http(port, "POST", &[("Origin", "http://localhost:3000")], &init).expect("answers");
    let evil = http(port, "POST", &[("Origin", "http://evil.example")], &init).expect("answers");
    let session =
        ok.1.iter()
            .find_map(|h| h.split_once(": ").filter(|(k, _)| k.eq_ignore_ascii_case("mcp-session-id")))
            .map(|(_, v)| v.to_owned())
            .expect("a session id");
    let delete =
        http(port, "DELETE", &[("Mcp-Session-Id", &session), ("Mcp-Protocol-Version", "2025-11-25")], "")
            .expect("answers");
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(ok.0, "HTTP/1.1 200 OK");
    assert_eq!(evil.0, "HTTP/1.1 403 Forbidden");
    assert_eq!(delete.0, "HTTP/1.1 204 No Content", "{delete:?}");
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
