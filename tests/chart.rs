//! A chart of several files (FORMAT.md, "A chart of several files"): the
//! test chart in tests/data/chart/ end to end, merging rules, provenance,
//! errors across files, and the explorer on it.

use std::fs;
use std::path::{Path, PathBuf};

use linkchart::dossier::{
    self, Diagnostic, Item, Loaded, ParsedFile, Place, load_paths, load_str, merge, parse_file,
};
use linkchart::filter::{Counts, Filter, Strength};
use linkchart::graph::Chart;
use linkchart::tui::Model;
use linkchart::tui::keymap::parse_keys;
use linkchart::tui::render::render_text;
use linkchart::tui::theme::Theme;

mod common;
use common::{run, run_program, stderr, stdout};

const CHART: &str = "tests/data/chart";
const ACTORS: &str = "tests/data/chart/00-actors.ron";
const COASTAL: &str = "tests/data/chart/01-coastal.ron";
const LEDGER: &str = "tests/data/chart/02-ledger.ron";
const ANALYSIS: &str = "tests/data/chart/analysis.ron";

/// The one warning of the test chart: two ids, one name.
const DUPLICATE: &str = "tests/data/chart/analysis.ron:8:9: warning: actors TN \
    (tests/data/chart/analysis.ron:8:9) and TUN (tests/data/chart/00-actors.ron:14:9) \
    are both called \"Tunisia\": the same actor? Use one id.";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn lines(diags: &[Diagnostic]) -> Vec<String> {
    diags.iter().map(|d| d.to_string()).collect()
}

/// Loads paths relative to the crate root; the names in messages are the
/// paths as given, so they are made relative again.
fn load(paths: &[&str]) -> Result<Loaded, Vec<Diagnostic>> {
    let cwd = std::env::current_dir().unwrap();
    assert_eq!(cwd, root(), "tests run from the crate root");
    load_paths(&paths.iter().map(PathBuf::from).collect::<Vec<_>>())
}

fn chart() -> Loaded {
    load(&[CHART]).unwrap_or_else(|d| panic!("{:#?}", lines(&d)))
}

fn rel_ix(c: &Chart, from: &str, to: &str, label: &str) -> usize {
    c.dossier
        .relations
        .iter()
        .position(|r| r.from == from && r.to == to && r.label == label)
        .unwrap_or_else(|| panic!("no relation {from} → {to} {label:?}"))
}

// ------------------------------------------------------------ the chart

#[test]
fn a_folder_is_one_chart_of_its_files_in_path_order() {
    let l = chart();
    let names: Vec<&str> = l.provenance.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, [ACTORS, COASTAL, LEDGER, ANALYSIS]);
    let shorts: Vec<&str> = l
        .provenance
        .files
        .iter()
        .map(|f| f.short.as_str())
        .collect();
    assert_eq!(
        shorts,
        [
            "00-actors.ron",
            "01-coastal.ron",
            "02-ledger.ron",
            "analysis.ron"
        ]
    );
    let d = &l.dossier;
    // The first file's title; GOT declared twice is one actor, TN and TUN
    // stay two.
    assert_eq!(d.title, "Tunisia and Israel: three reports side by side");
    assert_eq!(d.actors.len(), 6);
    assert_eq!(d.sources.len(), 3);
    assert_eq!(d.reports().len(), 2);
    assert_eq!(d.relations.len(), 4);
    assert_eq!(d.relations.iter().map(|r| r.claims.len()).sum::<usize>(), 6);
    assert_eq!(lines(&l.warnings), [DUPLICATE]);
}

#[test]
fn files_given_one_by_one_make_the_same_chart_as_their_folder() {
    let folder = chart();
    let files = load(&[ACTORS, COASTAL, LEDGER, ANALYSIS]).unwrap();
    assert_eq!(files.dossier, folder.dossier);
    // A file given twice (by its folder and by name) is read once.
    let twice = load(&[CHART, LEDGER]).unwrap();
    assert_eq!(twice.dossier, folder.dossier);
}

