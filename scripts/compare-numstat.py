#!/usr/bin/env python3
"""Compare `principal history --no-renames --format json` per-file churn with `git log --numstat`.

Usage (in a work tree):
  principal history . --no-renames --format json -q > history.json
  git log --numstat --no-renames --format= > numstat.txt
  scripts/compare-numstat.py history.json numstat.txt

For every file present at HEAD that Principal lists, the sums of added and deleted lines and the
number of commits touching it must equal git's. Prints the agreement and any differences.
"""
import json
import sys
from collections import defaultdict


def main():
    hist = json.load(open(sys.argv[1]))
    added, deleted, revs = defaultdict(int), defaultdict(int), defaultdict(int)
    for line in open(sys.argv[2], encoding="utf-8", errors="replace"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3:
            continue
        a, d, path = parts
        if path.startswith('"'):
            path = path[1:-1].encode().decode("unicode_escape").encode("latin-1").decode("utf-8", "replace")
        added[path] += int(a) if a != "-" else 0
        deleted[path] += int(d) if d != "-" else 0
        revs[path] += 1
    files = hist["files"]
    same = [f for f in files if (f["added"], f["deleted"], f["revisions"]) == (added[f["path"]], deleted[f["path"]], revs[f["path"]])]
    print(f"files compared: {len(files)}  identical (added, deleted, revisions): {len(same)} ({100.0 * len(same) / max(1, len(files)):.2f}%)")
    print(f"lines: principal +{sum(f['added'] for f in files)} -{sum(f['deleted'] for f in files)}  "
          f"git +{sum(added[f['path']] for f in files)} -{sum(deleted[f['path']] for f in files)}")
    for f in files:
        p = f["path"]
        if (f["added"], f["deleted"], f["revisions"]) != (added[p], deleted[p], revs[p]):
            print(f"  {p}: principal +{f['added']} -{f['deleted']} in {f['revisions']}, git +{added[p]} -{deleted[p]} in {revs[p]}")


if __name__ == "__main__":
    main()
