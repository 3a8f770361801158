//! Unit tests of the explorer's model: `update` and `handle_key`, without a
//! terminal. History, source-filter semantics and counts, find ranking and
//! jumps, which keys quit, paging, and resizing.

use linkchart::dossier::{self, BUNDLED, BUNDLED_NAME};
use linkchart::filter::{Counts, Filter};
use linkchart::graph::{Chart, RelIx};
use linkchart::search::{HitKind, Target};
use linkchart::tui::Model;
use linkchart::tui::action::Action;
use linkchart::tui::keymap::{Mode, parse_keys};
use linkchart::tui::model::{FIND_LIMIT, Overlay, Pane};
use linkchart::tui::render::render_text;
use linkchart::tui::theme::Theme;

const SECOND: &str = include_str!("data/second.ron");

fn load(name: &str, text: &str, w: u16, h: u16) -> Model {
    let loaded = dossier::load_str(name, text).unwrap_or_else(|d| panic!("{name}: {d:?}"));
    Model::new(Chart::new(loaded.dossier), None, Theme::mono(), w, h)
}

fn bundled() -> Model {
    load(BUNDLED_NAME, BUNDLED, 80, 24)
}

fn second() -> Model {
    load("tests/data/second.ron", SECOND, 80, 24)
}

fn press(m: &mut Model, keys: &str) {
    for k in parse_keys(keys).expect("keys parse") {
        m.handle_key(k);
    }
}

fn actor(m: &Model, id: &str) -> usize {
    m.chart.actor_ix(id).unwrap_or_else(|| panic!("actor {id}"))
}

fn source(m: &Model, id: &str) -> usize {
    m.chart
        .source_ix(id)
        .unwrap_or_else(|| panic!("source {id}"))
}

/// The relation `from` → `to` labelled `label`.
fn relation(m: &Model, from: &str, to: &str, label: &str) -> RelIx {
    let d = &m.chart.dossier;
    d.relations
        .iter()
        .position(|r| r.from == from && r.to == to && r.label == label)
        .unwrap_or_else(|| panic!("relation {from} → {to} {label}"))
}

/// Selects actor `id` with the keys a user would press.
fn select_actor(m: &mut Model, id: &str) {
    let a = actor(m, id);
    while m.focus != Pane::Actors {
        m.update(Action::NextPane);
    }
    m.update(Action::Top);
    for _ in 0..a {
        m.update(Action::Down);
    }
    assert_eq!(m.selected_actor(), a);
}

/// Selects relation `r` in the relations pane (focusing it).
fn select_relation(m: &mut Model, r: RelIx) {
    while m.focus != Pane::Relations {
        m.update(Action::NextPane);
    }
    let pos = m
        .rels
        .iter()
        .position(|i| i.rel == r)
        .unwrap_or_else(|| panic!("relation {r} not listed for the selected actor"));
    m.update(Action::Top);
    for _ in 0..pos {
        m.update(Action::Down);
    }
    assert_eq!(m.selected_relation().map(|i| i.rel), Some(r));
}

fn selected_rel(m: &Model) -> Option<RelIx> {
    m.selected_relation().map(|i| i.rel)
}

/// Sets the sources filter through the panel's keys: opens it, toggles
/// source `s`, closes it.
fn toggle_source(m: &mut Model, id: &str) {
    let s = source(m, id);
    toggle_source_ix(m, s);
}

fn toggle_source_ix(m: &mut Model, s: usize) {
    press(m, "s g");
    for _ in 0..s {
        press(m, "j");
    }
    press(m, "Space Esc");
    assert_eq!(m.mode(), Mode::Main);
}

/// Invariants every model state keeps.
fn check_invariants(m: &Model) {
    let n = m.chart.dossier.actors.len();
    assert!(m.actors.sel < n);
    assert!(m.actors.offset <= m.actors.sel);
    if m.rels.is_empty() {
        assert_eq!(m.rel.sel, 0);
        assert!(m.claims.is_empty());
    } else {
        assert!(m.rel.sel < m.rels.len());
        assert!(m.rel.offset <= m.rel.sel);
        for inc in &m.rels {
            assert!(m.counts.relation_visible(inc.rel));
            let (a, b) = m.chart.ends(inc.rel);
            assert!(a == m.actors.sel || b == m.actors.sel);
        }
    }
    if !m.claims.is_empty() {
        assert!(m.claim < m.claims.len());
        let r = selected_rel(m).unwrap();
        for &c in &m.claims {
            assert!(m.filter.claim_visible(&m.chart, r, c));
        }
    }
    assert_eq!(*m.counts, Counts::compute(&m.chart, &m.filter));
    assert!(m.history_pos < m.history.len());
}

// ───────────────────────────── history ─────────────────────────────

#[test]
fn follow_then_back_twice_returns_with_same_relation_and_forward_again() {
    let mut m = bundled();
    let (got, goi, tun) = (actor(&m, "GOT"), actor(&m, "GOI"), actor(&m, "TUN"));
    let leverage = relation(&m, "GOT", "GOI", "seeks leverage");
    let strategic = relation(&m, "GOI", "TUN", "strategic interest");

    select_actor(&mut m, "GOT");
    select_relation(&mut m, leverage);
    // Not the first row, so that "the same relation" means something.
    let cooperation = relation(&m, "GOT", "GOI", "intelligence cooperation");
    select_relation(&mut m, cooperation);
    let at_a = m.place();

    press(&mut m, "Enter");
    assert_eq!(m.selected_actor(), goi);
    assert_eq!(
        selected_rel(&m),
        Some(cooperation),
        "the followed relation stays selected"
    );
    assert_eq!(m.focus, Pane::Relations);

    select_relation(&mut m, strategic);
    let at_b = m.place();
    press(&mut m, "Enter");
    assert_eq!(m.selected_actor(), tun);
    assert_eq!(selected_rel(&m), Some(strategic));
    let at_c = m.place();
    check_invariants(&m);

    press(&mut m, "Backspace");
    assert_eq!(m.place(), at_b);
    press(&mut m, "Backspace");
    assert_eq!(m.place(), at_a);
    assert_eq!(m.selected_actor(), got);
    assert_eq!(selected_rel(&m), Some(cooperation));
    assert_eq!(m.message, None);

    press(&mut m, "L");
    assert_eq!(m.place(), at_b);
    press(&mut m, "L");
    assert_eq!(m.place(), at_c);
    press(&mut m, "L");
    assert_eq!(m.place(), at_c);
    assert!(m.message.as_deref().unwrap().contains("forward"));
    // `H` is back, too.
    press(&mut m, "H");
    assert_eq!(m.place(), at_b);
    check_invariants(&m);
}

