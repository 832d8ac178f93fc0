//! Standards as code: the rules of `principal.toml` evaluated over the architecture model, the
//! scan and the history, as violations with fingerprints that survive unrelated edits; the
//! baseline that lets a team adopt rules on a code base that breaks them today; and a starter
//! config inferred from today's architecture (`principal init`).
//!
//! **Invariant:** pure. The config text, the model and the baseline come in as values; the
//! binary reads and writes files. Every list of violations is sorted.

// No I/O here: clippy.toml lists what this bans (std::fs, std::env, std::process, stdout).
#![warn(clippy::disallowed_methods, clippy::disallowed_types)]

mod config;
pub mod diff;
mod init;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use principal_graph::Architecture;
use principal_model::Model;
use principal_model::ScanResult;
use serde::{Deserialize, Serialize};

pub use config::{Config, ConfigError, CyclesScope, OneOrMany, SeverityThreshold, TruckFactorRule, parse};
pub use init::starter;

/// Whether a string is a glob (`*`, `?`, `[`, `{`) rather than a path.
pub fn is_glob(s: &str) -> bool {
    config::looks_like_glob(s)
}

/// Compiles a path glob as the rules do (`*` stays within a folder, `**` crosses them).
pub fn glob(s: &str) -> Result<globset::GlobMatcher, String> {
    config::compile_glob(s)
}

/// One broken rule at one place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Violation {
    /// The rule's id: `forbidden/<name>`, `layers`, `allowed/<from>`, `independent/<name>`,
    /// `no-cycles`, `max-cyclomatic`, `max-cognitive`, `max-file-lines`, `max-fan-out`,
    /// `min-truck-factor`.
    pub rule: String,
    pub path: String,
    pub line: Option<u32>,
    pub message: String,
    /// For dependency rules: the imported file.
    pub target: Option<String>,
    /// Stable when unrelated lines shift: the rule, the file, and what is violated there (the
    /// imported file, the function's qualified name, the cycle's members), hashed.
    pub fingerprint: String,
    /// Why the rule exists, what to do instead, and who to ask: for the people and agents who
    /// must fix it.
    #[serde(default, skip_serializing_if = "Advice::is_empty")]
    pub advice: Advice,
}

/// The default reason of each rule kind (docs/rules.md): why the rule exists, shown with each
/// violation unless the rule's `reason` or `[rules.why]` says otherwise.
pub fn default_why(kind: &str) -> &'static str {
    match kind {
        "forbidden" => {
            "The architecture forbids this dependency: it couples two parts that must change independently."
        }
        "layers" => {
            "Layers keep dependencies pointing one way: a lower layer must not know a higher one, so each can change and be tested alone."
        }
        "allowed" => {
            "Only the listed dependencies are agreed for this part; any other is a coupling nobody decided on."
        }
        "independent" => {
            "These components must not depend on each other, so that each can change, build and ship alone."
        }
        "no-cycles" => "Code in a cycle cannot be understood, tested or changed one part at a time.",
        "max-cyclomatic" => {
            "A function with many paths is hard to test completely; defects concentrate there."
        }
        "max-cognitive" => "Code that is hard to follow is slow and risky to change.",
        "max-file-lines" => "A very large file holds many responsibilities and collects merge conflicts.",
        "max-fan-out" => "A file that imports many others breaks when any of them changes.",
        "min-truck-factor" => "If the few people who know this component leave, nobody can change it safely.",
        "no-vulnerable-dependencies" => {
            "A dependency with a known vulnerability can be exploited through this code."
        }
        "secret" => {
            "A committed credential can be used by anyone who can read the repository, and it stays in the history."
        }
        _ => "",
    }
}

impl Advice {
    pub fn is_empty(&self) -> bool {
        self.why.is_empty() && self.instead.is_none() && self.ask.is_empty()
    }
}

/// What a violation tells whoever must fix it.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Advice {
    /// Why the rule exists: the rule's `reason`, `[rules.why]`, or the rule kind's default.
    pub why: String,
    /// What to do instead, when the graph shows it: for a forbidden import, the component the
    /// importer already uses that offers the target's code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instead: Option<String>,
    /// Who knows the target (or the file) best: its authors, active ones first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ask: Vec<String>,
}

