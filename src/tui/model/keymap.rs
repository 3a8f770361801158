//! Keys, their notation, and the keymap that binds them to actions.
//!
//! One notation serves the keymap file, `render --keys`, the help screen and
//! the README: `j`, `G`, `?`, `Enter`, `BackTab`, `C-c`, `F1`, `Space`.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use serde::Deserialize;

use super::action::Action;
use super::pane::Pane;

/// A key press, normalised: Shift is folded into the character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// The key of a terminal event; `None` for releases and repeats we ignore.
    pub fn from_event(e: KeyEvent) -> Option<Key> {
        if e.kind == KeyEventKind::Release {
            return None;
        }
        let code = match e.code {
            KeyCode::Tab if e.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            c => c,
        };
        Some(Key {
            code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        })
    }

    /// The printable character this key types, if any.
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.ctrl && !self.alt && !c.is_control() => Some(c),
            _ => None,
        }
    }

    /// Parses one key name (`j`, `Enter`, `C-c`).
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut rest = s;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            // `C-` and `A-` are modifiers only when something follows them.
            if rest.len() > 2 {
                if let Some(r) = rest.strip_prefix("C-") {
                    ctrl = true;
                    rest = r;
                    continue;
                }
                if let Some(r) = rest.strip_prefix("A-") {
                    alt = true;
                    rest = r;
                    continue;
                }
            }
            break;
        }
        let code = named(rest).ok_or_else(|| format!("unknown key `{s}`"))?;
        Ok(Key { code, ctrl, alt })
    }
}

const NAMES: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("BackTab", KeyCode::BackTab),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Space", KeyCode::Char(' ')),
];

fn named(s: &str) -> Option<KeyCode> {
    if let Some(&(_, code)) = NAMES.iter().find(|(n, _)| *n == s) {
        return Some(code);
    }
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() => Some(KeyCode::Char(c)),
        _ => s
            .strip_prefix('F')
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=12).contains(n))
            .map(KeyCode::F),
    }
}

impl fmt::Display for Key {
    /// The notation, which `Key::parse` reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("C-")?;
        }
        if self.alt {
            f.write_str("A-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            code => match NAMES.iter().find(|(_, c)| *c == code) {
                Some((n, _)) => f.write_str(n),
                None => f.write_str("?"),
            },
        }
    }
}

impl Key {
    /// How the key is shown to people: arrows as arrows, Ctrl spelt out.
    pub fn pretty(&self) -> String {
        let base = match self.code {
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Backspace => "Bksp".to_string(),
            _ => Key {
                ctrl: false,
                alt: false,
                ..*self
            }
            .to_string(),
        };
        let mut s = String::new();
        if self.ctrl {
            s.push_str("Ctrl-");
        }
        if self.alt {
            s.push_str("Alt-");
        }
        s + &base
    }
}

/// Parses a key sequence as `render --keys` takes it.
///
/// Whitespace separates tokens. A token that is a key name of more than one
/// character (`Enter`, `C-c`, `F1`) is that key; any other token is typed
/// character by character, with `<Name>` inside it standing for a named key:
/// `j j Enter`, `/dubai<Enter>`, `s<Space><Esc>`.
pub fn parse_keys(s: &str) -> Result<Vec<Key>, String> {
    let mut keys = Vec::new();
    for token in s.split_whitespace() {
        if token.chars().count() > 1
            && let Ok(k) = Key::parse(token)
        {
            keys.push(k);
            continue;
        }
        let mut rest = token;
        while let Some(c) = rest.chars().next() {
            if c == '<'
                && let Some(end) = rest.find('>')
                && end > 1
            {
                keys.push(Key::parse(&rest[1..end]).map_err(|e| format!("{e} in `{token}`"))?);
                rest = &rest[end + 1..];
                continue;
            }
            if c.is_control() {
                return Err(format!("unknown key {:?} in `{}`", c, token.escape_debug()));
            }
            keys.push(Key::char(c));
            rest = &rest[c.len_utf8()..];
        }
    }
    Ok(keys)
}

/// The modes a key can be pressed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Main,
    Find,
    Sources,
    Help,
    Timeline,
    Problems,
    Form,
    Measures,
}

impl Mode {
    pub const ALL: [Mode; 8] = [
        Mode::Main,
        Mode::Find,
        Mode::Sources,
        Mode::Help,
        Mode::Timeline,
        Mode::Problems,
        Mode::Form,
        Mode::Measures,
    ];

    /// The mode's field name in keymap.ron (`main`, `find`, …): its
    /// variant's name in snake case, so a new mode needs nothing here.
    pub fn name(self) -> String {
        let mut name = String::new();
        for (i, c) in format!("{self:?}").chars().enumerate() {
            if c.is_uppercase() && i > 0 {
                name.push('_');
            }
            name.extend(c.to_lowercase());
        }
        name
    }

