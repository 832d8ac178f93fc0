//! Kotlin and Scala: `import a.b.C` to the file in package `a.b` that declares `C` (a class,
//! object, trait or top-level function; a Java file `C.java` in that package too), `import
//! a.b.*` to the package's files. The JVM languages import each other's classes alike.

use std::collections::HashMap;

use principal_model::{Import, Language};

use crate::Target;
use crate::index::Index;

pub(crate) struct Resolver {
    /// `package.Name` -> the files declaring it: a multiplatform project declares one name in
    /// each source set (`expect class` in `commonMain`, `actual class` in `jvmMain`…).
    declared: HashMap<String, Vec<u32>>,
    /// Package -> its Kotlin and Java files.
    packages: HashMap<String, Vec<u32>>,
}

impl Resolver {
    pub fn new(index: &Index<'_>) -> Resolver {
        let mut declared: HashMap<String, Vec<u32>> = HashMap::new();
        let mut packages: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, f) in index.files.iter().enumerate() {
            let package = f.declares.first().cloned().unwrap_or_default();
            let qualify =
                |name: &str| if package.is_empty() { name.to_owned() } else { format!("{package}.{name}") };
            match f.language {
                Language::Kotlin | Language::Scala => {
                    for t in &f.type_decls {
                        declared.entry(qualify(&t.qualified_name)).or_default().push(i as u32);
                    }
                    for x in f.functions.iter().filter(|x| !x.qualified_name.contains('.')) {
                        declared.entry(qualify(&x.name)).or_default().push(i as u32);
                    }
                }
                Language::Java => {
                    let class = f.path.rsplit('/').next().unwrap_or(&f.path).trim_end_matches(".java");
                    declared.entry(qualify(class)).or_default().push(i as u32);
                }
                _ => continue,
            }
            packages.entry(package).or_default().push(i as u32);
        }
        for files in packages.values_mut().chain(declared.values_mut()) {
            files.sort_unstable();
            files.dedup();
        }
        Resolver { declared, packages }
    }

    pub fn resolve(&self, imp: &Import) -> Target {
        let spec = imp.specifier.as_str();
        if let Some(package) = spec.strip_suffix(".*") {
            if let Some(files) = self.packages.get(package) {
                return Target::Files(files.clone());
            }
            if let Some(files) = self.declared.get(package) {
                return Target::Files(files.clone());
            }
        }
        // The longest prefix that is declared: `a.b.C.Inner` and `a.b.C.member` are in `a.b.C`.
        let mut name = spec.trim_end_matches(".*");
        loop {
            if let Some(files) = self.declared.get(name) {
                return Target::Files(files.clone());
            }
            match name.rsplit_once('.') {
                Some((head, _)) => name = head,
                None => break,
            }
        }
        Target::External(crate::misc::jvm_package(spec))
    }
}
