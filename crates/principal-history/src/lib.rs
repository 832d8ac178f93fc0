//! What history says about a codebase: where change concentrates, which files change together,
//! who knows what, and what is lost if someone leaves.
//!
//! **Invariant:** pure. Commits come in as values (read by `principal-git`), the reference time
//! is the newest commit's time rather than the clock, and every list is sorted, so the same
//! history gives the same report.

// No I/O here: clippy.toml lists what this bans (std::fs, std::env, std::process, stdout).
#![warn(clippy::disallowed_methods, clippy::disallowed_types)]

pub mod xray;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use principal_model::{Commit, Person};

/// A file at the analysed revision, with what the scan knows of it.
#[derive(Debug, Clone)]
pub struct PresentFile {
    pub path: String,
    /// Σ cyclomatic complexity of its functions; 0 for files that are not parsed, which are
    /// then no hotspots.
    pub complexity: u64,
    pub component: String,
    /// Counts for the truck factor: source and tests, not documentation, examples, fixtures,
    /// data, vendored or generated files (the file set of Avelino et al., who filter with
    /// GitHub Linguist).
    pub knowledge: bool,
    /// Counts for knowledge and is the product's own code: not tests, examples or benchmarks.
    /// The current truck factor counts these.
    pub source: bool,
    /// Lines of code, for the share of the source nobody knows.
    pub code_lines: u64,
}

