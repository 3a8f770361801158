//! The timeline view: snapshots at 80×24 and 120×40 on the bundled dossier
//! and on one whose claims span four decades, with and without a date
//! range, and a range narrowed with `[` and `]`; then what its keys do.
//!
//! Regenerate with `INSTA_UPDATE=always cargo test --release --test timeline`
//! and read every changed `.snap` before committing it.

use linkchart::dates::{Date, Range};
use linkchart::dossier::{self, BUNDLED};
use linkchart::filter::Filter;
use linkchart::graph::Chart;
use linkchart::tui::Model;
use linkchart::tui::keymap::{Mode, parse_keys};
use linkchart::tui::model::Pane;
use linkchart::tui::model::timeline::{Row, TimelineScope};
use linkchart::tui::render::render_text;
use linkchart::tui::theme::Theme;
use unicode_width::UnicodeWidthStr;

const DECADES: &str = include_str!("data/decades.ron");

/// The model of `text` at `size` with the date range `since`–`until`
/// (empty: open) after pressing `keys`.
fn model(text: &str, size: (u16, u16), range: (&str, &str), keys: &str) -> Model {
    let chart = Chart::new(dossier::load_str("t.ron", text).expect("loads").dossier);
    let mut f = Filter::all(&chart);
    let date = |s: &str| (!s.is_empty()).then(|| Date::parse(s).expect("a date"));
    f.dates = Range::new(date(range.0), date(range.1)).expect("a range");
    let mut m = Model::new(chart, Some(f), Theme::mono(), size.0, size.1);
    for k in parse_keys(keys).expect("keys parse") {
        m.handle_key(k);
        assert!(!m.quit, "`{keys}` should not quit");
    }
    m
}

fn snap(name: &str, text: &str, range: (&str, &str), keys: &str) {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let screen = render_text(&model(text, (w, h), range, keys));
        let rows: Vec<&str> = screen.lines().collect();
        assert_eq!(rows.len(), h as usize);
        assert!(rows.iter().all(|r| r.width() <= w as usize), "{screen}");
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_description(format!("{w}x{h}, range {range:?}, keys: {keys:?}"));
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(format!("timeline_{name}_{w}x{h}"), screen));
    }
}

#[test]
fn snapshots() {
    let open = ("", "");
    snap("bundled_actor", BUNDLED, open, "t j");
    snap("bundled_whole_chart", BUNDLED, open, "T G");
    snap("decades_whole_chart", DECADES, open, "T");
    snap("decades_actor_egypt", DECADES, open, "j t j j");
    snap(
        "decades_whole_chart_range",
        DECADES,
        ("2020-09", "2020-10"),
        "T",
    );
    snap("decades_actor_israel_range", DECADES, ("1990", "2000"), "t");
    // From the Oslo accords (the 6th claim) to Mauritania's ties (the 11th).
    snap(
        "decades_narrowed",
        DECADES,
        open,
        "T j j j j j [ j j j j j ]",
    );
}

