use serde::{Deserialize, Serialize};

use crate::Language;

/// Code, comment and blank lines, with tokei's semantics: a line holding any code is code,
/// a line holding only comment text is comment, a line holding only whitespace is blank.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineCounts {
    pub code: u64,
    pub comment: u64,
    pub blank: u64,
}

impl LineCounts {
    pub fn total(&self) -> u64 {
        self.code + self.comment + self.blank
    }

    pub fn add(&mut self, other: &LineCounts) {
        self.code += other.code;
        self.comment += other.comment;
        self.blank += other.blank;
    }
}

/// One function, method, closure assigned to a name, or anonymous function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    /// The bare name (`method`), or `(anonymous)`.
    pub name: String,
    /// The name with its enclosing types or functions, joined the way the language joins
    /// them: `Class.method` in Python, Java, JavaScript, Go and C#; `Type::method` in Rust
    /// and C++.
    pub qualified_name: String,
    /// 1-based, inclusive.
    pub start_line: u32,
    /// 1-based, inclusive.
    pub end_line: u32,
    /// McCabe's cyclomatic complexity, counted as lizard counts it.
    pub cyclomatic: u32,
    /// Cognitive complexity after SonarSource's specification (Campbell 2017).
    pub cognitive: u32,
    /// The deepest nesting of control structures inside the function body.
    pub max_nesting: u32,
    /// The number of declared parameters.
    pub params: u32,
    /// Lines on which one of its tokens starts: blank lines, comments and the body of a
    /// multi-line string (a docstring) left out.
    pub code_lines: u32,
    /// Where its header (the signature, up to the body) ends.
    pub header_end: Position,
}

/// A place in a file: a 1-based line and a 0-based byte column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A named type declaration: class, struct, enum, trait, interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeDecl {
    pub name: String,
    /// The name with its enclosing types, joined as for functions.
    pub qualified_name: String,
    /// 1-based, after decorators, attributes and doc comments.
    pub start_line: u32,
    /// Where its header ends: where its body begins, or where it ends when it has none.
    pub header_end: Position,
}

/// Everything the scan learns about one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFacts {
    /// Relative to the scan root, with forward slashes.
    pub path: String,
    pub language: Language,
    pub bytes: u64,
    pub lines: LineCounts,
    /// Empty for languages that are counted but not parsed.
    pub functions: Vec<Function>,
    /// The number of error and missing nodes in the syntax tree.
    pub parse_errors: u32,
    /// Imports, includes, `use` and `mod` declarations, in source order.
    pub imports: Vec<Import>,
    /// What the file declares itself part of: Go's package name, Java's package, C#'s
    /// namespaces. Empty for other languages.
    pub declares: Vec<String>,
    /// Type declarations (classes, structs, traits, interfaces, enums), and how many of them
    /// are abstract (interfaces, traits, abstract classes, ABCs): Martin's abstractness.
    pub types: u32,
    pub abstract_types: u32,
    /// The named type declarations, in source order.
    pub type_decls: Vec<TypeDecl>,
    /// A build constraint leaves the file out of every build: Go's `//go:build ignore`.
    pub build_ignored: bool,
    /// An executable script: its first line is a shebang (`#!/usr/bin/env python3`), so it is
    /// run, not imported (an entry point).
    pub script: bool,
    /// A copied library: the file is under a folder with its own license file whose copyright
    /// holders share no name with the root license's (go-spew copied into `internal/spew`).
    /// Set by the scan once every file is read; not the product's source.
    pub third_party: bool,
    /// Tokens in the file, comments and whitespace left out.
    pub tokens: u32,
    /// Winnowed fingerprints of the token stream, for clone detection.
    pub fingerprints: Vec<Fingerprint>,
    /// The cohesion of each type with enough methods to judge it (LCOM4).
    pub cohesion: Vec<Cohesion>,
    /// String literals that read as a reference to a file or module (`'worker.js'`,
    /// `"pino/file"`, `"uvicorn.workers.UvicornWorker"`): no spaces, a `/` or `.`, a letter.
    /// Sorted, unique, at most [`MAX_MENTIONS`]. A file loaded by its name or path is no dead code.
    pub mentions: Vec<String>,
    /// The file imports a module whose name it computes: Python's `import_module(f".x{v}")` or
    /// `__import__(name)`, JavaScript's `require(name)` or `` import(`./${x}.js`) ``. Its folder's
    /// other files may be loaded so (rich's Unicode width tables): none of them is dead code.
    pub dynamic_loads: bool,
}

