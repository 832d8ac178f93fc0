use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares the parsed languages in one list: each row is the variant and its stable id.
///
/// This list is the languages' identity only. What Principal knows about each one (its
/// extensions, grammar, node kinds, imports and conventions) is its entry in
/// `principal-lang`'s registry, in the same order.
macro_rules! parsed_languages {
    ($($(#[$doc:meta])* $variant:ident => $id:literal,)*) => {
        /// A language Principal recognises.
        ///
        /// The languages parsed with tree-sitter have their own variants; every other language
        /// that Principal counts lines for is `Other` with its lowercase id (for example
        /// `zsh`, `toml`).
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Language {
            $($(#[$doc])* $variant,)*
            /// A language that is counted but not parsed, by its lowercase id.
            Other(Box<str>),
        }

        impl Language {
            /// The parsed languages, in a fixed order (the registry's).
            pub const PARSED: [Language; [$($id),*].len()] = [$(Language::$variant),*];

            /// The stable lowercase id used in every machine output.
            pub fn id(&self) -> &str {
                match self {
                    $(Language::$variant => $id,)*
                    Language::Other(id) => id,
                }
            }
        }
    };
}

parsed_languages! {
    Python => "python",
    JavaScript => "javascript",
    TypeScript => "typescript",
    Tsx => "tsx",
    Rust => "rust",
    Go => "go",
    Java => "java",
    C => "c",
    Cpp => "cpp",
    CSharp => "csharp",
    Php => "php",
    Ruby => "ruby",
    Kotlin => "kotlin",
    Swift => "swift",
    Lua => "lua",
    Shell => "shell",
    Scala => "scala",
}

impl Language {
    /// Parses an id as written by [`Language::id`].
    pub fn from_id(id: &str) -> Language {
        Language::PARSED.into_iter().find(|l| l.id() == id).unwrap_or_else(|| Language::Other(id.into()))
    }

    /// True when Principal parses this language with tree-sitter and reports functions.
    pub fn is_parsed(&self) -> bool {
        !matches!(self, Language::Other(_))
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Language {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        Ok(Language::from_id(&id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for lang in Language::PARSED {
            assert_eq!(Language::from_id(lang.id()), lang);
            assert!(lang.is_parsed());
        }
        let other = Language::from_id("zsh");
        assert_eq!(other, Language::Other("zsh".into()));
        assert!(!other.is_parsed());
    }
}
