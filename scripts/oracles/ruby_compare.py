#!/usr/bin/env python3
"""Precision and recall of Principal's Ruby file edges against Ruby's parser and load path.

Usage: scripts/oracles/ruby_compare.py REPO   (needs ruby)

scripts/oracles/ruby_edges.rb extracts every `require`, `require_relative` and `load` with a
literal argument by Ripper, and resolves it as Ruby does (`$LOAD_PATH.resolve_feature_path`
over the project's `lib` folders; `require_relative` against the file). The edges are compared
with `principal map REPO --level file --format json`, Ruby files only.
"""
import os
import subprocess
import sys

from edge_compare import principal_edges, report

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.abspath(sys.argv[1])
out = subprocess.run(["ruby", os.path.join(here, "ruby_edges.rb"), repo], check=True, capture_output=True, text=True).stdout
oracle = {}
for line in out.splitlines():
    a, b, how = line.split("\t")
    if a != b:
        oracle.setdefault((a, b), how)
files, ours = principal_edges(repo, "ruby")
report(oracle, ours, files)
