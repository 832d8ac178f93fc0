//! `principal scan` output: the `principal.scan/1` JSON contract and the terminal summary.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use principal_model::{
    Cohesion, FileFacts, Function, Import, Language, LineCounts, ScanResult, SkipReason, Skipped, TypeDecl,
    Warning,
};
use serde::Serialize;

use crate::Style;

pub const SCHEMA: &str = "principal.scan/1";

/// Totals over all scanned files, and per language.
#[derive(Debug, Default, Serialize)]
pub struct Totals {
    pub files: u64,
    pub bytes: u64,
    pub lines: LineCounts,
    pub functions: u64,
    pub parse_errors: u64,
    pub skipped: u64,
    /// Sorted by code lines, most first; ties by language id.
    pub languages: Vec<LanguageTotals>,
}

#[derive(Debug, Default, Serialize)]
pub struct LanguageTotals {
    pub language: String,
    pub files: u64,
    pub bytes: u64,
    pub lines: LineCounts,
    pub functions: u64,
}

pub fn totals(result: &ScanResult) -> Totals {
    let mut by_lang: BTreeMap<&str, LanguageTotals> = BTreeMap::new();
    let mut t = Totals { skipped: result.skipped.len() as u64, ..Totals::default() };
    for f in &result.files {
        let l = by_lang.entry(f.language.id()).or_insert_with(|| LanguageTotals {
            language: f.language.id().to_owned(),
            ..LanguageTotals::default()
        });
        l.files += 1;
        l.bytes += f.bytes;
        l.lines.add(&f.lines);
        l.functions += f.functions.len() as u64;
        t.files += 1;
        t.bytes += f.bytes;
        t.lines.add(&f.lines);
        t.functions += f.functions.len() as u64;
        t.parse_errors += u64::from(f.parse_errors);
    }
    t.languages = by_lang.into_values().collect();
    t.languages.sort_by(|a, b| b.lines.code.cmp(&a.lines.code).then_with(|| a.language.cmp(&b.language)));
    t
}

#[derive(Serialize)]
struct ScanJson<'a> {
    schema: &'static str,
    root: String,
    files: Vec<FileJson<'a>>,
    skipped: &'a [Skipped],
    warnings: &'a [Warning],
    totals: Totals,
}

/// A file's facts as the scan document shows them: all but the clone fingerprints, an index for
/// `audit` rather than facts a reader wants. Field order is `FileFacts`'s.
#[derive(Serialize)]
struct FileJson<'a> {
    path: &'a str,
    language: &'a Language,
    bytes: u64,
    lines: &'a LineCounts,
    functions: &'a [Function],
    parse_errors: u32,
    imports: &'a [Import],
    declares: &'a [String],
    types: u32,
    abstract_types: u32,
    type_decls: &'a [TypeDecl],
    build_ignored: bool,
    tokens: u32,
    cohesion: &'a [Cohesion],
}

