//! The briefing-prep features in the explorer (issue: paths, neighbourhood,
//! grades, filters, briefing and clipboard), driven by keys as a user would:
//! snapshots of the path and neighbourhood views, and the model's state and
//! requested effects after each key.

use linkchart::dossier::{self, BUNDLED, BUNDLED_NAME, Reliability};
use linkchart::filter::Strength;
use linkchart::graph::Chart;
use linkchart::tui::Model;
use linkchart::tui::keymap::parse_keys;
use linkchart::tui::model::{Effect, Overlay, Pane};
use linkchart::tui::modes::main::neighbourhood;
use linkchart::tui::render::render_text;
use linkchart::tui::theme::Theme;

const SECOND: &str = include_str!("data/second.ron");

fn model_of(name: &str, text: &str, (w, h): (u16, u16), keys: &str) -> Model {
    let loaded = dossier::load_str(name, text).expect("dossier loads");
    let mut m = Model::new(Chart::new(loaded.dossier), None, Theme::mono(), w, h);
    press(&mut m, keys);
    m
}

fn bundled(size: (u16, u16), keys: &str) -> Model {
    model_of(BUNDLED_NAME, BUNDLED, size, keys)
}

fn press(m: &mut Model, keys: &str) {
    for k in parse_keys(keys).expect("keys parse") {
        m.handle_key(k);
    }
}

fn snap(name: &str, m: &Model) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, render_text(m)));
}

fn actor(m: &Model, id: &str) -> usize {
    m.chart
        .actor_ix(id)
        .unwrap_or_else(|| panic!("no actor {id}"))
}

/// The walk a new user makes: find the Dubai businessman, ask for paths to
/// the United States.
const DUBAI_TO_US: &str = "/dubai<Enter> p united<Enter>";

#[test]
fn path_from_the_dubai_businessman_to_the_united_states() {
    for size in [(80, 24), (120, 40)] {
        let m = bundled(size, DUBAI_TO_US);
        let p = m.path.as_ref().expect("the path view is open");
        assert_eq!((p.from, p.to), (actor(&m, "TN-BIZ"), actor(&m, "US")));
        assert!(!p.directed, "direction is ignored by default");
        assert!(!p.chains.is_empty());
        for c in &p.chains {
            assert_eq!((c.start, c.end()), (p.from, p.to));
            assert_eq!(
                c.hops.len(),
                p.chains[0].hops.len(),
                "all chains are shortest"
            );
        }
        // The claims pane shows the selected hop's relation.
        assert_eq!(m.selected_relation().map(|i| i.rel), p.hop().map(|h| h.rel));
        assert_eq!(m.focus, Pane::Relations);
        snap(&format!("path_dubai_to_us_{}x{}", size.0, size.1), &m);
    }
}

#[test]
fn path_direction_toggle_and_walk() {
    let mut m = bundled((120, 40), DUBAI_TO_US);
    let undirected = m.path.as_ref().unwrap().chains.clone();
    press(&mut m, "d");
    let p = m.path.as_ref().unwrap();
    assert!(p.directed);
    assert!(p.chains.iter().all(|c| c.hops.iter().all(|h| h.forward)));
    assert!(
        p.chains.len() <= undirected.len() || p.chains[0].hops.len() > undirected[0].hops.len()
    );
    // Enter walks: the first hop's far end becomes the selected actor and the
    // cursor moves to the next hop.
    let first = p.hop().unwrap();
    press(&mut m, "Enter");
    assert_eq!(m.selected_actor(), first.to);
    assert_eq!(m.path.as_ref().unwrap().cur.sel, 1);
    press(&mut m, "Enter Enter");
    assert_eq!(m.selected_actor(), actor(&m, "US"));
    assert_eq!(m.message.as_deref(), Some("end of the path"));
    // Backspace leaves the path view and goes back.
    press(&mut m, "Backspace");
    assert!(m.path.is_none());
    // Esc closes a path view.
    press(&mut m, "p united<Enter> Esc");
    assert!(m.path.is_none());
}

