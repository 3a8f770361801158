//! The analysis measures against networkx, and corroboration.
//!
//! Every measure is compared with networkx's own values on fixtures made
//! for it (tests/data/analysis/): a small chart of two camps and a broker
//! (parallel relations, a self-relation, an assessment-only relation), a
//! disconnected one (with an actor whose only relation is with itself),
//! and the small one under filters. networkx builds its graph from
//! `linkchart export --format json`, in tests/networkx_reference.py, so the
//! graph itself is checked too. Louvain groups must reach at least the
//! modularity of networkx's best `louvain_communities` over ten seeds.
//!
//! networkx runs from the virtual environment `.ci/run` makes in
//! target/analysis-venv (or `LINKCHART_NETWORKX_PYTHON`); without it those
//! tests say so and pass, except under CI=true, where they fail.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use linkchart::analysis::{self, Control, Measure, MeasureGraph, Scores};
use linkchart::dates::{Date, Range};
use linkchart::dossier::{Reliability, load_paths};
use linkchart::filter::{Chronology, Counts, Filter};
use linkchart::graph::Chart;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn chart(name: &str) -> Chart {
    let path = root().join("tests/data/analysis").join(name);
    Chart::from_loaded(load_paths(&[path]).expect("the fixture loads"))
}

fn python() -> Option<PathBuf> {
    let p = std::env::var_os("LINKCHART_NETWORKX_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/analysis-venv/bin/python"));
    let works = Command::new(&p)
        .args(["-c", "import networkx, scipy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        return Some(p);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "networkx is missing under CI: .ci/run installs it into target/analysis-venv"
    );
    eprintln!("SKIPPED: networkx not installed (run .ci/run, or set LINKCHART_NETWORKX_PYTHON)");
    None
}

/// What networkx makes of a fixture under some filter arguments.
struct Reference {
    actors: Vec<String>,
    edges: Vec<(usize, usize)>,
    measures: Vec<(Measure, Option<Vec<f64>>)>,
    louvain: Vec<f64>,
}

fn reference(python: &Path, file: &str, filter_args: &[&str]) -> Reference {
    let dir = tempfile::tempdir().unwrap();
    let path = format!("tests/data/analysis/{file}");
    let export = |args: &[&str], out: &str| {
        let o = common::run(
            ["export", "--format", "json"]
                .iter()
                .chain(args)
                .chain([&path.as_str()]),
        );
        assert!(o.status.success(), "{}", common::stderr(&o));
        let p = dir.path().join(out);
        std::fs::write(&p, &o.stdout).unwrap();
        p
    };
    let full = export(&[], "full.json");
    let shown = export(filter_args, "shown.json");
    let out = Command::new(python)
        .arg(root().join("tests/networkx_reference.py"))
        .args([&full, &shown])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let floats = |v: &serde_json::Value| -> Option<Vec<f64>> {
        v.as_array()
            .map(|a| a.iter().map(|x| x.as_f64().unwrap()).collect())
    };
    Reference {
        actors: v["actors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_string())
            .collect(),
        edges: v["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e[0].as_u64().unwrap() as usize,
                    e[1].as_u64().unwrap() as usize,
                )
            })
            .collect(),
        measures: Measure::ALL
            .iter()
            .map(|&m| (m, floats(&v[m.name()])))
            .collect(),
        louvain: floats(&v["louvain"]).unwrap(),
    }
}

fn scores(chart: &Chart, filter: &Filter) -> (MeasureGraph, Scores) {
    let counts = Counts::compute(chart, filter);
    let g = MeasureGraph::new(chart, &counts);
    let s = Scores::compute(&g, &Control::new()).unwrap();
    (g, s)
}

/// Our graph, scores and groups against networkx's on one fixture.
fn against_networkx(file: &str, filter_args: &[&str], filter: impl Fn(&Chart) -> Filter) {
    let Some(python) = python() else { return };
    let chart = chart(file);
    let r = reference(&python, file, filter_args);
    let what = format!("{file} {filter_args:?}");
    let ids: Vec<&str> = chart.dossier.actors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, r.actors, "{what}: actors");
    let (g, s) = scores(&chart, &filter(&chart));
    assert_eq!(g.edges().collect::<Vec<_>>(), r.edges, "{what}: edges");
    for (m, want) in &r.measures {
        let got = s.get(*m).map(<[f64]>::to_vec);
        match (got, want) {
            (Some(got), Some(want)) => {
                for (i, (a, b)) in got.iter().zip(want).enumerate() {
                    assert!(
                        (a - b).abs() < 1e-9,
                        "{what}: {m} of {}: linkchart {a}, networkx {b}",
                        ids[i]
                    );
                }
            }
            (None, None) => {}
            (got, want) => panic!("{what}: {m}: linkchart {got:?}, networkx {want:?}"),
        }
    }
    let groups = analysis::groups(&g);
    let best = r.louvain.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if r.louvain.is_empty() {
        assert_eq!(groups.modularity, 0.0);
    } else {
        assert!(
            groups.modularity >= best - 1e-9,
            "{what}: modularity {} below networkx's best {best} ({:?})",
            groups.modularity,
            r.louvain
        );
    }
    let mut all: Vec<usize> = groups.groups.concat();
    all.sort_unstable();
    assert_eq!(
        all,
        (0..ids.len()).collect::<Vec<_>>(),
        "{what}: every actor once"
    );
}

