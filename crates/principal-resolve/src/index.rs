use std::collections::HashMap;

use principal_model::{FileFacts, ScanResult, Warning};

use crate::parent;

/// Lookups over the scanned files and manifests.
pub(crate) struct Index<'a> {
    pub files: &'a [FileFacts],
    pub by_path: HashMap<&'a str, u32>,
    /// Directory -> the files directly in it.
    pub dirs: HashMap<&'a str, Vec<u32>>,
    /// Manifest path -> text.
    pub manifests: HashMap<&'a str, &'a str>,
}

impl<'a> Index<'a> {
    pub fn new(scan: &'a ScanResult, _warnings: &mut Vec<Warning>) -> Index<'a> {
        let mut by_path = HashMap::with_capacity(scan.files.len());
        let mut dirs: HashMap<&str, Vec<u32>> = HashMap::new();
        for (i, f) in scan.files.iter().enumerate() {
            by_path.insert(f.path.as_str(), i as u32);
            dirs.entry(parent(&f.path)).or_default().push(i as u32);
        }
        let manifests = scan.manifests.iter().map(|m| (m.path.as_str(), m.text.as_str())).collect();
        Index { files: &scan.files, by_path, dirs, manifests }
    }

    pub fn file(&self, path: &str) -> Option<u32> {
        self.by_path.get(path).copied()
    }

    /// Manifests with this file name, sorted by path.
    pub fn manifests_named(&self, name: &str) -> Vec<(&'a str, &'a str)> {
        let mut v: Vec<(&str, &str)> = self
            .manifests
            .iter()
            .filter(|(p, _)| p.rsplit('/').next() == Some(name))
            .map(|(p, t)| (*p, *t))
            .collect();
        v.sort();
        v
    }
}
