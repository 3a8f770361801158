//! STIX 2.1 in and out: the export validates with the OASIS validator, is
//! deterministic and keeps its ids across edits; export then import gives
//! the dossier back; bundles made with the `stix2` library import as the
//! mapping says; hostile bundles give warnings or a clear error, never a
//! panic, and their text stays inert.
//!
//! The validator is `stix2_validator` from PyPI, installed by `.ci/run` into
//! target/stix-venv; `STIX2_VALIDATOR` names another. Without it the
//! validation test says so and passes, except under CI=true, where it fails.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use linkchart::dossier::{
    ActorKind, BUNDLED, BUNDLED_NAME, Dossier, Reliability, SourceKind, load_path, load_str,
};
use linkchart::export;
use linkchart::import::from_stix;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bundled() -> Dossier {
    load_str(BUNDLED_NAME, BUNDLED).unwrap().dossier
}

fn second() -> Dossier {
    load_path(&root().join("tests/data/second.ron"))
        .unwrap()
        .dossier
}

/// The multi-file chart of tests/data/chart/, merged into one dossier.
fn chart() -> Dossier {
    linkchart::dossier::load_paths(&[root().join("tests/data/chart")])
        .unwrap()
        .dossier
}

fn fixture(name: &str) -> String {
    fs::read_to_string(root().join("tests/data/stix").join(name)).unwrap()
}

fn objects(bundle: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(bundle).unwrap();
    v["objects"].as_array().unwrap().clone()
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_linkchart"))
}

// ---- validation ------------------------------------------------------------

fn validator() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("STIX2_VALIDATOR") {
        return Some(PathBuf::from(p));
    }
    let p = root().join("target/stix-venv/bin/stix2_validator");
    p.exists().then_some(p)
}

