//! The user's keymap file: what it changes in the built-in keymap.
//!
//! The file has the built-in keymap's notation and lists only changes:
//!
//! ```ron
//! (
//!     main: [
//!         (action: Down, keys: ["n", "Down"]),
//!         (action: Up, keys: ["u", "Up"], help: "previous item"),
//!     ],
//! )
//! ```
//!
//! For each mode (the built-in keymap's modes, by name), an entry's `keys`
//! replace the built-in keys of its action in that mode; `help` and `status`
//! replace the built-in ones when given (`status: ""` keeps the action out of
//! the status bar). Modes and actions the file does not name stay as built.
//! Every mistake is a [`Diagnostic`] naming the file, line and column.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::model::keymap::{Key, Keymap, Mode};
use crate::dossier::Diagnostic;
use crate::dossier::diag::suggest;
use crate::dossier::locate::{Pos, Seg, scan};
use crate::sanitize::sanitize;

/// A mode's name as written in the file, checked against the built-in modes.
struct ModeName(Mode);

impl<'de> Deserialize<'de> for ModeName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = Ident::deserialize(d)?.0;
        match Mode::ALL.into_iter().find(|m| m.name() == name) {
            Some(m) => Ok(ModeName(m)),
            None => {
                let names: Vec<String> = Mode::ALL.iter().map(|m| m.name()).collect();
                let hint = suggest(&name, names.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                Err(de::Error::custom(format!(
                    "unknown mode `{name}`; {hint}modes are: {}",
                    names.join(", ")
                )))
            }
        }
    }
}

/// A bare identifier (`Down`), kept as text until the mode is known.
struct Ident(String);

impl<'de> Deserialize<'de> for Ident {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Ident;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name such as `Down`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Ident, E> {
                Ok(Ident(s.to_string()))
            }
        }
        d.deserialize_identifier(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    action: Ident,
    #[serde(default)]
    keys: Option<Vec<String>>,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    status: Option<String>,
}

/// The whole file: modes in the order written.
struct UserFile(Vec<(Mode, Vec<Entry>)>);

impl<'de> Deserialize<'de> for UserFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = UserFile;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("modes such as `(main: [(action: Down, keys: [\"n\"])])`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UserFile, A::Error> {
                let mut modes: Vec<(Mode, Vec<Entry>)> = Vec::new();
                while let Some(ModeName(mode)) = map.next_key()? {
                    if modes.iter().any(|(m, _)| *m == mode) {
                        return Err(de::Error::custom(format!(
                            "mode `{}` is given twice",
                            mode.name()
                        )));
                    }
                    modes.push((mode, map.next_value()?));
                }
                Ok(UserFile(modes))
            }
        }
        d.deserialize_struct("", &[], V)
    }
}

/// The built-in keymap changed by the user's file `text`; `file` names it in
/// messages.
pub fn merge(base: &Keymap, file: &str, text: &str) -> Result<Keymap, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_only_comments(text) {
        return Ok(base.clone());
    }
    let parsed: UserFile = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(crate::dossier::load::MAX_NESTING)
        .from_str(text)
        .map_err(|e| crate::dossier::load::ron_error_in(file, &e, "keymap"))?;
    let tree = scan(text);
    let at = |path: &[Seg], message: String| -> Diagnostic {
        Diagnostic::error(file, message).at_pos(tree.locate(path))
    };
    let mut km = base.clone();
    // Where each changed binding came from: (mode, binding index, entry index).
    let mut changed: Vec<(Mode, usize, usize)> = Vec::new();
    for (mode, entries) in parsed.0 {
        let name = mode.name();
        let mode_field = name.as_str();
        for (i, entry) in entries.into_iter().enumerate() {
            let path = [Seg::Field(mode_field), Seg::Index(i)];
            let action = &entry.action.0;
            let Some(bi) = km
                .bindings(mode)
                .iter()
                .position(|b| &format!("{:?}", b.action) == action)
            else {
                let field = [path[0], path[1], Seg::Field("action")];
                return Err(at(&field, unknown_action(base, mode, action)));
            };
            if let Some(&(_, _, first)) = changed.iter().find(|c| c.0 == mode && c.1 == bi) {
                let field = [path[0], path[1], Seg::Field("action")];
                return Err(at(
                    &field,
                    format!(
                        "action {action} is given twice in {name} (first in entry {})",
                        first + 1
                    ),
                ));
            }
            changed.push((mode, bi, i));
            let b = &mut km.bindings_mut(mode)[bi];
            if let Some(keys) = &entry.keys {
                let mut parsed = Vec::with_capacity(keys.len());
                for (k, s) in keys.iter().enumerate() {
                    let key = Key::parse(s).map_err(|e| {
                        let p = [path[0], path[1], Seg::Field("keys"), Seg::Index(k)];
                        at(&p, format!("{e}; {KEY_NAMES}"))
                    })?;
                    if !parsed.contains(&key) {
                        parsed.push(key);
                    }
                }
                b.keys = parsed;
            }
            // The texts are drawn on screen: no control sequences.
            if let Some(help) = entry.help {
                b.help = sanitize(&help).into_owned();
            }
            if let Some(status) = entry.status {
                b.status = Some(sanitize(&status).into_owned()).filter(|s| !s.is_empty());
            }
        }
    }
    let pos_of_key = |mode: Mode, entry: usize, k: usize| {
        let name = mode.name();
        let path = [
            Seg::Field(&name),
            Seg::Index(entry),
            Seg::Field("keys"),
            Seg::Index(k),
        ];
        tree.locate(&path)
    };
    if let Some((pos, message)) = first_clash(&km, &changed, &pos_of_key) {
        return Err(Diagnostic::error(file, message).at_pos(pos));
    }
    Ok(km)
}

