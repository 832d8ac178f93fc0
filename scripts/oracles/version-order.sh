#!/usr/bin/env bash
# Regenerates crates/principal-security/src/testdata/*.txt: every ordered pair of a list of
# tricky versions, compared by the ecosystem's reference implementation:
#   PyPI: Python's `packaging.version` (pip's own), npm/crates.io/Go: node `semver` 7,
#   Maven: Maven's ComparableVersion (maven-artifact.jar).
# Needs: python3 with packaging, node with `npm install semver@7` in $SEMVER_DIR, java, Maven.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=crates/principal-security/src/testdata
mkdir -p "$out"
python3 - "$out/pep440.txt" <<'PY'
import itertools, sys
from packaging.version import Version
vs = ["0.1", "1.0.dev0", "1.0.dev1", "1.0a1", "1.0a1.dev1", "1.0a2", "1.0b1", "1.0rc1", "1.0rc2", "1.0",
      "1.0.0", "1.0.post1", "1.0.post1.dev1", "1.0+local", "1.0+local.2", "1.0.1", "1.1", "1.10", "1.2",
      "2.19.0", "2.20.0", "1!0.1", "2.0b3", "2.0.0rc1", "10.0", "1.0.0.0.1", "3.0.0a10", "3.0.0a9"]
with open(sys.argv[1], "w") as f:
    for a, b in itertools.product(vs, vs):
        x, y = Version(a), Version(b)
        f.write(f"{a} {b} {(x > y) - (x < y)}\n")
PY
node -e '
const semver = require(process.env.SEMVER_DIR + "/node_modules/semver");
const vs = ["0.0.1","0.1.0","1.0.0-alpha","1.0.0-alpha.1","1.0.0-alpha.beta","1.0.0-beta","1.0.0-beta.2",
  "1.0.0-beta.11","1.0.0-rc.1","1.0.0","1.0.1","1.2.0","1.10.0","2.0.0-0","2.0.0","10.0.0","1.0.0+build.1"];
const lines = [];
for (const a of vs) for (const b of vs) lines.push(`${a} ${b} ${semver.compare(a, b)}`);
require("fs").writeFileSync(process.argv[1], lines.join("\n") + "\n");
' "$out/semver.txt"
jar=$(ls /usr/share/maven/lib/maven-artifact-*.jar | head -1)
vs="1 1.0 1.0.0 1-alpha 1-alpha-1 1-alpha-2 1-beta 1-milestone-1 1-rc 1-rc1 1-SNAPSHOT 1-sp 1.0.1 1.1 1.10 1.2 2.12.7 2.12.7.1 1-ga 1-final"
: > "$out/maven.txt"
for a in $vs; do for b in $vs; do
  # ComparableVersion prints "   A < B", "   A > B" or "   A == B" between the two tokens.
  r=$(java -cp "$jar" org.apache.maven.artifact.versioning.ComparableVersion "$a" "$b" 2>/dev/null | grep -E '^ +[^ ]+ (<|>|==) ' | head -1)
  case "$r" in *" == "*) c=0;; *" < "*) c=-1;; *) c=1;; esac
  echo "$a $b $c" >> "$out/maven.txt"
done; done
wc -l "$out"/*.txt
