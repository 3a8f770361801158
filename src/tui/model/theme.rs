//! Styles. The default uses only the 16 named colours plus bold and reverse,
//! so it reads on dark and light terminals alike; with `NO_COLOR` set no
//! colour is ever emitted, only modifiers.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub title: Style,
    pub border: Style,
    pub border_focused: Style,
    /// The cursor row in the focused pane, and in an unfocused one.
    pub cursor: Style,
    pub cursor_unfocused: Style,
    pub dim: Style,
    /// Faint strokes (the neighbourhood's assessment-only relations).
    pub faint: Style,
    pub badge: Style,
    pub arrow: Style,
    /// Matched characters in find results.
    pub matched: Style,
    pub quote: Style,
    pub grade: Style,
    pub meta: Style,
    pub key: Style,
    pub warn: Style,
    pub heading: Style,
    /// With `--changed-since`: marks of what was added and changed, and
    /// claims removed since the revision.
    pub added: Style,
    pub changed: Style,
    pub removed: Style,
}

impl Theme {
    pub fn color() -> Theme {
        Theme {
            title: Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            border: Style::new(),
            border_focused: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            cursor: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            cursor_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            dim: Style::new().add_modifier(Modifier::DIM),
            faint: Style::new().fg(Color::DarkGray),
            badge: Style::new().fg(Color::Magenta),
            arrow: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            matched: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            quote: Style::new().fg(Color::Green).add_modifier(Modifier::ITALIC),
            grade: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            meta: Style::new().fg(Color::Blue),
            key: Style::new().add_modifier(Modifier::BOLD),
            warn: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            heading: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            added: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            changed: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            removed: Style::new().add_modifier(Modifier::DIM | Modifier::CROSSED_OUT),
        }
    }

    /// Modifiers only. crossterm's colour reset also resets attributes, so
    /// this theme must contain no colour at all, not even `Color::Reset`.
    pub fn mono() -> Theme {
        let m = |m: Modifier| Style::new().add_modifier(m);
        Theme {
            title: m(Modifier::BOLD | Modifier::REVERSED),
            border: Style::new(),
            border_focused: m(Modifier::BOLD),
            cursor: m(Modifier::REVERSED | Modifier::BOLD),
            cursor_unfocused: m(Modifier::REVERSED),
            dim: m(Modifier::DIM),
            faint: m(Modifier::DIM),
            badge: Style::new(),
            arrow: m(Modifier::BOLD),
            matched: m(Modifier::BOLD | Modifier::UNDERLINED),
            quote: m(Modifier::ITALIC),
            grade: m(Modifier::BOLD),
            meta: Style::new(),
            key: m(Modifier::BOLD),
            warn: m(Modifier::BOLD),
            heading: m(Modifier::BOLD | Modifier::UNDERLINED),
            added: m(Modifier::BOLD),
            changed: m(Modifier::BOLD),
            removed: m(Modifier::DIM | Modifier::CROSSED_OUT),
        }
    }

    /// `mono` when the `NO_COLOR` convention asks for it (set and non-empty).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::mono(),
            _ => Theme::color(),
        }
    }
}

/// Names every role once: the user's theme file reaches the roles through
/// this list (`Theme::ROLES`, `Theme::role_mut`), and a test checks that it
/// names every field.
macro_rules! roles {
    ($($role:ident),* $(,)?) => {
        impl Theme {
            /// The roles' field names, as the user's theme file names them.
            pub const ROLES: &[&str] = &[$(stringify!($role)),*];

            /// A role by its field name.
            pub fn role_mut(&mut self, name: &str) -> Option<&mut Style> {
                match name {
                    $(stringify!($role) => Some(&mut self.$role),)*
                    _ => None,
                }
            }
        }
    };
}

roles!(
    title,
    border,
    border_focused,
    cursor,
    cursor_unfocused,
    dim,
    faint,
    badge,
    arrow,
    matched,
    quote,
    grade,
    meta,
    key,
    warn,
    heading,
    added,
    changed,
    removed,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_is_listed() {
        // A role added to `Theme` but not to `roles!` could not be themed.
        assert_eq!(
            Theme::ROLES.len() * std::mem::size_of::<Style>(),
            std::mem::size_of::<Theme>(),
            "add the new role to `roles!` in src/tui/model/theme.rs"
        );
        let mut t = Theme::color();
        for r in Theme::ROLES {
            assert!(t.role_mut(r).is_some());
        }
    }
}