const KEY_NAMES: &str = "a key is one character (`j`, `?`) or Enter, Esc, Tab, BackTab, \
     Backspace, Delete, Up, Down, Left, Right, Home, End, PageUp, PageDown, Space, F1–F12, \
     with `C-` for Ctrl and `A-` for Alt (`C-d`)";

fn unknown_action(base: &Keymap, mode: Mode, action: &str) -> String {
    let name = mode.name();
    let here: Vec<String> = base
        .bindings(mode)
        .iter()
        .map(|b| format!("{:?}", b.action))
        .collect();
    if let Some(s) = suggest(action, here.iter().map(String::as_str)) {
        return format!("unknown action `{action}` in {name}; did you mean `{s}`?");
    }
    let elsewhere: Vec<String> = Mode::ALL
        .into_iter()
        .filter(|&m| {
            base.bindings(m)
                .iter()
                .any(|b| format!("{:?}", b.action) == action)
        })
        .map(Mode::name)
        .collect();
    if !elsewhere.is_empty() {
        return format!(
            "action `{action}` has no keys in {name}, only in {}; actions in {name}: {}",
            elsewhere.join(", "),
            here.join(", ")
        );
    }
    format!(
        "unknown action `{action}` in {name}; actions in {name}: {}",
        here.join(", ")
    )
}

/// A key bound to two actions in one mode. The base keymap has no clash, so
/// at least one of the two bindings was changed by the file: the message
/// points at that one's key (the later one in the file when both were), and
/// the clash earliest in the file is reported.
fn first_clash(
    km: &Keymap,
    changed: &[(Mode, usize, usize)],
    pos_of_key: &dyn Fn(Mode, usize, usize) -> Option<Pos>,
) -> Option<(Option<Pos>, String)> {
    let entry_of = |mode: Mode, bi: usize| {
        changed
            .iter()
            .find(|c| c.0 == mode && c.1 == bi)
            .map(|c| c.2)
    };
    let mut clashes = Vec::new();
    for mode in Mode::ALL {
        let bindings = km.bindings(mode);
        for (a, ba) in bindings.iter().enumerate() {
            for (b, bb) in bindings.iter().enumerate().skip(a + 1) {
                for key in ba.keys.iter().filter(|k| bb.keys.contains(k)) {
                    // The file's side of the clash (the later one if both).
                    let user = [(ba, bb, a), (bb, ba, b)]
                        .into_iter()
                        .filter_map(|(this, other, bi)| {
                            let entry = entry_of(mode, bi)?;
                            let k = this.keys.iter().position(|x| x == key)?;
                            Some((pos_of_key(mode, entry, k), this.action, other.action))
                        })
                        .max_by_key(|u| u.0);
                    if let Some((pos, this, other)) = user {
                        clashes.push((
                            pos,
                            format!(
                                "key `{key}` is bound to both {this:?} and {other:?} in {}",
                                mode.name()
                            ),
                        ));
                    }
                }
            }
        }
    }
    clashes.into_iter().min_by_key(|c| c.0)
}

