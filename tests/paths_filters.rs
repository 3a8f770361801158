//! Path finding, neighbourhoods, corroboration counting and filter
//! combination, on a small dossier built for the purpose.

use linkchart::dossier::{Reliability, load_str};
use linkchart::filter::{Counts, Filter, Strength};
use linkchart::graph::Chart;
use linkchart::paths::{chains, neighbourhood, shortest_paths};

/// A ─r0→ B ─r1→ D, A ─r2→ C ─r3→ D (two equal paths A…D), D ─r4→ E,
/// F ←r5─ E (against direction for E…F walks), G alone.
/// Sources: `h1` human B, `h2` human C, `as` assessment C, `off` official A.
const SMALL: &str = r#"Dossier(
    title: "Small",
    sources: [
        (id: "h1", name: "Human one", kind: Human, reliability: B),
        (id: "h2", name: "Human two", kind: Human, reliability: C),
        (id: "as", name: "Analysts", kind: Assessment, reliability: C),
        (id: "off", name: "Ministry", kind: Official, reliability: A),
    ],
    actors: [
        (id: "A", name: "Alpha", kind: State),
        (id: "B", name: "Bravo", kind: Person),
        (id: "C", name: "Charlie", kind: State),
        (id: "D", name: "Delta", kind: State),
        (id: "E", name: "Echo", kind: Group),
        (id: "F", name: "Foxtrot", kind: Group),
        (id: "G", name: "Golf", kind: Person),
    ],
    relations: [
        (from: "A", to: "B", label: "r0", claims: [
            (text: "a", sources: ["h1", "h1"], credibility: 2),
            (text: "b", sources: ["h1"], credibility: 3),
        ]),
        (from: "B", to: "D", label: "r1", claims: [(text: "c", sources: ["h2"], credibility: 3)]),
        (from: "A", to: "C", label: "r2", claims: [
            (text: "d", sources: ["h1", "h2"], credibility: 2),
            (text: "e", sources: ["as"], credibility: 4),
        ]),
        (from: "C", to: "D", label: "r3", claims: [(text: "f", sources: ["off"], credibility: 1)]),
        (from: "D", to: "E", label: "r4", claims: [(text: "g", sources: ["as"])]),
        (from: "F", to: "E", label: "r5", claims: [(text: "h", sources: ["h2"], credibility: 5)]),
    ],
)"#;

fn chart() -> Chart {
    let loaded = load_str("small.ron", SMALL).expect("the small dossier is valid");
    Chart::new(loaded.dossier)
}

fn ix(c: &Chart, id: &str) -> usize {
    c.actor_ix(id).unwrap()
}

fn labels(c: &Chart, chain: &linkchart::paths::Chain) -> Vec<String> {
    chain
        .hops
        .iter()
        .map(|h| c.relation(h.rel).label.clone())
        .collect()
}

#[test]
fn no_path_to_an_isolated_actor() {
    let c = chart();
    let counts = Counts::compute(&c, &Filter::all(&c));
    assert!(shortest_paths(&c, &counts, ix(&c, "A"), ix(&c, "G"), false, 10).is_empty());
}

#[test]
fn one_path_and_zero_hop_path() {
    let c = chart();
    let counts = Counts::compute(&c, &Filter::all(&c));
    let p = shortest_paths(&c, &counts, ix(&c, "D"), ix(&c, "E"), false, 10);
    assert_eq!(p.len(), 1);
    assert_eq!(labels(&c, &p[0]), ["r4"]);
    let same = shortest_paths(&c, &counts, ix(&c, "A"), ix(&c, "A"), false, 10);
    assert_eq!(same.len(), 1);
    assert!(same[0].hops.is_empty());
}

#[test]
fn several_equal_paths_all_found_in_a_stable_order() {
    let c = chart();
    let counts = Counts::compute(&c, &Filter::all(&c));
    let p = shortest_paths(&c, &counts, ix(&c, "A"), ix(&c, "D"), false, 10);
    let mut got: Vec<Vec<String>> = p.iter().map(|ch| labels(&c, ch)).collect();
    got.sort();
    assert_eq!(got, [vec!["r0", "r1"], vec!["r2", "r3"]]);
    assert_eq!(
        shortest_paths(&c, &counts, ix(&c, "A"), ix(&c, "D"), false, 1).len(),
        1
    );
    // Every chain starts at A and ends at D.
    for ch in &p {
        assert_eq!((ch.start, ch.end()), (ix(&c, "A"), ix(&c, "D")));
    }
}

