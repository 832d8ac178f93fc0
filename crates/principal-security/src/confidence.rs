//! How much to trust a secret finding: a confidence (high, medium, low) and the place's context
//! (source, test, fixture, docs, example, generated, vendored), with the signals behind both.
//!
//! The model (docs/security.md lists every signal and its effect):
//! - **Structured rules** (a provider prefix, a PEM block, a JWT's shape) start high. A PEM
//!   block without a key body (a header in code that writes keys, a truncated example) is low.
//!   A JWT starts medium: most in repositories are examples or test tokens.
//! - **The generic rule** (a high-entropy value assigned to a name like `password`) starts
//!   medium. It is low when the value reads as words or an identifier, has few distinct
//!   characters, is short, or carries a placeholder word, or when the line says `example`,
//!   `dummy`, `fake`, `sample`; it is high only for a long value mixing upper case, lower case
//!   and digits with entropy of 4 bits or more, in source.
//! - **A database URL** is low when its password is a common word or the host is local.
//! - **Context:** a generic finding in tests, fixtures, docs, examples, generated or vendored
//!   code is low. A structured key keeps its confidence wherever it is: the context says where.

use principal_model::{PathContext, path_context};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }

    pub fn parse(s: &str) -> Option<Confidence> {
        match s {
            "low" => Some(Confidence::Low),
            "medium" => Some(Confidence::Medium),
            "high" => Some(Confidence::High),
            _ => None,
        }
    }
}

/// The confidence, the context, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub confidence: Confidence,
    pub context: PathContext,
    /// What lowered or raised the confidence, in words; empty for a structured key in source.
    pub signals: Vec<&'static str>,
}

/// Words that mark a value or its line as an example rather than a credential.
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "dummy",
    "fake",
    "sample",
    "changeme",
    "change_me",
    "xxx",
    "your_",
    "your-",
    "_here",
    "-here",
    "placeholder",
    "redacted",
    "foobar",
    "mysecret",
    "my_secret",
    "secret123",
    "password123",
    "insert",
    "todo",
    "replace",
    "notasecret",
    "not_a_secret",
    "not-a-secret",
];

const WEAK_PASSWORDS: &[&str] = &[
    "password", "pass", "passwd", "secret", "postgres", "root", "admin", "test", "user", "guest", "mysql",
    "redis",
];

fn has_placeholder(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w))
        || (lower.contains('<') && lower.contains('>'))
        || lower.contains("${")
        || lower.contains("{{")
}

/// Letters only (and separators), with vowels as words have them: `thisisnotasecret`,
/// `correct-horse-battery`, `SuperSecretPassword`.
fn reads_as_words(value: &str) -> bool {
    let letters: Vec<char> = value.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    if letters.len() < value.chars().count().saturating_sub(2) || letters.is_empty() {
        return false;
    }
    let vowels = letters.iter().filter(|c| "aeiouAEIOU".contains(**c)).count();
    let share = vowels as f64 / letters.len() as f64;
    (0.25..=0.6).contains(&share)
}

/// A form-encoded value decoded (`secure%20password`), when it holds an escape.
fn percent_decoded(value: &str) -> Option<String> {
    let b = value.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(b.len());
    let (mut i, mut any) = (0, false);
    while i < b.len() {
        match (b[i], b.get(i + 1).and_then(|&c| hex(c)), b.get(i + 2).and_then(|&c| hex(c))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                any = true;
                i += 3;
            }
            (c, ..) => {
                out.push(c);
                i += 1;
            }
        }
    }
    any.then(|| String::from_utf8_lossy(&out).into_owned())
}

/// Most neighbouring characters count up by one: `456abcdef123`, `abcd1234`.
pub(crate) fn sequential(value: &str) -> bool {
    let b = value.as_bytes();
    if b.len() < 4 {
        return false;
    }
    let up = b.windows(2).filter(|w| w[1] == w[0].wrapping_add(1)).count();
    up * 2 >= b.len() - 1
}

