#!/usr/bin/env python3
"""Helpers for scripts/truck-factor/run.sh (truck factor against Avelino et al.).

  tf.py linguist CHECKOUT LINGUIST_GIT LINGUIST_REV > files.txt
      Files of CHECKOUT's HEAD that GitHub Linguist (at LINGUIST_REV, read from the bare
      LINGUIST_GIT) would count in language statistics, approximated: not vendored
      (vendor.yml), not documentation (documentation.yml, if that version has it), not
      generated (name rules + minified JS/CSS), not binary, and a language of a detectable type
      found by filename, extension or shebang. This is the file set of Avelino et al.'s tool
      (scripts/linguist.rb: Repository#breakdown_by_file).
  tf.py mailmap CHECKOUT > .mailmap
      A .mailmap that merges identities the way the reference tool's NewAliasHandler does:
      one person per e-mail address, and identities with the same normalised name merged
      (normalised: case, accents, spaces and punctuation ignored).
  tf.py summary HISTORY_JSON [FILES_TXT]
      One JSON line: Principal's truck factor, a recomputation of the greedy algorithm from
      files[].doa_authors (sanity check), and the same on the files in FILES_TXT.
"""
import json
import os
import re
import subprocess
import sys
import unicodedata

import yaml


def git(*args, cwd=None, git_dir=None):
    cmd = ["git"] + (["--git-dir", git_dir] if git_dir else []) + list(args)
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True).stdout


def ruby_re(pattern):
    # vendor.yml / documentation.yml are Ruby regexes; the ones used are Python-compatible
    # apart from \A and \z anchors.
    return re.compile(pattern.replace("\\A", "^").replace("\\z", "$"))


def load_linguist(linguist_git, rev):
    def show(path):
        try:
            return git("show", f"{rev}:{path}", git_dir=linguist_git).decode()
        except subprocess.CalledProcessError:
            return None

    langs = yaml.safe_load(show("lib/linguist/languages.yml"))
    vendor = [ruby_re(p) for p in yaml.safe_load(show("lib/linguist/vendor.yml"))]
    doc_text = show("lib/linguist/documentation.yml")
    docs = [ruby_re(p) for p in yaml.safe_load(doc_text)] if doc_text else []
    blob_helper = show("lib/linguist/blob_helper.rb") or ""
    # 4.5+: DETECTABLE_TYPES = [:programming, :markup]; before: programming + a markup list.
    if "DETECTABLE_TYPES" in blob_helper:
        def detectable(name):
            return langs[name].get("type") in ("programming", "markup")
    else:
        markup = {"CSS", "Less", "Sass", "SCSS", "Stylus", "TeX"}

        def detectable(name):
            return langs[name].get("type") == "programming" or name in markup
    by_ext, by_file, by_interp = {}, {}, {}
    for name, d in langs.items():
        for e in d.get("extensions") or []:
            by_ext.setdefault(e.lower(), []).append(name)
        for f in d.get("filenames") or []:
            by_file.setdefault(f, []).append(name)
        for i in d.get("interpreters") or []:
            by_interp.setdefault(i, []).append(name)
    return langs, vendor, docs, detectable, by_ext, by_file, by_interp


def linguist(checkout, linguist_git, rev):
    langs, vendor, docs, detectable, by_ext, by_file, by_interp = load_linguist(linguist_git, rev)
    out = git("ls-tree", "-r", "-z", "HEAD", cwd=checkout).split(b"\0")
    for entry in out:
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        mode, kind, oid = meta.split()
        if kind != b"blob" or mode == b"120000":
            continue
        path = path.decode("utf-8", "replace")
        if any(r.search(path) for r in vendor) or any(r.search(path) for r in docs):
            continue
        base = os.path.basename(path)
        cands = by_file.get(base)
        if not cands:
            low = base.lower()
            # longest matching extension (linguist 4 matches multi-part extensions too)
            best = None
            for i, ch in enumerate(low):
                if ch == "." and low[i:] in by_ext:
                    best = low[i:]
                    break
            cands = by_ext.get(best) if best else None
        try:
            data = git("cat-file", "blob", oid.decode(), cwd=checkout)
        except subprocess.CalledProcessError:
            continue  # absent from the mirror (the snapshots lack files of 4 MiB and more)
        if b"\0" in data[:8000]:
            continue  # binary: skipped by Repository#compute_stats
        if not cands and data.startswith(b"#!"):
            first = data.split(b"\n", 1)[0].decode("utf-8", "replace").split()
            if first:
                interp = os.path.basename(first[0])
                if interp == "env" and len(first) > 1:
                    interp = first[1]
                interp = re.sub(r"[0-9.]+$", "", interp)
                cands = by_interp.get(interp)
        if not cands:
            continue
        # Ambiguous extensions are resolved by heuristics/classifier; keep the file when
        # most candidates are of a detectable type.
        if sum(detectable(c) for c in cands) * 2 < len(cands):
            continue
        if generated(path, data):
            continue
        print(path)