/// What a rule is, for SARIF's rule list and the text grouping.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RuleInfo {
    pub id: String,
    pub description: String,
    pub help: String,
}

/// Everything the rules look at.
pub struct Input<'a> {
    pub scan: &'a ScanResult,
    pub model: &'a Model,
    pub arch: &'a Architecture,
    pub history: Option<&'a principal_history::Report>,
}

pub struct Outcome {
    pub violations: Vec<Violation>,
    pub rules: Vec<RuleInfo>,
    /// Rules that could not run (`min_truck_factor` without history) or match nothing.
    pub notes: Vec<String>,
}

pub fn fingerprint(parts: &[&str]) -> String {
    let joined = parts.join("\u{0}");
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(joined.as_bytes()))
}

/// Which files a selector names: a component (by id or package name), a glob, or a path (a file,
/// or a directory and everything below it). The rules' `from`/`to` and `principal whatif`'s
/// arguments use it, so a name means the same files in both.
pub struct Selector {
    components: BTreeSet<u32>,
    glob: Option<globset::GlobMatcher>,
    prefix: Option<String>,
}

impl Selector {
    pub fn new(s: &str, model: &Model) -> Selector {
        let s = s.trim().trim_start_matches("./").trim_end_matches('/');
        let components = model
            .components
            .iter()
            .enumerate()
            .filter(|(_, c)| c.id == s || c.name.as_deref() == Some(s))
            .map(|(i, _)| i as u32)
            .collect::<BTreeSet<u32>>();
        if !components.is_empty() {
            return Selector { components, glob: None, prefix: None };
        }
        if config::looks_like_glob(s) {
            return Selector { components, glob: config::compile_glob(s).ok(), prefix: None };
        }
        Selector { components, glob: None, prefix: Some(s.to_owned()) }
    }

    pub fn matches(&self, model: &Model, node: u32) -> bool {
        let n = &model.nodes[node as usize];
        if self.components.contains(&n.component) {
            return true;
        }
        if let Some(g) = &self.glob {
            return g.is_match(&n.path);
        }
        match &self.prefix {
            Some(p) if p == "." || p.is_empty() => true,
            Some(p) => n.path == *p || n.path.strip_prefix(p.as_str()).is_some_and(|r| r.starts_with('/')),
            None => false,
        }
    }
}

struct Selectors(Vec<Selector>);

impl Selectors {
    fn new(items: &[String], model: &Model) -> Selectors {
        Selectors(items.iter().map(|s| Selector::new(s, model)).collect())
    }
    fn matches(&self, model: &Model, node: u32) -> bool {
        self.0.iter().any(|s| s.matches(model, node))
    }
}