#[test]
fn direction_on_and_off() {
    let c = chart();
    let counts = Counts::compute(&c, &Filter::all(&c));
    let (e, f) = (ix(&c, "E"), ix(&c, "F"));
    // E ← F only: reachable ignoring direction, not following it.
    let any = shortest_paths(&c, &counts, e, f, false, 10);
    assert_eq!(any.len(), 1);
    assert!(!any[0].hops[0].forward);
    assert!(shortest_paths(&c, &counts, e, f, true, 10).is_empty());
    assert_eq!(shortest_paths(&c, &counts, f, e, true, 10).len(), 1);
    // D → A exists only against the arrows.
    assert!(shortest_paths(&c, &counts, ix(&c, "D"), ix(&c, "A"), true, 10).is_empty());
    assert_eq!(
        shortest_paths(&c, &counts, ix(&c, "D"), ix(&c, "A"), false, 10).len(),
        2
    );
}

#[test]
fn equal_chains_are_ranked_by_corroboration_not_by_order_found() {
    let c = chart();
    let counts = Counts::compute(&c, &Filter::all(&c));
    // A → B → D is found first (r0 comes first in the file). Both chains'
    // weakest link is one source; A → C → D has more sources behind it (r2
    // is corroborated), so it comes first.
    let p = shortest_paths(&c, &counts, ix(&c, "A"), ix(&c, "D"), false, 10);
    let got: Vec<Vec<String>> = p.iter().map(|ch| labels(&c, ch)).collect();
    assert_eq!(got, [vec!["r2", "r3"], vec!["r0", "r1"]]);
}

/// X to Z: through Y (written first; its first link only an assessment),
/// through W (one source a link), and the long way round through V and U
/// (every link corroborated).
const ROUTES: &str = r#"Dossier(
    title: "Routes",
    sources: [
        (id: "h1", name: "Human one", kind: Human),
        (id: "h2", name: "Human two", kind: Media),
        (id: "as", name: "Analysts", kind: Assessment),
    ],
    actors: [
        (id: "X", name: "X-ray", kind: State),
        (id: "Y", name: "Yankee", kind: State),
        (id: "W", name: "Whiskey", kind: State),
        (id: "V", name: "Victor", kind: State),
        (id: "U", name: "Uniform", kind: State),
        (id: "Z", name: "Zulu", kind: State),
    ],
    relations: [
        (from: "X", to: "Y", label: "p0", claims: [(text: "a", sources: ["as"])]),
        (from: "Y", to: "Z", label: "p1", claims: [(text: "b", sources: ["h1", "h2"])]),
        (from: "X", to: "W", label: "p2", claims: [(text: "c", sources: ["h1"])]),
        (from: "W", to: "Z", label: "p3", claims: [(text: "d", sources: ["h2"])]),
        (from: "X", to: "V", label: "p4", claims: [(text: "e", sources: ["h1", "h2"])]),
        (from: "V", to: "U", label: "p5", claims: [(text: "f", sources: ["h1", "h2"])]),
        (from: "Z", to: "U", label: "p6", claims: [(text: "g", sources: ["h1", "h2"])]),
    ],
)"#;

#[test]
fn chains_rank_by_their_weakest_link_and_may_be_longer_than_the_shortest() {
    let c = Chart::new(load_str("routes.ron", ROUTES).unwrap().dossier);
    let counts = Counts::compute(&c, &Filter::all(&c));
    let (x, z) = (ix(&c, "X"), ix(&c, "Z"));
    let got = |longer: usize, directed: bool| -> Vec<Vec<String>> {
        chains(&c, &counts, x, z, directed, longer, 10)
            .iter()
            .map(|ch| labels(&c, ch))
            .collect()
    };
    // Shortest only: the single-source chain beats the one resting on an
    // assessment, though that one was found first.
    assert_eq!(got(0, false), [vec!["p2", "p3"], vec!["p0", "p1"]]);
    // One hop longer: the corroborated way round is the strongest.
    assert_eq!(
        got(1, false),
        [vec!["p4", "p5", "p6"], vec!["p2", "p3"], vec!["p0", "p1"]]
    );
    // Following direction, Z → U cannot be walked backwards.
    assert_eq!(got(1, true), [vec!["p2", "p3"], vec!["p0", "p1"]]);
    // Longer still finds nothing new; no chain visits an actor twice.
    assert_eq!(got(3, false), got(1, false));
    for ch in chains(&c, &counts, x, z, false, 3, 10) {
        let mut seen = ch.actors();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), ch.hops.len() + 1);
    }
    // The limit keeps the best.
    assert_eq!(chains(&c, &counts, x, z, false, 1, 1).len(), 1);
    assert_eq!(
        labels(&c, &chains(&c, &counts, x, z, false, 1, 1)[0]),
        ["p4", "p5", "p6"]
    );
}

#[test]
fn a_filtered_out_relation_breaks_a_path() {
    let c = chart();
    let mut f = Filter::all(&c);
    // Without the official source, C → D (r3) has no claim left.
    f.sources[c.source_ix("off").unwrap()] = false;
    let counts = Counts::compute(&c, &f);
    assert!(!counts.relation_visible(3));
    let p = shortest_paths(&c, &counts, ix(&c, "A"), ix(&c, "D"), false, 10);
    assert_eq!(p.len(), 1);
    assert_eq!(labels(&c, &p[0]), ["r0", "r1"]);
    // Without h2 as well, B → D goes too: D is cut off from A.
    f.sources[c.source_ix("h2").unwrap()] = false;
    let counts = Counts::compute(&c, &f);
    assert!(shortest_paths(&c, &counts, ix(&c, "A"), ix(&c, "D"), false, 10).is_empty());
}

