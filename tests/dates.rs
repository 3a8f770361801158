//! Dates from the outside: `--since`/`--until` on the commands that filter,
//! `linkchart timeline`, and what exports say about dates. The figures are
//! those of tests/data/decades.ron, counted by hand from the file.

use linkchart::dossier::load_str;
use linkchart::filter::{Chronology, Counts, Filter};
use linkchart::graph::Chart;

mod common;
use common::run;

const DECADES: &str = "tests/data/decades.ron";

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["export", "--format", "json"];
    all.extend_from_slice(args);
    all.push(DECADES);
    serde_json::from_str(&ok(&all)).expect("the export is JSON")
}

fn claims(v: &serde_json::Value) -> Vec<&serde_json::Value> {
    v["relations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["claims"].as_array().unwrap())
        .collect()
}

#[test]
fn export_json_keeps_exactly_the_claims_whose_dates_overlap() {
    // Everything: 29 claims, 4 of them undated.
    let all = json(&[]);
    assert_eq!(claims(&all).len(), 29);
    assert!(all.get("date_range").is_none());
    let undated = claims(&all)
        .iter()
        .filter(|c| c.get("effective_date").is_none())
        .count();
    assert_eq!(undated, 4);
    // September–October 2020: Bahrain's announcement (09-11) and signature
    // (report 09-15), the UAE treaty (09-15), Sudan (report 10-23).
    let v = json(&["--since", "2020-09", "--until", "2020-10"]);
    let got: Vec<(&str, bool)> = claims(&v)
        .iter()
        .map(|c| {
            (
                c["effective_date"].as_str().unwrap(),
                c["date_from_report"].as_bool().unwrap(),
            )
        })
        .collect();
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            ("2020-09-11", false),
            ("2020-09-15", false),
            ("2020-09-15", true),
            ("2020-10-23", true)
        ]
    );
    assert_eq!(v["date_range"]["since"], "2020-09");
    assert_eq!(v["date_range"]["until"], "2020-10");
    assert_eq!(v["date_range"]["undated_hidden"], 4);
    // A year keeps its whole span; a day at the edge of a month is in it.
    assert_eq!(
        claims(&json(&["--since", "1994", "--until", "1994"])).len(),
        4
    );
    assert_eq!(claims(&json(&["--until", "1979"])).len(), 3);
    assert_eq!(claims(&json(&["--since", "2020-12-22"])).len(), 1);
    // `2009` (a year) overlaps March 2009.
    assert_eq!(
        claims(&json(&["--since", "2009-03", "--until", "2009-03"])).len(),
        1
    );
    // Combined with another filter by AND: only reliability A (the treaty
    // texts) since 1990.
    assert_eq!(
        claims(&json(&["--since", "1990", "--min-reliability", "A"])).len(),
        2
    );
    // An actor's neighbourhood under a range.
    let mar = json(&["--actor", "MAR", "--since", "2020"]);
    assert_eq!(claims(&mar).len(), 3);
    // …counting the undated claims hidden in that neighbourhood only.
    assert_eq!(mar["date_range"]["undated_hidden"], 1);
}

#[test]
fn malformed_dates_and_empty_ranges_are_usage_errors() {
    for (args, shows) in [
        (vec!["--since", "2020-13"], "2020-13"),
        (vec!["--until", "June 2020"], "June 2020"),
        (vec!["--since", "2023-02-29"], "2023-02-29"),
    ] {
        for cmd in [
            vec!["export"],
            vec!["render"],
            vec!["timeline"],
            vec!["path", "EGY", "ISR"],
        ] {
            let mut all = cmd.clone();
            all.extend(&args);
            all.push(DECADES);
            let out = run(&all);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{all:?}: {err}");
            assert!(err.contains(shows), "{all:?} shows the value: {err}");
            assert!(
                err.contains("YYYY, YYYY-MM or YYYY-MM-DD"),
                "{all:?} shows the forms: {err}"
            );
        }
    }
    for cmd in [vec!["export"], vec!["timeline"], vec!["render"]] {
        let mut all = cmd.clone();
        all.extend(["--since", "2020-10", "--until", "2020-09", DECADES]);
        let out = run(&all);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{all:?}: {err}");
        assert!(err.contains("later than"), "{err}");
    }
}

