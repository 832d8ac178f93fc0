#!/usr/bin/env python3
"""Compare `principal scan --format json` cyclomatic complexity with lizard's, per function.

Usage: scripts/compare-lizard.py SCAN_JSON LIZARD_CSV [--show N] [--same-span]

LIZARD_CSV is `lizard --csv <same root>` run from the scan root. Functions are matched by
(path, start line); only files both tools measured are compared. Prints the share of matched
functions whose CCN is identical, and the largest disagreements. With --same-span it also
prints the share among the matched functions whose end line both tools agree on: where lizard's
tokenizer loses its place (a Ruby heredoc), the function it measures is not the one in the file.
"""
import csv
import json
import os
import sys
from collections import Counter


def main():
    scan_path, lizard_path = sys.argv[1], sys.argv[2]
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 20
    scan = json.load(open(scan_path))
    root = scan["root"]
    ours = {}
    for f in scan["files"]:
        for fn in f["functions"]:
            ours.setdefault((f["path"], fn["start_line"]), fn)
    files = {f["path"] for f in scan["files"]}
    theirs = {}
    for row in csv.reader(open(lizard_path, encoding="utf-8", errors="replace")):
        if len(row) < 11 or not row[1].isdigit():
            continue
        path = os.path.relpath(os.path.join(root, row[6]), root) if not os.path.isabs(row[6]) else os.path.relpath(row[6], root)
        path = path.replace(os.sep, "/")
        if path not in files:
            continue
        theirs[(path, int(row[9]))] = {"ccn": int(row[1]), "name": row[7], "end": int(row[10])}
    matched = [k for k in theirs if k in ours]
    same = [k for k in matched if ours[k]["cyclomatic"] == theirs[k]["ccn"]]
    only_lizard = len(theirs) - len(matched)
    lizard_files = {p for p, _ in theirs}
    only_ours = len([k for k in ours if k[0] in lizard_files and k not in theirs])
    print(f"lizard functions in compared files: {len(theirs)}")
    print(f"matched by (path, start line):      {len(matched)}")
    print(f"identical cyclomatic:               {len(same)} ({100.0 * len(same) / max(1, len(matched)):.2f}%)")
    print(f"only lizard: {only_lizard}   only principal (in files lizard reported): {only_ours}")
    if "--same-span" in sys.argv:
        spans = [k for k in matched if ours[k]["end_line"] == theirs[k]["end"]]
        same_span = [k for k in spans if ours[k]["cyclomatic"] == theirs[k]["ccn"]]
        print(f"same end line too:                  {len(spans)}, identical {len(same_span)} ({100.0 * len(same_span) / max(1, len(spans)):.2f}%)")
    same_set = set(same)
    diffs = sorted((k for k in matched if k not in same_set), key=lambda k: -abs(ours[k]["cyclomatic"] - theirs[k]["ccn"]))
    by_delta = Counter(ours[k]["cyclomatic"] - theirs[k]["ccn"] for k in diffs)
    print("differences by (principal - lizard):", dict(sorted(by_delta.items())))
    for k in diffs[:show]:
        print(f"  {k[0]}:{k[1]} {theirs[k]['name']}: principal {ours[k]['cyclomatic']} lizard {theirs[k]['ccn']}")


if __name__ == "__main__":
    main()
