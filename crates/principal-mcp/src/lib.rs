//! `principal mcp`: a Model Context Protocol server over the whole model. The analysis is
//! built once at start-up by the same engine functions the CLI calls (so `check_rules` answers
//! exactly what `principal check` reports); every answer after that is a lookup. Logs go to
//! stderr; stdout belongs to the protocol.
//!
//! **Invariant:** read-only: no tool writes anything, and every path a client gives is resolved
//! inside the repository or refused.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use anyhow::Context as _;
use params::{
    ComponentParams, DepthParams, ExplainParams, FileParams, HotspotParams, OverviewParams, PathParams,
    Refusal, RepoMapParams, RulesParams, WhatifParams, cut, decode,
};
use principal_engine::analysis::AuditOptions;
use rmcp::handler::server::common::schema_for_input;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, ContentBlock, Implementation, JsonObject, ListResourcesResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource, ResourceContents,
    ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use serde_json::json;

mod params;
mod schemas;

/// A tool's input schema, from its argument type.
fn input<T: rmcp::schemars::JsonSchema + 'static>() -> Arc<JsonObject> {
    schema_for_input::<T>().expect("argument types are objects")
}

/// Everything the tools answer from, built once.
pub struct State {
    root: PathBuf,
    analysis: principal_engine::Analysis,
    audit: principal_audit::Audit,
    rules: principal_engine::check::Evaluation,
    /// File path -> node index.
    node_of: HashMap<String, usize>,
    /// The file and component graphs reversed, for `dependents` and `impact`.
    file_graph_rev: principal_graph::algo::Digraph,
    component_graph_rev: principal_graph::algo::Digraph,
    /// Made on the first `repo_map` call, then kept: the unfocused ranking and the tokenizer.
    repo_map: OnceLock<Vec<principal_audit::context::RankedFile>>,
    tokenizer: OnceLock<Result<principal_engine::context::TokenCounter, String>>,
}

const REPORT_JSON: &str = "principal://report.json";
const REPORT_MD: &str = "principal://REPORT.md";

#[derive(Clone)]
pub struct Server {
    state: Arc<State>,
    tool_router: ToolRouter<Self>,
}

/// A tool's answer: JSON as `structuredContent` (with its text for older clients), or a
/// refusal the model can correct.
fn reply(answer: Result<serde_json::Value, Refusal>) -> Result<CallToolResult, McpError> {
    Ok(match answer {
        Ok(value) => CallToolResult::structured(value),
        Err(refusal) => refusal.into_result(),
    })
}

/// The names in `names` as a hint, at most 20 of them.
fn choices<'a>(what: &str, names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    let shown: Vec<String> = names.iter().take(20).map(|n| format!("`{n}`")).collect();
    let more = names.len().saturating_sub(shown.len());
    let mut out = format!("{what}: {}", shown.join(", "));
    if more > 0 {
        out.push_str(&format!(" and {more} more"));
    }
    out
}

/// What a path names.
enum Target {
    File(usize),
    Component(usize),
}

impl State {
    /// Resolves a path or component id, refusing anything outside the repository.
    fn target(&self, raw: &str) -> Result<Target, Refusal> {
        let rel = self.relative(raw)?;
        if let Some(&v) = self.node_of.get(&rel) {
            return Ok(Target::File(v));
        }
        if let Some(c) = self.component(&rel) {
            return Ok(Target::Component(c));
        }
        Err(Refusal::new(
            format!("`{raw}` is neither a parsed file nor a component of the repository"),
            self.near(&rel),
        ))
    }

    fn component(&self, name: &str) -> Option<usize> {
        self.analysis.model.components.iter().position(|c| c.id == name || c.name.as_deref() == Some(name))
    }

    /// A component by id or package name, or a refusal that lists the components.
    fn named_component(&self, name: &str) -> Result<usize, Refusal> {
        self.component(name).ok_or_else(|| {
            Refusal::new(
                format!("no component `{name}`"),
                choices("the components are", self.analysis.model.components.iter().map(|c| c.id.as_str())),
            )
        })
    }

    /// What the model may have meant by an unknown path: files with the same name, else the
    /// components.
    fn near(&self, rel: &str) -> String {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let mut same: Vec<&str> = self
            .analysis
            .model
            .nodes
            .iter()
            .map(|n| n.path.as_str())
            .filter(|p| p.rsplit('/').next() == Some(name))
            .collect();
        same.sort_unstable();
        if same.is_empty() {
            let ids = self.analysis.model.components.iter().map(|c| c.id.as_str());
            format!(
                "give a parsed file's path relative to the repository root, or a component id; {}",
                choices("the components are", ids)
            )
        } else {
            choices("files with that name", same.into_iter())
        }
    }

