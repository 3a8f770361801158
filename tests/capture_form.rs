//! Capture's forms driven with keys and pastes, headless, on a copy of the
//! test chart (a folder of four files): what they write, where, and what
//! they refuse. The terminal's part (keys and a bracketed paste through
//! tmux, the watcher's reload) is in tests/capture_tmux.rs.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::sync::Arc;

use linkchart::dossier::load_paths;
use linkchart::export::capture::save;
use linkchart::graph::Chart;
use linkchart::tui::Model;
use linkchart::tui::effects;
use linkchart::tui::keymap::{Key, parse_keys};
use linkchart::tui::model::form::{FieldId, FormState};
use linkchart::tui::model::live::Fresh;
use linkchart::tui::model::{Effect, Overlay, Pane};
use linkchart::tui::render::render_text;
use linkchart::tui::theme::Theme;

mod common;

/// A copy of the test chart, and the explorer on it.
struct Desk {
    _dir: tempfile::TempDir,
    folder: PathBuf,
    m: Model,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let folder = common::copy_chart(dir.path());
        let roots = vec![folder.clone()];
        let chart = Chart::from_loaded(load_paths(&roots).unwrap());
        let mut m = Model::new(chart, None, Theme::mono(), 100, 30);
        m.live.files = roots;
        Desk {
            _dir: dir,
            folder,
            m,
        }
    }

    /// Presses `keys` (the notation of `render --keys`), carrying out what
    /// each asks for as the explorer does.
    fn keys(&mut self, keys: &str) {
        for k in parse_keys(keys).unwrap() {
            self.press(k);
        }
    }

    fn press(&mut self, k: Key) {
        self.m.handle_key(k);
        let dir = self.folder.parent().unwrap().to_path_buf();
        effects::run(&mut self.m, &dir, &mut |_| Ok(()));
    }

    /// Types `text` character by character, spaces included.
    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(Key::char(c));
        }
    }

    /// Loads the chart again, as the watcher would after a save.
    fn reload(&mut self) {
        let chart = Chart::from_loaded(load_paths(&self.m.live.files).unwrap());
        let fresh = Fresh::against(Arc::clone(&self.m.chart), chart, Vec::new());
        self.m.reloaded(&[], Ok(fresh));
    }

    fn file(&self, name: &str) -> PathBuf {
        self.folder.join(name)
    }

    /// Every file of the folder and its bytes.
    fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        common::files(&self.folder)
    }

    fn form_open(&self) -> bool {
        matches!(self.m.overlay, Overlay::Form(_))
    }

    /// The open form (the test fails when none is).
    fn form(&self) -> &FormState {
        match &self.m.overlay {
            Overlay::Form(f) => f,
            _ => panic!("no form is open: {}", self.message()),
        }
    }

    fn note(&self) -> String {
        match &self.m.overlay {
            Overlay::Form(f) => f.note.clone().unwrap_or_default(),
            _ => String::new(),
        }
    }

    fn message(&self) -> String {
        self.m.message.clone().unwrap_or_default()
    }
}

const TEXT: &str = "They met \"quietly\" in C:\\Tunis, for $5m — التقى الوفدان";