#[test]
fn back_at_the_start_says_so_and_changes_nothing() {
    let mut m = bundled();
    press(&mut m, "j j Tab j");
    let before = m.place();
    let screen = render_text(&m);
    press(&mut m, "Backspace");
    assert_eq!(m.place(), before);
    assert_eq!(m.message.as_deref(), Some("nothing to go back to"));
    assert!(
        render_text(&m).contains("nothing to go back to"),
        "the message is shown"
    );
    press(&mut m, "H");
    assert_eq!(m.place(), before);
    // The message goes with the next key.
    press(&mut m, "j");
    assert_eq!(m.message, None);
    press(&mut m, "k");
    assert_eq!(render_text(&m), screen);
}

#[test]
fn following_after_going_back_drops_forward_history() {
    let mut m = bundled();
    let leverage = relation(&m, "GOT", "GOI", "seeks leverage");
    let strategic = relation(&m, "GOI", "TUN", "strategic interest");
    let standing = relation(&m, "GOT", "US", "seeks standing");
    select_relation(&mut m, leverage);
    press(&mut m, "Enter");
    select_relation(&mut m, strategic);
    press(&mut m, "Enter");
    assert_eq!(m.history.len(), 3);
    press(&mut m, "Backspace Backspace");
    assert_eq!(m.selected_actor(), actor(&m, "GOT"));
    select_relation(&mut m, standing);
    press(&mut m, "Enter");
    assert_eq!(m.selected_actor(), actor(&m, "US"));
    assert_eq!(m.history.len(), 2, "GOI and TUN are forgotten");
    let here = m.place();
    press(&mut m, "L");
    assert_eq!(m.place(), here);
    assert!(m.message.is_some());
    press(&mut m, "Backspace");
    assert_eq!(m.selected_actor(), actor(&m, "GOT"));
    assert_eq!(selected_rel(&m), Some(standing));
    check_invariants(&m);
}

#[test]
fn enter_in_actors_pane_moves_to_relations_and_follows_from_claims() {
    let mut m = bundled();
    press(&mut m, "Enter");
    assert_eq!(m.focus, Pane::Relations);
    assert_eq!(m.selected_actor(), actor(&m, "GOT"), "no follow yet");
    assert_eq!(m.history.len(), 1);
    let other = m.selected_relation().unwrap().other;
    assert_ne!(other, actor(&m, "GOT"));
    press(&mut m, "Tab Enter");
    assert_eq!(m.selected_actor(), other, "Enter in claims follows");
    assert_eq!(m.history.len(), 2);
}

#[test]
fn following_a_self_relation_stays_on_the_actor() {
    let mut m = bundled();
    let crisis = relation(&m, "GOT", "GOT", "economic crisis");
    select_relation(&mut m, crisis);
    press(&mut m, "Enter");
    assert_eq!(m.selected_actor(), actor(&m, "GOT"));
    assert_eq!(selected_rel(&m), Some(crisis));
    press(&mut m, "Backspace");
    assert_eq!(selected_rel(&m), Some(crisis));
    check_invariants(&m);
}

// ─────────────────────────── the source filter ───────────────────────────

/// Claims cited only by `s`, counted from the dossier itself.
fn claims_only_from(m: &Model, s: &str) -> usize {
    m.chart
        .dossier
        .relations
        .iter()
        .flat_map(|r| &r.claims)
        .filter(|c| c.sources.iter().all(|x| x == s))
        .count()
}

#[test]
fn turning_off_the_only_source_hides_the_relation_and_updates_counts() {
    let mut m = bundled();
    let (got, us) = (actor(&m, "GOT"), actor(&m, "US"));
    let standing = relation(&m, "GOT", "US", "seeks standing");
    // Every claim of "seeks standing" cites src-p3 only.
    assert!(
        m.chart
            .relation(standing)
            .claims
            .iter()
            .all(|c| c.sources == ["src-p3"])
    );
    let before = m.counts.clone();
    assert_eq!(before.rel_claims[standing], 2);
    assert_eq!(before.actor_rels[us], 1);
    assert_eq!(before.visible_claims, m.chart.total_claims());
    let got_rels = m.rels.len();
    assert!(m.rels.iter().any(|i| i.rel == standing));

    toggle_source(&mut m, "src-p3");
    assert!(!m.filter.sources[source(&m, "src-p3")]);
    assert!(!m.rels.iter().any(|i| i.rel == standing), "relation gone");
    assert_eq!(m.rels.len(), got_rels - 1);
    assert_eq!(m.counts.rel_claims[standing], 0);
    assert_eq!(m.counts.rel_sources[standing], 0);
    assert_eq!(m.counts.actor_rels[us], 0);
    assert_eq!(m.counts.actor_rels[got], before.actor_rels[got] - 1);
    assert_eq!(
        m.counts.visible_claims,
        before.visible_claims - claims_only_from(&m, "src-p3")
    );
    assert_eq!(m.counts.visible_relations, before.visible_relations - 1);
    // "seeks leverage" keeps its assessment claims, with one fewer source.
    let leverage = relation(&m, "GOT", "GOI", "seeks leverage");
    assert_eq!(
        m.counts.rel_claims[leverage],
        before.rel_claims[leverage] - 2
    );
    assert_eq!(
        m.counts.rel_sources[leverage],
        before.rel_sources[leverage] - 1
    );
    assert!(
        render_text(&m)
            .lines()
            .next()
            .unwrap()
            .contains("sources 4/5")
    );
    check_invariants(&m);

    // Back on: everything as it was.
    toggle_source(&mut m, "src-p3");
    assert_eq!(m.counts, before);
    assert!(m.rels.iter().any(|i| i.rel == standing));
    assert_eq!(m.rels.len(), got_rels);
    assert!(m.filter.is_empty());
    check_invariants(&m);
}