    /// A repository-relative path with `/`; `..` escapes and absolute paths elsewhere are refused.
    fn relative(&self, raw: &str) -> Result<String, Refusal> {
        let outside = || {
            Refusal::new(
                format!("`{raw}` is outside the repository"),
                format!("paths must stay under {}; give them relative to it", self.root.display()),
            )
        };
        let p = Path::new(raw.trim());
        let rel: PathBuf = if p.is_absolute() {
            p.strip_prefix(&self.root).map_err(|_| outside())?.to_owned()
        } else {
            p.to_owned()
        };
        let mut parts: Vec<String> = Vec::new();
        for c in rel.components() {
            match c {
                std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
                std::path::Component::CurDir => {}
                _ => return Err(outside()),
            }
        }
        Ok(if parts.is_empty() { ".".to_owned() } else { parts.join("/") })
    }

    fn path(&self, v: usize) -> &str {
        &self.analysis.model.nodes[v].path
    }

    fn component_id(&self, c: usize) -> &str {
        &self.analysis.model.components[c].id
    }

    fn history(&self) -> Option<&principal_history::Report> {
        self.analysis.history.as_ref().map(|h| &h.report)
    }

    /// Breadth-first over the file graph (forward: dependencies; reversed: dependents).
    fn reach(&self, start: usize, depth: u32, reverse: bool) -> Vec<(usize, u32)> {
        let g = if reverse { &self.file_graph_rev } else { &self.analysis.arch.file_graph };
        let mut out = principal_graph::algo::within(g, start, depth);
        out.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| self.path(a.0).cmp(self.path(b.0))));
        out
    }

    fn component_reach(&self, start: usize, depth: u32, reverse: bool) -> Vec<(String, u32)> {
        let g = if reverse { &self.component_graph_rev } else { &self.analysis.arch.component_graph };
        let mut out: Vec<(String, u32)> = principal_graph::algo::within(g, start, depth)
            .into_iter()
            .map(|(c, d)| (self.component_id(c).to_owned(), d))
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    fn coupled(&self, path: &str) -> Vec<serde_json::Value> {
        let Some(h) = self.history() else { return Vec::new() };
        h.coupling
            .iter()
            .filter(|c| c.a == path || c.b == path)
            .map(|c| {
                json!({
                    "file": if c.a == path { &c.b } else { &c.a },
                    "shared_commits": c.shared,
                    "degree": (c.degree * 10_000.0).round() / 10_000.0,
                    "explained_by_import": c.explained_by_import,
                })
            })
            .collect()
    }

    fn file_history(&self, path: &str) -> Option<&principal_history::FileHistory> {
        self.history()?.files.iter().find(|f| f.path == path)
    }
}

#[tool_router]
impl Server {
    pub fn new(state: State) -> Server {
        Server { state: Arc::new(state), tool_router: Self::tool_router() }
    }

