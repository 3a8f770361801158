//! Snapshots of the explorer's screen as plain text, driven by keys, at
//! 80×24 and 120×40, on the bundled dossier and on a second one; and
//! property checks of the styled buffer (cursor reversed, NO_COLOR emits no
//! colour).
//!
//! Regenerate with `INSTA_UPDATE=always cargo test --release --test snapshots`
//! and read every changed `.snap` before committing it.

use linkchart::dossier::{self, BUNDLED, BUNDLED_NAME};
use linkchart::graph::Chart;
use linkchart::tui::Model;
use linkchart::tui::keymap::parse_keys;
use linkchart::tui::layout;
use linkchart::tui::model::Pane;
use linkchart::tui::render::{buffer_text, render_buffer, render_text};
use linkchart::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

const SECOND: &str = include_str!("data/second.ron");
const SECOND_NAME: &str = "tests/data/second.ron";
const HOSTILE: &str = include_str!("data/hostile.ron");
const HOSTILE_NAME: &str = "tests/data/hostile.ron";

#[derive(Clone, Copy)]
enum Doc {
    Bundled,
    Second,
    Hostile,
}

impl Doc {
    fn text(self) -> (&'static str, &'static str) {
        match self {
            Doc::Bundled => (BUNDLED_NAME, BUNDLED),
            Doc::Second => (SECOND_NAME, SECOND),
            Doc::Hostile => (HOSTILE_NAME, HOSTILE),
        }
    }
}

/// A model of `doc` at `w`×`h` after pressing `keys` (keymap notation), as
/// `linkchart render` builds it.
fn model(doc: Doc, theme: Theme, (w, h): (u16, u16), keys: &str) -> Model {
    let (name, text) = doc.text();
    let loaded = dossier::load_str(name, text).unwrap_or_else(|d| panic!("{name} loads: {d:?}"));
    let mut m = Model::new(Chart::new(loaded.dossier), None, theme, w, h);
    for k in parse_keys(keys).expect("keys parse") {
        m.handle_key(k);
        assert!(!m.quit, "`{keys}` should not quit");
    }
    m
}

fn screen(doc: Doc, size: (u16, u16), keys: &str) -> String {
    render_text(&model(doc, Theme::mono(), size, keys))
}

/// Snapshots `keys` on `doc` at 80×24 and 120×40, named `{name}_{W}x{H}`.
fn check(name: &str, doc: Doc, keys: &str) {
    for size in [(80, 24), (120, 40)] {
        check_at(name, doc, size, keys);
    }
}

fn check_at(name: &str, doc: Doc, (w, h): (u16, u16), keys: &str) {
    let text = screen(doc, (w, h), keys);
    assert_fits(&text, w, h);
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_description(format!("{} at {w}x{h}, keys: {keys:?}", doc.text().0));
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(format!("{name}_{w}x{h}"), text));
}

/// Every row is at most the terminal's width, and there are `h` rows.
fn assert_fits(text: &str, w: u16, h: u16) {
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), h as usize, "row count:\n{text}");
    for r in rows {
        assert!(r.width() <= w as usize, "row wider than {w}: {r:?}");
    }
}

macro_rules! screens {
    ($($name:ident: $doc:expr, $keys:expr;)*) => {$(
        #[test]
        fn $name() {
            check(stringify!($name), $doc, $keys);
        }
    )*};
}

