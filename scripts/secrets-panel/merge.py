#!/usr/bin/env python3
"""Merge Principal and gitleaks reports of the secrets panel into one row per finding.

Usage: merge.py [OUT_DIR=/tmp/secrets-out] [WORK=/tmp/secrets] > merged.jsonl
Each row: repo, commit (HEAD of the clone), scope, tool (principal|gitleaks|both), rule,
path, line, fingerprint (Principal's; gitleaks' has no secret-derived one, so path:rule:line),
finding_commit (history), and `context`: the source line *with the secret masked* to its first
4 characters, for reading while labelling. Nothing here prints a secret in full.
"""
import json, os, re, subprocess, sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/secrets-out"
WORK = sys.argv[2] if len(sys.argv) > 2 else "/tmp/secrets"

def load(p):
    try:
        with open(p) as f:
            return json.load(f)
    except Exception:
        return None

_blob_cache = {}
def text_at(repo_dir, commit, path):
    key = (repo_dir, commit, path)
    if key not in _blob_cache:
        try:
            if commit:
                b = subprocess.run(["git", "-C", repo_dir, "show", f"{commit}:{path}"],
                                   capture_output=True, timeout=30).stdout
            else:
                b = open(os.path.join(repo_dir, path), "rb").read()
            _blob_cache[key] = b.decode("utf-8", "replace").splitlines()
        except Exception:
            _blob_cache[key] = []
    return _blob_cache[key]

TOKEN = re.compile(r"[A-Za-z0-9+/=_\-.:@]{12,}")
def mask(line):
    """Mask every long token to its first 4 characters (the secret is among them)."""
    return TOKEN.sub(lambda m: m.group(0)[:4] + "…", line.strip())[:200]

def main():
    rows = []
    for name in sorted(os.listdir(OUT)):
        d = os.path.join(OUT, name)
        if not os.path.isdir(d):
            continue
        repo_dir = os.path.join(WORK, name)
        head = subprocess.run(["git", "-C", repo_dir, "rev-parse", "HEAD"],
                              capture_output=True, text=True).stdout.strip()
        for scope in ("tree", "history"):
            merged = {}
            p = load(os.path.join(d, f"principal-{scope}.json")) or {"findings": []}
            for f in p["findings"]:
                k = (f["path"], f["line"], f.get("commit") if scope == "history" else None)
                merged.setdefault(k, {"tools": set(), "rules": [], "fp": [], "gl_rules": []})
                m = merged[k]
                m["tools"].add("principal"); m["rules"].append(f["rule"]); m["fp"].append(f["fingerprint"])
                m["present"] = f.get("present")
                m["prefix"] = f["redacted"].rstrip("\u2026")
                if scope == "history":
                    # Which blob does Principal's line number belong to? The introducing
                    # commit's (expected), HEAD's, or neither.
                    where = "none"
                    for label, c in (("commit", f["commit"]), ("head", "HEAD")):
                        ls = text_at(repo_dir, c, f["path"])
                        if 0 < f["line"] <= len(ls) and m["prefix"] and m["prefix"] in ls[f["line"] - 1]:
                            where = label; break
                    m["line_from"] = where
            g = load(os.path.join(d, f"gitleaks-{scope}.json")) or []
            for f in g:
                path = f["File"]
                pre = repo_dir.rstrip("/") + "/"
                if path.startswith(pre):
                    path = path[len(pre):]
                c = f.get("Commit") or None
                k = (path, f["StartLine"], c if scope == "history" else None)
                if k not in merged and scope == "history":
                    # gitleaks reports every commit that adds the line; Principal one commit,
                    # and its line may come from another blob: match on path plus the same
                    # line or commit, where gitleaks' line holds Principal's 4-char prefix.
                    gls = text_at(repo_dir, c, path)
                    gline = gls[f["StartLine"] - 1] if 0 < f["StartLine"] <= len(gls) else ""
                    alt = [kk for kk in merged if kk[0] == path and "principal" in merged[kk]["tools"]
                           and (kk[1] == f["StartLine"] or kk[2] == c)
                           and merged[kk].get("prefix") and merged[kk]["prefix"] in gline]
                    if alt:
                        k = alt[0]
                merged.setdefault(k, {"tools": set(), "rules": [], "fp": [], "gl_rules": []})
                m = merged[k]
                m["tools"].add("gitleaks"); m["gl_rules"].append(f["RuleID"])
                if not m["fp"]:
                    m["fp"].append(f"gl:{f['RuleID']}:{f['StartLine']}")
            for (path, line, c), m in sorted(merged.items(), key=lambda x: (x[0][0], x[0][1], x[0][2] or "")):
                lf = m.get("line_from")
                lines = text_at(repo_dir, "HEAD" if lf == "head" else c, path)
                ctx = mask(lines[line - 1]) if 0 < line <= len(lines) else ""
                tool = "both" if len(m["tools"]) == 2 else next(iter(m["tools"]))
                rule = "+".join(sorted(set(m["rules"]))) or ""
                if m["gl_rules"]:
                    gl = "+".join(sorted(set(m["gl_rules"])))
                    rule = f"{rule}|gl:{gl}" if rule else f"gl:{gl}"
                rows.append({"repo": name, "commit": head, "scope": scope, "tool": tool,
                             "rule": rule, "path": path, "line": line,
                             "fingerprint": "+".join(dict.fromkeys(m["fp"])),
                             "finding_commit": c or "", "present": m.get("present"),
                             "line_from": m.get("line_from", ""),
                             "context": ctx})
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))

main()