#[test]
fn a_claim_typed_and_pasted_goes_into_its_file_exactly_and_is_selected() {
    let mut d = Desk::new();
    let before = d.snapshot();
    // GOT's first relation: GOT → GOI, declared in 01-coastal, 02-ledger
    // and analysis.ron.
    d.keys("l a");
    assert!(d.form_open(), "{}", d.message());
    d.type_text(TEXT);
    d.keys("Tab");
    d.type_text("ledger");
    d.keys("Enter");
    // A second source, declared in analysis.ron, which declares the
    // relation too: the first chosen still decides the file.
    d.type_text("desk");
    d.keys("Enter Tab 2 Tab");
    d.type_text("L");
    d.keys("Tab");
    // A quote pasted from a report: line breaks become spaces; a bidi mark
    // and an escape are left out, and the form says so.
    d.m.paste("\u{200f}« نص » \"verbatim\"\r\nsecond line \\ $x\u{1b}[31m");
    assert!(
        d.note().contains("1 line break or tab became a space"),
        "{}",
        d.note()
    );
    assert!(
        d.note()
            .contains("2 control or invisible characters left out"),
        "{}",
        d.note()
    );
    d.keys("Tab");
    d.type_text("¶4");
    d.keys("Tab");
    d.type_text("2024-10");
    let screen = render_text(&d.m);
    assert!(screen.contains("writes to 02-ledger.ron"), "{screen}");
    d.keys("C-s");
    assert!(!d.form_open(), "{}", d.note());
    assert!(
        d.message().contains("added claim on GOT → GOI"),
        "{}",
        d.message()
    );

    // Only 02-ledger.ron changed, by one insertion that is the claim.
    let after = d.snapshot();
    for ((name, a), (_, b)) in before.iter().zip(&after) {
        if name == "02-ledger.ron" {
            let added = common::inserted(a, b);
            assert!(added.contains("Claim("), "{added}");
        } else {
            assert_eq!(a, b, "{name} changed");
        }
    }
    // It loads back exactly.
    d.reload();
    let (r, c) = d.m.selected_claim().expect("the new claim is selected");
    assert_eq!(d.m.focus, Pane::Claims);
    let claim = d.m.chart.claim(r, c);
    assert_eq!(claim.text, TEXT);
    assert_eq!(
        claim.quote.as_deref(),
        Some("« نص » \"verbatim\" second line \\ $x[31m")
    );
    assert_eq!(claim.sources, ["ledger-il", "desk"]);
    assert_eq!(claim.credibility, Some(2));
    assert_eq!(claim.cite.as_deref(), Some("¶4"));
    assert_eq!(claim.date.as_deref(), Some("2024-10"));
    assert!(d.message().contains("u undoes"), "{}", d.message());

    // u puts the file back, byte for byte.
    d.keys("u");
    assert!(d.message().starts_with("undone"), "{}", d.message());
    assert_eq!(d.snapshot(), before);
    d.keys("u");
    assert!(d.message().contains("nothing to undo"), "{}", d.message());
}

#[test]
fn an_empty_form_writes_nothing_and_says_why() {
    let mut d = Desk::new();
    let before = d.snapshot();
    d.keys("l a C-s");
    assert!(d.form_open());
    assert!(
        d.note().starts_with("not saved: text: the text is empty"),
        "{}",
        d.note()
    );
    let f = d.form();
    assert!(f.field(FieldId::Text).unwrap().error.is_some());
    assert!(f.field(FieldId::Sources).unwrap().error.is_some());
    assert_eq!(f.focused().id, FieldId::Text);
    // A bad date, and a source typed but not chosen.
    d.type_text("x");
    d.keys("Tab");
    d.type_text("zzz-no-such");
    d.keys("Tab Tab Tab Tab Tab");
    d.type_text("2023-02-29");
    d.keys("C-s");
    assert!(
        d.note().contains("`zzz-no-such` was typed but not chosen"),
        "{}",
        d.note()
    );
    let screen = render_text(&d.m);
    assert!(screen.contains("✗ not a date"), "{screen}");
    assert_eq!(d.snapshot(), before);
    // Esc asks first, since something was typed; a second Esc discards.
    d.keys("Esc");
    assert!(d.form_open());
    assert!(d.note().contains("Esc again discards"), "{}", d.note());
    d.keys("Esc");
    assert!(!d.form_open());
    assert_eq!(d.message(), "nothing was written");
    assert_eq!(d.snapshot(), before);
    // Nothing typed: Esc closes at once.
    d.keys("a Esc");
    assert!(!d.form_open());
}