#[test]
fn two_camps_and_a_broker() {
    against_networkx("cell.ron", &[], Filter::all);
}

#[test]
fn disconnected_with_a_self_relation() {
    against_networkx("islands.ron", &[], Filter::all);
}

#[test]
fn under_a_reliability_filter() {
    against_networkx("cell.ron", &["--min-reliability", "C"], |c| Filter {
        min_reliability: Some(Reliability::C),
        ..Filter::all(c)
    });
}

#[test]
fn under_a_date_range() {
    against_networkx("cell.ron", &["--since", "2021"], |c| Filter {
        dates: Range::new(Date::parse("2021"), None).unwrap(),
        ..Filter::all(c)
    });
}

#[test]
fn under_one_source() {
    against_networkx("cell.ron", &["--source", "gazette"], |c| {
        let mut f = Filter::all(c);
        f.sources = (0..c.dossier.sources.len())
            .map(|s| c.dossier.sources[s].id == "gazette")
            .collect();
        f
    });
}

#[test]
fn under_a_minimum_of_sources() {
    against_networkx("cell.ron", &["--min-sources", "2"], |c| Filter {
        min_sources: Some(2),
        ..Filter::all(c)
    });
}

/// `linkchart rank --format json` gives networkx's scores too, one entry
/// per actor, by score then id.
#[test]
fn rank_json_is_networkx_by_score_then_id() {
    let Some(python) = python() else { return };
    for (file, args) in [
        ("cell.ron", &[][..]),
        ("islands.ron", &[][..]),
        ("cell.ron", &["--min-sources", "2"][..]),
    ] {
        let r = reference(&python, file, args);
        for (m, want) in &r.measures {
            let Some(want) = want else { continue };
            let path = format!("tests/data/analysis/{file}");
            let out = common::run(
                ["rank", "--by", m.name(), "--format", "json"]
                    .iter()
                    .chain(args)
                    .chain([&path.as_str()]),
            );
            assert!(out.status.success(), "{}", common::stderr(&out));
            let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(
                rows.len(),
                r.actors.len(),
                "{file} {m}: one entry per actor"
            );
            let mut last: Option<(f64, String)> = None;
            for (i, row) in rows.iter().enumerate() {
                assert_eq!(row["rank"], i + 1);
                let id = row["id"].as_str().unwrap().to_string();
                let score = row["score"].as_f64().unwrap();
                let a = r.actors.iter().position(|x| *x == id).unwrap();
                assert!(
                    (score - want[a]).abs() < 1e-9,
                    "{file} {m} {id}: {score} vs {}",
                    want[a]
                );
                if let Some((s, prev)) = &last {
                    assert!(
                        *s > score || (*s == score && *prev < id),
                        "{file} {m}: {prev} before {id}"
                    );
                }
                last = Some((score, id));
            }
        }
    }
}