impl<'a> FileJson<'a> {
    fn of(f: &'a FileFacts) -> FileJson<'a> {
        FileJson {
            path: &f.path,
            language: &f.language,
            bytes: f.bytes,
            lines: &f.lines,
            functions: &f.functions,
            parse_errors: f.parse_errors,
            imports: &f.imports,
            declares: &f.declares,
            types: f.types,
            abstract_types: f.abstract_types,
            type_decls: &f.type_decls,
            build_ignored: f.build_ignored,
            tokens: f.tokens,
            cohesion: &f.cohesion,
        }
    }
}

/// Writes the `principal.scan/1` document, followed by a newline.
pub fn write_json(out: &mut dyn Write, root: &Path, result: &ScanResult) -> io::Result<()> {
    let files = result.files.iter().map(FileJson::of).collect();
    let doc = ScanJson {
        schema: SCHEMA,
        root: root.to_string_lossy().replace('\\', "/"),
        files,
        skipped: &result.skipped,
        warnings: &result.warnings,
        totals: totals(result),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// How much of the terminal summary to show.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    /// Rows in the "most complex functions" and "largest files" tables.
    pub top: usize,
    pub style: Style,
}

/// Writes the terminal summary: a languages table like tokei's, the most complex functions,
/// the largest files, and what was skipped.
pub fn write_text(out: &mut dyn Write, result: &ScanResult, opts: TextOptions) -> io::Result<()> {
    let s = opts.style;
    let t = totals(result);
    let rule = "─".repeat(79);
    writeln!(out, "{}", s.dim(&rule))?;
    writeln!(
        out,
        "{}",
        s.bold(&format!(
            " {:<18}{:>8}{:>11}{:>10}{:>10}{:>10}{:>11}",
            "Language", "Files", "Lines", "Code", "Comments", "Blanks", "Functions"
        ))
    )?;
    writeln!(out, "{}", s.dim(&rule))?;
    for l in &t.languages {
        writeln!(
            out,
            " {:<18}{:>8}{:>11}{:>10}{:>10}{:>10}{:>11}",
            l.language,
            l.files,
            l.lines.total(),
            l.lines.code,
            l.lines.comment,
            l.lines.blank,
            if l.functions > 0 { l.functions.to_string() } else { "-".to_owned() },
        )?;
    }
    writeln!(out, "{}", s.dim(&rule))?;
    writeln!(
        out,
        "{}",
        s.bold(&format!(
            " {:<18}{:>8}{:>11}{:>10}{:>10}{:>10}{:>11}",
            "Total",
            t.files,
            t.lines.total(),
            t.lines.code,
            t.lines.comment,
            t.lines.blank,
            t.functions
        ))
    )?;
    writeln!(out, "{}", s.dim(&rule))?;

    let mut functions: Vec<(&FileFacts, &Function)> =
        result.files.iter().flat_map(|f| f.functions.iter().map(move |func| (f, func))).collect();
    if !functions.is_empty() {
        functions.sort_by(|(fa, a), (fb, b)| {
            (b.cyclomatic, b.cognitive)
                .cmp(&(a.cyclomatic, a.cognitive))
                .then_with(|| (&fa.path, a.start_line).cmp(&(&fb.path, b.start_line)))
        });
        writeln!(out)?;
        writeln!(out, "{}", s.bold("Most complex functions"))?;
        writeln!(out, "  {:>5} {:>9} {:>7} {:>6}  Function", "CCN", "Cognitive", "Nesting", "Lines")?;
        for (file, f) in functions.iter().take(opts.top) {
            writeln!(
                out,
                "  {:>5} {:>9} {:>7} {:>6}  {} {}",
                f.cyclomatic,
                f.cognitive,
                f.max_nesting,
                f.end_line - f.start_line + 1,
                f.qualified_name,
                s.dim(&format!("{}:{}", file.path, f.start_line)),
            )?;
        }
    }

    if !result.files.is_empty() {
        let mut largest: Vec<&FileFacts> = result.files.iter().collect();
        largest.sort_by(|a, b| b.lines.code.cmp(&a.lines.code).then_with(|| a.path.cmp(&b.path)));
        writeln!(out)?;
        writeln!(out, "{}", s.bold("Largest files"))?;
        writeln!(out, "  {:>7} {:>9}  File", "Code", "Functions")?;
        for f in largest.iter().take(opts.top) {
            writeln!(out, "  {:>7} {:>9}  {}", f.lines.code, f.functions.len(), f.path)?;
        }
    }

    if !result.skipped.is_empty() {
        let mut reasons: BTreeMap<SkipReason, usize> = BTreeMap::new();
        for sk in &result.skipped {
            *reasons.entry(sk.reason).or_default() += 1;
        }
        let parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {}", r.as_str())).collect();
        writeln!(out)?;
        writeln!(
            out,
            "Skipped {} {}: {}  {}",
            result.skipped.len(),
            if result.skipped.len() == 1 { "path" } else { "paths" },
            parts.join(", "),
            s.dim("(--format json lists each one)")
        )?;
    }
    if t.parse_errors > 0 {
        let files = result.files.iter().filter(|f| f.parse_errors > 0).count();
        writeln!(
            out,
            "{} {} had syntax errors; they were measured as far as they parse.",
            s.yellow("note:"),
            plural(files, "file")
        )?;
    }
    const SHOWN: usize = 10;
    for w in result.warnings.iter().take(SHOWN) {
        writeln!(out, "{} {}: {}", s.yellow("warning:"), w.path, w.message)?;
    }
    if result.warnings.len() > SHOWN {
        let more =
            format!("… and {} more warnings (--format json lists each one)", result.warnings.len() - SHOWN);
        writeln!(out, "{}", s.dim(&more))?;
    }
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}
