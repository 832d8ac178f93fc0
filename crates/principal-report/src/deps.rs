//! `principal deps`'s outputs: text, JSON (`principal.deps/1`) and a CycloneDX 1.5 SBOM.

use std::collections::BTreeMap;
use std::io::{self, Write};

use principal_security::deps::Package;
use principal_security::osv::Vulnerability;
use serde::Serialize;

pub const SCHEMA: &str = "principal.deps/1";

pub struct DepsInput<'a> {
    pub name: &'a str,
    pub packages: &'a [Package],
    pub edges: &'a [(String, String)],
    /// `None` without `--osv-db`.
    pub vulnerabilities: Option<&'a [Vulnerability]>,
    pub warnings: &'a [String],
}

#[derive(Serialize)]
struct DepsJson<'a> {
    schema: &'static str,
    packages: &'a [Package],
    dependencies: BTreeMap<&'a str, Vec<&'a str>>,
    vulnerabilities: &'a [Vulnerability],
    warnings: &'a [String],
}

fn graph(edges: &[(String, String)]) -> BTreeMap<&str, Vec<&str>> {
    let mut g: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges {
        g.entry(a.as_str()).or_default().push(b.as_str());
    }
    for v in g.values_mut() {
        v.sort_unstable();
        v.dedup();
    }
    g
}

