#!/bin/sh
# Re-runs every Principal map and every comparison; oracle outputs (go list, grimp, depcruise) are reused.
set -e
P=/work/main/target/release/principal
cd /tmp/oracle
echo "principal HEAD $(git -C /work/main rev-parse --short HEAD), binary $(stat -c %y $P)"
M="--level file --format json -q --no-cache"
$P map go-src $M --include-vendored > go-map.json
$P map go-src $M --include-vendored --max-file-size 10MiB > go-map-big.json
$P map go-src $M > go-map-default.json
$P map Django-4.2.16 $M > principal-django.json
$P map Django-4.2.16 $M --include-vendored > principal-django-iv.json
for p in werkzeug libcst flask; do $P map pysupp/$p-root $M --include-vendored > principal-$p.json; done
$P map package $M --include-vendored > principal-three.json
$P map package $M > principal-three-default.json
$P map ts/package $M --include-vendored > ts/principal-rxjs.json
echo "principal HEAD after runs $(git -C /work/main rev-parse --short HEAD), binary $(stat -c %y $P)"
s=scripts
echo "### Go"
for m in go-map go-map-big go-map-default; do
  echo "## $m std";  python3 $s/go_compare.py $m.json go-std.json --dict go-cmd.json | head -4
  echo "## $m cmd";  python3 $s/go_compare.py $m.json go-cmd.json --dict go-std.json | head -4
  echo "## $m both"; python3 $s/go_compare.py $m.json go-std.json go-cmd.json --details ${m}-details.json | head -4
done
python3 $s/go_extra.py go-map-big.json go-std.json go-cmd.json
python3 $s/go_ignore_targets.py go-map-big.json go-std.json go-cmd.json
python3 $s/go_dirlevel.py go-map-big.json | head -3
echo "### Python"
python3 $s/py_compare.py principal-django.json grimp-django.json | head -14
python3 $s/py_compare.py principal-django-iv.json grimp-django.json | head -5
python3 $s/py_compare.py principal-django-iv.json grimp-django-notc.json --exclude-kind type_only | sed -n 3p
for p in werkzeug libcst flask; do
  echo "## $p all"; python3 $s/py_compare.py principal-$p.json grimp-$p.json | sed -n '3,6p'
  echo "## $p no type_only vs grimp exclude_type_checking"; python3 $s/py_compare.py principal-$p.json grimp-$p-notc.json --exclude-kind type_only | sed -n '3,6p'
done
echo "### JavaScript"
python3 $s/js_compare.py principal-three.json dc-three.json package --details three-details.json
python3 $s/js_compare.py principal-three-default.json dc-three.json package | sed -n 2,3p
echo "## rxjs (supplementary) vs --ts-pre-compilation-deps"
python3 $s/js_compare.py ts/principal-rxjs.json ts/dc-rxjs-pre.json ts/package | sed -n 2,6p
echo "## rxjs vs default (post-compilation) depcruise"
python3 $s/js_compare.py ts/principal-rxjs.json ts/dc-rxjs.json ts/package | sed -n 2,3p