    #[tool(
        description = "The repository at a glance: size, languages, health, components (with dependencies), and the top 10 risks. Start here.",
        input_schema = input::<OverviewParams>(),
        output_schema = schemas::overview(),
        annotations(read_only_hint = true)
    )]
    fn overview(&self, Parameters(args): Parameters<JsonObject>) -> Result<CallToolResult, McpError> {
        reply(self.overview_answer(args))
    }

    #[tool(
        description = "One component: its files, its dependencies in and out, its metrics (instability, abstractness, level), its owners, and its hotspots.",
        input_schema = input::<ComponentParams>(),
        output_schema = schemas::component(),
        annotations(read_only_hint = true)
    )]
    fn component(&self, Parameters(args): Parameters<JsonObject>) -> Result<CallToolResult, McpError> {
        reply(self.component_answer(args))
    }

    #[tool(
        description = "What a file or component depends on, directly (depth 1) or transitively (depth > 1), nearest first, with the import line of each direct dependency.",
        input_schema = input::<DepthParams>(),
        output_schema = schemas::reach(),
        annotations(read_only_hint = true)
    )]
    fn dependencies(&self, Parameters(args): Parameters<JsonObject>) -> Result<CallToolResult, McpError> {
        reply(decode(args).and_then(|p| self.walk(&p, false)))
    }

    #[tool(
        description = "What depends on a file or component, directly (depth 1) or transitively (depth > 1), nearest first: who is affected by a change to it.",
        input_schema = input::<DepthParams>(),
        output_schema = schemas::reach(),
        annotations(read_only_hint = true)
    )]
    fn dependents(&self, Parameters(args): Parameters<JsonObject>) -> Result<CallToolResult, McpError> {
        reply(decode(args).and_then(|p| self.walk(&p, true)))
    }

    #[tool(
        description = "The hotspots: files that change often and are complex (change frequency x complexity), optionally within one component.",
        input_schema = input::<HotspotParams>(),
        output_schema = schemas::hotspots(),
        annotations(read_only_hint = true)
    )]
    fn hotspots(&self, Parameters(args): Parameters<JsonObject>) -> Result<CallToolResult, McpError> {
        reply(self.hotspots_answer(args))
    }

    #[tool(
        description = "Files that change together with this file in git history (change coupling), strongest first, and whether an import explains it.",
        input_schema = input::<FileParams>(),
        output_schema = schemas::coupled_files(),
        annotations(read_only_hint = true)
    )]
    fn coupled_files(&self, Parameters(args): Parameters<JsonObject>) -> Result<CallToolResult, McpError> {
        reply(self.coupled_answer(args))
    }

    #[tool(
        description = "Who knows a file or component best: its main author and the people with authorship of it (degree of authorship), active people first.",
        input_schema = input::<PathParams>(),
        output_schema = schemas::who_to_ask(),
        annotations(read_only_hint = true)
    )]
    fn who_to_ask(&self, Parameters(args): Parameters<JsonObject>) -> Result<CallToolResult, McpError> {
        reply(self.who_answer(args))
    }

    #[tool(
        description = "The rules of principal.toml that the code breaks today, security rules included: exactly the violations of `principal check` (none configured: an empty list).",
        input_schema = input::<RulesParams>(),
        output_schema = schemas::check_rules(),
        annotations(read_only_hint = true)
    )]
    fn check_rules(&self, Parameters(args): Parameters<JsonObject>) -> Result<CallToolResult, McpError> {
        reply(decode::<RulesParams>(args).and_then(|p| {
            let s = &self.state;
            let limit = params::limit(p.limit, 20)?;
            let mut left_out = serde_json::Map::new();
            let violations = cut(s.rules.violations.iter().collect(), limit, "violations", &mut left_out);
            Ok(json!({
                "rules_configured": principal_engine::check::rules_configured(&s.analysis.config),
                "violations": violations,
                "notes": s.rules.notes,
                "left_out": left_out,
            }))
        }))
    }

    #[tool(
        description = "A plain-language explanation of the whole system (no path), a component, or a file: what it is, how it connects, who knows it, and the risks in it.",
        input_schema = input::<ExplainParams>(),
        annotations(read_only_hint = true)
    )]
    fn explain(&self, Parameters(args): Parameters<JsonObject>) -> Result<CallToolResult, McpError> {
        let s = &self.state;
        let p: ExplainParams = match decode(args) {
            Ok(p) => p,
            Err(refusal) => return Ok(refusal.into_result()),
        };
        let mut buf = Vec::new();
        let target = match p.path.as_deref().map(|raw| s.target(raw)).transpose() {
            Ok(t) => t,
            Err(refusal) => return Ok(refusal.into_result()),
        };
        match target {
            None => principal_report::audit::write_explain(&mut buf, &s.audit, None)
                .map_err(|e| McpError::internal_error(e.to_string(), None))?,
            Some(Target::Component(c)) => {
                principal_report::audit::write_explain(&mut buf, &s.audit, Some(s.component_id(c)))
                    .map_err(|e| McpError::internal_error(e.to_string(), None))?
            }
            Some(Target::File(v)) => buf = self.explain_file(v).into_bytes(),
        }
        Ok(CallToolResult::success(vec![ContentBlock::text(String::from_utf8_lossy(&buf).into_owned())]))
    }

    #[tool(
        description = "A ranked map of the repository for an LLM: files with their most important signatures, by PageRank over symbol references, personalised toward the focus files, within a token budget.",
        input_schema = input::<RepoMapParams>(),
        annotations(read_only_hint = true)
    )]
    fn repo_map(&self, Parameters(args): Parameters<JsonObject>) -> Result<CallToolResult, McpError> {
        let p: RepoMapParams = match decode(args) {
            Ok(p) => p,
            Err(refusal) => return Ok(refusal.into_result()),
        };
        let budget = p.budget.unwrap_or(2048);
        if !(64..=32_768).contains(&budget) {
            return Ok(Refusal::new(
                format!("budget {budget} is out of range"),
                "give a token budget from 64 to 32768, or omit it for 2048",
            )
            .into_result());
        }
        let s = &self.state;
        let symbols = &s.analysis.symbols;
        let mut focus = Vec::new();
        for f in &p.focus {
            let rel = match s.relative(f) {
                Ok(rel) => rel,
                Err(refusal) => return Ok(refusal.into_result()),
            };
            if !symbols.iter().any(|x| x.path == rel) {
                return Ok(Refusal::new(
                    format!("focus `{f}` is not a parsed source file of the repository"),
                    s.near(&rel),
                )
                .into_result());
            }
            focus.push(rel);
        }
        let focused;
        let ranked: &[principal_audit::context::RankedFile] = if focus.is_empty() {
            s.repo_map.get_or_init(|| principal_audit::context::rank(symbols, &[]))
        } else {
            focused = principal_audit::context::rank(symbols, &focus);
            &focused
        };
        let counter = s
            .tokenizer
            .get_or_init(|| principal_engine::context::TokenCounter::new().map_err(|e| format!("{e:#}")))
            .as_ref()
            .map_err(|e| McpError::internal_error(e.clone(), None))?;
        let count = |text: &str| counter.count(text);
        let (text, _) = principal_report::context::fit(
            &s.audit.repository.name,
            ranked,
            budget,
            principal_report::context::Format::Markdown,
            &count,
        );
        Ok(CallToolResult::success(vec![ContentBlock::text(text)]))
    }

    #[tool(
        description = "Virtual refactoring: apply moves, cuts, merges and splits to the model only (nothing on disk changes) and compare cycles, levels, Martin metrics, propagation cost, rule violations and the risk register before and after. Test a restructuring before editing code; the same as `principal whatif`.",
        input_schema = input::<WhatifParams>(),
        output_schema = schemas::whatif(),
        annotations(read_only_hint = true)
    )]
    fn whatif(&self, Parameters(args): Parameters<JsonObject>) -> Result<CallToolResult, McpError> {
        reply(self.whatif_answer(args))
    }

    #[tool(
        description = "What may break if a file changes: the files that depend on it (up to 3 steps, nearest first), the files that change together with it in history, and the tests that touch it.",
        input_schema = input::<FileParams>(),
        output_schema = schemas::impact(),
        annotations(read_only_hint = true)
    )]
    fn impact(&self, Parameters(args): Parameters<JsonObject>) -> Result<CallToolResult, McpError> {
        reply(self.impact_answer(args))
    }
}

