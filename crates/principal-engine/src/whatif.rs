//! `principal whatif` and the MCP `whatif` tool: a scenario applied to the analysis's model
//! (nothing on disk changes), analysed again, and compared with the repository as it is.

use std::path::Path;

use anyhow::Context;
use principal_strategy::whatif::{self, Scenario, Side, WhatIf};

use crate::Analysis;
use crate::Reporter;
use crate::analysis::AuditOptions;

/// Reads a scenario file (`--scenario FILE.toml`).
pub fn read_scenario(path: &Path) -> anyhow::Result<Scenario> {
    let meta = std::fs::metadata(path).with_context(|| {
        format!("--scenario {}: cannot read it; give a scenario file (docs/whatif.md)", path.display())
    })?;
    if !meta.is_file() {
        anyhow::bail!("--scenario {}: not a file", path.display());
    }
    if meta.len() > whatif::MAX_SCENARIO_BYTES as u64 {
        anyhow::bail!("--scenario {}: {} bytes; a scenario is a few lines", path.display(), meta.len());
    }
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{}: not UTF-8 text; a scenario file is TOML", path.display()))?;
    Ok(Scenario::parse_file(&text, &path.display().to_string())?)
}

/// The audit's analysis of `path`, then the scenario over it.
pub fn whatif(
    path: &Path,
    scenario: &Scenario,
    options: AuditOptions,
    reporter: &dyn Reporter,
) -> anyhow::Result<WhatIf> {
    if !path.exists() {
        anyhow::bail!(
            "{}: no such file or directory; give the repository to try the scenario on",
            path.display()
        );
    }
    if scenario.is_empty() {
        anyhow::bail!(
            "no scenario: give --move, --cut, --merge, --split or --scenario FILE (docs/whatif.md)"
        );
    }
    let analysis = crate::analysis::for_audit(path, options, reporter)?;
    let audit = analysis.audit();
    Ok(analysis.whatif(&audit, scenario)?)
}

impl Analysis {
    /// The scenario applied to this analysis's model, and the two compared: the architecture,
    /// the rules of principal.toml and the risk register. `audit` is this analysis's own audit.
    /// The history is analysed again for the new components; who changed which file is the same.
    pub fn whatif(
        &self,
        audit: &principal_audit::Audit,
        scenario: &Scenario,
    ) -> Result<WhatIf, whatif::Error> {
        let applied = whatif::apply(&self.model, scenario)?;
        let scan = &self.output.result;
        let arch = principal_graph::analyze(&applied.model, &scan.files);
        let history = self.history.as_ref().map(|h| h.for_model(scan, &applied.model));
        let violations = |model, arch, history| {
            principal_rules::check(&self.config, &principal_rules::Input { scan, model, arch, history })
                .violations
        };
        let before_violations = violations(&self.model, &self.arch, self.history.as_ref().map(|h| &h.report));
        let after_violations = violations(&applied.model, &arch, history.as_ref());
        let after_audit = self.audit_of(&applied.model, &arch, history.as_ref());
        let grade = |a: &principal_audit::Audit| a.health.grade.as_ref().map(|g| g.grade);
        Ok(whatif::compare(
            scan,
            &Side {
                model: &self.model,
                arch: &self.arch,
                violations: &before_violations,
                risks: &audit.risks,
                grade: grade(audit),
            },
            &Side {
                model: &applied.model,
                arch: &arch,
                violations: &after_violations,
                risks: &after_audit.risks,
                grade: grade(&after_audit),
            },
            &applied,
            scenario.description.clone(),
        ))
    }
}
