#!/usr/bin/env python3
"""Compares Principal's clone pairs with jscpd's on the same files.

Usage: compare.py REPORT_JSON JSCPD_JSON

Both sides are reduced to the set of (file, line) inside some clone; the script prints
how many duplicated lines each found, and the share of each side's lines the other also
marks. Principal's spans start and end up to 30 tokens inside a clone's true edges (winnowing),
so line recall against jscpd is expected a little below 100%.
"""
import json
import sys


def lines_of(spans):
    out = set()
    for path, start, end in spans:
        for n in range(start, end + 1):
            out.add((path, n))
    return out


def main():
    report = json.load(open(sys.argv[1]))
    ours = []
    for c in report["clones"]:
        for side in (c["a"], c["b"]):
            ours.append((side["path"], side["start_line"], side["end_line"]))
    jscpd = json.load(open(sys.argv[2]))
    theirs = []
    for d in jscpd.get("duplicates", []):
        for side in (d["firstFile"], d["secondFile"]):
            name = side["name"]
            theirs.append((name.lstrip("./"), side["start"], side["end"]))
    a, b = lines_of(ours), lines_of(theirs)
    both = a & b
    pairs_ours = len(report["clones"])
    pairs_theirs = len(jscpd.get("duplicates", []))
    print(f"pairs: principal {pairs_ours} (of {report['summary']['clone_pairs']}), jscpd {pairs_theirs}")
    print(f"duplicated lines: principal {len(a)}, jscpd {len(b)}, both {len(both)}")
    if a:
        print(f"share of principal's lines jscpd also marks: {len(both) / len(a):.0%}")
    if b:
        print(f"share of jscpd's lines principal also marks: {len(both) / len(b):.0%}")


main()