/// The answers behind the tools: each decodes its arguments and returns JSON or a refusal.
impl Server {
    fn whatif_answer(&self, args: JsonObject) -> Result<serde_json::Value, Refusal> {
        use principal_strategy::whatif::{Cut, Merge, Move, Scenario, Split};
        let p: WhatifParams = decode(args)?;
        let limit = params::limit(p.limit, 20)?;
        let hint = "each step uses the syntax of `principal whatif`: move `FILES=COMPONENT`, cut `FROM->TO`, merge `A,B[=NAME]`, split `COMPONENT=GLOB[=NAME]`";
        let bad = |e: principal_strategy::whatif::Error| Refusal::new(e.to_string(), hint);
        let scenario = Scenario {
            description: None,
            merges: p.merges.iter().map(|s| Merge::parse(s)).collect::<Result<_, _>>().map_err(bad)?,
            splits: p.splits.iter().map(|s| Split::parse(s)).collect::<Result<_, _>>().map_err(bad)?,
            moves: p.moves.iter().map(|s| Move::parse(s)).collect::<Result<_, _>>().map_err(bad)?,
            cuts: p.cuts.iter().map(|s| Cut::parse(s)).collect::<Result<_, _>>().map_err(bad)?,
        };
        if scenario.is_empty() {
            return Err(Refusal::new("no scenario: every list is empty", hint));
        }
        let s = &self.state;
        let w = s.analysis.whatif(&s.audit, &scenario).map_err(|e| {
            Refusal::new(
                e.to_string(),
                "the overview tool lists the components; paths are relative to the repository",
            )
        })?;
        let mut value =
            serde_json::to_value(&w).map_err(|e| Refusal::new(e.to_string(), "report this as a bug"))?;
        let mut left_out = serde_json::Map::new();
        if let Some(obj) = value.as_object_mut() {
            for (key, v) in obj.iter_mut() {
                if let Some(list) = v.as_array_mut().filter(|l| l.len() > limit) {
                    left_out.insert(key.clone(), (list.len() - limit).into());
                    list.truncate(limit);
                }
            }
            obj.insert("schema".to_owned(), principal_report::whatif::SCHEMA.into());
            obj.insert("left_out".to_owned(), left_out.into());
        }
        Ok(value)
    }

