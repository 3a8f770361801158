//! The analysis in the explorer, without a terminal: the measures view
//! (`m`), its measures and going to an actor, following the filters live,
//! the background searches with their progress, cancelled and started
//! again when a filter changes; the corroboration count and its filter key
//! (`o`); brokers in the path view.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use linkchart::analysis::{self, Control, Measure, MeasureGraph, Paths};
use linkchart::dossier::{self, BUNDLED, BUNDLED_NAME};
use linkchart::filter::Counts;
use linkchart::graph::Chart;
use linkchart::tui::Model;
use linkchart::tui::keymap::{Mode, parse_keys};
use linkchart::tui::model::Pane;
use linkchart::tui::model::measures::MeasuresDoneFn;
use linkchart::tui::render::render_text;
use linkchart::tui::theme::Theme;

fn load(name: &str, text: &str, w: u16, h: u16) -> Model {
    let loaded = dossier::load_str(name, text).unwrap_or_else(|d| panic!("{name}: {d:?}"));
    Model::new(Chart::new(loaded.dossier), None, Theme::mono(), w, h)
}

fn bundled(w: u16, h: u16) -> Model {
    load(BUNDLED_NAME, BUNDLED, w, h)
}

fn press(m: &mut Model, keys: &str) {
    for k in parse_keys(keys).expect("keys parse") {
        m.handle_key(k);
    }
}

fn id(m: &Model, a: usize) -> &str {
    &m.chart.dossier.actors[a].id
}

/// The ranking the view should show: computed afresh from the filter.
fn expected_order(m: &Model, measure: Measure) -> Vec<usize> {
    let counts = Counts::compute(&m.chart, &m.filter);
    let g = MeasureGraph::new(&m.chart, &counts);
    let paths = analysis::shortest_paths(&g, &Control::new()).unwrap();
    let scores = match measure {
        Measure::Betweenness => paths.betweenness,
        Measure::Closeness => paths.closeness,
        Measure::Degree => analysis::degree(&g),
        Measure::Pagerank => analysis::pagerank(&g),
        Measure::Eigenvector => analysis::eigenvector(&g).unwrap(),
    };
    analysis::ranking(&m.chart, &scores)
}

#[test]
fn m_opens_the_ranking_by_betweenness_and_cycles_the_measures() {
    let mut m = bundled(100, 30);
    press(&mut m, "m");
    assert_eq!(m.mode(), Mode::Measures);
    let v = m.measures.as_ref().unwrap();
    assert_eq!(v.measure, Measure::Betweenness);
    assert!(v.ranked);
    assert_eq!(v.order, expected_order(&m, Measure::Betweenness));
    assert_eq!(id(&m, v.order[0]), "GOI");
    let screen = render_text(&m);
    assert!(
        screen.contains("Measures · ranked by betweenness"),
        "{screen}"
    );
    for heading in ["betw.", "degree", "close.", "eigen.", "pagerank"] {
        assert!(screen.contains(heading), "{heading}: {screen}");
    }
    assert!(
        screen.contains("Government of Israel (GOI) · government"),
        "{screen}"
    );
    // m and Tab rank by the next measure, round; the selected actor stays.
    press(&mut m, "j");
    let selected = m.measures.as_ref().unwrap().selected();
    let mut seen = vec![Measure::Betweenness];
    for key in ["m", "Tab", "m", "m"] {
        press(&mut m, key);
        let v = m.measures.as_ref().unwrap();
        assert_eq!(v.order, expected_order(&m, v.measure), "{:?}", v.measure);
        assert_eq!(v.selected(), selected);
        seen.push(v.measure);
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 5);
    press(&mut m, "m");
    assert_eq!(m.measures.as_ref().unwrap().measure, Measure::Betweenness);
}

