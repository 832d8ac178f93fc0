#!/usr/bin/env python3
"""Precision and recall of Principal's Ruby file edges against Ruby's parser and load path.

Usage: scripts/oracles/ruby_compare.py REPO   (needs ruby)

scripts/oracles/ruby_edges.rb extracts every `require`, `require_relative` and `load` with a
literal argument by Ripper, and resolves it as Ruby does (`$LOAD_PATH.resolve_feature_path`
over the project's `lib` folders; `require_relative` against the file). The edges are compared
with `principal map REPO --level file --format json`, Ruby files only.
"""
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.abspath(sys.argv[1])
principal = os.environ.get("BIN", os.path.join(here, "..", "..", "target", "release", "principal"))
out = subprocess.run(["ruby", os.path.join(here, "ruby_edges.rb"), repo], check=True, capture_output=True, text=True).stdout
oracle = {}
for line in out.splitlines():
    a, b, how = line.split("\t")
    if a != b:
        oracle.setdefault((a, b), how)
m = json.loads(subprocess.run([principal, "map", repo, "--level", "file", "--format", "json", "-q"],
                              check=True, capture_output=True, text=True).stdout)
ruby = {n["id"] for n in m["nodes"] if n["language"] == "ruby"}
ours = {(e["from"], e["to"]) for e in m["edges"] if e["from"] in ruby and e["to"] in ruby}
# Files Principal does not scan (an `rspec --init` spec_helper.rb says it was generated) are no
# nodes; their edges are left out of both sides.
oracle = {k: v for k, v in oracle.items() if k[0] in ruby and k[1] in ruby}
both = ours & set(oracle)
print(f"oracle edges: {len(oracle)}   principal edges: {len(ours)}   both: {len(both)}")
print(f"precision {len(both) / max(1, len(ours)):.3f}   recall {len(both) / max(1, len(oracle)):.3f}")
for e in sorted(set(oracle) - ours)[:10]:
    print("  missed:", e, oracle[e])
for e in sorted(ours - set(oracle))[:10]:
    print("  extra: ", e)