/// True when `text` holds nothing but whitespace and comments.
fn is_only_comments(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with("//"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::model::action::Action;
    use crate::tui::model::keymap::DEFAULT_KEYMAP;

    fn merged(text: &str) -> Result<Keymap, String> {
        merge(&Keymap::default(), "keymap.ron", text).map_err(|d| d.to_string())
    }

    fn keys(km: &Keymap, mode: Mode, action: Action) -> Vec<String> {
        let b = km.bindings(mode).iter().find(|b| b.action == action);
        b.unwrap().keys.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn keys_replace_the_actions_keys_and_help_and_status_are_inherited() {
        let km = merged("(main: [(action: Down, keys: [\"n\", \"Down\"])])").unwrap();
        let base = Keymap::default();
        assert_eq!(keys(&km, Mode::Main, Action::Down), ["n", "Down"]);
        assert_eq!(km.action(Mode::Main, Key::char('n')), Some(Action::Down));
        // `j` is no longer Down, nor anything else.
        assert_eq!(km.action(Mode::Main, Key::char('j')), None);
        let (b, d) = (&km.bindings(Mode::Main)[0], &base.bindings(Mode::Main)[0]);
        assert_eq!((&b.help, &b.status), (&d.help, &d.status));
        // Everything else, in this mode and the others, is as built.
        for mode in Mode::ALL {
            for (i, (x, y)) in km
                .bindings(mode)
                .iter()
                .zip(base.bindings(mode))
                .enumerate()
            {
                if !(mode == Mode::Main && i == 0) {
                    assert_eq!(x, y, "{mode:?} {i}");
                }
            }
            assert_eq!(km.bindings(mode).len(), base.bindings(mode).len());
        }
        // Down in the other modes still has `j`.
        assert_eq!(keys(&km, Mode::Sources, Action::Down), ["j", "Down"]);
    }

    #[test]
    fn help_and_status_can_be_given_and_status_removed() {
        let km = merged(
            "(sources: [(action: Toggle, help: \"tick\", status: \"\"), (action: Up, status: \"up\")])",
        )
        .unwrap();
        let toggle = &km.bindings(Mode::Sources)[0];
        assert_eq!(toggle.help, "tick");
        assert_eq!(toggle.status, None);
        assert_eq!(
            keys(&km, Mode::Sources, Action::Toggle),
            ["Space"],
            "keys not given: the built-in ones stay"
        );
        let up = km
            .bindings(Mode::Sources)
            .iter()
            .find(|b| b.action == Action::Up)
            .unwrap();
        assert_eq!(up.status.as_deref(), Some("up"));
    }

    #[test]
    fn help_and_status_texts_are_sanitised() {
        let km = merged("(main: [(action: Down, help: \"down\\u{1b}[2J\", status: \"\\u{7}mv\")])")
            .unwrap();
        let b = &km.bindings(Mode::Main)[0];
        assert!(!b.help.contains('\u{1b}'), "{:?}", b.help);
        assert!(!b.status.as_ref().unwrap().contains('\u{7}'));
    }

    #[test]
    fn empty_and_comment_only_files_change_nothing() {
        let base = Keymap::default();
        for text in ["", "\n  \n", "// nothing yet\n", "()", "(main: [])"] {
            let km = merged(text).unwrap();
            for mode in Mode::ALL {
                assert_eq!(km.bindings(mode), base.bindings(mode), "{text:?}");
            }
        }
    }

    #[test]
    fn unknown_action_names_its_place_and_the_closest_action() {
        let e = merged("(\n    main: [\n        (action: Dwon, keys: [\"n\"]),\n    ],\n)")
            .unwrap_err();
        assert_eq!(
            e,
            "keymap.ron:3:18: error: unknown action `Dwon` in main; did you mean `Down`?"
        );
        let e = merged("(main: [(action: Toggle, keys: [\"t\"])])").unwrap_err();
        assert!(
            e.starts_with("keymap.ron:1:18: error: action `Toggle` has no keys in main, only in sources; actions in main: Down, Up,"),
            "{e}"
        );
        let e = merged("(find: [(action: Zzzzzz, keys: [\"t\"])])").unwrap_err();
        assert!(
            e.starts_with("keymap.ron:1:18: error: unknown action `Zzzzzz` in find; actions in find: Confirm, Cancel,"),
            "{e}"
        );
    }

    #[test]
    fn unknown_key_names_its_place() {
        let e = merged("(main: [\n  (action: Down, keys: [\"n\", \"Dwn\"]),\n])").unwrap_err();
        assert!(
            e.starts_with("keymap.ron:2:30: error: unknown key `Dwn`; a key is one character"),
            "{e}"
        );
    }

    #[test]
    fn unknown_mode_names_its_place_and_the_closest_mode() {
        let e = merged("(\n  mian: [(action: Down, keys: [\"n\"])],\n)").unwrap_err();
        assert_eq!(
            e,
            format!(
                "keymap.ron:2:3: error: unknown mode `mian`; did you mean `main`? modes are: {}",
                Mode::ALL.map(Mode::name).join(", ")
            )
        );
    }

    #[test]
    fn conflict_created_by_the_merge_names_the_key_and_both_actions() {
        // `k` is Up's key in the built-in keymap: giving it to Down clashes.
        let e =
            merged("(\n  main: [\n    (action: Down, keys: [\"j\", \"k\"]),\n  ],\n)").unwrap_err();
        assert_eq!(
            e,
            "keymap.ron:3:32: error: key `k` is bound to both Down and Up in main"
        );
        // The same key is fine in another mode, and when Up lets go of it.
        merged("(main: [(action: Down, keys: [\"k\"]), (action: Up, keys: [\"j\"])])").unwrap();
        merged("(help: [(action: Down, keys: [\"x\"])], main: [(action: Up, keys: [\"x\"])])")
            .unwrap();
        // Two changed bindings: the later one is pointed at.
        let e = merged("(main: [(action: Down, keys: [\"x\"]),\n (action: Up, keys: [\"x\"])])")
            .unwrap_err();
        assert_eq!(
            e,
            "keymap.ron:2:22: error: key `x` is bound to both Up and Down in main"
        );
    }

    #[test]
    fn syntax_and_field_mistakes_name_their_place() {
        let e = merged("(main: [(action: Down, kyes: [\"n\"])])").unwrap_err();
        assert!(e.starts_with("keymap.ron:1:"), "{e}");
        assert!(
            e.contains("`kyes`") && e.contains("did you mean `keys`?"),
            "{e}"
        );
        let e = merged("(main: [(action: Down, keys: [\"n\"])]").unwrap_err();
        assert!(e.starts_with("keymap.ron:1:"), "{e}");
        let e = merged("(main: [(action: Down)], main: [])").unwrap_err();
        assert!(e.contains("mode `main` is given twice"), "{e}");
        let e = merged("(main: [(action: Down), (action: Down)])").unwrap_err();
        assert!(
            e.starts_with("keymap.ron:1:34: error: action Down is given twice in main"),
            "{e}"
        );
    }

    #[test]
    fn the_files_modes_are_the_built_in_keymaps() {
        for mode in Mode::ALL {
            assert!(
                DEFAULT_KEYMAP.contains(&format!("\n    {}: [", mode.name())),
                "keymap.ron has no `{}` mode",
                mode.name()
            );
            merged(&format!("({}: [])", mode.name())).unwrap();
        }
    }

    #[test]
    fn an_action_can_be_left_without_keys() {
        let km = merged("(main: [(action: Find, keys: [])])").unwrap();
        assert_eq!(km.action(Mode::Main, Key::char('/')), None);
        let hints = km.status_hints(Mode::Main, crate::tui::model::pane::Pane::Actors);
        assert!(hints.iter().all(|(_, w)| *w != "find"), "{hints:?}");
        assert!(
            hints
                .iter()
                .any(|(k, w)| (k.as_str(), *w) == ("j/k", "move"))
        );
        let km =
            merged("(main: [(action: Down, keys: [\"n\"]), (action: Up, keys: [\"u\"])])").unwrap();
        let hints = km.status_hints(Mode::Main, crate::tui::model::pane::Pane::Actors);
        assert!(
            hints
                .iter()
                .any(|(k, w)| (k.as_str(), *w) == ("n/u", "move")),
            "{hints:?}"
        );
    }
}
