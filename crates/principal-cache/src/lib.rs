//! Principal's caches live in the user's cache directory, never in the analysed repository.
//! Each is one file: a magic tag, a checksum and a payload, written to a temporary file and
//! renamed into place, so that two runs sharing a cache never see half a file, and a file that
//! fails its checksum is discarded rather than trusted.

use std::io::Write;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::xxh3_64;

/// `$PRINCIPAL_CACHE_DIR`, else the platform's cache directory (`~/.cache/principal` on Linux).
pub fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PRINCIPAL_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    dirs::cache_dir().map(|d| d.join("principal"))
}

/// A stable short name for a key (a path, options): 16 hex digits.
pub fn file_name(key: &[u8]) -> String {
    format!("{:016x}.bin", xxh3_64(key))
}

/// The payload of a cache file, if it exists, carries `magic` (which names the format) and
/// passes its checksum. A file of another format is left for the next write to replace; one
/// that fails its checksum is reported.
pub fn read(path: &Path, magic: &[u8; 8]) -> Option<Vec<u8>> {
    let bytes = std::fs::read(path).ok()?;
    let Some(rest) = bytes.strip_prefix(magic.as_slice()) else {
        tracing::debug!("{}: a cache of another format; it will be rewritten", path.display());
        return None;
    };
    let checked = rest.split_at_checked(8).filter(|(sum, payload)| {
        <[u8; 8]>::try_from(*sum).is_ok_and(|s| u64::from_le_bytes(s) == xxh3_64(payload))
    });
    match checked {
        Some((_, payload)) => Some(payload.to_vec()),
        None => {
            tracing::warn!("{}: discarding a corrupt cache file", path.display());
            None
        }
    }
}

/// Writes `payload` under `magic` to `path` atomically (temporary file, then rename).
pub fn write(path: &Path, magic: &[u8; 8], payload: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().expect("a cache file has a parent directory");
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{}.{:016x}.tmp", std::process::id(), xxh3_64(payload)));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(magic)?;
        f.write_all(&xxh3_64(payload).to_le_bytes())?;
        f.write_all(payload)?;
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_corruption() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub").join(file_name(b"key"));
        write(&path, b"TESTMAG\x01", b"payload").expect("writes");
        assert_eq!(read(&path, b"TESTMAG\x01").as_deref(), Some(&b"payload"[..]));
        assert_eq!(read(&path, b"OTHERMG\x01"), None, "another cache's file");
        let mut bytes = std::fs::read(&path).expect("exists");
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, bytes).expect("corrupt it");
        assert_eq!(read(&path, b"TESTMAG\x01"), None, "a checksum failure is discarded");
        assert_eq!(read(&dir.path().join("missing"), b"TESTMAG\x01"), None);
    }
}
