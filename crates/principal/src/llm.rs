//! `audit --llm`: a narrative from an OpenAI-compatible chat-completions endpoint. Optional and
//! best-effort: the caller turns every error into a warning.

use std::time::Duration;

use anyhow::{Context, bail};
use principal_audit::Audit;
use principal_report::audit::Narrative;

/// The endpoint's base URL (`…/v1`): `PRINCIPAL_LLM_BASE_URL`, then `OPENAI_BASE_URL`.
fn base_url() -> Option<String> {
    ["PRINCIPAL_LLM_BASE_URL", "OPENAI_BASE_URL"]
        .into_iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| v.trim().trim_end_matches('/').to_owned())
        .find(|v| !v.is_empty())
}

pub fn narrative(audit: &Audit, model: &str) -> anyhow::Result<Narrative> {
    let Some(base) = base_url() else {
        bail!(
            "no endpoint: set PRINCIPAL_LLM_BASE_URL (or OPENAI_BASE_URL) to an OpenAI-compatible base URL such as https://api.openai.com/v1"
        )
    };
    let url = format!("{base}/chat/completions");
    let body = serde_json::json!({
        "model": model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": facts(audit)},
        ],
    });
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(120)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = agent.post(&url).header("Content-Type", "application/json");
    if let Ok(key) = std::env::var("OPENAI_API_KEY")
        && !key.trim().is_empty()
    {
        request = request.header("Authorization", &format!("Bearer {}", key.trim()));
    }
    let mut response = request.send(body.to_string()).with_context(|| format!("calling {url}"))?;
    let status = response.status();
    let text = response
        .body_mut()
        .with_config()
        .limit(4 * 1024 * 1024)
        .read_to_string()
        .with_context(|| format!("reading the answer from {url}"))?;
    if !status.is_success() {
        let snippet: String = text.chars().take(200).collect();
        bail!("{url} answered {status}: {snippet}");
    }
    let value: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{url} did not answer with JSON"))?;
    let content = value
        .pointer("/choices/0/message/content")
        .and_then(|c| c.as_str())
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .with_context(|| format!("{url} answered without choices[0].message.content"))?;
    Ok(Narrative { model: model.to_owned(), text: content.to_owned() })
}

const SYSTEM: &str = "You are a principal engineer. Write for a reader who is not technical: a \
manager or executive. In at most three short paragraphs, say what the system is, how healthy it \
is, and what to invest in first, and why. Use only the facts given; do not invent figures, names \
or files. No headings, no lists, no jargon without a short explanation.";

/// The facts the model may use: the summary, the components and the top risks, as JSON. No
/// source code, and no secret (findings carry only redacted values).
fn facts(audit: &Audit) -> String {
    let components: Vec<serde_json::Value> = audit
        .components
        .iter()
        .take(30)
        .map(|c| {
            serde_json::json!({
                "id": c.id, "files": c.files, "code_lines": c.code_lines, "language": c.language,
                "depends_on": c.depends_on, "truck_factor": c.truck_factor,
            })
        })
        .collect();
    let risks: Vec<serde_json::Value> = audit
        .risks
        .iter()
        .take(10)
        .map(|r| {
            serde_json::json!({
                "severity": r.severity, "kind": r.kind, "title": r.title, "plain": r.plain,
                "action": r.action, "audience": r.audience,
            })
        })
        .collect();
    serde_json::json!({
        "name": audit.onboarding.title.as_deref().unwrap_or(&audit.repository.name),
        "description": audit.onboarding.description,
        "summary": audit.summary,
        "health": audit.health,
        "languages": audit.languages.iter().take(5).collect::<Vec<_>>(),
        "components": components,
        "top_risks": risks,
    })
    .to_string()
}