#[test]
fn selected_relation_disappearing_keeps_a_valid_selection() {
    let mut m = bundled();
    let standing = relation(&m, "GOT", "US", "seeks standing");
    select_relation(&mut m, standing);
    let pos = m.rel.sel;
    toggle_source(&mut m, "src-p3");
    assert_ne!(selected_rel(&m), Some(standing));
    assert!(m.rel.sel <= pos, "stays near where it was");
    assert_eq!(m.focus, Pane::Relations, "focus is kept");
    check_invariants(&m);
    // The selected claims follow the new selection.
    let r = selected_rel(&m).unwrap();
    assert_eq!(m.claims.len(), m.counts.rel_claims[r] as usize);
}

#[test]
fn selected_claim_survives_when_its_source_stays_on() {
    let mut m = bundled();
    let leverage = relation(&m, "GOT", "GOI", "seeks leverage");
    select_relation(&mut m, leverage);
    press(&mut m, "l G");
    assert_eq!(m.focus, Pane::Claims);
    let (r, c) = m.selected_claim().unwrap();
    assert_eq!(r, leverage);
    // Turn off a source the selected claim does not cite.
    let cited = m.chart.claim_sources(r, c).to_vec();
    let other = (0..m.chart.dossier.sources.len())
        .find(|s| !cited.contains(&(*s as u32)) && m.counts.rel_sources[r] > 1)
        .expect("an uncited source");
    toggle_source_ix(&mut m, other);
    assert_eq!(
        m.selected_claim(),
        Some((r, c)),
        "the same claim stays selected"
    );
    assert_eq!(m.focus, Pane::Claims);
    check_invariants(&m);
}

#[test]
fn a_claim_with_two_sources_is_visible_while_either_is_on() {
    let mut m = bundled();
    let influence = relation(&m, "TN-MIL", "GOT", "influence");
    let both = m
        .chart
        .relation(influence)
        .claims
        .iter()
        .position(|c| c.sources == ["src-p3", "reftel"])
        .expect("the claim cited by src-p3 and reftel");
    let (p3, reftel) = (source(&m, "src-p3"), source(&m, "reftel"));
    select_actor(&mut m, "TN-MIL");
    select_relation(&mut m, influence);
    let claims_before = m.claims.len();

    let visible = |m: &Model| m.claims.contains(&both);
    assert!(visible(&m));
    toggle_source_ix(&mut m, p3);
    assert!(visible(&m), "reftel still backs it");
    assert!(m.filter.claim_visible(&m.chart, influence, both));
    assert_eq!(
        m.claims.len(),
        claims_before,
        "the other claim cites reftel"
    );
    assert_eq!(m.counts.rel_sources[influence], 1);
    toggle_source_ix(&mut m, reftel);
    assert!(!m.filter.claim_visible(&m.chart, influence, both));
    assert_eq!(m.counts.rel_claims[influence], 0);
    assert!(m.rels.iter().all(|i| i.rel != influence));
    toggle_source_ix(&mut m, p3);
    assert!(m.filter.claim_visible(&m.chart, influence, both));
    select_relation(&mut m, influence);
    assert_eq!(m.claims, vec![both], "only the shared claim is back");
    assert_eq!(m.counts.rel_claims[influence], 1);
    check_invariants(&m);
}

#[test]
fn all_or_none_toggles_every_source() {
    let mut m = bundled();
    let before = m.counts.clone();
    let n = m.chart.dossier.sources.len();
    press(&mut m, "s a");
    assert_eq!(m.mode(), Mode::Sources, "the panel stays open");
    assert_eq!(m.filter.sources, vec![false; n]);
    assert_eq!(m.counts.visible_claims, 0);
    assert_eq!(m.counts.visible_relations, 0);
    assert!(m.counts.actor_rels.iter().all(|&c| c == 0));
    assert!(m.rels.is_empty());
    assert!(m.claims.is_empty());
    check_invariants(&m);
    press(&mut m, "a");
    assert_eq!(m.filter.sources, vec![true; n]);
    assert_eq!(m.counts, before);
    // Some on, some off: `a` selects all.
    press(&mut m, "Space");
    assert!(!m.filter.sources[0]);
    press(&mut m, "a");
    assert_eq!(m.filter.sources, vec![true; n]);
    press(&mut m, "Esc");
    assert_eq!(m.mode(), Mode::Main);
    check_invariants(&m);
}

