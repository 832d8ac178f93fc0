//! Copied libraries: a folder below the root with its own license file whose copyright holders
//! share no name with the root license's is someone else's code (`internal/spew` holding
//! go-spew, "Copyright (c) 2012-2016 Dave Collins", in testify, "Copyright (c) 2012-2020 Mat
//! Ryer, Tyler Bunnell and contributors"). A monorepo's packages, licensed by the same people,
//! are not. Without a root license with a holder there is nothing to compare, and nothing is
//! marked. A folder whose README opens by saying it is a copy ("Copy of google-cloud-go-testing",
//! "This is a fork of …", "vendored from …") is someone else's code too, whoever the root's
//! holders are.

use std::collections::BTreeSet;

use principal_model::FileFacts;

/// `LICENSE`, `LICENSE.md`, `LICENCE-MIT`, `COPYING`, in any case.
pub(crate) fn is_license_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper.starts_with("LICENSE") || upper.starts_with("LICENCE") || upper.starts_with("COPYING")
}

/// The holder set [`mark`] reads as "this folder says it is a copy".
pub(crate) const COPY_NOTE: &str = "<copy>";

/// True for a folder's README whose opening says the folder is a copy of another project.
pub(crate) fn says_copied(name: &str, text: &[u8]) -> bool {
    if !name.to_ascii_lowercase().starts_with("readme") {
        return false;
    }
    let head = String::from_utf8_lossy(&text[..text.len().min(1024)]).to_lowercase();
    let first =
        head.lines().map(|l| l.trim_start_matches(['#', '=', '*', ' ', '\t'])).find(|l| !l.is_empty());
    first
        .is_some_and(|l| l.starts_with("copy of ") || l.starts_with("fork of ") || l.starts_with("vendored "))
        || [
            "vendored copy",
            "vendored from",
            "copied from",
            "copied here",
            "is a copy of",
            "is a temporary copy of",
            "is a fork of",
            "forked from",
        ]
        .iter()
        .any(|p| head.contains(p))
}

/// Words that name no one.
const NOT_NAMES: &[&str] = &[
    "copyright",
    "the",
    "and",
    "contributors",
    "contributor",
    "authors",
    "author",
    "all",
    "rights",
    "reserved",
    "inc",
    "llc",
    "ltd",
    "gmbh",
    "by",
    "of",
    "its",
    "other",
    "others",
    "project",
    "holders",
    "holder",
    "for",
    "see",
    "file",
    "notice",
    "present",
    "com",
    "org",
    "net",
    "www",
    "http",
    "https",
    "github",
    "mit",
    "license",
    "licence",
    "software",
    "this",
    "in",
    "is",
];