#[test]
fn a_file_changed_underneath_gets_the_claim_in_its_current_text() {
    let mut d = Desk::new();
    // GOT → UAE, meetings in Dubai: in 01-coastal.ron only.
    d.keys("l j a");
    assert!(d.form_open(), "{}", d.message());
    d.type_text("More meetings.");
    d.keys("Tab");
    d.type_text("cm-tn");
    d.keys("Enter");
    // Meanwhile, in an editor.
    let path = d.file("01-coastal.ron");
    let edited = format!(
        "// a note added by hand\n{}",
        fs::read_to_string(&path).unwrap()
    );
    fs::write(&path, &edited).unwrap();
    d.keys("C-s");
    assert!(!d.form_open(), "{}", d.note());
    assert!(
        d.message().contains("had changed since the form opened"),
        "{}",
        d.message()
    );
    let now = fs::read_to_string(&path).unwrap();
    assert!(now.starts_with("// a note added by hand\n"));
    assert!(now.contains("More meetings."));
    assert_eq!(
        common::inserted(edited.as_bytes(), now.as_bytes())
            .matches("Claim(")
            .count(),
        1
    );

    // Changed again after the capture: u refuses and leaves it.
    let again = format!("{now}// and another\n");
    fs::write(&path, &again).unwrap();
    d.keys("u");
    assert!(d.message().contains("has changed since"), "{}", d.message());
    assert_eq!(fs::read_to_string(&path).unwrap(), again);
}

/// The explorer writes a form's item on a thread of its own: until the
/// outcome comes back, the form is left as it is (keys, a paste, a second
/// Ctrl-s, Esc change nothing and say why), and the watcher's reload may
/// come before the outcome: the new claim is selected all the same.
#[test]
fn a_save_under_way_holds_the_form_and_its_outcome_selects_the_claim_after_the_reload() {
    let mut d = Desk::new();
    let before = d.snapshot();
    d.keys("l j a");
    d.type_text("Met again.");
    d.keys("Tab");
    d.type_text("cm-tn");
    d.keys("Enter");
    // Ctrl-s, its write not carried out yet, as while the thread runs.
    let mut save_keys = parse_keys("C-s").unwrap();
    let ctrl_s = save_keys.remove(0);
    d.m.handle_key(ctrl_s);
    let job = match std::mem::take(&mut d.m.effects).as_slice() {
        [Effect::Capture(job)] => job.clone(),
        other => panic!("one capture asked for, not {other:?}"),
    };
    assert!(
        d.note().contains("saving to 01-coastal.ron"),
        "{}",
        d.note()
    );
    for k in parse_keys("x Backspace C-s Esc Esc").unwrap() {
        d.m.handle_key(k);
    }
    d.m.paste("pasted");
    assert!(d.m.effects.is_empty(), "{:?}", d.m.effects);
    assert!(d.form_open());
    assert!(
        d.note().contains("answers once it is written"),
        "{}",
        d.note()
    );
    let f = d.form();
    assert_eq!(f.text(FieldId::Text), "Met again.");
    assert_eq!(d.snapshot(), before, "written before the save ran");

    // The write; the watcher's reload; then the outcome.
    let result = save(&job.target, &job.addition, job.stamp);
    assert!(result.is_ok(), "{result:?}");
    d.reload();
    let msg = d.m.captured(result);
    d.m.message = Some(msg);
    assert!(!d.form_open());
    let (r, c) = d.m.selected_claim().expect("the new claim is selected");
    assert_eq!(d.m.chart.claim(r, c).text, "Met again.");
    assert_eq!(d.m.focus, Pane::Claims);
    assert_eq!(
        d.message().matches("u undoes").count(),
        1,
        "{}",
        d.message()
    );

    // u puts the file back, byte for byte.
    d.keys("u");
    assert!(d.message().starts_with("undone"), "{}", d.message());
    assert_eq!(d.snapshot(), before);
}

