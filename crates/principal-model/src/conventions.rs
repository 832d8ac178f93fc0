//! Conventions shared by every analysis, each defined once: which paths are tests, and which
//! files are entry points (run on their own or found by a tool rather than imported).

use crate::FileFacts;

/// Tests, by the conventions of the languages parsed: `test`/`tests`/`__tests__` directories, a
/// top-level `t/`,
/// `test_*.py`, `*_test.go`, `*.test.ts`, `*.spec.js`, `*Test.java`.
pub fn is_test_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let stem = name.split('.').next().unwrap_or(name);
    lower.split('/').rev().skip(1).any(|d| matches!(d, "test" | "tests" | "__tests__" | "testdata" | "spec"))
        // `t/` at the top: the test suite of Perl projects and git.
        || lower.starts_with("t/")
        // `test.c`, `tests.rs`, `test.py`: a suite in one file (a class `Test.java` is not one).
        || path.rsplit('/').next().and_then(|n| n.split('.').next()).is_some_and(|s| matches!(s, "test" | "tests"))
        || stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem.ends_with("_tests")
        || name.contains(".test.")
        || name.contains(".spec.")
        || path.rsplit('/').next().is_some_and(|n| {
            let s = n.split('.').next().unwrap_or(n);
            s.len() > 4 && (s.ends_with("Test") || s.ends_with("Tests"))
        })
}

/// True for files that run on their own or are found by a tool rather than imported: tests,
/// conventional roots (`main`, `lib`, `index`, `__init__`, `setup`, `conftest`, `manage`, `mod`,
/// `build`), files under `examples/`, `benches/`, `bin/`, `scripts/`, `tools/`, `docs/`, tool
/// configs (`*.config.*`), files with a `main` function, executable scripts (a shebang) and
/// shell files.
pub fn is_entry_point(f: &FileFacts) -> bool {
    let path = f.path.as_str();
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let in_dir = |d: &str| path.starts_with(&format!("{d}/")) || path.contains(&format!("/{d}/"));
    is_test_path(path)
        || matches!(
            stem,
            "main"
                | "lib"
                | "build"
                | "index"
                | "__main__"
                | "__init__"
                | "setup"
                | "conftest"
                | "manage"
                | "mod"
        )
        || ["examples", "example", "benches", "bin", "scripts", "tools", "docs"].iter().any(|d| in_dir(d))
        // Files a tool or a server loads by their name (axios' gulpfile.js, run by `gulp`).
        || TOOL_FILES.contains(&stem.to_ascii_lowercase().as_str())
        || name.contains(".config.")
        || name.contains(".conf.")
        || f.functions.iter().any(|func| func.name == "main")
        || f.script
        // A shell file is run (by a person, CI, a Makefile) or sourced, never imported unseen.
        || f.language == crate::Language::Shell
}

/// Stems of files a task runner, test runner or server loads by name, never imported.
const TOOL_FILES: [&str; 9] =
    ["gulpfile", "gruntfile", "jakefile", "rakefile", "dangerfile", "noxfile", "fabfile", "wsgi", "asgi"];

/// What a path is, for judging what is found in it (a secret in a test fixture is not a leak).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PathContext {
    /// The project's own code and configuration.
    Source,
    /// Tests ([`is_test_path`]).
    Test,
    /// Data for tests: `fixtures/`, `testdata/`, `test_files/`, `mocks/`, snapshots, and non-code
    /// files under a test directory (`tests/certs/server.key`).
    Fixture,
    /// Documentation and translations: Markdown, reStructuredText, AsciiDoc, changelogs,
    /// `docs/`, `locale/`, `*.po`, `*.ftl`.
    Docs,
    /// Examples, templates and benchmarks: `examples/`, `samples/`, `demo/`, a demonstration app
    /// (`myapp/`, `sample_app/`, `playground/`), `benches/`, `benchmarks/`, `*.example`,
    /// `*.sample`, `*.template`, `*.dist`.
    Example,
    /// Written by a tool: `generated/`, protobuf and similar outputs.
    Generated,
    /// Somebody else's code: `vendor/`, `third_party/`, `node_modules/`, version-numbered folders,
    /// minified bundles.
    Vendored,
}

