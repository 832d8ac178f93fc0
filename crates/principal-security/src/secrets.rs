//! Secret detection: rules as data, an Aho-Corasick keyword prefilter per line, then the rules'
//! regexes, Shannon entropy for the generic rules, and allowlists for known false positives.
//! A secret never leaves this module whole: findings carry a redacted prefix and a fingerprint.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::{Deserialize, Serialize};

pub use principal_model::{Allow, RuleDef, SecretsConfig};

const BUILTIN: &str = include_str!("rules.toml");

#[derive(Debug, Deserialize)]
struct RuleFile {
    rules: Vec<RuleDef>,
}

struct Rule {
    def: RuleDef,
    regex: Regex,
    allow: Vec<Regex>,
}

/// A compiled rule set.
pub struct Scanner {
    rules: Vec<Rule>,
    /// Keyword automaton: pattern index -> rule index.
    keywords: AhoCorasick,
    keyword_rule: Vec<usize>,
    /// Rules without keywords run on every line.
    always: Vec<usize>,
    allow_paths: globset::GlobSet,
    allow_regexes: Vec<Regex>,
}

/// One secret found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Hit {
    pub rule: String,
    pub line: u32,
    /// At most the first 4 characters, then `…`.
    pub redacted: String,
    /// A hash of the rule and the secret: the same secret has the same fingerprint in every
    /// file and commit, and the secret cannot be read back from it.
    pub fingerprint: String,
    pub confidence: crate::Confidence,
    pub context: principal_model::PathContext,
    /// Why the confidence is what it is ([`crate::assess`]).
    pub signals: Vec<&'static str>,
}

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("secret rule `{id}`: the regex does not compile: {message}")]
    Regex { id: String, message: String },
    #[error("secret rule `{id}`: secret_group {group} does not exist in its regex")]
    Group { id: String, group: usize },
    #[error("[secrets] allow: {0}")]
    Allow(String),
    #[error("the built-in secret rules do not parse: {0}")]
    Builtin(String),
}

/// The built-in rule definitions.
pub fn builtin_rules() -> Result<Vec<RuleDef>, RuleError> {
    toml::from_str::<RuleFile>(BUILTIN).map(|f| f.rules).map_err(|e| RuleError::Builtin(e.to_string()))
}

/// UTF-16 text with a byte-order mark, as UTF-8; any other bytes as they are.
pub fn decode_utf16(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let units = |be: bool| {
        bytes[2..].chunks_exact(2).map(move |c| {
            if be { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) }
        })
    };
    let decoded: Option<String> = match bytes {
        [0xff, 0xfe, ..] => Some(char::decode_utf16(units(false)).map(|c| c.unwrap_or('\u{fffd}')).collect()),
        [0xfe, 0xff, ..] => Some(char::decode_utf16(units(true)).map(|c| c.unwrap_or('\u{fffd}')).collect()),
        _ => None,
    };
    match decoded {
        Some(s) => std::borrow::Cow::Owned(s.into_bytes()),
        None => std::borrow::Cow::Borrowed(bytes),
    }
}

/// Whether contents are binary to the secret scan: a NUL in the first 8000 bytes (git's rule),
/// after UTF-16 decoding.
pub fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8000)].contains(&0)
}

/// Shannon entropy in bits per character.
pub fn entropy(s: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    let mut n = 0usize;
    for c in s.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    counts
        .values()
        .map(|&c| {
            let p = c as f64 / n as f64;
            -p * p.log2()
        })
        .sum()
}

/// The part of a secret that may be shown: up to 4 characters, fewer for short secrets.
pub fn redact(secret: &str) -> String {
    let n = secret.chars().count();
    let show = match n {
        16.. => 4,
        8..=15 => 2,
        _ => 0,
    };
    let prefix: String = secret.chars().take(show).collect();
    format!("{prefix}…")
}

fn fingerprint(rule: &str, secret: &str) -> String {
    let h = xxhash_rust::xxh3::xxh3_128(format!("principal-secret\u{0}{rule}\u{0}{secret}").as_bytes());
    format!("{:016x}", (h >> 64) as u64)
}

/// Values that are never secrets: placeholders, variables, examples.
fn placeholder(secret: &str) -> bool {
    let s = secret.trim_matches(|c| c == '"' || c == '\'');
    let lower = s.to_ascii_lowercase();
    let uniq: std::collections::HashSet<char> = lower.chars().collect();
    uniq.len() <= 2
        || s.ends_with("EXAMPLE")
        || s.ends_with("EXAMPLEKEY")
        || lower.contains("example")
        || lower.contains("placeholder")
        || lower.contains("changeme")
        || lower.contains("change_me")
        || lower.contains("dummy")
        || lower.contains("redacted")
        || lower.contains("your_")
        || lower.contains("your-")
        || lower.starts_with("xxx")
        || lower.starts_with("***")
        || lower.starts_with("{{")
        || lower.starts_with("<")
        || lower.starts_with('$')
        || lower.starts_with('%')
        || is_uuid(&lower)
        || crate::confidence::sequential(&lower)
        || interpolates(s)
}