#[test]
fn longer_chains_on_a_key_strongest_first() {
    let mut m = bundled((120, 40), DUBAI_TO_US);
    let shortest = m.path.as_ref().unwrap().chains.clone();
    press(&mut m, ">");
    let p = m.path.as_ref().unwrap();
    assert_eq!(p.longer, 1);
    let hops: Vec<usize> = p.chains.iter().map(|c| c.hops.len()).collect();
    let least = shortest[0].hops.len();
    assert!(
        hops.iter().all(|&h| h == least || h == least + 1),
        "{hops:?}"
    );
    assert!(hops.contains(&(least + 1)), "no longer chain: {hops:?}");
    // Strongest first: no chain's weakest link is stronger than the one
    // before it.
    let weakest = |c: &linkchart::paths::Chain| {
        c.hops
            .iter()
            .map(|h| m.counts.rank_key(h.rel))
            .max()
            .unwrap()
    };
    assert!(
        p.chains
            .windows(2)
            .all(|w| weakest(&w[0]) <= weakest(&w[1]))
    );
    let screen = render_text(&m);
    assert!(screen.contains("up to +1 hop (< >)"), "{screen}");
    assert!(
        m.message
            .as_deref()
            .unwrap()
            .starts_with("chains up to 1 hop longer than the shortest: "),
        "{:?}",
        m.message
    );
    // The setting stays when direction is toggled, and goes no further than 3.
    press(&mut m, "d");
    assert_eq!(m.path.as_ref().unwrap().longer, 1);
    press(&mut m, "> > > >");
    assert_eq!(m.path.as_ref().unwrap().longer, 3);
    press(&mut m, "< < < <");
    let p = m.path.as_ref().unwrap();
    assert_eq!(p.longer, 0);
    assert!(p.chains.iter().all(|c| c.hops.iter().all(|h| h.forward)));
    // Without a path, the key says so.
    press(&mut m, "Esc >");
    assert_eq!(m.message.as_deref(), Some("no path shown (p: path)"));
}

#[test]
fn no_path_is_said_plainly() {
    let mut m = bundled((100, 30), "");
    // Under the strictest filter few relations remain.
    press(&mut m, "r");
    assert_eq!(m.filter.min_reliability, Some(Reliability::A));
    press(&mut m, "/dubai<Enter> p united<Enter>");
    let p = m.path.as_ref().unwrap();
    assert!(p.chains.is_empty());
    assert!(render_text(&m).contains("No path from Dubai-based Tunisian businessman"));
}

#[test]
fn reliability_filter_makes_weak_links_fall_away() {
    let mut m = bundled((120, 40), DUBAI_TO_US);
    let before = m.counts.visible_relations;
    // r: A, r r: A–B, r r r: A–C, r r r r: all.
    press(&mut m, "r r");
    assert_eq!(m.filter.min_reliability, Some(Reliability::B));
    assert!(m.counts.visible_relations < before);
    assert!(render_text(&m).contains("reliability A–B"));
    // The dossier's sources are graded C and F: at A–B nothing is left, and
    // the path is recomputed under the filter.
    assert_eq!(m.counts.visible_relations, 0);
    assert!(m.path.as_ref().unwrap().chains.is_empty());
    press(&mut m, "r");
    assert_eq!(m.filter.min_reliability, Some(Reliability::C));
    assert!(m.counts.visible_relations > 0);
    press(&mut m, "r");
    assert_eq!(m.filter.min_reliability, None);
    assert_eq!(m.counts.visible_relations, before);
}

#[test]
fn credibility_assessments_and_kind_filters_combine() {
    let mut m = bundled((120, 40), "");
    let all = m.counts.visible_claims;
    press(&mut m, "c c");
    assert_eq!(m.filter.min_credibility, Some(2));
    let cred = m.counts.visible_claims;
    assert!(cred < all);
    press(&mut m, "A");
    assert!(m.filter.hide_assessments);
    assert!(m.counts.visible_claims < cred);
    // Every relation left rests on a reported fact.
    for r in 0..m.chart.dossier.relations.len() {
        assert_ne!(m.counts.strength(r), Strength::Assessed);
    }
    press(&mut m, "K");
    assert_eq!(m.filter.actor_kinds.len(), 1);
    let title = render_text(&m).lines().next().unwrap().to_string();
    assert!(title.contains("credibility ≤2"), "{title}");
    assert!(title.contains("no assessments"), "{title}");
    assert!(title.contains("kind "), "{title}");
    press(&mut m, "F");
    assert!(m.filter.is_empty());
    assert_eq!(m.counts.visible_claims, all);
}

#[test]
fn neighbourhood_view_and_depth() {
    let mut m = bundled((120, 40), "v");
    assert_eq!(m.ego_depth, Some(1));
    snap("neighbourhood_got_depth1_120x40", &m);
    press(&mut m, "+ +");
    assert_eq!(m.ego_depth, Some(3));
    press(&mut m, "+");
    assert_eq!(m.ego_depth, Some(3), "depth stops at 3");
    snap("neighbourhood_got_depth3_120x40", &m);
    press(&mut m, "- - -");
    assert_eq!(m.ego_depth, Some(1), "depth stops at 1");
    press(&mut m, "Esc");
    assert_eq!(m.ego_depth, None, "Esc closes the drawing");
    let m = bundled((80, 24), "/dubai<Enter> v +");
    snap("neighbourhood_dubai_depth2_80x24", &m);
}