pub fn write_json(out: &mut dyn Write, input: &DepsInput<'_>) -> io::Result<()> {
    let doc = DepsJson {
        schema: SCHEMA,
        packages: input.packages,
        dependencies: graph(input.edges),
        vulnerabilities: input.vulnerabilities.unwrap_or(&[]),
        warnings: input.warnings,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// CycloneDX 1.5 JSON: one component per purl (a package in several manifests lists each,
/// and is direct when any says so), scoped `required` unless it is only a development
/// dependency (`excluded`: "for test and other non-runtime purposes"); the dependency graph
/// from the root component to the direct dependencies and on through what the lockfiles give;
/// and the vulnerabilities found offline, with OSV's severity as a rating.
pub fn write_cyclonedx(out: &mut dyn Write, input: &DepsInput<'_>) -> io::Result<()> {
    let mut by_purl: BTreeMap<&str, Vec<&Package>> = BTreeMap::new();
    for p in input.packages {
        by_purl.entry(p.purl.as_str()).or_default().push(p);
    }
    let direct_of = |ps: &[&Package]| -> Option<bool> {
        if ps.iter().any(|p| p.direct == Some(true)) {
            Some(true)
        } else if ps.iter().all(|p| p.direct == Some(false)) {
            Some(false)
        } else {
            None
        }
    };
    let components: Vec<serde_json::Value> = by_purl
        .values()
        .map(|ps| {
            let p = ps[0];
            let (group, name) = match p.ecosystem.as_str() {
                "Maven" => p.name.split_once(':').map_or((None, p.name.as_str()), |(g, n)| (Some(g), n)),
                "npm" if p.name.starts_with('@') => {
                    p.name.split_once('/').map_or((None, p.name.as_str()), |(g, n)| (Some(g), n))
                }
                "Packagist" => p.name.split_once('/').map_or((None, p.name.as_str()), |(g, n)| (Some(g), n)),
                _ => (None, p.name.as_str()),
            };
            let dev_only = ps.iter().all(|p| p.dev == Some(true));
            let mut properties: Vec<serde_json::Value> = ps
                .iter()
                .map(|p| serde_json::json!({"name": "principal:manifest", "value": p.manifest}))
                .collect();
            properties.dedup();
            let direct = match direct_of(ps) {
                Some(true) => "true",
                Some(false) => "false",
                None => "unknown",
            };
            properties.push(serde_json::json!({"name": "principal:direct", "value": direct}));
            if dev_only {
                properties.push(serde_json::json!({"name": "principal:dev", "value": "true"}));
            }
            let mut c = serde_json::json!({
                "type": "library",
                "bom-ref": p.purl,
                "name": name,
                "version": p.version,
                "purl": p.purl,
                "scope": if dev_only { "excluded" } else { "required" },
                "properties": properties,
            });
            if let Some(g) = group {
                c["group"] = serde_json::json!(g);
            }
            c
        })
        .collect();
    // The root depends on the direct dependencies, and on those whose manifests do not say.
    let top: Vec<&str> =
        by_purl.iter().filter(|(_, ps)| direct_of(ps) != Some(false)).map(|(purl, _)| *purl).collect();
    let mut dependencies: Vec<serde_json::Value> = vec![serde_json::json!({"ref": "root", "dependsOn": top})];
    dependencies.extend(graph(input.edges).into_iter().filter(|(a, _)| by_purl.contains_key(a)).map(
        |(a, bs)| {
            let on: Vec<&str> = bs.into_iter().filter(|b| by_purl.contains_key(b)).collect();
            serde_json::json!({"ref": a, "dependsOn": on})
        },
    ));
    let mut by_id: BTreeMap<&str, Vec<&Vulnerability>> = BTreeMap::new();
    for v in input.vulnerabilities.unwrap_or(&[]) {
        by_id.entry(v.id.as_str()).or_default().push(v);
    }
    let purl_of = |v: &Vulnerability| {
        input
            .packages
            .iter()
            .find(|p| p.name == v.package && p.version == v.version && p.ecosystem == v.ecosystem)
            .map(|p| p.purl.clone())
            .unwrap_or_default()
    };
    let vulnerabilities: Vec<serde_json::Value> = by_id
        .into_iter()
        .map(|(id, vs)| {
            let mut v = serde_json::json!({
                "bom-ref": format!("vuln:{id}"),
                "id": id,
                "source": {"name": "OSV", "url": format!("https://osv.dev/vulnerability/{id}")},
                "description": vs[0].summary,
                "affects": vs.iter().map(|x| serde_json::json!({"ref": purl_of(x)})).collect::<Vec<_>>(),
            });
            if !vs[0].aliases.is_empty() {
                v["references"] = serde_json::json!(vs[0].aliases.iter().map(|a| serde_json::json!({"id": a, "source": {"name": if a.starts_with("CVE-") { "NVD" } else { "OSV" }}})).collect::<Vec<_>>());
            }
            if let Some(rating) = vs[0].severity.as_deref().and_then(rating) {
                v["ratings"] = serde_json::json!([rating]);
            }
            if let Some(fixed) = &vs[0].fixed {
                v["recommendation"] = serde_json::json!(format!("Upgrade {} to {fixed} or later.", vs[0].package));
            }
            v
        })
        .collect();
    let mut doc = serde_json::json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "metadata": {
            "tools": {"components": [{"type": "application", "name": "principal", "version": env!("CARGO_PKG_VERSION")}]},
            "component": {"type": "application", "bom-ref": "root", "name": input.name},
        },
        "components": components,
        "dependencies": dependencies,
    });
    if input.vulnerabilities.is_some() {
        doc["vulnerabilities"] = serde_json::json!(vulnerabilities);
    }
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// OSV's severity as a CycloneDX rating: a word (`HIGH`, `MODERATE`) as the severity, a CVSS
/// vector as the vector with its method.
fn rating(severity: &str) -> Option<serde_json::Value> {
    let source = serde_json::json!({"name": "OSV"});
    let word = match severity.to_ascii_lowercase().as_str() {
        "critical" => Some("critical"),
        "high" => Some("high"),
        "moderate" | "medium" => Some("medium"),
        "low" => Some("low"),
        _ => None,
    };
    if let Some(word) = word {
        return Some(serde_json::json!({"source": source, "severity": word, "method": "other"}));
    }
    let method = if severity.starts_with("CVSS:3.1/") {
        "CVSSv31"
    } else if severity.starts_with("CVSS:3.0/") {
        "CVSSv3"
    } else if severity.starts_with("CVSS:4.0/") {
        "CVSSv4"
    } else if severity.starts_with("AV:") {
        "CVSSv2"
    } else {
        return None;
    };
    Some(serde_json::json!({"source": source, "method": method, "vector": severity}))
}

pub fn write_text(out: &mut dyn Write, input: &DepsInput<'_>, top: usize) -> io::Result<()> {
    let mut by: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    for p in input.packages {
        let e = by.entry((p.manifest.as_str(), p.ecosystem.as_str())).or_default();
        e.0 += 1;
        if p.direct == Some(true) {
            e.1 += 1;
        }
    }
    writeln!(out, "{:<50} {:<10} {:>8} {:>8}", "Manifest", "Ecosystem", "Packages", "Direct")?;
    for ((m, e), (n, d)) in &by {
        writeln!(out, "{m:<50} {e:<10} {n:>8} {d:>8}")?;
    }
    writeln!(out, "{} packages in {} files.", input.packages.len(), by.len())?;
    match input.vulnerabilities {
        None => {
            writeln!(out, "No vulnerability database given: add --osv-db DIR (OSV JSON files or all.zip).")?
        }
        Some([]) => writeln!(out, "No known vulnerabilities.")?,
        Some(vs) => {
            writeln!(out, "\n{} known vulnerabilities:", vs.len())?;
            for v in vs.iter().take(top) {
                writeln!(
                    out,
                    "  {} {} {} {}  {}{}{}",
                    v.id,
                    v.ecosystem,
                    v.package,
                    v.version,
                    v.summary,
                    v.fixed.as_ref().map(|f| format!(" (fixed in {f})")).unwrap_or_default(),
                    v.severity.as_ref().map(|s| format!(" [{s}]")).unwrap_or_default()
                )?;
            }
            if vs.len() > top {
                writeln!(out, "  … and {} more (--format json lists them all)", vs.len() - top)?;
            }
        }
    }
    for w in input.warnings {
        writeln!(out, "warning: {w}")?;
    }
    Ok(())
}