    fn overview_answer(&self, args: JsonObject) -> Result<serde_json::Value, Refusal> {
        let p: OverviewParams = decode(args)?;
        let limit = params::limit(p.limit, 30)?;
        let a = &self.state.audit;
        let mut left_out = serde_json::Map::new();
        let components = cut(a.components.iter().collect(), limit, "components", &mut left_out);
        Ok(json!({
            "repository": a.repository.name,
            "what_it_is": a.onboarding.description.first(),
            "summary": a.summary,
            "health": a.health,
            "languages": a.languages.iter().take(8).collect::<Vec<_>>(),
            "components": components.iter().map(|c| json!({
                "id": c.id, "files": c.files, "code_lines": c.code_lines, "language": c.language,
                "depends_on": c.depends_on, "used_by": c.used_by,
            })).collect::<Vec<_>>(),
            "top_risks": a.risks.iter().take(10).map(|r| json!({
                "id": r.id, "kind": r.kind, "severity": r.severity, "title": r.title, "action": r.action,
            })).collect::<Vec<_>>(),
            "left_out": left_out,
        }))
    }

    fn component_answer(&self, args: JsonObject) -> Result<serde_json::Value, Refusal> {
        let p: ComponentParams = decode(args)?;
        let limit = params::limit(p.limit, 50)?;
        let s = &self.state;
        // The audit's rows are the model's components, in the same order.
        let row = &s.audit.components[s.named_component(&p.name)?];
        let files: Vec<&str> = s
            .audit
            .files
            .iter()
            .filter(|f| f.component.as_deref() == Some(row.id.as_str()))
            .map(|f| f.path.as_str())
            .collect();
        let hotspots: Vec<&principal_audit::HotspotRow> =
            s.audit.hotspots.iter().filter(|h| files.contains(&h.path.as_str())).take(10).collect();
        let mut left_out = serde_json::Map::new();
        let files = cut(files, limit, "files", &mut left_out);
        Ok(json!({"component": row, "files": files, "hotspots": hotspots, "left_out": left_out}))
    }

    fn hotspots_answer(&self, args: JsonObject) -> Result<serde_json::Value, Refusal> {
        let p: HotspotParams = decode(args)?;
        let limit = params::limit(p.limit.or(p.top), 10)?;
        let s = &self.state;
        if s.history().is_none() {
            return Err(Refusal::new("no git history: hotspots need it", "serve a git repository"));
        }
        let component = match p.component.as_deref() {
            None => None,
            Some(name) => Some(s.component_id(s.named_component(name)?).to_owned()),
        };
        let component_of =
            |path: &str| s.audit.files.iter().find(|f| f.path == path).and_then(|f| f.component.as_deref());
        let list: Vec<&principal_audit::HotspotRow> = s
            .audit
            .hotspots
            .iter()
            .filter(|h| component.as_deref().is_none_or(|c| component_of(&h.path) == Some(c)))
            .collect();
        let mut left_out = serde_json::Map::new();
        let list = cut(list, limit, "hotspots", &mut left_out);
        Ok(json!({"hotspots": list, "left_out": left_out}))
    }

    fn coupled_answer(&self, args: JsonObject) -> Result<serde_json::Value, Refusal> {
        let p: FileParams = decode(args)?;
        let limit = params::limit(p.limit, 20)?;
        let s = &self.state;
        let rel = s.relative(&p.path)?;
        if s.history().is_none() {
            return Err(Refusal::new("no git history: change coupling needs it", "serve a git repository"));
        }
        if !s.node_of.contains_key(&rel) && s.file_history(&rel).is_none() {
            return Err(Refusal::new(format!("`{}` is not a file of the repository", p.path), s.near(&rel)));
        }
        let mut left_out = serde_json::Map::new();
        let coupled = cut(s.coupled(&rel), limit, "coupled", &mut left_out);
        Ok(json!({"path": rel, "coupled": coupled, "left_out": left_out}))
    }

