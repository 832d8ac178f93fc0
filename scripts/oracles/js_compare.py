#!/usr/bin/env python3
"""Compare Principal's internal JS file edges with dependency-cruiser's.
usage: js_compare.py PRINCIPAL.json DEPCRUISE.json ROOT [--details OUT.json]"""
import json, os, sys, collections
args = sys.argv[1:]
details = None
if '--details' in args:
    i = args.index('--details'); details = args[i+1]; del args[i:i+2]
pm, dm, root = json.load(open(args[0])), json.load(open(args[1])), args[2]
theirs = collections.defaultdict(list)
dc_unres = collections.defaultdict(list)
dc_sources = set()
for m in dm['modules']:
    src = m['source']
    if not os.path.isfile(os.path.join(root, src)): continue
    dc_sources.add(src)
    for d in m['dependencies']:
        if d.get('coreModule'): continue
        if d.get('couldNotResolve'):
            dc_unres[src].append(d['module']); continue
        r = d['resolved']
        if os.path.isfile(os.path.join(root, r)) and not r.startswith('node_modules/'):
            theirs[(src, r)].append((d['module'], d.get('dependencyTypes')))
ours = collections.defaultdict(list)
nodes = {n['id'] for n in pm['nodes']}
for e in pm['edges']:
    if e['from'] in dc_sources:
        ours[(e['from'], e['to'])].append(e['kind'])
p_unres = collections.defaultdict(list)
for u in pm['unresolved']: p_unres[u['from']].append((u['specifier'], u['line']))
p_ext = collections.defaultdict(list)
for x in pm['external']: p_ext[x['from']].append(x['package'])
tp = set(ours) & set(theirs); fp = sorted(set(ours) - set(theirs)); fn = sorted(set(theirs) - set(ours))
print(f'dc modules (files)={len(dc_sources)} principal nodes={len(nodes)} dc sources not principal nodes={sorted(dc_sources - nodes)[:10]}')
print(f'principal={len(ours)} depcruise={len(theirs)} tp={len(tp)} fp={len(fp)} fn={len(fn)} '
      f'precision={len(tp)/len(ours):.4f} recall={len(tp)/len(theirs):.4f}')
print('principal kinds on edges:', collections.Counter(k for v in ours.values() for k in set(v)))
for x in fp[:60]: print('FP', x, ours[x], 'dc unresolved from this file:', dc_unres.get(x[0], [])[:4])
for x in fn[:60]: print('FN', x, theirs[x], 'principal unresolved:', p_unres.get(x[0], [])[:4], 'ext:', sorted(set(p_ext.get(x[0], [])))[:4])
print('principal unresolved:', [(k, v) for k, v in p_unres.items() if k in dc_sources][:20])
print('dc unresolved specifiers:', collections.Counter(s for v in dc_unres.values() for s in v).most_common(20))
if details:
    json.dump({'fp': [(a, b, ours[(a, b)]) for a, b in fp], 'fn': [(a, b, theirs[(a, b)]) for a, b in fn]}, open(details, 'w'), indent=1)