#[test]
fn an_actor_declared_in_two_files_is_one_with_aliases_merged_and_notes_joined() {
    let l = chart();
    let got: Vec<_> = l.dossier.actors.iter().filter(|a| a.id == "GOT").collect();
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].aliases(),
        ["Tunisian Government", "Tunis government"]
    );
    assert_eq!(
        got[0].note.as_deref(),
        Some("Declared again by The Ledger.")
    );
    // It is where it was first declared.
    let at = l.provenance.place(Item::Actor(0)).unwrap();
    assert_eq!(
        at,
        Place {
            path: ACTORS.into(),
            line: 7,
            col: 9
        }
    );
}

#[test]
fn one_relation_from_three_files_is_corroborated_with_claims_in_file_order() {
    let l = chart();
    let c = Chart::from_loaded(l);
    let r = rel_ix(&c, "GOT", "GOI", "intelligence cooperation");
    let texts: Vec<&str> = c.dossier.relations[r]
        .claims
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "Tunisian and Israeli services share intelligence on armed groups in Libya.",
            "An Israeli diplomat confirms regular contacts between the two services.",
            "Both reports describe the same channel, from both ends.",
        ]
    );
    let files: Vec<&str> = (0..3)
        .map(|k| c.claim_file(r, k).unwrap().short.as_str())
        .collect();
    assert_eq!(files, ["01-coastal.ron", "02-ledger.ron", "analysis.ron"]);
    // Two reports' sources back it: corroborated. Each alone would not.
    let counts = Counts::compute(&c, &Filter::all(&c));
    assert_eq!(counts.strength(r), Strength::Corroborated);
    let alone = Chart::from_loaded(load(&[ACTORS, COASTAL]).unwrap());
    let r1 = rel_ix(&alone, "GOT", "GOI", "intelligence cooperation");
    let counts = Counts::compute(&alone, &Filter::all(&alone));
    assert_ne!(counts.strength(r1), Strength::Corroborated);
}

#[test]
fn every_claim_knows_its_file_and_line() {
    let c = Chart::from_loaded(chart());
    let r = rel_ix(&c, "GOT", "GOI", "intelligence cooperation");
    let place = |claim| c.provenance.place(Item::Claim { rel: r, claim }).unwrap();
    assert_eq!(
        place(0),
        Place {
            path: COASTAL.into(),
            line: 26,
            col: 17
        }
    );
    assert_eq!(
        place(1),
        Place {
            path: LEDGER.into(),
            line: 36,
            col: 17
        }
    );
    assert_eq!(
        place(2),
        Place {
            path: ANALYSIS.into(),
            line: 28,
            col: 17
        }
    );
    // The relation is where it was first written.
    assert_eq!(
        c.provenance.place(Item::Relation(r)).unwrap().path,
        PathBuf::from(COASTAL)
    );
    let us_tun = rel_ix(&c, "US", "TUN", "economic aid");
    assert_eq!(
        c.provenance.place(Item::Relation(us_tun)),
        Some(Place {
            path: LEDGER.into(),
            line: 44,
            col: 9
        })
    );
    let src = c.source_ix("desk").unwrap();
    assert_eq!(
        c.provenance.place(Item::Source(src)).unwrap().path,
        PathBuf::from(ANALYSIS)
    );
    let rep = c.report_ix("ledger-2022").unwrap();
    assert_eq!(c.provenance.place(Item::Report(rep)).unwrap().line, 5);
    // Out of range: nothing, never a panic.
    assert_eq!(c.provenance.place(Item::Claim { rel: r, claim: 9 }), None);
    assert_eq!(c.provenance.place(Item::Actor(99)), None);
}