    fn who_answer(&self, args: JsonObject) -> Result<serde_json::Value, Refusal> {
        let p: PathParams = decode(args)?;
        let limit = params::limit(p.limit, 20)?;
        let s = &self.state;
        if s.history().is_none() {
            return Err(Refusal::new("no git history: ownership needs it", "serve a git repository"));
        }
        let mut left_out = serde_json::Map::new();
        match s.target(&p.path)? {
            Target::File(v) => {
                let path = s.path(v).to_owned();
                let h = s.file_history(&path);
                let active: BTreeSet<&str> = s
                    .history()
                    .map(|h| {
                        h.authors.iter().filter(|a| a.active && !a.bot).map(|a| a.name.as_str()).collect()
                    })
                    .unwrap_or_default();
                let authors = h.map(|h| {
                    let list: Vec<serde_json::Value> = h
                        .doa_authors
                        .iter()
                        .map(|a| json!({"name": a, "active": active.contains(a.as_str())}))
                        .collect();
                    cut(list, limit, "authors", &mut left_out)
                });
                let experts = s
                    .audit
                    .components
                    .get(s.analysis.model.nodes[v].component as usize)
                    .map(|c| cut(c.experts.iter().collect(), limit, "component_experts", &mut left_out));
                Ok(json!({
                    "path": path,
                    "main_author": h.and_then(|h| h.main_author.clone()),
                    "ownership": h.map(|h| (h.ownership * 10_000.0).round() / 10_000.0),
                    "authors": authors,
                    "component_experts": experts,
                    "left_out": left_out,
                }))
            }
            Target::Component(c) => {
                let experts = s
                    .audit
                    .components
                    .get(c)
                    .map(|c| cut(c.experts.iter().collect(), limit, "experts", &mut left_out));
                Ok(json!({"component": s.component_id(c), "experts": experts, "left_out": left_out}))
            }
        }
    }

    fn impact_answer(&self, args: JsonObject) -> Result<serde_json::Value, Refusal> {
        let p: FileParams = decode(args)?;
        let limit = params::limit(p.limit, 30)?;
        let s = &self.state;
        let Target::File(v) = s.target(&p.path)? else {
            return Err(Refusal::new(
                format!("`{}` is a component; impact takes a file", p.path),
                "give one of its files, or use `dependents` for the component",
            ));
        };
        let path = s.path(v).to_owned();
        let dependents = s.reach(v, 3, true);
        let coupled = s.coupled(&path);
        let stem = |p: &str| {
            let name = p.rsplit('/').next().unwrap_or(p);
            name.split('.')
                .next()
                .unwrap_or(name)
                .trim_start_matches("test_")
                .trim_end_matches("_test")
                .to_owned()
        };
        let mut tests: BTreeSet<String> = dependents
            .iter()
            .map(|&(w, _)| s.path(w).to_owned())
            .filter(|p| principal_audit::is_test_path(p))
            .collect();
        tests.extend(
            coupled
                .iter()
                .filter_map(|c| c["file"].as_str())
                .filter(|p| principal_audit::is_test_path(p))
                .map(str::to_owned),
        );
        tests.extend(
            s.analysis
                .model
                .nodes
                .iter()
                .map(|n| n.path.as_str())
                .filter(|p| principal_audit::is_test_path(p) && stem(p) == stem(&path))
                .map(str::to_owned),
        );
        let mut left_out = serde_json::Map::new();
        let dependents: Vec<serde_json::Value> =
            dependents.iter().map(|&(w, d)| json!({"path": s.path(w), "distance": d})).collect();
        Ok(json!({
            "path": path,
            "dependents": cut(dependents, limit, "dependents", &mut left_out),
            "coupled": cut(coupled, limit, "coupled", &mut left_out),
            "tests": cut(tests.into_iter().collect(), limit, "tests", &mut left_out),
            "left_out": left_out,
        }))
    }

    fn walk(&self, p: &DepthParams, reverse: bool) -> Result<serde_json::Value, Refusal> {
        let s = &self.state;
        let depth = params::depth(p.depth)?;
        let limit = params::limit(p.limit, 50)?;
        let mut left_out = serde_json::Map::new();
        match s.target(&p.path)? {
            Target::File(v) => {
                let list = cut(s.reach(v, depth, reverse), limit, "files", &mut left_out);
                let line = |a: usize, b: usize| {
                    s.analysis
                        .model
                        .edges
                        .iter()
                        .find(|e| e.from as usize == a && e.to as usize == b)
                        .map(|e| e.line)
                };
                Ok(json!({
                    "path": s.path(v),
                    "depth": depth,
                    "files": list.iter().map(|&(w, d)| {
                        let at = if d == 1 { if reverse { line(w, v) } else { line(v, w) } } else { None };
                        json!({"path": s.path(w), "distance": d, "import_line": at})
                    }).collect::<Vec<_>>(),
                    "left_out": left_out,
                }))
            }
            Target::Component(c) => {
                let list = cut(s.component_reach(c, depth, reverse), limit, "components", &mut left_out);
                Ok(json!({
                    "component": s.component_id(c),
                    "depth": depth,
                    "components": list.into_iter().map(|(id, d)| json!({"id": id, "distance": d})).collect::<Vec<_>>(),
                    "left_out": left_out,
                }))
            }
        }
    }

