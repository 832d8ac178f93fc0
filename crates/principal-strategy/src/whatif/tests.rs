use super::*;
use principal_model::{Edge, ImportKind, Language, Node};

/// app/{a,b}.py, core/{c,d}.py, util/e.py: a -> c, c -> a (a component cycle app <-> core),
/// d -> e; core declares a dependency on util.
fn model() -> Model {
    let comp = |id: &str| Component { id: id.to_owned(), source: ComponentSource::PythonPackage, name: None };
    let paths = [("app/a.py", 0), ("app/b.py", 0), ("core/c.py", 1), ("core/d.py", 1), ("util/e.py", 2)];
    let nodes = paths
        .iter()
        .enumerate()
        .map(|(i, (p, c))| Node {
            path: (*p).to_owned(),
            language: Language::Python,
            component: *c,
            file: i as u32,
            go_outside_package: false,
        })
        .collect();
    let edge = |from, to| Edge { from, to, kind: ImportKind::Import, count: 1, line: 1 };
    Model {
        nodes,
        edges: vec![edge(0, 2), edge(2, 0), edge(3, 4)],
        components: vec![comp("app"), comp("core"), comp("util")],
        declared_dependencies: vec![(1, 2)],
        ..Model::default()
    }
}

fn component_of(m: &Model, path: &str) -> String {
    let n = m.nodes.iter().find(|n| n.path == path).expect("node");
    m.components[n.component as usize].id.clone()
}

fn ids(m: &Model) -> Vec<&str> {
    m.components.iter().map(|c| c.id.as_str()).collect()
}

#[test]
fn arguments_parse_and_print_back_as_given() {
    let m = Merge::parse("app,./core/=platform").expect("merge");
    assert_eq!(m.components, ["app", "core"]);
    assert_eq!(m.into.as_deref(), Some("platform"));
    assert_eq!(m.to_string(), "--merge app,core=platform");
    let s = Split::parse("core=core/io/**").expect("split");
    assert_eq!((s.component.as_str(), s.glob.as_str(), s.into.as_deref()), ("core", "core/io/**", None));
    assert_eq!(Move::parse("app/b.py=util").expect("move").to_string(), "--move app/b.py=util");
    assert_eq!(Cut::parse("core/c.py -> app").expect("cut").to_string(), "--cut core/c.py->app");

    for bad in ["app", "app,=x", "a,b="] {
        let e = Merge::parse(bad).expect_err(bad);
        assert!(e.to_string().starts_with(&format!("--merge `{bad}`")), "{e}");
    }
    assert!(Split::parse("core").is_err() && Split::parse("a=b=c=d").is_err() && Split::parse("=x").is_err());
    assert!(Move::parse("a.py").is_err() && Move::parse("a.py=").is_err());
    assert!(Cut::parse("a.py>b.py").is_err() && Cut::parse("->b").is_err());
}

#[test]
fn a_merge_joins_the_components_and_their_declared_dependencies() {
    let base = model();
    let scenario =
        Scenario { merges: vec![Merge::parse("core,util").expect("merge")], ..Scenario::default() };
    let a = apply(&base, &scenario).expect("applies");
    assert_eq!(ids(&a.model), ["app", "core"]);
    assert_eq!(component_of(&a.model, "util/e.py"), "core");
    // core's declared dependency on util is inside the merged component now.
    assert!(a.model.declared_dependencies.is_empty());
    assert_eq!(a.steps[0].files_moved, 1);
    assert_eq!(a.steps[0].removed, ["util"]);
    assert_eq!(a.steps[0].created, None);

    let named =
        Scenario { merges: vec![Merge::parse("app,core=platform").expect("merge")], ..Scenario::default() };
    let a = apply(&base, &named).expect("applies");
    assert_eq!(ids(&a.model), ["platform", "util"]);
    assert_eq!(a.model.components[0].source, ComponentSource::Scenario);
    assert_eq!(a.model.declared_dependencies, [(0, 1)], "platform (was core) -> util");
    assert_eq!(a.steps[0].created.as_deref(), Some("platform"));
    assert_eq!(a.steps[0].files_moved, 4);
}

#[test]
fn a_split_makes_a_component_of_the_matching_files() {
    let base = model();
    let s = Scenario {
        splits: vec![Split::parse("core=core/d.py=storage").expect("split")],
        ..Scenario::default()
    };
    let a = apply(&base, &s).expect("applies");
    assert_eq!(ids(&a.model), ["app", "core", "storage", "util"]);
    assert_eq!(component_of(&a.model, "core/d.py"), "storage");
    assert_eq!(component_of(&a.model, "core/c.py"), "core");
    assert_eq!(a.steps[0].created.as_deref(), Some("storage"));

    // Without a name, the glob's folder names it; a glob without a folder of its own must be named.
    let e = apply(
        &base,
        &Scenario { splits: vec![Split::parse("core=core/d*").expect("split")], ..Scenario::default() },
    )
    .expect_err("needs a name");
    assert!(e.to_string().contains("name the new component"), "{e}");
    let e = apply(
        &base,
        &Scenario { splits: vec![Split::parse("core=core/**").expect("split")], ..Scenario::default() },
    )
    .expect_err("whole component");
    assert!(e.to_string().contains("every file of `core`"), "{e}");
    let e = apply(
        &base,
        &Scenario { splits: vec![Split::parse("core=app/**=x").expect("split")], ..Scenario::default() },
    )
    .expect_err("nothing matches");
    assert!(e.to_string().contains("no file of `core` matches"), "{e}");
}

