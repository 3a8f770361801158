//! Issue 6, item 2: no panic on any input, as property tests.
//!
//! - The loader and validator on mutated real dossiers: a `Result`, never a
//!   panic; every diagnostic's line and column lie within the text; what
//!   loads is sanitised and can be explored.
//! - The key notation parser on any string, and its round trip.
//! - The explorer driven by random keys and resizes keeps its invariants.
//!
//! Case counts keep the whole file under about 20 s in release
//! (`cargo test --release --test props`); `PROPTEST_CASES` raises them for
//! a longer run. The fuzz targets under fuzz/ do the same open-ended.

use proptest::prelude::*;
use proptest::sample::Index;

use linkchart::dossier::{self, BUNDLED, Diagnostic};
use linkchart::graph::Chart;
use linkchart::sanitize::sanitize;
use linkchart::tui::Model;
use linkchart::tui::action::Action;
use linkchart::tui::keymap::{Key, Mode, parse_keys};
use linkchart::tui::model::Overlay;
use linkchart::tui::render::render_buffer;
use linkchart::tui::theme::Theme;

const SECOND: &str = include_str!("data/second.ron");
const HOSTILE: &str = include_str!("data/hostile.ron");
const VARIANTS: &str = include_str!("data/valid/variants.ron");

/// Cases per property, unless `PROPTEST_CASES` says otherwise.
fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    ProptestConfig {
        cases: n,
        // Shrinking a dossier is slow and the failing input is printed
        // whole anyway.
        max_shrink_iters: 200,
        // Failures are printed, not saved beside the sources.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ═════════════════════════════ the loader ═════════════════════════════

/// Pieces of RON syntax (and of the dossier format) worth splicing in.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "#",
    "r#\"",
    "\"#",
    "r\"",
    "b\"",
    "/*",
    "*/",
    "//",
    "\\",
    "\\u{",
    "\\u{1b}",
    "\\u{d800}",
    "\\x",
    "Some(",
    "None",
    "()",
    "[]",
    "#![enable(implicit_some)]",
    "#![enable(unwrap_newtypes)]",
    "\n",
    "\r",
    "\r\n",
    "\u{feff}",
    "\u{202e}",
    "\x1b[2J",
    "-",
    "+",
    ".",
    "0",
    "-1",
    "7",
    "255",
    "256",
    "1e999",
    "0x1F",
    "1_000",
    "NaN",
    "inf",
    "true",
    "false",
    "Other(",
    "Other(\"x\")",
    "Dossier(",
    "Actor(",
    "Source(",
    "Relation(",
    "Claim(",
    "Report(",
    "id: \"GOT\"",
    "id: \"GOT\",",
    "title: \"\"",
    "sources: []",
    "claims: []",
    "actors: []",
    "relations: []",
    "reports: []",
    "aliases: [\"\"]",
    "credibility: 0",
    "credibility: 6",
    "reliability: G",
    "kind: State",
    "date: \"2024-13-40\"",
    "from: \"X\"",
    "to: \"GOT\"",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteBytes(Index, u8),
    InsertBytes(Index, Vec<u8>),
    ReplaceByte(Index, u8),
    DeleteChars(Index, u8),
    InsertText(Index, String),
    ReplaceChar(Index, char),
    InsertToken(Index, Index),
    DuplicateLine(Index),
    DeleteLine(Index),
    SwapLines(Index, Index),
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => (any::<Index>(), 1..16u8).prop_map(|(i, n)| Mutation::DeleteBytes(i, n)),
        1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| Mutation::InsertBytes(i, b)),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::ReplaceByte(i, b)),
        1 => (any::<Index>(), 1..32u8).prop_map(|(i, n)| Mutation::DeleteChars(i, n)),
        1 => (any::<Index>(), "\\PC{0,8}").prop_map(|(i, s)| Mutation::InsertText(i, s)),
        1 => (any::<Index>(), any::<char>()).prop_map(|(i, c)| Mutation::ReplaceChar(i, c)),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(i, t)| Mutation::InsertToken(i, t)),
        1 => (any::<Index>()).prop_map(Mutation::DuplicateLine),
        2 => (any::<Index>()).prop_map(Mutation::DeleteLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => (any::<Index>()).prop_map(Mutation::Truncate),
    ]
}

