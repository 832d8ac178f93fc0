//! One entry point per fuzz target (`fuzz/fuzz_targets/*.rs`), each a parser of user-supplied
//! text: the targets and the regression test over their saved crash inputs
//! (`tests/fuzz_regressions.rs`) call the same functions, so a crash found once stays fixed.
//! Each must return normally on any input; a panic is the bug.

use std::sync::OnceLock;

use principal_model::{FileFacts, Language, Manifest, ScanResult};

/// The built-in secret rules, compiled once (compiling them takes milliseconds per call).
fn builtin_scanner() -> Option<&'static principal_security::Scanner> {
    static SCANNER: OnceLock<Option<principal_security::Scanner>> = OnceLock::new();
    SCANNER
        .get_or_init(|| principal_security::Scanner::new(&principal_model::SecretsConfig::default()).ok())
        .as_ref()
}

/// Picks one of `choices` by the input's first byte; the rest is the text.
fn pick<'a, T>(data: &'a [u8], choices: &'a [T]) -> (&'a T, &'a [u8]) {
    match data.split_first() {
        Some((b, rest)) => (&choices[*b as usize % choices.len()], rest),
        None => (&choices[0], data),
    }
}

/// The manifests import resolution reads: tsconfig/jsconfig (JSONC), package.json, go.mod,
/// Cargo.toml, compile_commands.json, pyproject.toml, composer.json, a gemspec, Package.swift;
/// resolved against a few source files.
pub fn manifests(data: &[u8]) {
    const NAMES: [&str; 12] = [
        "tsconfig.json",
        "jsconfig.json",
        "package.json",
        "go.mod",
        "Cargo.toml",
        "compile_commands.json",
        "pyproject.toml",
        "web/tsconfig.json",
        "composer.json",
        "lib/tools/composer.json",
        "tools.gemspec",
        "Package.swift",
    ];
    let (name, text) = pick(data, &NAMES);
    let text = String::from_utf8_lossy(text).into_owned();
    let file = |path: &str, language: Language, spec: &str| {
        let mut f = FileFacts::new(path.to_owned(), language, 10);
        f.imports.push(principal_model::Import {
            specifier: spec.to_owned(),
            names: Vec::new(),
            kind: principal_model::ImportKind::Import,
            line: 1,
            system: false,
        });
        f
    };
    let scan = ScanResult {
        files: vec![
            file("src/a.ts", Language::TypeScript, "@/b"),
            file("src/b.rs", Language::Rust, "crate::c"),
            file("main.go", Language::Go, "example.com/m/pkg"),
            file("a.c", Language::C, "b.h"),
            file("p/x.py", Language::Python, "p.y"),
            file("src/A.php", Language::Php, "App\\Models\\User"),
            file("lib/tools/x.rb", Language::Ruby, "tools/y"),
            file("Sources/App/main.swift", Language::Swift, "Core"),
        ],
        manifests: vec![Manifest { path: (*name).to_owned(), text }],
        ..ScanResult::default()
    };
    let model = principal_resolve::resolve(&scan, "/repo");
    let _ = principal_graph::analyze(&model, &scan.files);
}

/// Every lockfile and manifest format `deps` reads.
pub fn lockfiles(data: &[u8]) {
    const NAMES: [&str; 16] = [
        "Cargo.lock",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "poetry.lock",
        "uv.lock",
        "Pipfile.lock",
        "requirements.txt",
        "go.mod",
        "go.sum",
        "Gemfile.lock",
        "composer.lock",
        "pom.xml",
        "gradle.lockfile",
        "package.json",
    ];
    let (name, text) = pick(data, &NAMES);
    let text = String::from_utf8_lossy(text);
    let sibling = |_: &str| Some(text.to_string());
    let _ = principal_security::deps::parse(name, &text, &sibling);
}

/// principal.toml: the config, its globs, its secret rules, and the model it regroups.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(config) = principal_rules::parse(&text, "principal.toml") else { return };
    // Compiling the built-in rules takes milliseconds: only a config that changes them is
    // compiled, so the fuzzer spends its time on the parser.
    let secrets = &config.secrets;
    let custom = !secrets.rules.is_empty()
        || !secrets.disable.is_empty()
        || !secrets.allow.paths.is_empty()
        || !secrets.allow.regexes.is_empty();
    if custom && let Ok(scanner) = principal_security::Scanner::new(secrets) {
        let _ = scanner.scan("src/app.py", b"token = \"ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\"\n");
    }
    let mut scan = ScanResult::default();
    scan.files.push(FileFacts::new("src/a/x.py".to_owned(), Language::Python, 1));
    scan.files.push(FileFacts::new("lib/b.py".to_owned(), Language::Python, 1));
    let mut model = principal_resolve::resolve(&scan, "/repo");
    principal_rules::apply_components(&config, &mut model);
    let arch = principal_graph::analyze(&model, &scan.files);
    let _ = principal_rules::check(
        &config,
        &principal_rules::Input { scan: &scan, model: &model, arch: &arch, history: None },
    );
}

