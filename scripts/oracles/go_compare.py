#!/usr/bin/env python3
"""Compare Principal's Go file edges, lifted to package level, with `go list`.

usage: go_compare.py MAP.json GOLIST.json [...] [--dict GOLIST.json] [--details OUT.json]
Positional go list files define the packages P being compared; --dict LIST adds packages used
only to map ImportPath -> Dir. Dirs are made relative to GOROOT/src.
"""
import json, os, sys, collections

SRC_PREFIXES = ['/usr/lib/go-1.19/src/', '/usr/share/go-1.19/src/', '/tmp/oracle/go-src/']

def load_stream(f):
    dec = json.JSONDecoder(); s = open(f).read(); i = 0; out = []
    while i < len(s):
        while i < len(s) and s[i].isspace(): i += 1
        if i >= len(s): break
        o, i = dec.raw_decode(s, i); out.append(o)
    return out

def rel(d):
    for p in SRC_PREFIXES:
        if d.startswith(p): return d[len(p):]
        if d + '/' == p: return ''
    raise ValueError(d)

def main():
    args = sys.argv[1:]
    details = None
    if '--details' in args:
        i = args.index('--details'); details = args[i+1]; del args[i:i+2]
    dicts = []
    while '--dict' in args:
        i = args.index('--dict'); dicts.append(args[i+1]); del args[i:i+2]
    mapf, lists = args[0], args[1:]
    pkgs = [p for f in lists for p in load_stream(f)]
    allp = pkgs + [p for f in dicts for p in load_stream(f)]
    dir_of = {p['ImportPath']: rel(p['Dir']) for p in allp}
    pkg_of_dir = {v: k for k, v in dir_of.items()}
    m = json.load(open(mapf))
    out_edges = collections.defaultdict(set)   # from file -> set of target dirs
    kinds = collections.Counter()
    for e in m['edges']:
        if e['from'].endswith('.go') and e['to'].endswith('.go'):
            out_edges[e['from']].add(os.path.dirname(e['to']))
            kinds[e['kind']] += 1
    nodes = {n['id'] for n in m['nodes']}
    ext = collections.defaultdict(set)
    for x in m['external']:
        ext[x['from']].add(x['package'])
    unres = collections.defaultdict(set)
    for x in m['unresolved']:
        unres[x['from']].add(x['specifier'])
    tp = fp = fn = 0
    ours_total = theirs_total = 0
    fps, fns = [], []
    missing_files = []
    for p in pkgs:
        d = dir_of[p['ImportPath']]
        files = [os.path.join(d, f) if d else f for f in p.get('GoFiles', []) + p.get('CgoFiles', [])]
        for f in files:
            if f not in nodes: missing_files.append(f)
        ours = set()
        for f in files:
            ours |= out_edges.get(f, set())
        ours.discard(d)
        theirs = set()
        for imp in p.get('Imports', []):
            if imp == 'C': continue
            if imp in dir_of: theirs.add(dir_of[imp])
            else: theirs.add('EXTERNAL:' + imp)
        theirs = {t for t in theirs if not t.startswith('EXTERNAL:')}
        ours_total += len(ours); theirs_total += len(theirs)
        tp += len(ours & theirs)
        for t in sorted(ours - theirs):
            fp += 1
            src = sorted(f for f in files if t in out_edges.get(f, set()))
            fps.append({'pkg': p['ImportPath'], 'dir': d, 'target': t, 'target_pkg': pkg_of_dir.get(t), 'files': src})
        for t in sorted(theirs - ours):
            fn += 1
            fns.append({'pkg': p['ImportPath'], 'dir': d, 'target': t, 'target_pkg': pkg_of_dir.get(t),
                        'files': files, 'our_external': sorted(set().union(*[ext.get(f, set()) for f in files])) if files else [],
                        'our_unresolved': sorted(set().union(*[unres.get(f, set()) for f in files])) if files else []})
    print(f'packages={len(pkgs)} ours={ours_total} theirs={theirs_total} tp={tp} fp={fp} fn={fn}')
    print(f'precision={tp/ours_total:.4f} recall={tp/theirs_total:.4f}')
    print(f'edge kinds (file level, go->go): {dict(kinds)}')
    print(f'GoFiles not in principal nodes: {len(missing_files)} {missing_files[:10]}')
    for x in fps[:40]: print('FP', x['pkg'], '->', x['target'], x['files'][:3])
    for x in fns[:40]: print('FN', x['pkg'], '->', x['target'], 'ext:', x['our_external'][:8], 'unres:', x['our_unresolved'][:5])
    if details:
        json.dump({'fp': fps, 'fn': fns, 'missing_files': missing_files}, open(details, 'w'), indent=1)

if __name__ == "__main__":
    main()
