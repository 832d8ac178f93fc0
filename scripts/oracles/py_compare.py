#!/usr/bin/env python3
"""Compare Principal's file edges under django/ with grimp's.
usage: py_compare.py PRINCIPAL.json GRIMP.json [--exclude-kind K ...] [--details OUT.json]"""
import json, sys, collections
args = sys.argv[1:]
excl = set(); details = None
while '--exclude-kind' in args:
    i = args.index('--exclude-kind'); excl.add(args[i+1]); del args[i:i+2]
if '--details' in args:
    i = args.index('--details'); details = args[i+1]; del args[i:i+2]
pm, gm = json.load(open(args[0])), json.load(open(args[1]))
mods = set(gm['modules'])
nodes = {n['id'] for n in pm['nodes']}
print('grimp modules missing from principal nodes:', sorted(mods - nodes)[:10])
print('principal django .py nodes not grimp modules:', sorted(n for n in nodes if n.startswith('django/') and n.endswith('.py') and n not in mods)[:10])
ours = {}
for e in pm['edges']:
    if e['from'] in mods and e['to'] in mods and e['kind'] not in excl:
        ours.setdefault((e['from'], e['to']), []).append(e['kind'])
theirs = {(e['from'], e['to']): e['lines'] for e in gm['edges']}
tp = set(ours) & set(theirs)
fp = sorted(set(ours) - set(theirs)); fn = sorted(set(theirs) - set(ours))
print(f'principal={len(ours)} grimp={len(theirs)} tp={len(tp)} fp={len(fp)} fn={len(fn)} '
      f'precision={len(tp)/len(ours):.4f} recall={len(tp)/len(theirs):.4f}')
print('principal kinds:', collections.Counter(k for v in ours.values() for k in v))
for x in fp: print('FP', x, ours[x])
for x in fn: print('FN', x, theirs[x][:2])
if details:
    json.dump({'fp': fp, 'fn': [(a, b, theirs[(a, b)]) for a, b in fn]}, open(details, 'w'), indent=1)