#[test]
fn the_bundled_dossier_knows_its_places_too() {
    let l = dossier::load_bundled().unwrap();
    let p = l
        .provenance
        .place(Item::Claim { rel: 0, claim: 0 })
        .unwrap();
    assert_eq!(p.path, PathBuf::from(dossier::BUNDLED_NAME));
    let line = dossier::BUNDLED.lines().nth(p.line - 1).unwrap();
    assert!(line.trim_start().starts_with("Claim("), "{line}");
}

// ------------------------------------------------------------ commands

#[test]
fn check_a_folder_reports_every_file_then_one_summary() {
    let out = run(["check", CHART]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "{DUPLICATE}\nok: 4 files, 6 actors, 4 relations, 6 claims, 3 sources, 1 warning\n"
        )
    );
}

#[test]
fn the_explorer_says_how_many_files_and_where_each_claim_comes_from() {
    let out = run(["render", "--size", "100x30", "--keys", "Tab Tab j j", CHART]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let screen = stdout(&out);
    let top = screen.lines().next().unwrap();
    // The count of the chart's warning (TN and TUN are both called
    // Tunisia) takes room from the title, which is cut.
    assert!(
        top.contains("1 warning (E) · 4 files · all sources · 6 claims"),
        "{top}"
    );
    assert!(top.contains("Tunisia and Israel: three reports"), "{top}");
    for f in ["in 01-coastal.ron", "in 02-ledger.ron", "in analysis.ron"] {
        assert!(screen.contains(f), "{f} not on screen:\n{screen}");
    }
    // The sources panel says which file declares each source.
    let out = run(["render", "--size", "100x20", "--keys", "s", CHART]);
    let panel = stdout(&out);
    assert!(
        panel.contains("Israeli diplomatic source  in 02-ledger.ron"),
        "{panel}"
    );
    // One file: no file names on claims.
    let out = run([
        "render",
        "--size",
        "100x30",
        COASTAL.replace("01-coastal", "../valid/minimal").as_str(),
    ]);
    assert!(!stdout(&out).contains(" files ·"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("in minimal.ron"), "{}", stdout(&out));
}

#[test]
fn path_crosses_files() {
    // US → TUN is in one report, TN → GOI in the analysis, GOT → GOI in
    // three: US reaches GOT only through relations written in two files.
    let out = run(["path", "US", "UAE", CHART]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = run(["path", "GOI", "UAE", CHART]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Government of Tunisia"), "{text}");
    assert!(text.contains("intelligence cooperation"), "{text}");
}

#[test]
fn the_json_export_of_a_chart_loads_back_as_one_dossier() {
    let out = run(["export", "--format", "json", CHART]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Less the corroboration it adds to each relation and the effective
    // dates it adds to each claim (derived, not part of the format), it is
    // the format's JSON.
    let mut v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    for rel in v["relations"].as_array_mut().unwrap() {
        let origins = rel.as_object_mut().unwrap().remove("corroboration");
        assert!(origins.is_some_and(|o| o.is_u64()));
        for c in rel["claims"].as_array_mut().unwrap() {
            let c = c.as_object_mut().unwrap();
            assert!(c.remove("date_from_report").is_some() == c.remove("effective_date").is_some());
        }
    }
    let back: dossier::Dossier = serde_json::from_value(v).unwrap();
    assert_eq!(back, chart().dossier);
    // As RON, that dossier is a valid file on its own, with the same counts.
    let ron = ron::ser::to_string_pretty(&back, ron::ser::PrettyConfig::default()).unwrap();
    let alone = load_str("exported.ron", &ron).unwrap_or_else(|d| panic!("{:#?}", lines(&d)));
    assert_eq!(alone.dossier, back);
    assert_eq!(lines(&alone.warnings).len(), 1);
    for format in ["md", "dot", "graphml"] {
        let out = run(["export", "--format", format, CHART]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert!(stdout(&out).contains("Government of Tunisia"), "{format}");
    }
}

#[test]
fn export_never_writes_over_a_file_of_the_chart() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["00-actors.ron", "01-coastal.ron"] {
        fs::copy(root().join(CHART).join(f), dir.path().join(f)).unwrap();
    }
    let target = dir.path().join("01-coastal.ron");
    let before = fs::read(&target).unwrap();
    let out = run([
        Path::new("export"),
        Path::new("-o"),
        &target,
        Path::new("--force"),
        dir.path(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("a file of the chart"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(&target).unwrap(), before);
}

// ------------------------------------------------------------ errors

/// A folder of files, for the error cases.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

const REGISTRY: &str = r#"Dossier(
    title: "Registry",
    sources: [Source(id: "src", name: "A source", kind: Human)],
    actors: [
        Actor(id: "GOT", name: "Government of Tunisia", kind: Government),
        Actor(id: "GOI", name: "Government of Israel", kind: Government),
    ],
)
"#;

fn check_dir(dir: &Path) -> (i32, String) {
    let out = run([Path::new("check"), dir]);
    (out.status.code().unwrap(), stderr(&out))
}

#[test]
fn a_conflict_across_files_names_both_places() {
    let report = r#"Dossier(
    actors: [
        Actor(id: "GOT", name: "Tunisian Government", kind: Government),
    ],
    relations: [
        Relation(from: "GOT", to: "GOI", label: "talks", claims: [Claim(text: "They talk.", sources: ["src"])]),
    ],
)
"#;
    let dir = folder(&[("a.ron", REGISTRY), ("b.ron", report)]);
    let (code, err) = check_dir(dir.path());
    let (a, b) = (
        dir.path().join("a.ron").display().to_string(),
        dir.path().join("b.ron").display().to_string(),
    );
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "{b}:3:32: error: actor `GOT`: declared differently here and at {a}:5:32: \
             name \"Tunisian Government\" here, \"Government of Tunisia\" there; \
             one id must mean one actor: make them agree or use another id\n\
             1 error, 0 warnings\n"
        )
    );
    // Sources and reports must agree on every field.
    let other = r#"Dossier(
    sources: [Source(id: "src", name: "A source", kind: Human, reliability: B)],
)
"#;
    let dir = folder(&[("a.ron", REGISTRY), ("b.ron", other)]);
    let (code, err) = check_dir(dir.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("error: source `src`: declared differently here and at ")
            && err.contains("reliability B here, none there"),
        "{err}"
    );
}

#[test]
fn a_reference_misspelt_from_another_files_id_gets_a_did_you_mean() {
    let report = r#"Dossier(
    relations: [
        Relation(
            from: "GTO",
            to: "GOI",
            label: "talks",
            claims: [Claim(text: "They talk.", sources: ["scr"])],
        ),
    ],
)
"#;
    let dir = folder(&[("a.ron", REGISTRY), ("b.ron", report)]);
    let (code, err) = check_dir(dir.path());
    let a = dir.path().join("a.ron").display().to_string();
    let b = dir.path().join("b.ron").display().to_string();
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            // The warnings follow from the typos: the registry's GOT and
            // src are unused until they are mended.
            "{a}:3:15: warning: source `src`: no claim cites this source\n\
             {a}:5:9: warning: actor `GOT`: Government of Tunisia has no relations\n\
             {b}:4:19: error: relation GTO → GOI \"talks\": unknown actor `GTO`; did you mean `GOT`?\n\
             {b}:7:58: error: relation GTO → GOI \"talks\", claim 1: unknown source `scr`; did you mean `src`?\n\
             2 errors, 2 warnings\n"
        )
    );
}

