//! The repository map for agents (`principal context`, MCP `repo_map`): the symbols of the one
//! read, ranked, and the token counter the fitting uses.

/// o200k_base token counts (tiktoken's encoding for current OpenAI models), offline.
pub struct TokenCounter(tiktoken_rs::CoreBPE);

impl TokenCounter {
    pub fn new() -> anyhow::Result<TokenCounter> {
        tiktoken_rs::o200k_base()
            .map(TokenCounter)
            .map_err(|e| anyhow::anyhow!("loading the o200k_base tokenizer: {e}"))
    }

    pub fn count(&self, text: &str) -> usize {
        self.0.encode_ordinary(text).len()
    }
}

/// The focus paths as the symbols name them (`./` dropped), each checked to be a parsed file.
pub fn focus(
    symbols: &[principal_audit::context::FileSymbols],
    focus: &[String],
    root: &std::path::Path,
) -> anyhow::Result<Vec<String>> {
    focus
        .iter()
        .map(|f| {
            let f = f.trim_start_matches("./");
            if !symbols.iter().any(|s| s.path == f) {
                anyhow::bail!(
                    "--focus {f}: not a parsed source file under {}; give a path relative to it",
                    root.display()
                );
            }
            Ok(f.to_owned())
        })
        .collect()
}