#[test]
fn a_relation_gone_underneath_is_refused_and_the_form_kept() {
    let mut d = Desk::new();
    d.keys("l j a");
    d.type_text("Kept.");
    d.keys("Tab");
    d.type_text("cm-tn");
    d.keys("Enter");
    let path = d.file("01-coastal.ron");
    let gone = fs::read_to_string(&path)
        .unwrap()
        .replace("meetings in Dubai", "meetings in Doha");
    fs::write(&path, &gone).unwrap();
    d.keys("C-s");
    assert!(d.form_open());
    assert!(d.note().contains("no longer"), "{}", d.note());
    assert_eq!(fs::read_to_string(&path).unwrap(), gone);
    // What was typed is still there.
    let f = d.form();
    assert_eq!(f.text(FieldId::Text), "Kept.");
}

#[test]
fn a_read_only_file_is_refused_before_anything_is_typed() {
    let mut d = Desk::new();
    let path = d.file("01-coastal.ron");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let before = d.snapshot();
    d.keys("l j a");
    assert!(!d.form_open());
    assert!(
        d.message().contains("01-coastal.ron is read-only"),
        "{}",
        d.message()
    );
    // The letters that follow are commands again, not text.
    d.keys("x");
    assert_eq!(d.snapshot(), before);
}

#[test]
fn a_relation_with_a_new_actor_and_a_new_source_goes_to_the_inbox() {
    let mut d = Desk::new();
    let before = d.snapshot();
    // From GOT (the first actor): the other end is a new actor, made in a
    // nested form.
    d.keys("n");
    assert!(d.form_open(), "{}", d.message());
    assert!(render_text(&d.m).contains("writes to inbox.ron (a new file)"));
    d.keys("C-n");
    d.type_text("NEWCO");
    d.keys("Tab");
    d.type_text("Newco Holdings");
    d.keys("Tab O Tab Tab");
    d.type_text("Newco, NC");
    d.keys("C-s");
    assert!(d.form_open(), "back in the relation's form: {}", d.note());
    assert!(
        d.note().contains("added actor NEWCO to inbox.ron"),
        "{}",
        d.note()
    );
    d.keys("Tab");
    d.type_text("supplies");
    d.keys("Tab");
    d.type_text("Newco supplies the ministry.");
    // The source is new too.
    d.keys("Tab C-n");
    d.type_text("tip-1");
    d.keys("Tab");
    d.type_text("A walk-in source");
    d.keys("C-s");
    assert!(d.note().contains("added source tip-1"), "{}", d.note());
    d.keys("C-s");
    assert!(!d.form_open(), "{}", d.note());

    let inbox = fs::read_to_string(d.file("inbox.ron")).unwrap();
    assert!(inbox.starts_with("// A new dossier, written by `linkchart new`."));
    d.reload();
    let c = &d.m.chart;
    let a = c.actor_ix("NEWCO").expect("the new actor");
    assert_eq!(c.dossier.actors[a].name, "Newco Holdings");
    assert_eq!(
        c.dossier.actors[a].kind,
        linkchart::dossier::ActorKind::Organization
    );
    assert_eq!(c.dossier.actors[a].aliases(), ["Newco", "NC"]);
    let (r, _) = d.m.selected_claim().expect("the new claim selected");
    let rel = c.relation(r);
    assert_eq!((rel.from.as_str(), rel.to.as_str()), ("GOT", "NEWCO"));
    assert_eq!(rel.claims[0].sources, ["tip-1"]);
    // Three captures, undone one by one: the folder is as it was.
    d.keys("u u u");
    assert_eq!(d.snapshot(), before);
}

