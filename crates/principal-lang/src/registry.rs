//! The language registry: what Principal knows about each parsed language, one [`Entry`] each.
//!
//! An entry names the language's files (extensions, file names, shebang interpreters), how its
//! lines are counted (a tokei syntax), its grammar and node kinds ([`Spec`]: functions,
//! decisions, scopes, types, import extraction) and its entry-point convention. Adding a
//! language is one entry here (a file under `languages/` for the new ones), its identity line in
//! `principal-model`'s `parsed_languages!`, a resolver module in `principal-resolve` when it has
//! imports, and fixtures. [`REGISTRY`] is in the order of `Language::PARSED`; a test holds them
//! together.

use principal_model::{FileFacts, Function, Language};
use tokei::LanguageType;

use crate::languages;
use crate::spec::{self, Spec};

/// Everything Principal knows about one parsed language.
pub struct Entry {
    pub language: Language,
    /// Lowercase extensions (without the dot), each with the tokei syntax its lines count with
    /// (`.h` reports as C and counts as tokei's "C Header").
    pub extensions: &'static [(&'static str, LanguageType)],
    /// Lowercase file names without an extension that are this language (`Gemfile`).
    pub file_names: &'static [&'static str],
    /// Shebang interpreters, version suffix dropped (`python3.12` reads as `python`).
    pub interpreters: &'static [&'static str],
    /// The tokei syntax of a file found by its name or shebang.
    pub counter: LanguageType,
    /// The grammar, node kinds and import extraction.
    pub spec: &'static Spec,
    /// True for a function that starts a program (`main`, Java's `static void main`).
    pub is_main: fn(&Function, &FileFacts) -> bool,
    /// Imports name a whole module (a Go package, a Swift target), so every file of it is a
    /// dependency of every importer and a file's fan-in says nothing about that file.
    pub module_imports: bool,
}

/// True when the language's imports name whole modules ([`Entry::module_imports`]).
pub fn imports_modules(language: &Language) -> bool {
    entry(language).is_some_and(|(_, e)| e.module_imports)
}

/// The parsed languages, in the order of `Language::PARSED`.
pub static REGISTRY: [&Entry; Language::PARSED.len()] = [
    &PYTHON,
    &JAVASCRIPT,
    &TYPESCRIPT,
    &TSX,
    &RUST,
    &GO,
    &JAVA,
    &C,
    &CPP,
    &CSHARP,
    &languages::php::ENTRY,
    &languages::ruby::ENTRY,
    &languages::kotlin::ENTRY,
    &languages::swift::ENTRY,
    &languages::lua::ENTRY,
    &languages::shell::ENTRY,
    &languages::scala::ENTRY,
];

/// The registry entry of a parsed language, and its index; `None` for the languages only
/// counted.
pub fn entry(language: &Language) -> Option<(usize, &'static Entry)> {
    let index = Language::PARSED.iter().position(|l| l == language)?;
    Some((index, REGISTRY[index]))
}

/// The entry whose extension, or file name, this is (lowercase).
pub fn by_extension(ext: &str) -> Option<(&'static Entry, LanguageType)> {
    REGISTRY.iter().find_map(|e| e.extensions.iter().find(|(x, _)| *x == ext).map(|(_, t)| (*e, *t)))
}

pub fn by_file_name(lower: &str) -> Option<&'static Entry> {
    REGISTRY.iter().copied().find(|e| e.file_names.contains(&lower))
}

pub fn by_interpreter(program: &str) -> Option<&'static Entry> {
    REGISTRY.iter().copied().find(|e| e.interpreters.contains(&program))
}

/// Languages with no `main` function: a script runs from its top, a class is loaded.
pub(crate) fn no_main(_: &Function, _: &FileFacts) -> bool {
    false
}

fn named_main(x: &Function, _: &FileFacts) -> bool {
    x.qualified_name == "main"
}

static PYTHON: Entry = Entry {
    language: Language::Python,
    extensions: &[("py", LanguageType::Python), ("pyw", LanguageType::Python), ("pyi", LanguageType::Python)],
    file_names: &[],
    interpreters: &["python", "pypy"],
    counter: LanguageType::Python,
    spec: &spec::PYTHON,
    // `if __name__ == "__main__":` is read from the file, not from a function.
    is_main: no_main,
    module_imports: false,
};