/// The most [`FileFacts::mentions`] kept per file.
pub const MAX_MENTIONS: usize = 500;

/// A fingerprint of a file's token stream: the hash of a run of consecutive tokens (comments
/// and whitespace left out), chosen by winnowing, with where the run starts and the lines it
/// spans. Two files that share a long enough token sequence share fingerprints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    pub hash: u64,
    /// The index of the run's first token in the file.
    pub token: u32,
    pub start_line: u32,
    pub end_line: u32,
}

/// How a type's methods hang together (LCOM4): two methods are in one group when they use a
/// common field of `self`/`this` or one calls the other. One group is cohesive; several
/// groups are unrelated responsibilities in one type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cohesion {
    /// The type's qualified name.
    pub type_name: String,
    /// Methods that use a member (constructors and methods that use none are left out).
    pub methods: u32,
    /// The number of connected groups among them.
    pub groups: u32,
}

impl FileFacts {
    /// A file with nothing measured yet.
    pub fn new(path: String, language: Language, bytes: u64) -> FileFacts {
        FileFacts {
            path,
            language,
            bytes,
            lines: LineCounts::default(),
            functions: Vec::new(),
            parse_errors: 0,
            imports: Vec::new(),
            declares: Vec::new(),
            types: 0,
            abstract_types: 0,
            type_decls: Vec::new(),
            build_ignored: false,
            script: false,
            third_party: false,
            tokens: 0,
            fingerprints: Vec::new(),
            cohesion: Vec::new(),
            mentions: Vec::new(),
            dynamic_loads: false,
        }
    }

    /// Whether a parsed file is data written as code: at least [`DATA_FILE_LINES`] lines with
    /// no function, no type and no import (psf/black's `profiling/dict_huge.py`, 41,440 lines of
    /// one dict literal; a generated table). Nobody's knowledge, no code health, not dead code.
    /// Shell and Lua are left out: their programs are top-level statements.
    pub fn is_data(&self) -> bool {
        self.language.is_parsed()
            && !matches!(self.language, Language::Shell | Language::Lua)
            && !self.script
            && self.lines.code >= DATA_FILE_LINES
            && self.functions.is_empty()
            && self.types == 0
            && self.imports.is_empty()
    }
}

/// The least lines of code of a data file ([`FileFacts::is_data`]).
pub const DATA_FILE_LINES: u64 = 1000;

/// How an import brings code in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// A plain import, `use`, `require` or `#include`.
    Import,
    /// A Rust `mod` declaration: the child module's file.
    Mod,
    /// Re-exports what it imports: `export … from`, `pub use`.
    Reexport,
    /// Needed for types only: `import type`, Python's `if TYPE_CHECKING:`.
    TypeOnly,
    /// Loaded at run time: JavaScript's `import()`.
    Dynamic,
    /// Imported inside a function: Python loads it when the function first runs, after every
    /// module has loaded. This is the idiomatic way to break an import cycle, so such an import
    /// closes no cycle (it is a dependency for everything else).
    Deferred,
    /// Used by test code inside a source file: Rust's `#[cfg(test)]` items. Not compiled into
    /// the program, so not a dependency of the file's component.
    Test,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Import => "import",
            ImportKind::Mod => "mod",
            ImportKind::Reexport => "reexport",
            ImportKind::TypeOnly => "type_only",
            ImportKind::Dynamic => "dynamic",
            ImportKind::Deferred => "deferred",
            ImportKind::Test => "test",
        }
    }
}

