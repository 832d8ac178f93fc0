//! Which language a file is written in, from its name, its extension or its shebang.

use std::path::Path;

use principal_model::Language;
use tokei::LanguageType;

use crate::registry;

/// A detected language: the id Principal reports, and the tokei syntax its lines are counted
/// with (for example `.h` files report as `c` and count as tokei's "C Header").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    pub language: Language,
    pub counter: LanguageType,
}

/// Detects the language of `path` (relative or absolute; only its name is read) whose content
/// starts with `head`. Returns `None` for files Principal does not know.
pub fn detect(path: &str, head: &[u8]) -> Option<Detected> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let ext = match lower.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => Some(ext),
        _ => None,
    };
    if let Some(d) = ext.and_then(parsed_by_extension) {
        return Some(d);
    }
    if let Some(entry) = registry::by_file_name(&lower) {
        return Some(Detected { language: entry.language.clone(), counter: entry.counter });
    }
    if let Some(t) = by_file_name(&lower) {
        return Some(other(t));
    }
    if ext.is_some() {
        // tokei's own table of extensions (and multi-part names such as `CMakeLists.txt`).
        // With an extension present, `from_path` never touches the disk.
        return LanguageType::from_path(Path::new(name), &tokei::Config::default()).map(other);
    }
    shebang(head)
}

fn parsed_by_extension(ext: &str) -> Option<Detected> {
    let (entry, counter) = registry::by_extension(ext)?;
    Some(Detected { language: entry.language.clone(), counter })
}

fn by_file_name(lower: &str) -> Option<LanguageType> {
    use LanguageType as T;
    Some(match lower {
        "makefile" | "gnumakefile" => T::Makefile,
        "dockerfile" | "containerfile" => T::Dockerfile,
        "cmakelists.txt" => T::CMake,
        "justfile" => T::Just,
        "meson.build" | "meson_options.txt" => T::Meson,
        "cargo.lock" | "poetry.lock" | "uv.lock" | "pdm.lock" => T::Toml,
        _ => return None,
    })
}

/// Reads `#!/usr/bin/env python3`, `#!/bin/bash` and the like.
fn shebang(head: &[u8]) -> Option<Detected> {
    use LanguageType as T;
    let line = head.strip_prefix(b"#!")?;
    let line = &line[..line.iter().position(|&b| b == b'\n').unwrap_or(line.len())];
    let line = std::str::from_utf8(line).ok()?;
    let mut words = line.split_whitespace();
    let mut program = words.next()?.rsplit('/').next()?;
    if program == "env" {
        program = words.find(|w| !w.starts_with('-') && !w.contains('='))?;
    }
    // python3.12 -> python, node18 -> node
    let base = program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    if let Some(entry) = registry::by_interpreter(base) {
        return Some(Detected { language: entry.language.clone(), counter: entry.counter });
    }
    Some(match base {
        "zsh" => other(T::Zsh),
        "fish" => other(T::Fish),
        "perl" => other(T::Perl),
        "tclsh" | "wish" => other(T::Tcl),
        "Rscript" => other(T::R),
        _ => return None,
    })
}

fn other(t: LanguageType) -> Detected {
    Detected { language: Language::Other(other_id(t).into()), counter: t }
}

/// A stable lowercase id for a language Principal counts but does not parse: tokei's name,
/// lowercased, with runs of other characters as `-` (`"C Shell"` is `c-shell`).
fn other_id(t: LanguageType) -> String {
    match t {
        LanguageType::Sh => return "shell".to_owned(),
        LanguageType::Cpp | LanguageType::CppHeader => return "cpp".to_owned(),
        LanguageType::CSharp => return "csharp".to_owned(),
        LanguageType::FSharp => return "fsharp".to_owned(),
        _ => {}
    }
    let mut id = String::new();
    for c in t.name().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if c == '+' {
            id.push('p');
        } else if c == '#' {
            id.push_str("sharp");
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(path: &str, head: &str) -> String {
        detect(path, head.as_bytes()).map_or("-".to_owned(), |d| d.language.id().to_owned())
    }

    #[test]
    fn by_extension_name_and_shebang() {
        let cases = [
            ("a/b.py", "", "python"),
            ("x.PY", "", "python"),
            ("x.jsx", "", "javascript"),
            ("x.mts", "", "typescript"),
            ("x.tsx", "", "tsx"),
            ("x.h", "", "c"),
            ("x.hpp", "", "cpp"),
            ("x.cs", "", "csharp"),
            ("x.rb", "", "ruby"),
            ("Gemfile", "", "ruby"),
            ("x.php", "", "php"),
            ("bin/rake", "#!/usr/bin/env ruby\n", "ruby"),
            ("x.sh", "", "shell"),
            ("x.bash", "", "shell"),
            ("x.zsh", "", "zsh"),
            ("x.yml", "", "yaml"),
            ("x.md", "", "markdown"),
            ("x.kt", "", "kotlin"),
            ("Makefile", "", "makefile"),
            ("CMakeLists.txt", "", "cmake"),
            ("bin/tool", "#!/usr/bin/env python3\nprint(1)", "python"),
            ("bin/tool", "#!/usr/bin/env -S node --flag\n", "javascript"),
            ("bin/run", "#!/bin/bash\necho", "shell"),
            ("bin/run", "#!/bin/sh\n", "shell"),
            ("README", "hello", "-"),
            (".bashrc", "", "-"),
            ("x.unknownext", "", "-"),
        ];
        for (path, head, want) in cases {
            assert_eq!(id(path, head), want, "{path}");
        }
    }
}