#[test]
fn export_validates_with_the_oasis_validator() {
    let Some(validator) = validator() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "stix2_validator is missing under CI: .ci/run installs it into target/stix-venv"
        );
        eprintln!("SKIPPED: stix2_validator not installed (run .ci/run, or set STIX2_VALIDATOR)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let filtered = bin()
        .args([
            "export",
            "--format",
            "stix",
            "--actor",
            "GOT",
            "--min-reliability",
            "C",
        ])
        .output()
        .unwrap();
    assert!(filtered.status.success());
    let exports = [
        ("bundled", export::stix(&bundled())),
        ("second", export::stix(&second())),
        ("chart", export::stix(&chart())),
        ("filtered", String::from_utf8(filtered.stdout).unwrap()),
    ];
    for (name, bundle) in exports {
        let path = dir.path().join(format!("{name}.json"));
        fs::write(&path, bundle).unwrap();
        let out = Command::new(&validator)
            .arg("--enforce-refs")
            .arg(&path)
            .current_dir(dir.path())
            .output()
            .expect("the validator runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains("STIX JSON: Valid") && !text.contains("[X]"),
            "{name}: the validator found errors:\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Warnings only of the kinds the mapping chooses: UUIDv5 ids (103),
        // relationship types from our labels (202), URLs without a hash (302).
        for line in text.lines().filter(|l| l.contains("Warning")) {
            assert!(
                ["{103}", "{202}", "{302}"].iter().any(|c| line.contains(c)),
                "{name}: unexpected validator warning: {line}"
            );
        }
    }
}

// ---- export ----------------------------------------------------------------

#[test]
fn export_is_deterministic_and_shaped_as_the_issue_says() {
    let d = bundled();
    let a = export::stix(&d);
    assert_eq!(a, export::stix(&d), "same input, same bytes");
    let cli = bin().args(["export", "--format", "stix"]).output().unwrap();
    assert!(cli.status.success());
    assert_eq!(String::from_utf8(cli.stdout).unwrap(), a);

    let objs = objects(&a);
    assert!(
        objs.iter()
            .all(|o| o["spec_version"] == "2.1" && o["created"].is_string())
    );
    let by_name = |ty: &str, name: &str| {
        objs.iter()
            .find(|o| o["type"] == ty && o["name"] == name)
            .unwrap_or_else(|| panic!("no {ty} {name}"))
            .clone()
    };
    let got = by_name("identity", "Government of Tunisia");
    assert_eq!(got["identity_class"], "organization");
    assert_eq!(got["sectors"][0], "government-national");
    assert_eq!(got["x_linkchart_actor_id"], "GOT");
    assert!(
        got["description"]
            .as_str()
            .unwrap()
            .contains("Tunisian Government")
    );
    assert_eq!(
        by_name("identity", "Tunisia's military commanders")["sectors"][0],
        "defense"
    );
    assert_eq!(
        by_name("identity", "Qais Said")["identity_class"],
        "individual"
    );
    let office = by_name("identity", "The highest office in Tunisia");
    assert_eq!(office["identity_class"], "unknown");
    assert_eq!(office["x_linkchart_kind"]["Other"], "Office");

    let src = by_name("identity", "JaFaJ sources in Tunisia");
    assert_eq!(src["x_opencti_reliability"], "C - Fairly reliable");
    assert_eq!(src["labels"][0], "admiralty-scale:source-reliability=\"c\"");

    let report = by_name(
        "report",
        "Tunisia Secretly Cooperating with Israel, Considering A Peace Agreement",
    );
    assert_eq!(report["published"], "2022-06-01T00:00:00.000Z");
    assert!(report["object_refs"].as_array().unwrap().len() > 10);
    let coup = by_name(
        "report",
        "In Tunisia, a soft-class-act military coup is cooking",
    );
    assert_eq!(
        coup["external_references"][0]["url"],
        "https://www.jafaj.net/in-tunisia-a-soft-class-act-military-coup-is-cooking/"
    );
    // Undated: the earliest date of the claims it backs (those take the
    // other report's date), never the clock.
    assert_eq!(coup["published"], "2022-06-01T00:00:00.000Z");

    let rel = objs
        .iter()
        .find(|o| o["type"] == "relationship" && o["description"] == "seeks leverage")
        .unwrap();
    assert_eq!(rel["relationship_type"], "seeks-leverage");
    assert_eq!(rel["x_linkchart_label"], "seeks leverage");
    let note = objs
        .iter()
        .find(|o| {
            o["type"] == "note"
                && o["x_linkchart_text"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("The GOT may be just seeking leverage"))
        })
        .unwrap();
    assert_eq!(note["object_refs"][0], rel["id"]);
    assert_eq!(note["confidence"], 50, "RoughlyEvenChance on the DNI scale");
    assert_eq!(note["x_linkchart_confidence"], "RoughlyEvenChance");
    assert_eq!(note["x_linkchart_credibility"], 3);
    assert_eq!(
        note["authors"][0],
        "JaFaJ assessment (Summary ¶1 and Note ¶5)"
    );
    assert!(note["content"].as_str().unwrap().contains("(¶1)"));
    // No own date: the report's, as `created`, and no date property.
    assert_eq!(note["created"], "2022-06-01T00:00:00.000Z");
    assert!(note.get("x_linkchart_date").is_none());
    // Credibility only: the Admiralty scale of Appendix A.
    let graded = objs
        .iter()
        .find(|o| {
            o["type"] == "note"
                && o["x_linkchart_credibility"] == 1
                && o.get("x_linkchart_confidence").is_none()
        })
        .unwrap();
    assert_eq!(graded["confidence"], 90);
}

#[test]
fn ids_stay_the_same_across_edits_that_do_not_touch_an_object() {
    let d = bundled();
    let before: Vec<String> = objects(&export::stix(&d))
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    let mut edited = d.clone();
    edited.relations[0].claims[0].text.push_str(" (edited)");
    edited.actors[1].note = Some("A new note.".into());
    let after: Vec<String> = objects(&export::stix(&edited))
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    let changed: Vec<(&String, &String)> =
        before.iter().zip(&after).filter(|(a, b)| a != b).collect();
    assert_eq!(before.len(), after.len());
    assert_eq!(
        changed.len(),
        1,
        "only the edited claim's note: {changed:?}"
    );
    assert!(changed[0].0.starts_with("note--"));
    assert!(
        before
            .iter()
            .all(|id| id.as_bytes()[id.find("--").unwrap() + 2 + 14] == b'5')
    );
}

// ---- round trip --------------------------------------------------------------

fn round_trip(d: &Dossier) {
    let bundle = export::stix(d);
    let imported = from_stix("export.json", &bundle).expect("our own export imports");
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(&imported.dossier, d, "the dossier comes back whole");
    let ron = imported.to_ron();
    let loaded = load_str("imported.ron", &ron).expect("the written RON loads");
    assert_eq!(&loaded.dossier, d);
    // And again: the import of the re-export is the same file.
    let again = from_stix("export.json", &export::stix(&loaded.dossier)).unwrap();
    assert_eq!(again.to_ron(), ron);
}

/// A platform may keep the objects but not the extension definition (a
/// TAXII pull of a pushed chart): linkchart's own identity, which only
/// created that definition, is still no actor of the chart.
#[test]
fn our_own_identity_without_its_extension_definition_is_no_actor() {
    let d = bundled();
    let mut bundle: serde_json::Value = serde_json::from_str(&export::stix(&d)).unwrap();
    let objects = bundle["objects"].as_array_mut().unwrap();
    let before = objects.len();
    objects.retain(|o| o["type"] != "extension-definition");
    assert_eq!(objects.len(), before - 1, "the export has one definition");
    let imported = from_stix("pulled.json", &bundle.to_string()).unwrap();
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(imported.dossier.actors, d.actors);
}

#[test]
fn export_then_import_gives_the_bundled_dossier_back() {
    round_trip(&bundled());
}

#[test]
fn export_then_import_gives_the_second_dossier_back() {
    round_trip(&second());
}

#[test]
fn export_then_import_gives_a_multi_file_chart_back() {
    round_trip(&chart());
}

#[test]
fn ron_export_of_a_folder_is_the_merged_chart_in_one_file() {
    let out = bin()
        .args(["export", "--format", "ron"])
        .arg(root().join("tests/data/chart"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let back = load_str("all.ron", &text).unwrap();
    assert_eq!(back.dossier, chart());
}

#[test]
fn ron_export_reads_back_as_the_same_dossier() {
    for path in [
        root().join("data/tunisia-israel.ron"),
        root().join("tests/data/second.ron"),
    ] {
        let out = bin()
            .args(["export", "--format", "ron"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let back = load_str("exported.ron", &text).unwrap();
        assert!(back.warnings.is_empty());
        assert_eq!(back.dossier, load_path(&path).unwrap().dossier);
    }
}

// ---- import ------------------------------------------------------------------

#[test]
fn a_bundle_made_with_the_stix2_library_imports_as_mapped() {
    let imp = from_stix("made-with-stix2.json", &fixture("made-with-stix2.json")).unwrap();
    let d = &imp.dossier;
    let actor = |id: &str| {
        d.actors.iter().find(|a| a.id == id).unwrap_or_else(|| {
            panic!(
                "no actor {id}: {:?}",
                d.actors.iter().map(|a| &a.id).collect::<Vec<_>>()
            )
        })
    };
    assert_eq!(actor("kestrel-panda").kind, ActorKind::Group);
    assert_eq!(
        actor("kestrel-panda").aliases,
        Some(vec!["KP-17".to_string()])
    );
    assert_eq!(actor("harrier").kind, ActorKind::Group);
    assert_eq!(
        actor("quietloader").kind,
        ActorKind::Other("Malware".into())
    );
    assert_eq!(actor("socktunnel").kind, ActorKind::Other("Tool".into()));
    assert_eq!(actor("acme-shipping").kind, ActorKind::Organization);
    assert_eq!(actor("netherlands").kind, ActorKind::State);
    // Creators only: sources, not actors.
    assert!(
        d.actors
            .iter()
            .all(|a| a.name != "Northwind Threat Research")
    );
    let source = |id: &str| d.sources.iter().find(|s| s.id == id).unwrap();
    assert_eq!(source("jane-analyst").kind, SourceKind::Human);
    let report_src = source("kestrel-panda-customs-espionage");
    assert_eq!(
        report_src.report.as_deref(),
        Some("kestrel-panda-customs-espionage")
    );
    let report = &d.reports()[0];
    assert_eq!(
        report.publisher.as_deref(),
        Some("Northwind Threat Research")
    );
    assert_eq!(report.date.as_deref(), Some("2024-02-01"));
    assert_eq!(
        report.url.as_deref(),
        Some("https://example.org/kestrel-panda")
    );

    let rel = |from: &str, to: &str, label: &str| {
        d.relations
            .iter()
            .find(|r| r.from == from && r.to == to && r.label == label)
            .unwrap_or_else(|| panic!("no relation {from} {label} {to}"))
    };
    // Two relationships with the same ends and type, and a note: one relation.
    let uses = rel("kestrel-panda", "quietloader", "uses");
    assert_eq!(uses.claims.len(), 3);
    assert_eq!(
        uses.claims[0].text,
        "Kestrel Panda deploys QuietLoader after the first foothold."
    );
    assert_eq!(
        uses.claims[0].date.as_deref(),
        Some("2023-05-01"),
        "start_time"
    );
    assert_eq!(uses.claims[0].credibility, Some(1), "confidence 85");
    assert_eq!(
        uses.claims[0].sources,
        [
            "northwind-threat-research",
            "kestrel-panda-customs-espionage"
        ]
    );
    assert_eq!(uses.claims[1].text, "Kestrel Panda uses QuietLoader.");
    assert_eq!(uses.claims[1].sources, ["jane-analyst"]);
    assert_eq!(uses.claims[1].credibility, Some(3), "confidence 50");
    assert!(uses.claims[2].text.contains("second intrusion"), "the note");
    // Opinions: agree is 2, strongly-disagree 5.
    let targets = rel("kestrel-panda", "acme-shipping", "targets");
    assert_eq!(targets.claims[1].credibility, Some(2));
    assert_eq!(
        targets.claims[1].text,
        "Jane Analyst agrees that Kestrel Panda targets Acme Shipping."
    );
    let owl = rel("ugly-owl", "kestrel-panda", "attributed to");
    assert_eq!(owl.claims[1].credibility, Some(5));
    assert_eq!(owl.claims[1].text, "Ugly Owl works for whoever pays.");
    // Nobody vouches for that opinion: the bundle does, graded F.
    let bundle_src = source(&owl.claims[1].sources[0]);
    assert_eq!(bundle_src.reliability, Some(Reliability::F));
    // The sighting.
    let seen = rel("quietloader", "acme-shipping", "sighted by");
    assert_eq!(seen.claims[0].date.as_deref(), Some("2023-06-10"));
    assert!(seen.claims[0].text.contains("3 times"));
    // The note about an actor cannot map, and says so by id.
    assert_eq!(imp.warnings.len(), 1, "{:?}", imp.warnings);
    assert!(imp.warnings[0].starts_with("note--"));

    // The RON names the STIX objects and loads without a warning.
    let ron = imp.to_ron();
    assert!(ron.contains("// threat-actor--"));
    let loaded = load_str("imported.ron", &ron).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn a_stix_2_0_bundle_imports_too() {
    let imp = from_stix("v20.json", &fixture("made-with-stix2-v20.json")).unwrap();
    let d = &imp.dossier;
    assert_eq!(d.title, "Grey Heron and its RAT");
    let r = &d.relations[0];
    assert_eq!(
        (r.from.as_str(), r.label.as_str(), r.to.as_str()),
        ("grey-heron", "uses", "heronrat")
    );
    assert_eq!(r.claims[0].text, "Grey Heron uses HeronRAT.");
    assert_eq!(
        r.claims[0].sources,
        ["eastlake-labs", "grey-heron-and-its-rat"]
    );
    load_str("v20.ron", &imp.to_ron()).unwrap();
}

#[test]
fn missing_references_and_unknown_types_are_warnings_naming_the_stix_id() {
    let imp = from_stix("hostile-refs.json", &fixture("hostile-refs.json")).unwrap();
    let w = imp.warnings.join("\n");
    for needle in [
        "x-acme-widget--aaaaaaaa-0000-4000-8000-000000000003: unknown type",
        "relationship--bbbbbbbb-0000-4000-8000-000000000002: its target_ref malware--dddddddd-0000-4000-8000-000000000404 is not in the bundle",
        "relationship--bbbbbbbb-0000-4000-8000-000000000003: its target_ref x-acme-widget--",
        "relationship--bbbbbbbb-0000-4000-8000-000000000004: no source_ref",
        "note--eeeeeeee-0000-4000-8000-000000000001: a note on no imported relationship",
        "sighting--eeeeeeee-0000-4000-8000-000000000003: a sighting that names no one",
        "report--eeeeeeee-0000-4000-8000-000000000005: lists 1 object not in the bundle",
        "its creator identity--cccccccc-0000-4000-8000-000000000404 is not in the bundle",
        "object 14 of the bundle has no",
    ] {
        assert!(w.contains(needle), "no warning `{needle}` in:\n{w}");
    }
    // The later version of an object wins.
    assert!(
        imp.dossier
            .actors
            .iter()
            .any(|a| a.name == "Real Malware v2")
    );
    assert_eq!(imp.dossier.relations.len(), 1);
    load_str("refs.ron", &imp.to_ron()).unwrap();
}

#[test]
fn hostile_text_round_trips_through_ron_and_loads_inert() {
    let imp = from_stix("hostile-text.json", &fixture("hostile-text.json")).unwrap();
    let ron = imp.to_ron();
    assert!(!ron.contains('\u{1b}') && !ron.contains('\u{202e}') && !ron.contains('\0'));
    // Every comment is one line that starts with `//`, and nothing else
    // slipped out of a string: the raw parse gives the exact names back.
    let exact: Dossier = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(&ron)
        .expect("the RON parses");
    assert_eq!(exact, imp.dossier);
    assert!(
        exact
            .actors
            .iter()
            .any(|a| a.name.contains("Evil \"Corp\" \\ Ltd\u{1b}]52;"))
    );
    let loaded = load_str("text.ron", &ron).expect("loads");
    let all = format!("{:?}", loaded.dossier);
    assert!(
        !all.contains('\u{1b}') && !all.contains('\u{202e}'),
        "inert once loaded"
    );
    assert!(all.contains("␛]52"));
}

#[test]
fn what_is_not_a_bundle_is_an_error_that_says_what_was_expected() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_obj = format!(
        "{{\"type\": \"bundle\", \"id\": \"bundle--x\", \"objects\": [{}{}]}}",
        "{\"a\": ".repeat(5_000),
        "1}".repeat(5_000)
    );
    for (text, why) in [
        ("this is not JSON", "not valid JSON"),
        ("", "not valid JSON"),
        ("[]", "found a JSON list"),
        (
            "{\"type\": \"indicator\"}",
            "found a single object of type `indicator`",
        ),
        ("{\"type\": \"bundle\"}", "without an \"objects\" list"),
        (
            "{\"type\": \"bundle\", \"objects\": []}",
            "no object to show as an actor",
        ),
        (deep.as_str(), "recursion limit"),
        (deep_obj.as_str(), "recursion limit"),
    ] {
        let err = from_stix("x.json", text).expect_err(why);
        assert!(err.contains(why), "{err}");
        assert!(err.contains("expected a STIX 2.1 bundle"), "{err}");
    }
}

#[test]
fn a_100_mb_description_imports_and_loads() {
    let big = "A".repeat(100 << 20);
    let text = format!(
        "{{\"type\":\"bundle\",\"id\":\"bundle--1\",\"objects\":[{{\"type\":\"malware\",\"id\":\"malware--1\",\"name\":\"Big\",\"description\":\"{big}\\u001b\"}}]}}"
    );
    drop(big);
    let imp = from_stix("big.json", &text).unwrap();
    drop(text);
    let ron = imp.to_ron();
    let d = load_str("big.ron", &ron).unwrap().dossier;
    assert_eq!(
        d.actors[0].note.as_ref().unwrap().len(),
        (100 << 20) + "␛".len()
    );
}

// ---- the command -------------------------------------------------------------

#[test]
fn import_command_writes_atomically_and_warns_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kestrel.ron");
    let fixture = root().join("tests/data/stix/made-with-stix2.json");
    let run = |extra: &[&str]| {
        bin()
            .args(["import", "--from", "stix"])
            .arg(&fixture)
            .arg("-o")
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    let first = run(&[]);
    assert!(first.status.success());
    let err = String::from_utf8_lossy(&first.stderr);
    assert!(err.contains("left out: note--"), "{err}");
    assert!(err.contains("7 actors"), "{err}");
    let check = bin().arg("check").arg(&out).output().unwrap();
    assert!(check.status.success());
    // Not over an existing file without --force.
    fs::write(&out, "mine").unwrap();
    let again = run(&[]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(fs::read_to_string(&out).unwrap(), "mine");
    assert!(run(&["--force"]).status.success());
    assert!(
        fs::read_to_string(&out)
            .unwrap()
            .starts_with("// Imported from")
    );
    // No temporary files left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);

    // To stdout; an explorer screen of it.
    let stdout = bin()
        .args(["import", "--from", "stix"])
        .arg(&fixture)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&stdout.stdout).starts_with("// Imported from"));
    let screen = bin()
        .args(["render", "--size", "100x30"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&screen.stdout).contains("Kestrel Panda"));
}

/// Two malware objects of one name (the dossier's own warning, as `check`
/// gives it) and two notes on nothing (what the import left out).
const TWINS: &str = r#"{"type": "bundle", "id": "bundle--1", "objects": [
    {"type": "identity", "id": "identity--1", "name": "Analyst desk", "identity_class": "organization"},
    {"type": "malware", "id": "malware--1", "name": "Emotet", "is_family": true},
    {"type": "malware", "id": "malware--2", "name": "Emotet", "is_family": true},
    {"type": "relationship", "id": "relationship--1", "relationship_type": "uses", "source_ref": "identity--1", "target_ref": "malware--1", "created_by_ref": "identity--1"},
    {"type": "relationship", "id": "relationship--2", "relationship_type": "uses", "source_ref": "identity--1", "target_ref": "malware--2", "created_by_ref": "identity--1"},
    {"type": "note", "id": "note--1", "content": "about nothing", "object_refs": ["indicator--9"]},
    {"type": "note", "id": "note--2", "content": "nor this", "object_refs": ["indicator--8"]}
]}"#;

/// `import --from stix` of `bundle` into a RON file in `dir`, which must
/// succeed: the file, and what the import said on stderr.
fn import_into(dir: &Path, bundle: &str) -> (PathBuf, String) {
    let json = dir.join("bundle.json");
    fs::write(&json, bundle).unwrap();
    let out = dir.join("imported.ron");
    let imported = bin()
        .args(["import", "--from", "stix"])
        .arg(&json)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(imported.status.success(), "{imported:?}");
    (out, String::from_utf8_lossy(&imported.stderr).into_owned())
}

#[test]
fn import_counts_the_warnings_check_then_reports() {
    let dir = tempfile::tempdir().unwrap();
    let (out, said) = import_into(dir.path(), TWINS);
    let check = bin().arg("check").arg(&out).output().unwrap();
    let checked = String::from_utf8_lossy(&check.stderr).into_owned();
    // The same count, and the same warning, word for word.
    common::says_the_one_warning_check_gives(&said, &checked, "are both called \"Emotet\"");
    // What the import left out is said, and not counted as a warning of
    // the file.
    assert!(said.contains("note--1"), "{said}");
    assert!(!said.contains(": warning: note--1"), "{said}");
    assert!(said.contains("; 2 left out (listed above)"), "{said}");
}

/// Malware, a tool and an attack pattern, two of the malware of one name.
const KINDS: &str = r#"{"type": "bundle", "id": "bundle--2", "objects": [
    {"type": "identity", "id": "identity--1", "name": "Analyst desk", "identity_class": "organization"},
    {"type": "threat-actor", "id": "threat-actor--1", "name": "Kestrel Panda"},
    {"type": "malware", "id": "malware--1", "name": "Emotet", "is_family": true},
    {"type": "malware", "id": "malware--2", "name": "Emotet", "is_family": true},
    {"type": "tool", "id": "tool--1", "name": "Cobalt Strike"},
    {"type": "attack-pattern", "id": "attack-pattern--1", "name": "Spearphishing Attachment"},
    {"type": "relationship", "id": "relationship--1", "relationship_type": "uses", "source_ref": "threat-actor--1", "target_ref": "malware--1", "created_by_ref": "identity--1"},
    {"type": "relationship", "id": "relationship--2", "relationship_type": "uses", "source_ref": "threat-actor--1", "target_ref": "malware--2", "created_by_ref": "identity--1"},
    {"type": "relationship", "id": "relationship--3", "relationship_type": "uses", "source_ref": "threat-actor--1", "target_ref": "tool--1", "created_by_ref": "identity--1"},
    {"type": "relationship", "id": "relationship--4", "relationship_type": "uses", "source_ref": "threat-actor--1", "target_ref": "attack-pattern--1", "created_by_ref": "identity--1"}
]}"#;