#[test]
fn actor_with_nothing_visible_has_zero_relations() {
    let mut m = bundled();
    toggle_source(&mut m, "src-p3");
    let us = actor(&m, "US");
    assert_eq!(m.counts.actor_rels[us], 0);
    assert!(!m.counts.actor_active(us));
    select_actor(&mut m, "US");
    assert!(m.rels.is_empty());
    assert!(m.claims.is_empty());
    assert_eq!(m.selected_relation(), None);
    press(&mut m, "Enter");
    assert_eq!(m.focus, Pane::Actors, "nothing to go to");
    assert!(m.message.as_deref().unwrap().contains("filter"));
    // Focusing the empty relations pane and pressing Enter does nothing bad.
    press(&mut m, "Tab Enter");
    assert_eq!(m.selected_actor(), us);
    assert_eq!(m.message.as_deref(), Some("no relation to follow"));
    let text = render_text(&m);
    assert!(
        text.contains("No relations under the current filter"),
        "{text}"
    );
    // The actor is still listed (dimmed, not hidden).
    assert!(text.contains("United States"));
    check_invariants(&m);
}

#[test]
fn filter_from_the_command_line_matches_the_panel() {
    let m0 = bundled();
    let mut only = Filter::all(&m0.chart);
    only.sources.iter_mut().for_each(|s| *s = false);
    only.sources[source(&m0, "isr-dip")] = true;
    let loaded = dossier::load_str(BUNDLED_NAME, BUNDLED).unwrap();
    let m1 = Model::new(
        Chart::new(loaded.dossier),
        Some(only.clone()),
        Theme::mono(),
        80,
        24,
    );
    let mut m2 = bundled();
    press(&mut m2, "s a");
    for _ in 0..source(&m2, "isr-dip") {
        press(&mut m2, "j");
    }
    press(&mut m2, "Space Esc");
    assert_eq!(m2.filter, only);
    assert_eq!(m1.counts, m2.counts);
    assert_eq!(render_text(&m1), render_text(&m2));
    // Every visible claim cites isr-dip.
    for (r, rel) in m1.chart.dossier.relations.iter().enumerate() {
        for c in 0..rel.claims.len() {
            assert_eq!(
                m1.filter.claim_visible(&m1.chart, r, c),
                rel.claims[c].sources.iter().any(|s| s == "isr-dip")
            );
        }
    }
    check_invariants(&m1);
}

#[test]
fn filter_applies_to_find_results() {
    let mut m = bundled();
    press(&mut m, "/seeks<Space>standing");
    let hits = |m: &Model| match &m.overlay {
        Overlay::Find(f) => f
            .hits
            .iter()
            .map(|h| m.search.candidates[h.candidate].target)
            .collect::<Vec<_>>(),
        _ => panic!("find is open"),
    };
    let standing = relation(&m, "GOT", "US", "seeks standing");
    assert_eq!(hits(&m).first(), Some(&Target::Relation(standing)));
    press(&mut m, "Esc");
    toggle_source(&mut m, "src-p3");
    press(&mut m, "/seeks<Space>standing");
    assert!(
        !hits(&m).contains(&Target::Relation(standing)),
        "a hidden relation is not found"
    );
}

// ───────────────────────────── find ─────────────────────────────

/// The targets of `query`'s hits, best first.
fn find(m: &Model, query: &str) -> Vec<(HitKind, Target)> {
    m.search
        .search(&m.chart, &m.filter, &m.counts, query, FIND_LIMIT)
        .iter()
        .map(|h| {
            let c = &m.search.candidates[h.candidate];
            (c.kind, c.target)
        })
        .collect()
}

fn first_target(m: &Model, query: &str) -> Target {
    find(m, query)
        .first()
        .unwrap_or_else(|| panic!("`{query}` finds something"))
        .1
}

#[test]
fn find_ranks_the_obvious_actor_first() {
    let m = bundled();
    let cases = [
        ("dubai", "TN-BIZ"),
        ("Dubai", "TN-BIZ"),
        ("GOI", "GOI"),
        ("GOT", "GOT"),
        ("goi", "GOI"),
        ("government of israel", "GOI"),
        ("israel", "GOI"),
        ("libya", "LBY"),
        ("qais", "SAID"),
        ("kais saied", "SAID"),
        ("america", "US"),
        ("emirates", "UAE"),
        ("islamists", "LBY-ISL"),
        // Misspelt fragments: letters left out.
        ("goverment isr", "GOI"),
        ("goverment tun", "GOT"),
        ("busnessman", "TN-BIZ"),
        ("tunsian public", "TN-PUB"),
        ("militry", "TN-MIL"),
    ];
    for (q, id) in cases {
        assert_eq!(
            first_target(&m, q),
            Target::Actor(actor(&m, id)),
            "`{q}` should find {id} first; got {:?}",
            &find(&m, q)[..find(&m, q).len().min(3)]
        );
    }
}

#[test]
fn find_ranks_the_obvious_hit_first_in_the_second_dossier() {
    let m = second();
    let cases = [
        ("rabie", Target::Actor(actor(&m, "RABIE"))),
        ("suez canal", Target::Actor(actor(&m, "SCA"))),
        ("boskalis", Target::Actor(actor(&m, "BOSKALIS"))),
        ("長賜", Target::Actor(actor(&m, "EVERGIVEN"))),
        ("قناة", Target::Actor(actor(&m, "SCA"))),
        ("shoei", Target::Actor(actor(&m, "SHOEI"))),
        ("evergreen", Target::Actor(actor(&m, "EVERGREEN"))),
        (
            "lloyd",
            Target::Source(m.chart.source_ix("lloyds").unwrap()),
        ),
    ];
    for (q, t) in cases {
        assert_eq!(first_target(&m, q), t, "`{q}`: {:?}", &find(&m, q)[..3]);
    }
}

#[test]
fn find_finds_relations_claims_quotes_and_sources() {
    let m = bundled();
    let coop = relation(&m, "GOT", "GOI", "intelligence cooperation");
    assert_eq!(
        first_target(&m, "intelligence cooperation"),
        Target::Relation(coop)
    );
    let kinds: Vec<HitKind> = find(&m, "JaFaJ").iter().map(|h| h.0).collect();
    assert!(kinds.contains(&HitKind::Source));
    assert!(find(&m, "").is_empty());
    assert!(find(&m, "   ").is_empty());
    assert!(find(&m, "zzzqqqxxx").is_empty());
    // A phrase only in a quote finds its claim.
    let q = find(&m, "soft-class-act");
    assert!(!q.is_empty());
}

