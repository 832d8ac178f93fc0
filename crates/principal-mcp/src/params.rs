//! The tools' arguments, and what answers a bad one.
//!
//! Under the 2025-11-25 specification a tool's input errors are results with `isError: true`,
//! so that the model reads what went wrong and corrects itself; protocol errors are for
//! requests the server cannot route. Every tool therefore takes its arguments as a JSON object
//! and decodes them itself: a wrong type, an unknown field, an unknown path or a value out of
//! range all come back as a [`Refusal`] with a hint.

use rmcp::model::{CallToolResult, ContentBlock, JsonObject};
use rmcp::schemars;
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// An input the model can correct: what was wrong, and what would be right.
#[derive(Debug)]
pub struct Refusal {
    pub message: String,
    pub hint: String,
}

impl Refusal {
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Refusal {
        Refusal { message: message.into(), hint: hint.into() }
    }

    /// The tool result: `isError: true`, the message and the hint as text.
    pub fn into_result(self) -> CallToolResult {
        CallToolResult::error(vec![ContentBlock::text(format!("{}\nhint: {}", self.message, self.hint))])
    }
}

/// Decodes a tool's arguments, refusing unknown fields and wrong types.
pub fn decode<T: DeserializeOwned>(args: JsonObject) -> Result<T, Refusal> {
    serde_json::from_value(serde_json::Value::Object(args)).map_err(|e| {
        Refusal::new(
            format!("invalid arguments: {e}"),
            "the tool's inputSchema lists its arguments and their types",
        )
    })
}

/// The most items a `limit` may ask for.
pub const MAX_LIMIT: usize = 1000;

/// A list's length: `limit`, else the tool's default, refused outside 1..=[`MAX_LIMIT`].
pub fn limit(asked: Option<usize>, default: usize) -> Result<usize, Refusal> {
    match asked {
        None => Ok(default),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(n) => Err(Refusal::new(
            format!("limit {n} is out of range"),
            format!("give a limit from 1 to {MAX_LIMIT}, or omit it for the default of {default}"),
        )),
    }
}

/// The most steps `depth` may ask for.
pub const MAX_DEPTH: u32 = 10;

pub fn depth(asked: Option<u32>) -> Result<u32, Refusal> {
    match asked {
        None => Ok(1),
        Some(d) if (1..=MAX_DEPTH).contains(&d) => Ok(d),
        Some(d) => Err(Refusal::new(
            format!("depth {d} is out of range"),
            format!("give a depth from 1 (direct only) to {MAX_DEPTH}"),
        )),
    }
}

/// Keeps the first `limit` items; what is cut is counted under `name` in `left_out`.
pub fn cut<T>(
    mut items: Vec<T>,
    limit: usize,
    name: &str,
    left_out: &mut serde_json::Map<String, serde_json::Value>,
) -> Vec<T> {
    if items.len() > limit {
        left_out.insert(name.to_owned(), (items.len() - limit).into());
        items.truncate(limit);
    }
    items
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverviewParams {
    /// How many components to list (default 30, at most 1000); the top risks are always 10.
    #[serde(default)]
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PathParams {
    /// A file path relative to the repository root (absolute paths inside it are accepted), or a
    /// component id such as `src/api`.
    pub path: String,
    /// How many items each list may hold (default 20, at most 1000); `left_out` counts the rest.
    #[serde(default)]
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileParams {
    /// A file path relative to the repository root (absolute paths inside it are accepted).
    pub path: String,
    /// How many items each list may hold (default 30 for `impact`, 20 for `coupled_files`, at
    /// most 1000); `left_out` counts the rest.
    #[serde(default)]
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DepthParams {
    /// A file path relative to the repository root, or a component id.
    pub path: String,
    /// How many steps to follow: 1 (the default) is direct only, at most 10.
    #[serde(default)]
    pub depth: Option<u32>,
    /// How many files or components to list, nearest first (default 50, at most 1000).
    #[serde(default)]
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentParams {
    /// A component id, as `overview` lists them.
    pub name: String,
    /// How many files to list (default 50, at most 1000).
    #[serde(default)]
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HotspotParams {
    /// How many to return (default 10, at most 1000).
    #[serde(default)]
    pub limit: Option<usize>,
    /// The same as `limit`, kept for older clients.
    #[serde(default)]
    pub top: Option<usize>,
    /// Only files of this component.
    #[serde(default)]
    pub component: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesParams {
    /// How many violations to list (default 20, at most 1000); `left_out` counts the rest.
    #[serde(default)]
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WhatifParams {
    /// `FILES=COMPONENT`: the files (a path, folder, glob or component) join the component,
    /// which is made when it does not exist.
    #[serde(default, rename = "move")]
    pub moves: Vec<String>,
    /// `FROM->TO`: remove every import from a file of FROM of a file of TO.
    #[serde(default, rename = "cut")]
    pub cuts: Vec<String>,
    /// `A,B[=NAME]`: the components become one, named NAME (default: the first).
    #[serde(default, rename = "merge")]
    pub merges: Vec<String>,
    /// `COMPONENT=GLOB[=NAME]`: the component's files matching GLOB become a new component.
    #[serde(default, rename = "split")]
    pub splits: Vec<String>,
    /// How many items each list may hold (default 20, at most 1000); `left_out` counts the rest.
    #[serde(default)]
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExplainParams {
    /// A file or component to explain; omit for the whole system.
    #[serde(default)]
    pub path: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepoMapParams {
    /// The most tokens (o200k_base) the map may take: 64 to 32768, default 2048.
    #[serde(default)]
    pub budget: Option<usize>,
    /// Parsed source files the task is about, relative to the root; the ranking leans toward
    /// what they use.
    #[serde(default)]
    pub focus: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_types_and_unknown_fields_are_refusals() {
        let args = |v: serde_json::Value| v.as_object().expect("object").clone();
        assert!(decode::<DepthParams>(args(serde_json::json!({"path": "a.py", "depth": 2}))).is_ok());
        let e = decode::<DepthParams>(args(serde_json::json!({"path": 3}))).expect_err("a number");
        assert!(e.message.contains("invalid type"), "{e:?}");
        let e =
            decode::<DepthParams>(args(serde_json::json!({"path": "a", "deep": 2}))).expect_err("unknown");
        assert!(e.message.contains("unknown field `deep`"), "{e:?}");
        let e = decode::<DepthParams>(args(serde_json::json!({}))).expect_err("missing");
        assert!(e.message.contains("missing field `path`"), "{e:?}");
    }

    #[test]
    fn ranges_are_refused_not_clamped() {
        assert_eq!(depth(None).expect("default"), 1);
        assert!(depth(Some(0)).is_err() && depth(Some(11)).is_err());
        assert_eq!(limit(Some(1000), 5).expect("max"), 1000);
        assert!(limit(Some(0), 5).is_err() && limit(Some(1001), 5).is_err());
        let mut left = serde_json::Map::new();
        assert_eq!(cut(vec![1, 2, 3], 2, "files", &mut left), [1, 2]);
        assert_eq!(left["files"], 1);
        assert_eq!(cut(vec![1], 2, "more", &mut left), [1]);
        assert!(!left.contains_key("more"));
    }
}
