"""What the import oracles share: Principal's file edges of one language, and the report of
precision and recall against an oracle's edges. Imported by php_compare.py, ruby_compare.py and
kotlin_compare.py."""
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))


def principal_edges(repo, language):
    """The files of `language` in `principal map REPO --level file` and the edges between them.
    The binary is $BIN, else this checkout's release build."""
    principal = os.environ.get("BIN", os.path.join(HERE, "..", "..", "target", "release", "principal"))
    m = json.loads(subprocess.run([principal, "map", repo, "--level", "file", "--format", "json", "-q"],
                                  check=True, capture_output=True, text=True).stdout)
    files = {n["id"] for n in m["nodes"] if n["language"] == language}
    edges = {(e["from"], e["to"]) for e in m["edges"] if e["from"] in files and e["to"] in files}
    return files, edges


def report(oracle, ours, files, label="oracle"):
    """Prints both counts, precision and recall, and a sample of the differences. `oracle` maps
    (from, to) to how the oracle found the edge. Files Principal does not scan (it skips what says
    it was generated: composer's autoloaders, an `rspec --init` spec_helper.rb) are no nodes:
    their edges are left out of both sides."""
    oracle = {k: v for k, v in oracle.items() if k[0] in files and k[1] in files}
    both = ours & set(oracle)
    print(f"{label} edges: {len(oracle)}   principal edges: {len(ours)}   both: {len(both)}")
    print(f"precision {len(both) / max(1, len(ours)):.3f}   recall {len(both) / max(1, len(oracle)):.3f}")
    for e in sorted(set(oracle) - ours)[:10]:
        print("  missed:", e, oracle[e])
    for e in sorted(ours - set(oracle))[:10]:
        print("  extra: ", e)