#[test]
fn enter_goes_to_the_actor_and_esc_closes() {
    let mut m = bundled(80, 24);
    press(&mut m, "m j j");
    let want = m.measures.as_ref().unwrap().selected().unwrap();
    press(&mut m, "Enter");
    assert!(m.measures.is_none());
    assert_eq!(m.mode(), Mode::Main);
    assert_eq!(m.selected_actor(), want);
    assert_eq!(m.focus, Pane::Actors);
    press(&mut m, "m Esc");
    assert!(m.measures.is_none());
    // The timeline gives way to the measures view.
    press(&mut m, "T m");
    assert_eq!(m.mode(), Mode::Measures);
    assert!(m.timeline.is_none());
}

#[test]
fn the_ranking_follows_the_filters_live() {
    let mut m = bundled(80, 24);
    press(&mut m, "m");
    let all_edges = m.analysis.as_ref().unwrap().graph.edge_count();
    // o: at least one independent origin, then two.
    press(&mut m, "o o");
    assert_eq!(m.filter.min_sources, Some(2));
    let a = m.analysis.as_ref().unwrap();
    let counts = Counts::compute(&m.chart, &m.filter);
    assert_eq!(*a.graph, MeasureGraph::new(&m.chart, &counts));
    assert!(a.graph.edge_count() < all_edges);
    let v = m.measures.as_ref().unwrap();
    assert_eq!(v.order, expected_order(&m, Measure::Betweenness));
    // The other filter keys work in the view too.
    press(&mut m, "r");
    assert!(m.filter.min_reliability.is_some());
    assert_eq!(m.mode(), Mode::Measures);
    let screen = render_text(&m);
    assert!(
        screen.contains("≥2 sources"),
        "the title bar says so: {screen}"
    );
    // Nothing left: said, not tabled.
    press(&mut m, "F o o o");
    assert_eq!(m.filter.min_sources, Some(3));
    let screen = render_text(&m);
    assert!(screen.contains("No relation links two actors"), "{screen}");
    press(&mut m, "o");
    assert_eq!(m.filter.min_sources, None);
}

#[test]
fn corroboration_where_the_grades_are() {
    let mut m = bundled(100, 30);
    // Tunisia → Libya: two sources, one report.
    press(&mut m, "/borders<Enter>");
    let screen = render_text(&m);
    assert!(screen.contains("borders (2 · 1 independent)"), "{screen}");
    assert!(
        screen.contains("2 claims · 2 sources (1 independent)"),
        "{screen}"
    );
    press(&mut m, "o");
    assert!(
        m.message
            .as_deref()
            .is_some_and(|s| s.contains("≥1 source")),
        "{:?}",
        m.message
    );
}

#[test]
fn brokers_are_marked_on_paths() {
    let mut m = bundled(100, 30);
    press(&mut m, "/dubai<Enter> p united<Enter>");
    let a = m.analysis.as_ref().expect("the path view measures");
    let goi = m.chart.actor_ix("GOI").unwrap();
    let biz = m.chart.actor_ix("TN-BIZ").unwrap();
    assert!(a.is_broker(goi) && !a.is_broker(biz));
    let screen = render_text(&m);
    assert!(screen.contains("Government of Israel ◆"), "{screen}");
    assert!(screen.contains("◆ broker"), "{screen}");
    assert!(
        !screen.contains("Dubai-based Tunisian businessman ◆"),
        "{screen}"
    );
}

/// A chain of `n` actors: large enough for the searches to go to the
/// background.
fn chain(n: usize) -> String {
    let mut s = String::from(
        "Dossier(title: \"Chain\", sources: [Source(id: \"s\", name: \"S\", kind: Media), \
         Source(id: \"t\", name: \"T\", kind: Media)], actors: [",
    );
    for i in 0..n {
        s.push_str(&format!(
            "Actor(id: \"a{i}\", name: \"Actor {i}\", kind: Person),"
        ));
    }
    s.push_str("], relations: [");
    for i in 1..n {
        // Every third link is corroborated by a second source.
        let sources = if i % 3 == 0 { "\"s\", \"t\"" } else { "\"s\"" };
        s.push_str(&format!(
            "Relation(from: \"a{}\", to: \"a{i}\", label: \"knows\", claims: [Claim(text: \"k\", sources: [{sources}])]),",
            i - 1
        ));
    }
    s.push_str("])");
    s
}