#[test]
fn a_move_into_a_new_component_creates_it_and_an_emptied_one_disappears() {
    let base = model();
    let s = Scenario { moves: vec![Move::parse("util/e.py=core").expect("move")], ..Scenario::default() };
    let a = apply(&base, &s).expect("applies");
    assert_eq!(ids(&a.model), ["app", "core"]);
    assert_eq!(a.steps[0].removed, ["util"]);
    assert_eq!(a.model.components[1].source, ComponentSource::PythonPackage, "core keeps what it was");

    let s = Scenario { moves: vec![Move::parse("app/b.py=shared").expect("move")], ..Scenario::default() };
    let a = apply(&base, &s).expect("applies");
    assert_eq!(ids(&a.model), ["app", "core", "shared", "util"]);
    assert_eq!(a.steps[0].created.as_deref(), Some("shared"));
    assert_eq!(a.model.declared_dependencies, [(1, 3)], "core -> util, renumbered");

    let e = apply(
        &base,
        &Scenario { moves: vec![Move::parse("nowhere/*.py=core").expect("move")], ..Scenario::default() },
    )
    .expect_err("no file");
    assert!(e.to_string().starts_with("--move nowhere/*.py=core: "), "{e}");
    let e = apply(
        &base,
        &Scenario { moves: vec![Move::parse("core=core").expect("move")], ..Scenario::default() },
    )
    .expect_err("no change");
    assert!(e.to_string().contains("already"), "{e}");
}

#[test]
fn a_cut_removes_the_imports_between_the_selections() {
    let base = model();
    let s = Scenario { cuts: vec![Cut::parse("core->app").expect("cut")], ..Scenario::default() };
    let a = apply(&base, &s).expect("applies");
    assert_eq!(a.model.edges.len(), 2);
    assert!(!a.model.edges.iter().any(|e| e.from == 2 && e.to == 0));
    assert_eq!((a.steps[0].edges_cut, a.steps[0].imports_cut), (1, 1));
    let e =
        apply(&base, &Scenario { cuts: vec![Cut::parse("util->app").expect("cut")], ..Scenario::default() })
            .expect_err("no import");
    assert!(e.to_string().contains("no file of `util` imports a file of `app`"), "{e}");
}

#[test]
fn steps_run_in_order_so_a_split_can_be_a_move_target() {
    let base = model();
    let s = Scenario {
        splits: vec![Split::parse("core=core/d.py=storage").expect("split")],
        moves: vec![Move::parse("util=storage").expect("move")],
        ..Scenario::default()
    };
    let a = apply(&base, &s).expect("applies");
    assert_eq!(ids(&a.model), ["app", "core", "storage"]);
    assert_eq!(component_of(&a.model, "util/e.py"), "storage");
    assert_eq!(s.steps(), ["--split core=core/d.py=storage", "--move util=storage"]);
}

#[test]
fn an_unknown_component_names_near_ones() {
    let e = apply(
        &model(),
        &Scenario { merges: vec![Merge::parse("cor,app").expect("merge")], ..Scenario::default() },
    )
    .expect_err("unknown");
    assert_eq!(
        e.to_string(),
        "--merge cor,app: no component is named `cor` (did you mean `core`?); `principal map --level component` lists them"
    );
}

#[test]
fn scenario_files_use_the_flags_syntax_and_report_their_mistakes() {
    let s = Scenario::parse_file(
        "description = \"pull storage out\"\nsplit = [\"core=core/d.py=storage\"]\ncut = [\"core->app\"]\n",
        "s.toml",
    )
    .expect("parses");
    assert_eq!(s.description.as_deref(), Some("pull storage out"));
    assert_eq!(s.steps(), ["--split core=core/d.py=storage", "--cut core->app"]);
    let e = Scenario::parse_file("moves = [\"a=b\"]\n", "s.toml").expect_err("unknown key");
    assert!(e.to_string().starts_with("s.toml: ") && e.to_string().contains("moves"), "{e}");
    let e = Scenario::parse_file("cut = [\"a\"]\n", "s.toml").expect_err("bad step");
    assert!(e.to_string().starts_with("s.toml: --cut `a`"), "{e}");
}