#[test]
fn a_folder_with_no_dossiers_is_an_error_naming_it() {
    let dir = folder(&[("notes.txt", "x"), (".hidden/a.ron", REGISTRY)]);
    let (code, err) = check_dir(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "{}: error: is a directory with no dossier files (*.ron) in it\n1 error, 0 warnings\n",
            dir.path().display()
        )
    );
}

#[test]
fn an_unreadable_file_among_good_ones_is_named_and_the_others_still_checked() {
    let bad_report = r#"Dossier(
    relations: [
        Relation(from: "GOT", to: "GOI", label: "talks", claims: [Claim(text: "", sources: ["src"], credibility: 9)]),
    ],
)
"#;
    let dir = folder(&[
        ("a.ron", REGISTRY),
        ("b.ron", bad_report),
        ("c.ron", "Dossier(\n  title: \"Caf\u{e9}\",\n)"),
        ("sub/d.ron", "x"),
    ]);
    fs::write(
        dir.path().join("c.ron"),
        b"Dossier(\n  title: \"Caf\xe9\",\n)",
    )
    .unwrap();
    fs::write(dir.path().join("e.ron"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    fs::write(
        dir.path().join("f.ron"),
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
    )
    .unwrap();
    let (code, err) = check_dir(dir.path());
    let p = |f: &str| dir.path().join(f).display().to_string();
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "{b}:3:79: error: relation GOT → GOI \"talks\", claim 1: the claim's text is empty\n\
             {b}:3:114: error: relation GOT → GOI \"talks\", claim 1: credibility 9 is out of range; expected 1 (confirmed) to 6 (cannot be judged)\n\
             {c}:2:14: error: not UTF-8 text: invalid byte 0xe9; dossiers are UTF-8\n\
             {e}:1:2: error: not UTF-8 text: invalid byte 0x9f; dossiers are UTF-8\n\
             {f}:1:1: error: binary data, not a dossier: a dossier is RON text starting with `Dossier(`\n\
             {d}:1:1: error: d.ron is not a dossier: linkchart reads RON text that starts with `Dossier(`; this file starts with `x`\n\
             6 errors, 0 warnings\n",
            b = p("b.ron"),
            c = p("c.ron"),
            d = p("sub/d.ron"),
            e = p("e.ron"),
            f = p("f.ron"),
        )
    );
}