/// Applies the mutations to the bytes of `base`.
fn mutate(base: &str, ms: &[Mutation]) -> Vec<u8> {
    let mut b = base.as_bytes().to_vec();
    for m in ms {
        let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
        match m {
            Mutation::DeleteBytes(i, n) => {
                let s = at(i, b.len());
                let e = (s + *n as usize).min(b.len());
                b.drain(s..e);
            }
            Mutation::InsertBytes(i, bytes) => {
                let s = at(i, b.len());
                b.splice(s..s, bytes.iter().copied());
            }
            Mutation::ReplaceByte(i, byte) => {
                if !b.is_empty() {
                    let s = i.index(b.len());
                    b[s] = *byte;
                }
            }
            Mutation::DeleteChars(..)
            | Mutation::InsertText(..)
            | Mutation::ReplaceChar(..)
            | Mutation::InsertToken(..) => {
                // Character-level edits on the text as it now reads.
                let mut t = String::from_utf8_lossy(&b).into_owned();
                let boundary = |t: &str, i: &Index| t.floor_char_boundary(at(i, t.len()));
                match m {
                    Mutation::DeleteChars(i, n) => {
                        let s = boundary(&t, i);
                        let e = t[s..]
                            .char_indices()
                            .nth(*n as usize)
                            .map_or(t.len(), |(k, _)| s + k);
                        t.replace_range(s..e, "");
                    }
                    Mutation::InsertText(i, s) => {
                        let k = boundary(&t, i);
                        t.insert_str(k, s);
                    }
                    Mutation::ReplaceChar(i, c) => {
                        let k = boundary(&t, i);
                        if let Some(old) = t[k..].chars().next() {
                            t.replace_range(k..k + old.len_utf8(), c.encode_utf8(&mut [0; 4]));
                        }
                    }
                    Mutation::InsertToken(i, tok) => {
                        let k = boundary(&t, i);
                        t.insert_str(k, TOKENS[tok.index(TOKENS.len())]);
                    }
                    _ => unreachable!(),
                }
                b = t.into_bytes();
            }
            Mutation::DuplicateLine(i) | Mutation::DeleteLine(i) | Mutation::SwapLines(i, _) => {
                let mut lines: Vec<Vec<u8>> =
                    b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
                let n = lines.len();
                let k = i.index(n);
                match m {
                    Mutation::DuplicateLine(_) => {
                        let l = lines[k].clone();
                        lines.insert(k, l);
                    }
                    Mutation::DeleteLine(_) => {
                        lines.remove(k);
                    }
                    Mutation::SwapLines(_, j) => lines.swap(k, j.index(n)),
                    _ => unreachable!(),
                }
                b = lines.join(&b'\n');
            }
            Mutation::Truncate(i) => {
                let s = at(i, b.len());
                b.truncate(s);
            }
        }
    }
    b
}

/// Every diagnostic lies within `text`: a line that exists and a column
/// at most one past the end of that line (in characters).
fn check_positions(text: &str, diags: &[Diagnostic]) -> Result<(), TestCaseError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = body.split('\n').collect();
    prop_assert!(!diags.is_empty(), "an error without a diagnostic");
    prop_assert!(diags.iter().any(Diagnostic::is_error));
    for d in diags {
        prop_assert_eq!(d.col.is_some(), d.line.is_some(), "{}", d);
        let Some(line) = d.line else { continue };
        prop_assert!(
            line >= 1 && line <= lines.len(),
            "line {} of {}: {}",
            line,
            lines.len(),
            d
        );
        let col = d.col.unwrap();
        let len = lines[line - 1].chars().count();
        prop_assert!(
            col >= 1 && col <= len + 1,
            "column {} of a line of {} characters ({:?}): {}",
            col,
            len,
            lines[line - 1].chars().take(120).collect::<String>(),
            d
        );
        // A diagnostic prints inert.
        let shown = d.to_string();
        prop_assert!(
            !shown
                .chars()
                .any(|c| (c < ' ' && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c)),
            "{:?}",
            shown
        );
    }
    Ok(())
}