#[test]
fn an_actor_and_a_source_on_their_own() {
    let mut d = Desk::new();
    d.keys("N");
    d.type_text("GOT");
    d.keys("Tab");
    d.type_text("Again");
    d.keys("C-s");
    assert!(d.note().contains("`GOT` is taken"), "{}", d.note());
    d.keys("Tab Tab Tab Tab");
    let screen = render_text(&d.m);
    assert!(screen.contains("Add an actor"), "{screen}");
    // Other kinds are typed.
    d.keys("BackTab BackTab BackTab BackTab C-u");
    d.type_text("ACME");
    d.keys("Tab Tab Up Tab");
    d.type_text("Cartel");
    d.keys("C-s");
    assert!(!d.form_open(), "{}", d.note());
    d.keys("S");
    d.type_text("s-2");
    d.keys("Tab");
    d.type_text("Second source");
    d.keys("Tab Down Tab Tab Down Down Tab Down");
    d.keys("C-s");
    assert!(!d.form_open(), "{}", d.note());
    d.reload();
    let c = &d.m.chart;
    let a = &c.dossier.actors[c.actor_ix("ACME").unwrap()];
    assert_eq!(
        a.kind,
        linkchart::dossier::ActorKind::Other("Cartel".into())
    );
    let s = &c.dossier.sources[c.source_ix("s-2").unwrap()];
    assert_eq!(s.kind, linkchart::dossier::SourceKind::Official);
    assert_eq!(s.reliability, Some(linkchart::dossier::Reliability::B));
    assert_eq!(s.report.as_deref(), Some("coastal-2022"));
}

#[test]
fn a_claim_in_the_actors_pane_or_the_bundled_dossier_is_refused() {
    let mut d = Desk::new();
    d.keys("a");
    assert!(!d.form_open());
    assert!(d.message().contains("relations pane"), "{}", d.message());
    let chart = Chart::from_loaded(linkchart::dossier::load_bundled().unwrap());
    let mut m = Model::new(chart, None, Theme::mono(), 100, 30);
    for k in parse_keys("l a").unwrap() {
        m.handle_key(k);
    }
    assert!(!matches!(m.overlay, Overlay::Form(_)));
    assert!(m.message.unwrap().contains("bundled"));
}

/// The capture keys are rebound like any other in the user's keymap: add a
/// claim on `+`, save on `Ctrl-w`; `a` then does nothing.
#[test]
fn the_capture_keys_can_be_rebound() {
    let mut d = Desk::new();
    let user = r#"(
        main: [(action: AddClaim, keys: ["Z"]), (action: Undo, keys: ["U"])],
        form: [(action: Save, keys: ["F2"])],
    )"#;
    d.m.keymap = linkchart::tui::keymap_user::merge(&d.m.keymap, "keymap.ron", user).unwrap();
    let before = d.snapshot();
    d.keys("l a");
    assert!(!d.form_open(), "`a` still opens the form");
    d.keys("Z");
    assert!(d.form_open(), "{}", d.message());
    d.type_text("Rebound.");
    d.keys("Tab");
    d.type_text("cm-tn");
    d.keys("Enter F2");
    assert!(!d.form_open(), "{}", d.note());
    assert_ne!(d.snapshot(), before);
    d.keys("U");
    assert_eq!(d.snapshot(), before);
}

/// The form at 80×24, as the README shows it.
#[test]
fn the_claim_form_fits_80_by_24() {
    let mut d = Desk::new();
    d.m.update(linkchart::tui::action::Action::Resize(80, 24));
    d.keys("l a");
    d.type_text("Officials met in Tunis.");
    d.keys("Tab");
    d.type_text("led");
    let screen = render_text(&d.m);
    for want in [
        "Add a claim",
        "writes to 01-coastal.ron",
        "text │ Officials met in Tunis.",
        "sources │ led",
        "› ledger-il  Israeli diplomatic source",
        "credibility │",
        "date │",
    ] {
        assert!(screen.contains(want), "`{want}` not in\n{screen}");
    }
    assert!(
        screen.lines().last().unwrap().contains("Ctrl-s save"),
        "{screen}"
    );
}

mod random {
    use super::*;
    use linkchart::tui::keymap::{Keymap, Mode};
    use linkchart::tui::model::form::Value;
    use proptest::prelude::*;
    use proptest::sample::Index;

