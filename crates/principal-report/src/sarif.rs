//! SARIF 2.1.0 as GitHub code scanning reads it, shared by `check` and `secrets`.
//!
//! - Each command is its own tool (`principal-check`, `principal-secrets`) with its own
//!   `automationDetails.id`, so both can be uploaded for one commit without a manual category.
//! - Security rules carry the `security` tag and a `security-severity`, so GitHub lists their
//!   results as security alerts with a severity; the others are tagged `maintainability`.
//! - `partialFingerprints` are unique per result: the violation's own fingerprint with the
//!   rule and path, plus an occurrence number when the same one repeats.
//! - URIs are repository-relative and percent-encoded.

use std::collections::BTreeMap;

use principal_rules::RuleInfo;
use serde_json::{Value, json};

/// Which command wrote the log.
#[derive(Debug, Clone, Copy)]
pub struct Tool {
    pub name: &'static str,
    /// `automationDetails.id`: GitHub's upload category.
    pub category: &'static str,
}

pub const CHECK: Tool = Tool { name: "principal-check", category: "principal-check/" };
pub const SECRETS: Tool = Tool { name: "principal-secrets", category: "principal-secrets/" };

/// GitHub's `security-severity` of a rule (a CVSS-like score as a string: 9.0 and up is
/// critical, 7.0 high, 4.0 medium), or `None` for a rule that is not about security.
pub fn security_severity(rule_id: &str) -> Option<&'static str> {
    match rule_id {
        "secret/generic-secret" => Some("7.0"),
        "no-secrets" => Some("9.0"),
        "no-vulnerable-dependencies" => Some("8.0"),
        id if id.starts_with("secret/") => Some("9.0"),
        _ => None,
    }
}

/// A `reportingDescriptor` for a rule; `why`, when given, is its full description and ends its
/// help.
pub fn rule(r: &RuleInfo, why: Option<&str>) -> Value {
    let help = match why.filter(|w| !w.is_empty()) {
        Some(w) => format!("{}\n\nWhy: {w}", r.help),
        None => r.help.clone(),
    };
    let mut properties = json!({"tags": ["maintainability", "architecture"]});
    if let Some(severity) = security_severity(&r.id) {
        properties = json!({"tags": ["security"], "security-severity": severity, "precision": "medium"});
        if r.id.starts_with("secret/") || r.id == "no-secrets" {
            properties["tags"] = json!(["security", "secret", "external/cwe/cwe-798"]);
        }
    }
    json!({
        "id": r.id,
        "name": r.id.replace(['/', '-'], "_"),
        "shortDescription": {"text": r.description},
        "fullDescription": {"text": why.filter(|w| !w.is_empty()).unwrap_or(&r.description)},
        "help": {"text": help, "markdown": help},
        "defaultConfiguration": {"level": "error"},
        "properties": properties,
    })
}

/// A path as a URI reference relative to `%SRCROOT%`: `prefix/path`, percent-encoded except
/// for the characters a URI path may hold as they are.
pub fn uri(prefix: &str, path: &str) -> String {
    let full = if prefix.is_empty() { path.to_owned() } else { format!("{prefix}/{path}") };
    let mut out = String::with_capacity(full.len());
    for b in full.bytes() {
        let plain = b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b);
        if plain {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One result at a file and line (1 when there is none), with its fingerprint.
pub struct Located<'a> {
    pub rule: &'a str,
    pub rule_index: Option<usize>,
    pub message: String,
    pub uri: String,
    pub line: Option<u32>,
    pub snippet: Option<&'a str>,
    /// Stable across unrelated edits; made unique per result by [`document`].
    pub fingerprint: &'a str,
    /// `new` or `unchanged` when a baseline was compared, else absent.
    pub baseline_state: Option<&'static str>,
    /// The commit a result was found in (history), as gitleaks records it.
    pub commit: Option<&'a str>,
    /// Extra facts for `properties`.
    pub properties: Option<Value>,
    /// `error`, `warning` or `note`.
    pub level: &'static str,
}

impl Located<'_> {
    fn to_value(&self) -> Value {
        let mut region = json!({"startLine": self.line.unwrap_or(1)});
        if let Some(text) = self.snippet {
            region["snippet"] = json!({"text": text});
        }
        let mut result = json!({
            "ruleId": self.rule,
            "level": self.level,
            "message": {"text": self.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": self.uri, "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }],
        });
        if let Some(i) = self.rule_index {
            result["ruleIndex"] = json!(i);
        }
        if let Some(state) = self.baseline_state {
            result["baselineState"] = json!(state);
        }
        if let Some(commit) = self.commit {
            result["partialFingerprints"] = json!({"commitSha": commit});
        }
        if let Some(p) = &self.properties {
            result["properties"] = p.clone();
        }
        result
    }
}

