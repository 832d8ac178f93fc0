#!/usr/bin/env python3
"""Line shares against `git blame`: EVALUATION.md, "Who knows the code now".

    scripts/knowledge/blame.py HISTORY.json CLONE [MAX_FILES]

HISTORY.json is `principal history CLONE --format json`. For each source file with line shares
(up to MAX_FILES, default 150, largest histories first), runs `git blame --line-porcelain`
(with the repository's .git-blame-ignore-revs when it has one) and compares: the top owner, the
top owner's share, and the set of people holding a fifth of the lines or more.
"""
import collections, json, os, re, subprocess, sys

hist = json.load(open(sys.argv[1]))
clone = sys.argv[2]
limit = int(sys.argv[3]) if len(sys.argv) > 3 else 150
names = {a["name"] for a in hist["authors"]}
by_email = {a["email"].lower(): a["name"] for a in hist["authors"]}
key = lambda n: re.sub(r"[^0-9a-z]", "", n.lower())
by_key = {key(n): n for n in names}

def person(name, email):
    if name in names:
        return name
    if email.lower() in by_email:
        return by_email[email.lower()]
    m = re.match(r"(?:\d+\+)?(.+)@users\.noreply\.github\.com", email.lower())
    if m and key(m.group(1)) in by_key:
        return by_key[key(m.group(1))]
    return by_key.get(key(name), name)

ignore = os.path.join(clone, ".git-blame-ignore-revs")
extra = ["--ignore-revs-file", ignore] if os.path.exists(ignore) else []
code = re.compile(r"\.(py|js|ts|go|rs|java|c|h|cc|cpp|cs|mjs|cjs|tsx|jsx)$")
files = [f for f in hist["files"] if f["line_shares"] and code.search(f["path"])
         and not re.search(r"(^|/)(tests?|__tests__|testdata|examples?|benches)/", f["path"])]
files.sort(key=lambda f: (-f["revisions"], f["path"]))
top_same = sets_same = n = 0
diffs = []
for f in files[:limit]:
    out = subprocess.run(["git", "-C", clone, "blame", "--line-porcelain", "-w", *extra, "--", f["path"]],
                         capture_output=True, text=True, errors="replace")
    if out.returncode:
        continue
    counts = collections.Counter()
    author = email = None
    for line in out.stdout.splitlines():
        if line.startswith("author "):
            author = line[7:]
        elif line.startswith("author-mail "):
            email = line[12:].strip("<>")
        elif line.startswith("\t"):
            counts[person(author, email)] += 1
    counts = {p: c for p, c in counts.items() if not p.endswith("[bot]")}
    total = sum(counts.values())
    if not total:
        continue
    blame = sorted(((c / total, p) for p, c in counts.items()), reverse=True)
    ours = [(s["share"], s["name"]) for s in f["line_shares"]]
    n += 1
    top_same += blame[0][1] == ours[0][1]
    sets_same += {p for s, p in blame if s >= 0.2} == {p for s, p in ours if s >= 0.2}
    diffs.append(abs(blame[0][0] - dict((p, s) for s, p in ours).get(blame[0][1], 0.0)))
diffs.sort()
median = diffs[len(diffs) // 2] if diffs else 0
print(f"{os.path.basename(clone.rstrip('/'))}: {n} files; top owner agrees on {top_same} ({100*top_same/max(n,1):.0f}%); "
      f"owners with >= 20% agree on {sets_same} ({100*sets_same/max(n,1):.0f}%); "
      f"|share difference| of blame's top owner: median {median:.2f}")
