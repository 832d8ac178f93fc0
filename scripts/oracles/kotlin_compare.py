#!/usr/bin/env python3
"""Principal's Kotlin file edges against a second, independent resolver written with regular
expressions (no Kotlin compiler runs here, so this is a cross-check, not a compiler's truth).

Usage: scripts/oracles/kotlin_compare.py REPO

The check reads each `.kt` file's `package` line and the names it declares (`class`, `object`,
`interface`, `typealias`, `fun`, extension functions included), then maps every `import a.b.C`
to all files of package `a.b` declaring `C` (the longest declared prefix, so `a.b.C.Inner` is
`C`'s file) and `import a.b.*` to every file of the package, as the compiler would find them.
Prints precision and recall of `principal map REPO --level file --format json`'s Kotlin-to-
Kotlin edges against that, and a sample of the differences.
"""
import os
import re
import sys

from edge_compare import principal_edges, report

repo = os.path.abspath(sys.argv[1])
kt, ours = principal_edges(repo, "kotlin")
DECL = re.compile(r"^[ \t]*(?:(?:public|internal|private|protected|expect|actual|abstract|open|sealed|data|inline|value|"
                  r"enum|annotation|operator|infix|suspend|tailrec|external|fun)\s+)*(?:class|object|interface|typealias|fun)"
                  r"\s+(?:<[^>]*>\s*)?(?:[\w.]+\.)?(\w+)", re.M)
text = {p: open(os.path.join(repo, p), encoding="utf-8", errors="replace").read() for p in kt}
package = {}
declared = {}
for p, t in text.items():
    found = re.search(r"^package\s+([\w.]+)", t, re.M)
    package[p] = found.group(1) if found else ""
    for name in DECL.findall(t):
        declared.setdefault(f"{package[p]}.{name}" if package[p] else name, set()).add(p)
oracle = set()
for p, t in text.items():
    for name, star in re.findall(r"^import\s+([\w.]+)(\.\*)?", t, re.M):
        if star:
            targets = {q for q in kt if package[q] == name}
        else:
            targets, n = set(), name
            while n and not targets:
                targets = declared.get(n, set())
                n = n.rpartition(".")[0]
        oracle |= {(p, q) for q in targets if q != p}
report(dict.fromkeys(oracle, "import"), ours, kt, label="check")
