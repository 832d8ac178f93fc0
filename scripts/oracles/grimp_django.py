#!/usr/bin/env python3
"""Dump grimp's module-level import graph of django as file-level edges (JSON).
usage: grimp_django.py ROOT OUT.json [--exclude-type-checking] [--package=NAME]  (default django)"""
import json, os, sys, time
root, out = sys.argv[1], sys.argv[2]
excl = '--exclude-type-checking' in sys.argv
sys.path.insert(0, root)
import grimp
t = time.time()
pkg = next((a.split('=',1)[1] for a in sys.argv if a.startswith('--package=')), 'django')
g = grimp.build_graph(pkg, include_external_packages=False, exclude_type_checking_imports=excl, cache_dir=None)
el = time.time() - t

def path_of(mod):
    p = mod.replace('.', '/')
    for cand in (p + '.py', p + '/__init__.py'):
        if os.path.exists(os.path.join(root, cand)):
            return cand
    raise KeyError(mod)

edges = []
for m in sorted(g.modules):
    for t2 in sorted(g.find_modules_directly_imported_by(m)):
        details = g.get_import_details(importer=m, imported=t2)
        edges.append({'from': path_of(m), 'to': path_of(t2), 'from_mod': m, 'to_mod': t2,
                      'lines': [(d['line_number'], d['line_contents']) for d in details]})
json.dump({'grimp': grimp.__version__ if hasattr(grimp, '__version__') else '3.19', 'seconds': el,
           'modules': sorted(path_of(m) for m in g.modules), 'edges': edges}, open(out, 'w'), indent=0)
print(f'{len(g.modules)} modules, {len(edges)} edges, {el:.1f}s')
