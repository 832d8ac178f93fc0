//! Writing Principal's own outputs safely in a tree someone else controls. A cloned repository
//! can commit `principal-report/REPORT.md` as a symbolic link to a file elsewhere; writing
//! through it would overwrite that file. So:
//! - a file is written to a temporary file in its directory, then renamed over the target: a
//!   rename replaces a link, it never follows it; and a target that is a link is refused;
//! - an output directory that is a link is refused;
//! - a directory is Principal's once it holds the marker file [`MARKER`]; Principal refuses to
//!   overwrite its outputs' names in a directory without the marker that already holds them;
//! - the marker also tells the walk to leave the directory out of every analysis (it is an
//!   ignore file whose one rule is `*`).

use std::io::Write;
use std::path::Path;

use anyhow::Context;

/// The marker file of a directory that holds Principal's outputs. The scan reads it as an
/// ignore file (`principal_scan` registers the name), so its `*` rule leaves the directory out.
pub const MARKER: &str = principal_scan::OUTPUT_MARKER;

const MARKER_TEXT: &str = "# Principal's output directory (principal audit --out). Principal leaves it out of its\n\
     # analyses and may overwrite the files it wrote here.\n*\n";

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Makes `dir` ready for Principal's outputs `names`: creates it, refuses a symbolic link and a
/// directory that holds one of `names` without being marked as Principal's, and marks it.
pub fn prepare_dir(dir: &Path, names: &[&str], flag: &str) -> anyhow::Result<()> {
    if is_link(dir) {
        anyhow::bail!(
            "{flag} {}: a symbolic link; Principal does not write through links (a cloned repository can plant \
             one). Give a real directory",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("creating the output directory {}", dir.display()))?;
    if !dir.is_dir() {
        anyhow::bail!("{flag} {}: not a directory", dir.display());
    }
    let marker = dir.join(MARKER);
    if !marker.is_file() || is_link(&marker) {
        if let Some(name) = names.iter().find(|n| std::fs::symlink_metadata(dir.join(n)).is_ok()) {
            anyhow::bail!(
                "{flag} {}: it holds a {name} that Principal did not write (no {MARKER} marker); choose an empty or \
                 new directory, or remove the file",
                dir.display()
            );
        }
        write_file(&marker, MARKER_TEXT.as_bytes())?;
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so
/// that a symbolic link at `path` is never followed; a link there is refused.
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if is_link(path) {
        anyhow::bail!(
            "{}: a symbolic link; Principal does not write through links (a cloned repository can plant one). \
             Remove it, or write elsewhere",
            path.display()
        );
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).with_context(|| format!("writing {}", path.display()))?;
    tmp.write_all(bytes).with_context(|| format!("writing {}", path.display()))?;
    // A temporary file is private (0600); an output is as readable as any file the user makes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    tmp.persist(path).map_err(|e| anyhow::anyhow!("writing {}: {}", path.display(), e.error))?;
    Ok(())
}
