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
import os
import shutil
import subprocess
import sys
import tempfile

from edge_compare import principal_edges, report

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.abspath(sys.argv[1])
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
files, ours = principal_edges(repo, "php")
report(oracle, ours, files)
