//! `principal history` output: the `principal.history/2` JSON contract and the terminal summary.

use std::io::{self, Write};

use principal_history::{Report, date_of};
use serde::Serialize;

use crate::{Style, r4};

pub const SCHEMA: &str = "principal.history/2";

/// What the renderers need besides the report.
pub struct HistoryInput<'a> {
    pub report: &'a Report,
    /// The analysed commit.
    pub head: &'a str,
    /// The clone is shallow: history before its boundary is missing.
    pub shallow: bool,
    /// Objects that could not be read: the commits holding them are left out.
    pub unreadable: &'a [String],
}

#[derive(Serialize)]
struct HistoryJson<'a> {
    schema: &'static str,
    head: &'a str,
    shallow: bool,
    /// Absent when every object was read (the history is complete).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    unreadable_objects: &'a [String],
    commits: u32,
    authors: Vec<AuthorJson<'a>>,
    files: Vec<FileJson<'a>>,
    coupling: Vec<CouplingJson<'a>>,
    hotspots: Vec<HotspotJson<'a>>,
    truck_factor: TruckJson<'a>,
    current_truck_factor: TruckJson<'a>,
    orphaned_files: u32,
    counted_files: u32,
    orphaned_lines: u64,
    counted_lines: u64,
    components: Vec<ComponentJson<'a>>,
    knowledge_islands: &'a [String],
    knowledge_loss: Option<LossJson<'a>>,
    activity: Vec<MonthJson<'a>>,
}

#[derive(Serialize)]
struct AuthorJson<'a> {
    name: &'a str,
    email: &'a str,
    commits: u32,
    bot: bool,
    active: bool,
    recent_commits: u32,
    recent_merges: u32,
    first: String,
    last: String,
}

#[derive(Serialize)]
struct FileJson<'a> {
    path: &'a str,
    component: &'a str,
    revisions: u32,
    recent_revisions: u32,
    recent_mechanical: u32,
    recent_fixes: u32,
    added: u64,
    deleted: u64,
    authors: &'a [String],
    main_author: Option<&'a str>,
    ownership: f64,
    fragmentation: f64,
    age_days: i64,
    first_age_days: i64,
    doa_authors: &'a [String],
    line_shares: Vec<ShareJson<'a>>,
    knowers: &'a [String],
    coupling: f64,
}

#[derive(Serialize)]
struct ShareJson<'a> {
    name: &'a str,
    share: f64,
}

#[derive(Serialize)]
struct CouplingJson<'a> {
    a: &'a str,
    b: &'a str,
    shared: u32,
    degree: f64,
    revs_a: u32,
    revs_b: u32,
    explained_by_import: bool,
    cross_component: bool,
}

#[derive(Serialize)]
struct HotspotJson<'a> {
    path: &'a str,
    revisions: u32,
    recent_revisions: u32,
    recent_mechanical: u32,
    recent_fixes: u32,
    complexity: u64,
    score: f64,
}

#[derive(Serialize)]
struct TruckJson<'a> {
    value: u32,
    authors: &'a [String],
}

#[derive(Serialize)]
struct ComponentJson<'a> {
    id: &'a str,
    files: u32,
    revisions: u32,
    recent_work: u32,
    hotspot_score: f64,
    truck_factor: TruckJson<'a>,
    active_authors: &'a [String],
    knowers: &'a [String],
    knowledge_island: bool,
}

#[derive(Serialize)]
struct LossJson<'a> {
    leaving: &'a [String],
    files: &'a [String],
    components: &'a [String],
}

#[derive(Serialize)]
struct MonthJson<'a> {
    month: &'a str,
    commits: u32,
    authors: u32,
}