    fn explain_file(&self, v: usize) -> String {
        let s = &self.state;
        let path = s.path(v);
        let row = s.audit.files.iter().find(|f| f.path == path);
        let mut out = format!("# `{path}`\n\n");
        if let Some(f) = row {
            out.push_str(&format!(
                "A {} file in component `{}`: {} lines of code, {} functions (total cyclomatic complexity {}, the most complex {}). {} files import it; it imports {}.\n\n",
                principal_report::audit::pretty_language(&f.language),
                f.component.as_deref().unwrap_or("?"),
                f.code_lines,
                f.functions,
                f.complexity,
                f.max_cyclomatic,
                f.fan_in,
                f.fan_out
            ));
            if f.revisions > 0 {
                out.push_str(&format!(
                    "Changed in {} commits; main author {} ({:.0}% of its lines).\n\n",
                    f.revisions,
                    f.main_author.as_deref().unwrap_or("unknown"),
                    f.ownership.unwrap_or(0.0) * 100.0
                ));
            }
        }
        let deps: Vec<String> =
            s.reach(v, 1, false).into_iter().map(|(w, _)| format!("`{}`", s.path(w))).collect();
        let users: Vec<String> =
            s.reach(v, 1, true).into_iter().map(|(w, _)| format!("`{}`", s.path(w))).collect();
        if !deps.is_empty() {
            out.push_str(&format!("It uses {}.\n\n", deps.join(", ")));
        }
        if !users.is_empty() {
            out.push_str(&format!("It is used by {}.\n\n", users.join(", ")));
        }
        let risks: Vec<&principal_audit::Risk> =
            s.audit.risks.iter().filter(|r| r.locations.iter().any(|l| l.path == path)).collect();
        for r in risks.iter().take(5) {
            out.push_str(&format!("- Risk ({}): {}. {}\n", r.severity.as_str(), r.title, r.action));
        }
        out
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().enable_resources().build())
            .with_server_info(Implementation::new("principal", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "Principal knows this repository's architecture, history, owners, risks and rules. Start with \
                 `overview`; use `impact` before changing a file, `repo_map` for a ranked map within a token \
                 budget, and `check_rules` to see the architecture rules. Paths are relative to the repository root.",
            )
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, McpError> {
        Ok(ListResourcesResult::with_all_items(vec![
            Resource::new(REPORT_JSON, "report.json")
                .with_mime_type("application/json")
                .with_description("The audit: every fact behind the report (schema principal.report/2)"),
            Resource::new(REPORT_MD, "REPORT.md")
                .with_mime_type("text/markdown")
                .with_description("The audit in plain language: summary, architecture, risks, onboarding"),
        ]))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, McpError> {
        let extras = principal_report::audit::Extras::default();
        let mut buf = Vec::new();
        let (uri, mime) = match request.uri.as_str() {
            REPORT_JSON => {
                principal_report::audit::write_json(&mut buf, &self.state.audit, &extras)
                    .map_err(|e| McpError::internal_error(e.to_string(), None))?;
                (REPORT_JSON, "application/json")
            }
            REPORT_MD => {
                principal_report::audit::write_markdown(&mut buf, &self.state.audit, &extras)
                    .map_err(|e| McpError::internal_error(e.to_string(), None))?;
                (REPORT_MD, "text/markdown")
            }
            other => {
                return Err(McpError::resource_not_found("no such resource", Some(json!({"uri": other}))));
            }
        };
        let contents =
            ResourceContents::text(String::from_utf8_lossy(&buf).into_owned(), uri).with_mime_type(mime);
        Ok(ReadResourceResult::new(vec![contents]).into())
    }
}

/// Builds the analysis once, with the caches: the same read, rules and audit as the CLI's.
pub fn build(
    path: &Path,
    options: AuditOptions,
    reporter: &dyn principal_engine::Reporter,
) -> anyhow::Result<State> {
    let options = AuditOptions { symbols: true, ..options };
    let analysis = principal_engine::analysis::for_audit(path, options, reporter)?;
    let rules = principal_engine::check::evaluate(&analysis);
    let audit = analysis.audit();
    let node_of = analysis.model.nodes.iter().enumerate().map(|(i, n)| (n.path.clone(), i)).collect();
    let root = std::fs::canonicalize(&analysis.output.root).unwrap_or_else(|_| analysis.output.root.clone());
    Ok(State {
        root,
        file_graph_rev: analysis.arch.file_graph.reversed(),
        component_graph_rev: analysis.arch.component_graph.reversed(),
        analysis,
        audit,
        rules,
        node_of,
        repo_map: OnceLock::new(),
        tokenizer: OnceLock::new(),
    })
}

/// Builds the analysis of `path` and serves it: over stdio, or streamable HTTP on
/// 127.0.0.1:`http` (0 picks a free port). The reporter shows the build's progress and notes,
/// and the address the HTTP server listens on.
pub fn run(
    path: &Path,
    options: AuditOptions,
    http: Option<u16>,
    reporter: &dyn principal_engine::Reporter,
) -> anyhow::Result<()> {
    if !path.is_dir() {
        anyhow::bail!("{}: not a directory; give the repository to serve", path.display());
    }
    #[cfg(not(feature = "http"))]
    if http.is_some() {
        anyhow::bail!(
            "--http: this build of principal has no HTTP transport (build with the `http` feature)"
        );
    }
    let state = build(path, options, reporter)?;
    tracing::info!(files = state.analysis.model.nodes.len(), "model built; serving");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let server = Server::new(state);
        match http {
            None => serve_stdio(server).await?,
            #[cfg(feature = "http")]
            Some(port) => serve_http(server, port, reporter).await?,
            #[cfg(not(feature = "http"))]
            Some(_) => unreachable!("refused above"),
        }
        anyhow::Ok(())
    })
}