/// Loads mutated text; on success the dossier is sanitised and the
/// explorer opens on it, draws, and takes a few keys.
fn load_mutated(bytes: &[u8]) -> Result<(), TestCaseError> {
    let lossy = String::from_utf8_lossy(bytes);
    let texts: Vec<&str> = match std::str::from_utf8(bytes) {
        Ok(exact) => vec![exact],
        // Not UTF-8: the loader sees the lossy text (load_path would
        // refuse the bytes, which tests/load.rs covers).
        Err(_) => vec![&lossy],
    };
    for text in texts {
        match dossier::load_str("mutated.ron", text) {
            Err(diags) => check_positions(text, &diags)?,
            Ok(loaded) => {
                let json = linkchart::export::json(&loaded.dossier);
                let v: serde_json::Value = serde_json::from_str(&json).unwrap();
                let mut stack = vec![&v];
                while let Some(v) = stack.pop() {
                    match v {
                        serde_json::Value::String(s) => {
                            prop_assert_eq!(&*sanitize(s), s.as_str(), "an unsanitised string")
                        }
                        serde_json::Value::Array(a) => stack.extend(a),
                        serde_json::Value::Object(o) => stack.extend(o.values()),
                        _ => {}
                    }
                }
                let mut m = Model::new(Chart::new(loaded.dossier), None, Theme::mono(), 100, 30);
                let _ = render_buffer(&m);
                for k in parse_keys("Tab j Tab j Enter / a Enter v + y b").unwrap() {
                    m.handle_key(k);
                }
                let _ = render_buffer(&m);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(600))]

    #[test]
    fn mutated_bundled_dossier_never_panics(ms in prop::collection::vec(mutation(), 1..6)) {
        load_mutated(&mutate(BUNDLED, &ms))?;
    }

    #[test]
    fn mutated_second_dossier_never_panics(ms in prop::collection::vec(mutation(), 1..6)) {
        load_mutated(&mutate(SECOND, &ms))?;
    }

    #[test]
    fn mutated_small_dossiers_never_panic(
        which in 0..2usize,
        ms in prop::collection::vec(mutation(), 1..12),
    ) {
        load_mutated(&mutate([HOSTILE, VARIANTS][which], &ms))?;
    }

    /// Text made only of RON tokens: deep in the parser's error paths.
    #[test]
    fn token_soup_never_panics(toks in prop::collection::vec(any::<Index>(), 0..60)) {
        let text: String = toks.iter().map(|t| TOKENS[t.index(TOKENS.len())]).collect();
        load_mutated(text.as_bytes())?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}|(.|\n){0,200}") {
        load_mutated(text.as_bytes())?;
    }
}

// ═══════════════════ a large file parsed in pieces ═══════════════════

/// The text parsed whole and in `n` pieces: the same file, or the same
/// diagnostics (each at its place).
fn same_in_pieces(text: &str, n: usize) -> Result<(), TestCaseError> {
    use linkchart::dossier::{FileInfo, ParsedFile, Pieces};
    use std::borrow::Cow;
    let parse = |p| ParsedFile::from_text_in(FileInfo::memory("cut.ron"), Cow::Borrowed(text), p);
    match (parse(Pieces::One), parse(Pieces::Cut(n))) {
        (Ok(whole), Ok(cut)) => {
            prop_assert_eq!(&whole.dossier, &cut.dossier);
            prop_assert_eq!(whole.written, cut.written);
        }
        (Err(whole), Err(cut)) => prop_assert_eq!(whole, cut),
        (whole, cut) => prop_assert!(
            false,
            "whole: {:?}; in {} pieces: {:?}",
            whole.map(|f| f.dossier.title),
            n,
            cut.map(|f| f.dossier.title)
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(300))]

    /// Cut anywhere a cut is guessed, a dossier (mutated or not, so also
    /// where a guess falls in a string or a mistake in a piece) parses to
    /// exactly what the one-thread parse gives.
    #[test]
    fn a_file_in_pieces_parses_as_it_does_whole(
        which in 0..3usize,
        ms in prop::collection::vec(mutation(), 0..4),
        n in 2..12usize,
    ) {
        let bytes = mutate([BUNDLED, SECOND, VARIANTS][which], &ms);
        let text = String::from_utf8_lossy(&bytes);
        same_in_pieces(&text, n)?;
    }

    /// Items that hold what looks like the start of the next item (a line
    /// `Relation(` after a comma, inside a string or a comment), where
    /// guessed cuts are wrong.
    #[test]
    fn misleading_lines_inside_items(
        at in prop::collection::vec(any::<Index>(), 1..6),
        trap in prop::sample::select(vec![
            "\\\",\n        Relation(\\\"",
            "/* ,\n        Relation( */",
            "// ,\n        Relation(",
            "r#\",\n        Relation(\"#",
        ]),
        n in 2..9usize,
    ) {
        let mut text = BUNDLED.to_string();
        for i in &at {
            // Into a claim's text, just after its opening quote.
            let starts: Vec<usize> = text.match_indices("text: \"").map(|(k, _)| k + 7).collect();
            let k = starts[i.index(starts.len())];
            text.insert_str(k, trap);
        }
        same_in_pieces(&text, n)?;
    }
}