def generated(path, data):
    ext = os.path.splitext(path)[1].lower()
    if ext in (".nib", ".xcworkspacedata", ".xcuserstate"):
        return True
    if path.endswith(".map") or "node_modules/" in path or "Godeps/" in path:
        return True
    if ext in (".js", ".css"):
        lines = data.split(b"\n")
        if lines and sum(len(line) for line in lines) / len(lines) > 110:
            return True  # minified
        head = b"\n".join(lines[:2])
        if ext == ".js" and b"Generated by CoffeeScript" in head:
            return True
    head = data[:1000]
    if b"Generated by the protocol buffer compiler" in head or b"Autogenerated by Thrift" in head:
        return True
    if ext == ".h" and b"DO NOT EDIT THIS FILE - it is machine generated" in head:
        return True
    return False


def norm_name(name):
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    # Case, accents, spaces and punctuation ignored ("Mitch.Garnaat" = "Mitch Garnaat",
    # "codyfauser" = "Cody Fauser"); the reference compares upper-cased names, and its
    # AliasesIdentifier adds Levenshtein-close names. Very short keys are not merged.
    key = "".join(c for c in name.casefold() if c.isalnum())
    return key if len(key) >= 5 else ""


def mailmap(checkout):
    raw = git("log", "--format=%an%x00%ae", "HEAD", cwd=checkout).decode("utf-8", "replace")
    parent, count = {}, {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb

    for line in raw.splitlines():
        if "\0" not in line:
            continue
        name, email = line.split("\0", 1)
        key = (name, email)
        count[key] = count.get(key, 0) + 1
        union(("id",) + key, ("email", email.lower()))
        if norm_name(name):
            union(("id",) + key, ("name", norm_name(name)))
    groups = {}
    for key in count:
        groups.setdefault(find(("id",) + key), []).append(key)
    for members in groups.values():
        if len({k[0] for k in members}) == 1 and len({k[1].lower() for k in members}) == 1:
            continue
        # canonical: the name and the address used most often
        names, emails = {}, {}
        for k in members:
            names[k[0]] = names.get(k[0], 0) + count[k]
            emails[k[1]] = emails.get(k[1], 0) + count[k]
        cname = max(names, key=lambda n: (names[n], n))
        cemail = max(emails, key=lambda e: (emails[e], e))
        for name, email in sorted(members):
            print(f"{cname} <{cemail}> {name} <{email}>")


def greedy(files, doa):
    """Avelino et al.'s greedy truck factor (GreedyTruckFactor.java): files = list of paths,
    doa = path -> list of DOA authors. Ties: the author named first."""
    amap = {}
    for f in files:
        for a in doa.get(f, []):
            amap.setdefault(a, set()).add(f)
    n, tf, removed = len(files), 0, []
    if n == 0:
        return 0, []
    while amap:
        covered = set().union(*amap.values())
        if len(covered) / n < 0.5:
            break
        top = max(amap, key=lambda a: (len(amap[a]), [-ord(c) for c in a]))
        removed.append(top)
        del amap[top]
        tf += 1
    return tf, removed


def summary(path, files_txt=None):
    h = json.load(open(path))
    bots = {a["name"] for a in h.get("authors", []) if a.get("bot")}
    files = [f for f in h["files"] if not (f["authors"] and set(f["authors"]) <= bots)]
    doa = {f["path"]: f.get("doa_authors") or [] for f in files}
    paths = [f["path"] for f in files]
    out = {
        "commits": h.get("commits"),
        "files": len(h["files"]),
        "tf": h["truck_factor"]["value"],
        "tf_authors": h["truck_factor"]["authors"],
    }
    out["recomputed_tf"], out["recomputed_authors"] = greedy(paths, doa)
    if files_txt:
        keep = {line.rstrip("\n") for line in open(files_txt) if line.strip()}
        sub = [p for p in paths if p in keep]
        out["ling_files"] = len(keep)
        out["ling_files_in_principal"] = len(sub)
        out["ling_tf"], out["ling_authors"] = greedy(sub, doa)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "linguist":
        linguist(*sys.argv[2:5])
    elif cmd == "mailmap":
        mailmap(sys.argv[2])
    elif cmd == "summary":
        summary(*sys.argv[2:4])
    else:
        sys.exit(__doc__)