#[test]
fn the_same_source_twice_is_one_source() {
    let c = chart();
    let counts = Counts::compute(&c, &Filter::all(&c));
    // r0: two claims, both from h1 (one lists it twice).
    assert_eq!(counts.rel_claims[0], 2);
    assert_eq!(counts.rel_sources[0], 1);
    assert_eq!(counts.strength(0), Strength::Single);
    // r2: h1 + h2 reporting, plus an assessment.
    assert_eq!(counts.rel_sources[2], 3);
    assert_eq!(counts.rel_fact_sources[2], 2);
    assert_eq!(counts.strength(2), Strength::Corroborated);
    // r4: only an assessment.
    assert_eq!(counts.strength(4), Strength::Assessed);
}

#[test]
fn filters_combine_with_and() {
    let c = chart();
    let mut f = Filter::all(&c);
    f.min_reliability = Some(Reliability::B);
    let counts = Counts::compute(&c, &f);
    // h2 (C), as (C) drop out: r1, r4, r5 vanish; r2 keeps claim d via h1.
    assert_eq!(counts.rel_claims, [2, 0, 1, 1, 0, 0]);
    assert_eq!(counts.strength(2), Strength::Single);
    f.min_credibility = Some(2);
    let counts = Counts::compute(&c, &f);
    // …and credibility 3 goes: r0 keeps only claim a.
    assert_eq!(counts.rel_claims, [1, 0, 1, 1, 0, 0]);
    f.actor_kinds = vec!["state".into()];
    let counts = Counts::compute(&c, &f);
    // …and only State–State relations: A→C, C→D.
    assert_eq!(counts.rel_claims, [0, 0, 1, 1, 0, 0]);
    assert_eq!(counts.visible_relations, 2);
    assert_eq!(counts.actor_rels[ix(&c, "B")], 0);
    assert_eq!(
        f.describe(),
        "reliability A–B · credibility ≤2 · kind state"
    );
}

#[test]
fn hiding_assessments_keeps_reported_facts() {
    let c = chart();
    let mut f = Filter::all(&c);
    f.hide_assessments = true;
    let counts = Counts::compute(&c, &f);
    assert_eq!(
        counts.rel_claims[2], 1,
        "claim e rests on the assessment alone"
    );
    assert!(!counts.relation_visible(4));
    assert!(f.claim_visible(&c, 2, 0));
    assert!(!f.claim_visible(&c, 2, 1));
}

#[test]
fn neighbourhood_by_depth() {
    let c = chart();
    let counts = Counts::compute(&c, &Filter::all(&c));
    let (actors, rels) = neighbourhood(&c, &counts, ix(&c, "A"), 1);
    let mut ids: Vec<&str> = actors
        .iter()
        .map(|&(a, _)| c.dossier.actors[a].id.as_str())
        .collect();
    assert_eq!(ids[0], "A", "the centre comes first");
    ids.sort();
    assert_eq!(ids, ["A", "B", "C"]);
    assert_eq!(rels.len(), 2);
    let (actors, rels) = neighbourhood(&c, &counts, ix(&c, "A"), 2);
    assert_eq!(actors.len(), 4);
    assert!(actors.contains(&(ix(&c, "D"), 2)));
    assert_eq!(rels.len(), 4, "r0..r3, each once");
    let (actors, _) = neighbourhood(&c, &counts, ix(&c, "A"), 3);
    assert!(actors.contains(&(ix(&c, "E"), 3)));
    assert!(!actors.iter().any(|&(a, _)| a == ix(&c, "G")));
}

#[test]
fn incremental_counts_equal_a_full_count() {
    // Toggle sources one by one, in every order of a few steps, on both the
    // small and the bundled dossier: the incremental update must agree with
    // counting from scratch, every time.
    let bundled = load_str("b.ron", linkchart::dossier::BUNDLED)
        .unwrap()
        .dossier;
    for c in [chart(), Chart::new(bundled)] {
        let n = c.dossier.sources.len();
        let mut f = Filter::all(&c);
        let mut counts = Counts::compute(&c, &f);
        for step in 0..40 {
            let s = (step * 7 + step / 3) % n;
            let mut g = f.clone();
            g.sources[s] = !g.sources[s];
            counts.update(&c, &f, &g);
            assert_eq!(
                counts,
                Counts::compute(&c, &g),
                "after toggling source {s} at step {step}"
            );
            f = g;
        }
        // A change beyond sources falls back to a full count.
        let mut g = f.clone();
        g.min_credibility = Some(2);
        counts.update(&c, &f, &g);
        assert_eq!(counts, Counts::compute(&c, &g));
    }
}
