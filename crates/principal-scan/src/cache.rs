//! The content-hash cache: facts keyed by the hash of a file's bytes and its language.
//!
//! One file per scanned root, in the user's cache directory. It is read whole at start and
//! rewritten whole at the end (to a temporary file, then renamed) from the scan's own results,
//! so it holds exactly the files of the last scan and never grows past the tree it describes.
//! A hit moves the entry out of the loaded map, so a warm scan holds each file's facts once. Two runs sharing it race only on
//! the rename; each rename leaves a complete file. A file that fails its checksum or does not
//! decode is discarded.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use principal_lang::Analysis;
use principal_model::{FileFacts, Function, Import, Language, LineCounts};
use serde::Serialize;
use xxhash_rust::xxh3::{xxh3_64, xxh3_128_with_seed};

/// Bump when the facts computed for the same bytes change.
const ANALYSIS_VERSION: u64 = 6;
/// Names the file format: bump the last byte when the layout of `Analysis` changes.
const MAGIC: &[u8; 8] = b"PRSCAN\0\x02";

pub struct Cache {
    file: PathBuf,
    old: Mutex<HashMap<u128, Analysis>>,
    /// Keys already taken this run: another file with the same content is a duplicate.
    taken: Mutex<HashSet<u128>>,
    loaded: usize,
    missed: AtomicBool,
}

/// What the cache knows of a file's content.
pub enum Lookup {
    Hit(Analysis),
    /// Another file of this run has the same content and took the entry: copy its facts.
    Duplicate,
    Miss,
}

/// An [`Analysis`] borrowed from a file's facts: serializes exactly as `Analysis` does (same
/// fields, same order), so the cache is written without copying the results.
#[derive(Serialize)]
struct EntryRef<'a> {
    lines: &'a LineCounts,
    functions: &'a [Function],
    parse_errors: u32,
    imports: &'a [Import],
    declares: &'a [String],
    types: u32,
    abstract_types: u32,
    build_ignored: bool,
}

impl<'a> From<&'a FileFacts> for EntryRef<'a> {
    fn from(f: &'a FileFacts) -> Self {
        EntryRef {
            lines: &f.lines,
            functions: &f.functions,
            parse_errors: f.parse_errors,
            imports: &f.imports,
            declares: &f.declares,
            types: f.types,
            abstract_types: f.abstract_types,
            build_ignored: f.build_ignored,
        }
    }
}

impl Cache {
    /// Opens the cache for `root` under `dir`. A missing or corrupt file gives an empty cache.
    pub fn open(dir: &Path, root: &Path) -> Cache {
        let file = dir.join("scan").join(principal_cache::file_name(root.as_os_str().as_encoded_bytes()));
        let old =
            principal_cache::read(&file, MAGIC).and_then(|payload| decode(&payload)).unwrap_or_default();
        Cache {
            file,
            loaded: old.len(),
            old: Mutex::new(old),
            taken: Mutex::new(HashSet::new()),
            missed: AtomicBool::new(false),
        }
    }

    /// The key of a file's content in a given language.
    pub fn key(language: &Language, bytes: &[u8]) -> u128 {
        let seed = xxh3_64(language.id().as_bytes()) ^ ANALYSIS_VERSION;
        xxh3_128_with_seed(bytes, seed)
    }

    /// Takes the cached facts for `key`, moving them out of the cache.
    pub fn take(&self, key: u128) -> Lookup {
        let hit = self.old.lock().expect("not poisoned").remove(&key);
        let mut taken = self.taken.lock().expect("not poisoned");
        match hit {
            Some(a) => {
                taken.insert(key);
                Lookup::Hit(a)
            }
            None if taken.contains(&key) => Lookup::Duplicate,
            None => {
                self.missed.store(true, Ordering::Relaxed);
                Lookup::Miss
            }
        }
    }

    /// Writes the scan's files as the new cache, unless it would be unchanged.
    pub fn save<'a>(self, files: impl Iterator<Item = (u128, &'a FileFacts)>) -> std::io::Result<()> {
        let mut entries: Vec<(u128, EntryRef<'_>)> = files.map(|(k, f)| (k, EntryRef::from(f))).collect();
        let unchanged = !self.missed.load(Ordering::Relaxed) && entries.len() == self.loaded;
        if unchanged {
            return Ok(());
        }
        entries.sort_by_key(|(k, _)| *k);
        entries.dedup_by_key(|(k, _)| *k);
        let payload = postcard::to_stdvec(&entries).map_err(std::io::Error::other)?;
        principal_cache::write(&self.file, MAGIC, &payload)
    }
}

fn decode(payload: &[u8]) -> Option<HashMap<u128, Analysis>> {
    let entries: Vec<(u128, Analysis)> = postcard::from_bytes(payload).ok()?;
    Some(entries.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use principal_model::{FileFacts, Function, Import, ImportKind, Language, LineCounts};

    use super::*;

    #[test]
    fn entries_written_from_facts_read_back_as_analyses() {
        let facts = FileFacts {
            path: "a.py".to_owned(),
            language: Language::Python,
            bytes: 10,
            lines: LineCounts { code: 3, comment: 1, blank: 2 },
            functions: vec![Function {
                name: "f".to_owned(),
                qualified_name: "A.f".to_owned(),
                start_line: 1,
                end_line: 3,
                cyclomatic: 2,
                cognitive: 1,
                max_nesting: 1,
                params: 0,
            }],
            parse_errors: 1,
            imports: vec![Import {
                specifier: "os".to_owned(),
                names: vec!["path".to_owned()],
                kind: ImportKind::TypeOnly,
                line: 1,
                system: false,
            }],
            declares: vec!["pkg".to_owned()],
            types: 2,
            abstract_types: 1,
            build_ignored: true,
        };
        let payload = postcard::to_stdvec(&vec![(7u128, EntryRef::from(&facts))]).expect("serializes");
        let back: Vec<(u128, Analysis)> = postcard::from_bytes(&payload).expect("same layout");
        let a = &back[0].1;
        assert_eq!(back[0].0, 7);
        assert_eq!(
            (a.lines, a.parse_errors, a.types, a.abstract_types, a.build_ignored),
            (facts.lines, 1, 2, 1, true)
        );
        assert_eq!(
            (&a.functions, &a.imports, &a.declares),
            (&facts.functions, &facts.imports, &facts.declares)
        );
    }
}