/// A value that splices in a variable, `${x}` or an environment name (`"JDCLOUD2$JD_KEY"`):
/// a template whose secret, if any, is the variable's.
fn interpolates(s: &str) -> bool {
    s.contains("${")
        || s.match_indices('$').any(|(i, _)| {
            let name = &s.as_bytes()[i + 1..];
            let len = name
                .iter()
                .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'_')
                .count();
            len >= 3 && !name[0].is_ascii_digit()
        })
}

/// A hex digest assigned to a name that says so (`password_hash`, `sha256`, `checksum`,
/// `integrity`, `commit`): a hash, not a secret.
fn hashed(secret: &str, line: &str) -> bool {
    let hex =
        matches!(secret.len(), 32 | 40 | 56 | 64 | 96 | 128) && secret.chars().all(|c| c.is_ascii_hexdigit());
    if !hex {
        return false;
    }
    let lower = line.to_ascii_lowercase();
    [
        "hash",
        "digest",
        "sha",
        "md5",
        "checksum",
        "integrity",
        "commit",
        "etag",
        "fingerprint",
        "salt",
        "revision",
        "oid",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && [8, 4, 4, 4, 12]
            .iter()
            .zip(&parts)
            .all(|(&n, p)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

impl Scanner {
    /// The built-in rules with the user's additions, overrides, disabled ids and allowlist.
    pub fn new(config: &SecretsConfig) -> Result<Scanner, RuleError> {
        let mut defs = builtin_rules()?;
        defs.retain(|d| !config.disable.contains(&d.id));
        for extra in &config.rules {
            match defs.iter_mut().find(|d| d.id == extra.id) {
                Some(d) => *d = extra.clone(),
                None => defs.push(extra.clone()),
            }
        }
        let mut rules = Vec::with_capacity(defs.len());
        for def in defs {
            let regex = Regex::new(&def.regex)
                .map_err(|e| RuleError::Regex { id: def.id.clone(), message: e.to_string() })?;
            if def.secret_group >= regex.captures_len() {
                return Err(RuleError::Group { id: def.id.clone(), group: def.secret_group });
            }
            let allow = def
                .allow
                .iter()
                .map(|a| {
                    Regex::new(a).map_err(|e| RuleError::Regex { id: def.id.clone(), message: e.to_string() })
                })
                .collect::<Result<Vec<_>, _>>()?;
            rules.push(Rule { def, regex, allow });
        }
        let mut patterns = Vec::new();
        let mut keyword_rule = Vec::new();
        let mut always = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            if r.def.keywords.is_empty() {
                always.push(i);
            }
            for k in &r.def.keywords {
                patterns.push(k.to_ascii_lowercase());
                keyword_rule.push(i);
            }
        }
        let keywords = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| RuleError::Builtin(e.to_string()))?;
        let mut globs = globset::GlobSetBuilder::new();
        for p in &config.allow.paths {
            // globset's regex compilation panics on some enormous patterns.
            if p.len() > 4096 {
                return Err(RuleError::Allow(format!(
                    "a glob of {} characters is too long (at most 4096)",
                    p.len()
                )));
            }
            let g = globset::GlobBuilder::new(p)
                .literal_separator(false)
                .build()
                .map_err(|e| RuleError::Allow(format!("`{p}` is not a valid glob: {e}")))?;
            globs.add(g);
        }
        let allow_paths = globs.build().map_err(|e| RuleError::Allow(e.to_string()))?;
        let allow_regexes = config
            .allow
            .regexes
            .iter()
            .map(|r| Regex::new(r).map_err(|e| RuleError::Allow(format!("`{r}`: {e}"))))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Scanner { rules, keywords, keyword_rule, always, allow_paths, allow_regexes })
    }

    pub fn rule_ids(&self) -> Vec<(&str, &str)> {
        self.rules.iter().map(|r| (r.def.id.as_str(), r.def.description.as_str())).collect()
    }

    /// A rule's description, empty for an unknown id.
    pub fn description(&self, id: &str) -> &str {
        self.rules.iter().find(|r| r.def.id == id).map_or("", |r| r.def.description.as_str())
    }

    /// Whether a path is allowlisted (never scanned).
    pub fn path_allowed(&self, path: &str) -> bool {
        self.allow_paths.is_match(path)
    }

    /// Scans one file's contents. Binary contents give nothing; UTF-16 with a byte-order mark
    /// (PowerShell's and Windows editors' default) is decoded first.
    pub fn scan(&self, path: &str, bytes: &[u8]) -> Vec<Hit> {
        let bytes = decode_utf16(bytes);
        let bytes: &[u8] = &bytes;
        if self.path_allowed(path) || is_binary(bytes) {
            return Vec::new();
        }
        let text = String::from_utf8_lossy(bytes);
        // Which rules can match at all: one pass of the keyword automaton over the file.
        let mut candidate = vec![false; self.rules.len()];
        for &i in &self.always {
            candidate[i] = true;
        }
        for m in self.keywords.find_overlapping_iter(text.as_ref()) {
            candidate[self.keyword_rule[m.pattern().as_usize()]] = true;
        }
        if !candidate.iter().any(|&c| c) {
            return Vec::new();
        }
        let line_starts: Vec<usize> =
            std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);
        let line_text = |line: usize| {
            let start = line_starts[line - 1];
            let end = line_starts.get(line).map_or(text.len(), |e| e - 1);
            &text[start..end]
        };
        let mut hits = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            if !candidate[i] {
                continue;
            }
            for caps in rule.regex.captures_iter(&text) {
                let Some(m) = caps.get(rule.def.secret_group) else { continue };
                let secret = m.as_str();
                let line = line_of(m.start());
                let line_str = line_text(line);
                if line_str.contains("principal:allow") {
                    continue;
                }
                if let Some(min) = rule.def.entropy
                    && entropy(secret) < min
                {
                    continue;
                }
                if placeholder(secret)
                    || (rule.def.id == "generic-secret" && hashed(secret, line_str))
                    || rule.allow.iter().any(|a| a.is_match(secret))
                    || self.allow_regexes.iter().any(|a| a.is_match(secret) || a.is_match(line_str))
                {
                    continue;
                }
                let whole = caps.get(0).map_or(secret, |m| m.as_str());
                let a = crate::assess(&rule.def.id, path, secret, line_str, whole);
                hits.push(Hit {
                    rule: rule.def.id.clone(),
                    line: line as u32,
                    redacted: redact(secret),
                    fingerprint: fingerprint(&rule.def.id, secret),
                    confidence: a.confidence,
                    context: a.context,
                    signals: a.signals,
                });
            }
        }
        hits.sort();
        // One finding per place: a specific rule wins over the generic one on the same line.
        let specific: std::collections::HashSet<u32> =
            hits.iter().filter(|h| h.rule != "generic-secret").map(|h| h.line).collect();
        hits.retain(|h| h.rule != "generic-secret" || !specific.contains(&h.line));
        hits.dedup_by(|a, b| a.rule == b.rule && a.line == b.line && a.fingerprint == b.fingerprint);
        hits
    }
}

