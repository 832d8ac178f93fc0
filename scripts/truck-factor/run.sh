#!/usr/bin/env bash
# Truck factor of `principal history` against Avelino et al. (PeerJ preprint 1233, data of
# early 2015).
#
#   scripts/truck-factor/run.sh CSV REPOS [OUT]
#
# CSV    repo,tf,source (e.g. /work/shared/truck-factor-published.csv)
# REPOS  one repository a line: `owner/name [mirror=owner/name] [branch=NAME]` (# comments).
#        mirror= when the mirror is under another name (a renamed repository), branch= to
#        force the branch that was the default in early 2015. Without branch=: master if it
#        exists, else main, else the mirror's HEAD.
# OUT    working directory (default /tmp/tf): clones in OUT/<name>, JSON in OUT/json,
#        rows in OUT/rows.tsv and the table in OUT/table.md.
#
# Assumes the bare mirrors are already at $MIRRORS/<owner>+<name>/repo (or repo/.git), as the
# session's `fetch` tool leaves them (MIRRORS defaults to /work/.mirror); a plain
# `git clone --mirror https://github.com/<owner>/<name> $MIRRORS/<owner>+<name>/repo` does too.
# Linguist's rules are read from the github/linguist mirror at its last commit before
# $LINGUIST_BEFORE (default 2015-07-01: linguist 4.5.7, the first with documentation.yml
# being 4.4/4.5; set 2015-02-01 for 4.3.0).
#
# Environment: PRINCIPAL (binary), CUTOFF (default 2015-02-01T00:00:00Z; a bare date would mean that day at the current time), MAILMAP=1 to also run with a
# generated alias .mailmap (tf.py mailmap; given as mailmap.file, nothing is written into the
# checkout's tree).
set -euo pipefail
csv=${1:?CSV}; repos=${2:?REPOS}; out=${3:-/tmp/tf}
here=$(cd "$(dirname "$0")" && pwd)
PRINCIPAL=${PRINCIPAL:-$here/../../target/release/principal}
MIRRORS=${MIRRORS:-/work/.mirror}
CUTOFF=${CUTOFF:-2015-02-01T00:00:00Z}
LINGUIST_BEFORE=${LINGUIST_BEFORE:-2015-07-01}
MAILMAP=${MAILMAP:-1}
mkdir -p "$out/json" "$out/mailmaps"