/// Applies `[components]`: files matching a group's globs move to that component.
pub fn apply_components(config: &Config, model: &mut Model) {
    if config.components.is_empty() {
        return;
    }
    let names: Vec<String> = config.components.keys().cloned().collect();
    // (group, pattern length, matcher); the longest matching pattern wins, so that
    // `src/app/**` and `src/app/sub/**` can be two components.
    let globs: Vec<(usize, usize, globset::GlobMatcher)> = config
        .components
        .values()
        .enumerate()
        .flat_map(|(i, g)| {
            g.items()
                .into_iter()
                .filter_map(move |s| {
                    let s = s.trim_end_matches('/');
                    let pattern =
                        if config::looks_like_glob(s) { s.to_owned() } else { format!("{{{s},{s}/**}}") };
                    config::compile_glob(&pattern).ok().map(|m| (i, s.len(), m))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    model.regroup(&names, |path| {
        globs
            .iter()
            .filter(|(_, _, g)| g.is_match(path))
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(i, _, _)| *i)
    });
}

/// Evaluates every rule of `config`.
pub fn check(config: &Config, input: &Input<'_>) -> Outcome {
    let model = input.model;
    let arch = input.arch;
    let r = &config.rules;
    let mut out: Vec<Violation> = Vec::new();
    let mut rules: Vec<RuleInfo> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let path = |v: u32| model.nodes[v as usize].path.as_str();
    let comp = |v: u32| model.components[model.nodes[v as usize].component as usize].id.as_str();

    // The dependency edges, as rules see them: file to file, with the first import line.
    let edges: Vec<(u32, u32, u32)> = model
        .edges
        .iter()
        .filter(|e| principal_graph::dependency_edge(model, e))
        .map(|e| (e.from, e.to, e.line))
        .collect();
    let edge_violation =
        |out: &mut Vec<Violation>, rule: &str, from: u32, to: u32, line: u32, why: String| {
            out.push(Violation {
                rule: rule.to_owned(),
                path: path(from).to_owned(),
                line: Some(line),
                message: format!("{} imports {}: {why}", path(from), path(to)),
                target: Some(path(to).to_owned()),
                fingerprint: fingerprint(&[rule, path(from), path(to)]),
                advice: Default::default(),
            });
        };

    for f in &r.forbidden {
        let id = format!("forbidden/{}", f.name);
        let (from, to, except) = (
            Selectors::new(&f.from.items(), model),
            Selectors::new(&f.to.items(), model),
            Selectors::new(&f.except.items(), model),
        );
        let reason = f.reason.clone().unwrap_or_else(|| "this dependency is forbidden".to_owned());
        rules.push(RuleInfo {
            id: id.clone(),
            description: format!(
                "{} must not depend on {}",
                f.from.items().join(", "),
                f.to.items().join(", ")
            ),
            help: reason.clone(),
        });
        let mut hit_from = false;
        for &(a, b, line) in &edges {
            if !from.matches(model, a) {
                continue;
            }
            hit_from = true;
            if to.matches(model, b) && !except.matches(model, a) && !except.matches(model, b) {
                edge_violation(&mut out, &id, a, b, line, format!("forbidden by `{}` ({reason})", f.name));
            }
        }
        if !hit_from && !(0..model.nodes.len() as u32).any(|v| from.matches(model, v)) {
            notes.push(format!("forbidden rule `{}`: `from` matches no file", f.name));
        }
    }

    if !r.layers.is_empty() {
        let layers: Vec<Selectors> =
            r.layers.iter().map(|l| Selectors::new(&l.paths.items(), model)).collect();
        let layer_of: Vec<Option<usize>> =
            (0..model.nodes.len() as u32).map(|v| layers.iter().position(|s| s.matches(model, v))).collect();
        let names: Vec<&str> = r.layers.iter().map(|l| l.name.as_str()).collect();
        rules.push(RuleInfo {
            id: "layers".to_owned(),
            description: format!("Layers, top to bottom: {}", names.join(", ")),
            help: "A layer may depend only on the layers below it; a strict layer only on the one \
                   directly below. Move the code, or invert the dependency behind an interface \
                   owned by the lower layer."
                .to_owned(),
        });
        for &(a, b, line) in &edges {
            let (Some(la), Some(lb)) = (layer_of[a as usize], layer_of[b as usize]) else { continue };
            let why = if lb < la {
                Some(format!("layer `{}` must not depend on the higher layer `{}`", names[la], names[lb]))
            } else if r.layers[la].strict && lb > la + 1 {
                Some(format!(
                    "strict layer `{}` may use only `{}`, not `{}`",
                    names[la],
                    names.get(la + 1).copied().unwrap_or("nothing"),
                    names[lb]
                ))
            } else {
                None
            };
            if let Some(why) = why {
                edge_violation(&mut out, "layers", a, b, line, why);
            }
        }
    }

    for a in &r.allowed {
        let from_items = a.from.items();
        let id = format!("allowed/{}", a.name.clone().unwrap_or_else(|| from_items.join(",")));
        let (from, to) = (Selectors::new(&from_items, model), Selectors::new(&a.to.items(), model));
        rules.push(RuleInfo {
            id: id.clone(),
            description: format!("{} may depend only on {}", from_items.join(", "), a.to.items().join(", ")),
            help: a
                .reason
                .clone()
                .unwrap_or_else(|| "Keep to the allow-list, or extend it on purpose.".to_owned()),
        });
        for &(x, y, line) in &edges {
            if from.matches(model, x)
                && !from.matches(model, y)
                && comp(x) != comp(y)
                && !to.matches(model, y)
            {
                edge_violation(
                    &mut out,
                    &id,
                    x,
                    y,
                    line,
                    format!("{} is not on the allow-list of {}", comp(y), from_items.join(", ")),
                );
            }
        }
    }

    for ind in &r.independent {
        let id = format!("independent/{}", ind.name.clone().unwrap_or_else(|| ind.components.join(",")));
        let groups: Vec<Selector> = ind.components.iter().map(|c| Selector::new(c, model)).collect();
        rules.push(RuleInfo {
            id: id.clone(),
            description: format!("{} must not depend on each other", ind.components.join(", ")),
            help: ind.reason.clone().unwrap_or_else(|| {
                "Share code through a lower component both may use, not through each other.".to_owned()
            }),
        });
        for &(a, b, line) in &edges {
            let ga = groups.iter().position(|g| g.matches(model, a));
            let gb = groups.iter().position(|g| g.matches(model, b));
            if let (Some(ga), Some(gb)) = (ga, gb)
                && ga != gb
            {
                let why = format!("{} and {} must stay independent", ind.components[ga], ind.components[gb]);
                edge_violation(&mut out, &id, a, b, line, why);
            }
        }
    }

    if r.no_cycles {
        rules.push(RuleInfo {
            id: "no-cycles".to_owned(),
            description: format!(
                "No dependency cycles between {}",
                if r.cycles_scope == CyclesScope::File { "files" } else { "components" }
            ),
            help: "Break the cycle at the suggested edge: move the shared code down, or invert the \
                   dependency behind an interface."
                .to_owned(),
        });
        match r.cycles_scope {
            CyclesScope::File => {
                for c in &arch.file_cycles {
                    let loop_: Vec<&str> = c.representative.iter().map(|&v| path(v)).collect();
                    let mut members: Vec<&str> = c.members.iter().map(|&v| path(v)).collect();
                    members.sort_unstable();
                    let first = c.representative[0];
                    let next = c.representative.get(1).copied().unwrap_or(first);
                    let line = edges.iter().find(|e| e.0 == first && e.1 == next).map(|e| e.2);
                    let mut parts = vec!["no-cycles"];
                    parts.extend(members.iter().copied());
                    out.push(Violation {
                        rule: "no-cycles".to_owned(),
                        path: path(first).to_owned(),
                        line,
                        message: format!(
                            "{} files import each other in a cycle: {} -> {}",
                            c.members.len(),
                            loop_.join(" -> "),
                            loop_[0]
                        ),
                        target: Some(path(next).to_owned()),
                        fingerprint: fingerprint(&parts),
                        advice: Default::default(),
                    });
                }
            }
            CyclesScope::Component => {
                let cid = |c: u32| model.components[c as usize].id.as_str();
                for c in &arch.component_cycles {
                    let loop_: Vec<&str> = c.representative.iter().map(|&v| cid(v)).collect();
                    let mut members: Vec<&str> = c.members.iter().map(|&v| cid(v)).collect();
                    members.sort_unstable();
                    let mut parts = vec!["no-cycles"];
                    parts.extend(members.iter().copied());
                    // Located at an import that closes the loop, when one is known.
                    let (a, b) = (
                        c.representative[0],
                        c.representative.get(1).copied().unwrap_or(c.representative[0]),
                    );
                    let at = edges.iter().find(|e| {
                        model.nodes[e.0 as usize].component == a && model.nodes[e.1 as usize].component == b
                    });
                    out.push(Violation {
                        rule: "no-cycles".to_owned(),
                        path: at.map_or_else(|| cid(a).to_owned(), |e| path(e.0).to_owned()),
                        line: at.map(|e| e.2),
                        message: format!(
                            "{} components depend on each other in a cycle: {} -> {}",
                            c.members.len(),
                            loop_.join(" -> "),
                            loop_[0]
                        ),
                        target: at.map(|e| path(e.1).to_owned()),
                        fingerprint: fingerprint(&parts),
                        advice: Default::default(),
                    });
                }
            }
        }
    }

    let function_rule = |out: &mut Vec<Violation>,
                         rules: &mut Vec<RuleInfo>,
                         id: &str,
                         what: &str,
                         max: u32,
                         get: &dyn Fn(&principal_model::Function) -> u32| {
        rules.push(RuleInfo {
            id: id.to_owned(),
            description: format!("Functions have {what} of at most {max}"),
            help: "Split the function: extract branches into named helpers, replace flag \
                   arguments and long if-chains with data."
                .to_owned(),
        });
        for f in &input.scan.files {
            for x in &f.functions {
                let value = get(x);
                if value > max {
                    out.push(Violation {
                        rule: id.to_owned(),
                        path: f.path.clone(),
                        line: Some(x.start_line),
                        message: format!("{} has {what} {value} (at most {max})", x.qualified_name),
                        target: None,
                        fingerprint: fingerprint(&[id, &f.path, &x.qualified_name]),
                        advice: Default::default(),
                    });
                }
            }
        }
    };
    if let Some(max) = r.max_cyclomatic {
        function_rule(&mut out, &mut rules, "max-cyclomatic", "cyclomatic complexity", max, &|x| {
            x.cyclomatic
        });
    }
    if let Some(max) = r.max_cognitive {
        function_rule(&mut out, &mut rules, "max-cognitive", "cognitive complexity", max, &|x| x.cognitive);
    }
    if let Some(max) = r.max_file_lines {
        rules.push(RuleInfo {
            id: "max-file-lines".to_owned(),
            description: format!("Source files have at most {max} lines of code"),
            help: "Split the file along its responsibilities.".to_owned(),
        });
        // Source files only: a large data or lock file is not a design problem.
        for f in input.scan.files.iter().filter(|f| f.language.is_parsed()) {
            if f.lines.code > max {
                out.push(Violation {
                    rule: "max-file-lines".to_owned(),
                    path: f.path.clone(),
                    line: None,
                    message: format!("{} has {} lines of code (at most {max})", f.path, f.lines.code),
                    target: None,
                    fingerprint: fingerprint(&["max-file-lines", &f.path]),
                    advice: Default::default(),
                });
            }
        }
    }
    if let Some(max) = r.max_fan_out {
        rules.push(RuleInfo {
            id: "max-fan-out".to_owned(),
            description: format!("Files import at most {max} other files"),
            help: "A file that imports much does too much; split it, or introduce a facade.".to_owned(),
        });
        for (v, &n) in arch.fan_out.iter().enumerate() {
            if n > max {
                let p = path(v as u32);
                out.push(Violation {
                    rule: "max-fan-out".to_owned(),
                    path: p.to_owned(),
                    line: None,
                    message: format!("{p} imports {n} files (at most {max})"),
                    target: None,
                    fingerprint: fingerprint(&["max-fan-out", p]),
                    advice: Default::default(),
                });
            }
        }
    }
    if let Some(rule) = &r.min_truck_factor {
        rules.push(RuleInfo {
            id: "min-truck-factor".to_owned(),
            description: "Components keep a minimum truck factor".to_owned(),
            help: "Spread the knowledge: pair and rotate reviews so that more people author the \
                   component's files."
                .to_owned(),
        });
        match input.history {
            None => notes.push("min_truck_factor needs git history; it was not checked".to_owned()),
            Some(h) => {
                // Only the model's components: the configured ones when [components] is set,
                // never a folder of fonts or images that history groups files by.
                let components: BTreeSet<&str> =
                    input.model.components.iter().map(|c| c.id.as_str()).collect();
                let wanted: HashMap<&str, u32> = match rule {
                    TruckFactorRule::All(n) => h
                        .components
                        .iter()
                        .filter(|c| components.contains(c.id.as_str()))
                        .map(|c| (c.id.as_str(), *n))
                        .collect(),
                    TruckFactorRule::PerComponent(m) => m.iter().map(|(k, v)| (k.as_str(), *v)).collect(),
                };
                for c in &h.components {
                    if let Some(&min) = wanted.get(c.id.as_str())
                        && c.revisions > 0
                        && c.truck_factor.value < min
                    {
                        out.push(Violation {
                            rule: "min-truck-factor".to_owned(),
                            path: c.id.clone(),
                            line: None,
                            message: format!(
                                "{} has truck factor {} (at least {min}): {}",
                                c.id,
                                c.truck_factor.value,
                                match c.truck_factor.authors.as_slice() {
                                    [] => "nobody active authors it".to_owned(),
                                    [one] => format!("{one} holds most of it"),
                                    [rest @ .., last] =>
                                        format!("{} and {last} hold most of it", rest.join(", ")),
                                }
                            ),
                            target: None,
                            fingerprint: fingerprint(&["min-truck-factor", &c.id]),
                            advice: Default::default(),
                        });
                    }
                }
            }
        }
    }

    out.sort_by(|a, b| {
        (&a.rule, &a.path, a.line, &a.target, &a.fingerprint).cmp(&(
            &b.rule,
            &b.path,
            b.line,
            &b.target,
            &b.fingerprint,
        ))
    });
    out.dedup_by(|a, b| a.fingerprint == b.fingerprint && a.rule == b.rule);
    rules.sort();
    rules.dedup_by(|a, b| a.id == b.id);
    Outcome { violations: out, rules, notes }
}

/// `principal-baseline.json`: today's violations, to be reviewed and committed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    pub schema: String,
    pub violations: Vec<BaselineEntry>,
}

pub const BASELINE_SCHEMA: &str = "principal.baseline/1";

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule: String,
    pub path: String,
    pub message: String,
}

impl Baseline {
    pub fn of(violations: &[Violation]) -> Baseline {
        let mut v: Vec<BaselineEntry> = violations
            .iter()
            .map(|x| BaselineEntry {
                fingerprint: x.fingerprint.clone(),
                rule: x.rule.clone(),
                path: x.path.clone(),
                message: x.message.clone(),
            })
            .collect();
        v.sort();
        v.dedup();
        Baseline { schema: BASELINE_SCHEMA.to_owned(), violations: v }
    }
}

/// Violations split against a baseline.
pub struct Compared<'a> {
    pub new: Vec<&'a Violation>,
    pub baselined: Vec<&'a Violation>,
    /// Baseline entries no longer found: fixed, so the baseline can shrink.
    pub fixed: Vec<BaselineEntry>,
}