#[test]
fn the_test_dossiers_are_cut_for_real() {
    use linkchart::dossier::locate::cuts;
    for text in [BUNDLED, SECOND] {
        let c = cuts(text, 4).expect("a cut");
        assert_eq!(c.field, "relations");
        assert!(!c.at.is_empty());
    }
}

// ═══════════════════════════ the key notation ═══════════════════════════

/// Names of keys: every named key, F1–F12, and single characters.
const NAMED: &[&str] = &[
    "Enter",
    "Esc",
    "Tab",
    "BackTab",
    "Backspace",
    "Delete",
    "Up",
    "Down",
    "Left",
    "Right",
    "Home",
    "End",
    "PageUp",
    "PageDown",
    "Space",
    "F1",
    "F2",
    "F3",
    "F4",
    "F5",
    "F6",
    "F7",
    "F8",
    "F9",
    "F10",
    "F11",
    "F12",
];

/// One key's name as the notation writes it: `C-` then `A-` then the key.
fn key_name() -> impl Strategy<Value = String> {
    let base = prop_oneof![
        prop::sample::select(NAMED).prop_map(str::to_string),
        // Any character a key can type (whitespace separates keys; Space
        // is its name).
        any::<char>()
            .prop_filter("typable", |c| !c.is_control() && !c.is_whitespace())
            .prop_map(String::from),
        prop::sample::select(&['<', '>', '-', 'C', 'A', 'F'][..]).prop_map(String::from),
    ];
    (any::<bool>(), any::<bool>(), base).prop_map(|(ctrl, alt, b)| {
        format!(
            "{}{}{b}",
            if ctrl { "C-" } else { "" },
            if alt { "A-" } else { "" }
        )
    })
}

proptest! {
    #![proptest_config(cases(3000))]

    /// Anything at all: a result, never a panic; every key parsed shows as
    /// a name that parses back to it.
    #[test]
    fn parse_keys_never_panics(s in "(?s).{0,40}|[<>CAF1-9 a-zEnterscTab-]{0,40}|(<[A-Za-z0-9-]{0,12}>?){0,6}") {
        if let Ok(keys) = parse_keys(&s) {
            for k in keys {
                // Control characters: see parse_keys_refuses_control_characters.
                if k.to_string().chars().any(char::is_control) {
                    continue;
                }
                prop_assert_eq!(Key::parse(&k.to_string()), Ok(k), "{}", k);
            }
        }
    }

    /// Key names joined by any whitespace read back as the same keys, and
    /// show as the same names.
    #[test]
    fn key_names_round_trip(
        names in prop::collection::vec(key_name(), 0..12),
        seps in prop::collection::vec(prop::sample::select(&[" ", "  ", "\t", "\n", " \r\n "][..]), 12),
    ) {
        let mut s = String::new();
        for (i, n) in names.iter().enumerate() {
            s.push_str(n);
            s.push_str(seps[i]);
        }
        let keys = parse_keys(&s).map_err(|e| TestCaseError::fail(format!("{s:?}: {e}")))?;
        let shown: Vec<String> = keys.iter().map(ToString::to_string).collect();
        prop_assert_eq!(&shown, &names, "{:?}", s);
        // And each name alone, with `<…>` inside a token.
        for (n, k) in names.iter().zip(&keys) {
            prop_assert_eq!(Key::parse(n), Ok(*k));
            // `<…>` ends at the first `>`: names holding one are written
            // as tokens of their own.
            if n.chars().count() > 1 && !n.contains('>') {
                prop_assert_eq!(parse_keys(&format!("x<{n}>x")), Ok(vec![Key::char('x'), *k, Key::char('x')]));
            }
        }
    }
}