screens! {
    // The bundled dossier.
    bundled_first_screen: Doc::Bundled, "";
    bundled_actors_down_twice: Doc::Bundled, "j j";
    bundled_actors_bottom: Doc::Bundled, "G";
    bundled_actors_bottom_then_up: Doc::Bundled, "G k";
    bundled_relations_focused: Doc::Bundled, "Tab";
    bundled_relations_third_selected: Doc::Bundled, "Tab j j";
    bundled_claims_focused_second_claim: Doc::Bundled, "l l j";
    bundled_claims_last_claim: Doc::Bundled, "l l G";
    bundled_follow_relation_to_goi: Doc::Bundled, "Tab Enter";
    bundled_follow_then_back: Doc::Bundled, "Tab Enter Backspace";
    bundled_find_typing_dubai: Doc::Bundled, "/dubai";
    bundled_find_dubai_jumped: Doc::Bundled, "/dubai<Enter>";
    bundled_find_no_match: Doc::Bundled, "/zzzqqq";
    bundled_sources_panel_open: Doc::Bundled, "s";
    bundled_sources_assessment_toggled_off: Doc::Bundled, "s j j j <Space>";
    bundled_sources_assessment_off_panel_closed: Doc::Bundled, "s j j j <Space> Esc";
    bundled_sources_none_selected: Doc::Bundled, "s a";
    bundled_sources_none_panel_closed: Doc::Bundled, "s a Esc";
    bundled_help_open: Doc::Bundled, "?";
    bundled_help_scrolled_to_bottom: Doc::Bundled, "? G";

    // A dossier the explorer was not written for: Arabic and CJK aliases,
    // a self-relation, sources of kind Other.
    second_first_screen: Doc::Second, "";
    second_actors_sca_selected: Doc::Second, "j j j j j";
    second_relations_of_sca_second: Doc::Second, "j j j j j Tab j";
    second_claims_compensation: Doc::Second, "j Tab l";
    second_follow_compensation_to_sca: Doc::Second, "j Tab Enter";
    second_follow_then_back: Doc::Second, "j Tab Enter Backspace";
    second_self_relation_lines: Doc::Second, "G Tab";
    second_find_typing_cjk_alias: Doc::Second, "/長賜";
    second_find_rabie_jumped: Doc::Second, "/rabie<Enter>";
    second_sources_editor_toggled_off: Doc::Second, "s G <Space>";
    second_sources_editor_off_panel_closed: Doc::Second, "s G <Space> Esc";
    second_sources_only_court: Doc::Second, "s a j <Space> Esc";

    // Names and texts built to break layouts: very long, wide, right to
    // left, combining, control characters.
    hostile_first_screen: Doc::Hostile, "";
    hostile_relations_focused: Doc::Hostile, "Tab";
    hostile_claims_focused: Doc::Hostile, "Tab l";
    hostile_find: Doc::Hostile, "/a";
}

#[test]
fn too_small_terminal_says_so() {
    check_at("bundled_too_small", Doc::Bundled, (30, 8), "");
    let text = screen(Doc::Bundled, (30, 8), "");
    assert!(text.contains("too small"), "{text}");
    // Keys pressed while too small do not panic, and the message stays.
    let text = screen(
        Doc::Bundled,
        (30, 8),
        "j Tab Enter / a Esc s Space Esc ? Esc",
    );
    assert!(text.contains("too small"), "{text}");
}

#[test]
fn screens_that_should_be_identical() {
    let b = |keys: &str| screen(Doc::Bundled, (80, 24), keys);
    // Down to the bottom and back up to the top is where we started.
    assert_eq!(b("G g"), b(""));
    assert_eq!(b("j j k k"), b(""));
    // `h` from the claims pane is the relations pane, as Tab from actors.
    assert_eq!(b("l l h"), b("Tab"));
    assert_eq!(b("Tab Tab BackTab"), b("Tab"));
    // Following and coming back restores the screen.
    assert_eq!(b("Tab Enter Backspace"), b("Tab"));
    // Cancelling find or closing help or sources leaves the screen as it was.
    assert_eq!(b("/dubai Esc"), b(""));
    assert_eq!(b("? Esc"), b(""));
    assert_eq!(b("s Esc"), b(""));
    // All sources off and on again changes nothing. (Toggling one source
    // off and on may leave the claims pane scrolled to another claim: the
    // claim selected while the first was hidden stays selected.)
    assert_eq!(b("s a a Esc"), b(""));
}

#[test]
fn source_filter_shows_in_title() {
    let text = screen(Doc::Bundled, (80, 24), "s j j j <Space> Esc");
    let title = text.lines().next().unwrap();
    assert!(title.contains("sources 4/5"), "{title}");
    let text = screen(Doc::Bundled, (80, 24), "s a Esc");
    let title = text.lines().next().unwrap();
    assert!(title.contains("sources 0/5"), "{title}");
    assert!(title.contains("0/50 claims"), "{title}");
    let text = screen(Doc::Bundled, (80, 24), "");
    assert!(text.lines().next().unwrap().contains("all sources"));
}

/// The row of `pane`'s cursor (`▸` in the pane's first inner column).
fn cursor_row(buf: &Buffer, pane: Rect) -> u16 {
    let inner = layout::inner(pane);
    (inner.y..inner.y + inner.height)
        .find(|&y| buf[(inner.x, y)].symbol() == "▸")
        .unwrap_or_else(|| panic!("no cursor in pane at {pane:?}:\n{}", buffer_text(buf)))
}

fn row_has(buf: &Buffer, pane: Rect, y: u16, m: Modifier) -> bool {
    let inner = layout::inner(pane);
    (inner.x..inner.x + inner.width).all(|x| buf[(x, y)].modifier.contains(m))
}

