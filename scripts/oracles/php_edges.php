<?php
// The import edges of a PHP project by PHP's own tokenizer and composer's optimised classmap,
// for scripts/oracles/php_compare.py. Usage: php php_edges.php ROOT CLASSMAP_PHP > edges.tsv
// Prints one "from<TAB>to<TAB>how" line per edge; paths relative to ROOT.
// Edges: namespace-level `use` (classes, and group use), fully qualified names after `new`,
// before `::`, and `require`/`include` of a literal path or `__DIR__ . 'literal'`.
[$_, $root, $classmapFile] = $argv;
$root = rtrim(realpath($root), '/');
$classmap = [];
foreach ((require $classmapFile) as $class => $file) {
    $real = realpath($file);
    if ($real !== false && str_starts_with($real, $root . '/') && !str_contains($real, '/vendor/')) {
        $classmap[strtolower($class)] = substr($real, strlen($root) + 1);
    }
}
$it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($root, FilesystemIterator::SKIP_DOTS));
foreach ($it as $f) {
    $path = $f->getPathname();
    if (!str_ends_with($path, '.php') || str_contains($path, '/vendor/') || str_contains($path, '/.git/')) {
        continue;
    }
    $rel = substr($path, strlen($root) + 1);
    $tokens = array_values(array_filter(token_get_all(file_get_contents($path)), function ($t) {
        return !is_array($t) || !in_array($t[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT]);
    }));
    $depth = 0;
    $n = count($tokens);
    $edge = function (string $name, string $how) use ($classmap, $rel) {
        $key = strtolower(ltrim($name, '\\'));
        if (isset($classmap[$key]) && $classmap[$key] !== $rel) {
            echo "$rel\t{$classmap[$key]}\t$how\n";
        }
    };
    for ($i = 0; $i < $n; $i++) {
        $t = $tokens[$i];
        $id = is_array($t) ? $t[0] : $t;
        if ($id === '{' || $id === T_CURLY_OPEN || $id === T_DOLLAR_OPEN_CURLY_BRACES) { $depth++; continue; }
        if ($id === '}') { $depth--; continue; }
        // A namespace with braces holds its uses at depth 1.
        if ($id === T_USE && $depth <= 1) {
            $j = $i + 1;
            $kind = 'class';
            if (is_array($tokens[$j]) && in_array($tokens[$j][0], [T_FUNCTION, T_CONST])) { $kind = 'function'; $j++; }
            $prefix = '';
            $names = [];
            $current = '';
            for (; $j < $n && $tokens[$j] !== ';'; $j++) {
                $tj = $tokens[$j];
                if (is_array($tj) && in_array($tj[0], [T_NAME_QUALIFIED, T_STRING, T_NAME_FULLY_QUALIFIED])) {
                    if ($current === '') { $current = $tj[1]; }
                } elseif (is_array($tj) && $tj[0] === T_AS) {
                    $j++; // the alias
                } elseif ($tj === '{') {
                    $prefix = rtrim($current, '\\') . '\\'; $current = '';
                } elseif ($tj === ',' || $tj === '}') {
                    if ($current !== '') { $names[] = $prefix . $current; }
                    $current = '';
                } elseif (is_array($tj) && $tj[0] === T_NS_SEPARATOR) {
                    // `A\{B}`: the separator before the brace
                }
                if ($tj === '(') { break; } // a closure's `use (...)`
            }
            if ($current !== '') { $names[] = $prefix . $current; }
            if ($kind === 'class') { foreach ($names as $name) { $edge($name, 'use'); } }
            $i = $j;
            continue;
        }
        if ($id === T_NAME_FULLY_QUALIFIED) {
            $prev = $tokens[$i - 1] ?? null;
            $next = $tokens[$i + 1] ?? null;
            if ((is_array($prev) && $prev[0] === T_NEW) || (is_array($next) && $next[0] === T_DOUBLE_COLON)) {
                $edge($t[1], 'name');
            }
            continue;
        }
        if (in_array($id, [T_REQUIRE, T_REQUIRE_ONCE, T_INCLUDE, T_INCLUDE_ONCE], true)) {
            $j = $i + 1;
            if ($tokens[$j] === '(') { $j++; }
            $target = null;
            if (is_array($tokens[$j]) && $tokens[$j][0] === T_CONSTANT_ENCAPSED_STRING && ($tokens[$j + 1] ?? '') !== '.') {
                $lit = substr($tokens[$j][1], 1, -1);
                $target = [dirname($path) . '/' . $lit, $root . '/' . $lit];
            } elseif (is_array($tokens[$j]) && $tokens[$j][0] === T_DIR && ($tokens[$j + 1] ?? '') === '.'
                && is_array($tokens[$j + 2]) && $tokens[$j + 2][0] === T_CONSTANT_ENCAPSED_STRING
                && !in_array($tokens[$j + 3] ?? '', ['.'], true)) {
                $target = [dirname($path) . '/' . ltrim(substr($tokens[$j + 2][1], 1, -1), '/')];
            }
            foreach ($target ?? [] as $candidate) {
                $real = realpath($candidate);
                if ($real !== false && str_starts_with($real, $root . '/') && !str_contains($real, '/vendor/')) {
                    echo "$rel\t" . substr($real, strlen($root) + 1) . "\trequire\n";
                    break;
                }
            }
        }
    }
}