    #[derive(Debug, Clone)]
    enum Op {
        /// A key the form binds.
        Bound(Index),
        Char(char),
        Paste(String),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            6 => any::<Index>().prop_map(Op::Bound),
            6 => any::<char>().prop_map(Op::Char),
            1 => ".{0,40}".prop_map(Op::Paste),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: common::proptest_cases(64),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Any keys and pastes in any form: no panic, the form stays
        /// consistent, and whatever gets saved leaves a chart that loads,
        /// with every other file byte-identical until then.
        #[test]
        fn any_keys_in_a_form_keep_it_consistent_and_the_chart_loading(
            start in 0..4usize,
            ops in prop::collection::vec(op(), 1..80),
        ) {
            let mut d = Desk::new();
            d.keys(["l a", "n", "N", "S"][start]);
            let keys: Vec<Key> = Keymap::default().bindings(Mode::Form).iter().flat_map(|b| b.keys.clone()).collect();
            for op in &ops {
                if !d.form_open() {
                    break;
                }
                match op {
                    // Not quitting: the test is about the form.
                    Op::Bound(i) => {
                        let k = keys[i.index(keys.len())];
                        if k.to_string() != "C-c" {
                            d.press(k);
                        }
                    }
                    Op::Char(c) => d.press(Key::char(*c)),
                    Op::Paste(s) => d.m.paste(s),
                }
                if let Overlay::Form(f) = &d.m.overlay {
                    prop_assert!(f.focus < f.fields.len());
                    for field in &f.fields {
                        if let Value::Pick { hits, cur, options, chosen, .. } = &field.value {
                            prop_assert!(cur.sel < hits.len().max(1));
                            prop_assert!(hits.iter().chain(chosen).all(|&i| i < options.len()));
                        }
                        if let Value::Choice { options, sel } = &field.value {
                            prop_assert!(*sel < options.len());
                        }
                        // Nothing a terminal would act on gets into a field.
                        prop_assert!(!field.text().chars().any(|c| c.is_control()));
                    }
                }
                let _ = render_text(&d.m);
            }
            let roots = d.m.live.files.clone();
            prop_assert!(load_paths(&roots).is_ok(), "the chart no longer loads");
        }
    }
}

/// Text fields edit like a shell's line: word and line moves, deleting a
/// word, to the start, to the end.
#[test]
fn text_fields_edit_like_a_line() {
    let mut d = Desk::new();
    d.keys("l a");
    // The line as it is, spaces included (what is saved is trimmed).
    let text = |d: &Desk| match &d.m.overlay {
        Overlay::Form(f) => match &f.field(FieldId::Text).unwrap().value {
            linkchart::tui::model::form::Value::Line(i) => i.value().to_string(),
            _ => panic!("the text is not a line"),
        },
        _ => panic!("the form closed"),
    };
    d.type_text("one two three");
    d.keys("C-w");
    assert_eq!(text(&d), "one two ");
    d.keys("Home");
    d.type_text(">");
    d.keys("End");
    d.type_text("four");
    assert_eq!(text(&d), ">one two four");
    // Two words back: before `two`; everything after goes.
    d.keys("A-b A-b C-k");
    assert_eq!(text(&d), ">one ");
    d.keys("C-a Right Delete");
    assert_eq!(text(&d), ">ne ");
    // A word back from the end: before `ne`.
    d.keys("C-e C-Left");
    d.type_text("o");
    assert_eq!(text(&d), ">one ");
    // A word on from the start: before `one`.
    d.keys("C-a C-Right");
    d.type_text("X");
    assert_eq!(text(&d), ">Xone ");
    d.keys("Left Backspace");
    assert_eq!(text(&d), "Xone ");
    d.keys("A-f");
    d.type_text("!");
    assert_eq!(text(&d), "Xone !");
    d.keys("C-e C-u");
    assert_eq!(text(&d), "");
}