/// A control character inside a token becomes a key that no name denotes
/// (`Key::parse` refuses it, `Display` writes it raw). Found by the `keys`
/// fuzz target with `; + \0\0- + Esc`.
#[test]
fn parse_keys_refuses_control_characters() {
    for s in ["\0", "a\x1bb", "\u{9b}", "x\x7f"] {
        match parse_keys(s) {
            Err(_) => {}
            Ok(keys) => {
                for k in keys {
                    assert_eq!(Key::parse(&k.to_string()), Ok(k), "{s:?}");
                }
            }
        }
    }
}

// ═════════════════════════════ the explorer ═════════════════════════════

#[derive(Debug, Clone)]
enum Op {
    /// A key bound in some mode (by index into all bound keys).
    Bound(Index),
    /// Any character key, with or without modifiers.
    Char(char, bool, bool),
    Resize(u16, u16),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => any::<Index>().prop_map(Op::Bound),
        3 => (any::<char>(), prop::bool::weighted(0.1), prop::bool::weighted(0.1))
            .prop_map(|(c, ctrl, alt)| Op::Char(c, ctrl, alt)),
        1 => prop_oneof![
            (0..30u16, 0..12u16),
            (30..200u16, 8..70u16),
            (0..1001u16, 0..1001u16),
        ]
        .prop_map(|(w, h)| Op::Resize(w, h)),
    ]
}

/// Every key bound in any mode, once.
fn bound_keys() -> Vec<Key> {
    let km = linkchart::tui::keymap::Keymap::default();
    let mut keys: Vec<Key> = Vec::new();
    for mode in Mode::ALL {
        for b in km.bindings(mode) {
            for k in &b.keys {
                if !keys.contains(k) {
                    keys.push(*k);
                }
            }
        }
    }
    keys
}

/// What must hold after every step.
fn check_model(m: &Model) -> Result<(), TestCaseError> {
    let d = &m.chart.dossier;
    prop_assert!(m.actors.sel < d.actors.len());
    prop_assert!(m.actors.offset <= m.actors.sel);
    if m.rels.is_empty() {
        prop_assert_eq!(m.rel.sel, 0);
    } else {
        prop_assert!(m.rel.sel < m.rels.len());
        prop_assert!(m.rel.offset <= m.rel.sel);
    }
    if m.claims.is_empty() {
        prop_assert_eq!(m.claim, 0);
    } else {
        prop_assert!(m.claim < m.claims.len());
        let r = m
            .selected_relation()
            .expect("claims without a relation")
            .rel;
        prop_assert!(m.claims.iter().all(|&c| c < d.relations[r].claims.len()));
    }
    if let Some(p) = &m.path {
        prop_assert!(p.cur.sel < p.rows.len().max(1));
        prop_assert!(
            p.rows
                .iter()
                .all(|&(c, h)| c < p.chains.len() && h < p.chains[c].hops.len())
        );
    }
    match &m.overlay {
        Overlay::Find(f) | Overlay::Pick(f) => {
            prop_assert!(f.cur.sel < f.hits.len().max(1));
            prop_assert!(f.cur.offset <= f.cur.sel);
            prop_assert!(
                f.hits
                    .iter()
                    .all(|h| h.candidate < m.search.candidates.len())
            );
        }
        Overlay::Sources(s) => {
            prop_assert!(s.cur.sel < d.sources.len());
            prop_assert!(s.cur.offset <= s.cur.sel);
        }
        Overlay::Problems(p) => {
            prop_assert!(p.cur.sel < m.live.problems().len().max(1));
            prop_assert!(p.cur.offset <= p.cur.sel);
        }
        Overlay::Form(f) => {
            prop_assert!(f.focus < f.fields.len());
        }
        Overlay::Help { .. } | Overlay::None => {}
    }
    if let Some(depth) = m.ego_depth {
        prop_assert!((1..=3).contains(&depth));
    }
    if let Some(t) = &m.timeline {
        // The cursor is on a claim row whenever there is one, and every
        // claim row is a visible dated claim, oldest first.
        prop_assert!(t.cur.sel < t.rows.len().max(1));
        prop_assert!(t.rows.is_empty() || t.selected().is_some());
        let mut last = 0;
        for &g in &t.chronology.dated {
            let (r, c) = m.chart.locate(g as usize);
            prop_assert!(m.filter.claim_visible(&m.chart, r, c));
            let first = m.chart.span_of(g as usize).map(|s| s.first);
            prop_assert!(first.is_some_and(|f| f >= last));
            last = first.unwrap_or(last);
        }
    }
    prop_assert!(m.history_pos < m.history.len());
    prop_assert!(m.history.iter().all(|p| p.actor < d.actors.len()));
    Ok(())
}