#[test]
fn an_alias_hit_shows_whose_alias_it_is() {
    let mut m = load(BUNDLED_NAME, BUNDLED, 100, 30);
    press(&mut m, "/dubai");
    let screen = render_text(&m);
    let row = screen
        .lines()
        .find(|l| l.contains("(alias Dubai)"))
        .unwrap_or_else(|| panic!("no alias row:\n{screen}"));
    assert!(
        row.contains("actor    United Arab Emirates (alias Dubai)"),
        "{row}"
    );
    // The letters marked as matched are the alias's, not the name's.
    let buf = linkchart::tui::render::render_buffer(&m);
    let y = screen.lines().position(|l| l == row).unwrap() as u16;
    let x_of = |word: &str| {
        let at = row.find(word).unwrap();
        unicode_width::UnicodeWidthStr::width(&row[..at]) as u16
    };
    let matched = m.theme.matched;
    let (d, u) = (x_of("Dubai)"), x_of("United"));
    assert_eq!(buf[(d, y)].modifier, matched.add_modifier, "{row}");
    assert_ne!(buf[(u, y)].modifier, matched.add_modifier, "{row}");
}

#[test]
fn find_enter_jumps_to_an_actor() {
    let mut m = bundled();
    press(&mut m, "/dubai");
    assert_eq!(m.mode(), Mode::Find);
    let Overlay::Find(f) = &m.overlay else {
        unreachable!()
    };
    assert_eq!(f.query, "dubai");
    assert_eq!(f.cur.sel, 0);
    press(&mut m, "Enter");
    assert_eq!(m.mode(), Mode::Main);
    assert_eq!(m.selected_actor(), actor(&m, "TN-BIZ"));
    assert_eq!(m.focus, Pane::Actors);
    // A jump is history: Backspace returns.
    press(&mut m, "Backspace");
    assert_eq!(m.selected_actor(), actor(&m, "GOT"));
    check_invariants(&m);
}

#[test]
fn find_enter_jumps_to_a_relation() {
    let mut m = bundled();
    let coop = relation(&m, "GOT", "GOI", "intelligence cooperation");
    press(&mut m, "/intelligence<Space>cooperation<Enter>");
    assert_eq!(m.mode(), Mode::Main);
    assert_eq!(m.selected_actor(), actor(&m, "GOT"));
    assert_eq!(selected_rel(&m), Some(coop));
    assert_eq!(m.focus, Pane::Relations);
    check_invariants(&m);
}

#[test]
fn find_enter_jumps_to_a_claim() {
    let mut m = second();
    // The fourth claim of the SCA → SHOEI compensation claim.
    let r = relation(&m, "SCA", "SHOEI", "compensation claim");
    let c = m
        .chart
        .relation(r)
        .claims
        .iter()
        .position(|c| c.text.starts_with("The SCA said the money would cover"))
        .unwrap();
    assert!(c > 0);
    press(&mut m, "/money<Space>would<Space>cover");
    let Overlay::Find(f) = &m.overlay else {
        panic!("find open")
    };
    let t = m.search.candidates[f.hits[f.cur.sel].candidate].target;
    assert_eq!(t, Target::Claim(r, c), "the claim is the first hit");
    press(&mut m, "Enter");
    assert_eq!(m.selected_actor(), actor(&m, "SCA"));
    assert_eq!(selected_rel(&m), Some(r));
    assert_eq!(m.selected_claim(), Some((r, c)));
    assert_eq!(m.focus, Pane::Claims);
    // The selected claim is on screen.
    let text = render_text(&m);
    assert!(text.contains("The SCA said the money would"), "{text}");
    check_invariants(&m);
}

#[test]
fn find_jump_to_a_claim_counts_only_visible_claims() {
    let mut m = second();
    let r = relation(&m, "SCA", "SHOEI", "compensation claim");
    let c = m
        .chart
        .relation(r)
        .claims
        .iter()
        .position(|c| c.text.starts_with("The SCA later publicly lowered"))
        .unwrap();
    // Hide the UK Club's two claims, which come before it.
    toggle_source(&mut m, "ukclub");
    press(&mut m, "/publicly<Space>lowered<Enter>");
    assert_eq!(m.selected_claim(), Some((r, c)));
    check_invariants(&m);
}

#[test]
fn find_enter_on_a_source_opens_the_sources_panel_there() {
    let mut m = second();
    press(&mut m, "/lloyd");
    press(&mut m, "Enter");
    assert_eq!(m.mode(), Mode::Sources);
    let Overlay::Sources(s) = &m.overlay else {
        unreachable!()
    };
    assert_eq!(s.cur.sel, source(&m, "lloyds"));
}

#[test]
fn find_moves_through_hits_and_edits_the_query() {
    let mut m = bundled();
    press(&mut m, "/gov");
    let n = match &m.overlay {
        Overlay::Find(f) => f.hits.len(),
        _ => panic!(),
    };
    assert!(n > 3);
    let sel = |m: &Model| match &m.overlay {
        Overlay::Find(f) => (f.cur.sel, f.query.clone()),
        _ => panic!("find open"),
    };
    press(&mut m, "Down Down C-n");
    assert_eq!(sel(&m).0, 3);
    press(&mut m, "Up C-p");
    assert_eq!(sel(&m).0, 1);
    press(&mut m, "PageDown");
    assert!(sel(&m).0 > 1);
    press(&mut m, "PageUp PageUp");
    assert_eq!(sel(&m).0, 0);
    // j and k are letters in find.
    press(&mut m, "j k");
    assert_eq!(sel(&m), (0, "govjk".to_string()));
    press(&mut m, "Backspace Backspace");
    assert_eq!(sel(&m).1, "gov");
    press(&mut m, "C-w");
    assert_eq!(sel(&m).1, "");
    // Enter with nothing found closes with a message.
    press(&mut m, "Enter");
    assert_eq!(m.mode(), Mode::Main);
    assert_eq!(m.message.as_deref(), Some("nothing found"));
    assert_eq!(m.selected_actor(), 0);
}

