//! Resolution on small multi-file fixtures; `//- path` starts each file.

use expect_test::{Expect, expect};
use principal_model::{FileFacts, Import, ImportKind, Manifest, ScanResult, is_manifest_name};

use crate::resolve;

/// Builds a scan result from a fixture. Imports are written as lines
/// `import: kind specifier [name,name]` in each file, so the test exercises resolution only.
fn scan(fixture: &str) -> ScanResult {
    let mut result = ScanResult::default();
    let mut current: Option<(String, String)> = None;
    let mut files: Vec<(String, String)> = Vec::new();
    for line in fixture.lines() {
        if let Some(p) = line.strip_prefix("//- ") {
            files.extend(current.take());
            current = Some((p.trim().to_owned(), String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    files.extend(current);
    files.sort();
    for (path, body) in files {
        let name = path.rsplit('/').next().unwrap_or(&path);
        if is_manifest_name(name) {
            result.manifests.push(Manifest { path: path.clone(), text: body.clone() });
        }
        let Some(detected) = language_of(&path) else { continue };
        let mut facts = FileFacts {
            path: path.clone(),
            language: detected,
            bytes: body.len() as u64,
            lines: Default::default(),
            functions: vec![],
            parse_errors: 0,
            imports: vec![],
            declares: vec![],
            types: 0,
            abstract_types: 0,
            type_decls: vec![],
            build_ignored: body.contains("//go:build ignore"),
            script: false,
            third_party: false,
            tokens: 0,
            fingerprints: Vec::new(),
            cohesion: Vec::new(),
            mentions: Vec::new(),
            dynamic_loads: false,
        };
        for (n, l) in body.lines().enumerate() {
            if let Some(rest) = l.strip_prefix("import: ") {
                let mut parts = rest.split_whitespace();
                let kind = match parts.next().expect("kind") {
                    "import" => ImportKind::Import,
                    "mod" => ImportKind::Mod,
                    "reexport" => ImportKind::Reexport,
                    "type" => ImportKind::TypeOnly,
                    "dynamic" => ImportKind::Dynamic,
                    "system" => ImportKind::Import,
                    k => panic!("kind {k}"),
                };
                let system = rest.starts_with("system");
                let specifier = parts.next().expect("specifier").to_owned();
                let names = parts
                    .next()
                    .map(|n| n.trim_matches(['[', ']']).split(',').map(str::to_owned).collect())
                    .unwrap_or_default();
                facts.imports.push(Import { specifier, names, kind, line: n as u32 + 1, system });
            } else if let Some(d) = l.strip_prefix("declares: ") {
                facts.declares.push(d.to_owned());
            } else if let Some(t) = l.strip_prefix("types: ") {
                for name in t.split(',') {
                    facts.type_decls.push(principal_model::TypeDecl {
                        name: name.to_owned(),
                        qualified_name: name.to_owned(),
                        start_line: n as u32 + 1,
                        header_end: principal_model::Position { line: n as u32 + 1, column: 0 },
                    });
                }
            }
        }
        result.files.push(facts);
    }
    result
}

fn language_of(path: &str) -> Option<principal_model::Language> {
    use principal_model::Language as L;
    let ext = path.rsplit('.').next()?;
    Some(match ext {
        "py" => L::Python,
        "ts" | "tsx" | "js" => L::TypeScript,
        "go" => L::Go,
        "rs" => L::Rust,
        "java" => L::Java,
        "c" | "h" => L::C,
        "cs" => L::CSharp,
        "php" => L::Php,
        "rb" => L::Ruby,
        "kt" => L::Kotlin,
        "scala" => L::Scala,
        "swift" => L::Swift,
        "lua" => L::Lua,
        "sh" | "bash" => L::Shell,
        _ => return None,
    })
}

fn check(fixture: &str, expect: Expect) {
    let scan = scan(fixture);
    let model = resolve(&scan, "/repo");
    let mut out = String::new();
    for e in &model.edges {
        out.push_str(&format!(
            "{} -> {} ({})\n",
            model.nodes[e.from as usize].path,
            model.nodes[e.to as usize].path,
            e.kind.as_str()
        ));
    }
    for x in &model.external {
        out.push_str(&format!("{} -> external {}\n", model.nodes[x.from as usize].path, x.package));
    }
    for u in &model.unresolved {
        out.push_str(&format!("{} -> unresolved {}\n", model.nodes[u.from as usize].path, u.specifier));
    }
    for c in &model.components {
        let files: Vec<&str> = model
            .nodes
            .iter()
            .filter(|n| model.components[n.component as usize].id == c.id)
            .map(|n| n.path.as_str())
            .collect();
        out.push_str(&format!("component {} ({}): {}\n", c.id, c.source.as_str(), files.join(" ")));
    }
    for w in &model.warnings {
        out.push_str(&format!("warning {}: {}\n", w.path, w.message));
    }
    expect.assert_eq(&out);
}

#[test]
fn python_loose_modules_resolve_from_their_own_folder_only() {
    // psf/black: `tests/data/cases/collections.py` is test data, not the standard library's
    // `collections` for the formatter; a script still imports the module beside it.
    check(
        r##"
//- src/black/__init__.py
import: import collections
import: import collections.abc
//- tests/data/cases/collections.py
//- tests/data/cases/runner.py
import: import collections
//- scripts/gen.py
import: import helper
//- scripts/helper.py
"##,
        expect![[r#"
            scripts/gen.py -> scripts/helper.py (import)
            tests/data/cases/runner.py -> tests/data/cases/collections.py (import)
            src/black/__init__.py -> external collections
            component scripts (directory): scripts/gen.py scripts/helper.py
            component src/black (python-package): src/black/__init__.py
            component tests (directory): tests/data/cases/collections.py tests/data/cases/runner.py
        "#]],
    );
}

#[test]
fn python() {
    check(
        r##"
//- py/app/__init__.py
//- py/app/core.py
import: import os
import: import app.util
import: import .models [Model]
import: type app.types
//- py/app/models.py
import: import . [util,helpers]
import: import ..outside
//- py/app/util.py
import: import requests.adapters
//- py/app/types.py
//- py/app/sub/__init__.py
import: import ... [x]
//- src/lib2/__init__.py
import: import app.core
//- scripts/run.py
import: import lib2
import: import ns.mod
//- ns/mod.py
"##,
        expect![[r#"
            py/app/core.py -> py/app/models.py (import)
            py/app/core.py -> py/app/types.py (type_only)
            py/app/core.py -> py/app/util.py (import)
            py/app/models.py -> py/app/__init__.py (import)
            py/app/models.py -> py/app/util.py (import)
            scripts/run.py -> ns/mod.py (import)
            scripts/run.py -> src/lib2/__init__.py (import)
            src/lib2/__init__.py -> py/app/core.py (import)
            py/app/core.py -> external os
            py/app/util.py -> external requests
            py/app/models.py -> unresolved ..outside
            py/app/sub/__init__.py -> unresolved ...
            component ns (directory): ns/mod.py
            component py/app (python-package): py/app/__init__.py py/app/core.py py/app/models.py py/app/sub/__init__.py py/app/types.py py/app/util.py
            component scripts (directory): scripts/run.py
            component src/lib2 (python-package): src/lib2/__init__.py
        "#]],
    );
}

#[test]
fn javascript_and_typescript() {
    check(
        r##"
//- package.json
{"name": "root", "workspaces": ["packages/*"], "imports": {"#lib/*": "./lib/*.ts"}}
//- tsconfig.json
{
  // comments are allowed
  "extends": "./tsconfig.base.json",
}
//- tsconfig.base.json
{"compilerOptions": {"baseUrl": ".", "paths": {"@app/*": ["src/*"]}}}
//- src/index.ts
import: import ./util
import: type ./types
import: reexport ./components
import: dynamic ./lazy.js
import: import @app/util
import: import #lib/helper
import: import @acme/ui/button
import: import @acme/ui
import: import react
import: import node:fs
import: import ./missing
//- src/util.ts
//- src/types.d.ts
//- src/components/index.tsx
//- src/lazy.ts
//- lib/helper.ts
//- packages/ui/package.json
{"name": "@acme/ui", "main": "dist/index.js", "source": "src/index.ts", "exports": {".": "./src/index.ts", "./addons/*": "./src/*"}}
//- packages/ui/src/index.ts
//- packages/ui/src/button.ts
import: import @acme/ui/addons/theme.js
import: import https://cdn.example.com/x.js
//- packages/ui/src/theme.ts
//- packages/broken/package.json
{"name": 
"##,
        expect![[r#"
            packages/ui/src/button.ts -> packages/ui/src/theme.ts (import)
            src/index.ts -> lib/helper.ts (import)
            src/index.ts -> packages/ui/src/button.ts (import)
            src/index.ts -> packages/ui/src/index.ts (import)
            src/index.ts -> src/components/index.tsx (reexport)
            src/index.ts -> src/lazy.ts (dynamic)
            src/index.ts -> src/types.d.ts (type_only)
            src/index.ts -> src/util.ts (import)
            src/index.ts -> external fs
            src/index.ts -> external react
            src/index.ts -> unresolved ./missing
            component lib (directory): lib/helper.ts
            component packages/ui (npm-package): packages/ui/src/button.ts packages/ui/src/index.ts packages/ui/src/theme.ts
            component src (directory): src/components/index.tsx src/index.ts src/lazy.ts src/types.d.ts src/util.ts
            warning packages/broken/package.json: malformed package.json, ignored for import resolution: EOF while parsing a value at line 2 column 0
        "#]],
    );
}

#[test]
fn go() {
    check(
        r##"
//- go.mod
module example.com/shop
//- cmd/shop/main.go
declares: main
import: import example.com/shop/internal/cart
import: import fmt
import: import github.com/pkg/errors/sub
import: import example.com/shop/missing
//- internal/cart/cart.go
declares: cart
//- internal/cart/price.go
declares: cart
//- internal/cart/cart_test.go
declares: cart
//- internal/cart/gen.go
//go:build ignore
declares: cart
import: import example.com/shop/cmd/shop
//- internal/cart/testdata/prog.go
declares: main
import: import example.com/shop/internal/cart
"##,
        expect![[r#"
            cmd/shop/main.go -> internal/cart/cart.go (import)
            cmd/shop/main.go -> internal/cart/price.go (import)
            cmd/shop/main.go -> external fmt
            cmd/shop/main.go -> external github.com/pkg/errors
            cmd/shop/main.go -> unresolved example.com/shop/missing
            component cmd/shop (go-package): cmd/shop/main.go
            component internal/cart (go-package): internal/cart/cart.go internal/cart/cart_test.go internal/cart/gen.go internal/cart/price.go internal/cart/testdata/prog.go
        "#]],
    );
}

#[test]
fn rust_test_modules_import_for_tests_only() {
    // axum-core's `#[cfg(test)] mod tests;` uses the `axum` facade (a dev-dependency): the
    // edges are test edges, and the module tree still holds the file.
    check(
        r##"
//- Cargo.toml
[workspace]
members = ["facade", "core"]
//- core/Cargo.toml
[package]
name = "core"
//- core/src/lib.rs
import: mod body
import: mod tests [#cfg=test]
//- core/src/body.rs
//- core/src/tests.rs
import: import facade::Router
import: import crate::body
//- core/src/tests/more.rs
//- facade/Cargo.toml
[package]
name = "facade"
//- facade/src/lib.rs
import: reexport core::body
"##,
        expect![[r#"
            core/src/lib.rs -> core/src/body.rs (mod)
            core/src/lib.rs -> core/src/tests.rs (mod)
            core/src/tests.rs -> core/src/body.rs (test)
            core/src/tests.rs -> facade/src/lib.rs (test)
            facade/src/lib.rs -> core/src/body.rs (reexport)
            component core (crate): core/src/body.rs core/src/lib.rs core/src/tests.rs core/src/tests/more.rs
            component facade (crate): facade/src/lib.rs
        "#]],
    );
}

#[test]
fn rust() {
    check(
        r##"
//- Cargo.toml
[workspace]
members = ["crates/*"]
//- crates/core/Cargo.toml
[package]
name = "shop-core"
//- crates/core/src/lib.rs
import: mod model
import: mod util
import: reexport crate::model::Item
import: mod sys [#path=sys/unix.rs,#path=sys/windows.rs]
//- crates/core/src/sys/unix.rs
import: mod selector
//- crates/core/src/sys/selector.rs
//- crates/core/src/sys/windows.rs
//- crates/core/src/model.rs
import: mod price
import: import super::util::fmt
import: import std::fmt
//- crates/core/src/model/price.rs
import: import crate::util
import: import self::missing
//- crates/core/src/util/mod.rs
import: mod other [#path=elsewhere.rs]
//- crates/core/src/util/elsewhere.rs
//- crates/cli/Cargo.toml
[package]
name = "shop-cli"
//- crates/cli/src/main.rs
import: import shop_core::model::Item
import: import shop_core::Item
import: import serde::Deserialize
"##,
        expect![[r#"
            crates/cli/src/main.rs -> crates/core/src/model.rs (import)
            crates/core/src/lib.rs -> crates/core/src/model.rs (mod)
            crates/core/src/lib.rs -> crates/core/src/model.rs (reexport)
            crates/core/src/lib.rs -> crates/core/src/sys/unix.rs (mod)
            crates/core/src/lib.rs -> crates/core/src/sys/windows.rs (mod)
            crates/core/src/lib.rs -> crates/core/src/util/mod.rs (mod)
            crates/core/src/model.rs -> crates/core/src/model/price.rs (mod)
            crates/core/src/model.rs -> crates/core/src/util/mod.rs (import)
            crates/core/src/model/price.rs -> crates/core/src/util/mod.rs (import)
            crates/core/src/sys/unix.rs -> crates/core/src/sys/selector.rs (mod)
            crates/core/src/util/mod.rs -> crates/core/src/util/elsewhere.rs (mod)
            crates/cli/src/main.rs -> external serde
            crates/core/src/model.rs -> external std
            component crates/cli (crate): crates/cli/src/main.rs
            component crates/core (crate): crates/core/src/lib.rs crates/core/src/model.rs crates/core/src/model/price.rs crates/core/src/sys/selector.rs crates/core/src/sys/unix.rs crates/core/src/sys/windows.rs crates/core/src/util/elsewhere.rs crates/core/src/util/mod.rs
        "#]],
    );
}

#[test]
fn java_c_csharp() {
    check(
        r##"
//- src/main/java/com/shop/App.java
declares: com.shop
import: import com.shop.model.Item
import: import com.shop.model.*
import: import java.util.List
//- src/main/java/com/shop/model/Item.java
declares: com.shop.model
//- src/main/java/com/shop/model/Price.java
declares: com.shop.model
//- include/shop/api.h
//- src/main.c
import: import util.h
import: import shop/api.h
import: system stdio.h
import: import nowhere.h
//- src/util.h
//- Shop/App.cs
declares: Shop
import: import Shop.Model
import: import System.Text
//- Shop/Model/Item.cs
declares: Shop.Model
"##,
        expect![[r#"
            Shop/App.cs -> Shop/Model/Item.cs (import)
            src/main.c -> include/shop/api.h (import)
            src/main.c -> src/util.h (import)
            src/main/java/com/shop/App.java -> src/main/java/com/shop/model/Item.java (import)
            src/main/java/com/shop/App.java -> src/main/java/com/shop/model/Price.java (import)
            Shop/App.cs -> external System
            src/main.c -> external stdio.h
            src/main/java/com/shop/App.java -> external java.util
            src/main.c -> unresolved nowhere.h
            component Shop (directory): Shop/App.cs Shop/Model/Item.cs
            component include/shop (directory): include/shop/api.h
            component src (directory): src/main.c src/util.h
            component src/main/java/com/shop (directory): src/main/java/com/shop/App.java
            component src/main/java/com/shop/model (directory): src/main/java/com/shop/model/Item.java src/main/java/com/shop/model/Price.java
        "#]],
    );
}

/// Components sized for people: test folders join one test root, and a package holding most
/// of the code splits into its subpackages that are units (cohesive inside, or hardly imported
/// by the rest), not into those the rest is made of.
#[test]
fn components_are_sized_for_people() {
    // app/core.py uses every module of app/loose: those are part of the core, not a unit.
    let mut fixture = String::from("//- app/__init__.py\n//- app/core.py\n");
    for i in 0..14 {
        fixture.push_str(&format!("import: import app.loose.m{i}\n"));
    }
    for sub in ["contrib", "tools", "loose"] {
        fixture.push_str(&format!("//- app/{sub}/__init__.py\n"));
        for i in 0..14 {
            let import = match sub {
                // Each contrib and tools module imports its neighbour: cohesive.
                "contrib" | "tools" => format!("import: import app.{sub}.m{}\n", (i + 1) % 14),
                // loose modules are what app.core is made of.
                _ => String::new(),
            };
            fixture.push_str(&format!("//- app/{sub}/m{i}.py\n{import}"));
        }
    }
    for t in ["unit", "integration"] {
        fixture.push_str(&format!(
            "//- tests/{t}/test_{t}.py\nimport: import app.core\n//- tests/{t}/test_more_{t}.py\n"
        ));
    }
    let scan = scan(&fixture);
    let model = resolve(&scan, "/repo");
    let mut ids: Vec<(String, usize)> = model
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), model.nodes.iter().filter(|n| n.component as usize == i).count()))
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            ("app".to_owned(), 17),
            ("app/contrib".to_owned(), 15),
            ("app/tools".to_owned(), 15),
            ("tests".to_owned(), 4),
        ]
    );
    let contrib = model.components.iter().find(|c| c.id == "app/contrib").expect("contrib");
    assert_eq!(contrib.name.as_deref(), Some("app.contrib"));
}

#[test]
fn php_classes_autoload_and_requires() {
    check(
        r##"
//- composer.json
{"autoload": {"psr-4": {"Shop\\": "src/"}, "psr-0": {"Legacy_": "lib/"}}}
//- src/Cart.php
declares: Shop
types: Cart
import: import Shop\Model\Item
import: import Shop\Model
import: import Psr\Log\LoggerInterface
import: import Legacy_Thing
import: import ./helpers.php
import: import Exception
//- src/Model/Item.php
declares: Shop\Model
types: Item
//- src/Mapped.php
import: import Shop\Unseen
//- src/Unseen.php
//- src/helpers.php
//- lib/Legacy/Thing.php
//- packages/tools/composer.json
{"name": "shop/tools", "autoload": {"psr-4": {"Shop\\Tools\\": "src/"}}}
//- packages/tools/src/Runner.php
declares: Shop\Tools
types: Runner
import: import Shop\Cart
//- broken/composer.json
{"autoload": 
"##,
        expect![[r#"
            packages/tools/src/Runner.php -> src/Cart.php (import)
            src/Cart.php -> lib/Legacy/Thing.php (import)
            src/Cart.php -> src/Model/Item.php (import)
            src/Cart.php -> src/helpers.php (import)
            src/Mapped.php -> src/Unseen.php (import)
            src/Cart.php -> external Psr\Log
            component lib/Legacy (directory): lib/Legacy/Thing.php
            component packages/tools (composer-package): packages/tools/src/Runner.php
            component src (directory): src/Cart.php src/Mapped.php src/Model/Item.php src/Unseen.php src/helpers.php
            warning broken/composer.json: composer.json is not valid JSON (EOF while parsing a value at line 2 column 0); its autoload rules are not read
        "#]],
    );
}

#[test]
fn ruby_requires_load_path_and_gems() {
    check(
        r##"
//- shop.gemspec
Gem::Specification.new do |s|
  s.require_paths = ["lib", "ext"]
end
//- lib/shop.rb
import: import shop/cart
import: import json
import: import ./shop/version
//- lib/shop/cart.rb
import: import native
//- lib/shop/version.rb
//- ext/native.rb
//- spec/spec_helper.rb
import: import shop
//- spec/cart_spec.rb
import: import spec_helper
import: import ../lib/missing
//- engines/admin/admin.gemspec
//- engines/admin/lib/admin.rb
import: import active_support/core_ext
import: import shop/cart
"##,
        expect![[r#"
            engines/admin/lib/admin.rb -> lib/shop/cart.rb (import)
            lib/shop.rb -> lib/shop/cart.rb (import)
            lib/shop.rb -> lib/shop/version.rb (import)
            lib/shop/cart.rb -> ext/native.rb (import)
            spec/cart_spec.rb -> spec/spec_helper.rb (import)
            spec/spec_helper.rb -> lib/shop.rb (import)
            engines/admin/lib/admin.rb -> external active_support
            lib/shop.rb -> external json
            spec/cart_spec.rb -> unresolved ../lib/missing
            component engines/admin (gem): engines/admin/lib/admin.rb
            component ext (directory): ext/native.rb
            component lib (directory): lib/shop.rb
            component lib/shop (directory): lib/shop/cart.rb lib/shop/version.rb
            component spec (directory): spec/cart_spec.rb spec/spec_helper.rb
        "#]],
    );
}

#[test]
fn kotlin_packages_multiplatform_and_java() {
    check(
        r##"
//- core/src/commonMain/kotlin/shop/Buffer.kt
declares: shop
types: Buffer
//- core/src/jvmMain/kotlin/shop/Buffer.kt
declares: shop
types: Buffer
//- core/src/commonMain/kotlin/shop/util/Text.kt
declares: shop.util
types: Text
//- core/src/main/java/shop/legacy/Old.java
declares: shop.legacy
//- app/src/main/kotlin/app/Main.kt
declares: app
import: import shop.Buffer
import: import shop.Buffer.Companion.of
import: import shop.util.*
import: import shop.legacy.Old
import: import kotlinx.coroutines.flow.Flow
"##,
        expect![[r#"
            app/src/main/kotlin/app/Main.kt -> core/src/commonMain/kotlin/shop/Buffer.kt (import)
            app/src/main/kotlin/app/Main.kt -> core/src/commonMain/kotlin/shop/util/Text.kt (import)
            app/src/main/kotlin/app/Main.kt -> core/src/jvmMain/kotlin/shop/Buffer.kt (import)
            app/src/main/kotlin/app/Main.kt -> core/src/main/java/shop/legacy/Old.java (import)
            app/src/main/kotlin/app/Main.kt -> external kotlinx.coroutines.flow
            component app/src/main/kotlin/app (directory): app/src/main/kotlin/app/Main.kt
            component core/src/commonMain/kotlin/shop (directory): core/src/commonMain/kotlin/shop/Buffer.kt core/src/commonMain/kotlin/shop/util/Text.kt
            component core/src/jvmMain/kotlin/shop (directory): core/src/jvmMain/kotlin/shop/Buffer.kt
            component core/src/main/java/shop/legacy (directory): core/src/main/java/shop/legacy/Old.java
        "#]],
    );
}

/// Scala resolves as Kotlin does: classes, objects and traits by package, `a.b.*` to the
/// package, and the JVM languages' classes across each other.
#[test]
fn scala_imports_classes_and_packages() {
    check(
        r##"
//- core/src/main/scala/shop/Cart.scala
declares: shop
types: Cart,Priced
//- core/src/main/scala/shop/util/Money.scala
declares: shop.util
types: Money
//- core/src/main/kotlin/shop/legacy/Old.kt
declares: shop.legacy
types: Old
//- app/src/main/scala/app/Main.scala
declares: app
import: import shop.Priced
import: import shop.util.*
import: import shop.legacy.Old
import: import cats.effect.IO
"##,
        expect![[r#"
            app/src/main/scala/app/Main.scala -> core/src/main/kotlin/shop/legacy/Old.kt (import)
            app/src/main/scala/app/Main.scala -> core/src/main/scala/shop/Cart.scala (import)
            app/src/main/scala/app/Main.scala -> core/src/main/scala/shop/util/Money.scala (import)
            app/src/main/scala/app/Main.scala -> external cats.effect
            component app/src/main/scala/app (directory): app/src/main/scala/app/Main.scala
            component core/src/main/kotlin/shop/legacy (directory): core/src/main/kotlin/shop/legacy/Old.kt
            component core/src/main/scala/shop (directory): core/src/main/scala/shop/Cart.scala core/src/main/scala/shop/util/Money.scala
        "#]],
    );
}

#[test]
fn swift_targets_are_modules() {
    check(
        r##"
//- Package.swift
let package = Package(name: "Shop", targets: [
    .target(name: "Core"),
    .executableTarget(name: "shop", dependencies: ["Core"], path: "Sources/CLI"),
    .testTarget(name: "CoreTests", dependencies: ["Core"]),
])
//- Sources/Core/Cart.swift
import Foundation
//- Sources/Core/Price.swift
//- Sources/CLI/main.swift
import: import Core
import: import ArgumentParser
//- Tests/CoreTests/CartTests.swift
import: import Core
import: import XCTest
"##,
        expect![[r#"
            Sources/CLI/main.swift -> Sources/Core/Cart.swift (import)
            Sources/CLI/main.swift -> Sources/Core/Price.swift (import)
            Tests/CoreTests/CartTests.swift -> Sources/Core/Cart.swift (import)
            Tests/CoreTests/CartTests.swift -> Sources/Core/Price.swift (import)
            Sources/CLI/main.swift -> external ArgumentParser
            Tests/CoreTests/CartTests.swift -> external XCTest
            component . (directory): Package.swift
            component Sources/CLI (swift-target): Sources/CLI/main.swift
            component Sources/Core (swift-target): Sources/Core/Cart.swift Sources/Core/Price.swift
            component Tests/CoreTests (swift-target): Tests/CoreTests/CartTests.swift
        "#]],
    );
}

#[test]
fn lua_requires_follow_package_path() {
    check(
        r##"
//- lua/shop/init.lua
import: import shop.cart
import: import plenary.async
//- lua/shop/cart.lua
import: import shop.util
//- lua/shop/util/init.lua
//- spec/cart_spec.lua
import: import shop
"##,
        expect![[r#"
            lua/shop/cart.lua -> lua/shop/util/init.lua (import)
            lua/shop/init.lua -> lua/shop/cart.lua (import)
            spec/cart_spec.lua -> lua/shop/init.lua (import)
            lua/shop/init.lua -> external plenary
            component lua/shop (directory): lua/shop/cart.lua lua/shop/init.lua lua/shop/util/init.lua
            component spec (directory): spec/cart_spec.lua
        "#]],
    );
}

#[test]
fn shell_sources_are_the_sourcing_files_folder_then_the_root() {
    check(
        r##"
//- scripts/deploy.sh
import: import ./lib/common.sh
import: import scripts/env.sh
import: import ./missing.sh
//- scripts/lib/common.sh
import: import ../env.sh
//- scripts/env.sh
//- ci/test.sh
import: import scripts/lib/common.sh
import: import */env.sh
import: import */common.sh
//- ci/common.sh
"##,
        expect![[r#"
            ci/test.sh -> scripts/env.sh (import)
            ci/test.sh -> scripts/lib/common.sh (import)
            scripts/deploy.sh -> scripts/env.sh (import)
            scripts/deploy.sh -> scripts/lib/common.sh (import)
            scripts/lib/common.sh -> scripts/env.sh (import)
            component ci (directory): ci/common.sh ci/test.sh
            component scripts (directory): scripts/deploy.sh scripts/env.sh scripts/lib/common.sh
        "#]],
    );
}