#[test]
fn imported_kinds_have_their_badges_and_namesakes_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = import_into(dir.path(), KINDS);
    let render = |size: &str, keys: &str| {
        let screen = bin()
            .args(["render", "--size", size, "--keys", keys])
            .arg(&out)
            .output()
            .unwrap();
        assert!(screen.status.success(), "{screen:?}");
        String::from_utf8(screen.stdout).unwrap()
    };
    let has = |screen: &str, rows: &[&str]| {
        for row in rows {
            assert!(screen.contains(row), "no {row:?} in:\n{screen}");
        }
    };
    let screen = render("100x14", "");
    // Each kind its badge, no OTH; the two Emotets by their ids, in the
    // actors and in the relations of Kestrel Panda.
    has(
        &screen,
        &[
            "GRP Kestrel Panda",
            "MAL Emotet (emotet) ",
            "MAL Emotet (emotet-2) ",
            "TOL Cobalt Strike",
            "TTP Spearphishing",
            "→ Emotet (emotet) · uses",
            "→ Emotet (emotet-2) · uses",
        ],
    );
    assert!(!screen.contains("OTH"), "{screen}");
    // At 80 columns the actors pane is narrow: the name is cut, the id kept.
    has(
        &render("80x24", ""),
        &["MAL Emotet (emotet) ", "(emotet-2) 1"],
    );
    // Find tells them apart too.
    has(
        &render("100x14", "/emotet"),
        &["actor    Emotet  emotet ", "actor    Emotet  emotet-2 "],
    );
}