#[test]
fn a_file_that_cannot_be_opened_among_good_ones() {
    use std::os::unix::fs::PermissionsExt;
    // Root reads everything: as root, the check runs as nobody.
    let as_nobody = rustix::process::geteuid().is_root();
    if as_nobody && !Path::new("/usr/bin/setpriv").exists() {
        return;
    }
    let dir = folder(&[
        ("a.ron", REGISTRY),
        ("b.ron", REGISTRY),
        ("sub/c.ron", REGISTRY),
    ]);
    let b = dir.path().join("b.ron");
    let sub = dir.path().join("sub");
    fs::set_permissions(&b, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_linkchart"));
    let args = [
        bin,
        Path::new("check"),
        dir.path(),
        Path::new("no/such.ron"),
    ];
    let out = if as_nobody {
        let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"].map(Path::new);
        run_program("/usr/bin/setpriv", nobody.iter().chain(&args))
    } else {
        run_program(bin, &args[1..])
    };
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "{}: error: permission denied: the file cannot be read\n\
             {}: error: permission denied: the folder cannot be read\n\
             no/such.ron: error: no such file\n\
             3 errors, 0 warnings\n",
            b.display(),
            sub.display(),
        )
    );
}

#[test]
fn with_several_files_any_may_leave_out_title_sources_actors_and_relations() {
    let dir = folder(&[
        (
            "a.ron",
            "Dossier(actors: [Actor(id: \"A\", name: \"A\", kind: State)])",
        ),
        (
            "b.ron",
            "Dossier(sources: [Source(id: \"s\", name: \"S\", kind: Media)])",
        ),
        (
            "c.ron",
            "Dossier(relations: [(from: \"A\", to: \"A\", label: \"self\", claims: [(text: \"t\", sources: [\"s\"])])])",
        ),
        ("d.ron", "Dossier()"),
    ]);
    let l = load_paths(&[dir.path().to_path_buf()]).unwrap_or_else(|d| panic!("{d:?}"));
    // No file has a title: the chart goes by its folder's name.
    let name = dir.path().file_name().unwrap().to_string_lossy();
    assert_eq!(l.dossier.title, name);
    assert!(l.warnings.is_empty(), "{:?}", lines(&l.warnings));
    // A file opened alone still needs them.
    let alone = dossier::load_path(&dir.path().join("a.ron")).unwrap_err();
    assert_eq!(
        lines(&alone),
        [format!(
            "{}:1:57: error: missing required field `title` in `Dossier`",
            dir.path().join("a.ron").display()
        )]
    );
    // The chart as a whole needs a source and an actor.
    let dir = folder(&[("a.ron", "Dossier(title: \"t\")"), ("b.ron", "Dossier()")]);
    let err = lines(&load_paths(&[dir.path().to_path_buf()]).unwrap_err());
    assert_eq!(err.len(), 2, "{err:?}");
    assert!(
        err[0]
            .ends_with("no file of the chart declares a source; a chart needs at least one source")
    );
}