/// The whole log: one run of `tool` with its rules and results, each result given a unique
/// `partialFingerprints`.
pub fn document(
    tool: Tool,
    rules: &[RuleInfo],
    why: &BTreeMap<&str, &str>,
    located: &[Located<'_>],
) -> Value {
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    let results: Vec<Value> = located
        .iter()
        .map(|l| {
            let mut result = l.to_value();
            let key = principal_rules::fingerprint(&[l.rule, &l.uri, l.fingerprint]);
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            let fingerprints = result
                .as_object_mut()
                .expect("a result is an object")
                .entry("partialFingerprints")
                .or_insert_with(|| json!({}));
            fingerprints["principalFingerprint/v2"] = json!(format!("{key}:{n}"));
            result
        })
        .collect();
    let mut driver = json!({
        "name": tool.name,
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules.iter().map(|r| rule(r, why.get(r.id.as_str()).copied())).collect::<Vec<_>>(),
    });
    // The build's homepage (Cargo's `package.homepage`) when it has one; never a placeholder.
    if let Some(uri) = option_env!("CARGO_PKG_HOMEPAGE").filter(|u| !u.is_empty()) {
        driver["informationUri"] = json!(uri);
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "automationDetails": {"id": tool.category},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The repository's top directory."}}},
            "results": results,
        }],
    })
}

/// Each rule's index in `rules`, for `ruleIndex`.
pub fn rule_index(rules: &[RuleInfo]) -> BTreeMap<&str, usize> {
    rules.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("", "src/a b/ü#1?.py"), "src/a%20b/%C3%BC%231%3F.py");
        assert_eq!(uri("sub", "x%y.rs"), "sub/x%25y.rs");
        assert_eq!(uri("", "web/src/[id].tsx"), "web/src/%5Bid%5D.tsx");
    }

    #[test]
    fn repeated_results_get_distinct_fingerprints() {
        let rules = [RuleInfo { id: "secret/aws".into(), description: "d".into(), help: "h".into() }];
        let at = |line: u32| Located {
            rule: "secret/aws",
            rule_index: Some(0),
            message: "m".into(),
            uri: "a.env".into(),
            line: Some(line),
            snippet: None,
            fingerprint: "same-value",
            baseline_state: None,
            commit: None,
            properties: None,
            level: "error",
        };
        let doc = document(SECRETS, &rules, &BTreeMap::new(), &[at(1), at(2), at(3)]);
        let prints: std::collections::BTreeSet<&str> = doc["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| r["partialFingerprints"]["principalFingerprint/v2"].as_str().expect("fingerprint"))
            .collect();
        assert_eq!(prints.len(), 3);
        let rule = &doc["runs"][0]["tool"]["driver"]["rules"][0];
        assert_eq!(rule["properties"]["security-severity"], "9.0");
        assert!(rule["properties"]["tags"].as_array().expect("tags").contains(&json!("security")));
        assert_eq!(doc["runs"][0]["automationDetails"]["id"], "principal-secrets/");
    }
}
