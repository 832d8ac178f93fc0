//! Shell: `source FILE` and `. FILE`. A path starting `./` or `../` (or, as extracted, with an
//! expansion such as `$(dirname "$0")`) is the sourcing file's folder's; any other is tried there,
//! then at the root, where scripts run from. `*/tail` (a path whose head is variables) is the one
//! file whose path ends with the tail. A path that names no file of the repository is a
//! file of the machine the script runs on (`/etc/profile.d/…`, a tool's install), not a defect of
//! the graph.

use principal_model::Import;

use crate::index::Index;
use crate::{Target, file_beside_or_at_root};

pub(crate) struct Resolver;

impl Resolver {
    pub fn resolve(&self, index: &Index<'_>, from: u32, imp: &Import) -> Target {
        let spec = imp.specifier.as_str();
        if let Some(tail) = spec.strip_prefix("*/") {
            // Only the tail is known: the one file whose path ends with it.
            let suffix = format!("/{tail}");
            let mut found =
                index.files.iter().enumerate().filter(|(_, f)| f.path.ends_with(&suffix) || f.path == tail);
            return match (found.next(), found.next()) {
                (Some((i, _)), None) => Target::Files(vec![i as u32]),
                _ => Target::Ignore,
            };
        }
        match file_beside_or_at_root(index, from, spec) {
            Some(f) => Target::Files(vec![f]),
            None => Target::Ignore,
        }
    }
}