impl Scanner {
    /// `text` with every secret the rules find in it (entropy and placeholders as in [`scan`],
    /// allowlists and `principal:allow` ignored: quoting is not reporting) replaced by its
    /// redacted form. Every line Principal quotes from the analysed code passes through here.
    ///
    /// [`scan`]: Scanner::scan
    pub fn redact_text<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for rule in &self.rules {
            for caps in rule.regex.captures_iter(text) {
                let Some(m) = caps.get(rule.def.secret_group) else { continue };
                let secret = m.as_str();
                if secret.is_empty()
                    || placeholder(secret)
                    || rule.def.entropy.is_some_and(|min| entropy(secret) < min)
                {
                    continue;
                }
                spans.push((m.start(), m.end()));
            }
        }
        if spans.is_empty() {
            return std::borrow::Cow::Borrowed(text);
        }
        spans.sort_unstable();
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end) in spans {
            if end <= at {
                continue;
            }
            let start = start.max(at);
            out.push_str(&text[at..start]);
            out.push_str(&redact(&text[start..end]));
            at = end;
        }
        out.push_str(&text[at..]);
        std::borrow::Cow::Owned(out)
    }
}

/// One secret found in the tree or the history, as `principal.secrets/1` writes it. Never the
/// secret: `redacted` shows at most its first 4 characters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub description: String,
    pub path: String,
    pub line: u32,
    pub commit: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub present: bool,
    pub redacted: String,
    pub fingerprint: String,
    /// How likely this is a live credential ([`crate::assess`]).
    pub confidence: crate::Confidence,
    /// Where it is: source, test, fixture, docs, example, generated or vendored.
    pub context: principal_model::PathContext,
    /// What set the confidence, in words.
    pub signals: Vec<&'static str>,
}

impl Finding {
    /// A hit in the work tree at `path`.
    pub fn in_tree(scanner: &Scanner, path: &str, hit: Hit) -> Finding {
        Finding {
            description: scanner.description(&hit.rule).to_owned(),
            rule: hit.rule,
            path: path.to_owned(),
            line: hit.line,
            commit: None,
            author: None,
            date: None,
            present: true,
            redacted: hit.redacted,
            fingerprint: hit.fingerprint,
            confidence: hit.confidence,
            context: hit.context,
            signals: hit.signals,
        }
    }
}
