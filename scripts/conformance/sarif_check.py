#!/usr/bin/env python3
"""Validate SARIF with the SARIF Multitool (GitHub's rules too) and summarise it with sarif-tools.

Usage: sarif_check.py --multitool PATH --label NAME [--expect-results] FILE.sarif

FAIL lines: every multitool result of level error or warning (SARIF1xxx schema/spec rules,
SARIF2xxx best practices, GH1xxx GitHub code-scanning rules), a multitool crash, a
`sarif summary` crash or a result count that disagrees with the file, and (with
--expect-results) a file with no results.  Notes are summarised on one INFO line per rule
(they never fail): SARIF2006 "URI not reachable" is ignored, since this machine has no
network.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

# Warnings that remain on purpose, with why. They print as INFO lines, not FAIL.
EXPLAINED = {
    "SARIF2005": "no informationUri: Principal has no public homepage to point to; the driver carries "
    "Cargo's package.homepage when a build sets one, and never a placeholder",
}

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklines import Lines  # noqa: E402

LINES = Lines()
report = LINES.report


def message_text(run, res):
    m = res.get("message", {})
    if "text" in m:
        return m["text"]
    rid, mid, args = res.get("ruleId"), m.get("id"), m.get("arguments", [])
    for rule in run.get("tool", {}).get("driver", {}).get("rules", []):
        if rule.get("id") == rid:
            fmt = rule.get("messageStrings", {}).get(mid, {}).get("text")
            if fmt:
                return re.sub(r"\{(\d+)\}", lambda g: str(args[int(g.group(1))]) if int(g.group(1)) < len(args) else g.group(0), fmt)
    return f"{mid} {args}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--multitool", required=True)
    ap.add_argument("--label", required=True)
    ap.add_argument("--expect-results", action="store_true")
    ap.add_argument("file")
    a = ap.parse_args()
    label = a.label
    try:
        data = json.load(open(a.file, encoding="utf-8"))
    except ValueError as e:
        report(False, f"{label}/json", f"not JSON: {e}")
        return 1
    n_results = sum(len(r.get("results") or []) for r in data.get("runs", []))
    if a.expect_results:
        report(n_results > 0, f"{label}/has-results", "the SARIF log has no results (the fixture plants some)")

    # SARIF Multitool: validate, with the SARIF and GitHub rule kinds.
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "input.sarif")
        with open(src, "w", encoding="utf-8") as f:
            json.dump(data, f)
        out = os.path.join(tmp, "validation.sarif")
        cmd = [a.multitool, "validate", "--rule-kind", "Sarif;Gh", "--level", "Error;Warning;Note",
               "--log", "ForceOverwrite", "-o", out, src]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if not os.path.exists(out):
            report(False, f"sarif-multitool/{label}/run", f"exit {p.returncode}: {(p.stdout + p.stderr)[-400:]}")
        else:
            v = json.load(open(out, encoding="utf-8-sig"))
            notes = collections.Counter()
            bad = []
            for run in v.get("runs", []):
                for n in (run.get("invocations") or [{}])[0].get("toolExecutionNotifications", []) or []:
                    if n.get("level") == "error":
                        bad.append(f"tool error: {n.get('message', {}).get('text')}")
                for res in run.get("results", []) or []:
                    rid = res.get("ruleId", "?")
                    level = res.get("level", "warning")
                    text = message_text(run, res)
                    if rid == "SARIF2006":
                        continue
                    if rid in EXPLAINED:
                        print(f"INFO sarif-multitool/{label}/explained {rid}: {EXPLAINED[rid]}", flush=True)
                        continue
                    if level in ("error", "warning"):
                        bad.append(f"{level} {rid}: {text}")
                    else:
                        notes[rid] += 1
            for b in bad:
                report(False, f"sarif-multitool/{label}/validate", b)
            if not bad:
                report(True, f"sarif-multitool/{label}/validate")
            if notes:
                print(f"INFO sarif-multitool/{label}/notes: " + ", ".join(f"{k} x{c}" for k, c in sorted(notes.items())), flush=True)

    # sarif-tools: `sarif summary` must read it and count the same results.
    p = subprocess.run(["sarif", "summary", a.file], capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        report(False, f"sarif-tools/{label}/summary", f"exit {p.returncode}: {(p.stderr or p.stdout)[-400:]}")
    else:
        counted = sum(int(m) for m in re.findall(r"^(?:error|warning|note|none): (\d+)$", p.stdout, re.M))
        report(counted == n_results, f"sarif-tools/{label}/summary",
               f"`sarif summary` counts {counted} results, the file has {n_results}: {p.stdout.strip()[:200]}")
    return LINES.exit_code()


if __name__ == "__main__":
    sys.exit(main())
