//! `principal init`: a starter `principal.toml` that today's code base passes, so that a team
//! adopts rules in one step and tightens them later.

use std::fmt::Write as _;

use principal_graph::Architecture;
use principal_model::Model;

/// Components are listed as `[components]` entries up to this many; past it, in a comment.
const MAX_LISTED: usize = 40;

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The starter config: the detected components, today's layering as layers rules, `no_cycles`
/// when there are no cycles today, and limits at today's worst values, each with a comment.
pub fn starter(model: &Model, arch: &Architecture, scan: &principal_model::ScanResult) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# principal.toml: architecture rules that `principal check` enforces.\n\
         # Written by `principal init` from the code as it is today, so that it passes now;\n\
         # tighten it over time. Reference: docs/rules.md in Principal's repository.\n"
    );

    let comps: Vec<(usize, &principal_model::Component)> =
        model.components.iter().enumerate().filter(|(i, _)| arch.components[*i].files > 0).collect();
    let _ = writeln!(
        s,
        "# Components: named groups of paths (globs). They replace the detected components for\n\
         # every rule and report. These are the {} components Principal detected.",
        comps.len()
    );
    if comps.len() <= MAX_LISTED {
        let _ = writeln!(s, "[components]");
        for (_, c) in &comps {
            let glob = if c.id == "." { "**".to_owned() } else { format!("{}/**", c.id) };
            let _ = writeln!(s, "{} = [{}]", quote(&c.id), quote(&glob));
        }
    } else {
        let _ = writeln!(s, "# (More than {MAX_LISTED}: left to detection. Name the ones that matter.)");
        let _ = writeln!(s, "# [components]\n# api = [\"src/api/**\"]");
    }
    let _ = writeln!(s);

    let levels = crate::component_levels(model, arch);
    if levels.len() >= 2 && comps.len() <= MAX_LISTED {
        let _ = writeln!(
            s,
            "# Layers, from the top: a layer may depend only on the layers below it. These are\n\
             # today's levels (a component's level is the longest chain of dependencies below it).\n\
             # Set `strict = true` on a layer to allow only the layer directly below."
        );
        for (level, ids) in levels.iter().rev() {
            let list: Vec<String> = ids.iter().map(|i| quote(i)).collect();
            let _ =
                writeln!(s, "[[rules.layers]]\nname = \"level-{level}\"\npaths = [{}]\n", list.join(", "));
        }
    }

    let _ = writeln!(
        s,
        "# Forbidden dependencies, for example:\n\
         # [[rules.forbidden]]\n\
         # name = \"ui-not-db\"\n\
         # from = \"src/ui/**\"\n\
         # to = \"src/db/**\"\n\
         # except = [\"src/ui/admin/**\"]\n\
         # reason = \"the UI goes through the service layer\"\n"
    );

    let _ = writeln!(s, "[rules]");
    let file_cycles = arch.file_cycles.len();
    let component_cycles = arch.component_cycles.len();
    if file_cycles == 0 {
        let _ = writeln!(
            s,
            "# No file imports itself through others today; keep it that way.\nno_cycles = true\ncycles_scope = \"file\""
        );
    } else if component_cycles == 0 {
        let _ = writeln!(
            s,
            "# {file_cycles} cycles between files today, none between components: forbid the latter.\n\
             no_cycles = true\ncycles_scope = \"component\""
        );
    } else {
        let _ = writeln!(
            s,
            "# {component_cycles} cycles between components today: break them, then enable this.\n\
             # no_cycles = true\n# cycles_scope = \"component\""
        );
    }
    let max_ccn = scan.files.iter().flat_map(|f| &f.functions).map(|f| f.cyclomatic).max().unwrap_or(0);
    let max_cog = scan.files.iter().flat_map(|f| &f.functions).map(|f| f.cognitive).max().unwrap_or(0);
    let max_lines =
        scan.files.iter().filter(|f| f.language.is_parsed()).map(|f| f.lines.code).max().unwrap_or(0);
    let max_fan_out = arch.fan_out.iter().copied().max().unwrap_or(0);
    let _ = writeln!(
        s,
        "# Limits at today's worst values, so nothing gets worse; lower them step by step\n\
         # (common targets: cyclomatic 15, cognitive 15, 1000 lines, fan-out 20).\n\
         max_cyclomatic = {}\nmax_cognitive = {}\nmax_file_lines = {}\nmax_fan_out = {}",
        max_ccn.max(10),
        max_cog.max(10),
        max_lines.max(300),
        max_fan_out.max(10)
    );
    let _ = writeln!(
        s,
        "# Needs git history: every component's truck factor at least this.\n# min_truck_factor = 2"
    );
    s
}
