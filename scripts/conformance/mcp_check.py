#!/usr/bin/env python3
"""Conformance of `principal mcp` against the official MCP Python SDK client.

Usage: mcp_check.py --bin PRINCIPAL --repo REPO --label NAME [--transport stdio|http|both]

Lists the tools, then calls every tool with good arguments (derived from the
repository: a component id, a file, a symbol) and with bad ones generated from
each tool's inputSchema (unknown component / path / symbol / focus, out-of-range
and negative integers, wrong types, missing required arguments).  Checks, per the
MCP 2025-11-25 specification:

* a bad tool input comes back as a CallToolResult with isError: true, not as a
  JSON-RPC error;
* every tool whose answer is JSON declares an outputSchema (a JSON Schema whose
  root is type "object") and returns structuredContent that validates against
  it, and the serialized JSON in a text block equal to it;
* inputSchema / outputSchema are valid JSON Schemas (jsonschema check_schema);
* the default answer of each tool is under 16,000 characters (~4k tokens);
* an unknown tool name is a JSON-RPC error -32602 (protocol error);
* over streamable HTTP: DELETE of the session answers 200 or 204, a request
  with the deleted session id answers 404, `--http 0` announces the port it
  bound, and the SDK logs no warning (e.g. "Session termination failed").

Prints one line per check: "PASS mcp-<transport>/<what>" or
"FAIL mcp-<transport>/<what>: message".  Exit 1 if anything failed.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import asynccontextmanager
from typing import Any

try:
    import jsonschema
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared.exceptions import MCPError
except ImportError as e:  # pragma: no cover
    print(f"FAIL mcp/install: {e} (run scripts/conformance/install.sh)")
    sys.exit(1)

MAX_CHARS = 16000
FAILS = 0
LABEL = ""


def report(ok: bool, what: str, msg: str = "") -> None:
    global FAILS
    what = f"{LABEL}/{what}"
    if ok:
        print(f"PASS {what}", flush=True)
    else:
        FAILS += 1
        msg = " ".join(str(msg).split())
        if len(msg) > 400:
            msg = msg[:400] + "..."
        print(f"FAIL {what}: {msg}", flush=True)


class WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(("mcp", "httpx", "httpcore")):
            self.records.append(f"{record.name}: {record.getMessage()}")


def dump(result: Any) -> dict:
    return result.model_dump(by_alias=True, exclude_none=True, mode="json")


def text_of(d: dict) -> str:
    return "".join(c.get("text", "") for c in d.get("content", []) if c.get("type") == "text")


def json_of(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, TypeError):
        return None


def has_array(v: Any) -> bool:
    if isinstance(v, list):
        return True
    if isinstance(v, dict):
        return any(has_array(x) for x in v.values())
    return False


def strings_in(v: Any, out: list[str]) -> list[str]:
    if isinstance(v, str):
        out.append(v)
    elif isinstance(v, list):
        for x in v:
            strings_in(x, out)
    elif isinstance(v, dict):
        for x in v.values():
            strings_in(x, out)
    return out


def prop_type(schema: dict) -> str:
    t = schema.get("type", "string")
    if isinstance(t, list):
        t = [x for x in t if x != "null"]
        t = t[0] if t else "string"
    return t


async def call(session: ClientSession, name: str, args: dict) -> tuple[str, Any]:
    """("result", dict) or ("rpcerror", MCPError) or ("exception", exc)."""
    try:
        res = await session.call_tool(name, args, read_timeout_seconds=300)
        return "result", dump(res)
    except MCPError as e:
        return "rpcerror", e
    except Exception as e:  # noqa: BLE001
        return "exception", e


class Ctx:
    """Good argument values for this repository."""

    def __init__(self, repo: str) -> None:
        self.repo = repo
        self.component: str | None = None
        self.file: str | None = None
        self.symbol: str | None = None

    def good_value(self, prop: str, schema: dict) -> Any:
        t = prop_type(schema)
        p = prop.lower()
        if t == "integer":
            if "depth" in p:
                return 2
            if "budget" in p:
                return 1024
            return 5
        if t == "boolean":
            return True
        if t == "array":
            return [self.file] if self.file else []
        if p in ("name", "component", "component_id"):
            return self.component
        if "symbol" in p or p in ("query", "identifier"):
            return self.symbol
        return self.file

    def bad_values(self, prop: str, schema: dict) -> list[tuple[str, Any]]:
        """(what, value) pairs that must be refused with isError."""
        t = prop_type(schema)
        p = prop.lower()
        desc = schema.get("description", "") or ""
        out: list[tuple[str, Any]] = []
        if t == "integer":
            out.append(("negative", -1))
            out.append(("wrong-type-string", "abc"))
            m = re.search(r"at most (\d+)", desc)
            if m:
                out.append((f"above-max-{int(m.group(1)) + 1}", int(m.group(1)) + 1))
            if "depth" in p:
                out.append(("zero", 0))
                out.append(("huge", 1_000_000))
        elif t == "array":
            out.append(("unknown-path", ["no/such/file.py"]))
            out.append(("wrong-type-string", "not-a-list"))
        elif t == "string":
            if p in ("name", "component", "component_id"):
                out.append(("unknown-component", "no-such-component"))
            elif "symbol" in p or p in ("query", "identifier"):
                out.append(("unknown-symbol", "NoSuchSymbolXyz123"))
            else:
                out.append(("unknown-path", "no/such/file.py"))
                out.append(("path-outside-repo", "/etc/passwd"))
                out.append(("path-traversal", "../../../etc/passwd"))
            out.append(("wrong-type-number", 123))
        return out


async def discover(session: ClientSession, ctx: Ctx, tools: dict) -> None:
    repo = ctx.repo
    candidates: list[str] = []
    if "overview" in tools:
        kind, d = await call(session, "overview", {})
        j = json_of(text_of(d)) if kind == "result" else None
        if isinstance(j, dict):
            comps = [c for c in j.get("components", []) if isinstance(c, dict) and c.get("id") not in (None, ".")]
            comps.sort(key=lambda c: -(c.get("files") or 0))
            if comps:
                ctx.component = comps[0]["id"]
            elif j.get("components"):
                ctx.component = j["components"][0].get("id")
            strings_in(j, candidates)
    for tool, args in (("hotspots", {}), ("component", {"name": ctx.component})):
        if tool in tools and (tool != "component" or ctx.component):
            kind, d = await call(session, tool, args)
            if kind == "result":
                strings_in(json_of(text_of(d)), candidates)
    for s in candidates:
        if s and not s.startswith("/") and os.path.isfile(os.path.join(repo, s)):
            ctx.file = s
            break
    if ctx.file is None:
        try:
            files = subprocess.run(["git", "-C", repo, "ls-files"], capture_output=True, text=True).stdout.split()
        except OSError:
            files = []
        src = [f for f in files if f.endswith((".py", ".js", ".ts", ".go", ".rs", ".java"))]
        ctx.file = (src or files or ["README.md"])[0]
    if "repo_map" in tools:
        kind, d = await call(session, "repo_map", {})
        if kind == "result":
            m = re.search(r"\b(?:def|class|function|func|fn|struct|interface|type)\s+([A-Za-z_]\w{2,})", text_of(d))
            if m:
                ctx.symbol = m.group(1)
    ctx.symbol = ctx.symbol or "main"


REPORTED: set[str] = set()


def once(key: str) -> bool:
    """True the first time a (tool, problem) pair is seen: one line per defect, not per call."""
    if key in REPORTED:
        return False
    REPORTED.add(key)
    return True


def check_result_shape(what: str, tool: dict, d: dict, default: bool) -> None:
    text = text_of(d)
    j = json_of(text)
    is_json = isinstance(j, (dict, list))
    out_schema = tool.get("outputSchema")
    if is_json or out_schema:
        if not out_schema and once(f"{LABEL}{tool['name']}/outputSchema"):
            report(False, f"{tool['name']}/outputSchema", f"tool `{tool['name']}` returns JSON but declares no outputSchema")
        sc = d.get("structuredContent")
        if sc is None:
            if once(f"{LABEL}{tool['name']}/structuredContent"):
                report(False, f"{tool['name']}/structuredContent", f"tool `{tool['name']}` returns JSON text but no structuredContent")
        else:
            if out_schema:
                try:
                    jsonschema.Draft202012Validator(out_schema).validate(sc)
                    report(True, f"{what}/structuredContent-validates")
                except jsonschema.ValidationError as e:
                    path = "/".join(str(x) for x in e.absolute_path)
                    report(False, f"{what}/structuredContent-validates", f"at /{path}: {e.message}")
                except jsonschema.SchemaError as e:
                    report(False, f"{what}/structuredContent-validates", f"outputSchema invalid: {e.message}")
            if is_json and j != sc:
                report(False, f"{what}/text-equals-structuredContent",
                       "the text block's JSON differs from structuredContent")
    if default:
        n = len(text)
        report(n <= MAX_CHARS, f"{what}/default-size",
               f"default answer is {n} characters (~{n // 4} tokens), over {MAX_CHARS}")


async def run_tool_checks(session: ClientSession, repo: str, collector: WarningCollector) -> None:
    lt = await session.list_tools()
    tools = {t.name: t.model_dump(by_alias=True, exclude_none=True, mode="json") for t in lt.tools}
    report(bool(tools), "list_tools", "no tools listed")
    for name, t in sorted(tools.items()):
        for key in ("inputSchema", "outputSchema"):
            sch = t.get(key)
            if sch is None:
                continue
            try:
                jsonschema.Draft202012Validator.check_schema(sch)
                ok = sch.get("type") == "object"
                report(ok, f"{name}/{key}-valid", f"{key} root type is {sch.get('type')!r}, the spec requires \"object\"")
            except jsonschema.SchemaError as e:
                report(False, f"{name}/{key}-valid", e.message)

    ctx = Ctx(repo)
    await discover(session, ctx, tools)
    print(f"# {LABEL}: component={ctx.component!r} file={ctx.file!r} symbol={ctx.symbol!r}", flush=True)

    for name, t in sorted(tools.items()):
        schema = t.get("inputSchema") or {}
        props: dict = schema.get("properties") or {}
        required: list = schema.get("required") or []

        # Default answer: required arguments only.
        default_args = {p: ctx.good_value(p, props[p]) for p in required if p in props}
        calls = [("default", default_args, True)]
        full = {p: ctx.good_value(p, s) for p, s in props.items()}
        if full != default_args:
            calls.append(("all-args", full, False))
        # A path that accepts a component id too.
        for p, s in props.items():
            if p == "path" and "component" in (s.get("description") or "") and ctx.component:
                calls.append(("path-as-component", {**default_args, p: ctx.component}, False))
        for what, args, is_default in calls:
            w = f"{name}/{what}"
            kind, d = await call(session, name, args)
            if kind != "result":
                report(False, w, f"{args}: {type(d).__name__} {getattr(d, 'code', '')} {d}")
                continue
            if d.get("isError"):
                report(False, w, f"{args}: isError=true: {text_of(d)[:200]}")
                continue
            report(True, w)
            check_result_shape(w, t, d, is_default)

        # Bad inputs.
        bad: list[tuple[str, dict]] = []
        if required:
            bad.append(("missing-required", {}))
        for p, s in props.items():
            for what, v in ctx.bad_values(p, s):
                args = dict(default_args)
                args.update({q: ctx.good_value(q, props[q]) for q in required if q != p})
                args[p] = v
                bad.append((f"{p}-{what}", args))
        for what, args in bad:
            w = f"{name}/bad-{what}"
            kind, d = await call(session, name, args)
            if kind == "rpcerror":
                report(False, w, f"{json.dumps(args)}: JSON-RPC error {d.code} \"{d.message}\" instead of a CallToolResult with isError: true")
            elif kind == "exception":
                report(False, w, f"{json.dumps(args)}: client exception {type(d).__name__}: {d}")
            elif not d.get("isError"):
                report(False, w, f"{json.dumps(args)}: accepted (isError=false): {text_of(d)[:160]}")
            elif not text_of(d).strip():
                report(False, w, f"{json.dumps(args)}: isError=true with no message")
            else:
                report(True, w)

    kind, d = await call(session, "no_such_tool", {})
    if kind == "rpcerror":
        report(d.code == -32602, "unknown-tool", f"JSON-RPC error code {d.code} (spec: -32602)")
    elif kind == "result":
        report(bool(d.get("isError")), "unknown-tool", "unknown tool accepted with isError=false")
    else:
        report(False, "unknown-tool", f"{type(d).__name__}: {d}")


# ---------------------------------------------------------------- transports

async def run_stdio(binary: str, repo: str) -> None:
    collector = WarningCollector()
    logging.getLogger().addHandler(collector)
    params = StdioServerParameters(command=binary, args=["mcp", "-q", repo])
    errlog = open(os.devnull, "w")
    try:
        async with stdio_client(params, errlog=errlog) as (r, w):
            async with ClientSession(r, w) as s:
                init = dump(await s.initialize())
                report(init.get("protocolVersion") == "2025-11-25", "initialize",
                       f"protocolVersion {init.get('protocolVersion')}")
                await run_tool_checks(s, repo, collector)
    except Exception as e:  # noqa: BLE001
        report(False, "session", f"{type(e).__name__}: {e}")
    for rec in collector.records:
        report(False, "sdk-warning", rec)
    logging.getLogger().removeHandler(collector)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_http(binary: str, repo: str, port: int) -> subprocess.Popen:
    import tempfile
    log = tempfile.TemporaryFile()  # not a pipe: a chatty server must never block on it
    p = subprocess.Popen([binary, "mcp", repo, "--http", str(port)],
                         stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    p.log = log  # type: ignore[attr-defined]
    return p


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 600) -> bool:
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.3)
    return False


def stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    log = getattr(proc, "log", None)
    if log is not None:
        log.seek(0)
        out = log.read()
    if isinstance(out, bytes):
        out = out.decode("utf-8", "replace")
    return out or ""


def _http(method: str, url: str, body: Any = None, headers: dict | None = None) -> tuple[int, dict, str]:
    import http.client
    from urllib.parse import urlsplit

    u = urlsplit(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    data = json.dumps(body).encode() if body is not None else None
    c.request(method, u.path, body=data, headers=headers or {})
    r = c.getresponse()
    text = r.read().decode("utf-8", "replace")
    h = {k.lower(): v for k, v in r.getheaders()}
    c.close()
    return r.status, h, text


async def raw_session_checks(url: str) -> None:
    headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json",
               "MCP-Protocol-Version": "2025-11-25"}
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                       "clientInfo": {"name": "conformance", "version": "0"}}}
    st, h0, _ = _http("POST", url, init, headers)
    sid = h0.get("mcp-session-id")
    report(st == 200, "http/initialize-status", f"POST initialize answered {st}")
    if not sid:
        report(False, "http/session-id", "no Mcp-Session-Id header on the initialize response")
        return
    h = {**headers, "Mcp-Session-Id": sid}
    st, _, _ = _http("POST", url, {"jsonrpc": "2.0", "method": "notifications/initialized"}, h)
    report(st == 202, "http/notification-status", f"POST notification answered {st} (spec: 202)")
    st, _, body = _http("DELETE", url, None, h)
    report(st in (200, 204), "http/delete-session",
           f"DELETE answered {st} {body[:120]!r}; the SDK warns \"Session termination failed: {st}\" unless 200/204")
    st, _, _ = _http("POST", url, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}, h)
    report(st == 404, "http/deleted-session-404", f"request with a terminated session id answered {st} (spec: 404)")
    st, _, _ = _http("POST", url, {"jsonrpc": "2.0", "id": 3, "method": "tools/list"},
                     {**headers, "Mcp-Session-Id": "no-such-session"})
    report(st == 404, "http/unknown-session-404", f"unknown session id answered {st} (spec: 404)")
    st, _, _ = _http("POST", url, init, {**headers, "Origin": "http://evil.example"})
    report(st == 403, "http/foreign-origin-refused", f"initialize with Origin http://evil.example answered {st} (expected 403)")


async def run_http(binary: str, repo: str) -> None:
    # `--http 0` must announce the port it really bound.
    proc = subprocess.Popen([binary, "mcp", repo, "--http", "0"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    announced = None
    end = time.time() + 600
    line_buf = ""
    os.set_blocking(proc.stdout.fileno(), False)
    while time.time() < end and proc.poll() is None:
        chunk = proc.stdout.read() or b""
        line_buf += chunk.decode("utf-8", "replace")
        m = re.search(r"http://127\.0\.0\.1:(\d+)", line_buf)
        if m:
            announced = int(m.group(1))
            break
        time.sleep(0.2)
    stop(proc)
    report(announced not in (None, 0), "http/port-0-announced",
           f"`--http 0` announced {'nothing' if announced is None else 'http://127.0.0.1:0/mcp'} instead of the bound port")

    port = free_port()
    proc = start_http(binary, repo, port)
    if not wait_port(port, proc):
        report(False, "http/start", f"server did not listen on {port}: {stop(proc)[-300:]}")
        return
    url = f"http://127.0.0.1:{port}/mcp"
    collector = WarningCollector()
    logging.getLogger().addHandler(collector)
    try:
        async with streamable_http_client(url) as streams:
            r, w = streams[0], streams[1]
            async with ClientSession(r, w) as s:
                init = dump(await s.initialize())
                report(init.get("protocolVersion") == "2025-11-25", "initialize",
                       f"protocolVersion {init.get('protocolVersion')}")
                await run_tool_checks(s, repo, collector)
        await asyncio.sleep(0.2)
    except Exception as e:  # noqa: BLE001
        report(False, "session", f"{type(e).__name__}: {e}")
    logging.getLogger().removeHandler(collector)
    for rec in collector.records:
        report(False, "sdk-warning", rec)
    try:
        await raw_session_checks(url)
    except Exception as e:  # noqa: BLE001
        report(False, "http/raw", f"{type(e).__name__}: {e}")
    stop(proc)


def main() -> int:
    global LABEL
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--label", default="")
    ap.add_argument("--transport", choices=["stdio", "http", "both"], default="both")
    a = ap.parse_args()
    logging.getLogger().setLevel(logging.WARNING)  # warnings reach the collectors; nothing is printed
    repo = os.path.abspath(a.repo)
    if a.transport in ("stdio", "both"):
        LABEL = f"mcp-stdio{a.label}"
        asyncio.run(run_stdio(a.bin, repo))
    if a.transport in ("http", "both"):
        LABEL = f"mcp-http{a.label}"
        asyncio.run(run_http(a.bin, repo))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