    pub fn title(self) -> &'static str {
        match self {
            Mode::Main => "Browsing",
            Mode::Find => "Find",
            Mode::Sources => "Sources panel",
            Mode::Help => "Help",
            Mode::Timeline => "Timeline",
            Mode::Problems => "Problems list",
            Mode::Form => "Forms",
            Mode::Measures => "Measures view",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct BindingDef {
    action: Action,
    keys: Vec<String>,
    help: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    panes: Option<Vec<Pane>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapDef {
    main: Vec<BindingDef>,
    find: Vec<BindingDef>,
    sources: Vec<BindingDef>,
    help: Vec<BindingDef>,
    timeline: Vec<BindingDef>,
    problems: Vec<BindingDef>,
    form: Vec<BindingDef>,
    measures: Vec<BindingDef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub action: Action,
    pub keys: Vec<Key>,
    pub help: String,
    pub status: Option<String>,
    pub panes: Option<Vec<Pane>>,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    modes: [Vec<Binding>; 8],
}

/// The default keymap's text, embedded in the binary.
pub const DEFAULT_KEYMAP: &str = include_str!("keymap.ron");

impl Keymap {
    pub fn parse(text: &str) -> Result<Keymap, String> {
        let def: KeymapDef = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .map_err(|e| format!("keymap: {e}"))?;
        let conv = |defs: Vec<BindingDef>| -> Result<Vec<Binding>, String> {
            defs.into_iter()
                .map(|d| {
                    Ok(Binding {
                        action: d.action,
                        keys: d
                            .keys
                            .iter()
                            .map(|k| Key::parse(k))
                            .collect::<Result<_, _>>()?,
                        help: d.help,
                        status: d.status,
                        panes: d.panes,
                    })
                })
                .collect()
        };
        Ok(Keymap {
            modes: [
                conv(def.main)?,
                conv(def.find)?,
                conv(def.sources)?,
                conv(def.help)?,
                conv(def.timeline)?,
                conv(def.problems)?,
                conv(def.form)?,
                conv(def.measures)?,
            ],
        })
    }

    pub fn bindings(&self, mode: Mode) -> &[Binding] {
        &self.modes[mode as usize]
    }

    pub fn bindings_mut(&mut self, mode: Mode) -> &mut Vec<Binding> {
        &mut self.modes[mode as usize]
    }

    pub fn action(&self, mode: Mode, key: Key) -> Option<Action> {
        self.bindings(mode)
            .iter()
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action)
    }

    /// `(keys, word)` pairs for the status bar in `mode` with `pane` focused.
    pub fn status_hints(&self, mode: Mode, pane: Pane) -> Vec<(String, &str)> {
        self.bindings(mode)
            .iter()
            .filter(|b| b.panes.as_ref().is_none_or(|p| p.contains(&pane)))
            .filter_map(|b| {
                let word = b.status.as_deref()?;
                let first = *b.keys.first()?;
                let up = self
                    .bindings(mode)
                    .iter()
                    .find(|u| u.action == Action::Up)
                    .and_then(|u| u.keys.first().copied());
                let keys = match (b.action, up) {
                    // The pair reads better than either key alone: `j/k`,
                    // and the arrows in their usual order.
                    (Action::Down, Some(up))
                        if first.code == KeyCode::Down && up.code == KeyCode::Up =>
                    {
                        format!("{}/{}", up.pretty(), first.pretty())
                    }
                    (Action::Down, Some(up)) => format!("{}/{}", first.pretty(), up.pretty()),
                    _ => first.pretty(),
                };
                Some((keys, word))
            })
            .collect()
    }
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::parse(DEFAULT_KEYMAP).expect("the embedded keymap parses (tested)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_keymap_parses_without_clashes() {
        let km = Keymap::default();
        for mode in Mode::ALL {
            let mut seen = std::collections::HashSet::new();
            for b in km.bindings(mode) {
                for k in &b.keys {
                    assert!(seen.insert(*k), "{k} bound twice in {mode:?}");
                }
            }
        }
    }

    #[test]
    fn notation_round_trips() {
        for s in [
            "j", "G", "?", "/", "Enter", "BackTab", "C-c", "A-x", "F1", "F12", "Space", "PageDown",
            "-", "C",
        ] {
            assert_eq!(Key::parse(s).unwrap().to_string(), s);
        }
        assert!(Key::parse("Foo").is_err());
        assert!(Key::parse("F13").is_err());
        assert!(Key::parse("").is_err());
    }

    #[test]
    fn key_sequences() {
        let k = parse_keys("j j Enter /dubai<Enter> C-c <Esc>").unwrap();
        let names: Vec<String> = k.iter().map(|k| k.to_string()).collect();
        assert_eq!(
            names,
            [
                "j", "j", "Enter", "/", "d", "u", "b", "a", "i", "Enter", "C-c", "Esc"
            ]
        );
        assert_eq!(parse_keys("a<b").unwrap().len(), 3);
        assert!(parse_keys("<Nope>").is_err());
        assert_eq!(parse_keys("").unwrap(), vec![]);
    }
}