#[test]
fn import_command_refuses_what_is_not_a_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let ron = root().join("data/tunisia-israel.ron");
    let out = bin()
        .args(["import", "--from", "stix"])
        .arg(&ron)
        .arg("-o")
        .arg(dir.path().join("x.ron"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tunisia-israel.ron: not valid JSON"), "{err}");
    assert!(err.contains("expected a STIX 2.1 bundle"), "{err}");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    let missing = bin()
        .args(["import", "--from", "stix", "no-such.json"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no-such.json: no such file"));
    let _ = Path::new("");
}

#[test]
fn creators_of_no_claim_are_left_out_and_sightings_name_what_was_observed() {
    let bundle = r#"{"type": "bundle", "id": "bundle--1", "objects": [
        {"type": "identity", "id": "identity--pym", "name": "Pym", "identity_class": "organization"},
        {"type": "identity", "id": "identity--oscorp", "name": "Oscorp", "identity_class": "organization"},
        {"type": "malware", "id": "malware--m", "name": "Trojan", "created_by_ref": "identity--pym"},
        {"type": "file", "id": "file--f", "name": "resume.pdf"},
        {"type": "observed-data", "id": "observed-data--o", "object_refs": ["file--f"], "first_observed": "2017-02-27T21:37:11.213Z"},
        {"type": "sighting", "id": "sighting--s", "created": "2017-02-28T19:37:11.213Z", "created_by_ref": "identity--oscorp",
         "sighting_of_ref": "malware--m", "where_sighted_refs": ["identity--oscorp"], "observed_data_refs": ["observed-data--o"], "count": 2}
    ]}"#;
    let imp = from_stix("b.json", bundle).unwrap();
    let d = &imp.dossier;
    let names: Vec<&str> = d.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Oscorp"], "Pym created no claim");
    let actors: Vec<&str> = d.actors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        actors,
        ["Oscorp", "Trojan"],
        "lone observations are not actors"
    );
    assert_eq!(
        d.relations[0].claims[0].text,
        "Trojan was sighted by Oscorp 2 times (observed: resume.pdf)."
    );
    let loaded = load_str("b.ron", &imp.to_ron()).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn relations_written_twice_are_one_relationship_and_equal_texts_get_their_own_notes() {
    let mut d = bundled();
    let mut twin = d.relations[0].clone();
    twin.claims[0].date = Some("2023".into());
    let same_text = twin.claims[0].clone();
    twin.claims.push(same_text);
    d.relations.push(twin);
    let bundle = export::stix(&d);
    let objs = objects(&bundle);
    let mut ids: Vec<&str> = objs.iter().map(|o| o["id"].as_str().unwrap()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "no id twice");
    let imp = from_stix("twice.json", &bundle).unwrap();
    let first = &imp.dossier.relations[0];
    assert_eq!(
        first.claims.len(),
        2 * d.relations[0].claims.len() + 1,
        "the claims of both, in file order"
    );
    assert_eq!(imp.dossier.relations.len(), d.relations.len() - 1);
}

#[test]
fn a_flood_of_warnings_is_cut_short_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let mut objs: Vec<String> = (0..500)
        .map(|i| format!(r#"{{"type": "x-thing", "id": "x-thing--{i}"}}"#))
        .collect();
    objs.push(r#"{"type": "tool", "id": "tool--1", "name": "Tool"}"#.into());
    let path = dir.path().join("flood.json");
    fs::write(
        &path,
        format!(
            r#"{{"type": "bundle", "id": "bundle--1", "objects": [{}]}}"#,
            objs.join(",")
        ),
    )
    .unwrap();
    let out = bin()
        .args(["import", "--from", "stix"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let left_out = err.lines().filter(|l| l.contains("left out")).count();
    assert_eq!(left_out, 101, "{err}");
    // Then the made dossier's own warnings, as `check` would give them.
    assert!(
        err.contains("warning: actor `tool`: Tool has no relations"),
        "{err}"
    );
    assert!(err.contains("x-thing--99: unknown type"));
    assert!(err.contains("… and 400 more left out"));
}

#[test]
fn import_reads_standard_input_as_dash() {
    use std::io::Write;
    let mut child = bin()
        .args(["import", "--from", "stix", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(fixture("made-with-stix2-v20.json").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let ron = String::from_utf8(out.stdout).unwrap();
    assert!(ron.starts_with("// Imported from standard input"), "{ron}");
    assert!(load_str("stdin.ron", &ron).is_ok());
}

#[test]
fn empty_names_labels_and_texts_still_make_a_dossier_that_loads() {
    let bundle = r#"{"type": "bundle", "id": "bundle--1", "objects": [
        {"type": "tool", "id": "tool--1", "name": ""},
        {"type": "tool", "id": "tool--2", "name": "B"},
        {"type": "relationship", "id": "relationship--1", "relationship_type": "", "source_ref": "tool--1", "target_ref": "tool--2", "description": " "},
        {"type": "note", "id": "note--1", "content": "", "object_refs": ["relationship--1"]},
        {"type": "report", "id": "report--1", "name": "", "object_refs": []}
    ]}"#;
    let imp = from_stix("empty.json", bundle).unwrap();
    let r = &imp.dossier.relations[0];
    assert_eq!(r.label, "related to");
    assert_eq!(r.claims.len(), 1);
    assert_eq!(r.claims[0].text, "tool--1 is related to B.");
    assert_eq!(imp.warnings, ["note--1: a note without text; skipped"]);
    let loaded = load_str("empty.ron", &imp.to_ron()).expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}
