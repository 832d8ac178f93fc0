//! The `outputSchema` of every tool that answers JSON. Each answer's `structuredContent`
//! conforms to its tool's schema (the MCP Python SDK validates it, and so does
//! `tests/it/mcp.rs`). The schemas name every top-level field and the shape of list items;
//! rows taken whole from the audit (`principal.report/2`, docs/report.md) are objects whose
//! fields are documented there.

use std::sync::Arc;

use rmcp::model::JsonObject;
use serde_json::{Value, json};

fn object(properties: Value, required: &[&str]) -> Arc<JsonObject> {
    let schema = json!({"type": "object", "properties": properties, "required": required});
    Arc::new(schema.as_object().expect("a JSON object literal").clone())
}

fn list(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

fn row(required: &[&str]) -> Value {
    json!({"type": "object", "required": required})
}

/// Counts of the items each list left out because of its `limit`, by list name.
fn left_out() -> Value {
    json!({"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}})
}

const STRING: &str = "string";

fn nullable(kind: &str) -> Value {
    json!({"type": [kind, "null"]})
}

fn of(kind: &str) -> Value {
    json!({"type": kind})
}

pub fn overview() -> Arc<JsonObject> {
    object(
        json!({
            "repository": of(STRING),
            "what_it_is": nullable(STRING),
            "summary": of("object"),
            "health": of("object"),
            "languages": list(row(&["language"])),
            "components": list(json!({
                "type": "object",
                "properties": {
                    "id": of(STRING), "files": of("integer"), "code_lines": of("integer"),
                    "language": of(STRING), "depends_on": list(of(STRING)), "used_by": list(of(STRING)),
                },
                "required": ["id", "files", "code_lines", "depends_on", "used_by"],
            })),
            "top_risks": list(json!({
                "type": "object",
                "properties": {
                    "id": of(STRING), "kind": of(STRING), "severity": of(STRING), "title": of(STRING),
                    "action": of(STRING),
                },
                "required": ["id", "kind", "severity", "title", "action"],
            })),
            "left_out": left_out(),
        }),
        &["repository", "summary", "health", "languages", "components", "top_risks", "left_out"],
    )
}

pub fn component() -> Arc<JsonObject> {
    object(
        json!({
            "component": row(&["id", "files", "code_lines", "experts"]),
            "files": list(of(STRING)),
            "hotspots": list(row(&["path"])),
            "left_out": left_out(),
        }),
        &["component", "files", "hotspots", "left_out"],
    )
}

/// `dependencies` and `dependents`: files for a file, components for a component.
pub fn reach() -> Arc<JsonObject> {
    object(
        json!({
            "path": of(STRING),
            "component": of(STRING),
            "depth": of("integer"),
            "files": list(json!({
                "type": "object",
                "properties": {"path": of(STRING), "distance": of("integer"), "import_line": nullable("integer")},
                "required": ["path", "distance"],
            })),
            "components": list(json!({
                "type": "object",
                "properties": {"id": of(STRING), "distance": of("integer")},
                "required": ["id", "distance"],
            })),
            "left_out": left_out(),
        }),
        &["depth", "left_out"],
    )
}

pub fn hotspots() -> Arc<JsonObject> {
    object(
        json!({"hotspots": list(row(&["path", "revisions", "score"])), "left_out": left_out()}),
        &["hotspots", "left_out"],
    )
}

fn coupled_row() -> Value {
    json!({
        "type": "object",
        "properties": {
            "file": of(STRING), "shared_commits": of("integer"), "degree": of("number"),
            "explained_by_import": of("boolean"),
        },
        "required": ["file", "shared_commits", "degree", "explained_by_import"],
    })
}

pub fn coupled_files() -> Arc<JsonObject> {
    object(
        json!({"path": of(STRING), "coupled": list(coupled_row()), "left_out": left_out()}),
        &["path", "coupled", "left_out"],
    )
}

pub fn who_to_ask() -> Arc<JsonObject> {
    object(
        json!({
            "path": of(STRING),
            "component": of(STRING),
            "main_author": nullable(STRING),
            "ownership": nullable("number"),
            "authors": {"type": ["array", "null"], "items": {
                "type": "object",
                "properties": {"name": of(STRING), "active": of("boolean")},
                "required": ["name", "active"],
            }},
            "component_experts": {"type": ["array", "null"], "items": row(&["name"])},
            "experts": {"type": ["array", "null"], "items": row(&["name"])},
            "left_out": left_out(),
        }),
        &["left_out"],
    )
}

pub fn check_rules() -> Arc<JsonObject> {
    object(
        json!({
            "rules_configured": of("boolean"),
            "violations": list(row(&["rule", "message"])),
            "notes": list(of(STRING)),
            "left_out": left_out(),
        }),
        &["rules_configured", "violations", "notes", "left_out"],
    )
}

pub fn whatif() -> Arc<JsonObject> {
    let summary = json!({
        "type": "object",
        "properties": {
            "components": of("integer"),
            "component_cycles": of("integer"),
            "file_cycles": of("integer"),
            "component_levels": of("integer"),
            "propagation_cost": of("number"),
            "nccd": of("number"),
            "rule_violations": of("integer"),
            "risks": of("object"),
        },
        "required": ["components", "component_cycles", "file_cycles", "component_levels", "propagation_cost", "nccd", "rule_violations", "risks"],
    });
    object(
        json!({
            "schema": of(STRING),
            "steps": list(row(&["step"])),
            "before": summary.clone(),
            "after": summary,
            "components": list(row(&["component"])),
            "component_edges_added": list(of("array")),
            "component_edges_removed": list(of("array")),
            "cycles_new": list(row(&["scope", "members"])),
            "cycles_broken": list(row(&["scope", "members"])),
            "violations_introduced": list(row(&["rule", "message"])),
            "violations_resolved": list(row(&["rule", "message"])),
            "risks_added": list(row(&["id", "title"])),
            "risks_removed": list(row(&["id", "title"])),
            "risks_rescored": list(row(&["id", "title"])),
            "left_out": left_out(),
        }),
        &[
            "schema",
            "steps",
            "before",
            "after",
            "components",
            "cycles_new",
            "cycles_broken",
            "risks_added",
            "risks_removed",
            "risks_rescored",
            "left_out",
        ],
    )
}

pub fn impact() -> Arc<JsonObject> {
    object(
        json!({
            "path": of(STRING),
            "dependents": list(json!({
                "type": "object",
                "properties": {"path": of(STRING), "distance": of("integer")},
                "required": ["path", "distance"],
            })),
            "coupled": list(coupled_row()),
            "tests": list(of(STRING)),
            "left_out": left_out(),
        }),
        &["path", "dependents", "coupled", "tests", "left_out"],
    )
}
