use std::collections::HashMap;

use principal_model::{FileFacts, ScanResult, Warning};

use crate::parent;

/// Lookups over the scanned files and manifests.
pub(crate) struct Index<'a> {
    /// The files of parsed languages: the graph's nodes, in scan order.
    pub files: Vec<&'a FileFacts>,
    /// For each node, its index in the scan's file list.
    pub scan_index: Vec<u32>,
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
        let mut files = Vec::new();
        let mut scan_index = Vec::new();
        for (s, f) in scan.files.iter().enumerate().filter(|(_, f)| f.language.is_parsed()) {
            let i = files.len() as u32;
            by_path.insert(f.path.as_str(), i);
            dirs.entry(parent(&f.path)).or_default().push(i);
            files.push(f);
            scan_index.push(s as u32);
        }
        let manifests = scan.manifests.iter().map(|m| (m.path.as_str(), m.text.as_str())).collect();
        Index { files, by_path, dirs, manifests, scan_index }
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

    /// Manifests whose file name ends with `suffix` (`.gemspec`), sorted by path.
    pub fn manifests_named_suffix(&self, suffix: &str) -> Vec<(&'a str, &'a str)> {
        let mut v: Vec<(&str, &str)> = self
            .manifests
            .iter()
            .filter(|(p, _)| p.rsplit('/').next().is_some_and(|n| n.ends_with(suffix)))
            .map(|(p, t)| (*p, *t))
            .collect();
        v.sort();
        v
    }
}