// ─────────────────────────── quitting ───────────────────────────

#[test]
fn esc_never_quits() {
    let mut m = bundled();
    for keys in [
        "Esc", "Esc Esc", "/ Esc", "/abc Esc", "s Esc", "? Esc", "F1 Esc",
    ] {
        press(&mut m, keys);
        assert!(!m.quit, "`{keys}` quit");
        assert_eq!(m.mode(), Mode::Main, "`{keys}` leaves an overlay open");
    }
    // Esc from each overlay closes only that overlay.
    for open in ["/", "s", "?"] {
        press(&mut m, open);
        assert_ne!(m.mode(), Mode::Main);
        press(&mut m, "Esc");
        assert_eq!(m.mode(), Mode::Main);
        press(&mut m, "Esc");
        assert!(!m.quit);
    }
}

#[test]
fn q_quits_only_from_the_main_view() {
    let mut m = bundled();
    press(&mut m, "/q");
    assert!(!m.quit);
    assert!(
        matches!(&m.overlay, Overlay::Find(f) if f.query == "q"),
        "typed"
    );
    press(&mut m, "Esc s q");
    assert!(!m.quit, "q closes the sources panel");
    assert_eq!(m.mode(), Mode::Main);
    press(&mut m, "? q");
    assert!(!m.quit, "q closes help");
    assert_eq!(m.mode(), Mode::Main);
    press(&mut m, "q");
    assert!(m.quit);
}

#[test]
fn ctrl_c_quits_from_everywhere() {
    for keys in ["", "/", "/abc", "s", "s j", "?", "? j", "Tab", "l l", "s ?"] {
        let mut m = bundled();
        press(&mut m, keys);
        assert!(!m.quit);
        press(&mut m, "C-c");
        assert!(m.quit, "C-c after `{keys}`");
    }
}

#[test]
fn help_opens_from_main_and_sources_and_scrolls() {
    let mut m = bundled();
    press(&mut m, "?");
    assert_eq!(m.mode(), Mode::Help);
    let scroll = |m: &Model| match m.overlay {
        Overlay::Help { scroll } => scroll,
        _ => panic!("help open"),
    };
    press(&mut m, "j j");
    assert_eq!(scroll(&m), 2);
    press(&mut m, "G");
    let bottom = scroll(&m);
    assert!(bottom > 2);
    press(&mut m, "j");
    assert_eq!(scroll(&m), bottom, "does not scroll past the end");
    assert!(render_text(&m).contains("Confidence"));
    press(&mut m, "g");
    assert_eq!(scroll(&m), 0);
    press(&mut m, "F1");
    assert_eq!(m.mode(), Mode::Main);
    press(&mut m, "F1");
    assert_eq!(m.mode(), Mode::Help);
    press(&mut m, "? s ?");
    assert_eq!(m.mode(), Mode::Help, "help from the sources panel");
}

// ─────────────────────── moving in lists ───────────────────────

#[test]
fn page_down_up_and_top_bottom_in_the_actors_pane() {
    // 80×12: the actors pane shows 8 rows, a page moves 7.
    let mut m = load(BUNDLED_NAME, BUNDLED, 80, 12);
    let n = m.chart.dossier.actors.len();
    assert_eq!(n, 16);
    press(&mut m, "PageDown");
    assert_eq!(m.actors.sel, 7);
    press(&mut m, "PageDown");
    assert_eq!(m.actors.sel, 14);
    assert!(m.actors.offset <= 14 && 14 < m.actors.offset + 8);
    press(&mut m, "PageDown");
    assert_eq!(m.actors.sel, n - 1, "stops at the last");
    press(&mut m, "PageUp");
    assert_eq!(m.actors.sel, 8);
    press(&mut m, "g");
    assert_eq!((m.actors.sel, m.actors.offset), (0, 0));
    press(&mut m, "G");
    assert_eq!(m.actors.sel, n - 1);
    assert_eq!(m.actors.offset, n - 8, "the last row is at the bottom");
    press(&mut m, "j");
    assert_eq!(m.actors.sel, n - 1, "no wrap");
    press(&mut m, "Home");
    assert_eq!(m.actors.sel, 0);
    press(&mut m, "k");
    assert_eq!(m.actors.sel, 0, "no wrap");
    press(&mut m, "End C-u");
    assert_eq!(m.actors.sel, n - 8);
    press(&mut m, "C-d");
    assert_eq!(m.actors.sel, n - 1);
    // The relations follow the actor.
    assert_eq!(m.selected_actor(), n - 1);
    let text = render_text(&m);
    assert!(text.contains("Relations of LBY-ISL"), "{text}");
    check_invariants(&m);
}

