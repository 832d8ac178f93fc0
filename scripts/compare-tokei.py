#!/usr/bin/env python3
"""Compare `principal scan --format json` line counts with `tokei --output json`, per file.

Usage: scripts/compare-tokei.py SCAN_JSON TOKEI_JSON EXT   (for example .py)
"""
import json, sys, os, collections
scan_p, tok_p, ext = sys.argv[1], sys.argv[2], sys.argv[3]
s = json.load(open(scan_p)); t = json.load(open(tok_p))
root = s['root']
def tot(stats):
    c, m, b = stats['code'], stats['comments'], stats['blanks']
    for lang, reps in stats.get('blobs', {}).items():
        # blobs: dict lang -> stats (tokei 12+) or list
        items = reps if isinstance(reps, list) else [reps]
        for r in items:
            cc, mm, bb = tot(r)
            c += cc; m += mm; b += bb
    return c, m, b
tok = {}; toklang = {}
for lang, v in t.items():
    if lang == 'Total': continue
    for r in v['reports']:
        p = os.path.relpath(r['name'], root).replace(os.sep, '/')
        tok[p] = tot(r['stats']); toklang[p] = lang
pr = {f['path']: (f['lines']['code'], f['lines']['comment'], f['lines']['blank']) for f in s['files']}
prlang = {f['path']: f['language'] for f in s['files']}
skipped = {x['path']: x['reason'] for x in s['skipped']}
sel_p = {p for p in pr if p.endswith(ext)}
sel_t = {p for p in tok if p.endswith(ext)}
both = sorted(sel_p & sel_t)
same = [p for p in both if pr[p] == tok[p]]
print(f"{ext}: principal {len(sel_p)} tokei {len(sel_t)} both {len(both)} identical {len(same)} ({100*len(same)/len(both):.2f}%)")
print("only principal:", [(p, prlang[p]) for p in sorted(sel_p - sel_t)])
print("only tokei:", [(p, toklang[p], skipped.get(p)) for p in sorted(sel_t - sel_p)])
diff = [p for p in both if pr[p] != tok[p]]
kind = collections.Counter()
for p in diff:
    a, b = pr[p], tok[p]
    kind[tuple('=' if x == y else ('+' if x > y else '-') for x, y in zip(a, b)) + (sum(a) == sum(b),)] += 1
print("diff patterns (code,comment,blank, total-equal) principal vs tokei:", kind.most_common())
tot_p = [sum(pr[p][i] for p in both) for i in range(3)]; tot_t = [sum(tok[p][i] for p in both) for i in range(3)]
print("totals over matched: principal", tot_p, "tokei", tot_t)
for p in sorted(diff, key=lambda p: -sum(abs(x-y) for x,y in zip(pr[p],tok[p])))[:int(sys.argv[4]) if len(sys.argv)>4 else 40]:
    print(f"  {p}: principal {pr[p]} tokei {tok[p]} lang {prlang[p]}/{toklang[p]}")