#[test]
fn rank_markdown_says_measure_filters_and_graph() {
    let out = common::run([
        "rank",
        "--by",
        "degree",
        "--source",
        "gazette",
        "--top",
        "3",
        "tests/data/analysis/cell.ron",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let md = common::stdout(&out);
    assert!(md.starts_with("# Actors by degree\n"), "{md}");
    assert!(md.contains("- Filters: sources 1/5"), "{md}");
    assert!(
        md.contains("- Graph: 10 actors, 10 of them linked; 8 links"),
        "{md}"
    );
    assert!(md.contains("`degree_centrality(G)`"), "{md}");
    assert_eq!(
        md.matches("\n| ").count(),
        4,
        "a heading and three rows: {md}"
    );
    assert!(md.contains("The first 3 of 10 actors"), "{md}");
    let csv = common::stdout(&common::run([
        "rank",
        "--format",
        "csv",
        "tests/data/analysis/cell.ron",
    ]));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "rank,id,name,score");
    assert!(
        lines[1].starts_with("1,BROKER,Karim Nasser,0.30555"),
        "{csv}"
    );
    assert_eq!(lines.len(), 11);
}

#[test]
fn bad_measures_and_minimums_are_usage_errors_naming_the_valid_values() {
    let out = common::run(["rank", "--by", "influence"]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(
        err.contains("degree, betweenness, closeness, eigenvector, pagerank"),
        "{err}"
    );
    for bad in ["0", "two", "-1"] {
        for cmd in ["rank", "groups", "export", "timeline"] {
            let out = common::run([cmd, &format!("--min-sources={bad}")]);
            assert_eq!(out.status.code(), Some(2), "{cmd} {bad}");
            assert!(
                common::stderr(&out).contains("1, 2, 3"),
                "{cmd} {bad}: {}",
                common::stderr(&out)
            );
        }
    }
    let out = common::run(["--min-sources", "x"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_graph_without_links_is_said_not_tabled() {
    // Islands has one origin per relation at most.
    for cmd in ["rank", "groups"] {
        let out = common::run([cmd, "--min-sources", "2", "tests/data/analysis/islands.ron"]);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        assert!(out.stdout.is_empty(), "{cmd}");
        let err = common::stderr(&out);
        assert!(
            err.contains("no relation links two actors under the filter (≥2 sources)"),
            "{cmd}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn groups_cover_every_actor_once() {
    let out = common::run(["groups", "--format", "json", "tests/data/analysis/cell.ron"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let groups: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids: Vec<String> = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        assert_eq!(g["group"], i + 1);
        ids.extend(
            g["actors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_string()),
        );
    }
    ids.sort();
    let c = chart("cell.ron");
    let mut all: Vec<String> = c.dossier.actors.iter().map(|a| a.id.clone()).collect();
    all.sort();
    assert_eq!(ids, all);
    // The two camps, the broker with one of them.
    let camp = |id: &str| {
        groups
            .iter()
            .position(|g| g["actors"].as_array().unwrap().iter().any(|a| a == id))
    };
    assert_eq!(camp("LEAD"), camp("FIN"));
    assert_eq!(camp("MIN"), camp("POL"));
    assert_ne!(camp("LEAD"), camp("MIN"));
    let md = common::stdout(&common::run(["groups", "tests/data/analysis/islands.ron"]));
    assert!(
        md.contains("## 1. Cedar, Alder, Birch, … (4 actors)"),
        "{md}"
    );
    assert!(md.contains("## In no visible relation (2 actors)"), "{md}");
    assert!(md.contains("Lone Trader (Z), Unlinked Clerk (Y)"), "{md}");
}

#[test]
fn the_json_export_and_briefings_carry_corroboration() {
    let out = common::run([
        "export",
        "--format",
        "json",
        "--min-sources",
        "2",
        "tests/data/analysis/cell.ron",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rels = v["relations"].as_array().unwrap();
    assert_eq!(rels.len(), 5);
    assert!(rels.iter().all(|r| r["corroboration"] == 2), "{rels:?}");
    let md = common::stdout(&common::run([
        "export",
        "--format",
        "md",
        "tests/data/analysis/cell.ron",
    ]));
    assert!(
        md.contains("leads — corroborated, 2 claims from 2 sources, 1 independent origin"),
        "{md}"
    );
    let path = common::stdout(&common::run([
        "path",
        "FIN",
        "SHIP",
        "--min-sources",
        "2",
        "tests/data/analysis/cell.ron",
    ]));
    assert!(
        path.contains("2 independent origins") && !path.contains("1 independent origin"),
        "{path}"
    );
}

#[test]
fn the_broker_brokers() {
    let c = chart("cell.ron");
    let (_, s) = scores(&c, &Filter::all(&c));
    let top = analysis::ranking(&c, s.get(Measure::Betweenness).unwrap());
    assert_eq!(c.dossier.actors[top[0]].id, "BROKER");
    // Ties by id: BANK and PORT have the same betweenness.
    let ids: Vec<&str> = top
        .iter()
        .map(|&a| c.dossier.actors[a].id.as_str())
        .collect();
    let bank = ids.iter().position(|&i| i == "BANK").unwrap();
    let port = ids.iter().position(|&i| i == "PORT").unwrap();
    assert_eq!(port, bank + 1, "{ids:?}");
}

// ---- corroboration -----------------------------------------------------------

fn rel(c: &Chart, from: &str, label: &str) -> usize {
    (0..c.dossier.relations.len())
        .find(|&r| c.relation(r).from == from && c.relation(r).label == label)
        .unwrap_or_else(|| panic!("no relation {from} {label}"))
}

#[test]
fn origins_count_reports_not_sources_and_never_assessments() {
    let c = chart("cell.ron");
    let counts = Counts::compute(&c, &Filter::all(&c));
    let f = Filter::all(&c);
    for (from, label, origins) in [
        // informant and ledger: one report.
        ("LEAD", "leads", 1),
        // the raid report and the gazette, which has none.
        ("FIN", "finances", 2),
        ("FIN", "holds accounts at", 2),
        ("FIN", "business partner of", 0),
        ("BROKER", "bribes", 1),
        ("BROKER", "informs", 2),
        ("POL", "patrols", 2),
        ("BANK", "lends to", 1),
    ] {
        let r = rel(&c, from, label);
        assert_eq!(counts.rel_origins[r], origins, "{from} {label}");
        assert_eq!(f.relation_origins(&c, r), origins, "{from} {label}");
    }
    // Under a filter, only what it keeps: without the raid report's
    // sources, "finances" rests on the gazette alone.
    let mut no_raid = Filter::all(&c);
    for s in ["informant", "ledger"] {
        no_raid.sources[c.source_ix(s).unwrap()] = false;
    }
    let counts = Counts::compute(&c, &no_raid);
    assert_eq!(counts.rel_origins[rel(&c, "FIN", "finances")], 1);
    assert_eq!(counts.rel_origins[rel(&c, "LEAD", "leads")], 0);
}

#[test]
fn min_sources_hides_thin_relations_everywhere() {
    let c = chart("cell.ron");
    let two = Filter {
        min_sources: Some(2),
        ..Filter::all(&c)
    };
    let counts = Counts::compute(&c, &two);
    let all = Counts::compute(&c, &Filter::all(&c));
    for r in 0..c.dossier.relations.len() {
        let keep = all.rel_origins[r] >= 2;
        assert_eq!(counts.relation_visible(r), keep, "{}", c.relation(r).label);
        // The count stays, for the explorer to show.
        assert_eq!(counts.rel_origins[r], all.rel_origins[r]);
        for i in 0..c.relation(r).claims.len() {
            assert_eq!(
                two.claim_visible(&c, r, i),
                keep && counts.rel_claims[r] > 0
            );
        }
    }
    // finances, holds accounts at, carries goods for, informs, patrols.
    assert_eq!(counts.visible_relations, 5);
    let by_source: u32 = counts.source_claims.iter().sum();
    let claims: u32 = (0..c.dossier.relations.len())
        .filter(|&r| counts.relation_visible(r))
        .flat_map(|r| (0..c.relation(r).claims.len()).map(move |i| (r, i)))
        .map(|(r, i)| c.claim_sources(r, i).len() as u32)
        .sum();
    assert_eq!(
        by_source, claims,
        "source counts follow the hidden relations"
    );
    // One origin: the relations backed only by the assessment go.
    let one = Counts::compute(
        &c,
        &Filter {
            min_sources: Some(1),
            ..Filter::all(&c)
        },
    );
    assert!(!one.relation_visible(rel(&c, "FIN", "business partner of")));
    assert_eq!(one.visible_relations, all.visible_relations - 1);
    // The timeline too.
    let chron = Chronology::of(&c, &two, 0..c.dossier.relations.len());
    let expected: usize = (0..c.dossier.relations.len())
        .filter(|&r| counts.relation_visible(r))
        .map(|r| counts.rel_claims[r] as usize)
        .sum();
    assert_eq!(chron.dated.len() + chron.undated, expected);
    assert!(two.describe().contains("≥2 sources"), "{}", two.describe());
    assert!(!two.is_empty());
}

#[test]
fn counts_follow_min_sources_and_toggles_incrementally() {
    for file in ["cell.ron", "islands.ron"] {
        let c = chart(file);
        let mut f = Filter::all(&c);
        let mut counts = Counts::compute(&c, &f);
        let steps: [fn(&mut Filter); 10] = [
            |f| f.min_sources = Some(1),
            |f| f.min_sources = Some(2),
            |f| f.sources[0] = false,
            |f| f.min_sources = Some(3),
            |f| f.sources[0] = true,
            |f| f.min_sources = Some(1),
            |f| f.dates = Range::new(Date::parse("2021"), None).unwrap(),
            |f| f.min_sources = Some(2),
            |f| f.sources[1] = false,
            |f| f.min_sources = None,
        ];
        for (i, step) in steps.iter().enumerate() {
            let old = f.clone();
            step(&mut f);
            counts.update(&c, &old, &f);
            assert_eq!(counts, Counts::compute(&c, &f), "{file}: step {i}");
        }
    }
}