#[test]
fn a_relation_repeated_across_files_with_the_same_id_twice_in_one_file_is_still_an_error() {
    // Declarations in the same file are not merged: a repeat there is a
    // duplicate, as it always was.
    let dup = r#"Dossier(
    actors: [
        Actor(id: "GOT", name: "Government of Tunisia", kind: Government),
        Actor(id: "GOT", name: "Government of Tunisia", kind: Government),
    ],
)
"#;
    let dir = folder(&[("a.ron", REGISTRY), ("b.ron", dup)]);
    let (code, err) = check_dir(dir.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("b.ron:4:19: error: duplicate actor id `GOT` (first defined on line 3)"),
        "{err}"
    );
}

#[test]
fn likely_duplicates_compare_case_accents_and_spaces() {
    let text = r#"Dossier(
    title: "t",
    sources: [
        Source(id: "s1", name: "Le Monde", kind: Media),
        Source(id: "s2", name: "le  monde", kind: Media),
    ],
    actors: [
        Actor(id: "A", name: "Société Générale", kind: Organization),
        Actor(id: "B", name: "Bank", kind: Organization, aliases: ["SOCIETE GENERALE"]),
        Actor(id: "C", name: "Other", kind: Organization, aliases: ["Other"]),
    ],
    relations: [
        (from: "A", to: "B", label: "l", claims: [(text: "t", sources: ["s1", "s2"])]),
        (from: "C", to: "B", label: "l", claims: [(text: "t", sources: ["s1"])]),
    ],
)
"#;
    let l = load_str("d.ron", text).unwrap();
    assert_eq!(
        lines(&l.warnings),
        [
            "d.ron:5:9: warning: sources s2 (d.ron:5:9) and s1 (d.ron:4:9) are both called \"le  monde\": the same source? Use one id.",
            "d.ron:9:9: warning: actors B (d.ron:9:9) and A (d.ron:8:9) are both called \"SOCIETE GENERALE\": the same actor? Use one id.",
        ]
    );
}

#[test]
fn a_reloader_can_parse_files_alone_and_merge_them() {
    let files: Vec<ParsedFile<'static>> = [ACTORS, COASTAL, LEDGER, ANALYSIS]
        .iter()
        .map(|p| parse_file(Path::new(p)).unwrap())
        .collect();
    let again = files.clone();
    let l = merge(files).unwrap();
    assert_eq!(l.dossier, chart().dossier);
    // Merging the same parsed files again gives the same chart.
    assert_eq!(merge(again).unwrap().dossier, l.dossier);
}

// ------------------------------------------------------------ the explorer

fn screen(size: (u16, u16), keys: &str) -> String {
    let chart = Chart::from_loaded(chart());
    let mut m = Model::new(chart, None, Theme::mono(), size.0, size.1);
    for k in parse_keys(keys).unwrap() {
        m.handle_key(k);
    }
    render_text(&m)
}