impl PathContext {
    pub fn as_str(self) -> &'static str {
        match self {
            PathContext::Source => "source",
            PathContext::Test => "test",
            PathContext::Fixture => "fixture",
            PathContext::Docs => "docs",
            PathContext::Example => "example",
            PathContext::Generated => "generated",
            PathContext::Vendored => "vendored",
        }
    }
}

/// Directory names whose contents are somebody else's code kept in the repository.
pub const VENDORED_DIRS: &[&str] = &[
    "vendor",
    "vendored",
    "node_modules",
    "third_party",
    "third-party",
    "thirdparty",
    "3rdparty",
    "bower_components",
    "jspm_packages",
    "site-packages",
    ".yarn",
    "Pods",
    "Carthage",
    // Build output committed for users of the package (linguist counts `dist/` as vendored).
    "dist",
];

/// A folder named as a version (`1.18.2`, `v2.0.1`): a copied release of a library.
fn is_version_dir(d: &str) -> bool {
    let d = d.strip_prefix('v').unwrap_or(d);
    let parts: Vec<&str> = d.split('.').collect();
    parts.len() >= 2 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// True when `name`, a directory's own name, holds vendored code: a [`VENDORED_DIRS`] name, or
/// a version number (`static/js/lib/URI/1.18.2/`).
pub fn is_vendored_dir(name: &str) -> bool {
    VENDORED_DIRS.contains(&name) || is_version_dir(name)
}

/// Which [`PathContext`] a repository path is in; the first that applies of vendored,
/// generated, fixture, test, example and docs, else source.
pub fn path_context(path: &str) -> PathContext {
    let lower = path.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    let name = parts.pop().unwrap_or_default();
    let dirs = parts;
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let stem = name.split('.').next().unwrap_or(name);
    let original: Vec<&str> = path.split('/').collect();
    if original[..original.len().saturating_sub(1)]
        .iter()
        .any(|d| is_vendored_dir(d) || matches!(*d, "external" | "extern"))
        || name.contains(".min.")
        || name.ends_with("-min.js")
    {
        return PathContext::Vendored;
    }
    if dirs.iter().any(|d| matches!(*d, "generated" | "gen" | "__generated__"))
        || name.ends_with("_pb2.py")
        || name.ends_with(".pb.go")
        || name.ends_with(".g.dart")
        || name.ends_with(".generated.ts")
    {
        return PathContext::Generated;
    }
    let code = matches!(
        ext,
        "py" | "js"
            | "jsx"
            | "mjs"
            | "cjs"
            | "ts"
            | "tsx"
            | "rs"
            | "go"
            | "java"
            | "kt"
            | "kts"
            | "scala"
            | "swift"
            | "c"
            | "h"
            | "cc"
            | "cpp"
            | "hpp"
            | "cs"
            | "rb"
            | "php"
            | "m"
            | "mm"
            | "dart"
            | "ex"
            | "exs"
            | "lua"
            | "sh"
            | "bash"
            | "pl"
            | "groovy"
    );
    let test_dir =
        dirs.iter().any(|d| matches!(*d, "test" | "tests" | "__tests__" | "spec" | "specs" | "testing"));
    if dirs.iter().any(|d| {
        matches!(
            *d,
            "fixtures"
                | "fixture"
                | "__fixtures__"
                | "testdata"
                | "test-data"
                | "test_data"
                | "mocks"
                | "__mocks__"
                | "__snapshots__"
                | "snapshots"
                | "test-resources"
                | "testresources"
                | "test_files"
                | "test-files"
                | "testfiles"
                | "test_assets"
                | "test-assets"
        )
    }) || (test_dir && !code)
        || dirs.windows(2).any(|w| w[0] == "test" && w[1] == "resources")
        // A data file that names itself a stand-in: `gcs-fake-service-account.json`,
        // `dummy_key.pem`, `mock-credentials.json`.
        || (!code
            && name
                .split(['-', '_', '.'])
                .any(|w| matches!(w, "fake" | "dummy" | "mock" | "fixture" | "stub" | "test")))
    {
        return PathContext::Fixture;
    }
    if is_test_path(path) {
        return PathContext::Test;
    }
    let example_name = [".example", ".sample", ".template", ".dist", ".tmpl"]
        .iter()
        .any(|m| name.contains(m) || name.ends_with(&m[1..]));
    if example_name
        || dirs.iter().any(|d| {
            matches!(
                *d,
                "examples"
                    | "example"
                    | "samples"
                    | "sample"
                    | "demo"
                    | "demos"
                    | "benches"
                    | "bench"
                    | "benchmarks"
                    | "benchmark"
                    | "benchsuite"
                    // The demonstration app a library ships beside itself (sidekiq's `myapp/`, a
                    // scaffolded Rails app whose development secrets protect nothing).
                    | "myapp"
                    | "sample_app"
                    | "sample-app"
                    | "example_app"
                    | "example-app"
                    | "demo_app"
                    | "demo-app"
                    | "playground"
            )
        })
    {
        return PathContext::Example;
    }
    let translations = dirs
        .iter()
        .any(|d| matches!(*d, "locale" | "locales" | "i18n" | "l10n" | "translations" | "lang" | "langs"))
        || matches!(ext, "po" | "pot" | "ftl" | "xliff" | "xlf" | "strings");
    if translations
        || matches!(ext, "md" | "markdown" | "rst" | "adoc" | "asciidoc" | "txt" | "textile" | "ipynb")
        || matches!(
            stem,
            "changelog" | "changes" | "history" | "news" | "readme" | "releasing" | "release-notes"
        )
        || dirs.iter().any(|d| matches!(*d, "docs" | "doc" | "documentation" | "man" | "website"))
        // Maven's documentation site.
        || dirs.windows(2).any(|w| w == ["src", "site"])
    {
        return PathContext::Docs;
    }
    PathContext::Source
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_tools_load_by_name_are_entry_points() {
        let entry = |p: &str| is_entry_point(&FileFacts::new(p.to_owned(), crate::Language::JavaScript, 1));
        for p in ["gulpfile.js", "Gruntfile.js", "karma.conf.cjs", "web/vite.config.ts", "project/wsgi.py"] {
            assert!(entry(p), "{p}");
        }
        for p in ["lib/helpers/deprecatedMethod.js", "src/gulp_helpers.js", "src/tasks.py"] {
            assert!(!entry(p), "{p}");
        }
    }

    #[test]
    fn path_contexts() {
        let cases = [
            ("src/app/settings.py", PathContext::Source),
            (".env", PathContext::Source),
            ("tests/test_api.py", PathContext::Test),
            ("okhttp/src/test/java/okhttp3/CertificatesTest.kt", PathContext::Test),
            ("tests/certs/server.key", PathContext::Fixture),
            ("pkg/testdata/key.pem", PathContext::Fixture),
            ("gcsfs/gcs-fake-service-account.json", PathContext::Fixture),
            ("certs/dummy_key.pem", PathContext::Fixture),
            ("src/fakes.json", PathContext::Source),
            ("src/test/resources/keystore.jks", PathContext::Fixture),
            ("test_files/sftp/id_rsa", PathContext::Fixture),
            ("myapp/config/secrets.yml", PathContext::Example),
            ("docs/usage.md", PathContext::Docs),
            ("CHANGELOG.md", PathContext::Docs),
            ("Documentation/config.adoc", PathContext::Docs),
            ("src/site/resources/images/svg/diagrams.js", PathContext::Docs),
            ("README", PathContext::Docs),
            ("conf/locale/locale_de-DE.ini", PathContext::Docs),
            (".env.example", PathContext::Example),
            ("config/settings.sample.yml", PathContext::Example),
            ("examples/server/main.go", PathContext::Example),
            ("benchsuite/benchsuite", PathContext::Example),
            ("benches/parse.rs", PathContext::Example),
            ("static/js/lib/URI/1.18.2/URI.js", PathContext::Vendored),
            ("vendor/github.com/x/y.go", PathContext::Vendored),
            ("web/app.min.js", PathContext::Vendored),
            ("api/gen/api_pb2.py", PathContext::Generated),
            ("ios/Pods/AFNetworking/x.m", PathContext::Vendored),
        ];
        assert!(
            is_vendored_dir("1.18.2")
                && is_vendored_dir("v2.0")
                && !is_vendored_dir("v2")
                && !is_vendored_dir("src")
        );
        for (path, want) in cases {
            assert_eq!(path_context(path), want, "{path}");
        }
    }
}