proptest! {
    #![proptest_config(cases(150))]

    #[test]
    fn random_keys_and_resizes_keep_the_model_consistent(
        which in 0..3usize,
        w in 0..220u16,
        h in 0..80u16,
        ops in prop::collection::vec(op(), 1..120),
    ) {
        let (name, text) = [("bundled", BUNDLED), ("second", SECOND), ("hostile", HOSTILE)][which];
        let loaded = dossier::load_str(name, text).unwrap();
        let mut m = Model::new(Chart::new(loaded.dossier), None, Theme::mono(), w, h);
        let keys = bound_keys();
        for (step, op) in ops.iter().enumerate() {
            let mode = m.mode();
            let key = match op {
                Op::Bound(i) => Some(keys[i.index(keys.len())]),
                Op::Char(c, ctrl, alt) => Some(Key { ctrl: *ctrl, alt: *alt, ..Key::char(*c) }),
                Op::Resize(w, h) => {
                    m.update(Action::Resize(*w, *h));
                    None
                }
            };
            if let Some(k) = key {
                m.handle_key(k);
                if m.quit {
                    let ks = k.to_string();
                    prop_assert!(ks == "C-c" || (ks == "q" && mode == Mode::Main), "{} quit in {:?}", ks, mode);
                    break;
                }
            }
            m.effects.clear();
            check_model(&m)?;
            if step % 4 == 0 || step + 1 == ops.len() {
                let buf = render_buffer(&m);
                prop_assert_eq!(buf.content.len(), m.width as usize * m.height as usize);
            }
        }
    }
}

// ═══════════════════ positions: find_many against scan ═══════════════════

/// `locate::find_many` answers exactly what `locate::scan(src).locate(path)`
/// answers, path by path, on any text: real dossiers, mutated ones, and a
/// soup of RON tokens chosen to trip a skipper (strings with escapes, raw
/// strings, character literals, nested and unclosed comments, `Some(…)`,
/// repeated fields, stray closers, wide and right-to-left characters,
/// Unicode spaces, CRLF, nesting past the scanner's depth limit).
mod find_many {
    use proptest::prelude::*;
    use proptest::sample::Index;

    use super::{HOSTILE, SECOND, TOKENS, VARIANTS, cases};
    use linkchart::dossier::BUNDLED;
    use linkchart::dossier::locate::{Seg, find_many, scan};

    /// Field names the paths ask for: the dossier's, and the soup's.
    const FIELDS: &[&str] = &[
        "title",
        "actors",
        "relations",
        "claims",
        "sources",
        "reports",
        "id",
        "aliases",
        "from",
        "to",
        "label",
        "text",
        "date",
        "a",
        "b",
        "c",
        "Some",
        "r",
        "é",
    ];