#[test]
fn neighbourhood_labels_never_overlap_and_the_centre_is_centred() {
    let docs = [(BUNDLED_NAME, BUNDLED), ("second.ron", SECOND)];
    for (name, text) in docs {
        let m = model_of(name, text, (120, 40), "");
        for a in 0..m.chart.dossier.actors.len() {
            for depth in 1..=3 {
                for (cols, rows) in [(40, 12), (60, 20), (100, 30)] {
                    let lay = neighbourhood::layout(&m.chart, &m.counts, a, depth, cols, rows);
                    let centre = &lay.nodes[0];
                    assert_eq!(centre.actor, a);
                    assert_eq!((centre.x, centre.y), (cols as f64 / 2.0, rows as f64 / 2.0));
                    let mut boxes: Vec<(u16, u16, u16)> = Vec::new();
                    for n in &lay.nodes {
                        if let Some((label, col, row)) = &n.label {
                            let w = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
                            assert!(col + w <= cols && *row < rows, "{label} out of the area");
                            for &(r, c0, c1) in &boxes {
                                assert!(
                                    r != *row || col + w <= c0 || *col >= c1,
                                    "{name}: labels overlap around {label}"
                                );
                            }
                            boxes.push((*row, *col, col + w));
                        }
                    }
                    // The centre's label is always drawn.
                    assert!(centre.label.is_some(), "{name}: actor {a} has no label");
                }
            }
        }
    }
}

#[test]
fn briefing_and_copy_are_requested_as_effects() {
    // b on an actor: its neighbourhood's briefing, named after its id.
    let mut m = bundled((100, 30), "b");
    match m.effects.as_slice() {
        [Effect::WriteBriefing { stem, markdown }] => {
            assert_eq!(stem, "got");
            assert!(markdown.starts_with("# Briefing: Government of Tunisia"));
            assert!(markdown.contains("**Bottom line:**"));
            assert!(markdown.contains("Filters: none (all sources)"));
        }
        other => panic!("expected one briefing, got {other:?}"),
    }
    m.effects.clear();
    // B: the whole dossier, under the active filter.
    press(&mut m, "r r r B");
    match m.effects.as_slice() {
        [Effect::WriteBriefing { markdown, .. }] => {
            assert!(markdown.contains("Filters: reliability A–C"), "{markdown}");
        }
        other => panic!("expected one briefing, got {other:?}"),
    }
    // In the path view, b briefs the path.
    let mut m = bundled((100, 30), &format!("{DUBAI_TO_US} b"));
    match m.effects.as_slice() {
        [Effect::WriteBriefing { stem, markdown }] => {
            assert_eq!(stem, "tn-biz-us");
            assert!(markdown.contains("Dubai-based Tunisian businessman"));
            assert!(markdown.contains("United States"));
        }
        other => panic!("expected one briefing, got {other:?}"),
    }
    m.effects.clear();
    // y copies what is selected: the claim in the claims pane…
    press(&mut m, "Esc l y");
    assert_eq!(m.focus, Pane::Claims);
    let (r, c) = m.selected_claim().unwrap();
    match m.effects.as_slice() {
        [Effect::Copy(text)] => assert!(text.contains(&m.chart.claim(r, c).text[..20])),
        other => panic!("expected one copy, got {other:?}"),
    }
    m.effects.clear();
    // …the relation in the relations pane.
    press(&mut m, "h y");
    let rel = m.selected_relation().unwrap().rel;
    match m.effects.as_slice() {
        [Effect::Copy(text)] => assert!(text.contains(&m.chart.relation(rel).label)),
        other => panic!("expected one copy, got {other:?}"),
    }
}

#[test]
fn details_show_grade_meanings_and_confidence_ranges() {
    // The relation GOT → GOI "seeks leverage" has a claim with confidence.
    let m = bundled((120, 40), "/seeks leverage<Enter> l");
    let plain = render_text(&m);
    assert!(plain.contains("roughly even chance"));
    assert!(!plain.contains("45-55%"));
    let mut m = m;
    press(&mut m, "i");
    let detailed = render_text(&m);
    assert!(
        detailed.contains("roughly even chance (45-55%)"),
        "{detailed}"
    );
    assert!(detailed.contains("C: fairly reliable"), "{detailed}");
    assert!(detailed.contains("3: possibly true"), "{detailed}");
}

#[test]
fn picking_a_path_target_lists_actors_only() {
    let m = bundled((100, 30), "p isr");
    let Overlay::Pick(f) = &m.overlay else {
        panic!("the picker is open")
    };
    assert!(!f.hits.is_empty());
    for h in &f.hits {
        assert!(matches!(
            m.search.candidates[h.candidate].target,
            linkchart::search::Target::Actor(_)
        ));
    }
}