#[test]
fn snapshots_of_the_explorer_on_a_chart() {
    // The relation three files back, its claims with their files; then
    // find, telling two actors called Tunisia apart by their ids.
    for (name, keys) in [("claims", "l"), ("find", "/tunisia")] {
        for (w, h) in [(80, 24), (120, 40)] {
            let text = screen((w, h), keys);
            let mut settings = insta::Settings::clone_current();
            settings.set_prepend_module_to_snapshot(false);
            settings.set_description(format!("{CHART} at {w}x{h}, keys: {keys:?}"));
            settings.set_omit_expression(true);
            settings.bind(|| insta::assert_snapshot!(format!("chart_{name}_{w}x{h}"), text));
        }
    }
}

#[test]
fn briefings_name_the_files_and_each_claims_file() {
    let out = run(["export", "--format", "md", "--actor", "GOT", CHART]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(
        md.contains("Files (4): 00-actors.ron, 01-coastal.ron, 02-ledger.ron, analysis.ron\n"),
        "{md}"
    );
    assert!(
        md.contains("C3[^1] · ¶2 · 2022-06 (report) · in 01-coastal.ron\n"),
        "{md}"
    );
    assert!(md.contains("?2[^3] · in analysis.ron\n"), "{md}");
    // The claims pane's title counts the files behind the relation.
    let screen = screen((100, 30), "l");
    assert!(
        screen.contains("GOT → GOI · intelligence cooperation (3 · 3 files · 2 independent)"),
        "{screen}"
    );
}

// ------------------------------------------------------------ split and merged

/// One file of a split dossier: only the parts it holds are written.
#[derive(serde::Serialize)]
#[serde(rename = "Dossier")]
struct Piece<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reports: Option<&'a [dossier::Report]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sources: Option<&'a [dossier::Source]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actors: Option<&'a [dossier::Actor]>,
    /// Not an option in the format: written plainly, or left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    relations: Vec<dossier::Relation>,
}

#[test]
fn a_dossier_split_into_files_merges_back_into_itself() {
    // The registry holds everything but the relations; the relations are
    // dealt over `k` files, each also repeating some actors and sources as
    // they are (agreeing declarations: one thing). Merged, it is the
    // dossier loaded whole.
    for (name, text) in [
        (dossier::BUNDLED_NAME, dossier::BUNDLED),
        ("second.ron", include_str!("data/second.ron")),
    ] {
        let whole = load_str(name, text).unwrap().dossier;
        for k in [1, 2, 5] {
            let dir = tempfile::tempdir().unwrap();
            let ron = |p: &Piece| {
                ron::ser::to_string_pretty(p, ron::ser::PrettyConfig::default()).unwrap()
            };
            let registry = Piece {
                title: Some(&whole.title),
                summary: whole.summary.as_deref(),
                reports: whole.reports.as_deref(),
                sources: Some(&whole.sources),
                actors: Some(&whole.actors),
                relations: Vec::new(),
            };
            fs::write(dir.path().join("00-registry.ron"), ron(&registry)).unwrap();
            for f in 0..k {
                let rels: Vec<_> = whole
                    .relations
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % k == f)
                    .map(|(_, r)| r.clone())
                    .collect();
                let piece = Piece {
                    title: None,
                    summary: None,
                    reports: None,
                    sources: Some(&whole.sources[f % whole.sources.len()..][..1]),
                    actors: Some(&whole.actors[..f.min(whole.actors.len())]),
                    relations: rels,
                };
                fs::write(dir.path().join(format!("r{f:02}.ron")), ron(&piece)).unwrap();
            }
            let merged = load_paths(&[dir.path().to_path_buf()])
                .unwrap_or_else(|d| panic!("{name} in {k}: {:#?}", lines(&d)));
            // Relations come back in the order of their first file.
            let mut expected = whole.clone();
            let order: Vec<usize> = (0..k)
                .flat_map(|f| (0..whole.relations.len()).filter(move |i| i % k == f))
                .collect();
            expected.relations = order.iter().map(|&i| whole.relations[i].clone()).collect();
            assert_eq!(merged.dossier, expected, "{name} in {k} files");
            assert_eq!(merged.provenance.file_count(), k + 1);
            // Every claim points back at its relation's file and place.
            let chart = Chart::from_loaded(merged);
            for (r, rel) in chart.dossier.relations.iter().enumerate() {
                for c in 0..rel.claims.len() {
                    let o = chart.provenance.claim(r, c).unwrap();
                    assert_eq!(o.file as usize, 1 + order[r] % k, "{name}: {r}/{c}");
                    assert_eq!(o.rel as usize, order[r] / k, "{name}: {r}/{c}");
                    assert_eq!(o.claim as usize, c);
                    let p = chart
                        .provenance
                        .place(Item::Claim { rel: r, claim: c })
                        .unwrap();
                    let file = fs::read_to_string(&p.path).unwrap();
                    let line = file.lines().nth(p.line - 1).unwrap();
                    assert!(line.trim_start().starts_with('('), "{name} {r}/{c}: {line}");
                }
            }
        }
    }
}