/// One import as written in the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    /// The raw specifier: `os.path`, `..models`, `./util`, `crate::a::b`, `fmt`, `stdio.h`,
    /// `java.util.*`, `System.Text`.
    pub specifier: String,
    /// Names imported from it, where the syntax lists them: Python's `from x import a, b`.
    pub names: Vec<String>,
    pub kind: ImportKind,
    /// 1-based line of the import statement.
    pub line: u32,
    /// C and C++ `<…>` includes; Java `import static`.
    pub system: bool,
}

/// Why a file was left out of the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// The file holds a NUL byte in its first 8 KiB, as git decides.
    Binary,
    /// The file is larger than the size limit.
    TooLarge,
    /// Under `vendor/`, `node_modules/`, `third_party/` and the like.
    Vendored,
    /// The header says the file is generated or not to be edited.
    Generated,
    /// Minified JavaScript or CSS.
    Minified,
    /// A package manager's lockfile.
    Lockfile,
    /// No language is known for the file.
    Unsupported,
    /// A symbolic link; links are not followed.
    Symlink,
    /// The file could not be read, or its analysis failed (the warning says which).
    Unreadable,
    /// Not a regular file: a FIFO, a socket or a device; never opened (reading a FIFO blocks).
    Special,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too-large",
            SkipReason::Vendored => "vendored",
            SkipReason::Generated => "generated",
            SkipReason::Minified => "minified",
            SkipReason::Lockfile => "lockfile",
            SkipReason::Unsupported => "unsupported",
            SkipReason::Symlink => "symlink",
            SkipReason::Unreadable => "unreadable",
            SkipReason::Special => "special",
        }
    }
}

/// A file, or a whole vendored directory (its path then ends in `/`), left out of the scan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: SkipReason,
}

/// Something worth telling the user about one path that did not stop the scan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

/// A build or package manifest kept as text for import resolution: `package.json`,
/// `tsconfig.json`, `go.mod`, `Cargo.toml`, `compile_commands.json`, `pyproject.toml`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Manifest {
    pub path: String,
    pub text: String,
}

/// True for the file names kept as [`Manifest`]s.
pub fn is_manifest_name(name: &str) -> bool {
    matches!(
        name,
        "package.json"
            | "go.mod"
            | "go.work"
            | "Cargo.toml"
            | "compile_commands.json"
            | "pyproject.toml"
            | "setup.cfg"
            | "pom.xml"
            | "build.gradle"
            | "build.gradle.kts"
            | "settings.gradle"
            | "settings.gradle.kts"
            | "composer.json"
            | "Package.swift"
            | "setup.py"
    ) || name.ends_with(".gemspec")
        || ((name.starts_with("tsconfig") || name.starts_with("jsconfig")) && name.ends_with(".json"))
}

/// The result of scanning one tree. Every list is sorted by path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanResult {
    pub files: Vec<FileFacts>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Warning>,
    pub manifests: Vec<Manifest>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_many_lines_with_no_function_type_or_import() {
        let mut f = FileFacts::new("profiling/dict_huge.py".to_owned(), Language::Python, 1);
        f.lines.code = 41_440;
        assert!(f.is_data());
        let mut script = f.clone();
        script.language = Language::Shell;
        assert!(!script.is_data(), "a shell program is top-level statements");
        let mut small = f.clone();
        small.lines.code = 999;
        assert!(!small.is_data());
        let mut importing = f.clone();
        importing.imports.push(Import {
            specifier: "os".to_owned(),
            names: Vec::new(),
            kind: ImportKind::Import,
            line: 1,
            system: false,
        });
        assert!(!importing.is_data());
        let mut typed = f;
        typed.types = 1;
        assert!(!typed.is_data());
    }
}