#[test]
fn keys_move_go_and_set_the_range() {
    let m = model(DECADES, (80, 24), ("", ""), "T");
    assert_eq!(m.mode(), Mode::Timeline);
    let t = m.timeline.as_ref().unwrap();
    assert_eq!(t.scope, TimelineScope::Chart);
    assert_eq!(t.chronology.dated.len(), 25);
    assert_eq!(t.chronology.undated, 4);
    // Year headings are never selected: j from the last claim of 1978 goes
    // to 1979's claim.
    assert!(matches!(
        t.rows[0],
        Row::Year {
            year: 1978,
            claims: 2
        }
    ));
    let m = model(DECADES, (80, 24), ("", ""), "T j j");
    let t = m.timeline.as_ref().unwrap();
    assert!(matches!(t.rows[t.cur.sel], Row::Claim(_)));
    assert_eq!(
        m.chart.date_of(t.selected().unwrap()).unwrap().text,
        "1979-03-26"
    );
    let m = model(DECADES, (80, 24), ("", ""), "T G k g");
    assert_eq!(m.timeline.as_ref().unwrap().cur.sel, 1);

    // [ and ] set the range everywhere: the title bar, the counts.
    let m = model(DECADES, (80, 24), ("", ""), "T j j j j j [ j j j j j ]");
    assert_eq!(m.filter.dates.to_string(), "1993-09-13 – 1999-10-28");
    assert_eq!(m.counts.visible_claims, 6);
    assert_eq!(m.counts.undated_hidden, 4);
    let title = render_text(&m).lines().next().unwrap().to_string();
    assert!(
        title.ends_with("1993-09-13 – 1999-10-28 · 6/29 claims · 4 undated hidden"),
        "{title}"
    );
    // The selected claim stays selected as the list narrows.
    let t = m.timeline.as_ref().unwrap();
    assert_eq!(
        m.chart.date_of(t.selected().unwrap()).unwrap().text,
        "1999-10-28"
    );
    // Each end keeps its own precision: a month inside a year.
    let m = model(DECADES, (80, 24), ("", "1980"), "T G [");
    assert_eq!(m.filter.dates.to_string(), "1980-02 – 1980");
    // F clears every filter, the range too; Esc closes.
    let m = model(DECADES, (80, 24), ("2020", ""), "T F");
    assert!(m.filter.is_empty());
    assert_eq!(m.timeline.as_ref().unwrap().chronology.dated.len(), 25);
    assert!(
        model(DECADES, (80, 24), ("", ""), "T Esc")
            .timeline
            .is_none()
    );
    assert!(model(DECADES, (80, 24), ("", ""), "T T").timeline.is_none());
    assert!(model(DECADES, (80, 24), ("", ""), "t t").timeline.is_none());
    let m = model(DECADES, (80, 24), ("", ""), "t T");
    assert_eq!(m.timeline.as_ref().unwrap().scope, TimelineScope::Chart);

    // Enter goes to the claim in its relation.
    let m = model(DECADES, (80, 24), ("", ""), "j t j j Enter");
    assert!(m.timeline.is_none());
    assert_eq!(m.focus, Pane::Claims);
    let (r, c) = m.selected_claim().unwrap();
    assert_eq!(m.chart.dossier.actors[m.selected_actor()].id, "EGY");
    assert_eq!(m.chart.claim_date(r, c).unwrap().text, "1979-03-26");
    // Backspace comes back to where the timeline was opened from.
    let m = model(DECADES, (80, 24), ("", ""), "j t j j Enter Backspace");
    assert_eq!(m.chart.dossier.actors[m.selected_actor()].id, "EGY");
}

#[test]
fn the_open_path_has_its_own_timeline() {
    // Egypt to Morocco goes through Israel (3 and 4 dated claims) or the
    // United States (1 and 1, and an undated assessment).
    let m = model(DECADES, (100, 30), ("", ""), "j p morocco<Enter> t");
    let t = m.timeline.as_ref().unwrap();
    assert_eq!(t.scope, TimelineScope::Path);
    assert_eq!(t.chronology.dated.len(), 3 + 4 + 1 + 1);
    assert_eq!(t.chronology.undated, 2);
    let screen = render_text(&m);
    assert!(screen.contains("Timeline · path EGY → MAR"), "{screen}");
}

#[test]
fn b_in_the_timeline_writes_its_chronology() {
    use linkchart::tui::model::Effect;
    // An actor's timeline: its chronology, under the date range in force.
    let m = model(DECADES, (100, 30), ("2000", ""), "/morocco<Enter> t b");
    let [Effect::WriteBriefing { stem, markdown: md }] = m.effects.as_slice() else {
        panic!("expected one briefing: {:?} {:?}", m.effects, m.message);
    };
    assert_eq!(stem, "mar-timeline");
    assert!(md.starts_with("# Chronology: Kingdom of Morocco"), "{md}");
    assert!(md.contains("## 2020"), "{md}");
    assert!(!md.contains("## 1994"), "the range starts in 2000:\n{md}");
    // The same text as `linkchart timeline --actor MAR --since 2000`.
    let counts = linkchart::filter::Counts::compute(&m.chart, &m.filter);
    let scope = linkchart::export::Scope::Actor {
        actor: m.chart.actor_ix("MAR").unwrap(),
        depth: 1,
    };
    let expected = linkchart::export::chronology(&m.chart, &m.filter, &counts, &scope, &m.today);
    assert_eq!(Some(md.clone()), expected);
    // Nothing dated under the range: nothing written, and it says so.
    let m = model(DECADES, (100, 30), ("2000", ""), "j t b");
    assert!(m.effects.is_empty(), "{:?}", m.effects);
    assert_eq!(
        m.message.as_deref(),
        Some("no dated claim to write under the filters")
    );
    // The path's timeline is named after its ends.
    let m = model(DECADES, (100, 30), ("", ""), "j p morocco<Enter> t b");
    assert!(
        matches!(m.effects.as_slice(), [Effect::WriteBriefing { stem, .. }] if stem == "egy-mar-timeline"),
        "{:?}",
        m.effects
    );
}
