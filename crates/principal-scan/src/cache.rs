//! The content-hash cache: facts keyed by the hash of a file's bytes and its language.
//!
//! One file per scanned root, in the user's cache directory. It is read whole at start and
//! rewritten whole at the end (to a temporary file, then renamed), holding only the entries the
//! run used, so it never grows past the tree it describes. Two runs sharing it race only on
//! the rename; each rename leaves a complete file. A file that fails its checksum or does not
//! decode is discarded.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use principal_lang::Analysis;
use principal_model::Language;
use xxhash_rust::xxh3::{xxh3_64, xxh3_128_with_seed};

/// Bump when the facts computed for the same bytes change.
const ANALYSIS_VERSION: u64 = 4;
const MAGIC: &[u8; 8] = b"PRSCAN\0\x01";

/// The user's cache directory for Principal: `$PRINCIPAL_CACHE_DIR`, else the platform's
/// cache directory (`~/.cache/principal` on Linux).
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PRINCIPAL_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    dirs::cache_dir().map(|d| d.join("principal"))
}

pub struct Cache {
    file: PathBuf,
    old: HashMap<u128, Analysis>,
    new: Mutex<HashMap<u128, Analysis>>,
    dirty: AtomicBool,
}

impl Cache {
    /// Opens the cache for `root` under `dir`. A missing or corrupt file gives an empty cache.
    pub fn open(dir: &Path, root: &Path) -> Cache {
        let id = xxh3_64(root.as_os_str().as_encoded_bytes());
        let file = dir.join("scan").join(format!("{id:016x}.bin"));
        let old = std::fs::read(&file).ok().and_then(|bytes| decode(&bytes)).unwrap_or_else(|| {
            if file.exists() {
                tracing::warn!("discarding a corrupt scan cache: {}", file.display());
            }
            HashMap::new()
        });
        Cache { file, old, new: Mutex::new(HashMap::new()), dirty: AtomicBool::new(false) }
    }

    /// The key of a file's content in a given language.
    pub fn key(language: &Language, bytes: &[u8]) -> u128 {
        let seed = xxh3_64(language.id().as_bytes()) ^ ANALYSIS_VERSION;
        xxh3_128_with_seed(bytes, seed)
    }

    pub fn get(&self, key: u128) -> Option<Analysis> {
        let entry = self.old.get(&key)?;
        self.new.lock().expect("not poisoned").insert(key, entry.clone());
        Some(entry.clone())
    }

    pub fn put(&self, key: u128, analysis: Analysis) {
        self.new.lock().expect("not poisoned").insert(key, analysis);
        self.dirty.store(true, Ordering::Relaxed);
    }

    /// Writes the entries this run used, unless nothing changed.
    pub fn save(self) -> std::io::Result<()> {
        let new = self.new.into_inner().expect("not poisoned");
        if !self.dirty.load(Ordering::Relaxed) && new.len() == self.old.len() {
            return Ok(());
        }
        let mut entries: Vec<(u128, Analysis)> = new.into_iter().collect();
        entries.sort_by_key(|(k, _)| *k);
        let payload = postcard::to_stdvec(&entries).map_err(std::io::Error::other)?;
        let dir = self.file.parent().expect("the cache file has a parent");
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(".{}.{}.tmp", std::process::id(), xxh3_64(&payload)));
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(MAGIC)?;
            f.write_all(&xxh3_64(&payload).to_le_bytes())?;
            f.write_all(&payload)?;
        }
        std::fs::rename(&tmp, &self.file).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

fn decode(bytes: &[u8]) -> Option<HashMap<u128, Analysis>> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (sum, payload) = rest.split_at_checked(8)?;
    if u64::from_le_bytes(sum.try_into().ok()?) != xxh3_64(payload) {
        return None;
    }
    let entries: Vec<(u128, Analysis)> = postcard::from_bytes(payload).ok()?;
    Some(entries.into_iter().collect())
}
