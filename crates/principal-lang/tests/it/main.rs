mod clones;
mod metrics;
mod oracles;

use principal_lang::{analyze, detect};
use principal_model::FileFacts;

/// Analyses `source` as if it were the file `path`.
pub fn analyze_as(path: &str, source: &str) -> FileFacts {
    let detected = detect(path, source.as_bytes()).unwrap_or_else(|| panic!("no language for {path}"));
    analyze(path.to_owned(), &detected, source.as_bytes())
}

/// One line per function: `qualified_name lines=a-b ccn=.. cog=.. nest=.. params=..`.
pub fn render(analysis: &FileFacts) -> String {
    let mut s = String::new();
    for f in &analysis.functions {
        s.push_str(&format!(
            "{} [{}] {}-{} ccn={} cog={} nest={} params={}\n",
            f.qualified_name,
            f.name,
            f.start_line,
            f.end_line,
            f.cyclomatic,
            f.cognitive,
            f.max_nesting,
            f.params
        ));
    }
    if analysis.parse_errors > 0 {
        s.push_str(&format!("parse_errors={}\n", analysis.parse_errors));
    }
    s
}