#[test]
fn timeline_prints_a_chronology_by_year() {
    let md = ok(&["timeline", "--actor", "Morocco", DECADES]);
    assert!(md.starts_with("# Chronology: Kingdom of Morocco\n"), "{md}");
    assert!(
        md.contains("\nClaims dated 1994-09 to 2020-12-22; 1 undated.\n"),
        "{md}"
    );
    let years: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(years, ["## 1994", "## 2000", "## 2020"]);
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("- **")).collect();
    assert_eq!(rows.len(), 5, "{md}");
    assert!(rows[0].starts_with("- **1994-09** · Kingdom of Morocco → State of Israel, normalization: Morocco and Israel opened"));
    assert!(rows[0].ends_with("C2[^1], B2[^2]"), "{}", rows[0]);
    assert!(
        rows[2].starts_with("- **2020-12-10 (report)** ·"),
        "{}",
        rows[2]
    );
    assert!(rows[4].starts_with("- **2020-12-22** ·"), "{}", rows[4]);
    assert!(
        md.contains("\nUndated: 1 claim not placed in time.\n"),
        "{md}"
    );
    assert!(
        md.contains("\n[^3]: The White House (Morocco proclamation)"),
        "{md}"
    );
    assert!(md.trim_end().ends_with("Filters: none (all sources)"));

    // The whole chart, under a range: only what overlaps it, and the
    // range named.
    let md = ok(&[
        "timeline", "--since", "2020-09", "--until", "2020-10", DECADES,
    ]);
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("- **")).collect();
    assert_eq!(rows.len(), 4, "{md}");
    assert!(md.contains(
        "Claims dated 2020-09-11 to 2020-10-23 (report); date range 2020-09 – 2020-10, 4 undated claims hidden."
    ), "{md}");
    assert!(
        md.contains("Undated: 4 claims hidden by the date range."),
        "{md}"
    );
    assert!(md.contains("Filters: 2020-09 – 2020-10"), "{md}");

    // Nothing left: exit 1 with a message that names the filter.
    let out = run(["timeline", "--actor", "MAR", "--since", "2021", DECADES]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no dated claim about Kingdom of Morocco (MAR) under the filter: since 2021"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // --depth needs --actor; an unknown actor is a usage error.
    assert_eq!(
        run(["timeline", "--depth", "2", DECADES]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(["timeline", "--actor", "Atlantis", DECADES])
            .status
            .code(),
        Some(2)
    );
    // The bundled dossier: every claim takes the report's date.
    let md = ok(&["timeline"]);
    assert!(md.contains("## 2022\n"), "{md}");
    assert!(md.contains("- **2022-06 (report)** · "), "{md}");
}

#[test]
fn briefings_and_graphs_say_when() {
    let md = ok(&["export", "--format", "md", DECADES]);
    assert!(
        md.contains("\nClaims dated 1978-09 to 2020-12-22; 4 undated.\n"),
        "{md}"
    );
    // Oldest first within a relation, undated last.
    let egy = md
        .split("\n- **")
        .find(|s| s.starts_with("Arab Republic of Egypt → State of Israel"))
        .expect("the Egypt–Israel relation");
    let dates: Vec<&str> = egy
        .lines()
        .filter(|l| l.starts_with("      "))
        .map(|l| l.rsplit(" · ").next().unwrap())
        .collect();
    assert_eq!(dates[..3], ["1978-09-17", "1979-03-26", "1980-02"], "{egy}");
    assert!(
        dates[3].contains("likely"),
        "the undated assessment comes last: {egy}"
    );
    let path = ok(&["path", "MAR", "USA", "--since", "2020-12", DECADES]);
    assert!(
        path.contains(
            "\nClaims dated 2020-12-10 (report); date range since 2020-12, 1 undated claim hidden.\n"
        ),
        "{path}"
    );
    let dot = ok(&["export", "--format", "dot", DECADES]);
    assert!(
        dot.contains("dates=\"1994-09; 2000-10; 2020-12-10 (report); 2020-12-22\""),
        "{dot}"
    );
    let xml = ok(&[
        "export", "--format", "graphml", "--since", "2020-12", DECADES,
    ]);
    assert!(
        xml.contains("<data key=\"r_dates\">2020-12-10 (report); 2020-12-22</data>"),
        "{xml}"
    );
    assert!(xml.contains("since 2020-12"), "{xml}");
}

#[test]
fn the_title_bar_states_the_range_and_what_it_hid() {
    let screen = ok(&[
        "render", "--size", "100x12", "--since", "2020-09", "--until", "2020-10", DECADES,
    ]);
    let title = screen.lines().next().unwrap();
    assert!(
        title.ends_with("2020-09 – 2020-10 · 4/29 claims · 4 undated hidden"),
        "{title}"
    );
}

#[test]
fn chronology_and_counts_agree_with_claim_visible() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/decades.ron"
    ))
    .unwrap();
    let chart = Chart::new(load_str("decades.ron", &text).unwrap().dossier);
    for (since, until) in [
        (None, None),
        (Some("1994"), None),
        (None, Some("1980-02")),
        (Some("2020-09"), Some("2020-10")),
        (Some("2020-09-15"), Some("2020-09-15")),
    ] {
        let mut f = Filter::all(&chart);
        let p = |s: Option<&str>| s.map(|s| linkchart::dates::Date::parse(s).unwrap());
        f.dates = linkchart::dates::Range::new(p(since), p(until)).unwrap();
        let counts = Counts::compute(&chart, &f);
        let n_rels = chart.dossier.relations.len();
        let c = Chronology::of(&chart, &f, 0..n_rels);
        let visible: usize = (0..n_rels)
            .map(|r| {
                (0..chart.relation(r).claims.len())
                    .filter(|&k| f.claim_visible(&chart, r, k))
                    .count()
            })
            .sum();
        assert_eq!(counts.visible_claims, visible, "{since:?}–{until:?}");
        assert_eq!(c.dated.len() + c.undated, visible, "{since:?}–{until:?}");
        assert_eq!(c.undated_hidden, counts.undated_hidden);
        let firsts: Vec<u32> = c
            .dated
            .iter()
            .map(|&g| chart.span_of(g as usize).unwrap().first)
            .collect();
        assert!(firsts.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    }
    // Toggling sources under a range keeps the incremental count exact.
    let mut f = Filter::all(&chart);
    f.dates = linkchart::dates::Range::new(linkchart::dates::Date::parse("2020"), None).unwrap();
    let mut counts = Counts::compute(&chart, &f);
    for s in [0, 6, 7, 3, 6] {
        let mut g = f.clone();
        g.sources[s] = !g.sources[s];
        counts.update(&chart, &f, &g);
        assert_eq!(counts, Counts::compute(&chart, &g), "toggling source {s}");
        f = g;
    }
}

#[test]
fn timeline_of_a_chart_of_several_files_takes_dates_from_each_files_reports() {
    let md = ok(&["timeline", "tests/data/chart"]);
    assert!(
        md.contains("\nClaims dated 2022-06 (report) to 2022-07 (report); 2 undated.\n"),
        "{md}"
    );
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("- **")).collect();
    assert_eq!(rows.len(), 4, "{md}");
    // Oldest first; the Ledger's report (declared in its own file) dates
    // the claim that has no date of its own.
    assert!(
        rows[0].starts_with("- **2022-06 (report)** ·"),
        "{}",
        rows[0]
    );
    assert!(
        rows[3].starts_with("- **2022-07 (report)** · United States → Tunisia"),
        "{}",
        rows[3]
    );
}
