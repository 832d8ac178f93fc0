//! Offline vulnerability matching against OSV records (https://ossf.github.io/osv-schema/):
//! `affected[].versions` lists and SEMVER/ECOSYSTEM ranges with `introduced`, `fixed`,
//! `last_affected` and `limit` events, ordered by each ecosystem's rules.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::deps::{Package, normalize_pypi};
use crate::versions::compare;

#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    pub id: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub details: Option<String>,
    #[serde(default)]
    pub severity: Vec<SeverityEntry>,
    #[serde(default)]
    pub affected: Vec<Affected>,
    #[serde(default)]
    pub database_specific: Option<serde_json::Value>,
    #[serde(default)]
    pub withdrawn: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeverityEntry {
    #[serde(rename = "type")]
    pub kind: String,
    pub score: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Affected {
    pub package: Option<AffectedPackage>,
    #[serde(default)]
    pub ranges: Vec<Range>,
    #[serde(default)]
    pub versions: Vec<String>,
    #[serde(default)]
    pub database_specific: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AffectedPackage {
    pub ecosystem: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Range {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    pub introduced: Option<String>,
    pub fixed: Option<String>,
    pub last_affected: Option<String>,
    pub limit: Option<String>,
}

/// One vulnerable package version.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Vulnerability {
    pub id: String,
    pub aliases: Vec<String>,
    pub ecosystem: String,
    pub package: String,
    pub version: String,
    pub manifest: String,
    /// The first fixed version after the installed one, when a range names one.
    pub fixed: Option<String>,
    pub summary: String,
    /// The record's severity: `database_specific.severity` (e.g. HIGH) or a CVSS vector.
    pub severity: Option<String>,
}

/// An index of records by ecosystem and package name.
#[derive(Default)]
pub struct Database {
    records: Vec<Record>,
    by_package: HashMap<(String, String), Vec<(usize, usize)>>,
}

/// OSV ecosystem names may carry a suffix (`Debian:11`); names compare normalised.
fn key(ecosystem: &str, name: &str) -> (String, String) {
    let eco = ecosystem.split(':').next().unwrap_or(ecosystem).to_owned();
    let name = match eco.as_str() {
        "PyPI" => normalize_pypi(name),
        "Packagist" | "Go" | "npm" => name.to_ascii_lowercase(),
        _ => name.to_owned(),
    };
    (eco, name)
}

impl Database {
    pub fn add(&mut self, record: Record) {
        if record.withdrawn.is_some() {
            return;
        }
        let r = self.records.len();
        for (a, affected) in record.affected.iter().enumerate() {
            if let Some(p) = &affected.package {
                self.by_package.entry(key(&p.ecosystem, &p.name)).or_default().push((r, a));
            }
        }
        self.records.push(record);
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The vulnerabilities that affect `package`, one per record.
    pub fn matches(&self, package: &Package) -> Vec<Vulnerability> {
        let Some(hits) = self.by_package.get(&key(&package.ecosystem, &package.name)) else {
            return Vec::new();
        };
        let mut out: Vec<Vulnerability> = Vec::new();
        for &(r, a) in hits {
            let record = &self.records[r];
            let affected = &record.affected[a];
            let Some(fixed) = affects(&package.ecosystem, affected, &package.version) else { continue };
            if out.iter().any(|v| v.id == record.id) {
                continue;
            }
            out.push(Vulnerability {
                id: record.id.clone(),
                aliases: record.aliases.clone(),
                ecosystem: package.ecosystem.clone(),
                package: package.name.clone(),
                version: package.version.clone(),
                manifest: package.manifest.clone(),
                fixed,
                summary: record
                    .summary
                    .clone()
                    .or_else(|| record.details.as_ref().map(|d| d.lines().next().unwrap_or("").to_owned()))
                    .unwrap_or_default(),
                severity: severity(record, affected),
            });
        }
        out.sort();
        out
    }
}

fn severity(record: &Record, affected: &Affected) -> Option<String> {
    let from = |v: &Option<serde_json::Value>| {
        v.as_ref().and_then(|d| d.get("severity")).and_then(|s| s.as_str()).map(str::to_owned)
    };
    from(&record.database_specific)
        .or_else(|| from(&affected.database_specific))
        .or_else(|| record.severity.first().map(|s| s.score.clone()))
}

/// Whether `version` is affected: `Some(fixed)` (the next fixed version, if any) or `None`.
pub fn affects(ecosystem: &str, affected: &Affected, version: &str) -> Option<Option<String>> {
    let eco = ecosystem.split(':').next().unwrap_or(ecosystem);
    let eq = |a: &str, b: &str| compare(eco, a, b) == Ordering::Equal;
    let listed = affected.versions.iter().any(|v| v == version || eq(v, version));
    let mut fixed_after: Option<String> = None;
    let mut in_range = false;
    for range in &affected.ranges {
        if range.kind != "SEMVER" && range.kind != "ECOSYSTEM" {
            continue;
        }
        // Events in version order ("0" first); the last event at or below the version decides.
        let mut events: Vec<(&str, &str)> = Vec::new();
        for e in &range.events {
            if let Some(v) = &e.introduced {
                events.push(("introduced", v));
            }
            if let Some(v) = &e.fixed {
                events.push(("fixed", v));
            }
            if let Some(v) = &e.last_affected {
                events.push(("last_affected", v));
            }
            if let Some(v) = &e.limit {
                events.push(("limit", v));
            }
        }
        let cmp = |a: &str, b: &str| -> Ordering {
            match (a == "0", b == "0") {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                _ => compare(eco, a, b),
            }
        };
        events.sort_by(|x, y| cmp(x.1, y.1));
        let mut affected_now = false;
        for (kind, v) in &events {
            let o = cmp(version, v);
            match *kind {
                "introduced" if o != Ordering::Less => affected_now = true,
                "fixed" if o != Ordering::Less => affected_now = false,
                "last_affected" if o == Ordering::Greater => affected_now = false,
                "limit" if o != Ordering::Less => affected_now = false,
                _ => {}
            }
        }
        if affected_now {
            in_range = true;
            if fixed_after.is_none() {
                fixed_after = events
                    .iter()
                    .filter(|(k, v)| *k == "fixed" && cmp(v, version) == Ordering::Greater)
                    .map(|(_, v)| (*v).to_owned())
                    .next();
            }
        }
    }
    (listed || in_range).then_some(fixed_after)
}