fn distinct(value: &str) -> usize {
    value.chars().collect::<std::collections::HashSet<_>>().len()
}

/// Upper case, lower case and digits all present.
fn mixed(value: &str) -> bool {
    value.chars().any(|c| c.is_ascii_uppercase())
        && value.chars().any(|c| c.is_ascii_lowercase())
        && value.chars().any(|c| c.is_ascii_digit())
}

/// A PEM block's body is a key: base64 lines (after any `Name: value` headers), at least 64
/// characters of them, and almost nothing else.
fn pem_has_key_body(block: &str) -> bool {
    let mut lines: Vec<&str> = block.lines().collect();
    if lines.len() < 3 {
        // One line: a string constant with `\n` escapes, or a header and a footer side by side.
        let flat = block.replace("\\n", "\n");
        if flat.lines().count() >= 3 && flat != block {
            return pem_has_key_body(&flat);
        }
        return false;
    }
    lines.remove(0);
    lines.pop();
    let mut base64 = 0usize;
    let mut other = 0usize;
    for l in lines {
        // Quotes and concatenation around each line of a key held in code.
        // Quotes and concatenation of a key held in code, a margin (`|` of Kotlin's
        // trimMargin), a comment's `*`, `#` or `>`.
        let junk = |c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | '+' | ',' | '`' | ';' | '|' | '*' | '#' | '>')
        };
        let l = l.trim_matches(junk);
        let l = l.strip_suffix("\\n").unwrap_or(l).trim_matches(junk);
        // RFC 1421 headers: `Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`, `Comment: …`.
        let header =
            l.split_once(": ").is_some_and(|(k, _)| k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        if l.is_empty() || header {
            continue;
        }
        if l.contains("...") || l.contains('…') {
            return false;
        }
        if l.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')) {
            base64 += l.len();
        } else {
            other += l.len();
        }
    }
    base64 >= 64 && other * 10 <= base64
}

/// Assesses one finding of `rule` at `path`: `value` is the secret, `line` the whole line it
/// is on, `matched` the whole text the rule matched (a PEM block spans lines).
pub fn assess(rule: &str, path: &str, value: &str, line: &str, matched: &str) -> Assessment {
    let context = path_context(path);
    let mut signals = Vec::new();
    let confidence = match rule {
        "private-key" => {
            if pem_has_key_body(matched) {
                Confidence::High
            } else {
                signals.push("a PEM header with no key body after it");
                Confidence::Low
            }
        }
        "jwt" => {
            signals.push("a JSON Web Token: most in repositories are examples or test tokens");
            Confidence::Medium
        }
        "database-url" => {
            let host_local =
                ["@localhost", "@127.0.0.1", "@0.0.0.0", "@db:", "@db/", "@postgres:", "@mysql:"]
                    .iter()
                    .any(|h| line.to_ascii_lowercase().contains(h));
            if WEAK_PASSWORDS.contains(&value.to_ascii_lowercase().as_str()) || has_placeholder(value) {
                signals.push("the password is a common word or a placeholder");
                Confidence::Low
            } else if host_local {
                signals.push("the database is a local one");
                Confidence::Low
            } else {
                Confidence::Medium
            }
        }
        "generic-secret" => generic(value, line, &mut signals),
        _ if has_placeholder(value) => {
            signals.push("the value holds a placeholder word");
            Confidence::Low
        }
        _ => Confidence::High,
    };
    let hex = value.len() >= 32 && value.chars().all(|c| c.is_ascii_hexdigit());
    let confidence = if rule == "generic-secret" && hex && confidence == Confidence::High {
        signals.push("a hex value: a client secret or token, or a hash");
        Confidence::Medium
    } else {
        confidence
    };
    let confidence =
        if rule == "generic-secret" && context != PathContext::Source && confidence > Confidence::Low {
            signals.push(match context {
                PathContext::Test | PathContext::Fixture => "in a test or fixture",
                PathContext::Docs => "in documentation",
                PathContext::Example => "in an example or template",
                PathContext::Generated => "in generated code",
                PathContext::Vendored => "in vendored code",
                PathContext::Source => unreachable!("outside source only"),
            });
            Confidence::Low
        } else {
            confidence
        };
    Assessment { confidence, context, signals }
}

