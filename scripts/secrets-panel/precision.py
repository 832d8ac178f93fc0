#!/usr/bin/env python3
"""Precision of `principal secrets` by confidence and by rule, on the hand-labelled panel.

Usage: scripts/secrets-panel/precision.py [--bin PATH] [--repos DIR] [--labels CSV]

Runs `principal secrets REPO --format json` (tree) and with `--history` on every repository of
labels.csv (checked out under --repos, default /tmp/secrets, at the commits labels.csv records;
scripts/secrets-panel/run.sh makes them), joins each finding to its hand label by (repo, scope,
path, line, fingerprint), and prints, per confidence level and per rule, how many findings are
true (`real` or `test-key`: a real credential, or a real-format key kept as a test fixture) and
how many are not (`placeholder`, `docs-example`, `not-a-secret`). A finding with no label is
counted apart, as `unlabelled` (it is new since the labelling). Also prints the true secrets of
the labels (either tool) that Principal no longer reports: recall against the panel.
"""
import argparse
import collections
import csv
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TRUE = {"real", "test-key"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "..", "target", "release", "principal"))
    ap.add_argument("--repos", default="/tmp/secrets")
    ap.add_argument("--labels", default=os.path.join(HERE, "labels.csv"))
    args = ap.parse_args()

    labels = {}
    truths = set()
    for row in csv.DictReader(open(args.labels)):
        key = (row["repo"], row["scope"], row["path"], row["line"])
        labels.setdefault(key, row["label"])
        labels.setdefault((row["repo"], row["scope"], row["fingerprint"]), row["label"])
        if row["label"] in TRUE:
            truths.add((row["repo"], row["scope"], row["path"], row["line"], row["fingerprint"], row["tool"]))

    by_conf = collections.defaultdict(collections.Counter)
    by_rule = collections.defaultdict(collections.Counter)
    by_context = collections.defaultdict(collections.Counter)
    reported = set()
    repos = sorted({k[0] for k in labels if len(k) == 4})
    for repo in repos:
        path = os.path.join(args.repos, repo)
        for scope, extra in (("tree", []), ("history", ["--history"])):
            out = subprocess.run([args.bin, "secrets", path, "--format", "json", "-q", *extra],
                                 capture_output=True, text=True)
            if out.returncode not in (0, 1):
                print(f"{repo} {scope}: principal failed: {out.stderr.strip()}", file=sys.stderr)
                continue
            for f in json.loads(out.stdout)["findings"]:
                key = (repo, scope, f["path"], str(f["line"]))
                label = labels.get(key) or labels.get((repo, scope, f["fingerprint"])) or "unlabelled"
                verdict = "true" if label in TRUE else ("unlabelled" if label == "unlabelled" else "false")
                by_conf[f["confidence"]][verdict] += 1
                by_rule[(f["rule"], f["confidence"])][verdict] += 1
                by_context[(f["context"], f["confidence"])][verdict] += 1
                reported.add((repo, scope, f["path"], str(f["line"])))
                reported.add((repo, scope, f["fingerprint"]))

    def line(name, c):
        judged = c["true"] + c["false"]
        p = f"{100 * c['true'] / judged:.0f}%" if judged else "–"
        return f"| {name} | {c['true'] + c['false'] + c['unlabelled']} | {c['true']} | {c['false']} | {c['unlabelled']} | {p} |"

    head = "| {} | findings | true | false | unlabelled | precision |\n|---|---:|---:|---:|---:|---:|"
    print(head.format("confidence"))
    for conf in ("high", "medium", "low"):
        print(line(conf, by_conf[conf]))
    print()
    print(head.format("rule, confidence"))
    for (rule, conf), c in sorted(by_rule.items()):
        print(line(f"{rule}, {conf}", c))
    print()
    print(head.format("context, confidence"))
    for (ctx, conf), c in sorted(by_context.items()):
        print(line(f"{ctx}, {conf}", c))
    missed = [t for t in sorted(truths)
              if (t[0], t[1], t[2], t[3]) not in reported and (t[0], t[1], t[4]) not in reported]
    before = [t for t in missed if t[5] in ("principal", "both")]
    print(f"\ntrue secrets of the labels that Principal reported then and does not now: {len(before)}")
    for t in before:
        print("  " + " ".join(t[:4]))
    only = [t for t in missed if t[5] == "gitleaks"]
    print(f"true secrets only gitleaks found, still not reported: {len(only)} "
          f"(in {len({(t[0], t[2]) for t in only})} files)")
    for t in sorted({(t[0], t[1], t[2]) for t in only}):
        print("  " + " ".join(t))


if __name__ == "__main__":
    main()
