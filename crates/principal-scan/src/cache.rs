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

use principal_model::{FileFacts, Language};
use xxhash_rust::xxh3::{xxh3_64, xxh3_128_with_seed};

/// Bump when the facts computed for the same bytes change.
const ANALYSIS_VERSION: u64 = 18;
/// Names the file format: bump the last byte when the layout of `FileFacts` changes.
const MAGIC: &[u8; 8] = b"PRSCAN\0\x05";

pub struct Cache {
    file: PathBuf,
    old: Mutex<HashMap<u128, FileFacts>>,
    /// Keys already taken this run: another file with the same content is a duplicate.
    taken: Mutex<HashSet<u128>>,
    loaded: usize,
    missed: AtomicBool,
}

/// What the cache knows of a file's content.
#[allow(
    clippy::large_enum_variant,
    reason = "one value per file, moved once: boxing adds an allocation per file"
)]
pub enum Lookup {
    Hit(FileFacts),
    /// Another file of this run has the same content and took the entry: copy its facts.
    Duplicate,
    Miss,
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
        let mut entries: Vec<(u128, &FileFacts)> = files.collect();
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

fn decode(payload: &[u8]) -> Option<HashMap<u128, FileFacts>> {
    let entries: Vec<(u128, FileFacts)> = postcard::from_bytes(payload).ok()?;
    Some(entries.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use principal_model::{
        FileFacts, Function, Import, ImportKind, Language, LineCounts, Position, TypeDecl,
    };

    use super::*;

    #[test]
    fn entries_written_from_facts_read_back_whole() {
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
                code_lines: 0,
                params: 0,
                header_end: Position { line: 2, column: 0 },
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
            type_decls: vec![TypeDecl {
                name: "A".to_owned(),
                qualified_name: "A".to_owned(),
                start_line: 1,
                header_end: Position { line: 1, column: 8 },
            }],
            build_ignored: true,
            script: true,
            third_party: false,
            tokens: 30,
            fingerprints: vec![principal_model::Fingerprint {
                hash: 7,
                token: 2,
                start_line: 1,
                end_line: 3,
            }],
            cohesion: vec![principal_model::Cohesion { type_name: "A".to_owned(), methods: 4, groups: 2 }],
            mentions: vec!["lib/worker.js".to_owned()],
            dynamic_loads: true,
        };
        let payload = postcard::to_stdvec(&vec![(7u128, &facts)]).expect("serializes");
        let back = decode(&payload).expect("same layout");
        assert_eq!(back.get(&7), Some(&facts));
    }
}
