#!/usr/bin/env python3
"""Precision and recall of Principal's PHP file edges against PHP's tokenizer and composer.

Usage: scripts/oracles/php_compare.py REPO   (needs php-cli and composer)

Copies REPO to a temporary folder, runs `composer dump-autoload -o --dev` there (the project's own
optimised classmap; no dependency is installed), extracts each file's namespace-level `use`
statements, fully qualified `new`/`::` names and literal `require`s with PHP's own tokenizer
(scripts/oracles/php_edges.php), maps the names through the classmap, and compares the edges
with `principal map REPO --level file --format json` (PHP files only). Also checks the
name-to-file mapping: every class in the classmap that some file imports must resolve to the
classmap's file.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.abspath(sys.argv[1])
principal = os.environ.get("BIN", os.path.join(here, "..", "..", "target", "release", "principal"))
with tempfile.TemporaryDirectory() as tmp:
    copy = os.path.join(tmp, "repo")
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git", "vendor"))
    subprocess.run(["composer", "dump-autoload", "-o", "--dev", "--no-scripts", "-q", "-d", copy], check=True)
    out = subprocess.run(
        ["php", os.path.join(here, "php_edges.php"), copy, os.path.join(copy, "vendor/composer/autoload_classmap.php")],
        check=True, capture_output=True, text=True,
    ).stdout
oracle = {}
for line in out.splitlines():
    a, b, how = line.split("\t")
    oracle.setdefault((a, b), how)
m = json.loads(subprocess.run([principal, "map", repo, "--level", "file", "--format", "json", "-q"],
                              check=True, capture_output=True, text=True).stdout)
php = {n["id"] for n in m["nodes"] if n["language"] == "php"}
ours = {(e["from"], e["to"]) for e in m["edges"] if e["from"] in php and e["to"] in php}
# Files Principal does not scan (composer's own `@generated` autoloaders) are no nodes; their
# edges are left out of both sides.
oracle = {k: v for k, v in oracle.items() if k[0] in php and k[1] in php}
both = ours & set(oracle)
print(f"oracle edges: {len(oracle)}   principal edges: {len(ours)}   both: {len(both)}")
print(f"precision {len(both) / max(1, len(ours)):.3f}   recall {len(both) / max(1, len(oracle)):.3f}")
for e in sorted(set(oracle) - ours)[:10]:
    print("  missed:", e, oracle[e])
for e in sorted(ours - set(oracle))[:10]:
    print("  extra: ", e)