/// Serves over stdin and stdout, answering lines that are not JSON with a JSON-RPC parse error
/// (-32700) instead of dropping them: the protocol goes through two in-memory pipes, and one
/// writer puts whole lines on stdout.
async fn serve_stdio(server: Server) -> anyhow::Result<()> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let (mut to_server, server_in) = tokio::io::duplex(1 << 20);
    let (server_out, from_server) = tokio::io::duplex(1 << 20);
    let (lines_tx, mut lines_rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let writer = tokio::spawn(async move {
        let mut stdout = tokio::io::stdout();
        while let Some(line) = lines_rx.recv().await {
            if stdout.write_all(line.as_bytes()).await.is_err() || stdout.flush().await.is_err() {
                break;
            }
        }
    });
    let errors = lines_tx.clone();
    let reader = tokio::spawn(async move {
        let mut lines = BufReader::new(tokio::io::stdin()).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            if line.trim().is_empty() {
                continue;
            }
            if serde_json::from_str::<serde_json::Value>(&line).is_err() {
                tracing::warn!("a request that is not JSON was answered with a parse error");
                let error = json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32700, "message": "Parse error: not JSON"}});
                let _ = errors.send(format!("{error}\n"));
                continue;
            }
            if to_server.write_all(format!("{line}\n").as_bytes()).await.is_err() {
                break;
            }
        }
        // End of input: the server sees its input close and stops.
        let _ = to_server.shutdown().await;
    });
    let forward = tokio::spawn(async move {
        let mut lines = BufReader::new(from_server).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            if lines_tx.send(format!("{line}\n")).is_err() {
                break;
            }
        }
    });
    let service = server.serve((server_in, server_out)).await?;
    service.waiting().await?;
    reader.abort();
    let _ = forward.await;
    let _ = writer.await;
    Ok(())
}

#[cfg(feature = "http")]
async fn serve_http(
    server: Server,
    port: u16,
    reporter: &dyn principal_engine::Reporter,
) -> anyhow::Result<()> {
    use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
    use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};
    let config = StreamableHttpServerConfig::default()
        .with_allowed_origins(["http://127.0.0.1:*", "http://localhost:*"]);
    let service: StreamableHttpService<Server, LocalSessionManager> = StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    // A session's DELETE is answered 204: rmcp answers 202, which the MCP SDKs take for a
    // failure ("Session termination failed").
    let app = axum::Router::new().nest_service("/mcp", service).layer(axum::middleware::from_fn(
        |request: axum::extract::Request, next: axum::middleware::Next| async move {
            let delete = request.method() == axum::http::Method::DELETE;
            let mut response = next.run(request).await;
            if delete && response.status() == axum::http::StatusCode::ACCEPTED {
                *response.status_mut() = axum::http::StatusCode::NO_CONTENT;
            }
            response
        },
    ));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.with_context(|| {
        format!("--http {port}: cannot listen on 127.0.0.1:{port}; pick another port, or 0 for any free one")
    })?;
    let bound = listener.local_addr()?;
    reporter.note(&format!("serving MCP over streamable HTTP at http://{bound}/mcp"));
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