#[test]
fn mangled_files_in_a_chart_never_panic_and_every_problem_names_its_file() {
    // Deterministic mutations of the test chart's files (cut, repeat or
    // swap spans, rename ids), merged in memory: the merge never panics,
    // and every diagnostic names a file of the chart.
    let names = [ACTORS, COASTAL, LEDGER, ANALYSIS];
    let texts: Vec<String> = names
        .iter()
        .map(|p| fs::read_to_string(root().join(p)).unwrap())
        .collect();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    let (mut merged, mut refused) = (0, 0);
    for round in 0..400 {
        let mut texts = texts.clone();
        for _ in 0..1 + next(3) {
            let f = next(texts.len());
            let t = &texts[f];
            let cut = |i: usize| (0..=i).rev().find(|&k| t.is_char_boundary(k)).unwrap_or(0);
            let (a, b) = {
                let a = cut(next(t.len()));
                let b = cut((a + next(60)).min(t.len()));
                (a, b)
            };
            texts[f] = match next(5) {
                0 => format!("{}{}", &t[..a], &t[b..]),
                1 => format!("{}{}{}", &t[..b], &t[a..b], &t[b..]),
                2 => t.replacen("GOT", "GOX", 1 + next(3)),
                3 => t.replacen("\"TUN\"", "\"GOT\"", 1),
                _ => t.replacen("Government of Tunisia", "Gouvernement tunisien", 1),
            };
        }
        let files: Vec<_> = names
            .iter()
            .zip(&texts)
            .filter_map(|(n, t)| {
                ParsedFile::from_text(dossier::FileInfo::memory(n), t.as_str().into()).ok()
            })
            .collect();
        match merge(files) {
            Ok(l) => {
                merged += 1;
                let c = Chart::from_loaded(l);
                for r in 0..c.dossier.relations.len() {
                    for k in 0..c.dossier.relations[r].claims.len() {
                        assert!(c.provenance.claim(r, k).is_some(), "round {round}");
                    }
                }
            }
            Err(diags) => {
                refused += 1;
                for d in &diags {
                    assert!(
                        names.contains(&d.file.as_str()) || d.file == "linkchart",
                        "round {round}: {d}"
                    );
                }
            }
        }
    }
    // Both outcomes were exercised.
    assert!(
        merged > 20 && refused > 20,
        "{merged} merged, {refused} refused"
    );
}

#[test]
fn y_copies_a_claim_with_its_file() {
    let chart = Chart::from_loaded(chart());
    let mut m = Model::new(chart, None, Theme::mono(), 100, 30);
    for k in parse_keys("Tab Tab y").unwrap() {
        m.handle_key(k);
    }
    let copied: Vec<&String> = m
        .effects
        .iter()
        .filter_map(|e| match e {
            linkchart::tui::model::Effect::Copy(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "{:?}", m.effects);
    assert!(
        copied[0].contains("Tunisian and Israeli services share intelligence")
            && copied[0].contains("· in 01-coastal.ron"),
        "{}",
        copied[0]
    );
}