/// A `whatif` scenario file, and each of its lines as a flag, applied to a small model with
/// components, edges and a declared dependency.
pub fn scenario(data: &[u8]) {
    use principal_strategy::whatif::{Cut, Merge, Move, Scenario, Split, apply};
    let text = String::from_utf8_lossy(data);
    let mut scan = ScanResult::default();
    for p in ["src/a/x.py", "src/a/y.py", "src/b/z.py", "lib/c.py"] {
        let mut f = FileFacts::new(p.to_owned(), Language::Python, 1);
        f.imports.push(principal_model::Import {
            specifier: "src.b.z".to_owned(),
            names: Vec::new(),
            kind: principal_model::ImportKind::Import,
            line: 1,
            system: false,
        });
        scan.files.push(f);
    }
    let model = principal_resolve::resolve(&scan, "/repo");
    if let Ok(s) = Scenario::parse_file(&text, "scenario.toml") {
        let _ = apply(&model, &s);
    }
    for line in text.lines() {
        let mut s = Scenario::default();
        match line.len() % 4 {
            0 => s.merges.extend(Merge::parse(line)),
            1 => s.splits.extend(Split::parse(line)),
            2 => s.moves.extend(Move::parse(line)),
            _ => s.cuts.extend(Cut::parse(line)),
        }
        if let Ok(a) = apply(&model, &s) {
            let _ = principal_graph::analyze(&a.model, &scan.files);
        }
    }
}

/// One OSV record, matched against a few packages; and the bytes as an OSV zip.
pub fn osv(data: &[u8]) {
    if let Ok(record) = serde_json::from_slice::<principal_security::osv::Record>(data) {
        let mut db = principal_security::osv::Database::default();
        db.add(record);
        for (eco, name, version) in
            [("npm", "lodash", "4.17.20"), ("PyPI", "requests", "2.0"), ("crates.io", "x", "1.0.0-rc.1")]
        {
            let p = principal_security::deps::Package {
                ecosystem: eco.to_owned(),
                name: name.to_owned(),
                version: version.to_owned(),
                purl: String::new(),
                manifest: "lock".to_owned(),
                direct: None,
                dev: None,
            };
            let _ = db.matches(&p);
        }
    }
    let _ = crate::deps::read_zip(std::io::Cursor::new(data), "fuzz.zip", &mut |_, _| {});
}

/// `.mailmap` text, applied to one author.
pub fn mailmap(data: &[u8]) {
    let _ = principal_git::mailmap_resolve_bytes(data, "A U Thor", "author@example.com");
}

/// Arbitrary bytes as a source file of each parsed language: detection, classification, line
/// counts, the syntax-tree walk (functions, imports), the symbols of `context`, the secret scan.
pub fn source(data: &[u8]) {
    const PATHS: [&str; 19] = [
        "a.py",
        "a.js",
        "a.jsx",
        "a.ts",
        "a.tsx",
        "a.rs",
        "a.go",
        "A.java",
        "a.c",
        "a.cpp",
        "a.cs",
        "a.kt",
        "a.php",
        "a.rb",
        "a.swift",
        "a.lua",
        "a.sh",
        "a.scala",
        "a.html.erb",
    ];
    let (path, bytes) = pick(data, &PATHS);
    let _ = principal_lang::classify::is_binary(bytes);
    let _ = principal_lang::classify::is_minified(path, bytes);
    let _ = principal_lang::classify::is_generated(bytes);
    let Some(detected) = principal_lang::detect(path, bytes) else { return };
    let facts = principal_lang::analyze((*path).to_owned(), &detected, bytes);
    let text = String::from_utf8_lossy(bytes);
    let _ = principal_audit::context::definitions(&facts, &text);
    let _ = principal_audit::context::references(&text);
    if let Some(scanner) = builtin_scanner() {
        let _ = scanner.scan(path, bytes);
        let _ = scanner.redact_text(&text);
    }
}
