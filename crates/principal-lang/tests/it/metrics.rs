//! Cognitive complexity, nesting, parameters and names, one construct at a time.

use expect_test::{Expect, expect};

use crate::{analyze_as, render};

fn check(path: &str, source: &str, expect: Expect) {
    expect.assert_eq(&render(&analyze_as(path, source)));
}

#[test]
fn python_cognitive_follows_sonar() {
    // Sonar's own example: sumOfPrimes scores 7 (for +1, for +2, if +3, continue label n/a).
    check(
        "a.py",
        r#"
class Maths:
    def sum_of_primes(self, max):
        total = 0
        for i in range(1, max):
            for j in range(2, i):
                if i % j == 0:
                    break
            total += i
        return total

    def words(self, n):
        if n == 1:
            return "one"
        elif n == 2:
            return "a couple"
        else:
            return "lots"

def flags(a, b, c, d):
    return a and b and c or d

def deep(x):
    try:
        while x:
            if x > 1:
                x = x - 1 if x else 0
    except ValueError:
        pass
"#,
        expect![[r#"
            Maths.sum_of_primes [sum_of_primes] 3-10 ccn=4 cog=6 nest=3 params=2
            Maths.words [words] 12-18 ccn=3 cog=3 nest=1 params=2
            flags [flags] 20-21 ccn=4 cog=2 nest=0 params=4
            deep [deep] 23-29 ccn=5 cog=7 nest=2 params=1
        "#]],
    );
}

#[test]
fn rust_names_matches_and_closures() {
    check(
        "lib.rs",
        r#"
struct Stack<T>(Vec<T>);

impl<T: Clone> Stack<T> {
    fn top(&self, fallback: T) -> T {
        match self.0.last() {
            Some(x) if x.is_ok() => x.clone(),
            Some(x) => x.clone(),
            None => fallback,
        }
    }
}

mod util {
    pub fn parse(s: &str) -> Result<u32, std::num::ParseIntError> {
        let v = s.trim().parse::<u32>()?;
        let f = |x: u32| if x > 1 { x } else { 0 };
        'outer: for i in 0..v {
            loop {
                continue 'outer;
            }
        }
        Ok(f(v))
    }
}
"#,
        expect![[r#"
            Stack::top [top] 5-11 ccn=4 cog=1 nest=1 params=2
            util::parse [parse] 15-24 ccn=4 cog=7 nest=2 params=1
        "#]],
    );
}

#[test]
fn javascript_functions_and_names() {
    check(
        "app.js",
        r#"
class Cart {
  total(items, tax = 0.2) {
    return items.reduce((sum, i) => sum + (i.price ?? 0), 0) * (1 + tax);
  }
}
const handler = async (req) => {
  if (!req.user) { return null; } else if (req.admin) { return 1; }
  switch (req.kind) { case "a": return 1; case "b": return 2; default: return 3; }
};
module.exports.run = function () { return handler(1) || 0; };
"#,
        expect![[r#"
            Cart.total [total] 3-5 ccn=2 cog=0 nest=0 params=2
            Cart.total.(anonymous) [(anonymous)] 4-4 ccn=2 cog=0 nest=0 params=2
            handler [handler] 7-10 ccn=5 cog=3 nest=1 params=1
            run [run] 11-11 ccn=2 cog=1 nest=0 params=0
        "#]],
    );
}

#[test]
fn go_methods_take_their_receiver() {
    check(
        "s.go",
        r#"
package s

type Server struct{}

func (s *Server) Handle(a, b int, rest ...string) error {
	for _, r := range rest {
		switch r {
		case "x", "y":
			return nil
		case "z":
		default:
		}
	}
	go func() { if a > b && b > 0 { } }()
	return nil
}
"#,
        expect![[r#"
            Server.Handle [Handle] 6-17 ccn=4 cog=3 nest=2 params=3
            Server.Handle.(anonymous) [(anonymous)] 15-15 ccn=3 cog=2 nest=1 params=0
        "#]],
    );
}

#[test]
fn c_cpp_java_csharp_names_and_params() {
    check(
        "m.c",
        "static int\nmain(void)\n{\n  return 0;\n}\nint add(int a, int b) { return a ? a : b; }\n",
        expect![[r#"
            main [main] 1-5 ccn=1 cog=0 nest=0 params=0
            add [add] 6-6 ccn=2 cog=1 nest=0 params=2
        "#]],
    );
    check(
        "m.cpp",
        "namespace ns {\nclass A { int get() const { return x; } };\n}\nvoid ns::A::set(int v) { if (v) x = v; }\n",
        expect![[r#"
            ns::A::get [get] 2-2 ccn=1 cog=0 nest=0 params=0
            ns::A::set [set] 4-4 ccn=2 cog=1 nest=1 params=1
        "#]],
    );
    check(
        "M.java",
        "interface I { void abs(); }\nclass M {\n  @Override\n  public String toString() { return a || b ? \"x\" : \"y\"; }\n}\n",
        expect![[r#"
            M.toString [toString] 4-4 ccn=3 cog=2 nest=0 params=0
        "#]],
    );
    check(
        "M.cs",
        "namespace App { class M { int P { get { return a ?? 0; } } void F(int a, string b) { foreach (var x in xs) { } } } }\n",
        expect![[r#"
            App.M.F [F] 1-1 ccn=2 cog=1 nest=1 params=2
            App.M.P.get [get] 1-1 ccn=2 cog=0 nest=0 params=0
        "#]],
    );
}

#[test]
fn broken_and_hostile_input_is_measured_not_fatal() {
    let broken = analyze_as("x.py", "def f(:\n    if x\n        return 1\n\ndef g():\n    return 2\n");
    assert!(broken.parse_errors > 0);
    assert!(broken.functions.iter().any(|f| f.name == "g"), "recovers the function after the error");

    // 20,000 levels of nesting on one line: no stack overflow.
    let deep = format!("x = {}1{}\n", "(".repeat(20_000), ")".repeat(20_000));
    let a = analyze_as("deep.py", &deep);
    assert_eq!(a.lines.code, 1);

    let deep_js = format!("function f() {{ {} }}\n", "if (a) {".repeat(5_000) + &"}".repeat(5_000));
    let a = analyze_as("deep.js", &deep_js);
    assert_eq!(a.functions.len(), 1);
    assert_eq!(a.functions[0].max_nesting, 5_000);
    assert_eq!(a.functions[0].cyclomatic, 5_001);

    let empty = analyze_as("e.rs", "");
    assert_eq!((empty.lines.total(), empty.functions.len(), empty.parse_errors), (0, 0, 0));
}

#[test]
fn byte_order_mark_and_bodiless_declarations() {
    let a = analyze_as("a.py", "\u{feff}# comment\nx = 1\n");
    assert_eq!((a.lines.code, a.lines.comment, a.lines.blank), (1, 1, 0), "as tokei: the BOM is not code");
    check(
        "p.go",
        "package p\ntype T int\nfunc f(x int) int\nfunc (T) m(x int) int\nfunc (t T) n() int { return 1 }\n",
        expect![[r#"
            T.n [n] 5-5 ccn=1 cog=0 nest=0 params=0
        "#]],
    );
}

#[test]
fn type_checking_guards_only_their_own_block() {
    let a = analyze_as(
        "a.py",
        "import typing as t\nif t.TYPE_CHECKING:\n    from pkg import b\nelif True:\n    from pkg import d\nelse:\n    from pkg import c\n",
    );
    let kinds: Vec<(&str, &str)> =
        a.imports.iter().map(|i| (i.names.first().map_or("", String::as_str), i.kind.as_str())).collect();
    assert_eq!(kinds, [("", "import"), ("b", "type_only"), ("d", "import"), ("c", "import")]);
}

/// A shebang makes a script (libevent's `make_epoll_table.py`, run, never imported); a Rust
/// inner attribute does not.
#[test]
fn scripts_by_shebang() {
    assert!(analyze_as("make_table.py", "#!/usr/bin/python2\n\ndef get():\n    return 1\n").script);
    assert!(analyze_as("cli.js", "#!/usr/bin/env node\nconsole.log(1)\n").script);
    assert!(!analyze_as("lib.rs", "#![deny(missing_docs)]\nfn f() {}\n").script);
    assert!(!analyze_as("a.py", "import os\n").script);
}

/// mio declares its modules inside `cfg_*!` macros: they are modules all the same.
#[test]
fn rust_modules_declared_in_macros() {
    let a = analyze_as(
        "lib.rs",
        "#[cfg_attr(unix, path = \"sys/unix.rs\")]\n#[cfg_attr(windows, path = \"sys/windows.rs\")]\nmod sys;\n\
         cfg_net! {\n    pub mod net;\n    cfg_os_poll! { #[cfg_attr(unix, path = \"tcp/unix.rs\")]\n pub(crate) mod tcp; }\n}\n\
         fn f() { println!(\"mod x;\"); let v = vec![1]; }\n",
    );
    let mods: Vec<(&str, &str, u32)> =
        a.imports.iter().map(|i| (i.specifier.as_str(), i.kind.as_str(), i.line)).collect();
    assert_eq!(mods, [("sys", "mod", 3), ("net", "mod", 5), ("tcp", "mod", 7)]);
    // One file per platform, nearest attribute first; inside a macro too.
    assert_eq!(a.imports[0].names, ["#path=sys/windows.rs", "#path=sys/unix.rs"]);
    assert!(a.imports[1].names.is_empty());
    assert_eq!(a.imports[2].names, ["#path=tcp/unix.rs"]);
}

/// axum-core's tests use the `axum` facade (a dev-dependency): imports under `#[cfg(test)]`
/// are test imports, not the crate's dependencies; a `mod` declaration stays one.
#[test]
fn rust_cfg_test_imports() {
    let a = analyze_as(
        "lib.rs",
        r#"use crate::body::Body;
#[cfg(test)]
use axum_macros::__private_axum_test;
#[cfg(test)]
mod tests;
#[cfg(test)]
#[allow(unused)]
mod inline {
    use axum::Router;
    fn t() { use axum::routing::get; }
}
#[cfg(feature = "json")]
mod json { use serde_json::Value; }
#[cfg(not(test))]
use std::fmt;
"#,
    );
    let kinds: Vec<(&str, &str)> =
        a.imports.iter().map(|i| (i.specifier.as_str(), i.kind.as_str())).collect();
    assert_eq!(
        kinds,
        [
            ("crate::body::Body", "import"),
            ("axum_macros::__private_axum_test", "test"),
            ("tests", "mod"),
            ("axum::Router", "test"),
            ("axum::routing::get", "test"),
            ("serde_json::Value", "import"),
            ("std::fmt", "import"),
        ]
    );
}

/// attrs' `attrs/__init__.pyi` imports `attr` for its annotations: a stub closes no cycle.
#[test]
fn a_stubs_imports_are_types() {
    let source = "from attr import define\nimport attr._make\n";
    let kinds = |path: &str| -> Vec<&'static str> {
        analyze_as(path, source).imports.iter().map(|i| i.kind.as_str()).collect()
    };
    assert_eq!(kinds("attrs/__init__.pyi"), ["type_only", "type_only"]);
    assert_eq!(kinds("attrs/__init__.py"), ["import", "import"]);
}

#[test]
fn go_build_ignore() {
    let ignored = analyze_as("gen.go", "// Copyright\n\n//go:build ignore\n\npackage main\n");
    assert!(ignored.build_ignored);
    let linux = analyze_as("x_linux.go", "//go:build linux\n\npackage x\n");
    assert!(!linux.build_ignored);
    let text = analyze_as("help.go", "package help\n\nvar s = \"//go:build ignore\"\n");
    assert!(!text.build_ignored);
}

#[test]
fn strings_that_name_files_or_modules_are_mentions() {
    let js = analyze_as(
        "lib/transport.js",
        "const w = join(__dirname, 'worker.js')\nconst t = \"pino/file\"\nconst msg = 'not a path'\nconst n = '1.5'\nconst m = a.b.c\n// see 'comment.js'\n",
    );
    assert_eq!(js.mentions, ["pino/file", "worker.js"]);
    let py = analyze_as(
        "conf.py",
        "WORKER = \"uvicorn.workers.UvicornWorker\"\nDOC = \"\"\"See the docs.\"\"\"\nrel = '.hidden'\n",
    );
    assert_eq!(py.mentions, ["uvicorn.workers.UvicornWorker"]);
    let go = analyze_as("main.go", "package main\n\nimport \"fmt\"\n\nvar tmpl = `templates/page.tmpl`\n");
    assert_eq!(go.mentions, ["templates/page.tmpl"]);
    // A page template names the scripts it loads.
    let erb = analyze_as(
        "web/views/dashboard.html.erb",
        "<script src=\"<%= root_path %>javascripts/dashboard-charts.js\"></script>\n<%= script_tag \"javascripts/base-charts.js\" %>\n",
    );
    assert_eq!(erb.mentions, ["javascripts/base-charts.js", "javascripts/dashboard-charts.js"]);
}

#[test]
fn imports_by_computed_names_are_dynamic_loads() {
    for (path, text) in [
        (
            "rich/_unicode_data/__init__.py",
            "from importlib import import_module\nm = import_module(f\".unicode{v}\", \"rich._unicode_data\")\n",
        ),
        ("plugins.py", "mod = __import__(name)\n"),
        ("load.py", "import_module(\"plugins.\" + name)\n"),
        ("lib/load.js", "const p = require('./drivers/' + name)\n"),
        ("lib/load.ts", "const m = await import(`./locale/${lang}.js`)\n"),
    ] {
        assert!(analyze_as(path, text).dynamic_loads, "{path}");
    }
    for (path, text) in [
        ("a.py", "m = import_module(\"rich.console\")\nimport os\n"),
        ("lib/a.js", "const fs = require('fs')\nconst t = import('./t.js')\nmyrequire(x)\n"),
        ("lib/a.ts", "type T = typeof import(\"./x\").Y\n"),
        ("a.go", "package a\n\nfunc f() { require(x) }\n"),
    ] {
        assert!(!analyze_as(path, text).dynamic_loads, "{path}");
    }
    // Cut anywhere (an unclosed call, an unclosed literal), the check reads on without a panic.
    let text = "x = import_module(f'.u{v}') + require(\"a\" + b) + import(`./${x}`)";
    for (path, cut) in ["a.py", "a.js"].iter().flat_map(|p| (0..=text.len()).map(move |i| (*p, &text[..i]))) {
        analyze_as(path, cut);
    }
}

#[test]
fn recursion_adds_one_to_cognitive() {
    check(
        "r.py",
        "def fact(n):\n    if n < 2:\n        return 1\n    return n * fact(n - 1) + fact(0)\n\ndef other(n):\n    return fact(n)\n",
        expect![[r#"
            fact [fact] 1-4 ccn=2 cog=2 nest=1 params=1
            other [other] 6-7 ccn=1 cog=0 nest=0 params=1
        "#]],
    );
    check(
        "r.rs",
        "impl T { fn walk(&self, d: u32) -> u32 { if d == 0 { 0 } else { self.walk(d - 1) } } }\n",
        expect![[r#"
            T::walk [walk] 1-1 ccn=2 cog=3 nest=1 params=2
        "#]],
    );
}

#[test]
fn php_methods_closures_and_imports() {
    let source = r#"<?php
namespace App\Http;

use Foo\Bar as Baz, Qux\Quux;
use App\{Models\User, Models\Post};

abstract class Controller extends Base
{
    public function handle(?Request $r, int ...$ids): ?Response
    {
        if ($r) {
            foreach ($ids as $id) {
                if ($id > 0 && $r->ok) {
                    continue;
                }
            }
        } elseif ($ids) {
            return null;
        } else {
            $f = function ($x) {
                return $x ? 1 : 2;
            };
        }
        require_once __DIR__ . '/helpers.php';
        return new \App\Http\Response(\App\Support\Str::upper('x'));
    }

    abstract protected function name(): string;
}

function helper(array $a = [])
{
    return $a ?: [];
}
"#;
    let facts = analyze_as("src/Controller.php", source);
    check(
        "src/Controller.php",
        source,
        expect![[r#"
            Controller::handle [handle] 9-26 ccn=9 cog=12 nest=3 params=2
            helper [helper] 31-34 ccn=1 cog=1 nest=0 params=1
        "#]],
    );
    let imports: Vec<&str> = facts.imports.iter().map(|i| i.specifier.as_str()).collect();
    assert_eq!(
        imports,
        [
            "Foo\\Bar",
            "Qux\\Quux",
            "App\\Models\\User",
            "App\\Models\\Post",
            "./helpers.php",
            "App\\Http\\Response",
            "App\\Support\\Str"
        ]
    );
    // `require` inside a method runs when it is called.
    assert_eq!(facts.imports[4].kind, principal_model::ImportKind::Deferred);
    assert_eq!(facts.declares, ["App\\Http"]);
    assert_eq!((facts.types, facts.abstract_types), (1, 1), "an abstract class is abstract");
}

#[test]
fn ruby_methods_blocks_and_requires() {
    let source = r#"require "json"
require_relative "support/util"
require "lib/#{name}"

module Shop
  class Cart < Base
    def total(items, discount = 0, *rest, code:, **opts, &blk)
      sum = 0
      items.each do |item|
        if item.price && item.qty
          sum += item.price
        elsif item.free?
          next
        else
          sum += 1 unless item.skip?
        end
      end
      sum > 100 ? sum - discount : sum
    rescue ArgumentError
      0
    end

    def self.load(path)
      require "yaml"
      @cache ||= YAML.load_file(path)
    end

    def empty; end
  end
end
"#;
    let facts = analyze_as("lib/shop/cart.rb", source);
    check(
        "lib/shop/cart.rb",
        source,
        expect![[r#"
            Shop::Cart::total [total] 7-21 ccn=6 cog=10 nest=2 params=6
            Shop::Cart::load [load] 23-26 ccn=2 cog=0 nest=0 params=1
            Shop::Cart::empty [empty] 28-28 ccn=1 cog=0 nest=0 params=0
        "#]],
    );
    let imports: Vec<(&str, principal_model::ImportKind)> =
        facts.imports.iter().map(|i| (i.specifier.as_str(), i.kind)).collect();
    use principal_model::ImportKind::{Deferred, Import};
    // An interpolated name is no literal: it is not an import.
    assert_eq!(imports, [("json", Import), ("./support/util", Import), ("yaml", Deferred)]);
    assert_eq!(facts.types, 1);
}

#[test]
fn kotlin_functions_accessors_and_imports() {
    let source = r#"package com.shop

import com.shop.model.Item
import com.shop.util.*
import kotlin.math.max as mx

class Cart(val items: List<Item>) {
    val size: Int
        get() = items.size

    fun add(item: Item, qty: Int = 1, vararg tags: String): Boolean {
        items.forEach { i ->
            if (i.ok && qty > 0) {
                return true
            }
        }
        return when {
            qty > 1 -> true
            else -> item.name ?: false
        }
    }
}

interface Named {
    fun name(): String
}
"#;
    let facts = analyze_as("src/main/kotlin/com/shop/Cart.kt", source);
    check(
        "src/main/kotlin/com/shop/Cart.kt",
        source,
        expect![[r#"
            Cart.get [get] 9-9 ccn=1 cog=0 nest=0 params=0
            Cart.add [add] 11-21 ccn=5 cog=4 nest=1 params=3
        "#]],
    );
    let imports: Vec<&str> = facts.imports.iter().map(|i| i.specifier.as_str()).collect();
    assert_eq!(imports, ["com.shop.model.Item", "com.shop.util.*", "kotlin.math.max"]);
    assert_eq!(facts.declares, ["com.shop"]);
    assert_eq!((facts.types, facts.abstract_types), (2, 1), "an interface is abstract");
}

#[test]
fn swift_initialisers_accessors_and_imports() {
    let source = r#"import Foundation
@testable import Core
import struct Shop.Price

struct Cart {
    var count: Int {
        didSet {
            if count < 0 { count = 0 }
        }
    }

    init?(count: Int) {
        guard count >= 0 else { return nil }
        self.count = count
    }

    func label(for n: Int) -> String {
        return [1, 2].map { $0 > n ? "more" : "less" }.first ?? ""
    }
}
"#;
    let facts = analyze_as("Sources/Shop/Cart.swift", source);
    check(
        "Sources/Shop/Cart.swift",
        source,
        expect![[r#"
            Cart.didSet [didSet] 7-9 ccn=2 cog=1 nest=1 params=0
            Cart.init [init] 12-15 ccn=2 cog=1 nest=1 params=1
            Cart.label [label] 17-19 ccn=2 cog=2 nest=0 params=1
        "#]],
    );
    let imports: Vec<&str> = facts.imports.iter().map(|i| i.specifier.as_str()).collect();
    assert_eq!(imports, ["Foundation", "Core", "Shop"]);
    assert_eq!(facts.types, 1);
}

#[test]
fn lua_functions_and_requires() {
    let source = r#"local util = require("shop.util")
local M = {}

function M.total(items)
  local sum = 0
  for _, item in ipairs(items) do
    if item.price and item.qty then
      sum = sum + item.price
    end
  end
  return sum
end

function M:reset()
  local loader = function() return require "shop.loader" end
  return loader
end

return M
"#;
    let facts = analyze_as("lua/shop/cart.lua", source);
    check(
        "lua/shop/cart.lua",
        source,
        expect![[r#"
            M.total [total] 4-12 ccn=4 cog=4 nest=2 params=1
            M.reset [reset] 14-17 ccn=1 cog=0 nest=0 params=0
            M.reset.(anonymous) [(anonymous)] 15-15 ccn=1 cog=0 nest=0 params=0
        "#]],
    );
    let imports: Vec<(&str, principal_model::ImportKind)> =
        facts.imports.iter().map(|i| (i.specifier.as_str(), i.kind)).collect();
    use principal_model::ImportKind::{Deferred, Import};
    assert_eq!(imports, [("shop.util", Import), ("shop.loader", Deferred)]);
}

/// Scala's `&&` and `||` are operator identifiers, read by their text; every `case` is a path,
/// as lizard counts them (lizard 1.17: `total` 5, `kind` 5, `safe` 3 on this file).
#[test]
fn scala_functions_and_imports() {
    let source = r#"package shop.cart

import shop.util.{Money, Tax => T}
import shop.model._
import scala.util.{Try => _, *}

object Cart {
  def total(items: List[Item], discount: Int = 0): Int = {
    var sum = 0
    for (item <- items) {
      if (item.price > 0 && item.qty > 0 || item.free) {
        sum += item.price
      }
    }
    sum - discount
  }

  def kind(x: Any): String = {
    x match {
      case 0 => "zero"
      case n: Int if n > 0 => "positive"
      case _ => "other"
    }
  }

  def safe(f: () => Int): Int = {
    try { f() } catch { case _: Exception => 0 }
  }
}

trait Priced { def price: Int }
"#;
    let facts = analyze_as("src/main/scala/shop/cart/Cart.scala", source);
    check(
        "src/main/scala/shop/cart/Cart.scala",
        source,
        expect![[r#"
            Cart.total [total] 8-16 ccn=5 cog=5 nest=2 params=2
            Cart.kind [kind] 18-24 ccn=5 cog=1 nest=1 params=1
            Cart.safe [safe] 26-28 ccn=3 cog=1 nest=1 params=1
        "#]],
    );
    let imports: Vec<&str> = facts.imports.iter().map(|i| i.specifier.as_str()).collect();
    assert_eq!(imports, ["shop.util.Money", "shop.util.Tax", "shop.model.*", "scala.util.*"]);
    assert_eq!(facts.declares, ["shop.cart"]);
    assert_eq!((facts.types, facts.abstract_types), (2, 1));
}

#[test]
fn shell_functions_and_sources() {
    let source = r#"#!/usr/bin/env bash
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
source /etc/os-release

deploy() {
  local target=$1
  if [[ -z "$target" || "$target" == "-h" ]]; then
    usage && exit 1
  elif [ "$target" = prod ]; then
    confirm || return 1
  fi
  for host in $(hosts "$target"); do
    while ! ping -c1 "$host"; do
      sleep 1
    done
  done
  case "$target" in
    prod) tag=stable ;;
    staging | qa) tag=rc ;;
    *) tag=dev ;;
  esac
}

function retry {
  source ./retry-config.sh
  (( attempts > 3 )) && return 1
  retry "$@"
}

deploy "$@"
"#;
    check(
        "bin/deploy.sh",
        source,
        expect![[r#"
            deploy [deploy] 6-23 ccn=10 cog=9 nest=2 params=0
            retry [retry] 25-29 ccn=2 cog=2 nest=0 params=0
        "#]],
    );
    let facts = analyze_as("bin/deploy.sh", source);
    let imports: Vec<(&str, principal_model::ImportKind)> =
        facts.imports.iter().map(|i| (i.specifier.as_str(), i.kind)).collect();
    use principal_model::ImportKind::{Deferred, Import};
    assert_eq!(imports, [("./lib/common.sh", Import), ("./retry-config.sh", Deferred)]);
}