#[test]
fn page_down_up_and_top_bottom_in_the_relations_pane() {
    let mut m = bundled();
    press(&mut m, "Tab");
    let n = m.rels.len();
    assert_eq!(n, 15);
    // A page is the pane's height less one row of overlap.
    let rows = m
        .areas()
        .and_then(|a| a.relations)
        .map(|r| r.height as usize - 2)
        .unwrap();
    assert!(rows < n, "the test needs a pane shorter than the list");
    press(&mut m, "PageDown");
    assert_eq!(m.rel.sel, rows - 1);
    press(&mut m, "PageDown PageDown PageDown");
    assert_eq!(m.rel.sel, n - 1);
    assert!(m.rel.offset + rows > m.rel.sel && m.rel.offset <= m.rel.sel);
    press(&mut m, "PageUp");
    assert_eq!(m.rel.sel, n - rows);
    press(&mut m, "g");
    assert_eq!((m.rel.sel, m.rel.offset), (0, 0));
    press(&mut m, "G");
    assert_eq!(m.rel.sel, n - 1);
    // The claims pane shows the selected relation.
    let r = selected_rel(&m).unwrap();
    assert_eq!(m.claims.len(), m.counts.rel_claims[r] as usize);
    check_invariants(&m);
}

#[test]
fn moving_in_the_claims_pane_selects_and_pages_scroll() {
    let mut m = bundled();
    let leverage = relation(&m, "GOT", "GOI", "seeks leverage");
    select_relation(&mut m, leverage);
    press(&mut m, "l");
    assert_eq!(m.focus, Pane::Claims);
    let n = m.claims.len();
    assert_eq!(n, 4);
    press(&mut m, "j");
    assert_eq!(m.claim, 1);
    press(&mut m, "G");
    assert_eq!(m.claim, n - 1);
    let scrolled = m.claim_scroll;
    assert!(scrolled > 0, "the last card is scrolled into view");
    press(&mut m, "g");
    assert_eq!((m.claim, m.claim_scroll), (0, 0));
    press(&mut m, "PageDown");
    assert!(m.claim_scroll > 0);
    press(&mut m, "PageDown PageDown PageDown PageDown PageDown");
    let max = m.claim_scroll;
    press(&mut m, "PageDown");
    assert_eq!(m.claim_scroll, max, "stops at the end");
    press(&mut m, "PageUp PageUp PageUp PageUp PageUp PageUp PageUp");
    assert_eq!(m.claim_scroll, 0);
    check_invariants(&m);
}

#[test]
fn panes_cycle_with_tab_and_h_l() {
    let mut m = bundled();
    let seq = [
        ("Tab", Pane::Relations),
        ("Tab", Pane::Claims),
        ("Tab", Pane::Actors),
        ("BackTab", Pane::Claims),
        ("h", Pane::Relations),
        ("Left", Pane::Actors),
        ("l", Pane::Relations),
        ("Right", Pane::Claims),
    ];
    for (k, p) in seq {
        press(&mut m, k);
        assert_eq!(m.focus, p, "after {k}");
    }
}

// ───────────────────────────── resizing ─────────────────────────────

#[test]
fn resizing_to_tiny_and_back_keeps_the_selection() {
    let mut m = bundled();
    press(&mut m, "G k Tab j l j");
    let place = m.place();
    let screen = render_text(&m);
    for (w, h) in [
        (30, 8),
        (1, 1),
        (0, 0),
        (39, 10),
        (40, 9),
        (40, 10),
        (59, 10),
        (60, 10),
        (119, 40),
        (500, 200),
        (80, 24),
    ] {
        m.update(Action::Resize(w, h));
        assert_eq!(m.place(), place, "at {w}x{h}");
        let _ = render_text(&m);
        // Keys while tiny do not panic.
        let mut n = m.clone_for_test();
        press(&mut n, "j k PageDown PageUp G g Tab BackTab");
        let _ = render_text(&n);
        check_invariants(&n);
    }
    // Back at 80×24: the same place, and the selected claim still on screen
    // (the claims pane may scroll differently after passing through a size
    // where everything fitted).
    let now = render_text(&m);
    let number = format!("{:>2}. ", m.claim + 1);
    assert!(
        now.contains(&number),
        "selected claim {number:?} not shown:\n{now}"
    );
    assert_eq!(now.lines().next(), screen.lines().next());
}

/// `Model` is not `Clone`; rebuilds one in the same state by replaying.
trait CloneForTest {
    fn clone_for_test(&self) -> Model;
}

impl CloneForTest for Model {
    fn clone_for_test(&self) -> Model {
        let mut m = Model::new(
            (*self.chart).clone(),
            Some(self.filter.clone()),
            Theme::mono(),
            self.width,
            self.height,
        );
        m.go(self.place());
        m
    }
}

#[test]
fn overlays_survive_resizing() {
    for keys in ["/gov", "s G", "? G"] {
        let mut m = bundled();
        press(&mut m, keys);
        let mode = m.mode();
        for (w, h) in [(30, 8), (0, 0), (45, 12), (200, 60), (80, 24)] {
            m.update(Action::Resize(w, h));
            assert_eq!(m.mode(), mode);
            let _ = render_text(&m);
            press(&mut m, "Down Up");
        }
        let _ = render_text(&m);
    }
}

#[test]
fn narrow_layout_shows_only_the_focused_pane() {
    let mut m = load(BUNDLED_NAME, BUNDLED, 50, 20);
    let a = m.areas().unwrap();
    assert!(a.actors.is_some() && a.relations.is_none() && a.claims.is_none());
    press(&mut m, "Tab");
    let a = m.areas().unwrap();
    assert!(a.actors.is_none() && a.relations.is_some());
    let text = render_text(&m);
    assert!(text.contains("Relations of GOT"), "{text}");
    press(&mut m, "Tab");
    let (a, b) = m.chart.ends(selected_rel(&m).unwrap());
    let d = &m.chart.dossier;
    let title = format!("{} → {}", d.actors[a].id, d.actors[b].id);
    let text = render_text(&m);
    assert!(text.contains(&title), "{title}:\n{text}");
    assert!(!text.contains("Relations of GOT"), "one pane at a time");
    // Paging in the narrow relations pane.
    press(&mut m, "BackTab PageDown");
    assert!(m.rel.sel > 0);
    check_invariants(&m);
}