/// The names in a license's copyright lines, lower case: `Copyright (c) 2012 Dave Collins
/// <dave@davec.name>` gives `dave`, `collins`, `davec`, `name`. A copyright line starts with
/// "Copyright", "(c)" or "©" and carries a year or the sign: the terms' own sentences ("the
/// above copyright notice and this permission notice…") name no one, and are shared by every
/// MIT or ISC license.
pub(crate) fn holders(text: &[u8]) -> BTreeSet<String> {
    let text = String::from_utf8_lossy(&text[..text.len().min(16 * 1024)]);
    text.lines()
        .filter(|l| {
            let l = l.trim_start_matches(|c: char| c.is_whitespace() || "#*/;-!".contains(c)).to_lowercase();
            (l.starts_with("copyright") || l.starts_with("(c)") || l.starts_with('©'))
                && (l.contains("(c)") || l.contains('©') || l.chars().any(|c| c.is_ascii_digit()))
        })
        .take(20)
        .flat_map(|l| {
            l.split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() >= 2 && w.to_lowercase() != "c")
                .map(str::to_lowercase)
                .filter(|w| !NOT_NAMES.contains(&w.as_str()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Sets [`FileFacts::third_party`] on the files under a folder whose license names none of the
/// root license's holders. `files` sorted by path; `licenses` are (folder, holders).
pub(crate) fn mark(files: &mut [FileFacts], licenses: &[(String, BTreeSet<String>)]) {
    for f in files.iter_mut() {
        f.third_party = false;
    }
    let root: BTreeSet<&String> =
        licenses.iter().filter(|(dir, _)| dir.is_empty()).flat_map(|(_, h)| h).collect();
    let foreign: BTreeSet<&str> = licenses
        .iter()
        .filter(|(dir, h)| {
            !dir.is_empty()
                && (h.contains(COPY_NOTE)
                    || (!root.is_empty() && !h.is_empty() && h.iter().all(|w| !root.contains(w))))
        })
        .map(|(dir, _)| dir.as_str())
        .collect();
    if foreign.is_empty() {
        return;
    }
    for f in files.iter_mut() {
        f.third_party = foreign.iter().any(|d| f.path.starts_with(d) && f.path[d.len()..].starts_with('/'));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use principal_model::Language;

    #[test]
    fn a_folder_licensed_by_others_is_third_party() {
        let lic = |dir: &str, text: &str| (dir.to_owned(), holders(text.as_bytes()));
        let licenses = [
            lic(
                "",
                "MIT License\n\nCopyright (c) 2012-2020 Mat Ryer, Tyler Bunnell and contributors.\n\n\
                 The above copyright notice and this permission notice shall be included in all\n\
                 copies or substantial portions of the Software.\n",
            ),
            lic(
                "internal/spew",
                "ISC License\n\nCopyright (c) 2012-2016 Dave Collins <dave@davec.name>\n\n\
                 purpose with or without fee is hereby granted, provided that the above\n\
                 copyright notice and this permission notice appear in all copies.\n",
            ),
            lic("packages/core", "Copyright 2021 Tyler Bunnell\n"),
        ];
        let mut files: Vec<FileFacts> =
            ["assert/a.go", "internal/spew/dump.go", "internal/spewer.go", "packages/core/x.go"]
                .iter()
                .map(|p| FileFacts::new((*p).to_owned(), Language::Go, 1))
                .collect();
        mark(&mut files, &licenses);
        let marked: Vec<&str> = files.iter().filter(|f| f.third_party).map(|f| f.path.as_str()).collect();
        assert_eq!(
            marked,
            ["internal/spew/dump.go"],
            "the same holder's package is not; a sibling name is not"
        );
        assert_eq!(
            licenses[1].1.iter().map(String::as_str).collect::<Vec<_>>(),
            ["collins", "dave", "davec", "name"]
        );
        // No root license: nothing to compare.
        mark(&mut files, &licenses[1..]);
        assert!(files.iter().all(|f| !f.third_party));
        assert!(is_license_name("LICENSE.md") && is_license_name("copying") && !is_license_name("README"));
    }

    #[test]
    fn a_folder_whose_readme_says_it_is_a_copy_is_third_party() {
        let readme = "# Copy of [google-cloud-go-testing](https://github.com/googleapis/x)\n\nThis is a \
                      temporary copy of the library.\n";
        assert!(says_copied("README.md", readme.as_bytes()));
        assert!(says_copied("readme", b"Vendored from upstream at v1.2.\n"));
        assert!(!says_copied("README.md", b"# stiface\n\nYou may obtain a copy of the License at\n"));
        assert!(!says_copied("NOTES.md", readme.as_bytes()));
        let licenses = [("gcsfs/internal/stiface".to_owned(), [COPY_NOTE.to_owned()].into())];
        let mut files: Vec<FileFacts> = ["gcsfs/fs.go", "gcsfs/internal/stiface/adapters.go"]
            .iter()
            .map(|p| FileFacts::new((*p).to_owned(), Language::Go, 1))
            .collect();
        mark(&mut files, &licenses);
        let marked: Vec<&str> = files.iter().filter(|f| f.third_party).map(|f| f.path.as_str()).collect();
        assert_eq!(marked, ["gcsfs/internal/stiface/adapters.go"], "with no root license at all");
    }
}