pub fn compare<'a>(violations: &'a [Violation], baseline: Option<&Baseline>) -> Compared<'a> {
    let Some(b) = baseline else {
        return Compared { new: violations.iter().collect(), baselined: Vec::new(), fixed: Vec::new() };
    };
    let known: BTreeSet<(&str, &str)> =
        b.violations.iter().map(|e| (e.rule.as_str(), e.fingerprint.as_str())).collect();
    let now: BTreeSet<(&str, &str)> =
        violations.iter().map(|v| (v.rule.as_str(), v.fingerprint.as_str())).collect();
    let (baselined, new) =
        violations.iter().partition(|v| known.contains(&(v.rule.as_str(), v.fingerprint.as_str())));
    let fixed = b
        .violations
        .iter()
        .filter(|e| !now.contains(&(e.rule.as_str(), e.fingerprint.as_str())))
        .cloned()
        .collect();
    Compared { new, baselined, fixed }
}

#[cfg(test)]
mod tests;

/// For tests and the starter config.
pub(crate) fn component_levels(model: &Model, arch: &Architecture) -> BTreeMap<u32, Vec<String>> {
    let mut by: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for (i, c) in model.components.iter().enumerate() {
        if arch.components[i].files > 0 {
            by.entry(arch.components[i].level).or_default().push(c.id.clone());
        }
    }
    by
}