fn generic(value: &str, line: &str, signals: &mut Vec<&'static str>) -> Confidence {
    let n = value.chars().count();
    if value.starts_with("http://") || value.starts_with("https://") || value.contains("://") {
        signals.push("the value is a URL");
        return Confidence::Low;
    }
    if value.contains('&') && value.contains('=') {
        signals.push("the value is a query string");
        return Confidence::Low;
    }
    // `!!config.withCredentials;`, `getToken()`: an expression in code, not a literal.
    let bare = value.trim_start_matches('!').trim_end_matches(';');
    let expression = value.starts_with('!')
        || value.contains('(')
        || (bare.contains('.')
            && bare.split('.').all(|p| {
                !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
            })
            && bare.split('.').next().is_some_and(|p| !p.starts_with(|c: char| c.is_ascii_digit())));
    if expression
        || value.starts_with('@')
        || value.starts_with('#')
        || value.ends_with('?')
        || value.ends_with('!')
    {
        signals.push("the value is code, not a literal");
        return Confidence::Low;
    }
    // `salt = old_salt_128;`: a variable assigned in a statement, not a literal.
    let statement = value.ends_with(';') || line.trim_end().ends_with(&format!("{bare};"));
    if statement
        && bare.contains('_')
        && bare.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !['"', '\'', '`'].iter().any(|q| line.contains(&format!("{q}{bare}")))
    {
        signals.push("the value is a variable, not a literal");
        return Confidence::Low;
    }
    if !value.is_ascii() {
        signals.push("the value holds non-ASCII letters: text, not a key");
        return Confidence::Low;
    }
    if value.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') && value.contains('_')
    {
        signals.push("the value is the name of an environment variable or a constant");
        return Confidence::Low;
    }
    if value.chars().all(|c| c.is_ascii_alphabetic() || c == '_' || c == '.' || c == '-') {
        signals.push("the value is an identifier: letters only");
        return Confidence::Low;
    }
    if has_placeholder(value) {
        signals.push("the value holds a placeholder word");
        return Confidence::Low;
    }
    if has_placeholder(line) {
        signals.push("the line marks it as an example");
        return Confidence::Low;
    }
    if reads_as_words(value) || percent_decoded(value).is_some_and(|d| reads_as_words(&d)) {
        signals.push("the value reads as words");
        return Confidence::Low;
    }
    if sequential(value) {
        signals.push("the value is a counting sequence");
        return Confidence::Low;
    }
    if distinct(value) < 8 {
        signals.push("the value has few distinct characters");
        return Confidence::Low;
    }
    if n < 12 {
        signals.push("the value is short");
        return Confidence::Low;
    }
    if n >= 20 && mixed(value) && crate::entropy(value) >= 4.0 {
        return Confidence::High;
    }
    signals.push("a generic rule: a value assigned to a name like password or token");
    Confidence::Medium
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conf(rule: &str, path: &str, value: &str, line: &str) -> Confidence {
        assess(rule, path, value, line, value).confidence
    }

    #[test]
    fn a_variable_assigned_in_a_statement_is_low() {
        let line = "  parser->m_hash_secret_salt_128 = oldhash_secret_salt_128;";
        assert_eq!(
            conf("generic-secret", "lib/xmlparse.c", "oldhash_secret_salt_128;", line),
            Confidence::Low
        );
        let quoted = "  char *secret = \"x9_Kq2Lm8_Zr4Tn6Vb3;\"";
        assert_ne!(conf("generic-secret", "lib/a.c", "x9_Kq2Lm8_Zr4Tn6Vb3;", quoted), Confidence::Low);
    }

    #[test]
    fn generic_values_that_are_not_credentials_are_low() {
        let line = |v: &str| format!("password = \"{v}\"");
        for v in ["thisisnotarealsecret", "_TOKEN_HERE", "456abcdef123", "aaaabbbbccccdddd", "Sup3r"] {
            assert_eq!(conf("generic-secret", "src/app.py", v, &line(v)), Confidence::Low, "{v}");
        }
        let real = "q8Vz3LmP0xR7tW2kN9bY5cJ4";
        assert_eq!(conf("generic-secret", "src/app.py", real, &line(real)), Confidence::High);
        for code in ["!!_config.withCredentials;", "settings.apiToken2", "getToken(x)"] {
            assert_eq!(conf("generic-secret", "lib/xhr.js", code, &line(code)), Confidence::Low, "{code}");
        }
        assert_eq!(conf("generic-secret", "tests/test_app.py", real, &line(real)), Confidence::Low);
        assert_eq!(conf("generic-secret", "docs/auth.md", real, &line(real)), Confidence::Low);
        assert_eq!(
            conf("generic-secret", "src/app.py", real, &format!("example: token = \"{real}\"")),
            Confidence::Low
        );
        assert_eq!(
            conf("generic-secret", "src/app.py", "q8vz3lmp0xr7", "token=q8vz3lmp0xr7"),
            Confidence::Medium
        );
        // tokio-rs/axum's form-encoded test data: words once decoded; a key with an escape is not.
        let form = "check_body(b\"username=user&password=secure%20password\")";
        assert_eq!(
            conf("generic-secret", "axum/src/extract/raw_form.rs", "secure%20password", form),
            Confidence::Low
        );
        let escaped = "q8Vz3LmP%2B0xR7tW2kN9bY5cJ4";
        assert_ne!(conf("generic-secret", "src/app.py", escaped, &line(escaped)), Confidence::Low);
    }

    #[test]
    fn structured_keys_stay_high_with_their_context() {
        let key = "AKIAQWERTYUIOPASDFGH";
        let a = assess("aws-access-key-id", "tests/fixtures/creds.json", key, key, key);
        assert_eq!((a.confidence, a.context), (Confidence::High, PathContext::Fixture));
        let body = "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\naFDrBz9vFqU4yutDo5Bb6M9vZgq3pXo2Ax0Zk1Q9vnN8j2mYbqXGvR3J8cLw5Tq7";
        let pem = format!("-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----");
        assert_eq!(assess("private-key", "src/key.pem", &pem, "", &pem).confidence, Confidence::High);
        let quoted: String = pem.lines().map(|l| format!("\"{l}\\n\" +\n")).collect();
        assert_eq!(assess("private-key", "src/Keys.kt", &quoted, "", &quoted).confidence, Confidence::High);
        let margin: String = pem.lines().map(|l| format!("      |{l}\n")).collect();
        assert_eq!(
            assess("private-key", "src/KeysTest.kt", &margin, "", &margin).confidence,
            Confidence::High
        );
    }

    #[test]
    fn pem_headers_without_a_key_are_low() {
        let code = "const BEGIN = \"-----BEGIN RSA PRIVATE KEY-----\";\nfun encode(key: Key): String {\n  return BEGIN + base64(key.encoded).chunked(64).joinToString(\"\\n\") + END\n}\nconst END = \"-----END RSA PRIVATE KEY-----\"";
        assert_eq!(assess("private-key", "src/Pem.kt", code, "", code).confidence, Confidence::Low);
        let truncated = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC...\n...\n-----END PRIVATE KEY-----";
        assert_eq!(assess("private-key", "README.md", truncated, "", truncated).confidence, Confidence::Low);
    }

    #[test]
    fn database_urls_with_common_passwords_or_local_hosts_are_low() {
        let line = "DATABASE_URL=postgres://app:postgres@localhost:5432/app";
        assert_eq!(conf("database-url", "docker-compose.yml", "postgres", line), Confidence::Low);
        let line = "DATABASE_URL=postgres://app:Zk29fQm3xPq7@db.internal.example.net/app";
        assert_eq!(conf("database-url", "deploy/app.env", "Zk29fQm3xPq7", line), Confidence::Medium);
    }
}