#[test]
fn long_searches_run_in_the_background_and_start_again_on_a_filter_change() {
    let mut m = load("chain.ron", &chain(3000), 100, 30);
    let (tx, rx) = mpsc::channel::<(u64, Option<Paths>)>();
    m.measurer = Some(MeasuresDoneFn(Arc::new(move |g, p| {
        let _ = tx.send((g, p));
    })));
    press(&mut m, "m");
    let first = m.analysis.as_ref().unwrap();
    let (first_gen, first_job) = (first.generation, Arc::clone(first.job.as_ref().unwrap()));
    let v = m.measures.as_ref().unwrap();
    assert!(!v.ranked, "ranked by degree meanwhile");
    let screen = render_text(&m);
    assert!(
        screen.contains("being computed, ranked by degree meanwhile"),
        "{screen}"
    );
    assert!(
        screen.contains("Computing betweenness and closeness:"),
        "{screen}"
    );
    // Keys work meanwhile; a filter change stops the searches and starts
    // new ones.
    press(&mut m, "j o");
    assert!(first_job.is_cancelled());
    let second = m.analysis.as_ref().unwrap();
    assert!(second.generation > first_gen);
    assert!(second.job.is_some());
    let graph = Arc::clone(&second.graph);
    // A late answer from the first searches is dropped.
    let stale = analysis::shortest_paths(&graph, &Control::new()).unwrap();
    assert!(!m.measures_done(first_gen, Some(stale)));
    assert!(m.analysis.as_ref().unwrap().job.is_some());
    // The new searches' answer is taken: ranked by betweenness at last.
    let generation = m.analysis.as_ref().unwrap().generation;
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        let (g, p) = rx
            .recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
            .expect("the searches finish");
        let done = p.is_some();
        let taken = m.measures_done(g, p);
        assert_eq!(taken, g == generation, "generation {g}");
        if done && g == generation {
            break;
        }
    }
    assert!(m.analysis.as_ref().unwrap().job.is_none());
    let v = m.measures.as_ref().unwrap();
    assert!(v.ranked);
    assert_eq!(v.order, expected_order(&m, Measure::Betweenness));
    // Closing the view while searches run stops them.
    press(&mut m, "o");
    let job = Arc::clone(m.analysis.as_ref().unwrap().job.as_ref().unwrap());
    press(&mut m, "Esc");
    assert!(job.is_cancelled());
    assert!(m.analysis.is_none());
}

#[test]
fn headless_a_large_charts_path_view_leaves_the_long_searches_to_the_measures_view() {
    // Without a thread to hand them to, the searches of a chain this long
    // would hold up the key that opens the path view.
    let mut m = load("chain.ron", &chain(3000), 100, 30);
    press(&mut m, "p a1234<Enter>");
    assert!(m.path.is_some(), "{}", render_text(&m));
    let a = m.analysis.as_ref().expect("the quick measures");
    assert!(a.job.is_none());
    assert!(a.scores.betweenness.is_empty(), "betweenness left out");
    assert!(!(0..3000).any(|x| a.is_broker(x)), "no broker marked");
    let screen = render_text(&m);
    assert!(!screen.contains("broker"), "{screen}");
    // The measures view asks for them: computed then.
    press(&mut m, "m");
    let a = m.analysis.as_ref().unwrap();
    assert_eq!(a.scores.betweenness.len(), 3000);
    let v = m.measures.as_ref().unwrap();
    assert!(v.ranked);
    assert_eq!(v.order, expected_order(&m, Measure::Betweenness));
    // Back to the path view: its brokers are marked now.
    press(&mut m, "Esc");
    assert!(m.path.is_some());
    let a = m.analysis.as_ref().unwrap();
    assert!((0..3000).any(|x| a.is_broker(x)));
}