static JAVASCRIPT: Entry = Entry {
    language: Language::JavaScript,
    extensions: &[
        ("js", LanguageType::JavaScript),
        ("mjs", LanguageType::JavaScript),
        ("cjs", LanguageType::JavaScript),
        ("jsx", LanguageType::Jsx),
    ],
    file_names: &[],
    interpreters: &["node", "nodejs"],
    counter: LanguageType::JavaScript,
    spec: &spec::JAVASCRIPT,
    is_main: named_main,
    module_imports: false,
};

static TYPESCRIPT: Entry = Entry {
    language: Language::TypeScript,
    extensions: &[
        ("ts", LanguageType::TypeScript),
        ("mts", LanguageType::TypeScript),
        ("cts", LanguageType::TypeScript),
    ],
    file_names: &[],
    interpreters: &["deno", "ts-node", "tsx", "bun"],
    counter: LanguageType::TypeScript,
    spec: &spec::TYPESCRIPT,
    is_main: named_main,
    module_imports: false,
};

static TSX: Entry = Entry {
    language: Language::Tsx,
    extensions: &[("tsx", LanguageType::Tsx)],
    file_names: &[],
    interpreters: &[],
    counter: LanguageType::Tsx,
    spec: &spec::TSX,
    is_main: named_main,
    module_imports: false,
};

static RUST: Entry = Entry {
    language: Language::Rust,
    extensions: &[("rs", LanguageType::Rust)],
    file_names: &[],
    interpreters: &[],
    counter: LanguageType::Rust,
    spec: &spec::RUST,
    is_main: named_main,
    module_imports: false,
};

static GO: Entry = Entry {
    language: Language::Go,
    extensions: &[("go", LanguageType::Go)],
    file_names: &[],
    interpreters: &[],
    counter: LanguageType::Go,
    spec: &spec::GO,
    // `func main` starts a program only in `package main`.
    is_main: |x, f| x.qualified_name == "main" && f.declares.iter().any(|d| d == "main"),
    module_imports: true,
};

static JAVA: Entry = Entry {
    language: Language::Java,
    extensions: &[("java", LanguageType::Java)],
    file_names: &[],
    interpreters: &[],
    counter: LanguageType::Java,
    spec: &spec::JAVA,
    is_main: |x, _| x.qualified_name.ends_with(".main"),
    module_imports: false,
};

static C: Entry = Entry {
    language: Language::C,
    extensions: &[("c", LanguageType::C), ("h", LanguageType::CHeader)],
    file_names: &[],
    interpreters: &[],
    counter: LanguageType::C,
    spec: &spec::C,
    is_main: named_main,
    module_imports: false,
};

static CPP: Entry = Entry {
    language: Language::Cpp,
    extensions: &[
        ("cc", LanguageType::Cpp),
        ("cpp", LanguageType::Cpp),
        ("cxx", LanguageType::Cpp),
        ("c++", LanguageType::Cpp),
        ("hh", LanguageType::CppHeader),
        ("hpp", LanguageType::CppHeader),
        ("hxx", LanguageType::CppHeader),
        ("h++", LanguageType::CppHeader),
        ("inl", LanguageType::CppHeader),
        ("ipp", LanguageType::CppHeader),
    ],
    file_names: &[],
    interpreters: &[],
    counter: LanguageType::Cpp,
    spec: &spec::CPP,
    is_main: named_main,
    module_imports: false,
};

static CSHARP: Entry = Entry {
    language: Language::CSharp,
    extensions: &[("cs", LanguageType::CSharp), ("csx", LanguageType::CSharp)],
    file_names: &[],
    interpreters: &[],
    counter: LanguageType::CSharp,
    spec: &spec::CSHARP,
    is_main: |x, _| x.name == "Main",
    module_imports: false,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_is_in_the_order_of_the_parsed_languages() {
        for (entry, language) in REGISTRY.iter().zip(Language::PARSED.iter()) {
            assert_eq!(&entry.language, language);
        }
        let mut extensions: Vec<&str> =
            REGISTRY.iter().flat_map(|e| e.extensions.iter().map(|(x, _)| *x)).collect();
        let count = extensions.len();
        extensions.sort_unstable();
        extensions.dedup();
        assert_eq!(extensions.len(), count, "an extension belongs to one language");
    }
}