gitdir() { local d=$MIRRORS/${1/\//+}/repo; [[ -d $d/.git ]] && d=$d/.git; echo "$d"; }
ling_git=$(gitdir github/linguist)
ling_rev=$(git --git-dir="$ling_git" rev-list -1 --before="$LINGUIST_BEFORE"T00:00:00Z master)

rows=$out/rows.tsv
printf 'repo\tbranch\tsha\tdate\tcommits\tfiles\tpublished\ttf\tauthors\tling_files\tling_tf\tling_authors\tmm_tf\tmm_authors\tmm_ling_tf\tmm_ling_authors\tnote\n' >"$rows"

while read -r repo rest; do
  [[ -z $repo || $repo == \#* ]] && continue
  mirror=$repo branch= note=
  for kv in $rest; do
    case $kv in
      mirror=*) mirror=${kv#mirror=} ;;
      branch=*) branch=${kv#branch=} ;;
    esac
  done
  published=$(awk -F, -v r="$repo" 'tolower($1) == tolower(r) { print $2 }' "$csv")
  src=$(gitdir "$mirror")
  name=${repo#*/}
  dir=$out/$name
  if [[ ! -d $src ]]; then
    echo "$repo: no mirror at $src" >&2
    continue
  fi
  rm -rf "$dir"
  git clone -q --no-checkout "$src" "$dir"
  if [[ -z $branch ]]; then
    for b in master main "$(git -C "$dir" symbolic-ref --short HEAD)"; do
      git -C "$dir" rev-parse -q --verify "refs/remotes/origin/$b" >/dev/null && { branch=$b; break; }
    done
  fi
  sha=$(git -C "$dir" rev-list -1 --before="$CUTOFF" "origin/$branch")
  # History = ancestors of sha only: one local branch at sha, no remotes, no tags.
  git -C "$dir" checkout -q -B tf-snapshot "$sha" 2>"$out/json/$name.checkout.err" ||
    note="checkout incomplete (blobs missing from the mirror); "
  git -C "$dir" for-each-ref --format='%(refname)' refs/remotes refs/tags refs/heads |
    grep -v '^refs/heads/tf-snapshot$' | while read -r ref; do git -C "$dir" update-ref -d "$ref"; done
  git -C "$dir" remote remove origin 2>/dev/null || true
  date=$(git -C "$dir" log -1 --format=%cd --date=short HEAD)

  git -C "$dir" config --unset mailmap.file || true
  "$here/tf.py" linguist "$dir" "$ling_git" "$ling_rev" >"$out/json/$name.linguist.txt"
  "$PRINCIPAL" history "$dir" --format json -q --no-cache >"$out/json/$name.json"
  s=$("$here/tf.py" summary "$out/json/$name.json" "$out/json/$name.linguist.txt")
  mm='{}'
  if [[ $MAILMAP == 1 ]]; then
    "$here/tf.py" mailmap "$dir" >"$out/mailmaps/$name.mailmap"
    if [[ -s $out/mailmaps/$name.mailmap ]]; then
      # an existing .mailmap in the tree still applies; ours adds to it
      git -C "$dir" config mailmap.file "$out/mailmaps/$name.mailmap"
      "$PRINCIPAL" history "$dir" --format json -q --no-cache >"$out/json/$name.mailmap.json"
      git -C "$dir" config --unset mailmap.file
      mm=$("$here/tf.py" summary "$out/json/$name.mailmap.json" "$out/json/$name.linguist.txt")
    fi
  fi
  [[ $(jq -r '"\(.tf) \(.recomputed_tf)"' <<<"$s") == "$(jq -r '"\(.tf) \(.tf)"' <<<"$s")" ]] ||
    note+="recomputed greedy TF differs: $(jq -r .recomputed_tf <<<"$s")"
  jq -r --arg repo "$repo" --arg branch "$branch" --arg sha "${sha:0:8}" --arg date "$date" \
    --arg pub "$published" --arg note "$note" --argjson mm "$mm" \
    '[$repo, $branch, $sha, $date, .commits, .files, $pub, .tf, (.tf_authors | join(", ")),
      .ling_files_in_principal, .ling_tf, (.ling_authors | join(", ")),
      ($mm.tf // "-"), (($mm.tf_authors // []) | join(", ")),
      ($mm.ling_tf // "-"), (($mm.ling_authors // []) | join(", ")), $note] | @tsv' \
    <<<"$s" >>"$rows"
  tail -1 "$rows" >&2
done <"$repos"

# Markdown table; "±1" is for Principal as it is (every file, no alias list).
{
  echo "| Repository | Branch | Commit (date) | Commits | Files | Published TF | Principal TF | Principal's TF authors | ±1 | Linguist files | TF on them | +alias mailmap TF | both |"
  echo "|---|---|---|---:|---:|---:|---:|---|---|---:|---:|---:|---:|"
  tail -n +2 "$rows" | awk -F'\t' '{
    d = $8 - $7; if (d < 0) d = -d
    ok = (d <= 1) ? "yes" : "**no**"
    printf "| %s | %s | `%s` (%s) | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
      $1, $2, $3, $4, $5, $6, $7, $8, $9, ok, $10, $11, $13, $15
  }'
  tail -n +2 "$rows" | awk -F'\t' '
    function ok(v, p) { d = v - p; if (d < 0) d = -d; return d <= 1 }
    { n++; a += ok($8, $7); b += ok($11, $7); if ($13 != "-") { c += ok($13, $7); e += ok($15, $7) } else { c += ok($8, $7); e += ok($11, $7) } }
    END { printf "\nWithin ±1: Principal %d/%d (%.0f%%); Linguist file set %d/%d (%.0f%%); alias mailmap %d/%d (%.0f%%); both %d/%d (%.0f%%)\n",
      a, n, 100*a/n, b, n, 100*b/n, c, n, 100*c/n, e, n, 100*e/n }'
} >"$out/table.md"
cat "$out/table.md"