// ─────────────────────────── robustness ───────────────────────────

/// Every key of every mode, in a fixed pseudo-random order, at several
/// sizes, on both dossiers: no panic, invariants kept, and only `q` in the
/// main view or `C-c` quit.
#[test]
fn random_key_sequences_keep_the_model_consistent() {
    let keys = parse_keys(
        "j k g G h l H L Tab BackTab Enter Backspace Esc Space a s ? F1 / x PageDown PageUp \
         Home End Up Down Left Right C-d C-u C-n C-p C-w q C-c",
    )
    .unwrap();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for run in 0..60 {
        let mut m = if run % 2 == 0 { bundled() } else { second() };
        for step in 0..300 {
            let r = next();
            if r % 40 == 0 {
                let w = (next() % 200) as u16;
                let h = (next() % 70) as u16;
                m.update(Action::Resize(w, h));
            } else {
                let k = keys[(r as usize / 7) % keys.len()];
                let mode = m.mode();
                m.handle_key(k);
                let ks = k.to_string();
                if m.quit {
                    assert!(
                        ks == "C-c" || (ks == "q" && mode == Mode::Main),
                        "{ks} quit in {mode:?}"
                    );
                    break;
                }
            }
            if step % 25 == 0 {
                let _ = render_text(&m);
            }
            check_invariants(&m);
        }
    }
}

/// Typos other than left-out letters: transposed (`isreal`, `quais`) or
/// wrong (`libia`) letters. Skim matching needs every typed letter, in
/// order, so these miss the actor or find nothing.
#[test]
fn find_tolerates_transposed_and_wrong_letters() {
    let m = bundled();
    for (q, id) in [
        ("isreal", "GOI"),
        ("goverment of isreal", "GOI"),
        ("libia", "LBY"),
        ("quais said", "SAID"),
    ] {
        let hits = find(&m, q);
        assert_eq!(
            hits.first().map(|h| h.1),
            Some(Target::Actor(actor(&m, id))),
            "`{q}`: {:?}",
            &hits[..hits.len().min(3)]
        );
    }
}

// ─────────────────────────── problems ───────────────────────────

/// Problems whose messages do not fit on one row of 80 columns.
fn long_problems() -> Vec<linkchart::dossier::Diagnostic> {
    use linkchart::dossier::Diagnostic;
    (1..=3)
        .map(|k| {
            Diagnostic::warning(
                "reports/analysis.ron",
                format!(
                    "actor `BHX{k}` is written like `BHR` and `BHRN`, both of which are actors \
                     of this chart already; did you mean `BHR`?"
                ),
            )
            .at(40 + k, 7)
            .in_context(format!("relation GOT → BHX{k} \"cooperation\""))
        })
        .collect()
}

/// The text of `screen`'s rows, joined with spaces: inside an overlay's
/// frame when there is one, without the problems bar's hint; a wrapped
/// message reads back as one text.
fn joined(screen: &str) -> String {
    screen
        .lines()
        .map(|l| match (l.find('║'), l.rfind('║')) {
            (Some(a), Some(b)) if a < b => &l[a + '║'.len_utf8()..b],
            _ => l,
        })
        .map(|l| l.replace(" E list", ""))
        .map(|l| {
            l.trim_matches(|c: char| c == '▸' || c.is_whitespace())
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_selected_problem_is_shown_in_full_the_others_on_one_row() {
    let mut m = bundled();
    m.live.warnings = long_problems();
    press(&mut m, "E j");
    let screen = render_text(&m);
    // The second problem, selected, is there to its last word.
    let whole = long_problems()[1].to_string();
    assert!(
        joined(&screen).contains(&whole.replace("  ", " ")),
        "not in full:\n{screen}"
    );
    // The others keep one row each, cut.
    for k in [1, 3] {
        let rows: Vec<&str> = screen
            .lines()
            .filter(|l| l.contains(&format!("→ BHX{k} ")))
            .collect();
        assert_eq!(rows.len(), 1, "{screen}");
        assert!(rows[0].contains('…'), "{screen}");
    }
    // Moving on wraps the next one instead; the list still scrolls.
    press(&mut m, "j");
    let screen = render_text(&m);
    assert!(
        joined(&screen).contains("BHX3` is written like"),
        "{screen}"
    );
    assert!(
        joined(&screen).contains(&long_problems()[2].message),
        "{screen}"
    );
}

#[test]
fn the_problems_bar_shows_the_whole_first_problem() {
    let mut m = bundled();
    let errors: Vec<_> = long_problems()
        .into_iter()
        .map(|mut d| {
            d.severity = dossier::Severity::Error;
            d
        })
        .collect();
    let errors_first = errors[0].to_string();
    m.reloaded(&["reports/analysis.ron".into()], Err(errors));
    let screen = render_text(&m);
    let bar: Vec<&str> = screen
        .lines()
        .skip_while(|l| !l.contains("3 errors"))
        .collect();
    let bar = joined(&bar[..bar.len() - 1].join("\n"));
    let whole = format!("3 errors {}", errors_first);
    assert!(bar.contains(&whole), "cut off:\n{screen}");
    // The panes give up the rows it takes, and it fits the screen.
    assert_eq!(screen.lines().count(), 24, "{screen}");
    check_invariants(&m);
}

#[test]
fn the_title_bar_counts_the_charts_warnings() {
    let mut m = bundled();
    let title = |m: &Model| render_text(m).lines().next().unwrap().to_string();
    assert!(!title(&m).contains("warning"), "{}", title(&m));
    m.live.warnings = long_problems();
    assert!(title(&m).contains("3 warnings"), "{}", title(&m));
    m.live.warnings.truncate(1);
    assert!(title(&m).contains("1 warning "), "{}", title(&m));
}