/// Thresholds and names; every default follows code-maat or Avelino et al.
#[derive(Debug, Clone)]
pub struct Config {
    pub min_revs: u32,
    pub min_shared: u32,
    pub min_degree: f64,
    pub max_changeset: usize,
    /// Author names matching any of these (case-insensitive substring) are bots, besides
    /// names ending in `[bot]`.
    pub bot_patterns: Vec<String>,
    /// An author is active if their last commit is at most this many days before the newest.
    pub active_days: i64,
    /// People whose departure `knowledge_loss` describes.
    pub if_leaves: Vec<String>,
    /// Commits the repository says are mechanical: the full ids of its
    /// `.git-blame-ignore-revs` (what `git blame --ignore-revs-file` reads).
    pub ignore_revs: BTreeSet<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            min_revs: 5,
            min_shared: 5,
            min_degree: 0.30,
            max_changeset: 30,
            bot_patterns: Vec::new(),
            active_days: 365,
            if_leaves: Vec::new(),
            ignore_revs: BTreeSet::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Author {
    pub name: String,
    pub email: String,
    pub commits: u32,
    pub bot: bool,
    pub first: i64,
    pub last: i64,
    /// Authored or committed (for someone else) at least [`ACTIVE_MIN_COMMITS`] commits within
    /// a year of the newest commit, or within the span of the last [`ACTIVE_COMMITS`] commits
    /// by people when that is longer.
    pub active: bool,
    /// Commits in the year before the newest commit, merges left out.
    pub recent_commits: u32,
    /// Merges in the year before the newest commit that land someone's work ([`merges_work`]: not
    /// a bot's pull request or a branch sync): a maintainer who merges pull requests through the
    /// web reviews work the history credits to its authors.
    pub recent_merges: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileHistory {
    pub path: String,
    pub component: String,
    pub revisions: u32,
    /// Commits in the year before the newest commit.
    pub recent_revisions: u32,
    /// How many of those are mechanical ([`mechanical`]: releases, formatting and lint sweeps,
    /// changesets too large to be one change).
    pub recent_mechanical: u32,
    /// How many episodes of defect fixing ([`fix_episodes`]) the others make up: one pull
    /// request's several fix commits count once.
    pub recent_fixes: u32,
    /// How many of those episodes changed a test file too: a fix that came with its test.
    pub recent_fixes_tested: u32,
    pub added: u64,
    pub deleted: u64,
    /// Everyone who changed it (bots excluded), by name.
    pub authors: Vec<String>,
    pub main_author: Option<String>,
    /// The main author's share of added lines.
    pub ownership: f64,
    /// 1 − Σ share², over shares of added lines.
    pub fragmentation: f64,
    /// Days from its last change to the newest commit.
    pub age_days: i64,
    /// Days from its first commit (after following renames) to the newest commit.
    pub first_age_days: i64,
    /// Authors by degree of authorship (Avelino et al.).
    pub doa_authors: Vec<String>,
    /// Each person's estimated share of the file's current lines (see [`line_shares`]), people
    /// with 5% or more, largest first.
    pub line_shares: Vec<(String, f64)>,
    /// The active people who know the file now ([`knows`]), by name.
    pub knowers: Vec<String>,
    /// Σ of the coupling degrees of the pairs it is in.
    pub coupling: f64,
}

impl FileHistory {
    /// The last year's commits that are work on the file: not mechanical.
    pub fn recent_work(&self) -> u32 {
        self.recent_revisions - self.recent_mechanical
    }
}

impl Hotspot {
    /// The last year's commits that are work on the file: not mechanical.
    pub fn recent_work(&self) -> u32 {
        self.recent_revisions - self.recent_mechanical
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Coupling {
    pub a: String,
    pub b: String,
    pub shared: u32,
    pub revs_a: u32,
    pub revs_b: u32,
    /// shared / average(revs_a, revs_b).
    pub degree: f64,
    pub explained_by_import: bool,
    pub cross_component: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hotspot {
    pub path: String,
    pub revisions: u32,
    /// Commits in the year before the newest commit.
    pub recent_revisions: u32,
    /// How many of those are mechanical.
    pub recent_mechanical: u32,
    /// How many episodes of defect fixing ([`fix_episodes`]) the others make up: one pull
    /// request's several fix commits count once.
    pub recent_fixes: u32,
    /// How many of those episodes changed a test file too: a fix that came with its test.
    pub recent_fixes_tested: u32,
    /// The fix episodes themselves, sorted: two hotspots that the same fixes changed are one
    /// story (a fix that spans a module and its helper).
    pub recent_fix_episodes: Vec<u32>,
    pub complexity: u64,
    /// (change / max change) × (complexity / max complexity), in [0, 1], where a file's change
    /// is its commits weighted by age: 0.5^(years before the newest commit), so a commit of
    /// last year counts about twice one of the year before. Code that was busy long ago cools.
    /// Mechanical commits count for nothing.
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TruckFactor {
    pub value: u32,
    /// The authors whose removal orphans more than half the files, in removal order.
    pub authors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComponentHistory {
    pub id: String,
    pub files: u32,
    pub revisions: u32,
    /// Σ of its files' [`FileHistory::recent_work`].
    pub recent_work: u32,
    pub hotspot_score: f64,
    pub truck_factor: TruckFactor,
    /// Every file's DOA authors that are still active, together.
    pub active_authors: Vec<String>,
    /// Every file's knowers ([`knows`]), together.
    pub knowers: Vec<String>,
    /// Touched, and exactly one person knows it now.
    pub knowledge_island: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KnowledgeLoss {
    pub leaving: Vec<String>,
    /// Files that lose every author.
    pub files: Vec<String>,
    /// Components more than half of whose files lose every author.
    pub components: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Month {
    /// `YYYY-MM`, UTC.
    pub month: String,
    pub commits: u32,
    pub authors: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub commits: u32,
    pub authors: Vec<Author>,
    pub files: Vec<FileHistory>,
    pub coupling: Vec<Coupling>,
    pub hotspots: Vec<Hotspot>,
    /// Avelino et al.'s truck factor over all history, by degree of authorship.
    pub truck_factor: TruckFactor,
    /// The same greedy count over who knows each source file now ([`knows`]), over the files
    /// someone active knows: how many people would have to leave before more than half of the
    /// code known today has nobody who knows it. The code nobody active knows is
    /// `orphaned_files` and `orphaned_lines`.
    pub current_truck_factor: TruckFactor,
    /// Source files (see [`PresentFile::source`]) nobody active knows, and the source files
    /// the current truck factor counts.
    pub orphaned_files: u32,
    pub counted_files: u32,
    /// The same in lines of code (a file counts at least 1).
    pub orphaned_lines: u64,
    pub counted_lines: u64,
    pub components: Vec<ComponentHistory>,
    /// Files exactly one person knows now.
    pub knowledge_islands: Vec<String>,
    pub knowledge_loss: Option<KnowledgeLoss>,
    pub activity: Vec<Month>,
    /// People's (not bots') commits in the year before the newest commit, merges left out.
    pub recent_commits: u32,
    /// The newest commit's time: the reference for ages.
    pub head_time: i64,
    /// The last year's releases and who made them ([`releases`]); empty until set from the tags.
    pub releases: Releases,
}

/// The latest releases, from the tags: a tagged commit whose tag names a version (a digit in the
/// name) is one release, however many tags it has (a monorepo tags its packages at once). The
/// newest [`RELEASES_COUNTED`] of the two years before the newest commit are counted: projects
/// release at every pace, and a library with two releases a year still shows who makes them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Releases {
    /// How many releases are counted.
    pub counted: u32,
    /// The oldest counted release's time (0 when none).
    pub since: i64,
    /// Who tagged them, by person as the commits name them (an unknown tagger by their own
    /// name), most first; bots included and marked.
    pub by: Vec<Releaser>,
    /// Who tagged the newest release.
    pub latest: Option<String>,
}

/// Whether a tag names a pre-release (`v3.18.0-RC1`, `1.0.0-beta.2`, `v2.0a1`, `4.0.0.M2`): a
/// candidate is not a release of its own.
pub fn is_prerelease(tag: &str) -> bool {
    let t = tag.to_ascii_lowercase();
    // The part from the first digit: a project's name before it (`commons-lang-3.1`) may hold
    // any letters.
    let Some(start) = t.find(|c: char| c.is_ascii_digit()) else { return false };
    let rest = &t[start..];
    const WORDS: [&str; 8] = ["alpha", "beta", "pre", "dev", "snapshot", "preview", "nightly", "canary"];
    if WORDS.iter().any(|w| rest.contains(w)) {
        return true;
    }
    let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    // `rc1`, `b2`, `m1` as a part of their own (`1.0.0-rc.1`, `4.0.0.M1`), or after digits
    // (PEP 440's `2.0a1`, `3.1rc2`).
    rest.split(|c: char| !c.is_ascii_alphanumeric()).any(|part| {
        ["rc", "a", "b", "m"].iter().any(|mark| {
            let own = part.strip_prefix(mark).is_some_and(|n| digits(n) && (*mark == "rc" || !n.is_empty()));
            let after = part
                .split_once(mark)
                .is_some_and(|(a, n)| !a.is_empty() && !n.is_empty() && digits(a) && digits(n));
            own || after
        })
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct Releaser {
    pub name: String,
    pub bot: bool,
    pub releases: u32,
}

/// The most releases [`releases`] counts.
pub const RELEASES_COUNTED: usize = 10;

/// [`Releases`] from the tags of the analysed history. Who tagged a commit is the person the
/// commits know by the tagger's address or name key; the newest tag of a commit decides.
pub fn releases(commits: &[Commit], tags: &[principal_model::Tag], config: &Config) -> Releases {
    let head_time = commits.iter().map(|c| c.time).max().unwrap_or(0);
    let window = 2 * config.active_days * 86_400;
    let names = identities(commits);
    let by_key: HashMap<String, &String> = names.values().map(|n| (name_key(n), n)).collect();
    let mut newest: BTreeMap<&str, &principal_model::Tag> = BTreeMap::new();
    for t in tags.iter().filter(|t| {
        t.name.bytes().any(|b| b.is_ascii_digit()) && !is_prerelease(&t.name) && head_time - t.time <= window
    }) {
        let e = newest.entry(t.commit.as_str()).or_insert(t);
        if (t.time, &t.name) > (e.time, &e.name) {
            *e = t;
        }
    }
    let mut latest: Vec<&principal_model::Tag> = newest.into_values().collect();
    latest.sort_by(|a, b| (b.time, &b.name).cmp(&(a.time, &a.name)));
    latest.truncate(RELEASES_COUNTED);
    // The person as the commits name them; an unknown tagger by their own name.
    let who = |t: &principal_model::Tag| {
        names
            .get(&t.tagger.email.to_lowercase())
            .or_else(|| by_key.get(&name_key(&t.tagger.name)).copied())
            .cloned()
            .unwrap_or_else(|| t.tagger.name.clone())
    };
    let mut count: BTreeMap<String, (bool, u32)> = BTreeMap::new();
    for t in &latest {
        let e = count.entry(who(t)).or_default();
        e.0 |= is_bot(&t.tagger, &config.bot_patterns);
        e.1 += 1;
    }
    let mut by: Vec<Releaser> =
        count.into_iter().map(|(name, (bot, releases))| Releaser { name, bot, releases }).collect();
    by.sort_by(|a, b| b.releases.cmp(&a.releases).then_with(|| a.name.cmp(&b.name)));
    Releases {
        counted: latest.len() as u32,
        since: latest.last().map_or(0, |t| t.time),
        by,
        latest: latest.first().map(|t| who(t)),
    }
}

/// A name reduced for comparing spellings: mis-decoded UTF-8 decoded back ([`unmangled`]), lower
/// case, letters and digits only, common accents folded ("Mitch.Garnaat", "mitch garnaat" and
/// "Mitch Garnaat" are one).
fn name_key(name: &str) -> String {
    unmangled(name)
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ß' => 's',
            other => other,
        })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// An address shared by this many differently named people (`none@none`, a team list) joins
/// nobody.
const SHARED_ADDRESS: usize = 4;

/// Whether the names used at one address are spellings of one person's name, however many there
/// are: each shares a word with another, or is the address's own login; one single-word handle
/// may stand apart. "rick", "rick olson", "risk danger olson", "risk" and "technoweenie" at
/// `technoweenie@gmail.com` are one person, and so are "Pierre Bérubé", "Pierre B", its
/// mis-decoded "Pierre BÃ©rubÃ©" and the handle "l0gicgate" at one address; "Ann Wu", "Bob
/// Lee", "Jane Doe" and "John Smith" at a team's address are four.
fn one_person<'a>(names: impl Iterator<Item = &'a str>, email: &str) -> bool {
    let local = name_key(email.split('@').next().unwrap_or(""));
    let login = format!("@{local}");
    let mut handles = Vec::new();
    let words: Vec<BTreeSet<String>> = names
        .map(|n| {
            let n = unmangled(n);
            let mut w: BTreeSet<String> =
                n.split(|c: char| !c.is_alphanumeric()).map(name_key).filter(|w| w.len() >= 3).collect();
            if name_key(&n) == local && !local.is_empty() {
                w.insert(login.clone());
            }
            handles.push(!n.trim().contains(char::is_whitespace));
            w
        })
        .collect();
    if words.iter().any(BTreeSet::is_empty) || words.len() > 20 {
        return false;
    }
    // Grow one group from a name and the login until no other name shares a word; one of the
    // starts must leave out nothing, or one handle.
    (0..words.len()).any(|start| {
        let mut group: BTreeSet<&String> = words[start].iter().chain([&login]).collect();
        let mut joined = vec![false; words.len()];
        joined[start] = true;
        loop {
            let mut grew = false;
            for (i, w) in words.iter().enumerate() {
                if !joined[i] && w.iter().any(|x| group.contains(x)) {
                    joined[i] = true;
                    group.extend(w);
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        let apart: Vec<usize> = (0..words.len()).filter(|&i| !joined[i]).collect();
        apart.is_empty() || (apart.len() == 1 && handles[apart[0]] && !handles[start])
    })
}

/// A name whose UTF-8 was once read as Latin-1 ("Pierre BÃ©rubÃ©"), decoded back as often as it
/// was mangled (twice at most); any other name as it is.
fn unmangled(name: &str) -> std::borrow::Cow<'_, str> {
    let mut out = std::borrow::Cow::Borrowed(name);
    for _ in 0..2 {
        if !out.chars().any(|c| matches!(c, '\u{80}'..='\u{ff}')) || out.chars().any(|c| c as u32 > 0xff) {
            break;
        }
        let bytes: Vec<u8> = out.chars().map(|c| c as u32 as u8).collect();
        match String::from_utf8(bytes) {
            Ok(decoded) if decoded != out.as_ref() => out = std::borrow::Cow::Owned(decoded),
            _ => break,
        }
    }
    out
}

/// Who is who: e-mail addresses and names joined into people (a union-find over both), as the
/// reference tool of Avelino et al. does: one address is one person, and one name (compared by
/// [`name_key`]) is one person, across addresses. Each person is shown by the name they used
/// most. An address used under many different names is shared, and joins nobody. Maps each
/// lowercased address to the person's name.
fn identities(commits: &[Commit]) -> HashMap<String, String> {
    let mut uses: HashMap<String, BTreeMap<&str, u32>> = HashMap::new();
    for c in commits {
        *uses.entry(c.author.email.to_lowercase()).or_default().entry(c.author.name.as_str()).or_default() +=
            1;
    }
    // Nodes: addresses, then name keys.
    let mut node: HashMap<String, usize> = HashMap::new();
    let mut parent: Vec<usize> = Vec::new();
    let mut id = |k: String, parent: &mut Vec<usize>| {
        *node.entry(k).or_insert_with(|| {
            parent.push(parent.len());
            parent.len() - 1
        })
    };
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut emails: Vec<(&String, usize)> = Vec::new();
    for (email, names) in &uses {
        let mut keys: BTreeSet<String> =
            names.keys().map(|n| name_key(n)).filter(|k| !k.is_empty()).collect();
        if keys.len() >= SHARED_ADDRESS && !one_person(names.keys().copied(), email) {
            // Each commit at a shared address keeps its own name.
            continue;
        }
        // A GitHub no-reply address names the account: `123+login@users.noreply.github.com` is
        // the person who commits elsewhere as `login` ("sharkdp <davidpeter@web.de>" and
        // "David Peter <sharkdp@users.noreply.github.com>").
        if let Some(local) = email.strip_suffix("@users.noreply.github.com") {
            let login = name_key(local.rsplit('+').next().unwrap_or(local));
            if !login.is_empty() {
                keys.insert(login);
            }
        }
        let e = id(format!("@{email}"), &mut parent);
        emails.push((email, e));
        for k in keys {
            let n = id(format!("#{k}"), &mut parent);
            let (a, b) = (find(&mut parent, e), find(&mut parent, n));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    // Each person's most used name.
    let mut counts: HashMap<usize, BTreeMap<&str, u32>> = HashMap::new();
    for (email, e) in &emails {
        let root = find(&mut parent, *e);
        for (name, n) in &uses[*email] {
            *counts.entry(root).or_default().entry(name).or_default() += n;
        }
    }
    let best: HashMap<usize, String> = counts
        .into_iter()
        .filter_map(|(root, names)| {
            let top = names.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
            Some((root, (*top.0).to_owned()))
        })
        .collect();
    emails
        .into_iter()
        .filter_map(|(email, e)| {
            let root = find(&mut parent, e);
            best.get(&root).map(|n| (email.clone(), n.clone()))
        })
        .collect()
}

/// True for bot accounts: names ending in `[bot]`, or matching a configured pattern.
pub fn is_bot(person: &Person, patterns: &[String]) -> bool {
    let name = person.name.to_ascii_lowercase();
    let email = person.email.to_ascii_lowercase();
    let local = email.split('@').next().unwrap_or("");
    name.ends_with("[bot]")
        || email.contains("[bot]@")
        // Service and export accounts: `java-team-github-bot@google.com`, "Guice Team", the
        // GitHub web UI's `noreply@github.com`.
        || ["-bot", "_bot", ".bot"].iter().any(|s| local.ends_with(s))
        || name.ends_with(" bot")
        || name.ends_with(" team")
        || email == "noreply@github.com"
        || patterns.iter().any(|p| !p.is_empty() && name.contains(&p.to_ascii_lowercase()))
}

/// The pace the active window stretches to: the span of the last this many commits by people.
pub const ACTIVE_COMMITS: usize = 25;

/// The commits within the active window that make someone active.
pub const ACTIVE_MIN_COMMITS: u32 = 2;

/// Seconds in a year, for ages in years.
const YEAR_SECONDS: f64 = 365.25 * 86_400.0;

/// Whether a merge lands someone's work, as a review does: not a bot's pull request (`Merge pull
/// request #7 from o/dependabot/npm/x`, renovate, pre-commit-ci), and not a branch kept in sync
/// (`Merge branch '4.x' into fix-x`, `Merge remote-tracking branch`, `Merge tag`, `Merge branch
/// 'main' of https://…`). GitLab's `Merge branch 'feat' into 'main'` names its target in quotes:
/// a merge request, which counts.
pub fn merges_work(subject: &str) -> bool {
    let s = subject.trim().to_lowercase();
    if let Some(rest) = s.strip_prefix("merge pull request") {
        let branch = rest.split(" from ").nth(1).unwrap_or_default();
        return !["dependabot", "renovate", "pre-commit-ci", "greenkeeper", "snyk-", "[bot]"]
            .iter()
            .any(|b| branch.contains(b));
    }
    if s.starts_with("merge remote-tracking branch") || s.starts_with("merge tag") {
        return false;
    }
    if let Some(rest) = s.strip_prefix("merge branch") {
        let target = rest.split(" into ").nth(1).map(str::trim);
        return target.is_some_and(|t| t.starts_with('\'')) && !rest.contains(" of ");
    }
    true
}

/// Degree of authorship (Avelino et al., ICPC 2016; after Fritz et al.).
pub fn doa(first_author: bool, own_changes: u32, others_changes: u32) -> f64 {
    3.293 + 1.098 * f64::from(u8::from(first_author)) + 0.164 * f64::from(own_changes)
        - 0.321 * (1.0 + f64::from(others_changes)).ln()
}

/// Why a commit is mechanical, or `None` for a change. A mechanical commit touches code
/// without being work on it: a release or version bump, a formatting, lint, typo or copyright
/// sweep (said by its subject), or a changeset of more than `max_changeset` files (code-maat's
/// bound for coupling) unless its subject says it fixes a defect and it has at most three times
/// that many ("Stabilize CI and fix bugs" over 32 files is work on each). Mechanical commits
/// still count as revisions and churn (the facts agree with `git log`), but not for hotspots,
/// coupling or who knows a file now; coupling skips every changeset over the bound.
pub fn mechanical(subject: &str, files: usize, max_changeset: usize) -> Option<&'static str> {
    if files > max_changeset && (files > 3 * max_changeset || !defect_fix(subject)) {
        return Some("sweep");
    }
    let s = subject.trim().to_lowercase();
    // Conventional-commit types that are never work on the code. Not `chore:` on its own: some
    // projects file refactorings under it ("chore: switch Runnable to ES2015 classes").
    const PREFIXES: [&str; 12] = [
        "style:",
        "style(",
        "build(deps",
        "build(dev-deps",
        "chore(deps",
        "chore(dev-deps",
        "chore(release",
        "chore: release",
        "chore: bump",
        "release:",
        "release(",
        "ci:",
    ];
    if PREFIXES.iter().any(|p| s.starts_with(p)) {
        return Some(if s.contains("release") || s.contains("bump") { "release" } else { "chore" });
    }
    const PHRASES: [&str; 20] = [
        "bump version",
        "version bump",
        "bumped version",
        "cargo fmt",
        "go fmt",
        "run fmt",
        "code style",
        "sort members",
        "use final",
        "add final",
        "unused import",
        "compiler warning",
        "fix warning",
        "drop python",
        "drop support for python",
        "bump go",
        "update go version",
        "type hints",
        "deprecation warning",
        "pragma: no cover",
    ];
    if PHRASES.iter().any(|p| s.contains(p)) {
        return Some("sweep");
    }
    // A revert undoes a change; counting it would count the change twice.
    if s.starts_with("revert") {
        return Some("revert");
    }
    let words: Vec<&str> = s
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '_')))
        .map(|w| w.trim_matches(|c: char| matches!(c, '.' | '-' | '_')))
        .filter(|w| !w.is_empty())
        .collect();
    const SWEEP: [&str; 39] = [
        "reformat",
        "reformatted",
        "reformatting",
        "formatting",
        "prettier",
        "isort",
        "ruff",
        "rustfmt",
        "gofmt",
        "goimports",
        "clang-format",
        "clang-tidy",
        "pyupgrade",
        "pre-commit",
        "precommit",
        "clippy",
        "lint",
        "linting",
        "linter",
        "lints",
        "eslint",
        "flake8",
        "pylint",
        "mypy",
        "typo",
        "typos",
        "whitespace",
        "spelling",
        "misspelling",
        "copyright",
        "formatter",
        "javadoc",
        "javadocs",
        "docstring",
        "docstrings",
        "checkstyle",
        "spotbugs",
        "pmd",
        "warnings",
    ];
    if words.iter().any(|w| SWEEP.contains(w)) {
        return Some("sweep");
    }
    // A subject that is a version and little else: "Release 2.1.0", "zlib 1.3.1", "v4.0.0 (#12)",
    // "Prepare for 3.0 release".
    let version = |w: &str| {
        let w = w.strip_prefix('v').unwrap_or(w);
        let mut parts = w.split('.');
        w.contains('.')
            && parts.next().is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    const RELEASE: [&str; 14] = [
        "release",
        "released",
        "releasing",
        "version",
        "bump",
        "bumped",
        "prepare",
        "preparing",
        "for",
        "to",
        "the",
        "tag",
        "new",
        "changelog",
    ];
    if words.iter().any(|w| version(w)) {
        let other = words
            .iter()
            .filter(|w| !version(w) && !RELEASE.contains(w) && !w.bytes().all(|b| b.is_ascii_digit()))
            .count();
        if other <= 1 {
            return Some("release");
        }
    }
    None
}

/// Whether a commit's subject says it fixes a defect: a conventional `fix:` (or `bugfix:`,
/// `hotfix:`, `security:`), GitHub's "Merge commit from fork" (a security advisory's fix), or a
/// word of defect ("fix", "bug", "leak", "crash", "overflow",
/// "regression", "race", "deadlock", "panic", "CVE", "advisory", "unsound", "incorrect",
/// "wrong"...). A fix whose object is not the code ("fix typo", "fix tests", "fix CI", "fix
/// docs", "fix lint") is not one, nor is any other conventional type (`docs: fix link`,
/// `test: fix flaky test`). Only the subject is read, so a fix whose subject names no defect is
/// missed: the count is a lower bound. Used for hotspots: files and functions that keep needing
/// fixes are where the next defects are (Kim et al., "Predicting Faults from Cached History",
/// ICSE 2007).
pub fn defect_fix(subject: &str) -> bool {
    let s = subject.trim().to_lowercase();
    // GitHub's subject for merging a security advisory's private fork.
    if s.starts_with("merge commit from fork") {
        return true;
    }
    let words: Vec<&str> = s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let strong = words.iter().any(|w| STRONG.contains(w));
    // A fix to the build, a compiler warning (`-Wuninitialized`) or a port to a platform is no
    // defect in what the code does: "Fix NetBSD build error", "fix hermit", "Fixes for
    // horizonOS". Unless it names a failure no build fix has: a crash, a leak, a race. Words
    // keep their underscores here: `build_query` is a function, not the build.
    let building = s.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| BUILDING.contains(&w))
        || s.split_whitespace().any(|w| w.starts_with("-w") && w.len() > 3);
    // A fix of type annotations changes what a type checker reads, not what the code does:
    // "sessions: fix hooks type", "typing fix", "fix: correct the return annotation".
    let typing = words.iter().any(|w| TYPING.contains(w));
    // A conventional-commit type decides: `fix(parser)!: ...`; a `fix:` of comments, docs or
    // the build ("fix(require): correct references in comments") is none.
    if let Some((head, rest)) = s.split_once(':') {
        let kind = head.split(['(', '!']).next().unwrap_or(head).trim();
        if !kind.is_empty() && kind.len() <= 12 && kind.bytes().all(|b| b.is_ascii_lowercase()) {
            match kind {
                "fix" | "fixes" | "bugfix" => {
                    // "fix: implement shell names as subcommands" is a redesign filed as a fix.
                    let first = rest.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty());
                    let redesign = first.is_some_and(|w| REDESIGN.contains(&w));
                    return strong
                        || !(building || redesign || typing || words.iter().any(|w| DOCS.contains(w)));
                }
                "hotfix" | "security" => return true,
                "feat" | "feature" | "docs" | "doc" | "test" | "tests" | "ci" | "build" | "style"
                | "refactor" | "perf" | "release" | "revert" | "deps" | "chore" => return false,
                _ => {}
            }
        }
    }
    // Words of a defect besides the strong ones (below): weaker, since a build fix uses them too.
    const DEFECT: [&str; 23] = [
        "bug",
        "bugs",
        "bugfix",
        "bugfixes",
        "hotfix",
        "leaked",
        "crashed",
        "segfaults",
        "regressions",
        "vulnerabilities",
        "advisory",
        "unsoundness",
        "soundness",
        "incorrect",
        "incorrectly",
        "wrong",
        "wrongly",
        "broken",
        "npe",
        "erroneous",
        "mistakenly",
        "miscompile",
        "miscompilation",
    ];
    // What a "fix" is about when it is not the code.
    const NOT_CODE: [&str; 46] = [
        "typo",
        "typos",
        "lint",
        "linter",
        "linting",
        "lints",
        "ci",
        "build",
        "builds",
        "test",
        "tests",
        "testing",
        "flaky",
        "doc",
        "docs",
        "documentation",
        "docstring",
        "godoc",
        "javadoc",
        "readme",
        "comment",
        "comments",
        "link",
        "links",
        "spelling",
        "grammar",
        "format",
        "formatting",
        "style",
        "changelog",
        "example",
        "examples",
        "warning",
        "warnings",
        "clippy",
        "badge",
        "mypy",
        "eslint",
        "workflow",
        "coverage",
        "benchmark",
        "benchmarks",
        "license",
        "copyright",
        "indentation",
        "whitespace",
    ];
    const FILLER: [&str; 11] = ["a", "an", "the", "some", "minor", "small", "more", "few", "for", "on", "up"];
    if building && !strong {
        return false;
    }
    if typing && !strong && !words.iter().any(|w| DEFECT.contains(w)) {
        return false;
    }
    // "Fixes #3536: Implement SpyStatic API" closes a feature request, not a defect.
    let feature = words.iter().any(|w| FEATURE.contains(w));
    words.iter().enumerate().any(|(i, w)| {
        if DEFECT.contains(w) || STRONG.contains(w) {
            return true;
        }
        if !matches!(*w, "fix" | "fixes" | "fixed" | "fixing") {
            return false;
        }
        // The fix's object: the next word that is not filler.
        let object = words[i + 1..].iter().find(|o| !FILLER.contains(o));
        !object.is_some_and(|o| {
            NOT_CODE.contains(o)
                || NOT_CODE.contains(&o.trim_end_matches('s'))
                || (PLATFORMS.contains(o) && !strong)
                || (o.bytes().all(|b| b.is_ascii_digit()) && feature && !strong)
        })
    })
}

/// Fixes by one person within this many days of their episode's first fix are one episode.
pub const EPISODE_DAYS: i64 = 3;

/// The defect fixes among `commits` (newest first), each with the episode of work it belongs
/// to, so that a file's fixes count episodes rather than commits: one pull request's seven
/// "fix:" commits are one repair, not seven. Per commit, `None` when it fixes nothing, else
/// the episode's number. A commit is a fix when [`defect_fix`] says so and it is not
/// mechanical. A revert (`Revert "..."`) is none, and neither is the commit it reverted: the
/// repair was undone. A re-applied commit (`Reapply "..."`) is judged by the subject inside.
/// Fixes join one episode when they
/// - name the same issue or pull request (`#123`): rival or follow-up fixes of one defect;
/// - have the same subject of four words or more, once a trailing `(#123)` is dropped: a fix
///   re-applied or cherry-picked ("fix bug" twice is two fixes);
/// - are by the same person, within [`EPISODE_DAYS`] of the first fix of that person's
///   episode.
pub fn fix_episodes(commits: &[Commit], config: &Config) -> Vec<Option<u32>> {
    fn unwrap_revert(s: &str) -> Option<&str> {
        let rest = s.strip_prefix("revert \"")?;
        Some(rest.rsplit_once('"').map_or(rest, |(inner, _)| inner))
    }
    fn bare(s: &str) -> String {
        let s = s.trim();
        let s = match s.rsplit_once(" (#") {
            Some((head, tail)) if tail.trim_end_matches(')').bytes().all(|b| b.is_ascii_digit()) => head,
            _ => s,
        };
        s.trim().to_owned()
    }
    let subjects: Vec<String> = commits.iter().map(|c| c.subject.trim().to_lowercase()).collect();
    let reverted: HashSet<String> = subjects.iter().filter_map(|s| unwrap_revert(s)).map(bare).collect();
    let mut out = vec![None; commits.len()];
    let mut by_ref: HashMap<u64, u32> = HashMap::new();
    let mut by_subject: HashMap<String, u32> = HashMap::new();
    let mut by_person: HashMap<String, (i64, u32)> = HashMap::new();
    let mut next = 0u32;
    // Oldest first, so an episode grows forward in time.
    for (i, c) in commits.iter().enumerate().rev() {
        let s = &subjects[i];
        if unwrap_revert(s).is_some() {
            continue;
        }
        let inner =
            s.strip_prefix("reapply \"").map_or(s.as_str(), |r| r.rsplit_once('"').map_or(r, |x| x.0));
        let subject = bare(inner);
        if reverted.contains(&subject) && !s.starts_with("reapply ") {
            continue;
        }
        if is_mechanical(c, config) || !defect_fix(inner) {
            continue;
        }
        let refs: Vec<u64> = s
            .split('#')
            .skip(1)
            .filter_map(|t| {
                let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok()
            })
            .collect();
        let person = c.author.email.to_lowercase();
        let episode = refs
            .iter()
            .find_map(|r| by_ref.get(r).copied())
            .or_else(|| by_subject.get(&subject).copied().filter(|_| subject.split_whitespace().count() >= 4))
            .or_else(|| {
                by_person.get(&person).filter(|(t, _)| c.time - t <= EPISODE_DAYS * 86_400).map(|&(_, e)| e)
            })
            .unwrap_or_else(|| {
                next += 1;
                next - 1
            });
        for r in refs {
            by_ref.entry(r).or_insert(episode);
        }
        by_subject.entry(subject).or_insert(episode);
        // An episode runs from its first fix: a maintainer who fixes something every other day
        // makes many episodes, not one long one.
        by_person
            .entry(person)
            .and_modify(|p| {
                if p.1 != episode {
                    *p = (c.time, episode);
                }
            })
            .or_insert((c.time, episode));
        out[i] = Some(episode);
    }
    out
}

/// Words of type annotations (see `defect_fix`); `TypeError` is one word and stays a defect.
const TYPING: [&str; 12] = [
    "type",
    "types",
    "typing",
    "typings",
    "typed",
    "annotation",
    "annotations",
    "hint",
    "hints",
    "mypy",
    "pyright",
    "typecheck",
];

/// What a `fix:` of documentation is about.
const DOCS: [&str; 14] = [
    "comment",
    "comments",
    "doc",
    "docs",
    "docstring",
    "documentation",
    "godoc",
    "javadoc",
    "jsdoc",
    "rustdoc",
    "readme",
    "typo",
    "typos",
    "changelog",
];

/// Verbs that open a `fix:` subject describing new design, not a repair ("add" is not one:
/// "fix: add the missing bounds check" repairs).
const REDESIGN: [&str; 8] =
    ["implement", "implements", "introduce", "introduces", "support", "supports", "expose", "redesign"];

/// The verbs of a feature: what an issue a commit closes asked for.
const FEATURE: [&str; 12] = [
    "implement",
    "implements",
    "implemented",
    "add",
    "adds",
    "added",
    "support",
    "introduce",
    "introduces",
    "expose",
    "enable",
    "allow",
];

/// Defect words no build fix or port uses.
const STRONG: [&str; 24] = [
    "crash",
    "crashes",
    "crashing",
    "segfault",
    "segv",
    "leak",
    "leaks",
    "leaking",
    "overflow",
    "overflows",
    "underflow",
    "race",
    "deadlock",
    "deadlocks",
    "panic",
    "panics",
    "hang",
    "hangs",
    "cve",
    "ghsa",
    "vulnerability",
    "unsound",
    "corruption",
    "regression",
];

/// Words of a fix to the build rather than the behaviour.
const BUILDING: [&str; 12] = [
    "build",
    "builds",
    "compile",
    "compiles",
    "compiling",
    "compilation",
    "compiler",
    "warning",
    "warnings",
    "cfg",
    "msrv",
    "toolchain",
];

/// Platforms a "fix" can port to: "fix hermit", "Fix FreeBSD".
const PLATFORMS: [&str; 42] = [
    "windows",
    "win32",
    "win64",
    "macos",
    "osx",
    "darwin",
    "ios",
    "tvos",
    "watchos",
    "android",
    "linux",
    "freebsd",
    "netbsd",
    "openbsd",
    "dragonfly",
    "solaris",
    "illumos",
    "aix",
    "hpux",
    "hermit",
    "wasi",
    "wasm",
    "wasm32",
    "emscripten",
    "haiku",
    "redox",
    "fuchsia",
    "horizonos",
    "cygwin",
    "mingw",
    "msvc",
    "msys2",
    "arm",
    "arm64",
    "aarch64",
    "riscv",
    "s390x",
    "powerpc",
    "mips",
    "musl",
    "qnx",
    "vxworks",
];

/// [`mechanical`] for a commit, or listed in the repository's `.git-blame-ignore-revs`.
pub fn is_mechanical(c: &Commit, config: &Config) -> bool {
    config.ignore_revs.contains(&c.id)
        || mechanical(&c.subject, c.changes.len(), config.max_changeset).is_some()
}

/// The full commit ids of a `.git-blame-ignore-revs` file: one per line, `#` starts a comment.
pub fn parse_ignore_revs(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.split('#').next())
        .map(str::trim)
        .filter(|l| l.len() >= 40 && l.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_ascii_lowercase)
        .collect()
}

/// A person knows a file now if they are active (see [`Author::active`]) and are an
/// author of it by degree of authorship over their non-mechanical commits, or wrote at least
/// [`KNOWER_SHARE`] of its current lines ([`line_shares`]), or changed it in at least
/// [`KNOWER_RECENT`] non-mechanical commits of the last year, or in at least [`KNOWER_WORK`]
/// over its history. Authorship alone is history: the creator of a file who left in 2019 knows
/// nothing a team can ask for, and a maintainer who inherited the code shows in its recent
/// changes, its surviving lines, or a long record of work on it (libevent's maintainer of ten
/// years, with 24 commits to `event.c` beside its author's 271, knows it).
pub fn knows(active: bool, author: bool, line_share: f64, recent_commits: u32, work: u32) -> bool {
    active && (author || line_share >= KNOWER_SHARE || recent_commits >= KNOWER_RECENT || work >= KNOWER_WORK)
}

/// A fifth of a file's current lines.
pub const KNOWER_SHARE: f64 = 0.2;
/// Two changes in the last year: one is a drive-by.
pub const KNOWER_RECENT: u32 = 2;
/// Five changes over a file's history: a record of work on it, not a visit.
pub const KNOWER_WORK: u32 = 5;

/// One change to a file, for the line-share replay: the author (an index into the people), and
/// the lines added and deleted; `created` resets the file. A mechanical edit rewrites lines
/// without taking them over.
#[derive(Clone, Copy)]
struct Edit {
    author: u32,
    added: u32,
    deleted: u32,
    created: bool,
    mechanical: bool,
}

/// Each author's estimated share of a file's current lines, from its edits oldest first: an
/// edit's added lines are its author's, and its deleted lines are taken from every author in
/// proportion to what they hold (the expected outcome when any line is as likely to be deleted
/// as another). A mechanical edit (a reformatting, a release) keeps everyone's share, as
/// `git blame --ignore-revs-file` does for the commits it lists. It needs no blame, only the
/// `--numstat` counts the history already has. EVALUATION.md compares it with `git blame`.
fn line_shares(edits: &[Edit], people: usize) -> Vec<(u32, f64)> {
    if edits.is_empty() {
        return Vec::new();
    }
    let mut held: Vec<f64> = vec![0.0; people];
    let mut touched: Vec<u32> = Vec::new();
    let mut total = 0.0f64;
    for e in edits {
        if e.created {
            for &t in &touched {
                held[t as usize] = 0.0;
            }
            touched.clear();
            total = 0.0;
        }
        let deleted = f64::from(e.deleted).min(total);
        if e.mechanical && total > 0.0 {
            // It rewrites lines without taking them over: everyone's share stays.
            let after = total - deleted + f64::from(e.added);
            for &t in &touched {
                held[t as usize] *= after / total;
            }
            total = after;
            continue;
        }
        if total > 0.0 && deleted > 0.0 {
            let keep = (total - deleted) / total;
            for &t in &touched {
                held[t as usize] *= keep;
            }
            total -= deleted;
        }
        if e.added > 0 {
            if !touched.contains(&e.author) {
                touched.push(e.author);
            }
            held[e.author as usize] += f64::from(e.added);
            total += f64::from(e.added);
        }
    }
    if total <= 0.0 {
        return Vec::new();
    }
    let mut out: Vec<(u32, f64)> =
        touched.iter().filter(|&&t| held[t as usize] > 0.0).map(|&t| (t, held[t as usize] / total)).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

#[derive(Default)]
struct Acc {
    revisions: u32,
    recent: u32,
    recent_mechanical: u32,
    /// The fix episodes ([`fix_episodes`]) among its non-mechanical commits of the last year.
    fix_episodes: Vec<u32>,
    /// Those of them in which a commit changed a test file too.
    tested_episodes: Vec<u32>,
    /// Non-mechanical commits of the last year, per person (bots excluded).
    recent_by: BTreeMap<String, u32>,
    /// Newest first.
    edits: Vec<Edit>,
    /// Σ 0.5^(age in years) over its commits.
    heat: f64,
    /// The oldest commit time seen so far.
    first: Option<i64>,
    added: u64,
    deleted: u64,
    last: i64,
    /// Oldest commit seen so far that touched it (commits arrive newest first).
    creator: Option<String>,
    created_by: Option<String>,
    added_by: BTreeMap<String, u64>,
    changes_by: BTreeMap<String, u32>,
    /// The same without mechanical commits (the creating commit always counts).
    work_by: BTreeMap<String, u32>,
}

/// Analyses `commits`, newest first, against the files present at the analysed revision.
/// `imported(a, b)` says whether an import edge joins two files, in either direction.
pub fn analyze(
    commits: &[Commit],
    present: &[PresentFile],
    imported: &dyn Fn(&str, &str) -> bool,
    config: &Config,
) -> Report {
    let head_time = commits.iter().map(|c| c.time).max().unwrap_or(0);
    // "Recent" and "active" start from the year before the newest commit.
    let year = config.active_days * 86_400;
    let names = identities(commits);
    let name_for = |p: &Person| names.get(&p.email.to_lowercase()).cloned().unwrap_or_else(|| p.name.clone());
    let name_of = |c: &Commit| name_for(&c.author);
    let present_idx: HashMap<&str, usize> =
        present.iter().enumerate().map(|(i, f)| (f.path.as_str(), i)).collect();

    // Authors.
    let mut authors: BTreeMap<String, Author> = BTreeMap::new();
    for c in commits {
        let name = name_of(c);
        let a = authors.entry(name.clone()).or_insert_with(|| Author {
            name,
            email: c.author.email.clone(),
            commits: 0,
            bot: is_bot(&c.author, &config.bot_patterns),
            first: c.time,
            last: c.time,
            active: false,
            recent_commits: 0,
            recent_merges: 0,
        });
        a.commits += 1;
        // Work, not merges: a maintainer's merge commits would count each pull request twice.
        if head_time - c.time <= year {
            if c.parents <= 1 {
                a.recent_commits += 1;
            } else if merges_work(&c.subject) {
                a.recent_merges += 1;
            }
        }
        a.first = a.first.min(c.time);
        a.last = a.last.max(c.time);
    }
    // Active is relative to the project's pace: within a year of the newest commit, or within
    // the span of the people's last ACTIVE_COMMITS commits when that is longer (a library that
    // gets nine commits a year has not lost a maintainer whose last commit is 15 months old).
    let mut human_times: Vec<i64> =
        commits.iter().filter(|c| !is_bot(&c.author, &config.bot_patterns)).map(|c| c.time).collect();
    human_times.sort_unstable_by(|a, b| b.cmp(a));
    let pace = human_times.get(ACTIVE_COMMITS - 1).map_or(0, |&t| head_time - t);
    let active_seconds = year.max(pace);
    // And more than one commit in that window: a single drive-by commit (a sponsorship page, a
    // docs link) in a year does not keep someone's knowledge of the code current.
    // Committing counts as much as authoring: a maintainer who applies, cherry-picks or rebases
    // others' patches is at work on the code though the commits carry the contributors' names.
    let mut in_window: HashMap<String, u32> = HashMap::new();
    for c in commits {
        let author = name_of(c);
        if let Some(by) = c.committer.as_ref().filter(|by| head_time - by.time <= active_seconds) {
            let name = name_for(&by.person);
            if name != author {
                *in_window.entry(name).or_default() += 1;
            }
        }
        if head_time - c.time <= active_seconds {
            *in_window.entry(author).or_default() += 1;
        }
    }
    for a in authors.values_mut() {
        a.active = in_window.get(&a.name).copied().unwrap_or(0) >= ACTIVE_MIN_COMMITS;
    }
    let bot = |name: &str| authors.get(name).is_some_and(|a| a.bot);

    // Follow renames: newest first, a path's name at the analysed revision.
    let mut alias: HashMap<String, String> = HashMap::new();
    let mut acc: Vec<Acc> = (0..present.len()).map(|_| Acc::default()).collect();
    let mut pair_shared: HashMap<(usize, usize), u32> = HashMap::new();
    let mut months: BTreeMap<String, (u32, BTreeSet<String>)> = BTreeMap::new();
    // People by index, for the line-share replay.
    let mut person_idx: HashMap<String, u32> = HashMap::new();
    let mut person_names: Vec<String> = Vec::new();
    let episodes = fix_episodes(commits, config);
    for (c, episode) in commits.iter().zip(&episodes) {
        let author = name_of(c);
        let mech = is_mechanical(c, config);
        let with_test =
            episode.is_some() && c.changes.iter().any(|ch| principal_model::is_test_path(&ch.path));
        let recent = head_time - c.time <= year;
        let pid = *person_idx.entry(author.clone()).or_insert_with(|| {
            person_names.push(author.clone());
            (person_names.len() - 1) as u32
        });
        let m = months.entry(month_of(c.time)).or_default();
        m.0 += 1;
        m.1.insert(author.clone());

        let mut touched: Vec<usize> = Vec::new();
        for ch in &c.changes {
            let now = alias.get(&ch.path).cloned().unwrap_or_else(|| ch.path.clone());
            if let Some(old) = &ch.old_path {
                alias.insert(old.clone(), now.clone());
            }
            let Some(&i) = present_idx.get(now.as_str()) else { continue };
            let a = &mut acc[i];
            // A reindent of this file is mechanical for it, whatever else the commit did.
            let mech = mech || ch.layout_only;
            if touched.contains(&i) {
                continue;
            }
            touched.push(i);
            a.revisions += 1;
            a.edits.push(Edit {
                author: pid,
                added: ch.added,
                deleted: ch.deleted,
                created: ch.created,
                mechanical: mech,
            });
            if !mech {
                let age = (head_time - c.time).max(0) as f64 / YEAR_SECONDS;
                a.heat += 0.5f64.powf(age);
            }
            if recent {
                a.recent += 1;
            }
            if recent && mech {
                a.recent_mechanical += 1;
            } else if recent && !bot(&author) {
                *a.recent_by.entry(author.clone()).or_default() += 1;
            }
            if let Some(e) = episode.filter(|_| recent && !mech) {
                // Newest first, and an episode's commits are close in time: a repeat is
                // usually the last one pushed.
                if !a.fix_episodes.contains(&e) {
                    a.fix_episodes.push(e);
                }
                if with_test && !a.tested_episodes.contains(&e) {
                    a.tested_episodes.push(e);
                }
            }
            a.added += u64::from(ch.added);
            a.deleted += u64::from(ch.deleted);
            a.last = a.last.max(c.time);
            a.first = Some(a.first.map_or(c.time, |f| f.min(c.time)));
            if a.creator.is_none() || ch.created {
                a.creator = Some(c.id.clone());
                a.created_by = Some(author.clone());
            }
            if !bot(&author) {
                *a.added_by.entry(author.clone()).or_default() += u64::from(ch.added);
                *a.changes_by.entry(author.clone()).or_default() += 1;
                if !mech || ch.created {
                    *a.work_by.entry(author.clone()).or_default() += 1;
                }
            }
        }
        if touched.len() >= 2 && !mech && c.changes.len() <= config.max_changeset {
            touched.sort_unstable();
            for x in 0..touched.len() {
                for y in x + 1..touched.len() {
                    *pair_shared.entry((touched[x], touched[y])).or_default() += 1;
                }
            }
        }
    }

    let active = |n: &str| authors.get(n).is_some_and(|a| a.active && !a.bot);
    // Per file: ownership, degree of authorship, and who knows it now.
    let mut files: Vec<FileHistory> = present
        .iter()
        .zip(&mut acc)
        .map(|(f, a)| {
            a.edits.reverse();
            let shares: Vec<(String, f64)> = line_shares(&a.edits, person_names.len())
                .into_iter()
                .map(|(p, share)| (person_names[p as usize].clone(), share))
                .filter(|(n, _)| !bot(n))
                .collect();
            a.edits = Vec::new();
            let share_of = |n: &str| shares.iter().find(|(m, _)| m == n).map_or(0.0, |s| s.1);
            // Authors by degree of authorship over their work (mechanical commits left out).
            let authors = doa_over(&a.work_by, a.created_by.as_deref());
            let candidates: BTreeSet<&String> = shares
                .iter()
                .map(|(n, _)| n)
                .chain(a.recent_by.keys())
                .chain(a.work_by.keys())
                .chain(&authors)
                .collect();
            let knowers: Vec<String> = candidates
                .into_iter()
                .filter(|n| {
                    let recent = a.recent_by.get(n.as_str()).copied().unwrap_or(0);
                    let work = a.work_by.get(n.as_str()).copied().unwrap_or(0);
                    knows(active(n), authors.contains(n), share_of(n), recent, work)
                })
                .cloned()
                .collect();
            let total: u64 = a.added_by.values().sum();
            let main = a.added_by.iter().max_by(|x, y| x.1.cmp(y.1).then_with(|| y.0.cmp(x.0)));
            let ownership = match (main, total) {
                (Some((_, &n)), t) if t > 0 => n as f64 / t as f64,
                (Some(_), _) => 1.0,
                _ => 0.0,
            };
            let fragmentation = if total == 0 {
                0.0
            } else {
                1.0 - a.added_by.values().map(|&n| (n as f64 / total as f64).powi(2)).sum::<f64>()
            };
            FileHistory {
                path: f.path.clone(),
                component: f.component.clone(),
                revisions: a.revisions,
                recent_revisions: a.recent,
                recent_mechanical: a.recent_mechanical,
                recent_fixes: a.fix_episodes.len() as u32,
                recent_fixes_tested: a.tested_episodes.len() as u32,
                added: a.added,
                deleted: a.deleted,
                authors: a.changes_by.keys().cloned().collect(),
                main_author: main.map(|(n, _)| n.clone()),
                ownership,
                fragmentation,
                age_days: if a.revisions == 0 { 0 } else { (head_time - a.last).max(0) / 86_400 },
                first_age_days: a.first.map_or(0, |f| (head_time - f).max(0) / 86_400),
                doa_authors: doa_authors(a),
                line_shares: shares.iter().filter(|s| s.1 >= 0.05).cloned().collect(),
                knowers,
                coupling: 0.0,
            }
        })
        .collect();

    // Coupling, with code-maat's thresholds.
    let mut coupling: Vec<Coupling> = Vec::new();
    for (&(x, y), &shared) in &pair_shared {
        let (ra, rb) = (acc[x].revisions, acc[y].revisions);
        let avg = (f64::from(ra) + f64::from(rb)) / 2.0;
        let degree = f64::from(shared) / avg;
        if avg < f64::from(config.min_revs) || shared < config.min_shared || degree < config.min_degree {
            continue;
        }
        let (a, b) = (&present[x], &present[y]);
        files[x].coupling += degree;
        files[y].coupling += degree;
        coupling.push(Coupling {
            a: a.path.clone(),
            b: b.path.clone(),
            shared,
            revs_a: ra,
            revs_b: rb,
            degree,
            explained_by_import: imported(&a.path, &b.path),
            cross_component: a.component != b.component,
        });
    }
    coupling.sort_by(|p, q| {
        q.degree
            .total_cmp(&p.degree)
            .then_with(|| q.shared.cmp(&p.shared))
            .then_with(|| (&p.a, &p.b).cmp(&(&q.a, &q.b)))
    });

    // Hotspots.
    let max_heat = acc.iter().map(|a| a.heat).fold(0.0f64, f64::max);
    let max_heat = if max_heat > 0.0 { max_heat } else { 1.0 };
    let max_cx = present.iter().map(|f| f.complexity).max().unwrap_or(0).max(1);
    let mut hotspots: Vec<Hotspot> = files
        .iter()
        .zip(present)
        .zip(&acc)
        .filter(|((f, p), _)| f.revisions > 0 && p.complexity > 0)
        .map(|((f, p), a)| Hotspot {
            path: f.path.clone(),
            revisions: f.revisions,
            recent_revisions: f.recent_revisions,
            recent_mechanical: f.recent_mechanical,
            recent_fixes: f.recent_fixes,
            recent_fixes_tested: f.recent_fixes_tested,
            recent_fix_episodes: {
                let mut e = a.fix_episodes.clone();
                e.sort_unstable();
                e
            },
            complexity: p.complexity,
            score: (a.heat / max_heat) * (p.complexity as f64 / max_cx as f64),
        })
        .collect();
    hotspots.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.path.cmp(&b.path)));

    // Truck factor, for the repository and per component.
    let knowledge: Vec<bool> = present.iter().map(|p| p.knowledge).collect();
    // The files that count for knowledge, or all of them when none does (a folder of docs).
    let counted = |idx: &[usize]| -> Vec<usize> {
        let k: Vec<usize> = idx.iter().copied().filter(|&i| knowledge[i]).collect();
        if k.is_empty() { idx.to_vec() } else { k }
    };
    let all = counted(&(0..files.len()).collect::<Vec<_>>());
    let repo_truck_factor = truck_factor(&files, &all, |f| &f.doa_authors);
    // Who can answer for the product now: its own source, not its tests (all counted files
    // when it has no source, a folder of tests).
    let source: Vec<usize> = all.iter().copied().filter(|&i| present[i].source).collect();
    let source = if source.is_empty() { all.clone() } else { source };
    let lines = |i: usize| present[i].code_lines;
    // Over the code someone active knows: files nobody knows are reported apart
    // (`orphaned_lines`), not counted as lost from the start, or the most active person would
    // always tip a half-orphaned codebase to 1.
    let known: Vec<usize> = source.iter().copied().filter(|&i| !files[i].knowers.is_empty()).collect();
    let current_truck_factor = truck_factor(&files, &known, |f| &f.knowers);
    let considered: Vec<usize> = source.iter().copied().filter(|&i| !files[i].authors.is_empty()).collect();
    let orphan = |i: &&usize| files[**i].knowers.is_empty();
    let counted_files = considered.len() as u32;
    let orphaned_files = considered.iter().filter(orphan).count() as u32;
    let counted_lines: u64 = considered.iter().map(|&i| lines(i).max(1)).sum();
    let orphaned_lines: u64 = considered.iter().filter(orphan).map(|&i| lines(i).max(1)).sum();
    let knowledge_islands: Vec<String> =
        files.iter().filter(|f| f.knowers.len() == 1 && f.revisions > 0).map(|f| f.path.clone()).collect();
    let mut by_component: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        by_component.entry(f.component.as_str()).or_default().push(i);
    }
    let components = by_component
        .iter()
        .map(|(id, idx)| {
            let active_authors: BTreeSet<String> = idx
                .iter()
                .flat_map(|&i| files[i].doa_authors.iter())
                .filter(|n| active(n))
                .cloned()
                .collect();
            // Over the files that count for knowledge, as its truck factor: a generated file or
            // a doc nobody needs to know makes no one the keeper of a component.
            let knowers: BTreeSet<String> =
                counted(idx).iter().flat_map(|&i| files[i].knowers.iter()).cloned().collect();
            let touched = idx.iter().any(|&i| files[i].revisions > 0);
            ComponentHistory {
                id: (*id).to_owned(),
                files: idx.len() as u32,
                revisions: idx.iter().map(|&i| files[i].revisions).sum(),
                recent_work: idx.iter().map(|&i| files[i].recent_work()).sum(),
                hotspot_score: idx
                    .iter()
                    .filter_map(|&i| hotspots.iter().find(|h| h.path == files[i].path).map(|h| h.score))
                    .sum::<f64>()
                    + 0.0, // an empty sum is -0.0
                truck_factor: truck_factor(&files, &counted(idx), |f| &f.doa_authors),
                knowledge_island: touched && knowers.len() == 1,
                active_authors: active_authors.into_iter().collect(),
                knowers: knowers.into_iter().collect(),
            }
        })
        .collect();

    let knowledge_loss = (!config.if_leaves.is_empty()).then(|| {
        let leaving: BTreeSet<&str> = config.if_leaves.iter().map(String::as_str).collect();
        // Lost: files someone knows now, and everyone who does is leaving.
        let lost =
            |f: &FileHistory| !f.knowers.is_empty() && f.knowers.iter().all(|a| leaving.contains(a.as_str()));
        let lost_files: Vec<String> = files.iter().filter(|f| lost(f)).map(|f| f.path.clone()).collect();
        let lost_components = by_component
            .iter()
            .filter(|(_, idx)| idx.iter().filter(|&&i| lost(&files[i])).count() * 2 > idx.len())
            .map(|(id, _)| (*id).to_owned())
            .collect();
        KnowledgeLoss {
            leaving: leaving.iter().map(|s| (*s).to_owned()).collect(),
            files: lost_files,
            components: lost_components,
        }
    });

    let activity = months
        .into_iter()
        .map(|(month, (commits, a))| Month { month, commits, authors: a.len() as u32 })
        .collect();

    let recent_commits = authors.values().filter(|a| !a.bot).map(|a| a.recent_commits).sum();
    Report {
        commits: commits.len() as u32,
        authors: authors.into_values().collect(),
        files,
        coupling,
        hotspots,
        truck_factor: repo_truck_factor,
        current_truck_factor,
        orphaned_files,
        counted_files,
        orphaned_lines,
        counted_lines,
        components,
        knowledge_islands,
        knowledge_loss,
        activity,
        recent_commits,
        head_time,
        releases: Releases::default(),
    }
}

/// A file's authors: normalised DOA above 0.75 and DOA at least 3.293 (Avelino et al.). As in
/// their reference implementation, the commit that creates the file is first authorship (FA)
/// only: it counts neither as the creator's delivery (DL) nor as an acceptance (AC) for others.
fn doa_authors(a: &Acc) -> Vec<String> {
    doa_over(&a.changes_by, a.created_by.as_deref())
}

/// [`doa_authors`] over the given changes per person.
fn doa_over(changes_by: &BTreeMap<String, u32>, created_by: Option<&str>) -> Vec<String> {
    let total: u32 = changes_by.values().sum();
    let creator = created_by.filter(|c| changes_by.contains_key(*c));
    let creation = u32::from(creator.is_some());
    let scores: Vec<(&String, f64)> = changes_by
        .iter()
        .map(|(name, &own)| {
            let is_creator = creator == Some(name.as_str());
            let dl = own - u32::from(is_creator);
            let ac = total - own - if is_creator { 0 } else { creation };
            (name, doa(is_creator, dl, ac))
        })
        .collect();
    let max = scores.iter().map(|(_, d)| *d).fold(f64::MIN, f64::max);
    scores.into_iter().filter(|(_, d)| *d >= 3.293 && *d / max > 0.75).map(|(n, _)| n.clone()).collect()
}

/// Avelino et al.'s greedy truck factor over `idx`: remove the author of the most files until
/// more than half the files have no author left. `owners` says who a file's authors are: by
/// degree of authorship (theirs) or who knows it now.
fn truck_factor<'a>(
    files: &'a [FileHistory],
    idx: &[usize],
    owners: impl Fn(&'a FileHistory) -> &'a Vec<String>,
) -> TruckFactor {
    // Files only bots changed are not counted; a file people changed but nobody knows well
    // enough to be its author is orphaned from the start.
    let considered: Vec<&FileHistory> =
        idx.iter().map(|&i| &files[i]).filter(|f| !f.authors.is_empty()).collect();
    let n = considered.len();
    if n == 0 {
        return TruckFactor { value: 0, authors: Vec::new() };
    }
    let mut remaining: Vec<BTreeSet<&str>> =
        considered.iter().map(|f| owners(f).iter().map(String::as_str).collect()).collect();
    let mut removed = Vec::new();
    loop {
        let orphaned = remaining.iter().filter(|s| s.is_empty()).count();
        if orphaned * 2 > n {
            break;
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &remaining {
            for a in s {
                *counts.entry(a).or_default() += 1;
            }
        }
        let Some((&top, _)) = counts.iter().max_by(|x, y| x.1.cmp(y.1).then_with(|| y.0.cmp(x.0))) else {
            break;
        };
        removed.push(top.to_owned());
        for s in &mut remaining {
            s.remove(top);
        }
    }
    TruckFactor { value: removed.len() as u32, authors: removed }
}

/// `YYYY-MM` of a Unix time, UTC (civil-from-days, Howard Hinnant's algorithm).
pub fn month_of(time: i64) -> String {
    let (y, m, _) = civil(time.div_euclid(86_400));
    format!("{y:04}-{m:02}")
}

/// `YYYY-MM-DD` of a Unix time, UTC.
pub fn date_of(time: i64) -> String {
    let (y, m, d) = civil(time.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests;
