//! Lua: `require "a.b"` through `package.path`'s conventions: `a/b.lua` or `a/b/init.lua` under
//! the root, or under a `lua/`, `src/` or `lib/` folder (Neovim plugins, rocks); else external.

use principal_model::Import;

use crate::Target;
use crate::index::Index;

pub(crate) struct Resolver;

impl Resolver {
    pub fn resolve(&self, index: &Index<'_>, imp: &Import) -> Target {
        let path = imp.specifier.replace('.', "/");
        for root in ["", "lua/", "src/", "lib/"] {
            for candidate in [format!("{root}{path}.lua"), format!("{root}{path}/init.lua")] {
                if let Some(f) = index.file(&candidate) {
                    return Target::Files(vec![f]);
                }
            }
        }
        Target::External(imp.specifier.split('.').next().unwrap_or(&imp.specifier).to_owned())
    }
}