pub fn write_json(out: &mut dyn Write, input: &HistoryInput<'_>) -> io::Result<()> {
    let r = input.report;
    let doc = HistoryJson {
        schema: SCHEMA,
        head: input.head,
        shallow: input.shallow,
        unreadable_objects: input.unreadable,
        commits: r.commits,
        authors: r
            .authors
            .iter()
            .map(|a| AuthorJson {
                name: &a.name,
                email: &a.email,
                commits: a.commits,
                bot: a.bot,
                active: a.active,
                recent_commits: a.recent_commits,
                recent_merges: a.recent_merges,
                first: date_of(a.first),
                last: date_of(a.last),
            })
            .collect(),
        files: r
            .files
            .iter()
            .map(|f| FileJson {
                path: &f.path,
                component: &f.component,
                revisions: f.revisions,
                recent_revisions: f.recent_revisions,
                recent_mechanical: f.recent_mechanical,
                recent_fixes: f.recent_fixes,
                added: f.added,
                deleted: f.deleted,
                authors: &f.authors,
                main_author: f.main_author.as_deref(),
                ownership: r4(f.ownership),
                fragmentation: r4(f.fragmentation),
                age_days: f.age_days,
                first_age_days: f.first_age_days,
                doa_authors: &f.doa_authors,
                line_shares: f
                    .line_shares
                    .iter()
                    .map(|(name, share)| ShareJson { name, share: r4(*share) })
                    .collect(),
                knowers: &f.knowers,
                coupling: r4(f.coupling),
            })
            .collect(),
        coupling: r
            .coupling
            .iter()
            .map(|c| CouplingJson {
                a: &c.a,
                b: &c.b,
                shared: c.shared,
                degree: r4(c.degree),
                revs_a: c.revs_a,
                revs_b: c.revs_b,
                explained_by_import: c.explained_by_import,
                cross_component: c.cross_component,
            })
            .collect(),
        hotspots: r
            .hotspots
            .iter()
            .map(|h| HotspotJson {
                path: &h.path,
                revisions: h.revisions,
                recent_revisions: h.recent_revisions,
                recent_mechanical: h.recent_mechanical,
                recent_fixes: h.recent_fixes,
                complexity: h.complexity,
                score: r4(h.score),
            })
            .collect(),
        truck_factor: TruckJson { value: r.truck_factor.value, authors: &r.truck_factor.authors },
        current_truck_factor: TruckJson {
            value: r.current_truck_factor.value,
            authors: &r.current_truck_factor.authors,
        },
        orphaned_files: r.orphaned_files,
        counted_files: r.counted_files,
        orphaned_lines: r.orphaned_lines,
        counted_lines: r.counted_lines,
        components: r
            .components
            .iter()
            .map(|c| ComponentJson {
                id: &c.id,
                files: c.files,
                revisions: c.revisions,
                recent_work: c.recent_work,
                hotspot_score: r4(c.hotspot_score),
                truck_factor: TruckJson { value: c.truck_factor.value, authors: &c.truck_factor.authors },
                active_authors: &c.active_authors,
                knowers: &c.knowers,
                knowledge_island: c.knowledge_island,
            })
            .collect(),
        knowledge_islands: &r.knowledge_islands,
        knowledge_loss: r.knowledge_loss.as_ref().map(|l| LossJson {
            leaving: &l.leaving,
            files: &l.files,
            components: &l.components,
        }),
        activity: r
            .activity
            .iter()
            .map(|m| MonthJson { month: &m.month, commits: m.commits, authors: m.authors })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

pub fn write_text(out: &mut dyn Write, input: &HistoryInput<'_>, style: Style, top: usize) -> io::Result<()> {
    let r = input.report;
    let s = style;
    let humans = r.authors.iter().filter(|a| !a.bot).count();
    let bots: Vec<&str> = r.authors.iter().filter(|a| a.bot).map(|a| a.name.as_str()).collect();
    let span = match (r.authors.iter().map(|a| a.first).min(), r.authors.iter().map(|a| a.last).max()) {
        (Some(a), Some(b)) => format!("{} to {}", date_of(a), date_of(b)),
        _ => "no commits".to_owned(),
    };
    let people = if humans == 1 { "1 person".to_owned() } else { format!("{humans} people") };
    writeln!(out, "{} {} commits by {people}, {span}", s.bold("History:"), r.commits)?;
    if !bots.is_empty() {
        writeln!(out, "  bots, left out of ownership: {}", bots.join(", "))?;
    }
    if input.shallow {
        writeln!(
            out,
            "  {} this is a shallow clone: history before its boundary is missing",
            s.yellow("note:")
        )?;
    }
    if !input.unreadable.is_empty() {
        writeln!(
            out,
            "  {} history partial: {} objects unreadable; the commits holding them are left out",
            s.yellow("note:"),
            input.unreadable.len()
        )?;
    }
    writeln!(
        out,
        "{} {}  ({})",
        s.bold("Truck factor:"),
        r.truck_factor.value,
        if r.truck_factor.authors.is_empty() {
            "no authorship yet".to_owned()
        } else {
            r.truck_factor.authors.join(", ")
        }
    )?;
    writeln!(out, "  {}", s.dim("by authorship over all history: the fewest people whose departure leaves most files with no author (Avelino et al. 2016)"))?;
    writeln!(
        out,
        "{} {}  ({})",
        s.bold("Truck factor now:"),
        r.current_truck_factor.value,
        if r.current_truck_factor.authors.is_empty() {
            format!(
                "{} of {} lines of code have nobody active who knows them",
                r.orphaned_lines, r.counted_lines
            )
        } else {
            r.current_truck_factor.authors.join(", ")
        }
    )?;
    writeln!(
        out,
        "  {}",
        s.dim("over who knows each source file now: an active person who is its author, wrote a fifth of its lines or made 2 of its commits of the last year")
    )?;

    if !r.hotspots.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", s.bold("Hotspots (change frequency × complexity)"))?;
        writeln!(out, "  {:>6} {:>5} {:>10}  File", "Score", "Revs", "Complexity")?;
        for h in r.hotspots.iter().take(top) {
            writeln!(out, "  {:>6.2} {:>5} {:>10}  {}", h.score, h.revisions, h.complexity, h.path)?;
        }
    }
    if !r.coupling.is_empty() {
        writeln!(out)?;
        let hidden = r.coupling.iter().filter(|c| !c.explained_by_import).count();
        writeln!(
            out,
            "{} {} pairs, {hidden} with no import between them",
            s.bold("Change coupling:"),
            r.coupling.len()
        )?;
        writeln!(out, "  {:>6} {:>6}  Files", "Degree", "Shared")?;
        for c in r.coupling.iter().take(top) {
            let tag = match (c.explained_by_import, c.cross_component) {
                (false, true) => s.yellow("  hidden, across components"),
                (false, false) => s.dim("  no import"),
                _ => String::new(),
            };
            writeln!(out, "  {:>5.0}% {:>6}  {} <-> {}{tag}", c.degree * 100.0, c.shared, c.a, c.b)?;
        }
    }
    let islands: Vec<&str> =
        r.components.iter().filter(|c| c.knowledge_island).map(|c| c.id.as_str()).collect();
    writeln!(out)?;
    writeln!(
        out,
        "{} {} files and {} components only one person knows now",
        s.bold("Knowledge islands:"),
        r.knowledge_islands.len(),
        islands.len()
    )?;
    for c in r.components.iter().filter(|c| c.knowledge_island).take(top) {
        writeln!(out, "  {} ({} files): {}", c.id, c.files, c.knowers.join(", "))?;
    }
    if let Some(loss) = &r.knowledge_loss {
        writeln!(out)?;
        writeln!(
            out,
            "{} if {} leave: {} files and {} components lose every author",
            s.bold("Knowledge loss"),
            loss.leaving.join(" and "),
            loss.files.len(),
            loss.components.len()
        )?;
        for c in loss.components.iter().take(top) {
            writeln!(out, "  component {c}")?;
        }
        for f in loss.files.iter().take(top) {
            writeln!(out, "  {f}")?;
        }
    }
    if !r.activity.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", s.bold("Activity, last 12 months with commits"))?;
        for m in r.activity.iter().rev().take(12).collect::<Vec<_>>().into_iter().rev() {
            let bar = "█".repeat(((f64::from(m.commits)).log2().max(0.0) as usize + 1).min(40));
            writeln!(out, "  {}  {:>5} commits  {:>3} authors  {bar}", m.month, m.commits, m.authors)?;
        }
    }
    Ok(())
}