    /// Owned path steps (`Seg` borrows its field name).
    #[derive(Debug, Clone, Copy)]
    enum Step {
        F(usize),
        I(usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0..FIELDS.len()).prop_map(Step::F),
            // Mostly small indices, where the items are; now and then far ones.
            prop_oneof![4 => 0..4usize, 1 => 0..40usize].prop_map(Step::I),
        ]
    }

    fn paths() -> impl Strategy<Value = Vec<Vec<Step>>> {
        prop::collection::vec(prop::collection::vec(step(), 0..7), 0..24)
    }

    /// Paths that follow a real dossier's shape, with indices inside or just
    /// past its lists.
    fn dossier_path() -> impl Strategy<Value = Vec<Step>> {
        let f = |name: &str| Step::F(FIELDS.iter().position(|f| *f == name).unwrap());
        let (rel, cl, src, act, id, al) = (
            f("relations"),
            f("claims"),
            f("sources"),
            f("actors"),
            f("id"),
            f("aliases"),
        );
        let leaf = prop::sample::select(vec!["from", "to", "label", "text", "date", "sources"]);
        prop_oneof![
            (0..12usize, 0..6usize, 0..4usize, leaf).prop_map(move |(r, c, s, l)| {
                let mut p = vec![rel, Step::I(r), cl, Step::I(c)];
                p.push(f(l));
                if l == "sources" {
                    p.push(Step::I(s));
                }
                p
            }),
            (0..12usize, 0..3usize).prop_map(move |(a, k)| match k {
                0 => vec![act, Step::I(a)],
                1 => vec![act, Step::I(a), id],
                _ => vec![act, Step::I(a), al, Step::I(0)],
            }),
            (0..8usize).prop_map(move |s| vec![src, Step::I(s), f("id")]),
            (0..12usize).prop_map(move |r| vec![rel, Step::I(r)]),
        ]
    }

    fn segs(p: &[Step]) -> Vec<Seg<'static>> {
        p.iter()
            .map(|s| match *s {
                Step::F(k) => Seg::Field(FIELDS[k]),
                Step::I(i) => Seg::Index(i),
            })
            .collect()
    }

    /// The property: one pass for all paths equals the tree, path by path.
    fn agree(src: &str, paths: &[Vec<Step>]) -> Result<(), TestCaseError> {
        let owned: Vec<Vec<Seg>> = paths.iter().map(|p| segs(p)).collect();
        let refs: Vec<&[Seg]> = owned.iter().map(Vec::as_slice).collect();
        let tree = scan(src);
        let want: Vec<_> = refs.iter().map(|p| tree.locate(p)).collect();
        let got = find_many(src, &refs);
        for ((p, w), g) in refs.iter().zip(&want).zip(&got) {
            prop_assert_eq!(w, g, "path {:?} in {:?}", p, src);
        }
        prop_assert_eq!(got.len(), refs.len());
        Ok(())
    }

    /// Pieces of RON beyond `TOKENS`, and of things that look like it.
    const MORE: &[&str] = &[
        " ",
        "  ",
        "\t",
        "\u{a0}",
        "\u{2028}",
        "\u{3000}",
        "\"x\"",
        "\"a\\\"b\"",
        "\"\\\\\"",
        "\"(\"",
        "\"]\"",
        "\"é\\é\"",
        "'x'",
        "'\\''",
        "'('",
        "r\"x\\\"",
        "r#\"a\"b\"#",
        "r##\"x\"#\"##",
        "r#",
        "r#x",
        "br\"x\"",
        "b\"y\"",
        "b'z'",
        "#[",
        "// c ( [\n",
        "/* a /* b */ c */",
        "/*/",
        "/**/",
        "/",
        "*",
        "Some",
        "Some (",
        "a:",
        "b :",
        "c: ",
        "a",
        "b",
        "c",
        "r",
        "Some:",
        "title:",
        "actors:",
        "relations:",
        "claims:",
        "sources:",
        "id:",
        "aliases:",
        "from:",
        "é:",
        "é",
        "ß",
        "日本",
        "مرحبا",
        "🧨",
        "\u{301}",
        "+2.5e3",
        "_x",
        "x#y",
        ".5",
        "→",
        "@",
        ";",
    ];

    /// One of `TOKENS` or `MORE`.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(TOKENS.iter().chain(MORE).copied().collect::<Vec<_>>())
    }

    fn soup() -> impl Strategy<Value = String> {
        prop::collection::vec(piece(), 0..60).prop_map(|v| v.concat())
    }

    /// A structure, then a soup spliced into it here and there.
    fn nested() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            piece().prop_map(str::to_string),
            Just("\"s\"".to_string()),
            Just("1".to_string()),
        ];
        leaf.prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec((prop::sample::select(FIELDS), inner.clone()), 0..5)
                    .prop_map(|v| {
                        let body: Vec<String> =
                            v.iter().map(|(k, x)| format!("{k}: {x}")).collect();
                        format!("({})", body.join(", "))
                    }),
                prop::collection::vec(inner.clone(), 0..5)
                    .prop_map(|v| format!("[{}]", v.join(", "))),
                inner.clone().prop_map(|x| format!("Some({x})")),
                prop::collection::vec((inner.clone(), inner), 0..3).prop_map(|v| {
                    let body: Vec<String> = v.iter().map(|(k, x)| format!("{k}: {x}")).collect();
                    format!("{{{}}}", body.join(", "))
                }),
            ]
        })
    }

    /// Splices `pieces` into `base` at character boundaries.
    fn splice(base: &str, pieces: &[(Index, &str)]) -> String {
        let mut t = base.to_string();
        for (i, p) in pieces {
            let k = t.floor_char_boundary(i.index(t.len() + 1));
            t.insert_str(k, p);
        }
        t
    }

    fn pieces() -> impl Strategy<Value = Vec<(Index, &'static str)>> {
        prop::collection::vec((any::<Index>(), piece()), 0..6)
    }

    proptest! {
        #![proptest_config(cases(600))]

        #[test]
        fn token_soup(src in soup(), paths in paths()) {
            agree(&src, &paths)?;
        }

        #[test]
        fn nested_structures(src in nested(), extra in pieces(), paths in paths()) {
            agree(&src, &paths)?;
            agree(&splice(&src, &extra), &paths)?;
        }
    }

    proptest! {
        #![proptest_config(cases(120))]

        #[test]
        fn real_dossiers_mutated(
            which in 0..4usize,
            extra in pieces(),
            cut in any::<Index>(),
            truncate in any::<bool>(),
            shaped in prop::collection::vec(dossier_path(), 0..40),
            random in paths(),
        ) {
            let base = [BUNDLED, SECOND, HOSTILE, VARIANTS][which];
            let mut src = splice(base, &extra);
            if truncate {
                let k = src.floor_char_boundary(cut.index(src.len() + 1));
                src.truncate(k);
            }
            let mut all = shaped;
            all.extend(random);
            agree(&src, &all)?;
        }

        /// Past the scanner's depth limit, brackets stop nesting: strings and
        /// brackets there are read as stray characters.
        #[test]
        fn deeper_than_the_limit(
            depth in 250..270usize,
            inner in soup(),
            opener in prop::sample::select(vec!["(", "[", "a: (", "Some(", "{"]),
            paths in paths(),
        ) {
            let src = format!("{}{inner}{}", opener.repeat(depth), ")]}".repeat(depth));
            agree(&src, &paths)?;
            let deep: Vec<Step> = std::iter::repeat_n(Step::I(0), depth + 2).collect();
            agree(&src, &[deep])?;
        }
    }

    #[test]
    fn every_path_of_the_bundled_dossier_at_once() {
        // All the relations' claims' sources, plus actors and sources: many
        // paths into one walk.
        let mut owned: Vec<Vec<Seg>> = Vec::new();
        for r in 0..40 {
            owned.push(vec![Seg::Field("relations"), Seg::Index(r)]);
            for c in 0..6 {
                for s in 0..3 {
                    owned.push(vec![
                        Seg::Field("relations"),
                        Seg::Index(r),
                        Seg::Field("claims"),
                        Seg::Index(c),
                        Seg::Field("sources"),
                        Seg::Index(s),
                    ]);
                }
            }
        }
        for a in 0..30 {
            owned.push(vec![Seg::Field("actors"), Seg::Index(a), Seg::Field("id")]);
        }
        let refs: Vec<&[Seg]> = owned.iter().map(Vec::as_slice).collect();
        let tree = scan(BUNDLED);
        let want: Vec<_> = refs.iter().map(|p| tree.locate(p)).collect();
        assert_eq!(find_many(BUNDLED, &refs), want);
        // Found for real, not only the document's start.
        assert!(want.iter().flatten().any(|p| p.line > 20));
    }
}