#[test]
fn focused_cursor_row_is_reversed_and_bold_in_colour_theme() {
    for (w, h) in [(80, 24), (120, 40)] {
        // Actors focused; the relations cursor is shown too, unfocused.
        let m = model(Doc::Bundled, Theme::color(), (w, h), "j");
        let buf = render_buffer(&m);
        let a = m.areas().unwrap();
        let actors = a.actors.unwrap();
        let rels = a.relations.unwrap();
        let y = cursor_row(&buf, actors);
        assert_eq!(y, layout::inner(actors).y + 1, "second actor selected");
        assert!(row_has(&buf, actors, y, Modifier::REVERSED));
        assert!(row_has(&buf, actors, y, Modifier::BOLD));
        let other = y + 1;
        assert!(!row_has(&buf, actors, other, Modifier::REVERSED));
        let y = cursor_row(&buf, rels);
        assert!(row_has(&buf, rels, y, Modifier::REVERSED));
        assert!(
            !row_has(&buf, rels, y, Modifier::BOLD),
            "the unfocused cursor is not bold"
        );
        // The focused pane's border is coloured.
        assert_eq!(buf[(actors.x, actors.y)].fg, Color::Cyan);

        // Relations focused.
        let m = model(Doc::Bundled, Theme::color(), (w, h), "Tab j");
        let buf = render_buffer(&m);
        let rels = m.areas().unwrap().relations.unwrap();
        let y = cursor_row(&buf, rels);
        assert_eq!(y, layout::inner(rels).y + 1);
        assert!(row_has(&buf, rels, y, Modifier::REVERSED | Modifier::BOLD));
    }
}

#[test]
fn colour_theme_uses_colour_somewhere() {
    let m = model(Doc::Bundled, Theme::color(), (120, 40), "");
    let buf = render_buffer(&m);
    assert!(buf.content.iter().any(|c| c.fg != Color::Reset));
}

/// With NO_COLOR (`Theme::mono`), no cell carries a colour: crossterm's
/// colour reset also resets attributes, so none may be emitted at all.
#[test]
fn mono_theme_has_no_colour_on_any_screen() {
    let keys = [
        "",
        "j",
        "Tab j",
        "l l j",
        "/dubai",
        "/zzzqqq",
        "s",
        "s j j j <Space>",
        "s j j j <Space> Esc",
        "s a Esc",
        "?",
        "? G",
        "Tab Enter",
    ];
    for doc in [Doc::Bundled, Doc::Second, Doc::Hostile] {
        for size in [(80, 24), (120, 40), (50, 12), (30, 8)] {
            for k in keys {
                let m = model(doc, Theme::mono(), size, k);
                let buf = render_buffer(&m);
                for (i, c) in buf.content.iter().enumerate() {
                    assert!(
                        c.fg == Color::Reset && c.bg == Color::Reset,
                        "cell {i} of {size:?} `{k}` has fg {:?} bg {:?}",
                        c.fg,
                        c.bg
                    );
                }
            }
        }
    }
}

/// The cursor shows without colour: `▸` in the focused pane, reversed.
#[test]
fn mono_cursor_is_marked_and_reversed() {
    let m = model(Doc::Bundled, Theme::mono(), (80, 24), "Tab j j");
    let buf = render_buffer(&m);
    assert_eq!(m.focus, Pane::Relations);
    let rels = m.areas().unwrap().relations.unwrap();
    let y = cursor_row(&buf, rels);
    assert_eq!(y, layout::inner(rels).y + 2);
    assert!(row_has(&buf, rels, y, Modifier::REVERSED | Modifier::BOLD));
}

/// Rendering is a pure function of the model: twice the same text.
#[test]
fn rendering_is_deterministic() {
    for doc in [Doc::Bundled, Doc::Second, Doc::Hostile] {
        let a = screen(doc, (120, 40), "/a");
        let b = screen(doc, (120, 40), "/a");
        assert_eq!(a, b);
        let m = model(doc, Theme::mono(), (80, 24), "Tab j l");
        assert_eq!(render_text(&m), render_text(&m));
    }
}

/// The line under a claim (confidence · cite · date) is cut at the pane's
/// edge instead of wrapping, so the date is lost or truncated
/// (`· 2021-04-1` at 80×24, nothing at 120×40).
#[test]
fn claim_date_is_shown_in_full() {
    for size in [(80, 24), (120, 40)] {
        let text = screen(Doc::Second, size, "/rabie<Enter>");
        assert!(text.contains("2021-04-12"), "{size:?}:\n{text}");
        let text = screen(Doc::Second, size, "");
        assert!(text.contains("2021-04-13"), "{size:?}:\n{text}");
    }
}

#[test]
fn find_title_counts_one_hit_in_the_singular() {
    let text = screen(Doc::Second, (80, 24), "/長賜");
    assert!(text.contains("Find · 1 hit "), "{text}");
}
